"""The model's quality in each calendar period: one row per month or week, for a dashboard to draw.

:func:`performance_by_period` turns scored, labelled rows into AUC, Brier score, calibration gap,
precision and recall per period (the periods labelled as :func:`aipm_kit.drift.period_labels` labels
them), so that drift in the inputs can be read beside the model's own record. It is numbers in,
a table out: the drift dashboard (:mod:`aipm_kit.apps.dashboard`) and notebook 12 draw it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import drift

__all__ = ["performance_by_period"]


def performance_by_period(
    frame: pd.DataFrame, *, time_col: str, label_col: str, score_col: str, freq: str = "MS", threshold: float = 0.5
) -> pd.DataFrame:
    """The model's quality in each calendar period.

    Returns one row per period (text labels as :func:`aipm_kit.drift.period_labels`)
    with ``rows``, ``positive_rate`` (share of labels that are 1),
    ``mean_score``, ``calibration_gap`` (mean score minus positive rate),
    ``auc`` (NaN where a period holds one class only: AUC is undefined there),
    ``brier``, and ``precision`` / ``recall`` when flagging ``score >= threshold``
    (NaN where nothing is flagged, or nothing is positive). The periods are the
    groups of the kit's one by-group engine, :func:`aipm_kit.groups.group_metrics`.

    Parameters
    ----------
    frame : pandas.DataFrame
        Scored, labelled rows.
    time_col, label_col, score_col : str
        The columns of the time, the 0/1 label and the model's score (no NaN).
    freq : str
        Period length, as :func:`aipm_kit.drift.period_labels` (``"MS"`` months, ``"W-MON"`` weeks).
    threshold : float
        Flag a row when its score is at or above it (for precision and recall).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``period``, the columns above.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"t": pd.to_datetime(["2024-01-01"] * 4), "y": [0, 1, 0, 1],
    ...                   "s": [0.1, 0.8, 0.4, 0.3]})
    >>> performance_by_period(f, time_col="t", label_col="y", score_col="s")["auc"].item()
    0.75
    """
    from scipy.stats import rankdata

    from ._checks import as_binary, check_columns, check_probability
    from .groups import RATES, Grouping, group_metrics, rate

    check_columns(frame, [time_col, label_col, score_col], name="frame")
    threshold = check_probability(threshold, "threshold")
    y = as_binary(frame[label_col].to_numpy(), label_col)
    s = frame[score_col].to_numpy(dtype=float)
    if np.isnan(s).any():
        raise ValueError(f"column {score_col!r} has {int(np.isnan(s).sum())} missing score(s)")
    codes, periods = pd.factorize(drift.period_labels(frame[time_col], freq), sort=True)

    def auc(yk, sk):  # AUC as the Mann-Whitney U over n_pos * n_neg (ties count half)
        n_pos = int(yk.sum())
        n_neg = len(yk) - n_pos
        if not (n_pos and n_neg):
            return np.nan
        ranks = rankdata(sk)
        return (ranks[yk == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)

    flagged = rate(lambda yk, sk: yk == 1, lambda yk, sk: sk >= threshold)
    caught = rate(lambda yk, sk: sk >= threshold, lambda yk, sk: yk == 1)
    m = group_metrics(
        y,
        s,
        Grouping(codes, list(periods), "period"),
        metrics={
            "positive_rate": RATES["base_rate"],
            "mean_score": lambda yk, sk: sk.mean(),
            "calibration_gap": lambda yk, sk: sk.mean() - yk.mean(),
            "auc": auc,
            "brier": lambda yk, sk: float(((sk - yk) ** 2).mean()),
            "precision": flagged,
            "recall": caught,
        },
    )
    rows = [
        {"period": period, "rows": m.sizes.iloc[i], **m.by_group.iloc[i].to_dict()} for i, period in enumerate(periods)
    ]
    return pd.DataFrame(rows).set_index("period")
