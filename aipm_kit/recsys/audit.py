"""Audit what a recommender does to users and to the catalogue.

:class:`RecAudit` is modelled on fairlearn's ``MetricFrame``: one object holds
every metric for one set of recommendation lists, ``.overall`` gives the
headline numbers, ``.by_user_segment(...)`` the same numbers per group of
users, ``.compare(other)`` two recommenders side by side. The metric
functions it is built from are public too, and each is small enough to check
on paper.

Definitions (``L_u`` is user ``u``'s list, ``k`` its requested length, ``U``
the number of users in the training ratings, ``n_i`` the number of training
ratings of film ``i``; every film of the ``items`` frame is in the catalogue):

- **coverage**: distinct films recommended to anyone / films in the catalogue.
- **gini**: Gini coefficient of exposure over the *whole catalogue*, films
  never recommended included as zeros: ``sum_i (2i - n - 1) x_(i) / (n sum x)``
  with exposures ``x`` (times a film appears in any list) sorted ascending.
  0 = every film shown equally often; near 1 = a few films get all exposure.
- **arp** (average recommended popularity): mean over users of the mean
  ``n_i`` of their recommended films (Abdollahpouri et al.).
- **aplt** (average percentage of long tail): mean over users of the share of
  their list outside the *short head*. The short head is the smallest set of
  most-rated films (ties: lower ``item_id`` first) that holds 80% of all
  training ratings; everything else, unrated films included, is long tail.
- **novelty** (:func:`novelty`): mean over users of the mean self-information
  ``-log2(n_i / U)`` of their films, in bits, where ``n_i / U`` is the share
  of training users who rated film ``i`` (the chance a random user already
  knows it; each user rates a film at most once, so ``n_i`` is also the
  film's number of ratings). This is the standard definition of Zhou et al.
  (2010, "Solving the apparent diversity-accuracy dilemma of recommender
  systems", PNAS 107(10), the ``novelty`` of the ``recmetrics`` package) and
  the ``-log2 p(seen|i)`` of Vargas & Castells (2011, "Rank and relevance in
  novelty and diversity metrics for recommender systems", RecSys), so it can
  be compared with published numbers. 0 bits = every user rated the film;
  each halving of that share adds 1 bit. Films nobody rated count as rated
  by one user (``n_i = 1``), the most novel a film can observably be.
  (Another form in use, ``-log2(n_i / |R|)`` over the share of all ratings,
  gives larger values that are not comparable with these.)
- **diversity** (intra-list genre diversity): mean over users of
  ``1 - mean pairwise cosine similarity`` of the films' 0/1 genre vectors
  (``(no genres listed)`` counts as a genre). A one-film list scores 0.
- **calibration** (Steck 2018, miscalibration, lower is better): mean over
  users of ``KL(p || q~) = sum_g p(g|u) ln(p(g|u) / q~(g|u))``, where
  ``p(g|u)`` is the genre mix of the user's training history, ``q(g|u)`` that
  of their list, each film spreading weight 1 evenly over its genres and every
  film weighing the same, and ``q~ = (1 - alpha) q + alpha p`` with
  ``alpha = 0.01`` so the divergence stays finite. 0 = the list has exactly
  the user's genre mix. Natural log (nats).
- **personalisation**: ``1 - `` mean over all pairs of users of the overlap
  ``|L_u ∩ L_v| / sqrt(|L_u| |L_v|)`` (``= |L_u ∩ L_v| / k`` for full lists).
  0 = everyone gets the same list; 1 = no two lists share a film.
- **precision@k, recall@k, ndcg@k** (only when ``test`` is given): a test
  rating of at least ``relevance_threshold`` (4 stars) makes a film relevant.
  precision = hits / k (a short list still has k slots); recall = hits /
  relevant films; NDCG with binary gains and ``log2(rank + 1)`` discounts,
  divided by the ideal DCG of ``min(relevant, k)`` hits. Averaged over users
  with at least one relevant test film (the others are counted in
  ``users_evaluated``, not scored).

Examples
--------
>>> import pandas as pd
>>> items = pd.DataFrame({"item_id": [1, 2, 3], "genres": ["Drama", "Comedy", "Horror"]})
>>> ratings = pd.DataFrame({"user_id": [1, 2], "item_id": [1, 2], "rating": [4.0, 5.0]})
>>> recs = pd.DataFrame({"user_id": [1, 2], "rank": [1, 1], "item_id": [3, 3]})
>>> round(float(RecAudit(recs, ratings, items).overall["coverage"]), 4)
0.3333
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .._checks import check_columns, check_positive_int, check_probability
from .data import as_int_ids as _as_int_ids
from .data import clean_ratings, genre_matrix

#: metric -> (label, which direction a PM usually wants)
METRICS = {
    "coverage": ("Catalogue coverage", "higher = more of the catalogue ever shown"),
    "gini": ("Gini of exposure", "lower = exposure spread more evenly"),
    "arp": ("Average recommended popularity (ratings)", "lower = less popularity bias"),
    "aplt": ("Long-tail share of lists", "higher = more long-tail films"),
    "novelty": ("Novelty: -log2 share of users who rated (bits)", "higher = less obvious films"),
    "diversity": ("Intra-list genre diversity", "higher = more varied lists"),
    "calibration": ("Genre miscalibration (KL, nats)", "lower = lists match users' genre mix"),
    "personalisation": ("Personalisation", "higher = lists differ between users"),
    "precision": ("Precision@k", "higher = more hits"),
    "recall": ("Recall@k", "higher = more relevant films found"),
    "ndcg": ("NDCG@k", "higher = hits nearer the top"),
}


# --------------------------------------------------------------------------- splits

def temporal_split(ratings: pd.DataFrame, test_share: float = 0.2, *, by: str = "user"):
    """Split ratings in time: ``(train, test)``.

    ``by="user"`` (default): each user's latest ``floor(test_share * n_u)``
    ratings go to test (ties in time broken by ``item_id``), so every user is
    both trained on and evaluated, and never on their own future.
    ``by="global"``: one cut-off time for everyone at the ``1 - test_share``
    quantile of timestamps; ratings at or after it are test. Users who appear
    only after the cut-off are then cold-start users in test.

    Examples
    --------
    >>> r = pd.DataFrame({"user_id": [1] * 5, "item_id": [1, 2, 3, 4, 5], "rating": 4.0,
    ...                   "timestamp": pd.to_datetime(range(5), unit="D", utc=True)})
    >>> train, test = temporal_split(r, 0.4)
    >>> test.item_id.tolist()
    [4, 5]
    """
    check_columns(ratings, ["user_id", "item_id", "rating", "timestamp"], name="ratings")
    test_share = check_probability(test_share, "test_share", inclusive=False)
    if by not in ("user", "global"):
        raise ValueError(f"by must be 'user' or 'global', got {by!r}")
    frame = ratings.sort_values(["user_id", "timestamp", "item_id"], kind="stable")
    if by == "global":
        cutoff = ratings["timestamp"].quantile(1 - test_share)
        is_test = frame["timestamp"] >= cutoff
    else:
        n = frame.groupby("user_id")["item_id"].transform("size")
        position = frame.groupby("user_id").cumcount()
        is_test = position >= n - np.floor(test_share * n).astype(int)
    return frame[~is_test].reset_index(drop=True), frame[is_test].reset_index(drop=True)


# --------------------------------------------------------------------------- metric functions

def catalogue_coverage(rec_items, catalogue) -> float:
    """Share of ``catalogue`` (item ids) that appears at least once in ``rec_items``.

    >>> catalogue_coverage([1, 1, 2], [1, 2, 3, 4, 5, 6])
    0.3333333333333333
    """
    catalogue = np.unique(_as_int_ids(catalogue, "catalogue"))
    if len(catalogue) == 0:
        raise ValueError("catalogue is empty")
    rec = np.unique(_as_int_ids(rec_items, "rec_items"))
    outside = np.setdiff1d(rec, catalogue)
    if len(outside):
        raise ValueError(f"rec_items holds {len(outside)} id(s) outside the catalogue, e.g. "
                         f"{outside[:5].tolist()}")
    return len(rec) / len(catalogue)


def gini(values) -> float:
    """Gini coefficient of non-negative ``values`` (0 = equal, (n-1)/n = one holds all).

    >>> gini([0, 0, 1, 3])
    0.625
    """
    x = np.sort(np.asarray(values, dtype=np.float64))
    if x.ndim != 1 or len(x) == 0:
        raise ValueError("values must be a non-empty 1-D sequence")
    if (x < 0).any() or not np.isfinite(x).all():
        raise ValueError("values must be finite, non-negative numbers")
    total = x.sum()
    if total == 0:
        raise ValueError("values are all zero: the Gini coefficient is undefined")
    n = len(x)
    i = np.arange(1, n + 1)
    return float(np.sum((2 * i - n - 1) * x) / (n * total))


def exposure_gini(rec_items, catalogue) -> float:
    """Gini of how often each catalogue film is recommended (films never shown count as 0).

    >>> exposure_gini([4, 4, 4, 3], [1, 2, 3, 4])
    0.625
    """
    catalogue = np.unique(_as_int_ids(catalogue, "catalogue"))
    rec = _as_int_ids(rec_items, "rec_items")
    pos = np.searchsorted(catalogue, rec)
    if len(rec) and ((pos >= len(catalogue)) | (catalogue[np.minimum(pos, len(catalogue) - 1)] != rec)).any():
        raise ValueError("rec_items holds ids outside the catalogue")
    return gini(np.bincount(pos, minlength=len(catalogue)))


def position_weight(rank) -> np.ndarray:
    """The standard position discount ``1 / log2(rank + 1)`` (rank 1 -> 1, rank 3 -> 0.5).

    It is the discount of DCG/NDCG, used here as the share of attention a list
    position gets: a film at rank 10 is seen about 0.29 times as often as one at
    rank 1.

    >>> position_weight([1, 3, 7]).tolist()
    [1.0, 0.5, 0.3333333333333333]
    """
    r = np.asarray(rank, dtype=np.float64)
    if (r < 1).any() or not np.isfinite(r).all():
        raise ValueError("ranks must be finite and at least 1")
    return 1.0 / np.log2(r + 1.0)


def exposure(recs: pd.DataFrame, catalogue=None, *, discount: bool = True) -> pd.Series:
    """Exposure of each film across all lists: ``sum over lists of 1 / log2(rank + 1)``
    (``discount=False``: the number of lists it appears in). With ``catalogue``, films
    never shown are included with 0.

    >>> recs = pd.DataFrame({"user_id": [1, 1, 2], "rank": [1, 3, 1], "item_id": [7, 8, 8]})
    >>> exposure(recs).to_dict()
    {7: 1.0, 8: 1.5}
    """
    check_columns(recs, ["rank", "item_id"], name="recs")
    w = position_weight(recs["rank"]) if discount else np.ones(len(recs))
    out = pd.Series(w, index=_as_int_ids(recs["item_id"], "recs['item_id']")).groupby(level=0).sum()
    if catalogue is not None:
        out = out.reindex(np.unique(_as_int_ids(catalogue, "catalogue")), fill_value=0.0)
    out.index.name = "item_id"
    return out.rename("exposure")


def tail_exposure_share(recs: pd.DataFrame, short_head, *, discount: bool = True) -> float:
    """Share of all (position-discounted) exposure that goes to films outside ``short_head``.

    >>> recs = pd.DataFrame({"user_id": [1, 1, 2], "rank": [1, 3, 1], "item_id": [7, 8, 8]})
    >>> tail_exposure_share(recs, short_head=[7])     # 1.5 of 2.5
    0.6
    """
    e = exposure(recs, discount=discount)
    tail = ~np.isin(e.index.to_numpy(), np.asarray(short_head))
    return float(e[tail].sum() / e.sum())


def bootstrap_group_difference(a, b, *, n_boot: int = 2000, level: float = 0.95,
                               seed: int = 0) -> dict:
    """Percentile bootstrap interval for ``mean(b) - mean(a)`` of two independent groups.

    Each group is resampled with replacement on its own (seeded), as two
    independent samples are: the right interval when the groups hold
    different users (for the same users scored twice use
    :meth:`RecAudit.difference_interval`, which pairs them). NaNs are dropped.
    Returns ``{"difference", "low", "high", "n_a", "n_b"}``.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    if len(a) < 2 or len(b) < 2:
        raise ValueError("each group needs at least 2 values")
    level = check_probability(level, "level", inclusive=False)
    n_boot = check_positive_int(n_boot, "n_boot")
    rng = np.random.default_rng(seed)
    ma = a[rng.integers(0, len(a), size=(n_boot, len(a)))].mean(axis=1)
    mb = b[rng.integers(0, len(b), size=(n_boot, len(b)))].mean(axis=1)
    tail = (1 - level) / 2
    low, high = np.quantile(mb - ma, [tail, 1 - tail])
    return {"difference": float(b.mean() - a.mean()), "low": float(low), "high": float(high),
            "n_a": int(len(a)), "n_b": int(len(b))}


def paired_bootstrap_difference(before, after, *, n_boot: int = 2000, level: float = 0.95,
                                seed: int = 0) -> dict:
    """Percentile bootstrap interval for ``mean(after) - mean(before)`` over the same units.

    ``before`` and ``after`` are per-user Series (index = user); users in both
    (NaNs dropped) are resampled together, as :meth:`RecAudit.difference_interval`
    does for a whole audit; use this for a subset of users or a metric the audit
    does not hold. Returns ``{"difference", "low", "high", "users", "relative",
    "relative_low", "relative_high"}`` (relative: ``mean(after) / mean(before) - 1``).

    >>> b = pd.Series([0.0, 1.0, 0.0, 1.0]); a = pd.Series([1.0, 1.0, 0.0, 1.0])
    >>> paired_bootstrap_difference(b, a)["difference"]
    0.25
    """
    for name, x in (("before", before), ("after", after)):
        if not isinstance(x, pd.Series):
            raise TypeError(f"{name} must be a pandas Series indexed by user, got {type(x).__name__}")
    level = check_probability(level, "level", inclusive=False)
    n_boot = check_positive_int(n_boot, "n_boot")
    paired = pd.concat([before.astype(float), after.astype(float)], axis=1, keys=["a", "b"],
                       join="inner").dropna()
    if len(paired) < 2:
        raise ValueError("fewer than 2 users are in both before and after")
    a = paired["a"].to_numpy()
    diff = paired["b"].to_numpy() - a
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(diff), size=(int(n_boot), len(diff)))
    means, base = diff[idx].mean(axis=1), a[idx].mean(axis=1)
    tail = (1 - level) / 2
    low, high = np.quantile(means, [tail, 1 - tail])
    with np.errstate(divide="ignore", invalid="ignore"):
        rel_low, rel_high = np.quantile(means / base, [tail, 1 - tail])
        relative = diff.mean() / a.mean() if a.mean() != 0 else np.nan
    return {"difference": float(diff.mean()), "low": float(low), "high": float(high),
            "users": int(len(diff)), "relative": float(relative),
            "relative_low": float(rel_low), "relative_high": float(rel_high)}


def held_out_hits(recs: pd.DataFrame, test: pd.DataFrame, items, *, relevance_threshold: float = 4.0,
                  k: int | None = None) -> pd.Series:
    """Per user with a held-out favourite among ``items``: 1.0 if the top-``k`` list holds one, else 0.0.

    A favourite is a held-out rating at or above ``relevance_threshold``. Users
    with no such favourite are left out (nothing to hit); a user with no list
    scores 0. Used with ``items`` = the long tail: does a fix for the tail reach
    the tail films users went on to like?

    >>> recs = pd.DataFrame({"user_id": [1, 1, 2], "rank": [1, 2, 1], "item_id": [7, 8, 9]})
    >>> test = pd.DataFrame({"user_id": [1, 2, 3], "item_id": [8, 5, 8], "rating": [5.0, 4.0, 2.0]})
    >>> held_out_hits(recs, test, items=[5, 8]).to_dict()
    {1: 1.0, 2: 0.0}
    """
    check_columns(recs, ["user_id", "rank", "item_id"], name="recs")
    check_columns(test, ["user_id", "item_id", "rating"], name="test")
    try:
        threshold = float(relevance_threshold)
    except (TypeError, ValueError):
        raise TypeError(f"relevance_threshold must be a number, got {relevance_threshold!r}") from None
    items = np.asarray(items)
    fav = test[(test["rating"] >= threshold) & np.isin(test["item_id"].to_numpy(), items)]
    shown = recs if k is None else recs[recs["rank"] <= check_positive_int(k, "k")]
    hit_pairs = fav.merge(shown[["user_id", "item_id"]], on=["user_id", "item_id"])
    users = np.unique(fav["user_id"].to_numpy())
    out = pd.Series(np.isin(users, hit_pairs["user_id"].to_numpy()).astype(float),
                    index=pd.Index(users, name="user_id"), name="hit")
    return out


def short_head_items(ratings: pd.DataFrame, share: float = 0.8) -> np.ndarray:
    """The most-rated films that together hold ``share`` of all ratings (sorted ids).

    Films are ranked by rating count (ties: lower ``item_id`` first); the short
    head is the shortest prefix whose cumulative share reaches ``share``.

    >>> r = pd.DataFrame({"user_id": range(10), "rating": 4.0,
    ...                   "item_id": [1, 1, 1, 1, 1, 1, 2, 2, 3, 4]})
    >>> short_head_items(r).tolist()
    [1, 2]
    """
    check_columns(ratings, ["item_id"], name="ratings")
    share = check_probability(share, "share", inclusive=False)
    counts = ratings["item_id"].value_counts()
    if counts.empty:
        raise ValueError("ratings has no rows")
    table = pd.DataFrame({"item_id": counts.index.to_numpy(), "n": counts.to_numpy()})
    table = table.sort_values(["n", "item_id"], ascending=[False, True], kind="stable")
    cum = table["n"].cumsum().to_numpy() / table["n"].sum()
    size = int(np.searchsorted(cum, share - 1e-12) + 1)
    return np.sort(table["item_id"].to_numpy()[:size].astype(np.int64))


def long_tail_share(recs: pd.DataFrame, short_head) -> float:
    """APLT: mean over users of the share of their list outside ``short_head``.

    >>> recs = pd.DataFrame({"user_id": [1, 1, 2, 2], "item_id": [1, 5, 6, 7]})
    >>> long_tail_share(recs, [1, 2])
    0.75
    """
    check_columns(recs, ["user_id", "item_id"], name="recs")
    tail = ~np.isin(recs["item_id"].to_numpy(), np.asarray(short_head))
    return float(pd.Series(tail, index=recs.index).groupby(recs["user_id"]).mean().mean())


def _genre_matrix(items: pd.DataFrame, catalogue: np.ndarray) -> tuple[np.ndarray, list[str]]:
    table = items.drop_duplicates("item_id").set_index("item_id")["genres"]
    return genre_matrix(table.reindex(catalogue))


def intra_list_diversity(item_ids, items: pd.DataFrame) -> float:
    """1 - mean pairwise cosine similarity of the films' genre vectors (one list).

    >>> items = pd.DataFrame({"item_id": [1, 2, 3], "genres": ["Drama", "Drama", "Horror"]})
    >>> round(intra_list_diversity([1, 2, 3], items), 4)
    0.6667
    """
    check_columns(items, ["item_id", "genres"], name="items")
    ids = _as_int_ids(item_ids, "item_ids")
    unknown = np.setdiff1d(ids, items["item_id"].to_numpy())
    if len(unknown):
        raise ValueError(f"item_ids holds id(s) not in items: {unknown[:5].tolist()}")
    if len(ids) < 2:
        return 0.0
    G, _ = _genre_matrix(items, ids)
    G = G / np.linalg.norm(G, axis=1, keepdims=True)
    sims = G @ G.T
    n = len(ids)
    return float(1 - (sims.sum() - np.trace(sims)) / (n * (n - 1)))


def _genre_distribution(G: np.ndarray) -> np.ndarray:
    """Rows of 0/1 genre vectors -> each film spreads weight 1 evenly over its genres."""
    return G / G.sum(axis=1, keepdims=True)


def _kl_calibration(p: np.ndarray, q: np.ndarray, alpha: float) -> np.ndarray:
    q_tilde = (1 - alpha) * q + alpha * p
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log(p / q_tilde), 0.0)
    return terms.sum(axis=-1)


def genre_calibration_kl(history_items, rec_items, items: pd.DataFrame, *,
                         alpha: float = 0.01) -> float:
    """Steck's miscalibration ``KL(p || (1 - alpha) q + alpha p)`` for one user (nats).

    ``p``: genre mix of ``history_items``; ``q``: genre mix of ``rec_items``.

    >>> items = pd.DataFrame({"item_id": [1, 2, 3, 4],
    ...                       "genres": ["Horror", "Comedy", "Horror", "Comedy"]})
    >>> genre_calibration_kl([1, 2], [3, 4], items)
    0.0
    """
    check_columns(items, ["item_id", "genres"], name="items")
    alpha = check_probability(alpha, "alpha", inclusive=False)
    hist = _as_int_ids(history_items, "history_items")
    rec = _as_int_ids(rec_items, "rec_items")
    if len(hist) == 0 or len(rec) == 0:
        raise ValueError("history_items and rec_items must both be non-empty")
    catalogue = np.unique(np.concatenate([hist, rec]))
    unknown = np.setdiff1d(catalogue, items["item_id"].to_numpy())
    if len(unknown):
        raise ValueError(f"ids not in items: {unknown[:5].tolist()}")
    G, _ = _genre_matrix(items, catalogue)
    D = _genre_distribution(G)
    p = D[np.searchsorted(catalogue, hist)].mean(axis=0)
    q = D[np.searchsorted(catalogue, rec)].mean(axis=0)
    return float(_kl_calibration(p, q, alpha))


def personalisation(recs: pd.DataFrame) -> float:
    """1 - mean pairwise overlap of users' lists (overlap = shared films / sqrt(len * len)).

    >>> recs = pd.DataFrame({"user_id": [1, 1, 2, 2], "item_id": [1, 2, 1, 3]})
    >>> personalisation(recs)
    0.5
    """
    import scipy.sparse as sp

    check_columns(recs, ["user_id", "item_id"], name="recs")
    users, u = np.unique(recs["user_id"].to_numpy(), return_inverse=True)
    if len(users) < 2:
        raise ValueError("personalisation needs lists for at least 2 users")
    _, i = np.unique(recs["item_id"].to_numpy(), return_inverse=True)
    M = sp.csr_matrix((np.ones(len(u)), (u, i)))
    M.data = np.ones_like(M.data)  # a film listed twice for a user counts once
    lengths = np.asarray(M.sum(axis=1)).ravel()
    overlap = np.asarray((M @ M.T).toarray()) / np.sqrt(np.outer(lengths, lengths))
    n = len(users)
    return float(1 - (overlap.sum() - np.trace(overlap)) / (n * (n - 1)))


def self_information(item_ids, ratings: pd.DataFrame) -> np.ndarray:
    """Bits of self-information of each film: ``-log2(n_i / U)`` (Zhou et al. 2010).

    ``n_i``: users in ``ratings`` who rated film ``i`` (a film nobody rated
    counts as rated by one user); ``U``: users in ``ratings``.

    >>> r = pd.DataFrame({"user_id": [1, 2, 3, 4], "item_id": [7, 7, 8, 9], "rating": 4.0})
    >>> self_information([7, 8, 5], r).tolist()
    [1.0, 2.0, 2.0]
    """
    train = clean_ratings(ratings)
    ids = _as_int_ids(item_ids, "item_ids")
    users = train["user_id"].nunique()
    degree = train["item_id"].value_counts()
    return _bits(degree.reindex(ids, fill_value=0).to_numpy(), users)


def _bits(n_i: np.ndarray, users: int) -> np.ndarray:
    """``-log2(max(n_i, 1) / users)``: the one formula behind every novelty number here."""
    return -np.log2(np.maximum(n_i, 1) / users)


def novelty(recs: pd.DataFrame, ratings: pd.DataFrame) -> float:
    """Novelty of a set of lists: mean over users of the mean :func:`self_information` of their films.

    The standard definition of Zhou et al. (2010), in bits: ``-log2`` of the
    share of users (in the training ``ratings``) who rated each film.

    >>> r = pd.DataFrame({"user_id": [1, 2, 3, 4], "item_id": [7, 7, 8, 9], "rating": 4.0})
    >>> novelty(pd.DataFrame({"user_id": [1, 1, 2], "item_id": [8, 9, 7]}), r)
    1.5
    """
    check_columns(recs, ["user_id", "item_id"], name="recs")
    if len(recs) == 0:
        raise ValueError("recs has no rows: nothing to measure")
    bits = self_information(recs["item_id"], ratings)
    return float(pd.Series(bits, index=recs.index).groupby(recs["user_id"]).mean().mean())


def ndcg_at_k(ranked_items, relevant_items, k: int) -> float:
    """NDCG@k with binary gains for one user (0 when nothing relevant is ranked).

    ``k`` must be a whole number >= 1 (NDCG@0 is 0/0).

    >>> ndcg_at_k([5, 1, 7], relevant_items=[1], k=3)   # one hit at rank 2
    0.6309297535714575
    """
    k = check_positive_int(k, "k")
    ranked = list(ranked_items)[:k]
    relevant = set(relevant_items)
    if not relevant:
        raise ValueError("relevant_items is empty: NDCG is undefined for this user")
    dcg = sum(1 / math.log2(r + 2) for r, item in enumerate(ranked) if item in relevant)
    idcg = sum(1 / math.log2(r + 2) for r in range(min(len(relevant), k)))
    return dcg / idcg


# --------------------------------------------------------------------------- the audit frame

class RecAudit:
    """Every audit metric for one set of recommendation lists (see the module docstring).

    Parameters
    ----------
    recs : DataFrame ``user_id, rank, item_id`` (``score`` optional), e.g. from
        ``Recommender.recommend``.
    ratings : the *training* ratings the lists were made from (histories and
        popularity come from here).
    items : DataFrame ``item_id, genres``: the catalogue.
    test : optional held-out ratings (``user_id, item_id, rating``) for accuracy.
    k : list length for accuracy; default the longest list in ``recs``.
    relevance_threshold : a test rating at or above this makes a film relevant.
    head_share : share of ratings that defines the short head (0.8).
    alpha : calibration smoothing (0.01).
    name : a label for tables and comparisons.

    Examples
    --------
    >>> items = pd.DataFrame({"item_id": [1, 2, 3], "genres": ["Drama", "Comedy", "Horror"]})
    >>> ratings = pd.DataFrame({"user_id": [1, 2], "item_id": [1, 2], "rating": [4.0, 5.0]})
    >>> recs = pd.DataFrame({"user_id": [1, 2], "rank": [1, 1], "item_id": [3, 3]})
    >>> audit = RecAudit(recs, ratings, items, name="demo")
    >>> round(float(audit.overall["personalisation"]), 4)
    0.0
    """

    def __init__(self, recs: pd.DataFrame, ratings: pd.DataFrame, items: pd.DataFrame, *,
                 test: pd.DataFrame | None = None, k: int | None = None,
                 relevance_threshold: float = 4.0, head_share: float = 0.8,
                 alpha: float = 0.01, name: str = "recommender"):
        check_columns(recs, ["user_id", "rank", "item_id"], name="recs")
        check_columns(items, ["item_id", "genres"], name="items")
        if len(recs) == 0:
            raise ValueError("recs has no rows: nothing to audit")
        self.name = str(name)
        self.alpha = check_probability(alpha, "alpha", inclusive=False)
        self.head_share = check_probability(head_share, "head_share", inclusive=False)
        try:
            self.relevance_threshold = float(relevance_threshold)
        except (TypeError, ValueError):
            raise TypeError(f"relevance_threshold must be a number, got {relevance_threshold!r}") from None
        if not math.isfinite(self.relevance_threshold):
            raise ValueError(f"relevance_threshold must be a finite rating, got {relevance_threshold}")
        self._inputs = dict(ratings=ratings, items=items, test=test, k=k,
                            relevance_threshold=relevance_threshold, head_share=head_share,
                            alpha=alpha)
        train = clean_ratings(ratings)
        self.catalogue = np.unique(_as_int_ids(items["item_id"], "items['item_id']"))
        outside = np.setdiff1d(train["item_id"].unique(), self.catalogue)
        if len(outside):
            raise ValueError(f"ratings holds {len(outside)} item id(s) missing from items, "
                             f"e.g. {outside[:5].tolist()}")
        recs = recs.sort_values(["user_id", "rank"], kind="stable").reset_index(drop=True)
        rec_items = _as_int_ids(recs["item_id"], "recs['item_id']")
        outside = np.setdiff1d(rec_items, self.catalogue)
        if len(outside):
            raise ValueError(f"recs holds {len(outside)} item id(s) missing from items, "
                             f"e.g. {outside[:5].tolist()}")
        if (recs["rank"] < 1).any():
            raise ValueError("recs['rank'] must start at 1")
        self.recs = recs
        self.k = int(recs["rank"].max()) if k is None else check_positive_int(k, "k")
        self._compute(train, items, test)

    # -- computation
    def _compute(self, train, items, test):
        import scipy.sparse as sp

        cat = self.catalogue
        n_users_train = train["user_id"].nunique()
        pop = np.bincount(np.searchsorted(cat, train["item_id"].to_numpy()), minlength=len(cat))
        self.popularity = pd.Series(pop, index=pd.Index(cat, name="item_id"), name="ratings")
        self.short_head = short_head_items(train, self.head_share)
        tail = ~np.isin(cat, self.short_head)
        info = _bits(pop, n_users_train)

        recs = self.recs
        pos = np.searchsorted(cat, recs["item_id"].to_numpy())
        users, u = np.unique(recs["user_id"].to_numpy(), return_inverse=True)
        per = pd.DataFrame({"u": u, "pop": pop[pos], "tail": tail[pos], "info": info[pos]})
        grouped = per.groupby("u")
        table = pd.DataFrame(index=pd.Index(users, name="user_id"))
        table["n_recs"] = grouped.size().to_numpy()
        table["arp"] = grouped["pop"].mean().to_numpy()
        table["aplt"] = grouped["tail"].mean().to_numpy()
        table["novelty"] = grouped["info"].mean().to_numpy()

        G, self.genres = _genre_matrix(items, cat)
        M = sp.csr_matrix((np.ones(len(u)), (u, pos)), shape=(len(users), len(cat)))
        Gn = G / np.linalg.norm(G, axis=1, keepdims=True)
        summed = np.asarray(M @ Gn)
        n = table["n_recs"].to_numpy().astype(np.float64)
        pair_sum = (np.sum(summed ** 2, axis=1) - n) / 2
        with np.errstate(divide="ignore", invalid="ignore"):
            ild = np.where(n > 1, 1 - pair_sum / (n * (n - 1) / 2), 0.0)
        table["diversity"] = ild

        D = _genre_distribution(G)
        hist = train[train["user_id"].isin(users)]
        hu = np.searchsorted(users, hist["user_id"].to_numpy())
        Hm = sp.csr_matrix((np.ones(len(hist)), (hu, np.searchsorted(cat, hist["item_id"].to_numpy()))),
                           shape=(len(users), len(cat)))
        h_len = np.asarray(Hm.sum(axis=1)).ravel()
        table["history"] = h_len.astype(np.int64)
        p = np.asarray(Hm @ D) / np.maximum(h_len, 1)[:, None]
        q = np.asarray(M @ D) / n[:, None]
        kl = _kl_calibration(p, q, self.alpha)
        table["calibration"] = np.where(h_len > 0, kl, np.nan)   # no history: not scored
        self._M = M

        if test is not None:
            check_columns(test, ["user_id", "item_id", "rating"], name="test")
            relevant = test[test["rating"] >= self.relevance_threshold]
            relevant = relevant.drop_duplicates(["user_id", "item_id"])
            n_rel = relevant.groupby("user_id").size()
            hits = recs[recs["rank"] <= self.k].merge(relevant[["user_id", "item_id"]],
                                                      on=["user_id", "item_id"])
            hits = hits.assign(gain=1 / np.log2(hits["rank"] + 1))
            n_hit = hits.groupby("user_id").size().reindex(users, fill_value=0).to_numpy()
            dcg = hits.groupby("user_id")["gain"].sum().reindex(users, fill_value=0.0).to_numpy()
            nr = n_rel.reindex(users, fill_value=0).to_numpy()
            discounts = np.concatenate([[0.0], np.cumsum(1 / np.log2(np.arange(2, self.k + 2)))])
            idcg = discounts[np.minimum(nr, self.k)]
            scored = nr > 0
            with np.errstate(divide="ignore", invalid="ignore"):
                table["relevant"] = nr
                table["precision"] = np.where(scored, n_hit / self.k, np.nan)
                table["recall"] = np.where(scored, n_hit / np.maximum(nr, 1), np.nan)
                table["ndcg"] = np.where(scored, dcg / np.where(idcg > 0, idcg, 1), np.nan)
        self.per_user = table
        self._overall = self._summarise(table, recs)

    def _summarise(self, table, recs) -> pd.Series:
        out = {
            "users": float(len(table)),
            "k": float(self.k),
            "coverage": catalogue_coverage(recs["item_id"], self.catalogue),
            "gini": exposure_gini(recs["item_id"], self.catalogue),
            "arp": table["arp"].mean(),
            "aplt": table["aplt"].mean(),
            "novelty": table["novelty"].mean(),
            "diversity": table["diversity"].mean(),
            "calibration": table["calibration"].mean(),
        }
        if len(table) >= 2:
            out["personalisation"] = personalisation(recs)
        if "ndcg" in table:
            scored = table["ndcg"].notna()
            out["users_evaluated"] = float(scored.sum())
            if scored.any():
                for m in ("precision", "recall", "ndcg"):
                    out[m] = table.loc[scored, m].mean()
        return pd.Series(out, name=self.name, dtype=np.float64)

    # -- the MetricFrame-style views
    @property
    def overall(self) -> pd.Series:
        """Headline metrics (a Series: metric -> value)."""
        return self._overall.copy()

    def to_frame(self) -> pd.DataFrame:
        """``overall`` as a two-column frame with readable labels."""
        s = self._overall
        return pd.DataFrame({"metric": s.index,
                             "label": [METRICS.get(m, (m, ""))[0] for m in s.index],
                             "value": s.to_numpy()})

    def __repr__(self) -> str:
        s = self._overall
        lines = [f"RecAudit '{self.name}': {int(s['users'])} users, lists of {int(s['k'])}"]
        for m, v in s.items():
            if m in METRICS:
                lines.append(f"  {METRICS[m][0]:<42s} {v:10.4g}   ({METRICS[m][1]})")
        return "\n".join(lines)

    def user_segments(self, kind: str) -> pd.Series:
        """Built-in segments: ``"activity"`` (light / medium / heavy raters, by training
        history-length tertile) or ``"taste"`` (mainstream / niche: share of short-head
        films in the history above or below the median)."""
        ratings = clean_ratings(self._inputs["ratings"])
        if kind == "activity":
            n = ratings.groupby("user_id").size()
            labels = pd.qcut(n.rank(method="first"), 3, labels=["light", "medium", "heavy"])
            return labels.astype(str).rename("activity")
        if kind == "taste":
            head = ratings["item_id"].isin(self.short_head)
            share = head.groupby(ratings["user_id"]).mean()
            return pd.Series(np.where(share >= share.median(), "mainstream", "niche"),
                             index=share.index, name="taste")
        raise ValueError(f"kind must be 'activity' or 'taste', got {kind!r}")

    def by_user_segment(self, segments) -> pd.DataFrame:
        """The overall metrics recomputed within each user segment.

        ``segments``: ``"activity"``, ``"taste"``, or a Series / mapping
        ``user_id -> segment label``. Users the mapping leaves out are dropped.
        Catalogue metrics (coverage, gini, personalisation) are computed on the
        segment's own lists; popularity and the short head stay those of the
        whole training set.
        """
        if isinstance(segments, str):
            segments = self.user_segments(segments)
        segments = pd.Series(segments)
        if segments.empty:
            raise ValueError("segments is empty")
        label = self.recs["user_id"].map(segments)
        if label.isna().all():
            raise ValueError("segments maps none of the audited users; pass user_id -> label")
        rows = {}
        for seg, part in self.recs[label.notna()].groupby(label[label.notna()], sort=True):
            sub = RecAudit(part, name=f"{self.name} [{seg}]", **self._inputs)
            rows[seg] = sub._overall
        frame = pd.DataFrame(rows).T
        frame.index.name = segments.name or "segment"
        return frame

    def compare(self, *others: "RecAudit") -> pd.DataFrame:
        """Side-by-side metrics. With one other audit, adds ``difference`` (other - self)
        and ``ratio`` (other / self)."""
        if not others:
            raise ValueError("compare needs at least one other RecAudit")
        for o in others:
            if not isinstance(o, RecAudit):
                raise TypeError(f"compare takes RecAudit objects, got {type(o).__name__}")
        audits = (self,) + others
        names = [a.name for a in audits]
        if len(set(names)) < len(names):
            names = [f"{n} ({i})" for i, n in enumerate(names)]
        frame = pd.concat([a._overall for a in audits], axis=1, keys=names)
        if len(others) == 1:
            frame["difference"] = frame[names[1]] - frame[names[0]]
            with np.errstate(divide="ignore", invalid="ignore"):
                frame["ratio"] = frame[names[1]] / frame[names[0]].replace(0, np.nan)
        frame.index.name = "metric"
        return frame

    def difference_interval(self, other: "RecAudit", metric: str = "ndcg", *,
                            n_boot: int = 2000, level: float = 0.95, seed: int = 0) -> dict:
        """Paired bootstrap interval for ``other - self`` on a per-user metric.

        Users scored by both audits are resampled with replacement ``n_boot``
        times (seeded); the interval is the percentile interval of the mean
        difference. Returns ``{"difference", "low", "high", "users"}`` and the
        relative change ``mean(other) / mean(self) - 1`` with its percentile
        interval over the same resamples (``"relative"``, ``"relative_low"``,
        ``"relative_high"``).

        Examples
        --------
        >>> before.difference_interval(after, "ndcg")["relative"]     # doctest: +SKIP
        -0.118
        """
        if not isinstance(other, RecAudit):
            raise TypeError(f"other must be a RecAudit, got {type(other).__name__}")
        if metric not in self.per_user or metric not in other.per_user:
            raise ValueError(f"metric must be a per-user column of both audits, got {metric!r}")
        return paired_bootstrap_difference(self.per_user[metric], other.per_user[metric], n_boot=n_boot,
                                           level=level, seed=seed)

    @staticmethod
    def table(audits) -> pd.DataFrame:
        """One row per audit, one column per metric (for many recommenders at once)."""
        audits = list(audits)
        if not audits:
            raise ValueError("audits is empty")
        return pd.DataFrame([a._overall for a in audits], index=[a.name for a in audits])
