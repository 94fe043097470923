"""Staged rollout against a big-bang launch: how many users a bad model reaches before a stage check catches
it, simulated over many draws (:func:`simulate_rollout`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_positive_int, check_probability
from ._common import _positive


@dataclass(frozen=True)
class RolloutResult:
    """Users reached by a bad model under each rollout plan (see :func:`simulate_rollout`).

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per plan: ``plan``, ``stages``, ``users_exposed_median``, ``users_exposed_mean``,
        ``users_harmed_median``, ``caught_share`` and ``days_to_decision_median``.
    exposure : pandas.DataFrame
        Users exposed in each simulation (rows) under each plan (columns).
    caught_stage : pandas.DataFrame, optional
        The stage (1-based) whose check caught the bad model in each simulation, 0 when none did.

    Examples
    --------
    >>> r = simulate_rollout(10_000, n_simulations=200, seed=1)
    >>> r
    RolloutResult (median over simulations):
      staged: 5,922 users exposed, 164 harmed, caught 100% of the time
      big bang: 20,012 users exposed, 598 harmed, caught 100% of the time
    >>> r.exposure.shape, r.caught_stage["staged"].value_counts().sort_index().to_dict()
    ((200, 2), {1: 84, 2: 114, 3: 2})
    """

    summary: pd.DataFrame
    exposure: pd.DataFrame  # one row per simulation, one column per plan
    #: one row per simulation, one column per plan: the stage (1-based) whose check caught the bad
    #: model, 0 when no check caught it
    caught_stage: pd.DataFrame | None = None

    def to_frame(self) -> pd.DataFrame:
        return self.summary.copy()

    def __repr__(self) -> str:
        lines = ["RolloutResult (median over simulations):"]
        for r in self.summary.itertuples():
            lines.append(
                f"  {r.plan}: {r.users_exposed_median:,.0f} users exposed, "
                f"{r.users_harmed_median:,.0f} harmed, caught {r.caught_share:.0%} of the time"
            )
        return "\n".join(lines)


def simulate_rollout(
    users_per_day: float,
    *,
    plans: Mapping[str, Sequence[float]] | None = None,
    days_per_stage: float = 2.0,
    harm_rate: float = 0.03,
    baseline_rate: float = 0.02,
    alpha: float = 0.01,
    horizon_days: float | None = None,
    n_simulations: int = 1_000,
    seed: int = 0,
    test: str = "z",
) -> RolloutResult:
    """How many users a bad model reaches before a stage check catches it.

    Each plan is a list of traffic shares (default: staged 5% -> 25% -> 50%
    -> 100%, and big bang 100%). Every stage lasts ``days_per_stage`` days;
    at its end a check compares the harm rate among users served by the new
    model so far (for example false declines) with the known
    ``baseline_rate`` by a one-sided test at ``alpha``: ``test="z"`` (the
    default) a normal-approximation z-test, ``test="exact"`` an exact binomial
    test (P(X >= harmed | n, baseline) < alpha), the right one when the
    baseline is rare and a stage sees only a few harmed users. If the check
    fires, the model is rolled back and exposure stops; otherwise the next
    stage starts. A model that passes the last check stays at its last share
    until ``horizon_days`` (default: the staged plan's total length).
    Exposed users are Poisson, harmed users binomial; all simulations are
    drawn at once.

    Parameters
    ----------
    users_per_day : float
        Users a day at full traffic (> 0).
    plans : Mapping of str to sequence of float, optional
        Plan name -> traffic share of each stage, each in (0, 1].
    days_per_stage : float, default 2.0
        Days each stage lasts before its check (> 0).
    harm_rate : float, default 0.03
        The bad model's true harm rate, in [0, 1].
    baseline_rate : float, default 0.02
        The known harm rate of the current model, in (0, 1).
    alpha : float, default 0.01
        Each check's one-sided significance level, in (0, 1).
    horizon_days : float, optional
        How long the simulation runs; default the longest plan's stages.
    n_simulations : int, default 1000
        Simulated launches.
    seed : int, default 0
        Seed of the draws.
    test : {"z", "exact"}, default "z"
        The stage check: normal-approximation z-test or exact binomial test.

    Returns
    -------
    RolloutResult
        The summary per plan, and exposure and catching stage per simulation.

    Examples
    --------
    >>> s = simulate_rollout(10_000, n_simulations=200, seed=1).summary.set_index("plan")
    >>> bool(s.loc["staged", "users_exposed_median"] < s.loc["big bang", "users_exposed_median"])
    True
    """
    from scipy import stats

    users_per_day = _positive(users_per_day, "users_per_day")
    days_per_stage = _positive(days_per_stage, "days_per_stage")
    if horizon_days is not None:
        horizon_days = _positive(horizon_days, "horizon_days")
    harm_rate = check_probability(harm_rate, "harm_rate")
    baseline_rate = check_probability(baseline_rate, "baseline_rate", inclusive=False)
    alpha = check_probability(alpha, "alpha", inclusive=False)
    sims = check_positive_int(n_simulations, "n_simulations")
    if test not in ("z", "exact"):
        raise ValueError(f"test must be 'z' or 'exact', got {test!r}")
    plans = dict(plans or {"staged": (0.05, 0.25, 0.50, 1.0), "big bang": (1.0,)})
    for name, shares in plans.items():
        if not len(shares) or any(not 0 < s <= 1 for s in shares):
            raise ValueError(f"plan {name!r} must be a non-empty list of shares in (0, 1], got {list(shares)}")
    horizon = horizon_days or max(len(s) for s in plans.values()) * days_per_stage
    rng = np.random.default_rng(seed)
    crit = stats.norm.isf(alpha)
    exposure, stage_of, rows = {}, {}, []
    for name, shares in plans.items():
        stages = list(shares)
        durations = [days_per_stage] * len(stages)
        rest = horizon - days_per_stage * len(stages)
        if rest > 0:
            stages.append(stages[-1])
            durations.append(rest)
        n = rng.poisson(np.array([s * users_per_day * d for s, d in zip(stages, durations)]), size=(sims, len(stages)))
        bad = rng.binomial(n, harm_rate)
        cum_n, cum_bad = n.cumsum(axis=1), bad.cumsum(axis=1)
        if test == "exact":  # one-sided exact binomial p-value: P(X >= harmed) under the baseline
            fires = (cum_n > 0) & (stats.binom.sf(cum_bad - 1, cum_n, baseline_rate) < alpha)
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                z = (cum_bad / cum_n - baseline_rate) / np.sqrt(baseline_rate * (1 - baseline_rate) / cum_n)
            fires = z > crit
        checked = np.zeros(len(stages), dtype=bool)
        checked[: len(shares)] = True  # the final "stay" period has no further check
        caught = fires & checked
        first = np.where(caught.any(axis=1), caught.argmax(axis=1), len(stages) - 1)
        idx = np.arange(sims)
        users = cum_n[idx, first]
        harmed = cum_bad[idx, first]
        exposure[name] = users
        stage_of[name] = np.where(caught.any(axis=1), first + 1, 0)
        days = np.array(durations).cumsum()[first]
        rows.append(
            {
                "plan": name,
                "stages": " -> ".join(f"{s:.0%}" for s in shares),
                "users_exposed_median": float(np.median(users)),
                "users_exposed_mean": float(users.mean()),
                "users_harmed_median": float(np.median(harmed)),
                "caught_share": float(caught.any(axis=1).mean()),
                "days_to_decision_median": float(np.median(days)),
            }
        )
    return RolloutResult(
        summary=pd.DataFrame(rows), exposure=pd.DataFrame(exposure), caught_stage=pd.DataFrame(stage_of)
    )
