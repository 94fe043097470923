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

    Parameters
    ----------
    cases : CaseSet or iterable of Case or dict
        The cases both versions answered, as :func:`~aipm_kit.evals.runner.run_eval` takes them.
    baseline : PromptAnswers
        The incumbent version's answers; anything else raises ``TypeError``.
    candidate : PromptAnswers
        The new version's answers; anything else raises ``TypeError``.
    scorers : Mapping of str to callable
        The scorers by name, each deciding pass on its own; an empty or non-dict value raises
        ``ValueError``.
    confidence : float, default 0.95
        The confidence level of each paired interval.

    Returns
    -------
    dict of str to Comparison
        One :class:`~aipm_kit.evals.stats.Comparison` per scorer, in the order given: the paired
        difference in pass rate with its interval, the wins and losses, and McNemar's exact test.

    Examples
    --------
    >>> from aipm_kit.evals.cases import make_cases
    >>> from aipm_kit.evals.prompts import no_invented_policy, prompt_version
    >>> cases = make_cases([{"id": f"r{i}", "input": "Return window?", "expected": "30 days"} for i in range(6)])
    >>> def answers(prompt, texts):
    ...     rows = [{"id": f"r{i}", "prompt_id": prompt.id, "prompt_hash": prompt.hash, "response": text}
    ...             for i, text in enumerate(texts)]
    ...     return PromptAnswers(prompt, rows)
    >>> a = answers(prompt_version("A", "Answer from the article."), ["Within 30 days."] * 6)
    >>> b = answers(prompt_version("B", "Answer warmly."), ["Within 30 days."] * 3 + ["Within 60 days!"] * 3)
    >>> kb = [{"id": "return-window", "text": "Return items within 30 days of delivery."}]
    >>> c = compare_prompts(cases, a, b, {"no_invented_policy": no_invented_policy(kb)})["no_invented_policy"]
    >>> c.n_pairs, c.mcnemar_b, c.mcnemar_c, c.difference.estimate
    (6, 3, 0, -0.5)
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
