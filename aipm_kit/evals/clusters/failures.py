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
    """One theme among a run's failing answers: its size, its top terms, a short label and examples.

    Made by :func:`cluster_failures`; a person reads the examples and names the root cause.

    Parameters
    ----------
    cluster : int
        Its number, 0 for the largest cluster.
    size : int
        How many failing answers it holds.
    share : float
        ``size`` over the run's failing answers, from 0 to 1.
    top_terms : tuple of str
        The heaviest terms of its centre, heaviest first.
    examples : tuple of str
        The case ids of the answers nearest its centre, nearest first.
    example_text : str
        The response of the nearest answer.
    label : str, default ""
        A short computed name: its most distinctive terms (see
        :func:`~aipm_kit.evals.clusters.grouping.distinctive_label`).

    Examples
    --------
    >>> c = FailureCluster(0, 6, 0.5, ("refund", "possible"), ("r0", "r2"), "No refund possible.", "refund possible")
    >>> c.size, c.share, c.label
    (6, 0.5, 'refund possible')
    """

    cluster: int
    size: int
    share: float
    top_terms: tuple[str, ...]
    examples: tuple[str, ...]  # case ids closest to the centre
    example_text: str
    label: str = ""  # its most distinctive terms (see distinctive_label)


@dataclass(frozen=True)
class FailureClusters:
    """A run's failing answers in clusters, largest first: what :func:`cluster_failures` returns.

    ``to_frame()`` gives one row per cluster (number, label, size, share, top terms, example
    case ids and the example answer); in a notebook it shows as that table.

    Parameters
    ----------
    model : str
        The name of the model whose run was clustered.
    n_failures : int
        How many failing answers were clustered.
    k : int
        How many clusters hold at least one answer.
    clusters : tuple of FailureCluster
        The clusters, numbered from the largest.
    assignments : pandas.DataFrame
        One row per failing answer: ``case_id``, ``cluster`` and ``text`` (the document that was
        clustered: the response, ``||``, the failing scorers' reasons). Left out of the repr.

    Examples
    --------
    >>> import pandas as pd
    >>> c = FailureCluster(0, 2, 1.0, ("refund", "possible"), ("r1", "r2"), "No refund possible.", "refund")
    >>> fc = FailureClusters("bot-v2", 2, 1, (c,), pd.DataFrame({"case_id": ["r1", "r2"], "cluster": [0, 0]}))
    >>> fc
    FailureClusters(bot-v2: 2 failures in 1 clusters)
      #0 refund (2, 100%): refund, possible  e.g. r1
    >>> print(fc.to_frame()[["cluster", "label", "size", "share", "top terms", "examples"]].to_string(index=False))
     cluster  label  size  share        top terms examples
           0 refund     2    1.0 refund, possible   r1, r2
    """

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

    Each failing answer becomes a document: its response, then the reasons of the scorers it
    failed with quoted text and numbers removed (they differ per case, not per cause). The
    documents become :func:`~aipm_kit.evals.clusters.tfidf.tfidf_matrix` rows, grouped with
    :func:`~aipm_kit.evals.clusters.grouping.kmeans`.

    Parameters
    ----------
    run : EvalRun
        A run from :func:`~aipm_kit.evals.runner.run_eval`. Its failing answers (scored, not
        passed; errors are left out) are clustered; fewer than 2 raises ``ValueError``.
    k : int, optional
        The number of clusters, from 1 to the number of failures (else ``ValueError``). By
        default it is chosen by silhouette, from 2 up to ``max_k`` (and below the number of
        failures).
    max_k : int, default 5
        The largest k tried when ``k`` is None.
    n_terms : int, default 5
        How many top terms each cluster shows.
    n_examples : int, default 3
        How many example case ids each cluster shows.
    seed : int, default 0
        Seed of k-means, so the same run gives the same clusters.

    Returns
    -------
    FailureClusters
        The clusters, largest first, and each failing answer's cluster.

    Examples
    --------
    >>> from aipm_kit.evals import cases, adapters, scorers, runner
    >>> cs = cases.make_cases([{"id": str(i), "input": str(i), "expected": "yes"} for i in range(12)])
    >>> answers = ["no refund possible", "sorry I cannot help", "no refund at all", "cannot help sorry"] * 3
    >>> run = runner.run_eval(cs, adapters.from_function(lambda q: answers[int(q)]), [scorers.includes])
    >>> fc = cluster_failures(run, k=2)
    >>> fc.k, [c.size for c in fc.clusters], fc.clusters[1].examples
    (2, [6, 6], ('1', '3', '5'))
    >>> fc.clusters[1].label, fc.clusters[1].example_text
    ('help sorry', 'sorry I cannot help')
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
