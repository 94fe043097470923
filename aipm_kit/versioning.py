"""Know exactly what produced a prediction: data, model and config hashes, and diffs between versions.

Fingerprints that make a prediction and its evaluation reproducible:

* :func:`data_snapshot_hash`: the training data (values, column names and
  dtypes; row order matters);
* :func:`model_hash`: the fitted model artefact (its pickled bytes);
* :func:`config_hash`: the serving config (threshold, features, timeouts...);
* :func:`code_hash`: the evaluation code that measured it.

:class:`ModelRegistry` stores artefacts in a folder under their content hash
with a manifest of all three; :func:`diff_versions` lists what differs
between two manifests, and :func:`why_prediction_changed` answers the
support ticket "why did this customer's decision change?" by swapping one
ingredient at a time.

Data lineage records, for each training snapshot, its sources, the ordered
:class:`Transformation` steps that built it, its :class:`SignOff` and the model
versions trained on it (:class:`SnapshotLineage`); a :class:`LineageRecord`
answers the regulator's question "which data trained the model that made this
decision, and who approved it?" (:meth:`LineageRecord.trace`) and lists the
snapshots that were not signed off in full before training.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

import numpy as np
import pandas as pd

from ._checks import check_probability

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

    Examples
    --------
    >>> config_hash({"threshold": 0.5, "features": ["amount"]}) == config_hash({"features": ["amount"], "threshold": 0.5})
    True
    """
    if not isinstance(config, Mapping):
        raise TypeError(f"config must be a dict, got {type(config).__name__}")
    return _digest(json.dumps(_canonical(config), sort_keys=True, separators=(",", ":")).encode())


def data_snapshot_hash(frame: pd.DataFrame) -> str:
    """Hash of a data snapshot: values (row by row, index included), column names and dtypes.

    Any changed value, added row, renamed column or changed dtype changes the
    hash; the same data always gives the same hash.

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

    Examples
    --------
    >>> def f(x):
    ...     return x + 1
    >>> len(code_hash(f))
    12
    """
    import inspect

    try:
        source = inspect.getsource(func)
    except (TypeError, OSError):
        raise TypeError(f"cannot read the source of {func!r}: pass a function defined in a file or notebook") from None
    return _digest(source.encode())


def model_hash(model) -> str:
    """Hash of a fitted model's pickled bytes (the artefact you would deploy)."""
    return _digest(pickle.dumps(model, protocol=5))


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
        return {"version": self.version, "name": self.name, "config_hash": self.config_hash,
                "data_hash": self.data_hash, **{f"config.{k}": v for k, v in self.config.items()}}

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

    def save(self, model, *, name: str = "model", config: Mapping | None = None,
             data_hash: str | None = None) -> ModelVersion:
        """Store ``model`` (pickle) and its manifest; saving the same artefact twice is a no-op."""
        blob = pickle.dumps(model, protocol=5)
        version = _digest(blob)
        config = dict(config or {})
        entry = ModelVersion(version=version, name=str(name), config_hash=config_hash(config), data_hash=data_hash,
                             path=str(self.folder / f"{version}.pkl"), config=_canonical(config))
        Path(entry.path).write_bytes(blob)
        (self.folder / f"{version}.json").write_text(json.dumps(entry.manifest() | {"config": entry.config},
                                                                sort_keys=True, default=str))
        return entry

    def _manifest_path(self, version: str) -> Path:
        path = self.folder / f"{version}.json"
        if not path.exists():
            known = sorted(p.stem for p in self.folder.glob("*.json"))
            raise ValueError(f"model version {version!r} is not in the registry {self.folder}; known: {known}")
        return path

    def get(self, version: str) -> ModelVersion:
        data = json.loads(self._manifest_path(version).read_text())
        return ModelVersion(version=data["version"], name=data["name"], config_hash=data["config_hash"],
                            data_hash=data["data_hash"], path=str(self.folder / f"{version}.pkl"),
                            config=data["config"])

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


def diff_versions(before: Mapping, after: Mapping) -> pd.DataFrame:
    """Every key of two manifests (or configs, or input rows) with both values and whether it changed.

    Examples
    --------
    >>> diff_versions({"threshold": 0.5, "seed": 1}, {"threshold": 0.6, "seed": 1})["changed"].tolist()
    [False, True]
    """
    if not isinstance(before, Mapping) or not isinstance(after, Mapping):
        raise TypeError("before and after must be dicts (manifests, configs or input rows)")
    keys = sorted(set(before) | set(after), key=str)
    rows = []
    for k in keys:
        a, b = before.get(k, "<absent>"), after.get(k, "<absent>")
        rows.append({"key": k, "before": a, "after": b, "changed": bool(a != b)})
    return pd.DataFrame(rows, columns=["key", "before", "after", "changed"])


@dataclass(frozen=True)
class PredictionChange:
    """A decision change broken into steps: swap the model, then the inputs, then the threshold."""

    steps: pd.DataFrame
    input_changes: pd.DataFrame

    @property
    def decision_changed(self) -> bool:
        return bool(self.steps["decision"].iloc[0] != self.steps["decision"].iloc[-1])

    @property
    def main_cause(self) -> str:
        """The step with the largest effect: on the decision if one step flipped it, else on the score."""
        moves = self.steps.iloc[1:]
        flips = moves[moves["decision_flipped"]]
        if len(flips):
            return str(flips["step"].iloc[0])
        return str(moves.loc[moves["score_change"].abs().idxmax(), "step"])

    def to_frame(self) -> pd.DataFrame:
        return self.steps.copy()

    def __repr__(self) -> str:
        first, last = self.steps.iloc[0], self.steps.iloc[-1]
        return (f"PredictionChange(score {first.score:.4f} -> {last.score:.4f}, decision {bool(first.decision)} -> "
                f"{bool(last.decision)}; main cause: {self.main_cause})")


def why_prediction_changed(inputs_before: pd.DataFrame, inputs_after: pd.DataFrame, *, model_before, model_after,
                           threshold_before: float, threshold_after: float,
                           score: Callable[[object, pd.DataFrame], np.ndarray]) -> PredictionChange:
    """Explain a changed decision by changing one ingredient at a time.

    Starting from the old prediction (old model, old inputs, old threshold),
    the steps swap in the new model, then the new inputs, then the new
    threshold, scoring after each swap. The order is a convention (another
    order can split the change differently when ingredients interact);
    each step's ``score_change`` and ``decision_flipped`` show its share.

    Parameters
    ----------
    inputs_before, inputs_after : DataFrame
        One row each: the model inputs at the two predictions.
    model_before, model_after
        The two artefacts (for example from :meth:`ModelRegistry.load`).
    threshold_before, threshold_after : float
        The decision thresholds of the two configs.
    score : callable
        ``score(model, inputs)`` -> array of scores.
    """
    for name, frame in (("inputs_before", inputs_before), ("inputs_after", inputs_after)):
        if not isinstance(frame, pd.DataFrame) or len(frame) != 1:
            raise ValueError(f"{name} must be a one-row DataFrame of model inputs")
    if list(inputs_before.columns) != list(inputs_after.columns):
        raise ValueError(f"inputs_before and inputs_after have different columns: {list(inputs_before.columns)} vs "
                         f"{list(inputs_after.columns)}")
    tb = check_probability(threshold_before, "threshold_before")
    ta = check_probability(threshold_after, "threshold_after")
    plan = [("before (old model, old inputs, old threshold)", model_before, inputs_before, tb),
            ("swap in the new model", model_after, inputs_before, tb),
            ("swap in the new inputs", model_after, inputs_after, tb),
            ("swap in the new threshold", model_after, inputs_after, ta)]
    rows, prev_score, prev_dec = [], None, None
    for step, model, inputs, thr in plan:
        s = float(np.asarray(score(model, inputs.reset_index(drop=True)))[0])
        dec = bool(s >= thr)
        rows.append({"step": step, "score": s, "threshold": thr, "decision": dec,
                     "score_change": 0.0 if prev_score is None else s - prev_score,
                     "decision_flipped": False if prev_dec is None else dec != prev_dec})
        prev_score, prev_dec = s, dec
    a = {k: (v.item() if hasattr(v, "item") else v) for k, v in inputs_before.iloc[0].items()}
    b = {k: (v.item() if hasattr(v, "item") else v) for k, v in inputs_after.iloc[0].items()}
    return PredictionChange(steps=pd.DataFrame(rows), input_changes=diff_versions(a, b))


# --- data lineage: where a training snapshot came from, who signed it off, which steps built it -------------------

def _text(value, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must not be empty")
    return value.strip()


def _texts(values, name: str) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, (list, tuple)):
        raise TypeError(f"{name} must be a list or tuple of text, got {type(values).__name__}")
    out = tuple(_text(v, f"{name}[{i}]") for i, v in enumerate(values))
    if len(set(out)) != len(out):
        raise ValueError(f"{name} lists the same entry twice: {list(out)}")
    return out


def _when(value, name: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a date such as '2024-05-30', got {value!r}") from None
    if pd.isna(stamp):
        raise ValueError(f"{name} must be a date, got {value!r}")
    return stamp.tz_localize(None) if stamp.tzinfo is not None else stamp


@dataclass(frozen=True)
class Transformation:
    """One step that built a training snapshot, with its parameters (steps are kept in the order they ran).

    Examples
    --------
    >>> Transformation("sample rows", {"rows": 15000, "seed": 42}).describe()
    'sample rows (rows=15000, seed=42)'
    """

    step: str
    params: Mapping | None = None

    def __post_init__(self):
        object.__setattr__(self, "step", _text(self.step, "step"))
        params = {} if self.params is None else self.params
        if not isinstance(params, Mapping):
            raise TypeError(f"params must be a dict of the step's settings, got {type(params).__name__}")
        object.__setattr__(self, "params", _canonical(params))

    def describe(self) -> str:
        settings = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.step} ({settings})" if settings else self.step


@dataclass(frozen=True)
class SignOff:
    """A named person's approval of a snapshot's sources, on a date. It covers only the ``sources`` it lists."""

    approver: str
    approved_on: pd.Timestamp
    sources: tuple[str, ...]
    role: str = ""

    def __post_init__(self):
        object.__setattr__(self, "approver", _text(self.approver, "approver"))
        object.__setattr__(self, "approved_on", _when(self.approved_on, "approved_on"))
        object.__setattr__(self, "sources", _texts(self.sources, "sources"))
        if not isinstance(self.role, str):
            raise TypeError(f"role must be text, got {type(self.role).__name__}")


@dataclass(frozen=True)
class SnapshotLineage:
    """The lineage of one training snapshot: its sources, the ordered steps that built it, its sign-off and
    the model versions trained on it (on ``trained_on``).

    A snapshot is approved when a sign-off dated no later than ``trained_on`` covers every one of its
    sources; :attr:`status` says which condition fails otherwise.

    Examples
    --------
    >>> s = SnapshotLineage("snap-1", sources=["ledger", "chargebacks", "review tags"],
    ...                     transformations=[Transformation("select months", {"months": [4, 5]})],
    ...                     sign_off=SignOff("A. Analyst", "2024-05-30", sources=["ledger", "chargebacks"]),
    ...                     model_versions=["abc123"], trained_on="2024-06-01")
    >>> s.approved, s.status
    (False, 'not signed off: review tags')
    """

    snapshot_id: str
    sources: tuple[str, ...]
    transformations: tuple[Transformation, ...]
    sign_off: SignOff | None = None
    model_versions: tuple[str, ...] = ()
    trained_on: pd.Timestamp | None = None
    data_hash: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "snapshot_id", _text(self.snapshot_id, "snapshot_id"))
        object.__setattr__(self, "sources", _texts(self.sources, "sources"))
        if not self.sources:
            raise ValueError("sources must name at least one source of the snapshot")
        steps = self.transformations
        if isinstance(steps, (str, Transformation)) or not isinstance(steps, (list, tuple)):
            raise TypeError("transformations must be a list of Transformation, in the order they ran")
        for i, t in enumerate(steps):
            if not isinstance(t, Transformation):
                raise TypeError(f"transformations[{i}] must be a Transformation, got {type(t).__name__}")
        object.__setattr__(self, "transformations", tuple(steps))
        if self.sign_off is not None and not isinstance(self.sign_off, SignOff):
            raise TypeError(f"sign_off must be a SignOff or None, got {type(self.sign_off).__name__}")
        object.__setattr__(self, "model_versions", _texts(self.model_versions, "model_versions"))
        if self.trained_on is not None:
            object.__setattr__(self, "trained_on", _when(self.trained_on, "trained_on"))
        if self.model_versions and self.trained_on is None:
            raise ValueError("trained_on is needed when model_versions are linked: a sign-off counts only if it "
                             "came before training")
        if self.data_hash is not None:
            object.__setattr__(self, "data_hash", _text(self.data_hash, "data_hash"))

    @property
    def unsigned_sources(self) -> tuple[str, ...]:
        """The snapshot's sources no sign-off covers (all of them when there is no sign-off)."""
        covered = set() if self.sign_off is None else set(self.sign_off.sources)
        return tuple(s for s in self.sources if s not in covered)

    @property
    def signed_late(self) -> bool:
        """True when the sign-off is dated after the models were trained on the snapshot."""
        return bool(self.sign_off is not None and self.trained_on is not None
                    and self.sign_off.approved_on > self.trained_on)

    @property
    def approved(self) -> bool:
        return self.sign_off is not None and not self.unsigned_sources and not self.signed_late

    @property
    def status(self) -> str:
        if self.sign_off is None:
            return "no sign-off"
        if self.unsigned_sources:
            return "not signed off: " + ", ".join(self.unsigned_sources)
        if self.signed_late:
            return f"signed off after training ({self.sign_off.approved_on:%Y-%m-%d} > {self.trained_on:%Y-%m-%d})"
        return "approved"

    @property
    def approved_by(self) -> str | None:
        """Who approved the whole snapshot, or None when it is not approved (see :attr:`status`)."""
        return self.sign_off.approver if self.approved else None

    def to_frame(self) -> pd.DataFrame:
        """The steps that built the snapshot, in order, with their parameters."""
        return pd.DataFrame({"step": [t.step for t in self.transformations],
                             "parameters": [", ".join(f"{k}={v}" for k, v in t.params.items())
                                            for t in self.transformations]},
                            index=pd.RangeIndex(1, len(self.transformations) + 1, name="order"))


@dataclass(frozen=True)
class DecisionLineage:
    """The answer to "which data trained the model that made this decision, and who approved it?"."""

    decision: dict
    snapshot: SnapshotLineage

    @property
    def approved_by(self) -> str | None:
        return self.snapshot.approved_by

    def to_frame(self) -> pd.DataFrame:
        s, d = self.snapshot, self.decision
        signer = "nobody" if s.sign_off is None else (
            f"{s.sign_off.approver}{f' ({s.sign_off.role})' if s.sign_off.role else ''} on "
            f"{s.sign_off.approved_on:%Y-%m-%d}, covering: {', '.join(s.sign_off.sources)}")
        rows = {"decision": ", ".join(f"{k}={v}" for k, v in d.items()),
                "model version": str(d["model_version"]),
                "trained on snapshot": f"{s.snapshot_id} (data hash {s.data_hash or 'not recorded'})",
                "trained on (date)": "not recorded" if s.trained_on is None else f"{s.trained_on:%Y-%m-%d}",
                "sources": ", ".join(s.sources),
                "steps, in order": "; ".join(t.describe() for t in s.transformations),
                "signed off by": signer,
                "status": s.status}
        return pd.DataFrame({"answer": pd.Series(rows, dtype=object)}).rename_axis("question")


@dataclass(frozen=True)
class LineageRecord:
    """Every training snapshot's lineage, linked to the model versions trained on it.

    Examples
    --------
    >>> snap = SnapshotLineage("snap-1", sources=["ledger"], transformations=[Transformation("select months")],
    ...                        sign_off=SignOff("A. Analyst", "2024-02-28", sources=["ledger"]),
    ...                        model_versions=["v-abc"], trained_on="2024-03-01")
    >>> record = LineageRecord([snap])
    >>> record.snapshot_of("v-abc").approved_by
    'A. Analyst'
    """

    snapshots: tuple[SnapshotLineage, ...]

    def __post_init__(self):
        snaps = self.snapshots
        if isinstance(snaps, SnapshotLineage) or not isinstance(snaps, (list, tuple)):
            raise TypeError("snapshots must be a list of SnapshotLineage")
        for i, s in enumerate(snaps):
            if not isinstance(s, SnapshotLineage):
                raise TypeError(f"snapshots[{i}] must be a SnapshotLineage, got {type(s).__name__}")
        ids = [s.snapshot_id for s in snaps]
        if len(set(ids)) != len(ids):
            raise ValueError(f"snapshots holds the same snapshot_id twice: {ids}")
        owners: dict[str, str] = {}
        for s in snaps:
            for v in s.model_versions:
                if v in owners:
                    raise ValueError(f"model_version {v!r} is linked to two snapshots ({owners[v]} and "
                                     f"{s.snapshot_id}); a model is trained on one snapshot")
                owners[v] = s.snapshot_id
        object.__setattr__(self, "snapshots", tuple(snaps))

    def snapshot_of(self, model_version: str) -> SnapshotLineage:
        """The snapshot the model version was trained on."""
        for s in self.snapshots:
            if model_version in s.model_versions:
                return s
        known = [v for s in self.snapshots for v in s.model_versions]
        raise ValueError(f"model_version {model_version!r} is in no lineage record; known versions: {known}")

    def unapproved(self) -> tuple[SnapshotLineage, ...]:
        """Snapshots not approved in full before training (see :attr:`SnapshotLineage.status`)."""
        return tuple(s for s in self.snapshots if not s.approved)

    def trace(self, decisions: pd.DataFrame, decision_id) -> DecisionLineage:
        """Follow one logged decision (a row of ``decisions`` with ``decision_id`` and ``model_version``
        columns) to the snapshot its model was trained on."""
        if not isinstance(decisions, pd.DataFrame):
            raise TypeError(f"decisions must be a DataFrame (the decision log), got {type(decisions).__name__}")
        missing = [c for c in ("decision_id", "model_version") if c not in decisions.columns]
        if missing:
            raise ValueError(f"decisions is missing column(s) {missing}: the log must say which model decided")
        rows = decisions[decisions["decision_id"] == decision_id]
        if len(rows) != 1:
            found = "is not in" if rows.empty else "appears more than once in"
            raise ValueError(f"decision_id {decision_id!r} {found} the decision log")
        row = {k: (v.item() if hasattr(v, "item") else v) for k, v in rows.iloc[0].items()}
        return DecisionLineage(decision=row, snapshot=self.snapshot_of(str(row["model_version"])))

    def to_frame(self) -> pd.DataFrame:
        """One row per snapshot: sources, steps, sign-off, models trained on it and its status."""
        rows = [{"snapshot": s.snapshot_id, "data_hash": s.data_hash, "sources": ", ".join(s.sources),
                 "steps": len(s.transformations),
                 "signed_off_by": None if s.sign_off is None else s.sign_off.approver,
                 "signed_off_on": None if s.sign_off is None else s.sign_off.approved_on,
                 "sign_off_covers": "" if s.sign_off is None else ", ".join(s.sign_off.sources),
                 "trained_on": s.trained_on, "model_versions": ", ".join(s.model_versions), "status": s.status}
                for s in self.snapshots]
        return pd.DataFrame(rows).set_index("snapshot")
