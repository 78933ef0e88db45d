"""A self-check: what is ready for the course, what is missing, and how to fix it.

    import kislearn.selfcheck
    kislearn.selfcheck.self_check()      # a table: 항목 / 상태 / 설명

Every line is a :class:`Check`. Nothing here prints a key, a secret, a token or a whole account number.
"""

from __future__ import annotations

import importlib.util
import platform
import sys
import tempfile
import warnings
from dataclasses import dataclass

from . import spec
from .account import AccountNumber
from .errors import KisError, TokenCacheError, os_error_text
from .masking import mask_key, mask_token
from .settings import Settings, SettingsWarning, load_settings, unused_values
from .token_cache import TokenCache

OK, WARN, FAIL, INFO = "✅ 준비됨", "⚠️ 확인", "❌ 문제", "ℹ️ 참고"
# What the client, the sandbox and the command line import (pip install kislearn), by import name
CORE_PACKAGES = ("requests", "urllib3", "dotenv", "platformdirs", "filelock", "flask", "werkzeug", "jwt")
# What the notebooks add: tables, charts with Korean text, the dashboard, lesson 12's candlesticks
# (pip install "kislearn[lab]")
LAB_PACKAGES = ("pandas", "matplotlib", "koreanize_matplotlib", "ipywidgets", "mplfinance")


@dataclass(frozen=True)
class Check:
    item: str  # 항목
    status: str  # OK / WARN / FAIL / INFO (worth knowing, nothing to fix)
    detail: str  # 설명: what was found, and how to fix it if something is wrong


def run_checks(settings: Settings | None = None, *, connect: bool = True) -> list[Check]:
    """Run every check in order; a failed one does not stop the others."""
    checks = [_python(), _packages()]
    try:
        settings = settings or load_settings()
    except KisError as error:
        return checks + [Check("설정(.env)", FAIL, str(error))]
    checks += [_settings_file(settings), _mode(settings), _keys(settings), _account(settings)]
    checks += _sandbox_values(settings) + [_cache_folder()]
    if connect:
        checks += _connection(settings)
    return checks


def self_check(settings: Settings | None = None, *, connect: bool = True):
    """The checks as a pandas DataFrame (a readable table in a notebook)."""
    import pandas as pd

    from .frames import NotebookTable  # pandas' Styler without a memory address in its plain-text form

    rows = [(check.item, check.status, check.detail) for check in run_checks(settings, connect=connect)]
    table = NotebookTable(pd.DataFrame(rows, columns=["항목", "상태", "설명"])).hide(axis="index").set_uuid("selfcheck")
    left = [{"selector": "th, td", "props": [("text-align", "left")]}]  # sentences read better left-aligned
    return table.set_table_styles(left)


def _python() -> Check:
    version = sys.version_info
    found = f"Python {platform.python_version()}"
    if version >= (3, 10):
        return Check("Python", OK, f"{found} (3.10 이상이면 됩니다).")
    return Check("Python", FAIL, f"{found}입니다. Python 3.10 이상을 설치하세요.")


def _packages() -> Check:
    """Missing core packages are a problem; missing notebook packages only matter for the notebooks."""
    missing = [name for name in CORE_PACKAGES if importlib.util.find_spec(name) is None]
    if missing:
        return Check("패키지", FAIL, f"없는 패키지: {', '.join(missing)}. 'python course.py lab'으로 다시 설치하세요.")
    for_notebooks = [name for name in LAB_PACKAGES if importlib.util.find_spec(name) is None]
    if for_notebooks:
        return Check(
            "패키지",
            WARN,
            f"명령줄 도구와 샌드박스에 필요한 패키지는 있습니다. 노트북용 패키지가 없습니다: {', '.join(for_notebooks)}. "
            "노트북을 하려면 'python course.py lab'(또는 pip install \"kislearn[lab]\")으로 설치하세요.",
        )
    return Check("패키지", OK, "코스에 필요한 패키지가 모두 있습니다.")


def _settings_file(settings: Settings) -> Check:
    if settings.env_file is None:
        return Check(
            "설정 파일(.env)",
            INFO,
            ".env 파일이 없어 기본값인 샌드박스 모드로 진행합니다 (키가 필요 없습니다). "
            "내 계좌로 하려면 .env.example을 .env로 복사해 채우세요.",
        )
    return Check("설정 파일(.env)", OK, f"'{settings.env_file.name}' 파일을 읽었습니다.")


def _mode(settings: Settings) -> Check:
    if settings.mode == "real":
        return Check("모드", WARN, "실전투자(real)입니다. 실제 계좌와 돈이 연결되어 있으니 주문 코드는 조심하세요.")
    return Check("모드", OK, f"{settings.mode} — {settings.mode_name}")


def _keys(settings: Settings) -> Check:
    if settings.mode == "sandbox":
        unused = unused_values(settings)
        if unused:
            return Check("앱키·시크릿", WARN, unused[0])
        return Check("앱키·시크릿", OK, "샌드박스 모드에서는 필요 없습니다 (샌드박스 전용 데모 키를 씁니다).")
    return Check("앱키·시크릿", OK, f"앱키 {mask_key(settings.app_key)}, 시크릿 {len(settings.app_secret)}자")


def _account(settings: Settings) -> Check:
    from .connect import sandbox_account_note

    note = sandbox_account_note(settings)
    if note:
        return Check("계좌번호", WARN, note)
    if settings.account is not None:
        return Check(
            "계좌번호", OK, f"{settings.account.masked()} ({settings.account.product_name or '상품코드 확인'})"
        )
    return Check("계좌번호", OK, "비어 있어 샌드박스 샘플 계좌 50010002-01(작은 포트폴리오)을 씁니다.")


def _sandbox_values(settings: Settings) -> list[Check]:
    """Paper or real mode with sandbox-only values left in (KIS_SANDBOX_URL, say): worth a look."""
    if settings.mode == "sandbox":
        return []
    return [Check("샌드박스 설정", WARN, note) for note in unused_values(settings)]


def _cache_folder() -> Check:
    cache = TokenCache()
    try:
        cache.check_folder()  # a symlink, another user's folder
        cache.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.TemporaryFile(dir=cache.folder):
            pass
    except TokenCacheError as error:
        return Check("토큰 캐시 폴더", FAIL, str(error))
    except OSError as error:
        return Check(
            "토큰 캐시 폴더",
            FAIL,
            f"쓸 수 없습니다: {os_error_text(error)}. KISLEARN_CACHE_DIR 환경 변수로 다른 폴더를 지정하세요.",
        )
    return Check("토큰 캐시 폴더", OK, "사용자 캐시 폴더에 쓸 수 있습니다.")


def _connection(settings: Settings) -> list[Check]:
    """Connect, get a token, and ask for one page of the balance: the account must be one the server knows."""
    from .connect import connect

    problems = (KisError,)
    if settings.mode == "sandbox":
        from .sandbox import SandboxError  # could not start the sandbox (only in sandbox mode)

        problems += (SandboxError,)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SettingsWarning)  # the lines above already said it
            broker = connect(settings)
    except problems as error:
        return [Check("서버 연결·토큰", FAIL, _one_line(error))]
    where = "샌드박스" if settings.mode == "sandbox" else settings.mode_name + " 서버"
    checks = [
        Check("서버 연결", OK, f"{where}에 연결했습니다."),
        Check("접근토큰", OK, f"받았습니다: {mask_token(broker.access_token)}"),
    ]
    shown = AccountNumber.parse(broker.acc_no).masked()
    try:
        page = broker.fetch_balance_page()
    except KisError as error:
        return checks + [Check("계좌 확인(잔고 조회)", FAIL, f"{shown}: {_one_line(error)}")]
    rows = len(page.body.get("output1") or [])
    more = " 이상" if page.tr_cont in spec.MORE_PAGES else ""
    return checks + [Check("계좌 확인(잔고 조회)", OK, f"{shown}의 잔고를 받았습니다 (보유 {rows}종목{more}).")]


def _one_line(error: Exception) -> str:
    """An error's message on one line (a KIS error's hint goes on its second line: keep it)."""
    return " ".join(str(error).split())
