"""A check the planning calculators share: an amount that must be a finite number >= 0."""

from __future__ import annotations

import math

from .._checks import check_non_negative


def _amount(value, name: str) -> float:
    """A finite number >= 0 (money, users, months): refuses NaN and infinities by name."""
    value = check_non_negative(value, name)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value
