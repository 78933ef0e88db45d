# %% [markdown]
# # 02. 접근토큰(access token) 받기 — `requests.post` 한 번으로
#
# **학습 목표**
#
# - 라이브러리 없이 `requests`만으로 접근토큰 발급 요청(`POST /oauth2/tokenP`)을 보내 본다.
# - 응답의 네 항목(접근토큰, 접근토큰유형, 접근토큰 유효기간, 접근토큰 유효기간(일시표시))이 각각 무엇인지 안다.
# - 토큰이 점(`.`)으로 나뉜 세 조각(JWT)이고, 가운데 조각은 누구나 읽을 수 있다는 것을 확인한다.
# - `authorization: Bearer …` 헤더를 만들어 시세 조회에 써 본다.
# - 토큰 규칙 세 가지 — **24시간 수명**, **6시간 안에는 같은 토큰**, **1분에 한 번만 발급** — 를 직접 본다.
# - mojito2와 kislearn이 토큰을 파일에 저장해 두는 까닭을 설명할 수 있다.
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
# ## 1. 연습용 서버 켜기
#
# 이번 노트북은 mojito2도 kislearn 클라이언트도 쓰지 않습니다. 서버와 직접 대화하려면 `requests`면 충분합니다.
#
# 다만 진짜 모의투자 서버 대신 **샌드박스(sandbox)에** 보냅니다. 샌드박스는 이 노트북 안에서 도는 작은 HTTP
# 서버로, 모의투자 서버와 같은 주소 경로에, 공식 명세서와 사용자들이 남긴 기록에서 확인한 모양과 오류 코드로
# 답합니다. 공개 자료로 확인되지 않는 부분은 샌드박스가 정했고, 그런 곳은 나올 때마다 알려 드립니다. 여기서 띄우는
# 샌드박스는 이 노트북만 쓰는 개인용이고, 마지막 셀에서 끕니다.
#
# 샌드박스에는 `ManualClock`이라는 시계를 달아 줍니다. 우리가 `clock.advance(...)`를 부를 때만 움직이는
# 시계라서, "6시간 뒤"를 6시간 기다리지 않고 확인할 수 있습니다. 시계는 2026년 11월 20일 오후 3시 30분(한국 시간,
# 코스의 샘플 파일이 보여 주는 시각)에서 시작합니다. 그래서 아래에 나오는 발급·만료 시각은 언제 실행해도 같습니다.

# %%
from datetime import datetime

from kislearn.sandbox import ManualClock, Sandbox, SandboxRules, demo_app

clock = ManualClock(datetime.fromisoformat("2026-11-20T15:30:00+09:00"))
sandbox = Sandbox(rules=SandboxRules(clock=clock)).start()
base_url = sandbox.url_for("paper")

print("이 노트북의 모의투자 서버:", base_url)
print("진짜 모의투자 서버       :", "https://openapivts.koreainvestment.com:29443")

# %% [markdown]
# 주소 끝의 `/paper`가 "모의투자 서버 역할"이라는 뜻입니다. 앞으로 진짜 서버에 보낼 때는 `base_url`만 바꾸면
# 나머지 코드는 그대로 씁니다.

# %% [markdown]
# ## 2. 요청 본문(request body) 만들기
#
# 접근토큰을 받으려면 세 가지를 JSON으로 보냅니다. 공식 명세서(접근토큰발급(P))의 한글명도 함께 적었습니다.
#
# 앱키와 앱시크릿은 비밀번호와 같습니다. 샌드박스용 데모 키라도 화면에는 **가려서(masked)** 보여 주는 습관을
# 들입시다. `kislearn.masking`의 `mask_key`는 앞 4글자와 뒤 2글자만, `mask_secret`은 길이만 보여 줍니다.

# %%
import pandas as pd

from kislearn.masking import mask_key, mask_secret

app = demo_app("paper")  # 샌드박스가 받아 주는 모의투자용 데모 앱키·시크릿
body = {
    "grant_type": "client_credentials",
    "appkey": app.appkey,
    "appsecret": app.appsecret,
}

pd.DataFrame([
    {"항목(Element)": "grant_type", "한글명": "권한부여 Type", "값(가림)": body["grant_type"]},
    {"항목(Element)": "appkey", "한글명": "앱키", "값(가림)": mask_key(body["appkey"])},
    {"항목(Element)": "appsecret", "한글명": "앱시크릿키", "값(가림)": mask_secret(body["appsecret"])},
])

# %% [markdown]
# `grant_type`은 늘 `client_credentials`입니다(OAuth 2.0의 "클라이언트 자격 증명" 방식). 앱키는 36자,
# 앱시크릿은 180자로 진짜 KIS 키와 길이가 같습니다.

# %% [markdown]
# ## 3. 보내고 응답 받기
#
# `requests.post`에 `json=body`를 주면 `requests`가 본문을 JSON 문자열로 바꾸고
# `content-type: application/json` 헤더도 붙여 줍니다. (mojito2는 `data=json.dumps(data)`에 헤더를 직접
# 붙이는데, 결과는 같습니다.) `timeout=10`은 10초 안에 답이 없으면 기다리지 말라는 뜻입니다.

# %%
import requests

answer = requests.post(f"{base_url}/oauth2/tokenP", json=body, timeout=10)
token_answer = answer.json()

print("HTTP 상태:", answer.status_code)
print("받은 항목:", list(token_answer))

# %% [markdown]
# 받은 네 항목을 공식 한글명과 함께 표로 봅시다. 접근토큰은 길고 비밀스러운 값이라 앞 8글자와 길이만
# 보여 줍니다(`mask_token`).

# %%
import pandas as pd

from kislearn.masking import mask_token

OFFICIAL = {  # 항목: (공식 한글명, 설명)
    "access_token": ("접근토큰", "API를 부를 때마다 보여 주는 출입증"),
    "access_token_token_expired": ("접근토큰 유효기간(일시표시)", "만료 일시 (시간대 표시 없음, 6절 참고)"),
    "token_type": ("접근토큰유형", "늘 'Bearer'"),
    "expires_in": ("접근토큰 유효기간", "남은 수명(초). 86400초 = 24시간"),
}

pd.DataFrame([
    {
        "항목(Element)": name,
        "공식 한글명": OFFICIAL[name][0],
        "값": mask_token(value) if name == "access_token" else value,
        "자료형": type(value).__name__,
        "설명": OFFICIAL[name][1],
    }
    for name, value in token_answer.items()
])

# %% [markdown]
# 눈여겨볼 점 두 가지:
#
# - KIS의 다른 API는 숫자도 모두 문자열(`"35"`)로 주지만, 이 응답의 `expires_in`만은 **진짜 숫자**(`int`)입니다.
# - 만료 시각이 두 번 나옵니다. `expires_in`은 "지금부터 몇 초"라는 상대값이고,
#   `access_token_token_expired`는 "몇 월 며칠 몇 시"라는 절대값입니다. 어느 쪽이 믿을 만한지는 다음 노트북에서 봅니다.

# %% [markdown]
# ## 4. 토큰 들여다보기: JWT의 세 조각
#
# 접근토큰은 **JWT**(JSON Web Token)입니다. 점(`.`) 두 개로 나뉜 세 조각이고, 각 조각은 base64url로
# 적혀 있습니다.

# %%
import pandas as pd

header_part, payload_part, signature_part = token_answer["access_token"].split(".")

pd.DataFrame([
    {"조각": "1. 헤더(header)", "글자 수": len(header_part), "담긴 것": "서명 방식(alg)과 형식(typ)"},
    {"조각": "2. 내용(payload)", "글자 수": len(payload_part), "담긴 것": "누구의 토큰인지, 언제 만들고 언제 끝나는지"},
    {"조각": "3. 서명(signature)", "글자 수": len(signature_part), "담긴 것": "서버만 아는 키로 만든 도장"},
])

# %% [markdown]
# 첫 조각과 가운데 조각은 암호화된 것이 아니라 **base64로 적어 놓은 JSON**일 뿐입니다. 누구든 풀어 볼 수
# 있습니다. base64url은 끝의 `=` 채움 문자를 빼고 쓰기 때문에, 풀기 전에 길이를 4의 배수로 채워 줍니다.

# %%
import base64
import json


def b64url_decode(part: str) -> bytes:
    """JWT 조각 하나를 바이트로 풉니다 (빠진 '=' 채움을 되돌려 놓고)."""
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


print("헤더:", json.loads(b64url_decode(header_part)))

# %% [markdown]
# `HS512`는 "공유 키로 만든 SHA-512 서명"이라는 뜻입니다. 이제 가운데 조각(클레임, claims)을 풀어 봅시다.
# 길거나 토큰마다 달라지는 값은 가려서 보여 줍니다. 시각(`iat`, `exp`)은 1970년부터 센 초(epoch)라서 한국
# 시간으로 바꿔 적었습니다.

# %%
import json
from datetime import datetime, timedelta, timezone

import pandas as pd

from kislearn.masking import mask_key

KST = timezone(timedelta(hours=9), "KST")
claims = json.loads(b64url_decode(payload_part))


def kst_text(epoch_seconds: int) -> str:
    return datetime.fromtimestamp(epoch_seconds, KST).strftime("%Y-%m-%d %H:%M:%S")


CLAIMS = {  # 클레임: (뜻, 화면에 보일 값)
    "sub": ("주제(subject): 접근토큰이라는 표시", claims["sub"]),
    "aud": ("대상(audience): 토큰마다 다른 uuid", f"(가림, {len(claims['aud'])}자)"),
    "iss": ("발급자(issuer). 공식 예시의 토큰에는 'unogw'", claims["iss"]),
    "exp": ("만료 시각(expiration)", kst_text(claims["exp"])),
    "iat": ("발급 시각(issued at)", kst_text(claims["iat"])),
    "jti": ("토큰 ID. 샌드박스는 앱키를 넣습니다", mask_key(claims["jti"])),
    "flv": ("샌드박스 전용: 실전(real)/모의(paper)", claims["flv"]),
}
pd.DataFrame(
    [{"클레임": name, "뜻": meaning, "값": shown} for name, (meaning, shown) in CLAIMS.items()]
)

# %%
print("exp - iat =", claims["exp"] - claims["iat"], "초 =", (claims["exp"] - claims["iat"]) // 3600, "시간")

# %% [markdown]
# 가운데 조각은 누구나 읽을 수 있지만 **고칠 수는 없습니다.** 글자 하나만 바꿔도 세 번째 조각(서명)이 맞지 않아
# 서버가 거절합니다. 반대로 말하면, 토큰을 손에 넣은 사람은 24시간 동안 내 이름으로 API를 부를 수 있습니다.
# 그래서 토큰도 앱키처럼 화면·로그·블로그 캡처에 통째로 드러나지 않게 다룹니다.

# %% [markdown]
# ## 5. `authorization` 헤더에 실어 보내기
#
# 토큰을 쓰는 방법은 간단합니다. `token_type`과 `access_token`을 빈칸 하나로 이어
# `authorization: Bearer eyJ…` 헤더로 보냅니다. 시세·잔고 같은 API는 여기에 앱키·앱시크릿과 거래 ID(`tr_id`)를
# 함께 요구합니다. 고객 타입(`custtype`, 개인은 `P`)은 명세서에 주식현재가 시세는 필수(Y), 주식잔고조회는 선택(N)으로
# 적혀 있습니다. 보내서 손해 볼 것은 없으니 이 코스는 늘 `P`를 보냅니다.
#
# 아래 셀은 주식현재가 시세(`tr_id` `FHKST01010100`)로 삼성전자(`005930`)를 묻습니다. 헤더는 가려서 출력합니다.

# %%
import pandas as pd

from kislearn.masking import mask_headers

authorization = f"{token_answer['token_type']} {token_answer['access_token']}"
headers = {
    "content-type": "application/json; charset=utf-8",
    "authorization": authorization,
    "appkey": app.appkey,
    "appsecret": app.appsecret,
    "tr_id": "FHKST01010100",  # 주식현재가 시세
    "custtype": "P",  # 개인 고객
}

print("authorization 헤더의 첫머리:", authorization[:13] + "…")
pd.DataFrame(mask_headers(headers).items(), columns=["헤더", "값(가림)"])

# %%
import requests

PRICE_URL = f"{base_url}/uapi/domestic-stock/v1/quotations/inquire-price"
params = {"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "005930"}  # J = KRX, 종목코드 005930

price = requests.get(PRICE_URL, headers=headers, params=params, timeout=10)
price_body = price.json()

print("HTTP 상태:", price.status_code)
print("rt_cd / msg_cd:", price_body["rt_cd"], "/", price_body["msg_cd"])
print("msg1:", price_body["msg1"].strip())
print("삼성전자 현재가(stck_prpr):", price_body["output"]["stck_prpr"], "원")

# %% [markdown]
# `MCA00000`과 `정상처리 되었습니다!`는 명세서의 공식 응답 예시에 나온 코드·문구 그대로입니다.
#
# 토큰 없이 보내면 어떻게 될까요? `authorization` 헤더만 빼고 똑같이 보내 봅니다.

# %%
import requests

without_token = {name: value for name, value in headers.items() if name != "authorization"}
refused = requests.get(PRICE_URL, headers=without_token, params=params, timeout=10)

print("HTTP 상태:", refused.status_code)
print("본문:", refused.text)

# %% [markdown]
# `EGW00121 유효하지 않은 token 입니다.` — 토큰이 없거나, 고쳤거나, 다른 앱의 토큰이면 이렇게 거절됩니다.
# (토큰이 아예 없을 때 KIS가 정확히 어떤 코드를 주는지는 공개 자료로 확인되지 않아, 샌드박스는 EGW00121로
# 답하도록 정했습니다.) `msg1` 뒤에 공백이 잔뜩 붙어 있는 것도 보세요. KIS는 `msg1`을 80바이트로 채워서
# 보냅니다. 그래서 출력할 때는 `.strip()`을 붙입니다.

# %% [markdown]
# ## 6. 수명은 24시간 — `access_token_token_expired` 읽기
#
# `access_token_token_expired`는 `"YYYY-MM-DD HH:MM:SS"` 모양의 **한국 시간**으로 다룹니다. 명세서는 "유효기간(년:월:일
# 시:분:초)"이라고만 적고 시간대를 밝히지 않지만, 이 코스의 사실 자료와 피어 라이브러리 mojito의 GitHub 코드(2023년 5월
# 이후 `ZoneInfo('Asia/Seoul')`로 읽음)가 한국 시간으로 다루고, 샌드박스도 한국 시간으로 보냅니다. 문자열에 시간대가
# 없으므로, 읽을 때 KST(UTC+9)라고 직접 붙여 줘야 어느 컴퓨터에서든 같은 답이 나옵니다.
#
# 샌드박스의 "지금"은 `clock()`으로 읽습니다. 만료 시각에서 지금을 빼 봅시다.

# %%
from datetime import datetime, timedelta, timezone

KST = timezone(timedelta(hours=9), "KST")

expires_at = datetime.strptime(token_answer["access_token_token_expired"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=KST)
server_now = clock().replace(microsecond=0)  # 샌드박스(서버)의 지금

print("만료 일시:", expires_at)
print("남은 시간:", expires_at - server_now)
print("expires_in:", token_answer["expires_in"], "초 =", token_answer["expires_in"] / 3600, "시간")

# %% [markdown]
# 시간대를 빼먹으면 어떻게 될까요? 구글 코랩(Colab)이나 클라우드 서버처럼 시계가 UTC로 맞춰진 컴퓨터에서
# `datetime.now()`(시간대 없는 시각)와 비교하는 경우를 흉내 내 봅니다.

# %%
from datetime import datetime

naive_expiry = datetime.strptime(token_answer["access_token_token_expired"], "%Y-%m-%d %H:%M:%S")
utc_computer_now = server_now.astimezone(timezone.utc).replace(tzinfo=None)  # UTC 컴퓨터의 datetime.now()

print("UTC 컴퓨터가 계산한 남은 시간:", naive_expiry - utc_computer_now, "  ← 9시간이 더 붙었습니다")

# %% [markdown]
# 이 컴퓨터는 만료된 토큰을 9시간 동안 "아직 쓸 수 있다"고 믿게 됩니다. 한국 시간이라는 것을 붙여서
# 읽으면(위의 `expires_at`) 어느 나라 컴퓨터에서든 같은 답이 나옵니다.

# %% [markdown]
# ## 7. 1분에 한 번만: 바로 다시 요청하면 `403`
#
# 방금 토큰을 받았습니다. 샌드박스 시계는 멈춰 있으니 "받자마자 다시" 요청하는 셈입니다. 같은 본문을 한 번 더
# 보내고, 상태 코드와 본문을 **있는 그대로** 봅시다.

# %%
import requests

again = requests.post(f"{base_url}/oauth2/tokenP", json=body, timeout=10)

print("HTTP 상태:", again.status_code)
print("본문:", again.text)

# %% [markdown]
# 세 가지를 기억해 두세요.
#
# 1. 상태 코드가 `403`(Forbidden)입니다. `requests`는 4xx·5xx에도 예외를 내지 않으니 직접 확인해야 합니다.
# 2. 본문 모양이 다른 API와 다릅니다. 보통은 `rt_cd`·`msg_cd`·`msg1`이 오지만, 토큰 API의 오류는
#    `error_code`·`error_description`으로 옵니다(OAuth 방식).
# 3. `access_token`이 없습니다. mojito2처럼 `resp.json()["access_token"]`을 바로 꺼내면 `KeyError`가 납니다.

# %%
print("응답에 access_token이 있나요?", "access_token" in again.json())
print("오류 코드:", again.json()["error_code"])

# %% [markdown]
# ## 8. 6시간 안에는 같은 토큰이 돌아온다
#
# 공식 명세서에 따르면 토큰을 받고 6시간 안에 다시 요청하면 **새 토큰 대신 직전 토큰**을 돌려줍니다.
# 샌드박스 시계를 2분 앞으로 돌려(1분 제한은 넘기고) 다시 요청해 봅시다.

# %%
import requests

clock.advance(minutes=2)
second = requests.post(f"{base_url}/oauth2/tokenP", json=body, timeout=10)
second_answer = second.json()

print("HTTP 상태:", second.status_code)
print("처음 토큰과 같은가요?", second_answer["access_token"] == token_answer["access_token"])
print("만료 일시도 같은가요?", second_answer["access_token_token_expired"] == token_answer["access_token_token_expired"])
print("expires_in:", token_answer["expires_in"], "→", second_answer["expires_in"])

# %% [markdown]
# 같은 토큰, 같은 만료 일시입니다. `expires_in`만 2분(120초)만큼 줄었습니다. 다시 받은 토큰의 `expires_in`을
# KIS가 어떻게 적는지는 공개 자료로 확인되지 않아, 샌드박스는 "남은 초"를 적기로 정했습니다. 어느 쪽이든
# 만료 일시(`access_token_token_expired`)는 변하지 않습니다.
#
# 이번에는 시계를 6시간 더 돌려 봅니다. 이제 처음 발급에서 6시간이 지났습니다.

# %%
import requests

clock.advance(hours=6)
third = requests.post(f"{base_url}/oauth2/tokenP", json=body, timeout=10)
third_answer = third.json()

print("HTTP 상태:", third.status_code)
print("처음 토큰과 같은가요?", third_answer["access_token"] == token_answer["access_token"])
print("만료 일시가 더 늦어졌나요?", third_answer["access_token_token_expired"] > token_answer["access_token_token_expired"])
print("expires_in:", third_answer["expires_in"])

# %% [markdown]
# 새 토큰입니다. 지금까지 보낸 네 번의 요청을 한눈에 정리하고, 샌드박스가 센 숫자와 맞춰 봅시다.
# `sandbox.stats`는 샌드박스가 세는 계수기(counter)입니다.

# %%
import pandas as pd


def same_as_first(token_answer_or_error: dict) -> str:
    if "access_token" not in token_answer_or_error:
        return "—"
    return "예" if token_answer_or_error["access_token"] == token_answer["access_token"] else "아니요 (새 토큰)"


pd.DataFrame([
    {"언제": "처음", "HTTP": answer.status_code, "결과": "새 토큰 발급", "처음 토큰과 같나": "—"},
    {"언제": "바로 다시", "HTTP": again.status_code, "결과": again.json()["error_code"], "처음 토큰과 같나": same_as_first(again.json())},
    {"언제": "2분 뒤", "HTTP": second.status_code, "결과": "직전 토큰을 다시 줌", "처음 토큰과 같나": same_as_first(second_answer)},
    {"언제": "6시간 2분 뒤", "HTTP": third.status_code, "결과": "새 토큰 발급", "처음 토큰과 같나": same_as_first(third_answer)},
])

# %%
import pandas as pd

stats = sandbox.stats
pd.DataFrame({"새로 발급(tokens_issued)": stats["tokens_issued"], "다시 줌(tokens_reused)": stats["tokens_reused"]})

# %% [markdown]
# 모의투자(`paper`)에서 새 토큰 2개, 같은 토큰 다시 주기 1번. 403으로 거절된 요청은 어느 쪽에도 세지 않습니다.

# %% [markdown]
# ## 9. 그래서 토큰은 저장해 두고 다시 쓴다
#
# 지금까지 본 규칙을 모으면, 토큰을 매번 새로 받는 코드는 곤란해집니다.
#
# | 규칙 | 매번 새로 받는 코드에서 생기는 일 |
# |---|---|
# | 실전 계좌는 발급할 때마다 **카카오톡 알림**이 간다(모의투자는 오지 않는다는 사용자 기록이 있습니다) | 노트북을 열 때마다, 스크립트를 돌릴 때마다 휴대폰이 울립니다. |
# | **1분에 한 번**만 발급 (`EGW00133`, HTTP 403) | 노트북 두 개를 연달아 열거나 셀을 다시 실행하면 두 번째는 실패합니다. |
# | 수명이 **24시간** | 하루 한 번 받으면 충분합니다. 그 사이에는 받은 토큰을 다시 쓰면 됩니다. |
#
# 그래서 mojito2는 생성자 `KoreaInvestment(...)`에서 토큰을 **`token.dat` 파일**에 저장해 두고, 다음에는 파일이
# 있으면 그것을 읽어 씁니다(없거나 만료됐을 때만 새로 발급). kislearn도 같은 흐름을 따르되, 더 안전한 캐시
# (`kislearn.TokenCache`)를 씁니다. 다음 노트북 `03_token_cache`에서 `token.dat` 방식을 직접 만들어 보고, 어디가
# 위험한지 하나씩 확인합니다.

# %% [markdown]
# ## 10. 샌드박스 끄기
#
# 다 쓴 샌드박스는 멈춰서 포트를 돌려줍니다.

# %%
sandbox.stop()
print("샌드박스가 돌고 있나요?", sandbox.running)

# %% [markdown]
# ## 정리
#
# - 접근토큰은 `POST /oauth2/tokenP`에 `grant_type`·`appkey`·`appsecret`을 JSON으로 보내서 받습니다.
# - 응답은 네 항목: `access_token`(접근토큰), `token_type`(접근토큰유형, `Bearer`), `expires_in`(접근토큰 유효기간, 초),
#   `access_token_token_expired`(접근토큰 유효기간(일시표시), 한국 시간).
# - 토큰은 JWT입니다. 가운데 조각은 누구나 읽을 수 있지만 고칠 수는 없습니다. 토큰도 비밀번호처럼 다룹니다.
# - API를 부를 때는 `authorization: Bearer <토큰>` 헤더에 실어 보냅니다.
# - 수명 24시간, 6시간 안에 다시 요청하면 같은 토큰, 발급은 1분에 한 번(어기면 HTTP 403 + `EGW00133`).
# - 그래서 토큰은 저장해 두고 다시 씁니다. → `03_token_cache`
#
# ## 연습문제
#
# 1. 새 샌드박스를 띄워 토큰을 받고, 그 토큰으로 SK하이닉스(`000660`)의 현재가(`stck_prpr`)를 `requests`만으로
#    조회해 보세요. 토큰과 키는 출력하지 마세요.
# 2. 토큰의 가운데 조각에 있는 `exp`(epoch 초)를 한국 시간 문자열로 바꾸면 `access_token_token_expired`와
#    같을까요? 코드로 확인해 보세요.
#
# 정답은 아래 숨긴 셀을 펼쳐 보세요.

# %% jupyter={"source_hidden": true}
# 연습문제 1 정답
import requests

from kislearn.sandbox import Sandbox, demo_app

app = demo_app("paper")
with Sandbox() as practice:  # with 블록이 끝나면 샌드박스가 저절로 꺼집니다
    url = practice.url_for("paper")
    token = requests.post(
        f"{url}/oauth2/tokenP",
        json={"grant_type": "client_credentials", "appkey": app.appkey, "appsecret": app.appsecret},
        timeout=10,
    ).json()
    headers = {
        "content-type": "application/json; charset=utf-8",
        "authorization": f"{token['token_type']} {token['access_token']}",
        "appkey": app.appkey,
        "appsecret": app.appsecret,
        "tr_id": "FHKST01010100",
        "custtype": "P",
    }
    reply = requests.get(
        f"{url}/uapi/domestic-stock/v1/quotations/inquire-price",
        headers=headers,
        params={"FID_COND_MRKT_DIV_CODE": "J", "FID_INPUT_ISCD": "000660"},
        timeout=10,
    ).json()

print(reply["msg1"].strip())
print("SK하이닉스 현재가:", reply["output"]["stck_prpr"], "원")

# %% jupyter={"source_hidden": true}
# 연습문제 2 정답
import base64
import json
from datetime import datetime, timedelta, timezone

import requests

from kislearn.sandbox import Sandbox, demo_app

KST = timezone(timedelta(hours=9), "KST")
app = demo_app("paper")
with Sandbox() as practice:
    token = requests.post(
        f"{practice.url_for('paper')}/oauth2/tokenP",
        json={"grant_type": "client_credentials", "appkey": app.appkey, "appsecret": app.appsecret},
        timeout=10,
    ).json()

payload_part = token["access_token"].split(".")[1]
claims = json.loads(base64.urlsafe_b64decode(payload_part + "=" * (-len(payload_part) % 4)))
exp_text = datetime.fromtimestamp(claims["exp"], KST).strftime("%Y-%m-%d %H:%M:%S")

print("exp를 한국 시간으로 바꾼 값과 access_token_token_expired가 같나요?",
      exp_text == token["access_token_token_expired"])
