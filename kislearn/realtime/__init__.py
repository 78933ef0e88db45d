"""kislearn.realtime — 실시간 시세 (real-time prices) over KIS's WebSocket service, or the sandbox's.

    from kislearn import realtime

    with realtime.connect() as feed:                   # the settings of kislearn.connect(); sandbox by default
        feed.subscribe("005930")                       # 국내주식 실시간체결가 (KRX), H0STCNT0
        for tick in feed.records(limit=5, timeout=30):
            print(tick["STCK_CNTG_HOUR"], tick["STCK_PRPR"], tick["CNTG_VOL"])

    feed = realtime.connect(numbers=True)              # numeric fields as int/float
    feed.subscribe("005930", "asking")                 # 실시간호가 (KRX), H0STASP0 — or "호가"
    feed.subscribe_notices("myhtsid")                  # 실시간체결통보: your orders (H0STCNI9 paper / H0STCNI0 real)
    feed.unsubscribe("005930")
    feed.stop()

    async with await realtime.connect_async() as feed: # the same for asyncio code (and notebooks' top-level await)
        await feed.subscribe("005930")
        async for tick in feed.records(limit=5):
            ...

A record is a read-only mapping of the workbook's field names (``tick["STCK_PRPR"]``); ``tick.korean()`` gives the
official Korean names. The pieces: ``feeds`` (names → tr_ids, fields from the catalog), ``records``, ``answers``
(the server's answers, :class:`SubscriptionError`), ``connection`` (:class:`AsyncRealtime`), ``sync``
(:class:`Realtime`), ``approval`` (``POST /oauth2/Approval``, the WebSocket address); the wire format is
:mod:`kislearn.realtime_format`, shared with the sandbox.
"""

from __future__ import annotations

import asyncio

from .answers import Answer, SubscriptionError
from .approval import issue_approval_key, websocket_url
from .connection import AsyncRealtime, RealtimeClosed
from .feeds import FEED_NAMES, NOTICE_TR_IDS
from .records import Record
from .sync import Realtime

__all__ = [
    "FEED_NAMES",
    "NOTICE_TR_IDS",
    "Answer",
    "AsyncRealtime",
    "Realtime",
    "RealtimeClosed",
    "Record",
    "SubscriptionError",
    "connect",
    "connect_async",
    "issue_approval_key",
    "websocket_url",
]


def _session_options(broker, url: str | None, options: dict) -> tuple:
    if broker is None:
        from ..connect import connect as connect_rest

        broker = connect_rest()
    options.setdefault("new_approval_key", lambda: issue_approval_key(broker))
    return broker, url or websocket_url(broker)


def connect(broker=None, *, url: str | None = None, **options) -> Realtime:
    """A started :class:`Realtime` session for ``broker`` (a :class:`kislearn.KoreaInvestment`; default:
    ``kislearn.connect()``, so the sandbox in sandbox mode). ``url`` overrides the WebSocket address;
    ``options`` go to :class:`AsyncRealtime` (``numbers=True``, ``reconnect=False``, ...)."""
    broker, url = _session_options(broker, url, options)
    return Realtime(url, issue_approval_key(broker), broker.flavour, **options).start()


async def connect_async(broker=None, *, url: str | None = None, **options) -> AsyncRealtime:
    """The asyncio twin of :func:`connect`: a started :class:`AsyncRealtime`."""
    broker, url = await asyncio.to_thread(_session_options, broker, url, options)
    key = await asyncio.to_thread(issue_approval_key, broker)
    return await AsyncRealtime(url, key, broker.flavour, **options).start()
