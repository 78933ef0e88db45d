"""kislearn — a hands-on course for the 한국투자증권 (KIS) Open API.

    import kislearn
    broker = kislearn.connect()          # sandbox by default: no account, no keys, no network
    broker.fetch_balance()["output2"][0]["tot_evlu_amt"]

The offline sandbox server lives in :mod:`kislearn.sandbox`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    from .account import AccountNumber
    from .client import KoreaInvestment
    from .connect import connect, use_sandbox
    from .errors import (
        AccountNumberError,
        AppKeyError,
        InvalidArgumentError,
        InvalidTokenError,
        KisApiError,
        KisConnectionError,
        KisError,
        KisResponseError,
        KisTimeoutError,
        KisTransportError,
        NotCoveredError,
        OrderConnectionLostError,
        OrderMaybePlacedError,
        OrderRejectedError,
        OrderTimeoutError,
        PagingError,
        RateLimitError,
        SettingsError,
        TokenCacheError,
        TokenExpiredError,
        TokenIssueLimitError,
    )
    from .settings import Settings, load_settings
    from .token_cache import TokenCache
except ModuleNotFoundError as missing:  # a package kislearn needs is not in this Python (.venv not active?)
    from .installation import explain_missing_package

    explain_missing_package(missing)
    raise

try:
    __version__ = version("kislearn")  # written once, in pyproject.toml
except PackageNotFoundError:  # imported from a folder that was never installed (pip install -e .)
    __version__ = "0+unknown"

__all__ = [
    "AccountNumber",
    "KoreaInvestment",
    "connect",
    "use_sandbox",
    "Settings",
    "load_settings",
    "TokenCache",
    "KisError",
    "KisApiError",
    "RateLimitError",
    "TokenExpiredError",
    "InvalidTokenError",
    "TokenIssueLimitError",
    "AppKeyError",
    "AccountNumberError",
    "InvalidArgumentError",
    "SettingsError",
    "NotCoveredError",
    "KisTransportError",
    "KisConnectionError",
    "KisTimeoutError",
    "KisResponseError",
    "PagingError",
    "OrderRejectedError",
    "OrderMaybePlacedError",
    "OrderTimeoutError",
    "OrderConnectionLostError",
    "TokenCacheError",
    "__version__",
]
