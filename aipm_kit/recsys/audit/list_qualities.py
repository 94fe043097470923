"""What each list is like beyond accuracy: genre diversity within a list, genre calibration to the user's
history (Steck's miscalibration), personalisation across users' lists, and novelty as self-information in bits;
with the genre and self-information helpers :class:`~aipm_kit.recsys.audit.frame.RecAudit` shares.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..._checks import check_columns, check_probability
from ..data import as_int_ids as _as_int_ids
from ..data import clean_ratings, genre_matrix


def _genre_matrix(items: pd.DataFrame, catalogue: np.ndarray) -> tuple[np.ndarray, list[str]]:
    table = items.drop_duplicates("item_id").set_index("item_id")["genres"]
    return genre_matrix(table.reindex(catalogue))


def intra_list_diversity(item_ids, items: pd.DataFrame) -> float:
    """1 - mean pairwise cosine similarity of the films' genre vectors (one list).

    Parameters
    ----------
    item_ids : array-like of int
        The films of one list. An id missing from ``items`` raises ``ValueError``.
    items : DataFrame
        The catalogue with ``item_id`` and ``genres`` (``'|'``-joined) columns; a missing genre
        counts as ``(no genres listed)``.

    Returns
    -------
    float
        0 when every pair of films has the same genres (and for a list of fewer than two films),
        1 when no two films share a genre.

    Examples
    --------
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


def genre_calibration_kl(history_items, rec_items, items: pd.DataFrame, *, alpha: float = 0.01) -> float:
    """Steck's miscalibration ``KL(p || (1 - alpha) q + alpha p)`` for one user (nats).

    ``p``: genre mix of ``history_items``; ``q``: genre mix of ``rec_items``; each film spreads
    weight 1 evenly over its genres and every film weighs the same.

    Parameters
    ----------
    history_items : array-like of int
        The films the user rated (must not be empty).
    rec_items : array-like of int
        The films of the user's list (must not be empty).
    items : DataFrame
        The catalogue with ``item_id`` and ``genres`` columns; an id of either list missing from it
        raises ``ValueError``.
    alpha : float, default 0.01
        Smoothing that keeps the divergence finite, strictly between 0 and 1. Keyword only.

    Returns
    -------
    float
        The miscalibration in nats: 0 when the list has exactly the history's genre mix, larger the
        further it strays.

    Examples
    --------
    >>> items = pd.DataFrame({"item_id": [1, 2, 3, 4],
    ...                       "genres": ["Horror", "Comedy", "Horror", "Comedy"]})
    >>> genre_calibration_kl([1, 2], [3, 4], items)
    0.0
    >>> round(genre_calibration_kl([1, 2], [3, 3], items), 3)     # a horror-only list for a mixed taste
    1.959
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

    Parameters
    ----------
    recs : DataFrame
        The lists, one row per recommended film, with ``user_id`` and ``item_id`` columns, for at
        least two users (``ValueError`` otherwise). A film listed twice for a user counts once.

    Returns
    -------
    float
        0 when every user gets the same films, 1 when no two lists share a film.

    Examples
    --------
    >>> recs = pd.DataFrame({"user_id": [1, 1, 2, 2], "item_id": [1, 2, 1, 3]})
    >>> personalisation(recs)
    0.5
    >>> personalisation(pd.DataFrame({"user_id": [1, 2], "item_id": [1, 1]}))
    0.0
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

    Parameters
    ----------
    item_ids : array-like of int
        The films to score; repeats are scored each time.
    ratings : DataFrame
        The training ratings (``user_id``, ``item_id``, ``rating``), checked and deduplicated as
        :func:`~aipm_kit.recsys.data.clean_ratings` does.

    Returns
    -------
    numpy.ndarray
        The self-information of each film of ``item_ids``, in bits, in the same order.

    Examples
    --------
    Film 7 was rated by 2 of 4 users (1 bit), film 8 by 1 (2 bits), film 5 by nobody (counted as 1):

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

    Parameters
    ----------
    recs : DataFrame
        The lists, one row per recommended film, with ``user_id`` and ``item_id`` columns; must
        have at least one row.
    ratings : DataFrame
        The training ratings the popularity of each film is counted in.

    Returns
    -------
    float
        The novelty in bits; every user weighs the same, whatever the length of their list.

    Examples
    --------
    User 1's films score 2 bits each, user 2's film 1 bit: the mean of the two users is 1.5.

    >>> r = pd.DataFrame({"user_id": [1, 2, 3, 4], "item_id": [7, 7, 8, 9], "rating": 4.0})
    >>> novelty(pd.DataFrame({"user_id": [1, 1, 2], "item_id": [8, 9, 7]}), r)
    1.5
    """
    check_columns(recs, ["user_id", "item_id"], name="recs")
    if len(recs) == 0:
        raise ValueError("recs has no rows: nothing to measure")
    bits = self_information(recs["item_id"], ratings)
    return float(pd.Series(bits, index=recs.index).groupby(recs["user_id"]).mean().mean())
