"""python-kis 2.1.6, unchanged, against the sandbox: only its two domain constants point at the host root.

python-kis joins every path with ``urljoin(REAL_DOMAIN or VIRTUAL_DOMAIN, "/uapi/...")``, which drops any path
prefix, and it sends quotes to the real domain with the real key and account calls to the virtual domain with
the paper key. Both constants are the sandbox's root here; the app key in each request decides real or paper.
"""

from datetime import date
from decimal import Decimal

import pykis  # python-kis, a test requirement (requirements.txt)
import pykis.kis
import pytest

from kislearn.sandbox import demo_app

EMPTY, SMALL, LARGE = "50010001-01", "50010002-01", "50010003-01"


@pytest.fixture
def kis(sandbox, monkeypatch, tmp_path):
    """A PyKis with the demo real key (quotes) and the demo paper key (accounts), as a paper-trading user has."""
    monkeypatch.setattr(pykis.kis, "REAL_DOMAIN", sandbox.url)
    monkeypatch.setattr(pykis.kis, "VIRTUAL_DOMAIN", sandbox.url)
    monkeypatch.chdir(tmp_path)
    real, paper = demo_app("real"), demo_app("paper")
    return pykis.PyKis(
        id="sandbox",
        account=EMPTY,
        appkey=real.appkey,
        secretkey=real.appsecret,
        virtual_id="sandbox",
        virtual_appkey=paper.appkey,
        virtual_secretkey=paper.appsecret,
        keep_token=False,
        use_websocket=False,
    )


def test_pykis_gets_its_tokens_and_a_quote(kis, sandbox):
    quote = kis.stock("005930").quote()  # 상품기본조회 (real only) and 주식현재가 시세, with the real key
    assert quote.price == Decimal(sandbox.state.data.prices["005930"].output["stck_prpr"])
    assert quote.name == "삼성전자"
    assert kis.primary_token.token  # the paper key's token too
    assert sandbox.stats["tokens_issued"] == {"real": 1, "paper": 1}


@pytest.mark.parametrize("account, holdings", [(EMPTY, 0), (SMALL, 6), (LARGE, 55)])
def test_pykis_reads_every_page_of_each_sample_account(kis, sandbox, account, holdings):
    balance = kis.account(account).balance("KR")  # the paper key; 20 rows a page, INQR_DVSN 02
    stored = sandbox.state.data.accounts[account]
    assert [stock.symbol for stock in balance.stocks] == [row["pdno"] for row in stored.output1]
    assert len(balance.stocks) == holdings
    assert balance.deposits["KRW"].amount == Decimal(stored.summary["dnca_tot_amt"])


def test_a_pykis_paper_order_fills_and_shows_in_the_balance(kis, sandbox):
    order = kis.stock("012330").buy(qty=1)  # a market buy (old tr_id VTTC0802U) on the empty account
    assert len(order.number) == 10
    assert [(stock.symbol, stock.qty) for stock in kis.account().balance("KR").stocks] == [("012330", Decimal(1))]
    assert [record.order.side for record in sandbox.orders(demo_app("paper").appkey)] == ["buy"]


# ---------------------------------------------------------------------------------------------------
# python-kis's other calls: every one reaches a catalogued API and parses (schema-only answers until the market
# is wired in; values may change then, the shapes stay the sheet's)
# ---------------------------------------------------------------------------------------------------
def test_pykis_orderable_amount_and_daily_chart(kis, sandbox):
    account = kis.account(SMALL)
    amount = account.orderable_amount("KRX", "005930", price=97400)  # 매수가능조회 (the paper key)
    assert amount.symbol == "005930" and amount.quantity >= 0 and amount.amount >= 0
    chart = kis.stock("005930").daily_chart(start=date(2026, 3, 2), end=date(2026, 3, 31))  # 기간별시세 (real key)
    days = [bar.time.date() for bar in chart.bars]
    assert days and all(date(2026, 3, 2) <= day <= date(2026, 3, 31) for day in days)
    assert all(bar.low <= min(bar.open, bar.close) <= max(bar.open, bar.close) <= bar.high for bar in chart.bars)


def test_pykis_whole_balance_asks_the_overseas_balance_too(kis, sandbox):
    """balance() without a country adds 해외주식 체결기준현재잔고 (paper supported); the sample accounts hold only
    domestic stocks, so the overseas part is empty and the domestic part is the sample's."""
    balance = kis.account(SMALL).balance()
    stored = sandbox.state.data.accounts[SMALL]
    assert sorted(stock.symbol for stock in balance.stocks) == sorted(row["pdno"] for row in stored.output1)
    assert balance.deposits["KRW"].amount == Decimal(stored.summary["dnca_tot_amt"])
