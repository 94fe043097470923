"""Metrics by slice: accuracy, recall and precision of the positive class overall and in each slice.

The table that shows a model with high accuracy missing a whole slice (the sarcastic reviews).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import as_binary
from ..groups import RATES, encode_groups, group_metrics


def metrics_by_slice(y_true, y_pred, slices) -> pd.DataFrame:
    """Accuracy, recall and precision of the positive class overall and in each slice.

    The numbers come from the kit's one by-group engine, :func:`aipm_kit.groups.group_metrics`.

    Parameters
    ----------
    y_true, y_pred : array-like of 0/1 or bool
        The labels and the model's decisions.
    slices : array-like
        The slice of each row (read as text; slices are sorted).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``"overall"`` then each slice: ``n, positives, accuracy, recall, precision``
        (recall NaN where a slice has no positives, precision NaN where nothing is predicted positive).

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

    m = group_metrics(
        y,
        p,
        encode_groups(sl, len(y), what="slices"),
        metrics={k: RATES[k] for k in ("accuracy", "recall", "precision")},
    )

    def row(n, positives, accuracy, recall, precision):
        return {
            "n": int(n),
            "positives": int(positives),
            "accuracy": float(accuracy),
            "recall": recall,
            "precision": precision,
        }

    rows = {"overall": row(len(y), y.sum(), *m.overall)}
    for name in m.by_group.index:
        rows[name] = row(m.sizes[name], m.denominators.loc[name, "recall"], *m.by_group.loc[name])
    return pd.DataFrame(rows).T.astype({"n": int, "positives": int})
