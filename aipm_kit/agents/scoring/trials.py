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
                from ..scripted import Episode

                episode = Episode("", len(env.calls), 0.0, f"{type(exc).__name__}: {exc}")
            trial = score_episode(task, world, env, episode, i)
            if on_trial is not None:
                on_trial(trial)
            out.append(trial)
    return AgentRun(
        getattr(agent, "name", type(agent).__name__), tuple(out), trials, dict(getattr(agent, "params", {}))
    )
