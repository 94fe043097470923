"""Student copies of the notebooks: solutions stripped, self-tests removed, outputs cleared.

Authored notebooks carry their worked answers. An exercise is a code cell
tagged ``solution``::

    q1_answer = ____
    ### BEGIN SOLUTION
    q1_answer = rule.recall
    ### END SOLUTION
    q1.check(q1_answer)

followed by a hidden self-test cell tagged ``remove-cell``. The student copy
keeps the stub and the check and drops the block between the markers, so an
unattempted exercise prints a nudge (``____`` is the "not attempted"
sentinel) instead of failing; the self-test cells are dropped and every output
is cleared. ``aipm student-copy [--out student/]`` writes one copy per course
notebook; the copies are generated, never edited by hand.
"""

from __future__ import annotations

import copy
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB = "____"
SOLUTION_TAG = "solution"
REMOVE_TAG = "remove-cell"
_BLOCK = re.compile(r"^[ \t]*### BEGIN SOLUTION[^\n]*\n.*?^[ \t]*### END SOLUTION[^\n]*(\n|\Z)", re.M | re.S)


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _read(notebook):
    from .story import read_notebook

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
        raise ValueError(f"{where}: a solution cell needs matching '{BEGIN}' and '{END}' lines, "
                         f"found {begins} and {ends}")
    stripped = _BLOCK.sub("", source)
    if BEGIN in stripped or END in stripped:
        raise ValueError(f"{where}: '{END}' comes before its '{BEGIN}'")
    if STUB not in stripped:
        raise ValueError(f"{where}: a solution cell needs a `{STUB}` stub outside its solution block "
                         f"(e.g. `q1_answer = {STUB}` before '{BEGIN}')")
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


@dataclass(frozen=True)
class StudentCopy:
    """One written student copy and what was taken out of it."""

    source: Path
    target: Path
    solutions_stripped: int
    cells_removed: int

    def row(self) -> dict:
        return {"notebook": self.source.name, "student copy": str(self.target),
                "solutions stripped": self.solutions_stripped, "self-tests removed": self.cells_removed}


def write_student_copy(notebook: str | Path, target: str | Path) -> StudentCopy:
    """Write the student copy of ``notebook`` to ``target`` (a file path)."""
    import nbformat

    source = Path(notebook)
    nb = _read(source)
    student = make_student_notebook(nb)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(student, target)
    return StudentCopy(source=source, target=target,
                       solutions_stripped=sum(SOLUTION_TAG in _tags(c) for c in nb.cells),
                       cells_removed=sum(REMOVE_TAG in _tags(c) for c in nb.cells))


@dataclass(frozen=True)
class StudentCopies:
    out: Path
    copies: tuple[StudentCopy, ...]

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([c.row() for c in self.copies])

    def __repr__(self) -> str:
        lines = [f"Student copies -> {self.out} ({len(self.copies)} notebooks)"]
        for c in self.copies:
            lines.append(f"  {c.target.name:45s} {c.solutions_stripped} solution(s) stripped, "
                         f"{c.cells_removed} self-test cell(s) removed")
        return "\n".join(lines)


def make_student_copies(out: str | Path = "student", *, notebooks: Iterable[str | Path] | None = None,
                        notebooks_dir: str | Path | None = None, only: list[str] | None = None) -> StudentCopies:
    """Write student copies of the course notebooks (or of ``notebooks``) into ``out``.

    Examples
    --------
    >>> copies = make_student_copies("student")  # doctest: +SKIP
    >>> copies.to_frame()  # doctest: +SKIP
    """
    from .course import NOTEBOOKS, discover

    if notebooks is None:
        sources = discover(Path(notebooks_dir) if notebooks_dir else NOTEBOOKS, only)
    else:
        sources = [Path(n) for n in notebooks]
    if not sources:
        raise FileNotFoundError("no notebooks to copy")
    out = Path(out)
    problems = {s.name: solution_problems(s) for s in sources}
    bad = {k: v for k, v in problems.items() if v}
    if bad:  # refuse before writing anything: a half-stripped copy would leak answers
        raise ValueError("cannot make student copies: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in bad.items()))
    copies = tuple(write_student_copy(s, out / s.name) for s in sources)
    return StudentCopies(out=out, copies=copies)


def register_cli(subparsers) -> None:
    p = subparsers.add_parser("student-copy", help="write the notebooks with solutions stripped, for learners")
    p.add_argument("notebooks", nargs="*", help="notebooks to copy (default: the whole course)")
    p.add_argument("--out", default="student", help="output folder (default: student)")
    p.add_argument("--only", default="", help="comma-separated course notebook numbers, e.g. 01,02")
    p.set_defaults(func=_cli_student)


def _cli_student(args) -> int:
    only = [o for o in args.only.split(",") if o.strip()] or None
    copies = make_student_copies(args.out, notebooks=args.notebooks or None, only=only)
    print(copies)
    print("Hand these out; the authored notebooks keep the solutions.", file=sys.stderr)
    return 0
