"""Exercises for notebook 12, the drift detection dashboard.

Each exercise is built where the notebook has its data (``wilson_by_hand``, ``harmless_drift``,
``paging_rule``, ``warning_threshold``, ``retraining_call``); ``bind(...)`` builds the first four at once. Every expected
answer is computed from the notebook's own tables and functions at check time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from .answers import answered, yours
from .drift_leads import FEATURE_NOTES, harmless_drift
from .paging import PAGING_GRID, paging_rule, paired_difference
from .recall import wilson_by_hand
from .retraining import retraining_call
from .threshold import warning_threshold

__all__ = [
    "bind",
    "wilson_by_hand",
    "FEATURE_NOTES",
    "harmless_drift",
    "PAGING_GRID",
    "paired_difference",
    "paging_rule",
    "warning_threshold",
    "retraining_call",
    "yours",
    "answered",
]


def bind(
    *,
    psi_table: pd.DataFrame,
    importance: Mapping[str, float] | None = None,
    model_features: Sequence[str],
    worst_recall: tuple[int, int],
    worst_month: str,
    backtest: Callable[..., pd.DataFrame],
    q1_flights: pd.DataFrame,
    cost_missed: float,
    cost_false: float,
    threshold: float,
    cost_page: float,
    n_reference: int = 3,
):
    """Build the four exercises at once (the notebook builds each where its section needs it).

    Parameters
    ----------
    psi_table : feature x month PSI against the reference quarter.
    importance : unused (kept for older callers).
    model_features : the features the model reads.
    worst_recall : ``(warned, late)`` counts of the month with the lowest recall; ``worst_month`` its name.
    backtest : ``backtest(auc_drop, score_psi)`` -> the replay table, its ``attrs`` holding ``bill``,
        ``pages``, ``useful``, ``false_pages`` and ``missed``.
    q1_flights : the training quarter's landed flights with ``late`` and ``score``.
    cost_missed, cost_false : dollars per late flight not warned and per on-time flight warned.
    threshold : the warning threshold the notebook uses.
    cost_page : dollars per page.
    n_reference : the number of training months (exercise 3's range test).
    """
    return (
        wilson_by_hand(worst_recall=worst_recall, worst_month=worst_month),
        harmless_drift(psi_table=psi_table, model_features=model_features, n_reference=n_reference),
        paging_rule(backtest=backtest, cost_page=cost_page),
        warning_threshold(q1_flights=q1_flights, cost_missed=cost_missed, cost_false=cost_false, threshold=threshold),
    )
