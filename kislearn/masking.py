"""Hide secrets before they reach a screen, a log or a notebook output."""

from __future__ import annotations

import logging
import re

from .account import mask_account

__all__ = [
    "mask_key",
    "mask_secret",
    "mask_token",
    "mask_authorization",
    "mask_account",
    "mask_headers",
    "mask_params",
    "mask_query",
    "quiet_urllib3_account_numbers",
]


def mask_key(key: str | None) -> str:
    """An app key shown as its first 4 and last 2 characters: ``'SAND…a1 (36자)'``."""
    if not key:
        return "(없음)"
    if len(key) <= 8:
        return "*" * len(key)
    return f"{key[:4]}…{key[-2:]} ({len(key)}자)"


def mask_secret(secret: str | None) -> str:
    """An app secret is never shown, not even in part: only its length."""
    if not secret:
        return "(없음)"
    return f"****** ({len(secret)}자)"


def mask_token(token: str | None) -> str:
    """An access token shown as its first 8 characters (the JWT header, not secret) and its length."""
    if not token:
        return "(없음)"
    token = token.removeprefix("Bearer ")
    return f"{token[:8]}… ({len(token)}자)"


def mask_authorization(value: str | None) -> str:
    """An ``authorization`` header: the scheme stays visible, the token is masked (``'Bearer eyJhbGci… (362자)'``)."""
    scheme, _, token = (value or "").partition(" ")
    return f"{scheme} {mask_token(token)}" if token else mask_token(value)


# Request headers whose values must never be shown as they are.
_SECRET_HEADERS = {"appkey": mask_key, "appsecret": mask_secret, "authorization": mask_authorization}


def mask_headers(headers: dict) -> dict[str, str]:
    """A copy of request headers with keys, secrets and tokens masked, for printing or logging."""
    return {name: _SECRET_HEADERS.get(name.lower(), str)(value) for name, value in headers.items()}


# Request values that are personal: the account number (CANO, 종합계좌번호).
_ACCOUNT_PARAMS = {"cano"}
_ACCOUNT_IN_QUERY = re.compile(r"(?i)(\bCANO=)([0-9]*)")


def mask_params(params: dict | None) -> dict:
    """A copy of query parameters with the account number masked (``CANO=******02``)."""
    return {
        name: mask_account(str(value)) if name.lower() in _ACCOUNT_PARAMS else value
        for name, value in (params or {}).items()
    }


def mask_query(text: str) -> str:
    """``text`` (a URL, a log line) with every ``CANO=12345678`` shown as ``CANO=******78``."""
    return _ACCOUNT_IN_QUERY.sub(lambda match: match.group(1) + mask_account(match.group(2)), text)


class _MaskAccountNumbers(logging.Filter):
    """Rewrites a log record so the account number in a logged URL is masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_query(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


_URLLIB3_FILTER = _MaskAccountNumbers()


def quiet_urllib3_account_numbers() -> None:
    """Mask the account number in urllib3's DEBUG lines (``"GET /uapi/...?CANO=50010002&..."``).

    urllib3 logs every request line at DEBUG level, query string included, when a learner turns on
    ``logging.basicConfig(level=logging.DEBUG)``. The client calls this once; adding the filter twice is
    harmless (``logging`` keeps one). To hide urllib3's lines altogether:
    ``logging.getLogger("urllib3").setLevel(logging.WARNING)``.
    """
    logging.getLogger("urllib3.connectionpool").addFilter(_URLLIB3_FILTER)
