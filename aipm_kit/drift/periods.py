"""Calendar periods: the month, week, day or quarter of each timestamp, and rows per period.

:func:`period_labels` cuts timestamps into labelled periods; :func:`window_sizes` counts rows per
period, the numbers to show next to any drift over time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

_FREQS = {"MS": "M", "M": "M", "ME": "M", "W": "W", "W-SUN": "W", "W-MON": "W-MON", "D": "D", "QS": "Q", "Q": "Q"}


def period_labels(times, freq: str = "MS") -> pd.Series:
    """The calendar period of each timestamp as text (``"2013-01"`` for months).

    Timezone-aware timestamps are cut in their own timezone: convert first
    (``s.dt.tz_convert("America/New_York")``) if the business runs on local
    time. Weeks (``"W"``) end on Sunday and are labelled by their Monday
    (``"2013-W01 2012-12-31"`` style is avoided: the label is the Monday's date).

    Parameters
    ----------
    times : array-like of datetimes
        The timestamps (a Series keeps its index and name). Not datetimes: ``TypeError``; a missing
        timestamp: ``ValueError``.
    freq : str, default "MS"
        ``"MS"``/``"M"``/``"ME"`` months (``"2013-01"``), ``"W"``/``"W-SUN"`` weeks ending on Sunday,
        ``"W-MON"`` weeks ending on Monday (both labelled by their first day), ``"D"`` days
        (``"2013-01-31"``), ``"QS"``/``"Q"`` quarters (``"2013Q1"``).

    Returns
    -------
    pandas.Series
        The period label of each timestamp, as text, on the input's index.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.Series(pd.to_datetime(["2013-01-31", "2013-02-01", "2013-02-03", "2013-02-04"]))
    >>> period_labels(t).tolist()
    ['2013-01', '2013-02', '2013-02', '2013-02']
    >>> period_labels(t, "W").tolist()
    ['2013-01-28', '2013-01-28', '2013-01-28', '2013-02-04']
    """
    if freq not in _FREQS:
        raise ValueError(f"freq must be one of {sorted(_FREQS)}, got {freq!r}")
    s = pd.Series(times)
    if not pd.api.types.is_datetime64_any_dtype(s.dtype):
        raise TypeError(f"time values must be datetimes, got dtype {s.dtype}")
    if s.isna().any():
        raise ValueError(f"time values contain {int(s.isna().sum())} missing timestamp(s)")
    if getattr(s.dt, "tz", None) is not None:
        s = s.dt.tz_localize(None)
    code = _FREQS[freq]
    codes, uniques = pd.factorize(s.dt.to_period(code), sort=True)
    if code == "M":
        names = uniques.strftime("%Y-%m")
    elif code == "D":
        names = uniques.strftime("%Y-%m-%d")
    elif code == "Q":
        names = uniques.astype(str)
    else:
        names = uniques.start_time.strftime("%Y-%m-%d")
    return pd.Series(np.asarray(names, dtype=object)[codes], index=s.index, name=s.name)


def window_sizes(frame: pd.DataFrame, *, time_col: str, freq: str = "MS") -> pd.Series:
    """Rows per calendar period, in time order: always show these next to drift numbers.

    Parameters
    ----------
    frame : pandas.DataFrame
        The rows to count.
    time_col : str
        The column of timestamps; it must exist in ``frame``.
    freq : str, default "MS"
        The period, as in :func:`period_labels`.

    Returns
    -------
    pandas.Series
        Named ``"rows"``, indexed by ``"period"`` label in time order.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.to_datetime(["2013-01-31", "2013-02-01", "2013-02-03"])
    >>> window_sizes(pd.DataFrame({"t": t}), time_col="t").to_dict()
    {'2013-01': 1, '2013-02': 2}
    """
    from .._checks import check_columns

    check_columns(frame, [time_col], name="frame")
    labels = period_labels(frame[time_col], freq)
    return labels.value_counts().sort_index().rename("rows").rename_axis("period")
