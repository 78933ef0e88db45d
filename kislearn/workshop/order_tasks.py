"""Tasks 7–8 (lessons 07–08): a market buy in the sandbox, handling an API error."""

from __future__ import annotations

from decimal import Decimal

from ..errors import KisApiError, api_error
from .practice import _ErrorBroker, _private_broker
from .result import CheckResult, _call, _is_int, _is_stub, _run, _shown, _stops_here

# -------------------------------------------------------------------------------------------------
# Task 7: a market buy in the sandbox
# -------------------------------------------------------------------------------------------------


_BUY_ACCOUNT = "50010001-01"
_BUY_LABEL = f"샌드박스의 빈 계좌({_BUY_ACCOUNT})"
_OTHER_FEE_LABEL = "매수 수수료율을 0.15%로 바꾼 샌드박스"
_BALANCE_RECIPE = (
    "주문 전과 후에 fetch_balance()['output2'][0]['prvs_rcdl_excc_amt']를 int로 읽어 (후 − 전)을 돌려주세요"
)


def _buy_once(function, costs=None):
    """Run ``buy_and_report`` on a fresh sandbox: ``(answer, crash, orders, after − before)``."""
    with _private_broker(_BUY_ACCOUNT, costs) as (broker, sandbox, app):
        before = int(broker.fetch_balance()["output2"][0]["prvs_rcdl_excc_amt"])
        got, crash = _call(function, broker)
        orders = [order.as_dict() for order in sandbox.orders(app.appkey)]
        after = int(broker.fetch_balance()["output2"][0]["prvs_rcdl_excc_amt"])
    return got, crash, orders, after - before


def check_buy_and_report(buy_and_report) -> CheckResult:
    """Task 7: ``buy_and_report(broker)`` buys ONE share of 012330 at market price on the (empty) account
    and returns the change of ``prvs_rcdl_excc_amt`` (D+2 예수금): after − before, a negative int. It runs
    twice, the second time with another fee rate, so an answer written as a number fails."""

    def body(result, function):
        got, crash, orders, change = _buy_once(function)
        if got is None and not crash and not orders and _is_stub(function):
            result.not_started = True
            return
        if crash:
            result.crash(
                _BUY_LABEL,
                crash,
                "잔고는 broker.fetch_balance()['output2'][0], 주문은 broker.create_market_buy_order('012330', 1)",
            )
            if not orders:
                return  # the function stopped before ordering: nothing more to check
        result.check(
            len(orders) == 1,
            f"주문을 정확히 한 번 냈습니다 (낸 주문: {len(orders)}건)",
            "broker.create_market_buy_order('012330', 1)을 한 번만 부르세요",
            failed=f"주문은 정확히 한 번 내야 합니다 (낸 주문: {len(orders)}건)",
        )
        if orders:
            order = orders[0]
            ok = (order["side"], order["symbol"], order["ORD_DVSN"], order["quantity"]) == ("buy", "012330", "01", 1)
            result.check(
                ok,
                "012330 한 주 시장가(01) 매수",
                f"받은 주문: {order['side']} {order['symbol']} 주문구분 {order['ORD_DVSN']} {order['quantity']}주",
            )
        if crash:
            return  # no answer to compare
        if got is None:
            result.returned_none(_BUY_LABEL)
            return
        if not _check_change(result, got, change):
            return  # the run with other fees would only repeat the same mistake
        _check_other_fees(result, function, got, change)

    return _run(7, body, buy_and_report, checks=4)


def _check_change(result: CheckResult, got, change: int) -> bool:
    hint = _BALANCE_RECIPE
    if got == -change:
        hint = "부호가 반대입니다: 돈이 나갔으니 (후 − 전)은 음수입니다"
    elif isinstance(got, str):
        hint = "문자열이 아니라 int로 바꿔 계산하세요"
    ok = _is_int(got) and got == change
    return result.check(
        ok, "D+2 예수금 변화 = 후 − 전 (매수금액 + 수수료만큼 줄어듦)" + ("" if ok else f" (받은 값: {got!r})"), hint
    )


def _check_other_fees(result: CheckResult, function, first: int, first_change: int) -> None:
    """The same order where the fee is ten times higher: the answer must follow the balance."""
    from ..sandbox import TradingCosts

    got, crash, orders, change = _buy_once(function, TradingCosts(buy_fee_rate=Decimal("0.0015")))
    if crash:
        result.crash(_OTHER_FEE_LABEL, crash, _BALANCE_RECIPE)
        return
    ok = _is_int(got) and got == change and len(orders) == 1
    if got == first and change != first_change:
        text = f"{_OTHER_FEE_LABEL}에서도 같은 값 {first!r}을 돌려줍니다 (수수료가 달라 후 − 전이 다릅니다)"
        hint = f"숫자를 직접 적지 말고 주문 전후 잔고에서 계산하세요: {_BALANCE_RECIPE}"
    else:
        text = f"{_OTHER_FEE_LABEL}에서도 D+2 예수금 변화 = 후 − 전"
        if not ok:
            text += f" (받은 값: {got!r}, 낸 주문: {len(orders)}건)"
        hint = _BALANCE_RECIPE
    result.check(ok, text, hint)


# -------------------------------------------------------------------------------------------------
# Task 8: handle an API error
# -------------------------------------------------------------------------------------------------


_MSG_CD_RECIPE = "except kislearn.KisApiError as error: return error.msg_cd"


def check_balance_or_code(balance_or_code) -> CheckResult:
    """Task 8: ``balance_or_code(broker)`` → ``broker.fetch_balance()``, or the ``msg_cd`` of a
    :class:`~kislearn.KisApiError`; any other error (a bug) is not swallowed."""

    def body(result, function):
        account_error = api_error("OPSQ2000", "INVALID_CHECK_ACNO", status=500)
        got, crash = _call(function, _ErrorBroker(account_error))
        if _stops_here(result, function, "계좌번호 오류", got, crash):
            return
        first_ok = _check_code(result, "계좌번호 오류", account_error, got, crash, _MSG_CD_RECIPE)
        other_part = "" if first_ok or crash else _wrong_part_hint(got, account_error)
        rate_error = api_error("EGW00201", "초당 거래건수를 초과하였습니다.", status=500)
        got, crash = _call(function, _ErrorBroker(rate_error))
        hint = other_part or _MSG_CD_RECIPE
        if first_ok:
            hint = "RateLimitError도 KisApiError의 한 종류입니다: except kislearn.KisApiError 하나로 잡힙니다"
        _check_code(result, "초당 호출 초과(RateLimitError)", rate_error, got, crash, hint)
        _check_balance_passes(result, function)
        _check_bug_not_swallowed(result, function)

    return _run(8, body, balance_or_code, checks=4)


def _wrong_part_hint(got, error: KisApiError) -> str:
    """The hint when ``got`` is the error itself or another part of it than ``msg_cd`` ('' otherwise)."""
    if isinstance(got, BaseException):
        return "예외 객체가 아니라 error.msg_cd(문자열)를 돌려주세요: return error.msg_cd"
    if isinstance(got, (str, int)) and got in (error.msg1, str(error), error.hint, error.status):
        return "msg_cd(코드)를 돌려주세요. msg1은 메시지입니다: return error.msg_cd"
    return ""


def _check_code(result: CheckResult, label: str, error: KisApiError, got, crash: str, hint: str) -> bool:
    """One KIS error: the function must return its ``msg_cd``."""
    text = f"{label} → {error.msg_cd!r}"
    if crash:
        result.crash(label, crash, hint)
        return False
    ok = got == error.msg_cd
    if not ok:
        hint = _wrong_part_hint(got, error) or hint
    shown = f"{type(got).__name__} 예외 객체" if isinstance(got, BaseException) else _shown(got)
    return result.check(ok, text + ("" if ok else f" (받은 값: {shown})"), hint)


def _check_balance_passes(result: CheckResult, function) -> None:
    balance = {"output1": [], "output2": [{"tot_evlu_amt": "10000000"}]}
    label = "성공하면 잔고 dict를 그대로 돌려줍니다"
    hint = "try 안에서 return broker.fetch_balance()"
    got, crash = _call(function, _ErrorBroker(balance))
    if crash:
        result.crash("오류 없는 잔고 조회", crash, hint)
    else:
        ok = got is balance or got == balance
        result.check(ok, label + ("" if ok else f" (받은 값: {_shown(got)})"), hint)


def _check_bug_not_swallowed(result: CheckResult, function) -> None:
    try:
        got = function(_ErrorBroker(ZeroDivisionError("division by zero")))
    except ZeroDivisionError:
        result.check(True, "API 오류가 아닌 버그(ZeroDivisionError)는 삼키지 않습니다")
    except Exception as error:  # noqa: BLE001
        result.check(
            False,
            f"ZeroDivisionError 대신 {type(error).__name__} 예외가 올라왔습니다",
            "KisApiError가 아닌 예외는 잡지도 바꾸지도 말고 그대로 두세요",
        )
    else:
        result.check(
            False,
            f"ZeroDivisionError를 삼켰습니다 (돌려준 값: {_shown(got)})",
            "except Exception은 버그까지 숨깁니다. except kislearn.KisApiError만 잡으세요",
        )
