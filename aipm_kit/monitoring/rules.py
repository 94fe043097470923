"""Alert and rollback rules as data (:class:`Rule`: ``metric op threshold`` for some consecutive periods), and
their replay on a logged metrics table to see when each would have fired and cleared (:func:`replay_rules`)."""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_positive_int
from ._common import _nonempty

_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
ACTIONS = ("alert", "rollback")


@dataclass(frozen=True)
class Rule:
    """An alert or rollback rule: ``metric op threshold`` for ``for_periods`` consecutive periods.

    Parameters
    ----------
    name : str
        The rule's name.
    metric : str
        The column of the metrics table it watches.
    op : {"<", "<=", ">", ">="}
        The comparison; anything else is refused (``ValueError``).
    threshold : float
        The value compared with; not a number: ``TypeError``; NaN: ``ValueError``.
    for_periods : int, default 1
        Consecutive periods the condition must hold before the rule fires (>= 1).
    action : {"alert", "rollback"}, default "alert"
        What firing does: page a person, or switch to the fallback.

    Examples
    --------
    >>> Rule("slow", "latency_p95", ">", 200)
    Rule('slow': latency_p95 > 200 for 1 period(s) -> alert)
    >>> Rule("slow", "latency_p95", ">", 200).breached(pd.Series([150.0, 250.0, float("nan")])).tolist()
    [False, True, False]
    >>> Rule("slow", "latency_p95", "=>", 200)
    Traceback (most recent call last):
    ...
    ValueError: rule 'slow': op must be one of ['<', '<=', '>', '>='], got '=>'
    """

    name: str
    metric: str
    op: str
    threshold: float
    for_periods: int = 1
    action: str = "alert"

    def __post_init__(self):
        if self.op not in _OPS:
            raise ValueError(f"rule {self.name!r}: op must be one of {list(_OPS)}, got {self.op!r}")
        if self.action not in ACTIONS:
            raise ValueError(f"rule {self.name!r}: action must be one of {ACTIONS}, got {self.action!r}")
        check_positive_int(self.for_periods, "for_periods")
        try:
            value = float(self.threshold)
        except (TypeError, ValueError):
            raise TypeError(f"rule {self.name!r}: threshold must be a number, got {self.threshold!r}") from None
        if math.isnan(value):
            raise ValueError(f"rule {self.name!r}: threshold is NaN")

    def __repr__(self) -> str:
        return (
            f"Rule({self.name!r}: {self.metric} {self.op} {self.threshold:g} for {self.for_periods} "
            f"period(s) -> {self.action})"
        )

    def breached(self, values: pd.Series) -> np.ndarray:
        """Boolean per period: the condition holds (NaN never breaches)."""
        v = values.to_numpy(float)
        with np.errstate(invalid="ignore"):
            return np.where(np.isnan(v), False, _OPS[self.op](v, float(self.threshold)))


def rules_from_records(records: Iterable[Mapping]) -> list[Rule]:
    """Rules from plain dicts or a DataFrame (the form rules take in a config file).

    Parameters
    ----------
    records : iterable of Mapping, or pandas.DataFrame
        One record per rule, with :class:`Rule`'s fields as keys (``for_periods`` and ``action`` optional).

    Returns
    -------
    list of Rule
        The rules, in order; a bad record raises as :class:`Rule` does.

    Examples
    --------
    >>> rules_from_records([{"name": "slow", "metric": "latency_p95", "op": ">", "threshold": 200},
    ...                     {"name": "floor", "metric": "precision", "op": "<", "threshold": 0.9,
    ...                      "for_periods": 2, "action": "rollback"}])
    [Rule('slow': latency_p95 > 200 for 1 period(s) -> alert), Rule('floor': precision < 0.9 for 2 period(s) -> rollback)]
    """
    if isinstance(records, pd.DataFrame):
        records = records.to_dict("records")
    return [Rule(**dict(r)) for r in records]


def rules_table(rules: Sequence[Rule]) -> pd.DataFrame:
    """The rules as a table: what each watches, its threshold and what it does.

    Parameters
    ----------
    rules : sequence of Rule
        The rules.

    Returns
    -------
    pandas.DataFrame
        One row per rule: ``rule``, ``metric``, ``condition``, ``for_periods``, ``action``.

    Examples
    --------
    >>> rules_table([Rule("slow", "latency_p95", ">", 200),
    ...              Rule("floor", "precision", "<", 0.9, for_periods=2, action="rollback")])
        rule       metric condition  for_periods    action
    0   slow  latency_p95     > 200            1     alert
    1  floor    precision     < 0.9            2  rollback
    """
    return pd.DataFrame(
        [
            {
                "rule": r.name,
                "metric": r.metric,
                "condition": f"{r.op} {r.threshold:g}",
                "for_periods": r.for_periods,
                "action": r.action,
            }
            for r in rules
        ]
    )


@dataclass(frozen=True)
class ReplayResult:
    """When each rule fired on a replayed stream (see :func:`replay_rules`).

    Parameters
    ----------
    events : pandas.DataFrame
        One row per firing: ``rule``, ``action``, ``metric``, ``period``, ``fired_at``, ``cleared_at`` and
        the metric's ``value`` in the firing period.
    summary : pandas.DataFrame
        One row per rule: its condition, ``episodes``, ``periods_in_breach``, ``first_fired_at`` and
        ``periods_without_evidence``.
    freq : str or None
        The period's frequency (``"h"``, ``"D"``, ...), None when the index is not regular timestamps.

    Examples
    --------
    >>> idx = pd.date_range("2024-01-01", periods=4, freq="h", tz="UTC")
    >>> m = pd.DataFrame({"precision": [0.95, 0.85, 0.80, 0.97]}, index=idx)
    >>> r = replay_rules(m, [Rule("floor", "precision", "<", 0.9, for_periods=2, action="rollback")])
    >>> r
    ReplayResult:
      floor (rollback): first fired 2024-01-01 03:00:00+00:00; 1 episode(s)
    >>> r.freq, str(r.events.loc[0, "cleared_at"])
    ('h', '2024-01-01 04:00:00+00:00')
    """

    events: pd.DataFrame
    summary: pd.DataFrame
    freq: str | None

    def first_fire(self, rule: str):
        """Timestamp when ``rule`` first fired (the check at the end of that period), or None."""
        if rule not in set(self.summary["rule"]):
            raise ValueError(f"no rule named {rule!r}; rules: {list(self.summary['rule'])}")
        value = self.summary.set_index("rule").loc[rule, "first_fired_at"]
        return None if pd.isna(value) else value

    def to_frame(self) -> pd.DataFrame:
        return self.summary.copy()

    def __repr__(self) -> str:
        lines = ["ReplayResult:"]
        for r in self.summary.itertuples():
            when = "never fired" if pd.isna(r.first_fired_at) else f"first fired {r.first_fired_at}"
            lines.append(f"  {r.rule} ({r.action}): {when}; {r.episodes} episode(s)")
        return "\n".join(lines)


def replay_rules(metrics: pd.DataFrame, rules: Sequence[Rule], *, freq: str | None = None) -> ReplayResult:
    """Replay ``rules`` on a metrics table (rows = consecutive periods, oldest first).

    A rule fires in the period where its condition has held for
    ``for_periods`` consecutive periods; it stays "in breach" while the
    condition holds and can fire again after a period in which it did not.
    The check runs at the end of each period, so ``fired_at`` is the period
    start plus one period (``freq``, inferred from the index when it is a
    regular ``DatetimeIndex``); ``cleared_at`` is the first check after the
    episode at which the condition no longer holds (the end of the first
    healthy period, or of the last period when the breach lasts to the end). A NaN metric (not enough data in that period)
    is "no evidence": it does not breach and it breaks a streak; the summary
    counts those periods as ``periods_without_evidence``.

    Parameters
    ----------
    metrics : DataFrame
        Output of :func:`monitoring_metrics` or any table with one column per
        metric and one row per period.
    rules : sequence of Rule
        The rules to replay (at least one).
    freq : str, optional
        The period's length (``"h"``, ``"D"``), to date each check at the end of its period; default
        inferred from a regular ``DatetimeIndex``. Without one, ``fired_at`` is the period's own label.

    Returns
    -------
    ReplayResult
        The firings and a summary per rule.

    Raises
    ------
    ValueError
        If a rule names a metric the table lacks (the message lists the
        metrics available) or the table is empty.

    Examples
    --------
    >>> idx = pd.date_range("2024-01-01", periods=4, freq="h", tz="UTC")
    >>> m = pd.DataFrame({"precision": [0.95, 0.85, 0.80, 0.97]}, index=idx)
    >>> r = replay_rules(m, [Rule("floor", "precision", "<", 0.9, for_periods=2, action="rollback")])
    >>> str(r.first_fire("floor"))
    '2024-01-01 03:00:00+00:00'
    """
    _nonempty(metrics, "metrics")
    rules = list(rules)
    if not rules:
        raise ValueError("rules is empty: give at least one Rule")
    for r in rules:
        if not isinstance(r, Rule):
            raise TypeError(f"rules must hold Rule objects, got {type(r).__name__}")
        if r.metric not in metrics.columns:
            raise ValueError(
                f"rule {r.name!r} watches metric {r.metric!r}, which the metrics table lacks; "
                f"available metrics: {list(metrics.columns)}"
            )
    step = None
    if isinstance(metrics.index, pd.DatetimeIndex):
        f = freq or metrics.index.freqstr or (pd.infer_freq(metrics.index) if len(metrics) >= 3 else None)
        step = pd.tseries.frequencies.to_offset(f) if f else None
    events, summary = [], []
    for r in rules:
        breach = r.breached(metrics[r.metric])
        streak = np.zeros(len(breach), dtype=int)
        run = 0
        for i, b in enumerate(breach):
            run = run + 1 if b else 0
            streak[i] = run
        fires = np.flatnonzero(streak == r.for_periods)
        for i in fires:
            period = metrics.index[i]
            j = i
            while j + 1 < len(breach) and breach[j + 1]:
                j += 1
            # the first check that sees the condition gone: the end of the first healthy period
            healthy = metrics.index[min(j + 1, len(breach) - 1)]
            events.append(
                {
                    "rule": r.name,
                    "action": r.action,
                    "metric": r.metric,
                    "period": period,
                    "fired_at": period + step if step is not None else period,
                    "cleared_at": healthy + step if step is not None else healthy,
                    "value": float(metrics[r.metric].iloc[i]),
                }
            )
        first = events[-len(fires)]["fired_at"] if len(fires) else pd.NaT
        summary.append(
            {
                "rule": r.name,
                "action": r.action,
                "metric": r.metric,
                "condition": f"{r.op} {r.threshold:g} for {r.for_periods}",
                "episodes": len(fires),
                "periods_in_breach": int(breach.sum()),
                "first_fired_at": first,
                "periods_without_evidence": int(metrics[r.metric].isna().sum()),
            }
        )
    return ReplayResult(
        events=pd.DataFrame(events, columns=["rule", "action", "metric", "period", "fired_at", "cleared_at", "value"]),
        summary=pd.DataFrame(summary),
        freq=step.freqstr if step is not None else None,
    )
