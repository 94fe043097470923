"""Parity between groups, as fairlearn names it: the by-group table, demographic parity and equalized odds.

:func:`by_group` is fairlearn's ``MetricFrame(...).by_group`` table; :func:`demographic_parity_ratio`,
:func:`demographic_parity_difference`, :func:`equalized_odds_difference` and :func:`equalized_odds_ratio`
take the same ``(y_true, y_pred, *, sensitive_features)`` arguments and give the same numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..groups import RATES, Grouping, group_metrics
from ._common import _check_defined, _checked, _counts


def by_group(y_true, y_pred, *, sensitive_features, confidence: float | None = None) -> pd.DataFrame:
    """Count, selection rate, TPR and FPR for each group (fairlearn's ``MetricFrame.by_group``).

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1 or bool
        Outcome and decision; "1" is whatever the model predicts (e.g. denial).
    sensitive_features : array-like
        The group of each row. A pandas categorical keeps its category order;
        an unused category is an error (a group with no members).
    confidence : float, optional
        If given (e.g. 0.95), adds Wilson intervals ``*_low`` / ``*_high``
        for each rate: small groups get wide ones.

    Returns
    -------
    pandas.DataFrame
        Indexed by group: ``count, positives, base_rate, selection_rate, tpr, fpr``
        (computed by the kit's one by-group engine, :func:`aipm_kit.groups.group_metrics`).

    Examples
    --------
    >>> by_group([1, 0, 1, 0, 1, 0], [1, 0, 0, 0, 1, 1], sensitive_features=list("aaabbb"))[["count", "selection_rate", "tpr", "fpr"]]
           count  selection_rate  tpr  fpr
    group
    a          3        0.333333  0.5  0.0
    b          3        0.666667  1.0  0.5
    """
    n_cell, _, names, name, t, p, codes = _checked(y_true, y_pred, sensitive_features)
    _check_defined(n_cell, names, need_both=True)
    rates = ("base_rate", "selection_rate", "tpr", "fpr")
    m = group_metrics(t, p, Grouping(codes, names, name), metrics={r: RATES[r] for r in rates}, confidence=confidence)
    frame = pd.DataFrame(
        {"count": m.sizes.to_numpy(), "positives": m.denominators["tpr"].to_numpy()}, index=m.by_group.index
    ).join(m.by_group)
    if confidence is not None:
        for col in ("selection_rate", "tpr", "fpr"):
            frame[f"{col}_low"] = m.low[col]
            frame[f"{col}_high"] = m.high[col]
    return frame


def _selection_rates(y_true, y_pred, sensitive_features):
    n_cell, pp_cell, names, _ = _counts(y_true, y_pred, sensitive_features)
    return pp_cell.sum(axis=1) / n_cell.sum(axis=1)


def demographic_parity_ratio(y_true, y_pred, *, sensitive_features) -> float:
    """Lowest group selection rate divided by the highest (1 = parity).

    Same definition as ``fairlearn.metrics.demographic_parity_ratio``.
    ``y_true`` is accepted for a uniform signature and only checked.

    Parameters
    ----------
    y_true : array-like of 0/1 or bool
        The actual outcome of each row.
    y_pred : array-like of 0/1 or bool
        The decision of each row (same length); "1" is whatever the model predicts.
    sensitive_features : array-like
        The group of each row: at least two groups, none empty, no missing values.

    Returns
    -------
    float
        The ratio, in [0, 1].

    Raises
    ------
    ValueError
        Nobody selected in any group (0/0), or inputs :func:`by_group` would refuse.

    Examples
    --------
    >>> demographic_parity_ratio([0, 0, 0, 0], [1, 0, 1, 1], sensitive_features=["a", "a", "b", "b"])
    0.5
    """
    sel = _selection_rates(y_true, y_pred, sensitive_features)
    if sel.max() == 0:
        raise ValueError("y_pred selects nobody in any group, so the ratio is 0/0")
    return float(sel.min() / sel.max())


def demographic_parity_difference(y_true, y_pred, *, sensitive_features) -> float:
    """Highest group selection rate minus the lowest (0 = parity).

    Same definition as ``fairlearn.metrics.demographic_parity_difference``; ``y_true`` is only checked.

    Parameters
    ----------
    y_true : array-like of 0/1 or bool
        The actual outcome of each row.
    y_pred : array-like of 0/1 or bool
        The decision of each row (same length); "1" is whatever the model predicts.
    sensitive_features : array-like
        The group of each row: at least two groups, none empty, no missing values.

    Returns
    -------
    float
        The gap, in [0, 1].

    Examples
    --------
    >>> demographic_parity_difference([1, 0, 1, 0, 1, 0, 1, 0], [1, 0, 0, 0, 1, 1, 1, 0],
    ...                               sensitive_features=list("aaaabbbb"))
    0.5
    """
    sel = _selection_rates(y_true, y_pred, sensitive_features)
    return float(sel.max() - sel.min())


def equalized_odds_difference(y_true, y_pred, *, sensitive_features) -> float:
    """The larger of the TPR gap and the FPR gap between groups (0 = equal odds).

    Same definition as ``fairlearn.metrics.equalized_odds_difference`` (its
    default ``agg="worst_case"``).

    Parameters
    ----------
    y_true : array-like of 0/1 or bool
        The actual outcome of each row.
    y_pred : array-like of 0/1 or bool
        The decision of each row (same length); "1" is whatever the model predicts.
    sensitive_features : array-like
        The group of each row: at least two groups, none empty, no missing values.

    Returns
    -------
    float
        The larger gap, in [0, 1].

    Raises
    ------
    ValueError
        A group without actual positives or negatives (its TPR or FPR is undefined).

    Examples
    --------
    >>> equalized_odds_difference([1, 0, 1, 0], [1, 0, 0, 1], sensitive_features=["a", "a", "b", "b"])
    1.0
    """
    frame = by_group(y_true, y_pred, sensitive_features=sensitive_features)
    return float(max(np.ptp(frame["tpr"].to_numpy()), np.ptp(frame["fpr"].to_numpy())))


def equalized_odds_ratio(y_true, y_pred, *, sensitive_features) -> float:
    """The smaller of the TPR ratio and the FPR ratio (min over max across groups).

    Same definition as ``fairlearn.metrics.equalized_odds_ratio`` (its default ``agg="worst_case"``).

    Parameters
    ----------
    y_true : array-like of 0/1 or bool
        The actual outcome of each row.
    y_pred : array-like of 0/1 or bool
        The decision of each row (same length); "1" is whatever the model predicts.
    sensitive_features : array-like
        The group of each row: at least two groups, none empty, no missing values.

    Returns
    -------
    float
        The smaller ratio, in [0, 1] (1 = equal odds).

    Raises
    ------
    ValueError
        Every group has a TPR (or FPR) of 0, or a group lacks actual positives or negatives.

    Examples
    --------
    >>> equalized_odds_ratio([1, 0, 1, 0, 1, 0, 1, 0], [1, 1, 0, 0, 1, 1, 1, 0], sensitive_features=list("aaaabbbb"))
    0.5
    """
    frame = by_group(y_true, y_pred, sensitive_features=sensitive_features)
    ratios = []
    for col in ("tpr", "fpr"):
        v = frame[col].to_numpy()
        if v.max() == 0:
            raise ValueError(f"every group has {col} = 0, so the {col} ratio is 0/0")
        ratios.append(v.min() / v.max())
    return float(min(ratios))
