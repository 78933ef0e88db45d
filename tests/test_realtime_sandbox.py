"""The real-time service wired into the sandbox: ``POST /oauth2/Approval`` (both flavours, the host root and the
prefixes), the WebSocket server beside the HTTP server (its port in ``/sandbox/health``), 체결통보 from the order
route, and the clients that speak it: kislearn.realtime, the official sample's way of reading frames, mojito2's
``KoreaInvestmentWS`` and python-kis — each unchanged, pointed at the sandbox by its addresses only.

The market clock is fixed unless a test says otherwise; frames are awaited with generous timeouts."""

from __future__ import annotations

import asyncio
import base64
import json
import queue
import threading
import time
from datetime import datetime
from io import StringIO

import pandas as pd
import pytest
import requests
import websockets
from Crypto.Cipher import AES
from Crypto.Util.Padding import unpad
from websockets.sync.client import connect

from kislearn import KoreaInvestment, catalog, realtime, spec
from kislearn.sandbox.market import MarketClock
from kislearn.sandbox.samples import demo_app
from kislearn.sandbox.server import banner

TEN = datetime(2026, 11, 20, 10, 0, tzinfo=spec.KST)
WAIT = 20.0
SMALL = "50010002-01"
TRADE_COLUMNS = [f.name for f in catalog.find("H0STCNT0").response_fields]
NOTICE_COLUMNS = [f.name for f in catalog.find("H0STCNI9").response_fields]


@pytest.fixture
def live(start_sandbox):
    """A sandbox whose market clock stands still at 2026-11-20 10:00 until a test moves it."""
    return start_sandbox(clock=MarketClock("fixed", start=TEN))


@pytest.fixture
def http():
    session = requests.Session()
    session.trust_env = False
    return session


def approval_key(http, base: str, app) -> str:
    answer = http.post(
        f"{base}{spec.APPROVAL_PATH}",
        json={"grant_type": "client_credentials", "appkey": app.appkey, "secretkey": app.appsecret},
        timeout=WAIT,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["approval_key"]


def subscribe_text(key, tr_id="H0STCNT0", tr_key="005930", tr_type="1") -> str:
    header = {"approval_key": key, "custtype": "P", "tr_type": tr_type, "content-type": "utf-8"}
    return json.dumps({"header": header, "body": {"input": {"tr_id": tr_id, "tr_key": tr_key}}})


def aes_cbc_base64_dec(key, iv, cipher_text):
    """The official sample's decryption (kis_auth.py), written out."""
    cipher = AES.new(key.encode("utf-8"), AES.MODE_CBC, iv.encode("utf-8"))
    return bytes.decode(unpad(cipher.decrypt(base64.b64decode(cipher_text)), AES.block_size))


def broker_for(sandbox, app, tmp_path, account=SMALL) -> KoreaInvestment:
    return KoreaInvestment(
        app.appkey,
        app.appsecret,
        account,
        mock=app.flavour == "paper",
        base_url=sandbox.url,
        token_cache=tmp_path,
        calls_per_second=None,
    )


# ---------------------------------------------------------------------------------------------------
# POST /oauth2/Approval
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("flavour", ["paper", "real"])
def test_an_approval_key_at_the_root_and_under_its_prefix(live, http, flavour):
    app = demo_app(flavour)
    keys = {approval_key(http, live.url, app), approval_key(http, live.url_for(flavour), app)}
    assert len(keys) == 2 and all(len(key) == 36 and key.count("-") == 4 for key in keys)  # the example's shape
    other = "real" if flavour == "paper" else "paper"
    body = {"grant_type": "client_credentials", "appkey": app.appkey, "secretkey": app.appsecret}
    wrong_host = http.post(f"{live.url_for(other)}{spec.APPROVAL_PATH}", json=body, timeout=WAIT)
    assert wrong_host.json()["error_code"] == "EGW00103"  # the key is not known on that host, as for tokenP


def test_the_approval_endpoint_checks_the_keys_as_the_token_endpoint_does(live, http):
    app = demo_app("paper")

    def refused(**body):
        answer = http.post(f"{live.url}{spec.APPROVAL_PATH}", json=body, timeout=WAIT)
        token = http.post(f"{live.url}{spec.TOKEN_PATH}", json=_as_token_body(body), timeout=WAIT)
        assert (answer.status_code, answer.json()) == (token.status_code, token.json())
        return answer.json()["error_code"]

    grant = "client_credentials"
    assert refused(grant_type=grant, appkey="X" * 36, secretkey=app.appsecret) == "EGW00103"
    assert refused(grant_type=grant, appkey=app.appkey, secretkey="nope") == "EGW00105"
    assert refused(grant_type="password", appkey=app.appkey, secretkey=app.appsecret) == "SBX00004"
    # the secret goes by the name secretkey here: appsecret (the token's name for it) is no secret at all
    sent_appsecret = http.post(
        f"{live.url}{spec.APPROVAL_PATH}", json={"grant_type": grant, "appkey": app.appkey, "appsecret": app.appsecret}
    )
    assert sent_appsecret.json()["error_code"] == "EGW00105"


def _as_token_body(body: dict) -> dict:
    return {("appsecret" if name == "secretkey" else name): value for name, value in body.items()}


# ---------------------------------------------------------------------------------------------------
# The WebSocket server beside the HTTP server
# ---------------------------------------------------------------------------------------------------
def test_the_websocket_port_is_announced_and_serves_the_approval_keys(live, http):
    health = http.get(f"{live.url}/sandbox/health", timeout=WAIT).json()
    assert live.ws_url == f"ws://127.0.0.1:{health['websocket_port']}" and health["websocket_port"] != live.port
    assert live.ws_url in banner(live) and "ops·vops" in banner(live)
    key = approval_key(http, live.url, demo_app("paper"))
    with connect(live.ws_url + "/tryitout") as ws:
        ws.send(subscribe_text(key))
        assert json.loads(ws.recv(timeout=WAIT))["body"]["msg1"] == "SUBSCRIBE SUCCESS"
        ws.send(subscribe_text("a2585daf-8c09-4587-9fce-8ab893000000", tr_key="000660"))
        assert json.loads(ws.recv(timeout=WAIT))["body"]["msg_cd"] == "OPSP0011"
        live.clock.advance(seconds=60)
        expected = live.market.trades("005930", TEN, live.clock.now())
        frames = [ws.recv(timeout=WAIT) for _ in expected]
    assert [f.split("|")[3].split("^")[2] for f in frames] == [str(t.price) for t in expected]


def test_the_ports_follow_each_other():
    from kislearn.sandbox.server import websocket_port_for

    assert websocket_port_for(8434) == 18434 and websocket_port_for(0) == 0 and websocket_port_for(60000) == 0


# ---------------------------------------------------------------------------------------------------
# 체결통보 from the order route
# ---------------------------------------------------------------------------------------------------
def test_a_buy_orders_fill_arrives_as_an_encrypted_h0stcni9_notice(live, http, tmp_path):
    app = demo_app("paper")
    broker = broker_for(live, app, tmp_path)
    with connect(live.ws_url) as ws:
        ws.send(subscribe_text(approval_key(http, live.url, app), "H0STCNI9", "myhtsid"))
        answer = json.loads(ws.recv(timeout=WAIT))
        assert answer["header"]["encrypt"] == "Y"
        key, iv = answer["body"]["output"]["key"], answer["body"]["output"]["iv"]
        resting = broker.create_limit_buy_order("005930", 70000, 2)["output"]["ODNO"]  # far below: it rests
        bought = broker.create_market_buy_order("005930", 3)["output"]["ODNO"]
        notices = []
        for _ in range(3):
            flag, tr_id, count, sealed = ws.recv(timeout=WAIT).split("|")
            assert (flag, tr_id, count) == ("1", "H0STCNI9", "001")
            notices.append(dict(zip(NOTICE_COLUMNS, aes_cbc_base64_dec(key, iv, sealed).split("^"), strict=True)))
    fill_price = live.orders(app.appkey)[-1].fill_price
    # the resting order's acceptance, then the market order's acceptance and fill: no fill for the resting one
    assert [(n["ODER_NO"], n["CNTG_YN"]) for n in notices] == [(resting, "1"), (bought, "1"), (bought, "2")]
    fill = notices[2]
    assert (int(fill["CNTG_QTY"]), int(fill["CNTG_UNPR"]), fill["STCK_SHRN_ISCD"]) == (3, fill_price, "005930")
    assert fill["SELN_BYOV_CLS"] == "02" and fill["ACNT_NO"] == SMALL.replace("-", "") and fill["CUST_ID"] == "myhtsid"
    assert int(notices[0]["CNTG_UNPR"]) == 70000 and int(notices[0]["CNTG_QTY"]) == 2


# ---------------------------------------------------------------------------------------------------
# kislearn.realtime with a client's settings
# ---------------------------------------------------------------------------------------------------
def test_realtime_connect_uses_the_clients_keys_and_finds_the_websocket(live, tmp_path):
    broker = broker_for(live, demo_app("paper"), tmp_path)
    with realtime.connect(broker, numbers=True) as feed:
        assert feed.url == live.ws_url and feed.flavour == "paper"
        feed.subscribe("005930")
        feed.subscribe_notices("myhtsid")
        live.clock.advance(seconds=45)
        expected = live.market.trades("005930", TEN, live.clock.now())
        ticks = list(feed.records(limit=len(expected), timeout=WAIT))
        odno = broker.create_market_buy_order("005930", 1)["output"]["ODNO"]
        notices = list(feed.records(limit=2, timeout=WAIT))
    assert [(t["STCK_CNTG_HOUR"], t["STCK_PRPR"]) for t in ticks] == [
        (t.time.strftime("%H%M%S"), t.price) for t in expected
    ]
    assert [(n.tr_id, n["ODER_NO"], n["CNTG_YN"], n["CNTG_QTY"]) for n in notices] == [
        ("H0STCNI9", odno, "1", 1),
        ("H0STCNI9", odno, "2", 1),
    ]


# ---------------------------------------------------------------------------------------------------
# The official sample (examples_user/kis_auth.py KISWebSocket): its connection, answers and frame reading
# ---------------------------------------------------------------------------------------------------
class OfficialSampleLike:
    """What kis_auth.KISWebSocket does: ``websockets.connect`` with its defaults (WebSocket pings every 20 s,
    compression offered), ``data_fetch``'s message, ``system_resp`` on JSON, ``ws.pong(raw)`` for PINGPONG, and
    ``pd.read_csv(StringIO(d), header=None, sep="^", names=columns, dtype=object)`` for every data frame."""

    def __init__(self, url: str, approval_key: str):
        self.url, self.approval_key = url, approval_key
        self.data_map: dict = {}
        self.frames: list = []
        self.pingpongs = 0

    def data_fetch(self, tr_id: str, tr_key: str) -> dict:
        header = {"content-type": "utf-8", "approval_key": self.approval_key, "tr_type": "1", "custtype": "P"}
        return {"header": header, "body": {"input": {"tr_id": tr_id, "tr_key": tr_key}}}

    async def run(self, subscriptions: list, until) -> None:
        async with websockets.connect(self.url + "/tryitout") as ws:
            for tr_id, tr_key, columns in subscriptions:
                self.data_map.setdefault(tr_id, {"columns": columns, "encrypt": None, "key": None, "iv": None})
                await ws.send(json.dumps(self.data_fetch(tr_id, tr_key)))
            async for raw in ws:
                if raw[0] in ["0", "1"]:
                    d1 = raw.split("|")
                    dm = self.data_map[d1[1]]
                    d = d1[3]
                    if dm.get("encrypt", None) == "Y":
                        d = aes_cbc_base64_dec(dm["key"], dm["iv"], d)
                    self.frames.append(
                        (d1[1], pd.read_csv(StringIO(d), header=None, sep="^", names=dm["columns"], dtype=object))
                    )
                else:
                    rdic = json.loads(raw)
                    tr_id = rdic["header"]["tr_id"]
                    if tr_id == "PINGPONG":
                        self.pingpongs += 1
                        await ws.pong(raw)
                    elif "output" in rdic.get("body", {}):
                        entry = self.data_map[tr_id]
                        entry.update(encrypt=rdic["header"]["encrypt"], **rdic["body"]["output"])
                if until(self):
                    return


def test_the_official_samples_client_receives_and_decodes_trades_and_notices(live, http, tmp_path):
    app = demo_app("real")  # the sample's auth_ws() defaults to the real server (svr="prod")
    client = OfficialSampleLike(live.ws_url, approval_key(http, live.url, app))
    live.realtime.pingpong_interval = 0.3  # a PINGPONG soon, so the sample's pong(raw) answer is exercised
    broker = broker_for(live, app, tmp_path)
    ordered = []

    def until(sample):
        if not ordered and sample.pingpongs and all(v["encrypt"] for v in sample.data_map.values()):
            live.clock.advance(seconds=60)
            ordered.append(broker.create_market_buy_order("005930", 2)["output"]["ODNO"])
        notices = [frame for tr_id, frame in sample.frames if tr_id == "H0STCNI0"]
        return len(notices) == 2 and len(sample.frames) >= 5

    asyncio.run(
        asyncio.wait_for(
            client.run([("H0STCNT0", "005930", TRADE_COLUMNS), ("H0STCNI0", "myhtsid", NOTICE_COLUMNS)], until),
            WAIT,
        )
    )
    trades = [frame for tr_id, frame in client.frames if tr_id == "H0STCNT0"]
    notices = [frame for tr_id, frame in client.frames if tr_id == "H0STCNI0"]
    expected = live.market.trades("005930", TEN, live.clock.now())
    assert all(frame.shape == (1, 46) for frame in trades)  # one record a frame: the sample reads it right
    assert [frame.loc[0, "STCK_PRPR"] for frame in trades] == [str(t.price) for t in expected[: len(trades)]]
    assert [(frame.loc[0, "ODER_NO"], frame.loc[0, "CNTG_YN"]) for frame in notices] == [
        (ordered[0], "1"),
        (ordered[0], "2"),
    ]
    assert client.pingpongs >= 1  # answered with pong(raw), and the session went on: the order came after it


# ---------------------------------------------------------------------------------------------------
# mojito2's KoreaInvestmentWS and python-kis, unchanged
# ---------------------------------------------------------------------------------------------------
def test_mojito2s_korea_investment_ws(live, monkeypatch, tmp_path):
    """mojito2 writes both addresses into its code: base_url is an attribute, the WebSocket address a local of
    ws_client(), so the test points websockets.connect at the sandbox (docs/other-clients.md shows the same)."""
    import mojito

    app = demo_app("real")  # mojito2's WebSocket is the real server's (21000, H0STCNI0)
    real_connect = websockets.connect
    monkeypatch.setattr(websockets, "connect", lambda uri, **options: real_connect(live.ws_url, **options))
    ws = mojito.KoreaInvestmentWS(app.appkey, app.appsecret, ["H0STCNT0", "H0STASP0"], ["005930"], user_id="myhtsid")
    ws.base_url = live.url
    thread = threading.Thread(target=lambda: _quietly(asyncio.run, ws.ws_client()), daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while live.realtime.stats["subscriptions_open"] < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert live.realtime.stats["subscriptions_open"] == 3
    live.clock.advance(seconds=30)
    expected = live.market.trades("005930", TEN, live.clock.now())
    odno = broker_for(live, app, tmp_path).create_market_buy_order("005930", 4)["output"]["ODNO"]
    got = {"체결": [], "호가": [], "체잔": []}
    while min(len(got["체결"]), len(got["호가"])) < len(expected) or len(got["체잔"]) < 2:
        if time.monotonic() > deadline:
            break
        try:
            kind, data = ws.queue.get(timeout=1)
        except queue.Empty:
            continue
        got[kind].append(data)
    live.stop()  # ends mojito2's receive loop
    thread.join(WAIT)
    ws.queue.close()  # its feeder thread would outlive the test (other tests count threads)
    ws.queue.join_thread()
    assert [d["주식현재가"] for d in got["체결"]] == [str(t.price) for t in expected]
    assert len(got["호가"]) == len(expected) and all(int(d["매도호가01"]) > int(d["매수호가01"]) for d in got["호가"])
    assert [(d["주문번호"], d["체결여부"], int(d["체결수량"])) for d in got["체잔"]] == [(odno, "1", 4), (odno, "2", 4)]


def _quietly(run, coroutine):
    try:
        run(coroutine)
    except Exception:  # the sandbox stopped: mojito2's recv() raises ConnectionClosed
        pass


def test_python_kis_realtime_prices(live, monkeypatch, tmp_path):
    """python-kis 2.1.6 with its four domain constants at the sandbox (REST at the root, WebSocket beside it)."""
    import pykis
    import pykis.client.websocket
    import pykis.kis

    monkeypatch.setattr(pykis.kis, "REAL_DOMAIN", live.url)
    monkeypatch.setattr(pykis.kis, "VIRTUAL_DOMAIN", live.url)
    monkeypatch.setattr(pykis.client.websocket, "WEBSOCKET_REAL_DOMAIN", live.ws_url)
    monkeypatch.setattr(pykis.client.websocket, "WEBSOCKET_VIRTUAL_DOMAIN", live.ws_url)
    monkeypatch.chdir(tmp_path)
    real, paper = demo_app("real"), demo_app("paper")
    kis = pykis.PyKis(
        id="sandbox",
        account="50010001-01",
        appkey=real.appkey,
        secretkey=real.appsecret,
        virtual_id="sandbox",
        virtual_appkey=paper.appkey,
        virtual_secretkey=paper.appsecret,
        keep_token=False,
    )
    prices = []
    ticket = kis.stock("005930").on("price", lambda _sender, event: prices.append(event.response))
    try:
        deadline = time.monotonic() + WAIT
        while live.realtime.stats["subscriptions_open"] == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        live.clock.advance(seconds=30)
        expected = live.market.trades("005930", TEN, live.clock.now())
        while len(prices) < len(expected) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        ticket.unsubscribe()
        kis.websocket.disconnect()
    assert [(int(p.price), p.time.strftime("%H%M%S")) for p in prices] == [
        (t.price, t.time.strftime("%H%M%S")) for t in expected
    ]
    assert all(p.symbol == "005930" for p in prices)


def test_a_bad_ws_port_option_is_one_korean_line():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "kislearn", "sandbox", "--ws-port", "99999"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "--ws-port '99999'" in result.stderr and "invalid port" in result.stderr and "18434" in result.stderr


def test_a_resting_orders_later_fill_is_noticed_without_a_rest_request(live, http, tmp_path):
    """The clock moves (here from Python; on a course clock by itself) and the path reaches the limit: the fill
    notice comes from the feed loop, no REST request needed."""
    app = demo_app("paper")
    broker = broker_for(live, app, tmp_path)
    low = live.market.daily_bar("005930", TEN.date()).low
    with connect(live.ws_url) as ws:
        ws.send(subscribe_text(approval_key(http, live.url, app), "H0STCNI9", "myhtsid"))
        answer = json.loads(ws.recv(timeout=WAIT))
        key, iv = answer["body"]["output"]["key"], answer["body"]["output"]["iv"]
        odno = broker.create_limit_buy_order("005930", low, 1)["output"]["ODNO"]
        live.clock.advance(hours=5)  # past the day's low; nothing asks the REST server from here on
        notices = []
        for _ in range(2):
            sealed = ws.recv(timeout=WAIT).split("|")[3]
            notices.append(dict(zip(NOTICE_COLUMNS, aes_cbc_base64_dec(key, iv, sealed).split("^"), strict=True)))
    assert [(n["ODER_NO"], n["CNTG_YN"]) for n in notices] == [(odno, "1"), (odno, "2")]
    assert int(notices[1]["CNTG_UNPR"]) == low and notices[1]["STCK_CNTG_HOUR"] > "100000"
