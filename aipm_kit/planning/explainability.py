"""What readability costs: a rule set a reviewer can read, against the model at the same alert volume.

:func:`fit_rule_set` fits a shallow decision tree and reads it as if-then rules (:class:`RuleSet`);
:func:`cost_of_explainability` counts the fraud (and its value) the model would catch that the rules miss
when both raise the same number of alerts (:class:`ExplainabilityCost`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._checks import as_1d, as_binary, check_positive_int, check_probability
from ..formatting import format_money as _money

# --------------------------------------------------------------------------- pushing back


@dataclass(frozen=True)
class RuleSet:
    """A shallow decision tree read as if-then rules, with leaves ranked by fraud rate.

    Built by :func:`fit_rule_set`. ``leaf_rates(frame)`` gives each row its leaf's training fraud rate
    and ``flags(frame, max_alert_rate=...)`` flags the riskiest leaves that fit under an alert rate.

    Parameters
    ----------
    tree : sklearn.tree.DecisionTreeClassifier
        The fitted tree, on the one-hot encoded ``features``.
    features : tuple of str
        The columns the rules read.
    rules_text : str
        One line per leaf, riskiest first: ``IF <conditions> THEN fraud rate <rate> (<rows> rows)``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> train = pd.DataFrame({"amount": rng.uniform(0, 1000, 400),
    ...                       "channel": pd.Categorical(rng.choice(["app", "web"], 400))})
    >>> train["is_fraud"] = (train["amount"] > 800).astype(int)
    >>> rules = fit_rule_set(train, features=["amount", "channel"], max_depth=1)
    >>> rules
    RuleSet(features ['amount', 'channel']):
    IF amount > 800.1 THEN fraud rate 100.0% (99 rows)
    IF amount <= 800.1 THEN fraud rate 0.0% (301 rows)
    >>> float(rules.flags(train, max_alert_rate=0.25).mean())
    0.2475
    """

    tree: object = field(repr=False)
    features: tuple
    rules_text: str

    def leaf_rates(self, frame: pd.DataFrame) -> np.ndarray:
        """Each row's leaf fraud rate (the rule set's "score")."""
        return self.tree.predict_proba(_rule_matrix(frame, self.features))[:, 1]

    def flags(self, frame: pd.DataFrame, *, max_alert_rate: float) -> np.ndarray:
        """Flag the riskiest leaves, as many as fit under ``max_alert_rate`` (at least one leaf)."""
        max_alert_rate = check_probability(max_alert_rate, "max_alert_rate")
        rates = self.leaf_rates(frame)
        values = np.unique(rates)[::-1]
        chosen = values[:1]
        for k in range(2, len(values) + 1):
            if (rates >= values[k - 1]).mean() <= max_alert_rate:
                chosen = values[:k]
            else:
                break
        return rates >= chosen.min()

    def __repr__(self) -> str:
        return f"RuleSet(features {list(self.features)}):\n{self.rules_text}"


def _rule_matrix(frame: pd.DataFrame, features) -> pd.DataFrame:
    X = pd.DataFrame(index=frame.index)
    for f in features:
        col = frame[f]
        if isinstance(col.dtype, pd.CategoricalDtype) or col.dtype == object:
            for level in col.cat.categories if isinstance(col.dtype, pd.CategoricalDtype) else sorted(col.unique()):
                X[f"{f}={level}"] = (col == level).astype(np.int8)
        else:
            X[f] = col.astype(float)
    return X


def _describe_rules(tree, names, X, y) -> str:
    """One line per leaf: the conditions on the path, then the leaf's fraud rate in training."""
    t = tree.tree_
    leaves = tree.apply(X)
    lines = []

    def walk(node, conds):
        if t.children_left[node] == -1:
            mask = leaves == node
            rate = y[mask].mean() if mask.any() else 0.0
            lines.append(
                (rate, f"IF {' AND '.join(conds) or 'always'} THEN fraud rate {rate:.1%} ({int(mask.sum()):,} rows)")
            )
            return
        name, thr = names[t.feature[node]], t.threshold[node]
        if "=" in name:  # a one-hot column: <= 0.5 means "is not"
            left, right = f"{name.replace('=', ' is not ')}", f"{name.replace('=', ' is ')}"
        else:
            left, right = f"{name} <= {thr:,.4g}", f"{name} > {thr:,.4g}"
        walk(t.children_left[node], conds + [left])
        walk(t.children_right[node], conds + [right])

    walk(0, [])
    return "\n".join(text for _, text in sorted(lines, key=lambda r: -r[0]))


def fit_rule_set(
    train: pd.DataFrame,
    *,
    features: Sequence[str] = ("amount", "account_age_days", "hour", "merchant_category", "channel"),
    target: str = "is_fraud",
    max_depth: int = 2,
    seed: int = 0,
) -> RuleSet:
    """A depth-``max_depth`` decision tree: rules a reviewer can read in one breath.

    A categorical (or object) column becomes one 0/1 column per level; a numeric one is used as is.
    Leaves hold at least 50 rows and the classes are weighted as balanced.

    Parameters
    ----------
    train : pandas.DataFrame
        The rows to fit on, with every column of ``features`` and ``target``.
    features : sequence of str, default ("amount", "account_age_days", "hour", "merchant_category", "channel")
        The columns the rules may read (the payments scenario's features by default).
    target : str, default "is_fraud"
        The 0/1 column to predict; it must hold both classes.
    max_depth : int, default 2
        Depth of the tree (a positive whole number): at most ``2 ** max_depth`` rules.
    seed : int, default 0
        The tree's ``random_state``.

    Returns
    -------
    RuleSet
        The fitted tree, the features and the rules as text, riskiest leaf first.

    Raises
    ------
    ValueError
        A missing column, a depth below 1, or a target with a single class.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> rng = np.random.default_rng(0)
    >>> train = pd.DataFrame({"amount": rng.uniform(0, 1000, 400),
    ...                       "channel": pd.Categorical(rng.choice(["app", "web"], 400))})
    >>> train["is_fraud"] = (train["amount"] > 800).astype(int)
    >>> print(fit_rule_set(train, features=["amount", "channel"], max_depth=1).rules_text)
    IF amount > 800.1 THEN fraud rate 100.0% (99 rows)
    IF amount <= 800.1 THEN fraud rate 0.0% (301 rows)
    """
    from sklearn.tree import DecisionTreeClassifier

    from .._checks import check_columns

    features = tuple(features)
    check_columns(train, list(features) + [target], name="train")
    max_depth = check_positive_int(max_depth, "max_depth")
    X = _rule_matrix(train, features)
    y = train[target].astype(int).to_numpy()
    if len(np.unique(y)) < 2:
        raise ValueError(f"train[{target!r}] has a single class")
    tree = DecisionTreeClassifier(
        max_depth=max_depth, min_samples_leaf=50, random_state=seed, class_weight="balanced"
    ).fit(X, y)
    text = _describe_rules(tree, list(X.columns), X, y)
    return RuleSet(tree=tree, features=features, rules_text=text)


@dataclass(frozen=True)
class ExplainabilityCost:
    """Rules against the model at the same alert volume: what readability costs.

    Built by :func:`cost_of_explainability`. ``rule_recall`` and ``model_recall`` are the shares of all
    fraud each catches, ``extra_fraud_missed`` the frauds the rules miss that the model catches, and
    ``cost_per_period`` the value the model would catch beyond the rules, per period.

    Parameters
    ----------
    alerts : int
        Alerts each side raises (the number of rows the rules flag).
    fraud_total : int
        Fraud rows in all.
    rule_caught : int
        Fraud rows the rules flag.
    model_caught : int
        Fraud rows among the model's ``alerts`` highest scores.
    rule_caught_value : float
        Value of the fraud the rules catch (e.g. dollars).
    model_caught_value : float
        Value of the fraud the model catches.
    periods : float
        How many periods the rows cover (> 0), to turn totals into a rate.

    Examples
    --------
    >>> c = ExplainabilityCost(alerts=2, fraud_total=2, rule_caught=1, model_caught=2,
    ...                        rule_caught_value=100.0, model_caught_value=150.0, periods=1.0)
    >>> c
    ExplainabilityCost(at 2 alerts: rules recall 50.0%, model 100.0%; the rules cost $50 per period)
    >>> c.to_frame()
                            rules  model
    alerts                    2.0    2.0
    fraud caught              1.0    2.0
    recall                    0.5    1.0
    fraud value caught ($)  100.0  150.0
    """

    alerts: int
    fraud_total: int
    rule_caught: int
    model_caught: int
    rule_caught_value: float
    model_caught_value: float
    periods: float

    @property
    def rule_recall(self) -> float:
        return self.rule_caught / self.fraud_total if self.fraud_total else 0.0

    @property
    def model_recall(self) -> float:
        return self.model_caught / self.fraud_total if self.fraud_total else 0.0

    @property
    def extra_fraud_missed(self) -> int:
        return self.model_caught - self.rule_caught

    @property
    def cost_per_period(self) -> float:
        """Fraud value the model would have caught that the rules miss, per period."""
        return (self.model_caught_value - self.rule_caught_value) / self.periods

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "rules": [self.alerts, self.rule_caught, self.rule_recall, self.rule_caught_value],
                "model": [self.alerts, self.model_caught, self.model_recall, self.model_caught_value],
            },
            index=["alerts", "fraud caught", "recall", "fraud value caught ($)"],
        )

    def __repr__(self) -> str:
        return (
            f"ExplainabilityCost(at {self.alerts:,} alerts: rules recall {self.rule_recall:.1%}, model "
            f"{self.model_recall:.1%}; the rules cost {_money(self.cost_per_period)} per period)"
        )


def cost_of_explainability(y_true, rule_flags, model_score, *, value=None, periods: float = 1.0) -> ExplainabilityCost:
    """Compare a rule set with the model at the rule set's own alert volume.

    The model flags its ``k`` highest-scoring rows, where ``k`` is the number
    of rows the rules flag; ``value`` (for example the transaction amount)
    weighs each caught fraud; ``periods`` turns totals into a rate (say the
    number of months in the test window).

    Parameters
    ----------
    y_true : array-like of {0, 1}
        1 for a fraud row.
    rule_flags : array-like of {0, 1}
        1 where the rule set raises an alert.
    model_score : array-like of float
        The model's score of each row, higher meaning riskier (ties keep row order).
    value : array-like of float, optional
        What each caught fraud is worth (>= 0); by default each counts 1.
    periods : float, default 1.0
        How many periods the rows cover (a finite number > 0).

    Returns
    -------
    ExplainabilityCost
        Alerts, fraud caught and its value for the rules and for the model at the same number of alerts.

    Raises
    ------
    ValueError
        Inputs of different lengths, a negative value, labels other than 0/1, or ``periods`` <= 0.

    Examples
    --------
    >>> c = cost_of_explainability([1, 1, 0, 0], [1, 0, 1, 0], [0.9, 0.8, 0.1, 0.2], value=[100, 50, 5, 5])
    >>> c.rule_caught, c.model_caught, c.cost_per_period
    (1, 2, 50.0)
    """
    y = as_binary(y_true, "y_true")
    flags = as_binary(rule_flags, "rule_flags").astype(bool)
    score = as_1d(model_score, "model_score").astype(float)
    v = np.ones(len(y)) if value is None else as_1d(value, "value").astype(float)
    if len({len(y), len(flags), len(score), len(v)}) != 1:
        raise ValueError("y_true, rule_flags, model_score and value must have the same length")
    if np.any(v < 0):
        raise ValueError("value must be >= 0")
    try:
        periods = float(periods)
    except (TypeError, ValueError):
        raise TypeError(f"periods must be a number, got {periods!r}") from None
    if not (periods > 0 and math.isfinite(periods)):
        raise ValueError(f"periods must be a finite number > 0, got {periods}")
    k = int(flags.sum())
    top = np.zeros(len(y), dtype=bool)
    if k:
        top[np.argsort(-score, kind="mergesort")[:k]] = True
    hit_rule = flags & (y == 1)
    hit_model = top & (y == 1)
    return ExplainabilityCost(
        alerts=k,
        fraud_total=int(y.sum()),
        rule_caught=int(hit_rule.sum()),
        model_caught=int(hit_model.sum()),
        rule_caught_value=float(v[hit_rule].sum()),
        model_caught_value=float(v[hit_model].sum()),
        periods=periods,
    )
