"""The metric a roadmap is stated in: precision at a recall floor.

:func:`precision_at_recall` is the best precision any threshold achieves while keeping recall at or above
a floor; ``_precision_at_recall_weighted`` computes it for many bootstrap weightings of the rows at once
(the learning curve's uncertainty in :mod:`~aipm_kit.planning.roadmap`).
"""

from __future__ import annotations

import numpy as np

from .._checks import as_1d, as_binary, check_probability


def precision_at_recall(y_true, y_score, recall: float = 0.5) -> float:
    """The best precision any threshold achieves while keeping recall >= ``recall``.

    Matches scikit-learn's ``precision_recall_curve`` (thresholds at the
    distinct scores). Returns 0.0 when there are no positives to find.

    Parameters
    ----------
    y_true : array-like of {0, 1}
        The true labels (1: positive), at least one.
    y_score : array-like of float
        The model's scores, higher meaning more likely positive; as long as ``y_true``.
    recall : float, default 0.5
        The recall floor, a probability in [0, 1].

    Returns
    -------
    float
        The highest precision among thresholds whose recall is at least ``recall``.

    Raises
    ------
    ValueError
        Labels other than 0/1, inputs of different or zero length, or ``recall`` outside [0, 1].

    Examples
    --------
    >>> precision_at_recall([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1], recall=1.0)
    0.6666666666666666
    >>> precision_at_recall([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1], recall=0.5)  # the top score alone
    1.0
    """
    recall = check_probability(recall, "recall")
    y = as_binary(y_true, "y_true")
    s = as_1d(y_score, "y_score").astype(float)
    if len(y) != len(s):
        raise ValueError(f"y_true and y_score have different lengths: {len(y)} and {len(s)}")
    if len(y) == 0:
        raise ValueError("y_true is empty")
    return float(_precision_at_recall_many(y, s[None, :], recall)[0])


def _precision_at_recall_many(y: np.ndarray, scores: np.ndarray, recall: float) -> np.ndarray:
    """One precision-at-recall per row of ``scores`` (thresholds at the distinct scores)."""
    out = np.empty(scores.shape[0])
    for i, s in enumerate(scores):
        out[i] = _precision_at_recall_weighted(y, s, np.ones((1, len(y))), recall)[0]
    return out


def _precision_at_recall_weighted(y: np.ndarray, s: np.ndarray, weights: np.ndarray, recall: float) -> np.ndarray:
    """Precision at recall for one score vector under many row weightings (bootstrap counts).

    Sorting happens once; each row of ``weights`` (how often each test row
    was drawn) gives one replicate. Returns one value per weighting.
    """
    order = np.argsort(-s, kind="mergesort")
    s_sorted, y_sorted = s[order], y[order].astype(float)
    w = weights[:, order]
    tp = np.cumsum(w * y_sorted, axis=1)
    k = np.cumsum(w, axis=1)
    last = np.r_[np.flatnonzero(np.diff(s_sorted) != 0), len(s_sorted) - 1]
    tp, k = tp[:, last], k[:, last]
    n_pos = tp[:, -1:]
    with np.errstate(invalid="ignore", divide="ignore"):
        prec = np.where(k > 0, tp / np.where(k > 0, k, 1), 0.0)
        rec = np.where(n_pos > 0, tp / np.where(n_pos > 0, n_pos, 1), 0.0)
    ok = rec >= recall - 1e-12
    best = np.where(ok, prec, -1.0).max(axis=1)
    best[(n_pos[:, 0] == 0) | (best < 0)] = 0.0
    return best
