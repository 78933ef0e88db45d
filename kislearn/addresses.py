"""Server addresses (base URLs): checking one a learner typed, and telling KIS's own hosts from a sandbox.

A base URL is ``scheme://host[:port][/path]``, e.g. ``https://openapivts.koreainvestment.com:29443`` (KIS's
paper server) or ``http://127.0.0.1:8434/paper`` (a sandbox playing it). :func:`check_base_url` refuses what
``requests`` would only fail on at the first call (no ``http://``, a port above 65535, a space...), with a
Korean message that shows the right form.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from . import spec
from .errors import InvalidArgumentError

EXAMPLE_URL = "http://127.0.0.1:8434"
KIS_HOSTS = {urlsplit(url).hostname for url in (spec.REAL_URL, spec.PAPER_URL)}


def check_base_url(text: object, name: str = "base_url") -> str:
    """``text`` without a trailing ``/``, or :class:`InvalidArgumentError` saying what is wrong with it.

    ``name`` is what the message calls the value (``"base_url"``, ``"KIS_SANDBOX_URL"``).
    """
    if not isinstance(text, str):
        raise InvalidArgumentError(
            f"{name}은(는) 문자열(str)이어야 합니다 (받은 형식: {type(text).__name__}). 예: '{EXAMPLE_URL}'"
        )
    url = text.strip().rstrip("/")
    problem = _problem(url)
    if problem:
        shown = url if len(url) <= 80 else url[:77] + "..."
        raise InvalidArgumentError(
            f"{name} {shown!r}은(는) 쓸 수 없는 주소입니다 (invalid URL): {problem}. 예: '{EXAMPLE_URL}'"
        )
    return url


def _problem(url: str) -> str:
    """What is wrong with ``url`` in Korean, or ``""`` when it is usable."""
    if not url:
        return "비어 있습니다"
    if any(character.isspace() for character in url):
        return "주소 안에 공백(space)이나 줄바꿈이 있습니다"
    if "://" not in url:
        return "맨 앞의 'http://'(또는 'https://')가 빠졌습니다"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return f"'{parts.scheme}://'는 쓸 수 없습니다. 'http://' 또는 'https://'로 시작하세요"
    if not parts.hostname:
        return "'http://' 다음에 서버 주소(host)가 없습니다"
    if parts.query or parts.fragment:
        return "주소에 '?'나 '#' 뒤의 부분은 넣지 않습니다"
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None and not 1 <= port <= 65535:
        return "포트 번호(port)는 1~65535 사이의 숫자여야 합니다"
    return ""


def host_of(url: str) -> str:
    """The host name of ``url`` in lower case (``""`` when there is none)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def is_kis_url(url: str) -> bool:
    """Is ``url`` on one of KIS's own hosts (real or paper)?"""
    return host_of(url) in KIS_HOSTS


def is_loopback_url(url: str) -> bool:
    """Is ``url`` on this computer (``127.0.0.1``, ``localhost``, ``::1``)?"""
    host = host_of(url)
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def looks_like_sandbox(url: str) -> bool:
    """A sandbox URL: not KIS, and on this computer or ending in ``/paper`` or ``/real`` (the sandbox's paths)."""
    if is_kis_url(url):
        return False
    path = urlsplit(url).path.rstrip("/")
    return is_loopback_url(url) or path.rsplit("/", 1)[-1] in spec.FLAVOURS
