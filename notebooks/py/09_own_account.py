# %% [markdown]
# # 09. 샌드박스에서 내 모의투자 계좌로 — 그리고 내 계좌를 녹화해 샌드박스에서 재생하기
#
# **학습 목표**
#
# - 모의투자 앱키를 어디서 받는지, `.env`에서 무엇을 바꾸는지 안다.
# - 모의투자 서버로 옮기면 무엇이 달라지는지(초당 2회, 한 쪽에 20행, 토큰 1분 1회) 직접 확인한다.
# - `python -m kislearn record`로 내 계좌의 응답을 **안전하게** 녹화하고, 녹화한 폴더의 구조를 안다.
# - 녹화한 폴더를 샌드박스에서 재생하고, 강사가 반 전체와 나누는 방법을 안다.
#
# 예상 시간: 30분
#
# 이 노트북은 여러분의 키나 계좌를 쓰지 않습니다. 녹화도 이 노트북 안에서 띄운 **나만의 샌드박스**를 상대로
# 합니다. 진짜 모의투자 계좌로 할 때도 명령은 똑같습니다.

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
# ## 1. 모의투자 키 받기
#
# 1. 한국투자증권 계좌를 만들고, 홈페이지나 앱에서 **모의투자를 신청**합니다. 모의투자 계좌번호(`12345678-01` 꼴)가
#    따로 생깁니다.
# 2. [KIS Developers](https://apiportal.koreainvestment.com)에 로그인해 **API 이용 신청**을 하고 앱을 등록합니다.
#    앱키(app key, 36자)와 앱시크릿(app secret, 180자)이 나옵니다.
# 3. **실전과 모의투자의 키는 서로 다릅니다.** 샌드박스는 모의투자 키로 실전 서버에 붙으면 `EGW00103`(유효하지 않은
#    AppKey)으로 답합니다. 이것은 샌드박스의 선택이고, 진짜 KIS가 이때 정확히 어떻게 답하는지는 문서에 나와 있지
#    않습니다. 어느 쪽이든 모의투자 계좌에는 모의투자 키를 쓰세요.
#
# 키는 비밀번호와 같습니다. 노트북·코드·채팅·화면 캡처에 적지 말고 `.env` 파일에만 두세요.

# %% [markdown]
# ## 2. `.env`에서 바뀌는 것
#
# | 항목 | 샌드박스 | 내 모의투자 계좌 |
# |---|---|---|
# | `KIS_MODE` | `sandbox` | `paper` |
# | `KIS_APP_KEY` | (비움) | 모의투자 앱키 36자 |
# | `KIS_APP_SECRET` | (비움) | 모의투자 앱시크릿 180자 |
# | `KIS_ACCOUNT` | (비우면 샘플 `50010002-01`) | 내 모의투자 계좌번호 `12345678-01` |
#
# 코드는 그대로입니다. `kislearn.connect()`가 `.env`를 읽어 알맞은 서버에 붙습니다. 아래 셀은 **가짜 키**로
# 임시 `.env`를 만들어 읽어 봅니다. 설정 객체를 출력해도 키는 가려져 나옵니다. 이 노트북이 쓰는 파일은 모두
# 임시 폴더 `scratch` 안에 만들고, 마지막 셀에서 폴더째 지웁니다.

# %%
import tempfile
from pathlib import Path

import kislearn

scratch = tempfile.TemporaryDirectory(prefix="kislearn-09-")  # 이 노트북의 임시 폴더 (마지막 셀에서 지움)
example_env = Path(scratch.name) / ".env"
example_env.write_text(
    "KIS_MODE=paper\n"
    "KIS_APP_KEY=" + "PSexample" + "0" * 27 + "\n"   # 가짜 36자
    "KIS_APP_SECRET=" + "s" * 180 + "\n"               # 가짜 180자
    "KIS_ACCOUNT=12345678-01\n",
    encoding="utf-8",
)
paper_settings = kislearn.load_settings(example_env)
print(paper_settings)
print("모드:", paper_settings.mode_name, "/ mock:", paper_settings.mock)

# %% [markdown]
# ## 3. 모의투자 서버에서 달라지는 것
#
# 모의투자 서버는 실전보다 깐깐합니다. 이 절은 알려진 KIS의 제한(명세서와 사용자 기록)을 그대로 거는 나만의
# 샌드박스(`Sandbox()`, 8435번부터 찾은 첫 빈 포트에 띄움)로 하나씩 확인합니다.
#
# | 제한 | 모의투자 | 실전 | kislearn이 하는 일 |
# |---|---|---|---|
# | 초당 호출 수 | 2회 | 20회 | 호출 간격을 알아서 맞춤 (넘으면 `EGW00201`) |
# | 잔고 한 쪽의 행 수 | 20행 | 50행 | 다음 쪽을 끝까지 이어서 받음 |
# | 접근토큰 발급 | 1분에 1회 | 1분에 1회 | 토큰을 캐시해 다시 씀 (너무 빨리 다시 받으면 `EGW00133`) |
# | 토큰 발급 알림 | 오지 않음 (사용자 기록) | 카카오톡 | 캐시 덕분에 실전에서 알림이 덜 옴 |

# %%
from kislearn import KoreaInvestment
from kislearn.sandbox import Sandbox, SandboxRules, demo_app

practice = Sandbox(rules=SandboxRules()).start()  # 알려진 KIS의 제한: 모의투자 초당 2회, 토큰 1분 1회
app = demo_app("paper")                           # 샌드박스가 받아 주는 모의투자용 데모 앱키
token_cache = Path(scratch.name) / "tokens"       # 이 노트북만의 토큰 캐시


def practice_broker(account: str) -> KoreaInvestment:
    """나만의 샌드박스에 붙은 모의투자 클라이언트 (calls_per_second는 기본값 "auto" = 모의 2회/초)."""
    return KoreaInvestment(app.appkey, app.appsecret, account, mock=True,
                           base_url=practice.url_for("paper"), token_cache=token_cache)


broker = practice_broker("50010002-01")
broker

# %% [markdown]
# **초당 2회.** 현재가를 연달아 다섯 번 물어봅니다. kislearn이 간격을 맞추므로 2초쯤 걸리고, 서버가 거절한
# 호출(`rate_limited`)은 0건입니다.

# %%
import time

started = time.monotonic()
for symbol in ["005930", "000660", "035720", "005380", "071050"]:
    broker.fetch_price(symbol)
elapsed = time.monotonic() - started
print("2초 가까이 걸렸나요?", elapsed >= 1.9)  # 정확한 시간은 컴퓨터가 바쁜 정도에 따라 조금씩 다릅니다
print("서버가 거절한 호출:", practice.stats["rate_limited"])

# %% [markdown]
# **한 쪽에 20행.** 55종목을 가진 샘플 계좌의 잔고를 쪽마다 받아 봅니다. `iter_balance_pages()`는
# `fetch_balance()`가 안에서 쓰는 것으로, 쪽을 하나씩 돌려줍니다. 응답 헤더 `tr_cont`가 `F`/`M`이면 다음 쪽이 있고,
# `D`/`E`면 마지막 쪽입니다. 아래에서 첫 쪽과 가운데 쪽은 `M`(명세서와 사용자 기록이 보여 주는 글자), 마지막 쪽은 `E`로
# 나오는데, 마지막 쪽에 `D`와 `E` 중 무엇을 보낼지는 **샌드박스가 정한 것**입니다. 진짜 서버에서도 같은 글자가 온다고 기대하지
# 말고, 이 두 묶음으로만 판단하세요.

# %%
large = practice_broker("50010003-01")
for number, page in enumerate(large.iter_balance_pages(), start=1):
    print(f"{number}쪽: {len(page.body['output1'])}행, tr_cont={page.tr_cont}")

# %% [markdown]
# **토큰은 1분에 한 번.** 위의 두 클라이언트는 같은 토큰 캐시를 써서 토큰을 한 번만 받았습니다. 캐시 없이 새로
# 받으려 하면 1분이 지나기 전에는 `EGW00133`이 납니다. 실전 계좌는 토큰을 받을 때마다 **카카오톡 알림**도 옵니다
# (모의투자 계좌는 오지 않는다는 사용자 기록이 있습니다). 토큰을 캐시하는 이유입니다.

# %%
try:
    KoreaInvestment(app.appkey, app.appsecret, "50010002-01", mock=True,
                    base_url=practice.url_for("paper"), token_cache=Path(scratch.name) / "empty-tokens")
except kislearn.TokenIssueLimitError as error:
    print(error)

# %% [markdown]
# ## 4. 내 계좌를 녹화하기 (record)
#
# 모의투자 계좌가 생기면 그 계좌의 실제 응답을 **녹화**해 두고 샌드박스에서 몇 번이고 재생할 수 있습니다.
# 터미널에서는 명령 하나입니다 (키는 `.env`에서 읽습니다).
#
# ```
# python -m kislearn record my-paper
# ```
#
# 녹화기(recorder)가 하는 일:
#
# 1. 접근토큰을 준비하고(캐시에 있으면 다시 씀), 잔고를 **모든 쪽** 받고, 보유 종목마다 현재가를 받습니다.
#    호출마다 진행 상황을 한 줄씩 출력하고, 초당 호출 수를 지킵니다.
# 2. 디스크에 쓰기 **전에** 정리(sanitise)합니다. 앱키·시크릿·토큰·접속키는 어디에 있든 지우고, 계좌번호는
#    샌드박스 번호 `59990001-01`로 바꾸며, 샌드박스 형식에 있는 항목만 남깁니다.
# 3. 폴더를 한 번에 씁니다. 중간에 실패하면 아무 파일도 남지 않습니다.
#
# 같은 일을 파이썬에서 `record_to_folder()`로 합니다. 여기서는 나만의 샌드박스의 작은 계좌(`50010002-01`)를
# 녹화합니다. 진짜 모의투자 계좌라면 `broker=` 없이 부르면 됩니다(그러면 `.env`의 설정으로 연결합니다).

# %%
from kislearn.recorder import record_to_folder

workspace = Path(scratch.name) / "work"     # 임시 작업 폴더 (경로는 출력하지 않습니다)
workspace.mkdir()
recorded = workspace / "my-paper"

written = record_to_folder(recorded, broker=broker)

# %% [markdown]
# ## 5. 녹화한 폴더의 구조
#
# 샌드박스의 샘플 데이터(`kislearn/sandbox/data/`)와 같은 모양입니다. 계좌 파일 하나, 종목마다 시세 파일 하나,
# 그리고 무엇을 녹화했는지 적은 `recording.json`이 있습니다.

# %%
import pandas as pd

from kislearn.sample_folder import folder_table

pd.DataFrame(folder_table(recorded))

# %% [markdown]
# 계좌 파일을 열어 봅시다. 계좌번호는 샌드박스 번호로 바뀌었고, 종목명과 금액은 그대로입니다. 파일 어디에도
# 앱키·시크릿·토큰·원래 계좌번호가 없는지 바이트 단위로 찾아봅니다.

# %%
import json

account_file = json.loads((recorded / "accounts" / "recorded.json").read_text(encoding="utf-8"))
print("계좌번호:", account_file["account"])
print("제목:", account_file["title"])
print("설명:", account_file["description"])

all_bytes = b"".join(p.read_bytes() for p in recorded.rglob("*.json"))
secrets = {"앱키가": app.appkey, "앱시크릿이": app.appsecret,
           "접근토큰이": broker.access_token.removeprefix("Bearer "), "원래 계좌번호(CANO)가": "50010002"}
for name, value in secrets.items():
    print(f"파일에 {name} 있나요?", value.encode() in all_bytes)

# %% [markdown]
# ## 6. 녹화를 재생하기 (replay)
#
# 녹화한 폴더를 `data_dirs`로 주면 샌드박스가 샘플 계좌와 **함께** 그 계좌를 제공합니다. 터미널에서는
#
# ```
# python -m kislearn sandbox --data my-paper
# ```
#
# 새 샌드박스를 띄워, 녹화한 번호 `59990001-01`로 잔고를 물어봅니다. 원래 계좌의 답과 똑같아야 합니다.

# %%
replay = Sandbox(data_dirs=[recorded]).start()
replayed = KoreaInvestment(app.appkey, app.appsecret, "59990001-01", mock=True,
                           base_url=replay.url_for("paper"), token_cache=token_cache)

original_balance = broker.fetch_balance()
replayed_balance = replayed.fetch_balance()
print("재생한 잔고가 원래와 같나요?", replayed_balance == original_balance)
print("재생한 현재가가 원래와 같나요?", replayed.fetch_price("005930") == broker.fetch_price("005930"))

summary = replayed_balance["output2"][0]
pd.DataFrame([{"항목": name, "값": f"{int(summary[name]):,}"}
              for name in ("dnca_tot_amt", "prvs_rcdl_excc_amt", "scts_evlu_amt", "tot_evlu_amt")])

# %% [markdown]
# ## 7. 금액 숨기기: `--scramble`
#
# 강사가 자기 계좌를 반 전체와 나누고 싶지만 금액은 보이고 싶지 않다면 `--scramble`을 씁니다. 수량과 현금을
# 일정한 배수로 바꾸고, 매입금액·평가금액·손익·합계·예수금·총평가금액은 **다시 계산**합니다. 가격과 종목명은
# 그대로라서 명세서의 계산 관계가 모두 성립합니다. 배수를 적지 않으면(`--scramble`만) 무작위 배수를 쓰고, 배수는
# 어디에도 저장하지 않습니다.
#
# 여기서는 배수 0.5를 줍니다. 계산 관계 검사(`check_balance`)는 실제 서버의 응답에 맞게 공식 관계만 봅니다
# (`sandbox_rules=False`). 빈 리스트면 모두 맞는다는 뜻입니다.

# %%
from decimal import Decimal

from kislearn.consistency import check_balance

scrambled_folder = workspace / "my-paper-scrambled"
record_to_folder(scrambled_folder, broker=broker, scramble=Decimal("0.5"), progress=None)

scrambled = json.loads((scrambled_folder / "accounts" / "recorded.json").read_text(encoding="utf-8"))
before, after = account_file["output2"][0], scrambled["output2"][0]
print("총평가금액:", f"{int(before['tot_evlu_amt']):,}", "→", f"{int(after['tot_evlu_amt']):,}")
print("삼성전자 보유 수량:", account_file["output1"][0]["hldg_qty"], "→", scrambled["output1"][0]["hldg_qty"])
print("삼성전자 현재가:", account_file["output1"][0]["prpr"], "→", scrambled["output1"][0]["prpr"])
print("계산 관계 검사:", check_balance(scrambled["output1"], scrambled["output2"], sandbox_rules=False))

# %% [markdown]
# ## 8. 강사가 반 전체와 나누는 방법
#
# 1. 강사가 자기 모의투자 계좌를 녹화합니다: `python -m kislearn record class-account --scramble`.
# 2. 폴더를 열어 확인합니다. `recording.json`과 계좌 파일에 키·토큰·원래 계좌번호가 없습니다(녹화기가 마지막에
#    한 번 더 찾아보고, 남아 있으면 아무것도 쓰지 않습니다).
# 3. 폴더를 압축해 나눠 줍니다. **`.env` 파일은 절대 나누지 않습니다.**
# 4. 학습자는 폴더를 코스 폴더에 풀고 `.env`에 다음 세 줄을 적은 뒤 커널을 다시 시작합니다.
#
# ```
# KIS_MODE=sandbox
# KIS_SANDBOX_DATA=class-account
# KIS_ACCOUNT=59990001-01
# ```
#
# 이제 모든 노트북의 `kislearn.connect()`가 녹화한 계좌로 돌아갑니다. `kislearn.connect()`가 샌드박스를 띄울 때
# 그 폴더도 싣고, 이미 떠 있는 샌드박스에 그 폴더가 없으면 옆 포트에 폴더를 실은 샌드박스를 새로 띄웁니다.
#
# 강의실에서 샌드박스 하나를 함께 쓰려면 강사 컴퓨터에서
# `python -m kislearn sandbox --host 0.0.0.0 --data class-account`를 띄우고, 학습자는 `.env`에
# `KIS_SANDBOX_URL=http://강사-컴퓨터-주소:8434`와 `KIS_ACCOUNT=59990001-01`을 적습니다.

# %% [markdown]
# 이 노트북에서 띄운 샌드박스 두 개를 멈추고, 임시 폴더(가짜 `.env`, 토큰 캐시, 녹화한 폴더)를 지웁니다.

# %%
replay.stop()
practice.stop()
scratch.cleanup()
print("샌드박스를 멈췄습니다. 임시 폴더가 남아 있나요?", Path(scratch.name).exists())

# %% [markdown]
# ## 정리
#
# - 모의투자로 옮길 때 `.env`에서 `KIS_MODE=paper`, 모의투자 앱키·시크릿, 모의투자 계좌번호만 바꾸면 됩니다.
#   실전과 모의투자의 키는 다릅니다.
# - 모의투자에서는 초당 2회, 잔고 한 쪽에 20행, 토큰은 1분에 1회입니다(실전은 발급마다 카카오톡 알림). kislearn이
#   속도를 맞추고, 쪽을 이어 받고, 토큰을 캐시합니다.
# - `python -m kislearn record 폴더`는 잔고(모든 쪽)와 보유 종목 시세를 녹화하고, 쓰기 전에 키·토큰을 지우고
#   계좌번호를 바꿉니다. `--scramble`은 계산 관계를 지키며 금액을 숨깁니다.
# - `python -m kislearn sandbox --data 폴더`, `Sandbox(data_dirs=[...])`, `.env`의 `KIS_SANDBOX_DATA`로 재생합니다.
#
# ## 연습문제
#
# 1. 재생한 잔고(`replayed_balance`)에서 평가손익(`evlu_pfls_amt`)이 가장 큰 종목의 이름과 금액을 출력해 보세요.
# 2. `kislearn.scramble.scramble_account`를 녹화한 계좌 파일(`account_file`)에 배수 `"0.37"`로 직접 불러 보고,
#    총평가금액이 얼마가 되는지와 계산 관계 검사 결과를 출력해 보세요. 총평가금액이 원래의 정확히 0.37배가 아닌
#    이유도 생각해 보세요. (힌트: 수량은 정수로 반올림하고, 가격은 그대로 둡니다.)
#
# 정답은 아래 숨긴 셀을 펼쳐 보세요.

# %% jupyter={"source_hidden": true}
# 이 셀만 복사해도 돌아가도록, 작은 계좌를 녹화하고 재생하는 샌드박스를 따로 띄우고 끝나면 치웁니다.
import json
import tempfile
from pathlib import Path

from kislearn import KoreaInvestment
from kislearn.consistency import check_balance
from kislearn.recorder import record_to_folder
from kislearn.sandbox import Sandbox, SandboxRules, demo_app
from kislearn.scramble import scramble_account

app = demo_app("paper")
with tempfile.TemporaryDirectory() as folder:
    folder = Path(folder)
    with Sandbox(rules=SandboxRules.relaxed()) as source:
        original = KoreaInvestment(app.appkey, app.appsecret, "50010002-01", mock=True,
                                   base_url=source.url_for("paper"), token_cache=folder / "tokens")
        record_to_folder(folder / "my-paper", broker=original, progress=None)
    with Sandbox(rules=SandboxRules.relaxed(), data_dirs=[folder / "my-paper"]) as replay_box:
        replayed = KoreaInvestment(app.appkey, app.appsecret, "59990001-01", mock=True,
                                   base_url=replay_box.url_for("paper"), token_cache=folder / "tokens")
        replayed_balance = replayed.fetch_balance()
    account_file = json.loads((folder / "my-paper" / "accounts" / "recorded.json").read_text(encoding="utf-8"))

best = max(replayed_balance["output1"], key=lambda row: int(row["evlu_pfls_amt"]))
print("1.", best["prdt_name"], f"{int(best['evlu_pfls_amt']):,}원")

smaller = scramble_account(account_file, "0.37")
total_before = int(account_file["output2"][0]["tot_evlu_amt"])
total_after = int(smaller["output2"][0]["tot_evlu_amt"])
print("2. 총평가금액:", f"{total_before:,}", "→", f"{total_after:,}", f"(정확히 0.37배라면 {total_before * 0.37:,.0f})")
print("   계산 관계 검사:", check_balance(smaller["output1"], smaller["output2"], sandbox_rules=False))
print("   보유 수량:", [row["hldg_qty"] for row in account_file["output1"]], "→",
      [row["hldg_qty"] for row in smaller["output1"]])
