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
    """The baseline rule: flag amounts over ``min_amount`` from accounts younger than ``max_account_age_days``."""
    check_columns(frame, ["amount", "account_age_days"], name="frame")
    min_amount = _number(min_amount, "min_amount")
    max_account_age_days = _number(max_account_age_days, "max_account_age_days", low=0)
    return ((frame["amount"] > min_amount) & (frame["account_age_days"] < max_account_age_days)).rename("rule_flag")


@dataclass(frozen=True)
class AlertOutcome:
    """What a set of fraud alerts achieved against the truth: counts, rates and dollars."""

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

    Examples
    --------
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
    """The best "amount over X from accounts younger than Y days" rule within an alert budget."""

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
