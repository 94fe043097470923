"""The stream as the business meets it: the fraud labels known at a date (label delay), the features as an
online service with a time-zone bug computes them (training-serving skew), and the honest split by month.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_columns
from ._common import _timestamp
from .payments import make_payments  # noqa: F401  (the examples use it)


def _months_list(values, name: str) -> list:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a list of months (e.g. [1, 2]), got {type(values).__name__} {values!r}")
    return list(values)


def labels_as_of(frame: pd.DataFrame, as_of) -> pd.Series:
    """The fraud label the business knows at ``as_of``: True once a chargeback has arrived.

    A transaction whose chargeback has not arrived yet counts as legitimate,
    which is exactly the optimistic bias label delay creates.

    Parameters
    ----------
    frame : pandas.DataFrame
        Payments with the column ``label_available_at`` (NaT for a fraud never caught and for legitimate
        payments), as :func:`~aipm_kit.scenarios.make_payments` draws them.
    as_of : str or pandas.Timestamp
        The date the business looks at its labels (UTC).

    Returns
    -------
    pandas.Series
        One bool per row (same index), named ``label_as_of``: True where the chargeback arrived by ``as_of``.

    Examples
    --------
    >>> df = make_payments(2_000, seed=1)
    >>> int(df["is_fraud"].sum()), int(labels_as_of(df, "2024-03-01").sum()), int(labels_as_of(df, "2025-01-01").sum())
    (57, 11, 57)
    """
    check_columns(frame, ["label_available_at"], name="frame")
    as_of = _timestamp(as_of, "as_of")
    return (frame["label_available_at"] <= as_of).fillna(False).astype(bool).rename("label_as_of")


def serving_features(frame: pd.DataFrame, *, hour_offset: int = 0) -> pd.DataFrame:
    """The features as an online service with a time-zone bug would compute them (training-serving skew).

    Training computes ``hour`` from the payment's UTC timestamp. An online service
    that reads the hour from its servers' local clock serves ``(hour + hour_offset)
    % 24`` instead: same name, same type, a different number, and nothing crashes.
    ``hour_offset=0`` (the default) is no bug: the frame comes back as an
    unchanged copy, so callers that leave the knob alone get identical data.
    No random numbers are drawn either way.

    Parameters
    ----------
    frame : pandas.DataFrame
        Payments with an ``hour`` column (0-23).
    hour_offset : int, default 0
        The service clock's offset from UTC, in whole hours from -23 to 23.

    Returns
    -------
    pandas.DataFrame
        A copy of ``frame`` with ``hour`` shifted by ``hour_offset`` modulo 24 (same dtype).

    Raises
    ------
    TypeError
        An offset that is not a whole number.
    ValueError
        An offset outside -23 to 23.

    Examples
    --------
    >>> df = make_payments(500, seed=0, months=1, drift_month=None, incident=False)
    >>> served = serving_features(df, hour_offset=-8)
    >>> bool(((served["hour"] - df["hour"]) % 24 == 16).all())
    True
    >>> serving_features(df).equals(df)
    True
    """
    check_columns(frame, ["hour"], name="frame")
    if isinstance(hour_offset, bool) or not isinstance(hour_offset, (int, np.integer)):
        raise TypeError(f"hour_offset must be a whole number of hours, got {hour_offset!r}")
    if not -23 <= int(hour_offset) <= 23:
        raise ValueError(f"hour_offset must be between -23 and 23 hours, got {hour_offset}")
    served = frame.copy()
    if hour_offset:
        served["hour"] = ((served["hour"].astype(int) + int(hour_offset)) % 24).astype(frame["hour"].dtype)
    return served


def split_by_time(frame: pd.DataFrame, *, train_months, test_months) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split on the ``month`` column: the honest split for anything that moves in time.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with a ``month`` column (1-based months of the horizon, as :func:`make_payments` draws them).
    train_months : list of int
        The months of the training rows.
    test_months : list of int
        The months of the test rows.

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.DataFrame)
        The training rows and the test rows, each in ``frame``'s order.

    Raises
    ------
    TypeError
        Months given as text or a single number instead of a list.
    ValueError
        Months that select no rows on either side.

    Examples
    --------
    >>> df = make_payments(2_000, seed=1)
    >>> train, test = split_by_time(df, train_months=[1, 2, 3], test_months=[4])
    >>> len(train), len(test)
    (986, 310)
    >>> split_by_time(df, train_months=[1], test_months=[9])
    Traceback (most recent call last):
    ...
    ValueError: train_months=[1] and test_months=[9] must each select rows; months present: [1, 2, 3, 4, 5, 6]
    """
    check_columns(frame, ["month"], name="frame")
    train_months = _months_list(train_months, "train_months")
    test_months = _months_list(test_months, "test_months")
    train = frame[frame["month"].isin(train_months)]
    test = frame[frame["month"].isin(test_months)]
    if train.empty or test.empty:
        raise ValueError(
            f"train_months={list(train_months)} and test_months={list(test_months)} must each "
            f"select rows; months present: {sorted(frame['month'].unique().tolist())}"
        )
    return train, test
