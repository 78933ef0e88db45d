"""KoreaInvestment's order methods: mojito2's signatures, new tr_ids, checks before sending, clear errors,
and an order is never sent twice by accident."""

from __future__ import annotations

import json
import threading

import pytest
from scripted_server import ScriptedServer, silent_port, token_reply

from kislearn import (
    InvalidArgumentError,
    KisApiError,
    KisTimeoutError,
    KoreaInvestment,
    NotCoveredError,
    OrderRejectedError,
    spec,
)
from kislearn.consistency import check_balance
from kislearn.sandbox import demo_app

EMPTY, SMALL = "50010001-01", "50010002-01"
MOBIS = "012330"


def make_client(sandbox, app, account=EMPTY, tmp_path=None, **options):
    options.setdefault("calls_per_second", None)
    return KoreaInvestment(
        app.appkey,
        app.appsecret,
        account,
        mock=app.flavour == "paper",
        base_url=sandbox.url_for(app.flavour),
        token_cache=tmp_path,
        **options,
    )


@pytest.fixture
def broker(sandbox, tmp_path):
    return make_client(sandbox, demo_app("paper"), tmp_path=tmp_path / "cache")


def holding(broker, symbol):
    return next(row for row in broker.fetch_balance()["output1"] if row["pdno"] == symbol)


# -- the four mojito2 methods ------------------------------------------------------------------------
def test_market_buy_then_sell_returns_the_answer_dict(broker):
    bought = broker.create_market_buy_order(MOBIS, 1)
    assert (bought["rt_cd"], bought["msg_cd"]) == ("0", "40600000")
    assert set(bought["output"]) == {"KRX_FWDG_ORD_ORGNO", "ODNO", "ORD_TMD"}
    assert holding(broker, MOBIS)["hldg_qty"] == "1"
    sold = broker.create_market_sell_order(MOBIS, 1)
    assert (sold["rt_cd"], sold["msg_cd"]) == ("0", "40590000")
    assert int(sold["output"]["ODNO"]) > int(bought["output"]["ODNO"])
    balance = broker.fetch_balance()
    assert balance["output2"][0]["thdt_tlex_amt"] == "668"
    assert check_balance(balance["output1"], balance["output2"]) == []


def test_limit_orders(broker, sandbox):
    broker.create_limit_buy_order(MOBIS, 300_000, 2)  # marketable: fills at 294,500
    assert holding(broker, MOBIS)["pchs_amt"] == "589000"
    broker.create_limit_sell_order(MOBIS, 310_000, 1)  # above the price: rests
    assert holding(broker, MOBIS)["ord_psbl_qty"] == "1"
    assert [record.filled for record in sandbox.orders(broker.api_key)] == [True, False]


def test_the_new_tr_ids_and_string_values_are_sent(broker, sandbox):
    sent = []
    broker.transport.session.hooks["response"].append(lambda r, *a, **k: sent.append(r.request))
    broker.create_limit_buy_order(MOBIS, 294_500, 1)
    broker.create_market_sell_order(MOBIS, 1)
    assert [r.headers["tr_id"] for r in sent] == ["VTTC0012U", "VTTC0011U"]
    bodies = [json.loads(r.body) for r in sent]
    assert bodies[0] == {
        "CANO": "50010001",
        "ACNT_PRDT_CD": "01",
        "PDNO": MOBIS,
        "ORD_DVSN": "00",
        "ORD_QTY": "1",
        "ORD_UNPR": "294500",
    }
    assert (bodies[1]["ORD_DVSN"], bodies[1]["ORD_UNPR"]) == ("01", "0")
    assert "hashkey" not in sent[0].headers


def test_the_real_flavour_uses_the_real_tr_ids(sandbox, tmp_path):
    real = make_client(sandbox, demo_app("real"), tmp_path=tmp_path)
    answer = real.create_market_buy_order(MOBIS, 1)
    assert answer["msg_cd"] == "APBK0013"


def test_hashkey_is_optional(broker):
    sent = []
    broker.transport.session.hooks["response"].append(lambda r, *a, **k: sent.append(r.request))
    assert broker.create_market_buy_order(MOBIS, 1, hashkey=True)["rt_cd"] == "0"
    assert sent[0].url.endswith(spec.HASHKEY_PATH) and len(sent[1].headers["hashkey"]) == 64


def test_create_order_has_mojito2s_signature(broker):
    assert broker.create_order("buy", MOBIS, 0, 1, "01")["rt_cd"] == "0"


# -- errors ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call, message",
    [
        (lambda b: b.create_market_buy_order(5930, 1), "6자리"),
        (lambda b: b.create_market_buy_order("5930", 1), "6자리"),
        (lambda b: b.create_market_buy_order(MOBIS, 0), "1 이상의 정수"),
        (lambda b: b.create_market_buy_order(MOBIS, "1"), "1 이상의 정수"),
        (lambda b: b.create_market_buy_order(MOBIS, 1.0), "1 이상의 정수"),
        (lambda b: b.create_market_buy_order(MOBIS, True), "1 이상의 정수"),
        (lambda b: b.create_limit_buy_order(MOBIS, 294_500.0, 1), "price"),
        (lambda b: b.create_limit_sell_order(MOBIS, 0, 1), "price"),
        (lambda b: b.create_limit_buy_order(MOBIS, -5, 1), "price"),
        (lambda b: b.create_order("hold", MOBIS, 0, 1, "01"), "side"),
        (lambda b: b.create_order("buy", MOBIS, 0, 1, "1"), "order_type"),
    ],
)
def test_bad_arguments_fail_before_anything_is_sent(broker, call, message):
    sent = []
    broker.transport.session.hooks["response"].append(lambda r, *a, **k: sent.append(r))
    with pytest.raises(InvalidArgumentError, match=message):
        call(broker)
    assert sent == []


@pytest.mark.parametrize(
    "call, code",
    [
        (lambda b: b.create_market_sell_order(MOBIS, 1), "40240000"),
        (lambda b: b.create_market_buy_order(MOBIS, 27), "40250000"),
        (lambda b: b.create_limit_buy_order(MOBIS, 294_400, 1), "40030000"),
        (lambda b: b.create_market_buy_order("999999", 1), "40070000"),
        (lambda b: b.create_limit_buy_order(MOBIS, 400_000, 1), "SBX00031"),
    ],
)
def test_a_refused_order_raises_order_rejected_error_with_a_hint(broker, call, code):
    with pytest.raises(OrderRejectedError) as caught:
        call(broker)
    assert caught.value.msg_cd == code and caught.value.rt_cd == "1"
    assert caught.value.hint and caught.value.tr_id in ("VTTC0012U", "VTTC0011U")
    assert isinstance(caught.value, KisApiError)


def test_overseas_orders_are_not_covered(sandbox, tmp_path):
    app = demo_app("paper")
    broker = KoreaInvestment(
        app.appkey,
        app.appsecret,
        EMPTY,
        exchange="나스닥",
        mock=True,
        base_url=sandbox.url_for("paper"),
        token_cache=tmp_path,
        calls_per_second=None,
    )
    with pytest.raises(NotCoveredError):
        broker.create_market_buy_order("AAPL", 1)


# -- never twice ---------------------------------------------------------------------------------------
ORDER = spec.ORDER_PATH


def scripted_client(url, tmp_path, **options):
    options.setdefault("calls_per_second", None)
    return KoreaInvestment("K" * 36, "S" * 180, EMPTY, mock=True, base_url=url, token_cache=tmp_path / "c", **options)


def order_script(order_reply):
    def reply(request):
        if request.path.endswith(spec.TOKEN_PATH):
            return token_reply()
        if request.path.endswith(ORDER):
            return order_reply(request)
        return 404, {}, "<html>Not Found</html>"

    return reply


def test_an_order_that_times_out_is_not_sent_again(tmp_path):
    listener = silent_port()
    calls = []
    try:
        with ScriptedServer(order_script(lambda r: (200, {}, {}))) as server:
            broker = scripted_client(server.url, tmp_path, timeout=0.3)
        broker.transport.base_url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        original = broker.transport._send_once
        broker.transport._send_once = lambda *a, **k: (calls.append(a), original(*a, **k))[1]
        with pytest.raises(KisTimeoutError):
            broker.create_market_buy_order(MOBIS, 1)
    finally:
        listener.close()
    assert len(calls) == 1


def test_an_order_refused_for_rate_is_retried_and_sent_once_more(tmp_path):
    answers = iter(
        [
            (500, {}, {"rt_cd": "1", "msg_cd": "EGW00201", "msg1": "초당 거래건수를 초과하였습니다."}),
            (
                200,
                {},
                {
                    "rt_cd": "0",
                    "msg_cd": "40600000",
                    "msg1": "ok",
                    "output": {"KRX_FWDG_ORD_ORGNO": "06010", "ODNO": "0000000001", "ORD_TMD": "090000"},
                },
            ),
        ]
    )
    lock = threading.Lock()

    def reply(request):
        with lock:
            return next(answers)

    with ScriptedServer(order_script(reply)) as server:
        broker = scripted_client(server.url, tmp_path)
        broker.transport.sleep = lambda seconds: None
        assert broker.create_market_buy_order(MOBIS, 1)["output"]["ODNO"] == "0000000001"
        assert len([r for r in server.requests if r.path.endswith(ORDER)]) == 2


def test_an_order_refused_for_an_expired_token_is_sent_once_more_with_a_new_token(tmp_path):
    expired = (500, {}, {"rt_cd": "1", "msg_cd": "EGW00123", "msg1": "기간이 만료된 token 입니다."})
    with ScriptedServer(order_script(lambda r: expired)) as server:
        broker = scripted_client(server.url, tmp_path)
        with pytest.raises(KisApiError):
            broker.create_market_buy_order(MOBIS, 1)
        assert len([r for r in server.requests if r.path.endswith(ORDER)]) == 2  # not a loop


def test_reset_accounts_through_the_client(sandbox, demo_paper_app, tmp_path):
    from kislearn import KoreaInvestment
    from kislearn.sandbox_tools import reset_accounts

    broker = KoreaInvestment(
        demo_paper_app.appkey,
        demo_paper_app.appsecret,
        "50010001-01",
        mock=True,
        base_url=sandbox.url_for("paper"),
        token_cache=tmp_path,
        calls_per_second=None,
    )
    broker.create_market_buy_order("005930", 1)
    assert len(broker.fetch_balance()["output1"]) == 1
    assert reset_accounts(broker).body["rt_cd"] == "0"
    assert broker.fetch_balance()["output1"] == []


def test_reset_accounts_refuses_real_kis(monkeypatch):
    import pytest

    from kislearn import InvalidArgumentError, spec
    from kislearn.sandbox_tools import reset_accounts

    class Pretend:
        base_url = spec.PAPER_URL

    with pytest.raises(InvalidArgumentError, match="sandbox only"):
        reset_accounts(Pretend())
