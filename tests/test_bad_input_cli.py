"""Issue 12, "tracebacks to remove": every bad value on the command line ends with ONE Korean line on stderr and
exit code 1 — never a traceback, never a server started, never a call to KIS before the value is checked."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest
from scripted_server import closed_port


def run(*args, cwd=None, timeout=60, **environment):
    """``python -m kislearn ARGS`` with no .env and the given KIS_* values, like a learner in a terminal."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("KIS_")}
    env.update(KISLEARN_ENV_FILE="none", PYTHONIOENCODING="utf-8", **environment)
    return subprocess.run(
        [sys.executable, "-m", "kislearn", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env=env,
        cwd=cwd,
    )


def assert_one_clear_line(result, *words):
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("오류 (error):") or "실패" in lines[0], lines[0]
    for word in words:
        assert word in lines[0], (word, lines[0])


@pytest.mark.parametrize("command", [["price", "005930"], ["balance"], ["doctor"], ["record", "x"]])
@pytest.mark.parametrize(
    "url, words",
    [
        ("127.0.0.1:8434", ["KIS_SANDBOX_URL", "http://"]),
        ("http://127.0.0.1:99999", ["KIS_SANDBOX_URL", "1~65535"]),
    ],
    ids=["no-scheme", "port-99999"],
)
def test_a_bad_sandbox_url_is_one_line_with_any_command(command, url, words, tmp_path):
    result = run(*command, cwd=tmp_path, KIS_SANDBOX_URL=url, KISLEARN_CACHE_DIR=str(tmp_path / "cache"))
    if command == ["doctor"]:  # doctor reports it as a ❌ line of its table, and exits 1
        assert "Traceback" not in result.stderr + result.stdout and result.returncode == 1
        assert all(word in result.stdout for word in words) and "❌" in result.stdout
    else:
        assert_one_clear_line(result, *words)
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    "option, value, words",
    [
        ("--port", "99999", ["1~65535"]),
        ("--port", "-1", ["1~65535"]),
        ("--port", "abc", ["1~65535"]),
        ("--token-lifetime", "nan", ["--token-lifetime", "0보다 크고"]),
        ("--token-lifetime", "1e20", ["--token-lifetime", "86,400초 이하"]),
        ("--token-lifetime", "-5", ["--token-lifetime", "0보다 크고"]),
        ("--token-lifetime", "five", ["--token-lifetime", "숫자"]),
        ("--idle-timeout", "nan", ["--idle-timeout", "0보다 큰 숫자"]),
        ("--idle-timeout", "-1", ["--idle-timeout"]),
        ("--host", "999.999.1.1", ["--host", "IPv4"]),
        ("--host", "::1", ["--host", "IPv4"]),
        ("--host", "no-such-host.invalid", ["--host"]),
        ("--clock", "slow", ["--clock", "시계 방식"]),
        ("--clock", "fixed:10", ["--clock", "빠르기"]),
        ("--clock", "fast:0", ["--clock", "빠르기"]),
        ("--clock", "fixed@yesterday", ["--clock", "읽을 수 없습니다"]),
        ("--clock", "fixed@2010-01-04", ["--clock", "2016-01-04"]),  # before the market's history
    ],
)
def test_a_bad_sandbox_option_is_one_line_before_any_server_starts(option, value, words):
    others = [] if option == "--port" else ["--port", str(closed_port())]  # a free port, should it start
    result = run("sandbox", option, value, *others, timeout=30)
    assert_one_clear_line(result, *words)
    assert "돌고 있습니다" not in result.stdout  # no server was started
    assert "port in use" not in result.stderr.lower()


def test_a_host_of_another_computer_is_not_called_port_in_use():
    result = run("sandbox", "--host", "192.0.2.1", "--port", str(closed_port()), timeout=30)
    assert_one_clear_line(result, "--host", "이 컴퓨터의 주소가 아니어서")


def record_into(target, tmp_path):
    """``record TARGET`` against a sandbox address where nothing listens: a call would fail loudly, so a
    message about the folder proves the folder was checked before any call."""
    return run(
        "record",
        str(target),
        cwd=tmp_path,
        KIS_SANDBOX_URL=f"http://127.0.0.1:{closed_port()}",
        KISLEARN_CACHE_DIR=str(tmp_path / "cache"),
    )


@pytest.mark.parametrize(
    "target, words",
    [
        ("/proc/kislearn-recording", ["녹화를 쓸 수 없습니다"]),
        ("/dev/null/x", ["폴더가 아닌 파일"]),
        ("x" * 300, ["이름이 너무 깁니다"]),
        ("y" * 245, ["이름이 너무 깁니다"]),  # fits by itself, but not the hidden folder it is written through
    ],
    ids=["proc", "dev-null", "300-characters", "245-characters"],
)
def test_record_into_a_folder_it_cannot_write_fails_before_any_call(target, words, tmp_path):
    if target.startswith("/proc") and not os.path.isdir("/proc"):
        pytest.skip("no /proc here")
    result = record_into(target, tmp_path)
    assert_one_clear_line(result, *words)
    assert "연결" not in result.stdout  # it stopped before connecting (no token, no balance, no prices)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "cache") == []


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="a read-only folder needs POSIX and a non-root user")
def test_record_into_a_read_only_folder_fails_before_any_call(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = record_into(locked / "rec", tmp_path)
    finally:
        locked.chmod(stat.S_IRWXU)
    assert_one_clear_line(result, "쓰기 권한이 없습니다")
    assert "연결" not in result.stdout


def test_piping_into_head_is_not_a_broken_pipe_traceback(sandbox, tmp_path):
    command = [sys.executable, "-m", "kislearn", "balance", "--account", "50010003-01"]
    env = {name: value for name, value in os.environ.items() if not name.startswith("KIS_")}
    env.update(KISLEARN_ENV_FILE="none", KIS_SANDBOX_URL=sandbox.url, KISLEARN_CACHE_DIR=str(tmp_path))
    producer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    producer.stdout.readline()  # read one line, then leave, as `| head -1` does
    producer.stdout.close()
    _, errors = producer.communicate(timeout=60)
    assert b"Traceback" not in errors and b"BrokenPipeError" not in errors


@pytest.mark.parametrize(
    "args, words",
    [
        (["pricee"], ["'pricee'", "invalid choice", "'price'"]),
        (["balanse"], ["'balanse'", "invalid choice", "혹시 'balance'", "did you mean"]),
        (["price"], ["SYMBOL", "required argument missing", "price --help"]),
        (["price", "005930", "extra"], ["extra", "unrecognized arguments"]),
        (["sandbox", "--port"], ["--port", "expected one argument", "sandbox --help"]),
        (["sandbox", "--no-limits=3"], ["--no-limits", "ignored explicit argument"]),
    ],
    ids=[
        "typo-command",
        "typo-suggestion",
        "missing-symbol",
        "extra-argument",
        "option-without-value",
        "flag-with-value",
    ],
)
def test_argparse_usage_errors_are_one_korean_line_with_exit_1(args, words, tmp_path):
    """argparse's own errors (usage + an English line, exit 2) speak like the rest of the command line."""
    assert_one_clear_line(run(*args, cwd=tmp_path), *words)
