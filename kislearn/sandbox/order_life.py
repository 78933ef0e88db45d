"""The life of an order against the moving market: taken, filled (at once, or when the path reaches it), changed
(정정), cancelled (취소), lapsed at its day's close — and an account's books moving from one trading day to the next.

Pure functions of (an :class:`~kislearn.sandbox.orders.AccountState`, the :class:`Exchange`, a moment): nothing
here keeps state or talks HTTP; ``ledger.py`` keeps each app's accounts, ``order_routes.py`` answers.

**The fill model** (sandbox's choice; KRX's matching is far richer, this one is simple enough to explain and never
fills an order the path does not justify — see ``market/fills.py``):

- **At once.** During continuous trading (09:00–15:20) a market order, or a limit order that is *marketable* (a
  buy at or above the current price, a sell at or below it), fills in full at the current price, the last trade.
- **Resting.** Any other limit order waits. Every later trade *at or through* its limit fills it, up to that
  trade's quantity, at the limit price, until it is complete: **partial fills** happen when the trades that reach
  the limit are smaller than the order. **Priority**: the learner's order is first in line at its price; other
  learners' orders do not compete with it for the same trade.
- **Call auctions.** An order that arrives in the opening auction (08:30–09:00, the real host takes orders then)
  or the closing auction (15:20–15:30) waits for the auction's single price: a market order fills there in full,
  a limit order that the price reaches fills there up to the print's quantity.
- **When the market is closed** the sandbox takes orders only on clocks that keep the market open for the lessons
  (``course`` and ``fixed``, see ``order_hours``): an order then meets the last price as if the market stood still
  at that moment, a photograph — it fills at once at the last price when it is marketable against it, and
  otherwise waits for the next session. (A ``course`` clock is always inside a session; this is what a ``fixed``
  clock stopped at 15:30 or at night does.)
- **Day orders.** An order's day is the trading day it can first trade on (``session_day``); what is still open
  when the books move past that day lapses (만료): its cash and shares are free again.
- **Costs.** An order's fee (and a sale's taxes) is computed on everything it has filled so far, so an order
  that fills in parts pays what it would have paid filling at once. # sandbox's choice
- **Cash for a buy** is held back while the order is open (``OrderRecord.reserved``): its limit (a market order:
  the day's upper limit, as the official sheet costs an order without a price) × the open shares, plus the fee.

**The books over days** (``bookkeeping.roll_day``): the books describe one trading day, the one the market's quotes
show at the moment (today on a trading day, from midnight on; the last trading day on a weekend or holiday). When
the clock passes into the next trading day, the day's resting orders are matched up to its closing print, what
is left lapses, and the books roll: today's trades become yesterday's, D+1 cash becomes D+0, D+2 becomes D+1.
# sandbox's choice: KIS's balance still shows 금일 trades in the evening; the sandbox rolls when its quotes start
showing the new day, so a balance and a quote of the same moment always describe the same day.

Matching is trade by trade: bringing an account to a moment in one step or in many gives the same result, so the
ledger can do it whenever a request arrives.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from kislearn import sbx_codes
from kislearn.sandbox.bookkeeping import apply_fill, is_quiet, roll_day, with_orderable
from kislearn.sandbox.costs import TradingCosts
from kislearn.sandbox.market.fills import Fill, day_end, first_trade_fill, resting_fills
from kislearn.sandbox.market.ticks import price_limits
from kislearn.sandbox.orders import (
    CANCEL,
    MODIFY,
    NEW,
    AccountState,
    Order,
    OrderRecord,
    Revision,
    buy_cash_needed,
    check_limit_price,
    is_marketable,
    refuse,
)

ACCEPTED, FILLED = "accepted", "filled"  # OrderNotice.kind
AUCTIONS = ("opening_auction", "closing_auction")


@dataclass(frozen=True)
class Exchange:
    """What orders meet: the moving market, each symbol's listing (its name and KRX market, for the taxes) and
    the fees and taxes."""

    market: object  # kislearn.sandbox.market.Market
    listings: Mapping  # symbol -> SamplePrice (name, market)
    costs: TradingCosts

    @property
    def calendar(self):
        return self.market.calendar

    def name(self, symbol: str) -> str:
        listing = self.listings.get(symbol)
        return listing.name if listing is not None else ""

    def costs_of(self, side: str, symbol: str, amount: int) -> int:
        """The fee of a buy, or the fee and taxes of a sale, of shares worth ``amount`` won."""
        if side == "buy":
            return self.costs.buy_fee(amount)
        return self.costs.sale_costs(amount, self.listings[symbol].market).total


@dataclass(frozen=True)
class OrderNotice:
    """Something that happened to an order: it was accepted (a new, 정정 or 취소 order), or part of it filled
    (``fill``). ``record`` is the order as it stands right after."""

    kind: str  # ACCEPTED or FILLED
    record: OrderRecord
    fill: Fill | None = None


# ---------------------------------------------------------------------------------------------------
# Time passing: matching resting orders, and the books' day ending
# ---------------------------------------------------------------------------------------------------
def advance(state: AccountState, exchange: Exchange, now: datetime) -> tuple:
    """The account at ``now``: resting orders matched against the trades since they were last matched, and the
    books rolled over every trading day that ended. Returns ``(state, notices)``."""
    calendar = exchange.calendar
    target = calendar.phase(now).trading_day  # the day the market's quotes show at ``now``
    notices: list = []
    while True:
        if state.open_orders():
            until = now if state.day >= target else calendar.session(state.day).close
            state, matched = match(state, exchange, until)
            notices += matched
        if state.day >= target:
            break
        if not state.open_orders() and is_quiet(state.output1, state.summary):
            state = replace(state, day=target, assets_offset=0)  # nothing left to settle: skip the empty days
            break
        state = end_day(state, exchange)
    if state.processed is None or now > state.processed:
        state = replace(state, processed=now)
    return state, notices


def match(state: AccountState, exchange: Exchange, until: datetime) -> tuple:
    """Fill the open orders from the trades after ``state.processed`` (or after each order was placed) up to
    ``until``, in time order (ties: the older order first). Returns ``(state, notices)``."""
    market, calendar = exchange.market, exchange.calendar
    found = []
    for record in state.open_orders():
        if record.session_day > state.day:
            continue  # taken after a close: it trades from its own session on
        start = record.placed if state.processed is None else max(state.processed, record.placed)
        stop = min(until, calendar.session(record.session_day).close)
        if stop <= start:
            continue
        order = record.order
        if order.is_market:
            fills = first_trade_fill(market, order.symbol, record.open_quantity, start, stop)
        else:
            fills = resting_fills(market, order.symbol, order.side, order.price, record.open_quantity, start, stop)
        found += [(fill.time, record.odno, fill) for fill in fills]
    notices = []
    for _time, odno, fill in sorted(found, key=lambda item: (item[0], item[1])):
        state, notice = fill_order(state, state.find(odno), fill, exchange)
        notices.append(notice)
    if state.processed is None or until > state.processed:
        state = replace(state, processed=until)
    return state, notices


def end_day(state: AccountState, exchange: Exchange) -> AccountState:
    """The books one trading day on: the day's open orders lapse, then ``bookkeeping.roll_day``."""
    orders = tuple(
        replace(record, lapsed=True, reserved=0) if record.open_quantity and record.session_day <= state.day else record
        for record in state.orders
    )
    rows, summary = roll_day(state.output1, state.summary)
    state = replace(
        state,
        output1=rows,
        summary=summary,
        orders=orders,
        day=exchange.calendar.next_trading_day(state.day),
        assets_offset=0,
    )
    return replace(state, output1=with_orderable(state.output1, state.resting_sell_quantity))


def fill_order(state: AccountState, record: OrderRecord, fill: Fill, exchange: Exchange) -> tuple:
    """``fill`` of ``record`` on the books: returns ``(state, notice)``."""
    order = record.order
    amount = record.amount + fill.price * fill.quantity
    costs = exchange.costs_of(order.side, order.symbol, amount)
    rows, summary = apply_fill(
        state.output1,
        state.summary,
        order.side,
        order.symbol,
        exchange.name(order.symbol),
        fill.quantity,
        fill.price,
        costs - record.costs,
    )
    record = replace(record, fills=(*record.fills, fill), costs=costs)
    record = replace(record, reserved=reservation(record, exchange.costs))
    state = with_record(replace(state, output1=rows, summary=summary), record)
    return state, OrderNotice(FILLED, record, fill)


def reservation(record: OrderRecord, costs: TradingCosts) -> int:
    """The cash an open buy holds back: its cost basis × the open shares, plus the fee the whole order would pay
    on top of what it paid so far."""
    if record.order.side != "buy" or not record.open_quantity:
        return 0
    still = record.cost_basis * record.open_quantity
    return still + costs.buy_fee(record.amount + still) - record.costs


def with_record(state: AccountState, record: OrderRecord) -> AccountState:
    """``state`` with ``record`` replacing the order of its number (or added last), and ord_psbl_qty redone."""
    orders = state.orders
    if any(r.odno == record.odno for r in orders):
        orders = tuple(record if r.odno == record.odno else r for r in orders)
    else:
        orders = (*orders, record)
    state = replace(state, orders=orders)
    return replace(state, output1=with_orderable(state.output1, state.resting_sell_quantity))


# ---------------------------------------------------------------------------------------------------
# Taking an order
# ---------------------------------------------------------------------------------------------------
def place(
    state: AccountState,
    order: Order,
    exchange: Exchange,
    now: datetime,
    flavour: str,
    odno: str,
    *,
    kind: str = NEW,
    original: str = "",
) -> tuple:
    """Check ``order`` against the market and the account at ``now`` (already :func:`advance`-d there); fill it at
    once or let it rest. Returns ``(state, record, notices)``; raises :class:`~kislearn.sandbox.responses.Refusal`.

    Checks, in order: the symbol → a limit price's limits (하한가–상한가 of the day) and tick → the cash (a buy:
    cost basis × quantity + fee, within D+2 cash minus what open buys hold back) or the shares (a sell: within
    ord_psbl_qty)."""
    market = exchange.market
    if order.symbol not in market:
        raise refuse(sbx_codes.UNKNOWN_SYMBOL_ORDER, flavour, symbol=order.symbol)
    snap = market.snapshot(order.symbol, now)
    upper, lower = price_limits(snap.bar.base)
    if not order.is_market:
        check_limit_price(order.price, lower, upper, flavour)
    basis = upper if order.is_market else order.price
    if order.side == "buy":
        needed, available = buy_cash_needed(basis, order.quantity, exchange.costs), state.orderable_cash()
        if needed > available:
            raise refuse(sbx_codes.NOT_ENOUGH_CASH, flavour, needed=needed, available=max(available, 0))
    else:
        row = state.row_of(order.symbol)
        if row is None or int(row["hldg_qty"]) == 0:
            raise refuse(sbx_codes.NO_HOLDING, flavour, symbol=order.symbol)
        orderable = int(row["ord_psbl_qty"])
        if order.quantity > orderable:
            raise refuse(sbx_codes.NOT_ENOUGH_SHARES, flavour, quantity=order.quantity, orderable=orderable)

    session_day = day_end(now, exchange.calendar).date()
    record = OrderRecord(odno, f"{now:%H%M%S}", order, now, session_day, kind=kind, original=original, cost_basis=basis)
    record = replace(record, reserved=reservation(record, exchange.costs))
    state = with_record(state, record)
    notices = [OrderNotice(ACCEPTED, record)]
    if snap.phase.name not in AUCTIONS and is_marketable(order, snap.price):
        state, notice = fill_order(state, record, Fill(now, snap.price, order.quantity), exchange)
        record = notice.record
        notices.append(notice)
    return state, record, notices


def revise(
    state: AccountState, revision: Revision, exchange: Exchange, now: datetime, flavour: str, odno: str
) -> tuple:
    """A 주식주문(정정취소) of an open order at ``now``: returns ``(state, record, notices)``, ``record`` being the new
    취소 or 정정 order (numbered ``odno``).

    - 취소 takes the shares off the original (``cancelled``, 취소확인수량), freeing their cash or shares; the 취소
      order itself is done at once.
    - 정정 moves the shares to a new order with the new price or division (users' records: a 정정 gets a new order
      number, and the original then has nothing left to cancel); the new order is checked and placed like a new
      one, with the original's cash and shares already freed.
    """
    original = state.find(revision.original)
    if original is None or not original.open_quantity:
        raise refuse(sbx_codes.NOTHING_TO_REVISE, flavour, odno=revision.original)
    remaining = original.open_quantity
    quantity = remaining if revision.all_remaining else revision.quantity
    if quantity > remaining:
        raise refuse(sbx_codes.TOO_MANY_TO_REVISE, flavour, quantity=quantity, remaining=remaining)
    side, symbol = original.order.side, original.order.symbol
    if revision.action == CANCEL:
        changed = replace(original, cancelled=original.cancelled + quantity)
        changed = replace(changed, reserved=reservation(changed, exchange.costs))
        cancel = OrderRecord(
            odno,
            f"{now:%H%M%S}",
            Order(side, symbol, original.order.division, quantity, original.order.price),
            now,
            original.session_day,
            kind=CANCEL,
            original=original.odno,
        )
        state = with_record(with_record(state, changed), cancel)
        return state, cancel, [OrderNotice(ACCEPTED, cancel)]
    changed = replace(original, moved=original.moved + quantity)
    changed = replace(changed, reserved=reservation(changed, exchange.costs))
    order = Order(side, symbol, revision.division, quantity, revision.price)
    return place(with_record(state, changed), order, exchange, now, flavour, odno, kind=MODIFY, original=original.odno)
