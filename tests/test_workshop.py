"""The workshop checkers (kislearn/workshop/): the reference solutions pass, typical wrong answers fail with a
useful Korean line, exceptions are reported. The solutions are the tagged cells of the workshop's one source,
notebooks/py/11_workshop_solutions.py (tests/test_workshop_source.py checks what is generated from it)."""

import contextlib
import io
import json
import re
import tokenize
import types
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from helpers import load_script

import kislearn
from kislearn import workshop
from kislearn.spec import KST
from kislearn.workshop import hints
from kislearn.workshop.balance_tasks import _total_fields
from kislearn.workshop.live_tasks import FRAME_TASK, ONCE_TASK
from kislearn.workshop.practice import _PagedBroker
from kislearn.workshop.result import _is_stub

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


BUILDER = load_script("build_workshop_notebooks")  # reads the workshop's source and derives the rest from it
SOURCE = BUILDER.read_source()
SOLUTIONS = BUILDER.solution_functions(SOURCE)  # {task number: the reference solution}
solved = types.SimpleNamespace(**{function.__name__: function for function in SOLUTIONS.values()})


def task_text(number: int) -> str:
    """The markdown of task ``number`` in the source (what the learner reads)."""
    heading = f"## 과제 {number}. "
    return next(cell.source for cell in SOURCE.cells if cell.source.startswith(heading))


def source_cell(start: str) -> str:
    """The first cell of the source whose text starts with ``start``."""
    return next(cell.source for cell in SOURCE.cells if cell.source.startswith(start))


def code_cells(name):
    notebook = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]


def test_one_checker_per_task_in_lesson_order():
    assert list(workshop.CHECKERS) == list(range(1, len(workshop.CHECKERS) + 1)) == list(workshop.TASKS)
    assert list(workshop.HINTS) == list(workshop.TASKS)
    lessons = [title.rsplit("(", 1)[1][:2] for title in workshop.TASKS.values()]
    assert lessons == sorted(lessons)


@pytest.mark.parametrize("task", SOLUTIONS)
def test_reference_solution_passes(task):
    result = workshop.CHECKERS[task](SOLUTIONS[task])
    assert result.passed, repr(result)
    assert "🎉 통과" in repr(result) and "❌" not in repr(result) and "⏭" not in repr(result)


def test_one_reference_solution_per_task():
    assert list(SOLUTIONS) == list(workshop.TASKS)
    assert [function.__name__ for function in SOLUTIONS.values()] == [
        task.function for task in workshop.tasks.all_tasks().values()
    ]


@pytest.mark.parametrize("name", ["11_workshop.ipynb", "11_workshop_solutions.ipynb"])
def test_every_checker_is_called_in_the_notebooks(name):
    text = "\n".join(code_cells(name))
    for checker in workshop.CHECKERS.values():
        assert f"workshop.{checker.__name__}(" in text


def stub(*args, **kwargs): ...


@pytest.mark.parametrize("task", SOLUTIONS)
def test_stub_is_reported_as_not_started(task):
    result = workshop.CHECKERS[task](stub)
    assert result.not_started and not result.passed
    assert "아직 안 했습니다" in repr(result) and f"workshop.hint({task})" in repr(result)


def explode(*args, **kwargs):
    raise KeyError("output9")


@pytest.mark.parametrize("task", SOLUTIONS)
def test_exception_is_reported_on_the_case_where_it_happened(task):
    result = workshop.CHECKERS[task](explode)
    text = repr(result)
    assert not result.passed and "Traceback" not in text
    lines = text.splitlines()
    first_crash = next(line for line in lines if "오류를 냈습니다" in line)
    # a ❌ line that names the case, in the list of lines (not above them), e.g. "❌ 빈 계좌(...)에서 함수가 ..."
    assert re.fullmatch(r"❌ \S.*에서 함수가 오류를 냈습니다: KeyError: 'output9'", first_crash), first_crash
    assert lines.index(first_crash) == 1 + sum(line.startswith("✅") for line in lines[: lines.index(first_crash)])
    assert "❌ 함수가 오류를 냈습니다" not in text


@pytest.mark.parametrize("task", SOLUTIONS)
def test_counts_are_consistent_when_the_function_raises(task):
    """➡ N = the ❌ lines; the ❌/✅ lines plus the unchecked ones = the lines of a passing answer."""
    full = len(workshop.CHECKERS[task](SOLUTIONS[task]).lines)
    result = workshop.CHECKERS[task](explode)
    text = repr(result)
    crosses = [line for line in text.splitlines() if line.startswith("❌")]
    assert f"➡ {len(crosses)}개를 고친 뒤" in text
    assert len(result.lines) + result.unchecked == full
    if result.unchecked:
        assert f"⏭ 나머지 {result.unchecked}개는 확인하지 못했습니다" in text


def test_a_crash_on_one_case_does_not_hide_the_others():
    def frame_without_columns_for_empty(output1):  # fine for the six holdings, a KeyError for []
        frame = solved.holdings_frame(output1) if output1 else pd.DataFrame(output1)
        frame[["보유수량", "평가금액"]] = frame[["보유수량", "평가금액"]].astype("int64")
        return frame

    result = workshop.check_holdings_frame(frame_without_columns_for_empty)
    lines = repr(result).splitlines()
    assert [line[0] for line in lines[1:7]] == ["✅"] * 6
    assert lines[7].startswith("❌ 빈 계좌(output1 = [])에서 함수가 오류를 냈습니다: KeyError: ")
    assert "columns=" in lines[8] and lines[9] == "➡ 1개를 고친 뒤 다시 실행하세요. 막히면 workshop.hint(6)"


def test_the_same_crash_again_is_one_short_line():
    text = repr(workshop.check_total_evaluation(explode))
    assert text.count("KeyError: 'output9'") == 1 and text.count("💡") == 1
    assert "❌ 빈 계좌에서도 같은 오류가 났습니다" in text and "➡ 4개를 고친 뒤" in text


def test_an_answer_of_the_wrong_shape_is_reported_not_raised():
    result = workshop.check_fetch_all_holdings(lambda broker: [1, 2, 3])  # rows that are not dicts
    assert not result.passed and "돌려준 값을 채점할 수 없습니다 (AttributeError" in repr(result)


def test_not_a_function():
    result = workshop.check_split_account("12345678-01")
    assert not result.passed and "함수를 넘겨야 합니다" in repr(result)


# -- typical wrong answers: each fails with a line that says what to do --------------------------------


def split_like_mojito(text):
    return text.split("-")[0], text.split("-")[1]


def headers_twice_bearer(token_answer, appkey, appsecret, tr_id):
    headers = solved.make_headers(token_answer, appkey, appsecret, tr_id)
    return {**headers, "authorization": "Bearer " + headers["authorization"]}


def usable_by_expires_in(token_answer, now):
    return token_answer["expires_in"] > 60


def only_m_pages(broker):  # mojito2's loop: continues on M only
    rows, page = [], broker.fetch_balance_page()
    rows.extend(page.body["output1"])
    while page.tr_cont == "M":
        page = broker.fetch_balance_page(page.body["ctx_area_fk100"], page.body["ctx_area_nk100"], next_page=True)
        rows.extend(page.body["output1"])
    return rows


def total_with_d0(summary):
    return int(summary["scts_evlu_amt"]) + int(summary["dnca_tot_amt"])


def frame_of_strings(output1):
    import pandas as pd

    names = {"pdno": "종목코드", "prdt_name": "종목명", "hldg_qty": "보유수량", "evlu_amt": "평가금액"}
    return pd.DataFrame(output1, columns=list(names)).rename(columns=names)


def buy_sign_flipped(broker):
    return -solved.buy_and_report(broker)


def swallow_everything(broker):
    try:
        return broker.fetch_balance()
    except Exception as error:
        return getattr(error, "msg_cd", "?")


def average_newest_first(answer, days):
    frame = pd.DataFrame(answer["output2"])
    close = frame["stck_clpr"].astype("int64")
    close.index = pd.to_datetime(frame["stck_bsop_date"], format="%Y%m%d")
    return close.rolling(days).mean()  # the rows still newest first


def cancel_by_revising(broker, order):
    answer = broker.request(
        "주식주문(정정취소)",
        KRX_FWDG_ORD_ORGNO=order["KRX_FWDG_ORD_ORGNO"],
        ORGN_ODNO=order["ODNO"],
        ORD_DVSN="00",
        RVSE_CNCL_DVSN_CD="01",  # 정정, not 취소
        ORD_QTY="0",
        ORD_UNPR="90000",
        QTY_ALL_ORD_YN="Y",
    )
    return answer["output"]["ODNO"]


def first_record_only(frame):
    return solved.read_trades(frame)[:1]


def buy_again_when_lost(broker, find_order):
    try:
        return broker.create_market_buy_order("005930", 5)["output"]["ODNO"]
    except kislearn.OrderMaybePlacedError:
        return broker.create_market_buy_order("005930", 5)["output"]["ODNO"]  # the mistake: sent again


WRONG = [
    (1, split_like_mojito, "ValueError를 올리세요"),
    (2, headers_twice_bearer, "Bearer가 두 번 붙었습니다"),
    (3, usable_by_expires_in, "expires_in은 발급 순간부터 센 초입니다"),
    (4, only_m_pages, "mojito2처럼 'M'만 보면"),
    (5, total_with_d0, "dnca_tot_amt는 오늘(D+0) 예수금입니다"),
    (6, frame_of_strings, "astype('int64')"),
    (7, buy_sign_flipped, "부호가 반대입니다"),
    (8, swallow_everything, "except kislearn.KisApiError만 잡으세요"),
    (9, average_newest_first, "sort_index()"),
    (10, cancel_by_revising, "RVSE_CNCL_DVSN_CD는 '02'(취소)"),
    (FRAME_TASK, first_record_only, "46개씩 잘라"),
    (ONCE_TASK, buy_again_when_lost, "주문을 2번 보냈습니다 (두 번 산 것)"),
]


@pytest.mark.parametrize("task, function, message", WRONG, ids=[f"task{t}" for t, _, _ in WRONG])
def test_wrong_solution_is_caught_with_a_useful_message(task, function, message):
    result = workshop.CHECKERS[task](function)
    text = repr(result)
    assert not result.passed and "❌" in text and "💡" in text
    assert message in text, text


def test_buy_twice_is_caught():
    def buy_twice(broker):
        broker.create_market_buy_order("012330", 1)
        return solved.buy_and_report(broker)

    assert "낸 주문: 2건" in repr(workshop.check_buy_and_report(buy_twice))


def test_hints_get_more_concrete_then_stay_at_the_last(monkeypatch):
    monkeypatch.setattr(hints, "_hints_shown", {})
    shown = [workshop.hint(5) for _ in range(4)]
    assert [h.split(":", 1)[0] for h in shown] == [
        "💡 과제 5 힌트 1/3",
        "💡 과제 5 힌트 2/3",
        "💡 과제 5 힌트 3/3",
        "💡 과제 5 힌트 3/3",
    ]
    assert "한 번 더" in shown[0] and "한 번 더" not in shown[2]
    assert workshop.hint(5, level=1) == shown[0]
    assert f"과제 번호는 1–{len(workshop.TASKS)}" in workshop.hint(99)
    assert repr(workshop.hint(1, 1)) == str(workshop.hint(1, 1))  # displays without quotes


def test_two_hints_in_one_cell_both_show_once(monkeypatch):
    """A notebook cell with two hint() calls shows both hints, each once (the last one is the cell's value,
    and is not echoed again: a terminal shell prints an empty "Out[1]: " prompt, a notebook nothing); the same
    hint shown in a later cell does appear."""
    from IPython.core.interactiveshell import InteractiveShell

    monkeypatch.setattr(hints, "_hints_shown", {})
    shell = InteractiveShell.instance()
    try:
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            shell.run_cell(
                "from kislearn import workshop\nworkshop.hint(5)\nlast = workshop.hint(5)\nlast", store_history=True
            )
        first_cell = output.getvalue()
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            shell.run_cell("last", store_history=True)
        later_cell = output.getvalue()
    finally:
        InteractiveShell.clear_instance()
    assert first_cell.count("💡 과제 5 힌트 1/3") == 1 and first_cell.count("💡 과제 5 힌트 2/3") == 1
    assert later_cell.count("💡 과제 5 힌트 2/3") == 1


# -- the wrong attempts of a fresh-eyes student run: each gets a hint about the mistake actually made ------


def checked(task, function):
    result = workshop.CHECKERS[task](function)
    assert not result.passed
    return repr(result)


def test_task1_a_list_is_not_a_tuple():
    text = checked(1, lambda text: solved.split_account(text) and text.split("-"))
    assert "(받은 값: ['12345678', '01'])" in text and "튜플(tuple)로 돌려주세요: return cano, product" in text


def test_task1_the_value_error_message_shows_the_right_form():
    def vague(text):
        if not re.fullmatch(r"[0-9]{8}-[0-9]{2}", text):
            raise ValueError("x")
        return tuple(text.split("-"))

    text = checked(1, vague)
    assert "❌ ValueError 메시지에 올바른 형태(12345678-01)를 적지 않았습니다 (" in text
    assert "에서 받은 메시지: 'x')" in text  # the line names the number that got the vague message
    assert "적었습니다" not in text  # a ❌ line is never the sentence of success
    assert "➡ 1개를 고친 뒤" in text


def test_task1_pythons_own_unpacking_error_is_recognised():
    def unpacks(text):
        front, back = text.split("-")
        return front, back

    text = checked(1, unpacks)
    assert "❌ ValueError 메시지에 올바른 형태(12345678-01)를 적지 않았습니다" in text
    assert "'1234567801' (하이픈 없음)에서 받은 메시지: 'not enough values to unpack (expected 2, got 1)'" in text
    assert "직접 raise한 것이 아니라" in text and "파이썬이 낸 것입니다" in text


def test_no_failing_line_is_a_sentence_of_success():
    """Every checker's ❌ line says what is wrong: given wrong answers of every shape, no ❌ line ends like
    the ✅ sentence of the same check (…했습니다 / …줍니다 / …둡니다)."""
    success = re.compile(r"(적었습니다|돌려줍니다|둡니다|냈습니다|보냈습니다|취소했습니다)$")
    wrong_answers = [lambda *args: 42, lambda *args: [], lambda *args: {}, lambda *args: "x"]
    for task, checker in workshop.CHECKERS.items():
        for answer in wrong_answers:
            failing = [line.text for line in checker(answer).lines if not line.ok]
            assert not [text for text in failing if success.search(text)], task


@pytest.mark.parametrize("pattern", [r"\d{8}-\d{2}", None], ids=["backslash-d", "isdigit"])
def test_task1_full_width_digits_are_refused(pattern):
    def split(text):
        front, _, back = text.partition("-")
        if (
            pattern
            and not re.fullmatch(pattern, text)
            or not pattern
            and not (len(front) == 8 and len(back) == 2 and front.isdigit() and back.isdigit())
        ):
            raise ValueError(f"올바른 형태: 12345678-01 (받은 값 {text!r})")
        return front, back

    text = checked(1, split)
    assert "❌ '１２３４５６７８-01' (전각 숫자): ValueError 없이 받아들였습니다" in text and "[0-9]" in text
    assert "❌ '١٢٣٤٥٦٧٨-01' (아라비아-인도 숫자)" in text
    assert "➡ 2개를 고친 뒤" in text  # the full-width and the Arabic-Indic digits


def test_task1_another_exception_is_named_without_a_wrong_particle():
    def split(text):
        if "-" not in text:
            raise TypeError("no hyphen")
        return tuple(text.split("-", 1))

    text = checked(1, split)
    assert "❌ '1234567801' (하이픈 없음): ValueError 대신 TypeError 예외가 났습니다" in text
    assert "Error가" not in text


def test_task2_a_capitalised_header_name_is_named():
    def capitalised(token_answer, appkey, appsecret, tr_id):
        headers = solved.make_headers(token_answer, appkey, appsecret, tr_id)
        headers["Authorization"] = headers.pop("authorization")
        return headers

    text = checked(2, capitalised)
    assert "헤더 이름은 모두 소문자입니다: 'Authorization' → 'authorization'" in text
    assert "Bearer로 시작해야" not in text and "➡ 1개를 고친 뒤" in text


def test_task2_a_missing_header_is_missing_and_a_wrong_value_is_wrong():
    def no_custtype(token_answer, appkey, appsecret, tr_id):
        headers = solved.make_headers(token_answer, appkey, appsecret, tr_id)
        del headers["custtype"]
        return headers

    text = checked(2, no_custtype)
    assert "'custtype' 키가 없습니다" in text and "소문자" not in text

    def business(token_answer, appkey, appsecret, tr_id):
        return {**solved.make_headers(token_answer, appkey, appsecret, tr_id), "custtype": "B"}

    text = checked(2, business)
    assert "❌ custtype = 'P' (받은 값: 'B')" in text and "custtype에 넣을 값: 'P'(개인 고객)" in text


def test_task2_content_type_is_checked():
    def without(token_answer, appkey, appsecret, tr_id):
        headers = solved.make_headers(token_answer, appkey, appsecret, tr_id)
        del headers["content-type"]
        return headers

    text = checked(2, without)
    assert "❌ content-type = 'application/json; charset=utf-8'" in text and "'content-type' 키가 없습니다" in text

    def plain_text(token_answer, appkey, appsecret, tr_id):
        return {**solved.make_headers(token_answer, appkey, appsecret, tr_id), "content-type": "text/plain"}

    assert "(받은 값: 'text/plain')" in checked(2, plain_text)
    for value in ("application/json", "Application/JSON; charset=UTF-8"):

        def other_spelling(token_answer, appkey, appsecret, tr_id, value=value):
            return {**solved.make_headers(token_answer, appkey, appsecret, tr_id), "content-type": value}

        assert workshop.check_make_headers(other_spelling).passed


def test_task2_wrong_authorization_shows_what_came_back():
    text = checked(2, headers_twice_bearer)
    assert "Bearer가 두 번 붙었습니다" in text and "(받은 값: 'Bearer Bearer eyJ" in text


def test_task3_an_answer_that_is_not_a_bool():
    text = checked(3, lambda token_answer, now: "yes")
    assert "True/False(bool)를 돌려주세요 (받은 값: 'yes')" in text and "여유는 60초면" not in text
    assert text.count("💡") == 1  # the same hint is not repeated on every line


def test_task3_a_naive_datetime_points_to_kst():
    def naive(token_answer, now):
        expires = datetime.strptime(token_answer["access_token_token_expired"], "%Y-%m-%d %H:%M:%S")
        return now < expires - timedelta(seconds=60)

    text = checked(3, naive)
    assert "❌ 20시간 남음에서 함수가 오류를 냈습니다: TypeError: can't compare offset-naive" in text
    assert ".replace(tzinfo=KST)" in text and "➡ 7개를 고친 뒤" in text


def test_task4_fetch_balance_is_explained_without_internal_names():
    text = checked(4, lambda broker: broker.fetch_balance()["output1"])
    assert (
        "❌ tr_cont D (1쪽)에서 함수가 오류를 냈습니다: AttributeError: 채점기는 과제 설명대로 "
        "broker.fetch_balance_page(...)만 있는 연습용 broker를 넘깁니다 (fetch_balance 없음)" in text
    )
    assert "Broker" not in text and "_Page" not in text
    assert "Broker" not in repr(_PagedBroker(["D"]))

    def wrong_keyword(broker):
        return broker.fetch_balance_page(next=True).body["output1"]

    text = checked(4, wrong_keyword)
    assert "TypeError: fetch_balance_page는 (ctx_area_fk100, ctx_area_nk100, next_page=True/False)만 받습니다" in text
    assert "Broker" not in text

    text = checked(4, lambda broker: broker.fetch_balance_page()["body"]["output1"])
    assert "TypeError: page는 dict가 아닙니다: page['body'] 대신 page.body, page.tr_cont처럼 점(.)으로 읽으세요" in text
    text = checked(4, lambda broker: [broker.fetch_balance_page().headers])
    assert "AttributeError: 연습용 page에는 page.tr_cont와 page.body만 있습니다 (headers 없음)" in text
    assert "_Page" not in text and "_Page" not in repr(_PagedBroker(["D"]).fetch_balance_page())


def test_task4_the_failing_case_is_named_and_the_others_are_still_checked():
    def first_page_again(broker):  # forgets the ctx keys: the fakes refuse, the sandbox would loop forever
        rows, page = [], broker.fetch_balance_page()
        while True:
            rows.extend(page.body["output1"])
            if page.tr_cont not in ("F", "M"):
                return rows
            page = broker.fetch_balance_page()

    text = checked(4, first_page_again)
    assert "✅ tr_cont D (1쪽): 3행 모두" in text
    assert "❌ tr_cont F → M → D (3쪽)에서 함수가 오류를 냈습니다: KisApiError: [OPSQ2001]" in text
    assert "next_page=True" in text
    assert "❌ tr_cont M → M → E (3쪽)에서도 같은 오류가 났습니다" in text
    assert "❌ 샌드박스의 55종목 계좌(모의 3쪽)에서 함수가 오류를 냈습니다: RuntimeError: 잔고를 10쪽 넘게" in text
    assert "➡ 4개를 고친 뒤" in text


def test_task5_the_hint_fits_the_answer():
    text = checked(5, lambda summary: float(summary["scts_evlu_amt"]) + float(summary["prvs_rcdl_excc_amt"]))
    assert "(받은 값: 250514860.0)" in text and "int로 돌려주세요" in text and "문자열끼리" not in text
    assert "베끼" not in text

    text = checked(5, lambda summary: summary["scts_evlu_amt"] + summary["prvs_rcdl_excc_amt"])
    assert "문자열끼리 더하면 이어 붙습니다" in text


def test_task5_copying_is_only_claimed_when_the_answer_was_copied():
    text = checked(5, total_with_d0)
    assert "dnca_tot_amt는 오늘(D+0) 예수금입니다" in text and "베끼" not in text

    text = checked(5, lambda summary: int(summary["tot_evlu_amt"]))
    assert "❌ 응답의 tot_evlu_amt를 베꼈습니다" in text and "➡ 1개를 고친 뒤" in text
    assert "✅ 응답의 합계(tot_evlu_amt, nass_amt 등)를 베끼지 않고 계산합니다" in repr(
        workshop.check_total_evaluation(solved.total_evaluation)
    )


def test_task6_the_rows_may_come_in_any_order():
    result = workshop.check_holdings_frame(lambda output1: solved.holdings_frame(output1).sort_values("평가금액"))
    assert result.passed, repr(result)


def test_task6_codes_turned_into_numbers():
    def as_numbers(output1):
        frame = solved.holdings_frame(output1)
        frame["종목코드"] = frame["종목코드"].astype("int64")
        return frame

    def leading_zeros_lost(output1):
        frame = solved.holdings_frame(output1)
        frame["종목코드"] = frame["종목코드"].map(lambda code: str(int(code)))
        return frame

    for function in (as_numbers, leading_zeros_lost):
        assert "종목코드는 숫자로 바꾸지 마세요" in checked(6, function)


def test_task6_int64_is_required():
    def int32(output1):
        frame = solved.holdings_frame(output1)
        frame[["보유수량", "평가금액"]] = frame[["보유수량", "평가금액"]].astype("int32")
        return frame

    text = checked(6, int32)
    assert "❌ 보유수량 열이 int64 (지금: int32)" in text and "astype('int64')" in text
    assert "은(는)" not in text


def test_task8_returning_msg1_is_named():
    def message(broker):
        try:
            return broker.fetch_balance()
        except kislearn.KisApiError as error:
            return error.msg1

    text = checked(8, message)
    assert "❌ 계좌번호 오류 → 'OPSQ2000' (받은 값: 'INVALID_CHECK_ACNO')" in text
    assert "❌ 초당 호출 초과(RateLimitError) → 'EGW00201' (받은 값: '초당 거래건수를 초과하였습니다.')" in text
    assert "msg_cd(코드)를 돌려주세요. msg1은 메시지입니다" in text and "RateLimitError도" not in text


def test_task8_the_rate_limit_hint_only_when_the_first_case_passed():
    def account_errors_only(broker):
        try:
            return broker.fetch_balance()
        except kislearn.KisApiError as error:
            if not error.msg_cd.startswith("OPSQ"):
                raise
            return error.msg_cd

    text = checked(8, account_errors_only)
    assert "✅ 계좌번호 오류 → 'OPSQ2000'" in text
    assert "❌ 초당 호출 초과(RateLimitError)에서 함수가 오류를 냈습니다: RateLimitError: [EGW00201]" in text
    assert "RateLimitError도 KisApiError의 한 종류입니다" in text and "➡ 1개를 고친 뒤" in text


def test_task8_a_changed_exception_is_named_without_a_wrong_particle():
    def wrapped(broker):
        try:
            return balance_or_code_ok(broker)
        except ZeroDivisionError as error:
            raise RuntimeError("oops") from error

    text = checked(8, wrapped)
    assert "❌ ZeroDivisionError 대신 RuntimeError 예외가 올라왔습니다" in text


def balance_or_code_ok(broker):
    return solved.balance_or_code(broker)


def test_task7_a_crash_after_the_order_still_checks_the_order():
    def crash_after_buying(broker):
        broker.create_market_buy_order("012330", 1)
        return broker.fetch_balance()["output3"]

    text = checked(7, crash_after_buying)
    assert "❌ 샌드박스의 빈 계좌(50010001-01)에서 함수가 오류를 냈습니다: KeyError: 'output3'" in text
    assert "✅ 주문을 정확히 한 번 냈습니다" in text and "➡ 1개를 고친 뒤" in text


def test_output_is_deterministic():
    def first_page_again(broker):
        return broker.fetch_balance_page(next_page=True).body["output1"]

    for task, function in ((4, first_page_again), (7, explode), (3, explode)):
        one, two = (repr(workshop.CHECKERS[task](function)) for _ in range(2))
        assert one == two
        assert not re.search(r"0x[0-9a-f]{6,}|127\.0\.0\.1|localhost|/tmp|:\d{4,5}/", one), one


# -- hints: the last one of every task is a line of text, then Python code that compiles ----------------


@pytest.mark.parametrize("task", SOLUTIONS)
def test_last_hint_is_text_then_code_that_compiles(task):
    text, code = workshop.HINTS[task][-1].split("\n", 1)
    assert "def " not in text and code.startswith("def ")
    compile(code, f"hint {task}", "exec")
    assert workshop.hint(task, level=3).endswith("\n" + code)  # shown on lines of their own, ready to paste
    operators = [token.string for token in tokenize.generate_tokens(io.StringIO(code).readline)]
    assert ";" not in operators  # one statement a line, not squeezed with ;


@pytest.mark.parametrize("task", [task for task in SOLUTIONS if "..." not in workshop.HINTS[task][-1]])
def test_a_complete_last_hint_passes_its_checker(task):
    code = workshop.HINTS[task][-1].split("\n", 1)[1]
    namespace = {"re": re, "datetime": datetime, "timedelta": timedelta, "pd": pd, "kislearn": kislearn, "KST": KST}
    exec(compile(code, f"hint {task}", "exec"), namespace)  # noqa: S102 - the hint's own code
    function = next(value for name, value in namespace.items() if name == SOLUTIONS[task].__name__)
    assert workshop.CHECKERS[task](function).passed


def test_hints_of_task1_use_ascii_digits():
    assert all(r"\d{" not in text for text in workshop.HINTS[1])
    assert r"[0-9]{8}-[0-9]{2}" in workshop.HINTS[1][2]


# -- the notebook texts ----------------------------------------------------------------------------------


def test_intro_says_the_checker_call_must_be_the_last_line():
    intro = SOURCE.cells[0].source
    assert "마지막 줄" in intro and "print(workshop.check_" in intro


def test_task2_text_names_the_content_type_value():
    text = task_text(2)
    assert '"application/json; charset=utf-8"' in text


def run_summary(functions):
    namespace = {"workshop": workshop, **functions}
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(source_cell("functions = ["), namespace)  # noqa: S102 - the notebook's last cell
    return output.getvalue()


def test_summary_cell_celebrates_when_everything_passes():
    output = run_summary({function.__name__: function for function in SOLUTIONS.values()})
    count = len(SOLUTIONS)
    assert output.count("✅") == count
    assert output.rstrip().splitlines()[-1].startswith(f"🎉 {count}개 과제를 모두 통과했습니다")


def test_summary_cell_says_how_many_are_left():
    functions = {function.__name__: function for function in SOLUTIONS.values()}
    functions["total_evaluation"] = functions["holdings_frame"] = stub
    output = run_summary(functions)
    assert [line[0] for line in output.splitlines()].count("⬜") == 2 and "🎉" not in output
    assert output.rstrip().splitlines()[-1].startswith("➡ 2개 남았습니다")


# -- the second fresh-eyes student pass ------------------------------------------------------------------


def test_task7_a_number_written_in_the_code_fails():
    def hard_coded(broker):
        broker.create_market_buy_order("012330", 1)
        return -294540  # the answer of the first run, copied from an earlier output

    text = checked(7, hard_coded)
    assert "✅ D+2 예수금 변화 = 후 − 전" in text  # right by luck on the usual fees
    assert "❌ 매수 수수료율을 0.15%로 바꾼 샌드박스에서도 같은 값 -294540을 돌려줍니다" in text
    assert "숫자를 직접 적지 말고 주문 전후 잔고에서 계산하세요" in text and "➡ 1개를 고친 뒤" in text


def test_task7_text_says_the_checker_runs_twice():
    text = task_text(7)
    assert "50010001-01" in text and "수수료율을 바꾼 샌드박스에서 함수를 한 번 더" in text


@pytest.mark.parametrize("field", ["tot_evlu_amt", "nass_amt", "bfdy_tot_asst_evlu_amt"])
def test_task5_every_field_that_holds_the_total_is_caught_when_copied(field):
    text = checked(5, lambda summary: int(summary[field]))
    assert f"❌ 응답의 {field}를 베꼈습니다" in text and f"{field}는 서버가 계산해 준 값입니다" in text


def test_task5_the_not_copied_case_changes_every_field_equal_to_the_total():
    from kislearn.sandbox.samples import load_accounts

    accounts = load_accounts()
    fields = _total_fields(accounts)
    for account in accounts.values():
        summary = account.output2[0]
        total = int(summary["scts_evlu_amt"]) + int(summary["prvs_rcdl_excc_amt"])
        for name, value in summary.items():
            if value == str(total) and name not in ("scts_evlu_amt", "prvs_rcdl_excc_amt"):
                assert name in fields
    assert {"tot_evlu_amt", "nass_amt", "bfdy_tot_asst_evlu_amt"} <= set(fields)


HINT_NAMESPACE = {"re": re, "datetime": datetime, "timedelta": timedelta, "pd": pd, "kislearn": kislearn, "KST": KST}


def last_hint_function(task):
    """The function of the level-3 hint, pasted as it is (with its `...`)."""
    namespace = dict(HINT_NAMESPACE)
    exec(compile(workshop.HINTS[task][-1].split("\n", 1)[1], f"hint {task}", "exec"), namespace)  # noqa: S102
    return namespace[SOLUTIONS[task].__name__]


@pytest.mark.parametrize("task", [3, 6, 7, FRAME_TASK, ONCE_TASK])
def test_a_last_hint_pasted_with_its_blank_says_to_fill_the_blank(task):
    assert "..." in workshop.HINTS[task][-1]
    text = checked(task, last_hint_function(task))
    assert "`...` 자리를 아직 채우지 않았습니다. 힌트 코드의 `...`를 알맞은 값으로 바꾸세요" in text
    assert "아직 안 했습니다" not in text and "💡 만료 시각은" not in text and "💡 잔고는" not in text


def test_a_returned_ellipsis_is_named():
    text = checked(5, lambda summary: ...)
    assert "❌ 55종목 계좌 (D+0 = D+2): 돌려준 값에 `...`가 남아 있습니다" in text
    assert "❌ 빈 계좌에서도 `...`가 남아 있습니다" in text and text.count("💡") == 1


def forgot_return(text):
    if not re.fullmatch(r"[0-9]{8}-[0-9]{2}", text):
        raise ValueError("올바른 형태: 12345678-01")
    cano, product = text.split("-")  # noqa: RUF059 - the mistake: nothing is returned


def print_instead_of_return(broker):
    try:
        return broker.fetch_balance()
    except kislearn.KisApiError as error:
        print(error.msg_cd)


@pytest.mark.parametrize(
    "task, function, case",
    [(1, forgot_return, "'12345678-01'"), (8, print_instead_of_return, "계좌번호 오류")],
    ids=["task1-no-return", "task8-print"],
)
def test_real_code_that_returns_none_is_not_called_not_started(task, function, case, capsys):
    result = workshop.CHECKERS[task](function)
    text = repr(result)
    assert not result.not_started and not result.passed and "아직 안 했습니다" not in text
    assert f"❌ {case}: 함수가 None을 돌려줍니다" in text
    assert "return을 빠뜨렸나요? (print는 화면에 보여 줄 뿐 값을 돌려주지 않습니다)" in text


def test_task7_real_code_that_returns_none():
    def no_return(broker):
        before = int(broker.fetch_balance()["output2"][0]["prvs_rcdl_excc_amt"])
        broker.create_market_buy_order("012330", 1)
        print(int(broker.fetch_balance()["output2"][0]["prvs_rcdl_excc_amt"]) - before)

    text = checked(7, no_return)
    assert "✅ 주문을 정확히 한 번 냈습니다" in text and "함수가 None을 돌려줍니다" in text
    assert "아직 안 했습니다" not in text


def test_the_stub_is_recognised_by_its_code():
    def docstring_and_dots(text):
        """할 일."""
        ...  # noqa: PIE790 - the notebook's stub, as it is

    def only_pass(text):
        pass

    def real(text):
        text.split("-")

    assert _is_stub(docstring_and_dots) and _is_stub(only_pass) and _is_stub(stub)
    assert not _is_stub(real) and not _is_stub(forgot_return)
    assert not _is_stub(print)  # no __code__: not the stub


@pytest.mark.parametrize("ending", ["\n", " "], ids=["newline", "space"])
def test_task1_a_trailing_newline_or_space_is_refused(ending):
    def match_with_dollar(text):  # $ also matches before a trailing newline; without $ any ending passes
        if not re.match(r"^[0-9]{8}-[0-9]{2}" + ("$" if ending == "\n" else ""), text):
            raise ValueError("올바른 형태: 12345678-01")
        return tuple(text.split("-"))

    text = checked(1, match_with_dollar)
    assert f"❌ {'12345678-01' + ending!r} (끝에 {'줄바꿈' if ending == chr(10) else '공백'}): ValueError 없이" in text
    assert "re.fullmatch" in text
    assert f"➡ {1 if ending == chr(10) else 2}개를 고친 뒤" in text  # without $, a newline passes too


def test_task2_a_capitalised_content_type_is_named_once():
    def capitalised(token_answer, appkey, appsecret, tr_id):
        headers = solved.make_headers(token_answer, appkey, appsecret, tr_id)
        headers["Content-Type"] = headers.pop("content-type")
        return headers

    text = checked(2, capitalised)
    assert "💡 헤더 이름은 모두 소문자입니다: 'Content-Type' → 'content-type'\n" in text
    assert text.count("content-type") == 2  # the ❌ line and the hint, nothing repeated


def test_task2_the_accepted_content_type_is_shown():
    def plain_json(token_answer, appkey, appsecret, tr_id):
        return {**solved.make_headers(token_answer, appkey, appsecret, tr_id), "content-type": "application/json"}

    result = workshop.check_make_headers(plain_json)
    assert result.passed
    assert "✅ content-type = 'application/json' (application/json으로 시작)" in repr(result)
    assert "✅ content-type = 'application/json; charset=utf-8'" in repr(
        workshop.check_make_headers(solved.make_headers)
    )


def test_task3_exactly_60_seconds_left_is_false():
    def at_least_60(token_answer, now):
        expires = datetime.strptime(token_answer["access_token_token_expired"], "%Y-%m-%d %H:%M:%S")
        return now <= expires.replace(tzinfo=KST) - timedelta(seconds=60)

    text = checked(3, at_least_60)
    assert "❌ 딱 60초 남음 → False (받은 값: True)" in text and "60초 '넘게'" in text and "➡ 1개를 고친 뒤" in text
    text = task_text(3)
    assert "60초 넘게" in text and "딱 60초 남았을 때도) `False`" in text
    assert "now < expires - timedelta(seconds=60)" in workshop.HINTS[3][-1]


def test_task3_the_computers_clock_instead_of_now():
    def computer_clock(token_answer, now):
        expires = datetime.strptime(token_answer["access_token_token_expired"], "%Y-%m-%d %H:%M:%S")
        return datetime.now(KST) < expires.replace(tzinfo=KST) - timedelta(seconds=60)

    text = checked(3, computer_clock)
    assert "now 인자를 쓰세요 (datetime.now()가 아니라)" in text and "expires_in은 발급" not in text
    assert "❌ now를 하루 앞뒤로 옮기면 답이 바뀝니다" in text


def test_task3_expires_in_keeps_its_own_hint():
    text = checked(3, usable_by_expires_in)
    assert "expires_in은 발급 순간부터 센 초입니다" in text and "now 인자를 쓰세요" not in text


def test_task4_only_the_first_page_is_not_called_mojito():
    text = checked(4, lambda broker: broker.fetch_balance_page().body["output1"])
    assert "첫 쪽만 받았습니다. tr_cont가 'F'/'M'이면 다음 쪽을 요청하세요" in text and "mojito2" not in text
    assert "mojito2처럼 'M'만 보면" in checked(4, only_m_pages)


def test_task6_exactly_the_four_columns():
    def every_column(output1):
        names = {"pdno": "종목코드", "prdt_name": "종목명", "hldg_qty": "보유수량", "evlu_amt": "평가금액"}
        frame = pd.DataFrame(output1).rename(columns=names)
        frame[["보유수량", "평가금액"]] = frame[["보유수량", "평가금액"]].astype("int64")
        return frame

    text = checked(6, every_column)
    assert "❌ 열: 종목코드, 종목명, 보유수량, 평가금액 네 개만 (순서는 자유) (남은 다른 열: [" in text
    assert "✅ 평가금액 열이 int64\n" in text  # the rest is still checked
    reordered = workshop.check_holdings_frame(
        lambda output1: solved.holdings_frame(output1)[["평가금액", "종목명", "보유수량", "종목코드"]]
    )
    assert reordered.passed, repr(reordered)
    text = task_text(6)
    assert "네 열만" in text and "열 순서는 자유" in text


def test_task6_dtypes_only_on_a_cross_and_the_sum_received():
    assert "(지금:" not in repr(workshop.check_holdings_frame(solved.holdings_frame))
    text = checked(6, frame_of_strings)
    assert "❌ 평가금액 열이 int64 (지금: object)" in text
    assert "❌ 평가금액 합계 = output2의 evlu_amt_smtl_amt 13,119,300원 (받은 합계: '" in text
    assert "문자열 열의 sum()은 글자를 이어 붙입니다" in text

    def int32(output1):
        frame = solved.holdings_frame(output1)
        frame["평가금액"] = frame["평가금액"] // 2
        return frame

    assert "(받은 합계: 6,559,650)" in checked(6, int32)


def test_task8_returning_the_exception_itself():
    def the_exception(broker):
        try:
            return broker.fetch_balance()
        except kislearn.KisApiError as error:
            return error

    text = checked(8, the_exception)
    assert "❌ 계좌번호 오류 → 'OPSQ2000' (받은 값: KisApiError 예외 객체)" in text
    assert "예외 객체가 아니라 error.msg_cd(문자열)를 돌려주세요" in text and "msg1은 메시지입니다" not in text


# -- tasks 9 and 10 ----------------------------------------------------------------------------------------


def test_task9_a_frame_is_not_a_series():
    def whole_frame(answer, days):
        return pd.DataFrame({"평균": solved.moving_average(answer, days)})

    assert "(받은 것: DataFrame)" in checked(9, whole_frame)


def test_task9_a_text_index_points_to_to_datetime():
    def text_index(answer, days):
        frame = pd.DataFrame(answer["output2"]).set_index("stck_bsop_date").sort_index()
        return frame["stck_clpr"].astype("int64").rolling(days).mean()

    text = checked(9, text_index)
    assert "(받은 첫 인덱스: '20261105')" in text and "pd.to_datetime" in text
    assert "✅ 일봉 12개, 5일 평균: 값이 맞습니다" in text


def test_task10_the_hard_coded_order_number_is_caught():
    def first_order_always(broker, order):
        return solved.cancel_order(broker, {**order, "ODNO": "0000000002"})

    text = checked(10, first_order_always)
    assert "✅ 넘겨받은 주문의 남은 수량을 모두 취소했습니다" in text
    assert "❌ 미체결 주문 3개 중 첫 번째에서는 그 주문만 취소하고" in text


def test_task10_returning_the_original_number_or_the_answer_is_named():
    def original_number(broker, order):
        solved.cancel_order(broker, order)
        return order["ODNO"]

    assert "원주문번호가 아니라" in checked(10, original_number)

    def cancel_twice(broker, order):
        solved.cancel_order(broker, order)
        return solved.cancel_order(broker, order)

    assert "보낸 정정·취소 주문: " in checked(10, cancel_twice)


def test_task9_the_lessons_chart_frame_is_an_answer_too():
    from kislearn import frames

    result = workshop.check_moving_average(lambda answer, days: frames.chart_frame(answer)["종가"].rolling(days).mean())
    assert result.passed, repr(result)


# -- tasks for lessons 14 and 15: a real-time frame, an order sent once ----------------------------------


def test_the_frame_task_names_the_time_that_lost_its_leading_zero():
    def time_as_number(frame):
        return [(int(hour), price, volume) for hour, price, volume in solved.read_trades(frame)]

    text = checked(FRAME_TASK, time_as_number)
    assert "💡 체결 시간은 글자 그대로 두세요: int로 바꾸면 '090000'의 앞 0이 사라집니다" in text
    assert "(받은 값: [(90000, " in text


def test_the_frame_task_asks_for_numbers():
    def all_text(frame):
        return [tuple(map(str, trade)) for trade in solved.read_trades(frame)]

    text = checked(FRAME_TASK, all_text)
    assert "💡 현재가와 체결 거래량은 int()로 바꾸세요" in text and "(받은 것: str, str, str)" in text


def test_the_frames_are_the_markets_own_trades():
    from kislearn.workshop.live_tasks import _frames

    frames = _frames()
    assert [len(expected) for _, expected in frames.values()] == [1, 1, 3]
    opening = frames["장 시작 09:00:00의 첫 체결"]
    assert opening[0].startswith("0|H0STCNT0|001|005930^090000^") and opening[1][0][0] == "090000"
    three = frames["SK하이닉스 체결 세 건이 한 프레임에(레코드 수 003)"][0]
    assert three.split("|")[2] == "003" and len(three.split("|")[3].split("^")) == 3 * 46


def test_the_once_task_catches_an_answer_that_is_not_looked_up():
    def give_up_when_lost(broker, find_order):
        try:
            return broker.create_market_buy_order("005930", 5)["output"]["ODNO"]
        except kislearn.OrderMaybePlacedError:
            return None  # the order may well be there: the bot no longer knows what it holds

    text = checked(ONCE_TASK, give_up_when_lost)
    assert "❌ 주문은 들어갔는데 답을 잃어버린 경우: 다시 보내지 않고 찾은 주문번호를 돌려줍니다 (받은 값: None" in text
    assert "✅ 주문이 서버에 닿지 못한 경우: 다시 보내지 않고 None을 돌려줍니다" in text


def test_the_once_task_says_which_exception_when_nothing_is_caught():
    def no_except(broker, find_order):
        return broker.create_market_buy_order("005930", 5)["output"]["ODNO"]

    text = checked(ONCE_TASK, no_except)
    assert "✅ 답이 제대로 오는 주문" in text and "에서 함수가 오류를 냈습니다: OrderTimeoutError: " in text
    assert "OrderMaybePlacedError(OrderTimeoutError도 그 한 종류)" in text


def test_the_once_task_a_forgotten_return_is_not_called_not_started():
    def forgot_return(broker, find_order):
        broker.create_market_buy_order("005930", 5)

    text = checked(ONCE_TASK, forgot_return)
    assert "❌ 답이 제대로 오는 주문: 함수가 None을 돌려줍니다" in text and "아직 안 했습니다" not in text
