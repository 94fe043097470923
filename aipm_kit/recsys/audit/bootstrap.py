"""Is a difference real: percentile bootstrap intervals for the difference in a per-user metric between two
independent groups of users, or between two scorings of the same users (paired).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..._checks import check_positive_int, check_probability


def bootstrap_group_difference(a, b, *, n_boot: int = 2000, level: float = 0.95, seed: int = 0) -> dict:
    """Percentile bootstrap interval for ``mean(b) - mean(a)`` of two independent groups.

    Each group is resampled with replacement on its own (seeded), as two
    independent samples are: the right interval when the groups hold
    different users (for the same users scored twice use
    :meth:`RecAudit.difference_interval`, which pairs them). NaNs are dropped.

    Parameters
    ----------
    a, b : array-like of float
        The per-user values of the two groups; each needs at least 2 values after NaNs are dropped.
    n_boot : int, default 2000
        Number of resamples (a whole number >= 1). Keyword only.
    level : float, default 0.95
        Confidence level of the interval, strictly between 0 and 1. Keyword only.
    seed : int, default 0
        Seeds the resampling: the same inputs and seed give the same interval. Keyword only.

    Returns
    -------
    dict
        ``{"difference", "low", "high", "n_a", "n_b"}``: the observed ``mean(b) - mean(a)``, the
        percentile interval's bounds and the number of values used from each group.

    Examples
    --------
    >>> out = bootstrap_group_difference([0.1, 0.2, 0.3, 0.4], [0.3, 0.5, 0.4, 0.6], n_boot=500)
    >>> {key: round(value, 3) for key, value in out.items()}
    {'difference': 0.2, 'low': 0.05, 'high': 0.35, 'n_a': 4, 'n_b': 4}
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    if len(a) < 2 or len(b) < 2:
        raise ValueError("each group needs at least 2 values")
    level = check_probability(level, "level", inclusive=False)
    n_boot = check_positive_int(n_boot, "n_boot")
    rng = np.random.default_rng(seed)
    ma = a[rng.integers(0, len(a), size=(n_boot, len(a)))].mean(axis=1)
    mb = b[rng.integers(0, len(b), size=(n_boot, len(b)))].mean(axis=1)
    tail = (1 - level) / 2
    low, high = np.quantile(mb - ma, [tail, 1 - tail])
    return {
        "difference": float(b.mean() - a.mean()),
        "low": float(low),
        "high": float(high),
        "n_a": int(len(a)),
        "n_b": int(len(b)),
    }


def paired_bootstrap_difference(before, after, *, n_boot: int = 2000, level: float = 0.95, seed: int = 0) -> dict:
    """Percentile bootstrap interval for ``mean(after) - mean(before)`` over the same units.

    ``before`` and ``after`` are per-user Series (index = user); users in both
    (NaNs dropped) are resampled together, as :meth:`RecAudit.difference_interval`
    does for a whole audit; use this for a subset of users or a metric the audit
    does not hold.

    Parameters
    ----------
    before, after : Series
        Per-user values indexed by user (anything but a pandas Series raises ``TypeError``); at
        least 2 users must have a value in both.
    n_boot : int, default 2000
        Number of resamples (a whole number >= 1). Keyword only.
    level : float, default 0.95
        Confidence level of the intervals, strictly between 0 and 1. Keyword only.
    seed : int, default 0
        Seeds the resampling. Keyword only.

    Returns
    -------
    dict
        ``{"difference", "low", "high", "users", "relative", "relative_low", "relative_high"}``:
        the mean per-user difference ``after - before`` and its percentile interval, the number of
        paired users, and the relative change ``mean(after) / mean(before) - 1`` with its
        percentile interval over the same resamples (``relative`` is NaN when ``mean(before)`` is 0;
        its bounds can be NaN or infinite when some resample's ``before`` mean is 0).

    Examples
    --------
    >>> b = pd.Series([0.0, 1.0, 0.0, 1.0]); a = pd.Series([1.0, 1.0, 0.0, 1.0])
    >>> paired_bootstrap_difference(b, a)["difference"]
    0.25
    >>> out = paired_bootstrap_difference(b, a, n_boot=500)
    >>> out["low"], out["high"], out["users"], out["relative"]
    (0.0, 0.75, 4, 0.5)
    """
    for name, x in (("before", before), ("after", after)):
        if not isinstance(x, pd.Series):
            raise TypeError(f"{name} must be a pandas Series indexed by user, got {type(x).__name__}")
    level = check_probability(level, "level", inclusive=False)
    n_boot = check_positive_int(n_boot, "n_boot")
    paired = pd.concat([before.astype(float), after.astype(float)], axis=1, keys=["a", "b"], join="inner").dropna()
    if len(paired) < 2:
        raise ValueError("fewer than 2 users are in both before and after")
    a = paired["a"].to_numpy()
    diff = paired["b"].to_numpy() - a
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(diff), size=(int(n_boot), len(diff)))
    means, base = diff[idx].mean(axis=1), a[idx].mean(axis=1)
    tail = (1 - level) / 2
    low, high = np.quantile(means, [tail, 1 - tail])
    with np.errstate(divide="ignore", invalid="ignore"):
        rel_low, rel_high = np.quantile(means / base, [tail, 1 - tail])
        relative = diff.mean() / a.mean() if a.mean() != 0 else np.nan
    return {
        "difference": float(diff.mean()),
        "low": float(low),
        "high": float(high),
        "users": int(len(diff)),
        "relative": float(relative),
        "relative_low": float(rel_low),
        "relative_high": float(rel_high),
    }
