"""주식잔고조회 (inquire-balance) and 주식현재가 시세 (inquire-price) on the sandbox."""

import pytest

from kislearn import spec
from kislearn.sandbox import demo_app, sample_accounts

EMPTY, SMALL, LARGE = "50010001-01", "50010002-01", "50010003-01"


def stored(sandbox, account: str):
    """The sample account as its data file holds it."""
    return sandbox.state.data.accounts[account]


def all_strings(record: dict) -> bool:
    return all(isinstance(value, str) for value in record.values())


# ---------------------------------------------------------------------------------------------------
# The sample accounts
# ---------------------------------------------------------------------------------------------------
def test_the_three_sample_accounts_are_listed():
    accounts = {account: slug for slug, account, _title in sample_accounts()}
    assert accounts[EMPTY] == "empty"
    assert accounts[SMALL] == "small"
    assert accounts[LARGE] == "large"


def test_the_large_account_has_55_holdings(sandbox):
    assert len(stored(sandbox, LARGE).output1) == 55


# ---------------------------------------------------------------------------------------------------
# Paging
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "flavour, sizes, letters",
    [
        ("paper", [20, 20, 15], ["M", "M", "E"]),
        ("real", [50, 5], ["M", "E"]),
    ],
)
def test_the_large_account_comes_in_pages(sandbox, kis_caller, flavour, sizes, letters):
    pages = kis_caller(sandbox, flavour).all_balance_pages(LARGE)
    bodies = [page.json() for page in pages]
    assert [len(body["output1"]) for body in bodies] == sizes
    assert [page.headers["tr_cont"] for page in pages] == letters
    summary = bodies[0]["output2"]
    for body in bodies:
        assert body["rt_cd"] == "0"
        assert (body["msg_cd"], body["msg1"].strip()) == spec.BALANCE_OK[flavour]
        assert len(body["output2"]) == 1  # ONE summary on every page
        assert body["output2"] == summary
        assert len(body["ctx_area_fk100"]) == 100 and len(body["ctx_area_nk100"]) == 100
        assert body["ctx_area_fk100"].startswith("50010003^01^N^N^01^01^N^")
    assert bodies[-1]["ctx_area_nk100"] == " " * 100
    all_rows = [row["pdno"] for body in bodies for row in body["output1"]]
    assert all_rows == [row["pdno"] for row in stored(sandbox, LARGE).output1]


def test_a_small_account_is_one_page_marked_d(sandbox, kis_caller):
    pages = kis_caller(sandbox, "paper").all_balance_pages(SMALL)
    assert len(pages) == 1
    assert pages[0].headers["tr_cont"] == "D"
    assert pages[0].json()["ctx_area_nk100"] == " " * 100
    assert len(pages[0].json()["output1"]) == len(stored(sandbox, SMALL).output1)


def test_an_empty_account_has_no_rows_and_one_summary(sandbox, kis_caller):
    answer = kis_caller(sandbox, "real").balance(EMPTY)
    assert answer.headers["tr_cont"] == "D"
    assert answer.json()["output1"] == []
    assert len(answer.json()["output2"]) == 1


def test_blank_tr_cont_means_the_first_page_even_with_ctx_values(sandbox, kis_caller):
    caller = kis_caller(sandbox, "paper")
    first = caller.balance(LARGE).json()
    again = caller.balance(
        LARGE, tr_cont="", CTX_AREA_FK100=first["ctx_area_fk100"], CTX_AREA_NK100=first["ctx_area_nk100"]
    )
    assert again.headers["tr_cont"] == "M"
    assert again.json()["output1"] == first["output1"]


@pytest.mark.parametrize(
    "fk100, nk100",
    [
        ("", ""),  # missing
        (None, "garbage"),  # garbled
        (None, "50010002^01^20^"),  # another account's key
        (None, "50010003^01^999^"),  # past the end
        ("50010002^01^N^N^01^01^N^", None),  # another account's search
    ],
)
def test_a_continuation_with_bad_ctx_values_is_refused(sandbox, kis_caller, fk100, nk100):
    caller = kis_caller(sandbox, "paper")
    first = caller.balance(LARGE).json()
    answer = caller.balance(
        LARGE,
        tr_cont="N",
        CTX_AREA_FK100=first["ctx_area_fk100"] if fk100 is None else fk100,
        CTX_AREA_NK100=first["ctx_area_nk100"] if nk100 is None else nk100,
    )
    assert answer.status_code == 200
    assert answer.json() == {"rt_cd": "2", "msg_cd": "OPSQ2001", "msg1": answer.json()["msg1"]}
    assert answer.json()["msg1"].strip() == "ERROR : INPUT INVALID_CHECK_CTX_AREA_NK100"


def next_page(caller, account: str, body: dict):
    return caller.balance(
        account, tr_cont="N", CTX_AREA_FK100=body["ctx_area_fk100"], CTX_AREA_NK100=body["ctx_area_nk100"]
    )


def test_a_change_between_pages_is_sydb0050(sandbox, kis_caller):
    caller = kis_caller(sandbox, "paper")
    first = caller.balance(LARGE).json()
    assert caller.order("buy", "012330", "1", account=LARGE).json()["rt_cd"] == "0"  # the same app key trades
    answer = next_page(caller, LARGE, first)
    assert answer.status_code == 200
    assert answer.json() == {"rt_cd": "7", "msg_cd": "SYDB0050", "msg1": answer.json()["msg1"]}
    assert answer.json()["msg1"].strip() == "조회이후에 자료가 변경되었습니다.(다시 조회하세요)"
    restarted = caller.balance(LARGE).json()  # a new read from page 1 carries the new snapshot
    assert next_page(caller, LARGE, restarted).json()["rt_cd"] == "0"


def test_another_apps_order_changes_nothing_for_this_app(sandbox, kis_caller):
    caller = kis_caller(sandbox, "paper")
    other = kis_caller(sandbox, "paper", demo_app("paper", student="kim"))
    first = caller.balance(LARGE).json()
    assert other.order("buy", "012330", "1", account=LARGE).json()["rt_cd"] == "0"
    assert next_page(caller, LARGE, first).json()["rt_cd"] == "0"


# ---------------------------------------------------------------------------------------------------
# Rows and values
# ---------------------------------------------------------------------------------------------------
def test_rows_look_exactly_like_the_data_file_and_values_are_strings(sandbox, kis_caller):
    body = kis_caller(sandbox, "paper").balance(SMALL).json()
    account = stored(sandbox, SMALL)
    assert body["output1"] == account.output1  # paper serves the stored values as they are
    assert body["output2"] == account.output2
    for record in body["output1"] + body["output2"]:
        assert all_strings(record)
    assert len(body["msg1"].encode("cp949")) == 80


def test_real_shows_zeros_in_the_two_unused_rate_fields(sandbox, kis_caller):
    body = kis_caller(sandbox, "real").balance(SMALL).json()
    account = stored(sandbox, SMALL)
    assert body["output1"], "the small account should hold something"
    assert {row["evlu_erng_rt"] for row in body["output1"]} == {"0.00000000"}
    assert body["output2"][0]["asst_icdc_erng_rt"] == "0.00000000"
    assert [{**row, "evlu_erng_rt": "x"} for row in body["output1"]] == [
        {**row, "evlu_erng_rt": "x"} for row in account.output1
    ]  # nothing else changed


def test_mojito2_style_parameters_are_accepted(sandbox, kis_caller):
    caller = kis_caller(sandbox, "real")
    answer = caller.balance(SMALL, OFL_YN="N")  # mojito2 sends OFL_YN=N
    assert answer.json()["rt_cd"] == "0"
    lower = {
        "cano": "50010002",
        "acnt_prdt_cd": "01",
        "afhr_flpr_yn": "N",
        "inqr_dvsn": "01",
        "unpr_dvsn": "01",
        "fund_sttl_icld_yn": "N",
        "fncg_amt_auto_rdpt_yn": "N",
        "prcs_dvsn": "00",
    }
    answer = caller.session.get(
        sandbox.url_for("real") + spec.BALANCE_PATH, params=lower, headers=caller.headers("TTTC8434R")
    )
    assert answer.json()["rt_cd"] == "0"


# ---------------------------------------------------------------------------------------------------
# Parameter checks
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("account", ["50019999-01", "50010002-02", "5001000201-", "abcdefgh-01"])
def test_an_unknown_account_is_opsq2000(sandbox, kis_caller, account):
    cano, product_code = account.split("-")
    caller = kis_caller(sandbox, "paper")
    answer = caller.balance(SMALL, CANO=cano, ACNT_PRDT_CD=product_code)
    assert answer.status_code == 200
    assert answer.json()["rt_cd"] == "2"
    assert answer.json()["msg_cd"] == "OPSQ2000"
    assert answer.json()["msg1"].strip() == "ERROR : INPUT INVALID_CHECK_ACNO"


@pytest.mark.parametrize(
    "name, value",
    [
        ("AFHR_FLPR_YN", "Z"),
        ("AFHR_FLPR_YN", ""),
        ("OFL_YN", "Y"),
        ("INQR_DVSN", "03"),
        ("UNPR_DVSN", "02"),
        ("FUND_STTL_ICLD_YN", ""),
        ("FNCG_AMT_AUTO_RDPT_YN", "Y"),
        ("PRCS_DVSN", "02"),
    ],
)
def test_a_bad_parameter_is_opsq2001(sandbox, kis_caller, name, value):
    answer = kis_caller(sandbox, "paper").balance(SMALL, **{name: value})
    assert answer.status_code == 200
    assert answer.json()["rt_cd"] == "2"
    assert answer.json()["msg_cd"] == "OPSQ2001"
    assert answer.json()["msg1"].strip() == f"ERROR : INPUT INVALID_CHECK_{name}"


def test_inqr_dvsn_02_is_refused_on_real_and_accepted_on_paper(sandbox, kis_caller):
    real = kis_caller(sandbox, "real").balance(SMALL, INQR_DVSN="02").json()
    assert real["msg1"].strip() == "ERROR : INPUT INVALID_CHECK_INQR_DVSN"
    assert kis_caller(sandbox, "paper").balance(SMALL, INQR_DVSN="02").json()["rt_cd"] == "0"


@pytest.mark.parametrize("afhr", ["N", "Y", "X"])
@pytest.mark.parametrize("prcs", ["00", "01"])
def test_every_accepted_value_works(sandbox, kis_caller, afhr, prcs):
    answer = kis_caller(sandbox, "real").balance(SMALL, AFHR_FLPR_YN=afhr, PRCS_DVSN=prcs, FUND_STTL_ICLD_YN="Y")
    assert answer.json()["rt_cd"] == "0"


# ---------------------------------------------------------------------------------------------------
# 주식현재가 시세
# ---------------------------------------------------------------------------------------------------
@pytest.fixture
def sample_price(sandbox):
    """One symbol of the sample data."""
    return next(iter(sandbox.state.data.prices.values()))


@pytest.mark.parametrize("flavour", ["real", "paper"])
@pytest.mark.parametrize("market", ["J", "NX", "UN"])
def test_a_sample_price_comes_back(sandbox, kis_caller, sample_price, flavour, market):
    answer = kis_caller(sandbox, flavour).price(sample_price.symbol, market)
    assert answer.status_code == 200
    body = answer.json()
    assert list(body) == ["output", "rt_cd", "msg_cd", "msg1"]
    assert body["output"] == sample_price.output
    assert all_strings(body["output"])
    assert (body["rt_cd"], body["msg_cd"], body["msg1"].strip()) == ("0", *spec.PRICE_OK)
    assert answer.headers["tr_id"] == "FHKST01010100"


def test_price_parameter_names_are_case_insensitive(sandbox, kis_caller, sample_price):
    caller = kis_caller(sandbox, "paper")
    answer = caller.session.get(
        sandbox.url_for("paper") + spec.PRICE_PATH,
        headers=caller.headers("FHKST01010100"),
        params={"fid_cond_mrkt_div_code": "J", "fid_input_iscd": sample_price.symbol},
    )
    assert answer.json()["rt_cd"] == "0"


def test_an_unknown_symbol_is_the_sandboxs_own_error(sandbox, kis_caller):
    body = kis_caller(sandbox, "paper").price("999999").json()
    assert (body["rt_cd"], body["msg_cd"]) == ("1", "SBX00011")
    assert "999999" in body["msg1"]


def test_a_bad_market_code_is_the_sandboxs_own_error(sandbox, kis_caller, sample_price):
    body = kis_caller(sandbox, "paper").price(sample_price.symbol, market="Q").json()
    assert (body["rt_cd"], body["msg_cd"]) == ("1", "SBX00010")
