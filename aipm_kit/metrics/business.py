"""The business view: a confusion matrix read as a day (and a week) of operations, at one threshold or all."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_non_negative
from .counts import ConfusionMatrix, confusion, threshold_sweep

__all__ = ["BusinessImpact", "business_impact", "business_sweep", "cost_optimal_threshold"]


# ----------------------------------------------------------------------------- business view


@dataclass(frozen=True)
class BusinessImpact:
    """A confusion matrix read as a day (and a week) of operations.

    Built by :func:`business_impact` and :func:`cost_optimal_threshold`; all amounts in dollars.

    Parameters
    ----------
    threshold : float or None
        The score threshold the decisions came from, when known.
    alerts_per_day, false_alarms_per_day : float
        Alerts, and alerts on legitimate rows, per day.
    frauds_caught_per_day, frauds_missed_per_day : float
        Frauds flagged and not flagged, per day.
    review_hours_per_week : float
        Analyst hours a week to review every alert.
    losses_avoided_per_day, losses_missed_per_day : float
        Fraud losses stopped and let through, per day.
    false_alarm_cost_per_day : float
        What the false alarms cost per day.
    net_value_per_day : float
        ``losses_avoided_per_day - false_alarm_cost_per_day``.

    Examples
    --------
    >>> cm = ConfusionMatrix(tn=9_850, fp=50, fn=40, tp=60)
    >>> b = business_impact(cm, daily_volume=20_000, review_minutes=6, cost_false_alarm=10,
    ...                     loss_per_missed_fraud=300, threshold=0.5)
    >>> b
    BusinessImpact at threshold 0.50: 100 false alarms a day, 154 review hours a week, $36,000 of fraud stopped a day, net $35,000 a day
    >>> b.net_value_per_year
    12775000.0
    >>> b.to_frame().loc[["alerts_per_day", "frauds_missed_per_day", "losses_missed_per_day"], "value"].tolist()
    [220.0, 80.0, 24000.0]
    """

    threshold: float | None
    alerts_per_day: float
    false_alarms_per_day: float
    frauds_caught_per_day: float
    frauds_missed_per_day: float
    review_hours_per_week: float
    losses_avoided_per_day: float
    losses_missed_per_day: float
    false_alarm_cost_per_day: float
    net_value_per_day: float

    @property
    def net_value_per_year(self) -> float:
        return 365 * self.net_value_per_day

    def to_frame(self) -> pd.DataFrame:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "threshold"}
        d["net_value_per_year"] = self.net_value_per_year
        return pd.DataFrame({"value": pd.Series(d)})

    def sentence(self) -> str:
        """The same result the way an operations lead would say it."""
        return (
            f"{self.false_alarms_per_day:,.0f} false alarms a day, "
            f"{self.review_hours_per_week:,.0f} review hours a week, "
            f"${self.losses_avoided_per_day:,.0f} of fraud stopped a day, "
            f"net ${self.net_value_per_day:,.0f} a day"
        )

    def __repr__(self) -> str:
        th = "" if self.threshold is None else f" at threshold {self.threshold:.2f}"
        return f"BusinessImpact{th}: {self.sentence()}"


def _impact_from_counts(tn, fp, fn, tp, costs, threshold=None):
    """The business columns from the four counts (numbers or arrays) and the checked ``costs``.

    ``costs`` is what :func:`_check_costs` returns: ``(daily_volume, review_minutes, cost_false_alarm,
    loss_per_missed_fraud)``.
    """
    daily_volume, review_minutes, cost_false_alarm, loss_per_missed_fraud = costs
    n = tn + fp + fn + tp
    scale = daily_volume / n
    alerts = (tp + fp) * scale
    false_alarms = fp * scale
    caught = tp * scale
    missed = fn * scale
    false_alarm_cost = false_alarms * cost_false_alarm
    avoided = caught * loss_per_missed_fraud
    return dict(
        threshold=threshold,
        alerts_per_day=alerts,
        false_alarms_per_day=false_alarms,
        frauds_caught_per_day=caught,
        frauds_missed_per_day=missed,
        review_hours_per_week=alerts * review_minutes / 60 * 7,
        losses_avoided_per_day=avoided,
        losses_missed_per_day=missed * loss_per_missed_fraud,
        false_alarm_cost_per_day=false_alarm_cost,
        net_value_per_day=avoided - false_alarm_cost,
    )


def _check_costs(daily_volume, review_minutes, cost_false_alarm, loss_per_missed_fraud):
    values = []
    for value, name in (
        (daily_volume, "daily_volume"),
        (review_minutes, "review_minutes"),
        (cost_false_alarm, "cost_false_alarm"),
        (loss_per_missed_fraud, "loss_per_missed_fraud"),
    ):
        value = check_non_negative(value, name)
        if not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value}")
        values.append(value)
    if not values[0] > 0:
        raise ValueError("daily_volume must be > 0")
    return tuple(values)


def business_impact(
    cm=None,
    *,
    y_true=None,
    y_pred=None,
    daily_volume: float,
    review_minutes: float = 5.0,
    cost_false_alarm: float = 15.0,
    loss_per_missed_fraud: float = 400.0,
    threshold: float | None = None,
) -> BusinessImpact:
    """Translate a confusion matrix into a day of operations.

    The evaluation sample is scaled to ``daily_volume`` transactions a day:
    every alert costs ``review_minutes`` of an analyst's time; a false alarm
    also costs ``cost_false_alarm`` (analyst time, a blocked customer, a
    support call); every fraud caught avoids ``loss_per_missed_fraud``.

    Parameters
    ----------
    cm : ConfusionMatrix, optional
        From :func:`confusion`; or pass ``y_true`` and ``y_pred`` instead (not both).
    y_true, y_pred : array-like of 0/1, optional
        Outcomes and decisions, made into a confusion matrix when ``cm`` is not given.
    daily_volume : float
        Transactions a day in production.
    review_minutes : float
        Analyst minutes per alert.
    cost_false_alarm : float
        Cost in dollars of one false alarm.
    loss_per_missed_fraud : float
        Average dollars lost to one fraud that gets through.
    threshold : float, optional
        The threshold the decisions came from, recorded in the result.

    Returns
    -------
    BusinessImpact
        ``net_value_per_day = losses avoided - false alarms x cost``.

    Examples
    --------
    >>> cm = ConfusionMatrix(tn=9_850, fp=50, fn=40, tp=60)
    >>> b = business_impact(cm, daily_volume=20_000, review_minutes=6, cost_false_alarm=10,
    ...                     loss_per_missed_fraud=300)
    >>> b.false_alarms_per_day, b.review_hours_per_week, b.net_value_per_day
    (100.0, 154.0, 35000.0)
    """
    if cm is None:
        if y_true is None or y_pred is None:
            raise ValueError("pass a confusion matrix `cm`, or both `y_true` and `y_pred`")
        cm = confusion(y_true, y_pred)
    elif y_true is not None or y_pred is not None:
        raise ValueError("pass either `cm` or `y_true`/`y_pred`, not both")
    if not isinstance(cm, ConfusionMatrix):
        raise TypeError(f"cm must be a ConfusionMatrix (from metrics.confusion), got {type(cm).__name__}")
    if cm.n <= 0:
        raise ValueError("cm holds no rows")
    costs = _check_costs(daily_volume, review_minutes, cost_false_alarm, loss_per_missed_fraud)
    vals = _impact_from_counts(cm.tn, cm.fp, cm.fn, cm.tp, costs, threshold=threshold)
    return BusinessImpact(**{k: (float(v) if v is not None else None) for k, v in vals.items()})


def business_sweep(
    y_true,
    y_score,
    *,
    daily_volume: float,
    review_minutes: float = 5.0,
    cost_false_alarm: float = 15.0,
    loss_per_missed_fraud: float = 400.0,
    thresholds=None,
    sample_weight=None,
) -> pd.DataFrame:
    """:func:`threshold_sweep` with the business columns of :func:`business_impact` added.

    ``sample_weight`` weights each row as in :func:`threshold_sweep`.

    Parameters
    ----------
    y_true : array-like of 0/1
        The outcomes.
    y_score : array-like of float
        The model's scores.
    daily_volume : float
        Transactions a day in production (> 0).
    review_minutes : float, default 5.0
        Analyst minutes per alert.
    cost_false_alarm : float, default 15.0
        Dollars one false alarm costs.
    loss_per_missed_fraud : float, default 400.0
        Dollars lost to one fraud that gets through.
    thresholds : array-like of float, optional
        The thresholds to try; default as :func:`threshold_sweep`.
    sample_weight : array-like of float, optional
        One weight per row.

    Returns
    -------
    pandas.DataFrame
        One row per threshold: the counts and rates of :func:`threshold_sweep`, then the per-day and
        per-week columns of :class:`BusinessImpact`.

    Examples
    --------
    >>> s = business_sweep([0, 0, 0, 1, 1], [0.1, 0.2, 0.7, 0.8, 0.9], daily_volume=1_000,
    ...                    cost_false_alarm=10, loss_per_missed_fraud=100, thresholds=[0.5, 0.75, 0.85])
    >>> s[["threshold", "alerts_per_day", "net_value_per_day"]]
       threshold  alerts_per_day  net_value_per_day
    0       0.50           600.0            38000.0
    1       0.75           400.0            40000.0
    2       0.85           200.0            20000.0
    """
    costs = _check_costs(daily_volume, review_minutes, cost_false_alarm, loss_per_missed_fraud)
    sweep = threshold_sweep(y_true, y_score, thresholds=thresholds, sample_weight=sample_weight)
    vals = _impact_from_counts(*(sweep[k].to_numpy(float) for k in ("tn", "fp", "fn", "tp")), costs)
    vals.pop("threshold")
    for k, v in vals.items():
        sweep[k] = v
    return sweep


def cost_optimal_threshold(
    y_true,
    y_score,
    *,
    daily_volume: float,
    review_minutes: float = 5.0,
    cost_false_alarm: float = 15.0,
    loss_per_missed_fraud: float = 400.0,
    thresholds=None,
    max_review_hours_per_week: float | None = None,
    sample_weight=None,
) -> BusinessImpact:
    """The threshold with the highest net value per day, as a :class:`BusinessImpact`.

    Ties go to the higher threshold (fewer alerts for the same value). With
    ``max_review_hours_per_week`` (the review team's capacity), only
    thresholds whose alerts the team can actually review are considered.
    ``sample_weight`` weights each row as in :func:`threshold_sweep`.

    Parameters
    ----------
    y_true, y_score, daily_volume, review_minutes, cost_false_alarm, loss_per_missed_fraud, thresholds, sample_weight
        As in :func:`business_sweep`.
    max_review_hours_per_week : float, optional
        The review team's capacity; a threshold needing more hours is not considered, and if none fits,
        ``ValueError`` says the smallest need.

    Returns
    -------
    BusinessImpact
        The chosen threshold's day of operations.

    Examples
    --------
    >>> best = cost_optimal_threshold([0, 0, 0, 1, 1], [0.1, 0.2, 0.7, 0.8, 0.9], daily_volume=1_000,
    ...                               cost_false_alarm=10, loss_per_missed_fraud=100)
    >>> round(best.threshold, 2)
    0.8
    >>> capped = cost_optimal_threshold([0, 0, 0, 1, 1], [0.1, 0.2, 0.7, 0.8, 0.9], daily_volume=1_000,
    ...                                 cost_false_alarm=10, loss_per_missed_fraud=100, max_review_hours_per_week=200)
    >>> capped
    BusinessImpact at threshold 0.90: 0 false alarms a day, 117 review hours a week, $20,000 of fraud stopped a day, net $20,000 a day
    """
    sweep = business_sweep(
        y_true,
        y_score,
        daily_volume=daily_volume,
        review_minutes=review_minutes,
        cost_false_alarm=cost_false_alarm,
        loss_per_missed_fraud=loss_per_missed_fraud,
        thresholds=thresholds,
        sample_weight=sample_weight,
    )
    values = sweep["net_value_per_day"].to_numpy()
    if max_review_hours_per_week is not None:
        cap = check_non_negative(max_review_hours_per_week, "max_review_hours_per_week")
        feasible = sweep["review_hours_per_week"].to_numpy() <= cap
        if not feasible.any():
            raise ValueError(
                f"no threshold keeps review within {cap:g} hours a week; the smallest need is "
                f"{sweep['review_hours_per_week'].min():,.1f} hours"
            )
        values = np.where(feasible, values, -np.inf)
    best = int(np.flatnonzero(values == values.max())[-1])
    row = sweep.iloc[best]
    fields = [f for f in BusinessImpact.__dataclass_fields__ if f != "threshold"]
    return BusinessImpact(threshold=float(row["threshold"]), **{f: float(row[f]) for f in fields})
