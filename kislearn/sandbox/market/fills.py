"""When and at what price an order fills against the market's path. Pure functions; the ledger keeps state.

The fill model (sandbox's choice — KIS's and KRX's matching is far richer; this one is simple enough to explain
to a beginner and never gives a fill the path does not justify):

- **At once** — a market order, or a limit order that is *marketable* when it arrives (a buy at or above the
  current price, a sell at or below it), fills in full at the current price (the last trade), as the sandbox
  always did. During a call auction (before the open, 15:20–15:30) nothing fills at once; the order waits.
- **Resting** — a limit order that is not marketable waits on the book. Every trade printed after it arrived
  *at or through* its price (for a buy: at or below the limit; for a sell: at or above) fills it, up to that
  trade's quantity, until the order is complete. Priority: your order is first in line at its price, and other
  orders of the sandbox do not compete with it for the same trade.
- **Fill price** — a resting order trades at its own limit price (the exchange's rule for the order already on
  the book), except at the opening and closing prints, single-price call auctions, where everything that
  trades trades at the auction price.
- **A market order in a call auction** (it arrived between 08:30 and the open, or in the last ten minutes)
  waits for the auction's single price and fills there in full (:func:`first_trade_fill`).
- **Day orders** — an unfilled order lasts until the close of its trading day (:func:`day_end`); an order
  accepted when the market is closed (the sandbox may allow that in its always-open course clock, or as a
  reservation) waits for the next session.

Because fills are computed trade by trade, asking for (t0, t1] and then (t1, t2] with the quantity still open
gives exactly the fills of (t0, t2]: the ledger can check an order as often as it likes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kislearn.sandbox.market.calendar import KRX, KrxCalendar, to_korea_time

SIDES = ("buy", "sell")


@dataclass(frozen=True)
class Fill:
    """Part or all of an order, done: when, at what price, how many shares."""

    time: datetime
    price: int
    quantity: int


def is_marketable(side: str, limit: int, price: int) -> bool:
    """A buy at or above ``price`` or a sell at or below it fills at once."""
    _check_side(side)
    return limit >= price if side == "buy" else limit <= price


def crosses(side: str, limit: int, trade_price: int) -> bool:
    """Does a trade at ``trade_price`` reach a resting order at ``limit``?"""
    _check_side(side)
    return trade_price <= limit if side == "buy" else trade_price >= limit


def immediate_fill(market, symbol: str, side: str, quantity: int, moment: datetime, limit: int | None = None):
    """The fill of an order arriving at ``moment``: a market order (``limit`` None) or a marketable limit order
    fills in full at the current price; returns a :class:`Fill`, or None when it does not fill at once
    (not marketable, or the market is not in continuous trading)."""
    snap = market.snapshot(symbol, moment)
    if snap.phase.name != "continuous" or not snap.traded:
        return None
    price = snap.price
    if limit is not None and not is_marketable(side, limit, price):
        return None
    return Fill(to_korea_time(moment), price, quantity)


def resting_fills(market, symbol: str, side: str, limit: int, quantity: int, after: datetime, until: datetime) -> list:
    """The fills of a resting limit order for ``quantity`` shares from the trades after ``after`` up to and
    including ``until`` (see the module docstring). The total never exceeds ``quantity``."""
    _check_side(side)
    fills, left = [], quantity
    for day in market.calendar.trading_days(to_korea_time(after).date(), to_korea_time(until).date()):
        path = market.day_path(symbol, day)
        if path is None:
            continue
        last = len(path) - 1
        for i in range(path.count_at(after), path.count_at(until)):
            price = path.prices[i]
            if not crosses(side, limit, price):
                continue
            at = price if i in (0, last) else limit  # call auctions: the single price for everyone
            done = min(left, path.quantities[i])
            fills.append(Fill(path.time_of(i), at, done))
            left -= done
            if left == 0:
                return fills
    return fills


def first_trade_fill(market, symbol: str, quantity: int, after: datetime, until: datetime) -> list:
    """A market order that waited: the first trade after ``after`` up to ``until`` (the auction's print) fills all
    ``quantity`` shares at its price; ``[]`` when no trade happened in between."""
    for day in market.calendar.trading_days(to_korea_time(after).date(), to_korea_time(until).date()):
        path = market.day_path(symbol, day)
        if path is None:
            continue
        first, stop = path.count_at(after), path.count_at(until)
        if first < stop:
            return [Fill(path.time_of(first), path.prices[first], quantity)]
    return []


def day_end(moment: datetime, calendar: KrxCalendar = KRX) -> datetime:
    """When a day order placed at ``moment`` lapses: the close of that day's session, or of the next session
    when the market is already closed."""
    moment = to_korea_time(moment)
    session = calendar.session(moment.date())
    if session is not None and moment < session.close:
        return session.close
    return calendar.session(calendar.next_trading_day(moment.date())).close


def _check_side(side: str) -> None:
    if side not in SIDES:
        raise ValueError(f"side는 'buy' 또는 'sell'이어야 합니다 (got {side!r})")
