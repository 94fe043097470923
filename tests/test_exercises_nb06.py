"""Notebook 06's exercise checkers on hand-made inputs: the rubric questions (6, 7) and the career ones (9, 10)."""

from __future__ import annotations

import pandas as pd
import pytest

from aipm_kit import interview as I
from aipm_kit.exercises import PRACTICES, ____, nb06


@pytest.fixture(scope="module")
def slices():
    # 204 complaints of 400 reviews: 178 caught overall (all 164 plain, 14 of 40 sarcastic)
    return pd.DataFrame({"recall": [178 / 204, 1.0, 14 / 40], "n": [400, 360, 40], "positives": [204, 164, 40]},
                        index=["overall", "plain", "sarcastic"])


@pytest.fixture(scope="module")
def discussion(slices):
    return nb06.bind_discussion(slice_table=slices, accuracy=0.935, reviews_per_month=20_000)


def test_ship_call_is_a_decision_with_options_of_similar_length(discussion):
    q6, _ = discussion
    assert q6.practice == "decision" and q6.name.startswith("6 · ")
    # 14 of 40 (95% Wilson 22.1% to 50.5%) and 178 of 204 (82.0% to 91.2%) both straddle their lines (50%, 90%):
    # the gate does not clear, so the call is to hold
    assert q6.check("e") and not any(q6.check(k) for k in "abcd")
    assert "35%" in q6.check("a").message                     # says why: the slice the accuracy hides
    assert "before shipping" in q6.check("c").message
    lengths = [len(v) for v in nb06.SHIP_CALLS.values()]
    assert max(lengths) - min(lengths) <= 5                     # the right answer cannot be guessed by length
    assert q6.check(____).correct is None


def test_ship_call_follows_the_gate_on_recall_by_slice():
    from statsmodels.stats.proportion import proportion_confint

    def q6_for(sarc_caught, all_caught):
        table = pd.DataFrame({"recall": [all_caught / 204, 1.0, sarc_caught / 40], "n": [400, 360, 40],
                              "positives": [204, 164, 40]}, index=["overall", "plain", "sarcastic"])
        return nb06.bind_discussion(slice_table=table, accuracy=0.95, sarcasm_line=0.5, recall_line=0.9)[0]

    # 30 of 40 and 200 of 204: both whole intervals clear their lines (statsmodels, not the kit): ship
    assert proportion_confint(30, 40, method="wilson")[0] > 0.5
    assert proportion_confint(200, 204, method="wilson")[0] > 0.9
    cleared = q6_for(30, 200)
    assert cleared.check("c") and not cleared.check("e") and "holding" in cleared.check("e").message
    # 11 of 40: the whole interval misses 50% (top 42.8%), so hold whatever overall recall does
    assert proportion_confint(11, 40, method="wilson")[1] < 0.5
    missed = q6_for(11, 200)
    assert missed.check("e") and not missed.check("c") and "misses the 50% line" in missed.check("e").message


def test_auto_close_harm_by_hand(discussion):
    from statsmodels.stats.proportion import proportion_confint

    _, q7 = discussion
    assert q7.practice == "by-hand" and q7.name.startswith("7 · ")
    # by hand: 20,000 x 204/400 complaints x (1 - 178/204) missed = 20,000 x 26/400 = 1,300 a month
    assert q7.check(1_300)
    lo, hi = proportion_confint(178, 204, method="wilson")      # statsmodels, not the kit
    assert q7.check(20_000 * 204 / 400 * (1 - hi) + 1) and q7.check(20_000 * 204 / 400 * (1 - lo) - 1)
    assert not q7.check(20_000 * 26 / 204)                      # the miss rate applied to every review
    assert "every review" in q7.check(20_000 * 26 / 204).message
    assert not q7.check(20_000 * 178 / 400)                     # the complaints it catches
    assert "catches" in q7.check(20_000 * 178 / 400).message
    assert "the customers who complain with irony" in q7.solution().body
    assert q7.check(____).correct is None


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


def test_maturity_accepts_any_pair_that_reaches_established_within_the_weeks():
    answers = {"baseline_first": True, "time_split": False, "slice_metrics": False, "rollback_rule": True,
               "prediction_logs": True, "business_metric": True, "retire_models": False, "accuracy_only": True,
               "no_owner": False, "label_surprise": True, "demo_driven": False, "no_monitoring": False}
    # by hand: 15 points possible, the team earns 8.5 (56.7); 70 needs 10.5, so +2 points
    weeks = {"time_split": 3, "slice_metrics": 2, "retire_models": 1, "accuracy_only": 1, "label_surprise": 4}
    q8 = nb06.bind_maturity(answers=answers, experiments_started=24, experiments_shipped=3, weeks=weeks,
                            budget_weeks=4)
    assert q8.practice == "decision"
    for pair in (["accuracy_only", "retire_models"], ["accuracy_only", "slice_metrics"],
                 ["accuracy_only", "time_split"]):
        assert q8.check(pair)                                    # +2, +2.5, +2.5 points within 4 weeks
    over = q8.check(["time_split", "slice_metrics"])             # +2 points, but 5 weeks
    assert over.correct is False and "5 weeks" in over.message
    assert not q8.check(["retire_models", "slice_metrics"])      # +1.5 points: short of 70
    assert "Right on the line" in q8.check(["accuracy_only", "retire_models"]).message
    unbudgeted = nb06.bind_maturity(answers=answers, experiments_started=24, experiments_shipped=3)
    assert unbudgeted.check(["time_split", "slice_metrics"])    # without weeks, any pair that reaches 70
    with pytest.raises(ValueError, match="together"):
        nb06.bind_maturity(answers=answers, experiments_started=24, experiments_shipped=3, weeks=weeks)
