"""The learner's version of an executed notebook: the student copy with the outputs of every cell
except the exercises, so a learner page shows the run's tables and figures but no answer."""

from __future__ import annotations

import copy
import re

from .static import _note

SOLUTION_NOTE = "The worked answer is not on the learner site: run this cell in JupyterLab when you want it."
# an exercise object (q1, q2, ...) asked to check an answer or show its solution
_EXERCISE_CALL = re.compile(r"\bq\d+\w*\.(check|solution)\(")


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def learner_notebook(executed):
    """The learner's page of an executed notebook: the student copy, with the other cells' outputs.

    :func:`aipm_kit.student.make_student_notebook` makes the copy (solution cells replaced by their
    stubs, self-tests dropped, every output cleared); the executed outputs are then put back on every
    cell except the exercise cells, so the page shows the run's tables and figures but no answer and
    no "Correct" verdict. ``qN.solution()`` cells get a note instead of their output. Raises
    ``ValueError`` when the notebook breaks the exercise convention (a copy could leak an answer).
    """
    from ..story import read_notebook
    from ..student import BEGIN, REMOVE_TAG, SOLUTION_TAG, make_student_notebook

    nb = read_notebook(executed)
    student = make_student_notebook(nb)
    kept = [c for c in nb.cells if REMOVE_TAG not in _tags(c)]
    if len(kept) != len(student.cells):
        raise ValueError(f"the student copy has {len(student.cells)} cells, expected {len(kept)}")
    for original, cell in zip(kept, student.cells):
        if original.get("id") != cell.get("id") or original.cell_type != cell.cell_type:
            raise ValueError("the student copy's cells do not line up with the executed notebook's")
        if cell.cell_type != "code":
            continue
        if SOLUTION_TAG in _tags(original) or BEGIN in original.source:
            continue  # the stub, without its output
        calls = {m.group(1) for m in _EXERCISE_CALL.finditer(original.source)}
        if calls:
            cell.outputs = [_note(SOLUTION_NOTE)] if "solution" in calls else []
            continue
        cell.outputs = copy.deepcopy(original.get("outputs", []))
        cell.execution_count = original.get("execution_count")
    return student
