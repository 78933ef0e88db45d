"""The living market through HTTP, on manual (fixed) clocks: the acceptance list of issue 15.

A limit buy under the price rests and fills once the clock passes the path's low (in 주식일별주문체결조회 and the
balance); 정정취소 frees a resting order's cash; 매수가능조회 agrees with the cash; two trading days move D+2 cash
into D+0; a KOSDAQ sale pays 0.20% and no 농특세; the charts agree with each other and with the quote. Also: orders
outside KIS's hours, 정정 under a new order number, partial fills, day orders lapsing, paging while prices move,
the order listeners, the real-only inquiries, and every balance on the way passing check_balance.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from kislearn import spec
from kislearn.consistency import check_balance, check_price
from kislearn.sandbox import SandboxRules
from kislearn.sandbox.costs import TradingCosts
from kislearn.sandbox.market.ticks import price_limits

KST = spec.KST
EMPTY, SMALL, LARGE = "50010001-01", "50010002-01", "50010003-01"
MONDAY = datetime(2026, 11, 23, 9, 30, tzinfo=KST)  # 2026-11-20 was a Friday: the sample day


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=KST)


@pytest.fixture
def monday(start_sandbox):
    """A sandbox on a fixed clock at 09:30 of the Monday after the sample day."""
    return start_sandbox(clock="fixed@2026-11-23T09:30")


def ok(answer) -> dict:
    body = answer.json()
    assert answer.status_code == 200 and body["rt_cd"] == "0", body
    return body


def daily_orders(caller, account: str, day: str = "20261123", **params) -> dict:
    query = {
        "INQR_STRT_DT": day,
        "INQR_END_DT": day,
        "SLL_BUY_DVSN_CD": "00",
        "INQR_DVSN": "01",
        "PDNO": "",
        "CCLD_DVSN": "00",
        "ORD_GNO_BRNO": "",
        "ODNO": "",
        "INQR_DVSN_3": "00",
        "INQR_DVSN_1": "",
        "EXCG_ID_DVSN_CD": "KRX",
        "CTX_AREA_FK100": "",
        "CTX_AREA_NK100": "",
        **params,
    }
    return ok(caller.call("주식일별주문체결조회", account=account, **query))


def buyable(caller, account: str, symbol: str = "", price: str = "", division: str = "00") -> dict:
    query = {"PDNO": symbol, "ORD_UNPR": price, "ORD_DVSN": division, "CMA_EVLU_AMT_ICLD_YN": "N", "OVRS_ICLD_YN": "N"}
    return ok(caller.call("매수가능조회", account=account, **query))["output"]


def revise(caller, account: str, odno: str, action: str, *, quantity="0", price="0", division="00", all_="Y"):
    body = {
        "KRX_FWDG_ORD_ORGNO": "06010",
        "ORGN_ODNO": odno,
        "ORD_DVSN": division,
        "RVSE_CNCL_DVSN_CD": {"modify": "01", "cancel": "02"}[action],
        "ORD_QTY": quantity,
        "ORD_UNPR": price,
        "QTY_ALL_ORD_YN": all_,
    }
    return caller.call("주식주문(정정취소)", account=account, **body)


def consistent(caller, account: str) -> dict:
    balance = caller.whole_balance(account)
    assert check_balance(balance["output1"], balance["output2"]) == []
    return balance


# ---------------------------------------------------------------------------------------------------
# The acceptance list
# ---------------------------------------------------------------------------------------------------
def test_a_limit_buy_under_the_price_rests_then_fills_when_the_path_reaches_it(monday, kis_caller):
    caller = kis_caller(monday, "paper")
    market = monday.state.market
    quote = ok(caller.price("012330"))["output"]
    day_low = market.daily_bar("012330", date(2026, 11, 23)).low
    assert day_low < int(quote["stck_prpr"])  # the path goes lower later today
    odno = ok(caller.order("buy", "012330", "3", str(day_low), account=EMPTY))["output"]["ODNO"]
    row = daily_orders(caller, EMPTY)["output1"][0]
    assert (row["odno"], row["tot_ccld_qty"], row["rmn_qty"]) == (odno, "0", "3")
    assert consistent(caller, EMPTY)["output1"] == []  # nothing bought yet

    monday.clock.set(at("2026-11-23T15:30"))  # past the day's low
    row = daily_orders(caller, EMPTY)["output1"][0]
    assert (row["tot_ccld_qty"], row["rmn_qty"], row["avg_prvs"]) == ("3", "0", str(day_low))
    assert row["tot_ccld_amt"] == str(3 * day_low)
    holding = consistent(caller, EMPTY)["output1"][0]
    assert (holding["pdno"], holding["hldg_qty"], holding["thdt_buyqty"]) == ("012330", "3", "3")
    assert holding["pchs_amt"] == str(3 * day_low)
    trades = market.trades("012330", MONDAY, at("2026-11-23T15:30"))
    first_at_the_low = next(trade for trade in trades if trade.price <= day_low)
    assert row["ord_tmd"] == "093000"
    assert first_at_the_low.time > MONDAY  # it filled later, when the path got there


def test_a_resting_order_cancelled_frees_its_cash(monday, kis_caller):
    caller = kis_caller(monday, "paper")
    cash_before = int(buyable(caller, EMPTY)["ord_psbl_cash"])
    price = int(ok(caller.price("012330"))["output"]["stck_llam"])  # the lower limit: it will not fill today
    odno = ok(caller.order("buy", "012330", "2", str(price), account=EMPTY))["output"]["ODNO"]
    held_back = 2 * price + TradingCosts().buy_fee(2 * price)
    assert int(buyable(caller, EMPTY)["ord_psbl_cash"]) == cash_before - held_back
    answer = ok(revise(caller, EMPTY, odno, "cancel"))
    assert (answer["msg_cd"], answer["msg1"].strip()) == ("40630000", "모의투자 취소주문이 완료 되었습니다.")
    assert answer["output"]["ODNO"] != odno
    assert int(buyable(caller, EMPTY)["ord_psbl_cash"]) == cash_before
    rows = {row["odno"]: row for row in daily_orders(caller, EMPTY)["output1"]}
    assert (rows[odno]["cncl_yn"], rows[odno]["cnc_cfrm_qty"], rows[odno]["rmn_qty"]) == ("Y", "2", "0")
    cancel = rows[answer["output"]["ODNO"]]
    assert (cancel["orgn_odno"], cancel["sll_buy_dvsn_cd_name"]) == (odno, "매수취소*")
    again = revise(caller, EMPTY, odno, "cancel").json()  # nothing left to cancel (users' records: 40330000)
    assert (again["rt_cd"], again["msg_cd"]) == ("1", "40330000")


def test_the_buyable_cash_and_quantity_agree_with_the_balance_and_the_order_check(monday, kis_caller):
    caller = kis_caller(monday, "paper")
    summary = consistent(caller, SMALL)["output2"][0]
    everything = buyable(caller, SMALL)
    assert everything["ord_psbl_cash"] == summary["prvs_rcdl_excc_amt"]  # no open orders: all the D+2 cash
    assert everything["nrcvb_buy_qty"] == "0" and everything["psbl_qty_calc_unpr"] == "0"
    market = buyable(caller, SMALL, "012330", "", "01")
    upper = int(ok(caller.price("012330"))["output"]["stck_mxpr"])
    most = int(market["nrcvb_buy_qty"])
    assert market["psbl_qty_calc_unpr"] == str(upper) and market["max_buy_qty"] == str(most)  # no credit
    assert market["nrcvb_buy_amt"] == str(most * upper)
    refused = caller.order("buy", "012330", str(most + 1), account=SMALL).json()
    assert (refused["rt_cd"], refused["msg_cd"]) == ("1", "40250000")
    ok(caller.order("buy", "012330", str(most), account=SMALL))
    after = consistent(caller, SMALL)["output2"][0]
    assert buyable(caller, SMALL)["ord_psbl_cash"] == after["prvs_rcdl_excc_amt"]


def test_two_trading_days_move_the_d2_cash_into_d0(start_sandbox, kis_caller):
    sandbox = start_sandbox(clock="fixed@2026-11-20T10:00")  # a Friday: settlement skips the weekend
    caller = kis_caller(sandbox, "paper")
    ok(caller.order("buy", "012330", "1", account=EMPTY))
    cash = {name: [] for name in ("dnca_tot_amt", "nxdy_excc_amt", "prvs_rcdl_excc_amt")}
    for moment in ("2026-11-20T15:00", "2026-11-21T12:00", "2026-11-23T10:00", "2026-11-24T10:00"):
        sandbox.clock.set(at(moment))
        summary = consistent(caller, EMPTY)["output2"][0]
        for name in cash:
            cash[name].append(int(summary[name]))
    spent = 10_000_000 - cash["prvs_rcdl_excc_amt"][0]
    assert cash["dnca_tot_amt"] == [10_000_000, 10_000_000, 10_000_000, 10_000_000 - spent]  # D+0 on Tuesday
    assert cash["nxdy_excc_amt"] == [10_000_000, 10_000_000, 10_000_000 - spent, 10_000_000 - spent]  # D+1 Monday
    assert cash["prvs_rcdl_excc_amt"] == [10_000_000 - spent] * 4
    summary = consistent(caller, EMPTY)["output2"][0]
    assert summary["bfdy_buy_amt"] == "0" and summary["thdt_buy_amt"] == "0"  # two days on: settled


def test_a_kosdaq_sale_pays_020_percent_and_no_rural_tax(start_sandbox, kis_caller):
    sandbox = start_sandbox(clock="fixed@2026-11-23T10:00")
    caller = kis_caller(sandbox, "paper")
    price = int(ok(caller.price("035900"))["output"]["stck_prpr"])  # JYP Ent., KOSDAQ, held 67 in the large account
    ok(caller.order("sell", "035900", "10", account=LARGE))
    summary = consistent(caller, LARGE)["output2"][0]
    amount = 10 * price
    costs = TradingCosts()
    sale = costs.sale_costs(amount, "KOSDAQ")
    assert sale.rural_tax == 0 and sale.securities_tax == amount * 20 // 10_000
    assert summary["thdt_sll_amt"] == str(amount)
    assert summary["thdt_tlex_amt"] == str(sale.fee + sale.securities_tax)


def test_daily_bars_are_consistent_with_each_other_and_the_quote(start_sandbox, kis_caller):
    sandbox = start_sandbox(clock="fixed@2026-11-25T11:11:11")
    caller = kis_caller(sandbox, "paper")
    quote = ok(caller.price("005930"))["output"]
    assert check_price(quote, "005930") == []

    def chart(period: str, start: str = "20260101", end: str = "20261231") -> list:
        query = {
            "FID_COND_MRKT_DIV_CODE": "J",
            "FID_INPUT_ISCD": "005930",
            "FID_INPUT_DATE_1": start,
            "FID_INPUT_DATE_2": end,
            "FID_PERIOD_DIV_CODE": period,
            "FID_ORG_ADJ_PRC": "0",
        }
        return ok(caller.call("국내주식기간별시세(일_주_월_년)", **query))["output2"]

    days = chart("D", "20261001")
    for bar in days:
        low, high = int(bar["stck_lwpr"]), int(bar["stck_hgpr"])
        assert low <= int(bar["stck_oprc"]) <= high and low <= int(bar["stck_clpr"]) <= high
    today, yesterday = days[0], days[1]
    assert today["stck_bsop_date"] == "20261125"
    assert (today["stck_clpr"], today["stck_oprc"], today["stck_hgpr"], today["stck_lwpr"], today["acml_vol"]) == (
        quote["stck_prpr"],
        quote["stck_oprc"],
        quote["stck_hgpr"],
        quote["stck_lwpr"],
        quote["acml_vol"],
    )
    assert yesterday["stck_clpr"] == quote["stck_sdpr"]  # the last close is the quote's previous close
    week = chart("W", "20261116", "20261120")[0]  # Mon 16 – Fri 20 November
    of_the_week = [bar for bar in days if "20261116" <= bar["stck_bsop_date"] <= "20261120"]
    assert week["stck_bsop_date"] == "20261120"
    assert week["stck_oprc"] == of_the_week[-1]["stck_oprc"] and week["stck_clpr"] == of_the_week[0]["stck_clpr"]
    assert int(week["stck_hgpr"]) == max(int(bar["stck_hgpr"]) for bar in of_the_week)
    assert int(week["stck_lwpr"]) == min(int(bar["stck_lwpr"]) for bar in of_the_week)
    assert int(week["acml_vol"]) == sum(int(bar["acml_vol"]) for bar in of_the_week)
    recent = ok(
        caller.call(
            "주식현재가 일자별",
            FID_COND_MRKT_DIV_CODE="J",
            FID_INPUT_ISCD="005930",
            FID_PERIOD_DIV_CODE="D",
            FID_ORG_ADJ_PRC="0",
        )
    )["output"]
    assert len(recent) == 30 and recent[0]["stck_clpr"] == quote["stck_prpr"]
    assert [r["stck_clpr"] for r in recent[:10]] == [d["stck_clpr"] for d in days[:10]]
    minutes = ok(
        caller.call(
            "주식당일분봉조회",
            FID_ETC_CLS_CODE="",
            FID_COND_MRKT_DIV_CODE="J",
            FID_INPUT_ISCD="005930",
            FID_INPUT_HOUR_1="111111",
            FID_PW_DATA_INCU_YN="Y",
        )
    )
    assert minutes["output2"][0]["stck_prpr"] == quote["stck_prpr"] and len(minutes["output2"]) == 30
    assert minutes["output1"]["stck_prpr"] == quote["stck_prpr"]


# ---------------------------------------------------------------------------------------------------
# Orders with a life
# ---------------------------------------------------------------------------------------------------
def test_a_modify_moves_the_open_shares_to_a_new_order(monday, kis_caller):
    caller = kis_caller(monday, "paper")
    lower = int(ok(caller.price("012330"))["output"]["stck_llam"])
    odno = ok(caller.order("buy", "012330", "4", str(lower), account=EMPTY))["output"]["ODNO"]
    answer = ok(revise(caller, EMPTY, odno, "modify", quantity="3", price=str(lower + 500), all_="N"))
    assert (answer["msg_cd"], answer["msg1"].strip()) == ("40620000", "모의투자 정정주문이 완료 되었습니다.")
    new = answer["output"]["ODNO"]
    rows = {row["odno"]: row for row in daily_orders(caller, EMPTY)["output1"]}
    assert rows[odno]["rmn_qty"] == "1" and rows[new]["rmn_qty"] == "3"
    assert (rows[new]["orgn_odno"], rows[new]["ord_unpr"], rows[new]["sll_buy_dvsn_cd_name"]) == (
        odno,
        str(lower + 500),
        "매수정정*",
    )
    too_many = revise(caller, EMPTY, new, "cancel", quantity="4", all_="N").json()
    assert (too_many["rt_cd"], too_many["msg_cd"]) == ("1", "SBX00037")
    ok(revise(caller, EMPTY, odno, "cancel"))  # the original's last share
    assert revise(caller, EMPTY, odno, "modify", price=str(lower)).json()["msg_cd"] == "40330000"
    fills_at_once = ok(revise(caller, EMPTY, new, "modify", division="01"))  # 정정 to a market order: fills now
    row = {r["odno"]: r for r in daily_orders(caller, EMPTY)["output1"]}[fills_at_once["output"]["ODNO"]]
    assert (row["ord_dvsn_name"], row["tot_ccld_qty"]) == ("시장가", "3")
    consistent(caller, EMPTY)


def test_a_limit_order_fills_in_parts_as_trades_reach_it(monday, kis_caller):
    """Each trade at or through the limit fills the order up to the trade's own quantity, at the limit."""
    caller = kis_caller(monday, "paper")
    path = monday.state.market.day_path("039030", date(2026, 11, 23))  # a small stock: ~12 shares a trade
    begin, wanted = path.count_at(MONDAY), 40

    def reaching(limit: int) -> list:
        return [i for i in range(begin, len(path)) if path.prices[i] <= limit]

    # the lowest limit that later trades reach, whose first such trade is smaller than the order
    limit = next(
        price
        for price in sorted(set(path.prices[begin:]))
        if reaching(price) and path.quantities[reaching(price)[0]] < wanted
    )
    first = path.time_of(reaching(limit)[0])

    def expected(moment: datetime) -> int:
        left = wanted
        for i in reaching(limit):
            if path.time_of(i) <= moment:
                left -= min(left, path.quantities[i])
        return wanted - left

    assert ok(caller.order("buy", "039030", str(wanted), str(limit), account=EMPTY))
    checkpoints = [MONDAY + timedelta(minutes=10), first, at("2026-11-23T15:30")]
    seen = []
    for moment in checkpoints:
        monday.clock.set(moment)
        row = daily_orders(caller, EMPTY)["output1"][0]
        seen.append(int(row["tot_ccld_qty"]))
        assert int(row["rmn_qty"]) == wanted - seen[-1]
        assert row["tot_ccld_amt"] == str(seen[-1] * limit)  # every part at the limit price
        consistent(caller, EMPTY)
    assert seen == [expected(moment) for moment in checkpoints]
    assert 0 < seen[1] < wanted  # partly filled by the first trade that reached it


def test_an_unfilled_day_order_lapses_and_frees_its_shares(monday, kis_caller):
    caller = kis_caller(monday, "paper")
    upper = int(ok(caller.price("005930"))["output"]["stck_mxpr"])
    ok(caller.order("sell", "005930", "40", str(upper), account=SMALL))  # 상한가: not reached today
    row = next(r for r in consistent(caller, SMALL)["output1"] if r["pdno"] == "005930")
    assert (row["hldg_qty"], row["ord_psbl_qty"]) == ("47", "7")
    monday.clock.set(at("2026-11-24T09:30"))
    row = next(r for r in consistent(caller, SMALL)["output1"] if r["pdno"] == "005930")
    assert (row["hldg_qty"], row["ord_psbl_qty"]) == ("47", "47")
    history = daily_orders(caller, SMALL, "20261123")["output1"][0]
    assert history["tot_ccld_qty"] == "0"
    assert revise(caller, SMALL, history["odno"], "cancel").json()["msg_cd"] == "40330000"  # nothing left


def test_orders_outside_krx_hours_are_refused_as_kis_answers(start_sandbox, kis_caller):
    sandbox = start_sandbox(rules=SandboxRules.relaxed(order_hours="krx"), clock="fixed@2026-11-23T08:00")
    paper, real = kis_caller(sandbox, "paper"), kis_caller(sandbox, "real")
    assert paper.order("buy", account=EMPTY).json()["msg_cd"] == "40570000"  # 장시작전
    assert real.order("buy", account=EMPTY).json()["msg_cd"] == "APBK0918"
    sandbox.clock.set(at("2026-11-23T08:45"))  # the opening auction: real takes orders, they wait for 09:00
    odno = ok(real.order("buy", account=EMPTY))["output"]["ODNO"]
    assert daily_orders(real, EMPTY)["output1"][0]["tot_ccld_qty"] == "0"
    sandbox.clock.set(at("2026-11-23T09:00:01"))
    row = daily_orders(real, EMPTY)["output1"][0]
    opening = sandbox.state.market.daily_bar("012330", date(2026, 11, 23)).open
    assert (row["odno"], row["tot_ccld_qty"], row["avg_prvs"]) == (odno, "1", str(opening))  # the single price
    sandbox.clock.set(at("2026-11-23T21:50"))
    answer = paper.order("buy", account=EMPTY).json()
    assert (answer["msg_cd"], answer["msg1"].strip()) == ("40580000", "모의투자 장종료 입니다.")


def test_course_and_fixed_clocks_take_orders_at_any_hour(start_sandbox, kis_caller):
    sandbox = start_sandbox(clock="fixed@2026-11-21T22:00")  # a Saturday night
    caller = kis_caller(sandbox, "paper")
    quote = ok(caller.price("012330"))["output"]
    assert ok(caller.order("buy", account=EMPTY))["msg_cd"] == "40600000"
    row = consistent(caller, EMPTY)["output1"][0]
    assert row["prpr"] == quote["stck_prpr"]  # the photograph: the last price (Friday's close)


def test_the_listeners_hear_fills_that_happen_later(monday, kis_caller):
    """The order listeners (the real-time server's 체결통보 is one) get an OrderEvent for each acceptance and each
    fill — also for a resting order's fills when the path reaches it, and for 정정/취소 orders."""
    caller = kis_caller(monday, "paper")
    heard = []
    monday.state.order_listeners.append(heard.append)
    day_low = monday.state.market.daily_bar("012330", date(2026, 11, 23)).low
    odno = ok(caller.order("buy", "012330", "2", str(day_low), account=EMPTY))["output"]["ODNO"]
    assert [(event.kind, event.odno, event.quantity, event.price) for event in heard] == [
        ("accepted", odno, 2, day_low)
    ]
    monday.clock.set(at("2026-11-23T15:30"))
    caller.price("005930")  # any request: the resting orders are matched first
    fills = [event for event in heard if event.kind == "filled"]
    assert fills and all(event.odno == odno and event.account == EMPTY for event in fills)
    assert sum(event.fill_quantity for event in fills) == 2 and {event.fill_price for event in fills} == {day_low}
    assert all(event.time > "093000" for event in fills)  # when the path got there, not when it was ordered
    lower = int(ok(caller.price("012330"))["output"]["stck_llam"])
    resting = ok(caller.order("buy", "012330", "1", str(lower), account=EMPTY))["output"]["ODNO"]
    cancel = ok(revise(caller, EMPTY, resting, "cancel"))["output"]["ODNO"]
    assert (heard[-1].kind, heard[-1].odno, heard[-1].original, heard[-1].revision) == (
        "accepted",
        cancel,
        resting,
        "2",
    )


# ---------------------------------------------------------------------------------------------------
# The inquiries, each flavour as its sheet says
# ---------------------------------------------------------------------------------------------------
def test_the_real_only_inquiries(monday, kis_caller):
    paper, real = kis_caller(monday, "paper"), kis_caller(monday, "real")
    for api, query in (
        (
            "주식정정취소가능주문조회",
            {"CTX_AREA_FK100": "", "CTX_AREA_NK100": "", "INQR_DVSN_1": "0", "INQR_DVSN_2": "0"},
        ),
        ("매도가능수량조회", {"PDNO": "005930"}),
    ):
        refused = paper.call(api, account=SMALL, **query).json()
        assert (refused["rt_cd"], refused["msg_cd"]) == ("1", "90000000")  # the sheet: 모의투자 미지원
    upper = int(ok(real.price("005930"))["output"]["stck_mxpr"])
    odno = ok(real.order("sell", "005930", "5", str(upper), account=SMALL))["output"]["ODNO"]
    sellable = ok(real.call("매도가능수량조회", account=SMALL, PDNO="005930"))["output"]
    assert (sellable["cblc_qty"], sellable["ord_psbl_qty"]) == ("47", "42")
    revisable = ok(
        real.call(
            "주식정정취소가능주문조회",
            account=SMALL,
            CTX_AREA_FK100="",
            CTX_AREA_NK100="",
            INQR_DVSN_1="0",
            INQR_DVSN_2="0",
        )
    )["output"]
    assert [(r["odno"], r["psbl_qty"], r["sll_buy_dvsn_cd"]) for r in revisable] == [(odno, "5", "01")]
    answer = ok(revise(real, SMALL, odno, "cancel"))
    assert answer["msg_cd"] == "APBK0013"


def test_daily_orders_page_by_15_on_paper(monday, kis_caller):
    caller = kis_caller(monday, "paper")
    lower = int(ok(caller.price("012330"))["output"]["stck_llam"])
    for _ in range(17):
        ok(caller.order("buy", "012330", "1", str(lower), account=EMPTY))
    first = caller.call(
        "주식일별주문체결조회",
        account=EMPTY,
        **{
            "INQR_STRT_DT": "20261123",
            "INQR_END_DT": "20261123",
            "SLL_BUY_DVSN_CD": "00",
            "INQR_DVSN": "00",
            "CCLD_DVSN": "00",
            "INQR_DVSN_3": "00",
            "CTX_AREA_FK100": "",
            "CTX_AREA_NK100": "",
        },
    )
    body = ok(first)
    assert first.headers["tr_cont"] == "M" and len(body["output1"]) == 15
    assert body["output1"][0]["odno"] > body["output1"][1]["odno"]  # 역순: newest first
    assert body["output2"]["tot_ord_qty"] == "17"
    second = caller.call(
        "주식일별주문체결조회",
        account=EMPTY,
        tr_cont="N",
        **{
            "INQR_STRT_DT": "20261123",
            "INQR_END_DT": "20261123",
            "SLL_BUY_DVSN_CD": "00",
            "INQR_DVSN": "00",
            "CCLD_DVSN": "00",
            "INQR_DVSN_3": "00",
            "CTX_AREA_FK100": body["ctx_area_fk100"],
            "CTX_AREA_NK100": body["ctx_area_nk100"],
        },
    )
    assert second.headers["tr_cont"] == "E" and len(ok(second)["output1"]) == 2


def test_balance_pages_of_one_read_are_valued_at_page_ones_moment(start_sandbox, kis_caller):
    sandbox = start_sandbox(clock="fixed@2026-11-23T10:00")
    caller = kis_caller(sandbox, "paper")
    pages = [caller.balance(LARGE)]
    sandbox.clock.advance(minutes=30)  # prices move between the pages
    while pages[-1].headers["tr_cont"] in spec.MORE_PAGES:
        body = pages[-1].json()
        pages.append(
            caller.balance(
                LARGE, tr_cont="N", CTX_AREA_FK100=body["ctx_area_fk100"], CTX_AREA_NK100=body["ctx_area_nk100"]
            )
        )
    rows = [row for page in pages for row in page.json()["output1"]]
    assert len(rows) == 55 and check_balance(rows, pages[0].json()["output2"]) == []
    assert all(page.json()["output2"] == pages[0].json()["output2"] for page in pages)
    later = caller.whole_balance(LARGE)
    assert later["output2"] != pages[0].json()["output2"]  # a new read sees the new prices


def test_every_sample_balance_passes_the_rules_at_many_moments(start_sandbox, kis_caller):
    sandbox = start_sandbox(clock="fixed@2026-11-20T08:00")
    caller = kis_caller(sandbox, "real")
    for moment in (
        "2026-11-20T09:00",
        "2026-11-20T12:34:56",
        "2026-11-20T15:25",
        "2026-11-22T12:00",
        "2026-12-01T14:00",
    ):
        sandbox.clock.set(at(moment))
        for account in (SMALL, LARGE):
            consistent(caller, account)


def test_the_price_moves_within_the_days_limits(monday, kis_caller):
    caller = kis_caller(monday, "paper")
    before = ok(caller.price("005930"))["output"]
    monday.clock.advance(hours=3)
    after = ok(caller.price("005930"))["output"]
    assert before["stck_prpr"] != after["stck_prpr"] or before["acml_vol"] != after["acml_vol"]
    upper, lower = price_limits(int(after["stck_sdpr"]))
    assert lower <= int(after["stck_prpr"]) <= upper
    assert int(after["acml_vol"]) > int(before["acml_vol"])


def test_daily_minute_bars_are_real_only_and_agree_with_todays(start_sandbox, kis_caller):
    sandbox = start_sandbox(clock="fixed@2026-11-24T10:05:30")
    paper, real = kis_caller(sandbox, "paper"), kis_caller(sandbox, "real")
    query = {
        "FID_COND_MRKT_DIV_CODE": "J",
        "FID_INPUT_ISCD": "000660",
        "FID_INPUT_HOUR_1": "100500",
        "FID_INPUT_DATE_1": "20261124",
        "FID_PW_DATA_INCU_YN": "Y",
        "FID_FAKE_TICK_INCU_YN": "",
    }
    assert paper.call("주식일별분봉조회", **query).json()["msg_cd"] == "90000000"  # the sheet: 모의투자 미지원
    rows = ok(real.call("주식일별분봉조회", **query))["output2"]
    assert len(rows) == 120 and rows[0]["stck_cntg_hour"] == "100500" and rows[0]["stck_bsop_date"] == "20261124"
    assert rows[-1]["stck_bsop_date"] == "20261123"  # FID_PW_DATA_INCU_YN Y: on into the day before
    today = ok(
        real.call(
            "주식당일분봉조회",
            FID_ETC_CLS_CODE="",
            FID_COND_MRKT_DIV_CODE="J",
            FID_INPUT_ISCD="000660",
            FID_INPUT_HOUR_1="100500",
            FID_PW_DATA_INCU_YN="Y",
        )
    )["output2"]
    assert today == rows[:30]
    quote = ok(real.price("000660"))["output"]
    assert rows[0]["stck_prpr"] == quote["stck_prpr"]
