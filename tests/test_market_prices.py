"""The moving market's prices: daily bars, intraday paths, minute bars and the quote agree with each other,
stay on the KRX tick grid inside the daily limits, pass through the price files, and never depend on the order
or the process they are asked in."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest

from kislearn.consistency import check_price
from kislearn.sandbox.market import Market
from kislearn.sandbox.market.charts import aggregate
from kislearn.sandbox.market.daily import window_days
from kislearn.sandbox.market.ticks import krx_tick_size, price_limits
from kislearn.sandbox.samples import load_prices
from kislearn.spec import KST

ANCHOR_CLOSE = datetime(2026, 11, 20, 15, 30, tzinfo=KST)  # the sample files' moment
MOMENTS = [
    datetime(2026, 11, 20, 10, 0, tzinfo=KST),
    ANCHOR_CLOSE,
    datetime(2026, 11, 21, 12, 0, tzinfo=KST),  # Saturday
    datetime(2026, 12, 2, 8, 0, tzinfo=KST),  # before the open
    datetime(2026, 12, 2, 11, 11, 11, tzinfo=KST),
    datetime(2027, 3, 15, 14, 0, tzinfo=KST),
]


@pytest.fixture(scope="module")
def market():
    return Market.from_sample_data()


@pytest.fixture(scope="module")
def files():
    return load_prices()


def on_grid(price: int) -> bool:
    return price > 0 and price % krx_tick_size(price) == 0


def test_daily_bars_obey_the_exchange_rules_for_every_symbol(market):
    for symbol in market.symbols:
        bars = market.daily_bars(symbol, date(2024, 11, 1), date(2027, 12, 31))
        assert len(bars) > 750
        for before, bar in zip(bars, bars[1:], strict=False):
            assert bar.base == before.close, (symbol, bar.day)  # 기준가 = the previous close
            upper, lower = price_limits(bar.base)
            assert lower <= bar.low <= min(bar.open, bar.close) <= max(bar.open, bar.close) <= bar.high <= upper
            assert all(on_grid(p) for p in (bar.open, bar.high, bar.low, bar.close)), (symbol, bar)
            assert bar.volume > 0 and bar.volume * bar.low <= bar.turnover <= bar.volume * bar.high


def test_history_covers_two_years_before_any_recent_day_and_only_trading_days(market):
    bars = market.daily_bars("005930", date(2024, 12, 1), date(2026, 12, 2))
    assert bars[0].day == date(2024, 12, 2) and bars[-1].day == date(2026, 12, 2)
    days = [bar.day for bar in bars]
    assert date(2026, 6, 3) not in days and date(2026, 2, 17) not in days and date(2025, 12, 31) not in days
    assert market.daily_bar("005930", date(2026, 9, 25)) is None  # 추석


def test_the_quote_at_the_anchor_close_is_the_price_file(market, files):
    """The moving market passes exactly through every sample file: at the anchor day's closing bell the quote is
    the file, field for field (scripts/build_sample_data.py puts the extremes on trading days and the turnover on
    the day's smallest tick, since trades on the grid cannot add up to anything else)."""
    for symbol in market.symbols:
        quote, file = market.quote(symbol, ANCHOR_CLOSE), files[symbol].output
        assert {name for name in file if file[name] != quote[name]} == set(), symbol
        assert market.history(symbol).pins_kept == "all", symbol


def test_every_quote_passes_the_consistency_rules(market):
    for moment in MOMENTS:
        for symbol in market.symbols:
            quote = market.quote(symbol, moment)
            assert check_price(quote, symbol) == [], (symbol, moment)


def test_the_quote_agrees_with_the_daily_bars(market):
    moment = datetime(2026, 12, 2, 11, 11, 11, tzinfo=KST)
    for symbol in ("005930", "000660", "035720", "293490"):
        quote = market.quote(symbol, moment)
        yesterday = market.daily_bar(symbol, date(2026, 12, 1))
        assert int(quote["stck_sdpr"]) == yesterday.close  # the last daily close is the previous close
        assert int(quote["prdy_vrss"]) == int(quote["stck_prpr"]) - yesterday.close
        pivot = (yesterday.high + yesterday.low + yesterday.close) // 3
        assert int(quote["pvt_pont_val"]) == pivot
        for window, high_field, high_date, low_field, low_date in (
            ("w52", "w52_hgpr", "w52_hgpr_date", "w52_lwpr", "w52_lwpr_date"),
            ("d250", "d250_hgpr", "d250_hgpr_date", "d250_lwpr", "d250_lwpr_date"),
            ("year", "stck_dryy_hgpr", "dryy_hgpr_date", "stck_dryy_lwpr", "dryy_lwpr_date"),
        ):
            first, _ = window_days(date(2026, 12, 2), window)
            bars = market.daily_bars(symbol, first, date(2026, 12, 1)) + [market.snapshot(symbol, moment).bar]
            high = max(bars, key=lambda b: (b.high, -b.day.toordinal()))
            low = min(bars, key=lambda b: (b.low, b.day.toordinal()))
            assert (int(quote[high_field]), quote[high_date]) == (high.high, high.day.strftime("%Y%m%d"))
            assert (int(quote[low_field]), quote[low_date]) == (low.low, low.day.strftime("%Y%m%d"))


def test_before_the_open_and_on_a_closed_day(market):
    before = market.quote("005930", datetime(2026, 12, 2, 8, 0, tzinfo=KST))
    assert before["stck_prpr"] == before["stck_sdpr"] == before["stck_oprc"] == before["stck_hgpr"]
    assert (before["acml_vol"], before["prdy_vrss"], before["prdy_vrss_sign"]) == ("0", "0", "3")
    saturday = market.quote("005930", datetime(2026, 11, 21, 12, 0, tzinfo=KST))
    assert saturday == market.quote("005930", ANCHOR_CLOSE)  # the weekend shows Friday's close


def test_intraday_paths_fit_their_daily_bars(market):
    for symbol in market.symbols:
        for day in (date(2026, 11, 20), date(2026, 12, 2), date(2025, 6, 4)):
            bar, path = market.daily_bar(symbol, day), market.day_path(symbol, day)
            prices = list(path.prices)
            assert (prices[0], prices[-1], max(prices), min(prices)) == (bar.open, bar.close, bar.high, bar.low)
            assert path.cum_volume[-1] == bar.volume and path.cum_turnover[-1] == bar.turnover, (symbol, day)
            assert min(path.quantities) >= 1 and all(on_grid(p) for p in prices)
            seconds = list(path.seconds)
            assert seconds == sorted(seconds) and seconds[0] == 0 and seconds[-1] == path.session.seconds
            auction = path.session.seconds - 600
            assert all(s < auction for s in seconds[:-1])  # nothing trades in the closing auction but the close
            assert len(path) > 1000  # a trade every few seconds: enough for a live feed


def test_minute_bars_add_up_to_the_day(market):
    day = date(2026, 11, 20)
    for symbol in ("005930", "207940", "293490"):
        bar, minutes = market.daily_bar(symbol, day), market.minute_bars(symbol, day)
        assert minutes[0].open == bar.open and minutes[-1].close == bar.close
        assert max(m.high for m in minutes) == bar.high and min(m.low for m in minutes) == bar.low
        assert sum(m.volume for m in minutes) == bar.volume == minutes[-1].cum_volume
        assert minutes[-1].cum_turnover == bar.turnover
        labels = [m.time for m in minutes]
        assert labels == sorted(labels) and all(t.second == 0 for t in labels)
        assert labels[-1].strftime("%H%M") == "1530" and labels[-2].strftime("%H%M") <= "1519"


def test_minute_bars_until_a_moment_match_the_quote(market):
    moment = datetime(2026, 12, 2, 13, 7, 42, tzinfo=KST)
    quote = market.quote("035420", moment)
    minutes = market.minute_bars("035420", date(2026, 12, 2), until=moment)
    assert minutes[-1].time <= moment < minutes[-1].time + timedelta(minutes=1) or minutes[-1].time < moment
    assert str(minutes[-1].close) == quote["stck_prpr"]
    assert str(minutes[-1].cum_volume) == quote["acml_vol"] and str(minutes[-1].cum_turnover) == quote["acml_tr_pbmn"]
    assert str(max(m.high for m in minutes)) == quote["stck_hgpr"]


def test_a_week_is_its_days(market):
    days = market.daily_bars("000660", date(2026, 11, 16), date(2026, 11, 20))
    week = aggregate(days)
    assert (week.open, week.close) == (days[0].open, days[-1].close)
    assert week.high == max(d.high for d in days) and week.low == min(d.low for d in days)
    assert week.volume == sum(d.volume for d in days) and week.turnover == sum(d.turnover for d in days)


def test_answers_do_not_depend_on_the_order_of_questions(market):
    fresh = Market.from_sample_data()
    late = fresh.quote("005930", datetime(2027, 3, 15, 14, 0, tzinfo=KST))  # far ahead first
    early = fresh.daily_bars("005930", date(2025, 1, 1), date(2025, 1, 31))  # then far back
    assert late == market.quote("005930", datetime(2027, 3, 15, 14, 0, tzinfo=KST))
    assert early == market.daily_bars("005930", date(2025, 1, 1), date(2025, 1, 31))
    assert list(fresh.day_path("005930", date(2026, 12, 2)).prices) == list(
        market.day_path("005930", date(2026, 12, 2)).prices
    )


def test_another_process_gets_the_same_numbers(market):
    code = (
        "import json; from datetime import datetime; from kislearn.spec import KST;"
        "from kislearn.sandbox.market import Market;"
        "print(json.dumps(Market.from_sample_data().quote('000270', datetime(2026, 12, 2, 11, 11, 11, tzinfo=KST))))"
    )
    other = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert other == market.quote("000270", datetime(2026, 12, 2, 11, 11, 11, tzinfo=KST))


def test_another_seed_makes_another_market(market):
    other = Market.from_sample_data(seed="another")
    moment = datetime(2026, 12, 2, 11, 11, 11, tzinfo=KST)
    assert other.quote("005930", moment)["stck_prpr"] != market.quote("005930", moment)["stck_prpr"]
    assert other.quote("005930", ANCHOR_CLOSE) == market.quote("005930", ANCHOR_CLOSE)  # both pass the file


def test_prices_move_during_the_day(market):
    day = datetime(2026, 12, 2, 9, 0, tzinfo=KST)
    prices = {market.quote("005930", day + timedelta(minutes=k))["stck_prpr"] for k in range(1, 380, 7)}
    assert len(prices) > 5


def test_trades_stream_in_order_across_days(market):
    start = datetime(2026, 11, 20, 15, 0, tzinfo=KST)
    trades = market.trades("005930", start, datetime(2026, 11, 23, 9, 5, tzinfo=KST))
    times = [t.time for t in trades]
    assert times == sorted(times) and times[0] > start
    assert {t.time.date() for t in trades} == {date(2026, 11, 20), date(2026, 11, 23)}


def test_a_recorded_file_anchors_its_own_day(files):
    """A recording (here the 005930 sample moved to 2027) anchors the path on its as_of day."""
    output = dict(files["005930"].output)
    market = Market({"005930": ("삼성전자", output, "20270310")})
    assert market.anchor("005930").day == date(2027, 3, 10)
    quote = market.quote("005930", datetime(2027, 3, 10, 15, 30, tzinfo=KST))
    for name in ("stck_prpr", "stck_oprc", "stck_hgpr", "stck_lwpr", "stck_sdpr", "acml_vol", "pvt_pont_val"):
        assert quote[name] == output[name], name
    assert check_price(quote, "005930") == []


def test_unknown_symbols_are_named(market):
    from kislearn.sandbox.market import UnknownSymbolError

    with pytest.raises(UnknownSymbolError, match="000000"):
        market.quote("000000", ANCHOR_CLOSE)


def test_a_moment_before_the_history_is_refused_in_korean(market):
    with pytest.raises(ValueError, match="이릅니다"):
        market.quote("005930", datetime(2015, 6, 1, 10, 0, tzinfo=KST))


def test_price_and_base_are_the_snapshots(market):
    """What a balance reads of each holding, taken from the file or the daily bar once the day is over."""
    for moment in (
        *MOMENTS,
        ANCHOR_CLOSE,
        datetime(2026, 11, 21, 12, 0, tzinfo=KST),
        datetime(2026, 11, 24, 18, 0, tzinfo=KST),
    ):
        for symbol in market.symbols[:12]:
            snap = market.snapshot(symbol, moment)
            assert market.price_and_base(symbol, moment) == (snap.price, snap.bar.base), (symbol, moment)
