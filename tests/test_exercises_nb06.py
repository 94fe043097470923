"""Notebook 06's exercise checkers on hand-made inputs: the rubric questions (6, 7) and the career ones (9, 10)."""

from __future__ import annotations

import pandas as pd
import pytest

from aipm_kit import interview as I
from aipm_kit.exercises import PRACTICES, ____, nb06


@pytest.fixture(scope="module")
def discussion():
    slices = pd.DataFrame({"recall": [0.87, 1.0, 0.35]}, index=["overall", "plain", "sarcastic"])
    return nb06.bind_discussion(slice_table=slices, accuracy=0.935)


def test_discussion_questions_have_no_automatic_check(discussion):
    q6, q7 = discussion
    for q, number in ((q6, "6"), (q7, "7")):
        assert q.practice == "discussion" and q.name.startswith(f"{number} · ")
        result = q.check("Ask for recall on the sarcastic slice and agree the rollback line before launch.")
        assert result.correct is None                      # a discussion: compare with the worked answer
        assert q.check(____).correct is None
    # the prompts name the elements a strong answer covers, so the learner can check their own
    assert all(e in q6.prompt for e in ("the slice", "the costly error", "the launch guard"))
    assert all(e in q7.prompt for e in ("who is harmed", "a safer use", "a check afterwards"))
    assert "the customers who complain with irony" in q7.solution().body
    assert "35%" in q6.solution().body                      # the slice's recall from the table it was given


def test_the_rubrics_still_read_for_every_element():
    full = ("Ask for recall on the sarcastic slice, since a missed complaint is the costly error, and agree the "
            "rollback line and the dashboard before launch.")
    assert nb06._rubric(full, nb06.PRODUCT_SENSE_RUBRIC)[0]
    ok, msg = nb06._rubric("It is 93.5% accurate which is plenty for a launch, so let us ship it.",
                           nb06.PRODUCT_SENSE_RUBRIC)
    assert not ok and "the slice" in msg


@pytest.fixture(scope="module")
def career():
    return nb06.bind_career(roles=I.ROLE_POSTINGS)


def test_flags_exercise_checks_each_role(career):
    q9, _ = career
    right = {"C": ["clear_ownership", "mlops", "overpromising"],
             "D": ["mlops", "siloed_data_science", "unknown_performance"]}
    assert q9.check(right)
    assert q9.check({"c": right["C"], "d": right["D"]})   # keys in either case
    wrong = q9.check({"C": ["clear_ownership", "mlops", "realistic_expectations"], "D": right["D"]})
    assert wrong.correct is False and "second quarter" in wrong.message   # quotes the words that speak against it
    missed = q9.check({"C": ["clear_ownership", "mlops"], "D": right["D"]})
    assert missed.correct is False and "one urgent call in eleven" in missed.message
    assert q9.check({"C": right["C"]}).correct is False   # both roles are asked for
    assert q9.check(____).correct is None
    with pytest.raises(ValueError, match="practice_keys"):
        nb06.bind_career(roles=I.ROLE_POSTINGS[:2])


def test_role_decision_allows_one_red_flag_asked_about_first(career):
    _, q10 = career
    assert q10.practice == "decision"
    assert q10.check({"role": "B", "ask": ["mlops"]})
    assert q10.check({"role": "c", "ask": ["overpromising", "realistic_expectations", "mlops"]})  # extra asks fine
    unasked = q10.check({"role": "C", "ask": ["realistic_expectations"]})
    assert unasked.correct is False and I.QUESTIONS_TO_ASK["overpromising"] in unasked.message
    red = q10.check({"role": "D", "ask": ["clear_ownership", "realistic_expectations", "unknown_performance"]})
    assert red.correct is False and "2 red flags" in red.message
    assert q10.check({"role": "Q", "ask": []}).correct is False
    assert q10.check(____).correct is None
    assert "A, D" in q10.solution().body


def test_role_decision_follows_the_background():
    _, engineer = nb06.bind_career(roles=I.ROLE_POSTINGS, background="engineer")
    _, expert = nb06.bind_career(roles=I.ROLE_POSTINGS, background="domain_expert")
    _, pm = nb06.bind_career(roles=I.ROLE_POSTINGS, background="pm")
    assert "role B" in engineer.solution().body.split("worked pick is")[1][:10]
    assert "role C" in expert.solution().body.split("worked pick is")[1][:10]
    assert "role B" in pm.solution().body.split("worked pick is")[1][:10]      # the higher score
    both = {"role": "C", "ask": ["overpromising", "realistic_expectations"]}
    assert expert.check(both) and "suits first" in expert.check(both).message
    assert engineer.check(both) and "say why" in engineer.check(both).message
    with pytest.raises(ValueError, match="background"):
        nb06.bind_career(roles=I.ROLE_POSTINGS, background="astronaut")


def test_gate_feedback_names_the_thinnest_margin_by_hand():
    from statsmodels.stats.proportion import proportion_confint

    from aipm_kit import gates
    from aipm_kit.metrics import wilson_interval

    counts = pd.DataFrame([("Recall on sarcastic complaints", 17, 20, ">=", 0.5),
                           ("Recall on all complaints", 99, 102, ">=", 0.9),
                           ("Share of reviews sent to a person", 20, 200, "<=", 0.25)],
                          columns=["criterion", "k", "n", "condition", "line"]).set_index("criterion")

    def route_gate():
        return gates.Gate("g", [gates.criterion(name, k / n, op, line, interval=wilson_interval(k, n), n=n, evidence="hand-made")
                                for name, (k, n, op, line) in counts.iterrows()])

    margins = nb06._margins(counts)
    # near ends from statsmodels' Wilson interval, not the kit's
    lo_s = proportion_confint(17, 20, method="wilson")[0]
    lo_a = proportion_confint(99, 102, method="wilson")[0]
    hi_r = proportion_confint(20, 200, method="wilson")[1]
    assert margins["Recall on sarcastic complaints"] == pytest.approx(100 * (lo_s - 0.5))
    assert margins["Recall on all complaints"] == pytest.approx(100 * (lo_a - 0.9))
    assert margins["Share of reviews sent to a person"] == pytest.approx(100 * (0.25 - hi_r))
    q3 = nb06.bind_gate(route_gate=route_gate, counts=counts)
    result = q3.check(("pass", "pass", "pass", "GO"))
    assert result.correct and "thinnest is *recall on all complaints*" in result.message
    assert not q3.check(("pass", "not yet", "pass", "NOT YET"))


def test_maturity_accepts_any_pair_that_reaches_established():
    answers = {"baseline_first": True, "time_split": False, "slice_metrics": False, "rollback_rule": True,
               "prediction_logs": True, "business_metric": True, "retire_models": False, "accuracy_only": True,
               "no_owner": False, "label_surprise": True, "demo_driven": False, "no_monitoring": False}
    q8 = nb06.bind_maturity(answers=answers, experiments_started=24, experiments_shipped=3)
    assert "any pair that does is accepted" in q8.prompt
    passing = [p for p in (["accuracy_only", "time_split"], ["accuracy_only", "slice_metrics"],
                           ["accuracy_only", "label_surprise"])
               if I.score_team_maturity({**answers, **{k: not answers[k] for k in p}}, experiments_started=24,
                                        experiments_shipped=3).score >= 70]
    assert len(passing) >= 2 and all(q8.check(p) for p in passing)
