"""Exercises for notebook 03 (deploy with monitoring and rollback).

Every expected answer is computed from the objects the notebook passes to
:func:`bind`, so it follows the notebook's parameters and seed.
"""

from __future__ import annotations

import pandas as pd

from . import choice, numeric


def bind(*, shadow: pd.DataFrame, replay, incident_start, rollout, outcomes: pd.DataFrame,
         latency_rule: str):
    """Return ``q1, q2, q3, q4`` for notebook 03.

    Parameters
    ----------
    shadow : DataFrame
        :func:`aipm_kit.monitoring.shadow_comparison` output with models
        ``"rule"`` and ``"model"`` (earliest ``as_of`` first).
    replay : ReplayResult
        Rules replayed on the hourly metrics.
    incident_start : Timestamp
        When the planted serving incident began.
    rollout : RolloutResult
        With plans ``"staged"`` and ``"big bang"`` (and ``caught_stage``).
    outcomes : DataFrame
        :func:`aipm_kit.monitoring.rule_outcomes` output.
    latency_rule : str
        Name of the p95 latency rule.
    """
    first = shadow[shadow["as_of"] == shadow["as_of"].min()].set_index("model")
    last = shadow[shadow["as_of"] == shadow["as_of"].max()].set_index("model")
    early = float(first.loc["model", "precision_so_far"])
    final = float(last.loc["model", "precision_so_far"])
    gap = final - early

    q1 = numeric(
        "q1",
        "On the day the shadow month ends, the dashboard shows the candidate's precision on the chargebacks "
        "that have arrived so far. By how much (as a share, e.g. 0.25 for 25 points) does that early "
        "reading understate the same measurement once the chargebacks have matured (the last read-out)?",
        gap, atol=0.005,
        hints=["Use the first and the last `as_of` rows of the `shadow` table for the model.",
               "Both readings are `precision_so_far`; subtract the early one from the matured one."],
        solution=f"`precision_so_far` at the last read-out minus at the first: {final:.3f} - {early:.3f} = "
                 f"{gap:.3f}. Chargebacks that have not arrived yet count as legitimate, so every early "
                 "precision is too low, and on few labels the two models can even swap places.",
        wrong_answers=[(early, "That is the early reading itself; the question asks how far it is from the matured one."),
                       (final, "That is the matured reading; subtract the early reading from it."),
                       (-gap, "Right size, wrong sign: the early reading is *below* the matured one.")],
    )

    fired = replay.first_fire(latency_rule)
    if fired is None:
        raise ValueError(f"the rule {latency_rule!r} never fired: q2 needs it to fire")
    minutes = (pd.Timestamp(fired) - pd.Timestamp(incident_start)).total_seconds() / 60
    q2 = numeric(
        "q2",
        "How many minutes after the serving incident started did the p95 latency rule fire?",
        minutes, atol=0.5,
        hints=["`replay.first_fire(...)` gives the moment a rule fired; the incident start is in the "
               "scenario truth.",
               "A rule checks at the *end* of each hourly period, so the answer is a whole number of hours "
               "counted from the start of the incident, expressed in minutes."],
        solution=f"The rule fired at {fired}, {minutes:.0f} minutes after the incident began at "
                 f"{incident_start}: the first hourly check that saw the slow requests.",
        wrong_answers=[(0, "The rule cannot fire before an hour of data has been checked: the check runs at "
                           "the end of the period."),
                       (minutes / 60, "That is in hours; the question asks for minutes.")],
    )

    stages = rollout.caught_stage["staged"]
    at_first = float((stages == 1).mean())
    caught_any = float((stages > 0).mean())
    big_first = float((rollout.caught_stage["big bang"] == 1).mean())
    q3 = numeric(
        "q3",
        "In what share of the simulated runs (a number between 0 and 1) does the staged plan's first "
        "check, after the 5% stage, catch the bad model?",
        at_first, atol=0.01,
        hints=["`rollout.caught_stage` has one row per simulated run and one column per plan: the stage whose "
               "check caught the bad model (1 is the first), 0 when none did.",
               "Compare the staged column with 1 and take the mean."],
        solution=f"`(rollout.caught_stage['staged'] == 1).mean()` = {at_first:.3f}: the 5% stage serves so few "
                 "users that the test often cannot yet tell the bad model's decline rate from today's, so about "
                 "half the bad models reach the 25% stage before they are caught. That is why the exposure "
                 "histogram has two humps, and why a median summarises it badly.",
        wrong_answers=[(caught_any, "That is the share caught at *any* stage; the question asks about the first check."),
                       (big_first, "That is the big bang's first check, which sees everyone's traffic.")],
    )

    out = outcomes.set_index("rule")
    best = str(out["dollars_saved"].idxmax())
    options = {name: f"{row.action} rule, {row.firings} firing(s), net {row.dollars_saved:+,.0f} dollars"
               for name, row in out.iterrows()}
    feedback = {name: (f"`{name}` fired {row.firings} time(s) and its fallbacks come to "
                       f"{row.dollars_saved:+,.0f} dollars: less than `{best}`.")
                for name, row in out.iterrows() if name != best}
    feedback[best] = (f"`{best}` comes out best: {out.loc[best, 'dollars_saved']:+,.0f} dollars (a negative number is "
                      "money lost by switching off a better primary).")
    q4 = choice(
        "q4",
        "Replayed on the logged stream, which rule's fallbacks come out best in fraud dollars (the largest "
        "saving, or the smallest loss)?",
        options, best,
        hints=["Look at the `dollars_saved` column of `priced` (the outcomes table).",
               "A rule that fires on noise rolls back a model that was doing better than the fallback, so "
               "its dollars can be negative."],
        solution=f"`{best}` ({out.loc[best, 'dollars_saved']:+,.0f} dollars). Rules that fire often on thin data "
                 "switch the better model off for nothing and lose money; a rule on a signal with plenty of "
                 "volume fires rarely, when it matters, and its switch is judged on the failed checks it spares "
                 "as well as on dollars.",
        feedback=feedback,
    )
    return q1, q2, q3, q4
