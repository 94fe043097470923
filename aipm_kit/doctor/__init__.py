"""``aipm doctor``: check the environment and say what to fix, with the command that fixes it.

It checks, in order: the Python version, every pinned package (the exact
versions in ``pyproject.toml``, which keep the notebooks' numbers stable), the
Jupyter ``python3`` kernel, ipywidgets, the data files in ``datasets/`` (or
``AIPM_DATA_DIR``) and, optionally, the Chromium browser the browser tests
use, and that kernels will draw figures (no inherited ``MPLBACKEND=Agg``).
Exit status 1 means something required is missing or wrong. A check that
cannot run (a missing package) is itself a finding with its fix.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

# Every name the module had: the public ones and the private ones code may reach here.
# ruff: noqa: F401
from ._common import PYPROJECT, REPO, _pip
from .data_files import JSONL_FIELDS, _jsonl_problem, _parquet_problem, check_data, expected_data_files
from .environment import CHROMIUM, check_chromium, check_figures, check_kernel
from .findings import Check, Diagnosis
from .packages import (
    _REQ,
    CHECKED_EXTRAS,
    _version_tuple,
    check_packages,
    check_python,
    check_widgets,
    installed_version,
    pinned_requirements,
    required_python,
)


def diagnose(*, pyproject: Path = PYPROJECT, include_optional: bool = True) -> Diagnosis:
    """Run every check and return the findings.

    The checks run in order: Python, the pinned packages, the Jupyter kernel, ipywidgets, figures in
    notebooks, the data files and (optionally) Chromium. A check that cannot run is itself a finding:
    a missing package with the ``pip install -e .`` that fixes it, any other error with its message.

    Parameters
    ----------
    pyproject : pathlib.Path, default the checkout's ``pyproject.toml``
        Where the Python requirement and the pinned packages are read.
    include_optional : bool, default True
        False leaves out the optional Chromium check.

    Returns
    -------
    Diagnosis
        Every finding; its ``ok`` is False when a required check failed, and its ``repr`` is the report
        ``aipm doctor`` prints.

    Examples
    --------
    Here with one pinned package and an empty data folder, so the data checks fail:

    >>> import os, tempfile
    >>> from unittest import mock
    >>> with tempfile.TemporaryDirectory() as folder, mock.patch.dict(os.environ, {"AIPM_DATA_DIR": folder}):
    ...     pyproject = Path(folder) / "pyproject.toml"
    ...     _ = pyproject.write_text('[project]\\nrequires-python = ">=3.11"\\ndependencies = ["pandas"]\\n')
    ...     d = diagnose(pyproject=pyproject, include_optional=False)
    >>> [c.name for c in d.checks[:2]]
    ['Python', 'package pandas']
    >>> d.ok, all(c.name.startswith("data file") for c in d.problems if c.required)
    (False, True)
    """
    steps = [
        ("Python", lambda: [check_python(pyproject)]),
        ("packages", lambda: check_packages(pyproject)),
        ("Jupyter kernel python3", lambda: [check_kernel()]),
        ("ipywidgets (interactive explorers)", lambda: [check_widgets()]),
        ("figures in notebooks", lambda: [check_figures()]),
        ("data files", check_data),
    ]
    if include_optional:
        steps.append(("chromium (browser tests)", lambda: [check_chromium()]))
    checks = []
    for name, step in steps:
        try:
            checks += step()
        except ImportError as exc:  # a missing package is a finding with its fix, never a traceback
            missing = getattr(exc, "name", None) or str(exc)
            checks.append(
                Check(
                    name,
                    False,
                    f"could not be checked: the package {missing!r} is missing",
                    "the kit's packages installed",
                    fix=f"cd {shlex.quote(str(REPO))} && {shlex.quote(sys.executable)} -m pip install -e .",
                )
            )
        except Exception as exc:
            checks.append(
                Check(
                    name,
                    False,
                    f"could not be checked ({type(exc).__name__}: {exc})",
                    "a working check",
                    fix="run `aipm doctor` again; report this if it persists",
                )
            )
    return Diagnosis(tuple(checks))


def register_cli(subparsers) -> None:
    """Add ``aipm doctor [--quiet]`` to the ``aipm`` command line.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The ``aipm`` parser's sub-commands (see :func:`aipm_kit.cli.build_parser`). The command prints
        the :class:`Diagnosis` (only the problems with ``--quiet``) and exits 1 when a required check fails.

    Returns
    -------
    None
        Nothing; the command is added to ``subparsers``.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser(prog="aipm")
    >>> register_cli(parser.add_subparsers(dest="command"))
    >>> parser.parse_args(["doctor", "--quiet"]).quiet
    True
    """
    p = subparsers.add_parser("doctor", help="check Python, packages, the Jupyter kernel and the data; say what to fix")
    p.add_argument("--quiet", action="store_true", help="print only the problems")
    p.set_defaults(func=_cli_doctor)


def _cli_doctor(args) -> int:
    d = diagnose()
    if args.quiet:
        d = Diagnosis(tuple(d.problems))
    print(d)
    return 0 if d.ok else 1
