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
    """The installed version of distribution ``name``, or None if it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*(==|>=|~=)?\s*([^\s;,]+)?\s*(?:;\s*(.*))?$")


def pinned_requirements(pyproject: Path = PYPROJECT, extras=CHECKED_EXTRAS) -> dict[str, tuple[str, str, str]]:
    """``name -> (operator, version, group)`` from ``pyproject.toml`` (or the installed metadata)."""
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
