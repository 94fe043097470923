"""Python and the pinned packages: what ``pyproject.toml`` asks for against what is installed.

The pins (exact versions, which keep the notebooks' numbers stable) are read from the checkout's
``pyproject.toml``, or from the installed kit's metadata; :func:`installed_version` is the one lookup
of what is installed, so a test can stand in another answer.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from ._common import PYPROJECT, _pip
from .findings import Check

#: Extras whose packages ``aipm doctor`` checks (the others are for benchmarks and data rebuilds).
CHECKED_EXTRAS = ("dev",)


def installed_version(name: str) -> str | None:
    """The installed version of distribution ``name``, or None if it is not installed.

    Parameters
    ----------
    name : str
        The distribution's name as pip knows it (``"scikit-learn"``, ``"jupyterlab_widgets"``).

    Returns
    -------
    str or None
        Its version string, or None when it is not installed.

    Examples
    --------
    >>> import pandas as pd
    >>> installed_version("pandas") == pd.__version__
    True
    >>> installed_version("aipm-kit-no-such-package") is None
    True
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*(==|>=|~=)?\s*([^\s;,]+)?\s*(?:;\s*(.*))?$")


def pinned_requirements(pyproject: Path = PYPROJECT, extras=CHECKED_EXTRAS) -> dict[str, tuple[str, str, str]]:
    """``name -> (operator, version, group)`` from ``pyproject.toml`` (or the installed metadata).

    Parameters
    ----------
    pyproject : pathlib.Path, default the checkout's ``pyproject.toml``
        The file to read. When it does not exist (an installed, non-editable kit) the requirements
        of the installed ``aipm-kit`` distribution are read instead.
    extras : tuple of str, default ``CHECKED_EXTRAS`` (``("dev",)``)
        The optional-dependency groups read beside the core dependencies.

    Returns
    -------
    dict of str to tuple of (str, str, str)
        Each package's lower-case name to its operator (``"=="``, ``">="``, ``"~="`` or ``""``), its
        version (``""`` when unpinned) and its group (``"core"`` or the extra's name).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     pyproject = Path(folder) / "pyproject.toml"
    ...     _ = pyproject.write_text(
    ...         '[project]\\ndependencies = ["Pandas==2.2.3", "numpy>=1.26", "tqdm"]\\n'
    ...         '[project.optional-dependencies]\\ndev = ["pytest==8.0"]\\nbench = ["asv"]\\n'
    ...     )
    ...     pins = pinned_requirements(pyproject)
    >>> pins
    {'pandas': ('==', '2.2.3', 'core'), 'numpy': ('>=', '1.26', 'core'), 'tqdm': ('', '', 'core'),
     'pytest': ('==', '8.0', 'dev')}
    """
    import tomllib

    reqs: list[tuple[str, str]] = []
    if Path(pyproject).exists():
        data = tomllib.loads(Path(pyproject).read_text(encoding="utf-8"))
        project = data.get("project", {})
        reqs += [(r, "core") for r in project.get("dependencies", [])]
        for extra in extras:
            reqs += [(r, extra) for r in project.get("optional-dependencies", {}).get(extra, [])]
    else:  # an installed (non-editable) kit: read its own metadata
        from importlib.metadata import PackageNotFoundError, requires

        try:
            raw = requires("aipm-kit") or []
        except PackageNotFoundError:
            raw = []
        for r in raw:
            m = re.search(r"extra\s*==\s*['\"]([^'\"]+)['\"]", r)
            group = m.group(1) if m else "core"
            if group == "core" or group in extras:
                reqs.append((r.split(";")[0], group))
    pins = {}
    for req, group in reqs:
        m = _REQ.match(req)
        if m:
            pins[m.group(1).lower()] = (m.group(2) or "", m.group(3) or "", group)
    return pins


def required_python(pyproject: Path = PYPROJECT) -> tuple[int, int]:
    """The lowest Python version ``pyproject.toml``'s ``requires-python`` allows.

    Parameters
    ----------
    pyproject : pathlib.Path, default the checkout's ``pyproject.toml``
        The file to read; when it does not exist, or says nothing, ``>=3.11`` is assumed.

    Returns
    -------
    tuple of (int, int)
        The first ``major.minor`` of the specifier, such as ``(3, 11)``.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     pyproject = Path(folder) / "pyproject.toml"
    ...     print(required_python(pyproject))
    ...     _ = pyproject.write_text('[project]\\nrequires-python = ">=3.12"\\n')
    ...     print(required_python(pyproject))
    (3, 11)
    (3, 12)
    """
    import tomllib

    spec = ">=3.11"
    if Path(pyproject).exists():
        spec = (
            tomllib.loads(Path(pyproject).read_text(encoding="utf-8")).get("project", {}).get("requires-python", spec)
        )
    m = re.search(r"(\d+)\.(\d+)", spec)
    return (int(m.group(1)), int(m.group(2))) if m else (3, 11)


def _version_tuple(text: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"[.+-]", text))


def check_python(pyproject: Path = PYPROJECT) -> Check:
    """Check that this Python is at least the version ``pyproject.toml`` requires.

    Parameters
    ----------
    pyproject : pathlib.Path, default the checkout's ``pyproject.toml``
        Where ``requires-python`` is read (see :func:`required_python`).

    Returns
    -------
    Check
        The finding: the running version, the one required, and how to recreate the environment.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     pyproject = Path(folder) / "pyproject.toml"
    ...     _ = pyproject.write_text('[project]\\nrequires-python = ">=3.99"\\n')
    ...     check = check_python(pyproject)
    >>> check.ok, check.expected
    (False, '>= 3.99')
    >>> check.fix
    'install Python 3.99 and recreate the environment: rm -rf .venv && make setup PYTHON=python3.99'
    """
    need = required_python(pyproject)
    have = sys.version_info[:2]
    found = ".".join(map(str, sys.version_info[:3]))
    return Check(
        "Python",
        have >= need,
        found,
        f">= {need[0]}.{need[1]}",
        fix=f"install Python {need[0]}.{need[1]} and recreate the environment: rm -rf .venv && "
        f"make setup PYTHON=python{need[0]}.{need[1]}",
    )


def check_packages(pyproject: Path = PYPROJECT) -> list[Check]:
    """Check every pinned package against the installed version.

    A package pinned with ``==`` must have exactly that version, one with ``>=`` at least it; an
    unpinned one need only be installed. Core packages are required, those of an extra optional.

    Parameters
    ----------
    pyproject : pathlib.Path, default the checkout's ``pyproject.toml``
        Where the pins are read (see :func:`pinned_requirements`).

    Returns
    -------
    list of Check
        One finding per package, sorted by name, each with the ``pip install`` command that fixes it.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     pyproject = Path(folder) / "pyproject.toml"
    ...     _ = pyproject.write_text(
    ...         '[project]\\ndependencies = ["pandas>=1.0", "aipm-kit-no-such-package==1.0"]\\n'
    ...         '[project.optional-dependencies]\\ndev = ["numpy==0.0.1"]\\n'
    ...     )
    ...     checks = check_packages(pyproject)
    >>> [(c.name, c.status) for c in checks]
    [('package aipm-kit-no-such-package', 'MISSING'), ('package numpy [dev]', 'optional'), ('package pandas', 'ok')]
    >>> checks[0].fix
    '... -m pip install aipm-kit-no-such-package==1.0'
    """
    checks = []
    for name, (op, pin, group) in sorted(pinned_requirements(pyproject).items()):
        required = group == "core"
        label = f"package {name}" + ("" if required else f" [{group}]")
        spec = f"{name}{op}{pin}" if op else name
        have = installed_version(name)
        if have is None:
            checks.append(Check(label, False, "not installed", spec, fix=_pip(spec), required=required))
            continue
        if op == "==":
            ok = have == pin
        elif op == ">=":
            ok = _version_tuple(have) >= _version_tuple(pin)
        else:
            ok = True
        checks.append(Check(label, ok, have, spec, fix=_pip(spec), required=required))
    return checks


def check_widgets() -> Check:
    """Check that ipywidgets and the JupyterLab extension that renders widgets are both installed.

    Returns
    -------
    Check
        The finding: the two versions, or which is missing and the ``pip install`` that adds it.

    Examples
    --------
    >>> from unittest import mock
    >>> import aipm_kit.doctor.packages as packages
    >>> versions = {"ipywidgets": "8.1.5"}
    >>> with mock.patch.object(packages, "installed_version", versions.get):
    ...     check = check_widgets()
    >>> check.ok, check.found
    (False, 'ipywidgets 8.1.5, but jupyterlab_widgets is missing: widgets will not render in Lab')
    """
    have = installed_version("ipywidgets")
    lab = installed_version("jupyterlab_widgets")
    pin = pinned_requirements().get("ipywidgets", ("==", "", "core"))[1]
    spec = f"ipywidgets=={pin}" if pin else "ipywidgets"
    if have is None:
        return Check("ipywidgets (interactive explorers)", False, "not installed", spec, fix=_pip(spec))
    if lab is None:
        return Check(
            "ipywidgets (interactive explorers)",
            False,
            f"ipywidgets {have}, but jupyterlab_widgets is missing: widgets will not render in Lab",
            spec,
            fix=_pip("jupyterlab_widgets"),
        )
    return Check("ipywidgets (interactive explorers)", True, f"ipywidgets {have}, jupyterlab_widgets {lab}")
