"""P-values for paired pass/fail results: the exact McNemar test on the discordant pairs, and Holm's step-down
adjustment when many slices are tested at once."""

from __future__ import annotations

import numpy as np

from ..._checks import as_1d, check_positive_int


def mcnemar_exact(b: int, c: int) -> float:
    """Two-sided exact McNemar p-value from the discordant counts ``b`` and ``c``.

    Under "no difference" each discordant pair is a fair coin: the p-value is
    ``min(1, 2 * P(X <= min(b, c)))`` with ``X ~ Binomial(b + c, 1/2)``, as
    ``statsmodels.stats.contingency_tables.mcnemar(table, exact=True)``. The
    tail comes from ``scipy.stats.binom.cdf`` (the regularised incomplete beta
    function), so it takes microseconds at any number of pairs.

    Parameters
    ----------
    b : int
        Pairs the baseline passed and the candidate failed; a whole number >= 0.
    c : int
        Pairs the baseline failed and the candidate passed; a whole number >= 0.

    Returns
    -------
    float
        The p-value, in [0, 1]; 1.0 when there is no discordant pair.

    Examples
    --------
    >>> round(mcnemar_exact(2, 10), 4)
    0.0386
    >>> mcnemar_exact(0, 0)
    1.0
    """
    from scipy import stats as _stats

    b = check_positive_int(b, "b", minimum=0)
    c = check_positive_int(c, "c", minimum=0)
    n = b + c
    if n == 0:
        return 1.0
    tail = float(_stats.binom.cdf(min(b, c), n, 0.5))
    return float(min(1.0, 2 * tail))


def holm_adjust(pvalues) -> np.ndarray:
    """Holm step-down adjusted p-values (controls the family-wise error rate).

    The ``i``-th smallest of ``m`` p-values is multiplied by ``m - i`` (``i`` from 0),
    the running maximum is taken so the order is kept, and the result is capped at 1.

    Parameters
    ----------
    pvalues : array-like of float
        One-dimensional p-values, each in [0, 1] (others are refused).

    Returns
    -------
    numpy.ndarray
        The adjusted p-values, in the input order.

    Examples
    --------
    >>> holm_adjust([0.01, 0.04, 0.03]).round(2).tolist()
    [0.03, 0.06, 0.06]
    """
    p = as_1d(pvalues, "pvalues").astype(float)
    if ((p < 0) | (p > 1)).any():
        raise ValueError("pvalues must lie in [0, 1]")
    m = p.size
    order = np.argsort(p, kind="mergesort")
    adj_sorted = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    out = np.empty(m)
    out[order] = adj_sorted
    return out
