"""Committed notebooks: produced in sandbox mode, with no secret, full token or real account number in them,
and no output left out of nbval's comparison without a reason written next to it."""

import json
import re
from pathlib import Path

import pytest

from kislearn.sandbox import demo_app, sample_accounts
from kislearn.sanitize import DEFAULT_ACCOUNT as RECORDED_ACCOUNT

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))

REAL_APP_KEY = re.compile(r"PS[A-Za-z0-9]{30,}")  # KIS app keys start with PS
FULL_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}")
ACCOUNT = re.compile(r"(?<![\d*])\d{8}-\d{2}(?!\d)")
# the sandbox's samples, the number a recording gets, and the documentation's example
# and its full-width and Arabic-Indic twins, which workshop task 1 must refuse (\d matches those digits too)
ALLOWED_ACCOUNTS = {account for _, account, _ in sample_accounts()} | {
    RECORDED_ACCOUNT,
    "12345678-01",
    "１２３４５６７８-01",
    "١٢٣٤٥٦٧٨-01",
}
ABSOLUTE_PATH = re.compile(r"(/home/|/root/|/tmp/|/Users/|[A-Z]:\\\\Users)")


def notebook_text(path):
    """The notebook's JSON with image payloads left out (random base64 can look like anything)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            for mime in [m for m in output.get("data", {}) if m.startswith("image/")]:
                output["data"][mime] = "<image>"
    return json.dumps(notebook, ensure_ascii=False)


def outputs_text(notebook):
    return json.dumps([cell.get("outputs", []) for cell in notebook["cells"]], ensure_ascii=False)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_secret_shaped_text(path):
    text = notebook_text(path)
    assert not REAL_APP_KEY.search(text), "something shaped like a real KIS app key"
    assert not FULL_JWT.search(text), "a full access token (JWT); print kislearn.masking.mask_token(...) instead"
    for flavour in ("paper", "real"):  # even the sandbox's demo keys are shown masked, as a habit
        app = demo_app(flavour)
        assert app.appsecret not in text and app.appkey not in text


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_only_sample_account_numbers(path):
    found = set(ACCOUNT.findall(notebook_text(path)))
    assert found <= ALLOWED_ACCOUNTS, f"account numbers that are not sandbox samples: {found - ALLOWED_ACCOUNTS}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_committed_and_machine_independent(path):
    notebook = json.loads(notebook_text(path))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code and all(cell.get("execution_count") for cell in code), "run every cell before committing"
    assert not ABSOLUTE_PATH.search(outputs_text(notebook)), "an absolute path in an output"
    assert not re.search(r"SANDBOX[A-Z]*SECRET", outputs_text(notebook))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_ignored_outputs_say_why(path):
    notebook = json.loads(notebook_text(path))
    for cell in notebook["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if {"nbval-ignore-output", "nbval-skip", "raises-exception"} & set(tags) - {"raises-exception"}:
            source = "".join(cell["source"])
            assert re.search(r"#\s*nbval: ", source), f"say why in a '# nbval: ...' comment:\n{source[:200]}"


def test_every_lesson_is_there():
    names = [path.stem for path in NOTEBOOKS]
    for prefix in ("00_", "01_", "02_", "03_", "04_", "05_", "06_", "07_", "08_", "09_", "10_"):
        assert any(name.startswith(prefix) for name in names), f"missing lesson {prefix}"
