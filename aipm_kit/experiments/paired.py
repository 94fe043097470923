"""Two proportions measured on the same cases: the paired difference and its analytic interval.

:func:`paired_proportion_difference` (Newcombe's hybrid score interval, or Wald) returns a
:class:`PairedDifference` with the discordant pairs that move it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_probability
from ._common import _norm

# --------------------------------------------------------------------------- paired proportions
PAIRED_METHODS = {"newcombe": "Newcombe hybrid score (paired)", "wald": "Wald (paired)"}


@dataclass(frozen=True)
class PairedDifference:
    """The outcome of :func:`paired_proportion_difference` (difference = a - b, on the same cases).

    ``only_a`` counts the cases ``a`` got right and ``b`` wrong, ``only_b`` the
    reverse (the discordant pairs); ``both`` and ``neither`` the concordant ones.

    Parameters
    ----------
    difference : float
        ``rate_a - rate_b``, as a share.
    low, high : float
        The interval's bounds, within [-1, 1].
    confidence : float
        The interval's confidence, e.g. 0.95.
    method : str
        ``"newcombe"`` or ``"wald"`` (a key of :data:`PAIRED_METHODS`).
    n : int
        Cases (pairs).
    only_a, only_b : int
        Cases only ``a`` got right, only ``b`` got right.
    both, neither : int
        Cases both got right, neither got right.

    Examples
    --------
    >>> a = [True] * 36 + [False] * 22 + [True] * 900
    >>> b = [False] * 36 + [True] * 22 + [True] * 900
    >>> r = paired_proportion_difference(a, b, confidence=0.90)
    >>> r
    +1.5 points [+0.1, +2.8] (90% Newcombe hybrid score (paired), n=958; only a right 36, only b right 22)
    >>> round(r.rate_a, 4), round(r.rate_b, 4)
    (0.977, 0.9624)
    """

    difference: float
    low: float
    high: float
    confidence: float
    method: str
    n: int
    only_a: int
    only_b: int
    both: int
    neither: int

    @property
    def rate_a(self) -> float:
        return (self.both + self.only_a) / self.n

    @property
    def rate_b(self) -> float:
        return (self.both + self.only_b) / self.n

    @property
    def interval(self) -> tuple[float, float]:
        return (self.low, self.high)

    @property
    def method_name(self) -> str:
        """The interval's name for evidence text, e.g. ``"90% Newcombe hybrid score (paired)"``."""
        return f"{self.confidence:.0%} {PAIRED_METHODS[self.method]}"

    def __repr__(self) -> str:
        return (
            f"{self.difference * 100:+.1f} points [{self.low * 100:+.1f}, {self.high * 100:+.1f}] "
            f"({self.method_name}, n={self.n}; only a right {self.only_a}, only b right {self.only_b})"
        )

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "difference": self.difference,
                    "ci_low": self.low,
                    "ci_high": self.high,
                    "confidence": self.confidence,
                    "method": self.method,
                    "n": self.n,
                    "only_a": self.only_a,
                    "only_b": self.only_b,
                    "both": self.both,
                    "neither": self.neither,
                }
            ]
        )


def _as_outcomes(values, name: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one right/wrong outcome per case), got shape {arr.shape}")
    if arr.dtype != bool:
        if arr.dtype.kind not in "iuf" or not np.isin(arr, (0, 1)).all():
            raise ValueError(f"{name} must hold right/wrong outcomes (True/False or 1/0)")
        arr = arr.astype(bool)
    return arr


def paired_proportion_difference(
    a_correct, b_correct, *, confidence: float = 0.95, method: str = "newcombe"
) -> PairedDifference:
    """Difference of two proportions measured on the **same** cases, ``rate(a) - rate(b)``, with an analytic interval.

    ``a_correct`` and ``b_correct`` hold one right/wrong outcome per case, in
    the same case order. Only the discordant pairs move the difference: with
    ``only_a`` cases right for ``a`` alone and ``only_b`` right for ``b`` alone
    out of ``n``, the difference is ``(only_a - only_b) / n``. The interval has
    no resampling noise (unlike a paired bootstrap, it does not move with a seed):

    * ``"newcombe"`` (default): Newcombe's hybrid score interval for paired data
      (Newcombe 1998, Statistics in Medicine 17:2635, method 10): each rate's
      Wilson interval, combined "square and add" with the estimated correlation
      ``phi`` of the two rates (its numerator ``AD - BC`` shrunk by ``n/2``
      towards zero when positive, as Newcombe specifies). Sound at small ``n``
      and near 0% or 100%.
    * ``"wald"``: ``(b - c)/n ± z·sqrt(b + c - (b - c)²/n)/n`` with ``b = only_a``,
      ``c = only_b`` (the textbook interval; too narrow with few discordant pairs).

    Parameters
    ----------
    a_correct, b_correct : array-like of bool or 0/1
        One right/wrong outcome per case, in the same case order; 1-D, the same length, not empty.
    confidence : float, default 0.95
        The interval's confidence, in (0, 1).
    method : {"newcombe", "wald"}, default "newcombe"
        The interval.

    Returns
    -------
    PairedDifference
        The difference ``rate(a) - rate(b)``, its interval and the four pair counts.

    Examples
    --------
    >>> a = [True] * 36 + [False] * 22 + [True] * 900
    >>> b = [False] * 36 + [True] * 22 + [True] * 900
    >>> r = paired_proportion_difference(a, b, confidence=0.90)
    >>> (r.only_a, r.only_b, round(r.difference, 4))
    (36, 22, 0.0146)
    >>> r.low > 0
    True
    """
    if method not in PAIRED_METHODS:
        raise ValueError(f"method must be one of {tuple(PAIRED_METHODS)}, got {method!r}")
    confidence = check_probability(confidence, "confidence", inclusive=False)
    a = _as_outcomes(a_correct, "a_correct")
    b = _as_outcomes(b_correct, "b_correct")
    if a.size != b.size:
        raise ValueError(f"a_correct and b_correct must be paired (same cases), got {a.size} and {b.size}")
    n = int(a.size)
    if n == 0:
        raise ValueError("a_correct is empty: a difference of zero cases has no interval")
    both = int((a & b).sum())
    only_a = int((a & ~b).sum())
    only_b = int((~a & b).sum())
    neither = n - both - only_a - only_b
    d = (only_a - only_b) / n
    z = float(_norm().ppf(1 - (1 - confidence) / 2))
    if method == "wald":
        half = z * math.sqrt(max(only_a + only_b - (only_a - only_b) ** 2 / n, 0.0)) / n
        low, high = d - half, d + half
    else:
        from ..metrics import wilson_interval

        k1, k2 = both + only_a, both + only_b
        p1, p2 = k1 / n, k2 / n
        l1, u1 = wilson_interval(k1, n, confidence=confidence)
        l2, u2 = wilson_interval(k2, n, confidence=confidence)
        margins = (both + only_a) * (only_b + neither) * (both + only_b) * (only_a + neither)
        if margins == 0:
            phi = 0.0
        else:
            cross = both * neither - only_a * only_b
            cross = cross - n / 2 if cross > n / 2 else (0.0 if cross >= 0 else cross)
            phi = cross / math.sqrt(margins)
        low = d - math.sqrt(max((p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2, 0.0))
        high = d + math.sqrt(max((p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2, 0.0))
    return PairedDifference(
        float(d), float(max(low, -1.0)), float(min(high, 1.0)), confidence, method, n, only_a, only_b, both, neither
    )
