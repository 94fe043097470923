"""Two prompt versions compared pair by pair, on the same cases, one scorer at a time.

:func:`compare_prompts` runs both answer sets through the runner once per scorer and compares the
two runs with Newcombe's paired interval.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .versions import PromptAnswers


def compare_prompts(
    cases, baseline: PromptAnswers, candidate: PromptAnswers, scorers: Mapping[str, Any], *, confidence: float = 0.95
):
    """Each scorer's paired comparison of two prompt versions on the same cases.

    Runs both answer sets through :func:`~aipm_kit.evals.runner.run_eval` once per scorer (that
    scorer alone decides pass), then :func:`~aipm_kit.evals.stats.compare_runs` with Newcombe's
    paired interval. Returns ``{scorer name: Comparison}``; differences are candidate minus
    baseline in pass rate (positive: the candidate is better).
    """
    from ..runner import run_eval
    from ..stats import compare_runs

    if not isinstance(scorers, Mapping) or not scorers:
        raise ValueError("scorers must be a non-empty dict of name -> scorer")
    for name, model in (("baseline", baseline), ("candidate", candidate)):
        if not isinstance(model, PromptAnswers):
            raise TypeError(f"{name} must be PromptAnswers, got {type(model).__name__}")
    out = {}
    for name, fn in scorers.items():
        runs = [run_eval(cases, m, {name: fn}, workers=1, timeout=None) for m in (baseline, candidate)]
        out[name] = compare_runs(*runs, interval="newcombe", confidence=confidence)
    return out
