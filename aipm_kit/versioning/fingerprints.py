"""Fingerprints: short content hashes of what produced a prediction.

:func:`data_snapshot_hash` (the training data), :func:`model_hash` (the fitted artefact),
:func:`config_hash` (the serving config, whatever its key order) and :func:`code_hash` (the
evaluation code), all ``HASH_LENGTH`` hex characters of a SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Mapping

import numpy as np
import pandas as pd

HASH_LENGTH = 12


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def _canonical(value):
    """JSON-ready, order-independent form of a config value (numpy scalars and tuples included)."""
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and value != value:
        raise ValueError("config values must not be NaN: a NaN threshold is a bug, not a setting")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"config values must be numbers, text, booleans, lists or dicts; got {type(value).__name__}")


def config_hash(config: Mapping) -> str:
    """Hash of a serving config: the same settings give the same hash whatever the key order.

    The config is written as canonical JSON (keys sorted at every level, numpy scalars as plain
    numbers, tuples as lists) and hashed with SHA-256.

    Parameters
    ----------
    config : mapping
        The settings: numbers, text, booleans, None, and lists, tuples or dicts of them. Anything
        else raises ``TypeError``; a NaN raises ``ValueError``.

    Returns
    -------
    str
        The first ``HASH_LENGTH`` (12) hex characters of the SHA-256.

    Examples
    --------
    >>> config_hash({"threshold": 0.5, "features": ["amount"]}) == config_hash({"features": ["amount"], "threshold": 0.5})
    True
    >>> config_hash({"threshold": 0.5})
    '78223d46fdb1'
    >>> config_hash({"threshold": float("nan")})
    Traceback (most recent call last):
    ...
    ValueError: config values must not be NaN: a NaN threshold is a bug, not a setting
    """
    if not isinstance(config, Mapping):
        raise TypeError(f"config must be a dict, got {type(config).__name__}")
    return _digest(json.dumps(_canonical(config), sort_keys=True, separators=(",", ":")).encode())


def data_snapshot_hash(frame: pd.DataFrame) -> str:
    """Hash of a data snapshot: values (row by row, index included), column names and dtypes.

    Any changed value, added row, renamed column or changed dtype changes the
    hash; the same data always gives the same hash.

    Parameters
    ----------
    frame : DataFrame
        The snapshot (anything else raises ``TypeError``). Row order and the index count.

    Returns
    -------
    str
        The first ``HASH_LENGTH`` (12) hex characters of a SHA-256 over the column names, dtypes
        and pandas' row hashes.

    Examples
    --------
    >>> a = pd.DataFrame({"x": [1, 2]})
    >>> data_snapshot_hash(a) == data_snapshot_hash(a.copy()), data_snapshot_hash(a) == data_snapshot_hash(a.assign(x=[1, 3]))
    (True, False)
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    h = hashlib.sha256()
    h.update(json.dumps([[str(c), str(t)] for c, t in frame.dtypes.items()]).encode())
    h.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    return h.hexdigest()[:HASH_LENGTH]


def code_hash(func) -> str:
    """Hash of a function's source code (for example the evaluation code that scored a model).

    Two functions with the same source give the same hash; any edit to the
    code (even a comment) changes it. Raises ``TypeError`` when the source is
    not available (built-ins, code typed into an interactive prompt that was
    not saved).

    Parameters
    ----------
    func : callable
        A function (or class, method or module) whose source :func:`inspect.getsource` can read.

    Returns
    -------
    str
        The first ``HASH_LENGTH`` (12) hex characters of the SHA-256 of the source text.

    Examples
    --------
    >>> def f(x):
    ...     return x + 1
    >>> len(code_hash(f))
    12
    >>> code_hash(len)
    Traceback (most recent call last):
    ...
    TypeError: cannot read the source of <built-in function len>: pass a function defined in a file or notebook
    """
    import inspect

    try:
        source = inspect.getsource(func)
    except (TypeError, OSError):
        raise TypeError(f"cannot read the source of {func!r}: pass a function defined in a file or notebook") from None
    return _digest(source.encode())


def model_hash(model) -> str:
    """Hash of a fitted model's pickled bytes (the artefact you would deploy).

    The same object pickles to the same bytes on the same Python and library versions; any change
    to its fitted state changes the hash. :class:`~aipm_kit.versioning.registry.ModelRegistry` names its
    artefacts with the same hash.

    Parameters
    ----------
    model : object
        Anything :mod:`pickle` can serialise (protocol 5).

    Returns
    -------
    str
        The first ``HASH_LENGTH`` (12) hex characters of the SHA-256 of the pickled bytes.

    Examples
    --------
    >>> model_hash({"weights": [1, 2]}) == model_hash({"weights": [1, 2]})
    True
    >>> model_hash({"weights": [1, 2]}) == model_hash({"weights": [1, 3]})
    False
    """
    return _digest(pickle.dumps(model, protocol=5))
