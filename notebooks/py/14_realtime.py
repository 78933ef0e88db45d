# %% [markdown]
# # 14. 실시간 시세 — 웹소켓으로 체결가와 체결통보 받기
#
# 지금까지는 REST API로 "지금 얼마예요?"라고 **물을 때마다** 한 번 답을 받았습니다. 가격이 바뀔 때마다 알고 싶으면 계속
# 물어야 하고, 모의투자는 1초에 2번까지만 물을 수 있습니다. 이번 시간에는 **웹소켓(WebSocket)**으로 한 번 구독해 두면
# 체결이 일어날 때마다 서버가 알아서 보내 주는 실시간 시세를 받아 봅니다.
#
# **학습 목표**
#
# - REST와 웹소켓의 차이, 그리고 웹소켓에 필요한 **웹소켓 접속키**(approval key)를 안다.
# - 구독(subscribe) 메시지를 직접 보내고, 서버의 답(`SUBSCRIBE SUCCESS`)을 읽는다.
# - `0|H0STCNT0|001|…` 모양의 실시간 체결가 프레임을 필드 하나하나 **공식 이름**으로 읽는다.
# - 같은 일을 `kislearn.realtime` 클라이언트로 짧게 하고, 값이 저절로 바뀌는 가격 위젯을 띄운다.
# - 내 주문의 **체결통보**(암호화되어 옴)를 AES로 풀어 읽는다.
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
# ## 1. 나만의 샌드박스: 장중에 멈춰 선 시계
#
# 실시간 시세는 시장이 열려 있어야 흘러옵니다. 이 노트북은 결과가 매번 같도록 **나만 쓰는 샌드박스**를 띄우고, 시장
# 시계를 장중인 2026-11-20 **10:00에 멈춰** 둡니다(`clock="fixed@…"`). 시계가 멈춰 있으면 체결도 없습니다. 시간이
# 흐르게 하고 싶을 때마다 `move_clock(broker, seconds=30)`처럼 **시계를 직접 움직이면**, 그 사이에 일어난 체결이 한꺼번에
# 웹소켓으로 옵니다. 진짜 시장에서는 시간이 저절로 흐르니 이 단계가 없습니다.
#
# `.env`는 쓰지 않습니다. 샌드박스 전용 앱키(`demo_app`)와 빈 계좌 `50010001-01`을 씁니다.

# %%
import tempfile

import kislearn
from kislearn.sandbox import Sandbox, demo_app
from kislearn.sandbox_tools import market_clock, move_clock

sandbox = Sandbox(port=0, clock="fixed@2026-11-20T10:00").start()
app = demo_app("paper", student="실시간")  # 이 이름만의 앱키·시크릿 (샌드박스 전용, 화면에 찍지 않음)
workspace = tempfile.TemporaryDirectory(prefix="kislearn-14-")  # 이 노트북만의 토큰 캐시 (마지막 셀에서 지움)
broker = kislearn.KoreaInvestment(app.appkey, app.appsecret, "50010001-01", mock=True,
                                  base_url=sandbox.url_for("paper"), token_cache=workspace.name)
clock = market_clock(broker)
print("시장 시각:", clock["now"], "| 장 상태:", clock["phase"], "| 시계:", clock["mode"])

# %% [markdown]
# `continuous`는 접속매매(정규장) 시간이라는 뜻이고, `fixed`는 멈춘 시계라는 뜻입니다.
#
# ## 2. REST와 웹소켓
#
# 두 방식은 주소도, 열쇠도 다릅니다. 웹소켓 주소는 공식 명세에 있는 값입니다. 샌드박스는 HTTP 포트 옆에 웹소켓 포트를
# 하나 더 엽니다(포트 번호는 매번 달라서 여기에 찍지 않습니다).

# %%
import pandas as pd

from kislearn import spec

pd.DataFrame([
    ("REST (01–13강)", "내가 물을 때마다 답이 하나", spec.PAPER_URL, "접근토큰 (access token)"),
    ("웹소켓 (이번 시간)", "한 번 구독하면 체결될 때마다 서버가 보냄", spec.PAPER_WS_URL, "웹소켓 접속키 (approval key)"),
], columns=["방식", "어떻게 받나", "모의투자 주소", "필요한 열쇠"])

# %% [markdown]
# 실전 웹소켓 주소는 `ws://ops.koreainvestment.com:21000`입니다. `wss://`가 아니라 `ws://`라서 주고받는 글이 암호화되지
# 않습니다. 그래서 내 주문의 체결통보처럼 민감한 데이터는 KIS가 내용을 따로 AES로 암호화해서 보냅니다(8절).
#
# ## 3. 웹소켓 접속키 받기
#
# 웹소켓에는 접근토큰 대신 **웹소켓 접속키**를 씁니다. `POST /oauth2/Approval`로 받습니다(명세서의 "실시간 (웹소켓)
# 접속키 발급" 시트). 본문의 필드는 세 개입니다.

# %%
from kislearn import catalog
from kislearn.frames import show_table

approval_api = catalog.find("/oauth2/Approval")
print(approval_api.name, "|", approval_api.method, approval_api.path)
show_table(pd.DataFrame(
    [(item.name, item.korean, "필수" if item.required else "선택", item.description.split("\n")[0])
     for item in approval_api.request_fields],
    columns=["필드", "공식 이름", "필수", "설명 (명세서 첫 줄)"]))

# %% [markdown]
# 앱 시크릿을 토큰 발급 때는 `appsecret`이라고 부르는데, 여기서는 **`secretkey`**라고 부릅니다. 명세서도 "appsecret와
# secretkey는 동일하오니 착오없으시기 바랍니다"라고 따로 적어 둘 만큼 자주 틀리는 곳입니다.
#
# `kislearn.realtime.issue_approval_key(broker)`가 클라이언트의 앱키와 시크릿으로 이 요청을 보냅니다. 접속키도 비밀이니
# 화면에는 모양만 찍습니다(숫자와 a–f를 `x`로 가림).

# %%
import re

from kislearn.realtime import issue_approval_key

approval_key = issue_approval_key(broker)
print("접속키 모양:", re.sub("[0-9a-f]", "x", approval_key), f"({len(approval_key)}글자)")

# %% [markdown]
# 명세서의 응답 예시도 이렇게 하이픈 네 개가 들어간 36글자(UUID 모양)입니다.
#
# ## 4. 손으로 구독하기
#
# 웹소켓은 한 번 연결해 두고 그 위로 글(메시지)을 주고받습니다. 구독 메시지는 JSON 하나입니다. `header`에 접속키와
# `tr_type`(`"1"` 등록, `"2"` 해제), `body.input`에 **무엇을** 받을지: `tr_id` `H0STCNT0`(국내주식 실시간체결가 (KRX))과
# `tr_key`(종목코드)를 적습니다.

# %%
subscribe = {
    "header": {"approval_key": approval_key, "custtype": "P", "tr_type": "1", "content-type": "utf-8"},
    "body": {"input": {"tr_id": "H0STCNT0", "tr_key": "005930"}},
}
unsubscribe = {**subscribe, "header": {**subscribe["header"], "tr_type": "2"}}  # 해제: tr_type만 "2"
print(subscribe["body"], "| 해제할 때 tr_type:", unsubscribe["header"]["tr_type"])

# %% [markdown]
# 서버가 보내는 글은 두 가지입니다. 데이터는 `0|` 또는 `1|`로 시작하고, 그 밖의 글은 JSON입니다. JSON 가운데
# `PINGPONG`은 "아직 연결되어 있나요?"라는 서버의 확인이라서 **받은 그대로 돌려보내야** 연결이 유지됩니다(공식 예제와
# mojito2·python-kis가 그렇게 하고, 사용자 기록에 따르면 KIS는 조용할 때 10초쯤마다 보냅니다. 명세서에는 없습니다).
# 샌드박스도 10초 동안 보낼 것이 없으면 `PINGPONG`을 보냅니다. 받는 쪽 함수를 하나 만들어 둡니다.

# %%
import json


def read_frames(websocket, wait=3):
    """wait초 동안 아무것도 오지 않을 때까지 받은 데이터 프레임의 목록. PINGPONG은 그대로 돌려보냅니다."""
    frames = []
    while True:
        try:
            text = websocket.recv(timeout=wait)
        except TimeoutError:
            return frames
        if text[:2] in ("0|", "1|"):
            frames.append(text)
        elif json.loads(text)["header"]["tr_id"] == "PINGPONG":
            websocket.send(text)


# %% [markdown]
# 이제 파이썬의 `websockets` 라이브러리로 샌드박스의 웹소켓에 연결해, 구독하고, 답을 읽고, 시계를 **30초** 움직여 그동안의
# 체결을 받고, 해제합니다. 지금은 시계가 10:00에 멈춰 있어 시계를 움직이기 전에는 아무것도 오지 않습니다. 주소 뒤의
# `/tryitout/H0STCNT0`은 명세서가 이 API의 URL로 적은 경로입니다. `with` 블록이 끝나면 연결이 닫힙니다.

# %%
from websockets.sync.client import connect as open_websocket

from kislearn.realtime import websocket_url

ws_url = websocket_url(broker)  # 샌드박스: ws://127.0.0.1:(웹소켓 포트), 모의투자: ws://ops.koreainvestment.com:31000
with open_websocket(ws_url + "/tryitout/H0STCNT0") as ws:
    ws.send(json.dumps(subscribe))
    answer = json.loads(ws.recv(timeout=10))
    print("구독의 답 header:", {name: answer["header"][name] for name in ("tr_id", "tr_key", "encrypt")})
    print("구독의 답 body:  ", {name: answer["body"][name] for name in ("rt_cd", "msg_cd", "msg1")})

    move_clock(broker, seconds=30)  # 시장이 30초 흐름
    frames = read_frames(ws)
    print("받은 프레임:", len(frames), "개")

    ws.send(json.dumps(unsubscribe))
    print("해제의 답:", json.loads(ws.recv(timeout=10))["body"]["msg1"])

# %% [markdown]
# `rt_cd`가 `"0"`이고 `msg1`이 `SUBSCRIBE SUCCESS`면 구독된 것입니다. `OPSP0000`과 이 메시지는 사용자들이 남긴 KIS
# 응답 기록에 나오는 값입니다. 성공한 답의 `body.output`에는 AES 키와 IV도 들어 있는데(매번 다른 값이라 찍지 않음),
# 암호화된 데이터를 풀 때 씁니다. 체결가는 암호화되지 않으므로(`encrypt: N`) 여기서는 쓰지 않습니다.
#
# ## 5. 프레임 하나를 필드별로 읽기
#
# 첫 프레임을 봅시다.

# %%
print(frames[0][:100], "…")

# %% [markdown]
# 프레임은 `|`로 나뉜 네 부분입니다: **암호화 여부**(`0` 암호화 안 됨, `1` 암호화) | **tr_id** | **레코드 수**(`001`은 한 건) |
# **값들**. 값들은 `^`로 이어져 있고, 이름은 붙어 있지 않습니다. 몇 번째 값이 무엇인지는 **명세서의 순서**로 압니다.
# kislearn의 카탈로그(`kislearn.catalog`)에 명세서의 "국내주식 실시간체결가 (KRX)" 시트가 그대로 들어 있으니, 그 순서대로
# 이름을 붙여 봅시다.

# %%
flag, tr_id, count, data = frames[0].split("|")
values = data.split("^")
fields = catalog.find(tr_id).response_fields  # 명세서 시트의 응답 필드, 순서 그대로
print("암호화:", flag, "| tr_id:", tr_id, catalog.find(tr_id).name, "| 레코드 수:", count,
      "| 값:", len(values), "개 / 명세서의 필드:", len(fields), "개")
show_table(pd.DataFrame([(number, item.name, item.korean, value)
                         for number, (item, value) in enumerate(zip(fields, values, strict=True), start=1)],
                        columns=["순서", "필드", "공식 이름", "값"]))

# %% [markdown]
# 처음 보는 칸이 많지만, 자주 쓰는 것은 몇 개입니다.
#
# - `STCK_CNTG_HOUR`(주식 체결 시간): `HHMMSS`. `STCK_PRPR`(주식 현재가): 이 체결의 가격.
# - `PRDY_VRSS_SIGN`(전일 대비 부호): 명세서의 코드로 `1` 상한, `2` 상승, `3` 보합, `4` 하한, `5` 하락.
#   `PRDY_VRSS`(전일 대비)와 `PRDY_CTRT`(전일 대비율)는 어제 종가와의 차이입니다.
# - `CNTG_VOL`(체결 거래량): 이 체결의 주식 수. `ACML_VOL`(누적 거래량): 오늘 장 시작부터의 합계.
# - `CCLD_DVSN`(체결구분): 명세서의 코드로 `1` 매수(+), `3` 장전, `5` 매도(-).
#
# 샌드박스가 정한 것도 있습니다. 체결가와 수량은 샌드박스의 시장 모형이 만들고, 누가 먼저 주문을 냈는지(`CCLD_DVSN`)는
# 직전 체결보다 비싸면 매수, 싸면 매도로 정하며, 호가(`ASKP1`, `BIDP1`)는 체결가에서 한 호가단위 떨어진 값입니다.
# KRX는 이런 정보를 공개하지 않으니 **샌드박스의 선택**이고, 진짜 시장의 값과는 다릅니다.
#
# 명세서는 데이터가 많을 때 한 프레임에 **여러 레코드**가 붙어 올 수 있다고 합니다(레코드 수가 `002`, `003`…). 그러면
# 값들을 필드 개수(46개)씩 잘라 읽습니다. 그렇게 모든 프레임을 표로 만들어 봅시다.

# %%
def records_of(frame):
    """프레임 하나 → 레코드 목록 (레코드마다 {필드: 값})."""
    flag, tr_id, count, data = frame.split("|")
    names = [item.name for item in catalog.find(tr_id).response_fields]
    values = data.split("^")
    return [dict(zip(names, values[i * len(names):(i + 1) * len(names)], strict=True)) for i in range(int(count))]


columns = ["STCK_CNTG_HOUR", "STCK_PRPR", "PRDY_VRSS", "CNTG_VOL", "ACML_VOL", "CCLD_DVSN"]
korean = {item.name: item.korean for item in fields}
trades = pd.DataFrame([record for frame in frames for record in records_of(frame)])[columns]
trades.rename(columns=korean).head(10)

# %% [markdown]
# 값은 모두 **글자**입니다(REST 응답처럼). 숫자로 계산하려면 `int()`로 바꿉니다. 누적 거래량은 체결 거래량을 더해 가는
# 값이니, 첫 줄에서 마지막 줄까지 늘어난 양이 둘째 줄부터의 체결 거래량의 합과 같아야 합니다(첫 줄의 체결 거래량은 첫 줄의
# 누적 거래량에 이미 들어 있으니까요).

# %%
volume = trades["CNTG_VOL"].astype(int)
cumulative = trades["ACML_VOL"].astype(int)
print("30초 동안 체결:", len(trades), "건,", f"{volume.sum():,}주")
print("누적 거래량이 늘어난 양 = 체결 거래량의 합?", cumulative.iloc[-1] - cumulative.iloc[0] == volume.iloc[1:].sum())

# %% [markdown]
# 한 세션에서 동시에 구독할 수 있는 것은 **41개**까지입니다(사용자들이 42번째에서 거절당한 기록. 샌드박스도 같습니다).
# 종목을 바꿀 때는 안 쓰는 구독을 해제하세요.
#
# ## 6. `kislearn.realtime`: 같은 일을 짧게
#
# 손으로 하면 접속키 받기, 연결, 구독 메시지, 답 기다리기, `PINGPONG` 돌려보내기, 프레임 자르기, 이름 붙이기를 모두
# 해야 합니다. `kislearn.realtime`이 이것을 대신합니다(연결이 끊기면 다시 연결해 다시 구독하는 일까지).
# `realtime.connect(broker)`는 그 클라이언트의 앱키로 접속키를 받고 웹소켓 주소를 찾아 연결합니다. `numbers=True`면
# 숫자 칸을 `int`·`float`으로 바꿔 줍니다.

# %%
from kislearn import realtime

feed = realtime.connect(broker, numbers=True)
answer = feed.subscribe("005930")  # 실시간체결가 (H0STCNT0); 답을 기다렸다가 돌려줌
print(answer.tr_id, answer.tr_key, answer.msg_cd, answer.msg1)

# %% [markdown]
# 시계를 30초 더 움직이고, 그동안의 체결을 `feed.records(timeout=3)`로 받습니다(3초 동안 아무것도 오지 않으면 끝).
# 레코드는 필드 이름으로 값을 꺼낼 수 있고(`tick["STCK_PRPR"]`), `tick.korean()`은 공식 이름으로 된 dict를 줍니다.

# %%
move_clock(broker, seconds=30)
ticks = list(feed.records(timeout=3))
print("받은 체결:", len(ticks), "건 | 첫 체결의 현재가:", ticks[0]["STCK_PRPR"], type(ticks[0]["STCK_PRPR"]).__name__)
pd.DataFrame([tick.korean() for tick in ticks])[[korean[name] for name in columns]].head()

# %% [markdown]
# 구독한 순간부터의 체결만 옵니다. 그래서 이 표는 앞 절에서 받은 30초 뒤, 10:00:30부터 10:01:00까지의 체결입니다.
# 샌드박스는 지나간 체결을 다시 보내지 않습니다(샌드박스의 선택). 지나간 가격이 필요하면 REST의 시세 조회(12강)를 씁니다.
#
# ## 7. 저절로 바뀌는 가격 위젯
#
# `kislearn.dashboard.LivePrice(feed, "005930")`는 체결이 올 때마다 마지막 가격과 최근 체결의 선 그래프를 새로 그리는
# 위젯입니다. 아래 셀을 실행하면 위젯이 나타나고, 처음에는 체결을 기다립니다.

# %%
from kislearn.dashboard import LivePrice

live = LivePrice(feed, "005930")
live.widget

# %% [markdown]
# 이제 시계를 5분 움직여 봅시다. 위 위젯의 가격과 체결 시각, 그래프가 바뀝니다(가격 글자가 빨강이면 어제 종가보다 오름,
# 파랑이면 내림).
# 그래프의 가로축은 시간이 아니라 체결의 순서입니다(최근 120건까지). **이 셀을 몇 번 더 실행해 보세요.** 실행할 때마다
# 시장이 5분씩 흐르고 위젯이 따라 바뀝니다.

# %%
move_clock(broker, minutes=5)
last = None
for tick in feed.records(timeout=3):
    last = tick
if last is not None:
    print("마지막 체결:", last["STCK_CNTG_HOUR"], f"{last['STCK_PRPR']:,}원", f"(전일 대비 {last['PRDY_VRSS']:+,}원)")

# %% [markdown]
# 진짜 모의투자 서버에서는 시계를 움직일 필요 없이 장중에 `realtime.connect()`(`.env`의 설정으로 연결)와 `LivePrice`만
# 실행하면 됩니다. 장이 닫혀 있으면 구독은 성공해도 아무것도 오지 않습니다.
#
# ## 8. 체결통보: 내 주문의 소식, 암호화되어 옴
#
# 실시간 데이터에는 시세 말고 **내 주문**의 소식도 있습니다: 주문이 접수되었다, 체결되었다. 모의투자는 `H0STCNI9`, 실전은
# `H0STCNI0`이고(명세서의 "국내주식 실시간체결통보" 시트), `tr_key`에는 종목코드 대신 **HTS ID**(한국투자증권 홈페이지·HTS에
# 로그인하는 아이디)를 적습니다. 샌드박스는 어떤 글자든 받습니다.
#
# 체결통보에는 계좌번호와 주문 내용이 들어 있어서 KIS는 내용을 **AES-256-CBC로 암호화**해 보냅니다. 구독에 성공한 답의
# `body.output`에 든 `key`(32글자)와 `iv`(16글자)로 풉니다. 손으로 해 봅시다: 체결통보를 구독하고, 주문을 하나 내고,
# 통보를 받습니다.

# %%
HTS_ID = "kislearn"  # 모의투자라면 내 HTS ID
subscribe_notices = {
    "header": {"approval_key": approval_key, "custtype": "P", "tr_type": "1", "content-type": "utf-8"},
    "body": {"input": {"tr_id": "H0STCNI9", "tr_key": HTS_ID}},
}

with open_websocket(ws_url + "/tryitout/H0STCNI0") as notice_ws:
    notice_ws.send(json.dumps(subscribe_notices))
    notice_answer = json.loads(notice_ws.recv(timeout=10))
    aes_key, aes_iv = notice_answer["body"]["output"]["key"], notice_answer["body"]["output"]["iv"]
    print(notice_answer["body"]["msg1"], "| encrypt:", notice_answer["header"]["encrypt"],
          f"| key {len(aes_key)}글자, iv {len(aes_iv)}글자")

    order = broker.create_market_buy_order("005930", 3)  # 삼성전자 3주 시장가 매수
    notices = read_frames(notice_ws)

for frame in notices:
    flag, tr_id, count, sealed = frame.split("|")
    print("암호화:", flag, "| tr_id:", tr_id, "| 레코드 수:", count, f"| 암호문 {len(sealed)}글자")

# %% [markdown]
# `encrypt: Y`는 이 구독의 데이터가 암호화되어 온다는 뜻입니다. 명세서의 응답 예시에는 `N`으로 적혀 있지만, 공식 예제는
# 이 값이 `Y`일 때만 풀기 때문에 샌드박스는 `Y`로 답합니다(**샌드박스의 선택**).
#
# 구독한 뒤 삼성전자 3주를 시장가로 샀더니 체결통보가 두 번 왔습니다: 접수 한 번, 체결 한 번. 첫 부분이 `1`(암호화)이고,
# 마지막 부분은 읽을 수 없는 암호문입니다.

# %% [markdown]
# 암호문은 base64 글자입니다. 공식 예제(`open-trading-api`의 `kis_auth.py`)의 `aes_cbc_base64_dec`와 같은 방법으로 풉니다:
# base64를 바이트로 되돌리고, 키와 IV로 AES-CBC 복호화를 하고, 끝에 붙은 채움(PKCS#7 padding)을 떼어 냅니다. AES는 공식
# 예제와 mojito2가 쓰는 `pycryptodome` 라이브러리(`Crypto`)의 것입니다.

# %%
import base64

from Crypto.Cipher import AES
from Crypto.Util.Padding import unpad


def aes_cbc_base64_dec(key, iv, cipher_text):
    """공식 예제의 복호화 함수와 같은 일: base64 → AES-256-CBC 복호화 → 채움 떼기 → 글자."""
    cipher = AES.new(key.encode("utf-8"), AES.MODE_CBC, iv.encode("utf-8"))
    return unpad(cipher.decrypt(base64.b64decode(cipher_text)), AES.block_size).decode("utf-8")


notice_fields = catalog.find("H0STCNI9").response_fields
notice_names = [item.name for item in notice_fields]
opened = []
for frame in notices:
    plain = aes_cbc_base64_dec(aes_key, aes_iv, frame.split("|")[3])  # 풀린 글: 값^값^…
    opened.append(dict(zip(notice_names, plain.split("^"), strict=True)))
shown = ["ODER_NO", "SELN_BYOV_CLS", "ODER_KIND", "STCK_SHRN_ISCD", "CNTG_ISNM40", "ODER_QTY", "CNTG_YN",
         "CNTG_QTY", "CNTG_UNPR", "STCK_CNTG_HOUR"]
notice_korean = {item.name: item.korean for item in notice_fields}
pd.DataFrame(opened)[shown].rename(columns=notice_korean).T.rename(columns={0: "첫 통보", 1: "둘째 통보"})

# %% [markdown]
# 두 통보를 명세서의 코드로 읽어 봅시다.
#
# - `CNTG_YN`(체결여부): 첫 통보는 `1`(주문·정정·취소·거부 **접수**), 둘째는 `2`(**체결**).
# - `SELN_BYOV_CLS`(매도매수구분) `02`는 매수, `ODER_KIND`(주문종류) `01`은 시장가.
# - 둘째 통보의 `CNTG_QTY`(체결 수량)와 `CNTG_UNPR`(체결단가)가 실제로 체결된 수량과 가격입니다. 첫 통보(접수)의 같은
#   칸에는 주문의 수량과 가격이 들어 있습니다(명세서의 예시 통보가 그렇습니다. 시장가라서 가격은 0).
# - 수량과 가격은 앞에 0을 채운 글자입니다(`0000000003`). 명세서가 이 시트의 모든 칸을 글자(string)로 적었기 때문입니다.
#
# 주문번호가 주문의 답과 같은지 확인해 봅시다.

# %%
print("주문의 답 ODNO:", order["output"]["ODNO"], "| 통보의 ODER_NO:", {notice["ODER_NO"] for notice in opened})

# %% [markdown]
# `kislearn.realtime`으로는 `feed.subscribe_notices(HTS_ID)` 한 줄입니다. 복호화도, 0을 채운 수량을 숫자로 바꾸는 것도
# (`numbers=True`일 때) 알아서 합니다. 이번에는 2주를 팔아 봅니다.

# %%
feed.subscribe_notices(HTS_ID)
broker.create_market_sell_order("005930", 2)
sold = [record for record in feed.records(timeout=3) if record.tr_id == "H0STCNI9"]
pd.DataFrame([{notice_korean[name]: record[name] for name in ["ODER_NO", "SELN_BYOV_CLS", "CNTG_YN", "CNTG_QTY",
                                                               "CNTG_UNPR"]} for record in sold])

# %% [markdown]
# ## 정리
#
# - 웹소켓은 한 번 구독하면 서버가 계속 보냅니다. 열쇠는 접근토큰이 아니라 **웹소켓 접속키**(`POST /oauth2/Approval`,
#   본문 `grant_type`·`appkey`·`secretkey`)입니다.
# - 구독 메시지: `header`(접속키, `tr_type` `"1"` 등록 / `"2"` 해제) + `body.input`(`tr_id`, `tr_key`). 성공하면
#   `SUBSCRIBE SUCCESS`. 한 세션에 41개까지.
# - 데이터 프레임 `0|H0STCNT0|001|값^값^…`: 암호화 여부 | tr_id | 레코드 수 | `^`로 이은 값. 값의 이름은 명세서 시트의
#   순서로 붙입니다(`kislearn.catalog`). `PINGPONG`은 그대로 돌려보냅니다.
# - 체결통보(`H0STCNI9` 모의 / `H0STCNI0` 실전, `tr_key`는 HTS ID)는 AES-256-CBC로 암호화되어 오고, 구독 답의 `key`·`iv`로
#   풉니다. `CNTG_YN` `1` 접수, `2` 체결.
# - `kislearn.realtime.connect(broker)`와 `feed.subscribe(...)`, `feed.subscribe_notices(...)`, `feed.records(...)`가
#   이 모두를 대신하고, `LivePrice`는 그 위에서 가격을 보여 주는 위젯입니다.
#
# ## 연습문제
#
# 1. SK하이닉스(`000660`)의 실시간체결가를 구독하고 시계를 1분 움직여, 그 1분 동안의 체결 건수와 가장 높은 체결가를
#    출력해 보세요.
# 2. 실시간호가(`feed.subscribe("005930", "asking")`, `H0STASP0`)를 구독하고 시계를 10초 움직여, 마지막 레코드의
#    매도호가1(`ASKP1`)·매수호가1(`BIDP1`)과 그 차이를 출력해 보세요. 차이는 삼성전자의 호가단위와 같나요?
#
# 정답은 아래 숨긴 셀을 펼쳐 보세요.

# %% jupyter={"source_hidden": true}
# 이 셀만 복사해도 돌아가도록, 정답 확인용 샌드박스를 따로 띄우고 끝나면 치웁니다.
import tempfile

import kislearn
from kislearn import realtime
from kislearn.sandbox import Sandbox, demo_app
from kislearn.sandbox_tools import move_clock

app = demo_app("paper", student="실시간")
with Sandbox(port=0, clock="fixed@2026-11-20T10:00") as practice, tempfile.TemporaryDirectory() as tokens:
    client = kislearn.KoreaInvestment(app.appkey, app.appsecret, "50010001-01", mock=True,
                                      base_url=practice.url_for("paper"), token_cache=tokens)
    with realtime.connect(client, numbers=True) as practice_feed:
        practice_feed.subscribe("000660")
        move_clock(client, minutes=1)
        hynix = list(practice_feed.records(timeout=3))
        print("1번:", len(hynix), "건, 가장 높은 체결가", f"{max(tick['STCK_PRPR'] for tick in hynix):,}원")

        practice_feed.unsubscribe("000660")
        practice_feed.subscribe("005930", "asking")
        move_clock(client, seconds=10)
        book = list(practice_feed.records(timeout=3))[-1]
        print("2번: 매도호가1", f"{book['ASKP1']:,}원 | 매수호가1", f"{book['BIDP1']:,}원 | 차이",
              f"{book['ASKP1'] - book['BIDP1']:,}원")
        print("    삼성전자의 호가단위:", client.fetch_price("005930")["output"]["aspr_unit"], "원")

# %% [markdown]
# 다 썼으면 위젯의 구독을 풀고, 실시간 세션과 샌드박스를 멈추고, 토큰 캐시로 쓴 임시 폴더를 지웁니다.

# %%
live.stop()
feed.stop()
sandbox.stop()
workspace.cleanup()
