"""What every fairness measure starts from: the rows checked and counted per (group, actual outcome) cell.

``_groups`` encodes the groups (refusing missing values, empty groups and a single group), ``_checked`` and
``_counts`` count rows and predicted positives per cell, ``_rates`` turns cell counts into selection rate,
TPR and FPR, and ``_check_defined`` refuses a group whose TPR or FPR is undefined.
"""

from __future__ import annotations

import numpy as np

from .._checks import as_binary, same_length
from ..groups import encode_groups

# ----------------------------------------------------------------------------- grouping


def _groups(sensitive_features, n: int):
    """Integer codes 0..k-1 and the group names; refuses missing values and empty groups."""
    g = encode_groups(sensitive_features, n, what="sensitive_features", missing_hint=" (e.g. 'not stated')")
    codes, names = g.codes, g.names
    sizes = np.bincount(codes, minlength=len(names))
    empty = [names[i] for i in np.flatnonzero(sizes == 0)]
    if empty:
        raise ValueError(
            f"group(s) {empty} of sensitive_features have no members; drop unused "
            "categories (Series.cat.remove_unused_categories())"
        )
    if len(names) < 2:
        raise ValueError(f"sensitive_features holds a single group ({names[0]!r}); fairness compares groups")
    return codes, names, g.name


def _counts(y_true, y_pred, sensitive_features):
    """Per group: rows, actual positives, predicted positives among actual 1s and 0s."""
    return _checked(y_true, y_pred, sensitive_features)[:4]


def _checked(y_true, y_pred, sensitive_features):
    """:func:`_counts` and the checked rows: ``n_cell, pp_cell, names, name, t, p, codes``."""
    t = as_binary(y_true, "y_true")
    p = as_binary(y_pred, "y_pred")
    same_length(y_true=t, y_pred=p)
    if len(t) == 0:
        raise ValueError("y_true is empty")
    codes, names, name = _groups(sensitive_features, len(t))
    k = len(names)
    cell = 2 * codes + t  # (group, actual class)
    n_cell = np.bincount(cell, minlength=2 * k).reshape(k, 2)
    pp_cell = np.bincount(cell, weights=p, minlength=2 * k).reshape(k, 2)
    return n_cell, pp_cell, names, name, t, p, codes


def _rates(n_cell, pp_cell):
    """selection_rate, tpr, fpr from cell counts; works on (k, 2) or (b, k, 2) arrays."""
    n = n_cell.sum(axis=-1)
    sel = pp_cell.sum(axis=-1) / n
    tpr = pp_cell[..., 1] / n_cell[..., 1]
    fpr = pp_cell[..., 0] / n_cell[..., 0]
    return sel, tpr, fpr


def _check_defined(n_cell, names, need_both: bool) -> None:
    if not need_both:
        return
    if n_cell[:, 1].sum() == 0 or n_cell[:, 0].sum() == 0:
        only = 0 if n_cell[:, 1].sum() == 0 else 1
        raise ValueError(f"y_true holds a single class (all {only}); TPR and FPR need both classes")
    for i, g in enumerate(names):
        if n_cell[i, 1] == 0:
            raise ValueError(f"group {g!r} has no actual positives (y_true == 1), so its TPR is undefined")
        if n_cell[i, 0] == 0:
            raise ValueError(f"group {g!r} has no actual negatives (y_true == 0), so its FPR is undefined")
