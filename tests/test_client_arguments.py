"""Issue 12, "tracebacks to remove" (Python): a bad constructor argument is an InvalidArgumentError that says what
was wrong, raised before any request — not a requests/TypeError/ValueError from deep inside the first call."""

from __future__ import annotations

import math

import pytest
from scripted_server import closed_port

from kislearn import InvalidArgumentError, KoreaInvestment

KEY, SECRET, ACCOUNT = "K" * 36, "S" * 180, "50010001-01"


def nowhere() -> str:
    """An address where nothing listens: a request would fail with KisConnectionError, so getting an
    InvalidArgumentError proves the value was checked before anything was sent."""
    return f"http://127.0.0.1:{closed_port()}/paper"


def build(tmp_path, **options):
    options.setdefault("base_url", nowhere())
    options.setdefault("mock", True)
    options.setdefault("token_cache", tmp_path)
    return KoreaInvestment(KEY, SECRET, ACCOUNT, **options)


@pytest.mark.parametrize(
    "base_url, words",
    [
        ("127.0.0.1:8434/paper", "http://"),
        ("http://127.0.0.1:99999/paper", "1~65535"),
        ("http://127.0.0.1:0/paper", "1~65535"),
        ("http://127.0.0.1:port/paper", "1~65535"),
        ("ftp://127.0.0.1:8434/paper", "'ftp://'"),
        ("http:///paper", "host"),
        ("http://127.0.0.1:8434/paper?x=1", "'?'"),
        ("http://127.0.0.1 :8434/paper", "공백"),
        ("", "비어"),
        (8434, "문자열"),
    ],
)
def test_a_bad_base_url(tmp_path, base_url, words):
    with pytest.raises(InvalidArgumentError, match="base_url") as caught:
        build(tmp_path, base_url=base_url)
    assert words in str(caught.value) and "http://127.0.0.1:8434" in str(caught.value)  # shows the right form


@pytest.mark.parametrize("timeout", [0, -1, math.nan, math.inf, "5", None, True])
def test_a_bad_timeout(tmp_path, timeout):
    with pytest.raises(InvalidArgumentError, match="timeout") as caught:
        build(tmp_path, timeout=timeout)
    assert "timeout=10" in str(caught.value)


@pytest.mark.parametrize("calls_per_second", ["fast", 0, -2, 1.5, True, math.nan])
def test_a_bad_calls_per_second(tmp_path, calls_per_second):
    with pytest.raises(InvalidArgumentError, match="calls_per_second") as caught:
        build(tmp_path, calls_per_second=calls_per_second)
    assert "'auto'" in str(caught.value) and "None" in str(caught.value)


@pytest.mark.parametrize("token_cache", [123, 1.5, ["a"], b"folder"])
def test_a_bad_token_cache(tmp_path, token_cache):
    with pytest.raises(InvalidArgumentError, match="token_cache"):
        build(tmp_path, token_cache=token_cache)


@pytest.mark.parametrize("mock", ["False", "True", None, 2])
def test_a_mock_that_is_not_true_or_false(tmp_path, mock):
    with pytest.raises(InvalidArgumentError, match="mock") as caught:
        build(tmp_path, mock=mock, base_url=None)
    assert "mock=True" in str(caught.value)


def test_a_session_that_is_not_a_session(tmp_path):
    with pytest.raises(InvalidArgumentError, match="session"):
        build(tmp_path, session="requests")


def test_invalid_argument_error_is_still_a_value_error():
    assert issubclass(InvalidArgumentError, ValueError)  # code written for mojito2's ValueErrors still catches it
