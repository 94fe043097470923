"""Exercise 1 of notebook 05: the largest added latency that keeps the business case's payback date.

The payback month of a case re-run at an added latency, the bisection that finds the edge, and the exercise that
checks a learner's latency budget against it.
"""

from __future__ import annotations

import math

from .. import custom


def _payback(case, latency_ms: float) -> float:
    return case.with_(added_latency_ms=float(latency_ms)).evaluate().break_even.months


def largest_latency(case, payback_months: float, *, step: float = 0.1, limit: float = 1_000.0) -> float:
    """The largest added latency (ms, to ``step``) at which ``case`` still pays back within ``payback_months``.

    Payback only gets later as latency grows (the churn curve never falls), so a
    bisection finds the edge. Returns 0.0 when even no added latency misses it.

    Parameters
    ----------
    case : aipm_kit.planning.BusinessCase
        The business case; only its ``added_latency_ms`` is varied (through ``case.with_``).
    payback_months : float
        The latest payback the sponsor accepts, in months.
    step : float, default 0.1
        The precision of the answer, in milliseconds: the bisection stops when the edge is bracketed this closely.
    limit : float, default 1000.0
        The largest latency searched, in milliseconds; returned when even it keeps the date.

    Returns
    -------
    float
        The largest latency found (ms) that still pays back in time, within ``step`` below the true edge;
        0.0 when the case misses the date with no added latency, ``limit`` when it keeps it even there.

    Examples
    --------
    Notebook 05's case (the :class:`~aipm_kit.planning.BusinessCase` defaults) adds 150 ms today:

    >>> from aipm_kit.planning import BusinessCase
    >>> case = BusinessCase()
    >>> round(largest_latency(case, 12), 1)
    145.1
    >>> largest_latency(case.with_(monthly_cost=50_000), 12)   # misses the date even at 0 ms
    0.0
    """
    if _payback(case, 0.0) > payback_months:
        return 0.0
    if _payback(case, limit) <= payback_months:
        return limit
    lo, hi = 0.0, limit
    while hi - lo > step:
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if _payback(case, mid) <= payback_months else (lo, mid)
    return lo


def bind_case(*, case, payback_months: float = 12.0, tolerance_ms: float = 10.0, latency_range=None):
    """Exercise 1: the largest added latency at which the case pays back within ``payback_months``.

    ``latency_range`` is engineering's (low, high) range for the added latency;
    the feedback says whether the edge lies inside it (the date is then not yet
    settled: measure the latency first) or outside.

    An answer is right when the case, re-run at that latency, still pays back in time and lies within
    ``tolerance_ms`` of the edge found by :func:`largest_latency`; when no latency keeps the date, only 0 is right.

    Parameters
    ----------
    case : aipm_kit.planning.BusinessCase
        The notebook's business case.
    payback_months : float, default 12.0
        The latest payback the sponsor accepts, in months.
    tolerance_ms : float, default 10.0
        How far below the edge (ms) an answer may be and still count as the largest budget.
    latency_range : tuple of (float, float), optional
        Engineering's range for the added latency, in ms; when given, the feedback on a right answer says
        whether the edge lies inside it.

    Returns
    -------
    Exercise
        A by-hand exercise, ``"1 · A latency budget that keeps the payback date"``; the answer is a number
        of milliseconds.

    Examples
    --------
    >>> from aipm_kit.planning import BusinessCase
    >>> q = bind_case(case=BusinessCase(), payback_months=12)
    >>> q.check(145)
    [1 · A latency budget that keeps the payback date] Correct: Right: at 145 ms it pays back in 12.0 months; the
    edge is about 145 ms, below the 150 ms assumed today.
    >>> q.check(150)
    [1 · A latency budget that keeps the payback date] Not yet: At 150 ms the case pays back in 13.2 months, later
    than 12: the churn it adds eats the value. Try less.
    """
    edge = largest_latency(case, payback_months)
    if latency_range is None:
        where = ""
    else:
        lo_ms, hi_ms = (float(v) for v in latency_range)
        if lo_ms < edge < hi_ms:
            where = (
                f" The assumed range for the added latency, {lo_ms:,.0f} to {hi_ms:,.0f} ms, straddles that "
                "edge, so the payback date is not yet settled: measure the latency before promising the date."
            )
        elif edge >= hi_ms:
            where = f" Even the top of the assumed range, {hi_ms:,.0f} ms, keeps the date."
        else:
            where = f" Even the bottom of the assumed range, {lo_ms:,.0f} ms, misses the date."

    def checker(answer):
        try:
            x = float(answer)
        except (TypeError, ValueError):
            return False, f"Answer with a number of milliseconds, got {answer!r}."
        if not math.isfinite(x) or x < 0:
            return False, "A latency budget is a number of milliseconds, 0 or more."
        months = _payback(case, x)
        if edge == 0.0:
            return (
                x == 0.0,
                "Right: even with no added latency the case misses the date, so no latency fits."
                if x == 0.0
                else f"Even at 0 ms the case pays back in {_payback(case, 0):.1f} months, "
                f"later than {payback_months:g}: no latency budget keeps the date; answer 0.",
            )
        if months > payback_months:
            return False, (
                f"At {x:,.0f} ms the case pays back in {months:.1f} months, later than "
                f"{payback_months:g}: the churn it adds eats the value. Try less."
            )
        if x < edge - tolerance_ms:
            return False, (
                f"At {x:,.0f} ms it pays back in {months:.1f} months, inside the date, but you can give "
                f"engineering more room: the payback stays within {payback_months:g} months up to "
                "a higher latency. Search upward."
            )
        today = {True: "below", False: "at or above"}[edge < case.added_latency_ms]
        return True, (
            f"Right: at {x:,.0f} ms it pays back in {months:.1f} months; the edge is about {edge:,.0f} ms, "
            f"{today} the {case.added_latency_ms:,.0f} ms assumed today.{where}"
        )

    q1 = custom(
        "1 · A latency budget that keeps the payback date",
        f"The sponsor wants the project to pay back within **{payback_months:g} months**. Engineering asks how "
        "much latency the new model may add. With every other assumption as set, what is the **largest added "
        f"latency (ms)** at which the case still pays back in time? Re-run the case at different latencies "
        f"(`case.with_(added_latency_ms=...).evaluate().break_even.months`); answer to within {tolerance_ms:g} ms.",
        checker,
        hints=[
            "Payback only gets later as latency grows: try a few values and close in on the edge.",
            "Below 100 ms the assumed curve adds no churn; the edge lies between 100 ms and today's latency "
            "if today's latency misses the date.",
            "A loop over `range(100, 200)` printing the break-even month finds it.",
        ],
        solution=lambda: (
            f"```python\nfor ms in range(100, 201, 5):\n    print(ms, case.with_(added_latency_ms=ms)"
            f".evaluate().break_even.months)\n```\nThe payback crosses {payback_months:g} months at "
            f"about {edge:,.0f} ms (`nb05.largest_latency(case, {payback_months:g})`). The model adds "
            f"{case.added_latency_ms:,.0f} ms today, so it pays back in {_payback(case, case.added_latency_ms):.1f} "
            "months: make it faster, or move the date. A steeper churn curve moves the edge down."
        ),
        practice="by-hand",
    )
    return q1
