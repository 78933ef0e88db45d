# %% [markdown]
# # 00. 시작하기 — 코스 소개, 세 가지 모드, 준비 상태 점검
#
# **학습 목표**
#
# - 이 코스가 무엇을 다루고, 어떤 순서로 진행되는지 안다.
# - 샌드박스·모의투자·실전, 세 가지 모드의 차이와 바꾸는 방법을 안다.
# - 앱키(app key)와 시크릿(app secret)을 `.env` 파일에 안전하게 넣는 방법을 안다.
# - 셀 하나로 지금 무엇이 준비됐고 무엇이 빠졌는지 확인한다.
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
# ## 1. 이 코스는 무엇인가요?
#
# 한국투자증권(KIS) Open API를 파이썬으로 처음 써 보는 분들은 보통 `mojito2` 라이브러리 예제를 복사해서
# 시작합니다. 그리고 비슷한 곳에서 멈춥니다.
#
# - 생성자 `KoreaInvestment(...)`를 만들면 왜 `token.dat` 파일이 생기는지,
# - 토큰을 다시 받으려고 하면 왜 "1분당 1회" 오류가 나는지,
# - `fetch_balance()`가 돌려주는 `output2`의 `prvs_rcdl_excc_amt` 같은 항목이 무슨 뜻인지,
# - 계좌가 아직 없으면 무엇으로 연습해야 하는지.
#
# 이 코스는 세 가지로 이 질문들에 답합니다.
#
# | 구성 | 하는 일 |
# |---|---|
# | 번호가 붙은 노트북 (`notebooks/`) | 생성자 설계 → 접근토큰 → 토큰 캐시 → 잔고 조회 → 응답 항목 해설 → 오류 처리 순서로 직접 실행하며 배웁니다. |
# | `kislearn` 패키지 | mojito2와 같은 모양의 `KoreaInvestment` 클라이언트입니다. mojito2가 약한 곳(토큰 캐시, 연속 조회, 오류 메시지, 호출 속도)을 보완했습니다. |
# | 오프라인 샌드박스 | 내 컴퓨터 안에서 KIS 서버처럼 답하는 진짜 HTTP 서버입니다. 계좌·키·인터넷 없이 코스 전체가 돌아갑니다. |

# %% [markdown]
# ## 2. 세 가지 모드
#
# 코스의 코드는 어느 서버에 붙느냐만 다르고 모양은 같습니다. 모드는 `.env` 파일의 `KIS_MODE` 한 줄로 정합니다.
#
# | `KIS_MODE` | 연결되는 곳 | 필요한 것 | 특징 |
# |---|---|---|---|
# | `sandbox` (기본값) | 내 컴퓨터의 샌드박스 (`http://127.0.0.1:8434`) | 없음 | 인터넷도 필요 없습니다. 샘플 계좌 3개가 들어 있습니다. |
# | `paper` | 모의투자 서버 `openapivts.koreainvestment.com:29443` | 모의투자 앱키·시크릿·계좌 | 가짜 돈. 초당 2회, 잔고는 한 번에 20행씩. |
# | `real` | 실전 서버 `openapi.koreainvestment.com:9443` | 실전 앱키·시크릿·계좌 | **진짜 돈.** 초당 20회, 잔고는 한 번에 50행씩. |
#
# 샌드박스는 모의투자 서버를 흉내 내는 것이 기본입니다. 같은 코드가 나중에 `KIS_MODE=paper`로 바꾸기만 하면
# 내 모의투자 계좌에서 그대로 돌아갑니다.
#
# 샌드박스의 시장은 **살아 있습니다**: 저녁에 공부해도 장이 열려 있고(항상 열린 장, 샌드박스의 선택), 가격이 시간을 따라
# 움직입니다. 노트북에 저장된 출력은 2026-11-20 15:30(장 마감)에 **멈춘 시계**로 만든 것이라, 여러분이 실행하면 가격과
# 평가금액 같은 숫자가 조금씩 다를 수 있습니다. 계산 관계(합계, D+2 예수금 …)는 언제나 같습니다.

# %% [markdown]
# ## 3. `.env` 파일에 키를 안전하게 넣기
#
# 앱키와 시크릿은 비밀번호와 같습니다. 노트북이나 코드에 직접 적으면 화면 공유, 깃허브 업로드, 블로그
# 캡처로 쉽게 새어 나갑니다. 그래서 이 코스는 키를 **`.env` 파일**에만 둡니다.
#
# 1. 코스 폴더의 `.env.example`을 복사해 `.env`를 만듭니다 (`cp .env.example .env`, 윈도우는 `copy .env.example .env`).
# 2. `KIS_MODE`, `KIS_APP_KEY`, `KIS_APP_SECRET`, `KIS_ACCOUNT`를 채웁니다. 샌드박스로만 연습한다면 아무것도 채우지 않아도 됩니다.
# 3. `.env`는 `.gitignore`에 들어 있어 git에 올라가지 않습니다.
#
# 설정은 `kislearn.load_settings()`로 읽습니다. 키는 화면에 가려서(masked) 보여 줍니다.

# %%
import kislearn

settings = kislearn.load_settings()
settings

# %% [markdown]
# `.env`가 없으면 샌드박스 모드가 됩니다. 반쯤만 채운 `.env`(예: 모드는 `paper`인데 시크릿이 없음)라면
# 무엇이 빠졌는지 알려 주는 `SettingsError`가 납니다. 직접 확인해 봅시다. 아래 셀은 임시 파일을 만들어
# 일부러 덜 채운 설정을 읽습니다.

# %%
import tempfile
from pathlib import Path

import kislearn

half_filled = Path(tempfile.mkdtemp()) / ".env"
half_filled.write_text("KIS_MODE=paper\nKIS_APP_KEY=" + "K" * 36 + "\n", encoding="utf-8")

try:
    kislearn.load_settings(half_filled)
except kislearn.SettingsError as error:
    print(error)

# %% [markdown]
# ## 4. 한 셀로 준비 상태 점검하기
#
# 아래 셀은 Python 버전, 패키지, 설정 파일, 모드, 키, 계좌, 토큰 캐시 폴더, 서버 연결, 접근토큰, 잔고 조회까지
# 차례로 확인합니다. 상태 칸의 뜻은 이렇습니다.
#
# - ✅ 준비됨: 그대로 두면 됩니다.
# - ℹ️ 참고: 알아 두면 좋은 것입니다. 고칠 것은 없습니다(예: `.env`가 없어서 샌드박스로 진행).
# - ⚠️ 확인: 한번 살펴볼 것입니다(예: 키를 채웠는데 `KIS_MODE`가 아직 `sandbox`라서 키가 쓰이지 않음).
# - ❌ 문제: 고쳐야 합니다. 설명 칸에 고치는 방법이 적혀 있습니다.
#
# 샌드박스 모드라면 샌드박스가 아직 떠 있지 않을 때 백그라운드에서 하나 띄웁니다(한 시간 동안 쓰지 않으면 스스로
# 꺼집니다).

# %%
from kislearn.selfcheck import self_check

self_check()

# %% [markdown]
# ## 5. 샌드박스 맛보기
#
# `kislearn.connect()`는 설정을 읽어 알맞은 서버에 연결된 클라이언트를 돌려줍니다. 샌드박스 모드에서는
# 데모 앱키와 샘플 계좌 `50010002-01`(작은 포트폴리오)을 씁니다. 클라이언트를 출력하면 키·토큰·계좌번호가
# 가려져 나옵니다.

# %%
import kislearn

broker = kislearn.connect()
broker

# %% [markdown]
# 삼성전자(종목코드 `005930`)의 현재가를 물어봅시다. 응답의 숫자는 모두 **문자열**로 옵니다. KIS의 규칙입니다.

# %%
price = broker.fetch_price("005930")
print("현재가(stck_prpr):", price["output"]["stck_prpr"], type(price["output"]["stck_prpr"]).__name__)
print("전일 대비(prdy_vrss):", price["output"]["prdy_vrss"])
print("응답 메시지:", price["msg1"].strip())

# %% [markdown]
# 샌드박스에는 샘플 계좌 세 개가 있습니다. 숫자는 실제 계좌에서 가져온 것이 아니라, 공식 명세서의 항목 정의와
# 계산 관계를 지키도록 만든 것입니다.

# %%
import pandas as pd

from kislearn.sandbox import sample_accounts

pd.DataFrame(sample_accounts(), columns=["이름", "계좌번호", "설명"]).sort_values("계좌번호", ignore_index=True)

# %% [markdown]
# ## 6. 내 모의투자 계좌로 바꾸려면
#
# 1. [KIS Developers](https://apiportal.koreainvestment.com)에서 모의투자를 신청하고 모의투자용 앱키·시크릿을 받습니다. (실전과 모의투자 키는 서로 다릅니다.)
# 2. `.env`에 `KIS_MODE=paper`, 키 두 개, 모의투자 계좌번호(`12345678-01` 꼴)를 적습니다.
# 3. 커널을 다시 시작하고(Kernel → Restart) 위의 점검 셀을 다시 실행합니다.
#
# 달라지는 점: 초당 2회까지만 호출할 수 있고(kislearn이 알아서 속도를 맞춥니다), 잔고는 20행씩 나뉘어 옵니다.
# 접근토큰을 받을 때 실전 계좌에는 카카오톡 알림이 가지만, 모의투자 계좌에는 오지 않는다는 사용자 기록이 있습니다.
#
# `KIS_MODE=paper`로 바꾼 뒤에도 `04`·`05`·`06`·`10` 노트북은 그대로 따라 할 수 있습니다. 이 노트북들은 샌드박스의
# 샘플 계좌로 설명하므로, 맨 위의 `kislearn.use_sandbox()` 셀이 그 노트북 안에서만 샌드박스를 쓰게 합니다.

# %% [markdown]
# ## 7. 코스 지도
#
# | 노트북 | 내용 |
# |---|---|
# | `00_setup` | (지금 이 노트북) 코스 소개, 세 가지 모드, `.env`, 준비 상태 점검 |
# | `01_constructor` | mojito2처럼 생성자를 직접 설계하고, 잘못된 입력을 막는 법 |
# | `02_access_token` | `requests.post` 하나로 접근토큰을 받아 보고 토큰 규칙(24시간, 6시간, 1분 1회) 확인 |
# | `03_token_cache` | `token.dat` 캐시를 만들어 보고, 그 문제점을 하나씩 고쳐 안전한 캐시로 바꾸기 |
# | `04_balance` | `fetch_balance()` 속 들여다보기: `tr_id`, 요청 값, 응답 봉투, 연속 조회 |
# | `05_output2` | `output2` 24개 항목 해설과 항목 사이의 계산 관계 |
# | `06_output1` | 보유 종목을 DataFrame과 차트로 |
# | `07_orders` | 샌드박스에서 첫 주문을 내고, 잔고의 어느 칸이 왜 바뀌는지 읽기 |
# | `08_errors` | 실패하는 경우들과 처리 방법 |
# | `09_own_account` | 내 모의투자 계좌로 옮겨 가기, 내 계좌 응답을 녹화해 샌드박스에서 재생하기 |
# | `10_dashboard` | 위젯으로 만든 잔고 대시보드: 계좌 고르기, 요약 숫자, 색 입힌 표와 차트, 현재가, 용어 검색 |
# | `11_workshop` | 워크숍: 배운 것을 함수로 직접 써 보고 자동 채점 받기 (정답: `11_workshop_solutions`) |
# | `12_chart` | 시세 흐름 보기: 일봉·주봉·월봉·1분봉을 표로, 100개씩 거슬러 받기, 이동평균과 캔들 차트 |
# | `13_order_life` | 주문의 일생: 매수가능조회, 미체결 → 체결, 주문체결조회, 정정·취소, 장 마감과 결제(D+2) |
# | `14_realtime` | 실시간 시세: 웹소켓으로 체결가 받기, 원래 모양의 프레임 읽기, 움직이는 현재가 위젯, 체결통보 |
# | `15_first_bot` | 나만의 첫 자동매매 프로그램: 작고 정직한 규칙, 안전하게 도는 반복문, 하루치 결과와 손익 |

# %% [markdown]
# ## 정리
#
# - 모드는 `.env`의 `KIS_MODE` 하나로 바꿉니다. 기본은 키가 필요 없는 `sandbox`입니다.
# - 키는 `.env`에만 두고, 화면에는 가려서 보여 줍니다.
# - `kislearn.connect()` 한 줄이면 설정에 맞는 서버에 연결된 클라이언트가 생깁니다.
#
# ## 연습문제
#
# 1. `settings` 객체에서 모드 이름(`mode_name`)과 모의투자 여부(`mock`)를 출력해 보세요. 키는 출력하지 마세요.
#    (샌드박스 모드에서도 `mock`은 `True`입니다. 샌드박스가 모의투자 서버를 흉내 내기 때문입니다.)
# 2. SK하이닉스(`000660`)의 현재가와 전일 대비 등락률(`prdy_ctrt`)을 출력해 보세요.
#
# 정답은 아래 숨긴 셀을 펼쳐 보세요.

# %% jupyter={"source_hidden": true}
import kislearn

settings = kislearn.load_settings()
print("모드:", settings.mode_name, "/ 모의투자 여부:", settings.mock)

answer = kislearn.connect().fetch_price("000660")["output"]
print("SK하이닉스 현재가:", answer["stck_prpr"], "원, 등락률:", answer["prdy_ctrt"], "%")
