"""A safe cache for access tokens: mojito2's ``token.dat`` idea, without its five problems.

mojito2 pickles the whole token response, app secret included, into ``token.dat`` in the current folder,
and computes the expiry from ``expires_in`` and the local clock. Here:

1. JSON, never pickle (loading a pickle can run code).
2. No app secret in the file: only a *fingerprint* (an HMAC of the app key made with the secret) that
   tells whether the cached token belongs to these keys.
3. One file per server + app key, in a per-user cache folder (not the current folder), so notebooks in
   different folders share one token.
4. Expiry from ``access_token_token_expired`` (a Korea-time date the server sends), with a safety margin.
5. Written atomically (a temporary file renamed over the old one), readable only by its owner, and
   shared between processes under a file lock: eight kernels starting together issue ONE token.

A file that cannot be read or was tampered with is never trusted: it is replaced, with a warning.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import platformdirs
from filelock import FileLock

from .masking import mask_key
from .spec import KST

FILE_FORMAT = "kislearn-token-cache/1"
DEFAULT_MARGIN = timedelta(seconds=60)
_EXPIRY_FORMAT = "%Y-%m-%d %H:%M:%S"  # access_token_token_expired, e.g. "2026-11-25 08:16:59" (KST)


class TokenCacheWarning(UserWarning):
    """A cache file was unreadable or tampered with and is being replaced."""


def default_cache_folder() -> Path:
    """The per-user cache folder, e.g. ``~/.cache/kislearn/tokens`` on Linux.

    ``KISLEARN_CACHE_DIR`` overrides it (handy for tests and classrooms).
    """
    override = os.environ.get("KISLEARN_CACHE_DIR")
    base = Path(override) if override else Path(platformdirs.user_cache_dir("kislearn", appauthor=False))
    return base / "tokens"


def fingerprint(app_key: str, app_secret: str) -> str:
    """An HMAC-SHA256 of the app key, keyed with the secret: same keys → same value; reveals neither."""
    digest = hmac.new(app_secret.encode(), app_key.encode(), hashlib.sha256).hexdigest()
    return f"hmac-sha256:{digest}"


def parse_kst(text: str) -> datetime:
    """``"2026-11-25 08:16:59"`` (Korea time, as KIS writes it) → an aware datetime."""
    return datetime.strptime(text, _EXPIRY_FORMAT).replace(tzinfo=KST)


@dataclass(frozen=True)
class CachedToken:
    """An access token and when it stops being usable."""

    access_token: str
    token_type: str
    expires_at: datetime  # from access_token_token_expired
    issued_at: datetime  # when this computer received it

    @property
    def authorization(self) -> str:
        """The value of the ``authorization`` header: ``"Bearer eyJ..."``."""
        return f"{self.token_type} {self.access_token}"

    def usable_until(self, margin: timedelta = DEFAULT_MARGIN) -> datetime:
        """The expiry minus a safety margin (at most a tenth of the token's life, for short test tokens)."""
        lifetime = max(self.expires_at - self.issued_at, timedelta(0))
        return self.expires_at - min(margin, lifetime / 10)

    def is_usable(self, now: datetime, margin: timedelta = DEFAULT_MARGIN) -> bool:
        return now < self.usable_until(margin)

    @classmethod
    def from_response(cls, response: dict, now: datetime) -> CachedToken:
        """Read a ``/oauth2/tokenP`` answer. Raises ``ValueError`` if a needed field is missing or odd."""
        token = response.get("access_token")
        if not isinstance(token, str) or not token:
            raise ValueError("응답에 access_token이 없습니다")
        expired = response.get("access_token_token_expired")
        if isinstance(expired, str):
            expires_at = parse_kst(expired)
        elif isinstance(response.get("expires_in"), (int, float)):  # older answers: only a duration
            expires_at = now + timedelta(seconds=response["expires_in"])
        else:
            raise ValueError("응답에 access_token_token_expired도 expires_in도 없습니다")
        return cls(token, str(response.get("token_type") or "Bearer"), expires_at, now)


class TokenCache:
    """Tokens on disk, one JSON file per (server, app key).

    The usual flow, as in mojito2's constructor, but under a lock so that processes take turns::

        with cache.lock(base_url, app_key):
            token = cache.load(base_url, app_key, app_secret)
            if token is None:
                token = cache.save(base_url, app_key, app_secret, issue_a_new_token())
    """

    def __init__(
        self,
        folder: str | os.PathLike | None = None,
        *,
        margin: timedelta = DEFAULT_MARGIN,
        clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ):
        self.folder = Path(folder) if folder is not None else default_cache_folder()
        self.margin = margin
        self.clock = clock

    def __repr__(self) -> str:
        return f"TokenCache(folder={str(self.folder)!r})"

    # -- where -------------------------------------------------------------------------------------
    def path_for(self, base_url: str, app_key: str) -> Path:
        """The file for one server and app key. The name is a hash, so it reveals neither."""
        name = hashlib.sha256(f"{base_url.rstrip('/')}|{app_key}".encode()).hexdigest()[:24]
        return self.folder / f"token-{name}.json"

    def lock(self, base_url: str, app_key: str, timeout: float = 60) -> FileLock:
        """A lock shared by every process using the same file (use it with ``with``)."""
        self._make_folder()
        return FileLock(str(self.path_for(base_url, app_key)) + ".lock", timeout=timeout)

    # -- read --------------------------------------------------------------------------------------
    def load(self, base_url: str, app_key: str, app_secret: str) -> CachedToken | None:
        """The cached token for these keys if it is still usable, else ``None``.

        A missing file, another key's token or an expired token give ``None`` quietly; a damaged file
        gives ``None`` with a :class:`TokenCacheWarning` (the next :meth:`save` replaces it).
        """
        path = self.path_for(base_url, app_key)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            return self._distrust(path, f"읽을 수 없습니다 ({error.__class__.__name__})")
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
                raise ValueError("형식 표시(format)가 맞지 않습니다")
            if data.get("base_url") != base_url.rstrip("/"):
                raise ValueError("다른 서버의 파일입니다")
            token = CachedToken(
                access_token=_jwt_shaped(data["access_token"]),
                token_type=str(data["token_type"]),
                expires_at=_aware(datetime.fromisoformat(data["expires_at"])),
                issued_at=_aware(datetime.fromisoformat(data["issued_at"])),
            )
        except (ValueError, KeyError, TypeError) as error:
            return self._distrust(path, str(error) or error.__class__.__name__)
        if not hmac.compare_digest(str(data.get("fingerprint")), fingerprint(app_key, app_secret)):
            return None  # issued for another secret: not ours to use
        if not token.is_usable(self.clock(), self.margin):
            return None
        return token

    # -- write -------------------------------------------------------------------------------------
    def save(self, base_url: str, app_key: str, app_secret: str, response: dict) -> CachedToken:
        """Store a ``/oauth2/tokenP`` answer (without any secret) and return it as a :class:`CachedToken`."""
        token = CachedToken.from_response(response, self.clock())
        record = {
            "format": FILE_FORMAT,
            "base_url": base_url.rstrip("/"),
            "app_key": mask_key(app_key),  # for a human reading the file; never used to match
            "fingerprint": fingerprint(app_key, app_secret),
            "access_token": token.access_token,
            "token_type": token.token_type,
            "access_token_token_expired": token.expires_at.astimezone(KST).strftime(_EXPIRY_FORMAT),
            "expires_at": token.expires_at.isoformat(),
            "issued_at": token.issued_at.isoformat(),
        }
        self._write_atomically(self.path_for(base_url, app_key), json.dumps(record, indent=2))
        return token

    def remove(self, base_url: str, app_key: str) -> bool:
        """Delete the cached token (after a revoke, say). Returns whether there was one."""
        try:
            self.path_for(base_url, app_key).unlink()
            return True
        except FileNotFoundError:
            return False

    # -- helpers -----------------------------------------------------------------------------------
    def _make_folder(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    def _write_atomically(self, path: Path, text: str) -> None:
        """Write to a temporary file in the same folder, then rename it over ``path``.

        A reader sees the old file or the new one, never half of one. ``mkstemp`` creates the file
        readable and writable by its owner only (0600) on systems that have permissions.
        """
        self._make_folder()
        handle, temporary = tempfile.mkstemp(prefix=".token-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _distrust(self, path: Path, reason: str) -> None:
        warnings.warn(
            f"토큰 캐시 파일(token cache)을 믿을 수 없어 새 토큰으로 바꿉니다: {path.name} — {reason}",
            TokenCacheWarning,
            stacklevel=3,
        )
        return None


def _jwt_shaped(value: object) -> str:
    """A JWT is three base64url parts joined by dots; anything else in the file is tampering."""
    if not isinstance(value, str) or value.count(".") != 2 or any(c.isspace() for c in value):
        raise ValueError("access_token이 JWT 형태가 아닙니다")
    return value


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("시각에 시간대(time zone)가 없습니다")
    return moment
