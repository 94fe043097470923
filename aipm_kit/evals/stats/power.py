"""What a check on n cases can see before it runs: the smallest paired difference it detects, and the chance that
an equal version passes a non-inferiority check."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

from ..._checks import check_positive_int, check_probability


def detectable_difference(n: int, discordant_share: float, *, alpha: float = 0.05, power: float = 0.8) -> float:
    """Smallest true difference in pass rate that a paired check on ``n`` cases detects with ``power``.

    Each case contributes ``d = candidate - baseline`` in {-1, 0, +1}; with no
    true difference the variance of ``d`` is the share of discordant pairs
    (cases that flipped either way). A two-sided test at ``alpha`` of the mean
    of ``d`` then detects a true difference of

        (z[1 - alpha/2] + z[power]) * sqrt(discordant_share / n)

    with probability ``power`` (the normal approximation; statsmodels'
    ``NormalIndPower(ratio=0)`` gives the same effect size in units of the
    standard deviation). A smaller drop can pass such a check unseen.

    Parameters
    ----------
    n : int
        Number of paired cases, a positive whole number.
    discordant_share : float
        Share of cases expected to flip either way between the versions, in [0, 1].
    alpha : float, default 0.05
        Two-sided level of the check, strictly between 0 and 1.
    power : float, default 0.8
        Chance of detecting the difference, strictly between 0 and 1.

    Returns
    -------
    float
        The detectable difference as a share (0.195 is 19.5 points).

    Examples
    --------
    >>> round(detectable_difference(37, 0.18), 3)
    0.195
    >>> round(detectable_difference(370, 0.18), 3)  # ten times the cases: about a third of the difference
    0.062
    """
    n = check_positive_int(n, "n")
    share = check_probability(discordant_share, "discordant_share")
    check_probability(alpha, "alpha", inclusive=False)
    check_probability(power, "power", inclusive=False)
    z = NormalDist().inv_cdf
    return float((z(1 - alpha / 2) + z(power)) * math.sqrt(share / n))


def _newcombe_low(both, only_a, only_b, neither, z: float) -> np.ndarray:
    """Vectorised lower end of Newcombe's hybrid paired interval of ``rate(a) - rate(b)`` from 2x2 counts."""
    both, only_a, only_b, neither = (np.asarray(x, dtype=float) for x in (both, only_a, only_b, neither))
    n = both + only_a + only_b + neither

    def wilson(k):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return p, centre - half, centre + half

    p1, l1, _ = wilson(both + only_a)
    p2, _, u2 = wilson(both + only_b)
    margins = (both + only_a) * (only_b + neither) * (both + only_b) * (only_a + neither)
    cross = both * neither - only_a * only_b
    cross = np.where(cross > n / 2, cross - n / 2, np.where(cross >= 0, 0.0, cross))
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = np.where(margins == 0, 0.0, cross / np.sqrt(np.where(margins == 0, 1.0, margins)))
    spread = (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2
    return np.maximum((only_a - only_b) / n - np.sqrt(np.maximum(spread, 0.0)), -1.0)


def noninferiority_pass_chance(
    n: int, discordant_share: float, margin: float, *, pass_rate: float = 0.75, confidence: float = 0.95
) -> float:
    """Chance that a candidate **exactly as good as its baseline** passes a paired non-inferiority check.

    The check is the release gate's: the lower end of the ``confidence``
    Newcombe paired interval of ``candidate - baseline`` must lie at or above
    ``-margin``. With no true difference, each case is a 2x2 cell drawn from a
    multinomial: flipped either way with probability ``discordant_share / 2``
    each, passing under both with ``pass_rate - discordant_share / 2`` and
    failing under both with the rest. The chance is exact: a sum over every
    table of ``n`` cases (tables beyond 8 standard deviations of a cell's mean, with a
    negligible chance, are skipped). This is the power of a one-sided non-inferiority check
    at a true difference of 0; a low value means that even an equal version
    usually shows "not yet".

    Parameters
    ----------
    n : int
        Number of paired cases, a positive whole number.
    discordant_share : float
        Share of cases that flip either way, in [0, 1]; half of it must fit inside both
        ``pass_rate`` and ``1 - pass_rate`` (otherwise ``ValueError``).
    margin : float
        The non-inferiority margin as a share, in [0, 1) (0.10 is 10 points); not a number:
        ``TypeError``.
    pass_rate : float, default 0.75
        The pass rate both versions share, in [0, 1].
    confidence : float, default 0.95
        Coverage of the two-sided Newcombe interval, strictly between 0 and 1.

    Returns
    -------
    float
        The chance of passing, in [0, 1].

    Examples
    --------
    >>> round(noninferiority_pass_chance(40, 0.2, 0.10), 2)  # an equal topic of 40 cases, 10-point margin
    0.28
    >>> noninferiority_pass_chance(400, 0.2, 0.10) > 0.99
    True
    >>> noninferiority_pass_chance(40, 0.9, 0.10)
    Traceback (most recent call last):
    ...
    ValueError: discordant_share=0.9 is impossible with pass_rate=0.75: half of it must fit both inside the pass rate and inside the fail rate
    """
    from scipy.special import gammaln

    n = check_positive_int(n, "n")
    share = check_probability(discordant_share, "discordant_share")
    check_probability(pass_rate, "pass_rate")
    check_probability(confidence, "confidence", inclusive=False)
    if isinstance(margin, (bool, np.bool_)) or not isinstance(margin, (int, float, np.integer, np.floating)):
        raise TypeError(f"margin must be a number, got {margin!r}")
    if not 0 <= margin < 1:
        raise ValueError(f"margin must be a share in [0, 1), got {margin!r}")
    p_flip = share / 2
    p_both, p_neither = pass_rate - p_flip, 1 - pass_rate - p_flip
    if p_both < -1e-12 or p_neither < -1e-12:
        raise ValueError(
            f"discordant_share={share:g} is impossible with pass_rate={pass_rate:g}: half of it must fit "
            "both inside the pass rate and inside the fail rate"
        )
    probs = np.clip([p_both, p_flip, p_flip, p_neither], 0.0, 1.0)

    def counts_of(p):  # every count with non-negligible probability (beyond 8 standard deviations: < 1e-15)
        sd = math.sqrt(n * p * (1 - p))
        return np.arange(max(0, math.floor(n * p - 8 * sd - 1)), min(n, math.ceil(n * p + 8 * sd + 1)) + 1)

    both, only_a, only_b = (
        g.ravel() for g in np.meshgrid(counts_of(probs[0]), counts_of(probs[1]), counts_of(probs[2]), indexing="ij")
    )
    keep = both + only_a + only_b <= n
    both, only_a, only_b = both[keep], only_a[keep], only_b[keep]
    neither = n - both - only_a - only_b
    counts = np.stack([both, only_a, only_b, neither])
    with np.errstate(divide="ignore"):
        logp = np.where(probs > 0, np.log(np.where(probs > 0, probs, 1.0)), -np.inf)
    terms = np.where(counts > 0, counts * logp[:, None], 0.0)
    log_pmf = gammaln(n + 1) - gammaln(counts + 1).sum(axis=0) + terms.sum(axis=0)
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    passes = _newcombe_low(both, only_a, only_b, neither, z) >= -margin - 1e-12
    return float(min(1.0, np.exp(log_pmf[passes]).sum()))
