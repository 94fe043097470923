"""Metrics by slice: accuracy, recall and precision of the positive class overall and in each slice.

The table that shows a model with high accuracy missing a whole slice (the sarcastic reviews).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import as_binary


def metrics_by_slice(y_true, y_pred, slices) -> pd.DataFrame:
    """Accuracy, recall and precision of the positive class overall and in each slice.

    Examples
    --------
    >>> t = metrics_by_slice([1, 1, 0, 1], [1, 0, 0, 1], ["a", "b", "a", "b"])
    >>> float(t.loc["b", "recall"])
    0.5
    """
    y = as_binary(y_true, "y_true").astype(bool)
    p = as_binary(y_pred, "y_pred").astype(bool)
    sl = pd.Series(np.asarray(slices)).astype(str).to_numpy()
    if not (len(y) == len(p) == len(sl)):
        raise ValueError(f"y_true, y_pred and slices have different lengths: {len(y)}, {len(p)}, {len(sl)}")

    def row(mask):
        yy, pp = y[mask], p[mask]
        tp = int((yy & pp).sum())
        return {"n": int(mask.sum()), "positives": int(yy.sum()), "accuracy": float((yy == pp).mean()),
                "recall": tp / yy.sum() if yy.sum() else np.nan,
                "precision": tp / pp.sum() if pp.sum() else np.nan}

    rows = {"overall": row(np.ones(len(y), dtype=bool))}
    for name in sorted(set(sl)):
        rows[name] = row(sl == name)
    return pd.DataFrame(rows).T.astype({"n": int, "positives": int})
