"""Turning two samples into counts over shared levels, the one input every drift statistic reads.

Both samples are checked (1-D, not empty, not all missing, no infinities, no dates or durations
compared as categories), their missing values dropped and counted, and the rest counted over the
sorted distinct values (numbers) or categories of the combined data (:class:`_Counts`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


def _is_numeric(series: pd.Series) -> bool:
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_bool_dtype(dtype):
        return False
    return pd.api.types.is_numeric_dtype(dtype)


_TIME_KINDS = {
    "datetime": "dates or times",
    "datetime64": "dates or times",
    "date": "dates or times",
    "time": "dates or times",
    "period": "dates or times",
    "timedelta": "durations",
    "timedelta64": "durations",
}


def _time_kind(series: pd.Series) -> str | None:
    """``"dates or times"`` / ``"durations"`` for a time-like column, else None."""
    dtype = series.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype) or isinstance(dtype, pd.PeriodDtype):
        return "dates or times"
    if pd.api.types.is_timedelta64_dtype(dtype):
        return "durations"
    if dtype == object:  # noqa: E721 (a numpy/pandas dtype equals the type object; `is` would not)
        return _TIME_KINDS.get(pd.api.types.infer_dtype(series, skipna=True))
    return None


def _time_reason(series: pd.Series) -> str:
    what = _time_kind(series)
    how = (
        (
            "a number derived from it (hour, day of week, age in days), or cut the data by time "
            "with windowed_drift(time_col=...)"
        )
        if what == "dates or times"
        else "it as a number (e.g. .dt.total_seconds() / 3600 for hours)"
    )
    return (
        f"holds {what} (dtype {series.dtype}): as categories every value would be its own "
        f"category and any two periods would look drifted; compare {how}"
    )


def _as_series(values, name: str) -> pd.Series:
    if isinstance(values, pd.Series):
        return values
    if isinstance(values, (pd.DataFrame,)):
        raise ValueError(f"{name} must be 1-D (an array or Series), got a DataFrame with {values.shape[1]} columns")
    if isinstance(values, (str, bytes)) or np.isscalar(values):
        raise TypeError(f"{name} must be a 1-D array or Series, got {type(values).__name__}")
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    return pd.Series(arr)


@dataclass(frozen=True)
class _Counts:
    """Counts of the reference and the current sample over shared levels."""

    levels: np.ndarray  # sorted distinct numbers, or category labels
    ref: np.ndarray  # float64 counts
    cur: np.ndarray
    numeric: bool
    n_missing_ref: int = 0
    n_missing_cur: int = 0
    column: str | None = None

    @property
    def n_ref(self) -> int:
        return int(round(self.ref.sum()))

    @property
    def n_cur(self) -> int:
        return int(round(self.cur.sum()))


def _kind(kind: str, ref: pd.Series, cur: pd.Series, column: str | None) -> bool:
    if kind not in ("auto", "numeric", "categorical"):
        raise ValueError(f"kind must be 'auto', 'numeric' or 'categorical', got {kind!r}")
    if kind == "numeric":
        for name, s in (("reference", ref), ("current", cur)):
            if not _is_numeric(s):
                raise TypeError(f"{name}{_col(column)} must be numeric for kind='numeric', got dtype {s.dtype}")
        return True
    if kind == "categorical":
        return False
    a, b = _is_numeric(ref), _is_numeric(cur)
    if a != b:
        raise TypeError(
            f"reference{_col(column)} is {'numeric' if a else 'categorical'} but current is "
            f"{'numeric' if b else 'categorical'} ({ref.dtype} vs {cur.dtype})"
        )
    return a


def _col(column: str | None) -> str:
    return f" (column {column!r})" if column else ""


def _counts(reference, current, *, kind: str = "auto", column: str | None = None) -> _Counts:
    ref = _as_series(reference, "reference")
    cur = _as_series(current, "current")
    for name, s in (("reference", ref), ("current", cur)):
        if len(s) == 0:
            raise ValueError(f"{name}{_col(column)} is empty: a drift statistic needs at least one row in each window")
    if kind != "categorical":
        for name, ser in (("reference", ref), ("current", cur)):
            if _time_kind(ser):
                raise TypeError(
                    f"{name}{_col(column)} {_time_reason(ser)} (kind='categorical' forces "
                    "a category-by-category comparison)"
                )
    numeric = _kind(kind, ref, cur, column)
    miss_r, miss_c = ref.isna().to_numpy(), cur.isna().to_numpy()
    for name, s, m in (("reference", ref, miss_r), ("current", cur, miss_c)):
        if m.all():
            raise ValueError(f"{name}{_col(column)} has no non-missing values (all {len(s):,} are missing)")
    r, c = ref[~miss_r], cur[~miss_c]
    if numeric:
        rv = r.to_numpy(dtype=np.float64)
        cv = c.to_numpy(dtype=np.float64)
        for name, v in (("reference", rv), ("current", cv)):
            if not np.isfinite(v).all():
                raise ValueError(f"{name}{_col(column)} contains infinite values")
        levels, inverse = np.unique(np.concatenate([rv, cv]), return_inverse=True)
    else:
        if isinstance(r.dtype, pd.CategoricalDtype) and r.dtype == c.dtype:
            codes = np.concatenate([r.cat.codes.to_numpy(), c.cat.codes.to_numpy()])
            uniques = r.cat.categories
        else:
            codes, uniques = pd.factorize(
                np.concatenate([r.to_numpy(dtype=object), c.to_numpy(dtype=object)]), sort=False
            )
        order = np.argsort(np.asarray([str(u) for u in uniques]), kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        levels = np.asarray(uniques, dtype=object)[order]
        inverse = rank[codes]
    k = len(levels)
    ref_counts = np.bincount(inverse[: len(r)], minlength=k).astype(np.float64)
    cur_counts = np.bincount(inverse[len(r) :], minlength=k).astype(np.float64)
    return _Counts(levels, ref_counts, cur_counts, numeric, int(miss_r.sum()), int(miss_c.sum()), column)
