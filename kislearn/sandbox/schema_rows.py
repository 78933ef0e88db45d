"""Which rows a schema-only answer holds: one per trading day, per symbol, per holding, or as the example has.

A catalogued API the sandbox does not model still answers with rows that hang together (sandbox's choice,
every rule below). Each :class:`Row` says what its values are about — a symbol, a trading day, a moment, that
day's prices — and :mod:`.schema_values` writes every field of the row from it. How a list section is filled:

- **holdings** — a domestic-stock account API (the request names ``CANO``) whose section shares at least three
  fields with 주식잔고조회's ``output1``: one row per holding of the account as this app sees it, each holding's
  values taken as they are; a list sharing three with its ``output2`` holds the one account summary. Other lists of an account API (orders, fills, profits...) have one row per held
  symbol, dated the end of the request's date range; an account without holdings has none, and the account
  APIs of overseas stocks, futures and options and bonds have none at all (the samples hold only domestic
  stocks; their objects' numbers are 0).
- **minutes** — a section with a time field when the request asks for a time (``FID_INPUT_HOUR_1``): one row a
  minute back from that time (no later than the moment), down to the open, at most :data:`MAX_TIME_ROWS` — so
  a client walking back 30 minutes at a time (mojito2's ``fetch_today_1m_ohlcv``) reaches the open and stops.
- **days** — a section with a date field (영업일자, 기준일자...): the trading days of the request's date range
  (newest first, at most :data:`MAX_DAY_ROWS`), else the latest :data:`RECENT_DAYS` trading days, for the
  symbol the request names.
- **symbols** — a domestic-stock section with a symbol field when the request names no symbol (rankings,
  lists): the sample symbols, most traded (the previous trading day's turnover) first, at most
  :data:`MAX_SYMBOL_ROWS`.
- **times** — a section with a time field and no date (the day's trades): one row a minute back from the
  moment, within the session, at most :data:`MAX_TIME_ROWS`.
- **example** — anything else: as many rows as the sheet's own response example shows (1 to
  :data:`MAX_EXAMPLE_ROWS`), each about the symbol the example row names.

Prices: a sample symbol's rows take the market's bars (:class:`~kislearn.sandbox.market.Market`, the same
model as the course's prices): a past day's whole bar, today's bar so far at the moment, and today's
주식현재가 시세 ``output`` as it stands, field by field. Any other symbol (an index, a future, a US stock) gets
made-up bars around the price level of the sheet's example, drawn from its code and the day. An object section
is about the request's symbol now (a chart's ``output1`` is the current quote). A past row's moment (주문시각,
체결시간) is drawn within that day's session.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache

from kislearn import catalog
from kislearn.sandbox.field_shapes import FieldShape, is_all_code, parse_codes, shapes_of
from kislearn.sandbox.market import KRX, Market
from kislearn.sandbox.market.calendar import moment_at, to_korea_time
from kislearn.sandbox.market.daily import DailyBar
from kislearn.sandbox.market.ticks import to_tick
from kislearn.sandbox.samples import SampleAccount

MAX_DAY_ROWS = 100  # as 국내주식기간별시세 (official: at most 100 rows a call)
RECENT_DAYS = 30  # as 주식현재가 일자별 (official: the latest 30 days)
MAX_SYMBOL_ROWS = 30  # KIS's ranking APIs list 30 rows (their examples) # sandbox's choice for other lists
MAX_TIME_ROWS = 30  # as 주식당일분봉조회 (official: 30 rows a call)
MAX_EXAMPLE_ROWS = 30
HOLDING_LIKE = 3  # fields shared with 주식잔고조회 output1 that make a section a list of holdings
DOMESTIC_STOCK = "/uapi/domestic-stock/"
KRX_LISTED = (DOMESTIC_STOCK, "/uapi/etfetn/", "/uapi/elw/")  # stocks, ETFs/ETNs and ELWs: priced on the KRX tick grid


def unit(*parts) -> float:
    """A number in [0, 1) fixed by ``parts``: the same parts always give the same number."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


@dataclass(frozen=True)
class Ask:
    """The request a schema-only answer is for: the API, the flavour, its fields by their catalogued names
    (every name the catalog knows; "" where not sent) and the moment it is answered at (Korea time)."""

    api: catalog.Api
    flavour: str
    fields: Mapping[str, str]
    moment: datetime

    def value(self, name: str) -> str:
        """The request's value of a field (any case), "" when not sent."""
        return str(self.fields.get(name.upper(), "")).strip()

    def specific_value(self, name: str) -> str:
        """The request's value of a field unless it means "everything" by the field's own description
        ("00 : 전체"), or blank: then ""."""
        value = self.value(name)
        return "" if value in _all_codes(self.api).get(name.upper(), ()) else value

    @property
    def today(self) -> date:
        """The trading day whose prices show at the moment (today, or the last trading day before it)."""
        return KRX.phase(self.moment).trading_day


@dataclass(frozen=True)
class Scene:
    """What a schema-only answer may draw on: the market and the account the request names (as this app sees
    it: its own copy after its orders; None when the request names no sample account)."""

    market: Market
    account: SampleAccount | None = None
    quotes: dict = field(default_factory=dict, compare=False)  # one answer's quotes, asked once per symbol

    def quote(self, symbol: str, moment: datetime) -> dict:
        """The symbol's 주식현재가 시세 ``output`` at ``moment`` (asked of the market once per answer)."""
        if symbol not in self.quotes:
            self.quotes[symbol] = self.market.quote(symbol, moment)
        return self.quotes[symbol]


@dataclass(frozen=True)
class Row:
    """What one row (or one object) of an answer is about."""

    index: int  # 0 for the first row
    symbol: str  # a sample symbol, another code the request or example names, or ""
    name: str  # the symbol's Korean name, "" when not known
    day: date  # a trading day
    time: datetime  # the row's moment: now for today, the close for a past day
    bar: DailyBar | None  # the symbol's prices that day (made up for symbols outside the samples)
    on_grid: bool  # prices on the KRX tick grid (domestic stocks), else free decimals
    record: Mapping[str, str] = field(default_factory=dict)  # values taken as they are, by field name
    key: str = ""  # what the row's other values are drawn from
    holds_nothing: bool = False  # an account's row where the samples hold nothing: its numbers are 0


# ---------------------------------------------------------------------------------------------------
# Planning the rows of a section
# ---------------------------------------------------------------------------------------------------
def object_row(ask: Ask, scene: Scene, place: str) -> Row:
    """The one "row" of an object section or of the top level: the request's symbol now (as KIS's charts'
    ``output1`` is the current quote whatever the dates asked for)."""
    symbol, name = request_symbol(ask, scene)
    record = {}
    if scene.account is not None and place != "response":
        record = summary_record(ask, scene, place)
    return make_row(ask, scene, 0, symbol, name, ask.today, record=record, key=place)


def asked_day(ask: Ask) -> date:
    """The day an account's rows are about: the end of the request's date range (a trading day, no later than
    today), else today."""
    start, end = request_days(ask)
    day = KRX.on_or_before(min(end or ask.today, ask.today))
    return day if start is None or day >= start else KRX.on_or_before(min(end, ask.today))


def list_rows(ask: Ask, scene: Scene, section: catalog.Section) -> list[Row]:
    """Every row of a list section (before paging), by the rules of the module docstring."""
    shapes = shapes_of(ask.api)[section.name]
    kinds = {shape.kind for shape in shapes.values()}
    domestic = ask.api.path.startswith(DOMESTIC_STOCK)
    symbol, name = request_symbol(ask, scene)
    if is_account_api(ask.api):
        if holds_nothing(ask) or (scene.account is not None and not scene.account.output1):
            return []  # the sample accounts hold only domestic stocks; an empty one holds nothing # sandbox's choice
        if domestic and scene.account is not None and ask.value("ACNT_PRDT_CD") == scene.account.product_code:
            summary = summary_record(ask, scene, section.name)
            if summary:  # a list holding the one account summary, as 주식잔고조회's output2
                return [make_row(ask, scene, 0, "", "", asked_day(ask), record=summary, key=section.name)]
            holdings = [row for row in scene.account.output1 if not symbol or row.get("pdno") == symbol]
            shared = set(shapes) & set(scene.account.output1[0]) - {"pdno", "prdt_name"}
            day = asked_day(ask)
            return [
                make_row(ask, scene, i, h["pdno"], h.get("prdt_name", ""), day,
                         record=h if len(shared) >= HOLDING_LIKE else {}, key=section.name)
                for i, h in enumerate(holdings)
            ]  # fmt: skip
    if _leads_with(shapes, "time") and request_time(ask) is not None:
        return time_rows(ask, scene, symbol, name, section.name)  # minute rows back from the time asked for
    if "date" in kinds and _has_row_date(shapes):
        start, end = request_days(ask)
        days = trading_days_back(start, min(end or ask.today, ask.today), MAX_DAY_ROWS if start else RECENT_DAYS)
        return [make_row(ask, scene, i, symbol, name, day, key=section.name) for i, day in enumerate(days)]
    if domestic and "symbol" in kinds and not symbol:
        symbols = most_traded(scene.market, ask.today)[:MAX_SYMBOL_ROWS]
        return [
            make_row(ask, scene, i, code, scene.market.name(code), ask.today, key=section.name)
            for i, code in enumerate(symbols)
        ]
    if _leads_with(shapes, "time"):
        return time_rows(ask, scene, symbol, name, section.name)
    return example_rows(ask, scene, section, symbol, name)


def _leads_with(shapes: Mapping[str, FieldShape], kind: str, within: int = 3) -> bool:
    """True when one of the section's first ``within`` fields is of ``kind``: what a row is about (a trade's
    time), not a property of it (an exchange's opening time)."""
    return any(shape.kind == kind for shape in list(shapes.values())[:within])


def _has_row_date(shapes: Mapping[str, FieldShape]) -> bool:
    """True when the first date field of the section is the row's own date (영업일자, 기준일자...), not a
    property such as 상장일자 or 만기일자 (those come later in a row, after its identity)."""
    first_date = next(name for name, shape in shapes.items() if shape.kind == "date")
    position = list(shapes).index(first_date)
    return position < 3 or any(word in first_date for word in ("bsop", "bass", "trad", "stck_", "xymd", "date"))


def time_rows(ask: Ask, scene: Scene, symbol: str, name: str, key: str) -> list[Row]:
    """One row a minute back from the request's time (its HHMMSS field, else the moment), no later than the
    moment or the close and no earlier than the open: at least one row, at the open."""
    session = KRX.session(ask.today)
    if session is None:
        return [make_row(ask, scene, 0, symbol, name, ask.today, key=key)]
    latest = min(ask.moment, session.close)
    asked = request_time(ask)
    if asked is not None:
        latest = min(latest, moment_at(ask.today, asked))
    latest = max(latest, session.open)
    rows = []
    for i in range(MAX_TIME_ROWS):
        moment = latest - timedelta(minutes=i)
        if moment < session.open:
            break
        rows.append(make_row(ask, scene, i, symbol, name, ask.today, moment=moment, key=key))
    return rows


def example_rows(ask: Ask, scene: Scene, section: catalog.Section, symbol: str, name: str) -> list[Row]:
    """As many rows as the sheet's example shows, each about the symbol its example row names (or the
    request's)."""
    parsed = ask.api.examples.response
    shown = parsed.get(section.name) if isinstance(parsed, dict) else None
    shown = [row for row in shown if isinstance(row, dict)] if isinstance(shown, list) else []
    shapes = shapes_of(ask.api)[section.name]
    symbol_field = next((n for n, s in shapes.items() if s.kind == "symbol"), None)
    name_field = next((n for n, s in shapes.items() if s.kind == "symbol_name"), None)
    rows = []
    for i in range(max(1, min(len(shown), MAX_EXAMPLE_ROWS))):
        example = {key.lower(): value for key, value in shown[i].items()} if i < len(shown) else {}
        code = symbol or str(example.get((symbol_field or "").lower(), "")).strip()
        label = name if symbol else str(example.get((name_field or "").lower(), "")).strip()
        rows.append(make_row(ask, scene, i, code, label, ask.today, key=section.name, series=f"#{i}"))
    return rows


# ---------------------------------------------------------------------------------------------------
# Reading the request
# ---------------------------------------------------------------------------------------------------
def request_symbol(ask: Ask, scene: Scene) -> tuple[str, str]:
    """``(symbol, name)`` the request names: its first symbol field with a value ("", "0000": every symbol, none
    named); the name is the sample's name, or the sheet's example name when the request asks for the example's
    own symbol."""
    for item in ask.api.request_fields:
        if not _is_symbol_field(item):
            continue
        code = ask.value(item.name)
        if not code.strip("0"):
            continue  # blank or all zeros ("0000"): every symbol
        if code in scene.market.symbols:
            return code, scene.market.name(code)
        return code, _example_name(ask.api, item.name, code)
    return "", ""


@lru_cache(maxsize=512)
def _all_codes(api: catalog.Api) -> dict[str, frozenset[str]]:
    """``{request field (upper case): its codes that mean "everything"}`` ("00 : 전체"), by the descriptions."""
    found = {}
    for item in api.request_fields:
        codes = [code for code, label in parse_codes(item.description, item.length) if is_all_code(code, label)]
        if codes:
            found[item.name.upper()] = frozenset(codes)
    return found


def _is_symbol_field(item: catalog.Field) -> bool:
    korean = "".join(item.korean.split())
    return (
        any(word in korean for word in ("종목코드", "상품번호", "종목번호", "단축코드", "심볼"))
        and "기초자산" not in korean
    ) or item.name.upper() in ("PDNO", "SYMB", "FID_INPUT_ISCD", "SHT_CD", "OVRS_PDNO")


def _example_name(api: catalog.Api, field_name: str, code: str) -> str:
    """The name the sheet's example answers with, when the request asks for the example's own symbol."""
    asked = api.examples.request if isinstance(api.examples.request, dict) else {}
    if str(next((v for k, v in asked.items() if k.upper() == field_name.upper()), "")).strip() != code:
        return ""
    for shapes in shapes_of(api).values():
        for shape in shapes.values():
            if shape.kind == "symbol_name" and shape.example:
                return shape.example
    return ""


def request_days(ask: Ask) -> tuple[date | None, date | None]:
    """The request's date range ``(start, end)``: its date fields with a YYYYMMDD value, earliest and latest
    (one date: ``(None, that date)``); ``(None, None)`` without any."""
    days = []
    for item in ask.api.request_fields:
        korean = "".join(item.korean.split()).rstrip("0123456789")
        if not (
            korean.endswith(("일자", "날짜", "일")) or item.name.upper().endswith(("_DT", "_DATE", "DATE_1", "DATE_2"))
        ):
            continue
        day = parse_day(ask.value(item.name))
        if day is not None:
            days.append(day)
    if not days:
        return None, None
    return (min(days) if len(days) > 1 else None), max(days)


def request_time(ask: Ask) -> time | None:
    """The time of day the request asks about: its first time field (입력시간, ``FID_INPUT_HOUR_1``) with an
    HHMMSS value, or None."""
    for item in ask.api.request_fields:
        korean = "".join(item.korean.split()).rstrip("0123456789")
        if not (korean.endswith(("시간", "시각")) or "_HOUR" in item.name.upper()):
            continue
        text = ask.value(item.name)
        if len(text) == 6 and text.isdigit() and int(text[:2]) < 24 and int(text[2:4]) < 60 and int(text[4:]) < 60:
            return time(int(text[:2]), int(text[2:4]), int(text[4:]))
    return None


def parse_day(text: str) -> date | None:
    """``"20260401"`` → a date; anything else → None."""
    text = text.strip().replace("-", "").replace("/", "")
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def is_account_api(api: catalog.Api) -> bool:
    """True when the API asks for an account (a CANO request field)."""
    return any(item.name.upper() == "CANO" for item in api.request_fields)


def holds_nothing(ask: Ask) -> bool:
    """True for an account API outside domestic stocks (overseas stocks, futures and options, bonds): the sample
    accounts hold nothing there, so its lists are empty and its numbers 0. # sandbox's choice"""
    return is_account_api(ask.api) and not ask.api.path.startswith(DOMESTIC_STOCK)


def summary_record(ask: Ask, scene: Scene, place: str) -> dict:
    """The account summary (주식잔고조회 output2), for an object section that shares its fields."""
    if not ask.api.path.startswith(DOMESTIC_STOCK) or ask.value("ACNT_PRDT_CD") != scene.account.product_code:
        return {}
    shared = set(shapes_of(ask.api).get(place, {})) & set(scene.account.summary)
    return scene.account.summary if len(shared) >= HOLDING_LIKE else {}


# ---------------------------------------------------------------------------------------------------
# Days, symbols and prices
# ---------------------------------------------------------------------------------------------------
def trading_days_back(start: date | None, end: date, count: int) -> list[date]:
    """Trading days from ``end`` back (newest first): down to ``start``, at most ``count``."""
    days, day = [], KRX.on_or_before(end)
    while len(days) < count and (start is None or day >= start) and day.year >= KRX.first_year:
        days.append(day)
        day = KRX.previous_trading_day(day)
    return days


def most_traded(market: Market, today: date) -> list[str]:
    """The sample symbols, the previous trading day's largest turnover first (ties by code)."""
    before = KRX.previous_trading_day(today)

    def turnover(code: str) -> int:
        bar = market.daily_bar(code, before)
        return bar.turnover if bar is not None else 0

    return sorted(market.symbols, key=lambda code: (-turnover(code), code))


def make_row(
    ask: Ask,
    scene: Scene,
    index: int,
    symbol: str,
    name: str,
    day: date,
    *,
    moment: datetime | None = None,
    record: Mapping[str, str] | None = None,
    key: str = "",
    series: str = "",
) -> Row:
    """A row about ``symbol`` on ``day``: its bar, its moment and, for today's row of a sample symbol, the
    주식현재가 시세 ``output`` as a record (so the answer agrees with the quote field by field). ``series`` names the
    made-up prices of a row without a symbol or a name (rows of one series share them)."""
    today = day == ask.today
    if moment is None:
        moment = ask.moment if today else moment_in_session(day, f"{ask.api.name}\x1f{key}\x1f{symbol}\x1f{index}")
    market = scene.market
    taken = dict(record or {})
    if symbol in market.symbols:
        bar = market.bar_at(symbol, day, ask.moment) if today else market.daily_bar(symbol, day)
        if not taken:
            quote = scene.quote(symbol, ask.moment)
            taken = quote if today else lasting_part(quote)
        on_grid = True
    else:
        on_grid = ask.api.path.startswith(KRX_LISTED)
        bar = made_up_bar(ask.api, symbol or name or series, day, on_grid)
    row_key = f"{ask.api.name}\x1f{key}\x1f{symbol}\x1f{day:%Y%m%d}\x1f{index}"
    return Row(index, symbol, name, day, to_korea_time(moment), bar, on_grid, taken, row_key, holds_nothing(ask))


def moment_in_session(day: date, key: str) -> datetime:
    """A moment of ``day``'s session drawn from ``key`` (a past row's 주문시각, 체결시간...); midnight on a closed
    day. # sandbox's choice"""
    session = KRX.session(day)
    if session is None:
        return moment_at(day, datetime.min.time())
    return session.open + timedelta(seconds=int(unit("moment", key) * session.seconds))


LASTING_KINDS = frozenset({"rate", "number", "code", "yn", "name", "symbol", "symbol_name"})


@lru_cache(maxsize=1)
def _lasting_fields() -> frozenset[str]:
    """The 주식현재가 시세 fields that describe the stock rather than the day (외국인 소진율, PER, 상장주수,
    업종명...): a past day's row shows them as they are today. # sandbox's choice"""
    api = catalog.find("주식현재가 시세")
    shapes = shapes_of(api)["output"]
    daily_words = ("대비", "전일", "등락", "거래량", "체결", "누적", "저항", "지지", "피봇", "호가")
    return frozenset(
        item.name
        for item in api.section("output").fields
        if shapes[item.name].kind in LASTING_KINDS
        and not any(word in item.korean.replace(" ", "") for word in daily_words)
        and not item.name.startswith(("pvt_", "dmrs", "dmsp", "aspr"))
    ) | {"lstn_stcn"}


def lasting_part(quote: Mapping[str, str]) -> dict[str, str]:
    """The part of a quote that a past day's row takes as it is (see :func:`_lasting_fields`)."""
    return {name: value for name, value in quote.items() if name in _lasting_fields()}


def made_up_bar(api: catalog.Api, symbol: str, day: date, on_grid: bool) -> DailyBar:
    """Prices for a symbol outside the samples: around the price level of the sheet's example (else one drawn
    from the code), moving up to ±4% a day, each day's open, high and low around its close. # sandbox's choice"""
    level = _example_level(api) or Decimal(1000 + int(unit("level", symbol) * 99_000))

    def close_on(when: date) -> Decimal:
        return level * (1 + Decimal(unit("close", symbol, when) - 0.5) * Decimal("0.08"))

    close, base = close_on(day), close_on(KRX.previous_trading_day(day))
    opening = (close + base) / 2
    high = max(opening, close) * (1 + Decimal(unit("high", symbol, day)) * Decimal("0.02"))
    low = min(opening, close) * (1 - Decimal(unit("low", symbol, day)) * Decimal("0.02"))
    if on_grid:
        base, opening, high, low, close = (to_tick(float(price)) for price in (base, opening, high, low, close))
        high, low = max(high, opening, close), min(low, opening, close)
    volume = 10_000 + int(unit("volume", symbol, day) * 2_000_000)
    return DailyBar(day, base, opening, high, low, close, volume, int(Decimal(volume) * Decimal(close)))


def _example_level(api: catalog.Api) -> Decimal | None:
    """The first current or closing price the sheet's response example shows, as a price level."""
    for shapes in shapes_of(api).values():
        for name, shape in shapes.items():
            if shape.kind == "price" and shape.example and name.lower().endswith(("prpr", "clpr", "last", "price")):
                try:
                    value = Decimal(shape.example)
                except ArithmeticError:
                    continue
                if value > 0:
                    return value
    return None
