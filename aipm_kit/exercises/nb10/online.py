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
    half a half-width inside its line (``-guard_margin_points``), each with the half-width given."""
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
