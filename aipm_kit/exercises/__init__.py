"""Exercises with ``check()``, ``hint()`` and ``solution()``, learntools style.

The checker lives here, not in the notebook. A notebook binds its exercises
from the module for that notebook (``aipm_kit.exercises.nb01`` and so on),
passing the data it computed, so every expected answer is computed from the
same run at check time and never typed in::

    from aipm_kit.exercises import ____, nb01
    q1, q2, q3 = nb01.bind(payments=payments, ...)

    answer = ____          # the learner replaces the blank
    q1.check(answer)       # right or wrong, and why
    q1.hint()
    q1.solution()

``____`` is the "not attempted" sentinel: checking it prints a nudge and
never raises, so a notebook with unanswered exercises still runs top to
bottom. No answer makes ``check()`` raise: one that cannot be checked (text
where a number is expected, a number too large for a float, an infinity,
an object a custom checker trips over) is "not yet", with the reason.

Problem types (factories in
:mod:`~aipm_kit.exercises.problem_types`): :func:`numeric` (a number within a
tolerance, with tailored feedback for the common wrong answers),
:func:`choice` (one option out of several), :func:`custom` (any checking
function) and :func:`thought` (a discussion question with a model answer and
no check).
"""

from __future__ import annotations

from .exercise import PRACTICES, Blank, CheckResult, Exercise, ____, is_blank

# _as_number is private, but nb01, nb02, nb06 and nb11-nb13 import it from here
from .problem_types import _as_number, choice, custom, numeric, thought  # noqa: F401

__all__ = [
    "____",
    "Blank",
    "CheckResult",
    "Exercise",
    "numeric",
    "choice",
    "custom",
    "thought",
    "is_blank",
    "PRACTICES",
]
