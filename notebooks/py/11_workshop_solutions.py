# %% [markdown]
# # 11. 워크숍 — 직접 써 보고 자동 채점 받기
#
# 지금까지 배운 것을 **직접 함수로** 써 봅니다. 과제마다 (1) 할 일 설명, (2) `...`만 들어 있는 함수 빈칸,
# (3) 채점 셀이 있습니다. 빈칸을 채우고 두 셀을 차례로 실행하세요.
#
# - 채점기(checker)는 내 함수를 여러 경우로 불러 보고 ✅(맞음)/❌(고칠 것)와 💡힌트를 보여 줍니다.
# - 함수가 오류를 내도 채점기가 잡아서 어느 경우에서 났는지 "❌ … 에서 함수가 오류를 냈습니다: ..."라고 알려 줍니다.
#   겁내지 말고 실행하세요.
# - 채점 결과는 채점기 호출이 **셀의 마지막 줄**일 때 보입니다. 다른 줄 뒤에 두려면 `print(workshop.check_...(함수))`처럼
#   print로 감싸세요.
# - 샌드박스가 필요한 과제는 채점기가 **나만의 샌드박스**를 잠깐 띄웠다가 끕니다. 키도 인터넷도 필요 없습니다.
# - 막히면 `workshop.hint(번호)`: 부를 때마다 조금 더 구체적인 힌트가 나옵니다(세 번째는 거의 정답).
# - 과제는 수업 순서(01 → 15)대로입니다. 모두 통과하면 마지막 셀이 🎉를 보여 줍니다.
#
# 예상 시간: 100–140분. 정답은 `11_workshop_solutions.ipynb`에 있습니다 — 먼저 스스로 해 보세요!

# %% [markdown] tags=["solution"]
# ## 정답 노트북 (solutions)
#
# `11_workshop.ipynb`의 과제를 모두 푼 것입니다. 채점 셀이 모두 🎉 통과를 보여 줍니다. 다른 풀이도 채점기를 통과하면 정답입니다.
# `# 빈칸:` 표시가 있는 줄은 세 번째 힌트(`workshop.hint(번호)`)에서 `...`로 비워 두는 곳입니다.

# %% [markdown] tags=["colab-setup"]
# > **Google Colab에서 열었다면** 바로 아래의 접힌 셀(Colab 준비 셀)을 먼저 실행하세요. 코스 패키지 `kislearn`을 설치합니다.
# > 내 컴퓨터(JupyterLab, Jupyter Notebook)에서는 한 줄만 출력하고 아무 일도 하지 않습니다. 자세한 방법: README의 "Google Colab에서 하기".

# %% cellView="form" jupyter={"source_hidden": true} tags=["colab-setup"]
#@title Colab 준비 셀 (Colab set-up): 펼치지 않고 실행만 하면 됩니다 { display-mode: "form" }
# Colab에서 kislearn이 없을 때만 설치합니다: 강사에게 받은 .whl 파일을 올리거나, 아래 칸에 강사가 준 주소를 적습니다.
# 설치 파일은 코스 폴더가 있는 컴퓨터에서 `python -m pip wheel --no-deps -w dist .`로 만듭니다.
KISLEARN_SOURCE = ""  # @param {type:"string"}

import sys

if "google.colab" in sys.modules:
    import glob
    import importlib
    import importlib.metadata
    import importlib.util
    import os
    import subprocess

    if importlib.util.find_spec("kislearn") is None:
        source = KISLEARN_SOURCE or max(glob.glob("kislearn-*.whl"), key=os.path.getmtime, default="")
        if not source:
            from google.colab import files

            print("강사에게 받은 kislearn-….whl 파일을 골라 올리세요 (upload the course wheel).")
            source = next((name for name in files.upload() if name.endswith(".whl")), "")
        if not source:
            raise FileNotFoundError("kislearn 설치 파일(.whl)을 받지 못했습니다 (no wheel uploaded). "
                                    "파일을 올리거나 KISLEARN_SOURCE에 주소를 적고 이 셀을 다시 실행하세요.")
        requirement = f"kislearn[colab] @ {source}" if "://" in source else f"{source}[colab]"
        if subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", requirement]).returncode != 0:
            raise RuntimeError(f"kislearn 설치에 실패했습니다 (pip install failed: {requirement}). "
                               "위에 나온 pip 메시지를 확인하세요.")
        importlib.invalidate_caches()
    print("kislearn", importlib.metadata.version("kislearn"), "준비 완료 (ready)")
else:
    print("Colab이 아니라서 설치할 것이 없습니다. 다음 셀로 넘어가세요 (not on Colab: nothing to install).")

# %%
import re
from datetime import datetime, timedelta

import pandas as pd

import kislearn
from kislearn import workshop
from kislearn.spec import KST  # 한국 시각(UTC+9) 시간대

# %% [markdown]
# ## 과제 1. 계좌번호 나누기 (`01_constructor`)
#
# mojito2는 `acc_no.split('-')[1]`만 해서, 하이픈이 없으면 알 수 없는 `IndexError`가 납니다.
#
# **할 일**: `split_account("12345678-01")`이 `("12345678", "01")`(문자열 두 개의 튜플)을 돌려주게 하세요.
# 모양이 `숫자 8자리-숫자 2자리`가 아니면(하이픈 없음, 자릿수, 글자, 공백, 빈 문자열) `ValueError`를 올리고,
# 메시지에 올바른 형태(`12345678-01`)를 적어 주세요. 숫자는 0–9만입니다(전각 숫자 `１２３`은 안 됩니다).

# %% tags=["solution"]
def split_account(text):
    """'12345678-01' → ('12345678', '01'); any other form raises ValueError."""
    if not re.fullmatch(r"[0-9]{8}-[0-9]{2}", text):
        raise ValueError(f"계좌번호 형식 오류: {text!r}. 올바른 형태: '12345678-01'")
    cano, product_code = text.split("-")
    return cano, product_code


# %%
workshop.check_split_account(split_account)


# %% [markdown]
# ## 과제 2. `authorization` 헤더 만들기 (`02_access_token`)
#
# 접근토큰 응답(`token_answer`)은 `{"access_token": "eyJ...", "token_type": "Bearer", "expires_in": 86400,
# "access_token_token_expired": "2026-11-25 09:00:00"}` 모양입니다.
#
# **할 일**: GET 요청에 쓰는 헤더 dict를 돌려주세요. 키는 모두 소문자입니다: `authorization`
# (`"Bearer eyJ..."`), `appkey`, `appsecret`, `tr_id`, `custtype`(개인은 `"P"`), 그리고 `content-type`(`"application/json; charset=utf-8"`).

# %% tags=["solution"]
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


# %%
workshop.check_make_headers(make_headers)


# %% [markdown]
# ## 과제 3. 캐시된 토큰을 아직 써도 되나? (`03_token_cache`)
#
# mojito2는 `expires_in`(발급 순간부터 센 초)과 내 컴퓨터 시각으로 만료를 판단합니다. 캐시에서 꺼낸 토큰에는 맞지 않습니다.
#
# **할 일**: 서버가 준 만료 시각 `access_token_token_expired`(한국 시각 문자열)를 읽어, `now`(한국 시각 `datetime`)에
# **60초 넘게** 남았으면 `True`, 아니면(딱 60초 남았을 때도) `False`를 돌려주세요. 시간대는 위에서 가져온 `KST`를 쓰세요.
# 지금 시각은 내 컴퓨터의 `datetime.now()`가 아니라 인자로 받은 `now`입니다(채점기는 정해진 시각을 넘깁니다).

# %% tags=["solution"]
def token_is_usable(token_answer, now):
    """True while the token has more than 60 seconds left (access_token_token_expired is Korea time)."""
    text = token_answer["access_token_token_expired"]
    expires = datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=KST)  # 빈칸: 힌트 2의 datetime.strptime(...).replace(tzinfo=KST)
    return now < expires - timedelta(seconds=60)


# %%
workshop.check_token_is_usable(token_is_usable)


# %% [markdown]
# ## 과제 4. 잔고의 모든 쪽 받기 (`04_balance`)
#
# 모의투자 잔고는 한 쪽에 20행씩 옵니다. `broker.fetch_balance_page(ctx_area_fk100, ctx_area_nk100, next_page=...)`는
# 한 쪽을 받아 `.tr_cont`(응답 헤더)와 `.body`(응답 본문)를 가진 객체를 돌려줍니다.
#
# **할 일**: 모든 쪽의 `output1` 행을 하나의 list로 돌려주세요. `tr_cont`가 `F`나 `M`이면 다음 쪽이 있고,
# `D`나 `E`면 마지막 쪽입니다. 다음 쪽은 앞 쪽 `body`의 `ctx_area_fk100`·`ctx_area_nk100`과 `next_page=True`
# (요청 헤더 `tr_cont: N`)로 요청합니다. 채점기는 가짜 서버 몇 개와, 55종목 계좌가 있는 샌드박스로 확인합니다.

# %% tags=["solution"]
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


# %%
workshop.check_fetch_all_holdings(fetch_all_holdings)


# %% [markdown]
# ## 과제 5. D+2 기준 총평가금액 (`05_output2`)
#
# `summary`는 `balance["output2"][0]`(계좌 요약 dict, 값은 모두 문자열)입니다.
#
# **할 일**: 총평가금액을 **직접 계산해** `int`로 돌려주세요: 유가증권 평가금액(`scts_evlu_amt`) + **D+2 예수금**
# (`prvs_rcdl_excc_amt`). 오늘 예수금 `dnca_tot_amt`(D+0)가 아닙니다. 응답의 `tot_evlu_amt`를 그대로 베끼지도 마세요.

# %% tags=["solution"]
def total_evaluation(summary):
    """총평가금액 = 유가증권 평가금액 + D+2 예수금."""
    return int(summary["scts_evlu_amt"]) + int(summary["prvs_rcdl_excc_amt"])


# %%
workshop.check_total_evaluation(total_evaluation)


# %% [markdown]
# ## 과제 6. `output1` → 숫자형 DataFrame, 평가금액 합계 (`06_output1`)
#
# **할 일**: 보유 종목 목록 `output1`을 열 `종목코드`(`pdno`), `종목명`(`prdt_name`), `보유수량`(`hldg_qty`),
# `평가금액`(`evlu_amt`) **네 열만** 가진 DataFrame으로 바꾸세요(열 순서는 자유). 수량·금액은 **정수 열**(`int64`)로, 종목코드는 문자열 그대로
# (`'005930'`의 앞 0 유지). 행 순서는 자유입니다. 그러면 `frame["평가금액"].sum()`이 `output2`의 `evlu_amt_smtl_amt`와 같아야 합니다.
# 빈 계좌(`[]`)도 같은 열을 가진 빈 표가 되어야 합니다.

# %% tags=["solution"]
def holdings_frame(output1):
    """output1 → 종목코드, 종목명 (text), 보유수량, 평가금액 (int64)."""
    names = {"pdno": "종목코드", "prdt_name": "종목명", "hldg_qty": "보유수량", "evlu_amt": "평가금액"}
    frame = pd.DataFrame(output1, columns=list(names)).rename(columns=names)
    frame[["보유수량", "평가금액"]] = frame[["보유수량", "평가금액"]].astype("int64")  # 빈칸: 힌트 2의 .astype('int64')
    return frame


# %%
workshop.check_holdings_frame(holdings_frame)


# %% [markdown]
# ## 과제 7. 샌드박스에서 시장가 매수, D+2 예수금 변화 (`07_orders`)
#
# 채점기가 나만의 샌드박스를 띄우고, 빈 계좌 `50010001-01`(현금 1천만 원)에 붙은 `broker`를 넘겨줍니다.
#
# **할 일**: 주문 전 잔고를 보고, `012330`(현대모비스)을 **한 주 시장가로 매수**한 뒤, 주문 뒤 잔고를 보고,
# D+2 예수금 `prvs_rcdl_excc_amt`의 변화(**후 − 전**, `int`)를 돌려주세요. 주문은 한 번만 내세요.
# 채점기는 매수 수수료율을 바꾼 샌드박스에서 함수를 한 번 더 부릅니다. 답을 숫자로 적지 말고 두 잔고에서 계산하세요.

# %% tags=["solution"]
def buy_and_report(broker):
    """Buy one share of 012330 at market price; return the change of D+2 예수금 (after − before)."""
    before = int(broker.fetch_balance()["output2"][0]["prvs_rcdl_excc_amt"])
    broker.create_market_buy_order("012330", 1)
    after = int(broker.fetch_balance()["output2"][0]["prvs_rcdl_excc_amt"])  # 빈칸: before와 같은 방법으로
    return after - before


# %%
workshop.check_buy_and_report(buy_and_report)


# %% [markdown]
# ## 과제 8. 오류 처리: `KisApiError`의 `msg_cd` (`08_errors`)
#
# **할 일**: `broker.fetch_balance()`를 불러 성공하면 그 잔고 dict를, KIS가 오류로 답하면(`kislearn.KisApiError`)
# 그 오류 코드 `msg_cd`(예: `'OPSQ2000'`)를 돌려주세요. API 오류가 아닌 예외(코드의 버그)는 **잡지 말고** 그대로
# 올라가게 두세요 — `except Exception`은 버그까지 숨깁니다.

# %% tags=["solution"]
def balance_or_code(broker):
    """The balance, or the msg_cd when KIS answers with an error."""
    try:
        return broker.fetch_balance()
    except kislearn.KisApiError as error:
        return error.msg_cd


# %%
workshop.check_balance_or_code(balance_or_code)


# %% [markdown]
# ## 과제 9. 종가의 N일 이동평균 (`12_chart`)
#
# `answer`는 `broker.fetch_ohlcv(...)`의 응답(국내주식기간별시세) 모양입니다: `answer["output2"]`가 봉의 목록이고,
# **최근 봉부터** 옵니다. 봉마다 `stck_bsop_date`(주식 영업 일자, `"20261120"`)와 `stck_clpr`(주식 종가, 문자열)가 있습니다.
#
# **할 일**: 종가의 `days`일 이동평균을 pandas **Series**로 돌려주세요. 인덱스는 날짜(`pd.Timestamp`, 곧 DatetimeIndex)이고
# **오래된 것부터**입니다. 처음 `days - 1`개는 평균을 낼 날이 모자라니 `NaN`입니다(`rolling(days).mean()` 그대로).
# 채점기는 채점기가 만든 응답 두 개로, 5일과 3일 평균을 확인합니다.

# %% tags=["solution"]
def moving_average(answer, days):
    """The days-day moving average of 종가 (stck_clpr), indexed by date, oldest first."""
    frame = pd.DataFrame(answer["output2"])
    close = frame["stck_clpr"].astype("int64")
    close.index = pd.to_datetime(frame["stck_bsop_date"], format="%Y%m%d")
    average = close.sort_index().rolling(days).mean()  # 빈칸: 힌트 2의 .sort_index().rolling(days).mean()
    return average


# %%
workshop.check_moving_average(moving_average)


# %% [markdown]
# ## 과제 10. 남은 주문 취소하기 (`13_order_life`)
#
# 채점기가 나만의 샌드박스를 띄우고, 체결되지 않은 지정가 매수 주문이 몇 개 걸린 빈 계좌의 `broker`와, 그 가운데 하나의
# 주문 응답의 `output`(`order`, 예: `{"KRX_FWDG_ORD_ORGNO": "06010", "ODNO": "0000000002", "ORD_TMD": "153000"}`)을 넘겨줍니다.
#
# **할 일**: `broker.request("주식주문(정정취소)", ...)`로 **그 주문의 남은 수량을 전부 취소**하고, 취소 주문이 받은
# **새 주문번호**(응답 `output`의 `ODNO`, 문자열)를 돌려주세요. 다른 주문은 건드리지 말고, 취소는 한 번만 보내세요.
# 보낼 값(13 노트북 6절): `KRX_FWDG_ORD_ORGNO`, `ORGN_ODNO`(원주문번호), `ORD_DVSN` `"00"`, `RVSE_CNCL_DVSN_CD`
# (정정취소구분코드: `"01"` 정정, `"02"` 취소), `ORD_QTY`, `ORD_UNPR`, `QTY_ALL_ORD_YN`(잔량전부주문여부).

# %% tags=["solution"]
def cancel_order(broker, order):
    """Cancel everything left of order (an order answer's output); return the cancellation's new ODNO."""
    kind = "02"  # 빈칸: 정정취소구분코드 (01 정정, 02 취소)
    answer = broker.request(
        "주식주문(정정취소)",
        KRX_FWDG_ORD_ORGNO=order["KRX_FWDG_ORD_ORGNO"],
        ORGN_ODNO=order["ODNO"],
        ORD_DVSN="00",
        RVSE_CNCL_DVSN_CD=kind,
        ORD_QTY="0",
        ORD_UNPR="0",
        QTY_ALL_ORD_YN="Y",
    )
    return answer["output"]["ODNO"]


# %%
workshop.check_cancel_order(cancel_order)


# %% [markdown]
# ## 과제 11. 실시간 체결가 프레임 읽기 (`14_realtime`)
#
# 웹소켓으로 오는 실시간체결가 프레임 `frame`은 `"0|H0STCNT0|001|005930^100002^97700^…"` 모양의 글자입니다: 암호화 여부 |
# tr_id | 레코드 수 | `^`로 이은 값들. 레코드 한 건은 명세서 시트("국내주식 실시간체결가 (KRX)")의 필드 46개이고, 레코드 수가
# `003`이면 46개씩 세 건이 이어져 있습니다. 필드의 순서는 `kislearn.catalog.find("H0STCNT0").response_fields`에 있습니다.
#
# **할 일**: 프레임의 **모든 레코드**를 순서대로 `(체결 시간, 현재가, 체결 거래량)` 튜플의 list로 돌려주세요.
# 체결 시간(`STCK_CNTG_HOUR`)은 **글자 그대로**(`"090000"`), 현재가(`STCK_PRPR`)와 체결 거래량(`CNTG_VOL`)은 `int`입니다.
# 채점기는 샌드박스의 시장이 만든 진짜 프레임 세 개(한 건, 장 시작 09:00:00의 첫 체결, 세 건)로 확인합니다.

# %% tags=["solution"]
def read_trades(frame):
    """Every record of a H0STCNT0 frame as (체결 시간 text, 현재가 int, 체결 거래량 int)."""
    names = [item.name for item in kislearn.catalog.find("H0STCNT0").response_fields]
    flag, tr_id, count, data = frame.split("|")
    values = data.split("^")
    trades = []
    for start in range(0, int(count) * len(names), len(names)):
        record = dict(zip(names, values[start:start + len(names)], strict=True))
        trade = (record["STCK_CNTG_HOUR"], int(record["STCK_PRPR"]), int(record["CNTG_VOL"]))  # 빈칸: 힌트 2의 세 필드
        trades.append(trade)
    return trades


# %%
workshop.check_read_trades(read_trades)


# %% [markdown]
# ## 과제 12. 주문은 한 번만: 답을 잃어버렸을 때 (`15_first_bot`)
#
# 주문을 보냈는데 답이 오지 않으면(시간 초과, 연결 끊김) kislearn은 주문을 다시 보내지 않고
# `kislearn.OrderMaybePlacedError`를 일으킵니다. 주문이 서버에 닿았는지 알 수 없기 때문입니다. 봇이 여기서 같은 주문을 다시
# 보내면 두 번 사게 될 수 있습니다.
#
# 채점기가 나만의 샌드박스(2026-11-20 10:00, 장중)에 붙은 `broker`와, 오늘의 주문을 주식일별주문체결조회로 찾아 주는 함수
# `find_order(side, quantity)`(찾으면 주문번호, 없으면 `None`)를 넘겨줍니다. 채점기의 `broker`는 가끔 주문의 답을 잃어버립니다.
#
# **할 일**: 삼성전자(`005930`) 5주를 **시장가로 한 번** 사고 주문번호(`ODNO`)를 돌려주세요. 답 대신
# `OrderMaybePlacedError`가 오면 **다시 보내지 말고** `find_order("buy", 5)`의 값을 돌려주세요. 채점기는 세 경우를 봅니다:
# 답이 제대로 올 때, 주문은 들어갔는데 답을 잃어버렸을 때, 주문이 서버에 닿지 못했을 때(이때 정답은 `None`).

# %% tags=["solution"]
def buy_once(broker, find_order):
    """Buy 5 shares of 005930 at market once; when the answer is lost, look the order up instead of resending."""
    try:
        answer = broker.create_market_buy_order("005930", 5)
    except kislearn.OrderMaybePlacedError:
        found = find_order("buy", 5)  # 빈칸: 다시 보내지 말고 찾아보기
        return found
    return answer["output"]["ODNO"]


# %%
workshop.check_buy_once(buy_once)

# %% [markdown]
# ## 모두 통과했나요?
#
# 아래 셀은 모든 과제를 한꺼번에 다시 채점해 한 줄씩 보여 주고, 모두 통과하면 🎉를 보여 줍니다.

# %%
functions = [split_account, make_headers, token_is_usable, fetch_all_holdings,
             total_evaluation, holdings_frame, buy_and_report, balance_or_code,
             moving_average, cancel_order, read_trades, buy_once]
passed = 0
for number, function in enumerate(functions, start=1):
    result = workshop.CHECKERS[number](function)
    print("✅" if result.passed else "⬜", result.title)
    passed += result.passed
if passed == len(functions):
    print(f"🎉 {len(functions)}개 과제를 모두 통과했습니다! 수고하셨습니다.")
else:
    print(f"➡ {len(functions) - passed}개 남았습니다. ⬜ 과제의 채점 셀을 다시 실행해 보세요.")
