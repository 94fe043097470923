"""The feedback loop: simulated users accept recommendations round after round and the model is refitted
on what they "watched" (:func:`feedback_loop`, with the position-weighted choice :func:`position_choice`),
recorded round by round in a :class:`FeedbackLoopResult`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..._checks import check_positive_int
from ..recommenders import Recommender, clean_ratings


@dataclass(frozen=True)
class FeedbackLoopResult:
    """Round-by-round state of a simulated feedback loop (``rounds``: one row per round,
    round 0 = before any recommendation was accepted).

    Made by :func:`feedback_loop`; ``to_frame()`` returns ``rounds``, ``change(column)`` the last
    round minus round 0 of one column, and the printed form shows the table rounded to 4 decimals.

    Parameters
    ----------
    recommender : str
        The name of the simulated recommender.
    accept : int
        How many films each simulated user accepted per round.
    rounds : DataFrame
        One row per round (``round``, ``ratings``, ``gini``, ``top100_share``,
        ``history_similarity``, ``accepted_similarity``, ``distinct_accepted``, ``coverage``), as
        :func:`feedback_loop` describes.

    Examples
    --------
    >>> ratings = pd.DataFrame({"user_id": [1, 1, 2, 3], "item_id": [10, 11, 10, 12], "rating": [5.0, 3.0, 4.0, 4.0]})
    >>> from aipm_kit.recsys.recommenders import Popularity
    >>> result = feedback_loop(Popularity(), ratings, rounds=1, k=1)
    >>> result.rounds[["round", "ratings", "distinct_accepted"]]
       round  ratings  distinct_accepted
    0      0        4                  0
    1      1        7                  3
    >>> result.change("ratings")
    3.0
    >>> result.change("clicks")
    Traceback (most recent call last):
    ...
    ValueError: column must be one of ['round', 'ratings', 'gini', 'top100_share', 'history_similarity', 'accepted_similarity', 'distinct_accepted', 'coverage'], got 'clicks'
    """

    recommender: str
    accept: int
    rounds: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.rounds

    def change(self, column: str) -> float:
        """Last round minus round 0 for ``column``."""
        if column not in self.rounds:
            raise ValueError(f"column must be one of {list(self.rounds.columns)}, got {column!r}")
        return float(self.rounds[column].iloc[-1] - self.rounds[column].iloc[0])

    def __repr__(self) -> str:
        return (
            f"FeedbackLoopResult({self.recommender!r}, accept={self.accept})\n"
            f"{self.rounds.round(4).to_string(index=False)}"
        )


def _mean_pairwise_jaccard(M) -> float:
    M = M.tocsr().astype(bool).astype(np.float64)
    n = M.shape[0]
    if n < 2:
        return 0.0
    inter = np.asarray((M @ M.T).toarray())
    size = np.asarray(M.sum(axis=1)).ravel()
    union = size[:, None] + size[None, :] - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.where(union > 0, inter / union, 0.0)
    return float((jac.sum() - np.trace(jac)) / (n * (n - 1)))


def position_choice(lists: pd.DataFrame, accept: int, rng) -> pd.DataFrame:
    """Each user's ``accept`` different films from their list, drawn without replacement with
    weight ``1 / log2(rank + 1)`` (the Gumbel top-k trick: add Gumbel noise to the log weights and
    keep the largest, which draws one film after another in proportion to the weights left).

    Parameters
    ----------
    lists : DataFrame
        The lists, one row per recommended film, with ``user_id``, ``rank`` and ``item_id`` columns.
    accept : int
        Films to draw per user (a user with a shorter list gets all of theirs).
    rng : numpy.random.Generator
        The source of the Gumbel noise; the same generator state gives the same choice.

    Returns
    -------
    DataFrame
        The chosen ``user_id, item_id`` pairs, by user, in the order drawn (the original index is
        kept).

    Examples
    --------
    >>> lists = pd.DataFrame({"user_id": [1, 1, 1, 2, 2, 2], "rank": [1, 2, 3, 1, 2, 3],
    ...                       "item_id": [10, 11, 12, 12, 13, 14]})
    >>> position_choice(lists, 2, np.random.default_rng(0))
       user_id  item_id
    2        1       12
    1        1       11
    3        2       12
    4        2       13
    """
    key = np.log(1.0 / np.log2(lists["rank"].to_numpy() + 1.0)) + rng.gumbel(size=len(lists))
    order = lists.assign(_key=key).sort_values(["user_id", "_key"], ascending=[True, False])
    return order[order.groupby("user_id").cumcount() < accept][["user_id", "item_id"]]


def feedback_loop(
    recommender: Recommender,
    ratings: pd.DataFrame,
    items: pd.DataFrame | None = None,
    *,
    rounds: int = 5,
    k: int = 10,
    accept: int = 1,
    n_users: int | None = None,
    seed: int = 0,
    choice: str = "top",
) -> FeedbackLoopResult:
    """Simulate users accepting recommendations, refitting the model each round.

    Each round: fit ``recommender`` on the current ratings, recommend ``k``
    films to the simulated users (all users, or ``n_users`` drawn seeded),
    and every simulated user "watches" their top ``accept`` films, which are
    added to the ratings at the user's own mean rating (rounded to half a
    star): the model cannot tell an accepted recommendation from a free choice.

    Columns per round: ``gini`` (Gini of rating counts over the catalogue,
    zeros included: how concentrated consumption is), ``top100_share`` (share
    of all ratings on the 100 most-rated films), ``history_similarity`` (mean
    pairwise Jaccard similarity of the simulated users' full histories),
    ``accepted_similarity`` (the same for only the films accepted so far),
    ``distinct_accepted`` (different films accepted so far, across users)
    and ``coverage`` (share of the catalogue in this round's lists).

    ``choice`` is the simulated user model: ``"top"`` (each user accepts
    their top ``accept`` films) or ``"position"`` (each user accepts
    ``accept`` different films of their list drawn at random with weight
    ``1 / log2(rank + 1)``, without replacement, seeded by ``seed``: lower
    positions are seen, and chosen, less often but not never).

    Parameters
    ----------
    recommender : Recommender
        The model to simulate (anything else raises ``TypeError``); it is refitted every round and
        is left fitted on the last round's ratings.
    ratings : DataFrame
        The starting ratings (``user_id``, ``item_id``, ``rating``).
    items : DataFrame, optional
        Passed to every ``fit`` to widen the catalogue.
    rounds : int, default 5
        Rounds of recommending and accepting, a whole number >= 1. Keyword only.
    k : int, default 10
        Length of each list. Keyword only.
    accept : int, default 1
        Films each simulated user accepts per round, between 1 and ``k``. Keyword only.
    n_users : int, optional
        Simulate this many users, drawn seeded; default (or when it is not below the number of
        users) all of them. Keyword only.
    seed : int, default 0
        Seeds the draw of users and, with ``choice="position"``, the films accepted. Keyword only.
    choice : {"top", "position"}, default "top"
        The simulated user model described above. Keyword only.

    Returns
    -------
    FeedbackLoopResult
        One row per round, ``0..rounds``; the last row's ``coverage`` repeats the round before it
        (no lists are shown after the last refit).

    Examples
    --------
    >>> ratings = pd.DataFrame({"user_id": [1, 1, 1, 2, 2, 3, 3, 4, 4],
    ...                         "item_id": [10, 11, 12, 10, 11, 10, 13, 12, 13],
    ...                         "rating": [5.0, 4.0, 3.0, 5.0, 2.0, 4.0, 5.0, 1.0, 4.0]})
    >>> from aipm_kit.recsys.recommenders import Popularity
    >>> result = feedback_loop(Popularity(), ratings, rounds=2, k=2)
    >>> result
    FeedbackLoopResult('popularity', accept=1)
     round  ratings   gini  top100_share  history_similarity  accepted_similarity  distinct_accepted  coverage
         0        9 0.0833           1.0              0.3056               0.0000                  0      1.00
         1       13 0.0577           1.0              0.6250               0.0000                  4      0.75
         2       16 0.0000           1.0              1.0000               0.1944                  4      0.75

    After two rounds every simulated user holds the same four films: their histories are identical
    (``history_similarity`` 1) and the rating counts are equal (``gini`` 0).
    """
    import scipy.sparse as sp

    from ..audit import gini

    if not isinstance(recommender, Recommender):
        raise TypeError(f"recommender must be a Recommender, got {type(recommender).__name__}")
    rounds = check_positive_int(rounds, "rounds")
    accept = check_positive_int(accept, "accept")
    k = check_positive_int(k, "k")
    if accept > k:
        raise ValueError(f"accept={accept} cannot exceed k={k}")
    if choice not in ("top", "position"):
        raise ValueError(f"choice must be 'top' or 'position', got {choice!r}")
    pick_rng = np.random.default_rng([seed, 1])
    current = clean_ratings(ratings)
    all_users = np.unique(current["user_id"].to_numpy())
    if n_users is not None and n_users < len(all_users):
        rng = np.random.default_rng(seed)
        users = np.sort(rng.choice(all_users, size=check_positive_int(n_users, "n_users"), replace=False))
    else:
        users = all_users
    means = (current.groupby("user_id")["rating"].mean() * 2).round() / 2
    accepted_rows = []

    def state(r, lists):
        model = recommender
        cat = model.items_
        counts = model.popularity_
        pos_u = np.searchsorted(model.users_, users)
        hist = model._R[pos_u]
        acc = pd.DataFrame(accepted_rows, columns=["user_id", "item_id"]) if accepted_rows else None
        if acc is not None and len(acc):
            A = sp.csr_matrix(
                (np.ones(len(acc)), (np.searchsorted(users, acc["user_id"]), np.searchsorted(cat, acc["item_id"]))),
                shape=(len(users), len(cat)),
            )
            acc_sim, distinct = _mean_pairwise_jaccard(A), acc["item_id"].nunique()
        else:
            acc_sim, distinct = 0.0, 0
        top = np.sort(counts)[::-1]
        return {
            "round": r,
            "ratings": int(counts.sum()),
            "gini": gini(counts),
            "top100_share": float(top[:100].sum() / top.sum()),
            "history_similarity": _mean_pairwise_jaccard(hist),
            "accepted_similarity": acc_sim,
            "distinct_accepted": int(distinct),
            "coverage": float(lists["item_id"].nunique() / len(cat)) if lists is not None else np.nan,
        }

    table = []
    lists = None  # bound before the loop; rounds >= 1, so a round assigns it before the last one reads it
    for r in range(rounds + 1):
        recommender.fit(current, items)
        if r == rounds:
            table.append(state(r, lists))
            break
        lists = recommender.recommend(users, k)
        if r == 0:
            table.append(state(0, lists))
        else:
            table.append(state(r, lists))
        if choice == "top":
            take = lists[lists["rank"] <= accept][["user_id", "item_id"]]
        else:
            take = position_choice(lists, accept, pick_rng)
        accepted_rows += take.itertuples(index=False, name=None)
        new = take.assign(rating=means.reindex(take["user_id"]).to_numpy())
        current = pd.concat([current, new], ignore_index=True)
    frame = pd.DataFrame(table)
    # the coverage of round r describes the lists shown in round r; the last state has none
    frame.loc[frame.index[-1], "coverage"] = frame["coverage"].iloc[-2] if len(frame) > 1 else np.nan
    return FeedbackLoopResult(recommender.name, accept, frame)
