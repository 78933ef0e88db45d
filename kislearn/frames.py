"""Turn KIS answers into annotated pandas DataFrames.

KIS sends every number as a string (``"hldg_qty": "35"``) under a cryptic field id. These helpers convert
the strings to numbers by the glossary's type and label everything with the official Korean names::

    from kislearn import frames
    balance = broker.fetch_balance()          # {"output1": [...], "output2": [{...}]}
    frames.holdings_frame(balance)            # one row per holding, Korean column labels
    frames.summary_frame(balance)             # the output2 summary, one row per field, explained
    frames.check_totals(balance)              # do the holdings add up to the summary?
    frames.style_profit(frames.holdings_frame(balance))   # red = gain, blue = loss

    frames.price_frame(broker.fetch_price("005930"))      # selected 주식현재가 fields, explained

Numbers: ``int`` fields become Python ints (columns of pandas' nullable ``Int64`` type), ``decimal``
fields become floats (``float64``). Floats are fine here: KIS writes at most 8 decimals, and every money
amount is an ``int`` field, so sums of money stay exact. An empty string means "no value": ``None`` in a
value, ``<NA>``/``NaN`` in a column. A field missing from an answer is shown the same way.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from numbers import Integral, Real

import pandas as pd

from .errors import InvalidArgumentError
from .glossary import Field, field, fields_of

# ---------------------------------------------------------------------------------------------------
# Strings to values
# ---------------------------------------------------------------------------------------------------
_INT_TEXT = re.compile(r"[+-]?\d+")
_DECIMAL_TEXT = re.compile(r"[+-]?(\d+\.\d*|\.\d+)")


def to_number(text, kind: str | None = None, *, field_name: str | None = None):
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


def typed_value(item: Field, text):
    """One value converted by its glossary entry: int/decimal → number, date → date, other → the string."""
    if item.is_number:
        return to_number(text, item.type, field_name=item.field)
    if item.type == "date":
        return to_date(text, field_name=item.field)
    return text


# pandas column type for each glossary type
_DTYPES = {"int": "Int64", "decimal": "float64", "date": "datetime64[ns]", "text": "object", "code": "object"}


def _column(item: Field, values: list) -> pd.Series:
    """A typed column: nullable Int64 for int, float64 for decimal, datetime for date, strings otherwise."""
    return pd.Series(values, dtype=_DTYPES[item.type])


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


def _holdings(balance) -> list:
    """The output1 list of a 주식잔고조회 answer."""
    rows = _part(balance, "output1")
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise InvalidArgumentError("output1은 종목마다 객체(dict) 하나씩 담은 리스트여야 합니다")
    return rows


def _summary(balance) -> dict:
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


def _price_output(answer) -> dict:
    """The ``output`` object of a 주식현재가 시세 answer (or of a sample price file, or the object itself)."""
    if isinstance(answer, dict) and "output" not in answer and "stck_prpr" in answer:
        return answer
    output = _part(answer, "output")
    if not isinstance(output, dict):
        raise InvalidArgumentError("주식현재가 시세의 output은 객체(dict) 하나여야 합니다")
    return output


# ---------------------------------------------------------------------------------------------------
# Frames
# ---------------------------------------------------------------------------------------------------
# The output1 columns a learner needs most, in the official order.
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

# The 주식현재가 시세 fields price_frame shows by default, in reading order.
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

# Column labels of the one-row-per-field tables (summary_frame, price_frame).
ANNOTATED_COLUMNS = ("필드", "공식 이름", "값", "단위", "설명")


def holdings_frame(balance: dict, korean: bool = True, columns: Iterable[str] = HOLDING_COLUMNS) -> pd.DataFrame:
    """One row per holding (output1), numbers typed by the glossary.

    ``columns`` picks output1 fields (default: HOLDING_COLUMNS). With ``korean=True`` the columns carry the
    official Korean names (보유수량, 평가손익금액, ...); with ``korean=False`` the KIS field ids. An empty
    account gives an empty frame that still has the columns. Rows with 보유수량 0 (sold out today) are kept:
    KIS lists them for up to two days.
    """
    rows = _holdings(balance)
    items = [field(name, "output1") for name in columns]
    data = {item.field: _column(item, [typed_value(item, row.get(item.field)) for row in rows]) for item in items}
    frame = pd.DataFrame(data, columns=[item.field for item in items])
    if korean:
        frame = frame.rename(columns={item.field: item.official_name for item in items})
    return frame


def _annotated(items: list, values: dict) -> pd.DataFrame:
    """One row per field: 필드, 공식 이름, 값 (typed), 단위, 설명."""
    rows = [
        (item.field, item.official_name, typed_value(item, values.get(item.field)), item.unit, item.meaning)
        for item in items
    ]
    frame = pd.DataFrame(rows, columns=list(ANNOTATED_COLUMNS))
    frame["값"] = frame["값"].astype(object)
    return frame


def summary_frame(balance: dict) -> pd.DataFrame:
    """The output2 summary as a table: one row per field (필드, 공식 이름, 값, 단위, 설명), in the official order.

    Raises :class:`~kislearn.errors.InvalidArgumentError` when output2 is missing or does not hold exactly
    one object (mojito2 appends one per page of a multi-page balance).
    """
    return _annotated(fields_of("output2"), _summary(balance))


def price_frame(answer: dict, fields: Iterable[str] | None = None) -> pd.DataFrame:
    """Selected 주식현재가 시세 fields, annotated like summary_frame (필드, 공식 이름, 값, 단위, 설명).

    ``answer`` is the API answer (``{"output": {...}}``), a sample price file, or the output object itself.
    ``fields`` are glossary field ids in the order to show (default: PRICE_COLUMNS).
    """
    output = _price_output(answer)
    names = PRICE_COLUMNS if fields is None else ([fields] if isinstance(fields, str) else list(fields))
    return _annotated([field(name, "price") for name in names], output)


# ---------------------------------------------------------------------------------------------------
# Cross-check: do the holdings add up to the summary?
# ---------------------------------------------------------------------------------------------------
def _int_of(obj: dict, name: str, where: str) -> int:
    """An int field of one object; a clear error when it is missing or empty."""
    value = to_number(obj.get(name), "int", field_name=f"{where}.{name}")
    if value is None:
        raise InvalidArgumentError(f"{where}에 {name} 값이 없습니다")
    return value


def _sum_of(rows: list, name: str) -> int:
    return sum(_int_of(row, name, f"output1[{index}]") for index, row in enumerate(rows))


# (field of output2, formula shown to the learner, how to compute it from (rows, summary)).
# The same official rules as TOTAL_RULES / SUMMARY_RULES in kislearn.sandbox.consistency, which only reports
# problems as text; here each rule also gives the computed number so a notebook can show both sides.
TOTAL_CHECKS = (
    ("pchs_amt_smtl_amt", "Σ pchs_amt (종목별 매입금액의 합)", lambda rows, s: _sum_of(rows, "pchs_amt")),
    ("evlu_amt_smtl_amt", "Σ evlu_amt (종목별 평가금액의 합)", lambda rows, s: _sum_of(rows, "evlu_amt")),
    ("evlu_pfls_smtl_amt", "Σ evlu_pfls_amt (종목별 평가손익의 합)", lambda rows, s: _sum_of(rows, "evlu_pfls_amt")),
    ("scts_evlu_amt", "Σ evlu_amt (유가증권 평가금액)", lambda rows, s: _sum_of(rows, "evlu_amt")),
    (
        "tot_evlu_amt",
        "scts_evlu_amt + prvs_rcdl_excc_amt (D+2 예수금)",
        lambda rows, s: _int_of(s, "scts_evlu_amt", "output2[0]") + _int_of(s, "prvs_rcdl_excc_amt", "output2[0]"),
    ),
    (
        "asst_icdc_amt",
        "tot_evlu_amt − bfdy_tot_asst_evlu_amt",
        lambda rows, s: _int_of(s, "tot_evlu_amt", "output2[0]") - _int_of(s, "bfdy_tot_asst_evlu_amt", "output2[0]"),
    ),
)
TOTAL_COLUMNS = ("항목", "계산식", "계산값", "응답값", "일치")


def check_totals(balance: dict) -> pd.DataFrame:
    """Recompute the output2 totals from the holdings and compare them with what KIS answered.

    One row per rule, columns 항목, 계산식, 계산값, 응답값, 일치 (True/False). Pass ALL holdings of ALL
    pages as output1, otherwise the sums cannot match.
    """
    rows, summary = _holdings(balance), _summary(balance)
    table = []
    for name, formula, compute in TOTAL_CHECKS:
        computed = compute(rows, summary)
        answered = _int_of(summary, name, "output2[0]")
        table.append(
            (f"{name} ({field(name, 'output2').official_name})", formula, computed, answered, computed == answered)
        )
    return pd.DataFrame(table, columns=list(TOTAL_COLUMNS))


# ---------------------------------------------------------------------------------------------------
# Styling: Korean market colours
# ---------------------------------------------------------------------------------------------------
UP_COLOR = "#d60000"  # red: price up / profit (한국 시장: 상승·이익은 빨강)
DOWN_COLOR = "#0051c7"  # blue: price down / loss (하락·손실은 파랑)

# Fields whose sign means gain (+) or loss (−).
PROFIT_FIELDS = (
    "evlu_pfls_amt",
    "evlu_pfls_rt",
    "bfdy_cprs_icdc",
    "fltt_rt",
    "evlu_pfls_smtl_amt",
    "asst_icdc_amt",
    "prdy_vrss",
    "prdy_ctrt",
)


def _profit_labels() -> set:
    """Profit column names, both as field ids and as official Korean names."""
    labels = set(PROFIT_FIELDS)
    for name in PROFIT_FIELDS:
        labels.add(field(name).official_name)
    return labels


def _is_missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _color_css(value) -> str:
    """CSS for one value: red above zero, blue below, nothing at zero or for non-numbers."""
    if isinstance(value, bool) or _is_missing(value) or not isinstance(value, Real):
        return ""
    if value > 0:
        return f"color: {UP_COLOR}"
    if value < 0:
        return f"color: {DOWN_COLOR}"
    return ""


def _profit_css(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame of CSS strings, same shape as ``frame``: colours for the profit/loss cells.

    Wide frames (holdings_frame): whole profit columns. Annotated frames (summary_frame, price_frame): the
    값 cell of each row whose 필드 is a profit field.
    """
    labels = _profit_labels()
    columns = list(frame.columns)
    css = [["" for _ in columns] for _ in range(len(frame))]
    value_column = columns.index("값") if "필드" in columns and "값" in columns else None
    names = list(frame["필드"]) if value_column is not None else []
    for row_number, row in enumerate(frame.itertuples(index=False)):
        for column_number, column in enumerate(columns):
            if column in labels:
                css[row_number][column_number] = _color_css(row[column_number])
        if value_column is not None and names[row_number] in PROFIT_FIELDS:
            css[row_number][value_column] = _color_css(row[value_column])
    return pd.DataFrame(css, index=frame.index, columns=frame.columns)


def format_value(value, float_text=lambda number: f"{number:,.2f}") -> str:
    """How one value is shown: thousands separators for ints, floats by ``float_text`` (2 decimals unless
    told otherwise), dates as YYYY-MM-DD, empty for missing values."""
    if _is_missing(value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Integral):
        return f"{int(value):,}"
    if isinstance(value, Real):
        return float_text(float(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
    if isinstance(value, Integral):
        return f"{int(value):,}"
    if isinstance(value, Real):
        return f"{float(value):,.2f}"
    return str(value)


def style_profit(frame: pd.DataFrame, uuid: str | None = None):
    """A pandas Styler: gains in red and losses in blue (Korean market colours), numbers with thousands
    separators (floats shown with 2 decimals; the data itself is unchanged).

    Works on holdings_frame (Korean or field-id columns), summary_frame and price_frame. The HTML id is
    deterministic — ``"kislearn_"`` plus a short hash of the data, or ``uuid`` when given — so notebook
    outputs do not change between runs, and two different tables in one notebook do not share CSS ids.
    """
    css = _profit_css(frame)
    return frame.style.set_uuid(uuid or stable_uuid(frame)).apply(lambda _: css, axis=None).format(format_value)


def stable_uuid(frame: pd.DataFrame) -> str:
    """``"kislearn_"`` plus a short hash of the data: a styled table's HTML id that is the same on every run
    (pandas picks a random one), so a notebook's saved output does not change when it is run again."""
    return "kislearn_" + hashlib.sha1(frame.to_csv().encode("utf-8")).hexdigest()[:8]


def show_table(frame: pd.DataFrame):
    """``frame`` as a plain table for a notebook: without the row numbers (the index), and with the same HTML
    on every run (:func:`stable_uuid`). Returns a pandas Styler, so ``.format(...)`` or ``.apply(...)`` can
    follow: ``show_table(cash).format(thousands=",")``."""
    return frame.style.set_uuid(stable_uuid(frame)).hide(axis="index")
