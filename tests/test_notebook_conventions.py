"""Every course notebook follows the kit's conventions (DESIGN.md, docs/authoring.md)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


@pytest.fixture(params=NOTEBOOKS, ids=IDS)
def nb(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no NN_name.ipynb files"


def test_source_is_in_sync(nb):
    import jupytext

    path, book = nb
    src = path.parent / "src" / (path.stem + ".py")
    assert src.exists(), f"{src} is missing: every notebook is built from a jupytext source"
    built = jupytext.read(src)
    ours = [(c.cell_type, c.source.strip(), sorted(_tags(c))) for c in book.cells]
    theirs = [(c.cell_type, c.source.strip(), sorted(_tags(c))) for c in built.cells]
    assert ours == theirs, f"{path.name} differs from {src.name}: run `make notebooks` (scripts/build_notebooks.py)"


def test_opening_states_outcomes_time_and_job(nb):
    path, book = nb
    first = book.cells[0]
    assert first.cell_type == "markdown"
    text = first.source.lower()
    assert text.startswith("# "), "the first cell opens with the notebook's title"
    for needle in ("you will be able to", "minutes", "pm job"):
        assert needle in text, f"{path.name}: the opening cell must mention {needle!r}"


def test_one_parameters_cell_with_seed_and_fast(nb):
    path, book = nb
    params = [c for c in book.cells if "parameters" in _tags(c)]
    assert len(params) == 1, f"{path.name}: exactly one cell tagged 'parameters', found {len(params)}"
    assert re.search(r"^SEED\s*=", params[0].source, re.M) and re.search(r"^FAST\s*=", params[0].source, re.M)


def test_committed_with_one_clean_run(nb):
    path, book = nb
    assert book.metadata.get("kernelspec", {}).get("name") == "python3"
    assert "widgets" not in book.metadata, "no widget state in committed notebooks"
    counts = [c.execution_count for c in book.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: execution counts not 1..n in order"
    errors = [
        i
        for i, c in enumerate(book.cells)
        if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.get("outputs", []))
    ]
    assert not errors, f"{path.name}: cells {errors} hold errors"


def test_solution_cells_have_stubs(nb):
    path, book = nb
    for i, cell in enumerate(book.cells):
        if "solution" not in _tags(cell):
            continue
        src = cell.source
        assert "### BEGIN SOLUTION" in src and "### END SOLUTION" in src, f"{path.name} cell {i}: solution markers"
        outside = re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION", "", src, flags=re.S)
        assert "____" in outside, f"{path.name} cell {i}: a solution cell needs a `____` stub before its solution"


def test_exercises_have_self_tests(nb):
    path, book = nb
    solutions = sum("solution" in _tags(c) for c in book.cells)
    selftests = sum("remove-cell" in _tags(c) for c in book.cells)
    if solutions:
        assert selftests >= 1, f"{path.name}: exercises need hidden self-test cells tagged remove-cell"


def test_papermill_sees_every_parameter(nb):
    """A comment papermill cannot parse hides a knob from `aipm writeup -p` and `papermill --help-notebook`."""
    import papermill as pm

    path, book = nb
    cell = next(c for c in book.cells if "parameters" in _tags(c))
    assigned = set(re.findall(r"^([A-Za-z_]\w*)\s*=", cell.source, re.M))
    seen = set(pm.inspect_notebook(str(path)))
    assert assigned <= seen, f"{path.name}: papermill cannot parse {sorted(assigned - seen)}"


# ------------------------------------------------------------------------- what a reader sees
# The committed notebooks are what GitHub shows and what nbval compares; these read them as a
# learner would (TEACHING.md 15-16).

_CURRENCY = re.compile(r"(?<!\\)\$\s?\d")
_WIDGET_REPR = re.compile(r"^(VBox|HBox|Box|GridBox|Tab|Accordion|FloatSlider|IntSlider|Dropdown|Output)\(")
_DRAWS = re.compile(r"\bplt\.show\(\)|\bplots\.figure\(|\.show_static\(\)|_explorer\(|dashboard_widget\(")


def _markdown_texts(cell) -> list[str]:
    texts = [cell.source] if cell.cell_type == "markdown" else []
    texts += [o.get("data", {}).get("text/markdown", "") for o in cell.get("outputs", [])]
    return [t if isinstance(t, str) else "".join(t) for t in texts]


def test_every_drawing_cell_stores_its_figure(nb):
    """A cell that draws stores an image: a notebook run under a headless backend stores none."""
    path, book = nb
    empty = [
        i
        for i, c in enumerate(book.cells)
        if c.cell_type == "code"
        and _DRAWS.search(c.source)
        and not any(k.startswith("image/") for o in c.get("outputs", []) for k in o.get("data", {}))
    ]
    assert not empty, f"{path.name}: cells {empty} draw a figure but store no image"


def test_money_is_not_typeset_as_mathematics(nb):
    """Two unescaped dollars are one formula for Markdown; two escaped ones in one paragraph are still
    one formula for JupyterLab's MathJax, unless each sits in an element of its own."""
    path, book = nb
    bad = [i for i, c in enumerate(book.cells) for t in _markdown_texts(c) if len(_CURRENCY.findall(t)) >= 2]
    assert not bad, f"{path.name}: cells {bad} have two or more unescaped currency dollars in Markdown"
    paired = [
        i
        for i, c in enumerate(book.cells)
        for t in _markdown_texts(c)
        for para in re.split(r"\n\s*\n", t.replace("<span>\\$</span>", ""))
        if len(re.findall(r"\\?\$\s?\d", para)) >= 2
    ]
    assert not paired, (
        f"{path.name}: cells {paired} have two dollars in one paragraph that JupyterLab "
        "typesets as maths; write <span>\\$</span> (story.md does) or reword"
    )
    html_pairs = [
        i
        for i, c in enumerate(book.cells)
        for o in c.get("outputs", [])
        for page in ["".join(o.get("data", {}).get("text/html", ""))]
        if "tex2jax_ignore" not in page  # MathJax skips an element of that class
        for text in re.split(r"<[^>]+>", page)
        if len(re.findall(r"\$\s?\d", text)) >= 2
    ]
    assert not html_pairs, f"{path.name}: cells {html_pairs} show HTML with two dollars in one element"


def _default_font_codepoints() -> set[int]:
    import os

    import matplotlib
    from fontTools.ttLib import TTFont

    font = os.path.join(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf")
    return set(TTFont(font).getBestCmap())


def test_no_test_markers_widget_reprs_or_emoji_a_reader_would_see(nb):
    path, book = nb
    markers = [i for i, c in enumerate(book.cells) if c.cell_type == "code" and "NBVAL" in c.source]
    assert not markers, f"{path.name}: cells {markers} show an nbval marker; use the nbval-check-output tag"
    reprs = [
        i
        for i, c in enumerate(book.cells)
        for o in c.get("outputs", [])
        if _WIDGET_REPR.match("".join(o.get("data", {}).get("text/plain", "")))
        and not any(k.startswith("image/") for k in o.get("data", {}))
    ]
    assert not reprs, f"{path.name}: cells {reprs} store a bare widget repr"
    covered = _default_font_codepoints()  # DejaVu Sans: the fallback a machine without emoji fonts has
    missing = {
        (i, ch)
        for i, c in enumerate(book.cells)
        for t in _markdown_texts(c)
        for ch in t
        if ord(ch) > 0x7F and ord(ch) not in covered
    }
    assert not missing, f"{path.name}: characters the default fonts lack (empty boxes): {sorted(missing)}"


def test_dashboard_apps_are_built_from_their_sources():
    """notebooks/apps/*.ipynb (what `aipm dashboard` serves) come from notebooks/src/apps/*.py, with one
    parameters cell and a stored picture of the starting view for readers without a kernel."""
    import jupytext

    apps = sorted((REPO / "notebooks" / "apps").glob("*.ipynb"))
    assert apps, "no dashboard app notebook"
    for path in apps:
        src = REPO / "notebooks" / "src" / "apps" / (path.stem + ".py")
        assert src.exists(), f"{src} is missing"
        book = nbformat.read(path, as_version=4)
        built = jupytext.read(src)
        assert [(c.cell_type, c.source.strip()) for c in book.cells] == [
            (c.cell_type, c.source.strip()) for c in built.cells
        ], f"{path.name}: rebuild with `make notebooks`"
        assert sum("parameters" in _tags(c) for c in book.cells) == 1
        assert any(k.startswith("image/") for c in book.cells for o in c.get("outputs", []) for k in o.get("data", {}))


def test_no_empty_cells(nb):
    """An empty Markdown cell shows JupyterLab's "Type Markdown and LaTeX" placeholder to the learner."""
    path, book = nb
    empty = [i for i, c in enumerate(book.cells) if not c.source.strip()]
    assert not empty, f"{path.name}: cells {empty} are empty"


# --- exercises the learner does, shown from one source of text (TEACHING.md rules 13-14) -----------
LIFECYCLE = NOTEBOOKS  # every course notebook, portfolio projects included
_SHOWN = re.compile(r"^<!-- (Exercise (\d+) · .+?) -->\n\*(.+?)\.\*", re.S)


def _shown_exercises(book):
    """``(cell index, title, number, practice label)`` for each cell that displays an exercise."""
    found = []
    for i, cell in enumerate(book.cells):
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            m = _SHOWN.match(str(out.get("data", {}).get("text/markdown", "")))
            if m:
                found.append((i, m.group(1), int(m.group(2)), m.group(3)))
    return found


@pytest.mark.parametrize("path", LIFECYCLE, ids=[p.stem for p in LIFECYCLE])
def test_exercises_are_headed_numbered_and_decisions(path):
    from aipm_kit.exercises import PRACTICES

    book = nbformat.read(path, as_version=4)
    shown = _shown_exercises(book)
    assert shown, f"{path.name}: no exercise is displayed (a cell showing `qN` renders its prompt)"
    assert [n for *_, n, _ in shown] == list(range(1, len(shown) + 1)), (
        f"{path.name}: exercises must be numbered 1..n in order, found {[n for *_, n, _ in shown]}"
    )
    for i, title, _, _ in shown:
        before = book.cells[i - 1]
        assert before.cell_type == "markdown" and f"### {title}" in before.source, (
            f"{path.name} cell {i}: the Markdown cell above must carry the heading '### {title}'"
        )
        assert not re.search(r"\*\*Q\d|Options:", before.source), (
            f"{path.name} cell {i - 1}: the prompt and options come from the exercise object, not the Markdown"
        )
    labels = [p for *_, p in shown]
    decisions = labels.count(PRACTICES["decision"].rstrip("."))
    by_hand = labels.count(PRACTICES["by-hand"].rstrip("."))
    assert decisions >= 2, f"{path.name}: at least two decision exercises, found {decisions}"
    assert by_hand >= 1, f"{path.name}: at least one by-hand computation, found {by_hand}"
    headings = [c.source for c in book.cells if c.cell_type == "markdown" and re.match(r"##\s", c.source)]
    assert not any(re.match(r"##\s+(\d+\s*·\s*)?Exercises\b", h) for h in headings), (
        f"{path.name}: exercises sit next to the section they practise, not in an 'Exercises' section"
    )


@pytest.mark.parametrize("path", LIFECYCLE, ids=[p.stem for p in LIFECYCLE])
def test_a_multiple_choice_answer_is_among_the_options_shown(path):
    """When the worked answer picks a key (``qN_answer = "c"``), the displayed exercise lists that key."""
    book = nbformat.read(path, as_version=4)
    shown = {n: book.cells[i] for i, _, n, _ in _shown_exercises(book)}
    for cell in book.cells:
        if "solution" not in cell.metadata.get("tags", []):
            continue
        block = re.search(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, re.S)
        pick = block and re.search(r"\bq(\d+)_answer\s*=\s*(['\"])(.{1,30}?)\2\s*$", block.group(1), re.M)
        if not pick:
            continue
        number, key = int(pick.group(1)), pick.group(3)
        assert number in shown, f"{path.name}: exercise {number} is answered but never displayed"
        text = " ".join(str(o.get("data", {}).get("text/markdown", "")) for o in shown[number].outputs)
        assert key in text, f"{path.name}: exercise {number}'s answer {key!r} is not among the options it shows"


def _declared_minutes(path) -> int:
    book = nbformat.read(path, as_version=4)
    m = re.search(r"\*\*Time:\*\*\s*(\d+)\s*min", book.cells[0].source)
    assert m, f"{path.name}: the opening cell states no '**Time:** N minutes'"
    return int(m.group(1))


@pytest.mark.parametrize("doc,column", [("README.md", -2), ("docs/instructor.md", 4)])
def test_learner_times_in_the_docs_match_the_notebooks(doc, column):
    """The README's course table and the instructor's timing table quote each notebook's own time."""
    text = (REPO / doc).read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        number = path.name[:2]
        row = next((ln for ln in text.splitlines() if ln.startswith(f"| {number} |")), None)
        assert row, f"{doc} has no row for notebook {number}"
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        assert cells[column] == f"{_declared_minutes(path)} min", (
            f"{doc}, notebook {number}: {cells[column]!r}, but the notebook says {_declared_minutes(path)} min"
        )
