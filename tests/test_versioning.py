"""aipm_kit.versioning: hashes that change exactly when they should, the registry, and change explanations."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from aipm_kit import versioning as ver


def test_config_hash_is_order_free_and_matches_sha256_of_canonical_json():
    a = {"threshold": 0.5, "features": ["amount", "hour"], "nested": {"b": 1, "a": np.int64(2)}}
    b = {"nested": {"a": 2, "b": 1}, "features": ["amount", "hour"], "threshold": 0.5}
    assert ver.config_hash(a) == ver.config_hash(b)
    canonical = json.dumps(
        {"features": ["amount", "hour"], "nested": {"a": 2, "b": 1}, "threshold": 0.5},
        sort_keys=True,
        separators=(",", ":"),
    )
    assert ver.config_hash(b) == hashlib.sha256(canonical.encode()).hexdigest()[:12]
    assert ver.config_hash(a) != ver.config_hash({**a, "threshold": 0.51})
    assert ver.config_hash({"f": ["a", "b"]}) != ver.config_hash({"f": ["b", "a"]})  # list order matters


def test_config_hash_bad_input():
    with pytest.raises(ValueError, match="NaN"):
        ver.config_hash({"threshold": float("nan")})
    with pytest.raises(TypeError, match="config"):
        ver.config_hash([("threshold", 0.5)])
    with pytest.raises(TypeError, match="object"):
        ver.config_hash({"model": object()})


def test_data_snapshot_hash_changes_with_values_rows_names_and_dtypes():
    df = pd.DataFrame({"x": [1, 2, 3], "c": pd.Categorical(["a", "b", "a"])})
    h = ver.data_snapshot_hash(df)
    assert h == ver.data_snapshot_hash(df.copy())
    assert h != ver.data_snapshot_hash(df.assign(x=[1, 2, 4]))
    assert h != ver.data_snapshot_hash(df.iloc[:2])
    assert h != ver.data_snapshot_hash(df.rename(columns={"x": "y"}))
    assert h != ver.data_snapshot_hash(df.astype({"x": "float64"}))
    assert h != ver.data_snapshot_hash(df.iloc[::-1])
    with pytest.raises(TypeError, match="DataFrame"):
        ver.data_snapshot_hash([1, 2])


def test_registry_round_trip_and_tamper_check(tmp_path):
    from sklearn.linear_model import LogisticRegression

    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    model = LogisticRegression().fit(X, [0, 0, 1, 1])
    reg = ver.ModelRegistry(tmp_path)
    v = reg.save(model, name="lr", config={"threshold": 0.5}, data_hash="abc")
    assert v.version == ver.model_hash(model) and v.config_hash == ver.config_hash({"threshold": 0.5})
    back = reg.load(v.version)
    np.testing.assert_array_equal(back.predict_proba(X), model.predict_proba(X))
    assert reg.get(v.version).config == {"threshold": 0.5}
    assert list(reg.versions()["version"]) == [v.version]
    assert reg.save(model, name="lr", config={"threshold": 0.5}).version == v.version  # same artefact
    with pytest.raises(ValueError, match="not in the registry"):
        reg.load("deadbeef0000")
    (tmp_path / f"{v.version}.pkl").write_bytes(b"tampered")
    with pytest.raises(ValueError, match="does not match its hash"):
        reg.load(v.version)


def test_diff_versions():
    d = ver.diff_versions({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4})
    assert d.set_index("key")["changed"].to_dict() == {"a": False, "b": True, "c": True}
    assert d.set_index("key").loc["c", "before"] == "<absent>"
    with pytest.raises(TypeError):
        ver.diff_versions([1], {"a": 1})


def _score(model, inputs):
    # a "model" is a weight: score = weight * amount / 1000, clipped to [0, 1]
    return np.clip(model * inputs["amount"].to_numpy() / 1_000, 0, 1)


def test_why_prediction_changed_hand_worked():
    before = pd.DataFrame({"amount": [500.0], "channel": ["web"]})
    after = pd.DataFrame({"amount": [700.0], "channel": ["web"]})
    # old: 1.0 * 0.5 = 0.50 (thr 0.6 -> no); new model: 1.2 * 0.5 = 0.60 (thr 0.6 -> yes: flips);
    # new inputs: 1.2 * 0.7 = 0.84; new threshold 0.9 -> no (flips back)
    ch = ver.why_prediction_changed(
        before, after, model_before=1.0, model_after=1.2, threshold_before=0.6, threshold_after=0.9, score=_score
    )
    steps = ch.to_frame()
    np.testing.assert_allclose(steps["score"], [0.5, 0.6, 0.84, 0.84])
    assert list(steps["decision"]) == [False, True, True, False]
    assert list(steps["decision_flipped"]) == [False, True, False, True]
    assert not ch.decision_changed and ch.main_cause == "swap in the new model"
    assert ch.input_changes.set_index("key")["changed"].to_dict() == {"amount": True, "channel": False}
    # no flip at all: the biggest score move is named
    ch2 = ver.why_prediction_changed(
        before, after, model_before=1.0, model_after=1.0, threshold_before=0.95, threshold_after=0.95, score=_score
    )
    assert ch2.main_cause == "swap in the new inputs" and not ch2.decision_changed


def test_why_prediction_changed_bad_input():
    one = pd.DataFrame({"amount": [1.0]})
    with pytest.raises(ValueError, match="inputs_before"):
        ver.why_prediction_changed(
            pd.concat([one, one]),
            one,
            model_before=1,
            model_after=1,
            threshold_before=0.5,
            threshold_after=0.5,
            score=_score,
        )
    with pytest.raises(ValueError, match="different columns"):
        ver.why_prediction_changed(
            one,
            one.rename(columns={"amount": "x"}),
            model_before=1,
            model_after=1,
            threshold_before=0.5,
            threshold_after=0.5,
            score=_score,
        )
    with pytest.raises(ValueError, match="threshold_after"):
        ver.why_prediction_changed(
            one, one, model_before=1, model_after=1, threshold_before=0.5, threshold_after=1.5, score=_score
        )


def test_code_hash():
    def evaluate(x):
        return x + 1

    def evaluate_again(x):
        return x + 1

    h = ver.code_hash(evaluate)
    assert h == ver.code_hash(evaluate) and h != ver.code_hash(evaluate_again)  # the name is part of the source
    with pytest.raises(TypeError, match="source"):
        ver.code_hash(len)


# --- data lineage ------------------------------------------------------------------------------------------------


def _lineage():
    """Hand-built record: snap-a fully signed before training; snap-b's sign-off misses the source added later;
    snap-c signed after its model trained; snap-d never signed."""
    steps = [
        ver.Transformation("select months", {"months": (1, 2)}),
        ver.Transformation("join chargeback labels", {"known_by": "2024-03-01"}),
        ver.Transformation("sample rows", {"rows": 100, "seed": 42}),
    ]
    a = ver.SnapshotLineage(
        "snap-a",
        sources=["ledger", "chargebacks"],
        transformations=steps,
        sign_off=ver.SignOff("A. Owner", "2024-02-28", sources=["ledger", "chargebacks"], role="data owner"),
        model_versions=["m1"],
        trained_on="2024-03-01",
        data_hash="h1",
    )
    b = ver.SnapshotLineage(
        "snap-b",
        sources=["ledger", "chargebacks", "review tags"],
        transformations=steps,
        sign_off=ver.SignOff("B. Owner", "2024-05-30", sources=["ledger", "chargebacks"]),
        model_versions=["m2", "m2-retry"],
        trained_on="2024-06-01",
    )
    c = ver.SnapshotLineage(
        "snap-c",
        sources=["ledger"],
        transformations=steps[:1],
        sign_off=ver.SignOff("C. Owner", "2024-08-02", sources=["ledger"]),
        model_versions=["m3"],
        trained_on="2024-08-01",
    )
    d = ver.SnapshotLineage("snap-d", sources=["ledger"], transformations=[])
    return ver.LineageRecord([a, b, c, d])


def test_lineage_status_by_hand():
    record = _lineage()
    status = record.to_frame()["status"].to_dict()
    assert status == {
        "snap-a": "approved",
        "snap-b": "not signed off: review tags",
        "snap-c": "signed off after training (2024-08-02 > 2024-08-01)",
        "snap-d": "no sign-off",
    }
    assert [s.snapshot_id for s in record.unapproved()] == ["snap-b", "snap-c", "snap-d"]
    assert record.snapshot_of("m1").approved_by == "A. Owner"
    assert record.snapshot_of("m2-retry").snapshot_id == "snap-b" and record.snapshot_of("m2").approved_by is None
    assert record.snapshot_of("m2").unsigned_sources == ("review tags",)
    # a sign-off on the day of training counts; the order of the steps is kept, with their parameters
    same_day = ver.SnapshotLineage(
        "s",
        sources=["x"],
        transformations=[],
        model_versions=["v"],
        trained_on="2024-01-05",
        sign_off=ver.SignOff("P", "2024-01-05", sources=["x"]),
    )
    assert same_day.approved
    steps = record.snapshot_of("m1").to_frame()
    assert steps["step"].tolist() == ["select months", "join chargeback labels", "sample rows"]
    assert steps.loc[1, "parameters"] == "months=[1, 2]" and steps.loc[3, "parameters"] == "rows=100, seed=42"
    assert ver.Transformation("sample rows", {"seed": 1, "rows": 5}).describe() == "sample rows (rows=5, seed=1)"


def test_lineage_traces_a_logged_decision():
    record = _lineage()
    log = pd.DataFrame(
        {
            "decision_id": ["D1", "D2"],
            "model_version": ["m1", "m2"],
            "decision": ["decline"] * 2,
            "score": np.array([0.9, 0.8]),
        }
    )
    answer = record.trace(log, "D2")
    assert answer.snapshot.snapshot_id == "snap-b" and answer.approved_by is None
    assert answer.decision == {"decision_id": "D2", "model_version": "m2", "decision": "decline", "score": 0.8}
    table = answer.to_frame()["answer"]
    assert table["status"] == "not signed off: review tags"
    assert table["signed off by"].startswith("B. Owner on 2024-05-30, covering: ledger, chargebacks")
    assert record.trace(log, "D1").approved_by == "A. Owner"
    assert "A. Owner (data owner)" in record.trace(log, "D1").to_frame()["answer"]["signed off by"]


def test_lineage_bad_input_names_the_argument():
    record = _lineage()
    log = pd.DataFrame({"decision_id": ["D1", "D1", "D9"], "model_version": ["m1", "m1", "unknown"]})
    with pytest.raises(ValueError, match="model_version 'zz'"):
        record.snapshot_of("zz")
    with pytest.raises(ValueError, match="decision_id 'D7' is not in"):
        record.trace(log, "D7")
    with pytest.raises(ValueError, match="more than once"):
        record.trace(log, "D1")
    with pytest.raises(ValueError, match="model_version 'unknown'"):
        record.trace(log, "D9")
    with pytest.raises(ValueError, match="model_version"):
        record.trace(log.drop(columns="model_version"), "D9")
    with pytest.raises(TypeError, match="decisions"):
        record.trace(log.to_dict(), "D1")
    with pytest.raises(ValueError, match="approved_on"):
        ver.SignOff("A", "not a date", sources=["x"])
    with pytest.raises(TypeError, match="sources"):
        ver.SignOff("A", "2024-01-01", sources="ledger")
    with pytest.raises(ValueError, match="approver"):
        ver.SignOff(" ", "2024-01-01", sources=["x"])
    with pytest.raises(TypeError, match="params"):
        ver.Transformation("step", params=[("rows", 5)])
    with pytest.raises(ValueError, match="step"):
        ver.Transformation("")
    with pytest.raises(TypeError, match=r"transformations\[0\]"):
        ver.SnapshotLineage("s", sources=["x"], transformations=["select months"])
    with pytest.raises(ValueError, match="sources"):
        ver.SnapshotLineage("s", sources=[], transformations=[])
    with pytest.raises(ValueError, match="trained_on"):
        ver.SnapshotLineage("s", sources=["x"], transformations=[], model_versions=["v"])
    with pytest.raises(TypeError, match="sign_off"):
        ver.SnapshotLineage("s", sources=["x"], transformations=[], sign_off="A. Owner")
    snap = ver.SnapshotLineage("s", sources=["x"], transformations=[], model_versions=["v"], trained_on="2024-01-01")
    with pytest.raises(ValueError, match="snapshot_id"):
        ver.LineageRecord([snap, snap])
    other = ver.SnapshotLineage("t", sources=["x"], transformations=[], model_versions=["v"], trained_on="2024-01-01")
    with pytest.raises(ValueError, match="model_version 'v' is linked to two"):
        ver.LineageRecord([snap, other])
    with pytest.raises(TypeError, match="snapshots"):
        ver.LineageRecord(snap)
