"""Reference solutions of the workshop tasks (notebooks/11_workshop.ipynb).

notebooks/11_workshop_solutions.ipynb carries the same functions, cell for cell; tests/test_workshop.py
checks both that every checker passes them and that the notebook's code is this code.
"""

import re
from datetime import datetime, timedelta

import pandas as pd

import kislearn
from kislearn.spec import KST

# --- solution 1 ---
def split_account(text):
    """'12345678-01' → ('12345678', '01'); any other form raises ValueError."""
    if not re.fullmatch(r"[0-9]{8}-[0-9]{2}", text):
        raise ValueError(f"계좌번호 형식 오류: {text!r}. 올바른 형태: '12345678-01'")
    cano, product_code = text.split("-")
    return cano, product_code
# --- solution 2 ---
def make_headers(token_answer, appkey, appsecret, tr_id):
    """The headers of a KIS GET request."""
    return {
        "content-type": "application/json; charset=utf-8",
        "authorization": f"{token_answer['token_type']} {token_answer['access_token']}",
        "appkey": appkey,
        "appsecret": appsecret,
        "tr_id": tr_id,
        "custtype": "P",
    }
# --- solution 3 ---
def token_is_usable(token_answer, now):
    """True while the token has more than 60 seconds left (access_token_token_expired is Korea time)."""
    expires = datetime.strptime(token_answer["access_token_token_expired"], "%Y-%m-%d %H:%M:%S")
    expires = expires.replace(tzinfo=KST)
    return now < expires - timedelta(seconds=60)
# --- solution 4 ---
def fetch_all_holdings(broker):
    """Every output1 row of every page: F/M means more pages, D/E the last one."""
    rows = []
    page = broker.fetch_balance_page()
    while True:
        rows.extend(page.body["output1"])
        if page.tr_cont not in ("F", "M"):
            return rows
        page = broker.fetch_balance_page(page.body["ctx_area_fk100"], page.body["ctx_area_nk100"],
                                         next_page=True)
# --- solution 5 ---
def total_evaluation(summary):
    """총평가금액 = 유가증권 평가금액 + D+2 예수금."""
    return int(summary["scts_evlu_amt"]) + int(summary["prvs_rcdl_excc_amt"])
# --- solution 6 ---
def holdings_frame(output1):
    """output1 → 종목코드, 종목명 (text), 보유수량, 평가금액 (int64)."""
    names = {"pdno": "종목코드", "prdt_name": "종목명", "hldg_qty": "보유수량", "evlu_amt": "평가금액"}
    frame = pd.DataFrame(output1, columns=list(names)).rename(columns=names)
    frame[["보유수량", "평가금액"]] = frame[["보유수량", "평가금액"]].astype("int64")
    return frame
# --- solution 7 ---
def buy_and_report(broker):
    """Buy one share of 012330 at market price; return the change of D+2 예수금 (after − before)."""
    before = int(broker.fetch_balance()["output2"][0]["prvs_rcdl_excc_amt"])
    broker.create_market_buy_order("012330", 1)
    after = int(broker.fetch_balance()["output2"][0]["prvs_rcdl_excc_amt"])
    return after - before
# --- solution 8 ---
def balance_or_code(broker):
    """The balance, or the msg_cd when KIS answers with an error."""
    try:
        return broker.fetch_balance()
    except kislearn.KisApiError as error:
        return error.msg_cd
