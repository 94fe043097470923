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
    """``values`` as an int64 array of ids; whole floats are accepted, anything else raises naming ``name``."""
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

    Examples
    --------
    >>> clean_ratings(pd.DataFrame({"user_id": [1], "item_id": [2], "rating": [4.0]}))
       user_id  item_id  rating
    0        1        2     4.0
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

    >>> genre_matrix(pd.Series(["Drama|Horror", "Drama"]))[0].tolist()
    [[1.0, 1.0], [1.0, 0.0]]
    """
    genres = pd.Series(genres).astype(object).where(pd.Series(genres).notna(), "(no genres listed)")
    codes, combos = pd.factorize(genres.astype(str).to_numpy())
    dummies = pd.Series(combos).str.get_dummies(sep="|")  # one row per distinct combination
    return dummies.to_numpy(dtype=np.float64)[codes], list(dummies.columns)
