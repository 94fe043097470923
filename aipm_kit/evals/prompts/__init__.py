"""Prompt versions as first-class versions: an id, the text, and a hash of that text.

A prompt change is a release like any other: the answers it produces are compared with the
incumbent's **on the same cases**. This module

* names a prompt version (:class:`PromptVersion`, made with :func:`prompt_version`): its ``hash``
  is the SHA-256 of its text, so two runs that claim the same prompt but used different words
  cannot be mixed up;
* turns answers recorded under a prompt into a model the runner can score
  (:class:`PromptAnswers`): each answer row names the prompt id and hash that produced it, a row
  whose hash does not match the prompt's text is refused, and the run's model name carries the
  hash (``"prompt-A@3f2c9a1b0d4e"``), so the results log records which prompt produced each answer;
* scores two things a support answer must get right, against the knowledge base:
  :func:`unsupported_claims` / :func:`no_invented_policy` (a number of days, a fee, a price, a
  percentage stated in the answer that appears in no article) and :func:`citation_supported`
  (the article the answer cites contains the answer's key claim);
* validates a scorer against hand labels before it decides (:func:`validate_scorer`: Cohen's
  kappa with a bootstrap interval, precision and recall of its flags with Wilson intervals);
* compares two prompt versions pair by pair on each scorer (:func:`compare_prompts`).

What the claim check sees: only claims written with a digit or a number word followed by a
unit (``"30 days"``, ``"$5.95"``, ``"15%"``, ``"three months"``). An invented policy with no
number in it (``"we also accept cryptocurrency"``) passes unseen, and a number that is true
of *another* article (``"10%"``) counts as supported. The hand labels measure how often.
"""

from __future__ import annotations

# The code lives in sub-modules, one idea each; every name is re-exported here, so
# ``from aipm_kit.evals.prompts import compare_prompts`` and ``prompts.compare_prompts`` work as before:
#   versions    content_hash, PromptVersion, prompt_version and PromptAnswers
#   claims      the knowledge-base scorers (numeric_claims, unsupported_claims, no_invented_policy,
#               cited_article, citation_supported)
#   validation  a scorer against hand labels (ScorerValidation, validate_scorer)
#   shipped     the shipped prompt set (PromptSet, load_prompt_set)
#   comparison  two prompt versions compared on each scorer (compare_prompts)
# Sub-modules import each other in that order (each only from those above it), never from here.
from .claims import citation_supported, cited_article, no_invented_policy, numeric_claims, unsupported_claims
from .comparison import compare_prompts
from .shipped import PromptSet, load_prompt_set
from .validation import ScorerValidation, validate_scorer
from .versions import PromptAnswers, PromptVersion, content_hash, prompt_version

__all__ = [
    "PromptVersion",
    "prompt_version",
    "content_hash",
    "PromptAnswers",
    "numeric_claims",
    "unsupported_claims",
    "no_invented_policy",
    "cited_article",
    "citation_supported",
    "ScorerValidation",
    "validate_scorer",
    "compare_prompts",
    "load_prompt_set",
    "PromptSet",
]
