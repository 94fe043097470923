"""aipm_kit.drift against SciPy and hand-worked cases."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.spatial.distance import jensenshannon

from aipm_kit import drift


@pytest.fixture(scope="module")
def samples():
    rng = np.random.default_rng(11)
    return {
        "normal": (rng.normal(0, 1, 1500), rng.normal(0.25, 1.3, 2000)),
        "integers": (rng.poisson(4, 3000).astype(float), rng.poisson(5, 2500).astype(float)),
        "small": (rng.normal(0, 1, 40), rng.normal(1, 1, 25)),
        "skewed": (rng.exponential(10, 5000), rng.exponential(12, 800)),
    }


@pytest.fixture(scope="module")
def flights():
    from aipm_kit import data

    return data.load_flights()


# --------------------------------------------------------------------------------------------
# KS


@pytest.mark.parametrize("name", ["normal", "integers", "small", "skewed"])
def test_ks_matches_scipy(samples, name):
    ref, cur = samples[name]
    ours = drift.ks_test(ref, cur)
    # small samples (n * m <= 10,000) get the exact p-value, larger ones the asymptotic one
    theirs = stats.ks_2samp(ref, cur, method="exact" if len(ref) * len(cur) <= 10_000 else "asymp")
    assert ours.value == pytest.approx(theirs.statistic, abs=1e-12)
    assert ours.p_value == pytest.approx(theirs.pvalue, rel=1e-9, abs=1e-300)
    assert ours.effect_size == ours.value
    assert ours.drifted == (theirs.pvalue < 0.05)


def test_ks_limit_p_value_close_to_finite(samples):
    ref, cur = samples["normal"]
    finite = drift.ks_test(ref[:1200], ref[300:] + 0.05)
    limit = drift.ks_test(ref[:1200], ref[300:] + 0.05, p_method="limit")
    assert limit.value == finite.value
    assert limit.p_value == pytest.approx(finite.p_value, rel=0.05)
    en = 1200 * 1200 / 2400
    assert limit.p_value == pytest.approx(stats.kstwobign.sf(limit.value * math.sqrt(en)), rel=1e-9)


def test_ks_on_effect_size_ignores_sample_size():
    rng = np.random.default_rng(3)
    ref, cur = rng.normal(0, 1, 60_000), rng.normal(0.03, 1, 60_000)
    by_p = drift.ks_test(ref, cur)
    by_d = drift.ks_test(ref, cur, threshold=0.1, on="effect_size")
    assert by_p.drifted and by_p.p_value < 0.05  # "significant" ...
    assert not by_d.drifted and by_d.value < 0.1  # ... but a tiny shift
    assert "effect size" in by_d.rule


# --------------------------------------------------------------------------------------------
# Wasserstein


@pytest.mark.parametrize("name", ["normal", "integers", "small", "skewed"])
def test_wasserstein_matches_scipy(samples, name):
    ref, cur = samples[name]
    raw = drift.wasserstein(ref, cur, scale=None)
    assert raw.value == pytest.approx(stats.wasserstein_distance(ref, cur), rel=1e-10)
    assert raw.threshold == pytest.approx(0.1 * np.std(ref), rel=1e-10)
    scaled = drift.wasserstein(ref, cur)
    assert scaled.value == pytest.approx(stats.wasserstein_distance(ref, cur) / np.std(ref), rel=1e-10)
    assert scaled.drifted == (scaled.value >= 0.1)
    assert scaled.p_value is None


def test_wasserstein_hand_worked():
    # moving every unit of mass one step to the right costs 1
    assert drift.wasserstein([0, 1, 2], [1, 2, 3], scale=None).value == pytest.approx(1.0)
    # a constant reference has std 0: the scale is floored at 0.001, as Evidently does
    r = drift.wasserstein([5, 5, 5, 5], [5, 5, 5, 6])
    assert r.value == pytest.approx(0.25 / 0.001)


# --------------------------------------------------------------------------------------------
# chi-square


def test_chi_square_categories_match_chi2_contingency():
    ref = ["a"] * 40 + ["b"] * 35 + ["c"] * 25
    cur = ["a"] * 30 + ["b"] * 50 + ["c"] * 40
    ours = drift.chi_square(ref, cur)
    table = np.array([[40, 35, 25], [30, 50, 40]])
    chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
    assert ours.value == pytest.approx(chi2, rel=1e-10)
    assert ours.p_value == pytest.approx(p, rel=1e-10)
    assert ours.details["dof"] == dof
    v = stats.contingency.association(table, method="cramer", correction=False)
    assert ours.effect_size == pytest.approx(v, rel=1e-10)


def test_chi_square_goodness_of_fit_matches_scipy_chisquare():
    ref = ["a"] * 40 + ["b"] * 35 + ["c"] * 25
    cur = ["a"] * 30 + ["b"] * 50 + ["c"] * 40
    ours = drift.chi_square(ref, cur, method="goodness_of_fit")
    expected = np.array([40, 35, 25]) / 100 * 120
    theirs = stats.chisquare([30, 50, 40], expected)
    assert ours.value == pytest.approx(theirs.statistic, rel=1e-10)
    assert ours.p_value == pytest.approx(theirs.pvalue, rel=1e-10)


def test_chi_square_numbers_binned_at_reference_deciles(samples):
    ref, cur = samples["skewed"]
    ours = drift.chi_square(ref, cur)
    edges = np.quantile(ref, np.arange(1, 10) / 10, method="inverted_cdf")
    table = np.array([np.bincount(np.searchsorted(edges, x, side="left"), minlength=10) for x in (ref, cur)])
    chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
    assert ours.n_bins == 10
    assert ours.value == pytest.approx(chi2, rel=1e-10)
    assert ours.p_value == pytest.approx(p, rel=1e-8)


# --------------------------------------------------------------------------------------------
# Jensen-Shannon


def test_jensen_shannon_categories_match_scipy():
    ref = pd.Series(["x"] * 10 + ["y"] * 30 + ["z"] * 60)
    cur = pd.Series(["x"] * 25 + ["y"] * 25 + ["z"] * 50)
    p, q = np.array([10, 30, 60]) / 100, np.array([25, 25, 50]) / 100
    assert drift.jensen_shannon(ref, cur).value == pytest.approx(jensenshannon(p, q, base=2), rel=1e-10)
    natural = drift.jensen_shannon(ref, cur, convention="evidently")
    assert natural.value == pytest.approx(jensenshannon(p, q), rel=1e-10)


def test_jensen_shannon_numbers_on_reference_deciles(samples):
    ref, cur = samples["normal"]
    edges = np.quantile(ref, np.arange(1, 10) / 10, method="inverted_cdf")
    p = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=10)
    q = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=10)
    assert drift.jensen_shannon(ref, cur).value == pytest.approx(jensenshannon(p, q, base=2), rel=1e-10)


def test_jensen_shannon_evidently_sturges(samples):
    ref, cur = samples["skewed"]
    edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
    p = np.histogram(ref, edges)[0]
    q = np.histogram(cur, edges)[0]
    ours = drift.jensen_shannon(ref, cur, convention="evidently")
    assert ours.n_bins == len(edges) - 1
    assert ours.value == pytest.approx(jensenshannon(p, q), rel=1e-10)


def test_jensen_shannon_range_and_identity():
    with pytest.warns(drift.DriftWarning):
        assert drift.jensen_shannon(["a"] * 5, ["b"] * 5).value == pytest.approx(1.0)
    assert drift.jensen_shannon([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]).value == 0.0
    with pytest.raises(ValueError, match="Jensen-Shannon"):
        drift.jensen_shannon([1.0, 2.0], [1.0, 2.0], convention="evidently", threshold=0.9)


# --------------------------------------------------------------------------------------------
# PSI


def test_psi_hand_worked_numbers():
    # reference 1..10, two bins split at the median 5: (-inf, 5] and (5, inf) hold 50% each.
    # current: 3 of 10 values at or below 5, 7 above.
    ref = np.arange(1, 11)
    cur = np.array([1, 2, 3, 6, 7, 8, 9, 10, 11, 12])
    expected = (0.3 - 0.5) * math.log(0.3 / 0.5) + (0.7 - 0.5) * math.log(0.7 / 0.5)  # 0.1695
    r = drift.psi(ref, cur, bins=2)
    assert r.value == pytest.approx(expected, rel=1e-12)
    assert r.n_bins == 2
    assert not r.drifted and r.threshold == 0.2


def test_psi_hand_worked_categories_with_empty_bin():
    ref = ["a"] * 50 + ["b"] * 50
    cur = ["a"] * 100
    # b is empty in current: its share 0 becomes epsilon = 1e-4
    expected = (1 - 0.5) * math.log(1 / 0.5) + (1e-4 - 0.5) * math.log(1e-4 / 0.5)
    assert drift.psi(ref, cur).value == pytest.approx(expected, rel=1e-12)
    assert drift.psi(ref, cur, epsilon=1e-3).value == pytest.approx(
        0.5 * math.log(2) + (1e-3 - 0.5) * math.log(1e-3 / 0.5), rel=1e-12
    )


def test_psi_quantile_bins_against_numpy_quantiles(samples):
    ref, cur = samples["skewed"]
    edges = np.quantile(ref, np.arange(1, 10) / 10, method="inverted_cdf")
    p = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=10) / len(ref)
    q = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=10) / len(cur)
    p, q = np.where(p == 0, 1e-4, p), np.where(q == 0, 1e-4, q)
    r = drift.psi(ref, cur)
    assert r.value == pytest.approx(((q - p) * np.log(q / p)).sum(), rel=1e-10)
    assert len(r.details["bins"]) == 10


def test_psi_evidently_convention(samples):
    ref, cur = samples["normal"]
    edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
    p = np.histogram(ref, edges)[0] / len(ref)
    q = np.histogram(cur, edges)[0] / len(cur)

    def fill(x):
        low = x[x > 0].min()
        return np.where(x == 0, low / 1e6 if low <= 1e-4 else 1e-4, x)

    p, q = fill(p), fill(q)
    ours = drift.psi(ref, cur, convention="evidently")
    assert ours.value == pytest.approx(((p - q) * np.log(p / q)).sum(), rel=1e-10)


def test_psi_tied_integers_merge_bins():
    ref = np.array([0] * 70 + [1] * 20 + [2] * 10)
    r = drift.psi(ref, ref)
    assert r.value == 0.0
    assert r.n_bins < 10  # duplicate quantile edges merged


def test_psi_grows_with_shift():
    rng = np.random.default_rng(5)
    ref = rng.normal(0, 1, 4000)
    values = [drift.psi(ref, rng.normal(shift, 1, 4000)).value for shift in (0, 0.25, 0.5, 1.0)]
    assert values == sorted(values)
    assert values[0] < 0.02 and values[-1] > 0.2


# --------------------------------------------------------------------------------------------
# bad input


def test_empty_and_all_missing_inputs_are_named():
    with pytest.raises(ValueError, match="reference.*empty"):
        drift.psi([], [1.0, 2.0])
    with pytest.raises(ValueError, match="current.*no non-missing"):
        drift.ks_test([1.0, 2.0], [np.nan, np.nan])
    with pytest.raises(ValueError, match="1-D"):
        drift.psi(np.ones((3, 2)), np.ones(3))
    with pytest.raises(ValueError, match="infinite"):
        drift.wasserstein([1.0, np.inf], [1.0, 2.0])


def test_missing_values_are_dropped_and_counted():
    r = drift.psi(pd.Series([1.0, 2.0, np.nan, 4.0]), pd.Series([np.nan, np.nan, 2.0, 3.0]))
    assert (r.n_reference, r.n_current, r.n_missing_reference, r.n_missing_current) == (3, 2, 1, 2)
    assert math.isfinite(r.value)


def test_constant_columns_give_documented_results():
    # a constant reference gets three bins: below, at and above its value
    same = drift.psi([3.0] * 50, [3.0] * 40)
    assert same.value == 0.0 and same.n_bins == 3
    below = drift.psi([3.0] * 50, [1.0] * 40)
    above = drift.psi([3.0] * 50, [9.0] * 40)
    assert below.drifted and above.drifted
    assert below.value == pytest.approx(above.value)
    ks = drift.ks_test([3.0] * 50, [3.0] * 40)
    assert ks.value == 0.0 and ks.p_value == 1.0
    assert drift.chi_square([3.0] * 50, [3.0] * 40).p_value == 1.0


def test_unseen_category_gets_bucket_and_warning():
    ref = ["a"] * 60 + ["b"] * 40
    cur = ["a"] * 50 + ["b"] * 30 + ["new"] * 15 + ["newer"] * 5
    with pytest.warns(drift.DriftWarning, match="only in the current window"):
        r = drift.psi(ref, cur)
    assert r.unseen == ("new", "newer")
    assert drift.UNSEEN in r.details["bins"]
    expected = (
        (0.5 - 0.6) * math.log(0.5 / 0.6) + (0.3 - 0.4) * math.log(0.3 / 0.4) + (0.2 - 1e-4) * math.log(0.2 / 1e-4)
    )
    assert r.value == pytest.approx(expected, rel=1e-12)
    with pytest.warns(drift.DriftWarning):
        chi = drift.chi_square(ref, cur)
    table = np.array([[60, 40, 0], [50, 30, 20]])
    assert chi.value == pytest.approx(stats.chi2_contingency(table, correction=False)[0])


def test_type_mismatches_raise():
    with pytest.raises(TypeError, match="ks_test needs numbers|must be numeric"):
        drift.ks_test(["a", "b"], ["a", "b"])
    with pytest.raises(TypeError, match="categorical"):
        drift.psi(pd.Series([1.0, 2.0]), pd.Series(["a", "b"]))
    with pytest.raises(ValueError, match="bins"):
        drift.psi([1.0, 2.0], [1.0, 2.0], bins=1)
    with pytest.raises(ValueError, match="stat must be one of"):
        drift.compare([1.0], [1.0], stat="entropy")


@pytest.mark.parametrize(
    "stat,bad",
    [("psi", -0.1), ("psi", 0), ("ks", 1.5), ("chi_square", 0), ("jensen_shannon", 1.2), ("wasserstein", float("inf"))],
)
def test_threshold_outside_range(stat, bad):
    with pytest.raises(ValueError, match="threshold"):
        drift.check_threshold(stat, bad)
    with pytest.raises(ValueError, match="threshold"):
        drift.compare(np.arange(20.0), np.arange(20.0) + 1, stat=stat, threshold=bad)
    with pytest.raises(TypeError, match="threshold"):
        drift.check_threshold(stat, "high")


def test_identical_samples_show_no_drift(samples):
    ref, _ = samples["normal"]
    for stat in drift.STATISTICS:
        r = drift.compare(ref, ref.copy(), stat=stat)
        assert not r.drifted, stat
        assert r.value == pytest.approx(0.0, abs=1e-12), stat


# --------------------------------------------------------------------------------------------
# reports


def _frames():
    rng = np.random.default_rng(9)
    ref = pd.DataFrame(
        {
            "amount": rng.lognormal(3, 1, 3000),
            "channel": rng.choice(["web", "app"], 3000),
            "age": rng.integers(18, 80, 3000),
        }
    )
    cur = pd.DataFrame(
        {
            "amount": rng.lognormal(3.6, 1, 2500),
            "channel": rng.choice(["web", "app"], 2500, p=[0.2, 0.8]),
            "age": rng.integers(18, 80, 2500),
        }
    )
    return ref, cur


def test_drift_report_matches_single_statistics():
    ref, cur = _frames()
    report = drift.drift_report(ref, cur)
    frame = report.to_frame()
    # KS and Wasserstein do not apply to the text column: skipped, not NaN
    assert len(frame) == 5 + 5 + 3
    assert {(c, s) for c, s, _ in report.skipped} == {("channel", "ks"), ("channel", "wasserstein")}
    assert not frame["statistic"].isna().any()
    for column in ref.columns:
        assert report.result(column, "psi").value == pytest.approx(drift.psi(ref[column], cur[column]).value)
    assert report.result("amount", "ks").p_value == pytest.approx(
        stats.ks_2samp(ref.amount, cur.amount, method="asymp").pvalue, rel=1e-9
    )
    assert set(report.drifted_columns) == {"amount", "channel"}
    assert report.to_wide().shape == (3, 5)
    assert "DriftReport" in repr(report)


def test_drift_report_thresholds_and_columns():
    ref, cur = _frames()
    strict = drift.drift_report(ref, cur, columns=["age"], stats=("psi",), thresholds=0.0001)
    assert strict.drifted_columns == ("age",)
    with pytest.raises(ValueError, match="not in stats"):
        drift.drift_report(ref, cur, stats=("psi",), thresholds={"ks": 0.01})
    with pytest.raises(ValueError, match="different columns"):
        drift.drift_report(ref, cur.drop(columns="age"))
    with pytest.raises(ValueError, match="missing column"):
        drift.drift_report(ref, cur.drop(columns="age"), columns=["age"])


# --------------------------------------------------------------------------------------------
# windows over time


def test_windowed_drift_matches_direct_comparison(flights):
    cols = ["dep_delay", "distance", "carrier", "origin"]
    table = drift.windowed_drift(flights, time_col="date", reference="2013-01", columns=cols)
    assert list(table.columns) == [f"2013-{m:02d}" for m in range(1, 13)]
    jan, jul = flights[flights.month == 1], flights[flights.month == 7]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", drift.DriftWarning)
        for c in cols:
            assert table.loc[c, "2013-07"] == pytest.approx(drift.psi(jan[c], jul[c]).value, rel=1e-10)
    assert table.loc[:, "2013-01"].abs().max() == 0.0
    sizes = table.attrs["window_sizes"]
    assert sizes == {f"2013-{m:02d}": int(n) for m, n in flights.month.value_counts().sort_index().items()}
    assert table.attrs["reference_size"] == len(jan)


def test_windowed_ks_and_wasserstein_match_scipy(flights):
    q1 = flights[flights.month <= 3]
    sep = flights[flights.month == 9]
    ks = drift.windowed_drift(
        flights,
        time_col="date",
        reference=("2013-01", "2013-03"),
        columns=["arr_delay", "carrier"],
        stat="ks",
        p_method="finite",
    )
    assert list(ks.index) == ["arr_delay"] and ks.attrs["skipped"] == ["carrier"]
    theirs = stats.ks_2samp(q1.arr_delay.dropna(), sep.arr_delay.dropna())
    assert ks.loc["arr_delay", "2013-09"] == pytest.approx(theirs.statistic, abs=1e-12)
    w = drift.windowed_drift(
        flights, time_col="date", reference=("2013-01", "2013-03"), columns=["air_time"], stat="wasserstein", scale=None
    )
    assert w.loc["air_time", "2013-09"] == pytest.approx(
        stats.wasserstein_distance(q1.air_time.dropna(), sep.air_time.dropna()), rel=1e-9
    )


def test_utc_months_differ_from_local_months(flights):
    local = drift.window_sizes(flights, time_col="date")
    utc = drift.window_sizes(flights, time_col="time_hour_utc")
    assert local.sum() == utc.sum() == len(flights)
    # evening flights on a month's last day fall in the next UTC month; 2013-12-31 spills into 2014
    assert list(utc.index) == list(local.index) + ["2014-01"]
    assert (local != utc.reindex(local.index)).all()


def test_period_histograms_bad_windows(flights):
    hist = drift.PeriodHistograms.from_frame(flights.head(5000), time_col="date", columns=["dep_delay"])
    with pytest.raises(ValueError, match="not a period"):
        hist.drift_table("2014-01")
    with pytest.raises(ValueError, match="holds no period"):
        hist.drift_table(("2015-01", "2015-03"))
    with pytest.raises(ValueError, match="not in these histograms"):
        hist.compare("carrier", "2013-01", "2013-01")
    weekly = drift.PeriodHistograms.from_frame(flights, time_col="date", freq="W", columns=["distance"])
    assert weekly.periods[0] == "2012-12-31"  # the Monday of the week holding 1 January
    assert weekly.window_sizes().sum() == len(flights)


def test_window_with_only_missing_values_is_named():
    frame = pd.DataFrame({"t": pd.to_datetime(["2024-01-05", "2024-01-06", "2024-02-01"]), "x": [1.0, 2.0, np.nan]})
    hist = drift.PeriodHistograms.from_frame(frame, time_col="t", columns=["x"])
    with pytest.raises(ValueError, match="current window.*only missing"):
        hist.compare("x", "2024-01", "2024-02")
    table = hist.drift_table("2024-01")
    assert math.isnan(table.loc["x", "2024-02"])  # documented: a period with no values is NaN
    with pytest.raises(ValueError, match="empty"):
        drift.windowed_drift(frame.iloc[:0], time_col="t")


def test_many_distinct_values_are_prebinned_and_flagged():
    rng = np.random.default_rng(2)
    frame = pd.DataFrame(
        {
            "t": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 60, 20_000), unit="D"),
            "x": rng.normal(0, 1, 20_000),
        }
    )
    hist = drift.PeriodHistograms.from_frame(frame, time_col="t", columns=["x"], max_levels=500)
    assert hist.features["x"].approximate
    jan, feb = frame.x[frame.t < "2024-02-01"], frame.x[frame.t >= "2024-02-01"]
    exact = drift.wasserstein(jan, feb + 0.0)
    approx = hist.compare("x", "2024-01", "2024-02", "wasserstein")
    assert approx.value == pytest.approx(exact.value, abs=0.01)  # within the pre-binning's resolution


def test_evidently_convention_keeps_unseen_categories_apart():
    ref = ["a"] * 60 + ["b"] * 40
    cur = ["a"] * 50 + ["b"] * 30 + ["new"] * 15 + ["newer"] * 5
    with pytest.warns(drift.DriftWarning):
        r = drift.psi(ref, cur, convention="evidently")
    p = np.array([0.6, 0.4, 0, 0])
    q = np.array([0.5, 0.3, 0.15, 0.05])
    p = np.where(p == 0, 1e-4, p)  # Evidently's fill: min non-zero share 0.4 > 1e-4, so 1e-4
    assert r.value == pytest.approx(((p - q) * np.log(p / q)).sum(), rel=1e-12)
    assert r.n_bins == 4


def test_report_and_table_figures():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.patches as patches
    import matplotlib.pyplot as plt

    from aipm_kit import plots

    ref, cur = _frames()
    ax = plots.drift_report_heatmap(drift.drift_report(ref, cur))  # the figure lives in plots, not in drift
    assert "2 of 3 columns drift by PSI" in ax.get_title()
    plt.close(ax.figure)
    frame = pd.DataFrame(
        {
            "t": pd.date_range("2024-01-01", periods=120, freq="D"),
            "x": np.r_[np.arange(60) % 7, np.arange(60) % 7 + 3.0],
        }
    )
    table = drift.windowed_drift(frame, time_col="t", reference="2024-01", columns=["x"])
    ax = plots.drift_heatmap(table)
    outlined = [p for p in ax.patches if isinstance(p, patches.Rectangle) and not p.get_fill()]
    assert len(outlined) == sum(len(v) for v in table.attrs["drifted"].values()) > 0
    assert "drift from 2024-01" in ax.get_title()
    plt.close(ax.figure)


@pytest.mark.parametrize(
    "n,d",
    [
        (200, 0.3),
        (1000, 0.05),
        (14_000, 0.02),
        (41_000, 0.01),
        (41_000, 0.05),
        (100_000, 0.012),
        (500, 0.9),
        (50_000, 0.001),
    ],
)
def test_ks_tail_matches_scipy_kstwo(n, d):
    from aipm_kit.drift import _kstwo_sf

    assert _kstwo_sf(d, n) == pytest.approx(stats.kstwo.sf(d, n), rel=1e-9, abs=1e-300)


# --------------------------------------------------------------------------------------------
# edges that used to give a silent wrong answer


# Regression: ks_test([1.0], [2.0]) computed the asymptotic p-value with round(n*m/(n+m)) = 0
# observations: NaN, which the rule "p < 0.05" turned into "no drift".
@pytest.mark.parametrize(
    "ref, cur",
    [
        ([1.0], [2.0]),
        ([1.0], [2.0, 3.0]),
        ([1.0, 2.0], [2.0, 3.0]),
        ([1.0], list(range(2, 11))),
        ([3.0, 1.0, 2.0], [2.5, 7.0, 9.0, 8.0]),
    ],
)
def test_ks_tiny_samples_get_scipy_exact_p_value_never_nan(ref, cur):
    r = drift.ks_test(np.array(ref), np.array(cur))
    theirs = stats.ks_2samp(ref, cur, method="exact")
    assert r.value == pytest.approx(theirs.statistic, abs=1e-12)
    assert r.p_value == pytest.approx(theirs.pvalue, rel=1e-9)
    assert not math.isnan(r.p_value)
    assert r.drifted == (theirs.pvalue < 0.05)
    assert r.details["p_method"] == "exact"


def test_ks_one_row_each_is_not_evidence_of_anything():
    r = drift.ks_test([1.0], [2.0])
    assert r.value == 1.0 and r.p_value == 1.0 and not r.drifted  # scipy's exact answer, not NaN


def test_ks_small_samples_exact_large_samples_asymptotic(samples):
    ref, cur = samples["normal"]
    big = drift.ks_test(ref, cur)  # 1,500 x 2,000 rows: the documented asymptotic p-value
    assert big.details["p_method"] == "asymptotic"
    assert big.p_value == pytest.approx(stats.ks_2samp(ref, cur, method="asymp").pvalue, rel=1e-9)
    edge = drift.ks_test(ref[:100], cur[:100])  # 100 x 100 = 10,000: still exact
    assert edge.p_value == pytest.approx(stats.ks_2samp(ref[:100], cur[:100], method="exact").pvalue, rel=1e-9)


def test_a_nan_p_value_can_never_read_as_no_drift():
    counts = drift._Counts(np.array([1.0, 2.0]), np.array([1.0, 0.0]), np.array([0.0, 1.0]), True)
    with pytest.raises(ValueError, match="undefined"):
        drift._result("ks", counts, 1.0, float("nan"), 0.05, "p_value")
    with pytest.raises(ValueError, match="undefined"):
        drift._result("psi", counts, float("nan"), None, 0.2, "value")


# Regression: datetime columns were compared as categories (every timestamp its own category).
def test_datetime_columns_are_refused_by_name_or_skipped_with_a_reason():
    t = pd.Series(pd.date_range("2024-01-01", periods=60, freq="D"), name="when")
    with pytest.raises(TypeError, match="'when'.*dates"):
        drift.psi(t[:30], t[30:])
    with pytest.raises(TypeError, match="dates"):
        drift.chi_square(t[:30].dt.tz_localize("UTC").to_numpy(), t[30:].dt.tz_localize("UTC").to_numpy())
    frame = pd.DataFrame(
        {
            "when": t,
            "x": np.arange(60.0),
            "wait": pd.to_timedelta(np.arange(60), unit="h"),
            "day": [d.date() for d in t],
        }
    )
    ref, cur = frame.iloc[:30], frame.iloc[30:]
    with pytest.raises(TypeError, match="'when'"):
        drift.drift_report(ref, cur, columns=["when", "x"])
    report = drift.drift_report(ref, cur, stats=("psi", "ks"))
    assert report.columns == ("x",)
    reasons = {(c, s): why for c, s, why in report.skipped}
    for column, what in (("when", "dates or times"), ("wait", "durations"), ("day", "dates or times")):
        assert f"holds {what}" in reasons[(column, "psi")] and f"holds {what}" in reasons[(column, "ks")]
    assert set(report.to_frame()["column"]) == {"x"}
    # windowed drift: named -> refused, implied -> skipped and said
    frame["t"] = t
    with pytest.raises(TypeError, match="'when'"):
        drift.windowed_drift(frame, time_col="t", columns=["when"], reference="2024-01")
    table = drift.windowed_drift(frame, time_col="t", reference="2024-01")
    assert list(table.index) == ["x"]
    assert {"when", "wait", "day"} <= set(table.attrs["skipped"])
    assert "dates or times" in table.attrs["skipped_reasons"]["when"]
    # asking for categories explicitly still works (e.g. a handful of report dates)
    with pytest.warns(drift.DriftWarning):
        assert drift.psi(t[:30], t[30:], kind="categorical").value > 0


# Regression: psi(..., bins=10**9) tried to allocate a billion-element array.
@pytest.mark.parametrize("func", [drift.psi, drift.chi_square, drift.jensen_shannon])
def test_bins_are_capped(func):
    ref, cur = np.arange(100.0), np.arange(50.0, 150.0)
    with pytest.raises(ValueError, match=r"bins must be .*<= 1,000"):
        func(ref, cur, bins=10**9)
    assert func(ref, cur, bins=1_000).n_bins <= 1_001


# Regression: the goodness-of-fit chi-square replaced zero expected counts by 1e-4 of the sample
# (stat 6,918, "p = 0" for the wrong reason); scipy.stats.chisquare gives an infinite statistic.
def test_goodness_of_fit_zero_expected_follows_scipy():
    ref = ["a"] * 10 + ["b"] * 10
    cur = ["a"] * 5 + ["b"] * 5 + ["c"] * 3
    with pytest.warns(drift.DriftWarning):
        ours = drift.chi_square(ref, cur, method="goodness_of_fit")
    with np.errstate(divide="ignore", invalid="ignore"):
        theirs = stats.chisquare([5, 5, 3], [6.5, 6.5, 0.0])
    assert ours.value == theirs.statistic == math.inf
    assert ours.p_value == theirs.pvalue == 0.0
    assert ours.drifted
    assert "zero expected" in ours.details["note"]
    # numbers: a current value above the reference range also has expected 0 in the top bin
    # only when a bin is empty in the reference; quantile bins never are, so the statistic is finite
    r = drift.chi_square(np.arange(100.0), np.arange(50.0, 150.0), method="goodness_of_fit")
    assert math.isfinite(r.value)


def test_psi_bands_are_defined_once():
    from aipm_kit import drift

    assert drift.STATISTICS["psi"].default_threshold == drift.PSI_MAJOR == 0.2
    assert [drift.psi_band(v) for v in (0.0, 0.0999, 0.1, 0.1999, 0.2, 5.0)] == [
        "stable",
        "stable",
        "moderate",
        "moderate",
        "major",
        "major",
    ]
    with pytest.raises(ValueError, match="NaN"):
        drift.psi_band(float("nan"))


def test_psi_interval_covers_the_true_psi_as_often_as_it_says():
    # an independent simulation: two known distributions over 10 bins with a true PSI near 0.1; draw the
    # reference and the current sample again and again, and count how often the interval holds the true value
    p = np.full(10, 0.1)
    q = np.array([0.06, 0.07, 0.08, 0.09, 0.10, 0.10, 0.11, 0.12, 0.13, 0.14])
    q = q / q.sum()
    true_psi = float(((q - p) * np.log(q / p)).sum())
    rng = np.random.default_rng(3)
    hits, points, widths = 0, [], []
    for rep in range(300):
        ref, cur = rng.multinomial(20_000, p), rng.multinomial(5_000, q)
        value, low, high = drift.psi_interval(ref, cur, n_resamples=300, seed=rep)
        hits += low <= true_psi <= high
        points.append(value)
        widths.append(high - low)
    assert 0.90 <= hits / 300 <= 0.99
    # the width matches the spread of PSI over the simulated samples: 2 x 1.96 standard deviations
    assert abs(np.mean(widths) / (2 * 1.96 * np.std(points)) - 1) < 0.2


def test_psi_interval_hand_cases_and_bad_inputs():
    value, low, high = drift.psi_interval([250, 250, 250, 250], [250, 250, 250, 250])
    # identical samples: zero; with no drift n_eff x PSI is about chi-square with 3 degrees of freedom, n_eff = 500
    assert value == 0 and low == 0 and 0 < high < stats.chi2.ppf(0.975, 3) / 500
    v, lo, hi = drift.psi_interval([5000, 5000], [8000, 2000])
    assert v == pytest.approx((0.8 - 0.5) * math.log(0.8 / 0.5) + (0.2 - 0.5) * math.log(0.2 / 0.5))
    assert lo < v < hi
    assert drift.psi_interval([5000, 5000], [8000, 2000], seed=1) == drift.psi_interval(
        [5000, 5000], [8000, 2000], seed=1
    )
    for bad in (
        dict(reference_counts=[1, 2], current_counts=[1, 2, 3]),
        dict(reference_counts=[0, 0], current_counts=[1, 1]),
    ):
        with pytest.raises(ValueError):
            drift.psi_interval(**bad)
    with pytest.raises(ValueError):
        drift.psi_interval([1, 2], [2, 1], level=95)


def test_psi_interval_table_matches_the_drift_table(flights):
    hist = drift.PeriodHistograms.from_frame(flights, time_col="date", freq="MS", columns=["distance", "carrier"])
    ref = list(hist.periods[:2])
    table = drift.psi_interval_table(hist, ref, n_resamples=50)
    plain = hist.drift_table(ref, "psi")
    assert np.allclose(table["psi"].to_numpy(), plain.loc[table["psi"].index, table["psi"].columns].to_numpy())
    assert (table["low"] <= table["psi"] + 1e-12).all().all() and (table["psi"] <= table["high"] + 1e-12).all().all()
