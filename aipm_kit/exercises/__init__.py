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

Problem types (factories below): :func:`numeric` (a number within a
tolerance, with tailored feedback for the common wrong answers),
:func:`choice` (one option out of several), :func:`custom` (any checking
function) and :func:`thought` (a discussion question with a model answer and
no check).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..story import escape_dollars

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

#: What an exercise asks the learner to do, shown as a label above its prompt. A notebook has at
#: least two ``"decision"`` exercises (change a parameter, rule or threshold, re-run the evidence,
#: take the call again) and one ``"by-hand"`` computation compared with the kit.
PRACTICES = {
    "decision": "Decision: weigh the evidence, make the call and defend it",
    "by-hand": "By hand: compute it yourself, then compare with the kit",
    "reading": "Reading the evidence",
    "discussion": "Discussion: no automatic check",
}


class Blank:
    """The "not attempted yet" placeholder. There is one instance: ``____``.

    Building it again returns that same instance; it shows as ``____`` and is false, so a notebook
    cell that still holds it reads as unanswered (see :func:`is_blank`). It takes no parameters.

    Examples
    --------
    >>> Blank() is ____
    True
    >>> ____, bool(____)
    (____, False)
    """

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    def __bool__(self) -> bool:
        return False


____ = Blank()


def is_blank(value: Any) -> bool:
    """Whether an answer is still the blank ``____``, alone or inside a container.

    Parameters
    ----------
    value : object
        The learner's answer.

    Returns
    -------
    bool
        True for ``____`` itself, for a list, tuple or set holding it among its items, and for a dict holding
        it among its values (one level deep); False for anything else.

    Examples
    --------
    >>> is_blank(____), is_blank([1, ____]), is_blank({"a": 1}), is_blank(0)
    (True, True, False, False)
    """
    if isinstance(value, Blank):
        return True
    if isinstance(value, (list, tuple, set)):
        return any(isinstance(v, Blank) for v in value)
    if isinstance(value, dict):
        return any(isinstance(v, Blank) for v in value.values())
    return False


@dataclass(frozen=True)
class CheckResult:
    """The outcome of ``check()``: right, not yet, or not attempted, with the reason.

    It is true only when the answer is right, shows as ``[exercise] status: message`` and renders in
    a notebook as one line of markdown with a mark.

    Parameters
    ----------
    exercise : str
        The exercise's name, ``"N · Title"``.
    correct : bool or None
        True (right), False (not yet) or None (not attempted, or a discussion question).
    message : str
        The feedback the learner reads.

    Examples
    --------
    >>> result = CheckResult("1 · Demo", True, "3 is right.")
    >>> result
    [1 · Demo] Correct: 3 is right.
    >>> bool(result), CheckResult("1 · Demo", None, "Replace `____`.").status
    (True, 'Not attempted')
    """

    exercise: str
    correct: bool | None
    message: str

    def __bool__(self) -> bool:
        return bool(self.correct)

    @property
    def status(self) -> str:
        return {True: "Correct", False: "Not yet", None: "Not attempted"}[self.correct]

    def __repr__(self) -> str:
        return f"[{self.exercise}] {self.status}: {self.message}"

    def _repr_markdown_(self) -> str:
        # marks the default fonts have (DejaVu Sans): emoji render as empty boxes without an emoji font
        icon = {True: "✔", False: "✘", None: "✏"}[self.correct]
        return escape_dollars(f"{icon} **{self.exercise} — {self.status}.** {self.message}")


class _Text:
    """Markdown text that renders in a notebook and prints cleanly elsewhere."""

    def __init__(self, title: str, body: str):
        self.title, self.body = title, body

    def __repr__(self) -> str:
        return f"{self.title}: {self.body}"

    def _repr_markdown_(self) -> str:
        return escape_dollars(f"**{self.title}.** {self.body}")


class Exercise:
    """One exercise. Build it with :func:`numeric`, :func:`choice`, :func:`custom` or :func:`thought`.

    ``name`` is ``"N · Title"``; the notebook's heading above the exercise reads
    ``### Exercise N · Title`` and displaying the object shows its prompt (and, for a
    choice, its options), so the question's text lives in one place. ``practice`` is one
    of :data:`PRACTICES`.

    Parameters
    ----------
    name : str
        ``"N · Title"``: the exercise's number and title.
    prompt : str
        The question, in markdown.
    checker : callable or None
        ``checker(answer)`` returns ``(correct, message)``; it may raise on an answer it cannot read, which
        ``check()`` turns into a "not yet" with the reason. None for a discussion question (no check).
    hints : iterable of str
        The hints, from the gentlest to the one that gives most away; at least one, or ValueError.
    solution : str or callable
        The model answer, or a zero-argument function computing it when ``solution()`` is called.
    options : mapping of str to str, optional
        The options of a choice, key to text, listed under the prompt. Default: none.
    practice : str, optional
        A key of :data:`PRACTICES`; default ``"discussion"`` without a checker, ``"reading"`` with one.
        Any other value raises ValueError.

    Examples
    --------
    >>> q = Exercise("5 · Say yes", "Type yes.", checker=lambda a: (a == "yes", "Checked."), hints=["yes"],
    ...              solution="`'yes'`", practice="decision")
    >>> q
    Exercise 5 · Say yes [decision]: Type yes.
    >>> q.check("yes")
    [5 · Say yes] Correct: Checked.
    >>> q.check()
    [5 · Say yes] Not attempted: Replace `____` with your answer, then run this cell again. Stuck? Try `hint()`.
    >>> q.hint(), q.solution()
    (Hint for 5 · Say yes: yes, Solution to 5 · Say yes: `'yes'`)
    >>> Exercise("6 · No hint", "?", checker=None, hints=[], solution="")
    Traceback (most recent call last):
    ...
    ValueError: exercise '6 · No hint' needs at least one hint
    """

    def __init__(
        self,
        name: str,
        prompt: str,
        *,
        checker: Callable[[Any], tuple[bool, str]] | None,
        hints: Iterable[str],
        solution: str | Callable[[], str],
        options: Mapping[str, str] | None = None,
        practice: str | None = None,
    ):
        self.name = name
        self.prompt = prompt
        self.options = dict(options or {})
        self._checker = checker
        self._hints = list(hints)
        self._solution = solution
        if practice is None:
            practice = "discussion" if checker is None else "reading"
        if practice not in PRACTICES:
            raise ValueError(f"practice must be one of {sorted(PRACTICES)}, got {practice!r}")
        self.practice = practice
        if not self._hints:
            raise ValueError(f"exercise {name!r} needs at least one hint")

    @property
    def title(self) -> str:
        """The heading the notebook shows above this exercise: ``Exercise N · Title``."""
        return f"Exercise {self.name}"

    def __repr__(self) -> str:
        listing = "".join(f"\n  {k}: {v}" for k, v in self.options.items())
        return f"{self.title} [{self.practice}]: {self.prompt}{listing}"

    def _repr_markdown_(self) -> str:
        # the comment lets the notebook checks match this exercise with the heading above it
        text = f"<!-- {self.title} -->\n*{PRACTICES[self.practice]}.*\n\n{self.prompt}"
        if self.options:
            text += "\n\n" + "\n".join(f"- `{k}`: {v}" for k, v in self.options.items())
        return escape_dollars(text)

    def check(self, answer: Any = ____) -> CheckResult:
        """Say whether ``answer`` is right, and why. Never raises on a blank."""
        if self._checker is None:
            return CheckResult(
                self.name,
                None,
                "This is a discussion question with no automatic check: write your "
                "answer, then compare it with `solution()`.",
            )
        if is_blank(answer):
            return CheckResult(
                self.name, None, "Replace `____` with your answer, then run this cell again. Stuck? Try `hint()`."
            )
        try:
            ok, message = self._checker(answer)
            return CheckResult(self.name, bool(ok), str(message))
        except Exception as exc:  # any answer gets feedback, never a crash (a huge int, an odd object...)
            reason = str(exc) or type(exc).__name__
            return CheckResult(self.name, False, f"That answer could not be checked: {reason}")

    def hint(self, level: int = 1) -> _Text:
        """The ``level``-th hint (later hints give more away); an odd ``level`` gives the first."""
        try:
            level = int(level)
        except (TypeError, ValueError, OverflowError):
            level = 1
        level = max(1, min(level, len(self._hints)))
        more = (
            f" (hint {level} of {len(self._hints)}; try `hint({level + 1})` for more)"
            if level < len(self._hints)
            else ""
        )
        return _Text(f"Hint for {self.name}", self._hints[level - 1] + more)

    def solution(self) -> _Text:
        text = self._solution() if callable(self._solution) else self._solution
        return _Text(f"Solution to {self.name}", text)


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
