"""What every /uapi call goes through: keys, token, rate limit, tr_id; and the shape of every answer."""

import hashlib
import hmac
import http.client
import json
import socket

import pytest
from helpers import direct_session

from kislearn import spec
from kislearn.sandbox import DemoApp, ManualClock, Sandbox, SandboxRules


def kis_rules(**changes) -> SandboxRules:
    """KIS's own rules (2 calls a second on paper, 20 on real) with a clock the test moves."""
    changes.setdefault("clock", ManualClock())
    return SandboxRules(**changes)


# ---------------------------------------------------------------------------------------------------
# Keys and token, in KIS's order
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "change, code",
    [
        ({"appkey": "SANDBOXUNKNOWN" + "0" * 22}, "EGW00103"),
        ({"appsecret": "wrong"}, "EGW00105"),
        ({"authorization": ""}, "EGW00121"),
        ({"authorization": "Bearer"}, "EGW00121"),
        ({"authorization": "Basic abc"}, "EGW00121"),
    ],
)
def test_key_and_token_errors_use_the_kis_envelope(sandbox, kis_caller, change, code):
    caller = kis_caller(sandbox, "paper")
    headers = caller.headers(spec.BALANCE_TR_ID["paper"], **change)
    answer = caller.session.get(sandbox.url_for("paper") + spec.BALANCE_PATH, headers=headers)
    assert answer.status_code == 500
    assert answer.json() == {"rt_cd": "1", "msg_cd": code, "msg1": answer.json()["msg1"]}
    assert len(answer.json()["msg1"].encode("cp949")) == 80


def test_the_app_key_is_checked_before_the_secret_and_the_token(sandbox, kis_caller):
    caller = kis_caller(sandbox, "paper")
    unknown_key = caller.headers(spec.BALANCE_TR_ID["paper"], token="bad", appkey="x", appsecret="y")
    wrong_secret = caller.headers(spec.BALANCE_TR_ID["paper"], token="bad", appsecret="y")
    url = sandbox.url_for("paper") + spec.BALANCE_PATH
    assert caller.session.get(url, headers=unknown_key).json()["msg_cd"] == "EGW00103"
    assert caller.session.get(url, headers=wrong_secret).json()["msg_cd"] == "EGW00105"


def test_the_token_is_checked_before_the_tr_id(sandbox, kis_caller):
    answer = kis_caller(sandbox, "paper").balance(token="bad", tr_id="TTTC8434R")
    assert answer.json()["msg_cd"] == "EGW00121"


def test_a_real_key_on_the_paper_host_is_unknown(sandbox, kis_caller, demo_real_app):
    caller = kis_caller(sandbox, "real")
    headers = caller.headers(spec.BALANCE_TR_ID["paper"])
    answer = caller.session.get(sandbox.url_for("paper") + spec.BALANCE_PATH, headers=headers)
    assert answer.json()["msg_cd"] == "EGW00103"


def test_header_names_are_case_insensitive(sandbox, kis_caller, demo_paper_app):
    caller = kis_caller(sandbox, "paper")
    headers = {  # the way mojito2 spells them, and louder
        "Content-Type": "application/json",
        "Authorization": f"Bearer {caller.token()}",
        "appKey": demo_paper_app.appkey,
        "appSecret": demo_paper_app.appsecret,
        "TR_ID": "VTTC8434R",
    }
    params = {
        "CANO": "50010002",
        "ACNT_PRDT_CD": "01",
        "AFHR_FLPR_YN": "N",
        "INQR_DVSN": "01",
        "UNPR_DVSN": "01",
        "FUND_STTL_ICLD_YN": "N",
        "FNCG_AMT_AUTO_RDPT_YN": "N",
        "PRCS_DVSN": "01",
    }
    answer = caller.session.get(sandbox.url_for("paper") + spec.BALANCE_PATH, headers=headers, params=params)
    assert answer.json()["rt_cd"] == "0"


# ---------------------------------------------------------------------------------------------------
# Rate limit
# ---------------------------------------------------------------------------------------------------
def test_paper_allows_two_calls_a_second(start_sandbox, kis_caller):
    clock = ManualClock()
    sandbox = start_sandbox(kis_rules(clock=clock))
    caller = kis_caller(sandbox, "paper")
    assert caller.balance().json()["rt_cd"] == "0"
    assert caller.balance().json()["rt_cd"] == "0"

    third = caller.balance()
    assert third.status_code == 500
    assert third.json()["msg_cd"] == "EGW00201"
    assert third.json()["message"] == "EGW00201"
    assert third.json()["msg1"].strip() == "초당 거래건수를 초과하였습니다."
    assert sandbox.stats["rate_limited"] == 1

    clock.advance(seconds=1)
    assert caller.balance().json()["rt_cd"] == "0"


def test_real_allows_twenty_calls_a_second(start_sandbox, kis_caller):
    sandbox = start_sandbox(kis_rules())
    caller = kis_caller(sandbox, "real")
    codes = [caller.balance().json()["msg_cd"] for _ in range(21)]
    assert codes[:20] == ["KIOK0510"] * 20
    assert codes[20] == "EGW00201"


def test_the_limit_counts_each_app_separately(start_sandbox, kis_caller):
    second_app = DemoApp("SANDBOXPAPERSECOND".ljust(36, "0"), "S" * 180, "paper", name="second")
    sandbox = start_sandbox(kis_rules(), apps=[second_app])
    first, second = kis_caller(sandbox, "paper"), kis_caller(sandbox, "paper", app=second_app)
    assert [first.balance().json()["rt_cd"] for _ in range(2)] == ["0", "0"]
    assert second.balance().json()["rt_cd"] == "0"


def test_relaxed_rules_have_no_rate_limit(sandbox, kis_caller):
    caller = kis_caller(sandbox, "paper")
    assert {caller.balance().json()["rt_cd"] for _ in range(10)} == {"0"}
    assert sandbox.stats["rate_limited"] == 0


# ---------------------------------------------------------------------------------------------------
# tr_id
# ---------------------------------------------------------------------------------------------------
def test_a_real_tr_id_on_the_paper_host_is_egw2004(sandbox, kis_caller):
    answer = kis_caller(sandbox, "paper").balance(tr_id="TTTC8434R")
    assert answer.json()["msg_cd"] == "EGW2004"
    assert answer.json()["msg1"].strip() == "모의투자 TR 이 아닙니다."


def test_a_paper_tr_id_on_the_real_host_is_the_sandboxs_own_error(sandbox, kis_caller):
    answer = kis_caller(sandbox, "real").balance(tr_id="VTTC8434R")
    assert answer.json()["msg_cd"] == "SBX00002"
    assert "샌드박스" in answer.json()["msg1"]


@pytest.mark.parametrize("flavour", ["real", "paper"])
def test_a_tr_id_of_another_api_is_refused(sandbox, kis_caller, flavour):
    answer = kis_caller(sandbox, flavour).balance(tr_id="FHKST01010100")
    assert answer.json()["msg_cd"] == "SBX00003"


def test_a_missing_tr_id_is_refused(sandbox, kis_caller):
    caller = kis_caller(sandbox, "real")
    headers = caller.headers("")
    del headers["tr_id"]
    answer = caller.session.get(sandbox.url_for("real") + spec.BALANCE_PATH, headers=headers)
    assert answer.json()["msg_cd"] == "SBX00001"


# ---------------------------------------------------------------------------------------------------
# Hashkey
# ---------------------------------------------------------------------------------------------------
def test_hashkey_echoes_the_body_with_a_hash(sandbox, kis_caller, demo_paper_app):
    caller = kis_caller(sandbox, "paper")
    order = {"CANO": "50010002", "ACNT_PRDT_CD": "01", "PDNO": "005930", "ORD_QTY": "1", "주문": "한글"}
    headers = {
        "content-type": "application/json",
        "appKey": demo_paper_app.appkey,
        "appSecret": demo_paper_app.appsecret,
    }  # no token needed
    answer = caller.session.post(sandbox.url_for("paper") + spec.HASHKEY_PATH, headers=headers, data=json.dumps(order))
    assert answer.status_code == 200
    body = answer.json()
    assert body["BODY"] == order
    canonical = json.dumps(order, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert body["HASH"] == hmac.new(demo_paper_app.appsecret.encode(), canonical, hashlib.sha256).hexdigest()
    assert len(body["HASH"]) == 64


def test_hashkey_checks_the_keys(sandbox, kis_caller, demo_paper_app):
    headers = {"appkey": demo_paper_app.appkey, "appsecret": "wrong"}
    answer = kis_caller(sandbox, "paper").session.post(
        sandbox.url_for("paper") + spec.HASHKEY_PATH, headers=headers, json={}
    )
    assert answer.json()["msg_cd"] == "EGW00105"


# ---------------------------------------------------------------------------------------------------
# The shape of every answer
# ---------------------------------------------------------------------------------------------------
def raw_response(port: int, request: str) -> bytes:
    """Send ``request`` over a plain socket; return the exact bytes the server sent back."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(request.encode())
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_kis_headers_are_spelled_as_kis_prints_them_on_the_wire(sandbox):
    raw = raw_response(sandbox.port, "GET /sandbox/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head = raw.split(b"\r\n\r\n")[0].decode()
    lines = head.split("\r\n")
    assert lines[0].startswith("HTTP/1.1 200")
    names = [line.split(":")[0] for line in lines[1:]]
    assert {"Content-Type", "tr_id", "tr_cont", "gt_uid"} <= set(names)  # the usual capitalisation; the spec's
    gt_uid = next(line.split(": ")[1] for line in lines if line.startswith("gt_uid:"))
    assert len(gt_uid) == 32


def test_a_data_answer_keeps_lower_case_headers_through_http_client(sandbox, kis_caller):
    caller = kis_caller(sandbox, "paper")
    connection = http.client.HTTPConnection("127.0.0.1", sandbox.port, timeout=5)
    query = (
        "CANO=50010002&ACNT_PRDT_CD=01&AFHR_FLPR_YN=N&OFL_YN=&INQR_DVSN=01&UNPR_DVSN=01"
        "&FUND_STTL_ICLD_YN=N&FNCG_AMT_AUTO_RDPT_YN=N&PRCS_DVSN=01&CTX_AREA_FK100=&CTX_AREA_NK100="
    )
    connection.request("GET", f"/paper{spec.BALANCE_PATH}?{query}", headers=caller.headers("VTTC8434R"))
    response = connection.getresponse()
    lower_case = {name: value for name, value in response.getheaders() if name.islower()}  # the official sample's way
    assert lower_case["tr_id"] == "VTTC8434R"
    assert lower_case["tr_cont"] == "D"
    assert len(lower_case["gt_uid"]) == 32
    assert json.loads(response.read())["rt_cd"] == "0"
    connection.close()


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/paper/uapi/domestic-stock/v1/trading/nothing-here"),
        ("GET", "/nothing-here"),
        ("GET", "/mock/oauth2/tokenP"),
    ],
)
def test_an_unknown_api_gets_a_kis_shaped_404(sandbox, kis_caller, method, path):
    answer = kis_caller(sandbox, "paper").session.request(method, sandbox.url + path)
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    assert answer.json()["rt_cd"] == "1"
    assert answer.json()["msg_cd"] == "SBX00404"
    assert f"{method} {path}" in answer.json()["msg1"]


@pytest.mark.parametrize(
    "method, path",
    [
        ("POST", spec.BALANCE_PATH),
        ("GET", spec.TOKEN_PATH),
        ("DELETE", spec.PRICE_PATH),
    ],
)
def test_a_wrong_method_gets_a_kis_shaped_405(sandbox, kis_caller, method, path):
    answer = kis_caller(sandbox, "real").session.request(method, sandbox.url_for("real") + path)
    assert answer.status_code == 405
    assert answer.json()["msg_cd"] == "SBX00405"


def test_a_crash_gets_a_kis_shaped_500():
    sandbox = Sandbox(rules=SandboxRules.relaxed())
    sandbox.app.add_url_rule("/boom", "boom", lambda: 1 / 0)
    sandbox.app.logger.disabled = True  # the traceback is expected here
    with sandbox:
        answer = direct_session().get(sandbox.url + "/paper/boom")
    assert answer.status_code == 500
    assert answer.json()["msg_cd"] == "SBX00500"


def test_health_says_it_is_a_kislearn_sandbox(sandbox):
    body = direct_session().get(sandbox.url + "/sandbox/health").json()
    assert body["service"] == "kislearn-sandbox"
    assert body["flavours"] == ["real", "paper"]
    assert body["version"]


def test_stats_count_tokens_requests_and_refusals(start_sandbox, kis_caller):
    sandbox = start_sandbox(kis_rules())
    paper, real = kis_caller(sandbox, "paper"), kis_caller(sandbox, "real")
    for _ in range(3):
        paper.balance()
    real.balance()
    stats = direct_session().get(sandbox.url + "/sandbox/stats").json()
    assert stats == sandbox.stats
    assert stats["tokens_issued"] == {"real": 1, "paper": 1}
    assert stats["requests_served"] == 6  # 2 tokens + 4 balance calls; /sandbox/* is not counted
    assert stats["rate_limited"] == 1
