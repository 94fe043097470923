"""The checks the experiment calculators share (alpha, the alternative) and the normal law they use."""

from __future__ import annotations

from .._checks import check_probability

ALTERNATIVES = ("two-sided", "larger", "smaller")


def _check_alpha(alpha, name="alpha") -> float:
    return check_probability(alpha, name, inclusive=False)


def _check_alternative(alternative: str) -> str:
    if alternative not in ALTERNATIVES:
        raise ValueError(f"alternative must be one of {ALTERNATIVES}, got {alternative!r}")
    return alternative


def _norm():
    from scipy import stats

    return stats.norm
