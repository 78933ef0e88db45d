"""The Flask application: the routes that answer like KIS.

Every KIS route is written once, at its KIS path, and answers at the host root and under ``/real`` and
``/paper`` (``paths.py``)::

    http://127.0.0.1:8434/oauth2/tokenP           real or paper: the app key decides, as at KIS
    http://127.0.0.1:8434/paper/oauth2/tokenP     plays 모의투자 https://openapivts.koreainvestment.com:29443
    http://127.0.0.1:8434/real/oauth2/tokenP      plays 실전   https://openapi.koreainvestment.com:9443

A route asks ``gateway.py`` for the checks every call goes through (keys, token, calls per second, tr_id) and
gets back the app, whose ``flavour`` says which host the call plays; then it checks its own parameters and
answers. Adding an API is one function::

    @routes.get(spec.PRICE_PATH)
    def inquire_price():
        demo = gateway.check_data_call(spec.PRICE_PATH)
        ...
        return answer(body)

The routes are in three modules: this one (the sandbox's controls, OAuth, hashkey, 주식잔고조회, 주식현재가 시세,
상품기본조회), ``order_routes.py`` (주식주문(현금), 주식주문(정정취소), 주식일별주문체결조회, 매수가능조회,
매도가능수량조회, 주식정정취소가능주문조회) and ``chart_routes.py`` (the four chart APIs). Every other catalogued
REST API is answered by ``catalog_api.py`` (one catch-all route, registered after these, so a route of its own
always wins). Every answer about the market is of one moment, the request's (``state.market_moment``), read from
the sandbox's market clock; ``GET`` / ``POST /sandbox/clock`` read and move it. The sandbox's own codes (SBX…)
are in :mod:`kislearn.sbx_codes`; its state is in ``state.py``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import Blueprint, Flask, current_app, request
from werkzeug.exceptions import HTTPException

from kislearn import sbx_codes, spec
from kislearn.sandbox import catalog_api, gateway, holiday_api, responses
from kislearn.sandbox.chart_routes import chart_routes
from kislearn.sandbox.gateway import check_account, invalid, query
from kislearn.sandbox.market import ClockError, MarketClock, apply_control
from kislearn.sandbox.order_routes import order_routes
from kislearn.sandbox.paths import KisPaths, original_path
from kislearn.sandbox.responses import Refusal, answer, sandbox_message
from kislearn.sandbox.rules import SandboxRules
from kislearn.sandbox.samples import DemoApp, SampleAccount, load_sample_data
from kislearn.sandbox.state import (
    EXTENSION_KEY,
    SERVICE_NAME,
    SandboxState,
    check_within_history,
    code_fingerprint,
    current_state,
    market_moment,
)
from kislearn.sandbox.tokens import token_body

# 주식잔고조회: the values each query parameter accepts (anything else → OPSQ2001).
BALANCE_CHOICES = {
    "AFHR_FLPR_YN": ("N", "Y", "X"),
    "OFL_YN": ("", "N"),  # blank officially; mojito2 sends "N"
    "INQR_DVSN": ("01", "02"),  # "02" is refused on real below
    "UNPR_DVSN": ("01",),
    "FUND_STTL_ICLD_YN": ("N", "Y"),
    "FNCG_AMT_AUTO_RDPT_YN": ("N",),
    "PRCS_DVSN": ("00", "01"),
}
MARKET_CODES = ("J", "NX", "UN")  # KRX, NXT, combined

routes = Blueprint("kislearn_sandbox", __name__)


# ---------------------------------------------------------------------------------------------------
# The sandbox's own routes (not KIS APIs)
# ---------------------------------------------------------------------------------------------------
@routes.get("/sandbox/health")
def health():
    """Tells a caller that this port holds a kislearn sandbox (see launcher.ensure_running)."""
    import kislearn  # here, not at the top: kislearn's __init__ may be importing this module

    return answer(
        {
            "service": SERVICE_NAME,
            "version": getattr(kislearn, "__version__", None) or "0.1.0",
            "flavours": list(spec.FLAVOURS),
            "pid": os.getpid(),
            "code": code_fingerprint(),  # which kislearn code answers: ensure_running replaces an older sandbox
            "data_dirs": current_state().data_dirs,  # recorded folders served besides the samples
            "websocket_port": current_state().websocket_port,  # 실시간 (WebSocket): ws://<this host>:<port>
            "clock": current_state().clock.mode,  # the market clock: wall, course, fixed or fast
        }
    )


@routes.post("/sandbox/shutdown")
def shutdown():
    """Ask a sandbox started by serve() to stop (ensure_running uses it to replace an older one).
    Only from this computer (a classroom sandbox on 0.0.0.0 cannot be stopped by a student), and never from a
    web page (gateway.check_control_request)."""
    if request.remote_addr not in ("127.0.0.1", "::1"):
        raise Refusal.from_spec(sbx_codes.NOT_FOUND, method=request.method, path=original_path())
    gateway.check_control_request()
    current_state().stop_requested.set()
    return answer({"stopping": True})


@routes.get("/sandbox/stats")
def stats():
    """The counters: tokens issued and re-used per flavour, requests served, calls refused by the rate limit."""
    return answer(current_state().stats.snapshot())


@routes.post("/sandbox/reset")
def reset_accounts():
    """Put this app's accounts back to the samples (headers ``appkey``, ``appsecret``; a JSON body)."""
    demo = gateway.check_app_headers()
    gateway.check_control_request()
    current_state().ledger.reset(demo.appkey)
    return answer(sandbox_message(sbx_codes.RESET_OK))


@routes.get("/sandbox/orders")
def list_orders():
    """This app's orders, filled (체결) and resting (미체결), oldest first. Not a KIS API."""
    demo = gateway.check_app_headers()
    records = current_state().ledger.orders(demo.appkey, now=market_moment())
    return answer(sandbox_message(sbx_codes.ORDERS_OK, output=[record.as_dict() for record in records]))


@routes.get("/sandbox/clock")
def read_clock():
    """The market clock: its mode, the time, the market's phase, and when orders are taken. Not a KIS API."""
    return answer(sandbox_message(sbx_codes.CLOCK_OK, output=clock_output(current_state())))


@routes.post("/sandbox/clock")
def move_clock():
    """Move the market clock: a JSON body ``{"advance_seconds": N}`` or ``{"set": "2026-12-02T10:00:00+09:00"}``.
    Only from this computer, and never from a web page, like /sandbox/shutdown: the clock is the whole
    classroom's, so a student cannot move it from their seat (the instructor does, on the sandbox's computer)."""
    if request.remote_addr not in ("127.0.0.1", "::1"):
        raise Refusal.from_spec(sbx_codes.NOT_FOUND, method=request.method, path=original_path())
    gateway.check_control_request()
    state, body = current_state(), gateway.json_body()
    before = state.clock.now()
    try:
        apply_control(state.clock, body)  # a move it refuses changes nothing
    except ClockError as error:
        raise Refusal.from_spec(sbx_codes.BAD_CLOCK, reason=str(error)) from None
    try:
        check_within_history(state.clock.now(), state.market)
    except ClockError as error:
        state.clock.set(before, allow_past=True)  # a move out of the market's years is undone
        raise Refusal.from_spec(sbx_codes.BAD_CLOCK, reason=str(error)) from None
    state.ledger.catch_up(state.market_now())  # fills and settlement of the time passed, told at once
    return answer(sandbox_message(sbx_codes.CLOCK_OK, output=clock_output(state)))


def clock_output(state: SandboxState) -> dict:
    """What ``/sandbox/clock`` answers: ``MarketClock.describe()`` and ``order_hours`` ("always" or "krx")."""
    return {**state.clock.describe(), "order_hours": state.order_hours}


# ---------------------------------------------------------------------------------------------------
# OAuth and hashkey
# ---------------------------------------------------------------------------------------------------
def check_body_keys(body: dict) -> DemoApp:
    """The app named by the ``appkey``/``appsecret`` fields of an /oauth2 body."""
    return gateway.check_app(str(body.get("appkey", "")), str(body.get("appsecret", "")))


@routes.post(spec.TOKEN_PATH)
def issue_token():
    """접근토큰발급(P): a new token, or the same one again within 6 hours."""
    body = gateway.json_body()
    demo = check_body_keys(body)
    if body.get("grant_type") != "client_credentials":
        raise Refusal.from_spec(sbx_codes.BAD_GRANT_TYPE)
    state = current_state()
    token, is_new = state.tokens.request(demo)
    state.stats.add("tokens_issued" if is_new else "tokens_reused", demo.flavour)
    return answer(token_body(token, state.rules.now()))


@routes.post(spec.REVOKE_PATH)
def revoke_token():
    """접근토큰폐기(P): the token is refused from now on."""
    body = gateway.json_body()
    demo = check_body_keys(body)
    current_state().tokens.revoke(str(body.get("token", "")), demo)
    return answer(dict(spec.REVOKE_OK))


@routes.post(spec.APPROVAL_PATH)
def issue_approval_key():
    """실시간 (웹소켓) 접속키 발급: a new approval key for the WebSocket service. The body names the secret
    ``secretkey`` (the workbook: "appsecret와 secretkey는 동일"); the keys are checked as for a token."""
    body = gateway.json_body()
    demo = gateway.check_app(str(body.get("appkey", "")), str(body.get("secretkey", "")))
    if body.get("grant_type") != "client_credentials":
        raise Refusal.from_spec(sbx_codes.BAD_GRANT_TYPE)
    return answer({"approval_key": current_state().approvals.issue(demo).key})


@routes.post(spec.HASHKEY_PATH)
def hashkey():
    """Hashkey: echoes the body with a hash of it (no token needed)."""
    demo = gateway.check_app_headers()
    gateway.check_rate(demo)  # hashkey counts as a call too # sandbox's choice
    body = gateway.json_body()
    return answer({"BODY": body, "HASH": responses.hashkey_of(body, demo.appsecret)})


# ---------------------------------------------------------------------------------------------------
# 주식잔고조회 and 주식현재가 시세
# ---------------------------------------------------------------------------------------------------
def check_balance_query(flavour: str, params: dict, demo: DemoApp) -> SampleAccount:
    """주식잔고조회's parameters: the account (OPSQ2000), then each value (OPSQ2001). Returns the account."""
    account = check_account(demo, params.get("CANO", ""), params.get("ACNT_PRDT_CD", ""))
    for name, accepted in BALANCE_CHOICES.items():
        if params.get(name, "") not in accepted:
            raise invalid(name)
    if flavour == "real" and params["INQR_DVSN"] != "01":
        raise invalid("INQR_DVSN")  # refused on real accounts since 2026-02-10
    return account


def continuation(params: dict, fk100: str, account: SampleAccount, now: datetime) -> tuple:
    """``(row, moment)``: the row a ``tr_cont: N`` request continues from, and the market moment page 1 was valued
    at (None for a key without one).

    Missing, garbled or foreign ctx values, or a moment after now → OPSQ2001 INVALID_CHECK_CTX_AREA_NK100
    (# sandbox's choice). A key taken from another state of the account (an order filled between the pages, a new
    trading day) → SYDB0050 "조회이후에 자료가 변경되었습니다.(다시 조회하세요)", rt_cd "7": the code, text and rt_cd
    the course's facts record for data changed between pages; which changes make KIS send it, and its HTTP status,
    are UNCONFIRMED (these changes, and 200 # sandbox's choice).
    """
    same_search = params.get("CTX_AREA_FK100", "").rstrip() == fk100.rstrip()
    key = responses.read_nk100(params.get("CTX_AREA_NK100", ""), account)
    if not same_search or key is None or not 0 < key[0] < len(account.output1):
        raise invalid("CTX_AREA_NK100")
    row, snapshot, moment = key
    if moment is not None:
        try:
            check_within_history(moment, current_state().market)
        except ClockError:
            moment = now + timedelta(days=1)  # refused below, like any moment the market has no prices for
        if moment > now:
            raise invalid("CTX_AREA_NK100")
    if snapshot != account.snapshot:
        raise Refusal.from_spec(spec.SYDB0050, rt_cd="7")
    return row, moment


@routes.get(spec.BALANCE_PATH)
def inquire_balance():
    """주식잔고조회: one page of holdings (output1) and the account summary (output2), valued at the request's
    moment; the next pages of one read at page 1's moment, so every page adds up with the others."""
    demo = gateway.check_data_call(spec.BALANCE_PATH)
    params = query()
    account = check_balance_query(demo.flavour, params, demo)
    fk100 = responses.balance_fk100(account.cano, account.product_code, params)
    moment = market_moment()
    start = 0  # tr_cont blank = 초기 조회: the first page, whatever ctx values come along
    if request.headers.get("tr_cont", "").strip().upper() == spec.NEXT_PAGE_REQUEST:
        start, valued_at = continuation(params, fk100, account, moment)
        if valued_at is not None and valued_at != moment:
            account = current_state().ledger.balance(demo.appkey, account.account, moment, valued_at=valued_at)
            moment = valued_at
    rows_per_page = current_state().rules.rows_per_page[demo.flavour]
    body, tr_cont = responses.balance_page(account, demo.flavour, start, rows_per_page, fk100, moment)
    return answer(body, tr_cont=tr_cont)


@routes.get(spec.PRICE_PATH)
def inquire_price():
    """주식현재가 시세: one sample symbol at the request's moment (the market clock's)."""
    gateway.check_data_call(spec.PRICE_PATH)
    params = query()
    if params.get("FID_COND_MRKT_DIV_CODE", "") not in MARKET_CODES:
        raise Refusal.from_spec(sbx_codes.BAD_MARKET)  # sandbox's choice
    symbol = params.get("FID_INPUT_ISCD", "")
    market = current_state().market
    if symbol not in market:
        raise Refusal.from_spec(sbx_codes.UNKNOWN_SYMBOL_QUOTE, symbol=symbol)  # sandbox's choice
    return answer(responses.price_body(market.quote(symbol, market_moment())))


@routes.get(spec.PRODUCT_INFO_PATH)
def search_info():
    """상품기본조회: a sample stock's code and name (real only: the sheet says 모의투자 미지원)."""
    gateway.check_data_call(spec.PRODUCT_INFO_PATH)
    params = query()
    symbol = params.get("PDNO", "")
    price = current_state().data.prices.get(symbol)
    if params.get("PRDT_TYPE_CD", "") != responses.STOCK_PRODUCT_TYPE or price is None:
        raise Refusal.from_spec(sbx_codes.UNKNOWN_SYMBOL_QUOTE, symbol=symbol)  # KRX stocks only # sandbox's choice
    return answer(responses.product_info_body(price))


# ---------------------------------------------------------------------------------------------------
# Errors: always KIS-shaped JSON, never an HTML page
# ---------------------------------------------------------------------------------------------------
def refused(error: Refusal):
    """A failed check → the error answer. The /oauth2 endpoints use their own OAuth-style body."""
    if request.path.startswith("/oauth2/"):
        return answer(error.oauth_body(), error.status)
    return answer(error.envelope(), error.status)


def http_error(error: HTTPException):
    """404 (no such API), 405 (wrong method) and the like."""
    where = {"method": request.method, "path": original_path()}
    if error.code == 404:
        refusal = Refusal.from_spec(sbx_codes.NOT_FOUND, **where)
    elif error.code == 405:
        refusal = Refusal.from_spec(sbx_codes.METHOD_NOT_ALLOWED, **where)
    else:
        refusal = Refusal(f"SBX00{error.code}", f"[샌드박스] {error.name}", error.code or 400)
    return answer(refusal.envelope(), refusal.status)


def crashed(error: Exception):
    """A bug in the sandbox: log it, answer 500 in KIS's shape."""
    current_app.logger.exception("sandbox error on %s %s", request.method, request.path)
    refusal = Refusal.from_spec(sbx_codes.INTERNAL_ERROR)
    return answer(refusal.envelope(), refusal.status)


def count_request(response):
    """Remember when the last request came, and count the KIS ones."""
    state = current_state()
    state.last_request = time.monotonic()
    if not request.path.startswith("/sandbox/"):
        state.stats.add("requests_served")
    return response


def catch_up_orders():
    """Before every request: every app's resting orders are matched up to the request's moment, so a fill happens
    (and is told to the order listeners) when its moment has come, whoever asks. # sandbox's choice"""
    state = current_state()
    state.ledger.catch_up(market_moment())


def create_app(
    rules: SandboxRules | None = None,
    apps: Iterable[DemoApp] | None = None,
    data_dirs: Iterable | None = None,
    clock: MarketClock | None = None,
) -> Flask:
    """Build the sandbox's Flask app. ``apps`` are registered besides the demo apps; ``data_dirs`` hold
    extra accounts/prices; ``clock`` is the market clock (default ``fixed`` at 2026-11-20 15:30). The app's
    state is at ``app.extensions["kislearn_sandbox"]``."""
    app = Flask(__name__)
    data_dirs = list(data_dirs or [])
    data = load_sample_data(apps, data_dirs)
    app.extensions[EXTENSION_KEY] = SandboxState(rules or SandboxRules(), data, data_dirs, clock)
    app.url_map.merge_slashes = False  # KisPaths merges them first; never a 308 redirect page
    for blueprint in (routes, order_routes, chart_routes, holiday_api.routes):
        app.register_blueprint(blueprint)
    app.register_blueprint(catalog_api.routes)  # every other catalogued API, last: routes of their own win
    for rule in app.url_map.iter_rules():  # no automatic OPTIONS answer (an empty HTML page): 405 in KIS's shape
        rule.provide_automatic_options = False
        rule.methods.discard("OPTIONS")
    app.register_error_handler(Refusal, refused)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, crashed)
    app.before_request(catch_up_orders)
    app.after_request(count_request)
    app.wsgi_app = KisPaths(app.wsgi_app)
    return app
