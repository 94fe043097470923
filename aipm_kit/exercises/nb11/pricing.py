"""Lines priced from money: the non-inferiority margin (exercise 1) and the release bar (exercise 4).

A drop in pass rate costs wrong answers a month, and a bot pays only above a break-even pass rate: the
helpers here do that arithmetic, and the two exercises check a learner's margin and bar against it.
"""

from __future__ import annotations

import math

from .. import _as_number, custom


def margin_cost(margin: float, *, questions_per_month: float, cost_wrong: float) -> float:
    """Dollars a month that a drop of ``margin`` (a share of questions) in pass rate costs, each lost answer wrong.

    Parameters
    ----------
    margin : float
        The drop in pass rate, as a share of questions (0.02 is two points). Not checked: a negative
        margin gives a negative cost.
    questions_per_month : float
        Questions the bot answers in a month.
    cost_wrong : float
        Dollars one wrong answer costs; every answer lost to the drop counts as wrong.

    Returns
    -------
    float
        ``margin * questions_per_month * cost_wrong``, dollars a month.

    Examples
    --------
    >>> margin_cost(0.02, questions_per_month=10_000, cost_wrong=25.0)
    5000.0
    """
    return margin * questions_per_month * cost_wrong


def widest_margin(*, questions_per_month: float, cost_wrong: float, tolerated_loss: float) -> float:
    """The widest non-inferiority margin (a share) whose monthly cost stays within ``tolerated_loss``.

    Exercise 1's widest defensible answer; the notebook uses it as the default margin without showing the
    pricing, which is the exercise.

    Parameters
    ----------
    questions_per_month : float
        Questions the bot answers in a month; positive.
    cost_wrong : float
        Dollars one wrong answer costs; positive.
    tolerated_loss : float
        Dollars a month the business treats as too small to act on; positive.

    Returns
    -------
    float
        ``tolerated_loss / (questions_per_month * cost_wrong)``, a share of questions.

    Raises
    ------
    ValueError
        When any of the three is zero or negative.

    Examples
    --------
    >>> widest_margin(questions_per_month=10_000, cost_wrong=25.0, tolerated_loss=5_000)
    0.02
    >>> widest_margin(questions_per_month=10_000, cost_wrong=0, tolerated_loss=5_000)
    Traceback (most recent call last):
    ...
    ValueError: questions_per_month, cost_wrong and tolerated_loss must be positive
    """
    if questions_per_month <= 0 or cost_wrong <= 0 or tolerated_loss <= 0:
        raise ValueError("questions_per_month, cost_wrong and tolerated_loss must be positive")
    return tolerated_loss / (questions_per_month * cost_wrong)


def breakeven_pass_rate(*, value_right: float, cost_wrong: float) -> float:
    """The pass rate above which a bot costs less than a human answering every question for ``value_right``.

    A right answer costs next to nothing and every failed one ``cost_wrong``: the bot pays when
    ``(1 - p) * cost_wrong < value_right``. Exercise 4's computation, at whatever price is passed.

    Parameters
    ----------
    value_right : float
        Dollars a human agent costs per question answered (what a right bot answer saves).
    cost_wrong : float
        Dollars one wrong bot answer costs, escalation included; must exceed ``value_right``.

    Returns
    -------
    float
        ``1 - value_right / cost_wrong``, a pass rate between 0 and 1 when both prices are positive.

    Raises
    ------
    ValueError
        When ``cost_wrong <= value_right``: then even a bot that is always wrong pays.

    Examples
    --------
    >>> breakeven_pass_rate(value_right=4.0, cost_wrong=20.0)
    0.8
    >>> breakeven_pass_rate(value_right=4.0, cost_wrong=4.0)
    Traceback (most recent call last):
    ...
    ValueError: cost_wrong must exceed value_right, or every bot pays
    """
    if cost_wrong <= value_right:
        raise ValueError("cost_wrong must exceed value_right, or every bot pays")
    return 1 - value_right / cost_wrong


def release_bar(
    *, value_right: float, cost_wrong: float, current_cost_wrong: float | None = None, max_bar: float = 0.95
):
    """Exercise 4: a release bar at or above the break-even pass rate at a new price of a wrong answer.

    Against a human answering every question for ``value_right``, the bot's answers cost nothing
    when right and ``cost_wrong`` (escalation included) when wrong: it pays when
    ``(1 - p) * cost_wrong < value_right``, i.e. ``p > 1 - value_right / cost_wrong``. ``cost_wrong``
    is a what-if against the notebook's own assumption ``current_cost_wrong``; the notebook takes the
    gate again at the learner's bar (and at this price) in its gate section.

    The check accepts a bar (a share strictly between 0 and 1) from half a point below the break-even
    (rounding) up to ``max_bar``; a bar below lets a money-losing bot through, one above ``max_bar`` blocks
    every release, and a number of 1 or more is read as points, not a share.

    Parameters
    ----------
    value_right : float
        Dollars a human agent costs per question.
    cost_wrong : float
        The what-if price of one wrong bot answer, dollars; must exceed ``value_right``.
    current_cost_wrong : float, optional
        The notebook's own price of a wrong answer, named in the prompt when given.
    max_bar : float, default 0.95
        The highest bar accepted: above it no bot clears the line on a few hundred cases.

    Returns
    -------
    Exercise
        A ``"decision"`` exercise whose ``check`` takes the learner's bar, a share.

    Raises
    ------
    ValueError
        From :func:`breakeven_pass_rate`, when ``cost_wrong <= value_right``.

    Examples
    --------
    >>> q = release_bar(value_right=4.0, cost_wrong=20.0)
    >>> q.check(0.85).correct, q.check(0.7).correct, q.check(0.99).correct
    (True, False, False)
    >>> q.check(0.7)
    [4 · Set the release bar from what a wrong answer costs] Not yet: A bar of 0.70 lets through a bot that
    loses money: ... pays only above 1 - 4.00 / 20 = 0.800.
    >>> q.check(85)
    [4 · Set the release bar ...] Not yet: 85 is not a pass rate: give the bar as a share between 0 and 1 (0.80 = 80%).
    """
    breakeven = breakeven_pass_rate(value_right=value_right, cost_wrong=cost_wrong)

    def check(answer):
        bar = _as_number(answer)
        if not 0 < bar < 1:
            return False, f"{bar:g} is not a pass rate: give the bar as a share between 0 and 1 (0.80 = 80%)."
        if bar < breakeven - 0.005:
            return False, (
                f"A bar of {bar:.2f} lets through a bot that loses money: against a human at "
                f"${value_right:,.2f} a question, a bot whose wrong answers cost ${cost_wrong:,.0f} pays only "
                f"above 1 - {value_right:,.2f} / {cost_wrong:,.0f} = {breakeven:.3f}."
            )
        if bar > max_bar:
            return False, (
                f"A bar of {bar:.2f} asks for near perfection: no bot clears it on a few hundred cases, "
                f"so it blocks every release. The money says {breakeven:.3f}; add a margin of safety you "
                "can defend, not a wall."
            )
        return True, (
            f"A bar of {bar:.2f} is at or above the break-even {breakeven:.3f} at ${cost_wrong:,.0f} a wrong "
            "answer, so a bot that clears it pays for itself at the what-if price. Section 11 shows the "
            "pass-rate line at your bar: the whole 95% interval of v2's pass rate must clear it."
        )

    return custom(
        "4 · Set the release bar from what a wrong answer costs",
        f"Without the bot, a human agent answers every question for ${value_right:,.2f}. "
        + (
            f"Your parameters price a wrong bot answer at ${current_cost_wrong:,.0f}, and unless you set it the "
            "release bar `THRESHOLD` is priced from that. "
            if current_cost_wrong is not None
            else ""
        )
        + f"What if legal priced a wrong answer at ${cost_wrong:,.0f} instead, the escalation to that agent included "
        "(plus a wrong refund promise and the customer's goodwill)? This is a what-if: the parameters keep their "
        "price. A right answer costs next to nothing; count every failed answer as a wrong one (padded answers that "
        "state the key fact cost less, so this errs on the safe side). Find the pass rate above which the bot is worth running "
        "at the what-if price and answer with your release bar (a share, 0.80 = 80%). Section 11 takes the gate "
        "again at your bar.",
        check,
        practice="decision",
        hints=[
            "Per question the bot costs (1 - p) x cost_wrong; the human costs value_right. Set them equal and "
            "solve for p.",
            f"Break-even p = 1 - {value_right:g} / {cost_wrong:g}; round it up, or add a margin of safety.",
        ],
        solution=lambda: (
            f"Break-even {breakeven:.3f}, so a bar of {round(breakeven + 0.005, 2):.2f} or a little "
            "above. The gate passes the pass-rate line only when the whole 95% interval clears the "
            "bar, so a bar near the top of the interval gives NOT YET, not GO."
        ),
    )


def non_inferiority_margin(
    *,
    questions_per_month: float,
    cost_wrong: float,
    tolerated_loss: float,
    plan_flip_rate: float = 0.20,
    n_cases: int | None = None,
):
    """Exercise 1: a non-inferiority margin from the monthly loss the business tolerates, before any comparison.

    A drop of ``m`` (a share) in pass rate means ``m * questions_per_month`` more wrong answers a month,
    each costing ``cost_wrong``. The business will not act on a monthly loss up to ``tolerated_loss``, so
    any margin in ``(0, tolerated_loss / (questions_per_month * cost_wrong)]`` is defensible: a tighter one
    is stricter but needs more paired cases (about ``(1.96 + 0.84)^2 * plan_flip_rate / m^2`` for a version
    exactly as good as its baseline to pass 80% of the time, a normal approximation). A margin whose case count
    exceeds 1,000 times ``n_cases`` (the set's size) is accepted with a warning that names the count: a test that
    size is out of reach, so it amounts to never releasing. The prompt gives the
    inputs, not the price of a point: the learner prices it and weighs protection against sample size.

    Parameters
    ----------
    questions_per_month, cost_wrong, tolerated_loss : float
        The month's questions, the dollars one wrong answer costs, and the monthly loss the business
        tolerates, as in :func:`widest_margin` (all positive); the prompt quotes all three.
    plan_flip_rate : float, default 0.20
        The share of paired cases assumed to flip between the versions, for the case counts in the feedback.
    n_cases : int, optional
        The evaluation set's size: named in the prompt, and the yardstick of a margin too tight to test.

    Returns
    -------
    Exercise
        A ``"decision"`` exercise whose ``check`` takes the margin, a share of questions (0 and below, 1
        and above, and margins wider than the tolerance are "not yet").

    Raises
    ------
    ValueError
        From :func:`widest_margin`, when a price or the tolerated loss is not positive.

    Examples
    --------
    >>> q = non_inferiority_margin(questions_per_month=10_000, cost_wrong=25.0, tolerated_loss=5_000, n_cases=300)
    >>> [q.check(m).correct for m in (0.02, 0.01, 0.05, 0, 2)]
    [True, True, False, False, False]
    >>> q.check(0.05)
    [1 · Choose the non-inferiority margin] Not yet: A margin of 5.0 points lets through a drop worth about
    $12,500 a month, more than the $5,000 the business tolerates: ... each point costs $2,500.
    """
    widest = widest_margin(
        questions_per_month=questions_per_month, cost_wrong=cost_wrong, tolerated_loss=tolerated_loss
    )

    def monthly(m):
        return margin_cost(m, questions_per_month=questions_per_month, cost_wrong=cost_wrong)

    def cases(m):  # rounded up to hundreds: a plan, not a precise count
        return 100 * math.ceil((1.959964 + 0.841621) ** 2 * plan_flip_rate / m**2 / 100)

    infeasible = 1000  # a test needing more than this many times the set's questions is taken as one never run

    def check(answer):
        margin = _as_number(answer)
        if margin >= 1:
            return False, (
                f"{margin:g} reads as points: give the margin as a share of questions (0.10 would be 10 points)."
            )
        if margin <= 0:
            return False, (
                "A margin of zero asks v2 to prove it is at least as good as v1 to the last case: no "
                "finite test can show that. Choose the drop you would tolerate, as a share of questions."
            )
        if margin > widest + 5e-4:
            return False, (
                f"A margin of {margin * 100:.1f} points lets through a drop worth about "
                f"${monthly(margin):,.0f} a month, more than the ${tolerated_loss:,.0f} the business "
                f"tolerates: at ${cost_wrong:,.0f} a wrong answer and {questions_per_month:,.0f} questions "
                f"a month, each point costs ${monthly(0.01):,.0f}."
            )
        if n_cases and cases(margin) > infeasible * n_cases:
            return True, (
                f"Defensible in money, but check what it costs in cases: at {margin * 100:.2g} points a v2 "
                f"exactly as good as v1 needs about {cases(margin):,.0f} paired cases to pass 80% of the "
                f"time if {plan_flip_rate:.0%} of them flip, more than {infeasible:,} times the "
                f"{n_cases:,} questions in this set (the widest margin, {widest * 100:.1f} points, needs "
                f"{cases(widest):,.0f}). A test that size is out of reach, so in practice this margin keeps "
                "v2 at 'not yet' for good: accepted, but a margin this tight is a decision never to "
                "release, not a stricter test. Do not move the margin after seeing the interval."
            )
        if margin < widest - 5e-4:
            where = (
                f" It is tighter than the tolerance requires: defensible if you would rather protect more "
                f"than ${monthly(margin):,.0f} a month of the ${tolerated_loss:,.0f}, paid for in cases."
            )
        else:
            where = " It is the widest margin the tolerance allows."
        return True, (
            f"Defensible. A margin of {margin * 100:.1f} points accepts up to about "
            f"{margin * questions_per_month:,.0f} more wrong answers a month, about ${monthly(margin):,.0f}, "
            f"within the ${tolerated_loss:,.0f} tolerated.{where} Any margin above zero up to "
            f"{widest * 100:.1f} points ({tolerated_loss:,.0f} / ({questions_per_month:,.0f} x "
            f"{cost_wrong:,.0f}) = {widest:.3f}) is accepted here. The price of a margin is sample size: "
            f"for a v2 exactly as good as v1 to pass it 80% of the time takes about {cases(margin):,.0f} "
            f"paired cases if {plan_flip_rate:.0%} of them flip"
            + (f" (the widest margin needs {cases(widest):,.0f})" if cases(margin) != cases(widest) else "")
            + ", so on a set of a few hundred a v2 no better than v1 rarely passes. "
            "Do not move the margin after seeing the interval."
        )

    size = f" The evaluation set holds {n_cases:,} questions." if n_cases else ""
    return custom(
        "1 · Choose the non-inferiority margin",
        "Before you compare v1 and v2: non-inferiority asks whether v2 is worse than v1 by no more than a margin, "
        "and the margin is written down before any comparison is on screen. Your parameters: "
        f"{questions_per_month:,.0f} questions a month and ${cost_wrong:,.0f} per wrong answer (count every "
        f"answer lost as a wrong one, the cautious reading). Assume the head of support treats a loss of up to "
        f"${tolerated_loss:,.0f} a month (`LOSS_TOLERATED`, an assumption in the parameters) as too small to act on; v2 is not cheaper to run, so a "
        "larger drop buys nothing. Two things pull against each other: a wider margin lets a costlier drop "
        "through, and a tighter one needs many more paired cases before an equally good v2 can pass (the number "
        f"grows with 1 / margin squared).{size} Choose the margin the release gate will hold v2 to, as a share "
        "of questions (not in points), and be ready to say why not wider and why not tighter.",
        check,
        practice="decision",
        hints=[
            "One point of pass rate is 1% of the month's questions answered wrongly: price it, then see how many "
            "points the tolerated loss buys. That is the widest margin you can defend.",
            "Below that, every margin is defensible; the cost of going tighter is cases: about "
            f"(1.96 + 0.84)^2 x {plan_flip_rate:g} / margin^2 for an equal v2 to pass 80% of the time.",
        ],
        solution=lambda: (
            f"Any margin above zero up to {widest:.3f}: {tolerated_loss:,.0f} / "
            f"({questions_per_month:,.0f} x {cost_wrong:,.0f}) = {widest:.3f}, i.e. "
            f"{widest * 100:.1f} points, is the widest; a tighter one protects more money and needs "
            f"more cases (about {cases(widest):,.0f} at the widest, {cases(widest / 2):,.0f} at half of "
            "it). What matters is that it was fixed before the result."
        ),
    )
