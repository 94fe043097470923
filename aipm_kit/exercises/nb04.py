"""Exercises for notebook 04 (iterate, retrain, retire).

Every expected answer is computed from the objects the notebook passes to
:func:`bind`, so it follows the notebook's parameters and seed.
"""

from __future__ import annotations

import pandas as pd

from . import choice, numeric


def bind(*, detection_delay_days: int, ks_full, psi_full, rate_a: float, min_effect: float, alpha: float,
         power: float, peek, cadence: pd.DataFrame, fraud_per_month: float, value_per_fraud: float,
         retrain_cost: float):
    """Return ``q1, ..., q5`` for notebook 04.

    Parameters
    ----------
    detection_delay_days : int
        Days from the planted shift to the first weekly PSI alarm.
    ks_full, psi_full : DriftResult
        KS test and PSI of January against February departure delays (all rows).
    rate_a : float
        The incumbent's conversion, known before the test.
    min_effect : float
        The smallest conversion change worth detecting (a share: 0.01 is one point), chosen before the test.
    alpha, power : float
        The A/B test's significance level and planned power.
    peek : PeekingResult
    cadence : DataFrame
        The measured cadence table: one row per ``retrain_every`` ("1", "2", "3", "never") with
        ``gain_vs_never_points`` and ``gain_low_points`` (recall gain over never retraining, in points).
    fraud_per_month, value_per_fraud, retrain_cost : float
        The real business's frauds a month, dollars per fraud caught, dollars per retraining.
    """
    from .. import experiments
    from ..drift import PSI_MODERATE

    q1 = numeric(
        "q1",
        "How many days after the planted shift did the weekly PSI check first raise an alarm?",
        float(detection_delay_days), atol=0.5,
        hints=["The check can only run once a week is complete: use the end of the first flagged week.",
               "Subtract the scenario's `drift_start` from that week's end and take `.days`."],
        solution=f"{detection_delay_days} days: the first week that contains enough shifted traffic is checked "
                 "when it ends, so even a perfect detector is late by up to a window.",
        wrong_answers=[(0, "A weekly check cannot fire the day the shift starts: it waits for the week to end."),
                       (7 * round(detection_delay_days / 7) + 7, "One week too late: count from the drift start "
                                                                   "to the end of the first flagged week.")],
    )

    act = psi_full.value >= PSI_MODERATE
    correct = "a" if act else "b"
    q2 = choice(
        "q2",
        f"January against February departure delays: KS p = {ks_full.p_value:.2g} on {ks_full.n_reference:,} "
        f"and {ks_full.n_current:,} rows, PSI = {psi_full.value:.4f}. Should the team treat this as drift "
        "and retrain?",
        {"a": "yes: p < 0.05 means the distribution changed",
         "b": "no: the shift is tiny (PSI in the stable band); with this many rows any difference is significant",
         "c": "cannot say without a bigger sample"},
        correct,
        hints=["What does the p-value measure, and how does it behave as the sample grows?",
               "Look at the size of the change: KS's D and the PSI, against their thresholds."],
        solution=(f"`{correct}`. The KS statistic D = {ks_full.value:.3f} and PSI = {psi_full.value:.4f} say the "
                  "distributions are nearly identical; the p-value is small only because the samples are huge. "
                  "Monitor distances with thresholds, not p-values."),
        feedback={"a": "A p-value shrinks with sample size for any fixed difference, however small; it does not "
                       "measure how big the change is.",
                  "c": "The sample is already huge: that is exactly why the p-value is tiny."} if not act else
                 {"b": "Here the PSI itself crosses the alarm level: the shift is not tiny."},
    )

    mde = -abs(min_effect)
    needed = experiments.sample_size_per_arm(rate_a, mde, alpha=alpha, power=power)
    one_sided = experiments.sample_size_per_arm(rate_a, mde, alpha=alpha, power=power, alternative="smaller")
    points = 100 * abs(min_effect)
    q3 = numeric(
        "q3",
        f"How many visitors per arm does the test need to detect a conversion change of {points:g} points "
        f"from the incumbent's {rate_a:.2%} (two-sided, alpha = {alpha}, power = {power})?",
        float(needed), atol=0.5,
        hints=["Use `experiments.sample_size_per_arm(baseline_rate, min_detectable_effect, ...)`.",
               "The baseline is the incumbent's rate; the effect is the minimum chosen before the test, as a "
               f"share ({points:g} points = {abs(min_effect):g}), not the effect the test later shows."],
        solution=f"`experiments.sample_size_per_arm({rate_a:.4f}, {mde:+.4f}, alpha={alpha}, power={power})` = "
                 f"{needed:,} per arm. Halve the minimum effect and the sample size roughly quadruples.",
        wrong_answers=[(float(one_sided), "That is the one-sided sample size; the test here is two-sided."),
                       (float(2 * needed), "That is both arms together; the question asks per arm.")],
        fmt="{:,.0f}",
    )

    q4 = numeric(
        "q4",
        "What share of the simulated A/A tests does 'stop at the first significant peek' call a winner?",
        peek.false_positive_peeking, atol=0.0005,
        hints=["The result's `false_positive_peeking` holds it.",
               f"It should be well above the promised {alpha:.0%}."],
        solution=f"{peek.false_positive_peeking:.1%} of tests with no real difference 'win', against "
                 f"{peek.false_positive_fixed:.1%} with one look at the end and {peek.false_positive_sequential:.1%} "
                 "with a sequential boundary.",
        wrong_answers=[(alpha, "That is the rate the team thinks it has; the simulation shows the real one."),
                       (peek.false_positive_fixed, "That is the fixed-horizon rate (one look at the end).")],
    )

    row = cadence.set_index("retrain_every").loc["1"]
    per_point = fraud_per_month * value_per_fraud / 100
    net = float(row["gain_vs_never_points"] * per_point - retrain_cost)
    net_low = float(row["gain_low_points"] * per_point - retrain_cost)
    verdict = "yes, even at the low end" if net_low > 0 else "not surely: the low end does not pay"
    q5 = numeric(
        "q5",
        f"Retraining every month gains {row['gain_vs_never_points']:+.2f} points of recall over never retraining. "
        f"At {fraud_per_month:,.0f} frauds a month, ${value_per_fraud:,.0f} per fraud caught and "
        f"${retrain_cost:,.0f} per retraining, what is it worth in dollars a month, net?",
        net, atol=max(1.0, abs(net) * 0.005),
        hints=["A gain of g points is g / 100 of the month's frauds caught in addition.",
               "Multiply by the value of a fraud caught, then subtract one retraining's cost."],
        solution=f"{row['gain_vs_never_points']:+.2f} / 100 x {fraud_per_month:,.0f} x {value_per_fraud:,.0f} - "
                 f"{retrain_cost:,.0f} = ${net:,.0f} a month. At the interval's low end "
                 f"({row['gain_low_points']:+.2f} points) it is ${net_low:,.0f}: does monthly retraining surely pay? "
                 f"{verdict}.",
        wrong_answers=[(net + retrain_cost, "That leaves out the retraining cost."),
                       (float(row["gain_vs_never_points"] * fraud_per_month * value_per_fraud - retrain_cost),
                        "The gain is in points: divide by 100 to get a share of frauds.")],
        fmt="${:,.0f}",
    )
    return q1, q2, q3, q4, q5
