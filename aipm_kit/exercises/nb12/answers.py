"""Whether an exercise's answer is the learner's own: accepted, or given at all, never the answer key's.

The notebook's closing cells read these to say whose call a decision was.
"""

from __future__ import annotations


def yours(exercise, answer) -> bool:
    """True when ``answer`` passes ``exercise``'s check and is the learner's own.

    An answer-key cell marks its answer by setting ``exercise.from_answer_key = True``, and such an answer never
    counts as the author's call.

    Parameters
    ----------
    exercise : Exercise
        The exercise the answer was given to.
    answer : object
        The learner's answer, as passed to ``exercise.check``.

    Returns
    -------
    bool
        Whether the check accepts the answer and the exercise is not marked as answered from the key.

    Examples
    --------
    >>> from aipm_kit.exercises import ____, numeric
    >>> q = numeric("1 · Two and two", "Add them.", 4, hints=["Count."], solution="4")
    >>> yours(q, 4), yours(q, 5), yours(q, ____)
    (True, False, False)
    >>> q.from_answer_key = True
    >>> yours(q, 4)
    False
    """
    return not getattr(exercise, "from_answer_key", False) and bool(exercise.check(answer).correct)


def answered(exercise, answer) -> bool:
    """True when the learner gave ``exercise`` an answer of their own, accepted or not (never the answer key's).

    Parameters
    ----------
    exercise : Exercise
        The exercise the answer was given to.
    answer : object
        The learner's answer; the blank ``____`` is no answer.

    Returns
    -------
    bool
        Whether the check graded the answer (right or wrong) and the exercise is not marked
        ``from_answer_key``.

    Examples
    --------
    >>> from aipm_kit.exercises import ____, numeric
    >>> q = numeric("1 · Two and two", "Add them.", 4, hints=["Count."], solution="4")
    >>> answered(q, 5), answered(q, ____)
    (True, False)
    """
    return not getattr(exercise, "from_answer_key", False) and exercise.check(answer).correct is not None
