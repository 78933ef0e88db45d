"""The workshop from one source: ``notebooks/py/11_workshop_solutions.py``, the solutions notebook's text twin.

That file is the only place where the workshop is written. Each task there is three cells in a row:

1. a markdown cell whose first line is ``## 과제 N. title`` (the task's number and title, then what to do);
2. its solution, a code cell tagged ``solution``: one function with a one-line docstring;
3. the checker call, ``workshop.check_...(function)``.

Markdown cells tagged ``solution`` belong to the solutions notebook only. This script derives the rest:

- ``notebooks/py/11_workshop.py``, the task notebook: each solution becomes a stub (its ``def`` line, its
  docstring, ``...``), a commented-out ``workshop.hint(N)`` cell follows each checker call, and the markdown
  cells tagged ``solution`` are left out;
- ``kislearn/workshop/tasks.json``, what the package reads at run time (it never reads the notebooks folder):
  each task's number, title, function, checker and ``answer`` — the solution without its docstring, which
  ``workshop.hint(N)`` shows as the last hint. A solution line ending in ``# 빈칸: comment`` is a blank there:
  ``name = ...  # comment``.

    python scripts/build_workshop_notebooks.py           # write both files
    python scripts/build_workshop_notebooks.py --check   # only say whether they are up to date (exit 1 if not)
    python scripts/run_notebooks.py 11_workshop          # then bring both texts into their notebooks and run them
"""

from __future__ import annotations

import ast
import copy
import json
import re
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import jupytext
import nbformat
from nbformat.v4 import new_code_cell

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SOURCE = NOTEBOOKS / "py" / "11_workshop_solutions.py"
EXERCISE = NOTEBOOKS / "py" / "11_workshop.py"
TASK_DATA = ROOT / "kislearn" / "workshop" / "tasks.json"

SOLUTION_TAG = "solution"
HEADING = re.compile(r"## 과제 (\d+)\. (.+)")
CHECKER_CALL = re.compile(r"workshop\.(check_\w+)\((\w+)\)")
# a line of a solution that the last hint leaves blank: ``target = value  # 빈칸: comment shown in the hint``
BLANK = re.compile(r"(?P<target>\s*[^=#]+?) = (?P<value>.+?)\s+# 빈칸: (?P<comment>.+)")
HINT_CELL = "# 막히면 아래 줄의 #을 지우고 실행하세요(부를 때마다 다음 힌트)\n# workshop.hint({number})"


class SourceError(Exception):
    """The source notebook does not have the shape described above."""


@dataclass(frozen=True)
class Task:
    """One task as the source defines it (the fields of tasks.json)."""

    number: int
    title: str  # the heading without "## 과제 N. " and backticks: "계좌번호 나누기 (01_constructor)"
    function: str  # the name of the function the learner writes
    checker: str  # the name of its checker in kislearn.workshop
    answer: str  # the solution without its docstring, blanks as ``...``: the last hint


def read_source(path: Path = SOURCE) -> nbformat.NotebookNode:
    config = jupytext.config.load_jupytext_config(str(NOTEBOOKS))
    return jupytext.read(path, fmt="py:percent", config=config)


def is_solution(cell) -> bool:
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def solution_function(code: str, where: str) -> ast.FunctionDef:
    """The one function a solution cell defines, with its one-line docstring."""
    tree = ast.parse(code)
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.FunctionDef):
        raise SourceError(f"{where}: a solution cell holds exactly one function (def ...)")
    function = tree.body[0]
    docstring = ast.get_docstring(function, clean=False)
    if not docstring or "\n" in docstring or not code.startswith("def ") or not code.splitlines()[0].endswith(":"):
        raise SourceError(f"{where}: the solution starts with a one-line `def` and a one-line docstring")
    return function


def stub(code: str) -> str:
    """The task notebook's cell for a solution: its def line, its docstring and ``...``."""
    function = solution_function(code, "stub")
    return f'{code.splitlines()[0]}\n    """{ast.get_docstring(function, clean=False)}"""\n    ...'


def answer(code: str, where: str) -> str:
    """The solution without its docstring, each ``# 빈칸:`` line turned into ``target = ...  # comment``."""
    docstring = solution_function(code, where).body[0]
    lines = code.splitlines()
    kept = lines[: docstring.lineno - 1] + lines[docstring.end_lineno :]
    out = []
    for line in kept:
        if "# 빈칸:" in line:
            blank = BLANK.fullmatch(line)
            if not blank:
                raise SourceError(f"{where}: a `# 빈칸:` line is an assignment, `name = value  # 빈칸: comment`")
            line = f"{blank['target']} = ...  # {blank['comment']}"
        out.append(line)
    text = "\n".join(out).strip("\n")
    compile(text, where, "exec")  # a blank must leave code that still runs (and then says `...` is left)
    return text


def tasks(notebook: nbformat.NotebookNode) -> list[Task]:
    """Every task of the source, in order, checked for the shape described at the top of this file."""
    cells = notebook.cells
    found = []
    for index, cell in enumerate(cells):
        if cell.cell_type != "code" or not is_solution(cell):
            continue
        where = f"{SOURCE.name}, solution cell {len(found) + 1}"
        before = cells[index - 1] if index > 0 else None
        first_line = before.source.split("\n", 1)[0] if before is not None and before.cell_type == "markdown" else ""
        match = HEADING.fullmatch(first_line)
        if not match:
            raise SourceError(f"{where}: the cell before a solution is its markdown, starting `## 과제 N. title`")
        call = CHECKER_CALL.fullmatch(cells[index + 1].source.strip()) if index + 1 < len(cells) else None
        function = solution_function(cell.source, where).name
        if not call or call[2] != function:
            raise SourceError(f"{where}: the cell after a solution is `workshop.check_...({function})`")
        number = int(match[1])
        if number != len(found) + 1:
            raise SourceError(f"{where}: the tasks are numbered 1, 2, 3, … in order (found 과제 {number})")
        title = match[2].replace("`", "")
        found.append(Task(number, title, function, call[1], answer(cell.source, where)))
    if not found:
        raise SourceError(f"{SOURCE.name}: no code cell tagged {SOLUTION_TAG!r}")
    check_summary(notebook, found)
    return found


def check_summary(notebook: nbformat.NotebookNode, found: list[Task]) -> None:
    """The summary cell (``functions = [...]``) names every task's function, in order."""
    wanted = [task.function for task in found]
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Assign) and [getattr(t, "id", "") for t in node.targets] == ["functions"]:
                named = [getattr(item, "id", None) for item in getattr(node.value, "elts", [])]
                if named != wanted:
                    raise SourceError(f"{SOURCE.name}: the summary cell's `functions` must be {', '.join(wanted)}")
                return
    raise SourceError(f"{SOURCE.name}: no summary cell (`functions = [...]`)")


def exercise(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The task notebook: stubs for solutions, a hint cell after each checker call, no solution-only markdown."""
    numbers = {task.function: task.number for task in tasks(notebook)}
    out = copy.deepcopy(notebook)
    out.cells = []
    for cell in notebook.cells:
        if is_solution(cell):
            if cell.cell_type == "code":
                out.cells.append(new_code_cell(stub(cell.source)))
            continue
        out.cells.append(copy.deepcopy(cell))
        call = CHECKER_CALL.fullmatch(cell.source.strip()) if cell.cell_type == "code" else None
        if call and call[2] in numbers:
            out.cells.append(new_code_cell(HINT_CELL.format(number=numbers[call[2]])))
    for cell in out.cells:
        cell.pop("id", None)  # the text twin holds no cell ids
    return out


def exercise_text(notebook: nbformat.NotebookNode) -> str:
    """``notebooks/py/11_workshop.py`` as it should be."""
    config = jupytext.config.load_jupytext_config(str(NOTEBOOKS))
    return jupytext.writes(exercise(notebook), fmt="py:percent", config=config)


def task_data_text(notebook: nbformat.NotebookNode) -> str:
    """``kislearn/workshop/tasks.json`` as it should be."""
    data = {
        "generated": f"by scripts/{Path(__file__).name} from notebooks/py/{SOURCE.name}: edit that, then run this",
        "tasks": [asdict(task) for task in tasks(notebook)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def solution_functions(notebook: nbformat.NotebookNode | None = None) -> dict[int, Callable[..., Any]]:
    """``{task number: the solution function}``, defined after the source's imports (for the tests)."""
    notebook = notebook or read_source()
    namespace: dict = {}
    setup = next(
        cell for cell in notebook.cells if cell.cell_type == "code" and "from kislearn import workshop" in cell.source
    )
    exec(compile(setup.source, f"{SOURCE.name} (imports)", "exec"), namespace)  # noqa: S102 - the course's own code
    found = {}
    for task in tasks(notebook):
        cell = next(
            c
            for c in notebook.cells
            if is_solution(c) and c.cell_type == "code" and f"def {task.function}(" in c.source
        )
        exec(compile(cell.source, f"{SOURCE.name} (solution {task.number})", "exec"), namespace)  # noqa: S102
        found[task.number] = namespace[task.function]
    return found


def outputs(notebook: nbformat.NotebookNode) -> dict[Path, str]:
    """Every generated file and the text it should hold."""
    return {EXERCISE: exercise_text(notebook), TASK_DATA: task_data_text(notebook)}


def main(argv: list[str]) -> int:
    try:
        wanted = outputs(read_source())
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    stale = [path for path, text in wanted.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    if "--check" in argv:
        for path in stale:
            print(f"out of date: {path.relative_to(ROOT)} (run python scripts/{Path(__file__).name})")
        return 1 if stale else 0
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
        print("wrote", path.relative_to(ROOT))
    if not stale:
        print("up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
