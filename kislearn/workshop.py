"""Automatic checkers for the workshop notebook (``notebooks/11_workshop.ipynb``).

One checker per task, in the order of the lessons. A checker takes the learner's function, runs it on
cases (and, where a server is needed, on a private sandbox it starts and stops itself) and returns a
:class:`CheckResult` that shows, in Korean, what is right (✅) and what is missing (❌, with a hint).
It never shows a traceback: an exception from the learner's function is reported as one line.

    from kislearn import workshop
    workshop.check_split_account(split_account)    # → ✅/❌ lines
    workshop.hint(1)                               # the next hint for task 1

The outputs are deterministic (no random ids, times or paths), so nbval can compare them.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta

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
    crashed: str = ""  # the learner's exception, as one line

    @property
    def passed(self) -> bool:
        return bool(self.lines) and not self.not_started and not self.crashed and all(l.ok for l in self.lines)

    def check(self, ok: bool, text: str, hint: str = "") -> bool:
        """Record one check; returns ``ok`` so a checker can stop early."""
        self.lines.append(Line(bool(ok), text, "" if ok else hint))
        return bool(ok)

    def __repr__(self) -> str:
        head = f"과제 {self.task}. {self.title}"
        if self.not_started:
            return (f"{head}\n⏳ 아직 안 했습니다: 함수가 None을 돌려줍니다. `...`를 지우고 코드를 채우세요 "
                    f"(채웠다면 return을 빠뜨리지 않았는지 보세요).\n   막히면 workshop.hint({self.task})")
        out = [head]
        if self.crashed:
            out.append(f"❌ 함수가 오류를 냈습니다: {self.crashed}")
        for line in self.lines:
            out.append(f"{'✅' if line.ok else '❌'} {line.text}")
            if line.hint:
                out.append(f"   💡 {line.hint}")
        if self.passed:
            out.append(f"🎉 통과! ({len(self.lines)}개 모두 맞음)")
        else:
            failed = sum(not l.ok for l in self.lines) + bool(self.crashed)
            out.append(f"➡ {failed}개를 고친 뒤 다시 실행하세요. 막히면 workshop.hint({self.task})")
        return "\n".join(out)

    __str__ = __repr__


class _Crash(Exception):
    """The learner's function raised; carries the one-line description."""


def _call(function, *args, **kwargs):
    """Call the learner's function; any exception becomes :class:`_Crash` with a one-line message."""
    try:
        return function(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - a learner's exception is reported, never propagated
        raise _Crash(f"{type(error).__name__}: {error}") from None


def _run(task: int, body, function) -> CheckResult:
    """Run a checker's ``body(result, function)``; a learner's exception ends it with a Korean line."""
    result = CheckResult(task, TASKS[task])
    if not callable(function):
        result.check(False, f"함수를 넘겨야 합니다 (받은 것: {type(function).__name__})",
                     "괄호 없이 함수 이름만 넘기세요: check(my_function)")
        return result
    try:
        body(result, function)
    except _Crash as crash:
        result.crashed = str(crash)
    except Exception as error:  # noqa: BLE001 - an answer of an unexpected shape tripped the checker itself
        result.check(False, f"돌려준 값을 채점할 수 없습니다 ({type(error).__name__}: {error})",
                     "과제 설명에 적힌 모양(형식)대로 돌려주세요")
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
                 (" 12345678-01", "앞에 공백")]


def check_split_account(split_account) -> CheckResult:
    """Task 1: ``split_account("12345678-01") → ("12345678", "01")``; a bad number raises ``ValueError``."""

    def body(result, function):
        first = _call(function, _GOOD_ACCOUNTS[0][0])
        if first is None:
            result.not_started = True
            return
        for text, expected in _GOOD_ACCOUNTS:
            got = _call(function, text) if text != _GOOD_ACCOUNTS[0][0] else first
            ok = isinstance(got, (tuple, list)) and tuple(got) == expected
            result.check(ok, f"{text!r} → {expected}" + ("" if ok else f" (받은 값: {got!r})"),
                         "text.split('-')로 나눈 두 조각을 (앞 8자리, 뒤 2자리) 튜플로 돌려주세요. 뒤 조각은 문자열 '01'입니다.")
        for text, why in _BAD_ACCOUNTS:
            try:
                got = function(text)
            except ValueError:
                result.check(True, f"{text!r} ({why}) → ValueError")
                continue
            except Exception as error:  # noqa: BLE001
                result.check(False, f"{text!r} ({why}): ValueError가 아니라 {type(error).__name__}가 났습니다",
                             "모양을 먼저 검사하고 raise ValueError('…올바른 형태: 12345678-01')로 알려 주세요.")
                continue
            result.check(False, f"{text!r} ({why})를 받아들였습니다 (돌려준 값: {got!r})",
                         "정규식 r'\\d{8}-\\d{2}'와 re.fullmatch로 모양을 확인하고, 아니면 ValueError를 올리세요.")

    return _run(1, body, split_account)


# -------------------------------------------------------------------------------------------------
# Task 2: the authorization header
# -------------------------------------------------------------------------------------------------

_TOKEN_ANSWER = {"access_token": "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkZW1vIn0.c2lnbmF0dXJl",
                 "access_token_token_expired": "2026-11-25 09:00:00", "token_type": "Bearer",
                 "expires_in": 86400}


def check_make_headers(make_headers) -> CheckResult:
    """Task 2: ``make_headers(token_answer, appkey, appsecret, tr_id)`` → the headers of a KIS GET."""

    def body(result, function):
        headers = _call(function, dict(_TOKEN_ANSWER), "APPKEY-DEMO", "APPSECRET-DEMO", "VTTC8434R")
        if headers is None:
            result.not_started = True
            return
        if not result.check(isinstance(headers, dict), "dict를 돌려줍니다",
                            f"{{'authorization': ..., 'appkey': ...}} 모양의 dict를 돌려주세요 (받은 것: {type(headers).__name__})"):
            return
        expected = f"Bearer {_TOKEN_ANSWER['access_token']}"
        auth = headers.get("authorization")
        result.check(auth == expected, "authorization = 'Bearer ' + access_token",
                     "Bearer로 시작해야 합니다" + (" (Bearer가 두 번 붙었습니다)" if str(auth).count("Bearer") > 1 else "")
                     + ": f\"{token_answer['token_type']} {token_answer['access_token']}\"")
        for key, value in (("appkey", "APPKEY-DEMO"), ("appsecret", "APPSECRET-DEMO"), ("tr_id", "VTTC8434R"),
                           ("custtype", "P")):
            result.check(headers.get(key) == value, f"{key} = {value!r}",
                         f"헤더 이름은 소문자 '{key}'입니다" + (" (개인 고객은 'P')" if key == "custtype" else ""))
        result.check(all(isinstance(v, str) for v in headers.values()), "값이 모두 문자열(str)",
                     "HTTP 헤더 값은 문자열이어야 합니다")

    return _run(2, body, make_headers)


# -------------------------------------------------------------------------------------------------
# Task 3: is a cached token still usable?
# -------------------------------------------------------------------------------------------------

_NOW = datetime(2026, 11, 25, 12, 0, 0, tzinfo=spec.KST)


def _token_case(expires: timedelta, expires_in: int = 86400) -> dict:
    moment = (_NOW + expires).strftime("%Y-%m-%d %H:%M:%S")
    return {"access_token": "eyJ...", "token_type": "Bearer", "expires_in": expires_in,
            "access_token_token_expired": moment}


_TOKEN_CASES = [
    (timedelta(hours=20), True, "20시간 남음", ""),
    (timedelta(hours=-1), False, "1시간 전에 만료", "만료 시각이 now보다 앞이면 False"),
    (timedelta(seconds=30), False, "30초 남음", "만료 직전(60초 안)에는 False: 요청이 가는 사이에 만료될 수 있습니다"),
    (timedelta(minutes=5), True, "5분 남음", "여유는 60초면 충분합니다"),
]


def check_token_is_usable(token_is_usable) -> CheckResult:
    """Task 3: ``token_is_usable(token_answer, now)`` with ``access_token_token_expired`` (KST) and a
    60-second margin; ``expires_in`` is not to be trusted (it counts from when the token was issued)."""

    def body(result, function):
        first = _call(function, _token_case(timedelta(hours=20)), _NOW)
        if first is None:
            result.not_started = True
            return
        for delta, expected, label, why in _TOKEN_CASES:
            got = _call(function, _token_case(delta), _NOW)
            result.check(got is expected, f"{label} → {expected}" + ("" if got is expected else f" (받은 값: {got!r})"),
                         why or "True/False(bool)를 돌려주세요")
        stale = _token_case(timedelta(hours=-2), expires_in=86400)  # cached yesterday: expires_in still says 24 h
        got = _call(function, stale, _NOW)
        result.check(got is False, "expires_in(86400)이 아니라 access_token_token_expired를 봅니다",
                     "expires_in은 발급 순간부터 센 초입니다. 캐시에서 꺼낸 토큰에는 맞지 않습니다. "
                     "datetime.strptime(…, '%Y-%m-%d %H:%M:%S').replace(tzinfo=KST)로 만료 시각을 읽으세요.")

    return _run(3, body, token_is_usable)


# -------------------------------------------------------------------------------------------------
# Task 4: every page of the balance
# -------------------------------------------------------------------------------------------------


@dataclass
class _Page:
    """What ``fetch_balance_page`` returns, reduced to what the task needs."""

    tr_cont: str
    body: dict


class _PagedBroker:
    """A fake client whose balance comes in pages with the given ``tr_cont`` values; records the calls."""

    def __init__(self, markers: list):
        self.markers = markers
        self.calls = []  # (ctx_area_fk100, ctx_area_nk100, next_page)

    def fetch_balance_page(self, ctx_area_fk100="", ctx_area_nk100="", *, next_page=False):
        index = len(self.calls)
        self.calls.append((ctx_area_fk100, ctx_area_nk100, next_page))
        if index >= len(self.markers):
            raise RuntimeError("마지막 쪽(D/E) 뒤에 또 요청했습니다")
        if index and (ctx_area_nk100 != f"NK{index}" or not next_page):
            raise KisApiError("OPSQ2001", "연속조회키(ctx_area_nk100)나 tr_cont N이 빠졌습니다", status=500)
        rows = [{"pdno": f"{index}{n:05d}", "hldg_qty": "1"} for n in range(3)]
        return _Page(self.markers[index], {"rt_cd": "0", "output1": rows, "output2": [{"page": index}],
                                           "ctx_area_fk100": f"FK{index + 1}", "ctx_area_nk100": f"NK{index + 1}"})


def check_fetch_all_holdings(fetch_all_holdings) -> CheckResult:
    """Task 4: ``fetch_all_holdings(broker)`` → every output1 row of every page, using
    ``broker.fetch_balance_page(fk, nk, next_page=...)`` and its ``tr_cont`` (F/M: more, D/E: last)."""

    def body(result, function):
        fake = _PagedBroker(["D"])
        rows = _call(function, fake)
        if rows is None:
            result.not_started = True
            return
        result.check(len(rows) == 3 and len(fake.calls) == 1, "한 쪽(D)짜리 잔고: 한 번만 요청",
                     "tr_cont가 'D'나 'E'면 마지막 쪽입니다")
        for markers, label in ((["F", "M", "D"], "F → M → D"), (["M", "M", "E"], "M → M → E"),
                               (["F", "E"], "F → E")):
            fake = _PagedBroker(markers)
            rows = _call(function, fake)
            pages = len(markers)
            ok = isinstance(rows, list) and len(rows) == 3 * pages and len(fake.calls) == pages
            hint = "tr_cont가 'F' 또는 'M'이면 다음 쪽이 있습니다"
            if len(fake.calls) == 1 and markers[0] == "F":
                hint = "mojito2처럼 'M'만 보면 첫 쪽이 'F'일 때 멈춥니다. in ('F', 'M')으로 확인하세요"
            result.check(ok, f"{label}: {pages}쪽 {3 * pages}행 모두"
                         + ("" if ok else f" (받은 행 {len(rows) if isinstance(rows, list) else rows!r}, 요청 {len(fake.calls)}번)"),
                         hint + ". 다음 쪽은 앞 쪽 body의 ctx_area_fk100/ctx_area_nk100과 next_page=True로 요청합니다.")
        _check_sandbox_pages(result, function)

    return _run(4, body, fetch_all_holdings)


def _check_sandbox_pages(result: CheckResult, function) -> None:
    """The same function against a private sandbox: the 55-holding account comes in 3 pages on paper."""
    with _private_broker("50010003-01") as (broker, _sandbox, _app):
        rows = _call(function, broker)
    codes = [row.get("pdno") for row in rows] if isinstance(rows, list) else []
    result.check(len(codes) == 55 and len(set(codes)) == 55, "샌드박스의 55종목 계좌(모의 3쪽): 55종목, 중복 없음"
                 + ("" if len(codes) == 55 else f" (받은 행 {len(codes)})"),
                 "각 쪽의 output1을 모두 이어 붙이세요(list.extend). output2는 쪽마다 같은 요약입니다")


# -------------------------------------------------------------------------------------------------
# Task 5: D+2 total evaluation
# -------------------------------------------------------------------------------------------------


def check_total_evaluation(total_evaluation) -> CheckResult:
    """Task 5: ``total_evaluation(summary)`` (``output2[0]``) → 총평가금액 as an int =
    scts_evlu_amt + prvs_rcdl_excc_amt (D+2 예수금), not dnca_tot_amt (D+0)."""

    def body(result, function):
        accounts = load_accounts()
        if _call(function, dict(accounts["50010001-01"].output2[0])) is None:
            result.not_started = True
            return
        for number, label in (("50010003-01", "55종목 계좌 (D+0 = D+2)"), ("50010002-01", "6종목 계좌 (어제 매수: D+0 ≠ D+2)"),
                              ("50010001-01", "빈 계좌")):
            summary = dict(accounts[number].output2[0])
            expected = int(summary["scts_evlu_amt"]) + int(summary["prvs_rcdl_excc_amt"])
            got = _call(function, summary)
            hint = "숫자로 바꿔(int) 더하세요: 문자열끼리 더하면 이어 붙습니다"
            if isinstance(got, int) and got == int(summary["scts_evlu_amt"]) + int(summary["dnca_tot_amt"]):
                hint = "dnca_tot_amt는 오늘(D+0) 예수금입니다. 총평가금액은 D+2 예수금 prvs_rcdl_excc_amt를 씁니다"
            ok = isinstance(got, int) and not isinstance(got, bool) and got == expected
            result.check(ok, f"{label}: {expected:,}원" + ("" if ok else f" (받은 값: {got!r})"), hint)
        summary = dict(accounts["50010002-01"].output2[0], tot_evlu_amt="0")
        got = _call(function, summary)
        result.check(got == int(summary["scts_evlu_amt"]) + int(summary["prvs_rcdl_excc_amt"]),
                     "응답의 tot_evlu_amt를 베끼지 않고 계산합니다",
                     "scts_evlu_amt(유가증권 평가금액) + prvs_rcdl_excc_amt(D+2 예수금)로 계산하세요")

    return _run(5, body, total_evaluation)


# -------------------------------------------------------------------------------------------------
# Task 6: output1 → a typed DataFrame
# -------------------------------------------------------------------------------------------------

FRAME_COLUMNS = {"종목코드": "pdno", "종목명": "prdt_name", "보유수량": "hldg_qty", "평가금액": "evlu_amt"}


def check_holdings_frame(holdings_frame) -> CheckResult:
    """Task 6: ``holdings_frame(output1)`` → a DataFrame with columns 종목코드, 종목명 (text) and 보유수량,
    평가금액 (integers), whose 평가금액 sums to output2's evlu_amt_smtl_amt; an empty account keeps the columns."""

    def body(result, function):
        accounts = load_accounts()
        small = accounts["50010002-01"]
        frame = _call(function, [dict(row) for row in small.output1])
        if frame is None:
            result.not_started = True
            return
        if not result.check(isinstance(frame, pd.DataFrame), "DataFrame을 돌려줍니다",
                            "pd.DataFrame(output1)로 만들고 필요한 열만 골라 이름을 바꾸세요"):
            return
        missing = [name for name in FRAME_COLUMNS if name not in frame.columns]
        result.check(not missing, "열: 종목코드, 종목명, 보유수량, 평가금액" + (f" (없는 열: {missing})" if missing else ""),
                     "frame.rename(columns={'pdno': '종목코드', ...})[['종목코드', '종목명', '보유수량', '평가금액']]")
        if missing:
            return
        for name in ("보유수량", "평가금액"):
            result.check(pd.api.types.is_integer_dtype(frame[name]), f"{name}은(는) 정수 열 (지금: {frame[name].dtype})",
                         "KIS는 숫자도 문자열로 보냅니다: frame[열].astype('int64')")
        result.check(list(frame["종목코드"]) == [row["pdno"] for row in small.output1],
                     "종목코드는 문자열 그대로 ('005930', 앞의 0 유지)",
                     "종목코드는 숫자로 바꾸지 마세요: 005930이 5930이 됩니다")
        expected = int(small.output2[0]["evlu_amt_smtl_amt"])
        total = frame["평가금액"].sum() if pd.api.types.is_integer_dtype(frame["평가금액"]) else None
        result.check(total == expected, f"평가금액 합계 = output2의 evlu_amt_smtl_amt {expected:,}원",
                     "정수로 바꾼 뒤 frame['평가금액'].sum()")
        empty = _call(function, [])
        ok = isinstance(empty, pd.DataFrame) and empty.empty and all(n in empty.columns for n in FRAME_COLUMNS)
        result.check(ok, "빈 계좌(output1 = [])도 같은 열의 빈 표",
                     "pd.DataFrame([], columns=[...])처럼 열을 정해 두면 빈 목록에서도 열이 생깁니다")

    return _run(6, body, holdings_frame)


# -------------------------------------------------------------------------------------------------
# Task 8: handle an API error
# -------------------------------------------------------------------------------------------------


class _ErrorBroker:
    """A fake client whose ``fetch_balance`` answers ``answer`` or raises it."""

    def __init__(self, answer):
        self.answer = answer

    def fetch_balance(self):
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def check_balance_or_code(balance_or_code) -> CheckResult:
    """Task 8: ``balance_or_code(broker)`` → ``broker.fetch_balance()``, or the ``msg_cd`` of a
    :class:`~kislearn.KisApiError`; any other error (a bug) is not swallowed."""

    def body(result, function):
        balance = {"output1": [], "output2": [{"tot_evlu_amt": "10000000"}]}
        got = _call(function, _ErrorBroker(api_error("OPSQ2000", "INVALID_CHECK_ACNO", status=500)))
        if got is None:
            result.not_started = True
            return
        result.check(got == "OPSQ2000", "계좌번호 오류 → 'OPSQ2000'" + ("" if got == "OPSQ2000" else f" (받은 값: {got!r})"),
                     "except kislearn.KisApiError as error: return error.msg_cd")
        got = _call(function, _ErrorBroker(api_error("EGW00201", "초당 거래건수를 초과하였습니다.", status=500)))
        result.check(got == "EGW00201", "초당 호출 초과(RateLimitError) → 'EGW00201'",
                     "RateLimitError도 KisApiError의 한 종류입니다: except KisApiError 하나로 잡힙니다")
        got = _call(function, _ErrorBroker(balance))
        result.check(got is balance or got == balance, "성공하면 잔고 dict를 그대로 돌려줍니다",
                     "try 안에서 return broker.fetch_balance()")
        try:
            got = function(_ErrorBroker(ZeroDivisionError("division by zero")))
        except ZeroDivisionError:
            result.check(True, "API 오류가 아닌 버그(ZeroDivisionError)는 삼키지 않습니다")
        except Exception as error:  # noqa: BLE001
            result.check(False, f"ZeroDivisionError가 {type(error).__name__}로 바뀌었습니다", "다른 예외는 그대로 두세요")
        else:
            result.check(False, f"ZeroDivisionError를 삼켰습니다 (돌려준 값: {got!r})",
                         "except Exception은 버그까지 숨깁니다. except kislearn.KisApiError만 잡으세요")

    return _run(8, body, balance_or_code)


# -------------------------------------------------------------------------------------------------
# Task 7: a market buy in the sandbox
# -------------------------------------------------------------------------------------------------


class _private_broker:
    """``with _private_broker(account) as (broker, sandbox, app)``: a fresh sandbox on a free port, a
    student app, a client with its own token cache; everything is stopped and removed afterwards."""

    def __init__(self, account: str):
        self.account = account

    def __enter__(self):
        from .client import KoreaInvestment
        from .sandbox import Sandbox, SandboxRules, demo_app

        self._folder = tempfile.TemporaryDirectory(prefix="kislearn-workshop-")
        self.sandbox = Sandbox(port=0, rules=SandboxRules.relaxed()).start()
        app = demo_app("paper", student="workshop")
        broker = KoreaInvestment(app.appkey, app.appsecret, self.account, mock=True,
                                 base_url=self.sandbox.url_for("paper"), token_cache=self._folder.name,
                                 calls_per_second=None)
        return broker, self.sandbox, app

    def __exit__(self, *exc_info):
        self.sandbox.stop()
        self._folder.cleanup()


def check_buy_and_report(buy_and_report) -> CheckResult:
    """Task 7: ``buy_and_report(broker)`` buys ONE share of 012330 at market price on the (empty) account
    and returns the change of ``prvs_rcdl_excc_amt`` (D+2 예수금): after − before, a negative int."""

    def body(result, function):
        with _private_broker("50010001-01") as (broker, sandbox, app):
            before = int(broker.fetch_balance()["output2"][0]["prvs_rcdl_excc_amt"])
            got = _call(function, broker)
            orders = [order.as_dict() for order in sandbox.orders(app.appkey)]
            after = int(broker.fetch_balance()["output2"][0]["prvs_rcdl_excc_amt"])
        if got is None and not orders:
            result.not_started = True
            return
        result.check(len(orders) == 1, f"주문을 정확히 한 번 냈습니다 (낸 주문: {len(orders)}건)",
                     "broker.create_market_buy_order('012330', 1)을 한 번만 부르세요")
        if orders:
            order = orders[0]
            ok = (order["side"], order["symbol"], order["ORD_DVSN"], order["quantity"]) == ("buy", "012330", "01", 1)
            result.check(ok, "012330 한 주 시장가(01) 매수",
                         f"받은 주문: {order['side']} {order['symbol']} 주문구분 {order['ORD_DVSN']} {order['quantity']}주")
        change = after - before
        hint = "주문 전과 후에 fetch_balance()['output2'][0]['prvs_rcdl_excc_amt']를 int로 읽어 (후 − 전)을 돌려주세요"
        if got == -change:
            hint = "부호가 반대입니다: 돈이 나갔으니 (후 − 전)은 음수입니다"
        elif isinstance(got, str):
            hint = "문자열이 아니라 int로 바꿔 계산하세요"
        result.check(got == change and isinstance(got, int), "D+2 예수금 변화 = 후 − 전 (매수금액 + 수수료만큼 줄어듦)"
                     + ("" if got == change else f" (받은 값: {got!r})"), hint)

    return _run(7, body, buy_and_report)


CHECKERS = {1: check_split_account, 2: check_make_headers, 3: check_token_is_usable, 4: check_fetch_all_holdings,
            5: check_total_evaluation, 6: check_holdings_frame, 7: check_buy_and_report, 8: check_balance_or_code}

# -------------------------------------------------------------------------------------------------
# Progressive hints
# -------------------------------------------------------------------------------------------------

HINTS = {
    1: ["하이픈 하나로 나뉜 '숫자 8자리-숫자 2자리'인지 먼저 확인하세요. 맞으면 나누고, 아니면 ValueError.",
        "import re; re.fullmatch(r'\\d{8}-\\d{2}', text)가 None이면 잘못된 번호입니다.",
        "if not re.fullmatch(...): raise ValueError(f'계좌번호 형식 오류: {text!r}, 올바른 형태 12345678-01')\n"
        "   cano, product = text.split('-'); return cano, product"],
    2: ["KIS GET 요청의 헤더는 authorization, appkey, appsecret, tr_id, custtype 다섯 개(+content-type)입니다.",
        "authorization은 토큰 응답의 token_type과 access_token을 공백 하나로 이은 'Bearer eyJ...'입니다.",
        "return {'content-type': 'application/json; charset=utf-8', 'authorization': f\"{token_answer['token_type']} "
        "{token_answer['access_token']}\", 'appkey': appkey, 'appsecret': appsecret, 'tr_id': tr_id, 'custtype': 'P'}"],
    3: ["expires_in이 아니라 access_token_token_expired('2026-11-25 09:00:00', 한국 시각)를 읽으세요.",
        "datetime.strptime(text, '%Y-%m-%d %H:%M:%S').replace(tzinfo=KST)로 바꾸면 now와 비교할 수 있습니다.",
        "expires = ...; return now < expires - timedelta(seconds=60)"],
    4: ["첫 쪽은 broker.fetch_balance_page()로, 다음 쪽은 앞 쪽의 ctx 키와 next_page=True로 요청합니다.",
        "page.tr_cont가 'F' 또는 'M'이면 다음 쪽이 있고, 'D'나 'E'면 마지막 쪽입니다. 행은 page.body['output1'].",
        "rows = []; page = broker.fetch_balance_page()\n   while True: rows.extend(page.body['output1']); "
        "if page.tr_cont not in ('F', 'M'): return rows; page = broker.fetch_balance_page(page.body['ctx_area_fk100'], "
        "page.body['ctx_area_nk100'], next_page=True)"],
    5: ["총평가금액 = 유가증권 평가금액 + D+2 예수금. 05_output2의 계산 관계 표를 보세요.",
        "필드는 scts_evlu_amt와 prvs_rcdl_excc_amt입니다. dnca_tot_amt(D+0)가 아닙니다.",
        "return int(summary['scts_evlu_amt']) + int(summary['prvs_rcdl_excc_amt'])"],
    6: ["pd.DataFrame(output1)로 만들고 pdno, prdt_name, hldg_qty, evlu_amt 네 열만 남기세요.",
        "열 이름은 rename(columns={...})로, 숫자 열은 astype('int64')로. 빈 목록이면 열이 없으니 columns=를 주세요.",
        "frame = pd.DataFrame(output1, columns=['pdno', 'prdt_name', 'hldg_qty', 'evlu_amt']).rename(columns={...})\n"
        "   frame[['보유수량', '평가금액']] = frame[['보유수량', '평가금액']].astype('int64')"],
    7: ["주문 전 잔고 → 주문 → 주문 후 잔고. 비교할 칸은 output2[0]['prvs_rcdl_excc_amt'](D+2 예수금)입니다.",
        "주문은 broker.create_market_buy_order('012330', 1). 값은 문자열이니 int로 바꿔 빼세요.",
        "before = int(broker.fetch_balance()['output2'][0]['prvs_rcdl_excc_amt']); broker.create_market_buy_order('012330', 1)\n"
        "   after = ...; return after - before"],
    8: ["try: … except kislearn.KisApiError as error: … — KIS가 실패로 답한 모든 경우가 KisApiError입니다.",
        "error.msg_cd에 'OPSQ2000' 같은 코드가, error.msg1에 서버 메시지가, error.hint에 한국어 도움말이 있습니다.",
        "try: return broker.fetch_balance()\n   except kislearn.KisApiError as error: return error.msg_cd"],
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
