"""Prices on the KRX tick grid (호가단위). The exchange rules themselves live in the sandbox's KRX arithmetic
(:func:`krx_tick_size`, :func:`price_limits`); this module only rounds onto that grid.

A price band's bounds (2,000, 5,000, 20,000, 50,000, 200,000, 500,000 won) are multiples of the larger tick
above them, so rounding a price with its own tick always lands on a valid price.
"""

from __future__ import annotations

import math

from kislearn.sandbox.krx import krx_tick_size, price_limits

__all__ = ["krx_tick_size", "price_limits", "to_tick", "tick_up", "tick_down", "ticks_between"]


def to_tick(price: float, how: str = "nearest") -> int:
    """``price`` moved onto the tick grid: ``"nearest"``, ``"down"`` (at or below) or ``"up"`` (at or above)."""
    price = max(float(price), 1.0)
    tick = krx_tick_size(price)
    steps = price / tick
    whole = math.floor(steps + 1e-9) if how == "down" else math.ceil(steps - 1e-9) if how == "up" else round(steps)
    snapped = max(int(whole) * tick, 1)
    if how == "down" and snapped > price + 1e-9:  # crossed into a band with a bigger tick
        snapped = tick_down(snapped)
    return snapped


def tick_up(price: int) -> int:
    """The next valid price above ``price`` (which is on the grid)."""
    return price + krx_tick_size(price)


def tick_down(price: int) -> int:
    """The next valid price below ``price`` (which is on the grid); never below 1."""
    below = price - krx_tick_size(price - 1) if price > 1 else 1
    return max(below, 1)


def ticks_between(low: int, high: int) -> int:
    """How many tick steps lead from ``low`` up to ``high`` (both on the grid)."""
    steps, price = 0, low
    while price < high:
        price = tick_up(price)
        steps += 1
    return steps
