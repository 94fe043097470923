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

# The code lives in sub-modules, one idea each; every name is re-exported here, so
# ``from aipm_kit.evals.clusters import kmeans`` and ``clusters.kmeans`` work as before:
#   tfidf     the failing answers as TF-IDF vectors (tfidf_matrix, STOP_WORDS)
#   grouping  kmeans, silhouette_cosine and distinctive_label
#   failures  FailureCluster, FailureClusters and cluster_failures
# Sub-modules import each other in that order (each only from those above it), never from here.
from .failures import FailureCluster, FailureClusters, cluster_failures
from .grouping import distinctive_label, kmeans, silhouette_cosine
from .tfidf import STOP_WORDS, tfidf_matrix  # noqa: F401  (STOP_WORDS was importable from the module)

__all__ = [
    "FailureCluster",
    "FailureClusters",
    "cluster_failures",
    "distinctive_label",
    "kmeans",
    "silhouette_cosine",
    "tfidf_matrix",
]
