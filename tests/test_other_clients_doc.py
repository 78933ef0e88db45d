"""docs/other-clients.md stays true: its keys are the sandbox's, its kis_devlp.yaml has what the official sample
reads, and its mojito2 and python-kis blocks run as they are against a sandbox (only the port differs)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kislearn.sandbox import SandboxRules, demo_app

PAGE = Path(__file__).resolve().parent.parent / "docs" / "other-clients.md"
BLOCK = re.compile(r"^```(python|yaml)\n(.*?)^```", re.DOTALL | re.MULTILINE)
DOC_URL = "http://127.0.0.1:8434"
DOC_WS_URL = "ws://127.0.0.1:18434"


def blocks(kind: str) -> list:
    return [code for language, code in BLOCK.findall(PAGE.read_text(encoding="utf-8")) if language == kind]


def test_the_page_gives_the_sandboxs_own_keys():
    text = PAGE.read_text(encoding="utf-8")
    for flavour in ("paper", "real"):
        app = demo_app(flavour)
        assert f"`{app.appkey}`" in text and f"`{app.appsecret}`" in text


def test_the_yaml_has_every_key_the_official_sample_reads():
    """kis_auth.py reads these keys of kis_devlp.yaml (my_app/my_sec for prod, paper_app/paper_sec for vps)."""
    (yaml_text,) = blocks("yaml")
    values = dict(re.findall(r'^(\w+): "(.*)"', yaml_text, re.MULTILINE))
    needed = ["my_app", "my_sec", "paper_app", "paper_sec", "my_htsid", "my_acct_stock", "my_acct_future"]
    needed += ["my_paper_stock", "my_paper_future", "my_prod", "prod", "ops", "vps", "vops", "my_token", "my_agent"]
    assert set(needed) <= set(values)
    assert (values["my_app"], values["my_sec"]) == (demo_app("real").appkey, demo_app("real").appsecret)
    assert (values["paper_app"], values["paper_sec"]) == (demo_app("paper").appkey, demo_app("paper").appsecret)
    assert values["prod"] == values["vps"] == DOC_URL  # both hosts at the root: the key decides
    assert values["ops"] == values["vops"] == DOC_WS_URL  # one WebSocket port for both: the approval key decides


@pytest.mark.parametrize("number", [0, 1], ids=["mojito2", "python-kis"])
def test_the_client_blocks_run_against_a_sandbox(number, start_sandbox, tmp_path):
    code = blocks("python")[number]
    sandbox = start_sandbox(SandboxRules())  # KIS's own limits
    (tmp_path / "client.py").write_text(code.replace(DOC_URL, sandbox.url), encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "client.py"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "현재가: 97400" in result.stdout
    assert ("보유 종목: 6 개" if number == 0 else "보유 종목: 55 개") in result.stdout


@pytest.mark.parametrize("number", [4, 5], ids=["mojito2 KoreaInvestmentWS", "python-kis realtime"])
def test_the_websocket_blocks_run_against_a_sandbox(number, start_sandbox, tmp_path):
    """The real-time blocks, on a market clock a minute a second (a few trades arrive within seconds)."""
    from datetime import datetime

    from kislearn import spec
    from kislearn.sandbox.market import MarketClock

    code = blocks("python")[number]
    clock = MarketClock("course", start=datetime(2026, 11, 20, 10, 0, tzinfo=spec.KST), speed=60)
    sandbox = start_sandbox(SandboxRules(), clock=clock)
    code = code.replace(DOC_WS_URL, sandbox.ws_url).replace(DOC_URL, sandbox.url)
    (tmp_path / "client.py").write_text(code, encoding="utf-8")
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "client.py"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    if number == 4:  # four items, each a trade ("체결 005930") or a book ("호가 <best ask>")
        lines = result.stdout.splitlines()
        assert len(lines) == 4 and all(line == "체결 005930" or re.fullmatch(r"호가 \d+", line) for line in lines)
    else:
        # python-kis writes its own log lines to stdout too, before or after this one: read only this line
        line = re.search(r"실시간 체결가: \[([^\]]*)\]", result.stdout)
        assert line, result.stdout
        prices = line.group(1).split(",")
        assert len(prices) == 3 and all(90_000 < int(p) < 110_000 for p in prices)  # 삼성전자 around 97,400
