"""The course site built from the real course notebooks: every page of the learner site and of the
instructor site, checked against the committed answer notebook it comes from.

The course runs once per session (``run_course(fast=True)``, a minute or two on two cores). The
page checks read the HTML as written (the browser tests in test_site_browser.py open it).
"""

from __future__ import annotations

import atexit
import functools
import html
import json
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
COMMITTED = sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
STEMS = [p.stem for p in COMMITTED]
EDITIONS = ("learner", "instructor")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PORTFOLIO = {"10", "11", "12", "13"}


# ------------------------------------------------------------------------------------------ reading pages


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _heading(nb) -> str:
    first = next(c.source for c in nb.cells if c.cell_type == "markdown")
    return next(line[2:].strip() for line in first.splitlines() if line.startswith("# "))


def _is_exercise(cell) -> bool:
    """A cell whose output the learner page drops: a solution, or a call of qN.check / qN.solution."""
    return (
        "solution" in _tags(cell)
        or "### BEGIN SOLUTION" in cell.source
        or bool(re.search(r"\bq\d+\w*\.(check|solution)\(", cell.source))
    )


def figures_stored(nb, *, learner: bool) -> int:
    """Image outputs of the cells a page of that edition shows with their outputs."""
    count = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or {"remove-cell", "injected-parameters"} & set(_tags(cell)):
            continue
        if learner and _is_exercise(cell):
            continue
        count += sum(
            1 for o in cell.get("outputs", []) if {"image/png", "image/jpeg", "image/svg+xml"} & set(o.get("data", {}))
        )
    return count


def _attr_values(page: str, tag: str, attr: str) -> list[str]:
    found = []

    class Tags(HTMLParser):
        def handle_starttag(self, t, attrs):
            if t == tag:
                value = dict(attrs).get(attr)
                if value is not None:
                    found.append(value)

    Tags().feed(page)
    return found


def page_text(page: str) -> str:
    """The text a reader sees (tags removed, entities decoded, no styles or scripts); a block ends
    its line, inline tags (the highlighted tokens of code) leave their text joined as shown."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S | re.I)
    page = re.sub(r"<br\s*/?>|</(p|div|li|td|th|tr|h\d|pre|nav|table|ul|ol)>", "\n", page, flags=re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def _flat(text: str) -> str:
    return " ".join(text.split())


class _MarkdownBlocks(HTMLParser):
    """The text of every rendered Markdown block (cells and text/markdown outputs), character
    references kept as written, so an escaped dollar (``&#36;``) stays apart from a bare ``$``."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag != "div":
            return
        if self.depth:
            self.depth += 1
        elif "jp-RenderedMarkdown" in (dict(attrs).get("class") or ""):
            self.depth = 1
            self.blocks.append("")

    def handle_endtag(self, tag):
        if tag == "div" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.blocks[-1] += data

    def handle_entityref(self, name):
        if self.depth:
            self.blocks[-1] += f"&{name};"

    def handle_charref(self, name):
        if self.depth:
            self.blocks[-1] += f"&#{name};"


def currency_pairs(page: str) -> list[str]:
    """Markdown blocks with two or more bare ``$`` before a digit (MathJax would pair them as maths)."""
    parser = _MarkdownBlocks()
    parser.feed(page)
    bad = []
    for block in parser.blocks:
        block = " ".join(block.split())
        bare = [m.start() for m in re.finditer(r"(?<!\\)\$(?=\d)", block)]
        if len(bare) >= 2:
            first, second = bare[:2]
            if second - first > 60:
                bad.append(f"{block[max(0, first - 30) : first + 12]} ... {block[second - 30 : second + 12]}")
            else:
                bad.append(block[max(0, first - 30) : second + 12])
    return bad


def clean_page_problems(page: str) -> list[str]:
    """What no page of either site may show."""
    problems = []
    for marker in ("VBox(children=", "HBox(children=", "FloatSlider(value="):
        if marker in page:
            problems.append(f"widget repr {marker!r}")
    markers = sorted(set(re.findall(r"NBVAL\w*", page)))
    if markers:
        problems.append(f"NBVAL markers {markers}")
    if "injected-parameters" in page or "# Parameters" in page_text(page):
        problems.append("papermill's injected-parameters cell")
    for block in currency_pairs(page):
        problems.append(f"unescaped currency dollars: {block!r}")
    return problems


def answer_problems(page: str, committed) -> list[str]:
    """What the learner page of ``committed`` (the answer notebook) may not show."""
    text = page_text(page)
    problems = []
    if "BEGIN SOLUTION" in page or "END SOLUTION" in page:
        problems.append("solution markers")
    verdicts = re.findall(r" — (?:Correct|Not yet|Not attempted)\.|\] (?:Correct|Not yet|Not attempted):", text)
    if verdicts:
        problems.append(f"check verdicts {verdicts[:3]}")
    if re.search(r"Solution to q\d+", text, re.I):
        problems.append("a qN.solution() output")
    links = [h for h in _attr_values(page, "a", "href") if h.split("#")[0].endswith(".ipynb")]
    if links:
        problems.append(f"links to notebooks {links[:3]}")
    # the worked answers themselves: lines inside the solution blocks that no other cell has
    other = "\n".join(c.source for c in committed.cells if "solution" not in _tags(c))
    flat = _flat(text)
    for cell in committed.cells:
        for block in re.findall(r"### BEGIN SOLUTION[^\n]*\n(.*?)### END SOLUTION", cell.source, re.S):
            for line in block.splitlines():
                line = line.strip()
                if len(line) > 12 and line not in other and _flat(line) in flat:
                    problems.append(f"solution line {line!r}")
    return problems


# ------------------------------------------------------------------------------------------ the build


@functools.lru_cache(maxsize=1)
def real_course_build():
    """``(out, course)``: the real course run once with ``--fast`` (shared with the browser tests)."""
    from aipm_kit.course import run_course

    scratch = Path(tempfile.mkdtemp(prefix="aipm-site-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    out = scratch / "build"
    return out, run_course(out=out, fast=True, progress=False)


@pytest.fixture(scope="module")
def build():
    out, course = real_course_build()
    return {"out": out, "course": course}


def _page(build, edition: str, stem: str) -> str:
    path = build["out"] / edition / f"{stem}.html"
    assert path.is_file(), f"no page {path.relative_to(build['out'])}"
    return path.read_text(encoding="utf-8")


def _executed(build, stem: str):
    return nbformat.read(build["out"] / "notebooks" / f"{stem}.ipynb", as_version=4)


def test_the_course_ran(build):
    assert build["course"].ok, build["course"]
    assert [r.name for r in build["course"].runs] == STEMS


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("stem", STEMS)
def test_page_has_its_title_and_its_figures(build, edition, stem):
    page = _page(build, edition, stem)
    committed = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    titles = re.findall(r"<title>(.*?)</title>", page, re.S)
    assert [html.unescape(t).strip() for t in titles] == [_heading(committed)]
    images = len(_attr_values(page, "img", "src"))
    stored = figures_stored(committed, learner=edition == "learner")
    drawn = figures_stored(_executed(build, stem), learner=edition == "learner")
    # FAST mode may draw fewer figures than the committed full run: then the page shows all it drew
    assert images >= min(stored, drawn), f"{images} <img> on the page; committed {stored}, executed {drawn}"
    if stored:
        assert images > 0, f"the committed notebook has {stored} figures; the page shows none"


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("stem", STEMS)
def test_page_shows_no_repr_marker_or_injected_cell(build, edition, stem):
    problems = clean_page_problems(_page(build, edition, stem))
    assert not problems, f"{edition}/{stem}.html: {problems}"


@pytest.mark.parametrize("stem", STEMS)
def test_learner_page_holds_no_answers(build, stem):
    page = _page(build, "learner", stem)
    committed = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    assert not answer_problems(page, committed)
    text = page_text(page)
    stubs = [re.search(r"^(q\d+\w*\s*=\s*____)", c.source, re.M) for c in committed.cells if "solution" in _tags(c)]
    assert any(stubs) or not any("solution" in _tags(c) for c in committed.cells)
    for stub in filter(None, stubs):
        assert _flat(stub.group(1)) in _flat(text), f"the exercise stub {stub.group(1)!r} is not shown"


@pytest.mark.parametrize("stem", STEMS)
def test_instructor_page_has_the_answers_and_the_executed_notebook(build, stem):
    page = _page(build, "instructor", stem)
    committed = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
    if any("solution" in _tags(c) for c in committed.cells):
        assert "### BEGIN SOLUTION" in page_text(page)
        assert answer_problems(page, committed), "the instructor page should show the worked answers"
    assert f"notebooks/{stem}.ipynb" in _attr_values(page, "a", "href")
    assert (build["out"] / "instructor" / "notebooks" / f"{stem}.ipynb").is_file()


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("stem", STEMS)
def test_page_states_the_run_parameters_once_in_its_meta_line(build, edition, stem):
    page = _page(build, edition, stem)
    navs = re.findall(r"<nav\b[^>]*class=[\"']aipm-nav[^>]*>.*?</nav>", page, re.S)
    assert len(navs) == 2
    assert "FAST mode" in page_text(navs[0]) and "FAST mode" not in page_text(navs[1])
    assert "FAST = True" not in page_text(page)  # the injected parameters are not shown as code


@pytest.mark.parametrize("edition", EDITIONS)
def test_widgets_show_a_static_view_or_a_note(build, edition):
    seen = 0
    for stem in STEMS:
        executed = _executed(build, stem)
        widgets = [
            o
            for c in executed.cells
            if c.cell_type == "code" and "solution" not in _tags(c)
            for o in c.get("outputs", [])
            if WIDGET_VIEW in o.get("data", {})
        ]
        without_static = [o for o in widgets if not {"image/png", "text/html"} & set(o["data"])]
        seen += len(widgets)
        page = _page(build, edition, stem)
        notes = page_text(page).count("Interactive control: open this notebook in JupyterLab to use it.")
        assert notes >= len(without_static), stem
    assert seen, "no notebook of the course shows a widget: this test checks nothing"


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_link_and_asset_stays_inside_the_site_folder(build, edition):
    """The learner site is published as one folder: nothing may point outside it."""
    root = (build["out"] / edition).resolve()
    pages = sorted(root.rglob("*.html"))
    assert len(pages) >= len(STEMS) + 1
    for path in pages:
        page = path.read_text(encoding="utf-8")
        for tag, attr in (("a", "href"), ("img", "src"), ("script", "src"), ("link", "href")):
            for ref in _attr_values(page, tag, attr):
                if ref.startswith(("#", "data:", "mailto:")) or (tag == "a" and re.match(r"https?://", ref)):
                    continue
                assert not re.match(r"[a-z]+:", ref), f"{path.name}: {tag} {attr}={ref} is fetched from the network"
                target = (path.parent / ref.split("#")[0]).resolve()
                assert target.exists(), f"{path.relative_to(root)}: broken {tag} {ref}"
                assert root in target.parents or target == root, f"{path.relative_to(root)}: {ref} leaves {root}"


def _search_index(build, edition: str) -> list[dict]:
    text = (build["out"] / edition / "assets" / "search-index.js").read_text(encoding="utf-8")
    prefix = "window.AIPM_SEARCH = "
    start = text.index(prefix) + len(prefix)
    return json.loads(text[start : text.rindex(";")])


@pytest.mark.parametrize("edition", EDITIONS)
def test_search_index_points_at_real_sections(build, edition):
    entries = _search_index(build, edition)
    assert {e["p"] for e in entries} == {f"{s}.html" for s in STEMS}
    for e in entries:
        page = _page(build, edition, e["p"][:-5])
        if e["a"]:
            assert f'id="{e["a"]}"' in page, f"{e['p']}#{e['a']} has no such anchor"
    kappa = [e for e in entries if "kappa" in (e["h"] + e["x"]).lower()]
    assert any(e["p"].startswith("02_") for e in kappa), "searching 'kappa' should find notebook 02"


def test_learner_search_index_holds_no_answers(build):
    entries = _search_index(build, "learner")
    assert "BEGIN SOLUTION" not in json.dumps(entries, ensure_ascii=False)
    for stem in STEMS:
        # a notebook's answers are looked for in its own entries: another notebook may show the same
        # line (an import, say) in an ordinary cell, which gives nothing away
        text = json.dumps([e for e in entries if e["p"] == f"{stem}.html"], ensure_ascii=False)
        committed = nbformat.read(NOTEBOOKS / f"{stem}.ipynb", as_version=4)
        other = "\n".join(c.source for c in committed.cells if "solution" not in _tags(c))
        for cell in committed.cells:
            for block in re.findall(r"### BEGIN SOLUTION[^\n]*\n(.*?)### END SOLUTION", cell.source, re.S):
                for line in block.splitlines():
                    line = line.strip()
                    if len(line) > 12 and line not in other:
                        assert " ".join(line.split()) not in text, f"{stem}: {line!r} is in the search index"


def _section(page: str, heading: str) -> str:
    """The HTML from ``<h2>heading</h2>`` to the next ``<h2``."""
    start = page.index(f"<h2>{heading}</h2>")
    end = page.find("<h2", start + 4)
    return page[start : end if end > 0 else len(page)]


@pytest.mark.parametrize("edition", EDITIONS)
def test_index_lists_portfolio_writeups_apart_from_the_lifecycle_one(build, edition):
    page = (build["out"] / edition / "index.html").read_text(encoding="utf-8")
    with_writeups = {r.number for r in build["course"].runs if r.writeup}
    assert PORTFOLIO <= with_writeups and "01" in with_writeups
    portfolio = {h.split("/")[1][:2] for h in _attr_values(_section(page, "Portfolio write-ups"), "a", "href")}
    assert portfolio == PORTFOLIO
    others = _attr_values(_section(page, "Case-study write-up from the lifecycle"), "a", "href")
    assert [h.split("/")[1][:2] for h in others] == ["01"]
    for href in _attr_values(page, "a", "href"):
        if href.startswith("writeups/"):
            assert (build["out"] / edition / href).is_file(), href
    verdicts = {r.number: r.verdict for r in build["course"].runs if r.verdict}
    assert verdicts, "no gate verdicts recorded"
    rows = dict(re.findall(r"<tr><td>(\d\d)</td>(.*?)</tr>", page, flags=re.S))
    for number, verdict in verdicts.items():
        assert f">{verdict}</b>" in rows[number]
    for number, row in rows.items():
        assert re.search(r"<td>\d+\.\d s</td>", row), f"row {number} shows no runtime"


def test_learner_index_links_no_answer_notebook(build):
    page = (build["out"] / "learner" / "index.html").read_text(encoding="utf-8")
    assert not [h for h in _attr_values(page, "a", "href") if ".ipynb" in h]
    assert not list((build["out"] / "learner").rglob("*.ipynb"))


def test_landing_page_links_both_sites_and_summarises_the_run(build):
    page = (build["out"] / "index.html").read_text(encoding="utf-8")
    hrefs = _attr_values(page, "a", "href")
    assert "learner/index.html" in hrefs and "instructor/index.html" in hrefs
    assert f"{len(STEMS)} of {len(STEMS)} notebooks ran without error" in page_text(page)
    for href in hrefs:
        assert (build["out"] / href).is_file(), href


# ------------------------------------------------------------------------------------------ widgets, unit


def _widget_output(**data):
    return nbformat.v4.new_output("display_data", data=data)


def test_widget_outputs_become_a_static_view_or_a_note():
    from aipm_kit.site import static_outputs

    nb = nbformat.v4.new_notebook()
    view = {"model_id": "abc", "version_major": 2, "version_minor": 0}
    repr_text = "VBox(children=(HBox(children=(FloatSlider(value=0.56, description='threshold'),)),))"
    nb.cells = [
        nbformat.v4.new_code_cell(
            "app",
            outputs=[
                _widget_output(**{WIDGET_VIEW: view, "text/plain": repr_text}),
                _widget_output(**{WIDGET_VIEW: view, "text/plain": repr_text, "image/png": "iVBORw0KGgo="}),
                _widget_output(**{"text/plain": "FloatSlider(value=0.5, description='x')"}),
                nbformat.v4.new_output(
                    "execute_result", data={"text/plain": "Text(0.5, 1.0, 'Costs by month')"}, execution_count=1
                ),
                nbformat.v4.new_output("stream", name="stdout", text="VBox(children=(Output(),))\n"),
            ],
        )
    ]
    nb.metadata["widgets"] = {"state": {}}
    outs = static_outputs(nb).cells[0].outputs
    note = "Interactive control: open this notebook in JupyterLab to use it."
    assert outs[0]["data"]["text/plain"] == note and WIDGET_VIEW not in outs[0]["data"]
    assert outs[1]["data"] == {"image/png": "iVBORw0KGgo="}
    assert outs[2]["data"]["text/plain"] == note
    assert outs[3]["data"]["text/plain"] == "Text(0.5, 1.0, 'Costs by month')"  # matplotlib, not a widget
    assert outs[4]["data"]["text/plain"] == note
    assert "widgets" not in nb.metadata


def _exercise_notebook(solution_source: str):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 07 · Tiny"),
        nbformat.v4.new_code_cell(
            "print('table of results')",
            outputs=[nbformat.v4.new_output("stream", name="stdout", text="table of results\n")],
        ),
        nbformat.v4.new_code_cell(
            solution_source,
            metadata={"tags": ["solution"]},
            outputs=[nbformat.v4.new_output("display_data", data={"text/plain": "[Q1] Correct: 42 is right."})],
        ),
        nbformat.v4.new_code_cell("assert q1.check(q1_answer)", metadata={"tags": ["remove-cell"]}),
        nbformat.v4.new_code_cell(
            "q2.solution()",
            outputs=[nbformat.v4.new_output("display_data", data={"text/plain": "Solution to q2: ask about recall."})],
        ),
    ]
    return nb


def test_learner_notebook_keeps_results_and_drops_answers():
    from aipm_kit.site import SOLUTION_NOTE, learner_notebook

    nb = _exercise_notebook(
        "q1_answer = ____\n### BEGIN SOLUTION\nq1_answer = 6 * 7\n### END SOLUTION\nq1.check(q1_answer)"
    )
    learner = learner_notebook(nb)
    sources = [c.source for c in learner.cells]
    assert sources == [
        "# 07 · Tiny",
        "print('table of results')",
        "q1_answer = ____\nq1.check(q1_answer)",
        "q2.solution()",
    ]
    assert learner.cells[1].outputs[0]["text"] == "table of results\n"
    assert learner.cells[2].outputs == []
    assert [o["data"]["text/plain"] for o in learner.cells[3].outputs] == [SOLUTION_NOTE]
    assert "6 * 7" in nb.cells[2].source and nb.cells[2].outputs  # the answer notebook is unchanged


def test_a_notebook_that_breaks_the_exercise_convention_gets_no_learner_page(capsys):
    from aipm_kit.site import render_html

    nb = _exercise_notebook("q1_answer = ____\n### BEGIN SOLUTION\nq1_answer = 6 * 7\nq1.check(q1_answer)")
    page = render_html(nb, edition="learner", title="07 · Tiny")
    assert "6 * 7" not in page_text(page) and "Correct" not in page_text(page)
    assert "missing from the learner site" in page_text(page)
    assert "END SOLUTION" in capsys.readouterr().err
    assert "6 * 7" in page_text(render_html(nb, edition="instructor", title="07 · Tiny"))
