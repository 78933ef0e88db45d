"""Sandbox-only helpers that work through a client: things KIS itself has no API for.

Client side: this module talks HTTP to a sandbox through the client's transport and never imports
:mod:`kislearn.sandbox` (the server), so it works against a sandbox on another computer too.

    import kislearn
    from kislearn.sandbox_tools import reset_accounts

    broker = kislearn.connect()
    reset_accounts(broker)        # undo this app key's orders: the sample accounts as they were

They talk HTTP to the sandbox the client is connected to (local or an instructor's), so they work from any
notebook kernel. Against a real KIS server they refuse, rather than send a request KIS does not know.
"""

from __future__ import annotations

from . import spec
from .errors import InvalidArgumentError
from .transport import KisResponse


def reset_accounts(broker) -> KisResponse:
    """Put the client's sandbox accounts back to the samples (undoing every order its app key placed)."""
    if broker.base_url in (spec.REAL_URL, spec.PAPER_URL):
        raise InvalidArgumentError(
            "reset_accounts()는 샌드박스 전용입니다 (sandbox only): 진짜 KIS 서버의 계좌는 되돌릴 수 없습니다."
        )
    headers = {
        "content-type": "application/json; charset=utf-8",
        "appkey": broker.api_key,
        "appsecret": broker.api_secret,
    }
    return broker.transport.request("POST", "/sandbox/reset", headers=headers, json={})
