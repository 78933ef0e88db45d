"""Bring each lesson's text twin into its notebook, then re-run the notebook in place in sandbox mode, so the
committed outputs are the sandbox's.

    python scripts/run_notebooks.py              # all of them
    python scripts/run_notebooks.py 04_balance   # the ones whose names contain these words

The text file ``notebooks/py/NAME.py`` (jupytext py:percent) is the source: its cells replace the notebook's
(outputs are then made afresh). Uses the same environment as the tests (conftest.py): sandbox mode, no keys, and
for each notebook a fresh token cache and a fresh sandbox of its own, on a market clock fixed at 2026-11-20 15:30
(the moment the sample files show). Review `git diff notebooks/` before committing.

Run again on an unchanged tree, it changes nothing (``git status`` stays clean): a notebook's outputs depend only
on its own cells, never on which notebooks ran before it, and nothing in them comes from the computer's clock or
chance — each notebook's sandboxes take the first free ports from 8435 up (``Sandbox()``), its tables and
widgets have fixed ids, its times come from sandbox clocks. Two things on the machine can still show in the
diff: another program holding one of those ports, and another Python version (the self-check shows it).
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


def run(path: Path) -> None:
    """Re-run one notebook in a fresh kernel, with a fresh course sandbox and token cache of its own, and save it."""
    notebook = cells_from_text(path)
    # The sample files' close (a fixed market clock), a port that is the same on every run (Sandbox()'s first free
    # one), an empty token cache: the kernel inherits this environment, so kislearn.connect() finds this sandbox.
    with Sandbox(clock="fixed") as sandbox, tempfile.TemporaryDirectory(prefix="kislearn-notebooks-") as cache:
        use_sandbox_only(os.environ, cache, sandbox.url)
        runner = ExecutePreprocessor(
            timeout=300,
            kernel_name="python3",
            record_timing=False,  # no execution times in the cells' metadata
            # The dashboard's widget models (a chart as base64) are not saved: the notebook shows its widgets once
            # its cells are run.
            store_widget_state=False,
            # One output for consecutive prints to the same stream: how the kernel happened to split them into
            # messages (it flushes on a timer) is not part of the output.
            coalesce_streams=True,
        )
        runner.preprocess(notebook, {"metadata": {"path": str(NOTEBOOKS)}})
    nbformat.write(notebook, path)


def main(words: list[str]) -> int:
    names = sorted(p.stem for p in (NOTEBOOKS / "py").glob("*.py"))
    paths = [NOTEBOOKS / f"{name}.ipynb" for name in names if not words or any(w in name for w in words)]
    for path in paths:
        print(f"running {path.name} ...", flush=True)
        run(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
