"""Black boxes: fitted recommenders behind anonymous, shuffled labels (:class:`BlackBox`,
:func:`black_boxes`) for the reverse-engineering exercise, with the same interface and no name.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..recommenders import Recommender


class BlackBox:
    """A fitted recommender under an anonymous label: same interface, no name.

    (Its mechanism is in ``_model``; the exercise asks you not to look.)

    ``recommend``, ``recommend_for_history`` and ``recommend_for_histories`` answer as the wrapped
    model does; ``name`` is the label.

    Parameters
    ----------
    label : str
        The anonymous name shown for the box, for example ``"Box A"``.
    model : Recommender
        A fitted recommender; anything else (or an unfitted one) raises ``TypeError``.

    Examples
    --------
    >>> from aipm_kit.recsys.recommenders import Popularity
    >>> ratings = pd.DataFrame({"user_id": [1, 1, 2], "item_id": [10, 11, 12], "rating": [5.0, 3.0, 4.0]})
    >>> box = BlackBox("Box A", Popularity().fit(ratings))
    >>> box
    BlackBox('Box A')
    >>> box.recommend([2], k=1)
       user_id  rank  item_id  score
    0        2     1       10    1.0
    >>> BlackBox("Box B", Popularity())
    Traceback (most recent call last):
    ...
    TypeError: model must be a fitted Recommender
    """

    def __init__(self, label: str, model: Recommender):
        if not isinstance(model, Recommender) or not model.is_fitted:
            raise TypeError("model must be a fitted Recommender")
        self.name = label
        self._model = model

    def __repr__(self) -> str:
        return f"BlackBox({self.name!r})"

    def recommend(self, user_ids=None, k: int = 10) -> pd.DataFrame:
        return self._model.recommend(user_ids, k)

    def recommend_for_history(self, items, k: int = 10, **kwargs) -> pd.DataFrame:
        return self._model.recommend_for_history(items, k, **kwargs)

    def recommend_for_histories(self, histories, k: int = 10, **kwargs) -> pd.DataFrame:
        return self._model.recommend_for_histories(histories, k, **kwargs)


def black_boxes(models: Mapping[str, Recommender], *, seed: int = 0) -> tuple[dict[str, BlackBox], dict[str, str]]:
    """Shuffle fitted models (seeded) behind labels ``Box A``, ``Box B``, ...

    Returns ``(boxes, answer_key)`` where ``answer_key`` maps each label to the
    model's name. Keep the key out of sight: the exercise checks against it.

    Parameters
    ----------
    models : mapping of str to Recommender
        Fitted models by name (must not be empty); labels go ``Box A``, ``Box B``, ... in a
        seeded random order of the models.
    seed : int, default 0
        Seeds the shuffle: the same models and seed give the same labels. Keyword only.

    Returns
    -------
    boxes : dict of str to BlackBox
        ``label -> box``, in label order.
    answer_key : dict of str to str
        ``label -> the key of its model in models``.

    Examples
    --------
    >>> from aipm_kit.recsys.recommenders import ItemKNN, Popularity
    >>> ratings = pd.DataFrame({"user_id": [1, 1, 2], "item_id": [10, 11, 12], "rating": [5.0, 3.0, 4.0]})
    >>> boxes, key = black_boxes({"popularity": Popularity().fit(ratings), "item-kNN": ItemKNN().fit(ratings)})
    >>> boxes
    {'Box A': BlackBox('Box A'), 'Box B': BlackBox('Box B')}
    >>> key
    {'Box A': 'popularity', 'Box B': 'item-kNN'}
    """
    if not models:
        raise ValueError("models is empty")
    names = list(models)
    order = np.random.default_rng(seed).permutation(len(names))
    boxes, key = {}, {}
    for i, j in enumerate(order):
        label = f"Box {chr(ord('A') + i)}"
        boxes[label] = BlackBox(label, models[names[j]])
        key[label] = names[j]
    return boxes, key
