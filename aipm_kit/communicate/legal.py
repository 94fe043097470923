"""The legal and compliance text: data, learned patterns, what a flag does, and bias monitoring.

It states the inputs, what the model decides and when it is unsure, and decides the largest segment gap on its
interval against no gap and the ``GAP_REVIEW_TRIGGER``; :func:`gap_settle` says how much data settles a gap whose
interval straddles the trigger.
"""

from __future__ import annotations

from ..metrics import wilson_interval
from ._common import _band_split, _pct, _sim
from .decision import months_to_settle
from .result import ModelResult

#: The segment recall gap (a share: 0.10 is 10 points) above which a segment's data and threshold are reviewed.
GAP_REVIEW_TRIGGER = 0.10


def legal_explanation(result: ModelResult) -> str:
    """Data, learned patterns, what a flag does, behaviour when unsure, and bias monitoring, in plain words.

    The bias sentence decides on the largest gap's interval against two lines,
    0 (no gap) and the 10-point review trigger (:data:`GAP_REVIEW_TRIGGER`), and says that the largest of
    several pairwise gaps, picked after seeing the data, has an optimistic
    (too narrow) interval. Without group recalls it says a segment breakdown is required before launch.

    Parameters
    ----------
    result : ModelResult
        A result, as :func:`summarise_fraud_result` builds it.

    Returns
    -------
    str
        The text as one Markdown paragraph, headed ``**Legal and compliance.**``.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> print(legal_explanation(r))
    **Legal and compliance.** *Data:* the model learned from 48,000 past transactions (January to April) and
    uses only these fields: amount, hour. ... *Bias monitoring:* No segment breakdown is available yet; one is
    required before launch.
    """
    r = result
    lo, hi, gap = r.largest_group_gap
    groups = "; ".join(f"{g} {_pct(v)}" for g, v in sorted(r.group_recall.items()))
    gi = r.group_gap_interval
    k = len(r.group_recall)
    pairs = k * (k - 1) // 2
    if gi is None:
        gap_ci = ")."
    else:
        counts = "; ".join(f"{g} {k_} of {n}" for g, (k_, n) in sorted(r.group_counts.items()))
        trig = GAP_REVIEW_TRIGGER
        lines = [
            name
            for name, x in (("0 (no gap)", 0.0), (f"the {100 * trig:g}-point review trigger", trig))
            if gi[0] < x < gi[1]
        ]
        if gi[0] > trig:
            decision = (
                f"the whole interval is above the {100 * trig:g}-point trigger, so the segment's data and "
                "threshold are reviewed now"
            )
        elif gi[1] <= trig:
            decision = (
                f"the whole interval is below the {100 * trig:g}-point trigger, so no review is triggered; "
                "monitoring continues"
            )
        elif r.gap_precaution is None:
            decision = (
                "not yet settled. Legal's choice until it is: start the review now as a precaution, or "
                f"wait while more fraud cases in {lo} are collected"
            )
        elif r.gap_precaution:
            decision = (
                "not yet settled, so the review the trigger calls for starts now as a precaution, and more "
                f"fraud cases in {lo} are collected to settle it"
            )
        else:
            decision = (
                f"not yet settled, so no review is triggered yet; more fraud cases in {lo} are collected "
                "until the interval lies on one side of the trigger"
            )
        if gi[0] < trig < gi[1]:
            months, cases = gap_settle(r)
            decision += (
                f". Settling it takes about {months:.0f} months of labelled data like the test month (about "
                f"{cases:,.0f} fraud cases in {lo}): enough to tell, with an 80% chance, a true gap "
                f"{100 * trig:g} points either side of the trigger from the trigger itself"
            )
        contains = (
            f" The interval contains {' and '.join(lines)}: the data cannot yet say "
            + {
                2: "whether there is a gap at all, nor whether it is above the trigger",
                1: "on which side of that line the gap lies",
                0: "",
            }[len(lines)]
            + "."
            if lines
            else ""
        )
        band = f"{gi[0] * 100:.1f} to {gi[1] * 100:.1f} points"
        picked = (
            f"It is the largest of the {pairs} pairwise gaps, picked after seeing the data, so its 95% interval, "
            f"{band}, is optimistic (too narrow)."
            if pairs > 1
            else f"Its 95% interval is {band}."
        )
        gap_ci = f"; fraud caught of fraud seen: {counts}). {picked}{contains} Decision: {decision}."
    bias = (
        f"Recall by customer segment: {groups}; the largest gap is {gap * 100:.1f} points "
        f"({lo} against {hi}{gap_ci} It is reviewed monthly, and a gap above {100 * GAP_REVIEW_TRIGGER:g} points "
        "triggers a review of the segment's data and threshold."
        if groups
        else "No segment breakdown is available yet; one is required before launch."
    )
    learned = ", ".join(r.top_features) if r.top_features else ", ".join(r.features)
    proxy = (
        f" The {r.group_column} used below for bias monitoring is itself an input."
        if r.group_column and r.group_column in r.features
        else ""
    )
    legit = (1 - r.precision_ci[1], 1 - r.precision_ci[0])
    held = (
        f" The hold is itself an automated action that affects the customer, so a person reviews every hold: "
        f"{_pct(1 - r.precision)} of holds turn out to be legitimate customers (95% Wilson {_pct(legit[0])} to "
        f"{_pct(legit[1])})."
    )
    if r.group_hold_counts:  # the customer's harm, by segment: legitimate payments held; it leads the monitoring
        rates = "; ".join(
            f"{g} {_pct(k_ / n)} ({_pct(wilson_interval(k_, n)[0])} to {_pct(wilson_interval(k_, n)[1])}, "
            f"{k_:,} of {n:,})"
            for g, (k_, n) in sorted(r.group_hold_counts.items())
        )
        held, bias = (
            "",
            (
                f"Share of legitimate payments held, the wrongful holds, by segment (95% Wilson): {rates}; "
                "no review trigger is set on them yet. "
                + bias.replace("Recall by customer segment", "Fraud caught (recall) by segment", 1)
            ),
        )
    return (
        f"**Legal and compliance{_sim(r)}.** *Data:* the model learned from {r.training_rows:,} "
        f"{'simulated ' if r.simulated else ''}past transactions "
        f"({r.training_period}) and uses only these fields: {', '.join(r.features)}. No name, address or other "
        f"protected attribute is an input; whether an input stands in for one (a proxy) has not been tested "
        f"yet.{proxy} *What it learned:* patterns in {learned} that went with "
        f"confirmed fraud. *What it decides:* a flagged payment is put on hold until a person reviews it; the "
        f"model never declines a payment or closes an account on its own.{held} *When it is unsure:* scores in the uncertain band around the threshold, "
        f"{r.low_confidence_band[0]:.3f} to {r.low_confidence_band[1]:.3f} ({r.low_confidence_per_week:,.0f} a week) go to manual review"
        f"{_band_split(r)}. *Bias monitoring:* {bias}"
    )


def gap_settle(result: ModelResult, *, power: float = 0.8) -> tuple[float, float]:
    """How much data settles the largest segment gap against the review trigger: months, and fraud cases.

    Months of labelled data like the test month, and fraud cases in the lower-recall group, for the largest
    segment gap's interval to clear the review trigger with chance ``power`` when the true gap lies
    ``GAP_REVIEW_TRIGGER`` away from it (no gap at all, or twice the trigger): see :func:`months_to_settle`.

    Parameters
    ----------
    result : ModelResult
        A result, as :func:`summarise_fraud_result` builds it.
        It needs ``group_counts`` for the two groups of the largest gap (``ValueError`` otherwise).
    power : float, default 0.8
        The chance the interval clears the trigger, in [0, 1].

    Returns
    -------
    tuple of float
        ``(months, fraud cases in the lower-recall group)``.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> r2 = r.with_(group_recall={"consumer": 0.62, "new_market": 0.49},
    ...              group_counts={"consumer": (124, 200), "new_market": (49, 100)})
    >>> [round(x, 1) for x in gap_settle(r2)]
    [2.8, 279.8]
    """
    gi = result.group_gap_interval
    if gi is None:
        raise ValueError("the result has no segment gap interval (group_counts needed)")
    months = months_to_settle(gi, GAP_REVIEW_TRIGGER, power=power)
    lo = result.largest_group_gap[0]
    return months, months * result.group_counts[lo][1]
