"""mojito2 0.1.6, unchanged, against the sandbox: only its base URL points at the sandbox's host root.

mojito2 hard-codes KIS's hosts in ``set_base_url``; overriding that one method is all that changes. The base URL
is the host root ``http://127.0.0.1:PORT``, as for KIS itself: the app key decides real or paper.
"""

import mojito  # mojito2, a test requirement (requirements.txt)
import pytest
import requests

from kislearn import spec
from kislearn.consistency import check_balance
from kislearn.sandbox import ManualClock, SandboxRules, demo_app

EMPTY, SMALL, LARGE = "50010001-01", "50010002-01", "50010003-01"


def mojito_broker(base_url: str, app, account: str):
    """mojito2's own KoreaInvestment, constructor and all; only ``set_base_url`` points it elsewhere."""

    class PointedAtSandbox(mojito.KoreaInvestment):
        def set_base_url(self, mock: bool = True):
            self.base_url = base_url

    return PointedAtSandbox(app.appkey, app.appsecret, account, mock=(app.flavour == "paper"))  # writes token.dat


@pytest.fixture(autouse=True)
def in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # mojito2 writes token.dat into the current folder


class RequestLog:
    """Every HTTP request mojito2 sends (it calls ``requests.get``/``post``, which end in ``Session.send``),
    with the answers; after ``limit`` requests the next one raises :class:`LoopGuard` instead of being sent."""

    def __init__(self, monkeypatch, limit: int = 1000):
        self.answers: list[requests.Response] = []
        self.limit = limit
        send = requests.Session.send

        def logged_send(session, prepared, **options):
            if len(self.answers) >= self.limit:
                raise LoopGuard(f"stopped after {self.limit} requests")
            answer = send(session, prepared, **options)
            self.answers.append(answer)
            return answer

        monkeypatch.setattr(requests.Session, "send", logged_send)

    def balance_answers(self) -> list:
        return [a for a in self.answers if a.request.path_url.startswith(spec.BALANCE_PATH)]


class LoopGuard(Exception):
    """Raised by RequestLog to stop a client that would otherwise never stop."""


# ---------------------------------------------------------------------------------------------------
# What works as on KIS
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("flavour", ["paper", "real"])
def test_mojito_reads_prices_and_the_empty_and_small_balances_at_the_host_root(sandbox, flavour):
    broker = mojito_broker(sandbox.url, demo_app(flavour), SMALL)

    balance = broker.fetch_balance()
    stored = sandbox.state.data.accounts[SMALL]
    assert [row["pdno"] for row in balance["output1"]] == [row["pdno"] for row in stored.output1]
    assert len(balance["output1"]) == 6 and len(balance["output2"]) == 1

    price = broker.fetch_price("005930")
    assert price["rt_cd"] == "0"
    assert price["output"]["stck_prpr"] == sandbox.state.data.prices["005930"].output["stck_prpr"]

    empty = mojito_broker(sandbox.url, demo_app(flavour), EMPTY)
    assert empty.fetch_balance()["output1"] == []


@pytest.mark.parametrize("flavour", ["paper", "real"])
def test_mojito_works_under_the_flavour_prefix_too(sandbox, flavour):
    broker = mojito_broker(sandbox.url_for(flavour), demo_app(flavour), SMALL)
    assert len(broker.fetch_balance()["output1"]) == 6


def test_mojito_constructor_issues_once_then_loads_token_dat(start_sandbox, demo_paper_app, tmp_path):
    sandbox = start_sandbox(SandboxRules(calls_per_second=None))  # one token a minute: ON, as at KIS
    first = mojito_broker(sandbox.url, demo_paper_app, SMALL)
    assert (tmp_path / "token.dat").exists() and first.access_token.startswith("Bearer ")
    second = mojito_broker(sandbox.url, demo_paper_app, SMALL)
    assert second.access_token == first.access_token
    stats = sandbox.stats
    assert stats["tokens_issued"]["paper"] == 1 and stats["tokens_reused"]["paper"] == 0  # read from token.dat


def test_mojito_hashkey(sandbox, demo_paper_app):
    broker = mojito_broker(sandbox.url, demo_paper_app, SMALL)
    assert len(broker.issue_hashkey({"CANO": "50010002", "ORD_QTY": "1"})) == 64


# -- mojito2's own order functions (old tr_ids VTTC0802U/VTTC0801U, hashkey on every order) -----------
@pytest.mark.parametrize("flavour", ["paper", "real"])
def test_a_mojito_market_buy_shows_in_the_next_balance(sandbox, flavour):
    app = demo_app(flavour)
    broker = mojito_broker(sandbox.url, app, EMPTY)
    answers = [
        broker.create_market_buy_order("012330", 2),
        broker.create_limit_buy_order("005930", 97400, 3),
        broker.create_market_sell_order("012330", 1),
        broker.create_limit_sell_order("005930", 97400, 1),
    ]
    assert [a["rt_cd"] for a in answers] == ["0"] * 4, answers
    assert [a["msg_cd"] for a in answers] == (
        ["40600000", "40600000", "40590000", "40590000"] if flavour == "paper" else ["APBK0013"] * 4
    )
    balance = broker.fetch_balance()
    held = {row["pdno"]: row["hldg_qty"] for row in balance["output1"]}
    assert held == {"012330": "1", "005930": "2"}
    assert check_balance(balance["output1"], balance["output2"]) == []
    assert [r.order.side for r in sandbox.orders(app.appkey)] == ["buy", "buy", "sell", "sell"]


def test_mojito_gets_the_refusal_as_a_dict(sandbox, demo_paper_app):
    broker = mojito_broker(sandbox.url, demo_paper_app, EMPTY)
    answer = broker.create_market_sell_order("012330", 1)
    assert (answer["rt_cd"], answer["msg_cd"]) == ("1", "40240000")
    answer = broker.create_limit_buy_order("012330", 294400, 1)  # off the 500-won tick
    assert answer["msg_cd"] == "40030000"


# ---------------------------------------------------------------------------------------------------
# The 55-holding account: what mojito2 0.1.6 does under the sandbox's paging rules
#   - a page with more to come says tr_cont "M" (the first page too);
#   - a request without tr_cont "N" is a first request (the spec: "공백 : 초기 조회"), whatever ctx it carries.
# mojito2 loops while tr_cont == "M" and never sends tr_cont "N", so it asks for page 1 again and again.
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("flavour, calls_per_second", [("paper", 2), ("real", 20)])
def test_with_kis_limits_mojito_gets_page_1_again_until_egw00201_then_crashes(
    start_sandbox, monkeypatch, flavour, calls_per_second
):
    """Against KIS's calls-per-second limit (a clock that stands still, so the test does not depend on timing):
    page 1, page 1 again (the same rows), ... until EGW00201, whose answer has no output1: KeyError."""
    sandbox = start_sandbox(SandboxRules(clock=ManualClock(), token_issue_interval=None))
    broker = mojito_broker(sandbox.url, demo_app(flavour), LARGE)
    log = RequestLog(monkeypatch)
    with pytest.raises(KeyError, match="output1"):
        broker.fetch_balance()
    answers = log.balance_answers()
    assert len(answers) == calls_per_second + 1
    pages = [a.json() for a in answers[:-1]]
    first_rows = [row["pdno"] for row in pages[0]["output1"]]
    assert len(first_rows) == spec.BALANCE_ROWS_PER_PAGE[flavour]
    assert all([row["pdno"] for row in page["output1"]] == first_rows for page in pages)  # page 1 every time
    assert all(a.headers["tr_cont"] == "M" for a in answers[:-1])
    assert "tr_cont" not in answers[0].request.headers  # mojito2 never sends tr_cont: N
    assert answers[-1].json()["msg_cd"] == "EGW00201"


def test_without_limits_mojito_never_stops(sandbox, monkeypatch, demo_paper_app):
    """With the calls-per-second limit switched off, nothing stops the loop: a guard stops it at 50 requests."""
    broker = mojito_broker(sandbox.url, demo_paper_app, LARGE)
    log = RequestLog(monkeypatch, limit=50)
    with pytest.raises(LoopGuard):
        broker.fetch_balance()
    answers = log.balance_answers()
    assert len(answers) == 50
    assert {a.json()["output1"][0]["pdno"] for a in answers} == {sandbox.state.data.accounts[LARGE].output1[0]["pdno"]}


# ---------------------------------------------------------------------------------------------------
# The charts, as mojito2's fetch_ohlcv and fetch_today_1m_ohlcv read them
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("flavour", ["paper", "real"])
def test_mojito_fetch_ohlcv_agrees_with_fetch_price_at_the_same_moment(start_sandbox, flavour):
    sandbox = start_sandbox(clock="fixed@2026-11-25T11:11:11")
    broker = mojito_broker(sandbox.url, demo_app(flavour), SMALL)
    quote = broker.fetch_price("005930")["output"]
    days = broker.fetch_ohlcv("005930", "D")["output2"]  # mojito2: from 19800104 to the computer's today
    assert days[0]["stck_bsop_date"] == "20261125"  # nothing after the market clock's day
    assert [days[0][f] for f in ("stck_oprc", "stck_hgpr", "stck_lwpr", "stck_clpr", "acml_vol")] == [
        quote[f] for f in ("stck_oprc", "stck_hgpr", "stck_lwpr", "stck_prpr", "acml_vol")
    ]
    assert days[1]["stck_clpr"] == quote["stck_sdpr"]
    week = broker.fetch_ohlcv("005930", "W", "20261123", "20261125")["output2"]
    assert len(week) == 1 and week[0]["stck_clpr"] == quote["stck_prpr"]
    assert week[0]["stck_oprc"] == days[2]["stck_oprc"]  # Monday's open
    assert int(week[0]["acml_vol"]) == sum(int(day["acml_vol"]) for day in days[:3])


def test_mojito_fetch_today_1m_ohlcv_walks_back_to_the_opening_bell(start_sandbox, demo_paper_app):
    sandbox = start_sandbox(clock="fixed@2026-11-25T11:11:11")
    broker = mojito_broker(sandbox.url, demo_paper_app, SMALL)
    quote = broker.fetch_price("005930")["output"]
    result = broker.fetch_today_1m_ohlcv("005930", to="111111")  # 30 bars a call; mojito2 asks on to 09:01
    bars = result["output2"]
    times = [bar["stck_cntg_hour"] for bar in bars]
    assert times == sorted(set(times), reverse=True) and times[0] == "111100" and times[-1] == "090000"
    assert bars[0]["stck_prpr"] == quote["stck_prpr"] and result["output1"]["stck_prpr"] == quote["stck_prpr"]
    assert sum(int(bar["cntg_vol"]) for bar in bars) == int(quote["acml_vol"])  # every trade of the day so far
    assert max(int(bar["stck_hgpr"]) for bar in bars) == int(quote["stck_hgpr"])
    assert min(int(bar["stck_lwpr"]) for bar in bars) == int(quote["stck_lwpr"])
    assert bars[-1]["stck_oprc"] == quote["stck_oprc"]


# ---------------------------------------------------------------------------------------------------
# mojito2's other calls: every one reaches a catalogued API and runs without an exception
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("flavour", ["paper", "real"])
def test_mojito_charts_and_the_orderable_amount_run(sandbox, flavour):
    broker = mojito_broker(sandbox.url, demo_app(flavour), SMALL)
    daily = broker.fetch_ohlcv("005930", timeframe="D", start_day="20260301", end_day="20260331")
    assert daily["rt_cd"] == "0" and daily["output2"] and daily["output1"]["stck_shrn_iscd"] == "005930"
    days = [row["stck_bsop_date"] for row in daily["output2"]]
    assert days == sorted(days, reverse=True) and "20260331" >= days[0] >= days[-1] >= "20260301"
    recent = broker.fetch_ohlcv_recent30("005930")
    assert recent["rt_cd"] == "0" and len(recent["output"]) == 30
    assert broker.fetch_ohlcv("005930")["rt_cd"] == "0"  # no dates: mojito2 asks from 1980-01-04 to today
    orderable = broker.check_buy_order("005930", 97400, "00")
    assert orderable["rt_cd"] == "0" and orderable["tr_cont"] == "" and "ord_psbl_cash" in orderable["output"]


@pytest.mark.parametrize("flavour", ["paper", "real"])
def test_mojitos_minute_bars_walk_back_to_the_open_and_stop(start_sandbox, flavour):
    """fetch_today_1m_ohlcv asks for 30 minutes before ``to`` again and again until a page ends at 09:01 or
    earlier; each answer starts at the time asked for, so the walk ends at the open."""
    sandbox = start_sandbox(clock="fixed@2026-04-10T10:15:00")  # a Friday, the market open
    broker = mojito_broker(sandbox.url, demo_app(flavour), SMALL)
    bars = broker.fetch_today_1m_ohlcv("005930", to="101500")
    hours = [row["stck_cntg_hour"] for row in bars["output2"]]
    assert hours[0] == "101500" and hours[-1] == "090000" and len(hours) == 76  # every minute 09:00–10:15
    assert hours == sorted(set(hours), reverse=True)


def test_mojitos_open_orders_call_is_a_real_only_api(sandbox):
    """fetch_open_order (주식정정취소가능주문조회) sends the real tr_id TTTC8036R (an old one) even on paper: on
    paper KIS refuses the API (모의투자 미지원, 90000000), on real it answers."""
    param = {"CTX_AREA_FK100": "", "CTX_AREA_NK100": "", "INQR_DVSN_1": "0", "INQR_DVSN_2": "0"}
    paper = mojito_broker(sandbox.url, demo_app("paper"), SMALL).fetch_open_order(param)
    assert (paper["rt_cd"], paper["msg_cd"]) == ("1", "90000000")
    real = mojito_broker(sandbox.url, demo_app("real"), SMALL).fetch_open_order(param)
    assert real["rt_cd"] == "0" and isinstance(real["output"], list)
