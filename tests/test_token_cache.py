import json
import os
import pickle
import stat
import sys
import warnings
from datetime import datetime, timedelta, timezone

import pytest

from kislearn.spec import KST
from kislearn.token_cache import CachedToken, TokenCache, TokenCacheWarning

URL = "http://127.0.0.1:8434/paper"
KEY = "K" * 36
SECRET = "topsecret-" + "S" * 170
JWT = "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJ0b2tlbiJ9.c2lnbmF0dXJl"
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)


def token_response(valid_for=timedelta(hours=24), now=NOW):
    expires = (now + valid_for).astimezone(KST)
    return {
        "access_token": JWT,
        "access_token_token_expired": expires.strftime("%Y-%m-%d %H:%M:%S"),
        "token_type": "Bearer",
        "expires_in": int(valid_for.total_seconds()),
    }


class Clock:
    def __init__(self, now=NOW):
        self.now = now

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def cache(tmp_path, clock):
    return TokenCache(tmp_path / "tokens", clock=clock)


def test_round_trip(cache):
    saved = cache.save(URL, KEY, SECRET, token_response())
    loaded = cache.load(URL, KEY, SECRET)
    assert loaded == saved
    assert loaded.authorization == f"Bearer {JWT}"


def test_file_is_json_and_holds_no_secret(cache):
    cache.save(URL, KEY, SECRET, token_response())
    raw = cache.path_for(URL, KEY).read_bytes()
    assert SECRET.encode() not in raw and b"topsecret" not in raw
    assert KEY.encode() not in raw  # not even the whole app key: only a masked hint
    data = json.loads(raw)
    assert data["fingerprint"].startswith("hmac-sha256:")
    with pytest.raises(pickle.UnpicklingError):
        pickle.loads(raw)


def test_file_name_reveals_nothing(cache):
    path = cache.path_for(URL, KEY)
    assert KEY not in path.name and "8434" not in path.name


def test_one_file_per_server_and_key(cache):
    assert cache.path_for(URL, KEY) != cache.path_for("http://127.0.0.1:8434/real", KEY)
    assert cache.path_for(URL, KEY) != cache.path_for(URL, "L" * 36)


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no POSIX permission bits")
def test_owner_only_permissions(cache):
    cache.save(URL, KEY, SECRET, token_response())
    mode = stat.S_IMODE(os.stat(cache.path_for(URL, KEY)).st_mode)
    assert mode == 0o600
    assert stat.S_IMODE(os.stat(cache.folder).st_mode) & 0o077 == 0


def test_default_folder_is_per_user_not_current(monkeypatch, tmp_path):
    monkeypatch.delenv("KISLEARN_CACHE_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert not str(TokenCache().folder).startswith(str(tmp_path))
    monkeypatch.setenv("KISLEARN_CACHE_DIR", str(tmp_path / "c"))
    assert TokenCache().folder == tmp_path / "c" / "tokens"


def test_other_secret_is_not_ours(cache):
    cache.save(URL, KEY, SECRET, token_response())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert cache.load(URL, KEY, "another-secret") is None


def test_expired_token_is_not_loaded(cache, clock):
    cache.save(URL, KEY, SECRET, token_response(valid_for=timedelta(hours=24)))
    clock.now = NOW + timedelta(hours=23, minutes=58)
    assert cache.load(URL, KEY, SECRET) is not None
    clock.now = NOW + timedelta(hours=23, minutes=59, seconds=1)  # inside the 60-second margin
    assert cache.load(URL, KEY, SECRET) is None


def test_expiry_comes_from_the_date_not_expires_in(cache, clock):
    response = token_response(valid_for=timedelta(hours=1))
    response["expires_in"] = 86400  # a misleading duration is ignored
    cache.save(URL, KEY, SECRET, response)
    clock.now = NOW + timedelta(hours=2)
    assert cache.load(URL, KEY, SECRET) is None


def test_short_teaching_tokens_get_a_short_margin(cache, clock):
    cache.save(URL, KEY, SECRET, token_response(valid_for=timedelta(seconds=5)))
    clock.now = NOW + timedelta(seconds=4)
    assert cache.load(URL, KEY, SECRET) is not None  # margin is a tenth of 5 s, not 60 s
    clock.now = NOW + timedelta(seconds=4.6)
    assert cache.load(URL, KEY, SECRET) is None


def test_expires_in_alone_still_works(clock):
    response = {"access_token": JWT, "token_type": "Bearer", "expires_in": 600}
    assert CachedToken.from_response(response, NOW).expires_at == NOW + timedelta(seconds=600)


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # half-written
        lambda text: "\x80\x04garbage",  # a pickle, say
        lambda text: "[]",
        lambda text: text.replace(JWT, "not a token"),
        lambda text: text.replace("kislearn-token-cache/1", "something-else"),
        lambda text: text.replace('"expires_at": "', '"expires_at": "yesterday'),
        lambda text: text.replace("+09:00", ""),  # a naive time
        lambda text: text.replace("8434/paper", "8434/real"),
    ],
)
def test_damaged_file_warns_is_not_trusted_and_is_replaced(cache, damage):
    cache.save(URL, KEY, SECRET, token_response())
    path = cache.path_for(URL, KEY)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.warns(TokenCacheWarning, match="믿을 수 없어"):
        assert cache.load(URL, KEY, SECRET) is None
    cache.save(URL, KEY, SECRET, token_response())
    assert cache.load(URL, KEY, SECRET) is not None


def test_unreadable_bytes_warn(cache):
    cache.folder.mkdir(parents=True)
    cache.path_for(URL, KEY).write_bytes(b"\xff\xfe\x00 not utf-8")
    with pytest.warns(TokenCacheWarning):
        assert cache.load(URL, KEY, SECRET) is None


def test_a_failed_write_leaves_the_old_file_and_no_debris(cache, monkeypatch):
    cache.save(URL, KEY, SECRET, token_response())
    before = cache.path_for(URL, KEY).read_text(encoding="utf-8")

    def broken_replace(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.warns(TokenCacheWarning, match="저장하지 못했습니다"):
        token = cache.save(URL, KEY, SECRET, token_response(valid_for=timedelta(hours=1)))
    assert token.access_token == JWT  # the caller still gets the token (kept in memory)
    assert cache.path_for(URL, KEY).read_text(encoding="utf-8") == before
    assert [p.name for p in cache.folder.iterdir() if p.suffix == ".tmp"] == []


def test_bad_server_answer_is_a_clear_error(cache):
    with pytest.raises(ValueError, match="access_token"):
        cache.save(URL, KEY, SECRET, {"token_type": "Bearer"})
    assert not cache.path_for(URL, KEY).exists()


def test_remove(cache):
    cache.save(URL, KEY, SECRET, token_response())
    assert cache.remove(URL, KEY) is True
    assert cache.remove(URL, KEY) is False
    assert cache.load(URL, KEY, SECRET) is None
