"""``connect()``: a ready :class:`KoreaInvestment` for whatever the settings say.

In sandbox mode (the default) it finds the sandbox already running on this computer, or starts one
(serving the recorded folders of ``KIS_SANDBOX_DATA`` too), and logs in with the sandbox's demo
paper-trading app; ``KIS_ACCOUNT`` picks the account, e.g. a recorded ``59990001-01``.
In paper or real mode it uses the keys from ``.env``.

Values filled in but not used (keys in sandbox mode, an account the sandbox does not have...) give a
:class:`~kislearn.settings.SettingsWarning` that says what to change: see :func:`setup_notes`.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import replace

from .account import AccountNumber
from .client import KoreaInvestment
from .errors import InvalidArgumentError, SettingsError
from .settings import MODES, Settings, SettingsWarning, load_settings, unused_values

# The sample account used when KIS_ACCOUNT is empty in sandbox mode: a small portfolio.
DEFAULT_SANDBOX_ACCOUNT = "50010002-01"
CLIENT_OPTIONS = ("calls_per_second", "timeout", "token_cache", "session")  # what connect() passes to the client


def connect(settings: Settings | None = None, *, account: str | None = None, **options) -> KoreaInvestment:
    """Build a client from ``settings`` (default: :func:`load_settings`).

    ``account`` overrides ``KIS_ACCOUNT`` (e.g. another sandbox sample account); ``options`` go to the
    client (``calls_per_second=``, ``timeout=``, ...).

    >>> broker = connect()                          # sandbox mode: no keys, no network   # doctest: +SKIP
    >>> empty = connect(account="50010001-01")      # the empty sample account            # doctest: +SKIP
    """
    unknown = sorted(set(options) - set(CLIENT_OPTIONS))
    if unknown:  # a typo such as acount= would otherwise be a TypeError from deep inside the client
        raise InvalidArgumentError(
            f"connect()는 {', '.join(unknown)} 인자를 모릅니다 (unknown argument). 쓸 수 있는 것: account=, "
            + ", ".join(f"{name}=" for name in CLIENT_OPTIONS)
        )
    settings = settings or load_settings()
    if account is not None:
        settings = replace(settings, account=AccountNumber.parse(account))
    for note in setup_notes(settings):
        warnings.warn(note, SettingsWarning, stacklevel=2)
    if settings.mode == "sandbox":
        from . import sandbox  # the sandbox needs Flask; import it only when it is used

        # KIS_SANDBOX_URL wins; KIS_SANDBOX_DATA only matters when kislearn starts the sandbox itself
        server = settings.sandbox_url or sandbox.ensure_running(data_dirs=settings.sandbox_data)
        app = sandbox.demo_app("paper", student=settings.student or None)  # KIS_STUDENT: keys of one's own
        account = settings.account.text if settings.account else DEFAULT_SANDBOX_ACCOUNT
        return KoreaInvestment(app.appkey, app.appsecret, account, mock=True, base_url=f"{server}/paper", **options)
    return KoreaInvestment(
        settings.app_key, settings.app_secret, settings.account.text, mock=settings.mode == "paper", **options
    )


def setup_notes(settings: Settings) -> list[str]:
    """What is filled in but will not be used, as Korean sentences (empty when all is well): the values
    the mode ignores (:func:`~kislearn.settings.unused_values`) and a sandbox account the sandbox lacks."""
    notes = unused_values(settings)
    account = sandbox_account_note(settings)
    return notes + [account] if account else notes


def sandbox_account_note(settings: Settings) -> str:
    """In sandbox mode, ``KIS_ACCOUNT`` must be one of the sandbox's accounts (samples and recorded folders);
    a learner's own number would end in OPSQ2000 at the first balance. ``""`` when it is fine, or cannot be
    known (``KIS_SANDBOX_URL``: another computer's sandbox may hold other recordings)."""
    if settings.mode != "sandbox" or settings.account is None or settings.sandbox_url:
        return ""
    from .sandbox import sample_accounts

    known = [number for _, number, _ in sample_accounts(settings.sandbox_data)]
    if settings.account.text in known:
        return ""
    samples = ", ".join(sorted(number for number in known if number.startswith("5001")))
    return (
        f"KIS_ACCOUNT {settings.account.masked()}은(는) 샌드박스에 없는 계좌입니다 (not a sandbox account): 잔고를 "
        "조회하면 OPSQ2000(없는 계좌)이 납니다. 내 계좌라면 KIS_MODE=paper(모의투자)로 바꾸고 KIS_APP_KEY·"
        f"KIS_APP_SECRET을 채우세요. 샌드박스로 연습하려면 KIS_ACCOUNT를 비우거나 샘플 계좌({samples})를 적으세요."
    )


def use_sandbox(environ: dict | None = None) -> None:
    """For a lesson built on the sandbox's sample accounts: make this Python process (the notebook's kernel) use
    the sandbox, whatever ``.env`` says, and say so in one printed line (nothing is returned, so a cell ending
    with ``kislearn.use_sandbox()`` shows the line once).

    Environment variables win over ``.env``, so this sets ``KIS_MODE=sandbox`` and empties ``KIS_APP_KEY``,
    ``KIS_APP_SECRET`` and ``KIS_ACCOUNT`` in ``environ`` (default ``os.environ``): after it, ``connect(account=
    "50010001-01")`` reaches a sample account even for a learner whose ``.env`` says ``KIS_MODE=paper``. The
    ``.env`` file is not changed; restarting the kernel goes back to it. ``KIS_SANDBOX_URL`` (a classroom
    sandbox) and ``KIS_STUDENT`` are kept.
    """
    environ = os.environ if environ is None else environ
    try:
        before = load_settings().mode
    except SettingsError:
        before = "?"  # a half-filled .env: the sandbox needs none of it
    environ.update({"KIS_MODE": "sandbox", "KIS_APP_KEY": "", "KIS_APP_SECRET": "", "KIS_ACCOUNT": ""})
    line = "이 노트북은 샌드박스의 샘플 계좌로 진행합니다 (sandbox mode)."
    if before != "sandbox":
        was = f"KIS_MODE={before}({MODES[before]})" if before in MODES else "다른 설정"
        line += (
            f" .env는 {was}이지만, 이 커널에서만 샌드박스를 씁니다. .env 파일은 그대로이고, 커널을 다시 시작하면"
            " .env대로 돌아갑니다."
        )
    print(line)
