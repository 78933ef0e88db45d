"""The market: every symbol's history and intraday paths, and what they look like at any moment.

    from kislearn.sandbox.market import Market
    market = Market.from_sample_data()                  # the package's price files (+ data_dirs)
    snap = market.snapshot("005930", clock.now())       # price, open/high/low, volume, turnover so far
    market.quote("005930", clock.now())                 # the 주식현재가 시세 output at that moment

Everything is a pure function of (the price files, ``seed``, the moment): asked in any order, from any
thread or process, the answers are the same. Histories and paths are kept once made (paths in a bounded
cache), which only makes the second answer faster.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from kislearn.sandbox.market.anchor import Anchor, anchor_from_quote
from kislearn.sandbox.market.calendar import KRX, KrxCalendar, Phase, to_korea_time
from kislearn.sandbox.market.daily import DailyBar, DailyHistory, window_days, window_extreme
from kislearn.sandbox.market.intraday import DayPath, Trade, build_day_path

DEFAULT_SEED = "kislearn-market-v1"
PATH_CACHE_SIZE = 256  # day paths kept (about 150 KB each)


class UnknownSymbolError(KeyError):
    """A symbol the market has no price file for."""

    def __str__(self) -> str:
        return f"종목 {self.args[0]!r}의 시세 자료가 없습니다 (no price file for this symbol)"


@dataclass(frozen=True)
class Snapshot:
    """One symbol at one moment: the current trading day's bar so far and the moment's phase.

    ``bar`` is the day's bar up to the moment (before the first trade: open, high, low and close at the
    base price, volume 0 — sandbox's choice); ``traded`` says whether any trade has happened that day;
    ``previous`` is the bar of the trading day before.
    """

    symbol: str
    moment: datetime
    phase: Phase
    bar: DailyBar
    previous: DailyBar
    traded: bool
    last_trade: Trade | None

    @property
    def price(self) -> int:
        """The current price: the last trade's, or the base price before the day's first trade."""
        return self.bar.close


@dataclass(frozen=True, slots=True)
class MinuteBar:
    """One minute of trades, labelled by its first second (``time`` = HH:MM:00). Turnover and volume are also
    given as running totals of the day up to the end of the minute (``cum_*``)."""

    time: datetime
    open: int
    high: int
    low: int
    close: int
    volume: int
    cum_volume: int
    cum_turnover: int


class Market:
    """The sandbox's moving market over a set of price files (see the module docstring)."""

    def __init__(
        self,
        quotes: Mapping,
        *,
        seed: str = DEFAULT_SEED,
        calendar: KrxCalendar = KRX,
    ):
        """``quotes``: ``{symbol: (name, output)}`` or ``{symbol: (name, output, as_of)}``, where ``output`` is
        a price file's 주식현재가 시세 object (see :mod:`.anchor`); or objects with ``name`` and ``output``
        attributes (the sandbox's ``SamplePrice``)."""
        self.seed, self.calendar = seed, calendar
        self._files: dict = {}
        for symbol, value in quotes.items():
            if isinstance(value, tuple):
                name, output, *rest = value
                as_of = rest[0] if rest else None
            else:
                name, output, as_of = value.name, value.output, getattr(value, "as_of", None)
            self._files[symbol] = (name, output, as_of)
        self._anchors: dict = {}
        self._histories: dict = {}
        self._paths: OrderedDict = OrderedDict()
        self._minutes: OrderedDict = OrderedDict()  # whole days' minute bars
        self._extremes: dict = {}
        self._lock = threading.Lock()

    @classmethod
    def from_sample_data(cls, data_dirs: Iterable | None = None, **options) -> Market:
        """A market over the package's price files plus those in ``data_dirs`` (recordings included)."""
        from kislearn.sandbox.samples import load_prices  # the sandbox's loader (reads and checks the files)

        return cls(load_prices(data_dirs), **options)

    # -- symbols and their histories --------------------------------------------------------------------
    @property
    def symbols(self) -> list:
        return sorted(self._files)

    def __contains__(self, symbol: str) -> bool:
        """Does the market have a price file for ``symbol``?"""
        return symbol in self._files

    def name(self, symbol: str) -> str:
        return self._file(symbol)[0]

    def anchor(self, symbol: str) -> Anchor:
        """What the symbol's price file pins down (made on first use)."""
        with self._lock:
            if symbol not in self._anchors:
                name, output, as_of = self._file(symbol)
                self._anchors[symbol] = anchor_from_quote(symbol, name, output, as_of=as_of, calendar=self.calendar)
            return self._anchors[symbol]

    def history(self, symbol: str) -> DailyHistory:
        """The symbol's daily bars (made on first use)."""
        anchor = self.anchor(symbol)
        with self._lock:
            if symbol not in self._histories:
                self._histories[symbol] = DailyHistory(anchor, seed=self.seed, calendar=self.calendar)
            return self._histories[symbol]

    def _file(self, symbol: str) -> tuple:
        try:
            return self._files[symbol]
        except KeyError:
            raise UnknownSymbolError(symbol) from None

    # -- days -------------------------------------------------------------------------------------------
    def daily_bar(self, symbol: str, day: date) -> DailyBar | None:
        """The whole day's bar (as it is at the close), or None when the market was closed that day."""
        return self.history(symbol).bar(day)

    def daily_bars(self, symbol: str, start: date, end: date) -> list:
        """Whole-day bars from ``start`` to ``end`` (inclusive), oldest first."""
        return self.history(symbol).bars(start, end)

    def day_path(self, symbol: str, day: date) -> DayPath | None:
        """The trades of ``day`` (all of them, to the close), or None on a closed day."""
        key = (symbol, day)
        with self._lock:
            if key in self._paths:
                self._paths.move_to_end(key)
                return self._paths[key]
        bar, session = self.daily_bar(symbol, day), self.calendar.session(day)
        if bar is None or session is None:
            return None
        history = self.history(symbol)
        path = build_day_path(bar, session, seed=self.seed, symbol=symbol, typical_volume=history.typical_volume)
        with self._lock:
            self._paths[key] = path
            while len(self._paths) > PATH_CACHE_SIZE:
                self._paths.popitem(last=False)
        return path

    # -- moments ----------------------------------------------------------------------------------------
    def snapshot(self, symbol: str, moment: datetime) -> Snapshot:
        """The symbol at ``moment``: the current trading day's bar so far (see :class:`Snapshot`)."""
        moment = to_korea_time(moment)
        phase = self.calendar.phase(moment)
        day = phase.trading_day
        full = self.daily_bar(symbol, day)
        if full is None:
            raise ValueError(
                f"{moment:%Y-%m-%d}은(는) 샌드박스 시세 기록의 시작({self.history(symbol).first_day})보다 이릅니다 "
                "(before the history starts)"
            )
        previous = self.daily_bar(symbol, self.calendar.previous_trading_day(day))
        if phase.name == "closed_day":
            path = self.day_path(symbol, day)
            return Snapshot(symbol, moment, phase, full, previous, True, path.trade(len(path) - 1))
        path = self.day_path(symbol, day)
        count = path.count_at(moment)
        if count == 0:
            base = full.base
            bar = DailyBar(day, base, base, base, base, base, 0, 0)
            return Snapshot(symbol, moment, phase, bar, previous, False, None)
        i = count - 1
        bar = replace(
            full,
            high=path.run_high[i],
            low=path.run_low[i],
            close=path.prices[i],
            volume=path.cum_volume[i],
            turnover=path.cum_turnover[i],
        )
        return Snapshot(symbol, moment, phase, bar, previous, True, path.trade(i))

    def price_and_base(self, symbol: str, moment: datetime) -> tuple:
        """``(price, base)``: the current price at ``moment`` and the base price (기준가, the previous close) of its
        trading day — what a balance needs of each holding. The same as :meth:`snapshot`'s ``price`` and
        ``bar.base``, without building the day's path once the day is over, nor even the history on the price
        file's own day (its close and base are the file's): the sample accounts at the sample close cost nothing."""
        moment = to_korea_time(moment)
        phase = self.calendar.phase(moment)
        if phase.name in ("after_close", "closed_day"):
            anchor = self.anchor(symbol)
            if phase.trading_day == anchor.day:
                return anchor.close, anchor.base
            bar = self.daily_bar(symbol, phase.trading_day)
            if bar is not None:
                return bar.close, bar.base
        snap = self.snapshot(symbol, moment)
        return snap.price, snap.bar.base

    def bar_at(self, symbol: str, day: date, moment: datetime) -> DailyBar | None:
        """``day``'s bar as it stands at ``moment``: whole for a past day, so far for the current one, None for
        a later one or a closed day."""
        snap = self.snapshot(symbol, moment)
        if day == snap.bar.day:
            return snap.bar
        return self.daily_bar(symbol, day) if day < snap.bar.day else None

    def trades(self, symbol: str, start: datetime, end: datetime) -> list:
        """Every trade after ``start`` up to and including ``end`` (any number of days), in time order — what a
        live feed streams as the clock moves from ``start`` to ``end``."""
        start, end = to_korea_time(start), to_korea_time(end)
        found = []
        for day in self.calendar.trading_days(start.date(), end.date()):
            path = self.day_path(symbol, day)
            if path is not None:
                found.extend(path.trades_between(start, end))
        return found

    def minute_bars(self, symbol: str, day: date, until: datetime | None = None) -> list:
        """``day``'s minute bars, oldest first, up to ``until`` (the minute ``until`` falls in holds the trades
        so far); minutes without trades have no bar (09:00–15:19 and 15:30 on a normal day)."""
        path = self.day_path(symbol, day)
        if path is None:
            return []
        whole_day = until is None or to_korea_time(until) >= path.session.close
        if whole_day:
            with self._lock:
                cached = self._minutes.get((symbol, day))
            if cached is not None:
                return list(cached)
        bars = self._minute_bars(path, len(path) if whole_day else path.count_at(until))
        if whole_day:
            with self._lock:
                self._minutes[(symbol, day)] = tuple(bars)
                while len(self._minutes) > PATH_CACHE_SIZE:
                    self._minutes.popitem(last=False)
        return bars

    @staticmethod
    def _minute_bars(path: DayPath, count: int) -> list:
        bars: list = []  # [minute, open, high, low, close, volume, cum_volume, cum_turnover]
        for i in range(count):
            minute, price = path.seconds[i] // 60, path.prices[i]
            if not bars or bars[-1][0] != minute:
                bars.append([minute, price, price, price, price, 0, 0, 0])
            current = bars[-1]
            current[2] = max(current[2], price)
            current[3] = min(current[3], price)
            current[4] = price
            current[5] += path.quantities[i]
            current[6] = path.cum_volume[i]
            current[7] = path.cum_turnover[i]
        open_ = path.session.open
        return [MinuteBar(open_ + timedelta(minutes=m), o, h, low, c, v, cv, ct) for m, o, h, low, c, v, cv, ct in bars]

    # -- windows ----------------------------------------------------------------------------------------
    def extremes(self, symbol: str, snap: Snapshot) -> dict:
        """The 52-week (``"w52"``), 250-day (``"d250"``) and this year's (``"year"``) highs and lows at the
        snapshot's moment, including the current day so far: ``{"w52": ((high, day), (low, day)), ...}``."""
        day = snap.bar.day
        key = (symbol, day)
        with self._lock:
            before = self._extremes.get(key)
        if before is None:
            before = {}
            history = self.history(symbol)
            for window in ("w52", "d250", "year"):
                first, _ = window_days(day, window, self.calendar)
                bars = history.bars(first, day - timedelta(days=1))
                before[window] = (window_extreme(bars, "high"), window_extreme(bars, "low"))
            with self._lock:
                self._extremes[key] = before
        today_high, today_low = (snap.bar.high, day), (snap.bar.low, day)
        found = {}
        for window, (high, low) in before.items():
            high = today_high if high is None or (snap.traded and today_high[0] > high[0]) else high
            low = today_low if low is None or (snap.traded and today_low[0] < low[0]) else low
            found[window] = (high, low)
        return found

    def quote(self, symbol: str, moment: datetime) -> dict:
        """The 주식현재가 시세 (inquire-price) ``output`` at ``moment`` (see :mod:`.quote`)."""
        from kislearn.sandbox.market.quote import quote_output

        snap = self.snapshot(symbol, moment)
        return quote_output(self.anchor(symbol), snap, self.extremes(symbol, snap), self)
