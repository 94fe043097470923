"""Grading a gate taken by hand: one call per line, the verdict, and the next step.

Notebooks 01 and 02 ask the learner to call each of a gate's lines ``pass``, ``fail`` or
``not yet`` from its interval, give the gate's verdict and pick the next step. The lines,
how a line is read and which steps follow from which verdict are the notebook's; the parsing
of the answer and the grading of the calls, the verdict and the step live here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

#: Spellings of a line's call a learner may type, mapped to the kit's word.
CALLS = {
    "pass": "pass",
    "fail": "fail",
    "not yet": "not yet",
    "notyet": "not yet",
    "not-yet": "not yet",
    "inconclusive": "not yet",
    "not settled": "not yet",
}
#: Spellings of a gate verdict, mapped to the kit's word.
VERDICTS = {
    "go": "GO",
    "no-go": "NO-GO",
    "no go": "NO-GO",
    "nogo": "NO-GO",
    "not yet": "NOT YET",
    "notyet": "NOT YET",
    "not-yet": "NOT YET",
}


def clears(value: float, op: str, line: float) -> bool:
    """Whether ``value`` is on the right side of ``line`` for the comparison ``op`` (>=, >, <= or <).

    Parameters
    ----------
    value : float
        The number read (a point, or one end of an interval).
    op : str
        ``">="``, ``">"``, ``"<="`` or ``"<"``; any other string is read as ``"<"``.
    line : float
        The line it is compared with.

    Returns
    -------
    bool
        ``value op line``.

    Examples
    --------
    >>> clears(0.92, ">=", 0.9), clears(0.2, "<", 0.1)
    (True, False)
    """
    return value >= line if op == ">=" else value > line if op == ">" else value <= line if op == "<=" else value < line


def gate_verdict(calls: Iterable[str]) -> str:
    """The verdict from the lines' calls: GO when all pass, NO-GO when any fails, NOT YET otherwise.

    Parameters
    ----------
    calls : iterable of str
        One call per line, each ``"pass"``, ``"fail"`` or ``"not yet"``.

    Returns
    -------
    str
        ``"GO"``, ``"NO-GO"`` or ``"NOT YET"``; a failed line wins over an unsettled one.

    Examples
    --------
    >>> gate_verdict(["pass", "pass"]), gate_verdict(["pass", "not yet"]), gate_verdict(["fail", "not yet"])
    ('GO', 'NOT YET', 'NO-GO')
    """
    calls = list(calls)
    return "NO-GO" if "fail" in calls else "GO" if all(c == "pass" for c in calls) else "NOT YET"


def grade_gate_answer(
    answer,
    lines: Iterable[str],
    *,
    right_call: Callable[[str], str],
    reading: Callable[[str], str],
    why: Mapping[str, str],
    steps: Mapping[str, str],
    step_fits: Mapping[str, Iterable[str]],
    step_wrong: Mapping[tuple[str, str], str],
):
    """Grade ``{line: call, ..., "verdict": ..., "next": ...}``.

    Returns ``(wrong, verdict, step)``: the reasons the answer is wrong (empty when it is
    defensible), the verdict the lines give and the step the learner chose. Raises
    ``TypeError`` or ``ValueError`` naming what is missing or misspelt, so a typo is never
    graded as a wrong call.

    Parameters
    ----------
    answer : dict
        The learner's answer: one call per line (any spelling of :data:`CALLS`), ``"verdict"`` (a spelling
        of :data:`VERDICTS`) and ``"next"`` (a key of ``steps``); keys are read without case or spaces.
    lines : iterable of str
        The gate's lines, as the answer names them.
    right_call : callable
        ``right_call(line)``: the line's right call, ``"pass"``, ``"fail"`` or ``"not yet"``.
    reading : callable
        ``reading(line)``: how the feedback names the line and what it is read on.
    why : mapping of str to str
        For each call, why a line earns it (ends the sentence on a wrong call).
    steps : mapping of str to str
        The next steps the learner may pick, key to text.
    step_fits : mapping of str to iterable of str
        For each verdict, the steps that follow from it.
    step_wrong : mapping of (str, str) to str
        For a verdict and a step that does not follow from it, why not.

    Returns
    -------
    wrong : list of str
        One reason per wrong call, wrong verdict and unfitting step; empty when the answer is defensible.
    verdict : str
        The verdict the right calls give.
    step : str
        The step the learner picked, as a key of ``steps``.

    Raises
    ------
    TypeError
        When ``answer`` is not a dict.
    ValueError
        When an entry is missing, or a call, the verdict or the step is not one the kit reads.

    Examples
    --------
    >>> right = {"recall": "pass", "alerts": "not yet"}
    >>> rules = dict(right_call=right.__getitem__, reading=lambda k: f"{k}'s interval",
    ...              why={"pass": "it clears", "fail": "it misses", "not yet": "it straddles"},
    ...              steps={"ship": "ship it", "more": "collect more data", "stop": "stop"},
    ...              step_fits={"GO": ["ship"], "NOT YET": ["more"], "NO-GO": ["stop"]},
    ...              step_wrong={("NOT YET", "ship"): "an unsettled line is no GO"})
    >>> grade_gate_answer({"recall": "pass", "alerts": "not yet", "verdict": "not yet", "next": "more"},
    ...                   ["recall", "alerts"], **rules)
    ([], 'NOT YET', 'more')
    >>> wrong, verdict, step = grade_gate_answer(
    ...     {"recall": "pass", "alerts": "pass", "verdict": "GO", "next": "ship"}, ["recall", "alerts"], **rules)
    >>> for reason in wrong:
    ...     print(reason)
    alerts's interval: not yet, not pass, because it straddles
    with these lines the verdict is NOT YET, not GO: GO needs every line to pass, one failed line makes it NO-GO, and otherwise it is NOT YET
    'ship' does not follow from a NOT YET gate: an unsettled line is no GO
    >>> grade_gate_answer({"recall": "pass"}, ["recall", "alerts"], **rules)
    Traceback (most recent call last):
    ...
    ValueError: the answer has no entry for ['alerts', 'verdict', 'next']: give every line, the verdict and the next step
    """
    lines = list(lines)
    if not isinstance(answer, dict):
        raise TypeError(
            "answer with a dict: one call per line (" + ", ".join(f"'{k}'" for k in lines) + "), 'verdict' and 'next'"
        )
    given = {str(k).strip().lower(): v for k, v in answer.items()}
    missing = [k for k in [*lines, "verdict", "next"] if k not in given]
    if missing:
        raise ValueError(f"the answer has no entry for {missing}: give every line, the verdict and the next step")
    wrong = []
    for key in lines:
        call = CALLS.get(str(given[key]).strip().lower())
        if call is None:
            raise ValueError(f"call {key!r} with 'pass', 'fail' or 'not yet', got {given[key]!r}")
        right = right_call(key)
        if call != right:
            wrong.append(f"{reading(key)}: {right}, not {call}, because {why[right]}")
    verdict = VERDICTS.get(str(given["verdict"]).strip().lower())
    if verdict is None:
        raise ValueError(f"the verdict is 'GO', 'NO-GO' or 'NOT YET', got {given['verdict']!r}")
    truth = gate_verdict(right_call(k) for k in lines)
    if verdict != truth:
        wrong.append(
            f"with these lines the verdict is {truth}, not {verdict}: GO needs every line to pass, one "
            "failed line makes it NO-GO, and otherwise it is NOT YET"
        )
    step = str(given["next"]).strip().lower()
    if step not in steps:
        raise ValueError("the next step is one of " + ", ".join(f"'{k}'" for k in steps) + f", got {given['next']!r}")
    if step not in step_fits[truth]:
        wrong.append(f"'{step}' does not follow from a {truth} gate: {step_wrong[(truth, step)]}")
    return wrong, truth, step


def gate_checker(
    lines: Iterable[str],
    *,
    right_call: Callable[[str], str],
    reading: Callable[[str], str],
    why: Mapping[str, str],
    steps: Mapping[str, str],
    step_fits: Mapping[str, Iterable[str]],
    step_wrong: Mapping[tuple[str, str], str],
    defensible: Callable[[str, str], str],
) -> Callable[[object], tuple[bool, str]]:
    """The checker of a gate taken by hand: :func:`grade_gate_answer`, then the learner's feedback.

    Parameters
    ----------
    lines : iterable of str
        The keys of the gate's lines, in the order the feedback names them (a dict of the lines will do).
    right_call : callable
        ``right_call(key)`` gives the right call of a line: ``"pass"``, ``"fail"`` or ``"not yet"``.
    reading : callable
        ``reading(key)`` gives the text that shows a line's evidence in the feedback.
    why : mapping
        For each call, why a line gets it, quoted when the learner called the line otherwise.
    steps : mapping
        The next steps the learner may choose, by key, with what each means.
    step_fits : mapping
        For each verdict (``"GO"``, ``"NO-GO"``, ``"NOT YET"``), the steps that follow from it.
    step_wrong : mapping
        For each (verdict, step) that does not follow, why not.
    defensible : callable
        ``defensible(verdict, step)`` writes the feedback on a defensible answer, from the verdict the lines give and
        the step the learner chose.

    Returns
    -------
    callable
        ``checker(answer)``, returning ``(False, "Not quite. ...")`` with every reason the answer is wrong, or
        ``(True, defensible(verdict, step))``. It raises what :func:`grade_gate_answer` raises on an answer that
        is missing a part or misspells one.

    Examples
    --------
    >>> calls = {"hours": "pass", "recall": "not yet"}
    >>> check = gate_checker(
    ...     calls,
    ...     right_call=calls.get,
    ...     reading=lambda key: f"'{key}'",
    ...     why={"pass": "it clears", "fail": "it misses", "not yet": "it straddles"},
    ...     steps={"stop": "stop", "shadow": "run in shadow", "build": "build"},
    ...     step_fits={"GO": {"build"}, "NO-GO": {"stop"}, "NOT YET": {"stop", "shadow"}},
    ...     step_wrong={("NOT YET", "build"): "a line is open"},
    ...     defensible=lambda verdict, step: f"Defensible: {verdict}, then {step}.",
    ... )
    >>> check({"hours": "pass", "recall": "not yet", "verdict": "NOT YET", "next": "shadow"})
    (True, 'Defensible: NOT YET, then shadow.')
    >>> check({"hours": "pass", "recall": "pass", "verdict": "GO", "next": "build"})[1]
    "Not quite. 'recall': not yet, not pass, because it straddles; with these lines the verdict is NOT YET, ..."
    """

    def checker(answer):
        wrong, truth, step = grade_gate_answer(
            answer,
            lines,
            right_call=right_call,
            reading=reading,
            why=why,
            steps=steps,
            step_fits=step_fits,
            step_wrong=step_wrong,
        )
        if wrong:
            return False, "Not quite. " + "; ".join(wrong) + "."
        return True, defensible(truth, step)

    return checker
