"""Alert budgets: flag a fixed number of the highest scores."""

from __future__ import annotations

import numpy as np

from ._common import _scores

__all__ = ["flag_top"]


def flag_top(scores, n_alerts: int) -> np.ndarray:
    """Flag the ``n_alerts`` highest scores (ties broken by position): a fixed alert budget.

    How a review team with a fixed budget works. Comparing a model with a rule
    at the same number of alerts is the fair comparison: any model catches
    more if it may raise more alerts. This is the kit's one ``flag_top``;
    :func:`aipm_kit.models.flag_top` is this function.

    Parameters
    ----------
    scores : array-like of numbers
        One score per row, higher meaning flag first (probabilities, amounts,
        a rule's priority). 1-D, numeric (booleans and integers are read as
        numbers), no NaN and no infinity.
    n_alerts : int
        How many rows to flag, from 0 to ``len(scores)``.

    Returns
    -------
    numpy.ndarray of bool
        ``True`` on the ``n_alerts`` highest scores. Among equal scores the
        earlier rows are flagged first (a stable sort), so the result is
        deterministic.

    Raises
    ------
    TypeError
        When ``scores`` is not numeric, or ``n_alerts`` is not an integer
        (a bool or 2.5 is refused).
    ValueError
        When ``scores`` is not 1-D or holds NaN or an infinity, or
        ``n_alerts`` is negative or above ``len(scores)``.

    Examples
    --------
    >>> flag_top([0.2, 0.9, 0.5, 0.1], 2).tolist()
    [False, True, True, False]
    >>> flag_top([0.5, 0.5, 0.5], 2).tolist()   # a tie: the first rows come first
    [True, True, False]
    >>> flag_top([0.1, 0.2], 3)
    Traceback (most recent call last):
    ...
    ValueError: n_alerts must be between 0 and len(scores)=2, got 3
    """
    scores = _scores(scores, "scores")
    if isinstance(n_alerts, (bool, np.bool_)) or not isinstance(n_alerts, (int, np.integer)):
        raise TypeError(f"n_alerts must be an integer, got {n_alerts!r}")
    if not 0 <= n_alerts <= len(scores):
        raise ValueError(f"n_alerts must be between 0 and len(scores)={len(scores)}, got {n_alerts}")
    flags = np.zeros(len(scores), dtype=bool)
    flags[np.argsort(-scores, kind="stable")[:n_alerts]] = True
    return flags
