"""What a fill and the end of a trading day do to an account's numbers (주식잔고조회's output1 rows and output2).

Pure functions on rows and summaries; every balance they produce passes
:func:`kislearn.consistency.check_balance` once it is valued at a moment's prices (``valuation.py``).

**A fill** (:func:`apply_fill`) — buy: hldg_qty, thdt_buyqty and pchs_amt grow (pchs_amt by price × quantity;
the fee is not part of it); thdt_buy_amt grows by the amount, thdt_tlex_amt by the fee, and D+2 cash
(prvs_rcdl_excc_amt) shrinks by both. Sell: hldg_qty shrinks and thdt_sll_qty grows; pchs_amt shrinks by the
average cost of the shares sold, rounded to the won, so the average price of the rest stays (a moving average;
# sandbox's choice, the spec does not say how KIS recomputes pchs_amt after a sale); thdt_sll_amt grows by the
amount, thdt_tlex_amt by fee + taxes, and D+2 cash grows by amount − fee − taxes. D+0 (dnca_tot_amt) and D+1
(nxdy_excc_amt) stay: today's trades settle two trading days later (T+2).

**The end of a trading day** (:func:`roll_day`), when the books move to the next trading day: today's trades
become yesterday's (thdt_* → bfdy_*, in the rows and the summary; the new today has none), and the cash
settles one day on: the new D+0 is the old D+1 (yesterday's trades were paid today) and the new D+1 is the old
D+2; D+2 stays. So after two rolls a trade's cash has reached D+0, and the two rules of
``balance_rules._cash_by_settlement_day`` hold on every day. A row sold out (hldg_qty 0) is listed while its sale
is today's or yesterday's and dropped after that (the official README: "up to two days").
"""

from __future__ import annotations

import copy
from decimal import ROUND_HALF_UP, Decimal

from kislearn.sandbox.fields import OUTPUT1_FIELDS
from kislearn.sandbox.krx import substitute_price

TRADE_QUANTITIES = (("thdt_buyqty", "bfdy_buy_qty"), ("thdt_sll_qty", "bfdy_sll_qty"))  # today → yesterday
TRADE_AMOUNTS = (("thdt_buy_amt", "bfdy_buy_amt"), ("thdt_sll_amt", "bfdy_sll_amt"), ("thdt_tlex_amt", "bfdy_tlex_amt"))


def fixed(value: Decimal, places: int) -> str:
    """``value`` with exactly ``places`` decimals, half up, never "-0.00"."""
    text = f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):.{places}f}"
    return text[1:] if text.startswith("-") and Decimal(text) == 0 else text


def rate(part: int, whole: int, places: int) -> str:
    """part / whole × 100 with ``places`` decimals; "0.00" when whole is 0."""
    return fixed(Decimal(part) / Decimal(whole) * 100 if whole else Decimal(0), places)


def new_row(symbol: str, name: str, price: int) -> dict:
    """An empty holding row for a symbol bought for the first time (its prices are set when it is valued)."""
    values = {
        "pdno": symbol,
        "prdt_name": name,
        "trad_dvsn_name": "현금",
        "bfdy_buy_qty": "0",
        "bfdy_sll_qty": "0",
        "thdt_buyqty": "0",
        "thdt_sll_qty": "0",
        "hldg_qty": "0",
        "ord_psbl_qty": "0",
        "pchs_avg_pric": "0.0000",
        "pchs_amt": "0",
        "prpr": str(price),
        "evlu_amt": "0",
        "evlu_pfls_amt": "0",
        "evlu_pfls_rt": "0.00",
        "evlu_erng_rt": "0.00000000",
        "loan_dt": "",
        "loan_amt": "0",
        "stln_slng_chgs": "0",
        "expd_dt": "",
        "fltt_rt": "0.00000000",
        "bfdy_cprs_icdc": "0",
        "item_mgna_rt_name": "",
        "grta_rt_name": "",
        "sbst_pric": str(substitute_price(price)),
        "stck_loan_unpr": "0.0000",
    }
    return {name: values[name] for name in OUTPUT1_FIELDS}


def revalue_row(row: dict) -> dict:
    """Recompute a row's derived fields from hldg_qty, pchs_amt and prpr (the official row arithmetic)."""
    quantity, purchase, current = int(row["hldg_qty"]), int(row["pchs_amt"]), int(row["prpr"])
    evaluation = current * quantity
    profit = evaluation - purchase
    profit_rate = rate(profit, purchase, 2)
    return {
        **row,
        "pchs_avg_pric": fixed(Decimal(purchase) / quantity if quantity else Decimal(0), 4),
        "evlu_amt": str(evaluation),
        "evlu_pfls_amt": str(profit),
        "evlu_pfls_rt": profit_rate,
        "evlu_erng_rt": fixed(Decimal(profit_rate), 8),  # paper prints the profit rate here
    }


def refresh_summary(rows: list, summary: dict) -> dict:
    """Recompute every sum of output2 from the rows and the D+2 cash (see balance_rules.py for each rule);
    ``bfdy_tot_asst_evlu_amt`` must already be the one of the moment (``valuation.py``)."""
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
        "asst_icdc_erng_rt": rate(change, int(summary["bfdy_tot_asst_evlu_amt"]), 8),
    }


def _add(values: dict, name: str, amount: int) -> None:
    values[name] = str(int(values[name]) + amount)


def apply_fill(
    output1: list,
    summary: dict,
    side: str,
    symbol: str,
    name: str,
    quantity: int,
    fill_price: int,
    costs: int,
) -> tuple:
    """A fill of ``quantity`` shares at ``fill_price`` that costs ``costs`` won (fee, and a sale's taxes):
    returns ``(output1, summary)`` (see the module docstring). A new holding is listed last. # sandbox's choice"""
    rows = copy.deepcopy(output1)
    summary = dict(summary)
    index = next((i for i, r in enumerate(rows) if r["pdno"] == symbol), None)
    if index is None:
        rows.append(new_row(symbol, name, fill_price))
        index = len(rows) - 1
    row = rows[index]
    amount = fill_price * quantity
    if side == "buy":
        _add(row, "hldg_qty", quantity)
        _add(row, "thdt_buyqty", quantity)
        _add(row, "pchs_amt", amount)
        _add(summary, "thdt_buy_amt", amount)
        _add(summary, "thdt_tlex_amt", costs)
        _add(summary, "prvs_rcdl_excc_amt", -(amount + costs))
    else:
        held = int(row["hldg_qty"])
        remaining = held - quantity
        kept = int((Decimal(int(row["pchs_amt"])) * remaining / held).to_integral_value(ROUND_HALF_UP))
        row["hldg_qty"] = str(remaining)
        _add(row, "thdt_sll_qty", quantity)
        row["pchs_amt"] = str(kept)
        _add(summary, "thdt_sll_amt", amount)
        _add(summary, "thdt_tlex_amt", costs)
        _add(summary, "prvs_rcdl_excc_amt", amount - costs)
    rows[index] = revalue_row(row)
    return rows, summary


def with_orderable(rows: list, resting_sells) -> list:
    """Rows with ord_psbl_qty = hldg_qty − the shares waiting in open sell orders (``resting_sells(symbol)``)."""
    return [{**row, "ord_psbl_qty": str(max(int(row["hldg_qty"]) - resting_sells(row["pdno"]), 0))} for row in rows]


def is_quiet(rows: list, summary: dict) -> bool:
    """No trade of today or yesterday in the books and all cash settled: another day's end changes nothing."""
    traded = any(int(row[name]) for row in rows for pair in TRADE_QUANTITIES for name in pair)
    amounts = any(int(summary[name]) for pair in TRADE_AMOUNTS for name in pair)
    settled = summary["dnca_tot_amt"] == summary["nxdy_excc_amt"] == summary["prvs_rcdl_excc_amt"]
    return settled and not traded and not amounts and not any(int(row["hldg_qty"]) == 0 for row in rows)


def roll_day(rows: list, summary: dict) -> tuple:
    """The books one trading day on (see the module docstring): returns ``(output1, summary)``."""
    rolled = []
    for row in rows:
        row = dict(row)
        for today, yesterday in TRADE_QUANTITIES:
            row[yesterday], row[today] = row[today], "0"
        if int(row["hldg_qty"]) or int(row["bfdy_buy_qty"]) or int(row["bfdy_sll_qty"]):
            rolled.append(row)  # a row sold out before yesterday is no longer listed
    summary = dict(summary)
    for today, yesterday in TRADE_AMOUNTS:
        summary[yesterday], summary[today] = summary[today], "0"
    summary["dnca_tot_amt"], summary["nxdy_excc_amt"] = summary["nxdy_excc_amt"], summary["prvs_rcdl_excc_amt"]
    return rolled, summary
