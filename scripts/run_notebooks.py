"""Re-run every notebook in place, in sandbox mode, so the committed outputs are the sandbox's.

    python scripts/run_notebooks.py              # all of them
    python scripts/run_notebooks.py 04_balance   # the ones whose names contain these words

Uses the same environment as the tests (conftest.py): sandbox mode, no keys, a private token
cache and a fresh sandbox of its own. Review `git diff notebooks/` before committing.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ExecutePreprocessor

from kislearn.sandbox import Sandbox
from kislearn.settings import use_sandbox_only

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def main(words: list[str]) -> int:
    sandbox = Sandbox(port=0).start()
    use_sandbox_only(os.environ, tempfile.mkdtemp(prefix="kislearn-notebooks-"), sandbox.url)
    paths = [p for p in sorted(NOTEBOOKS.glob("*.ipynb")) if not words or any(w in p.name for w in words)]
    for path in paths:
        print(f"running {path.name} ...", flush=True)
        notebook = nbformat.read(path, as_version=4)
        # store_widget_state=False: the dashboard's widget models (random ids, a chart as base64) are not saved;
        # the notebook shows its widgets once its cells are run.
        runner = ExecutePreprocessor(timeout=300, kernel_name="python3", record_timing=False, store_widget_state=False)
        runner.preprocess(notebook, {"metadata": {"path": str(NOTEBOOKS)}})
        nbformat.write(notebook, path)
    sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
