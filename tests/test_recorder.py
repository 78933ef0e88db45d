"""The recorder, tested against the sandbox itself (record → write → replay gives the same answers) and
against recorded error cases (a failing call stops it and nothing is written); the folder writer; the CLI
(`record`, `sandbox --data`); the KIS_SANDBOX_DATA setting."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from helpers import closed_port, wait_for_health
from scripted_server import ScriptedServer, token_reply

from kislearn import KoreaInvestment, spec, transport
from kislearn.consistency import check_balance, check_price
from kislearn.recorder import Recording, RecordingError, record, record_to_folder
from kislearn.sample_folder import FolderError, folder_table, write_sample_folder
from kislearn.sandbox import Sandbox, SandboxRules, demo_app, ensure_running
from kislearn.sandbox.responses import balance_page
from kislearn.sandbox.samples import PACKAGE_DATA_DIR, load_accounts
from kislearn.sanitize import sanitize
from kislearn.settings import SettingsError, load_settings

SMALL, LARGE, UNKNOWN = "50010002-01", "50010003-01", "50019999-01"
RECORDED = "59990001-01"


def client(base_url: str, account: str, tmp_path: Path, flavour: str = "paper", app=None, **options) -> KoreaInvestment:
    app = app or demo_app(flavour)
    options.setdefault("calls_per_second", None)
    return KoreaInvestment(
        app.appkey,
        app.appsecret,
        account,
        mock=flavour == "paper",
        base_url=base_url,
        token_cache=tmp_path / "token-cache",
        **options,
    )


def leftovers(folder: Path) -> list:
    """Everything in ``folder`` (hidden staging folders included)."""
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# ---------------------------------------------------------------------------------------------------
# Record → write → replay
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("flavour, pages", [("paper", 3), ("real", 2)])
def test_round_trip_gives_the_same_answers(sandbox, start_sandbox, tmp_path, flavour, pages):
    """The 55-holding account: every page, every symbol's price, and the replay answers the same."""
    source = client(sandbox.url_for(flavour), LARGE, tmp_path, flavour)
    lines = []
    written = record_to_folder(tmp_path / "rec", broker=source, progress=lines.append)
    page_lines = [line for line in lines if "잔고 조회" in line]
    price_lines = [line for line in lines if "현재가 조회" in line]
    assert len(page_lines) == pages and "마지막 쪽" in page_lines[-1]
    assert len(price_lines) == 55 and "55/55" in price_lines[-1]
    assert len(written) == 1 + 55 + 1

    replay = start_sandbox(data_dirs=[tmp_path / "rec"])
    again = client(replay.url_for(flavour), RECORDED, tmp_path / "other", flavour)
    original = source.fetch_balance()
    assert again.fetch_balance() == original
    for row in original["output1"]:
        assert again.fetch_price(row["pdno"]) == source.fetch_price(row["pdno"])


def test_the_written_account_passes_the_sample_data_checks(sandbox, tmp_path):
    record_to_folder(tmp_path / "rec", broker=client(sandbox.url_for("paper"), SMALL, tmp_path), progress=None)
    account = json.loads((tmp_path / "rec" / "accounts" / "recorded.json").read_text(encoding="utf-8"))
    assert account["account"] == RECORDED and account["slug"] == "recorded"
    assert check_balance(account["output1"], account["output2"], sandbox_rules=True) == []  # from the sandbox
    for path in (tmp_path / "rec" / "prices").glob("*.json"):
        price = json.loads(path.read_text(encoding="utf-8"))
        assert check_price(price["output"], path.stem) == []
    manifest = json.loads((tmp_path / "rec" / "recording.json").read_text(encoding="utf-8"))
    assert manifest["account"] == RECORDED and manifest["holdings"] == 6 and manifest["scrambled"] is False
    app = demo_app("paper")
    assert app.appkey.encode() not in b"".join(p.read_bytes() for p in (tmp_path / "rec").rglob("*.json"))


def test_a_recorded_account_sits_next_to_the_samples(sandbox, start_sandbox, tmp_path):
    record_to_folder(
        tmp_path / "rec",
        broker=client(sandbox.url_for("paper"), SMALL, tmp_path),
        progress=None,
        slug="class-a",
        account_as="59990042-01",
        scramble=Decimal("0.5"),
    )
    accounts = load_accounts([tmp_path / "rec"])
    assert {SMALL, LARGE, "50010001-01", "59990042-01"} <= set(accounts)
    replay = start_sandbox(data_dirs=[tmp_path / "rec"])
    scrambled = client(replay.url_for("paper"), "59990042-01", tmp_path / "b").fetch_balance()
    assert check_balance(scrambled["output1"], scrambled["output2"]) == []
    small = client(replay.url_for("paper"), SMALL, tmp_path / "c").fetch_balance()
    assert scrambled["output2"][0]["tot_evlu_amt"] != small["output2"][0]["tot_evlu_amt"]


def test_the_recorder_keeps_to_the_paper_limit(start_sandbox, tmp_path):
    """A sandbox with KIS's real limits (2 calls a second on paper): the client's pacing means no call
    is refused, and a line of progress comes after each call."""
    strict = start_sandbox(SandboxRules())
    lines = []
    started = time.monotonic()
    record(client(strict.url_for("paper"), SMALL, tmp_path, calls_per_second="auto"), progress=lines.append)
    assert strict.stats["rate_limited"] == 0
    assert len(lines) == 1 + 6
    assert time.monotonic() - started >= 2.4  # 7 calls at 2 a second


# ---------------------------------------------------------------------------------------------------
# Recorded error cases: the recorder says what failed, and writes nothing
# ---------------------------------------------------------------------------------------------------
KEY, SECRET = "K" * 30 + "key123", "S" * 174 + "secret"


def scripted_client(server, tmp_path) -> KoreaInvestment:
    return KoreaInvestment(
        KEY, SECRET, SMALL, mock=True, base_url=server.url, token_cache=tmp_path / "tc", calls_per_second=None
    )


def balance_then(price_reply=None, second_page=None):
    """A script: tokenP works; balance page 1 comes from the large sample (``second_page`` answers page 2,
    or the small sample's single page when it is None); prices answer ``price_reply``."""
    accounts = load_accounts()

    def reply(request):
        if request.path.endswith(spec.TOKEN_PATH):
            return token_reply()
        if request.path.endswith(spec.BALANCE_PATH):
            if second_page is None:
                body, tr_cont = balance_page(accounts[SMALL], "paper", 0, 20, "")
                return 200, {"tr_cont": tr_cont}, body
            if request.headers.get("tr_cont") == "N":
                return second_page
            body, tr_cont = balance_page(accounts[LARGE], "paper", 0, 20, "fk")
            return 200, {"tr_cont": tr_cont}, body
        if request.path.endswith(spec.PRICE_PATH):
            return price_reply
        return 404, {}, "<html>Not Found</html>"

    return reply


def test_unknown_account_opsq2000(start_sandbox, tmp_path):
    strict = start_sandbox(SandboxRules())
    broker = client(strict.url_for("paper"), UNKNOWN, tmp_path, calls_per_second="auto")
    with pytest.raises(RecordingError) as caught:
        record_to_folder(tmp_path / "out" / "rec", broker=broker, progress=None)
    assert "OPSQ2000" in str(caught.value) and "잔고 조회 1쪽" in str(caught.value)
    assert "아무 파일도 쓰지 않았습니다" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_rate_limit_egw00201_on_a_price(tmp_path, monkeypatch):
    monkeypatch.setattr(transport, "RATE_LIMIT_BACKOFF", 0.01)
    refused = (
        500,
        {},
        {"rt_cd": "1", "msg_cd": "EGW00201", "msg1": "초당 거래건수를 초과하였습니다.", "message": "EGW00201"},
    )
    lines = []
    with ScriptedServer(balance_then(price_reply=refused)) as server:
        with pytest.raises(RecordingError) as caught:
            record_to_folder(tmp_path / "out" / "rec", broker=scripted_client(server, tmp_path), progress=lines.append)
    assert "EGW00201" in str(caught.value) and "현재가 조회 1/6" in caught.value.step
    assert lines == ["  잔고 조회 1쪽 (balance page 1): 6행, 마지막 쪽 (last)"]
    assert not (tmp_path / "out").exists()


def test_expired_token_egw00123_twice(tmp_path):
    """EGW00123: the client renews the token once; when that fails too, the recorder stops."""
    expired = (500, {}, {"rt_cd": "1", "msg_cd": "EGW00123", "msg1": "기간이 만료된 token 입니다."})
    with ScriptedServer(balance_then(price_reply=expired)) as server:
        with pytest.raises(RecordingError) as caught:
            record_to_folder(tmp_path / "out" / "rec", broker=scripted_client(server, tmp_path), progress=None)
    assert "EGW00123" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_non_json_page_midway(tmp_path):
    html = (502, {"content-type": "text/html"}, "<html><body>502 Bad Gateway</body></html>")
    lines = []
    with ScriptedServer(balance_then(second_page=html)) as server:
        with pytest.raises(RecordingError) as caught:
            record_to_folder(tmp_path / "out" / "rec", broker=scripted_client(server, tmp_path), progress=lines.append)
    assert "잔고 조회 2쪽" in str(caught.value) and "JSON" in str(caught.value)
    assert len(lines) == 1 and "1쪽" in lines[0]
    assert not (tmp_path / "out").exists()


def test_an_error_message_never_carries_a_secret(tmp_path):
    echo = (200, {}, {"rt_cd": "1", "msg_cd": "OPSQ2001", "msg1": f"ERROR : INPUT INVALID appkey={KEY} {SMALL}"})
    with ScriptedServer(balance_then(price_reply=echo)) as server:
        with pytest.raises(RecordingError) as caught:
            record(scripted_client(server, tmp_path), progress=None)
    assert KEY not in str(caught.value) and SMALL not in str(caught.value) and "OPSQ2001" in str(caught.value)


# ---------------------------------------------------------------------------------------------------
# The folder writer
# ---------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small_recording(tmp_path_factory) -> Recording:
    folder = tmp_path_factory.mktemp("small")
    with Sandbox(rules=SandboxRules.relaxed()) as source:
        return record(client(source.url_for("paper"), SMALL, folder), progress=None)


def test_refuses_the_package_data(small_recording):
    with pytest.raises(FolderError, match="패키지"):
        write_sample_folder(sanitize(small_recording), PACKAGE_DATA_DIR / "recorded")
    assert not (PACKAGE_DATA_DIR / "recorded").exists()


def test_refuses_a_folder_with_other_files_even_with_force(small_recording, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FolderError, match="녹화 폴더도 아닙니다"):
        write_sample_folder(sanitize(small_recording), tmp_path, force=True)
    assert leftovers(tmp_path) == ["notes.txt"]


def test_an_earlier_recording_is_replaced_only_with_force(small_recording, tmp_path):
    target = tmp_path / "rec"
    write_sample_folder(sanitize(small_recording, slug="first"), target)
    with pytest.raises(FolderError, match="--force"):
        write_sample_folder(sanitize(small_recording, slug="second"), target)
    write_sample_folder(sanitize(small_recording, slug="second"), target, force=True)
    assert leftovers(target / "accounts") == ["second.json"]
    assert leftovers(tmp_path) == ["rec"]  # no staging or backup folder left behind


def test_an_empty_folder_is_fine(small_recording, tmp_path):
    (tmp_path / "rec").mkdir()
    assert "recording.json" in write_sample_folder(sanitize(small_recording), tmp_path / "rec")


def test_a_crash_while_writing_leaves_nothing(small_recording, tmp_path, monkeypatch):
    calls = []

    def failing_fsync(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(FolderError, match="disk full"):  # a kislearn error (one line in the CLI), not a raw OSError
        write_sample_folder(sanitize(small_recording), tmp_path / "rec")
    assert leftovers(tmp_path) == []


def test_folder_table_shows_relative_paths(small_recording, tmp_path):
    write_sample_folder(sanitize(small_recording), tmp_path / "rec")
    table = folder_table(tmp_path / "rec")
    assert [row["파일"] for row in table][:2] == ["accounts/recorded.json", "prices/000660.json"]
    assert table[0]["내용"] == f"계좌 {RECORDED} · 보유 6종목 · 요약 1개"
    assert str(tmp_path) not in repr(table)


# ---------------------------------------------------------------------------------------------------
# The command line, end to end, with a .env pointing at a sandbox
# ---------------------------------------------------------------------------------------------------
def cli_env(tmp_path: Path, env_file: Path) -> dict:
    env = {name: value for name, value in os.environ.items() if not name.startswith("KIS_")}
    env.update(
        {
            "KISLEARN_ENV_FILE": str(env_file),
            "KISLEARN_CACHE_DIR": str(tmp_path / "cli-cache"),
            "PYTHONIOENCODING": "utf-8",
        }
    )
    return env


def run_cli(args, tmp_path, env_file, **options):
    return subprocess.run(
        [sys.executable, "-m", "kislearn", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=cli_env(tmp_path, env_file),
        timeout=120,
        **options,
    )


def test_record_command_end_to_end(sandbox, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(f"KIS_MODE=sandbox\nKIS_SANDBOX_URL={sandbox.url}\nKIS_ACCOUNT={SMALL}\n", encoding="utf-8")
    result = run_cli(["record", "class-a", "--slug", "class-a"], tmp_path, env_file)
    assert result.returncode == 0, result.stderr
    assert "잔고 조회 1쪽" in result.stdout and "현재가 조회 6/6" in result.stdout
    assert "class-a/accounts/class-a.json" in result.stdout and "sandbox --data class-a" in result.stdout
    assert sorted(p.name for p in (tmp_path / "class-a" / "prices").iterdir())[0] == "000660.json"

    again = run_cli(["record", "class-a"], tmp_path, env_file)
    assert again.returncode == 1 and "--force" in again.stderr and "Traceback" not in again.stderr


def test_record_command_reports_a_failure_without_a_traceback(start_sandbox, tmp_path):
    strict = start_sandbox(SandboxRules())
    env_file = tmp_path / ".env"
    env_file.write_text(f"KIS_MODE=sandbox\nKIS_SANDBOX_URL={strict.url}\nKIS_ACCOUNT={UNKNOWN}\n", encoding="utf-8")
    result = run_cli(["record", "rec"], tmp_path, env_file)
    assert result.returncode == 1 and "OPSQ2000" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "rec").exists()


def test_sandbox_command_serves_a_recorded_folder(sandbox, tmp_path):
    record_to_folder(tmp_path / "rec", broker=client(sandbox.url_for("paper"), SMALL, tmp_path), progress=None)
    port = closed_port()
    env_file = tmp_path / "none.env"
    env_file.write_text("", encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kislearn",
            "sandbox",
            "--port",
            str(port),
            "--data",
            "rec",
            "--no-limits",
            "--clock",
            "fixed",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=cli_env(tmp_path, env_file),
    )
    try:
        url = f"http://127.0.0.1:{port}"
        health = wait_for_health(url, process)
        assert len(health["data_dirs"]) == 1
        replayed = client(f"{url}/paper", RECORDED, tmp_path / "r").fetch_balance()
        assert replayed == client(sandbox.url_for("paper"), SMALL, tmp_path).fetch_balance()
    finally:
        process.terminate()
        output = process.communicate(timeout=10)[0]
    assert f"계좌 {RECORDED}" in output


def test_sandbox_command_refuses_a_folder_that_is_not_a_recording(tmp_path):
    env_file = tmp_path / "none.env"
    env_file.write_text("", encoding="utf-8")
    result = run_cli(["sandbox", "--port", str(closed_port()), "--data", "nothing-here"], tmp_path, env_file)
    assert result.returncode == 1 and "녹화 폴더가 아닙니다" in result.stderr


# ---------------------------------------------------------------------------------------------------
# KIS_SANDBOX_DATA: the setting, and the shared sandbox that serves it
# ---------------------------------------------------------------------------------------------------
def test_setting_reads_folders_relative_to_the_env_file(tmp_path, monkeypatch):
    for name in ("KIS_MODE", "KIS_ACCOUNT", "KIS_SANDBOX_DATA", "KIS_SANDBOX_URL", "KIS_APP_KEY", "KIS_APP_SECRET"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    env_file = tmp_path / ".env"
    env_file.write_text(f"KIS_SANDBOX_DATA=a{os.pathsep}b\nKIS_ACCOUNT={RECORDED}\n", encoding="utf-8")
    monkeypatch.chdir(PACKAGE_DATA_DIR)  # anywhere else
    settings = load_settings(env_file)
    assert settings.sandbox_data == (tmp_path / "a", tmp_path / "b")
    assert settings.account.text == RECORDED

    env_file.write_text("KIS_SANDBOX_DATA=missing\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="KIS_SANDBOX_DATA"):
        load_settings(env_file)


def test_ensure_running_uses_a_sandbox_that_serves_the_folders(sandbox, start_sandbox, tmp_path):
    record_to_folder(tmp_path / "rec", broker=client(sandbox.url_for("paper"), SMALL, tmp_path), progress=None)
    with_data = start_sandbox(data_dirs=[tmp_path / "rec"])
    assert ensure_running(port=with_data.port, data_dirs=[tmp_path / "rec"]) == with_data.url


def test_ensure_running_starts_another_sandbox_when_the_running_one_lacks_the_folders(sandbox, tmp_path):
    """The sandbox on the port (other kernels use it) is left alone; one with the folder starts next to it."""
    record_to_folder(tmp_path / "rec", broker=client(sandbox.url_for("paper"), SMALL, tmp_path), progress=None)
    url = ensure_running(port=sandbox.port, data_dirs=[tmp_path / "rec"], clock="fixed")  # the same moment
    health = requests.get(f"{url}/sandbox/health", timeout=2).json()
    try:
        assert url != sandbox.url and health["pid"] != os.getpid()
        balance = client(f"{url}/paper", RECORDED, tmp_path / "r").fetch_balance()
        assert balance["output2"] == client(sandbox.url_for("paper"), SMALL, tmp_path).fetch_balance()["output2"]
    finally:
        os.kill(health["pid"], 15)  # the sandbox this test started (SIGTERM; TerminateProcess on Windows)


def test_ensure_running_moves_on_when_a_port_is_taken_before_the_sandbox_binds(sandbox, tmp_path, monkeypatch):
    """A socket can grab the next port between the check and the spawn; then the port after it is tried."""
    from kislearn.sandbox import launcher

    record_to_folder(tmp_path / "rec", broker=client(sandbox.url_for("paper"), SMALL, tmp_path), progress=None)
    real_spawn, attempts = launcher._spawn, []

    def first_spawn_fails(port, log_path, data_dirs, clock):
        attempts.append(port)
        if len(attempts) == 1:  # as if the port were taken: the process exits at once
            return subprocess.Popen([sys.executable, "-c", "raise SystemExit(1)"])
        return real_spawn(port, log_path, data_dirs, clock)

    monkeypatch.setattr(launcher, "_spawn", first_spawn_fails)
    url = ensure_running(port=sandbox.port, data_dirs=[tmp_path / "rec"])
    health = requests.get(f"{url}/sandbox/health", timeout=2).json()
    try:
        assert len(attempts) == 2 and url.endswith(f":{attempts[1]}") and attempts[1] > attempts[0]
    finally:
        os.kill(health["pid"], 15)


def test_a_replayed_recording_moves_with_the_market(sandbox, start_sandbox, tmp_path):
    """Replayed on a later day, the recorded account is valued at that moment's prices (its price files anchor the
    paths) and still obeys every rule; an order on it fills and settles like on a sample."""
    record_to_folder(tmp_path / "rec", broker=client(sandbox.url_for("paper"), SMALL, tmp_path), progress=None)
    later = start_sandbox(data_dirs=[tmp_path / "rec"], clock="fixed@2026-11-24T11:00")
    replay = client(later.url_for("paper"), RECORDED, tmp_path / "r")
    balance = replay.fetch_balance()
    assert check_balance(balance["output1"], balance["output2"]) == []
    for row in balance["output1"]:
        assert row["prpr"] == replay.fetch_price(row["pdno"])["output"]["stck_prpr"]
    replay.create_market_sell_order("005930", 7)
    later.clock.advance(days=2)  # Thursday: the sale's cash is in D+0
    after = replay.fetch_balance()
    assert check_balance(after["output1"], after["output2"]) == []
    summary = after["output2"][0]
    assert summary["dnca_tot_amt"] == summary["nxdy_excc_amt"] == summary["prvs_rcdl_excc_amt"]
    assert int(summary["dnca_tot_amt"]) > int(balance["output2"][0]["prvs_rcdl_excc_amt"])
