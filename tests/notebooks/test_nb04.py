"""Notebook 04 (iterate, retrain, retire) under papermill: FAST, and FAST with another seed."""

from __future__ import annotations

import pytest


@pytest.fixture
def fast(facts):
    return facts("04", FAST=True)          # executed once per session (cached by conftest)


@pytest.fixture
def fast_seed7(facts):
    return facts("04", FAST=True, SEED=7)


def test_planted_shift_found_in_its_month(fast):
    # the shift starts on the first of the month; a weekly check fires within that month
    assert 0 <= fast["detection_delay_days"] <= 31
    assert fast["false_alarms_before_drift"] >= 0


def test_the_huge_n_trap_is_real_data(fast):
    # real flights data (not seeded): a tiny PSI with a "significant" KS p-value
    assert fast["ks_p_value_all_rows"] < 0.05
    assert fast["psi_jan_feb_delays"] < 0.1


def test_fraud_ring_decays_recall(fast):
    assert 0 < fast["recall_after_ring"] < fast["recall_before_ring"] <= 1


def test_ab_test_and_peeking(fast):
    assert fast["ab_difference"] < 0                      # the slower candidate loses conversions
    assert fast["ab_sample_size_per_arm"] > 1_000
    assert 0.08 < fast["peeking_false_positive_rate"] < 0.4


def test_cadence_and_retirement_facts(fast):
    assert fast["retrain_every_months"] in (1, 2, 3, 6)
    assert fast["prediction_change_cause"].startswith("swap in the new")
    assert fast["break_even_volume"] == -1 or fast["break_even_volume"] > 0


def test_gate_has_a_verdict_with_evidence(fast):
    gate = fast["gate"]
    assert gate["verdict"] in ("GO", "NO-GO") and len(gate["criteria"]) >= 5
    assert (gate["verdict"] == "GO") == all(c["result"] == "pass" for c in gate["criteria"])


def test_another_seed_gives_other_numbers(fast, fast_seed7):
    keys = ("recall_before_ring", "ab_difference", "peeking_false_positive_rate")
    assert any(fast[k] != fast_seed7[k] for k in keys)
    # the flights numbers come from real data and do not depend on the seed
    assert fast["psi_jan_feb_delays"] == fast_seed7["psi_jan_feb_delays"]
