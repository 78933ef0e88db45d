"""kislearn.values: the plain-Python half of reading KIS answers, and the one value formatter that tables, the
terminal and the dashboard share. Also: the command line does not need pandas."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pandas as pd
import pytest

from kislearn import frames, terminal
from kislearn.dashboard import field_value, won
from kislearn.values import format_value, is_missing


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [
        (1234567, 2, "1,234,567"),
        (-5, 2, "-5"),
        (3.14159, 2, "3.14"),
        (3.5, 2, "3.50"),
        (82353.19, 2, "82,353.19"),
        (-3.0, 2, "-3.00"),
        (-0.001, 2, "0.00"),
        (12.0, 0, "12"),
        (True, 2, "True"),
        (date(2026, 11, 24), 2, "2026-11-24"),
        ("삼성전자", 2, "삼성전자"),
        (None, 2, ""),
        (float("nan"), 2, ""),
        (pd.NA, 2, ""),
        (pd.NaT, 2, ""),
    ],
)
def test_one_formatter_for_every_value(value, decimals, shown):
    assert format_value(value, decimals=decimals) == shown


def test_the_three_places_show_numbers_the_same_way():
    assert terminal.show(1234567) == won(1234567)[:-1] == field_value("dnca_tot_amt", "1234567", "output2")[:-1]
    assert field_value("evlu_pfls_rt", "-3.5", "output1") == format_value(-3.5) + "%"
    styled = frames.style_profit(pd.DataFrame({"평가금액": [1234567]})).to_html()
    assert "1,234,567" in styled


def test_missing_values():
    assert is_missing(None) and is_missing(float("nan")) and is_missing(pd.NA)
    assert not is_missing(0) and not is_missing("")


def test_the_command_line_does_not_import_pandas():
    code = (
        "import sys\n"
        "import kislearn, kislearn.__main__, kislearn.terminal, kislearn.selfcheck, kislearn.sandbox\n"
        "print(sorted(name for name in ('pandas', 'numpy', 'matplotlib') if name in sys.modules))\n"
    )
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert printed.strip() == "[]"
