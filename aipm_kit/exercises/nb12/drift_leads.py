"""Exercise 3: drift on a feature the model does not read, a lead rather than a verdict.

The features' meanings in words, and the decision exercise that asks what to do with the highest PSI
reading on a feature the model never reads.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .. import choice

FEATURE_NOTES = {
    "dep_delay": "minutes the flight pushed back behind schedule",
    "sched_dep_hour": "scheduled hour of departure",
    "distance": "miles flown",
    "carrier": "airline",
    "origin": "New York airport of departure",
    "air_time": "minutes in the air",
    "dest": "destination airport",
}


def harmless_drift(
    *,
    psi_table: pd.DataFrame,
    model_features: Sequence[str],
    threshold: float = 0.1,
    n_reference: int = 3,
    psi_low: pd.DataFrame | None = None,
    psi_high: pd.DataFrame | None = None,
):
    """Exercise 3: what to do when the alert falls on a feature the model does not read (a decision).

    ``n_reference`` is the number of training months a later month is compared with: a month from unchanged
    conditions falls outside their range with probability 2 / (n_reference + 1), the named wrong answer.
    ``psi_low`` and ``psi_high`` (same shape as ``psi_table``), when given, are each cell's 95% interval: the
    prompt then says whether the peak is wholly over the line or straddles it. The reading shown is the
    highest PSI of any feature the model does not read (the first feature when it reads them all); the
    accepted answer is ``"check"``.

    Parameters
    ----------
    psi_table : pandas.DataFrame
        PSI of each feature (rows) in each month (columns) against the reference quarter.
    model_features : sequence of str
        The features the model reads.
    threshold : float, default 0.1
        The PSI alert line.
    n_reference : int, default 3
        The number of training months.
    psi_low : pandas.DataFrame, optional
        Each cell's 95% lower end, same shape as ``psi_table``; read only with ``psi_high``.
    psi_high : pandas.DataFrame, optional
        Each cell's 95% upper end.

    Returns
    -------
    Exercise
        A ``"decision"`` choice among ``"page"``, ``"range"``, ``"ignore"``, ``"check"`` and ``"retrain"``.

    Examples
    --------
    >>> import pandas as pd
    >>> psi = pd.DataFrame({"m1": [0.05, 0.12, 0.03], "m2": [0.07, 0.02, 0.04]},
    ...                    index=["dep_delay", "air_time", "dest"])
    >>> q = harmless_drift(psi_table=psi, model_features=["dep_delay"])
    >>> [k for k in q.options if q.check(k).correct]
    ['check']
    >>> q.check("range")
    [3 · Drift that cannot move the score] Not yet: A lead, yes, but that ticket rule fires by chance. ...
    range with probability 2/4 = 0.50 on recall alone, ...
    """
    reads = set(model_features)
    unused = [f for f in psi_table.index if f not in reads]
    worst_unused = max(unused, key=lambda f: psi_table.loc[f].max()) if unused else list(psi_table.index)[0]
    peak, month = float(psi_table.loc[worst_unused].max()), str(psi_table.loc[worst_unused].idxmax())
    outside = 2 / (n_reference + 1)  # an unchanged month takes any of the n + 1 ranks with equal chance
    if psi_low is not None and psi_high is not None:
        lo, hi = float(psi_low.loc[worst_unused, month]), float(psi_high.loc[worst_unused, month])
        where = "wholly over" if lo >= threshold else "straddling" if hi >= threshold else "wholly under"
        reading = (
            f"PSI {peak:.3f} in {month}, its 95% interval {lo:.3f} to {hi:.3f} {where} the alert line of {threshold:g}"
        )
        status = "" if lo >= threshold else " (not yet even as drift: its interval reaches below the line)"
    else:
        reading = f"PSI {peak:.3f} in {month}, over the alert line of {threshold:g}"
        status = ""
    options = {  # of comparable length and detail, so that none stands out by its wording
        "page": (
            "page the team tonight: the reading sits at the alert line, and one page costs far less than a "
            "month of late flights nobody was warned about"
        ),
        "range": (
            "keep it as a lead; open a review ticket if the month's recall or its calibration gap falls "
            f"outside the range of the {n_reference} training months' values"
        ),
        "ignore": (
            f"silence alerts on `{worst_unused}` for good: the model never reads it, so its drift cannot "
            "move the score and only clutters the dashboard"
        ),
        "check": (
            "keep it as a lead; open a review ticket if the month's recall falls below the training "
            "quarter's, or its calibration gap moves off it, on a 95% interval of the difference"
        ),
        "retrain": (
            "retrain on the latest month now, so the model catches up with the new mix of flights before "
            "next month's readings arrive"
        ),
    }
    feedback = {
        "page": (
            f"`{worst_unused}` is not a model input, so its drift cannot move the score. A PSI alert measures "
            "a change in inputs, not a failure: page on evidence that the app is failing (recall, "
            "calibration), or you pay for false pages."
        ),
        "range": (
            f"A lead, yes, but that ticket rule fires by chance. Suppose every month, the {n_reference} "
            f"training months included, came from the same conditions: a later month would be as likely to "
            f"take any of the {n_reference + 1} ranks among them and itself, so it would fall outside their "
            f"range with probability 2/{n_reference + 1} = {outside:.2f} on recall alone, and adding the "
            "calibration gap only raises that. The training months are the ones the model was fitted to, "
            "so they may sit closer together than other months, which would make a ticket more likely "
            "still. Use section 2's test instead: the 95% interval of the month minus the training "
            "quarter."
        ),
        "ignore": (
            f"Its drift cannot move the score, but that does not make it harmless: `{worst_unused}` can be "
            "linked to lateness (minutes in the air are part of the arrival delay), so a change in it can "
            "change how lateness follows from what the model reads (concept drift), which the score "
            "cannot show. Silencing it throws that lead away."
        ),
        "retrain": (
            "Retraining is a fix; nothing has yet shown a problem to fix, and section 7 tests whether "
            "retraining helps at all. The model would still not read this feature."
        ),
        "check": (
            f"Right: `{worst_unused}` peaked at PSI {peak:.3f} in {month}{status}, and the model never reads "
            "it, so the reading is a lead, not a verdict. A month's PSI and its recall arrive together when it "
            "closes (arrivals are known the same day), so what decides whether anyone looks further is the "
            "outcome the business sees, judged on its interval. The test is the one section 2 uses: the "
            "month minus the training quarter, with a 95% interval that takes the day as the unit. In a "
            "month where nothing changed it fires about 2.5% of the time on recall (one side) and 5% on "
            f"the calibration gap (either side), where a point outside the range of {n_reference} training "
            f"months would fire {outside:.2f} of the time on recall alone. The calibration gap is the outcome "
            "that can show a change the score cannot. It is still a lead, against one quarter of one year, "
            "so such a month earns a review ticket, not a page: whether anything pages is the weekly rule "
            "replayed in section 8."
        ),
    }
    return choice(
        "3 · Drift that cannot move the score",
        f"The model reads {', '.join(f'`{f}`' for f in model_features)}. The heatmap's highest reading on a "
        f"feature it does not read is `{worst_unused}`: {reading}. You run the monitoring. What do you do with "
        "that reading? Answer with the option's key.",
        options,
        "check",
        feedback=feedback,
        practice="decision",
        hints=[
            "Can a feature the model never reads move its score? Can it still matter for lateness?",
            "What would tell you the app is actually failing its passengers that month? And how often would "
            f"your test say so in a month where nothing changed, with only {n_reference} training months to "
            "compare with?",
        ],
        solution=lambda: feedback["check"],
    )
