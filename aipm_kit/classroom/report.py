"""The class report page: the summary rendered as one self-contained HTML file, written whole.

The page's first line is :data:`MARKER`, which is how a later run knows a file it may replace; any
other existing file is kept unless ``force`` is given, and nothing is written inside the learners'
folders.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..palette import GRID, HEADER_FILL
from .summary import class_summary

#: The first line of every page this command writes: how it knows a file it may replace.
MARKER = "<!-- aipm class report -->"


def _html(summary: dict, title: str) -> str:
    from ..templating import render

    who = "learners named by folder" if summary["names_shown"] else "learners anonymous (--names shows them)"
    page = render(
        "class_report.html.j2",
        marker=MARKER,
        title=title,
        summary=summary,
        states=["complete", "in progress", "not started", "missing", "unreadable"],
        who=who,
        grid=GRID,
        header_fill=HEADER_FILL,
    )
    return page + "\n"


def write_class_report(
    root: str | Path,
    out: str | Path = "class.html",
    *,
    names: bool = False,
    force: bool = False,
    course: str | Path | None = None,
) -> tuple[Path, dict]:
    """Write the class report for the learner folders under ``root``; returns (path, summary).

    The page is written to a temporary file beside ``out`` and renamed into place. It never writes
    inside ``root``, and an existing ``out`` that is not a class report (its first line is not
    :data:`MARKER`) is kept unless ``force`` is given.

    Parameters
    ----------
    root : str or pathlib.Path
        The class folder, one folder per learner (see :func:`aipm_kit.classroom.class_summary`).
    out : str or pathlib.Path, default "class.html"
        The HTML file to write; a folder, a path inside ``root``, or an existing file that is not a
        class report (without ``force``) is refused with ``ValueError``.
    names : bool, default False
        True shows learners' folder names; False keeps them anonymous.
    force : bool, default False
        True replaces ``out`` whatever it holds.
    course : str or pathlib.Path, optional
        The authored notebooks whose parameters are the defaults (default: the kit's ``notebooks/``).

    Returns
    -------
    tuple of (pathlib.Path, dict)
        The page written, and the summary it shows (see :func:`aipm_kit.classroom.class_summary`).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import nbformat
    >>> from nbformat.v4 import new_code_cell, new_notebook
    >>> folder = tempfile.TemporaryDirectory()
    >>> root = Path(folder.name)
    >>> for where in ("course", "class/ana"):
    ...     (root / where).mkdir(parents=True)
    ...     nbformat.write(new_notebook(cells=[new_code_cell("x = 1")]), root / where / "01_demo.ipynb")
    >>> page, summary = write_class_report(root / "class", root / "class.html", course=root / "course")
    >>> page.name, page.read_text().startswith(MARKER), summary["progress"]
    ('class.html', True, {'01': {'not started': 1}})

    A file that is not a class report is kept:

    >>> _ = (root / "notes.html").write_text("my notes")
    >>> write_class_report(root / "class", root / "notes.html", course=root / "course")
    Traceback (most recent call last):
    ...
    ValueError: --out .../notes.html exists and is not a class report; choose another name or pass --force
    >>> folder.cleanup()
    """
    out = Path(out)
    if out.is_dir():
        raise ValueError(f"--out {out} is a folder; name the HTML file to write")
    if out.exists() and not force:
        try:
            first = out.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
        except OSError:
            first = ""
        if first.strip() != MARKER:
            raise ValueError(f"--out {out} exists and is not a class report; choose another name or pass --force")
    root_resolved, out_resolved = Path(root).resolve(), out.resolve()
    if root_resolved in out_resolved.parents:
        raise ValueError(f"--out {out} is inside DIR {root}: the report never writes into the learners' folders")
    summary = class_summary(root, names=names, course=course)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.write_text(_html(summary, "Class report"), encoding="utf-8")
    os.replace(tmp, out)
    return out, summary
