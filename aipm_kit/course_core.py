"""What the course tooling shares: the course's notebooks, how they are found and executed, what a run records,
and the files a write-up folder holds.

:mod:`~aipm_kit.course` (``aipm run``), :mod:`~aipm_kit.writeup`, :mod:`~aipm_kit.student` and
:mod:`~aipm_kit.site` all build on these, so they live below all four and import none of them. Code that
must see a test's stand-in for the notebooks folder or for :func:`execute` reads them from this module
at call time (``course_core.NOTEBOOKS``, ``course_core.execute``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["REPO", "NOTEBOOKS", "NotebookRun", "CourseRun", "discover", "execute", "OUTPUT_FILES", "check_out_folder"]

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
_NAME = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")


@dataclass(frozen=True)
class NotebookRun:
    """What one course notebook's run gave: where its files are, how long it took, how it ended.

    :func:`aipm_kit.course.run_course` makes one per notebook it runs (and one per notebook it keeps from an
    earlier run into the same folder); :mod:`aipm_kit.site` builds the pages and ``course.json`` from them.

    Parameters
    ----------
    number : str
        The notebook's two-digit number, e.g. ``"01"``.
    name : str
        Its file stem, ``NN_name`` (e.g. ``"01_should_we_use_ai"``).
    source : pathlib.Path
        The authored notebook that was run.
    executed : pathlib.Path
        The executed copy papermill wrote (kept, partial, when the run failed).
    html : pathlib.Path or None
        The notebook's page on the learner site, or ``None`` when it has none (not built yet, or the
        notebook failed to start).
    seconds : float
        Wall-clock time of the run, in seconds.
    ok : bool
        Whether every cell ran without error.
    error : str, default ""
        For a failed run, the failing cell and its error (``"cell 4: ValueError: ..."``).
    verdict : str, default ""
        The verdict of the gate the notebook recorded as the fact ``"gate"`` (``"GO"``, ...), or ``""``.
    title : str, default ""
        The notebook's ``# `` heading.
    writeup : pathlib.Path or None, default None
        The write-up's ``writeup.html`` when the run rendered one.
    minutes : int or None, default None
        The learner's time in minutes, as the notebook's opening cell states it.
    job : str, default ""
        The PM job the notebook trains, from its opening cell.
    earlier : bool, default False
        ``True`` for a notebook kept from an earlier run (not re-run this time).
    parameters : dict, default {}
        The papermill parameters of the run, e.g. ``{"FAST": True, "SEED": 7}``.

    Examples
    --------
    >>> from pathlib import Path
    >>> out = Path("build")
    >>> run = NotebookRun("01", "01_intro", Path("notebooks/01_intro.ipynb"), out / "notebooks/01_intro.ipynb",
    ...                   None, 12.345, True, verdict="GO", parameters={"FAST": True})
    >>> run.row()
    {'notebook': '01_intro', 'seconds': 12.3, 'ok': True, 'verdict': 'GO', 'error': ''}
    >>> run.to_json(out)["executed"], run.to_json(out)["html"]
    ('notebooks/01_intro.ipynb', None)
    """

    number: str
    name: str
    source: Path
    executed: Path
    html: Path | None
    seconds: float
    ok: bool
    error: str = ""
    verdict: str = ""
    title: str = ""
    writeup: Path | None = None
    minutes: int | None = None  # the learner's time, from the notebook's opening cell
    job: str = ""  # the PM job it trains, from the opening cell
    earlier: bool = False  # kept from an earlier run (not re-run this time)
    parameters: dict = field(default_factory=dict)

    def row(self) -> dict:
        """One row of :meth:`CourseRun.to_frame`: name, seconds (one decimal), ok, verdict and error."""
        return {
            "notebook": self.name,
            "seconds": round(self.seconds, 1),
            "ok": self.ok,
            "verdict": self.verdict,
            "error": self.error,
        }

    def to_json(self, out: Path) -> dict:
        """The run as a ``course.json`` row, its file paths relative to the build folder ``out``."""

        def rel(p):
            return Path(p).relative_to(out).as_posix() if p else None

        return {
            "number": self.number,
            "name": self.name,
            "title": self.title,
            "seconds": round(self.seconds, 2),
            "ok": self.ok,
            "error": self.error,
            "verdict": self.verdict,
            "minutes": self.minutes,
            "job": self.job,
            "executed": rel(self.executed),
            "html": rel(self.html),
            "writeup": rel(self.writeup),
            "parameters": self.parameters,
        }


@dataclass(frozen=True)
class CourseRun:
    """A run of the course: the build folder and the run of each notebook.

    Its ``repr`` is the summary ``aipm run`` prints: one line per notebook with its time, verdict and error.

    Parameters
    ----------
    out : pathlib.Path
        The build folder the run wrote into (``--out``).
    runs : tuple of NotebookRun, default ()
        The notebooks run, in order.

    Examples
    --------
    >>> from pathlib import Path
    >>> ok = NotebookRun("00", "00_setup", Path("00_setup.ipynb"), Path("build/notebooks/00_setup.ipynb"),
    ...                  None, 3.2, True)
    >>> bad = NotebookRun("01", "01_intro", Path("01_intro.ipynb"), Path("build/notebooks/01_intro.ipynb"),
    ...                   None, 8.0, False, error="cell 5: NameError: name 'x' is not defined")
    >>> course = CourseRun(Path("build"), (ok, bad))
    >>> course.ok
    False
    >>> course
    Course run -> build (1/2 notebooks ok)
      ok  00_setup    3.2 s
      FAILED 01_intro    8.0 s    cell 5: NameError: name 'x' is not defined
    >>> course.to_frame()[["notebook", "ok"]]
       notebook     ok
    0  00_setup   True
    1  01_intro  False
    """

    out: Path
    runs: tuple[NotebookRun, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """Whether every notebook ran without error (``True`` for a run of none)."""
        return all(r.ok for r in self.runs)

    def to_frame(self):
        """One row per notebook (see :meth:`NotebookRun.row`), as a pandas ``DataFrame``."""
        import pandas as pd

        return pd.DataFrame([r.row() for r in self.runs])

    def __repr__(self) -> str:
        lines = [f"Course run -> {self.out} ({sum(r.ok for r in self.runs)}/{len(self.runs)} notebooks ok)"]
        for r in self.runs:
            status = "ok " if r.ok else "FAILED"
            lines.append(f"  {status} {r.name:45s} {r.seconds:6.1f} s  {r.verdict}  {r.error}")
        return "\n".join(lines)


def discover(notebooks_dir: Path = NOTEBOOKS, only: list[str] | None = None) -> list[Path]:
    """The course notebooks in order (``NN_name.ipynb``), optionally only some numbers.

    Parameters
    ----------
    notebooks_dir : str or pathlib.Path, default the course's ``notebooks/`` folder
        The folder to look in. Only files named two digits, an underscore, then lower-case letters, digits
        and underscores, ending ``.ipynb``, count; anything else there is ignored.
    only : list of str, optional
        Notebook numbers to keep (``["0", "01"]``; padded to two digits, blanks ignored). A number that
        names no notebook raises ``ValueError``. Empty or ``None`` keeps all.

    Returns
    -------
    list of pathlib.Path
        The notebooks, sorted by file name.

    Raises
    ------
    FileNotFoundError
        When ``notebooks_dir`` is not a folder.
    ValueError
        When ``only`` names a number no notebook has.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> tmp = tempfile.TemporaryDirectory()
    >>> for name in ("01_intro.ipynb", "00_setup.ipynb", "notes.ipynb", "02_Draft.ipynb"):
    ...     _ = (Path(tmp.name) / name).write_text("{}")
    >>> [p.name for p in discover(tmp.name)], [p.name for p in discover(tmp.name, ["1"])]
    (['00_setup.ipynb', '01_intro.ipynb'], ['01_intro.ipynb'])
    >>> discover(tmp.name, ["07"])
    Traceback (most recent call last):
    ...
    ValueError: only= names notebook numbers ['07'] that do not exist; known: ['00', '01']
    >>> tmp.cleanup()
    """
    notebooks_dir = Path(notebooks_dir)
    if not notebooks_dir.is_dir():
        raise FileNotFoundError(f"notebooks_dir {notebooks_dir} is not a folder")
    found = sorted(p for p in notebooks_dir.iterdir() if _NAME.match(p.name))
    if only:
        wanted = {o.strip().zfill(2) for o in only if o.strip()}
        known = {p.name[:2] for p in found}
        unknown = sorted(wanted - known)
        if unknown:
            raise ValueError(f"only= names notebook numbers {unknown} that do not exist; known: {sorted(known)}")
        found = [p for p in found if p.name[:2] in wanted]
    return found


def execute(
    source: Path, target: Path, parameters: dict, *, cwd: Path | None = None, timeout: int = 600
) -> tuple[bool, str]:
    """Execute one notebook with papermill; returns ``(ok, error)``; the partial output is kept.

    The kernel is ``python3``, started with the kit's kernel environment (so figures render even when
    ``MPLBACKEND`` is set to a non-interactive backend in the calling shell). A failure does not raise: it
    comes back as ``ok=False`` with the reason, and papermill's partial notebook (with the error in it) stays
    at ``target``.

    Parameters
    ----------
    source : pathlib.Path
        The notebook to run.
    target : pathlib.Path
        Where the executed notebook is written (its folder is created).
    parameters : dict
        Values papermill injects after the cell tagged ``parameters``, e.g. ``{"FAST": True}``.
    cwd : pathlib.Path, optional
        The kernel's working folder; default ``source``'s folder.
    timeout : int, default 600
        Seconds one cell may run before the run fails.

    Returns
    -------
    tuple of (bool, str)
        ``(True, "")`` when every cell ran; else ``(False, reason)``, the reason being
        ``"cell N: ErrorName: message"`` for an error in a cell, or the exception's name and message when the
        kernel died or a file was missing.

    Examples
    --------
    Running a notebook starts a kernel and takes seconds, so the run itself is not executed here:

    >>> import tempfile
    >>> import nbformat
    >>> from pathlib import Path
    >>> tmp = tempfile.TemporaryDirectory()
    >>> source = Path(tmp.name) / "00_tiny.ipynb"
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_code_cell("1 / 0")]
    >>> nbformat.write(nb, source)
    >>> execute(source, Path(tmp.name) / "run" / "00_tiny.ipynb", {})  # doctest: +SKIP
    (False, 'cell 1: ZeroDivisionError: division by zero')
    >>> tmp.cleanup()
    """
    import papermill as pm

    from .runtime import kernel_environment

    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with kernel_environment():  # an inherited MPLBACKEND=Agg would leave every figure cell empty
            pm.execute_notebook(
                str(source),
                str(target),
                parameters=parameters,
                kernel_name="python3",
                cwd=str(cwd or source.parent),
                progress_bar=False,
                log_output=False,
                execution_timeout=timeout,
            )
    except pm.PapermillExecutionError as exc:
        return False, f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
    except Exception as exc:  # kernel died, missing file, ...
        return False, f"{type(exc).__name__}: {exc}"
    return True, ""


#: The files a write-up folder holds (``--force`` replaces these and nothing else).
OUTPUT_FILES = ("writeup.md", "writeup.html", "before_after.png", "figure_2.png", "figure_3.png", "executed.ipynb")


def check_out_folder(out: str | Path) -> None:
    """Raise ``NotADirectoryError`` naming ``out`` when it, or the nearest existing folder above it, is a file.

    A path that does not exist yet passes, as long as the nearest existing path above it is a folder.

    Parameters
    ----------
    out : str or pathlib.Path
        The output folder a command was given (``--out``).

    Raises
    ------
    NotADirectoryError
        When ``out`` is a file, or the nearest existing path above it is.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     check_out_folder(Path(folder) / "build" / "site")  # not there yet: fine
    ...     _ = (Path(folder) / "notes.txt").write_text("")
    ...     check_out_folder(Path(folder) / "notes.txt" / "build")
    Traceback (most recent call last):
    ...
    NotADirectoryError: --out .../notes.txt/build: .../notes.txt is a file, not a folder
    """
    out = Path(out)
    for path in (out, *out.parents):
        if path.exists():
            if not path.is_dir():
                raise NotADirectoryError(
                    f"--out {out}: {path} is a file, not a folder"
                    if path != out
                    else f"--out {out} is a file, not a folder"
                )
            return
