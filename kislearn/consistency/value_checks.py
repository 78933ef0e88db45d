"""Reading and comparing the values of a KIS answer, for the consistency rules.

KIS writes every number as a string. These helpers check that an object has exactly the specification's
fields, each written as its format says, turn values into Decimals, and format amounts for messages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

_INT = re.compile(r"-?\d+")
_DATE = re.compile(r"(\d{8})?")


def format_ok(value: str, kind) -> bool:
    """Whether ``value`` is written as ``kind`` says ("int", "date" or a number of decimals)."""
    if kind == "int":
        return bool(_INT.fullmatch(value))
    if kind == "date":
        return bool(_DATE.fullmatch(value))
    return bool(re.fullmatch(rf"-?\d+\.\d{{{kind}}}", value))


def shape_problems(obj, fields: tuple, formats: dict) -> list:
    """Missing, extra or wrongly written fields of one object (official: every value is a JSON string)."""
    if not isinstance(obj, dict):
        return [f"객체(dict)가 아닙니다: {type(obj).__name__}"]
    problems = []
    missing = [f for f in fields if f not in obj]
    extra = [f for f in obj if f not in fields]
    if missing:
        problems.append(f"필드가 없습니다: {', '.join(missing)}")
    if extra:
        problems.append(f"명세에 없는 필드가 있습니다: {', '.join(extra)}")
    if not missing and not extra and list(obj) != list(fields):
        problems.append("필드 순서가 명세와 다릅니다")
    for field in fields:
        if field not in obj:
            continue
        value = obj[field]
        if not isinstance(value, str):
            problems.append(f"{field} 값이 문자열이 아닙니다: {value!r} (KIS는 숫자도 문자열로 보냅니다)")
        elif field in formats and not format_ok(value, formats[field]):
            kind = formats[field]
            how = {"int": "정수", "date": "YYYYMMDD 또는 빈 문자열"}.get(kind, f"소수점 {kind}자리 숫자")
            problems.append(f"{field} 값 {value!r} 이(가) {how} 형식이 아닙니다")
    return problems


def number(obj: Mapping, field: str) -> Decimal:
    """A field's value as a Decimal (call only after the shape check passed)."""
    return Decimal(obj[field])


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole × 100, or 0 when whole is 0."""
    return part / whole * 100 if whole else Decimal(0)


def near(actual: Decimal, expected: Decimal, places: int) -> bool:
    """Equal up to one unit of the last written decimal (how the server rounds is not documented)."""
    return abs(actual - expected) <= Decimal(1).scaleb(-places)


def won(value) -> str:
    """1234567 → '1,234,567' for messages."""
    value = Decimal(value)
    return f"{value:,}" if value == value.to_integral_value() else f"{value:,.4f}"


def row_label(index: int, row) -> str:
    """ "output1[3] 005930 삼성전자": where a problem of one holding row is, for messages."""
    if isinstance(row, dict):
        return f"output1[{index}] {row.get('pdno', '?')} {row.get('prdt_name', '')}".rstrip()
    return f"output1[{index}]"
