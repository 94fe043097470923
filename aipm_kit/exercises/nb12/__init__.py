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
    psi_table : pandas.DataFrame
        Feature x month PSI against the reference quarter.
    importance : mapping, optional
        Unused (kept for older callers).
    model_features : sequence of str
        The features the model reads.
    worst_recall : tuple of int
        ``(warned, late)`` counts of the month with the lowest recall.
    worst_month : str
        That month's name.
    backtest : callable
        ``backtest(auc_drop, score_psi)`` -> the replay table, its ``attrs`` holding ``bill``, ``pages``,
        ``useful``, ``false_pages`` and ``missed``.
    q1_flights : pandas.DataFrame
        The training quarter's landed flights with ``late`` and ``score``.
    cost_missed : float
        Dollars per late flight not warned.
    cost_false : float
        Dollars per on-time flight warned.
    threshold : float
        The warning threshold the notebook uses.
    cost_page : float
        Dollars per page.
    n_reference : int, default 3
        The number of training months (exercise 3's range test).

    Returns
    -------
    tuple of Exercise
        :func:`wilson_by_hand`, :func:`harmless_drift`, :func:`paging_rule` and :func:`warning_threshold`,
        in that order.

    Examples
    --------
    >>> import pandas as pd
    >>> def backtest(auc_drop, score_psi):
    ...     table = pd.DataFrame()
    ...     table.attrs.update(bill=1_000, pages=0, useful=0, false_pages=0, missed=0)
    ...     return table
    >>> qs = bind(psi_table=pd.DataFrame({"m1": [0.05, 0.12]}, index=["dep_delay", "air_time"]),
    ...           model_features=["dep_delay"], worst_recall=(30, 80), worst_month="2013-11",
    ...           backtest=backtest, q1_flights=pd.DataFrame({"late": [1, 0], "score": [0.8, 0.3]}),
    ...           cost_missed=30, cost_false=10, threshold=0.5, cost_page=500)
    >>> [q.name for q in qs]
    ["1 · The worst month's recall, with its interval by hand", '3 · Drift that cannot move the score',
     '5 · Choose the paging rule', '2 · Set the warning threshold from the costs']
    """
    return (
        wilson_by_hand(worst_recall=worst_recall, worst_month=worst_month),
        harmless_drift(psi_table=psi_table, model_features=model_features, n_reference=n_reference),
        paging_rule(backtest=backtest, cost_page=cost_page),
        warning_threshold(q1_flights=q1_flights, cost_missed=cost_missed, cost_false=cost_false, threshold=threshold),
    )
