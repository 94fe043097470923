"""Exercises for notebook 06 (interview practice).

Expected answers are computed from what the notebook passes to :func:`bind`.
"""

from __future__ import annotations

from . import choice, custom, numeric, thought


def bind(*, slice_table, report, options_cost, maturity, accuracy):
    """Return ``q1 .. q6`` for notebook 06.

    Parameters
    ----------
    slice_table : DataFrame from :func:`aipm_kit.interview.metrics_by_slice` (rows overall, plain, sarcastic)
    report : the :class:`~aipm_kit.interview.ModelReport` whose red flags q2 asks for
    options_cost : Series, first-year cost of each sarcasm option (index = option names)
    maturity : the :class:`~aipm_kit.interview.MaturityScore` of the example team
    accuracy : the sentiment model's overall accuracy
    """
    from ..interview import RED_FLAGS, check_red_flags, find_red_flags

    sarc = float(slice_table.loc["sarcastic", "recall"])
    overall = float(slice_table.loc["overall", "recall"])
    plain = float(slice_table.loc["plain", "recall"])

    q1 = numeric(
        "q1",
        "What share of sarcastic complaints does the sentiment model recognise as negative (its recall on the "
        "sarcastic slice)?",
        lambda: sarc, atol=0.005,
        hints=["Slice the out-of-fold predictions by the `sarcastic` flag.",
               "Recall = negative reviews predicted negative / all negative reviews, inside the slice: "
               "`slice_table.loc['sarcastic', 'recall']`."],
        solution=lambda: f"{sarc:.1%}: every sarcastic review is a complaint, and the model catches only that share.",
        wrong_answers=[(lambda: overall, "That is the recall over all negative reviews; the question asks about "
                                         "the sarcastic slice."),
                       (lambda: plain, "That is the recall on plain reviews, where the model does well."),
                       (lambda: accuracy, "That is the overall accuracy, the number that hides the problem.")],
        fmt="{:.3f}",
    )

    flags = sorted(find_red_flags(report))
    q2 = custom(
        "q2",
        f"List the red flags in '{report.title}', using the names {list(RED_FLAGS)}.",
        lambda answer: check_red_flags(report, answer),
        hints=["Check five things in turn: how many metrics, whether validation looks like production, "
               "whether a rollback number exists, how many alerts it is read from, and every segment's recall "
               "against the overall recall.",
               "Compare the two positive rates: a relative difference above a quarter means the validation data "
               "is not production-like."],
        solution=lambda: f"`{flags}`: " + "; ".join(RED_FLAGS[f] for f in flags) + ".",
    )

    best = str(options_cost.idxmin())
    q3 = choice(
        "q3",
        "Counting one-off costs, running costs and the cost of complaints that are still missed over the first "
        "year, which option for the sarcasm gap is cheapest?",
        {name: f"first-year cost ${cost:,.0f}" for name, cost in options_cost.items()}, best,
        hints=["First-year cost = one-off cost + 12 x (running cost + cost of misses per month).",
               "Accepting the risk is not free: the misses have a cost every month."],
        solution=lambda: (f"`{best}` at ${options_cost[best]:,.0f}; the next cheapest is "
                          f"`{options_cost.drop(best).idxmin()}` at ${options_cost.drop(best).min():,.0f}."),
        feedback={name: (f"`{name}` costs ${cost:,.0f} in the first year, "
                         f"${cost - options_cost[best]:,.0f} more than `{best}`.")
                  for name, cost in options_cost.items() if name != best},
    )

    q4 = numeric(
        "q4",
        "Score the example team with `interview.score_team_maturity`: what score (0 to 100) does it get?",
        lambda: maturity.score, atol=0.05,
        hints=["Pass the answers dict and the two experiment counts.",
               "Green statements that hold earn their weight, red statements that hold lose it; the production "
               "share adds up to two points."],
        solution=lambda: f"{maturity.score:.1f} ({maturity.level}).",
        wrong_answers=[(lambda: round(100 * len(maturity.green_flags) / (len(maturity.green_flags)
                                                                          + len(maturity.red_flags) or 1), 1),
                        "That counts flags without their weights or the missing green ones.")],
        fmt="{:.1f}",
    )

    q5 = thought(
        "q5",
        f"Product sense: a stakeholder says the review model is ready because it is {accuracy:.1%} accurate. "
        "What do you ask before agreeing, and what would you put on the launch dashboard?",
        hints=["Who is hurt by each kind of error, and how often does each happen?",
               "Which slices of reviews matter most to the business, and how are they doing?"],
        solution=lambda: (
            f"Ask what the model's output is used for (routing complaints to support, a product-quality "
            f"dashboard) and so which error is expensive: a missed complaint here. Then ask for recall on "
            f"complaints by slice: overall it is {overall:.0%}, on sarcastic reviews {sarc:.0%}. Ask how "
            f"common sarcasm is in production (the labelled set may not match), and what the rollback "
            f"threshold is. Dashboard: recall on complaints overall and on the sarcastic slice, the share of "
            f"reviews the model is unsure about, the volume routed to people, and a weekly sample of misses "
            f"read by a person."),
    )

    q6 = thought(
        "q6",
        "Ethical judgement: support wants to auto-close tickets from customers whose reviews the model calls "
        "positive. What are the risks, and what would you agree to?",
        hints=["Which customers does the model misread, and what happens to them under this rule?",
               "What would a safer version of the same idea look like?"],
        solution=lambda: (
            f"The model misreads exactly the customers who complain with irony: {1 - sarc:.0%} of sarcastic "
            f"complaints are called positive, so those customers would have their tickets closed unheard. "
            f"Irony is not evenly spread across people (age, culture, language), so the harm may fall on some "
            f"groups more than others. Agree instead to use the score to *prioritise* (positive reviews wait "
            f"longer, nothing is closed automatically), sample and read closed-as-positive tickets weekly, "
            f"measure recall by slice before and after, and give every customer a one-click way to reopen."),
    )
    return q1, q2, q3, q4, q5, q6
