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
    frames.chart_frame(broker.fetch_ohlcv("005930"))      # daily bars: 날짜 index, 시가 고가 저가 종가 거래량

The plain-Python half (finding output1/output2/output, converting one value, showing a value as text) is
:mod:`kislearn.values`; its names are importable from here too (``frames.to_number``, ``frames.to_date``).

Numbers: ``int`` fields become Python ints (columns of pandas' nullable ``Int64`` type), ``decimal``
fields become floats (``float64``). Floats are fine here: KIS writes at most 8 decimals, and every money
amount is an ``int`` field, so sums of money stay exact. An empty string means "no value": ``None`` in a
value, ``<NA>``/``NaN`` in a column. A field missing from an answer is shown the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from numbers import Real

import pandas as pd
from pandas.io.formats.style import Styler

from .errors import InvalidArgumentError
from .glossary import Field, field, fields_of
from .values import (  # noqa: F401 - the plain-Python half, importable from here too (frames.to_number)
    HOLDING_COLUMNS,
    PRICE_COLUMNS,
    bars_of,
    format_value,
    holdings_of,
    is_missing,
    price_output_of,
    summary_of,
    to_date,
    to_number,
    typed_value,
)

# pandas column type for each glossary type
_DTYPES = {"int": "Int64", "decimal": "float64", "date": "datetime64[ns]", "text": "object", "code": "object"}


def _column(item: Field, values: list) -> pd.Series:
    """A typed column: nullable Int64 for int, float64 for decimal, datetime for date, strings otherwise."""
    return pd.Series(values, dtype=_DTYPES[item.type])


# ---------------------------------------------------------------------------------------------------
# Frames
# ---------------------------------------------------------------------------------------------------
# Column labels of the one-row-per-field tables (summary_frame, price_frame).
ANNOTATED_COLUMNS = ("필드", "공식 이름", "값", "단위", "설명")


def holdings_frame(balance: dict, korean: bool = True, columns: Iterable[str] = HOLDING_COLUMNS) -> pd.DataFrame:
    """One row per holding (output1), numbers typed by the glossary.

    ``columns`` picks output1 fields (default: HOLDING_COLUMNS). With ``korean=True`` the columns carry the
    official Korean names (보유수량, 평가손익금액, ...); with ``korean=False`` the KIS field ids. An empty
    account gives an empty frame that still has the columns. Rows with 보유수량 0 (sold out today) are kept:
    KIS lists them for up to two days.
    """
    rows = holdings_of(balance)
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
    return _annotated(fields_of("output2"), summary_of(balance))


def price_frame(answer: dict, fields: Iterable[str] | None = None) -> pd.DataFrame:
    """Selected 주식현재가 시세 fields, annotated like summary_frame (필드, 공식 이름, 값, 단위, 설명).

    ``answer`` is the API answer (``{"output": {...}}``), a sample price file, or the output object itself.
    ``fields`` are glossary field ids in the order to show (default: PRICE_COLUMNS).
    """
    output = price_output_of(answer)
    names = PRICE_COLUMNS if fields is None else ([fields] if isinstance(fields, str) else list(fields))
    return _annotated([field(name, "price") for name in names], output)


# ---------------------------------------------------------------------------------------------------
# Chart bars (국내주식기간별시세, 주식당일분봉조회): one row per bar, for a candlestick chart
# ---------------------------------------------------------------------------------------------------
# The short Korean column names of chart_frame, and the fields they come from: a daily (weekly ...) bar's and a
# minute bar's. Their official names (glossary.field(...).official_name) are longer: 주식 시가2, 주식 최고가, ...
CHART_COLUMNS = ("시가", "고가", "저가", "종가", "거래량")
DAY_BAR_FIELDS = {
    "stck_oprc": "시가",
    "stck_hgpr": "고가",
    "stck_lwpr": "저가",
    "stck_clpr": "종가",
    "acml_vol": "거래량",
}
MINUTE_BAR_FIELDS = {
    "stck_oprc": "시가",
    "stck_hgpr": "고가",
    "stck_lwpr": "저가",
    "stck_prpr": "종가",
    "cntg_vol": "거래량",
}


def chart_frame(answer) -> pd.DataFrame:
    """The bars of a chart answer as a DataFrame, oldest first: a DatetimeIndex named 날짜 and the int64 columns
    시가, 고가, 저가, 종가, 거래량 (CHART_COLUMNS) — what a candlestick library such as mplfinance reads.

    ``answer`` is the answer of 국내주식기간별시세(일/주/월/년) (``fetch_ohlcv``: the bar's date ``stck_bsop_date``,
    close ``stck_clpr``, volume ``acml_vol``), of 주식당일분봉조회 (``fetch_today_1m_ohlcv``: date and time
    ``stck_cntg_hour``, the minute's last price ``stck_prpr``, its volume ``cntg_vol``), or its ``output2`` rows.
    Rows of several calls may be joined first (``rows1 + rows2``); a bar given twice is kept once.
    """
    rows = bars_of(answer)
    minutes = any("stck_cntg_hour" in row for row in rows)
    names = MINUTE_BAR_FIELDS if minutes else DAY_BAR_FIELDS
    data = {label: [_int_of(row, name, f"output2[{i}]") for i, row in enumerate(rows)] for name, label in names.items()}
    frame = pd.DataFrame(data, columns=list(CHART_COLUMNS), dtype="int64")
    frame.index = pd.DatetimeIndex([_bar_time(row, i, minutes) for i, row in enumerate(rows)], name="날짜")
    return frame[~frame.index.duplicated()].sort_index()


def _bar_time(row: dict, index: int, minutes: bool) -> datetime:
    """A bar's date (``stck_bsop_date``, YYYYMMDD) and, for a minute bar, its time (``stck_cntg_hour``, HHMMSS)."""
    text = f"{row.get('stck_bsop_date', '')}{row.get('stck_cntg_hour', '') if minutes else ''}"
    try:
        return datetime.strptime(text, "%Y%m%d%H%M%S" if minutes else "%Y%m%d")
    except ValueError:
        wanted = "stck_bsop_date(YYYYMMDD)와 stck_cntg_hour(HHMMSS)" if minutes else "stck_bsop_date(YYYYMMDD)"
        raise InvalidArgumentError(f"output2[{index}]의 {wanted}가 올바르지 않습니다 (받은 값: {text!r})") from None


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
# The same official rules as TOTAL_RULES / SUMMARY_RULES in kislearn.consistency, which only reports
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
    rows, summary = holdings_of(balance), summary_of(balance)
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


def _profit_labels() -> set[str]:
    """Profit column names, both as field ids and as official Korean names."""
    labels = set(PROFIT_FIELDS)
    for name in PROFIT_FIELDS:
        labels.add(field(name).official_name)
    return labels


def _color_css(value) -> str:
    """CSS for one value: red above zero, blue below, nothing at zero or for non-numbers."""
    if isinstance(value, bool) or is_missing(value) or not isinstance(value, Real):
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


class NotebookTable(Styler):
    """A pandas Styler whose plain-text form is the table's data as text. pandas' own is
    ``<pandas.io.formats.style.Styler at 0x7f...>``: a memory address, different on every run, so a notebook's
    saved output would change each time it is run (the HTML form is what a notebook shows either way)."""

    def __repr__(self) -> str:
        return repr(self.data)


def style_profit(frame: pd.DataFrame, uuid: str | None = None):
    """A pandas Styler: gains in red and losses in blue (Korean market colours), numbers with thousands
    separators (floats shown with 2 decimals; the data itself is unchanged).

    Works on holdings_frame (Korean or field-id columns), summary_frame and price_frame. The HTML id is
    deterministic — ``"kislearn_"`` plus a short hash of the data, or ``uuid`` when given — so notebook
    outputs do not change between runs, and two different tables in one notebook do not share CSS ids.
    """
    css = _profit_css(frame)
    table = NotebookTable(frame).set_uuid(uuid or stable_uuid(frame))
    return table.apply(lambda _: css, axis=None).format(format_value)


def stable_uuid(frame: pd.DataFrame) -> str:
    """``"kislearn_"`` plus a short hash of the data: a styled table's HTML id that is the same on every run
    (pandas picks a random one), so a notebook's saved output does not change when it is run again."""
    return "kislearn_" + hashlib.sha1(frame.to_csv().encode("utf-8")).hexdigest()[:8]


def show_table(frame: pd.DataFrame):
    """``frame`` as a plain table for a notebook: without the row numbers (the index), and with the same HTML
    on every run (:func:`stable_uuid`). Returns a pandas Styler (a :class:`NotebookTable`), so ``.format(...)``
    or ``.apply(...)`` can follow: ``show_table(cash).format(thousands=",")``."""
    return NotebookTable(frame).set_uuid(stable_uuid(frame)).hide(axis="index")
