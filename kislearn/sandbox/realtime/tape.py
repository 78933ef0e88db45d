"""The tape of one symbol's trading day: every trade of the market's path, with what a live feed reports beside
it — who started the trade, running counts and volumes, when the high and low were set, and the order book.

The market model (:mod:`kislearn.sandbox.market`) makes the trades; a feed needs a little more, all of it the
sandbox's choice (KRX does not publish who traded with whom), deterministic and made once per symbol and day:

- **Side** (체결구분 ``CCLD_DVSN``: 1 매수, 3 장전, 5 매도): the opening call auction's single price at 09:00 is
  "3"; every other trade follows the tick rule — above the previous price a buy, below it a sell, at the same
  price the side of the trade before.
- **Counts and volumes**: buy and sell trades and shares since the open (the opening print counts for neither).
- **The order book** after each trade: a one-tick spread, the trade at the ask for a buy and at the bid for a
  sell; ten levels a side one tick apart (none beyond the day's price limits: price 0, quantity 0, as KIS shows
  an empty level); quantities drawn around a few times the day's average trade, growing with depth
  (:data:`SIZE_FACTORS`).

    tapes = TapeLibrary(market)
    tape = tapes.get("005930", day)        # None on a closed day
    tape.side[i], tape.book(i).asks[0]
"""

from __future__ import annotations

import math
import random
import threading
from array import array
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime
from statistics import NormalDist

from kislearn.sandbox.market.randomness import draws
from kislearn.sandbox.market.ticks import price_limits, tick_down, tick_up

BUY, PRE_OPEN, SELL = "1", "3", "5"  # 체결구분 (official codes)
BOOK_LEVELS = 10  # 매도호가1–10, 매수호가1–10 (official)
# A level's quantity: the day's average trade × 3 × (1 + level/4) × one of 64 log-normal factors (σ 0.6),
# the 64 equally likely quantiles, picked by 6 random bits
SIZE_FACTORS = tuple(math.exp(0.6 * NormalDist().inv_cdf((k + 0.5) / 64)) for k in range(64))
TAPE_CACHE_SIZE = 64  # tapes kept, with their books and record texts (about 1 MB each when a whole day is sent)


@dataclass(frozen=True)
class Book:
    """The order book after one trade: prices and quantities, best first (0 for an empty level)."""

    asks: tuple
    bids: tuple
    ask_quantities: tuple
    bid_quantities: tuple

    @property
    def total_ask(self) -> int:
        return sum(self.ask_quantities)

    @property
    def total_bid(self) -> int:
        return sum(self.bid_quantities)


class Tape:
    """One symbol's trades on one day (the market's :class:`~kislearn.sandbox.market.DayPath`) and their context.

    ``previous_path`` is the trading day before's path (for 전일 동시간 누적 거래량), ``listed_shares`` the price
    file's 상장주수 (for 거래량 회전율).
    """

    def __init__(self, symbol: str, path, previous_path, listed_shares: int, seed: str):
        self.symbol, self.path, self.previous_path = symbol, path, previous_path
        self.day: date = path.bar.day
        self.base: int = path.bar.base
        self.upper, self.lower = price_limits(self.base)
        self.listed_shares = listed_shares
        self.previous_volume = previous_path.bar.volume if previous_path is not None else 0
        self._book_seed = draws(seed, symbol, self.day, "book").getrandbits(64)
        self._book_unit = max(1, path.bar.volume // max(len(path), 1)) * 3
        self._make_sides()
        self._make_extreme_times()
        self._books: dict = {}
        self._texts: dict = {}  # (tr_id, index) -> the record's text, made once for every subscriber
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.path)

    # -- per trade -------------------------------------------------------------------------------------
    def time_of(self, index: int) -> datetime:
        return self.path.time_of(index)

    def book(self, index: int) -> Book:
        """The order book right after trade ``index`` (made on first use, then kept)."""
        with self._lock:
            found = self._books.get(index)
        if found is None:
            found = self._make_book(index)
            with self._lock:
                self._books[index] = found
        return found

    def record_text(self, tr_id: str, index: int, make) -> str:
        """The text of trade ``index``'s record for ``tr_id``: ``make(tape, index)`` the first time, then kept."""
        key = (tr_id, index)
        with self._lock:
            text = self._texts.get(key)
        if text is None:
            text = make(self, index)
            with self._lock:
                self._texts[key] = text
        return text

    def previous_volume_at(self, index: int) -> int:
        """The trading day before's volume up to the same time of day as trade ``index`` (0 without one)."""
        before = self.previous_path
        if before is None:
            return 0
        moment = self.time_of(index)
        same_time = datetime.combine(before.bar.day, moment.timetz())
        seconds = int((same_time - before.session.open).total_seconds())
        count = bisect_right(before.seconds, seconds) if seconds >= 0 else 0
        return before.cum_volume[count - 1] if count else 0

    # -- made once ---------------------------------------------------------------------------------------
    def _make_sides(self) -> None:
        prices, quantities = self.path.prices, self.path.quantities
        self.side = [PRE_OPEN] * len(prices)
        buys = sells = buy_volume = sell_volume = 0
        self.buy_count, self.sell_count = array("q"), array("q")
        self.buy_volume, self.sell_volume = array("q"), array("q")
        side = BUY
        for i, price in enumerate(prices):
            if i > 0:
                change = price - prices[i - 1]
                side = BUY if change > 0 else SELL if change < 0 else side
                self.side[i] = side
                if side == BUY:
                    buys, buy_volume = buys + 1, buy_volume + quantities[i]
                else:
                    sells, sell_volume = sells + 1, sell_volume + quantities[i]
            self.buy_count.append(buys)
            self.sell_count.append(sells)
            self.buy_volume.append(buy_volume)
            self.sell_volume.append(sell_volume)

    def _make_extreme_times(self) -> None:
        """Index of the trade that set the running high (and low) reported at each trade."""
        path = self.path
        self.high_at, self.low_at = array("l"), array("l")
        high_at = low_at = 0
        for i in range(len(path)):
            if path.prices[i] > path.prices[high_at]:
                high_at = i
            if path.prices[i] < path.prices[low_at]:
                low_at = i
            self.high_at.append(high_at)
            self.low_at.append(low_at)

    def _make_book(self, index: int) -> Book:
        price = self.path.prices[index]
        if self.side[index] == BUY:
            best_ask, best_bid = price, tick_down(price)
        else:
            best_ask, best_bid = tick_up(price), price
        asks, bids = [best_ask], [best_bid]
        for _ in range(BOOK_LEVELS - 1):
            asks.append(tick_up(asks[-1]))
            bids.append(tick_down(bids[-1]))
        asks = [p if p <= self.upper else 0 for p in asks]
        bids = [p if p >= self.lower and p > 0 else 0 for p in bids]
        bits = random.Random(self._book_seed ^ index).getrandbits(6 * 2 * BOOK_LEVELS)  # one draw: 20 × 6 bits
        sizes = []
        for k in range(2 * BOOK_LEVELS):
            level = k % BOOK_LEVELS
            sizes.append(round(self._book_unit * (1 + 0.25 * level) * SIZE_FACTORS[(bits >> (6 * k)) & 63]))
        ask_quantities = tuple(max(1, q) if p else 0 for p, q in zip(asks, sizes[:BOOK_LEVELS], strict=True))
        bid_quantities = tuple(max(1, q) if p else 0 for p, q in zip(bids, sizes[BOOK_LEVELS:], strict=True))
        return Book(tuple(asks), tuple(bids), ask_quantities, bid_quantities)


class TapeLibrary:
    """Tapes made from a market on first use and kept (at most ``TAPE_CACHE_SIZE``, the least used dropped)."""

    def __init__(self, market, size: int = TAPE_CACHE_SIZE):
        self.market = market
        self._tapes: OrderedDict = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, symbol: str, day: date) -> Tape | None:
        """The tape of ``symbol`` on ``day``, or None when the market was closed (or the symbol is unknown)."""
        key = (symbol, day)
        with self._lock:
            tape = self._tapes.get(key)
            if tape is not None:
                self._tapes.move_to_end(key)
                return tape
        tape = self._make(symbol, day)
        if tape is not None:
            with self._lock:
                self._tapes[key] = tape
                while len(self._tapes) > self._size:
                    self._tapes.popitem(last=False)
        return tape

    def _make(self, symbol: str, day: date) -> Tape | None:
        market = self.market
        if symbol not in market.symbols:
            return None
        path = market.day_path(symbol, day)
        if path is None:
            return None
        calendar = market.calendar
        previous_day = calendar.previous_trading_day(day)
        try:
            previous_path = market.day_path(symbol, previous_day)
        except ValueError:  # before the history starts
            previous_path = None
        shares = _listed_shares(market.anchor(symbol).output)
        return Tape(symbol, path, previous_path, shares, market.seed)


def _listed_shares(output: dict) -> int:
    try:
        return int(output.get("lstn_stcn") or 0)
    except (TypeError, ValueError):
        return 0
