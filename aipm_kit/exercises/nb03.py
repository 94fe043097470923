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
        With plans ``"staged"`` and ``"big bang"``.
    outcomes : DataFrame
        :func:`aipm_kit.monitoring.rule_outcomes` output.
    latency_rule : str
        Name of the p95 latency rule.
    """
    first = shadow[shadow["as_of"] == shadow["as_of"].min()].set_index("model")
    early = float(first.loc["model", "precision_so_far"])
    final = float(first.loc["model", "precision_true"])
    gap = final - early

    q1 = numeric(
        "q1",
        "On the day the shadow month ends, the dashboard shows the candidate's precision on the labels "
        "that have arrived so far. By how much (as a share, e.g. 0.25 for 25 points) does that early "
        "reading understate the candidate's final precision?",
        gap, atol=0.005,
        hints=["Use the first `as_of` rows of the `shadow` table for the model.",
               "Final precision is `precision_true`; the early reading is `precision_so_far`; subtract."],
        solution=f"`precision_true - precision_so_far` at the first read-out: {final:.3f} - {early:.3f} = "
                 f"{gap:.3f}. Chargebacks that have not arrived yet count as legitimate, so every early "
                 "precision is too low, and on few labels the two models can even swap places.",
        wrong_answers=[(early, "That is the early reading itself; the question asks how far it is from the final value."),
                       (final, "That is the final precision; subtract the early reading from it."),
                       (-gap, "Right size, wrong sign: the early reading is *below* the final value.")],
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

    summary = rollout.summary.set_index("plan")
    staged = float(summary.loc["staged", "users_exposed_median"])
    big = float(summary.loc["big bang", "users_exposed_median"])
    ratio = big / staged
    q3 = numeric(
        "q3",
        "In the rollout simulation, how many times more users does a big-bang launch expose to the bad "
        "model than the staged 5/25/50/100% plan (use the medians)?",
        ratio, rtol=0.01,
        hints=["Read `users_exposed_median` for both plans from `rollout.summary`.",
               "Divide the big-bang number by the staged number."],
        solution=f"{big:,.0f} / {staged:,.0f} = {ratio:.1f} times: the staged plan finds the problem while "
                 "only a small share of traffic sees it.",
        wrong_answers=[(1 / ratio, "That is the ratio the other way round: big bang over staged.")],
    )

    out = outcomes.set_index("rule")
    best = str(out["dollars_saved"].idxmax())
    options = {name: f"{row.action} rule, {row.firings} firing(s), ${row.dollars_saved:,.0f} saved"
               for name, row in out.iterrows()}
    feedback = {name: (f"`{name}` fired {row.firings} time(s) and its fallbacks come to "
                       f"${row.dollars_saved:,.0f}: less than `{best}`.")
                for name, row in out.iterrows() if name != best}
    feedback[best] = f"`{best}` would have saved the most: ${out.loc[best, 'dollars_saved']:,.0f}."
    q4 = choice(
        "q4",
        "Replayed on the logged stream, which rule's fallbacks would have saved the most money?",
        options, best,
        hints=["Look at the `dollars_saved` column of the outcomes table.",
               "A rule that fires on noise rolls back a model that was doing better than the fallback, so "
               "its dollars can be negative."],
        solution=f"`{best}`. Rules that fire often on thin data switch the better model off for nothing and "
                 "lose money; a rule on a signal with plenty of volume (latency, errors) fires once, "
                 "when it matters.",
        feedback=feedback,
    )
    return q1, q2, q3, q4
