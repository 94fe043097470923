"""Score agent trials on outcomes and reliability, and decide a release on intervals.

A trial succeeds when the episode leaves the orders exactly as the task's right outcome would
(end-state comparison: a right-sounding message over a wrong state fails), its last message
contains the words a question needs, no policy rule was broken on the way, and the agent
answered before the call limit cut it off (a looping agent leaves the customer with no answer,
even when it changed nothing it should not have).

Reliability over repeated trials uses the unbiased estimators from ``n`` trials of a task with
``c`` successes:

* **pass@k** = 1 - C(n-c, k) / C(n, k): the chance that at least one of ``k`` fresh trials succeeds
  (the chance a user who retries ``k`` times gets through once);
* **pass^k** = C(c, k) / C(n, k): the chance that all ``k`` succeed (the chance the agent is right
  every time a customer comes back, the number that matters for a support agent).

Both are averaged over tasks, with a percentile-bootstrap interval over tasks (tasks are the unit
sampled; trials within a task are not independent evidence about other tasks).

>>> pass_at_k(n=4, c=2, k=2), pass_hat_k(n=4, c=2, k=2)
(0.8333333333333334, 0.16666666666666666)
"""

from __future__ import annotations

import html
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._checks import check_positive_int
from .tasks import Task
from .world import POLICIES, Environment, canonical_call

__all__ = [
    "pass_at_k",
    "pass_hat_k",
    "Trial",
    "AgentRun",
    "run_agent",
    "score_episode",
    "reliability",
    "policy_table",
    "share_over_tasks",
    "tool_table",
    "compare_agents",
    "agent_release_gate",
    "trajectory_html",
]


def _check_nck(n: int, c: int, k: int) -> None:
    n = check_positive_int(n, "n")
    c = check_positive_int(c, "c", minimum=0)
    k = check_positive_int(k, "k")
    if c > n:
        raise ValueError(f"c (successes, {c}) cannot exceed n (trials, {n})")
    if k > n:
        raise ValueError(f"k ({k}) cannot exceed n ({n}): run at least k trials per task")


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k from ``n`` trials with ``c`` successes: 1 - C(n-c, k) / C(n, k)."""
    _check_nck(n, c, k)
    return 1.0 - math.comb(n - c, k) / math.comb(n, k)


def pass_hat_k(n: int, c: int, k: int) -> float:
    """Unbiased pass^k from ``n`` trials with ``c`` successes: C(c, k) / C(n, k)."""
    _check_nck(n, c, k)
    return math.comb(c, k) / math.comb(n, k)


@dataclass(frozen=True)
class Trial:
    """One scored trial of one task."""

    task_id: str
    trial: int
    intent: str
    success: bool
    state_ok: bool
    outputs_ok: bool
    violations: tuple[str, ...]
    steps: int
    cost: float
    tool_precision: float
    tool_recall: float
    cut: bool
    final: str
    calls: tuple[Mapping[str, Any], ...] = field(repr=False, default=())
    error: str = ""

    def to_dict(self) -> dict:
        return {
            "task_id": self.task_id,
            "trial": self.trial,
            "intent": self.intent,
            "success": self.success,
            "state_ok": self.state_ok,
            "outputs_ok": self.outputs_ok,
            "violations": list(self.violations),
            "steps": self.steps,
            "cost": self.cost,
            "tool_precision": self.tool_precision,
            "tool_recall": self.tool_recall,
            "cut": self.cut,
            "final": self.final,
            "calls": [dict(c) for c in self.calls],
            "error": self.error,
        }


def _tool_match(task: Task, env: Environment) -> tuple[float, float]:
    made = Counter(canonical_call(c.name, c.arguments) for c in env.calls)
    wanted = Counter(canonical_call(c["name"], c["arguments"]) for c in task.reference_calls)
    hits = sum((made & wanted).values())
    precision = hits / sum(made.values()) if made else (1.0 if not wanted else 0.0)
    recall = hits / sum(wanted.values()) if wanted else 1.0
    return precision, recall


def score_episode(task: Task, world: Mapping[str, Any], env: Environment, episode, trial: int = 0) -> Trial:
    """Score one finished episode: end state, required words, policy breaches, tool calls, steps and cost."""
    # only orders the episode changed or the task expects changed can differ from the start state
    ids = set(env.changed) | set(task.expected_changes)
    expected = {
        oid: {**world["orders"][oid], **task.expected_changes.get(oid, {})} for oid in ids if oid in world["orders"]
    }
    state_ok = all(env.order(oid) == expected.get(oid) for oid in ids)
    final = str(getattr(episode, "final", "") or "")
    outputs_ok = all(word.lower() in final.lower() for word in task.expected_outputs)
    violations = tuple(env.violations)
    precision, recall = _tool_match(task, env)
    error = str(getattr(episode, "error", "") or "")
    return Trial(
        task.id,
        int(trial),
        task.intent,
        bool(state_ok and outputs_ok and not violations and not error and not env.cut),
        state_ok,
        outputs_ok,
        violations,
        int(getattr(episode, "steps", len(env.calls))),
        float(getattr(episode, "cost", 0.0)),
        precision,
        recall,
        env.cut,
        final,
        tuple(c.to_dict() for c in env.calls),
        error,
    )


@dataclass(frozen=True)
class AgentRun:
    """Every trial of one agent on a task set: ``trials`` per task, in task order."""

    agent: str
    trials: tuple[Trial, ...]
    n_trials: int
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_frame(self):
        import pandas as pd

        rows = [{k: v for k, v in t.to_dict().items() if k not in ("calls", "final")} for t in self.trials]
        frame = pd.DataFrame(rows)
        frame["violations"] = frame["violations"].map(len)
        return frame

    def successes(self) -> dict[str, int]:
        """Successes per task id (out of ``n_trials``)."""
        counts: dict[str, int] = {}
        for t in self.trials:
            counts[t.task_id] = counts.get(t.task_id, 0) + int(t.success)
        return counts

    def __repr__(self) -> str:
        tasks = len(self.successes())
        rate = np.mean([t.success for t in self.trials]) if self.trials else float("nan")
        return f"AgentRun({self.agent!r}: {tasks} tasks x {self.n_trials} trials, success {rate:.1%} of trials)"


def run_agent(
    agent: Callable,
    tasks: Sequence[Task],
    world: Mapping[str, Any],
    *,
    trials: int = 8,
    max_calls: int = 30,
    on_trial: Callable[[Trial], None] | None = None,
    done: Mapping[tuple[str, int], Trial] | None = None,
) -> AgentRun:
    """Run ``agent(task, env, trial)`` ``trials`` times on every task, each trial in a fresh world.

    ``done`` holds trials already scored (``(task_id, trial) -> Trial``, from a results log): they
    are kept, not rerun, so an interrupted run resumes where it stopped. ``on_trial`` is called
    with each new trial as soon as it is scored (to append it to a log).
    """
    trials = check_positive_int(trials, "trials")
    if not tasks:
        raise ValueError("tasks is empty")
    done = dict(done or {})
    out = []
    for task in tasks:
        for i in range(trials):
            if (task.id, i) in done:
                out.append(done[(task.id, i)])
                continue
            env = Environment(world, max_calls=max_calls)
            try:
                episode = agent(task, env, i)
            except Exception as exc:  # a broken adapter is a failed trial, said plainly, not a crash
                from .scripted import Episode

                episode = Episode("", len(env.calls), 0.0, f"{type(exc).__name__}: {exc}")
            trial = score_episode(task, world, env, episode, i)
            if on_trial is not None:
                on_trial(trial)
            out.append(trial)
    return AgentRun(
        getattr(agent, "name", type(agent).__name__), tuple(out), trials, dict(getattr(agent, "params", {}))
    )


def _per_task(run: AgentRun, k: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    ids = list(run.successes())
    counts = run.successes()
    n = run.n_trials
    at = np.array([pass_at_k(n, counts[t], k) for t in ids])
    hat = np.array([pass_hat_k(n, counts[t], k) for t in ids])
    return ids, at, hat


def _boot(values: np.ndarray, *, n_boot: int, seed: int, confidence: float) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, values.size, size=(n_boot, values.size))
    means = values[idx].mean(axis=1)
    a = (1 - confidence) / 2
    return float(np.quantile(means, a)), float(np.quantile(means, 1 - a))


def reliability(
    run: AgentRun, ks: Iterable[int] | None = None, *, n_boot: int = 2000, seed: int = 0, confidence: float = 0.95
):
    """pass@k and pass^k for each ``k`` (default 1 to ``n_trials``), with bootstrap intervals over tasks.

    The column ``naive p^k`` is the pooled success rate to the power ``k``: what pass^k would be if
    every task succeeded equally often. The gap between it and pass^k is how much the tasks differ.
    """
    import pandas as pd

    ks = list(ks) if ks is not None else list(range(1, run.n_trials + 1))
    pooled = float(np.mean([t.success for t in run.trials]))
    rows = []
    for k in ks:
        _, at, hat = _per_task(run, k)
        a_low, a_high = _boot(at, n_boot=n_boot, seed=seed, confidence=confidence)
        h_low, h_high = _boot(hat, n_boot=n_boot, seed=seed, confidence=confidence)
        rows.append(
            {
                "k": k,
                "pass@k": at.mean(),
                "pass@k low": a_low,
                "pass@k high": a_high,
                "pass^k": hat.mean(),
                "pass^k low": h_low,
                "pass^k high": h_high,
                "naive p^k": pooled**k,
            }
        )
    return pd.DataFrame(rows).set_index("k")


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
    Returns ``(share, low, high, flagged trials, tasks)``.
    """
    from ..evals.stats import wilson_interval

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
    """Per tool: calls made, calls refused with an error, and calls that broke a policy."""
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


def compare_agents(
    incumbent: AgentRun, candidate: AgentRun, *, k: int = 1, n_boot: int = 2000, seed: int = 0, confidence: float = 0.95
) -> dict:
    """Candidate minus incumbent in pass^k, paired task by task, with a bootstrap interval over tasks."""
    ids_a, _, hat_a = _per_task(incumbent, k)
    ids_b, _, hat_b = _per_task(candidate, k)
    if ids_a != ids_b:
        raise ValueError("incumbent and candidate must be run on the same tasks, in the same order")
    diff = hat_b - hat_a
    low, high = _boot(diff, n_boot=n_boot, seed=seed, confidence=confidence)
    return {
        "k": k,
        "difference": float(diff.mean()),
        "low": low,
        "high": high,
        "tasks": len(ids_a),
        "confidence": confidence,
    }


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
    """
    from ..gates import Gate, criterion

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


def trajectory_html(trial: Trial) -> str:
    """One trial's steps as an HTML table: each tool call, its arguments, what came back, any breach."""
    rows = []
    for i, c in enumerate(trial.calls, start=1):
        args = ", ".join(f"{k}={v!r}" for k, v in c["arguments"].items())
        shown = c["error"] and f"error: {c['error']}" or str(c["result"])
        breach = ", ".join(c["violations"])
        rows.append(
            f"<tr><td>{i}</td><td><code>{html.escape(c['name'])}({html.escape(args)})</code></td>"
            f"<td>{html.escape(shown[:160])}</td><td>{html.escape(breach)}</td></tr>"
        )
    verdict = "success" if trial.success else "failure"
    return (
        f"<p><b>{html.escape(trial.task_id)}</b>, trial {trial.trial}: {verdict} (end state "
        f"{'right' if trial.state_ok else 'wrong'}; {len(trial.violations)} policy breach(es)). Last message: "
        f"<i>{html.escape(trial.final or '(none)')}</i></p><table><thead><tr><th>#</th><th>call</th>"
        f"<th>result</th><th>policy broken</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
