"""The six reference recommenders at once, unfitted and keyed by name (:func:`reference_recommenders`)."""

from __future__ import annotations

import pandas as pd

from .base import Popularity, RandomRecommender, Recommender
from .content import GenreContent
from .factorisation import MatrixFactorisation
from .neighbours import ItemKNN, UserKNN


def reference_recommenders(items: pd.DataFrame, *, seed: int = 0) -> dict[str, Recommender]:
    """The six reference models, unfitted, keyed by name.

    Examples
    --------
    >>> from aipm_kit.data import load_movielens
    >>> list(reference_recommenders(load_movielens()[1]))
    ['popularity', 'item-kNN', 'user-kNN', 'matrix factorisation', 'genre content', 'random']
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
