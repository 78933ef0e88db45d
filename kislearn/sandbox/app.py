"""The Flask application: the routes that answer like KIS, and the checks each request goes through.

One server plays both KIS hosts under a path prefix::

    http://127.0.0.1:8434/real/...    plays 실전   https://openapi.koreainvestment.com:9443/...
    http://127.0.0.1:8434/paper/...   plays 모의투자 https://openapivts.koreainvestment.com:29443/...

A data call (/uapi/...) is checked in this order, like KIS's gateway:
app key (EGW00103) → app secret (EGW00105) → access token (EGW00121 / EGW00123) → calls per second (EGW00201)
→ tr_id (EGW2004 or the sandbox's SBX0000x) → query parameters (OPSQ2000 / OPSQ2001).
A failed check raises :class:`Refusal`; one error handler turns it into the answer KIS would give.

Orders (주식주문(현금), POST) pass the same gateway checks; then ``orders.py`` checks the order and
``ledger.py`` keeps each app key's own copy of the accounts (``POST /<flavour>/sandbox/reset`` restores it).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import os
import re
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from flask import Blueprint, Flask, current_app, request
from werkzeug.exceptions import HTTPException

from kislearn import spec
from kislearn.sandbox import orders, responses
from kislearn.sandbox.ledger import Ledger
from kislearn.sandbox.responses import Refusal, kis_response
from kislearn.sandbox.rules import RateLimitCheck, SandboxRules
from kislearn.sandbox.samples import DemoApp, SampleAccount, SampleData, load_sample_data, student_app_for
from kislearn.sandbox.tokens import TokenBook, token_body

SERVICE_NAME = "kislearn-sandbox"


@functools.cache
def code_fingerprint() -> str:
    """A short hash of the kislearn package's code and data: two sandboxes with the same value answer alike."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


FLAVOUR_PREFIX = "/<any(real, paper):flavour>"

# The tr_id(s) each data API accepts, by flavour.
TR_IDS = {
    spec.BALANCE_PATH: spec.BALANCE_TR_ID,
    spec.PRICE_PATH: spec.PRICE_TR_ID,
    # 주식주문(현금): the new ids, and the old ones too. The sheet says the old ids "may be blocked without
    # notice"; the sandbox still accepts them, with the same answer, so mojito2 0.1.6 works. # sandbox's choice
    spec.ORDER_PATH: {
        flavour: (*spec.ORDER_TR_ID[flavour].values(), *spec.ORDER_OLD_TR_ID[flavour].values())
        for flavour in spec.FLAVOURS
    },
}

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


class Stats:
    """Counters other processes can read at ``GET /sandbox/stats``."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts = {
            "tokens_issued": {flavour: 0 for flavour in spec.FLAVOURS},  # new tokens
            "tokens_reused": {flavour: 0 for flavour in spec.FLAVOURS},  # the same token handed out again
            "requests_served": 0,  # every request under /real and /paper
            "rate_limited": 0,  # calls refused with EGW00201
        }

    def add(self, name: str, flavour: str | None = None) -> None:
        """Add one to a counter; the token counters are kept per flavour."""
        with self._lock:
            if flavour is None:
                self._counts[name] += 1
            else:
                self._counts[name][flavour] += 1

    def snapshot(self) -> dict:
        """A copy of all counters."""
        with self._lock:
            return copy.deepcopy(self._counts)


class SandboxState:
    """Everything one running sandbox remembers."""

    def __init__(self, rules: SandboxRules, data: SampleData, data_dirs: Iterable = ()):
        self.rules = rules
        self.data = data
        self.data_dirs = [data_dir_id(d) for d in data_dirs]  # extra folders, as /sandbox/health reports them
        self.tokens = TokenBook(rules)
        self.limiter = RateLimitCheck(rules)
        self.ledger = Ledger(data.accounts)  # each app key's own copy of the sample accounts
        self.stats = Stats()
        self.last_request = time.monotonic()  # for serve(idle_timeout=...)
        self.stop_requested = threading.Event()  # set by POST /sandbox/shutdown; serve() then stops


def data_dir_id(folder) -> str:
    """How a data folder is named in ``/sandbox/health``: its absolute path, case-folded where the file
    system ignores case (Windows), so two spellings of one folder compare equal."""
    return os.path.normcase(os.path.abspath(os.fspath(folder)))


def state() -> SandboxState:
    """The state of the sandbox answering the current request."""
    return current_app.extensions["kislearn_sandbox"]


# ---------------------------------------------------------------------------------------------------
# Helpers that read the request and shape the answer
# ---------------------------------------------------------------------------------------------------
def query() -> dict:
    """The query parameters with upper-case names (mojito2 sends some in lower case)."""
    return {name.upper(): value for name, value in request.args.items()}


def json_body() -> dict:
    """The request body as a JSON object, or Refusal SBX00005."""
    body = request.get_json(force=True, silent=True)
    if not isinstance(body, dict):
        raise Refusal.from_spec(responses.SBX_BAD_JSON)
    return body


def answer(body: dict, status: int = 200, tr_cont: str = ""):
    """A KIS-shaped answer that echoes the request's tr_id."""
    return kis_response(body, status, tr_id=request.headers.get("tr_id", ""), tr_cont=tr_cont)


# ---------------------------------------------------------------------------------------------------
# The checks, in KIS's order
# ---------------------------------------------------------------------------------------------------
def check_app(flavour: str, appkey: str, appsecret: str) -> DemoApp:
    """The app key must be registered for this flavour (paper and real keys are separate, as at KIS)."""
    demo = state().data.apps.get(appkey) or student_app_for(appkey, state().rules.signing_key)
    if demo is None or demo.flavour != flavour:
        raise Refusal.from_spec(spec.EGW00103)
    if appsecret != demo.appsecret:
        raise Refusal.from_spec(spec.EGW00105)
    return demo


def check_app_headers(flavour: str) -> DemoApp:
    """check_app with the ``appkey``/``appsecret`` headers (header names in any upper/lower case)."""
    return check_app(flavour, request.headers.get("appkey", ""), request.headers.get("appsecret", ""))


def check_token(demo: DemoApp) -> None:
    """The ``authorization: Bearer <token>`` header must carry a live token of this app."""
    scheme, _, access_token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not access_token.strip():
        raise Refusal.from_spec(spec.EGW00121)  # no token at all counts as an invalid one # sandbox's choice
    state().tokens.check(access_token.strip(), demo)


def check_rate(demo: DemoApp) -> None:
    """At most ``calls_per_second`` calls per app in any one second."""
    if not state().limiter.allow(demo.appkey, demo.flavour):
        state().stats.add("rate_limited")
        raise Refusal.from_spec(spec.EGW00201, extra={"message": "EGW00201"})


def check_tr_id(flavour: str, path: str) -> None:
    """The ``tr_id`` header must be the one this API expects on this host."""
    tr_id = request.headers.get("tr_id", "").strip()
    accepted = TR_IDS[path][flavour]
    if tr_id == accepted or (isinstance(accepted, tuple) and tr_id in accepted):
        return
    if not tr_id:
        raise Refusal.from_spec(responses.SBX_NO_TR_ID)  # sandbox's choice
    if flavour == "paper" and tr_id.startswith("T"):
        raise Refusal.from_spec(spec.EGW2004)  # a real-account tr_id on the paper host
    if flavour == "real" and tr_id.startswith("V"):
        raise Refusal.from_spec(responses.SBX_PAPER_TR_ON_REAL)  # sandbox's choice
    raise Refusal.from_spec(responses.SBX_TR_ID_NOT_FOR_PATH)  # sandbox's choice


def check_data_call(flavour: str, path: str) -> DemoApp:
    """Everything a /uapi data call must pass before its own parameters are looked at."""
    demo = check_app_headers(flavour)
    check_token(demo)
    check_rate(demo)
    check_tr_id(flavour, path)
    return demo


def invalid(field: str) -> Refusal:
    """OPSQ2001 ``ERROR : INPUT INVALID_CHECK_<field>`` (HTTP 200, rt_cd "2")."""
    return Refusal.from_spec(spec.OPSQ2001, rt_cd="2", field=field)


def check_account(demo: DemoApp, cano: str, product_code: str) -> SampleAccount:
    """The account as this app sees it (its own copy, after its orders), or OPSQ2000."""
    account = None
    if re.fullmatch(r"\d{8}", cano) and re.fullmatch(r"\d{2}", product_code):
        account = state().ledger.balance(demo.appkey, f"{cano}-{product_code}")
    if account is None:
        raise Refusal.from_spec(spec.OPSQ2000, rt_cd="2")
    return account


def check_balance_query(flavour: str, params: dict, demo: DemoApp) -> SampleAccount:
    """주식잔고조회's parameters: the account (OPSQ2000), then each value (OPSQ2001). Returns the account."""
    account = check_account(demo, params.get("CANO", ""), params.get("ACNT_PRDT_CD", ""))
    for name, accepted in BALANCE_CHOICES.items():
        if params.get(name, "") not in accepted:
            raise invalid(name)
    if flavour == "real" and params["INQR_DVSN"] != "01":
        raise invalid("INQR_DVSN")  # refused on real accounts since 2026-02-10
    return account


def continuation_row(params: dict, fk100: str, account: SampleAccount) -> int:
    """The row a ``tr_cont: N`` request continues from. Missing, garbled or foreign ctx values
    → OPSQ2001 INVALID_CHECK_CTX_AREA_NK100. # sandbox's choice"""
    same_search = params.get("CTX_AREA_FK100", "").rstrip() == fk100.rstrip()
    row = responses.read_nk100(params.get("CTX_AREA_NK100", ""), account.cano, account.product_code)
    if not same_search or row is None or not 0 < row < len(account.output1):
        raise invalid("CTX_AREA_NK100")
    return row


# ---------------------------------------------------------------------------------------------------
# The routes. Each KIS route sits under /real and /paper.
# ---------------------------------------------------------------------------------------------------
routes = Blueprint("kislearn_sandbox", __name__)


@routes.get("/sandbox/health")
def health():
    """Tells a caller that this port holds a kislearn sandbox (see server.ensure_running)."""
    import kislearn  # here, not at the top: kislearn's __init__ may be importing this module

    return answer(
        {
            "service": SERVICE_NAME,
            "version": getattr(kislearn, "__version__", None) or "0.1.0",
            "flavours": list(spec.FLAVOURS),
            "pid": os.getpid(),
            "code": code_fingerprint(),  # which kislearn code answers: ensure_running replaces an older sandbox
            "data_dirs": state().data_dirs,  # recorded folders served besides the samples (ensure_running reads it)
        }
    )


@routes.post("/sandbox/shutdown")
def shutdown():
    """Ask a sandbox started by serve() to stop (ensure_running uses it to replace an older one).
    Only from this computer: a classroom sandbox on 0.0.0.0 cannot be stopped by a student."""
    if request.remote_addr not in ("127.0.0.1", "::1"):
        raise Refusal.from_spec(responses.SBX_NOT_FOUND, method=request.method, path=request.path)
    state().stop_requested.set()
    return answer({"stopping": True})


@routes.get("/sandbox/stats")
def stats():
    """The counters: tokens issued and re-used per flavour, requests served, calls refused by the rate limit."""
    return answer(state().stats.snapshot())


@routes.post(FLAVOUR_PREFIX + spec.TOKEN_PATH)
def issue_token(flavour: str):
    """접근토큰발급(P): a new token, or the same one again within 6 hours."""
    body = json_body()
    demo = check_app(flavour, str(body.get("appkey", "")), str(body.get("appsecret", "")))
    if body.get("grant_type") != "client_credentials":
        raise Refusal.from_spec(responses.SBX_BAD_GRANT_TYPE)
    token, is_new = state().tokens.request(demo)
    state().stats.add("tokens_issued" if is_new else "tokens_reused", flavour)
    return answer(token_body(token, state().rules.now()))


@routes.post(FLAVOUR_PREFIX + spec.REVOKE_PATH)
def revoke_token(flavour: str):
    """접근토큰폐기(P): the token is refused from now on."""
    body = json_body()
    demo = check_app(flavour, str(body.get("appkey", "")), str(body.get("appsecret", "")))
    state().tokens.revoke(str(body.get("token", "")), demo)
    return answer(dict(spec.REVOKE_OK))


@routes.post(FLAVOUR_PREFIX + spec.HASHKEY_PATH)
def hashkey(flavour: str):
    """Hashkey: echoes the body with a hash of it (no token needed)."""
    demo = check_app_headers(flavour)
    check_rate(demo)  # hashkey counts as a call too # sandbox's choice
    body = json_body()
    return answer({"BODY": body, "HASH": responses.hashkey_of(body, demo.appsecret)})


@routes.get(FLAVOUR_PREFIX + spec.BALANCE_PATH)
def inquire_balance(flavour: str):
    """주식잔고조회: one page of holdings (output1) and the account summary (output2)."""
    demo = check_data_call(flavour, spec.BALANCE_PATH)
    params = query()
    account = check_balance_query(flavour, params, demo)
    fk100 = responses.balance_fk100(account.cano, account.product_code, params)
    start = 0  # tr_cont blank = 초기 조회: the first page, whatever ctx values come along
    if request.headers.get("tr_cont", "").strip().upper() == spec.NEXT_PAGE_REQUEST:
        start = continuation_row(params, fk100, account)
    rows_per_page = state().rules.rows_per_page[flavour]
    body, tr_cont = responses.balance_page(account, flavour, start, rows_per_page, fk100)
    return answer(body, tr_cont=tr_cont)


@routes.get(FLAVOUR_PREFIX + spec.PRICE_PATH)
def inquire_price(flavour: str):
    """주식현재가 시세: the price of one sample symbol."""
    check_data_call(flavour, spec.PRICE_PATH)
    params = query()
    if params.get("FID_COND_MRKT_DIV_CODE", "") not in MARKET_CODES:
        raise Refusal.from_spec(responses.SBX_BAD_MARKET)  # sandbox's choice
    symbol = params.get("FID_INPUT_ISCD", "")
    price = state().data.prices.get(symbol)
    if price is None:
        raise Refusal.from_spec(responses.SBX_UNKNOWN_SYMBOL, symbol=symbol)  # sandbox's choice
    return answer(responses.price_body(price))


def order_side(flavour: str) -> str:
    """``"buy"`` or ``"sell"``, read from the order's tr_id (new or old)."""
    tr_id = request.headers.get("tr_id", "").strip()
    for table in (spec.ORDER_TR_ID, spec.ORDER_OLD_TR_ID):
        for side, known in table[flavour].items():
            if tr_id == known:
                return side
    raise AssertionError("check_tr_id let an unknown order tr_id through")  # pragma: no cover


def check_hashkey(body: dict, demo: DemoApp) -> None:
    """The ``hashkey`` header is optional; when sent, it must be the hash of this very body. # sandbox's choice"""
    sent = request.headers.get("hashkey", "").strip()
    if sent and sent != responses.hashkey_of(body, demo.appsecret):
        raise Refusal.from_spec(orders.SBX_BAD_HASHKEY)


@routes.post(FLAVOUR_PREFIX + spec.ORDER_PATH)
def order_cash(flavour: str):
    """주식주문(현금): buy or sell (by tr_id), limit (00) or market (01). Filled or resting: see orders.py."""
    demo = check_data_call(flavour, spec.ORDER_PATH)
    side = order_side(flavour)
    body = json_body()
    orders.check_body_shape(body)
    check_hashkey(body, demo)
    account = check_account(demo, body.get("CANO", ""), body.get("ACNT_PRDT_CD", ""))
    order = orders.read_order(body, side, flavour)
    price = state().data.prices.get(order.symbol)
    rules = state().rules
    now = rules.now().astimezone(spec.KST).strftime("%H%M%S")

    def decide(account_state, odno):
        return orders.place_order(account_state, order, price, rules.costs, flavour, odno, now)

    record = state().ledger.place(demo.appkey, account.account, decide)
    msg_cd, msg1 = spec.ORDER_OK[flavour][side]
    return answer(
        {
            "rt_cd": "0",
            "msg_cd": msg_cd,
            "msg1": responses.pad_msg1(msg1),
            "output": {"KRX_FWDG_ORD_ORGNO": orders.BRANCH_CODE, "ODNO": record.odno, "ORD_TMD": record.time},
        }
    )


@routes.post(FLAVOUR_PREFIX + "/sandbox/reset")
def reset_accounts(flavour: str):
    """Sandbox only: put this app's accounts back to the samples (headers ``appkey``, ``appsecret``)."""
    demo = check_app_headers(flavour)
    state().ledger.reset(demo.appkey)
    return answer(
        {"rt_cd": "0", "msg_cd": responses.SBX_RESET_OK[0], "msg1": responses.pad_msg1(responses.SBX_RESET_OK[1])}
    )


@routes.get(FLAVOUR_PREFIX + "/sandbox/orders")
def list_orders(flavour: str):
    """Sandbox only: this app's orders, filled (체결) and resting (미체결), oldest first. Not a KIS API."""
    demo = check_app_headers(flavour)
    records = state().ledger.orders(demo.appkey)
    return answer(
        {
            "rt_cd": "0",
            "msg_cd": responses.SBX_ORDERS_OK[0],
            "msg1": responses.pad_msg1(responses.SBX_ORDERS_OK[1]),
            "output": [record.as_dict() for record in records],
        }
    )


# ---------------------------------------------------------------------------------------------------
# Errors: always KIS-shaped JSON, never an HTML page
# ---------------------------------------------------------------------------------------------------
def refused(error: Refusal):
    """A failed check → the error answer. The /oauth2 endpoints use their own OAuth-style body."""
    if request.path.startswith(("/real/oauth2/", "/paper/oauth2/")):
        return answer(error.oauth_body(), error.status)
    return answer(error.envelope(), error.status)


def http_error(error: HTTPException):
    """404 (no such API), 405 (wrong method) and the like."""
    where = {"method": request.method, "path": request.path}
    if error.code == 404 and request.path.startswith(("/oauth2/", "/uapi/")):
        refusal = Refusal.from_spec(responses.SBX_NO_FLAVOUR, **where)  # a KIS path without /paper or /real
    elif error.code == 404:
        refusal = Refusal.from_spec(responses.SBX_NOT_FOUND, **where)
    elif error.code == 405:
        refusal = Refusal.from_spec(responses.SBX_METHOD_NOT_ALLOWED, **where)
    else:
        refusal = Refusal(f"SBX00{error.code}", f"[샌드박스] {error.name}", error.code)
    return answer(refusal.envelope(), refusal.status)


def crashed(error: Exception):
    """A bug in the sandbox: log it, answer 500 in KIS's shape."""
    current_app.logger.exception("sandbox error on %s %s", request.method, request.path)
    refusal = Refusal.from_spec(responses.SBX_INTERNAL_ERROR)
    return answer(refusal.envelope(), refusal.status)


def count_request(response):
    """Remember when the last request came, and count the KIS ones."""
    state().last_request = time.monotonic()
    if not request.path.startswith("/sandbox/"):
        state().stats.add("requests_served")
    return response


def create_app(
    rules: SandboxRules | None = None,
    apps: Iterable[DemoApp] | None = None,
    data_dirs: Iterable | None = None,
) -> Flask:
    """Build the sandbox's Flask app. ``apps`` are registered besides the demo apps; ``data_dirs`` hold
    extra accounts/prices. The app's state is at ``app.extensions["kislearn_sandbox"]``."""
    app = Flask(__name__)
    data_dirs = list(data_dirs or [])
    app.extensions["kislearn_sandbox"] = SandboxState(
        rules or SandboxRules(), load_sample_data(apps, data_dirs), data_dirs
    )
    app.register_blueprint(routes)
    app.register_error_handler(Refusal, refused)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, crashed)
    app.after_request(count_request)
    return app
