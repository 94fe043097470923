"""Exercises 1 and 2 of notebook 01: the fraud target's horizon, and the labels known on retraining day.

``bind`` binds both to the notebook's frames: choosing the shortest horizon whose share of fraud called
legitimate stays within a line on its 90% Wilson interval, and the share of month 2's fraud already labelled
on day 1 of month 3.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import numeric
from ._common import _wilson

HORIZONS = {
    "a": "7 days after the transaction",
    "b": "30 days after the transaction",
    "c": "60 days after the transaction",
    "d": "90 days after the transaction",
    "e": "no horizon: ever charged back",
}


_HORIZON_DAYS = {"a": 7, "b": 30, "c": 60, "d": 90}


MAX_MISLABELLED_SHARE = 0.05  # the default line: at most this share of the fraud called legitimate


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
    """Bind exercises 1 and 2 of notebook 01 to the notebook's own frames.

    Exercise 1 (by hand, from ``HORIZONS``): the rule picks the shortest of 7, 30, 60 and 90 days whose share of the
    fraud called legitimate (charged back after the horizon) stays at or below ``max_mislabelled`` over its whole 90%
    Wilson interval; when none does, the longest, 90 days, is accepted as the least bad; "no horizon" is refused
    because such a label is never final. Exercise 2 (by hand, a number within 0.005): the share of month 2's fraud
    whose chargeback has arrived on retraining day, day 1 of month 3 (two calendar months after the scenario's start,
    or after the first payment's day when ``payments`` carries no scenario); raw rates and the pooled months are named
    when a learner gives one.

    Parameters
    ----------
    payments : pandas.DataFrame
        The notebook's simulated payments, with ``timestamp``, ``label_available_at`` and ``is_fraud``; Exercise 1
        measures the chargeback delays on it when ``history`` is not given, and it dates retraining day.
    train : pandas.DataFrame
        The training months, with ``month``, ``is_fraud`` and ``label_available_at`` (Exercise 2 reads month 2).
    test : pandas.DataFrame
        The test month: accepted with the other frames, not read by either exercise.
    max_mislabelled : float, default MAX_MISLABELLED_SHARE
        The notebook's ``MAX_MISLABELLED_SHARE``: the most of the fraud a horizon may call legitimate, on the high
        end of its interval; strictly between 0 and 1.
    history : pandas.DataFrame, optional
        Older months whose chargebacks have all arrived, with the same columns as ``payments``: Exercise 1 measures
        the delays on it instead, as a business choosing a horizon would.

    Returns
    -------
    tuple of Exercise
        ``(q1, q2)``.

    Raises
    ------
    ValueError
        When ``max_mislabelled`` is not strictly between 0 and 1, or the frame the delays come from holds no fraud.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> stamp = pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(np.arange(75), unit="h")
    >>> payments = pd.DataFrame({"timestamp": stamp, "is_fraud": True, "month": 2,
    ...                          "label_available_at": stamp + pd.to_timedelta(np.arange(1, 76), unit="D")})
    >>> q1, q2 = bind(payments=payments, train=payments, test=payments)  # 75 frauds, charged back 1 to 75 days later
    >>> print(q1.check("d"))
    [1 · Choose the fraud target's horizon] Correct: Right by the rule: 90 days calls 0 of 75 simulated frauds ...
    >>> print(q1.check("c"))
    [1 · Choose the fraud target's horizon] Not yet: 60 days calls 15 of 75 simulated frauds legitimate (20.0%, ...
    """
    if not 0 < float(max_mislabelled) < 1:
        raise ValueError(f"max_mislabelled must be a share in (0, 1), got {max_mislabelled!r}")
    from ... import scenarios
    from .. import Exercise

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
