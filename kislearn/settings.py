"""Course settings, read from ``.env`` (python-dotenv) and the environment.

=================  ==========================================================================
KIS_MODE           ``sandbox`` (default: offline, no keys), ``paper`` (모의투자) or ``real`` (실전)
KIS_APP_KEY        app key from the KIS developer portal (36 characters)
KIS_APP_SECRET     app secret (180 characters)
KIS_ACCOUNT        account number, ``12345678-01``
KIS_SANDBOX_URL    optional: a sandbox already running elsewhere (an instructor's machine)
KIS_STUDENT        optional, sandbox mode: a name; the student gets keys (and accounts) of their own
KIS_SANDBOX_DATA   optional: recorded folders (``python -m kislearn record DIR``) the sandbox serves
                   besides its samples, when kislearn starts it; several separated by ``os.pathsep``
                   (``:`` on Linux/macOS, ``;`` on Windows). Relative paths start at the ``.env``'s folder.
=================  ==========================================================================

Environment variables win over the ``.env`` file. With no keys at all the course runs in sandbox mode.
Values the chosen mode does not use (keys in sandbox mode, ``KIS_SANDBOX_URL`` in paper mode...) are not an
error, but :func:`unused_values` names them, and ``connect()`` and ``doctor`` warn about them: the likeliest
slip is pasting one's keys into a copy of ``.env.example`` and leaving ``KIS_MODE=sandbox``.
``KISLEARN_ENV_FILE`` names another settings file, or ``none`` to read no file (the tests use that, so a
learner's own ``.env`` never changes what they check).
"""

from __future__ import annotations

import codecs
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import dotenv_values, find_dotenv

from .account import AccountNumber
from .addresses import check_base_url
from .errors import AccountNumberError, InvalidArgumentError, SettingsError, os_error_text
from .masking import mask_key, mask_secret
from .spec import APP_KEY_LENGTH, APP_SECRET_LENGTH

MODES = {"sandbox": "샌드박스(오프라인)", "paper": "모의투자", "real": "실전투자"}
NAMES = (
    "KIS_MODE",
    "KIS_APP_KEY",
    "KIS_APP_SECRET",
    "KIS_ACCOUNT",
    "KIS_SANDBOX_URL",
    "KIS_STUDENT",
    "KIS_SANDBOX_DATA",
)
SETTINGS_FILE_VARIABLE = "KISLEARN_ENV_FILE"
SANDBOX_ONLY = ("KIS_SANDBOX_URL", "KIS_SANDBOX_DATA", "KIS_STUDENT")  # used in sandbox mode only


class SettingsWarning(UserWarning):
    """A value in the settings is filled in but not used in this mode (keys in sandbox mode, say)."""


@dataclass(frozen=True)
class Settings:
    """What the course runs against. Build it with :func:`load_settings`."""

    mode: str = "sandbox"
    app_key: str = field(default="", repr=False)
    app_secret: str = field(default="", repr=False)
    account: AccountNumber | None = None
    sandbox_url: str = ""
    student: str = ""  # sandbox mode: per-student demo keys, so a shared sandbox keeps accounts apart
    env_file: Path | None = None
    sandbox_data: tuple = ()  # recorded folders (Path) for the sandbox kislearn starts

    @property
    def mode_name(self) -> str:
        return MODES[self.mode]

    @property
    def mock(self) -> bool:
        """mojito2's ``mock`` flag: True for 모의투자 (and the sandbox, which plays the paper server)."""
        return self.mode != "real"

    def __repr__(self) -> str:
        return (
            f"Settings(mode={self.mode!r}, app_key={mask_key(self.app_key)!r}, "
            f"app_secret={mask_secret(self.app_secret)!r}, account={self.account!r}, "
            f"env_file={self.env_file.name if self.env_file else None!r})"
        )


def load_settings(env_file: str | os.PathLike | None = None) -> Settings:
    """Read the settings, or raise :class:`SettingsError` saying exactly what to fix.

    ``env_file`` defaults to the nearest ``.env`` in the current folder or a parent folder, so a
    notebook in ``notebooks/`` finds the course's ``.env``.
    """
    path = Path(env_file) if env_file else _find_env_file()
    if env_file and not path.is_file():
        raise SettingsError(f"설정 파일(.env)을 찾을 수 없습니다: {path}. '.env.example'을 복사해 만드세요.")
    text = _read_env_file(path) if path and path.is_file() else ""
    values = {name: (value or "").strip() for name, value in dotenv_values(stream=io.StringIO(text)).items()}
    values.update({name: os.environ[name].strip() for name in NAMES if name in os.environ})
    # relative KIS_SANDBOX_DATA folders: from the .env's folder, or the current one for an environment variable
    base = path.parent if path and "KIS_SANDBOX_DATA" not in os.environ else Path.cwd()
    return settings_from(values, env_file=path, base_dir=base)


def settings_from(values: dict, env_file: Path | None = None, base_dir: Path | None = None) -> Settings:
    """Build and check :class:`Settings` from a plain dict of ``KIS_*`` values."""
    key, secret = values.get("KIS_APP_KEY", ""), values.get("KIS_APP_SECRET", "")
    mode = values.get("KIS_MODE", "").lower()
    where = f"'{env_file.name}'" if env_file else "환경 변수(environment)"
    if not mode:
        if key or secret:
            raise SettingsError(
                f"{where}에 앱키는 있는데 KIS_MODE가 없습니다. 모의투자 키라면 KIS_MODE=paper, "
                "실전 키라면 KIS_MODE=real 을 적으세요. (키 없이 연습하려면 KIS_MODE=sandbox)"
            )
        mode = "sandbox"
    if mode not in MODES:
        raise SettingsError(f"KIS_MODE 값 {mode!r}을(를) 알 수 없습니다. sandbox, paper, real 중 하나를 적으세요.")

    account = None
    if values.get("KIS_ACCOUNT"):
        try:
            account = AccountNumber.parse(values["KIS_ACCOUNT"])
        except AccountNumberError as error:
            raise SettingsError(f"{where}의 KIS_ACCOUNT: {error}") from None

    if mode != "sandbox":
        missing = [
            name
            for name, value in (("KIS_APP_KEY", key), ("KIS_APP_SECRET", secret), ("KIS_ACCOUNT", account))
            if not value
        ]
        if missing:
            raise SettingsError(
                f"KIS_MODE={mode} ({MODES[mode]})에는 {', '.join(missing)} 값이 필요한데 {where}에 없습니다. "
                "'.env.example'을 참고해 채우거나, 키 없이 연습하려면 KIS_MODE=sandbox 로 두세요."
            )
        _check_length("KIS_APP_KEY", key, APP_KEY_LENGTH)
        _check_length("KIS_APP_SECRET", secret, APP_SECRET_LENGTH)

    return Settings(
        mode=mode,
        app_key=key,
        app_secret=secret,
        account=account,
        sandbox_url=_sandbox_url(values.get("KIS_SANDBOX_URL", ""), where),
        env_file=env_file,
        student=values.get("KIS_STUDENT", ""),
        sandbox_data=_data_folders(values.get("KIS_SANDBOX_DATA", ""), base_dir or Path.cwd(), where),
    )


def _sandbox_url(text: str, where: str) -> str:
    """``KIS_SANDBOX_URL`` checked (``http://`` and a port of 1–65535), without a trailing ``/paper`` or ``/real``
    (the sandbox prints those; ``connect()`` adds ``/paper`` itself)."""
    if not text:
        return ""
    try:
        url = check_base_url(text, "KIS_SANDBOX_URL")
    except InvalidArgumentError as error:
        raise SettingsError(f"{where}의 {error}") from None
    for flavour in ("/paper", "/real"):
        url = url.removesuffix(flavour)
    return url


def unused_values(settings: Settings) -> list[str]:
    """Values filled in but not used in ``settings.mode``, each as a Korean sentence saying what to change.

    (Whether a sandbox-mode ``KIS_ACCOUNT`` is an account the sandbox knows is checked by
    :func:`kislearn.connect.sandbox_account_note`, which can ask the sandbox.)
    """
    notes = []
    where = f"'{settings.env_file.name}'" if settings.env_file else "환경 변수"
    if settings.mode == "sandbox":
        keys = {"KIS_APP_KEY": settings.app_key, "KIS_APP_SECRET": settings.app_secret}
        filled = {name for name, value in keys.items() if value}
        if filled:
            names = {  # 키 → 를, 시크릿 → 을
                frozenset({"KIS_APP_KEY", "KIS_APP_SECRET"}): "KIS_APP_KEY와 KIS_APP_SECRET을",
                frozenset({"KIS_APP_KEY"}): "KIS_APP_KEY를",
                frozenset({"KIS_APP_SECRET"}): "KIS_APP_SECRET을",
            }[frozenset(filled)]
            notes.append(
                f"{names} 채웠지만 KIS_MODE=sandbox라서 쓰지 않습니다 (keys not used): 지금은 키 없이 "
                f"오프라인 샌드박스에 연결합니다. 내 모의투자 계좌로 하려면 {where}에서 KIS_MODE=paper로 바꾸세요 "
                "(실전 키라면 KIS_MODE=real)."
            )
    else:
        filled = [name for name in SANDBOX_ONLY if _sandbox_value(settings, name)]
        if filled:
            notes.append(
                f"{'·'.join(filled)}은(는) KIS_MODE=sandbox에서만 씁니다 (not used): 지금은 KIS_MODE={settings.mode}라서 "
                f"{settings.mode_name} 서버에 연결합니다. 샌드박스로 연습하려면 KIS_MODE=sandbox로 바꾸세요."
            )
    return notes


def _sandbox_value(settings: Settings, name: str):
    return {
        "KIS_SANDBOX_URL": settings.sandbox_url,
        "KIS_SANDBOX_DATA": settings.sandbox_data,
        "KIS_STUDENT": settings.student,
    }[name]


def _data_folders(text: str, base_dir: Path, where: str) -> tuple:
    """``KIS_SANDBOX_DATA`` → a tuple of existing folders (relative ones taken from ``base_dir``)."""
    folders = []
    for part in (p.strip() for p in text.split(os.pathsep)):
        if not part:
            continue
        folder = Path(part).expanduser()
        folder = folder if folder.is_absolute() else base_dir / folder
        if not folder.is_dir():
            raise SettingsError(
                f"{where}의 KIS_SANDBOX_DATA 폴더 '{part}'이(가) 없습니다. "
                "'python -m kislearn record 폴더'로 녹화한 폴더를 적으세요 (folder not found)."
            )
        folders.append(folder)
    return tuple(folders)


def _read_env_file(path: Path) -> str:
    """The settings file's text: UTF-8 (with or without a BOM), UTF-16 with a BOM, or CP949 — what Windows Notepad
    in Korean saved before it defaulted to UTF-8 (the keys are ASCII either way; only Korean comments differ)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SettingsError(
            f"설정 파일 '{path.name}'을(를) 읽을 수 없습니다: {os_error_text(error)}. 파일 권한을 확인하세요."
        ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Notepad's "Unicode"
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SettingsError(
        f"설정 파일 '{path.name}'의 글자를 읽을 수 없습니다 (not UTF-8). 편집기에서 인코딩을 UTF-8로 골라 다시 저장하세요."
    )


def _find_env_file() -> Path | None:
    chosen = os.environ.get(SETTINGS_FILE_VARIABLE, "")
    if chosen.lower() == "none":
        return None
    if chosen:
        return Path(chosen)
    found = find_dotenv(usecwd=True)
    return Path(found) if found else None


def _check_length(name: str, value: str, expected: int) -> None:
    if len(value) != expected:
        raise SettingsError(
            f"{name}는 {expected}자여야 하는데 {len(value)}자입니다. 복사할 때 잘렸거나 따옴표·공백이 "
            "섞이지 않았는지 확인하세요."
        )


def use_sandbox_only(environ: dict, cache_dir: str, sandbox_url: str) -> None:
    """Force sandbox mode in ``environ`` (e.g. ``os.environ``), whatever ``.env`` says: no ``KIS_*``
    keys, no settings file, a private token cache and a sandbox of its own. The notebook tests and the
    notebook runner use it, so their outputs never depend on the learner's settings or on a shared
    sandbox's memory (a token issued a minute ago, say)."""
    for name in NAMES:
        environ.pop(name, None)
    environ[SETTINGS_FILE_VARIABLE] = "none"
    environ["KISLEARN_CACHE_DIR"] = cache_dir
    environ["KIS_SANDBOX_URL"] = sandbox_url
