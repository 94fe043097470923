"""Notebook 03 (deploy, monitor, roll back) under papermill: FAST, and FAST with another seed."""

from __future__ import annotations

import pytest


@pytest.fixture
def fast(facts):
    return facts("03", FAST=True)          # executed once per session (cached by conftest)


@pytest.fixture
def fast_seed7(facts):
    return facts("03", FAST=True, SEED=7)


def test_early_shadow_read_understates_final_precision(fast):
    assert 0 <= fast["shadow_early_precision_model"] < fast["shadow_final_precision_model"] <= 1
    assert 0 < fast["shadow_final_precision_rule"] <= 1


def test_latency_rule_catches_the_incident_within_its_first_hours(fast):
    # the check runs at the end of each hour: it fires a whole number of hours after the start
    minutes = fast["latency_rule_minutes_to_fire"]
    assert 60 <= minutes <= 180 and minutes % 60 == 0
    assert fast["latency_rule_dollars_saved"] >= 0


def test_drill_and_reproduction_succeed(fast):
    assert fast["rollback_drill_passed"] is True
    assert fast["prediction_reproduced"] is True


def test_staged_rollout_exposes_fewer_users(fast):
    assert 0 < fast["rollout_exposed_staged"] < fast["rollout_exposed_big_bang"]
    assert fast["precision_floor_firings"] >= 0


def test_gate_has_a_verdict_with_evidence(fast):
    gate = fast["gate"]
    assert gate["verdict"] in ("GO", "NO-GO") and len(gate["criteria"]) >= 5
    assert all(c["evidence"] for c in gate["criteria"])
    assert (gate["verdict"] == "GO") == all(c["result"] == "pass" for c in gate["criteria"])


def test_another_seed_gives_other_numbers(fast, fast_seed7):
    keys = ("shadow_early_precision_model", "shadow_final_precision_model", "rollout_exposed_staged")
    assert any(fast[k] != fast_seed7[k] for k in keys)
    assert fast_seed7["rollback_drill_passed"] is True and fast_seed7["prediction_reproduced"] is True
