"""Starting the sandbox: Sandbox, serve(), ensure_running(); sample data and demo apps."""

import json
import os
import signal
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import requests
from helpers import direct_session, free_port

from kislearn.sandbox import (
    DemoApp,
    PortInUseError,
    Sandbox,
    SandboxError,
    SandboxRules,
    demo_app,
    ensure_running,
    launcher,
    serve,
)
from kislearn.sandbox.samples import PACKAGE_DATA_DIR
from kislearn.sandbox.server import FIRST_FREE_PORTS, first_free_port


def health(url: str, timeout: float = 1):
    try:
        return direct_session().get(url + "/sandbox/health", timeout=timeout).json()
    except requests.RequestException:
        return None


# ---------------------------------------------------------------------------------------------------
# Sandbox
# ---------------------------------------------------------------------------------------------------
def test_urls(sandbox):
    assert sandbox.url == f"http://127.0.0.1:{sandbox.port}"
    assert sandbox.port != 0
    assert sandbox.url_for("paper") == sandbox.url + "/paper"
    assert sandbox.url_for("real") == sandbox.url + "/real"
    with pytest.raises(ValueError):
        sandbox.url_for("mock")


def test_stop_frees_the_port():
    with Sandbox() as sandbox:
        port = sandbox.port
        assert health(sandbox.url)["service"] == "kislearn-sandbox"
    assert health(f"http://127.0.0.1:{port}") is None
    with Sandbox(port=port):  # the same port again, right away
        assert health(f"http://127.0.0.1:{port}") is not None


def test_a_sandbox_without_a_port_takes_the_first_free_of_a_fixed_range():
    """Sandbox() listens on the first free of 8435, 8436, ...: a notebook shows the same address on every run.
    Another program on that port (here a listening socket) is stepped over."""
    taken = socket.socket()
    taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as first_free_port() asks
    taken.bind(("127.0.0.1", first_free_port()))
    taken.listen(1)
    try:
        with Sandbox() as sandbox:
            assert sandbox.port in FIRST_FREE_PORTS
            assert sandbox.port != taken.getsockname()[1]
            assert sandbox.ws_url == f"ws://127.0.0.1:{sandbox.port + 10_000}"
            assert health(sandbox.url)["service"] == "kislearn-sandbox"
            assert first_free_port() != sandbox.port
    finally:
        taken.close()


def test_a_busy_port_gives_a_clear_error(sandbox):
    with pytest.raises(PortInUseError) as error:
        Sandbox(port=sandbox.port).start()
    message = str(error.value)
    assert str(sandbox.port) in message
    assert "port already in use" in message
    assert "--port" in message


def test_extra_apps_and_data_dirs(tmp_path, start_sandbox, kis_caller):
    (tmp_path / "accounts").mkdir()
    recorded = json.loads((PACKAGE_DATA_DIR / "accounts" / "small.json").read_text(encoding="utf-8"))
    recorded.update(slug="recorded", account="12345678-01")
    (tmp_path / "accounts" / "recorded.json").write_text(json.dumps(recorded, ensure_ascii=False), encoding="utf-8")
    extra = DemoApp("SANDBOXEXTRA".ljust(36, "1"), "E" * 180, "real", name="extra")

    sandbox = start_sandbox(apps=[extra], data_dirs=[tmp_path])
    answer = kis_caller(sandbox, "real", app=extra).balance("12345678-01")
    assert answer.json()["rt_cd"] == "0"
    assert answer.json()["output1"][0]["pdno"] == recorded["output1"][0]["pdno"]


# ---------------------------------------------------------------------------------------------------
# Demo apps and sample data
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("flavour", ["paper", "real"])
def test_demo_apps_are_obviously_sandbox_keys(flavour):
    app = demo_app(flavour)
    assert app.flavour == flavour
    assert len(app.appkey) == 36 and len(app.appsecret) == 180
    assert app.appkey.startswith("SANDBOX") and not app.appkey.startswith("PS")
    assert demo_app(flavour) == app  # deterministic


def test_paper_and_real_keys_differ():
    assert demo_app("paper").appkey != demo_app("real").appkey


def test_demo_app_rejects_an_unknown_flavour():
    with pytest.raises(ValueError):
        demo_app("mock")


# ---------------------------------------------------------------------------------------------------
# serve()
# ---------------------------------------------------------------------------------------------------
def test_serve_stops_after_the_idle_timeout(capsys):
    started = time.monotonic()
    serve(port=0, rules=SandboxRules.relaxed(), idle_timeout=0.3)
    assert time.monotonic() - started < 5
    output = capsys.readouterr().out
    assert "샌드박스" in output and "/paper" in output
    assert "요청이 없어" in output


# (Ctrl-C on the command line is tested in test_cli.py.)


# ---------------------------------------------------------------------------------------------------
# ensure_running()
# ---------------------------------------------------------------------------------------------------
@pytest.fixture
def own_cache_dir(tmp_path, monkeypatch):
    """Lock file and log go to a temporary folder, not the user's cache."""
    monkeypatch.setattr(launcher, "cache_dir", lambda: tmp_path)
    return tmp_path


def test_ensure_running_uses_a_sandbox_that_is_already_there(sandbox, own_cache_dir, monkeypatch):
    monkeypatch.setattr(launcher, "_spawn", lambda *args: pytest.fail("must not start another"))
    assert ensure_running(port=sandbox.port) == sandbox.url


def test_ensure_running_refuses_a_port_held_by_something_else(own_cache_dir):
    class NotASandbox(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html>hello</html>")

        def log_message(self, *args):
            pass

    other = HTTPServer(("127.0.0.1", 0), NotASandbox)
    thread = threading.Thread(target=other.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(SandboxError) as error:
            ensure_running(port=other.server_address[1], timeout=2)
        assert str(other.server_address[1]) in str(error.value)
    finally:
        other.shutdown()
        other.server_close()


@pytest.mark.slow
def test_ensure_running_starts_a_detached_sandbox(own_cache_dir, monkeypatch):
    """Actually spawns a sandbox process on a free port, then stops it."""
    port = free_port()
    spawned_before = len(launcher._spawned)
    url = ensure_running(port=port, timeout=20)
    try:
        assert url == f"http://127.0.0.1:{port}"
        assert health(url, timeout=10)["pid"] != os.getpid()
        assert ensure_running(port=port) == url  # the second time it just finds it
        assert len(launcher._spawned) == spawned_before + 1
        assert (own_cache_dir / f"sandbox-{port}.log").exists()
    finally:
        for process in launcher._spawned[spawned_before:]:  # the process this test started, found without HTTP
            process.terminate()
            process.wait(timeout=30)
    assert health(url) is None


# ---------------------------------------------------------------------------------------------------
# An older sandbox is replaced, not silently reused
# ---------------------------------------------------------------------------------------------------
def test_health_reports_the_code_it_runs(sandbox):
    assert health(sandbox.url)["code"] == launcher.code_fingerprint()


def stop_spawned(pid: int) -> None:
    """Stop a sandbox process ensure_running started, and reap it (so Python does not warn later)."""
    os.kill(pid, signal.SIGTERM)
    for process in launcher._spawned:
        if process.pid == pid:
            process.wait(timeout=10)


def serve_in_a_thread(port: int) -> threading.Thread:
    """serve() (the command line's loop) in a background thread; returns once it answers."""
    thread = threading.Thread(target=serve, kwargs={"port": port, "rules": SandboxRules.relaxed()}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while health(f"http://127.0.0.1:{port}") is None:
        assert time.monotonic() < deadline, "serve() did not start"
        time.sleep(0.05)
    return thread


def test_shutdown_stops_serve():
    port = free_port()
    thread = serve_in_a_thread(port)
    assert requests.post(f"http://127.0.0.1:{port}/sandbox/shutdown", json={}, timeout=5).json() == {"stopping": True}
    thread.join(timeout=10)
    assert not thread.is_alive()


@pytest.mark.slow
def test_ensure_running_replaces_a_sandbox_running_older_code(own_cache_dir, monkeypatch):
    port = free_port()
    old = serve_in_a_thread(port)
    old_pid = health(f"http://127.0.0.1:{port}")["pid"]
    monkeypatch.setattr(launcher, "code_fingerprint", lambda: "newer-code")  # as after a git pull
    url = ensure_running(port=port, timeout=20)
    new = health(url)
    try:
        old.join(timeout=10)
        assert not old.is_alive()  # the old one was asked to stop
        assert new["pid"] != old_pid  # and a new process serves the port
    finally:
        stop_spawned(new["pid"])


@pytest.mark.parametrize("text", ['{"slug": "x"}', "not json", '["a list"]'])
def test_a_bad_recorded_file_is_a_clear_error(tmp_path, text):
    from kislearn.sandbox.samples import SampleDataError

    (tmp_path / "accounts").mkdir()
    (tmp_path / "accounts" / "broken.json").write_text(text, encoding="utf-8")
    with pytest.raises(SampleDataError, match="broken.json"):
        Sandbox(data_dirs=[tmp_path])


# ---------------------------------------------------------------------------------------------------
# The HTTP server underneath (cheroot)
# ---------------------------------------------------------------------------------------------------
def test_twenty_calls_on_one_session_use_one_connection(sandbox, kis_caller, monkeypatch):
    import urllib3.connection

    opened = []
    new_socket = urllib3.connection.HTTPConnection._new_conn  # every TCP connection urllib3 opens
    monkeypatch.setattr(
        urllib3.connection.HTTPConnection, "_new_conn", lambda connection: opened.append(1) or new_socket(connection)
    )
    caller = kis_caller(sandbox, "paper")
    answers = [caller.price("005930") for _ in range(20)]
    assert {answer.json()["rt_cd"] for answer in answers} == {"0"}
    assert all(answer.headers.get("Connection", "").lower() != "close" for answer in answers)
    assert len(opened) == 1  # the token call and 20 price calls: one TCP connection


def test_header_names_with_underscores_reach_the_routes(sandbox, kis_caller):
    caller = kis_caller(sandbox, "paper")
    answer = caller.balance("50010003-01")  # tr_id decides the API's answer; tr_cont the page
    assert answer.json()["rt_cd"] == "0" and answer.headers["tr_id"] == "VTTC8434R"


def test_silent_connections_take_no_threads(sandbox, kis_caller):
    """Connections that send nothing wait in the selector, not in a worker thread: no thread is started for any
    of 200 of them, and a normal call still gets its answer. (New threads are compared, not the count: a thread
    of an earlier test in the same process may end meanwhile.)"""
    caller = kis_caller(sandbox, "paper")
    caller.price("005930")  # warm up: the worker threads exist
    threads_before = set(threading.enumerate())
    silent = [socket.create_connection(("127.0.0.1", sandbox.port)) for _ in range(200)]
    try:
        assert caller.price("005930").json()["rt_cd"] == "0"
        assert set(threading.enumerate()) - threads_before == set()
    finally:
        for connection in silent:
            connection.close()


def test_half_sent_requests_take_no_threads(sandbox, kis_caller):
    """A connection that sent part of a request and stalls (a laptop gone to sleep mid-request, or a
    "slowloris" script) waits outside the worker threads: with more of them open than there are workers, a
    normal call is still answered and every worker is free again right after."""
    from kislearn.sandbox.http_server import THREADS

    caller = kis_caller(sandbox, "paper")
    caller.price("005930")
    half_sent = [socket.create_connection(("127.0.0.1", sandbox.port)) for _ in range(THREADS * 3)]
    try:
        for connection in half_sent:
            connection.sendall(b"GET /sandbox/health HTTP/1.1\r\nHost: x\r\n")  # no blank line: not finished
        assert caller.price("005930").json()["rt_cd"] == "0"
        ours = {connection.getsockname()[1] for connection in half_sent}
        held = [worker.conn for worker in sandbox._server.requests._threads if worker.conn is not None]
        assert [conn for conn in held if conn.remote_port in ours] == []  # no worker waits for the rest of one
    finally:
        for connection in half_sent:
            connection.close()


def test_a_half_sent_request_that_is_finished_later_is_answered(sandbox):
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=10) as connection:
        connection.sendall(b"GET /sandbox/health HTTP/1.1\r\nHost: x\r\n")
        connection.sendall(b"Connection: close\r\n\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 200") and b"kislearn-sandbox" in answer


def test_a_double_slash_path_is_answered_directly(sandbox, demo_paper_app):
    """mojito2 builds f"{base_url}/{path}", so a base URL ending in "/" gives //oauth2/tokenP."""
    body = {"grant_type": "client_credentials", "appkey": demo_paper_app.appkey, "appsecret": demo_paper_app.appsecret}
    answer = direct_session().post(sandbox.url + "//oauth2/tokenP", json=body, allow_redirects=False, timeout=5)
    assert answer.status_code == 200 and answer.json()["token_type"] == "Bearer"


# ---------------------------------------------------------------------------------------------------
# Memory stays bounded
# ---------------------------------------------------------------------------------------------------
def test_reading_costs_no_account_copies(sandbox, kis_caller):
    for name in range(30):
        kis_caller(sandbox, "paper", demo_app("paper", student=f"reader{name}")).balance("50010003-01")
    assert sandbox.state.ledger.apps_with_accounts == 0


def test_only_the_most_recent_trading_apps_keep_their_accounts():
    from kislearn.sandbox.costs import TradingCosts
    from kislearn.sandbox.ledger import Ledger
    from kislearn.sandbox.market import DEFAULT_FIXED_START
    from kislearn.sandbox.order_life import Exchange, place
    from kislearn.sandbox.orders import Order
    from kislearn.sandbox.samples import load_accounts, load_prices
    from kislearn.sandbox.state import shared_market

    prices = load_prices()
    exchange = Exchange(shared_market(prices), prices, TradingCosts())
    ledger = Ledger(load_accounts(), exchange, DEFAULT_FIXED_START.date(), max_apps=3)
    now = DEFAULT_FIXED_START

    def buy(state, odno):
        return place(state, Order("buy", "012330", "01", 1, 0), exchange, now, "paper", odno)

    for app in ["a", "b", "c", "d"]:
        ledger.place(app, "50010001-01", now, buy)
    assert ledger.apps_with_accounts == 3
    assert ledger.state("a", "50010001-01", now).orders == ()  # the least recently used app sees the sample again
    assert [record.odno for record in ledger.state("d", "50010001-01", now).orders] == ["0000000004"]


def test_the_start_banner_tells_other_clients_what_they_need(capsys):
    serve(port=0, rules=SandboxRules.relaxed(), idle_timeout=0.1)
    output = capsys.readouterr().out
    for flavour in ("paper", "real"):
        assert demo_app(flavour).appkey in output and demo_app(flavour).appsecret in output
    assert "http://127.0.0.1:" in output and "/paper" in output and "/real" in output
    assert "50010001-01" in output and "50010003-01" in output
    assert "docs/other-clients.md" in output
