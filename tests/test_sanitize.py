"""The sanitiser and --scramble: no key, secret, token, approval key or real account number survives in a
written recording, however oddly it is hidden in the answers, and the result still passes the consistency
checks; scaling keeps every relation of the specification."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

from kislearn.consistency import check_balance, check_price, check_price_matches
from kislearn.recorder import Recording
from kislearn.sample_folder import write_sample_folder
from kislearn.sandbox.responses import real_flavour_rows
from kislearn.sandbox.samples import PACKAGE_DATA_DIR
from kislearn.sanitize import REDACTED, SanitizeError, Secrets, find_secrets, sanitize
from kislearn.scramble import ScrambleError, parse_factor, scramble_account

KEY = "PSk3yAbCdEfGhIjKlMnOpQrStUvWxYz01234"  # 36 characters, like a real app key
SECRET = "SeCrEt" + "x9Y8z7W6" * 21 + "END456"  # 180 characters
TOKEN = (
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJ0b2tlbiIsImF1ZCI6InJlYWwtdXNlciJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"
)
APPROVAL = "a1b2c3d4-e5f6-7a8b-9c0d-approvalkey1"
ACCOUNT, CANO = "81012345-01", "81012345"
SECRETS = Secrets(app_key=KEY, app_secret=SECRET, access_token=TOKEN, approval_key=APPROVAL, account=ACCOUNT)
FORBIDDEN = [KEY, SECRET, TOKEN, APPROVAL, ACCOUNT, CANO, "8101234501", *TOKEN.split(".")[1:]]


def sample(kind: str, name: str) -> dict:
    return json.loads((PACKAGE_DATA_DIR / kind / f"{name}.json").read_text(encoding="utf-8"))


def prices_for(rows) -> dict:
    """Price answers (whole bodies, as KIS sends them) for the rows' symbols."""
    return {
        row["pdno"]: {
            "output": sample("prices", row["pdno"])["output"],
            "rt_cd": "0",
            "msg_cd": "MCA00000",
            "msg1": "정상처리 되었습니다!",
        }
        for row in rows
    }


def stuffed_recording() -> Recording:
    """The small sample account as two pages, with secrets hidden in odd places."""
    account = sample("accounts", "small")
    rows = copy.deepcopy(account["output1"])
    rows[0]["prdt_name"] = f"삼성전자 {KEY}"  # a name (kept field) with the key inside
    rows[1]["item_mgna_rt_name"] = f"증거금 {CANO}{ACCOUNT[-2:]} {KEY.lower()}"  # no hyphen; key in lower case
    rows[2]["grta_rt_name"] = f"Bearer {TOKEN}"
    rows[3]["appkey"] = KEY  # a field outside the specification
    rows[4]["debug"] = {"headers": {"authorization": f"Bearer {TOKEN}", "appsecret": SECRET}, KEY: [APPROVAL]}
    summary = dict(account["output2"][0], approval_key=APPROVAL, cano=CANO)
    pages = [
        {
            "ctx_area_fk100": f"{CANO}^01^N^N^01^01^N^".ljust(100),
            "ctx_area_nk100": f"{CANO}^01^3^{TOKEN[:40]}",
            "output1": rows[:3],
            "output2": [summary],
            "rt_cd": "0",
            "msg_cd": "20310000",
            "msg1": f"모의투자 조회가 완료되었습니다. {ACCOUNT} {APPROVAL}",
        },
        {
            "ctx_area_fk100": f"{CANO}^01^N^N^01^01^N^".ljust(100),
            "ctx_area_nk100": " " * 100,
            "output1": rows[3:],
            "output2": [summary],
            "rt_cd": "0",
            "msg_cd": "20310000",
            "msg1": SECRET,
        },
    ]
    prices = prices_for(rows)
    prices["005930"]["msg1"] = f"appkey={KEY}"
    prices["005930"]["output"] = dict(
        prices["005930"]["output"], bstp_kor_isnm=f"전기.전자 {APPROVAL}", secret_field={"nested": [SECRET, TOKEN]}
    )
    prices["000660"]["echo"] = {"CANO": CANO, "appsecret": SECRET}
    return Recording(flavour="paper", balance_pages=pages, prices=prices, secrets=SECRETS)


def written_bytes(folder: Path) -> bytes:
    return b"\n".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


# ---------------------------------------------------------------------------------------------------
# No secret survives
# ---------------------------------------------------------------------------------------------------
def test_no_secret_survives_in_the_written_files(tmp_path):
    safe = sanitize(stuffed_recording())
    write_sample_folder(safe, tmp_path / "rec")
    data = written_bytes(tmp_path / "rec").lower()
    for secret in FORBIDDEN:
        assert secret.lower().encode("utf-8") not in data, f"a secret survived ({len(secret)} characters)"
    assert REDACTED.encode("utf-8") in written_bytes(tmp_path / "rec")  # the names were kept, the key removed


def test_the_stuffed_recording_still_passes_the_consistency_checks(tmp_path):
    safe = sanitize(stuffed_recording())
    write_sample_folder(safe, tmp_path / "rec")
    account = json.loads((tmp_path / "rec" / "accounts" / "recorded.json").read_text(encoding="utf-8"))
    prices = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "rec" / "prices").glob("*.json")}
    assert check_balance(account["output1"], account["output2"], sandbox_rules=False) == []
    assert check_price_matches(account["output1"], prices) == []
    for symbol, price in prices.items():
        assert check_price(price["output"], symbol, sandbox_rules=False) == []


def test_only_the_sandbox_format_is_kept():
    safe = sanitize(stuffed_recording())
    assert set(safe.account) == {"slug", "account", "title", "description", "output1", "output2"}
    assert all("appkey" not in row and "debug" not in row for row in safe.account["output1"])
    assert "approval_key" not in safe.account["output2"][0] and "cano" not in safe.account["output2"][0]
    for price in safe.prices.values():
        assert set(price) == {"symbol", "name", "output"} and "secret_field" not in price["output"]


def test_the_account_number_is_replaced_not_just_removed():
    safe = sanitize(stuffed_recording(), account_as="59990007-01")
    assert safe.account_number == "59990007-01"
    assert safe.account["output1"][1]["item_mgna_rt_name"].startswith("증거금 5999000701 ")


def test_names_and_amounts_are_kept():
    original = sample("accounts", "small")
    safe = sanitize(stuffed_recording())
    assert [r["prdt_name"] for r in safe.account["output1"]][1:] == [r["prdt_name"] for r in original["output1"]][1:]
    assert safe.account["output1"][0]["prdt_name"] == f"삼성전자 {REDACTED}"
    assert safe.prices["005930"]["name"] == f"삼성전자 {REDACTED}"
    assert safe.account["output2"] == original["output2"]


def test_a_secret_inside_a_number_stops_the_recording_and_scramble_is_the_way_out():
    """The small account's total is 14,151,740: an account whose CANO is 14151740 cannot be hidden there."""
    recording = stuffed_recording()
    recording.secrets = Secrets(app_key=KEY, app_secret=SECRET, access_token=TOKEN, account="14151740-01")
    with pytest.raises(SanitizeError, match="tot_evlu_amt") as caught:
        sanitize(recording)
    assert "14151740" not in str(caught.value)
    safe = sanitize(recording, scramble=Decimal("0.5"))
    assert find_secrets({"a": safe.account, "p": safe.prices}, recording.secrets) == []


def test_a_title_with_the_account_number_is_cleaned_too():
    safe = sanitize(stuffed_recording(), title=f"내 계좌 {ACCOUNT}")
    assert safe.account["title"] == "내 계좌 59990001-01"


@pytest.mark.parametrize(
    "options, message",
    [
        ({"account_as": ACCOUNT}, "실제 계좌번호와 같습니다"),
        ({"account_as": "5999000101"}, "하이픈"),
        ({"slug": "My Account"}, "slug"),
    ],
)
def test_bad_options_are_refused(options, message):
    with pytest.raises(Exception, match=message):
        sanitize(stuffed_recording(), **options)


def test_reprs_show_no_secret():
    recording = stuffed_recording()
    for text in (repr(SECRETS), repr(recording)):
        assert not any(secret in text for secret in FORBIDDEN)


def test_missing_price_is_an_error():
    recording = stuffed_recording()
    del recording.prices["035420"]
    with pytest.raises(SanitizeError, match="035420"):
        sanitize(recording)


# ---------------------------------------------------------------------------------------------------
# --scramble
# ---------------------------------------------------------------------------------------------------
PACKAGE_PRICES = {
    path.stem: json.loads(path.read_text(encoding="utf-8")) for path in (PACKAGE_DATA_DIR / "prices").glob("*.json")
}


@pytest.mark.parametrize("slug", ["empty", "small", "large"])
@pytest.mark.parametrize("factor", ["0.37", "3", "0.1", "7.25"])
def test_scramble_keeps_every_relation(slug, factor):
    """The samples obey the sandbox's own rules too, and so does every scrambled copy."""
    account = sample("accounts", slug)
    scrambled = scramble_account(account, factor)
    assert check_balance(scrambled["output1"], scrambled["output2"], sandbox_rules=True) == []
    assert check_price_matches(scrambled["output1"], PACKAGE_PRICES) == []
    before, after = account["output2"][0], scrambled["output2"][0]
    if account["output1"]:
        assert after["tot_evlu_amt"] != before["tot_evlu_amt"]
        assert [r["prpr"] for r in scrambled["output1"]] == [r["prpr"] for r in account["output1"]]
        assert [r["hldg_qty"] for r in scrambled["output1"]] != [r["hldg_qty"] for r in account["output1"]]
    else:
        assert int(after["dnca_tot_amt"]) == int(Decimal(before["dnca_tot_amt"]) * Decimal(factor))


def real_looking(slug: str) -> dict:
    """A sample as a real server would show it after a deposit of 1,000,000 won today: the official
    relations hold, the sandbox's own cash formulas do not; unused rates are zeros."""
    account = copy.deepcopy(sample("accounts", slug))
    rows, summary = real_flavour_rows(account["output1"], account["output2"][0])
    for name in ("dnca_tot_amt", "nxdy_excc_amt", "prvs_rcdl_excc_amt", "tot_evlu_amt", "nass_amt", "asst_icdc_amt"):
        summary[name] = str(int(summary[name]) + 1_000_000)
    account["output1"], account["output2"] = rows, [summary]
    assert check_balance(rows, [summary], sandbox_rules=False) == []
    assert check_balance(rows, [summary], sandbox_rules=True) != []
    return account


@pytest.mark.parametrize("factor", ["0.37", "2.5"])
def test_scramble_keeps_the_official_relations_of_a_real_account(factor):
    account = real_looking("large")
    scrambled = scramble_account(account, factor)
    assert check_balance(scrambled["output1"], scrambled["output2"], sandbox_rules=False) == []
    assert all(row["evlu_erng_rt"] == "0.00000000" for row in scrambled["output1"])  # real's zeros stay zeros
    assert scrambled["output2"][0]["asst_icdc_erng_rt"] == "0.00000000"


def test_scramble_handles_a_row_sold_out_today():
    account = copy.deepcopy(sample("accounts", "small"))
    row = account["output1"][0]
    summary = account["output2"][0]
    # sell all 47 shares today at the current price: the row stays with hldg_qty 0 (official README)
    proceeds = int(row["evlu_amt"])
    summary.update(
        {
            "thdt_sll_amt": str(proceeds),
            "prvs_rcdl_excc_amt": str(int(summary["prvs_rcdl_excc_amt"]) + proceeds),
            "scts_evlu_amt": str(int(summary["scts_evlu_amt"]) - proceeds),
            "evlu_amt_smtl_amt": str(int(summary["evlu_amt_smtl_amt"]) - proceeds),
            "pchs_amt_smtl_amt": str(int(summary["pchs_amt_smtl_amt"]) - int(row["pchs_amt"])),
            "evlu_pfls_smtl_amt": str(int(summary["evlu_pfls_smtl_amt"]) - int(row["evlu_pfls_amt"])),
        }
    )
    row.update(
        {
            "thdt_sll_qty": "47",
            "hldg_qty": "0",
            "ord_psbl_qty": "0",
            "pchs_amt": "0",
            "pchs_avg_pric": "0.0000",
            "evlu_amt": "0",
            "evlu_pfls_amt": "0",
            "evlu_pfls_rt": "0.00",
            "evlu_erng_rt": "0.00000000",
        }
    )
    assert check_balance(account["output1"], account["output2"], sandbox_rules=False) == []
    scrambled = scramble_account(account, "0.37")
    assert scrambled["output1"][0]["hldg_qty"] == "0" and scrambled["output1"][0]["thdt_sll_qty"] == "17"
    assert check_balance(scrambled["output1"], scrambled["output2"], sandbox_rules=False) == []


def test_sanitize_with_scramble_writes_no_factor(tmp_path):
    safe = sanitize(stuffed_recording(), scramble=Decimal("0.37"))
    write_sample_folder(safe, tmp_path / "rec")
    manifest = json.loads((tmp_path / "rec" / "recording.json").read_text(encoding="utf-8"))
    assert manifest["scrambled"] is True
    assert b"0.37" not in written_bytes(tmp_path / "rec")
    assert check_balance(safe.account["output1"], safe.account["output2"], sandbox_rules=False) == []


@pytest.mark.parametrize("text", ["abc", "0", "1", "100", "-2", "nan"])
def test_bad_factors_are_refused(text):
    with pytest.raises(ScrambleError):
        parse_factor(text)
