"""Exercises for notebook 04 (iterate, retrain, retire).

Every expected answer is computed from the objects the notebook passes to
:func:`bind`, so it follows the notebook's parameters and seed.
"""

from __future__ import annotations

import pandas as pd

from . import choice, numeric


def bind(*, detection_delay_days: int, ks_full, psi_full, rate_a: float, rate_b: float, alpha: float,
         power: float, peek, cadence: pd.DataFrame):
    """Return ``q1, ..., q5`` for notebook 04.

    Parameters
    ----------
    detection_delay_days : int
        Days from the planted shift to the first weekly PSI alarm.
    ks_full, psi_full : DriftResult
        KS test and PSI of January against February departure delays (all rows).
    rate_a, rate_b : float
        Expected conversion of the incumbent and the candidate.
    alpha, power : float
        The A/B test's significance level and planned power.
    peek : PeekingResult
    cadence : DataFrame
        :func:`aipm_kit.monitoring.retraining_cadence` output.
    """
    from .. import experiments

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

    act = psi_full.value >= 0.1
    correct = "a" if act else "b"
    q2 = choice(
        "q2",
        f"January against February departure delays: KS p = {ks_full.p_value:.2g} on {ks_full.n_reference:,} "
        f"and {ks_full.n_current:,} rows, PSI = {psi_full.value:.4f}. Should the team treat this as drift "
        "and retrain?",
        {"a": "yes: p < 0.05 means the distribution changed",
         "b": "no: the shift is tiny; with this many rows any difference is significant",
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

    mde = rate_b - rate_a
    needed = experiments.sample_size_per_arm(rate_a, mde, alpha=alpha, power=power)
    one_sided = experiments.sample_size_per_arm(rate_a, mde, alpha=alpha, power=power,
                                                alternative="larger" if mde > 0 else "smaller")
    q3 = numeric(
        "q3",
        "How many visitors per arm does the test need to detect the expected conversion difference "
        f"(two-sided, alpha = {alpha}, power = {power})?",
        float(needed), atol=0.5,
        hints=["Use `experiments.sample_size_per_arm(baseline_rate, min_detectable_effect, ...)`.",
               "The baseline is the incumbent's rate; the effect is candidate minus incumbent."],
        solution=f"`experiments.sample_size_per_arm({rate_a:.4f}, {mde:+.4f}, alpha={alpha}, power={power})` = "
                 f"{needed:,} per arm.",
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

    best = str(int(cadence.loc[cadence["value_per_period"].idxmax(), "retrain_every"]))
    options = {str(int(r.retrain_every)): f"every {int(r.retrain_every)} month(s), ${r.value_per_period:,.0f}/month"
               for r in cadence.itertuples()}
    q5 = choice(
        "q5",
        "Which retraining interval (months) gives the most value per month?",
        options, best,
        hints=["Compare `value_per_period` in the cadence table.",
               "Retraining more often keeps more recall but pays the retraining cost more often."],
        solution=f"Every {best} month(s): it balances recall kept against the cost of retraining.",
        feedback={k: f"Every {k} month(s) gives less value per month than every {best}." for k in options if k != best},
    )
    return q1, q2, q3, q4, q5
