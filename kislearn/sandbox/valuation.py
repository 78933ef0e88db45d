"""An account at one moment's prices: the 주식잔고조회 answer of that moment.

The ledger keeps an account's books (quantities, purchase amounts, cash, today's and yesterday's trades); every
answer values them at the market's prices of the request's moment (``market/``):

- each holding: ``prpr`` the current price, ``bfdy_cprs_icdc`` its change from the previous close (the quote's
  ``prdy_vrss``), ``fltt_rt`` that change in percent (the quote's ``prdy_ctrt``, written with 8 decimals),
  ``sbst_pric`` the substitute price of the previous close; then evlu_amt, evlu_pfls_amt and the rates
  (``bookkeeping.revalue_row``). A holding whose symbol has no price file (a recorded account may hold one)
  keeps the prices it was recorded with. # sandbox's choice
- the summary: ``bfdy_tot_asst_evlu_amt`` (전일총자산평가금액) is yesterday's holdings at yesterday's close plus
  the D+2 cash as it stood before today's trades — Σ (hldg_qty − thdt_buyqty + thdt_sll_qty) × previous close
  + prvs_rcdl_excc_amt + thdt_buy_amt + thdt_tlex_amt − thdt_sll_amt. # sandbox's choice: the sample accounts
  are built this way (so on a day without trades ``asst_icdc_amt`` = Σ hldg_qty × bfdy_cprs_icdc, a rule of
  ``balance_rules``); real accounts also move with deposits and withdrawals, so a recorded account keeps the
  difference between its recorded value and this sum (``assets_offset``) until its first day ends. Every other
  sum follows from the rows (``bookkeeping.refresh_summary``).

The sample files are the market's quotes at 2026-11-20 15:30, so at that moment the valued samples are the
sample files, number for number.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from kislearn.sandbox.bookkeeping import fixed, refresh_summary, revalue_row
from kislearn.sandbox.krx import substitute_price
from kislearn.sandbox.market.quote import percent


def priced_row(row: dict, market, moment: datetime) -> dict:
    """One holding row at ``moment``'s price."""
    if row["pdno"] not in market:
        return revalue_row(row)
    price, base = market.price_and_base(row["pdno"], moment)
    change_rate = fixed(percent(price - base, base), 2)  # the quote's prdy_ctrt
    return revalue_row(
        {
            **row,
            "prpr": str(price),
            "bfdy_cprs_icdc": str(price - base),
            "fltt_rt": fixed(Decimal(change_rate), 8),
            "sbst_pric": str(substitute_price(base)),
        }
    )


def assets_before_today(rows: list, summary: dict) -> int:
    """Yesterday's holdings at the previous close plus the D+2 cash before today's trades (rows already priced)."""
    holdings = sum(
        (int(r["hldg_qty"]) - int(r["thdt_buyqty"]) + int(r["thdt_sll_qty"]))
        * (int(r["prpr"]) - int(r["bfdy_cprs_icdc"]))
        for r in rows
    )
    cash = (
        int(summary["prvs_rcdl_excc_amt"])
        + int(summary["thdt_buy_amt"])
        + int(summary["thdt_tlex_amt"])
        - int(summary["thdt_sll_amt"])
    )
    return holdings + cash


def assets_offset(rows: list, summary: dict) -> int:
    """What a recorded summary's ``bfdy_tot_asst_evlu_amt`` holds beyond :func:`assets_before_today` (0 for the
    package's samples)."""
    return int(summary["bfdy_tot_asst_evlu_amt"]) - assets_before_today(rows, summary)


def value_account(rows: list, summary: dict, market, moment: datetime, offset: int = 0) -> tuple:
    """``(output1, summary)`` of an account's books at ``moment``'s prices."""
    priced = [priced_row(row, market, moment) for row in rows]
    summary = {**summary, "bfdy_tot_asst_evlu_amt": str(assets_before_today(priced, summary) + offset)}
    return priced, refresh_summary(priced, summary)
