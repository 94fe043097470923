"""The result of a run, :class:`EvalRun` (every case's result, counts, pass rate, costs, latencies), and
:func:`load_run`, which reads one back from its results log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..results_log import CaseResult, read_rows, result_from_row


@dataclass(frozen=True)
class EvalRun:
    """Every case's result for one model, plus what this invocation did (calls, cache hits, resumed).

    Returned by :func:`~aipm_kit.evals.runner.run_eval` and :func:`load_run`. Counts:
    ``n``, ``n_ok`` (scored), ``n_error``, ``n_passed``, ``error_rate``; ``ok`` lists the scored
    results and ``by_id()`` maps case ids to results. ``pass_rate()`` is the share of scored
    cases that passed with a Wilson interval (errors left out, and counted);
    ``latency_quantiles()`` the recorded latencies' quantiles; ``spend_usd`` what this
    invocation paid (cached answers cost nothing again) and ``cost_usd`` what every answer
    cost; ``to_frame()`` one row per case.

    Parameters
    ----------
    model : str
        The model's name.
    results : tuple of CaseResult
        One result per case, in the cases' order.
    scorers : tuple of str
        Names of the scorers applied.
    gate_on : tuple of str
        Names of the scorers that decide ``passed``.
    calls : int, default 0
        Model calls this invocation made (retries included).
    cache_hits : int, default 0
        Answers served from the response cache.
    resumed : int, default 0
        Cases taken from the results log of an earlier, interrupted run.
    path : str or None, default None
        The results log, if any.

    Examples
    --------
    >>> from aipm_kit.evals import adapters, cases, scorers
    >>> from aipm_kit.evals.runner import run_eval
    >>> def calc(question):
    ...     if "France" in question:
    ...         raise RuntimeError("down")
    ...     return "4"
    >>> cs = cases.make_cases([{"id": "a", "input": "2+2?", "expected": "4"},
    ...                        {"id": "b", "input": "Capital of France?", "expected": "Paris"}])
    >>> run = run_eval(cs, adapters.from_function(calc, name="calc"), [scorers.exact_match], retries=0)
    >>> run
    EvalRun('calc': 2 cases, 1/1 passed, 1 errors; this run: 2 calls, 0 from cache, 0 resumed)
    >>> run.pass_rate(), run.error_rate
    (1.000 [0.207, 1.000] (95% Wilson, n=1), 0.5)
    >>> run.by_id()["b"].error
    'RuntimeError: down (after 1 attempt(s))'
    """

    model: str
    results: tuple[CaseResult, ...]
    scorers: tuple[str, ...]
    gate_on: tuple[str, ...]
    calls: int = 0  # model calls made by this invocation
    cache_hits: int = 0  # answers served from the cache
    resumed: int = 0  # cases taken from an earlier, interrupted run
    path: str | None = None

    # ---- counts
    @property
    def n(self) -> int:
        return len(self.results)

    @property
    def ok(self) -> list[CaseResult]:
        return [r for r in self.results if r.status == "ok"]

    @property
    def n_ok(self) -> int:
        return sum(r.status == "ok" for r in self.results)

    @property
    def n_error(self) -> int:
        return self.n - self.n_ok

    @property
    def n_passed(self) -> int:
        return sum(bool(r.passed) for r in self.results if r.status == "ok")

    @property
    def error_rate(self) -> float:
        return self.n_error / self.n if self.n else 0.0

    @property
    def spend_usd(self) -> float:
        """What this invocation paid: cached answers cost nothing again."""
        return sum(r.cost_usd for r in self.results if not r.cached)

    @property
    def cost_usd(self) -> float:
        """What producing every answer cost (cached or not)."""
        return sum(r.cost_usd for r in self.results)

    def by_id(self) -> dict[str, CaseResult]:
        return {r.case_id: r for r in self.results}

    def latency_quantiles(self, qs: Sequence[float] = (0.5, 0.95)) -> dict[float, float]:
        import numpy as np

        lat = np.array([r.latency_s for r in self.results if r.latency_s is not None], dtype=float)
        if lat.size == 0:
            raise ValueError("no latencies were recorded in this run")
        return {q: float(np.quantile(lat, q)) for q in qs}

    def pass_rate(self, *, confidence: float = 0.95):
        """Share of scored cases that passed, with a Wilson interval (errors excluded, and counted)."""
        from ..stats import wilson_interval

        if self.n_ok == 0:
            raise ValueError(f"run {self.model!r} has no scored cases ({self.n_error} errors)")
        return wilson_interval(self.n_passed, self.n_ok, confidence=confidence)

    def to_frame(self):
        import pandas as pd

        rows = []
        for r in self.results:
            row = {
                "case_id": r.case_id,
                "status": r.status,
                "passed": r.passed,
                "tags": ", ".join(r.tags),
                "latency_s": r.latency_s,
                "cost_usd": r.cost_usd,
                "cached": r.cached,
                "error": r.error,
                "response": r.response,
            }
            for name in self.scorers:
                s = r.scores.get(name)
                row[name] = s.value if s is not None else None
            rows.append(row)
        frame = pd.DataFrame(rows)
        frame["passed"] = frame["passed"].astype("boolean")
        return frame

    def __repr__(self) -> str:
        rate = f"{self.n_passed}/{self.n_ok} passed" if self.n_ok else "nothing scored"
        return (
            f"EvalRun({self.model!r}: {self.n} cases, {rate}, {self.n_error} errors; "
            f"this run: {self.calls} calls, {self.cache_hits} from cache, {self.resumed} resumed)"
        )


def load_run(path: str | Path) -> EvalRun:
    """Read a results log written by :func:`~aipm_kit.evals.runner.run_eval` (the last row per case wins).

    Parameters
    ----------
    path : str or pathlib.Path
        The JSONL results log. A missing file raises ``FileNotFoundError``; an empty one, a
        malformed row, rows of more than one model or a ``gate_on`` that is not a list of
        scorer names raise ``ValueError``, naming the file (and line).

    Returns
    -------
    EvalRun
        Every case's latest result; the scorers are those found in the rows, ``gate_on`` the
        one recorded (else every scorer), ``path`` the file; ``calls``, ``cache_hits`` and
        ``resumed`` are 0.

    Examples
    --------
    >>> import os, tempfile
    >>> from aipm_kit.evals import adapters, cases, scorers
    >>> from aipm_kit.evals.runner import run_eval
    >>> cs = cases.make_cases([{"id": "a", "input": "2+2?", "expected": "4"}])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "run.jsonl")
    ...     _ = run_eval(cs, adapters.from_function(lambda q: "4", name="calc"), [scorers.exact_match], results=path)
    ...     print(load_run(path))
    EvalRun('calc': 1 cases, 1/1 passed, 0 errors; this run: 0 calls, 0 from cache, 0 resumed)
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"results file {path} does not exist")
    rows = read_rows(path)
    if not rows:
        raise ValueError(f"results file {path} holds no results")
    latest: dict[str, CaseResult] = {}
    models: dict[str, int] = {}
    for lineno, row in rows:
        res = result_from_row(row, f"results file {path} line {lineno}")
        models.setdefault(row["model"], lineno)
        latest[res.case_id] = res
    if len(models) != 1:
        shown = ", ".join(f"{m!r} (from line {n})" for m, n in models.items())
        raise ValueError(f"results file {path} mixes models {shown}")
    results = tuple(latest.values())
    scorers = tuple(sorted({k for r in results for k in r.scores}))
    meta = next((r.get("gate_on") for _, r in rows if r.get("gate_on")), None)
    if meta is not None and not (isinstance(meta, list) and all(isinstance(g, str) for g in meta)):
        raise ValueError(f"results file {path}: 'gate_on' must be a list of scorer names, got {meta!r}")
    return EvalRun(next(iter(models)), results, scorers, tuple(meta or scorers), path=str(path))
