"""One table of the sandbox's own codes (kislearn/sbx_codes.py), shared by the sandbox and the client side,
and the direction of imports between the two sides."""

import ast
import subprocess
import sys
from pathlib import Path

from kislearn import errors, sbx_codes

PACKAGE = Path(__file__).resolve().parent.parent / "kislearn"


def test_every_code_is_defined_once():
    codes = [code.code for code in sbx_codes.ALL]
    assert len(codes) == len(set(codes))
    assert all(code.startswith("SBX") and len(code) == 8 for code in codes)


def test_the_client_raises_order_refusals_for_exactly_the_tables_order_codes():
    assert sbx_codes.ORDER_REFUSALS == {f"SBX000{number}" for number in range(20, 38)}
    for code in sbx_codes.ALL:
        error = errors.api_error(code.code, code.msg1)
        assert isinstance(error, errors.OrderRejectedError) == code.order_refusal, code.code
        assert error.hint == code.hint


def test_a_quote_and_an_order_of_an_unknown_symbol_have_their_own_codes():
    assert sbx_codes.UNKNOWN_SYMBOL_QUOTE.code == "SBX00011" and not sbx_codes.UNKNOWN_SYMBOL_QUOTE.order_refusal
    assert sbx_codes.UNKNOWN_SYMBOL_ORDER.code == "SBX00026" and sbx_codes.UNKNOWN_SYMBOL_ORDER.order_refusal


def kislearn_imports(path: Path, root: Path = PACKAGE.parent) -> set:
    """The kislearn modules a file under ``root`` imports (absolute names; relative imports resolved)."""
    return kislearn_imports_of_tree(ast.parse(path.read_text(encoding="utf-8")), path, root)


CLIENT_NEUTRAL = (
    "kislearn.spec",
    "kislearn.sbx_codes",
    "kislearn.catalog",
    "kislearn.consistency",
    "kislearn.realtime_format",
)


def allowed_for_the_sandbox(name: str) -> bool:
    """The sandbox may import itself, the client-neutral modules (the facts, the code table, the API catalog,
    the consistency rules, the real-time wire format) and ``kislearn`` (its version)."""
    return name == "kislearn" or name.startswith(("kislearn.sandbox", *CLIENT_NEUTRAL))


def test_the_sandbox_imports_only_client_neutral_modules():
    for path in (PACKAGE / "sandbox").rglob("*.py"):
        foreign = {name for name in kislearn_imports(path) if not allowed_for_the_sandbox(name)}
        assert foreign == set(), f"{path.relative_to(PACKAGE)} imports client modules: {foreign}"


def test_the_client_neutral_modules_import_neither_side():
    """The catalog, the facts, the code table and the consistency rules import only each other (and the
    exception types they raise, kislearn.errors, which imports only the code table)."""
    for module in CLIENT_NEUTRAL:
        folder = PACKAGE / module.split(".")[1]
        files = list(folder.rglob("*.py")) if folder.is_dir() else [folder.with_suffix(".py")]
        for path in files:
            foreign = {
                name
                for name in kislearn_imports(path)
                if not name.startswith((*CLIENT_NEUTRAL, "kislearn.errors")) and name != "kislearn"
            }
            assert foreign == set(), f"{path.relative_to(PACKAGE)} imports {foreign}"
    assert kislearn_imports(PACKAGE / "errors.py") <= {"kislearn", "kislearn.sbx_codes"}


def test_the_import_check_sees_relative_imports(tmp_path):
    probe = tmp_path / "kislearn" / "sandbox" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("from ..transport import KisResponse\nfrom . import gateway\n", encoding="utf-8")
    names = kislearn_imports(probe, root=tmp_path)
    assert "kislearn.transport" in names and not allowed_for_the_sandbox("kislearn.transport")
    assert "kislearn.sandbox.gateway" in names


def test_the_shared_table_imports_nothing_of_kislearn():
    assert kislearn_imports(PACKAGE / "sbx_codes.py") == set()


# The client modules that start or list a sandbox for the learner (sandbox mode): they may import it, but only
# inside the function that needs it, never when they are imported.
STARTS_A_SANDBOX = {"__main__.py", "connect.py", "dashboard.py", "selfcheck.py"}


def top_level_imports(path: Path) -> set:
    """The kislearn modules a file imports when it is imported (module-level statements, not functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    probe = path.parent / "_top_level_probe.py"
    statements = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom, ast.If, ast.Try))]
    module = ast.Module(body=statements, type_ignores=[])
    return kislearn_imports_of_tree(module, probe)


def kislearn_imports_of_tree(tree: ast.AST, path: Path, root: Path = PACKAGE.parent) -> set:
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            names |= {f"{base}.{alias.name}" for alias in node.names} | {base}
    return {name for name in names if name.split(".")[0] == "kislearn"}


def test_the_client_side_never_imports_the_sandbox():
    """client, transport, recorder, sanitize, frames, glossary, scramble... import neither kislearn.sandbox
    nor anything under it; the four modules that start a sandbox do so only when asked. (The workshop package
    grades tasks against the sandbox's samples and starts practice sandboxes: it is a sandbox user.)"""
    client_side = list(PACKAGE.glob("*.py"))
    assert len(client_side) > 25
    for path in client_side:
        if path.name in ("sbx_codes.py", "spec.py"):
            continue
        imports = top_level_imports(path) if path.name in STARTS_A_SANDBOX else kislearn_imports(path)
        sandbox = {name for name in imports if name.startswith("kislearn.sandbox.") or name == "kislearn.sandbox"}
        assert sandbox == set(), f"{path.relative_to(PACKAGE)} imports the sandbox: {sandbox}"


def test_importing_the_recorder_and_the_client_loads_no_server():
    """The issue's acceptance: ``import kislearn.recorder, kislearn.client`` loads neither Flask (nor Werkzeug),
    nor the HTTP server (cheroot), nor any part of kislearn.sandbox."""
    code = (
        "import sys, kislearn.recorder, kislearn.client, kislearn.frames, kislearn.glossary; "
        "print([name for name in ('flask', 'werkzeug', 'cheroot', 'jwt') if name in sys.modules], "
        "[name for name in sys.modules if name.startswith('kislearn.sandbox')])"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[] []"
