"""Intervals for the difference of two proportions, independent or paired (Newcombe's methods, from Wilson).

Domain layer: used by :mod:`~aipm_kit.planning` (the business case's checks) and by
:mod:`~aipm_kit.communicate` (the audiences' texts), so it lives below both.
"""

from __future__ import annotations

import math

from .metrics import wilson_interval

__all__ = ["difference_interval", "paired_difference_interval"]


def difference_interval(k1: int, n1: int, k2: int, n2: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """Interval for p1 - p2 of two independent proportions (Newcombe's hybrid score method, from Wilson)."""
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson_interval(k1, n1, confidence=confidence)
    l2, u2 = wilson_interval(k2, n2, confidence=confidence)
    d = p1 - p2
    return (d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))


def paired_difference_interval(both: int, only_1: int, only_2: int, neither: int, *,
                               confidence: float = 0.95) -> tuple[float, float]:
    """Interval for p1 - p2 when both proportions are measured on the same cases (Newcombe 1998, method 10).

    The cases fall in four cells: right under both (``both``), only under the first (``only_1``), only under the
    second (``only_2``), under neither. ``p1 - p2 = (only_1 - only_2) / n``; the Wilson intervals of the two
    margins are combined with the cells' correlation, so agreement on most cases narrows the interval. With no
    correlation it is the independent-samples :func:`difference_interval`.
    """
    cells = [both, only_1, only_2, neither]
    for name, v in zip(("both", "only_1", "only_2", "neither"), cells):
        if int(v) != v or v < 0:
            raise ValueError(f"{name} must be a non-negative whole count, got {v!r}")
    a, b, c, d = (int(v) for v in cells)
    n = a + b + c + d
    if n == 0:
        raise ValueError("the four cells hold no cases")
    p1, p2 = (a + b) / n, (a + c) / n
    l1, u1 = wilson_interval(a + b, n, confidence=confidence)
    l2, u2 = wilson_interval(a + c, n, confidence=confidence)
    den = (a + b) * (c + d) * (a + c) * (b + d)
    phi = (a * d - b * c) / math.sqrt(den) if den > 0 else 0.0
    diff = p1 - p2
    low = diff - math.sqrt(max((p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2, 0.0))
    high = diff + math.sqrt(max((u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2, 0.0))
    return low, high
