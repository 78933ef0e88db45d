"""Helpers shared by the test files (not course code): ports, waiting for a server, loading a script.

from helpers import free_port, wait_for_health, load_script
"""

from __future__ import annotations

import importlib.util
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import requests

ROOT = Path(__file__).resolve().parents[1]

# The APIs of the living market with routes of their own (kislearn/sandbox/order_routes.py, chart_routes.py)
LIVING_MARKET_APIS = (
    "주식주문(정정취소)",
    "주식일별주문체결조회",
    "매수가능조회",
    "매도가능수량조회",
    "주식정정취소가능주문조회",
    "국내주식기간별시세(일_주_월_년)",
    "주식현재가 일자별",
    "주식당일분봉조회",
    "주식일별분봉조회",
)


def free_port() -> int:
    """A port nobody listens on right now (connecting to it is refused until someone takes it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# the name the client tests use: a port where connecting is refused
closed_port = free_port


def silent_port() -> socket.socket:
    """A listening socket that never answers: connecting works, reading times out. Close it after use."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    return listener


def direct_session() -> requests.Session:
    """A requests session that never goes through a proxy."""
    session = requests.Session()
    session.trust_env = False
    return session


def wait_for_health(url: str, process: subprocess.Popen | None = None, seconds: float = 20) -> dict:
    """Wait until the sandbox at ``url`` answers ``/sandbox/health`` and return that answer. Fails at once when
    ``process`` (the sandbox's own process) has stopped, with what it printed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            output = process.communicate()[0] if process.stdout else ""
            raise AssertionError(f"the sandbox stopped (exit {process.returncode}):\n{output}")
        try:
            # a session of its own, closed at once: a kept-alive connection would hold up the server's stop
            with direct_session() as session:
                return session.get(f"{url}/sandbox/health", timeout=1).json()
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError(f"the sandbox at {url} did not answer in {seconds} s")


def load_script(name: str) -> ModuleType:
    """``scripts/NAME.py`` as a module (the scripts folder is not a package); loaded once per test run."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the script runs
    spec.loader.exec_module(module)
    return module


def in_venv(folder: Path, program: str) -> str:
    """The path of ``program`` (python, pip, kislearn) in the virtual environment at ``folder``."""
    return str(folder / ("Scripts" if sys.platform == "win32" else "bin") / program)


# what a clean copy of the course folder leaves out: version control, environments, build output, caches
_NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", "test-artifacts"
)


def clean_copy(target: Path) -> Path:
    """A copy of the course folder at ``target`` without build output (a stale build/ could end up in a wheel)."""
    shutil.copytree(ROOT, target, ignore=_NOT_COPIED)
    return target


def filled_record(odno: str, time: str, order, price: int, costs: int = 0):
    """An :class:`~kislearn.sandbox.orders.OrderRecord` of ``order`` filled at once, in full, at ``price`` at
    ``time`` (HHMMSS) on the sample day — as the sandbox's order code makes one (for notice tests)."""
    from datetime import datetime

    from kislearn import spec
    from kislearn.sandbox.market.fills import Fill
    from kislearn.sandbox.orders import OrderRecord

    placed = datetime.strptime(f"20261120{time}", "%Y%m%d%H%M%S").replace(tzinfo=spec.KST)
    fills = (Fill(placed, price, order.quantity),)
    return OrderRecord(odno, time, order, placed, placed.date(), fills=fills, costs=costs, cost_basis=order.price)
