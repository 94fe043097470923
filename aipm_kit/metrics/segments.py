"""Who the model misses: recall by segment, the high-risk segment, and re-weighting to the production mix."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._checks import as_1d, check_probability, same_length
from ..groups import RATES, Grouping, group_metrics
from ._common import _pair, _scores

__all__ = ["high_risk_segment", "recall_by_segment", "reweight_to_production"]


# ----------------------------------------------------------------------------- segments


def high_risk_segment(amount, *, quantile: float = 0.75) -> np.ndarray:
    """Boolean mask of the rows at or above the ``quantile`` of ``amount`` (default: top quartile).

    Parameters
    ----------
    amount : array-like of float
        One amount per row (no NaN).
    quantile : float, default 0.75
        The cut-off quantile, in (0, 1) (NumPy's default linear quantile).

    Returns
    -------
    numpy.ndarray of bool
        True for the rows at or above the cut-off.

    Examples
    --------
    >>> high_risk_segment([10, 20, 30, 40]).tolist()
    [False, False, False, True]
    >>> high_risk_segment([10, 20, 30, 40], quantile=0.5).tolist()
    [False, False, True, True]
    """
    a = _scores(amount)
    quantile = check_probability(quantile, "quantile", inclusive=False)
    return a >= np.quantile(a, quantile)


def recall_by_segment(y_true, y_pred, segments, *, confidence: float = 0.95) -> pd.DataFrame:
    """Recall (with a Wilson interval) for each segment and overall.

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1 or bool
    segments : array-like
        A label per row (e.g. ``"top quartile"`` / ``"rest"``, or a category).
    confidence : float
        Coverage of the Wilson intervals.

    Returns
    -------
    pandas.DataFrame
        Indexed by segment (plus ``"overall"``): ``rows, positives, caught,
        recall, low, high``; from the kit's one by-group engine,
        :func:`aipm_kit.groups.group_metrics`.

    Examples
    --------
    >>> recall_by_segment([1, 1, 1, 1, 0], [1, 0, 1, 1, 0], ["a", "a", "b", "b", "b"])["recall"].round(2).tolist()
    [0.5, 1.0, 0.75]
    """
    t, p = _pair(y_true, y_pred)
    seg = as_1d(segments, "segments", allow_nan=True)
    same_length(y_true=t, segments=seg)
    if pd.isna(seg).any():
        raise ValueError("segments contains missing values; give every row a segment")
    codes, names = pd.factorize(seg, sort=True)
    labels = [str(nm) for nm in names]
    m = group_metrics(
        t, p, Grouping(codes, labels, "segment"), metrics={"recall": RATES["recall"]}, confidence=confidence
    )
    total = m.overall_counts.loc["recall"]
    rows = []
    for label, rows_n, positives, caught, lo, hi in [
        (
            nm,
            m.sizes.iloc[i],
            m.denominators["recall"].iloc[i],
            m.successes["recall"].iloc[i],
            m.low["recall"].iloc[i],
            m.high["recall"].iloc[i],
        )
        for i, nm in enumerate(labels)
    ] + [("overall", len(t), total["n"], total["successes"], total["low"], total["high"])]:
        if positives == 0:
            raise ValueError(f"segment {label!r} has no actual positives, so its recall is undefined")
        rows.append(
            {
                "segment": label,
                "rows": int(rows_n),
                "positives": int(positives),
                "caught": int(caught),
                "recall": int(caught) / int(positives),
                "low": lo,
                "high": hi,
            }
        )
    return pd.DataFrame(rows).set_index("segment")


def reweight_to_production(segments_validation, production_share) -> np.ndarray:
    """Row weights that make a validation set's segment mix match production.

    ``production_share`` maps each segment to its share of production
    traffic. A segment that production has but validation lacks cannot be
    re-weighted: that raises, because no weight can invent missing data.

    Parameters
    ----------
    segments_validation : array-like
        The segment of each validation row (not empty).
    production_share : Mapping
        Segment -> share of production traffic: non-negative, summing to 1, naming every segment of the
        validation set.

    Returns
    -------
    numpy.ndarray of float
        One weight per validation row: the segment's production share over its validation share.

    Examples
    --------
    >>> reweight_to_production(["fraud", "fraud", "legit", "legit"], {"fraud": 0.02, "legit": 0.98}).tolist()
    [0.04, 0.04, 1.96, 1.96]
    """
    seg = as_1d(segments_validation, "segments_validation", allow_nan=True)
    if len(seg) == 0:
        raise ValueError("segments_validation is empty")
    share = pd.Series(production_share, dtype=float)
    if (share < 0).any() or not math.isclose(share.sum(), 1.0, abs_tol=1e-9):
        raise ValueError(f"production_share must be non-negative and sum to 1, got sum {share.sum():.6g}")
    observed = pd.Series(seg).value_counts(normalize=True)
    missing = [k for k, v in share.items() if v > 0 and k not in observed.index]
    if missing:
        raise ValueError(f"segments {missing} appear in production_share but not in segments_validation")
    extra = [k for k in observed.index if k not in share.index]
    if extra:
        raise ValueError(f"segments {extra} appear in segments_validation but not in production_share")
    ratio = share / observed.reindex(share.index)
    return pd.Series(seg).map(ratio).to_numpy(dtype=float)
