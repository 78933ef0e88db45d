"""Build the API catalog (kislearn/catalog/data/*.json) from the official KIS specification workbook.

The workbook is the all-API Excel download of the KIS developer portal: one index sheet (``API 목록``) and
one sheet per API. This script reads it with openpyxl (a maintainer-only dependency: ``pip install
kislearn[maintainer]``) and writes two files that are committed and shipped in the package::

    kislearn/catalog/data/apis.json       every API: names, ids, method, path, tr_ids, fields by section
    kislearn/catalog/data/examples.json   each sheet's own request/response examples (text, and parsed)

Run it from the repository; the same workbook always gives the same bytes (keys sorted, lists in the
workbook's order, no timestamps)::

    python scripts/build_catalog.py                      # ../shared/kis-spec/kis-openapi-spec-2026-04-12.xlsx
    python scripts/build_catalog.py path/to/workbook.xlsx
    python scripts/build_catalog.py --out DIR            # write somewhere else (the tests do this)
    python scripts/build_catalog.py --check              # exit 1 if the committed files differ

What the workbook does irregularly and how each case is handled is written down once, in the docstring of
``kislearn/catalog/__init__.py``; every correction made for one particular sheet is in ``SHEET_FIXES``
below, with its reason, and every API records the irregularities met on its sheet in its ``notes``.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import sys
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKBOOK_NAME = "kis-openapi-spec-2026-04-12.xlsx"
DEFAULT_WORKBOOK = ROOT.parent / "shared" / "kis-spec" / WORKBOOK_NAME
DEFAULT_OUT = ROOT / "kislearn" / "catalog" / "data"
APIS_FILE = "apis.json"
EXAMPLES_FILE = "examples.json"

INDEX_SHEET = "API 목록"
# the index's columns, by header text
INDEX_COLUMNS = (
    "순번",
    "API 통신방식",
    "메뉴 위치",
    "API 명",
    "API ID",
    "실전 TR_ID",
    "모의 TR_ID",
    "HTTP Method",
    "URL 명",
    "실전 Domain",
    "모의 Domain",
)
# the key/value rows at the top of every API sheet, and the index column each repeats
HEADER_KEYS = INDEX_COLUMNS[1:]
LAYOUT_START = "구분"  # the layout table's header row: 구분 | Element | 한글명 | Type | Required | Length | Description
LAYOUT_END = "Example"
REQUEST_SECTIONS = {"Request Query Parameter": "query", "Request Body": "body"}
REAL_REST_HOST = "https://openapi.koreainvestment.com:9443"

# A response section starts at a row named like this whose Type is object / object array / array.
SECTION_NAME = re.compile(r"^(output|outblock)\d*$", re.IGNORECASE)
SECTION_TYPES = ("object", "object array", "array")
# top-level response fields that some sheets list inside a section
ENVELOPE_NAME = re.compile(r"^(rt_cd|msg_cd|msg1|ctx_area_\w+)$", re.IGNORECASE)
# request fields that carry the continuation keys of tr_cont paging
CONTINUATION_NAME = re.compile(r"^CTX_AREA_\w+$")
# "EXCD_01 ~ 10": EXCD_01 … EXCD_10;  "SRS_CD_02…" / "SRS_CD_02...": up to the next row's number
RANGE_TO = re.compile(r"^(?P<stem>[A-Z_]+_)(?P<first>\d+)\s*~\s*(?P<last>\d+)$")
RANGE_OPEN = re.compile(r"^(?P<stem>[A-Z_]+_)(?P<first>\d+)\s*(…|\.\.\.)$")
NUMBERED = re.compile(r"^(?P<stem>[A-Z_]+_)(?P<number>\d+)$")

TR_ID = re.compile(r"\b[A-Z][A-Z0-9]{6,12}\b")  # TTTC8434R, FHKST01010100, H0STCNT0 (always with a digit)
PAPER_WORDS = ("모의투자", "모의")

# Corrections for single sheets, each with its reason. Keys: the API's name (as the index writes it).
SHEET_FIXES = {
    "Hashkey": {
        "response_field": ("JsonBody", {"name": "BODY", "type": "object"}),
        "why": "the layout calls the echoed body 'JsonBody'; the sheet's own response example carries it as "
        "the object 'BODY'",
    },
    "일반채권 실시간호가": {
        "tr_id": "H0BJASP0",
        "why": "the tr_id cells say H0BJCNT0 (the tr_id of 일반채권 실시간체결가), but the URL is /tryitout/H0BJASP0 "
        "and the official samples subscribe with H0BJASP0 (examples_llm/domestic_bond/bond_asking_price)",
    },
    "KRX야간옵션실시간체결통보": {
        "tr_id": "H0EUCNI0",
        "why": "the tr_id cells say H0MFCNI0 (the tr_id of KRX야간선물 실시간체결통보), but the URL is "
        "/tryitout/H0EUCNI0 and the official samples use H0EUCNI0 (examples_llm/domestic_futureoption/"
        "krx_ngt_option_notice)",
    },
}


# ---------------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------------
def read_workbook(path: Path) -> dict[str, list[list[str]]]:
    """Every sheet as rows of strings ("" for an empty cell), in the workbook's sheet order."""
    import openpyxl  # maintainer-only: pip install kislearn[maintainer]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Workbook contains no default style": harmless
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {
            name: [
                ["" if cell is None else str(cell) for cell in row] for row in book[name].iter_rows(values_only=True)
            ]
            for name in book.sheetnames
        }
    finally:
        book.close()


def text(value: str) -> str:
    """A description or name cell as clean text: Windows line ends → \\n, HTML entities decoded (the workbook
    writes "&gt;"), trailing blanks of each line and blank lines at both ends removed, a lone " " → "", and
    an Excel text-prefix quote pair ('…') removed."""
    value = html.unescape(value.replace("\r\n", "\n").replace("\r", "\n"))
    value = "\n".join(line.rstrip() for line in value.split("\n")).strip()
    if len(value) > 1 and value.startswith("'") and value.endswith("'"):
        value = value[1:-1].strip()
    return value


def one_line(value: str) -> str:
    return " ".join(value.split())


# ---------------------------------------------------------------------------------------------------
# tr_id cells
# ---------------------------------------------------------------------------------------------------
def parse_tr_cell(cell: str) -> tuple[list[dict], list[str]]:
    """The choices of one tr_id cell of the index, and its remarks (text that names no tr_id).

    Labels stand in parentheses before their id — ``(매도) TTTC0011U (매수) TTTC0012U`` — except in cells that
    start with an id, where they follow it: ``TTTC2201R(기존 KRX만 가능), TTTC2210R (KRX,NXT/SOR)``. ``(구)``
    and ``(신)`` mark an old id and the new one that replaces it; a label before ``(구)`` belongs to both.
    """
    cell = one_line(cell)
    tokens = [(kind, value.strip()) for kind, value in _tr_tokens(cell)]
    choices: list[dict] = []
    remarks: list[str] = []
    if tokens and tokens[0][0] == "id":  # labels after their id
        for kind, value in tokens:
            if kind == "id":
                choices.append(_choice(value, ""))
            elif choices and not choices[-1]["label"]:
                choices[-1]["label"] = value
            else:
                remarks.append(value)
        return choices, remarks

    pending: list[str] = []
    group = ""  # a label that (구) and (신) share
    for kind, value in tokens:
        if kind != "id":
            pending.append(value)
            continue
        age = next((part for part in pending if part in ("구", "신")), "")
        label = " ".join(part for part in pending if part not in ("구", "신"))
        if age == "구":
            group = label
        elif age == "신" and not label:
            label = group
        choice = _choice(value, label or (group if age else ""))
        if age == "구":
            choice["deprecated"] = True
        elif age == "신" and choices and choices[-1]["deprecated"] and not choices[-1]["replaced_by"]:
            choices[-1]["replaced_by"] = value
        choices.append(choice)
        pending = []
        if age != "구":
            group = ""
    remarks.extend(pending)
    return choices, remarks


def _tr_tokens(cell: str):
    """("label", text) for each (...) group, ("id", X) for each tr_id, ("text", ...) for the rest."""
    position = 0
    for match in re.finditer(r"\(([^)]*)\)|" + TR_ID.pattern, cell):
        between = cell[position : match.start()].strip(" ,")
        if between:
            yield "text", between
        if match.group(1) is not None:
            yield "label", match.group(1)
        else:
            yield "id", match.group(0)
        position = match.end()
    rest = cell[position:].strip(" ,")
    if rest:
        yield "text", rest


def _choice(tr_id: str, label: str, source: str = "index") -> dict:
    return {"tr_id": tr_id, "label": label, "deprecated": False, "replaced_by": None, "source": source}


def parse_tr_description(description: str) -> list[tuple[str, dict]]:
    """(flavour or "", choice) for every tr_id the tr_id header's description names.

    The description lists ids line by line under ``[실전투자]`` / ``[모의투자]`` / ``[실전/모의투자]``:
    ``TTTC8434R : 주식 잔고 조회``, ``미국주간매수 : TTTS6036U``, or ``국내주식주문 매도 : (구)TTTC0801U →
    (신)TTTC0011U``. A line whose label says 모의투자 is a paper id whatever block it stands in.
    """
    found = []
    block = ""
    for line in description.split("\n"):
        line = line.strip()
        if line.startswith("["):
            block = "paper" if line.startswith("[모의") else ("real" if line.startswith("[실전투자]") else "")
            line = line[line.find("]") + 1 :].strip()
        ids = TR_ID.findall(line)
        if not ids:
            continue
        label = one_line(re.sub(r"\((구|신)\)|→|:|" + TR_ID.pattern, " ", line))
        flavour = "paper" if any(word in label for word in PAPER_WORDS) else block
        label = one_line(re.sub(r"\(?모의투자\)?", " ", label))
        old = re.search(r"\(구\)\s*(" + TR_ID.pattern + ")", line)
        new = re.search(r"\(신\)\s*(" + TR_ID.pattern + ")", line)
        for tr_id in ids:
            choice = _choice(tr_id, label, "tr_id header")
            if old and new and tr_id == old.group(1):
                choice["deprecated"] = True
                choice["replaced_by"] = new.group(1)
            found.append((flavour, choice))
    return found


def tr_choices(cells: dict, description: str, notes: list) -> tuple[dict, dict]:
    """The tr_id choices by flavour, and the cells' remarks by flavour.

    The cells come first, in their order. The tr_id header's description adds two kinds of ids, and no
    others (it also holds typos such as "TTS6059R"): the ids a cell points to ("아시아 국가 하단 규격서 참고":
    the Asian markets of 해외주식 주문), and the old ids that the new ones replace ("(구)TTTC0802U →
    (신)TTTC0012U"; mojito2 still sends some), each in the flavour of the id that replaces it.
    """
    choices, remarks = {}, {}
    for flavour, cell in cells.items():
        choices[flavour], remarks[flavour] = parse_tr_cell(cell) if cell else ([], [])
    for flavour, choice in parse_tr_description(description):
        if choice["deprecated"]:
            flavour = next((name for name, items in choices.items() if choice["replaced_by"] in _ids(items)), "")
        elif not any("하단" in remark or "참고" in remark for remark in remarks.get(flavour, [])):
            continue
        if not choices.get(flavour) or choice["tr_id"] in _ids(choices[flavour]):
            continue
        added = dict(choice)
        partner = next((item for item in choices[flavour] if item["tr_id"] == added["replaced_by"]), None)
        if partner is not None and partner["label"]:
            added["label"] = partner["label"]  # an old id takes the label of the id that replaces it
        choices[flavour].append(added)
        kind = f"old id, replaced by {added['replaced_by']}" if added["deprecated"] else "the cell refers to it"
        notes.append(f"{flavour} tr_id {added['tr_id']} ({added['label'] or 'no label'}) from the tr_id header: {kind}")
    return choices, remarks


def _ids(items: list[dict]) -> set[str]:
    return {item["tr_id"] for item in items}


# ---------------------------------------------------------------------------------------------------
# One sheet
# ---------------------------------------------------------------------------------------------------
def sheet_header(rows: list[list[str]]) -> dict[str, str]:
    """The key/value rows above the layout (API 명, HTTP Method, URL 명, ..., 개요)."""
    header: dict[str, str] = {}
    for row in rows:
        if row[0] == LAYOUT_START:
            break
        if row[0] and len(row) > 1 and row[1] and row[0] not in header:
            header[row[0]] = row[1]
    return header


def layout_rows(rows: list[list[str]]):
    """(section label, element, 한글명, type, required, length, description) for each layout row with an
    element, the section label carried down from the last row that names one."""
    inside, section = False, ""
    for row in rows:
        row = (row + [""] * 7)[:7]
        if row[0] == LAYOUT_START:
            inside = True
            continue
        if not inside:
            continue
        if row[0] == LAYOUT_END:
            return
        if row[0]:
            section = row[0]
        if row[1].strip():
            yield (section, *row[1:7])


def field_of(element: str, korean: str, kind: str, required: str, length: str, description: str) -> dict:
    length = length.strip()
    return {
        "name": element.strip(),
        "korean": one_line(text(korean)),
        "type": kind.strip(),
        "length": int(length) if length.isdigit() else None,
        "required": required.strip() == "Y",
        "description": text(description),
    }


def expand_ranges(fields: list[dict], notes: list) -> list[dict]:
    """``EXCD_01 ~ 10`` → EXCD_01 … EXCD_10; ``SRS_CD_02…`` → SRS_CD_02 … up to the row after it.

    The sheets mark every member required, but their own text says "up to N" (최대 10, 최대 32개): only the
    first member of such a family stays required.
    """
    out: list[dict] = []
    families: set[str] = set()
    for position, item in enumerate(fields):
        match = RANGE_TO.match(item["name"]) or RANGE_OPEN.match(item["name"])
        if not match:
            out.append(item)
            continue
        stem, first = match["stem"], match["first"]
        if "last" in match.groupdict():
            last = int(match["last"])
        else:
            following = NUMBERED.match(fields[position + 1]["name"]) if position + 1 < len(fields) else None
            last = int(following["number"]) - 1 if following and following["stem"] == stem else int(first)
        names = [f"{stem}{number:0{len(first)}d}" for number in range(int(first), last + 1)]
        notes.append(f"request field {item['name']!r} expanded to {names[0]} … {names[-1]}; only the first is required")
        out.extend({**item, "name": name} for name in names)
        families.add(stem)
    for stem in families:
        members = [item for item in out if (m := NUMBERED.match(item["name"])) and m["stem"] == stem]
        for item in members[1:]:
            item["required"] = False
    return out


def dedupe(fields: list[dict], where: str, notes: list) -> list[dict]:
    seen, out = set(), []
    for item in fields:
        if item["name"] in seen:
            notes.append(f"{where}: {item['name']} listed twice; kept once")
            continue
        seen.add(item["name"])
        out.append(item)
    return out


def example_shapes(response_text: str) -> dict[str, str]:
    """``{"output1": "list", ...}``: how the sheet's own response example writes each section (case-blind),
    read from the text, because many examples are not valid JSON (truncated, comments, trailing commas)."""
    shapes: dict[str, str] = {}
    for match in re.finditer(r'"((?:output|outblock)\d*)"\s*:\s*([\[{])', response_text, re.IGNORECASE):
        shapes.setdefault(match.group(1).lower(), "list" if match.group(2) == "[" else "object")
    return shapes


def response_of(rows, websocket: bool, response_text: str, notes: list, renames: dict) -> tuple[list, list]:
    """(top-level fields, sections) of the Response Body; ``renames`` maps an element to corrections."""
    top: list[dict] = []
    sections: list[dict] = []
    current = None
    shapes = example_shapes(response_text)
    for element, korean, kind, required, length, description in rows:
        item = field_of(element, korean, kind, required, length, description)
        if item["name"] in renames:
            top.append({**item, **renames[item["name"]]})
            continue
        if item["name"].startswith("-"):
            item["name"] = item["name"].lstrip("-")
            dash_note = "response field names written with a leading '-' (nesting marks); the '-' removed"
            if dash_note not in notes:
                notes.append(dash_note)
        if websocket:
            if item["type"] in SECTION_TYPES:
                notes.append(f"frame field {item['name']} typed {item['type']!r}; frames carry strings: 'string'")
                item["type"] = "string"
            top.append(item)
            continue
        if SECTION_NAME.match(item["name"]) and item["type"] in SECTION_TYPES:
            name = item["name"].lower()
            if name != item["name"]:
                notes.append(f"section {item['name']!r} read as {name!r} (the official samples read lower-case keys)")
            by_type = "object" if item["type"] == "object" else "list"
            shape = shapes.get(name, by_type)
            if shape != by_type:
                written = "a list" if shape == "list" else "an object"
                notes.append(
                    f"{name}: the Type column says {item['type']!r}, the sheet's example writes {written}: {shape}"
                )
            current = {
                "name": name,
                "korean": item["korean"],
                "shape": shape,
                "shape_source": "example" if name in shapes else "type",
                "type_as_written": item["type"],
                "description": item["description"],
                "fields": [],
            }
            previous = next((section for section in sections if section["name"] == name), None)
            if previous is not None:
                notes.append(
                    f"section {name} appears twice: the later block ({current['description'] or 'no text'}) "
                    f"replaces the earlier one ({len(previous['fields'])} fields)"
                )
                sections.remove(previous)
            sections.append(current)
            continue
        if item["type"] in SECTION_TYPES:
            notes.append(f"field {item['name']} typed {item['type']!r} but is no section: read as 'string'")
            item["type"] = "string"
        if current is not None and ENVELOPE_NAME.match(item["name"]):
            notes.append(f"{item['name']} listed inside {current['name']}; it belongs to the top level")
            top.append(item)
        elif current is not None:
            current["fields"].append(item)
        else:
            top.append(item)
    if not websocket:
        top = dedupe(top, "response", notes)
        for section in sections:
            section["fields"] = dedupe(section["fields"], section["name"], notes)
    else:
        repeated = sorted(name for name, count in Counter(f["name"] for f in top).items() if count > 1)
        if repeated:
            notes.append(f"frame fields listed twice, kept in place (frames are positional): {', '.join(repeated)}")
    return top, sections


def parse_examples(rows: list[list[str]]) -> dict:
    """The sheet's request and response examples: the text as written, and parsed where it can be."""
    found = {"request_text": "", "response_text": ""}
    for row in rows:
        if row and row[0] == "Request Example (Python)":
            found["request_text"] = text(row[1] if len(row) > 1 else "")
        elif row and row[0] == "Response Example":
            found["response_text"] = text(row[1] if len(row) > 1 else "")
    found["request"] = parse_request_example(found["request_text"])
    found["response"] = parse_json(found["response_text"])
    return found


def parse_json(value: str):
    try:
        return json.loads(value) if value else None
    except ValueError:
        return None


def parse_request_example(value: str):
    """A JSON object, or ``KEY:value`` lines (how most GET sheets write their example)."""
    parsed = parse_json(value)
    if isinstance(parsed, dict):
        return parsed
    lines = [line for line in value.split("\n") if line.strip()]
    pairs = [re.match(r"^\s*([A-Za-z][\w]*)\s*:\s*(.*?)\s*$", line) for line in lines]
    if lines and all(pairs):
        return {pair.group(1): pair.group(2) for pair in pairs}
    return None


def parse_sheet(number: int, index_row: dict, sheet_name: str, rows: list[list[str]]) -> tuple[dict, dict]:
    """One API: its catalog entry and its examples."""
    notes: list[str] = []
    header = sheet_header(rows)
    name = index_row["API 명"].strip()
    for key in HEADER_KEYS:
        in_sheet, in_index = header.get(key, "").strip(), index_row[key].strip()
        if in_sheet != in_index and not (key == "API 명" and in_sheet == name.replace("/", "_")):
            notes.append(f"{key}: the sheet says {in_sheet!r}, the index {in_index!r}; the index is used")
    if sheet_name != name:
        notes.append(f"sheet named {sheet_name!r} (a sheet name cannot hold '/')")

    method = index_row["HTTP Method"].strip()
    path = index_row["URL 명"].strip()
    as_written = {
        "protocol": index_row["API 통신방식"],
        "real_tr_id": index_row["실전 TR_ID"],
        "paper_tr_id": index_row["모의 TR_ID"],
        "real_domain": index_row["실전 Domain"],
        "paper_domain": index_row["모의 Domain"],
    }
    real_domain = as_written["real_domain"].strip()
    paper_domain_cell = one_line(as_written["paper_domain"])
    websocket = real_domain.startswith("ws")
    protocol = "WEBSOCKET" if websocket else "REST"
    if protocol != as_written["protocol"].strip():
        notes.append(
            f"the workbook says {as_written['protocol'].strip()}, but {method} {path} on {real_domain or 'https'} "
            f"is a {protocol} call: {protocol}"
        )
    if not real_domain:
        real_domain = REAL_REST_HOST
        notes.append(f"real domain left blank; the REST host of every other sheet used: {REAL_REST_HOST}")
    paper_match = re.match(r"^(https?|ws)://\S+", paper_domain_cell)
    paper_domain = paper_match.group(0) if paper_match else None
    paper_remark = paper_domain_cell[paper_match.end() :].strip(" ()") if paper_match else ""

    layout = list(layout_rows(rows))
    request_headers = [field_of(*row[1:]) for row in layout if row[0] == "Request Header"]
    request_headers = dedupe(request_headers, "request headers", notes)
    request_rows = [row for row in layout if row[0] in REQUEST_SECTIONS]
    request_in = REQUEST_SECTIONS[request_rows[0][0]] if request_rows else ("body" if method == "POST" else "query")
    request_fields = expand_ranges([field_of(*row[1:]) for row in request_rows], notes)
    request_fields = dedupe(request_fields, "request", notes)
    response_headers = [field_of(*row[1:]) for row in layout if row[0] == "Response Header"]
    examples = parse_examples(rows)
    fix = SHEET_FIXES.get(name, {})
    renames = dict([fix["response_field"]]) if "response_field" in fix else {}
    for old_name, changes in renames.items():
        notes.append(f"response field {old_name} read as {changes}: {fix['why']}")
    response_fields, sections = response_of(
        [row[1:] for row in layout if row[0] == "Response Body"], websocket, examples["response_text"], notes, renames
    )

    tr_header = next((item for item in request_headers + request_fields if item["name"] == "tr_id"), None)
    cells = {"real": as_written["real_tr_id"].strip(), "paper": as_written["paper_tr_id"].strip()}
    if paper_domain is None:
        cells["paper"] = ""  # 모의투자 미지원 (or a blank cell where the paper domain says 미지원)
    if "tr_id" in fix:
        cells = {flavour: fix["tr_id"] if cell else "" for flavour, cell in cells.items()}
        notes.append(f"tr_id corrected to {fix['tr_id']}: {fix['why']}")
    description = tr_header["description"] if tr_header and "tr_id" not in fix else ""
    tr_ids, remarks = tr_choices(cells, description, notes)

    paging = None
    tr_cont = next((item for item in request_headers if item["name"] == "tr_cont"), None)
    keys = [item["name"] for item in request_fields if CONTINUATION_NAME.match(item["name"])]
    documented = bool(tr_cont) and "다음 데이터" in tr_cont["description"] and "불가" not in tr_cont["description"]
    if not websocket and (keys or documented):
        paging = {"documented": documented, "request_keys": keys, "response_keys": [key.lower() for key in keys]}
        shown = {key.lower() for key in re.findall(r'"(ctx_area_\w+)"', examples["response_text"], re.IGNORECASE)}
        listed = {item["name"].lower() for item in response_fields}
        for key in keys:
            if key.lower() not in listed and key.lower() in shown:
                request_field = next(item for item in request_fields if item["name"] == key)
                response_fields.append({**request_field, "name": key.lower(), "required": True, "description": ""})
                notes.append(f"{key.lower()} shown by the sheet's example but not in its layout: added at top level")

    entry = {
        "number": number,
        "name": name,
        "sheet": sheet_name,
        "api_id": index_row["API ID"].strip(),
        "protocol": protocol,
        "category": re.sub(r"\](?=\S)", "] ", index_row["메뉴 위치"].strip()),
        "method": method,
        "path": path,
        "domains": {"real": real_domain, "paper": paper_domain},
        "paper_remark": paper_remark,
        "tr_ids": tr_ids,
        "tr_id_remarks": remarks,
        "summary": text(header.get("개요", "")),
        "request_headers": request_headers,
        "request_in": request_in,
        "request_fields": request_fields,
        "response_headers": response_headers,
        "response_fields": response_fields,
        "sections": sections,
        "paging": paging,
        "as_written": as_written,
        "notes": notes,
    }
    return entry, examples


# ---------------------------------------------------------------------------------------------------
# The whole workbook
# ---------------------------------------------------------------------------------------------------
def build(sheets: dict[str, list[list[str]]]) -> tuple[list[dict], dict]:
    """(API entries in the index's order, examples by API name)."""
    index = sheets[INDEX_SHEET]
    columns = {title.strip(): position for position, title in enumerate(index[0]) if title.strip()}
    missing = [title for title in INDEX_COLUMNS if title not in columns]
    if missing:
        raise SystemExit(f"the index sheet {INDEX_SHEET!r} lacks the columns {missing}")
    api_sheets = [name for name in sheets if name != INDEX_SHEET]
    apis, examples = [], {}
    for position, row in enumerate(row for row in index[1:] if any(cell.strip() for cell in row)):
        index_row = {title: row[columns[title]] for title in INDEX_COLUMNS}
        name = index_row["API 명"].strip()
        sheet_name = name if name in sheets else name.replace("/", "_")
        if sheet_name not in sheets:
            raise SystemExit(f"no sheet for the index's API {name!r}")
        if api_sheets[position] != sheet_name:
            raise SystemExit(f"the index's row {position + 1} ({name}) is not the sheet in that position")
        entry, example = parse_sheet(int(index_row["순번"]), index_row, sheet_name, sheets[sheet_name])
        apis.append(entry)
        examples[name] = example
    if len(apis) != len(api_sheets):
        raise SystemExit(f"{len(apis)} APIs in the index, {len(api_sheets)} API sheets")
    return apis, examples


def render(apis: list[dict], examples: dict, workbook_sha256: str) -> dict[str, str]:
    """The files' text by file name (see :func:`dump`), one newline at the end."""
    source = {"workbook": WORKBOOK_NAME, "sha256": workbook_sha256, "generator": "scripts/build_catalog.py"}
    return {
        APIS_FILE: dump({"source": source, "apis": apis}) + "\n",
        # the examples keep the sheets' own key order
        EXAMPLES_FILE: dump({"source": source, "examples": examples}, sort_keys=False) + "\n",
    }


def dump(value, depth: int = 0, sort_keys: bool = True) -> str:
    """JSON indented one space a level, except that an object or list holding no object or list is written
    on one line: one field a line, so a diff of the catalog reads field by field. Keys sorted, or in their
    (fixed) insertion order."""
    if not isinstance(value, (dict, list)) or not any(isinstance(item, (dict, list)) for item in _items(value)):
        return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys)
    pad, inner = " " * depth, " " * (depth + 1)
    if isinstance(value, dict):
        keys = sorted(value) if sort_keys else list(value)
        lines = [
            f"{inner}{json.dumps(key, ensure_ascii=False)}: {dump(value[key], depth + 1, sort_keys)}" for key in keys
        ]
        return "{\n" + ",\n".join(lines) + f"\n{pad}}}"
    lines = [f"{inner}{dump(item, depth + 1, sort_keys)}" for item in value]
    return "[\n" + ",\n".join(lines) + f"\n{pad}]"


def _items(value):
    return value.values() if isinstance(value, dict) else value


def summary(apis: list[dict]) -> str:
    rest = [api for api in apis if api["protocol"] == "REST"]
    paper = [api for api in rest if api["domains"]["paper"]]
    fields = sum(
        len(api["request_fields"]) + len(api["response_fields"]) + sum(len(s["fields"]) for s in api["sections"])
        for api in apis
    )
    noted = sum(1 for api in apis if api["notes"])
    return (
        f"{len(apis)} APIs: {len(rest)} REST ({len(paper)} on paper too), {len(apis) - len(rest)} WebSocket; "
        f"{fields} request/response fields; {noted} sheets with notes"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workbook", nargs="?", type=Path, default=DEFAULT_WORKBOOK, help="the spec workbook (.xlsx)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for apis.json and examples.json")
    parser.add_argument("--check", action="store_true", help="compare with the files in --out; write nothing")
    args = parser.parse_args(argv)
    if not args.workbook.exists():
        print(f"workbook not found: {args.workbook}", file=sys.stderr)
        return 2
    apis, examples = build(read_workbook(args.workbook))
    files = render(apis, examples, hashlib.sha256(args.workbook.read_bytes()).hexdigest())
    if args.check:
        stale = [name for name, body in files.items() if _read(args.out / name) != body]
        print(f"{summary(apis)}; " + (f"out of date: {', '.join(stale)}" if stale else "catalog up to date"))
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        partial = args.out / (name + ".part")
        partial.write_text(body, encoding="utf-8", newline="\n")
        partial.replace(args.out / name)  # never a half-written catalog
    print(f"{summary(apis)}; written to {args.out}")
    return 0


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


if __name__ == "__main__":
    sys.exit(main())
