"""One home for field facts: the consistency rules' field lists are the API catalog's sections, and the value
formats (the one fact the workbook does not give) agree with the workbook's own response examples."""

from __future__ import annotations

import pytest

from kislearn import catalog
from kislearn.consistency import fields, formats
from kislearn.consistency.value_checks import format_ok
from kislearn.glossary import fields_of, value_type

SECTIONS = {  # list, formats, (API, section)
    "output1": (fields.OUTPUT1_FIELDS, formats.OUTPUT1_FORMATS, ("주식잔고조회", "output1")),
    "output2": (fields.OUTPUT2_FIELDS, formats.OUTPUT2_FORMATS, ("주식잔고조회", "output2")),
    "price": (fields.PRICE_OUTPUT_FIELDS, formats.PRICE_FORMATS, ("주식현재가 시세", "output")),
}


@pytest.mark.parametrize("section", SECTIONS)
def test_the_field_lists_are_the_catalogs_sections(section):
    names, _, (api, place) = SECTIONS[section]
    assert names == tuple(item.name for item in catalog.find(api).section(place).fields)
    assert len(names) == {"output1": 26, "output2": 24, "price": 82}[section]


@pytest.mark.parametrize("section", SECTIONS)
def test_the_formats_name_only_documented_fields_and_fit_the_official_example(section):
    names, written, (api, place) = SECTIONS[section]
    assert set(written) <= set(names)
    example = catalog.find(api).examples.response[place]
    rows = example if isinstance(example, list) else [example]
    checked = 0
    for row in rows:
        for name, kind in written.items():
            value = row.get(name)
            if value not in (None, ""):
                assert format_ok(value, kind), f"{place}.{name}: the example writes {value!r}, the table says {kind!r}"
                checked += 1
    assert checked >= len(written) // 2  # the examples show most of them


def test_the_quantity_fields_are_output1s_quantities():
    assert fields.QUANTITY_FIELDS == (
        "bfdy_buy_qty",
        "bfdy_sll_qty",
        "thdt_buyqty",
        "thdt_sll_qty",
        "hldg_qty",
        "ord_psbl_qty",
    )


@pytest.mark.parametrize("section", SECTIONS)
def test_the_glossary_takes_official_names_from_the_catalog_and_types_from_the_formats(section):
    _, written, (api, place) = SECTIONS[section]
    documented = {item.name: item.korean for item in catalog.find(api).section(place).fields}
    for item in fields_of(section):
        assert item.official_name == documented[item.field]
        assert item.type == value_type(section, item.field, item.unit)
        if item.field in written:
            assert item.type == {"int": "int", "date": "date"}.get(written[item.field], "decimal")


def test_the_tables_default_columns_are_catalogued_fields():
    """values.HOLDING_COLUMNS and PRICE_COLUMNS are the course's choice of columns (not field facts): each is a
    field of its catalogued section."""
    from kislearn.values import HOLDING_COLUMNS, PRICE_COLUMNS

    assert set(HOLDING_COLUMNS) <= set(fields.OUTPUT1_FIELDS)
    assert set(PRICE_COLUMNS) <= set(fields.PRICE_OUTPUT_FIELDS)
