"""How each number of the three modelled answers is written: the one fact per field the workbook does not give.

The workbook types every field "string" (:mod:`kislearn.catalog`); what the string holds is read off its
official response examples (and users' recordings), field by field:

- ``"int"`` — a whole number ("35", "-1300");
- a number ``n`` — exactly ``n`` decimals ("82353.1915" is 4);
- ``"date"`` — YYYYMMDD, or blank.

Fields not listed are free text or codes. The consistency rules (:mod:`kislearn.consistency`), the sanitiser
and the glossary's types (int, decimal, date) read these tables; tests/test_consistency_fields.py checks them
against the workbook's examples.
"""

from __future__ import annotations

from kislearn.consistency.fields import OUTPUT2_FIELDS

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
