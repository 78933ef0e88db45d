"""Every way a server can fail becomes a kislearn exception with KIS's code, message, status and tr_id."""

import pytest
from scripted_server import ScriptedServer, closed_port, silent_port, token_reply

from kislearn import (
    KisApiError,
    KisConnectionError,
    KisError,
    KisResponseError,
    KisTimeoutError,
    KoreaInvestment,
    PagingError,
    RateLimitError,
    TokenExpiredError,
    spec,
)
from kislearn import client as client_module
from kislearn.errors import AppKeyError

ACCOUNT = "50010002-01"
KEY, SECRET = "K" * 36, "S" * 180


def client_for(url, tmp_path, **options):
    options.setdefault("calls_per_second", None)
    return KoreaInvestment(KEY, SECRET, ACCOUNT, mock=True, base_url=url, token_cache=tmp_path / "c", **options)


def script(**routes):
    """A reply function: tokenP always works; other paths answer from ``routes`` (path suffix → reply)."""

    def reply(request):
        if request.path.endswith(spec.TOKEN_PATH):
            return token_reply()
        for suffix, answer in routes.items():
            if request.path.endswith(suffix.replace("__", "/")):
                return answer(request) if callable(answer) else answer
        return 404, {}, "<html>Not Found</html>"

    return reply


PRICE = spec.PRICE_PATH.replace("/", "__")
BALANCE = spec.BALANCE_PATH.replace("/", "__")


def test_rt_cd_failure(tmp_path, sandbox):
    body = {"rt_cd": "1", "msg_cd": "OPSQ2001", "msg1": "ERROR : INPUT INVALID_CHECK_FID_INPUT_ISCD       "}
    with ScriptedServer(script(**{PRICE: (200, {}, body)})) as server:
        with pytest.raises(KisApiError) as caught:
            client_for(server.url, tmp_path).fetch_price("005930")
    error = caught.value
    assert (error.msg_cd, error.status, error.tr_id, error.rt_cd) == ("OPSQ2001", 200, "FHKST01010100", "1")
    assert error.msg1 == "ERROR : INPUT INVALID_CHECK_FID_INPUT_ISCD" and error.hint


def test_oauth_error_body_at_construction(tmp_path, sandbox):
    """A wrong secret: the sandbox answers the OAuth way, {"error_code", "error_description"}."""
    app_key = __import__("kislearn.sandbox", fromlist=["demo_app"]).demo_app("paper").appkey
    with pytest.raises(AppKeyError) as caught:
        KoreaInvestment(
            app_key, "wrong" * 36, ACCOUNT, mock=True, base_url=sandbox.url_for("paper"), token_cache=tmp_path / "c"
        )
    assert caught.value.msg_cd == "EGW00105" and "앱시크릿" in caught.value.hint
    assert not list((tmp_path / "c").glob("*.json"))  # nothing cached after a failure


def test_unknown_app_key(tmp_path, sandbox):
    with pytest.raises(AppKeyError) as caught:
        client_for(sandbox.url_for("paper"), tmp_path)
    assert caught.value.msg_cd == "EGW00103"


def test_non_json_body(tmp_path):
    with ScriptedServer(script(**{PRICE: (502, {"content-type": "text/html"}, "<html>Bad gateway</html>")})) as server:
        with pytest.raises(KisResponseError) as caught:
            client_for(server.url, tmp_path).fetch_price("005930")
    assert caught.value.status == 502 and "JSON" in str(caught.value) and caught.value.tr_id == "FHKST01010100"


def test_error_status_without_a_kis_code(tmp_path):
    with ScriptedServer(script(**{PRICE: (500, {}, {"unexpected": True})})) as server:
        with pytest.raises(KisResponseError, match="HTTP 500"):
            client_for(server.url, tmp_path).fetch_price("005930")


def test_missing_field_is_not_a_key_error(tmp_path):
    body = {"rt_cd": "0", "msg_cd": "KIOK0510", "msg1": "ok", "output2": []}  # no output1
    with ScriptedServer(script(**{BALANCE: (200, {"tr_cont": "D"}, body)})) as server:
        with pytest.raises(KisResponseError, match="output1"):
            client_for(server.url, tmp_path).fetch_balance()


def test_refused_connection(tmp_path):
    with pytest.raises(KisConnectionError, match="connection refused") as caught:
        client_for(f"http://127.0.0.1:{closed_port()}", tmp_path)
    assert not isinstance(caught.value, (KeyError, IndexError))


def test_timeout(tmp_path):
    listener = silent_port()
    try:
        with pytest.raises(KisTimeoutError, match="timeout"):
            client_for(f"http://127.0.0.1:{listener.getsockname()[1]}", tmp_path, timeout=0.3)
    finally:
        listener.close()


def test_rate_limit_that_never_clears(tmp_path):
    body = {"rt_cd": "1", "msg_cd": "EGW00201", "msg1": "초당 거래건수를 초과하였습니다.", "message": "EGW00201"}
    with ScriptedServer(script(**{PRICE: (500, {}, body)})) as server:
        broker = client_for(server.url, tmp_path)
        pauses = []
        broker.transport.sleep = pauses.append
        with pytest.raises(RateLimitError) as caught:
            broker.fetch_price("005930")
        price_calls = [r for r in server.requests if r.path.endswith(spec.PRICE_PATH)]
    assert len(price_calls) == 4  # the first try and three retries
    assert pauses == [0.5, 1.0, 2.0]  # waiting longer each time
    assert caught.value.status == 500 and "rate limit" in caught.value.hint


def test_expired_token_that_stays_expired(tmp_path):
    body = {"rt_cd": "1", "msg_cd": "EGW00123", "msg1": "기간이 만료된 token 입니다."}
    with ScriptedServer(script(**{PRICE: (500, {}, body)})) as server:
        with pytest.raises(TokenExpiredError):
            client_for(server.url, tmp_path).fetch_price("005930")
        token_calls = [r for r in server.requests if r.path.endswith(spec.TOKEN_PATH)]
    assert len(token_calls) == 2  # the constructor's and ONE renewal, not a loop


def test_paging_guard_same_key_again(tmp_path):
    body = {
        "rt_cd": "0",
        "msg_cd": "20310000",
        "msg1": "ok",
        "output1": [{"pdno": "005930"}],
        "output2": [{}],
        "ctx_area_fk100": "A",
        "ctx_area_nk100": "SAME",
    }
    with ScriptedServer(script(**{BALANCE: (200, {"tr_cont": "M"}, body)})) as server:
        with pytest.raises(PagingError, match="같은 연속조회키"):
            client_for(server.url, tmp_path).fetch_balance()


def test_paging_guard_endless_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(client_module, "MAX_BALANCE_PAGES", 5)
    counter = iter(range(1000))

    def endless(request):
        return (
            200,
            {"tr_cont": "M"},
            {
                "rt_cd": "0",
                "msg_cd": "x",
                "msg1": "",
                "output1": [],
                "output2": [{}],
                "ctx_area_fk100": "A",
                "ctx_area_nk100": f"K{next(counter)}",
            },
        )

    with ScriptedServer(script(**{BALANCE: endless})) as server:
        with pytest.raises(PagingError, match="5쪽"):
            client_for(server.url, tmp_path).fetch_balance()


@pytest.mark.parametrize("last", ["D", "E", ""])
def test_paging_stops_on_last_page_letters(tmp_path, last):
    def page(request):
        first = request.headers.get("tr_cont", "") == ""
        return (
            200,
            {"tr_cont": "F" if first else last},
            {
                "rt_cd": "0",
                "msg_cd": "x",
                "msg1": "",
                "output1": [{"pdno": "1" if first else "2"}],
                "output2": [{"n": "summary"}],
                "ctx_area_fk100": "A",
                "ctx_area_nk100": "B",
            },
        )

    with ScriptedServer(script(**{BALANCE: page})) as server:
        balance = client_for(server.url, tmp_path).fetch_balance()
    assert [row["pdno"] for row in balance["output1"]] == ["1", "2"]
    assert balance["output2"] == [{"n": "summary"}]


def test_every_error_is_a_kis_error():
    for error_class in (KisApiError, KisConnectionError, KisTimeoutError, KisResponseError, PagingError):
        assert issubclass(error_class, KisError)
