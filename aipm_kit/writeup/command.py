"""The ``aipm writeup`` command and :func:`make_writeup` behind it: find the notebook (a path or a course
notebook's number), execute it with papermill under your parameters, and write its write-up in place of
the previous one only once the run and the new write-up succeeded."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from .. import course_core as _core
from .. import story
from .files import _check_out, _staging, _swap_in
from .parameters import notebook_defaults, parse_parameters
from .render import FORMATS, _render
from .result import Writeup


def resolve_notebook(notebook: str | Path) -> Path:
    """A path as given, or a course notebook named by its number (``"01"`` -> ``notebooks/01_*.ipynb``).

    Parameters
    ----------
    notebook : str or pathlib.Path
        A notebook's path, or one or two digits naming a course notebook (used only when no file of that
        name exists).

    Returns
    -------
    pathlib.Path
        The path as given (it is not checked), or the first course notebook with that number.

    Raises
    ------
    FileNotFoundError
        When a number names no course notebook.

    Examples
    --------
    >>> resolve_notebook("1").name
    '01_should_we_use_ai.ipynb'
    >>> resolve_notebook("my/own.ipynb").as_posix()
    'my/own.ipynb'
    >>> resolve_notebook("98")
    Traceback (most recent call last):
    ...
    FileNotFoundError: no course notebook numbered 98 in .../notebooks
    """
    path = Path(notebook)
    text = str(notebook)
    if not path.exists() and text.isdigit() and len(text) <= 2:
        matches = sorted(_core.NOTEBOOKS.glob(f"{text.zfill(2)}_*.ipynb"))
        if not matches:
            raise FileNotFoundError(f"no course notebook numbered {text.zfill(2)} in {_core.NOTEBOOKS}")
        return matches[0]
    return path


def make_writeup(
    notebook: str | Path,
    parameters: Mapping | None = None,
    *,
    out: str | Path | None = None,
    force: bool = False,
    template_dirs: Iterable[str | Path] = (),
    timeout: int = 900,
    progress: bool = False,
    fmt: str = "github",
) -> Writeup:
    """Execute ``notebook`` with ``parameters`` and write its portfolio write-up.

    The run and the new write-up are made in a staging folder beside ``out`` and moved in only once both
    succeeded (see :func:`render_writeup`); ``out`` keeps the executed notebook as ``executed.ipynb``.

    Parameters
    ----------
    notebook : str or pathlib.Path
        The authored notebook (``notebooks/01_*.ipynb`` or your own), or a course notebook's number
        (``"01"``, see :func:`resolve_notebook`).
    parameters : mapping, optional
        Values for names in the notebook's ``parameters`` cell (an unknown name raises ``ValueError``).
    out : str or pathlib.Path, optional
        Output folder (default ``writeups/<notebook stem>``). Must be empty unless ``force``.
    force : bool, default False
        Replace the write-up files in an existing ``out``, once the run and the new write-up succeeded.
    template_dirs : iterable of str or pathlib.Path, default ()
        Your own template folders, searched before the kit's.
    timeout : int, default 900
        Seconds one cell may run before the run fails.
    progress : bool, default False
        Accepted but not used: the run shows no progress bar.
    fmt : {"github", "plain"}, default "github"
        ``plain`` writes Markdown without tables or HTML, for blogging platforms.

    Returns
    -------
    Writeup
        Paths of ``writeup.md`` / ``writeup.html`` and the facts that were missing.

    Raises
    ------
    FileNotFoundError
        When the notebook does not exist.
    ValueError
        For a file that is not ``.ipynb``, an unknown parameter or format (before anything runs).
    FileExistsError
        When ``out`` is not empty and ``force`` is false.
    NotADirectoryError
        When ``out`` (or the nearest existing path above it) is a file.
    RuntimeError
        When the notebook fails; the message gives the error (with its cell) and where the partial run was
        kept (a previous write-up in ``out`` is left as it was).

    Examples
    --------
    Executing the notebook starts a kernel and takes seconds, so only the checks made before the run are
    executed here:

    >>> import tempfile
    >>> import nbformat
    >>> from pathlib import Path
    >>> tmp = tempfile.TemporaryDirectory()
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    >>> nb.cells = [nbformat.v4.new_code_cell("SEED = 1", metadata={"tags": ["parameters"]}),
    ...             nbformat.v4.new_code_cell("from aipm_kit import story\\nstory.record('writeup_decision', SEED)")]
    >>> notebook = Path(tmp.name) / "01_tiny.ipynb"
    >>> nbformat.write(nb, notebook)
    >>> make_writeup(notebook, {"SEEDS": 7}, out=Path(tmp.name) / "w")
    Traceback (most recent call last):
    ...
    ValueError: parameter(s) ['SEEDS'] are not in 01_tiny.ipynb's parameters cell; it has ['SEED']
    >>> w = make_writeup(notebook, {"SEED": 7}, out=Path(tmp.name) / "w")  # doctest: +SKIP
    >>> w.parameters, sorted(p.name for p in w.out.iterdir())  # doctest: +SKIP
    ({'SEED': 7}, ['executed.ipynb', 'writeup.html', 'writeup.md'])
    >>> tmp.cleanup()
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {list(FORMATS)}, got {fmt!r}")
    source = resolve_notebook(notebook)
    if not source.exists():
        raise FileNotFoundError(f"notebook {source} does not exist")
    if source.suffix != ".ipynb":
        raise ValueError(f"notebook must be an .ipynb file, got {source.name}")
    parameters = dict(parameters or {})
    defaults = notebook_defaults(source)
    unknown = sorted(set(parameters) - set(defaults))
    if unknown:
        raise ValueError(
            f"parameter(s) {unknown} are not in {source.name}'s parameters cell; it has {sorted(defaults)}"
        )
    out = Path(out) if out is not None else Path("writeups") / source.stem
    _check_out(out, force)  # fail before spending time on the run
    had_writeup = out.is_dir() and any(out.iterdir())
    staged = _staging(out)
    executed = staged / "executed.ipynb"
    try:
        ok, error = _core.execute(source, executed, parameters, cwd=source.resolve().parent, timeout=timeout)
    except BaseException:  # interrupted: nothing of this run is kept
        shutil.rmtree(staged, ignore_errors=True)
        raise
    if not ok:
        if had_writeup:  # keep the previous write-up whole; the partial run stays in the staging folder
            where = f"The partial run is in {executed}; the previous write-up in {out} is unchanged."
        else:
            out.mkdir(parents=True, exist_ok=True)
            if executed.exists():
                os.replace(executed, out / "executed.ipynb")
            shutil.rmtree(staged, ignore_errors=True)
            where = f"The partial run is in {out / 'executed.ipynb'}; the write-up was not written."
        raise RuntimeError(f"{source.name} failed under parameters {parameters}: {error}. {where}")
    try:
        w = _render(executed, staged, out, source=source, parameters=parameters, template_dirs=template_dirs, fmt=fmt)
        _swap_in(staged, out)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return w


# the command's description is the usage paragraph of the package's docstring (aipm_kit.writeup)
def register_cli(subparsers) -> None:
    """Add the ``aipm writeup`` command, which calls :func:`make_writeup`, to a command line.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        What :meth:`argparse.ArgumentParser.add_subparsers` returned; the ``writeup`` parser is added to it,
        with the notebook (a path or a number), ``-p NAME VALUE`` (repeatable; read by
        :func:`parse_parameters`), ``--out``, ``--force``, ``--templates DIR`` (repeatable) and
        ``--format {github,plain}`` (stored as ``fmt``), and ``func`` set to the command's handler (it returns
        the exit code: 1 when the notebook failed).

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="aipm")
    >>> register_cli(parser.add_subparsers(dest="command"))
    >>> args = parser.parse_args(["writeup", "01", "-p", "SEED", "7", "-p", "FAST", "True", "--force"])
    >>> args.notebook, args.parameter, args.out, args.force, args.fmt
    ('01', [['SEED', '7'], ['FAST', 'True']], None, True, 'github')
    """
    p = subparsers.add_parser(
        "writeup",
        help="execute a notebook with your parameters and write its portfolio write-up",
        description=sys.modules[__package__].__doc__.split("\n\n")[1],
    )
    p.add_argument(
        "notebook", help="the notebook to run, e.g. notebooks/01_should_we_use_ai.ipynb (or just its number: 01)"
    )
    p.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        default=[],
        help="a parameter, as in papermill (numbers and True/False are recognised); repeatable",
    )
    p.add_argument("--out", default=None, help="output folder (default: writeups/<notebook stem>)")
    p.add_argument("--force", action="store_true", help="replace an existing write-up in --out")
    p.add_argument(
        "--templates",
        action="append",
        default=[],
        metavar="DIR",
        help="your own template folder (writeup/default.md.j2 ...), searched first; repeatable",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="github",
        dest="fmt",
        help="github: tables and a collapsed appendix (default); plain: no tables or HTML, "
        "to paste into a blogging platform",
    )
    p.set_defaults(func=_cli_writeup)


def _cli_writeup(args) -> int:
    params = parse_parameters(args.parameter)
    try:
        w = make_writeup(
            args.notebook, params, out=args.out, force=args.force, template_dirs=args.templates, fmt=args.fmt
        )
    except RuntimeError as exc:
        print(f"aipm writeup: {exc}", file=sys.stderr)
        return 1
    print(w)
    print(f"Markdown: {w.markdown}\nHTML:     {w.html}")
    for s in w.sections:
        if s.suggested:
            print(
                f'{s.heading}: the kit\'s suggested wording; put yours in with -p {s.suggested} "..."', file=sys.stderr
            )
    if w.missing:
        if w.title_missing:
            print(f"missing writeup_title: {w.title_missing}", file=sys.stderr)
        for s in w.sections:
            if not s.ok:
                print(f"missing {s.key}: {s.missing}", file=sys.stderr)
        if w.figure_missing:
            print(f"missing {story.WRITEUP_FIGURE}: {w.figure_missing}", file=sys.stderr)
    return 0
