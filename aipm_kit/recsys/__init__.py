"""Recommenders you can audit: reference models, audit metrics and behavioural probes.

A PM rarely reads a recommender's code, but can always watch what it does.
This package holds everything notebook 10 needs to do that on real ratings:

- :mod:`~aipm_kit.recsys.recommenders`: six reference recommenders behind one
  interface (``fit(ratings)``, ``recommend(user_ids, k)``,
  ``recommend_for_history(items, k)``): :class:`Popularity`, :class:`ItemKNN`,
  :class:`UserKNN`, :class:`MatrixFactorisation`, :class:`GenreContent` and
  :class:`RandomRecommender`, plus :class:`LongTailSlots`, a re-ranker that
  reserves list slots for long-tail films.
- :mod:`~aipm_kit.recsys.audit`: :class:`RecAudit`, a MetricFrame-style audit
  of a set of recommendation lists (coverage, Gini of exposure, popularity
  bias, novelty, diversity, calibration, personalisation, accuracy), and the
  metric functions it is built from.
- :mod:`~aipm_kit.recsys.probes`: synthetic users, one-rating perturbations,
  a feedback-loop simulation and anonymised black boxes.

Examples
--------
>>> from aipm_kit.data import load_movielens
>>> from aipm_kit.recsys import ItemKNN, RecAudit
>>> ratings, movies = load_movielens()
>>> recs = ItemKNN().fit(ratings, movies).recommend(k=10)      # doctest: +SKIP
>>> RecAudit(recs, ratings, movies).overall                    # doctest: +SKIP
"""

from __future__ import annotations

from .audit import (
    RecAudit,
    bootstrap_group_difference,
    catalogue_coverage,
    exposure,
    exposure_gini,
    genre_calibration_kl,
    held_out_hits,
    intra_list_diversity,
    long_tail_share,
    ndcg_at_k,
    novelty,
    paired_bootstrap_difference,
    personalisation,
    position_weight,
    self_information,
    short_head_items,
    tail_exposure_share,
    temporal_split,
)
from .probes import (
    BlackBox,
    FeedbackLoopResult,
    PerturbationResult,
    black_boxes,
    feedback_loop,
    one_rating_perturbation,
    probe_users,
    synthetic_users,
)
from .recommenders import (
    GenreContent,
    ItemKNN,
    LongTailSlots,
    MatrixFactorisation,
    Popularity,
    RandomRecommender,
    Recommender,
    UserKNN,
    reference_recommenders,
)

__all__ = [
    "Recommender",
    "Popularity",
    "ItemKNN",
    "UserKNN",
    "MatrixFactorisation",
    "GenreContent",
    "RandomRecommender",
    "LongTailSlots",
    "reference_recommenders",
    "RecAudit",
    "temporal_split",
    "catalogue_coverage",
    "exposure_gini",
    "long_tail_share",
    "short_head_items",
    "intra_list_diversity",
    "genre_calibration_kl",
    "personalisation",
    "ndcg_at_k",
    "novelty",
    "self_information",
    "position_weight",
    "exposure",
    "tail_exposure_share",
    "bootstrap_group_difference",
    "paired_bootstrap_difference",
    "held_out_hits",
    "synthetic_users",
    "probe_users",
    "one_rating_perturbation",
    "PerturbationResult",
    "feedback_loop",
    "FeedbackLoopResult",
    "black_boxes",
    "BlackBox",
]
