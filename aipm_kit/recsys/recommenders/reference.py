"""The six reference recommenders at once, unfitted and keyed by name (:func:`reference_recommenders`)."""

from __future__ import annotations

import pandas as pd

from .base import Popularity, RandomRecommender, Recommender
from .content import GenreContent
from .factorisation import MatrixFactorisation
from .neighbours import ItemKNN, UserKNN


def reference_recommenders(items: pd.DataFrame, *, seed: int = 0) -> dict[str, Recommender]:
    """The six reference models, unfitted, keyed by name.

    Each has its default settings (:class:`UserKNN` with 30 neighbours, :class:`MatrixFactorisation`
    with 50 factors).

    Parameters
    ----------
    items : DataFrame
        The catalogue with ``item_id`` and ``genres`` columns, for :class:`GenreContent`.
    seed : int, default 0
        Passed to :class:`MatrixFactorisation` and :class:`RandomRecommender`. Keyword only.

    Returns
    -------
    dict of str to Recommender
        ``model.name -> model``: popularity, item-kNN, user-kNN, matrix factorisation, genre content
        and random, in that order, none of them fitted.

    Examples
    --------
    >>> items = pd.DataFrame({"item_id": [1, 2], "genres": ["Drama", "Horror"]})
    >>> models = reference_recommenders(items)
    >>> list(models)
    ['popularity', 'item-kNN', 'user-kNN', 'matrix factorisation', 'genre content', 'random']
    >>> models["random"]
    RandomRecommender(seed=0) [not fitted]
    """
    models = [
        Popularity(),
        ItemKNN(),
        UserKNN(),
        MatrixFactorisation(seed=seed),
        GenreContent(items),
        RandomRecommender(seed=seed),
    ]
    return {m.name: m for m in models}
