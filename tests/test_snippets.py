"""Every ```python block of docs/snippets.md runs as is, in a fresh process, against a test sandbox
with the default (strict) rules, the way a learner's sandbox answers."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kislearn.sandbox import SandboxRules, demo_app

SNIPPETS_PAGE = Path(__file__).resolve().parent.parent / "docs" / "snippets.md"
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def snippets() -> list:
    """The code of every ```python block on the page, in order."""
    return PYTHON_BLOCK.findall(SNIPPETS_PAGE.read_text(encoding="utf-8"))


def test_there_are_at_least_ten_snippets():
    assert len(snippets()) >= 10


@pytest.mark.parametrize("number", range(1, len(snippets()) + 1))
def test_snippet_runs_against_the_sandbox(number, start_sandbox, tmp_path):
    code = snippets()[number - 1]
    sandbox = start_sandbox(SandboxRules())  # the learner's rules: 2 calls/s on paper, one token a minute
    env = {name: value for name, value in os.environ.items() if not name.startswith("KIS_")}
    env.update(
        KIS_SANDBOX_URL=sandbox.url,
        KISLEARN_CACHE_DIR=str(tmp_path / "cache"),
        KISLEARN_ENV_FILE="none",
        PYTHONIOENCODING="utf-8",
    )
    work = tmp_path / "work"
    work.mkdir()
    (work / "snippet.py").write_text(code, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "snippet.py"], cwd=work, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    assert result.returncode == 0, (
        f"snippet {number}:\n{code}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    )
    assert result.stdout.strip(), f"snippet {number} printed nothing"
    # the sample accounts are shared with the lessons (same demo key): a snippet that orders puts them back
    assert sandbox.orders(demo_app("paper").appkey) == [], (
        f"snippet {number} left orders on the shared sample accounts: later lessons would see them"
    )
