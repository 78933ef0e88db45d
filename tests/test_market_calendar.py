"""The KRX calendar: closed days from the generated table, session hours, and 국내휴장일조회 rows."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from kislearn.sandbox.market.calendar import KRX, KrxCalendar
from kislearn.sandbox.market.krx_holidays import KRX_HOLIDAYS
from kislearn.spec import KST


@pytest.mark.parametrize(
    "day, reason",
    [
        ("2026-02-16", "설날 전날"),
        ("2026-02-17", "설날"),
        ("2026-02-18", "설날 다음날"),
        ("2026-09-24", "추석 전날"),
        ("2026-09-25", "추석"),
        ("2026-06-03", "지방선거일"),  # 제9회 전국동시지방선거
        ("2026-07-17", "제헌절"),  # a public holiday again from 2026
        ("2026-05-01", "노동절"),
        ("2026-12-31", "연말휴장일"),
        ("2025-12-31", "연말휴장일"),
        ("2027-12-31", "연말휴장일"),
        ("2024-12-31", "연말휴장일"),
        ("2022-12-30", "연말휴장일"),  # the official 국내휴장일조회 example: opnd_yn N
        ("2025-01-27", "임시공휴일"),
        ("2024-10-01", "국군의 날"),  # a temporary holiday in 2024
        ("2025-06-03", "대통령 선거일"),
        ("2024-04-10", "국회의원 선거일"),
        ("2024-05-01", "근로자의날"),
        ("2026-03-02", "삼일절 대체 휴일"),
        ("2026-05-25", "부처님오신날 대체 휴일"),
        ("2026-08-17", "광복절 대체 휴일"),
        ("2026-10-05", "개천절 대체 휴일"),
    ],
)
def test_known_closed_days(day, reason):
    day = date.fromisoformat(day)
    assert not KRX.is_trading_day(day)
    assert reason in KRX.closure_reason(day)


@pytest.mark.parametrize("day", ["2026-02-19", "2026-09-28", "2026-06-04", "2026-12-30", "2026-11-20", "2027-01-04"])
def test_ordinary_weekdays_trade(day):
    assert KRX.is_trading_day(date.fromisoformat(day))


def test_weekends_are_closed_and_the_table_holds_only_weekdays():
    assert KRX.closure_reason(date(2026, 11, 21)) == "토요일"
    assert KRX.closure_reason(date(2026, 11, 22)) == "일요일"
    assert all(date.fromisoformat(day).weekday() < 5 for day in KRX_HOLIDAYS)


def test_every_year_ends_with_the_year_end_closure_on_its_last_weekday():
    for year in range(2016, 2036):
        last = date(year, 12, 31)
        while last.weekday() >= 5:
            last -= timedelta(days=1)
        assert KRX.closure_reason(last) == "연말휴장일", year


def test_stepping_over_holidays():
    assert KRX.next_trading_day(date(2026, 2, 13)) == date(2026, 2, 19)  # Friday before 설날 → Thursday after
    assert KRX.previous_trading_day(date(2026, 2, 19)) == date(2026, 2, 13)
    assert KRX.next_trading_day(date(2026, 12, 30)) == date(2027, 1, 4)
    assert KRX.on_or_before(date(2026, 11, 22)) == date(2026, 11, 20)
    assert KRX.add_trading_days(date(2026, 11, 20), 2) == date(2026, 11, 24)
    assert KRX.add_trading_days(date(2026, 11, 24), -2) == date(2026, 11, 20)
    assert len(KRX.trading_days(date(2026, 2, 9), date(2026, 2, 20))) == 7


def test_outside_the_table_only_weekends_new_year_and_the_year_end_closure():
    calendar = KrxCalendar()
    assert not calendar.is_trading_day(date(2040, 1, 1))
    assert not calendar.is_trading_day(date(2040, 12, 31))
    assert calendar.is_trading_day(date(2040, 3, 1))


def test_session_hours():
    normal = KRX.session(date(2026, 11, 20))
    assert (normal.open.time().isoformat(), normal.close.time().isoformat()) == ("09:00:00", "15:30:00")
    assert normal.auction_start == datetime(2026, 11, 20, 15, 20, tzinfo=KST)
    assert normal.seconds == 23_400
    exam = KRX.session(date(2026, 11, 19))  # 수능: an hour later at both ends
    assert (exam.open.hour, exam.close.hour, exam.close.minute) == (10, 16, 30)
    first = KRX.session(date(2026, 1, 2))  # the first trading day of the year opens at 10:00
    assert (first.open.hour, first.close.hour, first.close.minute) == (10, 15, 30)
    assert KRX.session(date(2026, 11, 21)) is None


@pytest.mark.parametrize(
    "moment, phase, day",
    [
        ("2026-11-20T08:00", "before_open", "2026-11-20"),
        ("2026-11-20T08:45", "opening_auction", "2026-11-20"),
        ("2026-11-20T09:00", "continuous", "2026-11-20"),
        ("2026-11-20T15:19:59", "continuous", "2026-11-20"),
        ("2026-11-20T15:20", "closing_auction", "2026-11-20"),
        ("2026-11-20T15:30", "after_close", "2026-11-20"),
        ("2026-11-21T11:00", "closed_day", "2026-11-20"),
        ("2026-11-19T09:30", "opening_auction", "2026-11-19"),  # 수능 day opens at 10:00
    ],
)
def test_phases(moment, phase, day):
    found = KRX.phase(datetime.fromisoformat(moment).replace(tzinfo=KST))
    assert (found.name, found.trading_day.isoformat()) == (phase, day)
    assert found.is_open == (phase in ("continuous", "closing_auction"))


def test_phase_reads_any_time_zone():
    from datetime import timezone

    utc = datetime(2026, 11, 20, 1, 0, tzinfo=timezone.utc)  # 10:00 in Korea
    assert KRX.phase(utc).name == "continuous"


def test_next_open():
    assert KRX.next_open(datetime(2026, 11, 20, 20, 0, tzinfo=KST)) == datetime(2026, 11, 23, 9, 0, tzinfo=KST)
    assert KRX.next_open(datetime(2026, 11, 20, 7, 0, tzinfo=KST)) == datetime(2026, 11, 20, 9, 0, tzinfo=KST)


# The official 국내휴장일조회 example (the workbook's sheet): BASS_DT 20221227, 24 rows.
OFFICIAL_EXAMPLE = [
    ("20221227", "03", "Y", "Y", "Y", "Y"),
    ("20221228", "04", "Y", "Y", "Y", "Y"),
    ("20221229", "05", "Y", "Y", "Y", "Y"),
    ("20221230", "06", "Y", "Y", "N", "N"),
    ("20221231", "07", "N", "Y", "N", "N"),
    ("20230101", "01", "N", "Y", "N", "N"),
    ("20230102", "02", "Y", "Y", "Y", "Y"),
    ("20230103", "03", "Y", "Y", "Y", "Y"),
    ("20230104", "04", "Y", "Y", "Y", "Y"),
    ("20230105", "05", "Y", "Y", "Y", "Y"),
    ("20230106", "06", "Y", "Y", "Y", "Y"),
    ("20230107", "07", "N", "Y", "N", "N"),
    ("20230108", "01", "N", "Y", "N", "N"),
    ("20230109", "02", "Y", "Y", "Y", "Y"),
    ("20230110", "03", "Y", "Y", "Y", "Y"),
    ("20230111", "04", "Y", "Y", "Y", "Y"),
    ("20230112", "05", "Y", "Y", "Y", "Y"),
    ("20230113", "06", "Y", "Y", "Y", "Y"),
    ("20230114", "07", "N", "Y", "N", "N"),
    ("20230115", "01", "N", "Y", "N", "N"),
    ("20230116", "02", "Y", "Y", "Y", "Y"),
    ("20230117", "03", "Y", "Y", "Y", "Y"),
    ("20230118", "04", "Y", "Y", "Y", "Y"),
    ("20230119", "05", "Y", "Y", "Y", "Y"),
]
FIELDS = ("bass_dt", "wday_dvsn_cd", "bzdy_yn", "tr_day_yn", "opnd_yn", "sttl_day_yn")


def test_holiday_rows_match_the_official_example():
    rows = KRX.holiday_rows(date(2022, 12, 27))
    assert [tuple(row[f] for f in FIELDS) for row in rows] == OFFICIAL_EXAMPLE
    assert all(list(row) == list(FIELDS) for row in rows)


def test_holiday_rows_match_a_users_recorded_answers():
    """A user's recorded CTCA0903R answers for 2026-10-08 … 10-12 (한글날 on the 9th)."""
    recorded = [
        ("20261008", "05", "Y", "Y", "Y", "Y"),
        ("20261009", "06", "N", "Y", "N", "N"),
        ("20261010", "07", "N", "Y", "N", "N"),
        ("20261011", "01", "N", "Y", "N", "N"),
        ("20261012", "02", "Y", "Y", "Y", "Y"),
    ]
    rows = KRX.holiday_rows(date(2026, 10, 8), days=5)
    assert [tuple(row[f] for f in FIELDS) for row in rows] == recorded
