"""Notebook 10's exercise checkers: defensible answers pass, known wrong answers fail and say why.

Moved here from tests/test_recsys.py when exercises 2 and 5 became decisions on a margin."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from aipm_kit import recsys as rs
from aipm_kit.exercises import ____, nb10


def test_nb10_by_hand_exercises():
    recs = pd.DataFrame({"user_id": [1, 1, 2, 2], "rank": [1, 2, 1, 2], "item_id": [1, 5, 6, 7]})
    short_head = np.array([1, 2])
    # by hand: user 1 has 1 of 2 in the tail, user 2 has 2 of 2 -> mean 0.75
    q1 = nb10.aplt_by_hand(recs=recs, short_head=short_head, n_items=10, aplt=0.75, head_rating_share=0.8)
    assert q1.name.startswith("1 · ") and q1.practice == "by-hand"
    assert q1.check(0.75)
    wrong = q1.check(1 - 2 / 10)
    assert not wrong and "catalogue" in wrong.message
    assert q1.check(____).correct is None
    # position-weighted tail exposure by hand: weights 1 and 1/log2(3) per user; tail holds all but slot 1 of user 1
    w2 = 1 / math.log2(3)
    expected = (w2 + 1 + w2) / (2 + 2 * w2)
    assert rs.tail_exposure_share(recs, short_head) == pytest.approx(expected)
    q4 = nb10.exposure_by_hand(recs=recs, short_head=short_head, expected=expected)
    assert q4.check(expected) and q4.practice == "by-hand" and q4.name.startswith("5 · ")
    plain = q4.check(0.75)
    assert not plain and "unweighted" in plain.message
    by_rank = (0.5 + 1 + 0.5) / 3
    assert not q4.check(by_rank) and "1 / rank" in q4.check(by_rank).message
    assert q4.check(____).correct is None


def _rel(point, low, high):
    return {
        "difference": point / 10,
        "low": low / 10,
        "high": high / 10,
        "relative": point,
        "relative_low": low,
        "relative_high": high,
    }


def test_ship_model_decides_on_the_margin_not_on_reaching_zero():
    intervals = {
        "user-kNN": _rel(-0.004, -0.09, 0.08),  # within the 10% margin
        "item-kNN": _rel(-0.054, -0.15, 0.04),  # reaches 0 and reaches past the margin: not settled
        "popularity": _rel(-0.42, -0.52, -0.30),
    }  # wholly beyond the margin
    cands = ["mf", "user-kNN", "item-kNN", "popularity"]
    q2 = nb10.ship_model(versus_best=intervals.__getitem__, best="mf", candidates=cands, margin=0.10)
    assert q2.practice == "decision"
    # the prompt says how keeping and "not yet" differ, and lists only the other models as switches
    assert "keep it as settled" in q2.prompt and "only while the question stays open" in q2.prompt
    assert "to switch to it" in q2.prompt
    switch_list = q2.prompt.split("a name from ")[1].split(" to switch")[0]
    assert "item-kNN" not in switch_list and "user-kNN" in switch_list and "mf" in switch_list
    # the incumbent is not settled: only "not yet" is defensible; a switch would rest on a point estimate
    wait = q2.check("not yet")
    assert wait and "-15.0% to +4.0%" in wait.message
    # the feedback claims only what was computed: each model against the best, never against the incumbent
    assert "Nothing is shown better" not in wait.message and "shown worse by more than it" in wait.message
    for name in ("mf", "user-kNN"):
        switch = q2.check(name)
        assert not switch and "point estimate" in switch.message and "not yet" in switch.message
        assert "not shown worse than mf by more than the margin" in switch.message
    knn = q2.check("item-kNN")
    assert not knn and "not 'as accurate'" in knn.message
    assert not q2.check("popularity")
    assert q2.check("nonsense").correct is False and q2.check(____).correct is None
    assert "'not yet'" in q2.solution().body
    # the incumbent as accurate within the margin: keep it (a switch to the best is defensible too)
    as_good = {**intervals, "item-kNN": _rel(-0.01, -0.08, 0.06)}
    q2b = nb10.ship_model(versus_best=as_good.__getitem__, best="mf", candidates=cands, margin=0.10)
    assert q2b.check("item-kNN") and q2b.check("mf") and not q2b.check("not yet")
    assert not q2b.check("popularity") and "worse" in q2b.check("popularity").message
    # the incumbent shown worse: switch to the best or a model as accurate as it
    worse = {**intervals, "item-kNN": _rel(-0.3, -0.4, -0.2)}
    q2c = nb10.ship_model(versus_best=worse.__getitem__, best="mf", candidates=cands, margin=0.10)
    assert q2c.check("mf") and q2c.check("user-kNN") and not q2c.check("item-kNN") and not q2c.check("not yet")
    with pytest.raises(ValueError, match="margin"):
        nb10.ship_model(versus_best=intervals.__getitem__, best="mf", candidates=cands, margin=10)
    with pytest.raises(ValueError, match="incumbent"):
        nb10.ship_model(versus_best=intervals.__getitem__, best="mf", candidates=["mf"], margin=0.1)


def _slots_evidence(half_width):
    """Hand-made tail-slot evidence: cost grows 4 points a slot, interval +/- ``half_width``; exposure 0.6% plus
    6.5 points a slot."""

    def evidence(slots):
        return {
            "relative": -0.04 * slots,
            "relative_low": -0.04 * slots - half_width,
            "relative_high": -0.04 * slots + half_width,
            "tail_exposure": 0.006 + 0.065 * slots,
        }

    return evidence


def test_tail_slots_need_the_goal_and_not_a_broken_budget():
    # cost grows 4 points a slot, interval +/- 2 points; exposure 6.5 points a slot; budget 10%, goal 10%
    q5 = nb10.tail_slots_for_budget(evidence=_slots_evidence(0.02), budget=0.10, floor=0.10, max_slots=5)
    assert q5.practice == "decision" and q5.name.startswith("4 · ")
    low = q5.check(1)  # within the budget but 7.1% exposure: misses the goal
    assert not low and "goal" in low.message and low.message.startswith("1 slot gives the tail")
    assert q5.check(2)  # -10% to -6%, 13.6% exposure: within, reaches the goal
    three = q5.check(3)  # -14% to -10%: straddles the line, not settled
    assert three and "not settled" in three.message and "2 slots also qualify" in three.message
    over = q5.check(4)  # -18% to -14%: wholly beyond the budget
    assert not over and "beyond" in over.message
    assert not q5.check(0)
    assert q5.check(7).correct is False and q5.check(____).correct is None
    assert "2, 3; the fewest that pass both lines on the interval, 2, costs least" in q5.solution().body
    # 2 passes both lines on its interval, so "not yet" leaves a settled count on the table
    settled_here = q5.check("not yet")
    assert not settled_here and "2 slots reach the goal with the whole interval within" in settled_here.message

    # no count passes both lines: 1 is within the budget but misses the goal, 2 and 3 straddle the budget
    # line (-11% to -5%, -15% to -9%), 4 and 5 are wholly beyond it (-19% to -13%, -23% to -17%)
    q4 = nb10.tail_slots_for_budget(evidence=_slots_evidence(0.03), budget=0.10, floor=0.10, max_slots=5)
    not_yet = q4.check(" Not yet")
    assert not_yet and "settled within the 10% budget: 1;" in not_yet.message
    assert "passing both on the interval: none" in not_yet.message and "fewest open count (2)" in not_yet.message
    assert "cost still open" in not_yet.message and "settle its cost" not in not_yet.message
    assert q4.check("none settles")
    assert q4.check(2) and "not settled" in q4.check(2).message  # the open count carried into a test
    assert not q4.check(1) and not q4.check(4)
    zero = q4.check(0)
    assert not zero and '"not yet"' in zero.message
    assert q4.check("maybe").correct is False
    assert (
        '"not yet"' in q4.solution().body
        and "the fewest, 2, is the count to carry forward, its cost still open" in q4.solution().body
    )
    assert '"not yet"' in q4.prompt
    # when no count reaches the goal without breaking the budget, 0 is the defensible answer
    q5b = nb10.tail_slots_for_budget(
        evidence=lambda s: {"relative": -0.3, "relative_low": -0.4, "relative_high": -0.2, "tail_exposure": 0.2},
        budget=0.10,
        floor=0.10,
        max_slots=3,
    )
    assert q5b.check(0) and not q5b.check(1)


def test_nb10_reading_and_discussion_exercises():
    key = {"Box A": "genre content", "Box B": "popularity", "Box C": "item-kNN"}
    q3 = nb10.name_boxes(box_key=key)
    res = q3.check(key)
    assert res and "Box B is popularity" in res.message
    bad = q3.check({"Box A": "popularity", "Box B": "genre content", "Box C": "item-kNN"})
    assert not bad and "2 of 3" in bad.message
    # a wrong answer says which boxes are misnamed, never what they are
    assert "Box A is genre content" not in bad.message and "Box B is popularity" not in bad.message
    assert q3.check({"Box A": "popularity"}).correct is False
    # the feedback names only what the box table shows (no accuracy is computed for the boxes)
    assert "accuracy" not in res.message and "newcomer gets the genre" not in res.message


def test_name_boxes_reads_its_key_from_the_boxes_not_from_the_notebook():
    from types import SimpleNamespace

    # hand-made: three stand-in models and boxes that wrap them in a known, shuffled order
    pop, knn, genre = object(), object(), object()
    models = {"popularity": pop, "item-kNN": knn, "genre content": genre}
    boxes = {
        "Box A": SimpleNamespace(_model=genre),
        "Box B": SimpleNamespace(_model=pop),
        "Box C": SimpleNamespace(_model=knn),
    }
    assert nb10.box_mechanisms(boxes, models) == {"Box A": "genre content", "Box B": "popularity", "Box C": "item-kNN"}
    q3 = nb10.name_boxes(boxes=boxes, models=models)
    assert q3.check({"Box A": "genre content", "Box B": "popularity", "Box C": "item-kNN"})
    assert not q3.check({"Box A": "popularity", "Box B": "genre content", "Box C": "item-kNN"})
    assert q3.check(____).correct is None
    # the prompt lists the names, never which box holds which
    assert "Box A" in q3.prompt and "genre content" in q3.prompt and "Box A is" not in q3.prompt
    # a box wrapping none of the models is an error, not a silent key
    with pytest.raises(ValueError):
        nb10.box_mechanisms({"Box D": SimpleNamespace(_model=object())}, models)
    with pytest.raises(TypeError):
        nb10.name_boxes(boxes=boxes)


def test_name_boxes_says_why_a_name_is_wrong_from_the_box_numbers():
    import pandas as pd

    key = {"Box A": "genre content", "Box B": "popularity", "Box C": "item-kNN"}
    # hand-made table: B has the lowest personalisation, A the lowest genre diversity
    table = pd.DataFrame(
        {"personalisation": [0.93, 0.56, 0.90], "diversity": [0.11, 0.71, 0.69]}, index=["Box A", "Box B", "Box C"]
    )
    q3 = nb10.name_boxes(box_key=key, box_audits=table)
    assert q3.check(key)
    # A called popularity: its personalisation (0.93) is not the lowest; B's 0.56 is
    bad = q3.check({"Box A": "popularity", "Box B": "genre content", "Box C": "item-kNN"})
    assert not bad and "2 of 3" in bad.message
    assert "Box A's is 0.93, and Box B's 0.56 is lower" in bad.message
    # B called genre content: its diversity (0.71) is not the lowest; A's 0.11 is
    assert "Box B's is 0.71, and Box A's 0.11 is lower" in bad.message
    # a box with the lowest personalisation called item-kNN is told so, with its number
    swap = q3.check({"Box A": "genre content", "Box B": "item-kNN", "Box C": "popularity"})
    assert "Box B has the lowest personalisation of the boxes (0.56)" in swap.message
    assert "Box C's is 0.90, and Box B's 0.56 is lower" in swap.message
    # the message never states a box's mechanism
    assert "Box B is popularity" not in bad.message and "Box A is genre content" not in swap.message


def test_online_scenario_gives_the_half_widths_asked_for():
    # worked by hand: primary centred on a 1-point rise, +-0.7; guardrail centred at -3 + 1.4 / 2 = -2.3, +-1.4
    primary, guard = nb10.online_scenario(primary_half=0.7, guard_half=1.4, min_effect_points=1, guard_margin_points=3)
    assert primary == pytest.approx((0.3, 1.7)) and guard == pytest.approx((-3.7, -0.9))


def test_read_online_result_decides_each_line_on_its_whole_interval():
    # guardrail straddles its -3 point line: neither ship nor stop
    q6 = nb10.read_online_result(primary=(0.3, 1.9), guardrail=(-3.6, 0.4), guard_margin_points=3)
    assert q6.practice == "decision" and q6.name.startswith("6 · ") and set(q6.options) == {"ship", "stop", "not yet"}
    assert q6.check("not yet") and not q6.check("ship") and not q6.check("stop")
    assert "whole interval" in q6.check("ship").message
    assert q6.check(____).correct is None
    # both lines hold: ship; the guardrail wholly below its line: stop, whatever the primary says
    assert nb10.read_online_result(primary=(0.3, 1.9), guardrail=(-2.5, 0.4), guard_margin_points=3).check("ship")
    assert nb10.read_online_result(primary=(0.3, 1.9), guardrail=(-5.0, -3.2), guard_margin_points=3).check("stop")
    # the primary reaching 0 is not a ship either
    assert nb10.read_online_result(primary=(-0.2, 1.9), guardrail=(-1.0, 0.4), guard_margin_points=3).check("not yet")
    # the primary can fail too: its whole interval at or below 0 stops the test, even with a safe guardrail
    flat = nb10.read_online_result(primary=(-1.1, 0.0), guardrail=(-1.0, 0.4), guard_margin_points=3)
    assert flat.check("stop") and not flat.check("not yet") and not flat.check("ship")
    assert nb10.read_online_result(primary=(-1.1, 0.1), guardrail=(-1.0, 0.4), guard_margin_points=3).check("not yet")
    # the prompt defines each line as the plan does
    assert "fix minus filler" in q6.prompt and "fix minus control" in q6.prompt
    assert "A scenario" in q6.prompt and "ran as planned" not in q6.prompt  # not a forecast of the plan
    # no option gives the answer away by its length
    lengths = [len(t) for t in q6.options.values()]
    assert max(lengths) - min(lengths) < 15
