"""Every notebook has a text twin in notebooks/py/ (jupytext py:percent, see jupytext.toml), and the two hold
the same cells. Edit the text file, then run ``python scripts/run_notebooks.py NAME`` to bring its cells into
the notebook and re-run it."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
TEXT_FORMAT = "py:percent"
CONFIG = jupytext.config.load_jupytext_config(str(NOTEBOOKS))


def text_of(notebook_path: Path) -> str:
    """The notebook as jupytext writes its text twin (same options as jupytext.toml)."""
    notebook = nbformat.read(notebook_path, as_version=4)
    return jupytext.writes(notebook, fmt=TEXT_FORMAT, config=CONFIG)


def test_every_notebook_has_a_text_twin_and_back():
    notebooks = {path.stem for path in NOTEBOOKS.glob("*.ipynb")}
    texts = {path.stem for path in (NOTEBOOKS / "py").glob("*.py")}
    assert notebooks, "no notebooks found"
    assert notebooks - texts == set(), (
        "notebooks without notebooks/py/NAME.py: run `jupytext --sync notebooks/NAME.ipynb`"
    )
    assert texts - notebooks == set(), "text files without a notebook: run `python scripts/run_notebooks.py NAME`"


@pytest.mark.parametrize("name", sorted(path.stem for path in NOTEBOOKS.glob("*.ipynb")))
def test_notebook_and_text_hold_the_same_cells(name):
    text_path = NOTEBOOKS / "py" / f"{name}.py"
    expected = text_path.read_text(encoding="utf-8")
    assert text_of(NOTEBOOKS / f"{name}.ipynb") == expected, (
        f"notebooks/{name}.ipynb and notebooks/py/{name}.py differ: edit the .py file, then run "
        f"`python scripts/run_notebooks.py {name}`"
    )
