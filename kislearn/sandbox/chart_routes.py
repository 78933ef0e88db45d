"""The chart routes, answered from the same moving market as 주식현재가 시세 (``market/charts.py``), at the request's
moment of the market clock:

- 국내주식기간별시세(일/주/월/년) ``GET .../quotations/inquire-daily-itemchartprice`` (FHKST03010100): D/W/M/Y bars
  between two dates, at most 100 a call;
- 주식현재가 일자별 ``GET .../quotations/inquire-daily-price`` (FHKST01010400): the latest 30 days, weeks or months;
- 주식당일분봉조회 ``GET .../quotations/inquire-time-itemchartprice`` (FHKST03010200): 30 of today's minute bars,
  walking back from FID_INPUT_HOUR_1;
- 주식일별분봉조회 ``GET .../quotations/inquire-time-dailychartprice`` (FHKST03010230, real only): 120 minute bars
  walking back from FID_INPUT_DATE_1 FID_INPUT_HOUR_1.

Today's bar is the day so far; the last daily close before today is the quote's 전일 종가 (``stck_sdpr``); a week's
bar is made of its days' bars. None of these answers sends a ``tr_cont`` (the official samples call them once and
walk back by date or time themselves). # sandbox's choice
Bad values (a date that is not YYYYMMDD, a period other than D/W/M/Y) → SBX00012, HTTP 200, rt_cd "1".
"""

from __future__ import annotations

from flask import Blueprint

from kislearn import catalog, sbx_codes, spec
from kislearn.sandbox import gateway
from kislearn.sandbox.gateway import query
from kislearn.sandbox.market.charts import (
    ChartAnswer,
    ChartRequestError,
    daily_minutes,
    parse_day,
    period_chart,
    recent_prices,
    today_minutes,
)
from kislearn.sandbox.responses import Refusal, answer, ok_envelope
from kislearn.sandbox.state import current_state, market_moment

chart_routes = Blueprint("kislearn_sandbox_charts", __name__)

PERIOD_CHART = catalog.find("국내주식기간별시세(일_주_월_년)")
RECENT_PRICES = catalog.find("주식현재가 일자별")
TODAY_MINUTES = catalog.find("주식당일분봉조회")
DAILY_MINUTES = catalog.find("주식일별분봉조회")
MARKET_CODES = ("J", "NX", "UN")  # KRX, NXT, combined: the sandbox answers KRX's prices for each


def chart_query(api) -> tuple:
    """The gateway's checks, then the market code and the symbol: ``(params, market, symbol)``."""
    gateway.check_data_call(api.path)
    params = query()
    if params.get("FID_COND_MRKT_DIV_CODE", "") not in MARKET_CODES:
        raise Refusal.from_spec(sbx_codes.BAD_MARKET)  # sandbox's choice
    symbol = params.get("FID_INPUT_ISCD", "").strip()
    market = current_state().market
    if symbol not in market:
        raise Refusal.from_spec(sbx_codes.UNKNOWN_SYMBOL_QUOTE, symbol=symbol)  # sandbox's choice
    return params, market, symbol


def chart_answer(result: ChartAnswer, *, rows_only: bool = False):
    if rows_only:  # 주식현재가 일자별: one list, "output"
        return answer({"output": result.output2, **ok_envelope(spec.CHART_OK)})
    return answer({"output1": result.output1, "output2": result.output2, **ok_envelope(spec.CHART_OK)})


def refused_value(error: ChartRequestError) -> Refusal:
    return Refusal.from_spec(sbx_codes.BAD_CHART_REQUEST, reason=str(error))


@chart_routes.get(PERIOD_CHART.path)
def inquire_period_chart():
    """국내주식기간별시세(일/주/월/년): FID_INPUT_DATE_1–_2, FID_PERIOD_DIV_CODE D/W/M/Y, FID_ORG_ADJ_PRC 0 수정주가 /
    1 원주가 (the same numbers: no sample stock had a split)."""
    params, market, symbol = chart_query(PERIOD_CHART)
    try:
        start = parse_day(params.get("FID_INPUT_DATE_1", ""), "FID_INPUT_DATE_1")
        end = parse_day(params.get("FID_INPUT_DATE_2", ""), "FID_INPUT_DATE_2")
        result = period_chart(
            market,
            symbol,
            market_moment(),
            start=start,
            end=end,
            period=params.get("FID_PERIOD_DIV_CODE", ""),
            adjusted=params.get("FID_ORG_ADJ_PRC", "0") != "1",
        )
    except ChartRequestError as error:
        raise refused_value(error) from None
    return chart_answer(result)


@chart_routes.get(RECENT_PRICES.path)
def inquire_recent_prices():
    """주식현재가 일자별: the latest 30 days (D), weeks (W) or months (M), newest first."""
    params, market, symbol = chart_query(RECENT_PRICES)
    try:
        result = recent_prices(market, symbol, market_moment(), params.get("FID_PERIOD_DIV_CODE", ""))
    except ChartRequestError as error:
        raise refused_value(error) from None
    return chart_answer(result, rows_only=True)


@chart_routes.get(TODAY_MINUTES.path)
def inquire_today_minutes():
    """주식당일분봉조회: 30 minute bars of the current trading day up to FID_INPUT_HOUR_1 (HHMMSS), newest first."""
    params, market, symbol = chart_query(TODAY_MINUTES)
    try:
        result = today_minutes(market, symbol, market_moment(), params.get("FID_INPUT_HOUR_1", ""))
    except ChartRequestError as error:
        raise refused_value(error) from None
    return chart_answer(result)


@chart_routes.get(DAILY_MINUTES.path)
def inquire_daily_minutes():
    """주식일별분봉조회 (real only): 120 minute bars up to FID_INPUT_DATE_1 FID_INPUT_HOUR_1, newest first; with
    FID_PW_DATA_INCU_YN "Y" on into the days before."""
    params, market, symbol = chart_query(DAILY_MINUTES)
    try:
        day = parse_day(params.get("FID_INPUT_DATE_1", ""), "FID_INPUT_DATE_1")
        result = daily_minutes(
            market,
            symbol,
            market_moment(),
            day,
            params.get("FID_INPUT_HOUR_1", ""),
            include_past=params.get("FID_PW_DATA_INCU_YN", "N").upper() == "Y",
        )
    except ChartRequestError as error:
        raise refused_value(error) from None
    return chart_answer(result)
