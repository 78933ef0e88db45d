"""The consistency rules of 주식현재가 시세 (inquire-price), and of holdings against their prices.

    from kislearn.consistency.price_rules import check_price, check_price_matches
    check_price(price_file)                        # [] = consistent
    check_price_matches(body["output1"], prices)   # each holding row against its symbol's price

See ``kislearn.consistency`` for what **official**, **exchange** and **sandbox's choice** mean.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation

from kislearn.consistency.fields import PRICE_OUTPUT_FIELDS
from kislearn.consistency.formats import PRICE_FORMATS
from kislearn.consistency.krx import SUBSTITUTE_RATE, krx_tick_size, price_limits, substitute_price
from kislearn.consistency.value_checks import near, number, percent, row_label, shape_problems, won


def _price_output(price) -> dict | None:
    """Accept an inquire-price ``output`` object, a price file ``{"symbol", "name", "output"}``, or any
    object with an ``output`` attribute (kislearn.sandbox.samples.SamplePrice)."""
    if hasattr(price, "output"):
        return price.output
    if isinstance(price, dict) and isinstance(price.get("output"), dict):
        return price["output"]
    return price if isinstance(price, dict) else None


def check_price_matches(output1: list, prices: Mapping, *, sandbox_rules: bool = True) -> list:
    """Check every holding row against the price of its symbol; returns readable problems.

    ``prices`` maps a 6-digit symbol to its inquire-price ``output`` (or to a whole price file). Every held
    symbol needs a price. With ``sandbox_rules`` (the default) the row must also show the same quote as the
    price: prpr = stck_prpr, bfdy_cprs_icdc = prdy_vrss, fltt_rt = prdy_ctrt, sbst_pric = stck_sspr, and
    prdt_name = the price file's name. # sandbox's choice: the sandbox serves both APIs from one market at
    the request's moment (at the sample close, the price files themselves). The spec does not relate the two APIs' fields, a real server answers them at different moments,
    and a recorded paper response in the course's research shows sbst_pric "0" on every row.
    """
    problems = []
    pairs = (
        ("prpr", "stck_prpr"),
        ("bfdy_cprs_icdc", "prdy_vrss"),
        ("fltt_rt", "prdy_ctrt"),
        ("sbst_pric", "stck_sspr"),
    )
    for index, row in enumerate(output1):
        where = row_label(index, row)
        symbol = row.get("pdno") if isinstance(row, dict) else None
        if symbol not in prices:
            problems.append(f"{where}: 종목 {symbol}의 시세(price) 데이터가 없습니다")
            continue
        output = _price_output(prices[symbol])
        if output is None:
            problems.append(f"{where}: 종목 {symbol}의 시세 데이터 형식을 알 수 없습니다")
            continue
        if not sandbox_rules:
            continue
        for row_field, price_field in pairs:
            try:
                same = Decimal(row[row_field]) == Decimal(output[price_field])
            except (KeyError, TypeError, InvalidOperation):
                same = False
            if not same:
                problems.append(
                    f"{where}: {row_field} {row.get(row_field)!r} ≠ 시세의 {price_field} {output.get(price_field)!r}"
                )
        name = getattr(prices[symbol], "name", None) or (
            prices[symbol].get("name") if isinstance(prices[symbol], dict) else None
        )
        if name and row.get("prdt_name") != name:
            problems.append(f"{where}: prdt_name {row.get('prdt_name')!r} ≠ 시세 파일의 종목명 {name!r}")
    return problems


def _price_problems(p: Mapping, symbol: str | None) -> Iterator[str]:
    """The rules for one inquire-price ``output`` on its own; see check_price."""

    def n(field: str) -> Decimal:
        return number(p, field)

    price, change, base = n("stck_prpr"), n("prdy_vrss"), n("stck_sdpr")

    # Exchange: the base price (기준가) is the previous close, so stck_sdpr = stck_prpr − prdy_vrss.
    if base != price - change:
        yield f"stck_sdpr {won(base)} ≠ stck_prpr − prdy_vrss = {won(price - change)}"
    # Exchange: the daily limits are ±30% of the base price (fits the official example).
    upper, lower = price_limits(int(base))
    if (n("stck_mxpr"), n("stck_llam")) != (upper, lower):
        yield f"stck_mxpr/stck_llam {p['stck_mxpr']}/{p['stck_llam']} ≠ 기준가 ±30% = {upper}/{lower}"
    if n("rstc_wdth_prc") != n("stck_mxpr") - base:
        yield f"rstc_wdth_prc {p['rstc_wdth_prc']} ≠ stck_mxpr − stck_sdpr = {won(n('stck_mxpr') - base)}"
    # Official: prdy_vrss_sign 1 upper limit, 2 up, 3 flat, 4 lower limit, 5 down.
    sign = "1" if price == upper else "4" if price == lower else "2" if change > 0 else "5" if change < 0 else "3"
    if p["prdy_vrss_sign"] != sign:
        yield f"prdy_vrss_sign {p['prdy_vrss_sign']!r} ≠ {sign!r} (prdy_vrss {p['prdy_vrss']})"
    # Official: prdy_ctrt = prdy_vrss / base × 100, 2 decimals.
    if not near(n("prdy_ctrt"), percent(change, base), 2):
        yield f"prdy_ctrt {p['prdy_ctrt']} ≠ prdy_vrss / stck_sdpr × 100 = {percent(change, base):.2f}"
    # Exchange: the day's prices stay within the limits and the low ≤ open, current ≤ high.
    low, high, opening = n("stck_lwpr"), n("stck_hgpr"), n("stck_oprc")
    if not lower <= low <= min(opening, price) <= max(opening, price) <= high <= upper:
        yield (
            f"하한가 ≤ 저가 ≤ 시가·현재가 ≤ 고가 ≤ 상한가가 아닙니다: {lower} / {p['stck_lwpr']} / "
            f"{p['stck_oprc']}·{p['stck_prpr']} / {p['stck_hgpr']} / {upper}"
        )
    # Exchange: prices are multiples of their tick; aspr_unit is the current price's tick.
    for field in (
        "stck_prpr",
        "stck_oprc",
        "stck_hgpr",
        "stck_lwpr",
        "stck_mxpr",
        "stck_llam",
        "stck_sdpr",
        "d250_hgpr",
        "d250_lwpr",
        "stck_dryy_hgpr",
        "stck_dryy_lwpr",
        "w52_hgpr",
        "w52_lwpr",
    ):
        if n(field) <= 0 or n(field) % krx_tick_size(n(field)):
            yield f"{field} {p[field]} 이(가) 호가단위 {krx_tick_size(n(field))}원의 배수가 아닙니다"
    if n("aspr_unit") != krx_tick_size(price):
        yield f"aspr_unit {p['aspr_unit']} ≠ 현재가의 호가단위 {krx_tick_size(price)}"
    # Official example: the ratios below are computed from the other fields.
    shares = n("lstn_stcn")
    ratios = (
        ("hts_avls", price * shares / 10**8, 0, "stck_prpr × lstn_stcn / 1억"),
        ("per", price / n("eps") if n("eps") else 0, 2, "stck_prpr / eps"),
        ("pbr", price / n("bps") if n("bps") else 0, 2, "stck_prpr / bps"),
        ("vol_tnrt", percent(n("acml_vol"), shares), 2, "acml_vol / lstn_stcn × 100"),
        ("wghn_avrg_stck_prc", n("acml_tr_pbmn") / n("acml_vol") if n("acml_vol") else 0, 2, "acml_tr_pbmn / acml_vol"),
    )
    for field, expected, places, formula in ratios:
        if not near(n(field), expected, places):
            yield f"{field} {p[field]} ≠ {formula} = {expected:.{places}f}"
    # Official example: highs and lows of a period, and how far the current price is from them.
    for high_field, low_field, high_rate, low_rate in (
        ("d250_hgpr", "d250_lwpr", "d250_hgpr_vrss_prpr_rate", "d250_lwpr_vrss_prpr_rate"),
        ("stck_dryy_hgpr", "stck_dryy_lwpr", "dryy_hgpr_vrss_prpr_rate", "dryy_lwpr_vrss_prpr_rate"),
        ("w52_hgpr", "w52_lwpr", "w52_hgpr_vrss_prpr_ctrt", "w52_lwpr_vrss_prpr_ctrt"),
    ):
        if not n(low_field) <= low <= high <= n(high_field):
            yield f"{low_field} ≤ 오늘 저가 ≤ 오늘 고가 ≤ {high_field} 가 아닙니다"
        for rate_field, extreme in ((high_rate, n(high_field)), (low_rate, n(low_field))):
            expected = percent(price - extreme, extreme)
            if not near(n(rate_field), expected, 2):
                yield f"{rate_field} {p[rate_field]} ≠ (현재가 − 기준값) / 기준값 × 100 = {expected:.2f}"
    if symbol is not None and p["stck_shrn_iscd"] != symbol:
        yield f"stck_shrn_iscd {p['stck_shrn_iscd']!r} ≠ 종목코드 {symbol!r}"


def _foreign_ownership(p: Mapping, limit_pct: Decimal | None) -> Iterator[str]:
    """hts_frgn_ehrt (HTS 외국인 소진율) = frgn_hldn_qty ÷ the foreign-ownership LIMIT × 100, the limit being
    lstn_stcn × ``limit_pct`` %. Exchange/law: 소진율 is the share of the limit used, not of the listed shares;
    the two agree only for a stock without a limit (100%), like the official example's 000660 (49.48%).
    With ``limit_pct`` None (a recorded price, limit unknown) only what holds for any limit is checked: the
    rate is at least frgn_hldn_qty ÷ lstn_stcn × 100 (a limit is never above the listed shares)."""
    holdings, shares, rate = number(p, "frgn_hldn_qty"), number(p, "lstn_stcn"), number(p, "hts_frgn_ehrt")
    if limit_pct is None:
        floor = percent(holdings, shares)
        if rate < floor - Decimal("0.01"):
            yield f"hts_frgn_ehrt {p['hts_frgn_ehrt']} < frgn_hldn_qty / lstn_stcn × 100 = {floor:.2f} (한도는 상장 주수를 넘지 않습니다)"
        return
    limit = shares * limit_pct / 100
    expected = percent(holdings, limit)
    if not near(rate, expected, 2):
        yield (
            f"hts_frgn_ehrt {p['hts_frgn_ehrt']} ≠ frgn_hldn_qty / 외국인 한도(lstn_stcn × {limit_pct}%) × 100 "
            f"= {expected:.2f}"
        )
    if holdings > limit:
        yield f"frgn_hldn_qty {won(holdings)} 이(가) 외국인 한도 {won(limit)}주(상장 주수의 {limit_pct}%)를 넘습니다"


def _price_parts(price) -> tuple:
    """(output, symbol, foreign limit %) from an ``output`` object, a price file ``{"symbol", "output",
    "foreign_limit_pct", ...}`` or a :class:`~kislearn.sandbox.samples.SamplePrice`."""
    if hasattr(price, "output"):
        limit = price.foreign_limit_pct
        return price.output, price.symbol, None if limit is None else Decimal(limit)
    if isinstance(price, Mapping) and isinstance(price.get("output"), Mapping):
        limit = price.get("foreign_limit_pct")
        return price["output"], price.get("symbol"), None if limit is None else Decimal(limit)
    return price, None, None


def check_price(price, symbol: str | None = None, *, sandbox_rules: bool = True) -> list:
    """Check one 주식현재가 시세 answer; returns readable problems (empty = consistent).

    ``price`` is the ``output`` object, or a whole price file / SamplePrice, whose ``foreign_limit_pct``
    (the stock's foreign-ownership limit) lets the 소진율 be checked exactly.

    Official/exchange rules: field set, strings, stck_sdpr = stck_prpr − prdy_vrss, the sign code, prdy_ctrt,
    ±30% limits, low ≤ open/current ≤ high, tick sizes, aspr_unit, the ratios the official example follows
    (hts_avls, per, pbr, vol_tnrt, wghn_avrg_stck_prc, the 250-day/year/52-week rates) and the 소진율
    hts_frgn_ehrt = frgn_hldn_qty ÷ the foreign-ownership limit × 100.
    Sandbox's choice: stck_sspr = previous close × 76% rounded down to 10 won.
    """
    output, file_symbol, limit_pct = _price_parts(price)
    symbol = symbol or file_symbol
    where = f"시세 {symbol}" if symbol else "시세"
    shape = shape_problems(output, PRICE_OUTPUT_FIELDS, PRICE_FORMATS)
    if shape:
        return [f"{where}: {p}" for p in shape]
    problems = [f"{where}: {p}" for p in _price_problems(output, symbol)]
    problems += [f"{where}: {p}" for p in _foreign_ownership(output, limit_pct)]
    if sandbox_rules:
        expected = substitute_price(int(number(output, "stck_sdpr")))
        if number(output, "stck_sspr") != expected:
            problems.append(
                f"{where}: stck_sspr {output['stck_sspr']} ≠ 기준가 × {SUBSTITUTE_RATE} (10원 미만 버림) = {expected}"
            )
    return problems
