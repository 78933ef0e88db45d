"""One shared sandbox process for every notebook kernel on this computer: :func:`ensure_running`.

It finds the kislearn sandbox already running on the port (``GET /sandbox/health``), replaces one that runs
older kislearn code, or starts a new one as a detached process (``python -m kislearn sandbox``) that stops by
itself after an hour without requests. A file lock makes sure two kernels do not start two.

The sandbox it starts runs the ``course`` market clock (an always-open market that moves while the learner
studies, at any hour); a sandbox already running keeps whatever clock it was started with.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import platformdirs
import requests
from filelock import FileLock

from kislearn.sandbox.server import DEFAULT_HOST, DEFAULT_PORT, SandboxError, port_is_open
from kislearn.sandbox.state import SERVICE_NAME, code_fingerprint, data_dir_id

SPAWNED_IDLE_TIMEOUT = 3600  # a sandbox started by ensure_running() stops after an hour without requests
DATA_PORT_TRIES = 10  # ports ensure_running() tries for a sandbox with recorded folders (8434, 8435, ...)

_spawned = []  # sandbox processes this Python process started (kept so Python does not warn about them)


def cache_dir() -> Path:
    """The folder for the lock file and the log of a sandbox started by :func:`ensure_running`."""
    folder = Path(platformdirs.user_cache_dir("kislearn"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sandbox_command(port: int, data_dirs: Iterable = (), clock: str = "course") -> list:
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
        "--clock",
        clock,
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


def _spawn(port: int, log_path: Path, data_dirs: Iterable = (), clock: str = "course") -> subprocess.Popen:
    """Start ``sandbox_command(port)`` detached from this process, its output going to ``log_path``."""
    options = {}
    if os.name == "nt":
        options["creationflags"] = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
    else:
        options["start_new_session"] = True  # Ctrl-C in this terminal or kernel does not reach it
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"}
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            sandbox_command(port, data_dirs, clock),
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
            session.post(f"{url}/sandbox/shutdown", json={}, timeout=2)  # JSON: see gateway.check_control_request
    except requests.RequestException:
        pass
    deadline = time.monotonic() + timeout
    while port_is_open(host, port):
        if time.monotonic() > deadline:
            raise SandboxError(
                f"포트 {port}번의 예전 kislearn 샌드박스가 멈추지 않습니다 (an older sandbox is still running). "
                "그 프로세스를 끄고 다시 시도하세요."
            )
        time.sleep(0.1)


def ensure_running(
    port: int = DEFAULT_PORT,
    timeout: float = 10.0,
    host: str = DEFAULT_HOST,
    data_dirs: Iterable | None = None,
    clock: str = "course",
) -> str:
    """Return the URL of the kislearn sandbox on ``port``, starting one in the background if needed.

    The started sandbox is a separate process shared by every notebook kernel on this computer; it stops
    by itself after an hour without requests. A file lock makes sure two kernels do not start two.

    ``data_dirs`` are recorded folders the sandbox must serve too (``KIS_SANDBOX_DATA``). A sandbox already
    running without them is left alone (other kernels use it); the next ports are tried instead, up to
    ``DATA_PORT_TRIES`` of them, and a sandbox with the folders is started on the first free one.

    ``clock`` is the market clock of a sandbox it starts (``--clock``: ``"course"``, ``"fixed"``, ...).
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
            if port_is_open(host, candidate):
                if wanted:
                    continue
                raise SandboxError(
                    f"포트 {candidate}번에 kislearn 샌드박스가 아닌 다른 프로그램이 있습니다 (port in use by another "
                    f"program). 그 프로그램을 끄거나 ensure_running(port=...)에 다른 포트를 주세요."
                )
            log_path = folder / f"sandbox-{candidate}.log"
            process = _spawn(candidate, log_path, wanted, clock)
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
