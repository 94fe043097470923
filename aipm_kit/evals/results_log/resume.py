"""Resuming a run from its log: the finished cases, after checking the log came from the same response source,
scorers and cases (a changed log is refused, saying what changed)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..cases import CaseSet
from .keys import case_key, source_key
from .rows import CaseResult, read_rows, result_from_row

_FRESH_HINT = "use a new results path (--out) or start it over with fresh=True (--fresh)"


def resumable(
    path: Path, cases: CaseSet, model: Any, name: str, named: Mapping[str, Callable]
) -> dict[str, CaseResult]:
    """The finished cases of an existing log, after checking it was written from the same response
    source, with the same scorers, for the same cases; otherwise a ``ValueError`` saying what changed.

    Rows of cases not in ``cases`` (a subset run) are left in the log and not returned.

    Parameters
    ----------
    path : pathlib.Path
        The results log.
    cases : CaseSet
        The cases of the run being resumed.
    model : callable
        The model adapter of that run (its :func:`source_key` must match the log's).
    name : str
        The model's name (must match the log's).
    named : dict of str to callable
        The run's scorers by name (a scored row must have exactly these).

    Returns
    -------
    dict of str to CaseResult
        The logged result of each case of ``cases`` found in the log, by case id.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from aipm_kit.evals import adapters, cases, scorers
    >>> from aipm_kit.evals.runner import run_eval
    >>> cs = cases.make_cases([{"id": "a", "input": "2+2?", "expected": "4"}])
    >>> model = adapters.from_function(lambda q: "4", name="calc")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     log = pathlib.Path(folder) / "run.jsonl"
    ...     _ = run_eval(cs, model, {"exact": scorers.exact_match}, results=log)
    ...     print(list(resumable(log, cs, model, "calc", {"exact": scorers.exact_match})))
    ...     changed = cases.make_cases([{"id": "a", "input": "2+2?", "expected": "5"}])
    ...     resumable(log, changed, model, "calc", {"exact": scorers.exact_match})
    Traceback (most recent call last):
    ...
    ValueError: results file ...run.jsonl: 1 case(s) changed since they were run (a: input, expected, tags or metadata differ); use a new results path (--out) or start it over with fresh=True (--fresh)
    """
    source = source_key(model)
    current = {c.id: c for c in cases}
    done: dict[str, CaseResult] = {}
    changed: list[str] = []
    for lineno, row in read_rows(path):
        r = result_from_row(row, f"results file {path} line {lineno}")
        if row["model"] != name:
            raise ValueError(
                f"results file {path} holds results of model {row['model']!r}, not {name!r}; {_FRESH_HINT}"
            )
        if not row.get("source") or not row.get("case_key"):
            raise ValueError(
                f"results file {path} line {lineno} has no content keys (it was written by an older "
                f"version), so it cannot be checked against these cases and this model; {_FRESH_HINT}"
            )
        if row["source"] != source:
            raise ValueError(
                f"results file {path} was written from another response source than "
                f"{type(model).__name__} {name!r} with {_short(getattr(model, 'params', {}))} (the "
                f"recording, the endpoint or the parameters changed); {_FRESH_HINT}"
            )
        if r.status == "ok" and set(r.scores) != set(named):
            raise ValueError(
                f"results file {path} was scored with {sorted(r.scores)}, not {sorted(named)}; {_FRESH_HINT}"
            )
        case = current.get(r.case_id)
        if case is None:
            continue  # a case not in this run (a subset) stays in the log, untouched
        if row["case_key"] != case_key(case):
            changed.append(r.case_id)
        done[r.case_id] = r
    if changed:
        shown = ", ".join(sorted(set(changed))[:5]) + (", ..." if len(set(changed)) > 5 else "")
        raise ValueError(
            f"results file {path}: {len(set(changed))} case(s) changed since they were run ({shown}: "
            f"input, expected, tags or metadata differ); {_FRESH_HINT}"
        )
    return done


def _short(params: Any, limit: int = 120) -> str:
    text = json.dumps(params, sort_keys=True, default=str, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."
