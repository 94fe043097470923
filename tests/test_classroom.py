"""``aipm class report`` and ``aipm class link``: what a class decided, read from the learners' workspaces."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import nbformat
import pytest

from aipm_kit import classroom, story
from aipm_kit.cli import main
from aipm_kit.exercises import CheckResult
from aipm_kit.student import make_student_notebook

REPO = Path(__file__).resolve().parent.parent
NB01 = next((REPO / "notebooks").glob("01_*.ipynb"))
NB10 = next((REPO / "notebooks").glob("10_*.ipynb"))


def _headings(path: Path) -> list[str]:
    nb = nbformat.read(str(path), as_version=4)
    return [
        m for c in nb.cells if c.cell_type == "markdown" for m in re.findall(r"^### Exercise (.+?)\s*$", c.source, re.M)
    ]


def test_an_executed_notebook_reads_as_complete_with_its_exercises_and_gate():
    # the authored notebook was run with its solutions: every exercise's check printed "Correct"
    record = classroom.read_notebook_record(NB01, "01")
    checked = [e.name for e in record.exercises]
    assert record.status == "complete" and all(e.status == "correct" for e in record.exercises)
    assert checked and set(checked) <= set(_headings(NB01))
    recorded = story.read_facts(NB01)["gate"].value["verdict"]  # the gate fact, read by the story module
    assert list(record.verdicts.values()) == [recorded] and "Gate 1" in next(iter(record.verdicts))
    assert "SEED" in record.params


def _half_done_10(path: Path) -> None:
    """A student copy of 10 in which the learner answered the first exercise wrongly and set two calls."""
    nb = make_student_notebook(NB10)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    params.source = re.sub(r"^TAIL_SLOTS = .*$", "TAIL_SLOTS = 3", params.source, flags=re.M)
    params.source = re.sub(
        r"^MY_DECISION = .*$", 'MY_DECISION = "Three slots: the tail needs room"', params.source, flags=re.M
    )
    params.outputs, params.execution_count = [], 1
    first = next(c for c in nb.cells if "solution" in c.metadata.get("tags", []) and ".check(" in c.source)
    name = _headings(NB10)[0]
    first.source = re.sub(r"____", "0.5", first.source, count=1)
    result = CheckResult(name, False, "0.5 is the share of lists, not of slots.")
    first.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": repr(result)}, execution_count=2)]
    nbformat.write(nb, str(path))


@pytest.fixture
def classdir(tmp_path):
    root = tmp_path / "class"
    (root / "ana" / "workspace").mkdir(parents=True)
    (root / "ana" / "workspace" / NB01.name).write_bytes(NB01.read_bytes())  # complete
    (root / "ben").mkdir()
    nbformat.write(make_student_notebook(NB01), str(root / "ben" / NB01.name))  # not started
    _half_done_10(root / "ben" / NB10.name)  # in progress
    (root / "cy").mkdir()
    (root / "cy" / NB01.name).write_text("{not json", encoding="utf-8")  # unreadable
    (root / "cy" / ".ipynb_checkpoints").mkdir()
    (root / "cy" / ".ipynb_checkpoints" / NB10.name).write_bytes(NB10.read_bytes())  # a checkpoint: skipped
    return root


def _digests(root: Path) -> dict:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_class_summary_counts_progress_answers_verdicts_and_calls(classdir):
    summary = classroom.class_summary(classdir)
    assert summary["learners"] == 3
    assert summary["progress"]["01"] == {"complete": 1, "not started": 1, "unreadable": 1}
    assert summary["progress"]["10"] == {"missing": 2, "in progress": 1}
    first10 = next(r for r in summary["exercises"] if r["notebook"] == "10" and r["exercise"] == _headings(NB10)[0])
    assert first10["wrong"] == 1 and first10["correct"] == 0
    assert "0.5" in first10["common wrong answers"][0][0]
    assert summary["most_missed"][0]["exercise"] == first10["exercise"]
    assert summary["verdicts"] == [
        {
            "notebook": "01",
            "gate": next(iter(classroom.read_notebook_record(NB01, "01").verdicts)),
            "verdicts": {story.read_facts(NB01)["gate"].value["verdict"]: 1},
        }
    ]
    assert {"notebook": "10", "parameter": "TAIL_SLOTS", "values": {"3": 1}} in summary["calls"]
    assert summary["words"] == [
        {
            "learner": "learner 2",
            "notebook": "10",
            "parameter": "MY_DECISION",
            "words": "Three slots: the tail needs room",
        }
    ]
    assert summary["unreadable"][0]["learner"] == "learner 3" and "01" == summary["unreadable"][0]["notebook"]


def test_the_report_changes_no_learner_file_and_keeps_learners_anonymous(classdir, tmp_path, capsys):
    before = _digests(classdir)
    out = tmp_path / "reports" / "class.html"
    assert main(["class", "report", str(classdir), "--out", str(out)]) == 0
    assert _digests(classdir) == before
    page = out.read_text(encoding="utf-8")
    assert page.startswith(classroom.MARKER) and "learner 2" in page and "ben" not in page
    assert "Three slots: the tail needs room" in page and "TAIL_SLOTS" in page
    assert "3 learner(s)" in capsys.readouterr().out
    assert main(["class", "report", str(classdir), "--out", str(out), "--names"]) == 0  # its own report: replaced
    assert ">ben<" in out.read_text(encoding="utf-8")


def test_the_report_never_replaces_someone_elses_file_or_writes_into_the_class(classdir, tmp_path, capsys):
    mine = tmp_path / "notes.html"
    mine.write_text("<p>my notes</p>", encoding="utf-8")
    assert main(["class", "report", str(classdir), "--out", str(mine)]) == 2
    err = capsys.readouterr().err
    assert "exists and is not a class report" in err and err.count("\n") == 1
    assert mine.read_text(encoding="utf-8") == "<p>my notes</p>"
    assert main(["class", "report", str(classdir), "--out", str(mine), "--force"]) == 0
    assert main(["class", "report", str(classdir), "--out", str(classdir / "ana" / "r.html")]) == 2
    assert "inside DIR" in capsys.readouterr().err
    assert main(["class", "report", str(tmp_path / "nope")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_the_hub_link_is_an_nbgitpuller_link(capsys):
    assert (
        main(
            [
                "class",
                "link",
                "--hub",
                "https://hub.example.org/",
                "--repo",
                "https://github.com/org/aipm-kit.git",
                "--branch",
                "workshop",
            ]
        )
        == 0
    )
    link = capsys.readouterr().out.strip()
    assert link.startswith("https://hub.example.org/hub/user-redirect/git-pull?")
    assert "branch=workshop" in link and "urlpath=lab%2Ftree%2Faipm-kit%2Fworkspace" in link
    assert main(["class", "link", "--hub", "hub.example.org", "--repo", "https://x/y"]) == 2
    assert "--hub must be an http(s) URL" in capsys.readouterr().err
