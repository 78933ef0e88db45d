"""The API catalog: every API of the official KIS specification workbook, as data.

    from kislearn import catalog
    api = catalog.find("주식잔고조회")          # or "v1_국내주식-006", "/uapi/.../inquire-balance", "TTTC8434R"
    api.method, api.path, api.tr_id("paper")   # 'GET', '/uapi/domestic-stock/v1/trading/inquire-balance', 'VTTC8434R'
    [f.name for f in api.required_fields]      # ['CANO', 'ACNT_PRDT_CD', 'AFHR_FLPR_YN', ...]
    api.section("output2").is_list            # True
    catalog.field("ord_psbl_cash")[0].field.korean   # '주문가능현금'
    for api in catalog.apis("REST"): ...

The data is ``kislearn/catalog/data/apis.json`` (and ``examples.json``, the sheets' own examples), generated
by ``scripts/build_catalog.py`` from ``kis-openapi-spec-2026-04-12.xlsx`` and committed. It is read on first
use, once. This module is client-neutral: the client, the glossary and the sandbox all read it, and it
imports nothing heavier than :mod:`json`.

What the workbook holds
-----------------------
An index sheet, ``API 목록`` (순번, API 통신방식, 메뉴 위치, API 명, API ID, 실전/모의 TR_ID, HTTP Method,
URL 명, 실전/모의 Domain), and one sheet per API in the index's order: the same key/value rows, 개요 (a
summary), then a layout table — 구분 | Element | 한글명 | Type | Required | Length | Description — whose 구분
column names the part (Request Header, Request Query Parameter for GET or Request Body for POST, Response
Header, Response Body) on its first row only, then an Example part: "Request Example (Python)" and
"Response Example". 338 APIs: 278 REST (42 of them on paper too) and 60 WebSocket (the index's own labels
give the same totals, though four rows are mislabelled, two each way: see Protocol); 378 response sections; 11,182 request and response fields.

What it does irregularly, and what the catalog makes of it
----------------------------------------------------------
(Every API lists the irregularities met on its sheet in :attr:`Api.notes`; one-sheet corrections are in
``SHEET_FIXES`` of the generator, each with its reason.)

- **Names.** A sheet name cannot hold "/", so 16 sheets write "_" (``ETF_ETN 현재가``): the index's name is
  :attr:`Api.name`, the sheet's is :attr:`Api.sheet`; :func:`find` knows both.
- **Protocol.** Four index rows name the wrong one: 실시간 (웹소켓) 접속키 발급 (an HTTPS POST to
  /oauth2/Approval) and 회원사 실시간 매매동향(틱) (a GET of a /uapi path) are REST calls; 국내주식 장운영정보
  (통합)/(NXT) are WebSocket. :attr:`Api.protocol` follows the domain (``ws://`` = WebSocket); the text as
  written stays in :attr:`Api.as_written`.
- **Paper (모의투자).** The paper cells say "모의투자 미지원", "미지원", "미지", "제공 안함" or nothing; an API
  works on paper exactly when its paper domain is a URL (:attr:`Api.paper_supported`; the paper tr_id cell
  agrees wherever the API has tr_ids). One paper domain adds "(output3만 이용 가능)": kept as :attr:`Api.paper_remark`. One real
  domain is blank (NAV 비교추이(일)): the REST host of every other sheet is used.
- **tr_ids.** A cell may hold several ids with conditions: "(매도) TTTC0011U (매수) TTTC0012U",
  "(3개월이내) TTTC0081R (3개월이전) CTSC9215R", "TTTC2201R(기존 KRX만 가능), TTTC2210R (KRX,NXT/SOR)",
  "(구) JTCE6003R (신) CTFN7107R", or a remark without an id: "(아시아 국가 하단 규격서 참고)". Each id becomes
  a :class:`TrId` with its label; (구) ids are ``deprecated`` and name the id that replaces them; remarks stay
  in :meth:`Api.tr_id_remarks` and the cells as written in :attr:`Api.as_written`. The tr_id header's
  description then adds the ids a cell points to ("하단 규격서 참고": the Asian markets of 해외주식 주문 and
  해외주식 정정취소주문) and the old ids it lists ("(구)TTTC0802U → (신)TTTC0012U", which mojito2 still sends),
  nothing else (it also holds a typo, "TTS6059R"): 48 ids on 12 sheets, 24 of them old. Two WebSocket rows repeat another API's tr_id
  (일반채권 실시간호가, KRX야간옵션실시간체결통보): corrected to the id of their URL, which the official samples use.
- **Response sections.** A row named ``output``, ``output1``…, ``outblock1`` whose Type is object, object
  array or array opens a section; the rows below it are its fields until the next one. Whether a section is
  a list or one object: the sheet's own response example decides where it shows the section (the Type column
  contradicts the example on 37 sections of 33 sheets, e.g. 주식주문(현금)'s ``output`` is typed "object array" but is an
  object, as every real answer is); elsewhere the Type column ("object" = object, otherwise a list).
  :attr:`Section.shape_source` says which. "Output1" is read as ``output1`` (6 sheets; the official samples
  read lower-case keys). One sheet lists each section twice, old and new tr_id ((야간)선물옵션 증거금 상세): the
  later block, marked "신 TR 사용 필드", is kept.
- **Fields.** Cells are trimmed, line ends made ``\\n``, HTML entities decoded ("&gt;"), a lone " " read as
  empty, an Excel quote pair ('…') removed; Length is a number or None ("", " ", "null"); Required is "Y"/"N".
  rt_cd/msg1/ctx_area_* listed inside a section (해외주식 지정가주문번호조회) are top-level fields; ctx_area_*
  keys that the sheet's example shows but its layout leaves out (32 sheets) are added at the top level; a
  field typed object that opens no section (해외주식 체결기준현재잔고's thdt_buy_ccld_frcr_amt, whose own text
  says "Type: Object X String O") is a string; a "-" before response field names (선물옵션기간별시세) is
  dropped; fields listed twice in one place are kept once. Ranged request fields are expanded: "EXCD_01 ~
  10" → EXCD_01 … EXCD_10, "SRS_CD_02…" → SRS_CD_02 … up to the next row; only the first of such a family
  stays required, since the sheets' own text says "up to N". Hashkey's echoed body is ``BODY`` (an object),
  as its example shows, not the layout's "JsonBody".
- **WebSocket sheets** list their frame's fields in order, flat: :attr:`Api.response_fields`, no sections.
  A first field typed "object" is a string (frames are strings); fields listed twice stay where they are
  (frames are positional).
- **Paging.** ``tr_cont`` in a request header is documented either as paging ("N : 다음 데이터 조회") or as
  "tr_cont를 이용한 다음조회 불가 API". :attr:`Api.paging` names the continuation keys (request fields
  ``CTX_AREA_*`` and the response's lower-case twins) and whether the header documents paging. The
  official samples page on the response header (tr_cont F or M → ask again with tr_cont N), keys or not.
- **Examples** are often not JSON (``KEY:value`` lines, comments, cut short): :class:`Examples` keeps the
  text as written and a parsed form where it parses.

Counts of the 2026-04-12 workbook are checked by tests/test_catalog.py.
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from ..errors import InvalidArgumentError
from ..spec import FLAVOURS

PROTOCOLS = ("REST", "WEBSOCKET")
SHAPES = ("list", "object")


class CatalogError(InvalidArgumentError):
    """A catalog look-up found nothing, or more than one thing."""


@dataclass(frozen=True)
class Field:
    """One row of a sheet's layout: a header, a request field, a response field or a frame field."""

    name: str  # the Element, e.g. "CANO", "ord_psbl_cash"
    korean: str  # 한글명, the official Korean name, e.g. "주문가능현금"
    type: str  # as the workbook writes it: "string", "number" (WebSocket), "object" (Hashkey's body)
    length: int | None  # Length, or None where the sheet gives none
    required: bool  # Required "Y"
    description: str  # Description, "" where the sheet gives none


@dataclass(frozen=True)
class Section:
    """A part of a response body: ``output``, ``output1``, ... — a list of rows or one object."""

    name: str
    korean: str  # e.g. "응답상세1"
    shape: str  # "list" or "object"
    fields: tuple[Field, ...]
    description: str
    shape_source: str  # "example" (the sheet's example shows it) or "type" (the Type column)
    type_as_written: str  # "object", "object array" or "array"

    @property
    def is_list(self) -> bool:
        return self.shape == "list"

    def field(self, name: str) -> Field:
        """One field of the section by its exact name."""
        for item in self.fields:
            if item.name == name:
                return item
        raise CatalogError(
            f"{self.name} 섹션에 {name!r} 필드가 없습니다 (no such field). 있는 필드: {_names(self.fields)}"
        )


@dataclass(frozen=True)
class TrId:
    """One tr_id an API may be called with, and the condition for it (``label``)."""

    tr_id: str  # e.g. "TTTC0012U"
    label: str  # the workbook's condition, e.g. "매수", "3개월이내"; "" when the API has one tr_id
    deprecated: bool = False  # a (구) id: "may be blocked without notice"
    replaced_by: str | None = None  # the (신) id that replaces a deprecated one
    source: str = "index"  # "index" (the tr_id cell) or "tr_id header" (the header's description)


@dataclass(frozen=True)
class Paging:
    """How an API continues: the response header tr_cont F/M = more, D/E = last; ask again with tr_cont N."""

    documented: bool  # the request header tr_cont says "N : 다음 데이터 조회"
    request_keys: tuple[str, ...]  # e.g. ("CTX_AREA_FK100", "CTX_AREA_NK100"): send the previous page's values
    response_keys: tuple[str, ...]  # e.g. ("ctx_area_fk100", "ctx_area_nk100"): where the answer carries them


@dataclass(frozen=True)
class Examples:
    """A sheet's own examples: the text as written, and parsed (None where it does not parse)."""

    request_text: str
    request: dict | None  # a JSON object, or the sheet's "KEY:value" lines
    response_text: str
    response: object | None  # the parsed JSON


@dataclass(frozen=True)
class FieldUse:
    """Where a field appears: the API, the place ("request", "response" or a section name) and the row."""

    api: Api
    place: str
    field: Field


@dataclass(frozen=True, eq=False)
class Api:
    """One API of the workbook. Compare APIs by ``name`` (unique)."""

    number: int  # 순번 in the index
    name: str  # API 명 as the index writes it
    sheet: str  # the sheet's name ("/" written "_")
    api_id: str  # e.g. "v1_국내주식-006"
    protocol: str  # "REST" or "WEBSOCKET"
    category: str  # 메뉴 위치, e.g. "[국내주식] 주문/계좌"
    method: str  # "GET" or "POST"
    path: str  # URL 명, e.g. "/uapi/domestic-stock/v1/trading/inquire-balance"
    real_domain: str
    paper_domain: str | None  # None: 모의투자 미지원
    paper_remark: str  # e.g. "output3만 이용 가능"
    real_tr_ids: tuple[TrId, ...]
    paper_tr_ids: tuple[TrId, ...]
    remarks: tuple[tuple[str, tuple[str, ...]], ...]
    summary: str  # 개요
    request_headers: tuple[Field, ...]
    request_in: str  # "query" (GET) or "body" (POST)
    request_fields: tuple[Field, ...]
    response_headers: tuple[Field, ...]
    response_fields: tuple[Field, ...]  # top-level body fields (WebSocket: the frame's fields, in order)
    sections: tuple[Section, ...]
    paging: Paging | None
    as_written: tuple[tuple[str, str], ...]  # the index's protocol, tr_id and domain cells, untouched
    notes: tuple[str, ...]  # what was irregular on this sheet and how it was read (English)

    # -- flavours --------------------------------------------------------------------------------
    @property
    def is_rest(self) -> bool:
        return self.protocol == "REST"

    @property
    def is_websocket(self) -> bool:
        return self.protocol == "WEBSOCKET"

    @property
    def paper_supported(self) -> bool:
        """False when the workbook says 모의투자 미지원."""
        return self.paper_domain is not None

    def supports(self, flavour: str) -> bool:
        """True if the API can be called on that server (``"real"`` always; ``"paper"`` see paper_supported)."""
        return _check_flavour(flavour) == "real" or self.paper_supported

    def domain(self, flavour: str) -> str | None:
        return self.real_domain if _check_flavour(flavour) == "real" else self.paper_domain

    def tr_ids(self, flavour: str) -> tuple[TrId, ...]:
        """Every tr_id of the flavour, deprecated ones included (empty for OAuth APIs and unsupported paper)."""
        return self.real_tr_ids if _check_flavour(flavour) == "real" else self.paper_tr_ids

    def tr_id_remarks(self, flavour: str) -> tuple[str, ...]:
        """Text of the tr_id cell that names no id, e.g. "아시아 국가 하단 규격서 참고"."""
        return dict(self.remarks).get(_check_flavour(flavour), ())

    def tr_id(self, flavour: str, choice: str | None = None) -> str:
        """The tr_id to send on ``flavour``'s server.

        ``choice`` is a tr_id of the API or a label of the workbook (``"매수"``); without it the API must have
        exactly one current (not deprecated) tr_id. Raises :class:`CatalogError` in Korean otherwise.
        """
        flavour = _check_flavour(flavour)
        if not self.supports(flavour):
            raise CatalogError(f"{self.name}은(는) 모의투자에서 쓸 수 없는 API입니다 (공식 명세: 모의투자 미지원).")
        options = self.tr_ids(flavour)
        if not options:
            raise CatalogError(f"{self.name}은(는) tr_id 없이 부르는 API입니다 (no tr_id).")
        if choice is not None:
            wanted = str(choice).strip()
            for option in options:
                if wanted.upper() == option.tr_id or (option.label and wanted == option.label):
                    return option.tr_id
            raise CatalogError(
                f"{self.name}의 {_FLAVOUR_NAMES[flavour]} tr_id 가운데 {choice!r}이(가) 없습니다. "
                f"고를 수 있는 값: {_describe_choices(options)}"
            )
        current = [option for option in options if not option.deprecated]
        if len(current) == 1:
            return current[0].tr_id
        raise CatalogError(
            f"{self.name}은(는) 조건에 따라 tr_id가 다릅니다 ({_FLAVOUR_NAMES[flavour]}): {_describe_choices(current)}. "
            f"하나를 골라 tr_id='{current[0].tr_id}'처럼 주세요"
            + (f" (라벨로도 됩니다: tr_id='{current[0].label}')" if current[0].label else "")
            + "."
        )

    # -- fields ----------------------------------------------------------------------------------
    @property
    def required_fields(self) -> tuple[Field, ...]:
        """The request fields marked Required "Y"."""
        return tuple(item for item in self.request_fields if item.required)

    def request_field(self, name: str) -> Field:
        """A request field by name (case-blind: ``"cano"`` finds CANO)."""
        for item in self.request_fields:
            if item.name.casefold() == str(name).casefold():
                return item
        raise CatalogError(
            f"{self.name}의 요청 필드에 {name!r}이(가) 없습니다 (no such request field). "
            f"{_did_you_mean(name, [f.name for f in self.request_fields])}있는 필드: {_names(self.request_fields)}"
        )

    def section(self, name: str) -> Section:
        """A response section by name, e.g. ``"output1"``."""
        for section in self.sections:
            if section.name == str(name).lower():
                return section
        have = ", ".join(section.name for section in self.sections) or "없음"
        raise CatalogError(f"{self.name}의 응답에 {name!r} 섹션이 없습니다 (no such section). 있는 섹션: {have}")

    def places(self) -> Iterator[tuple[str, Field]]:
        """Every request and response field with its place: ``("request", f)``, ``("response", f)`` (top
        level), ``("output1", f)``... Headers are not included."""
        for item in self.request_fields:
            yield "request", item
        for item in self.response_fields:
            yield "response", item
        for section in self.sections:
            for item in section.fields:
                yield section.name, item

    @property
    def pages(self) -> bool:
        """True if the API has continuation keys or documents tr_cont paging."""
        return self.paging is not None

    @property
    def examples(self) -> Examples:
        """The sheet's own request/response examples (read from examples.json on first use)."""
        return _examples()[self.name]

    def __repr__(self) -> str:
        return f"<Api {self.name} ({self.api_id}) {self.method} {self.path}>"


_FLAVOUR_NAMES = {"real": "실전", "paper": "모의투자"}


# ---------------------------------------------------------------------------------------------------
# Look-ups
# ---------------------------------------------------------------------------------------------------
def apis(protocol: str | None = None) -> tuple[Api, ...]:
    """Every API in the workbook's order, or only ``"REST"`` / ``"WEBSOCKET"`` ones."""
    if protocol is None:
        return _catalog().apis
    if protocol.upper() not in PROTOCOLS:
        raise CatalogError(f"protocol은 'REST' 또는 'WEBSOCKET'입니다 (받은 값: {protocol!r})")
    return tuple(api for api in _catalog().apis if api.protocol == protocol.upper())


def find(query: str) -> Api:
    """The API named by ``query``: its Korean name (``"주식잔고조회"``; spaces and case do not matter), its
    sheet name, its API ID (``"v1_국내주식-006"``), its path (with or without the host) or one of its
    tr_ids (``"TTTC8434R"``, also a deprecated one).

    Raises :class:`CatalogError` (in Korean, naming close candidates) when nothing or more than one API matches.
    """
    text = str(query).strip()
    if not text:
        raise CatalogError(
            "찾을 API가 비어 있습니다. 예: find('주식잔고조회'), find('TTTC8434R'), "
            "find('/uapi/domestic-stock/v1/trading/inquire-balance')"
        )
    found = _catalog().index.get(_key(_path_of(text)), ())
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise CatalogError(
            f"{text!r}에 맞는 API가 여럿입니다 (ambiguous): {', '.join(api.name for api in found)}. "
            "API 이름이나 경로로 하나를 고르세요."
        )
    containing = [api.name for api in apis() if _key(text) in _key(api.name)]
    if len(containing) > 1:
        listed = ", ".join(containing[:8]) + (f" 외 {len(containing) - 8}개" if len(containing) > 8 else "")
        raise CatalogError(
            f"{text!r}(이)라는 API는 없고, 이름에 {text!r}이(가) 든 API가 {len(containing)}개 있습니다 "
            f"(ambiguous): {listed}. 정확한 이름을 쓰세요."
        )
    close = containing or difflib.get_close_matches(text, [api.name for api in apis()], n=5, cutoff=0.5)
    hint = f" 혹시 이것인가요? {', '.join(close)}." if close else ""
    raise CatalogError(
        f"{text!r}에 맞는 API가 공식 명세에 없습니다 (no such API).{hint} API 이름(예: '주식잔고조회'), "
        "API ID(예: 'v1_국내주식-006'), URL 경로(예: '/uapi/domestic-stock/v1/trading/inquire-balance') "
        "또는 tr_id(예: 'TTTC8434R')로 찾으세요."
    )


def rest_api(path: str) -> Api | None:
    """The REST API served at exactly ``path`` (``"/uapi/domestic-stock/v1/trading/inquire-balance"``), or None.
    Paths are unique among REST APIs."""
    return _catalog().rest_paths.get(path)


def field(name: str) -> tuple[FieldUse, ...]:
    """Every place a field id appears, across all APIs (case-blind: ``"pdno"`` also finds the request's PDNO),
    in the workbook's order. Headers are not included.

    Raises :class:`CatalogError` naming close ids when no API has the field.
    """
    key = str(name).strip().casefold()
    uses = _catalog().fields.get(key)
    if uses:
        return uses
    close = difflib.get_close_matches(key, list(_catalog().fields), n=5, cutoff=0.75)
    hint = f" 혹시 이 필드인가요? {', '.join(close)}." if close else ""
    raise CatalogError(f"{name!r} 필드는 공식 명세의 어느 API에도 없습니다 (no such field).{hint}")


def field_names() -> tuple[str, ...]:
    """Every distinct request/response field id (case-folded), sorted."""
    return tuple(sorted(_catalog().fields))


def source() -> dict:
    """Which workbook the catalog was made from: ``{"workbook": ..., "sha256": ..., "generator": ...}``."""
    return dict(_catalog().source)


# ---------------------------------------------------------------------------------------------------
# Loading (once, on first use)
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Catalog:
    apis: tuple[Api, ...]
    source: dict

    @cached_property
    def index(self) -> dict[str, tuple[Api, ...]]:
        keys: dict[str, list[Api]] = {}
        for api in self.apis:
            names = {api.name, api.sheet, api.api_id, api.path}
            names.update(option.tr_id for option in api.real_tr_ids + api.paper_tr_ids)
            for name in names:
                entry = keys.setdefault(_key(name), [])
                if api not in entry:
                    entry.append(api)
        return {key: tuple(found) for key, found in keys.items()}

    @cached_property
    def rest_paths(self) -> dict[str, Api]:
        return {api.path: api for api in self.apis if api.is_rest}

    @cached_property
    def fields(self) -> dict[str, tuple[FieldUse, ...]]:
        uses: dict[str, list[FieldUse]] = {}
        for api in self.apis:
            for place, item in api.places():
                uses.setdefault(item.name.casefold(), []).append(FieldUse(api, place, item))
        return {key: tuple(found) for key, found in uses.items()}


def _read(name: str) -> dict:
    text = resources.files("kislearn.catalog").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _catalog() -> _Catalog:
    document = _read("apis.json")
    return _Catalog(tuple(_api(entry) for entry in document["apis"]), document["source"])


@lru_cache(maxsize=1)
def _examples() -> dict[str, Examples]:
    return {name: Examples(**entry) for name, entry in _read("examples.json")["examples"].items()}


def _fields(entries: list[dict]) -> tuple[Field, ...]:
    return tuple(Field(**entry) for entry in entries)


def _api(entry: dict) -> Api:
    paging = entry["paging"]
    return Api(
        number=entry["number"],
        name=entry["name"],
        sheet=entry["sheet"],
        api_id=entry["api_id"],
        protocol=entry["protocol"],
        category=entry["category"],
        method=entry["method"],
        path=entry["path"],
        real_domain=entry["domains"]["real"],
        paper_domain=entry["domains"]["paper"],
        paper_remark=entry["paper_remark"],
        real_tr_ids=tuple(TrId(**option) for option in entry["tr_ids"]["real"]),
        paper_tr_ids=tuple(TrId(**option) for option in entry["tr_ids"]["paper"]),
        remarks=tuple((flavour, tuple(texts)) for flavour, texts in sorted(entry["tr_id_remarks"].items())),
        summary=entry["summary"],
        request_headers=_fields(entry["request_headers"]),
        request_in=entry["request_in"],
        request_fields=_fields(entry["request_fields"]),
        response_headers=_fields(entry["response_headers"]),
        response_fields=_fields(entry["response_fields"]),
        sections=tuple(Section(**{**section, "fields": _fields(section["fields"])}) for section in entry["sections"]),
        paging=None
        if paging is None
        else Paging(paging["documented"], tuple(paging["request_keys"]), tuple(paging["response_keys"])),
        as_written=tuple(sorted(entry["as_written"].items())),
        notes=tuple(entry["notes"]),
    )


# ---------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------
def _key(text: str) -> str:
    """Spaces and case do not matter in a look-up: "주식현재가시세" finds "주식현재가 시세"."""
    return "".join(str(text).split()).casefold()


def _path_of(text: str) -> str:
    """``https://host:port/uapi/...`` → ``/uapi/...``; ``uapi/...`` → ``/uapi/...``; anything else unchanged."""
    if "://" in text:
        rest = text.split("://", 1)[1]
        text = "/" + rest.split("/", 1)[1] if "/" in rest else text
    if text.startswith(("uapi/", "oauth2/")):
        text = "/" + text
    return text.split("?", 1)[0] if text.startswith("/") else text


def _check_flavour(flavour: str) -> str:
    if flavour not in FLAVOURS:
        raise CatalogError(f"flavour는 'real'(실전) 또는 'paper'(모의투자)입니다 (받은 값: {flavour!r})")
    return flavour


def _describe_choices(options) -> str:
    return ", ".join(
        f"{option.tr_id} ({option.label})" if option.label else option.tr_id
        for option in options
        if not option.deprecated
    ) + "".join(f", {option.tr_id} (구 tr_id → {option.replaced_by})" for option in options if option.deprecated)


def _names(fields) -> str:
    names = [item.name for item in fields]
    return ", ".join(names[:12]) + (f" 외 {len(names) - 12}개" if len(names) > 12 else "") if names else "없음"


def _did_you_mean(name: str, names: list[str]) -> str:
    close = difflib.get_close_matches(str(name).upper(), [item.upper() for item in names], n=3, cutoff=0.6)
    return f"혹시 이 필드인가요? {', '.join(close)}. " if close else ""


def most_common_korean(uses: tuple[FieldUse, ...]) -> str:
    """The official Korean name most APIs give a field (the first one met on a tie)."""
    counts = Counter(use.field.korean for use in uses if use.field.korean)
    return counts.most_common(1)[0][0] if counts else ""
