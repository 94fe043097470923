"""The content keys that make reusing a log or a cached answer safe: a hash of each case, of the response source
and of each call, and :class:`ResponseCache`, the answers on disk by call."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from ..adapters import model_name
from ..cases import Case


def _digest(payload: Any) -> str:
    blob = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _source(model: Any) -> dict:
    """What produces the answers: the adapter, the model's name and its parameters."""
    return {"adapter": type(model).__name__, "model": model_name(model), "params": getattr(model, "params", {}) or {}}


def source_key(model: Any) -> str:
    """A short hash of the response source (adapter, model name, parameters such as the
    recording's digest or the endpoint URL): a resumed log must come from the same source.

    Parameters
    ----------
    model : callable
        A model adapter; its type name, :func:`~aipm_kit.evals.adapters.model_name` and
        ``params`` (if any) are hashed.

    Returns
    -------
    str
        The first 16 hexadecimal digits of a SHA-256.

    Examples
    --------
    >>> from aipm_kit.evals.adapters import from_function
    >>> cold = from_function(lambda q: "4", name="calc", params={"temperature": 0})
    >>> warm = from_function(lambda q: "4", name="calc", params={"temperature": 1})
    >>> len(source_key(cold)), source_key(cold) == source_key(warm)
    (16, False)
    """
    return _digest(_source(model))[:16]


def case_key(case: Case) -> str:
    """A short hash of everything a case says (id, input, expected, tags, metadata).

    Parameters
    ----------
    case : Case
        The case.

    Returns
    -------
    str
        The first 16 hexadecimal digits of a SHA-256 of the case's fields.

    Examples
    --------
    >>> from aipm_kit.evals.cases import make_cases
    >>> a, b = make_cases([{"id": "q", "input": "2+2?", "expected": "4"}, {"id": "r", "input": "2+2?", "expected": "5"}])
    >>> len(case_key(a)), case_key(a) == case_key(b)
    (16, False)
    """
    return _digest(case.to_dict())[:16]


def cache_key(model: Any, case: Case) -> str:
    """The content address of one call: a SHA-256 of the response source and the input.

    The cache holds answers, not scores: a hit is scored again against the case's current
    ``expected``, so the answer key is deliberately not part of the address. For a model that
    reads the whole case (``wants_case``), the case id is part of it.

    Parameters
    ----------
    model : callable
        The model adapter (as for :func:`source_key`).
    case : Case
        The case whose input is sent.

    Returns
    -------
    str
        64 hexadecimal digits.

    Examples
    --------
    >>> from aipm_kit.evals.adapters import from_function
    >>> from aipm_kit.evals.cases import make_cases
    >>> four, five = make_cases([{"id": "q", "input": "2+2?", "expected": "4"}, {"id": "r", "input": "2+2?", "expected": "5"}])
    >>> model = from_function(lambda q: "4", name="calc")
    >>> len(cache_key(model, four)), cache_key(model, four) == cache_key(model, five)  # same input, same answer
    (64, True)
    """
    payload = {"source": _source(model), "input": case.input}
    if getattr(model, "wants_case", False):
        payload["case_id"] = case.id
    return _digest(payload)


class ResponseCache:
    """Answers on disk, one JSON file per :func:`cache_key` (``folder=None``: no cache).

    A torn or malformed entry is a miss; entries are written atomically (temporary file, then
    rename). ``get(key)`` returns the stored dict (it must hold ``"text"``) or None;
    ``put(key, entry)`` stores one.

    Parameters
    ----------
    folder : str or pathlib.Path or None
        Folder of the cache, made if missing; None turns the cache off (every ``get`` misses,
        ``put`` does nothing).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     cache = ResponseCache(folder)
    ...     print(cache.get("ab12"))
    ...     cache.put("ab12", {"text": "4", "latency_s": 0.2})
    ...     print(cache.get("ab12"))
    None
    {'text': '4', 'latency_s': 0.2}
    """

    def __init__(self, folder: str | Path | None):
        self.folder = Path(folder) if folder is not None else None
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict | None:
        if self.folder is None:
            return None
        path = self._path(key)
        if not path.exists():
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError, OSError):
            return None  # a torn cache entry is a miss, not a crash
        return entry if isinstance(entry, dict) and "text" in entry else None

    def put(self, key: str, entry: dict) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
