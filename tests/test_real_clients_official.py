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


# ---------------------------------------------------------------------------------------------------
# The living market, as the sample's domestic_stock_functions read it
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("flavour", ["paper", "real"])
def test_inquire_daily_itemchartprice_agrees_with_inquire_price_at_the_same_moment(start_sandbox, flavour):
    """inquire_daily_itemchartprice: one call, output1 as a one-row DataFrame, output2 (a list) as rows."""
    sandbox = start_sandbox(clock="fixed@2026-11-25T13:00")
    client = OfficialSampleLike(sandbox.url, demo_app(flavour))
    client.auth()
    quote = as_the_sample_reads_it(
        client.fetch(spec.PRICE_PATH, "FHKST01010100", "", {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"})
    )[1].output
    params = {
        "FID_COND_MRKT_DIV_CODE": "J",
        "FID_INPUT_ISCD": "005930",
        "FID_INPUT_DATE_1": "20260101",
        "FID_INPUT_DATE_2": "20261125",
        "FID_PERIOD_DIV_CODE": "D",
        "FID_ORG_ADJ_PRC": "1",
    }
    answer = client.fetch(
        "/uapi/domestic-stock/v1/quotations/inquire-daily-itemchartprice", "FHKST03010100", "", params
    )
    assert_every_name_is_a_field(answer)
    header, body = as_the_sample_reads_it(answer)
    assert body.rt_cd == "0" and isinstance(body.output1, dict) and isinstance(body.output2, list)
    assert len(body.output2) == 100  # at most 100 rows a call (the sheet)
    today, yesterday = body.output2[0], body.output2[1]
    assert today["stck_bsop_date"] == "20261125" and today["stck_clpr"] == quote["stck_prpr"]
    assert (today["stck_hgpr"], today["stck_lwpr"], today["acml_vol"]) == (
        quote["stck_hgpr"],
        quote["stck_lwpr"],
        quote["acml_vol"],
    )
    assert yesterday["stck_clpr"] == quote["stck_sdpr"] == body.output1["stck_prdy_clpr"]
    assert body.output1["stck_prpr"] == quote["stck_prpr"] and body.output1["hts_kor_isnm"] == "삼성전자"


def sample_daily_ccld(client, account: str, day: str) -> tuple:
    """inquire_daily_ccld's loop: pages while tr_cont is M or F (tr_cont N and the ctx keys), output1 rows joined,
    each page's output2 (an object) one row."""
    cano, product = account.split("-")
    fk100 = nk100 = tr_cont = ""
    rows, totals = [], []
    for _depth in range(11):
        params = {
            "CANO": cano,
            "ACNT_PRDT_CD": product,
            "INQR_STRT_DT": day,
            "INQR_END_DT": day,
            "SLL_BUY_DVSN_CD": "00",
            "PDNO": "",
            "CCLD_DVSN": "00",
            "INQR_DVSN": "00",
            "INQR_DVSN_3": "00",
            "ORD_GNO_BRNO": "",
            "ODNO": "",
            "INQR_DVSN_1": "",
            "CTX_AREA_FK100": fk100,
            "CTX_AREA_NK100": nk100,
            "EXCG_ID_DVSN_CD": "KRX",
        }
        tr_id = {"paper": "VTTC0081R", "real": "TTTC0081R"}[client.app.flavour]  # pd_dv "inner" (3개월이내)
        answer = client.fetch("/uapi/domestic-stock/v1/trading/inquire-daily-ccld", tr_id, tr_cont, params)
        assert_every_name_is_a_field(answer)
        header, body = as_the_sample_reads_it(answer)
        assert body.rt_cd == "0", body
        rows += body.output1
        totals.append(body.output2)
        if header.tr_cont not in ["M", "F"]:
            return rows, totals
        fk100, nk100, tr_cont = body.ctx_area_fk100, body.ctx_area_nk100, "N"
    raise AssertionError("the sample's depth limit was reached")


def test_inquire_daily_ccld_pages_through_the_days_orders_and_their_fills(start_sandbox):
    sandbox = start_sandbox(clock="fixed@2026-11-23T10:00")
    client = OfficialSampleLike(sandbox.url, demo_app("paper"))
    client.auth()
    price = int(
        as_the_sample_reads_it(
            client.fetch(
                spec.PRICE_PATH, "FHKST01010100", "", {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "012330"}
            )
        )[1].output["stck_prpr"]
    )
    for number in range(18):  # 18 orders: two pages of 15 on paper; every third one a market order that fills
        limit = "0" if number % 3 == 0 else str(price - 5000)
        order = {
            "CANO": "50010001",
            "ACNT_PRDT_CD": "01",
            "PDNO": "012330",
            "ORD_DVSN": "01" if limit == "0" else "00",
            "ORD_QTY": "1",
            "ORD_UNPR": limit,
        }
        assert client.fetch(spec.ORDER_PATH, "VTTC0012U", "", order, post=True).json()["rt_cd"] == "0"
    rows, totals = sample_daily_ccld(client, "50010001-01", "20261123")
    assert len(rows) == 18 and len(totals) == 2 and totals[0] == totals[1]
    assert [row["odno"] for row in rows] == sorted((row["odno"] for row in rows), reverse=True)  # 역순
    filled = [row for row in rows if row["tot_ccld_qty"] == "1"]
    assert len(filled) == 6 and all(row["avg_prvs"] == str(price) for row in filled)
    assert totals[0]["tot_ord_qty"] == "18" and totals[0]["tot_ccld_amt"] == str(6 * price)


@pytest.mark.parametrize("flavour", ["paper", "real"])
def test_the_samples_orderable_order_history_and_chart_functions_get_what_they_read(sandbox, flavour):
    """inquire_psbl_order reads ``output`` (one object), inquire_daily_ccld ``output1`` (rows), ``output2`` (one
    object, put in a one-row DataFrame) and pages on tr_cont M/F with ctx_area_fk100/nk100, and
    inquire_daily_itemchartprice ``output1`` (an object) and ``output2`` (rows): each answer reads as the sample's
    namedtuples, with the documented fields."""
    client = OfficialSampleLike(sandbox.url, demo_app(flavour))
    client.auth()
    tr = {"paper": ("VTTC8908R", "VTTC0081R"), "real": ("TTTC8908R", "TTTC0081R")}[flavour]
    orderable = client.fetch(
        "/uapi/domestic-stock/v1/trading/inquire-psbl-order",
        tr[0],
        "",
        {"CANO": "50010002", "ACNT_PRDT_CD": "01", "PDNO": "005930", "ORD_UNPR": "97400", "ORD_DVSN": "00",
         "CMA_EVLU_AMT_ICLD_YN": "N", "OVRS_ICLD_YN": "N"},
    )  # fmt: skip
    assert_every_name_is_a_field(orderable)
    assert isinstance(as_the_sample_reads_it(orderable)[1].output["ord_psbl_cash"], str)
    query = {"CANO": "50010002", "ACNT_PRDT_CD": "01", "INQR_STRT_DT": "20260401", "INQR_END_DT": "20260410",
             "SLL_BUY_DVSN_CD": "00", "INQR_DVSN": "00", "PDNO": "", "CCLD_DVSN": "00", "ORD_GNO_BRNO": "",
             "ODNO": "", "INQR_DVSN_3": "00", "INQR_DVSN_1": "", "CTX_AREA_FK100": "", "CTX_AREA_NK100": "",
             "EXCG_ID_DVSN_CD": "KRX"}  # fmt: skip
    history = client.fetch("/uapi/domestic-stock/v1/trading/inquire-daily-ccld", tr[1], "", query)
    assert_every_name_is_a_field(history)
    header, body = as_the_sample_reads_it(history)
    assert body.rt_cd == "0" and isinstance(body.output1, list) and isinstance(body.output2, dict)
    assert header.tr_cont in ("D", "E", "M", "F") and len(body.ctx_area_fk100) == 100
    chart = client.fetch(
        "/uapi/domestic-stock/v1/quotations/inquire-daily-itemchartprice",
        "FHKST03010100",
        "",
        {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930", "FID_INPUT_DATE_1": "20260301",
         "FID_INPUT_DATE_2": "20260331", "FID_PERIOD_DIV_CODE": "D", "FID_ORG_ADJ_PRC": "1"},
    )  # fmt: skip
    assert_every_name_is_a_field(chart)
    body = as_the_sample_reads_it(chart)[1]
    assert (
        isinstance(body.output1, dict)
        and body.output2
        and all(row["stck_bsop_date"] <= "20260331" for row in body.output2)
    )
