"""kislearn.sandbox — a local HTTP server that answers like the KIS Open API.

Any KIS client works against it by changing only its base URL::

    from kislearn.sandbox import Sandbox, demo_app

    with Sandbox() as sandbox:
        base_url = sandbox.url                # KIS paths at the root; the app key decides real or paper
        app = demo_app("paper")               # app.appkey / app.appsecret the sandbox accepts
        sandbox.clock.advance(hours=1)        # the market clock (fixed unless told otherwise)
        ...

Modules, one job each:

- ``rules``       — the limits it enforces (token lifetime, calls per second, rows per page, order hours) and
  the clock of tokens
- ``market``      — the living market (a package): the market clock, the KRX calendar, prices that move,
  charts, when an order fills
- ``costs``       — fees and taxes of filled orders (:class:`TradingCosts`), taxes by market
- ``samples``     — the data it serves: demo apps, sample accounts, prices
- ``tokens``      — issuing, re-using, revoking and checking access tokens
- ``responses``   — the shape of its answers: headers, envelope, errors, balance pages
- ``orders``      — 주식주문(현금)/(정정취소): checking an order, and what the ledger keeps of it
- ``order_life``  — an order against the moving market (fills, 정정, 취소, lapsing) and the books over days
- ``bookkeeping`` — what a fill and the end of a day do to the balance's numbers
- ``valuation``   — an account at one moment's prices
- ``fields``, ``krx`` — the field lists and KRX arithmetic, named for the sandbox's modules; their home is
  :mod:`kislearn.consistency` (client-neutral, with the rules every balance and price obeys)
- ``ledger``      — each app key's own copy of the sample accounts, moving with the clock, and resetting them
- ``state``       — what one running sandbox remembers, and which clock each rule follows
- ``memory``      — the limits of what it remembers per app key (:class:`~kislearn.sandbox.memory.RecentDict`)
- ``paths``       — KIS paths at the host root and under /real and /paper
- ``gateway``     — the checks every request goes through (keys, token, calls per second, paper support, tr_id,
  custtype, controls)
- ``app``         — the Flask app, the sandbox's controls (reset, clock...), OAuth, balance and price routes;
  ``order_routes`` (orders and order inquiries, with ``order_answers``), ``chart_routes`` (charts) and
  ``holiday_api`` (국내휴장일조회 from the KRX calendar)
- ``catalog_api`` — one route for every other catalogued REST API; ``request_checks`` (the request against the
  sheet), ``schema_answers`` with ``schema_rows``, ``schema_values`` and ``field_shapes`` (schema-exact answers
  with plausible values), ``catalog_paging`` (pages and continuation keys)
- ``http_server`` — the HTTP server underneath (cheroot)
- ``server``      — running it here: :class:`Sandbox` (a thread), :func:`serve` (the foreground)
- ``launcher``    — one shared sandbox process for every notebook kernel: :func:`ensure_running`
- ``realtime/``   — KIS's real-time (WebSocket) service on a second port: approval keys, sessions, the price feeds
  and 체결통보 over the moving market (``market/``)

The sandbox's own answer codes (SBX…) are in :mod:`kislearn.sbx_codes`, shared with the client side.
``kislearn.sandbox_tools`` resets a sandbox's accounts and reads or moves its market clock through a client.
"""

from kislearn.sandbox.costs import TradingCosts
from kislearn.sandbox.launcher import ensure_running
from kislearn.sandbox.market import MarketClock
from kislearn.sandbox.rules import ManualClock, SandboxRules
from kislearn.sandbox.samples import DemoApp, demo_app, sample_accounts, sample_symbols
from kislearn.sandbox.server import DEFAULT_PORT, PortInUseError, Sandbox, SandboxError, first_free_port, serve

__all__ = [
    "DEFAULT_PORT",
    "DemoApp",
    "ManualClock",
    "MarketClock",
    "PortInUseError",
    "Sandbox",
    "SandboxError",
    "SandboxRules",
    "TradingCosts",
    "demo_app",
    "ensure_running",
    "first_free_port",
    "sample_accounts",
    "sample_symbols",
    "serve",
]
