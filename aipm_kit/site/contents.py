"""The contents pages: each edition's index (every notebook with its PM job, learner time, runtime,
gate verdict and write-up) and the landing page for whoever ran the build (the run summary, links
to both sites)."""

from __future__ import annotations

import datetime as _dt
import html
from pathlib import Path
from typing import TYPE_CHECKING

from ..palette import BAD, INK, NEUTRAL, RULE
from ._common import INSTRUCTOR, LEARNER
from .navigation import _label, _sidebar, _verdict_html

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


def _resume(runs: list[NotebookRun], fast: bool) -> str:
    failed = [r for r in runs if not r.ok]
    if not failed:
        return ""
    numbers = ",".join(r.number for r in failed)
    return (
        f"<p style='color:{BAD}'>After fixing the failures, rebuild just those with "
        f"<code>aipm run --only {numbers}{' --fast' if fast else ''}</code>.</p>"
    )


def _head(title: str, assets: str = "assets/", *, style: str = "") -> str:
    sheet = f"<link rel='stylesheet' href='{assets}site.css'>" if assets else ""
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">'
        f"{sheet}{style}</head>"
    )


def write_index(course: CourseRun, runs: list[NotebookRun] | None = None, *, edition: str = LEARNER) -> Path:
    """Write ``edition``'s contents page, ``out/<edition>/index.html`` (``runs`` defaults to ``course.runs``)."""
    runs = list(course.runs if runs is None else runs)
    root = Path(course.out) / edition
    rows = []
    for r in runs:
        link = f"<a href='{html.escape(r.name)}.html'>{_label(r)}</a>" if r.html else _label(r)
        status = "ok" if r.ok else f"<b style='color:{BAD}'>failed</b>: {html.escape(r.error)}"
        if r.earlier:
            status += " <small>(earlier run)</small>"
        writeup = f"<a href='writeups/{html.escape(r.name)}/writeup.html'>write-up</a>" if r.writeup else "&ndash;"
        minutes = f"{r.minutes} min" if r.minutes else "&ndash;"
        rows.append(
            f"<tr><td>{r.number}</td><td>{link}</td><td>{html.escape(r.job) or '&ndash;'}</td>"
            f"<td>{minutes}</td><td>{r.seconds:.1f} s</td><td>{_verdict_html(r.verdict)}</td>"
            f"<td>{writeup}</td><td>{status}</td></tr>"
        )

    def writeup_list(chosen) -> str:
        return "".join(
            f"<li><a href='writeups/{html.escape(r.name)}/writeup.html'>{_label(r)}</a></li>" for r in chosen
        )

    portfolio = writeup_list(r for r in runs if r.writeup and _is_portfolio(r))
    lifecycle = writeup_list(r for r in runs if r.writeup and not _is_portfolio(r))
    summary, fast = _summary(runs)
    if edition == INSTRUCTOR:
        intro = (
            "<p class='summary'>The instructor site: every notebook with its worked answers and their "
            "checks, and the executed <code>.ipynb</code>. Keep it private; publish <code>../learner/</code>.</p>"
        )
        resume = _resume(runs, fast)
    else:
        intro = (
            "<p class='summary'>Read each notebook with the outputs of this run; the exercises are left "
            "for you to answer in JupyterLab.</p>"
        )
        resume = ""
    page = f"""{_head("aipm-kit course" + (" (instructor)" if edition == INSTRUCTOR else ""))}
<body class="aipm-index-page"><div class="aipm-layout">
<aside class="aipm-sidebar">{_sidebar(runs, edition)}</aside>
<div class="aipm-content"><main class="aipm-index">
<h1>aipm-kit: AI product management, by doing</h1>
{intro}
<p class="summary">{html.escape(summary)} Built {_dt.datetime.now().strftime("%Y-%m-%d %H:%M")}.</p>
{resume}
<h2>Contents</h2>
<table><thead><tr><th>#</th><th>notebook</th><th>PM job</th><th>learner time</th><th>runtime</th>
<th>gate verdict</th><th>write-up</th><th>status</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<h2>Portfolio write-ups</h2>
{f'<ul class="portfolio-writeups">{portfolio}</ul>' if portfolio else "<p>No portfolio project in this run recorded write-up facts.</p>"}
{f'<h2>Case-study write-up from the lifecycle</h2><ul class="lifecycle-writeups">{lifecycle}</ul>' if lifecycle else ""}
<p class="summary">Make your own: <code>aipm writeup notebooks/NN_name.ipynb -p SEED 7</code>.</p>
</main></div></div>
<script src="assets/search-index.js"></script>
<script src="assets/site.js"></script>
</body></html>
"""
    path = root / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def write_landing(course: CourseRun, runs: list[NotebookRun] | None = None) -> Path:
    """Write ``out/index.html``: the run summary and links to the learner and instructor sites."""
    runs = list(course.runs if runs is None else runs)
    out = Path(course.out)
    summary, fast = _summary(runs)
    rows = []
    for r in runs:
        pages = (
            (
                f"<a href='{LEARNER}/{html.escape(r.name)}.html'>learner</a> · "
                f"<a href='{INSTRUCTOR}/{html.escape(r.name)}.html'>instructor</a>"
            )
            if r.html
            else "&ndash;"
        )
        status = "ok" if r.ok else f"<b style='color:{BAD}'>failed</b>: {html.escape(r.error)}"
        if r.earlier:
            status += " <small>(earlier run)</small>"
        rows.append(
            f"<tr><td>{r.number}</td><td>{_label(r)}</td><td>{r.seconds:.1f} s</td>"
            f"<td>{_verdict_html(r.verdict)}</td><td>{status}</td><td>{pages}</td></tr>"
        )
    style = (
        "<style>body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;"
        f"color:{INK}}}table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid {RULE};"
        f"padding:.4rem;text-align:left;vertical-align:top}}a{{color:{NEUTRAL}}}.summary{{color:#4a4f55}}"
        ".sites{display:flex;flex-wrap:wrap;gap:1rem}.sites section{flex:1 1 20rem;border:1px solid #dde3ea;"
        "border-radius:6px;padding:.2rem 1rem}</style>"
    )
    page = f"""{_head("aipm-kit course build", assets="", style=style)}
<body><h1>aipm-kit course build</h1>
<p class="summary">{html.escape(summary)} Built {_dt.datetime.now().strftime("%Y-%m-%d %H:%M")}.</p>
{_resume(runs, fast)}
<div class="sites">
<section><h2><a href="{LEARNER}/index.html">Learner site</a></h2>
<p>No answers: exercises as learners get them. Publish this one folder, <code>{LEARNER}/</code>.</p></section>
<section><h2><a href="{INSTRUCTOR}/index.html">Instructor site</a></h2>
<p>With the worked answers, their checks and the executed notebooks. Keep <code>{INSTRUCTOR}/</code> private.</p></section>
</div>
<h2>This run</h2>
<table><thead><tr><th>#</th><th>notebook</th><th>runtime</th><th>gate verdict</th><th>status</th><th>pages</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
</body></html>
"""
    path = out / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path
