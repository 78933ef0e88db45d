"""One trading day's trades: the intraday path, a bridge that fits the day's daily bar exactly.

How a day is made (sandbox's choice; deterministic, from the day's bar and :func:`~.randomness.draws`):

- **09:00:00 (the opening bell)** one trade at the open: the opening call auction's single price, about 1–2% of
  the day's volume.
- **Continuous trading, 09:00–15:20**: a few thousand trades, busiest just after the open and before the
  close. Their prices follow a Brownian bridge in log price from the open, through the day's high and low
  (each reached at a random trade, in a random order), to the close; reflected to stay between the low and
  the high, then put on the tick grid. One trade just after the low prints one tick above it.
- **15:20–15:30** nothing trades (the closing call auction); **15:30:00** one trade at the close, 4–9% of the
  volume.
- **Quantities** add up to the day's volume; they are tilted towards the higher or lower prices so the
  turnover (Σ price × quantity) is exactly the daily bar's, then the last won is settled by moving a few
  shares between the low and the trade one tick above it.

So the path's first price is the open, its last the close, its highest the high and its lowest the low, and
its volume and turnover are the bar's — the daily chart, the minute bars and the quote always agree.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate
from operator import mul

from kislearn.sandbox.market.calendar import Session, to_korea_time
from kislearn.sandbox.market.daily import DailyBar
from kislearn.sandbox.market.randomness import draws
from kislearn.sandbox.market.ticks import krx_tick_size, tick_up, to_tick

AVERAGE_GAP_SECONDS = 6.0  # continuous trading: about one trade every 6 seconds on a typical day


@dataclass(frozen=True)
class Trade:
    """One trade (체결): when, at what price, how many shares."""

    time: datetime
    price: int
    quantity: int


class DayPath:
    """The trades of one symbol on one trading day (see the module docstring), with running totals.

    ``seconds[i]`` is trade ``i``'s time in whole seconds after the opening bell; the arrays are in time order.
    """

    def __init__(self, bar: DailyBar, session: Session, seconds, prices, quantities):
        self.bar, self.session = bar, session
        self.seconds, self.prices, self.quantities = seconds, prices, quantities
        self.cum_volume = array("q", accumulate(quantities))
        self.cum_turnover = array("q", accumulate(map(mul, prices, quantities)))
        self.run_high = array("q", accumulate(prices, max))
        self.run_low = array("q", accumulate(prices, min))

    def __len__(self) -> int:
        return len(self.prices)

    def count_at(self, moment: datetime) -> int:
        """How many of the day's trades have happened at ``moment`` (a trade at exactly ``moment`` counts)."""
        elapsed = (to_korea_time(moment) - self.session.open).total_seconds()
        if elapsed < 0:
            return 0
        return bisect_right(self.seconds, math.floor(elapsed))

    def time_of(self, index: int) -> datetime:
        """When trade ``index`` happened."""
        return self.session.open + timedelta(seconds=self.seconds[index])

    def trade(self, index: int) -> Trade:
        return Trade(self.time_of(index), self.prices[index], self.quantities[index])

    def trades_between(self, start: datetime, end: datetime) -> list:
        """The trades after ``start`` up to and including ``end``."""
        return [self.trade(i) for i in range(self.count_at(start), self.count_at(end))]


def build_day_path(bar: DailyBar, session: Session, *, seed: str, symbol: str, typical_volume: int) -> DayPath:
    """The intraday path of ``bar``'s day (see the module docstring)."""
    rng = draws(seed, symbol, bar.day, "path")
    continuous = session.seconds - int((session.close - session.auction_start).total_seconds())
    activity = min(max(bar.volume / max(typical_volume, 1), 0.3), 3.0) ** 0.5
    count = int(continuous / AVERAGE_GAP_SECONDS * activity * rng.uniform(0.85, 1.15))
    count = max(min(count, bar.volume - 4), 0)  # every trade needs a share; four go to the prints and the pair
    times = _trade_seconds(rng, count, continuous)
    seconds = array("l", [0, *times, session.seconds])
    prices = _prices(bar, len(seconds), rng)
    quantities = _quantities(bar, prices, rng)
    return DayPath(bar, session, seconds, array("q", prices), array("q", quantities))


def _trade_seconds(rng, count: int, continuous: int) -> list:
    """``count`` trade seconds in continuous trading, sorted: busier after the open and before the auction."""
    random, expovariate, last = rng.random, rng.expovariate, continuous - 1
    seconds = []
    for _ in range(count):
        pick = random()
        share = expovariate(25) if pick < 0.16 else 1 - expovariate(25) if pick < 0.28 else random()
        seconds.append(min(max(int(share * continuous), 0), last))
    seconds.sort()
    return seconds


def _prices(bar: DailyBar, total: int, rng) -> list:
    """Prices of ``total`` trades: the open first, the close last, the high and low each reached once at least."""
    o, h, low, c = bar.open, bar.high, bar.low, bar.close
    if h == low or total < 4:
        return [o] * (total - 1) + [c] if total >= 2 else [c]
    last = total - 1
    points = {0: o, last: c}
    inner = list(range(1, last))
    if h not in (o, c):
        points[rng.choice(inner)] = h
    if low not in (o, c):
        free = [k for k in inner if k not in points] or inner
        points[rng.choice(free)] = low
    # Brownian bridge in log price between the points, noise scaled to the day's range
    spread = max(math.log(h / low), 1e-4)
    step = spread * 0.9 / math.sqrt(total)
    log_high, log_low = math.log(h), math.log(low)
    walk = [0.0] * total
    for k in range(1, total):
        walk[k] = walk[k - 1] + rng.gauss(0, step)
    prices = [0] * total
    ordered = sorted(points.items())
    tick = krx_tick_size(low)
    one_band = krx_tick_size(h) == tick  # the usual case: one tick size from the low to the high
    exp = math.exp
    for (a, price_a), (b, price_b) in zip(ordered, ordered[1:], strict=False):
        start, end = math.log(price_a), math.log(price_b)
        width, rise, walk_a = b - a, end - start, walk[a]
        slope = (walk[b] - walk_a) / width
        for k in range(a, b + 1):
            x = start + (k - a) * (rise / width - slope) + walk[k] - walk_a
            if x > log_high:
                x = 2 * log_high - x
            if x < log_low:
                x = 2 * log_low - x
            price = low + round((exp(x) - low) / tick) * tick if one_band else to_tick(exp(x))
            prices[k] = low if price < low else h if price > h else price
    for k, price in points.items():
        prices[k] = price
    # one trade just after the (first) low prints one tick above it: the pair that settles the last won
    low_at = prices.index(low)
    above = tick_up(low)
    for k in list(range(low_at + 1, last)) + list(range(low_at - 1, 0, -1)):
        if k not in points:
            prices[k] = min(above, h)
            break
    return prices


def _quantities(bar: DailyBar, prices: list, rng) -> list:
    """Quantities adding up to the bar's volume, with Σ price × quantity exactly the bar's turnover."""
    total = len(prices)
    if total == 1:
        return [bar.volume]
    opening = max(1, round(bar.volume * rng.uniform(0.008, 0.02)))
    closing = max(1, round(bar.volume * rng.uniform(0.04, 0.09)))
    middle = bar.volume - opening - closing
    inner = prices[1:-1]
    if middle < len(inner) or not inner:
        opening, closing = 1, 1
        middle = bar.volume - 2
    weights = [rng.lognormvariate(0, 0.9) for _ in inner]
    low, high = bar.low, bar.high
    if high > low and inner:
        target = (bar.turnover - bar.open * opening - bar.close * closing) / middle
        weights = _tilt(weights, inner, target, low, high)
    quantities = [opening, *_whole(weights, middle), closing]
    _settle(quantities, prices, bar.turnover, low, high)
    return quantities


def _tilt(weights: list, prices: list, target: float, low: int, high: int) -> list:
    """Weights × e^(λ·z), z the price's place in the day's range, with λ making the weighted average price
    ``target`` (Newton's method, kept between −60 and 60)."""
    mid, width = (low + high) / 2, high - low
    z = [(p - mid) / width for p in prices]
    lam = 0.0
    for _ in range(12):
        tilted = [w * math.exp(lam * zi) for w, zi in zip(weights, z, strict=True)]
        s0 = sum(tilted)
        s1 = sum(t * zi for t, zi in zip(tilted, z, strict=True))
        s2 = sum(t * zi * zi for t, zi in zip(tilted, z, strict=True))
        mean = s1 / s0
        error = mid + width * mean - target
        if abs(error) < 0.01:
            break
        slope = width * (s2 / s0 - mean * mean)
        if slope <= 1e-12:
            break
        lam = min(max(lam - error / slope, -60.0), 60.0)
    return [w * math.exp(lam * zi) for w, zi in zip(weights, z, strict=True)]


def _whole(weights: list, total: int) -> list:
    """Whole numbers ≥ 1 in proportion to ``weights``, adding up to ``total`` (largest remainders)."""
    spare = total - len(weights)
    scale = spare / sum(weights)
    raw = [w * scale for w in weights]
    whole = [int(r) for r in raw]
    left = spare - sum(whole)
    by_remainder = sorted(range(len(raw)), key=lambda k: raw[k] - whole[k], reverse=True)
    for k in by_remainder[:left]:
        whole[k] += 1
    return [w + 1 for w in whole]


def _settle(quantities: list, prices: list, turnover: int, low: int, high: int) -> None:
    """Move shares between trades so Σ price × quantity is exactly ``turnover`` (volume unchanged)."""
    if high == low:
        return
    tick = krx_tick_size(low)
    above = tick_up(low)
    low_at = prices.index(low)
    above_at = prices.index(above) if above in prices else None
    reserve = (high - low) // tick + 1
    missing = turnover - sum(p * q for p, q in zip(prices, quantities, strict=True))
    # coarse: from cheap trades to dear ones (or back), leaving the settling pair alone
    order = sorted((k for k in range(len(prices)) if k not in (low_at, above_at)), key=prices.__getitem__)
    while abs(missing) >= high - low and order:
        donors = order if missing > 0 else order[::-1]
        receiver = donors[-1]
        moved = False
        for donor in donors[:-1]:
            gap = abs(prices[receiver] - prices[donor])
            if gap == 0 or quantities[donor] <= 1:
                continue
            shares = min(quantities[donor] - 1, abs(missing) // gap)
            if shares <= 0:
                continue
            quantities[donor] -= shares
            quantities[receiver] += shares
            missing -= shares * gap if missing > 0 else -shares * gap
            moved = True
            if abs(missing) < high - low:
                break
        if not moved:
            break
    if above_at is None or missing % tick:
        raise ValueError(f"the path of {prices[0]}… cannot reach its turnover")  # pragma: no cover
    # fine: k shares between the low and one tick above it change the turnover by k ticks
    shares = abs(missing) // (above - low)
    donor, receiver = (low_at, above_at) if missing > 0 else (above_at, low_at)
    if quantities[donor] <= shares:
        biggest = max(range(len(quantities)), key=quantities.__getitem__)
        top_up = shares + reserve
        quantities[biggest] -= top_up
        quantities[donor] += top_up
        missing -= (prices[donor] - prices[biggest]) * top_up
        return _settle(quantities, prices, turnover, low, high)
    quantities[donor] -= shares
    quantities[receiver] += shares
