"""Bad input never reaches a traceback: every request gets a KIS-shaped answer, never a 500 or an HTML page.

The named cases are the inputs that once crashed the sandbox (500 SBX00500); the fuzz tests at the end send
random requests, and the crash handler must never be reached by anything a client sends.
"""

import json
import string
from datetime import datetime, timezone

import jwt
import pytest
from helpers import LIVING_MARKET_APIS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kislearn import catalog, spec
from kislearn.sandbox import SandboxRules, demo_app
from kislearn.sandbox.app import create_app
from kislearn.sandbox.rules import DEFAULT_SIGNING_KEY
from kislearn.sandbox.tokens import ALGORITHM, ISSUER

EMPTY, LARGE = "50010001-01", "50010003-01"
DEEP = "[" * 100_000 + "]" * 100_000  # nested deeper than Python's json module can read (RecursionError)


def assert_kis_shaped_4xx(answer, msg_cd: str) -> dict:
    assert 400 <= answer.status_code < 500, (answer.status_code, answer.text[:200])
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    body = answer.json()
    assert body.get("msg_cd", body.get("error_code")) == msg_cd, body
    return body


# ---------------------------------------------------------------------------------------------------
# The inputs that crashed the sandbox, each a KIS-shaped 4xx now
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", [spec.TOKEN_PATH, spec.REVOKE_PATH, spec.HASHKEY_PATH, spec.ORDER_PATH])
def test_a_deeply_nested_json_body_is_sbx00005(sandbox, kis_caller, path):
    caller = kis_caller(sandbox, "paper")
    headers = caller.headers(spec.ORDER_TR_ID["paper"]["buy"])
    answer = caller.session.post(sandbox.url + path, data=DEEP, headers=headers, timeout=10)
    assert_kis_shaped_4xx(answer, "SBX00005")


@pytest.mark.parametrize(
    "field, value",
    [("ORD_QTY", "9" * 4301), ("ORD_UNPR", "9" * 4301), ("ORD_QTY", "1" * 11), ("ORD_UNPR", "1" * 20)],
)
def test_a_number_longer_than_the_sheet_allows_is_sbx00006(sandbox, kis_caller, field, value):
    caller = kis_caller(sandbox, "paper")
    before = caller.whole_balance(EMPTY)
    answer = caller.order("buy", price="97400", **{field: value})
    body = assert_kis_shaped_4xx(answer, "SBX00006")
    assert field in body["msg1"]
    assert caller.whole_balance(EMPTY) == before and sandbox.orders(caller.app.appkey) == []


@pytest.mark.parametrize("nk100", ["50010003^01^²^00000000^", "50010003^01^①^00000000^", "5" * 5000, "²" * 100])
def test_continuation_keys_no_server_could_have_written_are_sbx00006(sandbox, kis_caller, nk100):
    caller = kis_caller(sandbox, "paper")
    first = caller.balance(LARGE).json()
    answer = caller.balance(LARGE, tr_cont="N", CTX_AREA_FK100=first["ctx_area_fk100"], CTX_AREA_NK100=nk100)
    assert "CTX_AREA_NK100" in assert_kis_shaped_4xx(answer, "SBX00006")["msg1"]


def forged_token(app, expiry) -> str:
    """A token signed with the sandbox's signing key (a public value), with an ``exp`` of our choosing."""
    claims = {"sub": "token", "aud": "x", "iss": ISSUER, "exp": expiry, "iat": 0, "jti": app.appkey, "flv": "paper"}
    return jwt.encode(claims, DEFAULT_SIGNING_KEY, algorithm=ALGORITHM)


@pytest.mark.parametrize("expiry", [10**20, -(10**20), 0, 2**63, 1.5, "tomorrow", True])
def test_a_forged_token_with_an_impossible_expiry_is_sbx00007(sandbox, kis_caller, expiry):
    caller = kis_caller(sandbox, "paper")
    answer = caller.balance(token=forged_token(caller.app, expiry))
    assert_kis_shaped_4xx(answer, "SBX00007")


def test_a_forged_token_with_a_possible_expiry_is_accepted_like_any_other():
    """The signing key is public on purpose (it protects nothing); only impossible claims are refused."""
    app = create_app(SandboxRules.relaxed())
    demo = demo_app("paper")
    tomorrow = int(datetime.now(timezone.utc).timestamp()) + 86400
    headers = {
        "authorization": f"Bearer {forged_token(demo, tomorrow)}",
        "appkey": demo.appkey,
        "appsecret": demo.appsecret,
        "tr_id": "FHKST01010100",
    }
    answer = app.test_client().get(
        spec.PRICE_PATH, headers=headers, query_string={"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"}
    )
    assert answer.get_json()["rt_cd"] == "0"


@pytest.mark.parametrize(
    "field, value, msg_cd",
    [
        ("ORD_QTY", "٣", "SBX00027"),  # ARABIC-INDIC DIGIT THREE: a digit to str.isdigit(), not to KIS
        ("ORD_QTY", "３", "SBX00027"),  # FULLWIDTH DIGIT THREE, what a Korean keyboard may type
        ("ORD_QTY", "²", "SBX00027"),
        ("ORD_UNPR", "９７４００", "SBX00029"),
        ("ORD_UNPR", "٩٧٤٠٠", "SBX00029"),
    ],
)
def test_digits_are_ascii_digits(sandbox, kis_caller, field, value, msg_cd):
    caller = kis_caller(sandbox, "real")
    fields = {"ORD_QTY": "1", "ORD_UNPR": "97400", field: value}
    answer = caller.order("buy", "005930", quantity=fields["ORD_QTY"], price=fields["ORD_UNPR"], division="00")
    assert answer.status_code == 200 and (answer.json()["rt_cd"], answer.json()["msg_cd"]) == ("1", msg_cd)
    assert sandbox.orders(caller.app.appkey) == []  # nothing filled


@pytest.mark.parametrize("account", ["５００１０００１-01", "٥٠٠١٠٠٠١-01", "50010001-٠١"])
def test_account_numbers_are_ascii_digits(sandbox, kis_caller, account):
    answer = kis_caller(sandbox, "paper").balance(EMPTY, CANO=account.split("-")[0], ACNT_PRDT_CD=account[-2:])
    assert (answer.json()["rt_cd"], answer.json()["msg_cd"]) == ("2", "OPSQ2000")


# ---------------------------------------------------------------------------------------------------
# Fuzz: nothing a client sends reaches the crash handler
# ---------------------------------------------------------------------------------------------------
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PATHS = [
    spec.TOKEN_PATH,
    spec.REVOKE_PATH,
    spec.HASHKEY_PATH,
    spec.BALANCE_PATH,
    spec.PRICE_PATH,
    spec.ORDER_PATH,
    spec.PRODUCT_INFO_PATH,
    "/sandbox/reset",
    "/sandbox/orders",
    "/sandbox/shutdown",
    "/sandbox/health",
]
FIELDS = [
    "CANO",
    "ACNT_PRDT_CD",
    "PDNO",
    "ORD_DVSN",
    "ORD_QTY",
    "ORD_UNPR",
    "EXCG_ID_DVSN_CD",
    "SLL_TYPE",
    "CTX_AREA_FK100",
    "CTX_AREA_NK100",
    "FID_COND_MRKT_DIV_CODE",
    "FID_INPUT_ISCD",
    "INQR_DVSN",
    "AFHR_FLPR_YN",
    "grant_type",
    "appkey",
    "appsecret",
    "token",
    "PRDT_TYPE_CD",
]
PATH_CHARACTERS = string.ascii_letters + string.digits + "/-_.~%^&=+;:,!$'()*@²①가"  # the query comes apart
HEADER_TEXT = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255), max_size=60)  # latin-1
VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "0", "1", "01", "00", "N", "J", "300", "KRX", "005930", "50010003", "9" * 5000]),
    st.integers(),
    st.floats(allow_nan=True),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
)


@pytest.fixture(scope="module")
def fuzz_app():
    app = create_app(SandboxRules.relaxed())
    app.logger.disabled = True
    return app


@pytest.fixture(scope="module")
def good_headers(fuzz_app):
    """Valid keys and tokens, so fuzzed requests also get past the gateway into the APIs' own checks."""
    client, result = fuzz_app.test_client(), {}
    for flavour in spec.FLAVOURS:
        app = demo_app(flavour)
        body = {"grant_type": "client_credentials", "appkey": app.appkey, "appsecret": app.appsecret}
        token = client.post(spec.TOKEN_PATH, json=body).get_json()["access_token"]
        result[flavour] = {"authorization": f"Bearer {token}", "appkey": app.appkey, "appsecret": app.appsecret}
    return result


def assert_not_a_crash(answer) -> None:
    assert answer.status_code != 500 or answer.get_json().get("msg_cd") != "SBX00500", answer.get_json()
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    assert isinstance(answer.get_json(), dict)


@FUZZ
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD"]),
    prefix=st.sampled_from(["", "/real", "/paper", "//", "/mock"]),
    path=st.one_of(st.sampled_from(PATHS), st.text(alphabet=PATH_CHARACTERS, max_size=40).map(lambda t: "/" + t)),
    flavour=st.sampled_from([None, "real", "paper"]),
    tr_id=st.one_of(
        st.sampled_from(["", "VTTC8434R", "TTTC8434R", "FHKST01010100", "VTTC0012U", "CTPF1604R"]), HEADER_TEXT
    ),
    tr_cont=st.one_of(st.sampled_from(["", "N", "M"]), HEADER_TEXT),
    extra_headers=st.dictionaries(st.sampled_from(["hashkey", "Origin", "Content-Type", "authorization"]), HEADER_TEXT),
    query=st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=30), max_size=6),
    body=st.one_of(
        st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8).map(json.dumps),
        st.binary(max_size=200),
        st.just("[" * 3000 + "]" * 3000),  # deeper than json can read
    ),
)
def test_fuzzed_requests_never_reach_the_crash_handler(
    fuzz_app, good_headers, method, prefix, path, flavour, tr_id, tr_cont, extra_headers, query, body
):
    headers = {**(good_headers[flavour] if flavour else {}), "tr_id": tr_id, "tr_cont": tr_cont, **extra_headers}
    answer = fuzz_app.test_client().open(prefix + path, method=method, headers=headers, query_string=query, data=body)
    if method != "HEAD":
        assert_not_a_crash(answer)


@FUZZ
@given(
    flavour=st.sampled_from(["real", "paper"]),
    side=st.sampled_from(["buy", "sell"]),
    fields=st.dictionaries(st.sampled_from(FIELDS[:8]), VALUES, max_size=8),
)
def test_fuzzed_orders_never_reach_the_crash_handler(fuzz_app, good_headers, flavour, side, fields):
    body = {"CANO": "50010002", "ACNT_PRDT_CD": "01", "PDNO": "005930", "ORD_DVSN": "00", **fields}
    headers = {**good_headers[flavour], "tr_id": spec.ORDER_TR_ID[flavour][side]}
    assert_not_a_crash(fuzz_app.test_client().post(spec.ORDER_PATH, headers=headers, data=json.dumps(body)))


@FUZZ
@given(
    flavour=st.sampled_from(["real", "paper"]), params=st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=120))
)
def test_fuzzed_balance_and_price_queries_never_reach_the_crash_handler(fuzz_app, good_headers, flavour, params):
    client = fuzz_app.test_client()
    for path, tr_id, tr_cont in [
        (spec.BALANCE_PATH, spec.BALANCE_TR_ID[flavour], ""),
        (spec.BALANCE_PATH, spec.BALANCE_TR_ID[flavour], "N"),
        (spec.PRICE_PATH, spec.PRICE_TR_ID[flavour], ""),
        (spec.PRODUCT_INFO_PATH, "CTPF1604R", ""),
    ]:
        query = {"CANO": "50010003", "ACNT_PRDT_CD": "01", **params}
        headers = {**good_headers[flavour], "tr_id": tr_id, "tr_cont": tr_cont}
        assert_not_a_crash(client.get(path, headers=headers, query_string=query))


# The living market's APIs: every field of their sheets, fuzzed, on both hosts and with or without a next page
MARKET_APIS = [catalog.find(name) for name in LIVING_MARKET_APIS]
MARKET_FIELDS = sorted({f.name for api in MARKET_APIS for f in api.request_fields})
MARKET_VALUES = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            "0",
            "00",
            "01",
            "02",
            "Y",
            "N",
            "J",
            "KRX",
            "ALL",
            "005930",
            "039030",
            "20261120",
            "19800104",
            "00000101",
            "20269999",
            "153000",
            "250000",
            "0000000001",
            "99999999",
            "D",
            "W",
            "M",
            "Y",
            "X",
        ]
    ),  # fmt: skip
)


@FUZZ
@given(
    flavour=st.sampled_from(["real", "paper"]),
    api=st.sampled_from(MARKET_APIS),
    tr_cont=st.sampled_from(["", "N"]),
    fields=st.dictionaries(st.sampled_from(MARKET_FIELDS), MARKET_VALUES, max_size=12),
)
def test_fuzzed_market_calls_never_reach_the_crash_handler(fuzz_app, good_headers, flavour, api, tr_cont, fields):
    client = fuzz_app.test_client()
    account = {"CANO": "50010002", "ACNT_PRDT_CD": "01"}
    tr_ids = api.tr_ids(flavour) if api.supports(flavour) else api.tr_ids("real")
    headers = {**good_headers[flavour], "tr_id": tr_ids[0].tr_id, "tr_cont": tr_cont}
    values = {**account, **fields}
    if api.method == "POST":
        answer = client.post(api.path, headers=headers, data=json.dumps({k: str(v) for k, v in values.items()}))
    else:
        answer = client.get(api.path, headers=headers, query_string=values)
    assert_not_a_crash(answer)
