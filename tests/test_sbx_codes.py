"""One table of the sandbox's own codes (kislearn/sbx_codes.py), shared by the sandbox and the client side,
and the direction of imports between the two sides."""

import ast
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
    tree = ast.parse(path.read_text(encoding="utf-8"))
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


def allowed_for_the_sandbox(name: str) -> bool:
    """The sandbox may import itself, the client-neutral facts, API catalog, code table and real-time wire format,
    and ``kislearn`` (its version)."""
    neutral = (
        "kislearn.sandbox",
        "kislearn.spec",
        "kislearn.sbx_codes",
        "kislearn.catalog",
        "kislearn.realtime_format",
    )
    return name == "kislearn" or name.startswith(neutral)


def test_the_sandbox_imports_only_client_neutral_modules():
    for path in (PACKAGE / "sandbox").rglob("*.py"):
        foreign = {name for name in kislearn_imports(path) if not allowed_for_the_sandbox(name)}
        assert foreign == set(), f"{path.name} imports client modules: {foreign}"


def test_the_import_check_sees_relative_imports(tmp_path):
    probe = tmp_path / "kislearn" / "sandbox" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text("from ..transport import KisResponse\nfrom . import gateway\n", encoding="utf-8")
    names = kislearn_imports(probe, root=tmp_path)
    assert "kislearn.transport" in names and not allowed_for_the_sandbox("kislearn.transport")
    assert "kislearn.sandbox.gateway" in names


def test_the_shared_table_imports_nothing_of_kislearn():
    assert kislearn_imports(PACKAGE / "sbx_codes.py") == set()
