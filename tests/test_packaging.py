"""Packaging: the core (``pip install kislearn``) works without the extras, every imported package is declared
where its importers get it, requirements*.txt say what pyproject.toml says, and the version is written once.

The slow test builds a fresh virtual environment, runs a plain ``pip install`` of a clean copy of this folder
into it (not editable) and runs ``kislearn doctor``, ``balance`` and ``price 005930`` there."""

from __future__ import annotations

import ast
import functools
import importlib.metadata
import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from helpers import clean_copy, free_port, in_venv, wait_for_health
from packaging.requirements import Requirement

import kislearn
from kislearn.settings import use_sandbox_only

try:
    import tomllib
except ImportError:  # Python 3.10: pytest brings tomli
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
EXTRAS = PROJECT["optional-dependencies"]
# modules of the package that need the `dashboard` extra (pandas, charts, widgets); everything else is core
NOTEBOOK_MODULES = {"frames.py", "dashboard.py", "workshop"}
# a package that is not installed here (playwright, the maintainer extra's) is looked up by its import name


def name_of(requirement: str) -> str:
    return Requirement(requirement).name.lower().replace("_", "-")


def requirements_of(extra: str | None) -> set[str]:
    """Every requirement the core plus ``extra`` pull in, following kislearn[...] references."""
    found = set(PROJECT["dependencies"])
    todo = [extra] if extra else []
    while todo:
        for line in EXTRAS[todo.pop()]:
            requirement = Requirement(line)
            if requirement.name == "kislearn":
                todo += sorted(requirement.extras)
            else:
                found.add(line)
    return found


def normalised(lines) -> set[tuple[str, str]]:
    return {(name_of(line), str(Requirement(line).specifier)) for line in lines}


def file_lines(name: str) -> list[str]:
    """The requirement lines of a requirements file (comments, options and the package itself left out)."""
    lines = [line.split("#", 1)[0].strip() for line in (ROOT / name).read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line and not line.startswith("-")]


@pytest.mark.parametrize(("name", "extra"), [("requirements.txt", "lab"), ("requirements-test.txt", "test")])
def test_requirements_files_say_what_pyproject_says(name, extra):
    text = (ROOT / name).read_text(encoding="utf-8")
    assert f"-e .[{extra}]" in text.splitlines()
    listed = normalised(file_lines(name))
    declared = normalised(requirements_of(extra))
    assert listed <= declared, f"{name} pins what pyproject.toml does not: {sorted(listed - declared)}"
    if extra == "lab":  # the learner's file spells out every pin; the test file adds only the test extra's own
        assert listed == declared, f"{name} leaves out: {sorted(declared - listed)}"
    else:
        own = normalised(line for line in EXTRAS["test"] if name_of(line) != "kislearn")
        assert own <= listed, f"{name} leaves out: {sorted(own - listed)}"


def test_the_learner_gets_no_browser_and_ci_asks_for_it():
    assert "playwright" not in {name for name, _ in normalised(requirements_of("test"))}
    assert 'pip install --quiet --disable-pip-version-check -e ".[browser]"' in (ROOT / ".ci" / "run").read_text()


def imported_packages(path: Path) -> set[str]:
    """The top-level names of everything ``path`` imports that is neither the standard library nor kislearn."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    local = {"kislearn", "helpers", "scripted_server", "conftest", "colab_cell", "google", "__future__"}
    local.add("first_bot")  # bots/first_bot.py, the course's bot, which lesson 15 imports
    return {name for name in names - local if name not in sys.stdlib_module_names}


@functools.cache
def distributions() -> dict:
    return importlib.metadata.packages_distributions()  # slow: read once


def distribution_of(import_name: str) -> str:
    distributions_found = distributions().get(import_name) or [import_name]
    return distributions_found[0].lower().replace("_", "-")


def test_every_package_the_package_imports_is_declared_for_its_users():
    core = {name_of(line) for line in PROJECT["dependencies"]}
    notebook_side = core | {name_of(line) for line in requirements_of("dashboard")}
    for path in sorted((ROOT / "kislearn").rglob("*.py")):
        part = path.relative_to(ROOT / "kislearn").parts[0]
        declared = notebook_side if part in NOTEBOOK_MODULES else core
        for name in imported_packages(path):
            if path.name == "selfcheck.py" and name == "pandas":
                continue  # self_check(), the notebook's table, imports pandas inside itself
            if path.name == "glossary.py" and name == "pandas":
                continue  # glossary_frame(), likewise
            assert distribution_of(name) in declared, f"kislearn/{path.relative_to(ROOT / 'kislearn')} imports {name}"


def test_every_package_the_tests_and_scripts_import_is_declared():
    declared = {name_of(line) for line in requirements_of("test") | set(EXTRAS["browser"]) | set(EXTRAS["maintainer"])}
    declared.add("pytest")  # pytest brings packaging and, on 3.10, tomli
    for folder in ("tests", "scripts", "benchmarks", "notebooks/py", "bots"):
        for path in sorted((ROOT / folder).glob("*.py")):
            for name in imported_packages(path) - {"packaging", "tomli", "tomllib"}:
                assert distribution_of(name) in declared, f"{folder}/{path.name} imports {name}"


def test_one_version_string_from_the_package_metadata():
    assert kislearn.__version__ == importlib.metadata.version("kislearn") == PROJECT["version"]
    written = re.compile(r"""(__version__|version)\s*=\s*["']\d+\.\d+""")
    for path in (ROOT / "kislearn").rglob("*.py"):
        assert not written.search(path.read_text(encoding="utf-8")), f"a version written in {path}"


def test_the_package_ships_its_data_and_types():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert {"py.typed", "workshop/tasks.json", "data/*.json"} <= set(data["kislearn"])
    assert (ROOT / "kislearn" / "py.typed").exists()


# -- the real thing: pip install . into a fresh virtual environment ------------------------------------------


def run(command: list[str], **options) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", timeout=600, **options)


@pytest.mark.slow
def test_a_plain_pip_install_runs_doctor_balance_and_price(tmp_path):
    source, machine = tmp_path / "kislearn-source", tmp_path / "venv"
    clean_copy(source)
    venv.create(machine, with_pip=True)
    installed = run(
        [in_venv(machine, "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(source)]
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    python, command = in_venv(machine, "python"), in_venv(machine, "kislearn")

    found = run([python, "-c", "import importlib.util as u; print([n for n in ('pandas', 'numpy') if u.find_spec(n)])"])
    assert found.stdout.strip() == "[]", "the core pulled in pandas"
    shipped = run(
        [
            python,
            "-c",
            "import kislearn, pathlib; p = pathlib.Path(kislearn.__file__).parent; "
            "print((p / 'workshop' / 'tasks.json').exists(), (p / 'py.typed').exists(), kislearn.__version__)",
        ]
    )
    assert shipped.stdout.split() == ["True", "True", PROJECT["version"]], shipped.stderr

    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    port = free_port()
    use_sandbox_only(env, str(tmp_path / "cache"), f"http://127.0.0.1:{port}")
    server = subprocess.Popen(
        [command, "sandbox", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    try:
        wait_for_health(f"http://127.0.0.1:{port}", server, seconds=60)
        for words, shows in (
            (["doctor"], "모두 준비됐습니다"),
            (["balance"], "output2"),
            (["price", "005930"], "stck_prpr"),
        ):
            result = run([command, *words], env=env, cwd=tmp_path)
            shown = result.stdout + result.stderr
            assert result.returncode == 0 and shows in result.stdout, f"kislearn {' '.join(words)}:\n{shown}"
            assert "Traceback" not in shown
    finally:
        server.terminate()
        server.wait(timeout=15)
