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
    """One registered model: its version (content hash) and what it was built from."""

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

    Examples
    --------
    >>> import tempfile
    >>> reg = ModelRegistry(tempfile.mkdtemp())
    >>> v = reg.save({"weights": [1, 2]}, name="toy", config={"threshold": 0.5})
    >>> reg.load(v.version)
    {'weights': [1, 2]}
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
