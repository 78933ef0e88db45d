"""broker.request(api, **fields): any REST API of the official workbook, checked against the catalog before
anything is sent, paged, renewed and failing with the usual typed errors. Against a scripted server (the
sandbox does not serve these APIs yet) and, for the APIs the sandbox models, against the sandbox."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from scripted_server import ScriptedServer, token_reply

from kislearn import KisApiError, KoreaInvestment, PagingError, spec
from kislearn.catalog import CatalogError

ACCOUNT = "50010002-01"
KEY, SECRET = "K" * 36, "S" * 180
DAILY_CCLD = "/uapi/domestic-stock/v1/trading/inquire-daily-ccld"  # 주식일별주문체결조회
DAILY = {  # its required fields (CANO and ACNT_PRDT_CD come from the client's account)
    "INQR_STRT_DT": "20260401",
    "INQR_END_DT": "20260410",
    "SLL_BUY_DVSN_CD": "00",
    "ORD_GNO_BRNO": "",
    "CCLD_DVSN": "00",
    "INQR_DVSN": "00",
    "INQR_DVSN_1": "",
    "INQR_DVSN_3": "00",
    "EXCG_ID_DVSN_CD": "KRX",
}


def client_for(url, tmp_path, mock=True):
    return KoreaInvestment(
        KEY, SECRET, ACCOUNT, mock=mock, base_url=url, token_cache=tmp_path / "c", calls_per_second=None
    )


class Pages:
    """A scripted API: answers each request with the next (tr_cont, body) and remembers what it was asked."""

    def __init__(self, path, *answers):
        self.path, self.answers, self.asked = path, list(answers), []

    def __call__(self, request):
        if request.path.endswith(spec.TOKEN_PATH):
            return token_reply()
        if not request.path.endswith(self.path):
            return 404, {}, {"rt_cd": "1", "msg_cd": "SBX00404", "msg1": "no such path"}
        self.asked.append(request)
        tr_cont, body = self.answers.pop(0)
        return 200, {"tr_cont": tr_cont, "tr_id": request.headers.get("tr_id", "")}, body

    def query(self, number):
        return {k: v[0] for k, v in parse_qs(urlsplit(self.asked[number].url).query, keep_blank_values=True).items()}


def page(rows, fk="", nk="", summary=None):
    body = {"rt_cd": "0", "msg_cd": "20310000", "msg1": "모의투자 조회가 완료되었습니다.", "ctx_area_fk100": fk}
    body.update(ctx_area_nk100=nk, output1=[{"odno": odno} for odno in rows])
    body["output2"] = [summary or {"tot_ord_qty": "3"}]
    return body


# ---------------------------------------------------------------------------------------------------
# Paging, headers and the tr_id
# ---------------------------------------------------------------------------------------------------
def test_a_paged_get_follows_tr_cont_with_the_continuation_keys(tmp_path):
    fk, nk1, nk2 = "50010002^01^" + " " * 88, "KEY1".ljust(100), "KEY2".ljust(100)
    server_pages = Pages(DAILY_CCLD, ("M", page(["1", "2"], fk, nk1)), ("M", page(["3"], fk, nk2)), ("D", page(["4"])))
    with ScriptedServer(server_pages) as server:
        answer = client_for(server.url, tmp_path).request("주식일별주문체결조회", tr_id="3개월이내", **DAILY)
    assert [row["odno"] for row in answer["output1"]] == ["1", "2", "3", "4"]
    assert answer["output2"] == [{"tot_ord_qty": "3"}]  # the summary every page repeats, kept once
    first, second, third = (server_pages.query(n) for n in range(3))
    assert (first["CANO"], first["ACNT_PRDT_CD"]) == ("50010002", "01")  # from the client's account
    assert first["CTX_AREA_NK100"] == "" and first["PDNO"] == ""  # blank first key; undocumented → ""
    assert (second["CTX_AREA_FK100"], second["CTX_AREA_NK100"]) == (fk, nk1)  # sent back as received
    assert third["CTX_AREA_NK100"] == nk2
    headers = [request.headers for request in server_pages.asked]
    assert [h.get("tr_cont", "") for h in headers] == ["", "N", "N"]
    assert {h["tr_id"] for h in headers} == {"VTTC0081R"}  # paper, 3개월이내
    assert headers[0]["custtype"] == "P" and headers[0]["authorization"].startswith("Bearer ")
    assert headers[0]["appkey"] == KEY


def test_a_server_repeating_the_same_keys_is_stopped(tmp_path):
    same = ("M", page(["1"], "F", "SAME"))
    with ScriptedServer(Pages(DAILY_CCLD, same, same, same)) as server:
        with pytest.raises(PagingError, match="되풀이"):
            client_for(server.url, tmp_path).request("주식일별주문체결조회", tr_id="VTTC0081R", **DAILY)


def test_pages_beyond_max_pages_are_refused(tmp_path):
    answers = [("M", page([str(n)], "F", f"K{n}")) for n in range(3)]
    with ScriptedServer(Pages(DAILY_CCLD, *answers)) as server:
        with pytest.raises(PagingError, match="2쪽을 넘어도"):
            client_for(server.url, tmp_path).request("주식일별주문체결조회", DAILY, tr_id="3개월이내", max_pages=2)


def test_an_api_without_continuation_keys_pages_on_tr_cont_alone(tmp_path):
    """해외증거금 통화별조회 documents tr_cont paging but has no CTX_AREA keys: asked again with tr_cont N."""
    path = "/uapi/overseas-stock/v1/trading/foreign-margin"
    body = {"rt_cd": "0", "msg_cd": "KIOK0560", "msg1": "조회되었습니다"}
    server_pages = Pages(
        path, ("M", {**body, "output": [{"crcy_cd": "USD"}]}), ("D", {**body, "output": [{"crcy_cd": "HKD"}]})
    )
    with ScriptedServer(server_pages) as server:
        answer = client_for(server.url, tmp_path, mock=False).request("해외증거금 통화별조회")
    assert answer["output"] == [{"crcy_cd": "USD"}, {"crcy_cd": "HKD"}]
    assert [r.headers.get("tr_cont", "") for r in server_pages.asked] == ["", "N"]
    assert server_pages.query(1) == server_pages.query(0)  # the same fields again


def test_an_unpaged_answer_is_returned_whole(tmp_path):
    path = "/uapi/domestic-stock/v1/quotations/inquire-daily-price"  # 주식현재가 일자별
    body = {
        "rt_cd": "0",
        "msg_cd": "MCA00000",
        "msg1": "정상처리 되었습니다.",
        "output": [{"stck_bsop_date": "20260410"}],
    }
    with ScriptedServer(Pages(path, ("", body))) as server:
        answer = client_for(server.url, tmp_path).request(
            "v1_국내주식-010",
            fid_cond_mrkt_div_code="J",
            FID_INPUT_ISCD="005930",
            FID_PERIOD_DIV_CODE="D",
            FID_ORG_ADJ_PRC="0",
        )
    assert answer == body


# ---------------------------------------------------------------------------------------------------
# POST: the tr_id chosen, every documented field sent, never paged
# ---------------------------------------------------------------------------------------------------
def test_an_order_needs_its_side_and_is_sent_once_with_every_documented_field(tmp_path):
    body = {"rt_cd": "0", "msg_cd": "40600000", "msg1": "모의투자 매수주문이 완료 되었습니다.", "output": {"ODNO": "1"}}
    order = Pages(spec.ORDER_PATH, ("M", body))  # even "M" does not page a POST
    fields = {"PDNO": "005930", "ORD_DVSN": "01", "ORD_QTY": "1", "ORD_UNPR": "0"}
    with ScriptedServer(order) as server:
        broker = client_for(server.url, tmp_path)
        with pytest.raises(CatalogError, match=r"VTTC0011U \(매도\), VTTC0012U \(매수\)"):
            broker.request("주식주문(현금)", **fields)
        assert order.asked == []
        assert broker.request("주식주문(현금)", tr_id="매수", **fields) == body
    assert len(order.asked) == 1 and order.asked[0].method == "POST"
    assert order.asked[0].headers["tr_id"] == "VTTC0012U"
    sent = json.loads(order.asked[0].get_data())
    assert sent == {
        "CANO": "50010002",
        "ACNT_PRDT_CD": "01",
        "SLL_TYPE": "",
        "CNDT_PRIC": "",
        "EXCG_ID_DVSN_CD": "",
        **fields,
    }


# ---------------------------------------------------------------------------------------------------
# Checked before anything is sent
# ---------------------------------------------------------------------------------------------------
@pytest.fixture
def quiet_server():
    """A server that records API calls; tokenP works, any other path is an error the tests must not reach."""
    recorder = Pages("/uapi/")
    with ScriptedServer(recorder) as server:
        server.recorder = recorder
        yield server


def test_missing_required_fields_are_named_with_their_official_names(quiet_server, tmp_path):
    broker = client_for(quiet_server.url, tmp_path)
    with pytest.raises(CatalogError) as caught:
        broker.request("주식일별주문체결조회", tr_id="3개월이내", INQR_STRT_DT="20260401")
    message = str(caught.value)
    assert "missing required fields" in message and "INQR_END_DT(조회종료일자: YYYYMMDD)" in message
    assert "INQR_STRT_DT(" not in message and "CANO" not in message and "CTX_AREA" not in message
    assert quiet_server.recorder.asked == []


def test_unknown_fields_and_non_string_values_are_refused(quiet_server, tmp_path):
    broker = client_for(quiet_server.url, tmp_path)
    with pytest.raises(CatalogError, match=r"unknown field.*INQR_STRT_DT"):
        broker.request("주식일별주문체결조회", tr_id="3개월이내", **{**DAILY, "INQR_STRT_DTT": "20260401"})
    with pytest.raises(CatalogError, match=r"INQR_STRT_DT\(조회시작일자\) 값은 문자열.*'20260401'"):
        broker.request("주식일별주문체결조회", tr_id="3개월이내", **{**DAILY, "INQR_STRT_DT": 20260401})
    with pytest.raises(CatalogError, match="두 번"):
        broker.request("주식일별주문체결조회", {"inqr_strt_dt": "1"}, tr_id="3개월이내", **DAILY)
    assert quiet_server.recorder.asked == []


def test_apis_the_flavour_or_the_client_cannot_call_are_refused(quiet_server, tmp_path):
    broker = client_for(quiet_server.url, tmp_path)
    with pytest.raises(CatalogError, match="모의투자 미지원"):
        broker.request("매도가능수량조회", PDNO="005930")
    with pytest.raises(CatalogError, match="WebSocket"):
        broker.request("H0STCNT0")
    with pytest.raises(CatalogError, match=r"issue_hashkey\(body\)"):
        broker.request("Hashkey")
    with pytest.raises(CatalogError, match="no such API"):
        broker.request("주식잔고조희")
    with pytest.raises(CatalogError, match="3개월이내"):
        broker.request("주식일별주문체결조회", **DAILY)  # two tr_ids: within / beyond 3 months
    assert quiet_server.recorder.asked == []


# ---------------------------------------------------------------------------------------------------
# Token renewal and typed errors
# ---------------------------------------------------------------------------------------------------
def test_an_expired_token_is_renewed_once_and_the_request_sent_again(tmp_path):
    expired = {"rt_cd": "1", "msg_cd": "EGW00123", "msg1": "기간이 만료된 token 입니다."}
    tokens = []

    def reply(request):
        if request.path.endswith(spec.TOKEN_PATH):
            tokens.append(request)
            status, headers, body = token_reply()
            return status, headers, {**body, "access_token": body["access_token"] + str(len(tokens))}
        if len(tokens) == 1:
            return 500, {}, expired
        return 200, {}, {"rt_cd": "0", "msg_cd": "MCA00000", "msg1": "ok", "output": {"stck_prpr": "1"}}

    with ScriptedServer(reply) as server:
        answer = client_for(server.url, tmp_path).request(
            "주식현재가 시세", FID_COND_MRKT_DIV_CODE="J", FID_INPUT_ISCD="005930"
        )
    assert answer["output"] == {"stck_prpr": "1"} and len(tokens) == 2


def test_a_refusal_is_the_usual_typed_error(tmp_path):
    refusal = {"rt_cd": "2", "msg_cd": "OPSQ2001", "msg1": "ERROR : INPUT INVALID_CHECK_INQR_DVSN"}
    with ScriptedServer(Pages(DAILY_CCLD, ("", refusal))) as server:
        with pytest.raises(KisApiError) as caught:
            client_for(server.url, tmp_path).request("주식일별주문체결조회", tr_id="3개월이내", **DAILY)
    assert (caught.value.msg_cd, caught.value.tr_id, caught.value.rt_cd) == ("OPSQ2001", "VTTC0081R", "2")


# ---------------------------------------------------------------------------------------------------
# The APIs the sandbox models: request() gives what the dedicated methods give
# ---------------------------------------------------------------------------------------------------
def sandbox_client(sandbox, app, tmp_path, account="50010003-01"):
    return KoreaInvestment(
        app.appkey,
        app.appsecret,
        account,
        mock=app.flavour == "paper",
        base_url=sandbox.url_for(app.flavour),
        token_cache=tmp_path / "c",
        calls_per_second=None,
    )


BALANCE_FIELDS = {  # 주식잔고조회's required fields, as fetch_balance sends them
    "AFHR_FLPR_YN": "N",
    "INQR_DVSN": "01",
    "UNPR_DVSN": "01",
    "FUND_STTL_ICLD_YN": "N",
    "FNCG_AMT_AUTO_RDPT_YN": "N",
    "PRCS_DVSN": "00",
}


def test_balance_through_request_equals_fetch_balance(sandbox, demo_paper_app, tmp_path):
    broker = sandbox_client(sandbox, demo_paper_app, tmp_path)
    whole = broker.request("주식잔고조회", **BALANCE_FIELDS)
    balance = broker.fetch_balance()
    assert whole["output1"] == balance["output1"] and len(whole["output1"]) == 55  # three pages on paper
    assert whole["output2"] == balance["output2"] and len(whole["output2"]) == 1


def test_price_and_order_through_request(sandbox, demo_paper_app, tmp_path):
    broker = sandbox_client(sandbox, demo_paper_app, tmp_path, account="50010001-01")
    price = broker.request(
        "/uapi/domestic-stock/v1/quotations/inquire-price", FID_COND_MRKT_DIV_CODE="J", FID_INPUT_ISCD="005930"
    )
    assert price == broker.fetch_price("005930")
    order = broker.request("주식주문(현금)", tr_id="매수", PDNO="005930", ORD_DVSN="01", ORD_QTY="1", ORD_UNPR="0")
    assert order["msg_cd"] == spec.ORDER_OK["paper"]["buy"][0] and len(order["output"]["ODNO"]) == 10
    holding = next(row for row in broker.fetch_balance()["output1"] if row["pdno"] == "005930")
    assert holding["hldg_qty"] == "1"
