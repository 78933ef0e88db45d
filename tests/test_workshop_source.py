"""The workshop is written once, in notebooks/py/11_workshop_solutions.py; scripts/build_workshop_notebooks.py
derives the task notebook (stubs) and kislearn/workshop/tasks.json (titles, answers) from it. These tests check
that the generated files are up to date and that what the package shows comes from that one source."""

from __future__ import annotations

import json
from pathlib import Path

import jupytext
import pytest
from helpers import load_script
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from kislearn import workshop
from kislearn.workshop.tasks import all_tasks

ROOT = Path(__file__).resolve().parents[1]


builder = load_script("build_workshop_notebooks")
SOURCE = builder.read_source()


@pytest.mark.parametrize("path", [builder.EXERCISE, builder.TASK_DATA], ids=lambda path: path.name)
def test_generated_files_are_up_to_date(path):
    assert path.read_text(encoding="utf-8") == builder.outputs(SOURCE)[path], (
        f"{path.relative_to(ROOT)} is older than notebooks/py/11_workshop_solutions.py: "
        "run `python scripts/build_workshop_notebooks.py`, then `python scripts/run_notebooks.py 11_workshop`"
    )


def test_the_check_option_says_whether_they_are_up_to_date(capsys):
    assert builder.main(["--check"]) == 0
    assert capsys.readouterr().out == ""


def test_the_package_reads_titles_and_answers_from_the_generated_data():
    data = json.loads(builder.TASK_DATA.read_text(encoding="utf-8"))["tasks"]
    assert list(workshop.TASKS.items()) == [(task["number"], task["title"]) for task in data]
    for task in data:
        assert workshop.HINTS[task["number"]][-1].split("\n", 1)[1] == task["answer"]
        assert workshop.CHECKERS[task["number"]].__name__ == task["checker"]


def test_titles_come_from_the_headings():
    headings = [cell.source.splitlines()[0] for cell in SOURCE.cells if cell.source.startswith("## 과제 ")]
    assert [f"## 과제 {n}. {title}" for n, title in workshop.TASKS.items()] == [h.replace("`", "") for h in headings]


def test_every_solution_is_a_stub_in_the_task_notebook():
    exercise = builder.exercise(SOURCE)
    stubs = [cell.source for cell in exercise.cells if cell.source.startswith("def ")]
    assert len(stubs) == len(workshop.TASKS)
    for number, code in enumerate(stubs, start=1):
        namespace: dict = {}
        exec(compile(code, f"stub {number}", "exec"), namespace)  # noqa: S102 - the notebook's own stub
        function = namespace[all_tasks()[number].function]
        assert code.endswith('"""\n    ...') and workshop.CHECKERS[number](function).not_started
    assert all("solution" not in cell.metadata.get("tags", []) for cell in exercise.cells)
    hint_cells = [cell.source for cell in exercise.cells if "# workshop.hint(" in cell.source]
    assert [cell.splitlines()[-1] for cell in hint_cells] == [f"# workshop.hint({n})" for n in workshop.TASKS]


def test_a_complete_answer_is_the_solution_without_its_docstring():
    solutions = {cell.source.split("(")[0][4:]: cell.source for cell in SOURCE.cells if builder.is_solution(cell)}
    for task in all_tasks().values():
        code = solutions[task.function]
        if "# 빈칸:" not in code:
            lines = code.splitlines()
            assert task.answer == "\n".join([lines[0], *lines[2:]])


def test_a_marked_line_is_a_blank_in_the_answer():
    code = 'def f(x):\n    """Doc."""\n    y = x + 1  # 빈칸: 하나 더하기\n    return y'
    assert builder.answer(code, "test") == "def f(x):\n    y = ...  # 하나 더하기\n    return y"
    with pytest.raises(builder.SourceError, match="assignment"):
        builder.answer('def f(x):\n    """Doc."""\n    return x  # 빈칸: no target', "test")


def tiny_source(*cells):
    notebook = new_notebook(cells=list(cells))
    return jupytext.reads(jupytext.writes(notebook, fmt="py:percent"), fmt="py:percent")


SOLVED = new_code_cell('def f(x):\n    """Doc."""\n    return x', metadata={"tags": ["solution"]})
SUMMARY = new_code_cell("functions = [f]")


def test_a_well_formed_tiny_source():
    source = tiny_source(
        new_markdown_cell("## 과제 1. `f` 쓰기 (01_x)\n\n할 일"), SOLVED, new_code_cell("workshop.check_f(f)"), SUMMARY
    )
    (task,) = builder.tasks(source)
    assert (task.number, task.title, task.function, task.checker, task.answer) == (
        1,
        "f 쓰기 (01_x)",
        "f",
        "check_f",
        "def f(x):\n    return x",
    )


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ([new_code_cell("x = 1"), SOLVED, new_code_cell("workshop.check_f(f)"), SUMMARY], "its markdown"),
        ([new_markdown_cell("## 과제 1. f"), SOLVED, new_code_cell("f(1)"), SUMMARY], "workshop.check_"),
        ([new_markdown_cell("## 과제 2. f"), SOLVED, new_code_cell("workshop.check_f(f)"), SUMMARY], "numbered"),
        ([new_markdown_cell("## 과제 1. f"), SOLVED, new_code_cell("workshop.check_f(f)")], "summary"),
        (
            [
                new_markdown_cell("## 과제 1. f"),
                SOLVED,
                new_code_cell("workshop.check_f(f)"),
                new_code_cell("functions = []"),
            ],
            "summary",
        ),
        ([new_markdown_cell("# nothing tagged")], "no code cell"),
    ],
)
def test_a_misshapen_source_is_a_clear_error(cells, message):
    with pytest.raises(builder.SourceError, match=message):
        builder.tasks(tiny_source(*cells))
