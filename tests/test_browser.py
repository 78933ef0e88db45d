"""The dashboard and the live price widget in a real browser: JupyterLab and the classic Notebook (7) + headless
Chromium (Playwright), as a learner would use them.

Starts a Jupyter server on 127.0.0.1 in a temporary copy of notebooks/ (the committed notebook is never
rewritten), in sandbox mode against a private sandbox, opens 10_dashboard.ipynb in JupyterLab
(``/lab/tree/...``) and in Notebook 7 (``/notebooks/...``), runs all cells from the Run menu, clicks
새로고침, types ``dnca`` into the glossary search and checks what appears. The screenshots are saved to
test-artifacts/dashboard.png (JupyterLab) and test-artifacts/dashboard-notebook.png. It also opens
14_realtime.ipynb in JupyterLab, runs every cell above the clean-up, and runs the cell that moves the market clock
five minutes once more, as the lesson invites: the LivePrice widget's price and trade time must change
(test-artifacts/live-price.png). Needs Debian's /usr/bin/chromium (``.ci/run`` installs it); without it the
tests are skipped, except in CI (``CI=true``), where they fail.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from helpers import free_port

import kislearn
from kislearn.sandbox import demo_app
from kislearn.settings import use_sandbox_only

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = ROOT / "test-artifacts" / "dashboard.png"
LIVE_SCREENSHOT = ROOT / "test-artifacts" / "live-price.png"
# where each front end opens a notebook, and the suffix of its screenshots
FRONT_ENDS = {"jupyterlab": ("/lab/tree/", ""), "notebook7": ("/notebooks/", "-notebook")}
LARGE = "50010003-01"  # the account the notebook's last cell picks


def need_browser():
    """Skip (locally) or fail (in CI) when Chromium or Playwright is missing."""
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (Debian: apt-get install chromium fonts-nanum)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = 'the playwright package is missing (pip install -e ".[browser]"; .ci/run does)'
    if problem and os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser test cannot run in CI: {problem}")
    if problem:
        pytest.skip(problem)


@pytest.fixture
def jupyter(sandbox, tmp_path):
    """A Jupyter server (JupyterLab and Notebook 7) serving a copy of notebooks/ → (its URL, the token)."""
    need_browser()
    folder = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    env = dict(os.environ)
    use_sandbox_only(env, str(tmp_path / "cache"), sandbox.url)
    for name in (
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_DATA_DIR",
        "JUPYTER_RUNTIME_DIR",
        "JUPYTERLAB_SETTINGS_DIR",
        "JUPYTERLAB_WORKSPACES_DIR",
        "IPYTHONDIR",
    ):  # no personal Jupyter settings or workspaces
        env[name] = str(tmp_path / name.lower())
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    # render every cell (JupyterLab 4 leaves cells outside the window out of the page by default)
    settings = tmp_path / "jupyterlab_settings_dir" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={folder}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    session.trust_env = False
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, "JupyterLab stopped:\n" + (tmp_path / "lab.log").read_text()[-2000:]
            try:
                if session.get(f"{base}/api/status", params={"token": token}, timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "JupyterLab did not start in 60 s"
            time.sleep(0.3)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def accept_kernel_dialog(page) -> None:
    """A fresh JupyterLab may ask which kernel to start ("Select Kernel"): take the proposed Python 3."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.locator(".jp-Dialog .jp-mod-accept").click(timeout=15_000)
    except PlaywrightTimeout:
        pass  # no dialog: the kernel started by itself


@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_dashboard_in_the_browser(front_end, jupyter, sandbox, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    base, token = jupyter
    path, suffix = FRONT_ENDS[front_end]
    screenshot = SCREENSHOT.with_name(f"dashboard{suffix}.png")
    app = demo_app("paper")
    client = kislearn.KoreaInvestment(
        app.appkey,
        app.appsecret,
        LARGE,
        mock=True,
        base_url=sandbox.url_for("paper"),
        token_cache=tmp_path / "check",
        calls_per_second=None,
    )
    cash = f"{int(client.fetch_balance()['output2'][0]['dnca_tot_amt']):,}원"

    SCREENSHOT.parent.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1400}, locale="ko-KR")
            page.goto(f"{base}{path}10_dashboard.ipynb?token={token}")
            expect(page.locator(".jp-Notebook .jp-Cell").first).to_be_visible(timeout=60_000)
            accept_kernel_dialog(page)
            expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(1, timeout=60_000)

            page.locator(".lm-MenuBar-item", has_text="Run").first.click()
            page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()

            # the last cell picks the 55-holding account; the status line says so when everything has run
            panel_status = page.get_by_text("보유 종목 55개")
            expect(panel_status).to_be_visible(timeout=int(os.environ.get("KISLEARN_BROWSER_WAIT", "120")) * 1000)

            page.get_by_role("button", name="새로고침 (refresh)").first.click()
            expect(panel_status).to_be_visible(timeout=30_000)
            expect(page.get_by_text("D+2 예수금").first).to_be_visible()

            search = page.get_by_placeholder("예: dnca, 예수금, 평가손익").first
            search.scroll_into_view_if_needed()
            search.fill("")  # the notebook typed dnca into it already
            search.press_sequentially("dnca", delay=50)
            results = page.locator("table.kislearn-glossary").first
            expect(results).to_contain_text("예수금총금액", timeout=30_000)
            expect(results).to_contain_text(cash)
            assert re.search(r"dnca_tot_amt\s+예수금총금액", results.inner_text())

            page.screenshot(path=str(screenshot.with_name(f"dashboard{suffix}-glossary.png")))  # the search results
            page.get_by_text("잔고 (balance)").first.scroll_into_view_if_needed()
            page.screenshot(path=str(screenshot))
        except Exception:
            page.screenshot(path=str(screenshot.with_name(f"dashboard{suffix}-failed.png")))
            raise
        finally:
            browser.close()
    assert screenshot.stat().st_size > 10_000


def test_the_live_price_changes_in_jupyterlab(jupyter):
    """14_realtime: the widget shows the last trade after the lesson's first clock move, and another one after the
    learner runs that cell again (the market clock of the notebook's own sandbox, fixed at 10:00, moves five
    minutes each time)."""
    from playwright.sync_api import expect, sync_playwright

    base, token = jupyter
    wait = int(os.environ.get("KISLEARN_BROWSER_WAIT", "120")) * 1000
    LIVE_SCREENSHOT.parent.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1400}, locale="ko-KR")
            page.goto(f"{base}/lab/tree/14_realtime.ipynb?token={token}")
            expect(page.locator(".jp-Notebook .jp-Cell").first).to_be_visible(timeout=60_000)
            accept_kernel_dialog(page)
            expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(1, timeout=60_000)

            # everything but the last cell, which stops the feed and the sandbox
            page.locator(".jp-Notebook .jp-CodeCell", has_text="workspace.cleanup()").last.click()
            page.locator(".lm-MenuBar-item", has_text="Run").first.click()
            page.locator(".lm-Menu-item[data-command='notebook:run-all-above']").click()

            move = page.locator(".jp-Notebook .jp-CodeCell", has_text="move_clock(broker, minutes=5)").first
            first = re.compile(r"마지막 체결: 100[1-6]\d\d")  # a trade after 10:01:00, up to 10:06:00
            expect(move.locator(".jp-OutputArea-output")).to_contain_text(first, timeout=wait)
            price = page.locator(".widget-html", has_text="체결 시각").first
            expect(price).to_contain_text(re.compile(r"체결 시각 10:0[1-6]:"), timeout=30_000)
            before = price.inner_text()
            expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(1, timeout=wait)

            move.locator(".jp-InputArea-editor").click()
            page.keyboard.press("Shift+Enter")  # the market five more minutes: 10:06 → 10:11
            later = re.compile(r"마지막 체결: 10(0[6-9]|1[01])\d\d")  # a trade after 10:06:00, up to 10:11:00
            expect(move.locator(".jp-OutputArea-output")).to_contain_text(later, timeout=60_000)
            expect(price).to_contain_text(re.compile(r"체결 시각 10:(0[6-9]|1[01]):"), timeout=30_000)
            after = price.inner_text()
            assert after != before and re.search(r"[\d,]+원 \([+-][\d,]+원, [+-]\d+\.\d\d%\)", after), after
            price.scroll_into_view_if_needed()
            page.screenshot(path=str(LIVE_SCREENSHOT))
        except Exception:
            page.screenshot(path=str(LIVE_SCREENSHOT.with_name("live-price-failed.png")))
            raise
        finally:
            browser.close()
