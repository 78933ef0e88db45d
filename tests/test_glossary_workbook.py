"""The glossary beyond the lessons' fields: every request/response field of every API of the official
workbook (kislearn.catalog) answers with its official name and the workbook's own description, marked as
the workbook's; the hand-written entries always win."""

from __future__ import annotations

import pytest

from kislearn import catalog
from kislearn.errors import InvalidArgumentError
from kislearn.glossary import ENVELOPE_FIELDS, WORKBOOK, field, load_glossary, lookup


def test_ord_psbl_cash_answers_with_the_official_name_and_the_workbooks_description():
    entry = field("ord_psbl_cash")
    assert (entry.section, entry.source, entry.official_name) == (WORKBOOK, WORKBOOK, "주문가능현금")
    # the first description the workbook gives (신용매수가능조회 and 퇴직연금 매수가능조회 give none)
    assert entry.meaning.startswith("공식 명세의 설명(매수가능조회 output): 예수금으로 계산된 주문가능금액")
    assert entry.apis[:3] == ("신용매수가능조회", "퇴직연금 매수가능조회", "매수가능조회") and len(entry.apis) == 8
    assert entry.unit == "" and entry.type == "string" and not entry.is_number
    text = entry.describe()
    assert "공식 명세(workbook)" in text and "공식 명세의 글 그대로" in text
    assert lookup("ord_psbl_cash")[0] == entry


def test_every_catalog_field_has_an_entry():
    names = catalog.field_names()
    assert len(names) > 3000
    for name in names:
        if name in ENVELOPE_FIELDS:
            continue
        entry = field(name)
        assert entry.official_name, name
        if entry.source == WORKBOOK:
            assert entry.meaning.startswith(("공식 명세의 설명(", "공식 명세에는 이름만")), name


def test_hand_written_entries_win_and_the_workbook_can_still_be_asked():
    assert field("dnca_tot_amt").source == "course"
    official = field("dnca_tot_amt", section=WORKBOOK)
    assert official.source == WORKBOOK and official.official_name == "예수금총금액"
    assert official.meaning.startswith("공식 명세의 설명(주식잔고조회 output2): 예수금")
    assert "주식잔고조회" in official.apis


def test_lookup_puts_the_hand_written_entries_first_and_sections_stay_hand_written():
    found = lookup("예수금")
    sources = [item.source for item in found]
    assert sources == sorted(sources, key=["course", WORKBOOK].index)  # course entries, then the workbook's
    assert found[0].field == "dnca_tot_amt"
    assert any(item.source == WORKBOOK for item in found)
    assert all(item.source == "course" for item in lookup("예수금", section="output2"))
    assert all(item.source == WORKBOOK for item in lookup("예수금", section=WORKBOOK))
    assert len(load_glossary()) == len([item for item in load_glossary() if item.source == "course"])


def test_envelope_fields_and_unknown_ids_stay_clear_errors():
    with pytest.raises(InvalidArgumentError, match="envelope"):
        field("rt_cd")
    with pytest.raises(InvalidArgumentError, match="ord_psbl_cash"):
        field("ord_psbl_csh")
    with pytest.raises(InvalidArgumentError, match="section"):
        field("ord_psbl_cash", section="output4")
    assert lookup("no such thing anywhere") == []


def test_the_dashboard_search_shows_workbook_entries_without_a_value():
    dashboard = pytest.importorskip("kislearn.dashboard")
    balance = {"output1": [{"prdt_name": "삼성전자", "hldg_qty": "3"}], "output2": [{"dnca_tot_amt": "1000"}]}
    assert dashboard.current_value("ord_psbl_cash", WORKBOOK, balance) == ""
    assert dashboard.current_value("dnca_tot_amt", "output2", balance) == "1,000원"
