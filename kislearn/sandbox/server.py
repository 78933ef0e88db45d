"""Running the sandbox: in a background thread (:class:`Sandbox`), in the foreground (:func:`serve`), or as
one shared process that every notebook kernel on this computer uses (:func:`ensure_running`).

    from kislearn.sandbox import Sandbox

    with Sandbox() as sandbox:                 # a free port, chosen by the operating system
        base_url = sandbox.url_for("paper")    # "http://127.0.0.1:<port>/paper" plays 모의투자
        ...
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import platformdirs
import requests
from filelock import FileLock
from werkzeug.serving import WSGIRequestHandler, make_server

from kislearn import spec
from kislearn.sandbox.app import SERVICE_NAME, SandboxState, code_fingerprint, create_app, data_dir_id
from kislearn.sandbox.rules import SandboxRules
from kislearn.sandbox.samples import DemoApp

DEFAULT_PORT = 8434  # mnemonic: TTTC8434R, the tr_id of 주식잔고조회
DEFAULT_HOST = "127.0.0.1"
SPAWNED_IDLE_TIMEOUT = 3600  # a sandbox started by ensure_running() stops after an hour without requests
DATA_PORT_TRIES = 10  # ports ensure_running() tries for a sandbox with recorded folders (8434, 8435, ...)

_spawned = []  # sandbox processes this Python process started (kept so Python does not warn about them)


class SandboxError(RuntimeError):
    """The sandbox could not start, or the port holds something else."""


class PortInUseError(SandboxError):
    """Another program already listens on the port."""

    def __init__(self, port: int):
        super().__init__(
            f"포트 {port}번을 이미 다른 프로그램이 쓰고 있습니다 (port already in use). "
            f"그 프로그램을 끄거나 다른 포트를 쓰세요: Sandbox(port=0) 은 빈 포트를 골라 주고, "
            f"명령줄에서는 python -m kislearn sandbox --port {port + 1} 처럼 띄웁니다."
        )
        self.port = port


class KisRequestHandler(WSGIRequestHandler):
    """werkzeug's request handler, with two changes for KIS clients."""

    protocol_version = "HTTP/1.1"  # note: werkzeug 3 still answers "Connection: close" after each request

    def make_environ(self):
        """werkzeug drops request headers whose names contain "_" (a guard for servers behind proxies),
        but KIS clients send ``tr_id`` and ``tr_cont`` exactly so. Put them back."""
        environ = super().make_environ()
        for name, value in self.headers.items():
            if "_" in name:
                environ["HTTP_" + name.upper().replace("-", "_")] = value
        return environ

    def log_request(self, code="-", size="-"):
        """One line per request only when the sandbox runs with ``verbose=True``."""
        if getattr(self.server, "verbose", False):
            super().log_request(code, size)

    def log_error(self, format, *args):
        if getattr(self.server, "verbose", False):
            super().log_error(format, *args)


def _port_is_open(host: str, port: int) -> bool:
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
    if _port_is_open(host, port):  # somebody answers there
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


class Sandbox:
    """A sandbox server in a background thread. Use it with ``with``, or call ``start()`` and ``stop()``."""

    def __init__(
        self,
        port: int = 0,
        host: str = DEFAULT_HOST,
        rules: SandboxRules | None = None,
        apps: Iterable[DemoApp] | None = None,
        data_dirs: Iterable | None = None,
        verbose: bool = False,
    ):
        self.host = host
        self.requested_port = port
        self._last_port = port  # after stop(), still the port it used (for messages)
        self.rules = rules or SandboxRules()
        self.verbose = verbose
        self.app = create_app(self.rules, apps, data_dirs)
        self._server = None
        self._thread = None

    # -- starting and stopping -------------------------------------------------------------------
    def start(self) -> Sandbox:
        """Start serving in a background thread. Returns the sandbox itself."""
        if self._server is not None:
            return self
        _check_port_free(self.host, self.requested_port)
        try:
            server = make_server(
                self.host, self.requested_port, self.app, threaded=True, request_handler=KisRequestHandler
            )
        except SystemExit:  # werkzeug exits the program when it cannot bind; turn that into our error
            raise PortInUseError(self.requested_port) from None
        server.verbose = self.verbose
        self._server = server
        self._last_port = server.port
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"kislearn-sandbox-{server.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._server is None:
            return
        self._server.shutdown()
        self._thread.join()
        self._server.server_close()
        self._server = None
        self._thread = None

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
        """``"http://127.0.0.1:PORT"``."""
        return f"http://{self.host}:{self.port}"

    def url_for(self, flavour: str) -> str:
        """The base URL a KIS client uses: ``url_for("paper")`` → ``"http://127.0.0.1:PORT/paper"``."""
        if flavour not in spec.FLAVOURS:
            raise ValueError(f"flavour는 'real' 또는 'paper'여야 합니다 (got {flavour!r})")
        return f"{self.url}/{flavour}"

    @property
    def state(self) -> SandboxState:
        return self.app.extensions["kislearn_sandbox"]

    @property
    def stats(self) -> dict:
        """Counters: tokens issued/re-used per flavour, requests served, calls refused by the rate limit."""
        return self.state.stats.snapshot()

    def reset(self, appkey: str | None = None) -> None:
        """Put an app's accounts back to the sample state, undoing its orders (``None``: every app's).

        Over HTTP the same is ``POST <base URL>/sandbox/reset`` with the ``appkey``/``appsecret`` headers,
        e.g. ``http://127.0.0.1:8434/paper/sandbox/reset``.
        """
        self.state.ledger.reset(appkey)

    def orders(self, appkey: str, account: str | None = None) -> list:
        """The orders an app placed (on ``account``, or on all), oldest first, as
        :class:`~kislearn.sandbox.orders.OrderRecord` (``.as_dict()`` gives a table row)."""
        return self.state.ledger.orders(appkey, account)

    def seconds_idle(self) -> float:
        """Seconds since the last request (or since the sandbox was made)."""
        return time.monotonic() - self.state.last_request

    def __repr__(self) -> str:
        return f"<Sandbox {self.url} {'running' if self.running else 'stopped'}>"


def serve(
    port: int = DEFAULT_PORT,
    host: str = DEFAULT_HOST,
    rules: SandboxRules | None = None,
    *,
    idle_timeout: float | None = None,
    verbose: bool = False,
    data_dirs: Iterable | None = None,
) -> None:
    """Run a sandbox in the foreground until Ctrl-C, ``idle_timeout`` seconds without requests, or a
    ``POST /sandbox/shutdown`` from this computer."""
    sandbox = Sandbox(port, host, rules, data_dirs=data_dirs, verbose=verbose).start()
    print(
        f"kislearn 샌드박스가 {sandbox.url} 에서 돌고 있습니다 "
        f"(실전: {sandbox.url_for('real')}, 모의투자: {sandbox.url_for('paper')}).",
        flush=True,
    )
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


# ---------------------------------------------------------------------------------------------------
# One shared sandbox for every notebook kernel
# ---------------------------------------------------------------------------------------------------
def cache_dir() -> Path:
    """The folder for the lock file and the log of a sandbox started by :func:`ensure_running`."""
    folder = Path(platformdirs.user_cache_dir("kislearn"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sandbox_command(port: int, data_dirs: Iterable = ()) -> list:
    """The command that runs a sandbox in its own process (with ``--data DIR`` for each recorded folder)."""
    command = [
        sys.executable,
        "-m",
        "kislearn",
        "sandbox",
        "--port",
        str(port),
        "--idle-timeout",
        str(SPAWNED_IDLE_TIMEOUT),
    ]
    for folder in data_dirs:
        command += ["--data", str(folder)]
    return command


def _health(url: str) -> dict | None:
    """The ``/sandbox/health`` answer of a kislearn sandbox at ``url``, or None."""
    try:
        with requests.Session() as session:
            session.trust_env = False  # talk to this computer directly, never through a proxy
            answer = session.get(f"{url}/sandbox/health", timeout=2)
            health = answer.json()
    except (requests.RequestException, ValueError):
        return None
    if isinstance(health, dict) and health.get("service") == SERVICE_NAME:
        return health
    return None


def _spawn(port: int, log_path: Path, data_dirs: Iterable = ()) -> subprocess.Popen:
    """Start ``sandbox_command(port)`` detached from this process, its output going to ``log_path``."""
    options = {}
    if os.name == "nt":
        options["creationflags"] = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        options["start_new_session"] = True  # Ctrl-C in this terminal or kernel does not reach it
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            sandbox_command(port, data_dirs),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            close_fds=True,
            env=env,
            **options,
        )
    _spawned.append(process)
    return process


def _log_tail(log_path: Path, lines: int = 15) -> str:
    """The last lines of the log, for error messages."""
    try:
        text = log_path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def _wait_until_healthy(url: str, process: subprocess.Popen, timeout: float, log_path: Path) -> None:
    """Wait for the new sandbox to answer; stop it and raise SandboxError if it does not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _health(url) is not None:
            return
        if process.poll() is not None:
            raise SandboxError(
                f"샌드박스 프로세스가 바로 끝났습니다 (exit code {process.returncode}). "
                f"로그 {log_path}:\n{_log_tail(log_path)}"
            )
        time.sleep(0.1)
    process.terminate()
    raise SandboxError(
        f"샌드박스가 {timeout:g}초 안에 응답하지 않았습니다 (startup timeout). 로그 {log_path}:\n{_log_tail(log_path)}"
    )


def _serves(health: dict, wanted: list) -> bool:
    """Does the sandbox that sent ``health`` serve every folder in ``wanted``?"""
    return set(wanted) <= set(health.get("data_dirs") or [])


def running_sandbox(port: int, host: str = DEFAULT_HOST) -> dict | None:
    """The health answer of the kislearn sandbox on ``port``, or None if none is there."""
    return _health(f"http://{host}:{port}")


def _retire(url: str, host: str, port: int, timeout: float) -> None:
    """Ask the sandbox at ``url`` (started by an older version of kislearn) to stop; wait for its port."""
    try:
        with requests.Session() as session:
            session.trust_env = False
            session.post(f"{url}/sandbox/shutdown", timeout=2)
    except requests.RequestException:
        pass
    deadline = time.monotonic() + timeout
    while _port_is_open(host, port):
        if time.monotonic() > deadline:
            raise SandboxError(
                f"포트 {port}번의 예전 kislearn 샌드박스가 멈추지 않습니다 (an older sandbox is still running). "
                "그 프로세스를 끄고 다시 시도하세요."
            )
        time.sleep(0.1)


def ensure_running(
    port: int = DEFAULT_PORT, timeout: float = 10.0, host: str = DEFAULT_HOST, data_dirs: Iterable | None = None
) -> str:
    """Return the URL of the kislearn sandbox on ``port``, starting one in the background if needed.

    The started sandbox is a separate process shared by every notebook kernel on this computer; it stops
    by itself after an hour without requests. A file lock makes sure two kernels do not start two.

    ``data_dirs`` are recorded folders the sandbox must serve too (``KIS_SANDBOX_DATA``). A sandbox already
    running without them is left alone (other kernels use it); the next ports are tried instead, up to
    ``DATA_PORT_TRIES`` of them, and a sandbox with the folders is started on the first free one.
    """
    wanted = [data_dir_id(folder) for folder in (data_dirs or [])]
    ports = range(port, port + (DATA_PORT_TRIES if wanted else 1))
    folder = cache_dir()
    for candidate in ports:
        url = f"http://{host}:{candidate}"
        with FileLock(str(folder / f"sandbox-{candidate}.lock"), timeout=timeout + 5):
            health = _health(url)  # another kernel may have started it while we waited for the lock
            if health is not None and health.get("code") != code_fingerprint():
                _retire(url, host, candidate, timeout)  # an older kislearn's sandbox: replace it
                health = None
            if health is not None:
                if _serves(health, wanted):
                    return url
                continue  # a sandbox without these folders: try the next port
            if _port_is_open(host, candidate):
                if wanted:
                    continue
                raise SandboxError(
                    f"포트 {candidate}번에 kislearn 샌드박스가 아닌 다른 프로그램이 있습니다 (port in use by another "
                    f"program). 그 프로그램을 끄거나 ensure_running(port=...)에 다른 포트를 주세요."
                )
            log_path = folder / f"sandbox-{candidate}.log"
            process = _spawn(candidate, log_path, wanted)
            try:
                _wait_until_healthy(url, process, timeout, log_path)
            except SandboxError:
                if wanted and candidate != ports[-1] and process.poll() is not None:
                    continue  # it could not take this port after all (a socket got there first): next one
                raise
        return url
    raise SandboxError(
        f"녹화 폴더(KIS_SANDBOX_DATA)를 싣는 샌드박스를 포트 {ports[0]}–{ports[-1]}에서 띄우지 못했습니다: 모두 다른 "
        "샌드박스나 프로그램이 쓰고 있습니다. 터미널에서 'python -m kislearn sandbox --data 폴더 --port 9000'으로 "
        "띄우고 KIS_SANDBOX_URL=http://127.0.0.1:9000 을 쓰세요."
    )
