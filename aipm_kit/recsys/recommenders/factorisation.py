"""Matrix factorisation: :class:`MatrixFactorisation`, an exact truncated SVD of the rating matrix (PureSVD)
that scores fitted and made-up users alike by fold-in.
"""

from __future__ import annotations

import numpy as np

from ..._checks import check_positive_int
from ...runtime import single_thread
from .base import Recommender


class MatrixFactorisation(Recommender):
    """Truncated SVD of the rating matrix (PureSVD; unrated cells count as 0).

    ``R ~ U S V^T`` keeping the ``factors`` largest singular values, computed
    exactly from the eigen-decomposition of the small users x users matrix
    ``R R^T`` (same subspace as scikit-learn's ``TruncatedSVD``, without its
    randomness). A user's scores are their rating row projected on the item
    factors and back: ``h V V^T``. The same fold-in scores made-up users, so no
    refit is needed for a probe. ``seed`` is kept for interface symmetry; the
    result does not depend on it.

    Parameters
    ----------
    factors : int, default 50
        How many singular values (latent factors) to keep: a whole number >= 1. ``fit`` raises
        ``ValueError`` when it is not below ``min(users, items)`` or exceeds the rank of the rating
        matrix.
    seed : int, default 0
        Stored and shown, not used (the SVD is exact). Keyword only.

    Examples
    --------
    >>> import pandas as pd
    >>> ratings = pd.DataFrame({"user_id": [1, 1, 1, 2, 2, 3, 3, 4], "item_id": [10, 11, 12, 10, 11, 10, 13, 12],
    ...                         "rating": [5.0, 4.0, 3.0, 5.0, 2.0, 4.0, 5.0, 1.0]})
    >>> model = MatrixFactorisation(factors=2).fit(ratings)
    >>> model.singular_values_.round(3).tolist()
    [9.495, 5.084]
    >>> model.recommend([2], k=2).round(3)
       user_id  rank  item_id  score
    0        2     1       12  1.331
    1        2     2       13  0.712
    """

    name = "matrix factorisation"

    def __init__(self, factors: int = 50, *, seed: int = 0):
        self.factors = check_positive_int(factors, "factors")
        self.seed = int(seed)

    def _params(self):
        return f"factors={self.factors}, seed={self.seed}"

    def _fit(self):
        limit = min(self._R.shape) - 1
        if self.factors > limit:
            raise ValueError(f"factors={self.factors} must be below min(users, items) = {limit + 1}")
        # exact truncated SVD through the small users x users Gram matrix R R^T = U S^2 U^T
        gram = np.asarray((self._R @ self._R.T).toarray())
        with single_thread():  # bit-for-bit reproducible, and no oversubscription
            eigval, eigvec = np.linalg.eigh(gram)
        top = np.argsort(eigval)[::-1][: self.factors]
        sing = np.sqrt(np.maximum(eigval[top], 0))
        if (sing <= 1e-12).any():
            raise ValueError(f"factors={self.factors} exceeds the rank of the rating matrix")
        self.singular_values_ = sing
        self._V = np.asarray(self._R.T @ eigvec[:, top]) / sing  # (items, factors)

    def _score(self, H, user_rows, keys):
        with single_thread():  # bit-for-bit reproducible, and no oversubscription
            return np.asarray(H @ self._V) @ self._V.T
