"""The fields of the three answers the consistency rules read, in the workbook's order — from the API catalog.

    from kislearn.consistency.fields import OUTPUT1_FIELDS
    OUTPUT1_FIELDS[:3]        # ('pdno', 'prdt_name', 'trad_dvsn_name')

The catalog (:mod:`kislearn.catalog`, generated from the official workbook) is the one home of every field's
name, official Korean name, type and length; these lists are its sections, nothing written by hand:

- ``OUTPUT1_FIELDS``: 주식잔고조회 (inquire-balance) ``output1``, one object per holding (26 fields);
- ``OUTPUT2_FIELDS``: 주식잔고조회 ``output2``, a list holding ONE summary object (24 fields);
- ``PRICE_OUTPUT_FIELDS``: 주식현재가 시세 (inquire-price) ``output``, one object (82 fields);
- ``QUANTITY_FIELDS``: the ``output1`` fields whose official name ends in 수량 (quantity): 전일매수수량,
  전일매도수량, 금일매수수량, 금일매도수량, 보유수량, 주문가능수량.

How each value is written (whole number, decimals, date) is not in the workbook: see :mod:`.formats`.
"""

from __future__ import annotations

from kislearn import catalog

BALANCE_API = "주식잔고조회"
PRICE_API = "주식현재가 시세"


def section_fields(api: str, section: str) -> tuple[str, ...]:
    """The field ids of one response section, in the workbook's order."""
    return tuple(item.name for item in catalog.find(api).section(section).fields)


def official_names(api: str, section: str) -> dict[str, str]:
    """``{field id: official Korean name}`` of one response section."""
    return {item.name: item.korean for item in catalog.find(api).section(section).fields}


OUTPUT1_FIELDS = section_fields(BALANCE_API, "output1")
OUTPUT2_FIELDS = section_fields(BALANCE_API, "output2")
PRICE_OUTPUT_FIELDS = section_fields(PRICE_API, "output")
QUANTITY_FIELDS = tuple(
    name for name, korean in official_names(BALANCE_API, "output1").items() if korean.endswith("수량")
)
