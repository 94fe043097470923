"""Notebook 03's exercises on small hand-made inputs: the expected answers are worked by hand."""

from __future__ import annotations

import pandas as pd

from aipm_kit import monitoring
from aipm_kit.exercises import nb03


def _inputs():
    t0 = pd.Timestamp("2024-04-01", tz="UTC")
    shadow = pd.DataFrame({
        "as_of": [t0, t0, t0 + pd.Timedelta(days=90), t0 + pd.Timedelta(days=90)],
        "model": ["rule", "model", "rule", "model"],
        "precision_so_far": [0.20, 0.25, 0.80, 0.95], "precision_true": [0.82, 0.96, 0.82, 0.96]})
    idx = pd.date_range("2024-05-04 08:00", periods=4, freq="h", tz="UTC")
    metrics = pd.DataFrame({"latency_p95": [90.0, 350.0, 360.0, 95.0]}, index=idx)
    replay = monitoring.replay_rules(metrics, [monitoring.Rule("p95 latency", "latency_p95", ">", 200)])
    # 10 simulated runs: the staged plan's first check catches 4, the second 5, the third 1
    rollout = monitoring.RolloutResult(
        summary=pd.DataFrame({"plan": ["staged", "big bang"]}),
        exposure=pd.DataFrame({"staged": [100] * 4 + [700] * 5 + [2_000], "big bang": [2_600] * 10}),
        caught_stage=pd.DataFrame({"staged": [1] * 4 + [2] * 5 + [3], "big bang": [1] * 10}))
    outcomes = pd.DataFrame({"rule": ["p95 latency", "precision floor"], "action": ["alert", "rollback"],
                             "firings": [1, 9], "dollars_saved": [-2_600.0, -91_000.0]})
    return nb03.bind(shadow=shadow, replay=replay, incident_start=pd.Timestamp("2024-05-04 09:00", tz="UTC"),
                     rollout=rollout, outcomes=outcomes, latency_rule="p95 latency")


def test_q1_is_the_gap_between_the_early_and_the_matured_read():
    q1, *_ = _inputs()
    assert q1.check(0.70)            # 0.95 - 0.25, both read on chargebacks
    assert not q1.check(0.71)        # 0.96 - 0.25 uses the simulator's truth
    assert not q1.check(0.25) and not q1.check(-0.70)


def test_q2_minutes_to_the_first_hourly_check():
    _, q2, _, _ = _inputs()
    assert q2.check(60)              # the 09:00 hour breaches, checked at 10:00
    assert not q2.check(0) and not q2.check(1)


def test_q3_share_caught_at_the_first_stage():
    _, _, q3, _ = _inputs()
    assert q3.check(0.4)             # 4 of 10 runs
    assert not q3.check(1.0)         # caught at any stage
    assert not q3.check(0.5)


def test_q4_best_is_the_smallest_loss_when_every_rule_loses():
    *_, q4 = _inputs()
    assert q4.check("p95 latency")
    assert not q4.check("precision floor")
