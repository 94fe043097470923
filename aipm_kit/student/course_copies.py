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

    Examples
    --------
    >>> copies = make_student_copies("student")  # doctest: +SKIP
    >>> copies.to_frame()  # doctest: +SKIP
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
