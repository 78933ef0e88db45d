"""Tasks 9–10 (lessons 12–13): a moving average of daily bars, cancelling a resting order."""

from __future__ import annotations

import copy
import numbers

import pandas as pd

from .practice import _private_broker
from .result import CheckResult, _call, _run, _shown, _stops_here

# -------------------------------------------------------------------------------------------------
# Task 9: the N-day moving average of a 국내주식기간별시세 answer
# -------------------------------------------------------------------------------------------------

# Trading days of November 2026 (a Monday to a Friday, no holiday) and made-up closes: the checker's own answers
_DAYS = [f"202611{day:02d}" for day in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16, 17, 18, 19, 20)]
_CLOSES = [97800, 98900, 97700, 96500, 94900, 93800, 94000, 94700, 94900, 100200, 97400, 97800, 98700, 97400, 99100]
_AVERAGE_RECIPE = (
    "날짜를 인덱스로(pd.to_datetime(..., format='%Y%m%d')), 종가를 int로 바꾸고, "
    ".sort_index().rolling(days).mean()으로 평균을 내세요"
)


def _chart_answer(count: int) -> dict:
    """A 국내주식기간별시세 answer of the last ``count`` days, shaped like KIS's: strings, newest first."""
    rows = [
        {
            "stck_bsop_date": day,
            "stck_clpr": str(close),
            "stck_oprc": str(close - 300),
            "stck_hgpr": str(close + 500),
            "stck_lwpr": str(close - 600),
            "acml_vol": str(10_000_000 + 1_000 * index),
        }
        for index, (day, close) in enumerate(zip(_DAYS[-count:], _CLOSES[-count:], strict=True))
    ]
    return {"rt_cd": "0", "output1": {"stck_prpr": rows[-1]["stck_clpr"]}, "output2": rows[::-1]}


def _expected_average(answer: dict, days: int) -> pd.Series:
    rows = answer["output2"]
    dates = pd.to_datetime([row["stck_bsop_date"] for row in rows], format="%Y%m%d")
    return pd.Series([int(row["stck_clpr"]) for row in rows], index=dates).sort_index().rolling(days).mean()


def _same_values(got: pd.Series, expected: pd.Series) -> bool:
    try:
        values = pd.to_numeric(pd.Series(list(got)), errors="raise").astype("float64")
    except (TypeError, ValueError):
        return False
    want = pd.Series(list(expected), dtype="float64")
    return len(values) == len(want) and bool(((values - want).abs() < 1e-6).where(want.notna(), values.isna()).all())


def check_moving_average(moving_average) -> CheckResult:
    """Task 9: ``moving_average(answer, days)`` → the ``days``-day average of 종가 (``stck_clpr``) as a pandas
    Series indexed by date (a DatetimeIndex, oldest first); the first ``days - 1`` values are NaN."""

    def body(result, function):
        answer = _chart_answer(12)
        sent = copy.deepcopy(answer)
        got, crash = _call(function, sent, 5)
        case = "일봉 12개, 5일 평균"
        if _stops_here(result, function, case, got, crash):
            return
        if crash:
            hint = _AVERAGE_RECIPE
            if "numeric" in crash or "str" in crash or "object" in crash:
                hint = "종가는 문자열입니다: .astype('int64')로 숫자로 바꾼 뒤 평균을 내세요"
            result.crash(case, crash, hint)
            return
        if not result.check(
            isinstance(got, pd.Series),
            "pandas Series를 돌려줍니다",
            "표 전체가 아니라 평균 한 열만 돌려주세요: 종가 Series의 .rolling(days).mean()",
            failed=f"pandas Series를 돌려줘야 합니다 (받은 것: {type(got).__name__})",
        ):
            return
        _check_index(result, got, _expected_average(answer, 5))
        _check_average(result, case, got, answer, 5)
        other = _chart_answer(8)
        got, crash = _call(function, other, 3)
        if crash:
            result.crash("일봉 8개, 3일 평균", crash, _AVERAGE_RECIPE)
        else:
            _check_average(result, "일봉 8개, 3일 평균", got, other, 3)

    return _run(9, body, moving_average, checks=4)


def _check_index(result: CheckResult, got: pd.Series, expected: pd.Series) -> None:
    ok = isinstance(got.index, pd.DatetimeIndex) and list(got.index) == list(expected.index)
    hint = _AVERAGE_RECIPE
    if not isinstance(got.index, pd.DatetimeIndex):
        hint = "인덱스를 날짜로: pd.to_datetime(frame['stck_bsop_date'], format='%Y%m%d')"
    elif list(got.index) == list(expected.index[::-1]):
        hint = "응답의 output2는 최근 봉부터 옵니다: .sort_index()로 오래된 것부터 놓으세요"
    shown = "" if ok else f" (받은 첫 인덱스: {_label(got.index[0] if len(got.index) else None)})"
    result.check(ok, "인덱스는 날짜(DatetimeIndex), 오래된 것부터" + shown, hint)


def _check_average(result: CheckResult, case: str, got, answer: dict, days: int) -> None:
    expected = _expected_average(answer, days)
    ok = isinstance(got, pd.Series) and _same_values(got, expected)
    hint = _AVERAGE_RECIPE
    if isinstance(got, pd.Series) and _same_values(got.reset_index(drop=True), _reversed_average(answer, days)):
        hint = "최근 것부터 놓인 채로 평균을 냈습니다: .sort_index()로 오래된 것부터 놓은 뒤 .rolling(days).mean()"
    elif isinstance(got, pd.Series) and len(got) == len(expected) and got.isna().sum() != days - 1:
        hint = f"처음 {days - 1}개는 평균을 낼 {days}일이 모이지 않아 NaN입니다: .rolling(days).mean() 그대로 두세요"
    text = f"{case}: 값이 맞습니다"
    if not ok and isinstance(got, pd.Series):
        last = _label(got.iloc[-1]) if len(got) else "없음"
        text = f"{case}: 값이 다릅니다 (마지막 값: 받은 것 {last}, 맞는 값 {_label(expected.iloc[-1])})"
    result.check(ok, text, hint)


def _label(value) -> str:
    """A value as the learner would write it: a date as 2026-11-20, a number as 98,080.0, anything else as repr."""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{float(value):,.1f}"
    return _shown(value)


def _reversed_average(answer: dict, days: int) -> pd.Series:
    """What comes out when the rolling window runs over the rows newest first (a forgotten sort)."""
    return pd.Series([int(row["stck_clpr"]) for row in answer["output2"]], dtype="float64").rolling(days).mean()


# -------------------------------------------------------------------------------------------------
# Task 10: cancel what is left of a resting order
# -------------------------------------------------------------------------------------------------

_CANCEL_ACCOUNT = "50010001-01"
_CANCEL_RECIPE = (
    "broker.request('주식주문(정정취소)', KRX_FWDG_ORD_ORGNO=order['KRX_FWDG_ORD_ORGNO'], ORGN_ODNO=order['ODNO'], "
    "ORD_DVSN='00', RVSE_CNCL_DVSN_CD='02', ORD_QTY='0', ORD_UNPR='0', QTY_ALL_ORD_YN='Y')"
)
# Resting limit buys (below the sandbox's last price of 97,400 won) placed before the learner's function runs
_RESTING = [(96_000, 5), (95_000, 3), (94_000, 2)]


def _cancel_once(function, count: int, target: int):
    """Place ``count`` resting orders on a fresh sandbox, hand the learner order number ``target`` (0-based):
    ``(answer, crash, orders before, orders after)`` — the sandbox's order records as dicts."""
    with _private_broker(_CANCEL_ACCOUNT) as (broker, sandbox, app):
        placed = [broker.create_limit_buy_order("005930", price, qty)["output"] for price, qty in _RESTING[:count]]
        got, crash = _call(function, broker, dict(placed[target]))
        after = [order.as_dict() for order in sandbox.orders(app.appkey)]
    return got, crash, placed, after


def check_cancel_order(cancel_order) -> CheckResult:
    """Task 10: ``cancel_order(broker, order)`` cancels everything left of ``order`` (the ``output`` of an order
    answer: KRX_FWDG_ORD_ORGNO, ODNO, ORD_TMD) with ONE 주식주문(정정취소) request and returns the cancellation's
    new order number (its answer's ``output["ODNO"]``). Run twice, on another order the second time."""

    def body(result, function):
        got, crash, placed, after = _cancel_once(function, 2, 1)
        case = "미체결 주문 2개 중 두 번째"
        new_orders = after[len(placed) :]
        if got is None and not crash and not new_orders and _stops_here(result, function, case, got, crash):
            return
        if crash:
            result.crash(case, crash, _CANCEL_RECIPE)
        target, other = after[1], after[0]
        result.check(
            target["status"] == "취소",
            "넘겨받은 주문의 남은 수량을 모두 취소했습니다",
            "RVSE_CNCL_DVSN_CD는 '02'(취소), 남은 수량 전부는 QTY_ALL_ORD_YN='Y'와 ORD_QTY='0'입니다",
            failed=f"넘겨받은 주문을 취소하지 않았습니다 (그 주문의 상태: {target['status']})",
        )
        result.check(
            other["status"] == "미체결",
            "다른 주문은 그대로 둡니다",
            "주문번호를 적어 넣지 말고 넘겨받은 order['ODNO']와 order['KRX_FWDG_ORD_ORGNO']를 쓰세요",
            failed=f"다른 주문까지 건드렸습니다 (다른 주문의 상태: {other['status']})",
        )
        result.check(
            len(new_orders) == 1,
            f"정정취소 주문을 한 번 보냈습니다 (보낸 정정·취소 주문: {len(new_orders)}건)",
            "broker.request('주식주문(정정취소)', ...)를 한 번만 부르세요",
            failed=f"정정취소 주문은 한 번 보내야 합니다 (보낸 정정·취소 주문: {len(new_orders)}건)",
        )
        if crash:
            return
        _check_returned_odno(result, case, got, new_orders)
        got, crash, placed, after = _cancel_once(function, 3, 0)
        label = "미체결 주문 3개 중 첫 번째"
        if crash:
            result.crash(label, crash, _CANCEL_RECIPE)
            return
        new_orders = after[len(placed) :]
        statuses = [order["status"] for order in after[: len(placed)]]
        ok = statuses == ["취소", "미체결", "미체결"] and len(new_orders) == 1 and got == new_orders[0]["ODNO"]
        result.check(
            ok,
            f"{label}도 그 주문만 취소하고 새 주문번호를 돌려줍니다",
            "주문번호를 적어 넣지 말고 넘겨받은 order의 값을 쓰세요: " + _CANCEL_RECIPE,
            failed=f"{label}에서는 그 주문만 취소하고 새 주문번호를 돌려줘야 합니다 "
            f"(주문 상태: {', '.join(statuses)}, 돌려준 값: {_shown(got)})",
        )

    return _run(10, body, cancel_order, checks=5)


def _check_returned_odno(result: CheckResult, case: str, got, new_orders: list) -> None:
    wanted = new_orders[0]["ODNO"] if new_orders else None
    hint = "취소 주문의 응답 answer['output']['ODNO'](새 주문번호, 문자열)를 돌려주세요"
    if isinstance(got, dict):
        hint = "응답 dict 전체가 아니라 answer['output']['ODNO']를 돌려주세요"
    elif got is not None and wanted is not None and got != wanted and isinstance(got, str):
        hint = "원주문번호가 아니라, 취소 주문이 새로 받은 주문번호(answer['output']['ODNO'])입니다"
    ok = wanted is not None and got == wanted
    result.check(
        ok,
        f"{case}: 취소 주문의 새 주문번호를 돌려줍니다",
        hint,
        failed=f"{case}: 취소 주문의 새 주문번호를 돌려줘야 합니다 (받은 값: {_shown(got)})",
    )
