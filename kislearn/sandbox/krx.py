"""KRX market arithmetic (tick sizes, daily limits, the substitute price), for the sandbox's own modules.

Its one home is client-neutral, :mod:`kislearn.consistency.krx`, because the consistency rules the recorder
runs need it too; this module only names it for the sandbox's modules that import it from here (the order
simulation, the market model).
"""

from kislearn.consistency.krx import (
    DAILY_LIMIT,
    SUBSTITUTE_RATE,
    TICK_TABLE,
    TOP_TICK,
    krx_tick_size,
    price_limits,
    substitute_price,
)

__all__ = [
    "DAILY_LIMIT",
    "SUBSTITUTE_RATE",
    "TICK_TABLE",
    "TOP_TICK",
    "krx_tick_size",
    "price_limits",
    "substitute_price",
]
