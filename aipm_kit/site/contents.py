"""The contents pages: each edition's index (every notebook with its PM job, learner time, runtime,
gate verdict and write-up) and the landing page for whoever ran the build (the run summary, links
to both sites)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING

from ..palette import BAD, INK, NEUTRAL, RULE
from ._common import INSTRUCTOR, LEARNER
from .navigation import _sidebar

if TYPE_CHECKING:  # pragma: no cover
    from ..course_core import CourseRun, NotebookRun


def _is_portfolio(r: NotebookRun) -> bool:
    """The portfolio projects are numbered 10 and up (10, 11, 12)."""
    return r.number.isdigit() and int(r.number) >= 10


def _summary(runs: list[NotebookRun]) -> tuple[str, bool]:
    total = sum(r.seconds for r in runs)
    learner = sum(r.minutes or 0 for r in runs)
    fast = any(r.parameters.get("FAST") for r in runs)
    return (
        f"{sum(r.ok for r in runs)} of {len(runs)} notebooks ran without error in {total:.0f} s"
        f"{' (FAST mode: small data)' if fast else ''}; about {learner} minutes of learner time."
    ), fast


def _page(name: str, runs: list[NotebookRun], **context) -> str:
    """Render one of the site's page templates with what every contents page reads."""
    from ..gates import VERDICT_COLOURS
    from ..templating import render

    summary, fast = _summary(runs)
    return render(
        name,
        runs=runs,
        summary=summary,
        fast=fast,
        failed=[r.number for r in runs if not r.ok],
        built=_dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        colours=VERDICT_COLOURS,
        bad=BAD,
        **context,
    )


def write_index(course: CourseRun, runs: list[NotebookRun] | None = None, *, edition: str = LEARNER) -> Path:
    """Write ``edition``'s contents page, ``out/<edition>/index.html`` (``runs`` defaults to ``course.runs``).

    The page lists every notebook with its PM job, learner time, runtime, gate verdict and write-up under
    the run's summary line, beside the sidebar; the write-ups of the portfolio projects (numbered 10 and up)
    are listed apart from the others. The instructor's page also says how to re-run failed notebooks.

    Parameters
    ----------
    course : CourseRun
        The run; the page goes under its ``out``.
    runs : list of NotebookRun, optional
        The notebooks listed, in the order given; default ``course.runs``.
    edition : {"learner", "instructor"}, default "learner"
        Which site's contents page.

    Returns
    -------
    pathlib.Path
        The page written.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from aipm_kit.course_core import CourseRun, NotebookRun
    >>> tmp = tempfile.TemporaryDirectory()
    >>> run = NotebookRun("00", "00_tiny", Path("00_tiny.ipynb"), Path("00_tiny.ipynb"), None, 1.0, True,
    ...                   title="00 · Tiny", minutes=5, job="read a confusion matrix")
    >>> page = write_index(CourseRun(Path(tmp.name), (run,)), edition=INSTRUCTOR)
    >>> page.relative_to(tmp.name).as_posix()
    'instructor/index.html'
    >>> "read a confusion matrix" in page.read_text(encoding="utf-8")
    True
    >>> tmp.cleanup()
    """
    from markupsafe import Markup

    runs = list(course.runs if runs is None else runs)
    page = _page(
        "site/index.html.j2",
        runs,
        edition_title="aipm-kit course" + (" (instructor)" if edition == INSTRUCTOR else ""),
        instructor=edition == INSTRUCTOR,
        sidebar=Markup(_sidebar(runs, edition)),
        portfolio_numbers=[r.number for r in runs if _is_portfolio(r)],
    )
    path = Path(course.out) / edition / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def write_landing(course: CourseRun, runs: list[NotebookRun] | None = None) -> Path:
    """Write ``out/index.html``: the run summary and links to the learner and instructor sites.

    The summary says how many notebooks ran without error, in how many seconds (and in FAST mode, if so),
    and how many minutes of learner time they hold; failed notebooks are named with how to resume them.

    Parameters
    ----------
    course : CourseRun
        The run; the page goes in its ``out``.
    runs : list of NotebookRun, optional
        The notebooks summarised; default ``course.runs``.

    Returns
    -------
    pathlib.Path
        The landing page written.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from aipm_kit.course_core import CourseRun, NotebookRun
    >>> tmp = tempfile.TemporaryDirectory()
    >>> run = NotebookRun("00", "00_tiny", Path("00_tiny.ipynb"), Path("00_tiny.ipynb"), None, 12.0, True,
    ...                   minutes=5, parameters={"FAST": True})
    >>> page = write_landing(CourseRun(Path(tmp.name), (run,)))
    >>> page.name, "1 of 1 notebooks ran without error in 12 s (FAST mode: small data)" in page.read_text()
    ('index.html', True)
    >>> tmp.cleanup()
    """
    runs = list(course.runs if runs is None else runs)
    page = _page(
        "site/landing.html.j2",
        runs,
        learner=LEARNER,
        instructor=INSTRUCTOR,
        palette={"ink": INK, "rule": RULE, "neutral": NEUTRAL},
    )
    path = Path(course.out) / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
