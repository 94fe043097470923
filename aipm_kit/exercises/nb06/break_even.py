"""Exercise 2 of notebook 06: the cost of a missed complaint at which two options cost the same.

Each option's first-year cost is a straight line in the cost of a miss; the break-even is where the two lines
cross, found from the notebook's own options table priced twice.
"""

from __future__ import annotations

import math

from .. import _as_number, custom


def _break_even(held_out_options, first: str, second: str) -> float:
    """The cost of a missed complaint at which ``first`` and ``second`` cost the same over the first year.

    Each option's first-year cost is linear in that cost (a fixed part plus misses times the cost), so two
    pricings give each line.
    """
    at0 = held_out_options(missed_complaint_cost=0.0)["first-year cost ($)"]
    at1 = held_out_options(missed_complaint_cost=1.0)["first-year cost ($)"]
    slope = {o: at1[o] - at0[o] for o in (first, second)}
    if abs(slope[first] - slope[second]) < 1e-9:
        return math.inf
    return float((at0[second] - at0[first]) / (slope[first] - slope[second]))


def bind_options(
    *, held_out_options, default_cost: float, first: str = "accept the risk", second: str = "human review route"
):
    """Exercise 2 (by hand): the break-even cost of a missed complaint between two options.

    ``held_out_options(missed_complaint_cost=...)`` returns the options table priced on the
    held-out reviews, with ``one-off cost ($)``, ``running cost ($/month)``, ``missed complaints
    per month`` and ``first-year cost ($)`` columns. Any answer within 2% (or 10 cents) of the break-even
    is accepted; the feedback says which option each side of it favours.

    The break-even is found from the table priced at a cost of 0 and of 1 (each first-year cost is a straight
    line in the cost of a miss), at check time.

    Parameters
    ----------
    held_out_options : callable
        ``held_out_options(missed_complaint_cost=c)`` gives the options table priced at ``c`` dollars a missed
        complaint, indexed by option; only its ``first-year cost ($)`` column is read.
    default_cost : float
        The cost of a missed complaint the notebook priced at, in dollars, quoted in the prompt and feedback.
    first : str, default "accept the risk"
        The option whose first-year cost is compared; must be in the table.
    second : str, default "human review route"
        The option it is compared with; must be in the table.

    Returns
    -------
    Exercise
        A by-hand exercise, ``"2 · When is accepting the risk cheaper?"``; the answer is a cost in dollars.

    Raises
    ------
    ValueError
        When ``first`` or ``second`` is not an option of the table.

    Examples
    --------
    Accepting the risk costs $1,000 a year per dollar of a miss, the route $3,000 plus $100 per dollar: they
    meet at $3.33.

    >>> import pandas as pd
    >>> def options(missed_complaint_cost=15.0):
    ...     c = missed_complaint_cost
    ...     return pd.DataFrame({"first-year cost ($)": [1_000 * c, 3_000 + 100 * c]},
    ...                         index=["accept the risk", "human review route"])
    >>> q = bind_options(held_out_options=options, default_cost=15.0)
    >>> q.check(3.33).correct
    True
    >>> q.check(15)
    [2 · When is accepting the risk cheaper?] Not yet: At $15.00 per miss `accept the risk` costs $15,000 and
    `human review route` $4,500 in the first year, $10,500 apart, so that is not where they meet. Write each
    first-year cost as fixed + 12 × misses a month × cost and solve for the cost where the two are equal.
    """
    table = held_out_options(missed_complaint_cost=default_cost)
    for o in (first, second):
        if o not in table.index:
            raise ValueError(f"option {o!r} is not in the options table {list(table.index)}")

    def checker(answer):
        cost = _as_number(answer)
        even = _break_even(held_out_options, first, second)
        if not math.isfinite(even) or even < 0:
            return False, f"`{first}` and `{second}` never cost the same at a non-negative cost here."
        if abs(cost - even) <= max(0.02 * even, 0.10):
            return True, (
                f"About ${even:,.2f} per missed complaint: below it `{first}` is cheaper over the first "
                f"year, above it `{second}`. The notebook's ${default_cost:,.0f} is "
                f"{default_cost / even:.1f} times that, so the choice is not close unless a miss is "
                "really worth only a few dollars; near the break-even the two cost about the same and "
                "the choice rests on the interval of their difference, not on which point is lower."
            )
        year = held_out_options(missed_complaint_cost=cost)["first-year cost ($)"]
        gap = year[first] - year[second]
        return False, (
            f"At ${cost:,.2f} per miss `{first}` costs ${year[first]:,.0f} and `{second}` "
            f"${year[second]:,.0f} in the first year, ${abs(gap):,.0f} apart, so that is not where they "
            f"meet. Write each first-year cost as fixed + 12 × misses a month × cost and solve for the "
            "cost where the two are equal."
        )

    return custom(
        "2 · When is accepting the risk cheaper?",
        f"The notebook priced a missed complaint at ${default_cost:,.0f}, a guess. Rather than guess another, find "
        f"the break-even: the cost of one missed complaint at which `{first}` and `{second}` cost the same over "
        "the first year, at this shop's volume. Work it from the held-out table above (first-year cost = one-off + "
        "12 × (running cost + missed complaints per month × cost)) and answer with the cost in dollars (the feedback "
        "says which option is cheaper on each side of it).",
        checker,
        hints=[
            "Both first-year costs are straight lines in the cost of a miss c: fixed_A + 12·misses_A·c and "
            "fixed_B + 12·misses_B·c. Set them equal.",
            "`held_out_options(missed_complaint_cost=0.0)` gives each option's fixed part; the column "
            "`missed complaints per month` gives each slope (times 12).",
        ],
        solution=lambda: (
            f"Fixed parts and slopes from the table; they meet at about "
            f"${_break_even(held_out_options, first, second):,.2f} per missed complaint. Below it "
            f"`{first}` is cheaper, above it `{second}`."
        ),
        practice="by-hand",
    )
