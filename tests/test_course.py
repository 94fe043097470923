"""`aipm run` and the course site: contents page, prev/next links, verdicts, write-ups, runtimes.

Runs on a small course of three tiny notebooks in a temporary folder (one records a gate, one
the write-up facts, one fails), so the real course is not executed here.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from aipm_kit import course, course_core
from aipm_kit.cli import main

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "tests" / "data" / "writeup_demo.ipynb"
KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}


def _notebook(title: str, *cells: str, minutes: int = 5, job: str = "experiment design"):
    nb = nbformat.v4.new_notebook(metadata=KERNEL)
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            f"# {title}\n\n**You will be able to** test. **Time:** {minutes} minutes. **PM job:** {job}."
        ),
        nbformat.v4.new_code_cell("SEED = 1\nFAST = False", metadata={"tags": ["parameters"]}),
    ]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    return nb


def _links(page: str) -> list[tuple[str, str]]:
    """``(href, rel)`` of every link in ``page``, parsed as HTML (quoting style does not matter)."""
    from html.parser import HTMLParser

    found = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "a" and "href" in attrs:
                found.append((attrs["href"], attrs.get("rel") or ""))

    Links().feed(page)
    return found


GATE = (
    "from aipm_kit import gates\n"
    "gates.Gate('Gate A', [gates.criterion('fast mode', float(FAST), '>=', 1.0, evidence='param')]).record()"
)
FAILING = "raise ValueError('planted failure')"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("course")
    nbs = base / "notebooks"
    nbs.mkdir()
    nbformat.write(
        _notebook("00 · Gate only", GATE, minutes=10, job="performance governance"), nbs / "00_gate_only.ipynb"
    )
    shutil.copy(DEMO, nbs / "01_demo.ipynb")
    nbformat.write(_notebook("02 · Breaks", "x = 1", FAILING), nbs / "02_breaks.ipynb")
    out = base / "build"
    rc = main(["run", "--fast", "--out", str(out), "--notebooks", str(nbs)])
    return {"rc": rc, "out": out, "nbs": nbs}


def test_failing_notebook_fails_the_run_but_not_the_others(site, capsys):
    assert site["rc"] == 1
    record = json.loads((site["out"] / "course.json").read_text())
    rows = {r["number"]: r for r in record["notebooks"]}
    assert rows["00"]["ok"] and rows["01"]["ok"] and not rows["02"]["ok"]
    assert "ValueError: planted failure" in rows["02"]["error"] and rows["02"]["error"].startswith("cell ")
    executed = nbformat.read(site["out"] / "notebooks" / "02_breaks.ipynb", as_version=4)
    assert any(o.get("output_type") == "error" for c in executed.cells for o in c.get("outputs", []))


def test_resume_hint_names_the_failed_notebooks(tmp_path, capsys):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    nbformat.write(_notebook("05 · Breaks", FAILING), nbs / "05_breaks.ipynb")
    rc = main(["run", "--fast", "--out", str(tmp_path / "b"), "--notebooks", str(nbs), "--no-writeups"])
    err = capsys.readouterr().err
    assert rc == 1
    assert "aipm run --only 05 --fast" in err


EDITIONS = ("learner", "instructor")


@pytest.mark.parametrize("edition", EDITIONS)
def test_index_is_a_contents_page(site, edition):
    page = (site["out"] / edition / "index.html").read_text()
    for stem, title in (
        ("00_gate_only", "00 · Gate only"),
        ("01_demo", "99 · Write-up demo: rules or a model?"),
        ("02_breaks", "02 · Breaks"),
    ):
        assert f"href='{stem}.html'>{title}</a>" in page
    assert page.index("00_gate_only") < page.index("01_demo") < page.index("02_breaks")
    assert "performance governance" in page and "10 min" in page
    rows = re.findall(r"<tr><td>(\d\d)</td>(.*?)</tr>", page, flags=re.S)
    assert [n for n, _ in rows] == ["00", "01", "02"]
    for _, row in rows:
        assert re.search(r"<td>\d+\.\d s</td>", row), "each row shows its runtime"
    assert ">GO</b>" in dict(rows)["00"]  # FAST=True passes gate A
    assert "href='writeups/01_demo/writeup.html'" in dict(rows)["01"]
    assert (site["out"] / edition / "writeups" / "01_demo" / "writeup.html").is_file()
    assert "write-up" not in dict(rows)["00"].replace("&ndash;", "")
    assert "planted failure" in dict(rows)["02"] and "failed" in dict(rows)["02"]


def test_landing_page_links_both_sites_and_says_how_to_resume(site):
    page = (site["out"] / "index.html").read_text()
    hrefs = [href for href, _ in _links(page)]
    assert "learner/index.html" in hrefs and "instructor/index.html" in hrefs
    assert "learner/01_demo.html" in hrefs and "instructor/01_demo.html" in hrefs
    assert "aipm run --only 02 --fast" in page
    assert "aipm run --only 02 --fast" in (site["out"] / "instructor" / "index.html").read_text()


@pytest.mark.parametrize("edition", EDITIONS)
def test_pages_link_prev_contents_next(site, edition):
    site_dir = site["out"] / edition
    pages = {p.stem: p.read_text() for p in site_dir.glob("*.html") if p.stem != "index"}
    assert set(pages) == {"00_gate_only", "01_demo", "02_breaks"}

    def links(stem):
        return _links(pages[stem])

    assert ("01_demo.html", "next") in links("00_gate_only")
    assert not any(rel == "prev" for _, rel in links("00_gate_only"))
    assert ("00_gate_only.html", "prev") in links("01_demo") and ("02_breaks.html", "next") in links("01_demo")
    assert not any(rel == "next" for _, rel in links("02_breaks"))
    for stem in pages:
        assert len(re.findall(r"aria-label=.course navigation.", pages[stem])) == 2  # above and below
        assert ("index.html", "") in links(stem)
        for href, _ in links(stem):
            if href.startswith("#"):
                continue  # heading anchors
            assert (site_dir / href).resolve().exists(), f"{stem}: broken link {href}"
    assert "writeups/01_demo/writeup.html" in pages["01_demo"]
    assert re.search(r"gate: <span class=.GO.>GO</span>", pages["00_gate_only"])
    assert "planted failure" in pages["02_breaks"]


def test_pages_fetch_nothing_from_the_network(site):
    pages = sorted(site["out"].glob("*/*.html")) + [site["out"] / "index.html"]
    assert len(pages) == 2 * 4 + 1  # two sites of three pages and an index, and the landing page
    for page in pages:
        text = page.read_text()
        assert not re.search(r"<script[^>]+src=['\"]https?://", text), page.name
        assert not re.search(r"<link[^>]+href=['\"]https?://", text), page.name


def test_writeups_come_from_the_executed_notebooks(site):
    from aipm_kit import story

    folder = site["out"] / "writeups" / "01_demo"
    md = (folder / "writeup.md").read_text()
    facts = story.read_facts(site["out"] / "notebooks" / "01_demo.ipynb")
    for key in story.WRITEUP_FACTS:
        assert facts[key].text in md
    assert "aipm writeup notebooks/01_demo.ipynb -p FAST True" in md
    page = (folder / "writeup.html").read_text()
    assert "<a href" not in page[page.index("<body>") : page.index("<main>")], "a write-up carries no course navigation"
    assert not (site["out"] / "writeups" / "00_gate_only").exists()


def test_resume_with_only_keeps_the_rest_of_the_site(site):
    nbs, out = site["nbs"], site["out"]
    fixed = _notebook("02 · Breaks", "x = 1", "x + 1")
    nbformat.write(fixed, nbs / "02_breaks.ipynb")
    before = json.loads((out / "course.json").read_text())
    rc = main(["run", "--fast", "--only", "02", "--out", str(out), "--notebooks", str(nbs)])
    assert rc == 0
    after = {r["number"]: r for r in json.loads((out / "course.json").read_text())["notebooks"]}
    assert set(after) == {"00", "01", "02"} and after["02"]["ok"] and not after["02"]["error"]
    old = {r["number"]: r for r in before["notebooks"]}
    assert after["00"]["seconds"] == old["00"]["seconds"]  # kept, not re-run
    for edition in EDITIONS:
        page = (out / edition / "index.html").read_text()
        assert "href='writeups/01_demo/writeup.html'" in page and "earlier run" in page
        assert "planted failure" not in page
        assert "planted failure" not in (out / edition / "02_breaks.html").read_text()
    assert "planted failure" not in (out / "index.html").read_text()


def test_discover_rejects_unknown_numbers(tmp_path):
    nbformat.write(_notebook("00 · A"), tmp_path / "00_a.ipynb")
    assert [p.name for p in course.discover(tmp_path)] == ["00_a.ipynb"]
    with pytest.raises(ValueError, match="07"):
        course.discover(tmp_path, ["07"])


def test_opening_cell_gives_time_and_job(tmp_path):
    nbformat.write(_notebook("03 · X", minutes=25, job="ethics and compliance"), tmp_path / "03_x.ipynb")
    assert course.notebook_opening(tmp_path / "03_x.ipynb") == (25, "ethics and compliance")


@pytest.mark.parametrize("edition", EDITIONS)
def test_hidden_self_tests_are_left_out_of_the_pages(site, edition):
    executed = nbformat.read(site["out"] / "notebooks" / "01_demo.ipynb", as_version=4)
    hidden = [c.source for c in executed.cells if "remove-cell" in c.metadata.get("tags", [])]
    assert hidden
    import html as htmllib

    page = htmllib.unescape(re.sub(r"<[^>]+>", "", (site["out"] / edition / "01_demo.html").read_text()))
    assert "check(q1_answer + 5)" in hidden[0]
    assert "q1.check(q1_answer)" in page  # the exercise itself is shown ...
    assert "check(q1_answer + 5)" not in page  # ... its self-test is not


# --------------------------------------------------------------------------- aipm run replaces only what it wrote


def _copy_execute(source, target, parameters, *, cwd=None, timeout=600):
    """Stands in for papermill where the point is paths: the "executed" notebook is a copy of the source."""
    try:
        nb = nbformat.read(source, as_version=4)
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
    except Exception as exc:  # like papermill: a source that is gone fails the notebook
        return False, f"{type(exc).__name__}: {exc}"
    return True, ""


@pytest.fixture
def pretend_repo(tmp_path, monkeypatch):
    """``repo/notebooks/00_tiny.ipynb`` standing in for the course (the real notebooks are never touched)."""
    nbs = tmp_path / "repo" / "notebooks"
    nbs.mkdir(parents=True)
    nbformat.write(_notebook("00 · Tiny", "x = 1"), nbs / "00_tiny.ipynb")
    monkeypatch.setattr(course_core, "NOTEBOOKS", nbs)
    return nbs


def test_run_out_of_the_repository_root_keeps_the_notebooks(pretend_repo, monkeypatch, capsys):
    """`aipm run --only 00 --out .` from the repository root used to delete notebooks/00_*.ipynb."""
    source = pretend_repo / "00_tiny.ipynb"
    before = source.read_bytes()
    monkeypatch.chdir(pretend_repo.parent)
    rc = main(["run", "--only", "00", "--out", ".", "--no-writeups"])  # executes for real: one tiny notebook
    err = capsys.readouterr().err
    assert rc == 2
    assert source.read_bytes() == before
    assert err.count("\n") == 1 and err.startswith("aipm run: error: --out ") and "notebooks folder" in err
    assert sorted(p.name for p in pretend_repo.parent.iterdir()) == ["notebooks"]  # nothing written either


def test_run_keeps_files_of_the_users_in_its_out_folder(pretend_repo, tmp_path, monkeypatch):
    monkeypatch.setattr(course_core, "execute", _copy_execute)
    out = tmp_path / "build"
    assert main(["run", "--out", str(out)]) == 0
    ran = {p for p in out.rglob("*") if p.is_file()}
    # a file of the user's in every folder the run writes to, and in the write-up folder it removes
    folders = {p.parent for p in ran} | {out / "writeups" / "00_tiny"}
    mine = {folder / "my notes.txt": f"mine, in {folder.name}" for folder in folders}
    for path, text in mine.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    assert main(["run", "--out", str(out)]) == 0
    for path, text in mine.items():
        assert path.is_file() and path.read_text() == text, f"{path.relative_to(out)} was removed or changed"
    assert (out / "index.html").is_file() and (out / "notebooks" / "00_tiny.ipynb").is_file()


def test_run_refuses_to_replace_a_file_it_did_not_write(pretend_repo, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(course_core, "execute", _copy_execute)
    out = tmp_path / "build"
    (out / "notebooks").mkdir(parents=True)
    mine = _notebook("00 · My own work", "y = 2")
    nbformat.write(mine, out / "notebooks" / "00_tiny.ipynb")
    before = (out / "notebooks" / "00_tiny.ipynb").read_bytes()
    assert main(["run", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "notebooks/00_tiny.ipynb was not written by aipm run" in err
    assert (out / "notebooks" / "00_tiny.ipynb").read_bytes() == before
    assert not (out / "index.html").exists()


def test_run_replaces_what_it_wrote_and_what_an_older_kit_wrote(pretend_repo, tmp_path, monkeypatch):
    monkeypatch.setattr(course_core, "execute", _copy_execute)
    out = tmp_path / "build"
    assert main(["run", "--out", str(out)]) == 0
    assert main(["run", "--out", str(out)]) == 0  # its own files: replaced
    # a build folder from before the record of written files existed: course.json names what it wrote
    for manifest in out.glob(".aipm*"):
        manifest.unlink()
    nbformat.write(_notebook("00 · Tiny, changed", "x = 2"), pretend_repo / "00_tiny.ipynb")
    assert main(["run", "--out", str(out)]) == 0
    assert "x = 2" in (out / "notebooks" / "00_tiny.ipynb").read_text()


def test_run_course_returns_the_pages_it_wrote(pretend_repo, tmp_path, monkeypatch):
    monkeypatch.setattr(course_core, "execute", _copy_execute)
    result = course.run_course(out=tmp_path / "build", notebooks_dir=pretend_repo, progress=False)
    (run,) = result.runs
    assert run.ok and run.html is not None and run.html.is_file()
    assert run.html.is_relative_to(tmp_path / "build")
