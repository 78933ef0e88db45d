# %% [markdown]
# # 06. 보유 종목(`output1`)을 DataFrame과 차트로
#
# **학습 목표**
#
# - `output1`(보유 종목 목록)을 pandas DataFrame으로 바꾸고, 문자열 값을 숫자로 바꿀 수 있다.
# - 열 이름을 공식 한글 이름으로 붙이고, `kislearn.frames.holdings_frame()`이 이 일을 한 번에 해 준다는 것을 안다.
# - 평가손익에 한국 시장의 색(이익은 빨강, 손실은 파랑)을 입힌다.
# - 종목별 합계를 `output2` 요약과 맞춰 본다.
# - 보유 종목이 없는 계좌도 오류 없이 다룬다.
# - 한글이 깨지지 않는 matplotlib 차트를 그린다.
#
# 예상 시간: 30분

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
# **이 노트북은 샌드박스의 샘플 계좌로 진행합니다** (`50010001-01` 빈 계좌, `50010002-01` 작은 계좌, `50010003-01` 큰 계좌).
# `.env`에 내 모의투자 설정(`KIS_MODE=paper`)을 적어 두었어도, 아래 셀을 실행하면 이 노트북 안에서만 샌드박스를
# 씁니다. `.env` 파일은 바뀌지 않고, 커널을 다시 시작하면(Kernel → Restart) `.env`대로 돌아갑니다.

# %%
import kislearn

kislearn.use_sandbox()

# %% [markdown]
# 이 노트북은 샘플 계좌의 처음 상태를 봅니다. `07_orders`나 다른 곳에서 `kislearn.connect()`로 주문을 냈다면
# 계좌가 바뀌어 있을 수 있으니, 먼저 처음 상태로 되돌립니다(샌드박스에서만 되는 일입니다).

# %%
import kislearn
from kislearn.sandbox_tools import reset_accounts

print(reset_accounts(kislearn.connect()).body["msg1"].strip())

# %% [markdown]
# ## 1. `output1`을 그대로 DataFrame에 넣기
#
# `output1`은 보유 종목마다 dict 하나가 든 목록입니다. dict의 목록은 `pd.DataFrame()`에 바로 넣을 수 있고,
# 종목 하나가 한 줄, 필드 하나가 한 열이 됩니다. 작은 샘플 계좌 `50010002-01`로 시작합니다.

# %%
import pandas as pd

import kislearn

balance = kislearn.connect(account="50010002-01").fetch_balance()
raw = pd.DataFrame(balance["output1"])
print("행(종목) 수:", len(raw), "/ 열(필드) 수:", len(raw.columns))
raw[["pdno", "prdt_name", "hldg_qty", "pchs_amt", "evlu_amt", "evlu_pfls_amt", "evlu_pfls_rt"]]

# %% [markdown]
# 표는 그럴듯하지만, 값은 여전히 **문자열**입니다. 평가금액 열을 더해 보면 문제가 바로 드러납니다. 숫자를 더하는
# 대신 글자를 이어 붙입니다.

# %%
print("evlu_amt 열의 형식:", raw["evlu_amt"].dtype)
print("evlu_amt 열을 더하면:", repr(raw["evlu_amt"].sum()))

# %% [markdown]
# pandas에서 `object`는 "파이썬 객체(여기서는 문자열)를 담은 열"이라는 뜻입니다. 계산하기 전에 숫자 열로 바꿔야 합니다.
#
# ## 2. 손으로 숫자로 바꾸기: `astype`과 `pd.to_numeric`
#
# 필요한 열만 고른 뒤, 정수 열은 `astype("int64")`로, 소수가 있는 열은 `pd.to_numeric()`으로 바꿉니다.
# `pd.to_numeric()`은 `'82353.1915'`처럼 소수점이 있는 문자열을 `float`로 바꿔 줍니다.

# %%
import pandas as pd

int_columns = ["hldg_qty", "pchs_amt", "prpr", "evlu_amt", "evlu_pfls_amt"]
decimal_columns = ["pchs_avg_pric", "evlu_pfls_rt", "fltt_rt"]

by_hand = raw[["pdno", "prdt_name"] + int_columns + decimal_columns].copy()
by_hand[int_columns] = by_hand[int_columns].astype("int64")
for column in decimal_columns:
    by_hand[column] = pd.to_numeric(by_hand[column])

by_hand.dtypes.rename("형식").to_frame()

# %% [markdown]
# 이제 더하기가 제대로 됩니다.

# %%
print("평가금액 합계:", f"{by_hand['evlu_amt'].sum():,}원")

# %% [markdown]
# **종목코드(`pdno`)는 숫자로 바꾸면 안 됩니다.** `'005930'`은 이름표이지 수량이 아닙니다. 숫자로 바꾸면 앞의 0이
# 사라져 다른 코드가 됩니다.

# %%
import pandas as pd

codes = pd.Series(["005930", "000660", "035720"])
pd.DataFrame({"문자열 그대로": codes, "pd.to_numeric 결과": pd.to_numeric(codes)})

# %% [markdown]
# ## 3. 열 이름을 공식 한글 이름으로
#
# `evlu_pfls_rt` 같은 열 이름은 읽기 어렵습니다. 공식 한글 이름(평가손익율)으로 바꿔 봅시다. `rename()`에
# "원래 이름 → 새 이름" dict를 주면 됩니다. 한글 이름은 용어집(`kislearn.glossary.field`)에서 가져옵니다.

# %%
from kislearn.glossary import field

korean_names = {column: field(column, section="output1").official_name for column in by_hand.columns}
by_hand.rename(columns=korean_names)

# %% [markdown]
# ## 4. 도우미 한 줄: `holdings_frame()`
#
# 지금까지 한 일(열 고르기, 형식에 맞게 숫자로 바꾸기, 한글 이름 붙이기)을 `kislearn.frames.holdings_frame()`이
# 한 번에 해 줍니다. 숫자 형식은 용어집을 보고 정하므로 종목코드는 문자열로 남습니다.

# %%
from kislearn.frames import holdings_frame

holdings = holdings_frame(balance)
holdings

# %% [markdown]
# 열의 형식도 확인해 봅시다. 정수 열은 `Int64`(대문자 I)입니다. 값이 비어 있을 수 있는 정수 열을 위한 pandas의
# 형식으로, 빈 값은 `<NA>`로 표시됩니다. 계산은 `int64`와 똑같이 됩니다.

# %%
holdings.dtypes.rename("형식").to_frame()

# %% [markdown]
# 영어 필드 이름이 편하면 `korean=False`를 주고, 다른 열을 보고 싶으면 `columns=`에 필드 이름을 적습니다.

# %%
from kislearn.frames import holdings_frame

holdings_frame(balance, korean=False, columns=["pdno", "prdt_name", "bfdy_buy_qty", "thdt_buyqty", "sbst_pric"])

# %% [markdown]
# ## 5. 이익은 빨강, 손실은 파랑
#
# 한국의 증권사 앱과 HTS는 **오른 것(이익)을 빨강, 내린 것(손실)을 파랑**으로 칠합니다. 미국 등 서양의 차트는
# 반대로 오르면 초록, 내리면 빨강을 씁니다. 그래서 같은 빨강이 한국에서는 "이익", 미국에서는 "손실"입니다.
# 외국 라이브러리의 기본 색을 그대로 쓰면 한국 사용자가 거꾸로 읽을 수 있으니 주의하세요.
#
# `kislearn.frames.style_profit()`은 손익 열(평가손익금액, 평가손익율, 전일대비증감, 등락율)에 한국식 색을 입히고,
# 숫자에 천 단위 쉼표를 붙입니다. 데이터 자체는 바뀌지 않고 보여 주는 모양만 바뀝니다.

# %%
from kislearn.frames import holdings_frame, style_profit

style_profit(holdings_frame(balance))

# %% [markdown]
# 평가손익율이 높은 순서로 정렬해서 볼 수도 있습니다. 정렬은 평범한 pandas(`sort_values`)로 하고, 색은 마지막에
# 입힙니다.

# %%
from kislearn.frames import holdings_frame, style_profit

ranked = holdings_frame(balance).sort_values("평가손익율", ascending=False, ignore_index=True)
style_profit(ranked[["상품명", "매입금액", "평가금액", "평가손익금액", "평가손익율"]])

# %% [markdown]
# ## 6. 합계를 `output2`와 맞춰 보기
#
# `output2` 요약의 합계 항목은 종목별 값을 더한 것입니다(`05_output2` 참고). 먼저 pandas의 `sum()`으로 직접
# 맞춰 봅시다.

# %%
from kislearn.frames import holdings_frame

holdings = holdings_frame(balance)
summary = balance["output2"][0]
for column, total_field in (("매입금액", "pchs_amt_smtl_amt"), ("평가금액", "evlu_amt_smtl_amt"),
                            ("평가손익금액", "evlu_pfls_smtl_amt")):
    added, answered = int(holdings[column].sum()), int(summary[total_field])
    print(f"{column} 합계 {added:>12,}  |  output2 {total_field:<19} {answered:>12,}  →  일치: {added == answered}")

# %% [markdown]
# `check_totals()`는 이 검사에 총평가금액과 자산증감액 검사까지 더해, 계산식·계산값·응답값을 표로 보여 줍니다.
# 보유 종목이 여러 쪽으로 나뉘어 왔다면 모든 쪽을 모은 응답을 넘겨야 합니다(`fetch_balance()`가 모아 줍니다).

# %%
from kislearn.frames import check_totals

check_totals(balance)

# %% [markdown]
# ## 7. 보유 종목이 없는 계좌
#
# 계좌를 막 만들었다면 `output1`은 빈 목록 `[]`입니다. 빈 목록으로 DataFrame을 만들면 **열도 없는** 표가 되어,
# 열을 꺼내는 코드가 `KeyError`로 멈춥니다. 빈 샘플 계좌 `50010001-01`로 확인해 봅시다.

# %%
import pandas as pd

import kislearn

empty = kislearn.connect(account="50010001-01").fetch_balance()
naive = pd.DataFrame(empty["output1"])
print("열 목록:", list(naive.columns))
try:
    naive["evlu_amt"].astype(int).sum()
except KeyError as error:
    print("KeyError:", error)

# %% [markdown]
# `holdings_frame()`은 종목이 없어도 **열이 있는 빈 표**를 돌려줍니다. 그래서 합계는 오류 없이 0이 됩니다.

# %%
from kislearn.frames import holdings_frame

empty_holdings = holdings_frame(empty)
print("행 수:", len(empty_holdings), "/ 열:", list(empty_holdings.columns))
print("평가금액 합계:", empty_holdings["평가금액"].sum())

# %% [markdown]
# 화면에 빈 표만 보여 주면 사용자는 "조회가 실패했나?" 하고 헷갈립니다. 빈 표라면 친절한 문장을 대신 보여 주는
# 작은 함수를 만들어 둡시다. 표가 비었는지는 `frame.empty`로 압니다.

# %%
import kislearn
from kislearn.frames import holdings_frame, style_profit


def show_holdings(balance):
    frame = holdings_frame(balance)
    if frame.empty:
        cash = int(balance["output2"][0]["prvs_rcdl_excc_amt"])
        print(f"보유 종목이 없습니다. 현금(D+2 예수금)은 {cash:,}원입니다. 종목을 사면 여기에 표가 나옵니다.")
        return None
    return style_profit(frame)


show_holdings(kislearn.connect(account="50010001-01").fetch_balance())

# %% [markdown]
# 같은 함수에 종목이 있는 계좌를 주면 색을 입힌 표가 나옵니다.

# %%
show_holdings(balance)

# %% [markdown]
# ## 8. 첫 차트: 종목별 평가금액
#
# 이제 matplotlib으로 막대 차트를 그립니다. 그 전에 한 가지 준비가 필요합니다. **matplotlib의 기본 글꼴에는 한글이
# 없어서** 종목명 같은 한글이 네모(□)로 깨집니다. `koreanize_matplotlib`의 `koreanize()`가 함께 설치된 나눔고딕
# (NanumGothic) 글꼴을 matplotlib에 등록하고 기본 글꼴로 정해 줍니다. 한 번 부르면 이 노트북의 모든 차트에 적용됩니다.

# %%
import koreanize_matplotlib
import matplotlib

koreanize_matplotlib.koreanize()
print("지금 글꼴:", matplotlib.rcParams["font.family"])

# %% [markdown]
# 가로 막대 차트(`barh`)는 긴 종목명도 읽기 좋습니다. 막대 색도 표와 같은 규칙으로 칠합니다. 이익인 종목은 빨강,
# 손실인 종목은 파랑입니다. (`Int64` 열은 `astype("int64")`로 평범한 정수 열로 바꿔서 matplotlib에 넘깁니다.)

# %%
import matplotlib.pyplot as plt
from matplotlib.patches import Patch
from matplotlib.ticker import StrMethodFormatter

from kislearn.frames import DOWN_COLOR, UP_COLOR, holdings_frame

chart = holdings_frame(balance).sort_values("평가금액")  # 작은 값부터: barh는 아래에서 위로 그립니다
values = chart["평가금액"].astype("int64")
colors = [UP_COLOR if profit > 0 else DOWN_COLOR for profit in chart["평가손익금액"]]

fig, ax = plt.subplots(figsize=(8, 5))
bars = ax.barh(chart["상품명"], values, color=colors)
ax.bar_label(bars, labels=[f"{value:,}원" for value in values], padding=3)
ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
ax.set_xlim(0, values.max() * 1.25)
ax.set_xlabel("평가금액 (원)")
ax.set_title("작은 계좌의 종목별 평가금액")
ax.legend(handles=[Patch(color=UP_COLOR, label="평가이익"), Patch(color=DOWN_COLOR, label="평가손실")],
          loc="lower right")
plt.tight_layout()
plt.show()

# %% [markdown]
# 삼성전자가 가장 크고, 손실 중인 종목은 카카오와 현대차 두 개라는 것이 한눈에 보입니다.
#
# ## 9. 큰 계좌: 평가금액 상위 10종목
#
# 55종목을 모두 그리면 막대가 너무 많습니다. `nlargest(10, "평가금액")`으로 상위 10개만 골라 같은 방법으로 그립니다.

# %%
import kislearn
from kislearn.frames import holdings_frame, style_profit

large_holdings = holdings_frame(kislearn.connect(account="50010003-01").fetch_balance())
top10 = large_holdings.nlargest(10, "평가금액").reset_index(drop=True)
print("보유 종목 수:", len(large_holdings))
style_profit(top10[["상품명", "보유수량", "현재가", "평가금액", "평가손익금액", "평가손익율"]])

# %%
import matplotlib.pyplot as plt
from matplotlib.patches import Patch
from matplotlib.ticker import StrMethodFormatter

from kislearn.frames import DOWN_COLOR, UP_COLOR

chart = top10.sort_values("평가금액")
values = chart["평가금액"].astype("int64")
colors = [UP_COLOR if profit > 0 else DOWN_COLOR for profit in chart["평가손익금액"]]

fig, ax = plt.subplots(figsize=(8, 7))
bars = ax.barh(chart["상품명"], values, color=colors)
ax.bar_label(bars, labels=[f"{value / 10_000:,.0f}만원" for value in values], padding=3)
ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
ax.set_xlim(0, values.max() * 1.25)
ax.set_xlabel("평가금액 (원)")
ax.set_title("큰 계좌의 평가금액 상위 10종목")
ax.legend(handles=[Patch(color=UP_COLOR, label="평가이익"), Patch(color=DOWN_COLOR, label="평가손실")],
          loc="lower right")
plt.tight_layout()
plt.show()

# %% [markdown]
# ## 정리
#
# - `pd.DataFrame(balance["output1"])`로 표를 만들 수 있지만 값은 모두 문자열입니다. 더하면 글자가 이어 붙습니다.
# - 정수 열은 `astype("int64")`, 소수 열은 `pd.to_numeric()`으로 바꿉니다. 종목코드(`pdno`)는 문자열로 둡니다.
# - `holdings_frame(balance)`가 열 고르기, 숫자 변환, 공식 한글 이름을 한 번에 해 주고, 빈 계좌에도 열이 있는 표를 줍니다.
# - 한국 시장의 색은 이익 빨강·손실 파랑입니다(미국과 반대). `style_profit()`이 표에 그렇게 칠해 줍니다.
# - 종목별 합계는 `output2`의 합계 항목과 같아야 합니다. `check_totals()`로 확인합니다.
# - 차트의 한글이 깨지면 `import koreanize_matplotlib` 한 줄을 넣으세요.
#
# ## 연습문제
#
# 1. 큰 계좌(`50010003-01`)에서 평가손익율이 가장 **낮은** 5종목을 골라 `style_profit()`으로 보여 주세요.
#    (힌트: `nsmallest`)
# 2. 작은 계좌에 `비중(%)` 열(종목 평가금액 ÷ 평가금액 합계 × 100)을 추가하고, 비중을 모두 더하면 100이 되는지
#    확인해 보세요.
#
# 정답은 아래 숨긴 셀을 펼쳐 보세요.

# %% jupyter={"source_hidden": true}
from IPython.display import display

import kislearn
from kislearn.frames import holdings_frame, style_profit

large_holdings = holdings_frame(kislearn.connect(account="50010003-01").fetch_balance())
worst5 = large_holdings.nsmallest(5, "평가손익율").reset_index(drop=True)
print("1번: 평가손익율이 가장 낮은 5종목")
display(style_profit(worst5[["상품명", "매입금액", "평가금액", "평가손익금액", "평가손익율"]]))

small_holdings = holdings_frame(kislearn.connect(account="50010002-01").fetch_balance())
small_holdings["비중(%)"] = small_holdings["평가금액"] / small_holdings["평가금액"].sum() * 100
print("2번: 비중의 합 =", round(float(small_holdings["비중(%)"].sum()), 6))
display(small_holdings[["상품명", "평가금액", "비중(%)"]].round({"비중(%)": 2}))
