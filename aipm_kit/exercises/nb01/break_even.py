"""Exercise 6 of notebook 01: the cut in missed fraud cost that would pay for the model, by hand.

``bind_break_even`` binds the exercise to the rule's missed fraud cost, the scale to a business month and
the model's extra cost, and names the common slips (one month instead of twelve, unscaled, whole cost).
"""

from __future__ import annotations

from .. import _as_number, custom


def bind_break_even(
    *, missed_rule: float, extra_cost: float, model_cost: float, scale: float, cut_interval, line: float
):
    """Bind exercise 6 of notebook 01: the cut in the missed fraud cost at which the model would just pay its extra cost.

    The answer, a share, is right within 3% (relative) of ``extra_cost / (12 * scale * missed_rule)``; one month
    instead of twelve, the unscaled test month and the model's whole cost instead of its extra cost are named when a
    learner's answer matches one. The feedback quotes the measured cut's interval and gate 1's line, and leaves the
    comparison to the learner.

    Parameters
    ----------
    missed_rule : float
        The fraud cost (amounts plus incident costs, dollars) the tuned rule lets through in the simulated test
        month; positive.
    extra_cost : float
        The model's first-year cost minus the rule's, dollars; positive.
    model_cost : float
        The model's whole first-year cost, dollars (a wrong answer's source).
    scale : float
        Business months per simulated test month; positive.
    cut_interval : tuple of float
        The measured cut's 90% interval, ``(low, high)``, shares.
    line : float
        Gate 1's ``MIN_MISSED_COST_CUT``, a share.

    Returns
    -------
    Exercise
        The exercise (``q6``).

    Raises
    ------
    ValueError
        When ``missed_rule``, ``scale`` or ``extra_cost`` is not positive.

    Examples
    --------
    >>> q6 = bind_break_even(missed_rule=50_000, extra_cost=120_000, model_cost=200_000, scale=2.0,
    ...                      cut_interval=(0.1, 0.3), line=0.2)
    >>> print(q6.check(0.1))
    [6 · The cut that would pay for the model] Correct: 10.0% is right: the model's extra 120,000 dollars a year ...
    >>> print(q6.check(1.2))
    [6 · The cut that would pay for the model] Not yet: That pays the model's first-year cost from one month ...
    """
    missed, extra, whole, months = (float(x) for x in (missed_rule, extra_cost, model_cost, scale))
    if missed <= 0 or months <= 0:
        raise ValueError("missed_rule and scale must be positive")
    if extra <= 0:
        raise ValueError(f"extra_cost must be positive (the model costs more than the rule), got {extra_cost!r}")
    low, high = (float(x) for x in cut_interval)
    line = float(line)

    def break_even(cost: float = extra, per_year: float = 12.0, per_month: float = months) -> float:
        return cost / (per_year * per_month * missed)

    wrong = [
        (
            break_even(per_year=1.0),
            "That pays the model's first-year cost from one month of stopped fraud: "
            "multiply the month's missed cost by 12.",
        ),
        (
            break_even(per_month=1.0),
            "That uses the simulated test month as it is: scale it up to the business's "
            "monthly volume first (`scale`).",
        ),
        (
            break_even(cost=whole),
            "That asks the model to pay its whole cost; the rule's cost is spent either way, "
            "so only the model's extra cost has to be paid for.",
        ),
    ]

    def checker(answer):
        value = _as_number(answer)
        target = break_even()
        if abs(value - target) <= 0.03 * target:
            return True, (
                f"{value:.1%} is right: the model's extra {extra:,.0f} dollars a year (assumed costs) over "
                f"12 x {months:.2f} x {missed:,.0f} dollars of simulated fraud cost the rule lets through. "
                f"Set it beside the measured cut's 90% interval, {low:.0%} to {high:.0%}, when you take "
                "the gate in Exercise 7. Gate 1's "
                f"missed-fraud line, {line:.0%}, reads the same cut at {line / target:.1f} times this bar, "
                "a margin set by judgement: the two lines are one measurement (the cut in missed fraud "
                "cost at equal alerts) held to two bars. A dollar cut cannot tell a signal the rule's "
                "features miss from a better ordering of the rule's own signal."
            )
        for w, feedback in wrong:
            if abs(value - w) <= 0.03 * abs(w):
                return False, feedback
        return False, (
            f"{value:.1%} is not the break-even cut. The model's extra value is about the cut times the "
            "fraud cost the rule lets through in a year; set that equal to its extra first-year cost."
        )

    return custom(
        "6 · The cut that would pay for the model",
        "Both options raise the same alerts, so their review time is the same; ignore the small difference in "
        "false alarms. Then the model's extra value in a year is about *cut* x (fraud cost the tuned rule lets "
        "through in a month of the business) x 12. Compute, in a line or two, the **cut at which that equals the "
        "model's extra first-year cost**, from `missed_rule` (the rule's missed fraud cost in the simulated test "
        "month, dollars), `scale` (business months per simulated test month) and `extra_cost` (dollars). Answer "
        "with a share (0.25 for 25%), then compare it with the measured cut's interval and with "
        "`MIN_MISSED_COST_CUT`.",
        checker,
        hints=[
            "A year of the business lets through `12 * scale * missed_rule` dollars of fraud cost under the rule.",
            "Break-even cut = `extra_cost / (12 * scale * missed_rule)`.",
        ],
        solution=lambda: (
            f"`extra_cost / (12 * scale * missed_rule)` = {break_even():.1%}. The measured cut's 90% "
            f"interval is {low:.0%} to {high:.0%}; gate 1's line is {line:.0%}."
        ),
        practice="by-hand",
    )
