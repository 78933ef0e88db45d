"""The bodies of the order inquiries: 주식일별주문체결조회, 주식정정취소가능주문조회, 매수가능조회, 매도가능수량조회.

Every field list comes from the API catalog (:mod:`kislearn.catalog`, the workbook's 2026-04-12 edition), in the
sheet's order, every value a string. Values follow the sheets' official examples where the sandbox has the same
thing to show; what the sandbox cannot have (an IP address, an employee number, a phone number) is blank.
The workbook's own examples print some names in English ("Limit", "BUY REJECT", "None"): the sandbox writes the
Korean words users' recorded answers show ("지정가", "매수", "없음"). # sandbox's choice
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from kislearn import catalog, spec
from kislearn.sandbox.orders import BRANCH_CODE, CANCEL, MODIFY, OrderRecord

STOCK_PRODUCT_TYPE = "300"  # prdt_type_cd 300 주식
SIDE_CODES = {"sell": "01", "buy": "02"}  # sll_buy_dvsn_cd (official: 01 매도, 02 매수)
# sll_buy_dvsn_cd_name: users' recorded answers of TTTC8001R show "매수"/"매도" for orders; for 정정 and 취소 orders
# the workbook's example prints "BUY AMEND*", which the sandbox reads as the HTS's "매수정정*". # sandbox's choice
SIDE_NAMES = {"new": {"buy": "매수", "sell": "매도"}, MODIFY: {"buy": "매수정정*", "sell": "매도정정*"}}
SIDE_NAMES[CANCEL] = {"buy": "매수취소*", "sell": "매도취소*"}
REVISION_NAMES = {"new": "", MODIFY: "정정", CANCEL: "취소"}  # rvse_cncl_dvsn_name # sandbox's choice


def fields_of(api: str, section: str) -> tuple:
    """The documented fields of one response section, in the workbook's order."""
    return tuple(f.name for f in catalog.find(api).section(section).fields)


DAILY_ORDER_FIELDS = fields_of("주식일별주문체결조회", "output1")
DAILY_TOTAL_FIELDS = fields_of("주식일별주문체결조회", "output2")
REVISABLE_FIELDS = fields_of("주식정정취소가능주문조회", "output")
BUYABLE_FIELDS = fields_of("매수가능조회", "output")
SELLABLE_FIELDS = fields_of("매도가능수량조회", "output1")


def _strings(values: dict, fields: tuple) -> dict:
    return {name: str(values.get(name, "")) for name in fields}


def division_name(division: str) -> str:
    return spec.ORDER_DIVISIONS.get(division, "")


# ---------------------------------------------------------------------------------------------------
# 주식일별주문체결조회 (inquire-daily-ccld)
# ---------------------------------------------------------------------------------------------------
def daily_order_row(record: OrderRecord, name: str) -> dict:
    """One order of 주식일별주문체결조회's output1.

    ``tot_ccld_qty``/``tot_ccld_amt`` what filled, ``avg_prvs`` the average fill price (whole won),
    ``cnc_cfrm_qty`` (취소확인수량) what a 취소 took off (a 취소 order shows its own quantity there),
    ``rmn_qty`` (잔여수량) what is still unfilled and not cancelled nor moved by a 정정 — an order whose day
    ended keeps showing it (# sandbox's choice), ``cncl_yn`` "Y" once a 취소 took shares off it or it is a 취소
    order itself."""
    order = record.order
    cancelled = order.quantity if record.kind == CANCEL else record.cancelled
    unfilled = record.order.quantity - record.filled_quantity - record.cancelled - record.moved
    values = {
        "ord_dt": record.day.strftime("%Y%m%d"),
        "ord_gno_brno": BRANCH_CODE,
        "odno": record.odno,
        "orgn_odno": record.original,
        "ord_dvsn_name": division_name(order.division),
        "sll_buy_dvsn_cd": SIDE_CODES[order.side],
        "sll_buy_dvsn_cd_name": SIDE_NAMES[record.kind][order.side],
        "pdno": order.symbol,
        "prdt_name": name,
        "ord_qty": order.quantity,
        "ord_unpr": order.price,
        "ord_tmd": record.time,
        "tot_ccld_qty": record.filled_quantity,
        "avg_prvs": record.fill_price,
        "cncl_yn": "Y" if cancelled else "N",
        "tot_ccld_amt": record.amount,
        "loan_dt": "",
        "ordr_empno": "",
        "ord_dvsn_cd": order.division,
        "cnc_cfrm_qty": cancelled,
        "rmn_qty": 0 if record.kind == CANCEL else unfilled,
        "rjct_qty": 0,
        "ccld_cndt_name": "없음",
        "inqr_ip_addr": "",
        "cpbc_ordp_ord_rcit_dvsn_cd": "",
        "cpbc_ordp_infm_mthd_dvsn_cd": "",
        "infm_tmd": "",
        "ctac_tlno": "",
        "prdt_type_cd": STOCK_PRODUCT_TYPE,
        "excg_dvsn_cd": "02",  # the official example's value for a KRX order
        "cpbc_ordp_mtrl_dvsn_cd": "",
        "ord_orgno": "",
        "rsvn_ord_end_dt": "",
        "excg_id_dvsn_Cd": "KRX",  # the sheet spells this one name with a capital C
        "stpm_cndt_pric": 0,
        "stpm_efct_occr_dtmd": "",
    }
    return _strings(values, DAILY_ORDER_FIELDS)


def daily_totals(records: list) -> dict:
    """주식일별주문체결조회's output2, over every order the query matched (all pages): total ordered and filled
    quantities, the filled amount, the costs (추정제비용합계) and the average fill price. Each share ordered counts
    once in ``tot_ord_qty``: a 취소 order adds nothing, and shares a 정정 moved count in the new order only.
    # sandbox's choice

    The sheet's Korean names of output2 are shifted by one line (``tot_ccld_amt`` is called 매입평균가격,
    ``pchs_avg_pric`` 추정제비용합계): the sandbox follows the field names, which the official example's values
    fit (``pchs_avg_pric`` "0.0000" has four decimals, like a price)."""
    quantity = sum(r.filled_quantity for r in records)
    amount = sum(r.amount for r in records)
    average = (Decimal(amount) / quantity) if quantity else Decimal(0)
    values = {
        "tot_ord_qty": sum(r.order.quantity - r.moved for r in records if r.kind != CANCEL),
        "tot_ccld_qty": quantity,
        "tot_ccld_amt": amount,
        "prsm_tlex_smtl": sum(r.costs for r in records),
        "pchs_avg_pric": f"{average.quantize(Decimal('0.0001'), ROUND_HALF_UP):.4f}",
    }
    return _strings(values, DAILY_TOTAL_FIELDS)


# ---------------------------------------------------------------------------------------------------
# 주식정정취소가능주문조회 (inquire-psbl-rvsecncl, real only)
# ---------------------------------------------------------------------------------------------------
def revisable_row(record: OrderRecord, name: str) -> dict:
    """One open order of 주식정정취소가능주문조회: ``psbl_qty`` (정정취소가능수량) is its open quantity."""
    order = record.order
    values = {
        "ord_gno_brno": BRANCH_CODE,
        "odno": record.odno,
        "orgn_odno": record.original,
        "ord_dvsn_name": division_name(order.division),
        "pdno": order.symbol,
        "prdt_name": name,
        "rvse_cncl_dvsn_name": REVISION_NAMES[record.kind],
        "ord_qty": order.quantity,
        "ord_unpr": order.price,
        "ord_tmd": record.time,
        "tot_ccld_qty": record.filled_quantity,
        "tot_ccld_amt": record.amount,
        "psbl_qty": record.open_quantity,
        "sll_buy_dvsn_cd": SIDE_CODES[order.side],
        "ord_dvsn_cd": order.division,
        "mgco_aptm_odno": "",
        "excg_dvsn_cd": "02",
        "excg_id_dvsn_cd": "KRX",
        "excg_id_dvsn_name": "KRX",
        "stpm_cndt_pric": 0,
        "stpm_efct_occr_yn": "",
    }
    return _strings(values, REVISABLE_FIELDS)


# ---------------------------------------------------------------------------------------------------
# 매수가능조회 (inquire-psbl-order) and 매도가능수량조회 (inquire-psbl-sell, real only)
# ---------------------------------------------------------------------------------------------------
def buyable_output(cash: int, unit_price: int, quantity: int) -> dict:
    """매수가능조회's output for ``cash`` (주문가능현금: D+2 cash minus what open buys hold back) and a price.

    A cash account without credit (# sandbox's choice): 미수 is not possible, so the 미수없는 (``nrcvb_*``) and
    최대 (``max_*``) figures are the same — ``quantity`` shares at ``unit_price`` (가능수량계산단가) with their fee
    within the cash, and their amount. Sale proceeds not yet settled are already in the D+2 cash, so
    ``ruse_psbl_amt`` (재사용가능금액) is 0 rather than counted twice; no 대용, CMA, funds or foreign currency."""
    amount = unit_price * quantity
    values = {
        "ord_psbl_cash": cash,
        "ord_psbl_sbst": 0,
        "ruse_psbl_amt": 0,
        "fund_rpch_chgs": 0,
        "psbl_qty_calc_unpr": unit_price,
        "nrcvb_buy_amt": amount,
        "nrcvb_buy_qty": quantity,
        "max_buy_amt": amount,
        "max_buy_qty": quantity,
        "cma_evlu_amt": 0,
        "ovrs_re_use_amt_wcrc": 0,
        "ord_psbl_frcr_amt_wcrc": 0,
    }
    return _strings(values, BUYABLE_FIELDS)


def sellable_output(row: dict | None, symbol: str, name: str) -> dict:
    """매도가능수량조회's output for one holding row of the balance (valued at the moment), or zeros for a symbol
    the account does not hold.

    ``cblc_qty`` (잔고수량) the shares held, ``ord_psbl_qty`` those not waiting in a sell order, ``sll_qty`` the
    shares sold today and yesterday (not yet settled), ``buy_qty`` (매수수량) ``cblc_qty + sll_qty`` — the official
    example's numbers fit buy − sell = balance (1,746 − 2 = 1,744). # sandbox's choice"""
    if row is None:
        values = {"pdno": symbol, "prdt_name": name, "pchs_avg_pric": "0.0000", "evlu_pfls_rt": "0.00"}
        return {field: values.get(field, "0") for field in SELLABLE_FIELDS}
    sold = int(row["thdt_sll_qty"]) + int(row["bfdy_sll_qty"])
    values = {
        "pdno": row["pdno"],
        "prdt_name": row["prdt_name"],
        "buy_qty": int(row["hldg_qty"]) + sold,
        "sll_qty": sold,
        "cblc_qty": row["hldg_qty"],
        "nsvg_qty": 0,
        "ord_psbl_qty": row["ord_psbl_qty"],
        "pchs_avg_pric": row["pchs_avg_pric"],
        "pchs_amt": row["pchs_amt"],
        "now_pric": row["prpr"],
        "evlu_amt": row["evlu_amt"],
        "evlu_pfls_amt": row["evlu_pfls_amt"],
        "evlu_pfls_rt": row["evlu_pfls_rt"],
    }
    return _strings(values, SELLABLE_FIELDS)
