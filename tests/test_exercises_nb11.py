"""Notebook 11's exercises: the solutions pass, named wrong answers fail, and the prompts say 'simulated'."""

from __future__ import annotations

import math
from statistics import NormalDist
from types import SimpleNamespace

import numpy as np
import pytest

from aipm_kit.exercises import ____, nb11


def test_mcnemar_by_hand_matches_statsmodels_and_names_the_slips():
    from statsmodels.stats.contingency_tables import mcnemar

    comparison = SimpleNamespace(mcnemar_b=8, mcnemar_c=23)
    q = nb11.mcnemar_by_hand(comparison=comparison)
    exact = mcnemar([[100, 8], [23, 19]], exact=True).pvalue  # only the off-diagonal counts matter
    assert q.practice == "by-hand" and q.check(exact).correct
    one_tail = q.check(exact / 2)
    assert one_tail.correct is False and "two-sided" in one_tail.message
    approx = mcnemar([[100, 8], [23, 19]], exact=False, correction=False).pvalue
    assert "chi-square" in q.check(approx).message
    assert q.check(____).correct is None


def test_kappa_by_hand_matches_scikit_learn_and_a_hand_worked_case():
    from sklearn.metrics import cohen_kappa_score

    # 40 both pass, 3 judge alone, 2 reviewer alone, 15 both fail, as two label vectors
    judge = [1] * 40 + [1] * 3 + [0] * 2 + [0] * 15
    reviewer = [1] * 40 + [0] * 3 + [1] * 2 + [0] * 15
    expected = cohen_kappa_score(judge, reviewer)
    # by hand: p_o = 55/60; p_e = (43/60)(42/60) + (17/60)(18/60) = 2112/3600; kappa = (3300 - 2112) / 1488
    assert math.isclose(expected, 1188 / 1488, rel_tol=1e-9)
    q = nb11.kappa_by_hand(
        both_pass=40, judge_only=3, reviewer_only=2, both_fail=15, kit_kappa=expected, pooled_kappa=0.89
    )
    assert q.practice == "by-hand" and "simulated" in q.prompt and "v2's 60" in q.prompt
    assert q.check(1188 / 1488).correct and q.check(round(expected, 2)).correct
    observed = q.check(55 / 60)  # the raw agreement, without the chance correction
    assert observed.correct is False and "chance" in observed.message
    pooled = q.check(0.89)
    assert pooled.correct is False and "pooled" in pooled.message
    assert "interval" in str(q.solution()) and "0.80" in str(q.solution())
    assert q.check(____).correct is None


def test_kappa_by_hand_refuses_counts_it_cannot_read():
    with pytest.raises(ValueError, match="whole numbers"):
        nb11.kappa_by_hand(both_pass=-1, judge_only=0, reviewer_only=0, both_fail=3)
    with pytest.raises(ValueError, match="undefined"):
        nb11.kappa_by_hand(both_pass=10, judge_only=0, reviewer_only=0, both_fail=0)


def _cmp(est, low, high):
    return SimpleNamespace(difference=SimpleNamespace(estimate=est, low=low, high=high))


# both scorers validated on the prompts' own answers, each kappa interval (0.7 to 0.9) clearing the 0.60 line
VALIDATED = dict(invented_kappa=(0.7, 0.9), citation_kappa=(0.7, 0.9), labels_from_prompts_answers=True)


def _ship(invented, **changes):
    """The ship-prompt exercise with B's invented-policy difference ``invented``, its citations 12 points better
    (2.4 to 21.3), a 2-point margin, the 0.60 kappa line and, unless ``changes`` says otherwise, scorers checked on
    other answers (kappa 0.02 to 0.62 and 0.55 to 1.0)."""
    kw = dict(
        citations=_cmp(0.12, 0.024, 0.213),
        invented_margin=0.02,
        line=0.60,
        invented_kappa=(0.02, 0.62),
        citation_kappa=(0.55, 1.0),
        labels_from_prompts_answers=False,
    )
    return nb11.ship_prompt(invented=invented, **{**kw, **changes})


def test_ship_prompt_waits_while_the_scorers_were_checked_on_other_answers():
    # B's whole interval on answers free of an invented policy (-15.5 to -3.9 points) is beyond the 2-point margin
    b_worse = _cmp(-0.093, -0.155, -0.039)
    q = _ship(b_worse)
    assert q.practice == "decision" and set(q.options) == {"A", "B", "wait"} and "simulated" in q.prompt
    lengths = sorted(len(o) for o in q.options.values())
    assert lengths[-1] - lengths[0] < 15  # the right option is not the long one
    assert "production" not in " ".join(q.options.values())  # A was never in production
    # the stem does not state the rule that decides it: the learner carries section 6's rule over
    assert "kappa" not in q.prompt and "clears" not in q.prompt and "0.60" not in q.prompt
    assert q.check("wait").correct and "not validated" in q.check("wait").message
    # keeping A and retiring B is defensible on the burden of proof, and its feedback says what it gives up
    a = q.check("A")
    assert a.correct and "burden of proof" in a.message and "citation" in a.message
    assert q.check("B").correct is False
    # a wide interval clearing the line is still no validation when the labels were of other answers
    other = _ship(b_worse, invented_kappa=(0.7, 0.9), citation_kappa=(0.7, 0.9))
    assert other.check("wait").correct and not other.check("B").correct
    # validated on the prompts' own answers, the same numbers retire B
    v = _ship(b_worse, **VALIDATED)
    assert v.check("A").correct and not v.check("wait").correct and not v.check("B").correct
    # B within the invented-policy margin and better on citations, both scorers validated: replace A with B
    ok = _ship(_cmp(0.0, -0.005, 0.01), **VALIDATED)
    assert ok.check("B").correct and not ok.check("A").correct
    unknown = q.check("C")
    assert unknown.correct is not True and "answer with one of" in unknown.message


def test_ship_prompt_does_not_retire_b_on_an_interval_inside_the_margin():
    # unvalidated scorer and B's interval (-5 to +3 points) reaching inside the 2-point margin: only waiting is
    # defensible; retiring B would rest on neither a validated scorer nor a measured difference
    q = _ship(_cmp(-0.01, -0.05, 0.03))
    assert q.check("wait").correct and not q.check("B").correct
    a = q.check("A")
    assert a.correct is False and "not supported" in a.message


def test_ship_prompt_feedback_weighs_precision_against_recall():
    # 7 of 9 flags right (precision 0.78) but 7 of 16 inventions found (recall 0.44): hand-counted shares
    inv = SimpleNamespace(
        difference=SimpleNamespace(estimate=-0.093, low=-0.155, high=-0.039), wins=2, losses=16, n_pairs=150
    )
    q = _ship(
        inv,
        invented_precision=(7 / 9, 0.45, 0.94),
        invented_recall=(7 / 16, 0.23, 0.67),
        invented_kappa_estimate=0.32,
    )
    assert "150 questions" in q.prompt
    for answer in ("A", "wait"):
        message = q.check(answer).message
        assert "precision 78%" in message and "44%" in message and "undercounts" in message
        # precision's low end (45%) is under half and kappa's (0.02) barely above 0: the feedback claims no "mostly"
        assert "mostly" not in message and "may be real inventions or false alarms" in message
        assert (
            "kappa 0.32 (95% interval 0.02 to 0.62): the interval excludes 0, so agreement is better than "
            "chance, barely (low end 0.02)"
        ) in message
    assert "B lost 16 cases and won 2" in q.check("A").message
    assert "A:" in str(q.solution()) and "wait:" in str(q.solution())
    # a scorer whose precision interval is wholly above half may be read as mostly right
    sure = _ship(inv, invented_kappa=(0.45, 0.85), invented_precision=(0.9, 0.7, 0.97))
    assert "most of B's extra flags (B lost 16 cases and won 2) are real inventions" in sure.check("wait").message


def test_ship_prompt_reads_and_names_the_interval_it_is_given():
    # the gate's wider interval replaces the comparison's own, named; the decision reads it too
    inside = _cmp(-0.01, -0.015, 0.01)
    assert _ship(inside, **VALIDATED).check("B").correct  # own interval: -1.5 clears the -2-point margin
    wide = _ship(
        inside,
        **VALIDATED,
        intervals={"invented": (-0.035, 0.015), "citations": (0.02, 0.22)},
        interval_name="95% gate interval",
    )
    assert not wide.check("B").correct and wide.check("wait").correct  # -3.5 straddles it: not yet
    assert "95% gate interval -3.5 to +1.5" in wide.check("wait").message
    assert "Newcombe" in _ship(inside, **VALIDATED).check("B").message  # the default names its interval


def test_release_bar_needs_break_even_at_the_new_price():
    q = nb11.release_bar(value_right=6.0, cost_wrong=28.0, current_cost_wrong=20.0)
    assert q.practice == "decision" and "$20" in q.prompt and "$28" in q.prompt  # break-even 1 - 6 / 28 = 0.7857
    assert q.check(0.79).correct and q.check(0.85).correct  # at break-even, or with a margin of safety
    low = q.check(0.70)
    assert low.correct is False and "0.786" in low.message  # the old bar loses money at the new price
    assert q.check(0.99).correct is False  # a wall, not a bar
    assert q.check(79).correct is False  # percent, not a share
    assert q.check(____).correct is None


# one point is 0.01 x 20,000 x $20 = $4,000 a month, so $8,000 buys 2 points: every margin in (0, 0.02] is defensible
@pytest.mark.parametrize(
    "answer, ok, says",
    [
        (0.02, True, "$8,000"),
        (0.01, True, "tighter"),
        (0.015, True, "$6,000"),
        (0.005, True, "up to 2.0 points"),
        (0.05, False, "$20,000"),
        (0.0, False, "zero"),
        (0.2, False, "$80,000"),
        (2, False, "share"),
    ],
)
def test_margin_follows_from_the_tolerated_loss(answer, ok, says):
    q = nb11.non_inferiority_margin(questions_per_month=20_000, cost_wrong=20.0, tolerated_loss=8_000, n_cases=150)
    assert "0.02" not in q.prompt and "2 points" not in q.prompt and "2.0 points" not in q.prompt
    assert "$4,000" not in q.prompt  # the learner prices a point; the prompt gives only the inputs
    assert "$8,000" in q.prompt and "20,000" in q.prompt and "$20" in q.prompt and "150" in q.prompt
    # the tolerated loss is an assumption the learner is asked to make, not a statement someone made
    assert "Assume the head of support" in q.prompt and "head of support says" not in q.prompt
    result = q.check(answer)
    assert result.correct is ok and says in result.message
    assert q.practice == "decision" and q.check(____).correct is None


def test_margin_feedback_states_the_cases_an_equal_version_needs():
    # normal approximation: (z_.975 + z_.80)^2 * flip / m^2 = 7.849 * 0.2 / 0.0004 = 3,924.6
    from scipy.stats import norm

    expected = 100 * math.ceil((norm.ppf(0.975) + norm.ppf(0.80)) ** 2 * 0.2 / 0.02**2 / 100)  # 4,000
    q = nb11.non_inferiority_margin(
        questions_per_month=20_000, cost_wrong=20.0, tolerated_loss=8_000, plan_flip_rate=0.2
    )
    assert f"{expected:,.0f}" in q.check(0.02).message
    half = 100 * math.ceil((norm.ppf(0.975) + norm.ppf(0.80)) ** 2 * 0.2 / 0.01**2 / 100)  # 15,700
    assert f"{half:,.0f}" in q.check(0.01).message and f"{expected:,.0f}" in q.check(0.01).message


def test_margin_too_tight_for_any_test_is_warned_with_its_case_count():
    # at 0.1 points: (1.96 + 0.84)^2 * 0.2 / 0.001^2 = 7.849 * 0.2 / 1e-6 = 1,569,776, i.e. 1,569,800 rounded up to
    # hundreds, over 1,000 times a 150-question set (150,000): accepted, but the feedback names the count
    from scipy.stats import norm

    needed = 100 * math.ceil((norm.ppf(0.975) + norm.ppf(0.80)) ** 2 * 0.2 / 0.001**2 / 100)
    assert needed == 1_569_800
    q = nb11.non_inferiority_margin(
        questions_per_month=20_000, cost_wrong=20.0, tolerated_loss=8_000, plan_flip_rate=0.2, n_cases=150
    )
    tight = q.check(0.001)
    assert tight.correct and "1,569,800" in tight.message and "out of reach" in tight.message
    # 1 point needs 15,700, about 105 times the set: below the 1,000-times cap, so no such warning
    assert q.check(0.01).correct and "out of reach" not in q.check(0.01).message
    # without the set's size there is nothing to compare with, and no warning
    q_free = nb11.non_inferiority_margin(questions_per_month=20_000, cost_wrong=20.0, tolerated_loss=8_000)
    assert "out of reach" not in q_free.check(0.001).message


def test_release_bar_is_a_what_if():
    q = nb11.release_bar(value_right=6.0, cost_wrong=28.0, current_cost_wrong=20.0)
    assert "what-if" in q.prompt and "now prices" not in q.prompt


def test_release_bar_refuses_a_cost_that_makes_every_bot_pay():
    with pytest.raises(ValueError, match="cost_wrong"):
        nb11.release_bar(value_right=6.0, cost_wrong=5.0)


def test_pricing_helpers_match_hand_worked_cases():
    # $8,000 tolerated / (20,000 questions x $20 a wrong answer) = 0.02, two points; a point costs $4,000 a month
    assert math.isclose(nb11.widest_margin(questions_per_month=20_000, cost_wrong=20, tolerated_loss=8_000), 0.02)
    assert math.isclose(nb11.margin_cost(0.01, questions_per_month=20_000, cost_wrong=20), 4_000)
    # against a $6 agent, a bot whose wrong answers cost $20 pays above 1 - 6/20 = 0.70; at $28, above 11/14
    assert math.isclose(nb11.breakeven_pass_rate(value_right=6, cost_wrong=20), 0.70)
    assert math.isclose(nb11.breakeven_pass_rate(value_right=6, cost_wrong=28), 22 / 28)
    with pytest.raises(ValueError):
        nb11.breakeven_pass_rate(value_right=6, cost_wrong=5)
    with pytest.raises(ValueError):
        nb11.widest_margin(questions_per_month=0, cost_wrong=20, tolerated_loss=8_000)
    # the exercises read the same pricing: the widest margin passes, a hair wider does not
    q1 = nb11.non_inferiority_margin(questions_per_month=20_000, cost_wrong=20, tolerated_loss=8_000)
    assert q1.check(0.02).correct and not q1.check(0.025).correct
    q4 = nb11.release_bar(value_right=6, cost_wrong=28)
    assert q4.check(0.79).correct and not q4.check(0.70).correct


def _newcombe_by_hand(both, judge_only, reviewer_only, neither, z=1.959963984540054):
    """Newcombe (1998) method 10, written out from the paper: Wilson limits of each rate, squared and added with
    the 2x2 table's correlation (its numerator AD - BC shrunk towards zero by n/2 when positive)."""
    n = both + judge_only + reviewer_only + neither

    def wilson(k):
        p = k / n
        centre, half = (
            (p + z * z / (2 * n)) / (1 + z * z / n),
            z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n),
        )
        return p, centre - half, centre + half

    p1, l1, u1 = wilson(both + judge_only)
    p2, l2, u2 = wilson(both + reviewer_only)
    ad_bc = both * neither - judge_only * reviewer_only
    ad_bc = ad_bc - n / 2 if ad_bc > n / 2 else (0 if ad_bc >= 0 else ad_bc)
    margins = (both + judge_only) * (reviewer_only + neither) * (both + reviewer_only) * (judge_only + neither)
    phi = ad_bc / math.sqrt(margins) if margins else 0.0
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2)
    return d, low, high


def _vectors(both, judge_only, reviewer_only, neither):
    judge = [1] * both + [1] * judge_only + [0] * reviewer_only + [0] * neither
    reviewer = [1] * both + [0] * judge_only + [1] * reviewer_only + [0] * neither
    return judge, reviewer


def test_judge_lean_hand_worked_case_straddles_the_margin():
    # 60 labelled answers: both pass 44, judge alone 4, reviewer alone 0, both fail 12.
    # Net lean (4 - 0) / 60 = 6.67 points; its interval reaches below +2 and above it: not yet.
    lean = nb11.judge_lean(*_vectors(44, 4, 0, 12), margin=0.02)
    d, low, high = _newcombe_by_hand(44, 4, 0, 12)
    assert (lean["judge_only"], lean["reviewer_only"], lean["n"]) == (4, 0, 60)
    assert lean["estimate"] == pytest.approx(4 / 60)
    assert lean["low"] == pytest.approx(low, abs=1e-9) and lean["high"] == pytest.approx(high, abs=1e-9)
    assert low < 0.02 < high and lean["status"] == "inconclusive"


def test_judge_lean_passes_only_inside_and_fails_only_beyond():
    # no disagreement on 20,000 answers: the interval is a few hundredths of a point wide, inside +-2 points
    inside = nb11.judge_lean(*_vectors(15_000, 0, 0, 5_000), margin=0.02)
    assert inside["estimate"] == 0 and -0.02 <= inside["low"] and inside["high"] <= 0.02
    assert inside["status"] == "pass"
    # 30 judge-only passes of 100 (a 30-point lean): the whole interval lies above +2 points
    beyond = nb11.judge_lean(*_vectors(50, 30, 0, 20), margin=0.02)
    assert beyond["low"] == pytest.approx(_newcombe_by_hand(50, 30, 0, 20)[1], abs=1e-9) and beyond["low"] > 0.02
    assert beyond["status"] == "fail"
    # a lean against v2 of the same size fails too (the line is two-sided)
    assert nb11.judge_lean(*_vectors(50, 0, 30, 20), margin=0.02)["status"] == "fail"
    with pytest.raises(ValueError):
        nb11.judge_lean(*_vectors(1, 0, 0, 1), margin=0)


def test_judge_lean_gap_matches_a_hand_worked_square_and_add():
    # v2 leans +5 (95%: +1 to +10), v1 leans 0 (95%: -6 to +6); d = +5,
    # low = 5 - sqrt(4^2 + 6^2) = 5 - 7.2111 = -2.2111, high = 5 + sqrt(5^2 + 6^2) = 5 + 7.8102 = 12.8102 (points)
    v2 = {"estimate": 0.05, "low": 0.01, "high": 0.10}
    v1 = {"estimate": 0.0, "low": -0.06, "high": 0.06}
    gap = nb11.judge_lean_gap(v2, v1, margin=0.02)
    assert gap["estimate"] == pytest.approx(0.05)
    assert gap["low"] == pytest.approx(-0.022111, abs=1e-6)
    assert gap["high"] == pytest.approx(0.128102, abs=1e-6)
    assert gap["status"] == "inconclusive"
    tight = {"estimate": 0.0, "low": -0.005, "high": 0.005}
    assert nb11.judge_lean_gap(tight, tight, margin=0.02)["status"] == "pass"  # +-0.00707 inside +-0.02
    far = {"estimate": 0.10, "low": 0.08, "high": 0.12}
    assert nb11.judge_lean_gap(far, tight, margin=0.02)["status"] == "fail"  # low 0.1 - sqrt(0.02^2+0.005^2) > 0.02
    with pytest.raises(ValueError):
        nb11.judge_lean_gap(tight, tight, margin=0)


def test_lean_corrected_mover_matches_a_hand_worked_square_and_add():
    # judged +6.0 (-1.4 to +13.7), gap +6.7 (-2.5 to +16.5): d = -0.7; low half sqrt(7.4^2 + 9.8^2) = 12.2801,
    # high half sqrt(7.7^2 + 9.2^2) = 11.9971 (points)
    r = nb11.lean_corrected_mover((0.060, -0.014, 0.137), {"estimate": 0.067, "low": -0.025, "high": 0.165})
    assert r["estimate"] == pytest.approx(-0.007)
    assert r["low"] == pytest.approx(-0.007 - 0.122801, abs=1e-6)
    assert r["high"] == pytest.approx(-0.007 + 0.119971, abs=1e-6)


def test_lean_line_cases_by_hand():
    # by hand: confidence with z = 2 and power 0.5 (z_power = 0): allowed standard error 0.04 / 2 = 0.02, variance
    # 0.0004. Labels 500 at disagreement 0.1 use 0.1 / 500 = 0.0002; the cases get 0.0002: n = 0.2 / 0.0002 = 1000
    conf = 2 * NormalDist().cdf(2) - 1
    assert (
        nb11.lean_line_cases(margin=0.04, flip_rate=0.2, disagree=0.1, labels=500, power=0.5, confidence=conf) == 1000
    )
    # every case's answers labelled: (0.2 + 0.1) / n = 0.0004, n = 750
    assert nb11.lean_line_cases(margin=0.04, flip_rate=0.2, disagree=0.1, power=0.5, confidence=conf) == 750
    # 250 labels use 0.1 / 250 = 0.0004, the whole budget: no number of cases is enough
    assert (
        nb11.lean_line_cases(margin=0.04, flip_rate=0.2, disagree=0.1, labels=250, power=0.5, confidence=conf) is None
    )
    # no disagreement: the judged line alone, (1.959964 + 0.841621)^2 * 0.2 / 0.02^2 = 3924.4 -> 3925
    assert nb11.lean_line_cases(margin=0.02, flip_rate=0.2, disagree=0.0, labels=10) == 3925
    with pytest.raises(ValueError):
        nb11.lean_line_cases(margin=0, flip_rate=0.2, disagree=0.1)


def test_kappa_labels_needed_matches_the_gates_own_bootstrap():
    """The plan's n, checked against the gate's own kappa_interval on answers drawn one by one."""
    from aipm_kit.evals import judges
    from aipm_kit.exercises import nb11

    target, line, base, power = 0.8, 0.6, 0.7, 0.8
    # hand-worked table: p_e = 0.49 + 0.09 = 0.58, p_o = 0.58 + 0.8 * 0.42 = 0.916, each disagreement 0.042
    p_e, p_o = 0.58, 0.916
    assert abs((p_o - p_e) / (1 - p_e) - target) < 1e-12
    n = nb11.kappa_labels_needed(target=target, line=line, base_rate=base, power=power, seed=1)
    assert n is not None and n % 10 == 0 and 60 <= n <= 300
    rng = np.random.default_rng(7)

    def share_clearing(m, sims=150):
        hits = 0
        for s in range(sims):
            cell = rng.choice(4, size=m, p=[base - 0.042, 0.042, 0.042, 1 - base - 0.042])
            judge, reviewer = np.isin(cell, [0, 1]), np.isin(cell, [0, 2])
            try:
                iv = judges.kappa_interval(judge, reviewer, n_boot=400, seed=s)
            except ValueError:
                continue
            hits += iv.low >= line
        return hits / sims

    assert share_clearing(n) >= power - 0.1  # the planned n delivers about the stated power
    assert share_clearing(n // 2) < power - 0.1  # half of it clearly does not
    # a wider margin above the line needs fewer labels; more power needs more
    assert nb11.kappa_labels_needed(target=0.9, line=line, base_rate=base, power=power, seed=1) < n
    assert nb11.kappa_labels_needed(target=target, line=line, base_rate=base, power=0.95, seed=1) > n
