"""Each app's own copy of the sample accounts: what orders change, what time does to them, what a reset restores.

A room of students can share one sandbox: every app key (see :func:`~kislearn.sandbox.samples.demo_app`
with ``student=``) trades on its own copy of each sample account, made the first time that app places an order
on it, so nobody sees anybody else's orders. The sample files themselves never change.

    ledger = Ledger(sample_accounts, exchange, opening_day)
    ledger.balance(appkey, "50010001-01", now)          # a SampleAccount as this app sees it at ``now``
    ledger.place(appkey, "50010001-01", now, decide)    # decide(state, odno) -> (new_state, record, notices)
    ledger.catch_up(now)                                # match every resting order up to now
    ledger.reset(appkey)                                # this app's accounts back to the samples (None: everyone's)

**Time.** The samples are the accounts as they stand on ``opening_day``, the trading day the sandbox's market
clock showed when it started: their 금일 (thdt) and 전일 (bfdy) trades are that day's and the day's before. From
then on every account, untouched or not, moves with the clock (``order_life.advance``): resting orders fill, the
books roll at each new trading day, D+1 and D+2 cash reach D+0. So a reset brings back the samples as they would
be now, had the app never traded: a reset undoes orders, it does not turn the clock back.

Whenever something happens to an order (accepted, filled), the ledger tells ``notify`` (a list of
:class:`~kislearn.sandbox.order_life.OrderNotice` with the app key and account), after releasing its lock.

State lives in memory: a restarted sandbox starts again from the samples. # sandbox's choice
Only app keys that placed an order cost memory (a copy of the accounts they traded on), and at most
``MAX_APPS_WITH_ACCOUNTS`` (500) of them are kept: past that, the app key that used its accounts least recently
sees the samples again, as after a reset. # sandbox's choice
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from kislearn.sandbox.memory import MAX_APPS_WITH_ACCOUNTS, RecentDict
from kislearn.sandbox.order_life import Exchange, advance
from kislearn.sandbox.orders import AccountState, OrderRecord
from kislearn.sandbox.samples import SampleAccount
from kislearn.sandbox.valuation import assets_offset, value_account

ODNO_WIDTH = 10  # 주문번호: 10 digits, zero-padded
VALUED_CACHE_SIZE = 64  # valued balances kept: (account state, moment) -> rows and summary


def content_snapshot(sample: SampleAccount) -> str:
    """8 hex digits of a hash of a sample's rows and summary (the same after a restart)."""
    text = json.dumps([sample.output1, sample.output2], sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()


@dataclass(frozen=True)
class AccountNotice:
    """An :class:`~kislearn.sandbox.order_life.OrderNotice` of one app's account."""

    appkey: str
    account: str
    notice: object  # OrderNotice

    @property
    def kind(self) -> str:
        return self.notice.kind

    @property
    def record(self) -> OrderRecord:
        return self.notice.record

    @property
    def fill(self):
        return self.notice.fill


class Ledger:
    """Per-app copies of the sample accounts, moving with the market clock, and the order numbers (ODNO)."""

    def __init__(
        self,
        samples: dict,
        exchange: Exchange,
        opening_day: date,
        *,
        notify: Callable[[list], None] | None = None,
        max_apps: int = MAX_APPS_WITH_ACCOUNTS,
    ):
        self.exchange, self.opening_day = exchange, opening_day
        self._samples = dict(samples)
        self._fresh = {number: self._opening_state(sample) for number, sample in samples.items()}
        self._hashes = {number: content_snapshot(sample) for number, sample in samples.items()}
        self._untouched: dict = {}  # account -> (day, AccountState): a sample advanced to that trading day
        self._books = RecentDict(max_apps)  # appkey -> {account: (AccountState, snapshot)}, apps that traded
        self._valued: OrderedDict = OrderedDict()  # (snapshot, moment) -> (output1, output2)
        self._last_odno = 0  # ODNOs increase across all apps and survive resets # sandbox's choice
        self._notify = notify or (lambda notices: None)
        self._lock = threading.Lock()

    def _opening_state(self, sample: SampleAccount) -> AccountState:
        rows, summary = [dict(row) for row in sample.output1], dict(sample.summary)
        return AccountState(rows, summary, day=self.opening_day, assets_offset=assets_offset(rows, summary))

    # -- inside the lock ---------------------------------------------------------------------------
    def _current(self, appkey: str, account: str, now: datetime, notices: list) -> tuple:
        """``(state, snapshot, copied)`` of the app's account brought to ``now``; hold the lock."""
        books = self._books.get(appkey)
        if books is not None and account in books:
            state, snapshot = books[account]
            moved, happened = advance(state, self.exchange, now)
            if moved.day != state.day or happened or moved.orders != state.orders:
                snapshot = uuid.uuid4().hex[:8]
            books[account] = (moved, snapshot)
            notices += [AccountNotice(appkey, account, notice) for notice in happened]
            return moved, snapshot, True
        day = self.exchange.calendar.phase(now).trading_day
        cached = self._untouched.get(account)
        if cached is None or cached[0] != day:
            state, _ = advance(self._fresh[account], self.exchange, now)
            cached = self._untouched[account] = (day, replace(state, processed=None))
        snapshot = self._hashes[account] if day == self.opening_day else _hash(f"{self._hashes[account]}:{day}")
        return cached[1], snapshot, False

    def _valued_balance(self, account: str, state: AccountState, snapshot: str, moment: datetime) -> tuple:
        """The balance of ``state`` at ``moment``'s prices, kept for the next page or caller. Valued outside the
        lock (a cold market needs a moment to build each symbol's day)."""
        key = (account, snapshot, moment)
        with self._lock:
            found = self._valued.get(key)
            if found is not None:
                self._valued.move_to_end(key)
                return found
        found = value_account(state.output1, state.summary, self.exchange.market, moment, state.assets_offset)
        with self._lock:
            self._valued[key] = found
            while len(self._valued) > VALUED_CACHE_SIZE:
                self._valued.popitem(last=False)
        return found

    # -- reading ------------------------------------------------------------------------------------
    def knows(self, account: str) -> bool:
        return account in self._samples

    def state(self, appkey: str, account: str, now: datetime) -> AccountState | None:
        """``account`` as ``appkey`` trades on it at ``now``: rows, summary, orders (None if the account is unknown)."""
        if account not in self._samples:
            return None
        notices: list = []
        with self._lock:
            state = self._current(appkey, account, now, notices)[0]
        self._notify(notices)
        return state

    def balance(
        self, appkey: str, account: str, now: datetime, *, valued_at: datetime | None = None
    ) -> SampleAccount | None:
        """``account`` as ``appkey`` sees it at ``now``, valued at ``valued_at`` (default ``now``), shaped like the
        sample (``output1``, ``output2``); None if unknown.

        Its ``snapshot`` names this state of the account: a fresh random id after every change (an order, a fill,
        a new day), a hash of the sample and the day for an untouched one. A paged read compares it between pages
        (SYDB0050) and values every page at page 1's moment."""
        if account not in self._samples:
            return None
        notices: list = []
        with self._lock:
            state, snapshot, _ = self._current(appkey, account, now, notices)
        self._notify(notices)
        output1, summary = self._valued_balance(account, state, snapshot, valued_at or now)
        return replace(self._samples[account], output1=output1, output2=[summary], snapshot=snapshot)

    def orders(self, appkey: str, account: str | None = None, now: datetime | None = None) -> list:
        """The orders ``appkey`` placed (on ``account``, or on every account), oldest first, as they stand at
        ``now`` (default: as last brought up to date)."""
        notices: list = []
        with self._lock:
            books = self._books.get(appkey, {})
            records = []
            for number in list(books):
                if account not in (None, number):
                    continue
                state = books[number][0] if now is None else self._current(appkey, number, now, notices)[0]
                records += state.orders
        self._notify(notices)
        return sorted(records, key=lambda record: record.odno)

    # -- changing -----------------------------------------------------------------------------------
    def place(self, appkey: str, account: str, now: datetime, decide: Callable[[AccountState, str], tuple]):
        """Bring the account to ``now``, then run ``decide(state, odno)`` → ``(new_state, record, notices)`` under
        the lock and keep the new state. If ``decide`` raises (a refused order), nothing changes and the order
        number is not used up. Returns the record."""
        notices: list = []
        with self._lock:
            if account not in self._samples:
                raise KeyError(account)
            state = self._current(appkey, account, now, notices)[0]
            odno = str(self._last_odno + 1).zfill(ODNO_WIDTH)
            new_state, record, happened = decide(state, odno)
            self._last_odno += 1
            books = self._books.get(appkey)
            if books is None:
                books = self._books[appkey] = {}  # the app's first order: now it has accounts of its own
            books[account] = (new_state, uuid.uuid4().hex[:8])
            notices += [AccountNotice(appkey, account, notice) for notice in happened]
        self._notify(notices)
        return record

    def catch_up(self, now: datetime) -> None:
        """Match every app's resting orders up to ``now`` (so their fills are told when they happen, whoever asks)."""
        notices: list = []
        with self._lock:
            for appkey, books in list(self._books.items()):
                for account, (state, _snapshot) in list(books.items()):
                    if state.open_orders():
                        self._current(appkey, account, now, notices)
        self._notify(notices)

    def reset(self, appkey: str | None = None) -> None:
        """Put ``appkey``'s accounts back to the samples as they are now (``None``: every app's)."""
        with self._lock:
            if appkey is None:
                self._books.clear()
            else:
                self._books.pop(appkey, None)

    @property
    def apps_with_accounts(self) -> int:
        """How many app keys keep accounts of their own (they traded)."""
        with self._lock:
            return len(self._books)


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()
