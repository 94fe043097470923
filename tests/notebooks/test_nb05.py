"""Notebook 05 under papermill: FAST runs at two seeds record sane, seed-dependent facts."""

from __future__ import annotations

import pytest


@pytest.fixture
def runs(facts):
    return facts("05", FAST=True), facts("05", FAST=True, SEED=7)


def test_business_case_facts(runs):
    for f in runs:
        # the business case has no randomness: same for every seed, and it pays back within the horizon
        assert 0 < f["break_even_months"] < 36
        assert f["accuracy_gain_value_per_year"] > 0
    assert runs[0]["break_even_months"] == runs[1]["break_even_months"]


def test_erratic_model_misses_the_floor_more_often_and_deeper(runs):
    for f in runs:
        d, lo, hi = f["bad_weeks_difference"]
        assert lo <= d <= hi and lo > 0   # more bad weeks a year, over many simulated years
        assert 0 < f["shortfall_points_steady"] < f["shortfall_points_erratic"]


def test_bad_weeks_are_counted_over_many_years_with_an_interval(runs):
    for f in runs:
        e, st = f["bad_weeks_per_year_erratic"], f["bad_weeks_per_year_steady"]
        assert e[1] <= e[0] <= e[2] and st[1] <= st[0] <= st[2]
        assert e[0] > st[0]  # the erratic model breaks the floor in more weeks a year, on average over years


def test_roadmap_probabilities_are_probabilities_and_grow_with_data(runs):
    for f in runs:
        ps = [f["p_target_3m"], f["p_target_6m"], f["p_target_9m"]]
        assert all(0 <= p <= 1 for p in ps)
        assert ps[0] <= ps[1] + 0.02 and ps[1] <= ps[2] + 0.02   # more data never lowers it by much
        assert 0 <= f["stall_probability"] <= 1


def test_communication_facts(runs):
    for f in runs:
        prec, prec_low, prec_high = f["model_precision"]          # with its 95% Wilson interval
        assert 0.3 < prec < 1 and prec_low <= prec <= prec_high
        assert -1 < f["false_flag_reduction"] <= 1
        edge, low, high = f["net_edge_over_rule_set"]          # the model against legal's rule set, 95% bootstrap
        assert low <= edge <= high
        verdict = "go" if low > 0 else "no" if high < 0 else "not yet"
        assert f["verdict_vs_rule_set"] == verdict
        net, net_low, net_high = f["net_value_per_month"]       # the executive call's unit, with its interval
        assert net_low <= net <= net_high
        # one plan, following from the intervals: the readable rule set leads when it pays over today's rules on its
        # whole interval and the model is not shown to beat it; otherwise a trial exactly when the model's whole
        # interval over today's rules is above zero
        rules_lead = f["rule_set_over_today"][1] > 0 and not low > 0
        if rules_lead:
            rule_net, rule_low, rule_high = f["rule_set_over_today"]
            assert rule_low <= rule_net <= rule_high
            # held to the model's switch line (MIN_NET_TO_CONFIRM, $20k by default): a trial, or a switch above it
            assert f["plan"].startswith("switch to the readable rule set now" if rule_low > 20_000 else
                                        "start a trial of the readable rule set now")
            assert f["trial_forgone"][1] <= f["trial_forgone"][0] <= f["trial_forgone"][2]
            assert f["trial_own_net"][1] <= f["trial_own_net"][0] <= f["trial_own_net"][2]
        elif net_low > 0:
            assert f["plan"] == "start the gated trial now"
            assert f["switch"] in ("GO", "NOT YET", "NO-GO")
        elif net_high < 0:
            assert f["plan"] == "keep today's rules"
        else:
            assert f["plan"] == "not yet: run another month in shadow"
        # the trial is sized from pre-set effects: at least the label lag, and finite
        assert 1 <= f["trial_months_binding"] < 1_000
        # the measured benchmark (a month's Wilson interval above the target) is stricter than the forecast
        assert 0 <= f["p_benchmark_9m"] <= f["p_target_9m"]
        # the checkpoint pools months: one month is too few for its Wilson interval to clear the target reliably
        assert 1 < f["checkpoint_months"] <= 120


def test_second_seed_gives_different_numbers(runs):
    a, b = runs
    assert a["model_precision"][0] != b["model_precision"][0]
    assert a["bad_weeks_difference"] != b["bad_weeks_difference"] or a["p_target_3m"] != b["p_target_3m"]


def test_f1_gain_is_priced_with_paired_intervals(runs):
    for f in runs:
        for key in ("f1_money_keep", "f1_money_twin", "f1_money_at_amounts_keep", "f1_money_at_amounts_twin"):
            est, low, high = f[key]
            assert low <= est <= high
        # the candidate with less recall never makes more money than the one with more, at these prices
        assert f["f1_money_twin"][0] < f["f1_money_keep"][0]


def test_mandate_reply_sorts_every_use(runs):
    for f in runs:
        counts = dict(part.split() for part in f["mandate_calls"].split(", "))
        assert sum(int(v) for v in counts.values()) == 5 and int(counts["build"]) >= 1
