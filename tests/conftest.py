"""Fixtures shared by the test files.

- ``sandbox``: a running :class:`~kislearn.sandbox.Sandbox` on a free port with relaxed rules (no
  one-token-a-minute rule, no calls-per-second limit), stopped after the test.
- ``start_sandbox``: a factory for sandboxes with other rules, e.g. ``start_sandbox(SandboxRules(...))``.
- ``demo_paper_app`` / ``demo_real_app``: the demo app keys the sandbox accepts.
- ``kis_caller``: a factory for :class:`KisCaller`, which sends KIS-style requests to a sandbox.
- ``course_sandbox`` (from the root conftest.py): the run's shared sandbox as ``KIS_SANDBOX_URL``.

Tests marked ``maintainer`` are skipped, with the reason shown, when the maintainers' ``shared/`` folder is
not beside the checkout. Plain helpers (free ports, waiting for a server) are in ``helpers.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests

from kislearn import catalog, spec
from kislearn.sandbox import Sandbox, SandboxRules, demo_app

# The maintainers' folder beside the checkout (official spec, seed post): tests marked `maintainer` need it.
SHARED = Path(__file__).resolve().parents[2] / "shared"
MAINTAINER_SKIP = (
    "관리자용 검사(maintainers only): 코스 폴더 옆에 shared/ 폴더(공식 명세·원문)가 없어 건너뜁니다. 정상입니다."
)


def pytest_runtest_setup(item):
    """Tests marked ``maintainer`` need the shared/ folder (or the spec elsewhere, KISLEARN_SPEC_DIR)."""
    if item.get_closest_marker("maintainer") and not SHARED.is_dir() and not os.environ.get("KISLEARN_SPEC_DIR"):
        pytest.skip(MAINTAINER_SKIP)


def pytest_terminal_summary(terminalreporter):
    """Print the ``summary`` lines tests record (``record_property("summary", ...)``: the catalog walk's
    counts); they reach here from pytest-xdist's workers too, with the test reports."""
    lines = [
        value
        for report in terminalreporter.stats.get("passed", [])
        for name, value in getattr(report, "user_properties", ())
        if name == "summary"
    ]
    if lines:
        terminalreporter.section("summary")
        for line in sorted(lines):
            terminalreporter.write_line(line)


# Query parameters of 주식잔고조회 as the official example sends them.
BALANCE_QUERY = {
    "AFHR_FLPR_YN": "N",
    "OFL_YN": "",
    "INQR_DVSN": "01",
    "UNPR_DVSN": "01",
    "FUND_STTL_ICLD_YN": "N",
    "FNCG_AMT_AUTO_RDPT_YN": "N",
    "PRCS_DVSN": "01",
    "CTX_AREA_FK100": "",
    "CTX_AREA_NK100": "",
}


# A call's timeout only stops a hung test: generous, as the shared cores can make a cold first answer (a 55-holding
# account valued mid-session) take seconds. Tests must not depend on timing.
CALL_TIMEOUT = 60


class KisCaller:
    """Sends KIS-style requests to one flavour of a sandbox, as one app. Test helper, not course code."""

    def __init__(self, base_url: str, app):
        self.base_url = base_url
        self.app = app
        self.session = requests.Session()
        self.session.trust_env = False  # never through a proxy
        self._token: str | None = None

    def issue_token(self, **overrides) -> requests.Response:
        """POST /oauth2/tokenP with the app's keys (``overrides`` replace body fields)."""
        body = {"grant_type": "client_credentials", "appkey": self.app.appkey, "appsecret": self.app.appsecret}
        body.update(overrides)
        return self.session.post(self.base_url + spec.TOKEN_PATH, json=body, timeout=CALL_TIMEOUT)

    def token(self) -> str:
        """An access token, issued on first use."""
        if self._token is None:
            answer = self.issue_token()
            assert answer.status_code == 200, answer.text
            self._token = answer.json()["access_token"]
        return self._token

    def headers(self, tr_id: str, token: str | None = None, **extra) -> dict:
        """The usual headers of a /uapi call."""
        headers = {
            "content-type": "application/json; charset=utf-8",
            "authorization": f"Bearer {token or self.token()}",
            "appkey": self.app.appkey,
            "appsecret": self.app.appsecret,
            "tr_id": tr_id,
            "custtype": "P",
        }
        headers.update(extra)
        return headers

    def balance(
        self,
        account: str = "50010002-01",
        tr_cont: str = "",
        tr_id: str | None = None,
        token: str | None = None,
        **params,
    ) -> requests.Response:
        """GET 주식잔고조회; ``params`` replace the official example's query values."""
        cano, product_code = account.split("-")
        query = {"CANO": cano, "ACNT_PRDT_CD": product_code, **BALANCE_QUERY, **params}
        tr_id = tr_id or spec.BALANCE_TR_ID[self.app.flavour]
        headers = self.headers(tr_id, token, tr_cont=tr_cont)
        return self.session.get(self.base_url + spec.BALANCE_PATH, headers=headers, params=query, timeout=CALL_TIMEOUT)

    def price(self, symbol: str, market: str = "J", tr_id: str | None = None, **params) -> requests.Response:
        """GET 주식현재가 시세."""
        query = {"FID_COND_MRKT_DIV_CODE": market, "FID_INPUT_ISCD": symbol, **params}
        headers = self.headers(tr_id or spec.PRICE_TR_ID[self.app.flavour])
        return self.session.get(self.base_url + spec.PRICE_PATH, headers=headers, params=query, timeout=CALL_TIMEOUT)

    def order(
        self,
        side: str,
        symbol: str = "012330",
        quantity="1",
        price="0",
        division: str | None = None,
        account: str = "50010001-01",
        tr_id: str | None = None,
        headers: dict | None = None,
        **body,
    ) -> requests.Response:
        """POST 주식주문(현금) with the new tr_id of ``side``; ``body`` adds or replaces body fields.
        ``division`` defaults to 01 (market) when ``price`` is "0", else 00 (limit)."""
        cano, product_code = account.split("-")
        fields = {
            "CANO": cano,
            "ACNT_PRDT_CD": product_code,
            "PDNO": symbol,
            "ORD_DVSN": division or ("01" if price == "0" else "00"),
            "ORD_QTY": quantity,
            "ORD_UNPR": price,
        }
        fields.update(body)
        tr_id = tr_id or spec.ORDER_TR_ID[self.app.flavour][side]
        return self.session.post(
            self.base_url + spec.ORDER_PATH,
            headers={**self.headers(tr_id), **(headers or {})},
            json=fields,
            timeout=CALL_TIMEOUT,
        )

    def call(
        self, api: str, account: str | None = None, tr_id: str | None = None, tr_cont: str = "", **fields
    ) -> requests.Response:
        """Any API of the catalog by name (its first current tr_id on this flavour): GET with ``fields`` as the
        query, POST with them as the JSON body; ``account`` "50010001-01" fills CANO and ACNT_PRDT_CD."""
        found = catalog.find(api)
        if account is not None:
            fields = {"CANO": account.split("-")[0], "ACNT_PRDT_CD": account.split("-")[1], **fields}
        if tr_id is None:
            ids = (
                [t.tr_id for t in found.tr_ids(self.app.flavour) if not t.deprecated]
                if found.supports(self.app.flavour)
                else [t.tr_id for t in found.tr_ids("real")]
            )
            tr_id = ids[0]
        headers = self.headers(tr_id, tr_cont=tr_cont)
        if found.method == "POST":
            return self.session.post(self.base_url + found.path, headers=headers, json=fields, timeout=CALL_TIMEOUT)
        return self.session.get(self.base_url + found.path, headers=headers, params=fields, timeout=CALL_TIMEOUT)

    def whole_balance(self, account: str = "50010001-01") -> dict:
        """Every page of 주식잔고조회 joined: ``{"output1": all rows, "output2": [the summary]}``."""
        bodies = [page.json() for page in self.all_balance_pages(account)]
        return {"output1": [row for body in bodies for row in body["output1"]], "output2": bodies[0]["output2"]}

    def all_balance_pages(self, account: str, **params) -> list:
        """Every page of 주식잔고조회, following tr_cont the way the official sample does."""
        pages = [self.balance(account, **params)]
        while pages[-1].headers["tr_cont"] in spec.MORE_PAGES:
            body = pages[-1].json()
            pages.append(
                self.balance(
                    account,
                    tr_cont=spec.NEXT_PAGE_REQUEST,
                    CTX_AREA_FK100=body["ctx_area_fk100"],
                    CTX_AREA_NK100=body["ctx_area_nk100"],
                    **params,
                )
            )
            assert len(pages) < 20, "paging does not end"
        return pages


@pytest.fixture
def start_sandbox():
    """``start_sandbox(rules=None, **options)`` → a running Sandbox on a free port, stopped after the test."""
    started = []

    def start(rules: SandboxRules | None = None, **options) -> Sandbox:
        sandbox = Sandbox(port=0, rules=rules or SandboxRules.relaxed(), **options).start()
        started.append(sandbox)
        return sandbox

    yield start
    for sandbox in started:
        sandbox.stop()


@pytest.fixture
def sandbox(start_sandbox) -> Sandbox:
    """A running sandbox on a free port, with relaxed rules."""
    return start_sandbox()


@pytest.fixture
def demo_paper_app():
    return demo_app("paper")


@pytest.fixture
def demo_real_app():
    return demo_app("real")


@pytest.fixture
def kis_caller():
    """``kis_caller(sandbox, "paper")`` → a KisCaller for that flavour with its demo app (or ``app=...``)."""

    def make(sandbox: Sandbox, flavour: str, app=None) -> KisCaller:
        return KisCaller(sandbox.url_for(flavour), app or demo_app(flavour))

    return make
