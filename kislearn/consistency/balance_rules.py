"""The consistency rules of 주식잔고조회 (inquire-balance): each holding row, the summary, and both together.

    from kislearn.consistency.balance_rules import check_balance
    problems = check_balance(body["output1"], body["output2"])   # [] = consistent

Every rule says where it comes from: **official** (the workbook's field descriptions, or arithmetic its
official example follows), **exchange** (a KRX market rule) or **sandbox's choice** (checked only with
``sandbox_rules=True``; a real server's answers may break them). See ``kislearn.consistency``.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from kislearn.consistency.fields import OUTPUT1_FIELDS, OUTPUT2_FIELDS
from kislearn.consistency.formats import OUTPUT1_FORMATS, OUTPUT2_FORMATS
from kislearn.consistency.krx import SUBSTITUTE_RATE, krx_tick_size, substitute_price
from kislearn.consistency.value_checks import near, number, percent, row_label, shape_problems, won


# ---------------------------------------------------------------------------------------------------
# output1: rules for one holding
# ---------------------------------------------------------------------------------------------------
def _row_evaluation_amount(row) -> Iterator[str]:
    """evlu_amt = prpr × hldg_qty. Official (평가금액 = 현재가 × 보유수량, as in every recorded response)."""
    expected = number(row, "prpr") * number(row, "hldg_qty")
    if number(row, "evlu_amt") != expected:
        yield f"evlu_amt {won(row['evlu_amt'])} ≠ prpr × hldg_qty = {won(expected)}"


def _row_profit_amount(row) -> Iterator[str]:
    """evlu_pfls_amt = evlu_amt − pchs_amt. Official (field description: 평가금액 - 매입금액)."""
    expected = number(row, "evlu_amt") - number(row, "pchs_amt")
    if number(row, "evlu_pfls_amt") != expected:
        yield f"evlu_pfls_amt {won(row['evlu_pfls_amt'])} ≠ evlu_amt − pchs_amt = {won(expected)}"


def _row_average_price(row) -> Iterator[str]:
    """pchs_avg_pric = pchs_amt / hldg_qty, 4 decimals. Official (field description: 매입금액 / 보유수량).

    A row sold out today (hldg_qty 0, official README) has nothing to divide: 0 is expected.
    """
    quantity = number(row, "hldg_qty")
    expected = number(row, "pchs_amt") / quantity if quantity else Decimal(0)
    if not near(number(row, "pchs_avg_pric"), expected, 4):
        yield f"pchs_avg_pric {row['pchs_avg_pric']} ≠ pchs_amt / hldg_qty = {expected:.4f}"


def _row_profit_rate(row) -> Iterator[str]:
    """evlu_pfls_rt = evlu_pfls_amt / pchs_amt × 100, 2 decimals. Official (recorded responses)."""
    expected = percent(number(row, "evlu_pfls_amt"), number(row, "pchs_amt"))
    if not near(number(row, "evlu_pfls_rt"), expected, 2):
        yield f"evlu_pfls_rt {row['evlu_pfls_rt']} ≠ evlu_pfls_amt / pchs_amt × 100 = {expected:.2f}"


def _row_unused_earning_rate(row) -> Iterator[str]:
    """evlu_erng_rt is officially unused ("미사용항목(0으로 출력)"); the official example shows 0, users' paper
    recordings a rate with 8 decimals (the sandbox's paper rows print the profit rate). Either is accepted.
    Official (spec + official example + recorded responses)."""
    value = number(row, "evlu_erng_rt")
    expected = percent(number(row, "evlu_pfls_amt"), number(row, "pchs_amt"))
    if value != 0 and not near(value, expected, 2):
        yield f"evlu_erng_rt {row['evlu_erng_rt']} 은(는) 0 또는 평가손익율 ≈ {expected:.2f} 이어야 합니다"


def _row_orderable_quantity(row) -> Iterator[str]:
    """0 ≤ ord_psbl_qty ≤ hldg_qty: shares waiting in a sell order cannot be ordered again.
    Official (the official example shows 1,611 orderable of 1,657 held)."""
    if not 0 <= number(row, "ord_psbl_qty") <= number(row, "hldg_qty"):
        yield f"ord_psbl_qty {row['ord_psbl_qty']} 이(가) 0과 hldg_qty {row['hldg_qty']} 사이가 아닙니다"


def _row_quantities_not_negative(row) -> Iterator[str]:
    """Quantities are never negative. Official (common sense of the fields)."""
    for field in ("bfdy_buy_qty", "bfdy_sll_qty", "thdt_buyqty", "thdt_sll_qty", "hldg_qty"):
        if number(row, field) < 0:
            yield f"{field} {row[field]} 이(가) 음수입니다"


def _row_fluctuation_rate(row) -> Iterator[str]:
    """fltt_rt = bfdy_cprs_icdc / (prpr − bfdy_cprs_icdc) × 100: the day's change over the previous close,
    written with 8 decimals, compared to 2 (the sandbox writes the price API's 2-decimal prdy_ctrt there).
    Official example: −184,500 on a previous close of 184,500 → -100.00000000."""
    change = number(row, "bfdy_cprs_icdc")
    previous_close = number(row, "prpr") - change
    if previous_close > 0:
        expected = percent(change, previous_close)
        if not near(number(row, "fltt_rt"), expected, 2):
            yield f"fltt_rt {row['fltt_rt']} ≠ bfdy_cprs_icdc / 전일종가 × 100 ≈ {expected:.2f}"


def _row_price_on_tick(row) -> Iterator[str]:
    """A current price is a multiple of its KRX tick size. Exchange rule."""
    price = number(row, "prpr")
    if price > 0 and price % krx_tick_size(price):
        yield f"prpr {won(price)} 이(가) 호가단위 {krx_tick_size(price)}원의 배수가 아닙니다"


def _row_cash_only(row) -> Iterator[str]:
    """The sandbox has cash holdings only: trad_dvsn_name "현금", no loan, no stock borrowing.
    Sandbox's choice (the official example also shows 자기융자 rows with a loan date and amount)."""
    expected = {"trad_dvsn_name": "현금", "loan_dt": "", "expd_dt": ""}
    for field, value in expected.items():
        if row[field] != value:
            yield f"{field} {row[field]!r} ≠ {value!r} (샌드박스는 현금 매매만 다룹니다)"
    for field in ("loan_amt", "stln_slng_chgs", "stck_loan_unpr"):
        if number(row, field) != 0:
            yield f"{field} {row[field]} ≠ 0 (샌드박스에는 대출이 없습니다)"


def _row_substitute_price(row) -> Iterator[str]:
    """sbst_pric = previous close × 76%, rounded down to 10 won. Sandbox's choice (see SUBSTITUTE_RATE)."""
    expected = substitute_price(int(number(row, "prpr") - number(row, "bfdy_cprs_icdc")))
    if number(row, "sbst_pric") != expected:
        yield f"sbst_pric {won(row['sbst_pric'])} ≠ 전일종가 × {SUBSTITUTE_RATE} (10원 미만 버림) = {won(expected)}"


ROW_RULES = (
    _row_evaluation_amount,
    _row_profit_amount,
    _row_average_price,
    _row_profit_rate,
    _row_unused_earning_rate,
    _row_orderable_quantity,
    _row_quantities_not_negative,
    _row_fluctuation_rate,
    _row_price_on_tick,
)
SANDBOX_ROW_RULES = (_row_cash_only, _row_substitute_price)


# ---------------------------------------------------------------------------------------------------
# output2: rules for the summary (and the summary against the rows)
# ---------------------------------------------------------------------------------------------------
def _sum_purchase(rows, summary) -> Iterator[str]:
    """pchs_amt_smtl_amt = Σ pchs_amt. Official (매입금액합계금액)."""
    expected = sum(number(r, "pchs_amt") for r in rows)
    if number(summary, "pchs_amt_smtl_amt") != expected:
        yield f"pchs_amt_smtl_amt {won(summary['pchs_amt_smtl_amt'])} ≠ Σ pchs_amt = {won(expected)}"


def _sum_evaluation(rows, summary) -> Iterator[str]:
    """evlu_amt_smtl_amt = Σ evlu_amt = scts_evlu_amt. Official (유가증권 평가금액 합계금액)."""
    expected = sum(number(r, "evlu_amt") for r in rows)
    for field in ("evlu_amt_smtl_amt", "scts_evlu_amt"):
        if number(summary, field) != expected:
            yield f"{field} {won(summary[field])} ≠ Σ evlu_amt = {won(expected)}"


def _sum_profit(rows, summary) -> Iterator[str]:
    """evlu_pfls_smtl_amt = Σ evlu_pfls_amt. Official (평가손익합계금액)."""
    expected = sum(number(r, "evlu_pfls_amt") for r in rows)
    if number(summary, "evlu_pfls_smtl_amt") != expected:
        yield f"evlu_pfls_smtl_amt {won(summary['evlu_pfls_smtl_amt'])} ≠ Σ evlu_pfls_amt = {won(expected)}"


def _total_evaluation(summary) -> Iterator[str]:
    """tot_evlu_amt = scts_evlu_amt + prvs_rcdl_excc_amt. Official (field description: 유가증권 평가금액
    합계금액 + D+2 예수금)."""
    expected = number(summary, "scts_evlu_amt") + number(summary, "prvs_rcdl_excc_amt")
    if number(summary, "tot_evlu_amt") != expected:
        yield (
            f"tot_evlu_amt {won(summary['tot_evlu_amt'])} ≠ scts_evlu_amt + prvs_rcdl_excc_amt(D+2 예수금) "
            f"= {won(expected)}"
        )


def _net_assets(summary) -> Iterator[str]:
    """nass_amt = tot_evlu_amt when tot_loan_amt is 0. Official (recorded responses; README)."""
    if number(summary, "tot_loan_amt") == 0 and number(summary, "nass_amt") != number(summary, "tot_evlu_amt"):
        yield f"nass_amt {won(summary['nass_amt'])} ≠ tot_evlu_amt {won(summary['tot_evlu_amt'])} (대출이 없을 때)"


def _asset_change(summary) -> Iterator[str]:
    """asst_icdc_amt = tot_evlu_amt − bfdy_tot_asst_evlu_amt. Official (recorded responses; the official
    example: 2,106,055 − 2,142,945 = −36,890)."""
    expected = number(summary, "tot_evlu_amt") - number(summary, "bfdy_tot_asst_evlu_amt")
    if number(summary, "asst_icdc_amt") != expected:
        yield f"asst_icdc_amt {won(summary['asst_icdc_amt'])} ≠ tot_evlu_amt − bfdy_tot_asst_evlu_amt = {won(expected)}"


def _asset_change_rate(summary) -> Iterator[str]:
    """asst_icdc_erng_rt is officially "데이터 미제공". The official example (a real account) shows 0, users'
    paper recordings an 8-decimal rate, which the sandbox takes as asst_icdc_amt / bfdy_tot_asst_evlu_amt × 100.
    Either is accepted, the rate within 0.01 (how paper servers compute it is not documented).
    Official (spec + official example); the rate's formula is the sandbox's choice."""
    value = number(summary, "asst_icdc_erng_rt")
    expected = percent(number(summary, "asst_icdc_amt"), number(summary, "bfdy_tot_asst_evlu_amt"))
    if value != 0 and not near(value, expected, 2):
        yield f"asst_icdc_erng_rt {summary['asst_icdc_erng_rt']} 은(는) 0 또는 {expected:.8f} 이어야 합니다"


def _cash_by_settlement_day(summary) -> Iterator[str]:
    """D+1 and D+2 cash follow from D+0 cash by the trades that settle on those days (T+2 settlement):
    nxdy_excc_amt = dnca_tot_amt − bfdy_buy_amt − bfdy_tlex_amt + bfdy_sll_amt and
    prvs_rcdl_excc_amt = nxdy_excc_amt − thdt_buy_amt − thdt_tlex_amt + thdt_sll_amt.
    Sandbox's choice. The users' paper log (buying 294,500 today left D+0 = D+1 = 10,000,000 and
    D+2 = 9,705,460) has same-day trades only, so it supports the D+2 formula; the D+1 formula follows from
    T+2 settlement alone (no public record has yesterday's trades). Both hold on every day, not only on a frozen
    one: when the books move to the next trading day (``bookkeeping.roll_day``) today's trades become yesterday's
    and the new D+0 is the old D+1 and the new D+1 the old D+2, which is what the two formulas say one day on."""
    d1 = (
        number(summary, "dnca_tot_amt")
        - number(summary, "bfdy_buy_amt")
        - number(summary, "bfdy_tlex_amt")
        + number(summary, "bfdy_sll_amt")
    )
    if number(summary, "nxdy_excc_amt") != d1:
        yield (
            f"nxdy_excc_amt(D+1) {won(summary['nxdy_excc_amt'])} ≠ dnca_tot_amt − bfdy_buy_amt − bfdy_tlex_amt "
            f"+ bfdy_sll_amt = {won(d1)}"
        )
    d2 = (
        number(summary, "nxdy_excc_amt")
        - number(summary, "thdt_buy_amt")
        - number(summary, "thdt_tlex_amt")
        + number(summary, "thdt_sll_amt")
    )
    if number(summary, "prvs_rcdl_excc_amt") != d2:
        yield (
            f"prvs_rcdl_excc_amt(D+2) {won(summary['prvs_rcdl_excc_amt'])} ≠ nxdy_excc_amt − thdt_buy_amt "
            f"− thdt_tlex_amt + thdt_sll_amt = {won(d2)}"
        )


def _no_credit_in_summary(summary) -> Iterator[str]:
    """No CMA, no loans, no auto-redemption, no stock borrowing. Sandbox's choice (cash account only)."""
    for field in ("cma_evlu_amt", "nxdy_auto_rdpt_amt", "d2_auto_rdpt_amt", "tot_loan_amt", "tot_stln_slng_chgs"):
        if number(summary, field) != 0:
            yield f"{field} {summary[field]} ≠ 0 (샌드박스에는 CMA·대출이 없습니다)"
    if summary["fncg_gld_auto_rdpt_yn"] != "":
        yield f"fncg_gld_auto_rdpt_yn {summary['fncg_gld_auto_rdpt_yn']!r} ≠ '' (공식 예시처럼 빈 문자열)"


def _trades_match_amounts(rows, summary) -> Iterator[str]:
    """A day's trade quantities in the rows and that day's amounts in the summary go together: some row has
    bfdy_buy_qty > 0 exactly when bfdy_buy_amt > 0 (likewise for sells and for today), and costs
    (tlex) are never negative and are 0 on a day without trades. Sandbox's choice (the official example,
    taken outside market hours, does not follow it). A day's end moves quantities and amounts together
    (thdt → bfdy), and a row sold out stays listed while its sale is today's or yesterday's, so the pairs still
    match the day after."""
    pairs = (
        ("bfdy_buy_qty", "bfdy_buy_amt"),
        ("bfdy_sll_qty", "bfdy_sll_amt"),
        ("thdt_buyqty", "thdt_buy_amt"),
        ("thdt_sll_qty", "thdt_sll_amt"),
    )
    for qty_field, amt_field in pairs:
        traded = any(number(r, qty_field) > 0 for r in rows)
        amount = number(summary, amt_field)
        if amount < 0:
            yield f"{amt_field} {summary[amt_field]} 이(가) 음수입니다"
        elif traded != (amount > 0):
            yield (
                f"{amt_field} {won(amount)} 이(가) 종목의 {qty_field}와 맞지 않습니다 "
                f"(수량이 있으면 금액도 있어야 하고, 없으면 0이어야 합니다)"
            )
    for day, qty_fields in (("bfdy", ("bfdy_buy_qty", "bfdy_sll_qty")), ("thdt", ("thdt_buyqty", "thdt_sll_qty"))):
        cost_field = f"{day}_tlex_amt"
        cost = number(summary, cost_field)
        traded = any(number(r, f) > 0 for r in rows for f in qty_fields)
        if cost < 0 or (cost > 0 and not traded):
            yield f"{cost_field} {won(cost)}: 매매가 없는 날의 제비용은 0이어야 하고, 음수일 수 없습니다"


def _asset_change_from_prices(rows, summary) -> Iterator[str]:
    """On a day without trades, the assets changed only because prices moved:
    asst_icdc_amt = Σ hldg_qty × bfdy_cprs_icdc. Sandbox's choice (it takes bfdy_tot_asst_evlu_amt as
    yesterday's holdings at yesterday's close plus the same D+2 cash; real accounts also move with deposits
    and withdrawals). Skipped when there are trades today. With moving prices it holds at every moment of every
    day: ``valuation.py`` recomputes bfdy_tot_asst_evlu_amt at each answer from the previous close of the day the
    quotes show, the same close bfdy_cprs_icdc is measured from."""
    traded_today = any(number(r, f) > 0 for r in rows for f in ("thdt_buyqty", "thdt_sll_qty")) or any(
        number(summary, f) != 0 for f in ("thdt_buy_amt", "thdt_sll_amt", "thdt_tlex_amt")
    )
    if traded_today:
        return
    expected = sum(number(r, "hldg_qty") * number(r, "bfdy_cprs_icdc") for r in rows)
    if number(summary, "asst_icdc_amt") != expected:
        yield (
            f"asst_icdc_amt {won(summary['asst_icdc_amt'])} ≠ Σ hldg_qty × bfdy_cprs_icdc = {won(expected)} "
            f"(오늘 매매가 없으면 자산 변화는 가격 변화뿐입니다)"
        )


SUMMARY_RULES = (_total_evaluation, _net_assets, _asset_change, _asset_change_rate)
SANDBOX_SUMMARY_RULES = (_cash_by_settlement_day, _no_credit_in_summary)
TOTAL_RULES = (_sum_purchase, _sum_evaluation, _sum_profit)  # rows + summary
SANDBOX_TOTAL_RULES = (_trades_match_amounts, _asset_change_from_prices)


# ---------------------------------------------------------------------------------------------------
# Public checks
# ---------------------------------------------------------------------------------------------------
def check_balance(output1: list, output2: list, *, sandbox_rules: bool = True) -> list:
    """Check a 주식잔고조회 answer; returns readable problems (an empty list = consistent).

    ``output1`` is every holding row (of all pages), ``output2`` the summary LIST holding one object.
    With ``sandbox_rules=False`` only the official and exchange rules are checked, which is the right
    choice for responses recorded from a real KIS server.
    """
    problems = []
    if not isinstance(output1, list):
        return [f"output1은 리스트여야 합니다: {type(output1).__name__}"]
    if not isinstance(output2, list) or len(output2) != 1:
        what = f"{len(output2)}개" if isinstance(output2, list) else type(output2).__name__
        return [f"output2는 요약 객체 하나를 담은 리스트여야 합니다: {what}"]

    row_rules = ROW_RULES + (SANDBOX_ROW_RULES if sandbox_rules else ())
    rows_ok = True
    for index, row in enumerate(output1):
        where = row_label(index, row)
        shape = shape_problems(row, OUTPUT1_FIELDS, OUTPUT1_FORMATS)
        if shape:
            rows_ok = False
            problems += [f"{where}: {p}" for p in shape]
            continue
        for rule in row_rules:
            problems += [f"{where}: {p}" for p in rule(row)]

    summary = output2[0]
    shape = shape_problems(summary, OUTPUT2_FIELDS, OUTPUT2_FORMATS)
    if shape:
        return problems + [f"output2[0]: {p}" for p in shape]
    for rule in SUMMARY_RULES + (SANDBOX_SUMMARY_RULES if sandbox_rules else ()):
        problems += [f"output2[0]: {p}" for p in rule(summary)]
    if rows_ok:
        for rule in TOTAL_RULES + (SANDBOX_TOTAL_RULES if sandbox_rules else ()):
            problems += [f"output2[0]: {p}" for p in rule(output1, summary)]
    else:
        problems.append("output2[0]: 형식이 잘못된 종목이 있어 합계 검사를 건너뜁니다")
    return problems
