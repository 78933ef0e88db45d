"""Write kislearn/sandbox/market/krx_holidays.py: the weekdays on which the Korea Exchange (KRX) is closed.

    pip install -e ".[maintainer]"                 # holidays==0.108: only this script needs it, not the sandbox
    python scripts/build_krx_calendar.py           # rewrite the table
    python scripts/build_krx_calendar.py --check   # exit 1 if the committed table differs

The source is the ``holidays`` library's Korea Exchange calendar (``holidays.financial_holidays("XKRX")``,
vacanza/holidays 0.108, which cites KRX's own holiday page): Korean public holidays with their substitute
days, election days, 근로자의 날/노동절 (1 May) and the year-end closure (연말휴장일, the last weekday of the
year). It already has the 2026 changes (제헌절 a public holiday again, 노동절 a public holiday, the
2026-06-03 local elections). Years KRX has not announced yet follow the current law: a temporary holiday
declared later (임시공휴일) is only in the table once someone re-runs this script with a newer ``holidays``.
The table is committed so that every sandbox, whatever is installed, trades on the same days.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "kislearn" / "sandbox" / "market" / "krx_holidays.py"
FIRST_YEAR, LAST_YEAR = 2016, 2035
HOLIDAYS_VERSION = "0.108"

HEADER = '''"""The weekdays on which the Korea Exchange is closed, 2016–2035. GENERATED — do not edit by hand.

Written by ``scripts/build_krx_calendar.py`` from the ``holidays`` library's Korea Exchange calendar
(``holidays.financial_holidays("XKRX")``, version {version}); see that script for what it covers.
"""

FIRST_YEAR = {first}
LAST_YEAR = {last}

# date (YYYY-MM-DD) -> why the market is closed (the name the library gives, in Korean)
KRX_HOLIDAYS = {{
'''


def render() -> str:
    import holidays  # only the generator needs it

    if holidays.__version__ != HOLIDAYS_VERSION:
        sys.exit(f"holidays=={HOLIDAYS_VERSION} is needed (found {holidays.__version__}); pip install it first")
    closed = holidays.financial_holidays("XKRX", years=range(FIRST_YEAR, LAST_YEAR + 1), language="ko")
    weekdays = [(day, name) for day, name in sorted(closed.items()) if day.weekday() < 5]  # weekends: closed anyway
    lines = [HEADER.format(version=HOLIDAYS_VERSION, first=FIRST_YEAR, last=LAST_YEAR)]
    lines += [f'    "{day.isoformat()}": "{name}",\n' for day, name in weekdays]
    lines.append("}\n")
    return "".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed table instead of writing")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        same = TARGET.exists() and TARGET.read_text(encoding="utf-8") == text
        print("krx_holidays.py is up to date" if same else "krx_holidays.py differs: re-run without --check")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    count = text.count('": "')
    print(f"wrote {TARGET.relative_to(ROOT)} ({count} closures)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
