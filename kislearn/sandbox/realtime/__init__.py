"""kislearn.sandbox.realtime — KIS's real-time (WebSocket) service, played by the sandbox over its moving market.

Modules, one job each:

- ``approvals`` — 웹소켓 접속키: issued by ``POST /oauth2/Approval``, checked when a session starts
- ``answers``   — the answers KIS sends to a subscription message (OPSP0000 SUBSCRIBE SUCCESS, OPSP0008 ...)
- ``session``   — one connection's subscriptions and the checks on what the client sends (pure)
- ``tape``      — one symbol's day of trades with what a feed reports beside them (sides, counts, the book)
- ``records``   — the 실시간체결가 (H0STCNT0) and 실시간호가 (H0STASP0) records, the workbook's fields in order
- ``notices``   — the 실시간체결통보 (H0STCNI0 / H0STCNI9) records of a learner's own orders
- ``feed``      — the trades after each subscription's cursor as data frames, as the clock moves
- ``server``    — :class:`RealtimeServer`, the ``websockets`` server in a background thread

The wire format (frames, AES) is :mod:`kislearn.realtime_format`, shared with the client ``kislearn.realtime``.
"""

from kislearn.sandbox.realtime.approvals import ApprovalBook
from kislearn.sandbox.realtime.notices import OrderEvent, order_events
from kislearn.sandbox.realtime.server import RealtimeServer
from kislearn.sandbox.realtime.session import SUBSCRIPTION_LIMIT

__all__ = ["SUBSCRIPTION_LIMIT", "ApprovalBook", "OrderEvent", "RealtimeServer", "order_events"]
