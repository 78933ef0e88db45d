"""The Google Colab set-up cell that opens every notebook, written in one place.

    python scripts/colab_cell.py     # put (or refresh) the cell pair in every notebook in notebooks/

Colab gives each notebook a fresh machine with pandas, matplotlib and ipywidgets but without kislearn,
so the first code cell of each notebook installs the course package there (from the wheel an instructor
hands out, or from the address in KISLEARN_SOURCE) and does nothing anywhere else. The cell pair is marked
with the ``colab-setup`` tag; tests/test_colab_cell.py checks that every notebook carries this exact text
and runs the cell against a Colab look-alike.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
TAG = "colab-setup"

NOTE = """> **Google Colab에서 열었나요?** 바로 아래 셀을 먼저 실행하세요. Colab에는 코스 패키지(`kislearn`)가 없어서
> 이 셀이 설치합니다. 설치 파일 `kislearn-….whl`을 올려 달라고 묻거나, `KISLEARN_SOURCE`에 적힌 주소에서 받습니다.
> 설치 파일은 강사에게 받거나, 혼자라면 코스 폴더가 있는 컴퓨터에서 `python -m pip wheel --no-deps -w dist .`로 만듭니다
> (README의 "Google Colab에서 하기"). 내 컴퓨터(JupyterLab, Jupyter Notebook)에서는 아무 일도 하지 않으니 그냥 실행하고 넘어가세요.
> (Colab: this cell installs the course package; elsewhere it does nothing.)"""

CELL = """# Colab 준비 셀 (Colab set-up): Colab에서 kislearn이 없을 때만 설치합니다.
KISLEARN_SOURCE = ""  # 비워 두면 .whl 파일을 찾거나 올려 달라고 합니다. 강사가 준 주소(https://…, git+https://…)를 적어도 됩니다.

import sys

if "google.colab" in sys.modules:
    import glob, importlib, importlib.metadata, importlib.util, os, subprocess

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
    print("kislearn", importlib.metadata.version("kislearn"), "준비 완료 (ready)")"""


def cell_pair() -> list:
    """The markdown note and the set-up code cell, both tagged ``colab-setup``."""
    note = new_markdown_cell(NOTE, id=f"{TAG}-note", metadata={"tags": [TAG]})  # fixed ids: the same in every
    code = new_code_cell(CELL, id=f"{TAG}-cell", metadata={"tags": [TAG]})  # notebook, no random diff
    return [note, code]


def with_colab_cells(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Put the cell pair right after the title cell; an older copy only gets the new text (its run is kept)."""
    tagged = [cell for cell in notebook.cells if TAG in cell.get("metadata", {}).get("tags", [])]
    if [cell.cell_type for cell in tagged] == ["markdown", "code"]:
        for cell, fresh in zip(tagged, cell_pair(), strict=False):
            cell.source = fresh.source
        return notebook
    kept = [cell for cell in notebook.cells if cell not in tagged]
    notebook.cells = kept[:1] + cell_pair() + kept[1:]
    return notebook


def main() -> int:
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        nbformat.write(with_colab_cells(notebook), path)
        print("updated", path.name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
