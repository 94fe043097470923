"""Exercise 4: put retraining on a calendar or not, from each retraining event's saving against a run's price."""

from __future__ import annotations

from collections.abc import Sequence

from .. import choice


def retraining_call(
    *,
    saving_low: Sequence[float],
    saving_high: Sequence[float],
    cost_retrain: float,
    events: Sequence[str] | None = None,
    line: float = 0.5,
):
    """Exercise 4: put retraining on a calendar or not, from each retraining event's saving against a run's price.

    ``saving_low`` and ``saving_high`` are, per event, the 95% interval of the quarter's saving in dollars (the
    old model's error cost minus the retrained one's). A calendar is defensible only when every event's whole
    interval clears ``cost_retrain``; otherwise hold (no calendar retraining for now) and re-test. The events
    were scored at one fixed warning ``line``, so "not settled until retraining is tested with the line re-set"
    is accepted too. "Never" and "monthly" are never accepted: two events cannot rule retraining out for good,
    and monthly was not tested.

    Parameters
    ----------
    saving_low : sequence of float
        Each event's 95% lower end of the quarter's saving, dollars.
    saving_high : sequence of float
        Each event's 95% upper end, dollars; as many as ``saving_low`` (at least one).
    cost_retrain : float
        Dollars one retraining run costs.
    events : sequence of str, optional
        The events' names, in the same order; ``"event 1"``, ``"event 2"``... when not given.
    line : float, default 0.5
        The fixed warning line both models were scored at, P(late) >= line.

    Returns
    -------
    Exercise
        A ``"decision"`` choice among ``"calendar"``, ``"hold"``, ``"retest"``, ``"never"`` and ``"monthly"``.

    Raises
    ------
    ValueError
        When the two sequences differ in length or are empty.

    Examples
    --------
    >>> q = retraining_call(saving_low=[1_500, 2_500], saving_high=[6_000, 9_000], cost_retrain=1_000)
    >>> sorted(k for k in q.options if q.check(k).correct)
    ['calendar', 'retest']
    >>> q = retraining_call(saving_low=[-500, 200], saving_high=[800, 3_000], cost_retrain=1_000)
    >>> sorted(k for k in q.options if q.check(k).correct)
    ['hold', 'retest']
    >>> retraining_call(saving_low=[1_500], saving_high=[], cost_retrain=1_000)
    Traceback (most recent call last):
    ...
    ValueError: give one saving interval (low, high) per retraining event
    """
    lows, highs = [float(v) for v in saving_low], [float(v) for v in saving_high]
    if len(lows) != len(highs) or not lows:
        raise ValueError("give one saving interval (low, high) per retraining event")
    names = list(events) if events is not None else [f"event {i + 1}" for i in range(len(lows))]
    n = len(lows)
    pays = [lo > cost_retrain for lo in lows]
    short = [hi < cost_retrain for hi in highs]

    def signed(v):
        return f"{'+' if v >= 0 else '-'}${abs(v):,.0f}"

    # shown as the change in the quarter's error cost (retrained minus old, + = dearer): the saving, sign flipped
    listed = "; ".join(f"{e}: {signed(-hi)} to {signed(-lo)}" for e, lo, hi in zip(names, lows, highs))
    listed = f"change in error cost, + = dearer: {listed}"
    every = "both" if n == 2 else f"all {n}"
    options = {
        "calendar": f"retrain every quarter on a calendar, at ${cost_retrain:,.0f} a run",
        "hold": (
            "no calendar retraining for now: keep the first-quarter model, and re-test retraining when there "
            "are more events or a confirmed price per run"
        ),
        "retest": (
            f"not settled: the events were scored at the fixed line P(late) >= {line:g}; test retraining "
            "with the warning line re-set on each new model before deciding"
        ),
        "never": "never retrain this model: the replay has shown that retraining does not pay",
        "monthly": "retrain every month instead: fresher data should fix what a quarterly run could not",
    }
    correct = "calendar" if all(pays) else "hold"
    accepted = {correct, "retest"}
    price = f"-${cost_retrain:,.0f}"
    verdict = (
        f"the whole interval lay below {price} (cheaper by more than a run's price) in {every} events"
        if all(pays)
        else f"the whole interval lay above {price} in {every} events: the errors fell short of getting a run's "
        f"price cheaper"
        if all(short)
        else f"the whole interval lay below {price} in {sum(pays)} of {n} events and above it (fell short of a "
        f"run's price) in {sum(short)}"
    )
    feedback = {
        "calendar": (
            f"Right: {verdict} ({listed}), so each run paid for itself. Check every run as it lands: "
            f"{n} events say what happened {n} times, not what a retraining usually gains. 'retest' is "
            f"as defensible: the events were scored at the fixed line {line:g}."
            if correct == "calendar"
            else f"A calendar commits you to paying for every run, and a run pays only when the quarter's "
            f"errors get cheaper by more than its price. Here {verdict} ({listed})."
        ),
        "hold": (
            f"Right: {verdict} ({listed}), at the fixed line {line:g}. No calendar until retraining is shown "
            f"to pay; {n} events say what "
            "happened, not what a retraining usually gains, so re-test with more events (monthly retrains "
            "replayed the same way, or a second year) and a confirmed price. 'retest' is as defensible: "
            f"the events were scored at the fixed line {line:g}, and a retrained model deployed with its line "
            "re-set from the costs was not tested."
            if correct == "hold"
            else f"Here {verdict} ({listed}): each run paid for itself, so holding leaves money on the table. "
            "Retrain on the calendar and check each run as it lands."
        ),
        "retest": (
            f"Defensible: {verdict} ({listed}), but only at the fixed line {line:g}. A retrained model "
            "would be deployed with its line re-set from the costs, and where the line falls drives the "
            "cost; until that is tested, the evidence covers retraining at a fixed line only. "
            + (
                "'hold' is as defensible: no calendar until retraining is shown to pay."
                if correct == "hold"
                else "'calendar' is as defensible: each run paid for itself at the fixed line."
            )
        ),
        "never": (
            f"{n} events, tested at one fixed warning line, say what happened {n} times in 2013; they cannot "
            "rule retraining out for good, and 'never' throws away the fix you may need when a real change "
            "shows. Hold, and say what would make you re-test."
        ),
        "monthly": (
            "Monthly retraining was never tested. A fix is tested against the problem it targets before it "
            "is proposed: replay monthly retrains the way quarterly ones were replayed, then decide."
        ),
    }
    return choice(
        "4 · Retrain on a calendar?",
        f"Section 7 retrained the model {'twice' if n == 2 else f'{n} times'}, each time on the quarter just finished, and used it on the "
        f"next. Each event's change in error cost over its quarter (the retrained model's minus the old one's, "
        f"+ = dearer) has its 95% t-interval over days in `events` (`cost_change_low` to `cost_change_high`, "
        f"dollars); a retraining run is assumed to cost `COST_RETRAIN` = ${cost_retrain:,.0f}, so a run pays for "
        f"itself only when the change is below -${cost_retrain:,.0f}. Both models were scored at the same fixed line, "
        f"P(late) >= {line:g}. Do you put retraining on a calendar? More than one option can be defensible; answer "
        "with the option's key.",
        options,
        accepted,
        feedback=feedback,
        practice="decision",
        hints=[
            "A run pays for itself only if the quarter's errors got cheaper by more than its price. Compare "
            "each event's whole interval with minus the price, not its point.",
            f"What can {n} events tell you about every future retraining? And which options were never tested at all?",
        ],
        solution=lambda: feedback[correct],
    )
