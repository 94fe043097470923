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

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.1, 5.0]])
    >>> labels, _, _ = kmeans(X, 2, seed=0)
    >>> bool(labels[0] == labels[1] != labels[2] == labels[3])
    True
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
    """Mean silhouette with cosine distance (``sklearn.metrics.silhouette_score(..., metric="cosine")``)."""
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
    reads "price match", not "price / match".

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
