"""Content-based recommending: :class:`GenreContent` matches the genres a user liked to each film's genres."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..._checks import check_columns
from ...runtime import single_thread
from ..data import genre_matrix
from .base import Recommender


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
    items : DataFrame
        The films' genres: ``item_id`` and ``genres`` columns (other columns are ignored; a
        missing column raises ``ValueError``). ``fit`` uses it as its ``items`` when none is
        passed, so every film here is in the catalogue and can be recommended even if nobody
        rated it.

    Examples
    --------
    >>> items = pd.DataFrame({"item_id": [10, 11, 12, 13], "genres": ["Drama", "Comedy", "Drama|Horror", "Horror"]})
    >>> ratings = pd.DataFrame({"user_id": [1, 1, 2], "item_id": [10, 11, 12], "rating": [5.0, 2.0, 4.0]})
    >>> model = GenreContent(items).fit(ratings)
    >>> model.genre_names_
    ['Comedy', 'Drama', 'Horror']

    User 1 liked a drama (the comedy at 2 stars counts for nothing), so the drama-horror film comes first:

    >>> model.recommend([1], k=2).round(3)
       user_id  rank  item_id  score
    0        1     1       12  0.707
    1        1     2       13  0.000
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
        profile = np.asarray(W @ self._G)  # (n, genres)
        norms = np.linalg.norm(profile, axis=1, keepdims=True)
        profile = np.divide(profile, norms, out=np.zeros_like(profile), where=norms > 0)
        with single_thread():  # bit-for-bit reproducible, and no oversubscription
            return profile @ self._G.T
