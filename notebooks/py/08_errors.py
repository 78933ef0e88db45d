# %% [markdown]
# # 08. 오류(error) 다루기 — 무엇이 실패하고, 어떻게 대처하나
#
# **학습 목표**
#
# - KIS가 실패를 알리는 세 가지 모양을 구별한다.
#   ① 보통 응답 봉투(envelope)에 `rt_cd`가 `"0"`이 아닌 값, ② 토큰 API의 `error_code` 모양, ③ 아예 답이 없음.
# - 실패하는 경우마다 **서버의 날것 응답**(HTTP 상태 + 본문)과 **kislearn 예외**(클래스, `msg_cd`, `msg1`, `status`,
#   `tr_id`, `hint`)를 나란히 본다.
# - kislearn이 스스로 해결하는 것(만료 토큰 한 번 재발급, 초당 호출 조절과 재시도)과 내가 고쳐야 하는 것을 구별한다.
# - 복사해 쓸 수 있는 `try`/`except` 틀을 익힌다.
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
# ## 0. 준비
#
# 이 노트북만 쓰는 샌드박스를 띄웁니다. 손으로 움직이는 시계(`ManualClock`)를 달아 "하루 뒤"를 바로 만들 수
# 있게 하고, 초당 호출 제한은 **꺼 둡니다**(`calls_per_second=None`). 초당 호출 제한은 4절에서 그것만 켠
# 샌드박스로 따로 봅니다.
#
# kislearn 클라이언트 `broker`도 하나 만듭니다. 토큰 캐시는 임시 폴더에 둡니다.

# %%
import tempfile
from pathlib import Path

import kislearn
from kislearn.sandbox import ManualClock, Sandbox, SandboxRules, demo_app

clock = ManualClock()
sandbox = Sandbox(rules=SandboxRules(clock=clock, calls_per_second=None)).start()
base_url = sandbox.url_for("paper")
app = demo_app("paper")  # 샌드박스용 데모 앱키·시크릿 (출력하지 않습니다)

workspace = Path(tempfile.mkdtemp(prefix="kislearn-08-"))
cache_folder = workspace / "token-cache"

broker = kislearn.KoreaInvestment(app.appkey, app.appsecret, "50010002-01", mock=True, base_url=base_url,
                                  token_cache=cache_folder)
broker

# %% [markdown]
# 날것 응답을 보려고 `requests`로 직접 보낼 때 쓸 헤더 도우미와, kislearn 예외를 한눈에 보여 주는 도우미를
# 만들어 둡니다. 직접 보내는 요청에도 `broker`가 받아 둔 토큰을 빌려 씁니다(새로 받으면 1분 제한에 걸리니까요).

# %%
import kislearn

PRICE_URL = f"{base_url}/uapi/domestic-stock/v1/quotations/inquire-price"
BALANCE_URL = f"{base_url}/uapi/domestic-stock/v1/trading/inquire-balance"
TOKEN_URL = f"{base_url}/oauth2/tokenP"


def kis_headers(tr_id, authorization):
    """시세·잔고 API에 보낼 헤더."""
    return {"content-type": "application/json; charset=utf-8", "authorization": authorization,
            "appkey": app.appkey, "appsecret": app.appsecret, "tr_id": tr_id, "custtype": "P"}


def show_raw(answer):
    """서버가 보낸 그대로: HTTP 상태와 본문."""
    print("HTTP 상태:", answer.status_code)
    print("본문     :", answer.text)


def show_error(error):
    """kislearn 예외의 클래스와 담긴 값들."""
    parents = [cls.__name__ for cls in type(error).__mro__[1:] if cls.__module__ == "kislearn.errors"]
    print("예외 클래스:", type(error).__name__, "← " + " ← ".join(parents) if parents else "")
    if isinstance(error, kislearn.KisApiError):
        for name in ("msg_cd", "msg1", "status", "tr_id", "hint"):
            print(f"  {name:<6} = {getattr(error, name)!r}")
    else:
        print("  메시지 =", error)


# %% [markdown]
# ## 1. 계좌번호가 틀렸을 때
#
# ### 1-1. 모양이 틀린 계좌번호: 보내기 전에 잡는다
#
# 계좌번호는 `앞 8자리-뒤 2자리`입니다. 하이픈을 빠뜨린 `"1234567801"`을 mojito2에 주면, mojito2는
# `acc_no.split('-')[1]`에서 멈춥니다. 무엇이 틀렸는지 알려 주지 않는 `IndexError`입니다.

# %%
try:
    "1234567801".split("-")[1]  # mojito2 생성자가 하는 일
except IndexError as error:
    print("IndexError:", error)

# %% [markdown]
# kislearn은 생성자 첫머리에서 계좌번호 모양을 검사하고, 무엇이 틀렸는지 말해 주는 `AccountNumberError`를 냅니다.
# 서버에는 아무 요청도 가지 않습니다. 샌드박스가 받은 요청 수로 확인합니다.

# %%
import kislearn

served_before = sandbox.stats["requests_served"]
try:
    kislearn.KoreaInvestment(app.appkey, app.appsecret, "1234567801", mock=True, base_url=base_url,
                             token_cache=cache_folder)
except kislearn.AccountNumberError as error:
    show_error(error)
print("서버에 간 요청 수:", sandbox.stats["requests_served"] - served_before)

# %% [markdown]
# `AccountNumberError`는 `KisApiError`가 아닙니다. 서버가 답한 것이 아니라 보내기 전에 걸렸으니 `msg_cd`도
# HTTP 상태도 없습니다. 메시지에서도 계좌번호는 끝 두 자리만 보입니다.
#
# ### 1-2. 모양은 맞지만 없는 계좌: `OPSQ2000`
#
# 문서의 예시 번호 `12345678-01`은 모양은 맞지만 샌드박스에 없는 계좌입니다. 주식잔고조회(`tr_id`
# `VTTC8434R`)를 `requests`로 직접 보내 봅니다.

# %%
import requests

BALANCE_PARAMS = {
    "CANO": "12345678", "ACNT_PRDT_CD": "01",  # 종합계좌번호 8자리 + 계좌상품코드 2자리
    "AFHR_FLPR_YN": "N", "OFL_YN": "", "INQR_DVSN": "01", "UNPR_DVSN": "01", "FUND_STTL_ICLD_YN": "N",
    "FNCG_AMT_AUTO_RDPT_YN": "N", "PRCS_DVSN": "00", "CTX_AREA_FK100": "", "CTX_AREA_NK100": "",
}
answer = requests.get(BALANCE_URL, headers=kis_headers("VTTC8434R", broker.access_token), params=BALANCE_PARAMS,
                      timeout=10)
show_raw(answer)
print("requests가 보기에 성공인가요? (answer.ok)", answer.ok)

# %% [markdown]
# **HTTP 200인데 실패입니다.** `rt_cd`가 `"2"`이고 `msg_cd`가 `OPSQ2000`입니다(사용자들이 남긴 응답 기록에서도 이렇게
# 옵니다). 그래서 KIS 응답은 HTTP 상태만 보면 안 되고 `rt_cd`를 꼭 확인해야 합니다(`"0"`만 성공).
#
# kislearn은 `rt_cd`를 대신 확인하고, 실패면 예외를 냅니다. 같은 계좌로 클라이언트를 만들고 잔고를 조회해 봅니다.
# 생성자는 캐시의 토큰을 읽어 쓰므로 새 발급은 없습니다.

# %%
import kislearn

unknown_broker = kislearn.KoreaInvestment(app.appkey, app.appsecret, "12345678-01", mock=True, base_url=base_url,
                                          token_cache=cache_folder)
try:
    unknown_broker.fetch_balance()
except kislearn.KisApiError as error:
    show_error(error)

# %% [markdown]
# `msg1`의 뒤쪽 공백은 kislearn이 지워 줍니다. `hint`는 kislearn이 코드마다 붙여 둔 한국어 도움말입니다.

# %% [markdown]
# ## 2. 앱키·앱시크릿이 틀렸을 때: `EGW00103` / `EGW00105`
#
# 토큰 발급 요청에 틀린 앱키를 넣어 봅니다. 그다음에는 앱키는 맞고 시크릿만 틀리게 보냅니다.

# %%
import requests

wrong_key = "WRONG-APP-KEY-" + "0" * 22  # 길이만 36자로 맞춘 가짜 앱키

for label, appkey, appsecret in [("틀린 앱키", wrong_key, app.appsecret), ("틀린 시크릿", app.appkey, "wrong-secret")]:
    print(f"--- {label}")
    show_raw(requests.post(TOKEN_URL, json={"grant_type": "client_credentials", "appkey": appkey,
                                            "appsecret": appsecret}, timeout=10))

# %% [markdown]
# 토큰 API의 오류는 `rt_cd`·`msg_cd`·`msg1` 봉투가 아니라 `error_code`·`error_description` 모양입니다.
# (이 두 오류에 KIS가 어떤 HTTP 상태를 주는지는 공개 자료로 확인되지 않아, 샌드박스는 500으로 정했습니다.)
#
# kislearn에서는 두 경우 모두 `AppKeyError`입니다. 생성자가 토큰을 받으려다 실패하므로 생성자에서 바로 납니다.

# %%
import kislearn

for appkey, appsecret in [(wrong_key, app.appsecret), (app.appkey, "wrong-secret")]:
    try:
        kislearn.KoreaInvestment(appkey, appsecret, "50010002-01", mock=True, base_url=base_url,
                                 token_cache=cache_folder)
    except kislearn.AppKeyError as error:
        show_error(error)

# %% [markdown]
# 실전 앱키와 모의투자 앱키는 서로 다릅니다. 샌드박스는 실전 키로 모의투자 서버에 붙으면 `EGW00103`으로 답합니다.
# 이것은 샌드박스의 선택이고, 진짜 KIS가 이때 정확히 어떤 코드로 답하는지는 문서에 나와 있지 않습니다. 어느 쪽이든
# 키 오류가 나면 `.env`의 `KIS_MODE`와 키가 짝이 맞는지 먼저 보세요.

# %% [markdown]
# ## 3. 토큰이 만료됐을 때: `EGW00123`
#
# 샌드박스 시계를 25시간 앞으로 돌립니다. `broker`가 들고 있는 토큰은 24시간짜리라 이제 끝났습니다.
# 먼저 그 토큰으로 현재가를 직접 물어봅니다.

# %%
import requests

clock.advance(hours=25)
old_token = broker.access_token

answer = requests.get(PRICE_URL, headers=kis_headers("FHKST01010100", old_token),
                      params={"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"}, timeout=10)
show_raw(answer)

# %% [markdown]
# 이번에는 kislearn으로 똑같이 물어봅니다. kislearn은 `EGW00123`을 받으면 **토큰을 한 번 새로 받아 같은 요청을
# 다시 보냅니다.** 그래서 예외 없이 답이 옵니다.

# %%
issued_before = sandbox.stats["tokens_issued"]["paper"]

price = broker.fetch_price("005930")

print("현재가:", price["output"]["stck_prpr"], "원")
print("토큰이 바뀌었나요?        ", broker.access_token != old_token)
print("그사이 새로 발급된 토큰 수:", sandbox.stats["tokens_issued"]["paper"] - issued_before)

# %% [markdown]
# 새 토큰은 캐시에도 저장되므로, 같은 캐시를 쓰는 다른 클라이언트와 다른 커널도 이 토큰을 씁니다.
# 재발급은 한 번뿐입니다. 새로 받은 토큰으로도 또 `EGW00123`이 나면, 끝없이 되풀이하지 않고
# `kislearn.TokenExpiredError`를 냅니다.

# %% [markdown]
# ## 4. 1초에 너무 많이 부를 때: `EGW00201`
#
# KIS는 1초에 부를 수 있는 횟수를 정해 둡니다. **실전 20회, 모의투자 2회**입니다. 이 절에서는 그 제한을 켠
# 샌드박스(진짜 시계)를 따로 띄우고, 그 샌드박스용 kislearn 클라이언트를 만듭니다.

# %%
import kislearn
from kislearn.sandbox import Sandbox

busy = Sandbox().start()  # 기본 규칙: 모의투자 초당 2회
busy_url = busy.url_for("paper")
busy_broker = kislearn.KoreaInvestment(app.appkey, app.appsecret, "50010002-01", mock=True, base_url=busy_url,
                                       token_cache=workspace / "busy-cache")

# %% [markdown]
# 반복문으로 현재가를 6번 연달아 `requests`로 보내 봅니다. 쉬지 않고 보내니 1초 안에 6번이 갑니다.

# %%
import pandas as pd
import requests

replies = []
for _ in range(6):
    replies.append(requests.get(
        f"{busy_url}/uapi/domestic-stock/v1/quotations/inquire-price",
        headers=kis_headers("FHKST01010100", busy_broker.access_token),
        params={"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"},
        timeout=10,
    ))

tally = pd.DataFrame({"HTTP": [r.status_code for r in replies], "msg_cd": [r.json()["msg_cd"] for r in replies]})
tally.groupby(["HTTP", "msg_cd"]).size().rename("횟수").reset_index()

# %% [markdown]
# 처음 두 번만 성공하고 나머지 네 번은 거절됐습니다. 거절된 응답 하나를 그대로 봅시다.

# %%
show_raw(next(r for r in replies if r.status_code != 200))

# %% [markdown]
# HTTP 500에 `EGW00201`, 그리고 다른 오류에는 없는 `"message"` 항목이 붙어 옵니다.
#
# kislearn은 두 가지로 막습니다.
#
# 1. **속도 조절(pacing)**: 보내기 전에 "지난 1초 동안 몇 번 보냈나"를 세어, 한도가 차 있으면 빈자리가 날 때까지
#    기다립니다(모의투자 초당 2회, 실전 20회).
# 2. **재시도(retry)**: 그래도 `EGW00201`이 오면(예: 다른 프로그램이 같은 키로 부르는 중) 0.5초, 1초, 2초 쉬며
#    세 번까지 다시 보냅니다. 그래도 안 되면 `kislearn.RateLimitError`를 냅니다.
#
# 위에서 보낸 요청들이 1초 창에서 빠지도록 잠깐 쉰 다음, kislearn으로 같은 6번을 부르고 샌드박스가 거절한
# 횟수(`stats["rate_limited"]`)를 셉니다.

# %%
import time

time.sleep(1.1)  # 위의 요청들이 '지난 1초'에서 빠지도록
rejected_before = busy.stats["rate_limited"]

started = time.monotonic()
prices = [busy_broker.fetch_price("005930")["output"]["stck_prpr"] for _ in range(6)]
elapsed = time.monotonic() - started

print("받은 답:", len(prices), "개")
print("서버가 거절한 횟수:", busy.stats["rate_limited"] - rejected_before)
print("2초 이상 걸렸나요?", elapsed >= 2)  # 정확한 시간은 컴퓨터마다, 실행마다 조금씩 다릅니다

# %% [markdown]
# 거절 0번. 대신 초당 2회에 맞추느라 2초 넘게 걸렸습니다(1·2번째는 바로, 3·4번째는 약 1초 뒤, 5·6번째는 약
# 2초 뒤). 모의투자에서 종목 100개의 현재가를 물으면 50초쯤 걸린다는 뜻이기도 합니다.

# %%
busy.stop()

# %% [markdown]
# ## 5. 토큰을 1분 안에 또 요청할 때: `EGW00133`
#
# 3절에서 kislearn이 토큰을 새로 받았고, 샌드박스 시계는 그 뒤로 멈춰 있습니다. 지금 토큰을 또 요청하면
# "1분 안에 두 번"입니다.

# %%
import requests

show_raw(requests.post(TOKEN_URL, json={"grant_type": "client_credentials", "appkey": app.appkey,
                                        "appsecret": app.appsecret}, timeout=10))

# %% [markdown]
# HTTP **403**, 그리고 OAuth 모양 본문(`error_code`, `error_description`)입니다. kislearn으로 토큰 발급을 직접
# 부르면 `TokenIssueLimitError`가 납니다.

# %%
import kislearn

token_before = broker.access_token
try:
    broker.issue_access_token()
except kislearn.TokenIssueLimitError as error:
    show_error(error)

print("들고 있던 토큰은 그대로인가요?", broker.access_token == token_before)
print("그 토큰으로 현재가 조회:", broker.fetch_price("005930")["output"]["stck_prpr"], "원")

# %% [markdown]
# 발급이 거절돼도 들고 있던 토큰은 멀쩡합니다. 이 오류는 보통 `issue_access_token()`을 직접 부르거나, 캐시 없이
# 클라이언트를 여러 번 만들 때 납니다. kislearn의 생성자는 캐시된 토큰이 있으면 발급하지 않으니(03 노트북),
# 생성자만 쓰면 만날 일이 거의 없습니다.

# %% [markdown]
# ## 6. 서버가 없거나 답하지 않을 때
#
# ### 6-1. 아무도 없는 주소: 연결 거부
#
# 아무 프로그램도 듣지 않는 포트로 주소를 만듭니다. 1번 포트는 보통 아무도 쓰지 않습니다. 서버가 꺼져 있거나
# 주소를 잘못 적은 경우와 같습니다.

# %%
import requests

dead_url = "http://127.0.0.1:1/paper"  # 1번 포트: 아무도 없는 주소

try:
    requests.post(f"{dead_url}/oauth2/tokenP", json={}, timeout=2)
except requests.RequestException as error:
    print("requests의 예외:", type(error).__module__ + "." + type(error).__name__)

# %% [markdown]
# 이번에는 답 자체가 없으니 HTTP 상태도 본문도 없습니다. `requests`의 예외 메시지는 길고 어려워서, 이름만 보였습니다.
# kislearn에서는 `KisConnectionError`가 되고, 메시지가 주소와 할 일을 알려 줍니다.

# %%
import kislearn

try:
    kislearn.KoreaInvestment(app.appkey, app.appsecret, "50010002-01", mock=True, base_url=dead_url,
                             token_cache=workspace / "dead-cache")
except kislearn.KisConnectionError as error:
    show_error(error)

# %% [markdown]
# ### 6-2. 연결은 되는데 답이 없음: 시간 초과(timeout)
#
# 연결만 받아 두고 아무 말도 하지 않는 소켓을 만듭니다. 서버가 멈췄거나 네트워크가 막힌 경우와 같습니다.
# `timeout`을 0.5초로 짧게 줍니다(kislearn의 기본값은 10초).

# %%
import socket
import time

import requests

from kislearn.sandbox import first_free_port

silent = socket.socket()
silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # 방금 끈 서버의 포트도 곧바로 다시 쓰기
silent.bind(("127.0.0.1", first_free_port()))  # 8435번부터 차례로 찾은 첫 빈 포트 (Sandbox()가 고르는 방법)
silent.listen(8)  # 연결은 받아 주지만 아무 답도 하지 않습니다
silent_url = f"http://127.0.0.1:{silent.getsockname()[1]}/paper"

started = time.monotonic()
try:
    requests.post(f"{silent_url}/oauth2/tokenP", json={}, timeout=0.5)
except requests.RequestException as error:
    print("requests의 예외:", type(error).__module__ + "." + type(error).__name__)
print("0.5초 넘게 기다렸나요?", time.monotonic() - started >= 0.5)

# %%
import kislearn

try:
    kislearn.KoreaInvestment(app.appkey, app.appsecret, "50010002-01", mock=True, base_url=silent_url,
                             token_cache=workspace / "silent-cache", timeout=0.5)
except kislearn.KisTimeoutError as error:
    show_error(error)
silent.close()

# %% [markdown]
# `timeout`을 주지 않으면 `requests`는 **끝없이** 기다립니다. 직접 `requests`를 쓸 때도 `timeout=`을 꼭 주세요.

# %% [markdown]
# ## 7. 복사해 쓰는 틀: `try` / `except`
#
# kislearn의 예외는 모두 `kislearn.KisError`의 자손입니다.
#
# ```
# KisError
# ├── KisApiError            KIS가 답했지만 실패 (msg_cd, msg1, status, tr_id, hint)
# │   │                          EGW2004, OPSQ2000처럼 따로 이름이 없는 코드는 이 클래스 그대로
# │   ├── AppKeyError            EGW00103 / EGW00105
# │   ├── TokenExpiredError      EGW00123 (한 번 재발급한 뒤에도)
# │   ├── InvalidTokenError      EGW00121
# │   ├── TokenIssueLimitError   EGW00133
# │   ├── OrderRejectedError     주문 거절: 40240000 등 모의투자식 코드, 샌드박스의 SBX00020~SBX00035
# │   └── RateLimitError         EGW00201 (세 번 재시도한 뒤에도)
# ├── KisTransportError      쓸 만한 답을 못 받음 (error.kind: "dns", "refused", "tls", "proxy", "read-timeout" …)
# │   ├── KisConnectionError     연결 못 함: 서버 이름 찾기 실패(인터넷), 연결 거부, 보안 연결(TLS), 프록시, 끊긴 연결
# │   │   └── OrderConnectionLostError  주문을 보낸 뒤 연결이 끊김: 주문이 접수됐을 수 있음
# │   ├── KisTimeoutError        시간 초과
# │   │   └── OrderTimeoutError         주문을 보낸 뒤 시간 초과: 주문이 접수됐을 수 있음
# │   └── KisResponseError       JSON이 아닌 답 (HTML 오류 페이지 등)
# └── InvalidArgumentError   보내기 전에 걸린 잘못된 값
#     └── AccountNumberError     계좌번호 모양
# ```
#
# 주문의 답을 못 받은 두 경우는 함께 `kislearn.OrderMaybePlacedError`로도 잡을 수 있습니다. 이때 kislearn은 주문을
# 다시 보내지 않습니다. 같은 주문을 다시 내기 전에 주문체결조회나 잔고에서 주문이 들어갔는지 먼저 확인하세요.
#
# 아래 셀을 그대로 복사해 쓰면 됩니다. `except`는 **좁은 것부터** 적습니다. `KisError`를 먼저 적으면 나머지
# 두 줄에는 절대 닿지 않습니다.

# %%
import kislearn


def call_safely(action):
    """action()을 부르고 결과를 돌려줍니다. 실패하면 무엇이 왜 실패했는지 출력하고 None을 돌려줍니다."""
    try:
        return action()
    except kislearn.KisApiError as error:  # KIS가 답했지만 실패: 코드와 도움말이 있습니다
        print(f"[KIS 오류] {error.msg_cd} {error.msg1} (HTTP {error.status}, tr_id={error.tr_id})")
        if error.hint:
            print(f"  → 할 일: {error.hint}")
    except kislearn.KisTransportError as error:  # 답을 못 받음: 서버 꺼짐, 시간 초과, JSON 아닌 답
        print(f"[연결 오류] {type(error).__name__}: {error}")
    except kislearn.KisError as error:  # 그 밖의 kislearn 오류: 잘못된 계좌번호처럼 보내기 전에 걸린 것
        print(f"[입력 오류] {type(error).__name__}: {error}")
    return None


# %% [markdown]
# 이 노트북에서 만난 경우 몇 가지를 넣어 봅니다. 성공하면 결과가 그대로 돌아옵니다.

# %%
import kislearn

print("성공:", call_safely(lambda: broker.fetch_price("005930")["output"]["stck_prpr"]))
call_safely(lambda: unknown_broker.fetch_balance())
call_safely(lambda: kislearn.KoreaInvestment(app.appkey, app.appsecret, "50010002-01", mock=True,
                                             base_url=dead_url, token_cache=workspace / "dead-cache"))
call_safely(lambda: kislearn.KoreaInvestment(app.appkey, app.appsecret, "1234567801", mock=True))

# %% [markdown]
# (마지막 줄은 진짜 모의투자 서버 주소(`mock=True`)를 쓰는 클라이언트지만, 계좌번호 검사에서 먼저 걸리므로 인터넷에
# 아무것도 보내지 않습니다.)

# %% [markdown]
# ## 8. 한눈에 보는 오류 표

# %%
import pandas as pd

pd.DataFrame(
    [
        ("(보내기 전)", "계좌번호 모양이 틀림", "—", "AccountNumberError", "—", "'12345678-01'처럼 8자리-2자리로 적기"),
        ("OPSQ2000", "없는 계좌 / 이 앱키의 계좌가 아님", "200* (rt_cd 2)", "KisApiError", "—", "계좌번호와 실전·모의 구분 확인"),
        ("EGW00103", "앱키가 틀림", "500*", "AppKeyError", "—", ".env의 KIS_APP_KEY, 실전·모의 키 짝 확인"),
        ("EGW00105", "앱시크릿이 틀림", "500*", "AppKeyError", "—", ".env의 KIS_APP_SECRET 확인"),
        ("EGW00123", "토큰 만료(24시간)", "500*", "TokenExpiredError", "한 번 재발급", "보통 없음 (계속되면 토큰 캐시 지우기)"),
        ("EGW00121", "유효하지 않은 토큰", "500*", "InvalidTokenError", "—", "다른 서버·앱의 토큰이면 캐시 지우고 재발급"),
        ("EGW00201", "초당 호출 수 초과", "500", "RateLimitError", "속도 조절 + 3번 재시도", "반복문을 천천히, 실전 20·모의 2회/초"),
        ("EGW00133", "토큰 발급은 1분에 1번", "403", "TokenIssueLimitError", "캐시로 예방", "1분 기다리기, 캐시된 토큰 쓰기"),
        ("EGW2004", "실전 tr_id(T로 시작)가 모의투자 서버로 감", "500*", "KisApiError", "—",
         "모의투자 계좌면 클라이언트를 mock=True로 만들기"),
        ("40240000 등", "주문 거절 (모의투자: 잔고내역 없음 등)", "200* (rt_cd 1)", "OrderRejectedError", "—",
         "현금·보유수량·호가단위 확인, 오류의 hint 읽기"),
        ("(연결 거부)", "서버가 꺼짐 / 주소가 틀림", "—", "KisConnectionError", "—", "주소·인터넷·샌드박스 켜짐 확인"),
        ("(시간 초과)", "서버가 답하지 않음", "—", "KisTimeoutError", "—", "잠시 뒤 다시, 필요하면 timeout 늘리기"),
        ("(주문 뒤 답 없음)", "주문을 보냈는데 시간 초과·연결 끊김", "—", "OrderTimeoutError / OrderConnectionLostError", "—",
         "다시 주문하기 전에 주문체결조회·잔고 확인"),
    ],
    columns=["코드", "뜻", "HTTP", "kislearn 예외", "kislearn이 알아서", "내가 할 일"],
)

# %% [markdown]
# `*` 표시: KIS가 어떤 HTTP 상태를 주는지 확인되지 않은 값입니다.
# EGW00123의 500과 OPSQ2000의 200은 사용자들의 보고·기록에 나온 값이지만 확인된 것은 아니고(EGW00123은 옛 공식 예제
# 하나가 200으로 가정하기도 했습니다), 나머지 `*`는 공개 자료가 없어 샌드박스가 정한 값입니다. `*`가 없는 EGW00201의 500과
# EGW00133의 403은 사용자들이 기록한 응답에 나온 값입니다. 어느 쪽이든 상태 코드보다는 `msg_cd`(또는 `error_code`)로
# 판단하세요.

# %% [markdown]
# ## 9. 정리정돈

# %%
import shutil

sandbox.stop()
shutil.rmtree(workspace)
print("샌드박스가 돌고 있나요?", sandbox.running, "/ 임시 폴더가 남아 있나요?", workspace.exists())

# %% [markdown]
# ## 정리
#
# - KIS의 실패는 세 모양입니다. 보통 API는 `rt_cd`가 `"0"`이 아니고(**HTTP 200일 수도 있습니다**), 토큰 API는
#   `error_code`·`error_description`으로 오고, 서버가 없거나 멈추면 답이 아예 없습니다.
# - kislearn은 이를 모두 `kislearn.KisError`의 자손 예외로 바꿔, `msg_cd`·`msg1`·`status`·`tr_id`와 한국어 `hint`를 담아 줍니다.
# - 만료 토큰(`EGW00123`)은 한 번 스스로 재발급하고, 초당 호출(`EGW00201`)은 미리 조절하고 재시도합니다.
#   계좌번호·키·주소처럼 내가 고쳐야 하는 것은 예외로 알려 줍니다.
# - 코드에는 `except kislearn.KisApiError` → `KisTransportError` → `KisError` 순서로 적습니다.
#
# ## 연습문제
#
# 1. 종목코드를 따옴표 없이 숫자 `5930`으로 넣어 `fetch_price(5930)`을 부르면 어떤 예외가 날까요? 서버에
#    요청이 갈까요? 새 샌드박스와 임시 캐시 폴더로 확인해 보세요.
# 2. 실전용 잔고조회 `tr_id`(`TTTC8434R`)를 모의투자 서버에 `requests`로 보내면 어떤 `msg_cd`가 올까요?
#    그 코드에 대한 kislearn의 도움말(`kislearn.errors.HINTS`)도 찾아 출력해 보세요.
#
# 정답은 아래 숨긴 셀을 펼쳐 보세요.

# %% jupyter={"source_hidden": true}
# 연습문제 1 정답
import tempfile

import kislearn
from kislearn.sandbox import Sandbox, demo_app

app = demo_app("paper")
with Sandbox() as practice, tempfile.TemporaryDirectory() as cache:
    client = kislearn.KoreaInvestment(app.appkey, app.appsecret, "50010002-01", mock=True,
                                      base_url=practice.url_for("paper"), token_cache=cache)
    served_before = practice.stats["requests_served"]
    try:
        client.fetch_price(5930)
    except kislearn.KisError as error:
        print(type(error).__name__, "-", error)
    print("서버에 간 요청 수:", practice.stats["requests_served"] - served_before)

# %% jupyter={"source_hidden": true}
# 연습문제 2 정답
import requests

from kislearn.errors import HINTS
from kislearn.sandbox import Sandbox, demo_app

app = demo_app("paper")
with Sandbox() as practice:
    url = practice.url_for("paper")
    token = requests.post(f"{url}/oauth2/tokenP", json={"grant_type": "client_credentials",
                          "appkey": app.appkey, "appsecret": app.appsecret}, timeout=10).json()
    reply = requests.get(
        f"{url}/uapi/domestic-stock/v1/trading/inquire-balance",
        headers={"content-type": "application/json; charset=utf-8",
                 "authorization": f"Bearer {token['access_token']}", "appkey": app.appkey,
                 "appsecret": app.appsecret, "tr_id": "TTTC8434R", "custtype": "P"},
        params={"CANO": "50010002", "ACNT_PRDT_CD": "01", "AFHR_FLPR_YN": "N", "OFL_YN": "", "INQR_DVSN": "01",
                "UNPR_DVSN": "01", "FUND_STTL_ICLD_YN": "N", "FNCG_AMT_AUTO_RDPT_YN": "N", "PRCS_DVSN": "00",
                "CTX_AREA_FK100": "", "CTX_AREA_NK100": ""},
        timeout=10,
    ).json()

print("msg_cd:", reply["msg_cd"], "/ msg1:", reply["msg1"].strip())
print("도움말:", HINTS.get(reply["msg_cd"], "(없음)"))
