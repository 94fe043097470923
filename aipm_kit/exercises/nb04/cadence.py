"""Exercise 4: two prices per retraining for a schedule, at the gain's estimate and for its whole interval."""

from __future__ import annotations

from .. import custom


def bind_cadence(
    *,
    gain_estimate: float,
    gain_low: float,
    gain_high: float,
    per_share: float,
    months_between: int,
    retrain_cost: float,
    min_net: float = 0.0,
):
    """Exercise 4: two prices per retraining for a schedule against never retraining: the one below which its net
    value a month clears ``min_net`` at the estimate, and the one below which its whole 95% interval of net value
    does.

    Parameters
    ----------
    gain_estimate, gain_low, gain_high : float
        The schedule's recall gain over never retraining and the ends of its 95% paired interval (shares, not
        points).
    per_share : float
        Dollars a month one unit of recall is worth (frauds a month x what one more fraud caught is worth at the
        same alert volume).
    months_between : int
        Months between retrainings on the schedule.
    retrain_cost : float
        Today's price of one retraining (for the prompt).
    min_net : float
        The net value a month ($) a schedule must clear to be worth setting up, chosen before looking (the line
        gate 4b judges the schedule against); 0 asks for break-even.

    Returns
    -------
    Exercise
        ``q4``, a by-hand exercise answered with ``(price_1, price_2)`` (each within 3%, or None when no price
        does it), with feedback for the usual slips: the interval's high end, the first price repeated, the
        break-even price where a line was set.

    Raises
    ------
    ValueError
        When ``months_between`` is below 1, ``per_share`` is not positive, ``gain_estimate`` lies outside
        ``[gain_low, gain_high]`` or ``min_net`` is negative.

    Examples
    --------
    A gain of 1.5 points (95% 0.5 to 2.5), a million dollars a month per unit of recall, every 3 months: at the
    estimate the net is positive below 3 x 0.015 x 1,000,000 = 45,000 dollars; for the whole interval below
    3 x 0.005 x 1,000,000 = 15,000.

    >>> q4 = bind_cadence(gain_estimate=0.015, gain_low=0.005, gain_high=0.025, per_share=1_000_000.0,
    ...                   months_between=3, retrain_cost=8_000)
    >>> q4.check((45_000, 15_000))
    [4 · Price a retraining schedule] Correct: Right: at the estimate, retraining every 3 months clears zero
    below about 45,000 dollars a retraining; the whole interval clears zero below 15,000 dollars (today's price:
    8,000). Between the two prices a decision on the point would retrain and a decision on the interval would
    not.
    >>> q4.check((45_000, 45_000)).message
    'The second price repeats the first: at that price the net value is zero at the estimate, and the interval
    around it still reaches below. The whole interval clears zero only once its low end does.'
    """
    if months_between < 1:
        raise ValueError(f"months_between must be at least 1, got {months_between!r}")
    if per_share <= 0:
        raise ValueError(f"per_share must be positive, got {per_share!r}")
    if not gain_low <= gain_estimate <= gain_high:
        raise ValueError(f"gain_estimate must lie in [gain_low, gain_high], got {gain_estimate!r}")

    if min_net < 0:
        raise ValueError(f"min_net must not be negative, got {min_net!r}")
    line_text = "zero" if min_net == 0 else f"{min_net:,.0f} dollars a month"

    def price_where(gain: float, line: float = min_net):
        """The price per retraining at which the net value a month, taken at ``gain``, equals ``line`` (None if none)."""
        return months_between * (gain * per_share - line) if gain * per_share > line else None

    point, ceiling, might = price_where(gain_estimate), price_where(gain_low), price_where(gain_high)
    zero_ceiling = price_where(gain_low, 0.0) if min_net > 0 else None  # where the low end only clears break-even
    every = "every month" if months_between == 1 else f"every {months_between} months"

    def parse(value):
        if value is None or str(value).strip().lower() in {"none", "no price", "never"}:
            return None
        return float(value)

    def near(value, target) -> bool:
        if target is None or value is None:
            return value is None and target is None
        return abs(value - target) <= 0.03 * target

    def describe(target) -> str:
        return "`None`" if target is None else f"about {target:,.0f} dollars"

    def check(answer):
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            return (
                False,
                "Answer with a pair: `(price_at_estimate, price_for_whole_interval)`; use `None` for no price.",
            )
        try:
            at_estimate, whole = parse(answer[0]), parse(answer[1])
        except (TypeError, ValueError):
            return False, "Each price is a number of dollars, or `None` if no price would do."
        if not near(at_estimate, point):
            return False, (
                f"The first price sets the net value at the gain's *estimate* to {line_text}: months "
                "between retrainings x (the gain's estimate x dollars per unit of recall"
                + (f" - {min_net:,.0f})" if min_net else ")")
                + (
                    ". Even a free retraining leaves the estimate's net below that, so no price does it: `None`."
                    if point is None
                    else "."
                )
            )
        if whole is not None and near(whole, zero_ceiling) and not near(whole, ceiling):
            return False, (
                f"{whole:,.0f} dollars is where the interval's low end clears zero, break-even; the "
                f"schedule has to clear the {min_net:,.0f} dollars a month set before looking."
            )
        if whole is not None and near(whole, might):
            return False, (
                f"{whole:,.0f} dollars is where the interval's *high* end reaches {line_text}: below it retraining "
                f"{every} might pay. The second price needs the whole interval above zero, so it is set "
                "by the interval's low end."
            )
        if near(whole, point) and point is not None and not near(point, ceiling):
            return False, (
                f"The second price repeats the first: at that price the net value is {line_text} at the "
                f"estimate, and the interval around it still reaches below. The whole interval clears "
                f"{line_text} only once its low end does."
            )
        if not near(whole, ceiling):
            if ceiling is None:
                return False, (
                    f"The gain's low end is {100 * gain_low:+.1f} points, so even a free retraining leaves "
                    f"the net interval reaching down to {gain_low * per_share:,.0f} dollars a month, "
                    + (
                        "below zero"
                        if min_net == 0 or gain_low <= 0
                        else f"short of the {min_net:,.0f} set before looking"
                    )
                    + ": no price does it. Answer `None` as the second price."
                )
            return False, (
                f"The second price sets the net interval's low end to {line_text}: {months_between} x (the "
                f"gain's low end ({100 * gain_low:+.1f} points) x dollars per unit of recall"
                + (f" - {min_net:,.0f})." if min_net else ").")
            )
        tail = (
            f"the whole interval clears {line_text} below {ceiling:,.0f} dollars (today's price: {retrain_cost:,.0f})."
            if ceiling is not None
            else f"no price makes the whole interval clear {line_text}: even a free retraining is not shown to be "
            "worth it, because the evidence of a large enough gain is what is missing, not a lower price; more "
            "labelled months would settle it."
        )
        if point is None:
            return True, (
                f"Right: the recall gain's estimate is {100 * gain_estimate:+.1f} points, so retraining "
                f"{every} does not clear {line_text} at any price, not even at the estimate."
            )
        return True, (
            f"Right: at the estimate, retraining {every} clears {line_text} below {describe(point)} a "
            f"retraining; {tail} "
            + (
                "Between the two prices a decision on the point would retrain and a decision on the interval would not."
                if ceiling is not None
                else "Below the first price a decision on the point would retrain; a decision on the interval "
                "would not, at any price."
            )
        )

    return custom(
        "4 · Price a retraining schedule",
        f"Today a retraining costs an assumed {retrain_cost:,.0f} dollars and the stated rule keeps no schedule over never. "
        f"The pipeline team offers to make retraining cheaper. For retraining {every} against never, give two "
        f"prices per retraining, against the {line_text} a schedule must clear"
        + (" (set before looking; gate 4b judges the schedule against the same line)" if min_net else "")
        + ": (1) the price below which its net value a month clears that line at the *estimate* of "
        "its recall gain; (2) the price below which the *whole* 95% paired interval of its net value clears it, "
        "or `None` if no price, not even a free retraining, does that. Net a month = recall gain x dollars per unit "
        f"of recall - price / {months_between}. Work them out from `recall_diff[('never', '{months_between}')]` "
        "(`.estimate`, `.low`, `.high`: the recall gain, 95% paired bootstrap) and `dollars_per_recall` "
        "(dollars a month per unit of recall: the frauds a month times what one more fraud caught is worth at "
        "the same alert volume). Answer `(price_1, price_2)`.",
        check,
        hints=[
            f"Set the net to {line_text} and solve for the price: price = {months_between} x (gain x dollars per "
            "unit of recall"
            + (f" - {min_net:,.0f})" if min_net else ")")
            + ", with the gain taken at the estimate for the first price.",
            "For the second price the gain is taken at the interval's low end. What if, even at a price of zero, "
            f"its net does not clear {line_text}?",
        ],
        solution=(
            f"Gain {100 * gain_estimate:+.1f} points (95% {100 * gain_low:+.1f} to {100 * gain_high:+.1f}); "
            f"dollars per unit of recall {per_share:,.0f}; line {line_text}. At the estimate: {months_between} x "
            f"({gain_estimate:.4f} x {per_share:,.0f}"
            + (f" - {min_net:,.0f}" if min_net else "")
            + f") = {describe(point)}. Whole interval: "
            + (
                f"{months_between} x ({gain_low:.4f} x {per_share:,.0f}"
                + (f" - {min_net:,.0f}" if min_net else "")
                + f") = {ceiling:,.0f} dollars."
                if ceiling is not None
                else f"even at a price of zero the low end's net ({gain_low * per_share:,.0f} dollars a month) does not "
                f"clear {line_text}, so `None`: the price is not what holds retraining back; the evidence of a "
                "large enough gain is."
            )
        ),
        practice="by-hand",
    )
