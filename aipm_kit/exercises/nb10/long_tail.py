"""Exercises 1 and 5 of notebook 10, by hand: the long tail's share of the lists and of their exposure.

APLT averages each user's long-tail share of a list; position-weighted exposure pools every slot weighted by
``1 / log2(rank + 1)``. Both checkers name the common wrong answers (the catalogue's share, the unweighted share).
"""

from __future__ import annotations

import numpy as np

from .. import numeric


def aplt_by_hand(
    *,
    recs,
    short_head,
    n_items: int,
    aplt: float,
    head_rating_share: float,
    recommender: str = "item-kNN",
    number: int = 1,
):
    """By hand: the long-tail share of ``recommender``'s lists (APLT), against the audit's ``aplt``."""
    head = np.asarray(short_head)
    tail_of_catalogue = 1 - len(head) / n_items
    share_head = float(np.isin(np.asarray(recs["item_id"]), head).mean())
    return numeric(
        f"{number} · Long-tail share by hand",
        f"What share of {recommender}'s recommendations (averaged over users) are long-tail "
        "films, i.e. films outside the short head? Compute it from `knn_recs` and `short_head` "
        "in a line or two of pandas; the audit in section 3 reports it as `aplt`.",
        expected=lambda: aplt,
        atol=5e-4,
        practice="by-hand",
        hints=[
            "A film is long tail when its `item_id` is not in `short_head`: `~knn_recs.item_id.isin(short_head)`.",
            "APLT averages per user: the share of each user's list that is long tail, then "
            "the mean over users: `.groupby(knn_recs.user_id).mean().mean()`.",
        ],
        solution=f"`(~knn_recs.item_id.isin(short_head)).groupby(knn_recs.user_id).mean().mean()` = "
        f"{aplt:.4f}, the audit's number. Compare with the {tail_of_catalogue:.1%} of the "
        "catalogue that is long tail: the lists barely touch it.",
        wrong_answers=[
            (
                tail_of_catalogue,
                f"{tail_of_catalogue:.4f} is the long tail's share of the catalogue, not of the recommendations.",
            ),
            (
                1 - head_rating_share,
                "That is the long tail's share of the ratings (1 - 80%), a "
                "property of the data, not of the recommender.",
            ),
            (
                share_head,
                "That is the short-head share of the lists: you counted films *in* "
                "`short_head`; APLT counts those outside it.",
            ),
            (
                1 - share_head if abs((1 - share_head) - aplt) > 5e-4 else np.nan,
                "Close: that is the long-tail share of all recommendations pooled; APLT first takes "
                "each user's share, then the mean over users.",
            ),
        ],
    )


def exposure_by_hand(
    *,
    recs,
    short_head,
    expected: float,
    number: int = 5,
    lists_name: str = "after_recs",
    lists_what: str = "the re-ranked lists",
):
    """By hand: the long-tail share of position-discounted exposure, ``1 / log2(rank + 1)``."""
    rank = np.asarray(recs["rank"], dtype=float)
    tail = ~np.isin(np.asarray(recs["item_id"]), np.asarray(short_head))
    plain = float(tail.mean())
    by_rank = float((tail / rank).sum() / (1 / rank).sum())
    return numeric(
        f"{number} · Position-weighted exposure by hand",
        f"Weight every slot of {lists_what} (`{lists_name}`) by 1 / log2(rank + 1) and compute "
        "the share of that weight that goes to long-tail films (not in `short_head`). Compare with "
        f"the kit's `rs.tail_exposure_share({lists_name}, short_head)`.",
        expected=lambda: expected,
        atol=5e-4,
        practice="by-hand",
        hints=[
            f"`w = 1 / np.log2({lists_name}['rank'] + 1)`; `tail = ~{lists_name}.item_id.isin(short_head)`.",
            "The share is `w[tail].sum() / w.sum()`: pooled over all slots, not averaged per user.",
        ],
        solution=f"`w[tail].sum() / w.sum()` = {expected:.4f}, below the unweighted {plain:.4f}: the "
        "reserved long-tail films sit low in the lists, where fewer people look.",
        wrong_answers=[
            (
                plain,
                "That is the unweighted share: every slot counts the same. Weight each slot by 1 / log2(rank + 1).",
            ),
            (
                by_rank if abs(by_rank - expected) > 5e-4 else np.nan,
                "That weights by 1 / rank; the discount asked for is 1 / log2(rank + 1).",
            ),
        ],
    )
