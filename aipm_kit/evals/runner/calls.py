"""One model call under the runner's control: a per-call timeout, and how an interrupt (Ctrl-C) stops the calls
and hands back the partial run."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .eval_run import EvalRun


class CallTimeout(TimeoutError):
    """The model did not answer within the runner's per-call timeout."""


class EvalInterrupted(KeyboardInterrupt):
    """The run was interrupted (Ctrl-C). No new call was started after it; every answer that came
    back is in ``run`` and, with a results file, written there: the same call resumes.

    ``written``: rows written by this invocation; ``remaining``: cases still to run.
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
