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


def test_product_sense_rubric_needs_all_three_elements(discussion):
    q6, _ = discussion
    assert q6.practice in PRACTICES and q6.name.startswith("6 · ")
    full = ("Ask for recall on the sarcastic slice, since a missed complaint is the costly error, and agree the "
            "rollback line and the dashboard before launch.")
    assert q6.check(full)
    result = q6.check("It is 93.5% accurate which is plenty for a launch, so let us ship it this week.")
    assert result.correct is False and "the slice" in result.message and "the launch guard" in result.message
    assert not q6.check("slice")                       # too short to carry a structure
    assert q6.check(____).correct is None
    assert q6.check(42).correct is False               # not an answer in words: "not yet", never an exception


def test_ethics_rubric_rejects_agreeing_to_auto_close(discussion):
    _, q7 = discussion
    assert q7.practice == "decision"
    assert q7.check("Sarcastic customers are misread and closed unheard. Prioritise instead, a person closes "
                    "tickets, and we sample closed tickets weekly with a reopen link.")
    result = q7.check("Fine by me: the model is accurate, so auto-close the positive tickets to save time.")
    assert result.correct is False and "who is harmed" in result.message
    assert "the customers who complain with irony" in q7.solution().body


@pytest.fixture(scope="module")
def career():
    return nb06.bind_career(roles=I.ROLE_POSTINGS)


def test_flags_exercise_checks_each_role(career):
    q9, _ = career
    right = {"C": ["clear_ownership", "mlops"], "D": ["mlops", "siloed_data_science", "unknown_performance"]}
    assert q9.check(right)
    assert q9.check({"c": right["C"], "d": right["D"]})   # keys in either case
    wrong = q9.check({"C": right["C"] + ["realistic_expectations"], "D": right["D"]})
    assert wrong.correct is False and "second quarter" in wrong.message   # quotes the words that speak against it
    assert q9.check({"C": right["C"]}).correct is False   # both roles are asked for
    assert q9.check(____).correct is None
    with pytest.raises(ValueError, match="practice_keys"):
        nb06.bind_career(roles=I.ROLE_POSTINGS[:2])


def test_role_decision_accepts_every_role_without_red_flags(career):
    _, q10 = career
    assert q10.practice == "decision"
    assert q10.check({"role": "B", "ask": ["mlops"]})
    assert q10.check({"role": "c", "ask": ["realistic_expectations", "clear_ownership"]})  # extra asks are fine
    missing = q10.check({"role": "C", "ask": []})
    assert missing.correct is False and I.QUESTIONS_TO_ASK["realistic_expectations"] in missing.message
    red = q10.check({"role": "D", "ask": ["clear_ownership", "realistic_expectations"]})
    assert red.correct is False and "unknown_performance" in red.message
    assert q10.check({"role": "Q", "ask": []}).correct is False
    assert q10.check(____).correct is None
    assert "A, D" in q10.solution().body
