"""Fills against the path (the sandbox's fill model) and when KIS takes orders."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from kislearn.sandbox.market import Market
from kislearn.sandbox.market.fills import crosses, day_end, immediate_fill, is_marketable, resting_fills
from kislearn.sandbox.market.order_hours import order_window
from kislearn.spec import KST

PLACED = datetime(2026, 12, 2, 10, 0, tzinfo=KST)


@pytest.fixture(scope="module")
def market():
    return Market.from_sample_data()


def low_after(market, symbol: str, start: datetime, end: datetime) -> int:
    return min(t.price for t in market.trades(symbol, start, end))


def test_a_limit_buy_under_the_price_rests_then_fills_when_the_path_reaches_it(market):
    price = market.snapshot("005930", PLACED).price
    close = market.calendar.session(PLACED.date()).close
    low = low_after(market, "005930", PLACED, close)
    assert low < price
    limit = low  # the day's lowest price from here on: reached, but not at once
    assert immediate_fill(market, "005930", "buy", 10, PLACED, limit) is None  # not marketable: it rests
    assert resting_fills(market, "005930", "buy", limit, 10, PLACED, PLACED + timedelta(seconds=1)) == []
    fills = resting_fills(market, "005930", "buy", limit, 10, PLACED, close)
    assert sum(f.quantity for f in fills) == 10
    assert all(f.price == limit for f in fills)  # a resting order trades at its own price
    first = min(t.time for t in market.trades("005930", PLACED, close) if t.price <= limit)
    assert fills[0].time == first
    assert resting_fills(market, "005930", "buy", limit, 10, PLACED, first - timedelta(seconds=1)) == []


def test_a_limit_sell_above_the_price_fills_when_the_path_rises_to_it(market):
    close = market.calendar.session(PLACED.date()).close
    high = max(t.price for t in market.trades("000660", PLACED, close))
    fills = resting_fills(market, "000660", "sell", high, 5, PLACED, close)
    assert sum(f.quantity for f in fills) == 5 and {f.price for f in fills} == {high}


def test_fills_never_exceed_the_traded_quantity_and_come_in_parts(market):
    close = market.calendar.session(PLACED.date()).close
    low = low_after(market, "005930", PLACED, close)
    trades = [t for t in market.trades("005930", PLACED, close) if t.price <= low]
    available = sum(t.quantity for t in trades)
    fills = resting_fills(market, "005930", "buy", trades[0].price, available + 1_000_000, PLACED, close)
    assert sum(f.quantity for f in fills) == available  # a partial fill: what traded at or under the price
    assert [f.quantity for f in fills] == [t.quantity for t in trades]


def test_checking_in_steps_gives_the_same_fills_as_at_once(market):
    end = PLACED + timedelta(hours=4)
    limit = market.snapshot("035720", PLACED).price - 300
    whole = resting_fills(market, "035720", "buy", limit, 500_000, PLACED, end)
    parts, left, start = [], 500_000, PLACED
    while start < end:
        step = min(start + timedelta(minutes=17), end)
        got = resting_fills(market, "035720", "buy", limit, left, start, step)
        parts += got
        left -= sum(f.quantity for f in got)
        start = step
    assert parts == whole


def test_marketable_orders_fill_at_once_at_the_current_price(market):
    price = market.snapshot("005930", PLACED).price
    market_buy = immediate_fill(market, "005930", "buy", 3, PLACED)
    assert (market_buy.price, market_buy.quantity, market_buy.time) == (price, 3, PLACED)
    assert immediate_fill(market, "005930", "buy", 3, PLACED, limit=price + 1000).price == price
    assert immediate_fill(market, "005930", "sell", 3, PLACED, limit=price).price == price
    assert immediate_fill(market, "005930", "sell", 3, PLACED, limit=price + 100) is None


def test_nothing_fills_at_once_outside_continuous_trading(market):
    for moment in ("2026-12-02T08:40", "2026-12-02T15:25", "2026-12-02T16:00", "2026-12-05T10:00"):
        at = datetime.fromisoformat(moment).replace(tzinfo=KST)
        assert immediate_fill(market, "005930", "buy", 1, at) is None, moment


def test_orders_waiting_for_an_auction_get_the_auction_price(market):
    day = date(2026, 12, 3)
    path = market.day_path("005930", day)
    opening, closing = path.prices[0], path.prices[-1]
    evening = datetime(2026, 12, 2, 20, 0, tzinfo=KST)
    fills = resting_fills(market, "005930", "buy", opening + 5000, 10, evening, datetime(2026, 12, 3, 9, 0, tzinfo=KST))
    assert [(f.price, f.time.strftime("%H%M%S")) for f in fills] == [(opening, "090000")]
    late = datetime(2026, 12, 3, 15, 21, tzinfo=KST)
    fills = resting_fills(market, "005930", "sell", closing - 5000, 10, late, datetime(2026, 12, 3, 15, 30, tzinfo=KST))
    assert [(f.price, f.time.strftime("%H%M%S")) for f in fills] == [(closing, "153000")]


def test_crossing_rules_and_sides():
    assert is_marketable("buy", 100, 100) and not is_marketable("buy", 99, 100)
    assert is_marketable("sell", 100, 100) and not is_marketable("sell", 101, 100)
    assert crosses("buy", 100, 99) and not crosses("buy", 100, 101)
    assert crosses("sell", 100, 101) and not crosses("sell", 100, 99)
    with pytest.raises(ValueError, match="buy"):
        is_marketable("hold", 1, 1)


def test_day_orders_lapse_at_the_close():
    assert day_end(PLACED) == datetime(2026, 12, 2, 15, 30, tzinfo=KST)
    assert day_end(datetime(2026, 12, 2, 18, 0, tzinfo=KST)) == datetime(2026, 12, 3, 15, 30, tzinfo=KST)
    assert day_end(datetime(2026, 12, 5, 10, 0, tzinfo=KST)) == datetime(2026, 12, 7, 15, 30, tzinfo=KST)


@pytest.mark.parametrize(
    "moment, flavour, accepted, code",
    [
        ("2026-12-02T10:00", "paper", True, ""),
        ("2026-12-02T15:25", "paper", True, ""),
        ("2026-12-02T08:45", "paper", False, "40570000"),  # 모의투자 장시작전 입니다.
        ("2026-12-02T07:00", "paper", False, "40570000"),
        ("2026-12-02T15:30", "paper", False, "40580000"),  # 모의투자 장종료 입니다.
        ("2026-12-02T21:50", "paper", False, "40580000"),
        ("2026-12-05T10:00", "paper", False, "40580000"),  # Saturday
        ("2026-12-02T08:45", "real", True, ""),  # the opening auction takes orders
        ("2026-12-02T07:00", "real", False, "APBK0918"),
        ("2026-12-02T16:00", "real", False, "APBK0918"),
    ],
)
def test_when_orders_are_taken(moment, flavour, accepted, code):
    window = order_window(datetime.fromisoformat(moment).replace(tzinfo=KST), flavour)
    assert (window.accepted, window.msg_cd) == (accepted, code)
    assert bool(window.msg1) != accepted
