"""Exercise 7 of notebook 02: take gate 2 by hand, then choose the next step.

``bind_gate`` binds the exercise to gate 2's lines, their 95% intervals (or counts) and the bootstrap noise
of their ends: the learner calls each line, gives the verdict and picks one of ``GATE_STEPS``; the grading
itself is ``exercises._gatecall``'s.
"""

from __future__ import annotations

from .. import custom
from .._gatecall import clears, gate_checker, gate_verdict

GATE_STEPS = {
    "deploy": "take the model at this threshold to deployment (stage 3)",
    "settle": "keep the hand rule running, keep scoring the model after the fact, and grade it on more audited months "
    "(or a larger audit) until the open lines are settled",
    "rework": "go back to the product (label source, features, threshold) and take gate 2 again on a month the "
    "changes never read",
    "stop": "keep the hand rule and stop work on the model",
}


# the steps consistent with each verdict, and why each other step is not
_GATE_STEP_FITS = {"GO": {"deploy"}, "NO-GO": {"rework", "stop"}, "NOT YET": {"settle", "stop"}}


_GATE_STEP_WRONG = {
    ("GO", "settle"): "no line is open, so more months have nothing left to settle before deploying",
    ("GO", "rework"): "every line passed on its interval and nothing measured beside the gate points at a change: "
    "reworking throws away a product the evidence supports",
    ("GO", "stop"): "every line passed on its interval: stopping drops a model the evidence supports",
    ("NO-GO", "deploy"): "a line failed on its whole interval: deploying goes against the evidence",
    ("NO-GO", "settle"): "a line failed on its whole interval; more months settle open lines, and grading more "
    "months after a failure only retakes the gate until it passes",
    ("NOT YET", "deploy"): "no failure, but lines are open: deploying now promises what the evidence cannot yet show",
    ("NOT YET", "rework"): "no line failed on its interval, every open line's estimate sits on the right side "
    "of its line, and nothing measured beside the gate points at a change: the changed "
    "product starts with every line open again",
}


_GATE_STEP_NOTE = {
    ("NOT YET", "stop"): " Defensible if settling the open lines costs more than the model is worth to you; the "
    "questions stay open.",
    ("NOT YET", "settle"): " The kit's table below names what would narrow each open line.",
    ("NO-GO", "stop"): " Defensible if no change to the product you can name targets the failed line.",
}


def bind_gate(*, criteria, noise=None, open_problems=(), no_interval=None, settle_months=None, max_settle_months=None):
    """Bind exercise 7 of notebook 02 (decision): take gate 2 by hand, then choose the next step from ``GATE_STEPS``.

    The learner calls each line from its 95% interval (or its count), gives the verdict and picks a next step, as
    ``{key: call, ..., "verdict": ..., "next": ...}``. A line passes when its whole interval clears the line, fails
    when its whole interval misses it, and is "not yet" otherwise; the gate is GO when every line passes, NO-GO when
    any fails, NOT YET otherwise. The next step is judged against the verdict: GO fits deploying; NO-GO fits
    reworking the product or stopping; NOT YET fits settling the open lines or stopping. Reworking also fits a NOT YET
    (or GO) gate when an open line's estimate sits on the wrong side of its line, or when ``open_problems`` names a
    problem measured beside the gate. A defensible answer's feedback ends with the lines as a Markdown table.

    Parameters
    ----------
    criteria : mapping
        A short key (what the learner types) to ``(name, estimate, interval, op, line, fmt)``: ``interval`` is
        ``(low, high)``, the estimate's 95% interval, or ``None`` for a number with no sampling interval (decided on
        the count itself); ``op`` is how a value must compare with ``line`` to pass (">=", ">", "<=", "<"); ``fmt``
        a format string for the numbers. Not empty; "verdict" and "next" are refused as keys.
    noise : mapping, optional
        A key to ``(low, high)``, both at least 0: how far each end of that line's interval moves with the
        bootstrap's own random draws. An end within its noise of the line does not count as clear of it (the
        interval is read widened by its ends' noise), so a line that clears by less is "not yet".
    open_problems : iterable of str, default ()
        Problems measured beside the gate (no line judges them) that a product change could target.
    no_interval : mapping, optional
        The key of a line with no sampling interval to what the feedback table shows in its interval column
        (default ``"none: counted"``), e.g. ``"none: counted alerts x assumed minutes"``.
    settle_months : mapping, optional
        A line's key to the months of audit its interval needs to reach the half-width set in advance.
    max_settle_months : int, optional
        The most months the team set in advance to spend settling, given with ``settle_months``: when an open line
        needs more, settling does not follow from a NOT YET gate, and only reworking (where it fits) or stopping do.

    Returns
    -------
    Exercise
        The exercise (``q7``).

    Raises
    ------
    ValueError
        When an ``op`` is not one of the four comparisons, an interval's low end is above its high end, ``criteria``
        is empty or uses "verdict" or "next", a noise is negative, ``no_interval``, ``noise`` or ``settle_months``
        names a line that is not a criterion (of the right kind), or only one of ``settle_months`` and
        ``max_settle_months`` is given.

    Examples
    --------
    >>> q7 = bind_gate(criteria={
    ...     "hours": ("review hours a week", 2.4, None, "<=", 4.8, "{:.1f}"),
    ...     "recall": ("recall of the top amounts", 60.0, (55.0, 65.0), ">=", 50.0, "{:.1f}"),
    ... })
    >>> print(q7.check({"hours": "pass", "recall": "pass", "verdict": "GO", "next": "deploy"}))
    [7 · Take gate 2, and choose the next step] Correct: Defensible. Gate 2 is GO, and 'deploy' is consistent with it.
    <BLANKLINE>
    | line | estimate | 95% interval | its ends move by about | must be | call |
    |---|---|---|---|---|---|
    | hours | 2.4 | none: counted |  | <= 4.8 | pass |
    | recall | 60.0 | 55.0 to 65.0 |  | >= 50.0 | pass |
    >>> print(q7.check({"hours": "pass", "recall": "pass", "verdict": "GO", "next": "settle"}))
    [7 · Take gate 2, and choose the next step] Not yet: Not quite. 'settle' does not follow from a GO gate: ...
    """
    no_interval = {str(k): str(v) for k, v in dict(no_interval or {}).items()}
    noise = {str(k): (float(v[0]), float(v[1])) for k, v in dict(noise or {}).items()}
    if any(n < 0 for pair in noise.values() for n in pair):
        raise ValueError("a noise is a distance: give it as (low, high) with both at least 0")
    problems = [str(p) for p in open_problems]
    rows = {}
    for key, (name, estimate, interval, op, line, fmt) in dict(criteria).items():
        if op not in (">=", ">", "<=", "<"):
            raise ValueError(f"criterion {key!r}: op must be one of >=, >, <=, <, got {op!r}")
        low, high = (float(estimate), float(estimate)) if interval is None else (float(v) for v in interval)
        if low > high:
            raise ValueError(f"criterion {key!r}: the interval's low end is above its high end")
        rows[str(key)] = (name, float(estimate), (low, high), interval is None, op, float(line), fmt)
    if not rows:
        raise ValueError("criteria is empty")
    if {"verdict", "next"} & set(rows):
        raise ValueError("'verdict' and 'next' are answer keys, not criteria")
    if {k for k in no_interval if k not in rows or not rows[k][3]}:
        raise ValueError(
            "no_interval names lines that are not criteria without an interval: "
            f"{sorted(k for k in no_interval if k not in rows or not rows[k][3])}"
        )
    if set(noise) - set(rows):
        raise ValueError(f"noise names lines that are not criteria: {sorted(set(noise) - set(rows))}")

    def right_call(key: str) -> str:
        _, _, (low, high), counted, op, line, _ = rows[key]
        n_low, n_high = (0.0, 0.0) if counted else noise.get(key, (0.0, 0.0))
        low, high = low - n_low, high + n_high  # an end within its own noise of the line is not clear of it
        near, far = (low, high) if op in (">=", ">") else (high, low)
        return "pass" if clears(near, op, line) else "fail" if not clears(far, op, line) else "not yet"

    def right_verdict() -> str:
        return gate_verdict(right_call(k) for k in rows)

    def reading(key: str) -> str:
        _, estimate, (low, high), counted, op, line, fmt = rows[key]
        show, plain = fmt.format, fmt.replace("+", "").format
        moves = (
            f", its ends moving by about {plain(noise[key][0])} and {plain(noise[key][1])}"
            if key in noise and not counted
            else ""
        )
        measured = (
            f"{show(estimate)}, no sampling interval"
            if counted
            else f"{show(estimate)}, 95% interval {show(low)} to {show(high)}{moves}"
        )
        return f"{key}: {measured}; line {op} {show(line)}"

    def table() -> str:
        """The lines as a small Markdown table: estimate, interval, its ends' noise, the line and the call."""
        out = [
            "| line | estimate | 95% interval | its ends move by about | must be | call |",
            "|---|---|---|---|---|---|",
        ]
        for key, (_, estimate, (low, high), counted, op, line, fmt) in rows.items():
            show, plain = fmt.format, fmt.replace("+", "").format
            moves = f"{plain(noise[key][0])} and {plain(noise[key][1])}" if key in noise and not counted else ""
            out.append(
                f"| {key} | {show(estimate)} | {no_interval.get(key, 'none: counted') if counted else f'{show(low)} to {show(high)}'} | "
                f"{moves} | {op} {show(line)} | {right_call(key)} |"
            )
        return "\n".join(out)

    why = {
        "pass": "the whole interval clears the line",
        "fail": "the whole interval misses the line",
        "not yet": "the interval straddles the line, or one of its ends sits within its own resampling noise of it"
        if noise
        else "the interval straddles the line",
    }
    # open lines whose estimate sits on the wrong side: they make reworking a NOT YET product defensible
    wrong_side = [k for k in rows if right_call(k) == "not yet" and not clears(rows[k][1], rows[k][4], rows[k][5])]
    months = {str(k): int(v) for k, v in dict(settle_months or {}).items()}
    if set(months) - set(rows):
        raise ValueError(f"settle_months names lines that are not criteria: {sorted(set(months) - set(rows))}")
    if (max_settle_months is None) != (not months):
        raise ValueError("give settle_months and max_settle_months together")
    open_months = {k: m for k, m in months.items() if right_call(k) == "not yet"}
    too_long = {k: m for k, m in open_months.items() if m > max_settle_months} if months else {}
    step_fits = {
        **_GATE_STEP_FITS,
        "NOT YET": (_GATE_STEP_FITS["NOT YET"] - ({"settle"} if too_long else set()))
        | ({"rework"} if wrong_side or problems else set()),
        "GO": _GATE_STEP_FITS["GO"] | ({"rework"} if problems else set()),
    }
    months_said = ", ".join(f"'{k}' about {m:,}" for k, m in open_months.items())
    step_wrong = dict(_GATE_STEP_WRONG)
    if too_long:
        step_wrong[("NOT YET", "settle")] = (
            f"settling takes months of audit like month 6's ({months_said}, to each line's half-width set in advance), "
            f"more than the {max_settle_months} the team set in advance to spend: weigh reworking or stopping"
        )
    side_said = " and ".join(f"'{k}'" for k in wrong_side) + (
        " sits on the wrong side of its line" if len(wrong_side) == 1 else " sit on the wrong side of their lines"
    )
    problems_said = "; ".join(problems)

    def rework_note(truth: str) -> str:
        reasons = ([f"{side_said} on the estimate"] if wrong_side and truth == "NOT YET" else []) + (
            [f"a problem measured beside the gate, which no line judges, gives a change a target: {problems_said}"]
            if problems
            else []
        )
        return (
            " Defensible: "
            + ("no line failed, but " if truth == "NOT YET" else "every line passed, but ")
            + "; and ".join(reasons)
            + ". A change aimed at that is a reasonable bet; the changed product is "
            "graded again on a month the changes never read, with every line open again."
        )

    def defensible(truth, step):
        also = [k for k in GATE_STEPS if k in step_fits[truth] and k != step]
        note = rework_note(truth) if step == "rework" and truth != "NO-GO" else _GATE_STEP_NOTE.get((truth, step), "")
        if step == "rework" and too_long:
            note += (
                " But the widths of " + " and ".join(f"'{k}'" for k in too_long) + " come from how much audited "
                "evidence a month brings, not from the product: a reworked product needs as many months to "
                "settle them, so a rework comes with a plan for that evidence (a larger or targeted audit)."
            )
        if open_months and truth == "NOT YET":
            note += (
                f" Settling is priced: months of audit like month 6's to each open line's half-width, {months_said}"
                f"; the team allows {max_settle_months}."
            )
        return (
            f"Defensible. Gate 2 is {truth}, and '{step}' is consistent with it."
            + note
            + (
                " Also defensible here: "
                + " or ".join(
                    f"'{k}'"
                    + (
                        " (a problem measured beside the gate gives a change a target)"
                        if k == "rework" and truth != "NO-GO" and problems and not wrong_side
                        else ""
                    )
                    for k in also
                )
                + "."
                if also
                else ""
            )
            + "\n\n"
            + table()
        )

    checker = gate_checker(
        rows,
        right_call=right_call,
        reading=reading,
        why=why,
        steps=GATE_STEPS,
        step_fits=step_fits,
        step_wrong=step_wrong,
        defensible=defensible,
    )

    noise_rule = (
        " An interval's end moves a little with the bootstrap's own random draws (printed with each line): "
        "an end within that noise of the line does not count as clear of it, so such a line is not yet "
        "settled."
        if noise
        else ""
    )
    return custom(
        "7 · Take gate 2, and choose the next step",
        "Before the kit's verdict: read the evidence printed above and call each of gate 2's lines, "
        + ", ".join(f"`'{k}'`" for k in rows)
        + ", as `'pass'`, `'fail'` or `'not yet'`, then the gate's `'verdict'` (`'GO'`, `'NO-GO'` or `'NOT YET'`). "
        "The rule, set before the data: a sampled line passes when its whole 95% interval clears the line, fails "
        "when the whole interval misses it, and is not yet settled otherwise; a line with no sampling interval "
        "is called on its value; the gate is GO when every line passes, NO-GO when any fails, NOT YET otherwise."
        + noise_rule
        + " Then choose the "
        "`'next'` step you would take to the business: "
        + "; ".join(f"`'{k}'`: {v}" for k, v in GATE_STEPS.items())
        + ". Answer with a dict, e.g. `{'"
        + next(iter(rows))
        + "': 'pass', ..., 'verdict': 'GO', 'next': 'deploy'}`.",
        checker,
        practice="decision",
        hints=[
            "For a line of the form `>= line`: the low end at or above the line is a pass; the high end below it "
            "is a fail; anything else is not yet. For `<= line`, swap the ends."
            + (" Widen each interval by its ends' printed noise first." if noise else ""),
            "More audited months settle an open line; they cannot undo a line that failed, and a passed gate has "
            "nothing left for them to settle.",
        ],
        solution=lambda: (
            "; ".join(f"{reading(k)}: {right_call(k)}" for k in rows)
            + f". Verdict: {right_verdict()}. Next step: "
            + " or ".join(f"'{k}'" for k in GATE_STEPS if k in step_fits[right_verdict()])
            + "."
        ),
    )
