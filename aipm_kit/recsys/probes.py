"""Behavioural probes: learn what a recommender does by poking it, not by reading it.

- :func:`synthetic_users`: seeded made-up users with an obvious taste (a
  horror-only fan, a one-rating newcomer, a blockbuster lover), and
  :func:`probe_users` to see what each recommender gives them.
- :func:`one_rating_perturbation`: add one 5-star rating to real users and
  count how often their list changes (stability, and a mechanism's tell).
- :func:`feedback_loop`: users accept their top recommendations for several
  rounds and the model is refitted on what they "watched": do histories
  converge, does popularity concentrate?
- :func:`black_boxes`: wrap fitted models as anonymous, shuffled boxes for the
  reverse-engineering exercise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._checks import check_columns, check_positive_int
from .recommenders import Recommender, clean_ratings

PROFILES = ("horror fan", "newcomer", "blockbuster lover")


def synthetic_users(
    ratings: pd.DataFrame, items: pd.DataFrame, *, seed: int = 0, n_films: int = 15, min_ratings: int = 10
) -> dict[str, pd.Series]:
    """Three made-up users, each a Series ``item_id -> rating`` (all 5 stars).

    - ``"horror fan"``: ``n_films`` films tagged Horror (possibly among other
      genres), drawn (seeded) from those with at least ``min_ratings`` ratings,
      so that collaborative models have something to go on. Nothing else.
    - ``"newcomer"``: a single film drawn (seeded) from the 200 most-rated.
    - ``"blockbuster lover"``: the ``n_films`` most-rated films (no randomness).

    Examples
    --------
    >>> from aipm_kit.data import load_movielens
    >>> r, m = load_movielens()
    >>> users = synthetic_users(r, m, seed=0)
    >>> [len(users[p]) for p in ("horror fan", "newcomer", "blockbuster lover")]
    [15, 1, 15]
    """
    check_columns(items, ["item_id", "genres"], name="items")
    n_films = check_positive_int(n_films, "n_films")
    clean = clean_ratings(ratings)
    counts = clean["item_id"].value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="stable")  # ties: low id first
    rng = np.random.default_rng(seed)
    genres = items.drop_duplicates("item_id").set_index("item_id")["genres"].astype(str)
    horror = genres.index[genres.str.contains("Horror", regex=False)]
    pool = np.sort(counts.index[(counts >= min_ratings) & counts.index.isin(horror)].to_numpy())
    if len(pool) < n_films:
        raise ValueError(f"only {len(pool)} horror films have {min_ratings}+ ratings; lower n_films or min_ratings")
    horror = np.sort(rng.choice(pool, size=n_films, replace=False))
    newcomer = rng.choice(np.sort(counts.index[:200].to_numpy()), size=1)
    blockbusters = np.sort(counts.index[:n_films].to_numpy())

    def make(ids):
        return pd.Series(5.0, index=pd.Index(np.asarray(ids, dtype=np.int64), name="item_id"), name="rating")

    return {"horror fan": make(horror), "newcomer": make(newcomer), "blockbuster lover": make(blockbusters)}


@dataclass(frozen=True)
class ProbeResult:
    """What one recommender gave each synthetic user: ``lists`` (one row per film) and
    ``summary`` (one row per user)."""

    recommender: str
    lists: pd.DataFrame = field(repr=False)
    summary: pd.DataFrame = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        return self.summary

    def __repr__(self) -> str:
        return f"ProbeResult({self.recommender!r})\n{self.summary.round(3).to_string()}"


def probe_users(recommender, profiles: Mapping[str, pd.Series], items: pd.DataFrame, *, k: int = 10) -> ProbeResult:
    """Recommend to each synthetic user and summarise the lists.

    Summary columns: ``horror_share`` (films tagged Horror), ``genre_match``
    (films sharing at least one genre with the user's history), ``median_ratings``
    (median number of training ratings of the listed films: popularity) and
    ``top_titles`` (the first three titles).
    """
    check_columns(items, ["item_id", "genres", "title"], name="items")
    recs = recommender.recommend_for_histories(dict(profiles), k)
    meta = items.drop_duplicates("item_id").set_index("item_id")
    model = recommender._model if isinstance(recommender, BlackBox) else recommender
    popularity = pd.Series(model.popularity_, index=model.items_)
    lists = recs.rename(columns={"user_id": "profile"})
    lists["title"] = meta["title"].reindex(lists["item_id"]).to_numpy()
    lists["genres"] = meta["genres"].reindex(lists["item_id"]).astype(str).to_numpy()
    lists["ratings"] = popularity.reindex(lists["item_id"]).fillna(0).astype(int).to_numpy()
    rows = []
    for name, hist in profiles.items():
        part = lists[lists["profile"] == name]
        liked = set("|".join(meta["genres"].reindex(hist.index).astype(str)).split("|"))
        match = part["genres"].map(lambda g, liked=liked: bool(liked & set(g.split("|"))))
        rows.append(
            {
                "profile": name,
                "history": len(hist),
                "horror_share": part["genres"].str.contains("Horror").mean(),
                "genre_match": match.mean(),
                "median_ratings": float(part["ratings"].median()),
                "top_titles": "; ".join(part["title"].astype(str).head(3)),
            }
        )
    name = getattr(recommender, "name", type(recommender).__name__)
    return ProbeResult(name, lists.reset_index(drop=True), pd.DataFrame(rows).set_index("profile"))


# --------------------------------------------------------------------------- perturbation


@dataclass(frozen=True)
class PerturbationResult:
    """How lists react when each probed user adds one new 5-star rating.

    ``changed_share``: share of users whose ordered top-k list changed at all;
    ``mean_overlap``: mean share of the old list still in the new one;
    ``mean_replaced``: mean number of films swapped out. ``per_user`` has one
    row per probed user, with the film that was added.
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

    Examples
    --------
    >>> res = one_rating_perturbation(fitted_model, n_users=50)       # doctest: +SKIP
    >>> res.changed_share                                              # doctest: +SKIP
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


# --------------------------------------------------------------------------- feedback loop


@dataclass(frozen=True)
class FeedbackLoopResult:
    """Round-by-round state of a simulated feedback loop (``rounds``: one row per round,
    round 0 = before any recommendation was accepted)."""

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
    keep the largest, which draws one film after another in proportion to the weights left)."""
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
    """
    import scipy.sparse as sp

    from .audit import gini

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


# --------------------------------------------------------------------------- black boxes


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
