"""Tasks 1–3 (lessons 01–03): split an account number, the authorization header, a cached token."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from .. import spec
from ..account import BAD_ACCOUNT_EXAMPLES
from .result import CheckResult, _call, _run, _shown, _stops_here

# -------------------------------------------------------------------------------------------------
# Task 1: split an account number
# -------------------------------------------------------------------------------------------------

_GOOD_ACCOUNTS = [("12345678-01", ("12345678", "01")), ("50010003-01", ("50010003", "01"))]
_BAD_ACCOUNTS = BAD_ACCOUNT_EXAMPLES  # one table with the package's own tests (kislearn/account.py)
_FORM_WORDS = ("12345678-01", "8자리", "{8}")  # a ValueError message that names the right form has one of these


def check_split_account(split_account) -> CheckResult:
    """Task 1: ``split_account("12345678-01") → ("12345678", "01")``; a bad number raises ``ValueError``
    whose message shows the right form."""

    def body(result, function):
        first = _call(function, _GOOD_ACCOUNTS[0][0])
        if _stops_here(result, function, repr(_GOOD_ACCOUNTS[0][0]), *first):
            return
        for text, expected in _GOOD_ACCOUNTS:
            got, crash = first if text == _GOOD_ACCOUNTS[0][0] else _call(function, text)
            if crash:
                result.crash(
                    repr(text),
                    crash,
                    "올바른 번호에서는 오류 없이 (앞 8자리, 뒤 2자리) 튜플을 돌려주세요"
                    + (". 정규식이 너무 엄격하지 않은지 보세요" if crash.startswith("ValueError") else ""),
                )
            else:
                _check_split(result, text, expected, got)
        _check_bad_accounts(result, function)

    return _run(1, body, split_account, checks=len(_GOOD_ACCOUNTS) + len(_BAD_ACCOUNTS) + 1)


def _check_split(result: CheckResult, text: str, expected: tuple, got) -> None:
    """One good account number: the answer must be the tuple ``expected``."""
    ok = isinstance(got, tuple) and got == expected
    hint = "text.split('-')로 나눈 두 조각을 (앞 8자리, 뒤 2자리) 튜플로 돌려주세요. 뒤 조각은 문자열 '01'입니다."
    if isinstance(got, list) and tuple(got) == expected:
        hint = "리스트(list)가 아니라 튜플(tuple)로 돌려주세요: return cano, product"
    result.check(ok, f"{text!r} → {expected}" + ("" if ok else f" (받은 값: {got!r})"), hint)


def _check_bad_accounts(result: CheckResult, function) -> None:
    """Every bad account number raises ValueError, and the messages show the right form."""
    messages = []  # (the bad number, why it is bad, the message of the ValueError raised)
    for text, why in _BAD_ACCOUNTS:
        try:
            got = function(text)
        except ValueError as error:
            messages.append((text, why, str(error)))
            result.check(True, f"{text!r} ({why}) → ValueError")
            continue
        except Exception as error:  # noqa: BLE001 - a learner's exception is reported, never propagated
            result.check(
                False,
                f"{text!r} ({why}): ValueError 대신 {type(error).__name__} 예외가 났습니다",
                "모양을 먼저 검사하고 raise ValueError('…올바른 형태: 12345678-01')로 알려 주세요.",
            )
            continue
        hint = "정규식 r'[0-9]{8}-[0-9]{2}'와 re.fullmatch로 모양을 확인하고, 아니면 ValueError를 올리세요."
        if why in ("전각 숫자", "아라비아-인도 숫자"):
            hint = "\\d와 str.isdigit()는 전각 숫자 '１２３'도 숫자로 봅니다. r'[0-9]{8}-[0-9]{2}'처럼 [0-9]로 쓰세요."
        elif why.startswith("끝에"):
            hint = (
                "re.match는 앞부분만 맞으면 통과하고, $는 끝의 줄바꿈(\\n) 앞에서도 맞습니다. "
                "끝까지 정확히 맞는지는 re.fullmatch(r'[0-9]{8}-[0-9]{2}', text)로 확인하세요."
            )
        result.check(False, f"{text!r} ({why}): ValueError 없이 받아들였습니다 (돌려준 값: {got!r})", hint)
    if messages:  # without any ValueError there is no message to look at
        _check_messages(result, messages)


# Python's own ValueErrors: a bad number reached ``front, back = text.split('-')`` or ``int(...)``
_PYTHONS_OWN_ERRORS = ("values to unpack", "invalid literal for int()")


def _check_messages(result: CheckResult, messages: list[tuple[str, str, str]]) -> None:
    """The ValueError messages name the right form; a vague one is shown with the number that caused it."""
    vague = [(text, why, message) for text, why, message in messages if not any(w in message for w in _FORM_WORDS)]
    hint = (
        "무엇이 틀렸는지 알 수 있게 raise ValueError(f'계좌번호 형식 오류: {text!r}. "
        "올바른 형태: 12345678-01')처럼 쓰세요."
    )
    failed = ""
    if vague:
        text, why, message = vague[0]
        failed = (
            f"ValueError 메시지에 올바른 형태(12345678-01)를 적지 않았습니다 "
            f"({text!r} ({why})에서 받은 메시지: {message!r})"
        )
        if any(words in message for words in _PYTHONS_OWN_ERRORS):
            hint = (
                "이 ValueError는 함수가 직접 raise한 것이 아니라, 잘못된 번호가 "
                "front, back = text.split('-')나 int(...)에 닿아 파이썬이 낸 것입니다. "
                "나누기 전에 re.fullmatch(r'[0-9]{8}-[0-9]{2}', text)로 모양을 먼저 검사하고, 아니면 "
                "raise ValueError(f'계좌번호 형식 오류: {text!r}. 올바른 형태: 12345678-01')로 알려 주세요."
            )
    result.check(not vague, "ValueError 메시지에 올바른 형태(12345678-01)를 적었습니다", hint, failed=failed)


# -------------------------------------------------------------------------------------------------
# Task 2: the authorization header
# -------------------------------------------------------------------------------------------------

_TOKEN_ANSWER = {
    "access_token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl",
    "access_token_token_expired": "2026-11-25 09:00:00",
    "token_type": "Bearer",
    "expires_in": 86400,
}
_CONTENT_TYPE = "application/json; charset=utf-8"
# header → (the expected value, where it comes from)
_PLAIN_HEADERS = {
    "appkey": ("APPKEY-DEMO", "함수가 받은 appkey"),
    "appsecret": ("APPSECRET-DEMO", "함수가 받은 appsecret"),
    "tr_id": ("VTTC8434R", "함수가 받은 tr_id"),
    "custtype": ("P", "'P'(개인 고객)"),
}


def check_make_headers(make_headers) -> CheckResult:
    """Task 2: ``make_headers(token_answer, appkey, appsecret, tr_id)`` → the headers of a KIS GET."""

    def body(result, function):
        headers, crash = _call(function, dict(_TOKEN_ANSWER), "APPKEY-DEMO", "APPSECRET-DEMO", "VTTC8434R")
        if _stops_here(result, function, "예시 토큰 응답", headers, crash):
            return
        if crash:
            result.crash(
                "예시 토큰 응답", crash, "토큰 응답의 키는 access_token, token_type입니다: token_answer['access_token']"
            )
            return
        if not result.check(
            isinstance(headers, dict),
            "dict를 돌려줍니다",
            "{'authorization': ..., 'appkey': ...} 모양의 dict를 돌려주세요",
            failed=f"dict를 돌려줘야 합니다 (받은 것: {type(headers).__name__})",
        ):
            return
        _check_authorization(result, headers)
        for key, (expected, source) in _PLAIN_HEADERS.items():
            got = headers.get(key)
            ok = got == expected
            result.check(
                ok,
                f"{key} = {expected!r}" + ("" if ok or key not in headers else f" (받은 값: {_shown(got)})"),
                _missing_header(headers, key) or f"{key}에 넣을 값: {source}",
            )
        _check_content_type(result, headers)
        not_text = [key for key, value in headers.items() if not isinstance(value, str)]
        result.check(
            not not_text,
            "값이 모두 문자열(str)" + (f" (문자열이 아닌 값: {not_text})" if not_text else ""),
            "HTTP 헤더 값은 문자열이어야 합니다",
        )

    return _run(2, body, make_headers, checks=8)


def _check_content_type(result: CheckResult, headers: dict) -> None:
    """content-type: any value that starts with application/json (letter case aside) is accepted; the ✅
    line shows the value received."""
    content_type = headers.get("content-type")
    ok = isinstance(content_type, str) and content_type.lower().startswith("application/json")
    if ok and content_type != _CONTENT_TYPE:
        result.check(True, f"content-type = {content_type!r} (application/json으로 시작)")
        return
    if "content-type" in headers:
        text, hint = (
            f"content-type = {_CONTENT_TYPE!r} (받은 값: {_shown(content_type)})",
            f"값은 {_CONTENT_TYPE!r}입니다",
        )
    else:
        text = f"content-type = {_CONTENT_TYPE!r}"
        hint = _missing_header(headers, "content-type")
        if hint.endswith("키가 없습니다"):
            hint += f": 'content-type': {_CONTENT_TYPE!r}를 넣으세요"
    result.check(ok, text, hint)


def _missing_header(headers: dict, key: str) -> str:
    """Why ``key`` is not in ``headers`` ('' when it is): written in other letter case, or left out."""
    if key in headers:
        return ""
    for other in headers:
        if isinstance(other, str) and other.lower() == key:
            return f"헤더 이름은 모두 소문자입니다: {other!r} → {key!r}"
    return f"{key!r} 키가 없습니다"


def _check_authorization(result: CheckResult, headers: dict) -> None:
    expected = f"Bearer {_TOKEN_ANSWER['access_token']}"
    auth = headers.get("authorization")
    ok = auth == expected
    recipe = "f\"{token_answer['token_type']} {token_answer['access_token']}\""
    if _missing_header(headers, "authorization"):
        hint = f"{_missing_header(headers, 'authorization')}. 값은 {recipe}"
    elif str(auth).count("Bearer") > 1:
        hint = f"Bearer가 두 번 붙었습니다 (token_type이 이미 'Bearer'입니다): {recipe}"
    elif not str(auth).startswith("Bearer"):
        hint = f"Bearer로 시작해야 합니다: {recipe}"
    else:
        hint = f"'Bearer'와 access_token 사이에 공백 하나만 두고 이으세요: {recipe}"
    result.check(
        ok,
        "authorization = 'Bearer ' + access_token"
        + ("" if ok or "authorization" not in headers else f" (받은 값: {_shown(auth)})"),
        hint,
    )


# -------------------------------------------------------------------------------------------------
# Task 3: is a cached token still usable?
# -------------------------------------------------------------------------------------------------

_NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=spec.KST)


def _token_case(expires: timedelta, expires_in: int = 86400) -> dict[str, Any]:
    moment = (_NOW + expires).strftime("%Y-%m-%d %H:%M:%S")
    return {
        "access_token": "eyJ...",
        "token_type": "Bearer",
        "expires_in": expires_in,
        "access_token_token_expired": moment,
    }


_EXPIRES_IN_HINT = (
    "expires_in은 발급 순간부터 센 초입니다. 캐시에서 꺼낸 토큰에는 맞지 않습니다. "
    "datetime.strptime(…, '%Y-%m-%d %H:%M:%S').replace(tzinfo=KST)로 만료 시각을 읽으세요."
)
# (time left until access_token_token_expired, the right answer, the case, the hint when it is wrong)
_TOKEN_CASES = [
    (timedelta(hours=20), True, "20시간 남음", "만료 시각이 now보다 60초 넘게 뒤면 True"),
    (timedelta(hours=-1), False, "1시간 전에 만료", "만료 시각이 now보다 앞이면 False"),
    (timedelta(seconds=30), False, "30초 남음", "만료 직전(60초 안)에는 False: 요청이 가는 사이에 만료될 수 있습니다"),
    (
        timedelta(seconds=60),
        False,
        "딱 60초 남음",
        "60초 '넘게' 남아야 True입니다. 딱 60초면 False: <= 대신 <, >= 대신 >로 비교하세요",
    ),
    (timedelta(minutes=5), True, "5분 남음", "여유는 60초면 충분합니다"),
    # cached yesterday: expires_in still says 24 hours, but the token expired 2 hours ago
    (timedelta(hours=-2), False, "어제 캐시한 토큰(2시간 전에 만료, expires_in은 여전히 86400)", _EXPIRES_IN_HINT),
]


_NOW_HINT = (
    "now 인자를 쓰세요 (datetime.now()가 아니라): 채점기는 정해진 시각을 now로 넘깁니다. 만료 시각을 now와 비교하세요"
)
_DAY = timedelta(days=1)


def check_token_is_usable(token_is_usable) -> CheckResult:
    """Task 3: ``token_is_usable(token_answer, now)`` with ``access_token_token_expired`` (KST) and a
    60-second margin; ``expires_in`` is not to be trusted (it counts from when the token was issued), and
    the time is the ``now`` given, not the computer's clock."""

    def body(result, function):
        ignored = _what_is_ignored(function)
        for number, (delta, expected, case, hint) in enumerate(_TOKEN_CASES):
            got, crash = _call(function, _token_case(delta), _NOW)
            if number == 0 and _stops_here(result, function, case, got, crash):
                return
            if crash:
                result.crash(case, crash, _token_crash_hint(crash))
                continue
            if not isinstance(got, bool):
                hint = _bool_hint(got)
            elif ignored:
                hint = ignored
            ok = got is expected
            result.check(ok, f"{case} → {expected}" + ("" if ok else f" (받은 값: {got!r})"), hint)
        _check_uses_now(result, function, ignored)

    return _run(3, body, token_is_usable, checks=len(_TOKEN_CASES) + 1)


def _bool_hint(got) -> str:
    return f"True/False(bool)를 돌려주세요 (받은 값: {got!r}). 비교식 now < … 의 결과가 bool입니다"


def _what_is_ignored(function) -> str:
    """The hint for an answer that does not compare the expiry with ``now``: one that reads expires_in
    (the answer follows expires_in), or one that ignores ``now`` (datetime.now(): moving now by a day
    changes nothing); '' otherwise."""
    token = _token_case(timedelta(hours=20))
    answers = [
        _call(function, *args)
        for args in (
            (_token_case(timedelta(hours=20), expires_in=0), _NOW),
            (token, _NOW),
            (token, _NOW - _DAY),
            (token, _NOW + _DAY),
        )
    ]
    if any(crash or not isinstance(got, bool) for got, crash in answers):
        return ""
    no_time_left, usable, day_before, day_after = (got for got, _ in answers)
    if no_time_left != usable:
        return _EXPIRES_IN_HINT
    if day_before == day_after:
        return _NOW_HINT
    return ""


def _check_uses_now(result: CheckResult, function, ignored: str) -> None:
    """A token with 20 hours left: usable a day before ``now``, expired a day after."""
    token = _token_case(timedelta(hours=20))
    label = "now를 하루 앞뒤로 옮기면 답이 바뀝니다 (하루 전 → True, 하루 뒤 → False)"
    (before, crash), (after, crash_after) = _call(function, token, _NOW - _DAY), _call(function, token, _NOW + _DAY)
    if crash or crash_after:
        result.crash("now를 하루 옮긴 경우", crash or crash_after, _token_crash_hint(crash or crash_after))
        return
    ok = before is True and after is False
    if ok:
        hint = ""
    elif not isinstance(before, bool):
        hint = _bool_hint(before)
    elif not isinstance(after, bool):
        hint = _bool_hint(after)
    else:
        hint = ignored or "만료 시각(access_token_token_expired)을 함수가 받은 now와 비교하세요"
    result.check(ok, label + ("" if ok else f" (받은 값: {before!r}, {after!r})"), hint)


def _token_crash_hint(crash: str) -> str:
    if "naive" in crash and "aware" in crash:
        return (
            "now는 시간대가 있는 datetime입니다. 읽은 만료 시각에도 .replace(tzinfo=KST)로 "
            "한국 시간대를 붙여야 비교할 수 있습니다"
        )
    if "does not match format" in crash:
        return "만료 시각은 '2026-11-25 09:00:00' 모양입니다: 형식 '%Y-%m-%d %H:%M:%S'"
    return "만료 시각은 token_answer['access_token_token_expired']에 있습니다 (문자열)"
