"""Exercise 4 of notebook 00: the clause about the churn model a PM lets into a client's contract.

``bind_jobs`` binds the reading exercise on expectation management: which promise the held-out accuracy,
its interval, the trivial baseline and the weakest cohort can carry.
"""

from __future__ import annotations

from .. import choice
from .._answers import number as _rate
from .._answers import pair as _pair


def bind_jobs(*, accuracy: float, interval, baseline: float, gap_interval, weak_cohort: str, weak_recall: float):
    """Bind exercise 4 of notebook 00: the clause about the churn model a PM lets into a client's contract.

    A choice among five clauses, built from the numbers given; two are defensible and accepted: ``"c"`` (no figure
    yet, a measurement on the client's customers beside the trivial baseline) and ``"e"`` (the model stays out of the
    contract). The feedback on the others says what each overpromises.

    Parameters
    ----------
    accuracy : float
        The churn model's held-out accuracy, a share from 0 to 1.
    interval : tuple of float
        Its 90% interval, ``(low, high)``, fractions of 1.
    baseline : float
        The accuracy of predicting that nobody churns, a share from 0 to 1.
    gap_interval : tuple of float
        The 90% paired interval of the model's accuracy minus the baseline's, ``(low, high)`` in points.
    weak_cohort : str
        The cohort whose churners the model flags least, by name (not empty).
    weak_recall : float
        The share of that cohort's churners the model flags, from 0 to 1.

    Returns
    -------
    tuple of Exercise
        ``(q4,)``.

    Raises
    ------
    ValueError
        When a share is outside 0 to 1.
    TypeError
        When ``weak_cohort`` is not a non-empty string, or an interval is not a pair of numbers.

    Examples
    --------
    >>> (q4,) = bind_jobs(accuracy=0.86, interval=(0.84, 0.88), baseline=0.85, gap_interval=(-1.0, 3.0),
    ...                   weak_cohort="month-to-month contracts", weak_recall=0.3)
    >>> print(q4.check("c"))
    [4 · What goes into the contract?] Correct: Defensible: the gap over predicting that nobody churns is -1.0 to +3.0 ...
    >>> q4.check("a").correct
    False
    """
    accuracy, baseline, weak_recall = (
        _rate(v, n) for v, n in ((accuracy, "accuracy"), (baseline, "baseline"), (weak_recall, "weak_recall"))
    )
    for value, name in ((accuracy, "accuracy"), (baseline, "baseline"), (weak_recall, "weak_recall")):
        if not 0 <= value <= 1:
            raise ValueError(f"{name} must be a share between 0 and 1, got {value}")
    low, high = (_rate(v, "interval") for v in _pair(interval, "interval (low, high)"))
    gap_low, gap_high = (_rate(v, "gap_interval") for v in _pair(gap_interval, "gap_interval (low, high)"))
    if not isinstance(weak_cohort, str) or not weak_cohort:
        raise TypeError("weak_cohort must be the name of a cohort")
    options = {
        "a": f'"The churn model is {accuracy:.0%} accurate, as measured on the held-out customers of our own tests."',
        "b": f'"The churn model is {low:.0%} to {high:.0%} accurate (90% interval), measured on held-out customers in our tests."',
        "c": "\"No figure yet: we measure the model on your customers, beside 'nobody churns', by churners caught.\"",
        "d": (
            f'"Our tests measured up to {high:.0%} accuracy (the top of the 90% interval), so we guarantee '
            f'{high:.0%} to you."'
        ),
        "e": '"None: this model stays out of the contract until it beats doing nothing on your churners."',
    }
    inside = low <= baseline <= high
    one_split = (
        f"the gap over predicting that nobody churns is {gap_low:+.1f} to {gap_high:+.1f} points (90% "
        "interval), measured on one split of the customers only"
    )
    q6 = choice(
        "4 · What goes into the contract?",
        "A sales lead wants to put the churn model into a client's contract. You own what it promises (the PM job "
        "is expectation management). Which clause do you let through? Answer one letter; two clauses can be defended and `check()` "
        "accepts either.",
        options,
        correct={"c", "e"},
        hints=[
            "A promise the client can check must survive a new sample of customers and a comparison with doing "
            "nothing.",
            "How far above doing nothing is the model, on its 90% interval, and on how many splits?",
        ],
        solution=(
            f"Clause c or clause e: {one_split}, so no accuracy figure is shown to hold for the client's "
            f"customers. Clause b is a range, but of accuracy, where doing nothing scores {baseline:.1%}"
            + (" (inside the range). " if inside else ". ")
            + "Either promise "
            "only a measurement on the client's own customers, beside the trivial baseline and by the "
            "yardstick that matters (churners caught), or keep the model out until it beats doing "
            "nothing."
        ),
        feedback={
            "a": (
                f"A single number: a new sample of customers moves it ({low:.0%} to {high:.0%} at 90%), and "
                f"predicting that nobody churns already scores {baseline:.0%}. The client will read "
                f"{accuracy:.0%} as a specification."
            ),
            "b": (
                "A range with its confidence, but of accuracy, the wrong number for a rare outcome: the trivial "
                f"baseline, predicting that nobody churns, scores {baseline:.1%}"
                + (
                    ", inside that range, so the clause promises what doing nothing delivers"
                    if inside
                    else ", and the clause does not say so"
                )
                + f"; and {one_split}, of a public, old and partly synthetic table, not the client's customers."
            ),
            "c": (
                f"Defensible: {one_split}, so the clause promises no figure, only a measurement on the client's "
                "customers beside the trivial baseline, by churners caught. That is expectation management."
            ),
            "e": (
                f"Defensible: {one_split}, and on that split the model flags only {weak_recall:.0%} of the churners "
                f"with {weak_cohort} (a cohort picked after looking). Keeping it out of the contract promises nothing the evidence cannot carry."
            ),
            "d": (
                f"{high:.0%} is the optimistic end of a 90% interval from one split, on accuracy alone, where "
                f"predicting that nobody churns already scores {baseline:.0%}: guaranteeing it is overpromising "
                "twice."
            ),
        },
        practice="reading",
    )
    return (q6,)
