"""``python -m kislearn sandbox``: starts in the foreground, answers like KIS, and Ctrl-C stops it."""

import signal
import subprocess
import sys

import pytest
import requests
from helpers import closed_port, wait_for_health

from kislearn.sandbox import demo_app


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX-only")
def test_sandbox_command_serves_and_stops_on_ctrl_c():
    port = closed_port()
    # A shell's background job (`pytest ... &`) runs with Ctrl-C ignored, and a child inherits that; with a handler
    # here instead, the child starts with the default, as the sandbox command does in a terminal.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "kislearn", "sandbox", "--port", str(port), "--token-lifetime", "5"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
        )
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        url = f"http://127.0.0.1:{port}"
        assert wait_for_health(url, process)["service"] == "kislearn-sandbox"
        app = demo_app("paper")
        answer = requests.post(
            f"{url}/paper/oauth2/tokenP",
            timeout=5,
            json={"grant_type": "client_credentials", "appkey": app.appkey, "appsecret": app.appsecret},
        ).json()
        assert answer["expires_in"] == 5  # --token-lifetime took effect
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert "멈췄습니다" in output and "Traceback" not in output


def test_busy_port_is_a_clear_error():
    import socket

    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "kislearn", "sandbox", "--port", str(holder.getsockname()[1])],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=30,
        )
    finally:
        holder.close()
    assert result.returncode == 1
    assert "port" in result.stderr.lower() and "Traceback" not in result.stderr


def test_help_is_in_korean_and_english():
    result = subprocess.run(
        [sys.executable, "-m", "kislearn", "sandbox", "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
    )
    assert result.returncode == 0
    assert "샌드박스" in result.stdout and "sandbox" in result.stdout.lower() and "--port" in result.stdout


def test_port_held_by_a_sandbox_says_it_is_already_running(sandbox):
    result = subprocess.run(
        [sys.executable, "-m", "kislearn", "sandbox", "--port", str(sandbox.port)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
    )
    assert result.returncode == 1
    assert "이미 돌고 있습니다" in result.stderr and "/paper" in result.stderr and "Traceback" not in result.stderr
