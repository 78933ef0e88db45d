"""``connect()``: a ready :class:`KoreaInvestment` for whatever the settings say.

In sandbox mode (the default) it finds the sandbox already running on this computer, or starts one
(serving the recorded folders of ``KIS_SANDBOX_DATA`` too), and logs in with the sandbox's demo
paper-trading app; ``KIS_ACCOUNT`` picks the account, e.g. a recorded ``59990001-01``.
In paper or real mode it uses the keys from ``.env``.
"""

from __future__ import annotations

from dataclasses import replace

from .account import AccountNumber
from .client import KoreaInvestment
from .settings import Settings, load_settings

# The sample account used when KIS_ACCOUNT is empty in sandbox mode: a small portfolio.
DEFAULT_SANDBOX_ACCOUNT = "50010002-01"


def connect(settings: Settings | None = None, *, account: str | None = None, **options) -> KoreaInvestment:
    """Build a client from ``settings`` (default: :func:`load_settings`).

    ``account`` overrides ``KIS_ACCOUNT`` (e.g. another sandbox sample account); ``options`` go to the
    client (``calls_per_second=``, ``timeout=``, ...).

    >>> broker = connect()                          # sandbox mode: no keys, no network   # doctest: +SKIP
    >>> empty = connect(account="50010001-01")      # the empty sample account            # doctest: +SKIP
    """
    settings = settings or load_settings()
    if account is not None:
        settings = replace(settings, account=AccountNumber.parse(account))
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
