"""주식주문(현금) on the sandbox, over HTTP: answers, every refusal, the fill model, per-app accounts."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from kislearn import spec
from kislearn.consistency import check_balance
from kislearn.sandbox import SandboxRules, TradingCosts, demo_app
from kislearn.sandbox.costs import MARKETS, SaleTaxRates
from kislearn.sandbox.responses import hashkey_of
from kislearn.sandbox.samples import load_prices

EMPTY, SMALL = "50010001-01", "50010002-01"
MOBIS = "012330"  # 현대모비스, 294,500 in the sample prices: the paper log's trade


def body_of(answer) -> dict:
    assert answer.headers["content-type"].startswith("application/json")
    return answer.json()


def summary(caller, account: str = EMPTY) -> dict:
    return caller.whole_balance(account)["output2"][0]


def row(caller, symbol: str, account: str = EMPTY) -> dict:
    return next(r for r in caller.whole_balance(account)["output1"] if r["pdno"] == symbol)


def consistent(caller, account: str = EMPTY) -> list:
    balance = caller.whole_balance(account)
    return check_balance(balance["output1"], balance["output2"])


# ---------------------------------------------------------------------------------------------------
# The paper log of shared/kis-spec/README.md, number for number
# ---------------------------------------------------------------------------------------------------
def test_the_users_paper_log_is_reproduced(sandbox, kis_caller):
    paper = kis_caller(sandbox, "paper")
    assert body_of(paper.order("buy", MOBIS, "1"))["rt_cd"] == "0"
    after_buy = summary(paper)
    assert (after_buy["dnca_tot_amt"], after_buy["nxdy_excc_amt"]) == ("10000000", "10000000")  # D+0, D+1 stay
    assert after_buy["prvs_rcdl_excc_amt"] == "9705460"  # D+2: −294,500 − 40
    assert (after_buy["thdt_buy_amt"], after_buy["thdt_tlex_amt"]) == ("294500", "40")
    assert consistent(paper) == []

    assert body_of(paper.order("sell", MOBIS, "1"))["rt_cd"] == "0"
    after_sell = summary(paper)
    assert after_sell["thdt_tlex_amt"] == "668"  # 40 (buy fee) + 40 (sell fee) + 147 + 441 (taxes)
    assert after_sell["thdt_sll_amt"] == "294500"
    assert after_sell["prvs_rcdl_excc_amt"] == str(10_000_000 - 668)
    sold_out = row(paper, MOBIS)
    assert (sold_out["hldg_qty"], sold_out["thdt_buyqty"], sold_out["thdt_sll_qty"]) == ("0", "1", "1")
    assert consistent(paper) == []


def test_the_default_costs_are_the_paper_logs():
    costs = TradingCosts()
    assert costs.buy_fee(294_500) == 40
    sale = costs.sale_costs(294_500, "KOSPI")  # 현대모비스 is listed on KOSPI
    assert (sale.fee, sale.securities_tax, sale.rural_tax, sale.total) == (40, 147, 441, 628)
    assert costs.buy_fee(50_000) == 0  # 7 won, floored to 10 won


@pytest.mark.parametrize(
    ("market", "securities_tax", "rural_tax"),
    [("KOSPI", 5_000, 15_000), ("KOSDAQ", 20_000, 0), ("KONEX", 10_000, 0)],  # 2026: 0.05%+0.15%, 0.20%, 0.10%
)
def test_sale_taxes_depend_on_the_market(market, securities_tax, rural_tax):
    sale = TradingCosts().sale_costs(10_000_000, market)
    assert (sale.securities_tax, sale.rural_tax) == (securities_tax, rural_tax)
    assert sale.total == 1_400 + securities_tax + rural_tax  # fee 0.014%


def test_an_unknown_market_is_a_clear_error():
    with pytest.raises(ValueError, match="시장.*NASDAQ"):
        TradingCosts().sale_costs(10_000, "NASDAQ")


def test_every_sample_symbol_has_its_real_market():
    kosdaq = {"035900", "039030", "041510", "058470", "086520", "145020", "214150", "263750", "277810", "293490"}
    markets = {symbol: price.market for symbol, price in load_prices().items()}
    assert len(markets) == 55
    assert {symbol for symbol, market in markets.items() if market == "KOSDAQ"} == kosdaq
    assert {market for symbol, market in markets.items() if symbol not in kosdaq} == {"KOSPI"}


def test_a_kosdaq_sale_pays_the_kosdaq_tax_and_no_rural_tax(sandbox, kis_caller):
    paper = kis_caller(sandbox, "paper")
    ecopro = load_prices()["086520"]  # 에코프로, KOSDAQ
    price = int(ecopro.output["stck_prpr"])
    assert body_of(paper.order("buy", "086520", "10"))["rt_cd"] == "0"
    assert body_of(paper.order("sell", "086520", "10"))["rt_cd"] == "0"
    amount = price * 10
    fee = amount * 14 // 100_000 // 10 * 10  # 0.014%, floored to 10 won
    tax = amount * 20 // 10_000  # 증권거래세 0.20%, floored to the won; no 농어촌특별세 on KOSDAQ
    kospi_taxes = amount * 5 // 10_000 + amount * 15 // 10_000  # 0.05% and 0.15%, each floored
    assert (amount, tax, kospi_taxes) == (845_000, 1_690, 1_689)  # same 0.20% in all, but one tax, one floor
    assert summary(paper)["thdt_tlex_amt"] == str(fee + fee + tax)
    assert consistent(paper) == []


def test_costs_are_settable(start_sandbox, kis_caller):
    untaxed = {market: SaleTaxRates(Decimal(0)) for market in MARKETS}
    free = TradingCosts(buy_fee_rate=Decimal(0), sell_fee_rate=Decimal(0), sale_tax_rates=untaxed)
    paper = kis_caller(start_sandbox(SandboxRules.relaxed(costs=free)), "paper")
    paper.order("buy", MOBIS, "2")
    paper.order("sell", MOBIS, "1")
    assert summary(paper)["thdt_tlex_amt"] == "0"
    assert summary(paper)["prvs_rcdl_excc_amt"] == str(10_000_000 - 294_500)
    assert consistent(paper) == []


# ---------------------------------------------------------------------------------------------------
# Success answers
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("flavour", ["paper", "real"])
def test_a_success_answer_looks_like_kis(sandbox, kis_caller, flavour):
    caller = kis_caller(sandbox, flavour)
    answers = [caller.order("buy", MOBIS, "2"), caller.order("sell", MOBIS, "1")]
    numbers = []
    for side, answer in zip(("buy", "sell"), answers, strict=False):
        assert answer.status_code == 200
        assert answer.headers["tr_id"] == spec.ORDER_TR_ID[flavour][side]
        body = body_of(answer)
        assert list(body) == ["rt_cd", "msg_cd", "msg1", "output"]
        assert (body["rt_cd"], body["msg_cd"], body["msg1"].rstrip()) == ("0", *spec.ORDER_OK[flavour][side])
        assert len(body["msg1"].encode("cp949")) == spec.MSG1_WIDTH_BYTES
        output = body["output"]
        assert list(output) == ["KRX_FWDG_ORD_ORGNO", "ODNO", "ORD_TMD"]
        assert re.fullmatch(r"\d{5}", output["KRX_FWDG_ORD_ORGNO"])
        assert re.fullmatch(r"\d{10}", output["ODNO"])
        assert re.fullmatch(r"([01]\d|2[0-3])[0-5]\d[0-5]\d", output["ORD_TMD"])
        numbers.append(int(output["ODNO"]))
    assert numbers[1] > numbers[0]


@pytest.mark.parametrize("flavour", ["paper", "real"])
@pytest.mark.parametrize("side", ["buy", "sell"])
def test_the_old_tr_ids_still_work_with_the_same_answer(sandbox, kis_caller, flavour, side):
    """The sheet: old ids "may be blocked without notice". The sandbox keeps them (mojito2 sends them)."""
    caller = kis_caller(sandbox, flavour)
    caller.order("buy", MOBIS, "1")
    answer = caller.order(side, MOBIS, "1", tr_id=spec.ORDER_OLD_TR_ID[flavour][side])
    body = body_of(answer)
    assert (body["rt_cd"], body["msg_cd"], body["msg1"].rstrip()) == ("0", *spec.ORDER_OK[flavour][side])
    assert answer.headers["tr_id"] == spec.ORDER_OLD_TR_ID[flavour][side]


def test_orders_pass_the_gateway_checks(sandbox, kis_caller):
    paper = kis_caller(sandbox, "paper")
    assert body_of(paper.order("buy", tr_id="TTTC0012U"))["msg_cd"] == "EGW2004"  # real id on the paper host
    assert body_of(paper.order("buy", tr_id="VTTC8434R"))["msg_cd"] == "SBX00003"  # another API's id
    assert body_of(paper.order("buy", headers={"authorization": "Bearer nonsense"}))["msg_cd"] == "EGW00121"
    assert body_of(paper.order("buy", headers={"appsecret": "wrong"}))["msg_cd"] == "EGW00105"
    real = kis_caller(sandbox, "real")
    assert body_of(real.order("buy", tr_id="VTTC0012U"))["msg_cd"] == "SBX00002"
    assert summary(paper) == sandbox.state.data.accounts[EMPTY].summary  # nothing happened


def test_orders_count_against_the_rate_limit(start_sandbox, kis_caller):
    sandbox = start_sandbox(SandboxRules(token_issue_interval=None))
    paper = kis_caller(sandbox, "paper")
    paper.token()
    codes = [body_of(paper.order("buy", MOBIS, "1"))["msg_cd"] for _ in range(3)]
    assert codes[:2] == ["40600000", "40600000"] and codes[2] == "EGW00201"


# ---------------------------------------------------------------------------------------------------
# Refusals: (flavour, order arguments, msg_cd, rt_cd)
# ---------------------------------------------------------------------------------------------------
REFUSALS = [
    # unknown symbol: paper's code from users' logs, SBX on real
    ("paper", dict(side="buy", symbol="999999"), "40070000", "1"),
    ("real", dict(side="buy", symbol="999999"), "SBX00026", "1"),
    ("paper", dict(side="buy", symbol="5930"), "40070000", "1"),
    # not enough cash (market orders are costed at the upper limit, 370,500)
    ("paper", dict(side="buy", quantity="27"), "40250000", "1"),
    ("real", dict(side="buy", quantity="27"), "SBX00032", "1"),
    # nothing to sell / not enough to sell
    ("paper", dict(side="sell"), "40240000", "1"),
    ("real", dict(side="sell"), "SBX00033", "1"),
    ("paper", dict(side="sell", symbol="005930", quantity="48", account=SMALL), "SBX00034", "1"),
    # quantity
    ("paper", dict(side="buy", quantity="0"), "SBX00027", "1"),
    ("paper", dict(side="buy", quantity="-1"), "SBX00027", "1"),
    ("paper", dict(side="buy", quantity="1.5"), "SBX00027", "1"),
    ("paper", dict(side="buy", quantity=""), "SBX00027", "1"),
    ("paper", dict(side="sell", quantity="abc"), "SBX00027", "1"),
    # price
    ("paper", dict(side="buy", price="294500", division="01"), "SBX00028", "1"),
    ("paper", dict(side="buy", price="0", division="00"), "SBX00029", "1"),
    ("paper", dict(side="buy", price="29만", division="00"), "SBX00029", "1"),
    ("paper", dict(side="buy", price="294400"), "40030000", "1"),  # tick 500 above 200,000
    ("real", dict(side="buy", price="294400"), "SBX00030", "1"),
    ("paper", dict(side="buy", price="371000"), "SBX00031", "1"),  # above 상한가 370,500
    ("paper", dict(side="buy", price="199000"), "SBX00031", "1"),  # below 하한가 199,500
    # order division, exchange, sell type
    ("paper", dict(side="buy", division="03"), "SBX00022", "1"),
    ("paper", dict(side="buy", division="99"), "OPSQ2001", "2"),
    ("paper", dict(side="buy", EXCG_ID_DVSN_CD="NXT"), "SBX00023", "1"),
    ("real", dict(side="buy", EXCG_ID_DVSN_CD="SOR"), "SBX00024", "1"),
    ("paper", dict(side="buy", EXCG_ID_DVSN_CD="NYSE"), "OPSQ2001", "2"),
    ("paper", dict(side="sell", SLL_TYPE="05", account=SMALL, symbol="005930"), "SBX00025", "1"),
    ("paper", dict(side="sell", SLL_TYPE="99", account=SMALL, symbol="005930"), "OPSQ2001", "2"),
    # body shape and account
    ("paper", dict(side="buy", ORD_QTY=1), "SBX00021", "1"),
    ("paper", dict(side="buy", ord_qty="1"), "SBX00020", "1"),
    ("paper", dict(side="buy", account="99999999-01"), "OPSQ2000", "2"),
    ("paper", dict(side="buy", CANO="5001000"), "OPSQ2000", "2"),
]


@pytest.mark.parametrize("flavour, arguments, msg_cd, rt_cd", REFUSALS)
def test_refusals(sandbox, kis_caller, flavour, arguments, msg_cd, rt_cd):
    caller = kis_caller(sandbox, flavour)
    account = arguments.get("account", EMPTY)
    account = account if account in sandbox.state.data.accounts else EMPTY
    before = caller.whole_balance(account)
    answer = caller.order(**arguments)
    body = body_of(answer)
    assert answer.status_code == 200
    assert (body["msg_cd"], body["rt_cd"]) == (msg_cd, rt_cd), body
    assert "output" not in body
    assert body["msg1"].strip()
    assert caller.whole_balance(account) == before  # a refused order changes nothing
    assert sandbox.orders(caller.app.appkey) == []


def test_sbx_refusals_say_what_is_wrong(sandbox, kis_caller):
    real = kis_caller(sandbox, "real")
    assert "필요 10,004,900원, 주문가능 10,000,000원" in body_of(real.order("buy", quantity="27"))["msg1"]
    assert "매도가능 47주" in body_of(real.order("sell", "005930", "48", account=SMALL))["msg1"]
    assert "호가단위 500원" in body_of(real.order("buy", price="294400"))["msg1"]
    assert "상한가 370,500원" in body_of(real.order("buy", price="371000"))["msg1"]


def test_a_missing_field_is_opsq2001(sandbox, kis_caller):
    paper = kis_caller(sandbox, "paper")
    for name in ("PDNO", "ORD_DVSN", "ORD_QTY", "ORD_UNPR"):
        fields = {
            "CANO": "50010001",
            "ACNT_PRDT_CD": "01",
            "PDNO": MOBIS,
            "ORD_DVSN": "01",
            "ORD_QTY": "1",
            "ORD_UNPR": "0",
        }
        del fields[name]
        answer = paper.session.post(
            paper.base_url + spec.ORDER_PATH, headers=paper.headers("VTTC0012U"), json=fields, timeout=5
        )
        assert body_of(answer)["msg_cd"] == "OPSQ2001"
        assert body_of(answer)["msg1"].strip() == f"ERROR : INPUT INVALID_CHECK_{name}"


def test_a_body_that_is_not_a_json_object_is_refused(sandbox, kis_caller):
    paper = kis_caller(sandbox, "paper")
    answer = paper.session.post(
        paper.base_url + spec.ORDER_PATH, headers=paper.headers("VTTC0012U"), data="CANO=50010001", timeout=5
    )
    assert body_of(answer)["msg_cd"] == "SBX00005"


def test_the_hashkey_header_is_optional_but_must_match(sandbox, kis_caller):
    paper = kis_caller(sandbox, "paper")
    fields = {
        "CANO": "50010001",
        "ACNT_PRDT_CD": "01",
        "PDNO": MOBIS,
        "ORD_DVSN": "01",
        "ORD_QTY": "1",
        "ORD_UNPR": "0",
    }
    good = hashkey_of(fields, paper.app.appsecret)
    assert body_of(paper.order("buy", MOBIS, "1", headers={"hashkey": good}))["rt_cd"] == "0"
    bad = body_of(paper.order("buy", MOBIS, "2", headers={"hashkey": good}))  # hash of another body
    assert bad["msg_cd"] == "SBX00035"


# ---------------------------------------------------------------------------------------------------
# The fill model
# ---------------------------------------------------------------------------------------------------
def test_a_market_buy_is_costed_at_the_upper_limit_but_fills_at_the_current_price(sandbox, kis_caller):
    paper = kis_caller(sandbox, "paper")
    assert body_of(paper.order("buy", MOBIS, "27"))["msg_cd"] == "40250000"  # 27 × 370,500 > 10,000,000
    assert body_of(paper.order("buy", MOBIS, "27", price="294500"))["rt_cd"] == "0"  # a limit order fits
    assert row(paper, MOBIS)["pchs_amt"] == str(27 * 294_500)


def test_a_marketable_limit_order_fills_at_the_current_price(sandbox, kis_caller):
    paper = kis_caller(sandbox, "paper")
    paper.order("buy", MOBIS, "2", price="300000")
    holding = row(paper, MOBIS)
    assert (holding["hldg_qty"], holding["pchs_amt"], holding["pchs_avg_pric"]) == ("2", "589000", "294500.0000")
    paper.order("sell", MOBIS, "1", price="290000")
    assert summary(paper)["thdt_sll_amt"] == "294500"
    [buy, sell] = sandbox.orders(paper.app.appkey)
    assert (buy.filled, buy.fill_price, sell.filled, sell.fill_price) == (True, 294_500, True, 294_500)
    assert consistent(paper) == []


def test_a_limit_buy_below_the_price_rests_and_reserves_cash(sandbox, kis_caller):
    paper = kis_caller(sandbox, "paper")
    before = paper.whole_balance(EMPTY)
    answer = body_of(paper.order("buy", MOBIS, "30", price="290000"))  # 8,700,000 + 1,210 fee reserved
    assert answer["rt_cd"] == "0"
    assert paper.whole_balance(EMPTY) == before  # not filled: the balance does not change
    [record] = sandbox.orders(paper.app.appkey)
    assert (record.filled, record.reserved, record.as_dict()["status"]) == (False, 8_701_210, "미체결")
    row = record.as_row()  # the table a learner reads: Korean names and values, the code kept beside its name
    assert (row["매수/매도"], row["주문구분"], row["체결 여부"]) == ("매수", "지정가 (00)", "미체결")
    assert record.odno == answer["output"]["ODNO"]
    # the reserved cash cannot be spent twice: 5 × 294,500 = 1,472,500 > 1,298,790 left
    assert body_of(paper.order("buy", MOBIS, "5", price="294500"))["msg_cd"] == "40250000"
    assert body_of(paper.order("buy", MOBIS, "4", price="294500"))["rt_cd"] == "0"


def test_a_limit_sell_above_the_price_rests_and_lowers_the_orderable_quantity(sandbox, kis_caller):
    paper = kis_caller(sandbox, "paper")
    paper.order("sell", "005930", "40", price="100000", account=SMALL)  # current 97,400: rests
    samsung = row(paper, "005930", SMALL)
    assert (samsung["hldg_qty"], samsung["ord_psbl_qty"], samsung["thdt_sll_qty"]) == ("47", "7", "0")
    assert body_of(paper.order("sell", "005930", "8", account=SMALL))["msg_cd"] == "SBX00034"
    assert body_of(paper.order("sell", "005930", "7", account=SMALL))["rt_cd"] == "0"
    samsung = row(paper, "005930", SMALL)
    assert (samsung["hldg_qty"], samsung["ord_psbl_qty"], samsung["thdt_sll_qty"]) == ("40", "0", "7")
    assert consistent(paper, SMALL) == []


def test_average_price_after_a_second_buy_and_a_partial_sell(sandbox, kis_caller):
    paper = kis_caller(sandbox, "paper")
    paper.order("buy", "005930", "3", account=SMALL)  # 47 at avg 82,353.19 + 3 at 97,400
    samsung = row(paper, "005930", SMALL)
    assert (samsung["hldg_qty"], samsung["pchs_amt"], samsung["pchs_avg_pric"]) == ("50", "4162800", "83256.0000")
    paper.order("sell", "005930", "20", account=SMALL)
    samsung = row(paper, "005930", SMALL)
    assert (samsung["hldg_qty"], samsung["pchs_amt"], samsung["pchs_avg_pric"]) == ("30", "2497680", "83256.0000")
    assert samsung["evlu_pfls_amt"] == str(30 * 97_400 - 2_497_680)
    assert consistent(paper, SMALL) == []


def test_a_first_buy_adds_a_row_priced_from_the_price_file(sandbox, kis_caller):
    paper = kis_caller(sandbox, "paper")
    paper.order("buy", MOBIS, "1", account=SMALL)
    balance = paper.whole_balance(SMALL)
    assert balance["output1"][-1]["pdno"] == MOBIS and balance["output1"][-1]["prdt_name"] == "현대모비스"
    assert check_balance(balance["output1"], balance["output2"]) == []


def test_the_real_host_prints_zero_rates_after_orders_too(sandbox, kis_caller):
    real = kis_caller(sandbox, "real")
    real.order("buy", MOBIS, "1")
    assert row(real, MOBIS)["evlu_erng_rt"] == "0.00000000"
    assert summary(real)["asst_icdc_erng_rt"] == "0.00000000"
    assert consistent(real) == []


# ---------------------------------------------------------------------------------------------------
# Per-app accounts, student keys, reset
# ---------------------------------------------------------------------------------------------------
def test_two_app_keys_never_see_each_others_orders(sandbox, kis_caller):
    kim = kis_caller(sandbox, "paper", demo_app("paper", student="kim"))
    lee = kis_caller(sandbox, "paper", demo_app("paper", student="lee"))
    teacher = kis_caller(sandbox, "paper")
    kim.order("buy", MOBIS, "1")
    lee.order("buy", "005930", "2")
    assert [r["pdno"] for r in kim.whole_balance()["output1"]] == [MOBIS]
    assert [r["pdno"] for r in lee.whole_balance()["output1"]] == ["005930"]
    assert teacher.whole_balance()["output1"] == []
    assert [r.order.symbol for r in sandbox.orders(kim.app.appkey)] == [MOBIS]
    assert sandbox.orders(teacher.app.appkey) == []


def test_student_keys_are_derived_from_the_name_and_accepted_without_a_list(sandbox, kis_caller):
    kim = demo_app("paper", student="kim")
    assert kim == demo_app("paper", student=" KIM ")  # spaces and case do not matter
    assert kim != demo_app("paper", student="lee")
    assert (len(kim.appkey), len(kim.appsecret)) == (spec.APP_KEY_LENGTH, spec.APP_SECRET_LENGTH)
    assert kim.appkey not in sandbox.state.data.apps  # accepted by recomputing, not from a list
    assert kis_caller(sandbox, "paper", kim).issue_token().status_code == 200
    # a student's paper key is not a real key, and the secret must match
    real_try = kis_caller(sandbox, "real", kim).issue_token()
    assert real_try.json()["error_code"] == "EGW00103"
    wrong = kis_caller(sandbox, "paper", kim).issue_token(appsecret="X" + kim.appsecret[1:])
    assert wrong.json()["error_code"] == "EGW00105"
    with pytest.raises(ValueError):
        demo_app("paper", student="  ")


def test_student_keys_of_another_signing_key_are_refused(start_sandbox, kis_caller):
    sandbox = start_sandbox(SandboxRules.relaxed(signing_key="another-signing-key-" + "x" * 60))
    answer = kis_caller(sandbox, "paper", demo_app("paper", student="kim")).issue_token()
    assert answer.json()["error_code"] == "EGW00105"
    other = demo_app("paper", student="kim", signing_key="another-signing-key-" + "x" * 60)
    assert kis_caller(sandbox, "paper", other).issue_token().status_code == 200


def test_reset_over_http_restores_only_that_apps_accounts(sandbox, kis_caller):
    kim = kis_caller(sandbox, "paper", demo_app("paper", student="kim"))
    lee = kis_caller(sandbox, "paper", demo_app("paper", student="lee"))
    kim.order("buy", MOBIS, "1")
    lee.order("buy", MOBIS, "1")
    headers = {"appkey": kim.app.appkey, "appsecret": kim.app.appsecret}
    answer = kim.session.post(kim.base_url + "/sandbox/reset", headers=headers, json={}, timeout=5)
    assert body_of(answer)["rt_cd"] == "0"
    assert kim.whole_balance() == {"output1": [], "output2": sandbox.state.data.accounts[EMPTY].output2}
    assert len(lee.whole_balance()["output1"]) == 1
    refused = kim.session.post(
        kim.base_url + "/sandbox/reset", headers={**headers, "appsecret": "x"}, json={}, timeout=5
    )
    assert body_of(refused)["msg_cd"] == "EGW00105"


def test_sandbox_reset_in_python(sandbox, kis_caller):
    paper = kis_caller(sandbox, "paper")
    paper.order("buy", MOBIS, "1")
    sandbox.reset(paper.app.appkey)
    assert paper.whole_balance()["output1"] == []
    assert sandbox.orders(paper.app.appkey) == []
    paper.order("sell", "005930", "1", account=SMALL)
    sandbox.reset()  # every app
    assert row(paper, "005930", SMALL)["hldg_qty"] == "47"


def test_the_orders_route_lists_this_apps_orders(sandbox, kis_caller):
    paper = kis_caller(sandbox, "paper")
    paper.order("buy", MOBIS, "1")
    paper.order("buy", MOBIS, "1", price="290000")
    headers = {"appkey": paper.app.appkey, "appsecret": paper.app.appsecret}
    listed = body_of(paper.session.get(paper.base_url + "/sandbox/orders", headers=headers, timeout=5))["output"]
    assert [(o["ODNO"], o["status"]) for o in listed] == [("0000000001", "체결"), ("0000000002", "미체결")]
