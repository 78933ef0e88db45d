"""Tasks 4–6 (lessons 04–06): every page of the balance, the D+2 total, output1 as a typed DataFrame."""

from __future__ import annotations

import pandas as pd

from ..sandbox.samples import load_accounts
from .practice import _PagedBroker, _private_broker
from .result import CheckResult, _call, _describe, _is_int, _run, _shown, _stops_here

# -------------------------------------------------------------------------------------------------
# Task 4: every page of the balance
# -------------------------------------------------------------------------------------------------


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
    result.check(
        ok,
        f"{label}: {3 * pages}행 모두" + ("" if ok else f" ({got}, 요청 {len(fake.calls)}번)"),
        f"{hint}. {_NEXT_PAGE}.",
    )


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
    result.check(
        len(codes) == 55 and len(set(codes)) == 55,
        f"{label}: 55종목, 중복 없음" + ("" if len(codes) == 55 else f" ({got})"),
        "각 쪽의 output1을 모두 이어 붙인 list를 돌려주세요(list.extend). output2는 쪽마다 같은 요약입니다",
    )


# -------------------------------------------------------------------------------------------------
# Task 5: D+2 total evaluation
# -------------------------------------------------------------------------------------------------

_SUMMARY_CASES = [
    ("50010003-01", "55종목 계좌 (D+0 = D+2)"),
    ("50010002-01", "6종목 계좌 (어제 매수: D+0 ≠ D+2)"),
    ("50010001-01", "빈 계좌"),
]


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
            result.check(
                ok, f"{label}: {expected:,}원" + ("" if ok else f" (받은 값: {got!r})"), _total_hint(got, summary)
            )
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


def _total_fields(accounts: dict) -> list[str]:
    """The output2 fields that hold the total itself in some sample account: a copy of one of them passes
    those accounts (tot_evlu_amt, nass_amt, and on the empty account bfdy_tot_asst_evlu_amt and the
    deposits)."""
    fields = set()
    for account in accounts.values():
        summary = account.output2[0]
        fields.update(
            name
            for name, value in summary.items()
            if name not in ("scts_evlu_amt", "prvs_rcdl_excc_amt") and value == str(_d2_total(summary))
        )
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
        result.check(
            False,
            f"응답의 {copied}를 베꼈습니다 ({label}에서 받은 값: {got!r})",
            f"{copied}는 서버가 계산해 준 값입니다. scts_evlu_amt + prvs_rcdl_excc_amt로 직접 계산하세요",
        )
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
            result.crash(
                "6종목 계좌의 output1",
                crash,
                "output1의 각 행은 pdno, prdt_name, hldg_qty, evlu_amt 키를 가진 dict입니다",
            )
        else:
            _check_frame(result, frame, small)
        _check_empty_frame(result, function)  # independent of the first case

    return _run(6, body, holdings_frame, checks=7)


def _check_frame(result: CheckResult, frame, account) -> None:
    """The six-holding account: a DataFrame, its columns, their types, the codes and the total."""
    if not result.check(
        isinstance(frame, pd.DataFrame),
        "DataFrame을 돌려줍니다",
        "pd.DataFrame(output1)로 만들고 필요한 열만 골라 이름을 바꾸세요",
        failed=f"DataFrame을 돌려줘야 합니다 (받은 것: {type(frame).__name__})",
    ):
        return
    columns = list(frame.columns)
    missing = [name for name in FRAME_COLUMNS if name not in columns]
    extra = [name for name in columns if name not in FRAME_COLUMNS]
    found = f" (없는 열: {missing})" if missing else f" (남은 다른 열: {_shown(extra)})" if extra else ""
    if len(set(columns)) < len(columns):
        found = f" (이름이 겹치는 열이 있습니다: {_shown(columns)})"
    result.check(
        not found,
        "열: 종목코드, 종목명, 보유수량, 평가금액 네 개만 (순서는 자유)" + found,
        "필요한 네 열만 고르세요: frame.rename(columns={'pdno': '종목코드', ...})"
        "[['종목코드', '종목명', '보유수량', '평가금액']]",
    )
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
    result.check(
        ok,
        f"평가금액 합계 = output2의 evlu_amt_smtl_amt {expected:,}원" + ("" if ok else f" (받은 합계: {shown})"),
        hint,
    )


def _check_codes(result: CheckResult, codes: list, expected: list) -> None:
    """The codes stay text with their leading zeros; the rows may come in any order."""
    texts = all(isinstance(code, str) for code in codes)
    ok = texts and sorted(codes) == sorted(expected)
    hint = "output1의 pdno를 그대로 옮기세요 (행은 output1의 행 하나에 하나씩)"
    if not texts or sorted(str(code).zfill(6) for code in codes) == sorted(expected):
        hint = "종목코드는 숫자로 바꾸지 마세요: 005930이 5930이 됩니다"
    result.check(
        ok, "종목코드는 문자열 그대로 ('005930', 앞의 0 유지)" + ("" if ok else f" (받은 값: {_shown(codes)})"), hint
    )


def _check_empty_frame(result: CheckResult, function) -> None:
    label = "빈 계좌(output1 = [])"
    hint = (
        "빈 목록이면 pd.DataFrame([])에 열이 하나도 없습니다. "
        "pd.DataFrame(output1, columns=['pdno', 'prdt_name', 'hldg_qty', 'evlu_amt'])처럼 열을 정해 두세요"
    )
    empty, crash = _call(function, [])
    if crash:
        result.crash(label, crash, hint)
        return
    ok = (
        isinstance(empty, pd.DataFrame)
        and empty.empty
        and len(empty.columns) == len(FRAME_COLUMNS)
        and set(empty.columns) == set(FRAME_COLUMNS)
    )
    got = f"열 {list(empty.columns)}" if isinstance(empty, pd.DataFrame) else f"받은 것: {type(empty).__name__}"
    result.check(ok, f"{label}도 같은 열의 빈 표" + ("" if ok else f" ({got})"), hint)
