"""PSI with resampling intervals: how much of a PSI value the sample sizes alone could produce.

:func:`psi_interval` redraws rows from two samples' bin counts; :func:`psi_interval_table` does so for
every feature and period of a :class:`PeriodHistograms`; :func:`psi_day_interval_table` redraws whole
days instead (a cluster bootstrap), so rows that share a day's cause stay together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .binning import _binned, _quantile_bins
from .histograms import PeriodHistograms


def psi_interval(
    reference_counts,
    current_counts,
    *,
    level: float = 0.95,
    n_resamples: int = 400,
    seed: int = 0,
    epsilon: float = 1e-4,
) -> tuple[float, float, float]:
    """PSI from two samples' bin counts, with a resampling interval: ``(psi, low, high)``.

    Each resample redraws both samples' counts from their observed shares
    (multinomial, same sizes, bins held fixed) and recomputes PSI. PSI of a
    finite sample sits above the true PSI by about ``(bins - 1) * (1/n_ref +
    1/n_cur)``; the resamples show that bias once more, so their ``level``
    percentile interval is shifted down by it (their mean minus the point)
    and floored at zero. The draws treat rows as independent: rows that share
    a cause (flights of one day share the weather) make the true spread
    wider than this interval.

    Parameters
    ----------
    reference_counts, current_counts : array-like of float
        Rows per bin in each sample: 1-D, the same number (at least 2) of bins, counts >= 0 and at least
        one row in each sample (else ``ValueError``).
    level : float, default 0.95
        The interval's coverage, in (0, 1).
    n_resamples : int, default 400
        Resamples drawn (at least 20).
    seed : int, default 0
        Seed of the random draws: the same seed gives the same interval.
    epsilon : float, default 1e-4
        The share put in place of an empty bin's zero, as in :func:`aipm_kit.drift.psi`.

    Returns
    -------
    tuple of float
        ``(psi, low, high)``: the PSI of the two counts and the interval's bounds (never below 0).

    Examples
    --------
    >>> from aipm_kit import drift
    >>> value, low, high = drift.psi_interval([500, 500], [800, 200])
    >>> round(value, 3), low < value < high
    (0.416, True)
    """
    r = np.asarray(reference_counts, dtype=np.float64)
    c = np.asarray(current_counts, dtype=np.float64)
    if r.ndim != 1 or r.shape != c.shape or len(r) < 2:
        raise ValueError("reference_counts and current_counts must be 1-D with the same number (>= 2) of bins")
    if (r < 0).any() or (c < 0).any() or r.sum() == 0 or c.sum() == 0:
        raise ValueError("counts must be >= 0 with at least one row in each sample")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, got {level!r}")
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, (int, np.integer)) or n_resamples < 20:
        raise ValueError(f"n_resamples must be an integer >= 20, got {n_resamples!r}")

    def value(ref, cur):
        p = ref / ref.sum(axis=-1, keepdims=True)
        q = cur / cur.sum(axis=-1, keepdims=True)
        p, q = np.where(p == 0, epsilon, p), np.where(q == 0, epsilon, q)
        return ((q - p) * np.log(q / p)).sum(axis=-1)

    rng = np.random.default_rng(seed)
    n_r, n_c = int(round(r.sum())), int(round(c.sum()))
    ref_draws = rng.multinomial(n_r, r / r.sum(), size=n_resamples).astype(np.float64)
    cur_draws = rng.multinomial(n_c, c / c.sum(), size=n_resamples).astype(np.float64)
    point = float(value(r, c))
    draws = value(ref_draws, cur_draws)
    bias = float(draws.mean()) - point
    tail = (1 - level) / 2
    low, high = np.quantile(draws, [tail, 1 - tail]) - bias
    return point, max(0.0, float(low)), max(0.0, float(high))


def _binned_psi_counts(hist: PeriodHistograms, column: str, reference, period: str, bins: int = 10):
    """The bin counts the kit's PSI compares (reference-quantile bins, unseen categories in one bucket)."""
    counts = hist.counts(column, reference, period)
    r, c, _, _ = _binned(counts, bins=bins, binning="quantile", unseen="bucket")
    return r, c


def psi_interval_table(
    hist: PeriodHistograms,
    reference,
    *,
    columns=None,
    periods=None,
    level: float = 0.95,
    n_resamples: int = 400,
    seed: int = 0,
    bins: int = 10,
) -> dict[str, pd.DataFrame]:
    """Feature x period PSI against ``reference`` with :func:`psi_interval` bounds, from a :class:`PeriodHistograms`.

    The ``psi`` table equals ``hist.drift_table(reference, "psi")`` on the same cells. Each cell's interval
    redraws rows one by one (see :func:`psi_interval`), with seed ``seed + 1000 * feature + period``.

    Parameters
    ----------
    hist : PeriodHistograms
        The per-period counts.
    reference : str, list of str or (start, end)
        The reference window, as :meth:`PeriodHistograms.resolve` reads it.
    columns : list of str, optional
        The features; default all of ``hist``'s.
    periods : str, list of str or (start, end), optional
        The periods to fill; default all. A period with no rows stays NaN.
    level : float, default 0.95
        The intervals' coverage.
    n_resamples : int, default 400
        Resamples per cell.
    seed : int, default 0
        Base seed of the draws.
    bins : int, default 10
        Reference-quantile bins for numeric features.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``{"psi": ..., "low": ..., "high": ...}``: three feature x period tables of the same shape.

    Examples
    --------
    >>> import pandas as pd
    >>> from aipm_kit import drift
    >>> x = [i % 10 for i in range(60)] + [5 + i % 10 for i in range(30)]
    >>> f = pd.DataFrame({"t": pd.date_range("2024-01-01", periods=90, freq="D"), "x": x})
    >>> h = drift.PeriodHistograms.from_frame(f, time_col="t")
    >>> t = drift.psi_interval_table(h, "2024-01", n_resamples=100)
    >>> t["psi"].round(3)
    period   2024-01  2024-02  2024-03
    feature
    x            0.0    0.042    4.501
    >>> t["low"].round(3).loc["x"].tolist(), t["high"].round(3).loc["x"].tolist()
    ([0.0, 0.0, 2.547], [1.561, 2.562, 7.719])
    """
    columns = list(hist.features) if columns is None else list(columns)
    labels = list(hist.periods) if periods is None else [hist.periods[j] for j in hist.resolve(periods, name="periods")]
    out = {
        k: pd.DataFrame(np.nan, index=pd.Index(columns, name="feature"), columns=pd.Index(labels, name="period"))
        for k in ("psi", "low", "high")
    }
    for i, col in enumerate(columns):
        for j, period in enumerate(labels):
            if hist.sizes[hist.periods.index(period)] == 0:
                continue
            r, c = _binned_psi_counts(hist, col, reference, period, bins=bins)
            v, lo, hi = psi_interval(r, c, level=level, n_resamples=n_resamples, seed=seed + 1_000 * i + j)
            out["psi"].iloc[i, j], out["low"].iloc[i, j], out["high"].iloc[i, j] = v, lo, hi
    return out


def psi_day_interval_table(
    hist: PeriodHistograms,
    reference,
    groups,
    *,
    columns=None,
    level: float = 0.95,
    n_resamples: int = 400,
    seed: int = 0,
    bins: int = 10,
    epsilon: float = 1e-4,
) -> dict[str, pd.DataFrame]:
    """PSI of each group of short periods against a reference, with an interval that resamples whole periods.

    ``hist`` holds short periods (days: ``freq="D"``); ``reference`` lists the reference window's periods and
    ``groups`` maps each label (a month, a week) to the periods it holds. The point is the kit's PSI of the
    summed counts (reference-quantile bins, unseen categories in one bucket), the same number as a monthly
    :class:`PeriodHistograms` gives. Each resample draws the reference's periods and the group's periods with
    replacement (a cluster bootstrap: a day's rows stay together), sums their bin counts and recomputes PSI; as
    in :func:`psi_interval`, the ``level`` percentile interval is shifted down by the resamples' mean minus the
    point and floored at zero. Rows of one day that share a cause (flights of one day share the weather) widen
    this interval, as they should; :func:`psi_interval`, which redraws rows one by one, misses that. With few
    periods in a group (a week holds 7 days) the bootstrap itself is rough: read its interval as approximate.

    Parameters
    ----------
    hist : PeriodHistograms
        Counts per short period (days).
    reference : list of str
        The reference window's period labels.
    groups : Mapping of str to list of str
        Each group's label -> the period labels it holds. A group with no rows stays NaN.
    columns : list of str, optional
        The features; default all of ``hist``'s.
    level : float, default 0.95
        The intervals' coverage.
    n_resamples : int, default 400
        Bootstrap resamples per feature and group.
    seed : int, default 0
        Base seed (feature ``i`` uses ``seed + 1000 * i``).
    bins : int, default 10
        Reference-quantile bins for numeric features.
    epsilon : float, default 1e-4
        The share put in place of an empty bin's zero.

    Returns
    -------
    dict of str to pandas.DataFrame
        ``{"psi": ..., "low": ..., "high": ...}``: three feature x group tables.

    Examples
    --------
    >>> import pandas as pd
    >>> from aipm_kit import drift
    >>> x = [i % 10 for i in range(60)] + [5 + i % 10 for i in range(30)]
    >>> f = pd.DataFrame({"t": pd.date_range("2024-01-01", periods=90, freq="D"), "x": x})
    >>> d = drift.PeriodHistograms.from_frame(f, time_col="t", freq="D")
    >>> days = list(d.periods)
    >>> g = drift.psi_day_interval_table(d, days[:31], {"2024-02": days[31:60], "2024-03": days[60:]}, n_resamples=100)
    >>> g["psi"].round(3)
    period   2024-02  2024-03
    feature
    x          0.042    4.501
    >>> g["low"].round(3).loc["x"].tolist(), g["high"].round(3).loc["x"].tolist()
    ([0.0, 2.677], [2.131, 6.959])
    """
    columns = list(hist.features) if columns is None else list(columns)
    ri = hist.resolve(list(reference), name="reference")
    group_idx = {str(label): hist.resolve(list(periods), name=f"group {label!r}") for label, periods in groups.items()}
    out = {
        k: pd.DataFrame(
            np.nan, index=pd.Index(columns, name="feature"), columns=pd.Index(list(group_idx), name="period")
        )
        for k in ("psi", "low", "high")
    }

    def value(ref, cur):
        p = ref / ref.sum(axis=-1, keepdims=True)
        q = cur / cur.sum(axis=-1, keepdims=True)
        p, q = np.where(p == 0, epsilon, p), np.where(q == 0, epsilon, q)
        return ((q - p) * np.log(q / p)).sum(axis=-1)

    tail = (1 - level) / 2
    for i, col in enumerate(columns):
        f = hist._feature(col)
        counts = f.counts.astype(np.float64)  # periods x levels
        ref_total = counts[ri].sum(axis=0)
        if f.numeric:
            index, edges = _quantile_bins(f.levels, ref_total, bins)
            k = len(edges) + 1
        else:  # each seen category its own bin, unseen: one
            seen = ref_total > 0
            index = np.where(seen, np.cumsum(seen) - 1, int(seen.sum()))
            k = int(seen.sum()) + 1
        to_bins = np.zeros((len(f.levels), k))
        to_bins[np.arange(len(f.levels)), index] = 1.0
        binned = counts @ to_bins  # periods x bins
        ref_days = binned[ri]
        rng = np.random.default_rng(seed + 1_000 * i)
        ref_draws = rng.multinomial(len(ri), np.full(len(ri), 1 / len(ri)), size=n_resamples) @ ref_days
        for label, gi in group_idx.items():
            cur_days = binned[gi]
            if cur_days.sum() == 0:
                continue
            point = float(value(ref_days.sum(axis=0), cur_days.sum(axis=0)))
            w = rng.multinomial(len(gi), np.full(len(gi), 1 / len(gi)), size=n_resamples)
            draws = value(ref_draws, w @ cur_days)
            ok = np.isfinite(draws)
            bias = float(draws[ok].mean()) - point
            low, high = np.quantile(draws[ok], [tail, 1 - tail]) - bias
            out["psi"].loc[col, label] = point
            out["low"].loc[col, label], out["high"].loc[col, label] = max(0.0, float(low)), max(0.0, float(high))
    return out
