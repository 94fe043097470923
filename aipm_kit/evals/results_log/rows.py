"""The rows of the results log: :class:`CaseResult` (one finished case), reading a log, checking a row field by
field, and mending a last line cut off by a crash."""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..scorers import Score


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
