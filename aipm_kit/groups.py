"""Metrics by group: the kit's one engine for "this number, overall and in each group".

:func:`group_metrics` is a small version of ``fairlearn.metrics.MetricFrame``: metrics are
functions ``f(y_true, y_pred) -> float`` given by name; the result holds the overall value, the
value in each group, the largest difference and the smallest ratio between groups, each group's
size, a minimum-n flag, and (for rate metrics made with :func:`rate`) the numerator and
denominator counts and optional Wilson intervals.

Every table of metrics by group in the kit is a thin use of it:
:func:`aipm_kit.fairness.by_group`, :func:`aipm_kit.metrics.recall_by_segment`,
:func:`aipm_kit.interview.metrics_by_slice`, :func:`aipm_kit.evals.stats.pass_rates_by_tag` /
:func:`~aipm_kit.evals.stats.compare_by_tag` and :func:`aipm_kit.periods.performance_by_period`.
Each keeps its own argument checks, column names and wording, and calls this for the numbers.

Groups are either one label per row (a pandas categorical keeps its category order, anything
else is sorted) or a mapping ``{group: row positions or boolean mask}``, in which groups may
overlap (an eval case with two tags counts in both) and may be empty.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._checks import check_probability
from .intervals import wilson_interval

__all__ = ["Rate", "rate", "RATES", "Grouping", "encode_groups", "GroupMetrics", "group_metrics"]


@dataclass(frozen=True)
class Rate:
    """A metric that is a count over a count: ``sum(numerator) / sum(denominator)``.

    ``numerator`` and ``denominator`` are functions ``(y_true, y_pred) -> boolean array``; the
    rate is NaN when the denominator is zero (0/0 is undefined, never 0). Calling a ``Rate``
    gives the rate, so it is also an ordinary metric function; :func:`group_metrics` knows its
    counts too, and can put a Wilson interval on it. Build one with :func:`rate`.

    Parameters
    ----------
    numerator : callable ``(y_true, y_pred) -> boolean array``
        The rows that count as a success (only those inside the denominator are counted).
    denominator : callable ``(y_true, y_pred) -> boolean array``
        The rows the rate is taken over.

    Examples
    --------
    >>> recall = RATES["recall"]
    >>> t, p = np.array([1, 1, 0]), np.array([1, 0, 1])
    >>> recall.counts(t, p), recall(t, p)
    ((1, 2), 0.5)
    >>> recall(np.array([0]), np.array([1]))  # no positives: 0/0 is undefined
    nan
    """

    numerator: Callable
    denominator: Callable

    def counts(self, y_true, y_pred) -> tuple[int, int]:
        """``(successes, n)`` on these rows."""
        num = np.asarray(self.numerator(y_true, y_pred), dtype=bool)
        den = np.asarray(self.denominator(y_true, y_pred), dtype=bool)
        return int((num & den).sum()), int(den.sum())

    def __call__(self, y_true, y_pred) -> float:
        k, n = self.counts(y_true, y_pred)
        return k / n if n else float("nan")


def rate(numerator: Callable, denominator: Callable | None = None) -> Rate:
    """A :class:`Rate` metric: rows where ``numerator`` holds, among rows where ``denominator`` holds.

    Parameters
    ----------
    numerator, denominator : callable ``(y_true, y_pred) -> boolean array``
        ``denominator`` defaults to every row.

    Returns
    -------
    Rate

    Examples
    --------
    >>> recall = rate(lambda t, p: (t == 1) & (p == 1), lambda t, p: t == 1)
    >>> recall(np.array([1, 1, 0]), np.array([1, 0, 1]))
    0.5
    """
    if denominator is None:

        def denominator(t, p):
            return np.ones(len(t), dtype=bool)

    return Rate(numerator, denominator)


#: The common rates of a 0/1 decision, by name (``y_true`` the outcome, ``y_pred`` the decision).
RATES: dict[str, Rate] = {
    "base_rate": rate(lambda t, p: t == 1),
    "selection_rate": rate(lambda t, p: p == 1),
    "accuracy": rate(lambda t, p: t == p),
    "tpr": rate(lambda t, p: p == 1, lambda t, p: t == 1),
    "recall": rate(lambda t, p: p == 1, lambda t, p: t == 1),
    "fpr": rate(lambda t, p: p == 1, lambda t, p: t == 0),
    "precision": rate(lambda t, p: t == 1, lambda t, p: p == 1),
}


@dataclass(frozen=True)
class Grouping:
    """Rows coded by group: ``codes[i]`` is the position in ``names`` of row ``i``'s group.

    Made by :func:`encode_groups`; :func:`group_metrics` accepts one in place of the labels.

    Parameters
    ----------
    codes : numpy.ndarray of int
        One code per row, ``0..len(names) - 1``.
    names : list
        The group names, in order.
    name : str, default "group"
        The name of the group index in tables.

    Examples
    --------
    >>> g = Grouping(np.array([1, 0, 1]), ["a", "b"], "segment")
    >>> m = group_metrics([1, 1, 0], [1, 0, 0], g, metrics={"accuracy": RATES["accuracy"]})
    >>> m.by_group["accuracy"].to_dict(), m.by_group.index.name
    ({'a': 0.0, 'b': 1.0}, 'segment')
    """

    codes: np.ndarray
    names: list
    name: str = "group"


def encode_groups(groups, n: int, *, what: str = "groups", missing_hint: str = "") -> Grouping:
    """One group label per row, coded: a pandas categorical keeps its category order, anything else is sorted.

    Parameters
    ----------
    groups : array-like, pandas Series/Categorical, or a one-column DataFrame
        The group of each row.
    n : int
        The number of rows ``groups`` must have.
    what : str
        The argument's name in error messages.
    missing_hint : str
        Appended to the error for missing labels (e.g. ``" (e.g. 'not stated')"``).

    Returns
    -------
    Grouping
        Codes ``0..k-1``, the names (an unused category of a categorical is kept, with no rows),
        and the index name (the Series' or column's name, else ``"group"``).

    Examples
    --------
    >>> g = encode_groups(["b", "a", "b"], 3)
    >>> g.codes.tolist(), g.names, g.name
    ([1, 0, 1], ['a', 'b'], 'group')
    """
    name = getattr(groups, "name", None) or "group"
    if isinstance(groups, pd.DataFrame):
        if groups.shape[1] != 1:
            raise ValueError(f"{what} must be one column; combine several into one label first")
        groups = groups.iloc[:, 0]
        name = groups.name or "group"
    if isinstance(groups, (pd.Series, pd.Categorical, pd.Index)) and isinstance(groups.dtype, pd.CategoricalDtype):
        cat = pd.Categorical(groups)
        codes = np.asarray(cat.codes, dtype=np.int64)
        names = list(cat.categories)
    else:
        arr = np.asarray(groups)
        if arr.ndim != 1:
            raise ValueError(f"{what} must be 1-D, got shape {arr.shape}")
        codes, uniques = pd.factorize(arr, sort=True, use_na_sentinel=True)
        codes = np.asarray(codes, dtype=np.int64)
        names = [u.item() if isinstance(u, np.generic) else u for u in uniques]
    if len(codes) != n:
        raise ValueError(f"arrays have different lengths: {{'y_true': {n}, '{what}': {len(codes)}}}")
    if (codes < 0).any():
        raise ValueError(f"{what} has {int((codes < 0).sum())} missing value(s); give every row a group" + missing_hint)
    return Grouping(codes, names, name)


def _split(groups, n: int):
    """``(names, [row positions of each group] or None, codes or None, name)``: positions for a mapping,
    codes (positions made only when a metric needs them) when every row has one group."""
    if isinstance(groups, Mapping):
        names, index = [], []
        for key, rows in groups.items():
            rows = np.asarray(rows)
            if rows.dtype == bool:
                if len(rows) != n:
                    raise ValueError(f"group {key!r}: a mask of {len(rows)} rows for {n} rows")
                rows = np.flatnonzero(rows)
            names.append(key)
            index.append(rows.astype(np.int64))
        return names, index, None, "group"
    g = groups if isinstance(groups, Grouping) else encode_groups(groups, n)
    if len(g.codes) != n:
        raise ValueError(f"arrays have different lengths: {{'y_true': {n}, 'groups': {len(g.codes)}}}")
    return list(g.names), None, np.asarray(g.codes, dtype=np.int64), g.name


def _positions(codes: np.ndarray, k: int) -> list:
    """Row positions of each of ``k`` groups, each group's rows in their order."""
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(k + 1))
    return [order[bounds[i] : bounds[i + 1]] for i in range(k)]


@dataclass(frozen=True)
class GroupMetrics:
    """Metrics overall and by group (what ``fairlearn.metrics.MetricFrame`` holds).

    Built by :func:`group_metrics`.

    Parameters
    ----------
    overall : pandas.Series
        Each metric on every row.
    by_group : pandas.DataFrame
        Indexed by group, one column per metric.
    sizes : pandas.Series
        Rows in each group.
    successes, denominators : pandas.DataFrame
        For the :class:`Rate` metrics only: the counts each rate is made of (by group).
    low, high : pandas.DataFrame or None
        Wilson bounds of the rate metrics by group (NaN where the denominator is 0), when a
        ``confidence`` was given.
    overall_counts : pandas.DataFrame
        For the rate metrics: ``successes``, ``n`` and (with a ``confidence``) ``low``, ``high``
        on every row.
    min_n : int, default 0
        Groups with fewer rows are flagged in :attr:`small`.

    Examples
    --------
    >>> m = group_metrics([1, 1, 0, 1], [1, 0, 0, 1], ["a", "a", "b", "b"],
    ...                   metrics={"recall": RATES["recall"]}, confidence=0.95, min_n=3)
    >>> m.sizes.tolist(), m.small.tolist()
    ([2, 2], [True, True])
    >>> m.successes["recall"].tolist(), m.denominators["recall"].tolist()
    ([1, 1], [2, 1])
    >>> m.low["recall"].round(3).tolist(), m.high["recall"].round(3).tolist()
    ([0.095, 0.207], [0.905, 1.0])
    >>> m.overall_counts.round(3)
            successes  n    low   high
    recall          2  3  0.208  0.939
    """

    overall: pd.Series
    by_group: pd.DataFrame
    sizes: pd.Series
    successes: pd.DataFrame
    denominators: pd.DataFrame
    low: pd.DataFrame | None
    high: pd.DataFrame | None
    overall_counts: pd.DataFrame
    min_n: int = 0

    @property
    def small(self) -> pd.Series:
        """True for a group with fewer than ``min_n`` rows: too few to judge alone."""
        return self.sizes < self.min_n

    def difference(self) -> pd.Series:
        """Largest minus smallest group value of each metric (``MetricFrame.difference()``)."""
        return self.by_group.max() - self.by_group.min()

    def ratio(self) -> pd.Series:
        """Smallest over largest group value of each metric (``MetricFrame.ratio()``); NaN when 0/0."""
        top, bottom = self.by_group.max(), self.by_group.min()
        return (bottom / top).where(top != 0)


def group_metrics(
    y_true,
    y_pred,
    groups,
    *,
    metrics: Mapping[str, Callable],
    confidence: float | None = None,
    min_n: int = 0,
    name: str | None = None,
) -> GroupMetrics:
    """Each metric overall and in each group, with sizes, counts and (optionally) Wilson intervals.

    Parameters
    ----------
    y_true, y_pred : array-like
        Passed (as numpy arrays, sliced to each group's rows in their order) to every metric.
        Nothing else is checked here: the caller checks what its metrics need.
    groups : array-like, Grouping or mapping
        One group label per row (categorical order kept, otherwise sorted; a missing label is an
        error; see :func:`encode_groups`), or ``{group: row positions or boolean mask}`` (groups
        may overlap or be empty).
    metrics : mapping of name to callable
        ``f(y_true, y_pred) -> float``. A :class:`Rate` (see :func:`rate` and :data:`RATES`) also
        reports its counts and gets an interval.
    confidence : float, optional
        If given (e.g. 0.95), Wilson intervals for the rate metrics.
    min_n : int
        Groups with fewer rows are flagged in ``small``.
    name : str, optional
        Name of the group index (default: the ``name`` of ``groups``, else ``"group"``).

    Returns
    -------
    GroupMetrics

    Examples
    --------
    >>> m = group_metrics([1, 1, 0, 1], [1, 0, 0, 1], ["a", "a", "b", "b"],
    ...                   metrics={"recall": RATES["recall"], "accuracy": RATES["accuracy"]})
    >>> m.by_group
           recall  accuracy
    group
    a         0.5       0.5
    b         1.0       1.0
    >>> m.overall.round(3).tolist(), m.difference().tolist(), m.ratio().tolist()
    ([0.667, 0.75], [0.5, 0.5], [0.5, 0.5])
    """
    t, p = np.asarray(y_true), np.asarray(y_pred)
    if len(t) != len(p):
        raise ValueError(f"arrays have different lengths: {{'y_true': {len(t)}, 'y_pred': {len(p)}}}")
    if confidence is not None:
        confidence = check_probability(confidence, "confidence", inclusive=False)
    names, index, codes, label = _split(groups, len(t))
    label = name or label
    gindex = pd.Index(names, name=label) if names else pd.Index([], name=label, dtype=object)
    if index is None and any(not isinstance(f, Rate) for f in metrics.values()):
        index = _positions(codes, len(names))
    sizes = np.bincount(codes, minlength=len(names)) if index is None else [len(i) for i in index]
    values, ks, ns, k_all, n_all, overall = {}, {}, {}, {}, {}, {}
    for key, f in metrics.items():
        if isinstance(f, Rate):
            num = np.asarray(f.numerator(t, p), dtype=bool)
            den = np.asarray(f.denominator(t, p), dtype=bool)
            hit = num & den
            if codes is not None:  # one pass over the rows, however many groups
                k = np.bincount(codes, weights=hit, minlength=len(names)).astype(np.int64)
                n = np.bincount(codes, weights=den, minlength=len(names)).astype(np.int64)
            else:
                k = np.array([int(hit[i].sum()) for i in index], dtype=np.int64)
                n = np.array([int(den[i].sum()) for i in index], dtype=np.int64)
            ks[key], ns[key] = k, n
            with np.errstate(divide="ignore", invalid="ignore"):
                values[key] = np.where(n > 0, k / np.where(n > 0, n, 1), np.nan)
            k_all[key], n_all[key] = int(hit.sum()), int(den.sum())
            overall[key] = k_all[key] / n_all[key] if n_all[key] else float("nan")
        else:
            values[key] = np.array([f(t[i], p[i]) for i in index], dtype=float)
            overall[key] = f(t, p)
    by = pd.DataFrame(values, index=gindex, columns=list(metrics))
    low = high = None
    if confidence is not None:

        def bound(key, side):
            return [
                getattr(wilson_interval(a, b, confidence=confidence), side) if b else np.nan
                for a, b in zip(ks[key], ns[key])
            ]

        low = pd.DataFrame({key: bound(key, "low") for key in ks}, index=gindex, columns=list(ks))
        high = pd.DataFrame({key: bound(key, "high") for key in ks}, index=gindex, columns=list(ks))
    totals = pd.DataFrame(
        {"successes": [k_all[key] for key in ks], "n": [n_all[key] for key in ks]}, index=list(ks), dtype=np.int64
    )
    if confidence is not None:
        ivs = [wilson_interval(k_all[key], n_all[key], confidence=confidence) if n_all[key] else None for key in ks]
        totals["low"] = [iv.low if iv else np.nan for iv in ivs]
        totals["high"] = [iv.high if iv else np.nan for iv in ivs]
    return GroupMetrics(
        overall=pd.Series(overall, index=list(metrics), dtype=float),
        by_group=by,
        sizes=pd.Series(sizes, index=gindex, dtype=np.int64, name="n"),
        successes=pd.DataFrame(ks, index=gindex, columns=list(ks)),
        denominators=pd.DataFrame(ns, index=gindex, columns=list(ks)),
        low=low,
        high=high,
        overall_counts=totals,
        min_n=int(min_n),
    )
