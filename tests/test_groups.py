"""aipm_kit.groups (the one by-group engine) against fairlearn's MetricFrame, statsmodels and hand-worked cases.

Also checks that the five by-group tables of the kit are thin uses of it: each one's numbers are the
engine's on the same rows.
"""

from __future__ import annotations

from types import SimpleNamespace as R

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import MetricFrame, false_positive_rate, selection_rate, true_positive_rate
from sklearn.metrics import accuracy_score, precision_score, recall_score
from statsmodels.stats.proportion import proportion_confint

from aipm_kit import fairness, metrics, periods
from aipm_kit.evals import stats
from aipm_kit.groups import RATES, encode_groups, group_metrics, rate
from aipm_kit.interview import metrics_by_slice


def _data(seed, n=2_000, k=4):
    rng = np.random.default_rng(seed)
    g = rng.choice(list("abcdefg")[:k], n)
    y = (rng.random(n) < 0.3).astype(int)
    p = (rng.random(n) < np.where(y == 1, 0.7, 0.2)).astype(int)
    return y, p, g


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_matches_metricframe(seed):
    y, p, g = _data(seed, k=2 + seed)
    funcs = {
        "selection_rate": selection_rate,
        "tpr": true_positive_rate,
        "fpr": false_positive_rate,
        "accuracy": accuracy_score,
        "precision": precision_score,
    }
    mf = MetricFrame(metrics=funcs, y_true=y, y_pred=p, sensitive_features=g)
    ours = group_metrics(y, p, g, metrics={k: RATES[k] for k in funcs})
    ref = mf.by_group.astype(float)
    pd.testing.assert_frame_equal(ours.by_group, ref.loc[ours.by_group.index], check_names=False, atol=1e-12)
    np.testing.assert_allclose(ours.overall.to_numpy(), mf.overall.astype(float).to_numpy(), atol=1e-12)
    np.testing.assert_allclose(ours.difference().to_numpy(), mf.difference().astype(float).to_numpy(), atol=1e-12)
    np.testing.assert_allclose(ours.ratio().to_numpy(), mf.ratio().astype(float).to_numpy(), atol=1e-12)
    # a plain function (no counts) gives the same numbers as its Rate
    plain = group_metrics(y, p, g, metrics={"recall": recall_score})
    np.testing.assert_allclose(plain.by_group["recall"].to_numpy(), ours.by_group["tpr"].to_numpy(), atol=1e-12)
    assert plain.successes.empty and list(ours.sizes) == [int((g == x).sum()) for x in ours.sizes.index]


def test_wilson_intervals_match_statsmodels_and_small_groups_are_flagged():
    y, p, g = _data(5, n=300, k=3)
    m = group_metrics(y, p, g, metrics={"tpr": RATES["tpr"]}, confidence=0.9, min_n=101)
    for grp in m.by_group.index:
        k, n = m.successes.loc[grp, "tpr"], m.denominators.loc[grp, "tpr"]
        lo, hi = proportion_confint(k, n, alpha=0.1, method="wilson")
        assert m.low.loc[grp, "tpr"] == pytest.approx(lo, abs=1e-12)
        assert m.high.loc[grp, "tpr"] == pytest.approx(hi, abs=1e-12)
        assert m.small[grp] == (m.sizes[grp] < 101)
    lo, hi = proportion_confint(int(((y == 1) & (p == 1)).sum()), int(y.sum()), alpha=0.1, method="wilson")
    assert m.overall_counts.loc["tpr", "low"] == pytest.approx(lo, abs=1e-12)
    assert m.overall_counts.loc["tpr", "high"] == pytest.approx(hi, abs=1e-12)


def test_hand_worked_and_edge_cases():
    m = group_metrics(
        [1, 1, 0, 1],
        [1, 0, 0, 1],
        ["b", "b", "a", "a"],
        metrics={"recall": RATES["recall"], "precision": RATES["precision"]},
        confidence=0.95,
    )
    assert list(m.by_group.index) == ["a", "b"]  # sorted labels
    assert m.by_group.loc["b", "recall"] == 0.5 and m.by_group.loc["a", "recall"] == 1.0
    assert m.difference()["recall"] == 0.5 and m.ratio()["recall"] == 0.5
    # 0/0 is NaN, never 0, and gets no interval; a ratio whose largest value is 0 is NaN
    z = group_metrics(
        [0, 0, 1, 1],
        [0, 0, 0, 0],
        ["a", "a", "b", "b"],
        metrics={"recall": RATES["recall"], "precision": RATES["precision"]},
        confidence=0.95,
    )
    assert np.isnan(z.by_group.loc["a", "recall"]) and np.isnan(z.low.loc["a", "recall"])
    assert z.by_group.loc["b", "recall"] == 0.0 and np.isnan(z.ratio()["recall"])
    assert z.by_group["precision"].isna().all() and np.isnan(z.overall["precision"])
    # overlapping and empty groups given as a mapping, in the order given
    o = group_metrics(
        [1, 0, 1], [1, 1, 1], {"x": [0, 1], "y": [1, 2], "none": []}, metrics={"precision": RATES["precision"]}, min_n=2
    )
    assert o.by_group["precision"].tolist()[:2] == [0.5, 0.5] and np.isnan(o.by_group.loc["none", "precision"])
    assert o.sizes.tolist() == [2, 2, 0] and o.small.tolist() == [False, False, True]
    # a boolean mask works as a group; no rows at all gives NaN overall
    assert group_metrics([1, 0], [1, 1], {"m": [True, False]}, metrics={"p": RATES["precision"]}).sizes["m"] == 1
    empty = group_metrics([], [], [], metrics={"accuracy": RATES["accuracy"]})
    assert empty.by_group.empty and np.isnan(empty.overall["accuracy"])
    # a categorical keeps its order and its unused categories (with no rows)
    cat = pd.Series(pd.Categorical(["b", "a"], categories=["b", "a", "c"]), name="who")
    c = group_metrics([1, 0], [1, 0], cat, metrics={"accuracy": RATES["accuracy"]})
    assert list(c.by_group.index) == ["b", "a", "c"] and c.by_group.index.name == "who" and c.sizes["c"] == 0


def test_refuses_bad_groups():
    with pytest.raises(ValueError, match="missing"):
        group_metrics([1, 0], [1, 0], ["a", None], metrics={"a": RATES["accuracy"]})
    with pytest.raises(ValueError, match="lengths"):
        group_metrics([1, 0], [1, 0], ["a"], metrics={"a": RATES["accuracy"]})
    with pytest.raises(ValueError, match="lengths"):
        group_metrics([1, 0], [1], ["a", "b"], metrics={"a": RATES["accuracy"]})
    with pytest.raises(ValueError, match="confidence"):
        group_metrics([1, 0], [1, 0], ["a", "b"], metrics={"a": RATES["accuracy"]}, confidence=1.5)
    with pytest.raises(ValueError, match="1-D"):
        encode_groups(np.zeros((2, 2)), 2)
    with pytest.raises(ValueError, match="one column"):
        encode_groups(pd.DataFrame({"a": [1, 2], "b": [1, 2]}), 2, what="sensitive_features")
    assert rate(lambda t, p: t == 1)(np.array([1, 0, 0, 1]), None) == 0.5


@pytest.mark.parametrize("seed", range(4))
def test_the_five_tables_are_the_engines_numbers(seed):
    y, p, g = _data(seed + 10, n=500, k=3)
    m = group_metrics(y, p, g, metrics={k: RATES[k] for k in RATES}, confidence=0.95)
    f = fairness.by_group(y, p, sensitive_features=g, confidence=0.95)
    for col in ("selection_rate", "tpr", "fpr", "base_rate"):
        assert f[col].tolist() == m.by_group[col].tolist()
    assert f["tpr_low"].tolist() == m.low["tpr"].tolist()
    r = metrics.recall_by_segment(y, p, g)
    assert r["recall"].tolist() == m.by_group["recall"].tolist() + [m.overall["recall"]]
    assert r["low"].tolist()[:-1] == m.low["recall"].tolist()
    s = metrics_by_slice(y, p, g)
    for col in ("accuracy", "recall", "precision"):
        assert s[col].tolist() == [m.overall[col]] + m.by_group[col].tolist()
        ref = {"accuracy": accuracy_score, "recall": recall_score, "precision": precision_score}[col]
        assert s.loc["a", col] == pytest.approx(ref(y[g == "a"], p[g == "a"]))
    # periods: three months, precision and recall of flagging score >= 0.5
    rng = np.random.default_rng(seed)
    score = rng.random(len(y))
    t = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 90, len(y)), unit="D")
    per = periods.performance_by_period(
        pd.DataFrame({"t": t, "y": y, "s": score}), time_col="t", label_col="y", score_col="s"
    )
    month = np.asarray(pd.DatetimeIndex(t).strftime("%Y-%m"))
    for lab, row in per.iterrows():
        k = month == lab
        assert row["rows"] == k.sum()
        assert row["precision"] == pytest.approx(precision_score(y[k], score[k] >= 0.5))
        assert row["recall"] == pytest.approx(recall_score(y[k], score[k] >= 0.5))
    # evals: pass rate per tag (tags overlap; errors are counted, not scored)
    tags = [("t1",) if i % 2 else ("t1", "t2") for i in range(len(y))]
    run = R(
        model="m",
        results=[
            R(case_id=str(i), status="error" if i % 17 == 0 else "ok", passed=bool(y[i]), tags=tags[i], scores={})
            for i in range(len(y))
        ],
    )
    tab = stats.pass_rates_by_tag(run, min_n=300).to_frame().set_index("tag")
    for tag in ("t1", "t2"):
        k = np.array([tag in tags[i] and i % 17 != 0 for i in range(len(y))])
        assert tab.loc[tag, "n"] == k.sum() and tab.loc[tag, "pass_rate"] == pytest.approx(y[k].mean())
        assert tab.loc[tag, "errors"] == sum(tag in tags[i] and i % 17 == 0 for i in range(len(y)))
        assert bool(tab.loc[tag, "warning"]) == (k.sum() < 300)
