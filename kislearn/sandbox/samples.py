"""The sample data the sandbox serves: demo apps, accounts and prices.

The files live in ``kislearn/sandbox/data/``::

    apps.json                 the app keys the sandbox accepts (demo-paper, demo-real)
    accounts/<slug>.json      {"slug", "account": "50010002-01", "title", "description", "output1", "output2"}
    prices/<symbol>.json      {"symbol", "name", "output": {...}}

Extra folders with the same layout (all three parts optional) can be added with ``data_dirs``; their files
are read after the package's own, so a recorded account can replace a sample of the same number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from kislearn import spec

PACKAGE_DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class DemoApp:
    """An app key pair the sandbox accepts. ``flavour`` is ``"real"`` (실전) or ``"paper"`` (모의투자)."""

    appkey: str
    appsecret: str
    flavour: str
    name: str = ""

    def __post_init__(self):
        if self.flavour not in spec.FLAVOURS:
            raise ValueError(f"flavour는 'real' 또는 'paper'여야 합니다 (got {self.flavour!r})")


@dataclass(frozen=True)
class SampleAccount:
    """One account's balance as 주식잔고조회 returns it: holdings (output1) and ONE summary (output2)."""

    slug: str
    account: str  # "50010002-01": CANO (8 digits) - ACNT_PRDT_CD (2 digits)
    title: str
    description: str
    output1: list
    output2: list

    @property
    def cano(self) -> str:
        return self.account.split("-")[0]

    @property
    def product_code(self) -> str:
        return self.account.split("-")[1]

    @property
    def summary(self) -> dict:
        return self.output2[0]


@dataclass(frozen=True)
class SamplePrice:
    """One symbol's 주식현재가 시세 answer (``output`` is the object KIS returns)."""

    symbol: str
    name: str
    output: dict


@dataclass
class SampleData:
    """Everything the sandbox serves, looked up by key."""

    apps: dict  # appkey -> DemoApp
    accounts: dict  # "50010002-01" -> SampleAccount
    prices: dict  # "005930" -> SamplePrice


def _read_json(path: Path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _data_dirs(extra_dirs: Optional[Iterable]) -> list:
    """The package's data folder first, then any extra folders."""
    return [PACKAGE_DATA_DIR] + [Path(d) for d in (extra_dirs or [])]


def load_apps(extra_dirs: Optional[Iterable] = None) -> list:
    """Read every ``apps.json`` into a list of :class:`DemoApp`."""
    apps = []
    for folder in _data_dirs(extra_dirs):
        path = folder / "apps.json"
        if path.exists():
            apps += [DemoApp(a["appkey"], a["appsecret"], a["flavour"], a.get("name", "")) for a in _read_json(path)]
    return apps


def load_accounts(extra_dirs: Optional[Iterable] = None) -> dict:
    """Read every ``accounts/*.json``; returns ``{"50010002-01": SampleAccount, ...}``."""
    accounts = {}
    for folder in _data_dirs(extra_dirs):
        for path in sorted((folder / "accounts").glob("*.json")):
            raw = _read_json(path)
            account = SampleAccount(
                slug=raw["slug"],
                account=raw["account"],
                title=raw.get("title", raw["slug"]),
                description=raw.get("description", ""),
                output1=raw["output1"],
                output2=raw["output2"],
            )
            accounts[account.account] = account
    return accounts


def load_prices(extra_dirs: Optional[Iterable] = None) -> dict:
    """Read every ``prices/*.json``; returns ``{"005930": SamplePrice, ...}``."""
    prices = {}
    for folder in _data_dirs(extra_dirs):
        for path in sorted((folder / "prices").glob("*.json")):
            raw = _read_json(path)
            prices[raw["symbol"]] = SamplePrice(raw["symbol"], raw.get("name", ""), raw["output"])
    return prices


def load_sample_data(extra_apps: Optional[Iterable] = None, extra_dirs: Optional[Iterable] = None) -> SampleData:
    """Load apps, accounts and prices from the package data plus ``extra_dirs``; add ``extra_apps``."""
    apps = load_apps(extra_dirs) + list(extra_apps or [])
    return SampleData(
        apps={app.appkey: app for app in apps},
        accounts=load_accounts(extra_dirs),
        prices=load_prices(extra_dirs),
    )


def demo_app(flavour: str) -> DemoApp:
    """The demo app of a flavour: ``demo_app("paper")`` or ``demo_app("real")``."""
    for app in load_apps():
        if app.flavour == flavour and app.name == f"demo-{flavour}":
            return app
    raise ValueError(f"flavour는 'real' 또는 'paper'여야 합니다 (got {flavour!r})")


def sample_accounts(extra_dirs: Optional[Iterable] = None) -> list:
    """``[(slug, account, title), ...]`` for every account the sandbox knows."""
    return [(a.slug, a.account, a.title) for a in load_accounts(extra_dirs).values()]
