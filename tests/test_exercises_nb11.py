"""Notebook 11's exercises: the solutions pass, named wrong answers fail, and the prompts say 'simulated'."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from aipm_kit.exercises import ____, nb11


def test_mcnemar_by_hand_matches_statsmodels_and_names_the_slips():
    from statsmodels.stats.contingency_tables import mcnemar

    comparison = SimpleNamespace(mcnemar_b=8, mcnemar_c=23)
    q = nb11.mcnemar_by_hand(comparison=comparison)
    exact = mcnemar([[100, 8], [23, 19]], exact=True).pvalue   # only the off-diagonal counts matter
    assert q.practice == "by-hand" and q.check(exact).correct
    one_tail = q.check(exact / 2)
    assert one_tail.correct is False and "two-sided" in one_tail.message
    approx = mcnemar([[100, 8], [23, 19]], exact=False, correction=False).pvalue
    assert "chi-square" in q.check(approx).message
    assert q.check(____).correct is None


def test_gating_signal_uses_the_gated_versions_kappas_and_their_paired_difference():
    q = nb11.gating_signal(kappas={"lexical": 0.57, "judge_once": 0.66, "judge_majority": 0.78},
                           kappa_intervals={"lexical": (0.27, 0.82), "judge_once": (0.44, 0.85),
                                            "judge_majority": (0.53, 0.95)},
                           differences={"lexical": (0.21, 0.02, 0.45), "judge_once": (0.12, -0.03, 0.28)},
                           line=0.60)
    shown = " ".join(q.options.values())
    assert "95% bootstrap 0.53 to 0.95" in shown and "v2's answers" in shown and "human" not in shown.lower()
    right = q.check("judge_majority")
    assert right.correct and "+0.21" in right.message and "`judge_once` is not settled" in right.message
    assert "not validated" in right.message and "0.60" in right.message
    wrong = q.check("lexical")
    assert wrong.correct is False and "v2's answers" in wrong.message
    assert q.check(____).correct is None


def test_release_bar_needs_break_even_at_the_new_price():
    q = nb11.release_bar(value_right=6.0, cost_wrong=28.0, current_cost_wrong=20.0)
    assert q.practice == "decision" and "$20" in q.prompt and "$28" in q.prompt  # break-even 1 - 6 / 28 = 0.7857
    assert q.check(0.79).correct and q.check(0.85).correct          # at break-even, or with a margin of safety
    low = q.check(0.70)
    assert low.correct is False and "0.786" in low.message          # the old bar loses money at the new price
    assert q.check(0.99).correct is False                           # a wall, not a bar
    assert q.check(79).correct is False                             # percent, not a share
    assert q.check(____).correct is None


@pytest.mark.parametrize("answer, ok, says", [(0.02, True, "$8,000"), (0.05, True, "$20,000"), (0.0, False, "zero"),
                                              (0.2, False, "$80,000"), (2, False, "share")])
def test_margin_is_a_priced_business_choice(answer, ok, says):
    q = nb11.non_inferiority_margin(questions_per_month=20_000, cost_wrong=20.0)
    result = q.check(answer)
    assert result.correct is ok and says in result.message
    assert q.practice == "decision" and q.check(____).correct is None


def test_release_bar_refuses_a_cost_that_makes_every_bot_pay():
    with pytest.raises(ValueError, match="cost_wrong"):
        nb11.release_bar(value_right=6.0, cost_wrong=5.0)
