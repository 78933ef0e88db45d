"""The Google Colab set-up cell that opens every notebook, written in one place.

    python scripts/colab_cell.py     # put (or refresh) the cell pair in every lesson: notebooks/py/*.py and *.ipynb

Colab gives each notebook a fresh machine with pandas, matplotlib and ipywidgets but without kislearn,
so the first code cell of each notebook installs the course package there (from the wheel an instructor
hands out, or from the address in KISLEARN_SOURCE). Anywhere else it prints one line and does nothing.
The cell is collapsed: ``jupyter.source_hidden`` folds it in JupyterLab and Notebook 7, and Colab shows it as
a form (``cellView: form`` and the ``#@title`` line) with only the KISLEARN_SOURCE box. The cell pair is
marked with the ``colab-setup`` tag; tests/test_colab_cell.py checks that every notebook carries this exact
text and runs the cell against a Colab look-alike.

The lessons' text twins (``notebooks/py/NAME.py``) are their source, so the cells are written there, and the
notebook gets the same cells the way ``scripts/run_notebooks.py`` brings them in (outputs kept; the set-up
cell's output is the one line it prints outside Colab).
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import jupytext
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
TAG = "colab-setup"

NOTE = """> **Google Colab에서 열었다면** 바로 아래의 접힌 셀(Colab 준비 셀)을 먼저 실행하세요. 코스 패키지 `kislearn`을 설치합니다.
> 내 컴퓨터(JupyterLab, Jupyter Notebook)에서는 한 줄만 출력하고 아무 일도 하지 않습니다. 자세한 방법: README의 "Google Colab에서 하기"."""

LOCAL_LINE = "Colab이 아니라서 설치할 것이 없습니다. 다음 셀로 넘어가세요 (not on Colab: nothing to install)."

CELL = """#@title Colab 준비 셀 (Colab set-up): 펼치지 않고 실행만 하면 됩니다 { display-mode: "form" }
# Colab에서 kislearn이 없을 때만 설치합니다: 강사에게 받은 .whl 파일을 올리거나, 아래 칸에 강사가 준 주소를 적습니다.
# 설치 파일은 코스 폴더가 있는 컴퓨터에서 `python -m pip wheel --no-deps -w dist .`로 만듭니다.
KISLEARN_SOURCE = ""  # @param {type:"string"}

import sys

if "google.colab" in sys.modules:
    import glob
    import importlib
    import importlib.metadata
    import importlib.util
    import os
    import subprocess

    if importlib.util.find_spec("kislearn") is None:
        source = KISLEARN_SOURCE or max(glob.glob("kislearn-*.whl"), key=os.path.getmtime, default="")
        if not source:
            from google.colab import files

            print("강사에게 받은 kislearn-….whl 파일을 골라 올리세요 (upload the course wheel).")
            source = next((name for name in files.upload() if name.endswith(".whl")), "")
        if not source:
            raise FileNotFoundError("kislearn 설치 파일(.whl)을 받지 못했습니다 (no wheel uploaded). "
                                    "파일을 올리거나 KISLEARN_SOURCE에 주소를 적고 이 셀을 다시 실행하세요.")
        requirement = f"kislearn[colab] @ {source}" if "://" in source else f"{source}[colab]"
        if subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", requirement]).returncode != 0:
            raise RuntimeError(f"kislearn 설치에 실패했습니다 (pip install failed: {requirement}). "
                               "위에 나온 pip 메시지를 확인하세요.")
        importlib.invalidate_caches()
    print("kislearn", importlib.metadata.version("kislearn"), "준비 완료 (ready)")
else:
    print("LOCAL_LINE")""".replace("LOCAL_LINE", LOCAL_LINE)

# Folded in JupyterLab / Notebook 7 (jupyter.source_hidden) and shown as a form in Colab (cellView).
CODE_METADATA = {"cellView": "form", "jupyter": {"source_hidden": True}, "tags": [TAG]}  # sorted, as in .ipynb


def cell_pair() -> list:
    """The markdown note and the set-up code cell, both tagged ``colab-setup``."""
    note = new_markdown_cell(NOTE, id=f"{TAG}-note", metadata={"tags": [TAG]})  # fixed ids: the same in every
    code = new_code_cell(CELL, id=f"{TAG}-cell", metadata=copy.deepcopy(CODE_METADATA))  # notebook, no random diff
    return [note, code]


def local_output() -> nbformat.NotebookNode:
    """What the set-up cell prints outside Colab (the notebooks' stored output, compared by nbval)."""
    return new_output("stream", name="stdout", text=LOCAL_LINE + "\n")


def with_colab_cells(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Put the cell pair right after the title cell; an older copy only gets the new text and metadata."""
    tagged = [cell for cell in notebook.cells if TAG in cell.get("metadata", {}).get("tags", [])]
    if [cell.cell_type for cell in tagged] == ["markdown", "code"]:
        for cell, fresh in zip(tagged, cell_pair(), strict=True):
            cell.source = fresh.source
            cell.metadata = nbformat.from_dict(dict(sorted({**cell.metadata, **fresh.metadata}.items())))
        return notebook
    kept = [cell for cell in notebook.cells if cell not in tagged]
    notebook.cells = kept[:1] + cell_pair() + kept[1:]
    return notebook


def update_lesson(name: str) -> None:
    """Write the cells into ``notebooks/py/NAME.py`` (the source) and bring them into ``notebooks/NAME.ipynb``."""
    config = jupytext.config.load_jupytext_config(str(NOTEBOOKS))
    text_path = NOTEBOOKS / "py" / f"{name}.py"
    lesson = with_colab_cells(jupytext.read(text_path, fmt="py:percent", config=config))
    jupytext.write(lesson, text_path, fmt="py:percent", config=config)
    notebook_path = NOTEBOOKS / f"{name}.ipynb"
    source = jupytext.read(text_path, fmt="py:percent", config=config)
    if notebook_path.exists():
        previous = nbformat.read(notebook_path, as_version=4)
        notebook = jupytext.combine.combine_inputs_with_outputs(source, previous, fmt="ipynb")
    else:
        notebook = source
    for cell in notebook.cells:
        if cell.cell_type == "code" and TAG in cell.metadata.get("tags", []):
            cell.outputs = [local_output()]
    nbformat.write(notebook, notebook_path)


def main() -> int:
    for path in sorted((NOTEBOOKS / "py").glob("*.py")):
        update_lesson(path.stem)
        print("updated", path.name, "and", path.with_suffix(".ipynb").name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
