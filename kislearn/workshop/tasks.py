"""The workshop's tasks as the course defines them: number, title, function, checker and the last hint.

They are written once, in the solutions notebook's text twin ``notebooks/py/11_workshop_solutions.py``;
``scripts/build_workshop_notebooks.py`` derives the task notebook from it and writes what the package needs
into ``tasks.json`` next to this module (shipped with the package, so nothing here reads the notebooks folder).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Task:
    """One workshop task (one entry of tasks.json)."""

    number: int
    title: str  # "계좌번호 나누기 (01_constructor)"
    function: str  # the function the learner writes: "split_account"
    checker: str  # its checker in kislearn.workshop: "check_split_account"
    answer: str  # the solution without its docstring, with ``...`` where the last hint leaves a blank


@cache
def all_tasks() -> dict[int, Task]:
    """``{number: Task}`` in the order of the workshop."""
    text = resources.files(__package__).joinpath("tasks.json").read_text(encoding="utf-8")
    return {item["number"]: Task(**item) for item in json.loads(text)["tasks"]}


# The title of each task, shown in every checker's first line: {1: "계좌번호 나누기 (01_constructor)", ...}
TASKS: dict[int, str] = {number: task.title for number, task in all_tasks().items()}
