"""The checks a request goes through before an API answers, in the order KIS's gateway makes them.

A data call (/uapi/...) is checked like this:
app key (EGW00103) → app secret (EGW00105) → access token (EGW00121 / EGW00123) → calls per second (EGW00201)
→ 모의투자 미지원 on paper (90000000) → tr_id (EGW2004 or the sandbox's SBX0000x, the ids from the API catalog)
→ custtype (SBX00009) → the form of free-form values (SBX00006) → the API's own
parameters (OPSQ2000 / OPSQ2001, in the routes). A failed check raises :class:`Refusal`; ``app.py`` turns it into
the answer KIS would give.

**Which host (flavour) a request talks to** is decided here, in :func:`check_app`: by the app key, as at KIS,
where paper and real keys are separate. A ``/real`` or ``/paper`` path prefix (see ``paths.py``) must agree
with the key, or the key is unknown on that host (EGW00103).

The sandbox's own controls (``POST /sandbox/shutdown``, ``/sandbox/reset``) must not be pressed by a web page
the learner happens to visit: :func:`check_control_request`.
"""

from __future__ import annotations

import ipaddress
import json
import re

from flask import request

from kislearn import catalog, sbx_codes, spec
from kislearn.sandbox.paths import prefix_flavour
from kislearn.sandbox.responses import Refusal
from kislearn.sandbox.samples import DemoApp, SampleAccount, student_app_for
from kislearn.sandbox.state import current_state, market_moment

# The tr_ids a data API accepts come from the API catalog (kislearn.catalog): every id of the flavour the
# workbook lists, current and old ("(구)") ones. The sheets say the old ids "may be blocked without notice";
# the sandbox still accepts them, with the same answer, so mojito2 0.1.6's orders work. # sandbox's choice
# TR_IDS adds ids a route accepts beyond the catalog's, by path and flavour (none today).
TR_IDS: dict[str, dict[str, tuple[str, ...]]] = {}
CUSTTYPES = ("P", "B")  # custtype: P 개인, B 법인 (official)

# Free-form numbers and opaque keys, with the Length column of their official sheets. A longer value, or an
# opaque key with anything but printable ASCII (a client only copies it back from an answer), is malformed:
# HTTP 400 SBX00006. Short coded fields (CANO, INQR_DVSN, ...) have their own KIS answers instead (OPSQ2000,
# OPSQ2001). What KIS answers to such values is unpublished. # sandbox's choice
FIELD_LENGTHS = {
    "CTX_AREA_FK100": spec.CTX_FIELD_WIDTH,  # 주식잔고조회
    "CTX_AREA_NK100": spec.CTX_FIELD_WIDTH,
    "ORD_QTY": 10,  # 주식주문(현금)
    "ORD_UNPR": 19,
    "CNDT_PRIC": 19,
}
OPAQUE_FIELDS = ("CTX_AREA_FK100", "CTX_AREA_NK100")
_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*")


# ---------------------------------------------------------------------------------------------------
# Reading the request
# ---------------------------------------------------------------------------------------------------
def query() -> dict:
    """The query parameters with upper-case names (mojito2 and python-kis send some in lower case)."""
    return {name.upper(): value for name, value in request.args.items()}


def json_body() -> dict:
    """The request body as a JSON object, or Refusal SBX00005 (also for nesting too deep to read)."""
    try:
        body = json.loads(request.get_data(cache=True))
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested deeper than Python can read
        body = None
    if not isinstance(body, dict):
        raise Refusal.from_spec(sbx_codes.BAD_JSON)
    return body


def check_value_forms(values: dict) -> None:
    """Numbers and keys within their official length, printable ASCII where only copied back (SBX00006)."""
    for name, value in values.items():
        limit = FIELD_LENGTHS.get(name)
        if limit is None or not isinstance(value, str):
            continue
        if len(value) > limit or (name in OPAQUE_FIELDS and not _PRINTABLE_ASCII.fullmatch(value)):
            raise Refusal.from_spec(sbx_codes.MALFORMED_VALUE, field=name, length=limit)


# ---------------------------------------------------------------------------------------------------
# The checks, in KIS's order
# ---------------------------------------------------------------------------------------------------
def check_app(appkey: str, appsecret: str) -> DemoApp:
    """The app key must be known (and, under a ``/real`` or ``/paper`` prefix, be of that flavour), and the
    secret must be its secret. The app's flavour is the flavour of the whole request."""
    state = current_state()
    demo = state.data.apps.get(appkey) or student_app_for(appkey, state.rules.signing_key)
    wanted = prefix_flavour()
    if demo is None or (wanted is not None and demo.flavour != wanted):
        raise Refusal.from_spec(spec.EGW00103)
    if appsecret != demo.appsecret:
        raise Refusal.from_spec(spec.EGW00105)
    return demo


def check_app_headers() -> DemoApp:
    """check_app with the ``appkey``/``appsecret`` headers (header names in any upper/lower case)."""
    return check_app(request.headers.get("appkey", ""), request.headers.get("appsecret", ""))


def check_token(demo: DemoApp) -> None:
    """The ``authorization: Bearer <token>`` header must carry a live token of this app."""
    scheme, _, access_token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not access_token.strip():
        raise Refusal.from_spec(spec.EGW00121)  # no token at all counts as an invalid one # sandbox's choice
    current_state().tokens.check(access_token.strip(), demo)


def check_rate(demo: DemoApp) -> None:
    """At most ``calls_per_second`` calls per app in any one second."""
    state = current_state()
    if not state.limiter.allow(demo.appkey, demo.flavour):
        state.stats.add("rate_limited")
        raise Refusal.from_spec(spec.EGW00201, extra={"message": "EGW00201"})


def request_tr_id() -> str:
    return request.headers.get("tr_id", "").strip()


def accepted_tr_ids(path: str, flavour: str) -> tuple[str, ...]:
    """The tr_ids the API at ``path`` accepts on ``flavour``'s host: the catalog's (see TR_IDS)."""
    api = catalog.rest_api(path)
    listed = tuple(option.tr_id for option in api.tr_ids(flavour)) if api is not None else ()
    return listed + TR_IDS.get(path, {}).get(flavour, ())


def check_paper_support(demo: DemoApp, path: str) -> None:
    """An API the workbook marks 모의투자 미지원 is refused on the paper host, whatever its tr_id (90000000)."""
    api = catalog.rest_api(path)
    if api is not None and not api.supports(demo.flavour):
        raise Refusal.from_spec(spec.PAPER_NOT_SUPPORTED)


def check_tr_id(demo: DemoApp, path: str) -> None:
    """The ``tr_id`` header must be one this API expects on this app's host."""
    tr_id = request_tr_id()
    if tr_id in accepted_tr_ids(path, demo.flavour):
        return
    if not tr_id:
        raise Refusal.from_spec(sbx_codes.NO_TR_ID)  # sandbox's choice
    if demo.flavour == "paper" and tr_id.startswith("T"):
        raise Refusal.from_spec(spec.EGW2004)  # a real-account tr_id on the paper host
    if demo.flavour == "real" and tr_id.startswith("V"):
        raise Refusal.from_spec(sbx_codes.PAPER_TR_ON_REAL)  # sandbox's choice
    raise Refusal.from_spec(sbx_codes.TR_ID_NOT_FOR_PATH)  # sandbox's choice


def check_custtype() -> None:
    """``custtype`` (고객 타입), when sent, must be P or B. The sheets mark it required, but mojito2 0.1.6 and
    python-kis 2.1.6 send it on no quote or balance call and work against KIS, so a missing one passes.
    # sandbox's choice (SBX00009 for a wrong value)"""
    custtype = request.headers.get("custtype")
    if custtype is not None and custtype.strip().upper() not in CUSTTYPES:
        raise Refusal.from_spec(sbx_codes.BAD_CUSTTYPE, custtype=custtype[:10])


def check_data_call(path: str) -> DemoApp:
    """Everything a /uapi data call must pass before its own parameters are looked at. Returns the app; its
    ``flavour`` is the host the call talks to."""
    demo = check_app_headers()
    check_token(demo)
    check_rate(demo)
    check_paper_support(demo, path)
    check_tr_id(demo, path)
    check_custtype()
    check_value_forms(query())
    return demo


def check_account(demo: DemoApp, cano: str, product_code: str) -> SampleAccount:
    """The account as this app sees it (its own copy, after its orders) at the request's market moment, or
    OPSQ2000."""
    account = None
    if re.fullmatch(r"[0-9]{8}", cano) and re.fullmatch(r"[0-9]{2}", product_code):
        account = current_state().ledger.balance(demo.appkey, f"{cano}-{product_code}", market_moment())
    if account is None:
        raise Refusal.from_spec(spec.OPSQ2000, rt_cd="2")
    return account


def invalid(field: str) -> Refusal:
    """OPSQ2001 ``ERROR : INPUT INVALID_CHECK_<field>`` (HTTP 200, rt_cd "2")."""
    return Refusal.from_spec(spec.OPSQ2001, rt_cd="2", field=field)


# ---------------------------------------------------------------------------------------------------
# The sandbox's own controls
# ---------------------------------------------------------------------------------------------------
def _is_ip_or_localhost(host_header: str) -> bool:
    """``127.0.0.1:8434``, ``[::1]:8434``, ``192.168.0.10:8434`` or ``localhost:8434``: not a domain name.
    (A web page that re-points its own domain name at 127.0.0.1, "DNS rebinding", always uses a domain name.)"""
    host = host_header.rsplit("]", 1)[0].lstrip("[") if host_header.startswith("[") else host_header.split(":")[0]
    if host.lower() == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def check_control_request() -> None:
    """Refuse a control request (shutdown, reset) a web page could have sent (SBX00008, HTTP 403).

    A page on another site can make the browser send a "simple" cross-origin POST (a form, or ``fetch`` with
    ``text/plain``) without asking first. So a control request must say ``Content-Type: application/json``
    (a browser asks the server first, and the sandbox never says yes), must not come from another origin
    (``Origin``, ``Sec-Fetch-Site``), and, from this computer, must name it by address or ``localhost``.
    Python clients (requests, kislearn) send none of those browser headers and pass.
    """
    content_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
    origin = request.headers.get("Origin")
    from_browser = request.headers.get("Sec-Fetch-Site", "none") not in ("none", "same-origin")
    # From this computer, a domain name in Host is a web page's rebinding trick; from a student's computer it
    # may be the instructor's machine name, so it is allowed there.
    rebinding = request.remote_addr in ("127.0.0.1", "::1") and not _is_ip_or_localhost(request.host)
    if (
        content_type != "application/json"
        or (origin is not None and origin != f"http://{request.host}")
        or from_browser
        or rebinding
    ):
        raise Refusal.from_spec(sbx_codes.CONTROL_FROM_BROWSER)
