"""kislearn's fetch_ohlcv and fetch_today_1m_ohlcv (mojito2's names and answers), and frames.chart_frame: against
the sandbox on a fixed clock, beside mojito2 0.1.6 itself, and against a scripted server for what the sandbox
never does (a minute walk that does not go back)."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import mojito
import pandas as pd
import pytest
from scripted_server import ScriptedServer, token_reply

from kislearn import InvalidArgumentError, KoreaInvestment, PagingError
from kislearn.frames import CHART_COLUMNS, chart_frame
from kislearn.ohlcv import walk_minutes
from kislearn.sandbox import demo_app
from kislearn.spec import KST

ACCOUNT = "50010002-01"
MOMENT = "fixed@2026-11-25T11:11:11"  # a Wednesday, mid-session


def client_for(sandbox, tmp_path, flavour="paper") -> KoreaInvestment:
    app = demo_app(flavour)
    return KoreaInvestment(
        app.appkey,
        app.appsecret,
        ACCOUNT,
        mock=flavour == "paper",
        base_url=sandbox.url_for(flavour),
        token_cache=tmp_path / "tokens",
        calls_per_second=None,
    )


def mojito_for(sandbox, flavour="paper"):
    class PointedAtSandbox(mojito.KoreaInvestment):
        def set_base_url(self, mock: bool = True):
            self.base_url = sandbox.url

    app = demo_app(flavour)
    return PointedAtSandbox(app.appkey, app.appsecret, ACCOUNT, mock=flavour == "paper")


@pytest.fixture
def market(start_sandbox, tmp_path):
    return start_sandbox(clock=MOMENT)


# ---------------------------------------------------------------------------------------------------
# fetch_ohlcv: one call of 국내주식기간별시세, at most 100 bars
# ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("flavour", ["paper", "real"])
def test_fetch_ohlcv_is_mojito2s_answer(market, tmp_path, monkeypatch, flavour):
    broker = client_for(market, tmp_path, flavour)
    monkeypatch.chdir(tmp_path)  # mojito2 writes token.dat into the current folder
    theirs = mojito_for(market, flavour)
    for args in (("005930", "D", "20260101", "20261125"), ("000660", "W", "20250101", "20261125"), ("005930", "Y")):
        ours = broker.fetch_ohlcv(*args)
        assert ours["output2"] == theirs.fetch_ohlcv(*args)["output2"]
        assert ours["output1"]["stck_prpr"] == broker.fetch_price(args[0])["output"]["stck_prpr"]


def test_fetch_ohlcv_gives_the_newest_100_bars_and_older_ones_by_the_end_date(market, tmp_path):
    broker = client_for(market, tmp_path)
    first = broker.fetch_ohlcv("005930", "D", "20250101", "20261125")["output2"]
    days = [row["stck_bsop_date"] for row in first]
    assert len(days) == 100 and days == sorted(days, reverse=True) and days[0] == "20261125"
    before = (datetime.strptime(days[-1], "%Y%m%d") - timedelta(days=1)).strftime("%Y%m%d")
    older = [row["stck_bsop_date"] for row in broker.fetch_ohlcv("005930", "D", "20250101", before)["output2"]]
    assert len(older) == 100 and older[0] < days[-1] and not set(older) & set(days)
    again = broker.fetch_ohlcv("005930", "D", "20250101", days[-1])["output2"]  # the oldest date itself: repeated
    assert again[0]["stck_bsop_date"] == days[-1]


def test_fetch_ohlcv_sends_the_sheets_fields(tmp_path):
    with ScriptedServer(lambda request: token_reply() if "token" in request.path else chart_reply()) as server:
        broker = KoreaInvestment(
            "K" * 36, "S" * 180, ACCOUNT, mock=True, base_url=server.url, token_cache=tmp_path, calls_per_second=None
        )
        broker.fetch_ohlcv("005930", "M", "20200101", "20201231", adj_price=False)
        broker.fetch_ohlcv("005930")
    sent = [parse_qs(urlsplit(r.url).query, keep_blank_values=True) for r in server.requests[1:]]
    assert sent[0] == {
        "FID_COND_MRKT_DIV_CODE": ["J"],
        "FID_INPUT_ISCD": ["005930"],
        "FID_INPUT_DATE_1": ["20200101"],
        "FID_INPUT_DATE_2": ["20201231"],
        "FID_PERIOD_DIV_CODE": ["M"],
        "FID_ORG_ADJ_PRC": ["1"],  # 원주가
    }
    assert server.requests[1].headers["tr_id"] == "FHKST03010100"
    assert sent[1]["FID_INPUT_DATE_1"] == ["19800104"] and sent[1]["FID_ORG_ADJ_PRC"] == ["0"]  # mojito2's defaults
    today = {(datetime.now(KST) - timedelta(days=back)).strftime("%Y%m%d") for back in (0, 1)}  # midnight between
    assert sent[1]["FID_INPUT_DATE_2"][0] in today  # this computer's today in Korea time, as mojito2


def chart_reply() -> tuple:
    return 200, {}, {"rt_cd": "0", "msg_cd": "MCA00000", "msg1": "정상처리 되었습니다!", "output1": {}, "output2": []}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("005930", "d"), "timeframe"),
        (("005930", "D", "2026-01-01"), "YYYYMMDD"),
        (("005930", "D", "20260230"), "달력에 없는"),
        (("005930", "D", "20261201", "20261101"), "늦습니다"),
        (("005930", "D", "", "", 1), "adj_price"),
        ((5930,), "앞의 0"),
    ],
)
def test_fetch_ohlcv_refuses_bad_arguments_before_sending(market, tmp_path, args, message):
    broker = client_for(market, tmp_path)
    with pytest.raises(InvalidArgumentError, match=message):
        broker.fetch_ohlcv(*args)


# ---------------------------------------------------------------------------------------------------
# fetch_today_1m_ohlcv: 30 bars a call, walked back to 09:00
# ---------------------------------------------------------------------------------------------------
def test_fetch_today_1m_ohlcv_walks_back_to_nine_like_mojito2(market, tmp_path, monkeypatch):
    broker = client_for(market, tmp_path)
    monkeypatch.chdir(tmp_path)
    ours = broker.fetch_today_1m_ohlcv("005930", to="111111")
    assert ours == mojito_for(market).fetch_today_1m_ohlcv("005930", to="111111")
    times = [bar["stck_cntg_hour"] for bar in ours["output2"]]
    assert times[0] == "111100" and times[-1] == "090000" and times == sorted(set(times), reverse=True)
    quote = broker.fetch_price("005930")["output"]
    assert sum(int(bar["cntg_vol"]) for bar in ours["output2"]) == int(quote["acml_vol"])


def test_a_whole_day_of_minutes_at_the_close(start_sandbox, tmp_path):
    broker = client_for(start_sandbox(clock="fixed"), tmp_path)  # 2026-11-20 15:30, the samples' moment
    bars = broker.fetch_today_1m_ohlcv("005930", to="153000")["output2"]
    times = [bar["stck_cntg_hour"] for bar in bars]
    assert len(times) == 381 and times[0] == "153000" and times[-1] == "090000"  # 09:00–15:19 and the 15:30 print
    assert not [t for t in times if "152000" <= t < "153000"]  # the closing auction trades once, at 15:30


@pytest.mark.parametrize("to", ["1530", "15:30", 153000, "2026112015"])
def test_fetch_today_1m_ohlcv_refuses_a_bad_time(market, tmp_path, to):
    with pytest.raises(InvalidArgumentError, match="HHMMSS"):
        client_for(market, tmp_path).fetch_today_1m_ohlcv("005930", to=to)


def minute_answer(*times: str) -> dict:
    return {"output1": {"stck_prpr": "100"}, "output2": [{"stck_cntg_hour": t} for t in times]}


def test_the_walk_asks_for_the_minute_before_the_oldest_bar():
    asked = []
    answers = iter([minute_answer("100200", "100100"), minute_answer("100000", "095900"), minute_answer()])
    result = walk_minutes(lambda hour: asked.append(hour) or next(answers), "100230")
    assert asked == ["100230", "100000", "095800"]  # the last answer is empty: the walk ends there
    assert [bar["stck_cntg_hour"] for bar in result["output2"]] == ["100200", "100100", "100000", "095900"]
    assert result["output1"] == {"stck_prpr": "100"}


def test_the_walk_ends_at_the_first_minute_without_asking_further():
    asked = []
    answers = iter([minute_answer("090100", "090000")])
    walk_minutes(lambda hour: asked.append(hour) or next(answers), "090130")
    assert asked == ["090130"]


def test_a_server_that_does_not_walk_back_is_stopped():
    with pytest.raises(PagingError, match="더 이른 분봉"):
        walk_minutes(lambda hour: minute_answer("100100", "100000"), "100100")


# ---------------------------------------------------------------------------------------------------
# frames.chart_frame
# ---------------------------------------------------------------------------------------------------
def test_chart_frame_of_daily_bars(market, tmp_path):
    answer = client_for(market, tmp_path).fetch_ohlcv("005930", "D", "20261101", "20261125")
    frame = chart_frame(answer)
    assert list(frame.columns) == list(CHART_COLUMNS) and frame.index.name == "날짜"
    assert all(str(dtype) == "int64" for dtype in frame.dtypes) and frame.index.is_monotonic_increasing
    newest = answer["output2"][0]
    assert frame.index[-1] == pd.Timestamp(2026, 11, 25)
    assert frame.iloc[-1].tolist() == [
        int(newest[f]) for f in ("stck_oprc", "stck_hgpr", "stck_lwpr", "stck_clpr", "acml_vol")
    ]
    assert len(frame) == len(answer["output2"])


def test_chart_frame_of_minute_bars_joined_from_two_calls(market, tmp_path):
    broker = client_for(market, tmp_path)
    rows = broker.fetch_today_1m_ohlcv("005930", to="111111")["output2"]
    frame = chart_frame(rows[:40] + rows[30:])  # ten bars given twice: kept once
    assert len(frame) == len(rows) and frame.index[0] == pd.Timestamp(2026, 11, 25, 9, 0)
    assert frame.index[-1] == pd.Timestamp(2026, 11, 25, 11, 11)
    assert frame["종가"].iloc[-1] == int(rows[0]["stck_prpr"]) and frame["거래량"].iloc[-1] == int(rows[0]["cntg_vol"])


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"rt_cd": "1", "msg_cd": "SBX00012", "msg1": "x"}, "실패한 응답"),
        ([{"stck_bsop_date": "2026-11-20", "stck_oprc": "1", "stck_hgpr": "1", "stck_lwpr": "1"}], "stck_clpr"),
        (
            [
                {
                    "stck_bsop_date": "2026-11-20",
                    "stck_oprc": "1",
                    "stck_hgpr": "1",
                    "stck_lwpr": "1",
                    "stck_clpr": "1",
                    "acml_vol": "1",
                }
            ],
            "YYYYMMDD",
        ),
        ("output2", "리스트"),
    ],
)
def test_chart_frame_says_what_is_wrong(answer, message):
    with pytest.raises(InvalidArgumentError, match=message):
        chart_frame(answer)


def test_an_empty_answer_is_an_empty_frame_with_the_columns():
    frame = chart_frame({"output1": {}, "output2": []})
    assert frame.empty and list(frame.columns) == list(CHART_COLUMNS)
