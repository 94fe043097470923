"""Notebook 04's exercise checkers (exercise 6: the regulator's lineage question)."""

from __future__ import annotations

import pandas as pd

from aipm_kit import versioning as ver
from aipm_kit.exercises import ____, nb04


def _record(third_signed_in_full: bool = False):
    ledger, chargebacks, reviews = "ledger", "chargebacks", "review verdicts"
    steps = [ver.Transformation("select months", {"months": [1, 2]})]
    first = ver.SnapshotLineage("snap-a", sources=[ledger, chargebacks], transformations=steps,
                                sign_off=ver.SignOff("R. Okafor", "2024-02-28", [ledger, chargebacks]),
                                model_versions=["m1"], trained_on="2024-03-01")
    covers = [ledger, chargebacks, reviews] if third_signed_in_full else [ledger, chargebacks]
    third = ver.SnapshotLineage("snap-c", sources=[ledger, chargebacks, reviews], transformations=steps,
                                sign_off=ver.SignOff("R. Okafor", "2024-07-29", covers),
                                model_versions=["m3"], trained_on="2024-08-01")
    log = pd.DataFrame({"decision_id": ["D-1", "D-2"], "model_version": ["m1", "m3"]})
    return ver.LineageRecord([first, third]), log


def test_lineage_exercise_accepts_the_snapshot_and_nobody_when_a_source_is_unsigned():
    record, log = _record()
    q = nb04.bind_lineage(record=record, decisions=log, decision_id="D-2")
    for nobody in (None, "nobody", "None", "no one", ""):
        assert q.check(("snap-c", nobody)), nobody
    # the partial signer is wrong, and the message says which source the sign-off missed
    wrong = q.check(("snap-c", "R. Okafor"))
    assert not wrong and "review verdicts" in wrong.message
    other = q.check(("snap-a", "R. Okafor"))
    assert not other and "m3" in other.message             # points to the version the log names
    assert not q.check(("snap-z", None)) and not q.check("snap-c")
    assert q.check(____).correct is None
    assert q.practice == "reading" and q.name.startswith("6 · ")


def test_lineage_exercise_names_the_approver_when_the_sign_off_covers_everything():
    record, log = _record(third_signed_in_full=True)
    q = nb04.bind_lineage(record=record, decisions=log, decision_id="D-2")
    assert q.check(("snap-c", "R. Okafor")) and q.check(("snap-c", "r. okafor "))
    assert not q.check(("snap-c", None)) and not q.check(("snap-c", "M. Alvarez"))
    q1 = nb04.bind_lineage(record=record, decisions=log, decision_id="D-1")
    assert q1.check(("snap-a", "R. Okafor")) and not q1.check(("snap-c", "R. Okafor"))
