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
