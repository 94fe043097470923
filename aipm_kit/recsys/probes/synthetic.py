"""Synthetic users: made-up users with an obvious taste (:func:`synthetic_users`) and what each
recommender gives them (:func:`probe_users`, summarised in a :class:`ProbeResult`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..._checks import check_columns, check_positive_int
from ..recommenders import clean_ratings
from .boxes import BlackBox

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
