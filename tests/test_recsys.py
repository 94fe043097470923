"""aipm_kit.recsys: recommenders, audit metrics and probes.

Metrics are checked on hand-worked tiny catalogues and against independent
implementations (scikit-learn, SciPy); recommenders against brute-force
dense computations and, for item-kNN, against ``implicit``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from aipm_kit import recsys as rs
from aipm_kit.recsys.recommenders import top_k_indices

# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def movielens():
    from aipm_kit.data import load_movielens

    return load_movielens()


@pytest.fixture(scope="module")
def split(movielens):
    ratings, _ = movielens
    return rs.temporal_split(ratings)


@pytest.fixture
def tiny():
    """Four users, six films with genres; small enough to work by hand."""
    items = pd.DataFrame(
        {
            "item_id": [1, 2, 3, 4, 5, 6],
            "title": list("ABCDEF"),
            "genres": ["Horror", "Horror", "Comedy", "Comedy|Romance", "Drama", "Horror|Comedy"],
        }
    )
    ratings = pd.DataFrame(
        {
            "user_id": [1, 1, 1, 2, 2, 3, 3, 3, 4, 4],
            "item_id": [1, 2, 3, 1, 3, 3, 4, 5, 2, 6],
            "rating": [5.0, 4.0, 2.0, 4.0, 5.0, 3.0, 4.0, 5.0, 4.5, 1.0],
            "timestamp": pd.to_datetime(np.arange(10), unit="D", utc=True),
        }
    )
    return ratings, items


def _random_ratings(seed=0, users=30, items=40, density=0.25):
    rng = np.random.default_rng(seed)
    mask = rng.random((users, items)) < density
    mask[:, 0] |= ~mask.any(axis=1)  # every user rates something
    u, i = np.nonzero(mask)
    return pd.DataFrame({"user_id": u + 100, "item_id": i + 1, "rating": rng.integers(1, 11, size=len(u)) / 2.0})


# --------------------------------------------------------------------------- metric functions, by hand


def test_gini_worked_on_paper():
    # sorted x = 0,0,1,3 ; n = 4 ; sum = 4 ; sum (2i-n-1) x_i = (1)(1) + (3)(3) = 10 ; 10/16
    assert rs.audit.gini([3, 0, 1, 0]) == pytest.approx(0.625)
    assert rs.audit.gini([2, 2, 2]) == pytest.approx(0.0)
    assert rs.audit.gini([0, 0, 0, 5]) == pytest.approx(0.75)  # (n-1)/n


def test_gini_matches_mean_absolute_difference_definition():
    x = np.random.default_rng(1).exponential(size=200)
    mad = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
    assert rs.audit.gini(x) == pytest.approx(mad)


def test_exposure_gini_counts_unrecommended_films_as_zeros():
    assert rs.exposure_gini([4, 4, 4, 3], catalogue=[1, 2, 3, 4]) == pytest.approx(0.625)
    # same lists, bigger catalogue: more zeros, more inequality
    assert rs.exposure_gini([4, 4, 4, 3], catalogue=range(1, 9)) > 0.625


def test_coverage_of_exactly_one_third():
    assert rs.catalogue_coverage([1, 2, 2, 1], [1, 2, 3, 4, 5, 6]) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="outside the catalogue"):
        rs.catalogue_coverage([7], [1, 2, 3])


def test_calibration_is_zero_when_list_matches_profile(tiny):
    _, items = tiny
    # history: one horror, one comedy -> p = (1/2, 1/2); list: another horror, another comedy
    assert rs.genre_calibration_kl([1, 3], [2, 4 if False else 3], items) == pytest.approx(0.0)
    assert rs.genre_calibration_kl([1, 3], [2, 3], items) == pytest.approx(0.0)


def test_calibration_by_hand_and_against_scipy(tiny):
    from scipy.stats import entropy

    _, items = tiny
    # all-horror history, all-comedy list: p = (0, 1) over (Comedy, Horror), q = (1, 0)
    # q~ = 0.99 q + 0.01 p = (0.99, 0.01); KL = 1 * ln(1 / 0.01) = ln 100
    assert rs.genre_calibration_kl([1, 2], [3], items) == pytest.approx(math.log(100))
    # a mixed case against scipy's KL: history {1: H, 4: C|R}, list {5: D, 6: H|C}
    genres = ["Comedy", "Drama", "Horror", "Romance"]
    p = np.array([0.25, 0, 0.5, 0.25])  # (H) and (C, R) halves
    q = np.array([0.25, 0.5, 0.25, 0])  # (D) and (H, C) halves
    assert len(genres) == 4
    expected = entropy(p, 0.99 * q + 0.01 * p)
    assert rs.genre_calibration_kl([1, 4], [5, 6], items) == pytest.approx(expected)


def test_intra_list_diversity_by_hand_and_against_sklearn(tiny):
    from sklearn.metrics.pairwise import cosine_distances

    _, items = tiny
    # Drama-free example: Horror, Horror, Comedy -> similarities 1, 0, 0 -> 1 - 1/3
    assert rs.intra_list_diversity([1, 2, 3], items) == pytest.approx(2 / 3)
    ids = [1, 3, 4, 5, 6]
    G = items.set_index("item_id").loc[ids, "genres"].str.get_dummies(sep="|").to_numpy()
    d = cosine_distances(G)
    expected = d[np.triu_indices(len(ids), 1)].mean()
    assert rs.intra_list_diversity(ids, items) == pytest.approx(expected)
    assert rs.intra_list_diversity([1], items) == 0.0


def test_personalisation_against_scipy_pdist():
    from scipy.spatial.distance import pdist

    rng = np.random.default_rng(3)
    rows = []
    for u in range(12):
        for rank, item in enumerate(rng.choice(20, size=5, replace=False), start=1):
            rows.append((u, rank, item))
    recs = pd.DataFrame(rows, columns=["user_id", "rank", "item_id"])
    M = np.zeros((12, 20), dtype=bool)
    M[recs.user_id, recs.item_id] = True
    expected = pdist(M.astype(float), "cosine").mean()  # 1 - mean pairwise overlap
    assert rs.personalisation(recs) == pytest.approx(expected)
    same = pd.DataFrame({"user_id": [1, 1, 2, 2], "item_id": [5, 6, 5, 6]})
    assert rs.personalisation(same) == pytest.approx(0.0)
    with pytest.raises(ValueError, match="at least 2 users"):
        rs.personalisation(same[same.user_id == 1])


def test_ndcg_against_sklearn():
    from sklearn.metrics import ndcg_score

    rng = np.random.default_rng(4)
    for _ in range(20):
        n, k = 30, 10
        relevant = rng.choice(n, size=rng.integers(1, 8), replace=False)
        ranked = rng.choice(n, size=k, replace=False)
        y_true = np.zeros(n)
        y_true[relevant] = 1
        y_score = np.zeros(n)
        y_score[ranked] = np.arange(k, 0, -1)
        assert rs.ndcg_at_k(ranked, relevant, k) == pytest.approx(ndcg_score([y_true], [y_score], k=k))


def test_short_head_and_long_tail_share_by_hand():
    # counts: item 1 x6, item 2 x2, item 3 x1, item 4 x1 -> 60%, 80% after two films
    r = pd.DataFrame({"user_id": range(10), "item_id": [1] * 6 + [2] * 2 + [3, 4], "rating": 4.0})
    assert rs.short_head_items(r).tolist() == [1, 2]
    recs = pd.DataFrame({"user_id": [1, 1, 2, 2], "item_id": [1, 3, 3, 4]})
    assert rs.long_tail_share(recs, [1, 2]) == pytest.approx((0.5 + 1.0) / 2)


def test_short_head_is_the_shortest_prefix(movielens):
    ratings, _ = movielens
    head = rs.short_head_items(ratings)
    counts = ratings.item_id.value_counts()
    share = counts.loc[head].sum() / len(ratings)
    assert share >= 0.8
    # dropping the least-rated head film falls below 80%
    assert share - counts.loc[head].min() / len(ratings) < 0.8


def test_temporal_split_never_trains_on_a_users_future(split):
    train, test = split
    last_train = train.groupby("user_id").timestamp.max()
    first_test = test.groupby("user_id").timestamp.min()
    assert (first_test >= last_train.reindex(first_test.index)).all()
    n = train.groupby("user_id").size() + test.groupby("user_id").size().reindex(train.user_id.unique(), fill_value=0)
    assert (test.groupby("user_id").size() == np.floor(0.2 * n.loc[test.user_id.unique()])).all()


def test_temporal_split_bad_input(tiny):
    ratings, _ = tiny
    with pytest.raises(ValueError, match="timestamp"):
        rs.temporal_split(ratings.drop(columns="timestamp"))
    with pytest.raises(ValueError, match="by must be"):
        rs.temporal_split(ratings, by="month")
    with pytest.raises(ValueError, match="test_share"):
        rs.temporal_split(ratings, 1.5)


# --------------------------------------------------------------------------- RecAudit


def test_recaudit_tiny_catalogue_by_hand(tiny):
    ratings, items = tiny
    recs = pd.DataFrame({"user_id": [1, 1, 2, 2], "rank": [1, 2, 1, 2], "item_id": [5, 6, 5, 2]})
    test = pd.DataFrame({"user_id": [1, 2, 2], "item_id": [6, 2, 4], "rating": [5.0, 4.0, 4.5]})
    audit = rs.RecAudit(recs, ratings, items, test=test, name="tiny")
    o = audit.overall
    assert o["coverage"] == pytest.approx(3 / 6)
    # exposure over 6 films: 5 -> 2, 6 -> 1, 2 -> 1, others 0
    assert o["gini"] == pytest.approx(rs.audit.gini([0, 1, 0, 0, 2, 1]))
    # popularity (training ratings): 5 -> 1, 6 -> 1, 2 -> 2 ; ARP = mean(1, 1.5)
    assert o["arp"] == pytest.approx((1 + 1.5) / 2)
    # novelty with 4 users: -log2(1/4) = 2 bits for 5 and 6, -log2(2/4) = 1 bit for 2
    assert o["novelty"] == pytest.approx((2 + 1.5) / 2)
    # user 1: 6 relevant at rank 2 -> P = 1/2, R = 1, NDCG = (1/log2 3) / 1
    # user 2: {2, 4} relevant, 2 at rank 2 -> P = 1/2, R = 1/2, NDCG = (1/log2 3) / (1 + 1/log2 3)
    assert o["precision"] == pytest.approx(0.5)
    assert o["recall"] == pytest.approx(0.75)
    g = 1 / math.log2(3)
    assert o["ndcg"] == pytest.approx((g + g / (1 + g)) / 2)
    assert o["personalisation"] == pytest.approx(0.5)  # share 1 of 2 films
    assert "tiny" in repr(audit)
    assert set(audit.to_frame().columns) == {"metric", "label", "value"}


def test_recaudit_calibration_and_diversity_match_the_functions(tiny):
    ratings, items = tiny
    recs = pd.DataFrame({"user_id": [1, 1, 3, 3, 3], "rank": [1, 2, 1, 2, 3], "item_id": [4, 6, 1, 2, 6]})
    audit = rs.RecAudit(recs, ratings, items)
    per = audit.per_user
    assert per.loc[1, "calibration"] == pytest.approx(rs.genre_calibration_kl([1, 2, 3], [4, 6], items))
    assert per.loc[3, "calibration"] == pytest.approx(rs.genre_calibration_kl([3, 4, 5], [1, 2, 6], items))
    assert per.loc[3, "diversity"] == pytest.approx(rs.intra_list_diversity([1, 2, 6], items))
    assert "precision" not in audit.overall  # no test set, no accuracy


def test_recaudit_ndcg_against_sklearn_on_real_lists(movielens, split):
    from sklearn.metrics import ndcg_score

    _, movies = movielens
    train, test = split
    model = rs.ItemKNN().fit(train, movies)
    users = np.sort(train.user_id.unique())[:40]
    recs = model.recommend(users, 10)
    audit = rs.RecAudit(recs, train, movies, test=test, k=10)
    relevant = test[test.rating >= 4]
    items = model.items_
    for user in users[:15]:
        rel = relevant.loc[relevant.user_id == user, "item_id"].to_numpy()
        if len(rel) == 0:
            assert np.isnan(audit.per_user.loc[user, "ndcg"])
            continue
        lst = recs.loc[recs.user_id == user].sort_values("rank").item_id.to_numpy()
        y_true = np.isin(items, rel).astype(float)
        y_score = np.zeros(len(items))
        y_score[np.searchsorted(items, lst)] = np.arange(len(lst), 0, -1)
        assert audit.per_user.loc[user, "ndcg"] == pytest.approx(ndcg_score([y_true], [y_score], k=10))


def test_recaudit_segments_and_compare(tiny):
    ratings, items = tiny
    recs = pd.DataFrame({"user_id": [1, 2, 3, 4], "rank": 1, "item_id": [5, 5, 6, 1]})
    other = pd.DataFrame({"user_id": [1, 2, 3, 4], "rank": 1, "item_id": [5, 4, 6, 1]})
    a = rs.RecAudit(recs, ratings, items, name="a")
    b = rs.RecAudit(other, ratings, items, name="b")
    seg = a.by_user_segment({1: "x", 2: "x", 3: "y", 4: "y"})
    assert seg["users"].sum() == 4
    assert seg.loc["x", "coverage"] == pytest.approx(1 / 6)
    assert seg.loc["y", "coverage"] == pytest.approx(2 / 6)
    cmp = a.compare(b)
    assert cmp.loc["coverage", "difference"] == pytest.approx(1 / 6)
    assert list(cmp.columns[:2]) == ["a", "b"]
    assert set(a.by_user_segment("activity").index) <= {"light", "medium", "heavy"}
    assert set(a.by_user_segment("taste").index) <= {"mainstream", "niche"}
    with pytest.raises(TypeError):
        a.compare("b")
    with pytest.raises(ValueError, match="kind"):
        a.by_user_segment("age")


@pytest.fixture(scope="module")
def popularity_vs_item_knn(movielens, split):
    """The audits of popularity and item-kNN lists for the first 150 users, scored on the held-out ratings."""
    _, movies = movielens
    train, test = split
    users = np.sort(train.user_id.unique())[:150]
    a = rs.RecAudit(rs.Popularity().fit(train, movies).recommend(users, 10), train, movies, test=test)
    b = rs.RecAudit(rs.ItemKNN().fit(train, movies).recommend(users, 10), train, movies, test=test)
    return a, b


def scipy_percentile_interval(samples, statistic, *, paired: bool):
    """scipy's percentile bootstrap interval (4,000 resamples, seeded): the reference the kit's intervals match."""
    from scipy.stats import bootstrap

    return bootstrap(
        samples,
        statistic,
        n_resamples=4000,
        method="percentile",
        paired=paired,
        vectorized=True,
        random_state=np.random.default_rng(2),
    ).confidence_interval


def test_difference_interval_matches_scipy_bootstrap(popularity_vs_item_knn):
    a, b = popularity_vs_item_knn
    got = a.difference_interval(b, "ndcg", n_boot=4000, seed=1)
    diff = (b.per_user.ndcg - a.per_user.ndcg).dropna().to_numpy()
    ref = scipy_percentile_interval((diff,), np.mean, paired=False)
    assert got["difference"] == pytest.approx(diff.mean())
    assert got["users"] == len(diff)
    width = ref.high - ref.low
    assert got["low"] == pytest.approx(ref.low, abs=0.1 * width)
    assert got["high"] == pytest.approx(ref.high, abs=0.1 * width)
    with pytest.raises(ValueError, match="metric"):
        a.difference_interval(b, "nope")


def test_recaudit_bad_input(tiny):
    ratings, items = tiny
    recs = pd.DataFrame({"user_id": [1], "rank": [1], "item_id": [5]})
    with pytest.raises(ValueError, match="rank"):
        rs.RecAudit(recs.drop(columns="rank"), ratings, items)
    with pytest.raises(ValueError, match="missing from items"):
        rs.RecAudit(recs.assign(item_id=99), ratings, items)
    with pytest.raises(ValueError, match="rating"):
        rs.RecAudit(recs, ratings.drop(columns="rating"), items)
    with pytest.raises(ValueError, match="no rows"):
        rs.RecAudit(recs.iloc[:0], ratings, items)


# --------------------------------------------------------------------------- recommenders


def test_top_k_indices_matches_a_full_sort_with_ties():
    rng = np.random.default_rng(5)
    scores = rng.integers(0, 4, size=(50, 30)).astype(float)  # many ties
    priority = rng.permutation(30)
    exclude = rng.random((50, 30)) < 0.2
    rows, cols, rank = top_k_indices(scores, 7, priority, exclude=exclude)
    for r in range(50):
        allowed = [c for c in range(30) if not exclude[r, c]]
        best = sorted(allowed, key=lambda c: (-scores[r, c], priority[c]))[:7]
        assert cols[rows == r].tolist() == best
        assert rank[rows == r].tolist() == list(range(1, len(best) + 1))


def test_every_model_follows_the_interface(tiny):
    ratings, items = tiny
    models = rs.reference_recommenders(items)
    models["matrix factorisation"] = rs.MatrixFactorisation(factors=2)  # 4 users: rank <= 4
    for name, model in models.items():
        model.fit(ratings, items)
        recs = model.recommend(k=3)
        assert list(recs.columns) == ["user_id", "rank", "item_id", "score"]
        seen = set(zip(ratings.user_id, ratings.item_id))
        assert not any((u, i) in seen for u, i in zip(recs.user_id, recs.item_id)), name
        # user 1 rated 3 of 6 films: exactly 3 unseen remain
        assert recs[recs.user_id == 1]["rank"].tolist() == [1, 2, 3]
        pd.testing.assert_frame_equal(recs, model.recommend(k=3))  # deterministic
        new = model.recommend_for_history([1, 2], k=2)
        assert set(new.user_id) == {-1} and not set(new.item_id) & {1, 2}


def test_popularity_ties_break_to_lower_item_id():
    ratings = pd.DataFrame({"user_id": [1, 2, 3, 4], "item_id": [30, 20, 10, 30], "rating": 4.0})
    recs = rs.Popularity().fit(ratings).recommend([2], k=2)
    assert recs.item_id.tolist() == [30, 10]  # 30 has 2 ratings; 10 beats 20 on the tie


def test_empty_history_falls_back_to_popularity(tiny):
    ratings, items = tiny
    pop = rs.Popularity().fit(ratings, items).recommend_for_history([], k=4)
    for model in (rs.ItemKNN(), rs.UserKNN(), rs.MatrixFactorisation(factors=2), rs.GenreContent(items)):
        recs = model.fit(ratings, items).recommend_for_history([], k=4)
        assert recs.item_id.tolist() == pop.item_id.tolist(), model


def test_bad_input_is_named(tiny):
    ratings, items = tiny
    model = rs.ItemKNN().fit(ratings, items)
    with pytest.raises(ValueError, match="user_ids"):
        model.recommend([1, 999], k=2)
    with pytest.raises(ValueError, match="outside the catalogue"):
        model.recommend_for_history([1, 999], k=2)
    with pytest.raises(ValueError, match="k=7 is larger than the catalogue"):
        model.recommend(k=7)
    with pytest.raises(ValueError, match=r"missing column\(s\) \['rating'\]"):
        rs.ItemKNN().fit(ratings.drop(columns="rating"))
    with pytest.raises(TypeError, match="k must be an integer"):
        model.recommend(k=2.5)
    with pytest.raises(TypeError, match="integer ids"):
        rs.ItemKNN().fit(ratings.assign(user_id=ratings.user_id.astype(str)))
    with pytest.raises(ValueError, match="missing value"):
        rs.ItemKNN().fit(ratings.assign(rating=np.where(ratings.index == 0, np.nan, ratings.rating)))
    with pytest.raises(RuntimeError, match="not fitted"):
        rs.ItemKNN().recommend()
    with pytest.raises(TypeError, match="list of item ids"):
        model.recommend_for_history(3, k=2)
    with pytest.raises(ValueError, match="factors"):
        rs.MatrixFactorisation(factors=10).fit(ratings)


def test_duplicate_ratings_keep_the_latest(tiny):
    ratings, items = tiny
    dup = pd.concat(
        [
            ratings,
            pd.DataFrame(
                {"user_id": [1], "item_id": [1], "rating": [0.5], "timestamp": [pd.Timestamp("2030-01-01", tz="UTC")]}
            ),
        ]
    )
    model = rs.Popularity().fit(dup, items)
    assert model.history_of(1).loc[1] == 0.5
    assert model.popularity_.sum() == len(ratings)


def test_item_knn_matches_brute_force_cosine():
    from sklearn.metrics.pairwise import cosine_similarity

    ratings = _random_ratings(seed=1)
    model = rs.ItemKNN().fit(ratings)
    R = model._R.toarray()
    S = cosine_similarity(R.T)
    scores = R @ S
    np.testing.assert_allclose(model._score(model._R, np.arange(R.shape[0]), model.users_), scores, atol=1e-10)
    # K-neighbour mode: each film keeps its K most similar films (itself included)
    K = 5
    knn = rs.ItemKNN(neighbours=K).fit(ratings)
    SK = np.zeros_like(S)
    for i in range(S.shape[0]):
        order = sorted(range(S.shape[1]), key=lambda j: (-S[i, j], j))[:K]
        SK[i, order] = S[i, order]
    np.testing.assert_allclose(knn._S.toarray(), SK, atol=1e-10)


def test_item_knn_agrees_with_implicit(movielens):
    implicit = pytest.importorskip("implicit.nearest_neighbours")
    ratings, movies = movielens
    sample = ratings[ratings.user_id <= 150]
    ours = rs.ItemKNN(neighbours=20).fit(sample)
    ref = implicit.CosineRecommender(K=20, num_threads=1)
    ref.fit(ours._R.tocsr(), show_progress=False)
    ids, _ = ref.recommend(np.arange(len(ours.users_)), ours._R.tocsr(), N=10)
    recs = ours.recommend(k=10)
    overlap = np.mean(
        [len(set(recs.item_id[recs.user_id == u]) & set(ours.items_[ids[r]])) / 10 for r, u in enumerate(ours.users_)]
    )
    assert overlap >= 0.95


def test_user_knn_matches_brute_force():
    from sklearn.metrics.pairwise import cosine_similarity

    ratings = _random_ratings(seed=2)
    model = rs.UserKNN(neighbours=4).fit(ratings)
    R = model._R.toarray()
    sims = cosine_similarity(R)
    np.fill_diagonal(sims, -np.inf)
    expected = np.zeros_like(R)
    for u in range(R.shape[0]):
        nb = sorted(range(R.shape[0]), key=lambda v: (-sims[u, v], v))[:4]
        nb = [v for v in nb if sims[u, v] > 0]
        expected[u] = sims[u, nb] @ R[nb]
    got = model._score(model._R, np.arange(R.shape[0]), model.users_)
    np.testing.assert_allclose(got, expected, atol=1e-10)


def test_matrix_factorisation_matches_sklearn_truncated_svd():
    from sklearn.decomposition import TruncatedSVD

    ratings = _random_ratings(seed=3)
    model = rs.MatrixFactorisation(factors=6).fit(ratings)
    svd = TruncatedSVD(n_components=6, algorithm="arpack").fit(model._R)
    V = svd.components_.T
    np.testing.assert_allclose(model.singular_values_, svd.singular_values_, rtol=1e-8)
    R = model._R.toarray()
    np.testing.assert_allclose(model._score(model._R, np.arange(R.shape[0]), model.users_), R @ V @ V.T, atol=1e-8)


def test_genre_content_serves_a_horror_fan_horror(movielens):
    ratings, movies = movielens
    model = rs.GenreContent(movies).fit(ratings)
    horror = movies[movies.genres == "Horror"].item_id.head(5).tolist()
    recs = model.recommend_for_history(horror, k=10)
    genres = movies.set_index("item_id").loc[recs.item_id, "genres"]
    assert genres.str.contains("Horror").all()


def test_random_is_seeded_and_reacts_to_history(tiny):
    ratings, items = tiny
    a = rs.RandomRecommender(seed=1).fit(ratings, items)
    b = rs.RandomRecommender(seed=1).fit(ratings, items)
    pd.testing.assert_frame_equal(a.recommend(k=2), b.recommend(k=2))
    c = rs.RandomRecommender(seed=2).fit(ratings, items)
    lists = [c.recommend_for_history([i], k=5).item_id.tolist() for i in (1, 2, 3)]
    assert len({tuple(x) for x in lists}) > 1


def test_long_tail_slots_guarantee_tail_films(movielens, split):
    _, movies = movielens
    train, _ = split
    base = rs.ItemKNN().fit(train, movies)
    users = np.sort(train.user_id.unique())[:50]
    model = rs.LongTailSlots(rs.ItemKNN(), tail_slots=3, depth=2000).fit(train, movies)
    recs = model.recommend(users, 10)
    head = rs.short_head_items(train)
    tail_per_user = (~recs.item_id.isin(head)).groupby(recs.user_id).sum()
    assert (tail_per_user >= 3).all()
    assert (recs.groupby("user_id")["rank"].max() == 10).all()
    # the films kept keep the base model's order
    full = base.recommend(users, 2000)
    for u in users[:10]:
        order = full[full.user_id == u].set_index("item_id")["rank"]
        assert order.loc[recs[recs.user_id == u].item_id].is_monotonic_increasing


# --------------------------------------------------------------------------- probes


def test_synthetic_users(movielens):
    ratings, movies = movielens
    users = rs.synthetic_users(ratings, movies, seed=0)
    g = movies.set_index("item_id").genres
    assert g.loc[users["horror fan"].index].str.contains("Horror").all()
    counts = ratings.item_id.value_counts()
    assert (counts.loc[users["horror fan"].index] >= 10).all()
    assert len(users["newcomer"]) == 1
    top = ratings.item_id.value_counts().index[:15]
    assert set(users["blockbuster lover"].index) == set(top)
    again = rs.synthetic_users(ratings, movies, seed=0)
    other = rs.synthetic_users(ratings, movies, seed=1)
    assert again["horror fan"].index.tolist() == users["horror fan"].index.tolist()
    assert other["horror fan"].index.tolist() != users["horror fan"].index.tolist()


def test_probe_users_summary(movielens):
    ratings, movies = movielens
    profiles = rs.synthetic_users(ratings, movies, seed=0)
    content = rs.probe_users(rs.GenreContent(movies).fit(ratings), profiles, movies)
    pop = rs.probe_users(rs.Popularity().fit(ratings), profiles, movies)
    assert content.summary.loc["horror fan", "horror_share"] == 1.0
    assert pop.summary.loc["horror fan", "median_ratings"] > content.summary.loc["horror fan", "median_ratings"]


def test_perturbation_signatures(movielens):
    ratings, movies = movielens
    pop = rs.one_rating_perturbation(rs.Popularity().fit(ratings), n_users=60, seed=0)
    rnd = rs.one_rating_perturbation(rs.RandomRecommender().fit(ratings), n_users=60, seed=0)
    knn = rs.one_rating_perturbation(rs.ItemKNN().fit(ratings), n_users=60, seed=0)
    assert rnd.changed_share == 1.0 and rnd.mean_overlap < 0.05
    assert pop.changed_share < knn.changed_share
    # popularity changes a list only when the added film was on it
    assert (pop.per_user.replaced <= 1).all()
    assert len(pop.per_user) == 60 and pop.to_frame().shape == (1, 6)


def test_feedback_loop_narrows_under_popularity(movielens):
    ratings, movies = movielens
    small = ratings[ratings.user_id <= 120]
    pop = rs.feedback_loop(rs.Popularity(), small, movies, rounds=3, accept=2, seed=0)
    rnd = rs.feedback_loop(rs.RandomRecommender(), small, movies, rounds=3, accept=2, seed=0)
    assert len(pop.rounds) == 4
    assert pop.rounds["ratings"].diff().iloc[1:].eq(2 * small.user_id.nunique()).all()
    assert pop.change("history_similarity") > 0
    assert pop.change("gini") > rnd.change("gini")
    assert pop.rounds["distinct_accepted"].iloc[-1] < rnd.rounds["distinct_accepted"].iloc[-1]
    with pytest.raises(ValueError, match="accept"):
        rs.feedback_loop(rs.Popularity(), small, rounds=1, k=2, accept=3)
    with pytest.raises(ValueError, match="column"):
        pop.change("nope")


def test_black_boxes_are_shuffled_and_anonymous(tiny):
    ratings, items = tiny
    models = {
        "popularity": rs.Popularity().fit(ratings, items),
        "item-kNN": rs.ItemKNN().fit(ratings, items),
        "genre content": rs.GenreContent(items).fit(ratings, items),
    }
    boxes, key = rs.black_boxes(models, seed=0)
    assert sorted(boxes) == ["Box A", "Box B", "Box C"]
    assert sorted(key.values()) == sorted(models)
    assert "popularity" not in repr(boxes) and "kNN" not in repr(boxes)
    orders = {tuple(rs.black_boxes(models, seed=s)[1].values()) for s in range(6)}
    assert len(orders) > 1
    label = next(b for b, n in key.items() if n == "popularity")
    pd.testing.assert_frame_equal(boxes[label].recommend(k=2), models["popularity"].recommend(k=2))
    with pytest.raises(TypeError):
        rs.BlackBox("Box Z", rs.Popularity())  # not fitted


# --------------------------------------------------------------------------- paired subsets and tail hits


def test_paired_bootstrap_difference_matches_the_audit_and_scipy():
    rng = np.random.default_rng(5)
    before = pd.Series(rng.normal(0.10, 0.1, 400), index=np.arange(400))
    after = before + rng.normal(-0.01, 0.05, 400)
    got = rs.paired_bootstrap_difference(before, after, n_boot=4000, seed=1)
    assert got["difference"] == pytest.approx((after - before).mean())
    assert got["relative"] == pytest.approx(after.mean() / before.mean() - 1)
    ref = scipy_percentile_interval(
        (before.to_numpy(), after.to_numpy()), lambda x, y, axis=-1: (y - x).mean(axis=axis), paired=True
    )
    width = ref.high - ref.low
    assert got["low"] == pytest.approx(ref.low, abs=0.1 * width)
    assert got["high"] == pytest.approx(ref.high, abs=0.1 * width)
    # the normal-theory paired interval, as a third check
    se = (after - before).std(ddof=1) / math.sqrt(400)
    assert got["low"] == pytest.approx(got["difference"] - 1.96 * se, abs=0.1 * width)
    # only users in both count; NaNs drop
    sub = rs.paired_bootstrap_difference(
        pd.Series([1.0, 0.0, np.nan], index=[1, 2, 3]), pd.Series([1.0, 1.0, 1.0, 1.0], index=[1, 2, 3, 4])
    )
    assert sub["users"] == 2 and sub["difference"] == pytest.approx(0.5)
    with pytest.raises(TypeError, match="before"):
        rs.paired_bootstrap_difference([1.0, 2.0], after)
    with pytest.raises(ValueError, match="fewer than 2"):
        rs.paired_bootstrap_difference(pd.Series([1.0], index=[1]), pd.Series([1.0], index=[1]))


def test_paired_bootstrap_difference_equals_difference_interval(popularity_vs_item_knn):
    a, b = popularity_vs_item_knn
    assert rs.paired_bootstrap_difference(a.per_user.ndcg, b.per_user.ndcg, seed=3) == pytest.approx(
        a.difference_interval(b, "ndcg", seed=3)
    )


def test_held_out_hits_by_hand():
    recs = pd.DataFrame({"user_id": [1, 1, 2, 2, 3], "rank": [1, 2, 1, 2, 1], "item_id": [7, 8, 9, 5, 8]})
    test = pd.DataFrame(
        {"user_id": [1, 1, 2, 3, 4, 5], "item_id": [8, 6, 5, 8, 8, 6], "rating": [5.0, 4.0, 4.5, 3.0, 4.0, 4.0]}
    )
    # tail = {5, 6, 8}; favourites (4+): user 1 {8, 6} hit 8; user 2 {5} hit at rank 2; user 3 only a 3-star;
    # user 4 has no list; user 5 {6} has no list either
    hits = rs.held_out_hits(recs, test, items=[5, 6, 8])
    assert hits.to_dict() == {1: 1.0, 2: 1.0, 4: 0.0, 5: 0.0}
    assert rs.held_out_hits(recs, test, items=[5, 6, 8], k=1).to_dict() == {1: 0.0, 2: 0.0, 4: 0.0, 5: 0.0}
    assert rs.held_out_hits(recs, test, items=[5, 6, 8], relevance_threshold=3).loc[3] == 1.0
    with pytest.raises(TypeError, match="relevance_threshold"):
        rs.held_out_hits(recs, test, items=[5], relevance_threshold="high")
    with pytest.raises(ValueError):
        rs.held_out_hits(recs.drop(columns="rank"), test, items=[5])


def test_item_similarity_table_matches_sklearn():
    from sklearn.metrics.pairwise import cosine_similarity

    ratings = _random_ratings(seed=4)
    model = rs.ItemKNN().fit(ratings)
    table = model.similarity([1, 5])
    S = cosine_similarity(model._R.toarray().T)
    np.testing.assert_allclose(table[1].to_numpy(), S[0], atol=1e-12)
    np.testing.assert_allclose(table[5].to_numpy(), S[4], atol=1e-12)
    assert table.loc[1, 1] == pytest.approx(1.0)


# --------------------------------------------------------------------------- edges (regressions)


# Regression: ndcg_at_k(k=0) divided by zero; RecAudit(k=0) divided precision by zero.
@pytest.mark.parametrize(
    "k, error", [(0, ValueError), (-3, ValueError), (2.5, TypeError), ("3", TypeError), (True, TypeError)]
)
def test_ndcg_at_k_refuses_k_below_one_naming_k(k, error):
    with pytest.raises(error, match=r"\bk\b"):
        rs.ndcg_at_k([1, 2, 3], [1], k)


def test_recaudit_refuses_k_below_one(tiny):
    ratings, items = tiny
    recs = pd.DataFrame({"user_id": [1, 2], "rank": [1, 1], "item_id": [5, 5]})
    test = pd.DataFrame({"user_id": [1], "item_id": [5], "rating": [5.0]})
    with pytest.raises(ValueError, match=r"\bk\b"):
        rs.RecAudit(recs, ratings, items, test=test, k=0)


# Regression: a fit that failed half-way (after the rating matrix was stored) left the model
# reporting itself fitted, and a failed refit left a previously fitted model half-replaced.
def test_failed_fit_leaves_the_model_unfitted(tiny):
    ratings, _ = tiny
    model = rs.MatrixFactorisation(factors=10)  # 4 users: the SVD step fails after the matrix is built
    with pytest.raises(ValueError, match="factors"):
        model.fit(ratings)
    assert not model.is_fitted
    assert "not fitted" in repr(model)
    with pytest.raises(RuntimeError, match="not fitted"):
        model.recommend([1], k=2)


def test_failed_refit_keeps_the_previous_fit(tiny, monkeypatch):
    ratings, _ = tiny
    model = rs.MatrixFactorisation(factors=2).fit(ratings)
    before = model.recommend([1, 2], k=2)
    users_before = model.users_.copy()

    def broken_eigh(*args, **kwargs):  # make the next fit fail mid-way, inside _fit
        raise np.linalg.LinAlgError("eigh did not converge")

    monkeypatch.setattr(np.linalg, "eigh", broken_eigh)
    bigger = pd.concat([ratings, pd.DataFrame({"user_id": [9], "item_id": [1], "rating": [3.0]})])
    with pytest.raises(np.linalg.LinAlgError):
        model.fit(bigger)
    monkeypatch.undo()
    assert model.is_fitted
    np.testing.assert_array_equal(model.users_, users_before)
    pd.testing.assert_frame_equal(model.recommend([1, 2], k=2), before)


# Novelty: Zhou et al. (2010), as recmetrics implements it: the mean over users of the mean of
# -log2(k_i / U) over their list, with k_i the users who rated film i and U the users in training.
def test_novelty_is_zhou_et_al_self_information(tiny):
    ratings, items = tiny
    recs = pd.DataFrame({"user_id": [1, 1, 2, 2], "rank": [1, 2, 1, 2], "item_id": [5, 6, 3, 4]})
    users = ratings["user_id"].nunique()
    degree = ratings.groupby("item_id")["user_id"].nunique()
    expected = np.mean([np.mean([-math.log2(degree[i] / users) for i in lst]) for lst in ([5, 6], [3, 4])])
    assert rs.novelty(recs, ratings) == pytest.approx(expected)
    assert rs.RecAudit(recs, ratings, items).overall["novelty"] == pytest.approx(expected)
    bits = rs.self_information([3, 5, 7], ratings)
    assert bits.tolist() == pytest.approx([-math.log2(3 / 4), -math.log2(1 / 4), math.log2(4)])
    assert "share of users" in rs.audit.METRICS["novelty"][0]
    with pytest.raises(ValueError, match="ratings"):
        rs.novelty(recs, ratings.iloc[:0])


def test_failed_refit_of_a_reranker_leaves_base_and_reranker_consistent(tiny, monkeypatch):
    ratings, items = tiny
    model = rs.LongTailSlots(rs.Popularity(), tail_slots=1).fit(ratings, items)
    before = model.recommend([1, 2], k=2)
    base_users = model.base.users_.copy()

    def broken(*args, **kwargs):  # the re-ranker's own step fails after the base has refitted
        raise RuntimeError("short head failed")

    monkeypatch.setattr(rs.audit.catalogue, "short_head_items", broken)  # where LongTailSlots looks it up
    bigger = pd.concat([ratings, pd.DataFrame({"user_id": [9], "item_id": [1], "rating": [3.0]})])
    with pytest.raises(RuntimeError, match="short head"):
        model.fit(bigger, items)
    monkeypatch.undo()
    np.testing.assert_array_equal(model.base.users_, base_users)
    pd.testing.assert_frame_equal(model.recommend([1, 2], k=2), before)


# --------------------------------------------------------------------------- position-weighted exposure,
# relative and unpaired intervals, the position-based simulated user


def test_position_weight_by_hand():
    # 1/log2(2) = 1, 1/log2(4) = 1/2, 1/log2(8) = 1/3, 1/log2(11) for slot 10
    assert rs.position_weight([1, 3, 7]).tolist() == pytest.approx([1.0, 0.5, 1 / 3])
    assert rs.position_weight([10])[0] == pytest.approx(1 / math.log2(11))
    with pytest.raises(ValueError):
        rs.position_weight([0])


def test_exposure_and_tail_share_by_hand():
    recs = pd.DataFrame(
        {"user_id": [1, 1, 1, 2, 2, 2], "rank": [1, 2, 3, 1, 2, 3], "item_id": [10, 20, 30, 10, 30, 40]}
    )
    w1, w2, w3 = 1.0, 1 / math.log2(3), 0.5
    e = rs.exposure(recs, catalogue=[10, 20, 30, 40, 50])
    assert e.to_dict() == pytest.approx({10: 2 * w1, 20: w2, 30: w3 + w2, 40: w3, 50: 0.0})
    assert rs.exposure(recs, discount=False).to_dict() == {10: 2, 20: 1, 30: 2, 40: 1}
    # short head = {10}: the tail holds every weight but the two first slots
    total = 2 * (w1 + w2 + w3)
    assert rs.tail_exposure_share(recs, short_head=[10]) == pytest.approx((total - 2) / total)
    assert rs.tail_exposure_share(recs, short_head=[10], discount=False) == pytest.approx(4 / 6)


def test_group_difference_matches_scipy_independent_bootstrap():
    rng = np.random.default_rng(3)
    a, b = rng.normal(0.10, 0.2, 300), rng.normal(0.06, 0.2, 280)
    got = rs.bootstrap_group_difference(a, b, n_boot=4000, seed=1)
    ref = scipy_percentile_interval((a, b), lambda x, y, axis=-1: y.mean(axis=axis) - x.mean(axis=axis), paired=False)
    assert got["difference"] == pytest.approx(b.mean() - a.mean())
    assert (got["n_a"], got["n_b"]) == (300, 280)
    width = ref.high - ref.low
    assert got["low"] == pytest.approx(ref.low, abs=0.1 * width)
    assert got["high"] == pytest.approx(ref.high, abs=0.1 * width)
    # the normal-theory interval of a difference of independent means, as a third check
    se = math.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
    assert got["low"] == pytest.approx(b.mean() - a.mean() - 1.96 * se, abs=0.1 * width)
    assert rs.bootstrap_group_difference([1.0, np.nan, 2.0], [3.0, 4.0])["difference"] == pytest.approx(2.0)
    with pytest.raises(ValueError):
        rs.bootstrap_group_difference([1.0], [2.0, 3.0])


def test_difference_interval_relative_matches_scipy_paired_bootstrap(popularity_vs_item_knn):
    a, b = popularity_vs_item_knn
    got = a.difference_interval(b, "ndcg", n_boot=4000, seed=1)
    paired = pd.concat([a.per_user.ndcg, b.per_user.ndcg], axis=1, keys=["a", "b"]).dropna()
    assert got["relative"] == pytest.approx(paired.b.mean() / paired.a.mean() - 1)
    ref = scipy_percentile_interval(
        (paired.a.to_numpy(), paired.b.to_numpy()),
        lambda x, y, axis=-1: y.mean(axis=axis) / x.mean(axis=axis) - 1,
        paired=True,
    )
    width = ref.high - ref.low
    assert got["relative_low"] == pytest.approx(ref.low, abs=0.1 * width)
    assert got["relative_high"] == pytest.approx(ref.high, abs=0.1 * width)


def test_position_choice_draws_in_proportion_to_the_discount():
    from aipm_kit.recsys.probes import position_choice

    n_users, k = 20_000, 10
    lists = pd.DataFrame(
        {
            "user_id": np.repeat(np.arange(n_users), k),
            "rank": np.tile(np.arange(1, k + 1), n_users),
            "item_id": np.tile(np.arange(1, k + 1), n_users),
        }
    )
    first = position_choice(lists, 1, np.random.default_rng(0))
    assert len(first) == n_users
    w = 1 / np.log2(np.arange(1, k + 1) + 1)
    share = first["item_id"].value_counts(normalize=True).reindex(range(1, k + 1), fill_value=0).to_numpy()
    # within about 4 standard errors of w / sum(w) for every rank
    se = np.sqrt(w / w.sum() * (1 - w / w.sum()) / n_users)
    assert np.all(np.abs(share - w / w.sum()) < 4 * se)
    two = position_choice(lists.head(5 * k), 2, np.random.default_rng(1))
    assert (two.groupby("user_id")["item_id"].nunique() == 2).all()


def test_feedback_loop_position_choice_is_seeded_and_checked():
    small = _random_ratings(seed=4)
    a = rs.feedback_loop(rs.Popularity(), small, rounds=2, k=5, accept=2, seed=3, choice="position")
    b = rs.feedback_loop(rs.Popularity(), small, rounds=2, k=5, accept=2, seed=3, choice="position")
    top = rs.feedback_loop(rs.Popularity(), small, rounds=2, k=5, accept=2, seed=3)
    pd.testing.assert_frame_equal(a.rounds, b.rounds)
    # under popularity everyone sees the same list: top-2 users accept 2 films, position users more
    assert a.rounds["distinct_accepted"].iloc[-1] > top.rounds["distinct_accepted"].iloc[-1]
    with pytest.raises(ValueError, match="choice"):
        rs.feedback_loop(rs.Popularity(), small, rounds=1, k=5, accept=1, choice="bottom")


def test_popular_tail_filler_is_the_trivial_baseline_worked_by_hand():
    # 10 films: films 1-2 hold over 80% of the ratings (the short head); 3-10 are the long tail,
    # rated 4, 3, 2, 1, 1, 1, 1, 1 times by other users. User 1 rated film 3 (the most-rated tail film).
    rows = [(u, 1) for u in range(10, 50)] + [(u, 2) for u in range(10, 40)]  # 70 of 85 ratings: 82%
    for item, n in zip(range(3, 11), (4, 3, 2, 1, 1, 1, 1, 1)):
        rows += [(100 + 10 * item + j, item) for j in range(n)]
    rows += [(1, 3)]
    ratings = pd.DataFrame(rows, columns=["user_id", "item_id"]).assign(rating=5.0)
    head = rs.short_head_items(ratings)
    assert set(head) == {1, 2}
    filler = rs.LongTailSlots(rs.Popularity(), tail_slots=2, pick="popular").fit(ratings)
    got = filler.recommend([1], k=4)
    # the base model's top 2 (films 1 and 2), then the two most-rated tail films user 1 has not rated: 4 and 5
    assert got["item_id"].tolist() == [1, 2, 4, 5] and got["rank"].tolist() == [1, 2, 3, 4]
    assert got["score"].iloc[2:].isna().all() and got["score"].iloc[:2].notna().all()
    # every slot reserved (k == tail_slots): only tail films, still skipping what the user rated
    assert rs.LongTailSlots(rs.Popularity(), tail_slots=3, pick="popular").fit(ratings).recommend([1], k=3)[
        "item_id"
    ].tolist() == [4, 5, 6]
    with pytest.raises(ValueError, match="pick must be one of"):
        rs.LongTailSlots(rs.Popularity(), pick="random")
