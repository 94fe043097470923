"""Notebook 03's exercises on small hand-made inputs: the expected answers are worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aipm_kit.exercises import PRACTICES, ____, nb03


# ------------------------------------------------------------------ 2 · PSI by hand
def _psi_exercise():
    # reference 1..100: its deciles are 10, 20, ..., 90, so each right-closed bin holds 10% of it.
    # current: 20% in the first bin, 5% in the second and in the last, 10% in each of the other seven.
    reference = np.arange(1, 101, dtype=float)
    current = np.array([5.0] * 20 + [15.0] * 5 + [v for v in range(25, 95, 10) for _ in range(10)] + [95.0] * 5)
    assert len(current) == 100
    return nb03.bind_psi(reference=reference, current=current)


def test_psi_by_hand_is_the_hand_worked_value():
    q1 = _psi_exercise()
    assert q1.practice == "by-hand" and q1.name.startswith("4 · ")
    # (0.2 - 0.1) ln 2 + 2 (0.05 - 0.1) ln 0.5 = 0.2 ln 2
    assert q1.check(0.2 * math.log(2))
    assert not q1.check(0.2 * math.log(2) + 0.001)


def test_psi_by_hand_explains_the_usual_slips():
    q1 = _psi_exercise()
    percent = q1.check(100 * 0.2 * math.log(2))
    assert percent.correct is False and "percent" in percent.message
    # one side only: 0.2 ln 2 + 2 (0.05 ln 0.5) = 0.1 ln 2
    one_sided = q1.check(0.1 * math.log(2))
    assert one_sided.correct is False and "difference" in one_sided.message
    assert q1.check(____).correct is None


# ------------------------------------------------------------------ 3 · false rollbacks against caught drops
#: a hand-made floor exercise: a line at L fires in (L - 0.5) of calm weeks and catches a drop in (L - 0.1) of weeks
#: with one; line_for(share) = 0.5 + share; 10,000 simulated weeks, so the Wilson interval is about +-1 point
FLOOR = dict(
    line_for=lambda share, fp: round(0.5 + share, 3),
    calm_share=lambda line, fp: min(max(line - 0.5, 0.0), 1.0),
    caught_share=lambda line, fp: line - 0.1,
    n_weeks=10_000,
    for_periods=2,
    drop_points=20,
    detect_line=0.45,
    alert_tolerance=0.10,
    cost_per_false_rollback=1_000.0,
)
#: the same with a yearly budget of 5,000 dollars for false rollbacks
FLOOR_SETUP = dict(FLOOR, budget_per_year=5_000)


def _floor_exercise(**changes):
    return nb03.bind_floor(**{**FLOOR, **changes})


def test_floor_accepts_any_tolerance_below_the_alert_with_its_floor_and_verdict():
    q3 = _floor_exercise()
    assert q3.practice == "decision" and q3.name.startswith("5 · ")
    assert q3.check((0.01, 0.51, "fail"))  # catches 41%: the whole interval below 45%
    assert q3.check((0.05, 0.55, "not yet"))  # catches 45%: the interval straddles the line
    assert q3.check((0.08, 0.58, "pass"))  # catches 48%: the whole interval above 45%
    assert q3.check((0.08, 0.565, "pass"))  # 1.5 points under the floor allowed: still defensible
    wrong = q3.check((0.01, 0.51, "pass"))
    assert wrong.correct is False and "fail" in wrong.message


@pytest.mark.parametrize("budget, verdict", [(5_000, "pass"), (4_000, "not yet"), (3_000, "fail")])
def test_floor_weighs_the_yearly_cost_of_false_rollbacks(budget, verdict):
    # tolerating 8%: floor 0.58 fires in 8% of calm weeks, 52 x 0.08 x 1,000 = 4,160 dollars a year; on 10,000
    # weeks the 95% Wilson interval of 8% is about 7.5% to 8.6%, so 3,890 to 4,450 dollars. It catches 48% of drops
    # (interval 47% to 49%, above the 45% line), so the cost side alone decides.
    q = _floor_exercise(budget_per_year=budget)
    assert q.check((0.08, 0.58, verdict))
    others = [v for v in nb03.VERDICTS if v != verdict]
    assert not any(q.check((0.08, 0.58, v)) for v in others)
    assert q.check((0.01, 0.51, "fail"))  # catches 41%: fails on detection whatever the budget
    assert f"cost at most {budget:,} dollars a year" in q.prompt


def test_floor_refuses_a_noisy_a_deaf_or_an_unwarned_floor():
    q3 = _floor_exercise()
    noisy = q3.check((0.01, 0.55, "not yet"))  # fires in 5% of calm weeks > 1% tolerated
    assert noisy.correct is False and "more than" in noisy.message
    deaf = q3.check((0.08, 0.55, "not yet"))  # quiet, but 3 points under the 0.58 allowed
    assert deaf.correct is False and "misses more" in deaf.message
    unwarned = q3.check((0.10, 0.60, "pass"))  # as noisy as the alert: nothing warns a person first
    assert unwarned.correct is False and "alert" in unwarned.message
    assert q3.check((1, 0.51, "fail")).correct is False  # a share, not a percent
    assert q3.check((0.01, 0.51, "maybe")).correct is False
    assert q3.check(____).correct is None


# ------------------------------------------------------------------ 1 · rollout stages
def _rollout_exercise():
    def ratio(stages):
        if stages[0] <= 0.05:
            return 0.17, 0.16, 0.18
        if stages[0] >= 0.25:
            return 0.30, 0.28, 0.32
        return 0.25, 0.23, 0.27

    return nb03.bind_rollout(exposure_ratio=ratio, line=0.25)


def test_rollout_verdict_is_decided_on_the_interval():
    q3 = _rollout_exercise()
    assert q3.practice == "decision" and q3.name.startswith("3 · ")
    assert q3.check(((0.05, 0.25, 0.5, 1.0), "pass"))  # whole interval under the line
    assert q3.check(((0.25, 1.0), "fail"))  # whole interval over it
    assert q3.check(((0.10, 0.5, 1.0), "not yet"))  # straddles it
    straddle = q3.check(((0.10, 0.5, 1.0), "pass"))
    assert straddle.correct is False and "not yet" in straddle.message


def test_rollout_messages_state_the_price_in_days():
    q1 = nb03.bind_rollout(exposure_ratio=lambda st: (0.2, 0.19, 0.21), line=0.25, days_per_stage=2)
    # three stages of two days: a good model reaches 100% at the start of the third, on day 4
    assert "day 4 instead of day 0" in q1.check(((0.05, 0.25, 1.0), "pass")).message
    assert "95% bootstrap interval 0.19 to 0.21" in q1.check(((0.05, 0.25, 1.0), "pass")).message
    # a notebook whose range spans several bootstraps names it so, in the prompt and the feedback
    q2 = nb03.bind_rollout(exposure_ratio=lambda st: (0.2, 0.19, 0.26), line=0.25, interval_said="range over rates")
    said = q2.check(((0.05, 0.25, 1.0), "not yet"))
    assert said and "range over rates 0.19 to 0.26" in said.message and "range over rates" in q2.prompt


def test_rollout_stages_must_grow_and_end_with_everyone():
    q3 = _rollout_exercise()
    assert q3.check(((0.5, 0.1, 1.0), "pass")).correct is False
    assert "1.0" in q3.check(((0.05, 0.5), "pass")).message
    assert q3.check(((5, 25, 100), "pass")).correct is False  # percent, not shares
    assert q3.check(____).correct is None


def test_every_exercise_is_labelled_with_a_known_practice():
    for q in (_psi_exercise(), _floor_exercise(), _rollout_exercise()):
        assert q.practice in PRACTICES and q.title == f"Exercise {q.name}"


@pytest.mark.parametrize("bad", [dict(alert_tolerance=0.0), dict(alert_tolerance=1.5)])
def test_floor_refuses_an_impossible_alert_tolerance(bad):
    with pytest.raises(ValueError):
        _floor_exercise(**bad)


# ------------------------------------------------------------------ 1 · training-serving skew, by hand
def _skew_frames(offset=-8):
    import pandas as pd

    # six payments at hours 0, 3, 9, 12, 18, 23 (training's); the first three served with the offset on the clock
    hours = np.array([0, 3, 9, 12, 18, 23])
    raw = pd.DataFrame(
        {
            "amount": [10.0, 20.0, 30.0, 40.0, 50.0, 60.0],
            "hour": hours,
            "channel": ["web", "app", "web", "app", "web", "app"],
        }
    )
    served_hour = hours.copy()
    served_hour[:3] = (served_hour[:3] + offset) % 24  # 16, 19, 1: served minus training is +16, +16, -8
    log = pd.DataFrame({"in__amount": raw["amount"], "in__hour": served_hour, "in__channel": raw["channel"]})
    return log, raw


def _skew_exercise(offset=-8):
    log, raw = _skew_frames(offset)
    return nb03.bind_skew(served_log=log, raw_events=raw, features=["amount", "hour", "channel"])


def test_skew_feature_share_and_shift_worked_by_hand():
    q = _skew_exercise()
    assert q.practice == "by-hand" and q.name.startswith("1 · ")
    # half the rows differ; the median of (+16, +16, -8) is +16, the same clock hour as -8
    assert q.check(("hour", 0.5, 16)) and q.check(("hour", 0.5, -8)) and q.check(("in__hour", 0.5, 40))
    wrong_sign = q.check(("hour", 0.5, 8))
    assert not wrong_sign and "wrong way round" in wrong_sign.message
    percent = q.check(("hour", 50, -8))
    assert not percent and "percentage" in percent.message
    assert not q.check(("hour", 0.4, -8))
    assert q.check(____).correct is None


def test_skew_explains_a_mean_pulled_by_the_wrap():
    import pandas as pd

    # hours 0, 9, 12 served 8 hours early: 16, 1, 4, so served minus training is +16, -8, -8 (worked by hand);
    # the median is -8, the shift every row shows on the clock; the mean is (16 - 8 - 8) / 3 = 0, which no row shows
    hours = np.array([0, 9, 12, 3, 18, 23])
    served = hours.copy()
    served[:3] = (served[:3] - 8) % 24
    raw = pd.DataFrame({"amount": np.arange(6.0), "hour": hours})
    log = pd.DataFrame({"in__amount": raw["amount"], "in__hour": served})
    q = nb03.bind_skew(served_log=log, raw_events=raw, features=["amount", "hour"])
    assert q.check(("hour", 0.5, -8))
    mean = q.check(("hour", 0.5, 0))
    assert not mean and "the mean" in mean.message and "median" in mean.message
    assert "median" in q.prompt and "not the mean" in q.prompt


def test_skew_wants_the_feature_that_differs():
    q = _skew_exercise()
    same = q.check(("amount", 0.5, -8))
    assert not same and "elsewhere" in same.message
    assert not q.check(("colour", 0.5, -8))
    assert not q.check((None, 0, 0))


def test_skew_prompt_and_hints_name_no_feature():
    q = _skew_exercise()
    shown = q.prompt + " ".join(q._hints)
    assert "hour" not in shown.lower() and "clock" not in shown.lower() and "time" not in shown.lower()


def test_skew_finds_a_categorical_feature_too():
    log, raw = _skew_frames(offset=0)
    log.loc[1, "in__channel"] = "web"  # one of six served on the wrong channel
    q = nb03.bind_skew(served_log=log, raw_events=raw, features=["amount", "hour", "channel"])
    assert q.check(("channel", 1 / 6, None)) and not q.check(("hour", 1 / 6, 0))


def test_skew_without_a_bug_wants_none():
    q = _skew_exercise(offset=0)
    assert q.check((None, 0, 0)) and not q.check(("hour", 0.0, 8))


# ------------------------------------------------------------------ 5 · the stakeholder update, rubric
FACTS = {"before": 19.7, "after": 30.04, "frauds": 930, "dollars": 720_612.4, "share": 0.125}
GOOD = {
    "what happened": "Since 1 May more fraud slipped past us: about 19.7 a day in April, 30.0 a day in May.",
    "who is affected": "The cardholders behind 930 payments we did not stop, about $720,612 back to us, 12.5% more.",
    "next experiment": "Train a candidate on the newest chargebacks and run it in the shadow for two weeks to "
    "compare what it would have held.",
    "judged on": "a",
}


def test_numbers_in_reads_what_a_person_writes():
    found = nb03.numbers_in("On 1 May 2024: $1,234 and 3.4 a day, 12k, 45%")
    assert [(v, h) for v, h, _ in found] == [(1234.0, 0.5), (3.4, 0.05), (12000.0, 500.0), (45.0, 0.5)]
    with pytest.raises(TypeError, match="text"):
        nb03.numbers_in(12)


def test_update_rubric_accepts_a_plain_update_with_the_replays_numbers():
    q = nb03.bind_update(facts=FACTS)
    assert q.name.startswith("6 · ") and q.practice in PRACTICES
    assert q.check(GOOD)
    assert q.check({**GOOD, "what happened": GOOD["what happened"].replace("30.0", "30")})  # rounded is fine
    assert q.check(____).correct is None


@pytest.mark.parametrize(
    "change, says",
    [
        ({"what happened": "Since 1 May more fraud slipped past us: about 19.7 a day, then 31.5 a day."}, "31.5"),
        ({"who is affected": "The cardholders behind 930 payments: the drift of amounts was small."}, "drift"),
        (
            {"who is affected": "The cardholders behind the payments we did not stop, and the business."},
            "quotes no number",
        ),
        ({"next experiment": "We will keep a close eye on it going forward, as always."}, "tried or measured"),
        ({"next experiment": "short"}, "missing"),
    ],
)
def test_update_rubric_names_what_is_missing(change, says):
    q = nb03.bind_update(facts=FACTS)
    result = q.check({**GOOD, **change})
    assert not result and says in result.message


def test_update_decision_wants_the_number_that_moved():
    q = nb03.bind_update(facts=FACTS)
    assert q.practice == "reading" and set(q.options) == set(nb03.JUDGED_ON)
    for key in set(nb03.JUDGED_ON) - {nb03.JUDGED_ON_RIGHT}:
        wrong = q.check({**GOOD, "judged on": key})
        assert not wrong and "not the defensible choice" in wrong.message
    missing = q.check({k: v for k, v in GOOD.items() if k != "judged on"})
    assert not missing and "judged on" in missing.message
    assert q.check({**GOOD, "judged on": " A "})  # case and spaces do not matter


def test_update_options_cannot_be_guessed_by_length():
    lengths = {k: len(v) for k, v in nb03.JUDGED_ON.items()}
    right = lengths[nb03.JUDGED_ON_RIGHT]
    assert right != max(lengths.values()) and right != min(lengths.values())
    assert max(lengths.values()) - min(lengths.values()) <= 15


def test_update_rubric_bad_input():
    with pytest.raises(TypeError, match="facts"):
        nb03.bind_update(facts={})
    with pytest.raises(TypeError, match="dict"):
        nb03.rubric_update("an update", FACTS)


def test_psi_prompt_names_the_month_and_rejects_a_blank_one():
    reference = np.arange(1, 101, dtype=float)
    q = nb03.bind_psi(reference=reference, current=reference + 3, month="May")
    assert "payments of May" in q.prompt
    with pytest.raises(TypeError, match="month"):
        nb03.bind_psi(reference=reference, current=reference, month=" ")


def test_update_prompt_points_to_the_table_and_names_one_reader():
    q = nb03.bind_update(facts={"missed_per_day": 19.7, "missed_total": 930})
    assert "ring_facts" in q.prompt and "`missed_total` =" not in q.prompt  # no dump of the facts
    assert "fraud operations" in q.prompt


def test_service_features_hides_the_bug_and_fixes_it():
    import pandas as pd

    from aipm_kit import scenarios

    raw = scenarios.make_payments(300, seed=0, months=1, drift_month=None, incident=False)
    buggy = nb03.service_features(raw, bug=True)
    fixed = nb03.service_features(raw, bug=False)
    # independent of the kit: the fixed service's hour is the UTC hour of the timestamp
    assert (fixed["hour"].to_numpy() == raw["timestamp"].dt.hour.to_numpy()).all()
    assert (buggy["hour"].to_numpy() != raw["timestamp"].dt.hour.to_numpy()).all()
    pd.testing.assert_frame_equal(buggy.drop(columns="hour"), fixed.drop(columns="hour"))
    with pytest.raises(TypeError, match="bug"):
        nb03.service_features(raw, bug="yes")


# ------------------------------------------------------------------ 2 · who may pull the switch
def test_owner_accepts_the_paged_engineer_with_the_business_and_the_review_team_told():
    q = nb03.bind_owner()
    assert q.practice == "decision" and q.name.startswith("2 · ")
    assert set(nb03.ROLES) <= set(q.options)  # the options are shown with the prompt
    assert q.check({"acts alone": "a", "told": ["b", "c"]})
    assert q.check({"acts_alone": "A", "told": ["c", "b", "f"]})  # telling more people is harmless
    assert q.check({"acts alone": "a", "told": ["b", "c", "d", "e"]})


@pytest.mark.parametrize(
    "actor, says",
    [("d", "committee"), ("b", "office hours"), ("c", "office hours"), ("e", "diagnosis"), ("f", "not paged")],
)
def test_owner_refuses_anyone_who_cannot_act_within_the_hour(actor, says):
    result = nb03.bind_owner().check({"acts alone": actor, "told": ["b", "c"]})
    assert result.correct is False and says in result.message


def test_owner_wants_the_business_and_the_review_team_told():
    q = nb03.bind_owner()
    no_lead = q.check({"acts alone": "a", "told": ["b"]})
    assert no_lead.correct is False and "review-team lead" in no_lead.message
    no_pm = q.check({"acts alone": "a", "told": "c"})
    assert no_pm.correct is False and "business case" in no_pm.message
    assert q.check({"acts alone": "z", "told": ["b", "c"]}).correct is False
    assert q.check({"acts alone": "a"}).correct is False
    assert q.check("a").correct is False
    assert q.check(____).correct is None


def test_update_must_size_the_surprise_by_the_excess_when_asked():
    # 930 frauds since the change, of which 19.7 a day over 31 days (611) would have been missed anyway: the
    # excess is 930 - 611 = 319
    facts = {**FACTS, "extra_frauds": 930 - 19.7 * 31}
    q = nb03.bind_update(facts=facts, excess_keys=["extra_frauds"])
    total_only = q.check(GOOD)
    assert total_only.correct is False and "beyond the earlier rate" in total_only.message
    sized = {**GOOD, "who is affected": GOOD["who is affected"] + " About 319 more than the earlier rate."}
    assert q.check(sized)
    with pytest.raises(KeyError):
        nb03.bind_update(facts=FACTS, excess_keys=["nowhere"])


def test_product_interval_is_the_delta_method_on_the_log_scale():
    # 10 (8 to 12) times 100 (80 to 120), both 95%: each relative standard error is 0.2 / 1.96, so the log of the
    # product has standard error 0.2 sqrt(2) / 1.96 and its 95% ends are 1,000 exp(-+0.2 sqrt(2))
    point, low, high = nb03.product_interval(10, (8, 12), 100, (80, 120))
    assert point == pytest.approx(1_000)
    assert low == pytest.approx(1_000 * math.exp(-0.2 * math.sqrt(2)), rel=1e-4)  # about 754
    assert high == pytest.approx(1_000 * math.exp(0.2 * math.sqrt(2)), rel=1e-4)  # about 1,327
    assert 640 < low and high < 1_440  # narrower than ends times ends (640 to 1,440)
    assert nb03.product_interval(0, (0, 0.3), 100, (80, 120)) == (0, 0, pytest.approx(36))


def test_floor_detection_can_be_read_across_normal_precision():
    # catches 48% at the point (Wilson 47% to 49%, above 45%), but across normal precision 40% to 56%: not settled
    q = _floor_exercise(caught_interval=lambda line, fp: (0.40, 0.56))
    assert q.check((0.08, 0.58, "not yet")) and not q.check((0.08, 0.58, "pass"))
    assert "caught_interval" in q.prompt


def test_floor_cost_interval_widens_the_yearly_cost():
    # tolerating 8%: 52 x 8% = 4.16 false rollbacks a year; calm-share 95% Wilson on 10,000 weeks is about 7.5% to
    # 8.6% (relative standard error about 0.034). A cost of 1,000 (800 to 1,200) a day (relative standard error
    # 400 / 3,920, about 0.102) and 1 day off: on the log scale the yearly cost's standard error is about 0.108, so
    # 4,160 exp(-+1.96 x 0.108), about 3,370 to 5,140: with a budget of 5,000 the point is inside, the range straddles it
    kwargs = dict(FLOOR_SETUP)
    assert nb03.bind_floor(**kwargs).check((0.08, 0.58, "pass"))  # the cost taken as exact: within budget
    wide = nb03.bind_floor(**kwargs, cost_interval=(800.0, 1_200.0))
    result = wide.check((0.08, 0.58, "not yet"))
    assert (
        result and "the detection check is 'pass'" in result.message and "the cost check is 'not yet'" in result.message
    )
    assert not wide.check((0.08, 0.58, "pass"))
    # two days off doubles the cost: 8,320 a year at the point, the whole range (about 6,740 to 10,270) above 5,000
    assert nb03.bind_floor(**kwargs, cost_interval=(800.0, 1_200.0), days_off=2).check((0.08, 0.58, "fail"))
    with pytest.raises(ValueError):
        nb03.bind_floor(**kwargs, cost_interval=(1_100.0, 1_200.0))  # the interval must hold the cost
    # days off may depend on the floor: 2 days for every floor is the same as days_off=2
    assert nb03.bind_floor(**kwargs, cost_interval=(800.0, 1_200.0), days_off=lambda line, fp: 2.0).check(
        (0.08, 0.58, "fail")
    )
    # 3 hours off (1/8 day): the yearly range's top is about 5,140 / 8 = 643, within 5,000
    short = nb03.bind_floor(**kwargs, cost_interval=(800.0, 1_200.0), days_off=lambda line, fp: 0.125)
    result = short.check((0.08, 0.58, "pass"))
    assert result and "about 3 hours" in result.message and "the cost check is 'pass'" in result.message


def test_update_must_mark_a_replayed_number_as_replayed():
    # 207 calls failed as logged; had the switch been thrown as planned, 33 would have gone unchecked
    facts = {**FACTS, "failed_calls": 207, "unscreened_replayed": 33}
    q = nb03.bind_update(facts=facts, replayed_keys=["unscreened_replayed"])
    as_if = {
        **GOOD,
        "who is affected": GOOD["who is affected"] + " The service failed: 33 payments went through "
        "unchecked before we moved to the backup rule.",
    }
    told = q.check(as_if)
    assert told.correct is False and "'33'" in told.message and "would have given" in told.message
    # a marker elsewhere in the part does not cover it: the replayed number's own sentence must say so
    elsewhere = {**as_if, "who is affected": "Our checks would normally hold most. " + as_if["who is affected"]}
    assert not q.check(elsewhere)
    marked = {
        **GOOD,
        "who is affected": GOOD["who is affected"] + " The service failed and 207 payments went "
        "through unchecked; had the switch been thrown, "
        "33 would have.",
    }
    assert q.check(marked)
    logged_only = {**GOOD, "who is affected": GOOD["who is affected"] + " 207 payments went through unchecked."}
    assert q.check(logged_only)  # what happened needs no marker
    assert "would have given" in q.prompt
    with pytest.raises(KeyError):
        nb03.bind_update(facts=FACTS, replayed_keys=["nowhere"])


def test_floor_prices_false_rollbacks_by_firings_when_given():
    # tolerating 8%: the floor 0.58 fires in 8% of calm weeks, but a week can hold two firings: 0.12 firings a week
    # (95% 0.11 to 0.13) gives 52 x 0.12 x 1,000 = 6,240 dollars a year (5,720 to 6,760); with a budget of 5,000 the
    # whole range is above it, a fail, where the week count alone (4,160, 3,890 to 4,450) would pass
    kwargs = dict(FLOOR_SETUP)
    assert nb03.bind_floor(**kwargs).check((0.08, 0.58, "pass"))
    q = nb03.bind_floor(**kwargs, calm_firings=lambda line, fp: (0.12, 0.11, 0.13))
    result = q.check((0.08, 0.58, "fail"))
    assert result and "6.2 false rollbacks a year" in result.message and "the cost check is 'fail'" in result.message
    assert not q.check((0.08, 0.58, "pass"))
    assert "calm_firings" in q.prompt


def test_a_replayed_number_is_read_as_the_fact_it_is_closest_to():
    # 33 is the replayed count exactly; a logged interval end of 33.2 lies further away, so "33" is the replayed one
    facts = {**FACTS, "rate_high": 33.2, "unscreened_replayed": 33}
    q = nb03.bind_update(facts=facts, replayed_keys=["unscreened_replayed"])
    assert not q.check({**GOOD, "who is affected": GOOD["who is affected"] + " 33 payments went through unchecked."})
    assert q.check({**GOOD, "who is affected": GOOD["who is affected"] + " At most 33.2 a day."})  # the logged one


def test_floor_cost_can_be_read_across_normal_precision():
    # detection passes (48%, Wilson about 47% to 49%, above 45%); the yearly cost is 4,160 at the point, but across
    # normal precision's interval it runs from 2,000 (normal at its top: fewer false rollbacks) to 7,000 (at its
    # bottom): it straddles the 5,000 budget, so the floor is not yet settled, although the point is within it
    kwargs = dict(FLOOR_SETUP)
    assert nb03.bind_floor(**kwargs).check((0.08, 0.58, "pass"))
    q = nb03.bind_floor(**kwargs, yearly_cost=lambda line, fp: (4_160.0, 2_000.0, 7_000.0))
    result = q.check((0.08, 0.58, "not yet"))
    assert result and "the cost check is 'not yet'" in result.message and "across normal precision" in result.message
    assert not q.check((0.08, 0.58, "pass")) and not q.check((0.08, 0.58, "fail"))
    assert "yearly_cost" in q.prompt
    # the whole range within the budget passes; wholly over it fails
    assert nb03.bind_floor(**kwargs, yearly_cost=lambda line, fp: (4_160.0, 3_000.0, 4_900.0)).check(
        (0.08, 0.58, "pass")
    )
    assert nb03.bind_floor(**kwargs, yearly_cost=lambda line, fp: (6_000.0, 5_100.0, 9_000.0)).check(
        (0.08, 0.58, "fail")
    )
