"""Run a model over cases and score every answer: cached, resumable, concurrent, honest about errors.

:func:`run_eval` is the one verb. It

* looks each call up in a **content-addressed cache** (a hash of the adapter, the
  model's name and parameters and the input), so re-running an evaluation costs
  nothing; cached answers are scored again against the current ``expected``;
* appends one JSON line per finished case to ``results`` as it goes, so after a
  crash the same call **resumes by case id**: finished cases are kept, nothing is
  scored twice, nothing is lost (a half-written last line is dropped and redone).
  Each line carries a hash of its case (id, input, expected, tags, metadata) and of
  the response source (adapter, model, parameters such as the recording or the
  endpoint): a log whose cases or source changed is refused, never resumed from
  stale rows (``fresh=True`` starts it over);
* calls the model from a **thread pool** with a per-call timeout and retries with
  backoff; **Ctrl-C** stops it cleanly: no new call starts, the answers already
  paid for are written, and :class:`EvalInterrupted` says how to resume;
* gives a failed call the status ``"error"`` with its reason: an error is never
  scored as 0 or NaN, and statistics count it separately;
* records latency and cost per call.
"""

from __future__ import annotations

from ..results_log import CaseResult, cache_key, case_key, source_key
from .calls import CallTimeout, EvalInterrupted
from .eval_run import EvalRun, load_run
from .execution import run_eval

__all__ = [
    "CaseResult",
    "EvalRun",
    "run_eval",
    "load_run",
    "cache_key",
    "case_key",
    "source_key",
    "CallTimeout",
    "EvalInterrupted",
]
