"""A client-side rate limiter: never send more than N calls in any one-second window.

KIS counts calls per second (20 on real accounts, 2 on paper) and answers EGW00201 to the ones over the
limit. Waiting on our side is cheaper than being rejected and retrying, so every request first asks the
limiter for a slot.

The server counts a call at the moment it *arrives*, which is somewhere between the moment we start sending
it and the moment its answer is back. On a busy computer that gap can be long: a request granted a slot may
wait for the CPU before it goes out, while the next one goes out at once, so two calls a window apart on our
clock can arrive less than a second apart on the server's. So a call that runs inside :meth:`RateLimiter.slot`
counts from the moment its answer came back, the latest moment the server can have counted it: the next slot
after the window is then a full window after the server counted that call, whatever the delays. The window is
a little longer than a second (``margin``) for clocks that tick at slightly different rates.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .arguments import check_calls_per_second

_TOLERANCE = 1e-9  # seconds; keeps float rounding from turning one pause into many tiny ones


class _Call:
    """One call that took a slot: it counts until ``counted_until``; None while it is still running."""

    __slots__ = ("counted_until",)

    def __init__(self, counted_until: float | None):
        self.counted_until = counted_until


class RateLimiter:
    """Sliding-window limiter, safe to share between threads.

    >>> limiter = RateLimiter(calls_per_second=2)
    >>> with limiter.slot():   # returns at once for the first two calls, then waits for a free slot
    ...     pass               # send the request here: the slot counts until its answer is back
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
        self._calls: list[_Call] = []
        self._changed = threading.Condition()  # notified when a running call ends

    @contextmanager
    def slot(self) -> Iterator[float]:
        """Wait for a slot (yields the seconds spent waiting), run the call, and count the slot from the moment
        the call ended."""
        if self.calls_per_second is None:
            yield 0.0
            return
        call, waited = self._take(running=True)
        try:
            yield waited
        finally:
            with self._changed:
                call.counted_until = self._clock()
                self._changed.notify_all()

    def wait(self) -> float:
        """Block until a call may be sent, record it as sent now, and return how many seconds were spent
        waiting. (:meth:`slot` is safer: it counts the call until its answer is back.)"""
        if self.calls_per_second is None:
            return 0.0
        return self._take(running=False)[1]

    def _take(self, *, running: bool) -> tuple[_Call, float]:
        waited = 0.0
        with self._changed:
            while True:
                now = self._clock()
                self._calls = [call for call in self._calls if not self._left_window(call, now)]
                if len(self._calls) < self.calls_per_second:
                    call = _Call(None if running else now)
                    self._calls.append(call)
                    return call, waited
                ended = [call.counted_until for call in self._calls if call.counted_until is not None]
                if not ended:  # every slot is taken by a call still running: wait for one to end
                    self._changed.wait()
                    continue
                pause = min(ended) + self.window - now
                self._sleep(pause)
                waited += pause

    def _left_window(self, call: _Call, now: float) -> bool:
        return call.counted_until is not None and call.counted_until + self.window <= now + _TOLERANCE

    def __repr__(self) -> str:
        limit = "제한 없음" if self.calls_per_second is None else f"{self.calls_per_second}회/초"
        return f"RateLimiter({limit})"
