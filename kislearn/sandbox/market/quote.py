"""The 주식현재가 시세 (inquire-price) ``output`` at a moment.

Every field that depends on the moment is recomputed from the market model; the rest is the price file's:

- from the current trading day so far: ``stck_prpr``, ``prdy_vrss``, ``prdy_vrss_sign`` (1 상한, 2 상승, 3 보합,
  4 하한, 5 하락 — official), ``prdy_ctrt``, ``stck_oprc``/``hgpr``/``lwpr``, ``acml_vol``, ``acml_tr_pbmn``,
  ``wghn_avrg_stck_prc`` (turnover / volume), ``vol_tnrt`` (volume / listed shares), ``hts_avls`` (price ×
  listed shares / 1억), ``per`` (price / eps), ``pbr`` (price / bps), ``aspr_unit`` (the price's tick) —
  the arithmetic the official example follows;
- from the base price (the previous close): ``stck_sdpr``, ``stck_mxpr``/``stck_llam`` (±30%),
  ``rstc_wdth_prc``, ``stck_sspr`` (대용가, the sandbox's 76% rule);
- from the previous day's bar: the pivot and DeMark levels (``pvt_*``, ``dmrs_val``, ``dmsp_val``; the standard
  formulas, which fit the official example) and ``prdy_vrss_vol_rate`` (today's volume as a percentage of
  yesterday's, as the sample files have it);
- from the history: the 250-day, year and 52-week highs and lows with their dates and the current price's
  distance from them;
- scaled with the day's volume so far (sandbox's choice): ``frgn_ntby_qty``, ``pgtr_ntby_qty``,
  ``last_ssts_cntg_qty`` — on the anchor day in the file's proportion, on other days in a seeded proportion.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from kislearn import catalog
from kislearn.sandbox.krx import substitute_price
from kislearn.sandbox.market.daily import change_sign
from kislearn.sandbox.market.randomness import draws
from kislearn.sandbox.market.ticks import krx_tick_size, price_limits

PRICE_OUTPUT_FIELDS = tuple(f.name for f in catalog.find("주식현재가 시세").section("output").fields)
FLOW_FIELDS = {"frgn_ntby_qty": (-0.2, 0.2), "pgtr_ntby_qty": (-0.2, 0.2), "last_ssts_cntg_qty": (0.0, 0.03)}


def fixed(value, places: int = 2) -> str:
    """A number with exactly ``places`` decimals, rounded half up; "-0.00" is written "0.00"."""
    number = Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return f"{abs(number) if number == 0 else number:f}"


def percent(part, whole) -> Decimal:
    """part / whole × 100, 0 when the whole is 0."""
    return Decimal(part) / Decimal(whole) * 100 if whole else Decimal(0)


def whole(value) -> int:
    return int(Decimal(value).to_integral_value(ROUND_HALF_UP))


def pivot_levels(high: int, low: int, close: int, opening: int) -> dict:
    """A day's floor-pivot and DeMark levels, as the official example's values fit them (high 130,000, low
    126,500, close 128,500 below the open → pivot 128,333, R1 130,166, S1 126,666, R2 131,833, S2 124,833,
    DeMark 129,250 / 125,750)."""
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


def flow(anchor, market, day, volume: int, field: str) -> int:
    """A flow that grows with the day's volume (foreign and program net buying, short-sale volume)."""
    if not volume:
        return 0
    if day == anchor.day and anchor.volume:
        share = Decimal(_int(anchor.output, field)) / anchor.volume
    else:
        low, high = FLOW_FIELDS[field]
        share = Decimal(str(round(draws(market.seed, anchor.symbol, day, field).uniform(low, high), 4)))
    return whole(share * volume)


def quote_output(anchor, snap, extremes: dict, market) -> dict:
    """The inquire-price ``output`` object (every value a string, in the spec's order)."""
    file = anchor.output
    bar, previous = snap.bar, snap.previous
    price, base = bar.close, bar.base
    upper, lower = price_limits(base)
    shares = _int(file, "lstn_stcn")
    eps, bps = Decimal(file.get("eps") or 0), Decimal(file.get("bps") or 0)
    values = dict(file)
    values.update(
        {
            "stck_prpr": price,
            "prdy_vrss": price - base,
            "prdy_vrss_sign": change_sign(price, base),
            "prdy_ctrt": fixed(percent(price - base, base)),
            "acml_tr_pbmn": bar.turnover,
            "acml_vol": bar.volume,
            "prdy_vrss_vol_rate": fixed(percent(bar.volume, previous.volume)) if previous else "0.00",
            "stck_oprc": bar.open,
            "stck_hgpr": bar.high,
            "stck_lwpr": bar.low,
            "stck_mxpr": upper,
            "stck_llam": lower,
            "stck_sdpr": base,
            "wghn_avrg_stck_prc": fixed(Decimal(bar.turnover) / bar.volume if bar.volume else 0),
            "rstc_wdth_prc": upper - base,
            "stck_sspr": substitute_price(base),
            "aspr_unit": krx_tick_size(price),
            "hts_avls": whole(Decimal(price) * shares / 10**8),
            "per": fixed(Decimal(price) / eps if eps else 0),
            "pbr": fixed(Decimal(price) / bps if bps else 0),
            "vol_tnrt": fixed(percent(bar.volume, shares)),
            "stck_shrn_iscd": anchor.symbol,
        }
    )
    if previous is not None:
        values.update(pivot_levels(previous.high, previous.low, previous.close, previous.open))
    for field in FLOW_FIELDS:
        values[field] = flow(anchor, market, bar.day, bar.volume, field)
    for window, names in (
        ("d250", ("d250_hgpr", "d250_hgpr_date", "d250_hgpr_vrss_prpr_rate", "d250_lwpr", "d250_lwpr_date", "d250_lwpr_vrss_prpr_rate")),
        ("year", ("stck_dryy_hgpr", "dryy_hgpr_date", "dryy_hgpr_vrss_prpr_rate", "stck_dryy_lwpr", "dryy_lwpr_date", "dryy_lwpr_vrss_prpr_rate")),
        ("w52", ("w52_hgpr", "w52_hgpr_date", "w52_hgpr_vrss_prpr_ctrt", "w52_lwpr", "w52_lwpr_date", "w52_lwpr_vrss_prpr_ctrt")),
    ):  # fmt: skip
        (high, high_day), (low, low_day) = extremes[window]
        values.update(
            {
                names[0]: high,
                names[1]: high_day.strftime("%Y%m%d"),
                names[2]: fixed(percent(price - high, high)),
                names[3]: low,
                names[4]: low_day.strftime("%Y%m%d"),
                names[5]: fixed(percent(price - low, low)),
            }
        )
    return {name: str(values.get(name, "")) for name in PRICE_OUTPUT_FIELDS}


def _int(output: dict, name: str) -> int:
    try:
        return int(output.get(name) or 0)
    except (TypeError, ValueError):
        return 0
