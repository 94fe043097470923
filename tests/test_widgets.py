"""The drift dashboard (aipm_kit.widgets) without a browser: numbers, bad input, controls, export."""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import brier_score_loss, precision_score, recall_score, roc_auc_score

from aipm_kit import drift, widgets


@pytest.fixture(scope="module")
def frame():
    """Three months of daily events; March shifts the amount and adds a new channel."""
    rng = np.random.default_rng(4)
    n = 9_000
    t = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 91, n), unit="D")
    march = np.asarray(t >= pd.Timestamp("2024-03-01"))
    amount = np.round(rng.lognormal(3, 0.5, n) * np.where(march, 1.6, 1.0), 1)  # < 5,000 distinct: exact
    channel = np.where(march & (rng.random(n) < 0.2), "kiosk", rng.choice(["web", "app"], n))
    hour = rng.integers(0, 24, n).astype(float)
    y = (rng.random(n) < 0.2 + 0.2 * march).astype(int)
    score = np.clip(0.25 + 0.4 * y + rng.normal(0, 0.2, n), 0, 1)
    return pd.DataFrame({"t": t, "amount": amount, "channel": channel, "hour": hour, "y": y, "score": score})


@pytest.fixture
def dash(frame):
    return widgets.DriftDashboard(frame, features=["amount", "channel", "hour"], time_col="t", label_col="y",
                                  score_col="score", reference=("2024-01", "2024-01"), current="2024-03")


def test_performance_by_period_matches_sklearn(frame):
    perf = widgets.performance_by_period(frame, time_col="t", label_col="y", score_col="score", threshold=0.5)
    assert list(perf.index) == ["2024-01", "2024-02", "2024-03"]
    for period, part in frame.groupby(frame["t"].dt.strftime("%Y-%m")):
        row = perf.loc[period]
        assert row["rows"] == len(part)
        assert row["auc"] == pytest.approx(roc_auc_score(part.y, part.score), rel=1e-12)
        assert row["brier"] == pytest.approx(brier_score_loss(part.y, part.score), rel=1e-12)
        assert row["precision"] == pytest.approx(precision_score(part.y, part.score >= 0.5), rel=1e-12)
        assert row["recall"] == pytest.approx(recall_score(part.y, part.score >= 0.5), rel=1e-12)
        assert row["calibration_gap"] == pytest.approx(part.score.mean() - part.y.mean())


def test_performance_by_period_documented_edge_cases():
    f = pd.DataFrame({"t": pd.to_datetime(["2024-01-02", "2024-01-03", "2024-02-01", "2024-02-02"]),
                      "y": [1, 1, 0, 1], "s": [0.9, 0.8, 0.1, 0.7]})
    perf = widgets.performance_by_period(f, time_col="t", label_col="y", score_col="s")
    assert np.isnan(perf.loc["2024-01", "auc"])  # one class only: AUC undefined, documented as NaN
    assert perf.loc["2024-02", "auc"] == 1.0
    with pytest.raises(ValueError, match="binary"):
        widgets.performance_by_period(f.assign(y=[0, 1, 2, 1]), time_col="t", label_col="y", score_col="s")
    with pytest.raises(ValueError, match="missing column"):
        widgets.performance_by_period(f, time_col="t", label_col="label", score_col="s")


def test_dashboard_table_matches_windowed_drift(dash, frame):
    view = dash.view
    assert view.stat == "psi" and view.reference == ("2024-01",) and view.current == "2024-03"
    expected = drift.windowed_drift(frame, time_col="t", reference="2024-01",
                                    columns=["amount", "channel", "hour"])
    pd.testing.assert_frame_equal(view.table, expected, check_exact=False, rtol=1e-12)
    ranked = dash.ranked_table()
    assert set(ranked["feature"][:2]) == {"amount", "channel"}  # the two planted shifts, drifted first
    assert ranked["drifted"].tolist() == [True, True, False]
    assert ranked["value"].is_monotonic_decreasing
    assert ranked.set_index("feature").loc["amount", "value"] == pytest.approx(
        drift.psi(frame.amount[frame.t < "2024-02-01"], frame.amount[frame.t >= "2024-03-01"]).value)
    assert "kiosk" in ranked.loc[ranked.feature == "channel", "unseen"].item()
    assert view.alerts == ("2024-03",)


def test_dashboard_controls_recompute(dash, frame):
    dash.update(stat="ks")
    assert dash.view.stat == "ks" and dash.state["threshold"] == 0.05
    assert list(dash.view.table.index) == ["amount", "hour"]  # KS does not apply to categories
    assert dash.view.table.attrs["skipped"] == ["channel"]
    d = dash.view.table.loc["amount", "2024-03"]
    jan, mar = frame.amount[frame.t < "2024-02-01"], frame.amount[frame.t >= "2024-03-01"]
    from scipy import stats

    assert d == pytest.approx(stats.ks_2samp(jan, mar).statistic)
    dash.update(granularity="week")
    assert dash.view.granularity == "week"
    assert all(p.startswith("2024-01") for p in dash.view.reference)
    assert dash.view.current.startswith("2024-03")
    assert dash.view.table.shape[1] == len(dash.periods("week"))
    dash.update(granularity="month", stat="wasserstein", threshold=0.3)
    assert dash.view.threshold == 0.3
    dash.update(feature="hour")
    assert dash.state["feature"] == "hour"


@pytest.mark.parametrize("change,needle", [
    (dict(reference=("2024-03", "2024-01")), "starts"),
    (dict(stat="ks", threshold=1.5), "p-value cut-off"),
    (dict(stat="psi", threshold=-1), "positive"),
    (dict(stat="jensen_shannon", threshold=3), r"\(0, 1\]"),
    (dict(stat="entropy"), "stat must be one of"),
    (dict(features=["channel"], stat="wasserstein"), "needs numbers"),
    (dict(features=[]), "no feature"),
    (dict(current="2025-01"), "not a period"),
    (dict(granularity="day"), "granularity"),
])
def test_bad_input_sets_a_message_and_keeps_the_last_view(dash, change, needle):
    before = dash.view
    dash.update(**change)
    assert dash.message
    assert pd.Series([dash.message]).str.contains(needle).item(), dash.message
    assert dash.view is before  # the last valid view stays
    dash.update(stat="psi", threshold=None)
    assert dash.message == ""


def test_feature_absent_from_a_window_is_named(frame):
    gap = frame.copy()
    gap.loc[gap.t >= "2024-03-01", "hour"] = np.nan
    dash = widgets.DriftDashboard(gap, features=["amount", "hour"], time_col="t",
                                  reference=("2024-01", "2024-01"), current="2024-02")
    dash.update(current="2024-03")
    assert "only missing 'hour'" in dash.message
    assert dash.view.current == "2024-02"
    with pytest.raises(ValueError, match="missing column"):
        widgets.DriftDashboard(frame, features=["amount", "nope"], time_col="t")


def test_widget_controls_update_the_view(dash):
    box = dash.widget()
    controls = dash._controls
    assert box is dash.widget()
    html_before, heat_before = controls.table.value, controls.heatmap.value
    assert 'data-stat="psi"' in html_before and len(heat_before) > 1000
    controls.stat.value = "chi_square"
    assert 'data-stat="chi_square"' in controls.table.value
    assert controls.heatmap.value != heat_before
    assert controls.threshold.value == 0.05
    controls.threshold.value = 4.0
    assert "p-value cut-off" in controls.message.value and "aipm-error" in controls.message.value
    controls.threshold.value = 0.01
    assert controls.message.value == ""
    controls.granularity.value = "week"
    assert controls.current.value == dash.view.current and "-W" not in controls.current.value
    controls.export.click()
    assert "data:text/html;base64," in controls.download.value


def test_static_export(dash, tmp_path):
    path = dash.export_html(tmp_path / "out" / "view.html")
    text = path.read_text()
    assert text.startswith("<!DOCTYPE html>")
    assert text.count("data:image/png;base64,") == 3
    assert 'class="aipm-drift-table"' in text and "2024-03" in text


def test_cli_registers_dashboard(capsys):
    parser = argparse.ArgumentParser(prog="aipm")
    widgets.register_cli(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["dashboard", "--print-command", "--port", "9999", "--no-browser"])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "voila" in out and "12_portfolio_drift_dashboard.ipynb" in out and "--port=9999" in out
    assert "--Voila.ip=127.0.0.1" in out and "--no-browser" in out


def test_saved_notebook_shows_a_sentence_not_a_widget_repr(dash):
    bundle = dash._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("<live drift dashboard") and "VBox" not in bundle["text/plain"]
