"""Item-kNN: aipm_kit.recsys.ItemKNN beside implicit's CosineRecommender on MovieLens.

Both build item-item cosine similarity from the users x items rating matrix,
keep each film's K nearest neighbours (the film itself counts as one of them)
and score a user's unseen films as ``user row x similarity``; both drop films
the user already rated. ``ItemKNN(neighbours=K)`` is the matching mode. The
benchmark fits both on the full ratings (671 users, 9,066 films), asks each for
every user's top 10, and prints the time of each and the mean top-10 overlap.
It also times our default mode (every neighbour, no K cut), which is what the
notebook uses.

    python benchmarks/bench_recsys.py
"""

from __future__ import annotations

import time
import warnings

import numpy as np


def _timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def main(K: int = 20, k: int = 10) -> dict:
    import scipy.sparse as sp
    from implicit.nearest_neighbours import CosineRecommender

    from aipm_kit.data import load_movielens
    from aipm_kit.recsys import ItemKNN

    ratings, movies = load_movielens()

    # ours, implicit-matching mode
    ours = ItemKNN(neighbours=K)
    _, fit_ours = _timed(lambda: ours.fit(ratings, movies))
    recs, rec_ours = _timed(lambda: ours.recommend(k=k))

    # implicit on exactly the same matrix (users x items, ratings as values)
    R = sp.csr_matrix(ours._R)
    ref = CosineRecommender(K=K, num_threads=1)
    with warnings.catch_warnings():  # implicit converts its own normalised matrix to CSR
        warnings.simplefilter("ignore")
        _, fit_ref = _timed(lambda: ref.fit(R, show_progress=False))
    (ids, _scores), rec_ref = _timed(lambda: ref.recommend(np.arange(R.shape[0]), R, N=k))

    ours_lists = recs.groupby("user_id")["item_id"].apply(lambda s: set(s))
    overlaps = []
    for row, user in enumerate(ours.users_):
        theirs = {int(ours.items_[i]) for i in ids[row] if i >= 0}
        mine = ours_lists.get(user, set())
        overlaps.append(len(mine & theirs) / k)
    overlap = float(np.mean(overlaps))
    identical = float(np.mean([o == 1.0 for o in overlaps]))

    # our default mode (all neighbours), the notebook's choice
    full = ItemKNN()
    _, fit_full = _timed(lambda: full.fit(ratings, movies))
    _, rec_full = _timed(lambda: full.recommend(k=k))

    print(f"data: {R.shape[0]} users x {R.shape[1]} films, {R.nnz:,} ratings; K={K}, top-{k}")
    print(f"{'':34s}{'fit':>9s}{'top-10 all users':>19s}")
    print(f"{'implicit CosineRecommender(K)':34s}{fit_ref:8.2f}s{rec_ref:18.2f}s   (1 thread)")
    print(f"{'aipm_kit ItemKNN(neighbours=K)':34s}{fit_ours:8.2f}s{rec_ours:18.2f}s")
    print(f"{'aipm_kit ItemKNN() all neighbours':34s}{fit_full:8.2f}s{rec_full:18.2f}s")
    print(
        f"time ratio ours/implicit, fit + top-10: "
        f"{(fit_ours + rec_ours) / (fit_ref + rec_ref):.2f}x  "
        f"(top-10 alone: {rec_ours / rec_ref:.2f}x; default mode fit + top-10: "
        f"{(fit_full + rec_full) / (fit_ref + rec_ref):.2f}x)"
    )
    print(f"top-10 overlap with implicit: {overlap:.2%} mean; identical lists for {identical:.1%} of users")
    return {
        "overlap": overlap,
        "identical": identical,
        "fit_ours": fit_ours,
        "rec_ours": rec_ours,
        "fit_ref": fit_ref,
        "rec_ref": rec_ref,
        "fit_full": fit_full,
        "rec_full": rec_full,
    }


if __name__ == "__main__":
    main()
