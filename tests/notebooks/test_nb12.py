"""Notebook 12 under papermill: FAST, and FAST with a second seed; the recorded facts are sane."""

from __future__ import annotations

import pytest

from aipm_kit.story import WRITEUP_FACTS

PARAMS = [dict(FAST=True), dict(FAST=True, SEED=7)]
IDS = ["fast", "fast-seed7"]


@pytest.mark.parametrize("params", PARAMS, ids=IDS)
def test_model_and_drift_facts(facts, params):
    f = facts("12", **params)
    assert 0.75 < f["reference_auc"] < 1
    assert 0.5 < f["worst_month_auc"] <= f["reference_auc"]
    assert f["worst_month"].startswith("2013-")
    low, high = f["late_share_range"]
    assert 0 < low < high < 1  # delays are seasonal: the late share moves month to month
    assert 0 < f["peak_psi"] < 2
    assert f["peak_psi_feature"] in {"dep_delay", "sched_dep_hour", "distance", "carrier", "origin",
                                     "air_time", "dest"}
    assert 0 < f["score_psi_peak"] <= f["peak_psi"] * 5
    # the p-value trap: KS flags far more feature-months than the PSI alert line does
    assert f["ks_flag_share"] > 0.3
    assert f["psi_alert_cells"] >= 0
    assert -0.1 < f["retrain_gain_auc"] < 0.1
    assert 0 < f["drift_table_seconds"] < 60 and 0 < f["dashboard_update_seconds"] < 60


@pytest.mark.parametrize("params", PARAMS, ids=IDS)
def test_writeup_is_complete(facts, params):
    f = facts("12", **params)
    for key in WRITEUP_FACTS:
        assert isinstance(f.get(key), str) and len(f[key]) > 20, key
    assert f"{f['reference_auc']:.3f}" in f["writeup_technical_result"]


def test_before_after_figure_is_recorded():
    from aipm_kit.story import read_figures
    from conftest import run_notebook  # tests/conftest.py (cached: no second run)

    figures = read_figures(run_notebook("12", FAST=True))
    assert "before_after" in figures and len(figures["before_after"]["png"]) > 1000


def test_a_second_seed_gives_different_numbers(facts):
    a, b = facts("12", FAST=True), facts("12", FAST=True, SEED=7)
    assert a["reference_auc"] != b["reference_auc"]
    assert a["peak_psi"] != b["peak_psi"]
