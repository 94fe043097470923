"""`aipm student-copy`: solutions stripped to their stubs, self-tests removed, and the copies still run."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from aipm_kit import student
from aipm_kit.cli import main
from aipm_kit.course import discover

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "tests" / "data" / "writeup_demo.ipynb"
COURSE = discover()


def _tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def solution_lines(nb) -> set[str]:
    """The worked-answer lines of an authored notebook that appear nowhere outside a solution block."""
    inside, outside = set(), set()
    for cell in nb.cells:
        blocks = re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", cell.source, flags=re.S)
        for block in blocks:
            inside |= {ln.strip() for ln in block.splitlines() if ln.strip()}
        rest = re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION", "", cell.source, flags=re.S)
        if "remove-cell" not in _tags(cell):
            outside |= {ln.strip() for ln in rest.splitlines() if ln.strip()}
    return inside - outside


# --------------------------------------------------------------------------- stripping


def test_strip_solution_keeps_stub_and_check():
    src = "q1_answer = ____\n### BEGIN SOLUTION\nq1_answer = 0.5\n### END SOLUTION\nq1.check(q1_answer)"
    assert student.strip_solution(src) == "q1_answer = ____\nq1.check(q1_answer)"


def test_strip_solution_handles_several_blocks_and_indentation():
    src = (
        "a = ____\nb = ____\n### BEGIN SOLUTION\na = 1\n### END SOLUTION\n"
        "if True:\n    ### BEGIN SOLUTION\n    b = 2\n    ### END SOLUTION\n    pass\nq.check((a, b))\n"
    )
    out = student.strip_solution(src)
    assert "a = 1" not in out and "b = 2" not in out and "SOLUTION" not in out
    assert out.splitlines() == ["a = ____", "b = ____", "if True:", "    pass", "q.check((a, b))"]


@pytest.mark.parametrize(
    "src, message",
    [
        ("x = 1\n### BEGIN SOLUTION\nx = 2\n### END SOLUTION\n", "stub"),
        ("x = ____\n### BEGIN SOLUTION\nx = 2\n", "matching"),
        ("x = ____\n### END SOLUTION\nx = 2\n### BEGIN SOLUTION\n", "before"),
        ("x = ____\nx = 2\n", "matching"),
    ],
)
def test_strip_solution_refuses_broken_cells(src, message):
    with pytest.raises(ValueError, match=message):
        student.strip_solution(src, where="cell 3")


def test_solution_problems_names_the_cell():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# x"),
        nbformat.v4.new_code_cell(
            "x = 1\n### BEGIN SOLUTION\nx = 2\n### END SOLUTION", metadata={"tags": ["solution"]}
        ),
        nbformat.v4.new_code_cell("y = ____\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION"),
    ]
    problems = student.solution_problems(nb)
    assert any(p.startswith("cell 1") and "stub" in p for p in problems)
    assert any(p.startswith("cell 2") and "not tagged" in p for p in problems)
    with pytest.raises(ValueError, match="cell 1"):
        student.make_student_notebook(nb)


@pytest.mark.parametrize("path", [DEMO] + COURSE, ids=lambda p: p.stem)
def test_every_solution_cell_has_a_stub(path):
    nb = nbformat.read(path, as_version=4)
    assert student.solution_problems(nb) == []
    for i, cell in enumerate(nb.cells):
        if "solution" in _tags(cell):
            before = cell.source.split("### BEGIN SOLUTION")[0]
            assert "____" in before, f"{path.name} cell {i}: the `____` stub must come before the solution"


def test_demo_student_copy_is_stripped():
    authored = nbformat.read(DEMO, as_version=4)
    copy = student.make_student_notebook(authored)
    assert sum("solution" in _tags(c) for c in authored.cells) >= 1
    assert not any("remove-cell" in _tags(c) for c in copy.cells)
    assert len(copy.cells) == len(authored.cells) - sum("remove-cell" in _tags(c) for c in authored.cells)
    text = "\n".join(c.source for c in copy.cells)
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
    assert "q1_answer = 100 * (model_recall - rule_recall)" not in text
    assert "q1_answer = ____" in text and "q1.check(q1_answer)" in text
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in copy.cells if c.cell_type == "code")
    # the authored notebook object is untouched
    assert "### BEGIN SOLUTION" in "\n".join(c.source for c in authored.cells)


# --------------------------------------------------------------------------- the command and the copies running


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    if COURSE:
        assert main(["student-copy", "--out", str(out)]) == 0
    assert main(["student-copy", str(DEMO), "--out", str(out / "demo")]) == 0
    return out


def test_command_writes_one_copy_per_course_notebook(copies):
    assert sorted(p.name for p in copies.glob("*.ipynb")) == [p.name for p in COURSE]
    assert (copies / "demo" / DEMO.name).is_file()


@pytest.mark.parametrize("path", [DEMO] + COURSE, ids=lambda p: p.stem)
def test_no_solution_text_left(copies, path):
    target = copies / "demo" / path.name if path == DEMO else copies / path.name
    copy = nbformat.read(target, as_version=4)
    text = "\n".join(c.source for c in copy.cells)
    assert "### BEGIN SOLUTION" not in text
    leaked = {
        ln
        for ln in solution_lines(nbformat.read(path, as_version=4))
        if ln in text.splitlines() or any(ln == x.strip() for x in text.splitlines())
    }
    assert not leaked, f"solution lines left in the student copy of {path.name}: {sorted(leaked)}"
    assert not any("remove-cell" in _tags(c) for c in copy.cells)


@pytest.mark.parametrize("path", [DEMO] + COURSE, ids=lambda p: p.stem)
def test_student_copy_executes_and_nudges(copies, path, tmp_path):
    import papermill as pm

    target = copies / "demo" / path.name if path == DEMO else copies / path.name
    executed = tmp_path / path.name
    params = {"FAST": True} if "FAST" in _parameters(target) else {}
    # a timeout turns a stuck kernel into a failure instead of a hung test run
    pm.execute_notebook(
        str(target),
        str(executed),
        parameters=params,
        kernel_name="python3",
        cwd=str(target.parent),
        progress_bar=False,
        execution_timeout=300,
    )
    nb = nbformat.read(executed, as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
    n_exercises = sum("solution" in _tags(c) for c in nbformat.read(path, as_version=4).cells)
    outputs = " ".join(
        str(o.get("data", {}).get("text/plain", "")) + str(o.get("text", ""))
        for c in nb.cells
        for o in c.get("outputs", [])
    )
    assert outputs.count("Not attempted") >= n_exercises, "each unattempted exercise prints a nudge"


def _parameters(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return next((c.source for c in nb.cells if "parameters" in _tags(c)), "")


def test_student_copies_pass_nbval(copies):
    """The learner's copies, exactly as handed out, run clean under nbval (lax: no stored outputs)."""
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--nbval-lax",
            "--nbval-current-env",
            "--nbval-cell-timeout=300",
            str(copies),
        ],
        cwd=copies,
        capture_output=True,
        text=True,
        timeout=1_500,
    )
    tail = "\n".join(result.stdout.splitlines()[-15:])
    assert result.returncode == 0, f"nbval failed on the student copies:\n{tail}"
    assert re.search(r"\d+ passed", tail) and "failed" not in tail, tail


# --------------------------------------------------------------------------- re-running over the learner's work


@pytest.fixture
def authored(tmp_path, monkeypatch):
    """Two exercise notebooks in a folder standing in for the course's notebooks/ (the real one is never touched)."""
    from aipm_kit import course_core

    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    shutil.copy(DEMO, nbs / "01_demo.ipynb")
    shutil.copy(DEMO, nbs / "02_demo.ipynb")
    monkeypatch.setattr(course_core, "NOTEBOOKS", nbs)
    return nbs


def _update_course(path: Path, text: str) -> None:
    """The instructor changes an authored notebook."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell(text))
    nbformat.write(nb, path)


def _learner_answers(path: Path, answer: str) -> bytes:
    """The learner fills in an exercise and saves; returns the saved bytes."""
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "q1_answer = ____" in c.source)
    cell.source = cell.source.replace("q1_answer = ____", f"q1_answer = {answer}")
    nbformat.write(nb, path)
    return path.read_bytes()


def _copy_argv(out: Path, *more: str) -> list[str]:
    return ["student-copy", "--only", "01,02", "--out", str(out), *more]


def test_rerun_keeps_the_learners_edited_copy(authored, tmp_path, capsys):
    out = tmp_path / "student"
    assert main(_copy_argv(out)) == 0
    mine = _learner_answers(out / "01_demo.ipynb", "42")
    _update_course(authored / "01_demo.ipynb", "Course update: a new hint.")
    _update_course(authored / "02_demo.ipynb", "Course update: a new hint.")
    capsys.readouterr()
    assert main(_copy_argv(out)) == 0
    said = capsys.readouterr().out
    assert (out / "01_demo.ipynb").read_bytes() == mine, "the learner's edited copy was overwritten"
    fresh = out / "01_demo.new.ipynb"
    text = "\n".join(c.source for c in nbformat.read(fresh, as_version=4).cells)
    assert "Course update: a new hint." in text and "q1_answer = ____" in text
    assert "01_demo.new.ipynb" in said and "edited" in said
    # the untouched copy of 02 is simply replaced
    assert "Course update: a new hint." in (out / "02_demo.ipynb").read_text()
    assert not (out / "02_demo.new.ipynb").exists()


def test_each_copy_records_the_hash_of_what_was_written(authored, tmp_path):
    import hashlib

    out = tmp_path / "student"
    assert main(_copy_argv(out)) == 0
    nb = nbformat.read(out / "01_demo.ipynb", as_version=4)
    recorded = nb.metadata["aipm"]["student_copy_sha256"]
    assert re.fullmatch(r"[0-9a-f]{64}", recorded)
    assert recorded != hashlib.sha256(b"").hexdigest()


def test_a_file_without_a_record_is_the_learners(authored, tmp_path):
    out = tmp_path / "student"
    out.mkdir()
    notes = nbformat.v4.new_notebook()
    notes.cells = [nbformat.v4.new_markdown_cell("my own notes")]
    nbformat.write(notes, out / "01_demo.ipynb")
    before = (out / "01_demo.ipynb").read_bytes()
    assert main(_copy_argv(out)) == 0
    assert (out / "01_demo.ipynb").read_bytes() == before
    assert "q1_answer = ____" in (out / "01_demo.new.ipynb").read_text()


def test_edited_copy_of_an_unchanged_course_is_left_alone(authored, tmp_path, capsys):
    out = tmp_path / "student"
    assert main(_copy_argv(out)) == 0
    mine = _learner_answers(out / "01_demo.ipynb", "42")
    capsys.readouterr()
    assert main(_copy_argv(out)) == 0
    assert (out / "01_demo.ipynb").read_bytes() == mine
    assert not (out / "01_demo.new.ipynb").exists()  # nothing new to hand out
    assert "01_demo.ipynb" in capsys.readouterr().out


def test_an_edited_fresh_copy_is_kept_too(authored, tmp_path):
    out = tmp_path / "student"
    assert main(_copy_argv(out)) == 0
    _learner_answers(out / "01_demo.ipynb", "42")
    _update_course(authored / "01_demo.ipynb", "Update one.")
    assert main(_copy_argv(out)) == 0
    second = _learner_answers(out / "01_demo.new.ipynb", "43")  # the learner moved to the fresh copy
    _update_course(authored / "01_demo.ipynb", "Update two.")
    assert main(_copy_argv(out)) == 0
    assert (out / "01_demo.new.ipynb").read_bytes() == second
    assert "Update two." in (out / "01_demo.new2.ipynb").read_text()


def test_force_replaces_an_edited_copy_only_once_the_new_one_is_written(authored, tmp_path, monkeypatch):
    import os

    out = tmp_path / "student"
    assert main(_copy_argv(out)) == 0
    mine = _learner_answers(out / "01_demo.ipynb", "42")
    _update_course(authored / "01_demo.ipynb", "Course update: forced.")
    seen = []
    real_replace = os.replace

    def spy(src, dst):
        if Path(dst).name == "01_demo.ipynb":
            seen.append((Path(dst).read_bytes(), Path(src).parent, nbformat.read(src, as_version=4)))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    assert main(_copy_argv(out, "--force")) == 0
    assert len(seen) == 1
    target_then, temp_folder, complete = seen[0]
    assert target_then == mine, "the edited copy was touched before its replacement was complete"
    assert temp_folder == out
    assert "Course update: forced." in complete.cells[-1].source
    assert "Course update: forced." in (out / "01_demo.ipynb").read_text()
    assert "q1_answer = 42" not in (out / "01_demo.ipynb").read_text()
    assert not (out / "01_demo.new.ipynb").exists()


def test_a_failed_forced_write_leaves_the_copy_and_no_temp_file(authored, tmp_path, monkeypatch):
    import errno
    import os

    out = tmp_path / "student"
    assert main(_copy_argv(out)) == 0
    mine = _learner_answers(out / "01_demo.ipynb", "42")
    listing = sorted(p.name for p in out.iterdir())

    def disk_full(src, dst):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        student.write_student_copy(authored / "01_demo.ipynb", out / "01_demo.ipynb", force=True)
    assert (out / "01_demo.ipynb").read_bytes() == mine
    assert sorted(p.name for p in out.iterdir()) == listing


# --------------------------------------------------------------------------- never onto the authored notebooks


def test_student_copy_refuses_to_write_onto_its_source(tmp_path, capsys):
    nbs = tmp_path / "mine"
    nbs.mkdir()
    shutil.copy(DEMO, nbs / "01_demo.ipynb")
    before = (nbs / "01_demo.ipynb").read_bytes()
    assert main(["student-copy", str(nbs / "01_demo.ipynb"), "--out", str(nbs)]) == 2
    assert "authored notebooks folder" in capsys.readouterr().err
    assert (nbs / "01_demo.ipynb").read_bytes() == before
    with pytest.raises(ValueError, match="its own source"):
        student.write_student_copy(nbs / "01_demo.ipynb", nbs / "sub" / ".." / "01_demo.ipynb")
    assert (nbs / "01_demo.ipynb").read_bytes() == before


def test_student_copy_refuses_the_course_notebooks_folder(authored, tmp_path, capsys, monkeypatch):
    before = {p.name: p.read_bytes() for p in authored.iterdir()}
    monkeypatch.chdir(tmp_path)
    for out in (str(authored), "notebooks", "notebooks/../notebooks/"):
        assert main(["student-copy", "--only", "01", "--out", out]) == 2
        err = capsys.readouterr().err
        assert err.startswith("aipm student-copy: error: ") and "authored notebooks folder" in err
    assert {p.name: p.read_bytes() for p in authored.iterdir()} == before


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.stem)
def test_the_copy_shows_no_answer_before_the_learner_runs_it(copies, path):
    """No stored output (a 'Correct', a computed answer) and no call that prints a worked solution."""
    copy = nbformat.read(copies / path.name, as_version=4)
    with_outputs = [i for i, c in enumerate(copy.cells) if c.cell_type == "code" and c.get("outputs")]
    assert not with_outputs, f"{path.name}: cells {with_outputs} keep stored outputs in the student copy"
    calls = [i for i, c in enumerate(copy.cells) if c.cell_type == "code" and re.search(r"\.solution\(\s*\)", c.source)]
    assert not calls, f"{path.name}: cells {calls} call .solution() where the learner would see the answer"
