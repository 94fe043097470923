"""Argument checks shared by the metrics modules (labels, scores, weights, zero_division)."""

from __future__ import annotations

import math

import numpy as np

from .._checks import as_1d, as_binary, same_length


def _pair(y_true, y_pred, *, pred_name: str = "y_pred"):
    t = as_binary(y_true, "y_true")
    p = as_binary(y_pred, pred_name)
    same_length(y_true=t, **{pred_name: p})
    if len(t) == 0:
        raise ValueError("y_true is empty: there is nothing to measure")
    return t, p


def _scores(y_score, name: str = "y_score") -> np.ndarray:
    s = as_1d(y_score, name)
    if s.dtype.kind not in "fiub":
        raise TypeError(f"{name} must be numeric, got dtype {s.dtype}")
    s = s.astype(float)
    if np.isinf(s).any():
        raise ValueError(f"{name} contains {int(np.isinf(s).sum())} infinite value(s)")
    return s


def _weights(sample_weight, n: int) -> np.ndarray | None:
    if sample_weight is None:
        return None
    w = as_1d(sample_weight, "sample_weight").astype(float)
    if len(w) != n:
        raise ValueError(f"arrays have different lengths: {{'y_true': {n}, 'sample_weight': {len(w)}}}")
    if not np.isfinite(w).all():
        raise ValueError(f"sample_weight contains {int((~np.isfinite(w)).sum())} infinite value(s)")
    if (w < 0).any():
        raise ValueError("sample_weight must be >= 0 everywhere")
    return w


def _check_zero_division(value) -> float:
    """The value a 0/0 rate reports: a number in [0, 1], or NaN (as scikit-learn allows)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"zero_division must be a number in [0, 1] or NaN, got {value!r}")
    value = float(value)
    if not (math.isnan(value) or 0 <= value <= 1):
        raise ValueError(f"zero_division must be in [0, 1] or NaN, got {value}")
    return value


def _both_classes(t: np.ndarray, what: str) -> None:
    if t.min() == t.max():
        only = int(t[0])
        raise ValueError(f"y_true holds a single class (all {only}); {what} needs both positives and negatives")
