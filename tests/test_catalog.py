"""The API catalog (kislearn/catalog): the generator's determinism on the workbook (maintainers only), the
committed JSON's invariants, the three APIs the course models against the course's own field lists, and the
loader's look-ups and Korean errors."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kislearn import catalog, spec
from kislearn.catalog import CatalogError
from kislearn.consistency import OUTPUT1_FIELDS, OUTPUT2_FIELDS, PRICE_OUTPUT_FIELDS
from kislearn.sandbox import orders

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
GENERATOR = ROOT / "scripts" / "build_catalog.py"
DATA = ROOT / "kislearn" / "catalog" / "data"
# the official workbook, when this checkout has it next to it (KISLEARN_SPEC_DIR: a maintainer's other place)
SPEC_DIR = Path(os.environ.get("KISLEARN_SPEC_DIR", ROOT.parent / "shared" / "kis-spec"))
WORKBOOK = SPEC_DIR / "kis-openapi-spec-2026-04-12.xlsx"
TR_ID = re.compile(r"^[A-Z][A-Z0-9]{6,12}$")
OAUTH = {"Hashkey", "실시간 (웹소켓) 접속키 발급", "접근토큰폐기(P)", "접근토큰발급(P)"}  # called without a tr_id


def load_generator():
    module_spec = importlib.util.spec_from_file_location("build_catalog", GENERATOR)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------------
# The generator (maintainers: needs the workbook and openpyxl, pip install kislearn[maintainer])
# ---------------------------------------------------------------------------------------------------
@pytest.mark.maintainer
@pytest.mark.slow
@pytest.mark.skipif(
    not WORKBOOK.exists(),
    reason="관리자용 검사(maintainers only): 공식 명세 엑셀 shared/kis-spec가 옆에 없어 건너뜁니다. 정상입니다.",
)
def test_generator_rebuilds_the_committed_catalog_byte_for_byte(tmp_path):
    pytest.importorskip("openpyxl", reason="관리자용 검사: pip install kislearn[maintainer] (openpyxl)가 필요합니다")
    run = subprocess.run(
        [sys.executable, str(GENERATOR), str(WORKBOOK), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "338 APIs" in run.stdout
    for name in ("apis.json", "examples.json"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), (
            f"{name} differs: run `python scripts/build_catalog.py` and commit the result"
        )
    check = subprocess.run(
        [sys.executable, str(GENERATOR), str(WORKBOOK), "--out", str(tmp_path), "--check"], capture_output=True
    )
    assert check.returncode == 0


@pytest.mark.parametrize(
    "cell, expected, remarks",
    [
        ("TTTC8434R", [("TTTC8434R", "", False, None)], []),
        (
            "(매도) TTTC0011U (매수) TTTC0012U",
            [("TTTC0011U", "매도", False, None), ("TTTC0012U", "매수", False, None)],
            [],
        ),
        (
            "TTTC2201R(기존 KRX만 가능), TTTC2210R (KRX,NXT/SOR)",
            [("TTTC2201R", "기존 KRX만 가능", False, None), ("TTTC2210R", "KRX,NXT/SOR", False, None)],
            [],
        ),
        ("(구) JTCE6003R (신) CTFN7107R", [("JTCE6003R", "", True, "CTFN7107R"), ("CTFN7107R", "", False, None)], []),
        (
            "(주간 매수/매도) TTTO1101U (야간 매수/매도) (구) JTCE1001U (신) STTN1101U",
            [
                ("TTTO1101U", "주간 매수/매도", False, None),
                ("JTCE1001U", "야간 매수/매도", True, "STTN1101U"),
                ("STTN1101U", "야간 매수/매도", False, None),
            ],
            [],
        ),
        (
            "(미국 정정·취소) TTTT1004U (아시아 국가 하단 규격서 참고)",
            [("TTTT1004U", "미국 정정·취소", False, None)],
            ["아시아 국가 하단 규격서 참고"],
        ),
        (
            "(주간 매수/매도) VTTO1101U (야간은 모의투자 미제공)",
            [("VTTO1101U", "주간 매수/매도", False, None)],
            ["야간은 모의투자 미제공"],
        ),
    ],
)
def test_tr_id_cells_are_parsed_into_choices_and_remarks(cell, expected, remarks):
    choices, found_remarks = load_generator().parse_tr_cell(cell)
    assert [(c["tr_id"], c["label"], c["deprecated"], c["replaced_by"]) for c in choices] == expected
    assert found_remarks == remarks


def test_tr_id_header_adds_the_ids_a_cell_points_to_and_the_old_ids_only():
    generator = load_generator()
    notes: list = []
    description = (
        "[실전투자]\nTTTT1004U : 미국 정정 취소 주문\nTTTS1003U : 홍콩 정정 취소 주문\n\n[모의투자]\nVTTS1003U : 홍콩"
    )
    cells = {"real": "(미국 정정·취소) TTTT1004U (아시아 국가 하단 규격서 참고)", "paper": "(미국) VTTT1004U"}
    choices, _ = generator.tr_choices(cells, description, notes)
    assert [c["tr_id"] for c in choices["real"]] == ["TTTT1004U", "TTTS1003U"]
    assert [c["tr_id"] for c in choices["paper"]] == ["VTTT1004U"]  # the paper cell points nowhere
    old = "[실전투자]\n국내주식주문 매수 : (구)TTTC0802U → (신)TTTC0012U\n국내주식주문 매수(모의투자) : (구)VTTC0802U → (신)VTTC0012U"
    choices, _ = generator.tr_choices({"real": "(매수) TTTC0012U", "paper": "(매수) VTTC0012U"}, old, notes)
    assert choices["real"][1] == {**choices["real"][1], "tr_id": "TTTC0802U", "deprecated": True, "label": "매수"}
    assert choices["paper"][1]["tr_id"] == "VTTC0802U" and choices["paper"][1]["replaced_by"] == "VTTC0012U"
    typo, _ = generator.tr_choices({"real": "TTTS6059R", "paper": ""}, "TTS6059R", notes)  # the workbook's typo
    assert [c["tr_id"] for c in typo["real"]] == ["TTTS6059R"]


def test_ranged_request_fields_are_expanded_and_only_the_first_stays_required():
    generator = load_generator()
    row = {"korean": "거래소코드", "type": "string", "length": 4, "required": True, "description": ""}
    fields = [{**row, "name": "NREC"}, {**row, "name": "EXCD_01 ~ 10"}]
    expanded = generator.expand_ranges(fields, [])
    assert [f["name"] for f in expanded] == ["NREC"] + [f"EXCD_{n:02d}" for n in range(1, 11)]
    assert [f["required"] for f in expanded] == [True, True] + [False] * 9
    open_ended = [{**row, "name": "SRS_CD_01"}, {**row, "name": "SRS_CD_02…"}, {**row, "name": "SRS_CD_32"}]
    assert [f["name"] for f in generator.expand_ranges(open_ended, [])] == [f"SRS_CD_{n:02d}" for n in range(1, 33)]


# ---------------------------------------------------------------------------------------------------
# The committed catalog
# ---------------------------------------------------------------------------------------------------
def test_counts_of_the_2026_04_12_workbook():
    apis = catalog.apis()
    assert len(apis) == 338
    assert [api.number for api in apis] == list(range(1, 339))
    rest, websocket = catalog.apis("REST"), catalog.apis("WEBSOCKET")
    assert (len(rest), len(websocket)) == (278, 60)
    assert sum(api.paper_supported for api in rest) == 42
    assert sum(len(api.sections) for api in apis) == 378
    assert sum(1 for api in apis for _ in api.places()) == 11182
    print(f"\n{len(apis)} APIs: {len(rest)} REST, {len(websocket)} WebSocket; {len(catalog.field_names())} field ids")


def test_names_ids_paths_and_tr_ids_identify_one_api_each():
    apis = catalog.apis()
    for attribute in ("name", "sheet", "api_id", "path"):
        values = [getattr(api, attribute) for api in apis]
        assert len(set(values)) == len(values), attribute
    tr_ids = [option.tr_id for api in apis for option in {*api.real_tr_ids, *api.paper_tr_ids}]
    assert len(set(tr_ids)) == len(tr_ids)


def test_every_rest_api_has_a_method_a_path_and_its_tr_ids():
    for api in catalog.apis("REST"):
        assert api.method in ("GET", "POST"), api.name
        assert api.request_in == ("query" if api.method == "GET" else "body"), api.name
        assert api.path.startswith(("/uapi/", "/oauth2/")), api.name
        assert api.real_domain == spec.REAL_URL, api.name
        assert api.paper_domain in (None, spec.PAPER_URL), api.name
        if api.name in OAUTH:
            assert not api.real_tr_ids and not api.paper_tr_ids
            continue
        assert api.real_tr_ids, api.name
        assert bool(api.paper_tr_ids) == api.paper_supported, api.name
        for flavour in ("real", "paper") if api.paper_supported else ("real",):
            options = api.tr_ids(flavour)
            assert all(TR_ID.match(option.tr_id) for option in options), api.name
            assert any(not option.deprecated for option in options), api.name
            current = {option.tr_id for option in options if not option.deprecated}
            for option in options:
                if option.deprecated:  # an old id names the new id of the same flavour
                    assert option.replaced_by in current, (api.name, option)


def test_websocket_apis_list_their_frame_fields_in_order_and_no_sections():
    frame = catalog.find("H0STCNT0")
    assert frame.is_websocket and frame.name == "국내주식 실시간체결가 (KRX)" and not frame.sections
    names = [item.name for item in frame.response_fields]
    assert names[:4] == ["MKSC_SHRN_ISCD", "STCK_CNTG_HOUR", "STCK_PRPR", "PRDY_VRSS_SIGN"]
    assert len(names) == 46 and names[-1] == "VI_STND_PRC"
    assert [item.name for item in frame.request_fields] == ["tr_id", "tr_key"]
    for api in catalog.apis("WEBSOCKET"):
        assert not api.sections and api.response_fields and api.real_domain.startswith("ws://"), api.name


def test_every_field_has_its_official_name_and_a_known_type():
    for api in catalog.apis():
        for place, item in api.places():
            assert item.name and item.name == item.name.strip() and " " not in item.name, (api.name, place)
            assert item.korean and item.korean == item.korean.strip(), (api.name, place, item.name)
            assert item.type in ("string", "number", "object"), (api.name, place, item.name)
            assert item.length is None or item.length > 0
        for section in api.sections:
            assert re.fullmatch(r"(output|outblock)\d*", section.name) and section.shape in ("list", "object")
            assert section.fields, (api.name, section.name)
        assert len({section.name for section in api.sections}) == len(api.sections), api.name


def test_sections_follow_the_sheets_examples_where_the_type_column_contradicts_them():
    order = catalog.find("주식주문(현금)").section("output")
    assert order.type_as_written == "object array" and order.shape == "object" and order.shape_source == "example"
    assert catalog.find("주식현재가 시세").section("output").shape == "object"
    assert catalog.find("주식잔고조회").section("output2").is_list  # a list holding the one summary


def test_paging_names_the_continuation_keys():
    balance = catalog.find("주식잔고조회").paging
    assert balance.documented and balance.request_keys == ("CTX_AREA_FK100", "CTX_AREA_NK100")
    assert balance.response_keys == ("ctx_area_fk100", "ctx_area_nk100")
    daily = catalog.find("주식일별주문체결조회")
    assert daily.paging.response_keys == ("ctx_area_fk100", "ctx_area_nk100")
    assert {"ctx_area_fk100", "ctx_area_nk100"} <= {item.name for item in daily.response_fields}  # from its example
    assert catalog.find("주식현재가 시세").paging is None
    for api in catalog.apis():
        if api.paging:
            assert api.is_rest and all(key.startswith("CTX_AREA_") for key in api.paging.request_keys)


# ---------------------------------------------------------------------------------------------------
# The three APIs the course models: the catalog agrees with the course's own lists and the spec's TSVs
# ---------------------------------------------------------------------------------------------------
def tsv_rows(name: str) -> list[list[str]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()[1:]
    return [(line.split("\t") + [""] * 7)[:7] for line in lines]


def normal(description: str) -> list[str]:
    """A description as its non-empty lines (the TSVs join lines with " / ")."""
    return [part.strip() for part in re.split(r"\n|\s/(?=\s|$)", description) if part.strip()]


@pytest.mark.parametrize(
    "tsv, api_name", [("inquire-balance.fields.tsv", "주식잔고조회"), ("inquire-price.fields.tsv", "주식현재가 시세")]
)
def test_course_apis_agree_row_by_row_with_the_spec_tsvs(tsv, api_name):
    api = catalog.find(api_name)
    places = {
        "Request Header": list(api.request_headers),
        "Request Query Parameter": list(api.request_fields),
        "Response Header": list(api.response_headers),
    }
    body: list = list(api.response_fields)
    sections = iter(api.sections)
    for section, element, korean, kind, required, length, description in tsv_rows(tsv):
        if section == "Response Body" and kind.startswith("object"):
            current = next(sections)
            assert (current.name, current.korean) == (element, korean)
            body = list(current.fields)
            continue
        row = (places[section] if section in places else body).pop(0)
        assert (row.name, row.korean, row.type, row.required) == (element, korean.strip(), kind, required == "Y")
        assert row.length == (int(length) if length.strip().isdigit() else None), element
        assert normal(row.description) == normal(description), element
    assert all(not rows for rows in places.values()) and not body and next(sections, None) is None


def test_course_apis_agree_with_the_course_field_lists_and_tr_ids():
    balance, price, order = (
        catalog.find("주식잔고조회"),
        catalog.find("주식현재가 시세"),
        catalog.find("주식주문(현금)"),
    )
    assert [f.name for f in balance.section("output1").fields] == list(OUTPUT1_FIELDS)
    assert [f.name for f in balance.section("output2").fields] == list(OUTPUT2_FIELDS)
    assert [f.name for f in price.section("output").fields] == list(PRICE_OUTPUT_FIELDS)
    for api, path, tr_ids in (
        (balance, spec.BALANCE_PATH, spec.BALANCE_TR_ID),
        (price, spec.PRICE_PATH, spec.PRICE_TR_ID),
    ):
        assert api.path == path and {flavour: api.tr_id(flavour) for flavour in spec.FLAVOURS} == tr_ids

    assert order.path == spec.ORDER_PATH and order.method == "POST" and order.request_in == "body"
    required = {f.name for f in order.required_fields}
    assert required == {"CANO", "ACNT_PRDT_CD", *orders.REQUIRED_FIELDS}
    assert {"SLL_TYPE", "EXCG_ID_DVSN_CD"} <= {f.name for f in order.request_fields} - required
    assert [f.name for f in order.section("output").fields] == ["KRX_FWDG_ORD_ORGNO", "ODNO", "ORD_TMD"]
    for flavour in spec.FLAVOURS:
        for side, label in (("buy", "매수"), ("sell", "매도")):
            assert order.tr_id(flavour, label) == spec.ORDER_TR_ID[flavour][side]
            old = next(o for o in order.tr_ids(flavour) if o.deprecated and o.label == label)
            assert old.tr_id == spec.ORDER_OLD_TR_ID[flavour][side]


# ---------------------------------------------------------------------------------------------------
# Look-ups
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "query",
    [
        "주식잔고조회",
        " 주식잔고조회 ",
        "v1_국내주식-006",
        "/uapi/domestic-stock/v1/trading/inquire-balance",
        "uapi/domestic-stock/v1/trading/inquire-balance",
        "https://openapivts.koreainvestment.com:29443/uapi/domestic-stock/v1/trading/inquire-balance",
        "TTTC8434R",
        "vttc8434r",
    ],
)
def test_find_by_name_id_path_or_tr_id(query):
    assert catalog.find(query).name == "주식잔고조회"


def test_find_knows_sheet_names_old_tr_ids_and_spacing():
    assert catalog.find("ETF_ETN 현재가").name == "ETF/ETN 현재가"
    assert catalog.find("주식현재가시세").name == "주식현재가 시세"
    assert catalog.find("TTTC0802U").name == "주식주문(현금)"  # the old buy id mojito2 sends


def test_find_explains_no_match_and_ambiguity_in_korean():
    with pytest.raises(CatalogError, match=r"없습니다 \(no such API\).*주식잔고조회"):
        catalog.find("주식잔고조희")
    with pytest.raises(CatalogError, match=r"15개 있습니다 \(ambiguous\): 주식잔고조회"):
        catalog.find("잔고")
    with pytest.raises(CatalogError, match="비어 있습니다"):
        catalog.find("  ")


def test_tr_id_needs_a_choice_where_the_workbook_gives_several():
    order = catalog.find("주식주문(현금)")
    with pytest.raises(CatalogError, match=r"TTTC0011U \(매도\), TTTC0012U \(매수\)"):
        order.tr_id("real")
    assert order.tr_id("real", "TTTC0802U") == "TTTC0802U"  # an old id, asked for by name
    with pytest.raises(CatalogError, match="XXXX0000U"):
        order.tr_id("real", "XXXX0000U")
    with pytest.raises(CatalogError, match="모의투자 미지원"):
        catalog.find("매도가능수량조회").tr_id("paper")
    assert catalog.find("(야간)선물옵션 잔고현황").tr_id("real") == "CTFN6118R"  # (구) JTCE6001R (신) CTFN6118R
    with pytest.raises(CatalogError, match="flavour"):
        order.tr_id("mock")


def test_field_finds_every_use_across_apis():
    uses = catalog.field("ord_psbl_cash")
    assert [use.api.name for use in uses][:3] == ["신용매수가능조회", "퇴직연금 매수가능조회", "매수가능조회"]
    assert {use.field.korean for use in uses} == {"주문가능현금"}
    assert {use.place for use in catalog.field("PDNO")} >= {"request", "output1"}  # PDNO and pdno
    with pytest.raises(CatalogError, match="ord_psbl_cash"):
        catalog.field("ord_psbl_csh")


def test_examples_keep_the_text_and_parse_what_parses():
    balance = catalog.find("주식잔고조회").examples
    assert balance.request["CANO"] == "810XXXXX" and "CANO" in balance.request_text
    assert isinstance(balance.response["output1"], list)
    member = catalog.find("회원사 실시간 매매동향(틱)").examples
    assert member.request["FID_COND_SCR_DIV_CODE"] == "20432"  # written as KEY:value lines


def test_importing_the_catalog_loads_no_server_and_no_data():
    code = (
        "import sys, kislearn.catalog as c; "
        "print('flask' in sys.modules, 'kislearn.sandbox' in sys.modules, c._catalog.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "0"]
