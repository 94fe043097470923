"""Notebook 01's exercise checkers: defensible answers pass, known wrong answers fail and say why.

Moved here from tests/test_exercises.py (the shared file) when Exercise 1 became a decision."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from aipm_kit.exercises import ____


def _payments_with_delays(delay_days):
    """Hand-made frauds charged back exactly `delay_days` after their transaction, plus legitimate rows."""
    delay_days = np.asarray(delay_days, dtype=float)
    start = pd.Timestamp("2024-01-01", tz="UTC")
    stamp = start + pd.to_timedelta(np.arange(len(delay_days)), unit="h")
    fraud = pd.DataFrame({"timestamp": stamp, "is_fraud": True,
                          "label_available_at": stamp + pd.to_timedelta(delay_days, unit="D")})
    legit = pd.DataFrame({"timestamp": stamp, "is_fraud": False,
                          "label_available_at": pd.to_datetime([pd.NaT] * len(stamp), utc=True)})
    return pd.concat([fraud, legit], ignore_index=True)


def test_nb01_horizon_is_a_decision_on_the_share_labelled():
    from aipm_kit.exercises import nb01

    # 100 frauds charged back 1, 2, ..., 100 days later: k% are in by day k, so only 90 days keeps 90% in
    payments = _payments_with_delays(np.arange(1, 101))
    q1, _ = nb01.bind(payments=payments, train=payments, test=payments)
    assert q1.check("d") and "90.0%" in q1.check("d").message
    for key, share in (("a", "7.0%"), ("b", "30.0%"), ("c", "60.0%")):
        result = q1.check(key)
        assert not result and share in result.message and "legitimate" in result.message
    assert not q1.check("e") and "never" in q1.check("e").message
    assert "`d`" in q1.solution().body and "`c`" not in q1.solution().body.split("Defensible")[1].split("(")[0]
    # twice as fast: 60 days holds every fraud, so 60 and 90 days are both defensible, 30 days (60%) is not
    q1, _ = nb01.bind(payments=_payments_with_delays(np.arange(1, 101) / 2), train=payments, test=payments)
    assert q1.check("c") and q1.check("d") and not q1.check("b")
    assert q1.check(" 'd' ") and q1.check(____).correct is None
    assert not q1.check("f") and "one of" in q1.check("f").message
    with pytest.raises(ValueError):
        nb01.bind(payments=payments[~payments["is_fraud"]], train=payments, test=payments)


@pytest.fixture(scope="module")
def nb01_frames():
    from aipm_kit import scenarios

    payments = scenarios.make_payments(6_000, seed=5, months=3, drift_month=None, incident=False)
    train, test = scenarios.split_by_time(payments, train_months=[1, 2], test_months=[3])
    return payments, train, test


def test_nb01_exercises(nb01_frames):
    from aipm_kit import scenarios
    from aipm_kit.exercises import PRACTICES, nb01

    payments, train, test = nb01_frames
    q1, q2 = nb01.bind(payments=payments, train=train, test=test)
    assert q1.practice == "decision" and set(q1.options) == set("abcde")
    assert not q1.check("e") and "never" in q1.check("e").message

    month2 = train[train["month"] == 2]
    day = pd.Timestamp("2024-03-01", tz="UTC")
    known = scenarios.labels_as_of(month2, day)
    share = known[month2["is_fraud"].to_numpy()].mean()
    assert q2.check(share)
    assert "unknown" in q2.check(1 - share).message
    assert "all month-2 transactions" in q2.check(known.mean()).message
    for q in (q1, q2):
        assert q.check(____).correct is None
        assert len(q._hints) >= 2
    assert [q1.name[:4], q2.name[:4]] == ["1 · ", "2 · "] and q2.practice == "by-hand"
    assert set(PRACTICES) >= {q1.practice, q2.practice}


def test_nb01_retraining_day_accepts_every_passing_day():
    from statsmodels.stats.proportion import proportion_confint

    from aipm_kit.exercises import nb01

    # 100 frauds, charged back 1, 2, ..., 100 days after their month ends: k of them by day k
    waits = np.arange(1, 101, dtype=float)
    q3 = nb01.bind_retraining(wait_days=waits, need=0.5)
    passes = [d for d in range(0, 31) if proportion_confint(d, 100, alpha=0.10, method="wilson")[0] >= 0.5]
    assert passes == [], "no day up to 30 labels half of these frauds"
    assert not q3.check(30) and "Wilson" in q3.check(30).message
    assert "every month" in q3.check(45).message
    # shift the waits so that half is labelled by day 10: the earliest passing day is where statsmodels says
    q3 = nb01.bind_retraining(wait_days=waits - 50, need=0.5)
    first = next(d for d in range(0, 31) if proportion_confint(d + 50, 100, alpha=0.10, method="wilson")[0] >= 0.5)
    assert not q3.check(first - 1) and "not yet" in q3.check(first - 1).message.lower()
    assert q3.check(first) and q3.check(30)
    assert "from day" in q3.check(30).message  # a later day passes, with the cost of waiting named
    assert q3.practice == "decision" and q3.check(____).correct is None
    with pytest.raises(ValueError):
        nb01.bind_retraining(wait_days=[], need=0.5)


def test_nb01_wilson_by_hand(nb01_frames):
    from statsmodels.stats.proportion import proportion_confint

    from aipm_kit import scenarios
    from aipm_kit.exercises import nb01

    _, _, test = nb01_frames
    q4 = nb01.bind_hand_rule(test=test)
    flags = scenarios.hand_rule(test).to_numpy()
    y = test["is_fraud"].to_numpy()
    k, n = int((flags & y).sum()), int(y.sum())
    assert q4.check(proportion_confint(k, n, alpha=0.10, method="wilson"))
    assert "95%" in q4.check(proportion_confint(k, n, alpha=0.05, method="wilson")).message
    wald = proportion_confint(k, n, alpha=0.10, method="normal")
    assert "Wald" in q4.check(wald).message
    assert "precision" in q4.check(proportion_confint(k, int(flags.sum()), alpha=0.10, method="wilson")).message
    assert not q4.check(0.2).correct and "two numbers" in q4.check(0.2).message
    assert q4.practice == "by-hand" and q4.check(____).correct is None


def test_nb01_gate_again_grades_a_committed_answer_not_a_changed_verdict():
    from aipm_kit import gates
    from aipm_kit.exercises import nb01

    calls = []

    def retake(alert_rate, incident_cost, retrain_wait):
        # a stand-in gate: labels pass from day 10, the pattern criterion from a 5% budget
        calls.append((alert_rate, incident_cost, retrain_wait))
        return gates.Gate("g", [gates.judgement("labels", retrain_wait >= 10, evidence="e"),
                                gates.criterion("pattern", 0.3, ">=", 0.25, evidence="e",
                                                interval=(0.1 if alert_rate < 0.05 else 0.26, 0.5))])

    today = {"alert_rate": 0.025, "incident_cost": 40.0, "retrain_wait": 0}
    q5 = nb01.bind_gate(retake=retake, today=today, verdict="NO-GO")
    why = "a team twice the size reviews more alerts, and retraining 12 days later waits for more labels"
    assert q5.check({"alert_rate": 0.1, "incident_cost": 40, "retrain_wait": 12, "reason": why, "verdict": "GO"})
    # the same verdict as today is just as correct when it is the one the committed settings give
    price = "a missed fraud's incident cost includes support time and lost trust, so price it at 500 dollars"
    same = q5.check({"alert_rate": 0.025, "incident_cost": 500, "retrain_wait": 0, "reason": price,
                     "verdict": "NO-GO"})
    assert same and "not which verdict" in same.message
    # a verdict other than the one the settings give fails, whatever it is
    wrong = q5.check({"alert_rate": 0.1, "incident_cost": 40, "retrain_wait": 0,
                      "reason": "the review team doubles and then doubles again", "verdict": "GO"})
    assert not wrong and "says NO-GO" in wrong.message and "labels" in wrong.message
    # a reason that does not name a changed setting fails before the gate is taken
    n = len(calls)
    silent = q5.check({"alert_rate": 0.1, "incident_cost": 40, "retrain_wait": 12,
                       "reason": "a team twice the size reviews more alerts every day", "verdict": "GO"})
    assert not silent and "retraining day" in silent.message and len(calls) == n
    assert not q5.check({"alert_rate": 0.1, "incident_cost": 40, "retrain_wait": 0, "reason": "bigger", "verdict": "GO"})
    assert "today's settings" in q5.check({**today, "reason": why, "verdict": "NO-GO"}).message
    assert not q5.check({"alert_rate": 0.9, "incident_cost": 40, "retrain_wait": 0, "reason": why, "verdict": "NO-GO"})
    assert not q5.check({"alert_rate": 0.1}).correct
    assert q5.practice == "decision" and "NO-GO" in q5.solution().body and "gate-shopping" in q5.solution().body
    with pytest.raises(ValueError):
        nb01.bind_gate(retake=retake, today={"alert_rate": 0.025}, verdict="NO-GO")


def test_nb01_horizon_follows_the_notebooks_parameters():
    from aipm_kit.exercises import nb01

    # 100 frauds charged back 1..100 days later: k% are in by day k. Accepting 40% mislabelled makes 60 days
    # defensible (60% in) and 30 days still not (30% in); the message names the horizon the notebook runs with
    payments = _payments_with_delays(np.arange(1, 101))
    q1, _ = nb01.bind(payments=payments, train=payments, test=payments, horizon_days=60, min_labelled=0.60)
    assert q1.check("c") and "60 days" in q1.check("c").message and "HORIZON_DAYS" in q1.check("c").message
    assert not q1.check("b") and "60%" in q1.check("b").message
    for bad in (0, 1.5, -0.1):
        with pytest.raises(ValueError, match="min_labelled"):
            nb01.bind(payments=payments, train=payments, test=payments, min_labelled=bad)
    with pytest.raises(ValueError, match="horizon_days"):
        nb01.bind(payments=payments, train=payments, test=payments, horizon_days=0)
