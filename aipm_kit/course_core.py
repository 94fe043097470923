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
        return {
            "notebook": self.name,
            "seconds": round(self.seconds, 1),
            "ok": self.ok,
            "verdict": self.verdict,
            "error": self.error,
        }

    def to_json(self, out: Path) -> dict:
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
    out: Path
    runs: tuple[NotebookRun, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.runs)

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([r.row() for r in self.runs])

    def __repr__(self) -> str:
        lines = [f"Course run -> {self.out} ({sum(r.ok for r in self.runs)}/{len(self.runs)} notebooks ok)"]
        for r in self.runs:
            status = "ok " if r.ok else "FAILED"
            lines.append(f"  {status} {r.name:45s} {r.seconds:6.1f} s  {r.verdict}  {r.error}")
        return "\n".join(lines)


def discover(notebooks_dir: Path = NOTEBOOKS, only: list[str] | None = None) -> list[Path]:
    """The course notebooks in order (``NN_name.ipynb``), optionally only some numbers."""
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
    """Execute one notebook with papermill; returns ``(ok, error)``; the partial output is kept."""
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
    """Raise ``NotADirectoryError`` naming ``out`` when it, or the nearest existing folder above it, is a file."""
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
