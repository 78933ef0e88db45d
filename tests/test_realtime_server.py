"""The sandbox's WebSocket server over a real connection on loopback, on a fixed market clock: what arrives is
exactly what the market's path made while the test moved the clock. No timing assumptions: the tests wait for
frames with generous timeouts and never for "nothing to arrive" (they wait for a later, known frame instead).

Two kinds of client: a plain ``websockets`` client that reads the frames the way the official sample does
(split on ``|`` and ``^``, its own AES decryption), and kislearn's own (``kislearn.realtime``)."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from datetime import datetime, timedelta

import pytest
from Crypto.Cipher import AES
from Crypto.Util.Padding import unpad
from helpers import filled_record
from websockets.sync.client import connect

from kislearn import catalog, spec
from kislearn.realtime import AsyncRealtime, Realtime, SubscriptionError
from kislearn.sandbox.market import Market, MarketClock
from kislearn.sandbox.orders import Order
from kislearn.sandbox.realtime import ApprovalBook, RealtimeServer, order_events
from kislearn.sandbox.samples import demo_app

TEN = datetime(2026, 11, 20, 10, 0, tzinfo=spec.KST)
WAIT = 20.0  # seconds: generous, the cores are shared
TRADE_FIELDS = len(catalog.find("H0STCNT0").response_fields)  # 46


@pytest.fixture(scope="module")
def market():
    return Market.from_sample_data()


@pytest.fixture
def clock():
    return MarketClock("fixed", start=TEN)


@pytest.fixture
def approvals():
    return ApprovalBook()


@pytest.fixture
def server(approvals, market, clock):
    server = RealtimeServer(approvals, market, clock, feed_interval=0.02).start()
    yield server
    server.stop()


def subscribe_text(key, tr_id="H0STCNT0", tr_key="005930", tr_type="1"):
    return json.dumps(
        {
            "header": {"approval_key": key, "custtype": "P", "tr_type": tr_type, "content-type": "utf-8"},
            "body": {"input": {"tr_id": tr_id, "tr_key": tr_key}},
        }
    )


def read_frame(text: str, width: int) -> list:
    """A data frame as the official sample splits it: 4 parts on '|', then ``count`` records of fields on '^'."""
    encrypted, tr_id, count, payload = text.split("|", 3)
    values = payload.split("^")
    assert len(values) == int(count) * width
    return [values[i * width : (i + 1) * width] for i in range(int(count))]


def official_decrypt(key: str, iv: str, cipher_text: str) -> str:
    cipher = AES.new(key.encode("utf-8"), AES.MODE_CBC, iv.encode("utf-8"))
    return bytes.decode(unpad(cipher.decrypt(base64.b64decode(cipher_text)), AES.block_size))


def receive_trades(ws, how_many: int, tr_key: str = "005930") -> list:
    """Records of ``tr_key``'s H0STCNT0 frames until ``how_many`` arrived (others are skipped)."""
    records = []
    while len(records) < how_many:
        text = ws.recv(timeout=WAIT)
        if text.startswith("0|H0STCNT0|"):
            records += [r for r in read_frame(text, TRADE_FIELDS) if r[0] == tr_key]
    return records


# ---------------------------------------------------------------------------------------------------
# The acceptance tests
# ---------------------------------------------------------------------------------------------------
def test_a_subscriber_receives_exactly_the_ticks_the_path_made(server, approvals, market, clock):
    key = approvals.issue(demo_app("paper")).key
    with connect(server.url + "/tryitout") as ws:
        ws.send(subscribe_text(key))
        answer = json.loads(ws.recv(timeout=WAIT))
        assert answer["body"]["msg1"] == "SUBSCRIBE SUCCESS"
        start = clock.now()
        clock.advance(seconds=90)
        expected = market.trades("005930", start, clock.now())
        assert len(expected) > 5
        records = receive_trades(ws, len(expected))
        assert all(len(record) == TRADE_FIELDS for record in records)
        assert [(r[1], int(r[2]), int(r[12])) for r in records] == [
            (t.time.strftime("%H%M%S"), t.price, t.quantity) for t in expected
        ]


def test_unsubscribing_stops_the_ticks(server, approvals, market, clock):
    key = approvals.issue(demo_app("paper")).key
    with connect(server.url) as ws:
        for symbol in ("005930", "000660"):
            ws.send(subscribe_text(key, tr_key=symbol))
            assert json.loads(ws.recv(timeout=WAIT))["body"]["msg_cd"] == "OPSP0000"
        first = clock.now()
        clock.advance(seconds=60)
        both = market.trades("005930", first, clock.now()), market.trades("000660", first, clock.now())
        got = [frame for frame in (ws.recv(timeout=WAIT) for _ in range(len(both[0]) + len(both[1])))]
        assert {text.split("^")[0][-6:] for text in got} == {"005930", "000660"}
        ws.send(subscribe_text(key, tr_type="2"))
        assert json.loads(ws.recv(timeout=WAIT))["body"]["msg1"] == "UNSUBSCRIBE SUCCESS"
        second = clock.now()
        clock.advance(seconds=60)
        still = market.trades("000660", second, clock.now())
        assert still and market.trades("005930", second, clock.now())
        # one feed step queues every subscription's frames together (005930 would come first): so once all of
        # 000660's frames of the step are in, a 005930 frame of that step would have been seen
        after = [ws.recv(timeout=WAIT) for _ in range(len(still))]
        assert all(text.split("|", 3)[3].startswith("000660^") for text in after)


def test_a_buy_orders_fill_arrives_as_an_encrypted_notice(server, approvals):
    app = demo_app("paper")
    key = approvals.issue(app).key
    with connect(server.url) as ws:
        ws.send(subscribe_text(key, "H0STCNI9", "myhtsid"))
        answer = json.loads(ws.recv(timeout=WAIT))
        assert answer["header"]["encrypt"] == "Y"
        aes_key, aes_iv = answer["body"]["output"]["key"], answer["body"]["output"]["iv"]
        record = filled_record("0000000042", "100000", Order("buy", "005930", "00", 7, 97800), 97700, 98)
        for event in order_events(app.appkey, "50010002-01", record, "삼성전자"):
            server.notify(event)
        notices = []
        for _ in range(2):
            flag, tr_id, count, sealed = ws.recv(timeout=WAIT).split("|")
            assert (flag, tr_id, count) == ("1", "H0STCNI9", "001")
            names = [f.name for f in catalog.find("H0STCNI9").response_fields]
            notices.append(dict(zip(names, official_decrypt(aes_key, aes_iv, sealed).split("^"), strict=True)))
    accepted, filled = notices
    assert accepted["CNTG_YN"] == "1" and filled["CNTG_YN"] == "2"
    assert filled["ODER_NO"] == "0000000042" and int(filled["CNTG_QTY"]) == 7 and int(filled["CNTG_UNPR"]) == 97700
    assert int(filled["ODER_QTY"]) == 7 and int(filled["ODER_PRC"]) == 97800 and filled["SELN_BYOV_CLS"] == "02"


def test_a_notice_goes_only_to_the_app_that_ordered(server, approvals):
    mine, other = demo_app("paper"), demo_app("paper", student="someone")
    record = filled_record("0000000043", "100000", Order("buy", "005930", "01", 1, 0), 97700, 14)
    with connect(server.url) as ws_mine, connect(server.url) as ws_other:
        for ws, app in ((ws_mine, mine), (ws_other, other)):
            ws.send(subscribe_text(approvals.issue(app).key, "H0STCNI9", "hts"))
            assert json.loads(ws.recv(timeout=WAIT))["body"]["rt_cd"] == "0"
        for event in order_events(other.appkey, "50010002-01", record, "삼성전자"):
            server.notify(event)
        for event in order_events(mine.appkey, "50010002-01", record, "삼성전자"):
            server.notify(event)
        assert ws_mine.recv(timeout=WAIT).startswith("1|H0STCNI9|001|")
        assert ws_other.recv(timeout=WAIT).startswith("1|H0STCNI9|001|")
    assert server.stats["notices_sent"] == 4  # two each: nobody got the other's


def test_pingpong_is_sent_and_kislearns_client_answers_it(approvals, market, clock):
    with RealtimeServer(approvals, market, clock, feed_interval=0.02, pingpong_interval=0.2).start() as server:
        with connect(server.url) as ws:
            ping = json.loads(ws.recv(timeout=WAIT))
            assert ping == {"header": {"tr_id": "PINGPONG", "datetime": "20261120100000"}}
        with Realtime(server.url, approvals.issue(demo_app("paper")).key, "paper") as feed:
            feed.subscribe("005930")
            deadline = time.monotonic() + WAIT
            while server.stats["pingpong_answers"] == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert server.stats["pingpong_answers"] >= 1 and feed.stats["pingpongs"] >= 1


def test_a_bad_approval_key_is_refused_as_kis_does(server):
    with connect(server.url) as ws:
        ws.send(subscribe_text("00000000-0000-0000-0000-000000000000"))
        answer = json.loads(ws.recv(timeout=WAIT))
    assert answer["body"] == {"rt_cd": "1", "msg_cd": "OPSP0011", "msg1": "invalid approval : NOT FOUND"}
    assert answer["header"]["tr_id"] == "H0STCNT0" and answer["header"]["tr_key"] == "005930"
    with Realtime(server.url, "not-a-key", "paper") as feed:
        with pytest.raises(SubscriptionError) as refused:
            feed.subscribe("005930")
    assert refused.value.msg_cd == "OPSP0011" and "접속키" in str(refused.value)


# ---------------------------------------------------------------------------------------------------
# kislearn's client: records, several records a frame, asyncio, reconnecting, stopping
# ---------------------------------------------------------------------------------------------------
def test_the_client_splits_frames_of_several_records(approvals, market, clock):
    with RealtimeServer(approvals, market, clock, feed_interval=0.02, records_per_frame=5).start() as server:
        with Realtime(server.url, approvals.issue(demo_app("paper")).key, "paper", numbers=True) as feed:
            feed.subscribe("005930")
            start = clock.now()
            clock.advance(seconds=120)
            expected = market.trades("005930", start, clock.now())
            records = list(feed.records(limit=len(expected), timeout=WAIT))
            assert feed.stats["frames"] < len(expected)  # several records a frame
    assert [(r["STCK_CNTG_HOUR"], r["STCK_PRPR"], r["CNTG_VOL"]) for r in records] == [
        (t.time.strftime("%H%M%S"), t.price, t.quantity) for t in expected
    ]
    assert all(len(r) == TRADE_FIELDS and r.tr_id == "H0STCNT0" for r in records)


def test_the_asking_feed_and_the_notices_with_the_async_client(approvals, market, clock):
    app = demo_app("paper")

    async def scenario(server):
        async with AsyncRealtime(server.url, approvals.issue(app).key, "paper", numbers=True) as feed:
            await feed.subscribe("000660", "호가")
            await feed.subscribe_notices("myhtsid")
            clock.advance(seconds=30)
            book = await feed.get(timeout=WAIT)
            record = filled_record("0000000044", "100030", Order("buy", "000660", "01", 2, 0), 50000, 15)
            for event in order_events(app.appkey, "50010002-01", record, "SK하이닉스"):
                server.notify(event)
            notices = []
            async for item in feed.records(timeout=WAIT):
                if item.tr_id == "H0STCNI9":
                    notices.append(item)
                if len(notices) == 2:
                    break
            return book, notices

    with RealtimeServer(approvals, market, clock, feed_interval=0.02).start() as server:
        book, notices = asyncio.run(scenario(server))
    assert book.tr_id == "H0STASP0" and len(book) == 59 and book["ASKP1"] > book["BIDP1"] > 0
    assert [n["CNTG_YN"] for n in notices] == ["1", "2"]
    assert notices[1]["ODER_NO"] == "0000000044" and notices[1]["CNTG_QTY"] == 2 and notices[1].encrypted


def test_the_client_reconnects_and_subscribes_again(approvals, market, clock):
    first = RealtimeServer(approvals, market, clock, feed_interval=0.02).start()
    port = first.port
    key = approvals.issue(demo_app("paper")).key
    with Realtime(first.url, key, "paper") as feed:
        feed.subscribe("005930")
        first.stop()  # the connection drops
        second = RealtimeServer(approvals, market, clock, port=port, feed_interval=0.02).start()
        try:
            deadline = time.monotonic() + WAIT
            while second.stats["subscriptions_open"] == 0 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert second.stats["subscriptions_open"] == 1 and feed.stats["reconnects"] == 1
            start = clock.now()
            clock.advance(seconds=30)
            expected = market.trades("005930", start, clock.now())
            records = list(feed.records(limit=len(expected), timeout=WAIT))
            assert [r["STCK_CNTG_HOUR"] for r in records] == [t.time.strftime("%H%M%S") for t in expected]
        finally:
            second.stop()


def test_a_clean_stop_ends_the_records_and_closes_the_session(server, approvals):
    feed = Realtime(server.url, approvals.issue(demo_app("paper")).key, "paper").start()
    feed.subscribe("005930")
    assert server.stats["sessions_open"] == 1
    feed.stop()
    assert list(feed.records(timeout=WAIT)) == [] and not feed.running
    deadline = time.monotonic() + WAIT
    while server.stats["sessions_open"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.stats["sessions_open"] == 0


def test_the_42nd_subscription_raises_with_a_korean_hint(server, approvals, market):
    with Realtime(server.url, approvals.issue(demo_app("paper")).key, "paper") as feed:
        for tr_id in ("price", "asking"):
            for symbol in market.symbols[:20]:
                feed.subscribe(symbol, tr_id)
        feed.subscribe(market.symbols[20])
        with pytest.raises(SubscriptionError, match="41개") as refused:
            feed.subscribe(market.symbols[21])
    assert refused.value.msg_cd == "OPSP0008" and refused.value.msg1 == "MAX SUBSCRIBE OVER"


def test_a_plain_http_request_gets_json(server):
    import requests

    session = requests.Session()
    session.trust_env = False
    answer = session.get(f"http://127.0.0.1:{server.port}/", timeout=WAIT)
    assert answer.status_code == 426 and answer.headers["Content-Type"].startswith("application/json")
    assert answer.json()["rt_cd"] == "1" and answer.json()["msg_cd"] == "SBX00426"


def test_a_running_clock_streams_by_itself(approvals, market):
    clock = MarketClock("fast", start=TEN, speed=600)  # ten minutes of market a second
    with RealtimeServer(approvals, market, clock, feed_interval=0.02).start() as server:
        with Realtime(server.url, approvals.issue(demo_app("paper")).key, "paper") as feed:
            feed.subscribe("005930")
            records = list(feed.records(limit=20, timeout=WAIT))
    times = [r["STCK_CNTG_HOUR"] for r in records]
    assert len(records) == 20 and times == sorted(times) and times[0] >= "100000"
    assert datetime.strptime(times[-1], "%H%M%S") - datetime.strptime(times[0], "%H%M%S") <= timedelta(hours=1)
