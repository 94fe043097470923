"""Counts and rates of a yes/no decision: the confusion matrix, and every count and rate at every threshold."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import as_binary, same_length
from ._common import _both_classes, _check_zero_division, _pair, _scores, _weights

__all__ = ["ConfusionMatrix", "confusion", "threshold_sweep"]


# ----------------------------------------------------------------------------- confusion matrix


@dataclass(frozen=True)
class ConfusionMatrix:
    """The four outcomes of a yes/no decision (counts, or weighted counts).

    Rates are properties; a rate whose denominator is zero is reported as
    ``zero_division`` (0.0 by default, as scikit-learn does) rather than NaN.
    Usually built by :func:`confusion`.

    Parameters
    ----------
    tn, fp, fn, tp : float
        True negatives, false positives, false negatives and true positives (counts, or sums of weights).
    zero_division : float, default 0.0
        The value of a rate whose denominator is zero (``float("nan")`` to mark it undefined).

    Examples
    --------
    >>> cm = ConfusionMatrix(tn=90, fp=10, fn=5, tp=15)
    >>> cm
    ConfusionMatrix(tp=15, fp=10, fn=5, tn=90; precision=0.600, recall=0.750, f1=0.667, fpr=0.1000)
    >>> cm.alerts, cm.n, cm.to_array().tolist()
    (25, 120, [[90, 10], [5, 15]])
    >>> ConfusionMatrix(tn=5, fp=0, fn=5, tp=0).precision  # no alerts: zero_division
    0.0
    """

    tn: float
    fp: float
    fn: float
    tp: float
    zero_division: float = 0.0

    @staticmethod
    def _ratio(num, den, zero_division):
        return float(num / den) if den > 0 else float(zero_division)

    @property
    def n(self) -> float:
        return self.tn + self.fp + self.fn + self.tp

    @property
    def positives(self) -> float:
        """Actual positives (tp + fn)."""
        return self.tp + self.fn

    @property
    def alerts(self) -> float:
        """Predicted positives (tp + fp): what the review team sees."""
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        return self._ratio(self.tp, self.tp + self.fp, self.zero_division)

    @property
    def recall(self) -> float:
        return self._ratio(self.tp, self.tp + self.fn, self.zero_division)

    tpr = recall

    @property
    def fpr(self) -> float:
        return self._ratio(self.fp, self.fp + self.tn, self.zero_division)

    @property
    def specificity(self) -> float:
        return self._ratio(self.tn, self.fp + self.tn, self.zero_division)

    @property
    def accuracy(self) -> float:
        return self._ratio(self.tp + self.tn, self.n, self.zero_division)

    @property
    def f1(self) -> float:
        return self._ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn, self.zero_division)

    @property
    def alert_rate(self) -> float:
        return self._ratio(self.alerts, self.n, self.zero_division)

    def to_array(self) -> np.ndarray:
        """``[[tn, fp], [fn, tp]]``, the layout of ``sklearn.metrics.confusion_matrix``."""
        return np.array([[self.tn, self.fp], [self.fn, self.tp]])

    def to_frame(self) -> pd.DataFrame:
        """Counts and row rates: each actual class's outcomes as a share of that class."""
        rows = []
        for actual, (neg, pos) in (
            ("actual 0 (legitimate)", (self.tn, self.fp)),
            ("actual 1 (fraud)", (self.fn, self.tp)),
        ):
            total = neg + pos
            rows.append(
                {
                    "actual": actual,
                    "predicted 0": neg,
                    "predicted 1": pos,
                    "rate predicted 0": self._ratio(neg, total, self.zero_division),
                    "rate predicted 1": self._ratio(pos, total, self.zero_division),
                }
            )
        return pd.DataFrame(rows).set_index("actual")

    def summary(self) -> dict:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "fpr": self.fpr,
            "accuracy": self.accuracy,
            "alert_rate": self.alert_rate,
        }

    def __repr__(self) -> str:
        def f(x):
            return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"

        return (
            f"ConfusionMatrix(tp={f(self.tp)}, fp={f(self.fp)}, fn={f(self.fn)}, tn={f(self.tn)}; "
            f"precision={self.precision:.3f}, recall={self.recall:.3f}, f1={self.f1:.3f}, "
            f"fpr={self.fpr:.4f})"
        )


def confusion(y_true, y_pred, *, sample_weight=None, zero_division: float = 0.0) -> ConfusionMatrix:
    """Count true/false positives and negatives of a binary decision.

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1 or bool
        What really happened and what the model decided.
    sample_weight : array-like, optional
        Weight of each row (counts become weighted sums), e.g. to re-weight a
        validation set to the production mix (:func:`reweight_to_production`).
    zero_division : float
        Value for a rate whose denominator is zero.

    Returns
    -------
    ConfusionMatrix

    Examples
    --------
    >>> cm = confusion([1, 1, 0, 0, 1], [1, 0, 0, 1, 1])
    >>> cm.tp, cm.fp, cm.fn, cm.tn
    (2, 1, 1, 1)
    >>> round(cm.precision, 3)
    0.667
    """
    t, p = _pair(y_true, y_pred)
    w = _weights(sample_weight, len(t))
    zero_division = _check_zero_division(zero_division)
    cell = 2 * t.astype(np.int64) + p
    counts = np.bincount(cell, weights=w, minlength=4)
    if w is None:
        tn, fp, fn, tp = (int(c) for c in counts)
    else:
        tn, fp, fn, tp = (float(c) for c in counts)
    return ConfusionMatrix(tn=tn, fp=fp, fn=fn, tp=tp, zero_division=zero_division)


# ----------------------------------------------------------------------------- thresholds


def threshold_sweep(
    y_true, y_score, *, thresholds=None, zero_division: float = 0.0, sample_weight=None
) -> pd.DataFrame:
    """Every count and rate at every threshold (flag when ``y_score >= threshold``).

    Parameters
    ----------
    y_true : array-like of 0/1 or bool
    y_score : array-like of float
        Model scores; NaN is refused.
    thresholds : array-like, optional
        Thresholds to evaluate; default 101 evenly spaced points from 0 to 1.
    zero_division : float
        Precision reported when a threshold flags nothing.
    sample_weight : array-like, optional
        Weight of each row, as in :func:`confusion`: counts become weighted
        sums (floats), e.g. an audit sample standing for the many rows it was
        drawn from.

    Returns
    -------
    pandas.DataFrame
        One row per threshold: ``threshold, tp, fp, fn, tn, alerts, precision,
        recall, f1, fpr, alert_rate``.

    Examples
    --------
    >>> sweep = threshold_sweep([0, 0, 1, 1], [0.1, 0.6, 0.4, 0.9], thresholds=[0.5])
    >>> sweep[["tp", "fp", "precision", "recall"]].to_dict("records")
    [{'tp': 1, 'fp': 1, 'precision': 0.5, 'recall': 0.5}]
    """
    t = as_binary(y_true, "y_true")
    s = _scores(y_score)
    same_length(y_true=t, y_score=s)
    _both_classes(t, "a threshold sweep")
    zero_division = _check_zero_division(zero_division)
    w = _weights(sample_weight, len(t))
    th = np.linspace(0, 1, 101) if thresholds is None else np.sort(_scores(thresholds, "thresholds"))
    order = np.argsort(s, kind="stable")
    s_sorted, t_sorted = s[order], t[order]
    w_sorted = np.ones(len(t), dtype=np.int64) if w is None else w[order]
    # Positives and negatives with score strictly below each threshold.
    below = np.searchsorted(s_sorted, th, side="left")
    cum_pos = np.concatenate([[0], np.cumsum(t_sorted * w_sorted)])
    cum_all = np.concatenate([[0], np.cumsum(w_sorted)])
    pos_total, n = cum_pos[-1], cum_all[-1]
    if w is not None and (pos_total <= 0 or n - pos_total <= 0):
        raise ValueError("a threshold sweep needs positive weight on both classes")
    fn = cum_pos[below]
    tn = cum_all[below] - fn
    tp = pos_total - fn
    fp = (n - pos_total) - tn
    alerts = tp + fp
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(alerts > 0, tp / np.maximum(alerts, 1), zero_division)
        recall = tp / pos_total
        f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / np.maximum(2 * tp + fp + fn, 1), zero_division)
    kind = np.int64 if w is None else float
    return pd.DataFrame(
        {
            "threshold": th,
            "tp": tp.astype(kind),
            "fp": fp.astype(kind),
            "fn": fn.astype(kind),
            "tn": tn.astype(kind),
            "alerts": alerts.astype(kind),
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "fpr": fp / (n - pos_total),
            "alert_rate": alerts / n,
        }
    )
