"""Exercise 4 of notebook 01: choose the model variant on validation rows, before the test month.

``bind_variant`` binds the decision to the paired difference in value between the cost-sensitive and the
unweighted variant and its 90% bootstrap interval.
"""

from __future__ import annotations

from .. import custom

VARIANTS = {"unweighted": "unweighted model", "cost-sensitive": "cost-sensitive model"}


def bind_variant(*, gap: float, gap_interval, fits: int | None = None):
    """Bind exercise 4 of notebook 01: choose the model variant that goes on to the test month, on validation rows only.

    The answer is a key of ``VARIANTS``. When the interval excludes zero only the variant it favours is accepted; when
    it straddles zero the validation rows cannot choose, and either variant is accepted with the reason that could
    carry it.

    Parameters
    ----------
    gap : float
        The cost-sensitive variant's value minus the unweighted one's on the validation rows, in dollars.
    gap_interval : tuple of float
        Its 90% paired bootstrap interval, ``(low, high)`` with ``low <= high``.
    fits : int, optional
        How many fits, differing only in their random seed, each variant averages; named in the prompt.

    Returns
    -------
    Exercise
        The exercise (``q4``).

    Raises
    ------
    ValueError
        When ``gap_interval``'s low end is above its high end.

    Examples
    --------
    >>> q4 = bind_variant(gap=1200.0, gap_interval=(300.0, 2100.0), fits=5)
    >>> print(q4.check("cost-sensitive"))
    [4 · Choose the model variant, before the test month] Correct: Right: the cost-sensitive variant minus ...
    >>> q4.check("unweighted").correct
    False
    >>> bind_variant(gap=-50.0, gap_interval=(-400.0, 300.0)).check("unweighted").correct  # a tie: either
    True
    """
    gap = float(gap)
    low, high = (float(x) for x in gap_interval)
    if low > high:
        raise ValueError("gap_interval must be (low, high) with low <= high")
    status = "cost-sensitive" if low > 0 else "unweighted" if high < 0 else "tie"
    where = (
        f"the cost-sensitive variant minus the unweighted one is {gap:+,.0f} dollars on the validation rows "
        f"(90% paired bootstrap {low:+,.0f} to {high:+,.0f})"
    )
    reasons = {
        "cost-sensitive": "a reason you could hold before any data: the business loses dollars, so train on them",
        "unweighted": "a reason you could hold before any data: the simpler model, every row counting the same, "
        "with no weights to keep up and explain",
    }

    def checker(answer):
        key = str(answer).strip().strip("'\"").lower().replace(" model", "").replace("_", "-")
        if key not in VARIANTS:
            raise ValueError(f"answer with one of {list(VARIANTS)}")
        if status == "tie":
            return True, (
                f"Defensible: {where}, an interval straddling zero, so the validation rows cannot choose "
                f"and the choice rests on {reasons[key]}. The other variant is as defensible. The test "
                "month reports both, so you will see how much rides on this call."
            )
        if key == status:
            return True, (
                f"Right: {where}, an interval clear of zero in its favour: the {VARIANTS[key]} is worth "
                "more on rows the fits never saw."
            )
        return False, (
            f"{where}: the whole interval favours the {VARIANTS[status]}. Choosing the other variant "
            "throws away the only evidence the training months give."
        )

    bag = (
        ""
        if fits is None
        else (
            f" (each variant the average of {int(fits)} fits that differ only in their "
            "random seed, like the fraud models of the test month)"
        )
    )
    return custom(
        "4 · Choose the model variant, before the test month",
        "Two variants of the model were each fitted on three quarters of the simulated training rows and scored "
        f"on the other quarter, the validation rows{bag}; the test month has not been scored. The comparison "
        "printed above is in dollars of value at the team's alert rate, with its 90% paired bootstrap interval. "
        "Choose the variant that goes on to the test month and gate 1: `'unweighted'` or `'cost-sensitive'`. "
        "If the interval excludes zero, the variant it favours is the call; if it straddles zero, the data cannot "
        "choose, and you choose on a reason you would have held before seeing them. Then set `MODEL_VARIANT` "
        "(parameters cell) to your choice and re-run.",
        checker,
        hints=[
            "Is zero inside the interval? If not, which side is it on?",
            "On a tie, either variant is defensible: say which reason carries yours, one that does not depend on "
            "these numbers.",
        ],
        solution=lambda: (
            f"{where[0].upper()}{where[1:]}. "
            + (
                f"The interval straddles zero: either variant is defensible; the notebook's default "
                f"takes the cost-sensitive one ({reasons['cost-sensitive']})."
                if status == "tie"
                else f"The interval favours the {VARIANTS[status]}: `'{status}'`."
            )
        ),
        practice="decision",
    )
