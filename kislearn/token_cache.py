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

A file that cannot be read or was tampered with is never trusted: it is replaced, with a warning. A cache
folder that cannot be written (read-only, a folder where the file should be) costs no token: a warning says
so and the token is kept in memory for this program. A cache folder that is a symlink or belongs to another
user is refused with a :class:`~kislearn.errors.TokenCacheError`.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import stat
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import platformdirs
from filelock import FileLock

from .errors import TokenCacheError, os_error_text
from .masking import mask_key
from .spec import KST

FILE_FORMAT = "kislearn-token-cache/1"
DEFAULT_MARGIN = timedelta(seconds=60)
TOKEN_TYPE = "Bearer"  # the only token_type KIS sends; anything else in a file is tampering
MAX_FILE_BYTES = 64 * 1024  # a token file is about 1 KB; anything much bigger is not one
STALE_TEMPORARY = 600  # seconds: another token file's leftover temporary older than this is removed
_POSIX = os.name != "nt"

# Tokens this program received but could not write (a read-only cache folder, a folder where the file should
# be): file path → (fingerprint, CachedToken). Re-running the constructor in the same notebook kernel then
# finds the token here instead of asking KIS again within the minute (EGW00133).
_UNSAVED: dict = {}
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
        if any(character.isspace() or not character.isprintable() for character in token):
            raise ValueError("응답의 access_token에 공백이나 줄바꿈이 들어 있습니다")
        expired = response.get("access_token_token_expired")
        if isinstance(expired, str):
            expires_at = parse_kst(expired)
        elif isinstance(response.get("expires_in"), (int, float)):  # older answers: only a duration
            expires_at = now + timedelta(seconds=response["expires_in"])
        else:
            raise ValueError("응답에 access_token_token_expired도 expires_in도 없습니다")
        return cls(token, _bearer(response.get("token_type") or TOKEN_TYPE), expires_at, now)


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
        self._warned = set()  # problems already warned about (one warning each, not one per call)

    def __repr__(self) -> str:
        return f"TokenCache(folder={str(self.folder)!r})"

    # -- where -------------------------------------------------------------------------------------
    def path_for(self, base_url: str, app_key: str) -> Path:
        """The file for one server and app key. The name is a hash, so it reveals neither."""
        name = hashlib.sha256(f"{base_url.rstrip('/')}|{app_key}".encode()).hexdigest()[:24]
        return self.folder / f"token-{name}.json"

    def lock(self, base_url: str, app_key: str, timeout: float = 60) -> _CacheLock:
        """A lock shared by every process using the same file (use it with ``with``).

        When the lock cannot be taken (a read-only folder, say), a warning says so and the block runs
        unlocked: this program still works, it only loses the "eight kernels, one token" guarantee.
        """
        lock_path = Path(str(self.path_for(base_url, app_key)) + ".lock")
        if not self._folder_is_writable():
            return _CacheLock(None, self, lock_path)
        if lock_path.is_symlink():  # filelock would refuse (or, in older versions, follow) it
            self._warn(
                "lock-symlink",
                f"토큰 캐시의 잠금 파일(lock file)이 심볼릭 링크(symlink)여서 지우고 새로 만듭니다: {lock_path.name} "
                "(링크가 가리키던 파일은 건드리지 않습니다).",
            )
            lock_path.unlink()
        return _CacheLock(FileLock(str(lock_path), timeout=timeout), self, lock_path)

    # -- read --------------------------------------------------------------------------------------
    def load(self, base_url: str, app_key: str, app_secret: str) -> CachedToken | None:
        """The cached token for these keys if it is still usable, else ``None``.

        A missing file, another key's token or an expired token give ``None`` quietly; a damaged file
        gives ``None`` with a :class:`TokenCacheWarning` (the next :meth:`save` replaces it).
        """
        self.check_folder()
        path = self.path_for(base_url, app_key)
        token = self._from_file(path, base_url, app_key, app_secret)
        if token is None:  # a token this program could not write (a read-only folder) is still good to use
            fingerprint_and_token = _UNSAVED.get(str(path))
            if fingerprint_and_token and fingerprint_and_token[0] == fingerprint(app_key, app_secret):
                token = fingerprint_and_token[1]
        if token is None or not token.is_usable(self.clock(), self.margin):
            return None
        return token

    def _from_file(self, path: Path, base_url: str, app_key: str, app_secret: str) -> CachedToken | None:
        """The token in the file if it belongs to these keys (expired or not), else ``None``."""
        try:
            text = _read_small(path)
        except FileNotFoundError:
            return None
        except IsADirectoryError:
            return self._distrust(path, "파일 자리에 폴더가 있습니다. 그 폴더를 지우세요")
        except UnicodeDecodeError:
            return self._distrust(path, "UTF-8 글자가 아닌 바이트가 들어 있습니다")
        except ValueError as error:  # far too big
            return self._distrust(path, str(error))
        except OSError as error:
            return self._distrust(path, os_error_text(error))
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
                raise ValueError("형식 표시(format)가 맞지 않습니다")
            if data.get("base_url") != base_url.rstrip("/"):
                raise ValueError("다른 서버의 파일입니다")
            token = CachedToken(
                access_token=_jwt_shaped(data["access_token"]),
                token_type=_bearer(data["token_type"]),
                expires_at=_aware(datetime.fromisoformat(data["expires_at"])),
                issued_at=_aware(datetime.fromisoformat(data["issued_at"])),
            )
        except RecursionError:  # JSON nested thousands deep
            return self._distrust(path, "JSON이 너무 깊게 중첩되어 있습니다")
        except (ValueError, KeyError, TypeError) as error:
            return self._distrust(path, str(error) or error.__class__.__name__)
        if not hmac.compare_digest(str(data.get("fingerprint")), fingerprint(app_key, app_secret)):
            return None  # issued for another secret: not ours to use
        return token

    # -- write -------------------------------------------------------------------------------------
    def save(self, base_url: str, app_key: str, app_secret: str, response: dict) -> CachedToken:
        """Store a ``/oauth2/tokenP`` answer (without any secret) and return it as a :class:`CachedToken`.

        Raises ``ValueError`` when the answer holds no usable token. Call it inside :meth:`lock` (as the
        client does): leftovers of an interrupted earlier save of the same file are removed first.
        """
        return self.store(base_url, app_key, app_secret, CachedToken.from_response(response, self.clock()))

    def store(self, base_url: str, app_key: str, app_secret: str, token: CachedToken) -> CachedToken:
        """Write ``token`` for these keys and return it. When the folder cannot be written, a warning says
        so and the token is returned all the same (this program keeps it in memory; nothing is lost)."""
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
        path = self.path_for(base_url, app_key)
        _UNSAVED[str(path)] = (record["fingerprint"], token)  # until it is on disk
        if not self._folder_is_writable():
            return token
        try:
            self._write_atomically(path, json.dumps(record, indent=2))
        except OSError as error:
            what = "파일 자리에 폴더가 있습니다. 그 폴더를 지우세요" if path.is_dir() else os_error_text(error)
            self._warn(
                f"write-{path.name}",
                f"토큰을 캐시 파일에 저장하지 못했습니다: {path.name} — {what}. 이 토큰은 이 프로그램 안에서만 "
                "씁니다 (kept in memory only). 다음에 실행하면 새 토큰을 받습니다.",
            )
            return token
        del _UNSAVED[str(path)]
        return token

    def remove(self, base_url: str, app_key: str) -> bool:
        """Delete the cached token (after a revoke, say). Returns whether there was one."""
        _UNSAVED.pop(str(self.path_for(base_url, app_key)), None)
        try:
            self.path_for(base_url, app_key).unlink()
            return True
        except FileNotFoundError:
            return False

    # -- the folder ---------------------------------------------------------------------------------
    def check_folder(self) -> None:
        """Refuse a cache folder that others could change; tighten one of ours that is open to others.

        A symlinked ``tokens/`` folder would put the tokens wherever the link points; a folder of another
        user, or one anybody may write to, lets others swap the files. (POSIX only: Windows has no modes.)
        """
        if self.folder.is_symlink():
            raise TokenCacheError(
                f"토큰 캐시 폴더가 심볼릭 링크(symlink)입니다: {self.folder}. 링크를 따라가 토큰을 쓰지 않습니다. "
                "그 링크를 지우거나 KISLEARN_CACHE_DIR 환경 변수로 다른 폴더를 지정하세요."
            )
        if not _POSIX or not self.folder.is_dir():
            return
        info = self.folder.stat()
        if info.st_uid != os.getuid():
            raise TokenCacheError(
                f"토큰 캐시 폴더 {self.folder}의 주인이 다른 사용자입니다. 그 폴더의 토큰은 믿을 수 없습니다. "
                "KISLEARN_CACHE_DIR 환경 변수로 내 폴더를 지정하세요."
            )
        if stat.S_IMODE(info.st_mode) & 0o077:
            with contextlib.suppress(OSError):
                self.folder.chmod(0o700)  # readable and writable by its owner only, as a new one would be

    def _folder_is_writable(self) -> bool:
        """Make the folder if needed; False (with one warning) when it cannot be made or written."""
        self.check_folder()
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not os.access(self.folder, os.W_OK | os.X_OK):
                raise PermissionError(13, "Permission denied")
        except OSError as error:
            self._warn(
                "folder",
                f"토큰 캐시 폴더에 쓸 수 없습니다: {self.folder} — {os_error_text(error)}. 토큰은 이 프로그램 안에서만 "
                "씁니다 (kept in memory only). KISLEARN_CACHE_DIR 환경 변수로 쓸 수 있는 폴더를 지정하세요.",
            )
            return False
        return True

    def _write_atomically(self, path: Path, text: str) -> None:
        """Write to a temporary file in the same folder, then rename it over ``path``.

        A reader sees the old file or the new one, never half of one. ``mkstemp`` creates the file
        readable and writable by its owner only (0600) on systems that have permissions. Temporaries an
        interrupted save left behind (``kill -9``) hold a whole token, so they are removed first.
        """
        self._remove_leftovers(path)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _remove_leftovers(self, path: Path) -> None:
        """Delete temporaries of interrupted saves: every one of ``path`` (its saves take turns under its
        lock), and any other token file's that is older than ``STALE_TEMPORARY`` seconds."""
        now = time.time()
        for leftover in self.folder.glob(".token-*.tmp"):
            with contextlib.suppress(OSError):
                mine = leftover.name.startswith(f".{path.name}.")
                if mine or now - leftover.lstat().st_mtime > STALE_TEMPORARY:
                    leftover.unlink()

    def _warn(self, problem: str, message: str) -> None:
        """One :class:`TokenCacheWarning` per problem and cache (not one per call)."""
        if problem in self._warned:
            return
        self._warned.add(problem)
        warnings.warn(message, TokenCacheWarning, stacklevel=4)

    def _distrust(self, path: Path, reason: str) -> None:
        warnings.warn(
            f"토큰 캐시 파일(token cache)을 믿을 수 없어 새 토큰으로 바꿉니다: {path.name} — {reason}",
            TokenCacheWarning,
            stacklevel=3,
        )
        return None


class _CacheLock:
    """A :class:`filelock.FileLock` that never stops the program: when the lock file cannot be used, the
    cache warns once and the block runs unlocked. ``lock`` is None when the folder is not writable."""

    def __init__(self, lock: FileLock | None, cache: TokenCache, path: Path):
        self._lock = lock
        self._cache = cache
        self._path = path
        self._held = False

    def __enter__(self) -> _CacheLock:
        if self._lock is None:
            return self
        try:
            self._lock.acquire()
            self._held = True
        except OSError as error:  # also filelock.Timeout (a TimeoutError): another process kept it too long
            self._cache._warn(
                "lock",
                f"토큰 캐시의 잠금 파일을 쓸 수 없어 잠금 없이 진행합니다: {self._path.name} — {os_error_text(error)}. "
                "여러 커널이 동시에 토큰을 받으면 EGW00133(1분 1회)이 날 수 있습니다.",
            )
        return self

    def __exit__(self, *exc_info) -> None:
        if self._held:
            self._lock.release()
            self._held = False

    @property
    def is_locked(self) -> bool:
        return self._held


def _read_small(path: Path) -> str:
    """The file's text, refusing one far bigger than a token file could be (``ValueError``)."""
    with open(path, "rb") as file:
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"파일이 너무 큽니다 ({MAX_FILE_BYTES // 1024} KB 넘음)")
    return data.decode("utf-8")


def _bearer(value: object) -> str:
    """``token_type`` must be ``Bearer`` (KIS's only type): another word, null or a line break is refused."""
    if not isinstance(value, str) or value.strip().lower() != TOKEN_TYPE.lower() or value != value.strip():
        raise ValueError(f"token_type이 {TOKEN_TYPE}가 아닙니다 ({value!r:.20})")
    return TOKEN_TYPE


def _jwt_shaped(value: object) -> str:
    """A JWT is three base64url parts joined by dots; anything else in the file is tampering."""
    if not isinstance(value, str) or value.count(".") != 2 or any(c.isspace() for c in value):
        raise ValueError("access_token이 JWT 형태가 아닙니다")
    return value


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("시각에 시간대(time zone)가 없습니다")
    return moment
