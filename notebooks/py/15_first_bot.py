# %% [markdown]
# # 15. 나만의 첫 자동매매 프로그램
#
# 블로그 글의 글쓴이가 가고 싶었던 곳, "나만의 프로그램"입니다. 지금까지 배운 조각(토큰, 현재가, 주문, 잔고, 오류
# 처리)을 이어 붙여 **혼자 도는 프로그램**을 하나 만들고, 샌드박스에서 하루 장을 1분 만에 돌려 본 뒤, 같은 파일을
# `.env`만 바꿔 모의투자에서 돌립니다.
#
# > ⚠ **이 강의는 프로그래밍 연습입니다. 투자 권유가 아닙니다.** 여기서 쓰는 규칙(이동평균 교차)은 프로그램의 뼈대를
# > 보여 주려고 고른 가장 단순한 규칙일 뿐이고, 돈을 번다는 근거가 없습니다. 실제로 이 강의의 하루도 **손해**로
# > 끝납니다. 이 봇은 실전 계좌(`KIS_MODE=real`)에서는 아예 돌지 않습니다.
#
# **학습 목표**
#
# - 자동매매 프로그램의 뼈대를 안다: 정해진 간격의 반복문, 규칙, 주문, 기록, 멈추기.
# - 봇이 지켜야 할 약속을 코드로 읽는다: 토큰 다시 쓰기, 초당 호출 제한, **같은 주문을 두 번 보내지 않기**, 안전하게 멈추기.
# - 샌드박스에서 하루를 돌리고, 봇이 한 일을 표와 그래프로 보고, **수수료·세금 뒤 손익**을 계산한다.
# - 같은 파일을 `.env`만 바꿔 모의투자에서 돌리는 방법을 안다.
#
# 예상 시간: 50분

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
# **이 노트북은 샌드박스로 진행합니다.** `.env`에 모의투자 설정이 있어도 아래 셀을 실행하면 이 노트북 안에서만 샌드박스를
# 씁니다(`.env` 파일은 바뀌지 않습니다). 모의투자에서 돌리는 방법은 8절에 있습니다.

# %%
import kislearn

kislearn.use_sandbox()

# %% [markdown]
# ## 1. 봇은 파일 하나입니다
#
# 봇은 노트북이 아니라 **파이썬 파일** `bots/first_bot.py`입니다(코스 폴더의 `bots` 폴더). 노트북은 셀을 하나씩 실행하는
# 곳이고, 하루 종일 혼자 돌아야 하는 프로그램은 터미널에서 `python bots/first_bot.py`로 실행하는 파일이 알맞습니다.
# 편집기로 열어 위에서부터 읽어 보세요. 맨 위의 설명(docstring)이 규칙과 실행 방법, 약속을 말합니다.
#
# 이 노트북에서는 그 파일을 모듈로 불러와(`import first_bot`) 조각을 하나씩 살펴봅니다. 파이썬은 `sys.path`에 적힌
# 폴더에서 모듈을 찾으니, 먼저 `bots` 폴더를 그 목록에 더합니다. (Colab에는 코스 폴더가 없으니 `bots/first_bot.py`를 올리고
# 아래 `BOT`을 그 위치로 바꾸세요.)

# %%
import sys
from pathlib import Path

BOT = Path.cwd().parent / "bots" / "first_bot.py"  # 이 노트북(notebooks/)의 옆 폴더 bots/의 봇 파일
sys.path.insert(0, str(BOT.parent))  # 이제 import가 bots 폴더에서도 모듈을 찾습니다

import first_bot

print("종목:", first_bot.SYMBOL, "| 한 번에:", first_bot.QUANTITY, "주 | 간격:", first_bot.STEP,
      "| 짧은 평균:", first_bot.SHORT, "번 | 긴 평균:", first_bot.LONG, "번")
print("새로 사지 않는 시각:", first_bot.LAST_BUY, "| 다 팔고 끝내는 시각:", first_bot.CLOSE_OUT)

# %% [markdown]
# 파일 맨 아래의 `if __name__ == "__main__": sys.exit(main())` 덕분에, 모듈로 불러올 때는 봇이 돌지 않고 터미널에서
# 실행할 때만 `main()`이 돕니다. 봇 파일을 고쳤다면 커널을 다시 시작하고(Kernel → Restart) 처음부터 실행하세요. 한 번
# 불러온 모듈은 다시 `import`해도 새로 읽지 않습니다.
#
# ## 2. 규칙: 이동평균 교차
#
# 5분마다 현재가를 하나씩 모읍니다. **짧은 평균**(최근 3번, 15분)이 **긴 평균**(최근 12번, 1시간)을 아래에서 위로
# 넘어서는 순간을 **골든크로스**라 부르고 삽니다. 위에서 아래로 내려가는 순간(**데드크로스**)에 팝니다. "평균이 위에 있다"가
# 아니라 "넘어서는 **순간**"이라서, 지금과 5분 전을 비교합니다. 그래서 가격이 13개 모여야 처음 판단할 수 있습니다.
#
# 규칙 함수 `crossing(prices)`를 가짜 가격으로 시험해 봅시다.

# %%
import pandas as pd

flat = [100] * 12  # 1시간 내내 100원
cases = {
    "1시간 내내 100원, 지금도 100원": flat + [100],
    "1시간 내내 100원, 지금 103원": flat + [103],
    "1시간 내내 100원, 지금 97원": flat + [97],
    "103원으로 오른 다음 또 104원": flat + [103, 104],
    "가격이 12개뿐": flat,
}
pd.DataFrame([(name, first_bot.crossing(prices)) for name, prices in cases.items()], columns=["가격", "crossing()"])

# %% [markdown]
# 세 번째 줄처럼 이미 위에 있는 동안에는 아무것도 하지 않습니다. 한 번 넘어설 때 한 번만 신호가 나옵니다.
#
# 코드에서 평균을 **나누지 않고** 비교하는 것도 눈여겨보세요(`gap` 함수: 짧은 합 × 12 − 긴 합 × 3). 나누면 소수가 되고,
# 소수는 컴퓨터에서 아주 조금씩 틀릴 수 있어서(`0.1 + 0.2 == 0.3`이 `False`), 두 평균이 같은 경계에서 결과가 흔들릴 수
# 있습니다. 정수 곱셈은 틀리지 않습니다.
#
# ## 3. 봇의 하루: 반복문 하나
#
# `Bot.run()`은 이렇게 생겼습니다(줄였습니다).
#
# ```python
# for moment in checkpoints(self.day):          # 09:05, 09:10, … 15:15
#     if self.stop.requested:                   # Ctrl-C를 눌렀으면
#         break
#     self.clock.wait_until(moment)             # 그 시각까지 기다림 (샌드박스: 시계를 옮김)
#     self.step(moment.strftime("%H:%M"))       # 현재가 → 규칙 → 주문 → 기록
#     if moment.strftime("%H:%M") >= CLOSE_OUT:  # 15:15: 다 팔고 끝
#         return
# ```
#
# 한 걸음(`step`)은 현재가를 받고(`fetch_price`), 가격 목록에 더하고, `crossing()`이 `"buy"`이고 가진 주식이 없고
# 15:00 전이면 사고, `"sell"`이고 가진 주식이 있으면 팔고, 15:15면 남은 것을 팔고, 한 줄을 기록합니다.
#
# **기다리는 방법**이 이 봇의 요령입니다. `MarketTime.wait_until()`은
#
# - 샌드박스에서는 5분을 기다리지 않고 샌드박스의 시장 시계를 그 시각으로 **옮깁니다**(`move_clock`, 12–13강의 그 도구).
#   그래서 하루 장(75걸음)이 1분쯤에 끝나고, 시계가 멈춘 샌드박스에서는 **돌릴 때마다 똑같은 매매**가 나옵니다.
# - 진짜 KIS(모의투자)에서는 컴퓨터 시계가 그 시각이 될 때까지 1초씩 잡니다. 하루가 정말 하루 걸립니다.
# - 시계를 옮길 수 없는 샌드박스(강사 컴퓨터의 교실 샌드박스: 시계는 강사만 움직입니다)에서는 그 시계를 따라 기다립니다.
#   강사가 빠른 시계(`--clock course:390`, 하루 장이 1분)로 띄웠다면 하루가 1분쯤에 끝나지만, 매매는 돌릴 때마다 조금씩 다릅니다.
#
# 샌드박스에서 거래할 날은 "다음 장 시작"입니다. 지금 샌드박스 시계가 금요일 15:30(장 마감 뒤)이면 봇은 시계를 다음 거래일인
# 월요일 09:00으로 옮기고 시작합니다.
#
# ## 4. 봇이 지키는 약속
#
# 혼자 도는 프로그램은 사람이 지켜보지 않는 동안 실수를 되풀이할 수 있습니다. 이 봇은 다섯 가지를 지킵니다.

# %%
from kislearn.frames import show_table

show_table(pd.DataFrame([
    ("토큰을 다시 쓴다", "main()에서 connect()를 한 번만 부르고 그 클라이언트를 하루 내내 씀. 토큰은 캐시에 저장됨",
     "KIS는 토큰 발급을 1분에 1번으로 제한하고, 발급할 때마다 카카오톡 알림을 보냄 (02강)"),
    ("초당 호출 제한을 지킨다", "kislearn 클라이언트가 호출 사이를 알아서 띄움 (모의투자 초당 2회)",
     "넘으면 EGW00201로 거절됨 (08강)"),
    ("같은 주문을 두 번 보내지 않는다", "답을 못 받은 주문(OrderMaybePlacedError)은 다시 보내지 않고 주식일별주문체결조회로 찾음",
     "다시 보냈는데 첫 주문이 들어가 있었다면 두 번 산 것"),
    ("예상과 다르면 멈춘다", "주문을 찾지 못함, 덜 체결됨, 알 수 없는 오류 → BotStop으로 멈춤",
     "모르는 상태에서 계속하는 것이 가장 위험함"),
    ("안전하게 멈춘다", "Ctrl-C: 하던 걸음을 마치고 멈춤 (새 주문 없음). 15:15: 봇이 산 것을 팔고 멈춤",
     "주문을 보내는 도중에 끊기면 주문이 들어갔는지 모름"),
], columns=["약속", "어떻게", "왜"]))

# %% [markdown]
# 셋째 약속을 코드로 봅시다. 주문은 `place()`에서 딱 한 번 보냅니다.
#
# ```python
# try:
#     order_no = send(SYMBOL, quantity)["output"]["ODNO"]          # 주문: 한 번만
# except kislearn.OrderMaybePlacedError:                            # 보냈는데 답이 없음 (시간 초과, 연결 끊김)
#     order_no = self.find_lost_order(side, quantity, sent_at)      # 다시 보내지 않고 찾아봄
# except kislearn.OrderRejectedError as error:                      # 서버가 거절함 (현금 부족 등)
#     log.warning(...)                                               # 기록하고 이번에는 건너뜀
#     return None
# ```
#
# kislearn은 주문의 답이 오지 않으면(시간 초과, 연결이 끊김) 주문을 **다시 보내지 않고** `OrderMaybePlacedError`를
# 일으킵니다(07·08강). 주문이 서버에 닿았는지 알 수 없기 때문입니다. 봇은 `find_lost_order()`에서 **주식일별주문체결조회**
# (모의투자 `VTTC0081R`)로 오늘의 주문을 읽어, 보낸 시각 뒤에 들어온 같은 방향·같은 수량의 시장가 주문 가운데 봇이
# 모르는 것이 하나 있으면 그것을 자기 주문으로 삼습니다. 없거나 여럿이면 멈춥니다. 주문을 낸 뒤에는 `wait_for_fill()`이 같은
# 조회로 체결된 수량과 평균 체결가(`tot_ccld_qty`, `avg_prvs`)를 확인합니다.
#
# 봇은 **자기가 산 주식만** 팝니다(`self.holding`). 계좌에 원래 있던 주식은 건드리지 않습니다.
#
# ## 5. 샌드박스에서 하루 돌리기
#
# 이제 봇 파일을 터미널에서처럼 **그대로 실행**합니다. 결과가 매번 같도록 이 노트북만의 샌드박스를 띄웁니다. 규칙은 KIS와
# 같은 기본값(모의투자 초당 2회)이고, 시장 시계는 멈춰 있습니다(2026-11-20 금요일 15:30).
#
# 봇은 `.env`와 환경 변수로 설정을 읽습니다. `KIS_SANDBOX_URL`에 샌드박스 주소를 넣으면 그 샌드박스를 씁니다(교실에서 강사의
# 샌드박스에 붙을 때와 같은 방법). 이 노트북의 커널에 넣어 두면, 이 노트북에서 실행하는 봇도, 이 노트북의
# `kislearn.connect()`도 같은 샌드박스와 같은 계좌(샘플 작은 계좌 `50010002-01`)를 씁니다.

# %%
import os
import tempfile

from kislearn.sandbox import Sandbox

bot_sandbox = Sandbox(port=0, clock="fixed").start()  # KIS와 같은 제한, 시계는 2026-11-20 15:30에 멈춤
os.environ["KIS_SANDBOX_URL"] = bot_sandbox.url  # 이 커널과 여기서 실행하는 봇이 쓸 샌드박스
run_folder = tempfile.TemporaryDirectory(prefix="kislearn-15-")  # 봇이 기록을 남길 폴더 (마지막 셀에서 지움)

before = kislearn.connect().fetch_balance()
samsung = [row for row in before["output1"] if row["pdno"] == "005930"]
print("봇을 돌리기 전 삼성전자:", samsung[0]["hldg_qty"], "주 | D+2 예수금:",
      f"{int(before['output2'][0]['prvs_rcdl_excc_amt']):,}원")

# %% [markdown]
# 봇을 실행합니다. `subprocess.run`은 터미널에서 `python bots/first_bot.py`를 친 것과 같습니다(`sys.executable`은 지금
# 이 노트북을 돌리는 파이썬). 봇이 하루를 다 돌 때까지 **1분쯤** 걸립니다. 샌드박스 시계를 옮기는 것은 빠르지만, 현재가와
# 주문은 초당 2회 제한을 지키며 부르기 때문입니다.

# %%
import subprocess

done = subprocess.run([sys.executable, str(BOT)], cwd=run_folder.name, capture_output=True, text=True,
                      encoding="utf-8")
print(done.stdout)
print("끝난 코드:", done.returncode, "(0이면 정상)")

# %% [markdown]
# 로그를 위에서부터 읽어 봅시다.
#
# - 10:00 전에는 아무 일도 없습니다. 가격이 13개 모일 때까지(09:05–10:05) 판단하지 않기 때문입니다. 정각마다 현재가와
#   봇의 보유 수량을 한 줄씩 남깁니다.
# - 골든크로스에 사고, 데드크로스에 팝니다. 한 번 사면 팔기 전에는 또 사지 않습니다.
# - 15:15에 남은 것을 팔고 끝냅니다. 마지막 줄들이 하루의 정리입니다.
#
# ## 6. 봇이 한 일: 표와 그래프
#
# 봇은 실행한 폴더에 5분마다 한 줄씩 `first_bot-YYYYMMDD.csv`를 남깁니다. pandas로 읽습니다(주문번호는 앞의 0을 지키도록
# 글자로).

# %%
journal_path = next(Path(run_folder.name).glob("first_bot-*.csv"))
journal = pd.read_csv(journal_path, dtype={"주문번호": str}, keep_default_na=False)
print(journal_path.name, "|", len(journal), "줄 (5분마다 한 줄)")
journal.head(14)

# %% [markdown]
# 주문이 있었던 줄만 골라 봅시다.

# %%
trades = journal[journal["주문"] != ""].reset_index(drop=True)
trades[["시각", "주문", "체결수량", "체결가", "주문번호", "보유"]]

# %% [markdown]
# 그래프로 그리면 규칙이 한눈에 보입니다. 회색 선이 5분마다의 현재가, 주황 선이 짧은 평균, 초록 선이 긴 평균입니다. 주황
# 선이 초록 선을 아래에서 위로 넘는 곳에 빨간 ▲(매수), 위에서 아래로 내려가는 곳에 파란 ▼(매도)가 있습니다.

# %%
import koreanize_matplotlib
import matplotlib.pyplot as plt

from kislearn.frames import DOWN_COLOR, UP_COLOR

koreanize_matplotlib.koreanize()
price, short, long, fill = (pd.to_numeric(journal[name], errors="coerce") for name in ("현재가", "짧은평균", "긴평균", "체결가"))
fig, ax = plt.subplots(figsize=(10, 4.5))
ax.plot(journal.index, price, color="#999999", linewidth=1, label="현재가 (5분마다)")
ax.plot(journal.index, short, color="#f28e2b", label=f"짧은 평균 ({first_bot.SHORT}번)")
ax.plot(journal.index, long, color="#59a14f", label=f"긴 평균 ({first_bot.LONG}번)")
for side, marker, color in (("매수", "^", UP_COLOR), ("매도", "v", DOWN_COLOR)):
    chosen = journal["주문"] == side
    ax.scatter(journal.index[chosen], fill[chosen], marker=marker, s=90, color=color, zorder=3, label=side)
ticks = list(range(0, len(journal), 6))  # 30분마다 눈금
ax.set_xticks(ticks, [journal["시각"][i] for i in ticks])
ax.yaxis.set_major_formatter(lambda value, _: f"{value:,.0f}")
ax.set_title(f"{journal_path.stem[-8:]} 삼성전자(005930): 이동평균 교차 봇의 하루")
ax.legend(loc="upper right", fontsize=9)
plt.tight_layout()
plt.show()

# %% [markdown]
# 가격이 오르내리는 동안 평균이 여러 번 엇갈렸고, 그때마다 사고팔았습니다. 평균은 지난 가격으로 계산하므로 언제나 **늦게**
# 움직입니다. 그래서 교차를 확인하고 샀을 때는 이미 오른 뒤이고, 팔 때는 이미 내린 뒤인 경우가 많습니다. 이 날이
# 그랬습니다.
#
# ## 7. 손익: 수수료와 세금까지
#
# 산 값과 판 값의 차이만 보면 안 됩니다. 살 때도 팔 때도 **수수료**를 내고, 팔 때는 **세금**도 냅니다(07강). 샌드박스의
# 비용은 `kislearn.sandbox.TradingCosts`가 계산합니다.
#
# - 수수료 0.014%(10원 단위 버림): 사용자들의 모의투자 기록에 맞춘 **샌드박스의 선택**입니다. 실제 수수료는 증권사의
#   수수료 계획마다 다릅니다.
# - 매도 세금(삼성전자는 KOSPI 종목): 증권거래세 0.05% + 농어촌특별세 0.15%. 기획재정부가 2025년 12월 1일 입법예고한
#   「증권거래세법 시행령」 개정안의 2026년 1월 1일 이후 양도분 세율입니다(07강의 표).
#
# 매수와 그다음 매도를 한 쌍(왕복)으로 묶어 계산해 봅시다.

# %%
from kislearn.sandbox import TradingCosts

costs = TradingCosts()
rows = []
buys, sells = trades[trades["주문"] == "매수"], trades[trades["주문"] == "매도"]
for buy, sell in zip(buys.itertuples(), sells.itertuples(), strict=True):  # 매수 다음에 매도: 한 쌍씩
    bought, sold = int(buy.체결수량) * int(buy.체결가), int(sell.체결수량) * int(sell.체결가)
    sale = costs.sale_costs(sold, "KOSPI")
    rows.append({"산 시각": buy.시각, "판 시각": sell.시각, "산 금액": bought, "판 금액": sold, "차익": sold - bought,
                 "매수 수수료": costs.buy_fee(bought), "매도 수수료": sale.fee,
                 "세금": sale.securities_tax + sale.rural_tax})
rounds = pd.DataFrame(rows)
rounds["손익"] = rounds["차익"] - rounds["매수 수수료"] - rounds["매도 수수료"] - rounds["세금"]
total = {"산 시각": "합계", "판 시각": "", **rounds.sum(numeric_only=True).to_dict()}
show_table(pd.concat([rounds, pd.DataFrame([total])], ignore_index=True)).format(thousands=",", precision=0)

# %% [markdown]
# 계산한 비용의 합이 샌드박스 계좌의 **금일제비용금액**(`thdt_tlex_amt`)과 같은지 확인합니다. 봇과 이 노트북은 같은
# 샌드박스, 같은 계좌를 씁니다. 봇이 산 주식만 팔았으니 원래 있던 삼성전자도 그대로여야 합니다.

# %%
after = kislearn.connect().fetch_balance()
summary = after["output2"][0]
paid = int(total["매수 수수료"] + total["매도 수수료"] + total["세금"])
print("계산한 비용:", f"{paid:,}원", "| 계좌의 금일제비용금액:", f"{int(summary['thdt_tlex_amt']):,}원")
print("삼성전자 보유:", [row["hldg_qty"] for row in after["output1"] if row["pdno"] == "005930"][0], "주 (봇을 돌리기 전과 같음)")
print("수수료·세금 전 차익:", f"{int(total['차익']):+,}원", "| 수수료·세금 뒤 손익:", f"{int(total['손익']):+,}원")

# %% [markdown]
# 이 날의 결과는 손해입니다. 차익만 보면 작은 손해지만, 여러 번 사고판 만큼 쌓인 비용이 더 큽니다. **자주 사고파는 규칙은
# 비용부터 이겨야 합니다.** 다른 날, 다른 종목, 다른 숫자(`SHORT`, `LONG`)로 해 보면 결과가 달라지겠지만, 몇 번 해 보고
# 좋아 보이는 숫자를 고르는 것은 지나간 가격에 맞춘 것일 뿐, 앞으로도 그렇다는 뜻이 아닙니다.
#
# 샌드박스의 가격은 진짜 시장이 아니라 샌드박스의 시장 모형이 정해진 씨앗(seed)으로 만든 가격입니다(**샌드박스의 선택**).
# 그래서 시계가 멈춘 샌드박스에서는 봇을 몇 번 돌려도 같은 매매가 나옵니다. 코스의 시험(`tests/test_first_bot.py`)은 봇
# 파일을 이렇게 실행하고, 시장의 시세로 규칙을 따로 계산한 매매와 봇의 매매가 같은지, 주문이 매매마다 한 번씩인지, 토큰을
# 한 번만 받았는지, Ctrl-C로 하던 걸음만 마치고 멈추는지, 답을 잃어버린 주문을 다시 보내지 않는지 확인합니다.
#
# ## 8. 같은 파일을 모의투자에서
#
# 파일은 그대로 두고 `.env`만 바꿉니다(09강에서 만든 설정).
#
# ```
# KIS_MODE=paper
# KIS_APP_KEY=PS...            # 모의투자 앱키
# KIS_APP_SECRET=...           # 모의투자 앱 시크릿
# KIS_ACCOUNT=50xxxxxx-01      # 모의투자 계좌
# ```
#
# 그리고 장이 열리는 날 **09:00 전에** 코스 폴더의 터미널에서 실행합니다.
#
# ```
# python bots/first_bot.py
# ```
#
# 달라지는 것은 다음과 같습니다.
#
# - **시간**: 시계를 옮길 수 없으니 진짜로 5분씩 기다립니다. 하루가 걸립니다. 컴퓨터가 잠들지 않게 하세요. 늦게 켜면 지난
#   시각은 건너뛰고, 1시간치 가격이 모인 뒤부터 판단합니다. 15:15가 지나서 켜면 할 일 없이 끝납니다.
# - **토큰**: `connect()`가 토큰 캐시에서 토큰을 찾고, 없을 때만 새로 받습니다. 그날 노트북에서 이미 받았다면 그것을 씁니다.
# - **체결**: 모의투자 서버가 체결하므로 체결가는 그 순간의 진짜 시장을 따릅니다. 체결을 확인할 때 1초씩 몇 번 기다립니다.
# - **기록**: 코스 폴더에 `first_bot.log`(컴퓨터 시각 포함)와 `first_bot-YYYYMMDD.csv`가 생깁니다. 이 노트북의 6–7절 셀에서
#   파일 위치만 바꾸면 같은 표와 그래프를 그릴 수 있습니다.
# - **멈추기**: 터미널에서 **Ctrl-C**를 한 번 누르면 "Ctrl-C: 멈춥니다. 새 주문은 내지 않았고, 가진 N주는 그대로 둡니다."라고
#   남기고 끝납니다. 가진 주식은 직접 정리하세요(HTS·MTS, 또는 07강의 `create_market_sell_order`).
# - **모의투자의 한계**: 모의투자는 진짜 돈이 오가지 않고, 체결 방식과 호가가 실제 시장과 다를 수 있습니다. 모의투자에서 잘
#   됐다고 실전에서도 그렇다는 뜻이 아닙니다.
#
# `KIS_MODE=real`(실전)로 바꾸면 봇은 "KIS_MODE=real(실전)에서는 돌지 않습니다"라고 말하고 끝납니다. 일부러 그렇게 만들었습니다.
#
# ## 정리
#
# - 봇은 파일 하나입니다: 설정을 읽고(`load_settings`), 한 번 연결하고(`connect`), 정해진 시각마다 한 걸음(현재가 → 규칙 →
#   주문 → 기록)을 반복하고, 끝에 정리를 남깁니다.
# - 샌드박스에서는 시계를 옮겨 하루를 1분에 돌리고, 시계가 멈춘 샌드박스에서는 매번 같은 매매가 나옵니다. 모의투자에서는 같은
#   파일이 진짜 시간으로 돕니다.
# - 약속: 토큰은 한 번, 초당 호출은 클라이언트가 맞춤, 답 없는 주문은 다시 보내지 않고 주식일별주문체결조회로 찾음, 모르면
#   멈춤, Ctrl-C는 걸음을 마치고 멈춤.
# - 손익은 수수료와 세금까지 빼야 합니다. 자주 사고파는 규칙일수록 비용이 큽니다.
# - 프로그래밍 연습입니다. 투자 권유가 아닙니다.
#
# ## 연습문제
#
# 1. 규칙의 숫자를 바꾸면 교차가 몇 번 일어날까요? 봇이 본 가격(`journal["현재가"]`)으로, 짧은 평균 5번 · 긴 평균 20번일
#    때 골든크로스와 데드크로스가 각각 몇 번인지 세어 보세요. (`first_bot.SHORT`, `first_bot.LONG`을 바꾸고
#    `first_bot.crossing()`을 가격 목록의 앞부분마다 불러 보면 됩니다.)
# 2. 규칙 없이 09:05에 5주를 사서 15:15에 판다면(그냥 들고 있기) 수수료·세금 뒤 손익은 얼마일까요? 봇의 손익과 비교해 보세요.
#
# 정답은 아래 숨긴 셀을 펼쳐 보세요.

# %% jupyter={"source_hidden": true}
prices = [int(price) for price in journal["현재가"]]

first_bot.SHORT, first_bot.LONG = 5, 20
signals = [first_bot.crossing(prices[:end]) for end in range(1, len(prices) + 1)]
print("1번: 짧은 5번 · 긴 20번 → 골든크로스", signals.count("buy"), "번, 데드크로스", signals.count("sell"), "번")
first_bot.SHORT, first_bot.LONG = 3, 12  # 원래대로
signals = [first_bot.crossing(prices[:end]) for end in range(1, len(prices) + 1)]
print("    (원래 3번 · 12번 → 골든크로스", signals.count("buy"), "번, 데드크로스", signals.count("sell"), "번)")

bought, sold = prices[0] * 5, prices[-1] * 5
held = sold - bought - costs.buy_fee(bought) - costs.sale_costs(sold, "KOSPI").total
print(f"2번: 09:05에 {prices[0]:,}원에 사서 15:15에 {prices[-1]:,}원에 팔면 {held:+,}원",
      f"| 봇: {int(total['손익']):+,}원")

# %% [markdown]
# 다 썼으면 샌드박스를 멈추고 봇의 기록 폴더를 지웁니다. `KIS_SANDBOX_URL`은 커널을 다시 시작하면 원래대로 돌아갑니다.

# %%
bot_sandbox.stop()
run_folder.cleanup()
