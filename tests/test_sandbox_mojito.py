"""mojito2 works against the sandbox by changing only its base URL."""

import mojito  # mojito2, a test requirement (requirements.txt)
import pytest

from kislearn.sandbox import demo_app


def mojito_broker(base_url: str, app, account: str, mock: bool):
    """mojito2's own KoreaInvestment, constructor and all; only ``set_base_url`` points it elsewhere."""

    class PointedAtSandbox(mojito.KoreaInvestment):
        def set_base_url(self, mock: bool = True):
            self.base_url = base_url

    return PointedAtSandbox(app.appkey, app.appsecret, account, mock=mock)  # writes token.dat here


@pytest.fixture
def in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("flavour", ["paper", "real"])
def test_mojito_reads_a_small_balance_and_a_price(sandbox, in_tmp_path, flavour):
    broker = mojito_broker(sandbox.url_for(flavour), demo_app(flavour), "50010002-01", mock=(flavour == "paper"))

    balance = broker.fetch_balance()
    stored = sandbox.state.data.accounts["50010002-01"]
    assert [row["pdno"] for row in balance["output1"]] == [row["pdno"] for row in stored.output1]
    assert len(balance["output2"]) == 1

    price = broker.fetch_price("005930")
    assert price["rt_cd"] == "0"
    assert price["output"]["stck_prpr"] == sandbox.state.data.prices["005930"].output["stck_prpr"]


def test_mojito_stops_after_the_first_page_because_it_only_follows_m(sandbox, in_tmp_path, demo_paper_app):
    """mojito2 loops only while tr_cont is "M"; the sandbox marks a first page "F" (its choice), so mojito2
    sees 20 of the large account's 55 holdings on paper: the course shows this pitfall."""
    broker = mojito_broker(sandbox.url_for("paper"), demo_paper_app, "50010003-01", mock=True)
    balance = broker.fetch_balance()
    assert len(balance["output1"]) == 20


def test_mojito_constructor_issues_once_then_loads_token_dat(sandbox, in_tmp_path, demo_paper_app, tmp_path):
    first = mojito_broker(sandbox.url_for("paper"), demo_paper_app, "50010002-01", mock=True)
    assert (tmp_path / "token.dat").exists() and first.access_token.startswith("Bearer ")
    second = mojito_broker(sandbox.url_for("paper"), demo_paper_app, "50010002-01", mock=True)
    assert second.access_token == first.access_token
    stats = sandbox.stats
    assert stats["tokens_issued"]["paper"] == 1 and stats["tokens_reused"]["paper"] == 0  # read from token.dat


def test_mojito_hashkey(sandbox, in_tmp_path, demo_paper_app):
    broker = mojito_broker(sandbox.url_for("paper"), demo_paper_app, "50010002-01", mock=True)
    assert len(broker.issue_hashkey({"CANO": "50010002", "ORD_QTY": "1"})) == 64


# -- mojito2's own order functions (old tr_ids VTTC0802U/VTTC0801U, hashkey on every order) -----------
@pytest.mark.parametrize("flavour", ["paper", "real"])
def test_mojito_orders_buy_and_sell_on_the_sandbox(sandbox, in_tmp_path, flavour):
    from kislearn.sandbox.consistency import check_balance

    app = demo_app(flavour)
    broker = mojito_broker(sandbox.url_for(flavour), app, "50010001-01", mock=(flavour == "paper"))
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


def test_mojito_gets_the_refusal_as_a_dict(sandbox, in_tmp_path, demo_paper_app):
    broker = mojito_broker(sandbox.url_for("paper"), demo_paper_app, "50010001-01", mock=True)
    answer = broker.create_market_sell_order("012330", 1)
    assert (answer["rt_cd"], answer["msg_cd"]) == ("1", "40240000")
    answer = broker.create_limit_buy_order("012330", 294400, 1)  # off the 500-won tick
    assert answer["msg_cd"] == "40030000"
