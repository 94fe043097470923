"""The table of bad inputs: every public function of the domain modules, fed what it must refuse.

One row per bad input: the call tried, the exception it must raise (``ValueError`` or ``TypeError``)
and the word its message must name (the argument or the column), so a learner who makes the
mistake is told what to fix. No row may return quietly: a silent NaN or a wrong number is the one
outcome the kit promises never to give (``DESIGN.md``, "The helper package"). The exercise checks
make the opposite promise, so their rows say what feedback a bad answer gets instead of a crash.

Inputs are tiny and built once, so the whole table runs in a few seconds.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
import pytest

from aipm_kit import drift, experiments, fairness, labels, metrics, models, monitoring, planning, scenarios, versioning
from aipm_kit import recsys as rs
from aipm_kit.exercises import choice, custom, numeric

INF, NAN = float("inf"), float("nan")

# ----------------------------------------------------------------------------- tiny inputs
Y = np.array([1, 0, 1, 0, 1, 0])
PRED = np.array([1, 0, 0, 0, 1, 1])
SCORE = np.array([0.9, 0.1, 0.4, 0.3, 0.8, 0.6])
GROUPS = np.array(list("aabbab"))  # each group has both classes
CM = metrics.confusion(Y, PRED)
REF = np.arange(50, dtype=float)
CUR = np.arange(25, 75, dtype=float)
FRAME = pd.DataFrame({"x": REF, "c": ["a", "b"] * 25})
WHEN = pd.DataFrame({"t": pd.date_range("2024-01-01", periods=60, freq="D"), "x": np.arange(60.0)})
RATERS = pd.DataFrame({"ann1": list("xxyyxy"), "ann2": list("xyyyxx"), "ann3": list("xxyyyy")})
ITEMS = pd.DataFrame(
    {
        "item_id": [1, 2, 3, 4, 5, 6],
        "title": list("ABCDEF"),
        "genres": ["Horror", "Horror", "Comedy", "Comedy|Romance", "Drama", "Horror|Comedy"],
    }
)
RATINGS = pd.DataFrame(
    {
        "user_id": [1, 1, 1, 2, 2, 3, 3, 3, 4, 4],
        "item_id": [1, 2, 3, 1, 3, 3, 4, 5, 2, 6],
        "rating": [5.0, 4.0, 2.0, 4.0, 5.0, 3.0, 4.0, 5.0, 4.5, 1.0],
    }
)
RECS = pd.DataFrame({"user_id": [1, 1, 2, 2], "rank": [1, 2, 1, 2], "item_id": [5, 6, 5, 2]})
CASE = planning.BusinessCase()
CURVE = pd.Series([0.5, 0.4, 0.3], index=[1, 2, 3])


@cache
def payments() -> pd.DataFrame:
    return scenarios.make_payments(300, seed=0)


@cache
def fitted() -> rs.Popularity:
    return rs.Popularity().fit(RATINGS)


def audit(**kw) -> rs.RecAudit:
    return rs.RecAudit(RECS, RATINGS, ITEMS, **kw)


def shadow(**kw):
    frame = pd.DataFrame(
        {
            "label_available_at": pd.to_datetime(["2024-01-05", None, "2024-02-01"], utc=True),
            "is_fraud": [True, False, True],
        }
    )
    args = dict(decisions={"m": [True, True, False]}, as_of=["2024-01-10"])
    args.update(kw)
    return monitoring.shadow_comparison(frame, **args)


def fallback(start, end):
    log = pd.DataFrame(
        {
            "timestamp": pd.to_datetime(["2024-01-01 01:00"], utc=True),
            "error": [True],
            "flagged": [False],
            "fallback_flagged": [True],
            "is_fraud": [True],
            "amount": [300.0],
        }
    )
    return monitoring.fallback_effect(log, start, end)


def plog(**kw):
    frame = pd.DataFrame(
        {
            "transaction_id": [1, 2],
            "timestamp": pd.to_datetime(["2024-01-01", "2024-01-02"]),
            "latency_ms": [40.0, 50.0],
            "amount": [10.0, 20.0],
            "model_error": [False, False],
        }
    )
    args = dict(scores=[0.2, 0.9], features=["amount"], threshold=0.5, model_version="v1", config_hash="c1")
    args.update(kw)
    return monitoring.prediction_log(frame, **args)


def P(call, error, word, id):  # noqa: N802 - a table row
    return pytest.param(call, error, word, id=id)


# ----------------------------------------------------------------------------- the table
ROWS = [
    # --- scenarios ---------------------------------------------------------------------------
    P(
        lambda: scenarios.make_payments(200, drift_strength=INF),
        ValueError,
        "drift_strength",
        "scenarios.make_payments: drift_strength=inf",
    ),
    P(
        lambda: scenarios.make_payments(200, label_delay_days=INF),
        ValueError,
        "label_delay_days",
        "scenarios.make_payments: label_delay_days=inf",
    ),
    P(
        lambda: scenarios.make_payments(200, fraud_rate="0.1"),
        TypeError,
        "fraud_rate",
        "scenarios.make_payments: a text knob",
    ),
    P(
        lambda: scenarios.make_payments(200, fraud_rate=NAN),
        ValueError,
        "fraud_rate",
        "scenarios.make_payments: fraud_rate=nan",
    ),
    P(
        lambda: scenarios.make_payments(200, catch_rate=1.5),
        ValueError,
        "catch_rate",
        "scenarios.make_payments: catch_rate out of range",
    ),
    P(
        lambda: scenarios.make_payments(200, segment_rate_multiplier=-1),
        ValueError,
        "segment_rate_multiplier",
        "scenarios.make_payments: negative multiplier",
    ),
    P(lambda: scenarios.make_payments(1e4), TypeError, "n_transactions", "scenarios.make_payments: a float row count"),
    P(lambda: scenarios.make_payments(10**9), ValueError, "n_transactions", "scenarios.make_payments: a billion rows"),
    P(lambda: scenarios.make_payments(200, months=0), ValueError, "months", "scenarios.make_payments: months=0"),
    P(
        lambda: scenarios.make_payments(200, drift_month=9),
        ValueError,
        "drift_month",
        "scenarios.make_payments: drift after the horizon",
    ),
    P(
        lambda: scenarios.make_payments(200, drift_kind="sideways"),
        ValueError,
        "drift_kind",
        "scenarios.make_payments: unknown drift kind",
    ),
    P(
        lambda: scenarios.make_payments(200, caught_only="yes"),
        TypeError,
        "caught_only",
        "scenarios.make_payments: a text switch",
    ),
    P(lambda: scenarios.make_payments(200, seed=-1), ValueError, "seed", "scenarios.make_payments: seed=-1"),
    P(
        lambda: scenarios.make_payments(200, start="someday"),
        ValueError,
        "start",
        "scenarios.make_payments: a start that is no date",
    ),
    P(lambda: scenarios.labels_as_of(payments(), "someday"), ValueError, "as_of", "scenarios.labels_as_of: bad date"),
    P(
        lambda: scenarios.labels_as_of(payments().drop(columns="label_available_at"), "2024-02-01"),
        ValueError,
        "label_available_at",
        "scenarios.labels_as_of: missing column",
    ),
    P(lambda: scenarios.hand_rule(payments(), min_amount=NAN), ValueError, "min_amount", "scenarios.hand_rule: nan"),
    P(lambda: scenarios.hand_rule([1, 2]), TypeError, "frame", "scenarios.hand_rule: not a frame"),
    P(
        lambda: scenarios.split_by_time(payments(), train_months=[1], test_months=[99]),
        ValueError,
        "test_months",
        "scenarios.split_by_time: an empty test window",
    ),
    P(
        lambda: scenarios.alert_outcome(payments(), [True, False]),
        ValueError,
        "flags",
        "scenarios.alert_outcome: flags of the wrong length",
    ),
    P(
        lambda: scenarios.tune_hand_rule(payments(), max_alert_rate=1.5),
        ValueError,
        "max_alert_rate",
        "scenarios.tune_hand_rule: budget above 1",
    ),
    P(
        lambda: scenarios.tune_hand_rule(payments(), max_alert_rate=0.1, ages=[]),
        ValueError,
        "ages",
        "scenarios.tune_hand_rule: an empty grid",
    ),
    # --- metrics -----------------------------------------------------------------------------
    P(lambda: metrics.confusion(Y, PRED[:-1]), ValueError, "y_pred", "metrics.confusion: mismatched lengths"),
    P(lambda: metrics.confusion([], []), ValueError, "y_true", "metrics.confusion: empty"),
    P(lambda: metrics.confusion([0, 2], [0, 1]), ValueError, "y_true", "metrics.confusion: not binary"),
    P(lambda: metrics.confusion(Y, [NAN] * 6), ValueError, "y_pred", "metrics.confusion: NaN decisions"),
    P(
        lambda: metrics.confusion(Y, PRED, sample_weight=[-1.0] * 6),
        ValueError,
        "sample_weight",
        "metrics.confusion: negative weights",
    ),
    P(
        lambda: metrics.confusion(Y, PRED, sample_weight=[INF] + [1.0] * 5),
        ValueError,
        "sample_weight",
        "metrics.confusion: infinite weight",
    ),
    P(
        lambda: metrics.confusion(Y, PRED, zero_division="zero"),
        TypeError,
        "zero_division",
        "metrics.confusion: text zero_division",
    ),
    P(
        lambda: metrics.confusion(Y, PRED, zero_division=2.0),
        ValueError,
        "zero_division",
        "metrics.confusion: zero_division out of [0, 1]",
    ),
    P(lambda: metrics.wilson_interval(1, INF), ValueError, "n", "metrics.wilson_interval: n=inf"),
    P(lambda: metrics.wilson_interval(1.5, 3), ValueError, "successes", "metrics.wilson_interval: 1.5 successes"),
    P(lambda: metrics.wilson_interval(4, 3), ValueError, "successes", "metrics.wilson_interval: k > n"),
    P(lambda: metrics.wilson_interval(0, 0), ValueError, "n", "metrics.wilson_interval: n=0"),
    P(
        lambda: metrics.wilson_interval(1, 3, confidence=1.0),
        ValueError,
        "confidence",
        "metrics.wilson_interval: confidence=1",
    ),
    P(
        lambda: metrics.classification_report(Y, PRED, method="exact"),
        ValueError,
        "method",
        "metrics.classification_report: unknown method",
    ),
    P(
        lambda: metrics.classification_report(Y, PRED, n_boot=10),
        ValueError,
        "n_boot",
        "metrics.classification_report: too few resamples",
    ),
    P(
        lambda: metrics.classification_report([0, 0, 0], [0, 1, 0]),
        ValueError,
        "y_true",
        "metrics.classification_report: single class",
    ),
    P(lambda: metrics.threshold_sweep(Y, [NAN] * 6), ValueError, "y_score", "metrics.threshold_sweep: NaN scores"),
    P(lambda: metrics.threshold_sweep(Y, [INF] * 6), ValueError, "y_score", "metrics.threshold_sweep: inf scores"),
    P(lambda: metrics.threshold_sweep(Y, list("abcdef")), TypeError, "y_score", "metrics.threshold_sweep: text scores"),
    P(
        lambda: metrics.threshold_sweep(Y, SCORE, thresholds=[0.5, NAN]),
        ValueError,
        "thresholds",
        "metrics.threshold_sweep: NaN threshold",
    ),
    P(
        lambda: metrics.threshold_sweep(Y, SCORE[:-1]),
        ValueError,
        "y_score",
        "metrics.threshold_sweep: mismatched lengths",
    ),
    P(lambda: metrics.flag_top(SCORE, 7), ValueError, "n_alerts", "metrics.flag_top: more alerts than rows"),
    P(lambda: metrics.flag_top(SCORE, 2.5), TypeError, "n_alerts", "metrics.flag_top: fractional budget"),
    P(
        lambda: metrics.high_risk_segment(SCORE, quantile=1.0),
        ValueError,
        "quantile",
        "metrics.high_risk_segment: quantile=1",
    ),
    P(
        lambda: metrics.recall_by_segment(Y, PRED, ["a"] * 5),
        ValueError,
        "segments",
        "metrics.recall_by_segment: mismatched lengths",
    ),
    P(
        lambda: metrics.recall_by_segment(Y, PRED, ["a", None, "a", "b", "b", "b"]),
        ValueError,
        "segments",
        "metrics.recall_by_segment: a missing segment",
    ),
    P(
        lambda: metrics.reweight_to_production(["a", "b"], {"a": 0.5, "b": 0.6}),
        ValueError,
        "production_share",
        "metrics.reweight_to_production: shares not summing to 1",
    ),
    P(
        lambda: metrics.reweight_to_production(["a", "b"], {"a": 1.0}),
        ValueError,
        "segments_validation",
        "metrics.reweight_to_production: a segment production lacks",
    ),
    P(
        lambda: metrics.business_impact(CM, daily_volume=0),
        ValueError,
        "daily_volume",
        "metrics.business_impact: no volume",
    ),
    P(
        lambda: metrics.business_impact(CM, daily_volume=INF),
        ValueError,
        "daily_volume",
        "metrics.business_impact: infinite volume",
    ),
    P(
        lambda: metrics.business_impact(CM, daily_volume=1_000, cost_false_alarm=INF),
        ValueError,
        "cost_false_alarm",
        "metrics.business_impact: infinite cost",
    ),
    P(
        lambda: metrics.business_impact(CM, daily_volume=1_000, review_minutes=NAN),
        ValueError,
        "review_minutes",
        "metrics.business_impact: NaN minutes",
    ),
    P(
        lambda: metrics.business_impact(y_true=Y, daily_volume=1_000),
        ValueError,
        "y_pred",
        "metrics.business_impact: y_true without y_pred",
    ),
    P(
        lambda: metrics.business_impact("cm", daily_volume=1_000),
        TypeError,
        "cm",
        "metrics.business_impact: not a confusion matrix",
    ),
    P(
        lambda: metrics.business_sweep(Y, SCORE, daily_volume=-5),
        ValueError,
        "daily_volume",
        "metrics.business_sweep: negative volume",
    ),
    P(
        lambda: metrics.cost_optimal_threshold(Y, SCORE, daily_volume=1_000, max_review_hours_per_week=-1),
        ValueError,
        "max_review_hours_per_week",
        "metrics.cost_optimal_threshold: negative capacity",
    ),
    # --- fairness ----------------------------------------------------------------------------
    P(
        lambda: fairness.by_group(Y, PRED, sensitive_features=GROUPS[:-1]),
        ValueError,
        "sensitive_features",
        "fairness.by_group: mismatched lengths",
    ),
    P(
        lambda: fairness.by_group(Y, PRED, sensitive_features=["a", None, "b", "b", "a", "b"]),
        ValueError,
        "sensitive_features",
        "fairness.by_group: a missing group",
    ),
    P(
        lambda: fairness.by_group(Y, PRED, sensitive_features=["a"] * 6),
        ValueError,
        "sensitive_features",
        "fairness.by_group: a single group",
    ),
    P(
        lambda: fairness.by_group(Y, PRED, sensitive_features=GROUPS, confidence=2),
        ValueError,
        "confidence",
        "fairness.by_group: confidence=2",
    ),
    P(
        lambda: fairness.by_group([1, 1, 1, 1, 1, 1], PRED, sensitive_features=GROUPS),
        ValueError,
        "y_true",
        "fairness.by_group: single class",
    ),
    P(
        lambda: fairness.demographic_parity_ratio(Y, [0] * 6, sensitive_features=GROUPS),
        ValueError,
        "y_pred",
        "fairness.demographic_parity_ratio: nobody selected (0/0)",
    ),
    P(
        lambda: fairness.equalized_odds_difference(Y, [2] * 6, sensitive_features=GROUPS),
        ValueError,
        "y_pred",
        "fairness.equalized_odds_difference: not binary",
    ),
    P(
        lambda: fairness.four_fifths_rule(PRED, sensitive_features=GROUPS, favourable=2),
        ValueError,
        "favourable",
        "fairness.four_fifths_rule: favourable=2",
    ),
    P(
        lambda: fairness.four_fifths_rule(PRED, sensitive_features=GROUPS, favourable=1, threshold=0),
        ValueError,
        "threshold",
        "fairness.four_fifths_rule: threshold=0",
    ),
    P(
        lambda: fairness.fairness_intervals(Y, PRED, sensitive_features=GROUPS, n_boot=10),
        ValueError,
        "n_boot",
        "fairness.fairness_intervals: too few resamples",
    ),
    P(
        lambda: fairness.fairness_intervals(Y, PRED, sensitive_features=GROUPS, favourable="1"),
        ValueError,
        "favourable",
        "fairness.fairness_intervals: text favourable",
    ),
    P(
        lambda: fairness.fairness_intervals(Y, PRED, sensitive_features=GROUPS, confidence=NAN),
        ValueError,
        "confidence",
        "fairness.fairness_intervals: NaN confidence",
    ),
    P(lambda: fairness.explain_decision(None, "X", 0), TypeError, "X", "fairness.explain_decision: X not a frame"),
    # --- experiments -------------------------------------------------------------------------
    P(
        lambda: experiments.two_proportion_test(10.5, 100, 10, 100),
        TypeError,
        "conversions_a",
        "experiments.two_proportion_test: fractional count",
    ),
    P(
        lambda: experiments.two_proportion_test(10, 5, 1, 5),
        ValueError,
        "conversions_a",
        "experiments.two_proportion_test: more conversions than visitors",
    ),
    P(
        lambda: experiments.two_proportion_test(1, 0, 1, 5),
        ValueError,
        "n_a",
        "experiments.two_proportion_test: an empty arm",
    ),
    P(
        lambda: experiments.two_proportion_test(1, 10, 1, 10, alpha=0),
        ValueError,
        "alpha",
        "experiments.two_proportion_test: alpha=0",
    ),
    P(
        lambda: experiments.two_proportion_test(1, 10, 1, 10, alternative="bigger"),
        ValueError,
        "alternative",
        "experiments.two_proportion_test: unknown alternative",
    ),
    P(
        lambda: experiments.sample_size_per_arm(0.1, 0.01, power=0.02),
        ValueError,
        "power",
        "experiments.sample_size_per_arm: power below alpha",
    ),
    P(
        lambda: experiments.sample_size_per_arm(0.1, -0.01, alternative="larger"),
        ValueError,
        "alternative",
        "experiments.sample_size_per_arm: direction contradicts the effect",
    ),
    P(
        lambda: experiments.sample_size_per_arm(0.1, INF),
        ValueError,
        "min_detectable_effect",
        "experiments.sample_size_per_arm: infinite effect",
    ),
    P(
        lambda: experiments.sample_size_per_arm(0.1, "0.01"),
        TypeError,
        "min_detectable_effect",
        "experiments.sample_size_per_arm: text effect",
    ),
    P(
        lambda: experiments.sample_size_per_arm(0.1, 0.01, ratio=0),
        ValueError,
        "ratio",
        "experiments.sample_size_per_arm: ratio=0",
    ),
    P(
        lambda: experiments.sample_size_per_arm(0.1, 0.01, ratio="1"),
        TypeError,
        "ratio",
        "experiments.sample_size_per_arm: text ratio",
    ),
    P(
        lambda: experiments.power_of_test(0.1, 0.1, 100),
        ValueError,
        "candidate_rate",
        "experiments.power_of_test: no effect",
    ),
    P(
        lambda: experiments.power_of_test(0.1, 0.11, 0),
        ValueError,
        "n_per_arm",
        "experiments.power_of_test: no visitors",
    ),
    P(
        lambda: experiments.sequential_boundaries(0),
        ValueError,
        "n_looks",
        "experiments.sequential_boundaries: 0 looks",
    ),
    P(
        lambda: experiments.sequential_boundaries(3, kind="haybittle"),
        ValueError,
        "kind",
        "experiments.sequential_boundaries: unknown kind",
    ),
    P(
        lambda: experiments.peeking_simulation(5, n_looks=10),
        ValueError,
        "n_per_arm",
        "experiments.peeking_simulation: fewer visitors than looks",
    ),
    P(
        lambda: experiments.peeking_simulation(100, remedy="bonferroni"),
        ValueError,
        "remedy",
        "experiments.peeking_simulation: unknown remedy",
    ),
    P(
        lambda: experiments.conversion_after_latency(0.9, [NAN]),
        ValueError,
        "added_latency_ms",
        "experiments.conversion_after_latency: NaN latency",
    ),
    P(
        lambda: experiments.conversion_after_latency(0.9, INF),
        ValueError,
        "added_latency_ms",
        "experiments.conversion_after_latency: infinite latency",
    ),
    P(
        lambda: experiments.conversion_after_latency(1.5, 10),
        ValueError,
        "base_conversion",
        "experiments.conversion_after_latency: conversion above 1",
    ),
    # --- drift -------------------------------------------------------------------------------
    P(lambda: drift.psi([], [1.0]), ValueError, "reference", "drift.psi: empty reference"),
    P(lambda: drift.psi([1.0, 2.0], [NAN, NAN]), ValueError, "current", "drift.psi: all missing"),
    P(lambda: drift.psi([1.0, INF], [1.0, 2.0]), ValueError, "reference", "drift.psi: infinite value"),
    P(lambda: drift.psi(REF, CUR, bins=10**9), ValueError, "bins", "drift.psi: a billion bins"),
    P(lambda: drift.psi(REF, CUR, bins=1), ValueError, "bins", "drift.psi: one bin"),
    P(lambda: drift.psi(REF, CUR, epsilon=2), ValueError, "epsilon", "drift.psi: epsilon above 1"),
    P(lambda: drift.psi(REF, CUR, threshold=-1), ValueError, "threshold", "drift.psi: negative threshold"),
    P(lambda: drift.psi(np.zeros((2, 2)), CUR), ValueError, "reference", "drift.psi: 2-D input"),
    P(lambda: drift.psi(WHEN["t"], WHEN["t"]), TypeError, "t", "drift.psi: a datetime column"),
    P(lambda: drift.ks_test(["a"], ["b"]), TypeError, "reference", "drift.ks_test: text"),
    P(lambda: drift.ks_test(REF, CUR, p_method="bayes"), ValueError, "p_method", "drift.ks_test: unknown p_method"),
    P(lambda: drift.ks_test(REF, CUR, on="value"), ValueError, "on", "drift.ks_test: unknown rule"),
    P(lambda: drift.chi_square(REF, CUR, method="exact"), ValueError, "method", "drift.chi_square: unknown method"),
    P(
        lambda: drift.chi_square(REF, CUR, threshold=1.5),
        ValueError,
        "threshold",
        "drift.chi_square: p-value threshold above 1",
    ),
    P(lambda: drift.chi_square(REF, CUR, bins=10**9), ValueError, "bins", "drift.chi_square: a billion bins"),
    P(lambda: drift.jensen_shannon(REF, CUR, base=1), ValueError, "base", "drift.jensen_shannon: base 1"),
    P(lambda: drift.wasserstein(REF, CUR, scale="iqr"), ValueError, "scale", "drift.wasserstein: unknown scale"),
    P(lambda: drift.wasserstein(["a"], ["b"]), TypeError, "reference", "drift.wasserstein: text"),
    P(lambda: drift.compare(REF, CUR, stat="kl"), ValueError, "stat", "drift.compare: unknown statistic"),
    P(lambda: drift.check_threshold("ks", 2), ValueError, "threshold", "drift.check_threshold: p cut-off 2"),
    P(lambda: drift.drift_report(FRAME, "frame"), TypeError, "current_df", "drift.drift_report: not a frame"),
    P(
        lambda: drift.drift_report(FRAME, FRAME, columns=["nope"]),
        ValueError,
        "nope",
        "drift.drift_report: unknown column",
    ),
    P(lambda: drift.drift_report(FRAME, FRAME, stats=()), ValueError, "stats", "drift.drift_report: no statistic"),
    P(
        lambda: drift.drift_report(WHEN, WHEN, columns=["t", "x"]),
        TypeError,
        "t",
        "drift.drift_report: a named datetime column",
    ),
    P(
        lambda: drift.windowed_drift(WHEN, time_col="missing_time"),
        ValueError,
        "missing_time",
        "drift.windowed_drift: unknown time column",
    ),
    P(
        lambda: drift.windowed_drift(WHEN, time_col="t", freq="Y"),
        ValueError,
        "freq",
        "drift.windowed_drift: unknown frequency",
    ),
    P(
        lambda: drift.windowed_drift(WHEN, time_col="x"),
        TypeError,
        "datetimes",
        "drift.windowed_drift: a numeric time column",
    ),
    P(
        lambda: drift.windowed_drift(WHEN, time_col="t", reference="1999-01"),
        ValueError,
        "reference",
        "drift.windowed_drift: a reference outside the data",
    ),
    P(
        lambda: drift.windowed_drift(WHEN.assign(u=WHEN["t"]), time_col="t", columns=["u"]),
        TypeError,
        "u",
        "drift.windowed_drift: a named datetime feature",
    ),
    # --- labels ------------------------------------------------------------------------------
    P(lambda: labels.cohen_kappa(["x", "y"], ["x"]), ValueError, "rater_b", "labels.cohen_kappa: mismatched lengths"),
    P(
        lambda: labels.cohen_kappa(["x", None], ["x", "y"]),
        ValueError,
        "rater_a",
        "labels.cohen_kappa: a missing label",
    ),
    P(lambda: labels.cohen_kappa(["x", "x"], ["x", "x"]), ValueError, "kappa", "labels.cohen_kappa: 0/0"),
    P(lambda: labels.fleiss_kappa("ratings"), TypeError, "ratings", "labels.fleiss_kappa: not a frame"),
    P(lambda: labels.fleiss_kappa(RATERS[["ann1"]]), ValueError, "ratings", "labels.fleiss_kappa: one annotator"),
    P(lambda: labels.pairwise_kappa(RATERS.iloc[:0]), ValueError, "ratings", "labels.pairwise_kappa: no items"),
    P(
        lambda: labels.items_to_adjudicate(RATERS, budget=0),
        ValueError,
        "budget",
        "labels.items_to_adjudicate: budget=0",
    ),
    P(
        lambda: labels.precision_under_label_noise(Y, PRED, noise_rates=[1.5]),
        ValueError,
        "noise_rates",
        "labels.precision_under_label_noise: noise above 1",
    ),
    P(
        lambda: labels.precision_under_label_noise(Y, [0] * 6),
        ValueError,
        "y_pred",
        "labels.precision_under_label_noise: nothing flagged",
    ),
    P(lambda: labels.labelling_effort(0), ValueError, "n_items", "labels.labelling_effort: no items"),
    P(
        lambda: labels.labelling_effort(100, seconds_per_item=INF),
        ValueError,
        "seconds_per_item",
        "labels.labelling_effort: infinite seconds",
    ),
    P(
        lambda: labels.labelling_effort(100, meeting_hours=NAN),
        ValueError,
        "meeting_hours",
        "labels.labelling_effort: NaN hours",
    ),
    P(
        lambda: labels.labelling_effort(100, ramp_up_slowdown=0.5),
        ValueError,
        "ramp_up_slowdown",
        "labels.labelling_effort: a learner faster than an expert",
    ),
    P(lambda: labels.simulate_survey(5), ValueError, "n_customers", "labels.simulate_survey: too few customers"),
    P(
        lambda: labels.simulate_survey(1_000, unhappy_response_multiplier=INF),
        ValueError,
        "unhappy_response_multiplier",
        "labels.simulate_survey: infinite multiplier",
    ),
    P(
        lambda: labels.simulate_survey(1_000, response_rate=0),
        ValueError,
        "response_rate",
        "labels.simulate_survey: nobody asked",
    ),
    # --- planning ----------------------------------------------------------------------------
    P(lambda: planning.break_even(-1, 10), ValueError, "upfront_cost", "planning.break_even: negative cost"),
    P(lambda: planning.break_even(INF, 10), ValueError, "upfront_cost", "planning.break_even: infinite cost"),
    P(lambda: planning.break_even(100, NAN), ValueError, "monthly_value", "planning.break_even: NaN value"),
    P(lambda: planning.break_even(100, "ten"), TypeError, "monthly_value", "planning.break_even: text value"),
    P(
        lambda: planning.break_even(100, 10, monthly_cost=INF),
        ValueError,
        "monthly_cost",
        "planning.break_even: infinite running cost",
    ),
    P(
        lambda: planning.break_even(100, 10, horizon_months=0),
        ValueError,
        "horizon_months",
        "planning.break_even: no horizon",
    ),
    P(
        lambda: planning.churn_from_latency(-5, planning.DEFAULT_LATENCY_CHURN),
        ValueError,
        "latency_ms",
        "planning.churn_from_latency: negative latency",
    ),
    P(
        lambda: planning.churn_from_latency(50, [(0, 0.0)]),
        ValueError,
        "curve",
        "planning.churn_from_latency: a one-point curve",
    ),
    P(
        lambda: planning.BusinessCase(conversion_rate=2),
        ValueError,
        "conversion_rate",
        "planning.BusinessCase: conversion above 1",
    ),
    P(
        lambda: planning.BusinessCase(monthly_users=INF),
        ValueError,
        "monthly_users",
        "planning.BusinessCase: infinite users",
    ),
    P(
        lambda: planning.BusinessCase(horizon_months=1.5),
        TypeError,
        "horizon_months",
        "planning.BusinessCase: fractional horizon",
    ),
    P(lambda: CASE.with_(nope=1), ValueError, "nope", "planning.BusinessCase.with_: unknown assumption"),
    P(lambda: planning.sensitivity(CASE, {}), ValueError, "ranges", "planning.sensitivity: no ranges"),
    P(
        lambda: planning.sensitivity(CASE, {"upfront_cost": (10, 1)}),
        ValueError,
        "ranges",
        "planning.sensitivity: low above high",
    ),
    P(
        lambda: planning.sensitivity(CASE, {"upfront_cost": (NAN, 1)}),
        ValueError,
        "ranges",
        "planning.sensitivity: NaN bound",
    ),
    P(
        lambda: planning.sensitivity(CASE, {"roi": (0, 1)}, output="profit"),
        ValueError,
        "output",
        "planning.sensitivity: unknown output",
    ),
    P(lambda: planning.scenario_table("case", {"a": {}}), TypeError, "case", "planning.scenario_table: not a case"),
    P(
        lambda: planning.simulate_weekly_accuracy(1.2),
        ValueError,
        "accuracy",
        "planning.simulate_weekly_accuracy: accuracy above 1",
    ),
    P(
        lambda: planning.simulate_weekly_accuracy(0.9, bad_week_rate=0.1),
        ValueError,
        "bad_week_accuracy",
        "planning.simulate_weekly_accuracy: bad weeks without their accuracy",
    ),
    P(
        lambda: planning.simulate_weekly_accuracy(0.9, week_to_week_sd=INF),
        ValueError,
        "week_to_week_sd",
        "planning.simulate_weekly_accuracy: infinite spread",
    ),
    P(
        lambda: planning.Option("x", 1, 1, 1, p_success=1.5),
        ValueError,
        "p_success",
        "planning.Option: probability above 1",
    ),
    P(
        lambda: planning.Option("x", INF, 1, 1, p_success=0.5),
        ValueError,
        "upfront_cost",
        "planning.Option: infinite cost",
    ),
    P(lambda: planning.compare_options([]), ValueError, "options", "planning.compare_options: no options"),
    P(lambda: planning.compare_options(["x"]), TypeError, "options", "planning.compare_options: not an Option"),
    P(
        lambda: planning.precision_at_recall(Y, SCORE[:-1]),
        ValueError,
        "y_score",
        "planning.precision_at_recall: mismatched lengths",
    ),
    P(
        lambda: planning.precision_at_recall(Y, SCORE, recall=2),
        ValueError,
        "recall",
        "planning.precision_at_recall: recall above 1",
    ),
    P(
        lambda: planning.precision_at_recall(Y, [NAN] * 6),
        ValueError,
        "y_score",
        "planning.precision_at_recall: NaN scores",
    ),
    P(
        lambda: planning.fit_learning_curve([1, 2], [0.1, 0.2]),
        ValueError,
        "sizes",
        "planning.fit_learning_curve: two points",
    ),
    P(
        lambda: planning.fit_learning_curve([1, 2, 3], [0.1, NAN, 0.3]),
        ValueError,
        "scores",
        "planning.fit_learning_curve: a NaN score",
    ),
    P(lambda: planning.probability_at_least([], 0.5), ValueError, "samples", "planning.probability_at_least: empty"),
    P(
        lambda: planning.probability_at_least([0.5, 0.7], NAN),
        ValueError,
        "target",
        "planning.probability_at_least: NaN target",
    ),
    P(
        lambda: planning.milestone_probabilities(np.ones((5, 3)) * 0.5, {}, 0.5, sizes=[1, 2, 3]),
        ValueError,
        "volumes",
        "planning.milestone_probabilities: no milestones",
    ),
    P(
        lambda: planning.fit_rule_set(payments(), max_depth=0),
        ValueError,
        "max_depth",
        "planning.fit_rule_set: depth 0",
    ),
    P(
        lambda: planning.cost_of_explainability(Y, PRED, SCORE, periods=0),
        ValueError,
        "periods",
        "planning.cost_of_explainability: no periods",
    ),
    P(
        lambda: planning.cost_of_explainability(Y, PRED, SCORE, periods=INF),
        ValueError,
        "periods",
        "planning.cost_of_explainability: infinite periods",
    ),
    P(
        lambda: planning.cost_of_explainability(Y, PRED, SCORE[:-1]),
        ValueError,
        "model_score",
        "planning.cost_of_explainability: mismatched lengths",
    ),
    # --- monitoring --------------------------------------------------------------------------
    P(
        lambda: monitoring.shadow_comparison(pd.DataFrame(), {"m": []}, []),
        ValueError,
        "frame",
        "monitoring.shadow_comparison: empty frame",
    ),
    P(lambda: shadow(decisions={}), ValueError, "decisions", "monitoring.shadow_comparison: no models"),
    P(
        lambda: shadow(decisions={"m": [True]}),
        ValueError,
        "decisions",
        "monitoring.shadow_comparison: flags of the wrong length",
    ),
    P(lambda: shadow(as_of=["someday"]), TypeError, "as_of", "monitoring.shadow_comparison: a date that is not one"),
    P(lambda: monitoring.Rule("r", "m", "!=", 1), ValueError, "op", "monitoring.Rule: unknown operator"),
    P(lambda: monitoring.Rule("r", "m", ">", "high"), TypeError, "threshold", "monitoring.Rule: text threshold"),
    P(lambda: monitoring.Rule("r", "m", ">", NAN), ValueError, "threshold", "monitoring.Rule: NaN threshold"),
    P(
        lambda: monitoring.Rule("r", "m", ">", 1, for_periods=0),
        ValueError,
        "for_periods",
        "monitoring.Rule: zero periods",
    ),
    P(
        lambda: monitoring.Rule("r", "m", ">", 1, action="page"),
        ValueError,
        "action",
        "monitoring.Rule: unknown action",
    ),
    P(
        lambda: monitoring.replay_rules(pd.DataFrame({"a": [1.0]}), [monitoring.Rule("r", "nope", ">", 1)]),
        ValueError,
        "nope",
        "monitoring.replay_rules: a rule on a missing metric",
    ),
    P(lambda: fallback("2024-01-02", "2024-01-01"), ValueError, "end", "monitoring.fallback_effect: end before start"),
    P(lambda: monitoring.simulate_rollout(0), ValueError, "users_per_day", "monitoring.simulate_rollout: no users"),
    P(
        lambda: monitoring.simulate_rollout(INF),
        ValueError,
        "users_per_day",
        "monitoring.simulate_rollout: infinite users",
    ),
    P(
        lambda: monitoring.simulate_rollout(100, days_per_stage="2"),
        TypeError,
        "days_per_stage",
        "monitoring.simulate_rollout: text days",
    ),
    P(
        lambda: monitoring.simulate_rollout(100, plans={"x": [0]}),
        ValueError,
        "plan",
        "monitoring.simulate_rollout: a zero share",
    ),
    P(
        lambda: monitoring.simulate_rollout(100, horizon_days=-1),
        ValueError,
        "horizon_days",
        "monitoring.simulate_rollout: negative horizon",
    ),
    P(
        lambda: monitoring.retraining_cadence(pd.Series([], dtype=float), value_per_point=1, retrain_cost=1),
        ValueError,
        "decay_curve",
        "monitoring.retraining_cadence: empty curve",
    ),
    P(
        lambda: monitoring.retraining_cadence(CURVE, value_per_point=-1, retrain_cost=1),
        ValueError,
        "value_per_point",
        "monitoring.retraining_cadence: negative value",
    ),
    P(
        lambda: monitoring.retraining_cadence(CURVE, value_per_point=INF, retrain_cost=1),
        ValueError,
        "value_per_point",
        "monitoring.retraining_cadence: infinite value",
    ),
    P(
        lambda: monitoring.retraining_cadence(CURVE, value_per_point="1", retrain_cost=1),
        TypeError,
        "value_per_point",
        "monitoring.retraining_cadence: text value",
    ),
    P(lambda: plog(scores=[0.2]), ValueError, "scores", "monitoring.prediction_log: scores of the wrong length"),
    P(lambda: plog(scores=[0.2, NAN]), ValueError, "scores", "monitoring.prediction_log: a NaN score"),
    P(lambda: plog(threshold=2), ValueError, "threshold", "monitoring.prediction_log: threshold above 1"),
    P(
        lambda: monitoring.check_prediction_log(pd.DataFrame({"request_id": [1]})),
        ValueError,
        "log",
        "monitoring.check_prediction_log: columns missing",
    ),
    # --- versioning and models -----------------------------------------------------------------
    P(lambda: versioning.config_hash({"threshold": NAN}), ValueError, "NaN", "versioning.config_hash: a NaN setting"),
    P(
        lambda: versioning.config_hash({"model": object()}),
        TypeError,
        "config",
        "versioning.config_hash: an unhashable setting",
    ),
    P(lambda: versioning.diff_versions("a", {}), TypeError, "before", "versioning.diff_versions: not a dict"),
    P(lambda: models.flag_top(SCORE, -1), ValueError, "n_alerts", "models.flag_top: negative budget"),
    P(
        lambda: models.fit_fraud_model(payments(), target="nope"),
        ValueError,
        "nope",
        "models.fit_fraud_model: unknown target",
    ),
    P(
        lambda: models.fit_fraud_model(payments(), sample_weight=[1.0]),
        ValueError,
        "sample_weight",
        "models.fit_fraud_model: weights of the wrong length",
    ),
    P(
        lambda: models.fit_tabular_classifier(FRAME[["x"]], [0, 1] * 25, kind="forest"),
        ValueError,
        "kind",
        "models.fit_tabular_classifier: unknown kind",
    ),
    P(lambda: models.fraud_scores(object(), payments()), TypeError, "model", "models.fraud_scores: foreign model"),
    # --- recsys ------------------------------------------------------------------------------
    P(lambda: rs.ndcg_at_k([1, 2], [1], k=0), ValueError, "k", "recsys.ndcg_at_k: k=0"),
    P(lambda: rs.ndcg_at_k([1, 2], [1], k=1.5), TypeError, "k", "recsys.ndcg_at_k: fractional k"),
    P(lambda: rs.ndcg_at_k([1, 2], [], k=2), ValueError, "relevant_items", "recsys.ndcg_at_k: nothing relevant"),
    P(lambda: rs.catalogue_coverage([1], []), ValueError, "catalogue", "recsys.catalogue_coverage: empty catalogue"),
    P(
        lambda: rs.catalogue_coverage([9], [1, 2]),
        ValueError,
        "rec_items",
        "recsys.catalogue_coverage: an id outside the catalogue",
    ),
    P(lambda: rs.audit.gini([]), ValueError, "values", "recsys.gini: empty"),
    P(lambda: rs.audit.gini([-1, 2]), ValueError, "values", "recsys.gini: negative"),
    P(lambda: rs.audit.gini([INF, 1]), ValueError, "values", "recsys.gini: infinite"),
    P(lambda: rs.short_head_items(RATINGS, share=1.0), ValueError, "share", "recsys.short_head_items: share=1"),
    P(
        lambda: rs.temporal_split(RATINGS.assign(timestamp=pd.Timestamp("2024-01-01")), test_share=0),
        ValueError,
        "test_share",
        "recsys.temporal_split: no test share",
    ),
    P(lambda: rs.temporal_split(RATINGS), ValueError, "timestamp", "recsys.temporal_split: no timestamp column"),
    P(lambda: rs.intra_list_diversity([99], ITEMS), ValueError, "item_ids", "recsys.intra_list_diversity: unknown id"),
    P(
        lambda: rs.genre_calibration_kl([], [1], ITEMS),
        ValueError,
        "history_items",
        "recsys.genre_calibration_kl: no history",
    ),
    P(lambda: rs.personalisation(RECS[RECS.user_id == 1]), ValueError, "users", "recsys.personalisation: one user"),
    P(lambda: rs.novelty(RECS, RATINGS.iloc[:0]), ValueError, "ratings", "recsys.novelty: no ratings"),
    P(lambda: rs.self_information([1.5], RATINGS), TypeError, "item_ids", "recsys.self_information: fractional id"),
    P(lambda: rs.RecAudit(RECS.iloc[:0], RATINGS, ITEMS), ValueError, "recs", "recsys.RecAudit: no lists"),
    P(lambda: audit(k=0), ValueError, "k", "recsys.RecAudit: k=0"),
    P(lambda: audit(relevance_threshold=NAN), ValueError, "relevance_threshold", "recsys.RecAudit: NaN relevance"),
    P(lambda: audit(head_share=2), ValueError, "head_share", "recsys.RecAudit: head share above 1"),
    P(
        lambda: audit().difference_interval(audit(), "ndcg"),
        ValueError,
        "metric",
        "recsys.RecAudit.difference_interval: metric not measured",
    ),
    P(
        lambda: audit().difference_interval(audit(), "arp", n_boot=0),
        ValueError,
        "n_boot",
        "recsys.RecAudit.difference_interval: no resamples",
    ),
    P(lambda: rs.ItemKNN(neighbours=0), ValueError, "neighbours", "recsys.ItemKNN: no neighbours"),
    P(lambda: rs.MatrixFactorisation(factors=0), ValueError, "factors", "recsys.MatrixFactorisation: no factors"),
    P(
        lambda: rs.MatrixFactorisation(factors=10).fit(RATINGS),
        ValueError,
        "factors",
        "recsys.MatrixFactorisation.fit: more factors than users",
    ),
    P(
        lambda: rs.Popularity().fit(RATINGS.drop(columns="rating")),
        ValueError,
        "rating",
        "recsys.Recommender.fit: no rating column",
    ),
    P(
        lambda: rs.Popularity().fit(RATINGS.assign(rating=0.0)),
        ValueError,
        "rating",
        "recsys.Recommender.fit: zero ratings",
    ),
    P(lambda: rs.Popularity().recommend(), RuntimeError, "fit", "recsys.Recommender.recommend: not fitted"),
    P(lambda: fitted().recommend(k=0), ValueError, "k", "recsys.Recommender.recommend: k=0"),
    P(lambda: fitted().recommend([999], k=2), ValueError, "user_ids", "recsys.Recommender.recommend: unknown user"),
    P(
        lambda: fitted().recommend_for_history([99], k=2),
        ValueError,
        "items",
        "recsys.Recommender.recommend_for_history: unknown film",
    ),
    P(lambda: rs.LongTailSlots("model"), TypeError, "base", "recsys.LongTailSlots: not a recommender"),
    P(
        lambda: rs.LongTailSlots(rs.ItemKNN(), head_share=2),
        ValueError,
        "head_share",
        "recsys.LongTailSlots: head share above 1",
    ),
    P(
        lambda: rs.one_rating_perturbation(fitted(), n_users=0),
        ValueError,
        "n_users",
        "recsys.one_rating_perturbation: no users",
    ),
    P(
        lambda: rs.feedback_loop(rs.Popularity(), RATINGS, accept=3, k=2),
        ValueError,
        "accept",
        "recsys.feedback_loop: accepting more than is shown",
    ),
    P(lambda: rs.synthetic_users(RATINGS, ITEMS, n_films=0), ValueError, "n_films", "recsys.synthetic_users: no films"),
    P(lambda: rs.black_boxes({}), ValueError, "models", "recsys.black_boxes: no models"),
    # --- exercises (building them) -----------------------------------------------------------
    P(lambda: numeric("Q", "p", 1.0, hints=[], solution="s"), ValueError, "hint", "exercises.numeric: no hints"),
    P(
        lambda: choice("Q", "p", {"a": "A"}, "b", hints=["h"], solution="s"),
        ValueError,
        "correct",
        "exercises.choice: the right answer is not an option",
    ),
]


@pytest.mark.parametrize("call, error, word", ROWS)
def test_bad_input_is_refused_naming_what_to_fix(call, error, word):
    with pytest.raises(error) as caught:
        call()
    message = str(caught.value)
    assert re.search(rf"(?<![A-Za-z0-9_]){re.escape(word)}(?![A-Za-z0-9_])", message), (
        f"the message does not name {word!r}: {message}"
    )


# ----------------------------------------------------------------------------- exercise answers
# check() promises the opposite of the rows above: any answer gets feedback, never an exception.
NUMERIC = numeric("Q", "What share?", 0.25, hints=["h"], solution="0.25", atol=1e-3)
CHOICE = choice("Q", "Which?", {"a": "A", "b": "B"}, "b", hints=["h"], solution="b")
CUSTOM = custom("Q", "p", lambda a: (a.lower() == "yes", "compared"), hints=["h"], solution="s")


@pytest.mark.parametrize(
    "exercise, answer, says",
    [
        pytest.param(NUMERIC, 10**400, "too large", id="numeric: an int too large for a float"),
        pytest.param(NUMERIC, INF, "infinite", id="numeric: inf"),
        pytest.param(NUMERIC, NAN, "NaN", id="numeric: NaN"),
        pytest.param(NUMERIC, "a lot", "expected a number", id="numeric: text"),
        pytest.param(NUMERIC, True, "True/False", id="numeric: a bool"),
        pytest.param(NUMERIC, [0.25], "expected a number", id="numeric: a list"),
        pytest.param(NUMERIC, 1 + 2j, "real number", id="numeric: complex"),
        pytest.param(CHOICE, "z", "one of", id="choice: not an option"),
        pytest.param(CHOICE, None, "one of", id="choice: None"),
        pytest.param(CUSTOM, 42, "could not be checked", id="custom: an answer the checker trips over"),
    ],
)
def test_exercise_check_gives_feedback_instead_of_raising(exercise, answer, says):
    result = exercise.check(answer)
    assert result.correct is False
    assert says in result.message


# ----------------------------------------------------------------------------- undefined, not wrong
# Edge inputs with no right number (0/0, one row against one row, a category the reference never
# saw): the answer must say so (NaN or infinity, flagged, as SciPy would) instead of a made-up 0.


def _undefined_ratio():
    with pytest.warns(UserWarning, match="undefined"):
        out = fairness.fairness_intervals(Y, [0] * 6, sensitive_features=GROUPS, favourable=1, n_boot=100)
    return out


def _failed_fit_state():
    model = rs.MatrixFactorisation(factors=10)
    with pytest.raises(ValueError, match="factors"):
        model.fit(RATINGS)
    return model


def _gof_unseen():
    with pytest.warns(drift.DriftWarning):
        return drift.chi_square(["a"] * 10 + ["b"] * 10, ["a"] * 5 + ["b"] * 5 + ["c"] * 3, method="goodness_of_fit")


@pytest.mark.parametrize(
    "call, honest",
    [
        pytest.param(
            _undefined_ratio,
            lambda out: (
                np.isnan(out.loc["demographic_parity_ratio", ["estimate", "low", "high"]].to_numpy(dtype=float)).all()
                and "demographic_parity_ratio" in out.attrs["undefined"]
            ),
            id="fairness.fairness_intervals: nobody selected -> NaN ratio, flagged",
        ),
        pytest.param(
            lambda: metrics.classification_report(Y, [0] * 6, method="bootstrap", n_boot=200),
            lambda r: np.isnan(r.precision.value) and "undefined" in repr(r.precision),
            id="metrics.classification_report: no predicted positives -> precision undefined",
        ),
        pytest.param(
            lambda: drift.ks_test([1.0], [2.0]),
            lambda r: r.p_value == 1.0 and not r.drifted,
            id="drift.ks_test: one row each -> scipy's exact p = 1, never NaN",
        ),
        pytest.param(
            _gof_unseen,
            lambda r: r.value == INF and r.p_value == 0.0 and r.drifted,
            id="drift.chi_square: zero expected count -> inf and p = 0, as scipy.stats.chisquare",
        ),
        pytest.param(
            _failed_fit_state,
            lambda m: not m.is_fitted,
            id="recsys.MatrixFactorisation.fit: a failed fit leaves the model unfitted",
        ),
    ],
)
def test_edge_input_gets_an_honest_answer(call, honest):
    assert honest(call())
