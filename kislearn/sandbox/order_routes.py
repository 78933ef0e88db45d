"""The routes of orders and of what an account can see of them:

- 주식주문(현금) ``POST .../trading/order-cash`` — buy or sell (by tr_id), limit (00) or market (01);
- 주식주문(정정취소) ``POST .../trading/order-rvsecncl`` — change (정정) or cancel (취소) an open order;
- 주식일별주문체결조회 ``GET .../trading/inquire-daily-ccld`` — the orders of some days and their fills, with paging;
- 매수가능조회 ``GET .../trading/inquire-psbl-order`` — the cash a buy may use, and how many shares it buys;
- 매도가능수량조회 ``GET .../trading/inquire-psbl-sell`` — the shares a sale may use (real only: the sheet says
  모의투자 미지원);
- 주식정정취소가능주문조회 ``GET .../trading/inquire-psbl-rvsecncl`` — the open orders (real only, likewise).

Each passes the gateway's checks, then its own; ``order_life.py`` decides what happens to an order, ``ledger.py``
keeps it, ``order_answers.py`` writes the bodies. When orders are taken at all is ``state.order_hours``: on the
``wall`` and ``fast`` clocks only in KIS's hours (``market/order_hours.py``), on ``course`` and ``fixed`` always.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, request

from kislearn import catalog, sbx_codes, spec
from kislearn.sandbox import gateway, order_answers, order_life, responses
from kislearn.sandbox.gateway import check_account, invalid, query
from kislearn.sandbox.market.order_hours import order_window
from kislearn.sandbox.market.ticks import price_limits
from kislearn.sandbox.orders import BRANCH_CODE, CANCEL, check_body_shape, read_order, read_revision
from kislearn.sandbox.responses import Refusal, answer, ok_envelope, pad_ctx
from kislearn.sandbox.samples import DemoApp
from kislearn.sandbox.state import current_state, market_moment

order_routes = Blueprint("kislearn_sandbox_orders", __name__)

REVISE = catalog.find("주식주문(정정취소)")
DAILY_ORDERS = catalog.find("주식일별주문체결조회")
BUYABLE = catalog.find("매수가능조회")
SELLABLE = catalog.find("매도가능수량조회")
REVISABLE = catalog.find("주식정정취소가능주문조회")

# 주식일별주문체결조회: the values each coded query parameter accepts (the sheet's lists; anything else → OPSQ2001)
DAILY_CHOICES = {
    "SLL_BUY_DVSN_CD": ("00", "01", "02"),  # 전체, 매도, 매수
    "CCLD_DVSN": ("00", "01", "02"),  # 전체, 체결, 미체결
    "INQR_DVSN": ("00", "01"),  # 역순, 정순
    "INQR_DVSN_3": ("00", "01", "02", "03", "04", "05", "06", "07"),  # 00 전체, 01 현금, ...: the sandbox has cash only
}
DAILY_OPTIONAL = {"INQR_DVSN_1": ("", "1", "2"), "EXCG_ID_DVSN_CD": ("", "KRX", "NXT", "SOR", "ALL")}
SIDE_FILTER = {"00": ("buy", "sell"), "01": ("sell",), "02": ("buy",)}


# ---------------------------------------------------------------------------------------------------
# Checks shared by the order routes
# ---------------------------------------------------------------------------------------------------
def order_side(flavour: str) -> str:
    """``"buy"`` or ``"sell"``, read from 주식주문(현금)'s tr_id (new or old)."""
    tr_id = gateway.request_tr_id()
    for table in (spec.ORDER_TR_ID, spec.ORDER_OLD_TR_ID):
        for side, known in table[flavour].items():
            if tr_id == known:
                return side
    raise AssertionError("check_tr_id let an unknown order tr_id through")  # pragma: no cover


def check_hashkey(body: dict, demo: DemoApp) -> None:
    """The ``hashkey`` header is optional; when sent, it must be the hash of this very body. # sandbox's choice"""
    sent = request.headers.get("hashkey", "").strip()
    if sent and sent != responses.hashkey_of(body, demo.appsecret):
        raise Refusal.from_spec(sbx_codes.BAD_HASHKEY)


def check_order_hours(flavour: str) -> None:
    """Is an order (or a 정정/취소) taken at this moment? On the ``krx`` hours: paper 40570000 before the session,
    40580000 after it, real APBK0918 outside 08:30–15:30 (users' records, ``market/order_hours``)."""
    state = current_state()
    if state.order_hours == "always":
        return
    window = order_window(market_moment(), flavour, state.market.calendar)
    if not window.accepted:
        raise Refusal(window.msg_cd, window.msg1, 200)


def read_order_body(demo: DemoApp) -> tuple:
    """The JSON body of an order, its form checked (upper-case keys, strings, lengths, hashkey), and the account."""
    body = gateway.json_body()
    check_body_shape(body)
    gateway.check_value_forms(body)
    check_hashkey(body, demo)
    account = check_account(demo, body.get("CANO", ""), body.get("ACNT_PRDT_CD", ""))
    return body, account


def order_answer(entry: tuple, record) -> dict:
    return {
        **ok_envelope(entry),
        "output": {"KRX_FWDG_ORD_ORGNO": BRANCH_CODE, "ODNO": record.odno, "ORD_TMD": record.time},
    }


# ---------------------------------------------------------------------------------------------------
# 주식주문(현금) and 주식주문(정정취소)
# ---------------------------------------------------------------------------------------------------
@order_routes.post(spec.ORDER_PATH)
def order_cash():
    """주식주문(현금): buy or sell (by tr_id), limit (00) or market (01); filled at once or resting (order_life.py)."""
    demo = gateway.check_data_call(spec.ORDER_PATH)
    flavour = demo.flavour
    side = order_side(flavour)
    body, account = read_order_body(demo)
    order = read_order(body, side, flavour)
    check_order_hours(flavour)
    state, now = current_state(), market_moment()

    def decide(account_state, odno):
        return order_life.place(account_state, order, state.exchange, now, flavour, odno)

    record = state.ledger.place(demo.appkey, account.account, now, decide)
    return answer(order_answer(spec.ORDER_OK[flavour][side], record))


@order_routes.post(REVISE.path)
def order_revise():
    """주식주문(정정취소): RVSE_CNCL_DVSN_CD 01 정정 (a new price or division for the open shares, under a new order
    number) or 02 취소; QTY_ALL_ORD_YN Y for the whole open rest, N for ORD_QTY of it."""
    demo = gateway.check_data_call(REVISE.path)
    flavour = demo.flavour
    body, account = read_order_body(demo)
    revision = read_revision(body, flavour)
    check_order_hours(flavour)
    state, now = current_state(), market_moment()

    def decide(account_state, odno):
        return order_life.revise(account_state, revision, state.exchange, now, flavour, odno)

    record = state.ledger.place(demo.appkey, account.account, now, decide)
    action = "cancel" if record.kind == CANCEL else "modify"
    return answer(order_answer(spec.REVISION_OK[flavour][action], record))


# ---------------------------------------------------------------------------------------------------
# 주식일별주문체결조회
# ---------------------------------------------------------------------------------------------------
def read_day(params: dict, name: str) -> date:
    """A YYYYMMDD query value (OPSQ2001 INVALID_CHECK_<name> when it is not a date)."""
    text = params.get(name, "")
    try:
        if len(text) != 8 or not text.isascii() or not text.isdigit():
            raise ValueError(text)
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise invalid(name) from None


def read_choices(params: dict, required: dict, optional: dict) -> dict:
    """The coded values, each one of its accepted values (required ones must be there), else OPSQ2001."""
    values = {}
    for name, accepted in (*required.items(), *optional.items()):
        value = params.get(name)
        if value is None and name in optional:
            value = ""
        if value not in accepted:
            raise invalid(name)
        values[name] = value
    return values


def continuation_start(params: dict, fk100: str, account, rows: int) -> int:
    """The row a ``tr_cont: N`` request continues from (keys as 주식잔고조회's: OPSQ2001 when foreign, SYDB0050
    when the account changed in between)."""
    if request.headers.get("tr_cont", "").strip().upper() != spec.NEXT_PAGE_REQUEST:
        return 0
    same_search = params.get("CTX_AREA_FK100", "").rstrip() == fk100.rstrip()
    key = responses.read_nk100(params.get("CTX_AREA_NK100", ""), account)
    if not same_search or key is None or not 0 < key[0] < rows:
        raise invalid("CTX_AREA_NK100")
    if key[1] != account.snapshot:
        raise Refusal.from_spec(spec.SYDB0050, rt_cd="7")
    return key[0]


def page(items: list, start: int, size: int) -> tuple:
    """``(page_items, next_start or None, tr_cont)``."""
    end = start + size
    more = end < len(items)
    return items[start:end], (end if more else None), responses.page_tr_cont(start == 0, more)


@order_routes.get(DAILY_ORDERS.path)
def inquire_daily_orders():
    """주식일별주문체결조회: the account's orders placed from INQR_STRT_DT to INQR_END_DT (filtered by side, symbol,
    order number, 체결/미체결), newest first (INQR_DVSN 00) or oldest first (01); 100 a page on real, 15 on paper;
    output2 sums every matching order."""
    demo = gateway.check_data_call(DAILY_ORDERS.path)
    params = query()
    account = check_account(demo, params.get("CANO", ""), params.get("ACNT_PRDT_CD", ""))
    first, last = read_day(params, "INQR_STRT_DT"), read_day(params, "INQR_END_DT")
    codes = read_choices(params, DAILY_CHOICES, DAILY_OPTIONAL)
    if demo.flavour == "paper" and codes["EXCG_ID_DVSN_CD"] not in ("", "KRX"):
        raise invalid("EXCG_ID_DVSN_CD")  # the sheet: 모의투자는 KRX만 제공
    symbol, odno = params.get("PDNO", "").strip(), params.get("ODNO", "").strip()
    state = current_state()
    records = state.ledger.orders(demo.appkey, account.account, market_moment())
    sides = SIDE_FILTER[codes["SLL_BUY_DVSN_CD"]]
    wanted = [
        record
        for record in records
        if first <= record.day <= last
        and record.order.side in sides
        and (not symbol or record.order.symbol == symbol)
        and (not odno or (odno.isdigit() and int(odno) == int(record.odno)))
        and _matches_fill_filter(record, codes["CCLD_DVSN"])
    ]
    if codes["INQR_DVSN"] == "00":
        wanted.reverse()  # 역순: the newest order first
    fk100 = pad_ctx(
        f"{account.cano}^{account.product_code}^{first:%Y%m%d}^{last:%Y%m%d}^{symbol or ' '}^"
        f"{codes['SLL_BUY_DVSN_CD']}^{codes['CCLD_DVSN']}^"
    )
    start = continuation_start(params, fk100, account, len(wanted))
    shown, following, tr_cont = page(wanted, start, spec.DAILY_ORDER_ROWS_PER_PAGE[demo.flavour])
    body = {
        "ctx_area_fk100": fk100,
        "ctx_area_nk100": responses.balance_nk100(account, following),
        "output1": [order_answers.daily_order_row(r, state.exchange.name(r.order.symbol)) for r in shown],
        "output2": order_answers.daily_totals(wanted),
        **ok_envelope(spec.INQUIRY_OK[demo.flavour]),
    }
    return answer(body, tr_cont=tr_cont)


def _matches_fill_filter(record, ccld_dvsn: str) -> bool:
    """CCLD_DVSN 00 every order, 01 those with fills (체결), 02 those with shares still unfilled (미체결)."""
    if ccld_dvsn == "01":
        return record.filled_quantity > 0
    if ccld_dvsn == "02":
        return record.open_quantity > 0
    return True


# ---------------------------------------------------------------------------------------------------
# 매수가능조회 and 매도가능수량조회
# ---------------------------------------------------------------------------------------------------
@order_routes.get(BUYABLE.path)
def inquire_buyable():
    """매수가능조회: 주문가능현금 (D+2 cash minus what open buys hold back) and, for a symbol, how many shares it buys:
    a limit order (00) costed at ORD_UNPR, a market order (01) at the day's upper limit (상한가) as the order check
    costs it, so the quantity is exactly what 주식주문(현금) accepts. PDNO and ORD_UNPR blank: the cash only.
    ORD_DVSN codes the sandbox does not trade are costed like a limit order. # sandbox's choice
    CMA_EVLU_AMT_ICLD_YN and OVRS_ICLD_YN are not checked (mojito2 0.1.6 sends "1"; the sandbox has no CMA or
    foreign cash)."""
    demo = gateway.check_data_call(BUYABLE.path)
    params = query()
    account = check_account(demo, params.get("CANO", ""), params.get("ACNT_PRDT_CD", ""))
    division = params.get("ORD_DVSN", "")
    if division not in spec.ORDER_DIVISIONS:
        raise invalid("ORD_DVSN")
    state, now = current_state(), market_moment()
    cash = state.ledger.state(demo.appkey, account.account, now).orderable_cash()
    symbol, price_text = params.get("PDNO", "").strip(), params.get("ORD_UNPR", "").strip()
    unit_price = quantity = 0
    if symbol:
        if symbol not in state.market:
            raise Refusal.from_spec(sbx_codes.UNKNOWN_SYMBOL_QUOTE, symbol=symbol)
        snap = state.market.snapshot(symbol, now)
        if division == spec.MARKET_ORDER:
            unit_price = price_limits(snap.bar.base)[0]
        elif price_text in ("", "0"):
            unit_price = snap.price  # no price given: the current one # sandbox's choice
        elif price_text.isascii() and price_text.isdigit():
            unit_price = int(price_text)
        else:
            raise invalid("ORD_UNPR")
        quantity = affordable(cash, unit_price, state.exchange.costs)
    body = {"output": order_answers.buyable_output(max(cash, 0), unit_price, quantity)}
    return answer({**body, **ok_envelope(spec.INQUIRY_OK[demo.flavour])})


def affordable(cash: int, price: int, costs) -> int:
    """The most shares at ``price`` whose amount and fee fit in ``cash``."""
    if price <= 0 or cash <= 0:
        return 0
    quantity = cash // price
    while quantity and price * quantity + costs.buy_fee(price * quantity) > cash:
        quantity -= 1
    return quantity


@order_routes.get(SELLABLE.path)
def inquire_sellable():
    """매도가능수량조회 (real only): the holding of PDNO as the balance shows it at this moment, with
    ord_psbl_qty (what a sale may use); zeros for a sample symbol the account does not hold."""
    demo = gateway.check_data_call(SELLABLE.path)
    params = query()
    account = check_account(demo, params.get("CANO", ""), params.get("ACNT_PRDT_CD", ""))
    symbol = params.get("PDNO", "").strip()
    row = next((r for r in account.output1 if r["pdno"] == symbol), None)
    state = current_state()
    if row is None and symbol not in state.market:
        raise Refusal.from_spec(sbx_codes.UNKNOWN_SYMBOL_QUOTE, symbol=symbol)
    output = order_answers.sellable_output(row, symbol, state.exchange.name(symbol))
    # "output", as the sheet's example and the official sample (examples_user: getBody().output) read it; the
    # sheet's layout calls the section output1
    return answer({"output": output, **ok_envelope(spec.SELLABLE_OK)})


# ---------------------------------------------------------------------------------------------------
# 주식정정취소가능주문조회
# ---------------------------------------------------------------------------------------------------
@order_routes.get(REVISABLE.path)
def inquire_revisable():
    """주식정정취소가능주문조회 (real only): the open orders with psbl_qty (정정취소가능수량), 50 a page; INQR_DVSN_1
    0 by order (newest first, as the sheet's example lists them) or 1 by symbol; INQR_DVSN_2 0 all, 1 sells, 2 buys."""
    demo = gateway.check_data_call(REVISABLE.path)
    params = query()
    account = check_account(demo, params.get("CANO", ""), params.get("ACNT_PRDT_CD", ""))
    codes = read_choices(params, {"INQR_DVSN_1": ("0", "1"), "INQR_DVSN_2": ("0", "1", "2")}, {})
    sides = {"0": ("buy", "sell"), "1": ("sell",), "2": ("buy",)}[codes["INQR_DVSN_2"]]
    state = current_state()
    records = state.ledger.orders(demo.appkey, account.account, market_moment())
    open_orders = [r for r in reversed(records) if r.open_quantity and r.order.side in sides]
    if codes["INQR_DVSN_1"] == "1":
        open_orders.sort(key=lambda r: r.order.symbol)  # stable: newest first within a symbol
    fk100 = pad_ctx(f"{account.cano}^{account.product_code}^")
    start = continuation_start(params, fk100, account, len(open_orders))
    shown, following, tr_cont = page(open_orders, start, spec.REVISABLE_ROWS_PER_PAGE)
    body = {
        "ctx_area_fk100": fk100,
        "ctx_area_nk100": responses.balance_nk100(account, following),
        "output": [order_answers.revisable_row(r, state.exchange.name(r.order.symbol)) for r in shown],
        **ok_envelope(spec.INQUIRY_OK[demo.flavour]),
    }
    return answer(body, tr_cont=tr_cont)
