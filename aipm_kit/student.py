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

The learner works in those copies, so a re-run never overwrites one they
edited. Each copy records the hash of what was written
(``metadata["aipm"]["student_copy_sha256"]``); a file whose content no longer
matches it, or that has no record, is the learner's and is kept: the fresh copy
goes beside it as ``NN_name.new.ipynb``. ``--force`` replaces it anyway, once
the replacement is completely written.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import course_core as _core

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB = "____"
SOLUTION_TAG = "solution"
REMOVE_TAG = "remove-cell"
RECORD_KEY = "student_copy_sha256"  # under metadata["aipm"] of each written copy
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


def content_sha256(notebook) -> str:
    """SHA-256 of a notebook's cells (type, source, outputs, attachments): what a learner's work changes.

    Notebook metadata is left out, so a save that only adds kernel details is not an edit.
    """
    cells = []
    for cell in _read(notebook).cells:
        source = cell.get("source", "")
        cells.append(
            {
                "cell_type": cell.get("cell_type"),
                "source": "".join(source) if isinstance(source, list) else source,
                "outputs": cell.get("outputs", []),
                "attachments": cell.get("attachments", {}),
            }
        )
    return hashlib.sha256(json.dumps(cells, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def copy_record(path: str | Path) -> tuple[str | None, bool]:
    """``(recorded hash, unedited)`` of an existing file: unedited only when it still matches its record.

    A file that is not a readable notebook, or has no record, counts as edited: it is the learner's.
    """
    import nbformat

    try:
        nb = nbformat.read(Path(path), as_version=4)
        recorded = nb.metadata.get("aipm", {}).get(RECORD_KEY)
        return recorded, recorded is not None and recorded == content_sha256(nb)
    except Exception:
        return None, False


def _beside(target: Path, n: int) -> Path:
    """``NN_name.ipynb`` (n=0), ``NN_name.new.ipynb`` (n=1), ``NN_name.new2.ipynb`` (n=2) ..."""
    if n == 0:
        return target
    return target.with_name(f"{target.stem}.new{n if n > 1 else ''}{target.suffix}")


def _write_whole(nb, path: Path) -> None:
    """Write ``nb`` to a temporary file beside ``path``, then move it into place (never a half-written file)."""
    import nbformat

    text = nbformat.writes(nb)
    if not text.endswith("\n"):
        text += "\n"
    if path.exists():
        mode = path.stat().st_mode & 0o777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class StudentCopy:
    """One student copy: where the fresh copy is, and which edited file of the learner's was kept."""

    source: Path
    target: Path
    solutions_stripped: int
    cells_removed: int
    written: bool = True
    kept: Path | None = None  # the learner's edited file, left as it was
    note: str = ""

    def row(self) -> dict:
        return {
            "notebook": self.source.name,
            "student copy": str(self.target),
            "solutions stripped": self.solutions_stripped,
            "self-tests removed": self.cells_removed,
            "note": self.note,
        }


def write_student_copy(notebook: str | Path, target: str | Path, *, force: bool = False) -> StudentCopy:
    """Write the student copy of ``notebook`` to ``target`` (a file path), never over the learner's work.

    When ``target`` exists and was edited (or has no record of being a copy) it is kept and the copy
    goes beside it, ``NN_name.new.ipynb`` (then ``.new2`` ...); nothing is written when the learner's
    file was made from this very version. ``force`` replaces ``target`` whatever it holds.
    """
    NOTEBOOKS = _core.NOTEBOOKS  # read at call time, as a test may stand in another folder
    source, target = Path(notebook), Path(target)
    if target.resolve() == source.resolve():
        raise ValueError(f"target {target} is its own source; write the student copy to another folder")
    if target.resolve().parent == NOTEBOOKS.resolve():
        raise ValueError(
            f"target {target} is in the authored notebooks folder {NOTEBOOKS}; write student copies to another folder"
        )
    nb = _read(source)
    student = make_student_notebook(nb)
    digest = content_sha256(student)
    student.metadata.setdefault("aipm", {})[RECORD_KEY] = digest
    place: Path | None = target
    edited: Path | None = None
    if not force:
        for n in range(1000):
            place = _beside(target, n)
            if not (place.exists() or place.is_symlink()):
                break
            recorded, unedited = copy_record(place)
            if unedited:
                break
            if recorded == digest:  # the learner already works on this version
                edited, place = place, None
                break
        else:
            raise FileExistsError(f"{target}: too many edited copies beside it; move some away or pass --force")
    replaced_edited = force and target.exists() and not copy_record(target)[1]
    note = ""
    if place is None:
        note = "kept as you edited it: the course has not changed since this copy was made"
    elif place != target:
        note = f"the fresh copy, beside your edited {target.name} (kept as it was)"
    elif replaced_edited:
        note = "replaced an edited copy (--force)"
    if place is not None:
        place.parent.mkdir(parents=True, exist_ok=True)
        _write_whole(student, place)
    return StudentCopy(
        source=source,
        target=place if place is not None else edited,
        solutions_stripped=sum(SOLUTION_TAG in _tags(c) for c in nb.cells),
        cells_removed=sum(REMOVE_TAG in _tags(c) for c in nb.cells),
        written=place is not None,
        kept=target if place != target else None,
        note=note,
    )


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
