"""A client-side rate limiter: never send more than N calls in any one-second window.

KIS counts calls per second (20 on real accounts, 2 on paper) and answers EGW00201 to the ones over the
limit. Waiting on our side is cheaper than being rejected and retrying, so every request first asks the
limiter for a slot. The window is a little longer than a second (``margin``) to absorb timing jitter
between this computer and the server.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from .arguments import check_calls_per_second

_TOLERANCE = 1e-9  # seconds; keeps float rounding from turning one pause into many tiny ones


class RateLimiter:
    """Sliding-window limiter, safe to share between threads.

    >>> limiter = RateLimiter(calls_per_second=2)
    >>> limiter.wait()   # returns at once for the first two calls, then waits for a free slot
    0.0
    """

    def __init__(
        self,
        calls_per_second: int | None,
        *,
        margin: float = 0.05,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.calls_per_second = check_calls_per_second(calls_per_second)  # InvalidArgumentError (a ValueError)
        self.window = 1.0 + margin
        self._clock = clock
        self._sleep = sleep
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()

    def wait(self) -> float:
        """Block until a call may be sent, record it, and return how many seconds were spent waiting."""
        if self.calls_per_second is None:
            return 0.0
        waited = 0.0
        with self._lock:
            while True:
                now = self._clock()
                while self._sent and self._sent[0] + self.window <= now + _TOLERANCE:
                    self._sent.popleft()  # that call has left the window
                if len(self._sent) < self.calls_per_second:
                    self._sent.append(now)
                    return waited
                pause = self._sent[0] + self.window - now
                self._sleep(pause)
                waited += pause

    def __repr__(self) -> str:
        limit = "제한 없음" if self.calls_per_second is None else f"{self.calls_per_second}회/초"
        return f"RateLimiter({limit})"
