"""Trials and runs: one episode scored on its end state, and an agent run over a task set.

A :class:`Trial` is one scored episode (end state, required words, policy breaches, tool-call
precision and recall, steps and cost); :func:`score_episode` scores one, :func:`run_agent` runs an
agent on every task a number of times, each in a fresh world, and gathers an :class:`AgentRun`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..._checks import check_positive_int
from ..tasks import Task
from ..world import Environment, canonical_call


@dataclass(frozen=True)
class Trial:
    """One scored trial of one task (what :func:`score_episode` returns).

    Parameters
    ----------
    task_id : str
        The task's id.
    trial : int
        The trial's number within the task (0-based).
    intent : str
        The task's intent, for slicing.
    success : bool
        End state right, required words said, no policy breach, no adapter error and not cut off.
    state_ok : bool
        The orders end exactly as the task's right outcome leaves them.
    outputs_ok : bool
        The last message holds every one of the task's ``expected_outputs`` (case ignored).
    violations : tuple of str
        The policy rules broken, one entry per breach, in order.
    steps : int
        The agent's turns (from its :class:`~aipm_kit.agents.scripted.Episode`).
    cost : float
        Dollars spent on the trial.
    tool_precision, tool_recall : float
        Calls made that match the task's reference calls, over the calls made and over the reference calls
        (matched with :func:`~aipm_kit.agents.world.canonical_call`; 1.0 when there is nothing to match).
    cut : bool
        The call limit ended the episode.
    final : str
        The agent's last message.
    calls : tuple of mapping, default ()
        Every call as :meth:`~aipm_kit.agents.world.ToolCall.to_dict` gives it (not in the repr).
    error : str, default ""
        The adapter's error, when it failed.

    Examples
    --------
    >>> from aipm_kit.agents.scripted import ScriptedAgent
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> world, tasks = load_store_tasks()
    >>> trial = run_agent(ScriptedAgent("careful"), tasks[:1], world, trials=1).trials[0]
    >>> trial.success, trial.steps, trial.tool_recall, len(trial.calls)
    (True, 5, 1.0, 4)
    >>> sorted(trial.to_dict())[:4]
    ['calls', 'cost', 'cut', 'error']
    """

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
    """Score one finished episode: end state, required words, policy breaches, tool calls, steps and cost.

    Only the orders the episode changed or the task expects changed are compared with the right end
    state, so a right-sounding message over a wrong state fails.

    Parameters
    ----------
    task : Task
        The task the episode worked on.
    world : mapping
        The store's start state the episode began from.
    env : Environment
        The finished episode (its changed orders, calls, breaches and whether it was cut).
    episode : object
        What the agent returned: its ``final`` message, ``steps``, ``cost`` and ``error`` are read when present
        (``steps`` defaults to the calls made, the others to empty or zero).
    trial : int, default 0
        The trial's number, recorded on the result.

    Returns
    -------
    Trial
        The scored trial.

    Examples
    --------
    A refund done right but without verifying the customer: the end state is right, the trial still fails.

    >>> from aipm_kit.agents.scripted import Episode
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> world, tasks = load_store_tasks()
    >>> env = Environment(world)
    >>> env.call("refund_order", {"order_id": "W1042", "reason": "customer request"})["status"]
    'refunded'
    >>> trial = score_episode(tasks[0], world, env, Episode("Refunded.", steps=2, cost=0.01))
    >>> trial.success, trial.state_ok, trial.violations, trial.tool_precision, trial.tool_recall
    (False, True, ('verify_first',), 1.0, 0.25)
    """
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
    """Every trial of one agent on a task set: ``n_trials`` per task, in task order (what :func:`run_agent` returns).

    Parameters
    ----------
    agent : str
        The agent's name.
    trials : tuple of Trial
        Every trial, task by task.
    n_trials : int
        Trials per task.
    params : mapping, default {}
        The agent's parameters (its version, seed, prompt...), kept with the results.

    Examples
    --------
    >>> from aipm_kit.agents.scripted import ScriptedAgent
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> world, tasks = load_store_tasks()
    >>> run = run_agent(ScriptedAgent("v1"), tasks[:3], world, trials=4)
    >>> run
    AgentRun('scripted-v1': 3 tasks x 4 trials, success 83.3% of trials)
    >>> run.successes()
    {'T001': 4, 'T002': 3, 'T003': 3}
    >>> run.to_frame()[["task_id", "trial", "success", "violations"]].head(2)
      task_id  trial  success  violations
    0    T001      0     True           0
    1    T001      1     True           0
    """

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
    with each new trial as soon as it is scored (to append it to a log). An agent that raises gets a
    failed trial whose ``error`` names the exception, not a crash of the run.

    Parameters
    ----------
    agent : callable
        ``agent(task, env, trial)`` working an :class:`~aipm_kit.agents.world.Environment` and returning an
        :class:`~aipm_kit.agents.scripted.Episode`; its ``name`` and ``params`` attributes, when present, name
        the run.
    tasks : sequence of Task
        The tasks (at least one).
    world : mapping
        The store's start state; every trial starts from it.
    trials : int, default 8
        Trials per task (a whole number >= 1).
    max_calls : int, default 30
        Calls allowed in one trial before it is cut.
    on_trial : callable, optional
        Called with each newly scored :class:`Trial`.
    done : mapping, optional
        Trials already scored, by ``(task_id, trial)``.

    Returns
    -------
    AgentRun
        Every trial, task by task.

    Examples
    --------
    >>> from aipm_kit.agents.scripted import ScriptedAgent
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> world, tasks = load_store_tasks()
    >>> run_agent(ScriptedAgent("v2"), tasks[:5], world, trials=2)
    AgentRun('scripted-v2': 5 tasks x 2 trials, success 90.0% of trials)
    >>> def broken(task, env, trial):
    ...     raise RuntimeError("no connection")
    >>> run_agent(broken, tasks[:1], world, trials=1).trials[0].error
    'RuntimeError: no connection'
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
                from ..scripted import Episode

                episode = Episode("", len(env.calls), 0.0, f"{type(exc).__name__}: {exc}")
            trial = score_episode(task, world, env, episode, i)
            if on_trial is not None:
                on_trial(trial)
            out.append(trial)
    return AgentRun(
        getattr(agent, "name", type(agent).__name__), tuple(out), trials, dict(getattr(agent, "params", {}))
    )
