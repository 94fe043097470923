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

    Parameters
    ----------
    executed : str, pathlib.Path or nbformat.NotebookNode
        The executed notebook (not changed).

    Returns
    -------
    nbformat.NotebookNode
        The learner's copy, cells tagged ``remove-cell`` left out.

    Raises
    ------
    ValueError
        When the notebook breaks the exercise convention (unbalanced solution markers, no ``____`` stub, ...).

    Examples
    --------
    >>> import nbformat
    >>> def ran(source, text, tags=()):
    ...     out = nbformat.v4.new_output("stream", text=text)
    ...     return nbformat.v4.new_code_cell(source, outputs=[out], metadata={"tags": list(tags)})
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [
    ...     ran("print(120 * 3)", "360\\n"),
    ...     ran("q1_answer = ____\\n### BEGIN SOLUTION\\nq1_answer = 360\\n### END SOLUTION", "", ["solution"]),
    ...     ran("q1.check(q1_answer)", "Correct\\n"),
    ...     ran("q1.solution()", "q1_answer = 360\\n"),
    ... ]
    >>> page = learner_notebook(nb)
    >>> [(cell.source, [out.get("text", out.get("data", {}).get("text/plain")) for out in cell.outputs])
    ...  for cell in page.cells]  # doctest: +NORMALIZE_WHITESPACE
    [('print(120 * 3)', ['360\\n']), ('q1_answer = ____', []), ('q1.check(q1_answer)', []),
     ('q1.solution()', ['The worked answer is not on the learner site: run this cell in JupyterLab when you want it.'])]
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
