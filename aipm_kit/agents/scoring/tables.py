"""Where an agent run goes wrong: shares over tasks, the policy and tool tables, one trial's steps.

:func:`share_over_tasks` is the share of trials with a property and its interval with tasks as the
unit; :func:`policy_table` and :func:`tool_table` break a run down by policy rule and by tool;
:func:`trajectory_html` shows one trial's calls.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from ..tasks import Task
from ..world import POLICIES
from .trials import AgentRun, Trial


def share_over_tasks(
    trials: Sequence[Trial],
    flag: Callable[[Trial], bool],
    *,
    n_boot: int = 2000,
    seed: int = 0,
    confidence: float = 0.95,
) -> tuple[float, float, float, int, int]:
    """Share of ``trials`` for which ``flag`` holds, with an interval that treats tasks as the unit.

    Trials of one task are not independent (a hard task fails again and again), so the interval
    resamples whole tasks (percentile bootstrap). With no flagged trial at all the bootstrap can
    only say zero, so the upper end is then Wilson's for zero out of the number of *tasks*: more
    trials of the same tasks cannot make a clean result look surer than the tasks allow.

    Parameters
    ----------
    trials : sequence of Trial
        The trials (at least one; refused with a ValueError otherwise).
    flag : callable
        ``flag(trial) -> bool``: the property counted.
    n_boot : int, default 2000
        Bootstrap resamples of the tasks.
    seed : int, default 0
        Seeds the resampling.
    confidence : float, default 0.95
        The interval's confidence level.

    Returns
    -------
    tuple of (float, float, float, int, int)
        ``(share, low, high, flagged trials, tasks)``; the interval always holds the share.

    Examples
    --------
    >>> from aipm_kit.agents.scoring import run_agent
    >>> from aipm_kit.agents.scripted import ScriptedAgent
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> world, tasks = load_store_tasks()
    >>> run = run_agent(ScriptedAgent("v2"), tasks[:10], world, trials=4)
    >>> share, low, high, flagged, n_tasks = share_over_tasks(run.trials, lambda t: bool(t.violations))
    >>> share, round(low, 3), round(high, 3), flagged, n_tasks
    (0.025, 0.0, 0.075, 1, 10)
    >>> [round(x, 3) for x in share_over_tasks(run.trials, lambda t: t.cut)]  # none: Wilson's upper end, 10 tasks
    [0.0, 0.0, 0.278, 0, 10]
    """
    from ...evals.stats import wilson_interval

    by_task: dict[str, list[int]] = {}
    for t in trials:
        by_task.setdefault(t.task_id, []).append(int(bool(flag(t))))
    if not by_task:
        raise ValueError("no trials to take a share of")
    hits = np.array([sum(v) for v in by_task.values()], dtype=float)
    sizes = np.array([len(v) for v in by_task.values()], dtype=float)
    share = float(hits.sum() / sizes.sum())
    if hits.sum() == 0:
        iv = wilson_interval(0, len(by_task), confidence=confidence)
        return 0.0, 0.0, float(iv.high), 0, len(by_task)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(by_task), size=(n_boot, len(by_task)))
    boots = hits[idx].sum(axis=1) / sizes[idx].sum(axis=1)
    a = (1 - confidence) / 2
    low, high = float(np.quantile(boots, a)), float(np.quantile(boots, 1 - a))
    return share, min(low, share), max(high, share), int(hits.sum()), len(by_task)


def policy_table(run: AgentRun, tasks: Sequence[Task], *, confidence: float = 0.95):
    """Per policy rule: trials that broke it, among the trials whose task put it at stake.

    The interval is :func:`share_over_tasks`'s (95%, tasks as the unit). A breach on a task that did
    not name the rule (say, a refund made on a question about status) is still counted: the pool is
    the trials at stake plus any trial that broke the rule, or every trial when no task named it.

    Parameters
    ----------
    run : AgentRun
        The trials.
    tasks : sequence of Task
        The tasks run (their ``policies`` say which rules each put at stake).
    confidence : float, default 0.95
        The intervals' confidence level.

    Returns
    -------
    pandas.DataFrame
        One row per rule of :data:`~aipm_kit.agents.world.POLICIES`, indexed by ``policy``: ``rule`` (in words),
        ``trials breaking it``, ``trials at stake``, ``tasks at stake``, ``share``, ``low`` and ``high``.

    Examples
    --------
    >>> from aipm_kit.agents.scoring import run_agent
    >>> from aipm_kit.agents.scripted import ScriptedAgent
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> world, tasks = load_store_tasks()
    >>> run = run_agent(ScriptedAgent("v2"), tasks[:10], world, trials=4)
    >>> policy_table(run, tasks[:10])[["trials breaking it", "trials at stake", "share", "high"]].round(3)
                     trials breaking it  trials at stake  share   high
    policy
    verify_first                      1               40  0.025  0.075
    refund_window                     0               40  0.000  0.278
    before_shipping                   0               40  0.000  0.278
    """
    import pandas as pd

    stakes = {t.id: set(t.policies) for t in tasks}
    rows = []
    for rule, words in POLICIES.items():
        pool = [t for t in run.trials if rule in stakes.get(t.task_id, ()) or rule in t.violations]
        pool = pool or list(run.trials)
        share, low, high, broken, n_tasks = share_over_tasks(
            pool, lambda t, r=rule: r in t.violations, confidence=confidence
        )
        rows.append(
            {
                "policy": rule,
                "rule": words,
                "trials breaking it": broken,
                "trials at stake": len(pool),
                "tasks at stake": n_tasks,
                "share": share,
                "low": low,
                "high": high,
            }
        )
    return pd.DataFrame(rows).set_index("policy")


def tool_table(run: AgentRun):
    """Per tool: calls made, calls refused with an error, and calls that broke a policy.

    Parameters
    ----------
    run : AgentRun
        The trials (their recorded calls are counted).

    Returns
    -------
    pandas.DataFrame
        One row per tool called, by name, indexed by ``tool``: ``calls``, ``refused`` and ``broke a policy``.

    Examples
    --------
    >>> from aipm_kit.agents.scoring import run_agent
    >>> from aipm_kit.agents.scripted import ScriptedAgent
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> world, tasks = load_store_tasks()
    >>> tool_table(run_agent(ScriptedAgent("v1"), tasks[:10], world, trials=4))
                     calls  refused  broke a policy
    tool
    find_customer       40        0               0
    get_order           38        0               0
    list_orders          2        0               0
    refund_order        37        0               0
    verify_identity     38        0               0
    """
    import pandas as pd

    made: Counter = Counter()
    refused: Counter = Counter()
    breached: Counter = Counter()
    for t in run.trials:
        for c in t.calls:
            made[c["name"]] += 1
            refused[c["name"]] += bool(c["error"])
            breached[c["name"]] += bool(c["violations"])
    rows = [
        {"tool": name, "calls": made[name], "refused": refused[name], "broke a policy": breached[name]}
        for name in sorted(made)
    ]
    return pd.DataFrame(rows).set_index("tool")


def trajectory_html(trial: Trial) -> str:
    """One trial's steps as an HTML table: each tool call, its arguments, what came back, any breach.

    Parameters
    ----------
    trial : Trial
        The trial; its recorded ``calls`` are the rows (results cut to 160 characters, all text escaped).

    Returns
    -------
    str
        A paragraph (task, verdict, end state, breaches, last message) and the table.

    Examples
    --------
    >>> from aipm_kit.agents.scoring import run_agent
    >>> from aipm_kit.agents.scripted import ScriptedAgent
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> world, tasks = load_store_tasks()
    >>> trial = run_agent(ScriptedAgent("careful"), tasks[:1], world, trials=1).trials[0]
    >>> page = trajectory_html(trial)
    >>> page[:60]
    '<p><b>T001</b>, trial 0: success (end state right; 0 policy '
    >>> page.count("<tr><td>")
    4
    """
    from ...templating import render

    rows = []
    for c in trial.calls:
        args = ", ".join(f"{k}={v!r}" for k, v in c["arguments"].items())
        shown = c["error"] and f"error: {c['error']}" or str(c["result"])
        rows.append({"call": f"{c['name']}({args})", "shown": shown[:160], "breach": ", ".join(c["violations"])})
    return render("agents/trajectory.html.j2", trial=trial, rows=rows)
