"""Notebook 00's exercises 4 and 5 (supervised against unsupervised learning), checked against an
independent Wilson interval (statsmodels) and hand-worked cases."""

from __future__ import annotations

import pytest
from statsmodels.stats.proportion import proportion_confint

from aipm_kit.exercises import ____, nb00

# four segments of held-out customers: (churners, customers); the line is 2 x 14.1%
SEGMENTS = {1: (35, 458), 2: (75, 454), 3: (24, 342), 4: (78, 246), 5: (60, 150)}
LINE = 0.283


def test_segment_verdict_matches_an_independent_wilson_interval():
    for churners, customers in SEGMENTS.values():
        rate, low, high, word = nb00.segment_verdict(churners, customers, LINE)
        lo, hi = proportion_confint(churners, customers, alpha=0.10, method="wilson")
        assert rate == pytest.approx(churners / customers)
        assert (low, high) == pytest.approx((lo, hi), abs=1e-9)
        expected = "qualifies" if lo >= LINE else "does not qualify" if hi < LINE else "cannot tell"
        assert word == expected
    # hand-worked: 78/246 = 31.7%, 90% Wilson 27.0% to 36.8%, straddles 28.3%; 60/150 = 40%, 33.7% to 46.7%, above
    assert nb00.segment_verdict(78, 246, LINE)[3] == "cannot tell"
    assert nb00.segment_verdict(60, 150, LINE)[3] == "qualifies"
    assert nb00.segment_verdict(35, 458, LINE)[3] == "does not qualify"


# segments_at(k) for a hand-made world: with 4 segments the top one straddles the line; with 5 one clears it
WORLD = {4: {1: (35, 458), 2: (75, 454), 3: (24, 342), 4: (78, 246)},
         5: {1: (22, 329), 2: (21, 341), 3: (52, 316), 4: (60, 150), 5: (41, 292)}}


def _bound(**kw):
    args = dict(segments_at=lambda k: WORLD[k], n_segments=4, line=LINE, label_delay_days=30.0)
    return nb00.bind_learning(**{**args, **kw})


def test_q4_accepts_every_segment_with_its_own_verdict_and_says_why_not():
    q4, _ = _bound()
    assert q4.practice == "decision" and q4.name.startswith("4 ·")
    assert "28.3%" in q4.prompt and "With 4 segments, none of them clear it" in q4.prompt
    assert q4.check((4, 4, "cannot tell")) and q4.check((5, 4, "qualifies")) and q4.check((4, 1, "does not qualify"))
    assert q4.check(("5", 4.0, "Qualifies"))                      # numbers as text or floats, any case
    assert "flatters" in q4.check((5, 4, "qualifies")).message     # chosen after trying several k
    assert "flatters" not in q4.check((4, 4, "cannot tell")).message
    wrong = q4.check((4, 4, "qualifies"))
    assert not wrong and "whole interval must sit at or above the line" in wrong.message
    assert "27.0% to 36.8%" in wrong.message
    assert "168 of 246 customers who stayed" in q4.check((4, 4, "cannot tell")).message  # not a prediction
    assert not q4.check((4, 9, "qualifies")) and "one of [1, 2, 3, 4]" in q4.check((4, 9, "qualifies")).message
    assert not q4.check((4, 4, "maybe"))
    assert not q4.check((4, "cannot tell"))                        # k is part of the answer
    assert not q4.check((1, 1, "qualifies")) and "between 2 and 12" in q4.check((1, 1, "qualifies")).message
    assert not q4.check((4.5, 1, "qualifies"))
    assert q4.check(____).correct is None


def test_q4_prompt_counts_the_segments_that_clear_the_line_now():
    q4, _ = _bound(segments_at=lambda k: WORLD[5], n_segments=5)
    assert "With 5 segments, one of them clears it" in q4.prompt


GOOD = {"a": ("supervised", 30), "b": ("unsupervised", 0), "c": ("supervised", 45), "d": ("rule", 0),
        "e": ("unsupervised", None)}


def test_q5_accepts_defensible_kinds_and_waits():
    _, q5 = _bound()
    assert q5.practice == "decision"
    assert q5.check(GOOD)
    assert q5.check({**GOOD, "b": ("rule", 0)})                   # a hand-made grouping is defensible
    assert q5.check({**GOOD, "a": ("Supervised", 90)})            # waiting longer than the horizon is fine
    short = q5.check({**GOOD, "a": ("supervised", 7)})
    assert not short and "30-day horizon" in short.message
    early = q5.check({**GOOD, "c": ("supervised", 10)})
    assert not early and "30 days after the payment on average" in early.message
    assert not q5.check({**GOOD, "e": ("supervised", 30)})         # nobody has labelled the new pattern
    assert not q5.check({**GOOD, "d": ("rule", 5)})                # a rule waits for no label
    missing = q5.check({k: v for k, v in GOOD.items() if k != "c"})
    assert not missing and "'c'" in missing.message
    assert not q5.check(["supervised"] * 5)
    assert q5.check(____).correct is None
    assert "(a) supervised" in q5.solution().body


def test_q5_waits_follow_the_notebook_parameters():
    _, q5 = _bound(label_delay_days=45.0, horizon_days=90)
    assert not q5.check(GOOD)                                      # 30 days is now too short for a and c
    assert q5.check({**GOOD, "a": ("supervised", 90), "c": ("supervised", 45)})


def test_bind_learning_rejects_bad_input_naming_the_argument():
    with pytest.raises(TypeError, match="segments_at"):
        _bound(segments_at=WORLD)
    with pytest.raises(ValueError, match="n_segments"):
        _bound(n_segments=1)
    with pytest.raises(ValueError, match="segments_at"):
        _bound(segments_at=lambda k: {1: (5, 3)})
    with pytest.raises(ValueError, match="line"):
        _bound(line=28.3)
    with pytest.raises(ValueError, match="label_delay_days"):
        _bound(label_delay_days=0)
    with pytest.raises(ValueError, match="horizon_days"):
        _bound(horizon_days=0)


def test_the_jobs_exercise_is_number_six():
    (q6,) = nb00.bind_jobs(accuracy=0.868)
    assert q6.name.startswith("6 ·")
