"""What each catalogued response field holds, read from the workbook: its kind, its decimals, its codes.

The workbook types every field "string" and says nothing more about its shape. But KIS names fields
systematically, in English abbreviations and in Korean (``stck_clpr`` 주식 종가, ``acml_vol`` 누적 거래량,
``prdy_vrss_sign`` 전일 대비 부호), its descriptions list the codes a field holds ("00 : 전체 / 01 : 매도 /
02 : 매수"), and the sheets' own response examples show how each number is written ("2.81", "128000").
:func:`shape_of` reads all three, so the sandbox can answer any API with values of the right shape::

    shape = shape_of(catalog.find("주식현재가 일자별"), "output", "prdy_ctrt")
    shape.kind, shape.places        # ('rate', 2): a percentage with two decimals, as the example writes it

Kinds (:data:`KINDS`): dates (YYYYMMDD), times (HHMMSS), Y/N flags, 부호 (sign codes 1–5), codes (from the
description's list, else the example's value), symbols, names, prices, changes (대비, 증감), quantities,
amounts, counts, rates, other numbers, numbers such as 주문번호 (digits of the field's length), and free text.
Reading a name is a heuristic: the sandbox's choice, checked by tests over the whole catalog (every field gets
a kind; the workbook's examples, where they exist, agree with the kind's shape).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kislearn import catalog

KINDS = (
    "envelope", "ctx", "yn", "sign", "date", "time", "datetime", "code", "symbol", "symbol_name", "name",
    "price", "change", "quantity", "amount", "count", "rate", "number", "digits", "account", "rank", "key", "text",
)  # fmt: skip
NUMERIC_KINDS = frozenset({"price", "change", "quantity", "amount", "count", "rate", "number"})
ENVELOPE = frozenset({"rt_cd", "msg_cd", "msg1"})

# English abbreviations at the end of a field id (KIS's naming), by kind.
_LAST_TOKENS = {
    "yn": {"yn"},
    "sign": {"sign"},
    "date": {"dt", "date", "ymd", "dd"},
    "time": {"tmd", "time", "hour", "hms"},
    "datetime": {"dtime"},
    "rate": {"rate", "rt", "ctrt", "inrt", "tnrt", "exrt", "dprt", "ert", "prpt", "rt1", "vltl"},
    "code": {"cd", "code", "dvsn", "tp", "cls", "gb"},
    "symbol": {"pdno", "iscd", "symb", "shcd"},
    "name": {"name", "nm", "isnm", "name1", "name2"},
    "price": {"prpr", "oprc", "hgpr", "lwpr", "clpr", "mxpr", "llam", "sdpr", "pric", "prc", "price", "unpr",
              "bidp", "askp", "cnpr", "sspr", "fcam", "stpr", "avrg"},
    "change": {"vrss", "icdc"},
    "quantity": {"qty", "vol", "rsqn", "stcn", "cnqn", "qntt", "stqt"},
    "amount": {"amt", "pbmn", "fee", "tlex", "cash", "avls", "ttam", "chgs", "pfls", "smtl", "rfee", "tax",
               "cptl", "tota"},
    "count": {"cnt", "nmix", "csnu"},
    "number": {"val", "idx", "nav", "prfi", "mgna", "rmnd", "dfpa"},
    "rank": {"rank"},
}  # fmt: skip
# Korean name endings (spaces removed), by kind, checked in this order.
_KOREAN_ENDINGS = (
    ("yn", ("여부",)),
    ("sign", ("부호",)),
    ("datetime", ("일시",)),
    ("date", ("일자", "날짜", "년월일", "기준일", "상장일", "등록일", "만기일", "결제일", "매매일", "주문일", "체결일",
              "영업일", "거래일", "지급일", "상환일", "발행일")),
    ("time", ("시간", "시각")),
    ("rate", ("율", "률", "비율", "비중", "(%)")),
    ("symbol", ("종목코드", "상품번호", "종목번호", "단축코드", "단축상품번호", "표준상품번호", "심볼")),
    ("account", ("계좌번호",)),
    ("digits", ("주문번호", "번호")),
    ("rank", ("순위",)),
    ("code", ("코드", "구분", "유형", "등급", "상태")),
    ("name", ("명", "이름", "명칭")),
    ("change", ("대비", "증감", "등락")),
    ("quantity", ("수량", "거래량", "잔량", "주식수", "체결량", "주수", "상장주수")),
    ("amount", ("금액", "대금", "수수료", "세금", "세액", "비용", "총액", "금", "손익", "평가액", "예수금", "자산", "잔고")),
    ("price", ("가격", "단가", "호가", "현재가", "시가", "고가", "저가", "종가", "상한가", "하한가", "기준가", "평균가",
               "대용가", "주가", "행사가", "가")),
    ("count", ("건수", "횟수", "개수", "회수")),
    ("number", ("지수", "값", "배수", "점수")),
)  # fmt: skip
# Korean names of a symbol's own name (not a code's or a sector's).
_SYMBOL_NAMES = ("종목명", "상품명", "종목한글명", "종목단축명", "상품약어명", "종목약어명")
_ALL_LABELS = ("전체", "ALL", "all", "없음")

_CODE_FIRST = re.compile(r"^'?([0-9]{1,4}|[A-Z]{1,3})'?\s*(?::|：|\.|=)\s*(\S.*)$")
_CODE_SPACE = re.compile(r"^([0-9]{1,4}|[A-Z]{1,3})[\t ]+(\S.*)$")
_CODE_LAST = re.compile(r"^(\S.*?)\t+([0-9]{1,4}|[A-Z]{1,3})$")
_INLINE = re.compile(
    r"(?:(?<=\s)|^)'?([0-9]{1,4}|[A-Z]{1,3})'?\s*:\s*([^\s:/,][^:/,]*?)(?=\s+'?(?:[0-9]{1,4}|[A-Z]{1,3})'?\s*:|$)"
)
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


@dataclass(frozen=True)
class FieldShape:
    """How one field's value is written: its ``kind`` (see :data:`KINDS`), ``places`` decimals for numbers,
    the ``codes`` it may hold (``(code, label)`` pairs) and ``width`` (the documented length, or None)."""

    kind: str
    places: int = 0
    codes: tuple[tuple[str, str], ...] = ()
    width: int | None = None
    example: str | None = None  # the workbook's example value, where its response example shows one

    @property
    def is_number(self) -> bool:
        return self.kind in NUMERIC_KINDS

    def label_of(self, code: str) -> str:
        """The description's label of one of the field's codes, or ""."""
        return next((label for value, label in self.codes if value == code), "")


def parse_codes(description: str, width: int | None = None) -> tuple[tuple[str, str], ...]:
    """The ``(code, label)`` pairs a description lists — "00 : 전체 / 01 : 매도", "J:KRX, NX:NXT",
    "1\\t유상\\n2\\t무상", "01.정상", "1:정적 2:동적" — or () when it lists fewer than two (or codes longer than
    the field)."""
    found: list[tuple[str, str]] = []
    for line in re.split(r"\n|/|,|;", description):
        segment = line.strip()
        if not segment:
            continue
        inline = _INLINE.findall(segment)
        if len(inline) > 1:
            found.extend((code, label.strip()) for code, label in inline)
            continue
        for pattern, order in ((_CODE_FIRST, (1, 2)), (_CODE_SPACE, (1, 2)), (_CODE_LAST, (2, 1))):
            match = pattern.match(segment)
            if match:
                found.append((match[order[0]], match[order[1]].strip()))
                break
    seen: dict[str, str] = {}
    for code, label in found:
        seen.setdefault(code, label)  # each code once, with its first label
    if len(seen) < 2 or (width is not None and any(len(code) > width for code in seen)):
        return ()
    return tuple(seen.items())


def _tokens(name: str) -> tuple[str, str]:
    """The field id's last token, with and without trailing digits: ``"askp_rsqn10"`` → ``("rsqn10", "rsqn")``."""
    last = name.lower().split("_")[-1]
    return last, last.rstrip("0123456789") or last


def kind_of(field: catalog.Field, example: str | None = None) -> str:
    """The kind of a field, from its id, its Korean name (spaces and a trailing number dropped), its length and
    its example value."""
    name = field.name.lower()
    if name in ENVELOPE:
        return "envelope"
    if name.startswith("ctx_area_"):
        return "ctx"
    korean = "".join(field.korean.split()).rstrip("0123456789")
    last, stem = _tokens(name)
    if _is_symbol_name(korean) or name in ("prdt_name", "hts_kor_isnm", "prdt_abrv_name", "kor_isnm"):
        return "symbol_name"
    if stem.endswith("sign") or stem == "yn":  # the id's own suffix wins (some sheets name _sign fields "…대비")
        return "sign" if stem.endswith("sign") else "yn" if example in (None, "Y", "N") else "code"
    if korean.upper().endswith(("키", "KEY")):
        return "key"
    if korean.endswith("국가"):  # 거래국가: a country code, not a price (…가)
        return "code"
    found = next((kind for kind, endings in _KOREAN_ENDINGS if korean.endswith(endings)), None)
    if found is None:
        found = next((kind for kind, tokens in _LAST_TOKENS.items() if last in tokens or stem in tokens), "text")
    if found == "name" and stem in _LAST_TOKENS["code"]:
        found = "code"
    if found == "yn" and example is not None and example not in ("Y", "N"):
        found = "code"  # e.g. 매매여부 written "2"
    width = field.length
    if found == "date" and width is not None and width < 8:
        found = "text"
    if found == "time" and width is not None and width < 4:
        found = "text"
    if found == "text" and example and _NUMBER.fullmatch(example) and len(example) < 20:
        found = "number"
    if found in NUMERIC_KINDS and example and not _NUMBER.fullmatch(example.replace(",", "")):
        found = "name"  # the example shows words ("매수", an analyst's name): a label, whatever the name says
    return found


def _is_symbol_name(korean: str) -> bool:
    """종목명, 상품명, HTS한글종목명, 한글종목단축명 ... but not 업종명 or an English name (the samples have none)."""
    return any(part in korean for part in _SYMBOL_NAMES) and not any(part in korean for part in ("업종", "영문"))


def _places(kind: str, example: str | None, domestic: bool) -> int:
    if example and _NUMBER.fullmatch(example.strip()):
        return len(example.strip().split(".")[1]) if "." in example else 0
    if kind == "rate":
        return 2
    if kind in ("price", "change"):
        return 0 if domestic else 4
    if kind == "number":
        return 2
    return 0


def example_values(api: catalog.Api) -> dict[str, dict[str, str]]:
    """The sheet's response example as ``{place: {field: first non-empty value}}``; place ``"response"`` is
    the top level, the others are section names. Empty where the example does not parse."""
    parsed = api.examples.response
    found: dict[str, dict[str, str]] = {}
    if not isinstance(parsed, dict):
        return found

    def take(place: str, obj) -> None:
        rows = obj if isinstance(obj, list) else [obj]
        into = found.setdefault(place, {})
        for row in rows:
            if isinstance(row, dict):
                for key, value in row.items():
                    if isinstance(value, str) and value.strip() and key.lower() not in into:
                        into[key.lower()] = value.strip()

    take("response", {key: value for key, value in parsed.items() if not isinstance(value, (dict, list))})
    for key, value in parsed.items():
        if isinstance(value, (dict, list)):
            take(key.lower(), value)
    return found


@lru_cache(maxsize=512)
def shapes_of(api: catalog.Api) -> dict[str, dict[str, FieldShape]]:
    """Every response field's shape, ``{place: {field name: FieldShape}}`` (place as in :func:`example_values`)."""
    examples = example_values(api)
    domestic = api.path.startswith(("/uapi/domestic-", "/uapi/etfetn/", "/uapi/elw/"))  # prices in whole won
    places = [("response", api.response_fields)] + [(section.name, section.fields) for section in api.sections]
    shapes: dict[str, dict[str, FieldShape]] = {}
    for place, fields in places:
        into = shapes.setdefault(place, {})
        for field in fields:
            example = examples.get(place, {}).get(field.name.lower())
            kind = kind_of(field, example)
            codes = parse_codes(field.description, field.length) if kind in ("code", "sign", "yn", "text") else ()
            if kind == "text" and codes:
                kind = "code"
            if kind == "code" and not codes and example is not None and len(example) <= (field.length or 99):
                codes = ((example, ""),)
            places_ = _places(kind, example, domestic) if kind in NUMERIC_KINDS else 0
            into[field.name] = FieldShape(kind, places_, codes, field.length, example)
    return shapes


@lru_cache(maxsize=512)
def kinds_of(api: catalog.Api) -> dict[str, str]:
    """``{field name: kind}`` over every response place of the API (a name's kind is the same everywhere)."""
    return {name: shape.kind for shapes in shapes_of(api).values() for name, shape in shapes.items()}


def shape_of(api: catalog.Api, place: str, name: str) -> FieldShape:
    """One field's shape (``place`` is ``"response"`` for the top level, else a section name)."""
    return shapes_of(api)[place][name]


def is_all_code(code: str, label: str) -> bool:
    """True for a code that means "everything" (전체, ALL): not a value an answer's row holds."""
    return label.strip().startswith(_ALL_LABELS) or code in ("", "ALL")
