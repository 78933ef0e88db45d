"""Why a request got no answer, told apart for a beginner: no internet, a refused connection, TLS, a proxy,
a timeout or a connection that broke — and what to check for each.

``requests`` reports all of these as a few exception classes with English details buried inside (urllib3's
``NameResolutionError``, ``NewConnectionError`` with ``[Errno 111]``...). :func:`explain` finds out which one
it was and words it in Korean; the advice depends on where the request went: KIS's own hosts (check the
internet connection and the firewall), a sandbox (is it running?) or another address.

It also says whether the request *may have reached the server*. That matters for orders: a refused
connection or a failed name lookup means the order was certainly not sent; a timeout or a connection that
broke after sending means it may have been placed, so it must not simply be sent again.
"""

from __future__ import annotations

import errno
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from urllib3 import exceptions as urllib3_errors

from . import errors
from .addresses import host_of, is_kis_url, is_loopback_url, looks_like_sandbox

NOT_SENT_NOTE = "주문은 서버에 닿지 않았습니다 (order not sent). 연결을 고친 뒤 다시 주문해도 됩니다."
MAYBE_PLACED = (
    "주문을 보냈지만 답을 받지 못했습니다. 주문이 이미 접수됐을 수 있습니다 (the order may have been placed). "
    "kislearn은 이 주문을 다시 보내지 않았습니다. 같은 주문을 다시 내기 전에 주문체결조회(HTS·MTS의 주문체결 내역)나 "
    "잔고(fetch_balance())에서 이 주문이 들어갔는지 먼저 확인하세요."
)


@dataclass(frozen=True)
class NoAnswer:
    """One failed request, explained. ``what`` says what happened (with the address), ``advice`` what to check."""

    kind: str  # "dns", "unreachable", "refused", "tls", "proxy", "connect-timeout", "read-timeout", "dropped", ...
    what: str
    advice: str
    may_have_arrived: bool  # could the server have received the request?

    @property
    def is_timeout(self) -> bool:
        return self.kind in ("connect-timeout", "read-timeout")

    def message(self) -> str:
        return f"{self.what} {self.advice}".strip()

    def order_message(self) -> str:
        """The message for an order: never "try again" when the order may have been placed."""
        if self.may_have_arrived:
            return f"{MAYBE_PLACED} (원인: {self.what})"
        return f"{self.message()} {NOT_SENT_NOTE}"

    def error(self, *, url: str, tr_id: str | None, order: bool = False) -> errors.KisTransportError:
        """The kislearn exception to raise: an Order… subclass when an order may have been placed."""
        if order and self.may_have_arrived:
            error_class = errors.OrderTimeoutError if self.is_timeout else errors.OrderConnectionLostError
        else:
            error_class = errors.KisTimeoutError if self.is_timeout else errors.KisConnectionError
        text = self.order_message() if order else self.message()
        return error_class(text, url=url, tr_id=tr_id, kind=self.kind, may_have_arrived=self.may_have_arrived)


def explain(error: requests.RequestException, url: str, timeout: float, *, server: str | None = None) -> NoAnswer:
    """Tell apart why ``error`` (raised by ``requests`` for ``url``) left us without an answer.

    ``server`` is the base URL the request went to (``http://127.0.0.1:8434/paper``): the advice depends on
    it. The message shows ``url`` without its query string.
    """
    causes = _chain(error)
    where = _address(url)
    url = server or url
    if isinstance(error, requests.ConnectTimeout):
        return NoAnswer(
            "connect-timeout",
            f"{timeout:g}초 안에 서버에 연결하지 못했습니다 (connect timeout): {where}.",
            _check_connection(url),
            False,
        )
    if isinstance(error, requests.ReadTimeout) or _has(causes, urllib3_errors.ReadTimeoutError):
        return NoAnswer(
            "read-timeout",
            f"서버에 연결은 됐지만 {timeout:g}초 안에 답이 오지 않았습니다 (read timeout): {where}.",
            "서버가 바쁘거나 네트워크가 느립니다. 잠시 뒤 다시 시도하거나 timeout=을 늘리세요.",
            True,
        )
    if isinstance(error, requests.exceptions.ProxyError) or _has(causes, urllib3_errors.ProxyError):
        return NoAnswer(
            "proxy",
            f"프록시 서버(proxy)를 거쳐 연결하지 못했습니다 (proxy error): {where}.",
            "환경 변수 HTTPS_PROXY·HTTP_PROXY에 적힌 프록시 주소가 맞는지 확인하세요. "
            "프록시가 필요 없는 네트워크라면 그 환경 변수를 지우세요.",
            False,
        )
    if isinstance(error, requests.exceptions.SSLError) or _has(causes, ssl.SSLError):
        return NoAnswer(
            "tls",
            f"보안 연결(TLS/SSL)을 맺지 못했습니다 (TLS handshake failed): {where}.",
            _check_tls(url),
            not _surely_in_handshake(causes),
        )
    if _has(causes, urllib3_errors.NameResolutionError):
        return NoAnswer(
            "dns",
            f"서버 이름 '{host_of(url)}'을(를) 찾지 못했습니다 (name lookup failed): {where}.",
            _check_name(url),
            False,
        )
    if _has(causes, urllib3_errors.NewConnectionError):
        number = _errno(causes)
        if number == errno.ECONNREFUSED:
            return NoAnswer(
                "refused", f"서버가 연결을 거부했습니다 (connection refused): {where}.", _check_connection(url), False
            )
        if number in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return NoAnswer(
                "unreachable",
                f"네트워크에서 서버에 닿을 수 없습니다 (network unreachable): {where}.",
                _check_connection(url),
                False,
            )
        return NoAnswer(
            "connect-failed", f"서버에 연결하지 못했습니다 (connection failed): {where}.", _check_connection(url), False
        )
    if isinstance(error, (requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        # the connection was open and broke: after the request was written, or while the answer came back
        gone = " 샌드박스가 도중에 꺼졌을 수 있습니다." if looks_like_sandbox(url) else ""
        return NoAnswer(
            "dropped",
            f"서버가 답을 다 보내기 전에 연결이 끊겼습니다 (connection reset/closed): {where}.",
            f"잠시 뒤 다시 시도하세요.{gone}",
            True,
        )
    # InvalidURL, InvalidHeader, ...: the request could not even be built. Their English text may quote a
    # header value (the access token!), so only the class name is shown.
    return NoAnswer(
        "bad-request",
        f"요청을 보내지 못했습니다 ({type(error).__name__}): {where}.",
        "주소(base URL)나 헤더 값에 쓸 수 없는 글자가 들어 있습니다. 주소를 확인하고, 토큰 캐시가 의심되면 지우세요.",
        False,
    )


# -- the advice, by where the request went -------------------------------------------------------------
def _check_connection(url: str) -> str:
    if is_kis_url(url):
        parts = urlsplit(url)
        return (
            "인터넷에 연결되어 있는지, 회사·학교의 방화벽(firewall)이나 보안 프로그램이 "
            f"{parts.hostname}:{parts.port or 443} 연결을 막고 있지 않은지 확인하세요."
        )
    if looks_like_sandbox(url) and is_loopback_url(url):
        return (
            "샌드박스가 켜져 있는지 확인하세요: 터미널에서 'python -m kislearn sandbox'로 켜고, 주소의 포트 번호가 "
            "그 터미널에 나온 번호와 같은지 보세요."
        )
    if looks_like_sandbox(url):
        return (
            "강사 컴퓨터의 샌드박스가 켜져 있는지, 내 컴퓨터가 같은 네트워크(와이파이)에 있는지, "
            "주소(KIS_SANDBOX_URL)가 맞는지 확인하세요."
        )
    return "주소(base URL)가 맞는지, 그 서버가 켜져 있는지, 인터넷에 연결되어 있는지 확인하세요."


def _check_name(url: str) -> str:
    if is_kis_url(url):
        return "인터넷에 연결되어 있는지 확인하세요 (와이파이·랜선; 회사·학교라면 방화벽과 DNS 설정)."
    return "주소의 철자가 맞는지, 인터넷(또는 강의실 네트워크)에 연결되어 있는지 확인하세요."


def _check_tls(url: str) -> str:
    if looks_like_sandbox(url) and urlsplit(url).scheme == "https":
        return "샌드박스는 https가 아니라 http로 답합니다. 주소를 'http://'로 시작하세요."
    if is_kis_url(url):
        return (
            "회사·학교 네트워크의 보안 장비나 백신 프로그램이 https 연결을 가로채고 있을 수 있습니다. "
            "컴퓨터의 날짜와 시각이 맞는지도 확인하세요."
        )
    return "그 주소의 서버가 https로 답하는지(아니면 'http://'인지) 확인하세요."


# -- reading the exception chain -----------------------------------------------------------------------
def _address(url: str) -> str:
    """The URL without a query string (it would show the account number)."""
    return url.split("?", 1)[0]


def _chain(error: BaseException) -> list:
    """``error`` and everything inside it: args, urllib3's ``reason``, ``__cause__`` and ``__context__``."""
    found, todo = [], [error]
    while todo and len(found) < 20:
        item = todo.pop(0)
        if not isinstance(item, BaseException) or any(item is seen for seen in found):
            continue
        found.append(item)
        todo += [*item.args, getattr(item, "reason", None), item.__cause__, item.__context__]
    return found


def _has(causes: list, kind: type) -> bool:
    return any(isinstance(cause, kind) for cause in causes)


def _errno(causes: list) -> int | None:
    return next((cause.errno for cause in causes if isinstance(cause, OSError) and cause.errno), None)


def _surely_in_handshake(causes: list) -> bool:
    """TLS failures that can only happen before anything is sent: a refused certificate, a server that
    does not speak TLS at all (an ``http://`` server asked with ``https://``)."""
    if _has(causes, ssl.SSLCertVerificationError):
        return True
    return any("WRONG_VERSION_NUMBER" in str(cause).upper() for cause in causes)
