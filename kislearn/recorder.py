"""Record your own KIS answers — balance (every page) and the price of every symbol held — so the sandbox
can replay them. ``python -m kislearn record DIR`` runs :func:`record_to_folder`.

Three steps, each in its own module, and nothing touches the disk before the last one:

1. :func:`record` (here): ask KIS with a :class:`~kislearn.KoreaInvestment` client and keep the answers in
   memory, as a :class:`Recording`. The client paces the calls (2 a second on 모의투자, 20 on 실전), and a
   line of progress is reported after every call.
2. :func:`kislearn.sanitize.sanitize`: keep only the sandbox's format, replace the account number, remove
   every key, secret and token (optionally scale the amounts: :mod:`kislearn.scramble`).
3. :func:`kislearn.sample_folder.write_sample_folder`: write ``accounts/<slug>.json`` and
   ``prices/<symbol>.json`` all at once (a half-written folder never exists).

    from kislearn.recorder import record_to_folder
    record_to_folder("my-recording")                 # keys and mode from .env

If any call fails, :class:`RecordingError` says which step and why, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import spec
from .account import AccountNumber
from .consistency import check_balance, check_price_matches
from .errors import KisError
from .sanitize import (
    DEFAULT_ACCOUNT,
    DEFAULT_SLUG,
    SafeRecording,
    Secrets,
    check_slug,
    replacements,
    sanitize,
    scrub_text,
)

Progress = Callable[[str], None]


class RecordingError(KisError):
    """Recording stopped: a call to KIS failed. ``step`` says where; ``cause_type`` names the original error's
    class (``"RateLimitError"``) and ``msg_cd`` its KIS code, if any.

    The original exception itself is not kept: its message and attributes may show the account number or
    other secrets, and this error's own message has them scrubbed.
    """

    def __init__(self, message: str, *, step: str = "", cause: BaseException | None = None):
        self.step = step
        self.cause_type = type(cause).__name__ if cause is not None else ""
        self.msg_cd = str(getattr(cause, "msg_cd", "") or "")
        super().__init__(message)


@dataclass
class Recording:
    """What KIS answered, in memory and NOT yet safe: raw balance pages and price answers.

    ``balance_pages`` are the JSON bodies of the 주식잔고조회 pages in order; ``prices`` maps each held
    symbol to its 주식현재가 시세 body; ``flavour`` is ``"paper"`` or ``"real"``; ``secrets`` are the
    client's keys, token and account (for the sanitiser). ``repr()`` shows no secret.
    """

    flavour: str
    balance_pages: list = field(default_factory=list)
    prices: dict = field(default_factory=dict)
    secrets: Secrets = field(default_factory=Secrets, repr=False)

    @property
    def output1(self) -> list[dict[str, Any]]:
        """Every holding row of every page."""
        return [row for page in self.balance_pages for row in (page.get("output1") or [])]

    @property
    def output2(self) -> list[dict[str, Any]]:
        """The summary list (every page repeats it; the last page's is kept)."""
        return self.balance_pages[-1].get("output2") if self.balance_pages else []

    @property
    def symbols(self) -> list[str]:
        """The held symbols, in the order of the rows, each once."""
        return list(dict.fromkeys(row.get("pdno", "") for row in self.output1 if isinstance(row, dict)))

    def __repr__(self) -> str:  # the raw answers may hold secrets: only counts are shown
        return (
            f"Recording({self.flavour}, balance_pages={len(self.balance_pages)}, rows={len(self.output1)}, "
            f"prices={len(self.prices)})"
        )


def _quiet(message: str) -> None:
    """A progress callback that says nothing."""


def _say(message: str) -> None:
    print(message, flush=True)


def record(broker, *, progress: Progress | None = _say, approval_key: str = "") -> Recording:
    """Fetch every balance page and the price of every held symbol with ``broker`` (a
    :class:`~kislearn.KoreaInvestment`), reporting a line after each call. Returns a :class:`Recording`.

    Raises :class:`RecordingError` (with a message free of secrets) when a call fails.
    """
    progress = progress or _quiet
    recording = Recording(flavour=broker.flavour, secrets=Secrets.of_client(broker, approval_key))
    rules = replacements(recording.secrets, DEFAULT_ACCOUNT)
    step = "잔고 조회 1쪽 (balance page 1)"
    try:
        for number, page in enumerate(broker.iter_balance_pages(), start=1):
            step = f"잔고 조회 {number}쪽 (balance page {number})"
            recording.balance_pages.append(page.body)
            rows = len(page.body.get("output1") or [])
            more = "다음 쪽 있음 (more)" if page.tr_cont in spec.MORE_PAGES else "마지막 쪽 (last)"
            progress(f"  {step}: {rows}행, {more}")
            step = f"잔고 조회 {number + 1}쪽 (balance page {number + 1})"
        symbols = recording.symbols
        names = {row.get("pdno"): row.get("prdt_name", "") for row in recording.output1 if isinstance(row, dict)}
        for index, symbol in enumerate(symbols, start=1):
            step = f"현재가 조회 {index}/{len(symbols)} (price {symbol})"
            recording.prices[symbol] = broker.fetch_price(symbol)
            progress(f"  {step}: {scrub_text(str(names.get(symbol, '')), rules)}")
    except KisError as error:
        failure = RecordingError(
            f"녹화가 {step}에서 멈췄습니다 (recording stopped). 아무 파일도 쓰지 않았습니다 "
            f"(nothing written).\n{scrub_text(str(error), rules)}",
            step=step,
            cause=error,
        )
    else:
        return recording
    raise failure  # outside the except block, so the unscrubbed error is not kept as its __context__


def _scrubbed(error: KisError, settings) -> str:
    """The error's text without the keys or the account number of ``settings``."""
    text = str(error)
    for secret in (settings.app_key, settings.app_secret):
        if secret:
            text = text.replace(secret, "***")
    if settings.account is not None:
        text = text.replace(settings.account.text, settings.account.masked())
        text = text.replace(settings.account.cano, settings.account.masked().split("-")[0])
    return text


def check_recorded(safe: SafeRecording) -> list[str]:
    """The official relations a recorded account must satisfy (``sandbox_rules=False``: a real server
    need not follow the sandbox's own cash formulas), and that every held symbol has a price."""
    output1, output2 = safe.account["output1"], safe.account["output2"]
    problems = check_balance(output1, output2, sandbox_rules=False)
    if not problems:
        problems = check_price_matches(output1, safe.prices, sandbox_rules=False)
    return problems


def record_to_folder(
    target,
    *,
    broker=None,
    settings=None,
    slug: str = DEFAULT_SLUG,
    account_as: str = DEFAULT_ACCOUNT,
    scramble: Decimal | None = None,
    force: bool = False,
    progress: Progress | None = _say,
) -> list[str]:
    """Record, sanitise and write a sample folder at ``target``; returns the files written (relative).

    ``broker`` defaults to :func:`kislearn.connect` with ``settings`` (default: ``.env``), so in sandbox
    mode it records from the sandbox. The folder is checked BEFORE any call to KIS, so a wrong target
    costs no token. ``force=True`` replaces an earlier recording (never any other folder).
    """
    from .sample_folder import check_target, write_sample_folder

    progress = progress or _quiet
    target = Path(target)
    check_slug(slug)  # everything the user typed is checked before the first call to KIS
    AccountNumber.parse(account_as)
    check_target(target, force=force)
    if broker is None:
        from .connect import connect
        from .settings import load_settings

        settings = settings or load_settings()
        progress(f"연결 (connect): {settings.mode_name} ({settings.mode}), 접근토큰 준비 (access token)")
        failure = None
        try:
            broker = connect(settings)
        except KisError as error:
            failure = RecordingError(
                f"연결하지 못했습니다 (could not connect). 아무 파일도 쓰지 않았습니다.\n{_scrubbed(error, settings)}",
                step="connect",
                cause=error,
            )
        if failure is not None:
            raise failure  # outside the except block: no unscrubbed __context__
    recording = record(broker, progress=progress)
    safe = sanitize(recording, account_as=account_as, slug=slug, scramble=scramble)
    progress(
        f"  정리 (sanitise): 계좌번호 → {safe.account_number}, 앱키·시크릿·토큰 제거"
        + (", 수량·금액 배수 조정 (scrambled)" if safe.scrambled else "")
    )
    problems = check_recorded(safe)
    if problems:  # worth knowing, but a real server may do things the checker does not know
        progress(f"  주의 (warning): 명세의 계산 관계와 다른 곳이 {len(problems)}군데 있습니다. 첫 번째: {problems[0]}")
    written = write_sample_folder(safe, target, force=force)
    progress(f"  썼습니다 (written): 파일 {len(written)}개")
    return written
