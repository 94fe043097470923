"""Failure clustering: group failing answers into a few themes as a root-cause starting point.

Each failing answer becomes a document of its response text plus the reasons
its scorers gave (quoted answers and numbers removed: they differ per case, not
per cause). TF-IDF (words and word pairs, English stop words dropped) turns the
documents into unit vectors and seeded k-means (k-means++ starts, the best of
``n_init``) groups them; with ``k=None`` the k with the best cosine silhouette
wins. Every cluster is shown with its size, its top terms, a short computed
``label`` (its most *distinctive* terms: highest weight in its centre minus the
mean of the other centres, so words every failure shares do not name a
cluster) and the example cases closest to its centre; a person then reads the
examples and names the root cause ("quotes last year's prices", "refuses
account questions").

The k-means and silhouette here are small NumPy implementations (checked against
scikit-learn in the tests), so clustering a few hundred answers needs no heavy
import.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "FailureCluster",
    "FailureClusters",
    "cluster_failures",
    "distinctive_label",
    "kmeans",
    "silhouette_cosine",
    "tfidf_matrix",
]

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
before being below between both but by can cannot could did do does doing don down during each few for from
further had has have having he her here hers him his how i if in into is it its itself just let me more most
my no nor not of off on once only or other our ours out over own please same she should so some such than
that the their theirs them then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself s t m re ve ll d""".split()
)
_TOKEN = re.compile(r"[a-z$][a-z0-9$%.']*[a-z0-9%]|[a-z]")


@dataclass(frozen=True)
class FailureCluster:
    cluster: int
    size: int
    share: float
    top_terms: tuple[str, ...]
    examples: tuple[str, ...]  # case ids closest to the centre
    example_text: str
    label: str = ""  # its most distinctive terms (see distinctive_label)


@dataclass(frozen=True)
class FailureClusters:
    model: str
    n_failures: int
    k: int
    clusters: tuple[FailureCluster, ...]
    assignments: Any = field(repr=False)  # DataFrame: case_id, cluster, text

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "cluster": c.cluster,
                    "label": c.label,
                    "size": c.size,
                    "share": round(c.share, 3),
                    "top terms": ", ".join(c.top_terms),
                    "examples": ", ".join(c.examples),
                    "example answer": c.example_text,
                }
                for c in self.clusters
            ]
        )

    def __repr__(self) -> str:
        lines = [f"FailureClusters({self.model}: {self.n_failures} failures in {self.k} clusters)"]
        for c in self.clusters:
            lines.append(
                f"  #{c.cluster} {c.label} ({c.size}, {c.share:.0%}): {', '.join(c.top_terms)}  e.g. {c.examples[0]}"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from ..formatting import isolate_dollars_html  # "$5 fee ... $5" in a cell would be typeset as maths

        return isolate_dollars_html(self.to_frame().to_html(index=False))


def _terms(text: str) -> list[str]:
    out = []
    for part in text.split("||"):  # no word pairs across the answer / reasons boundary
        words = [w for w in _TOKEN.findall(part.lower()) if w not in STOP_WORDS]
        out += words + [f"{a} {b}" for a, b in zip(words, words[1:])]
    return out


def tfidf_matrix(texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """Unit-length TF-IDF rows (sublinear tf, smooth idf) over words and word pairs, and the vocabulary."""
    docs = [Counter(_terms(t)) for t in texts]
    vocab = sorted({w for d in docs for w in d})
    if not vocab:
        raise ValueError("the failing answers hold no words to cluster on")
    index = {w: i for i, w in enumerate(vocab)}
    n = len(docs)
    df = Counter(w for d in docs for w in d)
    idf = np.array([math.log((1 + n) / (1 + df[w])) + 1 for w in vocab])
    X = np.zeros((n, len(vocab)))
    for r, d in enumerate(docs):
        for w, c in d.items():
            X[r, index[w]] = 1 + math.log(c)
    X *= idf
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return X / np.where(norms == 0, 1, norms), vocab


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


def _reason_words(reason: str) -> str:
    return re.sub(r"'[^']*'|\"[^\"]*\"|\d+(\.\d+)?", " ", reason)


def cluster_failures(
    run, *, k: int | None = None, max_k: int = 5, n_terms: int = 5, n_examples: int = 3, seed: int = 0
) -> FailureClusters:
    """Cluster the failing (scored, not passed) answers of ``run``.

    ``k`` clusters, or (when ``None``) the k in ``2..max_k`` with the best
    cosine silhouette. Clusters are numbered from the largest.

    Examples
    --------
    >>> from aipm_kit.evals import cases, adapters, scorers, runner
    >>> cs = cases.make_cases([{"id": str(i), "input": str(i), "expected": "yes"} for i in range(12)])
    >>> answers = ["no refund possible", "sorry I cannot help", "no refund at all", "cannot help sorry"] * 3
    >>> run = runner.run_eval(cs, adapters.from_function(lambda q: answers[int(q)]), [scorers.includes])
    >>> cluster_failures(run, k=2).k
    2
    """
    import pandas as pd

    failed = [r for r in run.results if r.status == "ok" and not r.passed]
    if len(failed) < 2:
        raise ValueError(f"run {run.model!r} has {len(failed)} failing answer(s); clustering needs at least 2")
    texts = [
        f"{r.response} || " + " ".join(_reason_words(s.reason) for s in r.scores.values() if not s.passed)
        for r in failed
    ]
    X, vocab = tfidf_matrix(texts)
    terms = np.array(vocab)
    n = len(failed)
    if k is None:
        best_s, k = -2.0, 2
        for cand in range(2, min(max_k, n - 1) + 1):
            labels = kmeans(X, cand, seed=seed)[0]
            if len(np.unique(labels)) < 2:
                continue
            s = silhouette_cosine(X, labels)
            if s > best_s + 1e-9:
                best_s, k = s, cand
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and the number of failures ({n}), got {k}")
    labels, centres, _ = kmeans(X, k, seed=seed)
    used = [c for c in range(k) if (labels == c).any()]
    order = sorted(used, key=lambda c: (-(labels == c).sum(), c))
    renum = {old: new for new, old in enumerate(order)}
    clusters = []
    for old in order:
        members = np.flatnonzero(labels == old)
        centre = centres[old]
        top = tuple(terms[np.argsort(-centre, kind="stable")[:n_terms]])
        dist = ((X[members] - centre) ** 2).sum(axis=1)
        near = members[np.argsort(dist, kind="stable")[:n_examples]]
        clusters.append(
            FailureCluster(
                renum[old],
                int(members.size),
                members.size / n,
                top,
                tuple(failed[i].case_id for i in near),
                str(failed[near[0]].response),
                distinctive_label(centres[used], terms, used.index(old)),
            )
        )
    assignments = pd.DataFrame(
        {"case_id": [r.case_id for r in failed], "cluster": [renum[label] for label in labels], "text": texts}
    )
    return FailureClusters(run.model, n, len(order), tuple(clusters), assignments)
