"""Where annotators disagree: the labels they mix up and the items an expert should settle.

:func:`label_confusions` counts every disagreeing pair of ratings; :func:`items_to_adjudicate`
lists the items without a unanimous label, those with no majority first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_positive_int
from .agreement import _category_counts, _codes, _ratings


def label_confusions(ratings: pd.DataFrame) -> pd.DataFrame:
    """Which labels annotators mix up: every disagreeing pair of ratings, counted.

    Each item contributes one count per pair of annotators who disagree on
    it, under the (alphabetically ordered) pair of labels they chose.

    Parameters
    ----------
    ratings : pandas.DataFrame
        One row per item, one column per annotator (at least two), each cell the label that annotator gave
        (any hashable values); no missing ratings.

    Returns
    -------
    pandas.DataFrame
        ``label_1, label_2, count, share`` sorted by count, largest first (no rows when every pair agrees
        on every item).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"a": ["x", "x", "y", "y"], "b": ["x", "y", "y", "y"], "c": ["x", "x", "y", "x"]})
    >>> label_confusions(table)
      label_1 label_2  count  share
    0       x       y      4    1.0
    """
    ratings = _ratings(ratings)
    values = ratings.to_numpy()
    counts: dict[tuple, int] = {}
    m = values.shape[1]
    for i in range(m):
        for j in range(i + 1, m):
            diff = values[:, i] != values[:, j]
            for x, y in zip(values[diff, i], values[diff, j]):
                key = tuple(sorted((x, y), key=str))
                counts[key] = counts.get(key, 0) + 1
    if not counts:
        return pd.DataFrame(columns=["label_1", "label_2", "count", "share"])
    frame = pd.DataFrame([(a, b, c) for (a, b), c in counts.items()], columns=["label_1", "label_2", "count"])
    frame["share"] = frame["count"] / frame["count"].sum()
    return frame.sort_values(["count", "label_1", "label_2"], ascending=[False, True, True], ignore_index=True)


def items_to_adjudicate(ratings: pd.DataFrame, *, budget: int | None = None) -> pd.DataFrame:
    """Items an expert should settle: every item the annotators did not agree on.

    Items with no majority come first (they have no usable label at all),
    then split decisions. ``budget`` keeps only the first ``budget`` items.

    Parameters
    ----------
    ratings : pandas.DataFrame
        One row per item, one column per annotator (at least two), each cell the label that annotator gave
        (any hashable values); no missing ratings.
    budget : int, optional
        Keep only the first ``budget`` items (>= 1); by default all of them.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``ratings``: the annotators' labels, ``majority`` (the
        majority label, or ``"(none)"``), ``votes_for_majority``,
        ``distinct_labels`` and ``status`` (``"no majority"`` or ``"split"``).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"a": ["x", "x", "y", "z"], "b": ["x", "y", "y", "y"], "c": ["x", "x", "y", "x"]})
    >>> items_to_adjudicate(table)
       a  b  c majority  votes_for_majority  distinct_labels       status
    3  z  y  x   (none)                   0                3  no majority
    1  x  y  x        x                   2                2        split
    >>> items_to_adjudicate(table, budget=1).index.tolist()
    [3]
    """
    ratings = _ratings(ratings)
    codes, labels = _codes(ratings)
    m = codes.shape[1]
    counts = _category_counts(codes, len(labels))
    top = counts.max(axis=1)
    arg = counts.argmax(axis=1)
    has_majority = top * 2 > m
    out = ratings.copy()
    out["majority"] = [labels[a] if ok else "(none)" for a, ok in zip(arg, has_majority)]
    out["votes_for_majority"] = np.where(has_majority, top, 0)
    out["distinct_labels"] = (counts > 0).sum(axis=1)
    out["status"] = np.where(top == m, "unanimous", np.where(has_majority, "split", "no majority"))
    out = out[out["status"] != "unanimous"]
    out = (
        out.assign(_order=(out["status"] == "split").astype(int))
        .sort_values(["_order", "distinct_labels"], ascending=[True, False], kind="stable")
        .drop(columns="_order")
    )
    if budget is not None:
        out = out.head(check_positive_int(budget, "budget"))
    return out
