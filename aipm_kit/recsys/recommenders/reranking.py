"""Re-ranking: :class:`LongTailSlots` wraps any recommender and reserves slots of every list for long-tail
films, picked in the base model's order or, as the trivial baseline, by popularity.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..._checks import check_positive_int, check_probability
from .base import Recommender


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

    Parameters
    ----------
    base : Recommender
        The model to re-rank (anything else raises ``TypeError``). ``fit`` fits it too.
    tail_slots : int, default 3
        Places of each list reserved for long-tail films (a whole number >= 0; 0 leaves the base
        model's lists unchanged). At most ``k`` are used.
    depth : int, default 1000
        How many of the base model's top candidates are searched for long-tail films (at least
        ``k`` and at most the catalogue are used).
    head_share : float, default 0.8
        Share of the training ratings the short head holds, strictly between 0 and 1.
    pick : {"base", "popular"}, default "base"
        ``"base"`` picks the long-tail films in the base model's order; ``"popular"`` is the
        unpersonalised baseline described above. Anything else raises ``ValueError``.

    Examples
    --------
    Films 10, 11 and 12 hold 80% of the ratings, so film 13 is the long tail:

    >>> ratings = pd.DataFrame({"user_id": [1, 1, 1, 2, 2, 3, 3, 4], "item_id": [10, 11, 12, 10, 11, 10, 13, 12],
    ...                         "rating": [5.0, 4.0, 3.0, 5.0, 2.0, 4.0, 5.0, 1.0]})
    >>> from aipm_kit.recsys.recommenders import Popularity
    >>> Popularity().fit(ratings).recommend([4], k=2)
       user_id  rank  item_id  score
    0        4     1       10    3.0
    1        4     2       11    2.0
    >>> model = LongTailSlots(Popularity(), tail_slots=1).fit(ratings)
    >>> model.name
    'popularity + 1 tail slots'
    >>> model.recommend([4], k=2)
       user_id  rank  item_id  score
    0        4     1       10    3.0
    1        4     2       13    1.0
    """

    PICKS = ("base", "popular")

    def __init__(
        self, base: Recommender, *, tail_slots: int = 3, depth: int = 1000, head_share: float = 0.8, pick: str = "base"
    ):
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
        from ..audit.catalogue import short_head_items

        head = short_head_items(self._ratings, share=self.head_share)
        self._tail = ~np.isin(self.items_, head)
        by_popularity = np.argsort(self._priority)  # most-rated first, then lowest id
        self._tail_by_popularity = by_popularity[self._tail[by_popularity]]

    def _popular_fill(self, H, k, user_rows, keys, labels):
        slots = min(self.tail_slots, k)
        top = self.base._recommend_rows(H, k - slots, user_rows, keys, labels) if k > slots else None
        H = H.tocsr()
        rows = []
        for i, label in enumerate(np.asarray(labels)):
            shown = (
                top.loc[top["user_id"] == label, ["user_id", "rank", "item_id", "score"]]
                if top is not None
                else pd.DataFrame(columns=["user_id", "rank", "item_id", "score"])
            )
            taken = set(H.indices[H.indptr[i] : H.indptr[i + 1]].tolist())
            taken |= set(np.searchsorted(self.items_, shown["item_id"].to_numpy()).tolist())
            fill = [j for j in self._tail_by_popularity[: len(taken) + slots] if j not in taken][:slots]
            extra = pd.DataFrame(
                {
                    "user_id": label,
                    "rank": np.arange(len(shown) + 1, len(shown) + 1 + len(fill)),
                    "item_id": self.items_[fill],
                    "score": np.nan,
                }
            )
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
        keep = cands.loc[
            np.sort(np.concatenate([picked_tail[picked_tail].index.to_numpy(), picked_rest.to_numpy()]))
        ].copy()
        # candidates arrive grouped by user in the base model's rank order: keep that order
        keep["rank"] = keep.groupby("user_id", sort=False).cumcount() + 1
        return keep[["user_id", "rank", "item_id", "score"]].reset_index(drop=True)
