"""Exercise 1 of notebook 02: how long to wait for a month's labels, and the share required.

``bind_label_wait`` binds the decision to the record of the share of chargebacks arrived by each wait, with its
95% interval: the learner sets a line and picks a wait whose interval's low end clears it.
"""

from __future__ import annotations

import math

from .. import _as_number, custom
from ._common import _pair


def bind_label_wait(*, waits, line: float | None = None, min_line: float = 0.80):
    """Bind exercise 1 of notebook 02 (decision): the share of a month's chargebacks required, and the wait that gives it.

    The answer is a pair ``(line, days)``: the share the learner requires to be in, judged on the interval's low end,
    and one of the waits in ``waits``. Accepted: any line from ``min_line`` up (below it, more than one chargeback in
    five could still be to come, each a fraud taught as legitimate) with any listed wait whose low end clears that
    line; a longer wait than the shortest such one is accepted with what it costs. When no listed wait clears the
    learner's line, the longest listed wait (the nearest) is accepted, with that said. The notebook reads an accepted
    answer (``q1_answer``) in the cell after the exercise, and the feedback says so.

    Parameters
    ----------
    waits : mapping
        A wait in days to ``(share, low, high)``: the share of the record's chargebacks that had arrived by then and
        its 95% interval, with ``low <= share <= high``. Not empty.
    line : float, optional
        The notebook's ``MIN_LABELS_ARRIVED``, a line the notebook uses until the learner's pair is accepted; the
        solution names the wait it gives.
    min_line : float, default 0.80
        The lowest line the exercise accepts.

    Returns
    -------
    Exercise
        The exercise (``q1``).

    Raises
    ------
    ValueError
        When ``waits`` is empty or a wait's share is outside its interval.

    Examples
    --------
    >>> q1 = bind_label_wait(waits={30: (0.73, 0.66, 0.79), 45: (0.88, 0.83, 0.92), 60: (0.95, 0.91, 0.97)})
    >>> print(q1.check((0.8, 45)))
    [1 · How long to wait for the labels] Correct: Defensible. At 45 days 88.0% had arrived (95% interval 83.0% ...
    >>> print(q1.check((0.85, 45)))
    [1 · How long to wait for the labels] Not yet: At 45 days ... The low end is below your own line: ...
    """
    table = {int(d): tuple(float(v) for v in spec) for d, spec in dict(waits).items()}
    if not table or any(not lo <= share <= hi for share, lo, hi in table.values()):
        raise ValueError("give each wait as (share, low, high) with low <= share <= high")
    team_line, min_line = (None if line is None else float(line)), float(min_line)

    def reading(d):
        share, lo, hi = table[d]
        return f"at {d} days {share:.1%} had arrived (95% interval {lo:.1%} to {hi:.1%})"

    def still_to_come(d):
        share, lo, _ = table[d]
        return (
            f"up to {1 - lo:.1%} of the chargebacks the record holds (on the interval's low end; "
            f"{1 - share:.1%} on the record's share), and any arriving after the record ends, still to come, "
            "each a fraud taught as legitimate"
        )

    def checker(answer):
        own, days = _pair(answer, "(the share you require, days to wait), e.g. (0.85, 45)")
        own, value = _as_number(own), _as_number(days)
        if not 0 < own < 1:
            return False, "Give the share you require as a fraction between 0 and 1 (0.9 for 90%)."
        if value != math.floor(value) or int(value) not in table:
            return False, (
                "Answer with one of the waits the record shows: " + ", ".join(f"{d}" for d in sorted(table)) + " days."
            )
        d = int(value)
        said = f"{reading(d).capitalize()}, against your line of {own:.0%} on the interval's low end."
        if own < min_line:
            return False, (
                f"A line of {own:.0%} lets a month's labels be used with more than one chargeback in "
                f"{round(1 / (1 - min_line))} still to come: each is a caught fraud taught as legitimate, on "
                "top of the fraud nobody ever charges back. This exercise accepts lines from "
                f"{min_line:.0%} up; weigh a month of delay against that."
            )
        clears = sorted(k for k, (_, lo, _) in table.items() if lo >= own)
        rerun = (
            f" The cell after this exercise reads `q1_answer`: run it and the cells below it, and the notebook "
            f"uses your call, a line of {own:g} and a wait of {d} days."
        )
        if not clears:  # no wait in the record clears the learner's line: the longest comes nearest
            if d == max(table):
                return True, (
                    f"{said} No wait in the record clears your line on its whole interval; the longest, "
                    f"{d} days, comes nearest. A longer record (more months of chargebacks) would narrow the "
                    f"intervals; until then the labels are used with less certainty than you ask.{rerun}"
                )
            return False, (
                f"{said} No wait in the record clears your line; the longest, {max(table)} days, comes "
                "nearest. Wait longer, or lower the line and say what that costs."
            )
        if d not in clears:
            return False, (
                f"{said} The low end is below your own line: at {d} days a month could be used with "
                f"fewer of its chargebacks in than you require. Wait longer, or lower the line."
            )
        cost = f"At {d} days that leaves {still_to_come(d)}, and every retrain and gate comes {d} days after its month."
        if d > clears[0]:
            return True, (
                f"Defensible, with a cost. {said} {clears[0]} days clears your line too: each extra day "
                f"delays every retrain and every gate by a day. {cost}{rerun}"
            )
        return True, (
            f"Defensible. {said} It is the shortest wait in the record that clears your line on its whole "
            f"interval. {cost}{rerun}"
        )

    return custom(
        "1 · How long to wait for the labels",
        "A chargeback still to come when a month's labels are used leaves a caught fraud taught as legitimate; "
        "every day of waiting puts every retrain and every gate a day later. Make the team's call: set the share of "
        "a month's chargebacks you require to be in, judged on the low end of the 95% Wilson interval, and choose "
        "from the record printed above (months 1-2's simulated chargebacks, the share arrived by each wait) how many days "
        "after a month ends the team waits before using its labels. Answer with a pair: `(share you require, days)`, "
        "the days one of the waits shown.",
        checker,
        practice="decision",
        hints=[
            "Decide the line from what it costs, before you look for the wait: a line of 90% accepts up to one "
            "chargeback in ten still to come.",
            "A wait meets your line when its interval's low end is at or above it, not the share itself; the "
            "shortest wait that meets it costs the least delay.",
        ],
        solution=lambda: (
            "; ".join(reading(d) for d in sorted(table))
            + ". "
            + "Any line from "
            + f"{min_line:.0%}"
            + " up is a judgement the team can defend; the wait "
            "is then the shortest whose low end clears it (a longer one is defensible too, at the cost "
            "of delay)."
            + (
                ""
                if team_line is None
                else " With the notebook's `MIN_LABELS_ARRIVED` of "
                + f"{team_line:.0%}"
                + ": "
                + (
                    f"{min(k for k, (_, lo, _) in table.items() if lo >= team_line)} days."
                    if any(lo >= team_line for _, lo, _ in table.values())
                    else "no wait in the record clears it; the longest comes nearest."
                )
            )
        ),
    )
