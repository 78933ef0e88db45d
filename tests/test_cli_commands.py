"""``python -m kislearn balance / price / doctor`` against a test sandbox, in a subprocess like a learner."""

import os
import subprocess
import sys

import pytest

from kislearn.texttable import render, text_width


def run(*args, sandbox_url=None, env_file="none", cwd=None, cache_dir):
    """Run ``python -m kislearn ARGS`` with no .env, a private token cache and the given sandbox."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("KIS_")}
    env.update(KISLEARN_ENV_FILE=str(env_file), KISLEARN_CACHE_DIR=str(cache_dir), PYTHONIOENCODING="utf-8")
    if sandbox_url:
        env["KIS_SANDBOX_URL"] = sandbox_url
    return subprocess.run(
        [sys.executable, "-m", "kislearn", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env=env,
        cwd=cwd,
    )


@pytest.fixture
def kislearn_cli(sandbox, tmp_path):
    """``kislearn_cli("balance", ...)`` → CompletedProcess, pointed at the test sandbox."""
    return lambda *args, **options: run(*args, sandbox_url=sandbox.url, cache_dir=tmp_path, **options)


def test_balance_shows_the_summary_and_the_holdings_of_the_default_account(kislearn_cli):
    result = kislearn_cli("balance")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "50010002-01" in out and "보유 6종목" in out
    for label in (
        "예수금총금액",
        "dnca_tot_amt",
        "2,418,630",
        "총평가금액",
        "14,151,740",
        "자산증감수익율",
        "0.10",  # fixed two decimals
        "삼성전자",
        "SK하이닉스",
        "보유수량(주)",
        "평가손익금액(원)",
        "-495,000",
    ):
        assert label in out, label
    assert "Traceback" not in result.stderr


def test_balance_lines_up_korean_columns(kislearn_cli):
    lines = kislearn_cli("balance").stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("상품번호"))
    rows = [line for line in lines[start:] if line.strip()]
    widths = {text_width(line) for line in rows}  # numbers right-aligned, so every line ends in one column
    assert len(widths) == 1, rows


def test_balance_account_option_picks_a_sample_account(kislearn_cli):
    empty = kislearn_cli("balance", "--account", "50010001-01")
    assert empty.returncode == 0 and "10,000,000" in empty.stdout and "보유 종목이 없습니다" in empty.stdout
    large = kislearn_cli("balance", "--account", "50010003-01")
    assert large.returncode == 0 and "보유 55종목" in large.stdout  # all three pages


def test_balance_bad_account_is_one_clear_line(kislearn_cli):
    result = kislearn_cli("balance", "--account", "5001000301")
    assert result.returncode == 1
    assert result.stderr.startswith("오류 (error):") and len(result.stderr.strip().splitlines()) == 1
    assert "12345678-01" in result.stderr and "Traceback" not in result.stderr


def test_balance_of_an_account_the_sandbox_does_not_know_names_the_samples(kislearn_cli):
    result = kislearn_cli("balance", "--account", "12345678-01")
    assert result.returncode == 1 and "OPSQ2000" in result.stderr
    assert "50010001-01, 50010002-01, 50010003-01" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_price_shows_selected_fields_annotated(kislearn_cli):
    result = kislearn_cli("price", "005930")
    assert result.returncode == 0, result.stderr
    for label in ("주식 현재가", "stck_prpr", "97,400", "전일 대비율", "-1.32", "누적 거래량", "17,758,914", "주"):
        assert label in result.stdout, label
    sign = next(line for line in result.stdout.splitlines() if "prdy_vrss_sign" in line)
    assert "5 (하락)" in sign  # the code with its meaning (the workbook's list), not the bare code


def test_every_change_sign_code_is_shown_with_its_meaning():
    from kislearn.glossary import field
    from kislearn.terminal import annotated_table

    item = field("prdy_vrss_sign", "price")
    for code, meaning in (("1", "상한"), ("2", "상승"), ("3", "보합"), ("4", "하한"), ("5", "하락")):
        assert f"{code} ({meaning})" in annotated_table([item], {"prdy_vrss_sign": code})
    assert "(" not in annotated_table([item], {"prdy_vrss_sign": "9"}).splitlines()[-1]  # unknown: the bare code


@pytest.mark.parametrize(
    "symbol, words", [("5930", "5930이 아니라 005930"), ("12", "6자리"), ("999999", "005930 삼성전자")]
)  # unknown: the samples to try
def test_price_of_a_bad_symbol_is_a_clear_error(kislearn_cli, symbol, words):
    result = kislearn_cli("price", symbol)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("오류 (error):") and words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_doctor_all_ready_exits_0(kislearn_cli):
    result = kislearn_cli("doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    for item in ("Python", "패키지", "설정 파일(.env)", "모드", "토큰 캐시 폴더", "서버 연결", "접근토큰"):
        assert item in result.stdout, item
    assert "❌" not in result.stdout and "모두 준비됐습니다 (all ready)" in result.stdout


def test_doctor_paper_mode_without_keys_exits_1_with_a_fix(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("KIS_MODE=paper\n", encoding="utf-8")
    result = run("doctor", env_file=env_file, cache_dir=tmp_path, cwd=tmp_path)
    assert result.returncode == 1
    assert "❌" in result.stdout and "KIS_APP_KEY" in result.stdout
    assert "KIS_MODE=sandbox" in result.stdout and ".env.example" in result.stdout  # how to fix it
    assert "문제 1개" in result.stdout and "Traceback" not in result.stdout + result.stderr


def test_doctor_unreachable_sandbox_exits_1(tmp_path):
    from scripted_server import closed_port

    result = run("doctor", sandbox_url=f"http://127.0.0.1:{closed_port()}", cache_dir=tmp_path)
    assert result.returncode == 1 and "서버 연결" in result.stdout and "❌" in result.stdout


@pytest.mark.parametrize("command, korean", [("balance", "잔고"), ("price", "현재가"), ("doctor", "점검")])
def test_help_of_each_new_command_is_in_korean_and_english(command, korean, tmp_path):
    result = run(command, "--help", cache_dir=tmp_path)
    assert result.returncode == 0
    assert korean in result.stdout and "usage" in result.stdout
    assert any(word in result.stdout for word in ("balance", "price", "ready"))


def test_top_level_help_lists_the_commands(tmp_path):
    result = run("--help", cache_dir=tmp_path)
    for command in ("sandbox", "record", "balance", "price", "doctor"):
        assert command in result.stdout


# -- the text tables -------------------------------------------------------------------------------
def test_text_width_counts_korean_as_two_columns():
    assert text_width("삼성전자") == 8 and text_width("NAVER") == 5 and text_width("SK하이닉스") == 10


def test_render_pads_by_display_width():
    lines = render(["종목명", "수량"], [["삼성전자", "47"], ["NAVER", "6"]], right=[1]).splitlines()
    assert lines == ["종목명    수량", "--------  ----", "삼성전자    47", "NAVER        6"]
