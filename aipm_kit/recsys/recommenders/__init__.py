"""Six reference recommenders behind one interface.

Every recommender here is fitted on a ratings frame (``user_id, item_id,
rating``; ``timestamp`` optional) and answers two questions:

- ``recommend(user_ids, k)``: the top ``k`` films for users it was fitted on;
- ``recommend_for_history(items, k)``: the top ``k`` films for a made-up user
  whose ratings you pass in (a probe, a newcomer, a perturbed history).

Both return a tidy frame with one row per recommendation: ``user_id, rank,
item_id, score`` (rank 1 is the top of the list). The rules every model
shares, so that differences in the audit come from the mechanism alone:

- **Seen items are never recommended.** Any rating counts as seen, even half a
  star.
- **Ties are broken deterministically**: by score (high first), then by the
  film's popularity in the training ratings (most-rated first), then by
  ``item_id`` (low first). A user whose history gives a model nothing to go
  on (every score zero) therefore gets the most popular unseen films: this is
  the documented cold-start fallback of every model, including a user with no
  history at all.
- **The catalogue** is every film in the ratings plus every film in the
  optional ``items`` frame passed to ``fit``; films nobody rated can still be
  recommended by models that score them (content, random).
- **Bad input** raises: an unknown user or item id, ``k`` larger than the
  catalogue, a ratings frame missing a column. A user with fewer than ``k``
  unseen films gets a shorter list (documented, never padded).
- Duplicate (user, item) ratings keep the latest one (by ``timestamp`` when
  the frame has it, otherwise the last row).

The models (numpy, scipy.sparse and scikit-learn only):

===================== ==============================================================
:class:`Popularity`    the most-rated films, the same list for everyone
:class:`ItemKNN`       item-item cosine similarity; score = your ratings x similarity
:class:`UserKNN`       the ``neighbours`` most similar users' ratings, similarity-weighted
:class:`MatrixFactorisation` truncated SVD of the rating matrix (PureSVD), fold-in scoring
:class:`GenreContent`  cosine between your liked genres and each film's genres
:class:`RandomRecommender` seeded random scores (the floor every model must beat)
:class:`LongTailSlots` a re-ranker: any model, with slots reserved for long-tail films
===================== ==============================================================

Modules, one idea each (every name is importable from :mod:`aipm_kit.recsys.recommenders` itself):

- :mod:`~aipm_kit.recsys.recommenders.ranking`: the row-wise top ``k`` with the shared
  tie-break (:func:`top_k_indices`);
- :mod:`~aipm_kit.recsys.recommenders.base`: the interface (:class:`Recommender`) and
  the two baselines that learn nothing personal (:class:`Popularity`,
  :class:`RandomRecommender`);
- :mod:`~aipm_kit.recsys.recommenders.neighbours`: neighbourhood models
  (:class:`ItemKNN`, :class:`UserKNN`);
- :mod:`~aipm_kit.recsys.recommenders.factorisation`: :class:`MatrixFactorisation`;
- :mod:`~aipm_kit.recsys.recommenders.content`: :class:`GenreContent`;
- :mod:`~aipm_kit.recsys.recommenders.reranking`: :class:`LongTailSlots`;
- :mod:`~aipm_kit.recsys.recommenders.reference`: the six reference models at once
  (:func:`reference_recommenders`).
"""

from __future__ import annotations

from ..data import RATING_COLUMNS, clean_ratings, genre_matrix  # noqa: F401  (re-exported: their old home)
from ..data import as_int_ids as _as_int_ids  # noqa: F401  (the old private name)
from .base import Popularity, RandomRecommender, Recommender
from .content import GenreContent
from .factorisation import MatrixFactorisation
from .neighbours import ItemKNN, UserKNN
from .ranking import top_k_indices
from .reference import reference_recommenders
from .reranking import LongTailSlots
