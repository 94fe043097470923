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
    """By hand: the long-tail share of ``recommender``'s lists (APLT), against the audit's ``aplt``.

    APLT is each user's share of listed films outside the short head, averaged over users. Any answer within
    0.0005 of ``aplt`` is right; the common slips get their own feedback: the long tail's share of the catalogue,
    of the ratings (``1 - head_rating_share``), the short head's share of the lists, and the tail's share of all
    slots pooled (when it differs from ``aplt``).

    Parameters
    ----------
    recs : pandas.DataFrame
        The recommender's lists, one row a slot, with ``user_id`` and ``item_id`` columns.
    short_head : array-like
        The item ids of the short head (the most-rated films); every other film is long tail.
    n_items : int
        The number of films in the catalogue, for the catalogue's long-tail share.
    aplt : float
        The audit's APLT of these lists, the expected answer (a share, 0 to 1).
    head_rating_share : float
        The share of all ratings the short head holds (0.8 for 80%), for the "share of the ratings" slip.
    recommender : str, default "item-kNN"
        The recommender's name, as the prompt shows it.
    number : int, default 1
        The exercise's number in the notebook.

    Returns
    -------
    Exercise
        A by-hand numeric exercise, ``"N · Long-tail share by hand"``.

    Examples
    --------
    >>> import pandas as pd
    >>> recs = pd.DataFrame({"user_id": [1, 1, 2, 2], "item_id": [1, 5, 6, 7]})
    >>> q = aplt_by_hand(recs=recs, short_head=[1, 2], n_items=10, aplt=0.75, head_rating_share=0.8)
    >>> q.check(0.75)
    [1 · Long-tail share by hand] Correct: 0.75 is right.
    >>> q.check(0.8)
    [1 · Long-tail share by hand] Not yet: 0.8000 is the long tail's share of the catalogue, not of the recommendations.
    """
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
    """By hand: the long-tail share of position-discounted exposure, ``1 / log2(rank + 1)``.

    Every slot of the lists is weighted by ``1 / log2(rank + 1)`` and the share of the weight on long-tail films is
    pooled over all slots. Any answer within 0.0005 of ``expected`` is right; the unweighted share and a ``1 / rank``
    weighting (when it differs from ``expected``) get their own feedback.

    Parameters
    ----------
    recs : pandas.DataFrame
        The lists, one row a slot, with ``rank`` (1 for the top slot) and ``item_id`` columns.
    short_head : array-like
        The item ids of the short head; every other film is long tail.
    expected : float
        The kit's ``tail_exposure_share`` of these lists, the expected answer (a share, 0 to 1).
    number : int, default 5
        The exercise's number in the notebook.
    lists_name : str, default "after_recs"
        The notebook variable that holds the lists, as the prompt and hints name it.
    lists_what : str, default "the re-ranked lists"
        The lists in words, for the prompt.

    Returns
    -------
    Exercise
        A by-hand numeric exercise, ``"N · Position-weighted exposure by hand"``.

    Examples
    --------
    Two users, two slots each; only user 1's top film is in the short head:

    >>> import math
    >>> import pandas as pd
    >>> recs = pd.DataFrame({"user_id": [1, 1, 2, 2], "rank": [1, 2, 1, 2], "item_id": [1, 5, 6, 7]})
    >>> w2 = 1 / math.log2(3)
    >>> expected = (w2 + 1 + w2) / (2 + 2 * w2)
    >>> round(expected, 4)
    0.6934
    >>> q = exposure_by_hand(recs=recs, short_head=[1, 2], expected=expected)
    >>> q.check(expected).correct
    True
    >>> q.check(0.75)
    [5 · Position-weighted exposure by hand] Not yet: That is the unweighted share: every slot counts the same. Weight each slot by 1 / log2(rank + 1).
    """
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
