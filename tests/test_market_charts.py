"""The chart APIs' rows: documented fields, strings, newest first, and the same numbers as the quote."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from kislearn.sandbox.market import Market
from kislearn.sandbox.market.charts import (
    MINUTE_OUTPUT1_FIELDS,
    MINUTE_OUTPUT2_FIELDS,
    PERIOD_OUTPUT1_FIELDS,
    PERIOD_OUTPUT2_FIELDS,
    RECENT_OUTPUT_FIELDS,
    ChartRequestError,
    daily_minutes,
    parse_day,
    period_chart,
    recent_prices,
    today_minutes,
)
from kislearn.spec import KST

NOW = datetime(2026, 12, 2, 11, 11, 11, tzinfo=KST)


@pytest.fixture(scope="module")
def market():
    return Market.from_sample_data()


def all_strings(rows: list, fields: tuple) -> bool:
    return all(list(row) == list(fields) and all(isinstance(v, str) for v in row.values()) for row in rows)


def test_daily_chart_answers_100_rows_newest_first_agreeing_with_the_quote(market):
    answer = period_chart(market, "005930", NOW, start=parse_day("19800104"), end=date(2026, 12, 2))
    rows, quote = answer.output2, market.quote("005930", NOW)
    assert len(rows) == 100 and answer.more
    assert all_strings(rows, PERIOD_OUTPUT2_FIELDS) and all_strings([answer.output1], PERIOD_OUTPUT1_FIELDS)
    dates = [row["stck_bsop_date"] for row in rows]
    assert dates == sorted(dates, reverse=True) and dates[0] == "20261202"
    today, yesterday = rows[0], rows[1]
    assert (today["stck_clpr"], today["stck_oprc"], today["stck_hgpr"], today["stck_lwpr"]) == (
        quote["stck_prpr"], quote["stck_oprc"], quote["stck_hgpr"], quote["stck_lwpr"],
    )  # fmt: skip
    assert (today["acml_vol"], today["acml_tr_pbmn"]) == (quote["acml_vol"], quote["acml_tr_pbmn"])
    assert yesterday["stck_clpr"] == quote["stck_sdpr"] == answer.output1["stck_prdy_clpr"]
    assert today["prdy_vrss"] == quote["prdy_vrss"] and today["prdy_vrss_sign"] == quote["prdy_vrss_sign"]
    for name in ("stck_prpr", "prdy_vrss", "prdy_ctrt", "acml_vol", "stck_mxpr", "per", "hts_avls"):
        assert answer.output1[name] == quote[name]
    assert int(answer.output1["askp"]) - int(answer.output1["bidp"]) == int(quote["aspr_unit"])
    for newer, older in zip(rows, rows[1:], strict=False):
        assert int(newer["stck_clpr"]) - int(newer["prdy_vrss"]) == int(older["stck_clpr"])


def test_daily_chart_range_and_adjusted_flag(market):
    rows = period_chart(market, "000660", NOW, start=date(2026, 11, 16), end=date(2026, 11, 20)).output2
    assert [r["stck_bsop_date"] for r in rows] == ["20261120", "20261119", "20261118", "20261117", "20261116"]
    unadjusted = period_chart(market, "000660", NOW, start=date(2026, 11, 16), end=date(2026, 11, 20), adjusted=False)
    assert unadjusted.output2 == rows  # no split: 수정주가 = 원주가
    assert period_chart(market, "000660", NOW, start=date(2026, 11, 21), end=date(2026, 11, 20)).output2 == []
    future = period_chart(market, "000660", NOW, start=date(2026, 12, 1), end=date(2027, 1, 31)).output2
    assert [r["stck_bsop_date"] for r in future] == ["20261202", "20261201"]  # nothing after the moment


@pytest.mark.parametrize("period", ["W", "M", "Y"])
def test_weeks_months_and_years_are_their_days(market, period):
    rows = period_chart(market, "035720", NOW, start=date(2024, 1, 1), end=date(2026, 12, 2), period=period).output2
    days = period_chart(market, "035720", NOW, start=date(2024, 1, 1), end=date(2026, 12, 2)).output2
    daily = market.daily_bars("035720", date(2024, 1, 1), date(2026, 12, 1)) + [market.snapshot("035720", NOW).bar]
    key = {"W": lambda d: d.isocalendar()[:2], "M": lambda d: (d.year, d.month), "Y": lambda d: d.year}[period]
    groups: dict = {}
    for bar in daily:
        groups.setdefault(key(bar.day), []).append(bar)
    expected = list(reversed(list(groups.values())))[: len(rows)]
    assert days[0]["stck_clpr"] == rows[0]["stck_clpr"]
    for row, group in zip(rows, expected, strict=True):
        assert row["stck_bsop_date"] == group[-1].day.strftime("%Y%m%d")  # dated by its last trading day
        assert int(row["stck_oprc"]) == group[0].open and int(row["stck_clpr"]) == group[-1].close
        assert int(row["stck_hgpr"]) == max(b.high for b in group) and int(row["stck_lwpr"]) == min(
            b.low for b in group
        )
        assert int(row["acml_vol"]) == sum(b.volume for b in group)
        assert int(row["acml_tr_pbmn"]) == sum(b.turnover for b in group)


def test_before_the_first_trade_todays_row_says_mod_yn_y(market):
    morning = datetime(2026, 12, 2, 8, 30, tzinfo=KST)
    rows = period_chart(market, "005930", morning, start=date(2026, 11, 30), end=date(2026, 12, 2)).output2
    assert rows[0]["stck_bsop_date"] == "20261202" and rows[0]["mod_yn"] == "Y" and rows[0]["acml_vol"] == "0"
    assert rows[0]["stck_clpr"] == rows[1]["stck_clpr"]  # at the base price
    assert all(row["mod_yn"] == "N" for row in rows[1:])


def test_bad_period_codes_and_dates_are_named():
    with pytest.raises(ChartRequestError, match="FID_PERIOD_DIV_CODE"):
        period_chart(Market.from_sample_data(), "005930", NOW, start=date(2026, 1, 1), end=date(2026, 2, 1), period="H")
    assert parse_day("00000101") == date(1, 1, 1)
    with pytest.raises(ChartRequestError, match="YYYYMMDD"):
        parse_day("2026-12-02")
    with pytest.raises(ChartRequestError, match="없는 날짜"):
        parse_day("20261302")


@pytest.mark.parametrize("period", ["D", "W", "M"])
def test_recent_prices_give_30_rows(market, period):
    rows = recent_prices(market, "005930", NOW, period).output2
    assert len(rows) == 30 and all_strings(rows, RECENT_OUTPUT_FIELDS)
    dates = [r["stck_bsop_date"] for r in rows]
    assert dates == sorted(dates, reverse=True) and dates[0] == "20261202"
    for newer, older in zip(rows, rows[1:], strict=False):
        change = (int(newer["acml_vol"]) / int(older["acml_vol"]) - 1) * 100
        assert abs(float(newer["prdy_vrss_vol_rate"]) - change) <= 0.006
    if period == "D":
        quote = market.quote("005930", NOW)
        assert (rows[0]["stck_clpr"], rows[0]["acml_vol"]) == (quote["stck_prpr"], quote["acml_vol"])
        assert rows[1]["stck_clpr"] == quote["stck_sdpr"]


def test_todays_minutes_walk_back_30_at_a_time_like_mojito2(market):
    """mojito2's fetch_today_1m_ohlcv asks from 15:30 (or now) and then from a minute before the oldest row it
    got, until 09:01: it must end, and the rows must be the day's minute bars."""
    hour, rows = "153000", []
    while True:
        answer = today_minutes(market, "005930", NOW, hour)
        assert 0 < len(answer.output2) <= 30 and all_strings(answer.output2, MINUTE_OUTPUT2_FIELDS)
        assert len(answer.output2) == 30 or answer.output2[-1]["stck_cntg_hour"] == "090000"
        rows += answer.output2
        last = answer.output2[-1]["stck_cntg_hour"]
        if last <= "090100":
            break
        hour = (datetime.strptime(last, "%H%M%S") - timedelta(minutes=1)).strftime("%H%M%S")
    labels = [r["stck_cntg_hour"] for r in rows]
    assert labels == sorted(labels, reverse=True) and labels[0] == "153000"
    quote = market.quote("005930", NOW)
    past = [r for r in rows if r["stck_cntg_hour"] <= "111100"]
    assert past[0]["stck_cntg_hour"] == "111100" and past[0]["acml_tr_pbmn"] == quote["acml_tr_pbmn"]
    assert sum(int(r["cntg_vol"]) for r in past) == int(quote["acml_vol"])
    future = [r for r in rows if r["stck_cntg_hour"] > "111100"]
    assert {(r["stck_prpr"], r["cntg_vol"]) for r in future} == {(past[0]["stck_prpr"], past[0]["cntg_vol"])}
    assert not any("152000" <= label < "153000" for label in labels)  # the closing auction has no bars
    assert all_strings([answer.output1], MINUTE_OUTPUT1_FIELDS) and answer.output1["stck_prpr"] == quote["stck_prpr"]


def test_the_current_minute_before_its_first_trade_shows_the_previous_minutes_volume(market):
    moment = datetime(2026, 12, 2, 11, 11, 0, tzinfo=KST)
    bars = market.minute_bars("005930", date(2026, 12, 2), until=moment)
    rows = today_minutes(market, "005930", moment, "111100").output2
    if bars[-1].time.strftime("%H%M") != "1111":
        assert rows[0]["stck_cntg_hour"] == "111100" and rows[0]["cntg_vol"] == str(bars[-1].volume)


def test_daily_minutes_cross_into_earlier_days_and_add_up(market):
    answer = daily_minutes(market, "005930", NOW, date(2026, 11, 23), "091000")
    rows = answer.output2
    assert len(rows) == 120 and answer.more and all_strings(rows, MINUTE_OUTPUT2_FIELDS)
    assert rows[0]["stck_bsop_date"] == "20261123" and rows[0]["stck_cntg_hour"] == "091000"
    friday = [r for r in rows if r["stck_bsop_date"] == "20261120"]
    assert friday[0]["stck_cntg_hour"] == "153000"
    bar = market.daily_bar("005930", date(2026, 11, 20))
    assert friday[0]["acml_tr_pbmn"] == str(bar.turnover)
    only_that_day = daily_minutes(market, "005930", NOW, date(2026, 11, 23), "091000", include_past=False)
    assert {r["stck_bsop_date"] for r in only_that_day.output2} == {"20261123"}
    day = daily_minutes(market, "005930", NOW, date(2026, 11, 20), "153000", include_past=False).output2
    everything = []
    while day:
        everything += day
        last = datetime.strptime(day[-1]["stck_cntg_hour"], "%H%M%S") - timedelta(minutes=1)
        if last.hour < 9:
            break
        day = daily_minutes(
            market, "005930", NOW, date(2026, 11, 20), last.strftime("%H%M%S"), include_past=False
        ).output2
    assert sum(int(r["cntg_vol"]) for r in everything) == bar.volume
    assert len({r["stck_cntg_hour"] for r in everything}) == len(everything)


def test_daily_minutes_keep_a_year(market):
    old = daily_minutes(market, "005930", NOW, date(2025, 11, 3), "100000")
    assert old.output2 == []
    assert daily_minutes(market, "005930", NOW, date(2025, 12, 3), "100000").output2


def test_bad_hours_are_named(market):
    with pytest.raises(ChartRequestError, match="HHMMSS"):
        today_minutes(market, "005930", NOW, "25:00")


def test_field_lists_are_the_catalogs():
    from kislearn import catalog
    from kislearn.sandbox.market.calendar import KRX
    from kislearn.sandbox.market.quote import PRICE_OUTPUT_FIELDS

    holiday = tuple(f.name for f in catalog.find("국내휴장일조회").section("output").fields)
    assert tuple(KRX.holiday_row(date(2026, 12, 2))) == holiday
    daily = catalog.find("주식일별분봉조회")
    assert tuple(f.name for f in daily.section("output2").fields) == MINUTE_OUTPUT2_FIELDS
    assert tuple(f.name for f in daily.section("output1").fields) == MINUTE_OUTPUT1_FIELDS
    assert len(PRICE_OUTPUT_FIELDS) == 82 and len(PERIOD_OUTPUT1_FIELDS) == 30
