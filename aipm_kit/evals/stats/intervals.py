"""Intervals of a mean and of a paired difference: the seeded (and cluster) bootstrap, and Newcombe's paired
score interval for pass/fail; each returns the kit's one :class:`~aipm_kit.intervals.Interval`."""

from __future__ import annotations

from collections.abc import Callable
from statistics import NormalDist

import numpy as np

from ..._checks import as_1d, check_positive_int, check_probability
from ...intervals import Interval


def _z(confidence: float) -> float:
    confidence = check_probability(confidence, "confidence", inclusive=False)
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def _boot_means(values: np.ndarray, n_boot: int, rng: np.random.Generator, chunk: int = 256) -> np.ndarray:
    """Means of ``n_boot`` resamples (with replacement) of ``values``.

    When the values take few distinct levels (pass/fail, rounded scores), a
    resample is fully described by how many times each level is drawn, which is
    multinomial: drawing those counts gives exactly the same bootstrap
    distribution as drawing indices, at a fraction of the cost.
    """
    n = values.size
    levels, counts = np.unique(values, return_counts=True)
    if levels.size <= n // 8:
        draws = rng.multinomial(n, counts / n, size=n_boot)
        return draws @ levels / n
    out = np.empty(n_boot)
    step = max(1, min(chunk, (4_000_000 // max(n, 1)) or 1))
    for start in range(0, n_boot, step):
        stop = min(n_boot, start + step)
        idx = rng.integers(0, n, size=(stop - start, n), dtype=np.int32 if n < 2**31 else np.int64)
        out[start:stop] = values[idx].mean(axis=1)
    return out


def bootstrap_interval(
    values,
    *,
    statistic: Callable[[np.ndarray], float] | None = None,
    n_boot: int = 2000,
    confidence: float = 0.95,
    seed: int = 0,
) -> Interval:
    """Seeded percentile-bootstrap interval for the mean (or any ``statistic``) of ``values``.

    The values are resampled with replacement ``n_boot`` times; the interval is the
    ``(1 - confidence) / 2`` and ``(1 + confidence) / 2`` quantiles of the resampled
    statistic. For the mean of values with few distinct levels (pass/fail, rounded
    scores) the resamples are drawn as multinomial counts of the levels, which gives
    the same distribution faster.

    Parameters
    ----------
    values : array-like of float
        One-dimensional, at least one value (an empty one is refused).
    statistic : callable, optional
        ``statistic(array) -> float``; default the mean.
    n_boot : int, default 2000
        Number of resamples, at least 100.
    confidence : float, default 0.95
        Coverage, strictly between 0 and 1.
    seed : int, default 0
        Seed of the resampling: the same seed gives the same interval.

    Returns
    -------
    Interval
        ``estimate`` is the statistic of ``values``; ``method="percentile bootstrap"``;
        ``n`` the number of values.

    Examples
    --------
    >>> iv = bootstrap_interval([0.2, 0.4, 0.6, 0.8], seed=1)
    >>> iv.low < 0.5 < iv.high
    True
    >>> iv
    0.500 [0.300, 0.700] (95% percentile bootstrap, n=4)
    >>> import numpy as np
    >>> bootstrap_interval([1, 2, 3, 10], statistic=np.median, seed=1)
    2.500 [1.000, 10.000] (95% percentile bootstrap, n=4)
    """
    arr = as_1d(values, "values").astype(float)
    if arr.size == 0:
        raise ValueError("values is empty")
    n_boot = check_positive_int(n_boot, "n_boot", minimum=100)
    check_probability(confidence, "confidence", inclusive=False)
    rng = np.random.default_rng(seed)
    if statistic is None:
        est = float(arr.mean())
        boots = _boot_means(arr, n_boot, rng)
    else:
        est = float(statistic(arr))
        boots = np.array([statistic(arr[rng.integers(0, arr.size, arr.size)]) for _ in range(n_boot)])
    alpha = 1 - confidence
    low, high = np.quantile(boots, [alpha / 2, 1 - alpha / 2])
    return Interval(est, float(low), float(high), confidence, "percentile bootstrap", int(arr.size))


def paired_bootstrap_interval(a, b, *, n_boot: int = 2000, confidence: float = 0.95, seed: int = 0) -> Interval:
    """Bootstrap interval of ``mean(b) - mean(a)`` resampling the pairs (the same cases) together.

    This is :func:`bootstrap_interval` of the per-case differences ``b - a``.

    Parameters
    ----------
    a, b : array-like of float
        Scores of the baseline and of the candidate on the same cases, in the same
        order; of equal length (otherwise ``ValueError``).
    n_boot : int, default 2000
        Number of resamples, at least 100.
    confidence : float, default 0.95
        Coverage, strictly between 0 and 1.
    seed : int, default 0
        Seed of the resampling.

    Returns
    -------
    Interval
        The mean difference ``b - a`` with its interval, ``method="paired bootstrap"``,
        ``n`` the number of pairs.

    Examples
    --------
    >>> paired_bootstrap_interval([0, 0, 1, 1, 0], [1, 1, 1, 1, 0], seed=1)
    0.400 [0.000, 0.800] (95% paired bootstrap, n=5)
    """
    a = as_1d(a, "a").astype(float)
    b = as_1d(b, "b").astype(float)
    if a.size != b.size:
        raise ValueError(f"a and b must be paired (same length), got {a.size} and {b.size}")
    iv = bootstrap_interval(b - a, n_boot=n_boot, confidence=confidence, seed=seed)
    return Interval(iv.estimate, iv.low, iv.high, confidence, "paired bootstrap", iv.n)


def cluster_paired_bootstrap_interval(
    a, b, groups, *, n_boot: int = 2000, confidence: float = 0.95, seed: int = 0
) -> Interval:
    """Bootstrap interval of ``mean(b) - mean(a)`` on the same cases, resampling whole **groups** of cases.

    Cases in one group (paraphrases of one question, questions answered from one help
    article) tend to pass or fail together, so they are not independent evidence: a
    case-level interval is then too narrow. This draws as many groups as there are, with
    replacement, keeps every case of each drawn group, and takes the difference of
    means over the cases drawn (a ratio: groups of different sizes weigh by their size).
    With one case a group it is the ordinary paired bootstrap. ``n`` of the result is the
    number of cases; the number of groups is in ``method``. Few groups (under about 20)
    make any percentile interval rough.

    Parameters
    ----------
    a, b : array-like of float
        Scores of the baseline and of the candidate on the same cases, of equal length.
    groups : iterable
        One group label per case (compared as text); a different length is refused.
    n_boot : int, default 2000
        Number of resamples, a positive whole number.
    confidence : float, default 0.95
        Coverage, strictly between 0 and 1.
    seed : int, default 0
        Seed of the resampling.

    Returns
    -------
    Interval
        The difference of means over all cases, its percentile interval,
        ``method="cluster bootstrap over K groups"`` and ``n`` the number of cases.

    Examples
    --------
    >>> iv = cluster_paired_bootstrap_interval([0, 0, 1, 1], [1, 1, 1, 1], ["x", "x", "y", "y"], seed=1)
    >>> iv.estimate, iv.low, iv.high
    (0.5, 0.0, 1.0)
    >>> iv.method
    'cluster bootstrap over 2 groups'
    """
    a = as_1d(a, "a").astype(float)
    b = as_1d(b, "b").astype(float)
    if a.size != b.size:
        raise ValueError(f"a and b must be paired (same length), got {a.size} and {b.size}")
    groups = np.asarray(list(groups), dtype=object)
    if groups.size != a.size:
        raise ValueError(f"groups must give one group per case, got {groups.size} for {a.size} cases")
    check_positive_int(n_boot, "n_boot")
    alpha = 1 - check_probability(confidence, "confidence", inclusive=False)
    _, code = np.unique(groups.astype(str), return_inverse=True)
    sums = np.bincount(code, weights=b - a)
    sizes = np.bincount(code).astype(float)
    k = sums.size
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, k, size=(n_boot, k))
    counts = np.zeros((n_boot, k))
    np.add.at(counts, (np.repeat(np.arange(n_boot), k), draws.ravel()), 1.0)
    boot = (counts @ sums) / (counts @ sizes)
    low, high = np.quantile(boot, [alpha / 2, 1 - alpha / 2])
    return Interval(
        float(sums.sum() / sizes.sum()),
        float(low),
        float(high),
        confidence,
        f"cluster bootstrap over {k} groups",
        int(a.size),
    )


PAIRED_INTERVALS = ("bootstrap", "newcombe")


def paired_difference_interval(
    a, b, *, interval: str = "bootstrap", n_boot: int = 2000, confidence: float = 0.95, seed: int = 0
) -> Interval:
    """Interval of ``mean(b) - mean(a)`` on the same cases.

    ``interval="bootstrap"``: the paired percentile bootstrap (any scores).
    ``interval="newcombe"``: Newcombe's hybrid score interval for paired
    proportions (:func:`aipm_kit.experiments.paired_proportion_difference`),
    for pass/fail (0/1) values only: a formula, so it does not move with
    ``seed`` or ``n_boot``.

    Parameters
    ----------
    a, b : array-like of float
        Baseline and candidate values on the same cases, of equal length; 0/1 only
        for ``"newcombe"`` (other values are refused with ``ValueError``).
    interval : {"bootstrap", "newcombe"}, default "bootstrap"
        Which interval; any other name is refused.
    n_boot : int, default 2000
        Resamples of the bootstrap (unused by ``"newcombe"``).
    confidence : float, default 0.95
        Coverage, strictly between 0 and 1.
    seed : int, default 0
        Seed of the bootstrap (unused by ``"newcombe"``).

    Returns
    -------
    Interval
        The difference ``b - a`` with its interval; ``method`` is ``"paired bootstrap"``
        or ``"Newcombe paired score"``.

    Examples
    --------
    >>> a, b = [0, 0, 1, 1, 0], [1, 1, 1, 1, 0]
    >>> paired_difference_interval(a, b, interval="newcombe")
    0.400 [-0.163, 0.726] (95% Newcombe paired score, n=5)
    >>> paired_difference_interval(a, b, interval="exact")
    Traceback (most recent call last):
    ...
    ValueError: interval must be one of ('bootstrap', 'newcombe'), got 'exact'
    """
    if interval not in PAIRED_INTERVALS:
        raise ValueError(f"interval must be one of {PAIRED_INTERVALS}, got {interval!r}")
    if interval == "bootstrap":
        return paired_bootstrap_interval(a, b, n_boot=n_boot, confidence=confidence, seed=seed)
    from ...experiments import paired_proportion_difference

    a = as_1d(a, "a").astype(float)
    b = as_1d(b, "b").astype(float)
    if a.size != b.size:
        raise ValueError(f"a and b must be paired (same length), got {a.size} and {b.size}")
    if not (np.isin(a, (0, 1)).all() and np.isin(b, (0, 1)).all()):
        raise ValueError("interval='newcombe' needs pass/fail (0/1) values; use 'bootstrap' for continuous scores")
    r = paired_proportion_difference(b.astype(bool), a.astype(bool), confidence=confidence)
    return Interval(r.difference, r.low, r.high, confidence, "Newcombe paired score", r.n)
