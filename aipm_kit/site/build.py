"""The whole site from one run: both editions' pages, the search index and assets, the write-up and
executed-notebook copies, the contents and landing pages and ``course.json``; and the list of files
such a build may write."""

from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ._common import _SIDEBAR, EDITIONS, INSTRUCTOR, page_path
from .contents import write_index, write_landing
from .navigation import _nav, _search_entries, _sidebar, _write_assets
from .render import render_html
from .sections import outline

if TYPE_CHECKING:  # pragma: no cover
    from ..course_core import CourseRun, NotebookRun


def _rel(target: Path | None, start: Path) -> str:
    return Path(os.path.relpath(target, start)).as_posix() if target else ""


@dataclass
class _Page:
    run: NotebookRun
    body: str = ""
    sections: list = field(default_factory=list)


def _writeup_files() -> tuple[str, ...]:
    from ..course_core import OUTPUT_FILES

    return tuple(n for n in OUTPUT_FILES if not n.endswith(".ipynb"))


def _copy_writeup(r: NotebookRun, root: Path) -> None:
    """Copy ``r``'s write-up into the site (or remove the copy an earlier build made)."""
    target = root / "writeups" / r.name
    source = Path(r.writeup).parent if r.writeup and Path(r.writeup).exists() else None
    for name in _writeup_files():
        if source is not None and (source / name).exists():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, target / name)
        else:
            (target / name).unlink(missing_ok=True)
    if source is None:
        try:
            target.rmdir()
        except OSError:  # missing, or holds files the site did not write
            pass


def _remove_stale(root: Path, runs: list[NotebookRun]) -> None:
    """Pages of notebooks that have none this time (they failed to start) must not linger."""
    for r in runs:
        if not r.html:
            (root / f"{r.name}.html").unlink(missing_ok=True)
            if root.name == INSTRUCTOR:
                (root / "notebooks" / f"{r.name}.ipynb").unlink(missing_ok=True)


def site_paths(stems) -> set[str]:
    """Every file (POSIX path relative to ``out``) :func:`write_site` may write or remove, for the
    notebooks ``stems`` (``NN_name``): both sites' pages, assets, write-up copies and executed copies,
    the landing page and ``course.json``.

    ``aipm run`` checks these against the files already in ``out``, so that it replaces only what a run wrote.

    Parameters
    ----------
    stems : iterable of str
        The notebooks' file stems, ``NN_name``.

    Returns
    -------
    set of str
        The paths, relative to the build folder.

    Examples
    --------
    >>> paths = site_paths(["00_tiny"])
    >>> len(paths), sorted(p for p in paths if "writeups" not in p)
    (23, ['course.json', 'index.html', 'instructor/00_tiny.html', 'instructor/assets/search-index.js',
          'instructor/assets/site.css', 'instructor/assets/site.js', 'instructor/index.html',
          'instructor/notebooks/00_tiny.ipynb', 'learner/00_tiny.html', 'learner/assets/search-index.js',
          'learner/assets/site.css', 'learner/assets/site.js', 'learner/index.html'])
    >>> sorted(p for p in paths if p.startswith("learner/writeups/"))
    ['learner/writeups/00_tiny/before_after.png', 'learner/writeups/00_tiny/figure_2.png',
     'learner/writeups/00_tiny/figure_3.png', 'learner/writeups/00_tiny/writeup.html',
     'learner/writeups/00_tiny/writeup.md']
    """
    paths = {"index.html", "course.json"}
    for edition in EDITIONS:
        paths |= {f"{edition}/index.html"} | {
            f"{edition}/assets/{n}" for n in ("site.css", "site.js", "search-index.js")
        }
        for stem in stems:
            paths.add(f"{edition}/{stem}.html")
            paths |= {f"{edition}/writeups/{stem}/{n}" for n in _writeup_files()}
            if edition == INSTRUCTOR:
                paths.add(f"{edition}/notebooks/{stem}.ipynb")
    return paths


def write_site(course: CourseRun, runs: list[NotebookRun] | None = None) -> Path:
    """Write both sites, the landing page and ``course.json``; returns the landing page.

    ``runs`` (default ``course.runs``) may include notebooks kept from an earlier run (``--only``).

    Each notebook whose executed file exists gets a page on each site (:func:`render_html`: the learner
    copy on the learner site), with a sidebar of every notebook and the page's own sections, and goes into
    each site's search index; the instructor site also gets a copy of the executed notebook. A notebook's write-up is copied
    into both sites. A page, write-up copy or executed copy a notebook no longer has is removed. The layout
    is in :mod:`aipm_kit.site`'s docstring.

    Parameters
    ----------
    course : CourseRun
        The run; its ``out`` is the build folder written into.
    runs : list of NotebookRun, optional
        The notebooks the site shows (sorted by name); default ``course.runs``.

    Returns
    -------
    pathlib.Path
        The landing page, ``out/index.html``.

    Examples
    --------
    A one-cell executed notebook is enough for a whole (small) site:

    >>> import tempfile
    >>> import nbformat
    >>> from pathlib import Path
    >>> from aipm_kit.course_core import CourseRun, NotebookRun
    >>> tmp = tempfile.TemporaryDirectory()
    >>> out = Path(tmp.name)
    >>> executed = out / "notebooks" / "00_tiny.ipynb"
    >>> executed.parent.mkdir()
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_markdown_cell("# 00 · Tiny\\n\\n## Count\\n\\nIt costs \\\\$5.")]
    >>> nbformat.write(nb, executed)
    >>> run = NotebookRun("00", "00_tiny", executed, executed, None, 1.0, True, title="00 · Tiny")
    >>> write_site(CourseRun(out, (run,))).relative_to(out).as_posix()
    'index.html'
    >>> sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    ['index.html', 'instructor/00_tiny.html', 'instructor/index.html', 'learner/00_tiny.html', 'learner/index.html']
    >>> "It costs &#36;5." in (out / "learner" / "00_tiny.html").read_text(encoding="utf-8")
    True
    >>> tmp.cleanup()
    """
    runs = sorted(course.runs if runs is None else runs, key=lambda r: r.name)
    out = Path(course.out)
    rendered = [replace(r, html=page_path(out, r.name) if Path(r.executed).exists() else None) for r in runs]
    for edition in EDITIONS:
        root = out / edition
        pages = []
        for i, r in enumerate(rendered):
            if not r.html:
                continue
            body = render_html(
                r.executed,
                None,
                edition=edition,
                title=r.title or r.name,
                nav_top=_nav(rendered, i, edition),
                nav_bottom=_nav(rendered, i, edition, bottom=True),
            )
            pages.append(_Page(r, body, outline(body)))
        entries = []
        for page in pages:
            r = page.run
            headings = [s for s in page.sections if s["level"] == 2]
            text = page.body.replace(_SIDEBAR, _sidebar(rendered, edition, r.name, headings), 1)
            target = root / f"{r.name}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            entries += _search_entries(r, page.sections)
            if edition == INSTRUCTOR:
                (root / "notebooks").mkdir(parents=True, exist_ok=True)
                shutil.copyfile(r.executed, root / "notebooks" / f"{r.name}.ipynb")
        for r in rendered:
            _copy_writeup(r, root)
        _remove_stale(root, rendered)
        _write_assets(root, entries)
        write_index(course, rendered, edition=edition)

    def record(r: NotebookRun) -> dict:
        row = r.to_json(out)
        row["pages"] = {e: _rel(page_path(out, r.name, e), out) for e in EDITIONS} if r.html else {}
        return row

    (out / "course.json").write_text(
        json.dumps(
            {"built": _dt.datetime.now().isoformat(timespec="seconds"), "notebooks": [record(r) for r in rendered]},
            indent=2,
        ),
        encoding="utf-8",
    )
    return write_landing(course, rendered)
