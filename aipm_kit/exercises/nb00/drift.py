"""Exercise 3 of notebook 00: a higher alert rate after the drift, priced.

``bind_drift`` binds the decision on buying more fraud reviews: the simulated fraud dollars the extra alerts
stop against the extra review cost, decided on the 90% interval of the net value a month.
"""

from __future__ import annotations

from .. import custom
from .._answers import number as _rate
from .._answers import pair as _pair
from ._common import _verdict, pts, word_on_interval

#: the verdicts a learner may give on a higher alert rate after the drift: the net value a month, on its interval
VALUE_VERDICTS = ("worth it", "not worth it", "not yet")


def _money(value: float) -> str:
    """Signed dollars, the check escapes them for Markdown: +$1,234 or -$56."""
    return f"{'-' if value < 0 else '+'}${abs(value):,.0f}"


def bind_drift(
    *, alert_value, alert_rate: float, period: str = "the months after the drift", before: str = "the months before it"
):
    """Bind exercise 3 of notebook 00: is a higher alert rate after the drift worth its review cost?

    The learner answers ``(rate, verdict)``, an alert rate other than ``alert_rate`` and one of ``VALUE_VERDICTS``;
    the verdict must be the one the net value's 90% interval gives against zero: "worth it" when the whole interval
    is above zero, "not worth it" when it is below, "not yet" when it reaches zero.

    Parameters
    ----------
    alert_value : callable
        ``alert_value(rate)`` gives a dict comparing alert rate ``rate`` with ``alert_rate`` over the months after
        the drift, per month: ``"extra caught"`` (frauds), ``"extra alerts"``, ``"extra hours"`` (review hours),
        ``"stopped"`` (extra fraud dollars stopped, ``(mean, low, high)`` with its 90% bootstrap interval),
        ``"review cost"`` (dollars), ``"net"`` (``(mean, low, high)``, dollars), ``"recall change"``
        (``(points, low, high)`` against recall before) and ``"cost per hour"`` (the assumed analyst cost). No
        verdict: the checker reads it off the net's interval, as the learner must.
    alert_rate : float
        Today's alert rate, a share of the transactions (0.02 is 2%).
    period : str, default "the months after the drift"
        The months replayed, as the prompt names them; not empty.
    before : str, default "the months before it"
        The months the recall change is measured against; not empty.

    Returns
    -------
    tuple of Exercise
        ``(q3,)``.

    Raises
    ------
    TypeError
        When ``alert_value`` is not callable, or ``period`` or ``before`` is not a non-empty string.

    Examples
    --------
    >>> def alert_value(rate):  # made up: 100 extra alerts a month, 10 minutes each at $40 an hour
    ...     return {"extra caught": 5, "extra alerts": 100, "extra hours": 16.7, "cost per hour": 40,
    ...             "stopped": (2000.0, 1200.0, 2800.0), "review cost": 667.0, "net": (1333.0, 533.0, 2133.0),
    ...             "recall change": (-1.0, -3.0, 1.0)}
    >>> (q3,) = bind_drift(alert_value=alert_value, alert_rate=0.02, period="months 4-6", before="month 3")
    >>> print(q3.check((0.03, "worth it")))
    [3 · Buy more reviews after the recall drop?] Correct: Right: at a 3.0% alert rate instead of 2.0%, ...
    >>> print(q3.check((0.03, "not yet")))
    [3 · Buy more reviews after the recall drop?] Not yet: Not on this evidence: ... here it is 'worth it'.
    """
    if not callable(alert_value):
        raise TypeError("alert_value must be a function of the alert rate")
    alert_rate = _rate(alert_rate, "alert_rate")
    if not isinstance(period, str) or not period:
        raise TypeError("period must name the months replayed, e.g. 'months 4-6'")
    if not isinstance(before, str) or not before:
        raise TypeError("before must name the months compared with, e.g. 'month 3'")

    def evidence_at(rate):
        v = alert_value(rate)
        (net, net_low, net_high), (stop, stop_low, stop_high) = v["net"], v["stopped"]
        text = (
            f"at a {rate:.1%} alert rate instead of {alert_rate:.1%}, over {period} the team catches about "
            f"{v['extra caught']:+,.0f} frauds a month, stopping {_money(stop)} more simulated fraud "
            f"(90% bootstrap interval {_money(stop_low)} to {_money(stop_high)}), for {v['extra hours']:+,.0f} "
            f"review hours costing {_money(v['review cost'])} at an assumed ${v['cost per hour']:,.0f} an "
            f"hour: net {_money(net)} a month ({_money(net_low)} to {_money(net_high)})"
        )
        return text, {**v, "verdict": word_on_interval(net_low, net_high, VALUE_VERDICTS)}

    def checker(answer):
        rate, claim = _pair(answer, "(alert_rate, verdict)")
        rate = _rate(rate, "the alert rate")
        if not 0 < rate < 1:
            return False, "An alert rate is a share of the transactions, strictly between 0 and 1 (0.05 is 5%)."
        if abs(rate - alert_rate) < 1e-12:
            return False, f"{rate:.1%} is today's rate: pick another one to compare with it."
        claim = _verdict(claim, VALUE_VERDICTS)
        text, v = evidence_at(rate)
        change, low, high = v["recall change"]
        recall = (
            f"Recall in {period} at {rate:.1%} is then {pts(change)} points against recall in {before} at "
            f"today's {alert_rate:.1%} (90% interval {pts(low)} to {pts(high)}): another alert rate moves "
            "along the same ranking, and more alerts do not teach the model the frauds it ranks low."
        )
        if claim == v["verdict"]:
            settle = (
                " More months of chargebacks could settle it, as many as the smallest net worth paying for, chosen "
                "before the test, calls for."
                if claim == "not yet"
                else ""
            )
            return True, (
                f"Right: {text}, so **{claim}**.{settle} If you priced several rates and kept the best, "
                f"its net flatters it a little. {recall} The value of a caught fraud is its "
                "amount, on the assumption that catching it stops the loss; notebook 01 prices this "
                "properly."
            )
        why = {
            "worth it": "the whole interval of the net must sit above zero",
            "not worth it": "the whole interval of the net must sit below zero",
            "not yet": "the interval of the net must straddle zero",
        }[claim]
        return False, f"Not on this evidence: {text}. To say '{claim}', {why}; here it is '{v['verdict']}'."

    def solution():
        lines, per_alert = [], []
        for times in (2, 4, 8):
            text, v = evidence_at(times * alert_rate)
            lines.append(f"{text}: {v['verdict']}")
            per_alert.append(v["extra caught"] / v["extra alerts"] if v["extra alerts"] else 0.0)
        falling = all(b < a for a, b in zip(per_alert, per_alert[1:]))
        trend = (
            "each extra alert goes to a transaction the model ranks lower, so the frauds caught per extra alert "
            "fall as the rate rises (" + ", ".join(f"{x:.2f}" for x in per_alert) + "): the net grows more "
            "slowly, and a higher cost per hour would stop it sooner."
            if falling
            else "the frauds caught per extra alert (" + ", ".join(f"{x:.2f}" for x in per_alert) + ") do not fall "
            "steadily here."
        )
        return (
            "Re-run `alert_value(rate)` for a few rates: "
            + "; ".join(lines)
            + ". Per extra alert, "
            + trend
            + " Any rate with the verdict its net interval gives is a right answer; the net rests on assumed "
            "review minutes and hourly cost, and on treating a caught fraud's amount as stopped."
        )

    q3 = custom(
        "3 · Buy more reviews after the recall drop?",
        f"In {period} of the simulated payments the review team could check more than {alert_rate:.1%} of "
        "transactions: more frauds caught, but more analyst hours. Pick an alert rate, run `alert_value(rate)` "
        "(the extra fraud dollars stopped, the extra review cost at the assumed minutes per alert and cost per "
        f"hour in the parameters, and the net a month over {period}, with its 90% interval), and answer "
        "`(rate, verdict)` where the verdict is "
        + ", ".join(f'`"{v}"`' for v in VALUE_VERDICTS)
        + ": is that rate worth paying for, against today's? The decision is for the months ahead. "
        f"{period[0].upper() + period[1:]}, priced in hindsight once the chargebacks are in, stand in for them: "
        "the verdict carries forward only if the fraud mix and amounts stay as they were.",
        checker,
        hints=[
            f"`alert_value({2 * alert_rate:g})` returns the extra frauds caught, the dollars stopped, the review "
            "cost and the net as (mean, low, high) with its 90% interval.",
            "'worth it' needs the whole net interval above zero, 'not worth it' the whole interval below zero; "
            "otherwise 'not yet'. Rates are shares: 0.05 is 5% of the transactions.",
        ],
        solution=solution,
        practice="decision",
    )
    return (q3,)
