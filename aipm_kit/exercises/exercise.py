"""One exercise and what its check returns: the blank ``____``, :class:`CheckResult` and :class:`Exercise`.

An exercise holds its prompt, its hints, its model answer and the function that checks an answer; its
``check()`` turns that function's verdict, a blank, or an answer it cannot read into a :class:`CheckResult`,
and never raises. :data:`PRACTICES` names what an exercise asks the learner to do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..story import escape_dollars

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
