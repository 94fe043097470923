"""The student copies of a whole course, and the ``aipm student-copy`` command that writes them.

:func:`make_student_copies` checks every notebook keeps the exercise convention before writing any
copy, refuses to write into a folder of authored notebooks, and returns the :class:`StudentCopies`
that print as the command's report.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .. import course_core as _core
from .copies import StudentCopy, write_student_copy
from .solutions import solution_problems


@dataclass(frozen=True)
class StudentCopies:
    """The student copies written in one run; its ``repr`` is the command's report.

    Parameters
    ----------
    out : pathlib.Path
        The folder the copies were written to.
    copies : tuple of StudentCopy
        One per notebook, in course order.

    Examples
    --------
    >>> from pathlib import Path
    >>> from aipm_kit.student.copies import StudentCopy
    >>> one = StudentCopy(Path("notebooks/01_demo.ipynb"), Path("student/01_demo.ipynb"), 2, 1)
    >>> copies = StudentCopies(Path("student"), (one,))
    >>> copies
    Student copies -> student (1 notebooks)
      01_demo.ipynb                                 2 solution(s) stripped, 1 self-test cell(s) removed
    >>> copies.to_frame().columns.tolist()
    ['notebook', 'student copy', 'solutions stripped', 'self-tests removed', 'note']
    """

    out: Path
    copies: tuple[StudentCopy, ...]

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([c.row() for c in self.copies])

    def __repr__(self) -> str:
        lines = [f"Student copies -> {self.out} ({len(self.copies)} notebooks)"]
        for c in self.copies:
            lines.append(
                f"  {c.target.name:45s} {c.solutions_stripped} solution(s) stripped, "
                f"{c.cells_removed} self-test cell(s) removed" + (f"; {c.note}" if c.note else "")
            )
        return "\n".join(lines)


def make_student_copies(
    out: str | Path = "student",
    *,
    notebooks: Iterable[str | Path] | None = None,
    notebooks_dir: str | Path | None = None,
    only: list[str] | None = None,
    force: bool = False,
) -> StudentCopies:
    """Write student copies of the course notebooks (or of ``notebooks``) into ``out``.

    A copy the learner edited is kept and the fresh one written beside it (see
    :func:`write_student_copy`); ``force`` replaces it. ``out`` may not be a folder
    of authored notebooks.

    Every notebook is checked before any copy is written: one that breaks the exercise
    convention stops the run with ``ValueError`` naming its problems, as a half-stripped
    copy would give answers away.

    Parameters
    ----------
    out : str or pathlib.Path, default "student"
        The folder to write to (created if missing); a file, or a folder of authored
        notebooks, is refused.
    notebooks : iterable of str or pathlib.Path, optional
        The notebooks to copy; None copies the course's ``NN_name.ipynb`` notebooks.
    notebooks_dir : str or pathlib.Path, optional
        Where the course notebooks are found when ``notebooks`` is None (default: the
        kit's ``notebooks/`` folder).
    only : list of str, optional
        Course notebook numbers to copy (``["01", "02"]``); None copies them all.
    force : bool, default False
        True replaces copies the learner edited.

    Returns
    -------
    StudentCopies
        The copies written, in order; it prints as the command's report.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import nbformat
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> exercise = new_code_cell(
    ...     "q1_answer = ____\\n### BEGIN SOLUTION\\nq1_answer = 0.8\\n### END SOLUTION\\nq1.check(q1_answer)",
    ...     metadata={"tags": ["solution"]},
    ... )
    >>> self_test = new_code_cell("assert q1_answer == 0.8", metadata={"tags": ["remove-cell"]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     course = Path(folder) / "course"
    ...     course.mkdir()
    ...     nbformat.write(new_notebook(cells=[exercise, self_test]), course / "01_demo.ipynb")
    ...     copies = make_student_copies(Path(folder) / "student", notebooks_dir=course)
    ...     print(copies)
    Student copies -> .../student (1 notebooks)
      01_demo.ipynb 1 solution(s) stripped, 1 self-test cell(s) removed

    Copies are never written over the notebooks they are made from:

    >>> with tempfile.TemporaryDirectory() as folder:
    ...     course = Path(folder)
    ...     nbformat.write(new_notebook(cells=[exercise]), course / "01_demo.ipynb")
    ...     make_student_copies(course, notebooks_dir=course)
    Traceback (most recent call last):
    ...
    ValueError: --out ... is the authored notebooks folder ...; choose another folder, e.g. --out student
    """
    NOTEBOOKS = _core.NOTEBOOKS  # read at call time, as a test may stand in another folder
    if notebooks is None:
        sources = _core.discover(Path(notebooks_dir) if notebooks_dir else NOTEBOOKS, only)
    else:
        sources = [Path(n) for n in notebooks]
    if not sources:
        raise FileNotFoundError("no notebooks to copy")
    out = Path(out)
    _core.check_out_folder(out)
    for folder in (NOTEBOOKS, *(s.parent for s in sources)):
        if out.resolve() == folder.resolve():
            raise ValueError(
                f"--out {out} is the authored notebooks folder {folder}: the copies would replace "
                f"the notebooks they are made from; choose another folder, e.g. --out student"
            )
    problems = {s.name: solution_problems(s) for s in sources}
    bad = {k: v for k, v in problems.items() if v}
    if bad:  # refuse before writing anything: a half-stripped copy would leak answers
        raise ValueError("cannot make student copies: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in bad.items()))
    copies = tuple(write_student_copy(s, out / s.name, force=force) for s in sources)
    return StudentCopies(out=out, copies=copies)


def register_cli(subparsers) -> None:
    """Add ``aipm student-copy [NOTEBOOK ...] [--out DIR] [--only NN,NN] [--force]`` to the command line.

    The command writes the copies with :func:`make_student_copies`, prints the report and
    says how many edited copies were kept.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The ``aipm`` parser's sub-commands (see :func:`aipm_kit.cli.build_parser`).

    Returns
    -------
    None
        Nothing; the command is added to ``subparsers``.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="aipm")
    >>> register_cli(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["student-copy", "--only", "01,02"])
    >>> args.out, args.only, args.force
    ('student', '01,02', False)
    """
    p = subparsers.add_parser("student-copy", help="write the notebooks with solutions stripped, for learners")
    p.add_argument("notebooks", nargs="*", help="notebooks to copy (default: the whole course)")
    p.add_argument("--out", default="student", help="output folder (default: student)")
    p.add_argument("--only", default="", help="comma-separated course notebook numbers, e.g. 01,02")
    p.add_argument(
        "--force",
        action="store_true",
        help="replace copies the learner edited (default: keep them, write NN_name.new.ipynb beside)",
    )
    p.set_defaults(func=_cli_student)


def _cli_student(args) -> int:
    only = [o for o in args.only.split(",") if o.strip()] or None
    copies = make_student_copies(
        args.out, notebooks=args.notebooks or None, only=only, force=getattr(args, "force", False)
    )
    print(copies)
    kept = [c for c in copies.copies if c.kept]
    if kept:
        print(f"{len(kept)} edited copy(ies) kept as they were; see the notes above (--force replaces them).")
    print("Hand these out; the authored notebooks keep the solutions.", file=sys.stderr)
    return 0
