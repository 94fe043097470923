"""One learner's workspace read from disk: a record per notebook, an entry per exercise.

A notebook's record says how far the learner got (complete, in progress, not started, unreadable),
what each exercise's check printed and the answer line they typed, the gate verdicts their run
recorded and the literal values of their parameters cell. Nothing is run and nothing is written.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

_RESULT = re.compile(r"^\[(?P<name>.+?)\] (?P<status>Correct|Not yet|Not attempted): ?(?P<message>.*)", re.S)
_HEADING = re.compile(r"^###\s+Exercise\s+(?P<name>.+?)\s*$", re.M)
_NUMBER = re.compile(r"^(\d\d)_.*\.ipynb$")


@dataclass(frozen=True)
class ExerciseRecord:
    """One exercise in one learner's notebook: ``status`` is correct, wrong, blank or not run."""

    name: str
    status: str
    answer: str = ""


@dataclass(frozen=True)
class NotebookRecord:
    """One learner's copy of one notebook, as read from disk."""

    number: str
    path: str
    status: str  # complete | in progress | not started | unreadable
    exercises: tuple[ExerciseRecord, ...] = ()
    verdicts: dict = field(default_factory=dict)  # gate title -> verdict
    params: dict = field(default_factory=dict)  # parameter -> value (literals only)
    problem: str = ""


def _tags(cell) -> list:
    return list(cell.get("metadata", {}).get("tags", []) or [])


def _literals(source: str) -> dict:
    """``NAME = literal`` assignments of a parameters cell (anything else is skipped, never run)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except (ValueError, SyntaxError, TypeError):
                continue
    return found


def _answer(source: str) -> str:
    """The answer as the learner typed it: the solution cell's lines before its ``.check(`` call."""
    lines = [
        ln
        for ln in source.splitlines()
        if ln.strip()
        and not ln.lstrip().startswith("#")
        and ".check(" not in ln
        and not ln.lstrip().startswith(("print(", "display("))
    ]
    text = " ".join(" ".join(lines).split())
    return text[:160]


def _text(out) -> str:
    data = out.get("data", {}) if out.get("output_type") in ("execute_result", "display_data") else {}
    plain = data.get("text/plain", "")
    if out.get("output_type") == "stream":
        plain = out.get("text", "")
    return "".join(plain) if isinstance(plain, list) else str(plain)


def read_notebook_record(path: Path, number: str) -> NotebookRecord:
    """A learner's notebook as a record; an unreadable file is a record that says why."""
    import nbformat

    try:
        nb = nbformat.read(str(path), as_version=4)
    except Exception as exc:  # noqa: BLE001 - a broken file is counted, not a crash
        return NotebookRecord(
            number, str(path), "unreadable", problem=f"{type(exc).__name__}: {' '.join(str(exc).split())[:120]}"
        )
    from ..story import FACT_MIME

    exercises, verdicts, params, ran = [], {}, {}, False
    heading = None
    for cell in nb.cells:
        source = cell.get("source", "")
        if cell.get("cell_type") == "markdown":
            found = _HEADING.findall(source)
            heading = found[-1] if found else heading
            continue
        if cell.get("cell_type") != "code":
            continue
        tags = _tags(cell)
        outputs = cell.get("outputs", []) or []
        ran = ran or bool(outputs) or cell.get("execution_count") is not None
        if "parameters" in tags or "injected-parameters" in tags:
            params.update(_literals(source))
        for out in outputs:
            payload = (out.get("data") or {}).get(FACT_MIME)
            if isinstance(payload, str):
                try:
                    payload = json.loads(payload)
                except json.JSONDecodeError:
                    payload = None
            for item in payload if isinstance(payload, list) else [payload] if payload else []:
                value = item.get("value") if isinstance(item, dict) else None
                if isinstance(value, dict) and "verdict" in value:
                    verdicts[str(value.get("title") or item.get("key"))] = str(value["verdict"])
        if "solution" in tags and ".check(" in source:
            result = next((m for m in (_RESULT.match(_text(o).strip()) for o in outputs) if m), None)
            name = result.group("name") if result else (heading or "?")
            if result is None:
                status = "not run"
            else:
                status = {"Correct": "correct", "Not yet": "wrong", "Not attempted": "blank"}[result.group("status")]
            exercises.append(ExerciseRecord(name, status, "" if status == "blank" else _answer(source)))
    if not ran:
        status = "not started"
    elif exercises and all(e.status == "correct" for e in exercises):
        status = "complete"
    else:
        status = "in progress"
    return NotebookRecord(number, str(path), status, tuple(exercises), verdicts, params)


def read_workspace(folder: str | Path) -> dict[str, NotebookRecord]:
    """Every course notebook (``NN_*.ipynb``) inside one learner's folder, by number (checkpoints skipped)."""
    folder = Path(folder)
    records = {}
    for path in sorted(folder.rglob("[0-9][0-9]_*.ipynb")):
        if ".ipynb_checkpoints" in path.parts or not _NUMBER.match(path.name):
            continue
        number = path.name[:2]
        if number not in records:  # the first copy found (sorted paths) counts
            records[number] = read_notebook_record(path, number)
    return records
