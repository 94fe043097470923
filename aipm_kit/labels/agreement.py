"""Agreement statistics: how far annotators agree beyond chance.

:func:`cohen_kappa` (two annotators; the kit's one Cohen's kappa), :func:`pairwise_kappa` (every
pair), :func:`fleiss_kappa` (all at once) and :func:`agreement_report` (all of them in one
:class:`AgreementReport`), with the checks and integer coding of a ratings table they share.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._checks import as_1d, same_length

# ----------------------------------------------------------------------------- validation


def _ratings(ratings, *, min_raters: int = 2) -> pd.DataFrame:
    if not isinstance(ratings, pd.DataFrame):
        raise TypeError(
            f"ratings must be a DataFrame (one row per item, one column per annotator), got {type(ratings).__name__}"
        )
    if ratings.shape[1] < min_raters:
        raise ValueError(f"ratings needs at least {min_raters} annotator columns, got {ratings.shape[1]}")
    if ratings.shape[0] == 0:
        raise ValueError("ratings has no items")
    missing = ratings.isna()
    if missing.any().any():
        where = missing.any(axis=1)
        items = list(ratings.index[where][:5])
        cols = [c for c in ratings.columns if missing[c].any()]
        raise ValueError(
            f"ratings has {int(missing.values.sum())} missing rating(s) (annotators {cols}, "
            f"items {items}{' ...' if where.sum() > 5 else ''}); every annotator must rate "
            "every item, or drop the incomplete items first"
        )
    return ratings


def _codes(ratings: pd.DataFrame):
    """Integer codes for every cell (shared label set) and the labels, in sorted order."""
    values = pd.unique(ratings.to_numpy().ravel())
    labels = sorted(values, key=lambda v: (str(type(v)), v))
    lookup = {v: i for i, v in enumerate(labels)}
    codes = np.vectorize(lookup.__getitem__, otypes=[np.int64])(ratings.to_numpy())
    return codes, labels


def _rater(values, name: str) -> np.ndarray:
    """One annotator's labels as an object array (NaN and None kept, so they can be refused).

    Any iterable is accepted (a list, a tuple, a generator, a pandas Series, a numpy array).
    """
    if isinstance(values, (pd.Series, pd.Index, pd.Categorical)):
        arr = np.asarray(pd.Series(values).astype(object))
    elif isinstance(values, np.ndarray):
        arr = values
    else:
        values = list(values)
        arr = np.empty(len(values), dtype=object)
        arr[:] = values
    return as_1d(arr, name, allow_nan=True)


def _kappa_from_codes(a: np.ndarray, b: np.ndarray, k: int) -> float:
    """Cohen's kappa from two raters' integer codes ``0..k-1``: the one kappa engine of the kit.

    The agreement is counted before it is divided (``trace / n``), so perfect agreement is exactly 1.
    """
    n = len(a)
    table = np.bincount(a * k + b, minlength=k * k).reshape(k, k)
    po = np.trace(table) / n
    pe = float((table.sum(axis=1) / n) @ (table.sum(axis=0) / n))
    if pe == 1.0:
        raise ValueError("both annotators gave every item the same single label: kappa is 0/0")
    return float((po - pe) / (1 - pe))


# ----------------------------------------------------------------------------- agreement


def cohen_kappa(rater_a, rater_b) -> float:
    """Cohen's kappa between two annotators: agreement beyond what chance would give.

    ``kappa = (p_observed - p_chance) / (1 - p_chance)``, where chance
    agreement comes from each annotator's own label frequencies. 1 is perfect
    agreement, 0 is no better than chance. Same value as
    ``sklearn.metrics.cohen_kappa_score``. This is the kit's one Cohen's kappa:
    :func:`aipm_kit.evals.judges.cohen_kappa` is this function.

    Parameters
    ----------
    rater_a, rater_b : iterable
        The two annotators' labels, one per item, in the same order (any
        hashable labels: strings, integers, booleans; a list, tuple,
        generator, numpy array or pandas Series).

    Returns
    -------
    float
        Kappa, from -1 to 1 (exactly 1 when the two agree on every item).

    Raises
    ------
    ValueError
        When the two differ in length, hold no items, miss a label (None or
        NaN), or both give every item one and the same label (kappa is 0/0).

    Examples
    --------
    >>> round(cohen_kappa(["x", "x", "y", "y"], ["x", "y", "y", "y"]), 3)
    0.5
    >>> cohen_kappa([1, 0, 1], [1, 0, 1])
    1.0
    >>> cohen_kappa([1, 1], [0, 0])
    0.0
    >>> cohen_kappa(["x", "x"], ["x", "x"])
    Traceback (most recent call last):
    ...
    ValueError: both annotators gave every item the same single label: kappa is 0/0
    """
    a = _rater(rater_a, "rater_a")
    b = _rater(rater_b, "rater_b")
    same_length(rater_a=a, rater_b=b)
    frame = _ratings(pd.DataFrame({"rater_a": a, "rater_b": b}))
    codes, labels = _codes(frame)
    return _kappa_from_codes(codes[:, 0], codes[:, 1], len(labels))


def pairwise_kappa(ratings: pd.DataFrame) -> pd.DataFrame:
    """Cohen's kappa and raw agreement for every pair of annotator columns.

    Parameters
    ----------
    ratings : pandas.DataFrame
        One row per item, one column per annotator (at least two), each cell the label that annotator gave
        (any hashable values); no missing ratings.

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``annotator_1, annotator_2, kappa, agreement`` (the share of items on which the
        two gave the same label).

    Raises
    ------
    TypeError
        ``ratings`` is not a DataFrame.
    ValueError
        Fewer than two annotators, no items, a missing rating, or a pair that gave every item one label.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"a": ["x", "x", "y", "y"], "b": ["x", "y", "y", "y"], "c": ["x", "x", "y", "x"]})
    >>> pairwise_kappa(table).round(3)
      annotator_1 annotator_2  kappa  agreement
    0           a           b    0.5       0.75
    1           a           c    0.5       0.75
    2           b           c    0.2       0.50
    """
    ratings = _ratings(ratings)
    codes, labels = _codes(ratings)
    cols = list(ratings.columns)
    rows = []
    for i in range(len(cols)):
        for j in range(i + 1, len(cols)):
            rows.append(
                {
                    "annotator_1": cols[i],
                    "annotator_2": cols[j],
                    "kappa": _kappa_from_codes(codes[:, i], codes[:, j], len(labels)),
                    "agreement": float((codes[:, i] == codes[:, j]).mean()),
                }
            )
    return pd.DataFrame(rows)


def _category_counts(codes: np.ndarray, k: int) -> np.ndarray:
    n_items = codes.shape[0]
    rows = np.repeat(np.arange(n_items), codes.shape[1])
    return np.bincount(rows * k + codes.ravel(), minlength=n_items * k).reshape(n_items, k)


def fleiss_kappa(ratings: pd.DataFrame) -> float:
    """Fleiss' kappa: agreement beyond chance among any fixed number of annotators.

    Same value as ``statsmodels.stats.inter_rater.fleiss_kappa`` applied to
    ``aggregate_raters(ratings)``.

    Parameters
    ----------
    ratings : pandas.DataFrame
        One row per item, one column per annotator (at least two), each cell the label that annotator gave
        (any hashable values); no missing ratings.

    Returns
    -------
    float
        Kappa: 1 is perfect agreement, 0 no better than chance.

    Raises
    ------
    ValueError
        Every annotator gave every item the same single label (0/0), or a ratings table
        :func:`pairwise_kappa` would refuse.

    Examples
    --------
    >>> table = pd.DataFrame({"a": ["x", "x", "y", "y"], "b": ["x", "y", "y", "y"], "c": ["x", "x", "y", "x"]})
    >>> round(fleiss_kappa(table), 3)
    0.333
    """
    ratings = _ratings(ratings)
    codes, labels = _codes(ratings)
    n_raters = codes.shape[1]
    counts = _category_counts(codes, len(labels))
    p_j = counts.sum(axis=0) / counts.sum()
    p_i = ((counts**2).sum(axis=1) - n_raters) / (n_raters * (n_raters - 1))
    pe = float((p_j**2).sum())
    if pe == 1.0:
        raise ValueError("every annotator gave every item the same single label: kappa is 0/0")
    return float((p_i.mean() - pe) / (1 - pe))


@dataclass(frozen=True)
class AgreementReport:
    """How far a team of annotators agree, overall and pair by pair.

    Built by :func:`agreement_report`. ``weakest_pair`` names the pair with the lowest kappa and
    ``to_frame()`` returns the pairwise table.

    Parameters
    ----------
    n_items : int
        Items rated.
    annotators : tuple of str
        The annotator columns.
    fleiss_kappa : float
        Fleiss' kappa of the whole team.
    pairwise : pandas.DataFrame
        :func:`pairwise_kappa`'s table.
    unanimous_share : float
        Share of items every annotator labelled the same.
    no_majority_share : float
        Share of items no label won more than half the votes on.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"a": ["x", "x", "y", "y"], "b": ["x", "y", "y", "y"], "c": ["x", "x", "y", "x"]})
    >>> report = agreement_report(table)
    >>> report.weakest_pair
    ('b', 'c')
    >>> round(report.unanimous_share, 2), round(report.no_majority_share, 2)
    (0.5, 0.0)
    """

    n_items: int
    annotators: tuple[str, ...]
    fleiss_kappa: float
    pairwise: pd.DataFrame = field(repr=False)
    unanimous_share: float
    no_majority_share: float

    def to_frame(self) -> pd.DataFrame:
        return self.pairwise.copy()

    @property
    def weakest_pair(self) -> tuple[str, str]:
        row = self.pairwise.loc[self.pairwise["kappa"].idxmin()]
        return row["annotator_1"], row["annotator_2"]

    def __repr__(self) -> str:
        pairs = ", ".join(f"{r.annotator_1}/{r.annotator_2} {r.kappa:.2f}" for r in self.pairwise.itertuples())
        return (
            f"AgreementReport: {self.n_items} items, {len(self.annotators)} annotators; "
            f"Fleiss' kappa {self.fleiss_kappa:.3f}; Cohen's kappa by pair: {pairs}; "
            f"unanimous on {self.unanimous_share:.0%}, no majority on {self.no_majority_share:.0%}"
        )


def agreement_report(ratings: pd.DataFrame) -> AgreementReport:
    """Fleiss' kappa, every pairwise Cohen's kappa, and how often the team is unanimous.

    Parameters
    ----------
    ratings : pandas.DataFrame
        One row per item, one column per annotator (at least two), each cell the label that annotator gave
        (any hashable values); no missing ratings.

    Returns
    -------
    AgreementReport
        The item and annotator counts, Fleiss' kappa, the pairwise table and the unanimous and no-majority
        shares.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"a": ["x", "x", "y", "y"], "b": ["x", "y", "y", "y"], "c": ["x", "x", "y", "x"]})
    >>> agreement_report(table)  # doctest: +NORMALIZE_WHITESPACE
    AgreementReport: 4 items, 3 annotators; Fleiss' kappa 0.333; Cohen's kappa by pair: a/b 0.50, a/c 0.50,
    b/c 0.20; unanimous on 50%, no majority on 0%
    """
    ratings = _ratings(ratings)
    codes, labels = _codes(ratings)
    counts = _category_counts(codes, len(labels))
    top = counts.max(axis=1)
    return AgreementReport(
        n_items=len(ratings),
        annotators=tuple(map(str, ratings.columns)),
        fleiss_kappa=fleiss_kappa(ratings),
        pairwise=pairwise_kappa(ratings),
        unanimous_share=float((top == codes.shape[1]).mean()),
        no_majority_share=float((top * 2 <= codes.shape[1]).mean()),
    )
