"""The interface every recommender shares (:class:`Recommender`: fitting, made-up histories, seen-item
exclusion, the tidy output) and the two baselines that learn nothing personal: :class:`Popularity` (the
most-rated films) and :class:`RandomRecommender` (seeded random scores, the floor every model must beat).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ..._checks import check_columns, check_positive_int
from ..data import as_int_ids as _as_int_ids
from ..data import clean_ratings
from .ranking import top_k_indices

# --------------------------------------------------------------------------- input checks


def _check_k(k, n_items: int) -> int:
    k = check_positive_int(k, "k")
    if k > n_items:
        raise ValueError(f"k={k} is larger than the catalogue ({n_items} items)")
    return k


# --------------------------------------------------------------------------- base class


class Recommender:
    """The interface every recommender shares (see the module docstring for the rules).

    Subclasses implement ``_fit()`` and ``_score(H, user_rows, keys)``, where
    ``H`` is a sparse users-by-items matrix of histories (ratings as values) and
    ``user_rows[i]`` is the training row of history ``i`` (``-1`` for a made-up
    user). Everything else (validation, seen-item exclusion, tie-breaking,
    the tidy output) lives here.

    The constructor takes no parameters; a model's settings are those of its subclass. After
    ``fit`` a model holds ``items_`` (the catalogue, sorted ids), ``users_`` (the fitted users,
    sorted) and ``popularity_`` (the number of training ratings of each film of ``items_``).

    Examples
    --------
    A subclass only says how to score; here every user gets the lowest unseen ids first:

    >>> class LowestId(Recommender):
    ...     name = "lowest id"
    ...     def _score(self, H, user_rows, keys):
    ...         return np.tile(-self.items_.astype(float), (H.shape[0], 1))
    >>> ratings = pd.DataFrame({"user_id": [1, 1, 2], "item_id": [10, 11, 12], "rating": [5.0, 3.0, 4.0]})
    >>> model = LowestId().fit(ratings)
    >>> model
    LowestId() [fitted]

    Seen films are left out, so user 1 (who rated 10 and 11) gets a one-film list:

    >>> model.recommend([1, 2], k=2)
       user_id  rank  item_id  score
    0        1     1       12  -12.0
    1        2     1       10  -10.0
    2        2     2       11  -11.0
    >>> model.recommend_for_histories({"a": [10], "b": []}, k=1)
      user_id  rank  item_id  score
    0       a     1       11  -11.0
    1       b     1       10  -10.0
    >>> LowestId().recommend([1], k=1)
    Traceback (most recent call last):
    ...
    RuntimeError: LowestId is not fitted yet: call fit(ratings) first
    """

    name = "recommender"

    def __repr__(self) -> str:
        state = "fitted" if self.is_fitted else "not fitted"
        return f"{type(self).__name__}({self._params()}) [{state}]"

    def _params(self) -> str:
        return ""

    @property
    def is_fitted(self) -> bool:
        return getattr(self, "_R", None) is not None

    # -- fitting
    def fit(self, ratings: pd.DataFrame, items: pd.DataFrame | None = None) -> Recommender:
        """Learn from ``ratings`` (``user_id, item_id, rating``); ``items`` widens the catalogue.

        All or nothing: if any step fails, the model is left exactly as it was
        (unfitted, or holding its previous fit) and the error is raised.
        """
        before = dict(self.__dict__)
        try:
            self._fit_all(ratings, items)
        except BaseException:
            self.__dict__.clear()
            self.__dict__.update(before)
            raise
        return self

    def _fit_all(self, ratings, items) -> None:
        import scipy.sparse as sp

        clean = clean_ratings(ratings)
        catalogue = clean["item_id"].to_numpy()
        if items is not None:
            check_columns(items, ["item_id"], name="items")
            catalogue = np.concatenate([catalogue, _as_int_ids(items["item_id"], "items['item_id']")])
        self.items_ = np.unique(catalogue)
        self.users_ = np.unique(clean["user_id"].to_numpy())
        rows = np.searchsorted(self.users_, clean["user_id"].to_numpy())
        cols = np.searchsorted(self.items_, clean["item_id"].to_numpy())
        self._R = sp.csr_matrix((clean["rating"].to_numpy(), (rows, cols)), shape=(len(self.users_), len(self.items_)))
        self.popularity_ = np.bincount(cols, minlength=len(self.items_)).astype(np.int64)
        # tie-break priority: most-rated first, then lowest item_id
        order = np.lexsort((self.items_, -self.popularity_))
        self._priority = np.empty(len(self.items_), dtype=np.int64)
        self._priority[order] = np.arange(len(self.items_))
        self._ratings = clean
        self._fit()

    def _fit(self) -> None:
        pass

    def _score(self, H, user_rows: np.ndarray, keys: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _require_fitted(self) -> None:
        if not self.is_fitted:
            raise RuntimeError(f"{type(self).__name__} is not fitted yet: call fit(ratings) first")

    # -- helpers for histories
    def _user_rows(self, user_ids) -> tuple[np.ndarray, np.ndarray]:
        if user_ids is None:
            return self.users_.copy(), np.arange(len(self.users_))
        if np.isscalar(user_ids):
            user_ids = [user_ids]
        ids = _as_int_ids(list(user_ids), "user_ids")
        pos = np.searchsorted(self.users_, ids)
        pos = np.minimum(pos, len(self.users_) - 1)
        unknown = ids[self.users_[pos] != ids]
        if len(unknown):
            raise ValueError(
                f"user_ids holds {len(unknown)} id(s) the model was not fitted on, "
                f"e.g. {unknown[:5].tolist()}; use recommend_for_history() for new users"
            )
        return ids, pos

    def history_matrix(self, histories: Iterable, rating: float = 5.0):
        """Sparse matrix of made-up histories, one row each.

        Each history is an iterable of item ids (all rated ``rating``), a
        mapping ``item_id -> rating`` or a pandas Series indexed by item id.
        Unknown item ids raise ``ValueError``; an empty history is allowed
        (the model falls back to the popularity order).
        """
        import scipy.sparse as sp

        self._require_fitted()
        histories = list(histories)
        rows, cols, vals = [], [], []
        for r, hist in enumerate(histories):
            if isinstance(hist, pd.Series):
                hist = hist.to_dict()
            if isinstance(hist, Mapping):
                ids, values = list(hist.keys()), list(hist.values())
            else:
                if isinstance(hist, (str, bytes)) or np.isscalar(hist):
                    raise TypeError(
                        f"items must be a list of item ids or a mapping item_id -> rating, got {type(hist).__name__}"
                    )
                ids = list(hist)
                values = [rating] * len(ids)
            if not ids:
                continue
            ids = _as_int_ids(ids, "items")
            values = np.asarray(values, dtype=np.float64)
            if np.isnan(values).any() or (values <= 0).any():
                raise ValueError("ratings in a history must be positive numbers")
            pos = np.minimum(np.searchsorted(self.items_, ids), len(self.items_) - 1)
            unknown = ids[self.items_[pos] != ids]
            if len(unknown):
                raise ValueError(f"items holds {len(unknown)} id(s) outside the catalogue, e.g. {unknown[:5].tolist()}")
            rows += [r] * len(ids)
            cols += pos.tolist()
            vals += values.tolist()
        H = sp.csr_matrix((vals, (rows, cols)), shape=(len(histories), len(self.items_)))
        H.sum_duplicates()
        return H

    # -- recommending
    def _recommend_rows(self, H, k: int, user_rows: np.ndarray, keys: np.ndarray, labels) -> pd.DataFrame:
        scores = self._score(H, user_rows, keys)
        if not scores.flags.writeable:
            scores = np.array(scores)
        row, col, rank = top_k_indices(scores, k, self._priority, exclude=H != 0, copy=False)
        return pd.DataFrame(
            {
                "user_id": np.asarray(labels)[row],
                "rank": rank.astype(np.int64),
                "item_id": self.items_[col],
                "score": scores[row, col].astype(np.float64),
            }
        )

    def recommend(self, user_ids=None, k: int = 10) -> pd.DataFrame:
        """Top ``k`` unseen films for each of ``user_ids`` (default: every fitted user).

        Returns a frame ``user_id, rank, item_id, score``. Unknown user ids
        raise ``ValueError``; ``k`` above the catalogue size raises.

        Examples
        --------
        >>> ratings = pd.DataFrame({"user_id": [1, 1, 2], "item_id": [10, 11, 10],
        ...                         "rating": [5.0, 3.0, 4.0]})
        >>> Popularity().fit(ratings).recommend([2], k=1)
           user_id  rank  item_id  score
        0        2     1       11    1.0
        """
        self._require_fitted()
        k = _check_k(k, len(self.items_))
        ids, rows = self._user_rows(user_ids)
        return self._recommend_rows(self._R[rows], k, rows, ids, ids)

    def recommend_for_history(self, items, k: int = 10, *, rating: float = 5.0, user_id=-1) -> pd.DataFrame:
        """Top ``k`` films for a made-up user who rated ``items``.

        ``items``: item ids (each rated ``rating``), or a mapping / Series
        ``item_id -> rating``. The rows carry ``user_id`` (default ``-1``). An
        empty history gets the popularity order (the documented fallback).
        """
        return self.recommend_for_histories({user_id: items}, k, rating=rating)

    def recommend_for_histories(self, histories: Mapping, k: int = 10, *, rating: float = 5.0) -> pd.DataFrame:
        """Like :meth:`recommend_for_history` for several made-up users: ``{label: items}``."""
        self._require_fitted()
        k = _check_k(k, len(self.items_))
        if not isinstance(histories, Mapping) or not histories:
            raise TypeError("histories must be a non-empty mapping label -> items")
        labels = list(histories.keys())
        H = self.history_matrix(histories.values(), rating=rating)
        keys = np.array([-(i + 1) for i in range(len(labels))], dtype=np.int64)
        return self._recommend_rows(H, k, np.full(len(labels), -1), keys, pd.Index(labels).to_numpy())

    def history_of(self, user_id) -> pd.Series:
        """The fitted ratings of one user, as ``item_id -> rating``."""
        self._require_fitted()
        _, rows = self._user_rows([user_id])
        row = self._R[rows[0]]
        return pd.Series(row.data, index=self.items_[row.indices], name="rating")


# --------------------------------------------------------------------------- the models


class Popularity(Recommender):
    """The most-rated films first, the same ranking for every user (minus what they saw).

    Score = number of ratings the film has in the training data. The constructor takes no
    parameters.

    Examples
    --------
    Film 13 is in the catalogue (from ``items``) but nobody rated it, so it scores 0:

    >>> ratings = pd.DataFrame({"user_id": [1, 1, 2], "item_id": [10, 11, 12], "rating": [5.0, 3.0, 4.0]})
    >>> model = Popularity().fit(ratings, items=pd.DataFrame({"item_id": [13]}))
    >>> model.recommend([2], k=3)
       user_id  rank  item_id  score
    0        2     1       10    1.0
    1        2     2       11    1.0
    2        2     3       13    0.0
    """

    name = "popularity"

    def _score(self, H, user_rows, keys):
        return np.broadcast_to(self.popularity_.astype(np.float64), (H.shape[0], len(self.items_)))


class RandomRecommender(Recommender):
    """Seeded random scores: the floor any real recommender should beat.

    Scores are uniform draws from a generator seeded with ``seed``, the
    user's key (``user_id``, or a negative label for a made-up user) and a
    checksum of the user's history: the same user with the same history gets
    the same list, and any change to the history reshuffles it completely.

    Parameters
    ----------
    seed : int, default 0
        Seeds every draw (converted with ``int``); another seed gives other lists.

    Examples
    --------
    >>> ratings = pd.DataFrame({"user_id": [1, 1, 2], "item_id": [10, 11, 12], "rating": [5.0, 3.0, 4.0]})
    >>> model = RandomRecommender(seed=1).fit(ratings)
    >>> model.recommend([1], k=1).round(3)
       user_id  rank  item_id  score
    0        1     1       12   0.38
    >>> model.recommend([1], k=1).equals(model.recommend([1], k=1))   # the same list every time
    True
    """

    name = "random"

    def __init__(self, seed: int = 0):
        self.seed = int(seed)

    def _params(self):
        return f"seed={self.seed}"

    def _score(self, H, user_rows, keys):
        H = H.tocsr()
        out = np.empty((H.shape[0], len(self.items_)))
        for r in range(H.shape[0]):
            lo, hi = H.indptr[r], H.indptr[r + 1]
            check = zlib.crc32(H.indices[lo:hi].astype(np.int64).tobytes() + H.data[lo:hi].astype(np.float64).tobytes())
            key = int(keys[r]) if keys[r] >= 0 else 2**40 + int(-keys[r])
            out[r] = np.random.default_rng([self.seed, key, check]).random(len(self.items_))
        return out
