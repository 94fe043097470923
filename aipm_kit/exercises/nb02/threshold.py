"""Exercise 4 of notebook 02 and the kit's threshold rule: an operating threshold and what it can promise.

``bind_threshold`` binds the decision (a threshold whose review hours fit, and a promise at or below the low
end of its interval); ``choose_threshold`` is the kit's own rule, which the notebook applies without
showing it before the exercise.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .. import _as_number, custom
from ._common import _pair

EDGE_KEYS = ("model minus hand rule: net a day", "model minus hand rule: low", "model minus hand rule: high")


def bind_threshold(
    *, evidence, capacity_hours: float, hours_key: str = "review hours a week (estimated)", over_rule: bool = False
):
    """Bind exercise 4 of notebook 02 (decision): pick an operating threshold and the net value a day it can promise.

    The answer is a pair ``(threshold, dollars a day)``. Accepted: any threshold whose estimated review hours
    (``evidence(t)[hours_key]``) fit ``capacity_hours`` with any positive promise at or below the low end of its net
    value's 95% interval. Net value a day is counted against no screening. When the evidence also has ``"hand rule:
    net value a day"`` (with ``"hand rule: alerts"``, ``"hand rule: low"`` and ``"hand rule: high"``: the team's rule
    at as many alerts, same unit), the feedback sets the threshold's value beside it. A threshold whose net value is
    not finite (the audit valued too few alerts there) cannot carry a promise.

    With ``over_rule`` the promise is the model's edge over that rule instead: net value a day of the model minus
    the rule at as many alerts, paired (``EDGE_KEYS`` in the evidence: the estimate and its 95% interval). Any
    promise at or below the low end of that interval is accepted, a negative one too: where the evidence cannot
    show an edge, the defensible promise says how much the model might fall short of the rule.

    Parameters
    ----------
    evidence : callable
        ``evidence(threshold)`` gives a mapping with ``hours_key``, ``"net value a day"``, ``"low"`` and ``"high"``
        (the net value's 95% interval, dollars a day), and optionally the hand rule's and the edge's keys above. It is
        called with the threshold rounded to 4 decimals, and its results are cached.
    capacity_hours : float
        The review hours a week the plan allows for alerts.
    hours_key : str, default "review hours a week (estimated)"
        The evidence's key for the hours that must fit.
    over_rule : bool, default False
        Whether the promise is the model's paired edge over the hand rule instead of its value against no screening.

    Returns
    -------
    Exercise
        The exercise (``q4``).

    Raises
    ------
    ValueError
        With ``over_rule``, when ``evidence(0.5)`` does not give the ``EDGE_KEYS``.

    Examples
    --------
    >>> def evidence(t):  # made up: hours and value fall as the threshold rises; the interval is +/- $300
    ...     return {"review hours a week (estimated)": 200 * (1 - t), "net value a day": 1_000 * (1 - t),
    ...             "low": 1_000 * (1 - t) - 300, "high": 1_000 * (1 - t) + 300}
    >>> q4 = bind_threshold(evidence=evidence, capacity_hours=100)
    >>> print(q4.check((0.65, 50)))
    [4 · Pick and defend an operating threshold] Correct: At 0.65, review hours a week (estimated): 70.0; net value ...
    >>> print(q4.check((0.65, 300)))
    [4 · Pick and defend an operating threshold] Not yet: ... The interval reaches down to +50 dollars a day: ...
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
    """The kit's threshold rule: of the thresholds that fit the hours, the fewest hours among those close to the best.

    Of the thresholds that fit the hours, it picks the one needing the fewest review hours among those shown to give
    up less than ``margin`` dollars a day against the highest net value:

    1. Candidates: thresholds with ``busiest_week_hours <= hours_limit``, estimable, with a finite net value.
    2. The best is the candidate with the highest net value (ties: the higher threshold).
    3. Each other candidate's replicates minus the best's give a paired 95% percentile interval. A candidate is
       *within the margin* only when that interval's low end, less how far that end moves with the bootstrap's own
       draws, is at least ``-margin``: the evidence shows it gives up less than the margin (a non-inferiority
       reading; an interval that merely reaches zero shows nothing of the kind).
    4. Of the candidates within the margin (the best included), the pick needs the fewest busiest-week hours
       (ties: the higher threshold).

    Parameters
    ----------
    sweep : pandas.DataFrame
        One row per threshold, with the columns ``threshold``, ``busiest_week_hours``, ``estimable`` (whether the
        audit can value the alerts there) and ``net_value_per_day`` (the point estimate, dollars a day).
    hours_limit : float
        The review hours the busiest week may take.
    net_replicates : callable
        ``net_replicates(threshold)`` gives that threshold's bootstrap replicates of the net value a day, drawn on
        the same resamples for every threshold, so differences between thresholds are paired.
    margin : float
        Dollars a day, at least 0, set before the data: what the team will give up against the best to save review
        hours.
    report : bool, default False
        Whether to return the table of candidates with the pick.

    Returns
    -------
    float or tuple
        The threshold, or with ``report`` ``(threshold, table)``: one row per candidate, indexed by threshold, with
        its net value, the difference from the best, the paired interval's ``low`` and ``high``, the low end's
        noise, whether it is within the margin and its busiest week's hours.

    Raises
    ------
    ValueError
        When no threshold is a candidate, or ``margin`` is not a number at least 0.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> sweep = pd.DataFrame({"threshold": [0.1, 0.2, 0.3, 0.4], "busiest_week_hours": [10.0, 8.0, 5.0, 3.0],
    ...                       "estimable": [True, True, True, False], "net_value_per_day": [120.0, 100.0, 90.0, 80.0]})
    >>> base = np.linspace(50.0, 150.0, 401)
    >>> replicates = {0.2: base, 0.3: base - 10.0}  # 0.3 is always $10 a day below 0.2
    >>> pick, table = choose_threshold(sweep, hours_limit=9.0, net_replicates=lambda t: replicates[round(t, 2)],
    ...                                margin=10.0, report=True)
    >>> pick
    0.3
    >>> table[["minus the best", "low", "within margin", "busiest week (h)"]]
               minus the best   low  within margin  busiest week (h)
    threshold
    0.2                   0.0   0.0           True               8.0
    0.3                 -10.0 -10.0           True               5.0
    >>> choose_threshold(sweep, hours_limit=9.0, net_replicates=lambda t: replicates[round(t, 2)], margin=9.99)
    0.2
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
