"""Review hours counted from the alerts themselves: every alert among the scored transactions is reviewed."""

from __future__ import annotations

import numpy as np


def counted_review_hours(review_scores, thresholds, *, daily_volume: float, review_minutes: float = 5.0) -> np.ndarray:
    """Review hours a week at each threshold, from the alerts counted among ``review_scores``.

    Alerts are the scores at or above the threshold; their share of all scores,
    times ``daily_volume``, is the alerts a day, each taking ``review_minutes``.

    Parameters
    ----------
    review_scores : array-like
        The scores of every transaction the model scored over the period (at least one, no NaN).
    thresholds : array-like
        The thresholds (an alert is a score at or above one).
    daily_volume : float
        Transactions a day.
    review_minutes : float, default 5.0
        Minutes to review one alert.

    Returns
    -------
    numpy.ndarray
        Review hours a week, one per threshold.

    Raises
    ------
    ValueError
        When ``review_scores`` is empty or holds a NaN.

    Examples
    --------
    Two of four scores are at or above 0.5: 60 alerts a day at 120 transactions, 5 minutes each, 7 days.

    >>> counted_review_hours([0.1, 0.4, 0.6, 0.9], [0.5], daily_volume=120, review_minutes=5).tolist()
    [35.0]
    """
    s = np.sort(np.asarray(review_scores, dtype=float))
    if len(s) == 0 or np.isnan(s).any():
        raise ValueError("review_scores must hold at least one score and no NaN")
    alerts = len(s) - np.searchsorted(s, np.asarray(thresholds, dtype=float), side="left")
    return alerts / len(s) * daily_volume * review_minutes / 60 * 7
