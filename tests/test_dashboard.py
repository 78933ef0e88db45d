"""The dashboard widgets, driven in Python (no browser): set ``.value``, ``click()`` the buttons, read the HTML."""

from __future__ import annotations

import itertools

import pytest

import kislearn
from kislearn import dashboard as dash
from kislearn.sandbox import demo_app

SMALL, EMPTY = "50010002-01", "50010001-01"
ACCOUNTS = [("작은 포트폴리오", SMALL), ("빈 계좌", EMPTY)]


@pytest.fixture
def connect(sandbox, tmp_path):
    """``connect(account)`` → a client of the test sandbox (what kislearn.connect does in the notebook)."""
    app = demo_app("paper")

    def make(account):
        return kislearn.KoreaInvestment(
            app.appkey,
            app.appsecret,
            account,
            mock=True,
            base_url=sandbox.url_for("paper"),
            token_cache=tmp_path,
            calls_per_second=None,
        )

    return make


@pytest.fixture
def board(connect):
    return dash.dashboard(connect, ACCOUNTS, SMALL)


def summary_of(connect, account):
    return connect(account).fetch_balance()["output2"][0]


def test_figures_show_the_summary_in_won(board, connect):
    summary = summary_of(connect, SMALL)
    html = board.balance.figures.value
    for name in dash.SUMMARY_FIGURES:
        assert f"{int(summary[name]):,}원" in html
    assert "D+2 예수금" in html and "총평가금액" in html and "자산증감액" in html


def test_holdings_table_chart_and_status(board):
    panel = board.balance
    assert "삼성전자" in panel.table.value and "평가손익금액" in panel.table.value
    assert "#d60000" in panel.table.value or "#0051c7" in panel.table.value  # Korean colours
    assert len(panel.chart.outputs) == 1 and "image/png" in panel.chart.outputs[0]["data"]
    assert "보유 종목 6개" in panel.status.value


def test_picking_the_empty_account_redraws(board, connect):
    board.balance.account.value = EMPTY
    assert "보유 종목이 없습니다" in board.balance.table.value
    assert board.balance.chart.outputs == ()
    cash = int(summary_of(connect, EMPTY)["prvs_rcdl_excc_amt"])
    assert f"{cash:,}원" in board.balance.figures.value


def test_refresh_button_fetches_again(board, connect):
    connect(SMALL).create_market_buy_order("005930", 1)
    board.balance.refresh_button.click()
    summary = summary_of(connect, SMALL)
    assert f"{int(summary['prvs_rcdl_excc_amt']):,}원" in board.balance.figures.value


def test_an_error_is_shown_not_raised(connect):
    def broken(account):
        raise kislearn.KisConnectionError("샌드박스에 연결할 수 없습니다")

    panel = dash.BalancePanel(broken, ACCOUNTS)
    panel.refresh_button.click()
    assert "KisConnectionError" in panel.status.value and panel.balance is None


def test_after_an_error_nothing_of_the_previous_account_stays(connect):
    """Switching to an account the server refuses must not leave the last account's figures on screen."""
    board = dash.dashboard(connect, ACCOUNTS + [("없는 계좌", "12345678-01")], SMALL)
    board.glossary.query.value = "dnca"
    assert "원" in board.glossary.results.value
    board.balance.account.value = "12345678-01"
    panel = board.balance
    assert "OPSQ2000" in panel.status.value and panel.balance is None
    assert panel.figures.value == "" and panel.table.value == "" and panel.chart.outputs == ()
    assert "dnca_tot_amt" in board.glossary.results.value and "원</td>" not in board.glossary.results.value


def test_price_lookup(board, connect):
    board.price.symbol.value = "005930"
    board.price.button.click()
    price = int(connect(SMALL).fetch_price("005930")["output"]["stck_prpr"])
    assert "주식 현재가" in board.price.result.value or "현재가" in board.price.result.value
    assert f"{price:,}" in board.price.result.value
    board.price.symbol.value = "12"
    board.price.button.click()
    assert "InvalidArgumentError" in board.price.result.value and "6자리" in board.price.result.value


@pytest.mark.parametrize("query", ["dnca", "예수금", "DNCA"])
def test_glossary_search_finds_dnca_tot_amt_with_its_value(board, connect, query):
    board.glossary.query.value = query
    cash = int(summary_of(connect, SMALL)["dnca_tot_amt"])
    html = board.glossary.results.value
    assert "dnca_tot_amt" in html and "예수금총금액" in html and f"{cash:,}원" in html


def test_glossary_search_without_balance_and_without_match():
    search = dash.GlossarySearch()
    assert "입력하세요" in search.results.value
    search.query.value = "hldg_qty"
    assert "보유수량" in search.results.value
    search.query.value = "zzzz"
    assert "찾은 필드가 없습니다" in search.results.value
    search.query.value = "<b>"
    assert "<b>" not in search.results.value  # the query is escaped


def test_glossary_values_follow_the_selected_account(board):
    board.glossary.query.value = "hldg_qty"
    assert "외 5종목" in board.glossary.results.value
    board.balance.account.value = EMPTY
    assert "외 5종목" not in board.glossary.results.value


def test_plain_text_form_is_fixed(board):
    assert repr(board) == "kislearn 대시보드 (Dashboard)"
    assert board._repr_mimebundle_()["text/plain"] == "kislearn 대시보드 (Dashboard)"
    assert repr(board.glossary.widget) == "kislearn 용어 검색 (glossary)"


def test_field_value():
    assert dash.field_value("dnca_tot_amt", "1234567", "output2") == "1,234,567원"
    assert dash.field_value("evlu_pfls_rt", "-3.5", "output1") == "-3.50%"
    assert dash.field_value("dnca_tot_amt", "", "output2") == "(빈 값)"
    assert dash.won(None) == "-"


def test_the_chart_brings_its_own_korean_font(board):
    """Every 한글 glyph of the chart comes from the bundled NanumGothic (koreanize-matplotlib), so no boxes
    appear on a machine without Korean fonts (Google Colab, a fresh Windows or Linux): matplotlib warns
    "Glyph ... missing from font" for any character it cannot draw."""
    import warnings

    import matplotlib
    from matplotlib import font_manager

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would raise here
        png = dash.chart_png(board.balance.balance)
    assert png and png.startswith(b"\x89PNG")
    family = matplotlib.rcParams["font.family"][0]
    bundled = [
        font.fname
        for font in font_manager.fontManager.ttflist
        if font.name == family and "koreanize_matplotlib" in font.fname
    ]
    # the package's own copy is registered, so a machine without fonts-nanum draws the same 한글
    assert family == "NanumGothic" and bundled, (family, bundled)


# ---------------------------------------------------------------------------------------------------
# LivePrice: a real feed from the sandbox's WebSocket server on a fixed clock
# ---------------------------------------------------------------------------------------------------
def test_live_price_shows_the_last_trade_and_a_chart():
    import time
    from datetime import datetime

    from kislearn import spec
    from kislearn.realtime import Realtime
    from kislearn.sandbox.market import Market, MarketClock
    from kislearn.sandbox.realtime import ApprovalBook, RealtimeServer

    market = Market.from_sample_data()
    start = datetime(2026, 11, 20, 10, 0, tzinfo=spec.KST)
    clock, approvals = MarketClock("fixed", start=start), ApprovalBook()
    with RealtimeServer(approvals, market, clock, feed_interval=0.02).start() as server:
        with Realtime(server.url, approvals.issue(demo_app("paper")).key, "paper") as feed:
            live = dash.LivePrice(feed, "005930", points=50, redraw=0.05)
            assert "기다리는" in live.price.value and repr(live.widget) == "kislearn 실시간 체결가 (live price) 005930"
            clock.advance(seconds=900)
            trades = market.trades("005930", start, clock.now())
            assert len(trades) > 50
            wanted = (trades[-1].time.strftime("%H%M%S"), trades[-1].price)
            deadline = time.monotonic() + 20
            while (list(live.points)[-1:] != [wanted] or not live.chart.value) and time.monotonic() < deadline:
                time.sleep(0.05)
            live.stop()
    last = trades[-1]
    assert live.points[-1] == (last.time.strftime("%H%M%S"), last.price) and len(live.points) == 50
    assert f"{last.price:,}원" in live.price.value and bytes(live.chart.value).startswith(b"\x89PNG")


def test_widget_model_ids_are_counted_not_random(monkeypatch):
    """The model id a notebook saves for a shown dashboard is the same in every fresh kernel (so a re-run
    notebook does not change), and different for each part within one kernel (so widgets never share one)."""
    ids = []
    for _ in range(2):  # two fresh kernels: each counts its Parts from 1
        monkeypatch.setattr(dash, "_part_numbers", itertools.count(1))
        ids.append([dash.GlossarySearch().widget.model_id for _ in range(2)])
    assert ids[0] == ids[1]
    assert ids[0][0] != ids[0][1]
