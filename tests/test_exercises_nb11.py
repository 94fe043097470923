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


def test_gating_signal_shows_intervals_and_says_simulated():
    q = nb11.gating_signal(kappas={"lexical": 0.83, "judge_once": 0.73, "judge_majority": 0.89},
                           kappa_intervals={"lexical": (0.72, 0.93), "judge_once": (0.60, 0.85),
                                            "judge_majority": (0.80, 0.96)})
    shown = " ".join(q.options.values())
    assert "95% bootstrap 0.80 to 0.96" in shown and "simulated reviewer" in shown and "human" not in shown.lower()
    feedback = q.check("judge_majority").message
    assert q.check("judge_majority").correct and "intervals overlap" in feedback and "`lexical`" in feedback
    assert q.check("lexical").correct is False


def _gate_at(threshold=0.70, margin=0.02):
    """A hand-made gate: the pass-rate interval is 0.72 to 0.85 and the paired interval's low end is -0.03."""
    low, high = 0.72, 0.85
    rate = "pass" if low > threshold else ("fail" if high < threshold else "open")
    overall = "pass" if -0.03 > -margin else "open"
    if rate == "fail":
        return "NO-GO"
    return "GO" if rate == overall == "pass" else "NOT YET"


def test_release_bar_needs_break_even_and_the_gate_it_gives():
    q = nb11.release_bar(gate_at=_gate_at, value_right=6.0, cost_wrong=28.0)  # break-even 1 - 6 / 28 = 0.7857
    assert q.practice == "decision"
    assert q.check((0.79, "NOT YET")).correct                      # at break-even: the interval straddles
    assert q.check((0.90, "NO-GO")).correct                        # a safety margin: wholly below, NO-GO
    low = q.check((0.70, "NOT YET"))
    assert low.correct is False and "0.786" in low.message          # below break-even: loses money
    wrong = q.check((0.79, "GO"))
    assert wrong.correct is False and "NOT YET" in wrong.message    # the verdict must be the one it gives
    assert q.check((0.83, "maybe")).correct is False
    assert q.check(____).correct is None


@pytest.mark.parametrize("answer, ok", [((0.02, "NOT YET"), True), ((0.04, "GO"), True), ((0.04, "NOT YET"), False),
                                        ((0.0, "NOT YET"), False), ((0.2, "GO"), False)])
def test_margin_is_a_bounded_business_choice_with_its_verdict(answer, ok):
    q = nb11.non_inferiority_margin(gate_at=_gate_at)
    assert q.check(answer).correct is ok


def test_release_bar_refuses_a_cost_that_makes_every_bot_pay():
    with pytest.raises(ValueError, match="cost_wrong"):
        nb11.release_bar(gate_at=_gate_at, value_right=6.0, cost_wrong=5.0)
