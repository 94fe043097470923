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
    """Write ``edition``'s contents page, ``out/<edition>/index.html`` (``runs`` defaults to ``course.runs``)."""
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
    """Write ``out/index.html``: the run summary and links to the learner and instructor sites."""
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
