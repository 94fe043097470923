"""Bad inputs to `aipm run`, `aipm student-copy` and `aipm writeup`: one clear error line, exit 2, nothing lost.

Every row runs in a sandbox: a pretend repository under a temporary folder whose
``notebooks/`` folder stands in for the course (``aipm_kit.course_core.NOTEBOOKS`` is
pointed at it), so a command that misbehaves can only damage the sandbox, never
the real notebooks. Notebook execution is replaced by a copy: the point here is
what the commands do with paths, not what the notebooks compute.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from aipm_kit import course_core
from aipm_kit.cli import main

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "tests" / "data" / "writeup_demo.ipynb"
AIPM = REPO / ".venv" / "bin" / "aipm"
KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}


def _tiny_notebook():
    nb = nbformat.v4.new_notebook(metadata=KERNEL)
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 00 · Tiny\n\n**Time:** 5 minutes. **PM job:** testing."),
        nbformat.v4.new_code_cell("SEED = 1\nFAST = False", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("x = 1"),
    ]
    return nb


def _copy_execute(source, target, parameters, *, cwd=None, timeout=600):
    """Stands in for papermill: the "executed" notebook is the source, copied (fails like papermill when it is gone)."""
    try:
        nb = nbformat.read(source, as_version=4)
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
    except Exception as exc:
        return False, f"{type(exc).__name__}: {exc}"
    return True, ""


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` and its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """A pretend repository (``repo/notebooks/00_tiny.ipynb``, ``01_demo.ipynb``) and some files of the user's."""
    repo = tmp_path / "repo"
    nbs = repo / "notebooks"
    nbs.mkdir(parents=True)
    nbformat.write(_tiny_notebook(), nbs / "00_tiny.ipynb")
    shutil.copy(DEMO, nbs / "01_demo.ipynb")
    (tmp_path / "file.txt").write_text("the user's file\n")
    (tmp_path / "mine" / "notebooks").mkdir(parents=True)  # a folder of the user's that looks like a build
    nbformat.write(_tiny_notebook(), tmp_path / "mine" / "notebooks" / "00_tiny.ipynb")
    (tmp_path / "mysite").mkdir()
    (tmp_path / "mysite" / "index.html").write_text("<h1>my own page</h1>")
    (tmp_path / "w").mkdir()
    (tmp_path / "w" / "writeup.md").write_text("my earlier write-up\n")
    monkeypatch.setattr(course_core, "NOTEBOOKS", nbs)
    monkeypatch.setattr(course_core, "execute", _copy_execute)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# One row per bad input: id, the command line ({tmp} is the sandbox, {nbs} its course folder), and
# what the single error line must say. Every row must exit 2 and leave every file of the sandbox as it was.
BAD_INPUTS = [
    (
        "run --out the repository root (contains notebooks/)",
        ["run", "--only", "00", "--out", "{tmp}/repo"],
        "contains the notebooks folder",
    ),
    ("run --out the notebooks folder itself", ["run", "--only", "00", "--out", "{nbs}"], "is the notebooks folder"),
    (
        "run --out the folder above --notebooks",
        ["run", "--only", "00", "--out", "{tmp}/mine", "--notebooks", "{tmp}/mine/notebooks"],
        "contains the notebooks folder",
    ),
    ("run --out a file", ["run", "--only", "00", "--out", "{tmp}/file.txt"], "file.txt is a file, not a folder"),
    (
        "run --out a path under a file",
        ["run", "--only", "00", "--out", "{tmp}/file.txt/build"],
        "file.txt is a file, not a folder",
    ),
    (
        "run --out a folder holding a notebook aipm did not write",
        ["run", "--only", "00", "--out", "{tmp}/mine"],
        "notebooks/00_tiny.ipynb was not written by aipm run",
    ),
    (
        "run --out a folder holding the user's own index.html",
        ["run", "--only", "00", "--out", "{tmp}/mysite"],
        "index.html was not written by aipm run",
    ),
    (
        "student-copy a notebook onto its own folder",
        ["student-copy", "{nbs}/01_demo.ipynb", "--out", "{nbs}"],
        "authored notebooks folder",
    ),
    (
        "student-copy --out the course notebooks folder",
        ["student-copy", "--only", "01", "--out", "{nbs}"],
        "authored notebooks folder",
    ),
    (
        "student-copy --out a file",
        ["student-copy", "--only", "01", "--out", "{tmp}/file.txt"],
        "file.txt is a file, not a folder",
    ),
    (
        "student-copy --out a path under a file",
        ["student-copy", "--only", "01", "--out", "{tmp}/file.txt/student"],
        "file.txt is a file, not a folder",
    ),
    (
        "writeup --out a file",
        ["writeup", "{nbs}/01_demo.ipynb", "--out", "{tmp}/file.txt"],
        "file.txt is a file, not a folder",
    ),
    (
        "writeup --out a path under a file",
        ["writeup", "{nbs}/01_demo.ipynb", "--out", "{tmp}/file.txt/w"],
        "file.txt is a file, not a folder",
    ),
    (
        "writeup --out an earlier write-up without --force",
        ["writeup", "{nbs}/01_demo.ipynb", "--out", "{tmp}/w"],
        "--force",
    ),
]


def _argv(template: list[str], tmp: Path) -> list[str]:
    return [a.format(tmp=tmp, nbs=tmp / "repo" / "notebooks") for a in template]


def _one_error_line(err: str, command: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, f"expected one error line, got:\n{err}"
    assert lines[0].startswith(f"aipm {command}: error: "), lines[0]
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("argv, says", [row[1:] for row in BAD_INPUTS], ids=[row[0] for row in BAD_INPUTS])
def test_bad_input_is_one_error_line_and_loses_nothing(sandbox, capsys, argv, says):
    before = snapshot(sandbox)
    rc = main(_argv(argv, sandbox))
    err = capsys.readouterr().err
    assert rc == 2, err
    line = _one_error_line(err, argv[0])
    assert says in line
    after = snapshot(sandbox)
    lost = sorted(k for k in before if k not in after)
    changed = sorted(k for k in before if k in after and after[k] != before[k])
    assert not lost and not changed, f"lost {lost}, changed {changed}"


# --------------------------------------------------------------------------- folders that cannot be written


def _deny_writes_under(monkeypatch, folder: Path):
    """Make every attempt to create or write a file under ``folder`` fail as a read-only folder does."""
    import builtins
    import io

    folder = str(folder.resolve())

    def inside(path) -> bool:
        try:
            return os.path.abspath(os.fspath(path)).startswith(folder + os.sep)
        except TypeError:
            return False

    def denied(path):
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))

    real_open, real_os_open, real_mkdir = builtins.open, os.open, os.mkdir

    def guarded_open(file, mode="r", *args, **kwargs):
        if inside(file) and any(c in mode for c in "wax+"):
            raise denied(file)
        return real_open(file, mode, *args, **kwargs)

    def guarded_os_open(path, flags, *args, **kwargs):
        if inside(path) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise denied(path)
        return real_os_open(path, flags, *args, **kwargs)

    def guarded_mkdir(path, *args, **kwargs):
        if inside(path):
            raise denied(path)
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    monkeypatch.setattr(os, "mkdir", guarded_mkdir)


READ_ONLY = [
    ("run", ["run", "--only", "00", "--out", "{tmp}/ro"]),
    ("student-copy", ["student-copy", "--only", "01", "--out", "{tmp}/ro"]),
    ("writeup", ["writeup", "{nbs}/01_demo.ipynb", "--out", "{tmp}/ro/w"]),
]


@pytest.mark.parametrize("command, argv", READ_ONLY, ids=[r[0] for r in READ_ONLY])
def test_read_only_out_is_one_error_line(sandbox, capsys, monkeypatch, command, argv):
    (sandbox / "ro").mkdir()
    before = snapshot(sandbox)
    _deny_writes_under(monkeypatch, sandbox / "ro")
    rc = main(_argv(argv, sandbox))
    monkeypatch.undo()  # reading the tree back needs the real open
    err = capsys.readouterr().err
    assert rc == 2, err
    line = _one_error_line(err, command)
    assert "Permission denied" in line and str(sandbox / "ro") in line
    assert snapshot(sandbox) == before


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root can write into a chmod 555 folder; the simulated variant above covers it",
)
@pytest.mark.parametrize("command, argv", READ_ONLY, ids=[r[0] for r in READ_ONLY])
def test_chmod_read_only_out_is_one_error_line(sandbox, capsys, command, argv):
    ro = sandbox / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        rc = main(_argv(argv, sandbox))
    finally:
        ro.chmod(0o755)
    err = capsys.readouterr().err
    assert rc == 2, err
    assert "Permission denied" in _one_error_line(err, command)


# --------------------------------------------------------------------------- a closed pipe


def test_closed_stdout_exits_quietly():
    """`aipm doctor | head -1`: the reader goes away; no traceback, no "Exception ignored" noise."""
    proc = subprocess.Popen(
        [str(AIPM) if AIPM.exists() else sys.executable, *([] if AIPM.exists() else ["-m", "aipm_kit.cli"]), "doctor"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    proc.stdout.close()  # as `head -1` does once it has its line
    err = proc.stderr.read().decode()
    rc = proc.wait(timeout=120)
    proc.stderr.close()
    assert "Traceback" not in err and "BrokenPipeError" not in err and "Exception ignored" not in err, err
    assert rc != 0  # the output did not all arrive
