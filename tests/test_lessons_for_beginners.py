"""Issue 12, points 3, 4, 12, 14 and 15: the lessons as a new learner meets them — the mode each lesson needs,
00_setup's check and course map, no test plumbing in learners' code, 03's optional deep parts, Korean tables."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jupytext
import pandas as pd
import pytest

from kislearn import use_sandbox
from kislearn.frames import show_table, style_profit
from kislearn.settings import load_settings
from kislearn.terminal import balance_text, show

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "notebooks" / "py"
SAMPLE_ACCOUNT_LESSONS = ("04_balance", "05_output2", "06_output1", "10_dashboard")


def code_cells(name: str) -> list[str]:
    notebook = jupytext.read(LESSONS / f"{name}.py", fmt="py:percent")
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def paper_env(tmp_path: Path) -> Path:
    env = tmp_path / ".env"
    env.write_text(f"KIS_MODE=paper\nKIS_APP_KEY={'P' * 36}\nKIS_APP_SECRET={'s' * 180}\nKIS_ACCOUNT=73124567-01\n")
    return env


# -- point 3 ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", SAMPLE_ACCOUNT_LESSONS)
def test_lessons_on_the_sample_accounts_switch_to_the_sandbox_first(name):
    cells = code_cells(name)
    switch = next(i for i, source in enumerate(cells) if "kislearn.use_sandbox()" in source)
    first_use = next(
        i for i, source in enumerate(cells) if re.search(r"connect\(|reset_accounts\(|dashboard\(\)", source)
    )
    assert switch == 1 and switch < first_use  # right after the Colab set-up cell


def test_use_sandbox_overrides_a_paper_env_for_this_process_only(tmp_path, monkeypatch, capsys):
    env = paper_env(tmp_path)
    before = env.read_text()
    monkeypatch.setenv("KISLEARN_ENV_FILE", str(env))
    for name in ("KIS_MODE", "KIS_APP_KEY", "KIS_APP_SECRET", "KIS_ACCOUNT"):
        monkeypatch.delenv(name, raising=False)
    environ = dict(os.environ)
    monkeypatch.setattr(os, "environ", environ)
    use_sandbox(environ)
    line = capsys.readouterr().out
    assert "KIS_MODE=paper(모의투자)" in line and "이 커널에서만" in line and ".env 파일은 그대로" in line
    settings = load_settings()
    assert settings.mode == "sandbox" and not settings.app_key and settings.account is None
    assert env.read_text() == before


def test_lesson_04_runs_on_a_paper_env(tmp_path, sandbox):
    """A learner back from 09 with KIS_MODE=paper: 04's first cells reach the sandbox's empty account."""
    cells = code_cells("04_balance")
    script = "\n".join([cells[1], cells[2]])  # use_sandbox(), then connect(account="50010001-01").fetch_balance()
    environment = {name: value for name, value in os.environ.items() if not name.startswith("KIS_")}
    environment.update(
        KISLEARN_ENV_FILE=str(paper_env(tmp_path)),
        KIS_SANDBOX_URL=sandbox.url,  # the classroom-sandbox setting, so no background sandbox is started
        KISLEARN_CACHE_DIR=str(tmp_path / "cache"),
        PYTHONIOENCODING="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8", env=environment, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "KIS_MODE=paper" in result.stdout and "'output2'" in result.stdout and "Warning" not in result.stderr


# -- point 4 ---------------------------------------------------------------------------------------------
def test_the_course_map_of_00_setup_names_every_lesson():
    text = (LESSONS / "00_setup.py").read_text(encoding="utf-8")
    course_map = text[text.index("## 7. 코스 지도") :]
    lessons = sorted(p.stem for p in LESSONS.glob("*.py") if p.stem not in ("00_setup", "11_workshop_solutions"))
    for name in lessons:
        assert f"`{name}`" in course_map, name


def test_the_committed_setup_check_shows_python_and_no_ok_next_to_a_missing_env():
    notebook = json.loads((ROOT / "notebooks" / "00_setup.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if c["cell_type"] == "code" and "self_check()" in "".join(c["source"]))
    html = "".join(cell["outputs"][0]["data"]["text/html"])
    assert re.search(r"Python 3\.\d+", html)
    row = html[html.index("설정 파일(.env)") :].split("</tr>")[0]
    assert "ℹ️ 참고" in row and "✅" not in row


# -- point 12 --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", sorted(LESSONS.glob("*.py")), ids=lambda p: p.stem)
def test_no_test_plumbing_in_learners_code(path):
    text = path.read_text(encoding="utf-8")
    assert ".set_uuid(" not in text and "noqa" not in text


def test_kislearn_tables_are_the_same_on_every_run():
    frame = pd.DataFrame({"이름": ["a", "b"], "값": [1, -2]})
    assert show_table(frame).to_html() == show_table(frame.copy()).to_html()
    assert style_profit(frame).to_html() == style_profit(frame.copy()).to_html()
    assert "kislearn_" in show_table(frame).to_html()
    assert show_table(frame).to_html() != show_table(frame.assign(값=[3, 4])).to_html()  # other data, other id


# -- point 14 --------------------------------------------------------------------------------------------
def test_03_keeps_the_deep_parts_in_optional_sections_at_the_end():
    text = (LESSONS / "03_token_cache.py").read_text(encoding="utf-8")
    main, _, deep = text.partition("# ## 심화 (선택)")
    assert deep, "an optional 심화 section"
    assert "__reduce__" not in main and "subprocess.Popen" not in main and "NAIVE_KERNEL" not in main
    assert "__reduce__" in deep and "start_together" in deep
    assert "심화 A" in main and "심화 B" in main  # the main path says where the experiments are
    assert main.count("# %%") <= 70


def test_01_has_no_raw_balance_request():
    text = (LESSONS / "01_constructor.py").read_text(encoding="utf-8")
    assert "CTX_AREA_NK100" not in text and "BALANCE_PATH" not in text
    assert "08_errors" in text  # where the OPSQ2000 request is shown


# -- point 15 --------------------------------------------------------------------------------------------
def test_the_order_table_of_07_has_korean_columns():
    notebook = json.loads((ROOT / "notebooks" / "07_orders.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if c["cell_type"] == "code" and "as_row()" in "".join(c["source"]))
    html = "".join(cell["outputs"][0]["data"]["text/html"])
    for label in ("주문번호", "종목코드", "주문수량", "체결 여부", "체결단가", "제비용"):
        assert f">{label}<" in html, label
    from kislearn.sandbox.orders import ORDER_LABELS

    assert not any(f">{name}<" in html for name in ORDER_LABELS), "every column has its Korean label"
    assert ">매수<" in html and ">시장가 (01)<" in html and ">지정가 (00)<" in html  # values a beginner reads
    assert ">buy<" not in html and ">01<" not in html


def test_the_balance_command_shows_every_decimal_with_two_places(sandbox, tmp_path):
    assert (show(-3.0), show(18.27), show(82353.1915), show(-0.0001), show(1234567)) == (
        "-3.00",
        "18.27",
        "82,353.19",
        "0.00",
        "1,234,567",
    )
    from kislearn import KoreaInvestment
    from kislearn.sandbox import demo_app

    app = demo_app("paper")
    broker = KoreaInvestment(
        app.appkey, app.appsecret, "50010003-01", mock=True, base_url=sandbox.url_for("paper"), token_cache=tmp_path
    )
    text = balance_text(broker.fetch_balance(), broker.acc_no, "sandbox", mask=False)
    assert not re.search(r"\d\.\d{3,}", text), "no value with more than two decimals"
    assert not re.search(r"\s-?\d[\d,]*\.\d(?!\d)", text), "no value with one decimal"
