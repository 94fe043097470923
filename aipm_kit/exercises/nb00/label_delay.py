"""Exercise 5 of notebook 00: the days until 90% of the simulated chargebacks have arrived, by hand.

``chargeback_delays`` measures each payment's delay to its chargeback; ``bind_labels`` binds the exercise
that sets the learner's 90th percentile beside the fraud team's cut and the simulator's mean delay.
"""

from __future__ import annotations

import numpy as np

from .. import custom
from .._answers import number as _rate


def chargeback_delays(payments):
    """Days from each payment to its chargeback's arrival, for the payments that have one.

    Parameters
    ----------
    payments : pandas.DataFrame
        With datetime columns ``timestamp`` (the payment) and ``label_available_at`` (when its chargeback
        arrived; missing when there is none).

    Returns
    -------
    numpy.ndarray
        The delays in days (floats), in the frame's order, the payments without a chargeback left out.

    Raises
    ------
    ValueError
        When a column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> payments = pd.DataFrame({
    ...     "timestamp": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"]),
    ...     "label_available_at": pd.to_datetime(["2024-01-31", None, "2024-01-13"]),
    ... })
    >>> chargeback_delays(payments)
    array([30., 10.])
    """
    from ..._checks import check_columns

    check_columns(payments, ["timestamp", "label_available_at"], name="payments")
    delays = (payments["label_available_at"] - payments["timestamp"]).dt.total_seconds() / 86_400
    return delays.dropna().to_numpy(dtype=float)


def bind_labels(*, payments, mature_after_days: float, mean_delay_days: float):
    """Bind exercise 5 of notebook 00: by hand, the days until 90% of the simulated chargebacks have arrived.

    The answer (days) is right within one day of the 90th percentile of :func:`chargeback_delays`; the mean, the
    median and the 95th percentile are named when a learner gives one.

    Parameters
    ----------
    payments : pandas.DataFrame
        The simulated payments, with ``timestamp`` and ``label_available_at`` (when the chargeback arrives, empty
        without one); at least 10 chargebacks.
    mature_after_days : float
        The age in days from which the fraud team trains on a transaction; at least 0.
    mean_delay_days : float
        The mean chargeback delay in days the simulator was set to, the kit's number the learner's percentile is
        set beside; more than 0.

    Returns
    -------
    tuple of Exercise
        ``(q5,)``.

    Raises
    ------
    ValueError
        When ``payments`` holds fewer than 10 chargebacks or a column is missing, or a number of days is out of
        range.

    Examples
    --------
    >>> import pandas as pd
    >>> start = pd.Timestamp("2024-01-01") + pd.to_timedelta(range(20), unit="D")
    >>> payments = pd.DataFrame({"timestamp": start, "label_available_at": start + pd.to_timedelta(range(1, 21), unit="D")})
    >>> (q5,) = bind_labels(payments=payments, mature_after_days=10, mean_delay_days=10.5)
    >>> print(q5.check(18))
    [5 · How long until the labels are in?] Correct: Right. 90% of the chargebacks have arrived 18 days after ...
    >>> print(q5.check(10.5))
    [5 · How long until the labels are in?] Not yet: That is the mean delay. By 10.5 days after the payment, 50% ...
    """
    delays = chargeback_delays(payments)
    if len(delays) < 10:
        raise ValueError(f"payments must hold at least 10 chargebacks (label_available_at filled), got {len(delays)}")
    mature_after_days = _rate(mature_after_days, "mature_after_days")
    if mature_after_days < 0:
        raise ValueError(f"mature_after_days must be days >= 0, got {mature_after_days}")
    mean_delay_days = _rate(mean_delay_days, "mean_delay_days")
    if mean_delay_days <= 0:
        raise ValueError(f"mean_delay_days must be days > 0, got {mean_delay_days}")
    wait_90 = float(np.percentile(delays, 90))

    def share_in(days):
        return float((delays <= days).mean())

    def checker(answer):
        days = _rate(answer, "the days")
        if abs(days - wait_90) > 1:
            named = ""
            if abs(days - float(np.mean(delays))) <= 1:
                named = "That is the mean delay. "
            elif abs(days - float(np.percentile(delays, 50))) <= 1:
                named = "That is the median delay. "
            elif abs(days - float(np.percentile(delays, 95))) <= 1:
                named = "That is when 95% are in; the question asks for 90%. "
            return False, (
                f"{named}By {days:g} days after the payment, {share_in(days):.0%} of the chargebacks have "
                "arrived, not 90%: take the 90th percentile of the delays."
            )
        return True, (
            f"Right. 90% of the chargebacks have arrived {wait_90:.0f} days after the payment, against the "
            f"simulator's mean delay of {mean_delay_days:g} days (these chargebacks average "
            f"{np.mean(delays):.0f}); {mature_after_days:g} days after the payment (the fraud team's cut) "
            f"only {share_in(mature_after_days):.0%} have. A mean says little about when the labels are "
            "in: a team that waits the mean still trains on many frauds labelled as legitimate."
        )

    return (
        custom(
            "5 · How long until the labels are in?",
            f"The fraud team above trained only on transactions at least `MATURE_AFTER_DAYS` = {mature_after_days:g} "
            f"days old, and the simulator's chargebacks arrive `LABEL_DELAY_DAYS` = {mean_delay_days:g} days after the "
            "payment on average. From the simulated `payments` (columns `timestamp`, the payment, and "
            "`label_available_at`, when its chargeback arrived, empty when there is none), compute how many days after "
            "a payment 90% of the chargebacks have arrived, and set it beside those two numbers. Answer with the days.",
            checker,
            hints=[
                "Subtract the two columns, turn the difference into days, drop the payments without a chargeback.",
                "`delays = (payments['label_available_at'] - payments['timestamp']).dt.total_seconds() / 86_400`, then "
                "`np.percentile(delays.dropna(), 90)`.",
            ],
            solution=lambda: (
                "`delays = (payments['label_available_at'] - payments['timestamp']).dt.total_seconds() "
                "/ 86_400`, then `np.percentile(delays.dropna(), 90)` gives "
                f"{wait_90:.1f} days (the mean is {np.mean(delays):.1f})."
            ),
            practice="by-hand",
        ),
    )
