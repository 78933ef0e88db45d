# %% [markdown]
# # 01. 생성자 설계하기 — `KoreaInvestment(api_key, api_secret, acc_no, ...)`
#
# **학습 목표**
#
# - mojito2의 `KoreaInvestment` 생성자가 받는 값과 하는 일을 한 줄씩 설명할 수 있다.
# - 속성을 `None`으로 먼저 만들어 두는 이유를 안다.
# - 계좌번호 `12345678-01`을 나누는 방법과, 모의투자·실전에 따라 서버 주소를 고르는 방법을 안다.
# - 잘못된 입력이 어떤 오류로 이어지는지 보고, 입력을 먼저 검사(validation)해서 고친다.
# - 같은 모양의 `kislearn.KoreaInvestment`를 만나 본다.
#
# 예상 시간: 30분

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
# ## 1. mojito2의 생성자는 무엇을 받나요?
#
# mojito2 예제는 보통 이렇게 시작합니다.
#
# ```python
# import mojito
# broker = mojito.KoreaInvestment(api_key=key, api_secret=secret, acc_no="12345678-01", mock=True)
# ```
#
# 생성자(constructor)는 객체가 만들어질 때 한 번 실행되는 `__init__` 메서드입니다. mojito2의 생성자는 다섯 개의
# 값을 받습니다.
#
# | 매개변수 | 뜻 | 기본값 |
# |---|---|---|
# | `api_key` | KIS 개발자센터에서 받은 앱키 (36자) | 없음 (꼭 넣어야 함) |
# | `api_secret` | 앱시크릿 (180자) | 없음 |
# | `acc_no` | 계좌번호, `앞 8자리-뒤 2자리` | 없음 |
# | `exchange` | 시장. `"서울"`이면 국내 주식, `"나스닥"` 등은 해외 | `"서울"` |
# | `mock` | `True`면 모의투자 서버, `False`면 실전 서버 | `False` (실전!) |
#
# `mock`의 기본값이 `False`라는 점에 주의하세요. 아무것도 적지 않으면 **실전** 서버로 갑니다.
#
# 그리고 생성자 안에서 접근토큰까지 준비합니다. 이 노트북에서는 생성자를 직접 조금씩 만들어 보면서
# 각 줄이 왜 있는지 살펴봅니다. (토큰 부분은 `02`, `03` 노트북에서 자세히 다룹니다.)

# %% [markdown]
# ## 2. 첫 번째 버전: 받은 값을 저장하기
#
# 가장 단순한 생성자는 받은 값을 `self`에 저장만 합니다. 아래 코드의 키는 연습용 가짜 값입니다.

# %%
class MyKoreaInvestment:
    def __init__(self, api_key, api_secret, acc_no, exchange="서울", mock=False):
        self.api_key = api_key
        self.api_secret = api_secret
        self.acc_no = acc_no
        self.exchange = exchange
        self.mock = mock


broker = MyKoreaInvestment("연습용-앱키", "연습용-시크릿", "12345678-01", mock=True)
print(broker.acc_no, broker.mock)

# %% [markdown]
# ## 3. 왜 `self.access_token = None`부터 쓰나요?
#
# mojito2의 생성자에는 `self.access_token = None`이라는 줄이 있습니다. 토큰은 생성자의 마지막 단계에서야
# 받아 오는데, 그 전에 이름을 먼저 만들어 두는 것입니다. 이렇게 하면 좋은 점이 세 가지입니다.
#
# 1. 이 클래스에 어떤 속성이 있는지 `__init__`만 보면 한눈에 보입니다.
# 2. 토큰을 받기 전에 `broker.access_token`을 읽어도 `AttributeError`가 나지 않고 `None`이 나옵니다.
# 3. "아직 없음"을 `if self.access_token is None:`으로 분명하게 검사할 수 있습니다.
#
# 속성을 미리 만들지 않은 경우와 비교해 봅시다.

# %%
class WithoutNone:
    def __init__(self):
        pass  # access_token을 만들지 않음


class WithNone:
    def __init__(self):
        self.access_token = None  # "아직 없음"을 뜻하는 자리를 먼저 만든다


try:
    WithoutNone().access_token
except AttributeError as error:
    print("미리 만들지 않으면:", type(error).__name__, "-", error)

print("None으로 만들어 두면:", WithNone().access_token)

# %% [markdown]
# ## 4. 계좌번호 나누기: `12345678-01` → `12345678` + `01`
#
# KIS의 계좌번호는 두 부분입니다. 잔고 조회 같은 API에는 두 부분을 따로 보냅니다.
#
# | 부분 | KIS의 이름 | 공식 한글명 | 예 |
# |---|---|---|---|
# | 앞 8자리 | `CANO` | 종합계좌번호 | `12345678` |
# | 뒤 2자리 | `ACNT_PRDT_CD` | 계좌상품코드 | `01` (종합·주식) |
#
# 모의투자 계좌도 똑같이 `8자리-2자리` 꼴입니다. 흔히 "모의투자 계좌는 하이픈 뒤가 없다"고 오해하지만,
# 모의투자 계좌에도 상품코드(보통 `01`)가 있습니다. mojito2는 하이픈을 기준으로 자릅니다.

# %%
acc_no = "12345678-01"
acc_no_prefix = acc_no.split("-")[0]
acc_no_postfix = acc_no.split("-")[1]
print("CANO:", acc_no_prefix, "/ ACNT_PRDT_CD:", acc_no_postfix)

# %% [markdown]
# ## 5. 서버 주소 고르기: 모의투자와 실전
#
# 모의투자와 실전은 주소도 포트도 다른 서버입니다. mojito2는 `set_base_url(mock)`에서 고릅니다.
# 주소는 공식 명세서에 적힌 값이며, `kislearn.spec`에도 모아 두었습니다.

# %%
from kislearn import spec


def choose_base_url(mock):
    if mock:
        return spec.PAPER_URL  # 모의투자
    return spec.REAL_URL  # 실전


print("mock=True  →", choose_base_url(True))
print("mock=False →", choose_base_url(False))

# %% [markdown]
# 이 코스의 샌드박스는 같은 규칙을 흉내 내는 세 번째 서버입니다. 주소만 바꾸면 되도록, 뒤에서 만날
# `kislearn.KoreaInvestment`는 `base_url=`이라는 추가 매개변수를 받습니다.
#
# ## 6. 지금까지를 합치면
#
# 값 저장, `None` 자리, 계좌번호 나누기, 서버 주소 고르기를 합친 두 번째 버전입니다.

# %%
from kislearn import spec


class MyKoreaInvestment:
    def __init__(self, api_key, api_secret, acc_no, exchange="서울", mock=False):
        self.mock = mock
        self.base_url = spec.PAPER_URL if mock else spec.REAL_URL
        self.api_key = api_key
        self.api_secret = api_secret

        self.acc_no = acc_no
        self.acc_no_prefix = acc_no.split("-")[0]
        self.acc_no_postfix = acc_no.split("-")[1]

        self.exchange = exchange
        self.access_token = None  # 다음 노트북에서 채웁니다


broker = MyKoreaInvestment("연습용-앱키", "연습용-시크릿", "12345678-01", mock=True)
vars(broker) | {"api_secret": "(가림)"}

# %% [markdown]
# ## 7. 잘못된 입력을 넣으면?
#
# 실제 학습자들이 자주 넣는 값들로 두 번째 버전을 만들어 봅시다. 표의 `결과` 칸은 생성자가 어떻게 되었는지입니다.

# %%
import pandas as pd

inputs = ["12345678-01", "1234567801", "12345678-0", "1234-5678-01", " 12345678-01", "12345678"]
rows = []
for text in inputs:
    try:
        made = MyKoreaInvestment("키", "시크릿", text, mock=True)
        result = f"만들어짐: CANO={made.acc_no_prefix!r}, ACNT_PRDT_CD={made.acc_no_postfix!r}"
    except Exception as error:
        result = f"{type(error).__name__}: {error}"
    rows.append((repr(text), result))

pd.DataFrame(rows, columns=["입력", "결과"])

# %% [markdown]
# 두 가지 문제가 보입니다.
#
# 1. 하이픈이 없으면 `IndexError: list index out of range`가 납니다. 계좌번호에 대해 아무것도 알려 주지 않는 메시지라서
#    초보자는 어디가 틀렸는지 찾기 어렵습니다.
# 2. 더 나쁜 경우는 `"12345678-0"`이나 `" 12345678-01"`처럼 **조용히 만들어지는** 경우입니다. 틀린 값은 한참 뒤
#    첫 조회에서야 서버가 `OPSQ2000`(계좌번호 오류)으로 알려 줍니다. 사용자들이 남긴 응답 기록을 보면, 그것도
#    HTTP 200(성공) 응답의 본문에 담아서 옵니다. 그 모습은 `08_errors`의 1-2절에서 직접 확인합니다.

# %% [markdown]
# ## 8. 고치기: 생성자에서 먼저 검사하기
#
# 계좌번호의 꼴은 정해져 있습니다. **숫자 8자리, 하이픈, 숫자 2자리.** 정규표현식(regular expression) 한 줄로
# 검사하고, 틀리면 무엇이 틀렸는지와 올바른 꼴을 함께 알려 주는 오류를 냅니다. 오류 종류는 "값이 틀렸다"는 뜻의
# `ValueError`가 알맞습니다.
#
# 숫자는 `\d`가 아니라 `[0-9]`로 적고, `match`가 아니라 `fullmatch`로 검사합니다. `\d`는 전각 숫자 `１２３`도
# 숫자로 보고, `match`는 앞부분만 맞아도 통과시키기 때문입니다(`$`를 붙여도 끝의 줄바꿈 `\n`은 지나갑니다).

# %%
import re

ACCOUNT_FORM = re.compile(r"([0-9]{8})-([0-9]{2})")


def split_account(acc_no):
    match = ACCOUNT_FORM.fullmatch(acc_no)
    if match is None:
        raise ValueError(f"계좌번호 {acc_no!r}의 형식이 틀렸습니다. '12345678-01'처럼 숫자 8자리-숫자 2자리로 적으세요.")
    return match.group(1), match.group(2)


for text in ["12345678-01", "1234567801", " 12345678-01", "12345678-01\n", "１２３４５６７８-01"]:
    try:
        print("통과:", split_account(text))
    except ValueError as error:
        print("거절:", error)

# %% [markdown]
# `kislearn`에는 같은 일을 하는 `AccountNumber`가 있습니다. 한 걸음 더 나아가 **무엇이** 틀렸는지(하이픈이 없음,
# 자릿수, 공백, 글자)를 구체적으로 알려 주고, 오류 메시지에 계좌번호 전체를 다시 찍지 않습니다(화면에 남지 않도록).

# %%
import pandas as pd

from kislearn import AccountNumber, AccountNumberError
from kislearn.frames import show_table

rows = []
for text in ["12345678-01", "1234567801", "12345678-0", "1234-5678-01", " 12345678-01", "1234abcd-01"]:
    try:
        account = AccountNumber.parse(text)
        rows.append((repr(text), "통과", f"CANO={account.cano}, ACNT_PRDT_CD={account.product_code} ({account.product_name})"))
    except AccountNumberError as error:
        rows.append((repr(text), "거절", str(error)))

show_table(pd.DataFrame(rows, columns=["입력", "결과", "내용"]))

# %% [markdown]
# ## 9. `kislearn.KoreaInvestment` 만나기
#
# `kislearn.KoreaInvestment`는 mojito2와 **같은 생성자**를 가집니다. 그래서 mojito2 예제를 거의 그대로 쓸 수 있습니다.
# 다른 점은 키워드로만 넣는 추가 매개변수들입니다.
#
# | 추가 매개변수 | 하는 일 |
# |---|---|
# | `base_url=` | 다른 서버 주소 (예: 샌드박스) |
# | `token_cache=` | 토큰 캐시 폴더 (기본: 사용자별 캐시 폴더) |
# | `session=` | 재사용할 `requests.Session` |
# | `calls_per_second=` | 초당 호출 수 제한 (기본: 모의투자 2, 실전 20) |
# | `timeout=` | 응답을 기다리는 최대 시간(초) |
#
# 잘못된 계좌번호는 서버에 가기 **전에** 걸러집니다. 아래 셀은 아무도 없는 주소를 `base_url`로 주었는데도 연결 오류가
# 아니라 계좌번호 오류가 납니다. 네트워크를 쓰기 전에 검사한다는 뜻입니다.

# %%
from kislearn import AccountNumberError, KoreaInvestment

try:
    KoreaInvestment("연습용-앱키", "연습용-시크릿", "1234567801", mock=True, base_url="http://127.0.0.1:9")
except AccountNumberError as error:
    print(type(error).__name__, "-", error)

# %% [markdown]
# 이제 샌드박스에 제대로 연결해 봅시다. 아래 셀은 이 노트북만 쓰는 샌드박스를 띄우고, 샌드박스의 데모 앱키로
# 연결합니다. `SandboxRules.relaxed()`는 "1분에 토큰 한 번", "1초에 2회" 같은 제한을 끈 규칙입니다. 이 노트북의 주제는
# 생성자라서 제한은 잠시 꺼 둡니다(제한은 `02`, `08` 노트북에서 봅니다). 토큰은 임시 폴더에 캐시합니다.

# %%
import tempfile

from kislearn import KoreaInvestment
from kislearn.sandbox import Sandbox, SandboxRules, demo_app

sandbox = Sandbox(rules=SandboxRules.relaxed()).start()
app = demo_app("paper")
broker = KoreaInvestment(app.appkey, app.appsecret, "50010002-01", mock=True,
                         base_url=sandbox.url_for("paper"), token_cache=tempfile.mkdtemp())
broker

# %% [markdown]
# mojito2와 같은 이름의 속성들이 그대로 있습니다. 토큰은 생성자가 이미 받아 두었습니다(가려서 보여 줍니다).

# %%
import pandas as pd

from kislearn.masking import mask_token

pd.DataFrame([
    ("acc_no", broker.acc_no),
    ("acc_no_prefix", broker.acc_no_prefix),
    ("acc_no_postfix", broker.acc_no_postfix),
    ("exchange", broker.exchange),
    ("mock", broker.mock),
    ("access_token", mask_token(broker.access_token)),
], columns=["속성", "값"])

# %% [markdown]
# 생성자의 마지막 부분은 mojito2와 같은 흐름입니다. **캐시 확인(check) → 있으면 불러오기(load) → 없으면 발급(issue).**
#
# ```python
# self.access_token = None
# with self.token_cache.lock(self.base_url, self.api_key):   # 여러 커널이 동시에 와도 차례로
#     if self.check_access_token():
#         self.load_access_token()
#     else:
#         self.issue_access_token()
# ```
#
# 이 세 메서드는 `02_access_token`과 `03_token_cache`에서 하나씩 뜯어봅니다. 마지막으로 샌드박스를 멈춥니다.

# %%
sandbox.stop()

# %% [markdown]
# ## 정리
#
# - 생성자는 값을 저장하고, `None` 자리를 만들고, 계좌번호를 나누고, 서버 주소를 고르고, 토큰을 준비합니다.
# - `mock`의 기본값은 `False`(실전)입니다. 모의투자라면 꼭 `mock=True`를 적으세요.
# - 계좌번호는 `숫자 8자리-숫자 2자리`입니다. 생성자에서 먼저 검사하면 알 수 없는 `IndexError`나 한참 뒤의
#   `OPSQ2000` 대신, 바로 그 자리에서 무엇을 고쳐야 하는지 알 수 있습니다.
#
# ## 연습문제
#
# 1. `MyKoreaInvestment`에 `split_account`를 써서, 잘못된 계좌번호면 생성자에서 `ValueError`가 나도록 고쳐 보세요.
# 2. `exchange`에 `"서울"`, `"나스닥"` 말고 엉뚱한 값(예: `"부산"`)을 넣으면 `kislearn.KoreaInvestment`는 어떻게 답하나요?
#    (힌트: `base_url="http://127.0.0.1:9"`를 주면 네트워크 없이 확인할 수 있습니다.)
#
# 정답은 아래 숨긴 셀을 펼쳐 보세요.

# %% jupyter={"source_hidden": true}
import re

import kislearn
from kislearn import spec

ACCOUNT_FORM = re.compile(r"([0-9]{8})-([0-9]{2})")


def split_account(acc_no):
    match = ACCOUNT_FORM.fullmatch(acc_no)
    if match is None:
        raise ValueError(f"계좌번호 {acc_no!r}의 형식이 틀렸습니다. '12345678-01'처럼 숫자 8자리-숫자 2자리로 적으세요.")
    return match.group(1), match.group(2)


class CheckedKoreaInvestment:
    def __init__(self, api_key, api_secret, acc_no, exchange="서울", mock=False):
        self.mock = mock
        self.base_url = spec.PAPER_URL if mock else spec.REAL_URL
        self.api_key = api_key
        self.api_secret = api_secret
        self.acc_no = acc_no
        self.acc_no_prefix, self.acc_no_postfix = split_account(acc_no)  # 틀리면 여기서 ValueError
        self.exchange = exchange
        self.access_token = None


try:
    CheckedKoreaInvestment("키", "시크릿", "1234567801")
except ValueError as error:
    print("1번:", error)

try:
    kislearn.KoreaInvestment("키", "시크릿", "12345678-01", exchange="부산", base_url="http://127.0.0.1:9")
except kislearn.InvalidArgumentError as error:
    print("2번:", type(error).__name__, "-", error)
