"""The HTTP server under the sandbox: cheroot (pure Python, runs on Windows too), set up for a classroom.

Why cheroot: it keeps connections alive (20 calls on one ``requests.Session`` use one TCP connection), it passes
request headers whose names contain ``_`` (``tr_id``, ``tr_cont``; waitress drops them, werkzeug's development
server needs a patch), and it serves from a fixed pool of threads instead of one thread per connection.

What this module adds to cheroot's WSGI server:

- **A waiting room**: a worker thread gets a connection only once a whole request head (request line and headers)
  has arrived. A connection that has sent nothing waits in cheroot's selector; one that sent part of a request
  and stalls waits in a list checked every ``HEAD_CHECK_INTERVAL`` seconds. Neither costs a thread, and both are
  closed after ``IDLE_TIMEOUT`` seconds. (Plain cheroot hands every accepted connection to a worker, which then
  waits for the request: 16 stalled connections would hold all 16 workers.)
- **KIS-shaped errors**: the answers cheroot writes itself, before a request reaches the routes (a request line
  too long, headers too big, a malformed request), are KIS-shaped JSON, never text or HTML.
- **Quiet logs**, unless the sandbox runs with ``verbose=True``.

The limits below are the sandbox's choice (# sandbox's choice); KIS publishes none of its own.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
import time

from cheroot import server as cheroot_server
from cheroot import wsgi
from cheroot.workers import threadpool

from kislearn import sbx_codes
from kislearn.sandbox.responses import JSON_CONTENT_TYPE, new_gt_uid, pad_msg1

THREADS = 16  # worker threads: requests answered at the same time (idle keep-alive connections need none)
IDLE_TIMEOUT = 10  # seconds a connection may stay silent (before its first request, or between requests)
BACKLOG = 128  # connections the operating system queues before the sandbox accepts them
MAX_HEADER_BYTES = 64 * 1024  # request line + headers; KIS's longest header, authorization, is 350 characters
MAX_BODY_BYTES = 1024 * 1024  # an order body is a few hundred bytes
# Connections that may wait in the selector at once. Windows' select() handles at most 512 sockets; past this,
# a new connection goes to a worker thread at once, as plain cheroot does.
MAX_WAITING = 500 if os.name == "nt" else 10_000
HEAD_CHECK_INTERVAL = 0.2  # seconds between looks at connections that sent part of a request


def peek_request_head(sock: socket.socket) -> str:
    """What the client has sent so far, looked at without taking it: ``"nothing"``, ``"partial"`` (part of a
    request head) or ``"ready"`` (a whole request head, the end of the stream, or bytes that are no HTTP request
    head at all: a worker answers or closes those)."""
    try:
        sock.setblocking(False)
        data = sock.recv(MAX_HEADER_BYTES, socket.MSG_PEEK)
    except (BlockingIOError, InterruptedError):
        return "nothing"
    except OSError:
        return "ready"  # a broken connection: a worker closes it
    finally:
        try:
            sock.settimeout(IDLE_TIMEOUT)
        except OSError:
            pass
    start = data.lstrip(b"\r\n")
    if not data or b"\r\n\r\n" in data or len(data) >= MAX_HEADER_BYTES or (start and not start[:1].isalpha()):
        return "ready"
    return "partial"


def error_body(status: str, detail: str) -> bytes:
    """The KIS-shaped JSON body of an answer cheroot gives itself (``status`` like ``"414 Request-URI Too Long"``)."""
    code, _, reason = status.partition(" ")
    text = sbx_codes.HTTP_ERROR.msg1.format(status=code, reason=reason)
    if detail:
        text += f" ({detail})"
    body = {"rt_cd": "1", "msg_cd": sbx_codes.HTTP_ERROR.code.format(status=code), "msg1": pad_msg1(text)}
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


class _MergedLeadingSlashes:
    """Reads like cheroot's request stream, but ``GET //uapi/... HTTP/1.1`` comes out as ``GET /uapi/...``:
    a request target starting with ``//`` would otherwise be read as ``//host/path`` and refused."""

    def __init__(self, source):
        self.source = source

    def readline(self, *args):
        line = self.source.readline(*args)
        parts = line.split(b" ", 2)
        if len(parts) == 3 and parts[1].startswith(b"//"):
            parts[1] = b"/" + parts[1].lstrip(b"/")
            line = b" ".join(parts)
        return line

    def __getattr__(self, name):
        return getattr(self.source, name)


class KisHTTPRequest(cheroot_server.HTTPRequest):
    """cheroot's request: ``//`` paths as KIS clients build them, and its own errors in KIS's shape."""

    def read_request_line(self):
        self.rfile = _MergedLeadingSlashes(self.rfile)
        try:
            return super().read_request_line()
        finally:
            self.rfile = self.rfile.source

    def simple_response(self, status, msg=""):
        status = str(status)
        if status[:3] in ("413", "414"):
            self.close_connection = True
        body = error_body(status, msg if isinstance(msg, str) else msg.decode("latin-1"))
        head = [
            f"{self.server.protocol} {status}",
            f"Content-Length: {len(body)}",
            f"Content-Type: {JSON_CONTENT_TYPE}",
            "tr_id: ",
            "tr_cont: ",
            f"gt_uid: {new_gt_uid()}",
        ]
        if self.close_connection:
            head.append("Connection: close")
        try:
            self.conn.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        except OSError as error:
            if error.args and error.args[0] not in cheroot_server.errors.socket_errors_to_ignore:
                raise


class KisHTTPConnection(cheroot_server.HTTPConnection):
    RequestHandlerClass = KisHTTPRequest


class DaemonThreadPool(threadpool.ThreadPool):
    """cheroot's worker pool with daemon threads: a sandbox nobody stopped never keeps Python from exiting."""

    def _spawn_worker(self):
        worker = threadpool.WorkerThread(self.server)
        worker.name = f"kislearn-sandbox {worker.name}"
        worker.daemon = True
        worker.start()
        return worker


class SandboxHTTPServer(wsgi.Server):
    """cheroot's WSGI server with the waiting room, KIS-shaped errors and quiet logs (see the module text)."""

    ConnectionClass = KisHTTPConnection

    def __init__(self, host: str, port: int, wsgi_app, *, verbose: bool = False):
        super().__init__(
            (host, port),
            wsgi_app,
            numthreads=THREADS,
            max=THREADS,
            server_name="kislearn-sandbox",
            request_queue_size=BACKLOG,
            timeout=IDLE_TIMEOUT,
            shutdown_timeout=2,
        )
        self.requests = DaemonThreadPool(self, min=THREADS, max=THREADS)
        self.max_request_header_size = MAX_HEADER_BYTES
        self.max_request_body_size = MAX_BODY_BYTES
        self.keep_alive_conn_limit = MAX_WAITING
        self.verbose = verbose
        self._partial = {}  # connections that sent part of a request head -> when they were put aside
        self._partial_lock = threading.Lock()

    def prepare(self):
        super().prepare()
        threading.Thread(target=self._watch_partial_heads, name="kislearn-sandbox-heads", daemon=True).start()

    def process_conn(self, conn):
        """Give ``conn`` to a worker once a whole request head has arrived; until then it waits (module text)."""
        if conn.rfile.has_data():  # the next request is already read into the buffer
            return super().process_conn(conn)
        head = peek_request_head(conn.socket)
        waiting = getattr(self._connections, "_num_connections", 0)  # cheroot's count of selector entries
        if head == "ready" or waiting >= MAX_WAITING or len(self._partial) >= MAX_WAITING:
            super().process_conn(conn)
        elif head == "nothing":
            self.put_conn(conn)  # the selector wakes us when bytes arrive; closed after IDLE_TIMEOUT silent seconds
        else:
            with self._partial_lock:
                self._partial[conn] = time.monotonic()

    def _watch_partial_heads(self):
        """Every HEAD_CHECK_INTERVAL seconds: hand on the connections whose request head is now whole; close those
        that stalled for IDLE_TIMEOUT seconds."""
        while self.ready:
            time.sleep(HEAD_CHECK_INTERVAL)
            with self._partial_lock:
                parked = list(self._partial.items())
            for conn, since in parked:
                head = peek_request_head(conn.socket)
                stalled = time.monotonic() - since >= IDLE_TIMEOUT
                if head == "partial" and not stalled:
                    continue
                with self._partial_lock:
                    self._partial.pop(conn, None)
                if head == "partial":
                    conn.close()
                else:
                    super().process_conn(conn)

    def stop(self):
        super().stop()
        with self._partial_lock:
            parked, self._partial = list(self._partial), {}
        for conn in parked:
            conn.close()

    @property
    def port(self) -> int:
        return self.bind_addr[1]

    def error_log(self, msg="", level=20, traceback=False):
        if self.verbose:
            super().error_log(msg, level, traceback)


def log_requests(wsgi_app):
    """WSGI middleware for ``verbose=True``: one line per request on stderr (method, path, status)."""

    def logged(environ, start_response):
        def start(status, headers, exc_info=None):
            path = environ.get("PATH_INFO", "")
            query = environ.get("QUERY_STRING", "")
            sys.stderr.write(f"{environ.get('REMOTE_ADDR', '-')} {environ['REQUEST_METHOD']} {path}")
            sys.stderr.write(f"{'?' + query if query else ''} → {status}\n")
            return start_response(status, headers, exc_info)

        return wsgi_app(environ, start)

    return logged
