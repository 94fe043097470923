"""Input validation shared by every module: errors that name the argument."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np


def check_columns(frame, required: Iterable[str], *, name: str = "frame") -> None:
    """Raise ``ValueError`` naming every column of ``required`` that ``frame`` lacks."""
    if not hasattr(frame, "columns"):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}; it has {list(frame.columns)}")


def check_probability(value, name: str, *, inclusive: bool = True) -> float:
    """A number in [0, 1] (or (0, 1) when ``inclusive`` is False)."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number, got {value!r}") from None
    ok = 0 <= value <= 1 if inclusive else 0 < value < 1
    if math.isnan(value) or not ok:
        rng = "[0, 1]" if inclusive else "(0, 1)"
        raise ValueError(f"{name} must be in {rng}, got {value}")
    return value


def check_non_negative(value, name: str) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number, got {value!r}") from None
    if math.isnan(value) or value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return value


def check_positive_int(value, name: str, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def as_1d(values, name: str, *, allow_nan: bool = False) -> np.ndarray:
    """A 1-D numpy array; refuses 2-D input and (by default) NaN."""
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if not allow_nan and arr.dtype.kind == "f" and np.isnan(arr).any():
        raise ValueError(f"{name} contains {int(np.isnan(arr).sum())} NaN value(s)")
    return arr


def as_binary(values, name: str) -> np.ndarray:
    """A 1-D array of 0/1 integers; accepts bools and 0/1 numbers only."""
    arr = as_1d(values, name)
    if arr.dtype == bool:
        return arr.astype(np.int8)
    uniq = np.unique(arr)
    if not np.isin(uniq, [0, 1]).all():
        shown = uniq[:5].tolist()
        raise ValueError(f"{name} must be binary (0/1 or bool), found values {shown}")
    return arr.astype(np.int8)


def same_length(**arrays) -> int:
    lengths = {k: len(v) for k, v in arrays.items() if v is not None}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"arrays have different lengths: {lengths}")
    return next(iter(lengths.values()))


def check_number(
    value,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """A real, finite number (int or float, numpy ones included) within the given bounds.

    Text, booleans, NaN and infinities are refused with an error naming ``name``:
    ``"0.1"`` is not silently read as a number, ``inf`` never reaches the simulation.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    try:
        v = float(value)
    except OverflowError:
        raise ValueError(f"{name} must be a finite number, got an integer too large for a float") from None
    if not math.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {v}")
    below = low is not None and (v <= low if low_open else v < low)
    above = high is not None and (v >= high if high_open else v > high)
    if below or above:
        lo = "-inf" if low is None else f"{low:g}"
        hi = "inf" if high is None else f"{high:g}"
        rng = f"{'(' if low_open or low is None else '['}{lo}, {hi}{')' if high_open or high is None else ']'}"
        raise ValueError(f"{name} must be in {rng}, got {v:g}")
    return v
