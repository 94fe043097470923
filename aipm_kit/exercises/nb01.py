"""Exercises for notebook 01 (should we use AI at all?).

``bind(payments=..., train=..., test=..., history=...)`` returns ``q1`` (choose the fraud target's horizon,
on older months whose chargebacks are all in) and ``q2``; ``bind_retraining(wait_days=..., need=..., months=...)``
returns ``q3`` (the earliest retraining day on which the label line passes, by hand),
``bind_variant(gap=..., gap_interval=...)`` returns ``q4`` (choose the model variant on validation rows),
``bind_hand_rule(test=...)`` returns ``q5`` (a Wilson interval by hand), ``bind_break_even(...)`` returns ``q6`` (the
cut that would pay for the model, by hand) and ``bind_gate(criteria=...)`` returns ``q7`` (take gate 1: call each line
from its intervals, then choose the next step). Every expected answer is
computed from what is passed in, at check time.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pandas as pd

from . import _as_number, custom, numeric
from ._gatecall import clears, gate_verdict, grade_gate_answer

HORIZONS = {
    "a": "7 days after the transaction",
    "b": "30 days after the transaction",
    "c": "60 days after the transaction",
    "d": "90 days after the transaction",
    "e": "no horizon: ever charged back",
}
_HORIZON_DAYS = {"a": 7, "b": 30, "c": 60, "d": 90}
MAX_MISLABELLED_SHARE = 0.05  # the default line: at most this share of the fraud called legitimate


def _wilson(k: int, n: int, confidence: float) -> tuple[float, float]:
    """The Wilson score interval, written out (the kit's is ``metrics.wilson_interval``)."""
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def _fraud_delay_days(payments: pd.DataFrame) -> np.ndarray:
    """Days from each fraud's transaction to its chargeback."""
    fraud = payments[payments["is_fraud"].to_numpy().astype(bool)]
    if fraud.empty:
        raise ValueError("payments holds no fraud: there is no chargeback delay to measure")
    return ((fraud["label_available_at"] - fraud["timestamp"]).dt.total_seconds() / 86_400).to_numpy()


def _retrain_day(payments: pd.DataFrame) -> pd.Timestamp:
    truth = payments.attrs.get("scenario")
    start = truth.start if truth is not None else payments["timestamp"].min().normalize()
    return start + pd.DateOffset(months=2)


def bind(
    *,
    payments: pd.DataFrame,
    train: pd.DataFrame,
    test: pd.DataFrame,
    max_mislabelled: float = MAX_MISLABELLED_SHARE,
    history: pd.DataFrame | None = None,
):
    """Exercises 1 and 2 of notebook 01, bound to the notebook's own frames.

    ``history`` holds older months whose chargebacks have all arrived: Exercise 1 measures the chargeback delays
    on it (on ``payments`` when it is not given). ``max_mislabelled`` is the notebook's ``MAX_MISLABELLED_SHARE``: the rule of Exercise 1 picks the shortest
    horizon whose share of the fraud called legitimate stays at or below it over its whole 90% Wilson interval.
    """
    if not 0 < float(max_mislabelled) < 1:
        raise ValueError(f"max_mislabelled must be a share in (0, 1), got {max_mislabelled!r}")
    from .. import scenarios
    from . import Exercise

    delays = _fraud_delay_days(payments if history is None else history)
    frame_name = "payments" if history is None else "history"
    line = float(max_mislabelled)

    def mislabelled(key: str) -> tuple[int, tuple[float, float]]:
        """Frauds charged back after the horizon (called legitimate), and the 90% Wilson interval of their share."""
        k = int((delays > _HORIZON_DAYS[key]).sum())
        return k, _wilson(k, delays.size, 0.90)

    def clearing() -> list[str]:
        return [key for key in _HORIZON_DAYS if mislabelled(key)[1][1] <= line]

    def horizon_checker(answer):
        key = str(answer).strip().strip("'\"").lower()
        if key not in HORIZONS:
            raise ValueError(f"answer with one of {list(HORIZONS)}")
        if key == "e":
            return False, (
                "Without a horizon the label is never final: a transaction that has not been charged "
                "back may still be, so no month can ever be scored, and no gate can ever be taken."
            )
        k, (low, high) = mislabelled(key)
        days = _HORIZON_DAYS[key]
        where = (
            f"{days} days calls {k} of {delays.size} simulated frauds legitimate ({k / delays.size:.1%}, "
            f"90% Wilson {low:.1%} to {high:.1%}) against your line of {line:.0%}"
        )
        ok = clearing()
        if ok and key == ok[0]:
            return True, (
                f"Right by the rule: {where}, so the whole interval is within the line, and no shorter "
                f"horizon's is. A month can be scored, and gate 1 taken, {days} days after it ends."
            )
        if not ok and key == "d":
            return True, (
                f"No fixed horizon keeps the mislabelled share within the line on its interval: {where}. "
                "The longest is the least bad; say so, or argue for another line before measuring."
            )
        if key in ok:
            first = _HORIZON_DAYS[ok[0]]
            return False, (
                f"{where}: within the line, but {first} days already is, so {days} days makes every "
                f"evaluation, and gate 1, wait {days - first} days longer for no gain the rule asks for."
            )
        verdict = "above the line over its whole interval" if low > line else "an interval reaching above the line"
        return False, (
            f"{where}: {verdict}. A model learns that the mislabelled fraud is fine, and every recall "
            "is measured against only part of the fraud. Scoring sooner is not worth that."
        )

    def horizon_solution() -> str:
        rows = "; ".join(
            f"{_HORIZON_DAYS[k]} days {mislabelled(k)[0] / delays.size:.1%} "
            f"({mislabelled(k)[1][0]:.1%} to {mislabelled(k)[1][1]:.1%})"
            for k in _HORIZON_DAYS
        )
        ok = clearing()
        pick = f"`{ok[0]}`" if ok else "`d`, the least bad (none clears the line)"
        return (
            f"Share of the simulated fraud called legitimate, with its 90% Wilson interval: {rows}. The shortest "
            f"horizon whose whole interval is within {line:.0%}: {pick}. `e` can never be scored."
        )

    q1 = Exercise(
        "1 · Choose the fraud target's horizon",
        'The fraud target reads "each transaction, before it settles: will it be charged back as fraud within '
        '*H*?" A chargeback arrives days to months after the transaction, and a fraud not charged back within '
        "the horizon counts as legitimate. A longer horizon mislabels less fraud; a shorter one lets the business "
        "score a month (and take a gate) sooner. **The rule for the call**, set before measuring: take the "
        f"**shortest** horizon whose share of the fraud called legitimate stays within {line:.0%} "
        "(`MAX_MISLABELLED_SHARE`) over its whole 90% Wilson interval. "
        + (
            "Using `payments`"
            if history is None
            else "Using `history` (older simulated months whose chargebacks have all arrived: what a business has when "
            "it must choose a horizon)"
        )
        + " (columns `timestamp`, `label_available_at`, `is_fraud`), measure that share and its interval for each "
        "horizon, then choose.",
        checker=horizon_checker,
        options=HORIZONS,
        hints=[
            f"`fraud = {frame_name}[{frame_name}['is_fraud']]`; the delay in days is "
            "`(fraud['label_available_at'] - fraud['timestamp']).dt.total_seconds() / 86_400`.",
            "`k = (delay > 60).sum()` frauds are called legitimate by a 60-day horizon; "
            "`metrics.wilson_interval(k, len(delay), confidence=0.90)` gives the interval of their share.",
        ],
        solution=horizon_solution,
        practice="by-hand",
    )

    def month2_known_share() -> float:
        month2 = train[train["month"] == 2]
        known = scenarios.labels_as_of(month2, _retrain_day(payments))
        return float(known[month2["is_fraud"].to_numpy()].mean())

    def month2_known_over_all() -> float:
        month2 = train[train["month"] == 2]
        return float(scenarios.labels_as_of(month2, _retrain_day(payments)).mean())

    def month2_true_rate() -> float:
        return float(train.loc[train["month"] == 2, "is_fraud"].mean())

    def both_months_share() -> float:
        known = scenarios.labels_as_of(train, _retrain_day(payments))
        return float(known[train["is_fraud"].to_numpy()].mean())

    q2 = numeric(
        "2 · How much of month 2's fraud is labelled on day 1",
        "On day 1 of month 3 (`retrain_day`, the earliest a monthly retraining could run), what share of the "
        "**month-2** fraud has its chargeback in? Compute it by hand from `train`'s columns: a fraud is labelled "
        "once its `label_available_at` is on or before `retrain_day`; keep month 2 (`month`) and its fraud "
        "(`is_fraud`). Answer with a number from 0 to 1, then compare with the kit's "
        "`scenarios.labels_as_of(month2, retrain_day)`. The denominator is the simulator's truth: on day 1 the "
        "business cannot compute this share, because it does not know which unlabelled rows are fraud; it can "
        "only once the month's chargebacks are in, which is why the schedule below is measured on older months.",
        month2_known_share,
        atol=0.005,
        hints=[
            "`month2 = train[train['month'] == 2]`; a row is labelled on day 1 when "
            "`month2['label_available_at'] <= retrain_day` (a missing date means no chargeback: not labelled).",
            "The denominator is the true fraud in month 2 (`month2['is_fraud']`), not all transactions: take the "
            "mean of the known labels over the fraud rows only.",
        ],
        solution="`month2 = train[train['month'] == 2]`, `known = (month2['label_available_at'] <= retrain_day)`, "
        "then `known[month2['is_fraud']].mean()`; `scenarios.labels_as_of(month2, retrain_day)` gives "
        "the same labels. Most month-2 fraud has not been charged back yet, so a model trained that day "
        "learns that it was legitimate.",
        wrong_answers=[
            (lambda: 1 - month2_known_share(), "That is the share still *unknown* on retraining day: flip it."),
            (
                month2_known_over_all,
                "That divides by all month-2 transactions. Divide by the month's true fraud "
                "instead: the question is how much of the fraud is known.",
            ),
            (month2_true_rate, "That is the true fraud rate of month 2, not the share of its fraud already labelled."),
            (
                both_months_share,
                "That pools months 1 and 2. Month 1 has had longer for chargebacks to arrive; keep month 2 only.",
            ),
        ],
        fmt="{:.3f}",
        practice="by-hand",
    )
    return q1, q2


def bind_retraining(*, wait_days, need: float, months=None, months_name: str = "fraud_month"):
    """Exercise 3: the earliest retraining day (whole days after a month ends) on which the label criterion passes.

    ``wait_days`` holds, per fraud, the days from the end of its month to its chargeback; ``need`` is the
    share of a month's fraud that must be labelled on retraining day; ``months`` (optional, one per fraud) says
    which month each fraud belongs to, and ``months_name`` is the name the learner's notebook gives that array (the
    prompt and hints quote it). Each retraining learns from one month's labels, so with ``months`` the
    criterion passes when the low end of **every month's own** 90% Wilson interval clears ``need``; without it,
    the frauds are one sample. Only the earliest passing day from 0 to 30 is accepted (``None`` when no day passes).
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
        from ..metrics import wilson_interval

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


VARIANTS = {"unweighted": "unweighted model", "cost-sensitive": "cost-sensitive model"}


def bind_variant(*, gap: float, gap_interval, fits: int | None = None):
    """Exercise 4: choose the model variant that goes on to the test month, on validation rows only.

    ``gap`` is the cost-sensitive variant's value minus the unweighted one's on the validation rows (dollars) and
    ``gap_interval`` its 90% paired bootstrap interval; ``fits`` (optional) how many fits each variant averages.
    When the interval excludes zero only the variant it favours is accepted; when it straddles zero the validation
    rows cannot choose, and either variant is accepted with the reason that could carry it.
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


def _pair(answer) -> tuple[float, float]:
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 2:
        raise TypeError("answer with two numbers, (low, high)")
    low, high = (_as_number(x) for x in answer)
    return low, high


def bind_hand_rule(*, test: pd.DataFrame):
    """Exercise 5: the hand rule's recall on the test month and its 90% Wilson interval, by hand."""
    from .. import scenarios
    from .._checks import check_columns

    check_columns(test, ["is_fraud", "amount", "account_age_days"], name="test")

    def counts() -> tuple[int, int]:
        flags = scenarios.hand_rule(test).to_numpy()
        fraud = test["is_fraud"].to_numpy().astype(bool)
        return int((flags & fraud).sum()), int(fraud.sum())

    def checker(answer):
        low, high = _pair(answer)
        k, n = counts()
        right = _wilson(k, n, 0.90)
        close = lambda a, b: abs(a[0] - b[0]) <= 0.002 and abs(a[1] - b[1]) <= 0.002  # noqa: E731
        shown = f"({low:.3f}, {high:.3f})"
        if close((low, high), right):
            return True, (
                f"{shown} is right: recall {k} of {n} simulated frauds = {k / n:.3f}, and "
                "`metrics.wilson_interval(k, n, confidence=0.90)` gives the same interval."
            )
        p = k / n
        z = NormalDist().inv_cdf(0.95)
        wald = (p - z * math.sqrt(p * (1 - p) / n), p + z * math.sqrt(p * (1 - p) / n))
        if close((low, high), wald):
            return False, (
                f"{shown} is the normal (Wald) interval, recall plus or minus z times its standard "
                "error. Wilson's centre moves towards a half and its width changes: close here, far off "
                "for few frauds or a recall near 0 or 1. Use the Wilson formula."
            )
        if close((low, high), _wilson(k, n, 0.95)):
            return False, f"{shown} is the 95% Wilson interval; the question asks for 90% (z = 1.645, not 1.96)."
        flagged = int(scenarios.hand_rule(test).sum())
        if flagged and close((low, high), _wilson(k, flagged, 0.90)):
            return False, (
                f"{shown} is the interval of the rule's precision ({k} of its {flagged} alerts). Recall "
                "divides by all the frauds in the month."
            )
        return False, (
            f"{shown} is not the 90% Wilson interval of the recall. Check k (frauds flagged), n (all "
            "frauds) and z, or ask for `hint()`."
        )

    return custom(
        "5 · The hand rule's recall and its interval, by hand",
        "Compute the hand rule's recall on the simulated test month (`scenarios.hand_rule(test)`: the share of "
        "month-3 fraud it flags, counting the fraud the target counts: `test['is_fraud']`, charged back within the "
        "horizon) and its **90% Wilson interval**, in a few lines of numpy, without a kit "
        "function. Answer `(low, high)`, then compare with `metrics.wilson_interval(k, n, confidence=0.90)`.",
        checker,
        hints=[
            "k = frauds the rule flags, n = all frauds, p = k / n, z = 1.645 for 90%. Wilson: centre = "
            "(p + z²/2n) / (1 + z²/n); half-width = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n).",
            "`flagged = scenarios.hand_rule(test).to_numpy()`, `k = (flagged & test['is_fraud'].to_numpy()).sum()`, "
            "`n = test['is_fraud'].sum()`, then the two lines of the formula.",
        ],
        solution="`k, n` = frauds flagged and all frauds; `p = k / n`; `z = 1.6449`; "
        "`centre = (p + z**2 / (2*n)) / (1 + z**2 / n)`; "
        "`half = z * np.sqrt(p*(1-p)/n + z**2 / (4*n**2)) / (1 + z**2 / n)`; the answer is "
        "`(centre - half, centre + half)`, the same as `metrics.wilson_interval(k, n, confidence=0.90)`.",
        practice="by-hand",
    )


NEXT_STEPS = {
    "stop": "ship the tuned rule and stop: no model work until the fraud or the costs change",
    "shadow": "ship the tuned rule and run the model in shadow beside it, to gather more evidence on the open lines",
    "build": "build the model now",
}
# the steps consistent with each verdict, and why each other step is not
_STEP_FITS = {"GO": {"build"}, "NO-GO": {"stop"}, "NOT YET": {"stop", "shadow"}}
_STEP_WRONG = {
    ("GO", "stop"): "every line passed on its interval: stopping drops a model the evidence says pays",
    ("GO", "shadow"): "no line is open, so a shadow run has nothing left to settle before building",
    ("NO-GO", "build"): "a line failed on its whole interval: building spends the model's cost against the evidence",
    ("NO-GO", "shadow"): "a line failed on its whole interval; a shadow run settles open lines, and running one "
    "after a failure only retakes the gate until it passes",
    ("NOT YET", "build"): "no failure, but a line is open: building now spends the model's cost before the "
    "evidence shows it pays",
}
_STEP_NOTE = {
    ("NOT YET", "stop"): " Stopping is defensible: the data do not yet show the model pays, and it saves the "
    "shadow run's price{price}; the question stays open. A shadow run would be defensible too, if what it "
    "could show is worth that price to you{note}.",
    ("NOT YET", "shadow"): " A shadow run is defensible: it buys more evidence on the open lines, at its "
    "price{price}{note}. Stopping would be defensible too, if that price is more than what the "
    "run could show is worth to you.",
}


def bind_gate(
    *, criteria, shadow_cost: float | None = None, shadow_months: int | None = None, shadow_note: str | None = None
):
    """Exercise 7: take gate 1 by hand, calling each line from its 90% intervals and the verdict, then choose the
    next step from ``NEXT_STEPS``.

    ``criteria`` maps a short key (what the learner types) to ``(name, intervals, op, line, fmt)``: ``intervals``
    is a list of ``(label, low, high)`` (one per month when a line must hold in every month), ``op`` how a value
    must compare with ``line`` to pass (">=", ">", "<=", "<") and ``fmt`` how to show the numbers (a format
    string, or a function of one number that returns its text, for instance with a unit). A line passes
    when every interval clears it, fails when any interval misses it entirely, and is "not yet" otherwise; the
    gate is GO when every line passes, NO-GO when any fails, NOT YET otherwise. The next step is judged against
    the verdict the intervals give: GO fits building, NO-GO fits stopping, NOT YET fits stopping or a shadow run.
    ``shadow_cost`` and ``shadow_months`` (optional) price the shadow run, so the prompt and the feedback weigh it;
    ``shadow_note`` (optional) says what the run could show (for instance which line it is sized for), and is
    quoted in the prompt and in the feedback on a NOT YET gate. On a NOT YET gate both stopping and a shadow run
    are accepted, and the feedback weighs them evenly: neither is steered by a point estimate.
    """
    said = "" if not shadow_note else str(shadow_note).strip().rstrip(".")
    note = "" if not said else f". {said[0].upper()}{said[1:]}"
    price = (
        ""
        if shadow_cost is None
        else f" (about ${float(shadow_cost):,.0f}"
        + ("" if shadow_months is None else f" for about {int(shadow_months)} months")
        + ")"
    )
    rows = {}
    for key, (name, intervals, op, line, fmt) in dict(criteria).items():
        if op not in (">=", ">", "<=", "<"):
            raise ValueError(f"criterion {key!r}: op must be one of >=, >, <=, <, got {op!r}")
        intervals = [(str(lab), float(lo), float(hi)) for lab, lo, hi in intervals]
        if not intervals or any(lo > hi for _, lo, hi in intervals):
            raise ValueError(f"criterion {key!r}: give at least one interval with low <= high")
        rows[key] = (name, intervals, op, float(line), fmt)
    if not rows:
        raise ValueError("criteria is empty")
    if {"verdict", "next"} & set(rows):
        raise ValueError("'verdict' and 'next' are answer keys, not criteria")

    def right_call(key: str) -> str:
        _, intervals, op, line, _ = rows[key]
        near = [lo if op in (">=", ">") else hi for _, lo, hi in intervals]
        far = [hi if op in (">=", ">") else lo for _, lo, hi in intervals]
        if all(clears(v, op, line) for v in near):
            return "pass"
        if any(not clears(v, op, line) for v in far):
            return "fail"
        return "not yet"

    def right_verdict() -> str:
        return gate_verdict(right_call(k) for k in rows)

    def reading(key: str) -> str:
        name, intervals, op, line, fmt = rows[key]
        show = fmt if callable(fmt) else fmt.format
        spans = ", ".join(f"{lab + ' ' if lab else ''}{show(lo)} to {show(hi)}" for lab, lo, hi in intervals)
        return (
            f"'{key}' is {name}, with {'90% intervals of' if len(intervals) > 1 else 'a 90% interval of'} "
            f"{spans} against a line of {op} {show(line)}"
        )

    why = {
        "pass": "every interval clears the line",
        "fail": "an interval misses the line entirely",
        "not yet": "an interval straddles the line and none misses it entirely",
    }

    def checker(answer):
        wrong, truth, step = grade_gate_answer(
            answer,
            rows,
            right_call=right_call,
            reading=reading,
            why=why,
            steps=NEXT_STEPS,
            step_fits=_STEP_FITS,
            step_wrong=_STEP_WRONG,
        )
        if wrong:
            return False, "Not quite. " + "; ".join(wrong) + "."
        step_note = _STEP_NOTE.get((truth, step), "").format(price=price, note=note)
        return True, (
            f"Defensible. {'. '.join(f'{reading(k)}: {right_call(k)}' for k in rows)}. Gate 1 is "
            f"{truth}, and '{step}' ({NEXT_STEPS[step]}) follows from it."
            f"{step_note} The kit's table below takes the same gate."
        )

    return custom(
        "7 · Take gate 1, and choose the next step",
        "Before the kit's verdict: read the evidence printed above and call each of gate 1's lines, "
        + ", ".join(f"`'{k}'`" for k in rows)
        + ", as `'pass'`, `'fail'` or `'not yet'`, then the gate's `'verdict'` (`'GO'`, `'NO-GO'` or "
        "`'NOT YET'`). The rule, set before the data: a line passes when its whole 90% interval clears it, fails "
        "when an interval misses it entirely, and is not yet settled otherwise; the gate is GO when every line "
        "passes, NO-GO when any fails, NOT YET otherwise. Then choose the `'next'` step you would take to the "
        "business: "
        + "; ".join(f"`'{k}'`: {v}" for k, v in NEXT_STEPS.items())
        + ". A next step must follow from the verdict; where more than one does, weigh them"
        + (
            ""
            if shadow_cost is None
            else f": a shadow run needs the model built and served, about "
            f"${float(shadow_cost):,.0f}"
            + ("" if shadow_months is None else f" for about {int(shadow_months)} months")
            + " (printed above), against what it could show"
        )
        + ", and defend your choice."
        + ("" if not said else f" What the run could show: {said}.")
        + f" Answer with a dict, e.g. `{{'{next(iter(rows))}': 'pass', ..., 'verdict': 'GO', "
        "'next': 'build'}`.",
        checker,
        hints=[
            "For a line of the form `>= line`: the low end above the line is a pass; the high end below it is a fail; "
            "anything else is not yet.",
            "A shadow run settles a line that is open; it cannot undo a line that failed, and a passed gate has "
            "nothing left for it to settle. When a line is open, stopping and a shadow run can both be defended: "
            "compare the shadow run's price with the model's extra value, its point and its interval.",
        ],
        solution=lambda: (
            ". ".join(f"{reading(k)}: {right_call(k)}" for k in rows)
            + f". Verdict: {right_verdict()}. Next step: "
            + " or ".join(f"'{k}'" for k in NEXT_STEPS if k in _STEP_FITS[right_verdict()])
            + "."
        ),
        practice="decision",
    )


def bind_break_even(
    *, missed_rule: float, extra_cost: float, model_cost: float, scale: float, cut_interval, line: float
):
    """Exercise 6: the cut in the missed fraud cost at which the model's extra value would just pay its extra cost.

    ``missed_rule`` is the fraud cost (amounts plus incident costs) the tuned rule lets through in the simulated
    test month; ``scale`` turns that month into one of the business's months; ``extra_cost`` is the model's
    first-year cost minus the rule's and ``model_cost`` the model's whole first-year cost (a wrong answer's
    source). ``cut_interval`` is the measured cut's 90% interval and ``line`` gate 1's ``MIN_MISSED_COST_CUT``:
    the feedback quotes both, and leaves the comparison to the learner.
    """
    missed, extra, whole, months = (float(x) for x in (missed_rule, extra_cost, model_cost, scale))
    if missed <= 0 or months <= 0:
        raise ValueError("missed_rule and scale must be positive")
    if extra <= 0:
        raise ValueError(f"extra_cost must be positive (the model costs more than the rule), got {extra_cost!r}")
    low, high = (float(x) for x in cut_interval)
    line = float(line)

    def break_even(cost: float = extra, per_year: float = 12.0, per_month: float = months) -> float:
        return cost / (per_year * per_month * missed)

    wrong = [
        (
            break_even(per_year=1.0),
            "That pays the model's first-year cost from one month of stopped fraud: "
            "multiply the month's missed cost by 12.",
        ),
        (
            break_even(per_month=1.0),
            "That uses the simulated test month as it is: scale it up to the business's "
            "monthly volume first (`scale`).",
        ),
        (
            break_even(cost=whole),
            "That asks the model to pay its whole cost; the rule's cost is spent either way, "
            "so only the model's extra cost has to be paid for.",
        ),
    ]

    def checker(answer):
        value = _as_number(answer)
        target = break_even()
        if abs(value - target) <= 0.03 * target:
            return True, (
                f"{value:.1%} is right: the model's extra {extra:,.0f} dollars a year (assumed costs) over "
                f"12 x {months:.2f} x {missed:,.0f} dollars of simulated fraud cost the rule lets through. "
                f"Set it beside the measured cut's 90% interval, {low:.0%} to {high:.0%}, when you take "
                "the gate in Exercise 7. Gate 1's "
                f"missed-fraud line, {line:.0%}, reads the same cut at {line / target:.1f} times this bar, "
                "a margin set by judgement: the two lines are one measurement (the cut in missed fraud "
                "cost at equal alerts) held to two bars. A dollar cut cannot tell a signal the rule's "
                "features miss from a better ordering of the rule's own signal."
            )
        for w, feedback in wrong:
            if abs(value - w) <= 0.03 * abs(w):
                return False, feedback
        return False, (
            f"{value:.1%} is not the break-even cut. The model's extra value is about the cut times the "
            "fraud cost the rule lets through in a year; set that equal to its extra first-year cost."
        )

    return custom(
        "6 · The cut that would pay for the model",
        "Both options raise the same alerts, so their review time is the same; ignore the small difference in "
        "false alarms. Then the model's extra value in a year is about *cut* x (fraud cost the tuned rule lets "
        "through in a month of the business) x 12. Compute, in a line or two, the **cut at which that equals the "
        "model's extra first-year cost**, from `missed_rule` (the rule's missed fraud cost in the simulated test "
        "month, dollars), `scale` (business months per simulated test month) and `extra_cost` (dollars). Answer "
        "with a share (0.25 for 25%), then compare it with the measured cut's interval and with "
        "`MIN_MISSED_COST_CUT`.",
        checker,
        hints=[
            "A year of the business lets through `12 * scale * missed_rule` dollars of fraud cost under the rule.",
            "Break-even cut = `extra_cost / (12 * scale * missed_rule)`.",
        ],
        solution=lambda: (
            f"`extra_cost / (12 * scale * missed_rule)` = {break_even():.1%}. The measured cut's 90% "
            f"interval is {low:.0%} to {high:.0%}; gate 1's line is {line:.0%}."
        ),
        practice="by-hand",
    )
