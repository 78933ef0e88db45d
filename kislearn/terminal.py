"""What ``python -m kislearn balance``, ``price`` and ``doctor`` print.

Each function returns the text (so tests and notebooks can use it too); ``kislearn.__main__`` prints it
and turns kislearn errors into one readable line. The tables come from :mod:`kislearn.frames` (typed
values, official Korean names) and are laid out by :mod:`kislearn.texttable` (Korean-aware widths).
"""

from __future__ import annotations

from . import frames
from .account import AccountNumber
from .glossary import field
from .selfcheck import FAIL, OK, WARN, Check
from .texttable import render

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
    return frames.format_value(value, float_text=_fixed)


def _fixed(number: float) -> str:
    text = f"{number:,.{DECIMALS}f}"
    return text.removeprefix("-") if float(text.replace(",", "")) == 0 else text  # no "-0.00"


def annotated_table(frame) -> str:
    """A summary_frame/price_frame (one row per field) as text: 공식 이름, 필드, 값, 단위."""
    rows = [(row["공식 이름"], row["필드"], show(row["값"]), row["단위"]) for _, row in frame.iterrows()]
    return render(SUMMARY_HEADERS, rows, right=[2])


def holdings_table(balance: dict) -> str:
    """The holdings (output1) as text, Korean column labels with units, numbers right-aligned."""
    frame = frames.holdings_frame(balance, korean=False, columns=TERMINAL_HOLDING_COLUMNS)
    items = [field(name, "output1") for name in TERMINAL_HOLDING_COLUMNS]
    headers = [f"{item.official_name}({item.unit})" if item.is_number else item.official_name for item in items]
    rows = [[show(value) for value in row] for row in frame.itertuples(index=False)]
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
        annotated_table(frames.summary_frame(balance)),
        "",
        "[보유 종목 output1] (holdings)",
    ]
    lines.append(holdings_table(balance) if holdings else "보유 종목이 없습니다 (no holdings).")
    return "\n".join(lines)


def price_text(answer: dict, symbol: str, where: str) -> str:
    """The whole ``price`` command output: a title and the selected 주식현재가 fields."""
    return "\n".join(
        [f"주식현재가 시세 (inquire-price) — 종목 {symbol}, {where}", "", annotated_table(frames.price_frame(answer))]
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
