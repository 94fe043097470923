"""Exercise 6 of notebook 10: ship, stop or not yet on an online test's two lines.

The made-up intervals of the scenario, and the reading: ship when both lines hold on their whole intervals, stop
when either fails on its whole interval, not yet otherwise.
"""

from __future__ import annotations

from .. import choice


def online_scenario(
    *, primary_half: float, guard_half: float, min_effect_points: float, guard_margin_points: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Exercise 6's made-up intervals, in points: the primary centred on its minimum rise, the guardrail
    half a half-width inside its line (``-guard_margin_points``), each with the half-width given.

    Parameters
    ----------
    primary_half : float
        The half-width of the primary metric's interval, in points.
    guard_half : float
        The half-width of the guardrail's interval, in points.
    min_effect_points : float
        The smallest rise of the primary metric the plan looks for, in points: the primary's centre.
    guard_margin_points : float
        How far the guardrail may fall, in points (its sign is ignored): the guardrail's line is minus this.

    Returns
    -------
    tuple of (float, float), (float, float)
        ``((primary_low, primary_high), (guardrail_low, guardrail_high))``, in points.

    Examples
    --------
    >>> primary, guard = online_scenario(primary_half=0.7, guard_half=1.4, min_effect_points=1, guard_margin_points=3)
    >>> [round(x, 2) for x in primary], [round(x, 2) for x in guard]
    ([0.3, 1.7], [-3.7, -0.9])
    """
    primary_mid = float(min_effect_points)
    guard_mid = -abs(float(guard_margin_points)) + float(guard_half) / 2
    return ((primary_mid - primary_half, primary_mid + primary_half), (guard_mid - guard_half, guard_mid + guard_half))


def read_online_result(
    *,
    primary: tuple[float, float],
    guardrail: tuple[float, float],
    guard_margin_points: float,
    level: float = 0.95,
    number: int = 6,
):
    """Decision: read a (made-up) online result against the plan's two lines.

    ``primary`` and ``guardrail`` are the ``level`` intervals of the change, in
    points, of the primary metric (fix minus filler; must rise: the whole interval
    above 0) and the guardrail (fix minus control; may fall by at most
    ``guard_margin_points``). Ship when both hold on their whole intervals; stop
    when either fails on its whole interval (the primary's at or below 0, or the
    guardrail's below its line); otherwise "not yet".

    Parameters
    ----------
    primary : tuple of (float, float)
        The primary metric's interval of the change, in points (either order).
    guardrail : tuple of (float, float)
        The guardrail's interval of the change, in points (either order).
    guard_margin_points : float
        How far the guardrail may fall, in points (its sign is ignored).
    level : float, default 0.95
        The intervals' confidence level, as the prompt states it.
    number : int, default 6
        The exercise's number in the notebook.

    Returns
    -------
    Exercise
        A decision exercise, ``"N · Read the online result"``, with the options ``ship``, ``stop`` and
        ``not yet``.

    Examples
    --------
    The guardrail's interval straddles its -3 point line: neither ship nor stop.

    >>> q = read_online_result(primary=(0.3, 1.9), guardrail=(-3.6, 0.4), guard_margin_points=3)
    >>> sorted(q.options)
    ['not yet', 'ship', 'stop']
    >>> q.check("not yet").correct, q.check("ship").correct
    (True, False)
    >>> q.check("ship").message
    'Not on these intervals (primary +0.3 to +1.9 points; guardrail -3.6 to +0.4 points (line -3.0)): a line holds only when its whole interval clears it; the middle of an interval is a point estimate.'
    """
    (p_lo, p_hi), (g_lo, g_hi) = sorted(map(float, primary)), sorted(map(float, guardrail))
    line = -abs(float(guard_margin_points))
    if g_hi < line or p_hi <= 0:
        right = "stop"
    elif p_lo > 0 and g_lo > line:
        right = "ship"
    else:
        right = "not yet"
    shown = f"primary {p_lo:+.1f} to {p_hi:+.1f} points; guardrail {g_lo:+.1f} to {g_hi:+.1f} points (line {line:+.1f})"
    options = {
        "ship": "Ship the fix to every user now",
        "stop": "Stop the test, keep item-kNN as it is",
        "not yet": "Neither: keep item-kNN, settle the open line",
    }
    feedback = {
        "ship": (
            f"Not on these intervals ({shown}): a line holds only when its whole interval clears it; "
            "the middle of an interval is a point estimate."
        ),
        "stop": (
            f"Not on these intervals ({shown}): stopping needs a line to fail on its whole interval (the "
            "primary's at or below 0, or the guardrail's below its line); an interval that straddles a line "
            "shows neither harm nor safety."
        ),
        "not yet": (
            f"Not on these intervals ({shown}): both lines hold on their whole intervals (ship), or a "
            "line fails on its whole interval (stop)."
        ),
    }
    feedback[right] = {
        "ship": f"Right: {shown}. Both lines hold on their whole intervals: ship.",
        "stop": (
            f"Right: {shown}. A line fails on its whole interval (the primary's at or below 0, "
            "or the guardrail's below its line): stop."
        ),
        "not yet": (
            f"Right: {shown}. A line that an interval straddles is not settled: do not "
            "ship, and do not stop; say which line is open and what would settle it "
            "(more users for that metric, sized before the extension)."
        ),
    }[right]
    return choice(
        f"{number} · Read the online result",
        f"A scenario (made-up results, not a forecast): the planned test ran. Its {level:.0%} intervals of the change, as the plan defines them (primary: "
        f"fix minus filler; guardrail: fix minus control): {shown}. Ship, stop, or not yet?",
        options,
        right,
        feedback=feedback,
        practice="decision",
        hints=[
            "Ship needs both lines to hold on their whole intervals: the primary's low end above 0 and "
            "the guardrail's low end above its line.",
            "Stop needs a line to fail on its whole interval: the primary's high end at or below 0, or the "
            "guardrail's high end below its line.",
        ],
        solution=feedback[right],
    )
