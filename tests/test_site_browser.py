"""The course site and a write-up open in headless Chromium (Debian's) from file:// without console
errors or any network request, show their figures, and render to a screenshot that is not blank.
The learner site's sidebar and search work at 800 and 1280 px; on the real course (built once by
test_site.py's ``real_course_build``) every learner page draws its figures."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from conftest import chromium, needs_chromium

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "tests" / "data" / "writeup_demo.ipynb"

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from aipm_kit.course import run_course

    base = tmp_path_factory.mktemp("browser")
    nbs = base / "notebooks"
    nbs.mkdir()
    nb = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 00 · Start\n\n**Time:** 2 minutes. **PM job:** all six."),
        nbformat.v4.new_code_cell("SEED = 1\nFAST = False", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print('Costs rise from $5,000 to $7,500.')"),
    ]
    nbformat.write(nb, nbs / "00_start.ipynb")
    shutil.copy(DEMO, nbs / "01_demo.ipynb")
    course = run_course(out=base / "build", fast=True, notebooks_dir=nbs, progress=False)
    assert course.ok, course
    return base / "build"


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def open_page(browser, path: Path, width: int = 1100):
    """Open ``path`` via file://, collecting console errors, page errors, failed and network requests."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on(
        "request",
        lambda r: None if r.url.startswith(("file:", "data:")) else problems.append(f"network request: {r.url}"),
    )
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, problems


def not_blank(png: Path) -> float:
    import numpy as np
    from PIL import Image

    pixels = np.asarray(Image.open(png).convert("L"), dtype=float)
    return float(pixels.std())


def figure_widths(page) -> list[int]:
    return page.eval_on_selector_all("img", "els => els.map(e => e.complete ? e.naturalWidth : 0)")


def test_index_opens_cleanly_and_navigates(site, browser, tmp_path):
    page, problems = open_page(browser, site / "index.html")
    assert page.title() == "aipm-kit course build"
    page.click("text=Learner site")
    page.wait_for_load_state("load")
    assert page.url.endswith("/learner/index.html")
    assert page.title() == "aipm-kit course"
    assert page.locator("table tbody tr").count() == 2
    shot = tmp_path / "index.png"
    page.screenshot(path=str(shot), full_page=True)
    assert not_blank(shot) > 5, "the index screenshot is blank"
    page.click("table >> text=99 · Write-up demo: rules or a model?")
    page.wait_for_load_state("load")
    assert page.url.endswith("/learner/01_demo.html")
    assert page.title() == "99 · Write-up demo: rules or a model?"
    page.click("nav.aipm-nav >> a[rel=prev]")
    page.wait_for_load_state("load")
    assert page.url.endswith("/learner/00_start.html")
    page.click("nav.aipm-nav >> text=Contents")
    page.wait_for_load_state("load")
    assert page.url.endswith("/learner/index.html")
    page.close()
    assert not problems, problems


def test_writeup_shows_its_figure(site, browser, tmp_path):
    page, problems = open_page(browser, site / "learner" / "writeups" / "01_demo" / "writeup.html")
    widths = figure_widths(page)
    assert widths and all(w > 0 for w in widths), f"figures not shown: naturalWidth {widths}"
    assert page.locator("h1").inner_text() == "Fraud screening: rules or a model?"
    shot = tmp_path / "writeup.png"
    page.screenshot(path=str(shot), full_page=True)
    assert not_blank(shot) > 5
    # a portfolio piece stands alone: a summary first, no course navigation or kit byline
    assert page.locator(".summary p").count() == 3
    assert page.locator("text=Course contents").count() == 0 and "written by" not in page.content()
    assert not page.locator("details").first.evaluate("d => d.open"), "the appendix starts collapsed"
    page.close()
    assert not problems, problems


def test_notebook_page_shows_figure_and_plain_dollars(site, browser, tmp_path):
    page, problems = open_page(browser, site / "learner" / "01_demo.html")
    widths = figure_widths(page)
    assert len(widths) >= 1 and all(w > 0 for w in widths), widths
    shot = tmp_path / "notebook.png"
    page.screenshot(path=str(shot))
    assert not_blank(shot) > 5
    page.close()
    start, problems0 = open_page(browser, site / "learner" / "00_start.html")
    assert "Costs rise from $5,000 to $7,500." in start.inner_text("body")
    start.close()
    assert not problems and not problems0, problems + problems0


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("width", [800, 1280])
def test_learner_page_sidebar_search_and_figures(site, browser, tmp_path, width):
    page, problems = open_page(browser, site / "learner" / "01_demo.html", width=width)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    sidebar, main = _box(page, "aside.aipm-sidebar"), _box(page, "main")
    if width < 960:  # the sidebar moves above the notebook
        assert sidebar["y"] + sidebar["height"] <= main["y"] + 1 and main["width"] > 0.8 * width
    else:  # beside it
        assert sidebar["x"] + sidebar["width"] <= main["x"] + 1 and sidebar["height"] > 0
    current = page.locator(".aipm-toc li.current > a")
    assert current.get_attribute("aria-current") == "page" and current.get_attribute("href") == "01_demo.html"
    widths = figure_widths(page)
    assert len(widths) >= 1 and all(w > 0 for w in widths), f"figures drawn: naturalWidth {widths}"
    page.fill("#aipm-search", "costs rise")
    results = page.locator("#aipm-search-results a")
    results.first.wait_for(state="visible", timeout=5000)
    assert results.first.get_attribute("href").startswith("00_start.html")
    shot = tmp_path / f"search-{width}.png"
    page.screenshot(path=str(shot))
    assert not_blank(shot) > 5
    results.first.click()
    page.wait_for_load_state("load")
    assert page.url.split("#")[0].endswith("/learner/00_start.html")
    assert "Costs rise from $5,000 to $7,500." in page.inner_text("main")
    page.fill("#aipm-search", "zzzz-not-in-the-course")
    assert page.locator("#aipm-search-results a").count() == 0
    assert "Nothing found" in page.inner_text("#aipm-search-results")
    page.close()
    assert not problems, problems


@pytest.fixture(scope="module")
def real_course():
    from test_site import real_course_build

    out, course = real_course_build()
    return out, course


def test_real_course_learner_pages_draw_their_figures(real_course, browser, tmp_path):
    """Every learner page of the real course shows as many figures as its notebook drew, all loaded."""
    from test_site import STEMS, figures_stored

    out, course = real_course
    counts = {}
    for stem in STEMS:
        executed = nbformat.read(out / "notebooks" / f"{stem}.ipynb", as_version=4)
        committed = nbformat.read(REPO / "notebooks" / f"{stem}.ipynb", as_version=4)
        expected = min(figures_stored(committed, learner=True), figures_stored(executed, learner=True))
        page, problems = open_page(browser, out / "learner" / f"{stem}.html", width=1280)
        widths = figure_widths(page)
        page.close()
        counts[stem] = (len(widths), expected)
        assert not problems, f"{stem}: {problems}"
        assert len(widths) >= expected and all(w > 0 for w in widths), (
            f"{stem}: naturalWidth {widths}, expected at least {expected}"
        )
        if figures_stored(committed, learner=True):
            assert widths, f"{stem}: the committed notebook has figures; the page draws none"
    print("figures drawn (page, expected):", counts)


def test_real_course_search_finds_a_section_on_another_page(real_course, browser):
    out, _ = real_course
    page, problems = open_page(browser, out / "learner" / "00_orientation.html", width=800)
    page.fill("#aipm-search", "kappa")
    first = page.locator("#aipm-search-results a").first
    first.wait_for(state="visible", timeout=5000)
    hrefs = page.eval_on_selector_all("#aipm-search-results a", "els => els.map(e => e.getAttribute('href'))")
    assert any(h.startswith("02_data_and_success_metrics.html#") for h in hrefs), hrefs
    page.close()
    assert not problems, problems


def test_blank_page_is_detected(browser, tmp_path):
    blank = tmp_path / "blank.html"
    blank.write_text("<!doctype html><html><head><link rel='icon' href='data:,'></head><body></body></html>")
    page, _ = open_page(browser, blank)
    shot = tmp_path / "blank.png"
    page.screenshot(path=str(shot))
    page.close()
    assert not_blank(shot) < 1


def test_console_errors_and_broken_figures_are_detected(browser, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!doctype html><html><head><link rel='icon' href='data:,'></head><body>"
        "<img src='missing.png'><script>console.error('boom')</script></body></html>"
    )
    page, problems = open_page(browser, bad)
    widths = figure_widths(page)
    page.close()
    assert any("boom" in p for p in problems)
    assert widths == [0]
