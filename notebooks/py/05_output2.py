# %% [markdown]
# # 05. `output2` 읽기 — 계좌 요약 24개 항목과 그 사이의 계산
#
# **학습 목표**
#
# - 잔고 조회 응답의 `output2` 24개 항목을 공식 한글명, 뜻, 단위와 함께 읽을 수 있다.
# - 영어처럼 보이는 필드 이름으로 뜻을 짐작하면 어디서 틀리는지 안다.
# - D+0, D+1, D+2 예수금이 왜 서로 다를 수 있는지 결제일(T+2)로 설명할 수 있다.
# - 총평가금액, 자산증감액, 합계 항목들이 어떤 계산으로 이어지는지 **데이터로 직접** 확인한다.
# - 공식 문서가 "쓰지 않는다"고 적어 둔 항목을 알아보고 믿지 않는다.
#
# 예상 시간: 35분

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
# ## 1. 두 계좌의 `output2` 받아 오기
#
# 이 노트북은 샌드박스의 샘플 계좌 두 개를 씁니다.
#
# - **작은 계좌** `50010002-01`: 6종목. 어제 NAVER를 샀기 때문에 예수금이 날짜마다 다릅니다.
# - **큰 계좌** `50010003-01`: 55종목. 어제와 오늘 매매가 없습니다.
#
# `fetch_balance()`의 `output2`는 목록이지만 안에 요약(dict)이 **하나**만 있습니다. 그래서 `[0]`으로 꺼냅니다.

# %%
import kislearn

small = kislearn.connect(account="50010002-01").fetch_balance()
large = kislearn.connect(account="50010003-01").fetch_balance()

small_summary = small["output2"][0]
large_summary = large["output2"][0]
print("output2 안의 요약 개수:", len(small["output2"]))
print("요약 하나의 항목 수:", len(small_summary))

# %% [markdown]
# ## 2. KIS가 보낸 그대로 보기
#
# 먼저 아무것도 바꾸지 않고 표로만 펼쳐 봅시다. dict 두 개를 `pd.DataFrame`에 넣으면 필드 이름이 행(index)이
# 되고 계좌가 열이 됩니다.

# %%
import pandas as pd

raw = pd.DataFrame({"작은 계좌": small_summary, "큰 계좌": large_summary})
raw

# %% [markdown]
# 눈여겨볼 점이 세 가지 있습니다.
#
# 1. 값이 모두 **문자열**입니다. `'2418630'`은 숫자처럼 보여도 글자입니다. 계산하려면 숫자로 바꿔야 합니다.
# 2. `fncg_gld_auto_rdpt_yn`은 빈 문자열 `''`입니다. 값이 없다는 뜻입니다.
# 3. 필드 이름은 공식 **한글** 이름을 낱말마다 영문 약어로 옮긴 것입니다. 예를 들어 `dnca_tot_amt`는
#    "예수금총금액"(`dnca` = 예수금, `tot` = 총, `amt` = 금액)입니다. 약어를 일상 영어 단어로 풀어 읽으면 틀리기 쉽습니다.

# %% [markdown]
# ## 3. 필드 하나의 뜻 찾아보기: 용어집(glossary)
#
# `kislearn.glossary`에는 잔고 조회의 모든 필드가 공식 명세서의 한글명, 쉬운 설명, 단위와 함께 들어 있습니다.
# `field("필드이름")`으로 하나를 찾아 `describe()`로 출력해 봅시다.

# %%
from kislearn.glossary import field

print(field("prvs_rcdl_excc_amt").describe())

# %% [markdown]
# `lookup("예수금")`처럼 한글로 찾을 수도 있습니다. 이름이나 설명에 "예수금"이 들어간 필드가 나옵니다.

# %%
from kislearn.glossary import lookup

for item in lookup("예수금", section="output2"):
    print(f"{item.field:<20} {item.official_name}")

# %% [markdown]
# ## 4. 24개 항목 한눈에 보기
#
# `kislearn.frames.summary_frame()`은 `output2` 요약을 필드마다 한 줄인 표로 바꿔 줍니다. 열은 `필드`, `공식 이름`,
# `값`, `단위`, `설명`이고, 값은 용어집의 형식에 맞춰 숫자로 바뀌어 있습니다(정수는 `int`, 소수는 `float`).
# 설명 열은 길어서 여기서는 빼고 앞의 다섯 줄만 봅니다.

# %%
from kislearn.frames import summary_frame

summary = summary_frame(small)
print("값의 파이썬 형식:", type(summary.loc[0, "값"]).__name__)
summary[["필드", "공식 이름", "값", "단위"]].head(5)

# %% [markdown]
# 이제 이 코스의 기준표를 만듭니다. 두 계좌의 값을 나란히 놓고, 용어집의 `흔한 추측`·`틀린 이유` 열을 붙여
# **블로그 등에서 자주 보이는 추측이 틀린 곳**을 표시합니다. 추측이 맞는 항목은 ✅, 틀린 항목은 ❌ 뒤에 왜
# 틀렸는지를 적었습니다. (만드는 과정은 평범한 pandas입니다. `map`은 필드 이름으로 다른 표의 값을 찾아 붙입니다.)

# %%
import pandas as pd

from kislearn.frames import show_table, summary_frame
from kislearn.glossary import glossary_frame

table = summary_frame(small).rename(columns={"값": "작은 계좌"})
table.insert(3, "큰 계좌", summary_frame(large)["값"])

guesses = glossary_frame("output2").set_index("필드")
wrong = table["필드"].map(guesses["흔한 추측"]) != ""
table["흔한 추측 → 바로잡기"] = "✅ 이름 그대로의 뜻이 맞습니다."
table.loc[wrong, "흔한 추측 → 바로잡기"] = (
    "❌ '" + table["필드"].map(guesses["흔한 추측"]) + "' → " + table["필드"].map(guesses["틀린 이유"]))[wrong]

table = table[["필드", "공식 이름", "작은 계좌", "큰 계좌", "단위", "설명", "흔한 추측 → 바로잡기"]]
table[["작은 계좌", "큰 계좌"]] = table[["작은 계좌", "큰 계좌"]].replace("", "(빈 문자열)")
(show_table(table)
 .format(precision=8, thousands=",", na_rep="(빈 값)", subset=["작은 계좌", "큰 계좌"])
 .set_properties(subset=["설명", "흔한 추측 → 바로잡기"], **{"text-align": "left", "min-width": "22em"})
 .set_properties(subset=["작은 계좌", "큰 계좌"], **{"text-align": "right"}))

# %% [markdown]
# 몇 개나 틀렸는지 세어 봅시다. 이 코스가 출발한 블로그 글의 표에는 24개 필드에 `rt_cd`까지 더해 25줄이 있습니다.
# `rt_cd`는 `output2`의 항목이 아니라는 점에서 틀렸는데, 이것은 다음 절에서 따로 봅니다. `pchs_amt_smtl_amt`와
# `evlu_amt_smtl_amt`를 '…관련 특정 금액'이라고 적은 것은 틀렸다기보다 막연한 설명이라 틀린 항목으로 세지 않았습니다.

# %%
print("24개 필드 가운데 흔한 추측이 틀린 항목:", int(wrong.sum()), "개")
print("추측이 틀리지 않은 항목(막연한 두 개 포함):", int((~wrong).sum()), "개")
print("틀린 항목:", ", ".join(table.loc[wrong, "필드"]))

# %% [markdown]
# 틀린 추측에는 공통된 원인이 있습니다. 줄임말을 영어 단어로 읽은 것입니다.
#
# | 줄임말 | 영어로 읽은 추측 | 실제 뜻 (한글 줄임말) |
# |---|---|---|
# | `excc` | 초과(excess) | **정산** |
# | `prvs` | 이전(previous) | **가**(假, 임시) — `prvs_rcdl`은 가수도 |
# | `tlex` | 이체(transfer) | **제비용** (수수료와 세금) |
# | `icdc` | (총액으로 오해) | **증감** (늘고 준 양) |
# | `fncg_gld` | 금융(finance) 골드(gold) | **융자금**: `fncg` = 융자, `gld` = 금(金). 이 金은 황금이 아니라 '돈'입니다 |
# | `smtl` | (막연하게) "특정 금액" | **합계** |
#
# 그리고 `rt_cd`는 `output2`의 항목이 아닙니다. 다음 절에서 확인합니다.

# %% [markdown]
# ## 5. `rt_cd`는 어디에 있나요?
#
# `rt_cd`(성공 실패 여부)는 응답 **전체**를 감싸는 봉투(envelope)의 값입니다(`04_balance` 참고). 한 쪽짜리
# 응답 원문에서 위치를 확인해 봅시다. `fetch_balance()`는 `output1`과 `output2`만 돌려주므로 여기서는
# `fetch_balance_page()`를 씁니다.

# %%
import kislearn

page = kislearn.connect(account="50010002-01").fetch_balance_page()
print("응답 본문의 키:", list(page.body))
print("rt_cd가 output2 요약 안에 있나요?", "rt_cd" in page.body["output2"][0])
print("rt_cd가 응답 본문 맨 바깥에 있나요?", "rt_cd" in page.body, "→ 값:", repr(page.body["rt_cd"]))

# %% [markdown]
# 용어집에서 `rt_cd`를 찾으면 오류와 함께 어디에 있는 값인지 알려 줍니다.

# %%
from kislearn.errors import InvalidArgumentError
from kislearn.glossary import field

try:
    field("rt_cd", section="output2")
except InvalidArgumentError as error:
    print(error)

# %% [markdown]
# ## 6. 예수금 세 가지: D+0, D+1, D+2
#
# 한국 주식은 체결된 날(T)로부터 **2영업일 뒤에 돈이 오갑니다**(T+2 결제). 오늘 주식을 사면 돈은 2영업일 뒤에
# 빠져나가고(금요일에 샀다면 주말을 건너 화요일), 어제 샀다면 다음 영업일에 빠져나갑니다. 그래서 "지금 현금이
# 얼마인가"에 답이 세 개 있습니다.
#
# 먼저 평범한 pandas로 세 필드만 골라 숫자(`int`)로 바꿔 봅시다. `astype(int)`는 문자열 `'2418630'`을 정수
# `2418630`으로 바꿉니다.

# %%
import pandas as pd

from kislearn.frames import show_table

cash_fields = ["dnca_tot_amt", "nxdy_excc_amt", "prvs_rcdl_excc_amt"]
cash = pd.DataFrame({
    "기준일": ["D+0 (오늘)", "D+1 (다음 영업일)", "D+2 (2영업일 뒤)"],
    "필드": cash_fields,
    "공식 이름": ["예수금총금액", "익일정산금액", "가수도정산금액"],
    "작은 계좌": pd.Series(small_summary)[cash_fields].astype(int).to_numpy(),
    "큰 계좌": pd.Series(large_summary)[cash_fields].astype(int).to_numpy(),
})
show_table(cash).format(thousands=",", subset=["작은 계좌", "큰 계좌"])

# %% [markdown]
# 큰 계좌는 세 값이 같습니다. 어제도 오늘도 매매가 없어서 결제를 기다리는 돈이 없기 때문입니다.
#
# 작은 계좌는 D+1이 D+0보다 **1,386,190원** 적습니다. 어제 NAVER를 샀기 때문입니다. `output1`에서 NAVER 줄을
# 찾아보면 어제 산 수량(`bfdy_buy_qty`)이 보입니다.

# %%
import pandas as pd

holdings = pd.DataFrame(small["output1"])
holdings.loc[holdings["prdt_name"] == "NAVER", ["pdno", "prdt_name", "bfdy_buy_qty", "hldg_qty", "pchs_avg_pric", "pchs_amt"]]

# %% [markdown]
# 6주 × 231,000원 = 1,386,000원. 이것이 `output2`의 전일매수금액(`bfdy_buy_amt`)이고, 여기에 어제 매매의
# 수수료인 전일제비용금액(`bfdy_tlex_amt`) 190원이 더해집니다. 이 돈은 다음 영업일(D+1)에 결제되므로, 오늘(D+0)
# 예수금에는 아직 남아 있고 D+1 예수금에서는 빠집니다. 계산식의 양쪽을 모두 출력해 봅시다.

# %%
s = {name: int(value) for name, value in small_summary.items() if name in (
    "dnca_tot_amt", "nxdy_excc_amt", "prvs_rcdl_excc_amt", "bfdy_buy_amt", "bfdy_tlex_amt", "bfdy_sll_amt",
    "thdt_buy_amt", "thdt_tlex_amt", "thdt_sll_amt")}

d1 = s["dnca_tot_amt"] - s["bfdy_buy_amt"] - s["bfdy_tlex_amt"] + s["bfdy_sll_amt"]
print("D+1 = dnca_tot_amt − bfdy_buy_amt − bfdy_tlex_amt + bfdy_sll_amt")
print(f"    = {s['dnca_tot_amt']:,} − {s['bfdy_buy_amt']:,} − {s['bfdy_tlex_amt']:,} + {s['bfdy_sll_amt']:,}")
print(f"    = {d1:,}")
print(f"응답의 nxdy_excc_amt = {s['nxdy_excc_amt']:,} → 일치: {d1 == s['nxdy_excc_amt']}")
print()
d2 = s["nxdy_excc_amt"] - s["thdt_buy_amt"] - s["thdt_tlex_amt"] + s["thdt_sll_amt"]
print("D+2 = nxdy_excc_amt − thdt_buy_amt − thdt_tlex_amt + thdt_sll_amt")
print(f"    = {s['nxdy_excc_amt']:,} − {s['thdt_buy_amt']:,} − {s['thdt_tlex_amt']:,} + {s['thdt_sll_amt']:,}")
print(f"    = {d2:,}")
print(f"응답의 prvs_rcdl_excc_amt = {s['prvs_rcdl_excc_amt']:,} → 일치: {d2 == s['prvs_rcdl_excc_amt']}")

# %% [markdown]
# 오늘은 매매가 없으니 D+2는 D+1과 같습니다. 그런데 이 두 검산은 식이 옳다는 근거가 되지 못합니다. 샘플 계좌는 샌드박스가
# 바로 이 식으로 만든 데이터라서, 같은 식으로 검산하면 맞는 것이 당연하기 때문입니다.
#
# **어디까지가 공식인가요?** 공식 명세서는 `nxdy_excc_amt`를 "D+1 예수금", `prvs_rcdl_excc_amt`를 "D+2 예수금"이라고만
# 적고, 위와 같은 계산식은 밝히지 않습니다. 위 두 식은 **샌드박스가 정한 것**이고, 근거는 실제 모의투자 사용자의 기록
# 하나입니다. 그 기록은 **오늘** 주식을 산 계좌의 것이라 D+2 식은 뒷받침하지만, 어제 매매가 있는 기록은 없어서 D+1 식은
# 결제일(T+2) 규칙에서 끌어낸 것일 뿐입니다. 기록은 이렇습니다. 현금 1천만 원인 계좌에서 **오늘** 294,500원짜리 주식
# 1주를 샀더니, D+0과 D+1은 그대로이고 D+2만 움직였습니다.

# %%
import pandas as pd

from kislearn.frames import show_table

before = 10_000_000
log = pd.DataFrame([
    ("dnca_tot_amt", "D+0 예수금", before, 10_000_000),
    ("nxdy_excc_amt", "D+1 예수금", before, 10_000_000),
    ("prvs_rcdl_excc_amt", "D+2 예수금", before, 9_705_460),
    ("thdt_buy_amt", "금일매수금액", 0, 294_500),
    ("thdt_tlex_amt", "금일제비용금액", 0, 40),
], columns=["필드", "뜻", "매수 전", "매수 후"])
log["변화"] = log["매수 후"] - log["매수 전"]
show_table(log).format(thousands=",", subset=["매수 전", "매수 후", "변화"])

# %% [markdown]
# D+2 예수금은 294,500원이 아니라 **294,540원** 줄었습니다. 주식값 294,500원에 수수료 40원(`thdt_tlex_amt`)이
# 더해졌기 때문입니다. 위의 D+2 식에 넣어 보면 딱 맞습니다.

# %%
d2_after = 10_000_000 - 294_500 - 40 + 0
print(f"D+2 = 10,000,000 − 294,500 − 40 + 0 = {d2_after:,}  (사용자 기록: 9,705,460) → 일치: {d2_after == 9_705_460}")

# %% [markdown]
# 샌드박스에서도 **오늘 매매가 있는** 계좌로 D+2 식을 확인해 봅시다. 빈 계좌(`50010001-01`, 현금 1천만 원)에서 기록과
# 같은 현대모비스(`012330`) 1주를 시장가로 사고, 잔고의 값으로 D+2 식을 계산합니다. 다 보면 계좌를 처음 상태로
# 되돌립니다(샌드박스에서만 되는 일입니다). 주문은 `07_orders`에서 자세히 다룹니다.

# %%
import kislearn
from kislearn.sandbox_tools import reset_accounts

fresh = kislearn.connect(account="50010001-01")
fresh.create_market_buy_order("012330", 1)  # 오늘 1주 매수
today = {name: int(value) for name, value in fresh.fetch_balance()["output2"][0].items() if name in (
    "dnca_tot_amt", "nxdy_excc_amt", "prvs_rcdl_excc_amt", "thdt_buy_amt", "thdt_tlex_amt", "thdt_sll_amt")}
d2_today = today["nxdy_excc_amt"] - today["thdt_buy_amt"] - today["thdt_tlex_amt"] + today["thdt_sll_amt"]
print(f"D+0 = {today['dnca_tot_amt']:,}, D+1 = {today['nxdy_excc_amt']:,} (그대로)")
print("D+2 = nxdy_excc_amt − thdt_buy_amt − thdt_tlex_amt + thdt_sll_amt")
print(f"    = {today['nxdy_excc_amt']:,} − {today['thdt_buy_amt']:,} − {today['thdt_tlex_amt']:,} + {today['thdt_sll_amt']:,}"
      f" = {d2_today:,}")
print(f"응답의 prvs_rcdl_excc_amt = {today['prvs_rcdl_excc_amt']:,} → 일치: {d2_today == today['prvs_rcdl_excc_amt']}"
      f" / 사용자 기록 9,705,460과 같은가요? {today['prvs_rcdl_excc_amt'] == 9_705_460}")
print(reset_accounts(fresh).body["msg1"].strip())

# %% [markdown]
# 장 마감에 멈춘 시계(이 노트북의 저장된 출력)에서는 현대모비스의 현재가가 기록과 같은 294,500원이라, 샌드박스가 사용자의
# 기록을 숫자 하나까지 그대로 재현합니다. 가격이 움직이는 샌드박스에서 실행했다면 그 순간의 현재가로 같은 식이 맞습니다.
# 정리하면, **결제까지 끝난 뒤 실제로 남는 현금을 알고 싶다면 D+2 예수금(`prvs_rcdl_excc_amt`)을 보세요.** D+0
# 예수금(`dnca_tot_amt`)에는 이미 산 주식의 대금이 아직 남아 있을 수 있고, 이미 판 주식의 대금은 아직 들어오지 않았을 수
# 있습니다.
#
# ## 7. 총평가금액 = 유가평가금액 + D+2 예수금
#
# 공식 명세서는 총평가금액(`tot_evlu_amt`)을 "유가증권 평가금액 합계금액 + D+2 예수금"이라고 설명합니다. 두 계좌로
# 확인해 봅시다. 같은 표에, 흔히 하는 실수(D+2 대신 D+0 예수금을 더하기)도 함께 계산했습니다.

# %%
import pandas as pd

from kislearn.frames import show_table

rows = []
for name, summary in (("작은 계좌", small_summary), ("큰 계좌", large_summary)):
    n = {key: int(summary[key]) for key in ("scts_evlu_amt", "prvs_rcdl_excc_amt", "dnca_tot_amt", "tot_evlu_amt")}
    rows.append((name, n["scts_evlu_amt"], n["prvs_rcdl_excc_amt"], n["scts_evlu_amt"] + n["prvs_rcdl_excc_amt"],
                 n["tot_evlu_amt"], n["scts_evlu_amt"] + n["dnca_tot_amt"]))

check = pd.DataFrame(rows, columns=["계좌", "scts_evlu_amt", "prvs_rcdl_excc_amt", "더한 값 (공식)", "tot_evlu_amt (응답)",
                                    "D+0으로 더하면 (실수)"])
check["공식과 응답 일치"] = check["더한 값 (공식)"] == check["tot_evlu_amt (응답)"]
show_table(check).format(thousands=",")

# %% [markdown]
# 공식대로 더하면 두 계좌 모두 응답과 같습니다. D+0 예수금으로 더하면 작은 계좌에서 1,386,190원이 더 나옵니다.
# 이미 NAVER를 사는 데 쓴 돈을 두 번 센 것입니다. 큰 계좌는 D+0과 D+2가 같아서 이 실수가 드러나지 않습니다.
# 예제 계좌 하나로만 확인하면 놓치기 쉬운 이유입니다.
#
# ## 8. 자산증감액 = 총평가금액 − 전일총자산평가금액
#
# 자산증감액(`asst_icdc_amt`)은 자산의 **총액이 아니라 어제보다 늘거나 준 양**입니다. 줄었다면 음수가 됩니다.

# %%
for name, summary in (("작은 계좌", small_summary), ("큰 계좌", large_summary)):
    today, yesterday, change = (int(summary[key]) for key in ("tot_evlu_amt", "bfdy_tot_asst_evlu_amt", "asst_icdc_amt"))
    print(f"{name}: tot_evlu_amt − bfdy_tot_asst_evlu_amt = {today:,} − {yesterday:,} = {today - yesterday:,}"
          f"  | 응답의 asst_icdc_amt = {change:,} → 일치: {today - yesterday == change}")

# %% [markdown]
# ## 9. 합계 항목 = 보유 종목(`output1`)을 더한 값
#
# `output2`의 `..._smtl_amt`(합계금액) 세 개는 `output1`의 종목별 값을 모두 더한 것입니다. 평범한 pandas로
# 직접 더해 봅시다. 문자열 열은 먼저 `astype(int)`로 숫자로 바꿔야 합니다(그냥 더하면 글자가 이어 붙습니다).

# %%
import pandas as pd

from kislearn.frames import show_table

pairs = [("pchs_amt", "pchs_amt_smtl_amt", "매입금액"), ("evlu_amt", "evlu_amt_smtl_amt", "평가금액"),
         ("evlu_pfls_amt", "evlu_pfls_smtl_amt", "평가손익")]

rows = []
for name, balance in (("작은 계좌", small), ("큰 계좌", large)):
    holdings = pd.DataFrame(balance["output1"])
    for row_field, total_field, meaning in pairs:
        added = int(holdings[row_field].astype(int).sum())
        answered = int(balance["output2"][0][total_field])
        rows.append((name, meaning, f"Σ {row_field}", added, total_field, answered, added == answered))

sums = pd.DataFrame(rows, columns=["계좌", "무엇", "output1에서 더함", "더한 값", "output2 필드", "응답값", "일치"])
show_table(sums).format(thousands=",", subset=["더한 값", "응답값"])

# %% [markdown]
# 큰 계좌의 55종목은 모의투자에서 세 쪽으로 나뉘어 옵니다. `fetch_balance()`가 세 쪽을 모두 모아 주었기 때문에
# 합계가 맞습니다. 첫 쪽(20종목)만 더했다면 맞지 않았을 것입니다(`04_balance` 참고).
#
# 평가금액 합계는 유가평가금액(`scts_evlu_amt`)과도 같습니다. 지금까지의 검사를 한 번에 해 주는 도우미가
# `kislearn.frames.check_totals()`입니다. 계산식, 계산값, 응답값을 나란히 보여 줍니다.

# %%
import kislearn
from kislearn.frames import check_totals

check_totals(kislearn.connect(account="50010003-01").fetch_balance())

# %% [markdown]
# ## 10. 순자산금액과 총평가금액
#
# 순자산금액(`nass_amt`)은 자산에서 갚아야 할 대출을 뺀 값입니다. 두 샘플 계좌는 대출(`tot_loan_amt`)이 0이라
# 순자산금액이 총평가금액과 같습니다. 신용융자로 주식을 산 계좌라면 대출만큼 두 값이 달라질 것입니다. 다만 대출이
# 있는 계좌의 공개 기록은 없어서, 그때 순자산금액이 정확히 어떻게 계산되는지는 확인되지 않았습니다(샌드박스에는
# 대출이 없습니다).

# %%
import pandas as pd

keys = ["tot_loan_amt", "nass_amt", "tot_evlu_amt"]
loans = pd.DataFrame({name: [int(summary[key]) for key in keys]
                      for name, summary in (("작은 계좌", small_summary), ("큰 계좌", large_summary))}, index=keys)
print(loans.map("{:,}".format))
print()
print("대출이 0일 때 nass_amt == tot_evlu_amt:", bool((loans.loc["nass_amt"] == loans.loc["tot_evlu_amt"]).all()))

# %% [markdown]
# ## 11. 공식 문서가 "쓰지 않는다"고 한 항목
#
# 명세서에는 값을 믿으면 안 되는 항목이 두 개 있습니다.
#
# | 위치 | 필드 | 공식 이름 | 명세서의 설명 |
# |---|---|---|---|
# | `output2` | `asst_icdc_erng_rt` | 자산증감수익율 | 데이터 미제공 |
# | `output1` | `evlu_erng_rt` | 평가수익율 | 미사용항목(0으로 출력) |
#
# 명세서의 공식 응답 예시(실전 계좌)에는 두 칸 모두 0이 나오고, 모의투자 사용자들의 기록에는 **그럴듯한 비율이 소수점
# 8자리로** 나옵니다. 명세서가 말하는 것은 '데이터 미제공', '미사용항목(0으로 출력)'뿐입니다. 모의투자에서 값이 나오니
# 믿고 썼다가, 실전으로 옮기면 0만 나올 수 있는 함정입니다.
#
# 샌드박스도 두 서버를 이렇게 흉내 냅니다. 아래 셀은 실전 서버를 흉내 내는 샌드박스를 따로 띄워 같은 작은 계좌를
# 조회하고, 모의투자(지금까지 쓴 `small`)와 나란히 놓습니다.

# %%
import tempfile

import pandas as pd

import kislearn
from kislearn.sandbox import Sandbox, SandboxRules, demo_app

with Sandbox(rules=SandboxRules.relaxed()) as real_like, tempfile.TemporaryDirectory() as token_folder:
    app = demo_app("real")
    real_broker = kislearn.KoreaInvestment(app.appkey, app.appsecret, "50010002-01", mock=False,
                                           base_url=real_like.url_for("real"), token_cache=token_folder)
    real_small = real_broker.fetch_balance()

unused = pd.DataFrame({
    "종목": [row["prdt_name"] for row in small["output1"]],
    "evlu_pfls_rt (평가손익율)": [row["evlu_pfls_rt"] for row in small["output1"]],
    "evlu_erng_rt 모의투자": [row["evlu_erng_rt"] for row in small["output1"]],
    "evlu_erng_rt 실전": [row["evlu_erng_rt"] for row in real_small["output1"]],
})
unused

# %% [markdown]
# 이 샘플 데이터에서는 모의투자의 `evlu_erng_rt`가 평가손익율과 같은 숫자를 소수점 8자리로 늘려 보내고, 실전은 0입니다.
# 이것은 **샌드박스가 그렇게 만든 것**입니다. 모의투자가 소수점 8자리 백분율을 보낸다는 사용자들의 기록을 따랐을 뿐,
# 모의투자의 값이 언제나 평가손익율과 같다는 것은 KIS가 문서로 밝힌 규칙이 아닙니다. 그러니 종목별 수익률은
# 언제나 **평가손익율(`evlu_pfls_rt`)을** 쓰세요.
#
# `output2`의 `asst_icdc_erng_rt`도 같습니다. 필요하다면 자산증감액으로 직접 계산하면 됩니다.

# %%
change = int(small_summary["asst_icdc_amt"])
yesterday = int(small_summary["bfdy_tot_asst_evlu_amt"])
print("asst_icdc_erng_rt  모의투자 서버:", small_summary["asst_icdc_erng_rt"])
print("asst_icdc_erng_rt  실전 서버:   ", real_small["output2"][0]["asst_icdc_erng_rt"])
print(f"직접 계산: asst_icdc_amt / bfdy_tot_asst_evlu_amt × 100 = {change:,} / {yesterday:,} × 100 = {change / yesterday * 100:.8f}")

# %% [markdown]
# ## 정리
#
# - `output2`는 요약 하나를 담은 목록이고, 24개 값이 모두 문자열입니다. `rt_cd`는 그 안이 아니라 응답 봉투에 있습니다.
# - 필드 이름은 한글 공식명의 줄임말입니다. `excc`=정산, `prvs_rcdl`=가수도, `tlex`=제비용, `icdc`=증감, `smtl`=합계.
#   뜻이 궁금하면 `kislearn.glossary.field(...)`로 찾아보세요.
# - 예수금은 세 가지입니다: `dnca_tot_amt`(D+0), `nxdy_excc_amt`(D+1), `prvs_rcdl_excc_amt`(D+2). 결제가 T+2라서
#   어제·오늘 산 주식 대금은 D+1·D+2에서 빠집니다. 실제로 남는 현금은 D+2입니다.
# - `tot_evlu_amt = scts_evlu_amt + prvs_rcdl_excc_amt` (공식), `asst_icdc_amt = tot_evlu_amt − bfdy_tot_asst_evlu_amt`,
#   `..._smtl_amt` = `output1`의 합계, 대출이 없으면 `nass_amt = tot_evlu_amt`.
# - `asst_icdc_erng_rt`와 `evlu_erng_rt`는 공식적으로 쓰지 않는 항목입니다. 공식 예시(실전)에는 0이 나오니 직접
#   계산하세요.
#
# ## 연습문제
#
# 1. 총평가금액을 D+0 예수금(`dnca_tot_amt`)으로 잘못 계산하면 작은 계좌와 큰 계좌에서 각각 얼마나 틀리나요?
#    그 차이는 어떤 두 예수금의 차이와 같나요? 데이터로 확인해 보세요.
# 2. 큰 계좌(`50010003-01`)의 자산증감수익률을 `asst_icdc_amt`와 `bfdy_tot_asst_evlu_amt`로 직접 계산해,
#    모의투자 서버가 보낸 `asst_icdc_erng_rt`와 나란히 출력해 보세요.
#
# 정답은 아래 숨긴 셀을 펼쳐 보세요.

# %% jupyter={"source_hidden": true}
import kislearn

summaries = {account: kislearn.connect(account=account).fetch_balance()["output2"][0]
             for account in ("50010002-01", "50010003-01")}
for account, summary in summaries.items():
    n = {key: int(value) for key, value in summary.items() if key not in ("fncg_gld_auto_rdpt_yn", "asst_icdc_erng_rt")}
    mistake = n["scts_evlu_amt"] + n["dnca_tot_amt"] - n["tot_evlu_amt"]
    unsettled = n["dnca_tot_amt"] - n["prvs_rcdl_excc_amt"]
    print(f"1번 {account}: 틀린 양 {mistake:,}원 / D+0 − D+2 예수금 = {unsettled:,}원 → 같은가요? {mistake == unsettled}")
# 틀린 양은 언제나 D+0 예수금 − D+2 예수금, 곧 아직 결제되지 않은 매매의 순금액(산 대금 + 제비용 − 판 대금)입니다.

summary = summaries["50010003-01"]
rate = int(summary["asst_icdc_amt"]) / int(summary["bfdy_tot_asst_evlu_amt"]) * 100
print(f"2번: 직접 계산 {rate:.8f} / 서버가 보낸 값 {summary['asst_icdc_erng_rt']}")
