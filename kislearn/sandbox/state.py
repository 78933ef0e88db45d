"""What one running sandbox remembers: its rules and data, tokens, approval keys, call counts, accounts and
counters.

The Flask app keeps one :class:`SandboxState` at ``app.extensions["kislearn_sandbox"]``; the routes reach it
through :func:`current_state`.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from flask import current_app

from kislearn import spec
from kislearn.sandbox.ledger import Ledger
from kislearn.sandbox.realtime.approvals import ApprovalBook
from kislearn.sandbox.rules import RateLimitCheck, SandboxRules
from kislearn.sandbox.samples import SampleData
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


class SandboxState:
    """Everything one running sandbox remembers."""

    def __init__(self, rules: SandboxRules, data: SampleData, data_dirs: Iterable = ()):
        self.rules = rules
        self.data = data
        self.data_dirs = [data_dir_id(d) for d in data_dirs]  # extra folders, as /sandbox/health reports them
        self.tokens = TokenBook(rules)
        self.limiter = RateLimitCheck(rules)
        self.ledger = Ledger(data.accounts)  # each app key's own copy of the sample accounts
        self.stats = Stats()
        self.approvals = ApprovalBook(rules.now)  # 웹소켓 접속키 (POST /oauth2/Approval)
        self.websocket_port: int | None = None  # the real-time server's port, while one runs (set by Sandbox)
        # functions called with every OrderEvent (kislearn.sandbox.realtime.notices): an order accepted, an order
        # filled in whole or in part. The real-time server's 체결통보 listens (Sandbox.start adds it).
        self.order_listeners: list = []
        self.last_request = time.monotonic()  # for serve(idle_timeout=...)
        self.stop_requested = threading.Event()  # set by POST /sandbox/shutdown; serve() then stops

    def tell_order(self, event) -> None:
        """Pass an :class:`~kislearn.sandbox.realtime.notices.OrderEvent` to every order listener (the order
        route calls it for each new order; whatever fills a resting order later calls it for the fill)."""
        for listener in list(self.order_listeners):
            listener(event)


def current_state() -> SandboxState:
    """The state of the sandbox answering the current request."""
    return current_app.extensions[EXTENSION_KEY]
