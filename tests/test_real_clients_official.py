"""What the official sample client (koreainvestment/open-trading-api, examples_user/kis_auth.py) depends on.

The sample is not on PyPI, so these tests do not run it; they hold the behaviours it relies on (its code reads
``kis_devlp.yaml`` for the base URLs and keys and builds ``f"{base}/uapi/..."``):

- ``APIResp`` turns every response header whose name is all lower case into a ``namedtuple`` field, and the
  JSON body's keys into another ``namedtuple``: each such name must be a valid Python identifier;
- it reads ``getHeader().tr_cont`` and continues while it is ``"M"`` or ``"F"``, sending ``tr_cont: "N"`` and
  the page's ``ctx_area_fk100``/``ctx_area_nk100``;
- it sends ``Content-Type: application/json``, ``Accept: text/plain``, ``charset: UTF-8``, a browser
  ``User-Agent``, ``custtype: P`` and an empty ``tr_cont`` on first calls; both hosts at their root.
"""

import json
import keyword
import socket
from collections import namedtuple

import pytest
import requests

from kislearn import spec
from kislearn.sandbox import demo_app

LARGE = "50010003-01"
SAMPLE_HEADERS = {  # kis_auth._base_headers
    "Content-Type": "application/json",
    "Accept": "text/plain",
    "charset": "UTF-8",
    "User-Agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)",
}


def as_the_sample_reads_it(answer: requests.Response):
    """What kis_auth.APIResp does with an answer: lower-case header names and body keys become namedtuples."""
    lower = {name: answer.headers.get(name) for name in answer.headers.keys() if name.islower()}
    header = namedtuple("header", lower.keys())(**lower)
    body = answer.json()
    return header, namedtuple("body", body.keys())(**body)


def assert_every_name_is_a_field(answer: requests.Response) -> None:
    """The names the sample turns into namedtuple fields must be identifiers (namedtuple would raise otherwise)."""
    for name in [n for n in answer.headers.keys() if n.islower()] + list(answer.json()):
        assert name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_"), name


class OfficialSampleLike:
    """Requests as kis_auth._url_fetch builds them, against ``base`` (the ``vps``/``prod`` value of the yaml)."""

    def __init__(self, base: str, app):
        self.base, self.app = base, app
        self.session = requests.Session()
        self.session.trust_env = False
        self.headers = dict(SAMPLE_HEADERS)

    def auth(self) -> requests.Response:
        body = {"grant_type": "client_credentials", "appkey": self.app.appkey, "appsecret": self.app.appsecret}
        answer = self.session.post(f"{self.base}/oauth2/tokenP", data=json.dumps(body), headers=self.headers)
        token = as_the_sample_reads_it(answer)[1].access_token
        self.headers.update(authorization=f"Bearer {token}", appkey=self.app.appkey, appsecret=self.app.appsecret)
        return answer

    def fetch(self, path: str, tr_id: str, tr_cont: str, params: dict, post: bool = False) -> requests.Response:
        headers = {**self.headers, "tr_id": tr_id, "custtype": "P", "tr_cont": tr_cont}
        if post:
            return self.session.post(f"{self.base}{path}", headers=headers, data=json.dumps(params))
        return self.session.get(f"{self.base}{path}", headers=headers, params=params)

    def inquire_balance(self, account: str) -> tuple:
        """The sample's loop: continue while tr_cont is M or F (it caps the depth at 10)."""
        cano, product = account.split("-")
        fk100 = nk100 = tr_cont = ""
        rows, summaries, answers = [], [], []
        for _depth in range(11):
            params = {
                "CANO": cano,
                "ACNT_PRDT_CD": product,
                "AFHR_FLPR_YN": "N",
                "OFL_YN": "",
                "INQR_DVSN": "01",
                "UNPR_DVSN": "01",
                "FUND_STTL_ICLD_YN": "N",
                "FNCG_AMT_AUTO_RDPT_YN": "N",
                "PRCS_DVSN": "00",
                "CTX_AREA_FK100": fk100,
                "CTX_AREA_NK100": nk100,
            }
            answer = self.fetch(spec.BALANCE_PATH, spec.BALANCE_TR_ID[self.app.flavour], tr_cont, params)
            answers.append(answer)
            header, body = as_the_sample_reads_it(answer)
            assert body.rt_cd == "0", body
            rows += body.output1
            summaries += body.output2
            if header.tr_cont not in ["M", "F"]:
                return rows, summaries, answers
            fk100, nk100, tr_cont = body.ctx_area_fk100, body.ctx_area_nk100, "N"
        raise AssertionError("the sample's depth limit was reached")


@pytest.mark.parametrize("flavour, svr_pages", [("paper", 3), ("real", 2)])
def test_the_sample_reads_all_pages_of_the_large_account_at_the_host_root(sandbox, flavour, svr_pages):
    client = OfficialSampleLike(sandbox.url, demo_app(flavour))  # kis_devlp.yaml: vps/prod: http://127.0.0.1:PORT
    assert_every_name_is_a_field(client.auth())
    rows, summaries, answers = client.inquire_balance(LARGE)
    assert len(rows) == 55 and len({row["pdno"] for row in rows}) == 55
    assert len(answers) == svr_pages and len(summaries) == svr_pages  # the sample keeps every page's output2
    for answer in answers:
        assert_every_name_is_a_field(answer)


@pytest.mark.parametrize("flavour", ["paper", "real"])
def test_price_and_order_answers_read_as_namedtuples(sandbox, flavour):
    client = OfficialSampleLike(sandbox.url, demo_app(flavour))
    client.auth()
    price = client.fetch(
        spec.PRICE_PATH, "FHKST01010100", "", {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"}
    )
    assert as_the_sample_reads_it(price)[1].output["stck_prpr"]
    order = {
        "CANO": "50010001",
        "ACNT_PRDT_CD": "01",
        "PDNO": "005930",
        "ORD_DVSN": "01",
        "ORD_QTY": "1",
        "ORD_UNPR": "0",
        "EXCG_ID_DVSN_CD": "KRX",
        "SLL_TYPE": "",
        "CNDT_PRIC": "",
    }
    placed = client.fetch(spec.ORDER_PATH, spec.ORDER_TR_ID[flavour]["buy"], "", order, post=True)
    header, body = as_the_sample_reads_it(placed)
    assert placed.status_code == 200 and body.rt_cd == "0" and len(body.output["ODNO"]) == 10
    assert header.tr_id == spec.ORDER_TR_ID[flavour]["buy"] and len(header.gt_uid) == 32


def test_error_answers_read_as_namedtuples_too(sandbox):
    """The sample wraps non-200 answers differently, but the names must still be fields wherever they appear."""
    client = OfficialSampleLike(sandbox.url, demo_app("paper"))
    client.auth()
    refusals = [
        client.fetch(spec.BALANCE_PATH, "TTTC8434R", "", {"CANO": "50010002", "ACNT_PRDT_CD": "01"}),  # EGW2004
        client.fetch("/uapi/domestic-stock/v1/trading/nothing-here", "X", "", {}),  # 404
        client.session.post(f"{sandbox.url}/oauth2/tokenP", data="{", headers=SAMPLE_HEADERS),  # not JSON
    ]
    for answer in refusals:
        assert answer.status_code >= 400
        assert_every_name_is_a_field(answer)


def test_the_http_servers_own_errors_have_capitalised_or_identifier_names(sandbox):
    """An answer the HTTP server writes itself (here: a request line of 70,000 bytes) has the same header set."""
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=5) as connection:
        connection.sendall(b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        head = connection.recv(65536).split(b"\r\n\r\n")[0].decode()
    names = [line.split(":")[0] for line in head.split("\r\n")[1:]]
    assert "Content-Type" in names and {"tr_id", "tr_cont", "gt_uid"} <= set(names)
    assert all(name.isidentifier() for name in names if name.islower())
