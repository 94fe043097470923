"""The shadow run: incumbent and candidate decide on the same live traffic, and their precision and recall are
recomputed as chargeback labels arrive, to show how far an early read is from the final one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .._checks import check_columns
from ._common import _nonempty, _ts


def shadow_comparison(
    frame: pd.DataFrame,
    decisions: Mapping[str, Iterable[bool]],
    as_of: Sequence,
    *,
    label_col: str = "label_available_at",
    truth_col: str | None = "is_fraud",
) -> pd.DataFrame:
    """Precision and recall of each model as the business would have measured them on each ``as_of`` date.

    A transaction counts as fraud once its chargeback has arrived
    (``label_col <= as_of``); until then it looks legitimate, so an early
    precision is biased low and built on few labels. With ``truth_col``
    (known only in a simulation) the final, true values are added as
    ``precision_true`` and ``recall_true`` for comparison.

    Parameters
    ----------
    frame : DataFrame
        The shadow period's traffic, one row per transaction.
    decisions : mapping of name -> boolean array
        Each model's flags, aligned with ``frame``.
    as_of : sequence of timestamps
        When the comparison is redrawn (naive timestamps are read as UTC).
    label_col : str, default "label_available_at"
        When each transaction's fraud label (chargeback) arrived; NaT for none.
    truth_col : str or None, default "is_fraud"
        The true outcome, when known (a simulation); None to leave out the true values.

    Returns
    -------
    DataFrame
        One row per (``as_of``, model): ``alerts``, ``labels_in`` (fraud
        labels known so far), ``confirmed`` (alerts already confirmed),
        ``precision_so_far``, ``recall_so_far`` and, with ``truth_col``,
        ``precision_true``/``recall_true``.

    Examples
    --------
    >>> f = pd.DataFrame({"label_available_at": pd.to_datetime(["2024-01-05", None, "2024-02-01"], utc=True)})
    >>> shadow_comparison(f, {"m": [True, True, False]}, ["2024-01-10"], truth_col=None)[["alerts", "confirmed"]].values.tolist()
    [[2, 1]]
    """
    _nonempty(frame, "frame")
    check_columns(frame, [label_col] + ([truth_col] if truth_col else []), name="frame")
    if not decisions:
        raise ValueError("decisions must name at least one model")
    arrival = frame[label_col]
    rows = []
    for when in as_of:
        when = _ts(when, "as_of")
        known = (arrival <= when).fillna(False).to_numpy(bool)
        for name, flags in decisions.items():
            flags = np.asarray(flags, dtype=bool)
            if flags.shape != (len(frame),):
                raise ValueError(f"decisions[{name!r}] has {flags.size} values; frame has {len(frame)} rows")
            alerts = int(flags.sum())
            confirmed = int((flags & known).sum())
            row = {
                "as_of": when,
                "model": name,
                "alerts": alerts,
                "labels_in": int(known.sum()),
                "confirmed": confirmed,
                "precision_so_far": confirmed / alerts if alerts else np.nan,
                "recall_so_far": confirmed / known.sum() if known.sum() else np.nan,
            }
            if truth_col:
                truth = frame[truth_col].to_numpy(bool)
                row["precision_true"] = (flags & truth).sum() / alerts if alerts else np.nan
                row["recall_true"] = (flags & truth).sum() / truth.sum() if truth.sum() else np.nan
            rows.append(row)
    return pd.DataFrame(rows)
