"""Every catalogued REST API the sandbox does not model answers here: one route, driven by the API catalog.

The route is a catch-all (``/<path:path>``, GET and POST), registered after the modelled routes. The routing
table decides who answers: a path with its own route (주식잔고조회, 주식주문(현금), ... and whatever is added
later) always matches that route first, so this one only sees the others. :func:`answered_by_catalog` asks the
same table, for the coverage page. For a path of the catalog the answer goes like this:

1. the method must be the sheet's (else 405 SBX00405); a path the workbook does not list is 404 SBX00404;
2. the gateway's checks (``gateway.check_data_call``): app key, token, calls per second, 모의투자 미지원 on
   paper (90000000, as users' logs show KIS answering), the tr_id — any the catalog lists for the flavour,
   old ones too — and custtype;
3. the request against the sheet (``request_checks``): required fields sent, values not too long (OPSQ2002);
4. the account it names (OPSQ2000 unless it is one of this app's sample accounts) and the stock (SBX00011 for
   a domestic six-digit code outside the samples, as 주식현재가 시세 answers; SBX00026 for an order);
5. a schema-exact answer (``schema_answers``) cut into pages where the API pages (``catalog_paging``: every page
   of one read at page 1's market moment; an account that changed between the pages → SYDB0050), with
   KIS's envelope: the sheet's own example message where it shows one, else KIS's usual words (below).

The OAuth-style APIs without a tr_id take their keys from the body. Token, revoke, hashkey and 실시간 (웹소켓)
접속키 발급 (``/oauth2/Approval``) all have their own routes today, so :func:`oauth_style_answer` only serves an
OAuth-style API a later workbook adds.
"""

from __future__ import annotations

import re
from datetime import datetime

from flask import Blueprint, request
from werkzeug.exceptions import MethodNotAllowed, NotFound

from kislearn import catalog, sbx_codes, spec
from kislearn.sandbox import catalog_paging, gateway, request_checks
from kislearn.sandbox.responses import Refusal, kis_response, pad_msg1
from kislearn.sandbox.schema_answers import schema_answer, write_row
from kislearn.sandbox.schema_rows import DOMESTIC_STOCK, Ask, Scene, is_account_api, object_row
from kislearn.sandbox.state import current_state, market_moment

ENDPOINT = "kislearn_catalog.catalogued_api"
routes = Blueprint("kislearn_catalog", __name__)

# The envelope of a success, where the sheet's example shows none. From the sheets' examples (official):
# quotations answer MCA00000, trading inquiries KIOK0510, orders APBK0013; the paper host's inquiries answer
# 20310000 (users' recordings of 주식잔고조회). Which words which API uses is the sandbox's choice.
QUOTATION_OK = ("MCA00000", "정상처리 되었습니다.")
INQUIRY_OK = {"real": ("KIOK0510", "조회가 완료되었습니다"), "paper": ("20310000", "모의투자 조회가 완료되었습니다.")}
ORDER_OK = ("APBK0013", "주문 전송 완료 되었습니다.")
# The paging messages some sheets' examples show (official): more to come / the last page.
MORE_TO_COME = ("KIOK0500", "조회가 계속됩니다..다음버튼을 Click 하십시오.")
LAST_PAGE = ("KIOK0460", "조회 되었습니다. (마지막 자료)")
PAGING_MESSAGES = {"KIOK0460", "KIOK0490", "KIOK0500"}
NO_DATA = "KIOK0560"  # 조회할 내용이 없습니다: an example of an empty answer, not a success message to copy
STOCK_CODE = re.compile(r"[0-9]{6}")


@routes.route("/<path:path>", methods=["GET", "POST"])
def catalogued_api(path: str):
    """Any catalogued REST API without a route of its own (see the module docstring)."""
    api = catalog.rest_api("/" + path)
    if api is None or not api.is_rest:
        raise NotFound()
    if request.method != api.method:
        raise MethodNotAllowed(valid_methods=[api.method])
    if not api.tr_ids("real"):
        return oauth_style_answer(api)
    demo = gateway.check_data_call(api.path)
    sent = request_checks.read_request(api)
    request_checks.check_request(api, sent)
    state = current_state()
    now = market_moment()
    start = catalog_paging.continuation(api, sent, request.headers.get("tr_cont", ""), now)
    account = account_named(api, sent, demo.appkey, now, start.moment)
    snapshot = account.snapshot if account is not None else None
    if start.row and start.snapshot != snapshot:
        raise Refusal.from_spec(spec.SYDB0050, rt_cd="7")  # the account changed between the pages
    scene = Scene(state.market, account)
    check_symbols(api, sent, scene)
    fields = {item.name.upper(): sent.get(item.name, "") for item in api.request_fields}
    ask = Ask(api, demo.flavour, fields, start.moment)
    answer = schema_answer(ask, scene)
    rows = answer.sections[answer.paged] if answer.paged else []
    page = catalog_paging.page_of(api, sent, rows, demo.flavour, start, snapshot)
    sections = dict(answer.sections)
    if answer.paged:
        sections[answer.paged] = page.rows
    msg_cd, msg1 = success_message(api, demo.flavour, page)
    body = {
        **continuation_keys(api, page),
        **answer.top,
        **sections,
        "rt_cd": "0",
        "msg_cd": msg_cd,
        "msg1": pad_msg1(msg1),
    }
    return kis_response(body, tr_id=gateway.request_tr_id(), tr_cont=page.tr_cont)


def oauth_style_answer(api: catalog.Api):
    """An OAuth-style API (no tr_id, no token): the keys in the JSON body (``appkey`` with ``appsecret`` or
    ``secretkey``), then every documented field."""
    body = gateway.json_body()
    gateway.check_app(str(body.get("appkey", "")), str(body.get("appsecret", body.get("secretkey", ""))))
    state = current_state()
    ask = Ask(api, "real", {str(k).upper(): str(v) for k, v in body.items()}, market_moment())
    row = object_row(ask, Scene(state.market), "response")
    return kis_response(write_row(api, "response", api.response_fields, row, ask))


def account_named(api: catalog.Api, sent: dict[str, str], appkey: str, now: datetime, valued_at: datetime):
    """The sample account a request names (CANO, and ACNT_PRDT_CD where the sheet has it), as this app sees it
    at ``now``, valued at ``valued_at`` (page 1's moment); OPSQ2000 unless the CANO is a sample account's and the product code one of KIS's. Every sample account
    number also answers for the other product codes (선물옵션 03, 해외선물옵션 08, ...), with no holdings there.
    # sandbox's choice. None for an API that asks for no account."""
    if not is_account_api(api):
        return None
    cano = sent.get("CANO", "")
    state = current_state()
    samples = {account.cano: account.account for account in state.data.accounts.values()}
    has_product = any(item.name.upper() == "ACNT_PRDT_CD" for item in api.request_fields)
    product_code = sent.get("ACNT_PRDT_CD", "")
    if cano not in samples or (has_product and product_code not in spec.ACCOUNT_PRODUCT_CODES):
        raise Refusal.from_spec(spec.OPSQ2000, rt_cd="2")
    return state.ledger.balance(appkey, samples[cano], now, valued_at=valued_at)


def check_symbols(api: catalog.Api, sent: dict[str, str], scene: Scene) -> None:
    """A domestic stock API asked about a six-digit stock code outside the sample data: SBX00011 (a quote) or
    SBX00026 (an order), as the modelled 주식현재가 시세 and 주식주문(현금) answer. # sandbox's choice"""
    if not api.path.startswith(DOMESTIC_STOCK):
        return
    for item in api.request_fields:
        code = sent.get(item.name, "").strip()
        if _names_a_stock(item) and STOCK_CODE.fullmatch(code) and code.strip("0") and code not in scene.market.symbols:
            unknown = sbx_codes.UNKNOWN_SYMBOL_ORDER if api.method == "POST" else sbx_codes.UNKNOWN_SYMBOL_QUOTE
            raise Refusal.from_spec(unknown, symbol=code)


def _names_a_stock(item: catalog.Field) -> bool:
    korean = "".join(item.korean.split())
    return any(word in korean for word in ("종목코드", "상품번호", "종목번호", "단축코드")) and "기초자산" not in korean


def success_message(api: catalog.Api, flavour: str, page: catalog_paging.Page) -> tuple[str, str]:
    """``(msg_cd, msg1)`` of a success (see the constants above)."""
    parsed = api.examples.response
    shown = (parsed.get("msg_cd"), parsed.get("msg1")) if isinstance(parsed, dict) else (None, None)
    if shown[0] in PAGING_MESSAGES:
        return MORE_TO_COME if page.tr_cont == "M" else LAST_PAGE
    if (
        isinstance(shown[0], str)
        and shown[0]
        and shown[0] != NO_DATA
        and isinstance(shown[1], str)
        and flavour == "real"
    ):
        return shown[0], shown[1].strip()
    if "/quotations/" in api.path or "/ranking/" in api.path:
        return QUOTATION_OK
    return ORDER_OK if api.method == "POST" else INQUIRY_OK[flavour]


def continuation_keys(api: catalog.Api, page: catalog_paging.Page) -> dict[str, str]:
    """Every ``ctx_area_*`` field the sheet lists: the page's keys, spaces for any other."""
    keys = {
        item.name: " " * catalog_paging.key_width(item.name)
        for item in api.response_fields
        if item.name.lower().startswith("ctx_area_")
    }
    return {**keys, **page.keys}


def answered_by_catalog(app, api: catalog.Api) -> bool:
    """True when the routing table sends ``api`` to this route (no route of its own matches its path)."""
    adapter = app.url_map.bind("sandbox.local")
    try:
        endpoint, _ = adapter.match(api.path, method=api.method)
    except (NotFound, MethodNotAllowed):
        return False
    return endpoint == ENDPOINT
