"""Run the course headless and build its site: executed notebooks, pages, write-ups, an index.

``aipm run [--fast] [--only 00,01] [--out build]`` calls :func:`run_course`.
A failing notebook is reported with its failing cell and kept (papermill saves
the partial notebook with the error in it); the others still run, and the
command exits non-zero. Re-run just the failures with ``--only``: the site
keeps the notebooks of the earlier run (their runtimes are remembered in
``course.json``) and replaces only those you re-ran.

The site under ``--out`` (written by :mod:`aipm_kit.site`, whose docstring has the details)::

    index.html                 landing page: the run summary and links to both sites
    learner/                   the learner site, no answers: publish this folder
    instructor/                the same pages with the worked answers and the executed notebooks
    notebooks/NN_name.ipynb    the executed notebooks (papermill output)
    writeups/NN_name/          writeup.md + writeup.html for notebooks that record write-up facts
    course.json                what ran, when, how long, with which verdict
"""

from __future__ import annotations

import json
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

from . import course_core as _core
from .course_core import (  # noqa: F401  (re-exported: their old home)
    NOTEBOOKS,
    REPO,
    CourseRun,
    NotebookRun,
    discover,
    execute,
)
from .site import page_path, site_paths, write_site


def notebook_title(path: Path) -> str:
    """The notebook's title: the first ``# `` heading of its Markdown cells, else its file stem.

    Parameters
    ----------
    path : str or pathlib.Path
        The notebook file.

    Returns
    -------
    str
        The heading's text without the ``# `` (``##`` and deeper headings do not count).

    Examples
    --------
    >>> import tempfile
    >>> import nbformat
    >>> from pathlib import Path
    >>> tmp = tempfile.TemporaryDirectory()
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_markdown_cell("## Setup"), nbformat.v4.new_markdown_cell("# 01 · Should we use AI?")]
    >>> nbformat.write(nb, Path(tmp.name) / "01_intro.ipynb")
    >>> notebook_title(Path(tmp.name) / "01_intro.ipynb")
    '01 · Should we use AI?'
    >>> nbformat.write(nbformat.v4.new_notebook(), Path(tmp.name) / "02_blank.ipynb")
    >>> notebook_title(Path(tmp.name) / "02_blank.ipynb")
    '02_blank'
    >>> tmp.cleanup()
    """
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def _verdict(executed: Path) -> str:
    from .story import read_facts

    try:
        gate = read_facts(executed).get("gate")
    except Exception:
        return ""
    return gate.value.get("verdict", "") if gate else ""


def notebook_opening(path: Path) -> tuple[int | None, str]:
    """``(minutes, PM job)`` as stated in the notebook's opening cell (``None``/"" when absent).

    The opening cell is the first Markdown cell; ``*`` emphasis is ignored. The minutes come from
    ``Time: 45 min`` (or ``Time: about 45 min``); the job from ``PM job: ...`` up to the end of its paragraph,
    its lines joined, cut at its first sentence's end.

    Parameters
    ----------
    path : str or pathlib.Path
        The notebook file. One that cannot be read gives ``(None, "")``.

    Returns
    -------
    tuple of (int or None, str)
        The learner's time in minutes and the PM job, ``None`` and ``""`` for what the cell does not state.

    Examples
    --------
    >>> import tempfile
    >>> import nbformat
    >>> from pathlib import Path
    >>> tmp = tempfile.TemporaryDirectory()
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_markdown_cell(
    ...     "# 01 · Should we use AI?\\n\\n**Time:** about 40 min\\n\\n**PM job:** decide whether a model\\n"
    ...     "beats the rules. Then defend it.")]
    >>> nbformat.write(nb, Path(tmp.name) / "01_intro.ipynb")
    >>> notebook_opening(Path(tmp.name) / "01_intro.ipynb")
    (40, 'decide whether a model beats the rules')
    >>> notebook_opening(Path(tmp.name) / "missing.ipynb")
    (None, '')
    >>> tmp.cleanup()
    """
    import nbformat

    try:
        nb = nbformat.read(path, as_version=4)
    except Exception:
        return None, ""
    first = next((c.source for c in nb.cells if c.cell_type == "markdown"), "")
    plain = first.replace("*", "")
    minutes = re.search(r"Time:\s*(?:about\s*)?(\d+)\s*min", plain, re.I)
    # the job runs to the end of its paragraph (it may wrap over several lines)
    job = re.search(r"PM job:\s*(.+?)(?:\n\s*\n|\Z)", plain, re.I | re.S)
    job_text = " ".join(job.group(1).split()).rstrip(".") if job else ""
    job_text = re.split(r"\.\s", job_text)[0]
    return (int(minutes.group(1)) if minutes else None), job_text


def _load_record(out: Path) -> dict:
    path = out / "course.json"
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {row["name"]: row for row in data.get("notebooks", [])}
    except (ValueError, KeyError, TypeError):
        return {}


def _earlier_runs(out: Path, sources: list[Path], ran: set[str]) -> list[NotebookRun]:
    """Notebooks of the course not re-run now but executed by an earlier run into the same ``out``."""
    record = _load_record(out)
    kept = []
    for source in sources:
        row = record.get(source.stem)
        executed = out / "notebooks" / source.name
        if source.stem in ran or row is None or not executed.exists():
            continue
        writeup = out / row["writeup"] if row.get("writeup") else None
        kept.append(
            NotebookRun(
                number=source.name[:2],
                name=source.stem,
                source=source,
                executed=executed,
                html=page_path(out, source.stem),
                seconds=float(row.get("seconds", 0)),
                ok=bool(row.get("ok")),
                error=row.get("error", ""),
                verdict=row.get("verdict", ""),
                title=row.get("title", source.stem),
                minutes=row.get("minutes"),
                job=row.get("job", ""),
                earlier=True,
                parameters=row.get("parameters", {}),
                writeup=writeup if writeup and writeup.exists() else None,
            )
        )
    return kept


def _write_writeup(source: Path, executed: Path, out: Path, params: dict) -> Path | None:
    """The write-up of an executed notebook that records write-up facts (else None)."""
    import shlex

    from .writeup import has_writeup_facts, render_writeup

    try:
        if not has_writeup_facts(executed):
            return None
        words = ["aipm", "writeup", f"notebooks/{source.name}"]
        for key, value in params.items():
            words += ["-p", str(key), str(value)]
        w = render_writeup(
            executed,
            out / "writeups" / source.stem,
            source=source,
            parameters=params,
            force=True,
            command=" ".join(shlex.quote(word) for word in words),
        )
    except Exception as exc:  # a broken write-up must not hide the rest of the site
        print(f"write-up of {source.name} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return None
    return w.html


_MANIFEST = ".aipm-run.json"  # what aipm run wrote into --out: the only files it may replace there


def _check_run_out(out: Path, notebooks_dir: Path) -> None:
    """Refuse an ``out`` that is a file, or is or contains a folder of authored notebooks."""
    _core.check_out_folder(out)
    for folder in dict.fromkeys((Path(_core.NOTEBOOKS).resolve(), Path(notebooks_dir).resolve())):
        if out == folder:
            raise ValueError(f"--out {out} is the notebooks folder {folder}; choose a build folder, e.g. --out build")
        if out in folder.parents:
            raise ValueError(
                f"--out {out} contains the notebooks folder {folder}: the run's notebooks/ could "
                f"replace the authored ones; choose a build folder, e.g. --out build"
            )


def _written_earlier(out: Path) -> set[str]:
    """Files (POSIX paths relative to ``out``) that earlier runs of ``aipm run`` wrote into ``out``.

    Read from the manifest; a build folder made before the manifest existed is recognised by the
    notebooks its ``course.json`` lists.
    """
    manifest = out / _MANIFEST
    try:
        if manifest.is_file():
            return set(json.loads(manifest.read_text(encoding="utf-8"))["written"])
        if not (out / "course.json").is_file():
            return set()
        rows = json.loads((out / "course.json").read_text(encoding="utf-8"))["notebooks"]
        written = site_paths([row["name"] for row in rows])
        for row in rows:
            written |= {row[key] for key in ("executed", "html") if row.get(key)}  # "html": an older layout
            if row.get("writeup"):
                folder = Path(row["writeup"]).parent.as_posix()
                written |= {f"{folder}/{name}" for name in _core.OUTPUT_FILES}
        return written
    except (ValueError, KeyError, TypeError):
        return set()


def _run_writes(out: Path, sources: list[Path], all_sources: list[Path]) -> set[str]:
    """Every file (relative to ``out``) a run of ``sources`` may write, replace or remove."""
    # the site is written again for the notebooks kept from earlier runs too
    paths = site_paths([s.stem for s in all_sources if s in sources or (out / "notebooks" / s.name).exists()])
    for source in sources:
        paths.add(f"notebooks/{source.name}")
        paths |= {f"writeups/{source.stem}/{name}" for name in _core.OUTPUT_FILES}
    return paths


def _claim_out(out: Path, sources: list[Path], all_sources: list[Path]) -> tuple[set[str], set[str]]:
    """Check that the run replaces only files it wrote itself; record what it will write.

    Raises ``FileExistsError`` naming a file in ``out`` the run would replace but did not write.
    Returns ``(written earlier, about to be written)``.
    """
    earlier = _written_earlier(out)
    planned = _run_writes(out, sources, all_sources)
    foreign = sorted(p for p in planned if ((out / p).exists() or (out / p).is_symlink()) and p not in earlier)
    if foreign:
        more = f" (nor {len(foreign) - 1} more, e.g. {foreign[1]})" if len(foreign) > 1 else ""
        raise FileExistsError(
            f"--out {out}: {foreign[0]} was not written by aipm run{more}; move it away or choose another --out"
        )
    out.mkdir(parents=True, exist_ok=True)
    _save_manifest(out, earlier | planned)  # claimed before writing, so an interrupted run can be re-run
    return earlier, planned


def _save_manifest(out: Path, written: set[str]) -> None:
    (out / _MANIFEST).write_text(json.dumps({"written": sorted(written)}, indent=1) + "\n", encoding="utf-8")


def _remove_writeup(folder: Path) -> None:
    """Remove a write-up an earlier run wrote: its files, then the folder if nothing else is in it."""
    for name in _core.OUTPUT_FILES:
        (folder / name).unlink(missing_ok=True)
    try:
        folder.rmdir()
    except OSError:  # missing, or holds files that are not the run's
        pass


def run_course(
    *,
    out: str | Path = "build",
    fast: bool = False,
    only: list[str] | None = None,
    seed: int | None = None,
    notebooks_dir: Path = NOTEBOOKS,
    progress: bool = True,
    writeups: bool = True,
) -> CourseRun:
    """Execute the course notebooks and write the site under ``out``; see the module docstring.

    ``out`` may not be or contain a notebooks folder, and the run replaces only files that runs
    wrote into it (listed in ``out/.aipm-run.json``); any other file in its way is an error.

    Each notebook runs with papermill (see :func:`~aipm_kit.course_core.execute`) in ``notebooks_dir``; a
    failing one is recorded with its error and the others still run. A notebook that records write-up facts
    gets its write-up under ``out/writeups/``. Then the learner and instructor sites, the landing page and
    ``course.json`` are written (:func:`aipm_kit.site.write_site`), with the notebooks an earlier run into
    the same ``out`` executed and this one did not re-run.

    Parameters
    ----------
    out : str or pathlib.Path, default "build"
        The build folder (resolved to an absolute path).
    fast : bool, default False
        Run every notebook with ``FAST=True`` (small data, for workshops and tests).
    only : list of str, optional
        Run only these notebook numbers (``["00", "01"]``); see :func:`~aipm_kit.course_core.discover`.
    seed : int, optional
        Pass ``SEED`` to every notebook; default each notebook's own.
    notebooks_dir : pathlib.Path, default the course's ``notebooks/`` folder
        The folder of ``NN_name.ipynb`` notebooks to run; also each notebook's working folder.
    progress : bool, default True
        Show a progress bar on standard error.
    writeups : bool, default True
        Render the portfolio write-ups (``False``: ``aipm run --no-writeups``).

    Returns
    -------
    CourseRun
        The run of each notebook run this time, with the learner page of each that has one.

    Raises
    ------
    ValueError
        When ``out`` is, or contains, a notebooks folder, or ``only`` names a number no notebook has.
    FileExistsError
        When the run would replace a file in ``out`` that no run wrote.
    NotADirectoryError
        When ``out`` (or the nearest existing folder above it) is a file.
    FileNotFoundError
        When ``notebooks_dir`` is not a folder or holds no ``NN_name.ipynb`` notebook.

    Examples
    --------
    Running the notebooks starts a kernel for each and takes minutes, so only the checks made before any run
    are executed here:

    >>> import tempfile
    >>> import nbformat
    >>> from pathlib import Path
    >>> tmp = tempfile.TemporaryDirectory()
    >>> notebooks = Path(tmp.name) / "notebooks"
    >>> notebooks.mkdir()
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_markdown_cell("# 00 · Tiny"), nbformat.v4.new_code_cell("print(2 + 2)")]
    >>> nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    >>> nbformat.write(nb, notebooks / "00_tiny.ipynb")
    >>> run_course(out=notebooks, notebooks_dir=notebooks, progress=False)
    Traceback (most recent call last):
    ...
    ValueError: --out .../notebooks is the notebooks folder .../notebooks; choose a build folder, e.g. --out build
    >>> course = run_course(out=Path(tmp.name) / "build", notebooks_dir=notebooks, progress=False)  # doctest: +SKIP
    >>> course  # doctest: +SKIP
    Course run -> .../build (1/1 notebooks ok)
      ok  00_tiny ...
    >>> tmp.cleanup()
    """
    from tqdm.auto import tqdm

    out = Path(out).resolve()
    _check_run_out(out, notebooks_dir)
    all_sources = discover(notebooks_dir)
    sources = discover(notebooks_dir, only)
    if not sources:
        raise FileNotFoundError(f"no NN_name.ipynb notebooks found in {notebooks_dir}")
    earlier, planned = _claim_out(out, sources, all_sources)
    params: dict = {"FAST": bool(fast)}
    if seed is not None:
        params["SEED"] = int(seed)
    runs = []
    bar = tqdm(sources, desc="course", unit="notebook", disable=not progress, file=sys.stderr)
    for source in bar:
        bar.set_postfix_str(source.stem)
        executed = out / "notebooks" / source.name
        executed.unlink(missing_ok=True)  # never show a stale page for a notebook that failed to start
        t0 = time.perf_counter()
        ok, error = _core.execute(source, executed, params, cwd=Path(notebooks_dir))
        seconds = time.perf_counter() - t0
        writeup = _write_writeup(source, executed, out, params) if ok and writeups else None
        if not writeup:
            _remove_writeup(out / "writeups" / source.stem)
        minutes, job = notebook_opening(source)
        runs.append(
            NotebookRun(
                number=source.name[:2],
                name=source.stem,
                source=source,
                executed=executed,
                html=None,
                seconds=seconds,
                ok=ok,
                error=error,
                verdict=_verdict(executed) if executed.exists() else "",
                title=notebook_title(source),
                writeup=writeup,
                minutes=minutes,
                job=job,
                parameters=dict(params),
            )
        )
    runs_with_pages = []
    course = CourseRun(out=out, runs=tuple(runs))
    site_runs = runs + _earlier_runs(out, all_sources, {r.name for r in runs})
    write_site(course, site_runs)
    _save_manifest(out, {p for p in earlier | planned if (out / p).exists()})
    for r in runs:
        page = page_path(out, r.name)
        runs_with_pages.append(replace(r, html=page if page.exists() else None))
    return CourseRun(out=out, runs=tuple(runs_with_pages))


def register_cli(subparsers) -> None:
    """Add the ``aipm run`` command, which calls :func:`run_course`, to a command line.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        What :meth:`argparse.ArgumentParser.add_subparsers` returned; the ``run`` parser is added to it, with
        ``--fast``, ``--only`` (comma-separated numbers), ``--out`` (default ``build``), ``--seed``,
        ``--notebooks`` (default the course's folder) and ``--no-writeups``, and ``func`` set to the
        command's handler (it returns the exit code: 1 when a notebook failed).

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="aipm")
    >>> register_cli(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["run", "--fast", "--only", "00,01", "--seed", "7"])
    >>> args.command, args.fast, args.only, args.out, args.seed, args.no_writeups
    ('run', True, '00,01', 'build', 7, False)
    """
    p = subparsers.add_parser("run", help="execute the course notebooks and write the site under --out")
    p.add_argument("--fast", action="store_true", help="small data, for workshops and tests")
    p.add_argument("--only", default="", help="comma-separated notebook numbers, e.g. 00,01")
    p.add_argument("--out", default="build", help="output folder (default: build)")
    p.add_argument("--seed", type=int, default=None, help="override every notebook's SEED")
    p.add_argument(
        "--notebooks", default=str(_core.NOTEBOOKS), help="folder of NN_name.ipynb notebooks (default: the course)"
    )
    p.add_argument("--no-writeups", action="store_true", help="skip the portfolio write-ups")
    p.set_defaults(func=_cli_run)


def _cli_run(args) -> int:
    only = [o for o in args.only.split(",") if o.strip()] or None
    course = run_course(
        out=args.out,
        fast=args.fast,
        only=only,
        seed=args.seed,
        notebooks_dir=Path(getattr(args, "notebooks", _core.NOTEBOOKS)),
        writeups=not getattr(args, "no_writeups", False),
    )
    print(course)
    print(f"index: {course.out / 'index.html'}")
    for r in course.runs:
        if r.writeup:
            print(f"write-up: {r.writeup}")
    failed = [r for r in course.runs if not r.ok]
    if failed:
        numbers = ",".join(r.number for r in failed)
        print(
            f"{len(failed)} notebook(s) failed; the partial outputs are in {course.out / 'notebooks'}. "
            f"After fixing, resume with: aipm run --only {numbers}"
            + (" --fast" if args.fast else "")
            + (f" --out {args.out}" if args.out != "build" else "")
            + (f" --notebooks {args.notebooks}" if Path(args.notebooks).resolve() != _core.NOTEBOOKS.resolve() else ""),
            file=sys.stderr,
        )
        return 1
    return 0
