"""Analysing a finished A/B test: the two-proportion z-test and its interval.

:func:`two_proportion_test` compares the conversions of the incumbent and the candidate and returns a
:class:`TwoProportionResult` (difference, relative lift, z, p-value, Wald interval).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._common import _check_alpha, _check_alternative, _norm


def _check_counts(successes, n, arm: str) -> tuple[int, int]:
    for value, name in ((successes, f"conversions_{arm}"), (n, f"n_{arm}")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be an integer count, got {value!r}")
        if value < 0:
            raise ValueError(f"{name} must be >= 0, got {value}")
    if n == 0:
        raise ValueError(f"n_{arm} must be > 0: arm {arm} has no visitors")
    if successes > n:
        raise ValueError(f"conversions_{arm}={successes} exceeds n_{arm}={n}")
    return int(successes), int(n)


# --------------------------------------------------------------------------- the test
@dataclass(frozen=True)
class TwoProportionResult:
    """The outcome of :func:`two_proportion_test` (difference = candidate - incumbent).

    Built by :func:`two_proportion_test`; the p-value is ``pvalue``, as in SciPy's test results.

    Parameters
    ----------
    rate_a, rate_b : float
        Conversion rates of the incumbent (a) and the candidate (b), as shares.
    n_a, n_b : int
        Visitors in each arm.
    difference : float
        ``rate_b - rate_a``, as a share (0.03 is 3 percentage points).
    relative_lift : float
        ``difference / rate_a``; ``inf`` when ``rate_a`` is 0.
    z : float
        The z statistic (pooled standard error under the null).
    pvalue : float
        The p-value for ``alternative``.
    ci_low, ci_high : float
        The Wald interval for ``difference`` at confidence ``1 - alpha`` (always two-sided).
    alpha : float
        The significance level; :attr:`significant` is ``pvalue < alpha``.
    alternative : str
        ``"two-sided"``, ``"larger"`` or ``"smaller"``.

    Examples
    --------
    >>> r = two_proportion_test(100, 1000, 130, 1000)
    >>> round(r.z, 3), round(r.pvalue, 4), r.significant
    (2.103, 0.0355, True)
    >>> round(float(r.ci_low), 4), round(float(r.ci_high), 4)
    (0.0021, 0.0579)
    """

    rate_a: float
    rate_b: float
    n_a: int
    n_b: int
    difference: float
    relative_lift: float
    z: float
    pvalue: float
    ci_low: float
    ci_high: float
    alpha: float
    alternative: str

    @property
    def p_value(self) -> float:
        """The p-value: the old name of :attr:`pvalue`, kept (read-only) for one release."""
        return self.pvalue

    @property
    def significant(self) -> bool:
        """Whether ``pvalue < alpha``."""
        return self.pvalue < self.alpha

    def __repr__(self) -> str:
        return (
            f"TwoProportionResult(a={self.rate_a:.4%} of {self.n_a:,}, b={self.rate_b:.4%} of "
            f"{self.n_b:,}, diff={self.difference:+.4%} [{self.ci_low:+.4%}, {self.ci_high:+.4%}], "
            f"z={self.z:.3f}, p={self.pvalue:.4g}, {'significant' if self.significant else 'not significant'}"
            f" at alpha={self.alpha})"
        )

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "value": pd.Series(
                    {
                        "rate_a": self.rate_a,
                        "rate_b": self.rate_b,
                        "n_a": self.n_a,
                        "n_b": self.n_b,
                        "difference": self.difference,
                        "relative_lift": self.relative_lift,
                        "z": self.z,
                        "pvalue": self.pvalue,
                        "ci_low": self.ci_low,
                        "ci_high": self.ci_high,
                        "alpha": self.alpha,
                        "significant": self.significant,
                    },
                    dtype=object,
                )
            }
        )


def two_proportion_test(
    conversions_a: int, n_a: int, conversions_b: int, n_b: int, *, alpha: float = 0.05, alternative: str = "two-sided"
) -> TwoProportionResult:
    """Two-proportion z-test with a Wald interval for the difference ``b - a``.

    The z statistic uses the pooled rate under the null (as
    ``statsmodels.stats.proportion.proportions_ztest``); the interval uses
    the unpooled standard error (``confint_proportions_2indep(method="wald")``),
    at confidence ``1 - alpha`` (two-sided) whatever ``alternative`` is.

    Parameters
    ----------
    conversions_a, n_a : int
        Conversions and visitors of the incumbent (control).
    conversions_b, n_b : int
        Conversions and visitors of the candidate.
    alpha : float
        Significance level in (0, 1).
    alternative : {"two-sided", "larger", "smaller"}
        ``"larger"`` tests whether the candidate's rate is higher.

    Returns
    -------
    TwoProportionResult
        The two rates, the difference and relative lift, z, the p-value (``pvalue``) and the interval.

    Examples
    --------
    >>> r = two_proportion_test(100, 1000, 130, 1000)
    >>> round(r.difference, 3), r.significant
    (0.03, True)
    """
    ca, na = _check_counts(conversions_a, n_a, "a")
    cb, nb = _check_counts(conversions_b, n_b, "b")
    alpha = _check_alpha(alpha)
    alternative = _check_alternative(alternative)
    norm = _norm()
    pa, pb = ca / na, cb / nb
    pooled = (ca + cb) / (na + nb)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    if se0 == 0:
        raise ValueError("both arms have a conversion rate of exactly 0 or 1: the test is undefined; collect more data")
    z = (pb - pa) / se0
    if alternative == "two-sided":
        p = 2 * norm.sf(abs(z))
    elif alternative == "larger":
        p = norm.sf(z)
    else:
        p = norm.cdf(z)
    se1 = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    crit = norm.isf(alpha / 2)
    diff = pb - pa
    lift = diff / pa if pa > 0 else float("inf")
    return TwoProportionResult(
        rate_a=pa,
        rate_b=pb,
        n_a=na,
        n_b=nb,
        difference=diff,
        relative_lift=lift,
        z=float(z),
        pvalue=float(p),
        ci_low=diff - crit * se1,
        ci_high=diff + crit * se1,
        alpha=alpha,
        alternative=alternative,
    )
