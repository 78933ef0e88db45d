"""The catalog route (kislearn/sandbox/catalog_api.py): what a schema-only answer checks, refuses and holds.

The sandbox's clocks are fixed (a Friday, 2026-04-10 11:00 KST, the market open): the market clock, so every
answer can be compared with the market model at that moment, and the tokens' clock.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from kislearn import catalog, spec
from kislearn.consistency.krx import krx_tick_size
from kislearn.sandbox import ManualClock, MarketClock, SandboxRules, demo_app
from kislearn.sandbox.app import create_app
from kislearn.sandbox.catalog_paging import PAGE_ROWS
from kislearn.sandbox.field_shapes import parse_codes, shapes_of
from kislearn.sandbox.market import KRX
from kislearn.sandbox.request_checks import accepted_length
from kislearn.sandbox.state import EXTENSION_KEY

MOMENT = datetime(2026, 4, 10, 11, 0, tzinfo=spec.KST)
SMALL, LARGE, EMPTY = "50010002", "50010003", "50010001"


@pytest.fixture
def app():
    return create_app(SandboxRules.relaxed(clock=ManualClock(MOMENT)), clock=MarketClock("fixed", start=MOMENT))


class Caller:
    """KIS-style calls to one flavour of the app, as its demo app."""

    def __init__(self, app, flavour: str):
        self.client, self.app = app.test_client(), demo_app(flavour)
        self.flavour = flavour
        body = {"grant_type": "client_credentials", "appkey": self.app.appkey, "appsecret": self.app.appsecret}
        self.token = self.client.post(spec.TOKEN_PATH, json=body).get_json()["access_token"]

    def headers(self, api: catalog.Api, **extra) -> dict:
        options = api.tr_ids(self.flavour) or api.tr_ids("real")
        tr_id = next(option.tr_id for option in options if not option.deprecated)
        headers = {
            "authorization": f"Bearer {self.token}",
            "appkey": self.app.appkey,
            "appsecret": self.app.appsecret,
            "tr_id": tr_id,
            "custtype": "P",
        }
        return {**headers, **extra}

    def call(self, name: str, headers: dict | None = None, **fields):
        """The API ``name`` with the sheet's example request, ``fields`` replacing or adding values (None drops)."""
        api = catalog.find(name)
        example = api.examples.request if isinstance(api.examples.request, dict) else {}
        sent = {
            item.name: str(next((v for k, v in example.items() if k.upper() == item.name.upper()), ""))
            for item in api.request_fields
        }
        sent.update(fields)
        sent = {key: value for key, value in sent.items() if value is not None}
        headers = {**self.headers(api), **(headers or {})}
        if api.method == "GET":
            return self.client.get(api.path, query_string=sent, headers=headers)
        return self.client.post(
            api.path, data=json.dumps(sent), headers={**headers, "content-type": "application/json"}
        )


@pytest.fixture
def real(app):
    return Caller(app, "real")


@pytest.fixture
def paper(app):
    return Caller(app, "paper")


def market_of(app):
    return app.extensions[EXTENSION_KEY].market


# ---------------------------------------------------------------------------------------------------
# Refusals
# ---------------------------------------------------------------------------------------------------
def test_a_missing_required_field_is_refused_naming_it_in_korean(real):
    answer = real.call("주식현재가 투자자", FID_INPUT_ISCD=None)
    body = answer.get_json()
    assert (answer.status_code, body["rt_cd"], body["msg_cd"]) == (200, "2", "OPSQ2002")
    assert "INPUT_FILED NOT FOUND(FID_INPUT_ISCD)" in body["msg1"] and "입력 종목코드" in body["msg1"]


def test_a_required_field_sent_blank_is_accepted_as_the_official_samples_send_it(real):
    assert real.call("주식현재가 투자자", FID_COND_MRKT_DIV_CODE="").get_json()["rt_cd"] == "0"


def test_a_value_longer_than_it_may_be_is_refused_but_the_sheets_own_examples_pass(real):
    api = catalog.find("주식현재가 체결")
    item = api.request_field("FID_INPUT_ISCD")
    assert item.length == 2 and accepted_length(api, item) == 6  # the sheet's example "000660" is 6 long
    assert real.call("주식현재가 체결", FID_INPUT_ISCD="000660").get_json()["rt_cd"] == "0"
    body = real.call("주식현재가 체결", FID_INPUT_ISCD="0006600").get_json()
    assert (body["rt_cd"], body["msg_cd"]) == ("2", "OPSQ2002")
    assert "FIELD_LENGTH" in body["msg1"] and "6자까지" in body["msg1"]
    date_field = catalog.find("주식일별분봉조회").request_field("FID_INPUT_DATE_1")
    assert date_field.length == 2 and accepted_length(catalog.find("주식일별분봉조회"), date_field) == 8


def test_an_api_not_on_paper_is_refused_there_as_kis_does_whatever_the_tr_id(paper):
    api = catalog.find("주식예약주문조회")
    assert not api.paper_supported
    for tr_id in ("CTSC0004R", "VTSC0004R"):
        answer = paper.call("주식예약주문조회", headers={"tr_id": tr_id}, CANO=SMALL, ACNT_PRDT_CD="01")
        body = answer.get_json()
        assert (answer.status_code, body["rt_cd"], body["msg_cd"]) == (200, "1", "90000000")
        assert body["msg1"].startswith("모의투자에서는 해당업무가 제공되지 않습니다.")


def test_tr_ids_come_from_the_catalog_old_ones_too(real, paper):
    name = "프로그램매매 종합현황(일별)"
    old = next(option.tr_id for option in catalog.find(name).tr_ids("real") if option.deprecated)
    assert real.call(name, headers={"tr_id": old}).get_json()["rt_cd"] == "0"
    assert real.call(name, headers={"tr_id": "FHKST01010100"}).get_json()["msg_cd"] == "SBX00003"
    assert paper.call("주식현재가 투자자", headers={"tr_id": "VTTC8434R"}).get_json()["msg_cd"] == "SBX00003"
    assert paper.call("주식현재가 투자자", headers={"tr_id": "TTTC8434R"}).get_json()["msg_cd"] == "EGW2004"


def test_custtype_may_be_left_out_but_not_be_anything_else(real):
    api = catalog.find("주식현재가 투자자")
    headers = {name: value for name, value in real.headers(api).items() if name != "custtype"}
    answer = real.client.get(
        api.path, query_string={"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"}, headers=headers
    )
    assert answer.get_json()["rt_cd"] == "0"
    body = real.call("주식현재가 투자자", headers={"custtype": "X"}).get_json()
    assert body["msg_cd"] == "SBX00009"


def test_an_unknown_stock_is_answered_as_the_price_api_answers_it(real):
    body = real.call("주식현재가 호가/예상체결", FID_INPUT_ISCD="999999").get_json()
    assert (body["rt_cd"], body["msg_cd"]) == ("1", "SBX00011")
    assert "999999" in body["msg1"]
    order = real.call("주식주문(신용)", CANO=SMALL, ACNT_PRDT_CD="01", PDNO="999999").get_json()
    assert order["msg_cd"] == "SBX00026"  # as 주식주문(현금) refuses an order of one
    assert real.call("ELW 현재가 시세", FID_INPUT_ISCD="57JS61").get_json()["rt_cd"] == "0"  # not a stock code


def test_an_unknown_account_is_opsq2000(real):
    body = real.call("주식잔고조회_실현손익", CANO="12345678", ACNT_PRDT_CD="01").get_json()
    assert (body["rt_cd"], body["msg_cd"]) == ("2", "OPSQ2000")
    assert real.call("주식잔고조회_실현손익", CANO=SMALL, ACNT_PRDT_CD="77").get_json()["msg_cd"] == "OPSQ2000"


def test_a_wrong_method_and_an_unknown_path_are_kis_shaped(real):
    api = catalog.find("주식현재가 투자자")
    assert real.client.post(api.path, headers=real.headers(api), json={}).status_code == 405
    answer = real.client.get("/uapi/domestic-stock/v1/quotations/no-such-api", headers=real.headers(api))
    assert (answer.status_code, answer.get_json()["msg_cd"]) == (404, "SBX00404")


def test_the_gateway_comes_first(real):
    api = catalog.find("주식현재가 투자자")
    answer = real.client.get(api.path, headers={**real.headers(api), "authorization": "Bearer nonsense"})
    assert answer.get_json()["msg_cd"] == "EGW00121"


# ---------------------------------------------------------------------------------------------------
# What an answer holds
# ---------------------------------------------------------------------------------------------------
def test_the_same_request_gets_the_same_answer(real):
    first = real.call("주식현재가 투자자").get_json()
    second = real.call("주식현재가 투자자").get_json()
    assert first == second


def test_day_rows_are_trading_days_with_the_markets_prices(app, real):
    body = real.call("주식현재가 투자자", FID_INPUT_ISCD="005930").get_json()
    rows = body["output"]
    days = [
        date(int(row["stck_bsop_date"][:4]), int(row["stck_bsop_date"][4:6]), int(row["stck_bsop_date"][6:]))
        for row in rows
    ]
    assert days[0] == MOMENT.date() and days == sorted(days, reverse=True) and len(days) == 30
    assert all(KRX.is_trading_day(day) for day in days)
    market = market_of(app)
    quote = market.quote("005930", MOMENT)
    assert rows[0]["stck_clpr"] == quote["stck_prpr"]  # today's row agrees with 주식현재가 시세 at the moment
    for day, row in zip(days[1:], rows[1:], strict=True):
        bar = market.daily_bar("005930", day)
        assert (row["stck_clpr"], row["prdy_vrss"]) == (str(bar.close), str(bar.close - bar.base))
        assert row["prdy_vrss_sign"] in "12345"


def test_prices_sit_on_the_tick_grid_inside_the_days_limits(app, real):
    body = real.call("주식현재가 호가/예상체결", FID_INPUT_ISCD="035720").get_json()
    book = body["output1"]
    quote = market_of(app).quote("035720", MOMENT)
    upper, lower = int(quote["stck_mxpr"]), int(quote["stck_llam"])
    asks = [int(book[f"askp{n}"]) for n in range(1, 11)]
    bids = [int(book[f"bidp{n}"]) for n in range(1, 11)]
    assert asks == sorted(asks) and bids == sorted(bids, reverse=True) and asks[0] > bids[0]
    for price in asks + bids:
        assert price % krx_tick_size(price) == 0 and lower <= price <= upper
    assert body["output2"]["stck_prpr"] == quote["stck_prpr"]


def test_codes_come_from_their_documented_sets_and_names_from_their_codes(real):
    body = real.call("주식정정취소가능주문조회", CANO=SMALL, ACNT_PRDT_CD="01").get_json()
    description = catalog.find("주식정정취소가능주문조회").request_field("INQR_DVSN_1").description
    assert parse_codes(description)  # the request side lists the codes
    for row in body["output"]:
        assert row["sll_buy_dvsn_cd"] in ("01", "02")
        assert row["ord_dvsn_cd"] in dict(
            parse_codes(catalog.find("주식주문(현금)").request_field("ORD_DVSN").description)
        )


def test_an_account_api_lists_the_accounts_holdings(app, real):
    body = real.call("주식잔고조회_실현손익", CANO=SMALL, ACNT_PRDT_CD="01").get_json()
    holdings = app.extensions[EXTENSION_KEY].data.accounts[f"{SMALL}-01"].output1
    assert [row["pdno"] for row in body["output1"]] == [row["pdno"] for row in holdings]
    assert [row["hldg_qty"] for row in body["output1"]] == [row["hldg_qty"] for row in holdings]
    summary = app.extensions[EXTENSION_KEY].data.accounts[f"{SMALL}-01"].summary
    assert len(body["output2"]) == 1 and body["output2"][0]["dnca_tot_amt"] == summary["dnca_tot_amt"]
    assert real.call("주식잔고조회_실현손익", CANO=EMPTY, ACNT_PRDT_CD="01").get_json()["output1"] == []


def test_the_accounts_hold_nothing_outside_domestic_stocks(real):
    body = real.call("해외주식 체결기준현재잔고", CANO=SMALL, ACNT_PRDT_CD="01").get_json()
    assert body["rt_cd"] == "0" and body["output1"] == [] and body["output2"] == []
    assert set(body["output3"].values()) <= {"0", "0.00", "0.0000", "0.00000000", ""}


def test_rankings_list_the_sample_stocks(app, real):
    rows = real.call("거래량순위").get_json()["output"]
    market = market_of(app)
    assert len(rows) == 30 and [row["data_rank"] for row in rows] == [str(n) for n in range(1, 31)]
    for row in rows:
        assert row["mksc_shrn_iscd"] in market.symbols
        assert row["hts_kor_isnm"] == market.name(row["mksc_shrn_iscd"])
        assert row["stck_prpr"] == market.quote(row["mksc_shrn_iscd"], MOMENT)["stck_prpr"]


def test_every_value_of_a_schema_answer_has_its_kinds_shape(real):
    for name in (
        "주식현재가 투자자",
        "거래량순위",
        "국내주식 종목추정실적",
        "해외주식 현재체결가",
        "주식현재가 호가/예상체결",
    ):
        api = catalog.find(name)
        body = real.call(name).get_json()
        shapes = shapes_of(api)
        for section in api.sections:
            value = body[section.name]
            for row in value if isinstance(value, list) else [value]:
                for field, text in row.items():
                    shape = shapes[section.name][field]
                    assert isinstance(text, str)
                    if shape.is_number and text:
                        number = Decimal(text)
                        assert (
                            -number.as_tuple().exponent == shape.places
                            or shape.places == 0 == number.as_tuple().exponent
                        ), (name, field, text)
                    if shape.kind == "date" and text:
                        assert len(text.replace("-", "").replace("/", "")) == 8


# ---------------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------------
def test_a_long_list_pages_with_working_continuation_keys(app, real):
    first = real.call("주식잔고조회_실현손익", CANO=LARGE, ACNT_PRDT_CD="01")
    body = first.get_json()
    assert first.headers["tr_cont"] == "M" and len(body["output1"]) == PAGE_ROWS["real"]
    assert len(body["ctx_area_fk100"]) == len(body["ctx_area_nk100"]) == 100
    assert body["ctx_area_fk100"].startswith(f"{LARGE}^01^")
    keys = {"CTX_AREA_FK100": body["ctx_area_fk100"], "CTX_AREA_NK100": body["ctx_area_nk100"]}
    second = real.call("주식잔고조회_실현손익", headers={"tr_cont": "N"}, CANO=LARGE, ACNT_PRDT_CD="01", **keys)
    assert second.headers["tr_cont"] == "E" and second.get_json()["ctx_area_nk100"].strip() == ""
    holdings = app.extensions[EXTENSION_KEY].data.accounts[f"{LARGE}-01"].output1
    pdnos = [row["pdno"] for row in body["output1"] + second.get_json()["output1"]]
    assert pdnos == [row["pdno"] for row in holdings]
    again = real.call("주식잔고조회_실현손익", CANO=LARGE, ACNT_PRDT_CD="01", **keys)  # tr_cont blank: page 1
    assert again.get_json()["output1"] == body["output1"]


def test_every_page_of_one_read_is_answered_at_page_ones_moment(app, real):
    """The market clock moves between the pages: page 2 is of page 1's moment (as 주식잔고조회's), so the pages fit
    together; a fresh first page is of the new moment."""
    first = real.call("주식잔고조회_실현손익", CANO=LARGE, ACNT_PRDT_CD="01").get_json()
    assert first["ctx_area_nk100"].split("^")[2] == f"{MOMENT:%Y%m%d%H%M%S}"  # row^conditions^moment^account^
    keys = {"CTX_AREA_FK100": first["ctx_area_fk100"], "CTX_AREA_NK100": first["ctx_area_nk100"]}
    still = real.call("주식잔고조회_실현손익", headers={"tr_cont": "N"}, CANO=LARGE, ACNT_PRDT_CD="01", **keys)
    app.extensions[EXTENSION_KEY].clock.advance(hours=2)  # prices move
    later = real.call("주식잔고조회_실현손익", headers={"tr_cont": "N"}, CANO=LARGE, ACNT_PRDT_CD="01", **keys)
    assert later.get_json()["output1"] == still.get_json()["output1"]
    fresh = real.call("주식잔고조회_실현손익", CANO=LARGE, ACNT_PRDT_CD="01").get_json()
    assert fresh["output1"] != first["output1"]  # a new read: the new moment's prices
    assert fresh["ctx_area_nk100"].split("^")[2] == f"{MOMENT + timedelta(hours=2):%Y%m%d%H%M%S}"


def test_an_order_filled_between_the_pages_of_an_accounts_list_asks_to_read_again(real):
    """As 주식잔고조회's: the next page of an account that changed is SYDB0050 (rt_cd 7)."""
    body = real.call("주식잔고조회_실현손익", CANO=LARGE, ACNT_PRDT_CD="01").get_json()
    keys = {"CTX_AREA_FK100": body["ctx_area_fk100"], "CTX_AREA_NK100": body["ctx_area_nk100"]}
    order = real.call(
        "주식주문(현금)", CANO=LARGE, ACNT_PRDT_CD="01", PDNO="005930", ORD_DVSN="01", ORD_QTY="1", ORD_UNPR="0"
    )
    assert order.get_json()["rt_cd"] == "0", order.get_json()
    answer = real.call("주식잔고조회_실현손익", headers={"tr_cont": "N"}, CANO=LARGE, ACNT_PRDT_CD="01", **keys)
    assert (answer.get_json()["rt_cd"], answer.get_json()["msg_cd"]) == ("7", "SYDB0050")


def test_a_continuation_key_from_the_future_or_outside_the_market_is_refused(real):
    body = real.call("주식잔고조회_실현손익", CANO=LARGE, ACNT_PRDT_CD="01").get_json()
    row, mark = body["ctx_area_nk100"].split("^")[:2]
    for moment in ("20260410120000", "20150105100000", "20261399000000"):
        keys = {"CTX_AREA_FK100": body["ctx_area_fk100"], "CTX_AREA_NK100": f"{row}^{mark}^{moment}^"}
        answer = real.call("주식잔고조회_실현손익", headers={"tr_cont": "N"}, CANO=LARGE, ACNT_PRDT_CD="01", **keys)
        assert (answer.get_json()["rt_cd"], answer.get_json()["msg_cd"]) == ("2", "OPSQ2001"), moment


def test_a_forged_or_foreign_continuation_key_is_refused(real):
    body = real.call("주식잔고조회_실현손익", CANO=LARGE, ACNT_PRDT_CD="01").get_json()
    for changed in ({"CTX_AREA_NK100": "50^00000000^"}, {"CTX_AREA_NK100": "junk"}, {"COST_ICLD_YN": "Y"}):
        keys = {"CTX_AREA_FK100": body["ctx_area_fk100"], "CTX_AREA_NK100": body["ctx_area_nk100"], **changed}
        answer = real.call("주식잔고조회_실현손익", headers={"tr_cont": "N"}, CANO=LARGE, ACNT_PRDT_CD="01", **keys)
        assert (answer.get_json()["rt_cd"], answer.get_json()["msg_cd"]) == ("2", "OPSQ2001")
        assert "INVALID_CHECK_CTX_AREA_NK100" in answer.get_json()["msg1"]


def test_one_page_answers_say_d_and_apis_without_paging_send_no_letter(real):
    assert real.call("주식잔고조회_실현손익", CANO=SMALL, ACNT_PRDT_CD="01").headers["tr_cont"] == "D"
    assert real.call("주식현재가 투자자").headers["tr_cont"] == ""


# ---------------------------------------------------------------------------------------------------
# 국내휴장일조회: every calendar day from the KRX calendar (a route of its own)
# ---------------------------------------------------------------------------------------------------
def test_the_holiday_api_lists_every_day_with_the_calendars_flags(real, paper):
    answer = real.call("국내휴장일조회", BASS_DT="20261224", CTX_AREA_NK="", CTX_AREA_FK="")
    body = answer.get_json()
    rows = body["output"]
    assert (body["rt_cd"], answer.headers["tr_cont"], len(rows)) == ("0", "D", 24)
    assert rows[0]["bass_dt"] == "20261224" and rows[-1]["bass_dt"] == "20270116"
    flags = {row["bass_dt"]: row["opnd_yn"] for row in rows}
    assert flags["20261225"] == "N" and flags["20261231"] == "N" and flags["20270104"] == "Y"  # 성탄절, 연말휴장일
    assert all(
        row == KRX.holiday_row(date(int(row["bass_dt"][:4]), int(row["bass_dt"][4:6]), int(row["bass_dt"][6:])))
        for row in rows
    )
    keys = {"CTX_AREA_NK": body["ctx_area_nk"], "CTX_AREA_FK": body["ctx_area_fk"]}
    more = real.call("국내휴장일조회", headers={"tr_cont": "N"}, BASS_DT="20261224", **keys).get_json()["output"]
    assert more[0]["bass_dt"] == "20270117"
    assert real.call("국내휴장일조회", BASS_DT="20261232").get_json()["msg_cd"] == "OPSQ2001"
    assert paper.call("국내휴장일조회", BASS_DT="20261224").get_json()["msg_cd"] == "90000000"  # 모의투자 미지원
