# %% [markdown]
# # 10. 잔고 대시보드: 위젯(ipywidgets)으로 한 화면에
#
# **학습 목표**
#
# - 지금까지 만든 조각(`holdings_frame`, `style_profit`, `price_frame`, 용어집 `lookup`)을 한 화면의 대시보드로 모은다.
# - 위젯(widget)이 무엇인지, 버튼을 누르면 파이썬 함수(callback)가 불린다는 것을 안다.
# - 계좌를 고르고 새로고침(refresh)해 요약 숫자·보유 종목 표·차트를 다시 본다.
# - 종목코드로 현재가를 조회하고, 모르는 필드 이름(`dnca` …)을 용어 검색으로 찾는다.
#
# 예상 시간: 20분

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
# 3절에서 샌드박스 계좌로 주문 연습도 합니다. 내 모의투자 계좌의 대시보드가 보고 싶다면 이 노트북을 마친 뒤 새
# 노트북을 열고 `from kislearn.dashboard import dashboard`와 `dashboard()` 두 줄을 실행하세요(새 노트북은 `.env`대로 연결합니다).

# %%
import kislearn

kislearn.use_sandbox()

# %% [markdown]
# ## 1. 위젯(widget)이란?
#
# 위젯은 노트북 안에 그려지는 입력 상자·버튼·표 같은 화면 조각입니다. `ipywidgets` 패키지가 만들어 주며, JupyterLab과
# 클래식 노트북(Notebook 7) 모두에서 똑같이 동작합니다. 버튼을 누르거나 글자를 입력하면, 위젯에 연결해 둔 **파이썬 함수
# (callback)**가 커널에서 불립니다.
#
# 작은 예부터 봅시다. 글자 상자에 입력할 때마다 아래 결과 칸(`HTML` 위젯)이 바뀝니다. 셀을 실행한 뒤 상자에 직접
# 입력해 보세요.

# %%
import ipywidgets as widgets

from kislearn.glossary import lookup

box = widgets.Text(description="검색", placeholder="예: 예수금", continuous_update=True)
answer = widgets.HTML()


def show_matches(change):
    names = [item.field for item in lookup(change["new"])] if change["new"].strip() else []
    answer.value = ", ".join(names[:5]) or "(입력하세요)"


box.observe(show_matches, names="value")
box.value = "예수금"  # 코드로 값을 바꿔도 callback이 불립니다
print("결과 칸:", answer.value)

# %% [markdown]
# callback은 `print()`를 하지 않고 `answer.value`만 바꿨습니다. 위젯 callback에서 `print()`를 하면 글자가 엉뚱한
# 셀 아래에 나타나거나 사라질 수 있으니, **callback은 화면에 보일 것을 위젯(`HTML`, `Output`)에만 씁니다.**
# kislearn의 대시보드도 이 규칙을 지킵니다.
#
# ## 2. 대시보드 열기
#
# `kislearn.dashboard.dashboard()`는 세 부분을 모아 줍니다.
#
# | 부분 | 하는 일 |
# |---|---|
# | 잔고 (`BalancePanel`) | 계좌 고르기, 새로고침 버튼, 요약 숫자 네 개, 한국식 색의 보유 종목 표, 평가금액 차트 |
# | 현재가 조회 (`PriceLookup`) | 종목코드 입력 + 버튼 → 주식현재가 시세 표 (`price_frame`) |
# | 용어 검색 (`GlossarySearch`) | 입력하는 동안 용어집을 찾아 필드·공식 이름·설명과 **지금 잔고의 값**을 보여 줌 |
#
# sandbox 모드에서는 샘플 계좌 세 개 가운데 하나를 고를 수 있고, 모의투자·실전 모드(`.env`)에서는 내 계좌가 나옵니다.

# %%
from kislearn.dashboard import dashboard

board = dashboard()
board

# %% [markdown]
# 위에 대시보드가 보이지 않고 `kislearn 대시보드 (Dashboard)`라는 글자만 보인다면, 노트북을 연 뒤 셀을 아직 실행하지
# 않았거나 위젯 확장이 없는 화면(예: GitHub 미리보기)입니다. JupyterLab에서 셀을 실행하면 위젯이 그려집니다.
#
# 해 볼 것:
#
# 1. 계좌를 `50010001-01 빈 모의투자 계좌`로 바꿔 보세요. 표 대신 "보유 종목이 없습니다"가 나오고 차트가 사라집니다.
# 2. 용어 검색에 `dnca`, `예수금`, `평가손익`을 차례로 입력해 보세요. 현재 값 칸에 지금 고른 계좌의 값이 나옵니다.
# 3. 종목코드에 `000660`을 넣고 시세 조회를 누르세요. `12`처럼 잘못 넣으면 무엇이 틀렸는지 빨간 글씨로 알려 줍니다.
#
# ## 3. 버튼을 코드로 누르기
#
# 위젯은 파이썬 객체이므로 코드로도 조작할 수 있습니다. `value`를 바꾸고 버튼의 `click()`을 부르면 손으로 누른 것과
# 같습니다. kislearn의 테스트(`tests/test_dashboard.py`)도 이렇게 브라우저 없이 대시보드를 검사합니다.

# %%
board.glossary.query.value = "dnca"
board.balance.refresh_button.click()

panel = board.balance
print("고른 계좌:", panel.account.value)
print("요약 숫자에 D+2 예수금이 있나요?", "D+2 예수금" in panel.figures.value)
print("dnca_tot_amt의 현재 값:", panel.balance["output2"][0]["dnca_tot_amt"], "(KIS가 보낸 문자열)")

# %% [markdown]
# 주문을 내면 잔고가 바뀝니다(`07_orders`). 샌드박스의 빈 계좌에서 한 주를 사고 새로고침하면 D+2 예수금과 표가
# 바뀝니다. 아래 셀은 대시보드의 계좌를 빈 계좌로 바꾸고, 그 계좌의 클라이언트로 시장가 매수를 낸 뒤 새로고침합니다.

# %%
panel.account.value = "50010001-01"          # 계좌를 바꾸면 바로 다시 조회합니다
before = panel.balance["output2"][0]["prvs_rcdl_excc_amt"]
panel.client().create_market_buy_order("012330", 1)
panel.refresh_button.click()
after = panel.balance["output2"][0]["prvs_rcdl_excc_amt"]
print(f"D+2 예수금: {int(before):,}원 → {int(after):,}원")
print("보유 종목 수:", len(panel.balance["output1"]))

# %% [markdown]
# 연습이 끝났으니 빈 계좌를 처음 상태로 되돌려 둡니다. 샌드박스의 계좌는 앱키마다 하나씩이라, 다른 노트북(예:
# `06_output1`의 빈 계좌 예제)과 터미널의 `python -m kislearn balance`도 이 계좌를 봅니다. 주문으로 바꾼 것은
# `reset_accounts()`로 되돌리세요(샌드박스 전용: 진짜 계좌에는 쓸 수 없습니다).

# %%
from kislearn.sandbox_tools import reset_accounts

print(reset_accounts(panel.client()).body["msg1"].strip())
panel.refresh_button.click()
print("보유 종목 수:", len(panel.balance["output1"]))

# %% [markdown]
# ## 4. 조각 하나만 쓰기
#
# 세 부분은 따로도 쓸 수 있습니다. 예를 들어 용어 검색만 필요하면 `GlossarySearch()`를 만들면 됩니다(잔고 없이 만들면
# 현재 값 칸이 비어 있습니다). 각 부분은 화면 전체를 `.widget`에 담고 있습니다.

# %%
from kislearn.dashboard import GlossarySearch

search = GlossarySearch()
search.query.value = "평가손익"
search.widget

# %% [markdown]
# ## 정리
#
# - 위젯은 노트북 안의 입력 상자·버튼·표이고, 사용자가 조작하면 연결된 파이썬 함수(callback)가 불립니다.
# - callback은 `print()` 대신 위젯(`HTML`, `Output`)에 씁니다. 그래야 화면이 엉키지 않습니다.
# - `kislearn.dashboard.dashboard()`는 잔고(요약·표·차트), 현재가 조회, 용어 검색을 한 화면에 모읍니다. 모두 앞의
#   강의에서 만든 `holdings_frame`, `style_profit`, `price_frame`, `lookup`을 씁니다.
# - 위젯은 코드로도 조작할 수 있어(`value`, `click()`), 브라우저 없이 테스트할 수 있습니다.
#
# **연습문제**: 대시보드에서 계좌를 `50010003-01`(55종목)로 바꾸고, 차트가 길어지는 것을 확인해 보세요. 그다음
# `board.balance.balance["output1"]`의 길이가 55인지 코드로 확인해 보세요.

# %% jupyter={"source_hidden": true}
# 정답 예시
board.balance.account.value = "50010003-01"
print("보유 종목 수:", len(board.balance.balance["output1"]))
