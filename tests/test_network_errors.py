"""Issue 12, points 2 and 5: no internet, a refused connection, TLS, a proxy, a timeout and a dropped connection
are told apart, with advice that fits KIS's hosts or a sandbox; an order whose answer was lost says it may have
been placed and is not sent again.

Every failure here is real: a name lookup that fails (``getaddrinfo`` raising as it does offline), a closed port,
an ``https://`` request to a plain-HTTP server, a proxy that is not there, a silent port, a server that resets.
"""

from __future__ import annotations

import socket

import pytest
import requests
from scripted_server import DroppingServer, ScriptedServer, closed_port, silent_port, token_reply

from kislearn import KisConnectionError, KisTimeoutError, KoreaInvestment, spec
from kislearn.errors import OrderConnectionLostError, OrderMaybePlacedError, OrderTimeoutError
from kislearn.transport import Transport

KEY, SECRET, ACCOUNT = "K" * 36, "S" * 180, "50010001-01"
HEADERS = {"content-type": "application/json; charset=utf-8", "tr_id": "FHKST01010100"}


def fail(url: str, **options) -> KisConnectionError | KisTimeoutError:
    """The kislearn error for one GET to ``url``."""
    with pytest.raises((KisConnectionError, KisTimeoutError)) as caught:
        Transport(url, **options).request("GET", spec.PRICE_PATH, headers=HEADERS, params={"CANO": "12345678"})
    return caught.value


@pytest.fixture
def no_internet(monkeypatch):
    """Name lookups fail the way they do on a computer with no network (EAI_AGAIN / EAI_NONAME)."""

    def lookup(host, *args, **kwargs):
        if host in ("127.0.0.1", "localhost"):
            return real_lookup(host, *args, **kwargs)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    real_lookup = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", lookup)


def test_no_internet_on_the_kis_host_says_check_the_internet_not_the_sandbox(no_internet):
    error = fail(spec.PAPER_URL)
    assert error.kind == "dns" and not error.may_have_arrived
    text = str(error)
    assert "name lookup failed" in text and "openapivts.koreainvestment.com" in text
    assert "인터넷에 연결되어 있는지" in text
    assert "샌드박스" not in text and "connection refused" not in text


def test_refused_on_a_local_sandbox_says_start_the_sandbox():
    error = fail(f"http://127.0.0.1:{closed_port()}/paper")
    assert error.kind == "refused"
    assert "connection refused" in str(error) and "python -m kislearn sandbox" in str(error)


def test_refused_on_the_kis_host_speaks_of_the_internet_and_the_firewall(monkeypatch):
    port = closed_port()
    real_lookup = socket.getaddrinfo
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, p, *a, **k: real_lookup("127.0.0.1", port, *a, **k))
    error = fail(spec.REAL_URL)
    assert error.kind == "refused"
    assert "방화벽" in str(error) and "openapi.koreainvestment.com:9443" in str(error)
    assert "샌드박스" not in str(error)


def test_a_classroom_sandbox_is_not_told_to_start_locally():
    error = fail("http://192.0.2.1:8434/paper", timeout=0.3)  # a documentation address: nobody answers there
    assert error.kind in ("refused", "connect-timeout", "unreachable", "connect-failed") and not error.may_have_arrived
    assert "강사 컴퓨터" in str(error) and "python -m kislearn sandbox" not in str(error)


def test_tls_failure_is_named_and_a_sandbox_is_told_to_use_http():
    with ScriptedServer(lambda request: (200, {}, {})) as server:
        error = fail(server.url.replace("http://", "https://") + "/paper")
    assert error.kind == "tls" and not error.may_have_arrived  # a plain-HTTP server: nothing was sent
    assert "TLS" in str(error) and "'http://'" in str(error)


def test_a_proxy_that_is_not_there_is_a_proxy_error(monkeypatch):
    session = requests.Session()
    session.proxies = {"http": f"http://127.0.0.1:{closed_port()}", "https": f"http://127.0.0.1:{closed_port()}"}
    error = fail(spec.PAPER_URL, session=session)
    assert error.kind == "proxy"
    assert "proxy error" in str(error) and "HTTPS_PROXY" in str(error)


def test_a_local_sandbox_is_reached_directly_even_with_a_proxy_set(monkeypatch, sandbox):
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{closed_port()}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    transport = Transport(sandbox.url)
    assert transport.request("GET", "/sandbox/health", headers={}).body["service"] == "kislearn-sandbox"


def test_read_timeout_and_dropped_connection(tmp_path):
    listener = silent_port()
    try:
        error = fail(f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=0.3)
    finally:
        listener.close()
    assert isinstance(error, KisTimeoutError) and error.kind == "read-timeout" and error.may_have_arrived
    assert "read timeout" in str(error) and "0.3초" in str(error)
    with DroppingServer() as server:
        error = fail(server.url + "/paper")
    assert isinstance(error, KisConnectionError) and error.kind == "dropped" and error.may_have_arrived
    assert "connection reset/closed" in str(error)


def test_the_message_never_shows_the_query_string_with_the_account_number():
    error = fail(f"http://127.0.0.1:{closed_port()}/paper")
    assert "12345678" not in str(error)


# -- point 5: an order whose answer was lost -------------------------------------------------------------
def order_client(tmp_path, url: str, **options) -> KoreaInvestment:
    """A client whose token came from a scripted server, then pointed at ``url`` for the order."""
    with ScriptedServer(lambda request: token_reply()) as server:
        broker = KoreaInvestment(
            KEY, SECRET, ACCOUNT, mock=True, base_url=server.url, token_cache=tmp_path, calls_per_second=None, **options
        )
    broker.transport.base_url = url
    return broker


def test_an_order_whose_connection_was_reset_may_have_been_placed(tmp_path):
    with DroppingServer() as server:
        broker = order_client(tmp_path, server.url)
        with pytest.raises(OrderMaybePlacedError) as caught:
            broker.create_market_buy_order("012330", 1)
        seen = server.requests_seen
    error = caught.value
    assert isinstance(error, OrderConnectionLostError) and isinstance(error, KisConnectionError)
    assert seen == 1  # it arrived once, and was not sent again
    text = str(error)
    assert "주문이 이미 접수됐을 수 있습니다" in text and "주문체결조회" in text and "잔고" in text
    assert "다시 보내지 않았습니다" in text
    assert "다시 시도하세요" not in text and "connection refused" not in text  # nothing that invites a 2nd order


def test_an_order_that_timed_out_may_have_been_placed(tmp_path):
    listener = silent_port()
    try:
        broker = order_client(tmp_path, f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=0.3)
        with pytest.raises(OrderTimeoutError) as caught:
            broker.create_market_buy_order("012330", 1)
    finally:
        listener.close()
    assert isinstance(caught.value, KisTimeoutError)  # `except KisTimeoutError` still catches it
    assert "주문이 이미 접수됐을 수 있습니다" in str(caught.value) and "잠시 뒤" not in str(caught.value)


def test_an_order_refused_at_the_door_was_not_sent(tmp_path):
    broker = order_client(tmp_path, f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(KisConnectionError) as caught:
        broker.create_market_buy_order("012330", 1)
    assert not isinstance(caught.value, OrderMaybePlacedError)
    assert "주문은 서버에 닿지 않았습니다 (order not sent)" in str(caught.value)


def test_a_lost_price_answer_is_not_about_orders(tmp_path):
    with DroppingServer() as server:
        broker = order_client(tmp_path, server.url)
        with pytest.raises(KisConnectionError) as caught:
            broker.fetch_price("005930")
    assert not isinstance(caught.value, OrderMaybePlacedError) and "주문" not in str(caught.value)


def test_doctor_says_the_same_without_internet(no_internet, tmp_path, monkeypatch):
    from kislearn import selfcheck
    from kislearn.settings import settings_from

    monkeypatch.setenv("KISLEARN_CACHE_DIR", str(tmp_path))
    settings = settings_from(
        {"KIS_MODE": "paper", "KIS_APP_KEY": KEY, "KIS_APP_SECRET": SECRET, "KIS_ACCOUNT": ACCOUNT}
    )
    last = selfcheck.run_checks(settings)[-1]
    assert last.status == selfcheck.FAIL and last.item == "서버 연결·토큰"
    assert "name lookup failed" in last.detail and "인터넷에 연결되어 있는지" in last.detail
    assert "샌드박스" not in last.detail
