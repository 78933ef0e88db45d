"""Issue 12, point 1: the likeliest path — copy .env.example to .env, paste one's keys and account, leave
KIS_MODE=sandbox — is warned about in connect(), in doctor and in 00_setup's check, instead of a silent ✅ and
an OPSQ2000 later."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import kislearn
from kislearn import selfcheck
from kislearn.connect import sandbox_account_note, setup_notes
from kislearn.settings import SettingsError, SettingsWarning, load_settings, settings_from, unused_values

EXAMPLE = Path(__file__).resolve().parent.parent / ".env.example"
KEY, SECRET, MY_ACCOUNT = "P" * 36, "s" * 180, "73124567-01"


@pytest.fixture(autouse=True)
def only_the_env_file(monkeypatch):
    """The test suite sets KIS_SANDBOX_URL for everything (conftest.py); here the .env file alone decides."""
    for name in [name for name in os.environ if name.startswith("KIS_")]:
        monkeypatch.delenv(name)


def pasted_env(tmp_path: Path, **extra) -> Path:
    """``.env.example`` copied to ``.env`` with keys and an account pasted in, KIS_MODE left as it was."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("KIS_APP_KEY=\n", f"KIS_APP_KEY={KEY}\n").replace(
        "KIS_APP_SECRET=\n", f"KIS_APP_SECRET={SECRET}\n"
    )
    text = text.replace("KIS_ACCOUNT=\n", f"KIS_ACCOUNT={MY_ACCOUNT}\n")
    for name, value in extra.items():
        text = text.replace(f"{name}=\n", f"{name}={value}\n")
    env = tmp_path / ".env"
    env.write_text(text, encoding="utf-8")
    return env


def test_keys_in_sandbox_mode_are_named_with_the_fix(tmp_path):
    settings = load_settings(pasted_env(tmp_path))
    assert settings.mode == "sandbox"
    (note,) = unused_values(settings)
    assert "KIS_APP_KEY와 KIS_APP_SECRET을 채웠지만" in note and "KIS_MODE=sandbox라서 쓰지 않습니다" in note
    assert "KIS_MODE=paper" in note and "'.env'" in note
    assert KEY not in note and SECRET not in note


def test_my_own_account_in_sandbox_mode_is_named_and_masked(tmp_path):
    settings = load_settings(pasted_env(tmp_path))
    note = sandbox_account_note(settings)
    assert "샌드박스에 없는 계좌" in note and "OPSQ2000" in note and "50010002-01" in note
    assert MY_ACCOUNT not in note and "******67-01" in note


def test_a_sample_account_in_sandbox_mode_needs_no_note():
    assert sandbox_account_note(settings_from({"KIS_ACCOUNT": "50010003-01"})) == ""
    assert setup_notes(settings_from({})) == []


def test_sandbox_values_in_paper_mode_are_named(tmp_path):
    values = {"KIS_MODE": "paper", "KIS_APP_KEY": KEY, "KIS_APP_SECRET": SECRET, "KIS_ACCOUNT": MY_ACCOUNT}
    (note,) = unused_values(settings_from({**values, "KIS_SANDBOX_URL": "http://10.0.0.5:8434", "KIS_STUDENT": "kim"}))
    assert "KIS_SANDBOX_URL·KIS_STUDENT" in note and "KIS_MODE=sandbox에서만" in note


def test_connect_warns_about_the_keys_it_does_not_use(tmp_path, sandbox):
    env = pasted_env(tmp_path, KIS_SANDBOX_URL=sandbox.url)
    settings = load_settings(env)
    with pytest.warns(SettingsWarning, match="KIS_MODE=paper로 바꾸세요"):
        broker = kislearn.connect(settings, account="50010002-01", token_cache=tmp_path / "tokens")
    assert broker.base_url == sandbox.url_for("paper")  # keys ignored: the sandbox's demo app, as the note says


def test_connect_with_sample_accounts_says_nothing(tmp_path, sandbox):
    settings = settings_from({"KIS_SANDBOX_URL": sandbox.url})
    with warnings.catch_warnings():
        warnings.simplefilter("error", SettingsWarning)
        kislearn.connect(settings, token_cache=tmp_path / "tokens")


def test_the_setup_check_warns_instead_of_all_ready(tmp_path, monkeypatch):
    """00_setup's check (self_check) and doctor run the same checks."""
    monkeypatch.setenv("KISLEARN_CACHE_DIR", str(tmp_path / "cache"))
    checks = {c.item: c for c in selfcheck.run_checks(load_settings(pasted_env(tmp_path)), connect=False)}
    assert checks["앱키·시크릿"].status == selfcheck.WARN and "KIS_MODE=paper" in checks["앱키·시크릿"].detail
    assert checks["계좌번호"].status == selfcheck.WARN and "OPSQ2000" in checks["계좌번호"].detail
    html = selfcheck.self_check(load_settings(pasted_env(tmp_path)), connect=False).to_html()
    assert "⚠️" in html and "KIS_MODE=paper" in html


def test_doctor_warns_and_the_balance_check_fails_on_an_account_the_sandbox_lacks(tmp_path, sandbox):
    env = pasted_env(tmp_path, KIS_SANDBOX_URL=sandbox.url)
    environment = {name: value for name, value in os.environ.items() if not name.startswith("KIS_")}
    environment.update(KISLEARN_ENV_FILE=str(env), KISLEARN_CACHE_DIR=str(tmp_path / "c"), PYTHONIOENCODING="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kislearn", "doctor"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env=environment,
    )
    assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("⚠️ 확인  앱키·시크릿") and "KIS_MODE=paper" in line for line in lines), result.stdout
    balance = next(line for line in lines if "계좌 확인" in line)
    assert balance.startswith("❌") and "OPSQ2000" in balance and "샘플 계좌" in balance
    assert MY_ACCOUNT not in result.stdout and KEY not in result.stdout


def test_a_bad_sandbox_url_is_a_settings_error_naming_it():
    with pytest.raises(SettingsError, match="KIS_SANDBOX_URL"):
        settings_from({"KIS_SANDBOX_URL": "127.0.0.1:8434"})
    # the address the sandbox prints for paper trading is accepted as it is
    assert settings_from({"KIS_SANDBOX_URL": "http://127.0.0.1:8434/paper"}).sandbox_url == "http://127.0.0.1:8434"
