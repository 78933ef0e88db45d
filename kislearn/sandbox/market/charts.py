"""The rows of the chart APIs, from the same path as the quote — so every answer agrees with every other.

    answer = period_chart(market, "005930", clock.now(), start=date(2026, 1, 1), end=date(2026, 12, 31), period="W")
    answer.output1, answer.output2, answer.more

Field lists come from the API catalog (:mod:`kislearn.catalog`, the workbook's 2026-04-12 edition). Every value
is a string, as KIS sends it; ``output2`` lists are newest first, as in the official examples.

- **국내주식기간별시세(일_주_월_년)** (inquire-daily-itemchartprice, FHKST03010100): at most 100 rows a call
  (official) between ``FID_INPUT_DATE_1`` and ``_2``. A week's, month's or year's bar is made of its days'
  bars (open of the first, close of the last, highest high, lowest low, summed volume and turnover) and is
  dated by its last trading day so far (sandbox's choice, as a user's recorded weekly row shows a Friday).
  The current day counts as it stands at the moment; before its first trade it is listed with ``mod_yn``
  "Y" (official: "체결이 발생하지 않아 시가가 없을경우 Y") at the base price. No stock of the sandbox has had a
  split or rights issue, so 수정주가 and 원주가 (``FID_ORG_ADJ_PRC`` 0/1) give the same numbers.
- **주식현재가 일자별** (inquire-daily-price, FHKST01010400): the latest 30 days, weeks or months (official);
  ``prdy_vrss_vol_rate`` is the volume's change from the period before in percent (the official example's
  13.31 fits 3,908,418 after 3,449,197).
- **주식당일분봉조회** (inquire-time-itemchartprice, FHKST03010200): 30 minute bars a call (official), walking
  back from ``FID_INPUT_HOUR_1``. A time after the current moment answers the later minutes with the current
  minute's values (official note), and the current minute before its first trade shows the previous minute's
  volume (official note). Only today's bars (official: "전일자 분봉 미제공"); on a closed day, the last trading
  day's (sandbox's choice).
- **주식일별분봉조회** (inquire-time-dailychartprice, FHKST03010230, real only): 120 minute bars a call
  (official), walking back from ``FID_INPUT_DATE_1`` ``FID_INPUT_HOUR_1``; with ``FID_PW_DATA_INCU_YN`` "Y" the
  walk goes on into earlier days (sandbox's choice), back to one year before the current day (official: "최대
  1년 분봉 보관").

A minute bar is labelled by its first second (HHMM00) and holds that minute's trades; its ``acml_tr_pbmn`` is
the day's turnover up to the end of that minute. Minutes without trades (the closing auction 15:20–15:29) have
no bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from kislearn import catalog
from kislearn.sandbox.market.calendar import moment_at, to_korea_time
from kislearn.sandbox.market.daily import DailyBar, change_sign
from kislearn.sandbox.market.quote import fixed, flow, percent
from kislearn.sandbox.market.ticks import krx_tick_size, price_limits

PERIOD_ROWS = 100  # 국내주식기간별시세: at most 100 rows a call
RECENT_ROWS = 30  # 주식현재가 일자별
TODAY_MINUTE_ROWS = 30  # 주식당일분봉조회
DAILY_MINUTE_ROWS = 120  # 주식일별분봉조회
MINUTE_HISTORY = timedelta(days=365)  # 주식일별분봉조회: a year of minute bars kept
PERIODS = ("D", "W", "M", "Y")


def fields_of(api: str, section: str) -> tuple:
    """The documented fields of one response section, in the workbook's order (from the API catalog)."""
    return tuple(f.name for f in catalog.find(api).section(section).fields)


PERIOD_OUTPUT1_FIELDS = fields_of("국내주식기간별시세(일_주_월_년)", "output1")
PERIOD_OUTPUT2_FIELDS = fields_of("국내주식기간별시세(일_주_월_년)", "output2")
RECENT_OUTPUT_FIELDS = fields_of("주식현재가 일자별", "output")
MINUTE_OUTPUT1_FIELDS = fields_of("주식당일분봉조회", "output1")  # 주식일별분봉조회 has the same sections
MINUTE_OUTPUT2_FIELDS = fields_of("주식당일분봉조회", "output2")


@dataclass(frozen=True)
class ChartAnswer:
    """One call's answer: ``output1`` (an object), ``output2`` (rows, newest first) and whether older rows
    are left for a next call."""

    output1: dict
    output2: list
    more: bool = False


class ChartRequestError(ValueError):
    """A chart request the sandbox cannot answer; the message (Korean) names the field."""


# ---------------------------------------------------------------------------------------------------
# 국내주식기간별시세(일_주_월_년)
# ---------------------------------------------------------------------------------------------------
def period_chart(
    market, symbol: str, moment: datetime, *, start: date, end: date, period: str = "D", adjusted: bool = True
) -> ChartAnswer:
    """국내주식기간별시세: bars of ``period`` (D/W/M/Y) dated ``start``–``end``, at most 100, newest first.
    ``adjusted`` (수정주가) changes nothing here: no stock had a split."""
    period = _period(period)
    snap = market.snapshot(symbol, moment)
    bars = _period_bars(market, symbol, snap, start, end, period)
    rows = [_period_row(bar, snap, period) for bar in reversed(bars)]
    return ChartAnswer(_period_output1(market, symbol, snap), rows[:PERIOD_ROWS], len(rows) > PERIOD_ROWS)


def _period_bars(market, symbol: str, snap, start: date, end: date, period: str) -> list:
    """Bars of ``period`` dated start–end; the current day counts as it stands at the snapshot."""
    today = snap.bar.day
    end = min(end, today)
    if end < start:
        return []
    first = start if period == "D" else _period_start(start, period)
    reach = {"D": timedelta(days=160), "W": timedelta(weeks=104)}.get(period)
    if reach is not None:  # 100 rows at most: older bars are not needed (the reach still gives > 100 rows)
        first = max(first, _period_start(end - reach, period))
    days = market.daily_bars(symbol, first, min(end, today - timedelta(days=1)))
    if end >= today:
        days.append(snap.bar)
    if period == "D":
        return [bar for bar in days if start <= bar.day <= end]
    grouped: dict = {}
    for bar in days:
        grouped.setdefault(_period_key(bar.day, period), []).append(bar)
    merged = [aggregate(group) for group in grouped.values()]
    return [bar for bar in merged if start <= bar.day <= end]


def aggregate(bars: list) -> DailyBar:
    """One bar made of consecutive days' bars (oldest first), dated by the last: a week's bar is its days'."""
    return DailyBar(
        day=bars[-1].day,
        base=bars[0].base,
        open=bars[0].open,
        high=max(b.high for b in bars),
        low=min(b.low for b in bars),
        close=bars[-1].close,
        volume=sum(b.volume for b in bars),
        turnover=sum(b.turnover for b in bars),
    )


def _period_row(bar: DailyBar, snap, period: str) -> dict:
    untraded = bar.day == snap.bar.day and not snap.traded
    sign = change_sign(bar.close, bar.base) if period == "D" else _plain_sign(bar.close - bar.base)
    return _strings(
        {
            "stck_bsop_date": bar.day.strftime("%Y%m%d"),
            "stck_clpr": bar.close,
            "stck_oprc": bar.open,
            "stck_hgpr": bar.high,
            "stck_lwpr": bar.low,
            "acml_vol": bar.volume,
            "acml_tr_pbmn": bar.turnover,
            "flng_cls_code": "00",
            "prtt_rate": "0.00",
            "mod_yn": "Y" if untraded and period == "D" else "N",
            "prdy_vrss_sign": sign,
            "prdy_vrss": bar.close - bar.base,
            "revl_issu_reas": "",
        },
        PERIOD_OUTPUT2_FIELDS,
    )


def _period_output1(market, symbol: str, snap) -> dict:
    quote = market.quote(symbol, snap.moment)
    previous = snap.previous
    price = snap.price
    upper, _ = price_limits(snap.bar.base)
    values = {name: quote.get(name, "") for name in PERIOD_OUTPUT1_FIELDS}
    values.update(
        {
            "stck_prdy_clpr": snap.bar.base,
            "hts_kor_isnm": market.name(symbol),
            "prdy_vol": previous.volume if previous else 0,
            "stck_prdy_oprc": previous.open if previous else 0,
            "stck_prdy_hgpr": previous.high if previous else 0,
            "stck_prdy_lwpr": previous.low if previous else 0,
            # the book: one tick wide, the last trade at the bid (fits the official example). # sandbox's choice
            "askp": min(price + krx_tick_size(price), upper),
            "bidp": price,
            "prdy_vrss_vol": snap.bar.volume - (previous.volume if previous else 0),
            "itewhol_loan_rmnd_ratem": quote.get("whol_loan_rmnd_rate", ""),
        }
    )
    return _strings(values, PERIOD_OUTPUT1_FIELDS)


# ---------------------------------------------------------------------------------------------------
# 주식현재가 일자별
# ---------------------------------------------------------------------------------------------------
def recent_prices(market, symbol: str, moment: datetime, period: str = "D") -> ChartAnswer:
    """주식현재가 일자별: the latest 30 days (``"D"``), weeks (``"W"``) or months (``"M"``), newest first."""
    period = _period(period)
    if period == "Y":
        raise ChartRequestError("FID_PERIOD_DIV_CODE는 D, W, M 중 하나여야 합니다 (주식현재가 일자별 has no Y)")
    snap = market.snapshot(symbol, moment)
    today = snap.bar.day
    reach = {"D": timedelta(days=60), "W": timedelta(weeks=32), "M": timedelta(days=31 * 32)}[period]
    bars = _period_bars(market, symbol, snap, today - reach, today, period)
    bars = bars[-(RECENT_ROWS + 1) :]  # one more: the oldest row's volume change needs the period before it
    anchor = market.anchor(symbol)
    rows = []
    for k in range(max(len(bars) - RECENT_ROWS, 0), len(bars)):
        bar, before = bars[k], bars[k - 1] if k else None
        rows.append(
            _strings(
                {
                    "stck_bsop_date": bar.day.strftime("%Y%m%d"),
                    "stck_oprc": bar.open,
                    "stck_hgpr": bar.high,
                    "stck_lwpr": bar.low,
                    "stck_clpr": bar.close,
                    "acml_vol": bar.volume,
                    "prdy_vrss_vol_rate": fixed(percent(bar.volume, before.volume) - 100) if before else "0.00",
                    "prdy_vrss": bar.change,
                    "prdy_vrss_sign": change_sign(bar.close, bar.base) if period == "D" else _plain_sign(bar.change),
                    "prdy_ctrt": fixed(percent(bar.change, bar.base)),
                    "hts_frgn_ehrt": anchor.output.get("hts_frgn_ehrt", "0.00"),
                    "frgn_ntby_qty": flow(anchor, market, bar.day, bar.volume, "frgn_ntby_qty") if period == "D" else 0,
                    "flng_cls_code": "00",
                    "acml_prtt_rate": "0.00",
                },
                RECENT_OUTPUT_FIELDS,
            )
        )
    return ChartAnswer({}, list(reversed(rows)))


# ---------------------------------------------------------------------------------------------------
# 주식당일분봉조회 and 주식일별분봉조회
# ---------------------------------------------------------------------------------------------------
def today_minutes(market, symbol: str, moment: datetime, hour: str) -> ChartAnswer:
    """주식당일분봉조회: 30 of the current day's minute bars walking back from ``hour`` (HHMMSS)."""
    moment = to_korea_time(moment)
    snap = market.snapshot(symbol, moment)
    day = snap.bar.day
    session = market.calendar.session(day)
    wanted = _at(day, hour)
    bars = market.minute_bars(symbol, day, until=moment)
    rows = [_minute_row(b) for b in bars if b.time <= wanted]
    if session is not None and moment < session.close and wanted >= moment.replace(second=0, microsecond=0):
        rows += _future_minutes(snap, bars, session, max(moment, session.open), wanted)
    rows.reverse()
    return ChartAnswer(_minute_output1(market, symbol, snap), rows[:TODAY_MINUTE_ROWS], len(rows) > TODAY_MINUTE_ROWS)


def _future_minutes(snap, bars, session, moment, wanted) -> list:
    """Rows for the minutes from now to ``wanted``: the current minute's values (official note); the current
    minute before its first trade: the current price and the previous minute's volume (official note)."""
    minute = moment.replace(second=0, microsecond=0)
    current = bars[-1] if bars and bars[-1].time == minute else None
    if current is None:  # no trade yet this minute: the current price, the previous minute's volume
        volume = bars[-1].volume if bars else 0
        price = snap.price
        template = {
            "stck_prpr": price,
            "stck_oprc": price,
            "stck_hgpr": price,
            "stck_lwpr": price,
            "cntg_vol": volume,
            "acml_tr_pbmn": snap.bar.turnover,
        }
    else:
        template = _minute_row(current)
    rows, label = [], minute if current is None else minute + timedelta(minutes=1)
    while label <= wanted and label <= session.close:
        if label < session.auction_start or label == session.close:
            row = dict(template, stck_bsop_date=label.strftime("%Y%m%d"), stck_cntg_hour=label.strftime("%H%M%S"))
            rows.append(_strings(row, MINUTE_OUTPUT2_FIELDS))
        label += timedelta(minutes=1)
    return rows


def daily_minutes(
    market, symbol: str, moment: datetime, day: date, hour: str, *, include_past: bool = True
) -> ChartAnswer:
    """주식일별분봉조회: 120 minute bars walking back from ``day`` ``hour``; with ``include_past`` on into the days
    before, back to a year before the current day."""
    moment = to_korea_time(moment)
    snap = market.snapshot(symbol, moment)
    wanted = min(_at(day, hour), moment)
    oldest = snap.bar.day - MINUTE_HISTORY
    rows: list = []
    current = market.calendar.on_or_before(wanted.date())
    while current >= oldest and len(rows) <= DAILY_MINUTE_ROWS:
        bars = market.minute_bars(symbol, current, until=moment if current == snap.bar.day else None)
        rows.extend(_minute_row(b) for b in reversed(bars) if b.time <= wanted)
        if not include_past:
            break
        current = market.calendar.previous_trading_day(current)
    return ChartAnswer(_minute_output1(market, symbol, snap), rows[:DAILY_MINUTE_ROWS], len(rows) > DAILY_MINUTE_ROWS)


def _minute_row(bar) -> dict:
    return _strings(
        {
            "stck_bsop_date": bar.time.strftime("%Y%m%d"),
            "stck_cntg_hour": bar.time.strftime("%H%M%S"),
            "stck_prpr": bar.close,
            "stck_oprc": bar.open,
            "stck_hgpr": bar.high,
            "stck_lwpr": bar.low,
            "cntg_vol": bar.volume,
            "acml_tr_pbmn": bar.cum_turnover,
        },
        MINUTE_OUTPUT2_FIELDS,
    )


def _minute_output1(market, symbol: str, snap) -> dict:
    quote = market.quote(symbol, snap.moment)
    values = {name: quote.get(name, "") for name in MINUTE_OUTPUT1_FIELDS}
    values.update(stck_prdy_clpr=snap.bar.base, hts_kor_isnm=market.name(symbol))
    return _strings(values, MINUTE_OUTPUT1_FIELDS)


# ---------------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------------
def _period(period: str) -> str:
    code = str(period).strip().upper()
    if code not in PERIODS:
        raise ChartRequestError(
            f"FID_PERIOD_DIV_CODE {period!r}은(는) D(일)·W(주)·M(월)·Y(년) 중 하나여야 합니다 (bad period code)"
        )
    return code


def _period_key(day: date, period: str):
    if period == "W":
        return day.isocalendar()[:2]
    if period == "M":
        return day.year, day.month
    return day.year


def _period_start(day: date, period: str) -> date:
    if period == "W":
        return day - timedelta(days=day.weekday())
    if period == "M":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def _plain_sign(change: int) -> str:
    """2 up, 3 flat, 5 down: a week's or month's change has no daily limit. # sandbox's choice"""
    return "2" if change > 0 else "5" if change < 0 else "3"


def _at(day: date, hour: str) -> datetime:
    text = str(hour).strip()
    if len(text) != 6 or not text.isdigit() or int(text[:2]) > 23 or int(text[2:4]) > 59 or int(text[4:]) > 59:
        raise ChartRequestError(f"FID_INPUT_HOUR_1 {hour!r}은(는) HHMMSS 여섯 자리 시각이어야 합니다, 예: 130000")
    return moment_at(day, time(int(text[:2]), int(text[2:4]), int(text[4:])))


def parse_day(text: str, field: str = "FID_INPUT_DATE_1") -> date:
    """A YYYYMMDD request field as a date; clients send far-past days such as "19800104" or "00000101", which
    mean "from the beginning" (the earliest possible date is used)."""
    value = str(text).strip()
    if len(value) != 8 or not value.isdigit():
        raise ChartRequestError(f"{field} {text!r}은(는) YYYYMMDD 여덟 자리 날짜여야 합니다, 예: 20261120")
    try:
        return date(max(int(value[:4]), 1), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise ChartRequestError(f"{field} {text!r}은(는) 없는 날짜입니다 (no such date)") from None


def _strings(values: dict, fields: tuple) -> dict:
    return {name: str(values.get(name, "")) for name in fields}
