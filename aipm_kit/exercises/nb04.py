"""Exercises for notebook 04 (iterate, retrain, retire).

Every expected answer is computed from the objects the notebook passes to the ``bind_*``
functions, so it follows the notebook's parameters and seed. The two decision exercises take a
function the notebook defines (``monitor_gate`` and ``cadence_evidence``) and re-run it on the
learner's choice, so any answer consistent with the evidence it produces is accepted.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from . import choice, custom, numeric

VERDICTS = ("GO", "NO-GO", "NOT YET")


def bind_monitor(*, reference, current, column: str, kit_psi: float, monitor_gate: Callable, alert_line: float):
    """Exercises 1 and 2: PSI of one categorical feature by hand; the monitor's alert line and gate 4a.

    Parameters
    ----------
    reference, current : Series
        The feature in the reference months and in the month compared with them.
    column : str
        The feature's name (for the prompt).
    kit_psi : float
        ``drift.psi`` of the two (what the drift report shows).
    monitor_gate : callable
        ``monitor_gate(line)`` returns gate 4a taken at PSI alert ``line`` on the replayed streams.
    alert_line : float
        The line the notebook takes gate 4a at.
    """
    ref = reference.value_counts(normalize=True)
    cur = current.value_counts(normalize=True).reindex(ref.index, fill_value=0.0)
    kl_only = float((cur * np.log(cur / ref)).sum())
    q1 = numeric(
        "1 · PSI by hand for one feature",
        f"Compute the PSI of `{column}` between the reference months and month 6 yourself, in a few lines of "
        "pandas: the share of each level in both, then the sum over levels of (current share - reference share) "
        "x ln(current share / reference share). Then compare it with the kit's "
        f"`report.result('{column}', 'psi').value`.",
        kit_psi, atol=0.0005,
        hints=["`series.value_counts(normalize=True)` gives each level's share; align the two with `reindex`.",
               "`((cur - ref) * np.log(cur / ref)).sum()`, with natural logarithms."],
        solution=f"`ref = reference['{column}'].value_counts(normalize=True)`, `cur = ...reindex(ref.index)`, "
                 f"`((cur - ref) * np.log(cur / ref)).sum()` = {kit_psi:.4f}, the kit's number: for a categorical "
                 "feature with every level present in both windows there is nothing more to PSI than this "
                 "(numeric features are first cut into bins at the reference's deciles).",
        wrong_answers=[(kit_psi / math.log(10), "That uses base-10 logarithms; PSI uses natural ones (`np.log`)."),
                       (kl_only, "That is only one direction of the divergence (current x ln(current/reference)); "
                                 "PSI weighs the difference of the shares, which makes it symmetric.")],
        practice="by-hand",
    )

    verdict_at = {}

    def verdict(line: float) -> str:
        key = round(float(line), 6)
        if key not in verdict_at:
            verdict_at[key] = monitor_gate(key)
        return verdict_at[key].verdict

    def explain(line: float) -> str:
        verdict(line)
        gate = verdict_at[round(float(line), 6)]
        return "; ".join(f"{c.name}: {c.value} [{c.interval}] -> {c.status}" for c in gate.criteria)

    def check_line(answer):
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            return False, "Answer with a pair: `(line, verdict)`, for example `(0.15, \"GO\")`."
        line, said = answer
        line = float(line)
        if not 0 < line < 5:
            return False, "A PSI alert line is a positive number, usually between 0.05 and 0.5."
        said = str(said).strip().upper()
        if said not in VERDICTS:
            return False, f"The verdict is one of {', '.join(VERDICTS)}."
        actual = verdict(line)
        if said == actual:
            return True, (f"At PSI {line:g} gate 4a is {actual}, as you say ({explain(line)}). Whether that line "
                          "is the one to run is your call: a lower line alarms sooner, a higher one more rarely.")
        return False, (f"At PSI {line:g} gate 4a is {actual}, not {said}: {explain(line)}. Re-run "
                       f"`monitor_gate({line:g})` and read which criterion moved.")

    lines = sorted({0.1, 0.15, round(float(alert_line), 6), 0.25, 0.3})

    def row(x: float) -> str:
        verdict(x)
        detect, alarms = verdict_at[round(float(x), 6)].criteria[:2]
        return f"PSI {x:g}: {verdict(x)} (flagged in time {detect.value}, false alarms {alarms.value})"

    table = "; ".join(row(x) for x in lines)
    q2 = custom(
        "2 · Set the monitor's alert line and take gate 4a again",
        f"Gate 4a is taken at PSI {alert_line:g} (the kit's major band). Choose another alert line (the moderate "
        "band `drift.PSI_MODERATE`, a line between the bands, or a stricter one above the major band), re-run "
        "`monitor_gate(line)` on the replayed streams and answer `(line, verdict)`. Which criterion moves as the "
        "line goes up, and why?",
        check_line,
        hints=["`monitor_gate(0.1)` takes the gate at the moderate band; `.verdict` holds the word.",
               "A higher line needs a bigger weekly PSI: the simulated quiet weeks stay far below the lines, but "
               "the first weeks after the shift may not reach a high line within two weeks."],
        solution=f"For example `monitor_gate(0.1).verdict`. On these streams: {table}. A higher line needs a bigger "
                 "weekly PSI, so it flags the shift later (the week the shift starts in holds only a few shifted days) and, "
                 "past some line, not within two weeks; a lower line flags sooner. On these simulated streams the "
                 "quiet weeks stay far below every line tried, so the false-alarm criterion barely moves; on real "
                 "traffic with seasons (section 2) a lower line would also ring more often. The verdict flips where "
                 "one of the two criteria's intervals crosses its bar; read which one above.",
        practice="decision",
    )
    return q1, q2


def bind_traps(*, ks_full, psi_full, pair: str = "January against February"):
    """Exercise 3: a tiny p-value on a huge sample against a tiny PSI (``pair`` names the two months compared)."""
    from ..drift import PSI_MODERATE

    act = psi_full.value >= PSI_MODERATE
    correct = "a" if act else "b"
    return choice(
        "3 · Act on a tiny p-value?",
        f"{pair} departure delays: KS p = {ks_full.p_value:.2g} on {ks_full.n_reference:,} "
        f"and {ks_full.n_current:,} rows, PSI = {psi_full.value:.4f}. Should the team treat this as drift "
        "and retrain?",
        {"a": "yes: p < 0.05 means the distribution changed enough to act",
         "b": "no: the shift is tiny (PSI in the stable band); with this many rows any difference is significant",
         "c": "cannot say without a bigger sample"},
        correct,
        hints=["What does the p-value measure, and how does it behave as the sample grows?",
               "Look at the size of the change: KS's D and the PSI, against their thresholds."],
        solution=(f"`{correct}`. KS's D = {ks_full.value:.3f} (a gap of {100 * ks_full.value:.1f} points between "
                  f"the cumulative shares) and PSI = {psi_full.value:.4f} say the distributions are nearly the same; "
                  "the p-value is small only because the samples are huge. Monitor distances with thresholds, "
                  "not p-values."),
        feedback={"a": "A p-value shrinks with sample size for any fixed difference, however small; it does not "
                       "measure how big the change is.",
                  "c": "The sample is already huge: that is exactly why the p-value is tiny."} if not act else
                 {"b": "Here the PSI itself reaches the moderate band: the shift is not tiny."},
    )


def bind_cadence(*, cadence_evidence: Callable, retrain_cost: float):
    """Exercise 4: choose a retraining schedule at another per-retrain cost, defended on the paired intervals.

    ``cadence_evidence(cost)`` returns ``(table, rule's choice, retraining choice)``; the table has one row per
    ``retrain_every`` ("never", "3", "2", "1") with ``net_value_per_month``, ``net_value_low``,
    ``net_value_high`` (over never, 95% paired) and ``beaten_by`` (schedules that beat it on the whole interval).
    """
    table, rule_choice, _ = cadence_evidence(retrain_cost)
    table = table.set_index("retrain_every")
    names = {"never": "never", "1": "monthly", "2": "every 2 months", "3": "every 3 months"}

    def describe(key: str) -> str:
        row = table.loc[key]
        if key == "never":
            return "never retraining (the comparison: net 0)"
        return (f"{names[key]}: net {row['net_value_per_month']:+,.0f} dollars a month over never "
                f"(95% paired {row['net_value_low']:+,.0f} to {row['net_value_high']:+,.0f})")

    def check(answer):
        key = str(answer).strip().strip("'\"").lower()
        key = {"monthly": "1", "1.0": "1", "2.0": "2", "3.0": "3", "none": "never"}.get(key, key)
        if key not in table.index:
            return False, "Answer with one of 'never', '3', '2' or '1' (months between retrainings)."
        beaten = table.loc[key, "beaten_by"]
        if beaten != "none":
            return False, (f"{names[key].capitalize()} is beaten by {beaten} on the whole 95% paired interval at "
                           f"{retrain_cost:,.0f} dollars a retraining: {describe(key)}. A schedule another one "
                           "surely beats is not defensible.")
        note = ("the rule's pick (the cheapest schedule nobody beats)" if key == rule_choice else
                f"defensible (nobody beats it), though the stated rule would take the cheaper '{rule_choice}'")
        return True, f"{describe(key)}: {note}."

    solution_rows = "; ".join(f"{describe(k)}, beaten by {table.loc[k, 'beaten_by']}" for k in table.index)
    return custom(
        "4 · Choose a retraining schedule at another price",
        f"Suppose a retraining costs {retrain_cost:,.0f} dollars (labels bought in, a manual review of each "
        "release). Apply the stated rule yourself: turn each paired recall interval of section 3 "
        "(`recall_diff[(a, b)]`, b minus a, 95% paired bootstrap) into net dollars a month at this price (recall "
        "x `fraud_per_month` x `VALUE_PER_FRAUD_CAUGHT`, minus the cost of b's extra retrainings), rule out every "
        "schedule another one beats on the whole interval, and choose: 'never', '3', '2' or '1' (months between "
        "retrainings).",
        check,
        hints=["`retrains_per_month[b] - retrains_per_month[a]` retrainings a month are the extra cost of b over a.",
               "A schedule another one surely beats (the low end of b's net gain over it above zero) is out; among "
               "the rest, the notebook's rule takes the cheapest. `cadence_evidence(cost)` checks your table."],
        solution=f"`cadence_evidence({retrain_cost:,.0f})`: {solution_rows}. The rule picks '{rule_choice}'. Any "
                 "schedule nobody beats is defensible; what flips as the price rises is that the frequent schedules "
                 "pay the cost every month for a recall gain whose interval does not grow with it, so they drop out "
                 "first.",
        practice="decision",
    )


def bind_plan(*, rate_a: float, min_effect: float, alpha: float, power: float):
    """Exercise 5: by hand, the sample for half the minimum effect (the sample grows with 1 / effect squared)."""
    from .. import experiments

    half = -abs(min_effect) / 2
    needed = experiments.sample_size_per_arm(rate_a, -abs(min_effect), alpha=alpha, power=power)
    half_needed = experiments.sample_size_per_arm(rate_a, half, alpha=alpha, power=power)
    one_sided = experiments.sample_size_per_arm(rate_a, half, alpha=alpha, power=power, alternative="smaller")
    points = 100 * abs(half)
    return numeric(
        "5 · Plan for a smaller minimum effect, by hand",
        f"The conversion guardrail alone needs {needed:,} visitors per arm to catch a {100 * abs(min_effect):g}-point "
        f"fall. Before the next test the team decides a {points:g}-point fall must not be missed. Work it out by "
        "hand in a line or two of numpy: per arm, n is about 2 (z_(1 - alpha/2) + z_power)^2 p (1 - p) / effect^2, "
        f"so it grows with 1 / effect squared (start from the incumbent's {rate_a:.2%}, two-sided, alpha = {alpha}, "
        f"power = {power}, or scale the plan you already have). How many visitors per arm? Then compare with "
        "`experiments.sample_size_per_arm`. A by-hand answer within 3% of the kit's is right.",
        float(half_needed), rtol=0.03, atol=0.5,
        hints=["Halve the effect: 1 / effect squared grows four times.",
               "`scipy.stats.norm.isf(alpha / 2) + scipy.stats.norm.ppf(power)` is the z sum; "
               f"the effect is {abs(half):g} as a share."],
        solution=f"`4 * {needed:,}` = {4 * needed:,}, or the formula with p = {rate_a:.4f}; the kit's exact plan, "
                 f"`experiments.sample_size_per_arm({rate_a:.4f}, {half:+g}, alpha={alpha}, power={power})`, is "
                 f"{half_needed:,} per arm, about {half_needed / needed:.1f} times the {needed:,} for "
                 f"{100 * abs(min_effect):g} points: halving the effect roughly quadruples the sample.",
        wrong_answers=[(float(2 * needed), "Halving the effect does not double the sample: it roughly quadruples it "
                                           "(the sample grows with 1 / effect squared)."),
                       (float(needed), f"That is the plan for {100 * abs(min_effect):g} points, not {points:g}."),
                       (float(one_sided), "That is the one-sided sample size; the test here is two-sided."),
                       (float(2 * half_needed), "That is both arms together; the question asks per arm.")],
        practice="by-hand",
        fmt="{:,.0f}",
    )


_NOBODY = {"", "none", "nobody", "no one", "noone", "no-one"}


def bind_lineage(*, record, decisions, decision_id: str, record_name: str = "record",
                 log_name: str = "decision_log"):
    """Exercise 6: answer the regulator from the lineage record: the snapshot behind a logged decision and who
    approved it (the person whose sign-off covered every source before training, or ``None``).

    Parameters
    ----------
    record : aipm_kit.versioning.LineageRecord
        The snapshots' lineage, linked to model versions.
    decisions : DataFrame
        The decision log (``decision_id``, ``model_version``, ...).
    decision_id : str
        The decision the regulator asks about.
    record_name, log_name : str
        What the notebook calls the record and the log (used in the prompt and hints).
    """
    answer = record.trace(decisions, decision_id)
    right = answer.snapshot
    version = str(answer.decision["model_version"])
    known = {s.snapshot_id: s for s in record.snapshots}

    def signed(s) -> str:
        if s.sign_off is None:
            return "nobody signed it off"
        return (f"{s.sign_off.approver} signed off {', '.join(s.sign_off.sources)} on "
                f"{s.sign_off.approved_on:%Y-%m-%d}")

    def check(reply):
        if not isinstance(reply, (tuple, list)) or len(reply) != 2:
            return False, "Answer with a pair: `(snapshot_id, approver)`, for example `(\"snap-2024-03\", \"A. Name\")`."
        snap, who = reply
        snap = str(snap).strip().strip("'\"")
        who = None if who is None or str(who).strip().lower() in _NOBODY else str(who).strip()
        if snap not in known:
            return False, f"{snap!r} is not a snapshot in the record; its snapshots are {sorted(known)}."
        if snap != right.snapshot_id:
            other = known[snap]
            return False, (f"{snap} trained model version(s) {', '.join(other.model_versions) or 'none'}, but the "
                           f"log says decision {decision_id} was made by version {version}: follow that version "
                           f"to the snapshot it was trained on (`{record_name}.snapshot_of(version)`).")
        if right.approved_by is None:
            if who is None:
                return True, (f"Right: {decision_id} was made by {version}, trained on {right.snapshot_id}, and "
                              f"nobody approved that data in full ({right.status}; {signed(right)}). Tell the "
                              "regulator exactly that, and what you will do about the model it trained.")
            if right.sign_off is not None and who.lower() == right.sign_off.approver.lower():
                return False, (f"{signed(right)}, but the snapshot also used {', '.join(right.unsigned_sources)}"
                               if right.unsigned_sources else f"{signed(right)}, after the model was trained") + (
                    ". A sign-off covers only the sources it lists, given before training: nobody approved the "
                    "data this model learned from. Answer `None`.")
            return False, f"{who} did not sign off {right.snapshot_id}: {signed(right)} ({right.status})."
        if who is None:
            return False, (f"{right.snapshot_id} was approved in full before training: {signed(right)}. Name the "
                           "approver.")
        if who.lower() != right.approved_by.lower():
            return False, f"{who} did not sign off {right.snapshot_id}: {signed(right)}."
        return True, f"Right: {decision_id} was made by {version}, trained on {right.snapshot_id}; {signed(right)}."

    return custom(
        "6 · Answer the regulator from the record",
        f"A regulator asks about logged decision `{decision_id}`: which training data produced the model that made "
        f"it, and who approved that data? Answer from the record, as an auditor would: the decision log "
        f"`{log_name}` and the lineage record `{record_name}`. Answer `(snapshot_id, approver)`, where the approver is the person whose sign-off covered every source of "
        "the snapshot before the model was trained on it, or `None` if no one's did.",
        check,
        hints=[f"`{record_name}.trace({log_name}, decision_id)` follows the log's `model_version` to its snapshot; "
               "`.to_frame()` shows the whole answer.",
               "Compare the snapshot's sources with the sources its sign-off lists, and the sign-off's date with "
               "the training date."],
        solution=f"`{record_name}.trace({log_name}, '{decision_id}').to_frame()`: version {version}, snapshot "
                 f"{right.snapshot_id} ({', '.join(right.sources)}); {signed(right)}; status: {right.status}. The "
                 f"answer is `('{right.snapshot_id}', {right.approved_by!r})`.",
        practice="reading",
    )
