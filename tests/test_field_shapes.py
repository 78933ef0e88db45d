"""What each catalogued response field holds (kislearn/sandbox/field_shapes.py): every field gets a kind, the
workbook's own example values agree with the kinds, and the descriptions' code lists are read."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import pytest

from kislearn import catalog
from kislearn.sandbox.field_shapes import KINDS, kind_of, parse_codes, shape_of, shapes_of

# Example values of the workbook that no kind fits (the sheets' own quirks): a date field showing a range, a "0"
# or a month. The answers write one YYYYMMDD date there.
QUIRKS = {
    ("ETF/ETN 현재가", "mtrt_date"),
    ("예탁원정보(액면교체일정)", "td_stop_dt"),
    ("예탁원정보(실권주일정)", "subscr_dt"),
    ("예탁원정보(의무예치일정)", "depo_date"),
    ("예탁원정보(합병/분할일정)", "td_stop_dt"),
    ("국내주식 종목추정실적", "dt"),
}


def agrees(kind: str, value: str) -> bool:
    if kind in ("price", "change", "quantity", "amount", "count", "rate", "number"):
        try:
            Decimal(value.replace(",", ""))
        except InvalidOperation:
            return False
        return True
    if kind == "date":
        return bool(re.fullmatch(r"\d{8}|\d{4}[-/.]\d{2}[-/.]\d{2}", value))
    if kind == "time":
        return bool(re.fullmatch(r"\d{4,6}", value))
    if kind == "yn":
        return value in ("Y", "N")
    return True


def test_every_response_field_of_every_rest_api_has_a_kind_and_the_examples_agree():
    checked, disagreeing = 0, set()
    for api in catalog.apis("REST"):
        for shapes in shapes_of(api).values():
            for name, shape in shapes.items():
                assert shape.kind in KINDS
                if shape.example is not None:
                    checked += 1
                    if not agrees(shape.kind, shape.example):
                        disagreeing.add((api.name, name))
    assert checked > 3_500  # the sheets' examples show most fields
    assert disagreeing == QUIRKS


@pytest.mark.parametrize(
    "description, width, codes",
    [
        ("00 : 전체 / 01 : 매도 / 02 : 매수", 2, [("00", "전체"), ("01", "매도"), ("02", "매수")]),
        ("J:KRX, NX:NXT, UN:통합", 2, [("J", "KRX"), ("NX", "NXT"), ("UN", "통합")]),
        ("1:정적 2:동적 3:정적&동적", 1, [("1", "정적"), ("2", "동적"), ("3", "정적&동적")]),
        (
            "청산체결이 없는 신규\t00\n청산체결이 없는 정정\t01",
            2,
            [("00", "청산체결이 없는 신규"), ("01", "청산체결이 없는 정정")],
        ),
        ("01.정상\n02.매매 불가", 2, [("01", "정상"), ("02", "매매 불가")]),
        ("Y: 발동 / N: 해제", 1, [("Y", "발동"), ("N", "해제")]),
        ("00 : 전체 / 01 : 매도", 1, []),  # codes longer than the field: not its codes
        ("종목코드 (ex 005930 삼성전자)", 12, []),  # one example is not a list
    ],
)
def test_code_lists_are_read_from_descriptions(description, width, codes):
    assert list(parse_codes(description, width)) == codes


def test_kinds_of_familiar_fields():
    price = catalog.find("주식현재가 일자별")
    kinds = {name: shape_of(price, "output", name).kind for name in ("stck_bsop_date", "stck_clpr", "acml_vol")}
    assert kinds == {"stck_bsop_date": "date", "stck_clpr": "price", "acml_vol": "quantity"}
    assert shape_of(price, "output", "prdy_ctrt").places == 2  # "2.81" in the sheet's example
    assert shape_of(price, "output", "prdy_vrss_sign").kind == "sign"
    balance = catalog.find("주식잔고조회")
    assert shape_of(balance, "output1", "pchs_avg_pric").places == 4
    assert shape_of(balance, "output1", "prdt_name").kind == "symbol_name"
    after_hours = catalog.find("주식현재가 시간외시간별체결")
    field = after_hours.section("output1").field("ovtm_untp_antc_cntg_vrss_sign")
    assert field.korean.endswith("대비") and kind_of(field) == "sign"  # the id's suffix wins over the Korean
