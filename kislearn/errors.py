"""Exceptions raised by kislearn.

Every failure the course can meet has its own exception, all of them subclasses of :class:`KisError`.
An API failure carries what KIS said (``msg_cd``, ``msg1``), the HTTP status and the ``tr_id``, plus a
short Korean hint for the codes the course knows. Nothing surfaces as a bare ``KeyError``.

    try:
        balance = broker.fetch_balance()
    except kislearn.KisApiError as error:
        print(error.msg_cd, error.msg1, error.hint)
"""

from __future__ import annotations

import errno

from . import sbx_codes

# What to do about each known code, in Korean, for a learner reading the traceback.
# The sandbox's own SBX codes bring their hints from the shared table (kislearn/sbx_codes.py).
HINTS = {
    "EGW00201": "1초에 보낼 수 있는 요청 수(rate limit)를 넘었습니다. 실전 20회/초, 모의투자 2회/초입니다. "
    "잠시 쉬었다가 다시 요청하세요.",
    "EGW00123": "접근토큰(access token)이 만료되었습니다. 토큰을 새로 발급받으세요(issue_access_token).",
    "EGW00121": "유효하지 않은 접근토큰입니다. 다른 서버(실전/모의)나 다른 앱키의 토큰이거나, 폐기된 토큰입니다. "
    "토큰 캐시를 지우고 새로 발급받으세요.",
    "EGW00133": "접근토큰은 1분에 한 번만 발급됩니다. 1분 뒤에 다시 시도하거나, 캐시된 토큰을 다시 쓰세요.",
    "EGW00103": "앱키(app key)가 틀렸습니다. 생성자에 넣은 값(또는 .env의 KIS_APP_KEY)을 확인하세요. "
    "실전과 모의투자 앱키는 서로 다르고, 서버도 맞아야 합니다.",
    "EGW00105": "앱시크릿(app secret)이 틀렸습니다. 생성자에 넣은 값(또는 .env의 KIS_APP_SECRET)을 확인하세요.",
    "EGW2004": "실전투자용 tr_id(T로 시작)가 모의투자 서버로 갔습니다. 모의투자 계좌라면 클라이언트를 mock=True로 "
    "만드세요 (mock의 기본값은 False, 곧 실전입니다). 직접 요청한다면 V로 시작하는 tr_id를 쓰세요.",
    "OPSQ2000": "서버가 이 계좌번호(account number)를 모릅니다. 숫자가 맞는지(앞 8자리-뒤 2자리), 이 앱키에 연결된 "
    "계좌인지 확인하세요. 샌드박스라면 샘플 계좌(50010001-01, 50010002-01, 50010003-01)만 있습니다.",
    "OPSQ2001": "요청 값(query parameter) 가운데 허용되지 않는 값이 있습니다. msg1에 나온 항목을 확인하세요.",
    "SYDB0050": "연속 조회 도중 잔고가 바뀌었습니다. 처음부터 다시 조회하세요.",
    # 주식주문(현금): the paper-style codes (40240000 from users' logs, the others the sandbox's choice); the SBX
    # codes bring their hints from kislearn/sbx_codes.py
    "40250000": "주문가능금액(orderable cash)이 모자랍니다. 시장가 매수는 상한가로 주문금액을 잡으니, 현금이 빠듯하면 "
    "지정가로 주문하거나 수량을 줄이세요.",
    "40240000": "팔려는 종목을 갖고 있지 않습니다. fetch_balance()의 output1에서 보유수량(hldg_qty)을 확인하세요.",
    "40030000": "주문단가가 호가단위(tick)의 배수가 아닙니다. 현재가 응답의 aspr_unit이 그 가격대의 호가단위입니다.",
    "40070000": "주문할 수 없는 종목입니다. 종목코드가 맞는지 확인하세요(샌드박스는 샘플 데이터의 종목만 압니다).",
    **sbx_codes.HINTS,
}


class KisError(Exception):
    """Base class of every kislearn error."""


class KisApiError(KisError):
    """KIS answered, but with a failure (``rt_cd`` other than ``"0"``, or an OAuth error body).

    Attributes: ``msg_cd`` (e.g. ``"EGW00201"``), ``msg1`` (the server's message, padding removed),
    ``status`` (HTTP status), ``tr_id`` (which transaction was asked for), ``rt_cd`` and ``hint``.
    """

    def __init__(
        self, msg_cd: str, msg1: str, *, status: int | None = None, tr_id: str | None = None, rt_cd: str | None = None
    ):
        self.msg_cd = msg_cd
        self.msg1 = (msg1 or "").strip()
        self.status = status
        self.tr_id = tr_id
        self.rt_cd = rt_cd
        self.hint = HINTS.get(msg_cd, "")
        super().__init__(self._describe())

    def _describe(self) -> str:
        where = ", ".join(
            part
            for part in (
                f"HTTP {self.status}" if self.status is not None else "",
                f"tr_id={self.tr_id}" if self.tr_id else "",
            )
            if part
        )
        text = f"[{self.msg_cd}] {self.msg1}"
        if where:
            text += f" ({where})"
        if self.hint:
            text += f"\n  → {self.hint}"
        return text


class RateLimitError(KisApiError):
    """EGW00201: too many calls in one second (still failing after the client's retries)."""


class TokenExpiredError(KisApiError):
    """EGW00123: the access token has expired (still failing after one fresh token)."""


class InvalidTokenError(KisApiError):
    """EGW00121: the server does not accept this access token."""


class TokenIssueLimitError(KisApiError):
    """EGW00133: an access token was already issued less than a minute ago."""


class AppKeyError(KisApiError):
    """EGW00103 / EGW00105: the app key or the app secret is wrong."""


class OrderRejectedError(KisApiError):
    """The server refused an order: not enough cash or shares, a bad price or quantity, an unknown symbol..."""


class InvalidArgumentError(KisError, ValueError):
    """A value passed to kislearn is not usable (an empty key, an unknown exchange, a bad symbol...)."""


class AccountNumberError(InvalidArgumentError):
    """The account number is not in the ``12345678-01`` form."""


class SettingsError(KisError):
    """The ``.env`` settings are missing or incomplete."""


class NotCoveredError(KisError, NotImplementedError):
    """A call this course does not cover (for example overseas markets)."""


class KisTransportError(KisError):
    """No usable answer came back: the server could not be reached, did not answer in time, or did not send JSON.

    ``kind`` names the cause (see :mod:`kislearn.network_errors`); ``may_have_arrived`` is True when the
    request may have reached the server (a timeout after connecting, a connection that broke).
    """

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        tr_id: str | None = None,
        status: int | None = None,
        kind: str = "",
        may_have_arrived: bool = False,
    ):
        self.url = url
        self.tr_id = tr_id
        self.status = status
        self.kind = kind  # what went wrong: "dns", "refused", "tls", "proxy", "read-timeout", "dropped", ...
        self.may_have_arrived = may_have_arrived  # could the server have received the request?
        super().__init__(message)


class KisConnectionError(KisTransportError):
    """The server could not be reached (name lookup, refused connection, TLS, proxy) or the connection broke."""


class KisTimeoutError(KisTransportError):
    """The server did not answer within the timeout."""


class KisResponseError(KisTransportError):
    """The server answered with something that is not the JSON KIS sends (an HTML page, say)."""


class OrderMaybePlacedError(KisTransportError):
    """An order went out but its answer was lost (a timeout, a reset or dropped connection).

    The server may have placed it, so kislearn does not send it again: check 주문체결조회 or the balance
    before you order again. Raised as one of the two classes below, so ``except KisTimeoutError`` and
    ``except KisConnectionError`` still catch it; ``except OrderMaybePlacedError`` catches both.
    """


class OrderTimeoutError(OrderMaybePlacedError, KisTimeoutError):
    """An order was sent and no answer came within the timeout: it may have been placed."""


class OrderConnectionLostError(OrderMaybePlacedError, KisConnectionError):
    """An order was sent and the connection broke before the answer came: it may have been placed."""


class TokenCacheError(KisError):
    """The token cache cannot be used safely (a symlink where a file or folder should be, a folder of
    another user...). The message says what to delete or which folder to use instead."""


class PagingError(KisError):
    """A paged query did not come to an end within the allowed number of pages."""


# Which exception class fits which KIS code.
ERROR_CLASSES = {
    "EGW00201": RateLimitError,
    "EGW00123": TokenExpiredError,
    "EGW00121": InvalidTokenError,
    "EGW00133": TokenIssueLimitError,
    "EGW00103": AppKeyError,
    "EGW00105": AppKeyError,
    # order refusals: the paper-style codes (see kislearn.spec) and the sandbox's (sbx_codes.ORDER_REFUSALS)
    **{code: OrderRejectedError for code in ("40250000", "40240000", "40030000", "40070000")},
    **{code: OrderRejectedError for code in sbx_codes.ORDER_REFUSALS},
}


def api_error(msg_cd: str, msg1: str, **details) -> KisApiError:
    """Build the most specific :class:`KisApiError` subclass for a KIS code."""
    error_class = ERROR_CLASSES.get(msg_cd, KisApiError)
    return error_class(msg_cd, msg1, **details)


# What an OSError means, in a few Korean words (the English name in parentheses), by errno.
OS_ERROR_TEXTS = {
    errno.EACCES: "쓰기 권한이 없습니다 (permission denied)",
    errno.EPERM: "쓰기 권한이 없습니다 (permission denied)",
    errno.EROFS: "읽기 전용 디스크입니다 (read-only file system)",
    errno.ENAMETOOLONG: "이름이 너무 깁니다 (name too long)",
    errno.ENOTDIR: "경로 중간에 폴더가 아닌 파일이 있습니다 (not a directory)",
    errno.EEXIST: "경로 중간에 폴더가 아닌 파일이 있습니다 (not a directory)",
    errno.EISDIR: "파일 자리에 폴더가 있습니다 (is a directory)",
    errno.ENOENT: "그 위치에는 폴더나 파일을 만들 수 없습니다 (no such file or directory)",
    errno.ENOSPC: "디스크에 빈 공간이 없습니다 (no space left on device)",
    errno.ELOOP: "심볼릭 링크(symlink)가 끝없이 이어집니다 (too many levels of symbolic links)",
}


def os_error_text(error: OSError) -> str:
    """An OS error in a few Korean words, e.g. ``"쓰기 권한이 없습니다 (permission denied)"``."""
    if isinstance(error, TimeoutError):
        return "다른 프로그램이 오래 붙잡고 있습니다 (timeout)"
    return OS_ERROR_TEXTS.get(error.errno, f"{error.strerror or str(error) or '-'} ({type(error).__name__})")
