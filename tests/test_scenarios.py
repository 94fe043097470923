"""The payments scenario: determinism, knob validation and the planted truths."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import precision_score, recall_score

from aipm_kit import scenarios
from aipm_kit.scenarios import alert_outcome, hand_rule, labels_as_of, make_payments, tune_hand_rule


@pytest.fixture(scope="module")
def stream():
    return make_payments(20_000, seed=3)


def test_same_seed_same_frame_different_seed_different():
    a = make_payments(3_000, seed=11)
    b = make_payments(3_000, seed=11)
    c = make_payments(3_000, seed=12)
    pd.testing.assert_frame_equal(a, b)
    assert not a["amount"].equals(c["amount"])
    assert a.attrs["scenario"] == b.attrs["scenario"]


def test_columns_dtypes_and_order(stream):
    expected = [
        "transaction_id",
        "timestamp",
        "month",
        "amount",
        "account_age_days",
        "merchant_category",
        "channel",
        "hour",
        "segment",
        "is_fraud",
        "caught",
        "label_available_at",
        "label_observed",
        "latency_ms",
        "model_error",
    ]
    assert list(stream.columns) == expected
    assert stream["timestamp"].is_monotonic_increasing
    assert str(stream["timestamp"].dt.tz) == "UTC"
    assert stream["is_fraud"].dtype == bool and stream["label_observed"].dtype == bool
    assert set(stream["month"].unique()) == set(range(1, 7))
    assert stream["amount"].min() > 0
    assert ((stream["hour"] >= 0) & (stream["hour"] <= 23)).all()
    # the hour column agrees with the timestamp
    assert (stream["timestamp"].dt.hour == stream["hour"]).all()
    # the month column agrees with the calendar month of the timestamp
    assert (stream["timestamp"].dt.month == stream["month"]).all()
    assert set(scenarios.FEATURES) <= set(stream.columns)


@pytest.mark.parametrize(
    "kwargs, knob",
    [
        (dict(n_transactions=-5), "n_transactions"),
        (dict(n_transactions=50), "n_transactions"),
        (dict(fraud_rate=0.0), "fraud_rate"),
        (dict(fraud_rate=1.0), "fraud_rate"),
        (dict(fraud_rate=-0.1), "fraud_rate"),
        (dict(fraud_rate=1.5), "fraud_rate"),
        (dict(label_delay_days=-1), "label_delay_days"),
        (dict(catch_rate=1.2), "catch_rate"),
        (dict(catch_rate=0.0), "catch_rate"),
        (dict(segment_rate_multiplier=0), "segment_rate_multiplier"),
        (dict(months=0), "months"),
        (dict(months=30), "months"),
        (dict(drift_month=7), "drift_month"),
        (dict(drift_month=0), "drift_month"),
        (dict(drift_kind="sideways"), "drift_kind"),
        (dict(drift_strength=-1), "drift_strength"),
        (dict(incident_hours=0), "incident_hours"),
    ],
)
def test_bad_knob_raises_value_error_naming_it(kwargs, knob):
    args = dict(n_transactions=500, seed=0)
    args.update(kwargs)
    with pytest.raises(ValueError, match=knob):
        make_payments(**args)


def test_wrong_type_raises_type_error():
    with pytest.raises(TypeError, match="n_transactions"):
        make_payments(1000.5)
    with pytest.raises(TypeError, match="fraud_rate"):
        make_payments(500, fraud_rate="high")


def test_fraud_rate_knob_is_met_before_drift():
    df = make_payments(40_000, seed=5, fraud_rate=0.03, drift_month=None)
    # the intercept is solved on the expected probabilities, so the realised rate is close
    assert abs(df["is_fraud"].mean() - 0.03) < 0.004


def test_label_delay_mean_roughly_matches_knob():
    df = make_payments(30_000, seed=2, label_delay_days=45, drift_month=None)
    caught = df[df["caught"]]
    delay = (caught["label_available_at"] - caught["timestamp"]).dt.total_seconds() / 86_400
    assert abs(delay.mean() - 45) < 45 * 0.08
    # Gamma(shape 2): about 1 in 11 delays exceed twice the mean (P = 5 e^-4 = 0.092)
    assert abs((delay > 90).mean() - 5 * np.exp(-4)) < 0.03
    # no label ever arrives before its transaction; non-fraud rows never get a label
    assert (delay >= 0).all()
    assert df.loc[~df["is_fraud"], "label_available_at"].isna().all()


def test_zero_label_delay_means_labels_arrive_immediately():
    df = make_payments(2_000, seed=4, label_delay_days=0)
    caught = df[df["caught"]]
    assert (caught["label_available_at"] == caught["timestamp"]).all()


def test_caught_only_lowers_the_observed_share_to_about_catch_rate():
    full = make_payments(40_000, seed=8, drift_month=None)
    partial = make_payments(40_000, seed=8, drift_month=None, caught_only=True, catch_rate=0.6)
    assert full["label_observed"].equals(full["is_fraud"])
    assert (partial["label_observed"] <= partial["is_fraud"]).all()  # never labels a legitimate row
    share = partial.loc[partial["is_fraud"], "label_observed"].mean()
    assert abs(share - 0.6) < 0.05
    # large frauds are caught more often than small ones (the bias notebook 02 audits)
    frauds = partial[partial["is_fraud"]]
    big = frauds["amount"] > frauds["amount"].median()
    assert frauds.loc[big, "caught"].mean() > frauds.loc[~big, "caught"].mean() + 0.1


def test_segment_knob_makes_new_market_riskier():
    df = make_payments(40_000, seed=9, drift_month=None, segment_rate_multiplier=3.0)
    rates = df.groupby("segment", observed=True)["is_fraud"].mean()
    assert rates["new_market"] > 1.5 * rates["consumer"]
    flat = make_payments(40_000, seed=9, drift_month=None, segment_rate_multiplier=1.0)
    flat_rates = flat.groupby("segment", observed=True)["is_fraud"].mean()
    assert flat_rates["new_market"] < rates["new_market"]


def _rate_by_month(df):
    return df.groupby("month")["is_fraud"].mean()


def test_prior_drift_raises_the_fraud_rate_from_the_drift_month():
    df = make_payments(60_000, seed=1, drift_month=4, drift_kind="prior", drift_strength=1.0)
    rates = _rate_by_month(df)
    before, after = rates.loc[1:3].mean(), rates.loc[4:6].mean()
    assert after > 1.3 * before  # odds x (1 + strength) = x2; rows already near-certain cannot double
    assert df.attrs["scenario"].drift_start == pd.Timestamp("2024-04-01", tz="UTC")


def test_concept_drift_creates_the_new_fraud_ring():
    df = make_payments(60_000, seed=1, drift_month=4, drift_kind="concept")
    ring = (
        df["merchant_category"].isin(["gaming", "electronics"])
        & (df["channel"] == "app")
        & df["amount"].between(100, 900, inclusive="neither")
    )
    before = df.loc[ring & (df["month"] < 4), "is_fraud"].mean()
    after = df.loc[ring & (df["month"] >= 4), "is_fraud"].mean()
    assert after > 5 * before
    # outside the ring nothing changes much
    out_before = df.loc[~ring & (df["month"] < 4), "is_fraud"].mean()
    out_after = df.loc[~ring & (df["month"] >= 4), "is_fraud"].mean()
    assert abs(out_after - out_before) < 0.006


def test_covariate_drift_moves_amounts_and_channel():
    df = make_payments(40_000, seed=6, drift_month=3, drift_kind="covariate")
    before, after = df[df["month"] < 3], df[df["month"] >= 3]
    assert after["amount"].median() > 1.4 * before["amount"].median()
    assert (after["channel"] == "app").mean() > (before["channel"] == "app").mean() + 0.15


def test_no_drift_when_strength_is_zero_or_month_is_none():
    for kwargs in (dict(drift_month=None), dict(drift_strength=0.0)):
        df = make_payments(3_000, seed=2, **kwargs)
        assert df.attrs["scenario"].drift_start is None


def test_incident_raises_latency_inside_its_window():
    df = make_payments(30_000, seed=4)
    truth = df.attrs["scenario"]
    inside = (df["timestamp"] >= truth.incident_start) & (df["timestamp"] < truth.incident_end)
    assert inside.sum() > 10
    assert df.loc[inside, "latency_ms"].median() > 3 * df.loc[~inside, "latency_ms"].median()
    assert df.loc[inside, "model_error"].mean() > 5 * df.loc[~inside, "model_error"].mean()
    quiet = make_payments(3_000, seed=4, incident=False)
    assert quiet.attrs["scenario"].incident_start is None


def test_scenario_truth_to_frame(stream):
    table = stream.attrs["scenario"].to_frame()
    assert "param:fraud_rate" in table.index and "drift_start" in table.index
    assert stream.attrs["scenario"].fraud_rate_realised == pytest.approx(stream["is_fraud"].mean())


def test_hand_rule_is_partial(stream):
    flags = hand_rule(stream)
    y = stream["is_fraud"]
    precision, recall = precision_score(y, flags), recall_score(y, flags)
    assert 0.4 < precision < 1.0  # mostly right when it fires
    assert 0.05 < recall < 0.5  # but misses most fraud
    # hand-worked: the thresholds are strict inequalities
    tiny = pd.DataFrame({"amount": [5_000, 5_000.01, 9_000, 9_000], "account_age_days": [1, 1, 30, 29]})
    assert hand_rule(tiny).tolist() == [False, True, False, True]
    with pytest.raises(ValueError, match="account_age_days"):
        hand_rule(pd.DataFrame({"amount": [1.0]}))


def test_labels_as_of_is_monotone_and_ends_at_the_final_label(stream):
    start = stream.attrs["scenario"].start
    counts = [int(labels_as_of(stream, start + pd.Timedelta(days=d)).sum()) for d in (0, 30, 60, 120, 240, 400)]
    assert counts == sorted(counts)
    assert counts[0] < counts[-1]
    final = labels_as_of(stream, start + pd.Timedelta(days=2_000))
    assert final.equals(stream["label_observed"].rename("label_as_of"))
    # a naive date is read as UTC
    naive = labels_as_of(stream, "2024-03-01")
    aware = labels_as_of(stream, pd.Timestamp("2024-03-01", tz="UTC"))
    assert naive.equals(aware)
    # never labels a row before its own chargeback arrives
    as_of = start + pd.Timedelta(days=60)
    known = labels_as_of(stream, as_of)
    assert (stream.loc[known, "label_available_at"] <= as_of).all()


def test_split_by_time(stream):
    train, test = scenarios.split_by_time(stream, train_months=[1, 2], test_months=[3])
    assert set(train["month"]) == {1, 2} and set(test["month"]) == {3}
    assert train["timestamp"].max() < test["timestamp"].min()
    with pytest.raises(ValueError, match="test_months"):
        scenarios.split_by_time(stream, train_months=[1], test_months=[9])


def test_alert_outcome_matches_sklearn(stream):
    flags = hand_rule(stream).to_numpy()
    out = alert_outcome(stream, flags, name="hand rule")
    y = stream["is_fraud"].to_numpy()
    assert out.precision == pytest.approx(precision_score(y, flags))
    assert out.recall == pytest.approx(recall_score(y, flags))
    assert out.alerts == flags.sum() and out.frauds == y.sum()
    assert out.caught + out.missed == out.frauds
    assert out.false_alarms == (flags & ~y).sum()
    assert out.caught_amount == pytest.approx(stream.loc[flags & y, "amount"].sum())
    assert out.caught_amount + out.missed_amount == pytest.approx(stream.loc[y, "amount"].sum())
    assert 0 <= out.amount_recall <= 1
    frame = out.to_frame()
    assert frame.index.tolist() == ["hand rule"] and frame.loc["hand rule", "recall"] == pytest.approx(out.recall)
    assert "hand rule" in repr(out)


def test_alert_outcome_hand_worked_and_bad_input():
    tiny = pd.DataFrame({"is_fraud": [True, True, False, False], "amount": [10.0, 20.0, 30.0, 40.0]})
    out = alert_outcome(tiny, [1, 0, 1, 0])
    assert (out.alerts, out.caught, out.precision, out.recall) == (2, 1, 0.5, 0.5)
    assert (out.caught_amount, out.missed_amount) == (10.0, 20.0)
    none = alert_outcome(tiny, [0, 0, 0, 0])
    assert none.precision == 0.0 and none.recall == 0.0
    with pytest.raises(ValueError, match="flags"):
        alert_outcome(tiny, [1, 0])
    with pytest.raises(ValueError, match="flags"):
        alert_outcome(tiny, [2, 0, 0, 0])


def test_tune_hand_rule_picks_the_best_rule_within_budget(stream):
    choice = tune_hand_rule(stream, max_alert_rate=0.02)
    assert choice.alert_rate <= 0.02
    grid = choice.to_frame()
    feasible = grid[grid["alert_rate"] <= 0.02]
    assert choice.recall == pytest.approx(feasible["recall"].max())
    # recompute the chosen rule independently
    flags = hand_rule(stream, min_amount=choice.min_amount, max_account_age_days=choice.max_account_age_days)
    assert flags.mean() == pytest.approx(choice.alert_rate)
    assert recall_score(stream["is_fraud"], flags) == pytest.approx(choice.recall)
    # a bigger budget never gives a worse rule
    assert tune_hand_rule(stream, max_alert_rate=0.05).recall >= choice.recall
    with pytest.raises(ValueError, match="max_alert_rate"):
        tune_hand_rule(stream, max_alert_rate=0.0)
    with pytest.raises(ValueError, match="max_alert_rate"):
        tune_hand_rule(stream, max_alert_rate=1e-9)
    with pytest.raises(ValueError, match="no fraud"):
        tune_hand_rule(stream[~stream["is_fraud"]], max_alert_rate=0.1)


# ----------------------------------------------------------------------------- every knob checked
# Regression: infinite, NaN and text knobs used to pass straight through (drift_strength=inf made NaN
# fraud logits, label_delay_days=inf crashed deep inside pandas, fraud_rate="0.1" was read as 0.1).


@pytest.mark.parametrize(
    "kwargs, knob, error",
    [
        (dict(drift_strength=float("inf")), "drift_strength", ValueError),
        (dict(drift_strength=float("nan")), "drift_strength", ValueError),
        (dict(drift_strength=1e6), "drift_strength", ValueError),
        (dict(drift_strength="1"), "drift_strength", TypeError),
        (dict(label_delay_days=float("inf")), "label_delay_days", ValueError),
        (dict(label_delay_days=float("nan")), "label_delay_days", ValueError),
        (dict(label_delay_days=1e9), "label_delay_days", ValueError),
        (dict(label_delay_days="30"), "label_delay_days", TypeError),
        (dict(fraud_rate="0.1"), "fraud_rate", TypeError),
        (dict(fraud_rate=float("nan")), "fraud_rate", ValueError),
        (dict(fraud_rate=True), "fraud_rate", TypeError),
        (dict(catch_rate="0.5"), "catch_rate", TypeError),
        (dict(catch_rate=float("nan")), "catch_rate", ValueError),
        (dict(segment_rate_multiplier="2"), "segment_rate_multiplier", TypeError),
        (dict(segment_rate_multiplier=float("inf")), "segment_rate_multiplier", ValueError),
        (dict(segment_rate_multiplier=float("nan")), "segment_rate_multiplier", ValueError),
        (dict(months=2.0), "months", TypeError),
        (dict(months="6"), "months", TypeError),
        (dict(drift_month=2.5), "drift_month", TypeError),
        (dict(drift_kind=1), "drift_kind", ValueError),
        (dict(incident_hours=1.5), "incident_hours", TypeError),
        (dict(incident_hours=10**7), "incident_hours", ValueError),
        (dict(caught_only="False"), "caught_only", TypeError),
        (dict(incident="yes"), "incident", TypeError),
        (dict(seed=1.5), "seed", TypeError),
        (dict(seed=-1), "seed", ValueError),
        (dict(seed="0"), "seed", TypeError),
        (dict(start="not a date"), "start", ValueError),
        (dict(start=20240101), "start", TypeError),
    ],
)
def test_every_knob_is_checked_for_type_finiteness_and_range(kwargs, knob, error):
    args = dict(n_transactions=200, seed=0)
    args.update(kwargs)
    with pytest.raises(error, match=knob):
        make_payments(**args)


def test_numpy_numbers_are_accepted_as_knobs():
    a = make_payments(
        300,
        seed=np.int64(2),
        fraud_rate=np.float64(0.05),
        months=np.int32(3),
        drift_month=np.int64(2),
        drift_strength=np.float32(1.0),
        label_delay_days=np.int64(10),
    )
    b = make_payments(300, seed=2, fraud_rate=0.05, months=3, drift_month=2, drift_strength=1.0, label_delay_days=10)
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize(
    "call, word, error",
    [
        (lambda df: hand_rule(df, min_amount=float("nan")), "min_amount", ValueError),
        (lambda df: hand_rule(df, min_amount="5000"), "min_amount", TypeError),
        (lambda df: hand_rule(df, max_account_age_days=float("inf")), "max_account_age_days", ValueError),
        (lambda df: hand_rule(df, max_account_age_days=-1), "max_account_age_days", ValueError),
        (lambda df: tune_hand_rule(df, max_alert_rate="0.1"), "max_alert_rate", TypeError),
        (lambda df: tune_hand_rule(df, max_alert_rate=0.1, amounts=[]), "amounts", ValueError),
        (lambda df: tune_hand_rule(df, max_alert_rate=0.1, amounts=[100, float("nan")]), "amounts", ValueError),
        (lambda df: tune_hand_rule(df, max_alert_rate=0.1, ages=["a"]), "ages", TypeError),
        (lambda df: labels_as_of(df, "not a date"), "as_of", ValueError),
        (lambda df: labels_as_of(df, None), "as_of", TypeError),
        (lambda df: scenarios.split_by_time(df, train_months=1, test_months=[2]), "train_months", TypeError),
        (lambda df: alert_outcome(df, np.zeros(len(df)), target="nope"), "nope", ValueError),
    ],
)
def test_other_builders_check_their_knobs(call, word, error):
    df = make_payments(500, seed=0)
    with pytest.raises(error, match=word):
        call(df)


# ------------------------------------------------------------------ training-serving skew (notebook 03)
def test_serving_features_off_by_default_leaves_the_data_identical():
    import inspect

    # the skew is not a knob of make_payments: every notebook's data is generated exactly as before
    assert not any("skew" in p or "offset" in p for p in inspect.signature(make_payments).parameters)
    df = make_payments(2_000, seed=3, months=1, drift_month=None, incident=False)
    before = df.copy()
    served = scenarios.serving_features(df)
    pd.testing.assert_frame_equal(served, df)
    assert served is not df
    pd.testing.assert_frame_equal(df, before)  # the input is not touched


def test_serving_features_is_the_local_clock_hour():
    df = make_payments(2_000, seed=3, months=1, drift_month=None, incident=False)
    served = scenarios.serving_features(df, hour_offset=-8)
    # independent: the hour read from a clock 8 hours behind UTC
    local = (df["timestamp"] - pd.Timedelta(hours=8)).dt.hour
    assert (served["hour"].to_numpy() == local.to_numpy()).all()
    assert served["hour"].dtype == df["hour"].dtype
    others = [c for c in df.columns if c != "hour"]
    pd.testing.assert_frame_equal(served[others], df[others])


@pytest.mark.parametrize("offset, error", [(1.5, TypeError), (True, TypeError), ("8", TypeError), (24, ValueError)])
def test_serving_features_bad_offset(offset, error):
    df = make_payments(200, seed=0, months=1, drift_month=None, incident=False)
    with pytest.raises(error, match="hour_offset"):
        scenarios.serving_features(df, hour_offset=offset)
    with pytest.raises(ValueError, match="hour"):
        scenarios.serving_features(df.drop(columns="hour"), hour_offset=-8)
