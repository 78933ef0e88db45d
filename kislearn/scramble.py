"""``--scramble``: scale a recorded account's quantities and amounts so nobody can read off how much money
it holds, while every relation of the specification stays true.

What changes and what stays:

- prices stay (``prpr``, ``pchs_avg_pric``, ``sbst_pric``, the price files): they are public market data;
- quantities (``hldg_qty``, ``ord_psbl_qty`` and the day's buy/sell quantities) and cash amounts are
  multiplied by the factor and rounded to whole shares and whole won (a non-zero value never becomes 0);
- everything derived from them is computed again, not scaled: ``pchs_amt = pchs_avg_pric × hldg_qty``,
  ``evlu_amt = prpr × hldg_qty``, the profit and its rate, the sums in ``output2``, D+1/D+2 cash,
  ``tot_evlu_amt``, ``nass_amt``, ``asst_icdc_amt`` and the day-before total assets.

Where a real account's numbers include something the formulas do not explain (a deposit, say), that
remainder is scaled by the same factor, so a recording that satisfied a relation before still does after.
The factor itself is never written anywhere: with it, anyone could undo the scaling.

    scrambled = scramble_account(account_file, Decimal("0.37"))
"""

from __future__ import annotations

import copy
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .consistency.fields import QUANTITY_FIELDS  # output1's 수량 fields, from the API catalog
from .errors import KisError

MIN_FACTOR, MAX_FACTOR = Decimal("0.1"), Decimal("10")
SCALED_ROW_AMOUNTS = ("loan_amt", "stln_slng_chgs")
SCALED_CASH = (
    "dnca_tot_amt",
    "cma_evlu_amt",
    "bfdy_buy_amt",
    "thdt_buy_amt",
    "nxdy_auto_rdpt_amt",
    "bfdy_sll_amt",
    "thdt_sll_amt",
    "d2_auto_rdpt_amt",
    "bfdy_tlex_amt",
    "thdt_tlex_amt",
    "tot_loan_amt",
    "tot_stln_slng_chgs",
)


class ScrambleError(KisError):
    """The factor is not usable."""


def parse_factor(text) -> Decimal:
    """``"0.37"`` → ``Decimal("0.37")``, checked to lie between 0.1 and 10 and not be 1."""
    try:
        factor = Decimal(str(text))
    except InvalidOperation:
        raise ScrambleError(f"배수(factor) {text!r}는 숫자가 아닙니다. 예: --scramble 0.37") from None
    if not factor.is_finite() or not MIN_FACTOR <= factor <= MAX_FACTOR or factor == 1:
        raise ScrambleError(f"배수(factor)는 {MIN_FACTOR}에서 {MAX_FACTOR} 사이의 1이 아닌 수여야 합니다: {text}")
    return factor


def _scale(value, factor: Decimal) -> int:
    """``value × factor`` rounded to a whole number; a non-zero value keeps at least 1 (and its sign)."""
    value = Decimal(value)
    scaled = int((value * factor).to_integral_value(ROUND_HALF_UP))
    if scaled == 0 and value != 0:
        return 1 if value > 0 else -1
    return scaled


def _rate(part: Decimal, whole: Decimal, places: int) -> str:
    """part / whole × 100 written with ``places`` decimals ("0.00…" when whole is 0)."""
    value = part / whole * 100 if whole else Decimal(0)
    return f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):.{places}f}"


def _n(obj: dict, name: str) -> Decimal:
    return Decimal(obj[name])


def scramble_row(row: dict, factor: Decimal) -> dict[str, Any]:
    """One holding with its quantities scaled and its amounts computed again (prices unchanged)."""
    new = dict(row)
    for name in QUANTITY_FIELDS + SCALED_ROW_AMOUNTS:
        if name in row:
            new[name] = str(_scale(row[name], factor))
    quantity, price = _n(new, "hldg_qty"), _n(row, "prpr")
    old_quantity = _n(row, "hldg_qty")
    average = _n(row, "pchs_amt") / old_quantity if old_quantity else Decimal(0)
    purchase = (
        int((average * quantity).to_integral_value(ROUND_HALF_UP)) if old_quantity else _scale(row["pchs_amt"], factor)
    )
    evaluation = int(price * quantity)
    new["pchs_amt"] = str(purchase)
    new["pchs_avg_pric"] = f"{(Decimal(purchase) / quantity if quantity else Decimal(0)):.4f}"
    new["evlu_amt"] = str(evaluation)
    new["evlu_pfls_amt"] = str(evaluation - purchase)
    new["evlu_pfls_rt"] = _rate(Decimal(evaluation - purchase), Decimal(purchase), 2)
    if _n(row, "evlu_erng_rt") != 0:  # officially unused (0 in the official example); paper recordings: the rate
        new["evlu_erng_rt"] = _rate(Decimal(evaluation - purchase), Decimal(purchase), 8)
    return new


def scramble_summary(summary: dict, old_rows: list, new_rows: list, factor: Decimal) -> dict[str, Any]:
    """The summary for the scaled rows: cash scaled, every derived amount computed again."""
    new = dict(summary)
    for name in SCALED_CASH:
        new[name] = str(_scale(summary[name], factor))

    def total(rows, name):
        return sum((_n(row, name) for row in rows), Decimal(0))

    def leftover(expected: Decimal, actual_field: str) -> int:
        """What the old numbers hold beyond the formula, scaled (0 for the sandbox's own accounts)."""
        return _scale(_n(summary, actual_field) - expected, factor)

    n = lambda name: _n(new, name)  # noqa: E731 - a short reader for the formulas below
    old_d1 = (
        _n(summary, "dnca_tot_amt")
        - _n(summary, "bfdy_buy_amt")
        - _n(summary, "bfdy_tlex_amt")
        + _n(summary, "bfdy_sll_amt")
    )
    d1 = (
        n("dnca_tot_amt")
        - n("bfdy_buy_amt")
        - n("bfdy_tlex_amt")
        + n("bfdy_sll_amt")
        + leftover(old_d1, "nxdy_excc_amt")
    )
    old_d2 = (
        _n(summary, "nxdy_excc_amt")
        - _n(summary, "thdt_buy_amt")
        - _n(summary, "thdt_tlex_amt")
        + _n(summary, "thdt_sll_amt")
    )
    d2 = d1 - n("thdt_buy_amt") - n("thdt_tlex_amt") + n("thdt_sll_amt") + leftover(old_d2, "prvs_rcdl_excc_amt")

    securities = total(new_rows, "evlu_amt")
    new["pchs_amt_smtl_amt"] = str(total(new_rows, "pchs_amt"))
    new["evlu_amt_smtl_amt"] = new["scts_evlu_amt"] = str(securities)
    new["evlu_pfls_smtl_amt"] = str(total(new_rows, "evlu_pfls_amt"))
    new["nxdy_excc_amt"], new["prvs_rcdl_excc_amt"] = str(d1), str(d2)
    total_evaluation = (
        securities + d2 + leftover(_n(summary, "scts_evlu_amt") + _n(summary, "prvs_rcdl_excc_amt"), "tot_evlu_amt")
    )
    new["tot_evlu_amt"] = str(total_evaluation)
    new["nass_amt"] = str(total_evaluation + leftover(_n(summary, "tot_evlu_amt"), "nass_amt"))

    # The day's change: prices moved by bfdy_cprs_icdc on every share held, plus whatever else happened.
    old_price_move = sum((_n(r, "hldg_qty") * _n(r, "bfdy_cprs_icdc") for r in old_rows), Decimal(0))
    new_price_move = sum((_n(r, "hldg_qty") * _n(r, "bfdy_cprs_icdc") for r in new_rows), Decimal(0))
    change = new_price_move + leftover(old_price_move, "asst_icdc_amt")
    new["asst_icdc_amt"] = str(change)
    new["bfdy_tot_asst_evlu_amt"] = str(total_evaluation - change)
    if _n(summary, "asst_icdc_erng_rt") != 0:  # "데이터 미제공": real prints 0, paper the rate
        new["asst_icdc_erng_rt"] = _rate(Decimal(change), total_evaluation - change, 8)
    return new


def scramble_account(account: dict, factor) -> dict[str, Any]:
    """A copy of an account file (``{"slug", ..., "output1", "output2"}``) scaled by ``factor``."""
    factor = parse_factor(factor)
    new = copy.deepcopy(account)
    new["output1"] = [scramble_row(row, factor) for row in account["output1"]]
    new["output2"] = [scramble_summary(account["output2"][0], account["output1"], new["output1"], factor)]
    return new
