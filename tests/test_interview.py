"""aipm_kit.interview: the review data, slice metrics, red-flag checking and team-maturity scoring."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from aipm_kit import interview as I

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def reviews():
    return I.load_reviews()


@pytest.fixture(scope="module")
def predictions(reviews):
    return I.sentiment_predictions(reviews, seed=0)


# --------------------------------------------------------------------------- the data


def test_reviews_datasheet_facts(reviews):
    assert len(reviews) == 400
    assert reviews["review_id"].is_unique and reviews["text"].is_unique
    assert set(reviews["sentiment"]) == {"positive", "negative"}
    sarcastic = reviews[reviews["sarcastic"]]
    assert 30 <= len(sarcastic) <= 60
    assert (sarcastic["sentiment"] == "negative").all(), "sarcastic reviews are complaints"
    assert reviews["text"].str.split().str.len().between(3, 60).all()
    assert reviews["product"].nunique() >= 10


def test_reviews_file_is_what_the_generator_writes():
    spec = importlib.util.spec_from_file_location("make_reviews", REPO / "datasets" / "make_reviews.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shipped = [json.loads(line) for line in (REPO / "datasets" / "product_reviews_sarcasm.jsonl").open()]
    assert module.make_reviews() == shipped


def test_sarcasm_reads_positive_on_the_surface(reviews):
    # The warm words a bag-of-words model keys on appear in sarcastic and positive reviews alike.
    warm = r"\b(?:love|great|amazing|fantastic|wonderful|brilliant|perfect|excellent)\b"
    share = reviews["text"].str.lower().str.contains(warm)
    assert share[reviews["sarcastic"]].mean() > 0.8
    assert share[reviews["sentiment"] == "positive"].mean() > 0.4


# --------------------------------------------------------------------------- the sarcasm case


def test_model_is_accurate_overall_and_misses_sarcasm(predictions):
    y, p = predictions["is_negative"], predictions["pred_negative"]
    sarc = predictions["sarcastic"]
    assert (y == p).mean() > 0.88
    recall_sarc = p[sarc & y].mean()
    recall_plain = p[~sarc & y].mean()
    assert recall_plain > 0.9
    assert recall_sarc < 0.5 * recall_plain


def test_metrics_by_slice_matches_scikit_learn(predictions):
    from sklearn.metrics import accuracy_score, precision_score, recall_score

    slices = np.where(predictions["sarcastic"], "sarcastic", "plain")
    table = I.metrics_by_slice(predictions["is_negative"], predictions["pred_negative"], slices)
    for name in ("plain", "sarcastic"):
        m = slices == name
        yt, yp = predictions["is_negative"][m], predictions["pred_negative"][m]
        assert table.loc[name, "recall"] == pytest.approx(recall_score(yt, yp))
        assert table.loc[name, "accuracy"] == pytest.approx(accuracy_score(yt, yp))
        assert table.loc[name, "precision"] == pytest.approx(precision_score(yt, yp, zero_division=np.nan),
                                                             nan_ok=True)
    assert table.loc["overall", "n"] == len(predictions)
    with pytest.raises(ValueError, match="lengths"):
        I.metrics_by_slice([1, 0], [1, 0, 1], ["a", "b", "c"])
    with pytest.raises(ValueError, match="y_pred"):
        I.metrics_by_slice([1, 0], [1, 2], ["a", "b"])


def test_more_sarcastic_labels_help(reviews):
    few = I.sentiment_predictions(reviews, seed=0, sarcastic_train_fraction=0.0)
    allof = I.sentiment_predictions(reviews, seed=0, sarcastic_train_fraction=1.0)
    s = reviews["sarcastic"]
    assert few["pred_negative"][s].mean() < allof["pred_negative"][s].mean()
    with pytest.raises(ValueError, match="sarcastic_train_fraction"):
        I.sentiment_predictions(reviews, sarcastic_train_fraction=1.5)


def test_sarcasm_options_table(reviews, predictions):
    det = I.sentiment_predictions(reviews, seed=0, target="sarcastic")
    table = I.sarcasm_options(predictions, p_sarcastic=det["p_sarcastic"], more_labels_recall=0.8,
                              reviews_per_month=10_000, missed_complaint_cost=10, review_cost=1.0)
    assert list(table.index) == ["accept the risk", "human review route", "sarcasm detector", "more labels"]
    accept = table.loc["accept the risk"]
    y, sarc = predictions["is_negative"], predictions["sarcastic"]
    assert accept["sarcasm recall"] == pytest.approx(predictions["pred_negative"][sarc].mean())
    missed = 10_000 * y.mean() * (1 - predictions["pred_negative"][y].mean())
    assert accept["missed complaints per month"] == pytest.approx(missed)
    assert accept["cost of misses ($/month)"] == pytest.approx(10 * missed)
    # a person reads sarcasm correctly, so routing can only raise recall
    assert table.loc["human review route", "sarcasm recall"] >= accept["sarcasm recall"]
    assert table.loc["more labels", "sarcasm recall"] == pytest.approx(0.8)
    assert (table["cost of misses ($/month)"] <= accept["cost of misses ($/month)"] + 1e-9).all()
    with pytest.raises(ValueError, match="review_cost"):
        I.sarcasm_options(predictions, review_cost=-1)


# --------------------------------------------------------------------------- red flags


def report(**changes):
    base = dict(title="t", model="m", metrics={"precision": 0.9, "recall": 0.6},
                validation_data="month 3", production_data="month 4", validation_base_rate=0.02,
                production_base_rate=0.021, rollback_rule="roll back if precision < 80%",
                segments={"a": (0.62, 50), "b": (0.55, 40)}, overall_recall=0.6)
    base.update(changes)
    return I.ModelReport(**base)


def test_a_sound_report_has_no_flags():
    assert I.find_red_flags(report()) == frozenset()


@pytest.mark.parametrize("changes, flag", [
    (dict(metrics={"accuracy": 0.98}), "single_metric"),
    (dict(production_base_rate=0.035), "mismatched_validation"),
    (dict(rollback_rule=None), "no_rollback"),
    (dict(segments={"a": (0.62, 50), "b": (0.2, 40)}), "collapsed_segment"),
])
def test_each_red_flag_alone(changes, flag):
    assert I.find_red_flags(report(**changes)) == {flag}


def test_small_segments_do_not_count_as_collapsed():
    assert I.find_red_flags(report(segments={"tiny": (0.0, 3)})) == frozenset()


def test_check_red_flags_explains_misses_and_false_alarms():
    r = report(metrics={"accuracy": 0.98}, rollback_rule="")
    ok, msg = I.check_red_flags(r, ["single_metric", "no_rollback"])
    assert ok
    ok, msg = I.check_red_flags(r, "single_metric, collapsed_segment")
    assert not ok and "no_rollback" in msg and "collapsed_segment" in msg
    with pytest.raises(ValueError, match="unknown red flag"):
        I.check_red_flags(r, ["bad_vibes"])


def test_generated_reports_contain_exactly_their_planted_flags(reviews, predictions):
    reports = I.make_model_reports(seed=3, n_transactions=15_000, reviews=reviews, sentiment=predictions)
    assert len(reports) == 4
    for r in reports:
        assert I.find_red_flags(r) == r.planted, r.render()
    planted = set().union(*(r.planted for r in reports))
    assert planted == set(I.RED_FLAGS)
    b, d = reports[1], reports[3]
    # B's rule pools four weeks at a line set from the noise; D's reads two days of a few alerts each
    assert b.rollback_false_alarm < I.NOISY_ROLLBACK_CHANCE < d.rollback_false_alarm
    assert "noisy_rollback" in d.planted and "noisy_rollback" not in b.planted


def test_a_daily_rollback_rule_on_a_few_alerts_is_noise():
    from scipy.stats import binom

    # 3 alerts a day at a true precision of 90%, roll back when a day is below 72% two days running
    r = report(rollback_check=(0.72, 3, 2, 0.9, 30))
    day = binom.cdf(2, 3, 0.9)                      # 2 or fewer right of 3 is below 72%
    assert r.rollback_false_alarm == pytest.approx(1 - (1 - day ** 2) ** 29)
    assert I.find_red_flags(r) == {"noisy_rollback"}
    # the same line over four weeks of 150 alerts, checked weekly, is quiet
    quiet = report(rollback_check=(0.72, 150, 1, 0.9, 4))
    assert quiet.rollback_false_alarm == pytest.approx(1 - (1 - binom.cdf(107, 150, 0.9)) ** 4)
    assert I.find_red_flags(quiet) == frozenset()


# --------------------------------------------------------------------------- team maturity


def answers(green: bool, red: bool):
    return {s.key: (green if s.kind == "green" else red) for s in I.MATURITY_STATEMENTS}


def test_maturity_extremes():
    best = I.score_team_maturity(answers(True, False), experiments_started=10, experiments_shipped=3)
    worst = I.score_team_maturity(answers(False, True), experiments_started=10, experiments_shipped=0)
    assert best.score == 100 and best.level == "leading"
    assert worst.score == 0 and worst.level == "ad hoc"
    assert len(worst.advice) >= 3


def test_maturity_by_hand():
    a = answers(True, False)
    a["rollback_rule"] = False          # green, weight 1.5, missing
    a["accuracy_only"] = True           # red, weight 1.5, present
    total = sum(s.weight for s in I.MATURITY_STATEMENTS)
    s = I.score_team_maturity(a)
    assert s.score == pytest.approx(round(100 * (total - 3) / total, 1))
    assert "accuracy_only" in s.red_flags and "rollback_rule" not in s.green_flags
    assert s.advice[0].startswith(("Stop: ", "Start: "))
    # 5% of experiments shipped: half a point of the two available
    s2 = I.score_team_maturity(a, experiments_started=20, experiments_shipped=3)   # 15%
    assert I.production_share_points(0.15) == pytest.approx(0.5)
    assert s2.score == pytest.approx(round(100 * (total - 3 + 1.0) / (total + 2), 1))
    assert I.production_share_points(0.8) == pytest.approx(0.0)
    assert I.production_share_points(0.35) == 1.0


def test_maturity_rejects_bad_input():
    a = answers(True, False)
    with pytest.raises(ValueError, match="missing"):
        I.score_team_maturity({k: v for k, v in a.items() if k != "time_split"})
    with pytest.raises(TypeError, match="True or False"):
        I.score_team_maturity({**a, "time_split": "yes"})
    with pytest.raises(ValueError, match="experiments_shipped"):
        I.score_team_maturity(a, experiments_started=5, experiments_shipped=6)
    with pytest.raises(ValueError, match="neither"):
        I.score_team_maturity(a, experiments_started=5)


# --------------------------------------------------------------------------- the notebook's exercises


def test_nb06_exercises_check_against_the_data():
    from aipm_kit.exercises import ____, nb06

    table = I.metrics_by_slice([1, 1, 1, 1, 0, 0], [1, 1, 0, 0, 0, 0],
                               ["plain", "plain", "sarcastic", "sarcastic", "plain", "plain"])
    r = report(metrics={"accuracy": 0.98}, rollback_rule=None)
    cost = pd.Series({"accept the risk": 200.0, "human review route": 90.0, "more labels": 150.0})
    maturity = I.score_team_maturity(answers(True, False))
    q1, q2, q3, q4, q5, q6 = nb06.bind(slice_table=table, report=r, options_cost=cost, maturity=maturity,
                                       accuracy=4 / 6)
    assert q1.check(0.0) and not q1.check(table.loc["overall", "recall"])
    assert "all negative reviews" in q1.check(table.loc["overall", "recall"]).message
    assert q2.check(["single_metric", "no_rollback"]) and not q2.check(["single_metric"])
    assert q2.check(["made_up"]).correct is False          # feedback, not a crash
    assert q3.check("human review route") and not q3.check("accept the risk")
    assert "110" in q3.check("accept the risk").message     # how much dearer it is
    assert q4.check(100) and not q4.check(90)
    for q in (q1, q2, q3, q4, q5, q6):
        assert q.check(____).correct is None
        assert q.hint(2) and q.solution()
    assert q5.check("anything").correct is None             # discussion questions carry no check
