"""docs/api-coverage.md: generated from the catalog by scripts/build_api_coverage.py, and up to date."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "api-coverage.md"


def load_script():
    module_spec = importlib.util.spec_from_file_location(
        "build_api_coverage", ROOT / "scripts" / "build_api_coverage.py"
    )
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


def test_the_page_is_up_to_date():
    assert PAGE.read_text(encoding="utf-8") == load_script().render(), "run `python scripts/build_api_coverage.py`"


def test_every_api_has_a_row_and_fifteen_are_modelled():
    rows = [
        line for line in PAGE.read_text(encoding="utf-8").splitlines() if line.startswith("| ") and line[2].isdigit()
    ]
    assert len(rows) == 338
    assert sum(row.endswith("| modelled |") for row in rows) == 15  # 6 + the living market's 9
    order = next(row for row in rows if "| 주식주문(현금) |" in row)
    assert "`VTTC0012U` (매수)" in order and "구 `TTTC0801U`" in order
    assert "| 모의투자 미지원 |" in next(row for row in rows if "| 매도가능수량조회 |" in row)
