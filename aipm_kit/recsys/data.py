"""Ratings and catalogue data shared by the recommenders and the audit: checked ids, clean ratings
and genre matrices.

Both :mod:`~aipm_kit.recsys.recommenders` and :mod:`~aipm_kit.recsys.audit` build on these, so they live
below both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_columns

__all__ = ["RATING_COLUMNS", "as_int_ids", "clean_ratings", "genre_matrix"]

RATING_COLUMNS = ("user_id", "item_id", "rating")


# --------------------------------------------------------------------------- input checks


def as_int_ids(values, name: str) -> np.ndarray:
    """``values`` as an int64 array of ids; whole floats are accepted, anything else raises naming ``name``.

    Parameters
    ----------
    values : array-like
        The ids: integers, or floats that are all whole numbers (as a column read with missing values
        becomes). A missing value raises ``ValueError``; a non-whole number, text or any other dtype
        raises ``TypeError``.
    name : str
        What the ids are called in the error message (for example ``"ratings['item_id']"``).

    Returns
    -------
    numpy.ndarray
        The ids as int64, in the order given (not deduplicated, not sorted).

    Examples
    --------
    >>> as_int_ids([3.0, 7.0], "item_ids")
    array([3, 7])
    >>> as_int_ids([1.5], "item_ids")
    Traceback (most recent call last):
    ...
    TypeError: item_ids must hold integer ids, found non-integer numbers
    """
    arr = np.asarray(values)
    if arr.dtype.kind == "f":
        if np.isnan(arr).any():
            raise ValueError(f"{name} contains missing values")
        if not np.all(arr == np.round(arr)):
            raise TypeError(f"{name} must hold integer ids, found non-integer numbers")
        arr = arr.astype(np.int64)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer ids, got dtype {arr.dtype}")
    return arr.astype(np.int64)


def clean_ratings(ratings: pd.DataFrame, name: str = "ratings") -> pd.DataFrame:
    """Validate a ratings frame and return ``user_id, item_id, rating`` (int64, int64, float64).

    Raises ``TypeError``/``ValueError`` naming the problem: not a frame, a
    missing column, no rows, non-integer ids, missing or non-positive ratings.
    Duplicate (user, item) pairs keep the latest rating.

    Parameters
    ----------
    ratings : DataFrame
        Ratings with ``user_id``, ``item_id`` and ``rating`` columns (other columns are dropped). Ids must
        be whole numbers; ratings must be numbers above 0 (0 would read as "not rated"). With a
        ``timestamp`` column, "latest" means latest in time (ties: the later row); without one, the
        later row.
    name : str, default "ratings"
        What the frame is called in error messages.

    Returns
    -------
    DataFrame
        One row per (user, item) pair, sorted by ``user_id`` then ``item_id``, with a fresh
        ``RangeIndex`` and columns ``user_id`` (int64), ``item_id`` (int64), ``rating`` (float64).

    Examples
    --------
    >>> clean_ratings(pd.DataFrame({"user_id": [1], "item_id": [2], "rating": [4.0]}))
       user_id  item_id  rating
    0        1        2     4.0

    A user who rated the same film twice keeps the later rating:

    >>> clean_ratings(pd.DataFrame({"user_id": [1, 1, 2], "item_id": [5, 5, 5], "rating": [3.0, 4.5, 2]}))
       user_id  item_id  rating
    0        1        5     4.5
    1        2        5     2.0
    >>> clean_ratings(pd.DataFrame({"user_id": [1], "item_id": [5], "rating": [0.0]}))
    Traceback (most recent call last):
    ...
    ValueError: ratings['rating'] must be > 0 (a rating of 0 would be indistinguishable from 'not rated'); found min 0.0
    """
    check_columns(ratings, RATING_COLUMNS, name=name)
    if len(ratings) == 0:
        raise ValueError(f"{name} has no rows")
    user = as_int_ids(ratings["user_id"].to_numpy(), f"{name}['user_id']")
    item = as_int_ids(ratings["item_id"].to_numpy(), f"{name}['item_id']")
    try:
        rating = ratings["rating"].to_numpy(dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name}['rating'] must be numeric") from None
    if np.isnan(rating).any():
        raise ValueError(f"{name}['rating'] has {int(np.isnan(rating).sum())} missing value(s)")
    if (rating <= 0).any():
        raise ValueError(
            f"{name}['rating'] must be > 0 (a rating of 0 would be indistinguishable "
            f"from 'not rated'); found min {rating.min()}"
        )
    if "timestamp" in ratings.columns:
        stamps = ratings["timestamp"]
        key = stamps.array.asi8 if hasattr(stamps.array, "asi8") else stamps.to_numpy()
        when = np.empty(len(ratings), dtype=np.int64)
        when[np.argsort(key, kind="stable")] = np.arange(len(ratings))
    else:
        when = np.arange(len(ratings))
    order = np.lexsort((when, item, user))  # by user, item, then time (latest last)
    user, item, rating = user[order], item[order], rating[order]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = (user[1:] != user[:-1]) | (item[1:] != item[:-1])
    return pd.DataFrame({"user_id": user[last], "item_id": item[last], "rating": rating[last]})


def genre_matrix(genres: pd.Series) -> tuple[np.ndarray, list[str]]:
    """0/1 matrix (films x genres) from ``'|'``-joined genre strings; missing -> ``(no genres listed)``.

    Parameters
    ----------
    genres : Series or array-like of str
        One genre string per film, genres joined by ``'|'`` (MovieLens style). A missing value
        counts as the genre ``(no genres listed)``.

    Returns
    -------
    matrix : numpy.ndarray
        Float array of shape (films, genres): 1.0 where the film has the genre, in the order of
        ``genres``.
    names : list of str
        The genre of each column, in alphabetical order.

    Examples
    --------
    >>> genre_matrix(pd.Series(["Drama|Horror", "Drama"]))[0].tolist()
    [[1.0, 1.0], [1.0, 0.0]]
    >>> G, names = genre_matrix(pd.Series(["Drama|Horror", "Drama", None]))
    >>> names
    ['(no genres listed)', 'Drama', 'Horror']
    >>> G[2].tolist()
    [1.0, 0.0, 0.0]
    """
    genres = pd.Series(genres).astype(object).where(pd.Series(genres).notna(), "(no genres listed)")
    codes, combos = pd.factorize(genres.astype(str).to_numpy())
    dummies = pd.Series(combos).str.get_dummies(sep="|")  # one row per distinct combination
    return dummies.to_numpy(dtype=np.float64)[codes], list(dummies.columns)
