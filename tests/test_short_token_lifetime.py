"""Issue 12, point 6: ``python -m kislearn sandbox --token-lifetime 5`` (a README example) and the one-token-a-minute
rule agree: with tokens shorter-lived than a minute the sandbox lets a new token be issued once the old one has
expired, so the client's automatic renewal works at once instead of failing with EGW00133 for a minute."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from scripted_server import closed_port

from kislearn import KoreaInvestment, TokenIssueLimitError
from kislearn.sandbox import ManualClock, SandboxRules, demo_app


def test_the_minute_rule_shrinks_to_a_shorter_lifetime():
    assert SandboxRules(token_lifetime=timedelta(seconds=5)).issue_interval() == timedelta(seconds=5)
    assert SandboxRules().issue_interval() == timedelta(minutes=1)  # KIS's own rule is untouched
    assert SandboxRules.relaxed(token_lifetime=timedelta(seconds=5)).issue_interval() is None


def test_the_client_renews_an_expired_five_second_token_at_once(start_sandbox, tmp_path):
    clock = ManualClock()
    sandbox = start_sandbox(SandboxRules(token_lifetime=timedelta(seconds=5), clock=clock))
    app = demo_app("paper")
    broker = KoreaInvestment(
        app.appkey, app.appsecret, "50010002-01", mock=True, base_url=sandbox.url_for("paper"), token_cache=tmp_path
    )
    first = broker.access_token
    clock.advance(seconds=6)  # the token has expired: the next call gets EGW00123 and renews
    assert broker.fetch_price("005930")["rt_cd"] == "0"
    assert broker.access_token != first
    assert sandbox.stats["tokens_issued"]["paper"] == 2


def test_within_the_lifetime_a_second_token_is_still_refused(start_sandbox, tmp_path):
    clock = ManualClock()
    sandbox = start_sandbox(SandboxRules(token_lifetime=timedelta(seconds=5), clock=clock))
    app = demo_app("paper")

    def new_client(cache):  # each with an empty cache: each asks for a token
        return KoreaInvestment(
            app.appkey, app.appsecret, "50010002-01", mock=True, base_url=sandbox.url_for("paper"), token_cache=cache
        )

    new_client(tmp_path / "a")
    clock.advance(seconds=1)
    with pytest.raises(TokenIssueLimitError):  # EGW00133 can still be watched, within the 5 seconds
        new_client(tmp_path / "b")


def test_the_command_says_it_shortened_the_rule():
    env = {name: value for name, value in os.environ.items() if not name.startswith("KIS_")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kislearn",
            "sandbox",
            "--port",
            str(closed_port()),
            "--token-lifetime",
            "5",
            "--idle-timeout",
            "0.5",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        env={**env, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "토큰 발급 간격 제한(1분 1회, EGW00133)도 5초로 줄였습니다" in result.stdout
    assert "sandbox's choice" in result.stdout
