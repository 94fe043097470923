"""Exercises for notebook 12, the drift detection dashboard.

``q1, q2, q3 = bind(...)`` with the notebook's own tables; every expected
answer is computed from them at check time.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import pandas as pd

from . import choice, numeric


def bind(*, psi_table: pd.DataFrame, js_table: pd.DataFrame, ks_pvalues: pd.DataFrame,
         importance: Mapping[str, float], model_features: Sequence[str], alert_psi: float,
         feature: str = "dest", test_feature: str = "distance"):
    """Build the three exercises.

    Parameters
    ----------
    psi_table, js_table : feature x month tables against the reference quarter (PSI, Jensen-Shannon).
    ks_pvalues : feature x month KS p-values against the reference quarter.
    importance : permutation importance (AUC drop) of each model feature.
    model_features : the features the model reads.
    alert_psi : the PSI alert threshold.
    feature : the feature q1 asks about; test_feature : the one q3 asks about.
    """
    months = list(psi_table.columns)
    peak = psi_table.loc[feature]
    peak_month = str(peak.idxmax())

    q1 = numeric(
        "q1",
        f"In its worst month, what PSI did `{feature}` reach against the reference quarter? "
        "Read it from the feature-by-month table (`psi_table`).",
        lambda: float(psi_table.loc[feature].max()),
        rtol=0.01, atol=5e-4,
        wrong_answers=[
            (lambda: float(js_table.loc[feature].max()),
             "That is the Jensen-Shannon distance for the same feature: the question asks for PSI."),
            (lambda: float(psi_table.loc[feature].iloc[-1]),
             f"That is {months[-1]}, the last month, not the worst one."),
            (lambda: float(psi_table.max().max()),
             "That is the largest PSI of any feature; the question is about one feature."),
        ],
        hints=[f"Look along the row `{feature}` of `psi_table` and take the largest value.",
               f"`psi_table.loc['{feature}'].max()`: the worst month is {peak_month}."],
        solution=lambda: (f"`psi_table.loc['{feature}'].max()` = {peak.max():.3f} in {peak_month}: "
                          f"{'above' if peak.max() >= alert_psi else 'below'} the alert line of "
                          f"{alert_psi:g}."),
    )

    unused = [f for f in psi_table.index if f not in set(model_features)]
    monitored = list(psi_table.index)
    worst_unused = max(unused, key=lambda f: psi_table.loc[f].max()) if unused else monitored[0]
    feedback = {}
    for f in monitored:
        if f in importance:
            feedback[f] = (f"`{f}` feeds the model (its permutation importance is {importance[f]:.3f} "
                           f"AUC): its drift can change the predictions, so it is drift that may hurt.")
        elif f != worst_unused:
            feedback[f] = (f"`{f}` is not a model input, so its drift cannot hurt the model, but it is not "
                           f"the one that drifted most (peak PSI {psi_table.loc[f].max():.3f}).")
    feedback[worst_unused] = (f"Right: `{worst_unused}` drifted most of the features the model never "
                              f"reads (peak PSI {psi_table.loc[worst_unused].max():.3f}). An alert on it "
                              "would page someone for nothing the model can feel.")
    q2 = choice(
        "q2",
        "Which monitored feature shows the most drift that cannot hurt the model?",
        {f: ("model input" if f in set(model_features) else "monitored only") for f in monitored},
        worst_unused,
        feedback=feedback,
        hints=["Drift can only hurt the model through the features it reads: start with the ones it "
               "does not read.",
               "Among the features that are not model inputs, pick the one with the largest PSI in "
               "`psi_table`."],
        solution=lambda: (f"`{worst_unused}`: peak PSI {psi_table.loc[worst_unused].max():.3f}, and the "
                          "model never reads it."),
    )

    flagged = int((ks_pvalues.loc[test_feature] < 0.05).sum())
    by_psi = int((psi_table.loc[test_feature] >= alert_psi).sum())
    q3 = numeric(
        "q3",
        f"Against the reference quarter, in how many of the {len(months)} months does the KS test "
        f"flag `{test_feature}` as drifted (p < 0.05)? Use `ks_pvalues`.",
        lambda: float((ks_pvalues.loc[test_feature] < 0.05).sum()),
        wrong_answers=[
            (lambda: float((psi_table.loc[test_feature] >= alert_psi).sum()),
             f"That counts PSI alerts (PSI >= {alert_psi:g}); the question asks about KS p-values."),
            (lambda: float((ks_pvalues.loc[test_feature] >= 0.05).sum()),
             "That counts the months the test does *not* flag."),
        ],
        hints=["Count the months where the p-value is below 0.05: `(ks_pvalues.loc[...] < 0.05).sum()`.",
               "With tens of thousands of flights a month, tiny differences are 'significant'."],
        solution=lambda: (f"{flagged} of {len(months)} months (the reference months themselves are "
                          f"part of the reference, so they rarely count), while PSI flags {by_psi}: with "
                          "this many rows a p-value measures the sample size as much as the drift."),
    )
    return q1, q2, q3
