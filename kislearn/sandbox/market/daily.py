"""Daily bars: one symbol's history, a chain of closes that passes through its price file.

How the chain is made (sandbox's choice; every draw from :func:`~.randomness.draws`, so deterministic):

1. **The anchor day** (see :mod:`.anchor`) is the file's own bar; the day before closes at the file's base
   price, with the file's high, low, direction and volume when the pivot levels and volume rate give them.
2. **The year before it** (the 52-week, 250-day and year-to-date windows of the anchor day) is a bridge of
   log closes through pinned points — the day before the anchor and the days of the file's highs and lows —
   with Brownian noise between them, kept under the file's highs and over its lows on every other day. The
   result is checked: the windows' extremes recomputed from the bars must be the file's, on the file's dates,
   and every bar must obey the daily limits. If not, the extremes are dropped (then the day-before pins) and
   the bridge is drawn again — the quote is recomputed from the history anyway, so it stays consistent.
3. **Older days** walk backwards from there, **later days** forwards from the anchor: each close a random
   log return (about ``σ`` a day, σ from the file's 52-week range, now and then a jump of 3σ) with a slow pull
   back towards the anchor's close, so prices stay plausible for years.

Each bar: the open a small gap from the previous close, the high and low a random distance beyond the open
and close, all on the tick grid and inside the day's ±30% limits; the volume around the anchor day's, larger
on days that move more; the turnover the volume times a price between the low and the high, rounded to the
day's smallest tick (the intraday path is built to add up to exactly this).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from datetime import date, timedelta

from kislearn.sandbox.market.anchor import Anchor
from kislearn.sandbox.market.calendar import KRX, KrxCalendar
from kislearn.sandbox.market.randomness import draws
from kislearn.sandbox.market.ticks import krx_tick_size, price_limits, tick_down, tick_up, to_tick

REVERSION = 0.004  # daily pull of the log price back towards the anchor's close (half-life ~170 days)
JUMP_CHANCE = 0.03
EARLIEST_DAY = date(2016, 1, 4)  # the first trading day of the calendar table: history starts here


@dataclass(frozen=True, slots=True)
class DailyBar:
    """One trading day: prices in won, ``base`` the 기준가 (the previous close)."""

    day: date
    base: int
    open: int
    high: int
    low: int
    close: int
    volume: int
    turnover: int

    @property
    def change(self) -> int:
        """전일 대비: the close minus the previous close."""
        return self.close - self.base

    @property
    def limits(self) -> tuple:
        """(상한가, 하한가) of the day."""
        return price_limits(self.base)


def change_sign(price: int, base: int) -> str:
    """전일 대비 부호 (official): 1 상한, 2 상승, 3 보합, 4 하한, 5 하락."""
    upper, lower = price_limits(base)
    if price >= upper and price > base:
        return "1"
    if price <= lower and price < base:
        return "4"
    return "2" if price > base else "5" if price < base else "3"


def window_days(day: date, window: str, calendar: KrxCalendar = KRX) -> tuple:
    """The first and last day of a price window ending at ``day`` (inclusive). # sandbox's choice
    ``"w52"``: the 52 weeks up to ``day``; ``"d250"``: the last 250 trading days; ``"year"``: since 1 January."""
    if window == "w52":
        return day - timedelta(weeks=52) + timedelta(days=1), day
    if window == "year":
        return date(day.year, 1, 1), day
    return calendar.add_trading_days(day, -249), day


def window_extreme(bars, kind: str):
    """(price, day) of the highest high (``"high"``) or lowest low in ``bars`` (oldest first); ties: the
    earliest day. # sandbox's choice"""
    best = None
    for bar in bars:
        value = bar.high if kind == "high" else bar.low
        if best is None or (value > best[0] if kind == "high" else value < best[0]):
            best = (value, bar.day)
    return best


class DailyHistory:
    """The daily bars of one symbol, made on demand and kept (a few hundred bytes a bar). Thread-safe."""

    def __init__(self, anchor: Anchor, *, seed: str, calendar: KrxCalendar = KRX):
        self.anchor, self.seed, self.calendar = anchor, seed, calendar
        self.sigma = anchor.daily_volatility
        self.typical_volume = max(anchor.volume, 1000)
        self._bars: dict = {}
        self._lock = threading.Lock()
        self.pins_kept = self._build_anchor_year()
        self._first = min(self._bars)
        self._last = max(self._bars)

    # -- reading --------------------------------------------------------------------------------------
    @property
    def first_day(self) -> date:
        """The oldest day the history can have (it is made when asked for)."""
        return max(self.calendar.on_or_after(EARLIEST_DAY), EARLIEST_DAY)

    def bar(self, day: date) -> DailyBar | None:
        """The bar of ``day``, or None when the market was closed or the day is before the history starts."""
        if day < self.first_day or not self.calendar.is_trading_day(day):
            return None
        with self._lock:
            self._extend_to(day)
            return self._bars[day]

    def bars(self, start: date, end: date) -> list:
        """Every bar from ``start`` to ``end`` (inclusive), oldest first."""
        start = max(start, self.first_day)
        if end < start:
            return []
        days = self.calendar.trading_days(start, end)
        if not days:
            return []
        with self._lock:
            self._extend_to(days[0])
            self._extend_to(days[-1])
            return [self._bars[d] for d in days]

    # -- building -------------------------------------------------------------------------------------
    def _extend_to(self, day: date) -> None:
        while day > self._last:
            following = self.calendar.next_trading_day(self._last)
            self._bars[following] = self._forward_bar(following, self._bars[self._last].close)
            self._last = following
        while day < self._first:
            earlier = self.calendar.previous_trading_day(self._first)
            self._bars[earlier] = self._backward_bar(earlier, self._bars[self._first].base)
            self._first = earlier

    def _log_return(self, rng) -> float:
        shock = rng.gauss(0, self.sigma)
        if rng.random() < JUMP_CHANCE:
            shock += rng.gauss(0, 3 * self.sigma)
        return max(min(shock, 0.22), -0.22)

    def _forward_bar(self, day: date, base: int) -> DailyBar:
        rng = draws(self.seed, self.anchor.symbol, day, "day")
        pull = -REVERSION * math.log(base / self.anchor.close)
        close = _within_limits(to_tick(base * math.exp(pull + self._log_return(rng))), base)
        return self._make_bar(day, base, close, rng)

    def _backward_bar(self, day: date, close: int) -> DailyBar:
        rng = draws(self.seed, self.anchor.symbol, day, "day")
        pull = REVERSION * math.log(close / self.anchor.close)
        base = to_tick(close * math.exp(-(pull + self._log_return(rng))))
        base = _base_for(close, base)
        return self._make_bar(day, base, close, rng)

    def _make_bar(self, day, base, close, rng, *, cap=None, floor=None, pins=None) -> DailyBar:
        """A bar around a known base and close; ``cap``/``floor`` bound its high/low, ``pins`` fix values."""
        pins = pins or {}
        upper, lower = price_limits(base)
        gap = rng.gauss(0, 0.4 * self.sigma)
        opening = min(max(to_tick(base * math.exp(gap)), lower), upper)
        high = to_tick(max(opening, close) * math.exp(abs(rng.gauss(0, 0.6 * self.sigma))), "up")
        low = to_tick(min(opening, close) * math.exp(-abs(rng.gauss(0, 0.6 * self.sigma))), "down")
        high, low = min(high, upper), max(low, lower)
        if cap is not None:
            high = min(high, cap)
        if floor is not None:
            low = max(low, floor)
        high, low = pins.get("high", high), pins.get("low", low)
        direction = pins.get("direction")
        if direction == 0:  # which side of the close the open was
            opening = close
        elif direction is not None:
            opening = _between(low, tick_down(close), rng) if direction > 0 else _between(tick_up(close), high, rng)
        opening = min(max(opening, low), high)
        high, low = max(high, opening, close), min(low, opening, close)
        move = abs(math.log(close / base)) / self.sigma
        volume = pins.get("volume") or max(
            1, round(self.typical_volume * rng.lognormvariate(0, 0.35) * (1 + 0.5 * min(move, 4)))
        )
        turnover = pins.get("turnover") or day_turnover(volume, low, high, rng)
        return DailyBar(day, base, opening, high, low, close, volume, turnover)

    # -- the anchor's year ------------------------------------------------------------------------------
    def _build_anchor_year(self) -> str:
        """Make the anchor day and the year before it; returns which pins were kept."""
        for attempt, keep in enumerate(("all", "previous day", "base only")):
            bars = self._anchor_year(keep, attempt)
            if bars is not None:
                self._bars.update((bar.day, bar) for bar in bars)
                return keep
        raise AssertionError("unreachable: the base-only bridge always fits")  # pragma: no cover

    def _anchor_year(self, keep: str, attempt: int) -> list | None:
        anchor, calendar = self.anchor, self.calendar
        start = min(window_days(anchor.day, w, calendar)[0] for w in ("w52", "d250", "year"))
        days = calendar.trading_days(max(start, self.first_day), calendar.previous_trading_day(anchor.day))
        if not days:
            return None
        index = {day: k for k, day in enumerate(days)}
        rng = draws(self.seed, anchor.symbol, anchor.day, "anchor-year", attempt)
        extremes = [e for e in anchor.extremes if e.day < anchor.day] if keep == "all" else []
        if any(e.day not in index for e in extremes):
            return None
        # Pinned log closes: the day before the anchor closes at the base; a high's or low's day near it.
        pinned = {len(days) - 1: math.log(anchor.base)}
        for extreme in extremes:
            offset = abs(rng.gauss(0, 0.5 * self.sigma))
            pinned.setdefault(
                index[extreme.day], math.log(extreme.price) + (-offset if extreme.kind == "high" else offset)
            )
        closes = self._bridge(len(days), pinned, rng)
        caps, floors = self._bands(days, extremes)
        day_pins: dict = {index[e.day]: {} for e in extremes}
        for extreme in extremes:
            day_pins[index[extreme.day]][extreme.kind] = extreme.price
        last = day_pins.setdefault(len(days) - 1, {})
        if keep != "base only":
            for name, value in (
                ("high", anchor.previous_high),
                ("low", anchor.previous_low),
                ("direction", anchor.previous_direction),
                ("volume", anchor.previous_volume),
            ):
                if value is not None:
                    last.setdefault(name, value)
        prices = []
        for k, log_close in enumerate(closes):
            close = to_tick(math.exp(log_close))
            if k in day_pins and "high" in day_pins[k]:
                close = min(close, day_pins[k]["high"])
            if k in day_pins and "low" in day_pins[k]:
                close = max(close, day_pins[k]["low"])
            if caps[k] is not None:
                close = min(close, caps[k])
            if floors[k] is not None:
                close = max(close, floors[k])
            prices.append(close)
        prices[-1] = anchor.base
        bars = []
        base = _base_for(prices[0], to_tick(prices[0] * math.exp(-rng.gauss(0, self.sigma))))
        for k, day in enumerate(days):
            day_rng = draws(self.seed, anchor.symbol, day, "day", attempt)
            bar = self._make_bar(day, base, prices[k], day_rng, cap=caps[k], floor=floors[k], pins=day_pins.get(k))
            if not _valid(bar):
                return None
            bars.append(bar)
            base = bar.close
        anchor_bar = DailyBar(
            anchor.day,
            anchor.base,
            anchor.open,
            anchor.high,
            anchor.low,
            anchor.close,
            anchor.volume or self.typical_volume,
            anchor.turnover or day_turnover(anchor.volume or self.typical_volume, anchor.low, anchor.high, rng),
        )
        if not _valid(anchor_bar):
            return None
        bars.append(anchor_bar)
        if extremes and not self._extremes_match(bars):
            return None
        return bars

    def _bridge(self, count: int, pinned: dict, rng) -> list:
        """Log closes for ``count`` days: Brownian bridges between pinned positions, a free walk before the
        first pin."""
        walk = [0.0]
        for _ in range(count - 1):
            walk.append(walk[-1] + rng.gauss(0, self.sigma))
        points = sorted(pinned.items())
        closes = [0.0] * count
        first, first_value = points[0]
        for k in range(first + 1):
            closes[k] = first_value + walk[k] - walk[first]
        for (a, value_a), (b, value_b) in zip(points, points[1:], strict=False):
            for k in range(a, b + 1):
                share = (k - a) / (b - a)
                noise = walk[k] - walk[a] - share * (walk[b] - walk[a])
                closes[k] = value_a + share * (value_b - value_a) + noise
        return closes

    def _bands(self, days: list, extremes: list) -> tuple:
        """Per-day caps and floors that keep every non-pinned day strictly inside the file's extremes."""
        caps: list = [None] * len(days)
        floors: list = [None] * len(days)
        for extreme in extremes:
            first, last = window_days(self.anchor.day, extreme.window, self.calendar)
            for k, day in enumerate(days):
                if not first <= day <= last:
                    continue
                if extreme.kind == "high":
                    bound = extreme.price if day == extreme.day else tick_down(extreme.price)
                    caps[k] = bound if caps[k] is None else min(caps[k], bound)
                else:
                    bound = extreme.price if day == extreme.day else tick_up(extreme.price)
                    floors[k] = bound if floors[k] is None else max(floors[k], bound)
        return caps, floors

    def _extremes_match(self, bars: list) -> bool:
        for extreme in self.anchor.extremes:
            first, last = window_days(self.anchor.day, extreme.window, self.calendar)
            found = window_extreme([b for b in bars if first <= b.day <= last], extreme.kind)
            if found != (extreme.price, extreme.day):
                return False
        return True


def day_turnover(volume: int, low: int, high: int, rng) -> int:
    """A day's turnover: the volume times a price in the middle half of the day's range, as a multiple of the
    day's smallest tick (so trades on the grid can add up to it exactly)."""
    if volume <= 0:
        return 0
    if high == low:
        return volume * low
    tick = krx_tick_size(low)
    average = low + (high - low) * rng.uniform(0.35, 0.65)
    return round(volume * average / tick) * tick


def _between(low: int, high: int, rng) -> int:
    """A tick price between ``low`` and ``high`` (inclusive); ``low`` when the range is empty."""
    if high <= low:
        return low
    return min(max(to_tick(low + (high - low) * rng.random()), low), high)


def _within_limits(price: int, base: int) -> int:
    upper, lower = price_limits(base)
    return min(max(price, lower), upper)


def _base_for(close: int, guess: int) -> int:
    """A previous close near ``guess`` whose limits allow ``close``."""
    base = guess
    for _ in range(200):
        upper, lower = price_limits(base)
        if lower <= close <= upper:
            return base
        base = tick_up(base) if close > upper else tick_down(base)
    return close  # pragma: no cover


def _valid(bar: DailyBar) -> bool:
    upper, lower = price_limits(bar.base)
    prices = (bar.open, bar.high, bar.low, bar.close)
    on_grid = all(p > 0 and p % krx_tick_size(p) == 0 for p in prices)
    ordered = lower <= bar.low <= min(bar.open, bar.close) <= max(bar.open, bar.close) <= bar.high <= upper
    return on_grid and ordered and bar.volume > 0
