"""Every fairness gap and ratio with a seeded, stratified bootstrap interval: :func:`fairness_intervals`."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .._checks import check_positive_int, check_probability
from ._common import _check_defined, _counts, _rates

# ----------------------------------------------------------------------------- intervals


def fairness_intervals(
    y_true,
    y_pred,
    *,
    sensitive_features,
    favourable: int = 0,
    n_boot: int = 2_000,
    seed: int = 0,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Every gap and ratio with a seeded bootstrap interval.

    The bootstrap is stratified: each (group, actual outcome) cell keeps its
    size and its rows are resampled with replacement, so every resample has
    the same groups and base rates and only the model's hits and misses vary.
    (Resampling a cell's rows is the same as drawing its predicted-positive
    count from a binomial, which is how it is computed.)

    Gaps (max minus min) can never be negative, so even two groups treated
    identically show a small positive gap and an interval above zero: read
    the *width* of the interval, and the smallest group's size, before the
    point estimate.

    A ratio is undefined when every group's rate is zero (0/0: nobody
    selected, or nobody given the favourable outcome). It is then NaN, never
    0: its estimate when the data themselves are 0/0 (with ``low`` and
    ``high`` NaN too), and any bootstrap replicate that is 0/0 is dropped
    before the bounds are taken, since counting it as 0 would drag the lower
    bound down. Both are said in a ``UserWarning`` and recorded in ``attrs``.

    Parameters
    ----------
    y_true : array-like of 0/1 or bool
        The actual outcome of each row; every group needs actual positives and negatives.
    y_pred : array-like of 0/1 or bool
        The decision of each row.
    sensitive_features : array-like
        The group of each row (at least two groups).
    favourable : {0, 1}, default 0
        The value of ``y_pred`` that is good for the person, for the four-fifths ratio.
    n_boot : int, default 2_000
        Bootstrap replicates (at least 100).
    seed : int, default 0
        Seed of the bootstrap: the same seed gives the same bounds.
    confidence : float, default 0.95
        Level of the percentile intervals, strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        Indexed by metric: ``estimate, low, high, smallest_group_n``. Metrics:
        ``demographic_parity_ratio``, ``demographic_parity_difference``,
        ``tpr_difference``, ``fpr_difference``, ``equalized_odds_difference``
        and ``four_fifths_impact_ratio`` (on ``favourable``).
        ``attrs["undefined"]`` maps each undefined metric to the reason;
        ``attrs["dropped_replicates"]`` maps every metric to the number of
        its ``n_boot`` replicates dropped as 0/0 (0 for the gaps, which are
        always defined here).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> group = np.where(rng.random(400) < 0.5, "a", "b")
    >>> y_true = (rng.random(400) < 0.3).astype(int)
    >>> y_pred = (rng.random(400) < np.where(group == "a", 0.3, 0.45)).astype(int)
    >>> fairness_intervals(y_true, y_pred, sensitive_features=group, n_boot=200).round(3)
                                   estimate    low   high  smallest_group_n
    metric
    demographic_parity_ratio          0.722  0.555  0.966               183
    demographic_parity_difference     0.118  0.013  0.208               183
    tpr_difference                    0.143  0.012  0.305               183
    fpr_difference                    0.109  0.010  0.229               183
    equalized_odds_difference         0.143  0.042  0.305               183
    four_fifths_impact_ratio          0.830  0.715  0.980               183
    """
    n_boot = check_positive_int(n_boot, "n_boot", minimum=100)
    confidence = check_probability(confidence, "confidence", inclusive=False)
    if favourable not in (0, 1):
        raise ValueError(f"favourable must be 0 or 1, got {favourable!r}")
    n_cell, pp_cell, names, _ = _counts(y_true, y_pred, sensitive_features)
    _check_defined(n_cell, names, need_both=True)
    rng = np.random.default_rng(seed)
    n_int = n_cell.astype(np.int64)
    boot_pp = rng.binomial(
        np.broadcast_to(n_int, (n_boot,) + n_int.shape), np.broadcast_to(pp_cell / n_cell, (n_boot,) + n_int.shape)
    ).astype(float)

    def stats(nc, pc):
        sel, tpr, fpr = _rates(nc, pc)
        fav = sel if favourable == 1 else 1 - sel
        with np.errstate(divide="ignore", invalid="ignore"):
            # min / max of rates that are all zero is 0/0: undefined (NaN), never 0
            dpr = np.where(sel.max(axis=-1) > 0, sel.min(axis=-1) / sel.max(axis=-1), np.nan)
            ffr = np.where(fav.max(axis=-1) > 0, fav.min(axis=-1) / fav.max(axis=-1), np.nan)
        tpr_gap = np.ptp(tpr, axis=-1)
        fpr_gap = np.ptp(fpr, axis=-1)
        return {
            "demographic_parity_ratio": dpr,
            "demographic_parity_difference": np.ptp(sel, axis=-1),
            "tpr_difference": tpr_gap,
            "fpr_difference": fpr_gap,
            "equalized_odds_difference": np.maximum(tpr_gap, fpr_gap),
            "four_fifths_impact_ratio": ffr,
        }

    point = stats(n_cell, pp_cell)
    boot = stats(np.broadcast_to(n_cell, boot_pp.shape), boot_pp)
    a = (1 - confidence) / 2
    why = {
        "demographic_parity_ratio": "y_pred selects nobody in any group, so the ratio is 0/0",
        "four_fifths_impact_ratio": f"no group ever receives the favourable outcome (y_pred == "
        f"{favourable}), so the ratio is 0/0",
    }
    rows, undefined, dropped = [], {}, {}
    for k in point:
        estimate = float(point[k])
        if np.isnan(estimate):
            undefined[k] = why[k]
        values = boot[k][~np.isnan(boot[k])]
        dropped[k] = int(len(boot[k]) - len(values))
        low, high = (
            (float(np.quantile(values, a)), float(np.quantile(values, 1 - a))) if len(values) else (np.nan, np.nan)
        )
        rows.append(
            {
                "metric": k,
                "estimate": estimate,
                "low": low,
                "high": high,
                "smallest_group_n": int(n_cell.sum(axis=1).min()),
            }
        )
    frame = pd.DataFrame(rows).set_index("metric")
    frame.attrs["undefined"] = undefined
    frame.attrs["dropped_replicates"] = dropped
    frame.attrs["n_boot"] = n_boot
    notes = [f"{k} is undefined ({reason})" for k, reason in undefined.items()]
    notes += [
        f"{k}: {d:,} of {n_boot:,} bootstrap replicates dropped (0/0) before taking the bounds"
        for k, d in dropped.items()
        if d and k not in undefined
    ]
    if notes:
        warnings.warn("fairness_intervals: " + "; ".join(notes), UserWarning, stacklevel=2)
    return frame
