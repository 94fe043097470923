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
    """A path as given, or a course notebook named by its number (``"01"`` -> ``notebooks/01_*.ipynb``)."""
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

    Parameters
    ----------
    notebook : path
        The authored notebook (``notebooks/01_*.ipynb`` or your own).
    parameters : mapping, optional
        Values for names in the notebook's ``parameters`` cell (an unknown name raises ``ValueError``).
    out : path, optional
        Output folder (default ``writeups/<notebook stem>``). Must be empty unless ``force``.
    force : bool
        Replace the write-up files in an existing ``out``, once the run and the new write-up succeeded.
    template_dirs : paths
        Your own template folders, searched before the kit's.
    fmt : {"github", "plain"}
        ``plain`` writes Markdown without tables or HTML, for blogging platforms.

    Returns
    -------
    Writeup
        Paths of ``writeup.md`` / ``writeup.html`` and the facts that were missing.

    Examples
    --------
    >>> w = make_writeup("notebooks/01_should_we_use_ai.ipynb", {"SEED": 7}, out="my-writeup")  # doctest: +SKIP
    >>> w.html  # doctest: +SKIP
    PosixPath('my-writeup/writeup.html')
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
