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
    """Whether ``value`` is on the right side of ``line`` for the comparison ``op`` (>=, >, <= or <)."""
    return value >= line if op == ">=" else value > line if op == ">" else value <= line if op == "<=" else value < line


def gate_verdict(calls: Iterable[str]) -> str:
    """The verdict from the lines' calls: GO when all pass, NO-GO when any fails, NOT YET otherwise."""
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
