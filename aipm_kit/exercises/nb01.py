"""Exercises for notebook 01 (should we use AI at all?).

``bind(payments=..., train=..., test=...)`` returns ``q1, q2, q3``;
``bind_costs(costs=...)`` returns ``q4`` once the cost table exists. Every
expected answer is computed from the frames passed in, at check time.
"""

from __future__ import annotations

import pandas as pd

from . import choice, numeric

TARGETS = {
    "a": "Reduce churn by 10% this year.",
    "b": "Predict which customers are unhappy.",
    "c": "Each Monday, score every active subscriber for cancelling within the next 30 days; "
         "offer a retention discount to the 500 highest-risk ones.",
    "d": "Build a churn model with at least 90% accuracy.",
}


def _retrain_day(payments: pd.DataFrame) -> pd.Timestamp:
    truth = payments.attrs.get("scenario")
    start = truth.start if truth is not None else payments["timestamp"].min().normalize()
    return start + pd.DateOffset(months=2)


def bind(*, payments: pd.DataFrame, train: pd.DataFrame, test: pd.DataFrame):
    """Exercises 1-3 of notebook 01, bound to the notebook's own frames."""
    from .. import scenarios

    q1 = choice(
        "Q1 · Sharpen the goal",
        "Which one is a prediction target a team can build and evaluate?",
        TARGETS,
        correct="c",
        hints=[
            "A prediction target names the unit scored, the event, the horizon and the action.",
            "Only one option says *when* the event must happen and *what* the business does with the score.",
        ],
        solution="`c`: it names the unit (active subscribers, weekly), the event (cancelling), the horizon "
                 "(30 days) and the action (a retention offer to the top 500, a volume the team can afford). "
                 "`a` is a business goal, `b` has no observable label, `d` is a model metric with no target.",
        feedback={
            "a": "That is the business goal the model should serve, not something a model can predict: "
                 "who, what event, by when, and what action follows?",
            "b": "'Unhappy' is never observed, so there is no label to learn from or to check against. "
                 "Pick an event you can see happen, within a horizon.",
            "d": "That is a model metric, not a target: accuracy of predicting *what*, over which horizon, to "
                 "trigger which action? (With 14% churners, 86% accuracy needs no model at all.)",
            "c": "Right: unit, event, horizon and action are all there, and the action's volume is one the "
                 "business can afford.",
        },
    )

    def month2_known_share() -> float:
        month2 = train[train["month"] == 2]
        known = scenarios.labels_as_of(month2, _retrain_day(payments))
        return float(known[month2["is_fraud"].to_numpy()].mean())

    def month2_known_over_all() -> float:
        month2 = train[train["month"] == 2]
        return float(scenarios.labels_as_of(month2, _retrain_day(payments)).mean())

    def month2_true_rate() -> float:
        return float(train.loc[train["month"] == 2, "is_fraud"].mean())

    def both_months_share() -> float:
        known = scenarios.labels_as_of(train, _retrain_day(payments))
        return float(known[train["is_fraud"].to_numpy()].mean())

    q2 = numeric(
        "Q2 · What the business knows on retraining day",
        "On retraining day, what share of month-2 fraud does the business know about (a number from 0 to 1)?",
        month2_known_share,
        atol=0.005,
        hints=[
            "Keep only month-2 rows of `train`, then ask `scenarios.labels_as_of(month2, retrain_day)` which "
            "labels have arrived.",
            "The denominator is the true fraud in month 2 (`month2['is_fraud']`), not all transactions: take the "
            "mean of the known labels over the fraud rows only.",
        ],
        solution="`month2 = train[train['month'] == 2]` then "
                 "`scenarios.labels_as_of(month2, retrain_day)[month2['is_fraud']].mean()`: most month-2 fraud "
                 "has not been charged back yet, so a model trained that day learns that it was legitimate.",
        wrong_answers=[
            (lambda: 1 - month2_known_share(), "That is the share still *unknown* on retraining day: flip it."),
            (month2_known_over_all, "That divides by all month-2 transactions. Divide by the month's true fraud "
                                    "instead: the question is how much of the fraud is known."),
            (month2_true_rate, "That is the true fraud rate of month 2, not the share of its fraud already "
                               "labelled."),
            (both_months_share, "That pools months 1 and 2. Month 1 has had longer for chargebacks to arrive; "
                                "keep month 2 only."),
        ],
        fmt="{:.3f}",
    )

    def hand_outcome():
        return scenarios.alert_outcome(test, scenarios.hand_rule(test))

    q3 = numeric(
        "Q3 · The hand rule's recall",
        "What is the hand rule's recall on the test month (a number from 0 to 1)?",
        lambda: hand_outcome().recall,
        atol=0.0005,
        hints=[
            "Recall answers 'of all the fraud, how much did we flag?'.",
            "Count the frauds the rule flags (`flags & test['is_fraud']`) and divide by all frauds in `test`.",
        ],
        solution="`flags = scenarios.hand_rule(test)`, then `(flags & test['is_fraud']).sum() / "
                 "test['is_fraud'].sum()`. The rule is precise (most of its alerts are fraud) but its recall "
                 "is low: most fraud never crosses $5,000 from a brand-new account.",
        wrong_answers=[
            (lambda: hand_outcome().precision, "That is the rule's precision (the share of its alerts that are "
                                               "fraud). Recall divides by all fraud instead."),
            (lambda: hand_outcome().alert_rate, "That is the share of transactions flagged (the alert rate)."),
            (lambda: float(hand_outcome().caught), "That is the number of frauds caught; divide it by the number "
                                                   "of frauds in the month."),
            (lambda: hand_outcome().amount_recall, "That is the share of fraud *dollars* caught. Recall counts "
                                                   "fraud cases."),
        ],
        fmt="{:.3f}",
    )
    return q1, q2, q3


def bind_costs(*, costs: pd.DataFrame):
    """Exercise 4 of notebook 01, bound to the notebook's cost table."""
    from .._checks import check_columns

    check_columns(costs, ["value per month", "first-year cost", "first-year net value"], name="costs")
    for option in ("tuned rule", "model"):
        if option not in costs.index:
            raise ValueError(f"costs must have a row {option!r}; it has {list(costs.index)}")

    def ratio(column: str) -> float:
        return float(costs.loc["tuned rule", column] / costs.loc["model", column])

    return numeric(
        "Q4 · The rule's share of the net value",
        "What share of the model's first-year net value does the tuned rule achieve?",
        lambda: ratio("first-year net value"),
        atol=0.0005,
        hints=[
            "Use the `first-year net value` column of `costs`: value over twelve months minus the first-year cost.",
            "Divide the rule's row by the model's row: `costs.loc['tuned rule', ...] / costs.loc['model', ...]`.",
        ],
        solution="`costs.loc['tuned rule', 'first-year net value'] / costs.loc['model', 'first-year net value']`. "
                 "Above 1 means the cheap rule leaves the business better off in year one.",
        wrong_answers=[
            (lambda: ratio("value per month"), "That compares monthly value before costs (the 80/20 value share). "
                                               "Net value subtracts the build and running costs."),
            (lambda: ratio("first-year cost"), "That is the rule's share of the model's cost."),
            (lambda: 1 / ratio("first-year net value"), "Upside down: divide the rule's net value by the model's."),
        ],
        fmt="{:.3f}",
    )
