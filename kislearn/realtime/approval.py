"""The 웹소켓 접속키 (approval key) and the WebSocket address of a REST server.

    key = issue_approval_key(broker)     # POST /oauth2/Approval with the client's app key and secret
    url = websocket_url(broker)          # ws://ops.koreainvestment.com:31000 for paper, or the sandbox's

The body is ``grant_type``, ``appkey`` and ``secretkey`` — the app secret under another name (official: "appsecret와
secretkey는 동일하오니 착오없으시기 바랍니다"); the answer ``{"approval_key": ...}``.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from .. import spec
from ..errors import KisConnectionError, KisResponseError

KIS_WEBSOCKETS = {spec.REAL_URL: spec.REAL_WS_URL, spec.PAPER_URL: spec.PAPER_WS_URL}


def issue_approval_key(broker) -> str:
    """A new approval key for ``broker``'s app (a :class:`kislearn.KoreaInvestment`); KIS errors raise as usual."""
    body = {"grant_type": "client_credentials", "appkey": broker.api_key, "secretkey": broker.api_secret}
    answer = broker.transport.request(
        "POST",
        spec.APPROVAL_PATH,
        json=body,
        rate_limited=False,
        headers={"content-type": "application/json; charset=utf-8"},
    )
    key = answer.body.get("approval_key")
    if not isinstance(key, str) or not key:
        raise KisResponseError(f"접속키 발급 응답에 approval_key가 없습니다 (no approval_key): {str(answer.body)[:80]}")
    return key


def websocket_url(broker) -> str:
    """Where ``broker``'s server streams: KIS's WebSocket host of its flavour, or — for a sandbox — the same host
    at the port its ``GET /sandbox/health`` announces (``"websocket_port"``)."""
    base = broker.base_url.rstrip("/")
    if base in KIS_WEBSOCKETS:
        return KIS_WEBSOCKETS[base]
    parts = urlsplit(base)
    root = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    try:
        health = broker.transport.session.get(f"{root}/sandbox/health", timeout=broker.transport.timeout).json()
    except Exception:  # not reachable, or not JSON: not a sandbox
        health = None
    port = health.get("websocket_port") if isinstance(health, dict) else None
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise KisConnectionError(
            f"{base}의 웹소켓(실시간) 주소를 알 수 없습니다 (no WebSocket URL). KIS 서버가 아니면 "
            "realtime.connect(url='ws://…')로 직접 주세요; 샌드박스라면 최신 kislearn으로 다시 켜세요."
        )
    host = parts.hostname or "127.0.0.1"
    return f"ws://{'[' + host + ']' if ':' in host else host}:{port}"
