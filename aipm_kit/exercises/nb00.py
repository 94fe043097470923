"""Exercises for notebook 00 (orientation).

``bind(boot=..., by_cohort=...)`` returns ``q1, q2, q3``; expected answers are
computed from the arrays and tables passed in, at check time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import choice, custom, numeric

JOBS = {
    "expectation management": "promise ranges and confidence, not dates and single numbers",
    "data strategy": "secure, label, version and audit the data",
    "performance governance": "drift, latency, impact, early warning",
    "ethics and compliance": "bias, explainability, documented risks",
    "technical-to-business translation": "model metrics into money, hours and users",
    "experiment design": "real improvement versus random variation",
}


def bind(*, boot, by_cohort: pd.DataFrame):
    """Exercises 1-3 of notebook 00."""
    from .._checks import as_1d, check_columns

    boot = as_1d(boot, "boot").astype(float)
    if len(boot) < 2:
        raise ValueError(f"boot must hold at least 2 resampled accuracies, got {len(boot)}")
    check_columns(by_cohort, ["accuracy"], name="by_cohort")

    def width_pp() -> float:
        return float((np.percentile(boot, 95) - np.percentile(boot, 5)) * 100)

    q1 = numeric(
        "Q1 · The width of the interval",
        "How wide is the 90% bootstrap interval of the accuracy, in percentage points?",
        width_pp,
        atol=0.01,
        hints=[
            "A 90% interval runs from the 5th to the 95th percentile of the resampled accuracies.",
            "`np.percentile(boot, 95) - np.percentile(boot, 5)` is the width as a fraction; multiply by 100 "
            "for percentage points.",
        ],
        solution="`(np.percentile(boot, 95) - np.percentile(boot, 5)) * 100`. Quote the model as "
                 "'right about X% of the time, give or take half that width', not as a single number.",
        wrong_answers=[
            (lambda: width_pp() / 100, "That is the width as a fraction of 1. The question asks for percentage "
                                       "points: multiply by 100."),
            (lambda: float(np.std(boot) * 100), "That is the standard deviation of the resamples, not the width "
                                                "of the 90% interval (5th to 95th percentile)."),
            (lambda: float((boot.max() - boot.min()) * 100), "That is the full range, min to max, which depends on "
                                                             "how many resamples you drew. Use the 5th and 95th "
                                                             "percentiles."),
            (lambda: float((np.percentile(boot, 97.5) - np.percentile(boot, 2.5)) * 100),
             "That is the 95% interval (2.5th to 97.5th percentile). The question asks for the 90% one."),
        ],
        fmt="{:.2f}",
    )

    def cohort_checker(answer):
        if not isinstance(answer, str):
            raise TypeError(f"answer with the cohort's name as text, got {type(answer).__name__}")
        names = list(by_cohort.index)
        key = answer.strip()
        worst = by_cohort["accuracy"].idxmin()
        if key not in names:
            return False, f"{key!r} is not a cohort of the table; the names are {names}."
        if key == worst:
            extra = ""
            if {"churn rate", "trivial accuracy"} <= set(by_cohort.columns):
                row = by_cohort.loc[worst]
                extra = (f" Set it beside its own baseline: that cohort churns {row['churn rate']:.1%} of the time, "
                         f"so the trivial rule there scores {row['trivial accuracy']:.1%}.")
            return True, (f"Right: {worst} ({by_cohort.loc[worst, 'accuracy']:.1%}). A single overall number "
                          "hides it." + extra)
        if key == by_cohort["accuracy"].idxmax():
            return False, "That is the cohort where the model does *best*. Look for the smallest accuracy."
        if key == "all customers":
            return False, "That is everyone together, the overall number that hides the weak cohorts."
        return False, (f"{key} has accuracy {by_cohort.loc[key, 'accuracy']:.1%}; another cohort is lower. "
                       "Sort the table by `accuracy`.")

    q2 = custom(
        "Q2 · The weakest cohort",
        "For which cohort is the model least accurate?",
        cohort_checker,
        hints=[
            "Look at the `accuracy` column of `by_cohort`.",
            "`by_cohort['accuracy'].idxmin()` gives the row name of the smallest value.",
        ],
        solution=lambda: (f"`by_cohort['accuracy'].idxmin()` is **{by_cohort['accuracy'].idxmin()}**. Check its "
                          "interval too: a small cohort can look bad by chance."),
    )

    q3 = choice(
        "Q3 · The PM job behind a promise",
        "A sales lead wants to promise a client 'the churn model is 87% accurate'. Which PM job is this about?",
        JOBS,
        correct="expectation management",
        hints=[
            "The problem is not the model; it is the promise being made about it.",
            "Which job is about promising ranges and confidence instead of a single number?",
        ],
        solution="Expectation management: say how often the model is right, for whom, and with what "
                 "confidence (the interval and the weak cohorts from section 1), before the client finds out.",
        feedback={
            "technical-to-business translation": "Close: translation turns metrics into business terms. But the "
                                                 "risk here is overpromising: a single number with no range or "
                                                 "cohorts. Which job guards against that?",
            "experiment design": "Experiment design tells real improvements from noise. Nobody is comparing two "
                                 "versions here; the issue is what is being promised.",
            "performance governance": "Governance watches the live model. This is about what is promised "
                                      "before anyone watches anything.",
            "expectation management": "Right: replace the single number with a range and the cohorts where it "
                                      "is weaker.",
        },
    )
    return q1, q2, q3
