"""The prediction log: its schema (:data:`PREDICTION_LOG_SCHEMA`), building, checking, writing and reading it,
recomputing any past prediction exactly from it (:func:`reproduce_prediction`), and training-serving skew
between the features a service logged and the same features recomputed offline (:func:`feature_skew`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .._checks import check_columns, check_probability
from ._common import _nonempty

#: Columns of a prediction log and their meaning. Feature inputs are stored one column each, prefixed ``in__``.
PREDICTION_LOG_SCHEMA = {
    "request_id": "int64: the transaction or request the prediction answered",
    "timestamp": "datetime64[UTC]: when the prediction was served",
    "model_version": "string: content hash of the model artefact that scored it",
    "config_hash": "string: hash of the serving config (threshold, features, timeout)",
    "in__<feature>": "the exact input values the model saw, one column per feature, dtype preserved",
    "score": "float64: the model's fraud probability",
    "output": "bool: the decision served (score >= threshold and the model answered)",
    "error": "bool: the model failed or timed out; the request was not screened",
    "latency_ms": "float64: time to answer",
}
_REQUIRED_LOG = ["request_id", "timestamp", "model_version", "config_hash", "score", "output", "error", "latency_ms"]


def prediction_log(
    frame: pd.DataFrame,
    scores,
    *,
    features: Sequence[str],
    threshold: float,
    model_version: str,
    config_hash: str,
    id_col: str = "transaction_id",
    time_col: str = "timestamp",
    latency_col: str = "latency_ms",
    error_col: str | None = "model_error",
    timeout_ms: float | None = None,
) -> pd.DataFrame:
    """Build a prediction log following :data:`PREDICTION_LOG_SCHEMA` from scored traffic.

    A request counts as an error when ``error_col`` is set or its latency
    exceeds ``timeout_ms`` (the caller gave up waiting); its ``output`` is
    then False (not screened), but its ``score`` is still logged.

    Parameters
    ----------
    frame : pandas.DataFrame
        The traffic (not empty), with the id, time, latency, feature and (if named) error columns.
    scores : array-like of float
        The model's score for each row of ``frame`` (no NaN: mark failures with ``error_col``).
    features : sequence of str
        The model's inputs, logged as ``in__<feature>`` columns.
    threshold : float
        Flag when ``score >= threshold``, in [0, 1].
    model_version, config_hash : str
        The model artefact's and the serving config's identifiers, logged on every row.
    id_col, time_col, latency_col : str
        The request id, time and latency (milliseconds) columns of ``frame``.
    error_col : str or None, default "model_error"
        True where the model failed; None when ``frame`` has no such column.
    timeout_ms : float, optional
        Requests slower than this count as errors.

    Returns
    -------
    pandas.DataFrame
        The log, one row per request, columns as :data:`PREDICTION_LOG_SCHEMA`.

    Examples
    --------
    >>> traffic = pd.DataFrame({"transaction_id": [1, 2, 3],
    ...     "timestamp": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 10:01", "2024-01-01 10:02"], utc=True),
    ...     "amount": [20.0, 900.0, 450.0], "latency_ms": [40.0, 35.0, 400.0], "model_error": [False, False, False]})
    >>> log = prediction_log(traffic, traffic["amount"] / 1000, features=["amount"], threshold=0.4,
    ...                      model_version="m1", config_hash="c1", timeout_ms=300)
    >>> list(log.columns)
    ['request_id', 'timestamp', 'model_version', 'config_hash', 'in__amount', 'score', 'output', 'error', 'latency_ms']
    >>> log[["score", "output", "error"]].to_dict("list")  # the third answered too late: not screened
    {'score': [0.02, 0.9, 0.45], 'output': [False, True, False], 'error': [False, False, True]}
    """
    _nonempty(frame, "frame")
    check_columns(
        frame, [id_col, time_col, latency_col] + list(features) + ([error_col] if error_col else []), name="frame"
    )
    scores = np.asarray(scores, dtype=float)
    if scores.shape != (len(frame),):
        raise ValueError(f"scores has {scores.size} values; frame has {len(frame)} rows")
    if np.isnan(scores).any():
        raise ValueError(
            f"scores contains {int(np.isnan(scores).sum())} NaN value(s): a NaN score would be "
            "logged as 'not flagged'; mark failed predictions with error_col instead"
        )
    threshold = check_probability(threshold, "threshold")
    error = frame[error_col].to_numpy(bool) if error_col else np.zeros(len(frame), bool)
    latency = frame[latency_col].to_numpy(float)
    if timeout_ms is not None:
        error = error | (latency > float(timeout_ms))
    log = pd.DataFrame(
        {"request_id": frame[id_col].to_numpy(np.int64), "timestamp": frame[time_col].reset_index(drop=True)}
    )
    log["model_version"] = str(model_version)
    log["config_hash"] = str(config_hash)
    for f in features:
        log[f"in__{f}"] = frame[f].reset_index(drop=True)
    log["score"] = scores
    log["output"] = (scores >= threshold) & ~error
    log["error"] = error
    log["latency_ms"] = latency
    return log


def feature_skew(served: pd.DataFrame, recomputed: pd.DataFrame, *, features: Sequence[str]) -> pd.DataFrame:
    """Training-serving skew: compare the features a service logged with the same features recomputed offline.

    ``served`` holds the features as the online service computed and logged
    them; ``recomputed`` the same rows (same index) with the features computed
    again from the raw events by the training pipeline's code. One row per
    feature: ``rows``, ``rows_differing``, ``share_differing`` and, for
    numeric features, ``typical_difference`` (the median of served minus
    recomputed over the rows that differ) and ``largest_difference`` (the
    largest absolute difference); categorical features get NaN there. A
    missing value on one side only counts as a difference.

    Parameters
    ----------
    served : pandas.DataFrame
        The features as logged (not empty).
    recomputed : pandas.DataFrame
        The same rows, same index, features recomputed offline.
    features : sequence of str
        The features to compare (a non-empty list; both frames must hold them).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``feature``: ``rows``, ``rows_differing``, ``share_differing``, ``typical_difference``,
        ``largest_difference``.

    Examples
    --------
    >>> a = pd.DataFrame({"hour": [1, 2, 3, 4], "channel": ["web", "app", "pos", "web"]})
    >>> b = pd.DataFrame({"hour": [1, 2, 5, 6], "channel": ["web", "app", "pos", "app"]})
    >>> feature_skew(a, b, features=["hour", "channel"])["share_differing"].tolist()
    [0.5, 0.25]
    >>> feature_skew(a, b, features=["hour"]).loc["hour", ["typical_difference", "largest_difference"]].tolist()
    [-2.0, 2.0]
    """
    if isinstance(features, str) or not len(features):
        raise TypeError("features must be a non-empty list of column names")
    features = list(features)
    check_columns(served, features, name="served")
    check_columns(recomputed, features, name="recomputed")
    _nonempty(served, "served")
    if len(served) != len(recomputed) or not served.index.equals(recomputed.index):
        raise ValueError("served and recomputed must hold the same rows (same length and index)")
    rows = []
    for name in features:
        a, b = served[name], recomputed[name]
        both_missing = a.isna() & b.isna()
        differs = ((a != b) & ~both_missing).to_numpy()
        typical = largest = np.nan
        if pd.api.types.is_numeric_dtype(a) and pd.api.types.is_numeric_dtype(b) and not pd.api.types.is_bool_dtype(a):
            diff = (a.astype(float) - b.astype(float)).to_numpy()[differs]
            diff = diff[np.isfinite(diff)]
            if len(diff):
                typical, largest = float(np.median(diff)), float(np.abs(diff).max())
        rows.append(
            {
                "feature": name,
                "rows": len(served),
                "rows_differing": int(differs.sum()),
                "share_differing": float(differs.mean()),
                "typical_difference": typical,
                "largest_difference": largest,
            }
        )
    return pd.DataFrame(rows).set_index("feature")


def check_prediction_log(log: pd.DataFrame) -> None:
    """Raise ``ValueError`` naming what a prediction log lacks (columns, inputs, rows).

    Parameters
    ----------
    log : pandas.DataFrame
        The log to check: not empty, with the columns of :data:`PREDICTION_LOG_SCHEMA` and at least one
        ``in__<feature>`` column. Returns None when it passes.

    Examples
    --------
    >>> traffic = pd.DataFrame({"transaction_id": [1, 2, 3],
    ...     "timestamp": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 10:01", "2024-01-01 10:02"], utc=True),
    ...     "amount": [20.0, 900.0, 450.0], "latency_ms": [40.0, 35.0, 400.0], "model_error": [False, False, False]})
    >>> log = prediction_log(traffic, traffic["amount"] / 1000, features=["amount"], threshold=0.4,
    ...                      model_version="m1", config_hash="c1", timeout_ms=300)
    >>> check_prediction_log(log)
    >>> check_prediction_log(log.drop(columns="in__amount"))
    Traceback (most recent call last):
    ...
    ValueError: log has no input columns (in__<feature>): a prediction cannot be reproduced without them
    """
    _nonempty(log, "log")
    check_columns(log, _REQUIRED_LOG, name="log")
    if not any(c.startswith("in__") for c in log.columns):
        raise ValueError("log has no input columns (in__<feature>): a prediction cannot be reproduced without them")


def write_prediction_log(log: pd.DataFrame, path) -> Path:
    """Write the log to Parquet (types, categories and time zones survive the round trip).

    Parameters
    ----------
    log : pandas.DataFrame
        A prediction log; it is checked first (:func:`check_prediction_log`).
    path : str or pathlib.Path
        The file to write; missing parent folders are created.

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> import os
    >>> import tempfile
    >>> traffic = pd.DataFrame({"transaction_id": [1, 2, 3],
    ...     "timestamp": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 10:01", "2024-01-01 10:02"], utc=True),
    ...     "amount": [20.0, 900.0, 450.0], "latency_ms": [40.0, 35.0, 400.0], "model_error": [False, False, False]})
    >>> log = prediction_log(traffic, traffic["amount"] / 1000, features=["amount"], threshold=0.4,
    ...                      model_version="m1", config_hash="c1", timeout_ms=300)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_prediction_log(log, os.path.join(folder, "logs", "day1.parquet"))
    ...     read_prediction_log(path).equals(log)
    True
    """
    check_prediction_log(log)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    log.to_parquet(path, index=False)
    return path


def read_prediction_log(path) -> pd.DataFrame:
    """Read a prediction log written by :func:`write_prediction_log`, and check it.

    Parameters
    ----------
    path : str or pathlib.Path
        The Parquet file; a missing file raises ``FileNotFoundError``.

    Returns
    -------
    pandas.DataFrame
        The log, with its types and time zones as written.

    Examples
    --------
    >>> import os
    >>> import tempfile
    >>> traffic = pd.DataFrame({"transaction_id": [1, 2, 3],
    ...     "timestamp": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 10:01", "2024-01-01 10:02"], utc=True),
    ...     "amount": [20.0, 900.0, 450.0], "latency_ms": [40.0, 35.0, 400.0], "model_error": [False, False, False]})
    >>> log = prediction_log(traffic, traffic["amount"] / 1000, features=["amount"], threshold=0.4,
    ...                      model_version="m1", config_hash="c1", timeout_ms=300)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     back = read_prediction_log(write_prediction_log(log, os.path.join(folder, "log.parquet")))
    >>> str(back["timestamp"].dt.tz), back["request_id"].tolist()
    ('UTC', [1, 2, 3])
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"prediction log {path} does not exist")
    log = pd.read_parquet(path)
    check_prediction_log(log)
    return log


@dataclass(frozen=True)
class Reproduction:
    """A logged prediction recomputed from its inputs and its model artefact.

    Built by :func:`reproduce_prediction`; :attr:`exact` says whether the two scores are equal.

    Parameters
    ----------
    request_id : int
        The request.
    model_version : str
        The model version the log names.
    logged_score, recomputed_score : float
        The score served, and the score recomputed now.
    inputs : dict, default {}
        The logged inputs (feature -> value).

    Examples
    --------
    >>> r = Reproduction(7, "m1", 0.25, 0.2500001, {"amount": 250.0})
    >>> r
    Reproduction(request 7, model m1: logged 0.25, recomputed 0.2500001, MISMATCH)
    >>> r.to_frame()["value"].tolist()
    [7, 'm1', 0.25, 0.2500001, False, 250.0]
    """

    request_id: int
    model_version: str
    logged_score: float
    recomputed_score: float
    inputs: dict = field(default_factory=dict)

    @property
    def exact(self) -> bool:
        return self.logged_score == self.recomputed_score

    def __repr__(self) -> str:
        return (
            f"Reproduction(request {self.request_id}, model {self.model_version}: logged "
            f"{self.logged_score!r}, recomputed {self.recomputed_score!r}, "
            f"{'exact match' if self.exact else 'MISMATCH'})"
        )

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "value": pd.Series(
                    {
                        "request_id": self.request_id,
                        "model_version": self.model_version,
                        "logged_score": self.logged_score,
                        "recomputed_score": self.recomputed_score,
                        "exact": self.exact,
                        **{f"input:{k}": v for k, v in self.inputs.items()},
                    },
                    dtype=object,
                )
            }
        )


def reproduce_prediction(
    log: pd.DataFrame,
    request_id: int,
    *,
    load_model: Callable[[str], object],
    score: Callable[[object, pd.DataFrame], np.ndarray],
) -> Reproduction:
    """Recompute the logged score of ``request_id`` from the logged inputs and the versioned model.

    ``load_model(version)`` returns the artefact for a logged
    ``model_version`` (for example :meth:`aipm_kit.versioning.ModelRegistry.load`);
    ``score(model, inputs)`` scores a one-row frame of inputs.

    Parameters
    ----------
    log : pandas.DataFrame
        A prediction log (checked with :func:`check_prediction_log`).
    request_id : int
        The request to recompute; it must be in the log (its first row is used).
    load_model : callable
        ``load_model(model_version) -> model``.
    score : callable
        ``score(model, inputs) -> array of scores`` for a one-row frame of the logged inputs (named without
        the ``in__`` prefix).

    Returns
    -------
    Reproduction
        The logged and the recomputed score, and the inputs.

    Examples
    --------
    >>> traffic = pd.DataFrame({"transaction_id": [1, 2, 3],
    ...     "timestamp": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 10:01", "2024-01-01 10:02"], utc=True),
    ...     "amount": [20.0, 900.0, 450.0], "latency_ms": [40.0, 35.0, 400.0], "model_error": [False, False, False]})
    >>> log = prediction_log(traffic, traffic["amount"] / 1000, features=["amount"], threshold=0.4,
    ...                      model_version="m1", config_hash="c1", timeout_ms=300)
    >>> reproduce_prediction(log, 2, load_model=lambda version: 1000.0, score=lambda m, X: X["amount"] / m)
    Reproduction(request 2, model m1: logged 0.9, recomputed 0.9, exact match)
    """
    check_prediction_log(log)
    rows = log[log["request_id"] == request_id]
    if rows.empty:
        raise ValueError(f"request_id {request_id} is not in the log")
    row = rows.iloc[[0]]
    inputs = row[[c for c in log.columns if c.startswith("in__")]]
    inputs.columns = [c[len("in__") :] for c in inputs.columns]
    version = str(row["model_version"].iloc[0])
    model = load_model(version)
    recomputed = float(np.asarray(score(model, inputs.reset_index(drop=True)))[0])
    shown = {k: (v.item() if hasattr(v, "item") else v) for k, v in inputs.iloc[0].items()}
    return Reproduction(
        request_id=int(request_id),
        model_version=version,
        logged_score=float(row["score"].iloc[0]),
        recomputed_score=recomputed,
        inputs={k: json.loads(json.dumps(v, default=str)) for k, v in shown.items()},
    )
