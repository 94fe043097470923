"""Notebook 01's exercise checkers: defensible answers pass, known wrong answers fail and say why.

Moved here from tests/test_exercises.py (the shared file) when Exercise 1 became a decision. Expected
answers come from statsmodels' Wilson interval or are worked by hand."""

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
    fraud = pd.DataFrame(
        {"timestamp": stamp, "is_fraud": True, "label_available_at": stamp + pd.to_timedelta(delay_days, unit="D")}
    )
    legit = pd.DataFrame(
        {"timestamp": stamp, "is_fraud": False, "label_available_at": pd.to_datetime([pd.NaT] * len(stamp), utc=True)}
    )
    return pd.concat([fraud, legit], ignore_index=True)


def _shortest_clearing(delays, line):
    """The shortest of 7/30/60/90 days whose mislabelled share's 90% Wilson interval (statsmodels) is within line."""
    from statsmodels.stats.proportion import proportion_confint

    delays = np.asarray(delays, dtype=float)
    for key, days in zip("abcd", (7, 30, 60, 90)):
        late = int((delays > days).sum())
        if proportion_confint(late, len(delays), alpha=0.10, method="wilson")[1] <= line:
            return key
    return None


def test_nb01_horizon_is_the_shortest_whose_interval_clears_the_line():
    from aipm_kit.exercises import nb01

    # 75 frauds charged back 1..75 days later: 60 days calls 15 (20%) legitimate, 90 days none (upper end 3.5%)
    delays = np.arange(1, 76)
    payments = _payments_with_delays(delays)
    assert _shortest_clearing(delays, 0.05) == "d"
    q1, _ = nb01.bind(payments=payments, train=payments, test=payments)
    assert q1.check("d") and "no shorter" in q1.check("d").message
    for key in "abc":
        result = q1.check(key)
        assert not result and "above the line" in result.message and "legitimate" in result.message
    assert not q1.check("e") and "never" in q1.check("e").message
    assert "`d`" in q1.solution().body
    # 200 frauds all in within 50 days: 60 days is the shortest that clears, so 90 days waits longer for nothing
    fast = np.linspace(0.25, 50, 200)
    assert _shortest_clearing(fast, 0.05) == "c"
    q1, _ = nb01.bind(payments=_payments_with_delays(fast), train=payments, test=payments)
    assert q1.check("c") and not q1.check("b")
    longer = q1.check("d")
    assert not longer and "30 days longer" in longer.message
    assert q1.check(" 'c' ") and q1.check(____).correct is None
    assert not q1.check("f") and "one of" in q1.check("f").message
    # nothing clears a 1% line on 75 frauds: the longest fixed horizon is the least bad, and said to be
    q1, _ = nb01.bind(payments=payments, train=payments, test=payments, max_mislabelled=0.01)
    assert _shortest_clearing(delays, 0.01) is None and q1.check("d") and "least bad" in q1.check("d").message
    for bad in (0, 1, 1.5, -0.1):
        with pytest.raises(ValueError, match="max_mislabelled"):
            nb01.bind(payments=payments, train=payments, test=payments, max_mislabelled=bad)
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
    assert q1.practice == "by-hand" and set(q1.options) == set("abcde")
    assert not q1.check("e") and "never" in q1.check("e").message

    month2 = train[train["month"] == 2]
    day = pd.Timestamp("2024-03-01", tz="UTC")
    known = scenarios.labels_as_of(month2, day)
    share = known[month2["is_fraud"].to_numpy()].mean()
    # by hand, from the chargeback dates alone: a fraud is labelled once its chargeback date is on or before the day
    by_hand = np.mean([pd.notna(t) and t <= day for t in month2.loc[month2["is_fraud"], "label_available_at"]])
    assert share == pytest.approx(by_hand) and q2.check(by_hand)
    assert "simulator's truth" in q2.prompt
    assert "unknown" in q2.check(1 - share).message
    assert "all month-2 transactions" in q2.check(known.mean()).message
    for q in (q1, q2):
        assert q.check(____).correct is None
        assert len(q._hints) >= 2
    assert [q1.name[:4], q2.name[:4]] == ["1 · ", "2 · "] and q2.practice == "by-hand"
    assert set(PRACTICES) >= {q1.practice, q2.practice}


def test_nb01_retraining_day_is_the_earliest_passing_day():
    from statsmodels.stats.proportion import proportion_confint

    from aipm_kit.exercises import nb01

    # 100 frauds, charged back 1, 2, ..., 100 days after their month ends: k of them by day k
    waits = np.arange(1, 101, dtype=float)
    q3 = nb01.bind_retraining(wait_days=waits, need=0.5)
    passes = [d for d in range(0, 31) if proportion_confint(d, 100, alpha=0.10, method="wilson")[0] >= 0.5]
    assert passes == [], "no day up to 30 labels half of these frauds"
    assert not q3.check(30) and "Wilson" in q3.check(30).message
    assert q3.check(None)  # no day passes: the answer says so
    assert "every month" in q3.check(45).message
    # shift the waits so that half is labelled by day 10: the earliest passing day is where statsmodels says
    q3 = nb01.bind_retraining(wait_days=waits - 50, need=0.5)
    first = next(d for d in range(0, 31) if proportion_confint(d + 50, 100, alpha=0.10, method="wilson")[0] >= 0.5)
    assert not q3.check(first - 1) and "not yet" in q3.check(first - 1).message.lower()
    assert q3.check(first) and not q3.check(None)
    later = q3.check(30)  # a later day passes the line, but the question asks for the earliest
    assert not later and f"already passes on day {first}" in later.message
    assert not q3.check(first + 0.5)  # whole days only
    assert q3.practice == "by-hand" and q3.name.startswith("3 · ") and q3.check(____).correct is None
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


def test_nb01_break_even_cut_by_hand():
    from aipm_kit.exercises import nb01

    # worked by hand: 266,000 dollars of extra cost over 12 x 5 x 50,000 = 3,000,000 dollars a year let through
    q5 = nb01.bind_break_even(
        missed_rule=50_000, extra_cost=266_000, model_cost=294_000, scale=5.0, cut_interval=(-0.09, 0.12), line=0.25
    )
    right = q5.check(266_000 / 3_000_000)
    assert right and "-9% to 12%" in right.message and "2.8 times" in right.message
    # the feedback quotes the measured interval but leaves the upkeep call to Exercise 7: no verdict on paying
    assert "pays for itself" not in right.message and "cannot say" not in right.message
    # the feedback names the gate's line for what it measures: the same cut, at a higher bar
    assert "one measurement" in right.message and "pattern the rule cannot see" not in right.message
    assert q5.check(0.0887) and q5.check(0.089)  # rounded as a learner would
    assert "12" in q5.check(266_000 / 250_000).message  # one month paying a year
    assert "scale" in q5.check(266_000 / 600_000).message  # the test month not scaled up
    assert "extra cost" in q5.check(294_000 / 3_000_000).message  # the model's whole cost
    assert not q5.check(0.25) and not q5.check(0.5)
    assert q5.practice == "by-hand" and q5.check(____).correct is None
    assert q5.name.startswith("6 · ")  # worked out before gate 1 is taken (Exercise 7)
    # a measured cut whose whole interval clears break-even: still no verdict before the gate is taken
    q5 = nb01.bind_break_even(
        missed_rule=50_000, extra_cost=266_000, model_cost=294_000, scale=5.0, cut_interval=(0.2, 0.4), line=0.25
    )
    assert "pays for itself" not in q5.check(0.0887).message and "20% to 40%" in q5.check(0.0887).message
    with pytest.raises(ValueError):
        nb01.bind_break_even(missed_rule=0, extra_cost=1, model_cost=2, scale=1, cut_interval=(0, 1), line=0.25)
    with pytest.raises(ValueError, match="extra_cost"):
        nb01.bind_break_even(missed_rule=1, extra_cost=-1, model_cost=2, scale=1, cut_interval=(0, 1), line=0.25)


def test_nb01_horizon_is_chosen_on_the_history_when_given():
    from aipm_kit.exercises import nb01

    # the notebook's months: all charged back within 50 days; the older months: 75 frauds charged back 1..75 days
    recent, older = _payments_with_delays(np.linspace(0.25, 50, 200)), _payments_with_delays(np.arange(1, 76))
    q1, _ = nb01.bind(payments=recent, train=recent, test=recent, history=older)
    assert q1.check("d") and not q1.check("c")  # decided on the older months (as statsmodels says), not the recent
    assert _shortest_clearing(np.arange(1, 76), 0.05) == "d"
    assert "`history`" in q1.prompt and "75" in q1.check("d").message


def test_nb01_retraining_day_holds_in_every_month():
    from statsmodels.stats.proportion import proportion_confint

    from aipm_kit.exercises import nb01

    # month 1: 100 frauds charged back 1..100 days after it ends, minus 60 (k+60 labelled by day k);
    # month 2: the same minus 40, so it lags month 1 by 20 days
    waits = np.concatenate([np.arange(1, 101) - 60.0, np.arange(1, 101) - 40.0])
    months = np.repeat([1, 2], 100)
    low = lambda k: proportion_confint(min(k, 100), 100, alpha=0.10, method="wilson")[0]  # noqa: E731
    first_pooled = next(
        d
        for d in range(31)
        if proportion_confint(min(d + 60, 100) + min(d + 40, 100), 200, alpha=0.10, method="wilson")[0] >= 0.5
    )
    first_every = next(d for d in range(31) if min(low(d + 60), low(d + 40)) >= 0.5)
    assert first_pooled < first_every  # pooling would pass a day on which month 2 is not shown to clear the line
    q3 = nb01.bind_retraining(wait_days=waits, need=0.5, months=months)
    assert q3.check(first_every) and not q3.check(30)
    wrong = q3.check(first_pooled)
    assert not wrong and "every month's own interval" in wrong.message and "month 2" in wrong.message
    with pytest.raises(ValueError, match="months"):
        nb01.bind_retraining(wait_days=waits, need=0.5, months=months[:10])
    # the prompt and the hint name the learner's own array (the notebook's `fraud_month`), not a name it lacks
    assert "`fraud_month` says which month" in q3.prompt and "`months` says" not in q3.prompt
    named = nb01.bind_retraining(wait_days=waits, need=0.5, months=months, months_name="by_month")
    assert "`by_month` says which month" in named.prompt


def test_nb01_take_gate_follows_the_intervals_and_the_next_step_follows_the_verdict():
    from aipm_kit.exercises import nb01

    lines = {
        "pattern": ("cut", [("", -0.09, 0.12)], ">=", 0.25, "{:.0%}"),
        "upkeep": ("value", [("", -520_000, 63_000)], ">", 0.0, "{:,.0f}"),
    }
    q = nb01.bind_gate(criteria=lines)
    # worked by hand: the pattern interval lies wholly below 25% (fail); the value interval straddles 0 (not yet);
    # one failed line makes the gate NO-GO, and the only step consistent with it is to stop
    right = {"pattern": "fail", "upkeep": "not yet", "verdict": "NO-GO", "next": "stop"}
    assert q.check(right) and q.check({**right, "upkeep": "Inconclusive", "verdict": "no-go"})
    wrong = q.check({**right, "upkeep": "pass"})
    assert not wrong and "straddles" in wrong.message
    assert "NO-GO, not NOT YET" in q.check({**right, "verdict": "NOT YET"}).message
    for step in ("shadow", "build"):  # a shadow run cannot undo a failed line; building goes against it
        bad = q.check({**right, "next": step})
        assert not bad and "does not follow from a NO-GO gate" in bad.message
    # both lines open, none failed: NOT YET, where stopping and a shadow run are both defensible, building is not
    lines["pattern"] = ("cut", [("", -0.01, 0.27)], ">=", 0.25, "{:.0%}")
    q = nb01.bind_gate(criteria=lines)
    open_gate = {"pattern": "not yet", "upkeep": "not yet", "verdict": "NOT YET"}
    assert q.check({**open_gate, "next": "shadow"}) and q.check({**open_gate, "next": "stop"})
    assert not q.check({**open_gate, "next": "build"})
    # a right step after a wrong verdict is still wrong: the verdict comes from the intervals
    assert not q.check({**open_gate, "verdict": "NO-GO", "next": "stop"})
    # an interval whose low end touches a strict line (> 0) is not a pass: NOT YET; every line clear: GO, build
    lines = {"a": ("x", [("", 0.3, 0.4)], ">=", 0.25, "{:.0%}"), "b": ("y", [("", 0.0, 5.0)], ">", 0.0, "{:.0f}")}
    q = nb01.bind_gate(criteria=lines)
    assert q.check({"a": "pass", "b": "not yet", "verdict": "NOT YET", "next": "shadow"})
    go = nb01.bind_gate(criteria={"a": lines["a"]})
    assert go.check({"a": "pass", "verdict": "GO", "next": "build"})
    assert not go.check({"a": "pass", "verdict": "GO", "next": "shadow"})
    assert not go.check({"a": "pass", "verdict": "GO", "next": "stop"})
    assert q.practice == "decision" and q.name.startswith("7 · ") and q.check(____).correct is None
    missing = q.check({"a": "pass", "b": "not yet", "verdict": "NOT YET"})
    assert not missing and "next" in missing.message
    assert not q.check({"a": "pass", "b": "not yet", "verdict": "NOT YET", "next": "wait"})
    assert not q.check("NO-GO") and "dict" in q.check("NO-GO").message


def test_nb01_gate_prices_the_shadow_run_and_explains_both_open_steps():
    # both lines open: stopping and a shadow run are each accepted, and each answer's feedback quotes the price
    # and says why the other step would be defensible too
    from aipm_kit.exercises import nb01

    lines = {
        "pattern": ("cut", [("", -0.01, 0.27)], ">=", 0.25, "{:.0%}"),
        "upkeep": ("net", [("", -273_000.0, 529_000.0)], ">", 0.0, "{:,.0f}"),
    }
    q = nb01.bind_gate(criteria=lines, shadow_cost=246_000.0, shadow_months=8)
    base = {"pattern": "not yet", "upkeep": "not yet", "verdict": "NOT YET"}
    stop, shadow = q.check({**base, "next": "stop"}), q.check({**base, "next": "shadow"})
    assert stop and shadow
    for result in (stop, shadow):
        assert "246,000" in result.message and "8 months" in result.message
    assert "shadow run would be defensible too" in stop.message
    assert "Stopping would be defensible too" in shadow.message
    assert not q.check({**base, "next": "build"})


def test_nb01_gate_quotes_what_the_shadow_run_could_show():
    # a note on what the run is sized for reaches the prompt and both NOT YET answers' feedback, and no other
    from aipm_kit.exercises import nb01

    lines = {
        "pattern": ("cut", [("", 0.04, 0.28)], ">=", 0.25, "{:.0%}"),
        "upkeep": ("net", [("", -116_000.0, 536_000.0)], ">", 0.0, "{:,.0f}"),
    }
    note = "it is sized for the upkeep line; the pattern line would most likely fail."
    q = nb01.bind_gate(criteria=lines, shadow_cost=210_000.0, shadow_months=5, shadow_note=note)
    assert "sized for the upkeep line" in q.prompt
    base = {"pattern": "not yet", "upkeep": "not yet", "verdict": "NOT YET"}
    for step in ("stop", "shadow"):
        result = q.check({**base, "next": step})
        assert result and "It is sized for the upkeep line; the pattern line would most likely fail." in result.message
    wrong = q.check({**base, "next": "build"})
    assert not wrong and "sized for the upkeep line" not in wrong.message
    # without a note the feedback carries no stray parentheses
    plain = nb01.bind_gate(criteria=lines, shadow_cost=210_000.0, shadow_months=5)
    assert "sized" not in plain.check({**base, "next": "shadow"}).message and "sized" not in plain.prompt


def test_nb01_gate_does_not_steer_an_open_gate_with_a_point_estimate():
    # an open line whose interval reaches its bar (6% to 30% against 25%): stopping and a shadow run are both
    # accepted, and neither answer's feedback says the evidence leans one way
    from aipm_kit.exercises import nb01

    lines = {
        "cut": ("cut", [("", 0.06, 0.30)], ">=", 0.25, "{:.0%}"),
        "upkeep": ("net", [("", -32_000.0, 622_000.0)], ">", 0.0, "{:,.0f}"),
    }
    q = nb01.bind_gate(criteria=lines, shadow_cost=210_000.0, shadow_months=5)
    base = {"cut": "not yet", "upkeep": "not yet", "verdict": "NOT YET"}
    stop, shadow = q.check({**base, "next": "stop"}), q.check({**base, "next": "shadow"})
    assert stop and shadow
    for result in (stop, shadow):
        assert "leans" not in result.message and "210,000" in result.message
    assert "Stopping is defensible" in stop.message and "A shadow run is defensible" in shadow.message
    # stopping is defended on what the data have not yet shown, not on a claim that the model does not pay
    assert "do not yet show the model pays" in stop.message and "nothing says" not in stop.message
    assert not q.check({**base, "next": "build"})
    assert "{'cut': 'pass'" in q.prompt  # the example answer uses the gate's own keys
    # a line shown with a unit: a function formats its numbers, and the feedback nests no parentheses
    money = lambda x: f"{'-' if x < 0 else ''}${abs(x):,.0f}"  # noqa: E731
    priced = nb01.bind_gate(criteria={**lines, "upkeep": ("net value", [("", -32_000.0, 622_000.0)], ">", 0.0, money)})
    said = priced.check({**base, "next": "stop"}).message
    assert "'upkeep' is net value, with a 90% interval of -$32,000 to $622,000 against a line of > $0: not yet" in said
    depth = np.cumsum([{"(": 1, ")": -1}.get(c, 0) for c in said])
    assert depth.min() == 0 and depth.max() == 1 and depth[-1] == 0  # no parentheses inside parentheses
    wrong = priced.check({**base, "upkeep": "pass", "next": "stop"})
    assert not wrong and "-$32,000 to $622,000" in wrong.message
    with pytest.raises(TypeError):
        nb01.bind_gate(criteria=lines, shadow_outlook="fail")


def test_nb01_variant_follows_the_validation_interval_and_accepts_both_on_a_tie():
    from aipm_kit.exercises import nb01

    # worked by hand: an interval straddling zero cannot choose, so either variant is defensible
    tie = nb01.bind_variant(gap=3_597.0, gap_interval=(-1_140.0, 10_982.0), fits=6)
    for answer in ("cost-sensitive", "unweighted", "Unweighted model", "'cost-sensitive'"):
        result = tie.check(answer)
        assert result and "straddling zero" in result.message
    assert "train on them" in tie.check("cost-sensitive").message
    assert "simpler" in tie.check("unweighted").message
    assert tie.practice == "decision" and tie.name.startswith("4 · ") and "6 fits" in tie.prompt
    assert tie.check(____).correct is None
    assert not tie.check("boosted") and "one of" in tie.check("boosted").message
    # an interval wholly above zero favours the cost-sensitive variant; wholly below, the unweighted one
    up = nb01.bind_variant(gap=9_000.0, gap_interval=(1_000.0, 17_000.0))
    assert up.check("cost-sensitive") and not up.check("unweighted")
    assert "favours the cost-sensitive model" in up.check("unweighted").message
    down = nb01.bind_variant(gap=-9_000.0, gap_interval=(-17_000.0, -1_000.0))
    assert down.check("unweighted") and not down.check("cost-sensitive")
    with pytest.raises(ValueError):
        nb01.bind_variant(gap=0.0, gap_interval=(5.0, -5.0))
