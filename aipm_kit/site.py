"""The course site: a learner site to publish and an instructor site with the answers, from one build.

:func:`aipm_kit.course.run_course` executes the notebooks, then calls :func:`write_site`, which
writes under ``out`` (``build/`` by default)::

    index.html                    landing page for whoever ran the build: the run summary (what ran,
                                  runtimes, gate verdicts, failures and how to resume), links to both sites
    course.json                   what ran, when, how long, with which verdict (read back by ``--only``)
    notebooks/NN_name.ipynb       the executed answer notebooks (papermill output)
    writeups/NN_name/             the write-ups as the run rendered them
    learner/                      PUBLISH THIS FOLDER: it holds no answers
        index.html                contents: title, PM job, learner time, runtime, gate verdict, write-up
        NN_name.html              one page per notebook
        writeups/NN_name/         the write-ups (writeup.html, writeup.md, before_after.png)
        assets/                   site.css, site.js and search-index.js (the search index, a plain script)
    instructor/                   the same pages with the worked answers; keep it private
        notebooks/NN_name.ipynb   copies of the executed notebooks, linked from each page

What each page shows
    Both sites: the page title is the notebook's ``# NN · Title`` heading; a sidebar lists every
    notebook (the current one marked, with its section headings) under a search box that works
    from ``file://`` with no network request (the index is a script loaded with ``<script src>``);
    prev / contents / next links above and below; the run's parameters once in the meta line
    ("FAST mode", "SEED 7"). Papermill's injected-parameters cell and the cells tagged
    ``remove-cell`` (the exercises' hidden self-tests) are left out. A widget cannot run on a
    static page: its static rendering (an image or HTML) is shown when the output has one,
    otherwise a short note, never its ``VBox(children=...`` repr.

    Learner site: each notebook as :func:`aipm_kit.student.make_student_notebook` hands it out
    (solution cells replaced by their exercise stubs), with the executed outputs of every other
    cell; exercise cells show no output (so no "Correct" verdict), ``qN.solution()`` cells show a
    note instead of the answer, and nothing links to the executed answer notebooks.

    Instructor site: the executed notebooks as they ran, answers and verdicts included, each page
    linking its executed ``.ipynb``.

Escaped currency dollars (``\\$5``) in Markdown are written as ``&#36;`` (the reader sees ``$``) so
that a page's HTML still tells them apart from bare ones, which MathJax in JupyterLab reads as maths.
"""

from __future__ import annotations

import copy
import datetime as _dt
import functools
import html
import json
import os
import re
import shutil
import sys
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from .palette import BAD, INK, NEUTRAL, RULE

if TYPE_CHECKING:  # pragma: no cover
    from .course_core import CourseRun, NotebookRun

_TEMPLATES = Path(__file__).resolve().parent / "templates" / "nbconvert"
ASSETS = _TEMPLATES / "aipm_site" / "assets"

LEARNER, INSTRUCTOR = "learner", "instructor"
EDITIONS = (LEARNER, INSTRUCTOR)
EDITION_LABEL = {LEARNER: "learner site", INSTRUCTOR: "instructor site (with answers)"}

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = "Interactive control: open this notebook in JupyterLab to use it."
SOLUTION_NOTE = "The worked answer is not on the learner site: run this cell in JupyterLab when you want it."
HIDDEN_TAGS = frozenset({"remove-cell", "injected-parameters"})
_STATIC_MIME = ("image/png", "image/jpeg", "image/svg+xml", "text/html")
# an exercise object (q1, q2, ...) asked to check an answer or show its solution
_EXERCISE_CALL = re.compile(r"\bq\d+\w*\.(check|solution)\(")
_SIDEBAR = "<!--aipm:sidebar-->"
_SECTION_TEXT = 3000  # characters of a section's text kept in the search index


def page_path(out: str | Path, name: str, edition: str = LEARNER) -> Path:
    """Where the page of notebook ``name`` (``NN_name``) is written on ``edition``'s site."""
    return Path(out) / edition / f"{name}.html"


def _rel(target: Path | None, start: Path) -> str:
    return Path(os.path.relpath(target, start)).as_posix() if target else ""


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


# --------------------------------------------------------------------------------------------------
# what a static page shows in place of a widget


@functools.lru_cache(maxsize=1)
def _widget_repr() -> re.Pattern:
    """``VBox(children=...``, ``FloatSlider(value=...``, ``Output()``: the repr of a widget class."""
    names = {
        "Accordion",
        "Box",
        "Button",
        "Checkbox",
        "Dropdown",
        "FloatSlider",
        "GridBox",
        "HBox",
        "IntSlider",
        "Output",
        "SelectMultiple",
        "Stack",
        "Tab",
        "ToggleButtons",
        "VBox",
    }
    try:
        import ipywidgets

        todo = [ipywidgets.Widget]
        while todo:
            cls = todo.pop()
            names.add(cls.__name__)
            todo.extend(cls.__subclasses__())
    except ImportError:  # pragma: no cover - ipywidgets is a dependency
        pass
    names = sorted((n for n in names if n.isidentifier() and not n.startswith("_")), key=len, reverse=True)
    # keyword arguments (or none) follow the class name: matplotlib's ``Text(0.5, 1.0, 'x')`` is no widget
    return re.compile(r"^\s*(?:" + "|".join(map(re.escape, names)) + r")\((?:\)|\s*[A-Za-z_]\w*=)")


def is_widget_repr(text) -> bool:
    """True when ``text`` starts with a widget's repr (``VBox(children=(HBox(...``)."""
    if isinstance(text, list):
        text = "".join(text)
    return bool(text) and bool(_widget_repr().match(str(text)))


def _note(text: str) -> dict:
    import nbformat

    return nbformat.v4.new_output(
        "display_data", data={"text/html": f"<p class='aipm-note'>{html.escape(text)}</p>", "text/plain": text}
    )


def static_outputs(nb):
    """Replace every widget output of ``nb`` (in place) by its static rendering or a short note."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            data = out.get("data", {})
            if kind in ("display_data", "execute_result") and (
                WIDGET_VIEW in data or is_widget_repr(data.get("text/plain", ""))
            ):
                static = {k: data[k] for k in _STATIC_MIME if k in data}
                if static:
                    out["data"] = static
                    outputs.append(out)
                else:
                    outputs.append(_note(WIDGET_NOTE))
            elif kind == "stream" and is_widget_repr(out.get("text", "")):
                outputs.append(_note(WIDGET_NOTE))
            else:
                outputs.append(out)
        cell.outputs = outputs
    nb.metadata.pop("widgets", None)
    return nb


# --------------------------------------------------------------------------------------------------
# the learner's version of an executed notebook


def learner_notebook(executed):
    """The learner's page of an executed notebook: the student copy, with the other cells' outputs.

    :func:`aipm_kit.student.make_student_notebook` makes the copy (solution cells replaced by their
    stubs, self-tests dropped, every output cleared); the executed outputs are then put back on every
    cell except the exercise cells, so the page shows the run's tables and figures but no answer and
    no "Correct" verdict. ``qN.solution()`` cells get a note instead of their output. Raises
    ``ValueError`` when the notebook breaks the exercise convention (a copy could leak an answer).
    """
    from .story import read_notebook
    from .student import BEGIN, REMOVE_TAG, SOLUTION_TAG, make_student_notebook

    nb = read_notebook(executed)
    student = make_student_notebook(nb)
    kept = [c for c in nb.cells if REMOVE_TAG not in _tags(c)]
    if len(kept) != len(student.cells):
        raise ValueError(f"the student copy has {len(student.cells)} cells, expected {len(kept)}")
    for original, cell in zip(kept, student.cells):
        if original.get("id") != cell.get("id") or original.cell_type != cell.cell_type:
            raise ValueError("the student copy's cells do not line up with the executed notebook's")
        if cell.cell_type != "code":
            continue
        if SOLUTION_TAG in _tags(original) or BEGIN in original.source:
            continue  # the stub, without its output
        calls = {m.group(1) for m in _EXERCISE_CALL.finditer(original.source)}
        if calls:
            cell.outputs = [_note(SOLUTION_NOTE)] if "solution" in calls else []
            continue
        cell.outputs = copy.deepcopy(original.get("outputs", []))
        cell.execution_count = original.get("execution_count")
    return student


# --------------------------------------------------------------------------------------------------
# rendering one page


_CODE_SPAN = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]*`)", re.S)
# stands in for an escaped dollar while the Markdown is converted (which would turn ``\\$`` and even
# ``&#36;`` into a bare ``$``), then becomes ``&#36;`` in the page
_DOLLAR = "aipmEscapedDollar"


def _escape_dollars(text: str) -> str:
    """``\\$`` -> a placeholder outside code spans; :func:`render_html` writes it as ``&#36;``."""
    parts = _CODE_SPAN.split(text)
    return "".join(p if i % 2 else p.replace("\\$", _DOLLAR) for i, p in enumerate(parts))


def _markdown_dollars(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _escape_dollars(cell.source)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if isinstance(data.get("text/markdown"), str):
                data["text/markdown"] = _escape_dollars(data["text/markdown"])
    return nb


@functools.lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="aipm_site", extra_template_basedirs=[str(_TEMPLATES)])
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS)), enabled=True)
    return exporter


_BLOCKS = frozenset(
    {
        "p",
        "div",
        "li",
        "td",
        "th",
        "tr",
        "pre",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "table",
        "ul",
        "ol",
    }
)


class _Outline(HTMLParser):
    """The headings (with their ids) and the text of each section of a rendered page's ``<main>``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_main = False
        self.skip = 0
        self.links: list[bool] = []
        self.divs: list[bool] = []
        self.heading: dict | None = None
        self.sections = [{"a": "", "h": "", "level": 0, "x": []}]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if tag in ("style", "script"):
            self.skip += 1
        elif tag == "a":
            anchor = "anchor-link" in (attrs.get("class") or "")
            self.links.append(anchor)
            self.skip += anchor
        elif tag == "div":  # the "In [3]:" prompts are not content
            prompt = any(c in (attrs.get("class") or "") for c in ("jp-InputPrompt", "jp-OutputPrompt"))
            self.divs.append(prompt)
            self.skip += prompt
        elif tag in ("h1", "h2", "h3") and attrs.get("id") and self.heading is None:
            self.heading = {"a": attrs["id"], "level": int(tag[1]), "h": [], "tag": tag}

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        if not self.in_main:
            return
        if tag in _BLOCKS and not self.skip:  # words of adjacent blocks stay apart
            (self.heading["h"] if self.heading is not None else self.sections[-1]["x"]).append(" ")
        if tag in ("style", "script"):
            self.skip = max(0, self.skip - 1)
        elif tag == "a" and self.links:
            self.skip -= self.links.pop()
        elif tag == "div" and self.divs:
            self.skip -= self.divs.pop()
        elif self.heading and tag == self.heading["tag"]:
            text = " ".join("".join(self.heading["h"]).split())
            self.sections.append({"a": self.heading["a"], "h": text, "level": self.heading["level"], "x": []})
            self.heading = None

    def handle_data(self, data):
        if not self.in_main or self.skip:
            return
        if self.heading is not None:
            self.heading["h"].append(data)
        else:
            self.sections[-1]["x"].append(data)

    def result(self) -> list[dict]:
        found = []
        for s in self.sections:
            text = " ".join("".join(s["x"]).split())
            if s["h"] or text:
                found.append({"a": s["a"], "h": s["h"], "level": s["level"], "x": text[:_SECTION_TEXT]})
        return found


def outline(body: str) -> list[dict]:
    """``[{"a": id, "h": heading, "level": 1-3, "x": text}, ...]``: the sections of a rendered page."""
    parser = _Outline()
    parser.feed(body)
    parser.close()
    return parser.result()


def _page_notebook(executed, edition: str, title: str):
    """The notebook node a page of ``edition`` renders (``ValueError`` if the learner copy fails)."""
    from .story import read_notebook

    nb = copy.deepcopy(read_notebook(executed))
    if edition == LEARNER:
        nb = learner_notebook(nb)
    static_outputs(nb)
    _markdown_dollars(nb)
    nb.metadata["title"] = title
    return nb


def _missing_page_notebook(title: str, problem: str):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            f"# {title}\n\nThis page is missing from the learner site: its notebook breaks the exercise "
            f"convention, so a learner copy could show an answer ({problem}). Fix the notebook and rebuild."
        )
    ]
    nb.metadata["title"] = title
    return nb


def render_html(
    executed,
    target: Path | None = None,
    *,
    edition: str = INSTRUCTOR,
    title: str = "",
    nav_top: str = "",
    nav_bottom: str = "",
    sidebar: str | None = None,
    assets: str = "assets/",
) -> str:
    """Render an executed notebook to one page of ``edition``'s site; returns the HTML.

    The page is standalone (figures embedded, no network scripts); ``nav_top`` / ``nav_bottom``
    are HTML blocks above and below the notebook, ``sidebar`` fills the sidebar (``None`` leaves its
    ``<!--aipm:sidebar-->`` marker, to be filled once the page's headings are known), ``assets`` is
    the relative path of the site's ``assets/`` folder. With ``target`` the page is also written there.
    """
    from .story import read_notebook

    nb_in = read_notebook(executed)
    title = title or _heading(nb_in) or (Path(executed).stem if isinstance(executed, (str, Path)) else "Notebook")
    try:
        nb = _page_notebook(nb_in, edition, title)
    except ValueError as exc:
        print(f"learner page of {title} left out: {exc}", file=sys.stderr)
        nb = _missing_page_notebook(title, str(exc))
    body, _ = _exporter().from_notebook_node(
        nb, resources={"aipm_nav_top": nav_top, "aipm_nav_bottom": nav_bottom, "aipm_assets": assets}
    )
    body = body.replace(_DOLLAR, "&#36;")
    if sidebar is not None:
        body = body.replace(_SIDEBAR, sidebar, 1)
    if target is not None:
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    return body


def _heading(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


# --------------------------------------------------------------------------------------------------
# the navigation, the sidebar and the search index


def parameters_text(parameters: dict) -> str:
    """The run's parameters for a page's meta line: ``"FAST mode, SEED 7"``."""
    parts = ["FAST mode" if parameters.get("FAST") else "full data"]
    parts += [f"{k} {v}" for k, v in parameters.items() if k != "FAST"]
    return ", ".join(parts)


def _run_parameters(r: NotebookRun) -> dict:
    if r.parameters:
        return dict(r.parameters)
    try:
        from .story import read_notebook

        return dict(read_notebook(r.executed).metadata.get("papermill", {}).get("parameters", {}) or {})
    except Exception:
        return {}


def _verdict_html(verdict: str) -> str:
    if not verdict:
        return "&ndash;"
    from .gates import VERDICT_COLOURS

    colour = VERDICT_COLOURS.get(verdict, BAD)
    return f"<b style='color:{colour}'>{html.escape(verdict)}</b>"


def _label(r: NotebookRun) -> str:
    return html.escape(r.title or r.name)


def _nav(runs: list[NotebookRun], i: int, edition: str, *, bottom: bool = False) -> str:
    """The prev / contents / next bar of notebook ``i``'s page (the top one with the meta line)."""
    r = runs[i]

    def link(other: NotebookRun, rel: str) -> str:
        text = f"← {_label(other)}" if rel == "prev" else f"{_label(other)} →"
        if not other.html:
            return f"<span>{text}</span>"
        return f"<a href='{html.escape(other.name)}.html' rel='{rel}'>{text}</a>"

    prev = link(runs[i - 1], "prev") if i > 0 else "<span></span>"
    nxt = link(runs[i + 1], "next") if i + 1 < len(runs) else "<span></span>"
    contents = "<a href='index.html'>Contents</a>"
    cls = "aipm-nav bottom" if bottom else "aipm-nav"
    if bottom:
        middle = f"<span class='meta'>{contents} · <a href='#'>top of page</a></span>"
        return f"<nav class='{cls}' aria-label='course navigation'>{prev}{middle}{nxt}</nav>"
    meta = [
        f"ran in {r.seconds:.1f} s" + (" (earlier run)" if r.earlier else ""),
        html.escape(parameters_text(_run_parameters(r))),
    ]
    if r.verdict:
        meta.append(f"gate: <span class='{html.escape(r.verdict.replace(' ', '-'))}'>{html.escape(r.verdict)}</span>")
    if not r.ok:
        meta.append(f"<span class='failed'>failed: {html.escape(r.error)}</span>")
    if r.writeup:
        meta.append(f"<a href='writeups/{html.escape(r.name)}/writeup.html'>write-up</a>")
    if edition == INSTRUCTOR:
        meta.append(f"<a href='notebooks/{html.escape(r.name)}.ipynb'>executed .ipynb</a>")
    middle = f"<span class='meta'>{contents} · {' · '.join(meta)}</span>"
    return f"<nav class='{cls}' aria-label='course navigation'>{prev}{middle}{nxt}</nav>"


def _sidebar(runs: list[NotebookRun], edition: str, current: str = "", headings: list[dict] = ()) -> str:
    """Search box and contents: every notebook, the current one marked with its section headings."""
    items = []
    for r in runs:
        label = _label(r)
        here = r.name == current
        current_attr = ' aria-current="page"' if here else ""
        link = f"<a href='{html.escape(r.name)}.html'{current_attr}>{label}</a>" if r.html else f"<span>{label}</span>"
        sections = ""
        if here and headings:
            sections = (
                "<ol class='aipm-sections'>"
                + "".join(f"<li><a href='#{html.escape(h['a'])}'>{html.escape(h['h'])}</a></li>" for h in headings)
                + "</ol>"
            )
        items.append(f"<li{' class=current' if here else ''}>{link}{sections}</li>")
    return (
        f"<nav aria-label='course contents'>"
        f"<p class='aipm-brand'><a href='index.html'>aipm-kit course</a>"
        f"<span class='aipm-edition'>{html.escape(EDITION_LABEL[edition])}</span></p>"
        f"<div class='aipm-search' role='search'><label for='aipm-search'>Search the course</label>"
        f"<input id='aipm-search' type='search' placeholder='e.g. precision, drift, A/B' autocomplete='off'>"
        f"<ol id='aipm-search-results' class='aipm-results' aria-live='polite' hidden></ol></div>"
        f"<details class='aipm-toc' open><summary>Contents</summary><ol>{''.join(items)}</ol></details>"
        f"</nav>"
    )


def _search_entries(r: NotebookRun, sections: list[dict]) -> list[dict]:
    title = r.title or r.name
    return [{"p": f"{r.name}.html", "t": title, "h": s["h"] or title, "a": s["a"], "x": s["x"]} for s in sections]


def _write_assets(root: Path, entries: list[dict]) -> None:
    assets = root / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    for name in ("site.css", "site.js"):
        shutil.copyfile(ASSETS / name, assets / name)
    (assets / "search-index.js").write_text(
        "/* The course site's search index (generated by aipm run; read by site.js). */\n"
        "window.AIPM_SEARCH = " + json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + ";\n",
        encoding="utf-8",
    )


# --------------------------------------------------------------------------------------------------
# contents pages


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


# --------------------------------------------------------------------------------------------------
# the whole site


@dataclass
class _Page:
    run: NotebookRun
    body: str = ""
    sections: list = field(default_factory=list)


def _writeup_files() -> tuple[str, ...]:
    from .course_core import OUTPUT_FILES

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
    the landing page and ``course.json``."""
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
