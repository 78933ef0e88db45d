"""The real-time protocol without a network: the wire format, the sandbox's session answers, the records of the
price feeds and the notices, and the feed's cursor. (The same over a real WebSocket: test_realtime_server.py.)"""

from __future__ import annotations

import base64
import json
from datetime import date, datetime, timedelta

import pytest
from Crypto.Cipher import AES
from Crypto.Util.Padding import unpad
from helpers import filled_record

from kislearn import catalog, realtime_format, spec
from kislearn.realtime.answers import SubscriptionError, read_answer
from kislearn.realtime.feeds import tr_id_for
from kislearn.realtime.records import Record, read_records
from kislearn.sandbox.market import Market, MarketClock
from kislearn.sandbox.orders import Order
from kislearn.sandbox.realtime import answers
from kislearn.sandbox.realtime.approvals import ApprovalBook
from kislearn.sandbox.realtime.feed import due_frames, new_records
from kislearn.sandbox.realtime.notices import FILLED, notice_record, order_events
from kislearn.sandbox.realtime.records import asking_values, field_names, trade_values
from kislearn.sandbox.realtime.session import SUBSCRIPTION_LIMIT, Session
from kislearn.sandbox.realtime.tape import TapeLibrary
from kislearn.sandbox.samples import demo_app

DAY = date(2026, 11, 20)  # the sample data's trading day
TEN = datetime(2026, 11, 20, 10, 0, tzinfo=spec.KST)


@pytest.fixture(scope="module")
def market():
    return Market.from_sample_data()


@pytest.fixture(scope="module")
def tapes(market):
    return TapeLibrary(market)


def official_decrypt(key: str, iv: str, cipher_text: str) -> str:
    """The official sample's kis_auth.aes_cbc_base64_dec, written out (independent of kislearn's)."""
    cipher = AES.new(key.encode("utf-8"), AES.MODE_CBC, iv.encode("utf-8"))
    return bytes.decode(unpad(cipher.decrypt(base64.b64decode(cipher_text)), AES.block_size))


def message(approval_key, tr_id="H0STCNT0", tr_key="005930", tr_type="1", **header) -> str:
    head = {"approval_key": approval_key, "custtype": "P", "tr_type": tr_type, "content-type": "utf-8", **header}
    return json.dumps({"header": head, "body": {"input": {"tr_id": tr_id, "tr_key": tr_key}}})


def body_of(answer_text: str) -> dict:
    return json.loads(answer_text)["body"]


# ---------------------------------------------------------------------------------------------------
# The wire format
# ---------------------------------------------------------------------------------------------------
def test_encryption_round_trip_and_the_official_decryption():
    key, iv = "abcdefghijklmnopabcdefghijklmnop", "0123456789abcdef"  # the workbook's example sizes
    text = "HTS ID^1234567801^0000002891^^02^0^00^0^136480^0000000001^000003190^094941^하림"
    sealed = realtime_format.encrypt(text, key, iv)
    assert official_decrypt(key, iv, sealed) == text
    assert realtime_format.decrypt(sealed, key, iv) == text
    with pytest.raises(ValueError):
        realtime_format.encrypt(text, key[:16], iv)  # AES-256 needs 32 bytes


def test_data_frames_split_into_their_parts():
    frame = realtime_format.data_frame("H0STCNT0", ["a^b", "c^d"])
    assert frame == "0|H0STCNT0|002|a^b^c^d"
    parts = realtime_format.read_data_frame(frame)
    assert (parts.encrypted, parts.tr_id, parts.count) == (False, "H0STCNT0", 2)
    assert realtime_format.split_records(parts.payload, 2, 2) == [["a", "b"], ["c", "d"]]
    with pytest.raises(realtime_format.FrameFormatError):
        realtime_format.split_records(parts.payload, 2, 3)
    assert not realtime_format.is_data_frame('{"header": {}}')
    assert not realtime_format.is_data_frame("2|H0STCNT0|001|x")
    for text in ("0|H0STCNT0|abc|x", "0|H0STCNT0|000|x", "0|H0STCNT0"):
        with pytest.raises(realtime_format.FrameFormatError):
            realtime_format.read_data_frame(text)


def test_the_subscription_message_has_the_workbooks_layout():
    sent = json.loads(realtime_format.subscription_message("KEY", "H0STCNT0", "005930", subscribe=False))
    example = catalog.find("H0STCNT0").examples.request
    assert sent.keys() == example.keys()
    assert sent["header"].keys() == example["header"].keys()
    assert sent["body"]["input"] == {"tr_id": "H0STCNT0", "tr_key": "005930"} and sent["header"]["tr_type"] == "2"


# ---------------------------------------------------------------------------------------------------
# The sandbox's answers
# ---------------------------------------------------------------------------------------------------
class Now:
    """A settable clock for approval keys."""

    def __init__(self, moment):
        self.moment = moment

    def __call__(self):
        return self.moment


@pytest.fixture
def book():
    return ApprovalBook(now=Now(datetime(2026, 11, 20, tzinfo=spec.KST)))


def test_a_subscription_is_answered_as_the_workbook_shows(book):
    key = book.issue(demo_app("paper")).key
    session = Session(book, MarketClock("fixed"))
    [text] = session.receive(message(key))
    answer = json.loads(text)
    example = catalog.find("H0STCNT0").examples.response_text
    shown = json.loads(example[example.index("{") : example.index("# output")])
    assert answer.keys() == shown.keys() and answer["header"].keys() == shown["header"].keys()
    assert answer["body"].keys() == shown["body"].keys()
    assert answer["body"]["msg1"] == "SUBSCRIBE SUCCESS" and answer["body"]["msg_cd"] == "OPSP0000"
    assert len(answer["body"]["output"]["key"]) == 32 and len(answer["body"]["output"]["iv"]) == 16
    assert answer["header"] == {"tr_id": "H0STCNT0", "tr_key": "005930", "encrypt": "N"}


def test_every_refusal_has_its_code(book):
    paper_key = book.issue(demo_app("paper")).key
    real_key = book.issue(demo_app("real")).key
    session = Session(book, MarketClock("fixed"))

    def code(text):
        [reply] = session.receive(text)
        return body_of(reply)["msg_cd"]

    assert code("not json") == "OPSP9999"
    assert code("[1, 2]") == "OPSP9999"
    assert code(json.dumps({"body": {}})) == "OPSP9998"
    assert code(json.dumps({"header": {"approval_key": paper_key}})) == "OPSP9992"
    assert code(json.dumps({"header": {"approval_key": paper_key}, "body": {}})) == "OPSP9991"
    assert code(json.dumps({"header": {}, "body": {"input": {"tr_id": "H0STCNT0"}}})) == "OPSP9990"
    assert code(message("not-a-key")) == "OPSP0011"  # invalid approval : NOT FOUND
    assert code(message(paper_key, custtype="X")) == "OPSP8998"
    assert code(message(paper_key, tr_type="0")) == "OPSP8997"
    assert code(message(paper_key, tr_id="H0XXXXX0")) == "OPSP8991"
    assert code(message(paper_key, tr_id="H0STCNI0", tr_key="hts")) == "OPSP8991"  # the real notices, on paper
    assert code(message(paper_key, tr_key="5930")) == "OPSP8992"
    assert code(message(paper_key, tr_type="2")) == "OPSP0003"  # nothing subscribed yet
    assert code(message(paper_key)) == "OPSP0000"
    assert code(message(paper_key)) == "OPSP0002"  # ALREADY IN SUBSCRIBE
    assert code(message(real_key)) == "OPSP0011"  # another app's key on this session
    assert code(message(paper_key, tr_type="2")) == "OPSP0001"
    assert {body_of(answers.answer(c))["rt_cd"] for c in answers.CODES.values() if not c.ok} == {"1"}


def test_the_42nd_subscription_is_refused(book, market):
    key = book.issue(demo_app("paper")).key
    session = Session(book, MarketClock("fixed"))
    symbols = market.symbols
    codes = [
        body_of(session.receive(message(key, tr_id, symbol))[0])["msg_cd"]
        for tr_id in ("H0STCNT0", "H0STASP0")
        for symbol in symbols[:21]
    ]
    assert codes[:SUBSCRIPTION_LIMIT] == ["OPSP0000"] * 41
    assert codes[41] == "OPSP0008" and body_of(answers.answer(answers.TOO_MANY))["msg1"] == "MAX SUBSCRIBE OVER"
    assert len(session.subscriptions) == 41


def test_the_notice_feed_is_encrypted_and_flavoured(book):
    for flavour, tr_id in (("paper", "H0STCNI9"), ("real", "H0STCNI0")):
        session = Session(book, MarketClock("fixed"))
        [text] = session.receive(message(book.issue(demo_app(flavour)).key, tr_id, "myhtsid"))
        answer = json.loads(text)
        assert answer["body"]["msg_cd"] == "OPSP0000" and answer["header"]["encrypt"] == "Y"
        assert session.notice_subscriptions()[0].tr_key == "myhtsid"


def test_an_approval_key_opens_sessions_for_24_hours_and_a_session_keeps_its_key():
    now = Now(datetime(2026, 11, 20, 9, tzinfo=spec.KST))
    book = ApprovalBook(now=now)
    key = book.issue(demo_app("paper")).key
    session = Session(book, MarketClock("fixed"))
    assert body_of(session.receive(message(key))[0])["msg_cd"] == "OPSP0000"
    now.moment += timedelta(hours=24)
    assert book.find(key) is None
    assert body_of(Session(book, MarketClock("fixed")).receive(message(key))[0])["msg_cd"] == "OPSP0011"
    assert body_of(session.receive(message(key, "H0STASP0"))[0])["msg_cd"] == "OPSP0000"  # opened before


def test_pingpong_coming_back_is_counted_not_answered(book):
    session = Session(book, MarketClock("fixed"))
    assert session.receive(realtime_format.pingpong_message("20261120100000")) == []
    assert session.pingpong_answers == 1


# ---------------------------------------------------------------------------------------------------
# Records: exactly the sheet's fields, values from the path
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("tr_id, maker, width", [("H0STCNT0", trade_values, 46), ("H0STASP0", asking_values, 59)])
def test_records_have_the_sheets_fields(tapes, tr_id, maker, width):
    tape = tapes.get("005930", DAY)
    names = [f.name for f in catalog.find(tr_id).response_fields]
    assert len(names) == width and field_names(tr_id) == tuple(names)
    for i in (0, 1, len(tape) // 2, len(tape) - 1):
        assert sorted(maker(tape, i)) == sorted(names)


def test_trade_records_follow_the_path(tapes):
    tape = tapes.get("005930", DAY)
    path = tape.path
    for i in range(len(tape)):
        values = trade_values(tape, i)
        assert values["STCK_PRPR"] == path.prices[i] and values["CNTG_VOL"] == path.quantities[i]
        assert values["ACML_VOL"] == path.cum_volume[i] and values["ACML_TR_PBMN"] == path.cum_turnover[i]
        assert values["STCK_LWPR"] <= values["STCK_PRPR"] <= values["STCK_HGPR"]
        assert values["BIDP1"] < values["ASKP1"] and values["STCK_PRPR"] in (values["BIDP1"], values["ASKP1"])
        assert values["PRDY_VRSS"] == path.prices[i] - path.bar.base
        assert values["SHNU_CNTG_SMTN"] + values["SELN_CNTG_SMTN"] == path.cum_volume[i] - path.quantities[0]
        assert values["STCK_CNTG_HOUR"] == path.time_of(i).strftime("%H%M%S")
    last = trade_values(tape, len(tape) - 1)
    bar = path.bar
    assert (last["STCK_OPRC"], last["STCK_HGPR"], last["STCK_LWPR"], last["STCK_PRPR"]) == (
        bar.open,
        bar.high,
        bar.low,
        bar.close,
    )
    assert (last["ACML_VOL"], last["ACML_TR_PBMN"]) == (bar.volume, bar.turnover)


def test_asking_records_are_a_book_around_the_trade(tapes):
    tape = tapes.get("000660", DAY)
    for i in range(0, len(tape), 97):
        values = asking_values(tape, i)
        asks = [values[f"ASKP{n}"] for n in range(1, 11) if values[f"ASKP{n}"]]
        bids = [values[f"BIDP{n}"] for n in range(1, 11) if values[f"BIDP{n}"]]
        assert asks == sorted(asks) and bids == sorted(bids, reverse=True) and bids[0] < asks[0]
        assert values["TOTAL_ASKP_RSQN"] == sum(values[f"ASKP_RSQN{n}"] for n in range(1, 11))


def test_the_client_reads_a_records_fields_by_name_and_as_numbers(tapes):
    tape = tapes.get("005930", DAY)
    frame_text = realtime_format.data_frame("H0STCNT0", [tape.record_text("H0STCNT0", i, _trade) for i in (5, 6)])
    frame = realtime_format.read_data_frame(frame_text)
    plain, numbers = read_records(frame, frame.payload), read_records(frame, frame.payload, numbers=True)
    assert [len(r) for r in plain] == [46, 46]
    assert plain[0]["STCK_PRPR"] == str(tape.path.prices[5]) and numbers[1]["STCK_PRPR"] == tape.path.prices[6]
    assert isinstance(numbers[0]["PRDY_CTRT"], float) and numbers[0]["STCK_CNTG_HOUR"] == plain[0]["STCK_CNTG_HOUR"]
    assert plain[0].korean()["주식 현재가"] == plain[0]["STCK_PRPR"] and isinstance(plain[0], Record)


def _trade(tape, i):
    from kislearn.sandbox.realtime.records import trade_record

    return trade_record(tape, i)


# ---------------------------------------------------------------------------------------------------
# The feed's cursor
# ---------------------------------------------------------------------------------------------------
def test_the_feed_sends_exactly_the_trades_between_two_moments(book, market, tapes):
    key = book.issue(demo_app("paper")).key
    clock = MarketClock("fixed", start=TEN)
    session = Session(book, clock)
    session.receive(message(key))
    subscription = session.subscriptions[("H0STCNT0", "005930")]
    assert new_records(tapes, subscription, TEN) == []
    later = TEN + timedelta(minutes=3)
    records = new_records(tapes, subscription, later)
    expected = market.trades("005930", TEN, later)
    assert [r.split("^")[1] for r in records] == [t.time.strftime("%H%M%S") for t in expected]
    assert [int(r.split("^")[2]) for r in records] == [t.price for t in expected]
    assert new_records(tapes, subscription, later) == [] and subscription.cursor == later


def test_a_jump_over_days_sends_the_day_before_and_today_only(book, market, tapes):
    key = book.issue(demo_app("paper")).key
    monday = datetime(2026, 11, 23, 9, 0, 30, tzinfo=spec.KST)  # the next trading day, 30 s after the open
    tuesday = monday + timedelta(days=1)
    tuesday_midnight = datetime(2026, 11, 24, tzinfo=spec.KST)
    # Friday 10:00 → Monday: the rest of Friday (closing print included) and Monday so far; → Tuesday: Tuesday only
    for now, expected in (
        (monday, market.trades("005930", TEN, monday)),
        (tuesday, market.trades("005930", tuesday_midnight, tuesday)),
    ):
        session = Session(book, MarketClock("fixed", start=TEN))
        session.receive(message(key))
        frames = due_frames(session, tapes, now, records_per_frame=4)
        assert sum(count for _, count in frames) == len(expected) > 0
        assert all(frame.startswith("0|H0STCNT0|") and count <= 4 for frame, count in frames)
        hours = [r.split("^")[1] for frame, _ in frames for r in _records(frame)]
        assert hours == [t.time.strftime("%H%M%S") for t in expected]


def _records(frame: str) -> list:
    parts = realtime_format.read_data_frame(frame)
    return ["^".join(r) for r in realtime_format.split_records(parts.payload, parts.count, 46)]


# ---------------------------------------------------------------------------------------------------
# 체결통보
# ---------------------------------------------------------------------------------------------------
def test_a_filled_order_makes_an_acceptance_and_a_fill_notice():
    record = filled_record("0000000007", "100012", Order("buy", "005930", "01", 3, 0), 97700, 42)
    accepted, filled = order_events("APPKEY", "50010002-01", record, "삼성전자")
    fields = [f.name for f in catalog.find("H0STCNI9").response_fields]
    assert len(fields) == 26
    for event, cntg_yn, quantity, price in ((accepted, "1", 3, 0), (filled, "2", 3, 97700)):
        values = dict(zip(fields, notice_record("H0STCNI9", event, "myhtsid").split("^"), strict=True))
        assert values["CNTG_YN"] == cntg_yn  # the 14th value: 1 접수, 2 체결 (official)
        assert list(values).index("CNTG_YN") == 13
        assert (values["ODER_NO"], values["STCK_SHRN_ISCD"], values["SELN_BYOV_CLS"]) == ("0000000007", "005930", "02")
        assert (int(values["CNTG_QTY"]), int(values["CNTG_UNPR"])) == (quantity, price)
        assert values["CUST_ID"] == "myhtsid" and values["ACNT_NO"] == "5001000201"
    assert filled.kind == FILLED


# ---------------------------------------------------------------------------------------------------
# The client's reading of answers and names
# ---------------------------------------------------------------------------------------------------
def test_the_client_reads_answers_and_explains_refusals():
    answer = read_answer(answers.answer(answers.SUBSCRIBED, "H0STCNI9", "id", encrypt=True, key="k" * 32, iv="i" * 16))
    assert answer.ok and answer.encrypt and answer.key == "k" * 32 and "k" * 32 not in repr(answer)
    assert read_answer(realtime_format.pingpong_message("20261120100000")) == "PINGPONG"
    error = SubscriptionError(read_answer(answers.answer(answers.TOO_MANY, "H0STCNT0", "005930")))
    assert error.msg_cd == "OPSP0008" and "41개" in str(error)


def test_feed_names():
    assert tr_id_for("price", "paper") == tr_id_for("체결가", "real") == "H0STCNT0"
    assert tr_id_for("호가", "paper") == "H0STASP0"
    assert (tr_id_for("notice", "paper"), tr_id_for("체결통보", "real")) == ("H0STCNI9", "H0STCNI0")
    assert tr_id_for("h0upcnt0", "real") == "H0UPCNT0"
    with pytest.raises(ValueError, match="모의투자"):
        tr_id_for("H0STCNI0", "paper")
    with pytest.raises(ValueError, match="unknown feed"):
        tr_id_for("prices", "paper")


def test_rates_are_rounded_half_up_like_decimal():
    from decimal import ROUND_HALF_UP, Decimal

    from kislearn.sandbox.realtime.records import percent, ratio

    for part, whole in ((-1000, 98700), (1, 8), (-1, 8), (5, 1000), (-5, 1000), (0, 7), (3, -7), (2, 3), (-2, 3)):
        exact = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert percent(part, whole) == f"{abs(exact) if exact == 0 else exact:f}", (part, whole)
    assert ratio(482917102100, 4938433) == "97787.52" and percent(1, 0) == "0.00"
