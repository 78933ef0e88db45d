"""A self-check: what is ready for the course, what is missing, and how to fix it.

    import kislearn.selfcheck
    kislearn.selfcheck.self_check()      # a table: 항목 / 상태 / 설명

Every line is a :class:`Check`. Nothing here prints a key, a secret, a token or a whole account number.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from dataclasses import dataclass

from .errors import KisError
from .masking import mask_key, mask_token
from .settings import Settings, load_settings
from .token_cache import default_cache_folder

OK, WARN, FAIL = "✅ 준비됨", "⚠️ 확인", "❌ 문제"
COURSE_PACKAGES = ("requests", "dotenv", "flask", "jwt", "filelock", "platformdirs", "pandas", "matplotlib")


@dataclass(frozen=True)
class Check:
    item: str  # 항목
    status: str  # OK / WARN / FAIL
    detail: str  # 설명: what was found, and how to fix it if something is wrong


def run_checks(settings: Settings | None = None, *, connect: bool = True) -> list[Check]:
    """Run every check in order; a failed one does not stop the others."""
    checks = [_python(), _packages()]
    try:
        settings = settings or load_settings()
    except KisError as error:
        return checks + [Check("설정(.env)", FAIL, str(error))]
    checks += [_settings_file(settings), _mode(settings), _keys(settings), _account(settings), _cache_folder()]
    if connect:
        checks += _connection(settings)
    return checks


def self_check(settings: Settings | None = None, *, connect: bool = True):
    """The checks as a pandas DataFrame (a readable table in a notebook)."""
    import pandas as pd

    rows = [(check.item, check.status, check.detail) for check in run_checks(settings, connect=connect)]
    table = pd.DataFrame(rows, columns=["항목", "상태", "설명"]).style.hide(axis="index").set_uuid("selfcheck")
    left = [{"selector": "th, td", "props": [("text-align", "left")]}]  # sentences read better left-aligned
    return table.set_table_styles(left)


def _python() -> Check:
    version = sys.version_info
    if version >= (3, 10):
        return Check("Python", OK, "3.10 이상입니다.")
    return Check("Python", FAIL, f"{version.major}.{version.minor}입니다. Python 3.10 이상을 설치하세요.")


def _packages() -> Check:
    missing = [name for name in COURSE_PACKAGES if importlib.util.find_spec(name) is None]
    if not missing:
        return Check("패키지", OK, "코스에 필요한 패키지가 모두 있습니다.")
    return Check("패키지", FAIL, f"없는 패키지: {', '.join(missing)}. 'python course.py lab'으로 다시 설치하세요.")


def _settings_file(settings: Settings) -> Check:
    if settings.env_file is None:
        return Check(
            "설정 파일(.env)",
            OK,
            "없습니다. 키가 필요 없는 샌드박스 모드로 진행합니다. "
            "내 계좌로 하려면 .env.example을 .env로 복사해 채우세요.",
        )
    return Check("설정 파일(.env)", OK, f"'{settings.env_file.name}' 파일을 읽었습니다.")


def _mode(settings: Settings) -> Check:
    if settings.mode == "real":
        return Check("모드", WARN, "실전투자(real)입니다. 실제 계좌와 돈이 연결되어 있으니 주문 코드는 조심하세요.")
    return Check("모드", OK, f"{settings.mode} — {settings.mode_name}")


def _keys(settings: Settings) -> Check:
    if settings.mode == "sandbox":
        return Check("앱키·시크릿", OK, "샌드박스 모드에서는 필요 없습니다 (샌드박스 전용 데모 키를 씁니다).")
    return Check("앱키·시크릿", OK, f"앱키 {mask_key(settings.app_key)}, 시크릿 {len(settings.app_secret)}자")


def _account(settings: Settings) -> Check:
    if settings.account is not None:
        return Check(
            "계좌번호", OK, f"{settings.account.masked()} ({settings.account.product_name or '상품코드 확인'})"
        )
    return Check("계좌번호", OK, "비어 있어 샌드박스 샘플 계좌 50010002-01(작은 포트폴리오)을 씁니다.")


def _cache_folder() -> Check:
    folder = default_cache_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        return Check(
            "토큰 캐시 폴더",
            FAIL,
            f"쓸 수 없습니다 ({error.__class__.__name__}). KISLEARN_CACHE_DIR 환경 변수로 다른 폴더를 지정하세요.",
        )
    return Check("토큰 캐시 폴더", OK, "사용자 캐시 폴더에 쓸 수 있습니다.")


def _connection(settings: Settings) -> list[Check]:
    from .connect import connect

    try:
        broker = connect(settings)
    except KisError as error:
        first_line = str(error).splitlines()[0]
        return [Check("서버 연결·토큰", FAIL, first_line)]
    where = "샌드박스" if settings.mode == "sandbox" else settings.mode_name + " 서버"
    return [
        Check("서버 연결", OK, f"{where}에 연결했습니다."),
        Check("접근토큰", OK, f"준비됨: {mask_token(broker.access_token)}"),
    ]
