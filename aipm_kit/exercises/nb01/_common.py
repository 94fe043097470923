"""The Wilson score interval written out, shared by notebook 01's exercises 1 and 5.

Both grade a learner's by-hand interval against the formula itself, not against the kit's
``metrics.wilson_interval``, so the formula lives here once.
"""

from __future__ import annotations

import math
from statistics import NormalDist


def _wilson(k: int, n: int, confidence: float) -> tuple[float, float]:
    """The Wilson score interval, written out (the kit's is ``metrics.wilson_interval``)."""
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half
