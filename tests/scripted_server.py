"""A tiny HTTP server that answers whatever a test scripts — for server failures the sandbox never makes
(HTML pages, endless paging, a permanent rate limit). Test helper, not course code."""

from __future__ import annotations

import json
import socket
import struct
import threading
from collections.abc import Callable

from helpers import closed_port, silent_port  # noqa: F401 - importable from here too, as the tests do
from werkzeug.wrappers import Request, Response

from kislearn.sandbox.http_server import SandboxHTTPServer  # keeps tr_id / tr_cont headers (underscores)


class ScriptedServer:
    """``ScriptedServer(reply)`` where ``reply(request) -> (status, headers, body)``; body str or dict."""

    def __init__(self, reply: Callable[[Request], tuple]):
        self.reply = reply
        self.requests: list[Request] = []
        self._server = SandboxHTTPServer("127.0.0.1", 0, self._wsgi)
        self._thread = threading.Thread(target=self._server.serve, daemon=True)

    def _wsgi(self, environ, start_response):
        request = Request(environ)
        request.get_data()  # read the body before the connection moves on
        self.requests.append(request)
        status, headers, body = self.reply(request)
        if isinstance(body, dict):
            body, headers = json.dumps(body), {"content-type": "application/json; charset=utf-8", **headers}
        return Response(body, status=status, headers=headers)(environ, start_response)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.port}"  # known once __enter__ has bound the port

    def __enter__(self):
        self._server.prepare()
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._server.stop()


def token_reply(expired: str = "2099-12-31 23:59:59") -> tuple:
    """A successful /oauth2/tokenP answer."""
    return (
        200,
        {},
        {
            "access_token": "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJ0b2tlbiJ9.c2ln",
            "access_token_token_expired": expired,
            "token_type": "Bearer",
            "expires_in": 86400,
        },
    )


class DroppingServer:
    """Accepts each connection, reads the request, then resets the connection without answering — the answer of
    an order lost on the way back. ``requests_seen`` counts the requests that arrived."""

    def __init__(self):
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(8)
        self._listener.settimeout(0.2)
        self.requests_seen = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(5)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = connection.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                self.requests_seen += 1
                # SO_LINGER 0: close with a reset (RST), as a crashed server or a broken network does
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join()
        self._listener.close()
