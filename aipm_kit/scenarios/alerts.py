"""Fraud alerts: the analyst's hand rule (:func:`hand_rule`), what a set of alerts achieved against the truth
in counts and dollars (:func:`alert_outcome`), and the hand rule's thresholds tuned within an alert budget
(:func:`tune_hand_rule`), the fair baseline for a model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._checks import check_columns
from ._common import _number
from .payments import make_payments  # noqa: F401  (the examples use it)


def _numbers(values, name: str) -> list[float]:
    """A non-empty list of finite numbers (a grid of thresholds)."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a list of numbers, got {type(values).__name__} {values!r}")
    values = list(values)
    if not values:
        raise ValueError(f"{name} is empty: give at least one value")
    return [_number(v, f"{name}[{i}]") for i, v in enumerate(values)]


def hand_rule(frame: pd.DataFrame, *, min_amount: float = 5_000, max_account_age_days: int = 30) -> pd.Series:
    """The baseline rule: flag amounts over ``min_amount`` from accounts younger than ``max_account_age_days``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Payments with the columns ``amount`` and ``account_age_days``.
    min_amount : float, default 5_000
        Flag amounts strictly above this (dollars; a finite number).
    max_account_age_days : int, default 30
        Flag accounts strictly younger than this many days (>= 0).

    Returns
    -------
    pandas.Series
        One bool per row (same index), named ``rule_flag``.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"amount": [6_000, 6_000, 200], "account_age_days": [10, 90, 5], "is_fraud": [1, 0, 1]})
    >>> hand_rule(frame).tolist()
    [True, False, False]
    >>> hand_rule(frame, min_amount=100, max_account_age_days=60).tolist()
    [True, False, True]
    """
    check_columns(frame, ["amount", "account_age_days"], name="frame")
    min_amount = _number(min_amount, "min_amount")
    max_account_age_days = _number(max_account_age_days, "max_account_age_days", low=0)
    return ((frame["amount"] > min_amount) & (frame["account_age_days"] < max_account_age_days)).rename("rule_flag")


@dataclass(frozen=True)
class AlertOutcome:
    """What a set of fraud alerts achieved against the truth: counts, rates and dollars.

    Built by :func:`alert_outcome`. ``missed``, ``false_alarms`` and ``amount_recall`` (the share of fraud
    dollars caught) are derived; ``to_frame()`` gives every number as one row indexed by ``name``.

    Parameters
    ----------
    name : str
        What the alerts are called (the row's label).
    transactions : int
        Rows scored.
    alerts : int
        Rows flagged.
    frauds : int
        Fraud rows.
    caught : int
        Fraud rows flagged.
    precision : float
        Share of alerts that are fraud (0 with no alerts).
    recall : float
        Share of fraud flagged (0 with no fraud).
    alert_rate : float
        Share of rows flagged.
    caught_amount : float
        Dollars of the fraud flagged.
    missed_amount : float
        Dollars of the fraud not flagged.

    Examples
    --------
    >>> out = AlertOutcome("rule", 100, 4, 3, 2, 0.5, 2 / 3, 0.04, 900.0, 100.0)
    >>> out
    AlertOutcome(rule: 4 alerts, caught 2 of 3 frauds; precision 50.0%, recall 66.7%, $900 caught, $100 missed)
    >>> out.missed, out.false_alarms, out.amount_recall
    (1, 2, 0.9)
    """

    name: str
    transactions: int
    alerts: int
    frauds: int
    caught: int
    precision: float
    recall: float
    alert_rate: float
    caught_amount: float
    missed_amount: float

    @property
    def missed(self) -> int:
        return self.frauds - self.caught

    @property
    def false_alarms(self) -> int:
        return self.alerts - self.caught

    @property
    def amount_recall(self) -> float:
        """Share of the fraud dollars the alerts caught."""
        total = self.caught_amount + self.missed_amount
        return self.caught_amount / total if total else 0.0

    def to_frame(self) -> pd.DataFrame:
        row = {
            k: getattr(self, k)
            for k in (
                "transactions",
                "alerts",
                "frauds",
                "caught",
                "missed",
                "false_alarms",
                "precision",
                "recall",
                "alert_rate",
                "caught_amount",
                "missed_amount",
                "amount_recall",
            )
        }
        return pd.DataFrame([row], index=pd.Index([self.name], name="option"))

    def __repr__(self) -> str:
        return (
            f"AlertOutcome({self.name}: {self.alerts:,} alerts, caught {self.caught:,} of "
            f"{self.frauds:,} frauds; precision {self.precision:.1%}, recall {self.recall:.1%}, "
            f"${self.caught_amount:,.0f} caught, ${self.missed_amount:,.0f} missed)"
        )


def alert_outcome(frame: pd.DataFrame, flags, *, name: str = "alerts", target: str = "is_fraud") -> AlertOutcome:
    """Score a set of alerts (one bool per row of ``frame``) against ``frame[target]``.

    Precision is the share of alerts that are fraud (0 when there are no
    alerts); recall is the share of fraud that raised an alert; dollars use
    the ``amount`` column.

    Parameters
    ----------
    frame : pandas.DataFrame
        Payments with the columns ``target`` and ``amount``.
    flags : array-like of bool or {0, 1}
        One alert flag per row of ``frame``.
    name : str, default "alerts"
        What the alerts are called in the result.
    target : str, default "is_fraud"
        The column holding the truth (1 or True for fraud).

    Returns
    -------
    AlertOutcome
        The counts, precision, recall, alert rate and the fraud dollars caught and missed.

    Raises
    ------
    ValueError
        A missing column, flags other than 0/1, or a number of flags that is not the number of rows.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"amount": [6_000, 6_000, 200], "account_age_days": [10, 90, 5], "is_fraud": [1, 0, 1]})
    >>> alert_outcome(frame, hand_rule(frame), name="hand rule")
    AlertOutcome(hand rule: 1 alerts, caught 1 of 2 frauds; precision 100.0%, recall 50.0%, $6,000 caught, $200 missed)
    >>> df = make_payments(2_000, seed=1)
    >>> out = alert_outcome(df, hand_rule(df), name="hand rule")
    >>> 0 <= out.recall <= 1
    True
    """
    from .._checks import as_binary

    check_columns(frame, [target, "amount"], name="frame")
    flags = as_binary(np.asarray(flags), "flags").astype(bool)
    if len(flags) != len(frame):
        raise ValueError(f"flags has {len(flags)} values but frame has {len(frame)} rows")
    truth = frame[target].to_numpy().astype(bool)
    amount = frame["amount"].to_numpy(dtype=float)
    alerts, frauds = int(flags.sum()), int(truth.sum())
    caught = int((flags & truth).sum())
    return AlertOutcome(
        name=name,
        transactions=len(frame),
        alerts=alerts,
        frauds=frauds,
        caught=caught,
        precision=caught / alerts if alerts else 0.0,
        recall=caught / frauds if frauds else 0.0,
        alert_rate=alerts / len(frame) if len(frame) else 0.0,
        caught_amount=float(amount[flags & truth].sum()),
        missed_amount=float(amount[~flags & truth].sum()),
    )


@dataclass(frozen=True)
class RuleChoice:
    """The best "amount over X from accounts younger than Y days" rule within an alert budget.

    Built by :func:`tune_hand_rule`; ``to_frame()`` returns the whole grid it searched.

    Parameters
    ----------
    min_amount : float
        The chosen amount threshold (dollars; flag above it).
    max_account_age_days : int
        The chosen account age threshold (days; flag below it).
    alert_rate : float
        The chosen rule's share of rows flagged, on the data it was tuned on.
    recall : float
        The chosen rule's share of fraud flagged, on the same data.
    grid : pandas.DataFrame
        Every pair tried: ``min_amount``, ``max_account_age_days``, ``alert_rate`` and ``recall``
        (not compared between choices).

    Examples
    --------
    >>> choice = tune_hand_rule(make_payments(2_000, seed=1), max_alert_rate=0.02)
    >>> choice
    RuleChoice(amount > $1,500 and account younger than 30 days: alert rate 1.30%, recall 35.1% on the data it was tuned on)
    >>> choice.to_frame().shape
    (56, 4)
    """

    min_amount: float
    max_account_age_days: int
    alert_rate: float
    recall: float
    grid: pd.DataFrame = field(repr=False, compare=False)

    def to_frame(self) -> pd.DataFrame:
        return self.grid

    def __repr__(self) -> str:
        return (
            f"RuleChoice(amount > ${self.min_amount:,.0f} and account younger than "
            f"{self.max_account_age_days} days: alert rate {self.alert_rate:.2%}, "
            f"recall {self.recall:.1%} on the data it was tuned on)"
        )


def tune_hand_rule(
    train: pd.DataFrame,
    *,
    max_alert_rate: float,
    target: str = "is_fraud",
    amounts=(100, 250, 500, 750, 1_000, 1_500, 2_500, 5_000),
    ages=(7, 14, 30, 60, 90, 180, 365),
) -> RuleChoice:
    """Tune the hand rule's two thresholds on ``train``: the highest recall within the alert budget.

    This is the fair baseline for a model: the same family of rule a fraud
    analyst would write, its thresholds chosen on the same training data the
    model sees and held to the same alert volume (``max_alert_rate``, the share
    of transactions the review team can check). Ties go to the rule with fewer
    alerts.

    Parameters
    ----------
    train : pandas.DataFrame
        Payments with the columns ``target``, ``amount`` and ``account_age_days``; some must be fraud.
    max_alert_rate : float
        The alert budget: the largest share of rows the rule may flag, strictly between 0 and 1.
    target : str, default "is_fraud"
        The column holding the truth.
    amounts : sequence of float, default (100, 250, 500, 750, 1_000, 1_500, 2_500, 5_000)
        Amount thresholds to try (dollars; at least one).
    ages : sequence of float, default (7, 14, 30, 60, 90, 180, 365)
        Account age thresholds to try (days; at least one).

    Returns
    -------
    RuleChoice
        The pair with the highest recall among those within the budget, and the whole grid.

    Raises
    ------
    ValueError
        A missing column, a budget outside (0, 1), an empty grid, no fraud in ``train``, or no pair within
        the budget.

    Examples
    --------
    >>> df = make_payments(5_000, seed=1)
    >>> choice = tune_hand_rule(df, max_alert_rate=0.02)
    >>> choice.alert_rate <= 0.02
    True
    """
    check_columns(train, [target, "amount", "account_age_days"], name="train")
    max_alert_rate = _number(max_alert_rate, "max_alert_rate", low=0, high=1, low_open=True, high_open=True)
    amounts = _numbers(amounts, "amounts")
    ages = _numbers(ages, "ages")
    truth = train[target].to_numpy().astype(bool)
    if not truth.any():
        raise ValueError(f"train[{target!r}] holds no fraud: a rule cannot be tuned without positives")
    amount = train["amount"].to_numpy(dtype=float)
    age = train["account_age_days"].to_numpy()
    rows = []
    for a in amounts:
        for g in ages:
            flags = (amount > a) & (age < g)
            rows.append(
                {
                    "min_amount": float(a),
                    "max_account_age_days": int(g),
                    "alert_rate": float(flags.mean()),
                    "recall": float((flags & truth).sum() / truth.sum()),
                }
            )
    grid = pd.DataFrame(rows)
    ok = grid[grid["alert_rate"] <= max_alert_rate]
    if ok.empty:
        raise ValueError(
            f"no rule in the grid stays within max_alert_rate={max_alert_rate}; "
            "raise the budget or add larger amounts / younger ages to the grid"
        )
    best = ok.sort_values(["recall", "alert_rate"], ascending=[False, True], kind="mergesort").iloc[0]
    return RuleChoice(
        min_amount=float(best["min_amount"]),
        max_account_age_days=int(best["max_account_age_days"]),
        alert_rate=float(best["alert_rate"]),
        recall=float(best["recall"]),
        grid=grid,
    )
