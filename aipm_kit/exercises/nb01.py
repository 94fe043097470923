"""Exercises for notebook 01 (should we use AI at all?).

``bind(payments=..., train=..., test=...)`` returns ``q1`` (choose the fraud target's horizon) and ``q2``;
``bind_retraining(wait_days=..., need=...)`` returns ``q3`` (pick a retraining day),
``bind_hand_rule(test=...)`` returns ``q4`` (a Wilson interval by hand) and
``bind_gate(retake=..., today=..., verdict=...)`` returns ``q5`` (take gate 1 again, committed in advance). Every
expected answer is computed from what is passed in, at check time.
"""

from __future__ import annotations

import pandas as pd

import math
from statistics import NormalDist

import numpy as np

from . import _as_number, choice, custom, numeric

HORIZONS = {
    "a": "7 days after the transaction",
    "b": "30 days after the transaction",
    "c": "60 days after the transaction",
    "d": "90 days after the transaction",
    "e": "no horizon: ever charged back",
}
_HORIZON_DAYS = {"a": 7, "b": 30, "c": 60, "d": 90}
MIN_LABELLED_BY_HORIZON = 0.90  # a horizon that leaves more than a tenth of the fraud unlabelled mislabels it


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


def bind(*, payments: pd.DataFrame, train: pd.DataFrame, test: pd.DataFrame, horizon_days: float = 90,
         min_labelled: float = MIN_LABELLED_BY_HORIZON):
    """Exercises 1 and 2 of notebook 01, bound to the notebook's own frames.

    ``horizon_days`` is the horizon the notebook runs with (its ``HORIZON_DAYS``); ``min_labelled`` the share of
    the fraud a defensible horizon must keep inside it (one minus the notebook's ``MAX_MISLABELLED_SHARE``).
    """
    if not 0 < float(min_labelled) <= 1:
        raise ValueError(f"min_labelled must be a share in (0, 1], got {min_labelled!r}")
    if not float(horizon_days) > 0:
        raise ValueError(f"horizon_days must be positive, got {horizon_days!r}")
    from .. import scenarios

    from . import Exercise

    delays = _fraud_delay_days(payments)

    def labelled_by(key: str) -> float:
        return float((delays <= _HORIZON_DAYS[key]).mean())

    def horizon_checker(answer):
        key = str(answer).strip().strip("'\"").lower()
        if key not in HORIZONS:
            raise ValueError(f"answer with one of {list(HORIZONS)}")
        if key == "e":
            return False, ("Without a horizon the label is never final: a transaction that has not been charged "
                           "back may still be, so no month can ever be scored, and no gate can ever be taken. "
                           "Pick the shortest horizon that lets nearly all the fraud arrive.")
        share, days = labelled_by(key), _HORIZON_DAYS[key]
        if share >= min_labelled:
            return True, (f"Defensible: {share:.1%} of the simulated fraud is charged back within {days} days, so "
                          f"the target calls {1 - share:.1%} of it legitimate, and a month can be scored {days} "
                          "days after it ends. A shorter horizon scores sooner and mislabels more. Put your horizon "
                          f"in `HORIZON_DAYS` (parameters cell; this run uses {horizon_days:g} days).")
        return False, (f"Only {share:.1%} of the simulated fraud is charged back within {days} days: a target with "
                       f"this horizon calls {1 - share:.1%} of the fraud legitimate, so a model learns that fraud is "
                       "fine and every recall is measured against a fraction of the fraud. Scoring sooner is not "
                       f"worth that; keep at least {min_labelled:.0%} of the fraud inside the horizon "
                       "(`MAX_MISLABELLED_SHARE` in the parameters cell sets how much you accept).")

    def horizon_solution() -> str:
        shares = ", ".join(f"{_HORIZON_DAYS[k]} days {labelled_by(k):.1%}" for k in _HORIZON_DAYS)
        ok = [f"`{k}`" for k in _HORIZON_DAYS if labelled_by(k) >= min_labelled]
        return (f"Share of the simulated fraud charged back within each horizon: {shares}. Defensible: "
                f"{' or '.join(ok) or 'none of the fixed horizons'} (at least {min_labelled:.0%} of the "
                "fraud labelled). The trade: a longer horizon mislabels less fraud but every evaluation, and gate 1, "
                "waits longer; `e` can never be scored.")

    q1 = Exercise(
        "1 · Choose the fraud target's horizon",
        "The fraud target reads \"each transaction, before it settles: will it be charged back as fraud within "
        "*H*?\" A chargeback arrives days to months after the transaction, and a fraud not charged back within "
        "the horizon counts as legitimate. A longer horizon labels more of the fraud; a shorter one lets the "
        "business score a month (and take a gate) sooner. Using `payments` (columns `timestamp`, "
        "`label_available_at`, `is_fraud`), measure the share of the simulated fraud charged back within each "
        "horizon, then choose the horizon you would defend.",
        checker=horizon_checker,
        options=HORIZONS,
        hints=[
            "`fraud = payments[payments['is_fraud']]`; the delay in days is "
            "`(fraud['label_available_at'] - fraud['timestamp']).dt.total_seconds() / 86_400`.",
            "`(delay <= 30).mean()` is the share labelled within 30 days. How much fraud would each horizon call "
            "legitimate, and how long would each make every evaluation wait?",
        ],
        solution=horizon_solution,
        practice="decision",
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
        "2 · What the business knows on retraining day",
        "On retraining day (the first day of month 3), what share of the **month-2** fraud does the business know "
        "about? Compute it from `train`, `retrain_day` and `scenarios.labels_as_of` (a number from 0 to 1); the "
        "table below the exercise shows the kit's count.",
        month2_known_share,
        atol=0.005,
        hints=[
            "Keep only month-2 rows of `train`, then ask `scenarios.labels_as_of(month2, retrain_day)` which "
            "labels have arrived.",
            "The denominator is the true fraud in month 2 (`month2['is_fraud']`), not all transactions: take the "
            "mean of the known labels over the fraud rows only.",
        ],
        solution="`month2 = train[train['month'] == 2]` then "
                 "`scenarios.labels_as_of(month2, retrain_day)[month2['is_fraud']].mean()`: most month-2 fraud "
                 "has not been charged back yet, so a model trained that day learns that it was legitimate.",
        wrong_answers=[
            (lambda: 1 - month2_known_share(), "That is the share still *unknown* on retraining day: flip it."),
            (month2_known_over_all, "That divides by all month-2 transactions. Divide by the month's true fraud "
                                    "instead: the question is how much of the fraud is known."),
            (month2_true_rate, "That is the true fraud rate of month 2, not the share of its fraud already "
                               "labelled."),
            (both_months_share, "That pools months 1 and 2. Month 1 has had longer for chargebacks to arrive; "
                                "keep month 2 only."),
        ],
        fmt="{:.3f}",
        practice="by-hand",
    )
    return q1, q2


def bind_retraining(*, wait_days, need: float):
    """Exercise 3: a retraining day (whole days after a month ends) at which the label criterion passes.

    ``wait_days`` holds, per fraud, the days from the end of its month to its chargeback; ``need`` is the
    share of a month's fraud that must be labelled on retraining day. The criterion passes when the low end
    of the 90% Wilson interval of that share clears ``need``. Every day from the earliest passing one to 30
    (retraining stays monthly) is accepted.
    """
    waits = np.asarray(wait_days, dtype=float)
    if waits.size == 0 or np.isnan(waits).any():
        raise ValueError("wait_days must hold one finite number per fraud")
    need = float(need)

    def share_at(wait: float):
        from ..metrics import wilson_interval

        labelled = int((waits <= wait).sum())
        return labelled, wilson_interval(labelled, waits.size, confidence=0.90)

    def earliest() -> int | None:
        return next((d for d in range(0, 31) if share_at(d)[1][0] >= need), None)

    def checker(answer):
        wait = _as_number(answer)
        if wait < 0 or wait > 30:
            return False, ("Give a day between 0 and 30 after the month ends: later than that and the model is "
                           "no longer retrained every month.")
        labelled, (low, high) = share_at(wait)
        first = earliest()
        status = "passes" if low >= need else "fails" if high < need else "is not yet settled"
        where = (f"{wait:g} days after the month ends {labelled} of {waits.size} frauds are labelled "
                 f"({labelled / waits.size:.1%}, 90% Wilson {low:.1%} to {high:.1%}) against a need of {need:.0%}")
        if low >= need:
            extra = "" if first is None or wait <= first + 1 else (
                f" It passes from day {first}; every day later than that is a day more of the new month scored by "
                "last month's model, so say what the extra labels buy.")
            return True, f"Defensible: {where}, so the criterion passes.{extra}"
        return False, (f"Not yet: {where}, so the criterion {status}: the low end of the interval must clear the "
                       "line. Wait longer, or argue for a different line before seeing the data.")

    return custom(
        "3 · Pick a retraining day",
        f"Gate 1 needs at least {need:.0%} of last month's fraud labelled on retraining day, judged on the 90% "
        "interval. Retraining on day 1 does not manage it. Use `label_criterion(wait)` to find a retraining day, "
        "in whole days after a month ends (0 to 30, so retraining stays monthly), at which the criterion passes, "
        "and answer with that number of days. Each day of waiting is a day of the new month scored by a model "
        "that has not learned last month's fraud, so pick the earliest day you can defend.",
        checker,
        hints=[
            "`label_criterion(wait).status` is 'pass', 'fail' or 'inconclusive'; try a few waits.",
            "Loop `for wait in range(0, 31)` and stop at the first wait whose status is 'pass'.",
        ],
        solution=lambda: (
            f"The earliest passing wait is {earliest()} days after the month ends (the first day the low end of "
            "the 90% Wilson interval clears the line); any later day up to 30 passes too. The cost: for that many "
            "days each month, the new month is scored by last month's model, and the newest fraud pattern reaches "
            "the model that much later." if earliest() is not None else
            "No day up to 30 passes: the chargebacks arrive too late for monthly retraining on last month's "
            "fraud. Retrain on older months, or less often."),
        practice="decision",
    )


def _wilson(k: int, n: int, confidence: float) -> tuple[float, float]:
    """The Wilson score interval, written out (the kit's is ``metrics.wilson_interval``)."""
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def _pair(answer) -> tuple[float, float]:
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 2:
        raise TypeError("answer with two numbers, (low, high)")
    low, high = (_as_number(x) for x in answer)
    return low, high


def bind_hand_rule(*, test: pd.DataFrame):
    """Exercise 4: the hand rule's recall on the test month and its 90% Wilson interval, by hand."""
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
            return True, (f"{shown} is right: recall {k} of {n} simulated frauds = {k / n:.3f}, and "
                          "`metrics.wilson_interval(k, n, confidence=0.90)` gives the same interval.")
        p = k / n
        z = NormalDist().inv_cdf(0.95)
        wald = (p - z * math.sqrt(p * (1 - p) / n), p + z * math.sqrt(p * (1 - p) / n))
        if close((low, high), wald):
            return False, (f"{shown} is the normal (Wald) interval, recall plus or minus z times its standard "
                           "error. Wilson's centre moves towards a half and its width changes: close here, far off "
                           "for few frauds or a recall near 0 or 1. Use the Wilson formula.")
        if close((low, high), _wilson(k, n, 0.95)):
            return False, f"{shown} is the 95% Wilson interval; the question asks for 90% (z = 1.645, not 1.96)."
        flagged = int(scenarios.hand_rule(test).sum())
        if flagged and close((low, high), _wilson(k, flagged, 0.90)):
            return False, (f"{shown} is the interval of the rule's precision ({k} of its {flagged} alerts). Recall "
                           "divides by all the frauds in the month.")
        return False, (f"{shown} is not the 90% Wilson interval of the recall. Check k (frauds flagged), n (all "
                       "frauds) and z, or ask for `hint()`.")

    return custom(
        "4 · The hand rule's recall and its interval, by hand",
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


_SETTINGS = ("alert_rate", "incident_cost", "retrain_wait", "reason", "verdict")
_LEVERS = ("alert_rate", "incident_cost", "retrain_wait")
# words a reason uses when it names what a setting changes
_NAMES = {
    "alert_rate": ("alert", "review", "analyst", "team", "budget", "capacity", "staff"),
    "incident_cost": ("incident", "price", "fee", "chargeback cost", "cost of a", "missed fraud", "worth"),
    "retrain_wait": ("retrain", "label", "chargeback", "wait", "schedule"),
}
_WHAT = {"alert_rate": "the alert budget (the size of the review team)",
         "incident_cost": "the incident cost (the price of a missed fraud)",
         "retrain_wait": "the retraining day (which labels the rule and the model learn from)"}


def bind_gate(*, retake, today: dict, verdict: str, example: dict | None = None):
    """Exercise 5: a pre-committed retake of gate 1: settings and a reason first, the gate run once.

    ``retake(alert_rate=..., incident_cost=..., retrain_wait=...)`` takes gate 1 again (the notebook's
    ``gate_one``) and returns a :class:`aipm_kit.gates.Gate`; ``today`` holds the three settings the
    notebook used and ``verdict`` the verdict they gave. The check grades consistency only: the reason
    names what each changed setting changes, and the verdict claimed is the verdict those settings give.
    Whether the verdict differs from today's is never graded. ``example`` (optional settings) is the
    worked answer the solution shows.
    """
    if not callable(retake):
        raise TypeError("retake must be the notebook's gate_one function")
    if set(today) != set(_LEVERS):
        raise ValueError(f"today must hold exactly {list(_LEVERS)}, got {sorted(today)}")
    if verdict not in ("GO", "NO-GO", "NOT YET"):
        raise ValueError(f"verdict must be GO, NO-GO or NOT YET, got {verdict!r}")
    example = dict(example or {"alert_rate": 0.05, "incident_cost": today["incident_cost"], "retrain_wait": 15})

    def why(gate) -> str:
        short = lambda names: ", ".join(n.split(":")[0].lower() for n in names) or "none"  # noqa: E731
        return f"(failed: {short(gate.failed)}; not settled: {short(gate.inconclusive)})"

    def checker(answer):
        if not isinstance(answer, dict) or set(answer) != set(_SETTINGS):
            raise TypeError(f"answer with a dict holding exactly the keys {list(_SETTINGS)}")
        settings = {k: _as_number(answer[k]) for k in _LEVERS}
        if not 0.005 <= settings["alert_rate"] <= 0.2:
            return False, "Keep the alert budget between 0.5% and 20% of transactions: a team can staff that."
        if not 0 <= settings["incident_cost"] <= 5_000 or not 0 <= settings["retrain_wait"] <= 30:
            return False, "Keep the incident cost between 0 and 5,000 dollars and the retraining day within 0-30."
        changed = [k for k in _LEVERS if not math.isclose(settings[k], float(today[k]))]
        if not changed:
            return False, "Those are today's settings: change at least one of them, and say why, before taking the gate."
        reason = str(answer["reason"]).strip().lower()
        if len(reason.split()) < 5:
            return False, ("Write the reason first, in a sentence: what each setting you changed changes in the "
                           "business, and why you would defend it before seeing the gate.")
        unnamed = [k for k in changed if not any(word in reason for word in _NAMES[k])]
        if unnamed:
            return False, ("Your reason does not say what you changed: " + "; ".join(_WHAT[k] for k in unnamed)
                           + ". A setting changed without a reason is a search for a verdict, not a decision.")
        claimed = str(answer["verdict"]).strip().upper()
        gate = retake(**settings)
        if claimed != gate.verdict:
            return False, (f"At these settings gate 1 says {gate.verdict}, not {claimed} {why(gate)}: read the "
                           "verdict from the gate you took, not from the one you hoped for.")
        return True, (f"Consistent: at an alert budget of {settings['alert_rate']:.1%}, an incident cost of "
                      f"{settings['incident_cost']:,.0f} dollars and retraining {settings['retrain_wait']:g} days "
                      f"after a month ends, gate 1 says {gate.verdict} {why(gate)}, and your reason names what you "
                      "changed. What is graded is that the claim follows from the settings you committed to, not "
                      "which verdict they give; what do those settings cost (analysts, staler models)?")

    def solution() -> str:
        gate = retake(**example)
        moved = [_WHAT[k] for k in _LEVERS if not math.isclose(float(example[k]), float(today[k]))]
        return (f"Commit first, then run once. For example `gate_one(alert_rate={example['alert_rate']:g}, "
                f"incident_cost={example['incident_cost']:g}, retrain_wait={example['retrain_wait']:g})`, changing "
                + " and ".join(moved) + f", with the reason written before the run; it gives {gate.verdict} "
                f"{why(gate)}. Today's settings give {verdict}. Any settings are accepted with a reason that names "
                "what they change and the verdict they give; trying budgets until the verdict moves is gate-shopping, "
                "and a verdict found that way is not evidence.")

    return custom(
        "5 · Take gate 1 again, committed in advance",
        f"Gate 1 says {verdict} at today's settings. Choose settings a PM could defend *before* seeing the result: "
        "a review team sized for another share of the transactions (`alert_rate`), another price on a missed "
        "fraud (`incident_cost`, dollars), or a later retraining day (`retrain_wait`, days after a month ends). "
        "Write your reason first, naming what each setting you change changes; then run `gate_one(...)` once "
        "and report the verdict it gives: `{'alert_rate': ..., 'incident_cost': ..., 'retrain_wait': ..., "
        "'reason': '...', 'verdict': ...}`.",
        checker,
        hints=[
            "Which lever moves which criterion? The alert budget moves the pattern, data and value criteria; the "
            "incident cost re-prices every missed fraud and reweights the model; the retraining day moves the "
            "labels the rule and the model learn from, and the label criterion.",
            "Write the reason as a sentence before you call `gate_one`, then copy the verdict the call prints. "
            "The check grades that the two agree, never whether the verdict changed.",
        ],
        solution=solution,
        practice="decision",
    )
