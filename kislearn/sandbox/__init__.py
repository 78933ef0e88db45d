"""kislearn.sandbox — a local HTTP server that answers like the KIS Open API.

Any KIS client works against it by changing only its base URL::

    from kislearn.sandbox import Sandbox, demo_app

    with Sandbox() as sandbox:
        base_url = sandbox.url                # KIS paths at the root; the app key decides real or paper
        app = demo_app("paper")               # app.appkey / app.appsecret the sandbox accepts
        ...

Modules, one job each:

- ``rules``       — the limits it enforces (token lifetime, calls per second, rows per page) and its clock
- ``costs``       — fees and taxes of filled orders (:class:`TradingCosts`), taxes by market
- ``samples``     — the data it serves: demo apps, sample accounts, prices
- ``tokens``      — issuing, re-using, revoking and checking access tokens
- ``responses``   — the shape of its answers: headers, envelope, errors, balance pages
- ``orders``      — 주식주문(현금): checking an order, and what a fill does to the balance
- ``consistency`` — the arithmetic every balance and price obeys; split into ``fields`` (field lists),
  ``krx`` (tick sizes, limits), ``value_checks``, ``balance_rules`` and ``price_rules``
- ``ledger``      — each app key's own copy of the sample accounts, and resetting them
- ``state``       — what one running sandbox remembers
- ``memory``      — the limits of what it remembers per app key (:class:`~kislearn.sandbox.memory.RecentDict`)
- ``paths``       — KIS paths at the host root and under /real and /paper
- ``gateway``     — the checks every request goes through (keys, token, calls per second, tr_id, controls)
- ``app``         — the Flask routes
- ``http_server`` — the HTTP server underneath (cheroot)
- ``server``      — running it here: :class:`Sandbox` (a thread), :func:`serve` (the foreground)
- ``launcher``    — one shared sandbox process for every notebook kernel: :func:`ensure_running`
- ``realtime/``   — KIS's real-time (WebSocket) service on a second port: approval keys, sessions, the price feeds
  and 체결통보 over the moving market (``market/``)

The sandbox's own answer codes (SBX…) are in :mod:`kislearn.sbx_codes`, shared with the client side.
``kislearn.sandbox_tools.reset_accounts(broker)`` resets a sandbox through a client.
"""

from kislearn.sandbox.costs import TradingCosts
from kislearn.sandbox.launcher import ensure_running
from kislearn.sandbox.rules import ManualClock, SandboxRules
from kislearn.sandbox.samples import DemoApp, demo_app, sample_accounts, sample_symbols
from kislearn.sandbox.server import DEFAULT_PORT, PortInUseError, Sandbox, SandboxError, serve

__all__ = [
    "DEFAULT_PORT",
    "DemoApp",
    "ManualClock",
    "PortInUseError",
    "Sandbox",
    "SandboxError",
    "SandboxRules",
    "TradingCosts",
    "demo_app",
    "ensure_running",
    "sample_accounts",
    "sample_symbols",
    "serve",
]
