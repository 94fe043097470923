"""Exercise 6: the lineage query over the decision log, and the version to roll back to."""

from __future__ import annotations

from .. import custom


def bind_lineage(*, record, decisions, record_name: str = "record", log_name: str = "decision_log"):
    """Exercise 6: the lineage query over the whole log. The learner counts the logged decisions made by a model
    trained on data nobody approved in full, and picks the version to roll back to while that data is reviewed.

    The count is right when it equals the number of logged decisions whose model version's snapshot is not
    approved (a sign-off that covers every source and is dated no later than the training date). Any version whose
    snapshot is approved in full is a defensible roll-back; the feedback names the most recently trained one.

    Parameters
    ----------
    record : aipm_kit.versioning.LineageRecord
        The snapshots' lineage, linked to model versions.
    decisions : DataFrame
        The decision log (``decision_id``, ``model_version``, ...).
    record_name, log_name : str
        What the notebook calls the record and the log (used in the prompt and hints).

    Returns
    -------
    Exercise
        ``q6``, a decision answered with ``(declines, version)``.

    Examples
    --------
    Two snapshots: ``snap-a`` signed off in full, ``snap-c`` using a source its sign-off does not list.

    >>> import pandas as pd
    >>> from aipm_kit import versioning as ver
    >>> steps = [ver.Transformation("select months", {"months": [1, 2]})]
    >>> snap_a = ver.SnapshotLineage("snap-a", sources=["ledger", "chargebacks"], transformations=steps,
    ...     sign_off=ver.SignOff("R. Okafor", "2024-02-28", ["ledger", "chargebacks"]), model_versions=["m1"],
    ...     trained_on="2024-03-01")
    >>> snap_c = ver.SnapshotLineage("snap-c", sources=["ledger", "chargebacks", "reviews"], transformations=steps,
    ...     sign_off=ver.SignOff("R. Okafor", "2024-07-29", ["ledger", "chargebacks"]), model_versions=["m3"],
    ...     trained_on="2024-08-01")
    >>> log = pd.DataFrame({"decision_id": ["D-1", "D-2", "D-3"], "model_version": ["m1", "m3", "m3"]})
    >>> q6 = bind_lineage(record=ver.LineageRecord([snap_a, snap_c]), decisions=log)
    >>> q6.check((2, "m1"))
    [6 · Which declines rest on unapproved data, and what serves instead?] Correct: Right: 2 of the 3 logged
    declines were made by m3, trained on snap-c (not signed off: reviews). m1 was trained on snap-a, approved in
    full by R. Okafor. Tell the regulator both: which declines rest on unapproved data, and what serves while
    that data is reviewed.
    >>> q6.check((2, "m3")).message
    'Your count is right, but m3 was trained on snap-c (not signed off: reviews): rolling back to it keeps the
    same problem.'
    """
    versions = decisions["model_version"].astype(str)
    snap_of = {v: record.snapshot_of(v) for v in versions.unique()}
    bad_versions = sorted(v for v, s in snap_of.items() if not s.approved)
    on_unapproved = int(versions.isin(bad_versions).sum())
    approved = {str(v): s for s in record.snapshots if s.approved for v in s.model_versions}
    latest = (
        max(approved, key=lambda v: (approved[v].trained_on is not None, approved[v].trained_on or 0))
        if approved
        else None
    )
    unapproved_snaps = [s for s in record.snapshots if not s.approved]

    def why_not(s) -> str:
        return f"{s.snapshot_id} ({s.status})"

    def check(reply):
        if not isinstance(reply, (tuple, list)) or len(reply) != 2:
            return False, 'Answer with a pair: `(declines, version)`, for example `(1200, "v-abc")`.'
        try:
            count = float(reply[0])
        except (TypeError, ValueError):
            return False, "The first part is a number of logged declines."
        version = None if reply[1] is None else str(reply[1]).strip().strip("'\"")
        if count != on_unapproved:
            if count == len(unapproved_snaps):
                return False, (
                    "That counts snapshots; the question counts the logged declines made by the models trained on them."
                )
            if count == len(decisions):
                return False, (
                    "That is every decision in the log; count only those made by a version whose "
                    "snapshot is not approved in full."
                )
            return False, (
                f"Not the count. For each `model_version` in `{log_name}`, follow "
                f"`{record_name}.snapshot_of(version)` and keep the versions whose snapshot is not "
                "approved in full (a sign-off must cover every source and be dated no later than the "
                "training date); then count their rows in the log."
            )
        if version is None or version not in {str(v) for s in record.snapshots for v in s.model_versions}:
            return False, (
                f"Your count is right. {version!r} is not a model version in the record; roll back to a "
                "version trained on a snapshot approved in full."
            )
        if version not in approved:
            return False, (
                f"Your count is right, but {version} was trained on {why_not(record.snapshot_of(version))}:"
                " rolling back to it keeps the same problem."
            )
        tail = (
            ""
            if version == latest
            else f" {latest} is trained later on data also approved in full, so it is the closer roll-back; "
            "yours is defensible if there is reason to doubt it."
        )
        return True, (
            f"Right: {on_unapproved:,} of the {len(decisions):,} logged declines were made by "
            f"{', '.join(bad_versions)}, trained on {'; '.join(why_not(s) for s in unapproved_snaps)}. "
            f"{version} was trained on {approved[version].snapshot_id}, approved in full by "
            f"{approved[version].approved_by}.{tail} Tell the regulator both: which declines rest on "
            "unapproved data, and what serves while that data is reviewed."
        )

    return custom(
        "6 · Which declines rest on unapproved data, and what serves instead?",
        "A regulator asks how many of the logged declines were made by a model trained on data nobody approved "
        "in full; a sign-off counts only for the sources it lists, and only if it is dated no later than the "
        "training date. Write the "
        f"query yourself from the decision log `{log_name}` and the lineage record `{record_name}`, then decide which "
        "model version to roll back to while that data is reviewed. Answer `(declines, version)`.",
        check,
        hints=[
            f"`{record_name}.snapshot_of(version)` gives the snapshot a version was trained on; compare its "
            "`sources` with `sign_off.sources`, and `sign_off.approved_on` with `trained_on` (or read its "
            "`.approved`).",
            f"Collect the versions whose snapshot is not approved, then `{log_name}['model_version'].isin(...)"
            ".sum()`. For the roll-back, which versions were trained on a snapshot approved in full?",
        ],
        solution=lambda: (
            f"Versions on unapproved data: {', '.join(bad_versions) or 'none'} "
            f"({'; '.join(why_not(s) for s in unapproved_snaps) or 'none'}); they made "
            f"{on_unapproved:,} of the {len(decisions):,} logged declines. Versions trained on data "
            f"approved in full: {', '.join(approved) or 'none'}; the latest is {latest}. Answer "
            f"`({on_unapproved}, '{latest}')`."
        ),
        practice="decision",
    )
