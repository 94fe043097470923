"""`aipm writeup`: the decision story rendered from a notebook's recorded facts.

Proved on a small test notebook (tests/data/writeup_demo.ipynb) and, once it
exists, on the course's notebook 01. Each notebook is executed once per
parameter set for the whole module.
"""

from __future__ import annotations

import base64
import html as htmllib
import re
from importlib.metadata import version
from pathlib import Path

import nbformat
import pytest

from aipm_kit import story, writeup
from aipm_kit.cli import main

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "tests" / "data" / "writeup_demo.ipynb"
NB01 = sorted((REPO / "notebooks").glob("01_*.ipynb"))

_NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?%?")


# --------------------------------------------------------------------------- helpers


def numbers_in(text: str) -> set[str]:
    """Every number in ``text``, normalised (thousands separators dropped)."""
    return {m.group(0).replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}


def recorded_numbers(executed: Path) -> set[str]:
    """Numbers the executed notebook itself recorded: fact texts, gate criteria, the figure caption."""
    nb = nbformat.read(executed, as_version=4)
    allowed: set[str] = set()
    for fact in story.read_facts(nb).values():
        allowed |= numbers_in(str(fact.text)) | numbers_in(fact.label)
        if isinstance(fact.value, dict):  # the gate: title and every criterion row
            allowed |= numbers_in(str(fact.value.get("title", "")))
            for row in fact.value.get("criteria", []):
                allowed |= set().union(*(numbers_in(str(v)) for v in row.values()))
    for fig in story.read_figures(nb).values():
        allowed |= numbers_in(fig["caption"])
    return allowed


def story_part_md(md: str) -> str:
    """The Markdown story: from the first section to the reproduction section (which holds versions).

    The default "What I did" lists the notebook's own section headings (authored text, not
    computed numbers), so it is left out of the number check.
    """
    body = md[md.index("\n## ") :]
    body = body[: body.index("## Reproduce this write-up")]
    if "The analysis, step by step (the notebook's sections)" in body:
        body = body[: body.index("## What was done")] + body[body.index("## The decision") :]
    return body


def story_part_html(page: str) -> str:
    """The visible text of the HTML story (``<main>`` before the reproduction section)."""
    main_part = page[page.index("<main>") : page.index('<section id="reproduce">')]
    if "The analysis, step by step (the notebook" in main_part:  # headings: authored text, see story_part_md
        main_part = (
            main_part[: main_part.index('<section id="what-i-did">')]
            + main_part[main_part.index('<section id="decision">') :]
        )
    main_part = re.sub(r'src="data:image/png;base64,[^"]*"', "", main_part)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", main_part))


def check_numbers_match(w: writeup.Writeup, executed: Path) -> None:
    allowed = recorded_numbers(executed)
    md = w.markdown.read_text(encoding="utf-8")
    page = w.html.read_text(encoding="utf-8")
    for where, text in (("Markdown", story_part_md(md)), ("HTML", story_part_html(page))):
        found = numbers_in(text)
        stray = sorted(found - allowed)
        assert not stray, f"{where} write-up shows numbers the notebook never recorded: {stray}"
        assert found, f"{where} write-up shows no numbers at all"
    facts = story.read_facts(executed)
    if not any(getattr(f, "author", "") == "learner" for f in facts.values()):
        assert "no part is in the author's own words yet" in md, "the write-up must say none of it is the author's"
    for key in story.WRITEUP_FACTS:
        text = str(facts[key].text)
        assert writeup.escape_markdown_dollars(text) in md, f"{key} text missing from the Markdown write-up"
        # numbers of every fact appear in the HTML page too
        assert numbers_in(text) <= numbers_in(story_part_html(page)) | numbers_in(htmllib.unescape(page))


# --------------------------------------------------------------------------- parameters


@pytest.mark.parametrize("text", ["7", "-3", "0.25", "1e-3", "True", "False", "None", "fraud", "7a", ""])
def test_parse_value_agrees_with_papermill(text):
    from papermill.cli import _resolve_type

    assert writeup.parse_value(text) == _resolve_type(text)
    assert type(writeup.parse_value(text)) is type(_resolve_type(text))


def test_parse_parameters_rejects_bad_names():
    assert writeup.parse_parameters([("SEED", "7"), ("FAST", "True")]) == {"SEED": 7, "FAST": True}
    with pytest.raises(ValueError, match="identifier"):
        writeup.parse_parameters([("not a name", "1")])


def test_notebook_defaults_reads_the_parameters_cell():
    assert writeup.notebook_defaults(DEMO) == {
        "SEED": 42,
        "FAST": False,
        "N_TRANSACTIONS": 20_000,
        "RECORD_ETHICS": True,
    }


def test_unknown_parameter_is_refused_before_running(tmp_path):
    with pytest.raises(ValueError, match="SEEDS"):
        writeup.make_writeup(DEMO, {"SEEDS": 1}, out=tmp_path / "w")
    assert not (tmp_path / "w").exists()


# --------------------------------------------------------------------------- the demo notebook, two seeds


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("writeups")
    out7 = base / "seed7"
    rc = main(["writeup", str(DEMO), "-p", "SEED", "7", "-p", "FAST", "True", "--out", str(out7)])
    assert rc == 0
    w7 = writeup.render_writeup(
        out7 / "executed.ipynb", out7, source=DEMO, parameters={"SEED": 7, "FAST": True}, force=True
    )
    w11 = writeup.make_writeup(DEMO, {"SEED": 11, "FAST": True}, out=base / "seed11")
    return {7: w7, 11: w11}


def test_cli_writes_markdown_html_and_keeps_the_run(demo_runs):
    w = demo_runs[7]
    for name in ("writeup.md", "writeup.html", "before_after.png", "executed.ipynb"):
        assert (w.out / name).is_file(), name
    assert w.complete, w.missing
    executed = nbformat.read(w.out / "executed.ipynb", as_version=4)
    assert executed.metadata["papermill"]["parameters"] == {"SEED": 7, "FAST": True}


@pytest.mark.parametrize("seed", [7, 11])
def test_every_number_matches_the_recorded_facts(demo_runs, seed):
    w = demo_runs[seed]
    check_numbers_match(w, w.out / "executed.ipynb")


def test_numbers_differ_between_seeds(demo_runs):
    a = numbers_in(story_part_md(demo_runs[7].markdown.read_text()))
    b = numbers_in(story_part_md(demo_runs[11].markdown.read_text()))
    assert a != b
    fa = story.read_facts(demo_runs[7].out / "executed.ipynb")
    fb = story.read_facts(demo_runs[11].out / "executed.ipynb")
    assert fa["writeup_technical_result"].text != fb["writeup_technical_result"].text
    assert fa["writeup_technical_result"].text in demo_runs[7].markdown.read_text()
    assert fb["writeup_technical_result"].text in demo_runs[11].markdown.read_text()


def test_story_follows_the_portfolio_outline(demo_runs):
    md = demo_runs[7].markdown.read_text()
    order = [
        "# Fraud screening: rules or a model?",
        "**Problem.**",
        "**Decision.**",
        "**Result.**",
        "## The business risk",
        "## What was done",
        "## The decision",
        "## Technical result beside business result",
        "## Latency and cost",
        "## Figures",
        "## Ethical considerations",
        "## Limitations",
        "## Reproduce this write-up",
        "<details>",
        "Appendix: every recorded number",
    ]
    positions = [md.index(h) for h in order]
    assert positions == sorted(positions)


def test_summary_is_three_first_sentences_and_no_byline(demo_runs):
    w = demo_runs[7]
    md, page = w.markdown.read_text(), w.html.read_text()
    facts = story.read_facts(w.out / "executed.ipynb")
    head = md[: md.index("## The business risk")]
    for label, key in (
        ("Problem", "writeup_business_risk"),
        ("Decision", "writeup_decision"),
        ("Result", "writeup_business_result"),
    ):
        line = next(ln for ln in head.splitlines() if ln.startswith(f"**{label}.**"))
        said = line[len(f"**{label}.** ") :].split(" *(")[0]
        assert facts[key].text.startswith(said) and len(said) <= len(facts[key].text)
    for kit_words in ("aipm writeup` on", "written by", "Course contents", "back_link"):
        assert kit_words not in md and kit_words not in page, kit_words
    # the steps of the analysis default to the notebook's own section headings
    steps = md[md.index("## What was done") : md.index("## The decision")]
    assert "- Rule and model on the same transactions\n- Costs, the gate and the story" in steps


@pytest.mark.parametrize(
    "text, first",
    [
        ("Recall rose 3.5 points. Then it fell.", "Recall rose 3.5 points."),
        ("A model (e.g. a tree) helps. It costs more.", "A model (e.g. a tree) helps."),
        ("One sentence only", "One sentence only"),
        ('Costs -$1,234.50 a day! "Quoted" next.', "Costs -$1,234.50 a day!"),
    ],
)
def test_first_sentence(text, first):
    assert writeup.first_sentence(text) == first


def test_key_numbers_are_curated_and_capped(demo_runs, tmp_path):
    import json

    run = demo_runs[7].out / "executed.ipynb"
    nb = nbformat.read(run, as_version=4)
    executed = tmp_path / "executed.ipynb"

    def with_key_numbers(keys):
        book = nbformat.read(run, as_version=4)
        book.cells.append(
            nbformat.v4.new_code_cell(
                "",
                outputs=[
                    nbformat.v4.new_output(
                        "display_data",
                        data={
                            story.FACT_MIME: json.dumps(
                                {"key": "writeup_key_numbers", "value": keys, "label": "Key numbers", "text": ""}
                            )
                        },
                    )
                ],
            )
        )
        nbformat.write(book, executed)
        return executed

    known = [k for k in story.read_facts(nb) if not k.startswith("writeup_") and k != "gate"][:2]
    assert known, "the demo notebook records numbers"
    w = writeup.render_writeup(with_key_numbers(known), tmp_path / "ok", source=DEMO)
    md = w.markdown.read_text()
    body = md[md.index("## Key numbers") : md.index("## Reproduce")]
    facts = story.read_facts(executed)
    assert [ln for ln in body.splitlines() if ln.startswith("- ")] == [
        f"- **{facts[k].label}**: {facts[k].text}" for k in known
    ]
    with pytest.raises(ValueError, match="at most 10"):
        writeup.render_writeup(with_key_numbers(known * 6), tmp_path / "many", source=DEMO)
    with pytest.raises(ValueError, match="not_a_fact"):
        writeup.render_writeup(with_key_numbers(["not_a_fact"]), tmp_path / "unknown", source=DEMO)


def test_plain_format_has_no_tables_or_html(demo_runs, tmp_path):
    w = writeup.render_writeup(demo_runs[7].out / "executed.ipynb", tmp_path / "plain", source=DEMO, fmt="plain")
    md = w.markdown.read_text()
    assert not re.search(r"^\s*\|", md, re.M), "a table row in the plain write-up"
    assert "<details>" not in md and "<" not in md.replace("<figure", "")
    facts = story.read_facts(demo_runs[7].out / "executed.ipynb")
    for key in story.WRITEUP_FACTS:
        assert str(facts[key].text) in md, key
    assert "## Appendix" in md and "- `SEED` = `7`" in md
    with pytest.raises(ValueError, match="format must be one of"):
        writeup.render_writeup(demo_runs[7].out / "executed.ipynb", tmp_path / "odd", source=DEMO, fmt="docx")


def test_figure_is_saved_and_embedded(demo_runs):
    w = demo_runs[7]
    fig = story.read_figures(w.out / "executed.ipynb")[story.WRITEUP_FIGURE]
    png = base64.b64decode(fig["png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert (w.out / "before_after.png").read_bytes() == png
    assert "](before_after.png)" in w.markdown.read_text()
    page = w.html.read_text()
    embedded = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert embedded == [fig["png"]]
    assert not re.search(r'(src|href)="https?://', page), "the HTML page must be self-contained"


def test_reproduction_lists_exact_parameters_and_versions(demo_runs):
    w = demo_runs[7]
    md = w.markdown.read_text()
    repro = md[md.index("## Reproduce this write-up") :]
    assert "-p SEED 7 -p FAST True" in repro
    for name, value in {"SEED": 7, "FAST": True, "N_TRANSACTIONS": 20000, "RECORD_ETHICS": True}.items():
        assert f"| `{name}` | `{value}` |" in repro
    for package in ("numpy", "pandas", "matplotlib", "papermill"):
        assert f"| {package} | {version(package)} |" in repro
    assert w.parameters == {"SEED": 7, "FAST": True, "N_TRANSACTIONS": 20000, "RECORD_ETHICS": True}


def test_existing_output_is_not_overwritten_without_force(demo_runs, tmp_path, capsys):
    w = demo_runs[11]
    before = w.markdown.read_text()
    rc = main(["writeup", str(DEMO), "-p", "SEED", "3", "--out", str(w.out)])
    assert rc == 2
    assert "--force" in capsys.readouterr().err
    assert w.markdown.read_text() == before
    with pytest.raises(FileExistsError, match="--force"):
        writeup.render_writeup(w.out / "executed.ipynb", w.out, source=DEMO)


def test_force_replaces_only_the_writeup_files(demo_runs, tmp_path):
    out = tmp_path / "again"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "writeup.md").write_text("old")
    with pytest.raises(FileExistsError):
        writeup.render_writeup(demo_runs[7].out / "executed.ipynb", out, source=DEMO)
    w = writeup.render_writeup(demo_runs[7].out / "executed.ipynb", out, source=DEMO, force=True)
    assert w.markdown.read_text() != "old"
    assert (out / "notes.txt").read_text() == "mine"


# --------------------------------------------------------------------------- missing facts


def _cell_recording(nb, key: str) -> int:
    hits = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and f'story.record("{key}"' in c.source]
    assert len(hits) == 1
    return hits[0]


def test_missing_fact_names_the_cell_that_should_record_it(demo_runs, tmp_path):
    executed = nbformat.read(demo_runs[7].out / "executed.ipynb", as_version=4)
    source = nbformat.read(DEMO, as_version=4)
    # the ethics fact was skipped at run time: drop its output, keep the cell
    i = _cell_recording(executed, "writeup_ethics")
    executed.cells[i].outputs = [
        o for o in executed.cells[i].outputs if "writeup_ethics" not in str(o.get("data", {}).get(story.FACT_MIME, ""))
    ]
    path = tmp_path / "skipped.ipynb"
    nbformat.write(executed, path)
    w = writeup.render_writeup(path, tmp_path / "out", source=DEMO)
    assert w.missing == ["writeup_ethics"]
    message = next(s.missing for s in w.sections if s.key == "writeup_ethics")
    assert f"cell {_cell_recording(source, 'writeup_ethics') + 1}" in message
    assert 'story.record("writeup_ethics"' in message
    assert message in w.markdown.read_text()
    assert "Missing." in w.html.read_text()


def test_fact_no_cell_records_is_named_with_the_fix(demo_runs, tmp_path):
    executed = nbformat.read(demo_runs[7].out / "executed.ipynb", as_version=4)
    source = nbformat.read(DEMO, as_version=4)
    for nb in (executed, source):
        i = _cell_recording(nb, "writeup_limitations")
        nb.cells[i].source = "\n".join(ln for ln in nb.cells[i].source.splitlines() if "writeup_limitations" not in ln)
    for nb in (executed,):
        i = _cell_recording(nb, "writeup_latency_cost")
        nb.cells[i].outputs = [
            o
            for o in nb.cells[i].outputs
            if "writeup_limitations" not in str(o.get("data", {}).get(story.FACT_MIME, ""))
        ]
    exe_path, src_path = tmp_path / "executed.ipynb", tmp_path / "source.ipynb"
    nbformat.write(executed, exe_path)
    nbformat.write(source, src_path)
    w = writeup.render_writeup(exe_path, tmp_path / "out", source=src_path)
    assert w.missing == ["writeup_limitations"]
    message = next(s.missing for s in w.sections if s.key == "writeup_limitations")
    assert "no cell of source.ipynb records it" in message
    assert 'story.record("writeup_limitations"' in message


def test_missing_figure_is_reported(demo_runs, tmp_path):
    executed = nbformat.read(demo_runs[7].out / "executed.ipynb", as_version=4)
    for cell in executed.cells:
        cell["outputs"] = [o for o in cell.get("outputs", []) if story.FIGURE_MIME not in o.get("data", {})]
    path = tmp_path / "nofig.ipynb"
    nbformat.write(executed, path)
    w = writeup.render_writeup(path, tmp_path / "out", source=DEMO)
    assert w.missing == [story.WRITEUP_FIGURE]
    assert "record_figure" in w.figure_missing
    assert not (tmp_path / "out" / "before_after.png").exists()
    assert "data:image/png" not in w.html.read_text()


# --------------------------------------------------------------------------- templates


def test_notebook_specific_template_overrides_the_default(demo_runs, tmp_path):
    mine = tmp_path / "templates" / "writeup"
    mine.mkdir(parents=True)
    (mine / "writeup_demo.md.j2").write_text(
        "CUSTOM {{ facts.model_recall.text }} {{ section.writeup_decision.text }}\n"
    )
    w = writeup.render_writeup(
        demo_runs[7].out / "executed.ipynb", tmp_path / "out", source=DEMO, template_dirs=[tmp_path / "templates"]
    )
    facts = story.read_facts(demo_runs[7].out / "executed.ipynb")
    assert w.markdown.read_text() == f"CUSTOM {facts['model_recall'].text} {facts['writeup_decision'].text}\n"
    assert "<!doctype html>" in w.html.read_text()  # the HTML falls back to the kit's default


def test_kit_templates_ship_with_the_package():
    for name in ("default.md.j2", "default.html.j2"):
        assert (writeup.TEMPLATES / "writeup" / name).is_file()


# --------------------------------------------------------------------------- notebook 01 (once it exists)

needs_nb01 = pytest.mark.skipif(not NB01, reason="notebooks/01_*.ipynb does not exist yet")


@pytest.fixture(scope="module")
def nb01_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("nb01")
    rc = main(["writeup", str(NB01[0]), "-p", "SEED", "7", "--out", str(base / "seed7")])
    assert rc == 0
    w7 = writeup.render_writeup(
        base / "seed7" / "executed.ipynb", base / "seed7", source=NB01[0], parameters={"SEED": 7}, force=True
    )
    w8 = writeup.make_writeup(NB01[0], {"SEED": 8}, out=base / "seed8")
    return {7: w7, 8: w8}


@needs_nb01
@pytest.mark.parametrize("seed", [7, 8])
def test_nb01_writeup_numbers_match_its_facts(nb01_runs, seed):
    w = nb01_runs[seed]
    assert w.complete, f"notebook 01 did not record: {w.missing}"
    check_numbers_match(w, w.out / "executed.ipynb")
    assert (w.out / "before_after.png").is_file()


@needs_nb01
def test_nb01_writeup_numbers_differ_between_seeds(nb01_runs):
    a = numbers_in(story_part_md(nb01_runs[7].markdown.read_text()))
    b = numbers_in(story_part_md(nb01_runs[8].markdown.read_text()))
    assert a != b
    f7 = story.read_facts(nb01_runs[7].out / "executed.ipynb")
    f8 = story.read_facts(nb01_runs[8].out / "executed.ipynb")
    changed = [k for k in story.WRITEUP_FACTS if f7[k].text != f8[k].text]
    assert changed, "no write-up fact changed with the seed"


def test_number_check_catches_a_number_the_notebook_never_recorded(demo_runs, tmp_path):
    w = writeup.render_writeup(demo_runs[7].out / "executed.ipynb", tmp_path / "out", source=DEMO)
    md = w.markdown.read_text()
    w.markdown.write_text(md.replace("## The decision\n", "## The decision\n\nIt saves 987.6 hours.\n"))
    with pytest.raises(AssertionError, match="987.6"):
        check_numbers_match(w, demo_runs[7].out / "executed.ipynb")


def test_a_course_notebook_can_be_named_by_number():
    from aipm_kit.course import NOTEBOOKS

    first = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))[0]
    assert writeup.resolve_notebook(first.name[:2]) == first
    assert writeup.resolve_notebook(str(DEMO)) == DEMO
    with pytest.raises(FileNotFoundError, match="98"):
        writeup.resolve_notebook("98")


# --------------------------------------------------------------------------- --force never loses the previous write-up

EARLIER = {
    "writeup.md": b"the earlier story\n",
    "writeup.html": b"<p>the earlier story</p>",
    "executed.ipynb": b'{"earlier": true}',
    "before_after.png": b"earlier png",
    "notes.txt": b"mine",
}


def _earlier_writeup(out: Path) -> dict[str, bytes]:
    out.mkdir(parents=True)
    for name, data in EARLIER.items():
        (out / name).write_bytes(data)
    return {p.name: p.read_bytes() for p in out.iterdir()}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_failed_run_with_force_keeps_the_previous_writeup(tmp_path, monkeypatch, capsys):
    from aipm_kit import course_core

    def failing(source, target, parameters, *, cwd=None, timeout=600):
        nb = nbformat.read(source, as_version=4)
        nbformat.write(nb, target)  # papermill keeps the partial run
        return False, "cell 4: ValueError: planted failure"

    monkeypatch.setattr(course_core, "execute", failing)
    out = tmp_path / "w"
    before = _earlier_writeup(out)
    with pytest.raises(RuntimeError, match="planted failure") as info:
        writeup.make_writeup(DEMO, {"SEED": 3}, out=out, force=True)
    assert _tree(out) == before
    partial = re.search(r"partial run is in (\S+\.ipynb)", str(info.value))
    assert partial and Path(partial.group(1)).is_file(), str(info.value)
    assert main(["writeup", str(DEMO), "-p", "SEED", "3", "--out", str(out), "--force"]) == 1
    assert "planted failure" in capsys.readouterr().err
    assert _tree(out) == before


def test_failed_first_run_keeps_its_partial_notebook_in_out(tmp_path, monkeypatch):
    from aipm_kit import course_core

    def failing(source, target, parameters, *, cwd=None, timeout=600):
        nbformat.write(nbformat.read(source, as_version=4), target)
        return False, "cell 4: ValueError: planted failure"

    monkeypatch.setattr(course_core, "execute", failing)
    out = tmp_path / "new"
    with pytest.raises(RuntimeError, match=re.escape(str(out / "executed.ipynb"))):
        writeup.make_writeup(DEMO, {"SEED": 3}, out=out)
    assert sorted(p.name for p in out.iterdir()) == ["executed.ipynb"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new"]  # no staging folder left behind


def test_failed_render_with_force_keeps_the_previous_writeup(demo_runs, tmp_path):
    broken = tmp_path / "templates" / "writeup"
    broken.mkdir(parents=True)
    (broken / "writeup_demo.md.j2").write_text("{{ no_such_variable }}\n")
    out = tmp_path / "w"
    before = _earlier_writeup(out)
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        writeup.render_writeup(
            demo_runs[7].out / "executed.ipynb", out, source=DEMO, force=True, template_dirs=[tmp_path / "templates"]
        )
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["templates", "w"]


def test_successful_forced_run_replaces_the_writeup_files_only(demo_runs, tmp_path, monkeypatch):
    from aipm_kit import course_core

    done = demo_runs[7].out / "executed.ipynb"

    def replay(source, target, parameters, *, cwd=None, timeout=600):
        Path(target).write_bytes(done.read_bytes())
        return True, ""

    monkeypatch.setattr(course_core, "execute", replay)
    out = tmp_path / "w"
    _earlier_writeup(out)
    w = writeup.make_writeup(DEMO, {"SEED": 7, "FAST": True}, out=out, force=True)
    assert w.complete
    after = _tree(out)
    assert after["notes.txt"] == b"mine"
    assert after["executed.ipynb"] == done.read_bytes()
    for name in ("writeup.md", "writeup.html", "before_after.png"):
        assert after[name] != EARLIER[name]
    assert story.read_facts(done)["writeup_decision"].text in after["writeup.md"].decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w"]


# --------------------------------------------------------------------------- the reproduce command is safe to paste


def test_reproduce_command_quotes_every_argument(tmp_path, monkeypatch):
    import shlex
    import subprocess

    monkeypatch.chdir(tmp_path)
    source = tmp_path / "my notebooks" / "01_x.ipynb"
    params = {"LABEL": "x; touch pwned", "SEED": 7, "NOTE": "it's $(touch pwned2)", "FAST": True}
    command = writeup._default_command(source, params)
    expected = [
        "aipm",
        "writeup",
        "my notebooks/01_x.ipynb",
        "-p",
        "LABEL",
        "x; touch pwned",
        "-p",
        "SEED",
        "7",
        "-p",
        "NOTE",
        "it's $(touch pwned2)",
        "-p",
        "FAST",
        "True",
    ]
    assert shlex.split(command) == expected
    # pasted into a shell, it is one command with exactly these arguments and runs nothing else
    shown = subprocess.run(["sh", "-c", "printf '%s\\n' " + command], cwd=tmp_path, capture_output=True, text=True)
    assert shown.stdout.splitlines() == expected
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "pwned2").exists()


# ----------------------------------------------------------------------------- the learner's words
# A portfolio is worth something only if the learner made the calls in it: the write-up quotes the
# learner's MY_DECISION / MY_LIMITATIONS verbatim, and marks the kit's wording where they left it empty.

NB11 = REPO / "notebooks" / "11_portfolio_eval_harness.ipynb"


def test_the_write_up_quotes_the_learners_words_and_marks_the_kits(tmp_path, capsys):
    words = 'Not yet for v2: the billing slice could hide a 10-point drop; I would run 300 more "billing" cases.'
    did = "- Fixed a 1-point margin before any comparison.\n- Gated v2 on a judge I validated against labels."
    rc = main(
        [
            "writeup",
            str(NB11),
            "-p",
            "FAST",
            "True",
            "-p",
            "MY_DECISION",
            words,
            "-p",
            "MY_WHAT_I_DID",
            did,
            "--out",
            str(tmp_path / "w"),
        ]
    )
    assert rc == 0
    err = capsys.readouterr().err
    md = (tmp_path / "w" / "writeup.md").read_text(encoding="utf-8")
    html = (tmp_path / "w" / "writeup.html").read_text(encoding="utf-8")
    assert words in md  # verbatim
    decision_part = md.split("## ")[[i for i, part in enumerate(md.split("## ")) if words in part][0]]
    assert "Suggested wording" not in decision_part
    # what was done is the learner's too, under an "I" heading; the business risk and the limitations were
    # left empty: the kit's text stands in, visibly marked, and the command says so
    assert "## What I did\n\n" + did in md and "## What was done" not in md
    assert md.count("Suggested wording from the kit") == 3  # business risk, ethics, limitations
    assert "-p MY_LIMITATIONS" in md and "-p MY_BUSINESS_RISK" in md and "-p MY_ETHICS" in md
    assert "set MY_BUSINESS_RESULT" in md  # the business reading, inline, marked as the kit's too
    assert "Suggested wording from the kit." in html
    assert "put yours in with -p MY_LIMITATIONS" in err and "MY_DECISION" not in err
    # the page says which parts are the author's own words, and only those
    assert "*Written from this run's recorded numbers; in the author's own words: The decision, What I did.*" in md
    assert (
        "in the author&#39;s own words: The decision, What I did." in html
        or "in the author's own words: The decision, What I did." in html
    )
    # the verdict is stated once in the body (the decision), not again in a heading or a results cell
    body = md.split("## Appendix")[0]
    assert all(body.count(verdict) <= 1 for verdict in ("NOT YET", "NO-GO"))


def test_record_words_marks_who_wrote_it():
    import nbformat
    from nbclient import NotebookClient

    from aipm_kit.story import read_facts

    nb = nbformat.v4.new_notebook(
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )
    nb.cells = [
        nbformat.v4.new_code_cell(
            "from aipm_kit import story\n"
            "story.record_words('writeup_decision', 'Ship the rule.', suggestion='Ship the model.', parameter='MY_DECISION')\n"
            "story.record_words('writeup_limitations', '  ', suggestion='One month.', parameter='MY_LIMITATIONS');"
        )
    ]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    facts = read_facts(nb)
    assert facts["writeup_decision"].text == "Ship the rule." and facts["writeup_decision"].author == "learner"
    assert facts["writeup_limitations"].text == "One month." and facts["writeup_limitations"].author == "kit"
    assert facts["writeup_limitations"].parameter == "MY_LIMITATIONS"
    shown = [o["data"]["text/plain"] for o in nb.cells[0].outputs if "text/plain" in o.get("data", {})]
    assert "suggested wording: write your own in MY_LIMITATIONS" in shown[-1]
    with pytest.raises(TypeError, match="MY_DECISION"):
        from aipm_kit import story

        story.record_words("writeup_decision", 3, suggestion="x", parameter="MY_DECISION")


def test_only_the_authors_own_words_get_a_first_person_heading(tmp_path):
    """'What I did' heads the author's own account; the kit's suggestion is headed 'What was done'."""
    from nbclient import NotebookClient

    def rendered(words):
        nb = nbformat.v4.new_notebook(
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
        )
        nb.cells = [
            nbformat.v4.new_code_cell(
                "from aipm_kit import story\n"
                f"story.record_words('writeup_what_i_did', {words!r}, suggestion='Replayed the log.', "
                "parameter='MY_WHAT_I_DID');"
            )
        ]
        NotebookClient(nb, timeout=120, kernel_name="python3").execute()
        path = tmp_path / f"nb{len(words)}.ipynb"
        nbformat.write(nb, path)
        out = tmp_path / f"w{len(words)}"
        writeup.render_writeup(path, out)
        return (out / "writeup.md").read_text(encoding="utf-8")

    mine, kits = rendered("I replayed six months of logs."), rendered("")
    assert "## What I did\n\nI replayed six months of logs." in mine and "## What was done" not in mine
    assert "## What was done\n\nReplayed the log." in kits and "## What I did" not in kits
    assert "in the author's own words: What I did." in mine


NB10 = REPO / "notebooks" / "10_portfolio_recommendation_analyzer.ipynb"


def test_portfolio_10_write_up_shows_the_black_boxes_the_top_10_and_the_learners_call(tmp_path):
    words = "Two slots, not three: the three-slot cost may break our 10% budget; I would A/B test two."
    rc = main(
        [
            "writeup",
            str(NB10),
            "-p",
            "FAST",
            "True",
            "-p",
            "TAIL_SLOTS",
            "2",
            "-p",
            "MY_DECISION",
            words,
            "--out",
            str(tmp_path / "w"),
        ]
    )
    assert rc == 0
    md = (tmp_path / "w" / "writeup.md").read_text(encoding="utf-8")
    assert words in md
    assert "black boxes correctly" in md  # the black-box result
    assert "| Rank | Item-kNN (before) | With tail slots (after) |" in md  # the before/after top 10
    assert "before and after 2 tail slots" in md  # the learner's slot count
    key = md[md.index("## Key numbers") : md.index("## Reproduce")]
    assert 1 <= sum(ln.startswith("- ") for ln in key.splitlines()) <= 10
    assert "black boxes" not in key.lower()  # stated once, in what was done
    # the online test the gate's footnotes point to sits below the gate, before the results
    assert md.index("### The gate") < md.index("## The online test") < md.index("## What the fix costs")
    # the summary's Result line is not repeated word for word at the head of the long-tail section
    result = next(ln for ln in md.splitlines() if ln.startswith("**Result.** "))[len("**Result.** ") :]
    assert md.count(result) == 1
    assert result.startswith("With models re-fitted on earlier ratings")  # the headline is the re-fit
    html = (tmp_path / "w" / "writeup.html").read_text(encoding="utf-8")
    assert "<h2>The online test</h2>" in html and html.count(result) == 1


def test_markdown_dollars_are_escaped_outside_code_only():
    """GitHub pairs two bare $ into maths: amounts are escaped, code keeps its $ and an escape is not doubled."""
    text = "Saves $27,000 to $79,000 (`cost = $x`), already \\$5\n```bash\necho $HOME\n```\nthen $3"
    assert writeup.escape_markdown_dollars(text) == (
        "Saves \\$27,000 to \\$79,000 (`cost = $x`), already \\$5\n```bash\necho $HOME\n```\nthen \\$3"
    )


def test_the_not_a_step_headings_stay_out_of_what_i_did():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(m)
            for m in (
                "## 1 · The cases",
                "## 10b · Prompt versions",
                "## Your call",
                "## 13 · What goes into the write-up",
                "### 2 · not a section",
            )
        ]
    )
    assert writeup._notebook_steps(nb) == "- The cases\n- Prompt versions"
