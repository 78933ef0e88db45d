# %% [markdown]
# # 03. 토큰 캐시(token cache) — `token.dat`을 만들어 보고, 안전하게 고치기
#
# **학습 목표**
#
# - mojito2 생성자가 하는 일, 즉 `token.dat` **확인(check) → 읽기(load) → 발급(issue)** 흐름을 직접 만들어 본다.
# - 그 방식의 문제 다섯 가지를 알고, 그중 2·3·4를 실제로 일으켜 본다(1과 5는 맨 뒤 심화에서).
#   1. pickle은 읽는 순간 코드를 실행한다.
#   2. 앱시크릿이 파일에 그대로 들어간다.
#   3. 파일이 현재 폴더(current folder)를 따라다닌다.
#   4. `expires_in`에는 기준 시각이 없다.
#   5. 두 커널이 동시에 시작하면 한쪽이 `EGW00133`으로 실패한다.
# - `kislearn.TokenCache`가 각 문제를 어떻게 막는지 확인하고, 짧은 수명의 토큰으로 만료 → 재발급을 지켜본다.
#
# 예상 시간: 30분 (맨 뒤의 **심화(선택)** 두 절은 15분 더: pickle이 코드를 실행하는 모습, 두 프로세스의 경주)
#
# 문제 1과 5는 직접 일으켜 보려면 파이썬을 조금 깊이 알아야 해서, 본문에서는 무엇이 문제인지만 설명하고 실험은
# 맨 뒤의 심화 절로 옮겼습니다. 심화 절은 건너뛰어도 다음 노트북을 따라가는 데 지장이 없습니다.
#
# 이 노트북이 만드는 파일은 모두 임시 폴더(temporary folder)에 생기고, 마지막에 지웁니다. 노트북 폴더나 내
# 진짜 토큰 캐시는 건드리지 않습니다.

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
# ## 0. 준비: 샌드박스, 임시 폴더, 폴더 옮겨 다니기 도우미
#
# 지난 노트북처럼 이 노트북만 쓰는 샌드박스를 띄우고, 손으로 움직이는 시계(`ManualClock`)를 답니다. 시계는
# 지난 노트북과 같은 2026년 11월 20일 오후 3시 30분(한국 시간)에서 시작합니다.
# 샌드박스는 토큰 규칙(24시간 수명, 6시간 안에는 같은 토큰, 1분에 한 번 발급)을 모두 지킵니다.

# %%
import tempfile
from datetime import datetime
from pathlib import Path

from kislearn.sandbox import ManualClock, Sandbox, SandboxRules, demo_app

clock = ManualClock(datetime.fromisoformat("2026-11-20T15:30:00+09:00"))
sandbox = Sandbox(rules=SandboxRules(clock=clock)).start()
base_url = sandbox.url_for("paper")
app = demo_app("paper")  # 샌드박스용 데모 앱키·시크릿 (화면에는 절대 출력하지 않습니다)

workspace = Path(tempfile.mkdtemp(prefix="kislearn-03-"))  # 이 노트북의 모든 파일은 여기 안에
print("샌드박스:", base_url)
print("임시 작업 폴더를 만들었나요?", workspace.is_dir())

# %% [markdown]
# mojito2는 `token.dat`을 **현재 폴더**(current working directory, `os.getcwd()`)에 씁니다. 그래서 실습할 때마다
# 현재 폴더를 임시 폴더로 잠깐 옮겼다가 돌아와야 합니다. 돌아오는 것을 잊지 않도록, `with` 블록이 끝나면
# (오류가 나도) 반드시 원래 폴더로 돌아오는 도우미를 만들어 둡니다.

# %%
import contextlib
import os


@contextlib.contextmanager
def inside(folder):
    """with 블록 동안만 folder를 현재 폴더로 삼습니다. 끝나면(오류가 나도) 원래 폴더로 돌아옵니다."""
    previous = os.getcwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(previous)


# %% [markdown]
# ## 1. mojito2의 흐름을 직접 만들기
#
# mojito2의 생성자는 이렇게 생겼습니다(토큰 부분만).
#
# ```python
# self.access_token = None
# if self.check_access_token():      # token.dat이 있고, 안 끝났고, 같은 키인가?
#     self.load_access_token()       # 그렇다면 파일에서 읽어 쓰고
# else:
#     self.issue_access_token()      # 아니면 새로 받아 token.dat에 저장
# ```
#
# 세 메서드를 하나씩 함수로 만들어 보겠습니다. 한 가지만 바꿉니다. mojito2는 `datetime.datetime.now()`로 내
# 컴퓨터 시각을 읽는데, 여기서는 시간을 마음대로 돌려 보려고 샌드박스와 같은 시계를 씁니다.

# %%
now = clock  # 진짜 코드라면: now = datetime.datetime.now

# %% [markdown]
# ### 1-1. 발급(issue): 받아서 pickle로 저장
#
# mojito2의 `issue_access_token`은 두 가지 일을 합니다. 서버에 토큰을 요청하고, 받은 응답에 세 가지를 덧붙여
# `pickle`로 `token.dat`에 저장합니다. 덧붙이는 것은 만료 시각 `timestamp`(= 지금 + `expires_in`, epoch 초),
# 그리고 `api_key`와 `api_secret`입니다. 나중에 따로 쓰려고 두 단계로 나눠 적었습니다.

# %%
import pickle

import requests


def request_token(base_url, api_key, api_secret):
    """POST /oauth2/tokenP: 서버의 답(JSON)을 그대로 돌려줍니다."""
    body = {"grant_type": "client_credentials", "appkey": api_key, "appsecret": api_secret}
    return requests.post(f"{base_url}/oauth2/tokenP", json=body, timeout=10).json()


def save_token_file(resp_data, api_key, api_secret):
    """mojito2처럼: 만료 시각·키·시크릿을 덧붙여 현재 폴더의 token.dat에 pickle로 씁니다."""
    access_token = f'Bearer {resp_data["access_token"]}'  # 실패 응답이면 여기서 KeyError
    resp_data["timestamp"] = int(now().timestamp()) + resp_data["expires_in"]
    resp_data["api_key"] = api_key
    resp_data["api_secret"] = api_secret
    with open("token.dat", "wb") as f:
        pickle.dump(resp_data, f)
    return access_token


def issue_access_token(base_url, api_key, api_secret):
    """mojito2의 issue_access_token = 요청 + 저장."""
    return save_token_file(request_token(base_url, api_key, api_secret), api_key, api_secret)


# %% [markdown]
# ### 1-2. 확인(check): 파일이 있고, 안 끝났고, 같은 키인가?

# %%
import pickle


def check_access_token(api_key, api_secret):
    """mojito2의 check_access_token: token.dat의 토큰을 써도 되면 True."""
    try:
        with open("token.dat", "rb") as f:
            data = pickle.load(f)
    except IOError:  # 파일이 없으면
        return False
    expired = int(now().timestamp()) - data["timestamp"] > 0
    same_keys = data["api_key"] == api_key and data["api_secret"] == api_secret
    return not expired and same_keys


# %% [markdown]
# ### 1-3. 읽기(load)와 생성자 조립
#
# 읽기는 파일에서 토큰만 꺼내 `Bearer`를 붙입니다. 세 함수를 mojito2의 생성자 모양으로 묶은 작은 클래스
# `NaiveBroker`를 만듭니다. 어느 길로 갔는지 보이도록 `took` 속성에 적어 둡니다.

# %%
import pickle


def load_access_token():
    with open("token.dat", "rb") as f:
        return f'Bearer {pickle.load(f)["access_token"]}'


class NaiveBroker:
    """mojito2 생성자의 토큰 흐름만 떼어 낸 연습용 클래스."""

    def __init__(self, api_key, api_secret, base_url):
        self.access_token = None
        if check_access_token(api_key, api_secret):
            self.access_token = load_access_token()
            self.took = "token.dat을 읽었습니다 (load)"
        else:
            self.access_token = issue_access_token(base_url, api_key, api_secret)
            self.took = "서버에 요청해 받은 토큰을 token.dat에 썼습니다 (issue)"


# %% [markdown]
# ### 1-4. 돌려 보기
#
# 임시 폴더 안에 `project` 폴더를 만들고, 그 안에서 `NaiveBroker`를 두 번 만들어 봅니다. 첫 번째는 파일이
# 없으니 발급, 두 번째는 파일을 읽어야 합니다. 샌드박스가 센 발급 수도 함께 봅니다.

# %%
import pandas as pd

project = workspace / "project"
project.mkdir()

rows = []
with inside(project):
    for attempt in (1, 2):
        had_file = Path("token.dat").exists()
        broker = NaiveBroker(app.appkey, app.appsecret, base_url)
        rows.append({"시도": attempt, "token.dat이 있었나": had_file, "한 일": broker.took,
                     "서버의 누적 발급 수": sandbox.stats["tokens_issued"]["paper"]})
pd.DataFrame(rows)

# %% [markdown]
# 잘 동작합니다. 두 번째에는 서버에 묻지 않았으니 카카오톡 알림도, 1분 제한도 걱정 없습니다. 이것이 토큰 캐시의
# 생각입니다. 이제 이 방식의 문제를 하나씩 일으켜 봅시다.

# %% [markdown]
# ## 2. 문제 다섯 가지
#
# ### 문제 1. `pickle.load`는 코드를 실행한다
#
# pickle은 "파이썬 객체를 되살리는 방법"을 파일에 적는 형식입니다. 그 방법에는 **아무 함수나 불러라**는 지시도
# 들어갈 수 있고, `pickle.load`는 그 지시를 그대로 따릅니다. 그래서 남이 보낸 압축 파일, 공유 폴더, 깃허브에서 받은
# 프로젝트에 `token.dat`이 들어 있었다면, 노트북을 여는 순간 그 안의 코드가 돌 수 있습니다. **믿을 수 없는 pickle
# 파일은 절대 열지 않는다**가 파이썬의 규칙입니다. 게다가 mojito2의 확인 코드는 `IOError`(파일 없음)만 잡기 때문에,
# 망가진 파일을 만나면 생성자가 그냥 멈춥니다.
#
# 함정 파일을 직접 만들어 보는 실험은 맨 뒤의 **심화 A**에 있습니다.

# %% [markdown]
# ### 문제 2. 앱시크릿이 파일에 그대로 들어간다
#
# `project/token.dat`을 바이트로 읽어, 앱시크릿 글자가 들어 있는지 봅니다. 시크릿 자체는 출력하지 않고
# `in`으로 있는지만 확인합니다.

# %%
file_bytes = (project / "token.dat").read_bytes()

print("앱키가 들어 있나요?    ", app.appkey.encode() in file_bytes)
print("앱시크릿이 들어 있나요?", app.appsecret.encode() in file_bytes)

# %% [markdown]
# 우리가 방금 만든 파일이니 믿고 열어서, 어떤 항목이 저장됐는지 이름만 봅시다.

# %%
import pickle

print(sorted(pickle.loads(file_bytes)))

# %% [markdown]
# 토큰은 24시간 뒤면 쓸모없어지지만, 앱키와 **앱시크릿은 내가 바꾸기 전까지 영원히** 유효합니다.
# 프로젝트 폴더를 압축해 보내거나, `.gitignore`를 잊고 깃허브에 올리면 `token.dat`과 함께 시크릿도 나갑니다.
# 게다가 시크릿을 저장한 이유는 "같은 키인지 비교"하려는 것뿐인데, 비교에 시크릿 원문이 꼭 필요하지는 않습니다
# (3절에서 봅니다).

# %% [markdown]
# ### 문제 3. 파일이 현재 폴더를 따라다닌다
#
# `open("token.dat")`은 **현재 폴더**의 파일을 엽니다. 주피터는 노트북이 있는 폴더를 현재 폴더로 삼기 때문에,
# 다른 폴더의 노트북을 열면 `token.dat`을 못 찾고 **또 발급**합니다.
#
# `other` 폴더에서 `NaiveBroker`를 만들어 봅니다. 샌드박스 시계로는 첫 발급 뒤 아직 1분이 지나지 않았습니다.

# %%
other = workspace / "other"
other.mkdir()

with inside(other):
    try:
        NaiveBroker(app.appkey, app.appsecret, base_url)
    except KeyError as error:
        print("KeyError:", error)

# %% [markdown]
# `KeyError: 'access_token'` — mojito2를 쓰다 보면 만나게 되는 바로 그 오류입니다. 서버는 1분 안의 두 번째 발급을
# HTTP 403 + `EGW00133`으로 거절했고(02 노트북에서 봤습니다), 응답에 `access_token`이 없으니 꺼내다 실패한
# 것입니다.
#
# 1분 넘게 기다렸다가(시계를 2분 돌려서) 다시 해 봅니다.

# %%
import pandas as pd

clock.advance(minutes=2)
with inside(other):
    print(NaiveBroker(app.appkey, app.appsecret, base_url).took)

print("token.dat이 있는 폴더:", [folder.name for folder in (project, other) if (folder / "token.dat").exists()])
pd.DataFrame({"새로 발급": sandbox.stats["tokens_issued"], "같은 토큰 다시 줌": sandbox.stats["tokens_reused"]})

# %% [markdown]
# 이번에는 됐지만, 폴더 두 개에 파일 두 개가 생겼고 서버에는 발급 요청이 세 번(한 번은 거절) 갔습니다.
# 6시간 안이라 서버가 같은 토큰을 다시 줬을 뿐입니다. 노트북 폴더가 열 개면 파일도 열 개, 요청도 열 번입니다.

# %% [markdown]
# ### 문제 4. `expires_in`에는 기준 시각이 없다
#
# `expires_in`은 "**지금부터** N초"라는 뜻인데, 그 "지금"이 응답에 적혀 있지 않습니다. mojito2는 파일에 쓰는
# 순간의 내 컴퓨터 시각에 `expires_in`을 더합니다. 그러니 응답을 받은 때와 파일에 쓰는 때가 다르거나,
# 그 사이 시계가 바뀌면 만료 시각이 틀어집니다. 반면 `access_token_token_expired`는 서버가 적어 준
# **절대 시각**이라 언제 읽어도 같습니다.
#
# 응답을 하나 받아 두고, ① 바로 계산했을 때와 ② 3시간 뒤에 계산했을 때를 비교해 봅니다.
# (예: 응답을 변수에 들고 있다가 나중에 저장, 절전에서 깨어난 컴퓨터, 다른 노트북에 복사해 둔 응답)

# %%
from datetime import datetime, timedelta, timezone

import pandas as pd

KST = timezone(timedelta(hours=9), "KST")

resp_data = request_token(base_url, app.appkey, app.appsecret)
true_expiry = datetime.strptime(resp_data["access_token_token_expired"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=KST)


def expiry_from_expires_in():
    """mojito2 방식: 지금 + expires_in"""
    return now().replace(microsecond=0) + timedelta(seconds=resp_data["expires_in"])


rows = [{"계산한 때": "응답을 받자마자", "지금 + expires_in": expiry_from_expires_in()}]
clock.advance(hours=3)
rows.append({"계산한 때": "3시간 뒤", "지금 + expires_in": expiry_from_expires_in()})

table = pd.DataFrame(rows)
table["access_token_token_expired"] = true_expiry
hours_late = (table["지금 + expires_in"] - table["access_token_token_expired"]).dt.total_seconds() / 3600
table["어긋난 시간"] = [f"{hours:+.0f}시간" for hours in hours_late]
table

# %% [markdown]
# 3시간 뒤에 계산하면 만료 시각이 3시간 뒤로 밀립니다. 그 3시간 동안 캐시는 **이미 끝난 토큰을 아직 쓸 수
# 있다**고 믿습니다. 직접 확인해 봅시다. 지금(3시간 뒤) 이 응답을 mojito2 방식으로 `late` 폴더에 저장하고,
# 시계를 진짜 만료 시각 너머(처음 발급에서 약 25시간 뒤)로 돌립니다.

# %%
late = workspace / "late"
late.mkdir()
with inside(late):
    save_token_file(resp_data, app.appkey, app.appsecret)

clock.advance(hours=22)
print("지금이 진짜 만료 시각을 지났나요?", now() > true_expiry)
with inside(late):
    print("token.dat(3시간 늦게 저장)의 check_access_token():", check_access_token(app.appkey, app.appsecret))
with inside(project):
    print("token.dat(바로 저장)의 check_access_token():     ", check_access_token(app.appkey, app.appsecret))

# %% [markdown]
# 늦게 저장된 파일은 "써도 된다(True)"고 답합니다. 정말 써 보면 서버가 뭐라고 할까요? 파일의 토큰으로
# 주식현재가 시세를 불러 봅니다.

# %%
import requests

with inside(late):
    stale_token = load_access_token()

price = requests.get(
    f"{base_url}/uapi/domestic-stock/v1/quotations/inquire-price",
    headers={"content-type": "application/json; charset=utf-8", "authorization": stale_token,
             "appkey": app.appkey, "appsecret": app.appsecret, "tr_id": "FHKST01010100", "custtype": "P"},
    params={"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"},
    timeout=10,
)
print("HTTP 상태:", price.status_code)
print("본문:", price.text)

# %% [markdown]
# `EGW00123 기간이 만료된 token 입니다.` 캐시는 괜찮다고 했는데 서버는 거절합니다. 만료는 서버가 적어 준
# `access_token_token_expired`로 판단해야 합니다. 명세서(접근토큰발급(P))도 발급 때 함께 오는 이 접근토큰
# 유효기간으로 토큰을 관리하라고 적고 있습니다. mojito도 GitHub 저장소에서는 2023년 5월에 만료 판단을 이 방식으로
# 바꿨지만, PyPI에 올라 있는 mojito2 0.1.6은 아직 `expires_in`으로 판단합니다.

# %%
from datetime import datetime

with open(late / "token.dat", "rb") as f:  # 우리가 만든 파일이니 열어 봅니다
    saved = pickle.load(f)
saved_expiry = datetime.strptime(saved["access_token_token_expired"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=KST)
print("access_token_token_expired로 판단하면 아직 쓸 수 있나요?", now() < saved_expiry)

# %% [markdown]
# ### 문제 5. 두 커널이 동시에 시작하면
#
# 주피터에서 노트북 두 개를 연달아 열거나, 스크립트 두 개를 함께 돌리면 두 파이썬 프로세스가 거의 동시에
# 생성자를 실행합니다. 둘 다 "`token.dat`이 없네" 하고 확인한 다음, 둘 다 발급을 요청합니다. 먼저 온 쪽만
# 토큰을 받고, 나머지는 1분 제한(`EGW00133`)에 걸려 `KeyError`로 멈춥니다. 주피터에서라면 "두 번째 노트북만
# 이상하게 안 되는" 일로 나타납니다.
#
# 두 프로세스를 실제로 경주시키는 실험은 맨 뒤의 **심화 B**에 있습니다.

# %% [markdown]
# ## 3. `kislearn.TokenCache`로 하나씩 바꾸기
#
# kislearn의 `KoreaInvestment` 생성자도 "확인 → 읽기 → 발급" 흐름은 mojito2와 똑같습니다. 다만 토큰을
# `kislearn.TokenCache`에 둡니다. 다섯 문제를 이렇게 막습니다.
#
# | 문제 | `TokenCache`의 방법 |
# |---|---|
# | 1. pickle이 코드를 실행 | **JSON**으로 저장합니다. JSON은 글자와 숫자일 뿐, 읽어도 아무것도 실행되지 않습니다. |
# | 2. 시크릿이 파일에 | 시크릿 대신 **지문(fingerprint)**, 즉 HMAC 값만 적습니다. |
# | 3. 현재 폴더를 따라감 | 사용자마다 하나인 **캐시 폴더**에 둡니다. 어느 폴더의 노트북이든 같은 파일을 봅니다. |
# | 4. `expires_in`의 기준 시각 | 서버가 적어 준 **`access_token_token_expired`로** 판단하고, 1분의 안전 여유를 둡니다. |
# | 5. 동시 시작 | **파일 잠금(file lock)을** 잡은 한 프로세스만 확인·발급하고, 나머지는 기다렸다가 그 토큰을 읽습니다. |
#
# 덤으로, 파일은 **한 번에(atomic) 바꿔 쓰고**, **소유자만 읽을 수 있게** 만듭니다.
#
# 새 샌드박스에 `KoreaInvestment`를 붙여 봅니다. 캐시 폴더는 임시 폴더 안으로 지정합니다
# (`token_cache=`를 주지 않으면 사용자 캐시 폴더를 씁니다).
#
# 시계는 이번에도 위의 `clock`입니다. 샌드박스에도, 클라이언트의 토큰 캐시(`TokenCache`)에도 같은 시계를 줍니다.
# 토큰 캐시는 보통 이 컴퓨터의 시계를 UTC로 읽는데, 여기서는 `clock`을 UTC로 읽습니다. 그래서 아래 표의 시각은
# 언제 실행해도 같습니다.

# %%
from datetime import timezone

from kislearn import KoreaInvestment, TokenCache

safe_sandbox = Sandbox(rules=SandboxRules(clock=clock)).start()
safe_url = safe_sandbox.url_for("paper")
cache_folder = workspace / "token-cache"
token_cache = TokenCache(cache_folder, clock=lambda: clock().astimezone(timezone.utc))

broker = KoreaInvestment(app.appkey, app.appsecret, "50010002-01", mock=True, base_url=safe_url,
                         token_cache=token_cache)
broker

# %% [markdown]
# 클라이언트를 출력해도 키·계좌번호·토큰은 가려져 나옵니다.
#
# ### 3-1. JSON, 그리고 시크릿 대신 지문
#
# 캐시 파일을 열어 어떤 키(key)가 들어 있는지 봅시다. 값은 가려서 보여 줍니다.

# %%
import json
from datetime import datetime, timedelta, timezone

import pandas as pd

from kislearn.masking import mask_token

KST = timezone(timedelta(hours=9), "KST")
cache_file = broker.token_cache.path_for(safe_url, app.appkey)
record = json.loads(cache_file.read_text(encoding="utf-8"))



def in_kst(value):
    """파일에 적힌 ISO 시각(UTC일 수도 있음)을 한국 시각으로 바꿔 보여 줍니다."""
    return datetime.fromisoformat(value).astimezone(KST).strftime("%Y-%m-%d %H:%M:%S KST")


HIDE = {"access_token": mask_token, "fingerprint": lambda value: value[:20] + "…",
        "expires_at": in_kst, "issued_at": in_kst}
pd.DataFrame([{"키": key, "값(가림, 시각은 KST)": HIDE.get(key, str)(value)} for key, value in record.items()])

# %% [markdown]
# - `app_key`도 가려진 채로 저장됩니다(사람이 어떤 키의 파일인지 알아보는 용도일 뿐입니다).
# - 파일 이름(`token-….json`)은 서버 주소와 앱키로 만든 해시라서, 이름만 봐서는 키를 알 수 없습니다.
# - `access_token_token_expired`를 서버가 준 그대로 적어 둡니다.
# - `expires_at`(만료 시각)과 `issued_at`(이 컴퓨터가 토큰을 받은 시각)은 파일에 시간대와 함께 적혀 있습니다.
#   `issued_at`은 UTC로 저장되므로, 위 표에서는 비교하기 쉽게 두 값을 모두 한국 시각(KST)으로 바꿔 보여 주었습니다.
#
# 시크릿이 정말 없는지, 지문이 무엇인지 확인합니다. 지문은 **앱시크릿을 열쇠로 앱키를 HMAC-SHA256으로 계산한**
# 값입니다. 같은 키·시크릿이면 늘 같은 값이 나오지만, 지문에서 시크릿을 되찾을 수는 없습니다.

# %%
from kislearn.token_cache import fingerprint

file_bytes = cache_file.read_bytes()
print("JSON 글자로 시작하나요?              ", file_bytes[:1] == b"{")
print("앱시크릿이 들어 있나요?              ", app.appsecret.encode() in file_bytes)
print("지문이 이 키·시크릿의 것과 같나요?   ", record["fingerprint"] == fingerprint(app.appkey, app.appsecret))
print("시크릿이 다르면 지문도 다른가요?     ", record["fingerprint"] != fingerprint(app.appkey, "wrong-secret"))

# %% [markdown]
# ### 3-2. 현재 폴더와 상관없는 캐시 폴더
#
# `token_cache=`를 주지 않으면 kislearn은 운영체제가 정한 **사용자 캐시 폴더** 아래 `kislearn/tokens`를 씁니다.
#
# | 운영체제 | 기본 캐시 폴더 |
# |---|---|
# | 리눅스 | `~/.cache/kislearn/tokens` |
# | macOS | `~/Library/Caches/kislearn/tokens` |
# | 윈도우 | `C:\Users\<사용자>\AppData\Local\kislearn\Cache\tokens` |
#
# 환경 변수 `KISLEARN_CACHE_DIR`로 바꿀 수도 있습니다(이 코스의 테스트가 그렇게 합니다).
#
# 문제 3처럼 `project`와 `other` 폴더를 옮겨 다니며, 기본 캐시 폴더가 달라지는지 보고 클라이언트도 만들어
# 봅니다. 클라이언트는 위에서 정한 토큰 캐시(`token_cache`, 임시 캐시 폴더 `cache_folder`)를 쓰고, 발급이 더
# 일어나는지 셉니다.

# %%
from kislearn import KoreaInvestment
from kislearn.token_cache import default_cache_folder

with inside(project):
    folder_seen_from_project = default_cache_folder()
with inside(other):
    folder_seen_from_other = default_cache_folder()
print("현재 폴더를 바꿔도 기본 캐시 폴더는 같나요?", folder_seen_from_project == folder_seen_from_other)
print("기본 캐시 폴더의 이름:", folder_seen_from_project.name)
print()

issued_before = safe_sandbox.stats["tokens_issued"]["paper"]
for folder in (project, other):
    with inside(folder):
        client = KoreaInvestment(app.appkey, app.appsecret, "50010002-01", mock=True, base_url=safe_url,
                                 token_cache=token_cache)
        same_file = client.token_cache.path_for(safe_url, app.appkey) == cache_file
        print(f"{folder.name:>7} 폴더에서: 같은 캐시 파일을 쓰나요? {same_file}, 같은 토큰인가요? {client.access_token == broker.access_token}")

print("그동안 새로 발급된 토큰 수:", safe_sandbox.stats["tokens_issued"]["paper"] - issued_before)

# %% [markdown]
# 폴더를 옮겨도 같은 파일, 같은 토큰, 추가 발급 0번입니다. 그 폴더들의 `token.dat`은 쳐다보지도 않습니다.

# %% [markdown]
# ### 3-3. 한 번에 바꿔 쓰기(atomic write)
#
# `open("token.dat", "wb")`로 쓰는 도중에 커널이 죽거나 전원이 나가면 **쓰다 만 파일**이 남습니다. 반쪽짜리
# `token.dat`을 만들어 mojito2 흐름에 넣어 봅시다.

# %%
half = workspace / "half"
half.mkdir()
whole = (project / "token.dat").read_bytes()
(half / "token.dat").write_bytes(whole[: len(whole) // 2])  # 절반만 쓰고 멈춘 파일

with inside(half):
    try:
        NaiveBroker(app.appkey, app.appsecret, base_url)
    except Exception as error:
        print("생성자가 멈췄습니다:", type(error).__name__, "-", error)

# %% [markdown]
# `TokenCache`는 새 내용을 같은 폴더의 **임시 파일**에 끝까지 쓰고 디스크에 내려보낸(`fsync`) 다음,
# `os.replace`로 원래 파일 자리에 **한 번에** 바꿔 끼웁니다. 이름 바꾸기는 운영체제가 한 번에 처리하므로,
# 다른 프로세스는 옛 파일이나 새 파일 중 하나만 보게 되고 반쪽 파일은 볼 일이 없습니다.
# 캐시 폴더에는 토큰 파일과 잠금 파일만 있고, 쓰다 남은 임시 파일은 없습니다.

# %%
import pandas as pd

names = [path.name for path in cache_folder.iterdir()]
pd.DataFrame([{
    "토큰 파일 (.json)": sum(name.endswith(".json") for name in names),
    "잠금 파일 (.lock)": sum(name.endswith(".lock") for name in names),
    "쓰다 남은 임시 파일 (.tmp)": sum(name.endswith(".tmp") for name in names),
}])

# %% [markdown]
# ### 3-4. 소유자만 읽을 수 있게
#
# 임시 파일은 `tempfile.mkstemp`로 만드는데, 이 함수는 파일을 **만든 사용자만 읽고 쓸 수 있게**(권한 `0600`)
# 만듭니다. 같은 컴퓨터의 다른 사용자는 토큰을 읽을 수 없습니다. (윈도우에는 이런 권한 비트가 없어서,
# 사용자 폴더(`AppData`)의 접근 권한이 그 역할을 합니다.)

# %%
import os
import stat

mode = cache_file.stat().st_mode
if os.name == "nt":
    others_can_read = False  # 윈도우: 권한 비트 대신 사용자 폴더의 접근 제어 목록(ACL)이 지킵니다
else:
    others_can_read = bool(mode & (stat.S_IRGRP | stat.S_IROTH))
print("다른 사용자가 읽을 수 있나요?", others_can_read)

# %% [markdown]
# ### 3-5. 파일 잠금으로 동시 시작 막기
#
# `KoreaInvestment` 생성자는 "확인 → 읽기/발급"을 `token_cache.lock(...)` 안에서 합니다. 잠금(lock)은
# 캐시 파일 옆의 `.lock` 파일로, 한 번에 한 프로세스만 잡을 수 있습니다. 먼저 잡은 프로세스가 발급해 캐시에
# 쓰고 잠금을 풀면, 기다리던 프로세스는 잠금을 잡고 확인할 때 그 토큰을 발견해 읽기만 합니다. 그래서 프로세스가
# 여러 개여도 발급은 한 번입니다(심화 B에서 직접 경주시켜 봅니다. kislearn의 테스트 `tests/test_token_sharing.py`는
# 프로세스 여덟 개로 확인합니다).

# %% [markdown]
# ### 3-6. 만료는 `access_token_token_expired`로
#
# 마지막으로 만료를 직접 지켜봅니다. 토큰 수명이 **3초**인 샌드박스를 띄웁니다(빨리 보려고 1분 제한은 끕니다).
# 캐시는 서버가 준 만료 일시에서 안전 여유(보통 1분, 아주 짧은 토큰은 수명의 10분의 1)를 뺀 때까지만 토큰을
# 씁니다.

# %%
from datetime import timedelta

from kislearn import KoreaInvestment

short_sandbox = Sandbox(rules=SandboxRules(token_lifetime=timedelta(seconds=3), token_issue_interval=None)).start()
short_url = short_sandbox.url_for("paper")
short_cache = workspace / "short-cache"

short_broker = KoreaInvestment(app.appkey, app.appsecret, "50010002-01", mock=True, base_url=short_url,
                               token_cache=short_cache)
first_token = short_broker.access_token
print("캐시의 토큰을 쓸 수 있나요?", short_broker.check_access_token())

# %% [markdown]
# 3초 넘게 기다린 다음 다시 확인합니다.

# %%
import time

time.sleep(3.5)
print("3.5초 뒤, 캐시의 토큰을 쓸 수 있나요?", short_broker.check_access_token())

# %% [markdown]
# `False`이니, 생성자라면 새로 발급할 차례입니다. 같은 캐시로 클라이언트를 다시 만들어 봅니다.

# %%
from kislearn import KoreaInvestment

again = KoreaInvestment(app.appkey, app.appsecret, "50010002-01", mock=True, base_url=short_url,
                        token_cache=short_cache)
print("새 토큰을 받았나요?      ", again.access_token != first_token)
print("서버의 누적 발급 수:     ", short_sandbox.stats["tokens_issued"]["paper"])
print("캐시의 토큰을 쓸 수 있나요?", again.check_access_token())

# %% [markdown]
# (이미 만들어 둔 클라이언트가 API를 부르다 `EGW00123`을 받으면, kislearn은 토큰을 한 번 스스로 새로 받아
# 다시 보냅니다. `08_errors`에서 봅니다.)

# %% [markdown]
# ## 4. 정리정돈
#
# 샌드박스를 모두 끄고, 임시 폴더를 통째로 지웁니다. 혹시 현재 폴더가 바뀌어 있지는 않은지도 확인합니다.

# %%
import os
import shutil

for server in (sandbox, safe_sandbox, short_sandbox):
    server.stop()
shutil.rmtree(workspace)

print("임시 폴더가 남아 있나요?", workspace.exists())
print("현재 폴더가 임시 폴더 안인가요?", str(workspace) in os.getcwd())

# %% [markdown]
# ## 정리
#
# - mojito2의 생성자는 `token.dat`을 **확인 → 읽기 → 발급**합니다. 생각은 좋지만 구현에 문제가 다섯 가지 있습니다.
# - ① pickle은 읽는 순간 코드를 실행하고, ② 앱시크릿이 평문으로 저장되며, ③ 파일이 현재 폴더를 따라다녀 폴더마다
#   발급하고, ④ `expires_in`에 기준 시각이 없어 만료 판단이 틀릴 수 있고, ⑤ 동시에 시작한 프로세스는 `EGW00133`으로 실패합니다.
# - `kislearn.TokenCache`는 JSON + 지문(HMAC) + 사용자 캐시 폴더 + `access_token_token_expired` + 파일 잠금으로
#   이를 막고, 한 번에 바꿔 쓰기와 소유자 전용 권한을 더합니다.
# - `KoreaInvestment(...)`는 이 캐시를 기본으로 씁니다. 우리가 할 일은 없습니다.
#
# ## 연습문제
#
# 1. 새 샌드박스와 임시 캐시 폴더로 `KoreaInvestment`를 세 번 만들면, 서버의 발급 수(`tokens_issued`)는 몇 번일까요?
#    코드로 확인해 보세요.
# 2. 시크릿을 저장하지 않고도 "같은 키·시크릿인가"를 알아내는 지문을 파이썬 표준 라이브러리 `hmac`·`hashlib`로
#    직접 만들어, `kislearn.token_cache.fingerprint`와 같은 값인지 확인해 보세요. (힌트: 열쇠는 시크릿, 내용은 앱키,
#    해시는 SHA-256, 앞에 `hmac-sha256:`)
#
# 정답은 아래 숨긴 셀을 펼쳐 보세요.

# %% jupyter={"source_hidden": true}
# 연습문제 1 정답
import tempfile

from kislearn import KoreaInvestment
from kislearn.sandbox import Sandbox, demo_app

app = demo_app("paper")
with Sandbox() as practice, tempfile.TemporaryDirectory() as cache:
    for _ in range(3):
        KoreaInvestment(app.appkey, app.appsecret, "50010002-01", mock=True,
                        base_url=practice.url_for("paper"), token_cache=cache)
    print("발급 수:", practice.stats["tokens_issued"]["paper"])

# %% jupyter={"source_hidden": true}
# 연습문제 2 정답
import hashlib
import hmac

from kislearn.sandbox import demo_app
from kislearn.token_cache import fingerprint

app = demo_app("paper")
mine = "hmac-sha256:" + hmac.new(app.appsecret.encode(), app.appkey.encode(), hashlib.sha256).hexdigest()
print("kislearn의 지문과 같나요?", mine == fingerprint(app.appkey, app.appsecret))

# %% [markdown]
# ## 심화 (선택)
#
# 여기부터는 파이썬을 조금 더 깊이 보고 싶은 분을 위한 실험입니다. 건너뛰어도 됩니다. 위의 정리정돈에서 임시 폴더를
# 지웠으니, 심화용 임시 폴더를 새로 만듭니다. 본문에서 만든 `NaiveBroker`와 `inside`는 그대로 씁니다.

# %%
import tempfile
from pathlib import Path

deep = Path(tempfile.mkdtemp(prefix="kislearn-03-deep-"))  # 심화 실험의 파일은 모두 여기 안에
print("심화용 임시 폴더를 만들었나요?", deep.is_dir())

# %% [markdown]
# ### 심화 A. pickle이 파일을 읽는 순간 코드를 실행하는 모습
#
# 아래 클래스는 `__reduce__`로 "나를 되살리려면 `print(...)`를 불러라"라고 적습니다. 여기서는 해가 없는 `print`이지만,
# 같은 자리에 파일 삭제나 키 훔치기를 넣을 수도 있습니다.
#
# 이런 `token.dat`을 `trap` 폴더에 놓고, 그 폴더에서 `NaiveBroker`를 만들어 봅니다.

# %%
import pickle


class NotAToken:
    def __reduce__(self):
        return (print, ("[pickle.load가 실행한 코드] 이 문장은 token.dat 안에서 나왔습니다!",))


trap = deep / "trap"
trap.mkdir()
(trap / "token.dat").write_bytes(pickle.dumps(NotAToken()))

with inside(trap):
    try:
        NaiveBroker(app.appkey, app.appsecret, base_url)
    except Exception as error:
        print("그다음 생긴 오류:", type(error).__name__, "-", error)

# %% [markdown]
# 첫 줄은 우리가 부른 적 없는 `print`가 **파일을 읽는 순간** 실행된 결과입니다. 그다음 `TypeError`는 덤입니다.
# mojito2의 확인 코드는 `IOError`(파일 없음)만 잡기 때문에, 망가진 파일을 만나면 생성자가 그냥 멈춥니다.

# %% [markdown]
# 같은 함정 파일을 kislearn의 캐시 자리에 넣으면 어떻게 될까요? 별도의 캐시 폴더를 하나 만들어 시험합니다.
# `TokenCache.load`는 JSON으로 읽으려다 실패하면 경고(`TokenCacheWarning`)만 남기고 `None`("쓸 토큰 없음")을
# 돌려줍니다. 파일 안의 `print`는 실행되지 않습니다.

# %%
import pickle
import warnings

from kislearn import TokenCache

tampered = TokenCache(deep / "tampered-cache")
tampered.folder.mkdir()
tampered.path_for(safe_url, app.appkey).write_bytes(pickle.dumps(NotAToken()))  # 문제 1의 함정

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    loaded = tampered.load(safe_url, app.appkey, app.appsecret)

print("읽어 온 토큰:", loaded)
print("남은 경고:", [warning.category.__name__ for warning in caught])

# %% [markdown]
# 함정 문장이 출력되지 않았습니다. 캐시가 이 파일을 믿지 않으니, 생성자는 새 토큰을 받아 이 파일을 덮어씁니다.

# %% [markdown]
# ### 심화 B. 두 프로세스의 경주
#
# 진짜 커널 대신 `subprocess`로 파이썬 프로세스 두 개를 띄웁니다. 각 프로세스가 실행할 코드는 mojito2의 흐름을
# 줄여 적은 것입니다. 실제로는 "확인"과 "발급" 사이 틈이 몇 밀리초라 가끔만 부딪히는데, 여기서는 매번
# 재현되도록 두 프로세스가 **확인을 마친 뒤 같은 출발선(`go` 파일)에서 기다렸다가** 함께 발급을 요청하게 했습니다.

# %%
NAIVE_KERNEL = r'''
import os, pickle, sys, time
from pathlib import Path
import requests

base_url, me = sys.argv[1], sys.argv[2]
api_key, api_secret = os.environ["DEMO_APPKEY"], os.environ["DEMO_APPSECRET"]

has_token = Path("token.dat").exists()        # check_access_token

Path(f"ready-{me}").touch()                   # 확인 끝! 출발선에서 기다립니다
while not Path("go").exists():
    time.sleep(0.01)

if has_token:
    print("token.dat을 읽었습니다")
else:                                          # issue_access_token
    body = {"grant_type": "client_credentials", "appkey": api_key, "appsecret": api_secret}
    resp = requests.post(f"{base_url}/oauth2/tokenP", json=body, timeout=10)
    resp_data = resp.json()
    if "access_token" in resp_data:
        with open("token.dat", "wb") as f:
            pickle.dump(resp_data, f)
        print("새 토큰을 받아 token.dat에 썼습니다")
    else:
        print(f"KeyError: 'access_token' (HTTP {resp.status_code}, {resp_data['error_code']})")
'''

# %% [markdown]
# 프로세스를 띄우고 함께 출발시키는 도우미입니다. 두 프로세스 모두 같은 폴더(`cwd`)에서 시작하고, 데모 키는
# 명령줄이 아니라 환경 변수로 넘깁니다(명령줄은 다른 프로그램이 볼 수 있습니다).

# %%
import os
import subprocess
import sys
import time


def start_together(script, folder, base_url, *extra_args, count=2):
    """script를 실행하는 파이썬 프로세스 count개를 folder에서 띄우고, 모두 준비되면 함께 출발시킵니다.
    각 프로세스에는 base_url, 자기 번호, extra_args를 명령줄 인수로 줍니다. 각자 출력한 마지막 줄을 돌려줍니다."""
    env = {**os.environ, "DEMO_APPKEY": app.appkey, "DEMO_APPSECRET": app.appsecret, "PYTHONIOENCODING": "utf-8"}
    kernels = [
        subprocess.Popen([sys.executable, "-c", script, base_url, str(number), *extra_args], cwd=folder, env=env,
                         encoding="utf-8", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for number in range(count)
    ]
    deadline = time.monotonic() + 60
    while len(list(Path(folder).glob("ready-*"))) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    (Path(folder) / "go").touch()  # 출발!
    lines = []
    for kernel in kernels:
        out, err = kernel.communicate(timeout=60)
        lines.append((out.strip() or err.strip()).splitlines()[-1])
    return lines


# %% [markdown]
# 1분 제한을 지키는 새 샌드박스(진짜 시계)를 하나 띄우고, 빈 폴더에서 두 프로세스를 함께 출발시킵니다.
# 어느 쪽이 먼저 도착할지는 그때그때 다르므로, 결과는 정렬해서 보여 줍니다.

# %%
import pandas as pd

race_sandbox = Sandbox().start()  # 진짜 시계, 1분에 한 번 발급
race_folder = deep / "race-naive"
race_folder.mkdir()

results = start_together(NAIVE_KERNEL, race_folder, race_sandbox.url_for("paper"))

print("서버가 새로 발급한 토큰 수:", race_sandbox.stats["tokens_issued"]["paper"])
pd.DataFrame({"프로세스가 한 일": sorted(results)})

# %% [markdown]
# 한쪽은 토큰을 받았고, 다른 쪽은 `EGW00133`으로 거절당해 `KeyError`로 멈췄습니다. 주피터에서라면 "두 번째
# 노트북만 이상하게 안 되는" 일로 나타납니다.

# %%
race_sandbox.stop()

# %% [markdown]
# 문제 5의 경주를 `KoreaInvestment`로 다시 해 봅니다. 이번에는 생성자 전체가 잠금 안에 있으니 출발선을
# 생성자 바로 앞에 둡니다. 각 프로세스는 토큰 대신 토큰의 해시 앞부분만 출력합니다.

# %%
SAFE_KERNEL = r'''
import hashlib, os, sys, time
from pathlib import Path
from kislearn import KoreaInvestment

base_url, me, cache_folder = sys.argv[1], sys.argv[2], sys.argv[3]
Path(f"ready-{me}").touch()                    # 출발선에서 기다립니다
while not Path("go").exists():
    time.sleep(0.01)

broker = KoreaInvestment(os.environ["DEMO_APPKEY"], os.environ["DEMO_APPSECRET"], "50010002-01",
                         mock=True, base_url=base_url, token_cache=cache_folder)
print(hashlib.sha256(broker.access_token.encode()).hexdigest()[:12])   # 토큰 대신 그 해시 조금
'''

# %%
race_sandbox = Sandbox().start()  # 새 샌드박스: 진짜 시계, 1분에 한 번 발급
race_folder = deep / "race-kislearn"
race_folder.mkdir()

results = start_together(SAFE_KERNEL, race_folder, race_sandbox.url_for("paper"), str(deep / "race-cache"))

print("두 프로세스가 모두 토큰을 얻었나요?", len(results) == 2 and all(len(line) == 12 for line in results))
print("두 프로세스가 같은 토큰을 쓰나요?  ", len(set(results)) == 1)
print("서버가 새로 발급한 토큰 수:         ", race_sandbox.stats["tokens_issued"]["paper"])
race_sandbox.stop()

# %% [markdown]
# 발급은 한 번, 두 프로세스 모두 같은 토큰입니다. 프로세스가 여덟 개여도 마찬가지입니다(kislearn의 테스트
# `tests/test_token_sharing.py`가 여덟 개로 확인합니다).

# %% [markdown]
# 심화 실험이 끝났습니다. 심화용 임시 폴더도 지웁니다.

# %%
import shutil

shutil.rmtree(deep)
print("심화용 임시 폴더가 남아 있나요?", deep.exists())
