"""The engineering spec: the operating point, its intervals, the budgets and the rollback rule, in words.

For the engineers who build and run the model: threshold, precision and recall with their intervals, volume,
latency against its budget, the uncertain band, the training data, and the rollback lines with how often they
fire by chance and on a collapse.
"""

from __future__ import annotations

import math

from ._common import _band_split, _pct, _sim
from .decision import _slide_detection
from .result import ModelResult
from .rollback import RollbackRule, rollback_rule, share_below


def engineering_spec(result: ModelResult) -> str:
    """The operating point, its intervals and the budgets, for the engineers who build and run it.

    Threshold, precision and recall with their 95% intervals, the segment's recall, the weekly volume, the p95
    latency against its budget (with its bootstrap interval when the result has one), the uncertain band, the
    training data, and the rollback lines of :func:`rollback_rule` with how often they fire by chance, on a
    collapse (:func:`collapse_at`) and at the break-even precision.

    Parameters
    ----------
    result : ModelResult
        A result, as :func:`summarise_fraud_result` builds it.

    Returns
    -------
    str
        The spec as one Markdown paragraph, headed ``**Engineering spec: <model name>.**``.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> print(engineering_spec(r))
    **Engineering spec: fraud model.** Operate at threshold 0.400: precision 90.0% (95% CI 85.0% to 94.0%),
    recall 60.0% (95% CI 52.0% to 67.0%), recall on top-quartile amounts 72.0%. Volume: 200 alerts a week.
    Latency: p95 84 ms, within the 100 ms budget. ...
    """
    r = result
    lat_lo, lat_hi = r.latency_p95_ci or (r.latency_p95_ms, r.latency_p95_ms)
    within = (
        "within"
        if lat_hi <= r.latency_budget_ms
        else "OVER"
        if lat_lo > r.latency_budget_ms
        else "too close to call against"
    )
    lat_band = (
        "" if r.latency_p95_ci is None else f" ({r.net_value_confidence:.0%} bootstrap {lat_lo:.0f} to {lat_hi:.0f} ms)"
    )
    return (
        f"**Engineering spec: {r.model_name}{_sim(r)}.** Operate at threshold {r.threshold:.3f}: precision "
        f"{_pct(r.precision)} (95% CI {_pct(r.precision_ci[0])} to {_pct(r.precision_ci[1])}), recall "
        f"{_pct(r.recall)} (95% CI {_pct(r.recall_ci[0])} to {_pct(r.recall_ci[1])}), recall on "
        f"{r.segment_name} {_pct(r.segment_recall)}"
        + (
            ""
            if r.segment_recall_ci is None
            else f" (95% CI {_pct(r.segment_recall_ci[0])} to {_pct(r.segment_recall_ci[1])})"
        )
        + f". Volume: {r.alerts_per_week:,.0f} alerts a week. "
        f"Latency: p95 {r.latency_p95_ms:.0f} ms{lat_band}, {within} the {'assumed ' if r.assumed_inputs else ''}{r.latency_budget_ms:.0f} ms budget. "
        f"Scores in the uncertain band around the threshold, {r.low_confidence_band[0]:.3f} to "
        f"{r.low_confidence_band[1]:.3f} "
        f"({r.low_confidence_per_week:,.0f} a week) go to manual review{_band_split(r)}. Trained on "
        f"{r.training_rows:,} transactions ({r.training_period}); features: {', '.join(r.features)}. "
        + _rollback_sentence(r)
    )


def collapse_at(result: ModelResult) -> float:
    """The collapse the rollback rule is tested against: ``collapse_precision``, or half today's precision.

    Parameters
    ----------
    result : ModelResult
        A result, as :func:`summarise_fraud_result` builds it.

    Returns
    -------
    float
        The true precision of a collapsed model, a share.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> collapse_at(r), collapse_at(r.with_(collapse_precision=0.6))
    (0.45, 0.6)
    """
    r = result
    return r.precision / 2 if r.collapse_precision is None else r.collapse_precision


_collapse = collapse_at


def _rollback_sentence(r: ModelResult) -> str:
    rule = rollback_rule(r)
    p_be, pooled_hit = _slide_detection(r, rule)
    collapse = _collapse(r)
    c_week, c_weeks, c_pooled = rule.detection(collapse)
    margin = 100 * (rule.at_precision - p_be)
    anchored = r.rollback_at_precision is not None and abs(rule.at_precision - p_be) < 1e-9
    detect = {
        True: (
            f"At the break-even precision, {_pct(p_be)}, the pooled line fires in {pooled_hit:.0%} of "
            f"{rule.weeks}-week runs, so it also catches a slide to where the model stops paying."
        ),
        False: (
            f"Caveat: the lines treat a model at {_pct(rule.at_precision)} as healthy, and break-even is "
            f"{_pct(p_be)}, {margin:.1f} points below it, so at break-even the pooled line fires in only "
            f"{pooled_hit:.0%} of {rule.weeks}-week runs: the rule cannot tell a model that has stopped paying "
            "from a healthy one (and the bottom of today's own interval is that close to break-even). It catches "
            "a collapse, not a slide; the live trial's net value is the check for that."
        ),
    }[pooled_hit >= 0.5]
    if anchored:
        detect = (
            "The lines are anchored at break-even: a model that still pays crosses them only by chance, as "
            "above. A slide to just below break-even is not caught quickly by a few dozen alerts a week; the "
            "monthly net value, once labels are in, is the check for that."
        )
    below = r.rollback_at_precision is not None and rule.at_precision < p_be - 1e-9
    reviewers = (
        "Weekly precision comes from the reviewers' outcomes on the payments they held (known within days), "
        "since fraud labels arrive about a month late; this assumes their verdicts agree with the confirmed "
        "labels the lines were set on, which the shadow phase checks."
    )
    if below:  # anchored under the break-even estimate: every model that may still pay is covered; say it short
        if r.alerts_vary:
            v_week, v_run, v_year = rule.varying()
            chances = (
                f"{v_week:.1%} of weeks and {v_run:.1%} of {rule.weeks}-week runs with the weekly count of "
                f"alerts varying around {rule.alerts} (a Poisson count), about {v_year:.1f} false rollbacks a "
                "year"
            )
        else:
            chances = (
                f"{rule.weekly_chance:.1%} of weeks and {rule.pooled_chance:.1%} of {rule.weeks}-week runs, "
                f"about {rule.false_rollbacks_per_year:.1f} false rollbacks a year"
            )
        return (
            f"Alert and roll back to {r.baseline_name} if one week's precision falls below {_pct(rule.weekly_line)}, "
            f"or {rule.weeks} weeks pooled (checked every {rule.weeks} weeks) fall below {_pct(rule.pooled_line)}. "
            f"The lines are set for a model at {_pct(rule.at_precision)} ({r.rollback_at_words}): a model at or above "
            f"it crosses them by chance in at most {chances}. A collapse to "
            f"{_pct(collapse)} trips the weekly line in {c_week:.0%} of weeks ({c_weeks:.0%} within {rule.weeks} weeks) "
            f"and the pooled line in {c_pooled:.0%} of {rule.weeks}-week runs. A slide below break-even "
            f"({_pct(p_be)}) is not caught by these lines: the monthly net value, once labels are in, is the check "
            f"for that. {reviewers}"
        )
    return (
        f"Alert and roll back to {r.baseline_name} if one week's precision falls below {_pct(rule.weekly_line)}, "
        f"or {rule.weeks} weeks pooled (checked every {rule.weeks} weeks) fall below {_pct(rule.pooled_line)}. "
        f"With about {rule.alerts} alerts a week, a model still at {_pct(rule.at_precision)} precision "
        f"({r.rollback_at_words}) crosses these lines by chance in {rule.weekly_chance:.1%} of weeks and "
        f"{rule.pooled_chance:.1%} of {rule.weeks}-week runs: together about {rule.false_rollbacks_per_year:.1f} "
        f"false rollbacks a year. A collapse to {_pct(collapse)} precision trips the weekly line in {c_week:.0%} of "
        f"weeks ({c_weeks:.0%} within {rule.weeks} weeks) and the pooled line in {c_pooled:.0%} of "
        f"{rule.weeks}-week runs.{_uncertain_anchor(r, rule)} A line at the bottom of today's 95% interval "
        f"({_pct(r.precision_ci[0])}) would fire whenever {_fires_at(r.precision_ci[0], rule.alerts)} or fewer of a "
        f"week's {rule.alerts} alerts are right: in {share_below(r.precision_ci[0], rule.alerts, r.precision):.0%} of "
        f"weeks even with the precision measured today ({_pct(r.precision)}). {reviewers} {detect}"
    )


def _fires_at(line: float, n: int) -> int:
    """The most right alerts out of ``n`` at which a week is strictly below ``line`` (as :func:`share_below`)."""
    return math.ceil(line * n - 1e-9) - 1


def _uncertain_anchor(r: ModelResult, rule: RollbackRule) -> str:
    """When the healthy precision is itself estimated: its interval, and the false rollbacks at its low end."""
    if r.rollback_at_interval is None:
        return ""
    lo, hi = r.rollback_at_interval
    week, _, pooled = rule.detection(min(max(lo, 0.0), 1.0))
    per_year = 52 * week + (52 // rule.weeks) * pooled
    return (
        f" The {_pct(rule.at_precision)} the lines treat as healthy is itself an estimate (95% interval "
        f"{_pct(lo)} to {_pct(hi)}), so the false-rollback rates above hold at "
        f"the estimate only: a model that still pays at {_pct(lo)} would cross the lines by chance in "
        f"{week:.1%} of weeks and {pooled:.1%} of {rule.weeks}-week runs, about {per_year:.1f} false rollbacks a "
        "year."
    )
