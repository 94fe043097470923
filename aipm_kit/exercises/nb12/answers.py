"""Whether an exercise's answer is the learner's own: accepted, or given at all, never the answer key's.

The notebook's closing cells read these to say whose call a decision was.
"""

from __future__ import annotations


def yours(exercise, answer) -> bool:
    """True when ``answer`` passes ``exercise``'s check and is the learner's own: an answer-key cell marks its
    answer by setting ``exercise.from_answer_key = True``, and such an answer never counts as the author's call."""
    return not getattr(exercise, "from_answer_key", False) and bool(exercise.check(answer).correct)


def answered(exercise, answer) -> bool:
    """True when the learner gave ``exercise`` an answer of their own, accepted or not (never the answer key's)."""
    return not getattr(exercise, "from_answer_key", False) and exercise.check(answer).correct is not None
