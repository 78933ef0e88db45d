"""docs/api-coverage.md: generated from the catalog and the sandbox's routing table by
scripts/build_api_coverage.py, and up to date."""

from __future__ import annotations

from pathlib import Path

from helpers import LIVING_MARKET_APIS, load_script

from kislearn import catalog, spec
from kislearn.sandbox.app import create_app
from kislearn.sandbox.catalog_api import answered_by_catalog

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "api-coverage.md"


def rows() -> list[str]:
    return [
        line for line in PAGE.read_text(encoding="utf-8").splitlines() if line.startswith("| ") and line[2].isdigit()
    ]


def test_the_page_is_up_to_date():
    assert PAGE.read_text(encoding="utf-8") == load_script("build_api_coverage").render(), (
        "run `python scripts/build_api_coverage.py`"
    )


def test_every_api_has_a_row_and_the_counts_add_up():
    found = load_script("build_api_coverage").counts()
    assert len(rows()) == 338
    assert found["modelled"] + found["schema-only"] == 278 == len(catalog.apis("REST"))
    assert found["refused on paper"] == sum(not api.paper_supported for api in catalog.apis("REST")) == 236
    streamed = sum(row.endswith("| websocket (served) | websocket (served) |") for row in rows())
    assert streamed >= 3 and streamed + sum(row.endswith("| websocket | websocket |") for row in rows()) == 60
    order = next(row for row in rows() if "| 주식주문(현금) |" in row)
    assert "`VTTC0012U` (매수)" in order and "구 `TTTC0801U`" in order and order.endswith("| modelled | modelled |")
    assert next(row for row in rows() if "| 매도가능수량조회 |" in row).endswith(
        "| 모의투자 미지원 | modelled | refused on paper |"
    )
    assert next(row for row in rows() if "| 주식현재가 체결 |" in row).endswith("| schema-only | schema-only |")
    assert next(row for row in rows() if "| 상품기본조회 |" in row).endswith("| modelled | refused on paper |")


def test_modelled_means_a_route_of_its_own_in_the_routing_table():
    app = create_app()
    own = {spec.TOKEN_PATH, spec.REVOKE_PATH, spec.HASHKEY_PATH, spec.BALANCE_PATH, spec.PRICE_PATH, spec.ORDER_PATH}
    own |= {spec.PRODUCT_INFO_PATH, *(catalog.find(name).path for name in LIVING_MARKET_APIS)}
    own.add("/uapi/domestic-stock/v1/quotations/chk-holiday")  # 국내휴장일조회
    for api in catalog.apis("REST"):
        if api.path in own:
            assert not answered_by_catalog(app, api), api.name
    assert answered_by_catalog(app, catalog.find("주식현재가 체결"))

    @app.get("/uapi/domestic-stock/v1/quotations/inquire-ccnl")  # a route added later wins at once
    def own_route():
        return {}

    assert not answered_by_catalog(app, catalog.find("주식현재가 체결"))
