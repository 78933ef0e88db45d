"""Automatic checkers for the workshop notebook (``notebooks/11_workshop.ipynb``).

One checker per task, in the order of the lessons. A checker takes the learner's function, runs it on
cases (and, where a server is needed, on a private sandbox it starts and stops itself) and returns a
:class:`CheckResult` that shows, in Korean, what is right (✅) and what is missing (❌, with a hint).
It never shows a traceback: an exception from the learner's function becomes one ❌ line that names the
case, at the place it happened; the other cases are still checked where they do not depend on it.

    from kislearn import workshop
    workshop.check_split_account(split_account)    # → ✅/❌ lines
    workshop.hint(1)                               # the next hint for task 1

The outputs are deterministic (no random ids, times or paths), so nbval can compare them.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

import pandas as pd

from . import spec
from .errors import KisApiError, api_error
from .sandbox.samples import load_accounts

# -------------------------------------------------------------------------------------------------
# The result a checker returns
# -------------------------------------------------------------------------------------------------


@dataclass
class Line:
    """One checked thing: passed or not, what it was, and a hint when it failed."""

    ok: bool
    text: str
    hint: str = ""


@dataclass
class CheckResult:
    """What a checker found. Displays as Korean ✅/❌ lines; ``passed`` is True when everything is right."""

    task: int
    title: str
    lines: list = field(default_factory=list)
    not_started: bool = False
    unchecked: int = 0  # checks not reached, because an earlier answer made them impossible

    @property
    def failed(self) -> int:
        """How many ❌ lines there are."""
        return sum(not line.ok for line in self.lines)

    @property
    def passed(self) -> bool:
        return bool(self.lines) and not self.not_started and not self.unchecked and not self.failed

    def check(self, ok: bool, text: str, hint: str = "") -> bool:
        """Record one check; returns ``ok`` so a checker can stop early. A hint already shown on an
        earlier line is not repeated."""
        if ok or any(line.hint == hint for line in self.lines):
            hint = ""
        self.lines.append(Line(bool(ok), text, hint))
        return bool(ok)

    def crash(self, case: str, error: str, hint: str = "") -> None:
        """Record that the learner's function raised ``error`` (one line) on ``case``, or returned a value
        with ``...`` in it (``error`` is then :data:`_UNFILLED`)."""
        if _unfilled(error):
            hint = _UNFILLED_HINT  # whatever the checker guessed: the hint's `...` is still there
        if any(error in line.text for line in self.lines if not line.ok):
            again = "`...`가 남아 있습니다" if error == _UNFILLED else "같은 오류가 났습니다"
            self.check(False, f"{case}에서도 {again}")  # the hint is already above
        elif error == _UNFILLED:
            self.check(False, f"{case}: 돌려준 값에 {_UNFILLED}", hint)
        else:
            self.check(False, f"{case}에서 함수가 오류를 냈습니다: {error}", hint)

    def returned_none(self, case: str) -> None:
        """Record that the learner's function (real code, not the stub) returned None on ``case``."""
        self.check(False, f"{case}: 함수가 None을 돌려줍니다",
                   "return을 빠뜨렸나요? (print는 화면에 보여 줄 뿐 값을 돌려주지 않습니다)")

    def __repr__(self) -> str:
        head = f"과제 {self.task}. {self.title}"
        if self.not_started:
            return (f"{head}\n⏳ 아직 안 했습니다: 함수 안에 `...`만 있습니다. `...`를 지우고 코드를 채우세요."
                    f"\n   막히면 workshop.hint({self.task})")
        out = [head]
        for line in self.lines:
            out.append(f"{'✅' if line.ok else '❌'} {line.text}")
            if line.hint:
                out.append(f"   💡 {line.hint}")
        if self.unchecked:
            out.append(f"⏭ 나머지 {self.unchecked}개는 확인하지 못했습니다 (위의 ❌를 고치면 이어서 확인합니다)")
        if self.passed:
            out.append(f"🎉 통과! ({len(self.lines)}개 모두 맞음)")
        else:
            out.append(f"➡ {max(self.failed, 1)}개를 고친 뒤 다시 실행하세요. 막히면 workshop.hint({self.task})")
        return "\n".join(out)

    __str__ = __repr__


_ADDRESS = re.compile(r"https?://[^\s'\"]+")


def _describe(error: BaseException) -> str:
    """An exception as one line: ``KeyError: 'output9'`` (only the first line of a long message; an
    address such as the private sandbox's, whose port changes, is left out)."""
    message = str(error).strip().splitlines()
    if not message:
        return type(error).__name__
    return f"{type(error).__name__}: {_ADDRESS.sub('(주소)', message[0])}"


# A returned value with ``...`` in it: pasted from a level-3 hint without filling the blank in
_UNFILLED = "`...`가 남아 있습니다"
_UNFILLED_HINT = "`...` 자리를 아직 채우지 않았습니다. 힌트 코드의 `...`를 알맞은 값으로 바꾸세요"


def _unfilled(crash: str) -> bool:
    """Whether ``crash`` comes from a ``...`` left in the code: returned, or used in a calculation
    (``TypeError: unsupported operand type(s) for -: 'ellipsis' and 'int'``)."""
    return crash == _UNFILLED or "'ellipsis'" in crash


def _has_ellipsis(value, depth: int = 0) -> bool:
    """Whether ``value`` is ``...`` or holds it (in a DataFrame, a Series, a list, a tuple or a dict)."""
    if value is Ellipsis:
        return True
    if depth > 2:
        return False
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return any(item is Ellipsis for item in value.to_numpy(dtype=object).ravel())
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple, set)):
        return any(_has_ellipsis(item, depth + 1) for item in value)
    return False


def _call(function, *args):
    """Call the learner's function: ``(value, "")``, ``(None, "KeyError: 'x'")`` when it raised, or
    ``(None, _UNFILLED)`` when the value it returned holds ``...``."""
    try:
        value = function(*args)
    except Exception as error:  # noqa: BLE001 - a learner's exception is reported, never propagated
        return None, _describe(error)
    if _has_ellipsis(value):
        return None, _UNFILLED
    return value, ""


def _shown(value, limit: int = 60) -> str:
    """``repr(value)``, shortened to ``limit`` characters so a long token does not fill the screen."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _stub_codes() -> set:
    """The bytecode of functions that do nothing: a docstring and/or ``...`` or ``pass``, compiled here by
    the same Python that compiles the learner's notebook cells."""
    bodies = ['"""할 일."""\n    ...', "...", "pass", '"""할 일."""', '"""할 일."""\n    pass', "return None",
              '"""할 일."""\n    ...\n    return None']
    codes = set()
    for body in bodies:
        namespace: dict = {}
        exec(compile(f"def stub(a, b=None, *args, **kwargs):\n    {body}\n", "<stub>", "exec"), namespace)  # noqa: S102
        codes.add(namespace["stub"].__code__.co_code)
    return codes


_STUB_CODES = _stub_codes()


def _is_stub(function) -> bool:
    """Whether ``function``'s body is still the stub: nothing but a docstring and ``...``/``pass``. Asked
    only after it returned None (``return 5`` has the same bytecode as a docstring, another constant)."""
    code = getattr(function, "__code__", None)
    return code is not None and code.co_code in _STUB_CODES


def _stops_here(result: CheckResult, function, case: str, got, crash: str) -> bool:
    """Whether the first answer, ``None`` without an exception, ends the check: the stub is not started
    yet; real code that returns None (a forgotten ``return``, a ``print``) gets one ❌ line."""
    if got is not None or crash:
        return False
    if _is_stub(function):
        result.not_started = True
    else:
        result.returned_none(case)
    return True


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _run(task: int, body, function, checks: int) -> CheckResult:
    """Run a checker's ``body(result, function)``, which makes ``checks`` lines when it gets to the end.
    If it stops early, the lines it did not reach are counted in ``unchecked``."""
    result = CheckResult(task, TASKS[task])
    if not callable(function):
        result.check(False, f"함수를 넘겨야 합니다 (받은 것: {type(function).__name__})",
                     "괄호 없이 함수 이름만 넘기세요: check(my_function)")
        return result
    try:
        body(result, function)
    except Exception as error:  # noqa: BLE001 - an answer of an unexpected shape tripped the checker itself
        result.check(False, f"돌려준 값을 채점할 수 없습니다 ({_describe(error)})",
                     "과제 설명에 적힌 모양(형식)대로 돌려주세요")
    if not result.not_started:
        result.unchecked = max(0, checks - len(result.lines))
    return result


TASKS = {
    1: "계좌번호 나누기 (01_constructor)",
    2: "authorization 헤더 만들기 (02_access_token)",
    3: "캐시된 토큰을 아직 써도 되나? (03_token_cache)",
    4: "잔고의 모든 쪽 받기 (04_balance)",
    5: "D+2 기준 총평가금액 (05_output2)",
    6: "output1 → 숫자형 DataFrame, 평가금액 합계 (06_output1)",
    7: "샌드박스에서 시장가 매수, D+2 예수금 변화 (07_orders)",
    8: "오류 처리: KisApiError의 msg_cd (08_errors)",
}

# -------------------------------------------------------------------------------------------------
# Task 1: split an account number
# -------------------------------------------------------------------------------------------------

_GOOD_ACCOUNTS = [("12345678-01", ("12345678", "01")), ("50010003-01", ("50010003", "01"))]
_BAD_ACCOUNTS = [("1234567801", "하이픈 없음"), ("1234567-01", "앞이 7자리"), ("12345678-1", "뒤가 1자리"),
                 ("1234-5678-01", "하이픈 두 개"), ("abcdefgh-01", "숫자가 아님"), ("", "빈 문자열"),
                 (" 12345678-01", "앞에 공백"), ("12345678-01 ", "끝에 공백"), ("12345678-01\n", "끝에 줄바꿈"),
                 ("１２３４５６７８-01", "전각 숫자")]
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
                result.crash(repr(text), crash, "올바른 번호에서는 오류 없이 (앞 8자리, 뒤 2자리) 튜플을 돌려주세요"
                             + (". 정규식이 너무 엄격하지 않은지 보세요" if crash.startswith("ValueError") else ""))
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
    messages = []  # the messages of the ValueErrors raised
    for text, why in _BAD_ACCOUNTS:
        try:
            got = function(text)
        except ValueError as error:
            messages.append(str(error))
            result.check(True, f"{text!r} ({why}) → ValueError")
            continue
        except Exception as error:  # noqa: BLE001 - a learner's exception is reported, never propagated
            result.check(False, f"{text!r} ({why}): ValueError 대신 {type(error).__name__} 예외가 났습니다",
                         "모양을 먼저 검사하고 raise ValueError('…올바른 형태: 12345678-01')로 알려 주세요.")
            continue
        hint = "정규식 r'[0-9]{8}-[0-9]{2}'와 re.fullmatch로 모양을 확인하고, 아니면 ValueError를 올리세요."
        if why == "전각 숫자":
            hint = "\\d와 str.isdigit()는 전각 숫자 '１２３'도 숫자로 봅니다. r'[0-9]{8}-[0-9]{2}'처럼 [0-9]로 쓰세요."
        elif why.startswith("끝에"):
            hint = ("re.match는 앞부분만 맞으면 통과하고, $는 끝의 줄바꿈(\\n) 앞에서도 맞습니다. "
                    "끝까지 정확히 맞는지는 re.fullmatch(r'[0-9]{8}-[0-9]{2}', text)로 확인하세요.")
        result.check(False, f"{text!r} ({why}): ValueError 없이 받아들였습니다 (돌려준 값: {got!r})", hint)
    if messages:  # without any ValueError there is no message to look at
        vague = [message for message in messages if not any(word in message for word in _FORM_WORDS)]
        result.check(not vague, "ValueError 메시지에 올바른 형태(12345678-01)를 적었습니다"
                     + (f" (받은 메시지: {vague[0]!r})" if vague else ""),
                     "무엇이 틀렸는지 알 수 있게 raise ValueError(f'계좌번호 형식 오류: {text!r}. "
                     "올바른 형태: 12345678-01')처럼 쓰세요.")


# -------------------------------------------------------------------------------------------------
# Task 2: the authorization header
# -------------------------------------------------------------------------------------------------

_TOKEN_ANSWER = {"access_token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl",
                 "access_token_token_expired": "2026-11-25 09:00:00", "token_type": "Bearer",
                 "expires_in": 86400}
_CONTENT_TYPE = "application/json; charset=utf-8"
# header → (the expected value, where it comes from)
_PLAIN_HEADERS = {"appkey": ("APPKEY-DEMO", "함수가 받은 appkey"), "appsecret": ("APPSECRET-DEMO", "함수가 받은 appsecret"),
                  "tr_id": ("VTTC8434R", "함수가 받은 tr_id"), "custtype": ("P", "'P'(개인 고객)")}


def check_make_headers(make_headers) -> CheckResult:
    """Task 2: ``make_headers(token_answer, appkey, appsecret, tr_id)`` → the headers of a KIS GET."""

    def body(result, function):
        headers, crash = _call(function, dict(_TOKEN_ANSWER), "APPKEY-DEMO", "APPSECRET-DEMO", "VTTC8434R")
        if _stops_here(result, function, "예시 토큰 응답", headers, crash):
            return
        if crash:
            result.crash("예시 토큰 응답", crash, "토큰 응답의 키는 access_token, token_type입니다: "
                         "token_answer['access_token']")
            return
        if not result.check(isinstance(headers, dict), "dict를 돌려줍니다",
                            f"{{'authorization': ..., 'appkey': ...}} 모양의 dict를 돌려주세요 (받은 것: {type(headers).__name__})"):
            return
        _check_authorization(result, headers)
        for key, (expected, source) in _PLAIN_HEADERS.items():
            got = headers.get(key)
            ok = got == expected
            result.check(ok, f"{key} = {expected!r}" + ("" if ok or key not in headers else f" (받은 값: {_shown(got)})"),
                         _missing_header(headers, key) or f"{key}에 넣을 값: {source}")
        _check_content_type(result, headers)
        not_text = [key for key, value in headers.items() if not isinstance(value, str)]
        result.check(not not_text, "값이 모두 문자열(str)" + (f" (문자열이 아닌 값: {not_text})" if not_text else ""),
                     "HTTP 헤더 값은 문자열이어야 합니다")

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
        text, hint = f"content-type = {_CONTENT_TYPE!r} (받은 값: {_shown(content_type)})", f"값은 {_CONTENT_TYPE!r}입니다"
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
    result.check(ok, "authorization = 'Bearer ' + access_token"
                 + ("" if ok or "authorization" not in headers else f" (받은 값: {_shown(auth)})"), hint)


# -------------------------------------------------------------------------------------------------
# Task 3: is a cached token still usable?
# -------------------------------------------------------------------------------------------------

_NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=spec.KST)


def _token_case(expires: timedelta, expires_in: int = 86400) -> dict:
    moment = (_NOW + expires).strftime("%Y-%m-%d %H:%M:%S")
    return {"access_token": "eyJ...", "token_type": "Bearer", "expires_in": expires_in,
            "access_token_token_expired": moment}


_EXPIRES_IN_HINT = ("expires_in은 발급 순간부터 센 초입니다. 캐시에서 꺼낸 토큰에는 맞지 않습니다. "
                    "datetime.strptime(…, '%Y-%m-%d %H:%M:%S').replace(tzinfo=KST)로 만료 시각을 읽으세요.")
# (time left until access_token_token_expired, the right answer, the case, the hint when it is wrong)
_TOKEN_CASES = [
    (timedelta(hours=20), True, "20시간 남음", "만료 시각이 now보다 60초 넘게 뒤면 True"),
    (timedelta(hours=-1), False, "1시간 전에 만료", "만료 시각이 now보다 앞이면 False"),
    (timedelta(seconds=30), False, "30초 남음", "만료 직전(60초 안)에는 False: 요청이 가는 사이에 만료될 수 있습니다"),
    (timedelta(seconds=60), False, "딱 60초 남음",
     "60초 '넘게' 남아야 True입니다. 딱 60초면 False: <= 대신 <, >= 대신 >로 비교하세요"),
    (timedelta(minutes=5), True, "5분 남음", "여유는 60초면 충분합니다"),
    # cached yesterday: expires_in still says 24 hours, but the token expired 2 hours ago
    (timedelta(hours=-2), False, "어제 캐시한 토큰(2시간 전에 만료, expires_in은 여전히 86400)", _EXPIRES_IN_HINT),
]


_NOW_HINT = ("now 인자를 쓰세요 (datetime.now()가 아니라): 채점기는 정해진 시각을 now로 넘깁니다. "
             "만료 시각을 now와 비교하세요")
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
    answers = [_call(function, *args) for args in ((_token_case(timedelta(hours=20), expires_in=0), _NOW),
                                                   (token, _NOW), (token, _NOW - _DAY), (token, _NOW + _DAY))]
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
        return ("now는 시간대가 있는 datetime입니다. 읽은 만료 시각에도 .replace(tzinfo=KST)로 "
                "한국 시간대를 붙여야 비교할 수 있습니다")
    if "does not match format" in crash:
        return "만료 시각은 '2026-11-25 09:00:00' 모양입니다: 형식 '%Y-%m-%d %H:%M:%S'"
    return "만료 시각은 token_answer['access_token_token_expired']에 있습니다 (문자열)"


# -------------------------------------------------------------------------------------------------
# Task 4: every page of the balance
# -------------------------------------------------------------------------------------------------


class _PracticeBroker:
    """A stand-in for the client in a checker, with only the method a task needs (``offers``). Any other
    name is a Korean error that does not show this class's name."""

    offers = ""

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        raise AttributeError(f"채점기는 과제 설명대로 broker.{self.offers}만 있는 연습용 broker를 넘깁니다 "
                             f"({name} 없음)")

    def __repr__(self) -> str:
        return f"<연습용 broker: {self.offers}만 있음>"


@dataclass(repr=False)
class _Page:
    """What ``fetch_balance_page`` returns, reduced to what the task needs. Other uses are Korean errors
    that do not show this class's name."""

    tr_cont: str
    body: dict

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        raise AttributeError(f"연습용 page에는 page.tr_cont와 page.body만 있습니다 ({name} 없음)")

    def __getitem__(self, key):
        raise TypeError(f"page는 dict가 아닙니다: page[{key!r}] 대신 page.body, page.tr_cont처럼 점(.)으로 읽으세요")

    def __repr__(self) -> str:
        return f"<잔고 한 쪽: tr_cont={self.tr_cont!r}, body={self.body!r}>"


class _PagedBroker(_PracticeBroker):
    """A fake client whose balance comes in pages with the given ``tr_cont`` values; records the calls."""

    offers = "fetch_balance_page(...)"

    def __init__(self, markers: list):
        self.markers = markers
        self.calls = []  # (ctx_area_fk100, ctx_area_nk100, next_page)

    def fetch_balance_page(self, ctx_area_fk100="", ctx_area_nk100="", *extra, next_page=False, **unknown):
        if extra or unknown:
            raise TypeError("fetch_balance_page는 (ctx_area_fk100, ctx_area_nk100, next_page=True/False)만 받습니다")
        index = len(self.calls)
        self.calls.append((ctx_area_fk100, ctx_area_nk100, next_page))
        if index >= len(self.markers):
            raise RuntimeError("마지막 쪽(D/E) 뒤에 또 요청했습니다")
        if index and (ctx_area_nk100 != f"NK{index}" or not next_page):
            raise KisApiError("OPSQ2001", "연속조회키(ctx_area_nk100)나 tr_cont N이 빠졌습니다", status=500)
        rows = [{"pdno": f"{index}{n:05d}", "hldg_qty": "1"} for n in range(3)]
        return _Page(self.markers[index], {"rt_cd": "0", "output1": rows, "output2": [{"page": index}],
                                           "ctx_area_fk100": f"FK{index + 1}", "ctx_area_nk100": f"NK{index + 1}"})


_NEXT_PAGE = "다음 쪽은 앞 쪽 page.body의 ctx_area_fk100·ctx_area_nk100과 next_page=True로 요청합니다"
_PAGE_CASES = [["D"], ["F", "M", "D"], ["M", "M", "E"], ["F", "E"]]


def check_fetch_all_holdings(fetch_all_holdings) -> CheckResult:
    """Task 4: ``fetch_all_holdings(broker)`` → every output1 row of every page, using
    ``broker.fetch_balance_page(fk, nk, next_page=...)`` and its ``tr_cont`` (F/M: more, D/E: last)."""

    def body(result, function):
        answers = []  # (label, markers, fake, rows, crash): every case first, so a hint can compare them
        for number, markers in enumerate(_PAGE_CASES):
            fake = _PagedBroker(markers)
            rows, crash = _call(function, fake)
            label = f"tr_cont {' → '.join(markers)} ({len(markers)}쪽)"
            if number == 0 and _stops_here(result, function, label, rows, crash):
                return
            answers.append((label, markers, fake, rows, crash))
        requests = {tuple(markers): len(fake.calls) for _, markers, fake, _, crash in answers if not crash}
        for label, markers, fake, rows, crash in answers:
            if crash:
                result.crash(label, crash, _paging_crash_hint(crash))
            else:
                _check_pages(result, label, markers, fake, rows, requests)
        _check_sandbox_pages(result, function)

    return _run(4, body, fetch_all_holdings, checks=len(_PAGE_CASES) + 1)


def _check_pages(result: CheckResult, label: str, markers: list, fake: _PagedBroker, rows, requests: dict) -> None:
    """One fake case; ``requests`` is how many pages the function asked for in each case (markers → n)."""
    pages = len(markers)
    ok = isinstance(rows, list) and len(rows) == 3 * pages and len(fake.calls) == pages
    # mojito2's loop continues on 'M' only: it stops after F → …, but goes on after M → …
    m_only = requests.get(("F", "M", "D")) == 1 and requests.get(("M", "M", "E"), 0) > 1
    first_only = all(count == 1 for case, count in requests.items() if len(case) > 1)
    if pages == 1:
        hint = "tr_cont가 'D'나 'E'면 마지막 쪽입니다"
    elif len(fake.calls) == 1 and markers[0] == "F" and m_only:
        hint = "mojito2처럼 'M'만 보면 첫 쪽이 'F'일 때 멈춥니다. in ('F', 'M')으로 확인하세요"
    elif len(fake.calls) == 1 and first_only:
        hint = "첫 쪽만 받았습니다. tr_cont가 'F'/'M'이면 다음 쪽을 요청하세요"
    else:
        hint = "tr_cont가 'F' 또는 'M'이면 다음 쪽이 있습니다"
    got = f"받은 행 {len(rows)}" if isinstance(rows, list) else f"받은 값: {_shown(rows)}"
    result.check(ok, f"{label}: {3 * pages}행 모두" + ("" if ok else f" ({got}, 요청 {len(fake.calls)}번)"),
                 f"{hint}. {_NEXT_PAGE}.")


def _limit_pages(broker, limit: int) -> None:
    """Make ``broker.fetch_balance_page`` raise after ``limit`` calls, so a loop that never ends stops."""
    fetch_page = broker.fetch_balance_page
    calls = []

    def limited(*args, **kwargs):
        calls.append(args)
        if len(calls) > limit:
            raise RuntimeError(f"잔고를 {limit}쪽 넘게 요청했습니다 (반복이 끝나지 않습니다)")
        return fetch_page(*args, **kwargs)

    broker.fetch_balance_page = limited


def _paging_crash_hint(crash: str) -> str:
    if "OPSQ2001" in crash:
        return _NEXT_PAGE
    if "반복이 끝나지 않습니다" in crash:
        return f"첫 쪽만 계속 받고 있지 않은지 보세요. {_NEXT_PAGE}"
    if "마지막 쪽" in crash:
        return "tr_cont가 'D'나 'E'면 마지막 쪽입니다. 그 뒤에는 요청하지 말고 행을 돌려주세요"
    if "연습용 broker" in crash:
        return "첫 쪽은 page = broker.fetch_balance_page()로 받습니다. 행은 page.body['output1']입니다"
    return "한 쪽의 행은 page.body['output1'], 다음 쪽이 있는지는 page.tr_cont로 봅니다"


def _check_sandbox_pages(result: CheckResult, function) -> None:
    """The same function against a private sandbox: the 55-holding account comes in 3 pages on paper."""
    label = "샌드박스의 55종목 계좌(모의 3쪽)"
    with _private_broker("50010003-01") as (broker, _sandbox, _app):
        _limit_pages(broker, 10)
        rows, crash = _call(function, broker)
    if crash:
        result.crash(label, crash, _paging_crash_hint(crash))
        return
    codes = [row.get("pdno") for row in rows] if isinstance(rows, list) else []
    got = f"받은 행 {len(codes)}" if isinstance(rows, list) else f"받은 값: {type(rows).__name__}"
    result.check(len(codes) == 55 and len(set(codes)) == 55, f"{label}: 55종목, 중복 없음"
                 + ("" if len(codes) == 55 else f" ({got})"),
                 "각 쪽의 output1을 모두 이어 붙인 list를 돌려주세요(list.extend). output2는 쪽마다 같은 요약입니다")


# -------------------------------------------------------------------------------------------------
# Task 5: D+2 total evaluation
# -------------------------------------------------------------------------------------------------

_SUMMARY_CASES = [("50010003-01", "55종목 계좌 (D+0 = D+2)"), ("50010002-01", "6종목 계좌 (어제 매수: D+0 ≠ D+2)"),
                  ("50010001-01", "빈 계좌")]


def check_total_evaluation(total_evaluation) -> CheckResult:
    """Task 5: ``total_evaluation(summary)`` (``output2[0]``) → 총평가금액 as an int =
    scts_evlu_amt + prvs_rcdl_excc_amt (D+2 예수금), not dnca_tot_amt (D+0) nor the given tot_evlu_amt."""

    def body(result, function):
        accounts = load_accounts()
        for number, (account, label) in enumerate(_SUMMARY_CASES):
            summary = dict(accounts[account].output2[0])
            got, crash = _call(function, summary)
            if number == 0 and _stops_here(result, function, label, got, crash):
                return
            expected = _d2_total(summary)
            if crash:
                result.crash(label, crash, "summary['scts_evlu_amt']처럼 output2[0]의 키로 읽으세요")
                continue
            ok = _is_int(got) and got == expected
            result.check(ok, f"{label}: {expected:,}원" + ("" if ok else f" (받은 값: {got!r})"),
                         _total_hint(got, summary))
        _check_not_copied(result, function, accounts)

    return _run(5, body, total_evaluation, checks=len(_SUMMARY_CASES) + 1)


def _d2_total(summary: dict) -> int:
    return int(summary["scts_evlu_amt"]) + int(summary["prvs_rcdl_excc_amt"])


def _total_hint(got, summary: dict) -> str:
    """Why ``got`` is not the total: text, a float, the D+0 deposit, or something else."""
    if isinstance(got, str):
        return "숫자로 바꿔(int) 더하세요: 문자열끼리 더하면 이어 붙습니다"
    if isinstance(got, float):
        return "float가 아니라 int로 돌려주세요: int(summary['scts_evlu_amt']) + int(…)"
    if got == int(summary["scts_evlu_amt"]) + int(summary["dnca_tot_amt"]):
        return "dnca_tot_amt는 오늘(D+0) 예수금입니다. 총평가금액은 D+2 예수금 prvs_rcdl_excc_amt를 씁니다"
    copied = _copied_field(got, summary)
    if copied:
        return f"응답의 {copied} 값을 그대로 돌려줍니다. scts_evlu_amt + prvs_rcdl_excc_amt를 int로 바꿔 더하세요"
    return "scts_evlu_amt(유가증권 평가금액) + prvs_rcdl_excc_amt(D+2 예수금)를 int로 바꿔 더하세요"


def _copied_field(got, summary: dict) -> str:
    """The output2 field whose value ``got`` is (as int or text), '' when none is; the D+2 deposit is
    not reported (it is one of the two parts: an answer of it forgot the other part)."""
    if not isinstance(got, (int, str)) or isinstance(got, bool):
        return ""
    for name, value in summary.items():
        if name not in ("scts_evlu_amt", "prvs_rcdl_excc_amt") and value != "0" and str(got) == value:
            return name
    return ""


def _total_fields(accounts: dict) -> list:
    """The output2 fields that hold the total itself in some sample account: a copy of one of them passes
    those accounts (tot_evlu_amt, nass_amt, and on the empty account bfdy_tot_asst_evlu_amt and the
    deposits)."""
    fields = set()
    for account in accounts.values():
        summary = account.output2[0]
        fields.update(name for name, value in summary.items()
                      if name not in ("scts_evlu_amt", "prvs_rcdl_excc_amt") and value == str(_d2_total(summary)))
    return sorted(fields, key=lambda name: (name != "tot_evlu_amt", name))


def _check_not_copied(result: CheckResult, function, accounts: dict) -> None:
    """The six-holding summary in which every field that holds the total in some sample has another value
    (a different one each): an answer of one of them was copied from it, not computed."""
    fields = _total_fields(accounts)
    summary = dict(accounts["50010002-01"].output2[0])
    summary.update({name: str(1_000_000 * number) for number, name in enumerate(fields)})  # tot_evlu_amt "0"
    label = "합계가 든 칸(tot_evlu_amt, nass_amt 등)을 다른 값으로 바꾼 요약"
    expected = _d2_total(summary)
    got, crash = _call(function, summary)
    copied = next((name for name in fields if isinstance(got, (int, str)) and str(got) == summary[name]), "")
    if crash:
        result.crash(label, crash, "tot_evlu_amt 없이 scts_evlu_amt와 prvs_rcdl_excc_amt로 계산하세요")
    elif copied and not isinstance(got, bool):
        result.check(False, f"응답의 {copied}를 베꼈습니다 ({label}에서 받은 값: {got!r})",
                     f"{copied}는 서버가 계산해 준 값입니다. scts_evlu_amt + prvs_rcdl_excc_amt로 직접 계산하세요")
    elif _is_int(got) and got == expected:
        result.check(True, "응답의 합계(tot_evlu_amt, nass_amt 등)를 베끼지 않고 계산합니다")
    else:
        result.check(False, f"{label}: {expected:,}원 (받은 값: {got!r})", _total_hint(got, summary))


# -------------------------------------------------------------------------------------------------
# Task 6: output1 → a typed DataFrame
# -------------------------------------------------------------------------------------------------

FRAME_COLUMNS = {"종목코드": "pdno", "종목명": "prdt_name", "보유수량": "hldg_qty", "평가금액": "evlu_amt"}


def check_holdings_frame(holdings_frame) -> CheckResult:
    """Task 6: ``holdings_frame(output1)`` → a DataFrame with columns 종목코드, 종목명 (text) and 보유수량,
    평가금액 (int64), whose 평가금액 sums to output2's evlu_amt_smtl_amt; an empty account keeps the columns."""

    def body(result, function):
        small = load_accounts()["50010002-01"]
        frame, crash = _call(function, [dict(row) for row in small.output1])
        if _stops_here(result, function, "6종목 계좌의 output1", frame, crash):
            return
        if crash:
            result.crash("6종목 계좌의 output1", crash,
                         "output1의 각 행은 pdno, prdt_name, hldg_qty, evlu_amt 키를 가진 dict입니다")
        else:
            _check_frame(result, frame, small)
        _check_empty_frame(result, function)  # independent of the first case

    return _run(6, body, holdings_frame, checks=7)


def _check_frame(result: CheckResult, frame, account) -> None:
    """The six-holding account: a DataFrame, its columns, their types, the codes and the total."""
    if not result.check(isinstance(frame, pd.DataFrame), "DataFrame을 돌려줍니다" +
                        ("" if isinstance(frame, pd.DataFrame) else f" (받은 것: {type(frame).__name__})"),
                        "pd.DataFrame(output1)로 만들고 필요한 열만 골라 이름을 바꾸세요"):
        return
    columns = list(frame.columns)
    missing = [name for name in FRAME_COLUMNS if name not in columns]
    extra = [name for name in columns if name not in FRAME_COLUMNS]
    found = f" (없는 열: {missing})" if missing else f" (남은 다른 열: {_shown(extra)})" if extra else ""
    if len(set(columns)) < len(columns):
        found = f" (이름이 겹치는 열이 있습니다: {_shown(columns)})"
    result.check(not found, "열: 종목코드, 종목명, 보유수량, 평가금액 네 개만 (순서는 자유)" + found,
                 "필요한 네 열만 고르세요: frame.rename(columns={'pdno': '종목코드', ...})"
                 "[['종목코드', '종목명', '보유수량', '평가금액']]")
    if missing or len(set(columns)) < len(columns):
        return
    for name in ("보유수량", "평가금액"):
        dtype = str(frame[name].dtype)
        hint = "KIS는 숫자도 문자열로 보냅니다: frame[열].astype('int64')"
        if pd.api.types.is_integer_dtype(frame[name]):
            hint = f"정수 열이지만 {dtype}입니다. 과제대로 astype('int64')로 바꾸세요"
        result.check(dtype == "int64", f"{name} 열이 int64" + ("" if dtype == "int64" else f" (지금: {dtype})"), hint)
    _check_codes(result, list(frame["종목코드"]), [row["pdno"] for row in account.output1])
    _check_total(result, frame["평가금액"], int(account.output2[0]["evlu_amt_smtl_amt"]))


def _check_total(result: CheckResult, amounts: pd.Series, expected: int) -> None:
    """The sum of the 평가금액 column; the ❌ line shows the sum received (text when they were strings)."""
    try:
        total = amounts.sum()
    except Exception as error:  # noqa: BLE001 - e.g. a column of mixed types
        total, shown = None, f"합계를 낼 수 없습니다: {_describe(error)}"
    else:
        shown = f"{total:,}" if pd.api.types.is_number(total) and not isinstance(total, bool) else _shown(total)
    ok = pd.api.types.is_integer_dtype(amounts) and total == expected
    hint = "정수로 바꾼 뒤 frame['평가금액'].sum()"
    if isinstance(total, str):
        hint = "문자열 열의 sum()은 글자를 이어 붙입니다. astype('int64')로 바꾼 뒤 frame['평가금액'].sum()"
    result.check(ok, f"평가금액 합계 = output2의 evlu_amt_smtl_amt {expected:,}원" + ("" if ok else f" (받은 합계: {shown})"),
                 hint)


def _check_codes(result: CheckResult, codes: list, expected: list) -> None:
    """The codes stay text with their leading zeros; the rows may come in any order."""
    texts = all(isinstance(code, str) for code in codes)
    ok = texts and sorted(codes) == sorted(expected)
    hint = "output1의 pdno를 그대로 옮기세요 (행은 output1의 행 하나에 하나씩)"
    if not texts or sorted(str(code).zfill(6) for code in codes) == sorted(expected):
        hint = "종목코드는 숫자로 바꾸지 마세요: 005930이 5930이 됩니다"
    result.check(ok, "종목코드는 문자열 그대로 ('005930', 앞의 0 유지)"
                 + ("" if ok else f" (받은 값: {_shown(codes)})"), hint)


def _check_empty_frame(result: CheckResult, function) -> None:
    label = "빈 계좌(output1 = [])"
    hint = ("빈 목록이면 pd.DataFrame([])에 열이 하나도 없습니다. "
            "pd.DataFrame(output1, columns=['pdno', 'prdt_name', 'hldg_qty', 'evlu_amt'])처럼 열을 정해 두세요")
    empty, crash = _call(function, [])
    if crash:
        result.crash(label, crash, hint)
        return
    ok = (isinstance(empty, pd.DataFrame) and empty.empty and len(empty.columns) == len(FRAME_COLUMNS)
          and set(empty.columns) == set(FRAME_COLUMNS))
    got = f"열 {list(empty.columns)}" if isinstance(empty, pd.DataFrame) else f"받은 것: {type(empty).__name__}"
    result.check(ok, f"{label}도 같은 열의 빈 표" + ("" if ok else f" ({got})"), hint)


# -------------------------------------------------------------------------------------------------
# Task 7: a market buy in the sandbox
# -------------------------------------------------------------------------------------------------


class _private_broker:
    """``with _private_broker(account) as (broker, sandbox, app)``: a fresh sandbox on a free port, a
    student app, a client with its own token cache; everything is stopped and removed afterwards."""

    def __init__(self, account: str, costs=None):
        self.account = account
        self.costs = costs  # TradingCosts, or None for the sandbox's usual fees

    def __enter__(self):
        from .client import KoreaInvestment
        from .sandbox import Sandbox, SandboxRules, demo_app

        self._folder = tempfile.TemporaryDirectory(prefix="kislearn-workshop-")
        rules = SandboxRules.relaxed() if self.costs is None else SandboxRules.relaxed(costs=self.costs)
        self.sandbox = Sandbox(port=0, rules=rules).start()
        app = demo_app("paper", student="workshop")
        broker = KoreaInvestment(app.appkey, app.appsecret, self.account, mock=True,
                                 base_url=self.sandbox.url_for("paper"), token_cache=self._folder.name,
                                 calls_per_second=None)
        return broker, self.sandbox, app

    def __exit__(self, *exc_info):
        self.sandbox.stop()
        self._folder.cleanup()


_BUY_ACCOUNT = "50010001-01"
_BUY_LABEL = f"샌드박스의 빈 계좌({_BUY_ACCOUNT})"
_OTHER_FEE_LABEL = "매수 수수료율을 0.15%로 바꾼 샌드박스"
_BALANCE_RECIPE = "주문 전과 후에 fetch_balance()['output2'][0]['prvs_rcdl_excc_amt']를 int로 읽어 (후 − 전)을 돌려주세요"


def _buy_once(function, costs=None):
    """Run ``buy_and_report`` on a fresh sandbox: ``(answer, crash, orders, after − before)``."""
    with _private_broker(_BUY_ACCOUNT, costs) as (broker, sandbox, app):
        before = int(broker.fetch_balance()["output2"][0]["prvs_rcdl_excc_amt"])
        got, crash = _call(function, broker)
        orders = [order.as_dict() for order in sandbox.orders(app.appkey)]
        after = int(broker.fetch_balance()["output2"][0]["prvs_rcdl_excc_amt"])
    return got, crash, orders, after - before


def check_buy_and_report(buy_and_report) -> CheckResult:
    """Task 7: ``buy_and_report(broker)`` buys ONE share of 012330 at market price on the (empty) account
    and returns the change of ``prvs_rcdl_excc_amt`` (D+2 예수금): after − before, a negative int. It runs
    twice, the second time with another fee rate, so an answer written as a number fails."""

    def body(result, function):
        got, crash, orders, change = _buy_once(function)
        if got is None and not crash and not orders and _is_stub(function):
            result.not_started = True
            return
        if crash:
            result.crash(_BUY_LABEL, crash,
                         "잔고는 broker.fetch_balance()['output2'][0], 주문은 broker.create_market_buy_order('012330', 1)")
            if not orders:
                return  # the function stopped before ordering: nothing more to check
        result.check(len(orders) == 1, f"주문을 정확히 한 번 냈습니다 (낸 주문: {len(orders)}건)",
                     "broker.create_market_buy_order('012330', 1)을 한 번만 부르세요")
        if orders:
            order = orders[0]
            ok = (order["side"], order["symbol"], order["ORD_DVSN"], order["quantity"]) == ("buy", "012330", "01", 1)
            result.check(ok, "012330 한 주 시장가(01) 매수",
                         f"받은 주문: {order['side']} {order['symbol']} 주문구분 {order['ORD_DVSN']} {order['quantity']}주")
        if crash:
            return  # no answer to compare
        if got is None:
            result.returned_none(_BUY_LABEL)
            return
        if not _check_change(result, got, change):
            return  # the run with other fees would only repeat the same mistake
        _check_other_fees(result, function, got, change)

    return _run(7, body, buy_and_report, checks=4)


def _check_change(result: CheckResult, got, change: int) -> bool:
    hint = _BALANCE_RECIPE
    if got == -change:
        hint = "부호가 반대입니다: 돈이 나갔으니 (후 − 전)은 음수입니다"
    elif isinstance(got, str):
        hint = "문자열이 아니라 int로 바꿔 계산하세요"
    ok = _is_int(got) and got == change
    return result.check(ok, "D+2 예수금 변화 = 후 − 전 (매수금액 + 수수료만큼 줄어듦)"
                        + ("" if ok else f" (받은 값: {got!r})"), hint)


def _check_other_fees(result: CheckResult, function, first: int, first_change: int) -> None:
    """The same order where the fee is ten times higher: the answer must follow the balance."""
    from .sandbox import TradingCosts

    got, crash, orders, change = _buy_once(function, TradingCosts(buy_fee_rate=Decimal("0.0015")))
    if crash:
        result.crash(_OTHER_FEE_LABEL, crash, _BALANCE_RECIPE)
        return
    ok = _is_int(got) and got == change and len(orders) == 1
    if got == first and change != first_change:
        text = f"{_OTHER_FEE_LABEL}에서도 같은 값 {first!r}을 돌려줍니다 (수수료가 달라 후 − 전이 다릅니다)"
        hint = f"숫자를 직접 적지 말고 주문 전후 잔고에서 계산하세요: {_BALANCE_RECIPE}"
    else:
        text = f"{_OTHER_FEE_LABEL}에서도 D+2 예수금 변화 = 후 − 전"
        if not ok:
            text += f" (받은 값: {got!r}, 낸 주문: {len(orders)}건)"
        hint = _BALANCE_RECIPE
    result.check(ok, text, hint)


# -------------------------------------------------------------------------------------------------
# Task 8: handle an API error
# -------------------------------------------------------------------------------------------------


class _ErrorBroker(_PracticeBroker):
    """A fake client whose ``fetch_balance`` answers ``answer`` or raises it."""

    offers = "fetch_balance()"

    def __init__(self, answer):
        self.answer = answer

    def fetch_balance(self, *extra, **unknown):
        if extra or unknown:
            raise TypeError("이 연습에서는 broker.fetch_balance()를 인자 없이 부릅니다")
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


_MSG_CD_RECIPE = "except kislearn.KisApiError as error: return error.msg_cd"


def check_balance_or_code(balance_or_code) -> CheckResult:
    """Task 8: ``balance_or_code(broker)`` → ``broker.fetch_balance()``, or the ``msg_cd`` of a
    :class:`~kislearn.KisApiError`; any other error (a bug) is not swallowed."""

    def body(result, function):
        account_error = api_error("OPSQ2000", "INVALID_CHECK_ACNO", status=500)
        got, crash = _call(function, _ErrorBroker(account_error))
        if _stops_here(result, function, "계좌번호 오류", got, crash):
            return
        first_ok = _check_code(result, "계좌번호 오류", account_error, got, crash, _MSG_CD_RECIPE)
        other_part = "" if first_ok or crash else _wrong_part_hint(got, account_error)
        rate_error = api_error("EGW00201", "초당 거래건수를 초과하였습니다.", status=500)
        got, crash = _call(function, _ErrorBroker(rate_error))
        hint = other_part or _MSG_CD_RECIPE
        if first_ok:
            hint = "RateLimitError도 KisApiError의 한 종류입니다: except kislearn.KisApiError 하나로 잡힙니다"
        _check_code(result, "초당 호출 초과(RateLimitError)", rate_error, got, crash, hint)
        _check_balance_passes(result, function)
        _check_bug_not_swallowed(result, function)

    return _run(8, body, balance_or_code, checks=4)


def _wrong_part_hint(got, error: KisApiError) -> str:
    """The hint when ``got`` is the error itself or another part of it than ``msg_cd`` ('' otherwise)."""
    if isinstance(got, BaseException):
        return "예외 객체가 아니라 error.msg_cd(문자열)를 돌려주세요: return error.msg_cd"
    if isinstance(got, (str, int)) and got in (error.msg1, str(error), error.hint, error.status):
        return "msg_cd(코드)를 돌려주세요. msg1은 메시지입니다: return error.msg_cd"
    return ""


def _check_code(result: CheckResult, label: str, error: KisApiError, got, crash: str, hint: str) -> bool:
    """One KIS error: the function must return its ``msg_cd``."""
    text = f"{label} → {error.msg_cd!r}"
    if crash:
        result.crash(label, crash, hint)
        return False
    ok = got == error.msg_cd
    if not ok:
        hint = _wrong_part_hint(got, error) or hint
    shown = f"{type(got).__name__} 예외 객체" if isinstance(got, BaseException) else _shown(got)
    return result.check(ok, text + ("" if ok else f" (받은 값: {shown})"), hint)


def _check_balance_passes(result: CheckResult, function) -> None:
    balance = {"output1": [], "output2": [{"tot_evlu_amt": "10000000"}]}
    label = "성공하면 잔고 dict를 그대로 돌려줍니다"
    hint = "try 안에서 return broker.fetch_balance()"
    got, crash = _call(function, _ErrorBroker(balance))
    if crash:
        result.crash("오류 없는 잔고 조회", crash, hint)
    else:
        ok = got is balance or got == balance
        result.check(ok, label + ("" if ok else f" (받은 값: {_shown(got)})"), hint)


def _check_bug_not_swallowed(result: CheckResult, function) -> None:
    try:
        got = function(_ErrorBroker(ZeroDivisionError("division by zero")))
    except ZeroDivisionError:
        result.check(True, "API 오류가 아닌 버그(ZeroDivisionError)는 삼키지 않습니다")
    except Exception as error:  # noqa: BLE001
        result.check(False, f"ZeroDivisionError 대신 {type(error).__name__} 예외가 올라왔습니다",
                     "KisApiError가 아닌 예외는 잡지도 바꾸지도 말고 그대로 두세요")
    else:
        result.check(False, f"ZeroDivisionError를 삼켰습니다 (돌려준 값: {_shown(got)})",
                     "except Exception은 버그까지 숨깁니다. except kislearn.KisApiError만 잡으세요")


CHECKERS = {1: check_split_account, 2: check_make_headers, 3: check_token_is_usable, 4: check_fetch_all_holdings,
            5: check_total_evaluation, 6: check_holdings_frame, 7: check_buy_and_report, 8: check_balance_or_code}

# -------------------------------------------------------------------------------------------------
# Progressive hints
# -------------------------------------------------------------------------------------------------


def _with_code(text: str, code: str) -> str:
    """A hint that is one line of text, then Python code on the following lines (ready to paste)."""
    return f"{text}\n{code.strip()}"


HINTS = {
    1: ["하이픈 하나로 나뉜 '숫자 8자리-숫자 2자리'인지 먼저 확인하세요. 맞으면 나누고, 아니면 ValueError.",
        ("import re 뒤 re.fullmatch(r'[0-9]{8}-[0-9]{2}', text)가 None이면 잘못된 번호입니다. "
         "(\\d는 전각 숫자 '１２３'도 받아들이니 [0-9]로 쓰세요.)"),
        _with_code("거의 정답입니다. 함수 셀에 붙여 넣어 보세요:", """
def split_account(text):
    if not re.fullmatch(r'[0-9]{8}-[0-9]{2}', text):
        raise ValueError(f'계좌번호 형식 오류: {text!r}. 올바른 형태: 12345678-01')
    cano, product = text.split('-')
    return cano, product
""")],
    2: [("KIS GET 요청의 헤더는 content-type, authorization, appkey, appsecret, tr_id, custtype 여섯 개입니다. "
         "이름은 모두 소문자."),
        ("authorization은 토큰 응답의 token_type과 access_token을 공백 하나로 이은 'Bearer eyJ...'입니다. "
         "content-type은 'application/json; charset=utf-8'."),
        _with_code("거의 정답입니다. 함수 셀에 붙여 넣어 보세요:", """
def make_headers(token_answer, appkey, appsecret, tr_id):
    return {
        'content-type': 'application/json; charset=utf-8',
        'authorization': f"{token_answer['token_type']} {token_answer['access_token']}",
        'appkey': appkey,
        'appsecret': appsecret,
        'tr_id': tr_id,
        'custtype': 'P',
    }
""")],
    3: ["expires_in이 아니라 access_token_token_expired('2026-11-25 09:00:00', 한국 시각)를 읽으세요.",
        "datetime.strptime(text, '%Y-%m-%d %H:%M:%S').replace(tzinfo=KST)로 바꾸면 now와 비교할 수 있습니다.",
        _with_code("거의 정답입니다. ...를 채워 함수 셀에 붙여 넣으세요:", """
def token_is_usable(token_answer, now):
    text = token_answer['access_token_token_expired']
    expires = ...  # 힌트 2: datetime.strptime(...).replace(tzinfo=KST)
    return now < expires - timedelta(seconds=60)
""")],
    4: ["첫 쪽은 broker.fetch_balance_page()로, 다음 쪽은 앞 쪽의 ctx 키와 next_page=True로 요청합니다.",
        "page.tr_cont가 'F' 또는 'M'이면 다음 쪽이 있고, 'D'나 'E'면 마지막 쪽입니다. 행은 page.body['output1'].",
        _with_code("거의 정답입니다. 함수 셀에 붙여 넣어 보세요:", """
def fetch_all_holdings(broker):
    rows = []
    page = broker.fetch_balance_page()
    while True:
        rows.extend(page.body['output1'])
        if page.tr_cont not in ('F', 'M'):
            return rows
        page = broker.fetch_balance_page(page.body['ctx_area_fk100'], page.body['ctx_area_nk100'],
                                         next_page=True)
""")],
    5: ["총평가금액 = 유가증권 평가금액 + D+2 예수금. 05_output2의 계산 관계 표를 보세요.",
        "필드는 scts_evlu_amt와 prvs_rcdl_excc_amt입니다. dnca_tot_amt(D+0)가 아닙니다.",
        _with_code("거의 정답입니다. 함수 셀에 붙여 넣어 보세요:", """
def total_evaluation(summary):
    return int(summary['scts_evlu_amt']) + int(summary['prvs_rcdl_excc_amt'])
""")],
    6: ["pd.DataFrame(output1)로 만들고 pdno, prdt_name, hldg_qty, evlu_amt 네 열만 남기세요.",
        "열 이름은 rename(columns={...})로, 숫자 열은 astype('int64')로. 빈 목록이면 열이 없으니 columns=를 주세요.",
        _with_code("거의 정답입니다. ...를 채워 함수 셀에 붙여 넣으세요:", """
def holdings_frame(output1):
    names = {'pdno': '종목코드', 'prdt_name': '종목명', 'hldg_qty': '보유수량', 'evlu_amt': '평가금액'}
    frame = pd.DataFrame(output1, columns=list(names)).rename(columns=names)
    frame[['보유수량', '평가금액']] = ...  # 힌트 2: .astype('int64')
    return frame
""")],
    7: ["주문 전 잔고 → 주문 → 주문 후 잔고. 비교할 칸은 output2[0]['prvs_rcdl_excc_amt'](D+2 예수금)입니다.",
        "주문은 broker.create_market_buy_order('012330', 1). 값은 문자열이니 int로 바꿔 빼세요.",
        _with_code("거의 정답입니다. ...를 채워 함수 셀에 붙여 넣으세요:", """
def buy_and_report(broker):
    before = int(broker.fetch_balance()['output2'][0]['prvs_rcdl_excc_amt'])
    broker.create_market_buy_order('012330', 1)
    after = ...  # before와 같은 방법으로
    return after - before
""")],
    8: ["try: … except kislearn.KisApiError as error: … — KIS가 실패로 답한 모든 경우가 KisApiError입니다.",
        "error.msg_cd에 'OPSQ2000' 같은 코드가, error.msg1에 서버 메시지가, error.hint에 한국어 도움말이 있습니다.",
        _with_code("거의 정답입니다. 함수 셀에 붙여 넣어 보세요:", """
def balance_or_code(broker):
    try:
        return broker.fetch_balance()
    except kislearn.KisApiError as error:
        return error.msg_cd
""")],
}
_hints_shown: dict = {}


class Hint(str):
    """A hint text that displays without quotes."""

    def __repr__(self) -> str:
        return str(self)


def hint(task: int, level: int | None = None) -> Hint:
    """The next hint for ``task`` (1–8), each call a little more concrete; ``level`` (1–3) picks one."""
    if task not in HINTS:
        return Hint(f"과제 번호는 1–{len(HINTS)}입니다 (받은 값: {task!r}).")
    hints = HINTS[task]
    if level is None:
        level = min(_hints_shown.get(task, 0) + 1, len(hints))
    level = max(1, min(level, len(hints)))
    _hints_shown[task] = max(_hints_shown.get(task, 0), level)
    more = "" if level == len(hints) else f" (다음 힌트: workshop.hint({task}) 한 번 더)"
    return Hint(f"💡 과제 {task} 힌트 {level}/{len(hints)}: {hints[level - 1]}{more}")
