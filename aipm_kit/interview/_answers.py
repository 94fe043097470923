"""A learner's list of flag names, read the one way every flag checker of the interview package reads it.

The checkers of red flags in a model report and of green and red flags in a job posting take the same kind of
answer: a list of names, or one string of names split on commas or semicolons. This module turns it into a set
and refuses a name outside the checker's vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def _flag_set(answer, names: Mapping, noun: str) -> set:
    """``answer`` as a set of names from ``names``; ``noun`` ("flag", "red flag") words the errors."""
    if isinstance(answer, str):
        answer = [a for a in answer.replace(";", ",").split(",") if a.strip()]
    if not isinstance(answer, Iterable):
        raise TypeError(f"answer must be a list of {noun.replace(' ', '-')} names from {list(names)}")
    got = {str(a).strip() for a in answer}
    unknown = sorted(got - set(names))
    if unknown:
        raise ValueError(f"unknown {noun}(s) {unknown}; use names from {list(names)}")
    return got
