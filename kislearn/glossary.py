"""The field glossary: what every field of 주식잔고조회 and 주식현재가 시세 means.

KIS answers with short English-looking field ids (``dnca_tot_amt``, ``prvs_rcdl_excc_amt``...). They are
abbreviations of the official KOREAN names, so guessing from the English letters goes wrong easily. The
glossary gives each field its official name (exactly as in the KIS specification), an English gloss, a
plain Korean explanation, the unit and the type, and, for output2, the common wrong guess and why it is wrong.

    from kislearn.glossary import field, lookup, glossary_frame
    field("prvs_rcdl_excc_amt").meaning     # D+2 예수금 ...
    [f.field for f in lookup("예수금")]      # ['dnca_tot_amt', 'nxdy_excc_amt', ...]
    glossary_frame("output2")               # a table for the notebook

The data lives in ``kislearn/data/glossary.json`` (one entry per field; read with importlib.resources, so it
also works from an installed package). Sections: ``"output1"`` (one row per holding), ``"output2"`` (the
account summary) and ``"price"`` (the ``output`` of 주식현재가 시세; only the fields the course uses).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd

from .errors import InvalidArgumentError

SECTIONS = ("output1", "output2", "price")
SECTION_TITLES = {
    "output1": "주식잔고조회 output1 (보유 종목, holdings)",
    "output2": "주식잔고조회 output2 (계좌 요약, summary)",
    "price": "주식현재가 시세 output (quote)",
}
TYPES = ("int", "decimal", "text", "date", "code")
TYPE_LABELS = {  # how the 형식 column of glossary_frame shows a type
    "int": "정수 (int)",
    "decimal": "소수 (decimal)",
    "text": "문자열 (text)",
    "date": "날짜 YYYYMMDD (date)",
    "code": "코드 (code)",
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

    - ``section``: ``"output1"``, ``"output2"`` or ``"price"``
    - ``field``: the id KIS sends, e.g. ``"dnca_tot_amt"``
    - ``official_name``: the Korean name in the official specification, e.g. ``"예수금총금액"``
    - ``english``: a short English gloss
    - ``meaning``: a plain Korean explanation
    - ``unit``: ``"원"``, ``"주"``, ``"%"``, ... (see UNITS); ``type``: ``"int"``, ``"decimal"``, ``"text"``,
      ``"date"`` or ``"code"``. KIS sends every value as a string; ``type`` says what the string holds.
    - ``common_guess`` / ``why_wrong``: output2 only — a widespread wrong guess and the correction
      (both empty when the usual guess is right).
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

    @property
    def is_number(self) -> bool:
        """True for ``int`` and ``decimal`` fields."""
        return self.type in ("int", "decimal")

    def describe(self) -> str:
        """A few lines for print(): id, names, unit, meaning and the correction of the common guess."""
        lines = [
            f"{self.field} — {self.official_name} ({self.english}) [{SECTION_TITLES[self.section]}]",
            f"  단위: {self.unit}, 형식: {TYPE_LABELS[self.type]}",
            f"  {self.meaning}",
        ]
        if self.common_guess:
            lines.append(f"  흔한 추측(틀림): {self.common_guess} → {self.why_wrong}")
        return "\n".join(lines)


def _check_entry(index: int, entry: dict) -> Field:
    """Build a Field from one JSON entry, with a clear error when the file is broken."""
    try:
        item = Field(**entry)
    except TypeError as error:
        raise InvalidArgumentError(f"glossary.json {index}번째 항목의 키가 잘못되었습니다: {error}") from None
    if item.section not in SECTIONS or item.type not in TYPES or item.unit not in UNITS:
        raise InvalidArgumentError(
            f"glossary.json의 {item.field} 항목: section/type/unit 값이 잘못되었습니다 "
            f"({item.section!r}, {item.type!r}, {item.unit!r})"
        )
    return item


@lru_cache(maxsize=1)
def _load() -> tuple:
    """Read glossary.json once (cached)."""
    text = resources.files("kislearn").joinpath("data").joinpath("glossary.json").read_text(encoding="utf-8")
    return tuple(_check_entry(index, entry) for index, entry in enumerate(json.loads(text)))


def load_glossary() -> list:
    """Every glossary entry as a list of :class:`Field`, in the official order of each section.

    The file is read once and cached; each call returns a new list, so changing it is harmless.
    """
    return list(_load())


def _check_section(section: str | None) -> None:
    if section is not None and section not in SECTIONS:
        raise InvalidArgumentError(f"section은 {', '.join(SECTIONS)} 가운데 하나여야 합니다 (받은 값: {section!r})")


def fields_of(section: str) -> list:
    """The entries of one section, in the official field order."""
    _check_section(section)
    return [item for item in _load() if item.section == section]


def lookup(text: str, section: str | None = None) -> list:
    """Search the glossary (case-insensitive) in field ids, official names, English names and meanings.

    Best matches first: an exact field id, then an exact official name, then ids, official names, English
    names and finally meanings that contain ``text``. ``lookup("dnca")`` and ``lookup("예수금")`` both find
    ``dnca_tot_amt``. Returns an empty list when nothing matches.
    """
    query = str(text).strip().casefold()
    if not query:
        raise InvalidArgumentError("검색어가 비어 있습니다. 예: lookup('예수금') 또는 lookup('dnca')")
    _check_section(section)

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

    Raises :class:`~kislearn.errors.InvalidArgumentError` (with close matches as suggestions) when the id is
    not in the glossary, or not in ``section`` when one is given.
    """
    _check_section(section)
    key = str(name).strip().lower()
    candidates = [item for item in _load() if section is None or item.section == section]
    for item in candidates:
        if item.field == key:
            return item

    where = f"{section} 섹션에" if section else "용어집에"
    message = f"{name!r} 필드는 {where} 없습니다."
    if key in ENVELOPE_FIELDS:
        message += f" {key}: {ENVELOPE_FIELDS[key]}"
    elif section is not None and any(item.field == key for item in _load()):
        other = next(item.section for item in _load() if item.field == key)
        message += f" 이 필드는 {other} 섹션에 있습니다: field({key!r}, section={other!r})"
    else:
        close = difflib.get_close_matches(key, [item.field for item in candidates], n=3, cutoff=0.6)
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
