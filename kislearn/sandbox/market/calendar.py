"""The KRX trading calendar: which days the market opens, its session hours, and what 국내휴장일조회 answers.

    from kislearn.sandbox.market.calendar import KRX
    KRX.is_trading_day(date(2026, 6, 3))        # False: 지방선거일
    KRX.session(date(2026, 11, 19))             # Session 10:00–16:30 (수능 day)
    KRX.phase(datetime(2026, 11, 20, 15, 25, tzinfo=KST)).name   # "closing_auction"

Facts and where they come from:

- **Closed days** (exchange): weekends plus the weekdays in :mod:`.krx_holidays` — public holidays with their
  substitute days, election days, 근로자의 날/노동절 (1 May) and the year-end closure (연말휴장일, the last
  weekday of the year), 2016–2035, generated from the ``holidays`` library's Korea Exchange calendar by
  ``scripts/build_krx_calendar.py``. Outside those years only weekends, 1 January and the year-end closure
  are closed (sandbox's choice: a graceful fallback, not a prediction).
- **Regular session** 09:00–15:30 KST, the last ten minutes a closing call auction (단일가, 15:20–15:30) and
  the 30 minutes before the open an opening call auction (08:30–09:00) (exchange: KRX's trading rules).
- **Late days** (exchange, KRX announcements reported in the press): the first trading day of a year opens at
  10:00 (the opening ceremony, 개장식; e.g. 2025-01-02, 2026-01-02), and the day of the college entrance exam
  (수능) opens at 10:00 and closes at 16:30 (2024-11-14, 2025-11-13, 2026-11-19 — Ministry of Education).
  Later years' exam days are not announced yet and are not in :data:`EXAM_DAYS`.
- **국내휴장일조회** (CTCA0903R, official sheet): ``bzdy_yn`` 영업일 (banks work), ``tr_day_yn`` 거래일,
  ``opnd_yn`` 개장일 (the one to check before ordering), ``sttl_day_yn`` 결제일. What they hold on each kind of
  day follows the official example (2022-12-27 … 2023-01-19) and a user's recorded answers (2026-10-08 …
  10-12): ``tr_day_yn`` is "Y" on every day, weekends and holidays included; on the year-end closure banks
  work (``bzdy_yn`` "Y") but the market and settlement do not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from kislearn import spec
from kislearn.sandbox.market.krx_holidays import FIRST_YEAR, KRX_HOLIDAYS, LAST_YEAR

REGULAR_OPEN = time(9, 0)
REGULAR_CLOSE = time(15, 30)
LATE_OPEN = time(10, 0)  # first trading day of a year; 수능 day
EXAM_DAY_CLOSE = time(16, 30)
OPENING_AUCTION = timedelta(minutes=30)  # 08:30–09:00: orders collected for the opening price
CLOSING_AUCTION = timedelta(minutes=10)  # 15:20–15:30: no trades until the single closing price
# 대학수학능력시험 (수능): the market opens and closes an hour late (KRX; dates: Ministry of Education)
EXAM_DAYS = frozenset({date(2024, 11, 14), date(2025, 11, 13), date(2026, 11, 19)})

WEEKDAY_NAMES = ("월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일")
# 국내휴장일조회 wday_dvsn_cd: 01 Sunday … 07 Saturday (official)
WEEKDAY_CODES = ("02", "03", "04", "05", "06", "07", "01")
YEAR_END_CLOSURE = "연말휴장일"


@dataclass(frozen=True)
class Session:
    """One trading day's regular session. ``open``/``close`` are aware datetimes in Korea time."""

    day: date
    open: datetime
    close: datetime

    @property
    def auction_start(self) -> datetime:
        """When the closing call auction starts (no trades from then until the closing price at ``close``)."""
        return self.close - CLOSING_AUCTION

    @property
    def seconds(self) -> int:
        """How long the session lasts, in seconds (23,400 on a normal day)."""
        return int((self.close - self.open).total_seconds())


@dataclass(frozen=True)
class Phase:
    """Where a moment sits in the trading day.

    ``name`` is one of: ``"closed_day"`` (weekend or holiday), ``"before_open"``, ``"opening_auction"``
    (the 30 minutes before the open), ``"continuous"`` (regular trading), ``"closing_auction"`` (the last 10
    minutes), ``"after_close"``. ``trading_day`` is the day whose prices a quote shows at that moment: today
    on a trading day, otherwise the latest trading day before it.
    """

    name: str
    trading_day: date
    session: Session | None

    @property
    def is_open(self) -> bool:
        """True while the regular session runs (continuous trading or the closing auction)."""
        return self.name in ("continuous", "closing_auction")


class KrxCalendar:
    """Trading days and session hours of the Korea Exchange. Immutable, so one instance can be shared."""

    def __init__(self, closures: dict | None = None, exam_days=EXAM_DAYS):
        raw = KRX_HOLIDAYS if closures is None else closures
        self._closures = {date.fromisoformat(day) if isinstance(day, str) else day: name for day, name in raw.items()}
        self._exam_days = frozenset(exam_days)
        self.first_year, self.last_year = FIRST_YEAR, LAST_YEAR

    # -- days -------------------------------------------------------------------------------------------
    def closure_reason(self, day: date) -> str | None:
        """Why the market is closed on ``day`` ("토요일", "추석", ...), or None on a trading day."""
        if day.weekday() >= 5:
            return WEEKDAY_NAMES[day.weekday()]
        if self.first_year <= day.year <= self.last_year:
            return self._closures.get(day)
        # Outside the table: 1 January and the last weekday of the year only. # sandbox's choice
        if day.month == 1 and day.day == 1:
            return "신정"
        if day == _last_weekday_of_year(day.year):
            return YEAR_END_CLOSURE
        return None

    def is_trading_day(self, day: date) -> bool:
        """True when the market opens on ``day`` (국내휴장일조회's ``opnd_yn`` "Y")."""
        return self.closure_reason(day) is None

    def next_trading_day(self, day: date) -> date:
        """The first trading day strictly after ``day``."""
        day += timedelta(days=1)
        while not self.is_trading_day(day):
            day += timedelta(days=1)
        return day

    def previous_trading_day(self, day: date) -> date:
        """The last trading day strictly before ``day``."""
        day -= timedelta(days=1)
        while not self.is_trading_day(day):
            day -= timedelta(days=1)
        return day

    def on_or_before(self, day: date) -> date:
        """``day`` itself if it is a trading day, else the trading day before it."""
        return day if self.is_trading_day(day) else self.previous_trading_day(day)

    def on_or_after(self, day: date) -> date:
        """``day`` itself if it is a trading day, else the trading day after it."""
        return day if self.is_trading_day(day) else self.next_trading_day(day)

    def trading_days(self, start: date, end: date) -> list:
        """Every trading day from ``start`` to ``end``, both included, oldest first."""
        days, day = [], start
        while day <= end:
            if self.is_trading_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def add_trading_days(self, day: date, count: int) -> date:
        """The trading day ``count`` trading days after (or, negative, before) ``day``; 0 → ``on_or_before``."""
        day = self.on_or_before(day)
        step = self.next_trading_day if count > 0 else self.previous_trading_day
        for _ in range(abs(count)):
            day = step(day)
        return day

    # -- hours ------------------------------------------------------------------------------------------
    def session(self, day: date) -> Session | None:
        """The regular session of ``day``, or None when the market is closed that day."""
        if not self.is_trading_day(day):
            return None
        opens, closes = REGULAR_OPEN, REGULAR_CLOSE
        if day in self._exam_days:
            opens, closes = LATE_OPEN, EXAM_DAY_CLOSE
        elif day == self._first_trading_day_of_year(day.year):
            opens = LATE_OPEN
        return Session(day, moment_at(day, opens), moment_at(day, closes))

    def phase(self, moment: datetime) -> Phase:
        """Where ``moment`` (aware, any time zone) sits in the KRX trading day."""
        moment = to_korea_time(moment)
        today = moment.date()
        session = self.session(today)
        if session is None:
            return Phase("closed_day", self.previous_trading_day(today), None)
        if moment < session.open - OPENING_AUCTION:
            name = "before_open"
        elif moment < session.open:
            name = "opening_auction"
        elif moment < session.auction_start:
            name = "continuous"
        elif moment < session.close:
            name = "closing_auction"
        else:
            name = "after_close"
        return Phase(name, today, session)

    def next_open(self, moment: datetime) -> datetime:
        """The first session opening bell at or after ``moment``."""
        moment = to_korea_time(moment)
        session = self.session(moment.date())
        if session is not None and moment <= session.open:
            return session.open
        return self.session(self.next_trading_day(moment.date())).open

    def _first_trading_day_of_year(self, year: int) -> date:
        return _cached_first_day(self, year)

    # -- 국내휴장일조회 -----------------------------------------------------------------------------------
    def holiday_row(self, day: date) -> dict:
        """The 국내휴장일조회 (chk-holiday) ``output`` row for ``day``: every documented field, as strings."""
        reason = self.closure_reason(day)
        opened = reason is None
        return {
            "bass_dt": day.strftime("%Y%m%d"),
            "wday_dvsn_cd": WEEKDAY_CODES[day.weekday()],
            "bzdy_yn": "Y" if opened or reason == YEAR_END_CLOSURE else "N",  # banks work on the year-end closure
            "tr_day_yn": "Y",  # "Y" on every day in the official example and users' records
            "opnd_yn": "Y" if opened else "N",
            "sttl_day_yn": "Y" if opened else "N",
        }

    def holiday_rows(self, start: date, days: int = 24) -> list:
        """``days`` rows from ``start`` on, as one 국내휴장일조회 answer lists them (the official example lists
        24 days from the requested date; how many a real answer holds is the sandbox's choice)."""
        return [self.holiday_row(start + timedelta(days=i)) for i in range(days)]


@lru_cache(maxsize=64)
def _cached_first_day(calendar: KrxCalendar, year: int) -> date:
    return calendar.on_or_after(date(year, 1, 1))


def _last_weekday_of_year(year: int) -> date:
    day = date(year, 12, 31)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def moment_at(day: date, clock_time: time) -> datetime:
    """``day`` at ``clock_time``, Korea time."""
    return datetime.combine(day, clock_time, tzinfo=spec.KST)


def to_korea_time(moment: datetime) -> datetime:
    """``moment`` in Korea time. A naive datetime is taken to be Korea time already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=spec.KST)
    return moment.astimezone(spec.KST)


KRX = KrxCalendar()  # the calendar every part of the sandbox uses unless told otherwise
