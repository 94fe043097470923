"""Ranking: the row-wise top ``k`` of a score matrix with the deterministic tie-break every recommender shares
(score, then the film's popularity, then ``item_id``), never returning an excluded (seen) cell.
"""

from __future__ import annotations

import numpy as np

# --------------------------------------------------------------------------- ranking


def top_k_indices(
    scores: np.ndarray, k: int, priority: np.ndarray, exclude=None, *, copy: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row-wise top ``k`` of ``scores`` with deterministic tie-breaking.

    ``priority[j]`` is the tie-break position of column ``j`` (lower wins);
    ``exclude`` is a boolean sparse or dense matrix of cells never to return
    (with ``copy=False`` the excluded cells of ``scores`` are overwritten).
    Returns ``(row, column, rank)`` arrays (rank 1 first); a row with fewer
    than ``k`` allowed cells returns fewer. Cost: one ``np.partition`` and one
    cumulative sum per row, so all 671 MovieLens users take milliseconds.

    Parameters
    ----------
    scores : numpy.ndarray
        A 2-D array (rows: users, columns: films) of scores, higher is better. A NaN raises
        ``ValueError``; ``-inf`` cells are never returned.
    k : int
        How many cells to return per row (at most the number of columns).
    priority : numpy.ndarray
        One integer per column: among equal scores the column with the lower priority comes first.
    exclude : array-like or scipy sparse matrix of bool, optional
        Same shape as ``scores``: True (or a stored non-zero) marks a cell never to return, such as a
        film the user has already rated.
    copy : bool, default True
        Work on a copy of ``scores``; with False the excluded cells of ``scores`` may be overwritten
        with ``-inf`` (saves a copy of a large matrix).

    Returns
    -------
    row : numpy.ndarray
        The row of each chosen cell, rows in increasing order.
    column : numpy.ndarray
        Its column.
    rank : numpy.ndarray
        Its rank within the row, 1 for the best.

    Examples
    --------
    Two users, three films; in the first row films 1 and 2 tie and film 1 has the better priority:

    >>> scores = np.array([[0.9, 0.5, 0.5], [0.1, 0.2, 0.3]])
    >>> row, col, rank = top_k_indices(scores, 2, priority=np.array([2, 0, 1]))
    >>> row.tolist(), col.tolist(), rank.tolist()
    ([0, 0, 1, 1], [0, 1, 2, 1], [1, 2, 1, 2])
    >>> seen = np.array([[True, False, False], [False, False, False]])
    >>> top_k_indices(scores, 2, np.array([2, 0, 1]), exclude=seen)[1].tolist()
    [1, 2, 2, 1]
    """
    n, m = scores.shape
    if n == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    priority = np.asarray(priority)
    S = np.array(scores, dtype=np.float64, copy=copy or None)  # we may overwrite cells
    if np.isnan(S).any():
        raise ValueError("scores contain NaN; a model produced an invalid score")
    if exclude is not None:
        import scipy.sparse as sp

        if sp.issparse(exclude):
            ex = exclude.tocsr()
            S[np.repeat(np.arange(n), np.diff(ex.indptr)), ex.indices] = -np.inf
        else:
            S[np.asarray(exclude, dtype=bool)] = -np.inf
    kk = min(k, m)
    threshold = np.partition(S, m - kk, axis=1)[:, m - kk]
    above = S > threshold[:, None]
    ties = (S == threshold[:, None]) & np.isfinite(threshold)[:, None]
    need = kk - above.sum(axis=1)
    partial = ties.sum(axis=1) > need  # rows where only some tied cells fit
    chosen = above | (ties & ~partial[:, None])
    rows, cols = np.nonzero(chosen)
    if partial.any():
        # among tied cells, the best tie-break priority wins
        p_rows = np.nonzero(partial)[0]
        tr, tc = np.nonzero(ties[p_rows])
        tr = p_rows[tr]
        sort = np.lexsort((priority[tc], tr))
        tr, tc = tr[sort], tc[sort]
        first = np.searchsorted(tr, tr)  # tr is sorted: index of each row's first cell
        keep = (np.arange(len(tr)) - first) < need[tr]
        rows = np.concatenate([rows, tr[keep]])
        cols = np.concatenate([cols, tc[keep]])
    vals = S[rows, cols]
    sort = np.lexsort((priority[cols], -vals, rows))
    rows, cols = rows[sort], cols[sort]
    starts = np.searchsorted(rows, np.arange(n))
    rank = np.arange(len(rows)) - starts[rows] + 1
    return rows, cols, rank
