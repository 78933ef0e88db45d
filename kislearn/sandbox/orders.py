"""주식주문(현금) in the sandbox: checking an order, and what a fill does to the balance.

Pure functions on an :class:`AccountState` (one account's output1 rows, output2 summary and order list):
nothing here talks HTTP or keeps state; ``ledger.py`` keeps each app's accounts and ``app.py`` answers.

The fill model (the sandbox's choice; KIS's matching engine is far richer):

- **Prices never move.** Each symbol's price is its sample price (``prices/<symbol>.json``).
- **Market order (ORD_DVSN 01)** fills at once, all of it, at the current price ``stck_prpr``.
- **Limit order (ORD_DVSN 00)** fills at once at the current price when it is *marketable* (a buy at or
  above the current price, a sell at or below it). Otherwise it *rests*: it is accepted (you get an ODNO)
  but not filled, and because prices never move it never fills. A resting sell lowers ``ord_psbl_qty``; a
  resting buy reserves ``price × quantity + fee`` so the next buy cannot spend the same money. The balance
  shows nothing else of a resting order (KIS's balance has no "reserved cash" field), and there is no
  order cancel and no 주식일별주문체결조회 (daily order inquiry) in the sandbox yet.
- **Cash for a buy** is the D+2 cash ``prvs_rcdl_excc_amt`` minus what resting buys reserve. A market buy
  needs ``quantity × 상한가(stck_mxpr) + fee``: the official sheet says an order without a price is
  costed at the upper limit and settled at the fill price.
- **A fill** updates the holding row (quantities, purchase amount, average price, valuation) and the
  summary: today's buy/sell amounts and costs, D+2 cash and every sum. D+0 and D+1 cash do not move
  (today's trades settle on D+2). See :func:`apply_fill`.

Every balance this module produces passes :func:`kislearn.sandbox.consistency.check_balance`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from kislearn import sbx_codes, spec
from kislearn.sandbox.costs import TradingCosts
from kislearn.sandbox.fields import OUTPUT1_FIELDS
from kislearn.sandbox.krx import krx_tick_size, substitute_price
from kislearn.sandbox.responses import Refusal
from kislearn.sandbox.samples import SamplePrice

# ---------------------------------------------------------------------------------------------------
# Refusals. KIS documents none of them. On the paper host four reasons answer with a paper-style code
# (kislearn.spec: 40240000 is seen in users' logs, the other three are the sandbox's choice); everything
# else is the sandbox's own SBX code (kislearn.sbx_codes). All: rt_cd "1", HTTP 200. # sandbox's choice
# ---------------------------------------------------------------------------------------------------
# Refusals the paper host answers with a paper-style code (see kislearn.spec): reason → the spec entry.
PAPER_REFUSALS = {
    sbx_codes.UNKNOWN_SYMBOL_ORDER: spec.PAPER_NOT_TRADABLE,
    sbx_codes.NOT_ENOUGH_CASH: spec.PAPER_NOT_ENOUGH_CASH,
    sbx_codes.NO_HOLDING: spec.PAPER_NO_HOLDING,
    sbx_codes.OFF_TICK: spec.PAPER_TICK_ERROR,
}

REQUIRED_FIELDS = ("PDNO", "ORD_DVSN", "ORD_QTY", "ORD_UNPR")
SUPPORTED_DIVISIONS = (spec.LIMIT_ORDER, spec.MARKET_ORDER)
BRANCH_CODE = "06010"  # KRX_FWDG_ORD_ORGNO, as in the official example # sandbox's choice
_WHOLE_NUMBER = re.compile(r"[0-9]+", re.ASCII)  # ASCII digits only: not "٣" or "９７４００"


def refuse(entry: sbx_codes.SbxCode, flavour: str, **fill) -> Refusal:
    """A Refusal for ``entry``: on the paper host its paper-style code when there is one, else the SBX code."""
    if flavour == "paper" and entry in PAPER_REFUSALS:
        return Refusal.from_spec(PAPER_REFUSALS[entry])
    return Refusal.from_spec(entry, **fill)


def invalid(field_name: str) -> Refusal:
    """OPSQ2001 ``ERROR : INPUT INVALID_CHECK_<field>`` (HTTP 200, rt_cd "2"), as for 주식잔고조회."""
    return Refusal.from_spec(spec.OPSQ2001, rt_cd="2", field=field_name)


# ---------------------------------------------------------------------------------------------------
# What the ledger keeps
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Order:
    """An order whose fields passed the format checks (:func:`read_order`)."""

    side: str  # "buy" or "sell"
    symbol: str  # PDNO
    division: str  # ORD_DVSN: "00" limit, "01" market
    quantity: int  # ORD_QTY
    price: int  # ORD_UNPR; 0 for a market order

    @property
    def is_market(self) -> bool:
        return self.division == spec.MARKET_ORDER


@dataclass(frozen=True)
class OrderRecord:
    """One accepted order and what became of it."""

    odno: str  # 주문번호, 10 digits
    time: str  # 주문시간 HHMMSS
    order: Order
    filled: bool  # True: filled in full at fill_price; False: resting (미체결)
    fill_price: int = 0
    amount: int = 0  # fill_price × quantity
    costs: int = 0  # fee (+ taxes on a sale)
    reserved: int = 0  # cash a resting buy holds back

    def as_dict(self) -> dict:
        """A flat dict for tables: ODNO, side, symbol, quantities and the outcome (Korean labels: ORDER_LABELS)."""
        return {
            "ODNO": self.odno,
            "side": self.order.side,
            "symbol": self.order.symbol,
            "ORD_DVSN": self.order.division,
            "quantity": self.order.quantity,
            "price": self.order.price,
            "status": "체결" if self.filled else "미체결",
            "fill_price": self.fill_price,
            "amount": self.amount,
            "costs": self.costs,
            "reserved": self.reserved,
        }


# Korean column labels for a table of OrderRecord.as_dict() rows (the official names of 주식주문(현금) where the
# field is one: ODNO 주문번호, PDNO 종목코드, ORD_DVSN 주문구분, ORD_QTY 주문수량, ORD_UNPR 주문단가).
ORDER_LABELS = {
    "ODNO": "주문번호",
    "side": "매수/매도",
    "symbol": "종목코드",
    "ORD_DVSN": "주문구분",
    "quantity": "주문수량",
    "price": "주문단가",
    "status": "체결 여부",
    "fill_price": "체결단가",
    "amount": "체결금액",
    "costs": "제비용",
    "reserved": "묶어 둔 현금",  # a resting buy's cash (the sandbox's own column; KIS's balance has no such field)
}


@dataclass(frozen=True)
class AccountState:
    """One account as an app sees it: holdings (output1), the ONE summary (output2[0]) and its orders."""

    output1: list
    summary: dict
    orders: tuple = field(default=())

    def row_of(self, symbol: str) -> dict | None:
        return next((row for row in self.output1 if row["pdno"] == symbol), None)

    def reserved_cash(self) -> int:
        """Cash held back by resting buy orders."""
        return sum(r.reserved for r in self.orders if not r.filled and r.order.side == "buy")

    def resting_sell_quantity(self, symbol: str) -> int:
        return sum(
            r.order.quantity
            for r in self.orders
            if not r.filled and r.order.side == "sell" and r.order.symbol == symbol
        )

    def orderable_cash(self) -> int:
        """What a new buy may spend: D+2 cash minus what resting buys reserve. # sandbox's choice"""
        return int(self.summary["prvs_rcdl_excc_amt"]) - self.reserved_cash()


# ---------------------------------------------------------------------------------------------------
# Reading and checking an order
# ---------------------------------------------------------------------------------------------------
def check_body_shape(body: dict) -> None:
    """Keys upper-case and every value a string (the sheet: "BODY값의 key값들을 대문자로", "String으로 전달")."""
    for key, value in body.items():
        if not isinstance(key, str) or key != key.upper():
            raise Refusal.from_spec(sbx_codes.KEY_NOT_UPPER, key=key)
        if not isinstance(value, str):
            raise Refusal.from_spec(sbx_codes.VALUE_NOT_STRING, key=key, value=value)


def read_order(body: dict, side: str, flavour: str) -> Order:
    """Check the order's own fields (not the account) and return them as an :class:`Order`.

    Order of checks: required fields → ORD_DVSN → EXCG_ID_DVSN_CD → SLL_TYPE → ORD_QTY → ORD_UNPR's form.
    The symbol, the price's tick and limits, cash and shares need market data: see :func:`place_order`.
    """
    for name in REQUIRED_FIELDS:
        if name not in body:
            raise invalid(name)
    division = body["ORD_DVSN"]
    if division not in spec.ORDER_DIVISIONS:
        raise invalid("ORD_DVSN")
    if division not in SUPPORTED_DIVISIONS:
        raise Refusal.from_spec(sbx_codes.DIVISION_NOT_SUPPORTED, code=division, name=spec.ORDER_DIVISIONS[division])
    exchange = body.get("EXCG_ID_DVSN_CD", "")
    if exchange not in ("", *spec.EXCHANGE_IDS):
        raise invalid("EXCG_ID_DVSN_CD")
    if exchange not in ("", "KRX"):
        raise Refusal.from_spec(sbx_codes.PAPER_KRX_ONLY if flavour == "paper" else sbx_codes.KRX_ONLY, code=exchange)
    sell_type = body.get("SLL_TYPE", "")
    if side == "sell" and sell_type not in ("", "01"):
        if sell_type not in spec.SELL_TYPES:
            raise invalid("SLL_TYPE")
        raise Refusal.from_spec(sbx_codes.SELL_TYPE, code=sell_type)

    quantity_text = body["ORD_QTY"]
    if not _WHOLE_NUMBER.fullmatch(quantity_text) or int(quantity_text) < 1:
        raise Refusal.from_spec(sbx_codes.BAD_QUANTITY, value=quantity_text)
    price_text = body["ORD_UNPR"]
    if division == spec.MARKET_ORDER:
        if price_text != "0":
            raise Refusal.from_spec(sbx_codes.MARKET_PRICE, value=price_text)
        price = 0
    else:
        if not _WHOLE_NUMBER.fullmatch(price_text) or int(price_text) < 1:
            raise Refusal.from_spec(sbx_codes.BAD_PRICE, value=price_text)
        price = int(price_text)
    return Order(side, body["PDNO"], division, int(quantity_text), price)


def check_limit_price(order: Order, quote: dict, flavour: str) -> None:
    """A limit price must sit on the KRX tick and within today's limits (하한가 stck_llam..상한가 stck_mxpr)."""
    lower, upper = int(quote["stck_llam"]), int(quote["stck_mxpr"])
    if not lower <= order.price <= upper:
        raise Refusal.from_spec(sbx_codes.OUT_OF_LIMITS, price=order.price, lower=lower, upper=upper)
    tick = krx_tick_size(order.price)
    if order.price % tick:
        raise refuse(sbx_codes.OFF_TICK, flavour, price=order.price, tick=tick)


def buy_cash_needed(order: Order, quote: dict, costs: TradingCosts) -> int:
    """Cash a buy must find: price × quantity + fee, a market order priced at the upper limit (상한가)."""
    price = int(quote["stck_mxpr"]) if order.is_market else order.price
    amount = price * order.quantity
    return amount + costs.buy_fee(amount)


def is_marketable(order: Order, current_price: int) -> bool:
    """Does the order fill now? Market orders always; a limit buy at or above the current price; a limit
    sell at or below it. # sandbox's choice"""
    if order.is_market:
        return True
    return order.price >= current_price if order.side == "buy" else order.price <= current_price


def place_order(
    state: AccountState,
    order: Order,
    price: SamplePrice | None,
    costs: TradingCosts,
    flavour: str,
    odno: str,
    time: str,
) -> tuple:
    """Check ``order`` against the market and the account; fill it or let it rest.

    Returns ``(new_state, record)``; ``state`` itself is not changed. Raises :class:`Refusal`.
    """
    if price is None:
        raise refuse(sbx_codes.UNKNOWN_SYMBOL_ORDER, flavour, symbol=order.symbol)
    quote = price.output
    if not order.is_market:
        check_limit_price(order, quote, flavour)
    current = int(quote["stck_prpr"])

    if order.side == "buy":
        needed = buy_cash_needed(order, quote, costs)
        available = state.orderable_cash()
        if needed > available:
            raise refuse(sbx_codes.NOT_ENOUGH_CASH, flavour, needed=needed, available=max(available, 0))
    else:
        row = state.row_of(order.symbol)
        if row is None or int(row["hldg_qty"]) == 0:
            raise refuse(sbx_codes.NO_HOLDING, flavour, symbol=order.symbol)
        orderable = int(row["ord_psbl_qty"])
        if order.quantity > orderable:
            raise refuse(sbx_codes.NOT_ENOUGH_SHARES, flavour, quantity=order.quantity, orderable=orderable)

    if not is_marketable(order, current):
        reserved = buy_cash_needed(order, quote, costs) if order.side == "buy" else 0
        record = OrderRecord(odno, time, order, filled=False, reserved=reserved)
        new_state = replace(state, orders=state.orders + (record,))
        return replace(new_state, output1=with_orderable(new_state, new_state.output1)), record

    output1, summary, trade_costs = apply_fill(
        state.output1, state.summary, order.side, order.symbol, order.quantity, current, price, costs
    )
    record = OrderRecord(
        odno, time, order, filled=True, fill_price=current, amount=current * order.quantity, costs=trade_costs
    )
    new_state = AccountState(output1, summary, state.orders + (record,))
    return replace(new_state, output1=with_orderable(new_state, output1)), record


def with_orderable(state: AccountState, rows: list) -> list:
    """Rows with ord_psbl_qty = hldg_qty − shares waiting in resting sell orders."""
    result = []
    for row in rows:
        orderable = int(row["hldg_qty"]) - state.resting_sell_quantity(row["pdno"])
        result.append({**row, "ord_psbl_qty": str(max(orderable, 0))})
    return result


# ---------------------------------------------------------------------------------------------------
# What a fill does to the balance
# ---------------------------------------------------------------------------------------------------
def _fixed(value: Decimal, places: int) -> str:
    """``value`` with exactly ``places`` decimals, half up, never "-0.00"."""
    text = f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):.{places}f}"
    return text[1:] if text.startswith("-") and Decimal(text) == 0 else text


def _rate(part: int, whole: int, places: int) -> str:
    """part / whole × 100 with ``places`` decimals; "0.00" when whole is 0."""
    return _fixed(Decimal(part) / Decimal(whole) * 100 if whole else Decimal(0), places)


def new_row(price: SamplePrice) -> dict:
    """An empty holding row for a symbol bought for the first time, priced from its price file."""
    quote = price.output
    current, change = int(quote["stck_prpr"]), int(quote["prdy_vrss"])
    values = {
        "pdno": price.symbol,
        "prdt_name": price.name,
        "trad_dvsn_name": "현금",
        "bfdy_buy_qty": "0",
        "bfdy_sll_qty": "0",
        "thdt_buyqty": "0",
        "thdt_sll_qty": "0",
        "hldg_qty": "0",
        "ord_psbl_qty": "0",
        "pchs_avg_pric": "0.0000",
        "pchs_amt": "0",
        "prpr": str(current),
        "evlu_amt": "0",
        "evlu_pfls_amt": "0",
        "evlu_pfls_rt": "0.00",
        "evlu_erng_rt": "0.00000000",
        "loan_dt": "",
        "loan_amt": "0",
        "stln_slng_chgs": "0",
        "expd_dt": "",
        "fltt_rt": _fixed(Decimal(quote["prdy_ctrt"]), 8),  # the price API's rate # sandbox's choice
        "bfdy_cprs_icdc": str(change),
        "item_mgna_rt_name": "",
        "grta_rt_name": "",
        "sbst_pric": str(substitute_price(current - change)),
        "stck_loan_unpr": "0.0000",
    }
    return {name: values[name] for name in OUTPUT1_FIELDS}


def revalue_row(row: dict) -> dict:
    """Recompute a row's derived fields from hldg_qty, pchs_amt and prpr (the official row arithmetic)."""
    quantity, purchase, current = int(row["hldg_qty"]), int(row["pchs_amt"]), int(row["prpr"])
    evaluation = current * quantity
    profit = evaluation - purchase
    profit_rate = _rate(profit, purchase, 2)
    return {
        **row,
        "pchs_avg_pric": _fixed(Decimal(purchase) / quantity if quantity else Decimal(0), 4),
        "evlu_amt": str(evaluation),
        "evlu_pfls_amt": str(profit),
        "evlu_pfls_rt": profit_rate,
        "evlu_erng_rt": _fixed(Decimal(profit_rate), 8),  # paper prints the profit rate here
    }


def refresh_summary(rows: list, summary: dict) -> dict:
    """Recompute every sum of output2 from the rows and the D+2 cash (see consistency.py for each rule)."""
    evaluation = sum(int(r["evlu_amt"]) for r in rows)
    total = evaluation + int(summary["prvs_rcdl_excc_amt"])
    change = total - int(summary["bfdy_tot_asst_evlu_amt"])
    return {
        **summary,
        "scts_evlu_amt": str(evaluation),
        "tot_evlu_amt": str(total),
        "nass_amt": str(total),  # no loans in the sandbox
        "pchs_amt_smtl_amt": str(sum(int(r["pchs_amt"]) for r in rows)),
        "evlu_amt_smtl_amt": str(evaluation),
        "evlu_pfls_smtl_amt": str(sum(int(r["evlu_pfls_amt"]) for r in rows)),
        "asst_icdc_amt": str(change),
        "asst_icdc_erng_rt": _rate(change, int(summary["bfdy_tot_asst_evlu_amt"]), 8),
    }


def _add(values: dict, name: str, amount: int) -> None:
    values[name] = str(int(values[name]) + amount)


def apply_fill(
    output1: list,
    summary: dict,
    side: str,
    symbol: str,
    quantity: int,
    fill_price: int,
    price: SamplePrice,
    costs: TradingCosts,
) -> tuple:
    """A fill of ``quantity`` shares at ``fill_price``: returns ``(output1, summary, costs_in_won)``.

    Buy: hldg_qty, thdt_buyqty and pchs_amt grow (pchs_amt by price × quantity; the fee is not part of
    it); thdt_buy_amt grows by the amount, thdt_tlex_amt by the fee, and D+2 cash shrinks by both.
    Sell: hldg_qty shrinks and thdt_sll_qty grows; pchs_amt shrinks by the average cost of the shares
    sold, rounded to the won, so the average price of the rest stays (a moving average; # sandbox's choice,
    the spec does not say how KIS recomputes pchs_amt after a sale); thdt_sll_amt grows by the amount,
    thdt_tlex_amt by fee + taxes (the taxes of the stock's market, see costs.py), and D+2 cash grows by
    amount − fee − taxes. A row sold out today stays, with hldg_qty 0 (KIS lists it for up to two days).
    D+0 (dnca_tot_amt) and D+1 (nxdy_excc_amt) stay.
    """
    rows = copy.deepcopy(output1)
    summary = dict(summary)
    index = next((i for i, r in enumerate(rows) if r["pdno"] == symbol), None)
    if index is None:
        rows.append(new_row(price))  # a new holding is listed last # sandbox's choice
        index = len(rows) - 1
    row = rows[index]
    amount = fill_price * quantity
    held = int(row["hldg_qty"])

    if side == "buy":
        fee = costs.buy_fee(amount)
        _add(row, "hldg_qty", quantity)
        _add(row, "thdt_buyqty", quantity)
        _add(row, "pchs_amt", amount)
        _add(summary, "thdt_buy_amt", amount)
        _add(summary, "thdt_tlex_amt", fee)
        _add(summary, "prvs_rcdl_excc_amt", -(amount + fee))
        trade_costs = fee
    else:
        sale = costs.sale_costs(amount, price.market)  # taxes depend on the stock's market
        remaining = held - quantity
        purchase = int(row["pchs_amt"])
        kept = int((Decimal(purchase) * remaining / held).to_integral_value(ROUND_HALF_UP))
        row["hldg_qty"] = str(remaining)
        _add(row, "thdt_sll_qty", quantity)
        row["pchs_amt"] = str(kept)
        _add(summary, "thdt_sll_amt", amount)
        _add(summary, "thdt_tlex_amt", sale.total)
        _add(summary, "prvs_rcdl_excc_amt", amount - sale.total)
        trade_costs = sale.total

    rows[index] = revalue_row(row)
    return rows, refresh_summary(rows, summary), trade_costs
