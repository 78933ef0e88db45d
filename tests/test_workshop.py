"""The workshop checkers (kislearn/workshop.py): the reference solutions pass, the solutions notebook holds
exactly those solutions, typical wrong answers fail with a useful Korean line, exceptions are reported."""

import importlib.util
import json
from pathlib import Path

import pytest

import workshop_solutions as solved
from kislearn import workshop

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
SOLUTIONS = {1: solved.split_account, 2: solved.make_headers, 3: solved.token_is_usable,
             4: solved.fetch_all_holdings, 5: solved.total_evaluation, 6: solved.holdings_frame,
             7: solved.buy_and_report, 8: solved.balance_or_code}


def load_builder():
    """scripts/build_workshop_notebooks.py, which makes the notebooks' solution cells from workshop_solutions.py."""
    path = NOTEBOOKS.parent / "scripts" / "build_workshop_notebooks.py"
    spec = importlib.util.spec_from_file_location("build_workshop_notebooks", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def code_cells(name):
    notebook = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]


def test_one_checker_per_task_in_lesson_order():
    assert list(workshop.CHECKERS) == list(range(1, 9)) == list(workshop.TASKS) == list(workshop.HINTS)
    lessons = [title.rsplit("(", 1)[1][:2] for title in workshop.TASKS.values()]
    assert lessons == sorted(lessons)


@pytest.mark.parametrize("task", SOLUTIONS)
def test_reference_solution_passes(task):
    result = workshop.CHECKERS[task](SOLUTIONS[task])
    assert result.passed, repr(result)
    assert "🎉 통과" in repr(result) and "❌" not in repr(result)


def test_solutions_notebook_holds_the_reference_solutions():
    solutions = load_builder().solutions
    cells = code_cells("11_workshop_solutions.ipynb")
    for task, code in solutions().items():
        assert code in cells, f"solution {task} of tests/workshop_solutions.py is not a cell of the notebook"
    assert len(solutions()) == len(SOLUTIONS)


@pytest.mark.parametrize("name", ["11_workshop.ipynb", "11_workshop_solutions.ipynb"])
def test_every_checker_is_called_in_the_notebooks(name):
    text = "\n".join(code_cells(name))
    for checker in workshop.CHECKERS.values():
        assert f"workshop.{checker.__name__}(" in text


def stub(*args, **kwargs):
    ...


@pytest.mark.parametrize("task", SOLUTIONS)
def test_stub_is_reported_as_not_started(task):
    result = workshop.CHECKERS[task](stub)
    assert result.not_started and not result.passed
    assert "아직 안 했습니다" in repr(result) and f"workshop.hint({task})" in repr(result)


def explode(*args, **kwargs):
    raise KeyError("output9")


@pytest.mark.parametrize("task", SOLUTIONS)
def test_exception_is_reported_not_raised(task):
    result = workshop.CHECKERS[task](explode)
    assert not result.passed
    assert "❌ 함수가 오류를 냈습니다: KeyError: 'output9'" in repr(result)
    assert "Traceback" not in repr(result)


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


WRONG = [
    (1, split_like_mojito, "ValueError를 올리세요"),
    (2, headers_twice_bearer, "Bearer가 두 번 붙었습니다"),
    (3, usable_by_expires_in, "expires_in은 발급 순간부터 센 초입니다"),
    (4, only_m_pages, "mojito2처럼 'M'만 보면"),
    (5, total_with_d0, "dnca_tot_amt는 오늘(D+0) 예수금입니다"),
    (6, frame_of_strings, "astype('int64')"),
    (7, buy_sign_flipped, "부호가 반대입니다"),
    (8, swallow_everything, "except kislearn.KisApiError만 잡으세요"),
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
    monkeypatch.setattr(workshop, "_hints_shown", {})
    shown = [workshop.hint(5) for _ in range(4)]
    assert [h.split(":", 1)[0] for h in shown] == ["💡 과제 5 힌트 1/3", "💡 과제 5 힌트 2/3", "💡 과제 5 힌트 3/3",
                                                   "💡 과제 5 힌트 3/3"]
    assert "한 번 더" in shown[0] and "한 번 더" not in shown[2]
    assert workshop.hint(5, level=1) == shown[0]
    assert "과제 번호는 1–8" in workshop.hint(9)
    assert repr(workshop.hint(1, 1)) == str(workshop.hint(1, 1))  # displays without quotes
