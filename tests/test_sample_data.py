"""The sandbox's sample accounts and prices: shape (against the official field lists), arithmetic, and
the consistency checker itself (each broken number must be named by the checker)."""

from __future__ import annotations

import copy
import importlib.util
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kislearn import spec
from kislearn.consistency import (
    OUTPUT1_FIELDS,
    OUTPUT2_FIELDS,
    PRICE_OUTPUT_FIELDS,
    check_balance,
    check_price,
    check_price_matches,
    krx_tick_size,
    price_limits,
    substitute_price,
)
from kislearn.sandbox.samples import SampleDataError, load_prices, market_of

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SPEC_DIR = ROOT.parent / "shared" / "kis-spec"  # the original spec files, when this checkout has them
DATA = ROOT / "kislearn" / "sandbox" / "data"
GENERATOR = ROOT / "scripts" / "build_sample_data.py"
TSV_FILES = ("inquire-balance.fields.tsv", "inquire-price.fields.tsv")


# ---------------------------------------------------------------------------------------------------
# Reading the spec's field lists and the data files
# ---------------------------------------------------------------------------------------------------
def response_fields(tsv: Path) -> dict:
    """The fields listed under each response object of a spec TSV, in order:
    ``{"output1": [...], "output2": [...]}`` for the balance, ``{"output": [...]}`` for the price."""
    groups, current = {}, None
    for line in tsv.read_text(encoding="utf-8").splitlines()[1:]:
        section, element, _korean, kind = line.split("\t")[:4]
        if section != "Response Body":
            continue
        if kind.startswith("object"):  # "object" or "object array": the fields below belong to it
            current = groups.setdefault(element, [])
        elif current is not None:
            current.append(element)
    return groups


BALANCE_FIELDS = response_fields(FIXTURES / "inquire-balance.fields.tsv")
PRICE_FIELDS = response_fields(FIXTURES / "inquire-price.fields.tsv")["output"]


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


ACCOUNT_FILES = sorted((DATA / "accounts").glob("*.json"))
PRICE_FILES = sorted((DATA / "prices").glob("*.json"))
ACCOUNTS = {path.stem: read(path) for path in ACCOUNT_FILES}
PRICES = {path.stem: read(path) for path in PRICE_FILES}


def summary_of(account: dict) -> dict:
    return account["output2"][0]


def amount(account: dict, field: str) -> int:
    return int(summary_of(account)[field])


# ---------------------------------------------------------------------------------------------------
# The field lists
# ---------------------------------------------------------------------------------------------------
@pytest.mark.maintainer
@pytest.mark.parametrize("name", TSV_FILES)
def test_fixture_copies_match_the_spec(name):
    original = SPEC_DIR / name
    # Same text; line endings are ignored in case git converts them on checkout.
    assert (FIXTURES / name).read_bytes().replace(b"\r\n", b"\n") == original.read_bytes().replace(b"\r\n", b"\n")


def test_checker_field_lists_match_the_spec():
    assert list(OUTPUT1_FIELDS) == BALANCE_FIELDS["output1"] and len(OUTPUT1_FIELDS) == 26
    assert list(OUTPUT2_FIELDS) == BALANCE_FIELDS["output2"] and len(OUTPUT2_FIELDS) == 24
    assert list(PRICE_OUTPUT_FIELDS) == PRICE_FIELDS and len(PRICE_OUTPUT_FIELDS) == 82


# ---------------------------------------------------------------------------------------------------
# The account files
# ---------------------------------------------------------------------------------------------------
def test_the_three_sample_accounts_exist():
    assert set(ACCOUNTS) == {"empty", "small", "large"}
    assert {slug: a["account"] for slug, a in ACCOUNTS.items()} == {
        "empty": "50010001-01",
        "small": "50010002-01",
        "large": "50010003-01",
    }


@pytest.mark.parametrize("slug", sorted(ACCOUNTS))
def test_account_file_shape(slug):
    account = ACCOUNTS[slug]
    assert list(account) == ["slug", "account", "title", "description", "output1", "output2"]
    assert account["slug"] == slug
    assert re.fullmatch(r"\d{8}-\d{2}", account["account"])
    assert account["title"] and account["description"]
    assert isinstance(account["output1"], list)
    assert isinstance(account["output2"], list) and len(account["output2"]) == 1
    for row in account["output1"]:
        assert list(row) == BALANCE_FIELDS["output1"]
        assert all(isinstance(value, str) for value in row.values()), row
    assert list(summary_of(account)) == BALANCE_FIELDS["output2"]
    assert all(isinstance(value, str) for value in summary_of(account).values())


@pytest.mark.parametrize("slug", sorted(ACCOUNTS))
def test_account_is_consistent(slug):
    account = ACCOUNTS[slug]
    assert check_balance(account["output1"], account["output2"]) == []


@pytest.mark.parametrize("slug", sorted(ACCOUNTS))
def test_account_matches_the_price_files(slug):
    assert check_price_matches(ACCOUNTS[slug]["output1"], PRICES) == []


@pytest.mark.parametrize("slug", sorted(ACCOUNTS))
def test_sample_accounts_have_no_open_orders(slug):
    for row in ACCOUNTS[slug]["output1"]:
        assert row["ord_psbl_qty"] == row["hldg_qty"]


def test_empty_account_is_a_fresh_paper_account():
    account = ACCOUNTS["empty"]
    assert account["output1"] == []
    for field in (
        "dnca_tot_amt",
        "nxdy_excc_amt",
        "prvs_rcdl_excc_amt",
        "tot_evlu_amt",
        "nass_amt",
        "bfdy_tot_asst_evlu_amt",
    ):
        assert amount(account, field) == 10_000_000, field
    assert amount(account, "scts_evlu_amt") == 0


def test_small_account_has_gains_losses_and_a_buy_from_yesterday():
    account = ACCOUNTS["small"]
    rows = account["output1"]
    assert 5 <= len(rows) <= 6
    profits = [int(row["evlu_pfls_amt"]) for row in rows]
    assert any(p > 0 for p in profits) and any(p < 0 for p in profits)
    assert any(int(row["bfdy_buy_qty"]) > 0 for row in rows)
    d0, d1 = amount(account, "dnca_tot_amt"), amount(account, "nxdy_excc_amt")
    assert d0 != d1
    assert d0 - d1 == amount(account, "bfdy_buy_amt") + amount(account, "bfdy_tlex_amt")
    assert amount(account, "bfdy_tlex_amt") > 0


def test_large_account_needs_several_pages():
    rows = ACCOUNTS["large"]["output1"]
    assert len(rows) == 55
    assert len({row["pdno"] for row in rows}) == 55
    assert math.ceil(len(rows) / spec.BALANCE_ROWS_PER_PAGE["paper"]) == 3
    assert math.ceil(len(rows) / spec.BALANCE_ROWS_PER_PAGE["real"]) == 2


# ---------------------------------------------------------------------------------------------------
# The price files
# ---------------------------------------------------------------------------------------------------
def test_price_files_are_exactly_the_held_symbols():
    held = {row["pdno"] for account in ACCOUNTS.values() for row in account["output1"]}
    assert set(PRICES) == held


@pytest.mark.parametrize("symbol", sorted(PRICES))
def test_price_file(symbol):
    price = PRICES[symbol]
    assert list(price) == ["symbol", "name", "market", "foreign_limit_pct", "output"]
    assert price["symbol"] == symbol and re.fullmatch(r"\d{6}", symbol) and price["name"]
    assert price["market"] in ("KOSPI", "KOSDAQ")
    assert list(price["output"]) == PRICE_FIELDS
    assert all(isinstance(value, str) for value in price["output"].values())
    assert check_price(price, symbol) == []  # the whole file: the 소진율 is checked against its own limit
    assert check_price(price["output"], symbol) == []  # the output alone (limit unknown) passes too
    for field in (
        "d250_hgpr_date",
        "d250_lwpr_date",
        "dryy_hgpr_date",
        "dryy_lwpr_date",
        "w52_hgpr_date",
        "w52_lwpr_date",
    ):
        assert "20260101" <= price["output"][field] < "20261124", field


LIMITED = {"015760": "40", "017670": "49", "030200": "49"}  # 한국전력 (공공적 법인), SK텔레콤 and KT (기간통신사업자)


def test_only_the_stocks_with_a_legal_limit_have_one():
    assert {
        symbol: p["foreign_limit_pct"] for symbol, p in PRICES.items() if p["foreign_limit_pct"] != "100"
    } == LIMITED


@pytest.mark.parametrize("symbol", sorted(LIMITED))
def test_a_limited_stock_is_held_below_its_limit_and_its_exhaustion_rate_is_of_the_limit(symbol):
    output = PRICES[symbol]["output"]
    held, listed = int(output["frgn_hldn_qty"]), int(output["lstn_stcn"])
    limit = listed * int(LIMITED[symbol]) / 100
    assert held < limit
    assert output["hts_frgn_ehrt"] == f"{held / limit * 100:.2f}"  # 소진율 = holdings ÷ the limit
    assert output["hts_frgn_ehrt"] != f"{held / listed * 100:.2f}"  # not ÷ the listed shares


def test_kepco_is_below_its_forty_percent_cap():
    output = PRICES["015760"]["output"]
    assert int(output["frgn_hldn_qty"]) / int(output["lstn_stcn"]) < 0.40
    assert float(output["hts_frgn_ehrt"]) < 100


def test_exhaustion_rate_checks():
    kepco = copy.deepcopy(PRICES["015760"])
    output = kepco["output"]
    held, listed = int(output["frgn_hldn_qty"]), int(output["lstn_stcn"])
    output["hts_frgn_ehrt"] = f"{held / listed * 100:.2f}"  # the old, wrong formula: ÷ listed shares
    assert any("hts_frgn_ehrt" in p and "한도" in p for p in check_price(kepco))
    assert check_price(output, "015760") == []  # without the limit, a rate above holdings/listed is possible

    output["hts_frgn_ehrt"] = f"{held / listed * 100 - 1:.2f}"  # below holdings ÷ listed: wrong for any limit
    assert any("hts_frgn_ehrt" in p for p in check_price(output, "015760"))

    over = copy.deepcopy(PRICES["015760"])
    over["output"]["frgn_hldn_qty"] = str(int(listed * 0.41))
    over["output"]["hts_frgn_ehrt"] = f"{int(listed * 0.41) / (listed * 0.4) * 100:.2f}"
    assert any("외국인 한도" in p and "넘습니다" in p for p in check_price(over))


def test_prices_go_up_down_and_stay_flat():
    signs = {price["output"]["prdy_vrss_sign"] for price in PRICES.values()}
    assert {"2", "3", "5"} <= signs


# ---------------------------------------------------------------------------------------------------
# The generator and the market arithmetic it shares with the checker
# ---------------------------------------------------------------------------------------------------
def test_generator_reproduces_the_committed_files(tmp_path):
    subprocess.run([sys.executable, str(GENERATOR), "--out", str(tmp_path)], check=True, capture_output=True)
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.json"))
    committed = sorted(p.relative_to(DATA) for p in ACCOUNT_FILES + PRICE_FILES)
    assert made == committed
    for relative in made:
        assert (tmp_path / relative).read_bytes() == (DATA / relative).read_bytes(), relative


def test_tick_sizes():
    expected = {
        1_999: 1,
        2_000: 5,
        4_995: 5,
        5_000: 10,
        19_990: 10,
        20_000: 50,
        49_950: 50,
        50_000: 100,
        199_900: 100,
        200_000: 500,
        499_500: 500,
        500_000: 1_000,
        1_082_000: 1_000,
    }
    assert {price: krx_tick_size(price) for price in expected} == expected


def test_limits_and_substitute_price_fit_the_official_examples():
    assert price_limits(128_500) == (167_000, 90_000)  # inquire-price example: stck_mxpr, stck_llam
    assert substitute_price(128_500) == 97_660  # inquire-price example: stck_sspr
    assert substitute_price(184_500) == 140_220  # inquire-balance example: sbst_pric


def test_pivot_points_fit_the_official_example(monkeypatch):
    module_spec = importlib.util.spec_from_file_location("build_sample_data", GENERATOR)
    generator = importlib.util.module_from_spec(module_spec)
    monkeypatch.setitem(sys.modules, "build_sample_data", generator)  # dataclasses look their module up
    module_spec.loader.exec_module(generator)
    assert generator.pivot_points(130_000, 126_500, 128_500, opening=129_000) == {
        "pvt_scnd_dmrs_prc": 131_833,
        "pvt_frst_dmrs_prc": 130_166,
        "pvt_pont_val": 128_333,
        "pvt_frst_dmsp_prc": 126_666,
        "pvt_scnd_dmsp_prc": 124_833,
        "dmrs_val": 129_250,
        "dmsp_val": 125_750,
    }


# ---------------------------------------------------------------------------------------------------
# The checker catches broken data
# ---------------------------------------------------------------------------------------------------
def _add(record: dict, field: str, delta: int) -> None:
    record[field] = str(int(record[field]) + delta)


def _swap_first_two_fields(row: dict) -> None:
    items = list(row.items())
    items[0], items[1] = items[1], items[0]
    row.clear()
    row.update(items)


BALANCE_BREAKAGES = {
    # name: (how to break a copy of the small account, text the checker must mention)
    "row evlu_amt": (lambda rows, s: _add(rows[0], "evlu_amt", 100), "evlu_amt"),
    "row evlu_pfls_amt": (lambda rows, s: _add(rows[1], "evlu_pfls_amt", -1), "evlu_pfls_amt"),
    "row pchs_avg_pric": (lambda rows, s: rows[0].update(pchs_avg_pric="82353.2000"), "pchs_avg_pric"),
    "row evlu_pfls_rt": (lambda rows, s: rows[0].update(evlu_pfls_rt="9.99"), "evlu_pfls_rt"),
    "row evlu_erng_rt": (lambda rows, s: rows[0].update(evlu_erng_rt="1.00000000"), "evlu_erng_rt"),
    "row ord_psbl_qty": (lambda rows, s: _add(rows[0], "ord_psbl_qty", 1), "ord_psbl_qty"),
    "row fltt_rt": (lambda rows, s: rows[0].update(fltt_rt="5.00000000"), "fltt_rt"),
    "row sbst_pric": (lambda rows, s: _add(rows[0], "sbst_pric", 10), "sbst_pric"),
    "row prpr off the tick grid": (lambda rows, s: _add(rows[0], "prpr", 1), "호가단위"),
    "row loan": (lambda rows, s: rows[0].update(loan_amt="1000"), "loan_amt"),
    "row sum pchs_amt": (lambda rows, s: _add(s, "pchs_amt_smtl_amt", 1_000), "pchs_amt_smtl_amt"),
    "row sum evlu_amt": (lambda rows, s: _add(s, "evlu_amt_smtl_amt", 1_000), "evlu_amt_smtl_amt"),
    "row sum evlu_pfls_amt": (lambda rows, s: _add(s, "evlu_pfls_smtl_amt", -1), "evlu_pfls_smtl_amt"),
    "scts_evlu_amt": (lambda rows, s: _add(s, "scts_evlu_amt", 1), "scts_evlu_amt"),
    "D+1 cash": (lambda rows, s: s.update(nxdy_excc_amt=s["dnca_tot_amt"]), "nxdy_excc_amt"),
    "D+2 cash": (lambda rows, s: _add(s, "prvs_rcdl_excc_amt", -40), "prvs_rcdl_excc_amt"),
    "tot_evlu_amt": (lambda rows, s: _add(s, "tot_evlu_amt", 1), "tot_evlu_amt"),
    "nass_amt": (lambda rows, s: _add(s, "nass_amt", 1), "nass_amt"),
    "asst_icdc_amt": (lambda rows, s: _add(s, "asst_icdc_amt", 1), "asst_icdc_amt"),
    "asst_icdc_erng_rt": (lambda rows, s: s.update(asst_icdc_erng_rt="5.00000000"), "asst_icdc_erng_rt"),
    "bfdy_tot_asst_evlu_amt not from price changes": (
        lambda rows, s: (_add(s, "bfdy_tot_asst_evlu_amt", -1_000_000), _add(s, "asst_icdc_amt", 1_000_000)),
        "bfdy_cprs_icdc",
    ),
    "yesterday's buy without an amount": (lambda rows, s: s.update(bfdy_buy_amt="0"), "bfdy_buy_amt"),
    "today's buy amount without a row": (lambda rows, s: s.update(thdt_buy_amt="1000"), "thdt_buy_amt"),
    "costs without a trade": (lambda rows, s: s.update(thdt_tlex_amt="40"), "thdt_tlex_amt"),
    "a loan in the summary": (lambda rows, s: s.update(tot_loan_amt="5000"), "tot_loan_amt"),
    "missing field": (lambda rows, s: rows[0].pop("sbst_pric"), "sbst_pric"),
    "extra field": (lambda rows, s: rows[0].update(surprise="1"), "surprise"),
    "number instead of a string": (lambda rows, s: rows[0].update(hldg_qty=47), "hldg_qty"),
    "wrong decimals": (lambda rows, s: rows[0].update(pchs_avg_pric="82353.19"), "pchs_avg_pric"),
    "not a number": (lambda rows, s: rows[0].update(pchs_amt="abc"), "pchs_amt"),
    "field order": (lambda rows, s: _swap_first_two_fields(rows[0]), "순서"),
    "summary field missing": (lambda rows, s: s.pop("tot_evlu_amt"), "tot_evlu_amt"),
}


@pytest.mark.parametrize("name", sorted(BALANCE_BREAKAGES))
def test_checker_names_the_broken_number(name):
    breakage, expected = BALANCE_BREAKAGES[name]
    account = copy.deepcopy(ACCOUNTS["small"])
    breakage(account["output1"], summary_of(account))
    problems = check_balance(account["output1"], account["output2"])
    assert any(expected in problem for problem in problems), problems


def test_checker_wants_exactly_one_summary():
    account = ACCOUNTS["small"]
    assert any("output2" in p for p in check_balance(account["output1"], account["output2"] * 2))
    assert any("output2" in p for p in check_balance(account["output1"], summary_of(account)))


def test_checker_accepts_real_server_zeros_for_unused_rates():
    account = copy.deepcopy(ACCOUNTS["large"])
    for row in account["output1"]:
        row["evlu_erng_rt"] = "0.00000000"  # 미사용항목(0으로 출력)
    summary_of(account)["asst_icdc_erng_rt"] = "0.00000000"  # 데이터 미제공
    assert check_balance(account["output1"], account["output2"]) == []


def test_sandbox_rules_can_be_switched_off():
    account = copy.deepcopy(ACCOUNTS["small"])
    _add(account["output1"][0], "sbst_pric", 10)  # sandbox's choice
    account["output1"][0].update(trad_dvsn_name="자기융자")  # sandbox's choice: cash only
    assert check_balance(account["output1"], account["output2"]) != []
    assert check_balance(account["output1"], account["output2"], sandbox_rules=False) == []


def test_price_matches_catches_mismatches():
    rows = copy.deepcopy(ACCOUNTS["small"]["output1"])
    prices = copy.deepcopy(PRICES)
    first, second = rows[0]["pdno"], rows[1]["pdno"]
    _add(prices[first]["output"], "stck_prpr", 100)
    _add(prices[second]["output"], "prdy_vrss", 100)
    rows[2]["prdt_name"] = "다른 이름"
    del prices[rows[3]["pdno"]]
    problems = check_price_matches(rows, prices)
    assert any(first in p and "stck_prpr" in p for p in problems), problems
    assert any(second in p and "prdy_vrss" in p for p in problems), problems
    assert any("prdt_name" in p for p in problems), problems
    assert any(rows[3]["pdno"] in p and "시세" in p for p in problems), problems


def test_price_matches_accepts_bare_output_objects():
    prices = {symbol: price["output"] for symbol, price in PRICES.items()}
    assert check_price_matches(ACCOUNTS["large"]["output1"], prices) == []


PRICE_BREAKAGES = {
    "stck_sdpr": (lambda p: _add(p, "stck_sdpr", 100), "stck_sdpr"),
    "prdy_vrss_sign": (lambda p: p.update(prdy_vrss_sign="1"), "prdy_vrss_sign"),
    "prdy_ctrt": (lambda p: p.update(prdy_ctrt="9.99"), "prdy_ctrt"),
    "stck_mxpr": (lambda p: _add(p, "stck_mxpr", 100), "stck_mxpr"),
    "high below the current price": (lambda p: p.update(stck_hgpr=str(int(p["stck_prpr"]) - 100)), "고가"),
    "aspr_unit": (lambda p: p.update(aspr_unit="5"), "aspr_unit"),
    "hts_avls": (lambda p: _add(p, "hts_avls", 100), "hts_avls"),
    "per": (lambda p: p.update(per="1.00"), "per"),
    "stck_sspr": (lambda p: _add(p, "stck_sspr", 10), "stck_sspr"),
    "stck_shrn_iscd": (lambda p: p.update(stck_shrn_iscd="000000"), "stck_shrn_iscd"),
    "missing field": (lambda p: p.pop("acml_vol"), "acml_vol"),
}


@pytest.mark.parametrize("name", sorted(PRICE_BREAKAGES))
def test_price_checker_names_the_broken_number(name):
    breakage, expected = PRICE_BREAKAGES[name]
    output = copy.deepcopy(PRICES["005930"]["output"])
    breakage(output)
    problems = check_price(output, "005930")
    assert any(expected in problem for problem in problems), problems


# ---------------------------------------------------------------------------------------------------
# The market of a price file (the sale taxes depend on it)
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "market"),
    [
        ({"market": "KONEX", "output": {"rprs_mrkt_kor_name": "KOSPI200"}}, "KONEX"),  # the field wins
        ({"output": {"rprs_mrkt_kor_name": "KOSPI200"}}, "KOSPI"),  # a recorded file: guessed from the name
        ({"output": {"rprs_mrkt_kor_name": "KOSDAQ"}}, "KOSDAQ"),
        ({"output": {"rprs_mrkt_kor_name": "KSQ150"}}, "KOSDAQ"),
        ({"output": {"rprs_mrkt_kor_name": "KONEX"}}, "KONEX"),
        ({"output": {}}, "KOSPI"),
    ],
)
def test_market_of_a_price_file(raw, market):
    assert market_of(raw) == market


def test_a_price_file_with_an_unknown_market_is_refused(tmp_path):
    (tmp_path / "prices").mkdir()
    bad = {**PRICES["005930"], "market": "NASDAQ"}
    (tmp_path / "prices" / "005930.json").write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SampleDataError, match="NASDAQ"):
        load_prices([tmp_path])
