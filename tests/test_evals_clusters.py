"""The clustering pieces against scikit-learn, and their behaviour on the shipped runs."""

from __future__ import annotations

import numpy as np
import pytest

from aipm_kit.evals import clusters


def _blobs(seed=0, k=3, per=20, dim=6, spread=0.3):
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 5, size=(k, dim))
    X = np.vstack([c + rng.normal(0, spread, size=(per, dim)) for c in centres])
    truth = np.repeat(np.arange(k), per)
    return X, truth


def test_kmeans_finds_the_same_partition_as_scikit_learn():
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score

    for seed in range(4):
        X, truth = _blobs(seed)
        ours, centres, inertia = clusters.kmeans(X, 3, seed=seed)
        theirs = KMeans(3, n_init=10, random_state=seed).fit(X)
        assert adjusted_rand_score(ours, theirs.labels_) == 1.0
        assert adjusted_rand_score(ours, truth) == 1.0
        assert inertia == pytest.approx(theirs.inertia_, rel=1e-9)
    a = clusters.kmeans(X, 3, seed=1)[0]
    b = clusters.kmeans(X, 3, seed=1)[0]
    assert np.array_equal(a, b)
    with pytest.raises(ValueError, match="k must be"):
        clusters.kmeans(X, 0)


def test_silhouette_matches_scikit_learn():
    from sklearn.metrics import silhouette_score

    rng = np.random.default_rng(2)
    for _ in range(5):
        X = rng.random((30, 8))
        labels = rng.integers(0, 3, size=30)
        assert clusters.silhouette_cosine(X, labels) == pytest.approx(
            silhouette_score(X, labels, metric="cosine"), abs=1e-9
        )
    with pytest.raises(ValueError, match="between 2"):
        clusters.silhouette_cosine(X, np.zeros(30))


def test_tfidf_matrix_rows_are_unit_length_and_skip_stop_words():
    X, vocab = clusters.tfidf_matrix(["the refund is late", "refund refused || key fact missing"])
    assert np.allclose(np.linalg.norm(X, axis=1), 1)
    assert "the" not in vocab and "refund" in vocab and "refused key" not in vocab
    with pytest.raises(ValueError, match="no words"):
        clusters.tfidf_matrix(["the", "a"])


def test_cluster_labels_are_their_most_distinctive_terms():
    # hand-worked: "refund" is heavy in both clusters, so it does not name cluster 0; "price match" does,
    # and the pair replaces its single word "price"
    C = np.array([[0.9, 0.8, 0.7, 0.3, 0.0], [0.9, 0.0, 0.0, 0.1, 0.9]])
    vocab = ["refund", "price", "price match", "fee", "free trial"]
    assert clusters.distinctive_label(C, vocab, 0) == "price match / fee"
    assert clusters.distinctive_label(C, vocab, 1) == "free trial"


def test_failure_clusters_carry_a_computed_label():
    from aipm_kit.evals import adapters, cases, runner, scorers

    cs = cases.make_cases([{"id": str(i), "input": str(i), "expected": "yes"} for i in range(12)])
    answers = [
        "no refund possible today",
        "sorry I cannot help with accounts",
        "no refund possible at all",
        "sorry I cannot help with accounts now",
    ] * 3
    run = runner.run_eval(cs, adapters.from_function(lambda q: answers[int(q)]), [scorers.includes])
    fc = clusters.cluster_failures(run, k=2, seed=0)
    labels = sorted(c.label for c in fc.clusters)
    assert any("refund" in name for name in labels) and any(
        "help" in name or "accounts" in name or "sorry" in name for name in labels
    )
    assert "label" in fc.to_frame().columns
