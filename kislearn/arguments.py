"""Checks for the plain values a learner passes in (seconds, calls a second), with Korean messages.

Each returns the value when it is usable and raises :class:`~kislearn.errors.InvalidArgumentError` (a
``ValueError``) saying what was wrong and showing a right example, so a bad value fails where it was
typed — not as a ``TypeError`` from deep inside ``requests`` at the first call.
"""

from __future__ import annotations

import math

from .errors import InvalidArgumentError


def check_seconds(value: object, name: str, *, example: str, maximum: float | None = None) -> float:
    """A number of seconds: finite, more than 0 and at most ``maximum`` (not a bool, not a string)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidArgumentError(
            f"{name}은(는) 초 단위 숫자여야 합니다 (받은 값: {value!r}, 형식 {type(value).__name__}). "
            f"따옴표 없이 숫자로 쓰세요. 예: {example}"
        )
    if not math.isfinite(value) or value <= 0 or (maximum is not None and value > maximum):
        wanted = "0보다 큰" if maximum is None else f"0보다 크고 {maximum:,g}초 이하인"
        raise InvalidArgumentError(f"{name}은(는) {wanted} 숫자여야 합니다 (받은 값: {value!r}). 예: {example}")
    return float(value)


def check_calls_per_second(value: object) -> int | None:
    """``None`` (no pacing) or a whole number of calls a second, 1 or more."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidArgumentError(
            f"calls_per_second는 1 이상의 정수(int), 'auto'(모의투자 2, 실전 20) 또는 None(제한 없음)입니다 "
            f"(받은 값: {value!r}). 예: calls_per_second=2"
        )
    return value
