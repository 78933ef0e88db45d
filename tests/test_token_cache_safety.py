"""Issue 12, points 8–10: the token cache never breaks the constructor with a raw OS error, never loses a token it
was just issued, cleans up after ``kill -9``, keeps its folder private, and does not trust a tampered token_type.

Read-only folders: as a normal user the folder is really made read-only (chmod); as root (who may write anyway)
every open-for-writing inside it fails with EROFS, as on a read-only disk."""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import warnings
from contextlib import contextmanager
from pathlib import Path

import pytest
from scripted_server import ScriptedServer, token_reply

from kislearn import KisResponseError, KoreaInvestment
from kislearn.errors import TokenCacheError
from kislearn.sandbox import SandboxRules, demo_app
from kislearn.token_cache import TokenCache, TokenCacheWarning

POSIX = os.name != "nt"
ROOT = POSIX and os.geteuid() == 0


@contextmanager
def read_only(folder: Path, monkeypatch):
    """Make ``folder`` read-only for this process (see the module docstring)."""
    if not ROOT:
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
        try:
            yield
        finally:
            folder.chmod(stat.S_IRWXU)
        return
    real_open, real_access = os.open, os.access
    inside = str(folder.resolve())

    def open_read_only(path, flags, *args, **kwargs):
        if str(Path(path).resolve()).startswith(inside) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_read_only)
    monkeypatch.setattr(
        os, "access", lambda path, mode, **k: False if str(path) == str(folder) else real_access(path, mode)
    )
    yield


def client(sandbox, cache, **options):
    app = demo_app("paper")
    return KoreaInvestment(
        app.appkey, app.appsecret, "50010002-01", mock=True, base_url=sandbox.url_for("paper"), token_cache=cache,
        **options,
    )  # fmt: skip


@pytest.fixture
def strict_sandbox(start_sandbox):
    """KIS's own one-token-a-minute rule: a second issuance within the minute is EGW00133."""
    return start_sandbox(SandboxRules(calls_per_second=None))


# -- point 8 ---------------------------------------------------------------------------------------------
def test_a_folder_where_the_token_file_should_be(strict_sandbox, tmp_path):
    cache = TokenCache(tmp_path / "tokens")
    cache.path_for(strict_sandbox.url_for("paper"), demo_app("paper").appkey).mkdir(parents=True)
    with pytest.warns(TokenCacheWarning, match="파일 자리에 폴더가 있습니다"):
        broker = client(strict_sandbox, cache)
    assert broker.fetch_price("005930")["rt_cd"] == "0"  # the token is used from memory


def test_a_lock_file_that_is_a_symlink_is_replaced_and_its_target_untouched(strict_sandbox, tmp_path):
    cache = TokenCache(tmp_path / "tokens")
    precious = tmp_path / "precious.txt"
    precious.write_text("do not truncate me", encoding="utf-8")
    lock = Path(str(cache.path_for(strict_sandbox.url_for("paper"), demo_app("paper").appkey)) + ".lock")
    lock.parent.mkdir(parents=True)
    lock.symlink_to(precious)
    with pytest.warns(TokenCacheWarning, match="심볼릭 링크"):
        client(strict_sandbox, cache)
    assert precious.read_text(encoding="utf-8") == "do not truncate me"
    assert not lock.is_symlink()


def test_a_read_only_and_damaged_cache_costs_one_token_not_egw00133(strict_sandbox, tmp_path, monkeypatch):
    folder = tmp_path / "tokens"
    cache = TokenCache(folder)
    folder.mkdir()
    cache.path_for(strict_sandbox.url_for("paper"), demo_app("paper").appkey).write_text("{ damaged", encoding="utf-8")
    with read_only(folder, monkeypatch), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        broker = client(strict_sandbox, TokenCache(folder))  # one new token, kept in memory
        assert broker.fetch_price("005930")["rt_cd"] == "0"
        again = client(strict_sandbox, TokenCache(folder))  # the cell run again: no second issuance
        assert again.access_token == broker.access_token
    assert strict_sandbox.stats["tokens_issued"]["paper"] == 1
    texts = " ".join(str(w.message) for w in caught)
    assert "믿을 수 없어" in texts and ("쓸 수 없습니다" in texts or "저장하지 못했습니다" in texts)


def test_a_read_only_empty_cache_folder_still_works(strict_sandbox, tmp_path, monkeypatch):
    folder = tmp_path / "tokens"
    folder.mkdir()
    with read_only(folder, monkeypatch), pytest.warns(TokenCacheWarning):
        broker = client(strict_sandbox, TokenCache(folder))
        assert broker.fetch_price("005930")["rt_cd"] == "0"


def test_deeply_nested_json_is_distrusted_not_a_recursion_error(tmp_path):
    cache = TokenCache(tmp_path)
    cache.folder.mkdir(exist_ok=True)
    cache.path_for("http://x/paper", "K" * 36).write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.warns(TokenCacheWarning, match="중첩|너무 큽니다"):
        assert cache.load("http://x/paper", "K" * 36, "S" * 180) is None


def test_a_huge_file_is_distrusted_without_reading_it_all(tmp_path):
    cache = TokenCache(tmp_path)
    cache.path_for("http://x/paper", "K" * 36).write_bytes(b" " * (10 * 1024 * 1024))
    with pytest.warns(TokenCacheWarning, match="너무 큽니다"):
        assert cache.load("http://x/paper", "K" * 36, "S" * 180) is None


# -- point 9 ---------------------------------------------------------------------------------------------
KILLED_SAVE = textwrap.dedent(
    """
    import os, sys, time
    from kislearn.token_cache import TokenCache

    def stuck(source, target):  # the temporary file is written; then the process is killed
        print("written", flush=True)
        time.sleep(60)

    os.replace = stuck
    cache = TokenCache(sys.argv[1])
    cache.save("http://x/paper", "K" * 36, "S" * 180, {
        "access_token": "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJ0b2tlbiJ9.c2ln",
        "access_token_token_expired": "2099-12-31 23:59:59", "token_type": "Bearer"})
    """
)


@pytest.mark.skipif(not POSIX, reason="kill -9 is POSIX")
def test_temporaries_left_by_kill_9_are_removed_on_the_next_save(tmp_path):
    folder = tmp_path / "tokens"
    for _ in range(3):
        child = subprocess.Popen([sys.executable, "-c", KILLED_SAVE, str(folder)], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "written"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    leftovers = list(folder.glob(".token-*.tmp"))
    assert len(leftovers) == 1  # each save removed the one before it (the issue saw 21 after 40 kills)
    assert "eyJhbGci" in leftovers[0].read_text(encoding="utf-8")  # a whole token in it
    other_old, other_young = folder / ".token-another.json.aaaa.tmp", folder / ".token-another.json.bbbb.tmp"
    for path in (other_old, other_young):
        path.write_text("another app key's interrupted save", encoding="utf-8")
    os.utime(other_old, (1_700_000_000, 1_700_000_000))  # long ago
    TokenCache(folder).save(
        "http://x/paper",
        "K" * 36,
        "S" * 180,
        {"access_token": "a.b.c", "access_token_token_expired": "2099-12-31 23:59:59", "token_type": "Bearer"},
    )
    assert sorted(folder.glob(".token-*.tmp")) == [other_young]  # another file's save may still be running


@pytest.mark.skipif(not POSIX, reason="POSIX permission bits")
def test_a_tokens_folder_open_to_everybody_is_tightened(tmp_path):
    folder = tmp_path / "tokens"
    folder.mkdir()
    folder.chmod(0o777)
    TokenCache(folder).save(
        "http://x/paper", "K" * 36, "S" * 180, {"access_token": "a.b.c", "expires_in": 60, "token_type": "Bearer"}
    )
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_symlinked_tokens_folder_is_not_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "tokens").symlink_to(elsewhere, target_is_directory=True)
    cache = TokenCache(tmp_path / "tokens")
    with pytest.raises(TokenCacheError, match="심볼릭 링크"):
        cache.save("http://x/paper", "K" * 36, "S" * 180, {"access_token": "a.b.c", "expires_in": 60})
    with pytest.raises(TokenCacheError, match="KISLEARN_CACHE_DIR"):
        cache.load("http://x/paper", "K" * 36, "S" * 180)
    assert list(elsewhere.iterdir()) == []


@pytest.mark.skipif(not ROOT, reason="needs root to hand a folder to another user")
def test_a_tokens_folder_of_another_user_is_refused(tmp_path):
    folder = tmp_path / "tokens"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)  # nobody
    with pytest.raises(TokenCacheError, match="다른 사용자"):
        TokenCache(folder).load("http://x/paper", "K" * 36, "S" * 180)


# -- point 10 --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("token_type", ["Basic", None, "Bearer\r\n", "Bearer\r\nX-Injected: 1"])
def test_a_tampered_token_type_is_not_trusted_and_never_shown(strict_sandbox, tmp_path, token_type):
    cache = TokenCache(tmp_path / "tokens")
    first = client(strict_sandbox, cache)
    path = cache.path_for(strict_sandbox.url_for("paper"), demo_app("paper").appkey)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["token_type"] = token_type
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.warns(TokenCacheWarning, match="token_type") as caught:
        assert cache.load(strict_sandbox.url_for("paper"), first.api_key, first.api_secret) is None
    token = first.access_token.removeprefix("Bearer ")
    assert all(token not in str(w.message) for w in caught)


@pytest.mark.parametrize("token_type", ["Basic", "Bearer\r\n"])
def test_a_server_answering_another_token_type_is_a_clear_error(tmp_path, token_type):
    body = {**token_reply()[2], "token_type": token_type}
    with ScriptedServer(lambda request: (200, {}, body)) as server:
        with pytest.raises(KisResponseError, match="token_type") as caught:
            KoreaInvestment("K" * 36, "S" * 180, "50010002-01", mock=True, base_url=server.url, token_cache=tmp_path)
    assert body["access_token"] not in str(caught.value)


def test_a_token_with_a_line_break_never_reaches_a_header_or_a_message(tmp_path):
    body = {**token_reply()[2], "access_token": "eyJh.eyJz.c2ln\r\nX-Evil: 1"}
    with ScriptedServer(lambda request: (200, {}, body)) as server:
        with pytest.raises(KisResponseError) as caught:
            KoreaInvestment("K" * 36, "S" * 180, "50010002-01", mock=True, base_url=server.url, token_cache=tmp_path)
    assert "eyJh.eyJz" not in str(caught.value) and "줄바꿈" in str(caught.value)
