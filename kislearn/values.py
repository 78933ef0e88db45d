"""KIS answers as plain Python values, and the one way a value is shown as text — without pandas.

KIS sends every number as a string (``"hldg_qty": "35"``). These helpers find the parts of an answer (the
output1 rows, the ONE output2 summary, a price's ``output``), turn each string into a value by its glossary type
and show a value as text. :mod:`kislearn.frames` builds its DataFrames from them; the command line
(:mod:`kislearn.terminal`) and the dashboard use them directly, so ``balance``, ``price`` and ``doctor`` work in
a plain ``pip install kislearn`` that has no pandas.

    from kislearn.values import to_number, format_value
    to_number("35")                  # 35
    format_value(1234567)            # '1,234,567'
    format_value(3.5)                # '3.50'
"""

from __future__ import annotations

import math
import re
import sys
from datetime import date, datetime
from decimal import Decimal
from numbers import Integral, Real
from typing import Any

from .errors import InvalidArgumentError
from .glossary import Field

# ---------------------------------------------------------------------------------------------------
# The fields shown by default (holdings tables, price tables): the course's choice, in reading order
# ---------------------------------------------------------------------------------------------------
# The output1 columns a learner needs most.
HOLDING_COLUMNS = (
    "pdno",
    "prdt_name",
    "hldg_qty",
    "ord_psbl_qty",
    "pchs_avg_pric",
    "pchs_amt",
    "prpr",
    "evlu_amt",
    "evlu_pfls_amt",
    "evlu_pfls_rt",
    "bfdy_cprs_icdc",
    "fltt_rt",
)

# The 주식현재가 시세 fields, in reading order.
PRICE_COLUMNS = (
    "stck_shrn_iscd",
    "rprs_mrkt_kor_name",
    "bstp_kor_isnm",
    "stck_prpr",
    "prdy_vrss",
    "prdy_vrss_sign",
    "prdy_ctrt",
    "stck_oprc",
    "stck_hgpr",
    "stck_lwpr",
    "stck_sdpr",
    "stck_mxpr",
    "stck_llam",
    "acml_vol",
    "acml_tr_pbmn",
    "hts_avls",
    "per",
    "pbr",
    "eps",
    "bps",
    "w52_hgpr",
    "w52_lwpr",
    "aspr_unit",
    "stck_sspr",
)

# ---------------------------------------------------------------------------------------------------
# Strings to values
# ---------------------------------------------------------------------------------------------------
_INT_TEXT = re.compile(r"[+-]?\d+")
_DECIMAL_TEXT = re.compile(r"[+-]?(\d+\.\d*|\.\d+)")


def to_number(text, kind: str | None = None, *, field_name: str | None = None) -> int | float | None:
    """A KIS number string as a Python number: ``"35"`` → 35, ``"135440.2517"`` → 135440.2517, ``""`` → None.

    ``kind`` ``"int"`` insists on a whole number (``"12.0000"`` → 12, ``"12.5"`` is an error); ``"decimal"``
    always gives a float; None (the default) gives an int for whole-number text and a float otherwise.
    Anything else (``"1,234"``, ``"abc"``) raises :class:`~kislearn.errors.InvalidArgumentError`;
    ``field_name`` is only used in that message.
    """
    if kind not in (None, "int", "decimal"):
        raise InvalidArgumentError(f"kind는 None, 'int', 'decimal' 가운데 하나여야 합니다 (받은 값: {kind!r})")
    where = f"{field_name} 값 " if field_name else ""
    if text is None:
        return None
    if isinstance(text, bool) or not isinstance(text, (str, Integral, Real)):
        raise InvalidArgumentError(f"{where}{text!r}은(는) 숫자 문자열이 아닙니다 (KIS는 숫자를 '35'처럼 보냅니다)")
    if not isinstance(text, str):  # already a number (e.g. a value someone converted before)
        if isinstance(text, float) and math.isnan(text):
            return None
        text = (
            str(int(text))
            if isinstance(text, Integral) or float(text).is_integer()
            else f"{Decimal(repr(float(text))):f}"
        )
    cleaned = text.strip()
    if cleaned == "":
        return None
    if _INT_TEXT.fullmatch(cleaned):
        return float(cleaned) if kind == "decimal" else int(cleaned)
    if _DECIMAL_TEXT.fullmatch(cleaned):
        if kind == "int":
            value = Decimal(cleaned)
            if value != value.to_integral_value():
                raise InvalidArgumentError(f"{where}{text!r}: 정수여야 하는데 소수가 왔습니다")
            return int(value)
        return float(cleaned)
    raise InvalidArgumentError(
        f"{where}{text!r}을(를) 숫자로 바꿀 수 없습니다 (KIS는 숫자를 '35', '-1.32'처럼 쉼표 없는 문자열로 보냅니다)"
    )


def to_date(text, *, field_name: str | None = None) -> date | None:
    """A KIS date string ``"20211223"`` as a :class:`datetime.date`; ``""`` → None."""
    cleaned = "" if text is None else str(text).strip()
    if cleaned == "":
        return None
    try:
        return datetime.strptime(cleaned, "%Y%m%d").date()
    except ValueError:
        where = f"{field_name} 값 " if field_name else ""
        raise InvalidArgumentError(f"{where}{text!r}은(는) YYYYMMDD 형식의 날짜가 아닙니다") from None


def typed_value(item: Field, text) -> int | float | date | str | None:
    """One value converted by its glossary entry: int/decimal → number, date → date, other → the string."""
    if item.is_number:
        return to_number(text, item.type, field_name=item.field)
    if item.type == "date":
        return to_date(text, field_name=item.field)
    return text


# ---------------------------------------------------------------------------------------------------
# Values to text: the one formatter
# ---------------------------------------------------------------------------------------------------
def is_missing(value) -> bool:
    """Whether ``value`` means "no value": None, NaN, or pandas' NA/NaT (which exist only once pandas is loaded)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    pandas = sys.modules.get("pandas")
    return pandas is not None and (value is pandas.NA or value is pandas.NaT)


def format_value(value, *, decimals: int = 2) -> str:
    """How a value is shown everywhere in the course (tables, the terminal, the dashboard).

    Ints with thousands separators (``1,234,567``); floats with ``decimals`` places (``3.25``, never
    ``-0.00``); dates as YYYY-MM-DD; an empty string for a missing value; anything else as ``str(value)``.
    """
    if is_missing(value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Integral):
        return f"{int(value):,}"
    if isinstance(value, Real):
        text = f"{float(value):,.{decimals}f}"
        return text.removeprefix("-") if float(text.replace(",", "")) == 0 else text  # no "-0.00"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# ---------------------------------------------------------------------------------------------------
# Finding the parts of an answer
# ---------------------------------------------------------------------------------------------------
def _part(answer, key: str):
    """``answer[key]``, or a clear error (mentioning a failed call when the answer says so)."""
    if not isinstance(answer, dict):
        raise InvalidArgumentError(f"KIS 응답(dict)을 넘겨 주세요. 받은 값의 형식: {type(answer).__name__}")
    if key not in answer:
        if str(answer.get("rt_cd", "0")) != "0":
            raise InvalidArgumentError(
                f"실패한 응답이라 {key}가 없습니다: rt_cd={answer.get('rt_cd')!r}, "
                f"[{answer.get('msg_cd', '')}] {str(answer.get('msg1', '')).strip()}"
            )
        raise InvalidArgumentError(f"응답에 {key}가 없습니다. 가진 키: {', '.join(map(str, answer)) or '(없음)'}")
    return answer[key]


def holdings_of(balance) -> list[dict[str, Any]]:
    """The output1 list of a 주식잔고조회 answer (one dict per holding)."""
    rows = _part(balance, "output1")
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise InvalidArgumentError("output1은 종목마다 객체(dict) 하나씩 담은 리스트여야 합니다")
    return rows


def bars_of(answer) -> list[dict[str, Any]]:
    """The output2 list of a chart answer (국내주식기간별시세, 주식당일분봉조회: one dict per bar), or the list itself."""
    rows = _part(answer, "output2") if isinstance(answer, dict) else answer
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise InvalidArgumentError("차트 응답의 output2(봉마다 dict 하나씩 담은 리스트)를 주세요")
    return rows


def summary_of(balance) -> dict[str, Any]:
    """The ONE summary object of a 주식잔고조회 answer (output2 is a list holding exactly one object)."""
    output2 = _part(balance, "output2")
    if not isinstance(output2, list):
        raise InvalidArgumentError(
            f"output2는 요약 객체 하나를 담은 리스트여야 합니다 (받은 형식: {type(output2).__name__})"
        )
    if len(output2) != 1:
        hint = (
            "mojito2의 fetch_balance는 페이지마다 output2를 다시 덧붙이므로(append), 잔고가 여러 페이지면 "
            "같은 요약이 여러 개 쌓입니다. 요약은 하나만 쓰세요: balance['output2'][:1]"
            if output2
            else "output2가 비어 있습니다."
        )
        raise InvalidArgumentError(f"output2에는 요약 객체가 정확히 1개 있어야 하는데 {len(output2)}개입니다. {hint}")
    if not isinstance(output2[0], dict):
        raise InvalidArgumentError("output2[0]은 요약 객체(dict)여야 합니다")
    return output2[0]


def price_output_of(answer) -> dict[str, Any]:
    """The ``output`` object of a 주식현재가 시세 answer (or of a sample price file, or the object itself)."""
    if isinstance(answer, dict) and "output" not in answer and "stck_prpr" in answer:
        return answer
    output = _part(answer, "output")
    if not isinstance(output, dict):
        raise InvalidArgumentError("주식현재가 시세의 output은 객체(dict) 하나여야 합니다")
    return output
