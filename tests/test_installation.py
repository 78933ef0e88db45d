"""A package kislearn needs is missing (the course's .venv not active): the command line says so in one Korean line,
and an import elsewhere keeps its error with the same sentence added."""

from __future__ import annotations

import subprocess
import sys

# Python refuses an import whose sys.modules entry is None with ModuleNotFoundError, as if it were not installed.
WITHOUT_PLATFORMDIRS = "import sys; sys.modules['platformdirs'] = None; "


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_the_command_line_names_the_missing_package_and_the_venv_in_one_line():
    result = run_python(
        WITHOUT_PLATFORMDIRS + "sys.argv = ['-m', 'price', '005930']; import runpy; "
        "runpy.run_module('kislearn', run_name='__main__')"
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("오류 (error):")
    assert "'platformdirs'" in lines[0] and "missing package" in lines[0] and "source .venv/bin/activate" in lines[0]


def test_an_import_elsewhere_keeps_its_error_with_the_sentence_added():
    result = run_python(WITHOUT_PLATFORMDIRS + "import kislearn")
    assert result.returncode == 1
    assert "ModuleNotFoundError" in result.stderr  # the error a notebook shows, not swallowed
    if sys.version_info >= (3, 11):  # add_note
        assert "'platformdirs'이(가) 지금 파이썬에 없습니다" in result.stderr
