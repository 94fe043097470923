"""Judges: a rubric applied by a model, repeated to expose flakiness, validated against humans.

A judge is any callable ``judge(question=, response=, reference=, rubric=, attempt=) -> Verdict``.
Two ship with the kit:

* :class:`ChatJudge` wraps any chat model (an :class:`~aipm_kit.evals.adapters.OpenAIChat`
  or a plain function) and asks it to apply a rubric, answering ``PASS`` or ``FAIL``;
* :class:`RubricJudge` is a deterministic, offline stand-in for an LLM judge: it checks
  the same rubric with simple text rules (states the key fact, grounded in the
  knowledge base, not a refusal) and, like a sampled LLM, is sometimes inconsistent
  (seeded), more so on borderline answers.

:func:`judge_repeatedly` asks the judge ``k`` times per answer; the share of
answers whose votes disagree is the judge's **flakiness**. :func:`agreement`
compares any pass/fail labels with human labels as Cohen's kappa: validate a
cheap judge before trusting it.
"""

from __future__ import annotations

from ...labels import cohen_kappa  # the kit's one Cohen's kappa, re-exported here
from .chat import ChatJudge
from .kappa import Agreement, agreement, kappa_difference_interval, kappa_interval
from .repeat import JudgeVotes, as_scorer, judge_repeatedly
from .rubric import DEFAULT_RUBRIC, RubricJudge, Verdict

__all__ = [
    "DEFAULT_RUBRIC",
    "Verdict",
    "RubricJudge",
    "ChatJudge",
    "JudgeVotes",
    "judge_repeatedly",
    "as_scorer",
    "cohen_kappa",
    "kappa_interval",
    "kappa_difference_interval",
    "Agreement",
    "agreement",
]
