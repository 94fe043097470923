"""How well the lists find what users went on to rate: the time split that makes a fair test, the NDCG of one
ranked list, and the per-user hit of a held-out favourite among chosen films (e.g. the long tail).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..._checks import check_columns, check_positive_int, check_probability

# --------------------------------------------------------------------------- splits


def temporal_split(ratings: pd.DataFrame, test_share: float = 0.2, *, by: str = "user"):
    """Split ratings in time: ``(train, test)``.

    ``by="user"`` (default): each user's latest ``floor(test_share * n_u)``
    ratings go to test (ties in time broken by ``item_id``), so every user is
    both trained on and evaluated, and never on their own future.
    ``by="global"``: one cut-off time for everyone at the ``1 - test_share``
    quantile of timestamps; ratings at or after it are test. Users who appear
    only after the cut-off are then cold-start users in test.

    Parameters
    ----------
    ratings : DataFrame
        Ratings with ``user_id``, ``item_id``, ``rating`` and ``timestamp`` columns.
    test_share : float, default 0.2
        The share of ratings held out, strictly between 0 and 1. With ``by="user"`` it is rounded
        down per user, so a user with few ratings may have none in test.
    by : {"user", "global"}, default "user"
        Where to cut: in each user's own history, or at one date for everyone. Keyword only.

    Returns
    -------
    train : DataFrame
        The earlier ratings, sorted by ``user_id``, ``timestamp``, ``item_id``, with a fresh index.
    test : DataFrame
        The later ratings, in the same order and with the same columns.

    Examples
    --------
    >>> r = pd.DataFrame({"user_id": [1] * 5, "item_id": [1, 2, 3, 4, 5], "rating": 4.0,
    ...                   "timestamp": pd.to_datetime(range(5), unit="D", utc=True)})
    >>> train, test = temporal_split(r, 0.4)
    >>> test.item_id.tolist()
    [4, 5]
    >>> r = pd.DataFrame({"user_id": [1, 1, 2, 2, 3], "item_id": [1, 2, 1, 3, 4], "rating": 4.0,
    ...                   "timestamp": pd.to_datetime([1, 2, 1, 2, 3], unit="D", utc=True)})
    >>> train, test = temporal_split(r, 0.5, by="global")
    >>> test[["user_id", "item_id"]].to_numpy().tolist()     # user 3 appears only in test
    [[1, 2], [2, 3], [3, 4]]
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


def held_out_hits(
    recs: pd.DataFrame, test: pd.DataFrame, items, *, relevance_threshold: float = 4.0, k: int | None = None
) -> pd.Series:
    """Per user with a held-out favourite among ``items``: 1.0 if the top-``k`` list holds one, else 0.0.

    A favourite is a held-out rating at or above ``relevance_threshold``. Users
    with no such favourite are left out (nothing to hit); a user with no list
    scores 0. Used with ``items`` = the long tail: does a fix for the tail reach
    the tail films users went on to like?

    Parameters
    ----------
    recs : DataFrame
        The lists, one row per recommended film, with ``user_id``, ``rank`` and ``item_id`` columns.
    test : DataFrame
        The held-out ratings, with ``user_id``, ``item_id`` and ``rating`` columns.
    items : array-like of int
        The films that count (for example the long tail).
    relevance_threshold : float, default 4.0
        A held-out rating at or above it makes a favourite. Keyword only.
    k : int, optional
        Look only at ranks ``1..k`` (a whole number >= 1); default the whole list. Keyword only.

    Returns
    -------
    Series
        ``user_id -> hit`` (1.0 or 0.0), named ``hit``, sorted by user, for each user with at
        least one favourite among ``items``.

    Examples
    --------
    User 1's favourite film 8 is at rank 2; user 2's favourite 5 is not listed; user 3 has no
    favourite (a 2-star rating):

    >>> recs = pd.DataFrame({"user_id": [1, 1, 2], "rank": [1, 2, 1], "item_id": [7, 8, 9]})
    >>> test = pd.DataFrame({"user_id": [1, 2, 3], "item_id": [8, 5, 8], "rating": [5.0, 4.0, 2.0]})
    >>> held_out_hits(recs, test, items=[5, 8]).to_dict()
    {1: 1.0, 2: 0.0}
    >>> held_out_hits(recs, test, items=[5, 8], k=1).to_dict()
    {1: 0.0, 2: 0.0}
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
    out = pd.Series(
        np.isin(users, hit_pairs["user_id"].to_numpy()).astype(float), index=pd.Index(users, name="user_id"), name="hit"
    )
    return out


def ndcg_at_k(ranked_items, relevant_items, k: int) -> float:
    """NDCG@k with binary gains for one user (0 when nothing relevant is ranked).

    ``k`` must be a whole number >= 1 (NDCG@0 is 0/0).

    Parameters
    ----------
    ranked_items : iterable
        The user's list, best first; only the first ``k`` count.
    relevant_items : iterable
        The films the user found relevant; must not be empty (``ValueError``: NDCG is undefined).
    k : int
        The cut-off, a whole number >= 1.

    Returns
    -------
    float
        DCG / ideal DCG, with gain 1 for a relevant film at rank ``r`` discounted by
        ``log2(r + 1)``, and the ideal placing ``min(len(relevant_items), k)`` hits on top: 0 to 1.

    Examples
    --------
    >>> ndcg_at_k([5, 1, 7], relevant_items=[1], k=3)   # one hit at rank 2
    0.6309297535714575
    >>> ndcg_at_k([1], relevant_items=[], k=3)
    Traceback (most recent call last):
    ...
    ValueError: relevant_items is empty: NDCG is undefined for this user
    """
    k = check_positive_int(k, "k")
    ranked = list(ranked_items)[:k]
    relevant = set(relevant_items)
    if not relevant:
        raise ValueError("relevant_items is empty: NDCG is undefined for this user")
    dcg = sum(1 / math.log2(r + 2) for r, item in enumerate(ranked) if item in relevant)
    idcg = sum(1 / math.log2(r + 2) for r in range(min(len(relevant), k)))
    return dcg / idcg
