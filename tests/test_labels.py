"""aipm_kit.labels against scikit-learn, statsmodels and hand-worked cases."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss

from aipm_kit import labels
from aipm_kit.data import data_path


def _random_ratings(seed, n=400, raters=4, k=4):
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, k, n)
    table = {f"r{j}": np.where(rng.random(n) < 0.7, truth, rng.integers(0, k, n)) for j in range(raters)}
    return pd.DataFrame(table)


@pytest.fixture(scope="module")
def messages():
    return labels.load_support_messages()


# ----------------------------------------------------------------------------- kappa


def test_cohen_kappa_hand_worked():
    # po = 3/4, pe = 0.5*0.25 + 0.5*0.75 = 0.5 -> kappa = 0.5
    assert labels.cohen_kappa(["x", "x", "y", "y"], ["x", "y", "y", "y"]) == pytest.approx(0.5)
    assert labels.cohen_kappa(["a", "b", "c"], ["a", "b", "c"]) == pytest.approx(1.0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_cohen_kappa_matches_sklearn(seed):
    table = _random_ratings(seed)
    assert labels.cohen_kappa(table.r0, table.r1) == pytest.approx(cohen_kappa_score(table.r0, table.r1), abs=1e-9)


def test_cohen_kappa_edge_cases():
    # perfect agreement is exactly 1 (counted before dividing: 0.1 + 0.2 + 0.7 would not sum to 1)
    a = ["x"] * 1 + ["y"] * 2 + ["z"] * 7
    assert labels.cohen_kappa(a, a) == 1.0
    assert labels.cohen_kappa([1, 1], [0, 0]) == 0.0 == cohen_kappa_score([1, 1], [0, 0])  # constant, disagreeing
    assert labels.cohen_kappa([1, "a"], ["a", 1]) == pytest.approx(cohen_kappa_score([1, "a"], ["a", 1]))  # mixed
    # any iterable: a generator, a tuple, numpy, booleans against 0/1 (True == 1 is one label)
    assert labels.cohen_kappa((x for x in [1, 0, 1]), iter([1, 1, 0])) == pytest.approx(-0.5)
    assert labels.cohen_kappa(np.array([True, False, True]), (1, 0, 0)) == pytest.approx(
        cohen_kappa_score([1, 0, 1], [1, 0, 0])
    )
    with pytest.raises(ValueError, match="no items"):
        labels.cohen_kappa([], [])
    with pytest.raises(ValueError, match="missing rating"):
        labels.cohen_kappa(["x", None], ["x", "y"])


@pytest.mark.parametrize("seed", range(5))
def test_cohen_kappa_matches_sklearn_on_integer_and_pass_fail_labels(seed):
    rng = np.random.default_rng(seed)
    for k in (2, 3, 12):  # 12 categories: "10" sorts before "2" as text, not as numbers; kappa must not care
        a = rng.integers(0, k, size=60)
        b = np.where(rng.random(60) < 0.6, a, rng.integers(0, k, size=60))
        assert labels.cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)
        assert labels.cohen_kappa(a.tolist(), b.tolist()) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)


def test_pairwise_kappa_matches_sklearn(messages):
    ratings = messages[list(labels.ANNOTATORS)].astype(str)
    pairs = labels.pairwise_kappa(ratings)
    assert len(pairs) == 3
    for row in pairs.itertuples():
        ref = cohen_kappa_score(ratings[row.annotator_1], ratings[row.annotator_2])
        assert row.kappa == pytest.approx(ref, abs=1e-9)
        assert row.agreement == pytest.approx((ratings[row.annotator_1] == ratings[row.annotator_2]).mean())


def test_fleiss_kappa_hand_worked():
    table = pd.DataFrame({"a": ["x", "x", "y", "y"], "b": ["x", "y", "y", "y"], "c": ["x", "x", "y", "x"]})
    # P_i = 1, 1/3, 1, 1/3 -> mean 2/3; p_x = p_y = 1/2 -> Pe = 1/2; kappa = 1/3
    assert labels.fleiss_kappa(table) == pytest.approx(1 / 3)


@pytest.mark.parametrize("seed, raters", [(0, 3), (1, 4), (2, 6)])
def test_fleiss_kappa_matches_statsmodels(seed, raters):
    table = _random_ratings(seed, raters=raters)
    counts, _ = aggregate_raters(table.to_numpy())
    assert labels.fleiss_kappa(table) == pytest.approx(sm_fleiss(counts, method="fleiss"), abs=1e-9)


def test_fleiss_on_shipped_messages_matches_statsmodels(messages):
    ratings = messages[list(labels.ANNOTATORS)]
    counts, _ = aggregate_raters(ratings.astype(str).to_numpy())
    assert labels.fleiss_kappa(ratings) == pytest.approx(sm_fleiss(counts), abs=1e-9)


def test_missing_ratings_are_refused():
    table = pd.DataFrame({"a": ["x", None, "y"], "b": ["x", "y", "y"]}, index=["m1", "m2", "m3"])
    with pytest.raises(ValueError, match=r"1 missing rating\(s\).*\['a'\].*'m2'"):
        labels.fleiss_kappa(table)
    with pytest.raises(ValueError, match="missing rating"):
        labels.cohen_kappa(["x", np.nan], ["x", "y"])


def test_bad_tables():
    with pytest.raises(TypeError, match="DataFrame"):
        labels.fleiss_kappa([["x", "y"]])
    with pytest.raises(ValueError, match="at least 2 annotator"):
        labels.fleiss_kappa(pd.DataFrame({"a": ["x"]}))
    with pytest.raises(ValueError, match="different lengths"):
        labels.cohen_kappa(["x", "y"], ["x"])
    with pytest.raises(ValueError, match="0/0"):
        labels.cohen_kappa(["x", "x"], ["x", "x"])


# ----------------------------------------------------------------------------- report, confusions, adjudication


def test_agreement_report(messages):
    ratings = messages[list(labels.ANNOTATORS)]
    report = labels.agreement_report(ratings)
    values = ratings.astype(str).to_numpy()
    unanimous = (values[:, 0] == values[:, 1]) & (values[:, 1] == values[:, 2])
    all_differ = (values[:, 0] != values[:, 1]) & (values[:, 1] != values[:, 2]) & (values[:, 0] != values[:, 2])
    assert report.unanimous_share == pytest.approx(unanimous.mean())
    assert report.no_majority_share == pytest.approx(all_differ.mean())
    assert report.n_items == len(messages)
    assert set(report.weakest_pair) <= set(labels.ANNOTATORS)
    assert "Fleiss' kappa" in repr(report)


def test_label_confusions_hand_worked():
    table = pd.DataFrame({"a": ["x", "x", "y"], "b": ["y", "x", "z"], "c": ["x", "x", "z"]})
    out = labels.label_confusions(table)
    counts = {(r.label_1, r.label_2): r.count for r in out.itertuples()}
    # item 1: a/b x-y, b/c y-x -> (x,y) twice; item 3: a/b y-z, a/c y-z -> (y,z) twice
    assert counts == {("x", "y"): 2, ("y", "z"): 2}
    assert out["share"].sum() == pytest.approx(1)


def test_items_to_adjudicate():
    table = pd.DataFrame(
        {"a": ["x", "x", "x", "p"], "b": ["x", "y", "y", "q"], "c": ["x", "x", "z", "r"]},
        index=["m1", "m2", "m3", "m4"],
    )
    out = labels.items_to_adjudicate(table)
    assert list(out.index) == ["m3", "m4", "m2"]  # no majority first, then splits
    assert out.loc["m2", "majority"] == "x" and out.loc["m2", "votes_for_majority"] == 2
    assert out.loc["m3", "majority"] == "(none)"
    assert list(labels.items_to_adjudicate(table, budget=1).index) == ["m3"]


def test_shipped_dataset_shape_and_disagreement(messages):
    assert 250 <= len(messages) <= 350
    assert messages.index.is_unique and messages["text"].is_unique
    assert set(messages["adjudicated"].astype(str)) == set(labels.SUPPORT_LABELS)
    ratings = messages[list(labels.ANNOTATORS)]
    kappa = labels.fleiss_kappa(ratings)
    assert 0.4 < kappa < 0.9, "realistic, imperfect agreement"
    assert labels.agreement_report(ratings).no_majority_share > 0
    with open(data_path("support_messages_annotated.jsonl"), encoding="utf-8") as fh:
        first = json.loads(fh.readline())
    assert set(first) == {"message_id", "text", "annotator_a", "annotator_b", "annotator_c", "adjudicated"}


def test_dataset_script_reproduces_shipped_file():
    import importlib.util

    from aipm_kit.data import data_dir

    spec = importlib.util.spec_from_file_location("make_support_messages", data_dir() / "make_support_messages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = module.build()
    with open(data_path("support_messages_annotated.jsonl"), encoding="utf-8") as fh:
        shipped = [json.loads(line) for line in fh if line.strip()]
    assert rebuilt == shipped


def test_guideline_ships_and_names_every_label():
    from aipm_kit.data import data_dir

    text = (data_dir() / "labelling_guideline.md").read_text(encoding="utf-8")
    for label in labels.SUPPORT_LABELS:
        assert f"`{label}`" in text


# ----------------------------------------------------------------------------- noise, effort, survey


def test_precision_under_label_noise_follows_closed_form():
    rng = np.random.default_rng(0)
    n = 100_000
    y = rng.random(n) < 0.05
    pred = np.where(y, rng.random(n) < 0.7, rng.random(n) < 0.02)
    out = labels.precision_under_label_noise(y, pred, noise_rates=[0, 0.1, 0.3], seed=1, n_repeats=5)
    assert out.loc[0, "measured_precision"] == pytest.approx(out.loc[0, "true_precision"])
    assert out.loc[0, "measured_recall"] == pytest.approx(out.loc[0, "true_recall"])
    np.testing.assert_allclose(out["measured_precision"], out["expected_precision"], atol=0.01)
    assert out["measured_recall"].is_monotonic_decreasing


def test_precision_under_label_noise_bad_input():
    with pytest.raises(ValueError, match="single class"):
        labels.precision_under_label_noise([0, 0], [0, 1])
    with pytest.raises(ValueError, match="flags nothing"):
        labels.precision_under_label_noise([0, 1], [0, 0])
    with pytest.raises(ValueError, match="noise_rates must be in"):
        labels.precision_under_label_noise([0, 1], [1, 1], noise_rates=[1.5])


def test_labelling_effort_hand_worked():
    est = labels.labelling_effort(
        300,
        seconds_per_item=20,
        n_annotators=3,
        disagreement_rate=0.3,
        adjudication_minutes=4,
        guideline_rounds=2,
        calibration_items=50,
        meeting_hours=1,
        ramp_up_items=100,
        ramp_up_slowdown=2,
        relabel_share=0.15,
        qa_share=0.1,
    )
    assert est.planned_hours == pytest.approx(5.0)
    hours = est.to_frame()["hours"]
    assert hours["slower start while learning the guideline"] == pytest.approx(100 * 3 * 20 / 3600)
    assert hours["calibration rounds (labelling + meetings)"] == pytest.approx(2 * (50 * 3 * 20 / 3600 + 4))
    assert hours["adjudicating disagreements"] == pytest.approx(6.0)
    assert est.realistic_hours == pytest.approx(hours.sum())
    assert 3 <= est.ratio <= 6


def test_labelling_effort_bad_input():
    with pytest.raises(ValueError, match="ramp_up_slowdown"):
        labels.labelling_effort(10, ramp_up_slowdown=0.5)
    with pytest.raises(ValueError, match="disagreement_rate"):
        labels.labelling_effort(10, disagreement_rate=2)


def test_survey_skews_towards_the_unhappy():
    r = labels.simulate_survey(200_000, satisfied_share=0.8, response_rate=0.02, unhappy_response_multiplier=4, seed=3)
    # expected measured share: 0.8 / (0.8 + 0.2 * 4) = 0.5
    assert r.measured_satisfaction == pytest.approx(0.5, abs=0.03)
    assert r.true_satisfaction == pytest.approx(0.8, abs=0.01)
    assert not r.interval_covers_truth
    assert r.n_responses == pytest.approx(200_000 * 0.02, rel=0.1)
    neutral = labels.simulate_survey(200_000, unhappy_response_multiplier=1, seed=3)
    assert abs(neutral.bias) < 0.03
    with pytest.raises(ValueError, match="probability"):
        labels.simulate_survey(1_000, response_rate=0.5, unhappy_response_multiplier=10)
