"""Notebook 03 (deploy, monitor, roll back) under papermill: FAST, FAST with another seed, and defaults."""

from __future__ import annotations

import pytest


@pytest.fixture
def fast(facts):
    return facts("03", FAST=True)          # executed once per session (cached by conftest)


@pytest.fixture
def full(facts):
    return facts("03")                     # default parameters, as the committed notebook runs


@pytest.fixture
def fast_seed7(facts):
    return facts("03", FAST=True, SEED=7)


@pytest.fixture
def fast_no_skew(facts):
    return facts("03", FAST=True, SERVICE_CODE_AS_RUN=False)


def test_early_shadow_read_understates_final_precision(fast):
    assert 0 <= fast["shadow_early_precision_model"] < fast["shadow_final_precision_model"] <= 1
    assert 0 < fast["shadow_final_precision_rule"] <= 1
    # the gap is compared at equal volume (the model's top scores), so it is not the unequal-volume reads' difference
    assert -100 < fast["shadow_gain_at_launch_points"] < 100 and -100 < fast["shadow_precision_gain_points"] < 100


def test_the_deployed_union_adds_to_the_review_load(fast, full):
    for facts in (fast, full):
        assert facts["union_review_load"] > 1  # a payment is held when either flags it: more holds than the rule's
    assert 1 < full["union_review_load"] < 2  # the model adds holds, fewer than the rule makes


def test_latency_rule_switch_is_priced(fast):
    # (its time to fire is not recorded: the incident is found as hours above the timeout, so it is true by
    # construction) the switch spares customers failed checks; in dollars it can go either way (the model, failing 8% of
    # calls, may still catch more fraud than the rule alone over those hours), so only its being priced is checked
    assert fast["latency_rule_failures_spared"] > 0
    assert abs(fast["latency_rule_dollars_saved"]) < float("inf")


def test_drill_and_reproduction_succeed(fast):
    assert fast["rollback_drill_passed"] == "passed"  # recorded in words, not True/False
    assert fast["prediction_reproduced"] == "yes"


def test_staged_rollout_exposes_fewer_users(fast, full):
    for facts in (fast, full):
        assert 0 < facts["rollout_exposed_staged"] < facts["rollout_exposed_big_bang"]
        # today's harm rate is read from the data: the rule's good customers held, well under 1% of transactions
        assert 0.0001 < facts["rollout_harm_rate_today"] < 0.005
    # at that rare rate the small first stage's exact check catches a 10-times-worse version in some runs, not most
    assert 0.05 < full["rollout_caught_first_stage"] < 0.5


def test_rollout_plan_is_not_a_criterion_of_this_launch(full):
    names = [c["criterion"] for c in full["gate"]["criteria"]]
    assert not any("rollout" in n.lower() for n in names)


def test_training_serving_skew_is_found_and_priced(full, fast):
    for facts in (fast, full):
        assert facts["skew_share_rows_differing"] == pytest.approx(1.0)  # every hour is off by the time zone
    # its cost is read where the service drew its line: fewer alerts there, so fewer frauds caught
    assert full["skew_frauds_at_line"] < 0
    rows = {c["criterion"]: c for c in full["gate"]["criteria"]}
    served = rows["Served features match training's, on requests the service served"]
    # the fix rerun in the notebook finds nothing, but no request served by the fixed service was compared: open,
    # as the switch is while only the notebook's router was drilled
    assert served["result"] == "not yet" and "No request served by the fixed service" in served["evidence"]
    assert "0 with a feature that differs" in served["evidence"]  # the fixed code, rerun on every raw event


def test_the_skew_knob_off(fast_no_skew):
    facts = fast_no_skew
    assert facts["skew_share_rows_differing"] == 0 and facts["skew_frauds_at_line"] == 0
    rows = {c["criterion"]: c for c in facts["gate"]["criteria"]}
    # with the service's own code right, its served requests were compared in the shadow month: the line passes
    assert rows["Served features match training's, on requests the service served"]["result"] == "pass"
    # the owner is the role Exercise 2's answer names (no parameter gives it away before the exercise)
    assert rows["A named owner may roll back without a meeting"]["result"] == "pass"
    assert "on-call engineer" in rows["A named owner may roll back without a meeting"]["evidence"]


def test_precision_alert_warns_before_the_rollback_acts(fast, full):
    for facts in (fast, full):
        # the alert line sits at or above the floor (strictly above once the volume gives evidence)
        assert facts["precision_floor_line"] <= facts["precision_alert_line"] < 1
        assert 0 <= facts["precision_floor_calm_share"] <= 0.01 + 1e-9  # ROLLBACK_CALM_WEEKS at defaults
    assert full["precision_floor_line"] < full["precision_alert_line"]


def test_gate_3_is_taken_on_launch_day_with_what_was_visible_then(fast, full):
    for facts in (fast, full):
        gate = facts["gate"]
        text = " ".join(c["criterion"] + " " + c["evidence"] for c in gate["criteria"])
        # nothing after the launch: no incident (04 May), no ring (01 May), no matured read, no live replay
        for later in ("May", "Jun", "incident", "matured", "90 days", "after the launch"):
            assert later not in text, later
        assert "in by 01 Apr" in text  # the chargebacks in by launch day, no later
    # the gate decides the form launched (the add-on); the replacement question is recorded as open, outside the gate.
    # The notebook can drill only its own router, never the production switch, so that line is open whenever the
    # router's drill passes. The trivial alternative (a looser rule's extra holds) faces gate 3 as it faces the review:
    # at defaults the paired net difference's interval holds zero, so both lines are open and the verdict is NOT YET
    looser = ("Add-on: the model's extra holds net more than the looser rule's (USD in the shadow month, after a "
              "review per hold)")
    for facts in (fast, full):
        rows = {c["criterion"]: c for c in facts["gate"]["criteria"]}
        switch = rows["Production switch drilled in the checkout (thrown to the rule, restored)"]
        assert switch["result"] != "pass"
        assert rows[looser]["decided on"] == "interval" and "95% bootstrap" in rows[looser]["evidence"]
    assert full["gate"]["verdict"] == "NOT YET"
    assert [c["criterion"] for c in full["gate"]["criteria"] if c["result"] != "pass"] == [
        looser, "Production switch drilled in the checkout (thrown to the rule, restored)",
        "Served features match training's, on requests the service served"]
    assert not any("beats the rule" in c["criterion"] for c in full["gate"]["criteria"])


def test_serving_alerts_stay_quiet_outside_the_incident_with_the_request_minimum(full):
    assert full["serving_noise_firings"] == 0
    # the rollback floor is quiet enough but cannot catch a 20-point drop in most weeks at this volume
    assert full["precision_floor_caught_share"] < 0.5


def test_gate_has_a_verdict_with_evidence(fast):
    gate = fast["gate"]
    assert gate["verdict"] in ("GO", "NO-GO", "NOT YET") and len(gate["criteria"]) >= 5
    assert all(c["evidence"] for c in gate["criteria"])
    assert (gate["verdict"] == "GO") == all(c["result"] == "pass" for c in gate["criteria"])
    assert (gate["verdict"] == "NO-GO") == any(c["result"] == "FAIL" for c in gate["criteria"])


def test_sampled_gate_criteria_are_decided_on_named_intervals(fast):
    rows = {c["criterion"]: c for c in fast["gate"]["criteria"]}
    precision = rows["Add-on: the model's extra holds stop at least their review cost (USD of fraud per hold)"]
    assert precision["decided on"] == "interval" and precision["interval"] and "95% bootstrap" in precision["evidence"]
    noise = rows["Serving alerts page on noise at most once a week (pages per week)"]
    assert noise["decided on"] == "interval" and "95% Wilson" in noise["evidence"]
    assert "simulator" not in precision["evidence"]  # decided on chargebacks the business sees


def test_another_seed_gives_other_numbers(fast, fast_seed7):
    keys = ("shadow_early_precision_model", "shadow_final_precision_model", "rollout_exposed_staged")
    assert any(fast[k] != fast_seed7[k] for k in keys)
    assert fast_seed7["rollback_drill_passed"] == "passed" and fast_seed7["prediction_reproduced"] == "yes"


def test_gate_3_gates_the_add_on_form_that_is_launched(full):
    rows = {c["criterion"]: c for c in full["gate"]["criteria"]}
    addon = rows["Add-on: the model's extra holds stop at least their review cost (USD of fraud per hold)"]
    assert addon["decided on"] == "interval" and "95% bootstrap" in addon["evidence"]
    assert addon["result"] == "pass"  # at defaults the extra holds carry far more fraud than a 30-dollar review


def test_post_launch_review_decides_each_read_on_its_own_interval(full):
    # a replacement needs a gain of at least MIN_GAP_POINTS (5): the shadow read (-7 points, up to +0.8) and the live
    # read (-5, up to +0.3) each lie wholly below that line at defaults, so the replacement fails; pooling them (which
    # assumes a stable gap across the fraud ring) is not what decides it
    assert full["review_replacement_verdict"] == "NO-GO"
    # the add-on pays for its reviews, but a second rule of the same family adding about as many holds is not beaten
    # on the whole interval at defaults, so the add-on stays open
    assert full["review_addon_verdict"] == "NOT YET"
    # the monitoring review reads the Exercise 5 floor (the answer key tolerates 5% of calm weeks: floor 63%) and,
    # as for detection, prices its false rollbacks across normal precision's 95% interval (about 74% to 86%). At the
    # top the floor fires in well under 1% of calm weeks: under one false rollback a year, under 2,700 dollars at the
    # price's high end, within the 5,000 budget; at the bottom it fires in over a fifth of calm weeks: over 10 a
    # year, over 16,000 dollars at the price's low end (1,650), above it. The range straddles the budget, detection
    # (about 40% to 93% against 50%) straddles its line, nothing fails: the design is not yet settled
    assert full["review_monitoring_verdict"] == "NOT YET"


def test_the_review_keeps_the_add_on_only_against_the_looser_rule(fast, fast_seed7, full):
    # the add-on is kept (GO) only when its extra holds net more than the trivial alternative's on the whole interval
    for facts in (fast, fast_seed7, full):
        if facts["review_addon_verdict"] == "GO":
            assert facts["review_addon_vs_looser_low"] > 0
        assert facts["review_addon_vs_looser_low"] <= facts["review_addon_vs_looser_usd"]
