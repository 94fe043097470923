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

    Films are ranked by their number of ratings, ties to the lower ``item_id``.

    Parameters
    ----------
    ratings : DataFrame
        The training ratings (``user_id``, ``item_id``, ``rating``); popularity is counted here.
    items : DataFrame
        The catalogue with ``item_id`` and ``genres`` columns (``'|'``-joined genres).
    seed : int, default 0
        Seeds the horror fan's films and the newcomer's film. Keyword only.
    n_films : int, default 15
        Films of the horror fan and of the blockbuster lover, a whole number >= 1. Keyword only.
    min_ratings : int, default 10
        The fewest ratings a horror film needs to be drawn; ``ValueError`` when fewer than
        ``n_films`` horror films have that many. Keyword only.

    Returns
    -------
    dict of str to Series
        ``"horror fan"``, ``"newcomer"`` and ``"blockbuster lover"``, each a Series
        ``item_id -> 5.0`` (named ``rating``) with its films in increasing id order, ready for
        ``recommend_for_histories`` or :func:`probe_users`.

    Examples
    --------
    >>> ratings = pd.DataFrame({"user_id": [1, 1, 1, 2, 2, 3, 3, 4, 4],
    ...                         "item_id": [10, 11, 12, 10, 11, 10, 13, 12, 13],
    ...                         "rating": [5.0, 4.0, 3.0, 5.0, 2.0, 4.0, 5.0, 1.0, 4.0]})
    >>> items = pd.DataFrame({"item_id": [10, 11, 12, 13, 14], "title": ["Alien", "Big", "Carrie", "Dracula", "Elf"],
    ...                       "genres": ["Horror|Sci-Fi", "Comedy", "Horror", "Horror", "Comedy"]})
    >>> users = synthetic_users(ratings, items, n_films=2, min_ratings=2)
    >>> {profile: films.index.tolist() for profile, films in users.items()}
    {'horror fan': [12, 13], 'newcomer': [11], 'blockbuster lover': [10, 11]}
    >>> synthetic_users(ratings, items, n_films=4, min_ratings=2)
    Traceback (most recent call last):
    ...
    ValueError: only 3 horror films have 2+ ratings; lower n_films or min_ratings
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
    ``summary`` (one row per user).

    Made by :func:`probe_users`; ``to_frame()`` returns ``summary``, and the printed form shows it
    rounded to 3 decimals.

    Parameters
    ----------
    recommender : str
        The name of the recommender probed (a black box's label for a :class:`BlackBox`).
    lists : DataFrame
        One row per recommended film: ``profile``, ``rank``, ``item_id``, ``score``, ``title``,
        ``genres`` and ``ratings`` (the film's number of training ratings).
    summary : DataFrame
        One row per profile (the index): ``history``, ``horror_share``, ``genre_match``,
        ``median_ratings`` and ``top_titles``, as :func:`probe_users` describes.

    Examples
    --------
    >>> ratings = pd.DataFrame({"user_id": [1, 1, 2, 3], "item_id": [10, 11, 10, 12], "rating": [5.0, 3.0, 4.0, 4.0]})
    >>> items = pd.DataFrame({"item_id": [10, 11, 12], "title": ["Alien", "Big", "Carrie"],
    ...                       "genres": ["Horror", "Comedy", "Horror"]})
    >>> from aipm_kit.recsys.recommenders import Popularity
    >>> result = probe_users(Popularity().fit(ratings), {"horror fan": pd.Series({12: 5.0})}, items, k=2)
    >>> result
    ProbeResult('popularity')
                history  horror_share  genre_match  median_ratings  top_titles
    profile
    horror fan        1           0.5          0.5             1.5  Alien; Big
    >>> result.lists[["profile", "rank", "title", "ratings"]]
          profile  rank  title  ratings
    0  horror fan     1  Alien        2
    1  horror fan     2    Big        1
    """

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

    Parameters
    ----------
    recommender : Recommender or BlackBox
        A fitted model (or a black box wrapping one).
    profiles : mapping of str to Series
        Made-up users ``label -> (item_id -> rating)``, such as :func:`synthetic_users` returns.
    items : DataFrame
        The catalogue with ``item_id``, ``genres`` and ``title`` columns.
    k : int, default 10
        Length of each list. Keyword only.

    Returns
    -------
    ProbeResult
        The lists and the one-row-per-profile summary.

    Examples
    --------
    The popularity model gives everyone the most-rated films they have not seen:

    >>> ratings = pd.DataFrame({"user_id": [1, 1, 1, 2, 2, 3, 3, 4, 4],
    ...                         "item_id": [10, 11, 12, 10, 11, 10, 13, 12, 13],
    ...                         "rating": [5.0, 4.0, 3.0, 5.0, 2.0, 4.0, 5.0, 1.0, 4.0]})
    >>> items = pd.DataFrame({"item_id": [10, 11, 12, 13, 14], "title": ["Alien", "Big", "Carrie", "Dracula", "Elf"],
    ...                       "genres": ["Horror|Sci-Fi", "Comedy", "Horror", "Horror", "Comedy"]})
    >>> from aipm_kit.recsys.recommenders import Popularity
    >>> users = synthetic_users(ratings, items, n_films=2, min_ratings=2)
    >>> result = probe_users(Popularity().fit(ratings, items), users, items, k=2)
    >>> result.summary[["history", "horror_share", "top_titles"]]
                       history  horror_share       top_titles
    profile
    horror fan               2           0.5       Alien; Big
    newcomer                 1           1.0    Alien; Carrie
    blockbuster lover        2           1.0  Carrie; Dracula
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
