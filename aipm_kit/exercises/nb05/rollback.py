"""Exercise 3 of notebook 05: the weekly rollback line for a tolerated false-rollback rate.

The highest one-week precision line a healthy model crosses by chance no more often than operations tolerates,
from the binomial tail of a week of alerts.
"""

from __future__ import annotations

from ...communicate import rollback_rule, share_below
from .. import custom


def bind_result(*, result, tolerated: float, tolerance_words: str | None = None):
    """Exercise 3: the rollback line for a tolerated false-rollback rate."""
    rule = rollback_rule(result, false_alarm=tolerated)
    n, p = rule.alerts, rule.at_precision

    def chance(line: float) -> float:
        return share_below(line, n, p)

    def rollback_checker(answer):
        x = float(answer)
        if not 0 <= x <= 1:
            return False, "Answer with a precision between 0 and 1 (0.45 for 45%)."
        c, higher = chance(x), chance(min(x + 1 / n, 1.0))
        if c > tolerated:
            return False, (
                f"A week at {p:.1%} precision falls below {x:.1%} by chance in {c:.1%} of weeks, about "
                f"{52 * c:.1f} false rollbacks a year: more than the {tolerated:.1%} a week operations "
                "tolerates. Lower the line."
            )
        if higher <= tolerated:
            return False, (
                f"Safe ({c:.1%} of healthy weeks), but one more correct alert in the line, "
                f"{min(x + 1 / n, 1.0):.1%}, is still within the tolerated {tolerated:.1%} and catches a "
                "real drop a week sooner. Raise the line."
            )
        return True, (
            f"Right: {x:.1%} is crossed by a healthy week in {c:.1%} of weeks (about {52 * c:.1f} false "
            f"rollbacks a year); one alert higher would be crossed in {higher:.1%}. "
            f"`rollback_rule(result, false_alarm={tolerated:.4f}).weekly_line` = {rule.weekly_line:.1%}."
        )

    q3 = custom(
        "3 · Set the rollback line for a tolerated false-rollback rate",
        (tolerance_words or "Operations will tolerate about **one false rollback a year** from the weekly rule")
        + f": a healthy week may cross the line with chance at most **{tolerated:.2%}**. Taking a week as exactly {n} alerts (simulated month 6's rate; the text after the exercise lets the count vary) "
        f"and a model still at {p:.1%} precision ({result.rollback_at_words}), what is the **highest one-week precision "
        "line** you can set? A week rolls back when its precision is strictly below the line. Start from the "
        f"binomial tail: a week of {n} alerts at precision p has fewer than k right with chance "
        f"`scipy.stats.binom.cdf(k - 1, {n}, p)`, and that is the chance it falls below a line at k / {n}. Answer as "
        "a share (0.45 for 45%).",
        rollback_checker,
        hints=[
            f"`communicate.share_below(line, {n}, {p:.3f})` is the chance a healthy week falls below `line`.",
            "Lines only matter in steps of one alert (k / alerts): try k = 15, 16, 17, ... and keep the highest "
            "whose chance stays within the tolerance.",
            "`communicate.rollback_rule(result, false_alarm=...)` does the same search.",
        ],
        solution=lambda: (
            f"```python\nfor k in range({n} + 1):\n    print(k / {n}, communicate.share_below(k / {n}, "
            f"{n}, {p:.4f}))\n```\nThe highest line within {tolerated:.1%} is {rule.weekly_line:.1%} "
            f"(a healthy week crosses it in {rule.weekly_chance:.1%} of weeks). The spec below uses this "
            f"line; tolerate fewer false rollbacks and the line falls, more and it rises, "
            "catching real drops sooner."
        ),
        practice="by-hand",
    )

    return q3
