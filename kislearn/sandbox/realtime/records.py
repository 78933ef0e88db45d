"""The records of the price feeds: 국내주식 실시간체결가 (KRX) ``H0STCNT0`` and 실시간호가 (KRX) ``H0STASP0``.

Every record has exactly the fields of its workbook sheet, in the sheet's order (the names and the order come
from :mod:`kislearn.catalog`; this module only says what each field's value is). One record per trade of the
market's path: a 체결가 record for the trade, a 호가 record for the book after it. Values are text, as on the
wire: whole won, shares, rates with two decimals (the workbook's example frame writes them so).

What the values are — the field meanings are the workbook's; how the sandbox computes them:

- prices, volumes, turnover, open/high/low so far: the market's path (:mod:`kislearn.sandbox.market`);
- 전일 대비 and its sign against the 기준가 (the previous close), the sign codes of the workbook (1 상한, 2 상승,
  3 보합, 4 하한, 5 하락); 시가/고가/저가 대비 signs use 2, 3 and 5 only;
- 가중 평균 주식 가격 = turnover / volume; 전일 거래량 대비 등락율 = volume / the previous day's volume × 100;
  거래량 회전율 = volume / listed shares × 100; 전일 동시간 누적 거래량 = the previous day's volume up to the same time;
- sides, trade counts, 체결강도 (buy volume / sell volume × 100, 0 before any sell), 매수비율 (buy volume / both
  × 100) and the book: :mod:`.tape` (sandbox's choice);
- 신 장운영 구분 코드 "20" (장중, 보통), 시간 구분 코드 "0" (장중), 거래정지 "N", 임의종료구분코드 empty (the
  workbook's example frame shows it empty), 정적VI발동기준가 the day's open (the last single-price auction's price;
  the example frame has it equal to 시가). # sandbox's choice
- 실시간호가: 예상 체결가/체결량 0 in continuous trading, and then 예상 체결 대비 = 0 − 기준가 with sign 5 and rate
  -100.00, as the workbook's example frame shows; 예상 거래량 the opening auction's volume; 시간외 잔량 0;
  잔량 증감 the change since the previous trade's book. # sandbox's choice, after the example frame
"""

from __future__ import annotations

from functools import cache

from kislearn import catalog
from kislearn.realtime_format import join_record
from kislearn.sandbox.market.daily import change_sign

TRADE_TR_ID = "H0STCNT0"  # 국내주식 실시간체결가 (KRX)
ASKING_TR_ID = "H0STASP0"  # 국내주식 실시간호가 (KRX)
PRICE_FEEDS = (TRADE_TR_ID, ASKING_TR_ID)


@cache
def field_names(tr_id: str) -> tuple:
    """The workbook's fields of a WebSocket feed, in order (e.g. 46 for H0STCNT0)."""
    return tuple(item.name for item in catalog.find(tr_id).response_fields)


def ordered(tr_id: str, values: dict) -> str:
    """``values`` (name → value) as one record's text in the sheet's order; every sheet field must be there."""
    return join_record(str(values[name]) for name in field_names(tr_id))


def ratio(part: int, whole: int, scale: int = 1) -> str:
    """``part × scale / whole`` with two decimals, rounded half up (away from zero, as Decimal's ROUND_HALF_UP),
    "-0.00" written "0.00", "0.00" when ``whole`` is 0 — in whole numbers, exactly, as the example frame writes
    rates and averages."""
    if not whole:
        return "0.00"
    numerator, denominator = abs(part) * scale * 100, abs(whole)
    hundredths = (2 * numerator + denominator) // (2 * denominator)
    sign = "-" if hundredths and (part < 0) != (whole < 0) else ""
    return f"{sign}{hundredths // 100}.{hundredths % 100:02d}"


def percent(part: int, whole: int) -> str:
    """``part / whole × 100`` with two decimals; "0.00" when ``whole`` is 0."""
    return ratio(part, whole, 100)


def move_sign(price: int, reference: int) -> str:
    """2 above, 3 equal, 5 below (시가·고가·저가 대비구분)."""
    return "2" if price > reference else "5" if price < reference else "3"


def hhmmss(moment) -> str:
    return moment.strftime("%H%M%S")


# ---------------------------------------------------------------------------------------------------
# 실시간체결가 H0STCNT0
# ---------------------------------------------------------------------------------------------------
def trade_values(tape, i: int) -> dict:
    """The H0STCNT0 fields of trade ``i`` of ``tape``, by name."""
    path = tape.path
    price, base, opening = path.prices[i], tape.base, path.prices[0]
    high, low = path.run_high[i], path.run_low[i]
    volume, turnover = path.cum_volume[i], path.cum_turnover[i]
    buy_volume, sell_volume = tape.buy_volume[i], tape.sell_volume[i]
    book = tape.book(i)
    same_time_volume = tape.previous_volume_at(i)
    return {
        "MKSC_SHRN_ISCD": tape.symbol,
        "STCK_CNTG_HOUR": hhmmss(path.time_of(i)),
        "STCK_PRPR": price,
        "PRDY_VRSS_SIGN": change_sign(price, base),
        "PRDY_VRSS": price - base,
        "PRDY_CTRT": percent(price - base, base),
        "WGHN_AVRG_STCK_PRC": ratio(turnover, volume),
        "STCK_OPRC": opening,
        "STCK_HGPR": high,
        "STCK_LWPR": low,
        "ASKP1": book.asks[0],
        "BIDP1": book.bids[0],
        "CNTG_VOL": path.quantities[i],
        "ACML_VOL": volume,
        "ACML_TR_PBMN": turnover,
        "SELN_CNTG_CSNU": tape.sell_count[i],
        "SHNU_CNTG_CSNU": tape.buy_count[i],
        "NTBY_CNTG_CSNU": tape.buy_count[i] - tape.sell_count[i],
        "CTTR": percent(buy_volume, sell_volume),
        "SELN_CNTG_SMTN": sell_volume,
        "SHNU_CNTG_SMTN": buy_volume,
        "CCLD_DVSN": tape.side[i],
        "SHNU_RATE": percent(buy_volume, buy_volume + sell_volume),
        "PRDY_VOL_VRSS_ACML_VOL_RATE": percent(volume, tape.previous_volume),
        "OPRC_HOUR": hhmmss(path.time_of(0)),
        "OPRC_VRSS_PRPR_SIGN": move_sign(price, opening),
        "OPRC_VRSS_PRPR": price - opening,
        "HGPR_HOUR": hhmmss(path.time_of(tape.high_at[i])),
        "HGPR_VRSS_PRPR_SIGN": move_sign(price, high),
        "HGPR_VRSS_PRPR": price - high,
        "LWPR_HOUR": hhmmss(path.time_of(tape.low_at[i])),
        "LWPR_VRSS_PRPR_SIGN": move_sign(price, low),
        "LWPR_VRSS_PRPR": price - low,
        "BSOP_DATE": tape.day.strftime("%Y%m%d"),
        "NEW_MKOP_CLS_CODE": "20",
        "TRHT_YN": "N",
        "ASKP_RSQN1": book.ask_quantities[0],
        "BIDP_RSQN1": book.bid_quantities[0],
        "TOTAL_ASKP_RSQN": book.total_ask,
        "TOTAL_BIDP_RSQN": book.total_bid,
        "VOL_TNRT": percent(volume, tape.listed_shares),
        "PRDY_SMNS_HOUR_ACML_VOL": same_time_volume,
        "PRDY_SMNS_HOUR_ACML_VOL_RATE": percent(volume, same_time_volume),
        "HOUR_CLS_CODE": "0",
        "MRKT_TRTM_CLS_CODE": "",
        "VI_STND_PRC": opening,
    }


def trade_record(tape, i: int) -> str:
    """Trade ``i`` as one H0STCNT0 record's text."""
    return ordered(TRADE_TR_ID, trade_values(tape, i))


# ---------------------------------------------------------------------------------------------------
# 실시간호가 H0STASP0
# ---------------------------------------------------------------------------------------------------
def asking_values(tape, i: int) -> dict:
    """The H0STASP0 fields of the book after trade ``i`` of ``tape``, by name."""
    path = tape.path
    book = tape.book(i)
    before = tape.book(i - 1) if i > 0 else book
    values = {
        "MKSC_SHRN_ISCD": tape.symbol,
        "BSOP_HOUR": hhmmss(path.time_of(i)),
        "HOUR_CLS_CODE": "0",
        "TOTAL_ASKP_RSQN": book.total_ask,
        "TOTAL_BIDP_RSQN": book.total_bid,
        "OVTM_TOTAL_ASKP_RSQN": 0,
        "OVTM_TOTAL_BIDP_RSQN": 0,
        "ANTC_CNPR": 0,
        "ANTC_CNQN": 0,
        "ANTC_VOL": path.quantities[0],
        "ANTC_CNTG_VRSS": -tape.base,
        "ANTC_CNTG_VRSS_SIGN": "5",
        "ANTC_CNTG_PRDY_CTRT": "-100.00",
        "ACML_VOL": path.cum_volume[i],
        "TOTAL_ASKP_RSQN_ICDC": book.total_ask - before.total_ask,
        "TOTAL_BIDP_RSQN_ICDC": book.total_bid - before.total_bid,
        "OVTM_TOTAL_ASKP_ICDC": 0,
        "OVTM_TOTAL_BIDP_ICDC": 0,
        "STCK_DEAL_CLS_CODE": "0",
    }
    for level in range(len(book.asks)):
        n = level + 1
        values[f"ASKP{n}"] = book.asks[level]
        values[f"BIDP{n}"] = book.bids[level]
        values[f"ASKP_RSQN{n}"] = book.ask_quantities[level]
        values[f"BIDP_RSQN{n}"] = book.bid_quantities[level]
    return values


def asking_record(tape, i: int) -> str:
    """The book after trade ``i`` as one H0STASP0 record's text."""
    return ordered(ASKING_TR_ID, asking_values(tape, i))


RECORD_MAKERS = {TRADE_TR_ID: trade_record, ASKING_TR_ID: asking_record}
