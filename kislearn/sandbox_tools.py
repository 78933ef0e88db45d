"""Sandbox-only helpers that work through a client: things KIS itself has no API for.

Client side: this module talks HTTP to a sandbox through the client's transport and never imports
:mod:`kislearn.sandbox` (the server), so it works against a sandbox on another computer too.

    import kislearn
    from kislearn.sandbox_tools import market_clock, move_clock, reset_accounts

    broker = kislearn.connect()
    reset_accounts(broker)        # undo this app key's orders: the sample accounts as they are now
    market_clock(broker)["now"]   # the sandbox market's time, e.g. "2026-11-20T15:30:00+09:00"
    move_clock(broker, hours=1)   # the market an hour on (a course clock counts session hours only)
    move_clock(broker, to="2026-11-24T09:00:00+09:00")   # or to a moment (never back)

They talk HTTP to the sandbox the client is connected to (local or an instructor's), so they work from any
notebook kernel. Against a real KIS server they refuse, rather than send a request KIS does not know.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from . import spec
from .errors import InvalidArgumentError
from .transport import KisResponse

JSON_HEADERS = {"content-type": "application/json; charset=utf-8"}  # what every control request must say
# The controls are the sandbox's, not KIS APIs: the sandbox does not count them against the calls-per-second
# limit, so the client does not pace them either (a bot that moves the clock every step keeps its KIS budget).
UNPACED = {"rate_limited": False}


def _check_sandbox(broker, what: str) -> None:
    if broker.base_url in (spec.REAL_URL, spec.PAPER_URL):
        raise InvalidArgumentError(f"{what}는 샌드박스 전용입니다 (sandbox only): 진짜 KIS 서버에는 없는 기능입니다.")


def reset_accounts(broker) -> KisResponse:
    """Put the client's sandbox accounts back to the samples as they are now (undoing every order its app key
    placed; the market clock does not go back)."""
    _check_sandbox(broker, "reset_accounts()")
    headers = {**JSON_HEADERS, "appkey": broker.api_key, "appsecret": broker.api_secret}
    return broker.transport.request("POST", "/sandbox/reset", headers=headers, json={}, **UNPACED)


def market_clock(broker) -> dict:
    """The sandbox market's clock (``GET /sandbox/clock``): ``mode`` (wall, course, fixed, fast), ``now`` (ISO
    8601, Korea time), ``trading_day``, ``phase`` (e.g. "continuous", "after_close"), ``market_open``,
    ``session``, ``next_open`` and ``order_hours`` ("always": orders taken at any hour; "krx": KIS's hours)."""
    _check_sandbox(broker, "market_clock()")
    return broker.transport.request("GET", "/sandbox/clock", headers=dict(JSON_HEADERS), **UNPACED).body["output"]


def move_clock(broker, *, seconds: float = 0, minutes: float = 0, hours: float = 0, days: float = 0, to=None) -> dict:
    """Move the sandbox market's clock forward (``POST /sandbox/clock``) and return :func:`market_clock` after it.

    Either a duration — ``move_clock(broker, minutes=30)`` — or a moment: ``to="2026-11-24T09:00:00+09:00"`` or an
    aware ``datetime``. The clock never goes back; on a ``course`` clock a duration counts session time only (an
    hour at 15:00 lands at 09:30 the next trading day). Only from the sandbox's own computer: a classroom's clock is
    the instructor's to move."""
    _check_sandbox(broker, "move_clock()")
    step = timedelta(seconds=seconds, minutes=minutes, hours=hours, days=days).total_seconds()
    if (to is None) == (step == 0) or not math.isfinite(step):
        raise InvalidArgumentError(
            "move_clock()에는 움직일 시간(seconds=·minutes=·hours=·days=) 또는 갈 시각(to=) 하나만 주세요, "
            "예: move_clock(broker, minutes=30) 또는 move_clock(broker, to='2026-11-24T09:00:00+09:00')"
        )
    if to is not None:
        if isinstance(to, datetime):
            if to.tzinfo is None:
                raise InvalidArgumentError(
                    "to=에는 시간대가 있는 시각을 주세요, 예: datetime(..., tzinfo=kislearn.spec.KST)"
                )
            to = to.isoformat()
        body = {"set": str(to)}
    else:
        body = {"advance_seconds": step}
    answer = broker.transport.request("POST", "/sandbox/clock", headers=dict(JSON_HEADERS), json=body, **UNPACED)
    return answer.body["output"]
