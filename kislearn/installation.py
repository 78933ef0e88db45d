"""What to say when a package kislearn needs is missing from the Python that runs it.

The likeliest cause is a beginner's: running ``python -m kislearn …`` or a notebook with the computer's own Python
instead of the course's virtual environment (``.venv``), where ``python course.py lab`` installed everything.
This module imports nothing but the standard library, so it works exactly when the others cannot.
"""

from __future__ import annotations

import sys

ACTIVATE = "macOS·Linux: source .venv/bin/activate, Windows: .venv\\Scripts\\activate"


def missing_package_message(missing: ModuleNotFoundError) -> str:
    """A Korean sentence naming the missing package and how to get the course's environment."""
    package = (missing.name or "?").split(".")[0]
    return (
        f"kislearn이 쓰는 패키지 '{package}'이(가) 지금 파이썬에 없습니다 (missing package): 코스의 가상환경을 켜고 "
        f"다시 실행하세요 ({ACTIVATE}). 가상환경이 아직 없다면 코스 폴더에서 'python course.py lab'을 한 번 실행하세요."
    )


def explain_missing_package(missing: ModuleNotFoundError) -> None:
    """On ``python -m kislearn``: one Korean line and exit code 1 (the command line's promise: no traceback).
    Anywhere else (a notebook, a script): the sentence is added to the error, which the caller re-raises."""
    if (missing.name or "kislearn").split(".")[0] == "kislearn":  # a module of kislearn itself: a bug, not a setup
        return
    message = missing_package_message(missing)
    if sys.argv[:1] == ["-m"]:  # Python sets argv[0] to "-m" while it imports the package of `python -m kislearn`
        print(f"오류 (error): {message}", file=sys.stderr)
        raise SystemExit(1)
    if hasattr(missing, "add_note"):  # Python 3.11+
        missing.add_note(message)
