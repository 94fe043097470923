"""Argument checks shared by the monitoring sub-modules: a timestamp (made UTC), a positive number, a frame
that is not empty. Each raises a ``TypeError``/``ValueError`` that names the argument."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def _ts(value, name: str) -> pd.Timestamp:
    try:
        out = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a timestamp, got {value!r}") from None
    if out.tzinfo is None:
        out = out.tz_localize("UTC")
    return out


def _positive(value, name: str, *, allow_zero: bool = False) -> float:
    """A finite real number > 0 (>= 0 with ``allow_zero``); text, bools, NaN and inf are refused by name."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"{name} must be a finite number {'>=' if allow_zero else '>'} 0, got {value}")
    return value


def _nonempty(frame: pd.DataFrame, name: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    if frame.empty:
        raise ValueError(f"{name} is empty: there is nothing to monitor")
