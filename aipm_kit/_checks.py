"""Input validation shared by every module: errors that name the argument."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np


def check_columns(frame, required: Iterable[str], *, name: str = "frame") -> None:
    """Raise ``ValueError`` naming every column of ``required`` that ``frame`` lacks.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table to check; anything without ``columns`` is refused with ``TypeError``.
    required : iterable of str
        The column names ``frame`` must have.
    name : str, default "frame"
        What the error messages call ``frame`` (the caller's argument name).

    Returns
    -------
    None
        Nothing: it returns when every column is present and raises otherwise.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"score": [0.2], "label": [1]})
    >>> check_columns(rows, ["score", "label"], name="rows")
    >>> check_columns(rows, ["score", "group"], name="rows")
    Traceback (most recent call last):
    ...
    ValueError: rows is missing column(s) ['group']; it has ['score', 'label']
    """
    if not hasattr(frame, "columns"):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}; it has {list(frame.columns)}")


def check_probability(value, name: str, *, inclusive: bool = True) -> float:
    """A number in [0, 1] (or (0, 1) when ``inclusive`` is False).

    Parameters
    ----------
    value : float or int or str
        The value to check; anything ``float()`` cannot read is refused with ``TypeError``, and NaN or a
        value outside the range with ``ValueError``.
    name : str
        The argument's name, used in the error messages.
    inclusive : bool, default True
        True accepts the ends 0 and 1; False asks for a value strictly between them.

    Returns
    -------
    float
        ``value`` as a float.

    Examples
    --------
    >>> check_probability(0.25, "prevalence")
    0.25
    >>> check_probability(1, "prevalence")
    1.0
    >>> check_probability(1, "prevalence", inclusive=False)
    Traceback (most recent call last):
    ...
    ValueError: prevalence must be in (0, 1), got 1.0
    """
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
    """A number that is zero or more.

    Parameters
    ----------
    value : float or int or str
        The value to check; anything ``float()`` cannot read is refused with ``TypeError``, and NaN or a
        negative value with ``ValueError``.
    name : str
        The argument's name, used in the error messages.

    Returns
    -------
    float
        ``value`` as a float.

    Examples
    --------
    >>> check_non_negative(3, "cost_per_review")
    3.0
    >>> check_non_negative(-0.5, "cost_per_review")
    Traceback (most recent call last):
    ...
    ValueError: cost_per_review must be >= 0, got -0.5
    """
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number, got {value!r}") from None
    if math.isnan(value) or value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return value


def check_amount(value, name: str) -> float:
    """A finite number that is zero or more: an amount of money, people, time or a ratio.

    Parameters
    ----------
    value : float or int or str
        The value to check: refused as :func:`check_non_negative` refuses it, and also when infinite.
    name : str
        The argument's name, used in the error messages.

    Returns
    -------
    float
        ``value`` as a float.

    Examples
    --------
    >>> check_amount(250, "monthly_cost")
    250.0
    >>> check_amount(float("inf"), "monthly_cost")
    Traceback (most recent call last):
    ...
    ValueError: monthly_cost must be a finite number, got inf
    """
    value = check_non_negative(value, name)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


def check_positive_int(value, name: str, *, minimum: int = 1) -> int:
    """An integer (Python or numpy, never a bool or a float) of at least ``minimum``.

    Parameters
    ----------
    value : int
        The value to check; a bool, a float such as ``3.0`` or any other type is refused with
        ``TypeError``, and an integer below ``minimum`` with ``ValueError``.
    name : str
        The argument's name, used in the error messages.
    minimum : int, default 1
        The smallest value accepted.

    Returns
    -------
    int
        ``value`` as a Python int.

    Examples
    --------
    >>> import numpy as np
    >>> check_positive_int(np.int64(5), "n_resamples")
    5
    >>> check_positive_int(0, "seed", minimum=0)
    0
    >>> check_positive_int(2.0, "n_resamples")
    Traceback (most recent call last):
    ...
    TypeError: n_resamples must be an integer, got 2.0
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def as_1d(values, name: str, *, allow_nan: bool = False) -> np.ndarray:
    """A 1-D numpy array; refuses 2-D input and (by default) NaN.

    Parameters
    ----------
    values : array-like
        The values (a list, a pandas Series, a numpy array ...); anything not one-dimensional is
        refused with ``ValueError``.
    name : str
        The argument's name, used in the error messages.
    allow_nan : bool, default False
        False refuses float input that contains NaN, saying how many values are NaN.

    Returns
    -------
    numpy.ndarray
        ``values`` as a one-dimensional array, of the dtype numpy gives it.

    Examples
    --------
    >>> as_1d([0.1, 0.7, 0.4], "scores")
    array([0.1, 0.7, 0.4])
    >>> as_1d([[0.1, 0.7]], "scores")
    Traceback (most recent call last):
    ...
    ValueError: scores must be 1-D, got shape (1, 2)
    >>> as_1d([0.1, float("nan")], "scores")
    Traceback (most recent call last):
    ...
    ValueError: scores contains 1 NaN value(s)
    """
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if not allow_nan and arr.dtype.kind == "f" and np.isnan(arr).any():
        raise ValueError(f"{name} contains {int(np.isnan(arr).sum())} NaN value(s)")
    return arr


def as_binary(values, name: str) -> np.ndarray:
    """A 1-D array of 0/1 integers; accepts bools and 0/1 numbers only.

    Parameters
    ----------
    values : array-like
        One-dimensional labels, bools or the numbers 0 and 1 (NaN and 2-D input are refused as by
        :func:`as_1d`); any other value is refused with ``ValueError`` naming up to five of the values found.
    name : str
        The argument's name, used in the error messages.

    Returns
    -------
    numpy.ndarray of int8
        The labels as 0 and 1.

    Examples
    --------
    >>> as_binary([True, False, True], "y_true")
    array([1, 0, 1], dtype=int8)
    >>> as_binary([0.0, 1.0], "y_true")
    array([0, 1], dtype=int8)
    >>> as_binary([0, 1, 2], "y_true")
    Traceback (most recent call last):
    ...
    ValueError: y_true must be binary (0/1 or bool), found values [0, 1, 2]
    """
    arr = as_1d(values, name)
    if arr.dtype == bool:
        return arr.astype(np.int8)
    uniq = np.unique(arr)
    if not np.isin(uniq, [0, 1]).all():
        shown = uniq[:5].tolist()
        raise ValueError(f"{name} must be binary (0/1 or bool), found values {shown}")
    return arr.astype(np.int8)


def same_length(**arrays) -> int:
    """The common length of the arrays given by keyword; ``None`` values are skipped.

    Parameters
    ----------
    **arrays : sized or None
        The arrays to compare, each under its argument name (the error names every length found).

    Returns
    -------
    int
        Their common length.

    Examples
    --------
    >>> same_length(y_true=[0, 1, 1], scores=[0.2, 0.9, 0.6], weights=None)
    3
    >>> same_length(y_true=[0, 1, 1], scores=[0.2, 0.9])
    Traceback (most recent call last):
    ...
    ValueError: arrays have different lengths: {'y_true': 3, 'scores': 2}
    """
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

    Parameters
    ----------
    value : int or float
        The value to check (Python or numpy numbers); any other type, a bool included, is refused with
        ``TypeError``, and NaN, an infinity or a value out of bounds with ``ValueError``.
    name : str
        The argument's name, used in the error messages.
    low, high : float, optional
        The bounds; None leaves that side unbounded.
    low_open, high_open : bool, default False
        True excludes the bound itself (``value`` must be strictly above ``low``, or below ``high``).

    Returns
    -------
    float
        ``value`` as a float.

    Examples
    --------
    >>> check_number(12, "hourly_cost", low=0)
    12.0
    >>> check_number(0, "hourly_cost", low=0, low_open=True)
    Traceback (most recent call last):
    ...
    ValueError: hourly_cost must be in (0, inf), got 0
    >>> check_number("0.1", "rate")
    Traceback (most recent call last):
    ...
    TypeError: rate must be a number, got str '0.1'
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
