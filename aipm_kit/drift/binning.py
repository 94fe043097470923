"""Binning counts for PSI, Jensen-Shannon and chi-square, and the validation of bins and conventions.

Reference-quantile bins (the kit's) or Sturges bins (Evidently's) for numbers; categories compared
one by one, with those seen only in the current sample pooled in one ``UNSEEN`` bucket (or kept
apart) and named in a :class:`DriftWarning`; zero shares filled for PSI's logarithm.
"""

from __future__ import annotations

import warnings

import numpy as np

from .counts import _col, _Counts

#: The label of the bucket that pools categories seen only in the current sample.
UNSEEN = "<unseen>"


class DriftWarning(UserWarning):
    """Something about the inputs a reader of the drift numbers should know.

    Raised as a warning (never an error), for instance when the current sample holds categories the
    reference never saw, or when heavily tied data leaves fewer bins than asked for.

    Examples
    --------
    >>> import warnings
    >>> from aipm_kit import drift
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     r = drift.psi(["a", "b"] * 20, ["a", "b", "c"] * 20)
    >>> [w.category.__name__ for w in caught], r.unseen
    (['DriftWarning'], ('c',))
    """


def _quantile_bins(levels: np.ndarray, ref: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Map each level to a reference-quantile bin; returns (bin index per level, edges)."""
    present = ref > 0
    ref_levels = levels[present]
    if len(ref_levels) == 1:  # constant reference: below, at, above
        c = ref_levels[0]
        edges = np.array([np.nextafter(c, -np.inf), c])
    else:
        cum = np.cumsum(ref[present])
        total = cum[-1]
        # inverted-CDF quantiles: the first value whose cumulative share reaches i / bins
        # (compared as cum * bins >= i * total, exact for integer counts)
        idx = np.searchsorted(cum * bins, np.arange(1, bins) * total, side="left")
        edges = np.unique(ref_levels[np.minimum(idx, len(ref_levels) - 1)])
        if edges[-1] == ref_levels[-1] and len(edges) > 1:
            # the top edge is the reference maximum: fold it into the open top bin
            edges = edges[:-1]
    return np.searchsorted(edges, levels, side="left"), edges


def _sturges_edges(levels: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``numpy.histogram_bin_edges(data, bins="sturges")`` from counts of distinct values."""
    n = weights.sum()
    present = levels[weights > 0]
    lo, hi = float(present[0]), float(present[-1])
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
        return np.linspace(lo, hi, 2)
    width = (hi - lo) / (np.log2(n) + 1.0)
    n_bins = int(np.ceil((hi - lo) / width))
    return np.linspace(lo, hi, n_bins + 1)


def _histogram_index(levels: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Bin index as ``numpy.histogram`` assigns it (half-open bins, the last one closed)."""
    idx = np.searchsorted(edges, levels, side="right") - 1
    return np.clip(idx, 0, len(edges) - 2)


def _binned(counts: _Counts, *, bins: int | None, binning: str, unseen: str = "bucket"):
    """Reference and current counts per bin, bin labels and the unseen categories."""
    ref, cur, levels = counts.ref, counts.cur, counts.levels
    unseen_levels: tuple = ()
    if counts.numeric and binning == "quantile":
        index, edges = _quantile_bins(levels, ref, bins)
        k = len(edges) + 1
        labels = _edge_labels(edges)
    elif counts.numeric and binning == "sturges" and (ref > 0).sum() > 20:
        edges = _sturges_edges(levels, ref + cur)
        index = _histogram_index(levels, edges)
        k = len(edges) - 1
        labels = [f"[{edges[i]:.4g}, {edges[i + 1]:.4g})" for i in range(k)]
    else:  # categories, or few distinct numbers compared value by value
        new = (ref == 0) & (cur > 0)
        if not counts.numeric and new.any():  # categories seen only in the current sample
            unseen_levels = tuple(levels[new].tolist())
            if unseen == "bucket":
                keep = ~new
                r = np.append(ref[keep], 0.0)
                c = np.append(cur[keep], cur[new].sum())
                labels = [*map(str, levels[keep]), UNSEEN]
                return r, c, labels, unseen_levels
        return ref.copy(), cur.copy(), [str(v) for v in levels], unseen_levels
    r = np.bincount(index, weights=ref, minlength=k)
    c = np.bincount(index, weights=cur, minlength=k)
    return r, c, labels, unseen_levels


def _edge_labels(edges: np.ndarray) -> list[str]:
    bounds = [-np.inf, *edges.tolist(), np.inf]
    return [f"({bounds[i]:.4g}, {bounds[i + 1]:.4g}]" for i in range(len(bounds) - 1)]


def _fill_zeros(shares: np.ndarray, epsilon) -> np.ndarray:
    out = shares.copy()
    zero = out == 0
    if not zero.any():
        return out
    if epsilon == "evidently":
        nonzero = out[~zero]
        low = nonzero.min() if len(nonzero) else 1e-4
        fill = low / 1e6 if low <= 1e-4 else 1e-4
    else:
        fill = float(epsilon)
    out[zero] = fill
    return out


def _warn_unseen(unseen_levels: tuple, counts: _Counts, separate: bool = False) -> None:
    if unseen_levels:
        column = counts.column
        n = counts.cur[np.isin(counts.levels, np.asarray(unseen_levels, dtype=object))].sum()
        k = len(unseen_levels)
        shown = list(unseen_levels)[:8]
        more = "" if k <= 8 else f" and {k - 8} more"
        what = "1 category appears" if k == 1 else f"{k} categories appear"
        warnings.warn(
            f"{what}{_col(column)} only in the current window ({shown}{more}; {int(n):,} row"
            f"{'' if n == 1 else 's'}); "
            + ("each is compared as its own bin" if separate else f"compared as one explicit '{UNSEEN}' bucket")
            + " with a reference share of zero",
            DriftWarning,
            stacklevel=3,
        )


_CONVENTIONS = ("kit", "evidently")


def _check_convention(convention: str) -> None:
    if convention not in _CONVENTIONS:
        raise ValueError(f"convention must be one of {_CONVENTIONS}, got {convention!r}")


#: The most bins a binned statistic may ask for: beyond it the bins hold a handful of rows each, the
#: statistic measures noise, and the binning itself needs memory in proportion to ``bins``.
MAX_BINS = 1_000


def _check_bins(bins) -> int:
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 2 <= bins <= MAX_BINS:
        raise ValueError(f"bins must be an integer >= 2 and <= {MAX_BINS:,}, got {bins!r}")
    return int(bins)


def _check_binning(bins, binning, convention) -> tuple[int, str]:
    """Validated ``(bins, binning)``; the binning defaults to the convention's (quantile, or Sturges for Evidently)."""
    _check_convention(convention)
    bins = _check_bins(bins)
    binning = binning or ("sturges" if convention == "evidently" else "quantile")
    if binning not in ("quantile", "sturges"):
        raise ValueError(f"binning must be 'quantile' or 'sturges', got {binning!r}")
    return bins, binning
