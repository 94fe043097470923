"""Exercise 3 of notebook 01: the earliest retraining day on which the label line passes, by hand.

``bind_retraining`` binds the exercise to the frauds' waits from the end of their month to their chargeback:
the earliest whole day on which every month's 90% Wilson interval of the share labelled clears the line.
"""

from __future__ import annotations

import numpy as np

from .. import _as_number, custom


def bind_retraining(*, wait_days, need: float, months=None, months_name: str = "fraud_month"):
    """Bind exercise 3 of notebook 01: the earliest retraining day on which the label criterion passes, by hand.

    Each retraining learns from one month's labels, so with ``months`` the criterion passes on a day when the low end
    of **every month's own** 90% Wilson interval of the share labelled clears ``need``; without it, the frauds are one
    sample. Only the earliest passing whole day from 0 to 30 after the month ends is accepted, or ``None`` when no day
    passes.

    Parameters
    ----------
    wait_days : array-like of float
        Per fraud, the days from the end of its month to its chargeback; not empty, no NaN.
    need : float
        The share of a month's fraud that must be labelled on retraining day (the notebook's
        ``MIN_KNOWN_AT_RETRAIN``), judged on the interval's low end.
    months : array-like, optional
        One month per fraud, the same shape as ``wait_days``: which month each fraud belongs to.
    months_name : str, default "fraud_month"
        The name the learner's notebook gives ``months``, quoted in the prompt and the hints.

    Returns
    -------
    Exercise
        The exercise (``q3``).

    Raises
    ------
    ValueError
        When ``wait_days`` is empty or holds NaN, or ``months`` does not match its shape.

    Examples
    --------
    >>> import numpy as np
    >>> q3 = bind_retraining(wait_days=np.arange(1, 101) - 50, need=0.5)  # 100 frauds: k are in by day k - 50
    >>> [day for day in range(31) if q3.check(day).correct]
    [9]
    >>> print(q3.check(9))
    [3 · The earliest retraining day, by hand] Correct: Right: 9 days after the month ends 59 of 100 frauds are
    labelled (59.0%, 90% Wilson 50.8% to 66.7%) against a need of 50%, and on day 8 the low end is still under ...
    >>> print(q3.check(8))
    [3 · The earliest retraining day, by hand] Not yet: Not yet: 8 days after the month ends 58 of 100 frauds are
    labelled (58.0%, 90% Wilson 49.8% to 65.8%) against a need of 50%: the low end of the interval must clear ...
    >>> q3.check(None).correct
    False
    """
    waits = np.asarray(wait_days, dtype=float)
    if waits.size == 0 or np.isnan(waits).any():
        raise ValueError("wait_days must hold one finite number per fraud")
    groups = np.zeros(waits.size, dtype=int) if months is None else np.asarray(months)
    if groups.shape != waits.shape:
        raise ValueError("months must hold one month per fraud, like wait_days")
    per_month = months is not None
    need = float(need)

    def shares_at(wait: float):
        """Per month (or pooled): (month, labelled, frauds, (low, high)) on that retraining day."""
        from ...metrics import wilson_interval

        rows = []
        for m in np.unique(groups):
            inside = waits[groups == m]
            labelled = int((inside <= wait).sum())
            rows.append((m, labelled, inside.size, wilson_interval(labelled, inside.size, confidence=0.90)))
        return rows

    def passes(wait: float) -> bool:
        return all(low >= need for *_, (low, _high) in shares_at(wait))

    def earliest() -> int | None:
        return next((d for d in range(0, 31) if passes(d)), None)

    def checker(answer):
        first = earliest()
        if answer is None:
            return (
                first is None,
                "Right: no day up to 30 passes, so monthly retraining on last month's fraud cannot meet the line."
                if first is None
                else "A day up to 30 does pass: look again, day by day, from 0.",
            )
        wait = _as_number(answer)
        if wait < 0 or wait > 30 or wait != int(wait):
            return False, (
                "Give a whole number of days from 0 to 30 after the month ends: later than that and "
                "the rule and the model are no longer retrained every month."
            )
        rows = shares_at(wait)
        lows = [low for *_, (low, _h) in rows]
        if per_month:
            where = (
                f"{wait:g} days after a month ends, "
                + "; ".join(
                    f"month {m}: {k} of {n} labelled ({k / n:.1%}, 90% Wilson {low:.1%} to {high:.1%})"
                    for m, k, n, (low, high) in rows
                )
                + f", against a need of {need:.0%}"
            )
        else:
            _, k, n, (low, high) = rows[0]
            where = (
                f"{wait:g} days after the month ends {k} of {n} frauds are labelled "
                f"({k / n:.1%}, 90% Wilson {low:.1%} to {high:.1%}) against a need of {need:.0%}"
            )
        if min(lows) >= need:
            if wait == first:
                before = (
                    ""
                    if wait == 0
                    else f", and on day {wait - 1:g} "
                    + ("some month's" if per_month else "the")
                    + " low end is still under the line"
                )
                return True, (f"Right: {where}{before}. The kit's `label_criterion(w)` takes the same line.")
            return False, (
                f"{where}: the line passes, but it already passes on day {first}. The question asks for "
                "the earliest day: step back one day at a time."
            )
        short = (
            "every month's own interval must clear the line, because each retraining learns from one month's labels"
            if per_month
            else "the low end of the interval must clear the line"
        )
        return False, f"Not yet: {where}: {short}. Look at a later day."

    each = (
        f"for each month separately (`{months_name}` says which month each fraud is from), count"
        if per_month
        else "count"
    )
    return custom(
        "3 · The earliest retraining day, by hand",
        f"Re-tuning the rule or refitting a model every month needs at least {need:.0%} of last month's fraud "
        "labelled on retraining day (`MIN_KNOWN_AT_RETRAIN`), judged on the 90% interval: a precondition of the "
        "schedule, for either option. `wait_days` holds, for each simulated fraud of the three older months "
        "(`history`, whose chargebacks are all in) inside the target's horizon, the days from the end of its month "
        "to its chargeback. For a retraining day `w` days "
        f"after a month ends: {each} the frauds labelled by then (`k`, out of `n`) and take "
        "`metrics.wilson_interval(k, n, confidence=0.90)`"
        + (
            "; each retraining learns from one month's labels, so every month's interval must clear the line. "
            if per_month
            else ". "
        )
        + "Find the **earliest** whole day from 0 to 30 (so retraining stays monthly) on which the line passes, "
        "and answer with it (`None` if no day does). Left empty, `RETRAIN_WAIT_DAYS` (parameters cell) takes "
        "that day; set it to another day and re-run to see what a different schedule does to everything after "
        "section 3.",
        checker,
        hints=[
            (
                f"`k = int((wait_days[{months_name} == m] <= w).sum())`, `n = int(({months_name} == m).sum())` for each "
                "month `m`; "
                if per_month
                else "`k = int((wait_days <= w).sum())`, `n = len(wait_days)`; "
            )
            + "the line passes when every interval's low end is at least the line.",
            "Loop `for w in range(0, 31)` and stop at the first `w` whose low ends all clear the line.",
        ],
        solution=lambda: (
            f"The earliest passing day is {earliest()} days after the month ends: the first day on which the low "
            "end of " + ("every month's" if per_month else "the") + " 90% Wilson interval clears the line."
            if earliest() is not None
            else "No day up to 30 passes (answer `None`): the chargebacks arrive too late for monthly retraining on "
            "last month's fraud."
        ),
        practice="by-hand",
    )
