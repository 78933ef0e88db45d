"""주식주문(현금) and 주식주문(정정취소) in the sandbox: reading and checking an order, and what the ledger keeps of it.

Pure data and checks: nothing here talks HTTP, keeps state or looks at the market's path.

- :class:`Order` — a new order's fields once their form is checked (:func:`read_order`);
- :class:`Revision` — a 정정 (modify) or 취소 (cancel) of an earlier order (:func:`read_revision`);
- :class:`OrderRecord` — one order the sandbox took, and what became of it: its fills, what was cancelled or
  moved to a 정정 order, whether its day ended first, the cash it still holds back;
- :class:`AccountState` — one account as an app sees it: holdings, the summary, its orders, and the trading day
  its books describe.

What happens to an order against the moving market (when it fills, at what price, how a day's end settles the
account) is ``order_life.py``; the arithmetic of a fill on the balance is ``bookkeeping.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from kislearn import sbx_codes, spec
from kislearn.sandbox.costs import TradingCosts
from kislearn.sandbox.krx import krx_tick_size
from kislearn.sandbox.market.fills import Fill
from kislearn.sandbox.responses import Refusal

# ---------------------------------------------------------------------------------------------------
# Refusals. KIS documents none of them. On the paper host some reasons answer with a paper-style code
# (kislearn.spec: 40240000 and 40330000 are seen in users' logs, the others are the sandbox's choice);
# everything else is the sandbox's own SBX code (kislearn.sbx_codes). All: rt_cd "1", HTTP 200. # sandbox's choice
# ---------------------------------------------------------------------------------------------------
# Refusals the paper host answers with a paper-style code (see kislearn.spec): reason → the spec entry.
PAPER_REFUSALS = {
    sbx_codes.UNKNOWN_SYMBOL_ORDER: spec.PAPER_NOT_TRADABLE,
    sbx_codes.NOT_ENOUGH_CASH: spec.PAPER_NOT_ENOUGH_CASH,
    sbx_codes.NO_HOLDING: spec.PAPER_NO_HOLDING,
    sbx_codes.OFF_TICK: spec.PAPER_TICK_ERROR,
    sbx_codes.NOTHING_TO_REVISE: spec.PAPER_NOTHING_TO_REVISE,
}

REQUIRED_FIELDS = ("PDNO", "ORD_DVSN", "ORD_QTY", "ORD_UNPR")
# 주식주문(정정취소): the body fields the sheet marks required, besides the account
REVISION_FIELDS = (
    "KRX_FWDG_ORD_ORGNO",
    "ORGN_ODNO",
    "ORD_DVSN",
    "RVSE_CNCL_DVSN_CD",
    "ORD_QTY",
    "ORD_UNPR",
    "QTY_ALL_ORD_YN",
)
SUPPORTED_DIVISIONS = (spec.LIMIT_ORDER, spec.MARKET_ORDER)
BRANCH_CODE = "06010"  # KRX_FWDG_ORD_ORGNO, as in the official example # sandbox's choice
_WHOLE_NUMBER = re.compile(r"[0-9]+", re.ASCII)  # ASCII digits only: not "٣" or "９７４００"

NEW, MODIFY, CANCEL = "new", "modify", "cancel"  # OrderRecord.kind: a new order, a 정정 order, a 취소 order


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
class Revision:
    """A 주식주문(정정취소) whose fields passed the format checks (:func:`read_revision`)."""

    original: str  # ORGN_ODNO, the order to change
    action: str  # MODIFY (RVSE_CNCL_DVSN_CD 01 정정) or CANCEL (02 취소)
    all_remaining: bool  # QTY_ALL_ORD_YN "Y": the whole unfilled rest (ORD_QTY is then not used)
    quantity: int  # ORD_QTY
    division: str  # ORD_DVSN of the modified order
    price: int  # ORD_UNPR of the modified order (0 for a market order; not used by a cancel)


@dataclass(frozen=True)
class OrderRecord:
    """One order the sandbox took, and what became of it.

    ``quantity`` is split into what filled (``fills``), what a 취소 took off (``cancelled``), what a 정정 moved to a
    new order (``moved``) and the rest, which is open until the close of ``session_day`` (then ``lapsed``).
    A 정정 order is a record of its own (``kind`` MODIFY, ``original`` the order it came from) and lives like a
    new one; a 취소 order is a record too (``kind`` CANCEL), done at once. ``costs`` is the fee (and a sale's
    taxes) charged so far; ``reserved`` the cash an open buy still holds back; ``cost_basis`` the price a buy
    is costed at (its limit, or a market order's upper limit, 상한가).
    """

    odno: str  # 주문번호, 10 digits
    time: str  # 주문시간 HHMMSS
    order: Order
    placed: datetime  # the market moment it was taken (Korea time)
    session_day: date  # the trading day it may fill on; it lapses at that day's close
    kind: str = NEW
    original: str = ""  # 원주문번호 of a 정정 or 취소 order
    fills: tuple[Fill, ...] = field(default=())  # oldest first
    costs: int = 0
    cancelled: int = 0  # 취소확인수량
    moved: int = 0  # shares moved to a 정정 order
    lapsed: bool = False
    reserved: int = 0
    cost_basis: int = 0

    @property
    def filled_quantity(self) -> int:
        return sum(fill.quantity for fill in self.fills)

    @property
    def amount(self) -> int:
        """What the fills came to: Σ price × quantity (체결금액)."""
        return sum(fill.price * fill.quantity for fill in self.fills)

    @property
    def open_quantity(self) -> int:
        """Shares still waiting to fill (미체결 잔량); 0 for a 취소 order and after the day ended."""
        if self.kind == CANCEL or self.lapsed:
            return 0
        return self.order.quantity - self.filled_quantity - self.cancelled - self.moved

    @property
    def filled(self) -> bool:
        """True when every share of the order filled."""
        return self.kind != CANCEL and self.filled_quantity == self.order.quantity

    @property
    def fill_price(self) -> int:
        """The average fill price in whole won (the price itself when it filled at one price); 0 before any fill."""
        quantity = self.filled_quantity
        return int((Decimal(self.amount) / quantity).to_integral_value(ROUND_HALF_UP)) if quantity else 0

    @property
    def day(self) -> date:
        """주문일자: the calendar day it was taken."""
        return self.placed.date()

    @property
    def status(self) -> str:
        """In Korean: 체결, 일부체결, 미체결, 취소, 정정, 만료 (the day ended before it filled), 취소주문 (a 취소 itself)."""
        if self.kind == CANCEL:
            return "취소주문"
        if self.filled:
            return "체결"
        if self.open_quantity:
            return "일부체결" if self.fills else "미체결"
        if self.lapsed:
            return "만료"
        return "정정" if self.moved else "취소"

    def as_dict(self) -> dict:
        """A flat dict: ODNO, side, symbol, quantities and the outcome (for a table a reader reads: :meth:`as_row`)."""
        return {
            "ODNO": self.odno,
            "side": self.order.side,
            "symbol": self.order.symbol,
            "ORD_DVSN": self.order.division,
            "quantity": self.order.quantity,
            "price": self.order.price,
            "status": self.status,
            "fill_price": self.fill_price,
            "amount": self.amount,
            "costs": self.costs,
            "reserved": self.reserved,
        }

    def as_row(self) -> dict:
        """A table row for a reader: :meth:`as_dict` with the Korean column names of :data:`ORDER_LABELS`,
        the side as 매수/매도 and the order division as its name with its code (``"시장가 (01)"``)."""
        row = self.as_dict()
        row["side"] = SIDE_NAMES[self.order.side]
        row["ORD_DVSN"] = f"{spec.ORDER_DIVISIONS[self.order.division]} ({self.order.division})"
        return {ORDER_LABELS[key]: value for key, value in row.items()}


SIDE_NAMES = {"buy": "매수", "sell": "매도"}

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
    """One account as an app sees it: holdings (output1), the ONE summary (output2[0]), its orders, the trading
    day its books describe (``day``: its ``thdt_*`` fields are that day's, ``bfdy_*`` the trading day's before),
    the market moment up to which its resting orders were matched (``processed``), and ``assets_offset``: what a
    recorded account's ``bfdy_tot_asst_evlu_amt`` holds beyond its holdings and cash (deposits, say), kept
    until its first day ends (see ``valuation.py``).

    The rows' quantities, ``pchs_amt`` and the summary's cash and trade amounts are the books; their prices
    and everything computed from prices are filled in at the moment of each answer (``valuation.py``)."""

    output1: list
    summary: dict
    orders: tuple = field(default=())
    day: date | None = None
    processed: datetime | None = None
    assets_offset: int = 0

    def row_of(self, symbol: str) -> dict | None:
        return next((row for row in self.output1 if row["pdno"] == symbol), None)

    def open_orders(self) -> list:
        return [record for record in self.orders if record.open_quantity]

    def reserved_cash(self) -> int:
        """Cash held back by open buy orders."""
        return sum(r.reserved for r in self.orders if r.open_quantity and r.order.side == "buy")

    def resting_sell_quantity(self, symbol: str) -> int:
        return sum(
            r.open_quantity
            for r in self.orders
            if r.open_quantity and r.order.side == "sell" and r.order.symbol == symbol
        )

    def orderable_cash(self) -> int:
        """What a new buy may spend: D+2 cash minus what open buys reserve. # sandbox's choice"""
        return int(self.summary["prvs_rcdl_excc_amt"]) - self.reserved_cash()

    def find(self, odno: str) -> OrderRecord | None:
        """The order numbered ``odno``, written with or without its leading zeros."""
        if not _WHOLE_NUMBER.fullmatch(odno or ""):
            return None
        return next((r for r in self.orders if int(r.odno) == int(odno)), None)


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


def _check_exchange(body: dict, flavour: str) -> None:
    exchange = body.get("EXCG_ID_DVSN_CD", "")
    if exchange not in ("", *spec.EXCHANGE_IDS):
        raise invalid("EXCG_ID_DVSN_CD")
    if exchange not in ("", "KRX"):
        raise Refusal.from_spec(sbx_codes.PAPER_KRX_ONLY if flavour == "paper" else sbx_codes.KRX_ONLY, code=exchange)


def _read_division(division: str) -> str:
    if division not in spec.ORDER_DIVISIONS:
        raise invalid("ORD_DVSN")
    if division not in SUPPORTED_DIVISIONS:
        raise Refusal.from_spec(sbx_codes.DIVISION_NOT_SUPPORTED, code=division, name=spec.ORDER_DIVISIONS[division])
    return division


def _read_price(division: str, price_text: str) -> int:
    """ORD_UNPR: "0" for a market order, a whole number of won ≥ 1 for a limit order."""
    if division == spec.MARKET_ORDER:
        if price_text != "0":
            raise Refusal.from_spec(sbx_codes.MARKET_PRICE, value=price_text)
        return 0
    if not _WHOLE_NUMBER.fullmatch(price_text) or int(price_text) < 1:
        raise Refusal.from_spec(sbx_codes.BAD_PRICE, value=price_text)
    return int(price_text)


def _read_quantity(quantity_text: str, minimum: int = 1) -> int:
    if not _WHOLE_NUMBER.fullmatch(quantity_text) or int(quantity_text) < minimum:
        raise Refusal.from_spec(sbx_codes.BAD_QUANTITY, value=quantity_text)
    return int(quantity_text)


def read_order(body: dict, side: str, flavour: str) -> Order:
    """Check the order's own fields (not the account) and return them as an :class:`Order`.

    Order of checks: required fields → ORD_DVSN → EXCG_ID_DVSN_CD → SLL_TYPE → ORD_QTY → ORD_UNPR's form.
    The symbol, the price's tick and limits, cash and shares need the market: see ``order_life.place``.
    """
    for name in REQUIRED_FIELDS:
        if name not in body:
            raise invalid(name)
    division = _read_division(body["ORD_DVSN"])
    _check_exchange(body, flavour)
    sell_type = body.get("SLL_TYPE", "")
    if side == "sell" and sell_type not in ("", "01"):
        if sell_type not in spec.SELL_TYPES:
            raise invalid("SLL_TYPE")
        raise Refusal.from_spec(sbx_codes.SELL_TYPE, code=sell_type)
    quantity = _read_quantity(body["ORD_QTY"])
    return Order(side, body["PDNO"], division, quantity, _read_price(division, body["ORD_UNPR"]))


def read_revision(body: dict, flavour: str) -> Revision:
    """Check a 주식주문(정정취소) body's own fields and return them as a :class:`Revision`.

    Order of checks: required fields → RVSE_CNCL_DVSN_CD → QTY_ALL_ORD_YN → EXCG_ID_DVSN_CD → ORD_QTY → for a
    정정, ORD_DVSN and ORD_UNPR. A 취소 does not look at ORD_DVSN or ORD_UNPR (clients send anything there:
    mojito2 0.1.6 sends "00" and "100"), nor at ORD_QTY when QTY_ALL_ORD_YN is "Y" (it must still be a whole
    number). # sandbox's choice: the sheet does not say which fields a 취소 reads.
    """
    for name in REVISION_FIELDS:
        if name not in body:
            raise invalid(name)
    actions = {"01": MODIFY, "02": CANCEL}
    if body["RVSE_CNCL_DVSN_CD"] not in actions:
        raise invalid("RVSE_CNCL_DVSN_CD")
    if body["QTY_ALL_ORD_YN"] not in ("Y", "N"):
        raise invalid("QTY_ALL_ORD_YN")
    _check_exchange(body, flavour)
    action, all_remaining = actions[body["RVSE_CNCL_DVSN_CD"]], body["QTY_ALL_ORD_YN"] == "Y"
    quantity = _read_quantity(body["ORD_QTY"], minimum=0 if all_remaining else 1)
    division, price = body["ORD_DVSN"], 0
    if action == MODIFY:
        division = _read_division(division)
        price = _read_price(division, body["ORD_UNPR"])
    return Revision(body["ORGN_ODNO"].strip(), action, all_remaining, quantity, division, price)


def check_limit_price(price: int, lower: int, upper: int, flavour: str) -> None:
    """A limit price must sit on the KRX tick and within today's limits (하한가 ``lower`` .. 상한가 ``upper``)."""
    if not lower <= price <= upper:
        raise Refusal.from_spec(sbx_codes.OUT_OF_LIMITS, price=price, lower=lower, upper=upper)
    tick = krx_tick_size(price)
    if price % tick:
        raise refuse(sbx_codes.OFF_TICK, flavour, price=price, tick=tick)


def buy_cash_needed(price: int, quantity: int, costs: TradingCosts) -> int:
    """Cash a buy of ``quantity`` shares costed at ``price`` must find: price × quantity + fee."""
    amount = price * quantity
    return amount + costs.buy_fee(amount)


def is_marketable(order: Order, current_price: int) -> bool:
    """Does the order fill against the current price? Market orders always; a limit buy at or above it; a
    limit sell at or below it. # sandbox's choice"""
    if order.is_market:
        return True
    return order.price >= current_price if order.side == "buy" else order.price <= current_price
