"""The field glossary: what every field of 주식잔고조회 and 주식현재가 시세 means, and what the official
specification says of every other field of every API.

KIS answers with short English-looking field ids (``dnca_tot_amt``, ``prvs_rcdl_excc_amt``...). They are
abbreviations of the official KOREAN names, so guessing from the English letters goes wrong easily. The
glossary gives each field its official name (exactly as in the KIS specification), an English gloss, a
plain Korean explanation, the unit and the type, and, for output2, the common wrong guess and why it is wrong.

    from kislearn.glossary import field, lookup, glossary_frame
    field("prvs_rcdl_excc_amt").meaning     # D+2 예수금 ...
    [f.field for f in lookup("예수금")]      # ['dnca_tot_amt', 'nxdy_excc_amt', ...]
    glossary_frame("output2")               # a table for the notebook

The hand-written entries live in ``kislearn/data/glossary.json`` (one entry per field; read with
importlib.resources, so it also works from an installed package): the English gloss, the explanation, the unit
and the common wrong guess. The field's official name comes from the API catalog (:mod:`kislearn.catalog`, the
one home of every field's name, official name, type and length) and its type (int, decimal, date) from the
value formats (:mod:`kislearn.consistency.formats`). Sections: ``"output1"`` (one row per holding),
``"output2"`` (the account summary) and ``"price"`` (the ``output`` of 주식현재가 시세; only the fields the
course uses).

Every other request or response field of the official workbook (kislearn.catalog) has a ``"workbook"`` entry:
its official Korean name, its type and length, the workbook's own description — marked as such, not
rewritten — and the APIs it appears in. ``field()`` and ``lookup()`` answer with those after the
hand-written entries, which always win::

    field("ord_psbl_cash").official_name    # '주문가능현금' (section "workbook", source "workbook")
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .errors import InvalidArgumentError

if TYPE_CHECKING:
    import pandas as pd

SECTIONS = ("output1", "output2", "price")  # the hand-written entries
WORKBOOK = "workbook"  # the section of the entries taken from the official workbook (kislearn.catalog)
SECTION_TITLES = {
    "output1": "주식잔고조회 output1 (보유 종목, holdings)",
    "output2": "주식잔고조회 output2 (계좌 요약, summary)",
    "price": "주식현재가 시세 output (quote)",
    WORKBOOK: "공식 명세(workbook)의 항목",
}
MAX_PLACES = 5  # how many of the APIs a workbook entry appears in its meaning names
TYPES = ("int", "decimal", "text", "date", "code")
TYPE_LABELS = {  # how the 형식 column of glossary_frame shows a type
    "int": "정수 (int)",
    "decimal": "소수 (decimal)",
    "text": "문자열 (text)",
    "date": "날짜 YYYYMMDD (date)",
    "code": "코드 (code)",
    "string": "문자열 (공식 명세의 Type: string)",  # workbook entries: the workbook's own type
    "number": "숫자 (공식 명세의 Type: number)",
    "object": "객체 (공식 명세의 Type: object)",
}
# 억원 (hundred million won) and 배 (times) are needed for hts_avls/cpfn and per/pbr.
UNITS = ("원", "억원", "주", "%", "배", "코드", "날짜", "문자", "Y/N")

# Keys of the answer that are NOT fields of output1/output2/output: the envelope around them.
# Used to give a helpful error for e.g. field("rt_cd"), which some guides list among output2.
ENVELOPE_FIELDS = {
    "rt_cd": '성공 실패 여부: "0"이면 성공입니다. output2 안의 필드가 아니라 응답 전체(envelope)의 값입니다.',
    "msg_cd": "응답코드(예: KIOK0510): output 안이 아니라 응답 전체(envelope)의 값입니다.",
    "msg1": "응답메세지: output 안이 아니라 응답 전체(envelope)의 값입니다.",
    "ctx_area_fk100": "연속조회검색조건100: 다음 페이지를 요청할 때 쓰는 응답 전체(envelope)의 값입니다.",
    "ctx_area_nk100": "연속조회키100: 다음 페이지를 요청할 때 쓰는 응답 전체(envelope)의 값입니다.",
}


@dataclass(frozen=True)
class Field:
    """One field of a KIS answer, explained.

    - ``section``: ``"output1"``, ``"output2"`` or ``"price"`` (hand-written), or ``"workbook"``
    - ``field``: the id KIS sends, e.g. ``"dnca_tot_amt"``
    - ``official_name``: the Korean name in the official specification, e.g. ``"예수금총금액"``
    - ``english``: a short English gloss
    - ``meaning``: a plain Korean explanation
    - ``unit``: ``"원"``, ``"주"``, ``"%"``, ... (see UNITS); ``type``: ``"int"``, ``"decimal"``, ``"text"``,
      ``"date"`` or ``"code"``. KIS sends every value as a string; ``type`` says what the string holds.
    - ``common_guess`` / ``why_wrong``: output2 only — a widespread wrong guess and the correction
      (both empty when the usual guess is right).
    - ``source``: ``"course"`` (hand-written for the lessons) or ``"workbook"`` (the official workbook's own
      words: ``meaning`` quotes its description, ``unit`` is ``""``, ``type`` is the workbook's Type, and
      ``apis`` names where the field appears).
    """

    section: str
    field: str
    official_name: str
    english: str
    meaning: str
    unit: str
    type: str
    common_guess: str = ""
    why_wrong: str = ""
    source: str = "course"
    apis: tuple = ()

    @property
    def is_number(self) -> bool:
        """True for ``int`` and ``decimal`` fields."""
        return self.type in ("int", "decimal")

    def describe(self) -> str:
        """A few lines for print(): id, names, unit, meaning and the correction of the common guess."""
        if self.source == WORKBOOK:
            return "\n".join(
                [
                    f"{self.field} — {self.official_name} [{SECTION_TITLES[WORKBOOK]}]",
                    f"  형식: {TYPE_LABELS.get(self.type, self.type)}",
                    f"  {self.meaning}",
                    "  (쉬운 설명은 수업에서 쓰는 필드에만 있습니다. 위 설명은 공식 명세의 글 그대로입니다.)",
                ]
            )
        lines = [
            f"{self.field} — {self.official_name} ({self.english}) [{SECTION_TITLES[self.section]}]",
            f"  단위: {self.unit}, 형식: {TYPE_LABELS[self.type]}",
            f"  {self.meaning}",
        ]
        if self.common_guess:
            lines.append(f"  흔한 추측(틀림): {self.common_guess} → {self.why_wrong}")
        return "\n".join(lines)


# Where each hand-written section's fields are documented: (API, response section) in the API catalog.
SECTION_SOURCES = {
    "output1": ("주식잔고조회", "output1"),
    "output2": ("주식잔고조회", "output2"),
    "price": ("주식현재가 시세", "output"),
}


def value_type(section: str, name: str, unit: str) -> str:
    """A hand-written field's type: ``int``, ``decimal`` or ``date`` as :mod:`kislearn.consistency.formats`
    writes it, else ``code`` (unit 코드 or Y/N) or ``text``."""
    from .consistency import formats

    written = {"output1": formats.OUTPUT1_FORMATS, "output2": formats.OUTPUT2_FORMATS, "price": formats.PRICE_FORMATS}[
        section
    ].get(name)
    if written in ("int", "date"):
        return written
    if isinstance(written, int):
        return "decimal"
    return "code" if unit in ("코드", "Y/N") else "text"


def _check_entry(index: int, entry: dict, official: dict) -> Field:
    """Build a Field from one JSON entry — its official name from the API catalog, its type from the value
    formats — with a clear error when the file is broken."""
    section, name = entry.get("section"), entry.get("field")
    if section not in SECTIONS:
        raise InvalidArgumentError(f"glossary.json {index}번째 항목: section 값이 잘못되었습니다 ({section!r})")
    if name not in official[section]:
        api, place = SECTION_SOURCES[section]
        raise InvalidArgumentError(f"glossary.json의 {name!r} 항목: 공식 명세의 {api} {place}에 없는 필드입니다")
    try:
        item = Field(**entry, official_name=official[section][name], type=value_type(section, name, entry.get("unit")))
    except TypeError as error:
        raise InvalidArgumentError(f"glossary.json {index}번째 항목의 키가 잘못되었습니다: {error}") from None
    if item.unit not in UNITS:
        raise InvalidArgumentError(f"glossary.json의 {item.field} 항목: unit 값이 잘못되었습니다 ({item.unit!r})")
    return item


@lru_cache(maxsize=1)
def _load() -> tuple:
    """Read glossary.json once (cached)."""
    from .consistency.fields import official_names  # the API catalog: read once, on first use

    text = resources.files("kislearn").joinpath("data").joinpath("glossary.json").read_text(encoding="utf-8")
    official = {section: official_names(*source) for section, source in SECTION_SOURCES.items()}
    return tuple(_check_entry(index, entry, official) for index, entry in enumerate(json.loads(text)))


def load_glossary() -> list:
    """Every glossary entry as a list of :class:`Field`, in the official order of each section.

    The file is read once and cached; each call returns a new list, so changing it is harmless.
    """
    return list(_load())


def _check_section(section: str | None, workbook: bool = False) -> None:
    allowed = (*SECTIONS, WORKBOOK) if workbook else SECTIONS
    if section is not None and section not in allowed:
        raise InvalidArgumentError(f"section은 {', '.join(allowed)} 가운데 하나여야 합니다 (받은 값: {section!r})")


@lru_cache(maxsize=1)
def _workbook_entries() -> dict:
    """``{field id (case-folded): Field}`` for every catalog field the hand-written glossary lacks."""
    from . import catalog  # read on first use only

    written = {item.field.casefold() for item in _load()}
    entries = {}
    for key in catalog.field_names():
        if key in written or key in ENVELOPE_FIELDS:
            continue
        entries[key] = workbook_entry(catalog.field(key))
    return entries


def _any_workbook_entry(key: str) -> Field | None:
    """The workbook's entry of any catalog field, hand-written or not (None if no API has it)."""
    from . import catalog

    try:
        return workbook_entry(catalog.field(key))
    except catalog.CatalogError:
        return None


def workbook_entry(uses) -> Field:
    """A glossary entry in the workbook's own words, from a field's uses (``kislearn.catalog.field(name)``).

    The official name is the one most APIs give; the description is the first the workbook writes (in its
    order), marked as the workbook's; ``apis`` lists every API the field appears in.
    """
    from .catalog import most_common_korean

    name = Counter(use.field.name for use in uses).most_common(1)[0][0]
    places = list(dict.fromkeys(f"{use.api.name} {use.place}" for use in uses))
    described = next((use for use in uses if use.field.description), None)
    if described is not None:
        meaning = f"공식 명세의 설명({described.api.name} {described.place}): {described.field.description}"
    else:
        meaning = "공식 명세에는 이름만 있고 설명이 없습니다."
    shown = ", ".join(places[:MAX_PLACES]) + (f" 외 {len(places) - MAX_PLACES}곳" if len(places) > MAX_PLACES else "")
    return Field(
        section=WORKBOOK,
        field=name,
        official_name=most_common_korean(uses),
        english="",
        meaning=f"{meaning} (쓰이는 곳: {shown})",
        unit="",
        type=Counter(use.field.type for use in uses).most_common(1)[0][0],
        source=WORKBOOK,
        apis=tuple(dict.fromkeys(use.api.name for use in uses)),
    )


def fields_of(section: str) -> list:
    """The entries of one section, in the official field order."""
    _check_section(section)
    return [item for item in _load() if item.section == section]


def lookup(text: str, section: str | None = None) -> list:
    """Search the glossary (case-insensitive) in field ids, official names, English names and meanings.

    Best matches first: an exact field id, then an exact official name, then ids, official names, English
    names and finally meanings that contain ``text``. ``lookup("dnca")`` and ``lookup("예수금")`` both find
    ``dnca_tot_amt``. The hand-written entries come first; without ``section`` (or with ``"workbook"``) the
    workbook entries whose id or official name matches follow them, e.g. ``lookup("ord_psbl_cash")``.
    Returns an empty list when nothing matches.
    """
    query = str(text).strip().casefold()
    if not query:
        raise InvalidArgumentError("검색어가 비어 있습니다. 예: lookup('예수금') 또는 lookup('dnca')")
    _check_section(section, workbook=True)
    written = [] if section == WORKBOOK else _lookup_written(query, section)
    return written + (_lookup_workbook(query) if section in (None, WORKBOOK) else [])


def _lookup_workbook(query: str) -> list:
    """Workbook entries whose id or official name is or contains ``query``, best first, in catalog order."""
    ranked = []
    for order, item in enumerate(_workbook_entries().values()):
        places = (item.field.casefold(), item.official_name.casefold())
        if query == places[0]:
            ranked.append((0, order, item))
        elif query == places[1]:
            ranked.append((1, order, item))
        elif query in places[0]:
            ranked.append((2, order, item))
        elif query in places[1]:
            ranked.append((3, order, item))
    return [item for _, _, item in sorted(ranked, key=lambda triple: triple[:2])]


def _lookup_written(query: str, section: str | None) -> list:
    """Hand-written entries matching ``query``, best first (see :func:`lookup`)."""

    def rank(item: Field) -> int | None:
        if item.field == query:
            return 0
        if item.official_name.casefold() == query:
            return 1
        places = (item.field, item.official_name.casefold(), item.english.casefold(), item.meaning.casefold())
        for place_rank, place in enumerate(places, start=2):
            if query in place:
                return place_rank
        return None

    ranked = []
    for order, item in enumerate(_load()):
        if section is not None and item.section != section:
            continue
        score = rank(item)
        if score is not None:
            ranked.append((score, order, item))
    return [item for _, _, item in sorted(ranked, key=lambda triple: triple[:2])]


def field(name: str, section: str | None = None) -> Field:
    """The glossary entry of one field id, e.g. ``field("dnca_tot_amt")``.

    A hand-written entry when there is one; otherwise (no ``section``, or ``section="workbook"``) the
    workbook's entry for any field of any API, e.g. ``field("ord_psbl_cash")``. ``section="workbook"`` gives
    the workbook's own words even for a hand-written field.

    Raises :class:`~kislearn.errors.InvalidArgumentError` (with close matches as suggestions) when the id is
    in neither, or not in ``section`` when one is given.
    """
    _check_section(section, workbook=True)
    key = str(name).strip().lower()
    candidates = [item for item in _load() if section is None or item.section == section]
    for item in candidates:
        if item.field == key:
            return item
    if section == WORKBOOK or (section is None and key not in ENVELOPE_FIELDS):
        entry = _workbook_entries().get(key) if section is None else _any_workbook_entry(key)
        if entry is not None:
            return entry

    where = f"{section} 섹션에" if section else "용어집에"
    message = f"{name!r} 필드는 {where} 없습니다."
    if key in ENVELOPE_FIELDS:
        message += f" {key}: {ENVELOPE_FIELDS[key]}"
    elif section is not None and any(item.field == key for item in _load()):
        other = next(item.section for item in _load() if item.field == key)
        message += f" 이 필드는 {other} 섹션에 있습니다: field({key!r}, section={other!r})"
    else:
        names = [item.field for item in candidates] + (list(_workbook_entries()) if section is None else [])
        close = difflib.get_close_matches(key, names, n=3, cutoff=0.6)
        if close:
            message += f" 혹시 이 필드인가요? {', '.join(close)}"
        message += f" (뜻으로 찾으려면 lookup({str(name)!r})을 써 보세요)"
    raise InvalidArgumentError(message)


# Korean column labels of glossary_frame, by Field attribute.
FRAME_COLUMNS = {
    "section": "구분",
    "field": "필드",
    "official_name": "공식 이름",
    "english": "영문",
    "meaning": "설명",
    "unit": "단위",
    "type": "형식",
    "common_guess": "흔한 추측",
    "why_wrong": "틀린 이유",
}


def glossary_frame(section: str | None = None) -> pd.DataFrame:
    """The glossary as a table with Korean column labels (필드, 공식 이름, 영문, 설명, 단위, 형식, ...).

    ``section`` limits it to ``"output1"``, ``"output2"`` or ``"price"`` (all sections when None, with a
    구분 column). The 흔한 추측 / 틀린 이유 columns appear only where there are corrections (output2).
    """
    import pandas as pd  # only here: the rest of the glossary (and the command line) works without pandas

    _check_section(section)
    items = [item for item in _load() if section is None or item.section == section]
    rows = [asdict(item) for item in items]
    for row in rows:
        row["type"] = TYPE_LABELS[row["type"]]
    columns = list(FRAME_COLUMNS)
    if section is not None:
        columns.remove("section")
    if not any(item.common_guess for item in items):
        columns.remove("common_guess")
        columns.remove("why_wrong")
    frame = pd.DataFrame(rows, columns=columns)
    return frame.rename(columns=FRAME_COLUMNS)
