"""What one running sandbox remembers: its rules and data, its market and market clock, tokens, approval keys,
call counts, accounts and counters.

The Flask app keeps one :class:`SandboxState` at ``app.extensions["kislearn_sandbox"]``; the routes reach it
through :func:`current_state`, and the market moment of the request they answer through :func:`market_moment`.

**Two clocks, each for its own rules.** ``rules.clock`` (real time unless a test or lesson gives it a
``ManualClock``) times what KIS times by the wall: tokens (6 and 24 hours, one a minute) and calls per second.
The **market clock** ``state.clock`` (:class:`~kislearn.sandbox.market.MarketClock`) times everything of the
market: quotes and charts, when orders are taken and fill, the order time ``ORD_TMD``, the books' trading day and
settlement. So moving the market two days on settles cash but does not expire a token, and a lesson that waits
for a token to expire does not move prices. # sandbox's choice
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from flask import current_app, g

from kislearn import spec
from kislearn.sandbox.ledger import Ledger
from kislearn.sandbox.market import ClockError, Market, MarketClock
from kislearn.sandbox.market.daily import EARLIEST_DAY
from kislearn.sandbox.order_life import Exchange
from kislearn.sandbox.realtime.approvals import ApprovalBook
from kislearn.sandbox.realtime.notices import account_event
from kislearn.sandbox.rules import RateLimitCheck, SandboxRules
from kislearn.sandbox.samples import SampleData, SampleDataError
from kislearn.sandbox.tokens import TokenBook

SERVICE_NAME = "kislearn-sandbox"
EXTENSION_KEY = "kislearn_sandbox"


@functools.cache
def code_fingerprint() -> str:
    """A short hash of the kislearn package's code and data: two sandboxes with the same value answer alike."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def data_dir_id(folder) -> str:
    """How a data folder is named in ``/sandbox/health``: its absolute path, case-folded where the file
    system ignores case (Windows), so two spellings of one folder compare equal."""
    return os.path.normcase(os.path.abspath(os.fspath(folder)))


class Stats:
    """Counters other processes can read at ``GET /sandbox/stats``."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts = {
            "tokens_issued": {flavour: 0 for flavour in spec.FLAVOURS},  # new tokens
            "tokens_reused": {flavour: 0 for flavour in spec.FLAVOURS},  # the same token handed out again
            "requests_served": 0,  # every KIS request (not /sandbox/...)
            "rate_limited": 0,  # calls refused with EGW00201
        }

    def add(self, name: str, flavour: str | None = None) -> None:
        """Add one to a counter; the token counters are kept per flavour."""
        with self._lock:
            if flavour is None:
                self._counts[name] += 1
            else:
                self._counts[name][flavour] += 1

    def snapshot(self) -> dict:
        """A copy of all counters."""
        with self._lock:
            return copy.deepcopy(self._counts)


_MARKETS: OrderedDict = OrderedDict()  # price files' fingerprint -> Market, shared by a process's sandboxes
_MARKETS_LOCK = threading.Lock()
SHARED_MARKETS = 4


def shared_market(prices: dict) -> Market:
    """The market over these price files: one per process for the same files (a Market is a pure function of
    them, so sandboxes can share its histories and paths; tests and notebooks start many sandboxes). Every file
    is read as an anchor first: a file the market cannot use raises :class:`SampleDataError` naming it."""
    text = json.dumps({s: (p.name, p.output) for s, p in sorted(prices.items())}, sort_keys=True, ensure_ascii=False)
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    with _MARKETS_LOCK:
        market = _MARKETS.get(key)
        if market is not None:
            _MARKETS.move_to_end(key)
            return market
    market = Market(prices)
    for symbol in market.symbols:
        try:
            market.anchor(symbol)
        except ValueError as error:
            message = f"시세 파일을 샌드박스 시장에 쓸 수 없습니다 (unusable price file) {symbol}: {error}"
            raise SampleDataError(message) from None
    with _MARKETS_LOCK:
        market = _MARKETS.setdefault(key, market)
        while len(_MARKETS) > SHARED_MARKETS:
            _MARKETS.popitem(last=False)
    return market


def check_within_history(moment: datetime, market: Market) -> None:
    """The market has prices from its history's first trading day (2016-01-04) to the end of its calendar (2035):
    a market clock outside raises :class:`ClockError`."""
    calendar = market.calendar
    first, last = calendar.on_or_after(EARLIEST_DAY), date(calendar.last_year, 12, 31)
    if not (first <= calendar.phase(moment).trading_day and moment.date() <= last):
        raise ClockError(
            f"샌드박스 시장의 시세는 {first:%Y-%m-%d}부터 {last:%Y-%m-%d}까지입니다: {moment:%Y-%m-%d %H:%M}은(는) "
            "그 밖입니다 (outside the market's history)"
        )


class SandboxState:
    """Everything one running sandbox remembers. ``clock`` is the market clock (default: ``fixed`` at the sample
    data's close, 2026-11-20 15:30, where every quote is its sample file)."""

    def __init__(
        self, rules: SandboxRules, data: SampleData, data_dirs: Iterable = (), clock: MarketClock | None = None
    ):
        self.rules = rules
        self.data = data
        self.data_dirs = [data_dir_id(d) for d in data_dirs]  # extra folders, as /sandbox/health reports them
        self.clock = clock or MarketClock("fixed")
        self.market = shared_market(data.prices)
        check_within_history(self.clock.now(), self.market)
        self.exchange = Exchange(self.market, data.prices, rules.costs)
        self.tokens = TokenBook(rules)
        self.limiter = RateLimitCheck(rules)
        opening_day = self.market.calendar.phase(self.clock.now()).trading_day
        # each app key's own copy of the sample accounts, as they stand on the clock's day when it starts
        self.ledger = Ledger(data.accounts, self.exchange, opening_day, notify=self._tell_listeners)
        self.stats = Stats()
        self.approvals = ApprovalBook(rules.now)  # 웹소켓 접속키 (POST /oauth2/Approval)
        self.websocket_port: int | None = None  # the real-time server's port, while one runs (set by Sandbox)
        # functions called with every OrderEvent (kislearn.sandbox.realtime.notices): an order (a new, 정정 or 취소
        # order) accepted, an order filled in whole or in part — at once or later, when the path reaches a resting
        # order. Called outside the ledger's lock, in the order things happened. The real-time server's 체결통보
        # listens (Sandbox.start adds it).
        self.order_listeners: list = []
        self.last_request = time.monotonic()  # for serve(idle_timeout=...)
        self.stop_requested = threading.Event()  # set by POST /sandbox/shutdown; serve() then stops

    @property
    def order_hours(self) -> str:
        """``"always"``: orders are taken at any moment; ``"krx"``: only when KIS takes them (``order_hours``).
        ``rules.order_hours`` decides; by default the ``course`` and ``fixed`` clocks keep the market open for the
        lessons, the ``wall`` and ``fast`` clocks follow KIS's hours. # sandbox's choice"""
        if self.rules.order_hours is not None:
            return self.rules.order_hours
        return "always" if self.clock.mode in ("course", "fixed") else "krx"

    def market_now(self) -> datetime:
        """The market clock's time, to the second (the market's trades are timed to the second)."""
        return self.clock.now().replace(microsecond=0)

    def _tell_listeners(self, notices: list) -> None:
        """The ledger's notices (``ledger.AccountNotice``) as OrderEvents, to every order listener."""
        for notice in notices:
            self.tell_order(account_event(notice, self.exchange.name(notice.record.order.symbol)))

    def tell_order(self, event) -> None:
        """Pass an :class:`~kislearn.sandbox.realtime.notices.OrderEvent` to every order listener."""
        for listener in list(self.order_listeners):
            listener(event)


def current_state() -> SandboxState:
    """The state of the sandbox answering the current request."""
    return current_app.extensions[EXTENSION_KEY]


def market_moment() -> datetime:
    """The market moment of the current request: read once from the market clock, the same for every answer the
    request makes (a balance and its prices, an order and its time)."""
    if "kislearn_moment" not in g:
        g.kislearn_moment = current_state().market_now()
    return g.kislearn_moment
