"""Notebook 00's exercises, checked against independent implementations (statsmodels' Wilson interval) and
hand-worked cases. (Moved here from tests/test_exercises.py::test_nb00_exercises, with the exercises' new forms.)"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from aipm_kit.exercises import ____, nb00

LINE = 0.283


# ---------------------------------------------------------------- helpers


def test_pts_never_prints_minus_zero():
    assert nb00.pts(-0.04) == "0.0" and nb00.pts(0.04) == "0.0" and nb00.pts(-0.0) == "0.0"
    assert nb00.pts(1.25) == "+1.2" or nb00.pts(1.25) == "+1.3"
    assert nb00.pts(-4.2) == "-4.2"


def test_word_on_interval():
    assert nb00.word_on_interval(0.1, 2.0, nb00.RECALL_WORDS) == "catches more"
    assert nb00.word_on_interval(-2.0, -0.1, nb00.RECALL_WORDS) == "catches fewer"
    assert nb00.word_on_interval(-0.1, 2.0, nb00.FALSE_ALARM_WORDS) == "not yet"


# ---------------------------------------------------------------- exercises 1 and 2

RIGHT = np.array([True] * 1302 + [False] * 198)
# (churners flagged at t, at 0.5, churners), (stayers flagged at t, at 0.5, stayers), recall change, false-alarm change
CHANGES = {
    0.2: ((134, 36, 212), (182, 22, 1288), (46.2, 40.3, 51.6), (12.4, 11.0, 14.0)),
    0.3: ((93, 36, 212), (96, 22, 1288), (26.9, 21.8, 31.9), (5.7, 4.7, 6.9)),
    0.35: ((71, 36, 212), (65, 22, 1288), (16.5, 12.3, 20.8), (3.3, 2.6, 4.3)),
    0.4: ((55, 36, 212), (47, 22, 1288), (9.0, 5.7, 12.4), (1.9, 1.3, 2.7)),
    0.6: ((27, 36, 212), (5, 22, 1288), (-4.2, -6.9, -1.8), (-1.3, -2.0, -0.8)),
    0.7: ((33, 36, 212), (20, 22, 1288), (-1.4, -3.0, 0.9), (-0.2, -0.5, 0.04)),
    0.45: ((46, 36, 212), (95, 22, 1288), (4.7, 2.2, 7.4), (5.0, 3.0, 7.0)),
}
# hand-worked calls with a 5-point line: adopt when recall's whole interval is above zero and the false-alarm
# interval's high end is at most +5.0; keep when recall catches fewer or the false-alarm interval's low end is above
# +5.0; otherwise not yet. 0.2: +11.0 to +14.0, all above +5: keep; 0.3: +4.7 to +6.9 straddles +5: not yet;
# 0.35: high +4.3: adopt; 0.6 catches fewer: keep; 0.7: recall -3.0 to +0.9 straddles zero, false alarms -0.5 to
# +0.04 straddle zero: not yet; 0.45 (made up): +3.0 to +7.0 straddles the line: not yet
EXPECTED = {
    0.2: ("catches more", "more false alarms", "keep"),
    0.3: ("catches more", "more false alarms", "not yet"),
    0.35: ("catches more", "more false alarms", "adopt"),
    0.4: ("catches more", "more false alarms", "adopt"),
    0.6: ("catches fewer", "fewer false alarms", "keep"),
    0.7: ("not yet", "not yet", "not yet"),
    0.45: ("catches more", "more false alarms", "not yet"),
}


def change_at(t):
    caught, alarms, recall, fa = CHANGES[round(t, 2)]
    return {
        "current": 0.5,
        "customers": 1500,
        "caught": caught,
        "flagged stayers": alarms,
        "recall change": recall,
        "false-alarm change": fa,
    }


def test_q1_wilson_by_hand_against_statsmodels():
    q1, _ = nb00.bind_accuracy(right=RIGHT, change_at=change_at, current=0.5)
    wilson = proportion_confint(1302, 1500, alpha=0.10, method="wilson")
    assert q1.check(wilson) and q1.practice == "by-hand"
    assert "1.645" in q1.prompt
    # the formula is bracketed so it cannot be read as (z²/2)·n, with one term shown in Python, not the whole answer
    assert "z²/(2n)" in q1.prompt and "z²/(4n²)" in q1.prompt and "z²/2n" not in q1.prompt
    assert "`z**2 / (2 * n)`" in q1.prompt and "4 * n**2" not in q1.prompt and "np.sqrt" not in q1.prompt
    # the ambiguous reading, typed literally, gives a wrong interval (hand-worked: k = 1302, n = 1500)
    p, z, n = 1302 / 1500, 1.645, 1500
    centre = (p + z**2 / 2 * n) / (1 + z**2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z**2 / 4 * n**2) / (1 + z**2 / n)
    assert not q1.check((centre - half, centre + half))
    assert "95%" in q1.check(proportion_confint(1302, 1500, alpha=0.05, method="wilson")).message
    assert "Wald" in q1.check(proportion_confint(1302, 1500, alpha=0.10, method="normal")).message
    assert "fractions" in q1.check((85.3, 88.2)).message
    assert q1.check(____).correct is None


def test_q2_verdicts_and_the_call():
    _, q2 = nb00.bind_accuracy(right=RIGHT, change_at=change_at, current=0.5, max_false_alarm_rise=5.0)
    assert q2.practice == "decision" and "0.3" in q2.prompt and "now 0.5" in q2.prompt and "5 points" in q2.prompt
    assert "accuracy" not in q2.prompt  # the guard counts false alarms directly
    for t, words in EXPECTED.items():
        assert q2.check((t, *words)), t
    right = q2.check((0.3, "catches more", "more false alarms", "not yet"))
    assert "93 of 212 churners" in right.message and "96 of 1,288 stayers against 22" in right.message
    assert "test customers" in right.message
    assert "smallest change worth detecting" in right.message  # a 'not yet' is settled by a planned test
    assert "fresh customers" in right.message
    wrong = q2.check((0.3, "catches more", "more false alarms", "adopt"))  # high end +6.9 is past the 5-point line
    assert not wrong and "not the call" in wrong.message
    wrong = q2.check((0.3, "catches more", "more false alarms", "keep"))  # a straddle of +5 is not a clear fail
    assert not wrong and "'not yet'" in wrong.message and "straddles" in wrong.message
    assert not q2.check((0.2, "catches more", "more false alarms", "not yet"))  # +11.0 to +14.0 misses the line: keep
    wrong = q2.check((0.6, "not yet", "fewer false alarms", "keep"))  # a clear loss is not 'not yet'
    assert not wrong and "catches fewer" in wrong.message
    wrong = q2.check((0.3, "catches more", "not yet", "not yet"))  # +4.7 to +6.9 lies above zero
    assert not wrong and "straddles zero" in wrong.message
    assert not q2.check((0.5, "not yet", "not yet", "keep"))  # the current threshold itself
    assert not q2.check((1.5, "catches more", "not yet", "keep"))
    assert not q2.check((0.3, "better", "not yet", "keep")).correct
    assert not q2.check((0.3, "catches more", "not yet")).correct  # four parts
    assert "0.2 the model flags 134" in q2.solution().body and "fewer false alarms" in q2.solution().body
    assert q2.check(____).correct is None
    # above the current 0.5 a threshold flags only customers 0.5 already flags (0.7 catches 33 of the 36), so it can
    # never catch more churners: the intervals' 'not yet' (recall -3.0 to +0.9) and 'keep' are both defensible
    kept = q2.check((0.7, "not yet", "not yet", "keep"))
    assert kept and "can never catch more churners" in kept.message and "**keep**" in kept.message
    assert "Both are accepted" in q2.check((0.7, "not yet", "not yet", "not yet")).message
    wrong = q2.check((0.7, "not yet", "not yet", "adopt"))
    assert not wrong and "'keep' or 'not yet'" in wrong.message
    # below it, a straddle can still go either way: 'keep' stays wrong at 0.3 (asserted above)
    assert "Both are accepted" not in q2.check((0.3, "catches more", "more false alarms", "not yet")).message
    assert "can never catch more churners" in q2.solution().body
    # a looser line, set before looking, turns the colleague's 0.3 into an adopt
    _, loose = nb00.bind_accuracy(right=RIGHT, change_at=change_at, current=0.5, max_false_alarm_rise=7.0)
    assert loose.check((0.3, "catches more", "more false alarms", "adopt"))
    assert not loose.check((0.3, "catches more", "more false alarms", "not yet"))


def test_bind_accuracy_rejects_bad_input():
    with pytest.raises(ValueError, match="right"):
        nb00.bind_accuracy(right=[True], change_at=change_at, current=0.5)
    with pytest.raises(TypeError, match="change_at"):
        nb00.bind_accuracy(right=RIGHT, change_at=None, current=0.5)
    with pytest.raises(ValueError, match="current"):
        nb00.bind_accuracy(right=RIGHT, change_at=change_at, current=5)
    with pytest.raises(ValueError, match="max_false_alarm_rise"):
        nb00.bind_accuracy(right=RIGHT, change_at=change_at, current=0.5, max_false_alarm_rise=-1)


# ---------------------------------------------------------------- exercise 3


def alert_value(rate):
    # 10,000 transactions a month; 10 minutes an alert at $40 an hour: each extra 1% of alerts costs 100 alerts,
    # 16.7 hours, $667 a month. Hand-made dollars stopped: worth it at 5%, not yet at 7.5%, not worth it at 25%.
    extra_alerts = 10_000 * (rate - 0.025)
    hours = extra_alerts * 10 / 60
    cost = hours * 40
    stopped = {
        0.05: (8_000, 5_000, 11_000),
        0.075: (3_500, 1_000, 6_500),
        0.1: (20_000, 9_000, 30_000),
        0.2: (30_000, 20_000, 40_000),
        0.25: (9_000, 7_000, 11_000),
    }[round(rate, 3)]
    net = (stopped[0] - cost, stopped[1] - cost, stopped[2] - cost)
    return {
        "extra caught": 20,
        "extra alerts": extra_alerts,
        "extra hours": hours,
        "cost per hour": 40,
        "stopped": stopped,
        "review cost": cost,
        "net": net,
        "recall change": (-20.9, -27.0, -14.8),
    }


def test_q3_prices_the_reviews_and_decides_on_the_net_interval():
    (q3,) = nb00.bind_drift(alert_value=alert_value, alert_rate=0.025, period="months 4-6")
    assert q3.practice == "decision" and "months 4-6" in q3.prompt
    assert "verdict" not in alert_value(0.05)  # the helper gives the interval, not the word
    # hand-worked: at 5%, 250 extra alerts, 41.7 hours, $1,667; net $6,333 ($3,333 to $9,333): worth it
    ok = q3.check((0.05, "worth it"))
    assert ok and "$6,333" in ok.message and "$1,667" in ok.message
    assert q3.check((0.075, "not yet")) and "More months" in q3.check((0.075, "not yet")).message
    assert q3.check((0.25, "not worth it"))
    assert "recovered" not in ok.message and "do not teach" in ok.message
    assert "at 5.0% is then" in ok.message and "at today's 2.5%" in ok.message  # the two sides' alert rates named
    assert "flatters" in ok.message  # several rates tried on the judging months
    wrong = q3.check((0.075, "worth it"))
    assert not wrong and "must sit above zero" in wrong.message
    assert not q3.check((0.025, "not yet"))  # today's rate
    assert not q3.check((2.5, "worth it"))  # a share, not a percentage
    assert q3.check(____).correct is None
    assert "frauds caught per extra alert" in q3.solution().body
    with pytest.raises(TypeError, match="alert_value"):
        nb00.bind_drift(alert_value=None, alert_rate=0.025)
    with pytest.raises(TypeError, match="period"):
        nb00.bind_drift(alert_value=alert_value, alert_rate=0.025, period="")


# ---------------------------------------------------------------- exercises 6 (segment) and 5 (label wait)


def test_segment_verdict_matches_an_independent_wilson_interval():
    for churners, customers in [(35, 458), (75, 454), (24, 342), (78, 246), (60, 150)]:
        rate, low, high, word = nb00.segment_verdict(churners, customers, LINE)
        lo, hi = proportion_confint(churners, customers, alpha=0.10, method="wilson")
        assert rate == pytest.approx(churners / customers)
        assert (low, high) == pytest.approx((lo, hi), abs=1e-9)
        assert word == ("qualifies" if lo >= LINE else "does not qualify" if hi < LINE else "not yet")
    # hand-worked: 78/246 = 31.7%, 90% Wilson 27.0% to 36.8%, straddles 28.3%; 60/150 = 40%, 33.7% to 46.7%, above
    assert nb00.segment_verdict(78, 246, LINE)[3] == "not yet"
    assert nb00.segment_verdict(60, 150, LINE)[3] == "qualifies"
    assert nb00.segment_verdict(35, 458, LINE)[3] == "does not qualify"


# (training, held-out) counts per k: with 4 segments segment 4 is top on training and straddles the line held
# out; with 5, segment 3 is top on training (and qualifies), while segment 4 looks best only on the held-out ones
WORLD = {
    4: (
        {1: (80, 1070), 2: (170, 1060), 3: (50, 800), 4: (160, 570)},
        {1: (35, 458), 2: (75, 454), 3: (24, 342), 4: (78, 246)},
    ),
    5: (
        {1: (50, 770), 2: (49, 800), 3: (330, 740), 4: (100, 350), 5: (95, 680)},
        {1: (22, 329), 2: (21, 341), 3: (52, 130), 4: (60, 150), 5: (41, 292)},
    ),
}


def _bound(**kw):
    args = dict(segments_at=lambda k: WORLD.get(k, WORLD[4]), n_segments=4, line=LINE)
    return nb00.bind_learning(**{**args, **kw})


def test_q6_segment_chooses_on_training_and_judges_on_held_out():
    (q4,) = _bound(n_segments=5)  # the notebook's own k is 5 here
    assert q4.practice == "decision" and q4.name.startswith("6 ·")
    assert "28.3%" in q4.prompt and "**before**" in q4.prompt
    assert "train_k, held_k, _ = segments_at(k)" in q4.prompt and "train, held" not in q4.prompt  # `train` is kept
    assert "'not yet'" not in q4.prompt and "segment 4" not in q4.prompt  # no verdict of any k on screen
    ok = q4.check((4, 4, "not yet"))
    assert ok and "27.0% to 36.8%" in ok.message and "smallest distance from the line" in ok.message
    assert "168 of 246 customers who stayed" in ok.message  # a rate for a group, not a prediction
    assert "flatters" in ok.message  # warns against trying several k
    copy = q4.check((5, 3, "qualifies"))  # the notebook's own k: a copy
    assert not copy and "notebook's own" in copy.message
    (q4_own4,) = _bound()
    assert q4_own4.check(("5", 3.0, "Qualifies"))  # numbers as text or floats, any case
    held_pick = q4_own4.check((5, 4, "qualifies"))  # best on held-out, not on training
    assert not held_pick and "Choose on the training customers" in held_pick.message
    wrong = q4.check((4, 4, "qualifies"))
    assert not wrong and "whole interval must sit at or above the line" in wrong.message
    assert not q4.check((4, 9, "qualifies")).correct
    assert not q4.check((4, 4, "maybe")).correct
    assert not q4.check((4, "not yet")).correct
    assert not q4.check((1, 1, "qualifies")) and "between 2 and 12" in q4.check((1, 1, "qualifies")).message
    assert not q4.check((4.5, 1, "qualifies")).correct
    body = q4_own4.solution().body
    assert "training" in body and "k = 5" in body and "k = 6" not in body  # one k, fixed first: no sweep
    assert q4.check(____).correct is None


# 20 chargebacks after 2, 4, ..., 40 days and 5 payments without one. By hand: sorted delays x[0..19]; numpy's
# 90th percentile sits at position 0.9 * 19 = 17.1, between x[17] = 36 and x[18] = 38: 36.2 days. The mean is 21,
# the 95th percentile 38.1; 15 of the 20 (75%) arrive within 30 days.
PAY_DAY = pd.Timestamp("2024-01-01")
PAYMENTS = pd.DataFrame(
    {
        "timestamp": [PAY_DAY] * 25,
        "label_available_at": [PAY_DAY + pd.Timedelta(days=d) for d in range(2, 41, 2)] + [pd.NaT] * 5,
    }
)


def _labels(**kw):
    args = dict(payments=PAYMENTS, mature_after_days=30, mean_delay_days=20)
    return nb00.bind_labels(**{**args, **kw})[0]


def test_q5_the_90_percent_wait_by_hand():
    q5 = _labels()
    assert q5.practice == "by-hand" and q5.name.startswith("5 ·") and "90%" in q5.prompt and "36.2" not in q5.prompt
    assert "`LABEL_DELAY_DAYS` = 20" in q5.prompt and "`MATURE_AFTER_DAYS` = 30" in q5.prompt
    ok = q5.check(36.2)
    assert ok and "36 days" in ok.message and "75%" in ok.message  # the cut at 30 days leaves a quarter out
    assert "mean delay of 20 days" in ok.message and "average 21" in ok.message
    assert q5.check(37)  # within a day
    mean = q5.check(21)
    assert not mean and "mean delay" in mean.message and "50%" in mean.message  # 10 of 20 by day 21
    p95 = q5.check(38.1)
    assert not p95 and "95%" in p95.message
    assert not q5.check("soon").correct
    assert q5.check(____).correct is None
    assert "36.2" in q5.solution().body


def test_q5_wait_follows_the_data():
    later = PAYMENTS.assign(label_available_at=PAYMENTS["label_available_at"] + pd.Timedelta(days=10))
    q5 = _labels(payments=later)
    assert not q5.check(36.2) and q5.check(46.2)


def test_bind_labels_rejects_bad_input_naming_the_argument():
    with pytest.raises(ValueError, match="chargebacks"):
        _labels(payments=PAYMENTS.assign(label_available_at=pd.NaT))
    with pytest.raises(ValueError, match="label_available_at"):
        _labels(payments=PAYMENTS[["timestamp"]])
    with pytest.raises(ValueError, match="mature_after_days"):
        _labels(mature_after_days=-1)
    with pytest.raises(ValueError, match="mean_delay_days"):
        _labels(mean_delay_days=0)


def test_bind_learning_rejects_bad_input_naming_the_argument():
    with pytest.raises(TypeError, match="segments_at"):
        _bound(segments_at=WORLD)
    with pytest.raises(ValueError, match="n_segments"):
        _bound(n_segments=1)
    with pytest.raises(ValueError, match="segments_at"):
        _bound(segments_at=lambda k: ({1: (5, 3)}, {1: (5, 3)}))
    with pytest.raises(ValueError, match="segments_at"):
        _bound(segments_at=lambda k: {1: (5, 30)})  # held-out counts only
    with pytest.raises(ValueError, match="line"):
        _bound(line=28.3)


# ---------------------------------------------------------------- exercise 4 (end of section 1)


def _jobs(**kw):
    args = dict(
        accuracy=0.868,
        interval=(0.853, 0.883),
        baseline=0.859,
        gap_interval=(0.1, 1.8),
        weak_cohort="voice-mail plan",
        weak_recall=0.0,
    )
    return nb00.bind_jobs(**{**args, **kw})[0]


def test_q4_is_a_contract_decision_with_the_options_on_screen():
    q6 = _jobs()
    assert q6.name.startswith("4 ·") and q6.practice == "reading"
    assert set(q6.options) == {"a", "b", "c", "d", "e"}
    assert "87%" in q6.options["a"] and "85% to 88%" in q6.options["b"]
    assert "+0.1" not in q6.options["c"] and "voice-mail" not in q6.options["c"]  # no fragile figure contracted
    lengths = [len(v) for v in q6.options.values()]
    assert max(lengths) / min(lengths) < 1.2  # not guessable by length
    assert q6.check("c") and q6.check("e")  # both defensible
    assert "+0.1 to +1.8" in q6.check("e").message and "voice-mail plan" in q6.check("e").message
    assert not q6.check("a") and "86%" in q6.check("a").message  # nobody churns already scores 86%
    assert not q6.check("b") and "baseline" in q6.check("b").message
    # by hand: 85.9% sits inside 85.3% to 88.3%, so the range b promises is one doing nothing already reaches
    assert "inside that range" in q6.check("b").message and "not the client's customers" in q6.check("b").message
    outside = _jobs(baseline=0.80).check("b").message  # 80.0% lies below 85.3%: not inside
    assert "inside" not in outside and "80.0%" in outside
    assert "Clause b" in q6.solution().body
    assert "88%" in q6.options["d"]  # the top of the interval, promised
    assert not q6.check("d") and "one split" in q6.check("d").message and "optimistic" in q6.check("d").message
    assert q6.check(____).correct is None
    with pytest.raises(ValueError, match="accuracy"):
        _jobs(accuracy=86.8)
    with pytest.raises(TypeError, match="weak_cohort"):
        _jobs(weak_cohort="")
