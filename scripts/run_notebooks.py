"""Bring each lesson's text twin into its notebook, then re-run the notebook in place in sandbox mode, so the
committed outputs are the sandbox's.

    python scripts/run_notebooks.py              # all of them
    python scripts/run_notebooks.py 04_balance   # the ones whose names contain these words

The text file ``notebooks/py/NAME.py`` (jupytext py:percent) is the source: its cells replace the notebook's
(outputs are then made afresh). Uses the same environment as the tests (conftest.py): sandbox mode, no keys, a
private token cache and a fresh sandbox of its own, on a market clock fixed at 2026-11-20 15:30 (the moment the
sample files show). Review `git diff notebooks/` before committing.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import jupytext
import nbformat
from nbconvert.preprocessors import ExecutePreprocessor

from kislearn.sandbox import Sandbox
from kislearn.settings import use_sandbox_only

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def cells_from_text(path: Path) -> nbformat.NotebookNode:
    """The notebook at ``path`` with the cells of its text twin (kept outputs are replaced when it runs)."""
    text = NOTEBOOKS / "py" / f"{path.stem}.py"
    config = jupytext.config.load_jupytext_config(str(NOTEBOOKS))
    source = jupytext.read(text, fmt="py:percent", config=config)
    if not path.exists():
        return source
    return jupytext.combine.combine_inputs_with_outputs(source, nbformat.read(path, as_version=4), fmt="ipynb")


def main(words: list[str]) -> int:
    sandbox = Sandbox(port=0, clock="fixed").start()  # the sample files' close: the same outputs on every run
    use_sandbox_only(os.environ, tempfile.mkdtemp(prefix="kislearn-notebooks-"), sandbox.url)
    names = sorted(p.stem for p in (NOTEBOOKS / "py").glob("*.py"))
    paths = [NOTEBOOKS / f"{name}.ipynb" for name in names if not words or any(w in name for w in words)]
    for path in paths:
        print(f"running {path.name} ...", flush=True)
        notebook = cells_from_text(path)
        # store_widget_state=False: the dashboard's widget models (random ids, a chart as base64) are not saved;
        # the notebook shows its widgets once its cells are run.
        runner = ExecutePreprocessor(timeout=300, kernel_name="python3", record_timing=False, store_widget_state=False)
        runner.preprocess(notebook, {"metadata": {"path": str(NOTEBOOKS)}})
        nbformat.write(notebook, path)
    sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
