"""Running the sandbox in this process: in a background thread (:class:`Sandbox`) or in the foreground
(:func:`serve`, what ``python -m kislearn sandbox`` runs). One shared sandbox process for every notebook kernel
is ``launcher.ensure_running``.

    from kislearn.sandbox import Sandbox

    with Sandbox() as sandbox:                 # the first free port from 8435 up (Sandbox(port=0): any free port)
        base_url = sandbox.url                 # "http://127.0.0.1:<port>": the app key decides real or paper
        paper_url = sandbox.url_for("paper")   # "http://127.0.0.1:<port>/paper" plays 모의투자 only
        ws_url = sandbox.ws_url                # "ws://127.0.0.1:<port + 10000>": 실시간 (WebSocket)
        ...

    with Sandbox(clock="fixed@2026-11-23T09:00") as sandbox:
        sandbox.clock.advance(minutes=30)      # the market half an hour on: prices move, orders fill

**The market clock** (``clock=``, see ``market/clock.py``): a :class:`~kislearn.sandbox.market.MarketClock`, or its
text form — ``"course"`` (always open, moving), ``"fixed"`` / ``"fixed@2026-11-23T09:00"`` (frozen until moved),
``"wall"`` (real time), ``"fast:60"`` (the real calendar, 60× faster). A :class:`Sandbox` made in a program stands
still unless told otherwise: ``fixed`` at 2026-11-20 15:30, the closing bell the sample files show, so a notebook
or test gets the same answers on every run. :func:`serve` (``python -m kislearn sandbox``, and the shared sandbox
``ensure_running`` starts for ``kislearn.connect()``) runs the ``course`` clock, a market that moves while you
study, at any hour. # sandbox's choice

The HTTP server underneath is cheroot (``http_server.py``); the WebSocket server (real-time prices) runs beside
it on a second port, ``websockets`` on an event loop of its own (``realtime/server.py``). A second port, because
a WSGI server cannot hand a connection over to a WebSocket server, and because KIS too streams from other
hosts (``ws://ops.koreainvestment.com:21000`` real, ``:31000`` paper): the sandbox uses one port for both, the
approval key tells whose app a session is. The port is the HTTP port + 10000 (8434 → 18434), or any free port
when the HTTP port is 0 or that number is too high. # sandbox's choice

**Which port**: ``Sandbox(port=8500)`` listens on 8500 or raises :class:`PortInUseError`; ``Sandbox(port=0)`` on
any free port the operating system picks (a different one each time); ``Sandbox()`` on the first free port of
:data:`FIRST_FREE_PORTS` (8435, 8436, ...: 8434 is ``python -m kislearn sandbox``'s), so a notebook shows the same
addresses on every run and its saved outputs do not change. # sandbox's choice
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterable

from kislearn import spec
from kislearn.sandbox.app import create_app
from kislearn.sandbox.http_server import SandboxHTTPServer, log_requests
from kislearn.sandbox.market import ClockError, Market, MarketClock, parse_clock
from kislearn.sandbox.realtime import RealtimeServer
from kislearn.sandbox.rules import SandboxRules
from kislearn.sandbox.samples import DemoApp, demo_app, sample_accounts
from kislearn.sandbox.state import EXTENSION_KEY, SandboxState

DEFAULT_PORT = 8434  # mnemonic: TTTC8434R, the tr_id of 주식잔고조회
DEFAULT_HOST = "127.0.0.1"
FIRST_FREE_PORTS = range(DEFAULT_PORT + 1, DEFAULT_PORT + 201)  # Sandbox() takes the first free one # sandbox's choice
WS_PORT_OFFSET = 10_000  # the WebSocket server's port: the HTTP port + 10000 (8434 → 18434) # sandbox's choice


def websocket_port_for(port: int) -> int:
    """The WebSocket port that goes with HTTP ``port``: + 10000, or 0 (any free port) when that cannot be."""
    return port + WS_PORT_OFFSET if 0 < port <= 65535 - WS_PORT_OFFSET else 0


class SandboxError(RuntimeError):
    """The sandbox could not start, or the port holds something else."""


class PortInUseError(SandboxError):
    """Another program already listens on the port."""

    def __init__(self, port: int, option: str = "--port"):
        super().__init__(
            f"포트 {port}번을 이미 다른 프로그램이 쓰고 있습니다 (port already in use). "
            f"그 프로그램을 끄거나 다른 포트를 쓰세요: Sandbox(port=0) 은 빈 포트를 골라 주고, "
            f"명령줄에서는 python -m kislearn sandbox {option} {port + 1} 처럼 띄웁니다."
        )
        self.port = port


def port_is_open(host: str, port: int) -> bool:
    """Does anything accept connections on ``host:port``?"""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def _check_port_free(host: str, port: int) -> None:
    """Raise PortInUseError when ``port`` is taken (port 0 means "any free port" and is always fine)."""
    if port == 0:
        return
    if port_is_open(host, port):  # somebody answers there
        raise PortInUseError(port)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        if os.name == "nt":
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # like the server itself
        try:
            probe.bind((host, port))
        except OSError as error:
            raise PortInUseError(port) from error


def first_free_port(host: str = DEFAULT_HOST) -> int:
    """The first port of :data:`FIRST_FREE_PORTS` that nobody uses, the way ``Sandbox()`` picks its port: for a
    small server of your own whose address should stay the same from run to run. Like the sandbox's, its socket
    needs ``SO_REUSEADDR`` (a port whose last connections are still closing counts as free). 0 (any free port)
    if all are taken."""
    for port in FIRST_FREE_PORTS:
        try:
            _check_port_free(host, port)
        except PortInUseError:
            continue
        return port
    return 0


def market_clock(clock: MarketClock | str | None, default: str = "fixed") -> MarketClock:
    """A :class:`MarketClock` from what ``Sandbox(clock=...)`` accepts: a clock, its text form (``"course"``,
    ``"fixed@2026-11-23T09:00"``, ``"fast:60"``...) or None (``default``). Raises :class:`ClockError` (Korean)."""
    if clock is None:
        return parse_clock(default)
    if isinstance(clock, MarketClock):
        return clock
    if isinstance(clock, str):
        return parse_clock(clock)
    raise ClockError(
        f"clock에는 MarketClock이나 'course', 'fixed@2026-11-23T09:00' 같은 글자를 주세요 (got {type(clock).__name__})"
    )


class Sandbox:
    """A sandbox server in a background thread. Use it with ``with``, or call ``start()`` and ``stop()``.
    ``clock`` is the market clock (default: ``fixed`` at 2026-11-20 15:30; see the module docstring)."""

    def __init__(
        self,
        port: int | None = None,
        host: str = DEFAULT_HOST,
        rules: SandboxRules | None = None,
        apps: Iterable[DemoApp] | None = None,
        data_dirs: Iterable | None = None,
        verbose: bool = False,
        *,
        ws_port: int | None = None,
        clock: MarketClock | str | None = None,
    ):
        """``port``: see the module docstring (default: the first free of :data:`FIRST_FREE_PORTS`); ``ws_port``:
        the WebSocket server's port (default :func:`websocket_port_for`); ``clock``: the market clock — of the REST
        answers and of the real-time feed alike (default ``fixed`` at 2026-11-20 15:30)."""
        self.host = host
        self.requested_port = port  # None: the first free of FIRST_FREE_PORTS, chosen in start()
        self._last_port = port or 0  # after stop(), still the port it used (for messages)
        self.rules = rules or SandboxRules()
        self.verbose = verbose
        self.data_dirs = list(data_dirs or [])
        self.app = create_app(self.rules, apps, self.data_dirs, market_clock(clock))
        self.requested_ws_port = ws_port  # None: websocket_port_for(the HTTP port)
        self._server = None
        self._thread = None
        self._realtime: RealtimeServer | None = None

    # -- starting and stopping -------------------------------------------------------------------
    def start(self) -> Sandbox:
        """Start serving in a background thread. Returns the sandbox itself."""
        if self._server is not None:
            return self
        if self.requested_port is not None:
            self._start_on(self.requested_port)
            return self
        for port in FIRST_FREE_PORTS:  # the same port on every run, unless another program holds it
            try:
                self._start_on(port)
                return self
            except PortInUseError:
                continue
        self._start_on(0)  # all of them taken: any free port
        return self

    def _start_on(self, port: int) -> None:
        """Listen on ``port`` (and its WebSocket port) and serve in a background thread, or raise PortInUseError."""
        ws_port = websocket_port_for(port) if self.requested_ws_port is None else self.requested_ws_port
        _check_port_free(self.host, port)
        try:
            _check_port_free(self.host, ws_port)
        except PortInUseError as error:
            raise PortInUseError(error.port, "--ws-port") from None
        wsgi_app = log_requests(self.app) if self.verbose else self.app
        server = SandboxHTTPServer(self.host, port, wsgi_app, verbose=self.verbose)
        try:
            server.prepare()  # binds the port and starts the worker threads
        except OSError:
            raise PortInUseError(port) from None
        realtime = RealtimeServer(  # the feed streams the same market, on the same clock, as the REST answers
            self.state.approvals,
            self.state.market,
            self.state.clock,
            host=self.host,
            port=ws_port,
            on_step=self._match_resting_orders,
        )
        try:
            realtime.start()
        except OSError:
            server.stop()
            raise PortInUseError(ws_port, "--ws-port") from None
        self._server, self._realtime = server, realtime
        self._last_port = server.port
        self.state.websocket_port = realtime.port
        self.state.order_listeners.append(realtime.notify)
        self._thread = threading.Thread(target=server.serve, name=f"kislearn-sandbox-{server.port}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and free the ports."""
        if self._server is None:
            return
        self._server.stop()
        self._thread.join()
        self.state.order_listeners.remove(self._realtime.notify)
        self.state.websocket_port = None
        self._realtime.stop()
        self._server = self._thread = self._realtime = None

    def _match_resting_orders(self, now) -> None:
        """The feed loop's step: every resting order matched up to ``now`` (its fills told to the listeners)."""
        self.state.ledger.catch_up(now.replace(microsecond=0))

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # -- where it is and what it did -------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        """The port it listens on (the real one once started, even when you asked for port 0)."""
        return self._server.port if self._server is not None else self._last_port

    @property
    def url(self) -> str:
        """``"http://127.0.0.1:PORT"``: KIS paths at the root, real or paper decided by the app key."""
        return f"http://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        """``"ws://127.0.0.1:PORT"``: the real-time (WebSocket) server, for both flavours — what the official
        sample's ``kis_devlp.yaml`` calls ``ops`` (real) and ``vops`` (paper)."""
        if self._realtime is not None:
            port = self._realtime.port
        else:
            port = websocket_port_for(self.port) if self.requested_ws_port is None else self.requested_ws_port
        return f"ws://{self.host}:{port}"

    @property
    def realtime(self) -> RealtimeServer | None:
        """The WebSocket server while the sandbox runs (its ``stats``: sessions, frames sent and dropped)."""
        return self._realtime

    def url_for(self, flavour: str) -> str:
        """A base URL for one flavour only: ``url_for("paper")`` → ``"http://127.0.0.1:PORT/paper"``."""
        if flavour not in spec.FLAVOURS:
            raise ValueError(f"flavour는 'real' 또는 'paper'여야 합니다 (got {flavour!r})")
        return f"{self.url}/{flavour}"

    @property
    def state(self) -> SandboxState:
        return self.app.extensions[EXTENSION_KEY]

    @property
    def clock(self) -> MarketClock:
        """The market clock: ``sandbox.clock.now()``, ``.advance(minutes=30)``, ``.set(datetime(...))``. Over HTTP:
        ``GET``/``POST <base URL>/sandbox/clock`` (``kislearn.sandbox_tools.move_clock``)."""
        return self.state.clock

    @property
    def market(self) -> Market:
        """The moving market (``kislearn.sandbox.market.Market``) every answer and the real-time feed read."""
        return self.state.market

    @property
    def stats(self) -> dict:
        """Counters: tokens issued/re-used per flavour, requests served, calls refused by the rate limit."""
        return self.state.stats.snapshot()

    def reset(self, appkey: str | None = None) -> None:
        """Put an app's accounts back to the sample state, undoing its orders (``None``: every app's). The market
        clock does not go back: the samples come back as they stand now, had the app never traded.

        Over HTTP the same is ``POST <base URL>/sandbox/reset`` with the ``appkey``/``appsecret`` headers and
        ``Content-Type: application/json``, e.g. ``http://127.0.0.1:8434/sandbox/reset``.
        """
        self.state.ledger.reset(appkey)

    def orders(self, appkey: str, account: str | None = None) -> list:
        """The orders an app placed (on ``account``, or on all), oldest first, as they stand at the market clock's
        now, as :class:`~kislearn.sandbox.orders.OrderRecord` (``.as_dict()`` gives a table row)."""
        return self.state.ledger.orders(appkey, account, now=self.state.market_now())

    def seconds_idle(self) -> float:
        """Seconds since the last request (or since the sandbox was made); 0 while a WebSocket session is open
        (a program streaming prices is using the sandbox even when it sends no request)."""
        if self._realtime is not None and self._realtime.sessions_open:
            return 0.0
        return time.monotonic() - self.state.last_request

    def __repr__(self) -> str:
        return f"<Sandbox {self.url} {'running' if self.running else 'stopped'}>"


def banner(sandbox: Sandbox) -> str:
    """The start message: where the sandbox is, and what another KIS client needs to use it."""
    lines = [
        f"kislearn 샌드박스가 {sandbox.url} 에서 돌고 있습니다 (the sandbox is running).",
        f"  기본 주소 (base URL): {sandbox.url}   실전·모의투자는 앱키로 구분됩니다",
        f"    (한쪽만: 실전 {sandbox.url_for('real')}, 모의투자 {sandbox.url_for('paper')})",
        f"  실시간 웹소켓 (WebSocket): {sandbox.ws_url}   kis_devlp.yaml의 ops·vops, 접속키는 POST /oauth2/Approval",
        f"  시장 시계 (market clock): {clock_line(sandbox.clock)}",
        f'    보기·움직이기: GET/POST {sandbox.url}/sandbox/clock  (예: {{"advance_seconds": 3600}})',
    ]
    for flavour, name in (("paper", "모의투자 (paper)"), ("real", "실전 (real)")):
        app = demo_app(flavour)
        lines += [f"  {name} 앱키 appkey:       {app.appkey}", f"  {name} 시크릿 appsecret: {app.appsecret}"]
    lines.append("  계좌 (accounts):")
    lines += [
        f"    {account}  {title}"
        for _slug, account, title in sorted(sample_accounts(sandbox.data_dirs), key=lambda a: a[1])
    ]
    lines.append("  mojito2, python-kis, 공식 예제(kis_devlp.yaml) 설정: docs/other-clients.md")
    return "\n".join(lines)


CLOCK_MODES = {"wall": "실제 시각", "course": "항상 열린 장", "fixed": "멈춘 시계", "fast": "빨리 가는 실제 달력"}


def clock_line(clock: MarketClock) -> str:
    """One line for the banner: the clock's mode and where the market is."""
    state = clock.describe()
    speed = f" ×{state['speed']:g}" if state["speed"] != 1 else ""
    market = "장중 (open)" if state["market_open"] else "장 닫힘 (closed)"
    return f"{state['mode']}{speed} ({CLOCK_MODES[state['mode']]}) — {state['now']} {market}"


def serve(
    port: int = DEFAULT_PORT,
    host: str = DEFAULT_HOST,
    rules: SandboxRules | None = None,
    *,
    idle_timeout: float | None = None,
    verbose: bool = False,
    data_dirs: Iterable | None = None,
    ws_port: int | None = None,
    clock: MarketClock | str | None = None,
) -> None:
    """Run a sandbox in the foreground until Ctrl-C, ``idle_timeout`` seconds without requests, or a
    ``POST /sandbox/shutdown`` from this computer. ``ws_port``: the WebSocket server's (default: ``port`` +
    10000); ``clock``: the market clock (default ``"course"``, a market that is always open and moves)."""
    clock = market_clock(clock, default="course")
    sandbox = Sandbox(port, host, rules, data_dirs=data_dirs, verbose=verbose, ws_port=ws_port, clock=clock).start()
    print(banner(sandbox), flush=True)
    if sys.stdin is not None and sys.stdin.isatty():
        print("멈추려면 Ctrl-C를 누르세요.", flush=True)
    elif idle_timeout is not None:
        print(f"백그라운드 샌드박스입니다: {idle_timeout:g}초 동안 요청이 없으면 스스로 멈춥니다.", flush=True)
    stop_requested = sandbox.state.stop_requested
    try:
        while idle_timeout is None or sandbox.seconds_idle() < idle_timeout:
            if stop_requested.wait(0.2):
                print("멈춰 달라는 요청(/sandbox/shutdown)을 받아 샌드박스를 멈춥니다.", flush=True)
                break
        else:
            print(f"{idle_timeout:g}초 동안 요청이 없어 샌드박스를 멈춥니다.", flush=True)
    except KeyboardInterrupt:
        print("\n샌드박스를 멈췄습니다.", flush=True)
    finally:
        with _ctrl_c_ignored():  # a second Ctrl-C while stopping would only print a traceback
            sandbox.stop()


@contextlib.contextmanager
def _ctrl_c_ignored():
    """Ignore Ctrl-C (SIGINT) inside the block, when called from the main thread (signals live there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
