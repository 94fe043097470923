"""Exercise 7 of notebook 01: take gate 1 by hand, then choose the next step.

``bind_gate`` binds the exercise to gate 1's lines and their 90% intervals: the learner calls each line, gives
the verdict and picks one of ``NEXT_STEPS``; the grading itself is ``exercises._gatecall``'s.
"""

from __future__ import annotations

from .. import custom
from .._gatecall import clears, gate_checker, gate_verdict

NEXT_STEPS = {
    "stop": "ship the tuned rule and stop: no model work until the fraud or the costs change",
    "shadow": "ship the tuned rule and run the model in shadow beside it, to gather more evidence on the open lines",
    "build": "build the model now",
}


# the steps consistent with each verdict, and why each other step is not
_STEP_FITS = {"GO": {"build"}, "NO-GO": {"stop"}, "NOT YET": {"stop", "shadow"}}


_STEP_WRONG = {
    ("GO", "stop"): "every line passed on its interval: stopping drops a model the evidence says pays",
    ("GO", "shadow"): "no line is open, so a shadow run has nothing left to settle before building",
    ("NO-GO", "build"): "a line failed on its whole interval: building spends the model's cost against the evidence",
    ("NO-GO", "shadow"): "a line failed on its whole interval; a shadow run settles open lines, and running one "
    "after a failure only retakes the gate until it passes",
    ("NOT YET", "build"): "no failure, but a line is open: building now spends the model's cost before the "
    "evidence shows it pays",
}


_STEP_NOTE = {
    ("NOT YET", "stop"): " Stopping is defensible: the data do not yet show the model pays, and it saves the "
    "shadow run's price{price}; the question stays open. A shadow run would be defensible too, if what it "
    "could show is worth that price to you{note}.",
    ("NOT YET", "shadow"): " A shadow run is defensible: it buys more evidence on the open lines, at its "
    "price{price}{note}. Stopping would be defensible too, if that price is more than what the "
    "run could show is worth to you.",
}


def bind_gate(
    *, criteria, shadow_cost: float | None = None, shadow_months: int | None = None, shadow_note: str | None = None
):
    """Bind exercise 7 of notebook 01: take gate 1 by hand, then choose the next step from ``NEXT_STEPS``.

    The learner calls each line from its 90% intervals, gives the gate's verdict and picks a next step, as
    ``{key: call, ..., "verdict": ..., "next": ...}``. A line passes when every interval clears it, fails when any
    interval misses it entirely, and is "not yet" otherwise; the gate is GO when every line passes, NO-GO when any
    fails, NOT YET otherwise. The next step is judged against the verdict the intervals give: GO fits building, NO-GO
    fits stopping, NOT YET fits stopping or a shadow run. On a NOT YET gate both are accepted, and the feedback weighs
    them evenly: neither is steered by a point estimate.

    Parameters
    ----------
    criteria : mapping
        A short key (what the learner types) to ``(name, intervals, op, line, fmt)``: ``intervals`` is a list of
        ``(label, low, high)`` (one per month when a line must hold in every month), ``op`` how a value must compare
        with ``line`` to pass (">=", ">", "<=", "<") and ``fmt`` how to show the numbers (a format string, or a
        function of one number that returns its text, for instance with a unit). Not empty; "verdict" and "next" are
        refused as keys.
    shadow_cost : float, optional
        The shadow run's price in dollars, so the prompt and the feedback weigh it.
    shadow_months : int, optional
        How many months the shadow run takes, quoted with its price.
    shadow_note : str, optional
        What the run could show (for instance which line it is sized for), quoted in the prompt and in the feedback
        on a NOT YET gate.

    Returns
    -------
    Exercise
        The exercise (``q7``).

    Raises
    ------
    ValueError
        When an ``op`` is not one of the four comparisons, a line has no interval or one with ``low > high``,
        ``criteria`` is empty, or it uses "verdict" or "next" as a key.

    Examples
    --------
    >>> q7 = bind_gate(criteria={
    ...     "recall": ("recall gain", [("", 0.04, 0.12)], ">=", 0.05, "{:.0%}"),
    ...     "hours": ("review hours a week", [("", 3.0, 4.0)], "<=", 5.0, "{:.1f}"),
    ... }, shadow_cost=20_000, shadow_months=3)
    >>> print(q7.check({"recall": "not yet", "hours": "pass", "verdict": "NOT YET", "next": "shadow"}))
    [7 · Take gate 1, and choose the next step] Correct: Defensible. 'recall' is recall gain, with a 90% interval ...
    >>> print(q7.check({"recall": "pass", "hours": "pass", "verdict": "GO", "next": "build"}))
    [7 · Take gate 1, and choose the next step] Not yet: Not quite. 'recall' is recall gain, ...: not yet, not pass, ...
    """
    said = "" if not shadow_note else str(shadow_note).strip().rstrip(".")
    note = "" if not said else f". {said[0].upper()}{said[1:]}"
    price = (
        ""
        if shadow_cost is None
        else f" (about ${float(shadow_cost):,.0f}"
        + ("" if shadow_months is None else f" for about {int(shadow_months)} months")
        + ")"
    )
    rows = {}
    for key, (name, intervals, op, line, fmt) in dict(criteria).items():
        if op not in (">=", ">", "<=", "<"):
            raise ValueError(f"criterion {key!r}: op must be one of >=, >, <=, <, got {op!r}")
        intervals = [(str(lab), float(lo), float(hi)) for lab, lo, hi in intervals]
        if not intervals or any(lo > hi for _, lo, hi in intervals):
            raise ValueError(f"criterion {key!r}: give at least one interval with low <= high")
        rows[key] = (name, intervals, op, float(line), fmt)
    if not rows:
        raise ValueError("criteria is empty")
    if {"verdict", "next"} & set(rows):
        raise ValueError("'verdict' and 'next' are answer keys, not criteria")

    def right_call(key: str) -> str:
        _, intervals, op, line, _ = rows[key]
        near = [lo if op in (">=", ">") else hi for _, lo, hi in intervals]
        far = [hi if op in (">=", ">") else lo for _, lo, hi in intervals]
        if all(clears(v, op, line) for v in near):
            return "pass"
        if any(not clears(v, op, line) for v in far):
            return "fail"
        return "not yet"

    def right_verdict() -> str:
        return gate_verdict(right_call(k) for k in rows)

    def reading(key: str) -> str:
        name, intervals, op, line, fmt = rows[key]
        show = fmt if callable(fmt) else fmt.format
        spans = ", ".join(f"{lab + ' ' if lab else ''}{show(lo)} to {show(hi)}" for lab, lo, hi in intervals)
        return (
            f"'{key}' is {name}, with {'90% intervals of' if len(intervals) > 1 else 'a 90% interval of'} "
            f"{spans} against a line of {op} {show(line)}"
        )

    why = {
        "pass": "every interval clears the line",
        "fail": "an interval misses the line entirely",
        "not yet": "an interval straddles the line and none misses it entirely",
    }

    def defensible(truth, step):
        step_note = _STEP_NOTE.get((truth, step), "").format(price=price, note=note)
        return (
            f"Defensible. {'. '.join(f'{reading(k)}: {right_call(k)}' for k in rows)}. Gate 1 is "
            f"{truth}, and '{step}' ({NEXT_STEPS[step]}) follows from it."
            f"{step_note} The kit's table below takes the same gate."
        )

    checker = gate_checker(
        rows,
        right_call=right_call,
        reading=reading,
        why=why,
        steps=NEXT_STEPS,
        step_fits=_STEP_FITS,
        step_wrong=_STEP_WRONG,
        defensible=defensible,
    )

    return custom(
        "7 · Take gate 1, and choose the next step",
        "Before the kit's verdict: read the evidence printed above and call each of gate 1's lines, "
        + ", ".join(f"`'{k}'`" for k in rows)
        + ", as `'pass'`, `'fail'` or `'not yet'`, then the gate's `'verdict'` (`'GO'`, `'NO-GO'` or "
        "`'NOT YET'`). The rule, set before the data: a line passes when its whole 90% interval clears it, fails "
        "when an interval misses it entirely, and is not yet settled otherwise; the gate is GO when every line "
        "passes, NO-GO when any fails, NOT YET otherwise. Then choose the `'next'` step you would take to the "
        "business: "
        + "; ".join(f"`'{k}'`: {v}" for k, v in NEXT_STEPS.items())
        + ". A next step must follow from the verdict; where more than one does, weigh them"
        + (
            ""
            if shadow_cost is None
            else f": a shadow run needs the model built and served, about "
            f"${float(shadow_cost):,.0f}"
            + ("" if shadow_months is None else f" for about {int(shadow_months)} months")
            + " (printed above), against what it could show"
        )
        + ", and defend your choice."
        + ("" if not said else f" What the run could show: {said}.")
        + f" Answer with a dict, e.g. `{{'{next(iter(rows))}': 'pass', ..., 'verdict': 'GO', "
        "'next': 'build'}`.",
        checker,
        hints=[
            "For a line of the form `>= line`: the low end above the line is a pass; the high end below it is a fail; "
            "anything else is not yet.",
            "A shadow run settles a line that is open; it cannot undo a line that failed, and a passed gate has "
            "nothing left for it to settle. When a line is open, stopping and a shadow run can both be defended: "
            "compare the shadow run's price with the model's extra value, its point and its interval.",
        ],
        solution=lambda: (
            ". ".join(f"{reading(k)}: {right_call(k)}" for k in rows)
            + f". Verdict: {right_verdict()}. Next step: "
            + " or ".join(f"'{k}'" for k in NEXT_STEPS if k in _STEP_FITS[right_verdict()])
            + "."
        ),
        practice="decision",
    )
