"""aipm_kit.monitoring: hand-worked replays, metrics against numpy/pandas, rollout, log round trip."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from aipm_kit import monitoring as mon


def _hourly(values: dict, start="2024-01-01"):
    n = len(next(iter(values.values())))
    return pd.DataFrame(values, index=pd.date_range(start, periods=n, freq="h", tz="UTC", name="period"))


# ----------------------------------------------------------------------------- rules
def test_replay_hand_worked_consecutive_rule():
    # precision: 0.95, 0.85, 0.80, 0.97, 0.85, 0.88, 0.87 (hours 00..06)
    # "< 0.9 for 2 hours" holds at hours 01-02 (fires at the end of hour 02 = 03:00)
    # and again at 04-06 (fires at the end of hour 05 = 06:00; one episode, not two)
    m = _hourly({"precision": [0.95, 0.85, 0.80, 0.97, 0.85, 0.88, 0.87]})
    rule = mon.Rule("floor", "precision", "<", 0.9, for_periods=2, action="rollback")
    r = mon.replay_rules(m, [rule])
    assert list(r.events["fired_at"].dt.strftime("%H:%M")) == ["03:00", "06:00"]
    # cleared: first episode ends at hour 02, hour 03 is healthy -> cleared at 04:00;
    # second lasts to the end -> cleared at the end of the last period, 07:00
    assert list(r.events["cleared_at"].dt.strftime("%H:%M")) == ["04:00", "07:00"]
    assert str(r.first_fire("floor")) == "2024-01-01 03:00:00+00:00"
    s = r.summary.iloc[0]
    assert (s.episodes, s.periods_in_breach, s.periods_without_evidence) == (2, 5, 0)
    assert "floor" in repr(r)


def test_replay_single_period_rule_and_operators():
    m = _hourly({"latency_p95": [150, 210, 200, 250]})
    r = mon.replay_rules(
        m, [mon.Rule("slow", "latency_p95", ">", 200), mon.Rule("slow_or_equal", "latency_p95", ">=", 200)]
    )
    ev = r.events.groupby("rule")["period"].apply(lambda s: list(s.dt.hour))
    assert ev["slow"] == [1, 3]  # 200 is not > 200
    assert ev["slow_or_equal"] == [1]  # 210, 200, 250 is one continuous episode
    assert r.first_fire("slow").hour == 2


def test_replay_nan_is_no_evidence_and_breaks_streaks():
    m = _hourly({"precision": [0.8, np.nan, 0.8, 0.8]})
    r = mon.replay_rules(m, [mon.Rule("floor", "precision", "<", 0.9, for_periods=2)])
    assert r.summary.iloc[0]["periods_without_evidence"] == 1
    assert list(r.events["period"].dt.hour) == [3]


def test_replay_never_fires():
    r = mon.replay_rules(_hourly({"x": [1.0, 2.0, 3.0]}), [mon.Rule("big", "x", ">", 10)])
    assert r.first_fire("big") is None and r.events.empty


def test_replay_missing_metric_names_it_and_lists_available():
    m = _hourly({"latency_p95": [1.0, 2.0], "error_rate": [0.0, 0.1]})
    with pytest.raises(ValueError) as exc:
        mon.replay_rules(m, [mon.Rule("p", "precision", "<", 0.9)])
    msg = str(exc.value)
    assert "'precision'" in msg and "latency_p95" in msg and "error_rate" in msg


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: mon.replay_rules(pd.DataFrame({"x": []}), [mon.Rule("r", "x", ">", 1)]), "empty"),
        (lambda: mon.replay_rules(_hourly({"x": [1.0]}), []), "rules is empty"),
        (lambda: mon.Rule("r", "x", "!=", 1), "op"),
        (lambda: mon.Rule("r", "x", ">", 1, action="page"), "action"),
        (lambda: mon.Rule("r", "x", ">", float("nan")), "NaN"),
        (lambda: mon.Rule("r", "x", ">", 1, for_periods=0), "for_periods"),
    ],
)
def test_rule_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_rules_from_records_round_trip():
    rules = mon.rules_from_records(pd.DataFrame([{"name": "a", "metric": "m", "op": "<", "threshold": 1.0}]))
    assert rules == [mon.Rule("a", "m", "<", 1.0)]
    assert list(mon.rules_table(rules)["condition"]) == ["< 1"]


# ----------------------------------------------------------------------------- metrics
def _log(n=2_000, seed=0):
    rng = np.random.default_rng(seed)
    ts = pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(np.sort(rng.integers(0, 3 * 86_400, n)), unit="s")
    return pd.DataFrame(
        {
            "timestamp": ts,
            "latency_ms": rng.lognormal(4, 0.4, n),
            "error": rng.random(n) < 0.05,
            "flagged": rng.random(n) < 0.2,
            "is_fraud": rng.random(n) < 0.5,
            "amount": rng.uniform(1, 100, n),
        }
    )


def test_monitoring_metrics_against_pandas():
    log = _log()
    m = mon.monitoring_metrics(log, freq="h", window=3, min_alerts=5)
    hour = log["timestamp"].dt.floor("h")
    g = log.groupby(hour)
    pd.testing.assert_series_equal(
        m["latency_p95"].dropna(),
        g["latency_ms"].quantile(0.95),
        check_names=False,
        check_freq=False,
        check_index_type=False,
    )
    np.testing.assert_allclose(m["error_rate"].dropna(), g["error"].mean())
    hits = (log["flagged"] & log["is_fraud"]).groupby(hour).sum().reindex(m.index, fill_value=0)
    alerts = log["flagged"].groupby(hour).sum().reindex(m.index, fill_value=0)
    expected = hits.rolling(3, min_periods=1).sum() / alerts.rolling(3, min_periods=1).sum()
    expected = expected.where(alerts.rolling(3, min_periods=1).sum() >= 5)
    np.testing.assert_allclose(m["alert_precision"], expected)
    dollars = (log["amount"] * (log["flagged"] & log["is_fraud"])).groupby(hour).sum()
    np.testing.assert_allclose(m["fraud_dollars_stopped"].loc[dollars.index], dollars)
    assert m.index.freqstr == "h" and len(m) == 72


def test_monitoring_metrics_labels_as_of_and_drift():
    from aipm_kit import drift

    log = _log()
    log["label_available_at"] = log["timestamp"].where(log["is_fraud"]) + pd.Timedelta(days=1)
    as_of = pd.Timestamp("2024-01-03", tz="UTC")
    m = mon.monitoring_metrics(
        log,
        freq="D",
        label_col="label_available_at",
        as_of=as_of,
        drift_col="amount",
        drift_reference=np.arange(1, 100.0),
        drift_min_rows=10,
    )
    day3 = log[log["timestamp"] >= as_of]
    assert m["alert_precision"].iloc[-1] == 0.0  # no chargeback from day 3 has arrived by its start
    first = log[log["timestamp"] < pd.Timestamp("2024-01-02", tz="UTC")]
    assert m["alert_precision"].iloc[0] == pytest.approx((first.flagged & first.is_fraud).sum() / first.flagged.sum())
    assert m["drift_psi"].iloc[-1] == pytest.approx(drift.psi(np.arange(1, 100.0), day3["amount"]).value)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"label_col": "label_available_at"}, "as_of"),
        ({"drift_col": "amount"}, "drift_reference"),
        ({"window": 0}, "window"),
        ({"outcome_col": None}, "outcome_col"),
    ],
)
def test_monitoring_metrics_bad_arguments(kwargs, match):
    log = _log(200)
    log["label_available_at"] = pd.NaT
    with pytest.raises(ValueError, match=match):
        mon.monitoring_metrics(log, **kwargs)


def test_monitoring_metrics_empty_or_missing_columns():
    with pytest.raises(ValueError, match="empty"):
        mon.monitoring_metrics(_log().iloc[:0])
    with pytest.raises(ValueError, match="latency_ms"):
        mon.monitoring_metrics(_log().drop(columns="latency_ms"))


# ----------------------------------------------------------------------------- shadow, fallback
def test_shadow_comparison_hand_worked():
    f = pd.DataFrame(
        {
            "label_available_at": pd.to_datetime(["2024-01-05", None, "2024-02-01", "2024-01-20"], utc=True),
            "is_fraud": [True, False, True, True],
        }
    )
    out = mon.shadow_comparison(
        f, {"a": [True, True, True, False], "b": [False, False, True, True]}, ["2024-01-10", "2024-03-01"]
    )
    jan = out[out["as_of"] == pd.Timestamp("2024-01-10", tz="UTC")].set_index("model")
    assert jan.loc["a", "confirmed"] == 1 and jan.loc["a", "precision_so_far"] == pytest.approx(1 / 3)
    assert jan.loc["b", "confirmed"] == 0 and jan.loc["b", "recall_so_far"] == 0
    mar = out[out["as_of"] == pd.Timestamp("2024-03-01", tz="UTC")].set_index("model")
    assert mar.loc["a", "precision_so_far"] == pytest.approx(mar.loc["a", "precision_true"]) == pytest.approx(2 / 3)
    assert mar.loc["b", "recall_true"] == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="decisions\\['a'\\]"):
        mon.shadow_comparison(f, {"a": [True]}, ["2024-01-10"])


def test_fallback_effect_and_rule_outcomes_hand_worked():
    ts = pd.date_range("2024-01-01", periods=4, freq="h", tz="UTC")
    log = pd.DataFrame(
        {
            "timestamp": ts,
            "error": [False, True, True, False],
            "flagged": [True, True, False, False],
            "fallback_flagged": [True, False, True, False],
            "is_fraud": [True, True, True, False],
            "amount": [10.0, 20.0, 40.0, 5.0],
        }
    )
    eff = mon.fallback_effect(log, ts[0], ts[-1] + pd.Timedelta(hours=1))
    # primary (flag and no error) catches only the $10; fallback catches $10 and $40
    assert eff.fraud_dollars_missed_primary == 60 and eff.fraud_dollars_missed_fallback == 20
    assert eff.dollars_saved == 40 and eff.users_spared_failures == 2
    metrics = _hourly({"error_rate": [0.0, 1.0, 1.0, 0.0]})
    replay = mon.replay_rules(metrics, [mon.Rule("errors", "error_rate", ">", 0.5, action="rollback")])
    # fires at 02:00 (end of hour 01), clears at 04:00; +0 h restore: fallback serves 02:00-04:00 (rows 2, 3)
    out = mon.rule_outcomes(log, replay, restore_after_hours=0).iloc[0]
    assert out["users_on_fallback"] == 2 and out["dollars_saved"] == 40 and out["hours_on_fallback"] == 2
    with pytest.raises(ValueError, match="before start"):
        mon.fallback_effect(log, ts[2], ts[0])


def test_router_and_rollback_drill():
    reqs = pd.DataFrame({"amount": np.arange(100.0)})
    router = mon.FallbackRouter(
        primary=lambda r: (r["amount"] > 50).to_numpy(), fallback=lambda r: (r["amount"] > 90).to_numpy()
    )
    drill = mon.rollback_drill(router, reqs, batch_size=30)
    assert drill.passed and len(drill.to_frame()) == 4 and not router.rolled_back
    # a fallback that cannot answer makes the drill fail loudly rather than pass
    bad = mon.FallbackRouter(primary=lambda r: np.ones(len(r), bool), fallback=lambda r: np.ones(1, bool))
    with pytest.raises(ValueError, match="fallback returned"):
        mon.rollback_drill(bad, reqs, batch_size=30)
    with pytest.raises(TypeError):
        mon.FallbackRouter(primary=None, fallback=lambda r: r)


def test_rollback_drill_counts_flags_with_a_real_plural():
    reqs = pd.DataFrame({"amount": np.arange(100.0)})
    for cut, text in ((98, "1 flag"), (97, "2 flags"), (200, "0 flags")):  # amounts 99 / 98, 99 / none
        router = mon.FallbackRouter(
            primary=lambda r: (r["amount"] > 50).to_numpy(), fallback=lambda r, cut=cut: (r["amount"] > cut).to_numpy()
        )
        detail = mon.rollback_drill(router, reqs, batch_size=30).to_frame()["detail"].iloc[2]
        assert detail.endswith(text), detail


# ----------------------------------------------------------------------------- rollout
def test_simulate_rollout_staged_beats_big_bang_and_is_seeded():
    r = mon.simulate_rollout(1_000, harm_rate=0.06, baseline_rate=0.02, n_simulations=500, seed=3)
    s = r.summary.set_index("plan")
    assert s.loc["staged", "users_exposed_median"] < s.loc["big bang", "users_exposed_median"] / 4
    assert s.loc["big bang", "caught_share"] > 0.99
    # a model no worse than today is rarely rolled back (four checks at alpha 0.01, small early stages)
    good = mon.simulate_rollout(1_000, harm_rate=0.02, baseline_rate=0.02, n_simulations=500, seed=3)
    assert good.summary.set_index("plan").loc["staged", "caught_share"] < 0.10
    assert good.summary.set_index("plan").loc["big bang", "caught_share"] < 0.03
    again = mon.simulate_rollout(1_000, harm_rate=0.06, baseline_rate=0.02, n_simulations=500, seed=3)
    pd.testing.assert_frame_equal(r.exposure, again.exposure)


def test_simulate_rollout_expected_exposure_without_detection():
    # harm_rate 0 never triggers the check, so exposure is the Poisson total: mean share-days x volume
    r = mon.simulate_rollout(
        2_000,
        plans={"half": (0.5,)},
        harm_rate=0.0,
        baseline_rate=0.02,
        days_per_stage=1,
        horizon_days=3,
        n_simulations=4_000,
        seed=0,
    )
    assert r.exposure["half"].mean() == pytest.approx(0.5 * 2_000 * 3, rel=0.01)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"users_per_day": -1}, "users_per_day"),
        ({"plans": {"x": (0.0,)}}, "plan 'x'"),
        ({"alpha": 1.0}, "alpha"),
        ({"harm_rate": 2}, "harm_rate"),
        ({"n_simulations": 0}, "n_simulations"),
    ],
)
def test_simulate_rollout_bad_input(kwargs, match):
    args = {"users_per_day": 100} | kwargs
    with pytest.raises(ValueError, match=match):
        mon.simulate_rollout(args.pop("users_per_day"), **args)


# ----------------------------------------------------------------------------- prediction log
def test_prediction_log_round_trip_and_reproduction(tmp_path):
    frame = pd.DataFrame(
        {
            "transaction_id": [1, 2, 3],
            "timestamp": pd.date_range("2024-01-01", periods=3, freq="min", tz="UTC"),
            "amount": [10.0, 2_000.0, 50.0],
            "channel": pd.Categorical(["web", "app", "web"], categories=["pos", "web", "app"]),
            "latency_ms": [40.0, 400.0, 50.0],
            "model_error": [False, False, True],
        }
    )
    scores = np.array([0.1, 0.9, 0.8])
    log = mon.prediction_log(
        frame,
        scores,
        features=["amount", "channel"],
        threshold=0.5,
        model_version="v1",
        config_hash="c1",
        timeout_ms=300,
    )
    assert list(log["output"]) == [False, False, False]  # row 2 timed out, row 3 errored
    assert list(log["error"]) == [False, True, True]
    path = mon.write_prediction_log(log, tmp_path / "log.parquet")
    back = mon.read_prediction_log(path)
    pd.testing.assert_frame_equal(back, log)
    assert back["in__channel"].dtype == log["in__channel"].dtype

    def score(model, inputs):
        return model * inputs["amount"].to_numpy() / 2_000

    rep = mon.reproduce_prediction(back, 2, load_model=lambda v: 0.9, score=score)
    assert rep.exact and rep.inputs["channel"] == "app"
    wrong = mon.reproduce_prediction(back, 2, load_model=lambda v: 0.8, score=score)
    assert not wrong.exact and "MISMATCH" in repr(wrong)
    with pytest.raises(ValueError, match="request_id 99"):
        mon.reproduce_prediction(back, 99, load_model=lambda v: 0.9, score=score)
    with pytest.raises(ValueError, match="in__"):
        mon.write_prediction_log(log.drop(columns=["in__amount", "in__channel"]), tmp_path / "x.parquet")
    with pytest.raises(ValueError, match="scores has 2"):
        mon.prediction_log(frame, scores[:2], features=["amount"], threshold=0.5, model_version="v", config_hash="c")


# ----------------------------------------------------------------------------- cadence, figures
def test_retraining_cadence_hand_worked():
    curve = pd.Series([0.5, 0.3, 0.2], index=[1, 2, 3])
    out = mon.retraining_cadence(curve, value_per_point=1_000, retrain_cost=150, intervals=(1, 2, 3, 6))
    # k=1: 0.5*1000 - 150 = 350; k=2: 0.4*1000 - 75 = 325; k=3: 1/3*1000 - 50 = 283.3;
    # k=6: ages 4-6 reuse the last value 0.2 -> (0.5+0.3+0.2*4)/6 = 0.2667 -> 266.7 - 25 = 241.7
    np.testing.assert_allclose(out["value_per_period"], [350, 325, 1000 / 3 - 50, 1600 / 6 - 25])
    assert out.loc[out["best"], "retrain_every"].tolist() == [1]
    cheap = mon.retraining_cadence(curve, value_per_point=1_000, retrain_cost=600, intervals=(1, 2, 3))
    assert cheap.loc[cheap["best"], "retrain_every"].tolist() == [3]  # -100, 100, 133.3


@pytest.mark.parametrize(
    "curve, match",
    [
        (pd.Series([], dtype=float), "empty"),
        (pd.Series([0.5, np.nan], index=[1, 2]), "NaN"),
        (pd.Series([0.5, 0.4], index=[0, 1]), "age 1, 2"),
    ],
)
def test_retraining_cadence_bad_curve(curve, match):
    with pytest.raises(ValueError, match=match):
        mon.retraining_cadence(curve, value_per_point=1, retrain_cost=1)


def test_dashboard_figure_and_widget_build():
    import matplotlib

    matplotlib.use("Agg")
    m = mon.monitoring_metrics(_log(), freq="h", window=6, min_alerts=3)
    fig = mon.dashboard_figure(m, limits={"latency_p95": 100}, events={"x": m.index[10]})
    assert len(fig.axes) == 4  # latency_p95, error_rate, alert_precision, fraud_dollars_stopped
    with pytest.raises(ValueError, match="drift_psi"):
        mon.dashboard_figure(m, columns=["drift_psi"])
    view = mon.dashboard_widget(m)
    assert type(view.widget).__name__ == "VBox"  # a LiveView: the widget and its static picture
    with pytest.raises(ValueError, match="empty"):
        mon.dashboard_widget(m.iloc[:0])


def test_rollout_caught_stage_hand_worked():
    # harm 100% against a 2% baseline: the first check always fires; harm 0: no check ever fires
    sure = mon.simulate_rollout(1_000, harm_rate=1.0, baseline_rate=0.02, n_simulations=200, seed=1)
    assert (sure.caught_stage == 1).all().all()
    never = mon.simulate_rollout(1_000, harm_rate=0.0, baseline_rate=0.02, n_simulations=200, seed=1)
    assert (never.caught_stage == 0).all().all()
    r = mon.simulate_rollout(1_000, harm_rate=0.05, baseline_rate=0.02, n_simulations=500, seed=3)
    s = r.summary.set_index("plan")
    for plan in ("staged", "big bang"):
        assert (r.caught_stage[plan] > 0).mean() == pytest.approx(s.loc[plan, "caught_share"])
    # a run caught at stage 1 of the staged plan saw only the first stage's users (5% x 2 days x 1,000)
    first = r.exposure["staged"][r.caught_stage["staged"] == 1]
    assert first.mean() == pytest.approx(100, rel=0.15) and first.max() < 160


def test_dashboard_figure_bands_shade_and_readable_axes():
    import matplotlib

    matplotlib.use("Agg")
    from aipm_kit.drift import PSI_MAJOR, PSI_MODERATE

    log = _log()
    m = mon.monitoring_metrics(
        log, freq="h", window=6, min_alerts=3, drift_col="amount", drift_reference=log["amount"], drift_min_rows=1
    )
    fig = mon.dashboard_figure(
        m,
        columns=["latency_p95", "drift_psi"],
        bands={"drift_psi": {"moderate": PSI_MODERATE, "major": PSI_MAJOR}},
        ylims={"drift_psi": (0, 0.25)},
        events={"a": m.index[3], "b": m.index[5]},
        shade={"labels not in": (m.index[-5], m.index[-1])},
        shade_columns=["drift_psi"],
    )
    lat, psi = fig.axes
    assert len(psi.patches) == 1 and not lat.patches  # shaded only where asked
    assert [t.get_text() for t in lat.get_legend().get_texts()] == ["a", "b", "labels not in"]
    assert psi.get_ylim() == (0, 0.25)
    assert lat.get_ylim()[0] == 0  # from zero unless told otherwise
    assert sorted(line.get_ydata()[0] for line in psi.get_lines()[1:3]) == [PSI_MODERATE, PSI_MAJOR]
    assert lat.get_ylabel() == "p95 latency\n(ms)"
    styles = [line.get_linestyle() for line in lat.get_lines() if line.get_label() in ("a", "b")]
    assert len(set(styles)) == 2  # the two events are drawn differently
    fig.canvas.draw()
    assert psi.xaxis.get_major_formatter().get_offset() == ""  # no duplicated year/month label


def test_dashboard_widget_picture_states_a_finding_from_zero(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    idx = pd.date_range("2024-03-01", periods=120, freq="D", tz="UTC")
    m = pd.DataFrame({"requests": np.linspace(1_200, 1_400, 120)}, index=idx)
    drawn = []
    original = plt.close
    monkeypatch.setattr(plt, "close", lambda fig=None: (drawn.append(fig), original(fig)))
    mon.dashboard_widget(m)
    ax = drawn[0].axes[0]
    assert ax.get_ylim()[0] == 0  # not truncated
    assert ax.get_title() == "Requests (count): highest 1,400 on 28 Jun 2024"
    drawn[0].canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert 3 <= len(labels) <= 9 and all(len(t) <= 6 for t in labels)  # short labels: no collisions


def test_dashboard_widget_shades_a_span_and_takes_a_finding_title(monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    idx = pd.date_range("2024-03-01", periods=30, freq="D", tz="UTC")
    m = pd.DataFrame({"missed": np.arange(30.0), "requests": np.full(30, 100.0)}, index=idx)
    drawn = []
    original = plt.close
    monkeypatch.setattr(plt, "close", lambda fig=None: (drawn.append(fig), original(fig)))
    mon.dashboard_widget(
        m, shade={"not matured": ("2024-03-21", "2024-04-30")}, shade_columns=["missed"], title="Missed fraud rises"
    )
    ax = drawn[0].axes[0]
    assert ax.get_title() == "Missed fraud rises"
    spans = [p for p in ax.patches if p.get_label() == "not matured"]
    assert len(spans) == 1
    x0, x1 = spans[0].get_x(), spans[0].get_x() + spans[0].get_width()  # clipped to the data's last day
    assert (x0, x1) == pytest.approx((matplotlib.dates.date2num(idx[20]), matplotlib.dates.date2num(idx[-1])))


# ------------------------------------------------------------------ training-serving skew
def test_feature_skew_hand_worked():
    served = pd.DataFrame(
        {"hour": [1, 2, 3, 4], "amount": [10.0, 20.0, np.nan, np.nan], "channel": ["web", "app", "pos", "web"]}
    )
    recomputed = pd.DataFrame(
        {"hour": [1, 2, 5, 10], "amount": [10.0, 25.0, np.nan, 7.0], "channel": ["web", "app", "pos", "app"]}
    )
    out = mon.feature_skew(served, recomputed, features=["hour", "amount", "channel"])
    # hour: rows 3 and 4 differ by -2 and -6 -> median -4, largest 6
    assert out.loc["hour", "rows_differing"] == 2 and out.loc["hour", "share_differing"] == 0.5
    assert out.loc["hour", "typical_difference"] == -4 and out.loc["hour", "largest_difference"] == 6
    # amount: row 2 differs by -5; both missing (row 3) is no difference; one side missing (row 4) is one
    assert out.loc["amount", "rows_differing"] == 2 and out.loc["amount", "typical_difference"] == -5
    assert out.loc["channel", "rows_differing"] == 1 and np.isnan(out.loc["channel", "typical_difference"])


def test_feature_skew_bad_input():
    a = pd.DataFrame({"hour": [1, 2]})
    with pytest.raises(ValueError, match="same rows"):
        mon.feature_skew(a, pd.DataFrame({"hour": [1, 2, 3]}), features=["hour"])
    with pytest.raises(ValueError, match="recomputed"):
        mon.feature_skew(a, pd.DataFrame({"x": [1, 2]}), features=["hour"])
    with pytest.raises(TypeError, match="features"):
        mon.feature_skew(a, a, features="hour")


def test_simulate_rollout_exact_check_matches_scipy_binomtest():
    from scipy.stats import binomtest

    # one stage, no randomness in the harm: harm_rate 1.0 means every exposed user is harmed
    r = mon.simulate_rollout(
        100,
        plans={"one": (1.0,)},
        days_per_stage=1,
        harm_rate=1.0,
        baseline_rate=0.02,
        n_simulations=50,
        seed=2,
        test="exact",
    )
    assert (r.caught_stage["one"] == 1).all()
    # a rare baseline where the z-test and the exact test disagree: 40 users, 3 harmed, baseline 1%
    assert binomtest(3, 40, 0.01, alternative="greater").pvalue < 0.01  # the exact test fires
    never = mon.simulate_rollout(1_000, harm_rate=0.0, baseline_rate=0.001, n_simulations=100, seed=1, test="exact")
    assert (never.caught_stage == 0).all().all()
    with pytest.raises(ValueError, match="test"):
        mon.simulate_rollout(100, test="t")


def test_simulate_rollout_exact_first_stage_matches_the_analytic_chance():
    from scipy import stats

    # first stage: Poisson(50) users, each harmed with 5%; the check fires when P(X >= harmed | n, 1%) < 1%.
    # Its chance, summed over n with scipy alone, against the simulated share of runs caught at stage 1.
    lam, harm, base = 50.0, 0.05, 0.01
    chance = 0.0
    for n in range(1, 200):
        k = np.arange(n + 1)
        fires = stats.binom.sf(k - 1, n, base) < 0.01
        chance += stats.poisson.pmf(n, lam) * stats.binom.pmf(k, n, harm)[fires].sum()
    r = mon.simulate_rollout(
        lam,
        plans={"one": (1.0, 1.0)},
        days_per_stage=1,
        harm_rate=harm,
        baseline_rate=base,
        n_simulations=20_000,
        seed=5,
        test="exact",
    )
    assert (r.caught_stage["one"] == 1).mean() == pytest.approx(chance, abs=0.015)


def test_dashboard_figure_names_its_limit_lines_once_and_checks_legend_columns():
    import matplotlib

    matplotlib.use("Agg")
    m = mon.monitoring_metrics(_log(), freq="h", window=6, min_alerts=3)
    fig = mon.dashboard_figure(
        m,
        columns=["latency_p95", "error_rate"],
        limits={"latency_p95": 100, "error_rate": 0.1},
        limit_label="rule line",
        legend_columns=2,
    )
    legend = fig.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["rule line"]  # two panels' lines, one legend entry
    unnamed = mon.dashboard_figure(m, columns=["latency_p95"], limits={"latency_p95": 100})
    assert unnamed.axes[0].get_legend() is None  # no label given: the line stays out of the legend
    for bad in (0, 1.5, True):
        with pytest.raises(ValueError, match="legend_columns"):
            mon.dashboard_figure(m, columns=["latency_p95"], legend_columns=bad)
