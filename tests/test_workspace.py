"""The learner workspace `make lab` opens: student copies made on first use, never overwritten once
edited, whether refreshed by `make workspace` / `make lab` or by `aipm student-copy` into it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _make_workspace(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "-s", "-C", str(REPO), "workspace", f"WORKSPACE={folder}"], capture_output=True, text=True, timeout=300
    )


def test_workspace_holds_every_notebook_without_answers(tmp_path):
    ws = tmp_path / "ws"
    r = _make_workspace(ws)
    assert r.returncode == 0, r.stderr
    course = sorted(p.name for p in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(p.name for p in ws.glob("*.ipynb")) == course
    for path in ws.glob("*.ipynb"):
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and ".solution()\\n" not in text.replace("`", "")


def test_an_edited_workspace_notebook_survives_a_refresh(tmp_path):
    ws = tmp_path / "ws"
    assert _make_workspace(ws).returncode == 0
    mine = sorted(ws.glob("01_*.ipynb"))[0]
    nb = nbformat.read(mine, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("My notes: the rule is cheaper; I would ship it first."))
    nbformat.write(nb, mine)
    before = mine.read_bytes()
    untouched = {p.name: p.read_bytes() for p in ws.glob("*.ipynb") if p != mine}
    for refresh in (
        lambda: _make_workspace(ws),
        lambda: subprocess.run(
            [str(REPO / ".venv" / "bin" / "aipm"), "student-copy", "--out", str(ws)],
            capture_output=True,
            text=True,
            timeout=300,
        ),
    ):
        r = refresh()
        assert r.returncode == 0, r.stderr
        assert mine.read_bytes() == before, "the learner's edited notebook was overwritten"
        assert "kept" in r.stdout and mine.name in r.stdout  # and the command says so
        assert {name: (ws / name).read_bytes() for name in untouched} == untouched
