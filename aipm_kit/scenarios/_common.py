"""Knob checks shared by the scenario sub-modules: a real, finite number in range and a point in time made
UTC. Each raises a ``TypeError``/``ValueError`` that names the knob.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_number

_number = check_number  # one definition of "a real, finite number in range" for the kit


def _timestamp(value, name: str) -> pd.Timestamp:
    """A point in time (text such as ``"2024-01-01"``, a datetime or a Timestamp), in UTC."""
    import datetime as _dt

    if not isinstance(value, (str, _dt.datetime, _dt.date, np.datetime64, pd.Timestamp)):
        raise TypeError(
            f"{name} must be a date (text such as '2024-01-01' or a Timestamp), got {type(value).__name__} {value!r}"
        )
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValueError(f"{name} must be a date such as '2024-01-01', got {value!r} ({exc})") from None
    if ts is pd.NaT:
        raise ValueError(f"{name} must be a date, got a missing value ({value!r})")
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
