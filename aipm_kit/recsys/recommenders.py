"""Six reference recommenders behind one interface.

Every recommender here is fitted on a ratings frame (``user_id, item_id,
rating``; ``timestamp`` optional) and answers two questions:

- ``recommend(user_ids, k)``: the top ``k`` films for users it was fitted on;
- ``recommend_for_history(items, k)``: the top ``k`` films for a made-up user
  whose ratings you pass in (a probe, a newcomer, a perturbed history).

Both return a tidy frame with one row per recommendation: ``user_id, rank,
item_id, score`` (rank 1 is the top of the list). The rules every model
shares, so that differences in the audit come from the mechanism alone:

- **Seen items are never recommended.** Any rating counts as seen, even half a
  star.
- **Ties are broken deterministically**: by score (high first), then by the
  film's popularity in the training ratings (most-rated first), then by
  ``item_id`` (low first). A user whose history gives a model nothing to go
  on (every score zero) therefore gets the most popular unseen films: this is
  the documented cold-start fallback of every model, including a user with no
  history at all.
- **The catalogue** is every film in the ratings plus every film in the
  optional ``items`` frame passed to ``fit``; films nobody rated can still be
  recommended by models that score them (content, random).
- **Bad input** raises: an unknown user or item id, ``k`` larger than the
  catalogue, a ratings frame missing a column. A user with fewer than ``k``
  unseen films gets a shorter list (documented, never padded).
- Duplicate (user, item) ratings keep the latest one (by ``timestamp`` when
  the frame has it, otherwise the last row).

The models (numpy, scipy.sparse and scikit-learn only):

===================== ==============================================================
:class:`Popularity`    the most-rated films, the same list for everyone
:class:`ItemKNN`       item-item cosine similarity; score = your ratings x similarity
:class:`UserKNN`       the ``neighbours`` most similar users' ratings, similarity-weighted
:class:`MatrixFactorisation` truncated SVD of the rating matrix (PureSVD), fold-in scoring
:class:`GenreContent`  cosine between your liked genres and each film's genres
:class:`RandomRecommender` seeded random scores (the floor every model must beat)
:class:`LongTailSlots` a re-ranker: any model, with slots reserved for long-tail films
===================== ==============================================================
"""

from __future__ import annotations

import zlib
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from .._checks import check_columns, check_positive_int, check_probability
from ..runtime import single_thread
from .data import RATING_COLUMNS, clean_ratings, genre_matrix  # noqa: F401  (re-exported: their old home)
from .data import as_int_ids as _as_int_ids  # noqa: F401  (the old private name)


# --------------------------------------------------------------------------- input checks

def _check_k(k, n_items: int) -> int:
    k = check_positive_int(k, "k")
    if k > n_items:
        raise ValueError(f"k={k} is larger than the catalogue ({n_items} items)")
    return k


# --------------------------------------------------------------------------- ranking

def top_k_indices(scores: np.ndarray, k: int, priority: np.ndarray, exclude=None, *,
                  copy: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row-wise top ``k`` of ``scores`` with deterministic tie-breaking.

    ``priority[j]`` is the tie-break position of column ``j`` (lower wins);
    ``exclude`` is a boolean sparse or dense matrix of cells never to return
    (with ``copy=False`` the excluded cells of ``scores`` are overwritten).
    Returns ``(row, column, rank)`` arrays (rank 1 first); a row with fewer
    than ``k`` allowed cells returns fewer. Cost: one ``np.partition`` and one
    cumulative sum per row, so all 671 MovieLens users take milliseconds.
    """
    n, m = scores.shape
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    priority = np.asarray(priority)
    S = np.array(scores, dtype=np.float64, copy=copy or None)   # we may overwrite cells
    if np.isnan(S).any():
        raise ValueError("scores contain NaN; a model produced an invalid score")
    if exclude is not None:
        import scipy.sparse as sp

        if sp.issparse(exclude):
            ex = exclude.tocsr()
            S[np.repeat(np.arange(n), np.diff(ex.indptr)), ex.indices] = -np.inf
        else:
            S[np.asarray(exclude, dtype=bool)] = -np.inf
    kk = min(k, m)
    threshold = np.partition(S, m - kk, axis=1)[:, m - kk]
    above = S > threshold[:, None]
    ties = (S == threshold[:, None]) & np.isfinite(threshold)[:, None]
    need = kk - above.sum(axis=1)
    partial = ties.sum(axis=1) > need             # rows where only some tied cells fit
    chosen = above | (ties & ~partial[:, None])
    rows, cols = np.nonzero(chosen)
    if partial.any():
        # among tied cells, the best tie-break priority wins
        p_rows = np.nonzero(partial)[0]
        tr, tc = np.nonzero(ties[p_rows])
        tr = p_rows[tr]
        sort = np.lexsort((priority[tc], tr))
        tr, tc = tr[sort], tc[sort]
        first = np.searchsorted(tr, tr)            # tr is sorted: index of each row's first cell
        keep = (np.arange(len(tr)) - first) < need[tr]
        rows = np.concatenate([rows, tr[keep]])
        cols = np.concatenate([cols, tc[keep]])
    vals = S[rows, cols]
    sort = np.lexsort((priority[cols], -vals, rows))
    rows, cols = rows[sort], cols[sort]
    starts = np.searchsorted(rows, np.arange(n))
    rank = np.arange(len(rows)) - starts[rows] + 1
    return rows, cols, rank


# --------------------------------------------------------------------------- base class

class Recommender:
    """The interface every recommender shares (see the module docstring for the rules).

    Subclasses implement ``_fit()`` and ``_score(H, user_rows, keys)``, where
    ``H`` is a sparse users-by-items matrix of histories (ratings as values) and
    ``user_rows[i]`` is the training row of history ``i`` (``-1`` for a made-up
    user). Everything else (validation, seen-item exclusion, tie-breaking,
    the tidy output) lives here.
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
    def fit(self, ratings: pd.DataFrame, items: pd.DataFrame | None = None) -> "Recommender":
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
        self._R = sp.csr_matrix((clean["rating"].to_numpy(), (rows, cols)),
                                shape=(len(self.users_), len(self.items_)))
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
            raise ValueError(f"user_ids holds {len(unknown)} id(s) the model was not fitted on, "
                             f"e.g. {unknown[:5].tolist()}; use recommend_for_history() for new users")
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
                    raise TypeError("items must be a list of item ids or a mapping item_id -> rating, "
                                    f"got {type(hist).__name__}")
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
                raise ValueError(f"items holds {len(unknown)} id(s) outside the catalogue, "
                                 f"e.g. {unknown[:5].tolist()}")
            rows += [r] * len(ids)
            cols += pos.tolist()
            vals += values.tolist()
        H = sp.csr_matrix((vals, (rows, cols)), shape=(len(histories), len(self.items_)))
        H.sum_duplicates()
        return H

    # -- recommending
    def _recommend_rows(self, H, k: int, user_rows: np.ndarray, keys: np.ndarray,
                        labels) -> pd.DataFrame:
        scores = self._score(H, user_rows, keys)
        if not scores.flags.writeable:
            scores = np.array(scores)
        row, col, rank = top_k_indices(scores, k, self._priority, exclude=H != 0, copy=False)
        return pd.DataFrame({
            "user_id": np.asarray(labels)[row],
            "rank": rank.astype(np.int64),
            "item_id": self.items_[col],
            "score": scores[row, col].astype(np.float64),
        })

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

    def recommend_for_history(self, items, k: int = 10, *, rating: float = 5.0,
                              user_id=-1) -> pd.DataFrame:
        """Top ``k`` films for a made-up user who rated ``items``.

        ``items``: item ids (each rated ``rating``), or a mapping / Series
        ``item_id -> rating``. The rows carry ``user_id`` (default ``-1``). An
        empty history gets the popularity order (the documented fallback).
        """
        return self.recommend_for_histories({user_id: items}, k, rating=rating)

    def recommend_for_histories(self, histories: Mapping, k: int = 10, *,
                                rating: float = 5.0) -> pd.DataFrame:
        """Like :meth:`recommend_for_history` for several made-up users: ``{label: items}``."""
        self._require_fitted()
        k = _check_k(k, len(self.items_))
        if not isinstance(histories, Mapping) or not histories:
            raise TypeError("histories must be a non-empty mapping label -> items")
        labels = list(histories.keys())
        H = self.history_matrix(histories.values(), rating=rating)
        keys = np.array([-(i + 1) for i in range(len(labels))], dtype=np.int64)
        return self._recommend_rows(H, k, np.full(len(labels), -1), keys,
                                    pd.Index(labels).to_numpy())

    def history_of(self, user_id) -> pd.Series:
        """The fitted ratings of one user, as ``item_id -> rating``."""
        self._require_fitted()
        _, rows = self._user_rows([user_id])
        row = self._R[rows[0]]
        return pd.Series(row.data, index=self.items_[row.indices], name="rating")


# --------------------------------------------------------------------------- the models

class Popularity(Recommender):
    """The most-rated films first, the same ranking for every user (minus what they saw).

    Score = number of ratings the film has in the training data.
    """

    name = "popularity"

    def _score(self, H, user_rows, keys):
        return np.broadcast_to(self.popularity_.astype(np.float64), (H.shape[0], len(self.items_)))


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
    binary : bool
        Treat every rating as 1 (an implicit-feedback view).
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
            S = np.asarray(self._XnT[start:stop] @ dense_X)       # (block, n) cosines
            S[S <= 0] = -np.inf                                    # only real neighbours
            r, c, _ = top_k_indices(S, K, np.arange(n), copy=False)
            rows_out.append(r + start)
            cols_out.append(c)
            vals_out.append(S[r, c])
        return sp.csr_matrix((np.concatenate(vals_out), (np.concatenate(rows_out),
                                                        np.concatenate(cols_out))), shape=(n, n))

    def _score(self, H, user_rows, keys):
        W = self._weights(H)
        if self._S is not None:
            return np.asarray((W @ self._S).toarray())
        A = np.asarray((W @ self._XnT).toarray())                  # (n, users)
        return np.asarray((self._XnT @ A.T).T)                     # (n, items)

    def similarity(self, item_ids) -> pd.DataFrame:
        """Cosine similarity of ``item_ids`` to every film (one column per requested film)."""
        self._require_fitted()
        H = self.history_matrix([[i] for i in item_ids], rating=1.0)
        B = H.copy()
        B.data[:] = 1.0
        sims = np.asarray((B @ self._XnT).toarray()) @ self._Xn.toarray() if self._S is None \
            else (B @ self._S).toarray()
        return pd.DataFrame(np.asarray(sims).T, index=pd.Index(self.items_, name="item_id"),
                            columns=list(item_ids))


class UserKNN(Recommender):
    """User-user collaborative filtering.

    Similarity: cosine between two users' rating rows. For each user keep the
    ``neighbours`` most similar other users (positive similarity only; the
    user never counts as their own neighbour; ties to the lower row). Score
    of film ``j`` = ``sum_v sim(u, v) * r_vj`` over those neighbours. Ratings
    are not mean-centred, so "rated at all" weighs as much as "liked".
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

        sims = np.asarray((_normalise_rows(H) @ self._RnT).toarray())   # (n, users)
        own = user_rows >= 0
        sims[np.nonzero(own)[0], user_rows[own]] = -np.inf
        sims[sims <= 0] = -np.inf
        K = min(self.neighbours, sims.shape[1])
        row, col, _ = top_k_indices(sims, K, np.arange(sims.shape[1]), copy=False)
        keep = np.isfinite(sims[row, col])
        W = sp.csr_matrix((sims[row, col][keep], (row[keep], col[keep])), shape=sims.shape)
        return np.asarray((W @ self._R).toarray())


class MatrixFactorisation(Recommender):
    """Truncated SVD of the rating matrix (PureSVD; unrated cells count as 0).

    ``R ~ U S V^T`` keeping the ``factors`` largest singular values, computed
    exactly from the eigen-decomposition of the small users x users matrix
    ``R R^T`` (same subspace as scikit-learn's ``TruncatedSVD``, without its
    randomness). A user's scores are their rating row projected on the item
    factors and back: ``h V V^T``. The same fold-in scores made-up users, so no
    refit is needed for a probe. ``seed`` is kept for interface symmetry; the
    result does not depend on it.
    """

    name = "matrix factorisation"

    def __init__(self, factors: int = 50, *, seed: int = 0):
        self.factors = check_positive_int(factors, "factors")
        self.seed = int(seed)

    def _params(self):
        return f"factors={self.factors}, seed={self.seed}"

    def _fit(self):
        limit = min(self._R.shape) - 1
        if self.factors > limit:
            raise ValueError(f"factors={self.factors} must be below min(users, items) = {limit + 1}")
        # exact truncated SVD through the small users x users Gram matrix R R^T = U S^2 U^T
        gram = np.asarray((self._R @ self._R.T).toarray())
        with single_thread():  # bit-for-bit reproducible, and no oversubscription
            eigval, eigvec = np.linalg.eigh(gram)
        top = np.argsort(eigval)[::-1][:self.factors]
        sing = np.sqrt(np.maximum(eigval[top], 0))
        if (sing <= 1e-12).any():
            raise ValueError(f"factors={self.factors} exceeds the rank of the rating matrix")
        self.singular_values_ = sing
        self._V = np.asarray(self._R.T @ eigvec[:, top]) / sing         # (items, factors)

    def _score(self, H, user_rows, keys):
        with single_thread():  # bit-for-bit reproducible, and no oversubscription
            return np.asarray(H @ self._V) @ self._V.T


class GenreContent(Recommender):
    """Content-based: match the genres a user liked to each film's genres.

    Each film is a 0/1 vector over its genres (``'|'``-joined in
    ``items['genres']``; ``(no genres listed)`` counts as a genre of its own),
    scaled to unit length. A user's profile is the sum of the vectors of the
    films they rated, each weighted by ``max(rating - 2.5, 0)`` (so a 5-star
    film counts 2.5, a 3-star film 0.5, a 2.5-star film or lower nothing).
    Score = cosine between profile and film. Many films share a genre set
    and so a score: among them the most-rated wins (the shared tie-break).

    Parameters
    ----------
    items : DataFrame with ``item_id`` and ``genres``.
    """

    name = "genre content"

    def __init__(self, items: pd.DataFrame):
        check_columns(items, ["item_id", "genres"], name="items")
        self.item_genres = items[["item_id", "genres"]].copy()

    def fit(self, ratings, items=None):
        return super().fit(ratings, self.item_genres if items is None else items)

    def _fit(self):
        table = self.item_genres.drop_duplicates("item_id").set_index("item_id")["genres"]
        G, self.genre_names_ = genre_matrix(table.reindex(self.items_))
        norms = np.linalg.norm(G, axis=1, keepdims=True)
        self._G = np.divide(G, norms, out=np.zeros_like(G), where=norms > 0)

    def _score(self, H, user_rows, keys):
        W = H.copy()
        W.data = np.maximum(W.data - 2.5, 0.0)
        profile = np.asarray(W @ self._G)                              # (n, genres)
        norms = np.linalg.norm(profile, axis=1, keepdims=True)
        profile = np.divide(profile, norms, out=np.zeros_like(profile), where=norms > 0)
        with single_thread():  # bit-for-bit reproducible, and no oversubscription
            return profile @ self._G.T


class RandomRecommender(Recommender):
    """Seeded random scores: the floor any real recommender should beat.

    Scores are uniform draws from a generator seeded with ``seed``, the
    user's key (``user_id``, or a negative label for a made-up user) and a
    checksum of the user's history: the same user with the same history gets
    the same list, and any change to the history reshuffles it completely.
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
            check = zlib.crc32(H.indices[lo:hi].astype(np.int64).tobytes()
                               + H.data[lo:hi].astype(np.float64).tobytes())
            key = int(keys[r]) if keys[r] >= 0 else 2**40 + int(-keys[r])
            out[r] = np.random.default_rng([self.seed, key, check]).random(len(self.items_))
        return out


class LongTailSlots(Recommender):
    """Re-rank any model so that ``tail_slots`` of every list go to long-tail films.

    Take the base model's top ``depth`` candidates; keep the best
    ``tail_slots`` long-tail candidates (in the base model's order) and fill
    the other places with the base model's best remaining candidates; then
    show all of them in the base model's order. The long tail is every film
    outside the short head, the most-rated films that together hold 80% of
    the training ratings (:func:`aipm_kit.recsys.audit.short_head_items`).
    Scores are the base model's. If a user has fewer long-tail candidates,
    their list simply holds fewer.

    ``pick="popular"`` is the trivial baseline for the same slots: the base
    model's best ``k - tail_slots`` films, then the most-rated long-tail films
    the user has not rated, in popularity order, at the bottom of the list (the
    same films for everyone, no personalisation; their ``score`` is NaN).
    """

    PICKS = ("base", "popular")

    def __init__(self, base: Recommender, *, tail_slots: int = 3, depth: int = 1000,
                 head_share: float = 0.8, pick: str = "base"):
        if not isinstance(base, Recommender):
            raise TypeError(f"base must be a Recommender, got {type(base).__name__}")
        if pick not in self.PICKS:
            raise ValueError(f"pick must be one of {self.PICKS}, got {pick!r}")
        self.base = base
        self.tail_slots = check_positive_int(tail_slots, "tail_slots", minimum=0)
        self.depth = check_positive_int(depth, "depth")
        self.head_share = check_probability(head_share, "head_share", inclusive=False)
        self.pick = pick
        filler = "" if pick == "base" else " (most-rated)"
        self.name = f"{base.name} + {tail_slots} tail slots{filler}"

    def _params(self):
        return f"{self.base!r}, tail_slots={self.tail_slots}, depth={self.depth}, pick={self.pick!r}"

    def fit(self, ratings, items=None):
        """Fit the base model, then the re-ranker; if either fails, both are left as they were."""
        before = dict(self.base.__dict__)
        try:
            self.base.fit(ratings, items)
            return super().fit(ratings, items)
        except BaseException:
            self.base.__dict__.clear()
            self.base.__dict__.update(before)
            raise

    def _fit(self):
        from .audit import short_head_items

        head = short_head_items(self._ratings, share=self.head_share)
        self._tail = ~np.isin(self.items_, head)
        by_popularity = np.argsort(self._priority)          # most-rated first, then lowest id
        self._tail_by_popularity = by_popularity[self._tail[by_popularity]]

    def _popular_fill(self, H, k, user_rows, keys, labels):
        slots = min(self.tail_slots, k)
        top = self.base._recommend_rows(H, k - slots, user_rows, keys, labels) if k > slots else None
        H = H.tocsr()
        rows = []
        for i, label in enumerate(np.asarray(labels)):
            shown = (top.loc[top["user_id"] == label, ["user_id", "rank", "item_id", "score"]]
                     if top is not None else pd.DataFrame(columns=["user_id", "rank", "item_id", "score"]))
            taken = set(H.indices[H.indptr[i]:H.indptr[i + 1]].tolist())
            taken |= set(np.searchsorted(self.items_, shown["item_id"].to_numpy()).tolist())
            fill = [j for j in self._tail_by_popularity[:len(taken) + slots] if j not in taken][:slots]
            extra = pd.DataFrame({"user_id": label, "rank": np.arange(len(shown) + 1, len(shown) + 1 + len(fill)),
                                  "item_id": self.items_[fill], "score": np.nan})
            rows += [shown, extra] if len(shown) else [extra]
        out = pd.concat(rows, ignore_index=True)
        return out.astype({"rank": np.int64, "item_id": self.items_.dtype, "score": np.float64})

    def _recommend_rows(self, H, k, user_rows, keys, labels):
        if self.pick == "popular":
            return self._popular_fill(H, k, user_rows, keys, labels)
        depth = max(k, min(self.depth, len(self.items_)))
        cands = self.base._recommend_rows(H, depth, user_rows, keys, labels)
        pos = np.searchsorted(self.items_, cands["item_id"].to_numpy())
        cands["tail"] = self._tail[pos]
        cands["tail_order"] = cands.groupby(["user_id", "tail"], sort=False).cumcount()
        slots = min(self.tail_slots, k)
        picked_tail = cands["tail"] & (cands["tail_order"] < slots)
        n_tail = picked_tail.groupby(cands["user_id"], sort=False).transform("sum")
        rest = cands[~picked_tail].copy()
        rest_rank = rest.groupby("user_id", sort=False).cumcount()
        picked_rest = rest.index[rest_rank.to_numpy() < (k - n_tail[rest.index]).to_numpy()]
        keep = cands.loc[np.sort(np.concatenate([picked_tail[picked_tail].index.to_numpy(),
                                                 picked_rest.to_numpy()]))].copy()
        # candidates arrive grouped by user in the base model's rank order: keep that order
        keep["rank"] = keep.groupby("user_id", sort=False).cumcount() + 1
        return keep[["user_id", "rank", "item_id", "score"]].reset_index(drop=True)


def reference_recommenders(items: pd.DataFrame, *, seed: int = 0) -> dict[str, Recommender]:
    """The six reference models, unfitted, keyed by name.

    Examples
    --------
    >>> from aipm_kit.data import load_movielens
    >>> list(reference_recommenders(load_movielens()[1]))
    ['popularity', 'item-kNN', 'user-kNN', 'matrix factorisation', 'genre content', 'random']
    """
    models = [Popularity(), ItemKNN(), UserKNN(), MatrixFactorisation(seed=seed),
              GenreContent(items), RandomRecommender(seed=seed)]
    return {m.name: m for m in models}
