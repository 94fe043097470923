"""Exercise 8 of notebook 02: size next month's random audit for a target width set in advance.

``bind_audit_plan`` binds the decision to the training months' unlabelled volume, fraud share and caught
frauds, and to the review hours the alerts leave for the audit.
"""

from __future__ import annotations

import math

import numpy as np

from .. import _as_number, custom


def bind_audit_plan(
    *,
    unlabelled: float,
    fraud_rate: float,
    caught: float,
    target: float,
    hours_of=None,
    hours_free: float | None = None,
    part: str | None = None,
    why: str = "",
    census: float = 0.0,
    rest_today: float | None = None,
    fraud_rate_interval=None,
):
    """Bind exercise 8 of notebook 02 (decision): size next month's random audit for a target width set in advance.

    The plan rests on the training months, not on the months being graded. A random audit of ``n`` estimates the
    month's uncaught fraud ``unlabelled * fraud_rate`` with a 95% half-width of about
    ``1.96 * unlabelled * sqrt(p (1 - p) / n)``; the target is that half-width at most ``target`` times the month's
    fraud total ``caught + unlabelled * fraud_rate``. Accepted: any whole ``n`` from the smallest that meets the
    target with the finite-population correction (``n0 / (1 + n0 / unlabelled)``) to 15% above the smallest
    without it (``n0``), if it fits the hours. With ``fraud_rate_interval`` the smallest accepted is the n that meets
    the target at every p in that interval.

    The whole audit shares ``hours_free``: ``census`` investigations a month come first (counted, not sampled), then
    the ``n`` planned, and the rest of the audit (the other amounts) gets what is left. So an answer fits when
    ``hours_of(census + n) <= hours_free``.

    Parameters
    ----------
    unlabelled : float
        Unlabelled transactions a month (N); positive.
    fraud_rate : float
        The share of them the random audit found to be fraud (p); strictly between 0 and 1.
    caught : float
        Caught frauds a month; at least 0.
    target : float
        The half-width allowed, as a share of the month's fraud total; strictly between 0 and 1.
    hours_of : callable, optional
        ``hours_of(size)``: the review hours a week an audit of ``size`` a month takes. Without it (or without
        ``hours_free``) the hours are not checked.
    hours_free : float, optional
        The review hours a week the alerts leave for the whole audit.
    part : str, optional
        The part of the transactions the numbers are of (e.g. ``"top-quartile amounts"``): the audit planned is then
        a random draw among its unlabelled rows (a stratum of next month's audit).
    why : str, default ""
        Opens the prompt when ``part`` is given: what the plan is for.
    census : float, default 0.0
        Investigations a month that come first in the audit's hours; at least 0.
    rest_today : float, optional
        Today's random audit of the rest, a month: the feedback says how much of it the hours left still cover.
    fraud_rate_interval : tuple of float, optional
        p's 95% interval, holding ``fraud_rate`` inside (0, 1): the feedback gives the smallest n at either end and
        the n that meets the target at every p in it, the smallest size accepted.

    Returns
    -------
    Exercise
        The exercise (``q8``).

    Raises
    ------
    ValueError
        When a number is out of the ranges above, or ``fraud_rate_interval`` does not hold ``fraud_rate``.

    Examples
    --------
    >>> q8 = bind_audit_plan(unlabelled=6_000, fraud_rate=0.01, caught=60, target=0.3,
    ...                      hours_of=lambda n: n / 50, hours_free=30)  # 50 investigations an hour a week
    >>> print(q8.check(1_057))
    [8 · Size next month's audit for a target width] Correct: Defensible. A random audit of 1,057 a month (21.1 ...
    >>> print(q8.check(500))
    [8 · Size next month's audit for a target width] Not yet: ... Too small: the interval would be wider than ...
    """
    unlabelled, p, caught, target = float(unlabelled), float(fraud_rate), float(caught), float(target)
    census = float(census)
    if not 0 < p < 1 or unlabelled <= 0 or caught < 0 or not 0 < target < 1 or census < 0:
        raise ValueError(
            "unlabelled must be positive, fraud_rate and target between 0 and 1, caught and census at least 0"
        )
    total = caught + unlabelled * p
    total_name = "the month's fraud total" if part is None else f"the month's fraud total among {part}"

    def smallest(rate):  # the smallest n that meets the target if the fraud rate is `rate`, with the correction
        first = (1.96 * unlabelled) ** 2 * rate * (1 - rate) / (target * (caught + unlabelled * rate)) ** 2
        return first, math.ceil(first / (1 + first / unlabelled))

    n0, lowest = smallest(p)  # n0: no finite-population correction
    highest = math.ceil(1.15 * n0)
    needed = lowest  # the smallest n accepted: with p's interval, the n that meets the target anywhere in it
    if fraud_rate_interval is not None:
        p_low, p_high = (float(v) for v in fraud_rate_interval)
        if not 0 < p_low <= p <= p_high < 1:
            raise ValueError("fraud_rate_interval must hold fraud_rate, inside (0, 1)")
        safe = max(smallest(q)[1] for q in (*np.linspace(p_low, p_high, 201), p))  # the target at every p in it
        highest = max(highest, safe)
        needed = safe
        on_estimate = (
            f" The size rests on p, an estimate: at the ends of its 95% Wilson interval ({p_low:.2%} and "
            f"{p_high:.2%}) the smallest n would be {smallest(p_low)[1]:,} and {smallest(p_high)[1]:,}. "
            f"Meeting the target anywhere in that interval needs {safe:,}"
            + (
                " (p's own estimate asks the most)."
                if safe == lowest
                else ", the size to plan, since p could be anywhere in it."
            )
        )
    else:
        on_estimate = ""

    def half_width(n):  # with the finite-population correction: the audit draws n of only N rows
        return 1.96 * unlabelled * math.sqrt(p * (1 - p) / n * max(0.0, 1 - n / unlabelled)) / total

    def cost(n):
        return "" if hours_of is None else f" ({hours_of(n):,.1f} review hours a week)"

    def checker(answer):
        value = _as_number(answer)
        if value != math.floor(value) or value < 1:
            return False, "An audit size is a whole number of transactions a month, at least 1."
        n = int(value)
        if n > unlabelled:
            return False, f"No month has more than about {unlabelled:,.0f} unlabelled transactions to audit."
        said = (
            f"A random audit of {n:,} a month{cost(n)} gives a 95% half-width of about {half_width(n):.0%} of "
            f"{total_name} if p is {p:.2%} (itself an estimate from the training months), against a target of "
            f"{target:.0%}."
        )
        if n < lowest:
            return False, (
                f"{said} Too small: the interval would be wider than the plan allows. Solve "
                "1.96 x N x sqrt(p(1 - p)/n) <= target x total for n."
            )
        if n < needed:
            return False, (
                f"{said} That meets the target only if p is at its estimate.{on_estimate} A plan sized on "
                "the point estimate misses its own target for much of p's plausible range."
            )
        fits = hours_of is None or hours_free is None or hours_of(census + n) <= hours_free
        with_census = f"the census (about {census:,.0f} a month) and " if census else ""
        if not fits:
            return False, (
                f"{said} It does not fit: {with_census}{n:,} a month take {hours_of(census + n):,.1f} of "
                f"the {hours_free:,.1f} review hours a week the alerts leave for the whole audit."
            )
        if n > highest:
            return False, (
                f"{said} More than the target needs: the smallest audit that meets it is about "
                f"{lowest:,} with the finite-population correction ({math.ceil(n0):,} without), and every "
                "extra investigation takes review hours. Plan the smallest size that meets the target set "
                "in advance."
            )
        return True, (
            f"Defensible. {said}{rest_said(n)}{on_estimate} The size comes from a target width chosen "
            "before the audit, not from re-taking the gate at several sizes and keeping the best verdict."
        )

    def rest_said(n):  # what the whole audit's hours leave for the rest of it, after the census and this part
        if hours_of is None or hours_free is None:
            return ""
        left = hours_free - hours_of(census + n)
        other = math.floor(left / hours_of(1) + 1e-9)  # investigations a month the hours left allow
        said = (
            f" {with_census_of(n)}take {hours_of(census + n):,.1f} of the {hours_free:,.1f} h a week the "
            f"alerts leave; the other {left:,.1f} h cover about {other:,} investigations a month of the rest"
        )
        if rest_today is None:
            return said + "."
        return said + (
            f", enough for today's {rest_today:,.0f}."
            if other >= rest_today
            else f", down from {rest_today:,.0f} today: the plan cuts that part of the audit and widens its intervals."
        )

    def with_census_of(n):
        return f"The census (about {census:,.0f} a month) and these {n:,} " if census else f"These {n:,} "

    if part is None:
        prompt = (
            f"Plan next month's random audit before it is drawn. From the training months: about "
            f"{unlabelled:,.0f} unlabelled transactions a month (N), of which the random audit found a share "
            f"p = {p:.2%} to be fraud, and about {caught:,.0f} caught frauds a month, so a month's fraud total is "
            f"about {total:,.0f}. The team wants the month's fraud total known within +/-{target:.0%} of itself "
            "(95%). A random audit of n gives a 95% half-width of about 1.96 x N x sqrt(p(1 - p)/n) on the "
            "uncaught fraud; drawing n of only N rows, the finite-population correction n0 / (1 + n0 / N) "
            "lowers the n0 that formula gives."
        )
    else:
        prompt = (
            f"{why + ' ' if why else ''}Plan next month's audit of {part} before it is drawn: n transactions "
            f"drawn at random among its unlabelled ones. From the training months, among {part}: about "
            f"{unlabelled:,.0f} unlabelled transactions a month (N), of which the random audit found a share "
            f"p = {p:.2%} to be fraud, and about {caught:,.0f} caught frauds a month, so {total_name} is about "
            f"{total:,.0f}. The target: that total known within +/-{target:.0%} of itself (95%). A random audit "
            "of n of the N gives a 95% half-width of about 1.96 x N x sqrt(p(1 - p)/n) on the uncaught fraud; "
            "drawing n of only N rows, the finite-population correction n0 / (1 + n0 / N) lowers the n0 that "
            "formula gives."
        )
    return custom(
        "8 · Size next month's audit for a target width",
        prompt
        + (
            " By hand, find the smallest n that meets the target, check that it fits the review hours the "
            "alerts leave ("
            + (
                f"the census of about {census:,.0f} a month comes first: `audit_hours_of({census:,.0f} + n)`; "
                if census
                else "`audit_hours_of(n)`; "
            )
            + "the rest of the audit gets what is left), and answer with n"
            + (
                ": one that meets the target wherever p lies in its 95% interval (printed above), not only at "
                "p's estimate."
                if fraud_rate_interval is not None
                else "."
            )
        ),
        checker,
        practice="decision",
        hints=[
            "Set 1.96 x N x sqrt(p(1 - p)/n) equal to the target times the total, and solve for n.",
            "n0 = (1.96 x N)^2 x p(1 - p) / (target x total)^2; with the correction n = n0 / (1 + n0 / N), "
            "rounded up (either is accepted).",
        ],
        solution=lambda: (
            f"n = (1.96 x {unlabelled:,.0f})^2 x {p:.4f} x {1 - p:.4f} / ({target:.2f} x {total:,.0f})^2 "
            f"= {n0:,.0f}, rounded up to {math.ceil(n0):,} a month{cost(math.ceil(n0))}. With the "
            f"finite-population correction (the audit draws from only {unlabelled:,.0f} rows) about "
            f"{lowest:,} is enough.{rest_said(lowest)}{on_estimate} A larger audit buys precision the "
            "plan did not ask for with review hours; a smaller one leaves the fraud total, and every "
            "recall graded on it, too uncertain."
        ),
    )
