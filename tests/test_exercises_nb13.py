"""Notebook 13's exercises: the solutions pass, named wrong answers fail with the reason, and calls follow the gate."""

from __future__ import annotations

import math

import pytest

from aipm_kit.exercises import ____, nb13
from aipm_kit.gates import Gate, criterion


def test_pass_hat_by_hand_is_the_hand_count_and_names_the_slips():
    q = nb13.pass_hat_by_hand(task_id="T008", n=8, c=6, k=4)
    # 6 successes of 8: of the 70 ways to pick 4 trials, 15 pick only successes
    assert q.practice == "by-hand" and q.check(15 / 70).correct
    power = q.check(0.75**4)  # the plug-in (6/8)^4
    assert power.correct is False and "power" in power.message
    at_k = q.check(1.0)  # pass@4: two failures can never fill four picks
    assert at_k.correct is False and "pass@4" in at_k.message
    rate = q.check(0.75)
    assert rate.correct is False and "pass^1" in rate.message
    assert q.check(____).correct is None
    with pytest.raises(ValueError):
        nb13.pass_hat_by_hand(task_id="T", n=4, c=5, k=2)


KINDS = {"breach": "broke a rule", "gave_up": "gave up", "loop": "looped"}
# the hand-made record: 640 trials, 20 broke a rule ($60 each), 60 gave up and 2 looped ($4 each)
RECORD = dict(
    kinds=KINDS,
    counts={"breach": 20, "gave_up": 60, "loop": 2},
    n_trials=640,
    cost={"breach": 60.0, "gave_up": 4.0, "loop": 4.0},
)
# its shares with 95% intervals: narrow ones, and the wider ones over tasks
NARROW = {"breach": (20 / 640, 0.025, 0.04), "gave_up": (60 / 640, 0.08, 0.11), "loop": (2 / 640, 0.0, 0.01)}
WIDE = {"breach": (20 / 640, 0.005, 0.07), "gave_up": (60 / 640, 0.05, 0.14), "loop": (2 / 640, 0.0, 0.01)}


def test_fix_first_ranks_by_cost_not_by_count():
    q = nb13.fix_first(**RECORD)
    # per 1,000 requests: breach 20/640 x 60 x 1000 = 1,875 dollars; gave_up 60/640 x 4 x 1000 = 375
    right = q.check("breach")
    assert q.practice == "decision" and right.correct and "1,875" in right.message
    frequent = q.check("gave_up")
    assert frequent.correct is False and "Frequent is not the same as costly" in frequent.message
    assert q.check("loop").correct is False
    assert q.check(____).correct is None


def test_fix_first_accepts_kinds_the_numbers_cannot_tell_apart():
    from statsmodels.stats.proportion import proportion_confint

    counts = {"breach": 20, "gave_up": 270, "loop": 0}
    cost = {"breach": 60.0, "gave_up": 4.0, "loop": 4.0}
    q = nb13.fix_first(kinds=KINDS, counts=counts, n_trials=640, cost=cost)
    low_b, _ = proportion_confint(20, 640, method="wilson")
    _, high_g = proportion_confint(270, 640, method="wilson")
    assert high_g * 4 >= low_b * 60  # gave_up's interval reaches breach's lower end (independent Wilson)
    assert q.check("breach").correct and q.check("gave_up").correct
    assert q.check("loop").correct is False  # nothing observed, nothing to fix


def test_business_k_accepts_the_k_the_customer_meets_and_stricter():
    # a request every 23 days over a 91-day quarter: 91 / 23 = 3.96, so the customer meets the agent 4 times
    q = nb13.business_k(days_between=23, trials=8)
    assert set(q.options) == {"pass^1", "pass^3", "pass@4", "pass^4", "pass^8"}
    assert q.check("pass^4").correct and q.check("pass^8").correct
    assert "stricter" in q.check("pass^8").message
    assert q.check("pass^1").correct is False and q.check("pass^3").correct is False
    assert "retry" in q.check("pass@4").message and q.check("pass@4").correct is False
    assert q.check(____).correct is None
    # the prompt gives the business facts, not the k
    assert "23 days" in q.prompt and "91 days" in q.prompt and "4 times" not in q.prompt
    priced = nb13.business_k(days_between=23, trials=8, person_cost=4.0, wrong_cost=60.0).prompt
    assert "$4.00" in priced and "$60" in priced
    assert "pass^8" not in nb13.business_k(days_between=23, trials=4).options
    # every 30 days is about 3 requests a quarter (91 / 30 = 3.03)
    assert nb13.business_k(days_between=30, trials=8).check("pass^3").correct
    with pytest.raises(ValueError):
        nb13.business_k(days_between=15, trials=5)  # 91 / 15 = 6 tries, more than the 5 trials measure
    assert nb13.k_of("pass^4") == 4


def test_fix_first_reads_ties_from_the_paired_difference_when_given():
    # narrow intervals that do not overlap, priced per 1,000 by hand: breach 0.025 to 0.04 x 60 x 1,000 = $1,500 to
    # $2,400; gave_up 0.08 to 0.11 x 4 x 1,000 = $320 to $440; loop 0 to 0.01 x 4 x 1,000 = $0 to $40. The paired
    # interval of breach minus gave_up, $200 to $2,900, excludes zero too, so only breach is accepted
    args = dict(RECORD, shares=NARROW)
    paired = {("breach", "gave_up"): (200.0, 2900.0), ("breach", "loop"): (290.0, 4200.0)}
    assert nb13.fix_first_ties(**args, paired=paired) == ("breach", [])
    q = nb13.fix_first(**args, paired=paired)
    assert q.check("breach").correct and q.check("gave_up").correct is False
    msg = q.check("gave_up").message
    assert "paired" in msg and "$440" in msg and "$1,500" in msg
    # a paired interval reaching zero is a tie
    paired[("breach", "gave_up")] = (-50.0, 2900.0)
    assert nb13.fix_first_ties(**args, paired=paired) == ("breach", ["gave_up"])
    with pytest.raises(ValueError):
        nb13.fix_first_ties(**args, paired={("breach", "gave_up"): (1.0, 2.0)})


def _gate(breach_interval, pass_interval=(0.70, 0.65, 0.75)):
    est, low, high = pass_interval
    b_est, b_low, b_high = breach_interval
    return Gate(
        "Release gate: v2 (simulated store tasks)",
        [
            criterion("pass^4", est, ">=", 0.6, interval=(low, high), evidence="80 tasks", fmt="{:.1%}"),
            criterion(
                "Trials that break a policy",
                b_est,
                "<=",
                0.01,
                interval=(b_low, b_high),
                evidence="640 trials",
                fmt="{:.1%}",
            ),
        ],
    )


def test_fix_first_does_not_let_a_narrow_paired_bootstrap_split_overlapping_intervals():
    # wider intervals over tasks, priced per 1,000 by hand: breach 0.005 to 0.07 x 60 x 1,000 = $300 to $4,200;
    # gave_up 0.05 to 0.14 x 4 x 1,000 = $200 to $560; loop 0 to 0.01 x 4 x 1,000 = $0 to $40. The paired interval
    # of breach minus gave_up ($200 to $2,900) excludes zero, but a paired bootstrap is narrow near zero: gave_up's
    # own interval reaches breach's lower end ($560 >= $300), so it is not told apart; loop's $40 does not reach it
    args = dict(RECORD, shares=WIDE)
    paired = {("breach", "gave_up"): (200.0, 2900.0), ("breach", "loop"): (290.0, 4200.0)}
    assert nb13.fix_first_ties(**args, paired=paired) == ("breach", ["gave_up"])
    q = nb13.fix_first(**args, paired=paired)
    assert q.check("breach").correct and q.check("gave_up").correct
    loop = q.check("loop")
    assert loop.correct is False and "$40" in loop.message and "$300" in loop.message


def test_ship_call_follows_the_gate():
    go = _gate((0.0, 0.0, 0.006))
    q = nb13.ship_call(gate=go, incumbent_breach=(0.097, 0.076, 0.122), max_breach_rate=0.01)
    assert go.verdict == "GO" and q.check("ship").correct and q.check("keep").correct is False
    not_yet = _gate((0.0, 0.0, 0.006), pass_interval=(0.62, 0.55, 0.70))
    q = nb13.ship_call(gate=not_yet, incumbent_breach=(0.097, 0.076, 0.122), max_breach_rate=0.01)
    assert not_yet.verdict == "NOT YET" and q.check("not_yet").correct and q.check("ship").correct is False


def test_ship_call_on_no_go_holds_the_incumbent_to_the_same_line():
    no_go = _gate((0.045, 0.032, 0.064))
    assert no_go.verdict == "NO-GO"
    worse = nb13.ship_call(gate=no_go, incumbent_breach=(0.097, 0.076, 0.122), max_breach_rate=0.01)
    assert worse.check("human").correct
    keep = worse.check("keep")
    assert keep.correct is False and "7.6%" in keep.message  # v1's whole interval is above the line
    # neither agent nor people is shown to clear the line: waiting for what settles it is right, the meanwhile is
    # the rule owner's call
    wait = worse.check("not_yet")
    assert wait.correct and "owner" in wait.message and "audit" in wait.message and "7.6%" in wait.message
    assert worse.check("ship").correct is False
    clean = nb13.ship_call(gate=no_go, incumbent_breach=(0.002, 0.0003, 0.008), max_breach_rate=0.01)
    assert clean.check("keep").correct and clean.check("human").correct is False
    still = clean.check("not_yet")  # the incumbent keeps the line: the failed line will not move with waiting
    assert still.correct is False and "more trials" in still.message
    straddles = nb13.ship_call(gate=no_go, incumbent_breach=(0.008, 0.004, 0.015), max_breach_rate=0.01)
    assert straddles.check("keep").correct and straddles.check("human").correct


def test_fix_first_takes_intervals_over_tasks_when_given():
    # the same counts as above, but intervals over tasks that are wider: breach 20/640 = 3.1% (95% 0.5% to 7.0%),
    # gave_up 60/640 = 9.4% (5% to 14%). Priced per 1,000: breach 1,875 (300 to 4,200); gave_up 375 (200 to 560),
    # and 560 >= 300, so the numbers no longer tell the two apart
    q = nb13.fix_first(**RECORD, shares=WIDE)
    assert q.check("breach").correct and "4,200" in q.check("breach").message
    assert q.check("gave_up").correct and "Wilson" not in q.check("gave_up").message
    assert q.check("loop").correct is False  # 40 at most (0.01 x 4 x 1,000) does not reach 300
    with pytest.raises(ValueError):
        nb13.fix_first(**RECORD, shares={**WIDE, "loop": (0.02, 0.03, 0.04)})


def test_ship_call_accepts_the_candidate_as_the_lesser_harm_when_the_paired_intervals_carry_it():
    no_go = _gate((0.045, 0.022, 0.075))
    incumbent = (0.097, 0.059, 0.142)

    def call(paired_breach, paired_pass, **extra):  # that gate and incumbent, against a 1% line
        return nb13.ship_call(
            gate=no_go,
            incumbent_breach=incumbent,
            max_breach_rate=0.01,
            paired_breach=paired_breach,
            paired_pass=paired_pass,
            **extra,
        )

    # paired on the same tasks: the candidate breaks rules 5.2 points less (wholly below zero), pass^4 is tied
    # (-9.3 to +8.2 reaches zero) and it costs $3,387 less per 1,000 (-5,088 to -1,674)
    fewer, pass_tied = (-0.052, -0.080, -0.025), (-0.001, -0.093, 0.082)
    q = call(fewer, pass_tied, paired_cost=(-3387.0, -5088.0, -1674.0), k=4)
    interim = q.check("interim")
    assert interim.correct and "-5.2 points" in interim.message and "NO-GO" in interim.message
    assert "-$3,387" in interim.message and "in pass^4" in interim.message
    # every defensible call is accepted: the split once measured, every request to people
    assert q.check("human").correct and "router" in q.check("human").message
    assert q.check("all_people").correct and "not measured" in q.check("all_people").message
    # and not yet: no option is shown to clear the lines; the paired ranking goes to the rule's owner
    wait = q.check("not_yet")
    assert wait.correct and "-5.2 points" in wait.message and "owner" in wait.message
    # and it names the ranking: replacing the incumbent, as the lesser harm, is what goes to the owner meanwhile
    assert "ranks v2 ahead of v1" in wait.message and "lesser harm" in wait.message
    # not: shipping as cleared, keeping the incumbent that breaks rules more
    assert q.check("ship").correct is False
    keep = q.check("keep")
    assert keep.correct is False and "5.9%" in keep.message
    # a candidate that does not break rules less on the paired interval is not the lesser harm
    breach_tied = (-0.02, -0.05, 0.01)
    tied = call(breach_tied, pass_tied)
    assert tied.check("interim").correct is False and tied.check("human").correct
    assert "lesser harm" not in tied.check("not_yet").message  # no ranking shown, none put to the owner
    # the exact sign test over the tasks where their breaches differ can show the direction instead: fewer on 25
    # tasks and more on 4 gives a two-sided binomial p of 2 x P(X <= 4 | n = 29, 1/2) = 2 x (1 + 29 + 406 + 3,654 + 23,751) / 2^29
    # = 2 x 27,841 / 2^29 < 0.001
    p_sign = 2 * sum(math.comb(29, i) for i in range(5)) / 2**29
    assert abs(p_sign - 2 * 27_841 / 2**29) < 1e-15 and p_sign < 0.001
    signed = call(breach_tied, pass_tied, sign_test=(25, 4, p_sign))
    assert signed.check("interim").correct and "fewer rules on 25 and more on 4" in signed.check("interim").message
    # a sign test in the candidate's favour that chance could give (7 against 4: p = 0.55) does not
    assert call(breach_tied, pass_tied, sign_test=(7, 4, 0.549)).check("interim").correct is False
    # nor one shown worse in pass^k, however few rules it breaks
    worse = call(fewer, (-0.15, -0.25, -0.05))
    assert worse.check("interim").correct is False


def test_fix_first_ties_names_the_kinds_the_intervals_cannot_tell_apart():
    # priced per 1,000 as worked above: breach 1,875 (300 to 4,200), gave_up 375 (200 to 560), loop 12.5 (0 to 40);
    # 560 reaches 300 and 40 does not
    assert nb13.fix_first_ties(**RECORD, shares=WIDE) == ("breach", ["gave_up"])
    assert nb13.fix_first_ties(**RECORD, shares=NARROW) == ("breach", [])  # gave_up's 440 is below breach's 1,500


def test_fix_first_does_not_read_a_paired_interval_against_a_kind_never_seen():
    # wrong_result has no trial at all: its side of every resample is 0, so a paired interval against it only restates
    # breach's own; none is needed, it is never accepted, and its feedback names its own upper end instead.
    # Priced per 1,000 by hand: breach 20/640 x 60 x 1,000 = 1,875 (low end 0.025 x 60 x 1,000 = 1,500); gave_up's
    # upper end 0.11 x 4 x 1,000 = 440 stays below it; wrong_result's upper end 0.046 x 60 x 1,000 = 2,760
    kinds = {"breach": "broke a rule", "gave_up": "gave up", "wrong_result": "wrong result, claimed done"}
    shares = {"breach": (20 / 640, 0.025, 0.07), "gave_up": (60 / 640, 0.08, 0.11), "wrong_result": (0.0, 0.0, 0.046)}
    args = dict(
        kinds=kinds,
        counts={"breach": 20, "gave_up": 60, "wrong_result": 0},
        n_trials=640,
        cost={"breach": 60.0, "gave_up": 4.0, "wrong_result": 60.0},
        shares=shares,
    )
    paired = {("breach", "gave_up"): (200.0, 2900.0)}  # no pair with the kind never seen
    assert nb13.fix_first_ties(**args, paired=paired) == ("breach", [])
    q = nb13.fix_first(**args, paired=paired)
    never = q.check("wrong_result")
    assert never.correct is False and "$2,760" in never.message and "nothing observed" in never.message
    assert "wholly above zero" not in never.message
    # the prompt states the rule the check applies: a kind never seen is left out of the ranking
    assert "0 of 640: `wrong_result`) is left out of the ranking" in q.prompt
    seen_all = nb13.fix_first(
        **{**args, "counts": {"breach": 20, "gave_up": 60, "wrong_result": 1}},
        paired={**paired, ("breach", "wrong_result"): (1000.0, 2000.0)},
    )
    assert "left out of the ranking" not in seen_all.prompt
    with pytest.raises(ValueError):  # a kind seen at least once still needs its pair
        nb13.fix_first_ties(**args, paired={})


def test_ship_call_interim_needs_the_rule_amended_and_names_what_stays_open():
    no_go = _gate((0.045, 0.022, 0.075))
    q = nb13.ship_call(
        gate=no_go,
        incumbent_breach=(0.097, 0.059, 0.142),
        max_breach_rate=0.01,
        paired_breach=(-0.052, -0.080, -0.025),
        paired_pass=(-0.001, -0.093, 0.082),
        paired_cost=(-3387.0, -5088.0, -1674.0),
        k=4,
        leads="a lead on address",
        people_cost="$4,600 to $7,000 per 1,000 requests",
    )
    interim = q.check("interim")
    assert interim.correct and "amend" in interim.message
    assert "up to 9.3 points worse off" in interim.message and "a lead on address" in interim.message
    people = q.check("all_people")
    assert people.correct and "$4,600 to $7,000" in people.message and "not measured" in people.message
    assert "not shown to clear the line either" in people.message
