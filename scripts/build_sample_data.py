"""Build the offline sandbox's sample data from the arithmetic of the official KIS specification.

Writes::

    kislearn/sandbox/data/accounts/<slug>.json   주식잔고조회 (inquire-balance) answers: empty, small, large
    kislearn/sandbox/data/prices/<symbol>.json   주식현재가 시세 (inquire-price) answers, one per held symbol,
                                                 with the stock's market and foreign-ownership limit

Run it from anywhere; the files are committed, this script documents how they were made::

    python scripts/build_sample_data.py              # rewrite the package's files
    python scripts/build_sample_data.py --out DIR    # write them somewhere else (the tests do this)

The accounts are NOT real accounts and the prices are NOT market data. The symbols, company names, the
market each is listed on (KOSPI or KOSDAQ) and the legal foreign-ownership limits are real; listed shares
and face values are rough, illustrative figures; every price, holding and amount is constructed. The "random" parts come from fixed seeds, so every run writes the same bytes. Every number
obeys the rules of kislearn/consistency/, and tests/test_sample_data.py checks that.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # so the script also runs without installing kislearn

from kislearn.consistency.fields import OUTPUT1_FIELDS, OUTPUT2_FIELDS, PRICE_OUTPUT_FIELDS  # noqa: E402
from kislearn.consistency.krx import krx_tick_size, price_limits, substitute_price  # noqa: E402
from kislearn.sandbox.market.calendar import KRX  # noqa: E402

DATA_DIR = ROOT / "kislearn" / "sandbox" / "data"

TODAY = date(2026, 11, 20)  # the sandbox's trading day, a Friday; "yesterday" is Thursday 2026-11-19
SEED = "kislearn-sample-data-v1"
FEE_RATE = Decimal("0.00014")  # sandbox's choice: ~0.014% per order, floored to 10 won (users' log: 294,500 → 40)


# ---------------------------------------------------------------------------------------------------
# The stocks. Symbols and names are real; previous closes are constructed (and on the KRX tick grid);
# face values and listed shares are rough figures, good enough for market cap and turnover.
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Stock:
    symbol: str
    name: str
    market: str  # the market it is listed on: KOSPI or KOSDAQ (the sale taxes depend on it, see costs.py)
    index_name: str  # rprs_mrkt_kor_name (대표 시장 한글 명), e.g. KOSPI200 for a KOSPI 200 stock
    sector: str  # bstp_kor_isnm, in the style of the official example ("전기.전자")
    previous_close: int  # = today's base price (stck_sdpr)
    face_value: int  # stck_fcam
    listed_shares: int  # lstn_stcn
    foreign_limit_pct: int = 100  # foreign-ownership limit, % of the listed shares (100 = none; see below)


# Foreign-ownership limits set by law, for the sample stocks that have one (all others: none):
# - 한국전력 (015760), a 공공적 법인: foreigners together at most 40% (자본시장과 금융투자업에 관한 법률
#   시행령 제187조제1항제2호: "해당 종목의 지분증권 총수의 100분의 40").
# - SK텔레콤 (017670) and KT (030200), 기간통신사업자: foreigners at most 49% (전기통신사업법 제8조).
# HTS외국인소진율 (hts_frgn_ehrt) is the share of that LIMIT foreigners hold: holdings ÷ (listed × limit) × 100.
KEPCO_LIMIT, TELECOM_LIMIT = 40, 49


STOCKS = [
    Stock("005930", "삼성전자", "KOSPI", "KOSPI200", "전기.전자", 98_700, 100, 5_919_637_922),
    Stock("000660", "SK하이닉스", "KOSPI", "KOSPI200", "전기.전자", 512_000, 5_000, 728_002_365),
    Stock("373220", "LG에너지솔루션", "KOSPI", "KOSPI200", "전기.전자", 385_500, 500, 234_000_000),
    Stock("207940", "삼성바이오로직스", "KOSPI", "KOSPI200", "의약품", 1_082_000, 2_500, 71_174_000),
    Stock("005380", "현대차", "KOSPI", "KOSPI200", "운수장비", 221_500, 5_000, 204_757_766),
    Stock("000270", "기아", "KOSPI", "KOSPI200", "운수장비", 98_400, 5_000, 393_000_000),
    Stock("068270", "셀트리온", "KOSPI", "KOSPI200", "의약품", 178_900, 1_000, 216_000_000),
    Stock("005490", "POSCO홀딩스", "KOSPI", "KOSPI200", "철강.금속", 298_500, 5_000, 84_571_230),
    Stock("035420", "NAVER", "KOSPI", "KOSPI200", "서비스업", 231_000, 100, 158_437_008),
    Stock("035720", "카카오", "KOSPI", "KOSPI200", "서비스업", 52_300, 100, 442_000_000),
    Stock("051910", "LG화학", "KOSPI", "KOSPI200", "화학", 312_500, 5_000, 70_592_343),
    Stock("006400", "삼성SDI", "KOSPI", "KOSPI200", "전기.전자", 246_000, 5_000, 68_764_530),
    Stock("105560", "KB금융", "KOSPI", "KOSPI200", "금융업", 112_800, 5_000, 393_000_000),
    Stock("055550", "신한지주", "KOSPI", "KOSPI200", "금융업", 68_700, 5_000, 509_000_000),
    Stock("012330", "현대모비스", "KOSPI", "KOSPI200", "운수장비", 285_000, 5_000, 93_000_000),
    Stock("028260", "삼성물산", "KOSPI", "KOSPI200", "유통업", 168_200, 100, 169_000_000),
    Stock("066570", "LG전자", "KOSPI", "KOSPI200", "전기.전자", 84_600, 5_000, 163_647_814),
    Stock("003550", "LG", "KOSPI", "KOSPI200", "금융업", 78_900, 5_000, 157_000_000),
    Stock("032830", "삼성생명", "KOSPI", "KOSPI200", "보험", 121_300, 500, 200_000_000),
    Stock("086790", "하나금융지주", "KOSPI", "KOSPI200", "금융업", 79_400, 5_000, 290_000_000),
    Stock("015760", "한국전력", "KOSPI", "KOSPI200", "전기.가스업", 31_250, 5_000, 641_964_077, KEPCO_LIMIT),
    Stock("017670", "SK텔레콤", "KOSPI", "KOSPI200", "통신업", 54_800, 100, 214_000_000, TELECOM_LIMIT),
    Stock("030200", "KT", "KOSPI", "KOSPI200", "통신업", 49_650, 5_000, 252_000_000, TELECOM_LIMIT),
    Stock("034730", "SK", "KOSPI", "KOSPI200", "금융업", 176_400, 200, 73_000_000),
    Stock("096770", "SK이노베이션", "KOSPI", "KOSPI200", "화학", 98_300, 5_000, 151_000_000),
    Stock("009150", "삼성전기", "KOSPI", "KOSPI200", "전기.전자", 162_700, 5_000, 74_693_696),
    Stock("018260", "삼성에스디에스", "KOSPI", "KOSPI200", "서비스업", 151_900, 500, 77_377_800),
    Stock("033780", "KT&G", "KOSPI", "KOSPI200", "음식료품", 128_600, 5_000, 120_000_000),
    Stock("011200", "HMM", "KOSPI", "KOSPI200", "운수창고업", 19_870, 5_000, 1_025_000_000),
    Stock("003670", "포스코퓨처엠", "KOSPI", "KOSPI200", "비금속광물", 187_300, 500, 77_463_220),
    Stock("009540", "HD한국조선해양", "KOSPI", "KOSPI200", "운수장비", 312_000, 5_000, 70_773_116),
    Stock("329180", "HD현대중공업", "KOSPI", "KOSPI200", "운수장비", 448_500, 5_000, 88_773_116),
    Stock("034020", "두산에너빌리티", "KOSPI", "KOSPI200", "기계", 61_200, 5_000, 640_561_146),
    Stock("012450", "한화에어로스페이스", "KOSPI", "KOSPI200", "기계", 932_000, 5_000, 51_000_000),
    Stock("010950", "S-Oil", "KOSPI", "KOSPI200", "화학", 67_300, 2_500, 112_582_792),
    Stock("316140", "우리금융지주", "KOSPI", "KOSPI200", "금융업", 23_450, 5_000, 742_000_000),
    Stock("024110", "기업은행", "KOSPI", "KOSPI200", "은행", 19_960, 5_000, 797_000_000),
    Stock("000810", "삼성화재", "KOSPI", "KOSPI200", "보험", 428_500, 500, 47_374_837),
    Stock("036570", "엔씨소프트", "KOSPI", "KOSPI200", "서비스업", 216_500, 500, 21_000_000),
    Stock("259960", "크래프톤", "KOSPI", "KOSPI200", "서비스업", 318_000, 100, 48_000_000),
    Stock("323410", "카카오뱅크", "KOSPI", "KOSPI200", "은행", 24_350, 5_000, 477_000_000),
    Stock("352820", "하이브", "KOSPI", "KOSPI200", "서비스업", 276_500, 500, 41_650_000),
    Stock("090430", "아모레퍼시픽", "KOSPI", "KOSPI200", "화학", 132_400, 500, 58_000_000),
    Stock("071050", "한국금융지주", "KOSPI", "KOSPI200", "금융업", 118_200, 5_000, 55_725_992),
    Stock("005935", "삼성전자우", "KOSPI", "KOSPI", "전기.전자", 79_300, 100, 815_974_664),
    Stock("086520", "에코프로", "KOSDAQ", "KOSDAQ", "금융", 86_400, 100, 133_000_000),
    Stock("263750", "펄어비스", "KOSDAQ", "KOSDAQ", "디지털컨텐츠", 38_750, 100, 64_000_000),
    Stock("035900", "JYP Ent.", "KOSDAQ", "KOSDAQ", "오락·문화", 68_900, 500, 35_500_000),
    Stock("058470", "리노공업", "KOSDAQ", "KOSDAQ", "반도체", 214_500, 500, 15_242_370),
    Stock("145020", "휴젤", "KOSDAQ", "KOSDAQ", "제약", 312_500, 500, 12_000_000),
    Stock("214150", "클래시스", "KOSDAQ", "KOSDAQ", "의료·정밀기기", 58_700, 100, 65_000_000),
    Stock("039030", "이오테크닉스", "KOSDAQ", "KOSDAQ", "반도체", 176_300, 500, 12_300_000),
    Stock("277810", "레인보우로보틱스", "KOSDAQ", "KOSDAQ", "기계·장비", 268_000, 500, 19_400_000),
    Stock("293490", "카카오게임즈", "KOSDAQ", "KOSDAQ", "디지털컨텐츠", 16_480, 100, 82_000_000),
    Stock("041510", "에스엠", "KOSDAQ", "KOSDAQ", "오락·문화", 98_200, 500, 23_800_000),
]
STOCKS_BY_SYMBOL = {stock.symbol: stock for stock in STOCKS}


# ---------------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------------
def fixed(value, places: int) -> str:
    """A number written with exactly ``places`` decimals, rounded half up ("-0.00" is written "0.00")."""
    number = Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{abs(number) if number == 0 else number:f}"


def whole(value) -> int:
    """Round to a whole number, half up."""
    return int(Decimal(value).to_integral_value(ROUND_HALF_UP))


def percent(part, whole_amount) -> Decimal:
    """part / whole × 100 (0 when the whole is 0)."""
    return Decimal(part) / Decimal(whole_amount) * 100 if whole_amount else Decimal(0)


def to_tick(price, rounding=ROUND_HALF_UP) -> int:
    """Move a price onto the KRX tick grid (the tick of the price itself)."""
    price = Decimal(price)
    tick = krx_tick_size(price)
    return int((price / tick).to_integral_value(rounding)) * tick


def share(rng: random.Random, low: int, high: int) -> Decimal:
    """A random fraction between low/10,000 and high/10,000 (whole basis points, so runs are identical)."""
    return Decimal(rng.randint(low, high)) / 10_000


def trading_day(rng: random.Random) -> str:
    """A random trading day of 2026 before TODAY, as YYYYMMDD: a weekend or a KRX holiday gives the trading day
    before it (the market's daily bars, kislearn/sandbox/market, have no bar on a closed day to put it on)."""
    day = date(2026, 1, 2) + timedelta(days=rng.randint(0, (TODAY - date(2026, 1, 2)).days - 2))
    return KRX.on_or_before(day).strftime("%Y%m%d")  # 2026-01-02 is a trading day: never earlier


def in_order(values: dict, fields: tuple) -> dict:
    """The values in the spec's field order; fails loudly if a field is missing or extra."""
    assert set(values) == set(fields), set(values) ^ set(fields)
    return {name: values[name] for name in fields}


def pivot_points(high: int, low: int, close: int, opening: int) -> dict:
    """Yesterday's pivot and DeMark levels, as the official example's values fit them.

    Example: high 130,000, low 126,500, close 128,500 (below the open) → pivot 128,333, R1 130,166,
    S1 126,666, R2 131,833, S2 124,833, DeMark resistance 129,250, support 125,750.
    """
    pivot = (high + low + close) // 3
    if close > opening:
        x = 2 * high + low + close
    elif close < opening:
        x = high + 2 * low + close
    else:
        x = high + low + 2 * close
    return {
        "pvt_scnd_dmrs_prc": pivot + (high - low),
        "pvt_frst_dmrs_prc": 2 * pivot - low,
        "pvt_pont_val": pivot,
        "pvt_frst_dmsp_prc": 2 * pivot - high,
        "pvt_scnd_dmsp_prc": pivot - (high - low),
        "dmrs_val": x // 2 - low,
        "dmsp_val": x // 2 - high,
    }


# ---------------------------------------------------------------------------------------------------
# 주식현재가 시세: one price per stock
# ---------------------------------------------------------------------------------------------------
def build_price(stock: Stock) -> dict:
    """The inquire-price ``output`` object of one stock, every value a string, in the spec's order."""
    rng = random.Random(f"{SEED}-{stock.symbol}")
    base = stock.previous_close
    assert base % krx_tick_size(base) == 0, stock
    upper, lower = price_limits(base)

    # Today: flat about one time in eight, otherwise a move of up to ±3.5%.
    price = base if rng.random() < 0.125 else to_tick(base * (1 + share(rng, -350, 350)))
    change = price - base
    opening = to_tick(base * (1 + share(rng, -150, 150)))
    high = min(upper, to_tick(max(opening, price) * (1 + share(rng, 0, 150)), ROUND_CEILING))
    low = max(lower, to_tick(min(opening, price) * (1 - share(rng, 0, 150)), ROUND_FLOOR))
    volume = max(1_000, whole(stock.listed_shares * share(rng, 5, 80)))  # 0.05%–0.8% of the shares
    average = low + (high - low) * share(rng, 2500, 7500)  # the volume-weighted average, between low and high
    # Σ price × quantity of trades on the tick grid is a multiple of the smallest tick traded (the low's):
    # the market model's intraday path adds up to exactly this (kislearn/sandbox/market/anchor.py)
    tick = krx_tick_size(low)
    turnover = whole(volume * average / tick) * tick
    previous_volume = whole(volume / share(rng, 6000, 16000))  # today: 60%–160% of yesterday

    # Yesterday (for the pivot levels): closed at the base price.
    yesterday_high = to_tick(base * (1 + share(rng, 0, 250)), ROUND_CEILING)
    yesterday_low = to_tick(base * (1 - share(rng, 0, 250)), ROUND_FLOOR)
    yesterday_open = to_tick(base * (1 + share(rng, -120, 120)))
    yesterday_open = min(max(yesterday_open, yesterday_low), yesterday_high)

    # This year's high and low; every date is in 2026, so the 250-day, the year's and the 52-week
    # extremes are the same prices on the same days.
    year_high = to_tick(max(high, yesterday_high) * (1 + share(rng, 300, 4500)), ROUND_CEILING)
    year_low = to_tick(min(low, yesterday_low) * (1 - share(rng, 300, 3500)), ROUND_FLOOR)
    year_high_date, year_low_date = trading_day(rng), trading_day(rng)
    high_rate = fixed(percent(price - year_high, year_high), 2)
    low_rate = fixed(percent(price - year_low, year_low), 2)

    eps = whole(base / (Decimal(rng.randint(600, 3500)) / 100))  # a PER of 6–35 at yesterday's close
    bps = whole(base / (Decimal(rng.randint(40, 400)) / 100))  # a PBR of 0.4–4
    # Foreigners hold 5%–55% of what they may hold: of the listed shares, or of the legal limit.
    foreign_limit = Decimal(stock.listed_shares) * stock.foreign_limit_pct / 100
    foreign_shares = whole(foreign_limit * share(rng, 500, 5500))
    capital = whole(Decimal(stock.listed_shares) * stock.face_value / 10**8)  # 자본금, 억원
    sign = "2" if change > 0 else "5" if change < 0 else "3"  # never at a limit (±3.5% at most)
    kospi200 = stock.index_name == "KOSPI200"

    values = {
        "iscd_stat_cls_code": "55",
        "marg_rate": "20.00" if kospi200 else "40.00",
        "rprs_mrkt_kor_name": stock.index_name,
        "new_hgpr_lwpr_cls_code": "",
        "bstp_kor_isnm": stock.sector,
        "temp_stop_yn": "N",
        "oprc_rang_cont_yn": "N",
        "clpr_rang_cont_yn": "N",
        "crdt_able_yn": "Y",
        "grmn_rate_cls_code": "40",
        "elw_pblc_yn": "Y" if kospi200 else "N",
        "stck_prpr": price,
        "prdy_vrss": change,
        "prdy_vrss_sign": sign,
        "prdy_ctrt": fixed(percent(change, base), 2),
        "acml_tr_pbmn": turnover,
        "acml_vol": volume,
        "prdy_vrss_vol_rate": fixed(percent(volume, previous_volume), 2),
        "stck_oprc": opening,
        "stck_hgpr": high,
        "stck_lwpr": low,
        "stck_mxpr": upper,
        "stck_llam": lower,
        "stck_sdpr": base,
        "wghn_avrg_stck_prc": fixed(Decimal(turnover) / volume, 2),
        "hts_frgn_ehrt": fixed(percent(foreign_shares, foreign_limit), 2),  # 소진율: holdings ÷ the limit
        "frgn_ntby_qty": whole(volume * share(rng, -2000, 2000)),
        "pgtr_ntby_qty": whole(volume * share(rng, -2000, 2000)),
        **pivot_points(yesterday_high, yesterday_low, base, yesterday_open),
        "cpfn": capital,
        "rstc_wdth_prc": upper - base,
        "stck_fcam": stock.face_value,
        "stck_sspr": substitute_price(base),
        "aspr_unit": krx_tick_size(price),
        "hts_deal_qty_unit_val": 1,
        "lstn_stcn": stock.listed_shares,
        "hts_avls": whole(Decimal(price) * stock.listed_shares / 10**8),
        "per": fixed(Decimal(price) / eps, 2),
        "pbr": fixed(Decimal(price) / bps, 2),
        "stac_month": "12",
        "vol_tnrt": fixed(percent(volume, stock.listed_shares), 2),
        "eps": fixed(eps, 2),
        "bps": fixed(bps, 2),
        "d250_hgpr": year_high,
        "d250_hgpr_date": year_high_date,
        "d250_hgpr_vrss_prpr_rate": high_rate,
        "d250_lwpr": year_low,
        "d250_lwpr_date": year_low_date,
        "d250_lwpr_vrss_prpr_rate": low_rate,
        "stck_dryy_hgpr": year_high,
        "dryy_hgpr_vrss_prpr_rate": high_rate,
        "dryy_hgpr_date": year_high_date,
        "stck_dryy_lwpr": year_low,
        "dryy_lwpr_vrss_prpr_rate": low_rate,
        "dryy_lwpr_date": year_low_date,
        "w52_hgpr": year_high,
        "w52_hgpr_vrss_prpr_ctrt": high_rate,
        "w52_hgpr_date": year_high_date,
        "w52_lwpr": year_low,
        "w52_lwpr_vrss_prpr_ctrt": low_rate,
        "w52_lwpr_date": year_low_date,
        "whol_loan_rmnd_rate": fixed(share(rng, 5, 250) * 100, 2),
        "ssts_yn": "Y",
        "stck_shrn_iscd": stock.symbol,
        "fcam_cnnm": f"{stock.face_value:,}",
        "cpfn_cnnm": f"{capital:,} 억",
        "apprch_rate": "0.00",
        "frgn_hldn_qty": foreign_shares,
        "vi_cls_code": "N",
        "ovtm_vi_cls_code": "N",
        "last_ssts_cntg_qty": whole(volume * share(rng, 0, 300)),
        "invt_caful_yn": "N",
        "mrkt_warn_cls_code": "00",
        "short_over_yn": "N",
        "sltr_yn": "N",
        "mang_issu_cls_code": "N",
    }
    return in_order({name: str(value) for name, value in values.items()}, PRICE_OUTPUT_FIELDS)


# ---------------------------------------------------------------------------------------------------
# 주식잔고조회: accounts
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Lot:
    """One purchase: ``quantity`` shares at ``price_factor`` × the previous close (moved onto the tick grid).
    A lot bought yesterday is filled at yesterday's close."""

    quantity: int
    price_factor: Decimal = Decimal(1)
    bought_yesterday: bool = False


@dataclass
class AccountPlan:
    slug: str
    account: str
    title: str
    description: str
    cash: int  # dnca_tot_amt: D+0 cash (예수금)
    holdings: dict = field(default_factory=dict)  # symbol -> [Lot, ...]


def lot_price(stock: Stock, lot: Lot) -> int:
    """What one share of the lot cost."""
    if lot.bought_yesterday:
        return stock.previous_close
    return to_tick(stock.previous_close * Decimal(lot.price_factor))


def order_fee(amount: int) -> int:
    """Brokerage fee of one order: amount × FEE_RATE, floored to 10 won. # sandbox's choice"""
    return int((amount * FEE_RATE / 10).to_integral_value(ROUND_FLOOR)) * 10


def holding_row(stock: Stock, price: dict, lots: list) -> dict:
    """One output1 row: a cash holding with no open orders, valued at the price file's current price."""
    quantity = sum(lot.quantity for lot in lots)
    bought_yesterday = sum(lot.quantity for lot in lots if lot.bought_yesterday)
    purchase = sum(lot.quantity * lot_price(stock, lot) for lot in lots)
    current = int(price["stck_prpr"])
    evaluation = current * quantity
    profit = evaluation - purchase
    profit_rate = fixed(percent(profit, purchase), 2)
    values = {
        "pdno": stock.symbol,
        "prdt_name": stock.name,
        "trad_dvsn_name": "현금",
        "bfdy_buy_qty": bought_yesterday,
        "bfdy_sll_qty": 0,
        "thdt_buyqty": 0,
        "thdt_sll_qty": 0,
        "hldg_qty": quantity,
        "ord_psbl_qty": quantity,  # no open orders
        "pchs_avg_pric": fixed(Decimal(purchase) / quantity, 4),
        "pchs_amt": purchase,
        "prpr": current,
        "evlu_amt": evaluation,
        "evlu_pfls_amt": profit,
        "evlu_pfls_rt": profit_rate,
        "evlu_erng_rt": fixed(profit_rate, 8),  # officially unused; paper servers print the rate, 8 decimals
        "loan_dt": "",
        "loan_amt": 0,
        "stln_slng_chgs": 0,
        "expd_dt": "",
        "fltt_rt": fixed(price["prdy_ctrt"], 8),
        "bfdy_cprs_icdc": price["prdy_vrss"],
        "item_mgna_rt_name": "",
        "grta_rt_name": "",
        "sbst_pric": price["stck_sspr"],
        "stck_loan_unpr": "0.0000",
    }
    return in_order({name: str(value) for name, value in values.items()}, OUTPUT1_FIELDS)


def summary(rows: list, cash: int, bought_yesterday: int, costs_yesterday: int) -> dict:
    """The output2 object. Nothing was traded today; yesterday's buys settle tomorrow (D+1)."""
    securities = sum(int(row["evlu_amt"]) for row in rows)
    d1_cash = cash - bought_yesterday - costs_yesterday  # D+1 = D+0 − yesterday's buys and costs
    d2_cash = d1_cash  # D+2 = D+1: no trades today
    total = securities + d2_cash
    # Yesterday's total = the same holdings at yesterday's close + the same D+2 cash.
    yesterday_total = total - sum(int(row["hldg_qty"]) * int(row["bfdy_cprs_icdc"]) for row in rows)
    change = total - yesterday_total
    values = {
        "dnca_tot_amt": cash,
        "nxdy_excc_amt": d1_cash,
        "prvs_rcdl_excc_amt": d2_cash,
        "cma_evlu_amt": 0,
        "bfdy_buy_amt": bought_yesterday,
        "thdt_buy_amt": 0,
        "nxdy_auto_rdpt_amt": 0,
        "bfdy_sll_amt": 0,
        "thdt_sll_amt": 0,
        "d2_auto_rdpt_amt": 0,
        "bfdy_tlex_amt": costs_yesterday,
        "thdt_tlex_amt": 0,
        "tot_loan_amt": 0,
        "scts_evlu_amt": securities,
        "tot_evlu_amt": total,
        "nass_amt": total,
        "fncg_gld_auto_rdpt_yn": "",
        "pchs_amt_smtl_amt": sum(int(row["pchs_amt"]) for row in rows),
        "evlu_amt_smtl_amt": securities,
        "evlu_pfls_smtl_amt": sum(int(row["evlu_pfls_amt"]) for row in rows),
        "tot_stln_slng_chgs": 0,
        "bfdy_tot_asst_evlu_amt": yesterday_total,
        "asst_icdc_amt": change,
        "asst_icdc_erng_rt": fixed(percent(change, yesterday_total), 8),  # "데이터 미제공"; paper style
    }
    return in_order({name: str(value) for name, value in values.items()}, OUTPUT2_FIELDS)


def build_account(plan: AccountPlan, prices: dict) -> dict:
    """One account file: the plan's holdings valued at today's prices, plus the summary."""
    rows, bought_yesterday, costs_yesterday = [], 0, 0
    for symbol, lots in plan.holdings.items():
        stock = STOCKS_BY_SYMBOL[symbol]
        rows.append(holding_row(stock, prices[symbol], lots))
        for lot in lots:
            if lot.bought_yesterday:  # one order per lot
                amount = lot.quantity * lot_price(stock, lot)
                bought_yesterday += amount
                costs_yesterday += order_fee(amount)
    return {
        "slug": plan.slug,
        "account": plan.account,
        "title": plan.title,
        "description": plan.description,
        "output1": rows,
        "output2": [summary(rows, plan.cash, bought_yesterday, costs_yesterday)],
    }


def large_holdings() -> dict:
    """Every stock of the table (55), bought in one to three lots of about 0.5–4 million won each."""
    rng = random.Random(f"{SEED}-large")
    holdings = {}
    for stock in STOCKS:
        lots = []
        for _ in range(rng.randint(1, 3)):
            budget = rng.randint(5, 40) * 100_000
            lots.append(Lot(max(1, budget // stock.previous_close), share(rng, 7000, 13500)))
        holdings[stock.symbol] = lots
    return holdings


ACCOUNTS = [
    AccountPlan(
        "empty",
        "50010001-01",
        "빈 모의투자 계좌",
        "막 개설한 모의투자 계좌입니다. 보유 종목은 없고 예수금 10,000,000원만 있습니다.",
        cash=10_000_000,
    ),
    AccountPlan(
        "small",
        "50010002-01",
        "작은 포트폴리오",
        "대형주 6종목을 보유한 작은 포트폴리오로, 수익 종목과 손실 종목이 섞여 있습니다. "
        "어제 NAVER를 매수해서 오늘 예수금(D+0)과 내일 예수금(D+1)이 다릅니다.",
        cash=2_418_630,
        holdings={
            "005930": [Lot(30, Decimal("0.78")), Lot(17, Decimal("0.93"))],  # 삼성전자, two purchases
            "000660": [Lot(3, Decimal("0.62"))],  # SK하이닉스, a big gain
            "035720": [Lot(45, Decimal("1.21"))],  # 카카오, a loss
            "005380": [Lot(8, Decimal("1.06"))],  # 현대차, a small loss
            "071050": [Lot(12, Decimal("0.88"))],  # 한국금융지주
            "035420": [Lot(6, bought_yesterday=True)],  # NAVER, bought yesterday at yesterday's close
        },
    ),
    AccountPlan(
        "large",
        "50010003-01",
        "큰 포트폴리오",
        "55종목을 보유한 큰 포트폴리오입니다. 한 페이지에 모의투자는 20건, 실전투자는 50건까지 오므로 "
        "모의투자에서는 3페이지, 실전투자에서는 2페이지에 걸쳐 조회됩니다.",
        cash=18_652_340,
        holdings=large_holdings(),
    ),
]


# ---------------------------------------------------------------------------------------------------
# Writing the files
# ---------------------------------------------------------------------------------------------------
def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def build(out_dir: Path = DATA_DIR) -> list:
    """Write every account and price file under ``out_dir``; returns the paths written."""
    held = sorted({symbol for plan in ACCOUNTS for symbol in plan.holdings})
    prices = {symbol: build_price(STOCKS_BY_SYMBOL[symbol]) for symbol in held}
    written = []
    for symbol in held:
        path = out_dir / "prices" / f"{symbol}.json"
        stock = STOCKS_BY_SYMBOL[symbol]
        write_json(
            path,
            {
                "symbol": symbol,
                "name": stock.name,
                "market": stock.market,
                "foreign_limit_pct": str(stock.foreign_limit_pct),
                "output": prices[symbol],
            },
        )
        written.append(path)
    for plan in ACCOUNTS:
        path = out_dir / "accounts" / f"{plan.slug}.json"
        write_json(path, build_account(plan, prices))
        written.append(path)
    return written


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="샌드박스 샘플 데이터(잔고·시세 JSON)를 만듭니다.")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="출력 폴더 (기본: kislearn/sandbox/data)")
    args = parser.parse_args(argv)
    written = build(args.out)
    print(f"{len(written)}개 파일을 {args.out} 에 썼습니다.")


if __name__ == "__main__":
    main()
