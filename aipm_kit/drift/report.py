"""Drift reports over frames: several statistics over the columns of a reference and a current frame.

:func:`drift_report` builds a :class:`DriftReport`, skipping (and listing) the statistics a column's
kind does not allow and the columns that hold dates, times or durations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .binning import _check_convention
from .catalogue import STATISTICS, statistic_name
from .counts import _counts, _time_kind, _time_reason
from .kernels import _run
from .results import DriftResult

# The long table's old column names, still read by :meth:`DriftReport.to_wide` for one release.
_OLD_COLUMNS = {"value": "statistic", "p_value": "pvalue"}


@dataclass(frozen=True)
class DriftReport:
    """Several statistics over the columns of a reference and a current frame.

    ``headline`` is the statistic used for :attr:`drifted_columns` (the first
    one asked for); :meth:`drifted_by` answers for any other. Its figure is
    :func:`aipm_kit.plots.drift_report_heatmap` (drawing is presentation, so it is not a method here).
    Built by :func:`drift_report`.

    Parameters
    ----------
    results : tuple of DriftResult
        One result per column and statistic that applies.
    columns : tuple of str
        The columns compared.
    stats : tuple of str
        The statistics asked for, canonical names, in order.
    headline : str
        The statistic :attr:`drifted_columns` uses.
    n_reference, n_current : int
        Rows in the reference and current frames.
    skipped : tuple of (str, str, str), default ()
        ``(column, statistic, reason)`` for each pair not computed.

    Examples
    --------
    >>> import pandas as pd
    >>> from aipm_kit import drift
    >>> ref = pd.DataFrame({"x": range(100), "c": ["a", "b"] * 50})
    >>> cur = pd.DataFrame({"x": range(50, 150), "c": ["a"] * 100})
    >>> report = drift.drift_report(ref, cur, stats=("psi", "ks"))
    >>> report
    DriftReport(2 columns x 2 statistics; 100 reference vs 100 current rows; 2 drifted by PSI: ['c', 'x'])
    >>> report.skipped
    (('c', 'ks', 'KS needs numbers'),)
    >>> report.to_wide().round(3)
    method    psi   ks
    column
    x       4.346  0.5
    c       4.604  NaN
    >>> report.drifted_by("ks"), report.result("x", "ks").statistic
    (('x',), 0.5)
    """

    results: tuple[DriftResult, ...]
    columns: tuple[str, ...]
    stats: tuple[str, ...]
    headline: str
    n_reference: int
    n_current: int
    skipped: tuple[tuple[str, str, str], ...] = ()  # (column, statistic, reason)

    def __repr__(self) -> str:
        drifted = self.drifted_columns
        return (
            f"DriftReport({len(self.columns)} columns x {len(self.stats)} statistics; "
            f"{self.n_reference:,} reference vs {self.n_current:,} current rows; "
            f"{len(drifted)} drifted by {STATISTICS[self.headline].label}: {list(drifted)})"
        )

    def to_frame(self) -> pd.DataFrame:
        """Long table: one row per column and statistic."""
        if not self.results:
            return pd.DataFrame(columns=DriftResult.__dataclass_fields__)
        return pd.concat([r.to_frame() for r in self.results], ignore_index=True)

    def to_wide(self, what: str = "statistic") -> pd.DataFrame:
        """Column x statistic table of ``what`` (``statistic``, ``pvalue``, ``drifted``, ...).

        The old column names ``"value"`` and ``"p_value"`` are still read as ``"statistic"`` and ``"pvalue"``
        (kept for one release).
        """
        what = _OLD_COLUMNS.get(what, what)
        frame = self.to_frame()
        return frame.pivot(index="column", columns="method", values=what).reindex(
            index=list(self.columns), columns=[s for s in self.stats if s in set(frame.method)]
        )

    def drifted_by(self, stat: str) -> tuple[str, ...]:
        name = statistic_name(stat)
        if name not in self.stats:
            raise ValueError(f"stat {stat!r} is not in this report; it has {list(self.stats)}")
        return tuple(r.column for r in self.results if r.method == name and r.drifted)

    @property
    def drifted_columns(self) -> tuple[str, ...]:
        """Columns the headline statistic flags, most drifted first."""
        rows = [r for r in self.results if r.method == self.headline and r.drifted]
        key = (lambda r: r.pvalue) if STATISTICS[self.headline].on == "p_value" else (lambda r: -r.statistic)
        return tuple(r.column for r in sorted(rows, key=key))

    def result(self, column: str, stat: str) -> DriftResult:
        name = statistic_name(stat)
        for r in self.results:
            if r.column == column and r.method == name:
                return r
        raise KeyError(f"no {name} result for column {column!r}")


def _thresholds(stats: Sequence[str], thresholds) -> dict[str, float | None]:
    if thresholds is None:
        return {s: None for s in stats}
    if isinstance(thresholds, Mapping):
        out = {}
        for key, value in thresholds.items():
            out[statistic_name(key)] = value
        unknown = set(out) - set(stats)
        if unknown:
            raise ValueError(f"thresholds names statistic(s) {sorted(unknown)} not in stats {list(stats)}")
        return {s: out.get(s) for s in stats}
    if len(stats) != 1:
        raise TypeError("thresholds must be a dict {statistic: threshold} when several stats are asked for")
    return {stats[0]: thresholds}


def _frame_columns(reference_df, current_df, columns) -> list[str]:
    from .._checks import check_columns

    for name, frame in (("reference_df", reference_df), ("current_df", current_df)):
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    if columns is None:
        columns = list(reference_df.columns)
        missing = [c for c in columns if c not in current_df.columns]
        extra = [c for c in current_df.columns if c not in reference_df.columns]
        if missing or extra:
            raise ValueError(
                f"reference_df and current_df have different columns: only in reference "
                f"{missing}, only in current {extra}; pass columns=[...] to choose"
            )
    else:
        if isinstance(columns, str):
            columns = [columns]
        columns = list(columns)
        check_columns(reference_df, columns, name="reference_df")
        check_columns(current_df, columns, name="current_df")
    if not columns:
        raise ValueError("columns is empty: name at least one column to compare")
    return columns


def drift_report(
    reference_df: pd.DataFrame,
    current_df: pd.DataFrame,
    columns=None,
    *,
    stats: Sequence[str] = ("psi", "ks", "chi_square", "jensen_shannon", "wasserstein"),
    thresholds=None,
    convention: str = "kit",
    bins: int = 10,
    options: Mapping[str, Mapping[str, Any]] | None = None,
    warn: bool = True,
) -> DriftReport:
    """Compare every column of ``current_df`` with ``reference_df`` under several statistics.

    Statistics that do not apply to a column (KS and Wasserstein on
    categories) are skipped and listed in ``skipped``, never filled with NaN.
    Columns are matched by name; when ``columns`` is None both frames must
    have the same columns.

    Columns holding dates, times or durations are never compared as
    categories (every timestamp would be a category of its own and any two
    periods would look drifted): when ``columns`` is None they are left out
    and listed in ``skipped`` with that reason; naming one in ``columns``
    raises ``TypeError`` naming it. Derive a number from it (hour, age in
    days) or use :func:`windowed_drift` to cut the data by time.

    Parameters
    ----------
    reference_df, current_df : pandas.DataFrame
        The reference and the current rows.
    columns : list of str, optional
        The columns to compare; default all, and then both frames must have the same columns.
    stats : sequence of str, default all five
        The statistics (names or aliases); the first is the headline.
    thresholds : float or dict, optional
        ``{"psi": 0.25, "ks": 0.01}``; statistics not named keep their default.
    convention : {"kit", "evidently"}
        Passed to PSI and Jensen-Shannon (binning, log base and zero filling);
        ``"evidently"`` also makes chi-square a goodness-of-fit test.
    bins : int, default 10
        Bins for the binned statistics on numbers.
    options : dict, optional
        Extra keyword options per statistic, e.g. ``{"ks": {"on": "effect_size"},
        "wasserstein": {"scale": None}}``.
    warn : bool
        Warn about categories seen only in the current frame (once per column).

    Returns
    -------
    DriftReport
        The results, the columns and statistics, and what was skipped and why.

    Examples
    --------
    >>> import pandas as pd
    >>> from aipm_kit import drift
    >>> ref = pd.DataFrame({"x": range(100), "c": ["a", "b"] * 50})
    >>> cur = pd.DataFrame({"x": range(50, 150), "c": ["a"] * 100})
    >>> drift.drift_report(ref, cur, stats=("psi",)).drifted_columns
    ('c', 'x')
    """
    implied = columns is None
    columns = _frame_columns(reference_df, current_df, columns)
    if isinstance(stats, str):
        stats = (stats,)
    stats = tuple(dict.fromkeys(statistic_name(s) for s in stats))
    if not stats:
        raise ValueError("stats is empty: name at least one statistic")
    limits = _thresholds(stats, thresholds)
    _check_convention(convention)
    extra = {s: {} for s in stats}
    if convention == "evidently" and "chi_square" in extra:
        extra["chi_square"]["method"] = "goodness_of_fit"
    for key, value in (options or {}).items():
        name = statistic_name(key)
        if name not in extra:
            raise ValueError(f"options names statistic {key!r}, which is not in stats {list(stats)}")
        extra[name].update(value)
    results, skipped = [], []
    if implied:  # columns not named: time-like columns are left out, with the reason
        timed = [c for c in columns if _time_kind(reference_df[c]) or _time_kind(current_df[c])]
        for c in timed:
            why = _time_reason(reference_df[c] if _time_kind(reference_df[c]) else current_df[c])
            skipped.extend((str(c), stat, f"column {why}") for stat in stats)
        columns = [c for c in columns if c not in timed]
        if not columns:
            raise ValueError(
                f"every column holds dates, times or durations ({timed}); drift statistics need numbers or categories"
            )
    for column in columns:
        counts = _counts(reference_df[column], current_df[column], column=str(column))
        for i, stat in enumerate(stats):
            info = STATISTICS[stat]
            if not counts.numeric and not info.categorical or counts.numeric and not info.numeric:
                skipped.append((str(column), stat, f"{info.label} needs numbers"))
                continue
            results.append(
                _run(stat, counts, limits[stat], convention=convention, bins=bins, warn=warn and i == 0, **extra[stat])
            )
    return DriftReport(
        tuple(results), tuple(map(str, columns)), stats, stats[0], len(reference_df), len(current_df), tuple(skipped)
    )
