"""Each app's own copy of the sample accounts: what orders change, and what a reset restores.

A room of students can share one sandbox: every app key (see :func:`~kislearn.sandbox.samples.demo_app`
with ``student=``) trades on its own copy of each sample account, made the first time that app touches
it, so nobody sees anybody else's orders. The sample files themselves never change.

    ledger = Ledger(sample_accounts)
    ledger.balance(appkey, "50010001-01")     # a SampleAccount as this app sees it now
    ledger.place(appkey, "50010001-01", decide)  # decide(state, odno) -> (new_state, record)
    ledger.reset(appkey)                      # this app's accounts back to the samples (None: every app)

State lives in memory: a restarted sandbox starts again from the samples. # sandbox's choice
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace

from kislearn.sandbox.orders import AccountState, OrderRecord
from kislearn.sandbox.samples import SampleAccount

ODNO_WIDTH = 10  # 주문번호: 10 digits, zero-padded


class Ledger:
    """Per-app mutable copies of the sample accounts, and the order numbers (ODNO) of the sandbox."""

    def __init__(self, samples: dict):
        self._samples = samples  # "50010002-01" -> SampleAccount (never changed)
        self._books = {}  # (appkey, account) -> AccountState
        self._last_odno = 0  # ODNOs increase across all apps and survive resets # sandbox's choice
        self._lock = threading.Lock()

    def _state(self, appkey: str, account: str) -> AccountState | None:
        """The app's current state of ``account`` (a fresh copy of the sample on first use). Hold the lock."""
        key = (appkey, account)
        if key not in self._books:
            sample = self._samples.get(account)
            if sample is None:
                return None
            self._books[key] = AccountState([dict(row) for row in sample.output1], dict(sample.summary))
        return self._books[key]

    def balance(self, appkey: str, account: str) -> SampleAccount | None:
        """``account`` as ``appkey`` sees it, shaped like the sample (``output1``, ``output2``); None if unknown."""
        with self._lock:
            if account not in self._samples:
                return None
            if (appkey, account) not in self._books:
                return self._samples[account]  # untouched: the sample itself
            state = self._books[(appkey, account)]
            return replace(self._samples[account], output1=list(state.output1), output2=[dict(state.summary)])

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
            self._books[(appkey, account)] = new_state
            return record

    def orders(self, appkey: str, account: str | None = None) -> list:
        """The orders ``appkey`` placed (on ``account``, or on every account), oldest first."""
        with self._lock:
            records = [
                record
                for (key, number), state in self._books.items()
                if key == appkey and account in (None, number)
                for record in state.orders
            ]
        return sorted(records, key=lambda record: record.odno)

    def reset(self, appkey: str | None = None) -> None:
        """Put ``appkey``'s accounts back to the samples (``None``: every app's)."""
        with self._lock:
            for key in [k for k in self._books if appkey is None or k[0] == appkey]:
                del self._books[key]
