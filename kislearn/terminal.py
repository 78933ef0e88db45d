"""What ``python -m kislearn balance``, ``price`` and ``doctor`` print.

Each function returns the text (so tests and notebooks can use it too); ``kislearn.__main__`` prints it
and turns kislearn errors into one readable line. The values come from :mod:`kislearn.values` (typed by the
glossary, official Korean names; no pandas, so the commands work in a plain ``pip install kislearn``) and the
tables are laid out by :mod:`kislearn.texttable` (Korean-aware widths).
"""

from __future__ import annotations

from . import spec
from .account import AccountNumber
from .glossary import Field, field, fields_of
from .selfcheck import FAIL, OK, WARN, Check
from .texttable import render
from .values import PRICE_COLUMNS, format_value, holdings_of, price_output_of, summary_of, typed_value

# The holdings columns that fit a terminal (holdings_frame's default has 12).
TERMINAL_HOLDING_COLUMNS = (
    "pdno",
    "prdt_name",
    "hldg_qty",
    "pchs_avg_pric",
    "prpr",
    "evlu_amt",
    "evlu_pfls_amt",
    "evlu_pfls_rt",
)
SUMMARY_HEADERS = ("공식 이름", "필드(field)", "값(value)", "단위(unit)")


DECIMALS = 2  # every decimal value (rates, average prices) with the same 2 places, so a column lines up


def show(value) -> str:
    """One value for the terminal: ``1,234,567`` for ints, decimals with exactly two places (``18.27``,
    ``-3.00``, ``82,353.19``), ``""`` for none."""
    return format_value(value, decimals=DECIMALS)


# Code fields shown with their meaning, "2 (상승)": the codes the workbook documents
CODE_MEANINGS = {"prdy_vrss_sign": spec.CHANGE_SIGNS}


def annotated_table(items: list[Field], values: dict) -> str:
    """One row per field (output2, a price's output) as text: 공식 이름, 필드, 값, 단위. A code of
    :data:`CODE_MEANINGS` is shown with its meaning: ``2 (상승)``."""
    rows = [(item.official_name, item.field, _shown_value(item, values), item.unit) for item in items]
    return render(SUMMARY_HEADERS, rows, right=[2])


def _shown_value(item: Field, values: dict) -> str:
    text = show(typed_value(item, values.get(item.field)))
    meaning = CODE_MEANINGS.get(item.field, {}).get(text)
    return f"{text} ({meaning})" if meaning else text


def holdings_table(balance: dict) -> str:
    """The holdings (output1) as text, Korean column labels with units, numbers right-aligned."""
    items = [field(name, "output1") for name in TERMINAL_HOLDING_COLUMNS]
    headers = [f"{item.official_name}({item.unit})" if item.is_number else item.official_name for item in items]
    rows = [[show(typed_value(item, row.get(item.field))) for item in items] for row in holdings_of(balance)]
    numbers = [index for index, item in enumerate(items) if item.is_number]
    return render(headers, rows, right=numbers)


def balance_text(balance: dict, account: str, where: str, *, mask: bool = True) -> str:
    """The whole ``balance`` command output: a title, the output2 summary and the holdings.

    ``mask`` hides most of the account number (a sandbox sample number need not be hidden).
    """
    holdings = balance.get("output1", [])
    number = AccountNumber.parse(account)
    lines = [
        f"주식잔고조회 (inquire-balance) — 계좌 {number.masked() if mask else number.text}, {where}, "
        f"보유 {len(holdings)}종목",
        "",
        "[요약 output2] 계좌 전체 (account summary)",
        annotated_table(fields_of("output2"), summary_of(balance)),
        "",
        "[보유 종목 output1] (holdings)",
    ]
    lines.append(holdings_table(balance) if holdings else "보유 종목이 없습니다 (no holdings).")
    return "\n".join(lines)


def price_text(answer: dict, symbol: str, where: str) -> str:
    """The whole ``price`` command output: a title and the selected 주식현재가 fields."""
    return "\n".join(
        [
            f"주식현재가 시세 (inquire-price) — 종목 {symbol}, {where}",
            "",
            annotated_table([field(name, "price") for name in PRICE_COLUMNS], price_output_of(answer)),
        ]
    )


def doctor_text(checks: list[Check]) -> tuple[str, bool]:
    """The ``doctor`` report and whether everything is ready (no check failed).

    Every line shows the status, the item and what was found; a failed check adds how to fix it.
    """
    lines = ["kislearn 준비 상태 점검 (doctor)", ""]
    for check in checks:
        lines.append(f"{check.status}  {check.item}: {check.detail}")
    problems = [check for check in checks if check.status == FAIL]
    lines.append("")
    if problems:
        lines.append(
            f"문제 {len(problems)}개 (problems: {len(problems)}). 위의 ❌ 줄의 설명대로 고친 뒤 "
            "'python -m kislearn doctor'를 다시 실행하세요."
        )
    else:
        warned = sum(check.status == WARN for check in checks)
        note = f" ⚠️ 확인할 것 {warned}개." if warned else ""
        lines.append(f"모두 준비됐습니다 (all ready).{note}")
    return "\n".join(lines), not problems


__all__ = [
    "show",
    "annotated_table",
    "holdings_table",
    "balance_text",
    "price_text",
    "doctor_text",
    "OK",
    "WARN",
    "FAIL",
]
