"""One field's value in one row of a schema-only answer: a string of the documented shape that fits the row.

In order (sandbox's choice, every rule):

1. the row's **record**, when it holds the field by name: a holding of the account, the account summary, or
   today's 주식현재가 시세 ``output`` of the row's symbol — so the answer agrees with those APIs;
2. the **request's own value** of a field of the same name (a symbol, an account, a code asked for), unless it
   means "everything" (전체);
3. the field's **kind** (:mod:`.field_shapes`) and the row's day, moment and prices: a date is the row's trading
   day, a time the row's moment, a 시가/고가/저가/종가/현재가 the bar's, 상한가/하한가 the day's limits, 전일 대비
   and its sign and rate the close against the previous close, 매도호가/매수호가 the ticks around the close,
   누적 거래량/거래대금 the bar's; other prices lie between the day's low and high (on the KRX tick grid for
   domestic stocks); a code is the example's value or the description's first code that is not "전체"; a
   name next to a code field is that code's label; other quantities, amounts, counts and rates are drawn from
   the row and the field's name (the same row always gets the same numbers), with as many decimals as the
   sheet's example shows.

Numbers are written as KIS writes them: digits, a leading "-" for negative values, no thousands separators.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from kislearn import catalog
from kislearn.consistency.krx import krx_tick_size, price_limits
from kislearn.sandbox.field_shapes import FieldShape, is_all_code, kinds_of, parse_codes, shapes_of
from kislearn.sandbox.market.daily import change_sign
from kislearn.sandbox.orders import BRANCH_CODE
from kislearn.sandbox.schema_rows import Ask, Row, unit

SIGNED_WORDS = ("대비", "증감", "손익", "순매수", "등락", "수익", "평가손익", "차이")


def field_value(field: catalog.Field, shape: FieldShape, row: Row, ask: Ask, written: Mapping[str, str]) -> str:
    """The value of ``field`` in ``row`` (``written``: the row's fields written so far, in the sheet's order)."""
    name = field.name
    if name in row.record:
        return str(row.record[name])
    if name.lower() in row.record:
        return str(row.record[name.lower()])
    asked = ask.specific_value(name)
    if asked and shape.kind not in ("envelope", "ctx") and not is_all_code(asked, shape.label_of(asked)):
        return asked
    if row.holds_nothing and shape.is_number:
        return fixed(0, shape.places)
    maker = _MAKERS.get(shape.kind, _text)
    return maker(field, shape, row, ask, written)


# ---------------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------------
def fixed(value, places: int) -> str:
    """``value`` with exactly ``places`` decimals (rounded half up); "-0" is written "0"."""
    number = Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{abs(number) if number == 0 else number:f}"


def _draw(field: catalog.Field, row: Row, low: float, high: float) -> Decimal:
    """A number in [low, high) fixed by the row and the field."""
    return Decimal(low + unit(row.key, field.name) * (high - low))


def _signed(field: catalog.Field) -> bool:
    korean = "".join(field.korean.split())
    return any(word in korean for word in SIGNED_WORDS) or field.name.lower().endswith(("vrss", "icdc", "ntby"))


def _korean(field: catalog.Field) -> str:
    return "".join(field.korean.split())


# -- prices ------------------------------------------------------------------------------------------
def price_role(field: catalog.Field) -> str:
    """Which of the day's prices a price field is: open, high, low, close, base, upper, lower, ask, bid or
    other (from its Korean name, else its id)."""
    korean, name = _korean(field), field.name.lower()
    stem = name.split("_")[-1].rstrip("0123456789")
    if ("전일" in korean and ("종가" in korean or "현재가" in korean)) or "기준가" in korean or stem == "sdpr":
        return "base"
    if "상한가" in korean or stem == "mxpr":
        return "upper"
    if "하한가" in korean or stem == "llam":
        return "lower"
    if "매도호가" in korean or stem == "askp":
        return "ask"
    if "매수호가" in korean or stem == "bidp":
        return "bid"
    if ("시가" in korean and not any(word in korean for word in ("총액", "평가", "시가율"))) or stem == "oprc":
        return "open"
    if "고가" in korean or stem == "hgpr":
        return "high"
    if "저가" in korean or stem == "lwpr":
        return "low"
    if "현재가" in korean or "종가" in korean or stem in ("prpr", "clpr", "last"):
        return "close"
    return "other"


def _level(row: Row, role: str, field: catalog.Field):
    bar = row.bar
    if role in ("open", "high", "low", "close", "base"):
        return getattr(bar, role)
    if role in ("upper", "lower") and row.on_grid:
        upper, lower = price_limits(int(bar.base))
        return upper if role == "upper" else lower
    if role in ("upper", "lower"):
        return bar.base * (Decimal("1.3") if role == "upper" else Decimal("0.7"))
    digits = re.search(r"([0-9]+)$", field.name)
    depth = int(digits[1]) if digits else 1
    if role in ("ask", "bid") and row.on_grid:
        price = int(bar.close)
        for _ in range(depth if role == "ask" else depth - 1):
            price = price + krx_tick_size(price) if role == "ask" else max(price - krx_tick_size(price - 1), 1)
        return price
    if role in ("ask", "bid"):
        step = bar.close * Decimal("0.001") * depth
        return bar.close + step if role == "ask" else bar.close - step + bar.close * Decimal("0.001")
    share = _draw(field, row, 0, 1)
    between = bar.low + (bar.high - bar.low) * share
    if row.on_grid:
        tick = krx_tick_size(int(between))
        return max(int(between) // tick * tick, 1)
    return between


def _price(field, shape: FieldShape, row: Row, ask, written) -> str:
    if row.bar is None:
        return fixed(_draw(field, row, 1_000, 100_000), shape.places)
    return fixed(_level(row, price_role(field), field), shape.places)


def _change(field, shape: FieldShape, row: Row, ask, written) -> str:
    korean = _korean(field)
    if any(word in korean for word in ("수량", "잔량", "거래량")):
        return fixed(int(_draw(field, row, -5_000, 5_000)), shape.places)
    if row.bar is None:
        return fixed(_draw(field, row, -500, 500), shape.places)
    if "전일" in korean or field.name.lower() in ("prdy_vrss", "diff"):
        return fixed(row.bar.close - row.bar.base, shape.places)
    swing = row.bar.close * (_draw(field, row, -0.03, 0.03))
    if row.on_grid:
        tick = krx_tick_size(int(row.bar.close))
        return fixed(int(swing / tick) * tick, shape.places)
    return fixed(swing, shape.places)


def _sign(field, shape: FieldShape, row: Row, ask, written) -> str:
    if row.bar is None:
        return "3"  # 보합
    if row.on_grid:
        return change_sign(int(row.bar.close), int(row.bar.base))
    return "2" if row.bar.close > row.bar.base else "5" if row.bar.close < row.bar.base else "3"


def _rate(field, shape: FieldShape, row: Row, ask, written) -> str:
    korean, name = _korean(field), field.name.lower()
    if (
        row.bar is not None
        and row.bar.base
        and (name.endswith("prdy_ctrt") or korean.endswith(("전일대비율", "등락율", "등락률")))
    ):
        return fixed((Decimal(row.bar.close) - Decimal(row.bar.base)) / Decimal(row.bar.base) * 100, shape.places)
    if "환율" in korean:
        return fixed(_draw(field, row, 1_300, 1_450), shape.places)
    if _signed(field):
        return fixed(_draw(field, row, -10, 10), shape.places)
    return fixed(_draw(field, row, 0, 50), shape.places)


# -- quantities and amounts --------------------------------------------------------------------------
def _is_volume(field: catalog.Field) -> bool:
    stem = field.name.lower().split("_")[-1].rstrip("0123456789")
    return stem == "vol" or "거래량" in _korean(field)


def _accumulated(field: catalog.Field) -> bool:
    return "누적" in _korean(field) or field.name.lower().startswith("acml")


def _quantity(field, shape: FieldShape, row: Row, ask, written) -> str:
    if row.bar is not None and _is_volume(field):
        whole = int(row.bar.volume)
        return fixed(whole if _accumulated(field) else int(whole * _draw(field, row, 0.001, 0.05)), shape.places)
    korean = _korean(field)
    high = 50_000 if "잔량" in korean else 5_000_000_000 if "주식수" in korean or "상장주수" in korean else 1_000
    low = -high if _signed(field) else (0 if "잔량" in korean else 1)
    return fixed(int(_draw(field, row, low, high)), shape.places)


def _amount(field, shape: FieldShape, row: Row, ask, written) -> str:
    name, korean = field.name.lower(), _korean(field)
    stem = name.split("_")[-1].rstrip("0123456789")
    if row.bar is not None and (stem == "pbmn" or "거래대금" in korean):
        whole = int(row.bar.turnover)
        return fixed(whole if _accumulated(field) else int(whole * _draw(field, row, 0.001, 0.05)), shape.places)
    if _signed(field) or any(word in korean for word in ("수수료", "세금", "세액", "제비용")):
        scale = Decimal(row.bar.close) if row.bar is not None else Decimal(10_000)
        return fixed(scale * _draw(field, row, -200 if _signed(field) else 0, 200), shape.places)
    quantity, price = _last_of(written, ask, row, "quantity"), _last_of(written, ask, row, "price")
    if quantity is not None and price is not None:  # 체결금액 after 체결수량 and its price: their product
        return fixed(quantity * price, shape.places)
    price = Decimal(row.bar.close) if row.bar is not None else Decimal(10_000)
    return fixed(price * _draw(field, row, 1, 1_000), shape.places)


def _last_of(written: Mapping[str, str], ask: Ask, row: Row, kind: str) -> Decimal | None:
    """The value of the last field of ``kind`` written so far in the row (None when there is none)."""
    kinds = kinds_of(ask.api)
    for name in reversed(list(written)):
        if kinds.get(name) == kind and written[name]:
            try:
                return Decimal(written[name])
            except ArithmeticError:
                return None
    return None


def _count(field, shape: FieldShape, row: Row, ask, written) -> str:
    return fixed(int(_draw(field, row, 0, min(100, _room(shape)))), shape.places)


def _number(field, shape: FieldShape, row: Row, ask, written) -> str:
    low, high = (500, 3_000) if "지수" in _korean(field) else (-100, 100) if _signed(field) else (0, 1_000)
    return fixed(_draw(field, row, low, min(high, _room(shape))), shape.places)


def _room(shape: FieldShape) -> int:
    """The largest whole number a short field holds (width 1: 9; "소수점자리수" fields are 1 long)."""
    return 10**shape.width - 1 if shape.width is not None and shape.width <= 3 and not shape.places else 10**9


# ---------------------------------------------------------------------------------------------------
# Days, times, codes and text
# ---------------------------------------------------------------------------------------------------
def _date(field, shape: FieldShape, row: Row, ask, written) -> str:
    example = shape.example or ""
    separator = example[4] if len(example) == 10 and example[4] in "-/." else ""
    return row.day.strftime(f"%Y{separator}%m{separator}%d")


def _time(field, shape: FieldShape, row: Row, ask, written) -> str:
    text = row.time.strftime("%H%M%S")
    return text[:4] if shape.width == 4 else text


def _datetime(field, shape: FieldShape, row: Row, ask, written) -> str:
    text = row.time.strftime("%Y%m%d%H%M%S") + "000"
    size = len(shape.example) if shape.example and shape.example.isdigit() else min(shape.width or 14, 17)
    return text[:size]


def _yn(field, shape: FieldShape, row: Row, ask, written) -> str:
    return shape.example if shape.example in ("Y", "N") else "N"


def _code(field, shape: FieldShape, row: Row, ask, written) -> str:
    if shape.example is not None and (not shape.codes or shape.example in dict(shape.codes)):
        return shape.example
    return next((code for code, label in shape.codes if not is_all_code(code, label)), "")


def _symbol(field, shape: FieldShape, row: Row, ask, written) -> str:
    return row.symbol


def _symbol_name(field, shape: FieldShape, row: Row, ask, written) -> str:
    return row.name


def _name(field, shape: FieldShape, row: Row, ask, written) -> str:
    """The label of the code field this name belongs to (``ord_dvsn_name`` → ``ord_dvsn_cd``), else the sheet's
    example value, else ""."""
    base = field.name.rsplit("_", 1)[0]
    for code_field in (base, f"{base}_cd", f"{base}_code", f"{base}_cls_code"):
        label = _label_of_code(ask.api, code_field, written.get(code_field))
        if label:
            return label
    return shape.example or ""


def _label_of_code(api: catalog.Api, code_field: str, code: str | None) -> str:
    """The description's label of ``code`` in the field ``code_field``: the response's own description, else
    the request field of the same name's (which often lists the codes the response leaves out), or ""."""
    if code is None:
        return ""
    for shapes in shapes_of(api).values():
        shape = shapes.get(code_field)
        if shape is not None and len(shape.codes) > 1:
            return shape.label_of(code)
    for item in api.request_fields:
        if item.name.lower() == code_field.lower():
            return dict(parse_codes(item.description, item.length)).get(code, "")
    return ""


def _digits(field, shape: FieldShape, row: Row, ask, written) -> str:
    width = shape.width or 10
    korean = _korean(field)
    if width == 5 and ("지점" in korean or "조직" in korean):
        return BRANCH_CODE
    return str(int(_draw(field, row, 1, 10 ** min(width, 10) - 1))).zfill(min(width, 10))


def _account(field, shape: FieldShape, row: Row, ask, written) -> str:
    return ask.value("CANO")


def _text(field, shape: FieldShape, row: Row, ask, written) -> str:
    return ""


def _key(field, shape: FieldShape, row: Row, ask, written) -> str:
    """A key (접속키, 뉴스키): hex digits drawn from the row, UUID-shaped where the field is long enough; an
    이전조회KEY (a previous-page key) is blank: there is no earlier page. # sandbox's choice"""
    if "이전" in _korean(field):
        return ""
    digits = hashlib.blake2b(f"{row.key}\x1f{field.name}".encode(), digest_size=16).hexdigest()
    if (shape.width or 36) >= 36:
        return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:32]}"
    return digits[: min(shape.width or 20, 20)]


def _rank(field, shape: FieldShape, row: Row, ask, written) -> str:
    return str(row.index + 1)


_MAKERS = {
    "price": _price,
    "change": _change,
    "sign": _sign,
    "rate": _rate,
    "quantity": _quantity,
    "amount": _amount,
    "count": _count,
    "number": _number,
    "date": _date,
    "time": _time,
    "datetime": _datetime,
    "yn": _yn,
    "code": _code,
    "symbol": _symbol,
    "symbol_name": _symbol_name,
    "name": _name,
    "digits": _digits,
    "account": _account,
    "rank": _rank,
    "key": _key,
    "text": _text,
}
