"""One student copy on disk, written without ever overwriting the learner's work.

Each copy records the hash of the cells it was written with; a file that no longer matches its record
(or has none) is the learner's and is kept, the fresh copy going beside it as ``NN_name.new.ipynb``.
A copy is written to a temporary file and moved into place, so no half-written notebook is left.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import course_core as _core
from .solutions import REMOVE_TAG, SOLUTION_TAG, _read, _tags, make_student_notebook

RECORD_KEY = "student_copy_sha256"  # under metadata["aipm"] of each written copy


def content_sha256(notebook) -> str:
    """SHA-256 of a notebook's cells (type, source, outputs, attachments): what a learner's work changes.

    Notebook metadata is left out, so a save that only adds kernel details is not an edit.

    Parameters
    ----------
    notebook : str, pathlib.Path or nbformat.NotebookNode
        The notebook, as a path or already read.

    Returns
    -------
    str
        The hash, 64 hexadecimal digits.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> nb = new_notebook(cells=[new_code_cell("q1_answer = ____")])
    >>> before = content_sha256(nb)
    >>> nb.metadata["kernelspec"] = {"name": "python3"}
    >>> content_sha256(nb) == before, len(before)
    (True, 64)
    >>> nb.cells[0].source = "q1_answer = 0.5"
    >>> content_sha256(nb) == before
    False
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

    Parameters
    ----------
    path : str or pathlib.Path
        The existing file.

    Returns
    -------
    tuple of (str or None, bool)
        The hash recorded in the file's ``metadata["aipm"]`` (None when there is none), and whether the
        file's cells still match it.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import nbformat
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     source, target = Path(folder) / "course.ipynb", Path(folder) / "copy.ipynb"
    ...     nbformat.write(new_notebook(cells=[new_code_cell("x = ____")]), source)
    ...     _ = write_student_copy(source, target)
    ...     recorded, unedited = copy_record(target)
    ...     nb = nbformat.read(target, as_version=4)
    ...     nb.cells[0].source = "x = 42"  # the learner's edit
    ...     nbformat.write(nb, target)
    ...     print(unedited, copy_record(target) == (recorded, False))
    ...     _ = (Path(folder) / "notes.txt").write_text("not a notebook")
    ...     print(copy_record(Path(folder) / "notes.txt"))
    True True
    (None, False)
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
    """One student copy: where the fresh copy is, and which edited file of the learner's was kept.

    :func:`write_student_copy` returns one; :meth:`row` is its line in the command's table.

    Parameters
    ----------
    source : pathlib.Path
        The authored notebook.
    target : pathlib.Path
        Where the fresh copy was written, or the learner's file when nothing was written.
    solutions_stripped : int
        How many cells of the authored notebook are tagged ``solution``.
    cells_removed : int
        How many self-test cells (tagged ``remove-cell``) were dropped.
    written : bool, default True
        False when nothing was written (the learner's file was made from this very version).
    kept : pathlib.Path or None, default None
        The learner's edited file, left as it was, when the fresh copy went beside it.
    note : str, default ""
        What happened, in words, when it was not a plain write.

    Examples
    --------
    >>> from pathlib import Path
    >>> copy = StudentCopy(Path("notebooks/01_demo.ipynb"), Path("student/01_demo.ipynb"), 2, 1)
    >>> copy.row()
    {'notebook': '01_demo.ipynb', 'student copy': 'student/01_demo.ipynb', 'solutions stripped': 2,
     'self-tests removed': 1, 'note': ''}
    """

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

    The copy is written whole to a temporary file and then moved into place, so a failure never leaves
    half a notebook; the hash of its cells is recorded in ``metadata["aipm"]["student_copy_sha256"]``.

    Parameters
    ----------
    notebook : str or pathlib.Path
        The authored notebook (it must keep the exercise convention, see :func:`make_student_notebook`).
    target : str or pathlib.Path
        The copy's file path; the notebook itself, or a file in the authored notebooks folder, is
        refused with ``ValueError``. Missing folders are created.
    force : bool, default False
        True replaces ``target`` even when the learner edited it.

    Returns
    -------
    StudentCopy
        Where the copy went, what was stripped, and which of the learner's files was kept.

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
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     source, target = Path(folder) / "01_demo.ipynb", Path(folder) / "student" / "01_demo.ipynb"
    ...     nbformat.write(new_notebook(cells=[exercise]), source)
    ...     first = write_student_copy(source, target)
    ...     print(first.target.parent.name, first.solutions_stripped, first.written)
    ...     mine = nbformat.read(target, as_version=4)
    ...     mine.cells[0].source = mine.cells[0].source.replace("____", "0.7")  # the learner answers
    ...     nbformat.write(mine, target)
    ...     same = write_student_copy(source, target)  # the course has not changed: nothing is written
    ...     print(same.written, same.note)
    ...     nbformat.write(new_notebook(cells=[exercise, new_code_cell("print('a new cell')")]), source)
    ...     fresh = write_student_copy(source, target)  # it has: the fresh copy goes beside the learner's
    ...     print(fresh.target.name, fresh.kept.name)
    student 1 True
    False kept as you edited it: the course has not changed since this copy was made
    01_demo.new.ipynb 01_demo.ipynb
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
