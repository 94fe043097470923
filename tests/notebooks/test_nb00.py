"""Notebook 00 under papermill: FAST, and FAST with a second seed; the recorded facts are sane."""

from __future__ import annotations

import pytest

PARAMS = [dict(FAST=True), dict(FAST=True, SEED=7)]


@pytest.mark.parametrize("params", PARAMS, ids=["fast", "fast-seed7"])
def test_accuracy_facts(facts, params):
    f = facts("00", **params)
    acc = f["accuracy_overall"]
    low, high = f["accuracy_interval"]
    assert 0.5 < acc < 1
    assert low < acc < high  # a real interval around the point estimate
    assert high - low < 0.1
    assert f["accuracy_worst_cohort"][0] < acc  # some cohort is served worse than average
    beats, loses, unclear = f["cohorts_beating_trivial_rule"]  # each cohort against its own trivial rule
    assert beats + loses + unclear == 5  # the five cohorts; "all customers" is a reference row, not a cohort


@pytest.mark.parametrize("params", PARAMS, ids=["fast", "fast-seed7"])
def test_the_trivial_baseline_is_shown(facts, params):
    f = facts("00", **params)
    base = f["accuracy_baseline"]
    assert 0.8 < base < 0.9  # about 14% of the customers churn: "nobody churns" is right for the rest
    gap, low, high = f["accuracy_gap_over_baseline"]
    assert gap == pytest.approx((f["accuracy_overall"] - base) * 100)  # in points
    assert low <= gap <= high
    gain, low, high = f["boosting_gain_interval"]
    assert low <= gain <= high


@pytest.mark.parametrize("params", PARAMS, ids=["fast", "fast-seed7"])
def test_the_world_moves(facts, params):
    f = facts("00", **params)
    # differences of recalls are recorded in points (rule 3), signed as a change, with their intervals
    change, low, high = f["recall_change_after_drift"]
    assert -100 <= change < 0 and low <= change <= high  # the planted drift costs recall
    # precision on both sides of the fixed split, and its change in points with the interval of the difference
    before, after, change, low, high = f["precision_change"]
    assert 0 < before <= 1 and 0 < after <= 1
    assert change == pytest.approx((after - before) * 100) and low <= change <= high
    rate, low, high = f["recall_new_pattern_after"]
    assert 0 <= low <= rate <= high <= 1
    change, low, high = f["label_delay_recall_change"]
    assert -100 <= low <= change <= high <= 100
    assert "gate" not in f  # orientation is not a lifecycle stage


def test_label_delay_hurts_on_average_over_seeds(facts):
    changes = [facts("00", **p)["label_delay_recall_change"][0] for p in PARAMS]
    assert sum(changes) < 0


def test_the_fraud_comparison_does_not_move_with_the_planted_month(facts):
    # month 3 against months 4-6 is fixed before the replay, whatever DRIFT_MONTH (simulator truth) is; with the
    # pattern planted in month 6 the notebook still runs and records the comparison
    f = facts("00", FAST=True, DRIFT_MONTH=6)
    change, low, high = f["recall_change_after_drift"]
    assert low <= change <= high


def test_a_second_seed_gives_different_numbers(facts):
    a, b = facts("00", FAST=True), facts("00", FAST=True, SEED=7)
    assert a["accuracy_overall"] != b["accuracy_overall"]
    assert a["recall_change_after_drift"] != b["recall_change_after_drift"]


def test_the_gap_over_the_baseline_does_not_move_with_the_resamples(facts):
    # The model-vs-"nobody churns" gap is decided on Newcombe's paired interval, a formula on the discordant
    # customers: the number of bootstrap resamples (which still sets the accuracy band) cannot move it or its verdict.
    a, b = facts("00", N_RESAMPLES=500), facts("00", N_RESAMPLES=2000)
    assert a["accuracy_gap_over_baseline"] == b["accuracy_gap_over_baseline"]
    assert a["accuracy_interval"] != b["accuracy_interval"]  # the bootstrap band does move a little


@pytest.mark.parametrize("params", PARAMS, ids=["fast", "fast-seed7"])
def test_a_segment_found_without_labels_is_not_a_prediction(facts, params):
    f = facts("00", **params)
    rate, low, high = f["segment_top_churn_rate"]
    assert 0 < low <= rate <= high < 1
    assert rate > 1 - f["accuracy_baseline"]  # the highest-churn segment churns more than the held-out customers overall
    gap, low, high = f["segment_vs_model_churners_reached"]
    assert low <= gap <= high  # model minus segment at the same number of offers, in points


def test_more_segments_still_record_the_comparison(facts):
    f = facts("00", FAST=True, N_SEGMENTS=6, OFFER_LIFT=1.5)
    rate, low, high = f["segment_top_churn_rate"]
    assert low <= rate <= high
