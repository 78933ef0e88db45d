"""Hide secrets before they reach a screen, a log or a notebook output."""

from __future__ import annotations

from .account import mask_account

__all__ = ["mask_key", "mask_secret", "mask_token", "mask_authorization", "mask_account", "mask_headers"]


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


def mask_headers(headers: dict) -> dict:
    """A copy of request headers with keys, secrets and tokens masked, for printing or logging."""
    return {name: _SECRET_HEADERS.get(name.lower(), str)(value) for name, value in headers.items()}
