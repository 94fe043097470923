"""Exercises for notebook 02 (data, labels and success metrics).

Bind them with the notebook's own data; every expected answer is computed
from it at check time::

    q1, q2, q3, q4, q5, q6 = nb02.bind(payments=payments, messages=messages, y_test=y_ev,
                                       scores=scores, threshold=0.5, daily_volume=20_000,
                                       hmda_pred=deny_pred, hmda_group=hmda["race"], sample_weight=w_ev)

``payments`` carries ``label_observed`` (caught), ``label_known`` (caught or found by the
audit) and ``weight`` (1 for a caught fraud, unlabelled rows per audited row for an audited
row, 0 for a row nobody knows about); ``sample_weight`` weights the evaluation rows the same way.
"""

from __future__ import annotations

import numpy as np

from . import choice, numeric, thought


def bind(*, payments, messages, y_test, scores, threshold: float, daily_volume: float, hmda_pred,
         hmda_group, sample_weight=None):
    """Return ``(q1, q2, q3, q4, q5, q6)`` bound to the notebook's data."""
    from .. import fairness, labels

    payments = payments
    y_test = np.asarray(y_test).astype(int)
    scores = np.asarray(scores, dtype=float)
    hmda_pred = np.asarray(hmda_pred).astype(int)

    known = payments[payments["weight"] > 0]
    w_known = known["weight"].to_numpy(dtype=float)
    caught = known["label_observed"].to_numpy(dtype=float)
    found = known["label_known"].to_numpy(dtype=float)
    caught_count = caught.sum()

    q1 = numeric(
        "Q1 · Fraud nobody labelled, estimated from the audit",
        "Using only what the business knows (the caught frauds, each counting once, and the audited rows, "
        "each counting `weight` unlabelled rows), estimate the share of all fraud that never receives a "
        "fraud label. Answer as a fraction between 0 and 1.",
        lambda: 1 - caught_count / (w_known @ found),
        atol=5e-4,
        hints=["Estimated fraud = caught frauds + audited frauds x their weight. The caught share is the "
               "caught frauds over that total.",
               "`k = payments[payments.weight > 0]`, then "
               "`1 - k.label_observed.sum() / (k.weight * k.label_known).sum()`"],
        solution="Estimated fraud is the caught frauds plus each audited fraud times the unlabelled rows it "
                 "stands for: `(k.weight * k.label_known).sum()` over the known rows `k`. The share never "
                 "labelled is one minus the caught frauds over that total. A model trained on "
                 "`label_observed` alone learns that this fraud is normal.",
        wrong_answers=[
            (lambda: caught_count / (w_known @ found), "That is the share of fraud that *is* caught; the "
                                                       "question asks for the share that is missed."),
            (lambda: 1 - caught_count / found.sum(), "That counts each audited fraud once, but each stands for "
                                                     "many unlabelled transactions: multiply by `weight`."),
        ],
    )

    b = messages["annotator_b"].astype(str).to_numpy()
    c = messages["annotator_c"].astype(str).to_numpy()
    table = messages[list(labels.ANNOTATORS)]
    q2 = numeric(
        "Q2 · Agreement beyond chance",
        "Compute Cohen's kappa between `annotator_b` and `annotator_c` on the support messages.",
        lambda: labels.cohen_kappa(b, c),
        atol=5e-4,
        hints=["Raw agreement is not kappa: kappa subtracts the agreement two annotators would reach by "
               "chance, given how often each uses each label.",
               "`labels.cohen_kappa(messages.annotator_b, messages.annotator_c)` (or "
               "`sklearn.metrics.cohen_kappa_score`)."],
        solution="`labels.cohen_kappa(messages['annotator_b'], messages['annotator_c'])`: the observed "
                 "agreement minus chance agreement, divided by one minus chance agreement.",
        wrong_answers=[
            (lambda: float((b == c).mean()), "That is raw agreement: it counts the matches chance alone "
                                             "would produce. Kappa corrects for them."),
            (lambda: labels.fleiss_kappa(table), "That is Fleiss' kappa over all three annotators; the "
                                                 "question asks for one pair."),
        ],
    )

    flagged = scores >= threshold
    w = np.ones(len(y_test)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    fp = float(w @ (flagged & (y_test == 0)))
    n = float(w.sum())
    q3 = numeric(
        "Q3 · From a confusion matrix to a day of work",
        f"At threshold {threshold:.2f}, how many false alarms a day should the review team expect when "
        f"production sees {daily_volume:,.0f} transactions a day? (The weighted evaluation rows stand for "
        f"{n:,.0f} transactions.)",
        lambda: fp / n * daily_volume,
        rtol=0.005,
        hints=["Count the (weighted) false positives on the evaluation rows, then scale from the "
               "transactions they stand for to a day.",
               "false alarms per day = false positives / transactions x daily volume; "
               "`metrics.confusion(..., sample_weight=w_ev)` does the weighted count."],
        solution="`metrics.business_impact(metrics.confusion(y_ev, scores >= threshold, sample_weight=w_ev), "
                 "daily_volume=...).false_alarms_per_day`: false positives per transaction, times the "
                 "daily volume.",
        wrong_answers=[
            (lambda: fp, "That is the count for the whole evaluation period, which covers more than one day. "
                         "Scale it to the daily volume."),
            (lambda: fp / max(float(w @ (y_test == 0)), 1) * daily_volume,
             "That multiplies the false-positive *rate* (over legitimate transactions only) by all "
             "transactions. Divide by all transactions instead, or multiply the rate by the legitimate "
             "volume."),
        ],
    )

    q4 = numeric(
        "Q4 · The four-fifths rule, the right way round",
        "The lending model predicts *denial* (1 = deny). Compute the four-fifths impact ratio: the "
        "lowest group's rate of the favourable outcome divided by the highest group's.",
        lambda: fairness.four_fifths_rule(hmda_pred, sensitive_features=hmda_group, favourable=0).impact_ratio,
        atol=5e-4,
        hints=["The favourable outcome for an applicant is approval, which is `y_pred == 0` here.",
               "`fairness.four_fifths_rule(deny_pred, sensitive_features=hmda.race, favourable=0)`"],
        solution="Approval rates by group, lowest over highest: "
                 "`fairness.four_fifths_rule(deny_pred, sensitive_features=hmda['race'], "
                 "favourable=0).impact_ratio`. Using denial rates gives a different number that the rule "
                 "does not define.",
        wrong_answers=[
            (lambda: fairness.four_fifths_rule(hmda_pred, sensitive_features=hmda_group,
                                               favourable=1).impact_ratio,
             "That ratio compares *denial* rates. The rule compares the favourable outcome, approval "
             "(`favourable=0`)."),
            (lambda: 1 / fairness.four_fifths_rule(hmda_pred, sensitive_features=hmda_group,
                                                   favourable=0).impact_ratio,
             "Upside down: divide the lowest approval rate by the highest, so the ratio is at most 1."),
        ],
    )

    q5 = choice(
        "Q5 · Which precision goes in the launch memo?",
        "The labelling team built a validation set with every fraud case and an equal number of "
        "legitimate ones. Which precision should the launch memo quote?",
        {"a": "the precision on the balanced validation set",
         "b": "the precision re-weighted to production's fraud rate (or measured on a production-like sample)",
         "c": "accuracy on the balanced set, since precision depends on the mix"},
        "b",
        hints=["Precision counts false alarms, and the number of legitimate transactions decides how many "
               "false alarms there are.",
               f"In production about {(w @ y_test) / w.sum():.1%} of transactions are fraud, not 50%."],
        solution="(b). Precision depends on prevalence: with 50% fraud, false alarms are rare because "
                 "legitimate rows are rare. Re-weight each class to its production share "
                 "(`metrics.reweight_to_production`) or measure on a sample drawn like production.",
        feedback={"a": "The balanced set has far fewer legitimate transactions per fraud than production, "
                       "so it hides most false alarms and overstates precision.",
                  "c": "Accuracy on a balanced set is just as far from production, and it is the single "
                       "number this notebook argues against.",
                  "b": "Right: precision must be measured at the prevalence the model will face."},
    )

    q6 = thought(
        "Q6 · A risk the metrics do not show",
        "The lending model does not use `race` as a feature. Name one way it can still treat the groups "
        "differently, and one check you would add to the risk list.",
        hints=["Look at which features drive decisions, and ask whether they differ by group.",
               "Think about proxies, and about labels that record past decisions rather than true "
               "outcomes."],
        solution="Leaving out `race` does not remove it: features correlated with it (credit history, "
                 "insurance denial, neighbourhood unemployment) carry it in, and the labels are past "
                 "lenders' decisions, which may include discrimination. Add: compare feature "
                 "distributions by group, report selection rate and error rates by group with intervals at "
                 "every retrain, and have a human review of denials near the threshold.",
    )
    return q1, q2, q3, q4, q5, q6
