"""Exercise 3 of notebook 05: the weekly rollback line for a tolerated false-rollback rate.

The highest one-week precision line a healthy model crosses by chance no more often than operations tolerates,
from the binomial tail of a week of alerts.
"""

from __future__ import annotations

from ...communicate import rollback_rule, share_below
from .. import custom


def bind_result(*, result, tolerated: float, tolerance_words: str | None = None):
    """Exercise 3: the rollback line for a tolerated false-rollback rate.

    The key is :func:`aipm_kit.communicate.rollback_rule` at ``false_alarm=tolerated``: a week of
    ``rule.alerts`` alerts at the precision the rule is anchored on. An answer is right when a healthy week falls
    below it with chance at most ``tolerated`` and a line one alert higher would not; a higher line is "lower the
    line", a lower one "raise the line".

    Parameters
    ----------
    result : aipm_kit.communicate.ModelResult
        The model's result; its ``rollback_at_words`` names the precision the rule is anchored on.
    tolerated : float
        The chance a healthy week may cross the line, a share (1 / 52 for about one false rollback a year).
    tolerance_words : str, optional
        The opening of the prompt, saying what operations tolerates; a default sentence (one false rollback a
        year) when not given.

    Returns
    -------
    Exercise
        A by-hand exercise, ``"3 · Set the rollback line for a tolerated false-rollback rate"``; the answer is a
        precision line as a share.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> result = ModelResult(model_name="fraud model", baseline_name="today's rules", threshold=0.35,
    ...     precision=0.687, precision_ci=(0.636, 0.733), recall=0.5, recall_ci=(0.45, 0.55),
    ...     alerts_per_week=41, baseline_alerts_per_week=60, baseline_precision=0.17, baseline_recall=0.19,
    ...     segment_name="top", segment_recall=0.68, latency_p95_ms=95, latency_budget_ms=100,
    ...     fraud_value_caught_per_month=300_000, baseline_value_caught_per_month=250_000,
    ...     review_minutes_per_alert=15, review_hourly_cost=40, monthly_run_cost=4_000, upfront_cost=90_000,
    ...     training_rows=24_000, training_period="months 1-4", features=("amount",), top_features=("amount",),
    ...     low_confidence_band=(0.3, 0.5), low_confidence_per_week=19)
    >>> q = bind_result(result=result, tolerated=1 / 52)
    >>> q.check(20 / 41)
    [3 · Set the rollback line for a tolerated false-rollback rate] Correct: Right: 48.8% is crossed by a healthy
    week in 1.8% of weeks (about 0.9 false rollbacks a year); one alert higher would be crossed in 3.7%.
    `rollback_rule(result, false_alarm=0.0192).weekly_line` = 48.8%.
    >>> q.check(21 / 41).correct
    False
    """
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
