"""KRX market arithmetic: tick sizes (호가단위), daily price limits (상한가·하한가) and the substitute price.

Shared by the consistency checks, the order simulation and ``scripts/build_sample_data.py``::

    krx_tick_size(97_400)      # 100
    price_limits(128_500)      # (167_000, 90_000): the official example's stck_mxpr / stck_llam
    substitute_price(128_500)  # 97_660: the official example's stck_sspr
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

# 대용가격 (substitute price) = previous close × this rate, rounded down to 10 won. # sandbox's choice
# KRX sets a rate per stock; 76% fits both official examples (128,500 → 97,660 and 184,500 → 140,220).
SUBSTITUTE_RATE = Decimal("0.76")

DAILY_LIMIT = Decimal("0.30")  # exchange: a price may move at most ±30% from the base price in a day

# (upper bound, tick): a price below the bound moves in steps of the tick. # exchange (KRX, from 2023)
TICK_TABLE = ((2_000, 1), (5_000, 5), (20_000, 10), (50_000, 50), (200_000, 100), (500_000, 500))
TOP_TICK = 1_000  # 500,000 won and above


def krx_tick_size(price) -> int:
    """The KRX tick size (호가단위) for a price: 1, 5, 10, 50, 100, 500 or 1,000 won."""
    for bound, tick in TICK_TABLE:
        if price < bound:
            return tick
    return TOP_TICK


def price_limits(base_price: int) -> tuple:
    """(상한가, 하한가) for a base price: ±30%, the upper limit rounded down and the lower rounded up to a tick.

    Exchange rule; fits the official example (base 128,500 → 167,000 / 90,000).
    """
    upper = Decimal(base_price) * (1 + DAILY_LIMIT)
    lower = Decimal(base_price) * (1 - DAILY_LIMIT)
    upper_tick, lower_tick = krx_tick_size(upper), krx_tick_size(lower)
    return (
        int((upper / upper_tick).to_integral_value(ROUND_FLOOR)) * upper_tick,
        int((lower / lower_tick).to_integral_value(ROUND_CEILING)) * lower_tick,
    )


def substitute_price(previous_close: int, rate: Decimal = SUBSTITUTE_RATE) -> int:
    """대용가격: the previous close × ``rate``, rounded down to 10 won. # sandbox's choice"""
    return int((Decimal(previous_close) * rate / 10).to_integral_value(ROUND_FLOOR)) * 10
