"""aipm_kit.metrics against scikit-learn, statsmodels and hand-worked cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm
from statsmodels.stats.proportion import proportion_confint

from aipm_kit import metrics


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(3)
    n = 3_000
    y = rng.random(n) < 0.1
    score = np.clip(0.25 * y + rng.beta(2, 5, n), 0, 1)
    return y, score


# ----------------------------------------------------------------------------- confusion


def test_confusion_hand_worked():
    cm = metrics.confusion([1, 1, 0, 0, 1, 0], [1, 0, 0, 1, 1, 0])
    assert (cm.tp, cm.fp, cm.fn, cm.tn) == (2, 1, 1, 2)
    assert cm.precision == pytest.approx(2 / 3)
    assert cm.recall == pytest.approx(2 / 3)
    assert cm.fpr == pytest.approx(1 / 3)
    assert cm.accuracy == pytest.approx(4 / 6)
    assert cm.f1 == pytest.approx(2 / 3)
    frame = cm.to_frame()
    assert frame.loc["actual 1 (fraud)", "predicted 1"] == 2
    assert frame.loc["actual 0 (legitimate)", "rate predicted 1"] == pytest.approx(1 / 3)
    assert "precision=0.667" in repr(cm)


def test_confusion_matches_sklearn(data):
    y, score = data
    pred = score >= 0.4
    cm = metrics.confusion(y, pred)
    np.testing.assert_array_equal(cm.to_array(), skm.confusion_matrix(y, pred, labels=[0, 1]))
    assert cm.precision == pytest.approx(skm.precision_score(y, pred), abs=1e-9)
    assert cm.recall == pytest.approx(skm.recall_score(y, pred), abs=1e-9)
    assert cm.f1 == pytest.approx(skm.f1_score(y, pred), abs=1e-9)
    assert cm.accuracy == pytest.approx(skm.accuracy_score(y, pred), abs=1e-9)


def test_weighted_confusion_matches_sklearn(data):
    y, score = data
    pred = score >= 0.4
    w = np.random.default_rng(1).uniform(0.1, 3, len(y))
    cm = metrics.confusion(y, pred, sample_weight=w)
    np.testing.assert_allclose(cm.to_array(), skm.confusion_matrix(y, pred, sample_weight=w), atol=1e-9)
    assert cm.precision == pytest.approx(skm.precision_score(y, pred, sample_weight=w), abs=1e-9)


def test_zero_division_is_explicit_not_nan():
    cm = metrics.confusion([1, 0, 1], [0, 0, 0])
    assert cm.precision == 0.0
    assert metrics.confusion([1, 0, 1], [0, 0, 0], zero_division=1.0).precision == 1.0


@pytest.mark.parametrize(
    "y_true, y_pred, match",
    [
        ([0, 1, 2], [0, 1, 1], "y_true must be binary"),
        ([0, 1, 1], [0, 1, 0.5], "y_pred must be binary"),
        ([0, 1, 1], [0, 1], "different lengths"),
        ([], [], "empty"),
    ],
)
def test_confusion_bad_input(y_true, y_pred, match):
    with pytest.raises(ValueError, match=match):
        metrics.confusion(y_true, y_pred)


def test_negative_weights_refused():
    with pytest.raises(ValueError, match="sample_weight"):
        metrics.confusion([0, 1], [0, 1], sample_weight=[1, -1])


# ----------------------------------------------------------------------------- intervals


@pytest.mark.parametrize("k, n", [(0, 10), (3, 10), (45, 50), (50, 50), (7, 1_000), (512, 1_024)])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_wilson_matches_statsmodels(k, n, confidence):
    lo, hi = metrics.wilson_interval(k, n, confidence=confidence)
    ref_lo, ref_hi = proportion_confint(k, n, alpha=1 - confidence, method="wilson")
    assert lo == pytest.approx(ref_lo, abs=1e-9)
    assert hi == pytest.approx(ref_hi, abs=1e-9)


def test_wilson_bad_input():
    with pytest.raises(ValueError, match="n must be > 0"):
        metrics.wilson_interval(0, 0)
    with pytest.raises(ValueError, match="cannot exceed"):
        metrics.wilson_interval(5, 4)


def test_classification_report_wilson(data):
    y, score = data
    pred = score >= 0.45
    r = metrics.classification_report(y, pred)
    assert r.precision.value == pytest.approx(skm.precision_score(y, pred), abs=1e-9)
    assert r.recall.value == pytest.approx(skm.recall_score(y, pred), abs=1e-9)
    assert r.f1.value == pytest.approx(skm.f1_score(y, pred), abs=1e-9)
    tp = int((y & pred).sum())
    lo, hi = proportion_confint(tp, int(pred.sum()), alpha=0.05, method="wilson")
    assert (r.precision.low, r.precision.high) == pytest.approx((lo, hi), abs=1e-9)
    lo, hi = proportion_confint(tp, int(y.sum()), alpha=0.05, method="wilson")
    assert (r.recall.low, r.recall.high) == pytest.approx((lo, hi), abs=1e-9)
    assert r.f1.low < r.f1.value < r.f1.high
    assert list(r.to_frame().index) == ["precision", "recall", "f1"]


def test_bootstrap_report_is_seeded_and_covers_point(data):
    y, score = data
    pred = score >= 0.45
    a = metrics.classification_report(y, pred, method="bootstrap", seed=5, n_boot=500)
    b = metrics.classification_report(y, pred, method="bootstrap", seed=5, n_boot=500)
    c = metrics.classification_report(y, pred, method="bootstrap", seed=6, n_boot=500)
    assert a.to_frame().equals(b.to_frame())
    assert not a.to_frame().equals(c.to_frame())
    for m in (a.precision, a.recall, a.f1):
        assert m.low <= m.value <= m.high


def test_bootstrap_matches_row_resampling(data):
    """The multinomial shortcut gives the same distribution as resampling rows."""
    y, score = data
    pred = score >= 0.45
    r = metrics.classification_report(y, pred, method="bootstrap", seed=1, n_boot=4_000)
    rng = np.random.default_rng(99)
    recalls = []
    for _ in range(1_500):
        i = rng.integers(0, len(y), len(y))
        recalls.append((y[i] & pred[i]).sum() / y[i].sum())
    lo, hi = np.quantile(recalls, [0.025, 0.975])
    assert r.recall.low == pytest.approx(lo, abs=0.02)
    assert r.recall.high == pytest.approx(hi, abs=0.02)


def test_report_single_class_refused():
    with pytest.raises(ValueError, match="single class"):
        metrics.classification_report([0, 0, 0], [0, 1, 0])


# ----------------------------------------------------------------------------- sweep


def test_threshold_sweep_matches_sklearn(data):
    y, score = data
    sweep = metrics.threshold_sweep(y, score, thresholds=np.linspace(0, 1, 21))
    for row in sweep.itertuples():
        pred = score >= row.threshold
        assert row.tp == int((y & pred).sum())
        assert row.fp == int((~y & pred).sum())
        assert row.precision == pytest.approx(skm.precision_score(y, pred, zero_division=0), abs=1e-9)
        assert row.recall == pytest.approx(skm.recall_score(y, pred), abs=1e-9)
        assert row.f1 == pytest.approx(skm.f1_score(y, pred, zero_division=0), abs=1e-9)


def test_weighted_threshold_sweep_matches_sklearn(data):
    y, score = data
    w = np.random.default_rng(3).uniform(0.5, 7.0, len(y))
    sweep = metrics.threshold_sweep(y, score, thresholds=np.linspace(0, 1, 21), sample_weight=w)
    for row in sweep.itertuples():
        pred = score >= row.threshold
        tn, fp, fn, tp = skm.confusion_matrix(y, pred, sample_weight=w, labels=[False, True]).ravel()
        assert (row.tp, row.fp, row.fn, row.tn) == pytest.approx((tp, fp, fn, tn), rel=1e-9, abs=1e-9)
        assert row.precision == pytest.approx(skm.precision_score(y, pred, sample_weight=w, zero_division=0))
        assert row.recall == pytest.approx(skm.recall_score(y, pred, sample_weight=w))
    # whole-number weights are the same as repeating rows
    reps = np.arange(1, 4)[np.arange(len(y)) % 3]
    weighted = metrics.business_sweep(y, score, daily_volume=1_000, sample_weight=reps)
    repeated = metrics.business_sweep(np.repeat(y, reps), np.repeat(score, reps), daily_volume=1_000)
    pd.testing.assert_frame_equal(weighted, repeated, check_dtype=False)
    best = metrics.cost_optimal_threshold(y, score, daily_volume=1_000, sample_weight=reps)
    assert (
        best.threshold
        == metrics.cost_optimal_threshold(np.repeat(y, reps), np.repeat(score, reps), daily_volume=1_000).threshold
    )


def test_threshold_sweep_handles_ties_at_threshold():
    sweep = metrics.threshold_sweep([0, 1, 1, 0], [0.5, 0.5, 0.7, 0.2], thresholds=[0.5])
    assert sweep.loc[0, "tp"] == 2 and sweep.loc[0, "fp"] == 1  # >= threshold flags ties


def test_sweep_refuses_nan_and_single_class():
    with pytest.raises(ValueError, match="y_score contains 1 NaN"):
        metrics.threshold_sweep([0, 1, 1], [0.1, np.nan, 0.3])
    with pytest.raises(ValueError, match="single class"):
        metrics.threshold_sweep([1, 1, 1], [0.1, 0.2, 0.3])


def test_flag_top():
    flags = metrics.flag_top([0.2, 0.9, 0.5, 0.1, 0.5], 3)
    assert flags.tolist() == [False, True, True, False, True]
    with pytest.raises(ValueError, match="n_alerts"):
        metrics.flag_top([0.1, 0.2], 3)


# ----------------------------------------------------------------------------- segments


def test_recall_by_segment_hand_worked():
    y = [1, 1, 1, 1, 0, 1]
    p = [1, 0, 1, 1, 1, 0]
    seg = ["big", "big", "small", "small", "small", "small"]
    out = metrics.recall_by_segment(y, p, seg)
    assert out.loc["big", "recall"] == 0.5
    assert out.loc["small", "recall"] == pytest.approx(2 / 3)
    assert out.loc["overall", "recall"] == pytest.approx(3 / 5)
    lo, hi = proportion_confint(2, 3, method="wilson")
    assert (out.loc["small", "low"], out.loc["small", "high"]) == pytest.approx((lo, hi), abs=1e-9)


def test_recall_by_segment_needs_positives():
    with pytest.raises(ValueError, match="segment 'b' has no actual positives"):
        metrics.recall_by_segment([1, 0], [1, 0], ["a", "b"])


def test_high_risk_segment_is_top_quartile():
    mask = metrics.high_risk_segment(np.arange(1, 101))
    assert mask.sum() == 25 and mask[-1] and not mask[0]


def test_reweight_to_production_recovers_production_precision():
    rng = np.random.default_rng(0)
    n = 200_000
    y = rng.random(n) < 0.02
    pred = np.where(y, rng.random(n) < 0.6, rng.random(n) < 0.01)
    production = metrics.confusion(y, pred).precision
    idx = np.concatenate([np.flatnonzero(y), rng.choice(np.flatnonzero(~y), y.sum() * 20, replace=False)])
    w = metrics.reweight_to_production(np.where(y[idx], "f", "l"), {"f": y.mean(), "l": 1 - y.mean()})
    assert metrics.confusion(y[idx], pred[idx]).precision > production + 0.15
    assert metrics.confusion(y[idx], pred[idx], sample_weight=w).precision == pytest.approx(production, abs=0.03)


def test_reweight_bad_input():
    with pytest.raises(ValueError, match="sum to 1"):
        metrics.reweight_to_production(["a", "b"], {"a": 0.5, "b": 0.6})
    with pytest.raises(ValueError, match=r"\['c'\] appear in production_share"):
        metrics.reweight_to_production(["a", "b"], {"a": 0.5, "b": 0.3, "c": 0.2})


# ----------------------------------------------------------------------------- business


def test_business_impact_hand_worked():
    cm = metrics.ConfusionMatrix(tn=9_850, fp=50, fn=40, tp=60)
    b = metrics.business_impact(
        cm, daily_volume=20_000, review_minutes=6, cost_false_alarm=10, loss_per_missed_fraud=300
    )
    assert b.alerts_per_day == 220
    assert b.false_alarms_per_day == 100
    assert b.frauds_caught_per_day == 120 and b.frauds_missed_per_day == 80
    assert b.review_hours_per_week == pytest.approx(220 * 6 / 60 * 7)
    assert b.losses_avoided_per_day == 36_000
    assert b.net_value_per_day == 35_000
    assert b.net_value_per_year == 365 * 35_000
    assert "100 false alarms a day" in b.sentence()
    assert b.to_frame().loc["review_hours_per_week", "value"] == pytest.approx(154)


def test_business_impact_from_arrays_equals_from_cm(data):
    y, score = data
    a = metrics.business_impact(y_true=y, y_pred=score >= 0.5, daily_volume=1_000)
    b = metrics.business_impact(metrics.confusion(y, score >= 0.5), daily_volume=1_000)
    assert a == b


def test_business_impact_bad_input():
    cm = metrics.ConfusionMatrix(1, 1, 1, 1)
    with pytest.raises(ValueError, match="daily_volume must be > 0"):
        metrics.business_impact(cm, daily_volume=0)
    with pytest.raises(ValueError, match="cost_false_alarm must be >= 0"):
        metrics.business_impact(cm, daily_volume=10, cost_false_alarm=-1)
    with pytest.raises(ValueError, match="either"):
        metrics.business_impact(cm, y_true=[0, 1], y_pred=[0, 1], daily_volume=10)
    with pytest.raises(TypeError, match="ConfusionMatrix"):
        metrics.business_impact(np.eye(2), daily_volume=10)


def test_cost_optimal_threshold_is_brute_force_best(data):
    y, score = data
    costs = dict(daily_volume=5_000, review_minutes=4, cost_false_alarm=20, loss_per_missed_fraud=150)
    best = metrics.cost_optimal_threshold(y, score, **costs)
    values = {
        t: metrics.business_impact(y_true=y, y_pred=score >= t, **costs).net_value_per_day
        for t in np.linspace(0, 1, 101)
    }
    assert best.net_value_per_day == pytest.approx(max(values.values()), abs=1e-6)
    assert values[min(values, key=lambda t: abs(t - best.threshold))] == pytest.approx(best.net_value_per_day)


def test_cost_optimal_threshold_respects_capacity(data):
    y, score = data
    costs = dict(daily_volume=5_000, review_minutes=4, cost_false_alarm=5, loss_per_missed_fraud=400)
    free = metrics.cost_optimal_threshold(y, score, **costs)
    capped = metrics.cost_optimal_threshold(y, score, max_review_hours_per_week=free.review_hours_per_week / 3, **costs)
    assert capped.review_hours_per_week <= free.review_hours_per_week / 3
    assert capped.threshold > free.threshold
    assert capped.net_value_per_day <= free.net_value_per_day
    with pytest.raises(ValueError, match="no threshold keeps review"):
        metrics.cost_optimal_threshold(y, score, max_review_hours_per_week=-0.0, thresholds=[0.0], **costs)


def test_business_sweep_columns(data):
    y, score = data
    sweep = metrics.business_sweep(y, score, daily_volume=1_000)
    assert {"false_alarms_per_day", "review_hours_per_week", "net_value_per_day"} <= set(sweep.columns)
    assert sweep["alerts_per_day"].is_monotonic_decreasing
    assert isinstance(sweep, pd.DataFrame)


def test_threshold_figure_renders(data):
    import matplotlib

    matplotlib.use("Agg")
    from aipm_kit import widgets_threshold

    y, score = data
    fig = widgets_threshold.threshold_figure(y, score, 0.5, daily_volume=1_000)
    assert len(fig.axes) == 2
    # the explorer app and its static view: tests/test_liveview.py


# ----------------------------------------------------------------------------- undefined metrics
# Regression: with no predicted positives precision is 0/0, yet the bootstrap report showed
# "precision = 0.000 [0.000, 0.000]"; replicates with no predicted (or actual) positives entered
# the bounds as 0.


def test_precision_with_no_predicted_positives_is_undefined_not_zero():
    y, pred = [1, 0, 1, 0, 1, 0], [0] * 6
    for method in ("bootstrap", "wilson"):
        r = metrics.classification_report(y, pred, method=method, n_boot=200)
        assert np.isnan(r.precision.value) and np.isnan(r.precision.low) and np.isnan(r.precision.high)
        assert "undefined" in r.precision.method and "no predicted positives" in r.precision.method
        assert "precision = undefined" in repr(r)
        # recall and F1 are defined: 0 of 3 frauds caught
        assert r.recall.value == 0.0 and r.f1.value == 0.0
        assert np.isnan(r.to_frame().loc["precision", "value"])
    # sklearn agrees that there is nothing to divide by
    assert np.isnan(skm.precision_score(y, pred, zero_division=np.nan))


def test_bootstrap_drops_undefined_replicates_and_says_how_many():
    # one predicted positive in 60 rows: about (59/60)^60 = 37% of resamples flag nobody
    y = np.array([1] * 6 + [0] * 54)
    pred = np.zeros(60, dtype=int)
    pred[0] = 1
    r = metrics.classification_report(y, pred, method="bootstrap", n_boot=4_000, seed=3)
    assert r.precision.value == 1.0
    # every defined replicate has precision 1 (the only flagged row is a fraud): [1, 1], not [0, 1]
    assert (r.precision.low, r.precision.high) == (1.0, 1.0)
    p_none = (59 / 60) ** 60
    dropped = int(r.precision.method.split("(")[1].split()[0].replace(",", ""))
    assert dropped == pytest.approx(4_000 * p_none, abs=4 * np.sqrt(4_000 * p_none * (1 - p_none)))
    assert "undefined replicates dropped" in r.precision.method
    # recall: resamples without frauds (about (54/60)^60 = 0.2%) are dropped too
    frame = r.to_frame()
    assert list(frame.columns) == ["value", "low", "high", "n", "method"]


def test_ordinary_bootstrap_report_is_unchanged_by_the_dropping(data):
    y, score = data
    r = metrics.classification_report(y, score >= 0.45, method="bootstrap", n_boot=300)
    for m in (r.precision, r.recall, r.f1):
        assert m.method == "bootstrap x300"


# Regression: wilson_interval(1, inf) returned (0, 0); non-integer counts were accepted.
@pytest.mark.parametrize(
    "k, n, error, word",
    [
        (1, float("inf"), ValueError, "n"),
        (float("inf"), float("inf"), ValueError, "successes"),
        (1, float("nan"), ValueError, "n"),
        (float("nan"), 5, ValueError, "successes"),
        (1.5, 3, ValueError, "successes"),
        (1, 3.5, ValueError, "n"),
        ("1", 3, TypeError, "successes"),
        (1, "3", TypeError, "n"),
        (True, 3, TypeError, "successes"),
        pytest.param(1, 10**400, ValueError, "n", id="n-too-large-for-a-float"),
        (-1, 3, ValueError, "successes"),
    ],
)
def test_wilson_refuses_non_finite_and_non_integer_counts(k, n, error, word):
    with pytest.raises(error, match=rf"\b{word}\b"):
        metrics.wilson_interval(k, n)


def test_wilson_accepts_whole_numbers_stored_as_floats():
    assert metrics.wilson_interval(45.0, 50.0) == metrics.wilson_interval(45, 50)
    assert metrics.wilson_interval(np.int64(45), np.float64(50)) == metrics.wilson_interval(45, 50)


def test_threshold_figure_marks_review_capacity_and_speaks_per_day(data):
    import matplotlib

    matplotlib.use("Agg")
    from aipm_kit import widgets_threshold

    y, score = data
    sweep = metrics.business_sweep(y, score, daily_volume=1_000)
    capacity = float(sweep["review_hours_per_week"].median())  # some thresholds exceed it, some do not
    fig = widgets_threshold.threshold_figure(y, score, 0.5, daily_volume=1_000, review_capacity_hours_per_week=capacity)
    left, right = fig.axes
    texts = " ".join(t.get_text() for t in left.texts)
    assert "/day" in texts and "caught," not in texts  # per day, like the business view
    over = sweep["threshold"][sweep["review_hours_per_week"] > capacity].max()
    assert any(abs(line.get_xdata()[0] - over) < 1e-9 for line in right.lines)  # the capacity line
    assert any("review h/week" in t.get_text() for t in right.get_legend().get_texts())


def test_threshold_figure_draws_the_baseline_beside_the_model(data):
    import matplotlib
    import pytest

    matplotlib.use("Agg")
    from aipm_kit import widgets_threshold

    y, score = data
    sweep = metrics.business_sweep(y, score, daily_volume=1_000)
    sweep["baseline_net_value_per_day"] = 0.5 * sweep["net_value_per_day"]  # a made-up baseline: half the model
    fig = widgets_threshold.threshold_figure(
        None, None, 0.5, daily_volume=1_000, sweep=sweep, baseline_label="hand rule, same alerts"
    )
    right = fig.axes[1]
    drawn = next(line for line in right.lines if line.get_label() == "hand rule, same alerts")
    assert np.allclose(drawn.get_ydata(), sweep["baseline_net_value_per_day"].to_numpy() / 1_000)  # in thousands
    with pytest.raises(ValueError, match="baseline_net_value_per_day"):
        widgets_threshold.threshold_figure(y, score, 0.5, daily_volume=1_000, baseline_label="rule")


def test_threshold_figure_counts_review_hours_from_every_scored_transaction():
    """With an audit weight, review load comes from the alerts counted, not from the weighted rows."""
    import matplotlib

    matplotlib.use("Agg")
    from aipm_kit import widgets_threshold

    # hand-worked: 10 scores, 3 at or above 0.7; 3/10 of 1,000 a day = 300 alerts, x 6 min = 30 h/day = 210 h/week
    every = np.array([0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])
    assert widgets_threshold.counted_review_hours(every, [0.7], daily_volume=1_000, review_minutes=6).tolist() == [
        210.0
    ]
    assert widgets_threshold.counted_review_hours(
        every, [0.0, 0.95], daily_volume=1_000, review_minutes=6
    ).tolist() == [700.0, 0.0]
    # the evaluation rows carry heavy weights on legitimate rows: weighted alerts differ from counted ones
    y = np.array([1, 1, 0, 0, 0, 1])
    score = np.array([0.9, 0.8, 0.75, 0.3, 0.2, 0.1])
    weight = np.array([1, 1, 50, 50, 50, 1.0])
    fig = widgets_threshold.threshold_figure(
        y,
        score,
        0.85,
        daily_volume=1_000,
        review_minutes=6,
        sample_weight=weight,
        review_capacity_hours_per_week=300,
        review_scores=every,
    )
    left, right = fig.axes
    # counted: over 300 h/week while more than 4 of 10 scores are flagged, i.e. thresholds up to 0.6
    over = [t for t in np.linspace(0, 1, 101) if (every >= t).sum() / 10 * 1_000 * 6 / 60 * 7 > 300]
    assert any(abs(line.get_xdata()[0] - max(over)) < 1e-9 for line in right.lines)
    # 0.85 flags one score of ten: 100 alerts a day, 70 review hours a week
    assert any("70 review h/week" in t.get_text() for t in right.texts)


def test_threshold_figure_draws_a_supplied_sweep_with_its_intervals_and_cuts_the_value_axis():
    """With y_true and y_score None the sweep is the evidence: its row at the threshold is the point."""
    import matplotlib
    import pandas as pd

    matplotlib.use("Agg")
    from aipm_kit import widgets_threshold

    t = np.array([0.0, 0.5, 1.0])  # hand-made: 100 alerts at 0.5, of which 60 fraud (precision 0.6)
    sweep = pd.DataFrame(
        {
            "threshold": t,
            "alerts": [1_000, 100, 0],
            "precision": [0.1, 0.6, np.nan],
            "recall": [1.0, 0.6, 0.0],
            "precision_low": [0.05, 0.4, np.nan],
            "precision_high": [0.15, 0.8, np.nan],
            "alerts_per_day": [1_000, 100, 0],
            "false_alarms_per_day": [900, 40, 0],
            "frauds_caught_per_day": [100, 60, 0],
            "frauds_missed_per_day": [0, 40, 100],
            "review_hours_per_week": [700, 70, 0],
            "losses_avoided_per_day": [20_000, 15_000, 0],
            "losses_missed_per_day": [0, 5_000, 20_000],
            "false_alarm_cost_per_day": [90_000, 1_000, 0],
            "net_value_per_day": [-70_000, 14_000, 0],
            "net_low": [-80_000, 9_000, 0],
            "net_high": [-60_000, 19_000, 0],
        }
    )
    fig = widgets_threshold.threshold_figure(
        None, None, 0.52, daily_volume=1_000, sweep=sweep, value_floor=-20_000, data_note="simulated"
    )
    left, right = fig.axes
    assert left.get_ylabel().endswith(", simulated") and right.get_ylabel().endswith(", simulated")
    assert "60% of its alerts are fraud (40%-80%)" in left.get_title()
    assert "14,000 a day" in right.get_title() and "9,000 to" in right.get_title()
    assert right.get_ylim()[0] == -20  # thousands of dollars: the -70k at 0 is cut, and the cut is said
    assert any("axis cut" in x.get_text() for x in right.texts)
    assert any("40 false alarms/day" in x.get_text() for x in right.texts)
    with pytest.raises(ValueError):
        widgets_threshold.threshold_figure(None, None, 0.5, daily_volume=1_000)


# --- AUC with DeLong's interval -------------------------------------------------------------------


def test_auc_interval_hand_worked():
    # positives 0.35, 0.8; negatives 0.1, 0.4. Placements: positives beat 1/2 and 2/2 negatives
    # (mean 0.75, variance 0.125); negatives are beaten by 2/2 and 1/2 positives (variance 0.125).
    # Var(AUC) = 0.125/2 + 0.125/2 = 0.125.
    from statistics import NormalDist

    from aipm_kit.metrics import auc_interval

    r = auc_interval([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    half = NormalDist().inv_cdf(0.975) * 0.125**0.5
    assert r.value == pytest.approx(0.75) and r.low == pytest.approx(0.75 - half) and r.high == 1.0
    tied = auc_interval([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9])  # a tie counts half
    from sklearn.metrics import roc_auc_score

    assert tied.value == pytest.approx(roc_auc_score([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]))


def test_auc_interval_agrees_with_sklearn_and_a_bootstrap():
    from sklearn.metrics import roc_auc_score

    from aipm_kit.metrics import auc_interval

    rng = np.random.default_rng(3)
    y = rng.random(3_000) < 0.2
    score = rng.normal(size=3_000) + 0.9 * y
    r = auc_interval(y, score, confidence=0.9)
    assert r.value == pytest.approx(roc_auc_score(y, score), abs=1e-12)
    boots = []
    for _ in range(400):
        i = rng.integers(0, len(y), len(y))
        boots.append(roc_auc_score(y[i], score[i]))
    lo, hi = np.percentile(boots, [5, 95])
    assert r.low == pytest.approx(lo, abs=0.006) and r.high == pytest.approx(hi, abs=0.006)
    assert "DeLong" in repr(r) and r.n == 3_000


def test_auc_interval_refuses_one_class_and_bad_confidence():
    from aipm_kit.metrics import auc_interval

    with pytest.raises(ValueError, match="single class"):
        auc_interval([1, 1, 1], [0.2, 0.5, 0.9])
    with pytest.raises(ValueError, match="confidence"):
        auc_interval([0, 1], [0.2, 0.5], confidence=1.5)


@pytest.mark.parametrize("k, n", [(0, 40), (40, 40), (0, 1), (1, 1), (0, 7), (7, 7)])
def test_wilson_interval_contains_its_estimate_at_the_edges(k, n):
    from statsmodels.stats.proportion import proportion_confint

    from aipm_kit.metrics import wilson_interval

    low, high = wilson_interval(k, n)
    assert low <= k / n <= high
    assert (low == 0.0) if k == 0 else (high == 1.0)
    ref = proportion_confint(k, n, alpha=0.05, method="wilson")
    assert low == pytest.approx(ref[0], abs=1e-12) and high == pytest.approx(ref[1], abs=1e-12)
