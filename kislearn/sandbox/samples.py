"""The sample data the sandbox serves: demo apps, accounts and prices.

The files live in ``kislearn/sandbox/data/``::

    apps.json                 the app keys the sandbox accepts (demo-paper, demo-real)
    accounts/<slug>.json      {"slug", "account": "50010002-01", "title", "description", "output1", "output2"}
    prices/<symbol>.json      {"symbol", "name", "market", "foreign_limit_pct", "output": {...}}

``market`` is the KRX market the stock is listed on (KOSPI, KOSDAQ or KONEX; the sale taxes depend on it)
and ``foreign_limit_pct`` the foreign-ownership limit in percent of the listed shares (100 = no limit).
Both are optional, for recorded files; see :func:`market_of`.

Extra folders with the same layout (all three parts optional) can be added with ``data_dirs``; their files
are read after the package's own, so a recorded account can replace a sample of the same number.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kislearn import spec
from kislearn.sandbox.costs import MARKETS

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
    snapshot: str = field(default="", compare=False)  # which state of the account this is (see Ledger.balance)

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
    """One symbol's 주식현재가 시세 answer (``output`` is the object KIS returns), with the market it is
    listed on (``"KOSPI"``, ``"KOSDAQ"`` or ``"KONEX"``) and its foreign-ownership limit in percent of the
    listed shares (``None`` = not known; 100 = no limit)."""

    symbol: str
    name: str
    output: dict
    market: str = "KOSPI"
    foreign_limit_pct: str | None = None


@dataclass
class SampleData:
    """Everything the sandbox serves, looked up by key."""

    apps: dict  # appkey -> DemoApp
    accounts: dict  # "50010002-01" -> SampleAccount
    prices: dict  # "005930" -> SamplePrice


class SampleDataError(ValueError):
    """A data file the sandbox cannot read: which file, and what is wrong with it."""


def _read_json(path: Path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as error:  # unreadable, not UTF-8, or not JSON
        raise SampleDataError(
            f"샌드박스 데이터 파일을 읽을 수 없습니다 (unreadable data file): {path} — {error}"
        ) from None


@contextlib.contextmanager
def _reading(path: Path):
    """Turn a missing or wrongly typed field in a data file into a SampleDataError naming the file."""
    try:
        yield
    except (KeyError, TypeError, AttributeError) as error:
        raise SampleDataError(
            f"샌드박스 데이터 파일의 형식이 틀렸습니다 (bad data file): {path} — 항목 {error} 문제. "
            "accounts/*.json은 slug·account·output1·output2, prices/*.json은 symbol·output이 있어야 합니다. "
            "'python -m kislearn record'로 다시 만드세요."
        ) from None


def _data_dirs(extra_dirs: Iterable | None) -> list:
    """The package's data folder first, then any extra folders."""
    return [PACKAGE_DATA_DIR] + [Path(d) for d in (extra_dirs or [])]


def load_apps(extra_dirs: Iterable | None = None) -> list:
    """Read every ``apps.json`` into a list of :class:`DemoApp`."""
    apps = []
    for folder in _data_dirs(extra_dirs):
        path = folder / "apps.json"
        if path.exists():
            apps += [DemoApp(a["appkey"], a["appsecret"], a["flavour"], a.get("name", "")) for a in _read_json(path)]
    return apps


def _read_all(extra_dirs: Iterable | None, subfolder: str, build) -> list:
    """``build(raw)`` for every ``<data dir>/<subfolder>/*.json``, in order (later folders win when keyed).
    A missing or wrongly typed field becomes a :class:`SampleDataError` naming the file."""
    built = []
    for folder in _data_dirs(extra_dirs):
        for path in sorted((folder / subfolder).glob("*.json")):
            raw = _read_json(path)
            with _reading(path):
                built.append(build(raw))
    return built


def _account(raw: dict) -> SampleAccount:
    return SampleAccount(
        slug=raw["slug"],
        account=raw["account"],
        title=raw.get("title", raw["slug"]),
        description=raw.get("description", ""),
        output1=raw["output1"],
        output2=raw["output2"],
    )


def load_accounts(extra_dirs: Iterable | None = None) -> dict:
    """Read every ``accounts/*.json``; returns ``{"50010002-01": SampleAccount, ...}``."""
    return {account.account: account for account in _read_all(extra_dirs, "accounts", _account)}


def market_of(raw: dict) -> str:
    """The market of a price file: its ``market`` field, or — for files recorded from a server, which have
    none — a guess from ``rprs_mrkt_kor_name`` (대표 시장 한글 명): a name with KOSDAQ or KSQ → KOSDAQ, KONEX →
    KONEX, anything else → KOSPI. # sandbox's choice (the spec lists no values for that field)"""
    if "market" in raw:
        if raw["market"] not in MARKETS:
            raise KeyError(f"market={raw['market']!r} (가능한 값: {', '.join(MARKETS)})")
        return raw["market"]
    name = str(raw["output"].get("rprs_mrkt_kor_name", "")).upper()
    if "KOSDAQ" in name or name.startswith("KSQ"):
        return "KOSDAQ"
    return "KONEX" if "KONEX" in name else "KOSPI"


def _price(raw: dict) -> SamplePrice:
    return SamplePrice(
        symbol=raw["symbol"],
        name=raw.get("name", ""),
        output=raw["output"],
        market=market_of(raw),
        foreign_limit_pct=raw.get("foreign_limit_pct"),
    )


def load_prices(extra_dirs: Iterable | None = None) -> dict:
    """Read every ``prices/*.json``; returns ``{"005930": SamplePrice, ...}``."""
    return {price.symbol: price for price in _read_all(extra_dirs, "prices", _price)}


def load_sample_data(extra_apps: Iterable | None = None, extra_dirs: Iterable | None = None) -> SampleData:
    """Load apps, accounts and prices from the package data plus ``extra_dirs``; add ``extra_apps``."""
    apps = load_apps(extra_dirs) + list(extra_apps or [])
    return SampleData(
        apps={app.appkey: app for app in apps},
        accounts=load_accounts(extra_dirs),
        prices=load_prices(extra_dirs),
    )


def demo_app(flavour: str, student: str | None = None, *, signing_key: str | None = None) -> DemoApp:
    """The demo app of a flavour: ``demo_app("paper")`` or ``demo_app("real")``.

    With ``student="kim"``: that student's own app key pair, derived from the name, so a room of students
    can share one sandbox and each trade on their own copy of the sample accounts. The same name always
    gives the same keys (spaces and upper/lower case do not matter), and the sandbox accepts them without a
    list of names, by recomputing the secret from the key with its signing key (:func:`student_app_for`).
    ``signing_key`` is only needed for a sandbox started with another ``SandboxRules.signing_key``.
    """
    if flavour not in spec.FLAVOURS:
        raise ValueError(f"flavour는 'real' 또는 'paper'여야 합니다 (got {flavour!r})")
    if student is not None:
        return student_app(flavour, student, signing_key or _default_signing_key())
    for app in load_apps():
        if app.flavour == flavour and app.name == f"demo-{flavour}":
            return app
    raise ValueError(f"demo app for {flavour!r} is missing from apps.json")  # pragma: no cover


# ---------------------------------------------------------------------------------------------------
# Per-student apps: keys derived from a name with HMAC, checked by recomputing. # sandbox's choice
# The signing key is public, so these keys protect nothing: they only keep students' accounts apart.
# ---------------------------------------------------------------------------------------------------
STUDENT_KEY_PREFIX = {"paper": "SANDBOXPAPERS", "real": "SANDBOXREALS"}  # + uppercase hex, 36 in all
STUDENT_SECRET_PREFIX = "STUDENTSECRET"


def _default_signing_key() -> str:
    from kislearn.sandbox.rules import (
        DEFAULT_SIGNING_KEY,  # here: rules does not need this module
    )

    return DEFAULT_SIGNING_KEY


def _hmac_hex(signing_key: str, message: str) -> str:
    return hmac.new(signing_key.encode("utf-8"), message.encode("utf-8"), hashlib.sha512).hexdigest().upper()


def _student_secret(appkey: str, signing_key: str) -> str:
    digest = _hmac_hex(signing_key, f"secret:1:{appkey}") + _hmac_hex(signing_key, f"secret:2:{appkey}")
    return (appkey + STUDENT_SECRET_PREFIX + digest)[: spec.APP_SECRET_LENGTH]


def student_app(flavour: str, student: str, signing_key: str) -> DemoApp:
    """The app key pair of one student (see :func:`demo_app`)."""
    if not isinstance(student, str) or not student.strip():
        raise ValueError("student에는 학생 이름(빈칸이 아닌 문자열)을 넣으세요, 예: demo_app('paper', student='kim')")
    name = " ".join(student.split()).casefold()
    prefix = STUDENT_KEY_PREFIX[flavour]
    appkey = prefix + _hmac_hex(signing_key, f"key:{flavour}:{name}")[: spec.APP_KEY_LENGTH - len(prefix)]
    return DemoApp(appkey, _student_secret(appkey, signing_key), flavour, f"student-{flavour}")


def student_app_for(appkey: str, signing_key: str) -> DemoApp | None:
    """The student app an ``appkey`` belongs to, or None when it is not a student key of this signing key's
    form. The secret is recomputed from the key, so the sandbox needs no list of students."""
    for flavour, prefix in STUDENT_KEY_PREFIX.items():
        rest = appkey[len(prefix) :]
        if (
            appkey.startswith(prefix)
            and len(appkey) == spec.APP_KEY_LENGTH
            and all(c in "0123456789ABCDEF" for c in rest)
        ):
            return DemoApp(appkey, _student_secret(appkey, signing_key), flavour, f"student-{flavour}")
    return None


def sample_accounts(extra_dirs: Iterable | None = None) -> list:
    """``[(slug, account, title), ...]`` for every account the sandbox knows."""
    return [(a.slug, a.account, a.title) for a in load_accounts(extra_dirs).values()]


def sample_symbols(extra_dirs: Iterable | None = None) -> list:
    """``[(symbol, name), ...]`` for every stock the sandbox has a price of (the only ones it can quote or trade)."""
    return [(price.symbol, price.name) for price in load_prices(extra_dirs).values()]
