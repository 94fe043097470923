"""How often to retrain: every candidate interval priced from a measured decay curve, quality kept against the
cost of retraining (:func:`retraining_cadence`)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._checks import check_positive_int
from ._common import _positive


def retraining_cadence(
    decay_curve, *, value_per_point: float, retrain_cost: float, intervals: Sequence[int] = (1, 2, 3, 6, 12)
) -> pd.DataFrame:
    """Compare retraining every ``k`` periods, from a measured decay curve.

    ``decay_curve`` is the model's quality by age (index 1, 2, ... periods
    since training; values such as recall at a fixed alert budget). The
    assumption, stated so it can be argued with: each retrained model ages
    the way the measured one did. Retraining every ``k`` periods then keeps
    the average of the curve over ages ``1..k``; it costs ``retrain_cost``
    once per ``k`` periods. Value per period is ``quality x value_per_point``
    minus the retraining cost per period. Intervals longer than the curve
    reuse its last value (the model stops decaying once it is stale).

    Parameters
    ----------
    decay_curve : pandas.Series or array-like of float
        Quality by age, indexed 1, 2, ... (no gaps, no NaN).
    value_per_point : float
        What one unit of quality is worth per period (>= 0).
    retrain_cost : float
        The cost of one retraining (>= 0).
    intervals : sequence of int, default (1, 2, 3, 6, 12)
        The candidate intervals, in periods (each >= 1).

    Returns
    -------
    DataFrame
        One row per interval: ``retrain_every``, ``quality_kept``, ``retrain_cost_per_period``,
        ``value_per_period`` and ``best`` (the highest value).

    Examples
    --------
    >>> curve = pd.Series([0.5, 0.3, 0.3], index=[1, 2, 3])
    >>> retraining_cadence(curve, value_per_point=1000, retrain_cost=100, intervals=(1, 3))["value_per_period"].tolist()
    [400.0, 333.33333333333337]
    """
    curve = pd.Series(decay_curve, dtype=float).sort_index()
    if curve.empty:
        raise ValueError("decay_curve is empty: measure the model's quality at one or more ages first")
    if curve.isna().any():
        raise ValueError(f"decay_curve has NaN at age(s) {list(curve.index[curve.isna()])}")
    if list(curve.index) != list(range(1, len(curve) + 1)):
        raise ValueError(f"decay_curve must be indexed by age 1, 2, ..., got {list(curve.index)}")
    value_per_point = _positive(value_per_point, "value_per_point", allow_zero=True)
    retrain_cost = _positive(retrain_cost, "retrain_cost", allow_zero=True)
    rows = []
    for k in intervals:
        k = check_positive_int(k, "intervals")
        ages = np.arange(1, k + 1)
        kept = float(curve.reindex(ages).ffill().mean())
        cost = retrain_cost / k
        rows.append(
            {
                "retrain_every": k,
                "quality_kept": kept,
                "retrain_cost_per_period": cost,
                "value_per_period": kept * value_per_point - cost,
            }
        )
    out = pd.DataFrame(rows)
    out["best"] = out["value_per_period"] == out["value_per_period"].max()
    return out
