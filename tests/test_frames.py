"""kislearn.frames on the sandbox's sample accounts and prices: numbers, labels, the summary table, the
totals cross-check and the colour styling."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from kislearn import frames
from kislearn.consistency import OUTPUT2_FIELDS, check_balance
from kislearn.errors import InvalidArgumentError
from kislearn.glossary import field

DATA = Path(__file__).resolve().parents[1] / "kislearn" / "sandbox" / "data"
ACCOUNT_FILES = sorted((DATA / "accounts").glob("*.json"))


def read_account(name: str) -> dict:
    """A sample account in the API shape: {"output1": [...], "output2": [{...}]} (plus descriptive keys)."""
    return json.loads((DATA / "accounts" / f"{name}.json").read_text(encoding="utf-8"))


def read_price(symbol: str) -> dict:
    return json.loads((DATA / "prices" / f"{symbol}.json").read_text(encoding="utf-8"))


@pytest.fixture(params=[path.stem for path in ACCOUNT_FILES])
def account(request) -> dict:
    return read_account(request.param)


def test_the_sample_accounts_are_there():
    assert {"empty", "small", "large"} <= {path.stem for path in ACCOUNT_FILES}


# ---------------------------------------------------------------------------------------------------
# to_number
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("35", 35),
        ("-1300", -1300),
        ("+5", 5),
        (" 7 ", 7),
        ("135440.2517", 135440.2517),
        ("-1.32000000", -1.32),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_to_number(text, expected):
    value = frames.to_number(text)
    assert value == expected
    assert type(value) is type(expected)


def test_to_number_by_kind():
    assert frames.to_number("12.0000", "int") == 12 and isinstance(frames.to_number("12.0000", "int"), int)
    assert isinstance(frames.to_number("35", "decimal"), float)
    with pytest.raises(InvalidArgumentError, match="정수"):
        frames.to_number("12.5", "int")
    with pytest.raises(InvalidArgumentError):
        frames.to_number("1", "float")


@pytest.mark.parametrize("garbage", ["1,234", "abc", "1e5", "12.3.4", "--1", True, [1]])
def test_to_number_rejects_garbage_clearly(garbage):
    with pytest.raises(InvalidArgumentError) as caught:
        frames.to_number(garbage, field_name="hldg_qty")
    assert "hldg_qty" in str(caught.value)


# ---------------------------------------------------------------------------------------------------
# holdings_frame
# ---------------------------------------------------------------------------------------------------
def test_holdings_are_typed_and_labelled_in_korean():
    balance = read_account("small")
    frame = frames.holdings_frame(balance)
    assert list(frame.columns) == [field(name).official_name for name in frames.HOLDING_COLUMNS]
    assert len(frame) == len(balance["output1"])
    assert str(frame["보유수량"].dtype) == "Int64"
    assert str(frame["평가금액"].dtype) == "Int64"
    assert frame["평가손익율"].dtype == "float64"
    assert frame["매입평균가격"].dtype == "float64"
    first = balance["output1"][0]
    assert frame.loc[0, "상품번호"] == first["pdno"] and frame.loc[0, "상품번호"].startswith("0")  # leading zero kept
    assert frame.loc[0, "보유수량"] == int(first["hldg_qty"])
    assert frame.loc[0, "매입평균가격"] == pytest.approx(float(first["pchs_avg_pric"]))
    assert frame["평가금액"].sum() == int(balance["output2"][0]["evlu_amt_smtl_amt"])


def test_holdings_with_field_ids_and_chosen_columns():
    balance = read_account("large")
    frame = frames.holdings_frame(balance, korean=False, columns=["pdno", "hldg_qty", "loan_dt"])
    assert list(frame.columns) == ["pdno", "hldg_qty", "loan_dt"]
    assert len(frame) == 55
    assert frame["loan_dt"].isna().all()  # cash holdings: "" → no date
    with pytest.raises(InvalidArgumentError, match="hldg_qt"):
        frames.holdings_frame(balance, columns=["hldg_qt"])


def test_empty_account_gives_an_empty_frame_with_columns():
    frame = frames.holdings_frame(read_account("empty"))
    assert frame.empty and len(frame) == 0
    assert list(frame.columns) == [field(name).official_name for name in frames.HOLDING_COLUMNS]
    assert str(frame["보유수량"].dtype) == "Int64"


def test_holdings_of_a_failed_answer_is_a_clear_error():
    failed = {"rt_cd": "2", "msg_cd": "OPSQ2000", "msg1": "ERROR : INPUT INVALID_CHECK_ACNO"}
    with pytest.raises(InvalidArgumentError, match="OPSQ2000"):
        frames.holdings_frame(failed)
    with pytest.raises(InvalidArgumentError, match="output1"):
        frames.holdings_frame({"output2": []})


# ---------------------------------------------------------------------------------------------------
# summary_frame
# ---------------------------------------------------------------------------------------------------
def test_summary_of_every_sample_account(account):
    frame = frames.summary_frame(account)
    summary = account["output2"][0]
    assert list(frame.columns) == ["필드", "공식 이름", "값", "단위", "설명"]
    assert list(frame["필드"]) == list(OUTPUT2_FIELDS)
    values = dict(zip(frame["필드"], frame["값"], strict=False))
    assert values["dnca_tot_amt"] == int(summary["dnca_tot_amt"]) and isinstance(values["dnca_tot_amt"], int)
    assert isinstance(values["asst_icdc_erng_rt"], float)
    assert values["fncg_gld_auto_rdpt_yn"] == summary["fncg_gld_auto_rdpt_yn"]
    assert frame.loc[frame["필드"] == "prvs_rcdl_excc_amt", "공식 이름"].item() == "가수도정산금액"
    assert all(frame["설명"].str.len() > 0)


def test_summary_needs_exactly_one_object():
    balance = read_account("small")
    doubled = copy.deepcopy(balance)
    doubled["output2"] = doubled["output2"] * 2  # what mojito2 builds from a two-page balance
    with pytest.raises(InvalidArgumentError, match="mojito2") as caught:
        frames.summary_frame(doubled)
    assert "2개" in str(caught.value)
    with pytest.raises(InvalidArgumentError, match="비어"):
        frames.summary_frame({"output1": [], "output2": []})
    with pytest.raises(InvalidArgumentError, match="output2"):
        frames.summary_frame({"output1": []})
    with pytest.raises(InvalidArgumentError, match="리스트"):
        frames.summary_frame({"output1": [], "output2": balance["output2"][0]})


# ---------------------------------------------------------------------------------------------------
# check_totals
# ---------------------------------------------------------------------------------------------------
def test_totals_match_on_every_sample_account(account):
    table = frames.check_totals(account)
    assert list(table.columns) == ["항목", "계산식", "계산값", "응답값", "일치"]
    assert len(table) == len(frames.TOTAL_CHECKS)
    assert table["일치"].all(), table[~table["일치"]]
    assert (table["계산값"] == table["응답값"]).all()


def test_a_broken_total_is_caught():
    broken = read_account("small")
    summary = broken["output2"][0]
    summary["pchs_amt_smtl_amt"] = str(int(summary["pchs_amt_smtl_amt"]) + 1)
    table = frames.check_totals(broken)
    mismatched = table[~table["일치"]]
    assert len(mismatched) == 1
    assert mismatched["항목"].item().startswith("pchs_amt_smtl_amt")
    assert mismatched["응답값"].item() - mismatched["계산값"].item() == 1
    # the sandbox's consistency checker flags the same number
    assert any("pchs_amt_smtl_amt" in problem for problem in check_balance(broken["output1"], broken["output2"]))


def test_totals_use_d2_cash_for_the_total_valuation():
    broken = read_account("small")
    summary = broken["output2"][0]
    summary["tot_evlu_amt"] = str(int(summary["scts_evlu_amt"]) + int(summary["dnca_tot_amt"]))  # D+0, wrong
    table = frames.check_totals(broken).set_index("계산식")
    assert not table.loc["scts_evlu_amt + prvs_rcdl_excc_amt (D+2 예수금)", "일치"]


# ---------------------------------------------------------------------------------------------------
# price_frame
# ---------------------------------------------------------------------------------------------------
def test_price_frame_defaults():
    answer = read_price("005930")
    frame = frames.price_frame(answer)
    assert list(frame.columns) == ["필드", "공식 이름", "값", "단위", "설명"]
    assert list(frame["필드"]) == list(frames.PRICE_COLUMNS)
    values = dict(zip(frame["필드"], frame["값"], strict=False))
    output = answer["output"]
    assert values["stck_prpr"] == int(output["stck_prpr"])
    assert values["prdy_ctrt"] == pytest.approx(float(output["prdy_ctrt"]))
    assert values["stck_shrn_iscd"] == "005930"
    assert frame.loc[frame["필드"] == "hts_avls", "단위"].item() == "억원"


def test_price_frame_with_chosen_fields_and_a_bare_output():
    output = read_price("000660")["output"]
    frame = frames.price_frame(output, fields=["stck_prpr", "w52_hgpr_date"])
    assert list(frame["필드"]) == ["stck_prpr", "w52_hgpr_date"]
    assert frame["값"].iloc[1] == frames.to_date(output["w52_hgpr_date"])
    with pytest.raises(InvalidArgumentError, match="stck_prpr"):
        frames.price_frame(output, fields=["stck_prp"])


# ---------------------------------------------------------------------------------------------------
# style_profit
# ---------------------------------------------------------------------------------------------------
def test_styler_colours_gains_red_and_losses_blue_deterministically():
    frame = frames.holdings_frame(read_account("small"))
    html = frames.style_profit(frame).to_html()
    assert f"color: {frames.UP_COLOR}" in html and f"color: {frames.DOWN_COLOR}" in html
    assert frames.UP_COLOR.lower() == "#d60000" and frames.DOWN_COLOR.lower() == "#0051c7"
    assert "4,577,800" in html  # thousands separators
    assert re.search(r"T_[0-9a-f]{5}_", html) is None  # no pandas random uuid
    assert 'id="T_kislearn_' in html
    assert html == frames.style_profit(frames.holdings_frame(read_account("small"))).to_html()


def test_styler_ids_differ_between_tables_and_can_be_chosen():
    small = frames.style_profit(frames.holdings_frame(read_account("small"))).to_html()
    large = frames.style_profit(frames.holdings_frame(read_account("large"))).to_html()
    id_of = lambda html: re.search(r'<table id="([^"]+)"', html).group(1)  # noqa: E731
    assert id_of(small) != id_of(large)
    chosen = frames.style_profit(frames.summary_frame(read_account("small")), uuid="kislearn").to_html()
    assert id_of(chosen) == "T_kislearn"


def test_styler_colours_the_value_cells_of_annotated_tables():
    balance = read_account("small")
    summary = frames.summary_frame(balance)
    css = frames._profit_css(summary)
    row = summary.index[summary["필드"] == "evlu_pfls_smtl_amt"][0]
    assert css.loc[row, "값"] == f"color: {frames.UP_COLOR}"  # small account: overall gain
    assert css.loc[summary.index[summary["필드"] == "dnca_tot_amt"][0], "값"] == ""  # cash is not a gain
    html = frames.style_profit(summary).to_html()
    assert frames.UP_COLOR in html
    price = frames.price_frame(read_price("005930"))  # -1,300 today
    assert frames.DOWN_COLOR in frames.style_profit(price).to_html()


def test_styler_works_with_field_id_columns_and_empty_frames():
    frame = frames.holdings_frame(read_account("small"), korean=False)
    assert frames.UP_COLOR in frames.style_profit(frame).to_html()
    empty = frames.holdings_frame(read_account("empty"))
    assert "<table" in frames.style_profit(empty).to_html()
    assert isinstance(frames.style_profit(empty).data, pd.DataFrame)


def test_a_shown_table_has_no_memory_address_in_its_plain_text():
    """A notebook saves a table's plain-text form too: pandas' Styler would put ``at 0x7f...`` there, a
    different address on every run; kislearn's tables show their data instead."""
    frame = pd.DataFrame({"종목": ["삼성전자"], "평가손익": [1200]})
    for table in (frames.show_table(frame), frames.style_profit(frame), frames.show_table(frame).format(thousands=",")):
        assert isinstance(table, frames.NotebookTable)
        assert repr(table) == repr(frame)
        assert "0x" not in repr(table)
