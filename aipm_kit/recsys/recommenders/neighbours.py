"""Neighbourhood models: item-item (:class:`ItemKNN`) and user-user (:class:`UserKNN`) collaborative
filtering with cosine similarity, and the row and column normalisations they share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..._checks import check_positive_int
from .base import Recommender
from .ranking import top_k_indices


def _normalise_columns(X):
    import scipy.sparse as sp

    X = sp.csc_matrix(X, dtype=np.float64)
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=0)).ravel())
    inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.csr_matrix(X @ sp.diags(inv))


def _normalise_rows(X):
    import scipy.sparse as sp

    X = sp.csr_matrix(X, dtype=np.float64)
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    inv = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.csr_matrix(sp.diags(inv) @ X)


class ItemKNN(Recommender):
    """Item-item collaborative filtering with cosine similarity.

    Similarity: ``sim(i, j)`` = cosine between the rating columns of films
    ``i`` and ``j`` (users as dimensions; missing ratings are zeros).
    Score of film ``j`` for a user: ``sum_i r_ui * sim(i, j)`` over the films
    ``i`` the user rated (with ``binary=True``, every rating counts as 1).

    Parameters
    ----------
    neighbours : int or None
        ``None`` (default) uses every similarity: scores are computed as
        ``(H X^T) X`` with column-normalised ``X``, never materialising the
        9,066 x 9,066 similarity matrix, so all users take a fraction of a
        second. An integer ``K`` keeps only each film's ``K`` most similar
        films (the film itself included, since ``sim(i, i) = 1``; ties to the
        lower item index): this is exactly how ``implicit``'s
        ``CosineRecommender(K=K)`` builds its neighbourhoods, which it then
        scores the same way (user row times similarity).
    binary : bool, default False
        Treat every rating as 1 (an implicit-feedback view). Keyword only.

    Examples
    --------
    >>> ratings = pd.DataFrame({"user_id": [1, 1, 1, 2, 2, 3, 3, 4], "item_id": [10, 11, 12, 10, 11, 10, 13, 12],
    ...                         "rating": [5.0, 4.0, 3.0, 5.0, 2.0, 4.0, 5.0, 1.0]})
    >>> model = ItemKNN().fit(ratings)
    >>> model.similarity([10]).round(3)
                10
    item_id
    10       1.000
    11       0.826
    12       0.584
    13       0.492
    >>> model.recommend([2], k=2).round(3)
       user_id  rank  item_id  score
    0        2     1       12  4.616
    1        2     2       13  2.462
    >>> ItemKNN(neighbours=0)
    Traceback (most recent call last):
    ...
    ValueError: neighbours must be >= 1, got 0
    """

    name = "item-kNN"

    def __init__(self, neighbours: int | None = None, *, binary: bool = False):
        if neighbours is not None:
            neighbours = check_positive_int(neighbours, "neighbours")
        self.neighbours = neighbours
        self.binary = bool(binary)

    def _params(self):
        return f"neighbours={self.neighbours}, binary={self.binary}"

    def _weights(self, H):
        if not self.binary:
            return H
        B = H.copy()
        B.data = np.ones_like(B.data)
        return B

    def _fit(self):
        import scipy.sparse as sp

        self._Xn = _normalise_columns(self._weights(self._R))
        self._XnT = sp.csr_matrix(self._Xn.T)
        self._S = None
        if self.neighbours is not None:
            self._S = self._top_k_similarity(self.neighbours)

    def _top_k_similarity(self, K: int, block: int = 1024):
        import scipy.sparse as sp

        n = len(self.items_)
        K = min(K, n)
        dense_X = self._Xn.toarray()
        rows_out, cols_out, vals_out = [], [], []
        for start in range(0, n, block):
            stop = min(start + block, n)
            S = np.asarray(self._XnT[start:stop] @ dense_X)  # (block, n) cosines
            S[S <= 0] = -np.inf  # only real neighbours
            r, c, _ = top_k_indices(S, K, np.arange(n), copy=False)
            rows_out.append(r + start)
            cols_out.append(c)
            vals_out.append(S[r, c])
        return sp.csr_matrix(
            (np.concatenate(vals_out), (np.concatenate(rows_out), np.concatenate(cols_out))), shape=(n, n)
        )

    def _score(self, H, user_rows, keys):
        W = self._weights(H)
        if self._S is not None:
            return np.asarray((W @ self._S).toarray())
        A = np.asarray((W @ self._XnT).toarray())  # (n, users)
        return np.asarray((self._XnT @ A.T).T)  # (n, items)

    def similarity(self, item_ids) -> pd.DataFrame:
        """Cosine similarity of ``item_ids`` to every film (one column per requested film)."""
        self._require_fitted()
        H = self.history_matrix([[i] for i in item_ids], rating=1.0)
        B = H.copy()
        B.data[:] = 1.0
        sims = (
            np.asarray((B @ self._XnT).toarray()) @ self._Xn.toarray() if self._S is None else (B @ self._S).toarray()
        )
        return pd.DataFrame(np.asarray(sims).T, index=pd.Index(self.items_, name="item_id"), columns=list(item_ids))


class UserKNN(Recommender):
    """User-user collaborative filtering.

    Similarity: cosine between two users' rating rows. For each user keep the
    ``neighbours`` most similar other users (positive similarity only; the
    user never counts as their own neighbour; ties to the lower row). Score
    of film ``j`` = ``sum_v sim(u, v) * r_vj`` over those neighbours. Ratings
    are not mean-centred, so "rated at all" weighs as much as "liked".

    Parameters
    ----------
    neighbours : int, default 30
        How many most similar users score each user's films (a whole number >= 1). Fewer are
        used when fewer users have a positive similarity.

    Examples
    --------
    >>> ratings = pd.DataFrame({"user_id": [1, 1, 1, 2, 2, 3, 3, 4], "item_id": [10, 11, 12, 10, 11, 10, 13, 12],
    ...                         "rating": [5.0, 4.0, 3.0, 5.0, 2.0, 4.0, 5.0, 1.0]})
    >>> model = UserKNN(neighbours=2).fit(ratings)
    >>> model.recommend([2], k=2).round(3)
       user_id  rank  item_id  score
    0        2     1       13    2.9
    1        2     2       12    2.6
    >>> model.recommend_for_history([13], k=1).round(3)
       user_id  rank  item_id  score
    0       -1     1       10  3.123
    """

    name = "user-kNN"

    def __init__(self, neighbours: int = 30):
        self.neighbours = check_positive_int(neighbours, "neighbours")

    def _params(self):
        return f"neighbours={self.neighbours}"

    def _fit(self):
        import scipy.sparse as sp

        self._Rn = _normalise_rows(self._R)
        self._RnT = sp.csr_matrix(self._Rn.T)

    def _score(self, H, user_rows, keys):
        import scipy.sparse as sp

        sims = np.asarray((_normalise_rows(H) @ self._RnT).toarray())  # (n, users)
        own = user_rows >= 0
        sims[np.nonzero(own)[0], user_rows[own]] = -np.inf
        sims[sims <= 0] = -np.inf
        K = min(self.neighbours, sims.shape[1])
        row, col, _ = top_k_indices(sims, K, np.arange(sims.shape[1]), copy=False)
        keep = np.isfinite(sims[row, col])
        W = sp.csr_matrix((sims[row, col][keep], (row[keep], col[keep])), shape=sims.shape)
        return np.asarray((W @ self._R).toarray())
