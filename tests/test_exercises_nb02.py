"""Exercise checkers of notebook 02 (moved here from tests/test_exercises.py)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from aipm_kit.exercises import ____


def test_nb02_exercises():  # moved from tests/test_exercises.py
    from sklearn.metrics import cohen_kappa_score

    from aipm_kit import gates
    from aipm_kit.exercises import nb02

    rng = np.random.default_rng(3)
    kinds = np.array(["fraud", "dispute", "other"])
    a = rng.choice(kinds, 200)
    messages = pd.DataFrame({"annotator_a": a, "annotator_b": np.where(rng.random(200) < 0.8, a, rng.choice(kinds, 200)),
                             "annotator_c": np.where(rng.random(200) < 0.7, a, rng.choice(kinds, 200))})
    q1 = nb02.bind_agreement(messages=messages)
    kappa = cohen_kappa_score(messages["annotator_b"], messages["annotator_c"])  # an independent implementation
    assert q1.practice == "by-hand" and q1.check(kappa)
    assert "raw agreement" in q1.check((messages["annotator_b"] == messages["annotator_c"]).mean()).message

    q2 = nb02.bind_memo(y_test=[1, 0, 0, 0], sample_weight=[1, 10, 10, 10])
    assert q2.check("c") and not q2.check("a") and not q2.check("b") and "3.2%" in q2.hint(2).body
    assert not q2.check("d") and "precision" in q2.check("d").message
    assert all("interval" in text for text in q2.options.values())  # no option gives the answer away

    # a hand-made evidence line: hours 200(1 - t), value 1,000(1 - t) +/- 300; the team has 100 hours
    def evidence(t):
        return {"review hours a week (counted)": 200 * (1 - t), "net value a day": 1_000 * (1 - t),
                "low": 1_000 * (1 - t) - 300, "high": 1_000 * (1 - t) + 300}

    q3 = nb02.bind_threshold(evidence=evidence, capacity_hours=100)
    assert q3.practice == "decision"
    assert q3.check((0.6, 100)) and q3.check((0.5, 150)) and q3.check((0.5, 200))  # any threshold within hours
    assert "reaches down" in q3.check((0.6, 400)).message  # the point estimate is not a defensible promise
    assert "hours" in q3.check((0.4, 10)).message and not q3.check((0.4, 10))
    assert not q3.check((0.6, 0)) and not q3.check((1.4, 10)) and not q3.check(0.6)
    # hours read from another key (the busiest week); a threshold with no value estimate cannot carry a promise
    def busiest(t):
        return {**evidence(t), "busiest week": 300 * (1 - t), "net value a day": np.nan if t > 0.9 else 1_000 * (1 - t)}

    q3b = nb02.bind_threshold(evidence=busiest, capacity_hours=100, hours_key="busiest week")
    assert not q3b.check((0.6, 100)) and "busiest week" in q3b.check((0.6, 100)).message  # 120 h > 100
    assert q3b.check((0.67, 10)) and "no estimate" in q3b.check((0.95, 1)).message  # 99 h; low end 30

    deny = np.array([1, 0, 0, 0, 1, 1, 0, 0, 0, 0])
    group = np.array(["x"] * 4 + ["y"] * 6)
    q4, q5 = nb02.bind_fairness(hmda_pred=deny, hmda_group=group)
    # by hand: x approves 3 of 4, y approves 4 of 6; lowest over highest
    assert q4.practice == "by-hand" and q4.check((4 / 6) / (3 / 4))
    assert "denial" in q4.check((1 / 4) / (2 / 6)).message and "Upside down" in q4.check((3 / 4) / (4 / 6)).message
    assert q5.practice == "discussion" and q5.check("anything").correct is None  # without evidence: the discussion

    def four_fifths_at(rate):  # hand-made: the ratio falls with the denial rate, interval +/- 0.05; no verdict given
        ratio = 1 - rate
        return {"ratio": ratio, "low": ratio - 0.05, "high": ratio + 0.05}

    _, q5 = nb02.bind_fairness(hmda_pred=deny, hmda_group=group, four_fifths_at=four_fifths_at)
    assert q5.practice == "decision"
    assert q5.check((0.1, "passes")) and q5.check((0.2, "cannot tell")) and q5.check((0.4, "fails"))
    wrong = q5.check((0.4, "cannot tell"))
    assert not wrong and "whole interval below" not in wrong.message and "straddles" in wrong.message
    assert "whole interval below" in q5.check((0.1, "fails")).message
    assert not q5.check((0.9, "fails")) and not q5.check((0.2, "maybe")) and q5.check(____).correct is None

    def take_gate(size):  # a line whose interval narrows with the audit: 0.5 +/- 2/sqrt(size) against 0.4
        half = 2 / np.sqrt(size)
        return gates.Gate("g", [gates.criterion("x", 0.5, ">=", 0.4, interval=(0.5 - half, 0.5 + half),
                                                evidence="e")])

    q6 = nb02.bind_gate(take_gate=take_gate, default_size=100, largest_size=5_000, hours_of=lambda n: n / 100)
    assert q6.practice == "decision"
    # at 100 a month the interval is 0.3-0.7 (not yet); at 1,600, 0.45-0.55: a pass, so GO beats NOT YET
    assert q6.check((1_600, "switch")) and q6.check((100, "keep"))
    wrong = q6.check((1_600, "keep"))
    assert not wrong and "says GO" in wrong.message and "x (not yet -> pass)" in wrong.message
    assert q6.check((120, "keep")) and not q6.check((120, "switch"))  # same verdict, more hours
    assert q6.check((80, "switch"))  # same verdict, fewer hours
    assert not q6.check((10, "keep")) and not q6.check((100.5, "keep")) and not q6.check((100, "maybe"))
    for q in (q1, q2, q3, q4, q6):
        assert q.check(____).correct is None and len(q._hints) >= 2
    names = [q.name for q in (q1, q2, q3, q4, q5, q6)]
    assert [n.split(" · ")[0] for n in names] == ["1", "2", "3", "4", "5", "6"]
