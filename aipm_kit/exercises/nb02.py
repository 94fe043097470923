"""Exercises for notebook 02 (data, labels and success metrics).

Each is bound right after the data it needs exists; every expected answer is computed from the
notebook's own data at check time::

    q1 = nb02.bind_label_wait(waits={30: (0.73, 0.66, 0.79), ...})                # section 1
    q2 = nb02.bind_agreement(messages=messages)                                   # section 2
    q3 = nb02.bind_memo(y_test=y_ev, sample_weight=w_ev, reweighted=(0.49, 0.2, 1.0),
                        production=(0.75, 0.64, 0.86))                          # section 3
    q4 = nb02.bind_threshold(evidence=threshold_evidence, capacity_hours=120.0)   # section 4
    q5, q6 = nb02.bind_fairness(hmda_pred=deny_pred, hmda_group=hmda["race"],
                                four_fifths_at=four_fifths_at)                       # section 5
    q7 = nb02.bind_gate(criteria={"hours": ("review hours", 2.4, None, "<=", 4.8, "{:.1f}"), ...})  # section 6
    q8 = nb02.bind_audit_plan(unlabelled=1_600, fraud_rate=0.02, caught=67, target=0.2,
                              hours_of=audit_hours_of, hours_free=21.0,
                              part="top-quartile amounts")                                # section 6

``evidence(threshold)`` returns a mapping with ``"review hours a week (estimated)"``,
``"net value a day"``, ``"low"`` and ``"high"`` (the net value's 95% interval);
``hours_of(size)`` gives the review hours a week an audit of ``size`` a month takes.

:func:`choose_threshold` is the kit's threshold rule, kept here so the notebook can use it before Exercise 4
without showing it.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from . import _as_number, choice, custom, numeric, thought
from ._gatecall import clears, gate_verdict, grade_gate_answer


def bind_label_wait(*, waits, line: float | None = None, min_line: float = 0.80):
    """Exercise 1 (decision): the share of a month's chargebacks the learner requires, and the wait that gives it.

    ``waits`` maps a wait in days to ``(share, low, high)``: the share of the record's chargebacks that had arrived
    by then and its 95% interval. The answer is a pair ``(line, days)``: the share the learner requires to be in,
    judged on the interval's low end, and the wait. Accepted: any line from ``min_line`` up (below it, more than one
    chargeback in five could still be to come, each a fraud taught as legitimate) with any listed wait whose low end
    clears that line; a longer wait than the shortest such one is accepted with what it costs. When no listed wait
    clears the learner's line, the longest listed wait (the nearest) is accepted, with that said. ``line``, if given, is
    the notebook's ``MIN_LABELS_ARRIVED``, a line the notebook uses until the learner's pair is accepted. The notebook
    reads an accepted answer (``q1_answer``) in the cell after the exercise, and the feedback says so.
    """
    table = {int(d): tuple(float(v) for v in spec) for d, spec in dict(waits).items()}
    if not table or any(not lo <= share <= hi for share, lo, hi in table.values()):
        raise ValueError("give each wait as (share, low, high) with low <= share <= high")
    team_line, min_line = (None if line is None else float(line)), float(min_line)

    def reading(d):
        share, lo, hi = table[d]
        return f"at {d} days {share:.1%} had arrived (95% interval {lo:.1%} to {hi:.1%})"

    def still_to_come(d):
        share, lo, _ = table[d]
        return (
            f"up to {1 - lo:.1%} of the chargebacks the record holds (on the interval's low end; "
            f"{1 - share:.1%} on the record's share), and any arriving after the record ends, still to come, "
            "each a fraud taught as legitimate"
        )

    def checker(answer):
        own, days = _pair(answer, "(the share you require, days to wait), e.g. (0.85, 45)")
        own, value = _as_number(own), _as_number(days)
        if not 0 < own < 1:
            return False, "Give the share you require as a fraction between 0 and 1 (0.9 for 90%)."
        if value != math.floor(value) or int(value) not in table:
            return False, (
                "Answer with one of the waits the record shows: " + ", ".join(f"{d}" for d in sorted(table)) + " days."
            )
        d = int(value)
        said = f"{reading(d).capitalize()}, against your line of {own:.0%} on the interval's low end."
        if own < min_line:
            return False, (
                f"A line of {own:.0%} lets a month's labels be used with more than one chargeback in "
                f"{round(1 / (1 - min_line))} still to come: each is a caught fraud taught as legitimate, on "
                "top of the fraud nobody ever charges back. This exercise accepts lines from "
                f"{min_line:.0%} up; weigh a month of delay against that."
            )
        clears = sorted(k for k, (_, lo, _) in table.items() if lo >= own)
        rerun = (
            f" The cell after this exercise reads `q1_answer`: run it and the cells below it, and the notebook "
            f"uses your call, a line of {own:g} and a wait of {d} days."
        )
        if not clears:  # no wait in the record clears the learner's line: the longest comes nearest
            if d == max(table):
                return True, (
                    f"{said} No wait in the record clears your line on its whole interval; the longest, "
                    f"{d} days, comes nearest. A longer record (more months of chargebacks) would narrow the "
                    f"intervals; until then the labels are used with less certainty than you ask.{rerun}"
                )
            return False, (
                f"{said} No wait in the record clears your line; the longest, {max(table)} days, comes "
                "nearest. Wait longer, or lower the line and say what that costs."
            )
        if d not in clears:
            return False, (
                f"{said} The low end is below your own line: at {d} days a month could be used with "
                f"fewer of its chargebacks in than you require. Wait longer, or lower the line."
            )
        cost = f"At {d} days that leaves {still_to_come(d)}, and every retrain and gate comes {d} days after its month."
        if d > clears[0]:
            return True, (
                f"Defensible, with a cost. {said} {clears[0]} days clears your line too: each extra day "
                f"delays every retrain and every gate by a day. {cost}{rerun}"
            )
        return True, (
            f"Defensible. {said} It is the shortest wait in the record that clears your line on its whole "
            f"interval. {cost}{rerun}"
        )

    return custom(
        "1 · How long to wait for the labels",
        "A chargeback still to come when a month's labels are used leaves a caught fraud taught as legitimate; "
        "every day of waiting puts every retrain and every gate a day later. Make the team's call: set the share of "
        "a month's chargebacks you require to be in, judged on the low end of the 95% Wilson interval, and choose "
        "from the record printed above (months 1-2's simulated chargebacks, the share arrived by each wait) how many days "
        "after a month ends the team waits before using its labels. Answer with a pair: `(share you require, days)`, "
        "the days one of the waits shown.",
        checker,
        practice="decision",
        hints=[
            "Decide the line from what it costs, before you look for the wait: a line of 90% accepts up to one "
            "chargeback in ten still to come.",
            "A wait meets your line when its interval's low end is at or above it, not the share itself; the "
            "shortest wait that meets it costs the least delay.",
        ],
        solution=lambda: (
            "; ".join(reading(d) for d in sorted(table))
            + ". "
            + "Any line from "
            + f"{min_line:.0%}"
            + " up is a judgement the team can defend; the wait "
            "is then the shortest whose low end clears it (a longer one is defensible too, at the cost "
            "of delay)."
            + (
                ""
                if team_line is None
                else " With the notebook's `MIN_LABELS_ARRIVED` of "
                + f"{team_line:.0%}"
                + ": "
                + (
                    f"{min(k for k, (_, lo, _) in table.items() if lo >= team_line)} days."
                    if any(lo >= team_line for _, lo, _ in table.values())
                    else "no wait in the record clears it; the longest comes nearest."
                )
            )
        ),
    )


def bind_agreement(*, messages):
    """Exercise 2 (by hand): Cohen's kappa between annotators b and c, computed in a few lines."""
    from .. import labels

    b = messages["annotator_b"].astype(str).to_numpy()
    c = messages["annotator_c"].astype(str).to_numpy()
    table = messages[list(labels.ANNOTATORS)]
    kinds = np.union1d(b, c)
    chance = float(sum((b == k).mean() * (c == k).mean() for k in kinds))
    return numeric(
        "2 · Cohen's kappa by hand",
        "Compute Cohen's kappa between `annotator_b` and `annotator_c` yourself, in a few lines of "
        "pandas or numpy: the share of messages on which they agree, the agreement chance alone would give "
        "(for each label, the share of b's labels times the share of c's, summed), and kappa = (observed - "
        "chance) / (1 - chance). The check compares your number with the kit's.",
        lambda: labels.cohen_kappa(b, c),
        atol=5e-4,
        practice="by-hand",
        hints=[
            "`observed = (messages.annotator_b == messages.annotator_c).mean()`; for chance, "
            "`messages.annotator_b.value_counts(normalize=True)` gives b's share of each label.",
            "`pb = b.value_counts(normalize=True)`, `pc = c.value_counts(normalize=True)`, "
            "`chance = (pb * pc).sum()` (labels one annotator never uses drop out as 0).",
        ],
        solution="observed agreement minus chance agreement, over one minus chance agreement. With "
        "`pb`, `pc` the label shares of each annotator, chance is `(pb * pc).sum()`; the result "
        "matches `labels.cohen_kappa(messages['annotator_b'], messages['annotator_c'])`.",
        wrong_answers=[
            (
                lambda: float((b == c).mean()),
                "That is raw agreement: it counts the matches chance alone "
                "would produce. Subtract chance agreement, then divide by "
                "one minus chance agreement.",
            ),
            (lambda: chance, "That is the chance agreement alone, the part kappa takes away."),
            (
                lambda: labels.fleiss_kappa(table),
                "That is Fleiss' kappa over all three annotators; the question asks for the pair b and c.",
            ),
        ],
    )


def bind_memo(
    *, y_test, sample_weight=None, reweighted=None, production=None, false_alarms=None, legit_rows=None, threshold=0.5
):
    """Exercise 3 (reading): which precision goes in the launch memo, read from the evidence printed above it.

    ``reweighted`` and ``production`` are ``(estimate, low, high)``: the balanced set's precision re-weighted to
    production's fraud rate with its 95% bootstrap interval, and the precision on month 5 (the month after training) with
    its interval; ``false_alarms`` of ``legit_rows`` legitimate rows are the balanced set's. Accepted: ``c`` and
    ``b``. Re-weighting the classes to production's shares, with legitimate rows drawn like production, is a
    standard correction; quoted with its interval it is defensible, and the feedback says how wide that is.
    Every figure is at ``threshold``, the draft memo's: the prompt says so, and that the figure is taken again at
    the threshold the team chooses to run.
    """
    at = f"{float(threshold):.2f}"
    y = np.asarray(y_test).astype(float)
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    prevalence = float(w @ y / w.sum())
    if reweighted is not None and production is not None:
        (rw, rw_low, rw_high), (pr, pr_low, pr_high) = ((float(v) for v in reweighted), (float(v) for v in production))
        held = (
            ""
            if false_alarms is None
            else f"it rests on the {int(false_alarms)} false alarm{'' if int(false_alarms) == 1 else 's'} "
            + ("" if legit_rows is None else f"among {int(legit_rows):,} legitimate rows ")
            + "the balanced set happened to hold, so "
        )
        b_said = (
            f"Defensible, quoted with its interval: with the legitimate rows drawn like production, re-weighting "
            f"each class to its production share corrects the mix. But {held}its 95% interval runs "
            f"{rw_low:.0%} to {rw_high:.0%} (estimate {rw:.0%}), against {pr_low:.0%} to {pr_high:.0%} for "
            f"month 5, the month after training ({pr:.0%}, option c): a memo that quotes it promises little. c measures "
            "the same thing on every alert of a month drawn the way the model meets it."
        )
        c_said = (
            f"Right: precision at {at} measured on the rows the model will meet, {pr:.0%} (95% interval "
            f"{pr_low:.0%} to {pr_high:.0%}); the memo takes it again, the same way, at the threshold the team "
            f"runs; re-weighting the balanced set (b) corrects its mix but gives {rw_low:.0%} to "
            f"{rw_high:.0%}."
        )
    else:
        b_said = (
            "Defensible, quoted with its interval: re-weighting each class to its production share corrects "
            "the mix when the legitimate rows are drawn like production. But it multiplies the few false "
            "alarms the balanced set holds, so its interval is wide; the precision on month 5 (c) measures "
            "the same thing on every alert."
        )
        c_said = (
            "Right: precision must be measured on rows drawn the way the model will meet them, with the "
            "interval that says how sure the estimate is."
        )
    return choice(
        "3 · Which precision goes in the launch memo?",
        "The labelling team built a validation set with every known fraud case and an equal number of "
        "legitimate ones; the evidence above shows the same model on it, re-weighted, and on the month after "
        f"training, all at threshold {at}. The draft launch memo describes the model at {at}, before section 4 "
        "chooses the threshold the team will run; there the memo's figure is taken again, the way you choose "
        f"here. Which precision at {at} should the draft memo quote?",
        {
            "a": "the precision on the balanced validation set, with its 95% Wilson interval",
            "b": "the balanced set's precision re-weighted to production's fraud rate, with its 95% bootstrap interval",
            "c": "the precision on month 5 (the month after training), each alert graded by caught label or audit, with its interval",
            "d": "the recall on the balanced set instead, with its 95% Wilson interval, since recall ignores the mix",
        },
        {"b", "c"},
        hints=[
            "Precision counts false alarms, and the number of legitimate transactions decides how many "
            "false alarms there are.",
            f"In production about {prevalence:.1%} of transactions are fraud (audit estimate), not 50%. "
            "How many false alarms can a few hundred legitimate rows show at a false-alarm rate well under 1%? "
            "Compare the widths of the intervals above.",
        ],
        solution="(c), or (b) quoted with its interval. Precision depends on prevalence: with 50% fraud, false "
        "alarms are rare because legitimate rows are rare, so (a) overstates it. Re-weighting each class to "
        "its production share (b) fixes the mix, but it rests on the handful of false alarms the balanced "
        "set happens to hold, so its interval is wide. A sample drawn like production, with its interval "
        "(c), measures what the memo promises. Recall (d) does not answer the memo's question.",
        feedback={
            "a": "The balanced set has far fewer legitimate transactions per fraud than production, "
            "so it hides most false alarms and overstates precision.",
            "b": b_said,
            "d": "Recall does not depend on the class mix, but the memo asks what share of alerts are fraud: "
            "that is precision, and recall cannot stand in for it.",
            "c": c_said,
        },
    )


def _pair(answer, what):
    if isinstance(answer, dict) or not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise ValueError(f"answer with a pair: {what}")
    return answer


EDGE_KEYS = ("model minus hand rule: net a day", "model minus hand rule: low", "model minus hand rule: high")


def bind_threshold(
    *, evidence, capacity_hours: float, hours_key: str = "review hours a week (estimated)", over_rule: bool = False
):
    """Exercise 4 (decision): pick an operating threshold and the net value a day it can promise.

    Accepted: any threshold whose estimated review hours (``evidence(t)[hours_key]``) fit ``capacity_hours``
    with any positive promise at or below the low end of its net value's 95% interval. Net value a day is counted
    against no screening. When the evidence also has ``"hand rule: net value a day"`` (with ``"hand rule: alerts"``,
    ``"hand rule: low"`` and ``"hand rule: high"``: the team's rule at as many alerts, same unit), the feedback sets
    the threshold's value beside it.

    With ``over_rule`` the promise is the model's edge over that rule instead: net value a day of the model minus
    the rule at as many alerts, paired (``EDGE_KEYS`` in the evidence: the estimate and its 95% interval). Any
    promise at or below the low end of that interval is accepted, a negative one too: where the evidence cannot
    show an edge, the defensible promise says how much the model might fall short of the rule.
    """
    capacity_hours = float(capacity_hours)

    @lru_cache(maxsize=64)
    def at(threshold):
        return dict(evidence(threshold))

    if over_rule and not all(k in at(0.5) for k in EDGE_KEYS):
        raise ValueError(f"over_rule needs the evidence to give {list(EDGE_KEYS)}")
    unit = "over the hand rule at as many alerts" if over_rule else "against no screening"

    def checker(answer):
        threshold, promise = _pair(
            answer,
            "(threshold, dollars a day you promise), e.g. (0.7, 500)"
            if over_rule
            else "(threshold, dollars a day you promise), e.g. (0.7, 20_000)",
        )
        threshold, promise = _as_number(threshold), _as_number(promise)
        if not 0 <= threshold <= 1:
            return False, f"A threshold is a model score between 0 and 1, not {threshold:g}."
        e = at(round(threshold, 4))
        hours, value, low, high = (float(e[k]) for k in (hours_key, "net value a day", "low", "high"))
        if not np.isfinite(value):
            return False, (
                f"At {threshold:.2f} the audit investigated too few of the unlabelled alerts (fewer than "
                "the notebook's MIN_AUDITED_ALERTS), so there is no estimate of what they are worth: no "
                "promise can rest on it. Pick another threshold."
            )
        said = (
            f"At {threshold:.2f}, {hours_key}: {hours:,.1f}; net value ${value:,.0f} a day against no "
            f"screening, 95% interval ${low:,.0f} to ${high:,.0f}."
        )
        if "hand rule: net value a day" in e:
            said += (
                f" The hand rule with {int(e['hand rule: alerts']):,} alerts: ${float(e['hand rule: net value a day']):,.0f}"
                f" a day, 95% interval ${float(e['hand rule: low']):,.0f} to ${float(e['hand rule: high']):,.0f}."
            )
        if over_rule:
            edge, edge_low, edge_high = (float(e[k]) for k in EDGE_KEYS)
            said += (
                f" Model minus rule, paired: {edge:+,.0f} dollars a day, 95% interval {edge_low:+,.0f} to "
                f"{edge_high:+,.0f}."
            )
            low = edge_low
        if hours > capacity_hours:
            return False, (
                f"{said} The plan allows {capacity_hours:,.1f} hours for alerts: alerts nobody can review "
                "are not a plan. Raise the threshold until the estimated hours fit."
            )
        if promise <= 0 and not over_rule:
            return False, f"{said} Promise a positive amount a day: that is what the launch has to be worth."
        if promise > low:
            what = "the edge's interval" if over_rule else "The interval"
            return False, (
                f"{said} {what[0].upper() + what[1:]} reaches down to {low:+,.0f} dollars a day: the "
                f"evidence does not support promising {promise:+,.0f}. Promise at most the low end, or "
                "pick a threshold whose interval supports your number."
            )
        if over_rule:
            reading = (
                "The evidence shows an edge over the rule at this threshold."
                if promise > 0
                else f"The evidence cannot show an edge over the rule here: your promise of {promise:+,.0f} dollars a "
                "day says how far the model might fall short of the rule the team runs today, which is what the "
                "memo should say."
            )
            return True, (
                f"{said} Defensible: the hours fit, and your {promise:+,.0f} a day is at or below the low "
                f"end of the model's edge over the rule. {reading} That interval is from the month you "
                "chose on. The cell after the kit's rule reads `q4_answer`: run it and the cells below it, "
                f"and month 6, a month that played no part in the choice, grades your threshold, "
                f"{threshold:g}, and your promise."
            )
        over_rule_note = (
            " Your promise is value over letting every payment through, not over the rule the team runs "
            "today (the rule's value is above): the memo should say which it promises."
            if "hand rule: net value a day" in e
            else ""
        )
        return True, (
            f"{said} Defensible: the hours fit, and your ${promise:,.0f} a day is at or below the "
            f"interval's low end. That interval is from the month you chose on.{over_rule_note} The cell "
            "after the kit's rule reads `q4_answer`: run it and the cells below it, and month 6, a month "
            f"that played no part in the choice, grades your threshold, {threshold:g}, and your promise of "
            f"${promise:,.0f} a day."
        )

    promised = (
        "the net value a day over the team's hand rule at as many alerts (the model's net value minus the "
        "rule's, paired; it may be negative where the evidence shows no edge)"
        if over_rule
        else "the net value a day against no screening (fraud stopped minus false-alarm cost, over letting every "
        "payment through)"
    )
    return custom(
        "4 · Pick and defend an operating threshold",
        f"Choose the threshold you would run, and {promised} you are willing to promise in the "
        f"launch memo for it. Take the evidence again with `threshold_evidence(t)` (review hours estimated from counted alerts, "
        f"net value and its 95% interval"
        + (
            ", and the team's hand rule with as many alerts in the same unit"
            if "hand rule: net value a day" in at(0.5)
            else ""
        )
        + (", and model minus rule with its paired 95% interval" if over_rule else "")
        + f"). The plan allows {capacity_hours:,.1f} review hours a week for alerts "
        f"(`{hours_key}` must fit). Answer with a pair: `(threshold, dollars a day)`.",
        checker,
        practice="decision",
        hints=[
            "A threshold is defensible if its alerts fit the team's hours; a promise is defensible if the "
            f"low end of the interval of what you promise ({unit}) is at least as large.",
            "Try a few thresholds: `[threshold_evidence(t) for t in (0.6, 0.65, 0.7)]`. Lower thresholds "
            "raise more alerts and need more hours; whether they are worth more, the intervals say.",
        ],
        solution="Any threshold whose estimated review hours fit the hours planned for alerts, with a promise at or "
        f"below the low end of its interval ({unit}): e.g. the threshold whose low end is highest, the one "
        "whose point estimate is highest, or the kit's rule (of the thresholds month 5 shows give up less "
        "than a margin set in advance against the highest point estimate, the one needing the fewest review "
        "hours), each promising its low end. Neighbouring thresholds differ by less than their intervals are "
        "wide, so whichever you run claims no edge over its neighbours. Promising the point estimate is the "
        "common mistake: the evidence cannot rule out falling short.",
    )


def bind_fairness(*, hmda_pred, hmda_group, four_fifths_at=None, proposals=(0.10, 0.20)):
    """Exercise 5 (by hand): the four-fifths ratio in a few lines; Exercise 6 (decision): move the denial rate.

    ``four_fifths_at(denial_rate)`` returns a mapping with ``"ratio"``, ``"low"`` and ``"high"`` (its 95%
    interval), and no verdict: the learner takes the call. Exercise 6 accepts either of the risk team's
    ``proposals`` (denial rates set before anyone looked at fairness) with the verdict the interval gives at it
    against the 0.80 line (``"passes"`` when the whole interval is at or
    above it, ``"fails"`` when it is wholly below, ``"cannot tell"`` otherwise).
    """
    from .. import fairness

    deny = np.asarray(hmda_pred).astype(int)
    group = np.asarray(hmda_group)
    names = np.unique(group)
    approval = np.array([(deny[group == g] == 0).mean() for g in names])
    denial = 1 - approval
    q4 = numeric(
        "5 · The four-fifths ratio by hand",
        "The lending model predicts *denial* (`deny_pred`, 1 = deny). In a few lines of pandas, compute each "
        "group's approval rate (the favourable outcome), then the lowest rate divided by the highest. The check "
        "compares your number with the kit's.",
        lambda: fairness.four_fifths_rule(deny, sensitive_features=group, favourable=0).impact_ratio,
        atol=5e-4,
        practice="by-hand",
        hints=[
            "`approved = pd.Series(deny_pred == 0).groupby(race.to_numpy()).mean()` gives each group's approval rate.",
            "`approved.min() / approved.max()`",
        ],
        solution="`approved = pd.Series(deny_pred == 0).groupby(race.to_numpy()).mean()`, then "
        "`approved.min() / approved.max()`: the same number as the kit's `impact_ratio`. Denial "
        "rates give a different number that the rule does not define.",
        wrong_answers=[
            (
                lambda: float(denial.min() / denial.max()),
                "That ratio compares *denial* rates. The rule compares the favourable outcome, approval.",
            ),
            (
                lambda: float(approval.max() / approval.min()),
                "Upside down: divide the lowest approval rate by the highest, so the ratio is at most 1.",
            ),
        ],
    )
    verdicts = ("passes", "fails", "cannot tell")

    @lru_cache(maxsize=32)
    def at(rate):
        return dict(four_fifths_at(rate))

    def checker(answer):
        rate, verdict = _pair(answer, '(share of applicants denied, verdict), e.g. (0.1, "passes")')
        rate = _as_number(rate)
        if not any(abs(rate - p) < 1e-9 for p in proposals):
            return False, (
                f"Take one of the risk team's proposals ({offered}), not {rate:g}: the rate is a risk "
                "decision made before the fairness check, not a dial to turn until the rule passes."
            )
        verdict = str(verdict).strip().lower()
        if verdict not in verdicts:
            return False, f"A verdict is one of {', '.join(verdicts)}."
        e = at(round(rate, 3))
        truth = "passes" if e["low"] >= 0.8 else "fails" if e["high"] < 0.8 else "cannot tell"
        said = (
            f"Denying {rate:.0%} of applicants, the approval ratio is {e['ratio']:.2f} (95% interval "
            f"{e['low']:.2f} to {e['high']:.2f}) against the 0.80 line: the model {truth} the rule."
        )
        if verdict != truth:
            why = {
                "passes": "a pass needs the whole interval at or above 0.80",
                "fails": "a failure needs the whole interval below 0.80",
                "cannot tell": "'cannot tell' is for an interval that straddles 0.80",
            }[verdict]
            return False, f"You said the model {verdict} the rule. {said} {why.capitalize()}."
        return True, (
            f"Consistent with the evidence. {said} Denying fewer applicants raises every group's approval "
            "rate, which tends to push the ratio towards 1; it does not change who the model ranks as "
            "riskiest."
        )

    offered = " or ".join(f"{p:.0%}" for p in proposals)
    q5 = (
        custom(
            "6 · Move the denial threshold and take the four-fifths call again",
            "The model denies as many applicants as the lenders did. The risk team proposes denying "
            f"{offered} of applicants instead, set from the lender's appetite for risk before anyone looked at "
            "fairness (denying fewer approves riskier loans; denying more turns away more good customers). Take one "
            "proposal, look once with `four_fifths_at(rate)` (the approval ratio and its 95% bootstrap interval), and "
            "decide from the interval whether the model passes, fails, or the data cannot tell. Answer with a "
            'pair: `(rate, verdict)`, the verdict one of "passes", "fails", "cannot tell".',
            checker,
            practice="decision",
            hints=[
                f"`four_fifths_at({proposals[0]})` returns the ratio and its interval at that denial rate.",
                "Read the interval, not the point: the rule is passed only if the whole interval is at or above 0.80.",
            ],
            solution="Either proposal with the verdict its interval gives. Trying rates until the rule passes would be "
            "shopping for compliance: the rate is a risk decision, and each extra look is another chance of a "
            "lucky interval. Moving the threshold changes the ratio, not the ranking: a model that "
            "denies one group's applicants more often at every threshold still carries whatever its features "
            "(proxies) and its labels (past decisions) put into it, which is why the risk list follows.",
        )
        if four_fifths_at is not None
        else thought(
            "6 · A risk the metrics do not show",
            "The lending model does not use `race` as a feature. Name one way it can still treat the groups "
            "differently, and one check you would add to the risk list.",
            hints=[
                "Look at which features drive decisions, and ask whether they differ by group.",
                "Think about proxies, and about labels that record past decisions rather than true outcomes.",
            ],
            solution="Leaving out `race` does not remove it: features correlated with it carry it in, and the labels "
            "are past lenders' decisions. Add: compare feature distributions by group, report selection and "
            "error rates by group with intervals at every retrain, and human review of denials near the "
            "threshold.",
        )
    )
    return q4, q5


def bind_audit_plan(
    *,
    unlabelled: float,
    fraud_rate: float,
    caught: float,
    target: float,
    hours_of=None,
    hours_free: float | None = None,
    part: str | None = None,
    why: str = "",
    census: float = 0.0,
    rest_today: float | None = None,
    fraud_rate_interval=None,
):
    """Exercise 8 (decision): size next month's random audit for a target width set in advance.

    The plan rests on the training months, not on the months being graded: ``unlabelled`` transactions a month,
    ``fraud_rate`` the share of them the random audit found to be fraud, ``caught`` frauds a month. A random audit
    of ``n`` estimates the month's uncaught fraud ``unlabelled * fraud_rate`` with a 95% half-width of about
    ``1.96 * unlabelled * sqrt(p (1 - p) / n)``; the target is that half-width at most ``target`` times the month's
    fraud total ``caught + unlabelled * fraud_rate``. Accepted: any whole ``n`` from the smallest that meets the
    target with the finite-population correction (``n0 / (1 + n0 / unlabelled)``) to 15% above the smallest
    without it (``n0``), if ``hours_of(n)`` fits in ``hours_free`` (the review hours the alerts leave). With
    ``fraud_rate_interval`` the smallest accepted is the n that meets the target at every p in that interval.

    With ``part`` (e.g. ``"top-quartile amounts"``) the numbers are those of that part of the transactions and the
    audit planned is a random draw among its unlabelled rows (a stratum of next month's audit); ``why`` opens the
    prompt (what the plan is for).

    The whole audit shares ``hours_free``: ``census`` investigations a month come first (counted, not sampled), then
    the ``n`` planned, and the rest of the audit (the other amounts) gets what is left. So an answer fits when
    ``hours_of(census + n) <= hours_free``; with ``rest_today`` (today's random audit of the rest, a month) the
    feedback says how much of it the hours left still cover. ``fraud_rate_interval`` (p's 95% interval) makes the
    feedback give the smallest n at either end of it and the n that meets the target at every p in it (the largest
    smallest n over that interval), the smallest size accepted; the accepted range reaches at least that far.
    """
    unlabelled, p, caught, target = float(unlabelled), float(fraud_rate), float(caught), float(target)
    census = float(census)
    if not 0 < p < 1 or unlabelled <= 0 or caught < 0 or not 0 < target < 1 or census < 0:
        raise ValueError(
            "unlabelled must be positive, fraud_rate and target between 0 and 1, caught and census at least 0"
        )
    total = caught + unlabelled * p
    total_name = "the month's fraud total" if part is None else f"the month's fraud total among {part}"

    def smallest(rate):  # the smallest n that meets the target if the fraud rate is `rate`, with the correction
        first = (1.96 * unlabelled) ** 2 * rate * (1 - rate) / (target * (caught + unlabelled * rate)) ** 2
        return first, math.ceil(first / (1 + first / unlabelled))

    n0, lowest = smallest(p)  # n0: no finite-population correction
    highest = math.ceil(1.15 * n0)
    needed = lowest  # the smallest n accepted: with p's interval, the n that meets the target anywhere in it
    if fraud_rate_interval is not None:
        p_low, p_high = (float(v) for v in fraud_rate_interval)
        if not 0 < p_low <= p <= p_high < 1:
            raise ValueError("fraud_rate_interval must hold fraud_rate, inside (0, 1)")
        safe = max(smallest(q)[1] for q in (*np.linspace(p_low, p_high, 201), p))  # the target at every p in it
        highest = max(highest, safe)
        needed = safe
        on_estimate = (
            f" The size rests on p, an estimate: at the ends of its 95% Wilson interval ({p_low:.2%} and "
            f"{p_high:.2%}) the smallest n would be {smallest(p_low)[1]:,} and {smallest(p_high)[1]:,}. "
            f"Meeting the target anywhere in that interval needs {safe:,}"
            + (
                " (p's own estimate asks the most)."
                if safe == lowest
                else ", the size to plan, since p could be anywhere in it."
            )
        )
    else:
        on_estimate = ""

    def half_width(n):  # with the finite-population correction: the audit draws n of only N rows
        return 1.96 * unlabelled * math.sqrt(p * (1 - p) / n * max(0.0, 1 - n / unlabelled)) / total

    def cost(n):
        return "" if hours_of is None else f" ({hours_of(n):,.1f} review hours a week)"

    def checker(answer):
        value = _as_number(answer)
        if value != math.floor(value) or value < 1:
            return False, "An audit size is a whole number of transactions a month, at least 1."
        n = int(value)
        if n > unlabelled:
            return False, f"No month has more than about {unlabelled:,.0f} unlabelled transactions to audit."
        said = (
            f"A random audit of {n:,} a month{cost(n)} gives a 95% half-width of about {half_width(n):.0%} of "
            f"{total_name} if p is {p:.2%} (itself an estimate from the training months), against a target of "
            f"{target:.0%}."
        )
        if n < lowest:
            return False, (
                f"{said} Too small: the interval would be wider than the plan allows. Solve "
                "1.96 x N x sqrt(p(1 - p)/n) <= target x total for n."
            )
        if n < needed:
            return False, (
                f"{said} That meets the target only if p is at its estimate.{on_estimate} A plan sized on "
                "the point estimate misses its own target for much of p's plausible range."
            )
        fits = hours_of is None or hours_free is None or hours_of(census + n) <= hours_free
        with_census = f"the census (about {census:,.0f} a month) and " if census else ""
        if not fits:
            return False, (
                f"{said} It does not fit: {with_census}{n:,} a month take {hours_of(census + n):,.1f} of "
                f"the {hours_free:,.1f} review hours a week the alerts leave for the whole audit."
            )
        if n > highest:
            return False, (
                f"{said} More than the target needs: the smallest audit that meets it is about "
                f"{lowest:,} with the finite-population correction ({math.ceil(n0):,} without), and every "
                "extra investigation takes review hours. Plan the smallest size that meets the target set "
                "in advance."
            )
        return True, (
            f"Defensible. {said}{rest_said(n)}{on_estimate} The size comes from a target width chosen "
            "before the audit, not from re-taking the gate at several sizes and keeping the best verdict."
        )

    def rest_said(n):  # what the whole audit's hours leave for the rest of it, after the census and this part
        if hours_of is None or hours_free is None:
            return ""
        left = hours_free - hours_of(census + n)
        other = math.floor(left / hours_of(1) + 1e-9)  # investigations a month the hours left allow
        said = (
            f" {with_census_of(n)}take {hours_of(census + n):,.1f} of the {hours_free:,.1f} h a week the "
            f"alerts leave; the other {left:,.1f} h cover about {other:,} investigations a month of the rest"
        )
        if rest_today is None:
            return said + "."
        return said + (
            f", enough for today's {rest_today:,.0f}."
            if other >= rest_today
            else f", down from {rest_today:,.0f} today: the plan cuts that part of the audit and widens its intervals."
        )

    def with_census_of(n):
        return f"The census (about {census:,.0f} a month) and these {n:,} " if census else f"These {n:,} "

    if part is None:
        prompt = (
            f"Plan next month's random audit before it is drawn. From the training months: about "
            f"{unlabelled:,.0f} unlabelled transactions a month (N), of which the random audit found a share "
            f"p = {p:.2%} to be fraud, and about {caught:,.0f} caught frauds a month, so a month's fraud total is "
            f"about {total:,.0f}. The team wants the month's fraud total known within +/-{target:.0%} of itself "
            "(95%). A random audit of n gives a 95% half-width of about 1.96 x N x sqrt(p(1 - p)/n) on the "
            "uncaught fraud; drawing n of only N rows, the finite-population correction n0 / (1 + n0 / N) "
            "lowers the n0 that formula gives."
        )
    else:
        prompt = (
            f"{why + ' ' if why else ''}Plan next month's audit of {part} before it is drawn: n transactions "
            f"drawn at random among its unlabelled ones. From the training months, among {part}: about "
            f"{unlabelled:,.0f} unlabelled transactions a month (N), of which the random audit found a share "
            f"p = {p:.2%} to be fraud, and about {caught:,.0f} caught frauds a month, so {total_name} is about "
            f"{total:,.0f}. The target: that total known within +/-{target:.0%} of itself (95%). A random audit "
            "of n of the N gives a 95% half-width of about 1.96 x N x sqrt(p(1 - p)/n) on the uncaught fraud; "
            "drawing n of only N rows, the finite-population correction n0 / (1 + n0 / N) lowers the n0 that "
            "formula gives."
        )
    return custom(
        "8 · Size next month's audit for a target width",
        prompt
        + (
            " By hand, find the smallest n that meets the target, check that it fits the review hours the "
            "alerts leave ("
            + (
                f"the census of about {census:,.0f} a month comes first: `audit_hours_of({census:,.0f} + n)`; "
                if census
                else "`audit_hours_of(n)`; "
            )
            + "the rest of the audit gets what is left), and answer with n"
            + (
                ": one that meets the target wherever p lies in its 95% interval (printed above), not only at "
                "p's estimate."
                if fraud_rate_interval is not None
                else "."
            )
        ),
        checker,
        practice="decision",
        hints=[
            "Set 1.96 x N x sqrt(p(1 - p)/n) equal to the target times the total, and solve for n.",
            "n0 = (1.96 x N)^2 x p(1 - p) / (target x total)^2; with the correction n = n0 / (1 + n0 / N), "
            "rounded up (either is accepted).",
        ],
        solution=lambda: (
            f"n = (1.96 x {unlabelled:,.0f})^2 x {p:.4f} x {1 - p:.4f} / ({target:.2f} x {total:,.0f})^2 "
            f"= {n0:,.0f}, rounded up to {math.ceil(n0):,} a month{cost(math.ceil(n0))}. With the "
            f"finite-population correction (the audit draws from only {unlabelled:,.0f} rows) about "
            f"{lowest:,} is enough.{rest_said(lowest)}{on_estimate} A larger audit buys precision the "
            "plan did not ask for with review hours; a smaller one leaves the fraud total, and every "
            "recall graded on it, too uncertain."
        ),
    )


GATE_STEPS = {
    "deploy": "take the model at this threshold to deployment (stage 3)",
    "settle": "keep the hand rule running, keep scoring the model after the fact, and grade it on more audited months "
    "(or a larger audit) until the open lines are settled",
    "rework": "go back to the product (label source, features, threshold) and take gate 2 again on a month the "
    "changes never read",
    "stop": "keep the hand rule and stop work on the model",
}
# the steps consistent with each verdict, and why each other step is not
_GATE_STEP_FITS = {"GO": {"deploy"}, "NO-GO": {"rework", "stop"}, "NOT YET": {"settle", "stop"}}
_GATE_STEP_WRONG = {
    ("GO", "settle"): "no line is open, so more months have nothing left to settle before deploying",
    ("GO", "rework"): "every line passed on its interval and nothing measured beside the gate points at a change: "
    "reworking throws away a product the evidence supports",
    ("GO", "stop"): "every line passed on its interval: stopping drops a model the evidence supports",
    ("NO-GO", "deploy"): "a line failed on its whole interval: deploying goes against the evidence",
    ("NO-GO", "settle"): "a line failed on its whole interval; more months settle open lines, and grading more "
    "months after a failure only retakes the gate until it passes",
    ("NOT YET", "deploy"): "no failure, but lines are open: deploying now promises what the evidence cannot yet show",
    ("NOT YET", "rework"): "no line failed on its interval, every open line's estimate sits on the right side "
    "of its line, and nothing measured beside the gate points at a change: the changed "
    "product starts with every line open again",
}
_GATE_STEP_NOTE = {
    ("NOT YET", "stop"): " Defensible if settling the open lines costs more than the model is worth to you; the "
    "questions stay open.",
    ("NOT YET", "settle"): " The kit's table below names what would narrow each open line.",
    ("NO-GO", "stop"): " Defensible if no change to the product you can name targets the failed line.",
}


def bind_gate(*, criteria, noise=None, open_problems=(), no_interval=None, settle_months=None, max_settle_months=None):
    """Exercise 7 (decision): take gate 2 by hand, calling each line from its 95% interval (or its count) and the
    verdict, then choose the next step from ``GATE_STEPS``.

    ``criteria`` maps a short key (what the learner types) to ``(name, estimate, interval, op, line, fmt)``:
    ``interval`` is ``(low, high)``, the estimate's 95% interval, or ``None`` for a number with no sampling interval (decided on the
    count itself); ``op`` is how a value must compare with ``line`` to pass (">=", ">", "<=", "<"). A line passes
    when its whole interval clears the line, fails when its whole interval misses it, and is "not yet" otherwise;
    the gate is GO when every line passes, NO-GO when any fails, NOT YET otherwise.

    ``noise`` maps a key to ``(low, high)``: how far each end of that line's interval moves with the bootstrap's own
    random draws. An end within its noise of the line does not count as clear of it (the interval is read widened
    by its ends' noise), so a line that clears by less than that is "not yet": another seed could turn it.

    The next step is judged against the verdict: GO fits deploying; NO-GO fits reworking the product or stopping;
    NOT YET fits settling the open lines or stopping. Reworking also fits a NOT YET (or GO) gate when an open line's
    estimate sits on the wrong side of its line, or when ``open_problems`` names a problem measured beside the gate
    (no line judges it) that a product change could target.

    ``no_interval`` maps the key of a line with no sampling interval to what its feedback table shows in the
    interval column (default ``"none: counted"``), e.g. ``"none: counted alerts x assumed minutes"``.

    ``settle_months`` maps a line's key to the months of audit its interval needs to reach the half-width set in
    advance, and ``max_settle_months`` is the most the team set in advance to spend settling: when an open line
    needs more, settling is not consistent with the team's own limit, and only reworking (where it fits) or
    stopping follow from a NOT YET gate.
    """
    no_interval = {str(k): str(v) for k, v in dict(no_interval or {}).items()}
    noise = {str(k): (float(v[0]), float(v[1])) for k, v in dict(noise or {}).items()}
    if any(n < 0 for pair in noise.values() for n in pair):
        raise ValueError("a noise is a distance: give it as (low, high) with both at least 0")
    problems = [str(p) for p in open_problems]
    rows = {}
    for key, (name, estimate, interval, op, line, fmt) in dict(criteria).items():
        if op not in (">=", ">", "<=", "<"):
            raise ValueError(f"criterion {key!r}: op must be one of >=, >, <=, <, got {op!r}")
        low, high = (float(estimate), float(estimate)) if interval is None else (float(v) for v in interval)
        if low > high:
            raise ValueError(f"criterion {key!r}: the interval's low end is above its high end")
        rows[str(key)] = (name, float(estimate), (low, high), interval is None, op, float(line), fmt)
    if not rows:
        raise ValueError("criteria is empty")
    if {"verdict", "next"} & set(rows):
        raise ValueError("'verdict' and 'next' are answer keys, not criteria")
    if {k for k in no_interval if k not in rows or not rows[k][3]}:
        raise ValueError(
            "no_interval names lines that are not criteria without an interval: "
            f"{sorted(k for k in no_interval if k not in rows or not rows[k][3])}"
        )
    if set(noise) - set(rows):
        raise ValueError(f"noise names lines that are not criteria: {sorted(set(noise) - set(rows))}")

    def right_call(key: str) -> str:
        _, _, (low, high), counted, op, line, _ = rows[key]
        n_low, n_high = (0.0, 0.0) if counted else noise.get(key, (0.0, 0.0))
        low, high = low - n_low, high + n_high  # an end within its own noise of the line is not clear of it
        near, far = (low, high) if op in (">=", ">") else (high, low)
        return "pass" if clears(near, op, line) else "fail" if not clears(far, op, line) else "not yet"

    def right_verdict() -> str:
        return gate_verdict(right_call(k) for k in rows)

    def reading(key: str) -> str:
        _, estimate, (low, high), counted, op, line, fmt = rows[key]
        show, plain = fmt.format, fmt.replace("+", "").format
        moves = (
            f", its ends moving by about {plain(noise[key][0])} and {plain(noise[key][1])}"
            if key in noise and not counted
            else ""
        )
        measured = (
            f"{show(estimate)}, no sampling interval"
            if counted
            else f"{show(estimate)}, 95% interval {show(low)} to {show(high)}{moves}"
        )
        return f"{key}: {measured}; line {op} {show(line)}"

    def table() -> str:
        """The lines as a small Markdown table: estimate, interval, its ends' noise, the line and the call."""
        out = [
            "| line | estimate | 95% interval | its ends move by about | must be | call |",
            "|---|---|---|---|---|---|",
        ]
        for key, (_, estimate, (low, high), counted, op, line, fmt) in rows.items():
            show, plain = fmt.format, fmt.replace("+", "").format
            moves = f"{plain(noise[key][0])} and {plain(noise[key][1])}" if key in noise and not counted else ""
            out.append(
                f"| {key} | {show(estimate)} | {no_interval.get(key, 'none: counted') if counted else f'{show(low)} to {show(high)}'} | "
                f"{moves} | {op} {show(line)} | {right_call(key)} |"
            )
        return "\n".join(out)

    why = {
        "pass": "the whole interval clears the line",
        "fail": "the whole interval misses the line",
        "not yet": "the interval straddles the line, or one of its ends sits within its own resampling noise of it"
        if noise
        else "the interval straddles the line",
    }
    # open lines whose estimate sits on the wrong side: they make reworking a NOT YET product defensible
    wrong_side = [k for k in rows if right_call(k) == "not yet" and not clears(rows[k][1], rows[k][4], rows[k][5])]
    months = {str(k): int(v) for k, v in dict(settle_months or {}).items()}
    if set(months) - set(rows):
        raise ValueError(f"settle_months names lines that are not criteria: {sorted(set(months) - set(rows))}")
    if (max_settle_months is None) != (not months):
        raise ValueError("give settle_months and max_settle_months together")
    open_months = {k: m for k, m in months.items() if right_call(k) == "not yet"}
    too_long = {k: m for k, m in open_months.items() if m > max_settle_months} if months else {}
    step_fits = {
        **_GATE_STEP_FITS,
        "NOT YET": (_GATE_STEP_FITS["NOT YET"] - ({"settle"} if too_long else set()))
        | ({"rework"} if wrong_side or problems else set()),
        "GO": _GATE_STEP_FITS["GO"] | ({"rework"} if problems else set()),
    }
    months_said = ", ".join(f"'{k}' about {m:,}" for k, m in open_months.items())
    step_wrong = dict(_GATE_STEP_WRONG)
    if too_long:
        step_wrong[("NOT YET", "settle")] = (
            f"settling takes months of audit like month 6's ({months_said}, to each line's half-width set in advance), "
            f"more than the {max_settle_months} the team set in advance to spend: weigh reworking or stopping"
        )
    side_said = " and ".join(f"'{k}'" for k in wrong_side) + (
        " sits on the wrong side of its line" if len(wrong_side) == 1 else " sit on the wrong side of their lines"
    )
    problems_said = "; ".join(problems)

    def rework_note(truth: str) -> str:
        reasons = ([f"{side_said} on the estimate"] if wrong_side and truth == "NOT YET" else []) + (
            [f"a problem measured beside the gate, which no line judges, gives a change a target: {problems_said}"]
            if problems
            else []
        )
        return (
            " Defensible: "
            + ("no line failed, but " if truth == "NOT YET" else "every line passed, but ")
            + "; and ".join(reasons)
            + ". A change aimed at that is a reasonable bet; the changed product is "
            "graded again on a month the changes never read, with every line open again."
        )

    def checker(answer):
        wrong, truth, step = grade_gate_answer(
            answer,
            rows,
            right_call=right_call,
            reading=reading,
            why=why,
            steps=GATE_STEPS,
            step_fits=step_fits,
            step_wrong=step_wrong,
        )
        if wrong:
            return False, "Not quite. " + "; ".join(wrong) + "."
        also = [k for k in GATE_STEPS if k in step_fits[truth] and k != step]
        note = rework_note(truth) if step == "rework" and truth != "NO-GO" else _GATE_STEP_NOTE.get((truth, step), "")
        if step == "rework" and too_long:
            note += (
                " But the widths of " + " and ".join(f"'{k}'" for k in too_long) + " come from how much audited "
                "evidence a month brings, not from the product: a reworked product needs as many months to "
                "settle them, so a rework comes with a plan for that evidence (a larger or targeted audit)."
            )
        if open_months and truth == "NOT YET":
            note += (
                f" Settling is priced: months of audit like month 6's to each open line's half-width, {months_said}"
                f"; the team allows {max_settle_months}."
            )
        return True, (
            f"Defensible. Gate 2 is {truth}, and '{step}' is consistent with it."
            + note
            + (
                " Also defensible here: "
                + " or ".join(
                    f"'{k}'"
                    + (
                        " (a problem measured beside the gate gives a change a target)"
                        if k == "rework" and truth != "NO-GO" and problems and not wrong_side
                        else ""
                    )
                    for k in also
                )
                + "."
                if also
                else ""
            )
            + "\n\n"
            + table()
        )

    noise_rule = (
        " An interval's end moves a little with the bootstrap's own random draws (printed with each line): "
        "an end within that noise of the line does not count as clear of it, so such a line is not yet "
        "settled."
        if noise
        else ""
    )
    return custom(
        "7 · Take gate 2, and choose the next step",
        "Before the kit's verdict: read the evidence printed above and call each of gate 2's lines, "
        + ", ".join(f"`'{k}'`" for k in rows)
        + ", as `'pass'`, `'fail'` or `'not yet'`, then the gate's `'verdict'` (`'GO'`, `'NO-GO'` or `'NOT YET'`). "
        "The rule, set before the data: a sampled line passes when its whole 95% interval clears the line, fails "
        "when the whole interval misses it, and is not yet settled otherwise; a line with no sampling interval "
        "is called on its value; the gate is GO when every line passes, NO-GO when any fails, NOT YET otherwise."
        + noise_rule
        + " Then choose the "
        "`'next'` step you would take to the business: "
        + "; ".join(f"`'{k}'`: {v}" for k, v in GATE_STEPS.items())
        + ". Answer with a dict, e.g. `{'"
        + next(iter(rows))
        + "': 'pass', ..., 'verdict': 'GO', 'next': 'deploy'}`.",
        checker,
        practice="decision",
        hints=[
            "For a line of the form `>= line`: the low end at or above the line is a pass; the high end below it "
            "is a fail; anything else is not yet. For `<= line`, swap the ends."
            + (" Widen each interval by its ends' printed noise first." if noise else ""),
            "More audited months settle an open line; they cannot undo a line that failed, and a passed gate has "
            "nothing left for them to settle.",
        ],
        solution=lambda: (
            "; ".join(f"{reading(k)}: {right_call(k)}" for k in rows)
            + f". Verdict: {right_verdict()}. Next step: "
            + " or ".join(f"'{k}'" for k in GATE_STEPS if k in step_fits[right_verdict()])
            + "."
        ),
    )


def _percentile_band(replicates, level=0.95):
    """The central ``level`` share of bootstrap replicates (NaN replicates left out): a percentile interval."""
    r = np.asarray(replicates, dtype=float)
    if np.isnan(r).all():
        return float("nan"), float("nan")
    tail = (1 - level) / 2 * 100
    low, high = np.nanpercentile(r, [tail, 100 - tail])
    return float(low), float(high)


def _low_end_noise(replicates, level=0.95):
    """How far the low end of ``_percentile_band`` moves with the bootstrap's own draws: half the width of the 95%
    distribution-free interval of that percentile (binomial order statistics of the replicates)."""
    r = np.sort(np.asarray(replicates, dtype=float))
    r = r[~np.isnan(r)]
    n, q = len(r), (1 - level) / 2
    spread = 1.96 * np.sqrt(n * q * (1 - q))
    first, last = int(max(np.floor(n * q - spread), 0)), int(min(np.ceil(n * q + spread), n - 1))
    return float(r[last] - r[first]) / 2


def choose_threshold(sweep, *, hours_limit: float, net_replicates, margin: float, report: bool = False):
    """The kit's threshold rule: of the thresholds that fit the hours, the one needing the fewest review hours among
    those shown to give up less than ``margin`` dollars a day against the highest net value.

    ``sweep`` is a table with one row per threshold and the columns ``threshold``, ``busiest_week_hours``,
    ``estimable`` (whether the audit can value the alerts there) and ``net_value_per_day`` (the point estimate).
    ``net_replicates(threshold)`` returns that threshold's bootstrap replicates of the net value a day, drawn on the
    same resamples for every threshold, so differences between thresholds are paired. ``margin`` (dollars a day,
    at least 0) is set before the data: what the team will give up against the best to save review hours.

    1. Candidates: thresholds with ``busiest_week_hours <= hours_limit``, estimable, with a finite net value.
    2. The best is the candidate with the highest net value (ties: the higher threshold).
    3. Each other candidate's replicates minus the best's give a paired 95% percentile interval. A candidate is
       *within the margin* only when that interval's low end, less how far that end moves with the bootstrap's own
       draws, is at least ``-margin``: the evidence shows it gives up less than the margin (a non-inferiority
       reading; an interval that merely reaches zero shows nothing of the kind).
    4. Of the candidates within the margin (the best included), the pick needs the fewest busiest-week hours
       (ties: the higher threshold).

    Returns the threshold, or ``(threshold, table)`` with ``report``: one row per candidate, indexed by threshold.
    Raises ``ValueError`` when no threshold is a candidate or ``margin`` is not a number at least 0.
    """
    margin = float(margin)
    if not np.isfinite(margin) or margin < 0:
        raise ValueError(f"margin must be a number of dollars a day, at least 0, got {margin!r}")
    thresholds = np.asarray(sweep["threshold"], dtype=float)
    hours = np.asarray(sweep["busiest_week_hours"], dtype=float)
    net = np.asarray(sweep["net_value_per_day"], dtype=float)
    fits = (hours <= float(hours_limit)) & np.asarray(sweep["estimable"], dtype=bool) & np.isfinite(net)
    if not fits.any():
        raise ValueError(
            f"no threshold both fits {float(hours_limit):,.1f} review hours and can be valued by the audit"
        )
    value = np.where(fits, net, -np.inf)
    best_i = np.flatnonzero(value == value.max())[-1]  # ties go to the higher threshold
    best_reps = np.asarray(net_replicates(thresholds[best_i]), dtype=float)
    rows = []
    for i in np.flatnonzero(fits):
        if i == best_i:
            low = high = noise = 0.0
        else:
            diff = np.asarray(net_replicates(thresholds[i]), dtype=float) - best_reps
            (low, high), noise = _percentile_band(diff), _low_end_noise(diff)
        rows.append(
            {
                "threshold": float(thresholds[i]),
                "net value a day": float(value[i]),
                "minus the best": float(value[i] - value[best_i]),
                "low": low,
                "high": high,
                "low's noise": noise,
                "within margin": bool(low - noise >= -margin),
                "busiest week (h)": float(hours[i]),
            }
        )
    table = pd.DataFrame(rows).set_index("threshold")
    level = table[table["within margin"]]
    pick = float(level.index[np.lexsort((-level.index.to_numpy(), level["busiest week (h)"].to_numpy()))[0]])
    return (pick, table) if report else pick
