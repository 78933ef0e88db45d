# %% [markdown]
# # 07. 첫 주문 — 한 주 사고, 잔고의 어느 칸이 왜 움직이는지 읽기
#
# 많은 분들이 "아직 보유 종목이 없어서, 시험 삼아 한 주 사 보고 업데이트하겠다"에서 멈춥니다. 진짜 돈은 무섭고,
# 모의투자 서버는 느리고 제한이 많기 때문입니다. 이번 시간에는 샌드박스에서 안전하게 첫 주문을 내고, 잔고의 숫자가
# 하나하나 어떻게 바뀌는지 확인합니다.
#
# **학습 목표**
#
# - 주식주문(현금) API의 주소, 매수·매도 `tr_id`, 주문 본문(body)의 값들을 안다.
# - 시장가(market)·지정가(limit) 주문을 `create_market_buy_order` 등 mojito2와 같은 메서드로 낸다.
# - 매수 직후 `output2`에서 **오늘 움직이는 현금(D+2)과** **그대로인 현금(D+0, D+1)**, 제비용(수수료·세금)을 구분한다.
# - 두 번째 매수와 일부 매도 뒤 **평균단가(매입평균가격)와** **평가손익**이 어떻게 계산되는지 안다.
# - 거절되는 주문(현금 부족, 호가단위 오류, 없는 종목 매도)의 오류 코드를 읽는다.
#
# 예상 시간: 40분

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
# ## 1. 나만의 샌드박스와 나만의 계좌
#
# 이 노트북은 결과가 매번 같도록 **나만 쓰는 샌드박스**를 하나 새로 띄웁니다(`port=0`은 빈 포트를 알아서 고르라는 뜻).
# 파이썬에서 띄운 샌드박스는 **시장 시계가 멈춰 있습니다**: 샘플 시세 파일이 찍힌 순간인 2026-11-20 15:30(장 마감)에 서
# 있어서 가격이 움직이지 않고, 주문은 그 순간의 가격(종가)에 체결됩니다(샌드박스의 선택). 규칙은 기본값(`SandboxRules()`)
# 입니다. 기본값은 알려진 KIS의 한도를 따르므로 모의투자처럼 1초에 2번까지만 부를 수 있고, kislearn 클라이언트가 알아서
# 속도를 맞춥니다.
#
# 샌드박스는 **앱키마다 계좌를 따로** 가집니다. 교실에서 여러 학생이 샌드박스 하나를 함께 써도 서로의 주문이 섞이지
# 않도록, `demo_app("paper", student="이름")`은 이름에서 그 학생만의 앱키를 만들어 줍니다. 키는 화면에 찍지 않습니다.

# %%
import tempfile

import kislearn
from kislearn.sandbox import Sandbox, SandboxRules, demo_app

sandbox = Sandbox(port=0, rules=SandboxRules()).start()
app = demo_app("paper", student="첫주문")  # 이 이름만의 앱키·시크릿 (샌드박스 전용)
workspace = tempfile.TemporaryDirectory(prefix="kislearn-07-")  # 이 노트북만의 토큰 캐시 (마지막 셀에서 지움)
token_folder = workspace.name


def broker_for(account: str) -> kislearn.KoreaInvestment:
    """샌드박스의 모의투자 서버에 붙은 클라이언트 하나."""
    return kislearn.KoreaInvestment(app.appkey, app.appsecret, account, mock=True,
                                    base_url=sandbox.url_for("paper"), token_cache=token_folder)


broker = broker_for("50010001-01")  # 빈 계좌: 현금 1천만 원, 보유 종목 없음
print("모의투자(mock) 서버에 연결:", broker.mock, "| 계좌:", broker.acc_no)

# %% [markdown]
# ## 2. 주문 API 한눈에
#
# 주문은 `POST /uapi/domestic-stock/v1/trading/order-cash` 입니다. 조회와 달리 **POST**이고, 사는지 파는지는 주소가 아니라
# `tr_id`로 구분합니다. 명세서는 예전 `tr_id`(0802U·0801U)가 "사전고지 없이 막힐 수 있으니" 새 `tr_id`로 바꾸라고 합니다.
# mojito2 0.1.6은 아직 예전 것을 보내고, kislearn은 새 것을 보냅니다(샌드박스는 둘 다 받습니다).

# %%
import pandas as pd

from kislearn import spec

pd.DataFrame([
    (server, side_name, spec.ORDER_TR_ID[flavour][side], spec.ORDER_OLD_TR_ID[flavour][side],
     f"{spec.ORDER_OK[flavour][side][0]} {spec.ORDER_OK[flavour][side][1]}")
    for flavour, server in (("real", "실전"), ("paper", "모의투자"))
    for side, side_name in (("buy", "매수"), ("sell", "매도"))
], columns=["서버", "주문", "tr_id (신)", "tr_id (구)", "성공 응답 msg_cd msg1"])

# %% [markdown]
# 주문 본문(body)의 키는 **대문자**, 값은 숫자도 모두 **문자열**로 보냅니다(명세서가 두 번이나 강조합니다).
#
# | 키 | 공식 이름 | 예 | 뜻 |
# |---|---|---|---|
# | `CANO` | 종합계좌번호 | `"50010001"` | 계좌번호 앞 8자리 |
# | `ACNT_PRDT_CD` | 계좌상품코드 | `"01"` | 계좌번호 뒤 2자리 |
# | `PDNO` | 상품번호 | `"012330"` | 종목코드 6자리 |
# | `ORD_DVSN` | 주문구분 | `"01"` | `00` 지정가, `01` 시장가 (그 밖의 코드도 있지만 샌드박스는 이 둘만) |
# | `ORD_QTY` | 주문수량 | `"1"` | 몇 주 |
# | `ORD_UNPR` | 주문단가 | `"0"` | 지정가면 가격, 시장가면 `"0"` |
#
# ## 3. 주문 전 잔고
#
# 주문 전 `output2`(계좌 요약)를 `before`에 담아 둡니다. 나중에 주문 뒤의 요약과 나란히 비교합니다.

# %%
from kislearn import frames

before = broker.fetch_balance()
print("보유 종목 수:", len(before["output1"]))
frames.summary_frame(before)[["필드", "공식 이름", "값"]].head(12)

# %% [markdown]
# ## 4. 무엇을 살까: 현재가 확인
#
# 사용자들이 모의투자에서 실제로 남긴 기록과 같은 종목, 현대모비스(`012330`)를 한 주 사 보겠습니다. 먼저 시세를 봅니다.
# 상한가·하한가와 호가단위도 함께 봐 두세요. 주문할 때 다시 나옵니다.

# %%
frames.price_frame(broker.fetch_price("012330"),
                   ["stck_prpr", "stck_mxpr", "stck_llam", "aspr_unit"])[["필드", "공식 이름", "값", "단위"]]

# %% [markdown]
# ## 5. 첫 매수: 시장가로 한 주
#
# `create_market_buy_order(종목코드, 수량)` — mojito2와 똑같은 모양입니다. 성공하면 응답의 `output`에 주문번호(`ODNO`)가
# 들어 있습니다. 주문시각(`ORD_TMD`, `HHMMSS`)은 실행할 때마다 달라지니 여기서는 찍지 않습니다.

# %%
answer = broker.create_market_buy_order("012330", 1)
print("rt_cd:", answer["rt_cd"], "| msg_cd:", answer["msg_cd"], "|", answer["msg1"].strip())
print("주문번호 ODNO:", answer["output"]["ODNO"], "| 계좌관리점코드 KRX_FWDG_ORD_ORGNO:", answer["output"]["KRX_FWDG_ORD_ORGNO"])

# %% [markdown]
# ## 6. 매수 전과 후: `output2` 나란히 놓기
#
# 다시 잔고를 조회해 `after`에 담고, 두 요약을 한 표에 놓습니다. **바뀐 칸은 노랗게** 칠했습니다.

# %%
import pandas as pd

from kislearn.frames import show_table
from kislearn.glossary import field

after = broker.fetch_balance()


def compare_summaries(old: dict, new: dict) -> pd.DataFrame:
    """두 잔고의 output2를 필드마다 한 줄로: 전, 후, 변화."""
    rows = []
    for name in old["output2"][0]:
        if name in ("fncg_gld_auto_rdpt_yn", "asst_icdc_erng_rt"):
            continue  # 문자 칸과 비율 칸은 빼고 금액만
        was, now = int(old["output2"][0][name]), int(new["output2"][0][name])
        rows.append((name, field(name, "output2").official_name, was, now, now - was))
    return pd.DataFrame(rows, columns=["필드", "공식 이름", "전", "후", "변화"])


def highlight_changes(table: pd.DataFrame):
    """변화가 0이 아닌 줄을 노랗게, 숫자는 천 단위 쉼표로."""
    def paint(row):
        return ["background-color: #fff3b0" if row["변화"] != 0 else ""] * len(row)
    return show_table(table).apply(paint, axis=1).format("{:,}", subset=["전", "후", "변화"])


first_buy = compare_summaries(before, after)
highlight_changes(first_buy)

# %% [markdown]
# ## 7. 한 칸씩 읽기: 현금
#
# 가장 먼저 눈에 띄는 것은 **예수금이 세 개**라는 점입니다. 한국 주식은 체결된 날로부터 2영업일 뒤(**D+2**)에 돈이
# 실제로 오갑니다(결제). 영업일로 세므로 금요일에 산 주식은 주말을 건너 화요일에 결제됩니다. 그래서 오늘 산 주식의
# 대금은 오늘(D+0)도 다음 영업일(D+1)도 아닌 2영업일 뒤(D+2)의 예수금에서만 빠집니다.

# %%
cash = first_buy.set_index("필드").loc[["dnca_tot_amt", "nxdy_excc_amt", "prvs_rcdl_excc_amt"]]
cash.assign(언제=["오늘 (D+0)", "다음 영업일 (D+1)", "2영업일 뒤 (D+2)"])[["공식 이름", "언제", "전", "후", "변화"]]

# %% [markdown]
# - `dnca_tot_amt`(D+0)와 `nxdy_excc_amt`(D+1)는 **그대로** 10,000,000원입니다. 오늘의 매매는 2영업일 뒤에 결제되기
#   때문입니다.
# - `prvs_rcdl_excc_amt`(D+2)만 **294,540원** 줄었습니다: 주식 대금 294,500원 + 제비용 40원.
# - 그래서 "지금 쓸 수 있는 돈"을 볼 때는 D+0 예수금이 아니라 **D+2 예수금**을 보는 것이 안전합니다.
#
# 샌드박스의 계산식은 명세서에 없고 샌드박스가 정한 것입니다. D+2 = D+1 − 오늘 매수 − 오늘 제비용 + 오늘 매도는
# 한 사용자가 공개한 2026-06-11의 모의투자 기록(현대모비스 1주를 294,500원에 산 뒤 D+0, D+1은 10,000,000원 그대로,
# D+2는 9,705,460원)과 맞습니다.
# D+1 = D+0 − 어제 매수 − 어제 제비용 + 어제 매도는 어제 매매가 있는 공개 기록이 없어, 결제일 규칙에서 끌어낸 식입니다.

# %% [markdown]
# ## 8. 한 칸씩 읽기: 오늘의 매매와 제비용
#
# `thdt_buy_amt`(금일매수금액)는 294,500원, `thdt_tlex_amt`(금일제비용금액)는 40원입니다. 40원은 어디서 왔을까요?
# 샌드박스의 수수료는 **0.014%를 10원 단위로 버림**입니다(위의 2026-06-11 모의투자 기록에 맞춘 샌드박스의 선택이며
# 바꿀 수 있습니다).

# %%
from decimal import Decimal

from kislearn.sandbox import TradingCosts

costs = TradingCosts()  # 샌드박스 기본값
print("수수료율:", (costs.buy_fee_rate * 100).normalize(), "%")
print("294,500 × 0.014% =", (Decimal(294_500) * costs.buy_fee_rate).normalize(), "원 → 10원 단위 버림 →",
      costs.buy_fee(294_500), "원")

# %% [markdown]
# ## 9. 한 칸씩 읽기: 평가금액과 자산
#
# - `scts_evlu_amt`(유가평가금액) 294,500원 = 현재가 294,500원 × 1주. `evlu_amt_smtl_amt`도 같습니다.
# - `pchs_amt_smtl_amt`(매입금액합계) 294,500원. **매입금액에는 수수료가 들어가지 않습니다.**
# - `tot_evlu_amt`(총평가금액) = 유가평가금액 + D+2 예수금 = 294,500 + 9,705,460 = **9,999,960원**.
# - `asst_icdc_amt`(자산증감액) = 총평가금액 − 전일총자산평가금액 = **−40원**. 같은 값에 사고 가격이 그대로이니,
#   자산이 줄어든 것은 수수료만큼입니다.
#
# 보유 종목 목록(`output1`)에도 한 줄이 생겼습니다.

# %%
frames.holdings_frame(after)

# %% [markdown]
# `thdt_buyqty`(금일매수수량)도 1이 됐습니다. 확인해 봅시다. 필드 이름이 `thdt_buy_qty`가 아니라 `thdt_buyqty`입니다.

# %%
frames.holdings_frame(after, columns=["pdno", "bfdy_buy_qty", "thdt_buyqty", "thdt_sll_qty", "hldg_qty",
                                      "ord_psbl_qty"])

# %% [markdown]
# ## 10. 평균단가: 이미 가진 종목을 더 사면
#
# 이 노트북의 샌드박스는 **시계를 멈춰 두었기 때문에** 가격이 움직이지 않습니다(시계를 움직여 가격이 바뀌는 모습은
# `13_order_life`에서 봅니다). 그래서 방금 산 현대모비스를 한 주 더 사도 평균단가는 그대로 294,500원입니다. 평균단가가
# 바뀌는 모습을 보려면 **예전에 다른 값에 사 둔** 종목이 필요합니다.
#
# 같은 앱키로 작은 포트폴리오 계좌(`50010002-01`)를 엽니다. 삼성전자를 47주, 평균 82,353원에 갖고 있고 지금 가격은
# 97,400원입니다. 여기서 3주를 더 삽니다.

# %%
import pandas as pd

portfolio = broker_for("50010002-01")


def samsung_row(balance: dict) -> pd.Series:
    """삼성전자 줄의 주요 칸."""
    table = frames.holdings_frame(balance, korean=False)
    return table.set_index("pdno").loc["005930", ["hldg_qty", "pchs_amt", "pchs_avg_pric", "prpr", "evlu_amt",
                                                   "evlu_pfls_amt", "evlu_pfls_rt"]]


first = samsung_row(portfolio.fetch_balance())
portfolio.create_market_buy_order("005930", 3)
second = samsung_row(portfolio.fetch_balance())
pd.DataFrame({"처음": first, "3주 더 산 뒤": second})

# %% [markdown]
# - `pchs_amt`(매입금액)는 **산 값 그대로 더해집니다**: 3,870,600 + 97,400 × 3 = 4,162,800원.
# - `pchs_avg_pric`(매입평균가격) = 매입금액 ÷ 보유수량 = 4,162,800 ÷ 50 = **83,256원**. 비싸게 더 샀으니 평균이 올랐습니다.
# - `evlu_pfls_amt`(평가손익) = 평가금액 − 매입금액, `evlu_pfls_rt`(평가손익율) = 평가손익 ÷ 매입금액 × 100.
#   현재가에 샀으니 평가금액과 매입금액이 똑같이 292,200원 늘어 **평가손익 금액은 그대로**지만, 나누는 매입금액이
#   커졌으니 **손익율은 18.27%에서 16.99%로** 내려갔습니다.
#
# ## 11. 일부 매도: 매입금액은 평균 원가만큼 줄어든다(샌드박스의 계산)
#
# 이제 50주 가운데 20주를 시장가로 팝니다.

# %%
import pandas as pd

before_sell = portfolio.fetch_balance()
portfolio.create_market_sell_order("005930", 20)
after_sell = portfolio.fetch_balance()
third = samsung_row(after_sell)
pd.DataFrame({"팔기 전": second, "20주 판 뒤": third})

# %% [markdown]
# - 판 20주의 **원가**는 평균단가 × 20 = 83,256 × 20 = 1,665,120원. 매입금액은 4,162,800 − 1,665,120 = **2,497,680원**.
# - 그래서 남은 30주의 평균단가는 그대로 83,256원입니다. 판 주식의 원가를 평균단가로 빼는 것(이동평균)은 **샌드박스가
#   정한 계산**입니다. 실제 KIS가 매도 뒤 매입금액을 어떻게 다시 계산하는지는 명세서에 없으니, 내 계좌에서 확인해 보세요.
# - 이 매도로 **실현한 손익**은 잔고에 따로 나오지 않습니다. 직접 계산하면 (97,400 − 83,256) × 20 = 282,880원에서
#   제비용을 뺀 값입니다.
#
# 요약(`output2`)에서는 매도 쪽 칸들이 움직입니다.

# %%
highlight_changes(compare_summaries(before_sell, after_sell))

# %% [markdown]
# 매도 제비용은 수수료에 **세금**이 더해집니다. 세금은 **종목이 상장된 시장**마다 다르고, **해마다 바뀔 수 있습니다**.
# 샌드박스는 2026년 1월 1일 이후 양도분의 세율을 씁니다.
#
# | 시장 | 증권거래세 | 농어촌특별세 | 합계 |
# |---|---|---|---|
# | KOSPI(유가증권시장) | 0.05% | 0.15% | 0.20% |
# | KOSDAQ | 0.20% | 없음 | 0.20% |
# | KONEX | 0.10% | 없음 | 0.10% |
#
# 출처는 기획재정부가 2025년 세제개편안의 후속으로 2025년 12월 1일 입법예고한 「증권거래세법 시행령」 개정안입니다
# (2026년 1월 1일 이후 양도분부터). 2025년에는 KOSPI 0%(농어촌특별세 0.15%는 그대로), KOSDAQ 0.15%였습니다. 세금은
# 각각 원 단위로 버립니다. 이것과 수수료(0.014%, 10원 단위 버림)는 KOSPI 종목인 현대모비스의 2026-06-11 모의투자 기록
# "되팔자 제비용 668원"에 맞춘 샌드박스의 선택입니다. 샌드박스의 시세 파일에는 종목마다 상장 시장(`market`)이 적혀 있습니다.
#
# 삼성전자 20주(1,948,000원)를 판 제비용을 세 시장의 세율로 나란히 계산해 봅시다.

# %%
import pandas as pd

from kislearn.sandbox.samples import load_prices

amount = 97_400 * 20
market = load_prices()["005930"].market  # 샘플 시세 파일에 적힌 삼성전자의 상장 시장
print("매도 금액:", f"{amount:,}원", "| 삼성전자의 상장 시장:", market)
by_market = {}
for name in ("KOSPI", "KOSDAQ", "KONEX"):
    sale = costs.sale_costs(amount, name)
    by_market[name] = {"수수료 0.014% (10원 버림)": sale.fee, "증권거래세": sale.securities_tax,
                       "농어촌특별세": sale.rural_tax, "제비용 합계": sale.total,
                       "D+2 예수금 증가분 = 매도 금액 − 제비용": amount - sale.total}
pd.DataFrame(by_market).rename(columns={market: f"{market} (삼성전자)"})

# %% [markdown]
# KOSPI 열의 제비용 합계가 위 표에서 늘어난 `thdt_tlex_amt`(금일제비용금액)와 같습니다. 2026년에는 KOSPI와 KOSDAQ의
# 세율 합계가 0.20%로 같아서 제비용도 거의 같지만, KOSPI는 세금이 두 가지(각각 원 단위 버림)이고 KOSDAQ은 한 가지입니다.
# KONEX는 세율이 그 절반입니다.

# %% [markdown]
# ## 12. 지정가 주문과 미체결
#
# 지정가(limit) 주문은 가격을 정해서 냅니다. 샌드박스의 규칙은 단순합니다.
#
# - 지금 바로 체결될 수 있는 값(매수는 현재가 이상, 매도는 현재가 이하)이면 **현재가에 바로 체결**됩니다.
# - 아니면 주문은 접수되지만(주문번호가 나옴) **체결되지 않고 남습니다(미체결)**. 나중에 가격이 지정가까지 오면 그때
#   체결되고, 그날 장이 끝날 때까지 체결되지 않으면 사라집니다. 이 노트북의 샌드박스는 시계가 멈춰 있어 가격이 움직이지
#   않으니, 여기서 낸 미체결 주문은 그대로 남아 있습니다. 시계를 움직여 체결되는 모습, 주문 정정·취소(주식주문(정정취소))와
#   주식일별주문체결조회는 `13_order_life` 노트북에서 다룹니다(규칙 전체는 README의 "살아 있는 시장" 절).
#
# 현재가보다 싼 290,000원에 현대모비스 매수 주문을 내 봅시다.

# %%
resting = broker.create_limit_buy_order("012330", 290_000, 2)
print(resting["msg_cd"], resting["msg1"].strip(), "| ODNO:", resting["output"]["ODNO"])
print("잔고가 바뀌었나요?", broker.fetch_balance() != after)

# %% [markdown]
# 잔고는 그대로입니다. 체결되지 않은 매수는 잔고에 나오지 않습니다. 대신 샌드박스는 이 주문에 **현금을 묶어 둡니다**.
# 그래야 같은 돈으로 주문을 두 번 낼 수 없습니다(샌드박스의 선택). 샌드박스에게 이 앱키의 주문 목록을 물어봅시다
# (`Sandbox.orders`는 KIS API가 아니라 샌드박스의 도구입니다). 미체결 매수의 `묶어 둔 현금`(reserved) 칸이 그 돈입니다:
# 290,000 × 2 = 580,000원에 수수료 80원(580,000 × 0.014% = 81.2원, 10원 단위 버림)을 더한 **580,080원**.
# `주문구분` 칸에는 이름과 함께 보낸 코드(`ORD_DVSN`, 명세서 주식주문(현금) 시트: `00` 지정가, `01` 시장가)를 적었습니다.

# %%
import pandas as pd

from kislearn.frames import show_table

orders = pd.DataFrame([record.as_row() for record in sandbox.orders(app.appkey)])  # as_row: 한글 열 이름과 값
show_table(orders).format(thousands=",", precision=0, na_rep="")

# %% [markdown]
# 지정가 **매도**가 미체결로 남으면 잔고에서도 보입니다: 보유수량(`hldg_qty`)은 그대로인데 주문가능수량(`ord_psbl_qty`)이
# 줄어듭니다. 주문에 묶인 주식은 다시 팔 수 없기 때문입니다.

# %%
portfolio.create_limit_sell_order("005930", 100_000, 10)  # 현재가 97,400원보다 비싸게: 미체결
frames.holdings_frame(portfolio.fetch_balance(), columns=["pdno", "prdt_name", "hldg_qty", "ord_psbl_qty"]).head(1)

# %% [markdown]
# ## 13. 거절되는 주문
#
# 잘못된 주문은 서버가 거절하고, kislearn은 `OrderRejectedError`(=`KisApiError`의 한 종류)를 일으킵니다. 오류에는 서버의
# `msg_cd`·`msg1`과 한국어 도움말(`hint`)이 들어 있습니다. 모의투자식 코드 가운데 `40240000`(잔고내역 없음)은 사용자들의
# 기록에 있는 코드이고, `40250000`·`40030000`·`40070000`은 공개된 기록이 없어 **샌드박스가 같은 꼴로 정한 코드**입니다
# (장 시간 밖의 주문에는 사용자 기록의 `40570000`(장시작전)·`40580000`(장종료)이 옵니다). `SBX`로 시작하는 코드도
# 샌드박스가 정한 것입니다. 실제 서버에서는 코드 번호보다 `msg1`을 먼저 읽으세요.

# %%
import pandas as pd
from IPython.display import display

attempts = {
    "현금보다 많이 사기 (시장가는 상한가로 계산)": lambda: broker.create_market_buy_order("012330", 30),
    "호가단위가 아닌 가격 (294,400원)": lambda: broker.create_limit_buy_order("012330", 294_400, 1),
    "없는 종목 팔기": lambda: broker.create_market_sell_order("005930", 1),
    "가진 것보다 많이 팔기": lambda: broker.create_market_sell_order("012330", 5),
    "상한가보다 비싼 지정가": lambda: broker.create_limit_buy_order("012330", 400_000, 1),
}
rows = []
for what, attempt in attempts.items():
    try:
        attempt()
        rows.append((what, "성공", "", ""))
    except kislearn.OrderRejectedError as error:
        rows.append((what, error.msg_cd, error.msg1, error.hint))
with pd.option_context("display.max_colwidth", None):  # 도움말을 자르지 않고 모두 보여 줌 (이 셀 안에서만)
    display(pd.DataFrame(rows, columns=["시도", "msg_cd", "msg1", "도움말"]))

# %% [markdown]
# 서버까지 가지도 않고 **보내기 전에** 막히는 실수도 있습니다. 예를 들어 수량을 문자열로 넘기면:

# %%
try:
    broker.create_market_buy_order("012330", "1")
except kislearn.InvalidArgumentError as error:
    print(type(error).__name__, "-", error)

# %% [markdown]
# ## 14. 몇 번을 사고팔아도 숫자는 맞아떨어진다
#
# 04·05 노트북에서 본 잔고의 계산 관계(종목별 합계 = 요약, 총평가금액 = 유가평가금액 + D+2 예수금 등)는 주문 뒤에도
# 그대로입니다. 샌드박스의 모든 관계를 검사하는 `check_balance`로 두 계좌를 확인해 봅시다. 빈 목록이면 문제가 없다는 뜻입니다.

# %%
from kislearn.consistency import check_balance

for name, client in (("빈 계좌", broker), ("작은 포트폴리오", portfolio)):
    balance = client.fetch_balance()
    print(name, "→ 문제:", check_balance(balance["output1"], balance["output2"]))
frames.check_totals(portfolio.fetch_balance())

# %% [markdown]
# ## 15. 처음으로 되돌리기
#
# 연습을 다시 하고 싶으면 샌드박스에게 이 앱키의 계좌를 **샘플 상태로 되돌리라고(reset)** 합니다. 다른 앱키(다른 학생)의
# 계좌는 그대로입니다. HTTP로는 `POST <base URL>/sandbox/reset`에 `appkey`·`appsecret` 헤더를 붙여 보냅니다.

# %%
sandbox.reset(app.appkey)
print("빈 계좌 보유 종목 수:", len(broker.fetch_balance()["output1"]))
print("D+2 예수금:", broker.fetch_balance()["output2"][0]["prvs_rcdl_excc_amt"])

# %% [markdown]
# ## 정리
#
# - 주문은 `POST .../trading/order-cash`, 매수 `VTTC0012U`·매도 `VTTC0011U`(모의), 실전은 `T`로 시작. 본문은 대문자 키, 문자열 값.
# - 오늘 산 주식의 대금과 제비용은 **D+2 예수금**(`prvs_rcdl_excc_amt`)에서만 빠집니다. D+0·D+1은 그대로입니다.
# - `thdt_buy_amt`·`thdt_sll_amt`는 오늘의 매매 금액, `thdt_tlex_amt`는 오늘의 제비용(수수료 + 매도 세금)입니다.
# - 매입금액은 산 값의 합(수수료 제외), 평균단가 = 매입금액 ÷ 보유수량. 샌드박스에서는 팔면 매입금액이 평균 원가만큼 줄고
#   평균단가는 그대로입니다(샌드박스의 계산).
# - 매도 세금은 상장 시장마다 다르고 해마다 바뀔 수 있습니다(2026년: KOSPI 0.05% + 농어촌특별세 0.15%, KOSDAQ 0.20%).
# - 이 노트북의 샌드박스는 시계가 멈춰 있어 가격이 움직이지 않고, 체결 안 된 지정가 주문은 그대로 남습니다. 시계가
#   가는 샌드박스(`python -m kislearn sandbox`, `kislearn.connect()`가 띄우는 공용 샌드박스)에서는 가격이 움직이고, 지정가에
#   닿은 주문이 체결되고, 장이 끝나면 미체결 주문이 사라지고, 예수금이 결제일(D+2)에 맞춰 D+0으로 옮겨 갑니다.
#
# ## 연습문제
#
# 1. 빈 계좌(현금 1천만 원)에서 현대모비스를 **시장가**로 한 번에 최대 몇 주 살 수 있을까요? 시장가 매수는 상한가
#    (`stck_mxpr`)로 주문금액을 잡고 수수료까지 있어야 한다는 점을 이용해 계산하고, 그 수량과 한 주 더 많은 수량으로
#    주문해 확인해 보세요.
# 2. 현대모비스 1주를 사서 같은 값에 되팔면 `thdt_tlex_amt`는 얼마가 될까요? 먼저 계산하고, 주문해서 확인해 보세요.
#
# 정답은 아래 숨긴 셀을 펼쳐 보세요.

# %% jupyter={"source_hidden": true}
# 이 셀만 복사해도 돌아가도록, 정답 확인용 샌드박스와 토큰 캐시를 따로 만들고 끝나면 치웁니다.
import tempfile

import kislearn
from kislearn.sandbox import Sandbox, SandboxRules, TradingCosts, demo_app

costs = TradingCosts()  # 샌드박스 기본 수수료·세금
app = demo_app("paper", student="첫주문")
with Sandbox(port=0, rules=SandboxRules()) as practice, tempfile.TemporaryDirectory() as practice_tokens:
    client = kislearn.KoreaInvestment(app.appkey, app.appsecret, "50010001-01", mock=True,
                                      base_url=practice.url_for("paper"), token_cache=practice_tokens)
    upper = int(client.fetch_price("012330")["output"]["stck_mxpr"])
    cash = int(client.fetch_balance()["output2"][0]["prvs_rcdl_excc_amt"])
    most = max(q for q in range(1, 100) if q * upper + costs.buy_fee(q * upper) <= cash)
    print("1번: 계산한 최대 수량", most, "주")
    try:
        client.create_market_buy_order("012330", most + 1)
    except kislearn.OrderRejectedError as error:
        print(f"   {most + 1}주 → 거절 {error.msg_cd}")
    print(f"   {most}주 →", client.create_market_buy_order("012330", most)["msg_cd"])

    practice.reset(app.appkey)
    expected = costs.buy_fee(294_500) + costs.sale_costs(294_500, "KOSPI").total  # 현대모비스는 KOSPI 종목
    client.create_market_buy_order("012330", 1)
    client.create_market_sell_order("012330", 1)
    print("2번: 계산", expected, "원 / 잔고", client.fetch_balance()["output2"][0]["thdt_tlex_amt"], "원")

# %% [markdown]
# 다 썼으면 이 노트북의 샌드박스를 멈추고, 토큰 캐시로 쓴 임시 폴더를 지웁니다.

# %%
sandbox.stop()
workspace.cleanup()
