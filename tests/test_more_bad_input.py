"""Issue 12, "look for more of the same kind": other slips a beginner makes, each a clear Korean message or simply
working — a .env saved by Windows Notepad (CP949 or UTF-16), an unreadable .env, a typo in connect()'s arguments,
a ``/paper`` copied into KIS_SANDBOX_URL, a lesson's own regular expression."""

from __future__ import annotations

import os
import stat

import pytest

import kislearn
from kislearn.settings import SettingsError, load_settings


@pytest.fixture(autouse=True)
def only_the_env_file(monkeypatch):
    for name in [name for name in os.environ if name.startswith("KIS_")]:
        monkeypatch.delenv(name)


def test_a_env_saved_as_cp949_by_notepad_is_read(tmp_path):
    env = tmp_path / ".env"
    env.write_bytes("# 내 모의투자 계좌 (메모장)\nKIS_MODE=sandbox\nKIS_ACCOUNT=50010003-01\n".encode("cp949"))
    assert load_settings(env).account.text == "50010003-01"


def test_a_env_saved_as_utf16_is_read(tmp_path):
    env = tmp_path / ".env"
    env.write_bytes("KIS_MODE=sandbox\r\nKIS_ACCOUNT=50010001-01\r\n".encode("utf-16"))
    assert load_settings(env).account.text == "50010001-01"


def test_bytes_that_are_no_text_are_a_settings_error(tmp_path):
    env = tmp_path / ".env"
    env.write_bytes(b"KIS_MODE=\x81\xff\xfe sandbox\n")
    with pytest.raises(SettingsError, match="UTF-8"):
        load_settings(env)


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user")
def test_an_unreadable_env_is_a_settings_error(tmp_path):
    env = tmp_path / ".env"
    env.write_text("KIS_MODE=sandbox\n")
    env.chmod(0)
    try:
        with pytest.raises(SettingsError, match="읽을 수 없습니다"):
            load_settings(env)
    finally:
        env.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_typo_in_connects_arguments_is_named(sandbox):
    with pytest.raises(kislearn.InvalidArgumentError, match="acount") as caught:
        kislearn.connect(acount="50010001-01")
    assert "account=" in str(caught.value)


def test_the_lessons_own_regular_expression_refuses_what_the_workshop_refuses():
    """01_constructor teaches split_account: it must not teach what workshop task 1 marks ❌."""
    import jupytext

    from kislearn.account import BAD_ACCOUNT_EXAMPLES
    from kislearn.workshop import check_split_account

    lesson = jupytext.read(os.path.join(os.path.dirname(__file__), "..", "notebooks", "py", "01_constructor.py"))
    source = next(cell.source for cell in lesson.cells if "def split_account" in cell.source)
    namespace = {}
    exec(source.split("\nfor text in")[0], namespace)
    for text, _why in BAD_ACCOUNT_EXAMPLES:
        with pytest.raises(ValueError):
            namespace["split_account"](text)
    assert "❌" not in str(check_split_account(namespace["split_account"]))
