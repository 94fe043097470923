"""Exercise 5: trade false rollbacks for caught drops, and the interval of a product of two estimates.

The learner picks how many false rollbacks to tolerate, finds the precision floor that allows, and says whether
that floor catches a real drop often enough (and, with a budget, whether its false rollbacks cost too much a
year); :func:`product_interval` combines the two uncertain inputs of that yearly cost.
"""

from __future__ import annotations

import math

from .. import custom
from .._answers import number as _number
from .._answers import pair as _pair
from ._common import _verdict


def product_interval(a: float, a_interval, b: float, b_interval, confidence: float = 0.95):
    """The interval of the product ``a * b`` of two independent estimates, each given with its interval.

    The delta method on the log scale: each input's relative standard error is its interval's width over
    ``2 z`` times its point (``z`` the normal quantile of ``confidence``), the two add in quadrature, and the
    product's interval is ``a * b * exp(-+ z * se)``. Multiplying low end by low end and high end by high end
    would give a band much wider than the stated level. With a point at zero, the product's interval runs
    from zero to the product of the high ends (the relative error is undefined there).
    Returns ``(point, low, high)``.

    Parameters
    ----------
    a : float
        The first estimate.
    a_interval : (float, float)
        Its interval, ``(low, high)``.
    b : float
        The second estimate.
    b_interval : (float, float)
        Its interval, ``(low, high)``.
    confidence : float, optional
        The level both intervals are given at, and the product's; default 0.95.

    Returns
    -------
    tuple of float
        ``(point, low, high)``: ``a * b`` and its interval.

    Examples
    --------
    >>> [round(x, 3) for x in product_interval(2.0, (1.5, 2.5), 10.0, (8.0, 12.0))]
    [20.0, 14.521, 27.547]
    >>> [round(x, 3) for x in product_interval(0.0, (0.0, 0.5), 10.0, (8.0, 12.0))]  # a point at zero
    [0.0, 0.0, 6.0]
    """
    from scipy.stats import norm

    a, b = float(a), float(b)
    (a_low, a_high), (b_low, b_high) = (tuple(float(v) for v in a_interval), tuple(float(v) for v in b_interval))
    point = a * b
    if a <= 0 or b <= 0:
        return point, 0.0, max(a_high, 0.0) * max(b_high, 0.0)
    z = float(norm.ppf(0.5 + confidence / 2))
    se = math.hypot((a_high - a_low) / (2 * z * a), (b_high - b_low) / (2 * z * b))
    return point, point * math.exp(-z * se), point * math.exp(z * se)


def bind_floor(
    *,
    line_for,
    calm_share,
    caught_share,
    n_weeks: int,
    for_periods: int,
    drop_points: float,
    detect_line: float,
    alert_tolerance: float,
    cost_per_false_rollback: float,
    budget_per_year: float | None = None,
    cost_interval=None,
    days_off: float = 1.0,
    slack_points: float = 2.0,
    confidence: float = 0.95,
    calm_firings=None,
    caught_interval=None,
    yearly_cost=None,
):
    """Exercise 5: trade false rollbacks for caught drops, and the review's detection check.

    The learner picks the share of calm weeks in which a false rollback is tolerated, finds the
    floor it allows, and says whether that floor catches a ``drop_points`` fall in precision within
    its week in at least ``detect_line`` of simulated weeks (``"pass"``, ``"fail"`` or ``"not
    yet"``, on the Wilson interval over ``n_weeks`` simulated weeks). Every tolerated share below
    the alert's (``alert_tolerance``) is defensible; the floor must be the one it allows (within
    ``slack_points`` below it) and the verdict the one that floor earns.

    With ``budget_per_year`` the verdict weighs both sides: the false rollbacks a year (52 times
    the calm share) times ``cost_per_false_rollback`` must stay within the budget, on the Wilson
    interval of the calm share, and the detection must clear its line. ``"pass"`` needs both
    intervals on the right side, ``"fail"`` either one wholly on the wrong side, else ``"not yet"``.

    Parameters
    ----------
    line_for : callable
        ``line_for(share, for_periods)``: the highest line on the grid that fires in at most
        ``share`` of simulated calm weeks.
    calm_share, caught_share : callable
        ``calm_share(line, for_periods)``: share of simulated calm weeks in which a rule at
        ``line`` fires; ``caught_share(line, for_periods)``: share of simulated weeks with a
        ``drop_points`` fall in precision in which it fires within the week.
    n_weeks : int
        The number of simulated weeks each share is taken over (the Wilson intervals' sample size).
    for_periods : int
        Passed on, unchanged, as the second argument of every function given here: how long the rule waits
        below its floor before it fires (the notebook's ``FLOOR_HOURS``).
    drop_points : float
        The fall in precision the floor must catch, in percentage points (for the messages).
    detect_line : float
        The share of weeks with such a fall the floor must catch; strictly between 0 and 1, or ValueError.
    alert_tolerance : float
        The share of calm weeks in which the alert fires; strictly between 0 and 1, or ValueError. A
        tolerance at or above it is refused.
    cost_per_false_rollback : float
        Dollars of fraud the model's extra holds stop per day (what a day without the model gives up).
    budget_per_year : float, optional
        Dollars a year the false rollbacks may cost (at least 0). Given, the verdict weighs the cost too;
        default None (detection only).
    cost_interval : (low, high), optional
        The interval of ``cost_per_false_rollback`` (it is sampled too); the yearly cost's interval then
        combines it with the false rollbacks' interval by :func:`product_interval` (the delta method on the
        log scale), at ``confidence``.
    days_off : float or callable
        Days the model stays off after a false rollback (an assumption the notebook states; default 1), or
        ``days_off(line, for_periods)``: the days a false rollback of a floor at ``line`` keeps the model off.
    slack_points : float, optional
        How far, in percentage points, the learner's floor may sit below the highest floor their tolerance
        allows; default 2.
    confidence : float, optional
        The level of every interval; default 0.95.
    calm_firings : callable, optional
        ``calm_firings(line, for_periods)``: the mean number of firings per simulated calm week, with its
        interval, as ``(mean, low, high)``. A week may hold more than one firing, so when given, false rollbacks
        a year are 52 times this mean (and their interval 52 times its ends), not 52 times the calm share.
    caught_interval : callable, optional
        ``caught_interval(line, for_periods)``: ``(low, high)``, the range of the caught share across what
        normal precision may be (each end with its own simulation interval). When given, detection is decided
        on it instead of the Wilson interval at the point: ``"pass"`` only if ``low`` clears the line.
    yearly_cost : callable, optional
        ``yearly_cost(line, for_periods)``: ``(point, low, high)``, the dollars a year of a floor's false
        rollbacks at the reference and their range across what normal precision may be (each end with its own
        interval). When given (with ``budget_per_year``), the cost is decided on that range instead of the
        interval at the point: ``"pass"`` only if ``high`` is within the budget, ``"fail"`` only if ``low`` is over.


    Returns
    -------
    Exercise
        ``q5``, a decision answered with ``(tolerated share, floor, verdict)``.

    Examples
    --------
    A floor at ``line`` fires in ``line - 0.5`` of calm weeks and catches a drop in ``line - 0.1`` of weeks
    with one, over 10,000 simulated weeks:

    >>> q5 = bind_floor(line_for=lambda share, fp: round(0.5 + share, 3),
    ...                 calm_share=lambda line, fp: min(max(line - 0.5, 0.0), 1.0),
    ...                 caught_share=lambda line, fp: line - 0.1, n_weeks=10_000, for_periods=2,
    ...                 drop_points=20, detect_line=0.4, alert_tolerance=0.10, cost_per_false_rollback=1_000.0)
    >>> q5.check((0.05, 0.55, "pass"))
    [5 · Trade false rollbacks for caught drops] Correct: Defensible: tolerating 5%, the floor is 0.550: about
    2.6 false rollbacks a year (each keeps the model off about 24 hours and costs about 1,000 dollars of fraud
    the model would have stopped); it catches a 20-point drop within its week in 45% of simulated weeks (95%
    Wilson 44% to 46%) against the line of 40%: the detection check is 'pass'. So your floor's verdict is
    **pass**.
    >>> q5.check((0.12, 0.62, "pass")).message
    'A rollback that tolerates 12% of false firings is as noisy as the alert (10%) or noisier: nothing would
    warn a person before the model is switched off. Tolerate less than the alert does.'
    """
    from ...metrics import wilson_interval

    for f in (line_for, calm_share, caught_share):
        if not callable(f):
            raise TypeError("line_for, calm_share and caught_share must be functions")
    alert_tolerance = _number(alert_tolerance, "alert_tolerance")
    detect_line = _number(detect_line, "detect_line")
    if not 0 < alert_tolerance < 1 or not 0 < detect_line < 1:
        raise ValueError("alert_tolerance and detect_line are shares strictly between 0 and 1")
    n_weeks = int(n_weeks)
    cost = _number(cost_per_false_rollback, "cost_per_false_rollback")
    if callable(days_off):
        days_of = days_off
    else:
        fixed_days = _number(days_off, "days_off")
        if fixed_days <= 0:
            raise ValueError("days_off must be above 0")
        days_of = lambda line, fp: fixed_days  # noqa: E731
    if cost_interval is None:
        cost_low = cost_high = cost
    else:
        cost_low, cost_high = (_number(v, "cost_interval") for v in _pair(cost_interval, "(low, high)"))
        if not cost_low <= cost <= cost_high:
            raise ValueError("cost_interval must hold cost_per_false_rollback")

    def per_rollback_of(floor):
        """The cost of one false rollback of a floor at ``floor``: (point, low, high) dollars."""
        days = _number(days_of(floor, for_periods), "days_off")
        if days <= 0:
            raise ValueError("days_off must be above 0")
        return days, days * cost, days * cost_low, days * cost_high

    budget = None if budget_per_year is None else _number(budget_per_year, "budget_per_year")
    if budget is not None and budget < 0:
        raise ValueError("budget_per_year must be at least 0")

    def verdict_of(floor):
        caught = float(caught_share(floor, for_periods))
        if caught_interval is None:
            low, high = wilson_interval(round(caught * n_weeks), n_weeks, confidence=confidence)
        else:
            low, high = (float(v) for v in caught_interval(floor, for_periods))
        if calm_firings is None:  # at most one firing a week: the share of calm weeks with one
            calm = float(calm_share(floor, for_periods))
            c_low, c_high = wilson_interval(round(calm * n_weeks), n_weeks, confidence=confidence)
        else:  # firings per calm week, a week may hold several
            calm, c_low, c_high = (float(v) for v in calm_firings(floor, for_periods))
        _, per_point, per_low, per_high = per_rollback_of(floor)
        if yearly_cost is not None:  # the range across normal precision, priced by the caller
            y_point, y_low, y_high = (float(v) for v in yearly_cost(floor, for_periods))
        elif cost_interval is None:  # one uncertain input: its ends carry over
            y_low, y_high = 52 * c_low * per_point, 52 * c_high * per_point
        else:  # two: combined on the log scale, so the band keeps its level
            _, y_low, y_high = product_interval(
                52 * calm, (52 * c_low, 52 * c_high), per_point, (per_low, per_high), confidence=confidence
            )
        detect = "pass" if low >= detect_line else "fail" if high < detect_line else "not yet"
        spend = None if budget is None else "pass" if y_high <= budget else "fail" if y_low > budget else "not yet"
        word = (
            detect
            if spend is None
            else "fail"
            if "fail" in (detect, spend)
            else "pass"
            if detect == spend == "pass"
            else "not yet"
        )
        if yearly_cost is None:
            y_point = 52 * calm * per_point
        return word, caught, low, high, calm, y_point, y_low, y_high, detect, spend

    def describe(share, floor):
        word, caught, low, high, calm, y_point, y_low, y_high, detect, spend = verdict_of(floor)
        days, per_rollback, per_low, per_high = per_rollback_of(floor)
        each = (
            f"each keeps the model off about {24 * days:.0f} hours and costs about {per_rollback:,.0f} dollars"
            + (f", {per_low:,.0f} to {per_high:,.0f}," if cost_interval is not None else "")
            + " of fraud the model would have stopped"
        )
        money = (
            f"; a year of them costs {y_point:,.0f} dollars (from {y_low:,.0f} to {y_high:,.0f}, "
            + (
                f"across normal precision's {confidence:.0%} interval, each end with its {confidence:.0%} "
                "interval of the false rollbacks and the price"
                if yearly_cost is not None
                else f"{confidence:.0%}, the false rollbacks a year and the cost combined"
                + (" on the log scale" if cost_interval is not None else "")
            )
            + ") against the budget of "
            f"{budget:,.0f}: the cost check is '{spend}'"
            if budget is not None
            else ""
        )
        return word, (
            f"tolerating {share:.0%}, the floor is {floor:.3f}: about {52 * calm:.1f} false rollbacks a year "
            f"({each}){money}; it catches a {drop_points:g}-point drop within its week in {caught:.0%} of "
            f"simulated weeks ("
            + (
                f"{low:.0%} to {high:.0%} across normal precision's {confidence:.0%} interval, each end "
                f"with its {confidence:.0%} Wilson interval"
                if caught_interval is not None
                else f"{confidence:.0%} Wilson {low:.0%} to {high:.0%}"
            )
            + ") against the line of "
            f"{detect_line:.0%}: the detection check is '{detect}'"
        )

    def checker(answer):
        if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 3:
            raise TypeError("answer with a triple (tolerated share, floor, verdict)")
        share, floor, claim = answer
        share, floor = _number(share, "the tolerated share"), _number(floor, "the floor")
        if not 0 < share < 1 or not 0 < floor < 1:
            return False, "The tolerated share and the floor are shares strictly between 0 and 1 (0.05, not 5)."
        if share >= alert_tolerance:
            return False, (
                f"A rollback that tolerates {share:.0%} of false firings is as noisy as the alert "
                f"({alert_tolerance:.0%}) or noisier: nothing would warn a person before the model is "
                "switched off. Tolerate less than the alert does."
            )
        claim = _verdict(claim)
        try:
            top = float(line_for(share, for_periods))
        except ValueError as err:
            return False, str(err)
        if float(calm_share(floor, for_periods)) > share + 1e-9:
            return False, (
                f"A floor at {floor:.3f} fires on noise in {calm_share(floor, for_periods):.1%} of calm "
                f"weeks, more than the {share:.0%} you tolerate: at most {top:.3f}."
            )
        if floor < top - slack_points / 100 - 1e-9:
            return False, (
                f"A floor at {floor:.3f} is quieter than you need: your tolerance allows {top:.3f}, "
                f"which catches {caught_share(top, for_periods):.0%} of the drops against "
                f"{caught_share(floor, for_periods):.0%}; every point lower misses more real incidents."
            )
        word, text = describe(share, floor)
        if claim == word:
            return True, f"Defensible: {text}. So your floor's verdict is **{word}**."
        why = (
            {
                "pass": "both intervals must sit on the right side: detection at or above its line, the yearly cost "
                "within the budget",
                "fail": "one interval must sit wholly on the wrong side: detection below its line, or the yearly "
                "cost above the budget",
                "not yet": "neither may fail outright and at least one must straddle its line",
            }
            if budget is not None
            else {
                "pass": "the whole interval must sit at or above the line",
                "fail": "the whole interval must sit below the line",
                "not yet": "the interval must straddle the line",
            }
        )[claim]
        return False, f"Not on this evidence: {text}. To say '{claim}', {why}; here it is '{word}'."

    def solution():
        rows = []
        for share in (0.01, 0.03, 0.05, 0.08):
            if share >= alert_tolerance:
                continue
            try:
                floor = float(line_for(share, for_periods))
            except ValueError:
                continue
            rows.append(describe(share, floor)[1] + f": {describe(share, floor)[0]}")
        return (
            "Re-run `line_for(share, FLOOR_HOURS)`, `calm_share` and `caught_share` for a few tolerances: "
            + "; ".join(rows)
            + ". Tolerating more false rollbacks raises the floor: it catches more real "
            "drops and switches a good model off more often. Which side to take depends on the price of a "
            "day without the model against a week of good customers held; any tolerance below the alert's, "
            "with the floor it allows and the verdict that floor earns, is a defensible answer."
        )

    if callable(days_off):
        each_costs = (
            "Each costs `days_off(floor, FLOOR_HOURS)`, the days a false rollback of that floor keeps the "
            f"model off, times `model_extra_per_day` (about {cost:,.0f} dollars a day"
        )
    else:
        each_costs = (
            f"Each costs about {fixed_days * cost:,.0f} dollars ({fixed_days:g} "
            f"day{'s' if fixed_days != 1 else ''} off times `model_extra_per_day`"
        )
    question = (
        f"does the floor catch such a drop in at least {detect_line:.0%} of weeks, and do its false rollbacks "
        f"cost at most {budget:,.0f} dollars a year? {each_costs}"
        + (
            f", itself sampled: {cost_low:,.0f} to {cost_high:,.0f} a day; combine the two intervals with "
            "`nb03.product_interval`, the delta method on the log scale)"
            if cost_interval is not None
            else ")"
        )
        + "."
        + (
            " The yearly cost is read across normal precision's interval, as detection is: "
            "`yearly_cost(floor, FLOOR_HOURS)` gives it as (point, low, high); 'pass' only if its high end is "
            "within the budget, 'fail' only if its low end is over."
            if yearly_cost is not None
            else ""
        )
        if budget is not None
        else f"does the floor catch such a drop in at least {detect_line:.0%} of weeks?"
    )
    return custom(
        "5 · Trade false rollbacks for caught drops",
        f"Choose how often you accept a false rollback (a share of calm weeks, below the alert's "
        f"{alert_tolerance:.0%}). Find the floor it allows with `line_for(share, FLOOR_HOURS)`, look at what it "
        "costs ("
        + (
            "`calm_firings(floor, FLOOR_HOURS)`, false firings per calm week with its interval, times 52 "
            "weeks: false rollbacks a year"
            if calm_firings is not None
            else "`calm_share(floor, FLOOR_HOURS)`, times 52 weeks, false rollbacks a year"
        )
        + ") and what it buys "
        f"(`caught_share(floor, FLOOR_HOURS)`, the share of simulated weeks in which a {drop_points:g}-point drop is "
        f'caught within the week), and answer `(share, floor, verdict)`: {question} The verdict is `"pass"`, '
        f'`"fail"` or `"not yet"`, decided on the {confidence:.0%} intervals over the `n_weeks` '
        "simulated weeks (of the false rollbacks and of the caught share)"
        + (
            ": the caught share across normal precision's interval, `caught_interval(floor, FLOOR_HOURS)`, 'pass' "
            "only if it clears the line at both ends"
            if caught_interval is not None
            else ""
        )
        + ".",
        checker,
        hints=[
            "`line_for(0.05, FLOOR_HOURS)` returns the highest floor firing in at most 5% of simulated calm weeks.",
            (
                "`caught_interval(floor, FLOOR_HOURS)` gives the caught share's range across normal precision"
                if caught_interval is not None
                else "`wilson_interval(round(caught * n_weeks), n_weeks, confidence=0.95)` gives the interval"
            )
            + "; 'pass' needs its low end at or above the line.",
        ],
        solution=solution,
        practice="decision",
    )
