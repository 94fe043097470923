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


def _dashboard(frame, **options):
    """The test frame's dashboard: January as reference, March current; ``options`` add to or override it."""
    return widgets.DriftDashboard(
        frame,
        features=["amount", "channel", "hour"],
        time_col="t",
        label_col="y",
        score_col="score",
        reference=("2024-01", "2024-01"),
        current="2024-03",
        **options,
    )


@pytest.fixture
def dash(frame):
    return _dashboard(frame)


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
    f = pd.DataFrame(
        {
            "t": pd.to_datetime(["2024-01-02", "2024-01-03", "2024-02-01", "2024-02-02"]),
            "y": [1, 1, 0, 1],
            "s": [0.9, 0.8, 0.1, 0.7],
        }
    )
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
    expected = drift.windowed_drift(frame, time_col="t", reference="2024-01", columns=["amount", "channel", "hour"])
    pd.testing.assert_frame_equal(view.table, expected, check_exact=False, rtol=1e-12)
    ranked = dash.ranked_table()
    assert set(ranked["feature"][:2]) == {"amount", "channel"}  # the two planted shifts, drifted first
    assert ranked["drifted"].tolist() == [True, True, False]
    assert ranked["statistic"].is_monotonic_decreasing
    assert ranked.set_index("feature").loc["amount", "statistic"] == pytest.approx(
        drift.psi(frame.amount[frame.t < "2024-02-01"], frame.amount[frame.t >= "2024-03-01"]).value
    )
    assert "kiosk" in ranked.loc[ranked.feature == "channel", "unseen"].item()
    assert view.alerts == ("2024-03",)


def test_performance_marks_only_alerts_on_what_the_model_reads(frame):
    # the model reads only `hour`, which never drifts: amount and channel drift in March, but a
    # triangle on the performance panel would point at drift the predictions cannot feel
    only_hour = _dashboard(frame, model_features=["hour"])
    assert only_hour.view.alerts == () and only_hour.ranked_table()["drifted"].sum() == 2
    assert _dashboard(frame, model_features=["amount", "hour"]).view.alerts == ("2024-03",)
    with pytest.raises(ValueError, match="model_features"):
        widgets.DriftDashboard(frame, features=["amount"], time_col="t", model_features=["speed"])


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


@pytest.mark.parametrize(
    "change,needle",
    [
        (dict(reference=("2024-03", "2024-01")), "starts"),
        (dict(stat="ks", threshold=1.5), "p-value cut-off"),
        (dict(stat="psi", threshold=-1), "positive"),
        (dict(stat="jensen_shannon", threshold=3), r"\(0, 1\]"),
        (dict(stat="entropy"), "stat must be one of"),
        (dict(features=["channel"], stat="wasserstein"), "needs numbers"),
        (dict(features=[]), "no feature"),
        (dict(current="2025-01"), "not a period"),
        (dict(granularity="day"), "granularity"),
    ],
)
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
    dash = widgets.DriftDashboard(
        gap, features=["amount", "hour"], time_col="t", reference=("2024-01", "2024-01"), current="2024-02"
    )
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


def test_saved_notebook_shows_a_sentence_not_a_widget_repr(dash):
    bundle = dash._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    text = bundle["text/plain"]
    assert text.startswith("Live drift dashboard (") and "VBox" not in text
    assert "DashboardView(" not in text and "[" not in text  # a sentence, not a repr or a Python list
    assert "alert line" in text


def test_psi_ranking_hides_the_empty_p_value_column(dash):
    dash.update(stat="psi")
    assert "p-value" not in dash.table_html()  # a distance has no p-value
    dash.update(stat="ks", threshold=0.05)
    assert "p-value" in dash.table_html()


# -- the live views: drawn in place, equal to a fresh drawing ------------------------------------------


def _fresh(frame, state):
    """A new dashboard on the same rows, moved to ``state`` (what a freshly opened page would show)."""
    fresh = widgets.DriftDashboard(
        frame,
        features=["amount", "channel", "hour"],
        time_col="t",
        label_col="y",
        score_col="score",
        reference=("2024-01", "2024-01"),
        current="2024-03",
    )
    fresh.update(**state)
    assert fresh.message == "" and fresh.state == state
    fresh.widget()
    return fresh._controls.shown()


#: one change of each control, through the widgets, in an order that switches the distribution
#: between a number and a category, the window between months and weeks, and the features shown
CHANGES = [
    ("stat", "ks"),
    ("feature", "channel"),
    ("current", "2024-02"),
    ("granularity", "week"),
    ("stat", "psi"),
    ("feature", "amount"),
    ("threshold", 0.3),
    ("toggle", "hour"),
    ("granularity", "month"),
    ("ref_end", "2024-02"),
    ("feature", "hour"),
    ("toggle", "hour"),
    ("stat", "jensen_shannon"),
    ("feature", "channel"),
]


def _apply(controls, name, value):
    if name == "toggle":
        button = controls.feature_toggles[value]
        button.value = not button.value
    else:
        getattr(controls, name).value = value


def test_views_changed_in_place_equal_a_fresh_dashboards_views(dash, frame):
    dash.widget()
    controls = dash._controls
    for name, value in CHANGES:
        _apply(controls, name, value)
        assert dash.message == "", (name, value, dash.message)
        assert controls.shown() == _fresh(frame, dash.state), f"after {name} = {value!r}"


def test_live_figures_show_the_data(dash, frame):
    """What the panels draw, read from their artists, against shares and AUCs computed here."""
    from sklearn.metrics import roc_auc_score

    dash.widget()
    controls = dash._controls
    controls.feature.value = "channel"
    shown = controls.shown()["distribution"]
    month = frame.t.dt.strftime("%Y-%m")
    jan = frame.channel[month == "2024-01"].value_counts(normalize=True)
    mar = frame.channel[month == "2024-03"].value_counts(normalize=True)
    categories = shown["xticklabels"]
    assert set(categories) == set(jan.index) | set(mar.index)  # kiosk appears only in March
    ref_heights = [h for _, h in shown["series"][0]]
    cur_heights = [h for _, h in shown["series"][1]]
    assert ref_heights == pytest.approx([jan.get(c, 0.0) for c in categories], abs=1e-12)
    assert cur_heights == pytest.approx([mar.get(c, 0.0) for c in categories], abs=1e-12)
    assert "channel" in shown["title"] and shown["ylabel"] == "share of rows"

    perf = controls.shown()["performance"]
    aucs = [roc_auc_score(frame.y[month == m], frame.score[month == m]) for m in ("2024-01", "2024-02", "2024-03")]
    assert perf["line"][1] == pytest.approx(aucs, rel=1e-12)
    table = drift.windowed_drift(frame, time_col="t", reference="2024-01", columns=["amount", "channel", "hour"])
    alert_months = [i for i, m in enumerate(table.columns) if any(m in v for v in table.attrs["drifted"].values())]
    assert [x for x, _ in perf["alerts"]] == alert_months
    assert perf["current"] == 2.0 and perf["reference"] == (-0.5, 1.0)  # March marked, January shaded


def test_heatmap_table_cells_carry_the_drift_table_and_its_verdicts(dash, frame):
    import re

    from aipm_kit import plots

    dash.update(threshold=0.1)
    markup = dash.heatmap_html()
    table = drift.windowed_drift(
        frame, time_col="t", reference="2024-01", columns=["amount", "channel", "hour"], threshold=0.1
    )
    cells = re.findall(
        r'<td class="aipm-cell( aipm-flagged)?" data-feature="(\w+)" data-period="([\d-]+)" '
        r'data-value="([^"]*)"[^>]*style="background:(#[0-9A-F]{6})',
        markup,
    )
    assert len(cells) == table.size
    warm = {plots.ACCENT, plots.BAD, plots._mix(plots.BAD, "#000000", 0.5)}
    for flagged, feature, period, value, colour in cells:
        expected = table.loc[feature, period]
        assert float(value) == pytest.approx(expected, rel=1e-12)
        assert bool(flagged) == (period in table.attrs["drifted"][feature]) == (expected >= 0.1)
        assert (colour in warm) == (expected >= 0.1)  # the colour scale turns warm at the alert line
    assert 'data-current="2024-03"' in markup


def test_colour_scale_is_anchored_to_the_alert_threshold():
    from aipm_kit import plots

    for threshold in (0.1, 0.2, 0.25):
        scale = plots.drift_scale("psi", threshold)
        assert scale.edges == pytest.approx((0, threshold / 2, threshold, 2 * threshold, 4 * threshold))
        assert scale.colour(threshold * 0.999) != scale.colour(threshold) == plots.ACCENT
    assert plots.drift_scale("psi").threshold == drift.STATISTICS["psi"].default_threshold
    assert plots.drift_scale("jensen_shannon").threshold == drift.STATISTICS["jensen_shannon"].default_threshold
    with pytest.raises(ValueError, match="positive"):
        plots.drift_scale("psi", -1)
    ks = plots.drift_scale("ks", 0.05, top=0.3)
    assert not ks.anchored and ks.rule == "p < 0.05" and ks.edges[-1] >= 0.3


def test_static_heatmap_uses_the_anchored_scale(dash):
    import matplotlib.pyplot as plt

    dash.update(threshold=0.1)
    fig = dash.heatmap_figure()
    image = fig.axes[0].images[0]
    assert list(image.norm.boundaries) == pytest.approx([0, 0.05, 0.1, 0.2, 0.4])
    assert "alert at >= 0.1" in fig.axes[0].get_title()
    plt.close(fig)


def test_only_the_views_a_change_touches_are_redrawn(dash):
    dash.widget()
    controls = dash._controls
    drawn = []
    original = controls.draw
    controls.draw = lambda name: (drawn.append(name), original(name))[1]
    controls.feature.value = "hour"
    assert drawn == ["distribution"]
    drawn.clear()
    controls.threshold.value = controls.threshold.value  # no change, nothing drawn
    assert drawn == []
    alerts = dash.view.alerts
    controls.stat.value = "jensen_shannon"
    moved = {"performance"} if dash.view.alerts != alerts else set()  # its triangles mark the alert periods
    assert set(drawn) == {"heatmap", "distribution", "table"} | moved
    drawn.clear()
    controls.threshold.value = 0.001  # every period alerts now: the performance figure's triangles move
    assert set(drawn) == set(widgets.VIEWS)
    drawn.clear()
    controls.current.value = "2024-02"
    assert set(drawn) == {"heatmap", "distribution", "table", "performance"}  # all mark the current period
    assert "redrawn: heatmap" in controls.status.value and "ms" in controls.status.value


def test_static_paths_still_draw_fresh_figures(dash):
    import matplotlib.pyplot as plt

    figs = dash.figures()
    assert set(figs) == {"heatmap", "distribution", "performance"}
    for fig in figs.values():
        ax = fig.axes[0]
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        plt.close(fig)
    assert "(rows in thousands)" in dash.performance_figure().axes[0].get_xlabel()
    plt.close("all")


# -- the `aipm dashboard` command ------------------------------------------------------------------------


def test_cli_prints_the_voila_command(capsys):
    parser = argparse.ArgumentParser(prog="aipm")
    widgets.register_cli(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["dashboard", "--print-command", "--port", "9999", "--no-browser", "--fast"])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert "-m voila" in out and "apps/drift_dashboard.ipynb" in out and "--port=9999" in out
    assert "--Voila.ip=127.0.0.1" in out and "--Voila.port_retries=0" in out and "--no-browser" in out
    assert "--template=aipm-dashboard" in out and "AIPM_FAST=1" in out and "JUPYTER_PATH=" in out


@pytest.mark.parametrize(
    "argv,needle",
    [
        (["--port", "99999"], "--port"),
        (["--port", "0"], "--port"),
        (["--port", "-5"], "--port"),
        (["--host", "not a host"], "--host"),
        (["--host", "http://127.0.0.1"], "--host"),
        (["--host", "127.0.0.1:8866"], "--host"),
    ],
)
def test_bad_port_or_host_exits_2_with_one_line_naming_it(argv, needle, capsys):
    from aipm_kit import cli

    assert cli.main(["dashboard", "--no-browser", *argv]) == 2
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0], captured.err
    assert "serving" not in captured.out


def test_address_checks_accept_good_values():
    assert widgets.check_address("127.0.0.1", 1) == ("127.0.0.1", 1)
    assert widgets.check_address("localhost", 65535) == ("localhost", 65535)
    assert widgets.check_address("::1", 8866) == ("::1", 8866)
    assert widgets.dashboard_url("::1", 8866) == "http://[::1]:8866/"
    with pytest.raises(ValueError, match="--port"):
        widgets.voila_command(port=70000)
    with pytest.raises(ValueError, match="--port"):
        widgets.check_address("127.0.0.1", True)


def test_a_port_in_use_is_refused_before_voila_starts():
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ValueError, match=f"--port {port}"):
            widgets.launch_dashboard(port=port, open_browser=False)


def test_voila_finds_the_template_without_a_cdn():
    env = widgets.voila_env(fast=True, base={"JUPYTER_PATH": "/elsewhere"})
    root = env["JUPYTER_PATH"].split(":")[0]
    assert env["AIPM_FAST"] == "1" and env["JUPYTER_PATH"].endswith(":/elsewhere")
    template = widgets.template_root() / "voila" / "templates" / "aipm-dashboard"
    assert str(widgets.template_root()) == root and (template / "conf.json").exists()
    page = (template / "index.html.j2").read_text()
    assert "extends 'voila/templates/lab/index.html.j2'" in page and "http" not in page


# -- the flights dashboard (real data) -------------------------------------------------------------------


def test_scored_flights_and_the_fast_switch(monkeypatch):
    from aipm_kit import data

    everything = data.load_flights()
    scored = widgets.scored_flights(fast=True, seed=3)
    assert len(scored.flights) == round(0.25 * len(everything))
    flown = scored.flown
    assert not flown["cancelled"].any() and flown["arr_delay"].notna().all()
    assert (flown["late"] == (flown["arr_delay"] > 15)).all()
    assert len(scored.train) == 5_000 == scored.train_rows and scored.train["month"].max() <= 3
    assert scored.train.index.isin(flown.index).all()
    assert flown["score"].between(0, 1).all() and scored.reference == ("2013-01", "2013-03")
    with pytest.raises(ValueError, match="train_months"):
        widgets.scored_flights(train_months=12)

    monkeypatch.setenv("AIPM_FAST", "1")
    dash = widgets.flights_dashboard(seed=3)
    assert int(dash.histograms["month"].sizes.sum()) == len(flown)
    assert dash.view.stat == "psi" and dash.view.threshold == 0.1 and dash.all_features == widgets.FLIGHT_MONITORED
    assert dash.units["distance"] == "miles"


def test_distribution_panel_switching_kinds_draws_like_a_fresh_one():
    """Many categories (rotated labels), then numbers, then few categories: each as a fresh panel draws it."""
    from aipm_kit import plots

    rng = np.random.default_rng(7)
    many = pd.Series(rng.dirichlet(np.ones(15)), index=[f"airport_{i:02d}" for i in range(15)])
    few = pd.Series([0.5, 0.3, 0.2], index=["JFK", "LGA", "EWR"])
    values = pd.Series(rng.dirichlet(np.ones(200)), index=np.arange(200) * 1.5)
    steps = [
        dict(reference=many, current=many.iloc[::-1].set_axis(many.index), numeric=False, feature="dest"),
        dict(
            reference=values,
            current=values.iloc[::-1].set_axis(values.index),
            numeric=True,
            feature="distance",
            unit="miles",
        ),
        dict(reference=few, current=few.iloc[::-1].set_axis(few.index), numeric=False, feature="origin"),
        dict(reference=many, current=many, numeric=False, feature="dest", takeaway="no change"),
    ]
    live = plots.DistributionPanel()
    for step in steps:
        live.update(**step).png()
        fresh = plots.DistributionPanel()
        fresh.update(**step).png()
        assert live.shown() == fresh.shown(), step["feature"]
    assert len(live.shown()["series"][0]) == 12  # the top 12 of 15 categories, no bar left from before


def test_a_statistic_keeps_its_alert_line_when_you_come_back_to_it(frame):
    """Regression: the app opens on PSI at 0.1; switching to KS and back reset the line to PSI's default
    0.2, and the heatmap then showed no drift at all."""
    d = widgets.DriftDashboard(
        frame,
        features=["amount", "channel", "hour"],
        time_col="t",
        label_col="y",
        score_col="score",
        reference=("2024-01", "2024-01"),
        current="2024-03",
        stat="psi",
        threshold=0.1,
    )
    assert d.view.threshold == 0.1
    d.update(stat="ks")
    assert d.view.threshold == drift.STATISTICS["ks"].default_threshold  # a new statistic: its default
    d.update(threshold=0.01)
    d.update(stat="psi")
    assert d.view.threshold == 0.1
    d.update(stat="ks")
    assert d.view.threshold == 0.01


def test_export_is_a_readable_page(dash):
    page = dash.to_html()
    assert "DashboardView(" not in page  # a sentence, not an object's repr
    assert "img{max-width:100%" in page and "name='viewport'" in page
    assert "Features ranked, most drifted first" in page
    dash.sample_note = "a sample"
    assert "(a sample)" in dash.to_html()


def test_feature_buttons_show_which_features_are_on(dash):
    app = dash.widget()
    toggles = dash._controls.feature_toggles
    assert all(b.button_style == "info" for b in toggles.values())
    toggles["hour"].value = False
    assert toggles["hour"].button_style == "" and toggles["amount"].button_style == "info"
    assert app is dash.widget()


def test_psi_verdict_is_decided_on_the_interval_not_the_point():
    # a category with two values: January 50/50 (5,000 rows); February only 60 rows, 40 of them "a";
    # March 5,000 rows, 80% "a". By hand, PSI = sum (q - p) ln(q / p):
    feb = (2 / 3 - 0.5) * np.log((2 / 3) / 0.5) + (1 / 3 - 0.5) * np.log((1 / 3) / 0.5)  # 0.1155: a point over 0.1
    mar = (0.8 - 0.5) * np.log(0.8 / 0.5) + (0.2 - 0.5) * np.log(0.2 / 0.5)  # 0.416: far over it
    rows = (
        [("2024-01-10", "a")] * 2_500
        + [("2024-01-10", "b")] * 2_500
        + [("2024-02-10", "a")] * 40
        + [("2024-02-10", "b")] * 20
        + [("2024-03-10", "a")] * 4_000
        + [("2024-03-10", "b")] * 1_000
    )
    f = pd.DataFrame(rows, columns=["t", "c"]).assign(t=lambda d: pd.to_datetime(d["t"]))
    d = widgets.DriftDashboard(
        f, features=["c"], time_col="t", reference=("2024-01", "2024-01"), current="2024-02", threshold=0.1
    )
    row = d.ranked_table().iloc[0]
    assert row["statistic"] == pytest.approx(feb, rel=1e-3) and row["statistic"] >= 0.1
    # 60 rows: a share's standard error is about 0.065, so the interval must reach well below the line
    assert row["low"] < 0.1 <= row["high"] and row["verdict"] == "not yet" and not row["drifted"]
    assert "not yet" in d.table_html() and "95% interval" in d.table_html() and "DRIFT" not in d.table_html()
    assert "0 of 1 features wholly over" in d.table_html()
    row = d.update(current="2024-03").ranked_table().iloc[0]
    assert row["statistic"] == pytest.approx(mar, rel=1e-3)
    assert 0.1 <= row["low"] <= row["statistic"] <= row["high"] and row["verdict"] == "over" and row["drifted"]
    row = d.update(current="2024-01").ranked_table().iloc[0]
    assert row["verdict"] == "under" and row["high"] < 0.1
    # other statistics keep their own rule and carry no interval
    ks = d.update(stat="chi_square", current="2024-03").ranked_table().iloc[0]
    assert np.isnan(ks["low"]) and ks["verdict"] == ("over" if ks["drifted"] else "under")


def test_performance_view_draws_the_intervals_it_is_given():
    """performance_intervals become error bars from each period's low to high; without them, points only."""
    rng = np.random.default_rng(3)
    n = 3000
    frame = pd.DataFrame(
        {
            "date": pd.Timestamp("2013-01-01") + pd.to_timedelta(rng.integers(0, 150, n), unit="D"),
            "x": rng.normal(size=n),
            "late": (rng.random(n) < 0.3).astype(int),
            "score": rng.random(n),
        }
    )
    kw = dict(features=["x"], label_col="late", score_col="score", metric="recall", reference=("2013-01", "2013-02"))
    plain = widgets.DriftDashboard(frame, **kw)
    assert not plain.performance_figure().axes[0].containers  # no intervals given: no error bars
    months = plain.performance["month"].index
    given = pd.DataFrame(
        {"low": [0.1 + 0.01 * i for i in range(len(months))], "high": [0.9 - 0.01 * i for i in range(len(months))]},
        index=months,
    )
    dash = widgets.DriftDashboard(frame, performance_intervals={"month": given, "label": "95% by hand"}, **kw)
    ax = dash.performance_figure().axes[0]
    (bars,) = ax.containers
    segments = bars.lines[2][0].get_segments()
    assert [round(float(s[0][1]), 9) for s in segments] == [round(v, 9) for v in given["low"]]
    assert [round(float(s[1][1]), 9) for s in segments] == [round(v, 9) for v in given["high"]]
    assert "95% by hand" in [t.get_text() for t in ax.get_legend().get_texts()]
    lo, hi = ax.get_ylim()
    assert lo <= given["low"].min() and hi >= given["high"].max()
    with pytest.raises(ValueError):
        widgets.DriftDashboard(frame, performance_intervals={"month": given.drop(columns="high")}, **kw)
