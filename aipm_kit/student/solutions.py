"""The exercise convention and the student version of one notebook.

An exercise is a code cell tagged ``solution`` whose worked answer sits between ``### BEGIN SOLUTION``
and ``### END SOLUTION`` after a ``____`` stub; a hidden self-test cell is tagged ``remove-cell``. This
module checks a notebook keeps the convention and builds its student version in memory: solution blocks
stripped to their stubs, self-test cells dropped, outputs and run metadata cleared.
"""

from __future__ import annotations

import copy
import re

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB = "____"
SOLUTION_TAG = "solution"
REMOVE_TAG = "remove-cell"
_BLOCK = re.compile(r"^[ \t]*### BEGIN SOLUTION[^\n]*\n.*?^[ \t]*### END SOLUTION[^\n]*(\n|\Z)", re.M | re.S)


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _read(notebook):
    from ..story import read_notebook

    return read_notebook(notebook)


def strip_solution(source: str, *, where: str = "cell") -> str:
    """Remove every ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` block, keeping the stub.

    Raises ``ValueError`` (naming ``where``) when the markers are unbalanced or
    when no ``____`` stub is left outside the solution.

    Parameters
    ----------
    source : str
        A solution cell's source.
    where : str, default "cell"
        How the error messages name the cell (``"cell 4"``).

    Returns
    -------
    str
        The source without its solution blocks (marker lines included) and without trailing newlines.

    Examples
    --------
    >>> print(strip_solution("x = ____\\n### BEGIN SOLUTION\\nx = 42\\n### END SOLUTION\\nq1.check(x)"))
    x = ____
    q1.check(x)
    >>> strip_solution("### BEGIN SOLUTION\\nx = 42\\n### END SOLUTION\\nq1.check(x)", where="cell 7")
    Traceback (most recent call last):
    ...
    ValueError: cell 7: a solution cell needs a `____` stub outside its solution block (e.g. ...)
    """
    begins, ends = source.count(BEGIN), source.count(END)
    if begins != ends or not begins:
        raise ValueError(
            f"{where}: a solution cell needs matching '{BEGIN}' and '{END}' lines, found {begins} and {ends}"
        )
    stripped = _BLOCK.sub("", source)
    if BEGIN in stripped or END in stripped:
        raise ValueError(f"{where}: '{END}' comes before its '{BEGIN}'")
    if STUB not in stripped:
        raise ValueError(
            f"{where}: a solution cell needs a `{STUB}` stub outside its solution block "
            f"(e.g. `q1_answer = {STUB}` before '{BEGIN}')"
        )
    return stripped.rstrip("\n")


def solution_problems(notebook) -> list[str]:
    """Every way the authored notebook breaks the exercise convention (empty when fine).

    A cell tagged ``solution`` or holding a solution marker must be a code cell, be tagged
    ``solution``, and pass :func:`strip_solution`.

    Parameters
    ----------
    notebook : str, pathlib.Path or nbformat.NotebookNode
        The authored notebook, as a path or already read.

    Returns
    -------
    list of str
        One message per problem, naming the cell by its index; empty when the notebook is fine.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    >>> untagged = new_code_cell("x = ____\\n### BEGIN SOLUTION\\nx = 42\\n### END SOLUTION")
    >>> prose = new_markdown_cell("### BEGIN SOLUTION\\n42\\n### END SOLUTION")
    >>> for problem in solution_problems(new_notebook(cells=[untagged, prose])):
    ...     print(problem)
    cell 0: has solution markers but is not tagged 'solution'
    cell 1: solution markers in a markdown cell
    """
    nb = _read(notebook)
    problems = []
    for i, cell in enumerate(nb.cells):
        tags = _tags(cell)
        has_markers = BEGIN in cell.source or END in cell.source
        if SOLUTION_TAG in tags or has_markers:
            if cell.cell_type != "code":
                problems.append(f"cell {i}: solution markers in a {cell.cell_type} cell")
                continue
            if SOLUTION_TAG not in tags:
                problems.append(f"cell {i}: has solution markers but is not tagged '{SOLUTION_TAG}'")
            try:
                strip_solution(cell.source, where=f"cell {i}")
            except ValueError as exc:
                problems.append(str(exc))
    return problems


def make_student_notebook(notebook):
    """The student version of an authored notebook (an ``nbformat`` node; the input is unchanged).

    Solution cells keep their stub and check, cells tagged ``remove-cell`` are dropped, every output
    and execution count is cleared, and papermill's and the widgets' metadata are removed.

    Parameters
    ----------
    notebook : str, pathlib.Path or nbformat.NotebookNode
        The authored notebook; one that breaks the exercise convention (see :func:`solution_problems`)
        is refused with ``ValueError`` listing the problems.

    Returns
    -------
    nbformat.NotebookNode
        The student version, a new notebook.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> exercise = new_code_cell(
    ...     "q1_answer = ____\\n### BEGIN SOLUTION\\nq1_answer = 0.8\\n### END SOLUTION\\nq1.check(q1_answer)",
    ...     metadata={"tags": ["solution"]},
    ...     outputs=[new_output("stream", text="[Q1] Correct")],
    ... )
    >>> self_test = new_code_cell("assert q1_answer == 0.8", metadata={"tags": ["remove-cell"]})
    >>> student = make_student_notebook(new_notebook(cells=[exercise, self_test]))
    >>> [cell.source for cell in student.cells], student.cells[0].outputs
    (['q1_answer = ____\\nq1.check(q1_answer)'], [])
    >>> make_student_notebook(new_notebook(cells=[new_code_cell("### BEGIN SOLUTION")]))
    Traceback (most recent call last):
    ...
    ValueError: cannot make a student copy: cell 0: has solution markers but is not tagged 'solution'; ...
    """
    nb = copy.deepcopy(_read(notebook))
    problems = solution_problems(nb)
    if problems:
        raise ValueError("cannot make a student copy: " + "; ".join(problems))
    cells = []
    for i, cell in enumerate(nb.cells):
        tags = _tags(cell)
        if REMOVE_TAG in tags:
            continue
        if cell.cell_type == "code":
            if SOLUTION_TAG in tags or BEGIN in cell.source:
                cell.source = strip_solution(cell.source, where=f"cell {i}")
            cell.outputs = []
            cell.execution_count = None
        for key in ("papermill", "execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    return nb
