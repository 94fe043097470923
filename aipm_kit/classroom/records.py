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
    """One exercise in one learner's notebook: ``status`` is correct, wrong, blank or not run.

    Parameters
    ----------
    name : str
        The exercise's name, as its check printed it (``[Q1] ...``) or, when it was not run, the
        ``### Exercise`` heading above it.
    status : str
        ``"correct"``, ``"wrong"`` or ``"blank"`` (the check said Correct, Not yet or Not attempted),
        or ``"not run"`` (the cell has no check output).
    answer : str, default ""
        The answer line as the learner typed it (at most 160 characters); empty for a blank answer.

    Examples
    --------
    >>> ExerciseRecord("Q1", "wrong", "q1_answer = 0.25")
    ExerciseRecord(name='Q1', status='wrong', answer='q1_answer = 0.25')
    """

    name: str
    status: str
    answer: str = ""


@dataclass(frozen=True)
class NotebookRecord:
    """One learner's copy of one notebook, as read from disk.

    :func:`read_notebook_record` builds one; :func:`aipm_kit.classroom.class_summary` counts them.

    Parameters
    ----------
    number : str
        The notebook's two-digit course number (``"01"``).
    path : str
        Where the learner's copy is.
    status : str
        ``"complete"`` (every exercise correct), ``"in progress"``, ``"not started"`` (no cell was run)
        or ``"unreadable"``.
    exercises : tuple of ExerciseRecord, default ()
        The exercises, in notebook order.
    verdicts : dict, default {}
        Each gate's title to the verdict the learner's run recorded.
    params : dict, default {}
        The parameters cell's ``NAME = literal`` values (anything else in it is skipped, never run).
    problem : str, default ""
        Why an unreadable file could not be read.

    Examples
    --------
    >>> record = NotebookRecord("01", "ana/01_demo.ipynb", "in progress", (ExerciseRecord("Q1", "correct"),))
    >>> record.status, [e.name for e in record.exercises], record.verdicts
    ('in progress', ['Q1'], {})
    """

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
    """A learner's notebook as a record; an unreadable file is a record that says why.

    Nothing in the notebook is run: exercises are read from the outputs of the cells tagged
    ``solution`` that call ``.check(``, verdicts from the gate facts the run displayed, and parameters
    from the literal assignments of the cell tagged ``parameters`` (or ``injected-parameters``).

    Parameters
    ----------
    path : pathlib.Path
        The learner's copy of the notebook.
    number : str
        The notebook's two-digit course number, stored in the record.

    Returns
    -------
    NotebookRecord
        The notebook's progress, exercises, verdicts and parameters; for a file that is not a readable
        notebook, status ``"unreadable"`` and the error in ``problem``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import nbformat
    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
    >>> learner = new_notebook(
    ...     cells=[
    ...         new_code_cell('CUTOFF = 0.7\\nMY_DECISION = "ship"', metadata={"tags": ["parameters"]}),
    ...         new_markdown_cell("### Exercise Q1"),
    ...         new_code_cell(
    ...             "q1_answer = 0.25\\nq1.check(q1_answer)",
    ...             metadata={"tags": ["solution"]},
    ...             outputs=[new_output("stream", text="[Q1] Not yet: recall counts the fraud caught.")],
    ...         ),
    ...     ]
    ... )
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     nbformat.write(learner, Path(folder) / "01_demo.ipynb")
    ...     _ = (Path(folder) / "02_demo.ipynb").write_text("{not json")
    ...     record = read_notebook_record(Path(folder) / "01_demo.ipynb", "01")
    ...     broken = read_notebook_record(Path(folder) / "02_demo.ipynb", "02")
    >>> record.status, record.params
    ('in progress', {'CUTOFF': 0.7, 'MY_DECISION': 'ship'})
    >>> record.exercises
    (ExerciseRecord(name='Q1', status='wrong', answer='q1_answer = 0.25'),)
    >>> broken.status, broken.problem
    ('unreadable', "NotJSONError: Notebook does not appear to be JSON: '{not json'")
    """
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
    """Every course notebook (``NN_*.ipynb``) inside one learner's folder, by number (checkpoints skipped).

    Parameters
    ----------
    folder : str or pathlib.Path
        One learner's folder; the notebooks may be anywhere inside it. When two copies of a notebook
        are found, the first in sorted path order counts.

    Returns
    -------
    dict of str to NotebookRecord
        Each notebook number found (``"01"``) to its record (see :func:`read_notebook_record`).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import nbformat
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     (Path(folder) / "workspace" / ".ipynb_checkpoints").mkdir(parents=True)
    ...     nbformat.write(new_notebook(cells=[new_code_cell("x = 1")]), Path(folder) / "workspace" / "03_demo.ipynb")
    ...     _ = (Path(folder) / "workspace" / ".ipynb_checkpoints" / "04_demo.ipynb").write_text("{}")
    ...     _ = (Path(folder) / "notes.ipynb").write_text("{}")
    ...     records = read_workspace(folder)
    >>> {number: record.status for number, record in records.items()}
    {'03': 'not started'}
    """
    folder = Path(folder)
    records = {}
    for path in sorted(folder.rglob("[0-9][0-9]_*.ipynb")):
        if ".ipynb_checkpoints" in path.parts or not _NUMBER.match(path.name):
            continue
        number = path.name[:2]
        if number not in records:  # the first copy found (sorted paths) counts
            records[number] = read_notebook_record(path, number)
    return records
