"""Progressive hints: ``hint(task)`` gives a more concrete one each call (the third is nearly the answer).

The first two hints of each task are written here; the third is the task's own solution, without its
docstring and with a blank (``...``) where the solution marks one: :mod:`kislearn.workshop.tasks`, generated
from the solutions notebook, so it can never differ from the solution.
"""

from __future__ import annotations

from .tasks import Task, all_tasks

# The first two hints of each task; the third is the task's answer from tasks.json (see _last_hint)
FIRST_HINTS: dict[int, list[str]] = {
    1: [
        "하이픈 하나로 나뉜 '숫자 8자리-숫자 2자리'인지 먼저 확인하세요. 맞으면 나누고, 아니면 ValueError.",
        (
            "import re 뒤 re.fullmatch(r'[0-9]{8}-[0-9]{2}', text)가 None이면 잘못된 번호입니다. "
            "(\\d는 전각 숫자 '１２３'도 받아들이니 [0-9]로 쓰세요.)"
        ),
    ],
    2: [
        (
            "이 과제의 헤더는 content-type, authorization, appkey, appsecret, tr_id, custtype 여섯 개입니다 "
            "(custtype은 명세서에 시세는 필수, 잔고는 선택으로 적혀 있습니다). 이름은 모두 소문자."
        ),
        (
            "authorization은 토큰 응답의 token_type과 access_token을 공백 하나로 이은 'Bearer eyJ...'입니다. "
            "content-type은 'application/json; charset=utf-8'."
        ),
    ],
    3: [
        "expires_in이 아니라 access_token_token_expired('2026-11-25 09:00:00', 한국 시각)를 읽으세요.",
        "datetime.strptime(text, '%Y-%m-%d %H:%M:%S').replace(tzinfo=KST)로 바꾸면 now와 비교할 수 있습니다.",
    ],
    4: [
        "첫 쪽은 broker.fetch_balance_page()로, 다음 쪽은 앞 쪽의 ctx 키와 next_page=True로 요청합니다.",
        "page.tr_cont가 'F' 또는 'M'이면 다음 쪽이 있고, 'D'나 'E'면 마지막 쪽입니다. 행은 page.body['output1'].",
    ],
    5: [
        "총평가금액 = 유가증권 평가금액 + D+2 예수금. 05_output2의 계산 관계 표를 보세요.",
        "필드는 scts_evlu_amt와 prvs_rcdl_excc_amt입니다. dnca_tot_amt(D+0)가 아닙니다.",
    ],
    6: [
        "pd.DataFrame(output1)로 만들고 pdno, prdt_name, hldg_qty, evlu_amt 네 열만 남기세요.",
        "열 이름은 rename(columns={...})로, 숫자 열은 astype('int64')로. 빈 목록이면 열이 없으니 columns=를 주세요.",
    ],
    7: [
        "주문 전 잔고 → 주문 → 주문 후 잔고. 비교할 칸은 output2[0]['prvs_rcdl_excc_amt'](D+2 예수금)입니다.",
        "주문은 broker.create_market_buy_order('012330', 1). 값은 문자열이니 int로 바꿔 빼세요.",
    ],
    8: [
        "try: … except kislearn.KisApiError as error: … — KIS가 실패로 답한 모든 경우가 KisApiError입니다.",
        "error.msg_cd에 'OPSQ2000' 같은 코드가, error.msg1에 서버 메시지가, error.hint에 한국어 도움말이 있습니다.",
    ],
    9: [
        (
            "answer['output2']는 최근 봉부터 옵니다. 날짜(stck_bsop_date)를 인덱스로, 종가(stck_clpr)를 숫자로 바꾼 뒤 "
            "오래된 것부터 놓고 평균을 내세요."
        ),
        (
            "pd.to_datetime(frame['stck_bsop_date'], format='%Y%m%d')로 날짜를, .astype('int64')로 숫자를 만들고, "
            ".sort_index().rolling(days).mean()으로 N일 평균을 냅니다."
        ),
    ],
    10: [
        (
            "broker.request('주식주문(정정취소)', ...)에 원주문의 KRX_FWDG_ORD_ORGNO와 주문번호(ORGN_ODNO=order['ODNO'])를 "
            "보냅니다. 취소는 RVSE_CNCL_DVSN_CD='02'."
        ),
        (
            "남은 수량 전부는 QTY_ALL_ORD_YN='Y'와 ORD_QTY='0', 주문구분 ORD_DVSN='00', 취소의 ORD_UNPR='0'. "
            "돌려줄 값은 응답의 answer['output']['ODNO']입니다."
        ),
    ],
    11: [
        (
            "frame.split('|')로 네 부분(암호화 여부, tr_id, 레코드 수, 값들)으로 나누고, 값들을 '^'로 나눕니다. "
            "레코드 한 건은 값 46개입니다: 레코드 수만큼 46개씩 잘라 읽으세요."
        ),
        (
            "이름은 kislearn.catalog.find('H0STCNT0').response_fields의 순서대로 붙입니다. STCK_CNTG_HOUR(체결 시간)는 "
            "글자 그대로, STCK_PRPR(현재가)와 CNTG_VOL(체결 거래량)은 int()로."
        ),
    ],
    12: [
        (
            "주문은 try 안에서 한 번만 보냅니다. except kislearn.OrderMaybePlacedError: 는 '보냈는데 답을 못 받은' 경우만 "
            "잡습니다 (거절 OrderRejectedError는 그대로 올라가게)."
        ),
        (
            "답을 못 받았으면 다시 보내지 말고 find_order('buy', 5)를 돌려주세요: 들어간 주문의 주문번호, 없으면 None. "
            "답을 받았으면 answer['output']['ODNO']."
        ),
    ],
}


def _last_hint(task: Task) -> str:
    """The task's answer: one line of text, then the code on the following lines (ready to paste)."""
    if "..." in task.answer:
        return f"거의 정답입니다. ...를 채워 함수 셀에 붙여 넣으세요:\n{task.answer}"
    return f"거의 정답입니다. 함수 셀에 붙여 넣어 보세요:\n{task.answer}"


HINTS: dict[int, list[str]] = {number: [*FIRST_HINTS[number], _last_hint(task)] for number, task in all_tasks().items()}
_hints_shown: dict[int, int] = {}


class Hint(str):
    """A hint text. :func:`hint` prints it at once, so several calls in one notebook cell all show; the
    same hint as the cell's last expression is then not shown a second time (in a later cell it is)."""

    _printed_in_cell: int | None = None  # the notebook cell (IPython's execution count) that printed it

    def __repr__(self) -> str:
        return str(self)

    def _ipython_display_(self) -> None:
        if self._printed_in_cell is None or self._printed_in_cell != _notebook_cell():
            print(self)


def _notebook_cell() -> int | None:
    """The number of the notebook cell running now (IPython's execution count), None outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return None if shell is None else shell.execution_count


def _shown(text: str) -> Hint:
    """Print ``text`` now and return it as a :class:`Hint`, marked as printed in this cell."""
    shown = Hint(text)
    shown._printed_in_cell = _notebook_cell()
    print(shown)
    return shown


def hint(task: int, level: int | None = None) -> Hint:
    """Show the next hint for ``task`` (a task number), each call a little more concrete; ``level`` (1–3)
    picks one. The hint is printed at once (and returned)."""
    if task not in HINTS:
        return _shown(f"과제 번호는 1–{len(HINTS)}입니다 (받은 값: {task!r}).")
    hints = HINTS[task]
    if level is None:
        level = min(_hints_shown.get(task, 0) + 1, len(hints))
    level = max(1, min(level, len(hints)))
    _hints_shown[task] = max(_hints_shown.get(task, 0), level)
    more = "" if level == len(hints) else f" (다음 힌트: workshop.hint({task}) 한 번 더)"
    return _shown(f"💡 과제 {task} 힌트 {level}/{len(hints)}: {hints[level - 1]}{more}")
