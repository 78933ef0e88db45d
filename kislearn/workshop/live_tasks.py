"""The workshop's tasks for lessons 14–15: reading a real-time trade frame, and an order sent once even when its
answer is lost."""

from __future__ import annotations

from datetime import date

from .practice import _LostAnswers, _private_broker
from .result import CheckResult, _call, _is_int, _is_stub, _run, _shown, _stops_here

FRAME_TASK = 11  # read_trades (14_realtime)
ONCE_TASK = 12  # buy_once (15_first_bot)

# -------------------------------------------------------------------------------------------------
# Task: the trades of a 실시간체결가 (H0STCNT0) frame
# -------------------------------------------------------------------------------------------------

_TRADE = "H0STCNT0"
_DAY = date(2026, 11, 20)  # the sample day: the sandbox's market makes its trades from the sample files
_FIELDS_RECIPE = (
    "frame.split('|')의 네 번째 부분을 '^'로 나누고, catalog.find('H0STCNT0').response_fields의 순서로 이름을 붙이세요"
)


def _frames():
    """Real frames of the sandbox's feed, made without a network: ``{label: (frame, expected)}``, ``expected``
    the trades as ``(HHMMSS, price, quantity)`` from the market's own path."""
    from ..realtime_format import data_frame
    from ..sandbox.market import Market
    from ..sandbox.realtime.records import RECORD_MAKERS
    from ..sandbox.realtime.tape import TapeLibrary

    tapes = TapeLibrary(Market.from_sample_data())

    def frame(symbol: str, first: int, count: int):
        tape = tapes.get(symbol, _DAY)
        indexes = range(first, first + count)
        records = [tape.record_text(_TRADE, i, RECORD_MAKERS[_TRADE]) for i in indexes]
        expected = [(tape.time_of(i).strftime("%H%M%S"), tape.path.prices[i], tape.path.quantities[i]) for i in indexes]
        return data_frame(_TRADE, records), expected

    samsung = tapes.get("005930", _DAY)
    ten = next(i for i in range(len(samsung)) if samsung.time_of(i).hour >= 10)
    return {
        "삼성전자 체결 한 건(레코드 수 001)": frame("005930", ten, 1),
        "장 시작 09:00:00의 첫 체결": frame("005930", 0, 1),
        "SK하이닉스 체결 세 건이 한 프레임에(레코드 수 003)": frame("000660", 200, 3),
    }


def check_read_trades(read_trades) -> CheckResult:
    """``read_trades(frame)``: every record of a ``0|H0STCNT0|NNN|...`` frame as ``(체결 시간 text, 현재가 int,
    체결 거래량 int)``, in the frame's order."""

    def body(result, function):
        cases = list(_frames().items())
        label, (frame, expected) = cases[0]
        got, crash = _call(function, frame)
        if _stops_here(result, function, label, got, crash):
            return
        _check_frame(result, label, got, crash, expected)
        if not crash and got is not None:
            _check_types(result, got)
        for label, (frame, expected) in cases[1:]:
            got, crash = _call(function, frame)
            _check_frame(result, label, got, crash, expected)

    return _run(FRAME_TASK, body, read_trades, checks=4)


def _check_frame(result: CheckResult, label: str, got, crash: str, expected: list) -> None:
    if crash:
        result.crash(label, crash, _FIELDS_RECIPE)
        return
    rows = [tuple(row) for row in got] if isinstance(got, (list, tuple)) else None
    ok = rows == expected
    hint = _FIELDS_RECIPE
    if rows is None:
        hint = "튜플 (체결 시간, 현재가, 체결 거래량)의 list를 돌려주세요"
    elif len(rows) != len(expected):
        hint = f"레코드 수(세 번째 부분, 여기서는 {len(expected):03d})만큼 46개씩 잘라 한 건씩 읽으세요"
    elif rows and len(rows[0]) == 3 and not isinstance(rows[0][0], str):
        hint = "체결 시간은 글자 그대로 두세요: int로 바꾸면 '090000'의 앞 0이 사라집니다"
    elif rows and [tuple(map(str, row)) for row in rows] == [tuple(map(str, row)) for row in expected]:
        hint = "현재가와 체결 거래량은 int()로 바꾸세요"
    text = f"{label} → {len(expected)}건" + ("" if ok else f" (받은 값: {_shown(got)})")
    result.check(ok, text, hint)


def _check_types(result: CheckResult, got) -> None:
    first = tuple(got[0]) if len(got) else ()
    ok = len(first) == 3 and isinstance(first[0], str) and _is_int(first[1]) and _is_int(first[2])
    kinds = ", ".join(type(value).__name__ for value in first)
    result.check(
        ok,
        "체결 시간은 글자(str), 현재가·체결 거래량은 정수(int)" + ("" if ok else f" (받은 것: {kinds or '빈 값'})"),
        "STCK_CNTG_HOUR는 글자 그대로, STCK_PRPR과 CNTG_VOL은 int(...)",
    )


# -------------------------------------------------------------------------------------------------
# Task: an order sent once, even when its answer is lost
# -------------------------------------------------------------------------------------------------

_ACCOUNT = "50010001-01"
_ONCE_RECIPE = "except kislearn.OrderMaybePlacedError:에서는 다시 보내지 말고 find_order('buy', 5)의 값(주문번호 또는 None)을 돌려주세요"


def _buy_on(function, lose):
    """Run ``buy_once(broker, find_order)`` on a fresh sandbox at 10:00; ``lose`` None (answers arrive), "after"
    (the order arrives, its answer is lost) or "before" (the request is lost). ``(got, crash, orders)``."""
    with _private_broker(_ACCOUNT, clock="fixed@2026-11-20T10:00", broker_class=_LostAnswers) as (broker, box, app):
        broker.lose = lose
        got, crash = _call(function, broker, broker.find_order)
        orders = [order.as_dict() for order in box.orders(app.appkey)]
    return got, crash, orders


def check_buy_once(buy_once) -> CheckResult:
    """``buy_once(broker, find_order)``: buy 5 shares of 005930 at market price ONCE and return the order number;
    when the answer is lost (:class:`~kislearn.errors.OrderMaybePlacedError`) return ``find_order("buy", 5)``
    instead of sending it again (None when the order never arrived)."""

    def body(result, function):
        label = "답이 제대로 오는 주문"
        got, crash, orders = _buy_on(function, None)
        if got is None and not crash and not orders and _is_stub(function):
            result.not_started = True
            return
        if crash:
            result.crash(label, crash, "broker.create_market_buy_order('005930', 5)['output']['ODNO']")
        elif got is None:
            result.returned_none(label)
        else:
            ok = len(orders) == 1 and got == orders[0]["ODNO"] and orders[0]["quantity"] == 5
            what = _orders_text(orders)
            result.check(
                ok,
                f"{label}: 한 번 주문하고 주문번호를 돌려줍니다" + ("" if ok else f" (받은 값: {_shown(got)}, {what})"),
                "005930 5주 시장가 매수 한 번: broker.create_market_buy_order('005930', 5)['output']['ODNO']",
            )
        _check_lost(result, function, "after", "주문은 들어갔는데 답을 잃어버린 경우")
        _check_lost(result, function, "before", "주문이 서버에 닿지 못한 경우")

    return _run(ONCE_TASK, body, buy_once, checks=3)


def _check_lost(result: CheckResult, function, lose: str, label: str) -> None:
    got, crash, orders = _buy_on(function, lose)
    if len(orders) > 1:
        result.check(False, f"{label}: 주문을 {len(orders)}번 보냈습니다 (두 번 산 것)", _ONCE_RECIPE)
        return
    if crash:
        hint = _ONCE_RECIPE
        if "OrderTimeoutError" in crash or "OrderMaybePlacedError" in crash:
            hint = "답을 못 받은 주문은 OrderMaybePlacedError(OrderTimeoutError도 그 한 종류)로 옵니다: " + _ONCE_RECIPE
        result.crash(label, crash, hint)
        return
    if lose == "after":
        ok = len(orders) == 1 and got == orders[0]["ODNO"]
        text = f"{label}: 다시 보내지 않고 찾은 주문번호를 돌려줍니다"
    else:
        ok = not orders and got is None
        text = f"{label}: 다시 보내지 않고 None을 돌려줍니다 (찾은 주문이 없음)"
    if not orders and lose == "before" and got is not None:
        text += f" (받은 값: {_shown(got)})"
    elif not ok:
        text += f" (받은 값: {_shown(got)}, {_orders_text(orders)})"
    result.check(ok, text, _ONCE_RECIPE)


def _orders_text(orders: list) -> str:
    if not orders:
        return "낸 주문 없음"
    return "낸 주문: " + ", ".join(f"{o['side']} {o['symbol']} {o['quantity']}주" for o in orders)
