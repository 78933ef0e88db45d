"""What a price file pins down: the photograph the moving market must pass through.

A ``prices/<symbol>.json`` file (the package's samples, or one recorded with ``python -m kislearn record``)
holds one 주식현재가 시세 ``output``. The market model reads it as **the quote at the closing bell of one
trading day, the anchor day** (sandbox's choice: the samples' volumes are whole days'):

- the anchor day's bar: open ``stck_oprc``, high ``stck_hgpr``, low ``stck_lwpr``, close ``stck_prpr``,
  volume ``acml_vol``, turnover ``acml_tr_pbmn`` (to the nearest multiple of the day's smallest tick);
- the day before: close ``stck_sdpr`` (기준가 = the previous close); its high and low from the pivot levels
  (``pvt_*``, which follow the standard floor-pivot formulas in the official example), whether it closed
  above or below its open from the DeMark levels (``dmrs_val``/``dmsp_val``), its volume from
  ``prdy_vrss_vol_rate`` (today's volume as a percentage of yesterday's);
- the extremes: the 52-week, 250-day and this year's highs and lows on their dates.

Pins that do not fit together (a recorded file from a real server may use other conventions) are dropped one
group at a time; whatever is dropped, the quote the sandbox computes at any moment is recomputed from the
history, so it always agrees with its own charts.

The anchor day is the file's ``"as_of"`` (YYYYMMDD or YYYY-MM-DD) when it has one; otherwise the sample data's
trading day (2026-11-20), or — for a recording with dates after that — the latest date its fields mention
(on or after it, a trading day). # sandbox's choice
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from kislearn.sandbox.market.calendar import KRX, KrxCalendar
from kislearn.sandbox.market.clock import SAMPLE_DAY
from kislearn.sandbox.market.ticks import krx_tick_size

DATE_FIELDS = (
    "w52_hgpr_date",
    "w52_lwpr_date",
    "d250_hgpr_date",
    "d250_lwpr_date",
    "dryy_hgpr_date",
    "dryy_lwpr_date",
)
# (window, price field, date field, "high"/"low")
EXTREME_FIELDS = (
    ("w52", "w52_hgpr", "w52_hgpr_date", "high"),
    ("w52", "w52_lwpr", "w52_lwpr_date", "low"),
    ("d250", "d250_hgpr", "d250_hgpr_date", "high"),
    ("d250", "d250_lwpr", "d250_lwpr_date", "low"),
    ("year", "stck_dryy_hgpr", "dryy_hgpr_date", "high"),
    ("year", "stck_dryy_lwpr", "dryy_lwpr_date", "low"),
)


@dataclass(frozen=True)
class Extreme:
    """A window's highest high or lowest low on a date, as the file states it."""

    window: str  # "w52", "d250" or "year"
    kind: str  # "high" or "low"
    price: int
    day: date


@dataclass(frozen=True)
class Anchor:
    """The pins of one symbol's price file (see the module docstring). ``output`` is the file's quote."""

    symbol: str
    name: str
    output: dict
    day: date
    open: int
    high: int
    low: int
    close: int
    volume: int
    turnover: int
    base: int  # the previous trading day's close
    previous_high: int | None = None
    previous_low: int | None = None
    previous_direction: int | None = None  # +1 closed above its open, -1 below, 0 at it
    previous_volume: int | None = None
    extremes: tuple = field(default_factory=tuple)

    @property
    def daily_volatility(self) -> float:
        """A day's typical move (log return), guessed from the 52-week range: wide range, lively stock."""
        high, low = _int(self.output, "w52_hgpr"), _int(self.output, "w52_lwpr")
        spread = math.log(high / low) if high and low and high > low else 0.5
        return min(max(spread / 35, 0.008), 0.035)


def anchor_from_quote(
    symbol: str, name: str, output: dict, *, as_of: str | date | None = None, calendar: KrxCalendar = KRX
) -> Anchor:
    """Read one price file's quote into an :class:`Anchor`. Raises ValueError (Korean) for a quote whose
    prices are missing or not numbers."""
    try:
        opening, high, low, close, base = (
            int(output[f]) for f in ("stck_oprc", "stck_hgpr", "stck_lwpr", "stck_prpr", "stck_sdpr")
        )
        volume = int(output.get("acml_vol") or 0)
        turnover = int(output.get("acml_tr_pbmn") or 0)
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(
            f"시세 파일 {symbol}의 가격 항목을 읽을 수 없습니다 (bad price file): {error}. "
            "stck_oprc·stck_hgpr·stck_lwpr·stck_prpr·stck_sdpr가 숫자 글자여야 합니다."
        ) from None
    if min(opening, high, low, close, base) <= 0 or not low <= min(opening, close) <= max(opening, close) <= high:
        raise ValueError(f"시세 파일 {symbol}의 시가·고가·저가·현재가가 맞지 않습니다 (inconsistent prices)")
    day = _anchor_day(output, as_of, calendar)
    tick = krx_tick_size(low)
    turnover = round(turnover / tick) * tick if turnover else 0
    if not volume * low <= turnover <= volume * high:
        turnover = 0  # not a turnover this bar can have; the model picks one
    previous = _previous_day(output, base, volume)
    extremes = tuple(
        Extreme(window, kind, int(output[price_field]), _parse_date(output[date_field]))
        for window, price_field, date_field, kind in EXTREME_FIELDS
        if _int(output, price_field) and _parse_date(output.get(date_field))
    )
    return Anchor(
        symbol=symbol,
        name=name,
        output=dict(output),
        day=day,
        open=opening,
        high=high,
        low=low,
        close=close,
        volume=volume,
        turnover=turnover,
        base=base,
        extremes=extremes,
        **previous,
    )


def _anchor_day(output: dict, as_of, calendar: KrxCalendar) -> date:
    if as_of:
        day = as_of if isinstance(as_of, date) else _parse_date(str(as_of).replace("-", ""))
        if day is None:
            raise ValueError(f"as_of {as_of!r}은(는) 날짜가 아닙니다, 예: '20261120' (as_of must be a date)")
        return calendar.on_or_before(day)
    mentioned = [d for d in (_parse_date(output.get(f)) for f in DATE_FIELDS) if d]
    latest = max(mentioned, default=SAMPLE_DAY)
    return calendar.on_or_before(SAMPLE_DAY) if latest <= SAMPLE_DAY else calendar.on_or_after(latest)


def _previous_day(output: dict, base: int, volume: int) -> dict:
    """The day before the anchor, read back from the pivot levels and the volume rate (None when they do not
    fit the formulas)."""
    found: dict = {}
    pivot, r1, s1, r2, s2 = (
        _int(output, f)
        for f in ("pvt_pont_val", "pvt_frst_dmrs_prc", "pvt_frst_dmsp_prc", "pvt_scnd_dmrs_prc", "pvt_scnd_dmsp_prc")
    )
    if pivot and r1 and s1:
        high, low = 2 * pivot - s1, 2 * pivot - r1
        fits = 0 < low <= base <= high and (high + low + base) // 3 == pivot
        fits = fits and r2 == pivot + (high - low) and s2 == pivot - (high - low)
        fits = fits and high % krx_tick_size(high) == 0 and low % krx_tick_size(low) == 0
        if fits:
            found.update(previous_high=high, previous_low=low)
            resistance, support = _int(output, "dmrs_val"), _int(output, "dmsp_val")
            for direction, x in ((1, 2 * high + low + base), (-1, high + 2 * low + base), (0, high + low + 2 * base)):
                if resistance == x // 2 - low and support == x // 2 - high:
                    found["previous_direction"] = direction
                    break
    rate = _float(output, "prdy_vrss_vol_rate")
    if rate and rate > 0 and volume > 0:
        guess = round(volume * 100 / rate)
        for candidate in sorted(range(max(guess - 3, 1), guess + 4), key=lambda v: abs(v - guess)):
            if f"{volume * 100 / candidate:.2f}" == f"{rate:.2f}":
                found["previous_volume"] = candidate
                break
    return found


def _parse_date(text) -> date | None:
    if not isinstance(text, str) or len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _int(output: dict, name: str) -> int:
    try:
        return int(output.get(name) or 0)
    except (TypeError, ValueError):
        return 0


def _float(output: dict, name: str) -> float:
    try:
        return float(output.get(name) or 0)
    except (TypeError, ValueError):
        return 0.0
