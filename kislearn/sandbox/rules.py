"""The limits the sandbox enforces, gathered in one dataclass.

Every number comes from :mod:`kislearn.spec` (the KIS facts). Change a field to try a rule out quickly::

    from datetime import timedelta
    from kislearn.sandbox import Sandbox, SandboxRules

    # Tokens that expire after 5 seconds, so you can watch EGW00123 happen.
    with Sandbox(rules=SandboxRules(token_lifetime=timedelta(seconds=5))) as sandbox:
        ...

The sandbox asks ``rules.clock()`` for the time of its tokens and calls-per-second windows instead of reading
the computer's clock, so a test can use a :class:`ManualClock` and move time forward without sleeping. The
market's time (prices, orders, settlement) is another clock, the market clock of ``Sandbox(clock=...)``: see
``state.py`` for which rule follows which clock.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from kislearn import spec
from kislearn.sandbox.costs import TradingCosts
from kislearn.sandbox.memory import MAX_APPS_WITH_CALLS, RecentDict

ORDER_HOURS = ("krx", "always")  # SandboxRules.order_hours

# The key that signs the sandbox's access tokens (JWTs). It is a fixed, public value on purpose: a token
# cached by one run is still accepted after the sandbox restarts. It protects nothing. # sandbox's choice
# (HS512 wants a key of at least 64 bytes, or pyjwt warns.)
DEFAULT_SIGNING_KEY = "kislearn-sandbox-signing-key--public-on-purpose--it-protects-nothing--0001"


def korea_now() -> datetime:
    """Return the current time in Korea (an aware datetime)."""
    return datetime.now(spec.KST)


@dataclass
class SandboxRules:
    """Every limit the sandbox enforces. ``None`` switches a limit off."""

    token_lifetime: timedelta = spec.TOKEN_LIFETIME
    token_reuse_window: timedelta = spec.TOKEN_REUSE_WINDOW
    token_issue_interval: timedelta | None = spec.TOKEN_ISSUE_INTERVAL
    calls_per_second: dict | None = field(default_factory=lambda: dict(spec.CALLS_PER_SECOND))
    rows_per_page: dict = field(default_factory=lambda: dict(spec.BALANCE_ROWS_PER_PAGE))
    signing_key: str = DEFAULT_SIGNING_KEY
    costs: TradingCosts = field(default_factory=TradingCosts)  # fees and taxes of filled orders
    clock: Callable[[], datetime] = korea_now  # tokens and calls per second (not the market: Sandbox(clock=...))
    # When orders are taken: "krx" only in KIS's hours (kislearn.sandbox.market.order_hours), "always" at any
    # moment; None: by the market clock (course and fixed always, wall and fast KIS's hours). # sandbox's choice
    order_hours: str | None = None

    def __post_init__(self):
        if self.order_hours not in (None, *ORDER_HOURS):
            raise ValueError(f"order_hours는 None, 'krx', 'always' 중 하나여야 합니다 (got {self.order_hours!r})")

    @classmethod
    def relaxed(cls, **changes) -> SandboxRules:
        """Rules for fast tests: no one-token-a-minute rule and no calls-per-second limit."""
        changes.setdefault("token_issue_interval", None)
        changes.setdefault("calls_per_second", None)
        return cls(**changes)

    def now(self) -> datetime:
        """The current time according to this rule set's clock."""
        return self.clock()

    def issue_interval(self) -> timedelta | None:
        """The one-token-a-minute rule, shortened to the token lifetime when that is shorter (a teaching
        ``--token-lifetime 5``): otherwise a client could not renew an expired token for the rest of the
        minute (EGW00133). KIS's tokens live 24 hours, so KIS never meets this case. # sandbox's choice"""
        if self.token_issue_interval is None:
            return None
        return min(self.token_issue_interval, self.token_lifetime)


class ManualClock:
    """A clock that only moves when you tell it to. Use it as ``SandboxRules(clock=ManualClock())``.

    >>> clock = ManualClock()
    >>> before = clock()
    >>> clock.advance(hours=24)
    >>> clock() - before
    datetime.timedelta(days=1)
    """

    def __init__(self, start: datetime | None = None):
        self._now = start or korea_now()

    def __call__(self) -> datetime:
        return self._now

    def advance(self, **how_long) -> None:
        """Move the clock forward, e.g. ``advance(seconds=61)`` or ``advance(hours=6)``."""
        self._now = self._now + timedelta(**how_long)


class RateLimitCheck:
    """Counts each app's calls in a sliding one-second window (KIS: real 20/s, paper 2/s).

    A call that is refused is not counted, so a client that waits a second can go on. # sandbox's choice
    """

    def __init__(self, rules: SandboxRules):
        self.rules = rules
        self._calls = RecentDict(MAX_APPS_WITH_CALLS)  # appkey -> deque of the times of its recent calls
        self._lock = threading.Lock()

    def allow(self, appkey: str, flavour: str) -> bool:
        """Record a call by ``appkey`` and say whether it is within the limit."""
        if self.rules.calls_per_second is None:
            return True
        limit = self.rules.calls_per_second[flavour]
        now = self.rules.now()
        with self._lock:
            recent = self._calls.get(appkey)
            if recent is None:
                recent = self._calls[appkey] = deque()
            while recent and now - recent[0] >= timedelta(seconds=1):
                recent.popleft()
            if len(recent) >= limit:
                return False
            recent.append(now)
            return True
