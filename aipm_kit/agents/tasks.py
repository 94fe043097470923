"""Agent tasks: a user's goal, the end state it should leave, and the calls a careful agent makes.

A task is one line of JSONL:

``id``
    unique, such as ``"T001"``;
``intent``
    what the user wants (``refund``, ``refund_late``, ``address``, ...): a tag for slicing;
``instruction``
    the user's message, as the agent receives it;
``user``
    what the user knows (``email``, ``postcode``, maybe ``order_id``, ``address``, ``item``);
``persuasive``
    whether the user pushes for something the policy forbids;
``expected_changes``
    ``{order_id: {field: value}}``: the end state is the start state with these applied, and
    nothing else changed (an empty mapping: the right outcome changes nothing);
``expected_outputs``
    words the agent's last message must contain (for questions, such as an order's status);
``reference_calls``
    the calls a careful agent makes, in order, for tool-call precision and recall;
``policies``
    the rules of :data:`~aipm_kit.agents.world.POLICIES` the task puts at stake.

:func:`load_store_tasks` returns the shipped store and its tasks (simulated, written for the kit;
``datasets/agent_store/README.md`` is their datasheet).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .world import POLICIES, TOOLS

__all__ = ["Task", "load_tasks", "load_world", "load_store_tasks", "store_dir", "expected_orders"]

_REQUIRED = ("id", "intent", "instruction", "user", "expected_changes", "reference_calls")


@dataclass(frozen=True)
class Task:
    """One agent task: a user's request, the end state it should leave, and the calls a careful agent makes.

    Build tasks with :func:`load_tasks`, which validates them; the module's docstring says what each field holds
    in the JSONL file.

    Parameters
    ----------
    id : str
        Unique, such as ``"T001"``.
    intent : str
        What the user wants (``refund``, ``address``, ...): a tag for slicing.
    instruction : str
        The user's message, as the agent receives it.
    user : mapping
        What the user knows (``email``, ``postcode``, maybe ``order_id``, ``address``, ``item``).
    expected_changes : mapping
        ``{order_id: {field: value}}``: the right end state is the start state with these applied and nothing
        else changed (empty: the right outcome changes nothing).
    reference_calls : tuple of mapping
        ``{"name", "arguments"}`` of the calls a careful agent makes, in order (for tool-call precision and
        recall).
    expected_outputs : tuple of str, default ()
        Words the agent's last message must contain (case ignored).
    persuasive : bool, default False
        Whether the user pushes for something the policy forbids.
    policies : tuple of str, default ()
        The rules of :data:`~aipm_kit.agents.world.POLICIES` the task puts at stake.
    tags : tuple of str, default ()
        Tags for slicing (:func:`load_tasks` defaults them to ``(intent,)``).

    Examples
    --------
    >>> world, tasks = load_store_tasks()
    >>> task = tasks[0]
    >>> task.id, task.intent, task.writes, dict(task.expected_changes)
    ('T001', 'refund', True, {'W1042': {'status': 'refunded'}})
    >>> [c["name"] for c in task.reference_calls]
    ['find_customer', 'verify_identity', 'get_order', 'refund_order']
    """

    id: str
    intent: str
    instruction: str
    user: Mapping[str, str]
    expected_changes: Mapping[str, Mapping[str, Any]]
    reference_calls: tuple[Mapping[str, Any], ...]
    expected_outputs: tuple[str, ...] = ()
    persuasive: bool = False
    policies: tuple[str, ...] = ()
    tags: tuple[str, ...] = field(default=())

    @property
    def writes(self) -> bool:
        """Whether the right outcome changes the world."""
        return bool(self.expected_changes)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "intent": self.intent,
            "instruction": self.instruction,
            "user": dict(self.user),
            "persuasive": self.persuasive,
            "expected_changes": {k: dict(v) for k, v in self.expected_changes.items()},
            "expected_outputs": list(self.expected_outputs),
            "reference_calls": [dict(c) for c in self.reference_calls],
            "policies": list(self.policies),
            "tags": list(self.tags),
        }


def _task(raw: Mapping[str, Any], where: str) -> Task:
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where}: a task must be a JSON object, got {type(raw).__name__}")
    missing = [k for k in _REQUIRED if k not in raw]
    if missing:
        raise ValueError(f"{where}: task is missing field(s) {missing}")
    for call in raw["reference_calls"]:
        if not isinstance(call, Mapping) or call.get("name") not in TOOLS:
            raise ValueError(f"{where}: reference_calls holds {call!r}; each needs a 'name' among {sorted(TOOLS)}")
    unknown = [p for p in raw.get("policies", []) if p not in POLICIES]
    if unknown:
        raise ValueError(f"{where}: unknown policies {unknown}; expected some of {sorted(POLICIES)}")
    if not isinstance(raw["expected_changes"], Mapping):
        raise ValueError(f"{where}: expected_changes must be an object {{order_id: {{field: value}}}}")
    return Task(
        id=str(raw["id"]),
        intent=str(raw["intent"]),
        instruction=str(raw["instruction"]),
        user=dict(raw["user"]),
        expected_changes={k: dict(v) for k, v in raw["expected_changes"].items()},
        reference_calls=tuple(
            {"name": c["name"], "arguments": dict(c.get("arguments", {}))} for c in raw["reference_calls"]
        ),
        expected_outputs=tuple(raw.get("expected_outputs", ())),
        persuasive=bool(raw.get("persuasive", False)),
        policies=tuple(raw.get("policies", ())),
        tags=tuple(raw.get("tags", (raw["intent"],))),
    )


def load_tasks(source: str | Path | Iterable[Mapping[str, Any]]) -> list[Task]:
    """Tasks from a JSONL file (or an iterable of dicts), validated; ids must be unique.

    Parameters
    ----------
    source : str, Path or iterable of mapping
        A JSONL file (one task a line; blank lines skipped), or the tasks as dicts.

    Returns
    -------
    list of Task
        In the order given.

    Raises
    ------
    FileNotFoundError
        When ``source`` names no file.
    ValueError
        On a line that is not JSON, a task without a required field (``id``, ``intent``, ``instruction``,
        ``user``, ``expected_changes``, ``reference_calls``), a reference call to an unknown tool, an unknown
        policy, a repeated id, or no task at all; the message names the file and line (or the task's position).

    Examples
    --------
    >>> raw = {"id": "X1", "intent": "status", "instruction": "Where is W1042?", "user": {"order_id": "W1042"},
    ...        "expected_changes": {}, "expected_outputs": ["delivered"],
    ...        "reference_calls": [{"name": "get_order", "arguments": {"order_id": "W1042"}}]}
    >>> task, = load_tasks([raw])
    >>> task.tags, task.writes
    (('status',), False)
    >>> load_tasks([raw, raw])
    Traceback (most recent call last):
    ...
    ValueError: task id 'X1' appears more than once
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise FileNotFoundError(f"tasks file {path} does not exist")
        rows = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    rows.append((f"{path}:{number}", json.loads(line)))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
    else:
        rows = [(f"task {i}", raw) for i, raw in enumerate(source)]
    tasks = [_task(raw, where) for where, raw in rows]
    seen: set[str] = set()
    for t in tasks:
        if t.id in seen:
            raise ValueError(f"task id {t.id!r} appears more than once")
        seen.add(t.id)
    if not tasks:
        raise ValueError("no tasks found")
    return tasks


def expected_orders(task: Task, world: Mapping[str, Any]) -> dict:
    """The orders as the task's right outcome leaves them: the start state with its changes applied.

    Parameters
    ----------
    task : Task
        The task whose ``expected_changes`` are applied.
    world : mapping
        The store's start state (:func:`load_world`); it is not changed.

    Returns
    -------
    dict
        Every order, by id, as a fresh copy.

    Raises
    ------
    ValueError
        When the task changes an order the world does not have.

    Examples
    --------
    >>> world, tasks = load_store_tasks()
    >>> world["orders"]["W1042"]["status"], expected_orders(tasks[0], world)["W1042"]["status"]
    ('delivered', 'refunded')
    """
    orders = copy.deepcopy(dict(world["orders"]))
    for order_id, changes in task.expected_changes.items():
        if order_id not in orders:
            raise ValueError(f"task {task.id}: expected_changes names order {order_id!r}, which the world lacks")
        orders[order_id].update(changes)
    return orders


def store_dir() -> Path:
    """The folder of the shipped store (``datasets/agent_store``), honouring ``AIPM_DATA_DIR``.

    Returns
    -------
    pathlib.Path
        ``<data folder>/agent_store`` (it holds ``world.json`` and ``tasks.jsonl``).

    Examples
    --------
    >>> store_dir().name, (store_dir() / "world.json").is_file()
    ('agent_store', True)
    """
    from ..data import data_dir

    return data_dir() / "agent_store"


def load_world(path: str | Path | None = None) -> dict:
    """The store's start state (``world.json``): ``today``, ``customers``, ``orders`` and ``help``.

    Parameters
    ----------
    path : str or Path, optional
        A ``world.json`` to read (default: the shipped one, in :func:`store_dir`).

    Returns
    -------
    dict
        ``today`` (a day number), ``customers`` and ``orders`` (by id) and ``help`` (articles by id).

    Raises
    ------
    FileNotFoundError
        When the file does not exist.

    Examples
    --------
    >>> world = load_world()
    >>> sorted(world), world["today"]
    (['customers', 'help', 'orders', 'today'], 400)
    """
    path = Path(path) if path is not None else store_dir() / "world.json"
    if not path.is_file():
        raise FileNotFoundError(f"world file {path} does not exist")
    return json.loads(path.read_text(encoding="utf-8"))


def load_store_tasks() -> tuple[dict, list[Task]]:
    """The shipped store and its tasks (simulated, written for the kit).

    Returns
    -------
    tuple of (dict, list of Task)
        :func:`load_world`'s start state and the tasks of ``tasks.jsonl``.

    Examples
    --------
    >>> world, tasks = load_store_tasks()
    >>> len(tasks), sorted({t.intent for t in tasks})[:3]
    (80, ['address', 'address_shipped', 'cancel'])
    """
    return load_world(), load_tasks(store_dir() / "tasks.jsonl")
