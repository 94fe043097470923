"""Exercise 5 of notebook 05: an F1 gain priced in dollars a month, by hand, from precision and recall.

Two candidates with about the same F1 gain over the incumbent can be worth very different money: the checker
prices each from its precision and recall, allows for the rounding of the table, and names the usual slips.
"""

from __future__ import annotations

from ...story import format_money
from .. import custom


def _signed_money(x: float) -> str:
    """+$1,234 or -$1,234: the sign before the dollar, as everywhere else in the notebook."""
    return ("+" if x >= 0 else "") + format_money(x)


def bind_f1(*, incumbent, candidates, intervals, baseline_word: str = "the incumbent"):
    """Exercise 5: price two candidates with the same F1 gain, by hand, from precision and recall.

    ``incumbent`` and each of ``candidates`` (name -> point) are
    :class:`~aipm_kit.communicate.OperatingPointMoney` on the same month;
    ``intervals`` maps each candidate to its (estimate, low, high) money change.
    The answer is a dict name -> dollars a month against the incumbent.

    Each answer counts when it is within the largest of 3% of the true change, $300, and 1.2 times how far an
    answer worked from precision and recall rounded to 0.1% can land. A flipped sign, the F1 gain in points and
    the value of the extra catches alone each get their own feedback.

    Parameters
    ----------
    incumbent : aipm_kit.communicate.OperatingPointMoney
        The operating point the candidates are priced against.
    candidates : mapping
        Candidate name -> its :class:`~aipm_kit.communicate.OperatingPointMoney`, priced the same way.
    intervals : mapping
        Candidate name -> (estimate, low, high) of its money change a month against the incumbent (a 95%
        paired bootstrap), quoted in the feedback on a right answer.
    baseline_word : str, default "the incumbent"
        What the prompt and feedback call the incumbent.

    Returns
    -------
    Exercise
        A by-hand exercise, ``"5 · Price an F1 gain"``; the answer is a dict naming every candidate.

    Examples
    --------
    By hand: the incumbent makes 50 x $1,000 - 100 x $10 - 50 x $10 = $48,500 a month, the candidate
    60 x $1,000 - 110 x $10 - 50 x $10 = $58,400, so the change is +$9,900.

    >>> from aipm_kit.communicate import OperatingPointMoney
    >>> prices = dict(value_per_catch=1_000.0, cost_per_alert=10.0, cost_per_false_alarm=10.0, months=1.0)
    >>> incumbent = OperatingPointMoney("incumbent", alerts=100, caught=50, fraud_total=100, **prices)
    >>> more_recall = OperatingPointMoney("more recall", alerts=110, caught=60, fraud_total=100, **prices)
    >>> q = bind_f1(incumbent=incumbent, candidates={"more recall": more_recall},
    ...             intervals={"more recall": (9_900, 2_000, 18_000)})
    >>> q.check({"more recall": 9_900}).correct
    True
    >>> q.check({"more recall": -9_900})
    [5 · Price an F1 gain] Not yet: `more recall`: the sign is flipped; take the candidate minus the incumbent.
    """
    inc = incumbent
    names = list(candidates)
    truth = {n: c.monthly_money - inc.monthly_money for n, c in candidates.items()}

    def by_hand(op):
        caught = op.recall * op.fraud_total
        alerts = caught / op.precision if op.precision else 0.0
        return (
            caught * op.value_per_catch - alerts * op.cost_per_alert - (alerts - caught) * op.cost_per_false_alarm
        ) / op.months

    def from_pr(op, p, r):
        caught = r * op.fraud_total
        alerts = caught / p if p else 0.0
        return (
            caught * op.value_per_catch - alerts * op.cost_per_alert - (alerts - caught) * op.cost_per_false_alarm
        ) / op.months

    def rounding_spread(op):
        """How far an answer worked from precision and recall rounded to 0.1% (as the table shows them) can land."""
        corners = [from_pr(op, op.precision + dp, op.recall + dr) for dp in (-5e-4, 5e-4) for dr in (-5e-4, 5e-4)]
        return max(abs(c - op.monthly_money) for c in corners)

    spread = {n: rounding_spread(candidates[n]) + rounding_spread(inc) for n in names}

    def checker(answer):
        if not isinstance(answer, dict) or set(answer) != set(names):
            return (
                False,
                f"Answer with a dict of both candidates' dollars a month: {{{', '.join(repr(n) for n in names)}: ...}}.",
            )
        notes, ok = [], True
        for n in names:
            x = float(answer[n])
            tol = max(0.03 * abs(truth[n]), 300.0, 1.2 * spread[n])
            if abs(x - truth[n]) <= tol:
                continue
            ok = False
            c = candidates[n]
            if abs(x - (-truth[n])) <= tol:
                notes.append(f"`{n}`: the sign is flipped; take the candidate minus {baseline_word}.")
            elif abs(x - (c.f1 - inc.f1) * 100) < 1:
                notes.append(f"`{n}`: that is the F1 gain in points, not dollars: F1 has no price.")
            elif abs(x - ((c.caught - inc.caught) * c.value_per_catch) / c.months) <= tol:
                notes.append(f"`{n}`: you priced the fraud caught but not the alerts and false alarms it changes.")
            else:
                notes.append(
                    f"`{n}`: {x:,.0f} is off. From recall: caught = recall x {c.fraud_total} fraud; from "
                    "precision: alerts = caught / precision; false alarms = alerts - caught. Price each, "
                    f"then subtract {baseline_word}'s total."
                )
        if not ok:
            return False, " ".join(notes)
        status = {
            n: (
                "makes money"
                if intervals[n][1] > 0
                else "loses money"
                if intervals[n][2] < 0
                else "is not yet shown to make or lose money"
            )
            for n in names
        }
        return True, (
            "Right, at the flat price: "
            + "; ".join(
                f"`{n}` {_signed_money(truth[n])} a month (F1 {100 * (candidates[n].f1 - inc.f1):+.1f} points; 95% paired bootstrap "
                f"{format_money(intervals[n][1])} to {format_money(intervals[n][2])}: it {status[n]} at this price)"
                for n in names
            )
            + ". F1 weighs a missed fraud and a false alarm alike; a price does not. The flat price is a "
            "hand model: the section prices the same change at each fraud's own amount next."
        )

    return custom(
        "5 · Price an F1 gain",
        f"Both candidates raise F1 over {baseline_word} by about the same amount on the validation month. On the "
        f"simulated test month the fraud to find was {inc.fraud_total}. Using only each operating point's **precision "
        f"and recall** on month 6 (the table above; rounded values are fine, the check allows for the rounding) and the stated prices (a caught fraud worth \\${inc.value_per_catch:,.0f}, "
        f"\\${inc.cost_per_alert:,.0f} of review per alert, \\${inc.cost_per_false_alarm:,.0f} more per false alarm), "
        f"compute each candidate's **money change against {baseline_word}, in dollars a month** (the test window "
        f"is {inc.months:.2f} months long: divide its totals by that). Answer a dict: `{{{', '.join(repr(n) + ': ...' for n in names)}}}`.",
        checker,
        hints=[
            "Recall gives the frauds caught (recall x fraud to find); precision then gives the alerts "
            "(caught / precision); false alarms are alerts minus caught.",
            "Money = caught x value - alerts x review cost - false alarms x false-alarm cost, divided by the "
            f"months. Do it for {baseline_word} and each candidate, then subtract.",
            "`ops[name].monthly_money` for each operating point checks your arithmetic.",
        ],
        solution=lambda: (
            "\n".join(
                f"- `{n}`: {_signed_money(truth[n])} a month (by hand from P and R: "
                f"{_signed_money(by_hand(candidates[n]) - by_hand(inc))})"
                for n in names
            )
            + "\n\nAt the flat price a caught fraud is worth far more than a review and a held customer, so the "
            "candidate with more recall carries more money at that price, whatever F1 says; the section then checks "
            "whether that survives pricing each fraud at its own amount."
        ),
        practice="by-hand",
    )
