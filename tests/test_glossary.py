"""The field glossary: complete against the official spec TSVs, names exact, explanations well formed,
corrections of the seed blog post's wrong guesses present, and the search helpers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kislearn.consistency import OUTPUT1_FIELDS, OUTPUT1_FORMATS, OUTPUT2_FIELDS, OUTPUT2_FORMATS, PRICE_FORMATS
from kislearn.errors import InvalidArgumentError
from kislearn.glossary import SECTIONS, TYPES, UNITS, Field, field, fields_of, glossary_frame, load_glossary, lookup

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
BLOG_POST = ROOT.parent / "shared" / "seed" / "blog-post.txt"  # the seed post, when this checkout has it


def spec_fields(tsv: Path) -> dict:
    """Response fields of a spec TSV by object: ``{"output1": {field: (korean, description)}, ...}``.

    A Response Body row whose type is "object"/"object array" opens a group; the rows after it belong to it.
    """
    groups, current = {}, None
    for line in tsv.read_text(encoding="utf-8").splitlines()[1:]:
        section, element, korean, kind, _required, _length, description = (line.split("\t") + [""] * 7)[:7]
        if section != "Response Body":
            continue
        if kind.startswith("object"):
            current = groups.setdefault(element, {})
        elif current is not None:
            current[element] = (korean, description.strip())
    return groups


BALANCE = spec_fields(FIXTURES / "inquire-balance.fields.tsv")
PRICE = spec_fields(FIXTURES / "inquire-price.fields.tsv")["output"]
SPEC = {"output1": BALANCE["output1"], "output2": BALANCE["output2"], "price": PRICE}

# The 주식현재가 fields the course uses; the glossary must explain at least these.
COURSE_PRICE_FIELDS = {
    "stck_shrn_iscd",
    "rprs_mrkt_kor_name",
    "bstp_kor_isnm",
    "stck_prpr",
    "prdy_vrss",
    "prdy_vrss_sign",
    "prdy_ctrt",
    "stck_oprc",
    "stck_hgpr",
    "stck_lwpr",
    "stck_sdpr",
    "stck_mxpr",
    "stck_llam",
    "acml_vol",
    "acml_tr_pbmn",
    "hts_avls",
    "per",
    "pbr",
    "eps",
    "bps",
    "w52_hgpr",
    "w52_lwpr",
    "aspr_unit",
    "stck_sspr",
}

# output2 fields whose meaning the seed post guessed wrong (12; its "…관련 특정 금액" for pchs_amt_smtl_amt and
# evlu_amt_smtl_amt is vague rather than wrong, and its table also lists rt_cd, which is not in output2).
WRONG_GUESSES = {
    "dnca_tot_amt",
    "nxdy_excc_amt",
    "prvs_rcdl_excc_amt",
    "bfdy_tlex_amt",
    "thdt_tlex_amt",
    "scts_evlu_amt",
    "nass_amt",
    "fncg_gld_auto_rdpt_yn",
    "evlu_pfls_smtl_amt",
    "tot_stln_slng_chgs",
    "asst_icdc_amt",
    "asst_icdc_erng_rt",
}


# ---------------------------------------------------------------------------------------------------
# Coverage and names
# ---------------------------------------------------------------------------------------------------
def test_tsv_has_the_expected_field_counts():
    assert (len(BALANCE["output1"]), len(BALANCE["output2"])) == (26, 24)


@pytest.mark.parametrize("section", ["output1", "output2"])
def test_balance_sections_cover_exactly_the_spec_fields_in_order(section):
    assert [item.field for item in fields_of(section)] == list(SPEC[section])


def test_field_lists_agree_with_the_consistency_module():
    assert tuple(item.field for item in fields_of("output1")) == OUTPUT1_FIELDS
    assert tuple(item.field for item in fields_of("output2")) == OUTPUT2_FIELDS


def test_price_section_covers_the_course_fields_in_spec_order():
    names = [item.field for item in fields_of("price")]
    assert COURSE_PRICE_FIELDS <= set(names)
    assert set(names) <= set(PRICE), set(names) - set(PRICE)
    spec_order = list(PRICE)
    assert names == sorted(names, key=spec_order.index)


def test_sections_come_in_order_and_field_ids_are_unique():
    items = load_glossary()
    assert [item.section for item in items] == sorted((item.section for item in items), key=SECTIONS.index)
    ids = [item.field for item in items]
    assert len(ids) == len(set(ids))
    assert len(items) == 26 + 24 + len(fields_of("price"))


@pytest.mark.parametrize("item", load_glossary(), ids=lambda item: f"{item.section}.{item.field}")
def test_official_name_is_exactly_the_spec_name(item):
    assert item.official_name == SPEC[item.section][item.field][0]


# ---------------------------------------------------------------------------------------------------
# Entries are well formed
# ---------------------------------------------------------------------------------------------------
def _sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", text.strip()))


@pytest.mark.parametrize("item", load_glossary(), ids=lambda item: f"{item.section}.{item.field}")
def test_entry_is_well_formed(item):
    assert isinstance(item, Field)
    assert item.type in TYPES and item.unit in UNITS
    assert item.english.strip() and item.meaning.strip()
    assert re.search(r"[가-힣]", item.meaning), "meaning must be Korean"
    assert 1 <= _sentences(item.meaning) <= 3, item.meaning
    if item.section != "output2":
        assert item.common_guess == "" and item.why_wrong == ""
    assert bool(item.common_guess) == bool(item.why_wrong), "a wrong guess needs its correction (and only then)"


@pytest.mark.parametrize("item", load_glossary(), ids=lambda item: f"{item.section}.{item.field}")
def test_name_only_fields_say_so(item):
    """Where the spec gives no description, the explanation says it was worked out from the name."""
    description = SPEC[item.section][item.field][1]
    says_name_only = "명세에는 이름만" in item.meaning
    assert says_name_only == (description == ""), (description, item.meaning)


FORMATS = {"output1": OUTPUT1_FORMATS, "output2": OUTPUT2_FORMATS, "price": PRICE_FORMATS}


def _glossary_type_from_format(written) -> str:
    """The glossary type a consistency-module format implies ("int", n decimals, "date", or None = text)."""
    if written == "int":
        return "int"
    if written == "date":
        return "date"
    if isinstance(written, int):
        return "decimal"
    return "text or code"


@pytest.mark.parametrize("item", load_glossary(), ids=lambda item: f"{item.section}.{item.field}")
def test_types_agree_with_the_formats_of_the_consistency_module(item):
    expected = _glossary_type_from_format(FORMATS[item.section].get(item.field))
    if expected == "text or code":
        assert item.type in ("text", "code")
    else:
        assert item.type == expected


def test_cash_fields_name_their_settlement_day():
    assert "D+0" in field("dnca_tot_amt").meaning
    assert "D+1" in field("nxdy_excc_amt").meaning
    assert "D+2" in field("prvs_rcdl_excc_amt").meaning
    assert "D+2" in field("tot_evlu_amt").meaning and "scts_evlu_amt" in field("tot_evlu_amt").meaning


def test_officially_unused_fields_say_so():
    assert "미사용" in field("evlu_erng_rt").meaning
    assert "데이터 미제공" in field("asst_icdc_erng_rt").meaning


def test_key_meanings():
    assert "제비용" in field("thdt_tlex_amt").meaning and "수수료" in field("thdt_tlex_amt").meaning
    assert "대주" in field("tot_stln_slng_chgs").meaning
    assert "tot_evlu_amt − bfdy_tot_asst_evlu_amt" in field("asst_icdc_amt").why_wrong
    assert "gold" in field("fncg_gld_auto_rdpt_yn").why_wrong
    assert field("hts_avls").unit == "억원"


def test_the_wrong_guesses_are_corrected():
    corrected = {item.field for item in fields_of("output2") if item.common_guess}
    assert corrected == WRONG_GUESSES


def test_rt_cd_is_not_a_glossary_field():
    assert all(item.field != "rt_cd" for item in load_glossary())
    with pytest.raises(InvalidArgumentError, match="envelope"):
        field("rt_cd")


# ---------------------------------------------------------------------------------------------------
# The seed post: guesses quoted only to correct them, no sentence copied
# ---------------------------------------------------------------------------------------------------
def _blog_guesses() -> dict:
    """The post's output2 table: {field: guess}."""
    lines = BLOG_POST.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("키 값 의미"))
    table = {}
    for line in lines[start + 1 :]:
        if not re.match(r"[a-z0-9_]+ ", line):
            break
        name, guess = line.split(" ", 1)
        table[name] = guess.strip()
    return table


@pytest.mark.maintainer
def test_common_guesses_quote_the_post_and_nothing_is_copied():
    guesses = _blog_guesses()
    assert "rt_cd" in guesses  # the post lists it, the glossary does not (see test_rt_cd_is_not_a_glossary_field)
    for item in fields_of("output2"):
        if item.common_guess:
            assert item.common_guess.rstrip(".") in guesses[item.field], item.field
        for text in (item.meaning, item.why_wrong, item.english):
            assert guesses[item.field].rstrip(".") not in text, item.field


# ---------------------------------------------------------------------------------------------------
# lookup, field, glossary_frame, load_glossary
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("query", ["dnca", "DNCA", "예수금", "dnca_tot_amt", "예수금총금액", "Total Deposit"])
def test_lookup_finds_dnca_tot_amt_first(query):
    assert lookup(query)[0].field == "dnca_tot_amt"


def test_lookup_ranks_exact_field_first_and_searches_meanings():
    assert [item.field for item in lookup("prpr")][:2] == ["prpr", "stck_prpr"]
    found = [item.field for item in lookup("예수금")]
    assert {"nxdy_excc_amt", "prvs_rcdl_excc_amt", "tot_evlu_amt"} <= set(found)
    assert [item.field for item in lookup("D+2 cash", section="output2")][0] == "prvs_rcdl_excc_amt"
    assert lookup("d+2", section="output2")[0].field == "d2_auto_rdpt_amt"  # official name D+2자동상환금액
    assert all(item.section == "price" for item in lookup("가격", section="price"))
    assert lookup("no such thing anywhere") == []


def test_lookup_rejects_empty_queries():
    with pytest.raises(InvalidArgumentError):
        lookup("  ")


def test_field_is_case_insensitive_and_respects_the_section():
    assert field("DNCA_TOT_AMT").official_name == "예수금총금액"
    assert field("stck_prpr", section="price").section == "price"
    with pytest.raises(InvalidArgumentError, match="price"):
        field("stck_prpr", section="output2")


def test_unknown_field_is_a_clear_error_with_suggestions():
    with pytest.raises(InvalidArgumentError, match="dnca_tot_amt") as caught:
        field("dnca_tot")
    assert not isinstance(caught.value, KeyError)
    assert isinstance(caught.value, ValueError)
    assert "없습니다" in str(caught.value)
    with pytest.raises(InvalidArgumentError, match="section"):
        field("dnca_tot_amt", section="output3")


def test_glossary_frame_has_korean_columns():
    frame = glossary_frame("output2")
    assert list(frame.columns) == ["필드", "공식 이름", "영문", "설명", "단위", "형식", "흔한 추측", "틀린 이유"]
    assert list(frame["필드"]) == list(OUTPUT2_FIELDS)
    assert frame.loc[frame["필드"] == "dnca_tot_amt", "공식 이름"].item() == "예수금총금액"
    assert list(glossary_frame("output1").columns) == ["필드", "공식 이름", "영문", "설명", "단위", "형식"]
    everything = glossary_frame()
    assert everything.columns[0] == "구분" and len(everything) == len(load_glossary())
    with pytest.raises(InvalidArgumentError):
        glossary_frame("outputs")


def test_load_glossary_returns_a_fresh_list_of_a_cached_read():
    first = load_glossary()
    first.clear()
    assert len(load_glossary()) > 50
    assert load_glossary()[0] is load_glossary()[0]  # same cached objects


def test_glossary_json_is_package_data():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"data/*.json"' in pyproject
    assert (ROOT / "kislearn" / "data" / "glossary.json").is_file()


def test_describe_shows_the_correction():
    text = field("prvs_rcdl_excc_amt").describe()
    assert "가수도정산금액" in text and "흔한 추측" in text
    assert "흔한 추측" not in field("hldg_qty").describe()
