"""Exercise 2: the warning threshold that makes the app's errors cheapest on the training quarter.

The check prices every threshold on a grid from the two error costs and accepts any answer within 2%
of the cheapest.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _as_number, custom


def warning_threshold(*, q1_flights: pd.DataFrame, cost_missed: float, cost_false: float, threshold: float):
    """Exercise 2: a warning threshold within 2% of the cheapest on the training quarter.

    The app warns when the score is at or above the threshold; a late flight not warned costs
    ``cost_missed`` and an on-time flight warned ``cost_false``. The check prices the answer and every
    threshold from 0.05 to 0.95 in steps of 0.05 on ``q1_flights`` and accepts the answer when its cost per
    flight is within 2% of the grid's cheapest.

    Parameters
    ----------
    q1_flights : pandas.DataFrame
        The training quarter's held-out flights: ``late`` (1/0 or True/False) and ``score`` (P(late)).
    cost_missed : float
        Dollars per late flight not warned.
    cost_false : float
        Dollars per on-time flight warned.
    threshold : float
        The warning threshold the notebook uses, named in the prompt and priced in the solution.

    Returns
    -------
    Exercise
        A ``"decision"`` exercise whose ``check`` takes a threshold strictly between 0 and 1.

    Examples
    --------
    >>> import pandas as pd
    >>> flights = pd.DataFrame({"late": [1, 0, 1, 0, 1, 0, 0, 0],
    ...                         "score": [0.9, 0.2, 0.6, 0.4, 0.3, 0.1, 0.5, 0.7]})
    >>> q = warning_threshold(q1_flights=flights, cost_missed=30, cost_false=10, threshold=0.5)
    >>> q.check(0.25)
    [2 · Set the warning threshold from the costs] Correct: At 0.25 the training quarter's held-out errors cost
    $3.750 per flight, within 2% of the lowest on the grid ($3.750 at 0.25). ...
    >>> q.check(0.5)
    [2 · Set the warning threshold from the costs] Not yet: At 0.5 the errors cost $6.250 per flight against
    $3.750 at 0.25: more late flights go unwarned. ...
    >>> q.check(1.5).correct
    False
    """
    late = q1_flights["late"].to_numpy().astype(bool)
    score = q1_flights["score"].to_numpy(dtype=float)
    grid = np.round(np.arange(0.05, 0.951, 0.05), 2)

    def cost_at(t: float) -> float:
        warn = score >= t
        return float((cost_missed * (late & ~warn).sum() + cost_false * (~late & warn).sum()) / len(late))

    def check_threshold(answer):
        t = _as_number(answer)
        if not 0 < t < 1:
            raise ValueError("a threshold is a probability between 0 and 1")
        costs = {float(g): cost_at(g) for g in grid}
        best_t = min(costs, key=costs.get)
        mine = cost_at(t)
        baselines = (
            f" For scale: never warning costs ${cost_missed * late.mean():.3f} per flight and always "
            f"warning ${cost_false * (1 - late.mean()):.3f}."
        )
        if mine <= costs[best_t] * 1.02 + 1e-12:
            return True, (
                f"At {t:g} the training quarter's held-out errors cost ${mine:.3f} per flight, within "
                f"2% of the lowest on the grid (${costs[best_t]:.3f} at {best_t:g}).{baselines}"
            )
        direction = "more late flights go unwarned" if t > best_t else "more on-time flights are warned"
        return False, (
            f"At {t:g} the errors cost ${mine:.3f} per flight against ${costs[best_t]:.3f} at "
            f"{best_t:g}: {direction}.{baselines} Choose on the training quarter's held-out flights, "
            "where the line is set before the months it will be used on."
        )

    q4 = custom(
        "2 · Set the warning threshold from the costs",
        f"The app warns when P(late) >= {threshold:g}. Using the training quarter's held-out flights "
        "(`q1_flights`, with `late` and `score`) and the two error costs, find the threshold that "
        "makes the app's errors cheapest per flight at these assumed costs, and answer with it. Any "
        "threshold whose cost is within 2% of the cheapest is accepted. Whether to ship that line before "
        "the business confirms the prices is a separate call, for your write-up.",
        check_threshold,
        practice="decision",
        hints=[
            "For a threshold t: warned = score >= t; cost = COST_MISSED_WARNING x (late and not "
            "warned) + COST_FALSE_WARNING x (on time and warned), divided by the flights.",
            "Try `t` from 0.05 to 0.95 in steps of 0.05 and keep the cheapest. For a calibrated "
            f"model the cheapest line is near cost_false / (cost_false + cost_missed) = "
            f"{cost_false / (cost_false + cost_missed):.2f}.",
        ],
        solution=lambda: (
            lambda costs: (
                f"The cheapest threshold on the grid is {min(costs, key=costs.get):g} "
                f"(${min(costs.values()):.3f} per flight, against "
                f"${cost_at(threshold):.3f} at {threshold:g}). The costs decide it: "
                "for a calibrated model the cheapest line sits near "
                f"{cost_false / (cost_false + cost_missed):.2f}, the false warning's "
                "share of the two prices."
            )
        )({float(g): cost_at(g) for g in grid}),
    )
    return q4
