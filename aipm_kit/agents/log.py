"""The agent results log: one JSON line per scored trial, resumable, never lost.

Each line is a :class:`~aipm_kit.agents.scoring.Trial` with the keys that make reusing it safe:
``source`` (a hash of the agent and its parameters), ``task_key`` (a hash of everything the task
says) and ``world_key`` (a hash of the store's start state). :func:`run_logged` appends each trial
as soon as it is scored (flushed to disk), so an interrupted run keeps what it finished and the
same command resumes it; a log written by another agent, for changed tasks or another world is
refused with a message that says what changed. ``fresh=True`` starts over in a side file and
replaces the old log only once the new run is complete.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..evals.results_log import _digest, read_rows, truncate_torn_tail
from .scoring import AgentRun, Trial, run_agent
from .tasks import Task

__all__ = ["run_logged", "read_log", "source_key", "task_key"]

_HINT = "use a new results path (--out) or start it over with --fresh"
_FIELDS = (
    "task_id",
    "trial",
    "intent",
    "success",
    "state_ok",
    "outputs_ok",
    "violations",
    "steps",
    "cost",
    "tool_precision",
    "tool_recall",
    "cut",
    "final",
)


def source_key(agent: Any) -> str:
    """A short hash of the agent: its name and parameters (a resumed log must come from the same agent).

    Parameters
    ----------
    agent : object
        The agent; its ``name`` (else its class's name) and ``params`` (else ``{}``) are hashed.

    Returns
    -------
    str
        16 hexadecimal characters.

    Examples
    --------
    >>> from aipm_kit.agents.scripted import ScriptedAgent
    >>> len(source_key(ScriptedAgent("v1"))), source_key(ScriptedAgent("v1")) == source_key(ScriptedAgent("v2"))
    (16, False)
    """
    return _digest({"agent": getattr(agent, "name", type(agent).__name__), "params": getattr(agent, "params", {})})[:16]


def task_key(task: Task) -> str:
    """A short hash of everything a task says.

    Parameters
    ----------
    task : Task
        The task (every field of :meth:`~aipm_kit.agents.tasks.Task.to_dict` is hashed).

    Returns
    -------
    str
        16 hexadecimal characters; a task changed in any field gets another.

    Examples
    --------
    >>> import dataclasses
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> task = load_store_tasks()[1][0]
    >>> task_key(task) == task_key(dataclasses.replace(task, persuasive=True))
    False
    """
    return _digest(task.to_dict())[:16]


def _trial(row: Mapping[str, Any], where: str) -> Trial:
    if not isinstance(row, dict):
        raise ValueError(f"{where} must be a JSON object, got {type(row).__name__}")
    missing = [f for f in _FIELDS if f not in row]
    if missing:
        raise ValueError(f"{where} has no {missing}")
    if not isinstance(row["trial"], int) or isinstance(row["trial"], bool) or row["trial"] < 0:
        raise ValueError(f"{where}: 'trial' must be a whole number >= 0, got {row['trial']!r}")
    if not isinstance(row["success"], bool):
        raise ValueError(f"{where}: 'success' must be true or false, got {row['success']!r}")
    return Trial(
        str(row["task_id"]),
        row["trial"],
        str(row["intent"]),
        row["success"],
        bool(row["state_ok"]),
        bool(row["outputs_ok"]),
        tuple(row["violations"]),
        int(row["steps"]),
        float(row["cost"]),
        float(row["tool_precision"]),
        float(row["tool_recall"]),
        bool(row["cut"]),
        str(row["final"]),
        tuple(row.get("calls") or ()),
        str(row.get("error") or ""),
    )


def _whole(line: bytes) -> bool:
    import json

    try:
        json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return True


def read_log(path: str | Path) -> list[tuple[dict, Trial]]:
    """``(row, trial)`` for every line of an agent results log, each checked (errors name file and line).

    Parameters
    ----------
    path : str or Path
        The JSONL log :func:`run_logged` writes.

    Returns
    -------
    list of (dict, Trial)
        Each line as read (with its ``source``, ``task_key`` and ``world_key``) and as a
        :class:`~aipm_kit.agents.scoring.Trial`.

    Raises
    ------
    ValueError
        On a line that is not a JSON object or lacks a trial's fields, naming the file and line.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from aipm_kit.agents.scripted import ScriptedAgent
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> world, tasks = load_store_tasks()
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = Path(folder) / "v1.jsonl"
    ...     _ = run_logged(ScriptedAgent("v1"), tasks[:2], world, out, trials=2)
    ...     rows = read_log(out)
    >>> len(rows), sorted(rows[0][0])[:4], rows[0][1].task_id
    (4, ['agent', 'calls', 'cost', 'cut'], 'T001')
    """
    path = Path(path)
    return [(row, _trial(row, f"results file {path} line {lineno}")) for lineno, row in read_rows(path)]


def _resumable(path: Path, tasks: Sequence[Task], world: Mapping[str, Any], agent: Any) -> dict[tuple[str, int], Trial]:
    source, world_key = source_key(agent), _digest(world)[:16]
    current = {t.id: task_key(t) for t in tasks}
    done, changed = {}, set()
    for row, trial in read_log(path):
        if row.get("source") != source:
            raise ValueError(
                f"results file {path} was written by another agent or with other parameters than "
                f"{getattr(agent, 'name', type(agent).__name__)!r}; {_HINT}"
            )
        if row.get("world_key") != world_key:
            raise ValueError(f"results file {path} was written on another start state of the store; {_HINT}")
        if trial.task_id not in current:
            continue  # a task not in this run stays in the log, untouched
        if row.get("task_key") != current[trial.task_id]:
            changed.add(trial.task_id)
        done[(trial.task_id, trial.trial)] = trial
    if changed:
        shown = ", ".join(sorted(changed)[:5]) + (", ..." if len(changed) > 5 else "")
        raise ValueError(f"results file {path}: {len(changed)} task(s) changed since they were run ({shown}); {_HINT}")
    return done


def run_logged(
    agent: Callable,
    tasks: Sequence[Task],
    world: Mapping[str, Any],
    out: str | Path,
    *,
    trials: int = 8,
    max_calls: int = 30,
    fresh: bool = False,
) -> AgentRun:
    """:func:`~aipm_kit.agents.scoring.run_agent`, writing each trial to ``out`` as it is scored.

    An existing ``out`` from the same agent, tasks and world is resumed (finished trials are kept,
    not rerun). With ``fresh=True`` the run is written to ``<out>.partial`` and replaces ``out``
    only when every trial is done: an interrupted fresh run leaves the old log as it was.

    Parameters
    ----------
    agent : callable
        As for :func:`~aipm_kit.agents.scoring.run_agent`.
    tasks : sequence of Task
        The tasks.
    world : mapping
        The store's start state.
    out : str or Path
        The JSONL log (its folder is made; a folder there is refused with a ValueError).
    trials : int, default 8
        Trials per task.
    max_calls : int, default 30
        Calls allowed in one trial before it is cut.
    fresh : bool, default False
        Start over instead of resuming.

    Returns
    -------
    AgentRun
        Every trial, the resumed ones and the new.

    Raises
    ------
    ValueError
        When an existing log was written by another agent or with other parameters, on another start state,
        or for tasks that changed since (the message says which, and to pass a new path or ``fresh=True``).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from aipm_kit.agents.scripted import ScriptedAgent
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> world, tasks = load_store_tasks()
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     out = Path(folder) / "v1.jsonl"
    ...     first = run_logged(ScriptedAgent("v1"), tasks[:2], world, out, trials=2)
    ...     again = run_logged(ScriptedAgent("v1"), tasks[:3], world, out, trials=2)  # T001, T002 reused
    ...     lines = len(out.read_text().splitlines())
    ...     try:
    ...         run_logged(ScriptedAgent("v2"), tasks[:2], world, out, trials=2)
    ...     except ValueError as err:
    ...         refused = str(err)
    >>> len(first.trials), len(again.trials), lines
    (4, 6, 6)
    >>> print(refused)
    results file .../v1.jsonl was written by another agent or with other parameters than 'scripted-v2'; use a new
    results path (--out) or start it over with --fresh
    """
    out = Path(out)
    if out.is_dir():
        raise ValueError(f"--out {out} is a folder, not a JSONL file")
    out.parent.mkdir(parents=True, exist_ok=True)
    target = out.with_name(out.name + ".partial") if fresh else out
    if fresh and target.exists():
        target.unlink()  # a half-written side file of an earlier fresh run, never the person's log
    done = {}
    if not fresh and out.exists():
        data = out.read_bytes()
        if data and not data.endswith(b"\n") and not _whole(data[data.rfind(b"\n") + 1 :]):
            import warnings

            warnings.warn(f"{out.name}: its last line was cut off by a crash; that trial will run again", stacklevel=2)
        truncate_torn_tail(out)
        done = _resumable(out, tasks, world, agent)
    keys = {
        "agent": getattr(agent, "name", type(agent).__name__),
        "source": source_key(agent),
        "world_key": _digest(world)[:16],
    }
    task_keys = {t.id: task_key(t) for t in tasks}
    with open(target, "a", encoding="utf-8") as fh:

        def write(trial: Trial) -> None:
            import json

            fh.write(
                json.dumps(
                    {**keys, "task_key": task_keys[trial.task_id], **trial.to_dict()}, ensure_ascii=False, default=str
                )
                + "\n"
            )
            fh.flush()
            os.fsync(fh.fileno())

        run = run_agent(agent, tasks, world, trials=trials, max_calls=max_calls, on_trial=write, done=done)
    if fresh:
        os.replace(target, out)
    return run
