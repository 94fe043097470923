"""The problem types an exercise is built as: a number, a choice, any check, or a discussion question.

Each factory builds an :class:`~aipm_kit.exercises.exercise.Exercise` with the checker of its type:
:func:`numeric` (a number within a tolerance, with feedback for the common wrong answers), :func:`choice`
(one option out of several), :func:`custom` (any checking function) and :func:`thought` (no check, a model
answer). ``_as_number`` reads a typed answer as a finite number for every checker that needs one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .exercise import Exercise


def _as_number(answer: Any) -> float:
    if isinstance(answer, bool):
        raise TypeError("expected a number, got a True/False value")
    if isinstance(answer, (bytes, bytearray, complex)):
        raise TypeError(f"expected a real number, got {type(answer).__name__} {answer!r}")
    try:
        value = float(answer)
    except OverflowError:
        raise ValueError("the number is too large to compare (beyond the range of a float); check its size") from None
    except (TypeError, ValueError):
        raise TypeError(f"expected a number, got {type(answer).__name__} {answer!r}") from None
    if math.isnan(value):
        raise ValueError("the answer is NaN")
    if math.isinf(value):
        raise ValueError("the answer is infinite; expected a finite number")
    return value


def numeric(
    name: str,
    prompt: str,
    expected: Callable[[], float] | float,
    *,
    hints: Iterable[str],
    solution: str | Callable[[], str],
    rtol: float = 0.0,
    atol: float = 1e-6,
    wrong_answers: Iterable[tuple[Callable[[], float] | float, str]] = (),
    fmt: str = "{:.4g}",
    practice: str = "reading",
) -> Exercise:
    """A number within ``atol + rtol * |expected|`` of the expected value.

    ``expected`` may be a zero-argument function, evaluated at check time
    from the notebook's own data. ``wrong_answers`` pairs a common wrong
    value (or a function computing it) with the feedback it deserves; those
    are matched with the same tolerance before the generic "not yet".

    Parameters
    ----------
    name : str
        ``"N · Title"``.
    prompt : str
        The question, in markdown.
    expected : float or callable
        The right value, or a zero-argument function returning it.
    hints : iterable of str
        At least one hint, gentlest first.
    solution : str or callable
        The model answer, or a zero-argument function computing it.
    rtol : float, optional
        Relative tolerance, a share of ``|expected|``. Default 0.
    atol : float, optional
        Absolute tolerance, in the answer's units. Default 1e-6.
    wrong_answers : iterable of (value or callable, str), optional
        Common wrong values and the feedback each deserves. Default: none.
    fmt : str, optional
        How the learner's number is written back in the feedback. Default ``"{:.4g}"``.
    practice : str, optional
        A key of :data:`PRACTICES`. Default ``"reading"``.

    Returns
    -------
    Exercise
        Its check refuses True/False, text, NaN and infinities with the reason (as "not yet"), says right
        within the tolerance, gives the matching feedback for a listed wrong value, and otherwise says
        whether the number is too high or too low.

    Examples
    --------
    >>> q = numeric("1 · Sum", "What is 1 + 2?", 3, hints=["Add them."], solution="3.",
    ...             wrong_answers=[(12, "That joins the digits.")])
    >>> q.check(3)
    [1 · Sum] Correct: 3 is right.
    >>> q.check(12)
    [1 · Sum] Not yet: That joins the digits.
    >>> q.check(4)
    [1 · Sum] Not yet: 4 is too high. Check your working, or ask for `hint()`.
    >>> q.check("three")
    [1 · Sum] Not yet: That answer could not be checked: expected a number, got str 'three'
    """

    def close(a: float, b: float) -> bool:
        return abs(a - b) <= atol + rtol * abs(b)

    def checker(answer):
        value = _as_number(answer)
        target = float(expected() if callable(expected) else expected)
        if close(value, target):
            return True, f"{fmt.format(value)} is right."
        for wrong, feedback in wrong_answers:
            w = float(wrong() if callable(wrong) else wrong)
            if close(value, w):
                return False, feedback
        direction = "high" if value > target else "low"
        return False, f"{fmt.format(value)} is too {direction}. Check your working, or ask for `hint()`."

    return Exercise(name, prompt, checker=checker, hints=hints, solution=solution, practice=practice)


def choice(
    name: str,
    prompt: str,
    options: Mapping[str, str],
    correct: str | Iterable[str],
    *,
    hints: Iterable[str],
    solution: str | Callable[[], str],
    feedback: Mapping[str, str] | None = None,
    practice: str = "reading",
) -> Exercise:
    """Pick one key of ``options``; ``correct`` is the right key, or the set of every defensible one.
    ``feedback`` explains each pick (a wrong pick without feedback gets a generic nudge).

    Parameters
    ----------
    name : str
        ``"N · Title"``.
    prompt : str
        The question, in markdown; the options are listed under it.
    options : mapping of str to str
        Each option's key and text.
    correct : str or iterable of str
        The right key, or every defensible key; each must be a key of ``options``, or ValueError.
    hints : iterable of str
        At least one hint, gentlest first.
    solution : str or callable
        The model answer, or a zero-argument function computing it.
    feedback : mapping of str to str, optional
        The message for each key picked, right or wrong. Default: a generic message.
    practice : str, optional
        A key of :data:`PRACTICES`. Default ``"reading"``.

    Returns
    -------
    Exercise
        Its check reads the answer as a key (surrounding spaces and quotes dropped) and refuses one that is
        not among the options.

    Examples
    --------
    >>> q = choice("2 · Pick", "Which is a prime?", {"a": "4", "b": "7"}, "b", hints=["Divisors."],
    ...            solution="`b`: 7.", feedback={"a": "4 is 2 x 2."})
    >>> q.check("b")
    [2 · Pick] Correct: `b` (7) is right.
    >>> q.check("a")
    [2 · Pick] Not yet: 4 is 2 x 2.
    >>> q.check("z")
    [2 · Pick] Not yet: That answer could not be checked: answer with one of ['a', 'b']
    """
    accepted = {correct} if isinstance(correct, str) else set(correct)
    unknown = sorted(accepted - set(options))
    if unknown or not accepted:
        raise ValueError(f"correct={correct!r} must name one or more of the options {list(options)}")
    feedback = dict(feedback or {})

    def checker(answer):
        key = str(answer).strip().strip("'\"")
        if key not in options:
            raise ValueError(f"answer with one of {list(options)}")
        if key in accepted:
            return True, feedback.get(key, f"`{key}` ({options[key]}) is right.")
        return False, feedback.get(key, f"`{key}` is not the best choice. Look again at the evidence.")

    return Exercise(name, prompt, checker=checker, hints=hints, solution=solution, options=options, practice=practice)


def custom(
    name: str,
    prompt: str,
    checker: Callable[[Any], tuple[bool, str]],
    *,
    hints: Iterable[str],
    solution: str | Callable[[], str],
    practice: str = "reading",
) -> Exercise:
    """Any check: ``checker(answer)`` returns ``(correct, message)``.

    Parameters
    ----------
    name : str
        ``"N · Title"``.
    prompt : str
        The question, in markdown.
    checker : callable
        ``checker(answer)`` returns ``(correct, message)``; an exception it raises becomes a "not yet"
        that quotes it.
    hints : iterable of str
        At least one hint, gentlest first.
    solution : str or callable
        The model answer, or a zero-argument function computing it.
    practice : str, optional
        A key of :data:`PRACTICES`. Default ``"reading"``.

    Returns
    -------
    Exercise
        The exercise that checks with ``checker``.

    Examples
    --------
    >>> q = custom("3 · Even", "Give an even number.", lambda a: (a % 2 == 0, f"{a} is {'even' if a % 2 == 0 else 'odd'}."),
    ...            hints=["Divide by 2."], solution="Any of 0, 2, 4 ...")
    >>> q.check(4)
    [3 · Even] Correct: 4 is even.
    >>> q.check(5)
    [3 · Even] Not yet: 5 is odd.
    """
    return Exercise(name, prompt, checker=checker, hints=hints, solution=solution, practice=practice)


def thought(name: str, prompt: str, *, hints: Iterable[str], solution: str | Callable[[], str]) -> Exercise:
    """A discussion question: no automatic check, a model answer in ``solution()``.

    Parameters
    ----------
    name : str
        ``"N · Title"``.
    prompt : str
        The question, in markdown.
    hints : iterable of str
        At least one hint, gentlest first.
    solution : str or callable
        The model answer, or a zero-argument function computing it.

    Returns
    -------
    Exercise
        An exercise of practice ``"discussion"`` whose check always answers "not attempted" and points to
        the solution.

    Examples
    --------
    >>> q = thought("4 · Why", "Why monitor after launch?", hints=["What changes after launch?"],
    ...             solution="Because the data moves.")
    >>> q.practice
    'discussion'
    >>> q.check("because it drifts").correct is None
    True
    >>> q.solution()
    Solution to 4 · Why: Because the data moves.
    """
    return Exercise(name, prompt, checker=None, hints=hints, solution=solution)
