# %% [markdown]
# # 04. 잔고 조회 `fetch_balance()` 속 들여다보기
#
# **학습 목표**
#
# - 주식잔고조회 API의 주소, `tr_id`(실전·모의), 요청 값 11개의 뜻을 안다.
# - 응답 봉투(`rt_cd`, `msg_cd`, `msg1`)와 응답 헤더(`tr_cont`)를 읽을 수 있다.
# - 보유 종목이 많을 때 여러 쪽(page)으로 나뉘어 오는 **연속 조회**를 직접 따라가 본다.
# - mojito2의 연속 조회 반복문이 여러 쪽 계좌에서 무엇을 하는지 샌드박스로 확인한다.
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
# ## 1. 먼저 그냥 불러 보기
#
# 블로그 예제들처럼 `fetch_balance()`를 부르고 `pprint`로 찍어 봅시다. 계좌가 막 생긴 사람의 자리, 곧 보유 종목이
# 하나도 없는 샘플 계좌 `50010001-01`로 시작합니다. `connect(account=...)`로 샘플 계좌를 고를 수 있습니다.

# %%
import pprint

import kislearn

empty = kislearn.connect(account="50010001-01")
pprint.pprint(empty.fetch_balance())

# %% [markdown]
# 결과는 두 덩어리입니다.
#
# - `output1`: 보유 종목 한 개당 한 줄(dict)인 **목록**. 종목이 없으니 빈 목록 `[]`입니다.
# - `output2`: 계좌 전체의 요약. 목록이지만 **요약은 하나**뿐입니다(목록 안에 dict 하나).
#
# 현금 1천만 원(`dnca_tot_amt`)만 있는 계좌라는 것이 보입니다. 항목 하나하나의 뜻은 `05_output2`에서 다룹니다.
# 모든 숫자가 `'10000000'`처럼 **문자열**이라는 점도 기억해 두세요.
#
# ## 2. 어느 API를 부르나: 주소와 `tr_id`
#
# 잔고 조회는 `GET /uapi/domestic-stock/v1/trading/inquire-balance` 입니다. 같은 주소를 실전과 모의투자가 함께 쓰고,
# 어느 쪽 거래인지는 헤더의 `tr_id`(거래ID)로 구분합니다.

# %%
import pandas as pd

from kislearn import spec

pd.DataFrame([
    ("실전투자", spec.REAL_URL, spec.BALANCE_TR_ID["real"], "T로 시작"),
    ("모의투자", spec.PAPER_URL, spec.BALANCE_TR_ID["paper"], "V로 시작 (Virtual)"),
], columns=["서버", "주소", "tr_id", "기억하는 법"])

# %% [markdown]
# 모의투자 서버에 실전용 `TTTC8434R`을 보내면 `EGW2004`(모의투자 TR 이 아닙니다) 오류가 납니다.
# kislearn과 mojito2는 `mock` 값을 보고 알맞은 `tr_id`를 고릅니다.
#
# ## 3. 요청 값 11개
#
# 잔고 조회는 쿼리 파라미터(query parameter) 11개를 받습니다. 아래 표의 공식 이름은 명세서의 한글명 그대로이고,
# 보내는 값은 `kislearn`이 보내는 값입니다.
#
# 조회구분(`INQR_DVSN`)은 명세서(2026-04-12판, 주식잔고조회 시트)에 `01 : 대출일별` 하나만 적혀 있습니다. 예전에 쓰던
# `02`(종목별)는 2026-02-10부터 실전 계좌에서 `OPSQ2001` "ERROR : INPUT INVALID_CHECK_INQR_DVSN"으로 거절되었다는
# 사용자 기록이 있습니다(python-kis 저장소의 이슈 #81, 2026-02-10). 그래서 `01`을 보냅니다.

# %%
import pandas as pd

from kislearn.frames import show_table

params = [
    ("CANO", "종합계좌번호", "50010002", "계좌번호 앞 8자리"),
    ("ACNT_PRDT_CD", "계좌상품코드", "01", "계좌번호 뒤 2자리"),
    ("AFHR_FLPR_YN", "시간외단일가, 거래소여부", "N", "N 기본, Y 시간외단일가, X 넥스트레이드(NXT)"),
    ("OFL_YN", "오프라인여부", "", "비워 둠"),
    ("INQR_DVSN", "조회구분", "01", "01 대출일별 (02 종목별은 실전에서 거절됨: 위 설명)"),
    ("UNPR_DVSN", "단가구분", "01", "01 기본값"),
    ("FUND_STTL_ICLD_YN", "펀드결제분포함여부", "N", "N 포함하지 않음, Y 포함"),
    ("FNCG_AMT_AUTO_RDPT_YN", "융자금액자동상환여부", "N", "N 기본값"),
    ("PRCS_DVSN", "처리구분", "00", "00 전일매매 포함, 01 전일매매 미포함"),
    ("CTX_AREA_FK100", "연속조회검색조건100", "", "첫 조회는 비움, 다음 쪽부터 이전 응답의 값"),
    ("CTX_AREA_NK100", "연속조회키100", "", "첫 조회는 비움, 다음 쪽부터 이전 응답의 값"),
]
show_table(pd.DataFrame(params, columns=["이름", "공식 이름", "보내는 값", "뜻"]))

# %% [markdown]
# ## 4. 한 쪽만 받아서 봉투 열어 보기
#
# `fetch_balance()`는 여러 쪽을 모아서 돌려주므로 속이 보이지 않습니다. `fetch_balance_page()`는 **한 쪽**의 응답을
# 그대로 돌려줍니다. 작은 포트폴리오 계좌 `50010002-01`로 해 봅시다.

# %%
import kislearn

broker = kislearn.connect(account="50010002-01")
page = broker.fetch_balance_page()
print("HTTP 상태:", page.status)
print("rt_cd  (성공 실패 여부):", repr(page.body["rt_cd"]))
print("msg_cd (응답코드):      ", repr(page.body["msg_cd"]))
print("msg1   (응답메세지):    ", repr(page.body["msg1"]))

# %% [markdown]
# 모든 응답에 붙는 이 세 항목을 **봉투**(envelope)라고 부르겠습니다.
#
# - `rt_cd`가 `"0"`이면 성공, 그 밖의 값이면 실패입니다. 숫자 `0`이 아니라 문자열 `"0"`입니다.
# - `msg_cd`는 결과 코드입니다. 실전의 조회 성공은 `KIOK0510`(명세서의 공식 응답 예시), 모의투자는 `20310000`입니다.
#   모의투자 쪽은 공식 예시가 없어, 사용자들이 남긴 모의투자 응답 기록에 나온 값입니다.
# - `msg1`은 사람이 읽는 메시지인데, 뒤에 공백이 잔뜩 붙어 있습니다. KIS는 이 칸을 **CP949로 80바이트**가 되도록
#   공백으로 채웁니다(한글 한 글자는 2바이트). 화면에 찍을 때는 `.strip()`으로 공백을 떼세요.

# %%
msg1 = page.body["msg1"]
print("글자 수:", len(msg1), "/ CP949 바이트 수:", len(msg1.encode("cp949")))
print("공백을 뗀 메시지:", msg1.strip())

# %% [markdown]
# 응답 **헤더**에도 중요한 값이 있습니다. 명세서(주식잔고조회 시트)는 응답 헤더 이름을 모두 소문자로 적고(`tr_id`,
# `tr_cont`, `gt_uid`), 공식 예제(open-trading-api의 `kis_auth.py`)도 이름이 소문자인 헤더만 읽습니다. 그래서 샌드박스도
# 소문자로 보냅니다. `gt_uid`는 응답마다 새로 만들어지는 값이라, 표에는 값 대신 생김새(글자 수)만 적었습니다.

# %%
import pandas as pd

gt_uid = page.headers["gt_uid"]
pd.DataFrame([
    ("tr_id", page.headers["tr_id"], "요청한 거래ID를 그대로 돌려줌"),
    ("tr_cont", page.headers["tr_cont"], "연속 거래 여부: F·M 다음 쪽 있음, D·E 마지막 쪽"),
    ("gt_uid", f"(16진수 {len(gt_uid)}글자)", "거래 고유번호 (응답마다 다름)"),
], columns=["헤더", "값", "뜻"])

# %% [markdown]
# 보유 종목 6개가 한 쪽에 다 들어왔으니 `tr_cont`는 `D`(마지막)입니다.
#
# ## 5. 연속 조회: 55종목 계좌
#
# 한 번에 오는 행 수에는 한계가 있습니다. **실전은 50행, 모의투자는 20행**입니다. 55종목을 가진 샘플 계좌
# `50010003-01`은 모의투자에서 3쪽(20 + 20 + 15)으로 나뉘어 옵니다. 명세서가 정한 규칙은 이렇습니다.
#
# 1. 첫 요청: 헤더 `tr_cont`를 비우고, `CTX_AREA_FK100`·`CTX_AREA_NK100`도 비웁니다.
# 2. 응답 헤더 `tr_cont`가 `F` 또는 `M`이면 다음 쪽이 있습니다.
# 3. 다음 요청: 헤더에 `tr_cont: N`을 넣고, 직전 응답 본문의 `ctx_area_fk100`·`ctx_area_nk100`을 쿼리 값으로 그대로 돌려보냅니다.
# 4. 응답 헤더 `tr_cont`가 `D` 또는 `E`이면 마지막 쪽입니다.
#
# 응답 헤더 설명은 "F or M : 다음 데이터 있음, D or E : 마지막 데이터"라고만 하고, 어느 글자를 언제 쓰는지는 적지 않습니다.
# 공개 자료를 모아 보면, 다음 쪽이 있을 때는 **첫 쪽부터 `M`**입니다.
#
# - 명세서의 **요청** 헤더 설명: "N : 다음 데이터 조회 (output header의 tr_cont가 M일 경우)"
# - 실전 계좌의 첫 쪽에서 `tr_cont == "M"`을 받았다는 사용자 기록(python-kis 이슈 #20)
# - 공식 예제(`open-trading-api`)의 연속 조회 함수 대부분이 `M`일 때 다음 쪽을 부릅니다
#
# 샌드박스도 다음 쪽이 있으면 첫 쪽부터 `M`을 보냅니다. 마지막 쪽이 `D`인지 `E`인지는 근거가 없어서, 한 쪽뿐이면 `D`,
# 여러 쪽의 마지막이면 `E`로 정했습니다(**샌드박스의 선택**). 그래서 올바른 코드는 `F`와 `M`을 모두 "계속"으로,
# `D`와 `E`를 모두 "끝"으로 다룹니다.
#
# `fetch_balance_page()`로 한 쪽씩 직접 따라가 봅시다.

# %%
import pandas as pd

import kislearn
from kislearn import spec

large = kislearn.connect(account="50010003-01")

rows = []
fk100, nk100, next_page = "", "", False
while True:
    page = large.fetch_balance_page(fk100, nk100, next_page=next_page)
    holdings = page.body["output1"]
    rows.append((len(rows) + 1, "N" if next_page else "(비움)", page.tr_cont, len(holdings),
                 holdings[0]["prdt_name"], page.body["ctx_area_nk100"].strip() or "(공백)"))
    if page.tr_cont not in spec.MORE_PAGES:  # "D" 또는 "E"면 끝
        break
    fk100, nk100, next_page = page.body["ctx_area_fk100"], page.body["ctx_area_nk100"], True

pd.DataFrame(rows, columns=["쪽", "요청 tr_cont", "응답 tr_cont", "행 수", "첫 종목", "ctx_area_nk100"])

# %% [markdown]
# `ctx_area_nk100`은 "다음 쪽이 어디서 시작하는지"를 서버가 적어 준 표시입니다. 뜻을 해석할 필요는 없고, 받은 그대로
# (뒤의 공백까지) 다음 요청에 돌려보내면 됩니다. KIS는 이 칸을 100글자가 되도록 공백으로 채웁니다. 샌드박스는 안에
# 계좌, 다음 쪽이 시작하는 행, 1쪽을 만든 잔고의 표시(8글자), 1쪽의 가격을 잰 시장 시각(연월일시분초 14자리)을
# `50010003^01^20^` + 8글자 + `^` + 시각 + `^`처럼 적고, 마지막 쪽에서는 공백 100칸을 줍니다. 위 표의 시각
# `20261120153000`은 이 노트북을 저장할 때 쓴, 시계를 멈춰 둔 샌드박스의 시각(2026-11-20 15:30:00)입니다. 여러분이 직접
# 실행하면 여러분 샌드박스의 1쪽 시각이 보입니다. 시각을 적는 까닭은, 가격이
# 움직이는 샌드박스에서도 한 번의 조회에 속한 모든 쪽을 1쪽과 같은 시각의 가격으로 보여 주어 쪽들의 합이 맞게 하려는 것입니다.
# 이 모양은 **샌드박스가 정한 것**입니다. 실제 서버가 적는 내용은 다를 수 있으니, 내용에 기대지 말고 받은 그대로 돌려보내세요.
#
# 그리고 **모든 쪽에 같은 `output2` 요약이 하나씩** 붙어 옵니다. 쪽마다 요약을 모으면 같은 요약이 세 개가 됩니다.
#
# ## 6. mojito2는 어떻게 하나요?
#
# mojito2 0.1.6의 `fetch_balance()`는 이렇게 생겼습니다(국내 주식 부분).
#
# ```python
# data = self.fetch_balance_domestic()
# output['output1'] = data['output1']
# output['output2'] = data['output2']
#
# while data['tr_cont'] == 'M':
#     fk100 = data['ctx_area_fk100']
#     nk100 = data['ctx_area_nk100']
#     data = self.fetch_balance_domestic(fk100, nk100)
#     output['output1'].extend(data['output1'])
#     output['output2'].extend(data['output2'])
# ```
#
# 명세서와 비교하면 세 군데가 다릅니다.
#
# 1. `M`일 때만 계속합니다. `F`로 오는 다음 쪽은 놓칩니다(샌드박스는 `M`을 보내므로 여기서는 반복문에 들어갑니다).
# 2. 다음 쪽을 요청할 때 헤더 `tr_cont: N`을 보내지 않습니다. 명세서는 `tr_cont`가 비어 있으면 "초기 조회"라고 합니다.
# 3. 쪽마다 `output2`를 덧붙입니다. 요약이 쪽 수만큼 쌓입니다.
#
# 2번이 가장 큽니다. `tr_cont: N`이 없으면 서버는 ctx 값이 있어도 처음부터 다시 조회한 것으로 봅니다(샌드박스는 명세서의
# "공백 : 초기 조회"를 그대로 따릅니다). 그러면 1쪽이 다시 오고, 그 1쪽도 `M`이니 반복문은 끝나지 않습니다.
#
# 진짜 mojito2를 샌드박스에 붙여서 확인해 봅시다. 주소만 바꾸고(`set_base_url`만 덮어씀) 나머지는 그대로입니다.
# mojito2는 현재 폴더에 `token.dat`를 쓰므로 임시 폴더에서 실행합니다. 이 절에서는 KIS와 같은 규칙(모의투자 초당 2회,
# 토큰 1분에 1회)을 가진 샌드박스를 따로 띄우고, mojito2가 보내는 잔고 요청을 하나씩 기록합니다. 혹시 끝나지 않으면
# 50번째 요청에서 멈추게 해 둡니다.

# %%
import os
import tempfile

import mojito
import pandas as pd
import requests

from kislearn import spec
from kislearn.sandbox import Sandbox, SandboxRules, demo_app

kis_like = Sandbox(rules=SandboxRules()).start()  # KIS와 같은 제한: 모의투자 초당 2회


class MojitoOnSandbox(mojito.KoreaInvestment):
    def set_base_url(self, mock=True):
        self.base_url = kis_like.url  # 바꾼 것은 이 한 줄뿐 (앱키가 모의투자임을 알려 줌)


sent = []  # mojito2가 보낸 잔고 요청: (요청 tr_cont, 응답 tr_cont, 응답)
send = requests.Session.send  # mojito2는 requests.get을 쓰고, 모든 요청은 여기를 지납니다


def record_and_send(session, request, **options):
    if spec.BALANCE_PATH in request.url and len(sent) >= 50:
        raise RuntimeError("50번 넘게 요청해서 멈춥니다 (안전장치)")
    answer = send(session, request, **options)
    if spec.BALANCE_PATH in request.url:
        sent.append((request.headers.get("tr_cont", "(안 보냄)"), answer.headers.get("tr_cont"), answer.json()))
    return answer


app = demo_app("paper")
here = os.getcwd()
os.chdir(tempfile.mkdtemp())  # token.dat가 노트북 폴더에 생기지 않도록
requests.Session.send = record_and_send
try:
    mojito_broker = MojitoOnSandbox(app.appkey, app.appsecret, "50010003-01", mock=True)
    mojito_broker.fetch_balance()
    print("끝까지 받았습니다")
except Exception as error:
    print("mojito2가 멈춘 곳:", type(error).__name__, error)
finally:
    requests.Session.send = send
    os.chdir(here)

pd.DataFrame([
    (number, asked, answered or "(빈 값)", body.get("msg_cd"),
     body["output1"][0]["prdt_name"] if body.get("output1") else "(output1 없음)")
    for number, (asked, answered, body) in enumerate(sent, start=1)
], columns=["요청", "보낸 tr_cont", "응답 tr_cont", "msg_cd", "받은 첫 종목"])

# %% [markdown]
# 표를 한 줄씩 읽어 봅시다.
#
# 1. 첫 요청: 1쪽(20종목)과 `tr_cont: M`이 왔습니다. mojito2는 반복문에 들어갑니다.
# 2. 두 번째 요청: mojito2는 ctx 값은 보냈지만 `tr_cont: N`은 보내지 않았습니다. 서버는 처음부터 다시 조회해 **1쪽을 또**
#    보냈습니다(첫 종목이 같습니다). mojito2는 그것을 2쪽이라 생각하고 덧붙입니다.
# 3. 세 번째 요청: 1초 안에 세 번째 호출이라 초당 호출 제한에 걸렸습니다(`EGW00201`). 이 응답에는 `output1`이 없으니
#    mojito2는 `KeyError: 'output1'`로 멈춥니다.
#
# 진짜 모의투자 서버도 초당 2회 제한이 있으니, 같은 규칙이라면 mojito2는 이렇게 몇 번 만에 오류로 멈춥니다(실전은 초당 20회라
# 1쪽을 20번쯤 받은 뒤). 제한이 없다면 어떻게 될까요? 초당 호출 제한을 끈 샌드박스에서 다시 해 봅니다.

# %%
no_limits = Sandbox(rules=SandboxRules.relaxed()).start()  # 초당 호출 제한과 1분 1회 토큰 규칙을 끔


class MojitoOnRelaxedSandbox(mojito.KoreaInvestment):
    def set_base_url(self, mock=True):
        self.base_url = no_limits.url


sent.clear()
os.chdir(tempfile.mkdtemp())
requests.Session.send = record_and_send
try:
    relaxed_broker = MojitoOnRelaxedSandbox(app.appkey, app.appsecret, "50010003-01", mock=True)
    relaxed_broker.fetch_balance()
except Exception as error:
    print("멈춘 곳:", type(error).__name__, error)
finally:
    requests.Session.send = send
    os.chdir(here)

first_names = {body["output1"][0]["prdt_name"] for _asked, _answered, body in sent}
print("보낸 잔고 요청:", len(sent), "번 / 받은 첫 종목의 종류:", first_names)
no_limits.stop()

# %% [markdown]
# 50번을 보내는 동안 **매번 1쪽**을 받았습니다. 안전장치가 없었다면 영원히 반복했을 것입니다. 55종목 가운데 21번째부터는
# 한 번도 받지 못합니다.
#
# 그러면 `tr_cont: N`을 보내면 정말 2쪽이 올까요? mojito2의 요청과 **똑같은 요청**을 손으로 만들어 비교해 봅시다.
# 1초에 2번까지만 보낼 수 있으니 요청 사이에 쉬어 갑니다.

# %%
import time

import requests

from kislearn import spec

time.sleep(1)  # 위 셀의 호출과 1초 띄우기 (초당 2회)
token = mojito_broker.access_token  # "Bearer ..."
headers = {"authorization": token, "appkey": app.appkey, "appsecret": app.appsecret, "tr_id": "VTTC8434R"}
query = {"CANO": "50010003", "ACNT_PRDT_CD": "01", "AFHR_FLPR_YN": "N", "OFL_YN": "", "INQR_DVSN": "01",
         "UNPR_DVSN": "01", "FUND_STTL_ICLD_YN": "N", "FNCG_AMT_AUTO_RDPT_YN": "N",
         "PRCS_DVSN": "01",  # mojito2가 보내는 값 (kislearn은 "00": 전일매매 포함)
         "CTX_AREA_FK100": "", "CTX_AREA_NK100": ""}
balance_url = kis_like.url + spec.BALANCE_PATH

first = requests.get(balance_url, headers=headers, params=query).json()
again = requests.get(balance_url, headers=headers, params={
    **query, "CTX_AREA_FK100": first["ctx_area_fk100"], "CTX_AREA_NK100": first["ctx_area_nk100"]}).json()
time.sleep(1)
right = requests.get(balance_url, headers={**headers, "tr_cont": "N"}, params={
    **query, "CTX_AREA_FK100": first["ctx_area_fk100"], "CTX_AREA_NK100": first["ctx_area_nk100"]}).json()

print("첫 요청의 첫 종목:                   ", first["output1"][0]["prdt_name"])
print("tr_cont 없이 ctx만 보낸 요청의 첫 종목:", again["output1"][0]["prdt_name"], "← 1쪽이 다시 옴")
print("tr_cont: N 과 ctx를 보낸 요청의 첫 종목:", right["output1"][0]["prdt_name"], "← 2쪽")

# %% [markdown]
# `tr_cont: N`을 함께 보내야 2쪽이 옵니다. 그리고 세 번째 문제, `output2`를 쪽마다 덧붙이면 요약이 쪽 수만큼 쌓입니다.

# %%
time.sleep(1)
third = requests.get(balance_url, headers={**headers, "tr_cont": "N"}, params={
    **query, "CTX_AREA_FK100": right["ctx_area_fk100"], "CTX_AREA_NK100": right["ctx_area_nk100"]}).json()

summaries = first["output2"] + right["output2"] + third["output2"]  # mojito2처럼 쪽마다 덧붙이면
print("요약 개수:", len(summaries), "/ 모두 같은 내용인가요?", all(s == summaries[0] for s in summaries))
kis_like.stop()

# %% [markdown]
# 정리하면, mojito2 0.1.6의 `fetch_balance()`는 한 쪽짜리 잔고에서는 잘 되지만, 여러 쪽 잔고에서는 KIS가 첫 쪽에 `M`을
# 보내는 한 1쪽을 되풀이해 받다가 초당 호출 제한에 걸려 멈춥니다. 여러 쪽 잔고에는 아래의 kislearn을 쓰거나, 반복문에서
# `tr_cont: N`을 보내도록 직접 고쳐야 합니다.
#
# ## 7. kislearn의 `fetch_balance()`
#
# `kislearn.KoreaInvestment.fetch_balance()`는 명세서대로 합니다. `F`·`M`이면 `tr_cont: N`과 ctx 값으로 다음 쪽을 받고,
# `D`·`E`에서 멈추고, 요약은 하나만 남깁니다. 서버가 같은 ctx 값을 되풀이하거나 100쪽이 넘어가면 멈추는 안전장치도
# 있습니다. 돌려주는 모양은 mojito2와 같습니다.
#
# 쪽을 받는 사이에 주문이 체결되어 잔고가 바뀌면, 샌드박스는 다음 쪽 요청에 `SYDB0050` "조회이후에 자료가
# 변경되었습니다.(다시 조회하세요)"로 답합니다. KIS에도 이 메시지 코드가 있고 사용자들이 공개한 코드에는 연속 조회 도중
# 이 코드를 받아 처음부터 다시 조회하는 처리가 보이지만, KIS가 정확히 언제 이 코드로 답하는지는 공개된 자료로 확인되지
# 않았습니다. 잔고가 바뀐 경우에 이렇게 답하는 것은 **샌드박스의 선택**입니다. 이 답을 받으면 `fetch_balance()`는
# 처음부터 한 번 다시 읽습니다. 그래서 돌려받는 잔고는 언제나 한 시점의 잔고입니다. 1쪽은 주문 전, 2쪽은 주문 뒤인
# 섞인 잔고는 나오지 않습니다.

# %%
import kislearn

balance = kislearn.connect(account="50010003-01").fetch_balance()
print("받은 종목 수:", len(balance["output1"]))
print("요약 개수:", len(balance["output2"]))
print("종목별 평가금액 합계 = 요약의 유가평가금액?",
      sum(int(row["evlu_amt"]) for row in balance["output1"]) == int(balance["output2"][0]["scts_evlu_amt"]))

# %% [markdown]
# ## 정리
#
# - 잔고 조회는 `tr_id` `TTTC8434R`(실전) / `VTTC8434R`(모의)이고, 쿼리 값 11개를 보냅니다.
# - 응답 봉투 `rt_cd`(`"0"`이 성공), `msg_cd`, `msg1`(80바이트까지 공백으로 채워짐)을 먼저 확인합니다.
# - 한 쪽에 실전 50행, 모의 20행. 응답 헤더 `tr_cont`가 `F`·`M`이면 `tr_cont: N` + ctx 값으로 다음 쪽, `D`·`E`면 끝.
# - `tr_cont: N` 없이 ctx 값만 보내면 1쪽이 다시 옵니다. mojito2 0.1.6은 그래서 여러 쪽 잔고를 끝내지 못합니다.
# - `output2` 요약은 쪽마다 같은 것이 오므로 하나만 남깁니다.
#
# ## 연습문제
#
# 1. 실전 서버를 흉내 내는 샌드박스(`url_for("real")`, `demo_app("real")`)에서 55종목 계좌는 몇 쪽으로 나뉘어 오나요?
#    쪽마다 행 수를 출력해 보세요.
# 2. 작은 포트폴리오 계좌(`50010002-01`)의 `output1`에서 종목명(`prdt_name`)과 보유수량(`hldg_qty`)만 뽑아 출력해 보세요.
#
# 정답은 아래 숨긴 셀을 펼쳐 보세요.

# %% jupyter={"source_hidden": true}
import tempfile

import kislearn
from kislearn import spec
from kislearn.sandbox import Sandbox, SandboxRules, demo_app

with Sandbox(rules=SandboxRules.relaxed()) as real_like:
    app = demo_app("real")
    real_broker = kislearn.KoreaInvestment(app.appkey, app.appsecret, "50010003-01", mock=False,
                                           base_url=real_like.url_for("real"), token_cache=tempfile.mkdtemp())
    fk100, nk100, next_page, sizes = "", "", False, []
    while True:
        page = real_broker.fetch_balance_page(fk100, nk100, next_page=next_page)
        sizes.append(len(page.body["output1"]))
        if page.tr_cont not in spec.MORE_PAGES:
            break
        fk100, nk100, next_page = page.body["ctx_area_fk100"], page.body["ctx_area_nk100"], True
print("1번: 실전에서는", len(sizes), "쪽, 쪽마다", sizes, "행")

for row in kislearn.connect(account="50010002-01").fetch_balance()["output1"]:
    print("2번:", row["prdt_name"], row["hldg_qty"], "주")
