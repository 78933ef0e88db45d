"""Where a request lands: KIS paths at the host root, and the ``/real`` and ``/paper`` prefixes.

Real KIS serves every path at the root of two hosts, and which one you talk to (실전 or 모의투자) is a matter of
the app key: paper and real keys are separate. The sandbox is one host, so it works the same way::

    http://127.0.0.1:8434/oauth2/tokenP         the flavour of the app key in the body decides
    http://127.0.0.1:8434/paper/oauth2/tokenP   the same API; the key must be a paper key (else EGW00103)
    http://127.0.0.1:8434/real/uapi/...         the same API; the key must be a real key

:class:`KisPaths` is a small WSGI middleware that runs before the routes: it merges repeated slashes
(mojito2 builds ``//uapi/...`` when a base URL ends in ``/``) and moves a ``/real`` or ``/paper`` prefix out
of ``PATH_INFO`` into ``SCRIPT_NAME`` and ``environ["kislearn.flavour"]``. So every route is written once, at
its KIS path, and :func:`prefix_flavour` is the one place that says which host a request asked for.
"""

from __future__ import annotations

import re

from flask import request

from kislearn import spec

FLAVOUR_KEY = "kislearn.flavour"  # environ key: "real", "paper" or None (the host root)
ORIGINAL_PATH_KEY = "kislearn.original_path"  # environ key: the path as the client sent it
_SLASHES = re.compile(r"/{2,}")


def split_flavour(path: str) -> tuple:
    """``"/paper/uapi/x"`` → ``("paper", "/uapi/x")``; ``"/uapi/x"`` → ``(None, "/uapi/x")``."""
    for flavour in spec.FLAVOURS:
        prefix = f"/{flavour}"
        if path == prefix or path.startswith(prefix + "/"):
            return flavour, path[len(prefix) :] or "/"
    return None, path


class KisPaths:
    """WSGI middleware: merge repeated slashes, then take a ``/real`` or ``/paper`` prefix off the path."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        original = environ.get("PATH_INFO", "") or "/"
        flavour, path = split_flavour(_SLASHES.sub("/", original))
        environ[ORIGINAL_PATH_KEY] = original
        environ[FLAVOUR_KEY] = flavour
        environ["PATH_INFO"] = path
        if flavour is not None:
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + f"/{flavour}"
        return self.wsgi_app(environ, start_response)


def prefix_flavour() -> str | None:
    """The flavour the request's path prefix asked for (``"real"``/``"paper"``), or None at the host root."""
    return request.environ.get(FLAVOUR_KEY)


def original_path() -> str:
    """The path as the client sent it (with its prefix and slashes), for messages."""
    return request.environ.get(ORIGINAL_PATH_KEY, request.path)
