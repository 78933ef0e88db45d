"""kislearn course launcher — the two commands of the README, the same on Linux, macOS and Windows.

    python course.py lab     # install what a learner needs, then open the course in JupyterLab
    python course.py test    # install what the tests need, then run the whole test suite (pytest + nbval)

``lab`` installs ``requirements.txt`` (the package with its ``lab`` extra); ``test`` installs
``requirements-test.txt`` (the ``test`` extra, which includes ``lab``). The real-browser test's Playwright
is not installed by either (``pip install -e ".[browser]"``; CI's ``.ci/run`` does).

If you are already inside a virtual environment (venv, conda) it installs there; otherwise it creates
``.venv`` next to this file and uses it, so nothing is installed into your system Python. Installing is
skipped when the requirements file and ``pyproject.toml`` have not changed since the last time.
Extra words after ``test`` go to pytest (``python course.py test -k token``); the tests run in several
processes at once (pytest-xdist), ``-n 0`` runs them in one.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"
STAMP_NAME = ".kislearn-installed-{command}"
# what each command installs
REQUIREMENTS = {"lab": "requirements.txt", "test": "requirements-test.txt"}
# The tests mostly wait (the sandbox's calls-per-second limit, programs and kernels starting), so twice as many
# pytest workers (pytest-xdist) as cores pays. Measured on 2 cores (1,521 tests): 4 workers 78 s, 3 workers 87 s,
# 2 workers 137 s, 6 workers 117 s, one process 207 s.
# --dist loadfile keeps each file on one worker, so nbval runs a notebook's cells in order in one kernel.
TEST_WORKERS = ["-n", str(min(8, 2 * (os.cpu_count() or 1))), "--dist", "loadfile"]
USAGE = """사용법(usage):
  python course.py lab     설치하고 JupyterLab으로 코스 열기   (install, then open the course)
  python course.py test    설치하고 전체 테스트 실행            (install, then run all tests)"""


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 10):  # noqa: UP036 -- runs on an old Python to say it is too old
        print(f"Python 3.10 이상이 필요합니다 (지금: {sys.version.split()[0]}). python.org에서 새 버전을 설치하세요.")
        return 1
    if not argv or argv[0] not in ("lab", "test"):
        print(USAGE)
        return 0 if not argv or argv[0] in ("-h", "--help", "help") else 2
    command, rest = argv[0], argv[1:]
    python = prepare_environment(command)
    os.chdir(HERE)
    if command == "lab":
        as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []  # Docker, WSL
        print(
            "JupyterLab을 엽니다. 브라우저가 저절로 열리지 않으면 아래에 나오는 http://127.0.0.1:…/lab/…?token=… 주소를\n"
            "복사해 브라우저 주소창에 붙여 넣으세요. 끝낼 때는 이 창에서 Ctrl-C를 누릅니다.\n"
            "(If no browser opens, copy the http://127.0.0.1 address printed below. Ctrl-C stops it.)"
        )
        # the whole course folder (docs/ too) in the file browser, opened on the first lesson
        return run(
            [
                python,
                "-m",
                "jupyter",
                "lab",
                f"--ServerApp.root_dir={HERE}",
                "--LabApp.default_url=/lab/tree/notebooks/00_setup.ipynb",
                *as_root,
                *rest,
            ]
        )
    return run([python, "-m", "pytest", *TEST_WORKERS, *rest])  # a later -n in rest wins (-n 0: one process)


def prepare_environment(command: str) -> str:
    """Return the Python to use, with what ``command`` needs (``REQUIREMENTS[command]``) installed into it."""
    requirements = REQUIREMENTS[command]
    if sys.prefix != sys.base_prefix or os.environ.get("CONDA_PREFIX"):
        python, prefix = sys.executable, Path(sys.prefix)
    else:
        python, prefix = str(venv_python()), VENV
        if not venv_python().exists():
            print(f"가상환경(virtual environment)을 만듭니다: {VENV}")
            venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = prefix / STAMP_NAME.format(command=command)
    wanted = requirements_digest(requirements)
    if not stamp.exists() or stamp.read_text().strip() != wanted:
        print("필요한 패키지를 설치합니다 (처음에는 몇 분 걸립니다) ...")
        code = run([python, "-m", "pip", "install", "--disable-pip-version-check", "-r", requirements])
        if code != 0:
            raise SystemExit(f"설치에 실패했습니다 (pip exit {code}). 위의 오류 메시지를 확인하세요.")
        stamp.write_text(wanted)
    return python


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def requirements_digest(requirements: str) -> str:
    digest = hashlib.sha256()
    for name in (requirements, "pyproject.toml"):
        digest.update((HERE / name).read_bytes())
    return digest.hexdigest()


def run(command: list[str]) -> int:
    return subprocess.call(command, cwd=HERE)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
