"""aipm_kit.fairness against fairlearn and hand-worked cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import MetricFrame, false_positive_rate, selection_rate, true_positive_rate
from fairlearn.metrics import demographic_parity_difference as fl_dpd
from fairlearn.metrics import demographic_parity_ratio as fl_dpr
from fairlearn.metrics import equalized_odds_difference as fl_eod
from fairlearn.metrics import equalized_odds_ratio as fl_eor
from statsmodels.stats.proportion import proportion_confint

from aipm_kit import fairness


def _data(seed, n=4_000, groups=("a", "b", "c", "d")):
    rng = np.random.default_rng(seed)
    g = rng.choice(groups, n, p=np.linspace(1, 2, len(groups)) / np.linspace(1, 2, len(groups)).sum())
    shift = pd.Series(g).map({k: i * 0.05 for i, k in enumerate(groups)}).to_numpy()
    y = rng.random(n) < 0.2 + shift
    pred = rng.random(n) < np.where(y, 0.6, 0.1) + shift
    return y, pred, g


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_by_group_matches_metricframe(seed):
    y, pred, g = _data(seed)
    ours = fairness.by_group(y, pred, sensitive_features=g)
    mf = MetricFrame(
        metrics={"selection_rate": selection_rate, "tpr": true_positive_rate, "fpr": false_positive_rate},
        y_true=y,
        y_pred=pred,
        sensitive_features=g,
    )
    ref = mf.by_group
    for col in ("selection_rate", "tpr", "fpr"):
        np.testing.assert_allclose(ours[col].to_numpy(), ref.loc[ours.index, col].to_numpy(dtype=float), atol=1e-9)
    np.testing.assert_array_equal(ours["count"].to_numpy(), pd.Series(g).value_counts().loc[ours.index].to_numpy())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gap_metrics_match_fairlearn(seed):
    y, pred, g = _data(seed)
    kw = dict(sensitive_features=g)
    assert fairness.demographic_parity_ratio(y, pred, **kw) == pytest.approx(fl_dpr(y, pred, **kw), abs=1e-9)
    assert fairness.demographic_parity_difference(y, pred, **kw) == pytest.approx(fl_dpd(y, pred, **kw), abs=1e-9)
    assert fairness.equalized_odds_difference(y, pred, **kw) == pytest.approx(fl_eod(y, pred, **kw), abs=1e-9)
    assert fairness.equalized_odds_ratio(y, pred, **kw) == pytest.approx(fl_eor(y, pred, **kw), abs=1e-9)


def test_hand_worked_two_groups():
    y = [1, 1, 0, 0, 1, 1, 0, 0]
    p = [1, 0, 0, 0, 1, 1, 1, 0]
    g = ["m", "m", "m", "m", "w", "w", "w", "w"]
    out = fairness.by_group(y, p, sensitive_features=pd.Series(g, name="gender"))
    assert out.index.name == "gender"
    assert out.loc["m", "selection_rate"] == 0.25 and out.loc["w", "selection_rate"] == 0.75
    assert out.loc["m", "tpr"] == 0.5 and out.loc["w", "tpr"] == 1.0
    assert out.loc["m", "fpr"] == 0.0 and out.loc["w", "fpr"] == 0.5
    assert fairness.demographic_parity_ratio(y, p, sensitive_features=g) == pytest.approx(1 / 3)
    assert fairness.equalized_odds_difference(y, p, sensitive_features=g) == pytest.approx(0.5)


def test_by_group_wilson_intervals():
    y, pred, g = _data(4)
    out = fairness.by_group(y, pred, sensitive_features=g, confidence=0.9)
    row = out.iloc[0]
    k = round(row["selection_rate"] * row["count"])
    lo, hi = proportion_confint(k, row["count"], alpha=0.1, method="wilson")
    assert (row["selection_rate_low"], row["selection_rate_high"]) == pytest.approx((lo, hi), abs=1e-9)


def test_categorical_keeps_order_and_refuses_empty_group():
    y, pred, g = [1, 0, 1, 0], [1, 0, 0, 1], pd.Categorical(["b", "b", "a", "a"], categories=["b", "a"])
    assert list(fairness.by_group(y, pred, sensitive_features=g).index) == ["b", "a"]
    empty = pd.Series(pd.Categorical(["b", "b", "a", "a"], categories=["a", "b", "c"]))
    with pytest.raises(ValueError, match=r"group\(s\) \['c'\].*no members"):
        fairness.by_group(y, pred, sensitive_features=empty)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(y_true=[0, 1, 2, 0], y_pred=[0, 1, 1, 0]), "y_true must be binary"),
        (dict(y_true=[0, 1, 1, 0], y_pred=[0, 1, 1]), "different lengths"),
        (dict(y_true=[0, 0, 0, 0], y_pred=[0, 1, 1, 0]), "single class"),
        (dict(y_true=[1, 0, 0, 0], y_pred=[0, 1, 1, 0]), "group 'b' has no actual positives"),
    ],
)
def test_by_group_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        fairness.by_group(sensitive_features=["a", "a", "b", "b"], **kwargs)


def test_bad_sensitive_features():
    with pytest.raises(ValueError, match="different lengths"):
        fairness.by_group([0, 1, 0, 1], [0, 1, 0, 1], sensitive_features=["a", "b", "a"])
    with pytest.raises(ValueError, match="missing value"):
        fairness.by_group([0, 1, 0, 1], [0, 1, 0, 1], sensitive_features=["a", None, "b", "b"])
    with pytest.raises(ValueError, match="single group"):
        fairness.by_group([0, 1, 0, 1], [0, 1, 0, 1], sensitive_features=["a"] * 4)


# ----------------------------------------------------------------------------- four-fifths


def test_four_fifths_hand_worked():
    # approval (0) rates: a 4/4 = 1.0, b 2/4 = 0.5 -> ratio 0.5, fails
    pred = [0, 0, 0, 0, 1, 0, 1, 0]
    g = list("aaaabbbb")
    r = fairness.four_fifths_rule(pred, sensitive_features=g, favourable=0)
    assert r.impact_ratio == pytest.approx(0.5)
    assert not r.passes
    assert r.reference_group == "a" and r.lowest_group == "b"
    assert r.to_frame().loc["b", "below_four_fifths"]
    assert "FAILS" in repr(r)


def test_four_fifths_matches_fairlearn_ratio_on_favourable_outcome():
    y, pred, g = _data(5)
    ours = fairness.four_fifths_rule(pred, sensitive_features=g, favourable=0).impact_ratio
    # fairlearn's demographic_parity_ratio on the favourable outcome is the same quantity
    assert ours == pytest.approx(fl_dpr(y, ~pred, sensitive_features=g), abs=1e-9)
    ours_1 = fairness.four_fifths_rule(pred, sensitive_features=g, favourable=1).impact_ratio
    assert ours_1 == pytest.approx(fl_dpr(y, pred, sensitive_features=g), abs=1e-9)
    assert ours != pytest.approx(ours_1)


def test_four_fifths_requires_explicit_favourable():
    with pytest.raises(TypeError):
        fairness.four_fifths_rule([0, 1], sensitive_features=["a", "b"])
    with pytest.raises(ValueError, match="favourable must be 0 or 1"):
        fairness.four_fifths_rule([0, 1], sensitive_features=["a", "b"], favourable="approve")
    assert fairness.four_fifths_rule([0, 1, 0, 0], sensitive_features=list("aabb"), favourable=False).favourable == 0


# ----------------------------------------------------------------------------- intervals


def test_fairness_intervals_point_estimates_and_seed():
    y, pred, g = _data(6)
    out = fairness.fairness_intervals(y, pred, sensitive_features=g, n_boot=400, seed=3)
    kw = dict(sensitive_features=g)
    assert out.loc["demographic_parity_ratio", "estimate"] == pytest.approx(fl_dpr(y, pred, **kw), abs=1e-9)
    assert out.loc["equalized_odds_difference", "estimate"] == pytest.approx(fl_eod(y, pred, **kw), abs=1e-9)
    assert out.loc["four_fifths_impact_ratio", "estimate"] == pytest.approx(
        fairness.four_fifths_rule(pred, favourable=0, **kw).impact_ratio, abs=1e-9
    )
    assert (out["low"] <= out["high"]).all()
    again = fairness.fairness_intervals(y, pred, sensitive_features=g, n_boot=400, seed=3)
    assert out.equals(again)
    other = fairness.fairness_intervals(y, pred, sensitive_features=g, n_boot=400, seed=4)
    assert not out.equals(other)


def test_small_groups_get_wider_intervals():
    rng = np.random.default_rng(0)

    def width(n_small):
        g = np.array(["big"] * 5_000 + ["small"] * n_small)
        y = rng.random(len(g)) < 0.3
        pred = rng.random(len(g)) < np.where(y, 0.6, 0.1)
        row = fairness.fairness_intervals(y, pred, sensitive_features=g, n_boot=500, seed=1).loc["tpr_difference"]
        return row["high"] - row["low"]

    assert width(100) > 2 * width(2_000)


def test_bootstrap_matches_stratified_row_resampling():
    """The binomial shortcut equals resampling rows within each (group, outcome) cell."""
    y, pred, g = _data(7, n=1_500, groups=("a", "b"))
    fast = fairness.fairness_intervals(y, pred, sensitive_features=g, n_boot=3_000, seed=0)
    rng = np.random.default_rng(11)
    cells = [np.flatnonzero((g == grp) & (y == cls)) for grp in ("a", "b") for cls in (0, 1)]
    assert fast.loc["equalized_odds_difference", "estimate"] == pytest.approx(
        fl_eod(y, pred, sensitive_features=g), abs=1e-9
    )

    def eod(idx):  # written out directly: fairlearn is too slow to call 800 times
        rates = [[pred[idx][(g[idx] == grp) & (y[idx] == cls)].mean() for grp in ("a", "b")] for cls in (0, 1)]
        return max(abs(r[0] - r[1]) for r in rates)

    gaps = []
    for _ in range(800):
        idx = np.concatenate([rng.choice(c, len(c)) for c in cells])
        gaps.append(eod(idx))
    lo, hi = np.quantile(gaps, [0.025, 0.975])
    assert fast.loc["equalized_odds_difference", "low"] == pytest.approx(lo, abs=0.02)
    assert fast.loc["equalized_odds_difference", "high"] == pytest.approx(hi, abs=0.02)


# ----------------------------------------------------------------------------- explanation


def test_explain_decision_on_a_linear_model():
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    X = pd.DataFrame({"debt": rng.normal(0, 1, 500), "noise": rng.normal(0, 1, 500)})
    y = (X["debt"] + 0.1 * rng.normal(0, 1, 500)) > 0.5
    model = LogisticRegression().fit(X, y)
    row = X["debt"].idxmax()
    why = fairness.explain_decision(model, X, row)
    assert why.index[0] == "debt"
    assert why.loc["debt", "pushed_by"] > 0.3
    assert why.attrs["probability"] == pytest.approx(model.predict_proba(X.loc[[row]])[0, 1])
    with pytest.raises(ValueError, match="not in X's index"):
        fairness.explain_decision(model, X, "nobody")


# ----------------------------------------------------------------------------- undefined ratios
# Regression: with nobody selected the ratios are 0/0, yet fairness_intervals reported 0 [0, 0], and
# bootstrap replicates that selected nobody entered the bounds as ratio 0.


def test_intervals_report_an_undefined_ratio_as_nan_with_a_reason():
    y = [1, 0, 1, 0, 1, 0, 1, 0]
    g = list("aaaabbbb")
    with pytest.warns(UserWarning, match="demographic_parity_ratio"):
        out = fairness.fairness_intervals(y, [0] * 8, sensitive_features=g, favourable=1, n_boot=200)
    for metric in ("demographic_parity_ratio", "four_fifths_impact_ratio"):
        assert np.isnan(out.loc[metric, ["estimate", "low", "high"]].to_numpy(dtype=float)).all()
        assert "0/0" in out.attrs["undefined"][metric]
        assert out.attrs["dropped_replicates"][metric] == 200
    # the gaps are defined (every rate is 0): 0 with a [0, 0] interval is right for them
    assert out.loc["demographic_parity_difference", ["estimate", "low", "high"]].tolist() == [0.0, 0.0, 0.0]
    assert "demographic_parity_difference" not in out.attrs["undefined"]
    # favourable=0: everyone gets the favourable outcome, so the impact ratio is 1
    with pytest.warns(UserWarning, match="demographic_parity_ratio"):
        fav0 = fairness.fairness_intervals(y, [0] * 8, sensitive_features=g, favourable=0, n_boot=200)
    assert fav0.loc["four_fifths_impact_ratio", "estimate"] == 1.0
    assert np.isnan(fav0.loc["demographic_parity_ratio", "estimate"])


def test_undefined_replicates_are_dropped_from_the_bounds_and_counted():
    # one selected row per group: many resamples select nobody at all (ratio 0/0)
    y = np.array(([1] * 25 + [0] * 25) * 2)
    g = np.array(["a"] * 50 + ["b"] * 50)
    pred = np.zeros(100, dtype=int)
    pred[[0, 50]] = 1
    n_boot = 4_000
    with pytest.warns(UserWarning, match="dropped"):
        out = fairness.fairness_intervals(y, pred, sensitive_features=g, favourable=1, n_boot=n_boot, seed=2)
    # P(a replicate selects nobody) = P(both selected cells draw 0) = (24/25)^50
    expected = (24 / 25) ** 50
    dropped = out.attrs["dropped_replicates"]["demographic_parity_ratio"]
    assert dropped == pytest.approx(expected * n_boot, abs=4 * np.sqrt(n_boot * expected * (1 - expected)))
    assert out.attrs["dropped_replicates"]["demographic_parity_difference"] == 0
    row = out.loc["demographic_parity_ratio"]
    assert row["estimate"] == 1.0 and not np.isnan(row["low"]) and not np.isnan(row["high"])
    # independent check: resample rows within (group, outcome) cells, drop 0/0 replicates
    rng = np.random.default_rng(0)
    cells = [np.flatnonzero((g == grp) & (y == cls)) for grp in ("a", "b") for cls in (0, 1)]
    ratios = []
    for _ in range(3_000):
        idx = np.concatenate([rng.choice(c, len(c)) for c in cells])
        rates = [pred[idx][g[idx] == grp].mean() for grp in ("a", "b")]
        if max(rates) > 0:
            ratios.append(min(rates) / max(rates))
    lo, hi = np.quantile(ratios, [0.025, 0.975])
    assert row["low"] == pytest.approx(lo, abs=0.02)
    assert row["high"] == pytest.approx(hi, abs=0.02)


def test_ordinary_intervals_drop_nothing_and_say_so():
    y, pred, g = _data(3, n=2_000)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = fairness.fairness_intervals(y, pred, sensitive_features=g, n_boot=300)
    assert out.attrs["undefined"] == {}
    assert set(out.attrs["dropped_replicates"].values()) == {0}
