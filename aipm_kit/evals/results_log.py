"""The results log: one JSON line per finished case, and the keys that make reusing it safe.

* :class:`CaseResult` is one line of the log; :func:`read_rows` reads a log and
  :func:`result_from_row` checks a line field by field, naming the file and line
  of anything malformed (a torn last line, left by a crash mid-write, is dropped
  with a warning and its case runs again);
* :func:`case_key` hashes what a case says (id, input, expected, tags, metadata)
  and :func:`source_key` what answers it (adapter, model name, parameters such as
  a recording's digest or an endpoint): every line carries both, and
  :func:`resumable` refuses a log whose source or cases changed, so a resumed run
  never reports stale scores;
* :func:`cache_key` is the content address of one model call, for the response
  cache (answers, not scores: a cached answer is scored against the current
  ``expected``).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import threading
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .adapters import model_name
from .cases import Case, CaseSet
from .scorers import Score

__all__ = ["CaseResult", "case_key", "source_key", "cache_key", "read_rows", "result_from_row", "resumable"]

_FRESH_HINT = "use a new results path (--out) or start it over with fresh=True (--fresh)"


@dataclass(frozen=True)
class CaseResult:
    """The outcome for one case: ``status`` is ``"ok"`` (scored) or ``"error"`` (not scored).

    One line of the results log: ``to_dict(model)`` gives the row (with the model's name),
    ``CaseResult.from_dict(row)`` reads one back (unchecked: see :func:`result_from_row`).

    Parameters
    ----------
    case_id : str
        The case's id.
    status : {"ok", "error"}
        ``"ok"``: the answer was scored; ``"error"``: it was not (the call, the response or a
        scorer failed), and it counts in no rate.
    response : str or None
        The model's answer (None when no text came back).
    scores : dict of str to Score
        One score per scorer; empty for an error.
    passed : bool or None
        Whether every gating scorer passed; None for an error.
    latency_s : float or None
        Seconds the call took, if known.
    cost_usd : float
        What the call cost, in US dollars.
    cached : bool, default False
        The answer came from the response cache.
    error : str, default ""
        Why the case ended in an error.
    attempts : int, default 1
        Calls made for this case (retries included).
    tags : tuple of str, default ()
        The case's tags (slices).

    Examples
    --------
    >>> from aipm_kit.evals.scorers import Score
    >>> r = CaseResult("q1", "ok", "4", {"exact": Score(1.0, True, "matches")}, True, 0.2, 0.001, tags=("math",))
    >>> row = r.to_dict("calc")
    >>> row["model"], row["scores"]
    ('calc', {'exact': {'value': 1.0, 'passed': True, 'reason': 'matches'}})
    >>> CaseResult.from_dict(row) == r
    True
    """

    case_id: str
    status: str
    response: Any
    scores: Mapping[str, Score]
    passed: bool | None
    latency_s: float | None
    cost_usd: float
    cached: bool = False
    error: str = ""
    attempts: int = 1
    tags: tuple[str, ...] = ()

    def to_dict(self, model: str) -> dict:
        return {
            "case_id": self.case_id,
            "model": model,
            "status": self.status,
            "response": self.response,
            "scores": {k: s.to_dict() for k, s in self.scores.items()},
            "passed": self.passed,
            "latency_s": self.latency_s,
            "cost_usd": self.cost_usd,
            "cached": self.cached,
            "error": self.error,
            "attempts": self.attempts,
            "tags": list(self.tags),
        }

    @classmethod
    def from_dict(cls, row: Mapping[str, Any]) -> CaseResult:
        scores = {k: Score(v["value"], v["passed"], v.get("reason", "")) for k, v in (row.get("scores") or {}).items()}
        return cls(
            str(row["case_id"]),
            row["status"],
            row.get("response"),
            scores,
            row.get("passed"),
            row.get("latency_s"),
            float(row.get("cost_usd") or 0.0),
            bool(row.get("cached")),
            row.get("error") or "",
            int(row.get("attempts") or 1),
            tuple(row.get("tags") or ()),
        )


def _digest(payload: Any) -> str:
    blob = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _source(model: Any) -> dict:
    """What produces the answers: the adapter, the model's name and its parameters."""
    return {"adapter": type(model).__name__, "model": model_name(model), "params": getattr(model, "params", {}) or {}}


def source_key(model: Any) -> str:
    """A short hash of the response source (adapter, model name, parameters such as the
    recording's digest or the endpoint URL): a resumed log must come from the same source.

    Parameters
    ----------
    model : callable
        A model adapter; its type name, :func:`~aipm_kit.evals.adapters.model_name` and
        ``params`` (if any) are hashed.

    Returns
    -------
    str
        The first 16 hexadecimal digits of a SHA-256.

    Examples
    --------
    >>> from aipm_kit.evals.adapters import from_function
    >>> cold = from_function(lambda q: "4", name="calc", params={"temperature": 0})
    >>> warm = from_function(lambda q: "4", name="calc", params={"temperature": 1})
    >>> len(source_key(cold)), source_key(cold) == source_key(warm)
    (16, False)
    """
    return _digest(_source(model))[:16]


def case_key(case: Case) -> str:
    """A short hash of everything a case says (id, input, expected, tags, metadata).

    Parameters
    ----------
    case : Case
        The case.

    Returns
    -------
    str
        The first 16 hexadecimal digits of a SHA-256 of the case's fields.

    Examples
    --------
    >>> from aipm_kit.evals.cases import make_cases
    >>> a, b = make_cases([{"id": "q", "input": "2+2?", "expected": "4"}, {"id": "r", "input": "2+2?", "expected": "5"}])
    >>> len(case_key(a)), case_key(a) == case_key(b)
    (16, False)
    """
    return _digest(case.to_dict())[:16]


def cache_key(model: Any, case: Case) -> str:
    """The content address of one call: a SHA-256 of the response source and the input.

    The cache holds answers, not scores: a hit is scored again against the case's current
    ``expected``, so the answer key is deliberately not part of the address. For a model that
    reads the whole case (``wants_case``), the case id is part of it.

    Parameters
    ----------
    model : callable
        The model adapter (as for :func:`source_key`).
    case : Case
        The case whose input is sent.

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> from aipm_kit.evals.adapters import from_function
    >>> from aipm_kit.evals.cases import make_cases
    >>> four, five = make_cases([{"id": "q", "input": "2+2?", "expected": "4"}, {"id": "r", "input": "2+2?", "expected": "5"}])
    >>> model = from_function(lambda q: "4", name="calc")
    >>> len(cache_key(model, four)), cache_key(model, four) == cache_key(model, five)  # same input, same answer
    (64, True)
    """
    payload = {"source": _source(model), "input": case.input}
    if getattr(model, "wants_case", False):
        payload["case_id"] = case.id
    return _digest(payload)


class ResponseCache:
    """Answers on disk, one JSON file per :func:`cache_key` (``folder=None``: no cache).

    A torn or malformed entry is a miss; entries are written atomically (temporary file, then
    rename). ``get(key)`` returns the stored dict (it must hold ``"text"``) or None;
    ``put(key, entry)`` stores one.

    Parameters
    ----------
    folder : str or pathlib.Path or None
        Folder of the cache, made if missing; None turns the cache off (every ``get`` misses,
        ``put`` does nothing).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     cache = ResponseCache(folder)
    ...     print(cache.get("ab12"))
    ...     cache.put("ab12", {"text": "4", "latency_s": 0.2})
    ...     print(cache.get("ab12"))
    None
    {'text': '4', 'latency_s': 0.2}
    """

    def __init__(self, folder: str | Path | None):
        self.folder = Path(folder) if folder is not None else None
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        if self.folder is None:
            return None
        path = self._path(key)
        if not path.exists():
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError, OSError):
            return None  # a torn cache entry is a miss, not a crash
        return entry if isinstance(entry, dict) and "text" in entry else None

    def put(self, key: str, entry: dict) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)


def read_rows(path: Path) -> list[tuple[int, Any]]:
    """``(line number, row)`` of a results log; a torn final line (a crash mid-write) is dropped
    with a warning; any other line that is not JSON raises ``ValueError`` naming file and line.

    Parameters
    ----------
    path : pathlib.Path
        The JSONL results log. A missing file gives no rows; a folder or a file that is not
        UTF-8 text is refused with ``ValueError``.

    Returns
    -------
    list of (int, object)
        Each non-blank line's number (from 1) and its parsed JSON value, unchecked.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     log = pathlib.Path(folder) / "run.jsonl"
    ...     _ = log.write_text('{"case_id": "a"}' + chr(10) + chr(10) + '{"case_id": "b"}' + chr(10))
    ...     print(read_rows(log))
    [(1, {'case_id': 'a'}), (3, {'case_id': 'b'})]
    """
    if not path.exists():
        return []
    if path.is_dir():
        raise ValueError(f"results file {path} is a folder, not a JSONL file")
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except UnicodeDecodeError as exc:
        raise ValueError(f"results file {path} is not UTF-8 text (byte {exc.start})") from None
    rows = []
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rows.append((lineno, json.loads(line)))
        except json.JSONDecodeError:
            is_last = all(not rest.strip() for rest in lines[lineno:])
            if is_last:
                warnings.warn(
                    f"{path.name} line {lineno} was cut off by a crash; that case will run again", stacklevel=3
                )
                continue
            raise ValueError(f"results file {path} line {lineno} is not valid JSON") from None
    return rows


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def result_from_row(row: Any, where: str) -> CaseResult:
    """A results-log row checked field by field; ``where`` names the file and line in errors.

    Parameters
    ----------
    row : object
        One parsed JSON line: a dict with ``case_id``, ``model`` and ``status``, and well-formed
        optional fields (scores, passed, latency, cost, attempts, tags). Anything else raises
        ``ValueError`` saying which field is wrong.
    where : str
        Where the row came from, such as ``"results file run.jsonl line 3"``.

    Returns
    -------
    CaseResult
        The row as a result.

    Examples
    --------
    >>> result_from_row({"case_id": "q1", "model": "calc", "status": "error", "error": "timeout"}, "line 1").error
    'timeout'
    >>> result_from_row({"case_id": "q1", "model": "calc", "status": "done"}, "results file run.jsonl line 3")
    Traceback (most recent call last):
    ...
    ValueError: results file run.jsonl line 3: 'status' must be 'ok' or 'error', got 'done'
    """
    if not isinstance(row, dict):
        raise ValueError(f"{where} must be a JSON object, got {type(row).__name__}")
    for name in ("case_id", "model", "status"):
        if name not in row:
            raise ValueError(f"{where} has no '{name}'")
    cid = row["case_id"]
    if isinstance(cid, bool) or not isinstance(cid, (str, int)) or cid == "":
        raise ValueError(f"{where}: 'case_id' must be a non-empty string, got {cid!r}")
    if not isinstance(row["model"], str):
        raise ValueError(f"{where}: 'model' must be a string, got {row['model']!r}")
    if row["status"] not in ("ok", "error"):
        raise ValueError(f"{where}: 'status' must be 'ok' or 'error', got {row['status']!r}")
    scores = row.get("scores")
    if scores is None:
        scores = {}
    if not isinstance(scores, dict):
        raise ValueError(f"{where}: 'scores' must be an object (scorer -> value, passed), got {type(scores).__name__}")
    for name, sc in scores.items():
        if not (isinstance(sc, dict) and _is_number(sc.get("value")) and isinstance(sc.get("passed"), bool)):
            raise ValueError(
                f"{where}: 'scores.{name}' must be an object with a number 'value' and a true/false "
                f"'passed', got {str(sc)[:60]}"
            )
    passed = row.get("passed")
    if not (passed is None or isinstance(passed, bool)) or (row["status"] == "ok" and passed is None):
        raise ValueError(f"{where}: 'passed' must be true or false for a scored case, got {passed!r}")
    for name in ("latency_s", "cost_usd"):
        value = row.get(name)
        if value is not None and not (_is_number(value) and value >= 0):
            raise ValueError(f"{where}: '{name}' must be a number >= 0 or null, got {value!r}")
    attempts = row.get("attempts")
    if attempts is not None and (isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1):
        raise ValueError(f"{where}: 'attempts' must be a whole number >= 1, got {attempts!r}")
    tags = row.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ValueError(f"{where}: 'tags' must be a list of strings, got {tags!r}")
    return CaseResult.from_dict(row)


def truncate_torn_tail(path: Path) -> None:
    """Make a results log end with a whole line before rows are appended to it.

    A last line cut off by a crash (not valid JSON) is removed, so its case runs again; a whole
    last row missing only its newline gets one.

    Parameters
    ----------
    path : pathlib.Path
        The results log, an existing file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     log = pathlib.Path(folder) / "run.jsonl"
    ...     _ = log.write_text('{"case_id": "a"}' + chr(10) + '{"case_id": "b", "mo')
    ...     truncate_torn_tail(log)
    ...     text = log.read_text()
    ...     print(text.splitlines(), text.endswith(chr(10)))
    ['{"case_id": "a"}'] True
    """
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        cut = data.rfind(b"\n") + 1
        try:
            json.loads(data[cut:].decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            with open(path, "r+b") as fh:  # a torn row: drop it, the case runs again
                fh.truncate(cut)
        else:
            with open(path, "ab") as fh:  # a whole row missing only its newline
                fh.write(b"\n")


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
