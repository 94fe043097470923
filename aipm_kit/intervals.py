"""Intervals: the kit's one interval type, its one Wilson interval, and Newcombe's differences built on it.

* :class:`Interval` - an estimate with its interval, which is also the pair ``(low, high)``: it unpacks,
  indexes, compares equal to and converts with numpy like that pair, and carries ``estimate``,
  ``confidence``, ``method`` and ``n`` besides;
* :func:`wilson_interval` - the Wilson score interval of a proportion, as an :class:`Interval`
  (:func:`aipm_kit.metrics.wilson_interval` and :func:`aipm_kit.evals.stats.wilson_interval` are this
  function);
* :func:`difference_interval` and :func:`paired_difference_interval` - the difference of two proportions,
  independent or paired.

Foundation layer: it imports only :mod:`~aipm_kit._checks`, so :mod:`~aipm_kit.metrics`,
:mod:`~aipm_kit.evals`, :mod:`~aipm_kit.planning` and :mod:`~aipm_kit.communicate` all build on it.
"""

from __future__ import annotations

import math
from dataclasses import FrozenInstanceError

from ._checks import check_number, check_probability

__all__ = ["Interval", "wilson_interval", "difference_interval", "paired_difference_interval"]

_FIELDS = ("estimate", "low", "high", "confidence", "method", "n")
_PAIR_ONLY = object()  # marks the fields not given: Interval(items) is only how dataclasses.asdict rebuilds a tuple


class Interval(tuple):
    """An estimate with a confidence interval, that is also the pair ``(low, high)``.

    As a pair it unpacks (``low, high = iv``), indexes (``iv[0]``), has length 2,
    compares equal to the tuple ``(low, high)``, hashes like it and converts with
    numpy (``np.array(iv)``, ``np.array([iv1, iv2])``) and JSON (``[low, high]``)
    like it. As a record it has :attr:`estimate`, :attr:`low`, :attr:`high`,
    :attr:`confidence`, :attr:`method` and :attr:`n`, :meth:`contains`,
    :meth:`to_dict` and :meth:`to_frame`; it is immutable and pickles.

    Two intervals are equal when all six fields are; an interval and a plain
    tuple when the tuple is ``(low, high)``.

    Its repr (and ``str``, and ``f"{iv}"``) is the record's:
    ``0.900 [0.786, 0.957] (95% Wilson, n=50)``. Where the bare pair's text is
    wanted, write it: ``f"({iv.low}, {iv.high})"`` or ``repr(tuple(iv))``.
    In a pandas cell an interval shows as the pair (pandas prints any tuple
    element by element).

    Parameters
    ----------
    estimate : float
        The point estimate (a proportion, a mean, a difference, a kappa).
    low, high : float
        The interval's ends.
    confidence : float
        Its confidence level, e.g. 0.95.
    method : str
        How it was made, e.g. ``"Wilson"`` or ``"percentile bootstrap"``.
    n : int
        The number of cases it rests on.

    Examples
    --------
    >>> iv = Interval(0.9, 0.786, 0.957, 0.95, "Wilson", 50)
    >>> iv
    0.900 [0.786, 0.957] (95% Wilson, n=50)
    >>> low, high = iv
    >>> (low, high) == iv, iv[1], len(iv), iv.estimate, iv.n
    (True, 0.957, 2, 0.9, 50)
    >>> iv.contains(0.8), iv.contains(0.96)
    (True, False)
    >>> import json, numpy as np
    >>> json.dumps(iv), np.array(iv).tolist()
    ('[0.786, 0.957]', [0.786, 0.957])
    >>> iv.to_dict()
    {'estimate': 0.9, 'low': 0.786, 'high': 0.957, 'confidence': 0.95, 'method': 'Wilson', 'n': 50}
    >>> import pickle
    >>> pickle.loads(pickle.dumps(iv)) == iv
    True
    >>> from dataclasses import asdict, dataclass
    >>> @dataclass
    ... class Result:
    ...     precision_ci: tuple
    >>> asdict(Result(iv))     # inside a dataclass, asdict keeps the pair, as for any tuple
    {'precision_ci': (0.786, 0.957)}
    """

    __match_args__ = _FIELDS

    def __new__(
        cls,
        estimate: float,
        low: float = _PAIR_ONLY,
        high: float = _PAIR_ONLY,
        confidence: float = _PAIR_ONLY,
        method: str = _PAIR_ONLY,
        n: int = _PAIR_ONLY,
    ):
        if all(v is _PAIR_ONLY for v in (low, high, confidence, method, n)):
            # rebuilt from its items alone, as dataclasses.asdict / astuple rebuild any tuple they meet inside a
            # dataclass: the (low, high) pair, as a plain tuple, is what those items describe
            return tuple(estimate)
        if any(v is _PAIR_ONLY for v in (low, high, confidence, method, n)):
            raise TypeError("Interval needs estimate, low, high, confidence, method and n")
        self = super().__new__(cls, (low, high))
        for name, value in zip(_FIELDS, (estimate, low, high, confidence, method, n)):
            object.__setattr__(self, name, value)
        return self

    # ------------------------------------------------------------------ an immutable record

    def __setattr__(self, name, value):
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name):
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _record(self) -> tuple:  # not "_fields": pandas would take the interval for a namedtuple
        return tuple(getattr(self, name) for name in _FIELDS)

    def __eq__(self, other):
        if isinstance(other, Interval):
            return type(self) is type(other) and self._record() == other._record()
        if isinstance(other, tuple):
            return tuple.__eq__(self, other)
        return NotImplemented

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    # equal intervals have equal (low, high), and an interval equals its (low, high) tuple
    __hash__ = tuple.__hash__

    def __getnewargs__(self) -> tuple:
        return self._record()

    def __reduce__(self):
        return (type(self), self._record())

    def __copy__(self) -> Interval:
        return self

    def __deepcopy__(self, memo) -> Interval:
        return self

    def __repr__(self) -> str:
        return (
            f"{self.estimate:.3f} [{self.low:.3f}, {self.high:.3f}] ({self.confidence:.0%} {self.method}, n={self.n})"
        )

    # ------------------------------------------------------------------ reading it

    def to_dict(self) -> dict:
        """The six fields as a plain dict (JSON-ready when the fields are plain numbers and text).

        Returns
        -------
        dict
            ``{"estimate", "low", "high", "confidence", "method", "n"}``.

        Examples
        --------
        >>> Interval(0.5, 0.25, 0.75, 0.9, "Wilson", 12).to_dict()["n"]
        12
        """
        return dict(zip(_FIELDS, self._record()))

    def to_frame(self):
        """A one-row pandas DataFrame of :meth:`to_dict`.

        Returns
        -------
        pandas.DataFrame
            One row, the six fields as columns.

        Examples
        --------
        >>> list(Interval(0.5, 0.25, 0.75, 0.9, "Wilson", 12).to_frame().columns)
        ['estimate', 'low', 'high', 'confidence', 'method', 'n']
        """
        import pandas as pd

        return pd.DataFrame([self.to_dict()])

    def contains(self, value: float) -> bool:
        """Whether ``low <= value <= high``.

        Parameters
        ----------
        value : float
            The value to test, e.g. a target or a line.

        Returns
        -------
        bool

        Examples
        --------
        >>> Interval(0.5, 0.25, 0.75, 0.9, "Wilson", 12).contains(0.75)
        True
        """
        return self.low <= value <= self.high


def _count(value, name: str) -> float:
    """A whole, finite, non-negative number (a count), as float; refuses text, bools, inf, NaN, 1.5."""
    v = check_number(value, name, low=0)
    if not v.is_integer():
        raise ValueError(f"{name} must be a whole number (a count), got {v:g}")
    return v


def wilson_interval(successes, n, *, confidence: float = 0.95) -> Interval:
    """Wilson score interval for a proportion ``successes / n``.

    Better than the textbook normal interval for small ``n`` and for rates
    near 0 or 1; agrees with ``statsmodels.stats.proportion.proportion_confint
    (method="wilson")``. At 0 or ``n`` successes the near end is exactly 0 or 1.
    This is the kit's one Wilson interval: :func:`aipm_kit.metrics.wilson_interval`
    and :func:`aipm_kit.evals.stats.wilson_interval` are this function.

    Parameters
    ----------
    successes, n : int
        Counts: whole, finite, non-negative numbers (``45.0`` is accepted;
        ``1.5``, ``inf``, NaN, booleans and text are refused, naming the
        argument), with ``0 <= successes <= n`` and ``n > 0``.
    confidence : float, default 0.95
        Strictly between 0 and 1.

    Returns
    -------
    Interval
        ``estimate = successes / n``, ``method = "Wilson"``, ``n`` as an int.
        It unpacks as ``low, high``.

    Examples
    --------
    >>> iv = wilson_interval(45, 50)
    >>> iv
    0.900 [0.786, 0.957] (95% Wilson, n=50)
    >>> lo, hi = iv
    >>> round(lo, 3), round(hi, 3)
    (0.786, 0.957)
    >>> wilson_interval(0, 5).low, wilson_interval(5, 5).high
    (0.0, 1.0)
    >>> wilson_interval(1, 0)
    Traceback (most recent call last):
    ...
    ValueError: n must be > 0: a rate of zero cases has no interval
    """
    from statistics import NormalDist

    confidence = check_probability(confidence, "confidence", inclusive=False)
    k = _count(successes, "successes")
    n = _count(n, "n")
    if n == 0:
        raise ValueError("n must be > 0: a rate of zero cases has no interval")
    if k > n:
        raise ValueError(f"successes ({k:g}) cannot exceed n ({n:g})")
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # at 0 or n successes the exact bound is 0 or 1; floating point would leave 1e-18 or 0.999...9,
    # an interval that no longer contains its own estimate
    low = 0.0 if k == 0 else max(0.0, centre - half)
    high = 1.0 if k == n else min(1.0, centre + half)
    return Interval(p, float(low), float(high), confidence, "Wilson", int(n))


def difference_interval(k1: int, n1: int, k2: int, n2: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """Interval for p1 - p2 of two independent proportions (Newcombe's hybrid score method, from Wilson).

    Each proportion's :func:`wilson_interval` is combined "square and add": the lower bound is
    ``d - sqrt((p1 - l1)^2 + (u2 - p2)^2)``, the upper ``d + sqrt((u1 - p1)^2 + (p2 - l2)^2)``, with ``d = p1 - p2``.

    Parameters
    ----------
    k1, n1 : int
        Successes and trials of the first proportion (``n1 > 0``).
    k2, n2 : int
        Successes and trials of the second proportion (``n2 > 0``).
    confidence : float, default 0.95
        The interval's confidence, in (0, 1).

    Returns
    -------
    tuple of float
        ``(low, high)`` for ``k1/n1 - k2/n2``.

    Examples
    --------
    >>> low, high = difference_interval(130, 1000, 100, 1000)
    >>> round(low, 4), round(high, 4)
    (0.002, 0.0581)
    """
    p1, p2 = k1 / n1, k2 / n2
    l1, u1 = wilson_interval(k1, n1, confidence=confidence)
    l2, u2 = wilson_interval(k2, n2, confidence=confidence)
    d = p1 - p2
    return (d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))


def paired_difference_interval(
    both: int, only_1: int, only_2: int, neither: int, *, confidence: float = 0.95
) -> tuple[float, float]:
    """Interval for p1 - p2 when both proportions are measured on the same cases (Newcombe 1998, method 10).

    The cases fall in four cells: right under both (``both``), only under the first (``only_1``), only under the
    second (``only_2``), under neither. ``p1 - p2 = (only_1 - only_2) / n``; the Wilson intervals of the two
    margins are combined with the cells' correlation, so agreement on most cases narrows the interval. With no
    correlation it is the independent-samples :func:`difference_interval`.

    Parameters
    ----------
    both, only_1, only_2, neither : int
        The four cells' case counts: whole numbers >= 0, not all zero (else ``ValueError``).
    confidence : float, default 0.95
        The interval's confidence, in (0, 1).

    Returns
    -------
    tuple of float
        ``(low, high)`` for ``p1 - p2``.

    Examples
    --------
    >>> low, high = paired_difference_interval(900, 36, 22, 0)
    >>> round(low, 4), round(high, 4)
    (-0.0011, 0.0308)
    >>> paired_difference_interval(900, -1, 22, 0)
    Traceback (most recent call last):
    ...
    ValueError: only_1 must be a non-negative whole count, got -1
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
