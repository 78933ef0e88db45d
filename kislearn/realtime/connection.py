"""``AsyncRealtime``: one WebSocket session with KIS's real-time service (or the sandbox's), for asyncio code.

    async with AsyncRealtime(url, approval_key, "paper") as feed:
        await feed.subscribe("005930")                  # 실시간체결가; waits for SUBSCRIBE SUCCESS
        async for record in feed.records(limit=10):
            print(record["STCK_CNTG_HOUR"], record["STCK_PRPR"])

What it takes care of:

- **answers**: :meth:`subscribe` sends the message and waits for the server's answer; a refusal raises
  :class:`~.answers.SubscriptionError` (KIS's code, message and a Korean hint); "ALREADY IN SUBSCRIBE" counts
  as subscribed;
- **PINGPONG**: echoed back as a text frame, as mojito2 and python-kis do (users' logs: answering with a
  WebSocket pong only gets the session closed after about 100 seconds);
- **decryption**: encrypted frames (체결통보) with the AES key and IV of their subscription's answer;
- **records**: every record of a frame (``count`` may be more than one) as a :class:`~.records.Record`;
- **reconnecting**: when the connection drops, it connects again (waiting 0.5 s, 1 s, 2 s, … up to 10 s) and
  subscribes again to everything; ``new_approval_key`` (a function) gives a fresh key for that when the old one
  expired. Trades during the gap are not sent again (neither KIS nor the sandbox replays them);
- **a clean stop**: :meth:`stop` closes the session (code 1000) and ends :meth:`records`.

Records wait in a queue of ``queue_size``; when the program does not read them fast enough, the oldest are
dropped (``stats["records_dropped"]``).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from websockets.asyncio.client import connect as websocket_connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from .. import catalog, realtime_format
from ..errors import InvalidArgumentError, KisConnectionError, KisError, KisTimeoutError
from . import feeds
from .answers import ALREADY_SUBSCRIBED, PINGPONG, SUBSCRIBED, UNSUBSCRIBED, Answer, SubscriptionError, read_answer
from .records import read_records

log = logging.getLogger("kislearn.realtime")

ANSWER_TIMEOUT = 10.0  # seconds to wait for the answer to a subscription message
CONNECT_TIMEOUT = 10.0
RECONNECT_DELAYS = (0.5, 1, 2, 4, 8, 10)  # seconds before each attempt; the last repeats
QUEUE_SIZE = 100_000  # records waiting to be read
_CLOSED = object()  # put into the queue when the session ends


class RealtimeClosed(KisError):
    """The real-time session was stopped: no more records will come."""


class AsyncRealtime:
    """A real-time session (see the module docstring).

    ``url`` is the WebSocket address (``ws://ops.koreainvestment.com:31000`` for paper, or the sandbox's);
    ``approval_key`` the 웹소켓 접속키 from ``POST /oauth2/Approval``; ``flavour`` ``"paper"`` or ``"real"`` (which
    체결통보 tr_id to use); ``numbers=True`` reads numeric fields as numbers.
    """

    def __init__(
        self,
        url: str,
        approval_key: str,
        flavour: str = "paper",
        *,
        numbers: bool = False,
        reconnect: bool = True,
        new_approval_key: Callable[[], str] | None = None,
        custtype: str = "P",
        answer_timeout: float = ANSWER_TIMEOUT,
        queue_size: int = QUEUE_SIZE,
    ):
        if flavour not in feeds.NOTICE_TR_IDS:
            raise InvalidArgumentError(f"flavour는 'real'(실전) 또는 'paper'(모의투자)입니다 (받은 값: {flavour!r})")
        if not str(url).startswith(("ws://", "wss://")):
            raise InvalidArgumentError(f"웹소켓 주소는 ws:// 또는 wss://로 시작합니다 (got {url!r}).")
        if not approval_key:
            raise InvalidArgumentError("웹소켓 접속키(approval_key)가 비어 있습니다: POST /oauth2/Approval로 받으세요.")
        self.url, self.flavour, self.numbers = str(url), flavour, numbers
        self.reconnect, self.custtype, self.answer_timeout = reconnect, custtype, answer_timeout
        self._approval_key = approval_key
        self._new_approval_key = new_approval_key
        self._queue: asyncio.Queue | None = None
        self._queue_size = queue_size
        self._websocket = None
        self._connected: asyncio.Event | None = None
        self._reader: asyncio.Task | None = None
        self._control: asyncio.Lock | None = None
        self._pending: dict = {}  # (tr_id, tr_key) -> the Future of the answer being waited for
        self._keys: dict = {}  # tr_id -> (key, iv) for encrypted frames
        self._wanted: dict = {}  # (tr_id, tr_key) -> True: what to subscribe again after a reconnect
        self._listeners: list = []
        self._stopping = False
        self.stats = dict.fromkeys(
            ("frames", "records", "records_dropped", "pingpongs", "reconnects", "unreadable_frames"), 0
        )

    # -- starting and stopping -------------------------------------------------------------------------
    async def start(self) -> AsyncRealtime:
        """Connect (raises KisConnectionError in Korean when the server cannot be reached)."""
        if self._reader is not None:
            return self
        self._queue = asyncio.Queue(self._queue_size)
        self._connected = asyncio.Event()
        self._control = asyncio.Lock()
        self._stopping = False
        await self._open()
        self._reader = asyncio.create_task(self._read_forever(), name="kislearn-realtime-reader")
        return self

    async def stop(self) -> None:
        """Close the session and end :meth:`records` (records already received can still be read)."""
        if self._reader is None:
            return
        self._stopping = True
        reader, self._reader = self._reader, None
        if self._websocket is not None:
            with contextlib.suppress(Exception):
                await self._websocket.close()
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await reader
        self._connected.clear()
        for future in self._pending.values():
            if not future.done():
                future.set_exception(RealtimeClosed("실시간 세션이 닫혔습니다 (session stopped)."))
        self._pending.clear()
        self._offer(_CLOSED)

    async def __aenter__(self) -> AsyncRealtime:
        return await self.start()

    async def __aexit__(self, *exc_info) -> None:
        await self.stop()

    @property
    def running(self) -> bool:
        return self._reader is not None

    @property
    def subscriptions(self) -> list:
        """``(tr_id, tr_key)`` of every feed subscribed now (and subscribed again after a reconnect)."""
        return list(self._wanted)

    # -- subscribing -------------------------------------------------------------------------------------
    async def subscribe(self, code: str, feed: str = "price") -> Answer:
        """Subscribe to ``feed`` (``"price"`` 체결가, ``"asking"`` 호가, or a WebSocket tr_id) of stock ``code``."""
        tr_id = feeds.tr_id_for(feed, self.flavour)
        tr_key = feeds.check_stock_code(code) if tr_id in (feeds.PRICE, feeds.ASKING) else _tr_key(code)
        return await self._send_control(tr_id, tr_key, subscribe=True)

    async def subscribe_notices(self, hts_id: str) -> Answer:
        """Subscribe to 실시간체결통보 (your orders' acceptances and fills) with your HTS ID."""
        return await self._send_control(feeds.NOTICE_TR_IDS[self.flavour], _tr_key(hts_id, "HTS ID"), subscribe=True)

    async def unsubscribe(self, code: str, feed: str = "price") -> Answer:
        """Stop a subscription made with :meth:`subscribe` (for 체결통보: ``unsubscribe(hts_id, "notice")``)."""
        tr_id = feeds.tr_id_for(feed, self.flavour)
        tr_key = feeds.check_stock_code(code) if tr_id in (feeds.PRICE, feeds.ASKING) else _tr_key(code)
        return await self._send_control(tr_id, tr_key, subscribe=False)

    async def _send_control(self, tr_id: str, tr_key: str, *, subscribe: bool) -> Answer:
        if self._reader is None:
            raise RealtimeClosed("실시간 세션이 시작되지 않았거나 멈췄습니다: start()를 먼저 부르세요 (not running).")
        async with self._control:
            answer = await self._exchange(tr_id, tr_key, subscribe)
        if subscribe and answer.msg_cd in (SUBSCRIBED, ALREADY_SUBSCRIBED):
            self._wanted[(tr_id, tr_key)] = True
        elif not subscribe and answer.msg_cd == UNSUBSCRIBED:
            self._wanted.pop((tr_id, tr_key), None)
        else:
            raise SubscriptionError(answer)
        return answer

    async def _exchange(self, tr_id: str, tr_key: str, subscribe: bool) -> Answer:
        """Send one subscription message and wait for its answer (hold ``_control``)."""
        try:
            await asyncio.wait_for(self._connected.wait(), self.answer_timeout)
        except asyncio.TimeoutError:
            raise KisConnectionError(f"실시간 서버에 다시 연결하지 못했습니다 (not connected): {self.url}") from None
        future = asyncio.get_running_loop().create_future()
        self._pending[(tr_id, tr_key)] = future
        message = realtime_format.subscription_message(
            self._approval_key, tr_id, tr_key, subscribe=subscribe, custtype=self.custtype
        )
        try:
            await self._websocket.send(message)
            return await asyncio.wait_for(future, self.answer_timeout)
        except asyncio.TimeoutError:
            raise KisTimeoutError(
                f"실시간 서버가 {self.answer_timeout:g}초 안에 {tr_id}/{tr_key} 구독에 답하지 않았습니다 (timeout)."
            ) from None
        except ConnectionClosed:
            raise KisConnectionError(f"구독하는 사이 연결이 끊겼습니다 (connection closed): {self.url}") from None
        finally:
            self._pending.pop((tr_id, tr_key), None)

    # -- reading ---------------------------------------------------------------------------------------------
    def on_record(self, callback: Callable) -> None:
        """Call ``callback(record)`` for every record as it arrives (besides queueing it for :meth:`get`)."""
        self._listeners.append(callback)

    async def get(self, timeout: float | None = None):
        """The next record; raises TimeoutError after ``timeout`` seconds, RealtimeClosed once stopped."""
        if self._queue is None:
            raise RealtimeClosed("실시간 세션이 시작되지 않았습니다: start()를 먼저 부르세요 (not started).")
        item = await asyncio.wait_for(self._queue.get(), timeout)
        if item is _CLOSED:
            self._offer(_CLOSED)  # for the next reader too
            raise RealtimeClosed("실시간 세션이 닫혔습니다 (session stopped).")
        return item

    async def records(self, *, limit: int | None = None, timeout: float | None = None):
        """Yield records as they arrive: at most ``limit``, until ``timeout`` seconds pass without one, or
        until the session stops."""
        count = 0
        while limit is None or count < limit:
            try:
                record = await self.get(timeout)
            except (asyncio.TimeoutError, RealtimeClosed):
                return
            count += 1
            yield record

    def __aiter__(self):
        return self.records()

    # -- inside ------------------------------------------------------------------------------------------------
    async def _open(self) -> None:
        """Connect once (raises KisConnectionError in Korean)."""
        host = urlsplit(self.url).hostname or ""
        options = {"proxy": None} if host in ("127.0.0.1", "localhost", "::1") else {}  # loopback: never a proxy
        try:
            self._websocket = await websocket_connect(
                self.url, open_timeout=CONNECT_TIMEOUT, ping_interval=None, compression=None, **options
            )
        except (OSError, InvalidHandshake, InvalidURI, asyncio.TimeoutError) as error:
            raise KisConnectionError(
                f"실시간 서버에 연결할 수 없습니다 (connection failed): {self.url} ({type(error).__name__}). "
                "주소가 맞는지, 샌드박스라면 켜져 있는지 확인하세요."
            ) from None
        self._connected.set()

    async def _read_forever(self) -> None:
        while not self._stopping:
            try:
                async for message in self._websocket:
                    await self._dispatch(message if isinstance(message, str) else message.decode("utf-8", "replace"))
            except ConnectionClosed:
                pass
            self._connected.clear()
            if self._stopping or not self.reconnect:
                break
            await self._reconnect()
        if not self._stopping:  # the server closed and we may not reconnect: end the readers
            self._offer(_CLOSED)

    async def _reconnect(self) -> None:
        """Connect again (forever, with growing pauses, until stopped) and subscribe to everything again."""
        for attempt in itertools.count():
            await asyncio.sleep(RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)])
            if self._stopping:
                return
            try:
                if self._new_approval_key is not None:
                    self._approval_key = await asyncio.to_thread(self._new_approval_key)
                await self._open()
            except KisError as error:
                log.info("실시간 서버에 다시 연결하지 못했습니다 (%s); 다시 시도합니다", error)
                continue
            self.stats["reconnects"] += 1
            self._keys.clear()
            asyncio.create_task(self._subscribe_again(list(self._wanted)))
            return

    async def _subscribe_again(self, wanted: list) -> None:
        for tr_id, tr_key in wanted:
            try:
                async with self._control:
                    answer = await self._exchange(tr_id, tr_key, True)
            except KisError as error:
                log.warning("다시 연결한 뒤 %s/%s를 다시 구독하지 못했습니다: %s", tr_id, tr_key, error)
                continue
            if answer.msg_cd not in (SUBSCRIBED, ALREADY_SUBSCRIBED):
                log.warning("다시 연결한 뒤 %s/%s 구독이 거절되었습니다: %s", tr_id, tr_key, SubscriptionError(answer))

    async def _dispatch(self, text: str) -> None:
        if realtime_format.is_data_frame(text):
            self._read_data(text)
            return
        try:
            answer = read_answer(text)
        except KisError as error:
            log.debug("%s", error)
            return
        if answer == PINGPONG:
            self.stats["pingpongs"] += 1
            with contextlib.suppress(ConnectionClosed):
                await self._websocket.send(text)  # echo it, as mojito2 and python-kis do
            return
        if answer.key and answer.iv:
            self._keys[answer.tr_id] = (answer.key, answer.iv)
        future = self._pending.get((answer.tr_id, answer.tr_key))
        if future is not None and not future.done():
            future.set_result(answer)

    def _read_data(self, text: str) -> None:
        self.stats["frames"] += 1
        try:
            frame = realtime_format.read_data_frame(text)
            payload = frame.payload
            if frame.encrypted:
                key, iv = self._keys[frame.tr_id]
                payload = realtime_format.decrypt(payload, key, iv)
            records = read_records(frame, payload, numbers=self.numbers)
        except (realtime_format.FrameFormatError, KeyError, ValueError, catalog.CatalogError) as error:
            self.stats["unreadable_frames"] += 1
            log.warning("읽을 수 없는 실시간 데이터를 건너뜁니다 (unreadable frame %r): %s", text[:30], error)
            return
        for record in records:
            self.stats["records"] += 1
            self._offer(record)
            for listener in list(self._listeners):
                try:
                    listener(record)
                except Exception:  # a listener's bug must not stop the session
                    log.exception("on_record 함수가 예외를 냈습니다 (listener failed)")

    def _offer(self, item) -> None:
        """Queue ``item``; when the queue is full, drop the oldest record to make room."""
        if self._queue.full():
            with contextlib.suppress(asyncio.QueueEmpty):
                self._queue.get_nowait()
                self.stats["records_dropped"] += 1
        self._queue.put_nowait(item)


def _tr_key(value, what: str = "tr_key") -> str:
    text = str(value).strip() if value is not None else ""
    if not text:
        raise InvalidArgumentError(f"{what}이(가) 비어 있습니다 (empty {what}).")
    return text
