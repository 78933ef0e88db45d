"""The Google Colab set-up cell (scripts/colab_cell.py) that opens every notebook.

Fast tests run the cell's code with a stand-in for Colab's ``google.colab`` module and a recording
``pip``; the slow one builds the course wheel, makes a Colab look-alike (a fresh virtual environment that sees
Colab's own ipywidgets 7.7.1, pandas, matplotlib — installed once into a cached environment, as Colab has them
before the cell runs — and a ``google.colab`` whose upload dialog hands over the wheel) and runs whole notebooks
there, so the cell really installs what is missing, into the fresh environment.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import types
import venv
from pathlib import Path

import nbformat
import platformdirs
import pytest
from filelock import FileLock
from helpers import clean_copy, in_venv

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
VERSION = importlib.metadata.version("kislearn")  # the wheel's version (pyproject.toml)


def load_script():
    spec = importlib.util.spec_from_file_location("colab_cell", ROOT / "scripts" / "colab_cell.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


colab_cell = load_script()


# --- every notebook opens with the same cell pair --------------------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_opens_with_the_colab_cell(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    first_code = next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")
    assert "".join(first_code["source"]) == colab_cell.CELL, "run `python scripts/colab_cell.py` to refresh it"
    note = notebook["cells"][notebook["cells"].index(first_code) - 1]
    assert "".join(note["source"]) == colab_cell.NOTE, "a markdown note comes right before the cell"
    assert notebook["cells"][0]["cell_type"] == "markdown", "the title stays the first cell"
    # outside Colab it prints one line (nbval compares it), and it is folded away (issue 12, point 13)
    assert [("".join(o["text"]), o["name"]) for o in first_code["outputs"]] == [
        (colab_cell.LOCAL_LINE + "\n", "stdout")
    ]
    assert first_code["metadata"]["jupyter"] == {"source_hidden": True}  # JupyterLab, Notebook 7
    assert first_code["metadata"]["cellView"] == "form" and first_code["source"][0].startswith("#@title")  # Colab


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_text_twin_carries_the_same_folded_cell(path):
    text = (path.parent / "py" / f"{path.stem}.py").read_text(encoding="utf-8")
    marker = '# %% cellView="form" jupyter={"source_hidden": true} tags=["colab-setup"]\n'
    assert marker + colab_cell.CELL + "\n" in text, "run `python scripts/colab_cell.py` (it writes notebooks/py/ too)"


def test_the_script_writes_the_text_twin_and_keeps_the_notebook_in_step(tmp_path, monkeypatch):
    folder = tmp_path / "notebooks"
    (folder / "py").mkdir(parents=True)
    (tmp_path / "jupytext.toml").write_text((ROOT / "jupytext.toml").read_text(encoding="utf-8"), encoding="utf-8")
    name = NOTEBOOKS[0].stem
    text = (ROOT / "notebooks" / "py" / f"{name}.py").read_text(encoding="utf-8")
    start = text.index('# %% [markdown] tags=["colab-setup"]')
    end = text.index("# %%", text.index('# %% cellView="form"') + 5)
    (folder / "py" / f"{name}.py").write_text(text[:start] + text[end:], encoding="utf-8")  # an old lesson, no cell
    (folder / f"{name}.ipynb").write_text(NOTEBOOKS[0].read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(colab_cell, "NOTEBOOKS", folder)
    colab_cell.update_lesson(name)
    assert (folder / "py" / f"{name}.py").read_text(encoding="utf-8") == text  # the cell pair is back, once
    notebook = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    tagged = [cell for cell in notebook.cells if colab_cell.TAG in cell.metadata.get("tags", [])]
    assert [cell.cell_type for cell in tagged] == ["markdown", "code"]
    assert tagged[1].outputs[0]["text"] == colab_cell.LOCAL_LINE + "\n"


def test_the_script_is_idempotent():
    notebook = nbformat.read(NOTEBOOKS[0], as_version=4)
    once = colab_cell.with_colab_cells(notebook)
    twice = colab_cell.with_colab_cells(nbformat.from_dict(json.loads(json.dumps(once))))
    assert [cell.source for cell in twice.cells] == [cell.source for cell in once.cells]
    assert sum(colab_cell.TAG in cell.metadata.get("tags", []) for cell in twice.cells) == 2


# --- what the cell does, with a stand-in for Colab -------------------------------------------------------


class FakeColab:
    """Stands in for Colab: ``google.colab`` in sys.modules, files.upload() saving chosen files, pip recorded."""

    def __init__(self, monkeypatch, folder: Path, *, kislearn_installed=False, pip_exit_code=0):
        self.pip_calls: list[list[str]] = []
        self.to_upload: list[str] = []
        self.upload_asked = 0
        monkeypatch.chdir(folder)
        google = types.ModuleType("google")
        colab = types.ModuleType("google.colab")
        colab.files = types.SimpleNamespace(upload=self.upload)
        google.colab = colab
        monkeypatch.setitem(sys.modules, "google", google)
        monkeypatch.setitem(sys.modules, "google.colab", colab)
        real_find_spec = importlib.util.find_spec
        monkeypatch.setattr(
            importlib.util,
            "find_spec",
            lambda name, *rest: None if name == "kislearn" and not kislearn_installed else real_find_spec(name, *rest),
        )
        monkeypatch.setattr(
            subprocess,
            "run",
            lambda args, **kw: self.pip_calls.append(list(args)) or subprocess.CompletedProcess(args, pip_exit_code),
        )

    def upload(self):
        self.upload_asked += 1
        for name in self.to_upload:
            Path(name).write_bytes(b"wheel")
        return {name: b"wheel" for name in self.to_upload}


def run_cell(source: str = "") -> None:
    code = colab_cell.CELL.replace('KISLEARN_SOURCE = ""', f"KISLEARN_SOURCE = {source!r}", 1)
    exec(compile(code, "colab-cell", "exec"), {"__name__": "__main__"})


def test_outside_colab_it_does_nothing(monkeypatch, capsys):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a))
    run_cell()
    assert calls == [] and capsys.readouterr().out == colab_cell.LOCAL_LINE + "\n"  # one line, nothing else


def test_on_colab_with_kislearn_installed_it_only_says_ready(monkeypatch, tmp_path, capsys):
    colab = FakeColab(monkeypatch, tmp_path, kislearn_installed=True)
    run_cell()
    assert colab.pip_calls == [] and colab.upload_asked == 0
    assert capsys.readouterr().out == f"kislearn {importlib.metadata.version('kislearn')} 준비 완료 (ready)\n"


def test_a_wheel_already_in_the_folder_is_installed_newest_first(monkeypatch, tmp_path):
    colab = FakeColab(monkeypatch, tmp_path)
    for age, name in ((200, "kislearn-0.1.0-py3-none-any.whl"), (100, "kislearn-0.2.0-py3-none-any.whl")):
        (tmp_path / name).write_bytes(b"wheel")
        os.utime(tmp_path / name, (1_700_000_000 - age, 1_700_000_000 - age))
    run_cell()
    assert colab.upload_asked == 0
    assert colab.pip_calls == [
        [sys.executable, "-m", "pip", "install", "--quiet", "kislearn-0.2.0-py3-none-any.whl[colab]"]
    ]


def test_without_a_wheel_it_asks_for_one(monkeypatch, tmp_path, capsys):
    colab = FakeColab(monkeypatch, tmp_path)
    colab.to_upload = ["notes.txt", "kislearn-0.1.0-py3-none-any.whl"]
    run_cell()
    assert colab.upload_asked == 1
    assert colab.pip_calls[0][-1] == "kislearn-0.1.0-py3-none-any.whl[colab]"
    assert "whl 파일을 골라 올리세요" in capsys.readouterr().out


@pytest.mark.parametrize(
    "source",
    ["https://example.org/kislearn-0.1.0-py3-none-any.whl", "git+https://example.org/class/kislearn.git@v0.1.0"],
)
def test_an_address_in_kislearn_source_is_used_as_a_direct_reference(monkeypatch, tmp_path, source):
    colab = FakeColab(monkeypatch, tmp_path)
    (tmp_path / "kislearn-0.0.1-py3-none-any.whl").write_bytes(b"old")  # the address wins over a stray file
    run_cell(source)
    assert colab.pip_calls[0][-1] == f"kislearn[colab] @ {source}" and colab.upload_asked == 0


def test_a_file_path_in_kislearn_source_gets_the_colab_extra(monkeypatch, tmp_path):
    colab = FakeColab(monkeypatch, tmp_path)
    run_cell("/content/drive/MyDrive/kislearn-0.1.0-py3-none-any.whl")
    assert colab.pip_calls[0][-1] == "/content/drive/MyDrive/kislearn-0.1.0-py3-none-any.whl[colab]"


def test_no_upload_is_a_clear_error(monkeypatch, tmp_path):
    colab = FakeColab(monkeypatch, tmp_path)
    colab.to_upload = []
    with pytest.raises(FileNotFoundError, match=r"설치 파일\(\.whl\)을 받지 못했습니다.*KISLEARN_SOURCE"):
        run_cell()
    assert colab.pip_calls == []


def test_a_failed_pip_is_a_clear_error(monkeypatch, tmp_path):
    FakeColab(monkeypatch, tmp_path, pip_exit_code=1)
    (tmp_path / "kislearn-0.1.0-py3-none-any.whl").write_bytes(b"wheel")
    with pytest.raises(RuntimeError, match=r"설치에 실패했습니다 \(pip install failed"):
        run_cell()


# --- the real thing: a Colab look-alike installs the wheel and runs notebooks -----------------------------

# What Colab has preinstalled that matters here (its ipywidgets is 7.7.1; the cell must not upgrade it).
COLAB_PREINSTALLED = ["ipykernel", "ipywidgets==7.7.1", "pandas==2.2.2", "matplotlib", "requests"]
FAKE_GOOGLE_COLAB = '''"""Stand-in for Colab's google.colab (tests/test_colab_cell.py): files.upload() hands over the course wheel."""
import os, shutil
from pathlib import Path


class files:
    @staticmethod
    def upload():
        wheel = Path(os.environ["FAKE_COLAB_UPLOAD"])
        shutil.copy(wheel, wheel.name)
        return {wheel.name: wheel.read_bytes()}
'''


def purelib(python: str) -> str:
    """Where ``python`` installs pure-Python packages (its site-packages)."""
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return subprocess.run([python, "-c", code], check=True, capture_output=True, text=True).stdout.strip()


def colab_preinstalled() -> Path:
    """A virtual environment with what Colab has preinstalled, made once and then kept in the user cache folder
    (its name holds a digest of the package list and the Python version, so a change makes a new one)."""
    key = hashlib.sha256(json.dumps([COLAB_PREINSTALLED, sys.version]).encode()).hexdigest()[:12]
    folder = platformdirs.user_cache_path("kislearn") / "tests" / f"colab-preinstalled-{key}"
    folder.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder) + ".lock"):  # two test runs at once build it once
        if not (folder / "complete").exists():
            building = folder.with_name(folder.name + ".building")
            shutil.rmtree(building, ignore_errors=True)
            shutil.rmtree(folder, ignore_errors=True)
            venv.create(building, with_pip=True)
            python = in_venv(building, "python")
            subprocess.run(
                [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *COLAB_PREINSTALLED],
                check=True,
                capture_output=True,
            )
            building.rename(folder)  # venv scripts name their folder, but only `python -m ...` is used here
            (folder / "complete").write_text("\n".join(COLAB_PREINSTALLED) + "\n", encoding="utf-8")
    return folder


def colab_machine(folder: Path) -> str:
    """A fresh virtual environment at ``folder`` that sees the preinstalled packages (as Colab's Python sees its
    own), and gets everything the set-up cell installs into itself; returns its Python."""
    venv.create(folder, with_pip=False)  # pip too comes from the preinstalled layer
    python = in_venv(folder, "python")
    preinstalled = purelib(in_venv(colab_preinstalled(), "python"))
    Path(purelib(python), "colab-preinstalled.pth").write_text(preinstalled + "\n", encoding="utf-8")
    return python


@pytest.mark.slow
def test_a_colab_look_alike_installs_the_wheel_and_runs_the_notebooks(tmp_path, monkeypatch, course_sandbox):
    """The kernel inherits this process's environment: sandbox mode, the course sandbox (course_sandbox)."""
    from nbclient import NotebookClient

    dist, machine, content = tmp_path / "dist", tmp_path / "colab-venv", tmp_path / "content"
    content.mkdir()
    subprocess.run(  # the instructor's command; no build isolation: this environment has setuptools already
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(clean_copy(tmp_path / "course")),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("kislearn-*.whl")
    python = colab_machine(machine)
    fake = tmp_path / "fake-colab"
    (fake / "google" / "colab").mkdir(parents=True)  # google/ stays a namespace package, as on Colab
    (fake / "google" / "colab" / "__init__.py").write_text(FAKE_GOOGLE_COLAB, encoding="utf-8")
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-colab.py").write_text("import google.colab  # Colab's kernels import it at start\n")
    kernels = tmp_path / "jupyter" / "kernels" / "colab"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Colab look-alike",
                "language": "python",
                "env": {
                    "PYTHONPATH": str(fake),
                    "IPYTHONDIR": str(tmp_path / "ipython"),
                    "FAKE_COLAB_UPLOAD": str(wheel),
                    "MPLBACKEND": "Agg",
                },
            }
        )
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))

    for name in ("10_dashboard.ipynb", "04_balance.ipynb"):
        notebook = nbformat.read(ROOT / "notebooks" / name, as_version=4)
        NotebookClient(
            notebook, kernel_name="colab", timeout=300, resources={"metadata": {"path": str(content)}}
        ).execute()  # raises CellExecutionError on the first failing cell
        setup = next(cell for cell in notebook.cells if cell.cell_type == "code")
        printed = "".join(output.get("text", "") for output in setup.outputs)
        assert f"kislearn {VERSION} 준비 완료 (ready)" in printed, printed
        everything = json.dumps([cell.get("outputs", []) for cell in notebook.cells], ensure_ascii=False)
        assert "missing from font" not in everything, "a chart drew boxes instead of 한글 (no Korean font)"

    installed = subprocess.run(
        [python, "-m", "pip", "list", "--format=json"], check=True, capture_output=True, text=True
    ).stdout
    versions = {item["name"].lower(): item["version"] for item in json.loads(installed)}
    assert versions["kislearn"] == VERSION and versions["koreanize-matplotlib"] == "0.1.1"
    assert versions["mojito2"] == "0.1.6"
    assert versions["ipywidgets"] == "7.7.1" and versions["pandas"] == "2.2.2", "Colab's own versions were kept"
    location = subprocess.run(
        [python, "-c", "import kislearn; print(kislearn.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=content,
    ).stdout
    assert str(machine) in location, "kislearn came from the wheel, not from this checkout"
