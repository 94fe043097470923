"""The release gate for an agent: pass^k, policy breaches, cost and the incumbent, decided on intervals.

:func:`agent_release_gate` builds a :class:`~aipm_kit.gates.Gate` from a candidate run (and an
incumbent's), each criterion judged on its 95% interval with tasks as the unit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from .passk import compare_agents, reliability
from .tables import share_over_tasks
from .trials import AgentRun


def agent_release_gate(
    candidate: AgentRun,
    incumbent: AgentRun | None = None,
    *,
    k: int = 4,
    min_pass_hat_k: float = 0.8,
    max_violation_rate: float = 0.01,
    max_cost_per_success: float = 0.05,
    margin: float = 0.05,
    n_boot: int = 2000,
    seed: int = 0,
    settle: Mapping[str, str] | None = None,
):
    """The release gate for an agent, decided on intervals (a :class:`~aipm_kit.gates.Gate`).

    * pass^k at the ``k`` the business needs clears ``min_pass_hat_k`` (95% bootstrap over tasks);
    * the share of trials that break any policy is at most ``max_violation_rate`` (the upper end of
      :func:`share_over_tasks`'s 95% interval decides: tasks are the unit, so zero breaches on few
      tasks is not yet a pass, however many trials each had);
    * cost per successful task is at most ``max_cost_per_success`` dollars (95% bootstrap over tasks);
    * with an incumbent: pass^k is not worse than the incumbent's by more than ``margin``, paired
      task by task (the lower end of the 95% interval of the difference decides).

    ``settle`` gives, in your words, what would settle a line left open, keyed ``"pass_hat_k"``,
    ``"breach"``, ``"cost"`` or ``"margin"`` (a plan sized from the smallest gap worth detecting);
    a line without one gets :func:`~aipm_kit.gates.criterion`'s rough guide.

    Parameters
    ----------
    candidate : AgentRun
        The agent up for release.
    incumbent : AgentRun, optional
        The agent it would replace, run on the same tasks; adds the non-inferiority line.
    k : int, default 4
        The ``k`` of pass^k (1 to ``n_trials``): how many times in a row a customer must be served right.
    min_pass_hat_k : float, default 0.8
        Lowest acceptable pass^k (a share).
    max_violation_rate : float, default 0.01
        Highest acceptable share of trials that break any policy.
    max_cost_per_success : float, default 0.05
        Highest acceptable dollars per successful task (all trials' cost over the successes); the line is left
        out when no trial succeeded.
    margin : float, default 0.05
        How much worse than the incumbent's pass^k is still acceptable (a share; the line is in points).
    n_boot : int, default 2000
        Bootstrap resamples of the tasks, for every interval.
    seed : int, default 0
        Seeds the resampling.
    settle : mapping, optional
        What would settle a line left open, by key (see above); another key is refused with a ValueError.

    Returns
    -------
    aipm_kit.gates.Gate
        The criteria and the verdict (``pass``, ``fail`` or ``not yet``).

    Examples
    --------
    >>> from aipm_kit.agents.scoring import run_agent
    >>> from aipm_kit.agents.scripted import ScriptedAgent
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> world, tasks = load_store_tasks()
    >>> v1, v2 = (run_agent(ScriptedAgent(v), tasks[:10], world, trials=4) for v in ("v1", "v2"))
    >>> gate = agent_release_gate(v2, v1, k=2, n_boot=500)
    >>> gate.verdict
    'NOT YET'
    >>> print(repr(gate))
    Release gate: scripted-v2 (simulated store tasks): NOT YET
      [not yet] pass^2: all 2 trials of a task succeed: 86.7% [70.0% to 100.0%] (>= 80.0%) - 10 tasks x 4 trials, ...
    ...
      [pass] Cost per successful task ($): $0.026 [$0.025 to $0.028] (<= $0.050) - ...
      [not yet] pass^2 not worse than scripted-v1's by more than 5 points: +6.7 [-16.7 to +30.0] (>= -5.0) - ...
    ...
    """
    from ...gates import Gate, criterion

    settle = dict(settle or {})
    unknown = set(settle) - {"pass_hat_k", "breach", "cost", "margin"}
    if unknown:
        raise ValueError(f"settle keys must be pass_hat_k, breach, cost or margin, got {sorted(unknown)}")

    table = reliability(candidate, [k], n_boot=n_boot, seed=seed)
    row = table.loc[k]
    n = len(candidate.trials)
    breach, b_low, b_high, breaking, n_tasks = share_over_tasks(
        candidate.trials, lambda t: bool(t.violations), n_boot=n_boot, seed=seed
    )
    ids = list(candidate.successes())
    cost = np.array([sum(t.cost for t in candidate.trials if t.task_id == i) for i in ids])
    wins = np.array([candidate.successes()[i] for i in ids], dtype=float)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(ids), size=(n_boot, len(ids)))
    with np.errstate(divide="ignore", invalid="ignore"):
        boots = cost[idx].sum(axis=1) / wins[idx].sum(axis=1)
    per_success = cost.sum() / wins.sum() if wins.sum() else float("inf")
    boots = boots[np.isfinite(boots)]
    c_low, c_high = (
        (float(np.quantile(boots, 0.025)), float(np.quantile(boots, 0.975)))
        if boots.size
        else (float("inf"), float("inf"))
    )
    criteria = [
        criterion(
            f"pass^{k}: all {k} trials of a task succeed",
            float(row["pass^k"]),
            ">=",
            min_pass_hat_k,
            interval=(float(row["pass^k low"]), float(row["pass^k high"])),
            n=len(ids),
            fmt="{:.1%}",
            evidence=f"{len(ids)} tasks x {candidate.n_trials} trials, unbiased estimator, 95% bootstrap over tasks",
            settle=settle.get("pass_hat_k"),
        ),
        criterion(
            "Trials that break a policy",
            breach,
            "<=",
            max_violation_rate,
            interval=(b_low, b_high),
            n=n_tasks,
            fmt="{:.1%}",
            evidence=(
                f"{breaking} of {n} trials on {n_tasks} tasks; 95% bootstrap over tasks"
                if breaking
                else f"none in {n} trials; upper end: 95% Wilson for 0 of {n_tasks} tasks (tasks are the "
                "unit: more trials of the same tasks cannot clear it)"
            ),
            settle=settle.get("breach"),
        ),
    ]
    if math.isfinite(per_success) and math.isfinite(c_high):
        criteria.append(
            criterion(
                "Cost per successful task ($)",
                float(per_success),
                "<=",
                max_cost_per_success,
                interval=(min(c_low, per_success), max(c_high, per_success)),
                fmt="${:.3f}",
                evidence="all trials' cost over the successes, 95% bootstrap over tasks",
                settle=settle.get("cost"),
            )
        )
    if incumbent is not None:
        d = compare_agents(incumbent, candidate, k=k, n_boot=n_boot, seed=seed)
        criteria.append(
            criterion(
                f"pass^{k} not worse than {incumbent.agent}'s by more than {100 * margin:g} points",
                100 * d["difference"],
                ">=",
                -100 * margin,
                interval=(100 * d["low"], 100 * d["high"]),
                fmt="{:+.1f}",
                evidence=f"paired on the same {d['tasks']} tasks, 95% bootstrap over tasks",
                settle=settle.get("margin"),
            )
        )
    return Gate(f"Release gate: {candidate.agent} (simulated store tasks)", criteria)
