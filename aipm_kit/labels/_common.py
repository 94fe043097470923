"""A check the labelling calculators share: an amount that must be a finite number >= 0."""

from __future__ import annotations

import math

from .._checks import check_non_negative


def _amount(value, name: str) -> float:
    """A finite number >= 0 (an amount of time or a ratio): refuses NaN and infinities by name."""
    value = check_non_negative(value, name)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value
