"""Grouping vectors: seeded k-means, the cosine silhouette that picks k, and a cluster's short name.

Small NumPy implementations (checked against scikit-learn in the tests): :func:`kmeans`
(k-means++ starts, Lloyd iterations, best of ``n_init``), :func:`silhouette_cosine`, and
:func:`distinctive_label`, a cluster's most distinctive terms.
"""

from __future__ import annotations

import numpy as np


def kmeans(
    X: np.ndarray, k: int, *, seed: int = 0, n_init: int = 10, max_iter: int = 100
) -> tuple[np.ndarray, np.ndarray, float]:
    """Seeded k-means (k-means++ starts, Lloyd iterations), best of ``n_init``: ``(labels, centres, inertia)``.

    Euclidean distance. Each start picks its centres by k-means++ from one seeded generator,
    then iterates until no point changes cluster (or ``max_iter``); a centre left with no point
    restarts at the point farthest from its own centre. The start with the lowest inertia wins.
    scikit-learn's ``KMeans(k, n_init=10)`` finds the same partition on well-separated data.

    Parameters
    ----------
    X : array-like, shape (n, d)
        The points, one per row.
    k : int
        The number of clusters, from 1 to ``n`` (else ``ValueError``).
    seed : int, default 0
        Seed of the random starts, so the same call gives the same clusters.
    n_init : int, default 10
        How many starts to try.
    max_iter : int, default 100
        The most Lloyd iterations per start.

    Returns
    -------
    labels : numpy.ndarray
        The cluster of each point, ``0`` to ``k - 1`` (a cluster may end up empty).
    centres : numpy.ndarray
        The ``k`` centres, shape ``(k, d)``.
    inertia : float
        The sum of squared distances from each point to its centre.

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0]])
    >>> labels, centres, inertia = kmeans(X, 2, seed=0)
    >>> bool(labels[0] == labels[1] != labels[2] == labels[3])
    True
    >>> np.round(centres[labels[0]], 3).tolist(), round(inertia, 3)
    ([0.05, 0.0], 0.01)
    >>> kmeans(X, 5)
    Traceback (most recent call last):
    ...
    ValueError: k must be between 1 and the number of rows (4), got 5
    """
    X = np.asarray(X, dtype=float)
    n = X.shape[0]
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and the number of rows ({n}), got {k}")
    rng = np.random.default_rng(seed)
    sq = (X * X).sum(axis=1)
    best = None
    for _ in range(n_init):
        centres = np.empty((k, X.shape[1]))
        centres[0] = X[rng.integers(n)]
        d2 = np.maximum(sq - 2 * X @ centres[0] + centres[0] @ centres[0], 0)
        for j in range(1, k):
            total = d2.sum()
            pick = rng.choice(n, p=d2 / total) if total > 0 else rng.integers(n)
            centres[j] = X[pick]
            d2 = np.minimum(d2, np.maximum(sq - 2 * X @ centres[j] + centres[j] @ centres[j], 0))
        labels = None
        for _ in range(max_iter):
            dist = sq[:, None] - 2 * X @ centres.T + (centres * centres).sum(axis=1)[None, :]
            new = dist.argmin(axis=1)
            if labels is not None and np.array_equal(new, labels):
                break
            labels = new
            for j in range(k):
                members = X[labels == j]
                if len(members):
                    centres[j] = members.mean(axis=0)
                else:  # an empty cluster restarts at the worst-served point
                    far = dist[np.arange(n), labels].argmax()
                    centres[j] = X[far]
        dist = sq[:, None] - 2 * X @ centres.T + (centres * centres).sum(axis=1)[None, :]
        labels = dist.argmin(axis=1)
        inertia = float(np.maximum(dist[np.arange(n), labels], 0).sum())
        if best is None or inertia < best[2] - 1e-12:
            best = (labels.copy(), centres.copy(), inertia)
    return best


def silhouette_cosine(X: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette with cosine distance (``sklearn.metrics.silhouette_score(..., metric="cosine")``).

    For each point, ``a`` is its mean cosine distance to the rest of its cluster and ``b`` the
    lowest mean distance to another cluster; its silhouette is ``(b - a) / max(a, b)``, and 0
    for a point alone in its cluster. Near 1: tight, separate clusters; near 0 or below: the
    clusters overlap.

    Parameters
    ----------
    X : array-like, shape (n, d)
        The points, one per row; the rows are scaled to length 1 (a row of zeros is left as it is).
    labels : array-like, shape (n,)
        The cluster of each point. There must be at least 2 clusters and fewer than ``n``
        (else ``ValueError``).

    Returns
    -------
    float
        The mean silhouette over the points, from -1 to 1.

    Examples
    --------
    >>> U = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
    >>> round(silhouette_cosine(U, np.array([0, 0, 1, 1])), 3)
    0.993
    >>> round(silhouette_cosine(U, np.array([0, 1, 0, 1])), 3)
    -0.489
    """
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    uniq = np.unique(labels)
    if not 2 <= len(uniq) <= len(labels) - 1:
        raise ValueError("silhouette needs between 2 and n-1 clusters")
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    U = X / np.where(norms == 0, 1, norms)
    D = np.maximum(1 - U @ U.T, 0)
    np.fill_diagonal(D, 0)
    s = np.zeros(len(labels))
    for i in range(len(labels)):
        own = labels == labels[i]
        n_own = own.sum()
        if n_own == 1:
            continue  # a singleton scores 0
        a = D[i, own].sum() / (n_own - 1)
        b = min(D[i, labels == c].mean() for c in uniq if c != labels[i])
        s[i] = (b - a) / max(a, b) if max(a, b) > 0 else 0.0
    return float(s.mean())


def distinctive_label(centres: np.ndarray, vocab, j: int, *, n_words: int = 2) -> str:
    """A short name for cluster ``j``: its most distinctive terms, joined by " / ".

    A term's distinctiveness is its weight in cluster ``j``'s centre minus its
    mean weight in the other centres. Among the ``2 * n_words`` most distinctive
    terms, a word pair replaces the single words it contains, so the label
    reads "price match", not "price / match". Only terms with a positive
    distinctiveness count; if there is none, the label is the cluster's
    ``n_words`` heaviest terms.

    Parameters
    ----------
    centres : array-like, shape (k, n_terms)
        The cluster centres, one column per term (from :func:`kmeans` on
        :func:`~aipm_kit.evals.clusters.tfidf.tfidf_matrix` rows).
    vocab : sequence of str
        The term of each column.
    j : int
        The row of ``centres`` to name.
    n_words : int, default 2
        The most terms in the label.

    Returns
    -------
    str
        The terms joined by ``" / "``.

    Examples
    --------
    >>> C = np.array([[0.9, 0.8, 0.7, 0.1, 0.0], [0.8, 0.0, 0.0, 0.1, 0.9]])
    >>> distinctive_label(C, ["refund", "price", "price match", "fee", "free trial"], 0, n_words=2)
    'price match / refund'
    """
    centres = np.asarray(centres, dtype=float)
    others = np.delete(centres, j, axis=0)
    score = centres[j] - (others.mean(axis=0) if len(others) else 0.0)
    top = [str(vocab[i]) for i in np.argsort(-score, kind="stable")[: 2 * n_words] if score[i] > 0]
    in_pairs = {w for t in top if " " in t for w in t.split()}
    chosen: list[str] = []
    for term in top:
        if " " not in term and term in in_pairs:
            continue
        if " " in term and all(w in {x for c in chosen for x in c.split()} for w in term.split()):
            continue
        chosen.append(term)
    chosen = chosen[:n_words]
    return " / ".join(chosen) or " / ".join(str(vocab[i]) for i in np.argsort(-centres[j], kind="stable")[:n_words])
