"""The HTTP layer: one keep-alive session, a timeout on every call, the rate limiter, and the rules for
turning an HTTP answer into either a :class:`KisResponse` or a kislearn exception.

:class:`KoreaInvestment` (client.py) decides *what* to ask; this module decides *how* to send it and how
to read the answer, in the way ``requests`` separates its sessions from its adapters.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

import requests

from . import errors
from .addresses import is_loopback_url
from .masking import mask_headers, mask_params, quiet_urllib3_account_numbers
from .network_errors import explain
from .ratelimit import RateLimiter

log = logging.getLogger("kislearn")

DEFAULT_TIMEOUT = 10.0  # seconds; KIS answers in well under a second when it is healthy
RATE_LIMIT_RETRIES = 3  # EGW00201 answers are retried this many times, waiting longer each time
RATE_LIMIT_BACKOFF = 0.5  # seconds before the first retry; doubled for each further one


@dataclass
class KisResponse:
    """A successful answer: HTTP status, the (lower-case) headers and the JSON body."""

    status: int
    headers: dict[str, str]
    body: dict
    tr_id: str | None = None
    elapsed: float = field(default=0.0, repr=False)

    @property
    def tr_cont(self) -> str:
        """The paging header: ``F``/``M`` more pages follow, ``D``/``E`` last page, ``""`` not paged."""
        return self.headers.get("tr_cont", "").strip()


class Transport:
    """Sends requests to one KIS server (real, paper or a sandbox)."""

    def __init__(
        self,
        base_url: str,
        *,
        session: requests.Session | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        limiter: RateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.base_url = base_url.rstrip("/")
        if session is None:
            session = requests.Session()
            if is_loopback_url(self.base_url):
                session.trust_env = False  # a sandbox on this computer: never through HTTP(S)_PROXY
        self.session = session
        self.timeout = timeout
        quiet_urllib3_account_numbers()  # urllib3's DEBUG lines would show the account number
        self.limiter = limiter or RateLimiter(None)
        self.sleep = sleep

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict,
        params: dict | None = None,
        json: dict | None = None,
        rate_limited: bool = True,
        order: bool = False,
    ) -> KisResponse:
        """Send one request, retrying EGW00201 (too many calls a second) with a growing pause.

        ``order=True`` for an order: when its answer is lost after it went out (a timeout, a broken
        connection) the error is an :class:`~kislearn.errors.OrderMaybePlacedError`, worded so that nobody
        sends it again without looking first. The request itself is never repeated here, except after
        EGW00201, which says the server refused it without looking at it.
        """
        pause = RATE_LIMIT_BACKOFF
        for attempt in range(RATE_LIMIT_RETRIES + 1):
            try:
                with self.limiter.slot() if rate_limited else nullcontext():  # the slot counts until the answer
                    return self._send_once(method, path, headers=headers, params=params, json=json, order=order)
            except errors.RateLimitError:
                if attempt == RATE_LIMIT_RETRIES:
                    raise
                log.info(
                    "EGW00201 (초당 거래건수 초과): %.1f초 쉬고 다시 보냅니다 (%d/%d)",
                    pause,
                    attempt + 1,
                    RATE_LIMIT_RETRIES,
                )
                self.sleep(pause)
                pause *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def _send_once(
        self, method: str, path: str, *, headers: dict, params: dict | None, json: dict | None, order: bool = False
    ) -> KisResponse:
        url = f"{self.base_url}{path}"
        tr_id = headers.get("tr_id")
        log.debug("%s %s %s %s", method, url, mask_params(params), mask_headers(headers))
        try:
            answer = self.session.request(method, url, headers=headers, params=params, json=json, timeout=self.timeout)
        except requests.RequestException as error:
            # no internet, a refused connection, TLS, a proxy, a timeout, a broken connection: told apart
            problem = explain(error, url, self.timeout, server=self.base_url)
        else:
            return read_response(answer, tr_id=tr_id)
        # raised outside the except block: requests' own error (its text shows the query string, with the
        # account number) is not kept as __context__
        raise problem.error(url=url, tr_id=tr_id, order=order)


def read_response(answer: requests.Response, *, tr_id: str | None = None) -> KisResponse:
    """Turn an HTTP answer into a :class:`KisResponse`, or raise the matching kislearn exception.

    Three shapes of failure exist: the usual envelope with ``rt_cd`` other than ``"0"``; the OAuth
    style ``{"error_code": ..., "error_description": ...}`` of the token endpoints; and anything that
    is not a JSON object at all.
    """
    try:
        body = answer.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        preview = answer.text[:80].replace("\n", " ")
        raise errors.KisResponseError(
            f"서버가 JSON이 아닌 응답(non-JSON body)을 보냈습니다 (HTTP {answer.status_code}): {preview!r}. "
            "주소(base URL)가 KIS 또는 샌드박스를 가리키는지 확인하세요.",
            url=answer.url,
            tr_id=tr_id,
            status=answer.status_code,
        )

    if "error_code" in body:  # OAuth style (tokenP, revokeP)
        raise errors.api_error(
            str(body["error_code"]), str(body.get("error_description", "")), status=answer.status_code, tr_id=tr_id
        )
    rt_cd = body.get("rt_cd")
    if rt_cd is not None and str(rt_cd) != "0":
        raise errors.api_error(
            str(body.get("msg_cd", "")),
            str(body.get("msg1", "")),
            status=answer.status_code,
            tr_id=tr_id,
            rt_cd=str(rt_cd),
        )
    if answer.status_code >= 400:
        raise errors.KisResponseError(
            f"서버가 HTTP {answer.status_code} 오류를 보냈지만 KIS 오류 코드가 없습니다: {str(body)[:80]}",
            url=answer.url,
            tr_id=tr_id,
            status=answer.status_code,
        )

    headers = {name.lower(): value for name, value in answer.headers.items()}
    return KisResponse(answer.status_code, headers, body, tr_id, answer.elapsed.total_seconds())
