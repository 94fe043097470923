"""Drift over time: per-period counts of every feature, and the feature x period drift table.

:class:`PeriodHistograms` counts each feature per calendar period once; any reference window (fixed,
or the ``rolling`` periods before each) against every period is then a sum of counts and a
count-based statistic. :func:`windowed_drift` builds the histograms and the table in one call.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .binning import DriftWarning
from .catalogue import STATISTICS, statistic_name
from .counts import _Counts, _is_numeric, _time_kind, _time_reason
from .kernels import _run
from .periods import period_labels
from .results import DriftResult


@dataclass(frozen=True)
class _Feature:
    name: str
    numeric: bool
    levels: np.ndarray
    counts: np.ndarray  # periods x levels
    missing: np.ndarray  # per period
    approximate: bool


class PeriodHistograms:
    """Per-period counts of every feature: the cheap basis for drift over time.

    Built once from the raw rows (:meth:`from_frame`); afterwards any reference
    window against every period, any statistic, is a sum of counts followed
    by the count-based statistic, which takes milliseconds for a year of
    months. Numeric features with more than ``max_levels`` distinct values are
    pre-binned on ``max_levels`` quantiles of the whole column (each bin
    represented by its largest value), which makes their statistics
    approximate (``approximate`` says which); the flights columns all stay
    exact.

    Parameters
    ----------
    periods : sequence of str
        The period labels, in time order (as :func:`aipm_kit.drift.period_labels` writes them).
    sizes : array-like of int
        Rows in each period.
    features : dict
        Feature name -> its per-period counts (the kit's internal ``_Feature`` records).
    freq : str
        The period's frequency code (``"MS"``, ``"W"``, ``"D"``, ...).
    time_col : str
        The column the periods were cut on.
    skipped : Mapping of str to str, optional
        Columns left out (time-like columns) -> why.

    Examples
    --------
    Build it with :meth:`from_frame`, then compare windows:

    >>> import pandas as pd
    >>> from aipm_kit import drift
    >>> x = [i % 10 for i in range(60)] + [5 + i % 10 for i in range(30)]
    >>> f = pd.DataFrame({"t": pd.date_range("2024-01-01", periods=90, freq="D"), "x": x, "c": ["a", "b"] * 45})
    >>> h = drift.PeriodHistograms.from_frame(f, time_col="t")
    >>> h
    PeriodHistograms(2 features x 3 periods (MS) of 't'; 90 rows)
    >>> r = h.compare("x", "2024-01", "2024-03")
    >>> r.method, round(r.statistic, 3), r.drifted
    ('psi', 4.501, True)
    >>> h.drift_table("2024-01").round(3)
    period   2024-01  2024-02  2024-03
    feature
    x            0.0    0.042    4.501
    c            0.0    0.004    0.001
    """

    def __init__(
        self,
        periods,
        sizes,
        features: dict[str, _Feature],
        freq: str,
        time_col: str,
        skipped: Mapping[str, str] | None = None,
    ):
        self.periods = tuple(periods)
        self.skipped = dict(skipped or {})  # column -> why it was left out (time-like columns)
        self.sizes = np.asarray(sizes, dtype=np.int64)
        self.features = features
        self.freq = freq
        self.time_col = time_col

    def __repr__(self) -> str:
        return (
            f"PeriodHistograms({len(self.features)} features x {len(self.periods)} periods "
            f"({self.freq}) of {self.time_col!r}; {int(self.sizes.sum()):,} rows)"
        )

    @classmethod
    def from_frame(
        cls, frame: pd.DataFrame, *, time_col: str, freq: str = "MS", columns=None, max_levels: int = 5000
    ) -> PeriodHistograms:
        from .._checks import check_columns

        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
        check_columns(frame, [time_col], name="frame")
        if not pd.api.types.is_datetime64_any_dtype(frame[time_col].dtype):
            raise TypeError(f"time_col {time_col!r} must hold datetimes, got dtype {frame[time_col].dtype}")
        skipped = {}
        if columns is None:
            columns = [c for c in frame.columns if c != time_col]
            skipped = {str(c): f"column {_time_reason(frame[c])}" for c in columns if _time_kind(frame[c])}
            columns = [c for c in columns if str(c) not in skipped]
            if not columns:
                raise ValueError(
                    f"frame has no column to compare besides {time_col!r} and time-like columns {list(skipped)}"
                )
        else:
            if isinstance(columns, str):
                columns = [columns]
            columns = list(columns)
            check_columns(frame, columns, name="frame")
            for c in columns:
                if _time_kind(frame[c]):
                    raise TypeError(f"column {c!r} {_time_reason(frame[c])}")
        if len(frame) == 0:
            raise ValueError("frame is empty: no rows to cut into periods")
        labels = period_labels(frame[time_col], freq)
        codes, periods = pd.factorize(labels, sort=True)
        n_periods = len(periods)
        sizes = np.bincount(codes, minlength=n_periods)
        features = {}
        for column in columns:
            s = frame[column]
            numeric = _is_numeric(s)
            missing = s.isna().to_numpy()
            approx = False
            if numeric:
                values = s.to_numpy(dtype=np.float64, na_value=np.nan)
                ok = ~missing
                if not np.isfinite(values[ok]).all():
                    raise ValueError(f"column {column!r} contains infinite values")
                levels, inverse = np.unique(values[ok], return_inverse=True)
                if len(levels) > max_levels:
                    edges = np.unique(
                        np.quantile(values[ok], np.linspace(0, 1, max_levels + 1)[1:], method="inverted_cdf")
                    )
                    inverse = np.searchsorted(edges, values[ok], side="left")
                    levels = edges
                    approx = True
            else:
                ok = ~missing
                if isinstance(s.dtype, pd.CategoricalDtype):
                    cat_codes, uniques = s.cat.codes.to_numpy()[ok], s.cat.categories
                else:
                    cat_codes, uniques = pd.factorize(s[ok].astype(object), sort=False)
                order = np.argsort(np.asarray([str(u) for u in uniques]), kind="stable")
                rank = np.empty_like(order)
                rank[order] = np.arange(len(order))
                levels = np.asarray(uniques, dtype=object)[order]
                inverse = rank[cat_codes]
            k = len(levels)
            flat = codes[ok].astype(np.int64) * k + inverse
            counts = np.bincount(flat, minlength=n_periods * k).reshape(n_periods, k)
            miss = np.bincount(codes[missing], minlength=n_periods)
            features[str(column)] = _Feature(str(column), numeric, levels, counts, miss, approx)
        return cls(list(periods), sizes, features, freq, time_col, skipped)

    # -- windows ------------------------------------------------------------------------------
    def window_sizes(self) -> pd.Series:
        return pd.Series(self.sizes, index=pd.Index(self.periods, name="period"), name="rows")

    def resolve(self, window, *, name: str = "reference") -> list[int]:
        """Period indices of ``window``: a label, a list of labels or an inclusive ``(start, end)``.

        A tuple of exactly two labels is read as ``(start, end)`` (either may be
        None for open-ended); any other list or tuple as the labels themselves.
        """
        if isinstance(window, (pd.Period, pd.Timestamp)):
            window = str(window)
        if isinstance(window, str):
            if window not in self.periods:
                raise ValueError(
                    f"{name} window {window!r} is not a period of this data; periods run "
                    f"{self.periods[0]} .. {self.periods[-1]} ({self.freq})"
                )
            return [self.periods.index(window)]
        if isinstance(window, tuple) and len(window) == 2:
            start, end = (str(w) if w is not None else None for w in window)
            idx = [i for i, p in enumerate(self.periods) if (start is None or p >= start) and (end is None or p <= end)]
            if not idx:
                raise ValueError(
                    f"{name} window {window!r} holds no period of this data; periods run "
                    f"{self.periods[0]} .. {self.periods[-1]}"
                )
            return idx
        if isinstance(window, (list, tuple, pd.Index, np.ndarray)):
            out = []
            for w in window:
                out.extend(self.resolve(str(w), name=name))
            if not out:
                raise ValueError(f"{name} window is an empty list")
            return sorted(set(out))
        raise TypeError(f"{name} must be a period label, a list of labels or a (start, end) tuple, got {window!r}")

    def _feature(self, column: str) -> _Feature:
        if column not in self.features:
            raise ValueError(f"feature {column!r} is not in these histograms; they hold {list(self.features)}")
        return self.features[column]

    def counts(self, column: str, reference, current) -> _Counts:
        """Reference and current counts of one feature, for the count-based statistics."""
        f = self._feature(column)
        ri = self.resolve(reference, name="reference")
        ci = self.resolve(current, name="current")
        ref = f.counts[ri].sum(axis=0).astype(np.float64)
        cur = f.counts[ci].sum(axis=0).astype(np.float64)
        for name, c, idx in (("reference", ref, ri), ("current", cur, ci)):
            if c.sum() == 0:
                rows = int(self.sizes[idx].sum())
                what = "has no rows" if rows == 0 else f"has only missing {column!r} values ({rows:,} rows)"
                raise ValueError(f"{name} window {[self.periods[i] for i in idx]} {what}")
        keep = (ref + cur) > 0
        return _Counts(
            f.levels[keep], ref[keep], cur[keep], f.numeric, int(f.missing[ri].sum()), int(f.missing[ci].sum()), column
        )

    def shares(self, column: str, window) -> pd.Series:
        """Share of rows at each level (number or category) in ``window``."""
        f = self._feature(column)
        idx = self.resolve(window, name="window")
        c = f.counts[idx].sum(axis=0).astype(np.float64)
        total = c.sum()
        if total == 0:
            raise ValueError(f"window {[self.periods[i] for i in idx]} has no {column!r} values")
        return pd.Series(c / total, index=f.levels, name=column)

    def compare(self, column: str, reference, current, stat: str = "psi", *, threshold=None, **options) -> DriftResult:
        """One statistic for one feature between two windows."""
        name = statistic_name(stat)
        counts = self.counts(column, reference, current)
        return _run(name, counts, threshold, **options)

    def drift_table(
        self,
        reference=None,
        stat: str = "psi",
        *,
        columns=None,
        threshold=None,
        periods=None,
        measure: str = "value",
        warn: bool = False,
        rolling: int | None = None,
        **options,
    ) -> pd.DataFrame:
        """Feature x period table of ``stat`` against ``reference`` (see :func:`windowed_drift`).

        ``measure`` chooses what the cells hold: ``"value"`` (the statistic),
        ``"effect_size"`` (KS's D, chi-square's Cramér's V: comparable across
        window sizes) or ``"p_value"`` (tests only). Periods with no values
        are NaN and listed in ``attrs["empty_periods"]``. ``rolling=k``
        compares each period with the ``k`` periods before it, pooled, instead
        of one fixed ``reference`` (give one or the other; see
        :func:`windowed_drift`).
        """
        if measure not in ("value", "effect_size", "p_value"):
            raise ValueError(f"measure must be 'value', 'effect_size' or 'p_value', got {measure!r}")
        name = statistic_name(stat)
        info = STATISTICS[name]
        if rolling is not None:
            if reference is not None:
                raise ValueError(
                    f"give either reference (a fixed window) or rolling (each period against the "
                    f"periods before it), not both: got reference={reference!r} and "
                    f"rolling={rolling!r}"
                )
            if isinstance(rolling, (bool, np.bool_)) or not isinstance(rolling, (int, np.integer)):
                raise TypeError(
                    f"rolling must be a whole number of periods (>= 1) or None, got "
                    f"{type(rolling).__name__} {rolling!r}"
                )
            if rolling < 1:
                raise ValueError(f"rolling must be at least 1 period, got {rolling}")
            rolling = int(rolling)
            ri = []
        else:
            ri = self.resolve(reference, name="reference")
        if columns is None:
            columns = list(self.features)
        elif isinstance(columns, str):
            columns = [columns]
        cols = [
            c for c in columns if self._feature(c) and (info.numeric if self.features[c].numeric else info.categorical)
        ]
        skipped = [c for c in columns if c not in cols]
        if not cols:
            raise ValueError(f"{info.label} applies to none of columns {list(columns)} ({info.label} needs numbers)")
        periods = list(range(len(self.periods))) if periods is None else self.resolve(periods, name="periods")
        values = np.full((len(cols), len(periods)), np.nan)
        pvalues = np.full_like(values, np.nan)
        flags = np.zeros(values.shape, dtype=bool)
        empty = [self.periods[j] for j in periods if self.sizes[j] == 0]
        warmup = [] if rolling is None else [self.periods[j] for j in periods if j < rolling]
        used_threshold = None
        rule_text = ""
        for i, c in enumerate(cols):
            f = self.features[c]
            if rolling is None:
                ref = f.counts[ri].sum(axis=0).astype(np.float64)
                if ref.sum() == 0:
                    raise ValueError(f"reference window {[self.periods[k] for k in ri]} has no {c!r} values")
            for jj, j in enumerate(periods):
                if rolling is not None:
                    if j < rolling:
                        continue
                    ref = f.counts[j - rolling : j].sum(axis=0).astype(np.float64)
                    if ref.sum() == 0:
                        continue
                cur = f.counts[j].astype(np.float64)
                if cur.sum() == 0:
                    continue
                keep = (ref + cur) > 0
                counts = _Counts(f.levels[keep], ref[keep], cur[keep], f.numeric, 0, 0, c)
                opts = dict(options)
                if name == "ks":
                    opts.setdefault("p_method", "limit")
                with warnings.catch_warnings():
                    if not warn:
                        warnings.simplefilter("ignore", DriftWarning)
                    r = _run(name, counts, threshold, **opts)
                if measure == "value":
                    values[i, jj] = r.statistic
                elif measure == "effect_size":
                    values[i, jj] = r.statistic if r.effect_size is None else r.effect_size
                else:
                    if r.pvalue is None:
                        raise ValueError(f"{info.label} has no p-value; use measure='value'")
                    values[i, jj] = r.pvalue
                pvalues[i, jj] = np.nan if r.pvalue is None else r.pvalue
                flags[i, jj] = r.drifted
                rule_text = r.rule
                used_threshold = r.threshold if used_threshold is None or name != "wasserstein" else used_threshold
        labels = [self.periods[j] for j in periods]
        table = pd.DataFrame(values, index=pd.Index(cols, name="feature"), columns=pd.Index(labels, name="period"))
        if rolling is None:
            reference_attrs = {
                "reference": [self.periods[k] for k in ri],
                "reference_size": int(self.sizes[ri].sum()),
                "rolling": None,
                "reference_rule": f"every period against the fixed window {[self.periods[k] for k in ri]}",
                "warmup_periods": [],
            }
        else:
            reference_attrs = {
                "reference": [f"the {rolling} periods before each"],
                "reference_size": {
                    self.periods[j]: int(self.sizes[j - rolling : j].sum()) for j in periods if j >= rolling
                },
                "rolling": rolling,
                "reference_rule": (
                    f"every period against the {rolling} period(s) before it, pooled; the first "
                    f"{rolling} period(s) have no such window and are NaN (attrs['warmup_periods'])"
                ),
                "reference_windows": {
                    self.periods[j]: [self.periods[k] for k in range(j - rolling, j)] for j in periods if j >= rolling
                },
                "warmup_periods": warmup,
            }
        table.attrs.update(
            {
                "statistic": name,
                "threshold": used_threshold,
                "rule": info.on,
                "rule_text": rule_text,
                "measure": measure,
                **reference_attrs,
                "window_sizes": {self.periods[j]: int(self.sizes[j]) for j in periods},
                "drifted": {c: [labels[j] for j in np.flatnonzero(flags[i])] for i, c in enumerate(cols)},
                "p_values": None if info.on != "p_value" else pvalues.tolist(),
                "skipped": skipped + [c for c in self.skipped if c not in skipped],
                "skipped_reasons": {**{c: f"{info.label} needs numbers" for c in skipped}, **self.skipped},
                "empty_periods": empty,
            }
        )
        return table


def windowed_drift(
    frame: pd.DataFrame,
    *,
    time_col: str,
    freq: str = "MS",
    reference=None,
    columns=None,
    stat: str = "psi",
    threshold=None,
    rolling: int | None = None,
    **options,
) -> pd.DataFrame:
    """Drift of every period against a reference window: a feature x period table.

    Parameters
    ----------
    frame : DataFrame
        Raw rows with a datetime column ``time_col``.
    time_col : str
        The datetime column the periods are cut on.
    freq : {"MS", "W", "D", "QS"}
        Calendar months (``"MS"``), weeks ending Sunday (``"W"``), days or quarters.
        Months are cut on ``time_col`` as stored: a UTC timestamp gives UTC
        months, which differ from local months at the edges.
    reference : label, list of labels or (start, end)
        The window every period is compared with, e.g. ``"2013-01"`` or
        ``("2013-01", "2013-03")`` (inclusive); default: the first period
        (unless ``rolling`` is given).
    rolling : int or None
        Instead of one fixed reference, compare each period with the
        ``rolling`` periods just before it, pooled (``rolling=4`` with weeks:
        each week against the four weeks before it). A slow change such as a
        season moves the reference along with it, so it alarms less; a shift
        that persists is seen only until it fills the window. The first
        ``rolling`` periods have no such window: their cells are NaN and they
        are listed in ``attrs["warmup_periods"]``. "Before" counts the periods
        of the data, in time order; a calendar period with no rows is not one.
        Giving both ``reference`` and ``rolling`` raises ``ValueError``.
    stat : str
        One of ``psi``, ``ks``, ``chi_square``, ``jensen_shannon``, ``wasserstein``.
        Features the statistic does not apply to are left out (listed in
        ``table.attrs["skipped"]``, with the reason in
        ``attrs["skipped_reasons"]``). Columns holding dates, times or
        durations are left out the same way when ``columns`` is None, and
        raise ``TypeError`` when named (as in :func:`drift_report`).
    columns : list of str, optional
        The features to compare; default every column but ``time_col`` (and the time-like ones).
    threshold : float, optional
        The alert threshold; default the statistic's own (:data:`STATISTICS`).
    **options
        Passed to the statistic (e.g. ``bins``, ``p_method``, ``convention``) through
        :meth:`PeriodHistograms.drift_table`; ``measure="effect_size"`` or ``"p_value"`` changes what the
        cells hold.

    Returns
    -------
    DataFrame
        Index ``feature``, columns ``period`` (in time order), cells the
        statistic's value (for KS and chi-square, the test statistic; their
        p-values are in ``attrs["p_values"]``; KS uses ``p_method="limit"``
        here unless you pass ``p_method="finite"``). ``table.attrs`` holds
        ``window_sizes`` (rows per period), ``reference``, ``reference_size``,
        ``threshold``, ``rule`` and ``drifted`` (feature -> flagged periods).
        A period with no rows is left as NaN and listed in
        ``attrs["empty_periods"]``. ``attrs["rolling"]`` (None or k) and
        ``attrs["reference_rule"]`` say which comparison was made; with
        ``rolling``, ``attrs["reference"]`` holds one description
        (``"the 4 periods before each"``), ``attrs["reference_windows"]`` maps
        each period to its reference periods and ``attrs["reference_size"]``
        maps each period to its reference's rows.

    Examples
    --------
    >>> import pandas as pd
    >>> from aipm_kit import drift
    >>> f = pd.DataFrame({"t": pd.date_range("2024-01-01", periods=90, freq="D"), "x": range(90)})
    >>> table = drift.windowed_drift(f, time_col="t", reference="2024-01", columns=["x"])
    >>> table.attrs["window_sizes"]
    {'2024-01': 31, '2024-02': 29, '2024-03': 30}
    >>> rolled = drift.windowed_drift(f, time_col="t", rolling=1, columns=["x"])
    >>> rolled.attrs["warmup_periods"], rolled.attrs["reference_windows"]["2024-03"]
    (['2024-01'], ['2024-02'])
    """
    if rolling is not None and reference is not None:
        raise ValueError(
            f"give either reference (a fixed window) or rolling (each period against the periods "
            f"before it), not both: got reference={reference!r} and rolling={rolling!r}"
        )
    hist = PeriodHistograms.from_frame(frame, time_col=time_col, freq=freq, columns=columns)
    if reference is None and rolling is None:
        reference = hist.periods[0]
    return hist.drift_table(reference, stat, threshold=threshold, rolling=rolling, **options)
