"""Run the course headless: execute every notebook with papermill, render HTML, write an index.

``aipm run [--fast] [--only 00,01] [--out build]`` calls :func:`run_course`.
A failing notebook is reported with its failing cell and kept (papermill saves
the partial notebook with the error in it); the others still run, and the
command exits non-zero. Re-run just the failures with ``--only``.
"""

from __future__ import annotations

import html
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

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

    def row(self) -> dict:
        return {"notebook": self.name, "seconds": round(self.seconds, 1), "ok": self.ok,
                "verdict": self.verdict, "error": self.error}


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


def notebook_title(path: Path) -> str:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def execute(source: Path, target: Path, parameters: dict, *, cwd: Path | None = None,
            timeout: int = 600) -> tuple[bool, str]:
    """Execute one notebook with papermill; returns ``(ok, error)``; the partial output is kept."""
    import papermill as pm

    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        pm.execute_notebook(str(source), str(target), parameters=parameters, kernel_name="python3",
                            cwd=str(cwd or source.parent), progress_bar=False, log_output=False,
                            execution_timeout=timeout)
    except pm.PapermillExecutionError as exc:
        return False, f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
    except Exception as exc:  # kernel died, missing file, ...
        return False, f"{type(exc).__name__}: {exc}"
    return True, ""


def render_html(executed: Path, target: Path) -> Path:
    """Render an executed notebook to a standalone HTML page (figures embedded)."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(executed, as_version=4)
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    return target


def _verdict(executed: Path) -> str:
    from .story import read_facts

    try:
        gate = read_facts(executed).get("gate")
    except Exception:
        return ""
    return gate.value.get("verdict", "") if gate else ""


def write_index(course: CourseRun) -> Path:
    rows = []
    for r in course.runs:
        link = f"<a href='{html.escape(r.html.relative_to(course.out).as_posix())}'>{html.escape(r.title or r.name)}</a>" if r.html else html.escape(r.name)
        status = "ok" if r.ok else f"<b style='color:#D55E00'>failed</b>: {html.escape(r.error)}"
        rows.append(f"<tr><td>{r.number}</td><td>{link}</td><td>{r.seconds:.1f} s</td>"
                    f"<td>{html.escape(r.verdict) or '&ndash;'}</td><td>{status}</td></tr>")
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>aipm-kit course</title>
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}}</style>
</head><body><h1>aipm-kit: AI product management, by doing</h1>
<p>Executed notebooks from this run, with their runtime and decision-gate verdict.</p>
<table><thead><tr><th>#</th><th>notebook</th><th>runtime</th><th>gate verdict</th><th>status</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table></body></html>
"""
    path = course.out / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def run_course(*, out: str | Path = "build", fast: bool = False, only: list[str] | None = None,
               seed: int | None = None, notebooks_dir: Path = NOTEBOOKS, progress: bool = True) -> CourseRun:
    """Execute the course notebooks and write ``out/index.html``; see the module docstring."""
    from tqdm.auto import tqdm

    out = Path(out).resolve()
    sources = discover(notebooks_dir, only)
    if not sources:
        raise FileNotFoundError(f"no NN_name.ipynb notebooks found in {notebooks_dir}")
    params: dict = {"FAST": bool(fast)}
    if seed is not None:
        params["SEED"] = int(seed)
    runs = []
    bar = tqdm(sources, desc="course", unit="notebook", disable=not progress, file=sys.stderr)
    for source in bar:
        bar.set_postfix_str(source.stem)
        executed = out / "notebooks" / source.name
        t0 = time.perf_counter()
        ok, error = execute(source, executed, params, cwd=Path(notebooks_dir))
        seconds = time.perf_counter() - t0
        page = None
        if executed.exists():
            page = render_html(executed, out / "site" / (source.stem + ".html"))
        runs.append(NotebookRun(number=source.name[:2], name=source.stem, source=source, executed=executed,
                                html=page, seconds=seconds, ok=ok, error=error,
                                verdict=_verdict(executed) if executed.exists() else "",
                                title=notebook_title(source)))
    course = CourseRun(out=out, runs=tuple(runs))
    write_index(course)
    return course


def register_cli(subparsers) -> None:
    p = subparsers.add_parser("run", help="execute the course notebooks and write the site under --out")
    p.add_argument("--fast", action="store_true", help="small data, for workshops and tests")
    p.add_argument("--only", default="", help="comma-separated notebook numbers, e.g. 00,01")
    p.add_argument("--out", default="build", help="output folder (default: build)")
    p.add_argument("--seed", type=int, default=None, help="override every notebook's SEED")
    p.set_defaults(func=_cli_run)


def _cli_run(args) -> int:
    only = [o for o in args.only.split(",") if o.strip()] or None
    course = run_course(out=args.out, fast=args.fast, only=only, seed=args.seed)
    print(course)
    print(f"index: {course.out / 'index.html'}")
    failed = [r for r in course.runs if not r.ok]
    if failed:
        numbers = ",".join(r.number for r in failed)
        print(f"{len(failed)} notebook(s) failed; the partial outputs are in {course.out / 'notebooks'}. "
              f"After fixing, resume with: aipm run --only {numbers}" + (" --fast" if args.fast else ""),
              file=sys.stderr)
        return 1
    return 0
