"""The model registry: artefacts stored under their content hash, each with a manifest.

:class:`ModelRegistry` saves, checks and loads artefacts; :class:`ModelVersion` is one registered
model with the config and data hashes it was built from.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .fingerprints import _canonical, _digest, config_hash


@dataclass(frozen=True)
class ModelVersion:
    """One registered model: its version (content hash) and what it was built from.

    Returned by :meth:`ModelRegistry.save` and :meth:`ModelRegistry.get`; ``manifest()`` gives its
    flat manifest (each config setting as ``config.<key>``) and ``to_frame()`` the same as a
    one-column frame.

    Parameters
    ----------
    version : str
        The artefact's content hash (the same as
        :func:`~aipm_kit.versioning.fingerprints.model_hash` of the saved object).
    name : str
        A readable name for the model.
    config_hash : str
        :func:`~aipm_kit.versioning.fingerprints.config_hash` of the serving config.
    data_hash : str or None
        The hash of the training data, if it was recorded.
    path : str
        Where the pickled artefact is stored.
    config : dict
        The serving config, in canonical form (keys sorted, tuples as lists).

    Examples
    --------
    >>> v = ModelVersion(version="add286831969", name="toy", config_hash="78223d46fdb1", data_hash=None,
    ...                  path="add286831969.pkl", config={"threshold": 0.5})
    >>> v.manifest()
    {'version': 'add286831969', 'name': 'toy', 'config_hash': '78223d46fdb1', 'data_hash': None, 'config.threshold': 0.5}
    """

    version: str
    name: str
    config_hash: str
    data_hash: str | None
    path: str
    config: dict

    def manifest(self) -> dict:
        return {
            "version": self.version,
            "name": self.name,
            "config_hash": self.config_hash,
            "data_hash": self.data_hash,
            **{f"config.{k}": v for k, v in self.config.items()},
        }

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"value": pd.Series(self.manifest(), dtype=object)})


class ModelRegistry:
    """A folder of model artefacts saved under their content hash, each with a JSON manifest.

    ``save(model, name=..., config=..., data_hash=...)`` writes ``<version>.pkl`` and
    ``<version>.json`` and returns a :class:`ModelVersion`; ``get(version)`` reads the manifest back;
    ``load(version)`` returns the artefact after checking its bytes still match the hash;
    ``versions()`` lists every manifest. An unknown version raises ``ValueError``.

    Parameters
    ----------
    folder : str or path-like
        Where the artefacts live; created (with its parents) if it does not exist.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     reg = ModelRegistry(folder)
    ...     v = reg.save({"weights": [1, 2]}, name="toy", config={"threshold": 0.5})
    ...     print(reg.load(v.version))
    ...     print(reg.versions()[["name", "config_hash", "config.threshold"]].to_string(index=False))
    {'weights': [1, 2]}
    name  config_hash  config.threshold
     toy 78223d46fdb1               0.5
    """

    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def save(
        self, model, *, name: str = "model", config: Mapping | None = None, data_hash: str | None = None
    ) -> ModelVersion:
        """Store ``model`` (pickle) and its manifest; saving the same artefact twice is a no-op."""
        blob = pickle.dumps(model, protocol=5)
        version = _digest(blob)
        config = dict(config or {})
        entry = ModelVersion(
            version=version,
            name=str(name),
            config_hash=config_hash(config),
            data_hash=data_hash,
            path=str(self.folder / f"{version}.pkl"),
            config=_canonical(config),
        )
        Path(entry.path).write_bytes(blob)
        (self.folder / f"{version}.json").write_text(
            json.dumps(entry.manifest() | {"config": entry.config}, sort_keys=True, default=str)
        )
        return entry

    def _manifest_path(self, version: str) -> Path:
        path = self.folder / f"{version}.json"
        if not path.exists():
            known = sorted(p.stem for p in self.folder.glob("*.json"))
            raise ValueError(f"model version {version!r} is not in the registry {self.folder}; known: {known}")
        return path

    def get(self, version: str) -> ModelVersion:
        data = json.loads(self._manifest_path(version).read_text())
        return ModelVersion(
            version=data["version"],
            name=data["name"],
            config_hash=data["config_hash"],
            data_hash=data["data_hash"],
            path=str(self.folder / f"{version}.pkl"),
            config=data["config"],
        )

    def load(self, version: str):
        """The artefact of ``version``, checked against its hash before it is returned."""
        self._manifest_path(version)
        blob = (self.folder / f"{version}.pkl").read_bytes()
        if _digest(blob) != version:
            raise ValueError(f"artefact {version}.pkl does not match its hash: the file was changed after saving")
        return pickle.loads(blob)  # noqa: S301 - our own artefacts, verified by hash above

    def versions(self) -> pd.DataFrame:
        rows = [self.get(p.stem).manifest() for p in sorted(self.folder.glob("*.json"))]
        return pd.DataFrame(rows)
