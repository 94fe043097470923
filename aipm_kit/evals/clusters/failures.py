"""Failure clusters: the failing answers of a run grouped into a few themes, each shown with examples.

:func:`cluster_failures` turns each failing answer (its response plus its scorers' reasons) into
a TF-IDF vector, groups them with k-means and returns :class:`FailureClusters`, one
:class:`FailureCluster` per theme with its size, top terms, label and the cases nearest its centre.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .grouping import distinctive_label, kmeans, silhouette_cosine
from .tfidf import tfidf_matrix


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
        from ...formatting import isolate_dollars_html  # "$5 fee ... $5" in a cell would be typeset as maths

        return isolate_dollars_html(self.to_frame().to_html(index=False))


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
