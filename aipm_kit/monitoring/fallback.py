"""The fallback path: what serving the fallback would have saved or cost over a span (:func:`fallback_effect`)
and at every firing of a rule (:func:`rule_outcomes`), a serving switch that answers every request
(:class:`FallbackRouter`) and the drill that proves it does (:func:`rollback_drill`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_columns, check_positive_int
from ._common import _nonempty, _ts
from .rules import ReplayResult


@dataclass(frozen=True)
class FallbackEffect:
    """What switching to the fallback at ``start`` would have changed until ``end``.

    Built by :func:`fallback_effect`.

    Parameters
    ----------
    start, end : pandas.Timestamp
        The span ``[start, end)``, timezone-aware (naive inputs are read as UTC).
    requests : int
        Requests in the span.
    users_spared_failures : int
        Requests the primary failed to answer (the fallback would have answered them).
    fraud_dollars_missed_primary, fraud_dollars_missed_fallback : float
        Fraud dollars each path lets through (a failed primary request screens nothing).
    false_alarms_primary, false_alarms_fallback : int
        Legitimate requests each path flags.

    Examples
    --------
    >>> log = pd.DataFrame({"timestamp": pd.to_datetime(["2024-01-01 01:00", "2024-01-01 02:00"], utc=True),
    ...     "error": [True, False], "flagged": [False, True], "fallback_flagged": [True, False],
    ...     "is_fraud": [True, True], "amount": [300.0, 50.0]})
    >>> e = fallback_effect(log, "2024-01-01", "2024-01-02")
    >>> e
    FallbackEffect(2024-01-01 00:00:00+00:00 to 2024-01-02 00:00:00+00:00: 2 requests, 1 users spared a failed check, $250 fraud dollars saved)
    >>> e.fraud_dollars_missed_primary, e.fraud_dollars_missed_fallback
    (300.0, 50.0)
    """

    start: pd.Timestamp
    end: pd.Timestamp
    requests: int
    users_spared_failures: int
    fraud_dollars_missed_primary: float
    fraud_dollars_missed_fallback: float
    false_alarms_primary: int
    false_alarms_fallback: int

    @property
    def dollars_saved(self) -> float:
        """Fraud dollars the fallback would have stopped beyond the primary (negative: a cost)."""
        return self.fraud_dollars_missed_primary - self.fraud_dollars_missed_fallback

    def __repr__(self) -> str:
        return (
            f"FallbackEffect({self.start} to {self.end}: {self.requests:,} requests, "
            f"{self.users_spared_failures:,} users spared a failed check, "
            f"${self.dollars_saved:,.0f} fraud dollars saved)"
        )

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "value": pd.Series(
                    {
                        "start": self.start,
                        "end": self.end,
                        "requests": self.requests,
                        "users_spared_failures": self.users_spared_failures,
                        "fraud_dollars_missed_primary": self.fraud_dollars_missed_primary,
                        "fraud_dollars_missed_fallback": self.fraud_dollars_missed_fallback,
                        "dollars_saved": self.dollars_saved,
                        "false_alarms_primary": self.false_alarms_primary,
                        "false_alarms_fallback": self.false_alarms_fallback,
                    },
                    dtype=object,
                )
            }
        )


def fallback_effect(
    log: pd.DataFrame,
    start,
    end,
    *,
    time_col: str = "timestamp",
    error_col: str = "error",
    flag_col: str = "flagged",
    fallback_col: str = "fallback_flagged",
    truth_col: str = "is_fraud",
    value_col: str = "amount",
) -> FallbackEffect:
    """Compare serving the primary model with serving the fallback over ``[start, end)``.

    A request the primary failed to answer (``error_col``) is not screened at
    all (the checkout fails open), so its fraud is missed; the fallback (a
    rule that runs in-process) answers every request.

    Parameters
    ----------
    log : pandas.DataFrame
        The prediction log (not empty), with the columns named below.
    start, end : timestamp-like
        The span ``[start, end)``; naive timestamps are read as UTC; ``end`` before ``start`` is refused.
    time_col : str, default "timestamp"
        The request times (UTC).
    error_col : str, default "error"
        True where the primary failed to answer.
    flag_col : str, default "flagged"
        The primary's decision.
    fallback_col : str, default "fallback_flagged"
        The fallback's decision.
    truth_col : str, default "is_fraud"
        The truth.
    value_col : str, default "amount"
        The dollars at stake in each request.

    Returns
    -------
    FallbackEffect
        Requests, failures spared, and each path's missed fraud dollars and false alarms.

    Examples
    --------
    >>> log = pd.DataFrame({"timestamp": pd.to_datetime(["2024-01-01 01:00", "2024-01-01 02:00"], utc=True),
    ...     "error": [True, False], "flagged": [False, True], "fallback_flagged": [True, False],
    ...     "is_fraud": [True, True], "amount": [300.0, 50.0]})
    >>> fallback_effect(log, "2024-01-01", "2024-01-02").dollars_saved  # catches the $300, misses the $50
    250.0
    """
    _nonempty(log, "log")
    check_columns(log, [time_col, error_col, flag_col, fallback_col, truth_col, value_col], name="log")
    start, end = _ts(start, "start"), _ts(end, "end")
    if end < start:
        raise ValueError(f"end ({end}) is before start ({start})")
    part = log[(log[time_col] >= start) & (log[time_col] < end)]
    truth = part[truth_col].to_numpy(bool)
    value = part[value_col].to_numpy(float)
    prim = part[flag_col].to_numpy(bool) & ~part[error_col].to_numpy(bool)
    fall = part[fallback_col].to_numpy(bool)
    return FallbackEffect(
        start=start,
        end=end,
        requests=len(part),
        users_spared_failures=int(part[error_col].sum()),
        fraud_dollars_missed_primary=float(value[truth & ~prim].sum()),
        fraud_dollars_missed_fallback=float(value[truth & ~fall].sum()),
        false_alarms_primary=int((prim & ~truth).sum()),
        false_alarms_fallback=int((fall & ~truth).sum()),
    )


def rule_outcomes(
    log: pd.DataFrame,
    replay: ReplayResult,
    *,
    restore_after_hours: float = 1.0,
    response_minutes: Mapping[str, float] | None = None,
    **columns,
) -> pd.DataFrame:
    """Price every firing of every rule: what the fallback it triggers would have saved or cost.

    A ``rollback`` rule switches to the fallback when it fires; an ``alert``
    pages a person, who switches after ``response_minutes[action]`` (default
    60 minutes for alerts, 0 for rollbacks). The fallback then serves until
    the rule's condition has cleared (``cleared_at`` in the replay) plus
    ``restore_after_hours`` of healthy readings. Each firing is priced with
    :func:`fallback_effect` (``columns`` are passed on to it) and the rows
    are summed per rule; a negative ``dollars_saved`` is money lost by
    switching off a primary that was doing better than the fallback.

    Parameters
    ----------
    log : pandas.DataFrame
        The prediction log (not empty).
    replay : ReplayResult
        The rules' firings, from :func:`replay_rules`.
    restore_after_hours : float, default 1.0
        Healthy hours after the condition clears before the primary is restored (>= 0).
    response_minutes : Mapping of str to float, optional
        Minutes from firing to the switch, per action; default ``{"alert": 60, "rollback": 0}``.
    **columns
        Column names passed on to :func:`fallback_effect` (``time_col``, ``error_col``, ...).

    Returns
    -------
    pandas.DataFrame
        One row per rule: ``rule``, ``action``, ``firings``, ``first_fired_at``, ``hours_on_fallback``,
        ``users_on_fallback``, ``users_spared_failures`` and ``dollars_saved``.

    Examples
    --------
    >>> from aipm_kit.monitoring import Rule, replay_rules
    >>> idx = pd.date_range("2024-01-01", periods=4, freq="h", tz="UTC")
    >>> replay = replay_rules(pd.DataFrame({"precision": [0.95, 0.85, 0.80, 0.97]}, index=idx),
    ...                       [Rule("floor", "precision", "<", 0.9, for_periods=2, action="rollback")])
    >>> log = pd.DataFrame({"timestamp": idx, "error": [False, True, False, False],
    ...     "flagged": [False, False, True, False], "fallback_flagged": [True, True, True, False],
    ...     "is_fraud": [True, True, False, False], "amount": [100.0, 200.0, 50.0, 20.0]})
    >>> out = rule_outcomes(log, replay)
    >>> out.loc[0, ["firings", "hours_on_fallback", "users_on_fallback", "dollars_saved"]].tolist()
    [1.0, 2.0, 1.0, 0.0]
    """
    _nonempty(log, "log")
    if not restore_after_hours >= 0:
        raise ValueError(f"restore_after_hours must be >= 0, got {restore_after_hours}")
    delay = {"alert": 60.0, "rollback": 0.0} | dict(response_minutes or {})
    rows = []
    for r in replay.summary.itertuples():
        fired = replay.events[replay.events["rule"] == r.rule]
        users = spared = 0
        saved, hours = 0.0, 0.0
        for ev in fired.itertuples():
            start = pd.Timestamp(ev.fired_at) + pd.Timedelta(minutes=delay[r.action])
            end = max(pd.Timestamp(ev.cleared_at), start) + pd.Timedelta(hours=restore_after_hours)
            eff = fallback_effect(log, start, end, **columns)
            users += eff.requests
            spared += eff.users_spared_failures
            saved += eff.dollars_saved
            hours += (end - start).total_seconds() / 3600
        rows.append(
            {
                "rule": r.rule,
                "action": r.action,
                "firings": len(fired),
                "first_fired_at": r.first_fired_at,
                "hours_on_fallback": hours,
                "users_on_fallback": users,
                "users_spared_failures": spared,
                "dollars_saved": saved,
            }
        )
    return pd.DataFrame(rows)


# =========================================================================== fallback path
class FallbackRouter:
    """Send each request to the primary model, or to the fallback when rolled back or when the primary fails.

    ``primary`` and ``fallback`` take a DataFrame of requests and return a
    boolean array of decisions. Every decision is tagged with who served it;
    ``history`` records rollbacks, restores and primary failures.

    Parameters
    ----------
    primary : callable
        The model: ``primary(requests) -> boolean array`` (one decision per row). Any exception it raises is
        answered by the fallback.
    fallback : callable
        The rule that always answers, with the same signature.

    Examples
    --------
    >>> requests = pd.DataFrame({"amount": [100.0, 200.0, 50.0]})
    >>> router = FallbackRouter(lambda df: df["amount"] > 150, lambda df: df["amount"] > 60)
    >>> router.decide(requests)
       decision served_by
    0     False   primary
    1      True   primary
    2     False   primary
    >>> router.roll_back("precision floor breached")
    >>> router.decide(requests)["served_by"].tolist(), router.history
    (['fallback', 'fallback', 'fallback'], [('roll_back', 'precision floor breached')])
    """

    def __init__(self, primary: Callable[[pd.DataFrame], np.ndarray], fallback: Callable[[pd.DataFrame], np.ndarray]):
        if not callable(primary) or not callable(fallback):
            raise TypeError("primary and fallback must be callables taking a DataFrame of requests")
        self.primary, self.fallback = primary, fallback
        self.rolled_back = False
        self.history: list[tuple[str, str]] = []

    def roll_back(self, reason: str) -> None:
        self.rolled_back = True
        self.history.append(("roll_back", reason))

    def restore(self, reason: str) -> None:
        self.rolled_back = False
        self.history.append(("restore", reason))

    def decide(self, requests: pd.DataFrame) -> pd.DataFrame:
        """Decisions for ``requests``: columns ``decision`` and ``served_by`` (primary / fallback)."""
        if self.rolled_back:
            decision, by = np.asarray(self.fallback(requests), dtype=bool), "fallback"
        else:
            try:
                decision, by = np.asarray(self.primary(requests), dtype=bool), "primary"
            except Exception as exc:  # the whole point: any primary failure is answered by the fallback
                self.history.append(("primary_failed", f"{type(exc).__name__}: {exc}"))
                decision, by = np.asarray(self.fallback(requests), dtype=bool), "fallback"
        if decision.shape != (len(requests),):
            raise ValueError(f"{by} returned {decision.size} decisions for {len(requests)} requests")
        return pd.DataFrame({"decision": decision, "served_by": by}, index=requests.index)


@dataclass(frozen=True)
class DrillResult:
    """The outcome of :func:`rollback_drill`: each check and whether the drill passed.

    Parameters
    ----------
    checks : pandas.DataFrame
        One row per check: ``check``, ``passed`` (bool) and ``detail``.

    Examples
    --------
    >>> checks = pd.DataFrame({"check": ["fallback answers"], "passed": [False], "detail": ["2 of 3 answered"]})
    >>> DrillResult(checks)
    Rollback drill: FAILED
      [FAIL] fallback answers: 2 of 3 answered
    """

    checks: pd.DataFrame

    @property
    def passed(self) -> bool:
        return bool(self.checks["passed"].all())

    def to_frame(self) -> pd.DataFrame:
        return self.checks.copy()

    def __repr__(self) -> str:
        lines = [f"Rollback drill: {'PASSED' if self.passed else 'FAILED'}"]
        lines += [f"  [{'ok' if r.passed else 'FAIL'}] {r.check}: {r.detail}" for r in self.checks.itertuples()]
        return "\n".join(lines)


def rollback_drill(router: FallbackRouter, requests: pd.DataFrame, *, batch_size: int = 500) -> DrillResult:
    """Prove the fallback path works: break the primary, roll back, check every answer, restore.

    Four checks on the same ``requests``: (1) the primary serves normally;
    (2) when the primary raises, every request is still answered, by the
    fallback, with the fallback's decision; (3) after ``roll_back`` every
    request is served by the fallback and matches it exactly; (4) after
    ``restore`` the primary serves again. The router is left as found.

    Parameters
    ----------
    router : FallbackRouter
        The serving switch to drill.
    requests : pandas.DataFrame
        Requests to send (not empty).
    batch_size : int, default 500
        Requests per call of :meth:`FallbackRouter.decide`.

    Returns
    -------
    DrillResult
        The four checks and whether all passed.

    Examples
    --------
    >>> router = FallbackRouter(lambda df: df["amount"] > 150, lambda df: df["amount"] > 60)
    >>> rollback_drill(router, pd.DataFrame({"amount": [100.0, 200.0, 50.0, 20.0]}), batch_size=2)
    Rollback drill: PASSED
      [ok] primary serves normally: 100% served by primary
      [ok] primary failure is answered by the fallback: 4 of 4 answered, 100% match the rule
      [ok] after rollback every request uses the fallback: 100% served by fallback, 2 flags
      [ok] restore returns traffic to the primary: 100% served by primary
    >>> router.rolled_back
    False
    """
    _nonempty(requests, "requests")
    batch_size = check_positive_int(batch_size, "batch_size")
    expected = np.asarray(router.fallback(requests), dtype=bool)
    primary_expected = np.asarray(router.primary(requests), dtype=bool)

    def run():
        parts = [router.decide(requests.iloc[i : i + batch_size]) for i in range(0, len(requests), batch_size)]
        return pd.concat(parts)

    rows = []
    normal = run()
    rows.append(
        (
            "primary serves normally",
            bool((normal.served_by == "primary").all())
            and bool((normal.decision.to_numpy() == primary_expected).all()),
            f"{(normal.served_by == 'primary').mean():.0%} served by primary",
        )
    )
    real_primary = router.primary

    def broken(_):
        raise TimeoutError("drill: primary made to time out")

    router.primary = broken
    try:
        failing = run()
    finally:
        router.primary = real_primary
    ok = bool((failing.served_by == "fallback").all()) and bool((failing.decision.to_numpy() == expected).all())
    rows.append(
        (
            "primary failure is answered by the fallback",
            ok,
            f"{len(failing):,} of {len(requests):,} answered, "
            f"{(failing.decision.to_numpy() == expected).mean():.0%} match the rule",
        )
    )
    router.roll_back("drill")
    rolled = run()
    ok = bool((rolled.served_by == "fallback").all()) and bool((rolled.decision.to_numpy() == expected).all())
    n_flags = int(rolled.decision.sum())
    flag_noun = "flag" if n_flags == 1 else "flags"
    rows.append(
        (
            "after rollback every request uses the fallback",
            ok,
            f"{(rolled.served_by == 'fallback').mean():.0%} served by fallback, {n_flags:,} {flag_noun}",
        )
    )
    router.restore("drill over")
    back = run()
    rows.append(
        (
            "restore returns traffic to the primary",
            bool((back.served_by == "primary").all()),
            f"{(back.served_by == 'primary').mean():.0%} served by primary",
        )
    )
    return DrillResult(pd.DataFrame(rows, columns=["check", "passed", "detail"]))
