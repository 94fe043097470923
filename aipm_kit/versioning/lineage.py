"""Data lineage: where a training snapshot came from, who signed it off, which steps built it.

:class:`SnapshotLineage` holds a snapshot's sources, its ordered :class:`Transformation` steps, its
:class:`SignOff` and the model versions trained on it; :class:`LineageRecord` follows a logged
decision back to its snapshot (:class:`DecisionLineage`) and lists the snapshots not approved in
full before training.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .fingerprints import _canonical


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

    ``describe()`` gives the step and its settings as one line of text.

    Parameters
    ----------
    step : str
        What the step did, in words; must be non-empty text (surrounding spaces are stripped).
    params : mapping, optional
        The step's settings (numbers, text, booleans, lists or dicts of them); stored in canonical
        form, keys sorted. Default: no settings.

    Examples
    --------
    >>> Transformation("sample rows", {"rows": 15000, "seed": 42}).describe()
    'sample rows (rows=15000, seed=42)'
    >>> Transformation("dedupe")
    Transformation(step='dedupe', params={})
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
    """A named person's approval of a snapshot's sources, on a date. It covers only the ``sources`` it lists.

    Parameters
    ----------
    approver : str
        Who approved, non-empty text.
    approved_on : str, date or Timestamp
        When, anything :class:`pandas.Timestamp` reads (``"2024-05-30"``); stored without a time
        zone. Text that is not a date raises ``ValueError``.
    sources : list or tuple of str
        The sources the approval covers, each non-empty and named once.
    role : str, default ""
        The approver's role, shown with the name.

    Examples
    --------
    >>> SignOff("A. Analyst", "2024-05-30", sources=["ledger"], role="risk lead")
    SignOff(approver='A. Analyst', approved_on=Timestamp('2024-05-30 00:00:00'), sources=('ledger',), role='risk lead')
    >>> SignOff("A. Analyst", "soon", sources=["ledger"])
    Traceback (most recent call last):
    ...
    ValueError: approved_on must be a date such as '2024-05-30', got 'soon'
    """

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
    sources; :attr:`status` says which condition fails otherwise. ``to_frame()`` lists the steps in
    order with their parameters.

    Parameters
    ----------
    snapshot_id : str
        The snapshot's name, non-empty text.
    sources : list or tuple of str
        Where the data came from: at least one, each named once.
    transformations : list or tuple of Transformation
        The steps that built the snapshot, in the order they ran (may be empty).
    sign_off : SignOff, optional
        The approval of the sources, if any.
    model_versions : list or tuple of str, default ()
        The model versions trained on the snapshot, each named once.
    trained_on : str, date or Timestamp, optional
        When the models were trained; required when ``model_versions`` is not empty (a sign-off
        counts only if it came no later).
    data_hash : str, optional
        The snapshot's :func:`~aipm_kit.versioning.fingerprints.data_snapshot_hash`, if recorded.

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
            raise ValueError(
                "trained_on is needed when model_versions are linked: a sign-off counts only if it came before training"
            )
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
        return bool(
            self.sign_off is not None and self.trained_on is not None and self.sign_off.approved_on > self.trained_on
        )

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
        return pd.DataFrame(
            {
                "step": [t.step for t in self.transformations],
                "parameters": [", ".join(f"{k}={v}" for k, v in t.params.items()) for t in self.transformations],
            },
            index=pd.RangeIndex(1, len(self.transformations) + 1, name="order"),
        )


@dataclass(frozen=True)
class DecisionLineage:
    """The answer to "which data trained the model that made this decision, and who approved it?".

    Made by :meth:`LineageRecord.trace`. ``approved_by`` is the snapshot's approver (None when it
    is not approved in full); ``to_frame()`` answers question by question.

    Parameters
    ----------
    decision : dict
        The logged decision's row, column -> value; it must hold ``model_version``.
    snapshot : SnapshotLineage
        The snapshot that model version was trained on.

    Examples
    --------
    >>> snap = SnapshotLineage("snap-1", sources=["ledger"], transformations=[Transformation("dedupe")],
    ...                        sign_off=SignOff("A. Analyst", "2024-05-30", sources=["ledger"]),
    ...                        model_versions=["v-abc"], trained_on="2024-06-01")
    >>> answer = DecisionLineage({"decision_id": 7, "model_version": "v-abc"}, snap)
    >>> answer.approved_by
    'A. Analyst'
    >>> answer.to_frame().loc[["trained on snapshot", "signed off by", "status"], "answer"].tolist()
    ['snap-1 (data hash not recorded)', 'A. Analyst on 2024-05-30, covering: ledger', 'approved']
    """

    decision: dict
    snapshot: SnapshotLineage

    @property
    def approved_by(self) -> str | None:
        return self.snapshot.approved_by

    def to_frame(self) -> pd.DataFrame:
        s, d = self.snapshot, self.decision
        signer = (
            "nobody"
            if s.sign_off is None
            else (
                f"{s.sign_off.approver}{f' ({s.sign_off.role})' if s.sign_off.role else ''} on "
                f"{s.sign_off.approved_on:%Y-%m-%d}, covering: {', '.join(s.sign_off.sources)}"
            )
        )
        rows = {
            "decision": ", ".join(f"{k}={v}" for k, v in d.items()),
            "model version": str(d["model_version"]),
            "trained on snapshot": f"{s.snapshot_id} (data hash {s.data_hash or 'not recorded'})",
            "trained on (date)": "not recorded" if s.trained_on is None else f"{s.trained_on:%Y-%m-%d}",
            "sources": ", ".join(s.sources),
            "steps, in order": "; ".join(t.describe() for t in s.transformations),
            "signed off by": signer,
            "status": s.status,
        }
        return pd.DataFrame({"answer": pd.Series(rows, dtype=object)}).rename_axis("question")


@dataclass(frozen=True)
class LineageRecord:
    """Every training snapshot's lineage, linked to the model versions trained on it.

    ``snapshot_of(model_version)`` finds the snapshot a model was trained on,
    ``trace(decisions, decision_id)`` follows one logged decision to it (a :class:`DecisionLineage`),
    ``unapproved()`` lists the snapshots not approved in full before training, and ``to_frame()``
    shows one row per snapshot.

    Parameters
    ----------
    snapshots : list or tuple of SnapshotLineage
        Every snapshot, each ``snapshot_id`` once; a model version may be linked to one snapshot
        only (``ValueError`` otherwise).

    Examples
    --------
    >>> snap = SnapshotLineage("snap-1", sources=["ledger"], transformations=[Transformation("select months")],
    ...                        sign_off=SignOff("A. Analyst", "2024-02-28", sources=["ledger"]),
    ...                        model_versions=["v-abc"], trained_on="2024-03-01")
    >>> record = LineageRecord([snap])
    >>> record.snapshot_of("v-abc").approved_by
    'A. Analyst'
    >>> log = pd.DataFrame({"decision_id": [7], "model_version": ["v-abc"], "decision": ["decline"]})
    >>> record.trace(log, 7).approved_by
    'A. Analyst'
    >>> record.unapproved()
    ()
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
                    raise ValueError(
                        f"model_version {v!r} is linked to two snapshots ({owners[v]} and "
                        f"{s.snapshot_id}); a model is trained on one snapshot"
                    )
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
        rows = [
            {
                "snapshot": s.snapshot_id,
                "data_hash": s.data_hash,
                "sources": ", ".join(s.sources),
                "steps": len(s.transformations),
                "signed_off_by": None if s.sign_off is None else s.sign_off.approver,
                "signed_off_on": None if s.sign_off is None else s.sign_off.approved_on,
                "sign_off_covers": "" if s.sign_off is None else ", ".join(s.sign_off.sources),
                "trained_on": s.trained_on,
                "model_versions": ", ".join(s.model_versions),
                "status": s.status,
            }
            for s in self.snapshots
        ]
        return pd.DataFrame(rows).set_index("snapshot")
