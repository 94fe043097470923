"""Audit what a recommender does to users and to the catalogue.

:class:`RecAudit` is modelled on fairlearn's ``MetricFrame``: one object holds
every metric for one set of recommendation lists, ``.overall`` gives the
headline numbers, ``.by_user_segment(...)`` the same numbers per group of
users, ``.compare(other)`` two recommenders side by side. The metric
functions it is built from are public too, and each is small enough to check
on paper.

Definitions (``L_u`` is user ``u``'s list, ``k`` its requested length, ``U``
the number of users in the training ratings, ``n_i`` the number of training
ratings of film ``i``; every film of the ``items`` frame is in the catalogue):

- **coverage**: distinct films recommended to anyone / films in the catalogue.
- **gini**: Gini coefficient of exposure over the *whole catalogue*, films
  never recommended included as zeros: ``sum_i (2i - n - 1) x_(i) / (n sum x)``
  with exposures ``x`` (times a film appears in any list) sorted ascending.
  0 = every film shown equally often; near 1 = a few films get all exposure.
- **arp** (average recommended popularity): mean over users of the mean
  ``n_i`` of their recommended films (Abdollahpouri et al.).
- **aplt** (average percentage of long tail): mean over users of the share of
  their list outside the *short head*. The short head is the smallest set of
  most-rated films (ties: lower ``item_id`` first) that holds 80% of all
  training ratings; everything else, unrated films included, is long tail.
- **novelty** (:func:`novelty`): mean over users of the mean self-information
  ``-log2(n_i / U)`` of their films, in bits, where ``n_i / U`` is the share
  of training users who rated film ``i`` (the chance a random user already
  knows it; each user rates a film at most once, so ``n_i`` is also the
  film's number of ratings). This is the standard definition of Zhou et al.
  (2010, "Solving the apparent diversity-accuracy dilemma of recommender
  systems", PNAS 107(10), the ``novelty`` of the ``recmetrics`` package) and
  the ``-log2 p(seen|i)`` of Vargas & Castells (2011, "Rank and relevance in
  novelty and diversity metrics for recommender systems", RecSys), so it can
  be compared with published numbers. 0 bits = every user rated the film;
  each halving of that share adds 1 bit. Films nobody rated count as rated
  by one user (``n_i = 1``), the most novel a film can observably be.
  (Another form in use, ``-log2(n_i / |R|)`` over the share of all ratings,
  gives larger values that are not comparable with these.)
- **diversity** (intra-list genre diversity): mean over users of
  ``1 - mean pairwise cosine similarity`` of the films' 0/1 genre vectors
  (``(no genres listed)`` counts as a genre). A one-film list scores 0.
- **calibration** (Steck 2018, miscalibration, lower is better): mean over
  users of ``KL(p || q~) = sum_g p(g|u) ln(p(g|u) / q~(g|u))``, where
  ``p(g|u)`` is the genre mix of the user's training history, ``q(g|u)`` that
  of their list, each film spreading weight 1 evenly over its genres and every
  film weighing the same, and ``q~ = (1 - alpha) q + alpha p`` with
  ``alpha = 0.01`` so the divergence stays finite. 0 = the list has exactly
  the user's genre mix. Natural log (nats).
- **personalisation**: ``1 - `` mean over all pairs of users of the overlap
  ``|L_u ∩ L_v| / sqrt(|L_u| |L_v|)`` (``= |L_u ∩ L_v| / k`` for full lists).
  0 = everyone gets the same list; 1 = no two lists share a film.
- **precision@k, recall@k, ndcg@k** (only when ``test`` is given): a test
  rating of at least ``relevance_threshold`` (4 stars) makes a film relevant.
  precision = hits / k (a short list still has k slots); recall = hits /
  relevant films; NDCG with binary gains and ``log2(rank + 1)`` discounts,
  divided by the ideal DCG of ``min(relevant, k)`` hits. Averaged over users
  with at least one relevant test film (the others are counted in
  ``users_evaluated``, not scored).

Modules, one idea each (every name is importable from :mod:`aipm_kit.recsys.audit` itself):

- :mod:`~aipm_kit.recsys.audit.accuracy`: the time split and the accuracy of the
  lists against held-out ratings (:func:`temporal_split`, :func:`held_out_hits`,
  :func:`ndcg_at_k`);
- :mod:`~aipm_kit.recsys.audit.catalogue`: the catalogue's side, who gets shown:
  coverage, the Gini of exposure, position-weighted exposure, the short head and
  the long tail;
- :mod:`~aipm_kit.recsys.audit.list_qualities`: what each list is like beyond
  accuracy: genre diversity, genre calibration, personalisation, novelty;
- :mod:`~aipm_kit.recsys.audit.bootstrap`: bootstrap intervals for a difference
  between two groups of users or the same users scored twice;
- :mod:`~aipm_kit.recsys.audit.frame`: :class:`RecAudit` and its labels (:data:`METRICS`).

Examples
--------
>>> import pandas as pd
>>> items = pd.DataFrame({"item_id": [1, 2, 3], "genres": ["Drama", "Comedy", "Horror"]})
>>> ratings = pd.DataFrame({"user_id": [1, 2], "item_id": [1, 2], "rating": [4.0, 5.0]})
>>> recs = pd.DataFrame({"user_id": [1, 2], "rank": [1, 1], "item_id": [3, 3]})
>>> round(float(RecAudit(recs, ratings, items).overall["coverage"]), 4)
0.3333
"""

from __future__ import annotations

from .accuracy import held_out_hits, ndcg_at_k, temporal_split
from .bootstrap import bootstrap_group_difference, paired_bootstrap_difference
from .catalogue import (
    catalogue_coverage,
    exposure,
    exposure_gini,
    gini,
    long_tail_share,
    position_weight,
    short_head_items,
    tail_exposure_share,
)
from .frame import METRICS, RecAudit
from .list_qualities import genre_calibration_kl, intra_list_diversity, novelty, personalisation, self_information
