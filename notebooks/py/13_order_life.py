# %% [markdown]
# # 13. 주문의 일생 — 접수, 기다림, 체결, 정정·취소, 결제
#
# 07 노트북의 샌드박스는 시계가 멈춰 있어서, 지정가 주문을 내면 그대로 남아 있기만 했습니다. 이번에는 **시장 시계를 직접
# 움직이며** 주문 하나가 태어나서(접수) 기다리고(미체결) 체결되고, 돈이 실제로 오가기(결제)까지를 따라갑니다.
#
# **학습 목표**
#
# - 주문 전에 **매수가능조회**로 주문가능현금과 살 수 있는 수량을 확인한다.
# - 지정가 주문이 미체결로 기다리다가 가격이 닿으면 체결되는 과정을, 시계를 움직이며 **주식일별주문체결조회**로 본다.
# - **주식주문(정정취소)**로 주문 가격을 고치고(정정) 남은 주문을 거둔다(취소).
# - 장이 끝나면 남은 주문이 사라지고, 예수금 세 칸(D+0, D+1, D+2)이 이틀에 걸쳐 하나로 모이는 것을 본다.
# - 장 시간 밖의 주문에 모의투자 서버가 어떻게 답하는지 안다.
#
# 예상 시간: 45분

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

# %% [markdown]
# ## 1. 장중에 서 있는 샌드박스
#
# 이번에는 시계가 **2026-11-20(금) 10:00, 장중**에 서 있는 샌드박스를 띄웁니다(`clock="fixed@…"`). 멈춘 시계이지만 우리가
# `move_clock()`으로 움직이라고 하면 그만큼 갑니다. 그래서 누가 언제 실행해도 같은 순간에 같은 가격, 같은 체결이 나옵니다.
#
# 주문이 언제 어떻게 체결되는지(체결 규칙)는 **샌드박스가 정한 단순한 모형**입니다. 진짜 거래소에는 다른 사람들의 주문이
# 줄을 서 있지만, 샌드박스에서는 내 주문이 언제나 그 가격의 맨 앞에 섭니다. 규칙 전체는 README의 "주문의 일생" 절에 있습니다.

# %%
import tempfile

import pandas as pd

import kislearn
from kislearn.sandbox import Sandbox, demo_app
from kislearn.sandbox_tools import market_clock, move_clock

sandbox = Sandbox(port=0, clock="fixed@2026-11-20T10:00").start()  # 금요일 10:00에 서 있는 시계
app = demo_app("paper", student="주문의일생")  # 이 이름만의 앱키·시크릿 (샌드박스 전용)
workspace = tempfile.TemporaryDirectory(prefix="kislearn-13-")  # 이 노트북만의 토큰 캐시 (마지막 셀에서 지움)
broker = kislearn.KoreaInvestment(app.appkey, app.appsecret, "50010001-01", mock=True,  # 빈 계좌: 현금 1천만 원
                                  base_url=sandbox.url_for("paper"), token_cache=workspace.name)

clock = market_clock(broker)
print(f"시장 시각: {clock['now']} | 장 구간: {clock['phase']} | 장이 열려 있나요? {clock['market_open']}")
print(f"삼성전자 현재가: {int(broker.fetch_price('005930')['output']['stck_prpr']):,}원")

# %% [markdown]
# `continuous`는 09:00–15:20의 **연속매매** 시간이라는 뜻입니다. 주문이 들어오는 대로 바로바로 거래되는 시간입니다.
#
# ## 2. 사기 전에: 매수가능조회
#
# 주문을 내기 전에 "이 가격에 몇 주까지 살 수 있나"를 물어볼 수 있습니다. **매수가능조회**(`inquire-psbl-order`, 모의투자
# `VTTC8908R`)입니다. kislearn에 따로 메서드는 없지만, 공식 명세의 어느 API든 부르는 `broker.request("API 이름", ...)`로
# 부릅니다(계좌번호 `CANO`·`ACNT_PRDT_CD`는 알아서 채워 줍니다). 요청 값은 명세서의 필수 항목 그대로입니다.

# %%
from kislearn.glossary import field


def buying_power(symbol: str, price: int, division: str) -> dict:
    """매수가능조회의 output: symbol을 price원에(division "00" 지정가, "01" 시장가) 몇 주까지 살 수 있나."""
    answer = broker.request(
        "매수가능조회",
        PDNO=symbol,                 # 상품번호: 종목코드
        ORD_UNPR=str(price),         # 주문단가 (시장가면 "0")
        ORD_DVSN=division,           # 주문구분: 00 지정가, 01 시장가
        CMA_EVLU_AMT_ICLD_YN="N",    # CMA평가금액포함여부
        OVRS_ICLD_YN="N",            # 해외포함여부
    )
    return answer["output"]


POWER_FIELDS = ["ord_psbl_cash", "psbl_qty_calc_unpr", "nrcvb_buy_amt", "nrcvb_buy_qty", "max_buy_amt", "max_buy_qty"]
limit_power = buying_power("005930", 97_100, "00")
market_power = buying_power("005930", 0, "01")
pd.DataFrame({"공식 이름": [field(name).official_name for name in POWER_FIELDS],
              "지정가 97,100원": [int(limit_power[name]) for name in POWER_FIELDS],
              "시장가": [int(market_power[name]) for name in POWER_FIELDS]}, index=POWER_FIELDS)

# %% [markdown]
# - `ord_psbl_cash`(주문가능현금)는 1천만 원입니다. 아직 아무 주문도 없기 때문입니다.
# - 지정가 97,100원이면 **102주**(수수료까지 넣어서)를 살 수 있습니다.
# - 시장가는 값을 모르니 **상한가**(그날 오를 수 있는 가장 높은 값, 여기서는 128,300원)로 계산합니다. 그래서 수량이 적습니다.
#   주문할 때도 같은 규칙으로 현금을 확인합니다(07 노트북). 명세서 시트도 "특정 종목 전량매수 시 가능수량을 확인하실 경우
#   ORD_DVSN:00(지정가)는 종목증거금율이 반영되지 않습니다. 따라서 "반드시" ORD_DVSN:01(시장가)로 지정하여" 확인하라고 적고 있습니다.
# - `nrcvb_…`(미수없는…)와 `max_…`(최대…)가 같은 것은, 샌드박스 계좌에는 미수(외상으로 사기)가 없기 때문입니다(샌드박스의
#   선택). 명세서는 미수를 쓰지 않으면 `nrcvb_buy_amt`·`nrcvb_buy_qty`를 보라고 합니다.
#
# ## 3. 지정가 매수 주문: 접수
#
# 지금 97,600원인 삼성전자를 **97,100원에 10주** 사겠다고 주문합니다. 지금 가격보다 싸니 바로 체결되지 않고 기다립니다.

# %%
first_order = broker.create_limit_buy_order("005930", 97_100, 10)
print(first_order["msg_cd"], first_order["msg1"].strip())
print(f"주문번호 ODNO: {first_order['output']['ODNO']} | 한국거래소전송주문조직번호 KRX_FWDG_ORD_ORGNO: "
      f"{first_order['output']['KRX_FWDG_ORD_ORGNO']} | 주문시각 ORD_TMD: {first_order['output']['ORD_TMD']}")

# %% [markdown]
# 응답의 `output` 세 칸은 나중에 쓰입니다. 특히 **주문번호(`ODNO`)와 `KRX_FWDG_ORD_ORGNO`는 정정·취소할 때 꼭 필요**하니
# 버리지 말고 보관하세요. (샌드박스의 주문시각은 시장 시계의 시각이라 `100000`입니다.)
#
# 미체결 매수는 그만큼의 현금을 **묶어 둡니다**. 매수가능조회를 다시 해 보면 주문가능현금이 줄었습니다.

# %%
after_order = buying_power("005930", 97_100, "00")
held = int(limit_power["ord_psbl_cash"]) - int(after_order["ord_psbl_cash"])
print(f"주문가능현금: {int(after_order['ord_psbl_cash']):,}원 (묶인 돈 {held:,}원 = 97,100 × 10 + 수수료 130원)")

# %% [markdown]
# 묶인 돈은 지정가 × 수량에 수수료(0.014%, 10원 단위 버림)를 더한 값입니다(샌드박스의 계산, README "매수에 묶는 현금").
#
# ## 4. 내 주문 보기: 주식일별주문체결조회
#
# 낸 주문이 지금 어떤 상태인지는 **주식일별주문체결조회**(`inquire-daily-ccld`)로 봅니다. 이 API는 조회 기간에 따라
# `tr_id`가 둘입니다: 3개월 이내 `VTTC0081R`, 3개월 이전 `VTSC9215R`(모의투자). `tr_id="3개월이내"`로 고릅니다.
# 요청 값이 많지만 대부분 "전체"를 뜻하는 값입니다. 한 번 함수로 만들어 두고 계속 씁시다.

# %%
ORDER_COLUMNS = ["odno", "orgn_odno", "sll_buy_dvsn_cd_name", "ord_unpr", "ord_qty", "tot_ccld_qty", "rmn_qty",
                 "avg_prvs", "cncl_yn", "ord_tmd"]


def orders_of(day: str) -> dict:
    """주식일별주문체결조회: day(YYYYMMDD) 하루의 모든 주문 (최근 주문이 위)."""
    return broker.request(
        "주식일별주문체결조회", tr_id="3개월이내",
        INQR_STRT_DT=day, INQR_END_DT=day,  # 조회시작일자, 조회종료일자
        SLL_BUY_DVSN_CD="00",               # 매도매수구분코드: 00 전체, 01 매도, 02 매수
        ORD_GNO_BRNO="",                     # 주문채번지점번호: 비움
        CCLD_DVSN="00",                      # 체결구분: 00 전체, 01 체결, 02 미체결
        INQR_DVSN="00",                      # 조회구분: 00 역순(최근 것부터), 01 정순
        INQR_DVSN_1="", INQR_DVSN_3="00",    # 조회구분1: 비움, 조회구분3: 00 전체
        EXCG_ID_DVSN_CD="KRX",               # 거래소ID구분코드
        CTX_AREA_FK100="", CTX_AREA_NK100="",  # 연속조회: 첫 쪽은 비움 (다음 쪽은 broker.request가 따라감)
    )


def orders_table(day: str = "20261120") -> pd.DataFrame:
    """그날의 주문을 표로: 열 이름은 공식 이름."""
    rows = orders_of(day)["output1"]
    table = pd.DataFrame(rows, columns=ORDER_COLUMNS)
    return table.rename(columns={name: field(name).official_name for name in ORDER_COLUMNS})


orders_table()

# %% [markdown]
# - `ord_qty`(주문수량) 10, `tot_ccld_qty`(총체결수량) 0, `rmn_qty`(잔여수량) 10: 아직 한 주도 체결되지 않았습니다.
# - `avg_prvs`(평균가)는 체결된 값의 평균이라 아직 0입니다.
# - 명세서: 한 번에 **실전 100건, 모의투자 15건**까지 오고, 나머지는 연속조회(`tr_cont`, ctx 키)로 받습니다. `broker.request`는
#   04 노트북의 잔고처럼 다음 쪽을 따라가서 모두 모아 줍니다.
#
# ## 5. 시계를 움직이면: 기다리다 체결
#
# 이제 `move_clock(broker, minutes=30)`으로 시장을 30분씩 보내며, 그때마다 현재가와 내 주문의 체결 수량을 적어 봅시다.

# %%
steps = []
for _ in range(6):
    now = move_clock(broker, minutes=30)["now"]
    price = int(broker.fetch_price("005930")["output"]["stck_prpr"])
    order = orders_of("20261120")["output1"][0]
    steps.append((now[11:16], price, int(order["tot_ccld_qty"]), int(order["rmn_qty"]), int(order["avg_prvs"])))
pd.DataFrame(steps, columns=["시각", "현재가", "총체결수량", "잔여수량", "평균가"])

# %% [markdown]
# 12:00과 12:30 사이에 가격이 97,100원 아래로 내려가자 주문이 **97,100원에 10주 모두** 체결됐습니다. 가격이 97,000원까지
# 내려갔어도 체결가는 내가 정한 97,100원입니다. 지정가 매수는 "이 값 **이하**라면 사겠다"는 뜻이고, 샌드박스는 닿은 체결마다
# 지정가로 채웁니다(샌드박스의 선택). 큰 주문은 체결 한 건의 수량만큼씩 여러 번에 나뉘어 채워지기도 합니다(부분 체결).
#
# 진짜 시장에서는 가격이 내 지정가에 닿아도 **나보다 먼저 줄 선 주문**이 있으면 체결되지 않을 수 있습니다. 샌드박스에는
# 그 줄이 없어서, 여기서 체결됐다고 진짜에서도 체결되리라는 보장은 없습니다.
#
# 잔고에도 10주가 들어왔습니다.

# %%
from kislearn import frames

frames.holdings_frame(broker.fetch_balance(), columns=["pdno", "prdt_name", "hldg_qty", "pchs_avg_pric", "prpr"])

# %% [markdown]
# ## 6. 정정과 취소: 주식주문(정정취소)
#
# 이번에는 체결되지 않을 만큼 싼 **96,000원에 5주** 매수 주문을 내고, 가격을 96,500원으로 **정정**한 뒤, 끝내 **취소**합니다.
# 주식주문(정정취소)(`order-rvsecncl`, 모의투자 `VTTC0013U`)는 원주문의 `KRX_FWDG_ORD_ORGNO`와 주문번호(`ORGN_ODNO`)로
# 어느 주문인지 가리킵니다.

# %%
def revise_or_cancel(order: dict, kind: str, price: int = 0) -> dict:
    """order(주문 응답의 output)의 남은 수량 전부를 정정(kind "01", 새 가격 price) 또는 취소(kind "02")."""
    answer = broker.request(
        "주식주문(정정취소)",
        KRX_FWDG_ORD_ORGNO=order["KRX_FWDG_ORD_ORGNO"],  # 원주문의 한국거래소전송주문조직번호
        ORGN_ODNO=order["ODNO"],                           # 원주문번호
        ORD_DVSN="00",                                     # 주문구분: 00 지정가
        RVSE_CNCL_DVSN_CD=kind,                            # 정정취소구분코드: 01 정정, 02 취소
        ORD_QTY="0",                                       # 주문수량: 잔량전부면 0
        ORD_UNPR=str(price),                               # 주문단가: 정정할 가격 (취소면 0)
        QTY_ALL_ORD_YN="Y",                                # 잔량전부주문여부: Y 남은 수량 전부
    )
    print(answer["msg_cd"], answer["msg1"].strip(), "| 새 주문번호:", answer["output"]["ODNO"])
    return answer["output"]


cheap = broker.create_limit_buy_order("005930", 96_000, 5)["output"]
revised = revise_or_cancel(cheap, "01", 96_500)  # 96,000 → 96,500원으로 정정
cancelled = revise_or_cancel(revised, "02")       # 정정한 주문을 취소
orders_table()

# %% [markdown]
# 표를 아래에서 위로(오래된 주문부터) 읽습니다.
#
# 1. `0000000002` 96,000원 5주 매수 — 원주문. 정정하면서 남은 수량이 정정 주문으로 옮겨 가 잔여수량이 0이 됐습니다.
# 2. `0000000003` **매수정정*** — 원주문번호(`orgn_odno`)가 `0000000002`. 정정은 **새 주문번호**를 받습니다. 그래서 취소할 때는
#    이 새 번호를 가리켜야 합니다(모의투자 사용자들의 기록과 같습니다).
# 3. `0000000004` **매수취소*** — 원주문번호가 `0000000003`. 취소여부(`cncl_yn`) Y.
#
# 응답 코드 `40620000`(정정)·`40630000`(취소)은 모의투자 사용자들의 기록에 있는 코드입니다. 매도매수구분코드명의
# `매수정정*`·`매수취소*`라는 글자는 사용자 기록과 명세서 예시("BUY AMEND*")를 보고 샌드박스가 정한 것입니다.
#
# 명세서는 정정·취소 전에 **주식정정취소가능주문조회**로 정정·취소할 수 있는 수량(`psbl_qty`)을 확인하라고 하지만, 그 API는
# 명세서에 **모의투자 미지원**으로 적혀 있습니다. 모의투자에서는 주식일별주문체결조회의 잔여수량을 보세요. 이미 다 취소된
# 주문을 또 취소하면 거절됩니다.

# %%
try:
    revise_or_cancel(revised, "02")
except kislearn.KisApiError as error:
    print(f"{type(error).__name__}: {error.msg_cd} {error.msg1.strip()}")

# %% [markdown]
# `40330000` "모의투자 정정/취소할 수량이 없습니다."도 모의투자 사용자들의 기록에 있는 코드와 메시지입니다. 취소했으니 묶였던 현금도 풀렸습니다.

# %%
print(f"주문가능현금: {int(buying_power('005930', 97_100, '00')['ord_psbl_cash']):,}원")

# %% [markdown]
# 1천만 원에서 체결된 10주의 값(971,000원)과 수수료(130원)만 빠졌습니다.
#
# ## 7. 장이 끝나면: 남은 주문은 사라진다
#
# 주문은 **그날만** 유효합니다(당일 주문). 절대 닿지 않을 90,000원에 1주 매수 주문을 걸어 두고, 시계를 다음 영업일로 보내
# 봅시다. 그 전에 오늘(금요일)의 예수금 세 칸도 적어 둡니다. 다음 절에서 씁니다.

# %%
CASH = ["dnca_tot_amt", "nxdy_excc_amt", "prvs_rcdl_excc_amt"]  # 예수금총금액(D+0), 익일정산금액(D+1), 가수도정산금액(D+2)


def cash_of(label: str) -> dict:
    """지금 잔고의 예수금 세 칸과 매수금액(금일·전일)."""
    summary = broker.fetch_balance()["output2"][0]
    return {"언제": label, **{name: int(summary[name]) for name in CASH + ["thdt_buy_amt", "bfdy_buy_amt"]}}


never = broker.create_limit_buy_order("005930", 90_000, 1)["output"]
print(f"90,000원 주문 뒤 주문가능현금: {int(buying_power('005930', 97_100, '00')['ord_psbl_cash']):,}원")
cash_days = [cash_of("금 11-20 (산 날)")]
move_clock(broker, to="2026-11-23T09:00:00+09:00")  # 월요일 장 시작
print(f"월요일의 주문가능현금: {int(buying_power('005930', 97_100, '00')['ord_psbl_cash']):,}원")
print(f"월요일의 주문: {len(orders_of('20261123')['output1'])}건")
orders_table("20261120").head(1)  # 금요일의 마지막 주문: 90,000원 1주

# %% [markdown]
# 금요일이 끝나면서 90,000원 주문은 사라졌고(만료), 묶였던 90,010원(90,000원 + 수수료 10원)이 풀렸습니다. 새 영업일에는
# 주문이 하나도 없습니다. 금요일의 주문 목록에서 그 주문은 잔여수량 1인 채로 남아 있습니다. 진짜 KIS가 만료된 주문을 어떻게 보여 주는지는 공개된
# 기록이 없어서, 샌드박스는 잔여수량을 그대로 둡니다(샌드박스의 선택).
#
# ## 8. 결제: 예수금 세 칸이 하나로 모이기
#
# 07 노트북에서 본 대로, 오늘 산 주식의 돈은 **2영업일 뒤(D+2)에** 실제로 나갑니다. 금요일에 샀으니 주말을 건너 화요일입니다.
# 월요일과 화요일의 예수금을 금요일 것과 나란히 놓아 봅시다.

# %%
cash_days.append(cash_of("월 11-23 (D+1)"))
move_clock(broker, to="2026-11-24T09:00:00+09:00")  # 화요일 장 시작
cash_days.append(cash_of("화 11-24 (D+2, 결제일)"))
settlement = pd.DataFrame(cash_days).set_index("언제").T  # 줄: 필드, 열: 날
settlement.insert(0, "공식 이름", [field(name).official_name for name in settlement.index])
settlement.columns.name = None
settlement

# %% [markdown]
# - **금요일**: D+2 예수금(`prvs_rcdl_excc_amt`)만 971,130원 줄었습니다. D+0과 D+1은 그대로입니다.
# - **월요일**: 금요일의 매매가 "어제의 매매"가 됩니다(`thdt_buy_amt` → `bfdy_buy_amt`). 예수금이 하루씩 당겨져 D+1도 줄었습니다.
# - **화요일**: 결제일. D+0 예수금(`dnca_tot_amt`)까지 줄어 **세 칸이 같아졌습니다**. 전일 매수금액도 0으로 돌아갔습니다.
#
# 날이 바뀌는 시각(다음 영업일 0시)과 계산식은 샌드박스가 정한 것입니다(README "결제"). 결제일이 체결일로부터 2영업일
# 뒤라는 것(T+2)은 한국 주식시장의 규칙이고, 금요일에 사면 화요일에 결제된다는 것도 그 규칙에서 나옵니다.
#
# ## 9. 장 시간 밖의 주문
#
# 이 노트북의 샌드박스는 수업을 위해 **언제든 주문을 받습니다**(`fixed`·`course` 시계의 선택). 진짜 모의투자 서버는
# 09:00–15:30에만 주문을 받습니다. `SandboxRules(order_hours="krx")`로 KIS의 시간을 따르는 샌드박스를 잠깐 띄워, 장이
# 끝난 16:00과 장 시작 전 08:00에 주문해 봅시다.

# %%
from kislearn.sandbox import SandboxRules

outside = []
for moment in ("2026-11-20T16:00", "2026-11-23T08:00"):
    with Sandbox(port=0, clock=f"fixed@{moment}", rules=SandboxRules(order_hours="krx")) as krx_hours, \
            tempfile.TemporaryDirectory() as tokens:
        client = kislearn.KoreaInvestment(app.appkey, app.appsecret, "50010001-01", mock=True,
                                          base_url=krx_hours.url_for("paper"), token_cache=tokens)
        try:
            client.create_market_buy_order("005930", 1)
            outside.append((moment.replace("T", " "), "접수", "", ""))
        except kislearn.KisApiError as error:  # KIS가 거절로 답한 모든 경우
            outside.append((moment.replace("T", " "), "거절", error.msg_cd, error.msg1.strip()))
pd.DataFrame(outside, columns=["시각", "결과", "msg_cd", "msg1"])

# %% [markdown]
# 장이 끝난 뒤에는 `40580000`(모의투자 장종료), 장 시작 전에는 `40570000`(모의투자 장시작전)입니다. 두 코드와 메시지는
# 모의투자 사용자들의 기록에서 왔습니다. 실전 서버는 08:30부터 받고, 밖에서는 `APBK0918`(장운영시간이 아닙니다)입니다.
# 주말과 휴장일도 장종료입니다. 그러니 자동매매 프로그램은 **장이 열려 있는지 먼저 확인**하거나 이 거절을 알아듣고
# 기다려야 합니다.
#
# 언제든 주문을 받는 샌드박스에서 장이 닫힌 시각에 주문하면, 그 순간의 마지막 가격을 사진처럼 보고 체결될 수 있는 주문은
# 그 값에 바로 체결하고, 아니면 다음 장을 기다립니다(샌드박스의 선택). 07 노트북의 시장가 주문이 15:30 종가에 바로
# 체결된 것이 이 규칙입니다.
#
# ## 정리
#
# - **매수가능조회**: 주문 전에 `ord_psbl_cash`(주문가능현금)와 살 수 있는 수량. 시장가(`01`)는 상한가로 계산합니다.
# - 지정가 주문은 **접수**(주문번호) → **미체결**(현금·주식이 묶임) → 가격이 닿으면 **체결**(지정가 이하로 산다) 순서입니다.
#   샌드박스에서는 내 주문이 맨 앞이지만, 진짜 시장에는 먼저 줄 선 주문이 있습니다.
# - **주식일별주문체결조회**(`tr_id="3개월이내"`): 주문수량·총체결수량·잔여수량·평균가. 모의투자 15건, 실전 100건씩.
# - **주식주문(정정취소)**: 원주문의 `KRX_FWDG_ORD_ORGNO`와 `ORGN_ODNO`로 가리킴. `RVSE_CNCL_DVSN_CD` 01 정정, 02 취소.
#   정정은 새 주문번호를 받습니다.
# - 당일 주문은 그날이 끝나면 사라지고 묶였던 돈이 풀립니다.
# - 결제는 T+2: 금요일에 산 돈은 월요일에 D+1, 화요일에 D+0 예수금에서 빠지고 세 칸이 같아집니다.
# - 모의투자는 09:00–15:30에만 주문을 받습니다(밖에서는 `40570000`·`40580000`).
#
# ## 연습문제
#
# 1. `orders_of()`를 고쳐 **체결된 주문만**(체결구분 `CCLD_DVSN` `01`) 금요일(`20261120`)의 목록을 받아 보세요. 몇 건인가요?
# 2. 화요일 장중인 지금, 보유한 삼성전자 10주 가운데 **5주를 현재가보다 300원 비싼 지정가로 매도** 주문하고, 30분씩 시계를
#    움직이며 체결될 때까지(길어야 장이 끝날 때까지) 기다려 보세요. 체결된 시각과 D+2 예수금의 변화를 출력해 보세요.
#    (매도 지정가는 "이 값 **이상**이라면 팔겠다"입니다. 호가단위: 50,000원–200,000원은 100원.)
#
# 정답은 아래 숨긴 셀을 펼쳐 보세요.

# %% jupyter={"source_hidden": true}
filled = broker.request("주식일별주문체결조회", tr_id="3개월이내", INQR_STRT_DT="20261120", INQR_END_DT="20261120",
                        SLL_BUY_DVSN_CD="00", ORD_GNO_BRNO="", CCLD_DVSN="01", INQR_DVSN="00", INQR_DVSN_1="",
                        INQR_DVSN_3="00", EXCG_ID_DVSN_CD="KRX", CTX_AREA_FK100="", CTX_AREA_NK100="")["output1"]
print(f"1번: 체결된 주문 {len(filled)}건:", [row["odno"] for row in filled])

before = int(broker.fetch_balance()["output2"][0]["prvs_rcdl_excc_amt"])
ask = int(broker.fetch_price("005930")["output"]["stck_prpr"]) + 300
sell = broker.create_limit_sell_order("005930", ask, 5)["output"]
for _ in range(13):  # 30분씩 13번이면 장이 끝납니다
    if market_clock(broker)["phase"] != "continuous":
        break
    now = move_clock(broker, minutes=30)["now"]
    row = next(row for row in orders_of("20261124")["output1"] if row["odno"] == sell["ODNO"])
    if row["rmn_qty"] == "0":
        break
after = int(broker.fetch_balance()["output2"][0]["prvs_rcdl_excc_amt"])
print(f"2번: {ask:,}원 매도 → 시각 {now[11:16]}까지 체결 {row['tot_ccld_qty']}주, 잔여 {row['rmn_qty']}주, "
      f"D+2 예수금 변화 {after - before:+,}원")

# %% [markdown]
# 다 썼으면 이 노트북의 샌드박스를 멈추고, 토큰 캐시로 쓴 임시 폴더를 지웁니다.

# %%
sandbox.stop()
workspace.cleanup()
