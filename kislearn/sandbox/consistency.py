"""Consistency checks for 주식잔고조회 (inquire-balance) and 주식현재가 시세 (inquire-price) data.

The sandbox's sample accounts are not real accounts: they are built so that every number obeys the
arithmetic of the official specification. This module writes that arithmetic down once, as rules, so it
can check any balance: the sample files, the balances the order simulation produces, or responses saved
by a recorder.

    from kislearn.sandbox.consistency import check_balance, check_price_matches
    problems = check_balance(body["output1"], body["output2"])   # [] = consistent
    for problem in problems:
        print(problem)

Pass ALL rows of ALL pages as ``output1`` (every page repeats the same ``output2``), otherwise the sums
cannot match.

Every rule says where it comes from:

- **official** — the field descriptions of the KIS specification workbook, or the arithmetic its official
  examples and users' recorded responses follow (``shared/kis-spec/README.md``);
- **exchange** — a KRX market rule (tick sizes, ±30% daily limits);
- **sandbox's choice** — a point the official documents do not settle. These rules are only checked with
  ``sandbox_rules=True`` (the default); recorded responses from a real server may break them.

Problems are written in Korean for the learners; field names stay as KIS spells them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation

# ---------------------------------------------------------------------------------------------------
# Field lists, in the order of the official specification (tests compare them with the spec's TSV files)
# ---------------------------------------------------------------------------------------------------
OUTPUT1_FIELDS = (  # 주식잔고조회 output1: one object per holding (26 fields)
    "pdno",
    "prdt_name",
    "trad_dvsn_name",
    "bfdy_buy_qty",
    "bfdy_sll_qty",
    "thdt_buyqty",
    "thdt_sll_qty",
    "hldg_qty",
    "ord_psbl_qty",
    "pchs_avg_pric",
    "pchs_amt",
    "prpr",
    "evlu_amt",
    "evlu_pfls_amt",
    "evlu_pfls_rt",
    "evlu_erng_rt",
    "loan_dt",
    "loan_amt",
    "stln_slng_chgs",
    "expd_dt",
    "fltt_rt",
    "bfdy_cprs_icdc",
    "item_mgna_rt_name",
    "grta_rt_name",
    "sbst_pric",
    "stck_loan_unpr",
)
OUTPUT2_FIELDS = (  # 주식잔고조회 output2: a list holding ONE summary object (24 fields)
    "dnca_tot_amt",
    "nxdy_excc_amt",
    "prvs_rcdl_excc_amt",
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
    "scts_evlu_amt",
    "tot_evlu_amt",
    "nass_amt",
    "fncg_gld_auto_rdpt_yn",
    "pchs_amt_smtl_amt",
    "evlu_amt_smtl_amt",
    "evlu_pfls_smtl_amt",
    "tot_stln_slng_chgs",
    "bfdy_tot_asst_evlu_amt",
    "asst_icdc_amt",
    "asst_icdc_erng_rt",
)
PRICE_OUTPUT_FIELDS = (  # 주식현재가 시세 output: one object (82 fields)
    "iscd_stat_cls_code",
    "marg_rate",
    "rprs_mrkt_kor_name",
    "new_hgpr_lwpr_cls_code",
    "bstp_kor_isnm",
    "temp_stop_yn",
    "oprc_rang_cont_yn",
    "clpr_rang_cont_yn",
    "crdt_able_yn",
    "grmn_rate_cls_code",
    "elw_pblc_yn",
    "stck_prpr",
    "prdy_vrss",
    "prdy_vrss_sign",
    "prdy_ctrt",
    "acml_tr_pbmn",
    "acml_vol",
    "prdy_vrss_vol_rate",
    "stck_oprc",
    "stck_hgpr",
    "stck_lwpr",
    "stck_mxpr",
    "stck_llam",
    "stck_sdpr",
    "wghn_avrg_stck_prc",
    "hts_frgn_ehrt",
    "frgn_ntby_qty",
    "pgtr_ntby_qty",
    "pvt_scnd_dmrs_prc",
    "pvt_frst_dmrs_prc",
    "pvt_pont_val",
    "pvt_frst_dmsp_prc",
    "pvt_scnd_dmsp_prc",
    "dmrs_val",
    "dmsp_val",
    "cpfn",
    "rstc_wdth_prc",
    "stck_fcam",
    "stck_sspr",
    "aspr_unit",
    "hts_deal_qty_unit_val",
    "lstn_stcn",
    "hts_avls",
    "per",
    "pbr",
    "stac_month",
    "vol_tnrt",
    "eps",
    "bps",
    "d250_hgpr",
    "d250_hgpr_date",
    "d250_hgpr_vrss_prpr_rate",
    "d250_lwpr",
    "d250_lwpr_date",
    "d250_lwpr_vrss_prpr_rate",
    "stck_dryy_hgpr",
    "dryy_hgpr_vrss_prpr_rate",
    "dryy_hgpr_date",
    "stck_dryy_lwpr",
    "dryy_lwpr_vrss_prpr_rate",
    "dryy_lwpr_date",
    "w52_hgpr",
    "w52_hgpr_vrss_prpr_ctrt",
    "w52_hgpr_date",
    "w52_lwpr",
    "w52_lwpr_vrss_prpr_ctrt",
    "w52_lwpr_date",
    "whol_loan_rmnd_rate",
    "ssts_yn",
    "stck_shrn_iscd",
    "fcam_cnnm",
    "cpfn_cnnm",
    "apprch_rate",
    "frgn_hldn_qty",
    "vi_cls_code",
    "ovtm_vi_cls_code",
    "last_ssts_cntg_qty",
    "invt_caful_yn",
    "mrkt_warn_cls_code",
    "short_over_yn",
    "sltr_yn",
    "mang_issu_cls_code",
)

# How each numeric field is written. "int" = whole number; a number n = exactly n decimals; "date" =
# YYYYMMDD or blank. Other fields are free text. Taken from the official response examples.
OUTPUT1_FORMATS = {
    **{
        f: "int"
        for f in (
            "bfdy_buy_qty",
            "bfdy_sll_qty",
            "thdt_buyqty",
            "thdt_sll_qty",
            "hldg_qty",
            "ord_psbl_qty",
            "pchs_amt",
            "prpr",
            "evlu_amt",
            "evlu_pfls_amt",
            "loan_amt",
            "stln_slng_chgs",
            "bfdy_cprs_icdc",
            "sbst_pric",
        )
    },
    "pchs_avg_pric": 4,
    "stck_loan_unpr": 4,
    "evlu_pfls_rt": 2,
    "evlu_erng_rt": 8,
    "fltt_rt": 8,
    "loan_dt": "date",
    "expd_dt": "date",
}
OUTPUT2_FORMATS = {
    **{f: "int" for f in OUTPUT2_FIELDS if f not in ("fncg_gld_auto_rdpt_yn", "asst_icdc_erng_rt")},
    "asst_icdc_erng_rt": 8,
}
PRICE_FORMATS = {
    **{
        f: "int"
        for f in (
            "stck_prpr",
            "prdy_vrss",
            "acml_tr_pbmn",
            "acml_vol",
            "stck_oprc",
            "stck_hgpr",
            "stck_lwpr",
            "stck_mxpr",
            "stck_llam",
            "stck_sdpr",
            "frgn_ntby_qty",
            "pgtr_ntby_qty",
            "pvt_scnd_dmrs_prc",
            "pvt_frst_dmrs_prc",
            "pvt_pont_val",
            "pvt_frst_dmsp_prc",
            "pvt_scnd_dmsp_prc",
            "dmrs_val",
            "dmsp_val",
            "cpfn",
            "rstc_wdth_prc",
            "stck_fcam",
            "stck_sspr",
            "aspr_unit",
            "hts_deal_qty_unit_val",
            "lstn_stcn",
            "hts_avls",
            "d250_hgpr",
            "d250_lwpr",
            "stck_dryy_hgpr",
            "stck_dryy_lwpr",
            "w52_hgpr",
            "w52_lwpr",
            "frgn_hldn_qty",
            "last_ssts_cntg_qty",
        )
    },
    **{
        f: 2
        for f in (
            "marg_rate",
            "prdy_ctrt",
            "prdy_vrss_vol_rate",
            "wghn_avrg_stck_prc",
            "hts_frgn_ehrt",
            "per",
            "pbr",
            "vol_tnrt",
            "eps",
            "bps",
            "d250_hgpr_vrss_prpr_rate",
            "d250_lwpr_vrss_prpr_rate",
            "dryy_hgpr_vrss_prpr_rate",
            "dryy_lwpr_vrss_prpr_rate",
            "w52_hgpr_vrss_prpr_ctrt",
            "w52_lwpr_vrss_prpr_ctrt",
            "whol_loan_rmnd_rate",
            "apprch_rate",
        )
    },
    **{
        f: "date"
        for f in (
            "d250_hgpr_date",
            "d250_lwpr_date",
            "dryy_hgpr_date",
            "dryy_lwpr_date",
            "w52_hgpr_date",
            "w52_lwpr_date",
        )
    },
}

# ---------------------------------------------------------------------------------------------------
# Market arithmetic shared with scripts/build_sample_data.py
# ---------------------------------------------------------------------------------------------------
# 대용가격 (substitute price) = previous close × this rate, rounded down to 10 won. # sandbox's choice
# KRX sets a rate per stock; 76% fits both official examples (128,500 → 97,660 and 184,500 → 140,220).
SUBSTITUTE_RATE = Decimal("0.76")

DAILY_LIMIT = Decimal("0.30")  # exchange: a price may move at most ±30% from the base price in a day

# (upper bound, tick): a price below the bound moves in steps of the tick. # exchange (KRX, from 2023)
TICK_TABLE = ((2_000, 1), (5_000, 5), (20_000, 10), (50_000, 50), (200_000, 100), (500_000, 500))
TOP_TICK = 1_000  # 500,000 won and above


def krx_tick_size(price) -> int:
    """The KRX tick size (호가단위) for a price: 1, 5, 10, 50, 100, 500 or 1,000 won."""
    for bound, tick in TICK_TABLE:
        if price < bound:
            return tick
    return TOP_TICK


def price_limits(base_price: int) -> tuple:
    """(상한가, 하한가) for a base price: ±30%, the upper limit rounded down and the lower rounded up to a tick.

    Exchange rule; fits the official example (base 128,500 → 167,000 / 90,000).
    """
    upper = Decimal(base_price) * (1 + DAILY_LIMIT)
    lower = Decimal(base_price) * (1 - DAILY_LIMIT)
    upper_tick, lower_tick = krx_tick_size(upper), krx_tick_size(lower)
    return (
        int((upper / upper_tick).to_integral_value(ROUND_FLOOR)) * upper_tick,
        int((lower / lower_tick).to_integral_value(ROUND_CEILING)) * lower_tick,
    )


def substitute_price(previous_close: int, rate: Decimal = SUBSTITUTE_RATE) -> int:
    """대용가격: the previous close × ``rate``, rounded down to 10 won. # sandbox's choice"""
    return int((Decimal(previous_close) * rate / 10).to_integral_value(ROUND_FLOOR)) * 10


# ---------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------
_INT = re.compile(r"-?\d+")
_DATE = re.compile(r"(\d{8})?")


def _format_ok(value: str, kind) -> bool:
    """Whether ``value`` is written as ``kind`` says ("int", "date" or a number of decimals)."""
    if kind == "int":
        return bool(_INT.fullmatch(value))
    if kind == "date":
        return bool(_DATE.fullmatch(value))
    return bool(re.fullmatch(rf"-?\d+\.\d{{{kind}}}", value))


def _shape_problems(obj, fields: tuple, formats: dict) -> list:
    """Missing, extra or wrongly written fields of one object (official: every value is a JSON string)."""
    if not isinstance(obj, dict):
        return [f"객체(dict)가 아닙니다: {type(obj).__name__}"]
    problems = []
    missing = [f for f in fields if f not in obj]
    extra = [f for f in obj if f not in fields]
    if missing:
        problems.append(f"필드가 없습니다: {', '.join(missing)}")
    if extra:
        problems.append(f"명세에 없는 필드가 있습니다: {', '.join(extra)}")
    if not missing and not extra and list(obj) != list(fields):
        problems.append("필드 순서가 명세와 다릅니다")
    for field in fields:
        if field not in obj:
            continue
        value = obj[field]
        if not isinstance(value, str):
            problems.append(f"{field} 값이 문자열이 아닙니다: {value!r} (KIS는 숫자도 문자열로 보냅니다)")
        elif field in formats and not _format_ok(value, formats[field]):
            kind = formats[field]
            how = {"int": "정수", "date": "YYYYMMDD 또는 빈 문자열"}.get(kind, f"소수점 {kind}자리 숫자")
            problems.append(f"{field} 값 {value!r} 이(가) {how} 형식이 아닙니다")
    return problems


def _n(obj: Mapping, field: str) -> Decimal:
    """A field's value as a Decimal (call only after the shape check passed)."""
    return Decimal(obj[field])


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole × 100, or 0 when whole is 0."""
    return part / whole * 100 if whole else Decimal(0)


def _near(actual: Decimal, expected: Decimal, places: int) -> bool:
    """Equal up to one unit of the last written decimal (how the server rounds is not documented)."""
    return abs(actual - expected) <= Decimal(1).scaleb(-places)


def _won(value) -> str:
    """1234567 → '1,234,567' for messages."""
    value = Decimal(value)
    return f"{value:,}" if value == value.to_integral_value() else f"{value:,.4f}"


# ---------------------------------------------------------------------------------------------------
# output1: rules for one holding
# ---------------------------------------------------------------------------------------------------
def _row_evaluation_amount(row) -> Iterator[str]:
    """evlu_amt = prpr × hldg_qty. Official (평가금액 = 현재가 × 보유수량, as in every recorded response)."""
    expected = _n(row, "prpr") * _n(row, "hldg_qty")
    if _n(row, "evlu_amt") != expected:
        yield f"evlu_amt {_won(row['evlu_amt'])} ≠ prpr × hldg_qty = {_won(expected)}"


def _row_profit_amount(row) -> Iterator[str]:
    """evlu_pfls_amt = evlu_amt − pchs_amt. Official (field description: 평가금액 - 매입금액)."""
    expected = _n(row, "evlu_amt") - _n(row, "pchs_amt")
    if _n(row, "evlu_pfls_amt") != expected:
        yield f"evlu_pfls_amt {_won(row['evlu_pfls_amt'])} ≠ evlu_amt − pchs_amt = {_won(expected)}"


def _row_average_price(row) -> Iterator[str]:
    """pchs_avg_pric = pchs_amt / hldg_qty, 4 decimals. Official (field description: 매입금액 / 보유수량).

    A row sold out today (hldg_qty 0, official README) has nothing to divide: 0 is expected.
    """
    quantity = _n(row, "hldg_qty")
    expected = _n(row, "pchs_amt") / quantity if quantity else Decimal(0)
    if not _near(_n(row, "pchs_avg_pric"), expected, 4):
        yield f"pchs_avg_pric {row['pchs_avg_pric']} ≠ pchs_amt / hldg_qty = {expected:.4f}"


def _row_profit_rate(row) -> Iterator[str]:
    """evlu_pfls_rt = evlu_pfls_amt / pchs_amt × 100, 2 decimals. Official (recorded responses)."""
    expected = _pct(_n(row, "evlu_pfls_amt"), _n(row, "pchs_amt"))
    if not _near(_n(row, "evlu_pfls_rt"), expected, 2):
        yield f"evlu_pfls_rt {row['evlu_pfls_rt']} ≠ evlu_pfls_amt / pchs_amt × 100 = {expected:.2f}"


def _row_unused_earning_rate(row) -> Iterator[str]:
    """evlu_erng_rt is officially unused ("미사용항목(0으로 출력)"): real servers print 0, paper servers the
    profit rate with 8 decimals. Either is accepted. Official (spec + recorded responses)."""
    value = _n(row, "evlu_erng_rt")
    expected = _pct(_n(row, "evlu_pfls_amt"), _n(row, "pchs_amt"))
    if value != 0 and not _near(value, expected, 2):
        yield f"evlu_erng_rt {row['evlu_erng_rt']} 은(는) 0 또는 평가손익율 ≈ {expected:.2f} 이어야 합니다"


def _row_orderable_quantity(row) -> Iterator[str]:
    """0 ≤ ord_psbl_qty ≤ hldg_qty: shares waiting in a sell order cannot be ordered again.
    Official (the official example shows 1,611 orderable of 1,657 held)."""
    if not 0 <= _n(row, "ord_psbl_qty") <= _n(row, "hldg_qty"):
        yield f"ord_psbl_qty {row['ord_psbl_qty']} 이(가) 0과 hldg_qty {row['hldg_qty']} 사이가 아닙니다"


def _row_quantities_not_negative(row) -> Iterator[str]:
    """Quantities are never negative. Official (common sense of the fields)."""
    for field in ("bfdy_buy_qty", "bfdy_sll_qty", "thdt_buyqty", "thdt_sll_qty", "hldg_qty"):
        if _n(row, field) < 0:
            yield f"{field} {row[field]} 이(가) 음수입니다"


def _row_fluctuation_rate(row) -> Iterator[str]:
    """fltt_rt = bfdy_cprs_icdc / (prpr − bfdy_cprs_icdc) × 100: the day's change over the previous close,
    written with 8 decimals (the price API's 2-decimal prdy_ctrt). Official (the official example:
    −184,500 on a previous close of 184,500 → -100.00000000)."""
    change = _n(row, "bfdy_cprs_icdc")
    previous_close = _n(row, "prpr") - change
    if previous_close > 0:
        expected = _pct(change, previous_close)
        if not _near(_n(row, "fltt_rt"), expected, 2):
            yield f"fltt_rt {row['fltt_rt']} ≠ bfdy_cprs_icdc / 전일종가 × 100 ≈ {expected:.2f}"


def _row_price_on_tick(row) -> Iterator[str]:
    """A current price is a multiple of its KRX tick size. Exchange rule."""
    price = _n(row, "prpr")
    if price > 0 and price % krx_tick_size(price):
        yield f"prpr {_won(price)} 이(가) 호가단위 {krx_tick_size(price)}원의 배수가 아닙니다"


def _row_cash_only(row) -> Iterator[str]:
    """The sandbox has cash holdings only: trad_dvsn_name "현금", no loan, no stock borrowing.
    Sandbox's choice (the official example also shows 자기융자 rows with a loan date and amount)."""
    expected = {"trad_dvsn_name": "현금", "loan_dt": "", "expd_dt": ""}
    for field, value in expected.items():
        if row[field] != value:
            yield f"{field} {row[field]!r} ≠ {value!r} (샌드박스는 현금 매매만 다룹니다)"
    for field in ("loan_amt", "stln_slng_chgs", "stck_loan_unpr"):
        if _n(row, field) != 0:
            yield f"{field} {row[field]} ≠ 0 (샌드박스에는 대출이 없습니다)"


def _row_substitute_price(row) -> Iterator[str]:
    """sbst_pric = previous close × 76%, rounded down to 10 won. Sandbox's choice (see SUBSTITUTE_RATE)."""
    expected = substitute_price(int(_n(row, "prpr") - _n(row, "bfdy_cprs_icdc")))
    if _n(row, "sbst_pric") != expected:
        yield f"sbst_pric {_won(row['sbst_pric'])} ≠ 전일종가 × {SUBSTITUTE_RATE} (10원 미만 버림) = {_won(expected)}"


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
    expected = sum(_n(r, "pchs_amt") for r in rows)
    if _n(summary, "pchs_amt_smtl_amt") != expected:
        yield f"pchs_amt_smtl_amt {_won(summary['pchs_amt_smtl_amt'])} ≠ Σ pchs_amt = {_won(expected)}"


def _sum_evaluation(rows, summary) -> Iterator[str]:
    """evlu_amt_smtl_amt = Σ evlu_amt = scts_evlu_amt. Official (유가증권 평가금액 합계금액)."""
    expected = sum(_n(r, "evlu_amt") for r in rows)
    for field in ("evlu_amt_smtl_amt", "scts_evlu_amt"):
        if _n(summary, field) != expected:
            yield f"{field} {_won(summary[field])} ≠ Σ evlu_amt = {_won(expected)}"


def _sum_profit(rows, summary) -> Iterator[str]:
    """evlu_pfls_smtl_amt = Σ evlu_pfls_amt. Official (평가손익합계금액)."""
    expected = sum(_n(r, "evlu_pfls_amt") for r in rows)
    if _n(summary, "evlu_pfls_smtl_amt") != expected:
        yield f"evlu_pfls_smtl_amt {_won(summary['evlu_pfls_smtl_amt'])} ≠ Σ evlu_pfls_amt = {_won(expected)}"


def _total_evaluation(summary) -> Iterator[str]:
    """tot_evlu_amt = scts_evlu_amt + prvs_rcdl_excc_amt. Official (field description: 유가증권 평가금액
    합계금액 + D+2 예수금)."""
    expected = _n(summary, "scts_evlu_amt") + _n(summary, "prvs_rcdl_excc_amt")
    if _n(summary, "tot_evlu_amt") != expected:
        yield (
            f"tot_evlu_amt {_won(summary['tot_evlu_amt'])} ≠ scts_evlu_amt + prvs_rcdl_excc_amt(D+2 예수금) "
            f"= {_won(expected)}"
        )


def _net_assets(summary) -> Iterator[str]:
    """nass_amt = tot_evlu_amt when tot_loan_amt is 0. Official (recorded responses; README)."""
    if _n(summary, "tot_loan_amt") == 0 and _n(summary, "nass_amt") != _n(summary, "tot_evlu_amt"):
        yield f"nass_amt {_won(summary['nass_amt'])} ≠ tot_evlu_amt {_won(summary['tot_evlu_amt'])} (대출이 없을 때)"


def _asset_change(summary) -> Iterator[str]:
    """asst_icdc_amt = tot_evlu_amt − bfdy_tot_asst_evlu_amt. Official (recorded responses; the official
    example: 2,106,055 − 2,142,945 = −36,890)."""
    expected = _n(summary, "tot_evlu_amt") - _n(summary, "bfdy_tot_asst_evlu_amt")
    if _n(summary, "asst_icdc_amt") != expected:
        yield f"asst_icdc_amt {_won(summary['asst_icdc_amt'])} ≠ tot_evlu_amt − bfdy_tot_asst_evlu_amt = {_won(expected)}"


def _asset_change_rate(summary) -> Iterator[str]:
    """asst_icdc_erng_rt is officially "데이터 미제공": real servers print 0, paper servers
    asst_icdc_amt / bfdy_tot_asst_evlu_amt × 100 with 8 decimals. Either is accepted, the rate within 0.01
    (how precisely paper servers compute it is not documented). Official (spec + recorded responses)."""
    value = _n(summary, "asst_icdc_erng_rt")
    expected = _pct(_n(summary, "asst_icdc_amt"), _n(summary, "bfdy_tot_asst_evlu_amt"))
    if value != 0 and not _near(value, expected, 2):
        yield f"asst_icdc_erng_rt {summary['asst_icdc_erng_rt']} 은(는) 0 또는 {expected:.8f} 이어야 합니다"


def _cash_by_settlement_day(summary) -> Iterator[str]:
    """D+1 and D+2 cash follow from D+0 cash by the trades that settle on those days (T+2 settlement):
    nxdy_excc_amt = dnca_tot_amt − bfdy_buy_amt − bfdy_tlex_amt + bfdy_sll_amt and
    prvs_rcdl_excc_amt = nxdy_excc_amt − thdt_buy_amt − thdt_tlex_amt + thdt_sll_amt.
    Sandbox's choice, consistent with the users' paper log (buying 294,500 today left D+0 = D+1 =
    10,000,000 and D+2 = 9,705,460)."""
    d1 = (
        _n(summary, "dnca_tot_amt")
        - _n(summary, "bfdy_buy_amt")
        - _n(summary, "bfdy_tlex_amt")
        + _n(summary, "bfdy_sll_amt")
    )
    if _n(summary, "nxdy_excc_amt") != d1:
        yield (
            f"nxdy_excc_amt(D+1) {_won(summary['nxdy_excc_amt'])} ≠ dnca_tot_amt − bfdy_buy_amt − bfdy_tlex_amt "
            f"+ bfdy_sll_amt = {_won(d1)}"
        )
    d2 = (
        _n(summary, "nxdy_excc_amt")
        - _n(summary, "thdt_buy_amt")
        - _n(summary, "thdt_tlex_amt")
        + _n(summary, "thdt_sll_amt")
    )
    if _n(summary, "prvs_rcdl_excc_amt") != d2:
        yield (
            f"prvs_rcdl_excc_amt(D+2) {_won(summary['prvs_rcdl_excc_amt'])} ≠ nxdy_excc_amt − thdt_buy_amt "
            f"− thdt_tlex_amt + thdt_sll_amt = {_won(d2)}"
        )


def _no_credit_in_summary(summary) -> Iterator[str]:
    """No CMA, no loans, no auto-redemption, no stock borrowing. Sandbox's choice (cash account only)."""
    for field in ("cma_evlu_amt", "nxdy_auto_rdpt_amt", "d2_auto_rdpt_amt", "tot_loan_amt", "tot_stln_slng_chgs"):
        if _n(summary, field) != 0:
            yield f"{field} {summary[field]} ≠ 0 (샌드박스에는 CMA·대출이 없습니다)"
    if summary["fncg_gld_auto_rdpt_yn"] != "":
        yield f"fncg_gld_auto_rdpt_yn {summary['fncg_gld_auto_rdpt_yn']!r} ≠ '' (공식 예시처럼 빈 문자열)"


def _trades_match_amounts(rows, summary) -> Iterator[str]:
    """A day's trade quantities in the rows and that day's amounts in the summary go together: some row has
    bfdy_buy_qty > 0 exactly when bfdy_buy_amt > 0 (likewise for sells and for today), and costs
    (tlex) are never negative and are 0 on a day without trades. Sandbox's choice (the official example,
    taken outside market hours, does not follow it)."""
    pairs = (
        ("bfdy_buy_qty", "bfdy_buy_amt"),
        ("bfdy_sll_qty", "bfdy_sll_amt"),
        ("thdt_buyqty", "thdt_buy_amt"),
        ("thdt_sll_qty", "thdt_sll_amt"),
    )
    for qty_field, amt_field in pairs:
        traded = any(_n(r, qty_field) > 0 for r in rows)
        amount = _n(summary, amt_field)
        if amount < 0:
            yield f"{amt_field} {summary[amt_field]} 이(가) 음수입니다"
        elif traded != (amount > 0):
            yield (
                f"{amt_field} {_won(amount)} 이(가) 종목의 {qty_field}와 맞지 않습니다 "
                f"(수량이 있으면 금액도 있어야 하고, 없으면 0이어야 합니다)"
            )
    for day, qty_fields in (("bfdy", ("bfdy_buy_qty", "bfdy_sll_qty")), ("thdt", ("thdt_buyqty", "thdt_sll_qty"))):
        cost_field = f"{day}_tlex_amt"
        cost = _n(summary, cost_field)
        traded = any(_n(r, f) > 0 for r in rows for f in qty_fields)
        if cost < 0 or (cost > 0 and not traded):
            yield f"{cost_field} {_won(cost)}: 매매가 없는 날의 제비용은 0이어야 하고, 음수일 수 없습니다"


def _asset_change_from_prices(rows, summary) -> Iterator[str]:
    """On a day without trades, the assets changed only because prices moved:
    asst_icdc_amt = Σ hldg_qty × bfdy_cprs_icdc. Sandbox's choice (it takes bfdy_tot_asst_evlu_amt as
    yesterday's holdings at yesterday's close plus the same D+2 cash; real accounts also move with deposits
    and withdrawals). Skipped when there are trades today."""
    traded_today = any(_n(r, f) > 0 for r in rows for f in ("thdt_buyqty", "thdt_sll_qty")) or any(
        _n(summary, f) != 0 for f in ("thdt_buy_amt", "thdt_sll_amt", "thdt_tlex_amt")
    )
    if traded_today:
        return
    expected = sum(_n(r, "hldg_qty") * _n(r, "bfdy_cprs_icdc") for r in rows)
    if _n(summary, "asst_icdc_amt") != expected:
        yield (
            f"asst_icdc_amt {_won(summary['asst_icdc_amt'])} ≠ Σ hldg_qty × bfdy_cprs_icdc = {_won(expected)} "
            f"(오늘 매매가 없으면 자산 변화는 가격 변화뿐입니다)"
        )


SUMMARY_RULES = (_total_evaluation, _net_assets, _asset_change, _asset_change_rate)
SANDBOX_SUMMARY_RULES = (_cash_by_settlement_day, _no_credit_in_summary)
TOTAL_RULES = (_sum_purchase, _sum_evaluation, _sum_profit)  # rows + summary
SANDBOX_TOTAL_RULES = (_trades_match_amounts, _asset_change_from_prices)


# ---------------------------------------------------------------------------------------------------
# Public checks
# ---------------------------------------------------------------------------------------------------
def _row_label(index: int, row) -> str:
    if isinstance(row, dict):
        return f"output1[{index}] {row.get('pdno', '?')} {row.get('prdt_name', '')}".rstrip()
    return f"output1[{index}]"


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
        where = _row_label(index, row)
        shape = _shape_problems(row, OUTPUT1_FIELDS, OUTPUT1_FORMATS)
        if shape:
            rows_ok = False
            problems += [f"{where}: {p}" for p in shape]
            continue
        for rule in row_rules:
            problems += [f"{where}: {p}" for p in rule(row)]

    summary = output2[0]
    shape = _shape_problems(summary, OUTPUT2_FIELDS, OUTPUT2_FORMATS)
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


def _price_output(price) -> dict | None:
    """Accept an inquire-price ``output`` object, a price file ``{"symbol", "name", "output"}``, or any
    object with an ``output`` attribute (kislearn.sandbox.samples.SamplePrice)."""
    if hasattr(price, "output"):
        return price.output
    if isinstance(price, dict) and isinstance(price.get("output"), dict):
        return price["output"]
    return price if isinstance(price, dict) else None


def check_price_matches(output1: list, prices: Mapping) -> list:
    """Check every holding row against the price of its symbol; returns readable problems.

    ``prices`` maps a 6-digit symbol to its inquire-price ``output`` (or to a whole price file). Rules:
    prpr = stck_prpr, bfdy_cprs_icdc = prdy_vrss, fltt_rt = prdy_ctrt (official: the same quote seen by two
    APIs); sbst_pric = stck_sspr (both are 대용가격; sandbox's choice, both official examples fit it) and
    prdt_name = the price file's name when the file is given.
    """
    problems = []
    pairs = (
        ("prpr", "stck_prpr"),
        ("bfdy_cprs_icdc", "prdy_vrss"),
        ("fltt_rt", "prdy_ctrt"),
        ("sbst_pric", "stck_sspr"),
    )
    for index, row in enumerate(output1):
        where = _row_label(index, row)
        symbol = row.get("pdno") if isinstance(row, dict) else None
        if symbol not in prices:
            problems.append(f"{where}: 종목 {symbol}의 시세(price) 데이터가 없습니다")
            continue
        output = _price_output(prices[symbol])
        if output is None:
            problems.append(f"{where}: 종목 {symbol}의 시세 데이터 형식을 알 수 없습니다")
            continue
        for row_field, price_field in pairs:
            try:
                same = Decimal(row[row_field]) == Decimal(output[price_field])
            except (KeyError, TypeError, InvalidOperation):
                same = False
            if not same:
                problems.append(
                    f"{where}: {row_field} {row.get(row_field)!r} ≠ 시세의 {price_field} {output.get(price_field)!r}"
                )
        name = getattr(prices[symbol], "name", None) or (
            prices[symbol].get("name") if isinstance(prices[symbol], dict) else None
        )
        if name and row.get("prdt_name") != name:
            problems.append(f"{where}: prdt_name {row.get('prdt_name')!r} ≠ 시세 파일의 종목명 {name!r}")
    return problems


# ---------------------------------------------------------------------------------------------------
# inquire-price output on its own
# ---------------------------------------------------------------------------------------------------
def _price_problems(p: Mapping, symbol: str | None) -> Iterator[str]:
    """The rules for one inquire-price ``output``; see check_price."""

    def n(field: str) -> Decimal:
        return _n(p, field)

    price, change, base = n("stck_prpr"), n("prdy_vrss"), n("stck_sdpr")

    # Exchange: the base price (기준가) is the previous close, so stck_sdpr = stck_prpr − prdy_vrss.
    if base != price - change:
        yield f"stck_sdpr {_won(base)} ≠ stck_prpr − prdy_vrss = {_won(price - change)}"
    # Exchange: the daily limits are ±30% of the base price (fits the official example).
    upper, lower = price_limits(int(base))
    if (n("stck_mxpr"), n("stck_llam")) != (upper, lower):
        yield f"stck_mxpr/stck_llam {p['stck_mxpr']}/{p['stck_llam']} ≠ 기준가 ±30% = {upper}/{lower}"
    if n("rstc_wdth_prc") != n("stck_mxpr") - base:
        yield f"rstc_wdth_prc {p['rstc_wdth_prc']} ≠ stck_mxpr − stck_sdpr = {_won(n('stck_mxpr') - base)}"
    # Official: prdy_vrss_sign 1 upper limit, 2 up, 3 flat, 4 lower limit, 5 down.
    sign = "1" if price == upper else "4" if price == lower else "2" if change > 0 else "5" if change < 0 else "3"
    if p["prdy_vrss_sign"] != sign:
        yield f"prdy_vrss_sign {p['prdy_vrss_sign']!r} ≠ {sign!r} (prdy_vrss {p['prdy_vrss']})"
    # Official: prdy_ctrt = prdy_vrss / base × 100, 2 decimals.
    if not _near(n("prdy_ctrt"), _pct(change, base), 2):
        yield f"prdy_ctrt {p['prdy_ctrt']} ≠ prdy_vrss / stck_sdpr × 100 = {_pct(change, base):.2f}"
    # Exchange: the day's prices stay within the limits and the low ≤ open, current ≤ high.
    low, high, opening = n("stck_lwpr"), n("stck_hgpr"), n("stck_oprc")
    if not lower <= low <= min(opening, price) <= max(opening, price) <= high <= upper:
        yield (
            f"하한가 ≤ 저가 ≤ 시가·현재가 ≤ 고가 ≤ 상한가가 아닙니다: {lower} / {p['stck_lwpr']} / "
            f"{p['stck_oprc']}·{p['stck_prpr']} / {p['stck_hgpr']} / {upper}"
        )
    # Exchange: prices are multiples of their tick; aspr_unit is the current price's tick.
    for field in (
        "stck_prpr",
        "stck_oprc",
        "stck_hgpr",
        "stck_lwpr",
        "stck_mxpr",
        "stck_llam",
        "stck_sdpr",
        "d250_hgpr",
        "d250_lwpr",
        "stck_dryy_hgpr",
        "stck_dryy_lwpr",
        "w52_hgpr",
        "w52_lwpr",
    ):
        if n(field) <= 0 or n(field) % krx_tick_size(n(field)):
            yield f"{field} {p[field]} 이(가) 호가단위 {krx_tick_size(n(field))}원의 배수가 아닙니다"
    if n("aspr_unit") != krx_tick_size(price):
        yield f"aspr_unit {p['aspr_unit']} ≠ 현재가의 호가단위 {krx_tick_size(price)}"
    # Official example: the ratios below are computed from the other fields.
    shares = n("lstn_stcn")
    ratios = (
        ("hts_avls", price * shares / 10**8, 0, "stck_prpr × lstn_stcn / 1억"),
        ("per", price / n("eps") if n("eps") else 0, 2, "stck_prpr / eps"),
        ("pbr", price / n("bps") if n("bps") else 0, 2, "stck_prpr / bps"),
        ("vol_tnrt", _pct(n("acml_vol"), shares), 2, "acml_vol / lstn_stcn × 100"),
        ("hts_frgn_ehrt", _pct(n("frgn_hldn_qty"), shares), 2, "frgn_hldn_qty / lstn_stcn × 100"),
        ("wghn_avrg_stck_prc", n("acml_tr_pbmn") / n("acml_vol") if n("acml_vol") else 0, 2, "acml_tr_pbmn / acml_vol"),
    )
    for field, expected, places, formula in ratios:
        if not _near(n(field), expected, places):
            yield f"{field} {p[field]} ≠ {formula} = {expected:.{places}f}"
    # Official example: highs and lows of a period, and how far the current price is from them.
    for high_field, low_field, high_rate, low_rate in (
        ("d250_hgpr", "d250_lwpr", "d250_hgpr_vrss_prpr_rate", "d250_lwpr_vrss_prpr_rate"),
        ("stck_dryy_hgpr", "stck_dryy_lwpr", "dryy_hgpr_vrss_prpr_rate", "dryy_lwpr_vrss_prpr_rate"),
        ("w52_hgpr", "w52_lwpr", "w52_hgpr_vrss_prpr_ctrt", "w52_lwpr_vrss_prpr_ctrt"),
    ):
        if not n(low_field) <= low <= high <= n(high_field):
            yield f"{low_field} ≤ 오늘 저가 ≤ 오늘 고가 ≤ {high_field} 가 아닙니다"
        for rate_field, extreme in ((high_rate, n(high_field)), (low_rate, n(low_field))):
            expected = _pct(price - extreme, extreme)
            if not _near(n(rate_field), expected, 2):
                yield f"{rate_field} {p[rate_field]} ≠ (현재가 − 기준값) / 기준값 × 100 = {expected:.2f}"
    if symbol is not None and p["stck_shrn_iscd"] != symbol:
        yield f"stck_shrn_iscd {p['stck_shrn_iscd']!r} ≠ 종목코드 {symbol!r}"


def check_price(output: Mapping, symbol: str | None = None, *, sandbox_rules: bool = True) -> list:
    """Check one 주식현재가 시세 ``output`` object; returns readable problems (empty = consistent).

    Official/exchange rules: field set, strings, stck_sdpr = stck_prpr − prdy_vrss, the sign code, prdy_ctrt,
    ±30% limits, low ≤ open/current ≤ high, tick sizes, aspr_unit, and the ratios the official example follows
    (hts_avls, per, pbr, vol_tnrt, hts_frgn_ehrt, wghn_avrg_stck_prc, the 250-day/year/52-week rates).
    Sandbox's choice: stck_sspr = previous close × 76% rounded down to 10 won.
    """
    where = f"시세 {symbol}" if symbol else "시세"
    shape = _shape_problems(output, PRICE_OUTPUT_FIELDS, PRICE_FORMATS)
    if shape:
        return [f"{where}: {p}" for p in shape]
    problems = [f"{where}: {p}" for p in _price_problems(output, symbol)]
    if sandbox_rules:
        expected = substitute_price(int(_n(output, "stck_sdpr")))
        if _n(output, "stck_sspr") != expected:
            problems.append(
                f"{where}: stck_sspr {output['stck_sspr']} ≠ 기준가 × {SUBSTITUTE_RATE} (10원 미만 버림) = {expected}"
            )
    return problems
