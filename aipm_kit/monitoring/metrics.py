"""The monitoring numbers per hour or day that a dashboard shows: volume, latency p50/p95, error rate, alert
precision over a trailing window, an input drift score and a business KPI (the figures are drawn in
:mod:`aipm_kit.monitoring.dashboard`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._checks import check_columns, check_positive_int
from ._common import _nonempty, _ts


def monitoring_metrics(
    log: pd.DataFrame,
    *,
    freq: str = "D",
    time_col: str = "timestamp",
    latency_col: str = "latency_ms",
    error_col: str = "error",
    flag_col: str = "flagged",
    outcome_col: str | None = "is_fraud",
    label_col: str | None = None,
    as_of=None,
    value_col: str | None = "amount",
    window: int = 1,
    min_alerts: int = 1,
    drift_col: str | None = None,
    drift_reference=None,
    drift_min_rows: int = 200,
) -> pd.DataFrame:
    """The dashboard's numbers per period (``freq``: ``"h"`` hourly, ``"D"`` daily).

    Columns: ``requests``, ``latency_p50``/``latency_p95`` (ms, over the
    period's requests), ``error_rate`` (share of requests the model failed
    to answer), ``alerts``, ``alert_precision`` (share of alerts that were
    fraud, over the trailing ``window`` periods), ``fraud_dollars_stopped``
    (business KPI: value of flagged fraud) and, with ``drift_col``,
    ``drift_psi`` (PSI of that input against ``drift_reference``, via
    :func:`aipm_kit.drift.psi`).

    Which outcome counts as fraud: ``outcome_col`` as reviewed (for example
    an analyst's verdict on each alert, available within the hour); or, with
    ``label_col`` and ``as_of``, only labels that had arrived by ``as_of``
    (chargebacks), which makes the most recent periods look better than they
    are.

    Low-volume periods are explicit, not silent: ``alert_precision`` is NaN
    when the trailing window holds fewer than ``min_alerts`` alerts, and
    ``drift_psi`` is NaN for periods with fewer than ``drift_min_rows`` rows;
    :func:`replay_rules` treats NaN as "no evidence" and reports how many
    periods that was.

    Parameters
    ----------
    log : pandas.DataFrame
        The prediction log joined with outcomes (not empty), with the columns named below.
    freq : str, default "D"
        The period (a pandas frequency: ``"h"``, ``"D"``); periods with no requests are kept, with zero
        counts.
    time_col, latency_col, error_col, flag_col : str
        The request time (datetimes), latency (ms), model failure (bool) and decision (bool) columns.
    outcome_col : str or None, default "is_fraud"
        The reviewed outcome (bool); used when ``label_col`` is not given.
    label_col : str, optional
        The time each row's label arrived (NaT: not yet); needs ``as_of``.
    as_of : timestamp-like, optional
        The moment labels are read at; naive timestamps are read as UTC.
    value_col : str or None, default "amount"
        The dollars behind each row, for ``fraud_dollars_stopped`` (0 when None).
    window : int, default 1
        Periods in the trailing window of ``alert_precision`` (>= 1).
    min_alerts : int, default 1
        Fewer alerts in the window make ``alert_precision`` NaN (>= 1).
    drift_col : str, optional
        An input whose PSI against ``drift_reference`` is computed per period.
    drift_reference : array-like, optional
        The reference values for ``drift_col`` (required with it).
    drift_min_rows : int, default 200
        Periods with fewer rows get a NaN ``drift_psi``.

    Returns
    -------
    pandas.DataFrame
        One row per period (index ``period``), with the columns above and ``window_alerts``.

    Examples
    --------
    >>> log = pd.DataFrame({"timestamp": pd.to_datetime(["2024-01-01 00:10", "2024-01-01 00:20"], utc=True),
    ...                     "latency_ms": [40.0, 60.0], "error": [False, False], "flagged": [True, False],
    ...                     "is_fraud": [True, False], "amount": [100.0, 5.0]})
    >>> monitoring_metrics(log, freq="h")[["requests", "alert_precision"]].values.tolist()
    [[2.0, 1.0]]
    >>> monitoring_metrics(log, freq="h", min_alerts=2)["alert_precision"].tolist()  # too few alerts to judge
    [nan]
    """
    _nonempty(log, "log")
    need = [time_col, latency_col, error_col, flag_col]
    need += [c for c in (outcome_col, value_col, drift_col) if c]
    if label_col:
        need.append(label_col)
    check_columns(log, need, name="log")
    window = check_positive_int(window, "window")
    min_alerts = check_positive_int(min_alerts, "min_alerts")
    flags = log[flag_col].to_numpy(bool)
    if label_col:
        if as_of is None:
            raise ValueError("label_col needs as_of: the moment at which labels are read")
        outcome = (log[label_col] <= _ts(as_of, "as_of")).fillna(False).to_numpy(bool)
    elif outcome_col:
        outcome = log[outcome_col].to_numpy(bool)
    else:
        raise ValueError("give outcome_col or label_col (with as_of) to measure precision")
    period = log[time_col].dt.floor(freq).reset_index(drop=True)
    work = pd.DataFrame(
        {
            "period": period,
            "latency": log[latency_col].to_numpy(float),
            "error": log[error_col].to_numpy(bool),
            "alert": flags,
            "hit": flags & outcome,
            "value": (log[value_col].to_numpy(float) * (flags & outcome)) if value_col else 0.0,
        }
    )
    g = work.groupby("period", sort=True)
    out = pd.DataFrame(
        {
            "requests": g.size().astype(float),
            "latency_p50": g["latency"].quantile(0.5),
            "latency_p95": g["latency"].quantile(0.95),
            "error_rate": g["error"].mean(),
            "alerts": g["alert"].sum().astype(float),
            "hits": g["hit"].sum().astype(float),
            "fraud_dollars_stopped": g["value"].sum(),
        }
    )
    full = pd.date_range(out.index.min(), out.index.max(), freq=freq, name="period")
    out = out.reindex(full)
    out[["requests", "alerts", "hits", "fraud_dollars_stopped"]] = out[
        ["requests", "alerts", "hits", "fraud_dollars_stopped"]
    ].fillna(0.0)
    roll_alerts = out["alerts"].rolling(window, min_periods=1).sum()
    roll_hits = out["hits"].rolling(window, min_periods=1).sum()
    out["window_alerts"] = roll_alerts
    out["alert_precision"] = (roll_hits / roll_alerts).where(roll_alerts >= min_alerts)
    if drift_col:
        from .. import drift

        if drift_reference is None:
            raise ValueError("drift_col needs drift_reference: the values the model was built on")
        ref = np.asarray(drift_reference)
        vals = log[drift_col].to_numpy()
        psi = {}
        for key, idx in g.indices.items():
            if len(idx) >= drift_min_rows:
                psi[key] = drift.psi(ref, vals[idx]).statistic
        out["drift_psi"] = pd.Series(psi, dtype=float).reindex(out.index)
    return out.drop(columns="hits")
