"""``Realtime``: the same session as :class:`~.connection.AsyncRealtime`, for ordinary (not async) code and
notebooks. The session runs on an event loop in a background thread of its own; the methods wait for it.

    with Realtime(url, approval_key, "paper") as feed:
        feed.subscribe("005930")
        for record in feed.records(limit=10, timeout=30):
            print(record["STCK_PRPR"])

``on_record`` callbacks run in that background thread (a notebook widget can be updated from there).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator

from .connection import AsyncRealtime, RealtimeClosed

STOP_TIMEOUT = 10.0  # seconds stop() waits for the session to close


class Realtime:
    """A real-time session for code that is not async. Same arguments as :class:`AsyncRealtime`."""

    def __init__(self, url: str, approval_key: str, flavour: str = "paper", **options):
        self._session = AsyncRealtime(url, approval_key, flavour, **options)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    # -- the background loop ---------------------------------------------------------------------------
    def start(self) -> Realtime:
        """Connect (in the background thread) and return once connected."""
        if self._thread is not None:
            return self
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kislearn-realtime", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread
        try:
            self._call(self._session.start())
        except BaseException:
            self._end_loop()
            raise
        return self

    def stop(self) -> None:
        """Close the session and end the background thread."""
        if self._thread is None:
            return
        try:
            self._call(self._session.stop(), timeout=STOP_TIMEOUT)
        finally:
            self._end_loop()

    def _end_loop(self) -> None:
        loop, thread = self._loop, self._thread
        self._loop = self._thread = None
        loop.call_soon_threadsafe(loop.stop)
        thread.join(STOP_TIMEOUT)
        loop.close()

    def _call(self, coroutine, timeout: float | None = None):
        if self._loop is None:
            coroutine.close()
            raise RealtimeClosed("실시간 세션이 시작되지 않았거나 멈췄습니다: start()를 먼저 부르세요 (not running).")
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def __enter__(self) -> Realtime:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- the session's methods -----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._thread is not None and self._session.running

    @property
    def url(self) -> str:
        return self._session.url

    @property
    def flavour(self) -> str:
        return self._session.flavour

    @property
    def subscriptions(self) -> list:
        return self._session.subscriptions

    @property
    def stats(self) -> dict:
        """Frames and records received, records dropped, PINGPONGs answered, reconnects."""
        return dict(self._session.stats)

    def subscribe(self, code: str, feed: str = "price"):
        """See :meth:`AsyncRealtime.subscribe`."""
        return self._call(self._session.subscribe(code, feed))

    def subscribe_notices(self, hts_id: str):
        """See :meth:`AsyncRealtime.subscribe_notices`."""
        return self._call(self._session.subscribe_notices(hts_id))

    def unsubscribe(self, code: str, feed: str = "price"):
        """See :meth:`AsyncRealtime.unsubscribe`."""
        return self._call(self._session.unsubscribe(code, feed))

    def on_record(self, callback: Callable) -> None:
        """Call ``callback(record)`` (in the background thread) for every record as it arrives."""
        self._session.on_record(callback)

    def get(self, timeout: float | None = None):
        """The next record; TimeoutError after ``timeout`` seconds, RealtimeClosed once stopped."""
        return self._call(self._session.get(timeout))

    def records(self, *, limit: int | None = None, timeout: float | None = None) -> Iterator:
        """Records as they arrive: at most ``limit``, until ``timeout`` seconds pass without one, or until
        the session stops."""
        count = 0
        while limit is None or count < limit:
            try:
                record = self.get(timeout)
            except (TimeoutError, asyncio.TimeoutError, RealtimeClosed):
                return
            count += 1
            yield record

    def __iter__(self) -> Iterator:
        return self.records()

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<Realtime {self.url} {self.flavour} {state}, {len(self.subscriptions)} subscriptions>"
