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

    Examples
    --------
    >>> print(strip_solution("x = ____\\n### BEGIN SOLUTION\\nx = 42\\n### END SOLUTION\\nq1.check(x)"))
    x = ____
    q1.check(x)
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
    """Every way the authored notebook breaks the exercise convention (empty when fine)."""
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
    """The student version of an authored notebook (an ``nbformat`` node; the input is unchanged)."""
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
