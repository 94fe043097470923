"""The catalogue's side of the audit, who gets shown: the share of the catalogue ever recommended, the Gini
of exposure over the whole catalogue, position-weighted exposure per film, and popularity bias through the short
head (the most-rated films holding 80% of the ratings) and the long-tail share of lists.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..._checks import check_columns, check_probability
from ..data import as_int_ids as _as_int_ids

# --------------------------------------------------------------------------- metric functions


def catalogue_coverage(rec_items, catalogue) -> float:
    """Share of ``catalogue`` (item ids) that appears at least once in ``rec_items``.

    Parameters
    ----------
    rec_items : array-like of int
        Every recommended film id, one per list entry (repeats count once). An id outside
        ``catalogue`` raises ``ValueError``.
    catalogue : array-like of int
        The ids of the films that could be recommended (repeats count once); must not be empty.

    Returns
    -------
    float
        Distinct recommended films / distinct catalogue films, between 0 and 1.

    Examples
    --------
    >>> catalogue_coverage([1, 1, 2], [1, 2, 3, 4, 5, 6])
    0.3333333333333333
    >>> catalogue_coverage([9], [1, 2])
    Traceback (most recent call last):
    ...
    ValueError: rec_items holds 1 id(s) outside the catalogue, e.g. [9]
    """
    catalogue = np.unique(_as_int_ids(catalogue, "catalogue"))
    if len(catalogue) == 0:
        raise ValueError("catalogue is empty")
    rec = np.unique(_as_int_ids(rec_items, "rec_items"))
    outside = np.setdiff1d(rec, catalogue)
    if len(outside):
        raise ValueError(f"rec_items holds {len(outside)} id(s) outside the catalogue, e.g. {outside[:5].tolist()}")
    return len(rec) / len(catalogue)


def gini(values) -> float:
    """Gini coefficient of non-negative ``values`` (0 = equal, (n-1)/n = one holds all).

    Computed on the sorted values ``x_(1) <= ... <= x_(n)`` as
    ``sum_i (2i - n - 1) x_(i) / (n sum x)``.

    Parameters
    ----------
    values : array-like of float
        A non-empty 1-D sequence of finite, non-negative amounts (for example how often each film
        was shown, zeros included), not all zero; anything else raises ``ValueError``.

    Returns
    -------
    float
        The Gini coefficient, from 0 (all equal) to ``(n - 1) / n`` (one value holds everything).

    Examples
    --------
    >>> gini([0, 0, 1, 3])
    0.625
    >>> gini([2, 2, 2])
    0.0
    >>> gini([0, 0])
    Traceback (most recent call last):
    ...
    ValueError: values are all zero: the Gini coefficient is undefined
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

    Parameters
    ----------
    rec_items : array-like of int
        Every recommended film id, one per list entry: a film in three lists appears three times.
        An id outside ``catalogue`` raises ``ValueError``.
    catalogue : array-like of int
        The ids of every film that could be shown (repeats count once).

    Returns
    -------
    float
        :func:`gini` of the per-film counts over the whole catalogue.

    Examples
    --------
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

    Parameters
    ----------
    rank : array-like of float
        List positions, 1 for the top; every one must be finite and at least 1 (``ValueError``
        otherwise).

    Returns
    -------
    numpy.ndarray
        ``1 / log2(rank + 1)`` for each rank, as floats.

    Examples
    --------
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

    Parameters
    ----------
    recs : DataFrame
        The lists, one row per recommended film, with ``rank`` (1 = top) and ``item_id`` columns.
    catalogue : array-like of int, optional
        Film ids to report on: the result then has one row per catalogue film (films never shown
        get 0, and shown films outside it are dropped). Default: only the films shown.
    discount : bool, default True
        Weight each appearance by :func:`position_weight`; with False every appearance counts 1.
        Keyword only.

    Returns
    -------
    Series
        ``item_id -> exposure`` (named ``exposure``), sorted by ``item_id``.

    Examples
    --------
    >>> recs = pd.DataFrame({"user_id": [1, 1, 2], "rank": [1, 3, 1], "item_id": [7, 8, 8]})
    >>> exposure(recs).to_dict()
    {7: 1.0, 8: 1.5}
    >>> exposure(recs, catalogue=[7, 8, 9], discount=False).to_dict()
    {7: 1.0, 8: 2.0, 9: 0.0}
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

    Parameters
    ----------
    recs : DataFrame
        The lists, one row per recommended film, with ``rank`` and ``item_id`` columns.
    short_head : array-like of int
        The ids of the short-head films (for example from :func:`short_head_items`); every other
        film is long tail.
    discount : bool, default True
        Weight each appearance by :func:`position_weight`; with False every appearance counts 1.
        Keyword only.

    Returns
    -------
    float
        Long-tail exposure / all exposure, between 0 and 1.

    Examples
    --------
    >>> recs = pd.DataFrame({"user_id": [1, 1, 2], "rank": [1, 3, 1], "item_id": [7, 8, 8]})
    >>> tail_exposure_share(recs, short_head=[7])     # 1.5 of 2.5
    0.6
    >>> round(tail_exposure_share(recs, short_head=[7], discount=False), 3)     # 2 of 3
    0.667
    """
    e = exposure(recs, discount=discount)
    tail = ~np.isin(e.index.to_numpy(), np.asarray(short_head))
    return float(e[tail].sum() / e.sum())


def short_head_items(ratings: pd.DataFrame, share: float = 0.8) -> np.ndarray:
    """The most-rated films that together hold ``share`` of all ratings (sorted ids).

    Films are ranked by rating count (ties: lower ``item_id`` first); the short
    head is the shortest prefix whose cumulative share reaches ``share``.

    Parameters
    ----------
    ratings : DataFrame
        The training ratings; only the ``item_id`` column is used (each row is one rating). Must
        have at least one row.
    share : float, default 0.8
        The share of all ratings the short head must hold, strictly between 0 and 1.

    Returns
    -------
    numpy.ndarray
        The short-head film ids (int64), sorted ascending.

    Examples
    --------
    >>> r = pd.DataFrame({"user_id": range(10), "rating": 4.0,
    ...                   "item_id": [1, 1, 1, 1, 1, 1, 2, 2, 3, 4]})
    >>> short_head_items(r).tolist()
    [1, 2]
    >>> short_head_items(r, share=0.5).tolist()
    [1]
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

    Parameters
    ----------
    recs : DataFrame
        The lists, one row per recommended film, with ``user_id`` and ``item_id`` columns.
    short_head : array-like of int
        The ids of the short-head films; every other film is long tail.

    Returns
    -------
    float
        The average percentage of long tail (as a share between 0 and 1); every user weighs the
        same, whatever the length of their list.

    Examples
    --------
    >>> recs = pd.DataFrame({"user_id": [1, 1, 2, 2], "item_id": [1, 5, 6, 7]})
    >>> long_tail_share(recs, [1, 2])
    0.75
    """
    check_columns(recs, ["user_id", "item_id"], name="recs")
    tail = ~np.isin(recs["item_id"].to_numpy(), np.asarray(short_head))
    return float(pd.Series(tail, index=recs.index).groupby(recs["user_id"]).mean().mean())
