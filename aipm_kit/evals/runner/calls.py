"""One model call under the runner's control: a per-call timeout, and how an interrupt (Ctrl-C) stops the calls
and hands back the partial run."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .eval_run import EvalRun


class CallTimeout(TimeoutError):
    """The model did not answer within the runner's per-call timeout.

    :func:`~aipm_kit.evals.runner.run_eval` records it as the case's error (after the
    retries), never as a score; the abandoned call's thread is left to finish in the
    background.

    Examples
    --------
    >>> import time
    >>> from aipm_kit.evals import adapters, cases, scorers
    >>> from aipm_kit.evals.runner import run_eval
    >>> slow = adapters.from_function(lambda q: time.sleep(0.3) or "4", name="slow")
    >>> run = run_eval(cases.make_cases([{"id": "a", "input": "2+2?", "expected": "4"}]), slow,
    ...                [scorers.exact_match], timeout=0.05, retries=0)
    >>> run.results[0].error
    'CallTimeout: no answer within 0.05 s (after 1 attempt(s))'
    """


class EvalInterrupted(KeyboardInterrupt):
    """The run was interrupted (Ctrl-C). No new call was started after it; every answer that came
    back is in ``run`` and, with a results file, written there: the same call resumes.

    It is a ``KeyboardInterrupt``, so code that does not catch it stops as on any Ctrl-C.

    Parameters
    ----------
    message : str
        What happened and how to resume; ``str()`` of the exception.
    run : EvalRun
        The partial run: the cases finished so far (this time and resumed).
    path : str or None
        The results file, or None when none was given (then nothing was saved).
    written : int
        Rows written to the results file by this invocation (0 without a file).
    remaining : int
        Cases still to run.

    Examples
    --------
    >>> from aipm_kit.evals import adapters, cases, scorers
    >>> from aipm_kit.evals.runner import run_eval
    >>> def impatient(question):
    ...     if question == "stop":
    ...         raise KeyboardInterrupt  # as Ctrl-C during a call
    ...     return "4"
    >>> cs = cases.make_cases([{"id": "a", "input": "2+2?", "expected": "4"}, {"id": "b", "input": "stop", "expected": "x"}])
    >>> try:
    ...     run_eval(cs, adapters.from_function(impatient, name="calc"), [scorers.exact_match], workers=1, timeout=None)
    ... except EvalInterrupted as stop:
    ...     print(stop)
    ...     print(stop.run.n, stop.remaining, isinstance(stop, KeyboardInterrupt))
    interrupted: no results file was given, so the 1 answer(s) that came back were not saved (they are in this exception's .run); 1 case(s) not run
    1 1 True
    """

    def __init__(self, message: str, *, run: EvalRun, path: str | None, written: int, remaining: int):
        super().__init__(message)
        self.run, self.path, self.written, self.remaining = run, path, written, remaining

    def __str__(self) -> str:
        return str(self.args[0])


class _Stopped(Exception):
    """Raised in a worker that would start a call after an interrupt."""


def _call_with_timeout(fn: Callable, arg: Any, timeout: float | None, on_interrupt: Callable[[], Any] = lambda: None):
    """``fn(arg)``, abandoned after ``timeout`` seconds; ``on_interrupt`` runs at once if it raises
    ``KeyboardInterrupt`` (or another non-``Exception``), so other workers stop starting calls."""
    if timeout is None:
        try:
            return fn(arg)
        except BaseException as exc:
            if not isinstance(exc, Exception):
                on_interrupt()
            raise
    box: dict[str, Any] = {}

    def target():
        try:
            box["value"] = fn(arg)
        except BaseException as exc:  # handed to the caller below
            if not isinstance(exc, Exception):
                on_interrupt()
            box["error"] = exc

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise CallTimeout(f"no answer within {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]
