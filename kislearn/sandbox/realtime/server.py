"""The sandbox's WebSocket server: KIS's real-time protocol on its own port, in a background thread.

    server = RealtimeServer(approvals, market, clock, port=0).start()
    server.url                 # "ws://127.0.0.1:<port>": every path answers (the official sample adds /tryitout)
    server.notify(event)       # an order was accepted or filled: notices to that app key's 체결통보 subscribers
    server.stop()

The protocol is ``websockets`` (its asyncio server) on an event loop of its own thread; one task per connection
reads the client's messages (:class:`.session.Session` answers them), one feed task for the whole server moves
every subscription along the market clock (:mod:`.feed`) every ``feed_interval`` seconds and sends PINGPONG to
connections that were sent nothing for ``pingpong_interval`` seconds.

Sandbox's choices (KIS's server is not documented this far):

- one port serves both flavours: the approval key says whose app (real or paper) a session is;
- PINGPONG after 10 seconds without any frame (users saw it about every 10 seconds, and not on busy
  sessions); a client may echo it as text (mojito2, python-kis) or answer with a WebSocket pong (the official
  sample): both keep the session; the sandbox never closes a session for not answering (KIS does after about
  100 seconds, users report);
- a slow client: each connection has an outbox of at most ``outbox_limit`` frames; price frames beyond that are
  dropped (and counted in :attr:`RealtimeServer.stats`), answers and notices never are;
- no permessage-deflate compression, no WebSocket-level pings (PINGPONG is the keep-alive), messages from a
  client at most 64 KiB.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import deque
from http import HTTPStatus

from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed

from kislearn import sbx_codes
from kislearn.realtime_format import data_frame, pingpong_message
from kislearn.sandbox.realtime.feed import due_frames
from kislearn.sandbox.realtime.notices import notice_record
from kislearn.sandbox.realtime.session import NOTICE_TR_IDS, SUBSCRIPTION_LIMIT, Session
from kislearn.sandbox.realtime.tape import TapeLibrary

FEED_INTERVAL = 0.1  # seconds between two steps of the feed loop
PINGPONG_INTERVAL = 10.0  # seconds without a frame before a PINGPONG
OUTBOX_LIMIT = 10_000  # frames waiting for one slow client before price frames are dropped
MAX_MESSAGE = 64 * 1024  # bytes: a subscription message is a few hundred
START_TIMEOUT = 10.0  # seconds start() waits for the port to listen


class Connection:
    """One client: its session, the frames waiting to go out, and when it was last sent anything."""

    def __init__(self, websocket, session: Session):
        self.websocket, self.session = websocket, session
        self.outbox: deque = deque()
        self.ready = asyncio.Event()
        self.last_sent = time.monotonic()

    def put(self, frame: str) -> None:
        """Queue a frame that must go out (an answer, a notice, a PINGPONG)."""
        self.outbox.append(frame)
        self.ready.set()


class RealtimeServer:
    """KIS's WebSocket protocol over the sandbox's market (see the module docstring)."""

    def __init__(
        self,
        approvals,
        market,
        clock,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        limit: int = SUBSCRIPTION_LIMIT,
        records_per_frame: int = 1,
        feed_interval: float = FEED_INTERVAL,
        pingpong_interval: float = PINGPONG_INTERVAL,
        outbox_limit: int = OUTBOX_LIMIT,
        on_step=None,
    ):
        """``on_step(now)``, when given, is called on every step of the feed loop while sessions are open, with
        the market clock's time: the sandbox matches its resting orders there, so the 체결통보 of a fill the path
        makes comes when its moment has come even if no REST request arrives."""
        if not (isinstance(records_per_frame, int) and 1 <= records_per_frame <= 999):
            raise ValueError("records_per_frame must be a whole number from 1 to 999 (a frame counts to 999)")
        self.approvals, self.market, self.clock = approvals, market, clock
        self.on_step = on_step
        self.host, self.requested_port = host, port
        self.limit, self.records_per_frame = limit, records_per_frame
        self.feed_interval, self.pingpong_interval, self.outbox_limit = feed_interval, pingpong_interval, outbox_limit
        self.tapes = TapeLibrary(market)
        self.port: int | None = None
        self._connections: set = set()
        self._counts = dict.fromkeys(
            (
                "connections",
                "frames_queued",
                "records_queued",
                "frames_sent",
                "frames_dropped",
                "records_dropped",
                "notices_sent",
                "pingpongs_sent",
            ),
            0,
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stopped: asyncio.Event | None = None
        self._started = threading.Event()
        self._error: BaseException | None = None

    # -- starting and stopping -------------------------------------------------------------------------
    def start(self) -> RealtimeServer:
        """Listen in a background thread; returns once the port is open (raises OSError if it cannot be)."""
        if self._thread is not None:
            return self
        self._thread = threading.Thread(target=self._run, name="kislearn-realtime", daemon=True)
        self._thread.start()
        if not self._started.wait(START_TIMEOUT):
            raise OSError(f"the WebSocket server did not start within {START_TIMEOUT:g} s")
        if self._error is not None:
            self._thread.join()
            self._thread = None
            raise self._error
        return self

    def stop(self) -> None:
        """Close every session (code 1001, going away) and the port; wait for the thread to end."""
        if self._thread is None:
            return
        if self._loop is not None and self._stopped is not None:
            self._loop.call_soon_threadsafe(self._stopped.set)
        self._thread.join()
        self._thread = None

    def __enter__(self) -> RealtimeServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._thread is not None

    @property
    def sessions_open(self) -> int:
        """How many clients are connected now."""
        return len(self._connections)

    @property
    def url(self) -> str:
        """``ws://HOST:PORT`` — the ``ops`` (real) and ``vops`` (paper) of the official sample's kis_devlp.yaml."""
        return f"ws://{self.host}:{self.port}"

    @property
    def stats(self) -> dict:
        """Counters since the start: connections; price frames queued and dropped (and the records they held);
        frames sent (of every kind); notices and PINGPONGs sent, PINGPONGs answered (by the sessions open now);
        sessions and subscriptions open now."""
        counts = dict(self._counts)
        connections = list(self._connections)
        counts["sessions_open"] = len(connections)
        counts["subscriptions_open"] = sum(len(c.session.subscriptions) for c in connections)
        counts["pingpong_answers"] = sum(c.session.pingpong_answers for c in connections)
        return counts

    # -- what the order code calls --------------------------------------------------------------------
    def notify(self, event) -> None:
        """Send ``event`` (an :class:`~.notices.OrderEvent`) to the 체결통보 subscribers of its app key. Safe to
        call from any thread; does nothing when the server is not running."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._deliver_notice, event)
            except RuntimeError:  # the loop closed in between
                pass

    def _deliver_notice(self, event) -> None:
        for connection in list(self._connections):
            session = connection.session
            if session.appkey != event.appkey:
                continue
            tr_id = NOTICE_TR_IDS[session.app.flavour]
            for subscription in session.notice_subscriptions():
                if subscription.tr_id == tr_id:
                    record = notice_record(tr_id, event, subscription.tr_key)
                    connection.put(data_frame(tr_id, [record], key=session.key, iv=session.iv))
                    self._counts["notices_sent"] += 1

    # -- inside the thread ----------------------------------------------------------------------------------
    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        try:
            server = await serve(
                self._serve_connection,
                self.host,
                self.requested_port,
                process_request=_plain_http_answer,
                compression=None,
                ping_interval=None,
                max_size=MAX_MESSAGE,
                server_header=None,
            )
        except OSError as error:
            self._error = error
            self._started.set()
            return
        self.port = server.sockets[0].getsockname()[1]
        self._started.set()
        feed = asyncio.create_task(self._feed_loop())
        await self._stopped.wait()
        feed.cancel()
        server.close(close_connections=True)
        await server.wait_closed()

    async def _serve_connection(self, websocket) -> None:
        connection = Connection(websocket, Session(self.approvals, self.clock, limit=self.limit))
        self._connections.add(connection)
        self._counts["connections"] += 1
        sender = asyncio.create_task(self._send_loop(connection))
        try:
            async for message in websocket:
                text = message if isinstance(message, str) else message.decode("utf-8", "replace")
                for answer in connection.session.receive(text):
                    connection.put(answer)
        except ConnectionClosed:
            pass
        finally:
            self._connections.discard(connection)
            sender.cancel()

    async def _send_loop(self, connection: Connection) -> None:
        outbox, websocket = connection.outbox, connection.websocket
        try:
            while True:
                await connection.ready.wait()
                while outbox:
                    frame = outbox.popleft()
                    await websocket.send(frame)
                    connection.last_sent = time.monotonic()
                    self._counts["frames_sent"] += 1
                connection.ready.clear()
        except ConnectionClosed:
            pass

    async def _feed_loop(self) -> None:
        while True:
            await asyncio.sleep(self.feed_interval)
            now = self.clock()
            wall = time.monotonic()
            if self.on_step is not None and self._connections:
                self.on_step(now)
            for connection in list(self._connections):
                self._feed(connection, now)
                if wall - connection.last_sent >= self.pingpong_interval and not connection.outbox:
                    connection.put(pingpong_message(now.strftime("%Y%m%d%H%M%S")))
                    connection.last_sent = wall
                    self._counts["pingpongs_sent"] += 1

    def _feed(self, connection: Connection, now) -> None:
        frames = due_frames(connection.session, self.tapes, now, self.records_per_frame)
        if not frames:
            return
        room = max(self.outbox_limit - len(connection.outbox), 0)
        for _frame, records in frames[room:]:
            self._counts["frames_dropped"] += 1
            self._counts["records_dropped"] += records
        for frame, records in frames[:room]:
            connection.outbox.append(frame)
            self._counts["frames_queued"] += 1
            self._counts["records_queued"] += records
        connection.ready.set()


def _plain_http_answer(connection, request):
    """A plain HTTP request (no WebSocket upgrade) gets a KIS-shaped JSON answer instead of websockets' text."""
    if request.headers.get("Upgrade", "").lower() == "websocket":
        return None
    code = sbx_codes.WEBSOCKET_ONLY
    body = {"rt_cd": "1", "msg_cd": code.code, "msg1": code.msg1}
    response = connection.respond(HTTPStatus(code.status), json.dumps(body, ensure_ascii=False) + "\n")
    del response.headers["Content-Type"]  # websockets wrote text/plain
    response.headers["Content-Type"] = "application/json; charset=utf-8"
    return response
