"""Each app's own copy of the sample accounts: what orders change, and what a reset restores.

A room of students can share one sandbox: every app key (see :func:`~kislearn.sandbox.samples.demo_app`
with ``student=``) trades on its own copy of each sample account, made the first time that app touches
it, so nobody sees anybody else's orders. The sample files themselves never change.

    ledger = Ledger(sample_accounts)
    ledger.balance(appkey, "50010001-01")     # a SampleAccount as this app sees it now
    ledger.place(appkey, "50010001-01", decide)  # decide(state, odno) -> (new_state, record)
    ledger.reset(appkey)                      # this app's accounts back to the samples (None: every app)

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
from collections.abc import Callable
from dataclasses import replace

from kislearn.sandbox.memory import MAX_APPS_WITH_ACCOUNTS, RecentDict
from kislearn.sandbox.orders import AccountState, OrderRecord
from kislearn.sandbox.samples import SampleAccount

ODNO_WIDTH = 10  # 주문번호: 10 digits, zero-padded


def content_snapshot(sample: SampleAccount) -> str:
    """The snapshot id of an untouched sample: 8 hex digits of a hash of its rows and summary, so it is the
    same after a restart (a paged read of a sample may go on across one)."""
    text = json.dumps([sample.output1, sample.output2], sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=4).hexdigest()


class Ledger:
    """Per-app mutable copies of the sample accounts, and the order numbers (ODNO) of the sandbox."""

    def __init__(self, samples: dict, max_apps: int = MAX_APPS_WITH_ACCOUNTS):
        self._samples = {
            number: replace(sample, snapshot=content_snapshot(sample)) for number, sample in samples.items()
        }
        self._books = RecentDict(max_apps)  # appkey -> {account: (AccountState, snapshot)}, apps that traded
        self._last_odno = 0  # ODNOs increase across all apps and survive resets # sandbox's choice
        self._lock = threading.Lock()

    def _state(self, appkey: str, account: str) -> AccountState | None:
        """The app's current state of ``account``, or a fresh copy of the sample (not kept). Hold the lock."""
        state, _snapshot = self._books.get(appkey, {}).get(account, (None, None))
        if state is None and account in self._samples:
            sample = self._samples[account]
            state = AccountState([dict(row) for row in sample.output1], dict(sample.summary))
        return state

    def state(self, appkey: str, account: str) -> AccountState | None:
        """``account`` as ``appkey`` trades on it: rows, summary and orders (None if the account is unknown)."""
        with self._lock:
            return self._state(appkey, account)

    def balance(self, appkey: str, account: str) -> SampleAccount | None:
        """``account`` as ``appkey`` sees it, shaped like the sample (``output1``, ``output2``); None if unknown.

        Its ``snapshot`` names this state of the account: a fresh random id after every order, the content hash
        for an untouched sample. A paged read compares it between pages (SYDB0050)."""
        with self._lock:
            if account not in self._samples:
                return None
            state, snapshot = self._books.get(appkey, {}).get(account, (None, None))
            if state is None:
                return self._samples[account]  # untouched: the sample itself (no copy, no memory)
            output1, output2 = list(state.output1), [dict(state.summary)]
            return replace(self._samples[account], output1=output1, output2=output2, snapshot=snapshot)

    def place(self, appkey: str, account: str, decide: Callable[[AccountState, str], tuple]) -> OrderRecord:
        """Run ``decide(state, odno)`` → ``(new_state, record)`` under the lock and keep the new state.

        If ``decide`` raises (a refused order), nothing changes and the order number is not used up.
        """
        with self._lock:
            state = self._state(appkey, account)
            if state is None:
                raise KeyError(account)
            odno = str(self._last_odno + 1).zfill(ODNO_WIDTH)
            new_state, record = decide(state, odno)
            self._last_odno += 1
            books = self._books.get(appkey)
            if books is None:
                books = self._books[appkey] = {}  # the app's first order: now it has accounts of its own
            books[account] = (new_state, uuid.uuid4().hex[:8])
            return record

    def orders(self, appkey: str, account: str | None = None) -> list:
        """The orders ``appkey`` placed (on ``account``, or on every account), oldest first."""
        with self._lock:
            books = self._books.get(appkey, {})
            records = [
                record for number, (state, _) in books.items() if account in (None, number) for record in state.orders
            ]
        return sorted(records, key=lambda record: record.odno)

    def reset(self, appkey: str | None = None) -> None:
        """Put ``appkey``'s accounts back to the samples (``None``: every app's)."""
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
