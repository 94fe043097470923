"""One-rating perturbation: add one 5-star rating to real users and count how often their own list
changes (:func:`one_rating_perturbation`, summarised in a :class:`PerturbationResult`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..._checks import check_positive_int
from ..recommenders import Recommender
from .boxes import BlackBox


@dataclass(frozen=True)
class PerturbationResult:
    """How lists react when each probed user adds one new 5-star rating.

    ``changed_share``: share of users whose ordered top-k list changed at all;
    ``mean_overlap``: mean share of the old list still in the new one;
    ``mean_replaced``: mean number of films swapped out. ``per_user`` has one
    row per probed user, with the film that was added.

    Made by :func:`one_rating_perturbation`; ``to_frame()`` gives the headline numbers as a one-row
    frame.

    Parameters
    ----------
    recommender : str
        The name of the recommender probed.
    users : int
        How many users were probed.
    k : int
        The length of the lists compared.
    changed_share : float
        Share of probed users whose ordered list changed at all (0 to 1).
    mean_overlap : float
        Mean over users of the share of the old list still in the new one (0 to 1).
    mean_replaced : float
        Mean over users of the number of films of the old list missing from the new one.
    per_user : DataFrame
        One row per probed user: ``user_id``, ``added_item``, ``changed``, ``overlap`` and
        ``replaced``.

    Examples
    --------
    Each user's one-film popularity list changes when they rate a film it did not hold:

    >>> ratings = pd.DataFrame({"user_id": [1, 1, 2, 3], "item_id": [10, 11, 10, 12], "rating": [5.0, 3.0, 4.0, 4.0]})
    >>> from aipm_kit.recsys.recommenders import Popularity
    >>> one_rating_perturbation(Popularity().fit(ratings), n_users=2, k=1)
    PerturbationResult(recommender='popularity', users=2, k=1, changed_share=1.0, mean_overlap=0.0, mean_replaced=1.0)
    """

    recommender: str
    users: int
    k: int
    changed_share: float
    mean_overlap: float
    mean_replaced: float
    per_user: pd.DataFrame = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "recommender": [self.recommender],
                "users": [self.users],
                "k": [self.k],
                "changed_share": [self.changed_share],
                "mean_overlap": [self.mean_overlap],
                "mean_replaced": [self.mean_replaced],
            }
        )


def one_rating_perturbation(
    recommender: Recommender, *, n_users: int = 100, k: int = 10, seed: int = 0, rating: float = 5.0
) -> PerturbationResult:
    """Add one ``rating``-star rating to ``n_users`` sampled users and compare lists.

    Users are drawn (seeded) from the fitted users; each gets one unseen film
    drawn with probability proportional to its popularity (a plausible next
    watch). The model is *not* refitted: this measures how a user's own list
    responds to their own new rating. The added film itself can no longer be
    recommended to them, so a list that held it always changes.

    Parameters
    ----------
    recommender : Recommender or BlackBox
        A fitted model (or a black box wrapping one); anything else raises ``TypeError``, an
        unfitted model ``RuntimeError``.
    n_users : int, default 100
        How many fitted users to probe (all of them when there are fewer), a whole number >= 1.
        Keyword only.
    k : int, default 10
        The length of the lists compared. Keyword only.
    seed : int, default 0
        Seeds the choice of users and of the added films. Keyword only.
    rating : float, default 5.0
        The stars of the added rating. Keyword only.

    Returns
    -------
    PerturbationResult
        The share of lists that changed, the mean overlap and replacements, and the per-user table.

    Examples
    --------
    >>> ratings = pd.DataFrame({"user_id": [1, 1, 1, 2, 2, 3, 3, 4, 4],
    ...                         "item_id": [10, 11, 12, 10, 11, 10, 13, 12, 13],
    ...                         "rating": [5.0, 4.0, 3.0, 5.0, 2.0, 4.0, 5.0, 1.0, 4.0]})
    >>> from aipm_kit.recsys.recommenders import ItemKNN
    >>> result = one_rating_perturbation(ItemKNN().fit(ratings), n_users=3, k=2)
    >>> result.per_user
       user_id  added_item  changed  overlap  replaced
    0        2          12     True      0.5         1
    1        3          12     True      0.5         1
    2        4          11     True      0.5         1
    """
    model = recommender._model if isinstance(recommender, BlackBox) else recommender
    if not isinstance(model, Recommender):
        raise TypeError(f"recommender must be a Recommender, got {type(recommender).__name__}")
    model._require_fitted()
    n_users = check_positive_int(n_users, "n_users")
    k = check_positive_int(k, "k")
    rng = np.random.default_rng(seed)
    n_all = len(model.users_)
    rows = np.sort(rng.choice(n_all, size=min(n_users, n_all), replace=False))
    ids = model.users_[rows]
    H = model._R[rows].tolil()
    weights = model.popularity_.astype(np.float64) + 1.0
    added = np.empty(len(rows), dtype=np.int64)
    for r in range(len(rows)):
        w = weights.copy()
        w[H.rows[r]] = 0.0
        added[r] = rng.choice(len(w), p=w / w.sum())
        H[r, added[r]] = rating
    H = H.tocsr()
    before = model._recommend_rows(model._R[rows], k, rows, ids, ids)
    after = model._recommend_rows(H, k, rows, ids, ids)
    old = before.groupby("user_id")["item_id"].apply(list)
    new = after.groupby("user_id")["item_id"].apply(list).reindex(old.index)
    changed = np.array([a != b for a, b in zip(old, new)])
    overlap = np.array([len(set(a) & set(b)) / max(len(a), 1) for a, b in zip(old, new)])
    replaced = np.array([len(set(a) - set(b)) for a, b in zip(old, new)])
    per_user = pd.DataFrame(
        {
            "user_id": old.index.to_numpy(),
            "added_item": model.items_[added],
            "changed": changed,
            "overlap": overlap,
            "replaced": replaced,
        }
    )
    return PerturbationResult(
        getattr(recommender, "name", type(recommender).__name__),
        len(rows),
        k,
        float(changed.mean()),
        float(overlap.mean()),
        float(replaced.mean()),
        per_user,
    )
