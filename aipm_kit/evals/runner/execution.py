"""The run itself, :func:`run_eval`: every case through the model and the scorers, from a thread pool, with the
cache, the resumable results log, retries and a clean stop on Ctrl-C."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed, wait
from pathlib import Path

from ..adapters import Response, model_name
from ..cases import Case, CaseSet, make_cases
from ..results_log import (
    CaseResult,
    ResponseCache,
    cache_key,
    case_key,
    resumable,
    source_key,
    truncate_torn_tail,
)
from ..scorers import Score
from .calls import EvalInterrupted, _call_with_timeout, _Stopped
from .eval_run import EvalRun


def _scorer_name(fn: Callable) -> str:
    return str(getattr(fn, "__name__", None) or getattr(getattr(fn, "func", None), "__name__", type(fn).__name__))


def _failed(case: Case, resp: Response, text, cached: bool, error: str, attempts: int) -> CaseResult:
    """The ``"error"`` result of ``case`` once a response is in hand (called or cached): kept, never scored."""
    return CaseResult(
        case.id, "error", text, {}, None, resp.latency_s, resp.cost_usd, cached, error, max(attempts, 1), case.tags
    )


def run_eval(
    cases: CaseSet | Iterable[Case] | Iterable[Mapping],
    model: Callable,
    scorers: Mapping[str, Callable] | Sequence[Callable],
    *,
    gate_on: Sequence[str] | None = None,
    results: str | Path | None = None,
    cache: str | Path | None = None,
    workers: int = 4,
    timeout: float | None = 30.0,
    retries: int = 1,
    backoff: float = 0.2,
    retry_errors: bool = False,
    progress: bool = False,
    durable: bool = False,
    fresh: bool = False,
) -> EvalRun:
    """Run ``model`` on every case, score each answer, and return an :class:`EvalRun`.

    Each answer is looked up in the response cache first; otherwise the model is called
    (from a thread pool, with a per-call timeout and retries). A call that fails after its
    retries, a response that reports an error or is not text, and a scorer that fails all
    give the case the status ``"error"`` with the reason: never scored. ``passed`` is True
    when every scorer named in ``gate_on`` passed.

    On Ctrl-C (``KeyboardInterrupt``, in this thread or raised by the model) no new
    call starts and queued cases are cancelled; calls already in flight finish (they
    are paid for; at most ``workers``, each bounded by ``timeout``; a second Ctrl-C
    stops waiting for them), every answer that came back is written, and
    :class:`EvalInterrupted` (a ``KeyboardInterrupt``) is raised with the partial run.

    Parameters
    ----------
    cases : CaseSet or iterable of Case or of dict
        The cases; dicts are read as by :func:`~aipm_kit.evals.cases.make_cases`. Ids must
        be unique.
    model : callable
        ``model(input_text)`` (or ``model(case)`` when ``model.wants_case``) returning a
        :class:`~aipm_kit.evals.adapters.Response` or a string.
    scorers : dict of name to scorer, or list of scorers
        At least one. Each is called as ``scorer(response, case.expected)`` (a scorer with
        ``needs_case = True`` as ``scorer(response, case)``) and must return a
        :class:`~aipm_kit.evals.scorers.Score`. A list names each by its ``__name__``.
    gate_on : sequence of str, optional
        Names of the scorers that decide ``passed`` (default: all of them); an unknown name
        is refused.
    results : str or pathlib.Path, optional
        Path of the JSONL results log (its folder is made if missing). When it exists,
        finished cases are kept and only the rest run (resume). A log written from another
        response source, or whose cases have changed since (input, expected, tags,
        metadata), is refused with a ``ValueError``.
    cache : str or pathlib.Path, optional
        Folder of the content-addressed response cache (None: no cache).
    workers : int, default 4
        Threads calling the model at once, a positive whole number.
    timeout : float or None, default 30.0
        Seconds a call may take (None: no limit). A call past it is abandoned and
        recorded as an error; its thread is left to finish in the background, so give
        network adapters their own, shorter timeout too.
    retries : int, default 1
        Extra attempts after a call raises, a whole number >= 0.
    backoff : float, default 0.2
        Seconds before the first retry, doubling each time.
    retry_errors : bool, default False
        On resume, run again the cases that ended in an error.
    progress : bool, default False
        Show a progress bar (tqdm).
    durable : bool, default False
        Also ``fsync`` each results line (survives a power cut, not just a killed
        process; slower).
    fresh : bool, default False
        Start the results log over, discarding its rows, instead of resuming.

    Returns
    -------
    EvalRun
        One result per case in the cases' order, with this invocation's calls, cache hits
        and resumed cases.

    Examples
    --------
    >>> from aipm_kit.evals import cases, adapters, scorers
    >>> cs = cases.make_cases([{"id": "a", "input": "2+2?", "expected": "4"}])
    >>> run = run_eval(cs, adapters.from_function(lambda q: "4"), {"exact": scorers.exact_match})
    >>> run.n_passed
    1
    >>> run.results[0].scores["exact"]
    Score(1, pass: matches '4' after normalisation)
    """
    from ..._checks import check_positive_int

    if not isinstance(cases, CaseSet):
        items = list(cases)
        cases = CaseSet(tuple(items)) if items and all(isinstance(c, Case) for c in items) else make_cases(items)
    if len(set(cases.ids)) != len(cases):
        raise ValueError("cases: ids must be unique")
    if not callable(model):
        raise TypeError(f"model must be callable, got {type(model).__name__}")
    if isinstance(scorers, Mapping):
        named = dict(scorers)
    else:
        named = {_scorer_name(s): s for s in scorers}
    if not named:
        raise ValueError("scorers is empty: give at least one scorer")
    for k, s in named.items():
        if not callable(s):
            raise TypeError(f"scorer {k!r} is not callable")
    gate_on = tuple(gate_on) if gate_on is not None else tuple(named)
    unknown = [g for g in gate_on if g not in named]
    if unknown:
        raise ValueError(f"gate_on names unknown scorer(s) {unknown}; scorers are {list(named)}")
    workers = check_positive_int(workers, "workers")
    retries = check_positive_int(retries, "retries", minimum=0)
    if timeout is not None and timeout <= 0:
        raise ValueError(f"timeout must be > 0 seconds or None, got {timeout}")
    name = model_name(model)

    # ---- resume
    path = Path(results) if results is not None else None
    done: dict[str, CaseResult] = {}
    if path is not None and path.exists() and not fresh:
        done = resumable(path, cases, model, name, named)
        truncate_torn_tail(path)
        if retry_errors:
            done = {k: v for k, v in done.items() if v.status == "ok"}
    todo = [c for c in cases if c.id not in done]
    source = source_key(model)

    store = ResponseCache(cache)
    counters = {"calls": 0, "hits": 0}
    lock = threading.Lock()
    stop = threading.Event()  # set on Ctrl-C: no call starts after it

    def evaluate(case: Case) -> CaseResult:
        key = cache_key(model, case)
        hit = store.get(key)
        attempts = 0
        if hit is not None:
            with lock:
                counters["hits"] += 1
            resp = Response(hit["text"], hit.get("latency_s"), float(hit.get("cost_usd") or 0.0))
            cached = True
        else:
            cached = False
            arg = case if getattr(model, "wants_case", False) else case.input
            resp, last_exc = None, None
            for attempt in range(retries + 1):
                if stop.is_set():
                    raise _Stopped
                attempts += 1
                with lock:
                    counters["calls"] += 1
                t0 = time.perf_counter()
                try:
                    out = _call_with_timeout(model, arg, timeout, stop.set)
                except Exception as exc:  # noqa: BLE001 - any failure becomes an error status
                    last_exc = exc
                    if attempt < retries:
                        stop.wait(backoff * 2**attempt)
                    continue
                except BaseException:  # Ctrl-C (or exit) inside the model: stop every worker
                    stop.set()
                    raise
                wall = time.perf_counter() - t0
                resp = out if isinstance(out, Response) else Response(out, None, 0.0)
                if resp.latency_s is None:
                    resp = Response(resp.text, wall, resp.cost_usd, resp.status, resp.error)
                break
            if resp is None:
                msg = f"{type(last_exc).__name__}: {last_exc}" if str(last_exc) else type(last_exc).__name__
                return CaseResult(
                    case.id,
                    "error",
                    None,
                    {},
                    None,
                    None,
                    0.0,
                    False,
                    f"{msg} (after {attempts} attempt(s))",
                    attempts,
                    case.tags,
                )
        if resp.status != "ok":
            return _failed(case, resp, resp.text, cached, resp.error or "the model reported an error", attempts)
        if not isinstance(resp.text, str):
            return _failed(
                case, resp, None, cached, f"response is not a string (got {type(resp.text).__name__})", attempts
            )
        scores = {}
        for sname, fn in named.items():
            try:
                target = case if getattr(fn, "needs_case", False) else case.expected
                s = fn(resp.text, target)
                if not isinstance(s, Score):
                    raise TypeError(f"returned {type(s).__name__}, not a Score")
            except Exception as exc:  # noqa: BLE001
                return _failed(
                    case, resp, resp.text, cached, f"scorer {sname!r} failed: {type(exc).__name__}: {exc}", attempts
                )
            scores[sname] = s
        if not cached:
            store.put(key, {"text": resp.text, "latency_s": resp.latency_s, "cost_usd": resp.cost_usd, "model": name})
        passed = all(scores[g].passed for g in gate_on)
        return CaseResult(
            case.id,
            "ok",
            resp.text,
            scores,
            passed,
            resp.latency_s,
            resp.cost_usd,
            cached,
            "",
            max(attempts, 1),
            case.tags,
        )

    new: dict[str, CaseResult] = {}
    keys = {c.id: case_key(c) for c in todo}
    fh = None
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(path, "w" if fresh else "a", encoding="utf-8")
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(todo), desc=f"eval {name}", leave=False)

    def record(res: CaseResult) -> None:
        new[res.case_id] = res
        if fh is not None:
            row = res.to_dict(name)
            row.update(gate_on=list(gate_on), case_key=keys[res.case_id], source=source)
            fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            fh.flush()  # a killed process loses nothing already written
            if durable:
                os.fsync(fh.fileno())  # survive a power cut too (slower)
        if bar is not None:
            bar.update(1)

    pool = ThreadPoolExecutor(max_workers=workers)
    interrupted = False
    try:
        futures = [pool.submit(evaluate, c) for c in todo]
        try:
            for fut in as_completed(futures):
                try:
                    res = fut.result()
                except _Stopped:  # another worker saw the model raise KeyboardInterrupt first
                    raise KeyboardInterrupt from None
                record(res)
        except KeyboardInterrupt:
            interrupted = True
            stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            try:  # calls already in flight finish (each within its timeout); a second Ctrl-C stops waiting
                wait([f for f in futures if not f.cancelled()])
            except KeyboardInterrupt:
                pass
            for fut in futures:
                if fut.done() and not fut.cancelled() and fut.exception() is None and fut.result().case_id not in new:
                    record(fut.result())
        except BaseException:  # a bug: start nothing more, let it surface
            stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    finally:
        pool.shutdown(wait=not interrupted, cancel_futures=interrupted)
        if fh is not None:
            fh.close()
        if bar is not None:
            bar.close()

    def as_run(results_in_order: tuple[CaseResult, ...]) -> EvalRun:
        path_text = str(path) if path else None
        return EvalRun(
            name, results_in_order, tuple(named), gate_on, counters["calls"], counters["hits"], len(done), path_text
        )

    if interrupted:
        partial = tuple(new[c.id] if c.id in new else done[c.id] for c in cases if c.id in new or c.id in done)
        run = as_run(partial)
        remaining = len(cases) - len(partial)
        if path is not None:
            msg = (
                f"interrupted: {len(new)} answer(s) written to {path} this time, {len(partial)} of {len(cases)} "
                f"cases done; run the same command again to resume the remaining {remaining}"
            )
        else:
            msg = (
                f"interrupted: no results file was given, so the {len(new)} answer(s) that came back were not "
                f"saved (they are in this exception's .run); {remaining} case(s) not run"
            )
        raise EvalInterrupted(
            msg, run=run, path=str(path) if path else None, written=len(new) if path else 0, remaining=remaining
        )
    ordered = tuple(new[c.id] if c.id in new else done[c.id] for c in cases)
    return as_run(ordered)
