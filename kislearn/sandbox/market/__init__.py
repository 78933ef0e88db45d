"""kislearn.sandbox.market — the sandbox's living market: a clock, a calendar, prices that move.

Pure Python, no HTTP: the sandbox's routes call it. Modules, one job each:

- ``calendar``  — KRX trading days, session hours, 국내휴장일조회 rows (:data:`KRX`)
- ``clock``     — :class:`MarketClock` (wall, course, fixed, fast) and parsing ``--clock`` / the HTTP control
- ``anchor``    — what a price file pins down (the quote at one day's close)
- ``daily``     — daily bars: a chain of closes through the price file (:class:`DailyHistory`)
- ``intraday``  — one day's trades, fitted exactly to the daily bar (:class:`DayPath`)
- ``market``    — :class:`Market`: histories, paths, snapshots and minute bars at any moment
- ``quote``     — the 주식현재가 시세 output at a moment
- ``charts``    — the rows of the chart APIs (기간별시세, 일자별, 당일분봉, 일별분봉)
- ``fills``     — when and at what price an order fills against the path
- ``randomness``, ``ticks``, ``krx_holidays`` — helpers and the generated holiday table
"""

from kislearn.sandbox.market.calendar import KRX, KrxCalendar, Phase, Session
from kislearn.sandbox.market.clock import (
    DEFAULT_FIXED_START,
    ClockError,
    MarketClock,
    apply_control,
    parse_clock,
    parse_moment,
)
from kislearn.sandbox.market.daily import DailyBar
from kislearn.sandbox.market.intraday import DayPath, Trade
from kislearn.sandbox.market.market import DEFAULT_SEED, Market, MinuteBar, Snapshot, UnknownSymbolError

__all__ = [
    "DEFAULT_FIXED_START",
    "DEFAULT_SEED",
    "KRX",
    "ClockError",
    "DailyBar",
    "DayPath",
    "KrxCalendar",
    "Market",
    "MarketClock",
    "MinuteBar",
    "Phase",
    "Session",
    "Snapshot",
    "Trade",
    "UnknownSymbolError",
    "apply_control",
    "parse_clock",
    "parse_moment",
]
