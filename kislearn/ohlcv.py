"""The chart requests behind ``fetch_ohlcv`` and ``fetch_today_1m_ohlcv`` (mojito2's names): their arguments
checked before anything is sent, and the walk back through today's minute bars.

- 국내주식기간별시세(일/주/월/년) (FHKST03010100): bars of a day, week, month or year between two dates, **at most 100
  a call** (the sheet's summary), newest first. Older bars: ask again with the end date before the oldest bar
  received — the way python-kis 2.1.6 walks (``pykis/api/stock/daily_chart.py``) and lesson 12 shows.
- 주식당일분봉조회 (FHKST03010200): **30 minute bars a call** (the sheet's summary), newest first, up to
  ``FID_INPUT_HOUR_1``; the sheet: today's bars only, and a time after now is answered with the current values.
  The next call asks for the minute before the oldest bar received, as mojito2 0.1.6 does.

Only the client's ``request`` sends anything (:func:`walk_minutes` is given it), so the usual pacing, retries,
token renewal and typed errors apply.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from . import spec
from .errors import InvalidArgumentError, PagingError

PERIOD_CHART = "국내주식기간별시세(일/주/월/년)"
TODAY_MINUTES = "주식당일분봉조회"
TIMEFRAMES = {"D": "일봉", "W": "주봉", "M": "월봉", "Y": "년봉"}  # FID_PERIOD_DIV_CODE (the sheet)
FIRST_DAY = "19800104"  # mojito2's start_day when none is given (the KOSPI's base date)
SESSION_CLOSE = "153000"  # mojito2 asks no later than 15:30
SESSION_OPEN = "090000"  # the regular session's first minute bar
MAX_MINUTE_CALLS = 30  # a whole session is 13 calls of 30 bars; more means the server is not walking back
_DAY = re.compile(r"[0-9]{8}")
_HOUR = re.compile(r"[0-9]{6}")


def period_fields(symbol: str, timeframe: str, start_day: str, end_day: str, adj_price: bool) -> dict:
    """The request fields of 국내주식기간별시세 for mojito2's ``fetch_ohlcv`` arguments, checked."""
    if timeframe not in TIMEFRAMES:
        choices = ", ".join(f"'{code}' {name}" for code, name in TIMEFRAMES.items())
        raise InvalidArgumentError(
            f"timeframe(기간분류코드) {timeframe!r}을(를) 알 수 없습니다. {choices} 중 하나입니다."
        )
    start_day = _day(start_day, "start_day(조회 시작일자)") or FIRST_DAY
    end_day = _day(end_day, "end_day(조회 종료일자)") or datetime.now(spec.KST).strftime("%Y%m%d")
    if start_day > end_day:
        raise InvalidArgumentError(
            f"start_day {start_day}이(가) end_day {end_day}보다 늦습니다. 시작일자는 종료일자와 같거나 빨라야 합니다."
        )
    if not isinstance(adj_price, bool):
        raise InvalidArgumentError(f"adj_price는 True(수정주가) 또는 False(원주가)입니다 (받은 값: {adj_price!r})")
    return {
        "FID_COND_MRKT_DIV_CODE": "J",  # 조건 시장 분류 코드: J = KRX
        "FID_INPUT_ISCD": symbol,  # 입력 종목코드
        "FID_INPUT_DATE_1": start_day,  # 입력 날짜 1: 조회 시작일자
        "FID_INPUT_DATE_2": end_day,  # 입력 날짜 2: 조회 종료일자 (최대 100개)
        "FID_PERIOD_DIV_CODE": timeframe,  # 기간분류코드: D 일봉, W 주봉, M 월봉, Y 년봉
        "FID_ORG_ADJ_PRC": "0" if adj_price else "1",  # 수정주가 원주가 가격 여부: 0 수정주가, 1 원주가
    }


def minute_fields(symbol: str, hour: str) -> dict:
    """The request fields of 주식당일분봉조회 for one call: 30 bars up to ``hour`` (HHMMSS)."""
    return {
        "FID_COND_MRKT_DIV_CODE": "J",  # 조건 시장 분류 코드: J = KRX
        "FID_INPUT_ISCD": symbol,  # 입력 종목코드
        "FID_INPUT_HOUR_1": hour,  # 입력시간 HHMMSS: the newest bar wanted
        "FID_PW_DATA_INCU_YN": "Y",  # 과거 데이터 포함 여부: Y, as mojito2 and the official example send
        "FID_ETC_CLS_CODE": "",  # 기타 구분 코드: blank
    }


def first_hour(to: str) -> str:
    """The newest minute to ask for: ``to`` (checked), or now on this computer in Korea time, at most 15:30 —
    mojito2's default. A time after the market's now is answered with the current values (the sheet), so a
    sandbox whose clock is not this computer's needs ``to``."""
    if to == "":
        return min(datetime.now(spec.KST).strftime("%H%M%S"), SESSION_CLOSE)
    if not isinstance(to, str) or not _HOUR.fullmatch(to.replace(":", "")):
        raise InvalidArgumentError(f"to(입력시간)는 'HHMMSS' 꼴의 시각 문자열입니다, 예: '153000' (받은 값: {to!r})")
    return to.replace(":", "")


def walk_minutes(call: Callable[[str], dict], hour: str) -> dict:
    """Every minute bar of today up to ``hour``: ``call(hour)`` gives one answer of 30 bars, newest first; the next
    call asks for the minute before the oldest bar so far, until the session's first minute or an empty answer.
    Returns ``{"output1": the first answer's, "output2": every bar, newest first}`` (mojito2's shape)."""
    first = call(hour)
    result = {"output1": first.get("output1", {}), "output2": []}
    answer = first
    for _ in range(MAX_MINUTE_CALLS):
        bars = answer.get("output2") or []
        if not bars:
            return result
        oldest = bars[-1]["stck_cntg_hour"]
        if result["output2"] and oldest >= result["output2"][-1]["stck_cntg_hour"]:
            raise PagingError(
                f"주식당일분봉조회가 {hour} 이전을 물어도 더 이른 분봉을 주지 않아 멈춥니다 (the server does not walk back)."
            )
        result["output2"].extend(bars)
        if oldest <= SESSION_OPEN:
            return result
        hour = (datetime.strptime(oldest, "%H%M%S") - timedelta(minutes=1)).strftime("%H%M%S")
        answer = call(hour)
    raise PagingError(
        f"주식당일분봉조회를 {MAX_MINUTE_CALLS}번 불러도 장 시작(09:00)에 닿지 않아 멈춥니다 (paging guard)."
    )


def _day(value: object, name: str) -> str:
    if value == "":
        return ""
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise InvalidArgumentError(f"{name}는 'YYYYMMDD' 꼴의 날짜 문자열입니다, 예: '20261120' (받은 값: {value!r})")
    try:
        datetime.strptime(value, "%Y%m%d")
    except ValueError:
        raise InvalidArgumentError(f"{name} {value!r}은(는) 달력에 없는 날짜입니다.") from None
    return value
