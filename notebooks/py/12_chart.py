# %% [markdown]
# # 12. 시세 흐름 보기 — 일봉·주봉·분봉을 표와 캔들 차트로
#
# 지금까지는 "지금 이 순간"의 가격(주식현재가 시세)만 봤습니다. 자동매매 규칙을 세우려면 가격이 **어떻게 움직여 왔는지**,
# 곧 시세의 흐름이 필요합니다. 이번 시간에는 하루·한 주·한 달 단위의 봉(bar)과 오늘의 1분봉을 받아 표로 만들고, 증권사
# 앱에서 보던 캔들 차트로 그려 봅니다.
#
# **학습 목표**
#
# - 국내주식기간별시세(일/주/월/년)와 주식당일분봉조회, 두 차트 API의 요청 값과 **한 번에 오는 개수**(100개, 30개)를 안다.
# - `fetch_ohlcv()`·`fetch_today_1m_ohlcv()`의 응답을 날짜 인덱스와 숫자 열을 가진 DataFrame으로 바꾼다.
# - 100개보다 긴 기간을 **종료일자를 앞으로 옮기며** 여러 번에 나눠 받는다.
# - mplfinance로 거래량과 이동평균선이 있는 캔들 차트를 한국식 색(상승 빨강, 하락 파랑)으로 그린다.
# - mojito2의 `fetch_ohlcv()`와 같은 답이 오는지 나란히 확인한다.
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
# ## 1. 나만의 샌드박스
#
# 07 노트북처럼 이 노트북만 쓰는 샌드박스를 띄웁니다. 파이썬에서 띄운 샌드박스의 **시장 시계는 2026-11-20(금) 15:30,
# 장 마감 순간에 멈춰 있습니다**. 그래서 누가 언제 실행해도 같은 차트가 나옵니다.
#
# 먼저 알아 둘 것: 샌드박스의 가격은 **진짜 시세가 아닙니다**. 샘플 시세 파일(2026-11-20 종가)을 반드시 지나가도록
# 샌드박스가 만들어 낸 가격의 길(2016년부터의 일봉과 하루 약 4,000건의 체결)입니다(**샌드박스의 선택**). 응답의 모양과
# 필드 이름은 공식 명세 그대로이지만, 숫자로 투자 판단을 하면 안 됩니다.

# %%
import tempfile

import kislearn
from kislearn.sandbox import Sandbox, demo_app
from kislearn.sandbox_tools import market_clock

sandbox = Sandbox(port=0).start()  # 시장 시계: 2026-11-20 15:30에 멈춤
app = demo_app("paper", student="차트")  # 이 이름만의 앱키·시크릿 (샌드박스 전용)
workspace = tempfile.TemporaryDirectory(prefix="kislearn-12-")  # 이 노트북만의 토큰 캐시 (마지막 셀에서 지움)
broker = kislearn.KoreaInvestment(app.appkey, app.appsecret, "50010001-01", mock=True,
                                  base_url=sandbox.url_for("paper"), token_cache=workspace.name)

clock = market_clock(broker)
print("시장 시각:", clock["now"], "| 장 구간:", clock["phase"], "| 다음 개장:", clock["next_open"])

# %% [markdown]
# `after_close`는 "장이 끝난 뒤"라는 뜻입니다. 오늘(11월 20일)의 봉은 이미 다 만들어졌습니다.
#
# ## 2. 차트 API 두 개
#
# 공식 명세에서 차트에 쓰는 API는 여럿이지만, 이 노트북은 가장 많이 쓰는 두 개를 다룹니다. 한 번에 몇 개가 오는지는
# 명세서의 각 시트 첫머리 설명에 적혀 있습니다. 아래 표의 마지막 열은 그 문장을 `kislearn.catalog`(공식 명세를 옮긴
# 목록)에서 그대로 가져온 것입니다.

# %%
import pandas as pd
from IPython.display import display

from kislearn import catalog

rows = []
for name, method in (("국내주식기간별시세(일/주/월/년)", "fetch_ohlcv"), ("주식당일분봉조회", "fetch_today_1m_ohlcv")):
    api = catalog.find(name)
    limit = next(line for line in api.summary.splitlines() if "최대" in line)  # 명세서의 "한 번의 호출에 최대 …건"
    rows.append((api.name, api.path.rsplit("/", 1)[-1], api.real_tr_ids[0].tr_id, method, limit))
with pd.option_context("display.max_colwidth", None):
    display(pd.DataFrame(rows, columns=["API (명세서 시트)", "주소 끝", "tr_id", "kislearn·mojito2 메서드", "명세서"]))

# %% [markdown]
# - 두 API 모두 시세 API라서 **실전과 모의투자의 `tr_id`가 같습니다**(`FHKST…`, 명세서). 잔고·주문처럼 `T`/`V`로 나뉘지
#   않습니다.
# - kislearn의 메서드 이름과 모양은 mojito2와 같습니다. 그래서 블로그의 mojito2 예제를 그대로 옮겨 쓸 수 있습니다.
#
# 국내주식기간별시세가 받는 요청 값 여섯 개입니다. 공식 이름은 명세서 그대로이고, 보내는 값은
# `fetch_ohlcv("005930", "D", "20260101", "20261120")`이 보내는 값입니다.

# %%
from kislearn import ohlcv

sent = ohlcv.period_fields("005930", "D", "20260101", "20261120", adj_price=True)  # fetch_ohlcv가 만드는 요청 값
api = catalog.find("국내주식기간별시세(일/주/월/년)")
with pd.option_context("display.max_colwidth", None):
    display(pd.DataFrame([(f.name, f.korean, sent[f.name], f.description.replace("\n", " "))
                          for f in api.request_fields if f.name in sent],
                         columns=["이름", "공식 이름", "보내는 값", "명세서 설명"]))

# %% [markdown]
# ## 3. 일봉 받기: `fetch_ohlcv()`
#
# 삼성전자(`005930`)의 2026년 일봉을 달라고 해 봅시다. 기간분류코드 `"D"`는 일봉(day)입니다.

# %%
daily = broker.fetch_ohlcv("005930", "D", "20260101", "20261120")
bars = daily["output2"]
print(f"받은 봉: {len(bars)}개")
print(f"첫 줄의 날짜: {bars[0]['stck_bsop_date']} / 마지막 줄의 날짜: {bars[-1]['stck_bsop_date']}")

# %% [markdown]
# 1월부터 달라고 했는데 **100개만**, 그것도 **최근 것부터**(11월 20일이 첫 줄) 왔습니다. 명세서의 "한 번의 호출에 최대
# 100건"입니다. 가장 오래된 봉이 6월 26일이니 1월–6월 25일의 봉은 아직 받지 못했습니다. 5절에서 나머지를 받습니다.
#
# 응답은 두 덩어리입니다. `output1`은 종목의 지금 시세(주식현재가 시세와 비슷한 항목들), `output2`는 봉의 목록입니다.
# 봉 하나(`output2[0]`)를 공식 이름과 함께 펼쳐 봅시다.

# %%
from kislearn.glossary import field

pd.DataFrame([(name, field(name).official_name, value) for name, value in bars[0].items()],
             columns=["필드", "공식 이름", "값"])

# %% [markdown]
# - 봉 하나에 **시가·고가·저가·종가**(`stck_oprc`, `stck_hgpr`, `stck_lwpr`, `stck_clpr`: 영어로 open, high, low, close라서
#   OHLC)와 **거래량**(`acml_vol`)이 있습니다. 그래서 이런 데이터를 OHLCV라고 부릅니다.
# - 시가 필드의 공식 이름이 "주식 시가**2**"인 것은 오타가 아니라 명세서에 그렇게 적혀 있는 이름입니다.
# - 숫자가 모두 **문자열**입니다. 잔고와 같습니다.
#
# ## 4. 표로 바꾸기: `frames.chart_frame()`
#
# 차트 라이브러리는 **오래된 것부터** 줄지어 있고, **날짜가 인덱스**이고, 값이 **숫자**인 표를 원합니다. 응답은 그 반대
# (최근 것부터, 날짜는 문자열 열, 값도 문자열)이니 바꿔야 합니다. `kislearn.frames.chart_frame()`이 이 일을 합니다.

# %%
from kislearn import frames

day_frame = frames.chart_frame(daily)
print("열의 형식:", dict(day_frame.dtypes.astype(str)))
day_frame.tail()

# %% [markdown]
# `chart_frame()`이 하는 일은 pandas 몇 줄입니다. 직접 쓰면 이렇습니다.
#
# ```python
# table = pd.DataFrame(daily["output2"])
# table.index = pd.to_datetime(table["stck_bsop_date"], format="%Y%m%d")   # "20261120" → 날짜
# table = table[["stck_oprc", "stck_hgpr", "stck_lwpr", "stck_clpr", "acml_vol"]].astype("int64")
# table = table.sort_index()                                                # 오래된 것부터
# ```
#
# ## 5. 100개보다 많이: 종료일자를 옮겨 가며 받기
#
# 명세서의 이 API에는 다음 쪽(`tr_cont`)이 없고 "최대 100건"만 적혀 있습니다. 더 오래된 봉은 **종료일자
# (`FID_INPUT_DATE_2`)를 받은 것 가운데 가장 오래된 날의 하루 전으로** 바꿔 다시 부르면 됩니다. python-kis 2.1.6의 일봉
# 함수(`pykis/api/stock/daily_chart.py`)도 이렇게 거슬러 갑니다. 샌드박스도 차트 응답에 `tr_cont`를 보내지 않습니다
# (샌드박스의 선택).
#
# 2025년 11월부터 1년치를 받아 봅시다. 빈 답이 오거나 시작일에 닿으면 멈춥니다.

# %%
from datetime import datetime, timedelta

start_day, end_day = "20251101", "20261120"
all_rows, calls = [], []
while True:
    answer = broker.fetch_ohlcv("005930", "D", start_day, end_day)
    rows = answer["output2"]
    if not rows:
        break  # 더 받을 봉이 없음
    all_rows += rows
    oldest = rows[-1]["stck_bsop_date"]  # 최근 것부터 오므로 마지막 줄이 가장 오래된 봉
    calls.append((len(calls) + 1, start_day, end_day, len(rows), rows[0]["stck_bsop_date"], oldest))
    if len(rows) < 100 or oldest <= start_day:
        break  # 100개보다 적게 왔으면 시작일까지 다 받은 것
    end_day = (datetime.strptime(oldest, "%Y%m%d") - timedelta(days=1)).strftime("%Y%m%d")  # 하루 전까지 다시

pd.DataFrame(calls, columns=["호출", "시작일자", "종료일자", "받은 봉", "가장 최근", "가장 오래된"])

# %% [markdown]
# 세 번 만에 1년치가 모였습니다. 호출마다 받은 줄을 이어 붙여 `chart_frame()`에 넘기면 한 표가 됩니다.
# (혹시 같은 날이 두 번 들어가도 `chart_frame()`은 한 번만 남깁니다.)

# %%
year_frame = frames.chart_frame(all_rows)
print(f"봉: {len(year_frame)}개 | 기간: {year_frame.index[0].date()} – {year_frame.index[-1].date()}")

# %% [markdown]
# ## 6. 이동평균선
#
# **이동평균**(moving average)은 "최근 N일 종가의 평균"입니다. 날마다 창(window)을 하루씩 옮기며 평균을 내므로, 들쭉날쭉한
# 가격을 부드러운 선으로 보여 줍니다. pandas의 `rolling(N).mean()`이 바로 그 계산입니다. 5일선과 20일선을 만들어 봅시다.

# %%
year_frame["5일선"] = year_frame["종가"].rolling(5).mean()
year_frame["20일선"] = year_frame["종가"].rolling(20).mean()
year_frame[["종가", "5일선", "20일선"]].tail().round(1)

# %% [markdown]
# 처음 19일은 20일선이 비어 있습니다(`NaN`). 평균을 낼 20일이 아직 모이지 않았기 때문입니다. 차트에 그릴 기간보다 앞의
# 봉까지 받아 둔 까닭이 이것입니다. 그러면 그리는 기간의 첫날부터 선이 이어집니다.
#
# ## 7. 캔들 차트 그리기 (mplfinance)
#
# 봉 하나를 **캔들**(양초)로 그립니다. 몸통은 시가와 종가 사이, 위아래로 뻗은 가는 선(꼬리)은 고가와 저가입니다. 한국의
# 증권사 앱처럼 **종가가 시가보다 높으면 빨강(양봉), 낮으면 파랑(음봉)**으로 칠합니다. 미국 등에서는 상승을 초록, 하락을
# 빨강으로 칠하는 일이 많아서, 차트 라이브러리의 기본 색은 우리와 다릅니다. 색을 직접 정해 줘야 합니다.
#
# 캔들을 손으로 그리지 않고, matplotlib 위에서 캔들 차트를 그려 주는 라이브러리 **mplfinance**를 씁니다. 준비는 세 가지입니다.
#
# 1. 한글 글꼴: 06 노트북처럼 `koreanize_matplotlib`(나눔고딕)을 불러 둡니다. mplfinance는 차트 모양(style)에 글꼴을 따로
#    적으므로, 그 글꼴 이름을 style에도 넘깁니다. 글자 굵기도 나눔고딕에 있는 굵기(보통, 굵게)로 정합니다. mplfinance의
#    기본 굵기(medium)로 두면 "findfont: Failed to find font weight medium" 경고가 줄줄이 나옵니다.
# 2. 색: `make_marketcolors(up=빨강, down=파랑)`. kislearn의 표와 대시보드가 쓰는 빨강·파랑(`frames.UP_COLOR`, `DOWN_COLOR`)입니다.
# 3. 열 이름: mplfinance는 `Open`, `High`, `Low`, `Close`, `Volume`이라는 영어 열 이름을 찾습니다.

# %%
import koreanize_matplotlib
import matplotlib
import mplfinance as mpf

koreanize_matplotlib.koreanize()  # 나눔고딕을 matplotlib의 기본 글꼴로

korean_colors = mpf.make_marketcolors(up=frames.UP_COLOR, down=frames.DOWN_COLOR, inherit=True)  # 몸통·꼬리·거래량 모두
korean_style = mpf.make_mpf_style(
    base_mpf_style="default", marketcolors=korean_colors, gridstyle=":",
    rc={"font.family": matplotlib.rcParams["font.family"],  # 차트에도 한글 글꼴
        "font.weight": "normal", "axes.labelweight": "normal", "figure.titleweight": "bold"},  # 나눔고딕에 있는 굵기
)
ENGLISH_NAMES = {"시가": "Open", "고가": "High", "저가": "Low", "종가": "Close", "거래량": "Volume"}
print("글꼴:", matplotlib.rcParams["font.family"])

# %% [markdown]
# 이제 최근 120일을 그립니다. `volume=True`는 아래 칸에 거래량 막대를, `addplot`은 6절에서 계산한 이동평균선을 더합니다.
# (mplfinance에는 `mav=(5, 20)`처럼 이동평균을 직접 계산하는 옵션도 있지만, 그러면 **넘겨준 120일 안에서만** 계산해서
# 20일선의 앞부분이 비어 버립니다.)

# %%
recent = year_frame.tail(120)
moving_averages = [
    mpf.make_addplot(recent["5일선"], color="#f59e0b", width=1.0),  # 5일선: 주황
    mpf.make_addplot(recent["20일선"], color="#16a34a", width=1.2),  # 20일선: 초록
]
mpf.plot(recent.rename(columns=ENGLISH_NAMES), type="candle", style=korean_style, volume=True,
         addplot=moving_averages, title="삼성전자 일봉 (샌드박스) · 5일선 주황, 20일선 초록",
         ylabel="가격 (원)", ylabel_lower="거래량", datetime_format="%m-%d", xrotation=0,
         figsize=(10, 6))

# %% [markdown]
# 읽는 법:
#
# - 빨간 캔들은 그날 올랐고(종가 > 시가), 파란 캔들은 내렸습니다. 거래량 막대도 같은 색입니다.
# - 5일선(주황)은 가격을 바짝 따라가고, 20일선(초록)은 더 느리게 움직입니다. 짧은 선이 긴 선을 **위로 뚫는** 날을
#   골든크로스, **아래로 뚫는** 날을 데드크로스라고 부릅니다. 15 노트북의 첫 자동매매 프로그램에서 이런 규칙을 다룹니다.
# - 거래량 칸 왼쪽의 `10⁶`은 눈금에 곱할 값입니다. 눈금 25는 25 × 10⁶ = 2,500만 주입니다.
#
# ## 8. 주봉과 월봉
#
# 기간분류코드만 바꾸면 됩니다: `"W"` 주봉(week), `"M"` 월봉(month), `"Y"` 년봉(year).

# %%
weekly = frames.chart_frame(broker.fetch_ohlcv("005930", "W", "20260101", "20261120"))
monthly = frames.chart_frame(broker.fetch_ohlcv("005930", "M", "20250101", "20261120"))
print(f"주봉 {len(weekly)}개, 월봉 {len(monthly)}개")
weekly.tail(3)

# %% [markdown]
# 샌드박스는 주봉의 날짜를 **그 주의 마지막 거래일**로 적습니다(이번 주처럼 아직 끝나지 않은 주는 오늘). 사용자가 남긴
# 주봉 기록에 금요일 날짜가 보이는 것을 따른 샌드박스의 선택입니다.
#
# 주봉 하나는 그 주의 일봉을 합친 것입니다. 시가는 첫날의 시가, 종가는 마지막 날의 종가, 고가·저가는 그 주의 가장 높은·낮은
# 값, 거래량은 합계입니다. 이번 주(11월 16일–20일)로 확인해 봅시다.

# %%
this_week = year_frame.loc["2026-11-16":"2026-11-20"]
from_days = {
    "시가": this_week["시가"].iloc[0], "고가": this_week["고가"].max(), "저가": this_week["저가"].min(),
    "종가": this_week["종가"].iloc[-1], "거래량": this_week["거래량"].sum(),
}
pd.DataFrame({"일봉 5개로 계산": from_days, "주봉 (응답)": weekly.iloc[-1]})

# %% [markdown]
# 두 열이 같습니다. 샌드박스는 주봉·월봉을 일봉에서 이렇게 만듭니다(샌드박스의 계산; 진짜 KIS의 주봉도 같은 뜻이지만
# 만드는 방법은 명세서에 없습니다).
#
# 월봉도 캔들로 그려 봅시다. 같은 style을 다시 쓰면 됩니다.

# %%
mpf.plot(monthly.rename(columns=ENGLISH_NAMES), type="candle", style=korean_style, volume=True,
         title="삼성전자 월봉 (샌드박스)", ylabel="가격 (원)", ylabel_lower="거래량",
         datetime_format="%Y-%m", xrotation=0, figsize=(10, 5))

# %% [markdown]
# ## 9. 오늘의 1분봉: `fetch_today_1m_ohlcv()`
#
# 주식당일분봉조회는 **오늘의** 1분봉을 줍니다. 명세서 시트의 설명을 요약하면 이렇습니다.
#
# - 한 번에 최대 **30건**, 입력시간(`FID_INPUT_HOUR_1`, `HHMMSS`)부터 거슬러 올라간 30분입니다.
# - **당일 분봉만** 줍니다(전일 분봉은 없음). 지난날의 분봉은 주식일별분봉조회(실전만)가 따로 있습니다.
# - 입력시간에 **미래 시각**을 넣으면 현재가로 조회됩니다. 예: 오전 10시에 `113000`을 넣으면 10시 값이 옵니다.
#
# `fetch_today_1m_ohlcv(종목, to="HHMMSS")`는 mojito2처럼 `to`부터 09:00까지 30개씩 거슬러 가며 모두 모읍니다. `to`를
# 비우면 **내 컴퓨터 시계로 본 지금 한국 시각**(15:30 넘으면 15:30)을 씁니다. 이 노트북의 샌드박스는 시계가 11월 20일
# 15:30에 서 있어서 내 컴퓨터의 시각과 다르니, `to="153000"`을 적어 줍니다.

# %%
minutes = broker.fetch_today_1m_ohlcv("005930", to="153000")
minute_bars = minutes["output2"]
print(f"받은 1분봉: {len(minute_bars)}개 | 첫 줄: {minute_bars[0]['stck_cntg_hour']} | "
      f"마지막 줄: {minute_bars[-1]['stck_cntg_hour']}")
pd.DataFrame([(name, field(name).official_name, value) for name, value in minute_bars[-1].items()],
             columns=["필드", "공식 이름", "09:00 봉의 값"])

# %% [markdown]
# - 분봉의 종가 칸은 `stck_prpr`(주식 현재가: 그 1분의 마지막 가격), 거래량 칸은 `cntg_vol`(체결 거래량: 그 1분 동안의
#   거래량)입니다. 일봉의 `stck_clpr`, `acml_vol`과 이름이 다르니 주의하세요. `chart_frame()`은 둘 다 알아봅니다.
# - 381개인 까닭: 09:00–15:19의 380분, 그리고 15:30의 봉 하나. 15:20–15:30은 **장 마감 동시호가**라서 주문을 모았다가
#   15:30에 한 가격으로 한 번에 체결합니다. 샌드박스도 이렇게 만듭니다(샌드박스의 모형).
#
# 하루 동안 1분봉의 거래량을 모두 더하면 오늘의 누적 거래량(주식현재가 시세의 `acml_vol`)과 같아야 합니다.

# %%
minute_frame = frames.chart_frame(minutes)
quote = broker.fetch_price("005930")["output"]
print("1분봉 거래량의 합:", f"{minute_frame['거래량'].sum():,}주")
print("현재가 시세의 누적 거래량:", f"{int(quote['acml_vol']):,}주")

# %% [markdown]
# 1분봉 381개는 차트로 그리기에 너무 촘촘합니다. pandas의 `resample("5min")`으로 **5분봉**을 만들어 봅시다. 5분마다
# 첫 시가, 가장 높은 고가, 가장 낮은 저가, 마지막 종가, 거래량의 합을 고릅니다. 8절의 주봉과 같은 규칙입니다.

# %%
FIVE_MINUTES = {"시가": "first", "고가": "max", "저가": "min", "종가": "last", "거래량": "sum"}
five_frame = minute_frame.resample("5min").agg(FIVE_MINUTES).dropna()  # 거래가 없는 5분(15:20–15:25)은 버림
print(f"5분봉: {len(five_frame)}개")
mpf.plot(five_frame.rename(columns=ENGLISH_NAMES), type="candle", style=korean_style, volume=True,
         title="삼성전자 2026-11-20 5분봉 (샌드박스)", ylabel="가격 (원)", ylabel_lower="거래량",
         datetime_format="%H:%M", xrotation=0, figsize=(10, 5))

# %% [markdown]
# ## 10. mojito2와 나란히
#
# 블로그 예제들이 쓰는 mojito2 0.1.6에도 같은 이름의 메서드가 있습니다. 진짜 mojito2를 같은 샌드박스에 붙여(주소만 바꿈)
# 같은 질문을 해 봅시다. mojito2는 현재 폴더에 `token.dat`를 쓰므로 임시 폴더에서 실행합니다. 앱키도 따로 씁니다(같은
# 앱키로 1분 안에 토큰을 두 번 받으면 `EGW00133`이 나기 때문입니다. 02 노트북).

# %%
import os

import mojito


def mojito_on(server):
    """주소만 server로 바꾼 진짜 mojito2 클라이언트 (앱키는 mojito2 전용)."""

    class MojitoOnSandbox(mojito.KoreaInvestment):
        def set_base_url(self, mock=True):
            self.base_url = server.url  # 바꾼 것은 이 한 줄뿐

    mojito_app = demo_app("paper", student="차트-mojito2")
    return MojitoOnSandbox(mojito_app.appkey, mojito_app.appsecret, "50010001-01", mock=True)


here = os.getcwd()
os.chdir(workspace.name)  # token.dat가 노트북 폴더에 생기지 않도록
try:
    theirs = mojito_on(sandbox)
    their_daily = theirs.fetch_ohlcv("005930", "D", "20260101", "20261120")
    print(f"일봉: 받은 봉 {len(their_daily['output2'])}개 / kislearn과 같은가? {their_daily['output2'] == daily['output2']}")
    their_minutes = theirs.fetch_today_1m_ohlcv("005930", to="153000")
except Exception as error:
    print("1분봉: mojito2가 멈춘 곳:", type(error).__name__, error)
finally:
    os.chdir(here)

# %% [markdown]
# 일봉은 같은 답입니다. 그런데 1분봉에서 mojito2가 `KeyError: 'output2'`로 멈췄습니다. 왜일까요?
#
# 이 샌드박스는 KIS와 같은 제한, 곧 **모의투자는 1초에 2번까지**를 지킵니다(`Sandbox()`의 기본 규칙). 1분봉 하루치는
# 30개씩 13번을 불러야 하는데, mojito2는 쉬지 않고 연달아 부릅니다. 그래서 1초 안의 세 번째 요청이 `EGW00201`(초당
# 거래건수 초과)로 거절되고, 그 응답에는 `output2`가 없으니 `KeyError`가 납니다. 04 노트북에서 잔고의 여러 쪽을 받을 때
# 본 것과 같은 일입니다. kislearn은 모의투자에서 1초에 2번 안으로 **알아서 속도를 맞추므로** 9절에서 13번을 문제없이
# 불렀습니다.
#
# 초당 호출 제한을 끈 샌드박스(`SandboxRules.relaxed()`)에서는 mojito2도 끝까지 받습니다. 거기서 1분봉도 비교해 봅시다.

# %%
from kislearn.sandbox import SandboxRules

os.chdir(workspace.name)
try:
    with Sandbox(port=0, rules=SandboxRules.relaxed()) as no_limits:  # 초당 호출 제한을 끈 샌드박스 (시계는 같은 순간)
        their_minutes = mojito_on(no_limits).fetch_today_1m_ohlcv("005930", to="153000")
finally:
    os.chdir(here)
print(f"1분봉: 받은 봉 {len(their_minutes['output2'])}개 / kislearn과 같은가? {their_minutes['output2'] == minutes['output2']}")

# %% [markdown]
# 같은 답입니다. 그러니 mojito2로 쓴 차트 코드는 kislearn으로 그대로 옮겨도 됩니다. 다른 점은 잘못 불렀을 때입니다.
#
# - mojito2는 인자를 검사하지 않고 그대로 보냅니다. kislearn은 **보내기 전에** 기간분류코드(`D`·`W`·`M`·`Y`), 날짜
#   (`YYYYMMDD`, 달력에 있는 날), 시작일 ≤ 종료일, 시각(`HHMMSS`)을 확인하고 무엇이 틀렸는지 한국어로 알려 줍니다.
# - `to`를 비우면 mojito2는 내 컴퓨터의 현지 시각(`datetime.now()`)을 씁니다. 한국 밖에서는 시각이 어긋납니다. kislearn은
#   한국 시각을 씁니다.
# - mojito2의 분봉 반복문은 답의 마지막 줄(`output2[-1]`)을 바로 읽어서, 빈 답(예: 장 시작 전)이 오면 `IndexError`로
#   멈춥니다. kislearn은 빈 답에서 멈추고 그때까지 받은 것을 돌려주며, 서버가 더 이른 분봉을 주지 않고 같은 답을
#   되풀이하면 `PagingError`로 멈춥니다(무한 반복 방지).
#
# 소문자 `"d"`나 하이픈이 들어간 날짜를 넣어 봅시다.

# %%
for wrong in (("005930", "d"), ("005930", "D", "2026-01-01")):
    try:
        broker.fetch_ohlcv(*wrong)
    except kislearn.InvalidArgumentError as error:
        print(f"fetch_ohlcv{wrong} →", error)

# %% [markdown]
# ## 정리
#
# - 국내주식기간별시세(일/주/월/년) `FHKST03010100`: 기간분류코드 `D`·`W`·`M`·`Y`, 시작·종료일자, **한 번에 최대 100개**,
#   최근 것부터. 더 오래된 봉은 종료일자를 "받은 가장 오래된 날의 하루 전"으로 옮겨 다시 부릅니다.
# - 주식당일분봉조회 `FHKST03010200`: **오늘의** 1분봉, 한 번에 최대 30개, 입력시간부터 거슬러. `fetch_today_1m_ohlcv()`가
#   09:00까지 모아 줍니다. 시계가 내 컴퓨터와 다른 서버에는 `to=`를 적습니다.
# - 시세 API의 `tr_id`는 실전·모의투자가 같습니다.
# - `frames.chart_frame()`: 응답 → 오래된 것부터, 날짜 인덱스, 정수 열 `시가 고가 저가 종가 거래량`.
# - 이동평균은 `rolling(N).mean()`. 그릴 기간보다 앞의 봉까지 받아 두면 선이 처음부터 이어집니다.
# - 캔들 차트는 mplfinance: 한국식 색은 `make_marketcolors(up=빨강, down=파랑)`, 한글은 style의 `rc`에 글꼴을.
# - 샌드박스의 가격은 샌드박스가 만든 것입니다. 모양과 필드는 명세서대로지만 숫자는 진짜 시세가 아닙니다.
#
# ## 연습문제
#
# 1. SK하이닉스(`000660`)의 2025년 1월부터의 **월봉**을 받아, 거래량이 가장 많았던 달과 그 달의 거래량을 출력해 보세요.
# 2. 5절의 1년치 일봉(`year_frame`)에서 **최근 60거래일** 가운데 종가가 20일선보다 높았던 날은 며칠인가요?
# 3. 9절의 1분봉(`minute_frame`)으로 **30분봉**을 만들고, 첫 30분봉(09:00)의 시가·고가·저가·종가·거래량을 출력해 보세요.
#
# 정답은 아래 숨긴 셀을 펼쳐 보세요.

# %% jupyter={"source_hidden": true}
hynix = frames.chart_frame(broker.fetch_ohlcv("000660", "M", "20250101", "20261120"))
busiest = hynix["거래량"].idxmax()
print("1번:", busiest.strftime("%Y년 %m월"), f"{hynix.loc[busiest, '거래량']:,}주")

last_60 = year_frame.tail(60)
print(f"2번: {int((last_60['종가'] > last_60['20일선']).sum())}일")

thirty = minute_frame.resample("30min").agg(FIVE_MINUTES).dropna()  # FIVE_MINUTES: 9절의 고르는 규칙 (이름만 5분)
print("3번:", thirty.iloc[0].to_dict())

# %% [markdown]
# 다 썼으면 이 노트북의 샌드박스를 멈추고, 토큰 캐시로 쓴 임시 폴더를 지웁니다.

# %%
sandbox.stop()
workspace.cleanup()
