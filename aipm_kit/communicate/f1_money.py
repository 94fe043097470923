"""An F1 change in money: an operating point's counts priced, and paired intervals of the money and F1 changes.

F1 weighs precision and recall equally; the business does not. :func:`price_operating_point` splits an operating
point into catches, reviews and false alarms and prices each, :func:`money_change_interval` and
:func:`f1_change_interval` give paired bootstrap intervals of the change over a baseline on the same rows, and
:func:`f1_twin` finds the threshold on the other side of the F1 peak with the same F1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._checks import as_1d, as_binary, check_non_negative, check_probability


@dataclass(frozen=True)
class OperatingPointMoney:
    """One operating point in counts and in dollars: F1 split into precision and recall, each priced.

    Every caught fraud is worth ``value_per_catch``; every alert costs
    ``cost_per_alert`` (the review); every false alarm costs a further
    ``cost_per_false_alarm`` (a legitimate customer held). ``months`` turns the
    counts into a monthly rate. Its properties give ``false_alarms``, ``precision``, ``recall``, ``f1`` (0 when
    undefined) and ``monthly_money``; :meth:`row` gives them as one table row. Built by
    :func:`price_operating_point`, which checks the inputs.

    Parameters
    ----------
    name : str
        A label for the operating point.
    alerts : int
        Cases flagged.
    caught : int
        Flagged cases that are fraud.
    fraud_total : int
        Fraud cases in all, flagged or not.
    value_per_catch : float
        Dollars a caught fraud is worth.
    cost_per_alert : float
        Dollars each alert costs to review.
    cost_per_false_alarm : float
        Further dollars each false alarm costs (a legitimate customer held).
    months : float, default 1.0
        The months the counts cover.

    Examples
    --------
    >>> op = OperatingPointMoney("strict", alerts=40, caught=30, fraud_total=60, value_per_catch=500,
    ...                          cost_per_alert=20, cost_per_false_alarm=50, months=2)
    >>> op.false_alarms, op.precision, op.recall, round(op.f1, 3)
    (10, 0.75, 0.5, 0.6)
    >>> op.monthly_money   # (30 x 500 - 40 x 20 - 10 x 50) / 2
    6850.0
    """

    name: str
    alerts: int
    caught: int
    fraud_total: int
    value_per_catch: float
    cost_per_alert: float
    cost_per_false_alarm: float
    months: float = 1.0

    @property
    def false_alarms(self) -> int:
        return self.alerts - self.caught

    @property
    def precision(self) -> float:
        return self.caught / self.alerts if self.alerts else 0.0

    @property
    def recall(self) -> float:
        return self.caught / self.fraud_total if self.fraud_total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r > 0 else 0.0

    @property
    def monthly_money(self) -> float:
        """Value of the fraud caught minus the reviews and the false alarms, per month."""
        return (
            self.caught * self.value_per_catch
            - self.alerts * self.cost_per_alert
            - self.false_alarms * self.cost_per_false_alarm
        ) / self.months

    def row(self) -> dict:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "F1": self.f1,
            "alerts": self.alerts,
            "fraud caught": self.caught,
            "false alarms": self.false_alarms,
            "money ($/month)": self.monthly_money,
        }


def price_operating_point(
    y_true,
    flags,
    *,
    value_per_catch: float,
    cost_per_alert: float,
    cost_per_false_alarm: float,
    months: float = 1.0,
    name: str = "",
) -> OperatingPointMoney:
    """Count an operating point's alerts, catches and false alarms, and price them.

    Parameters
    ----------
    y_true : array-like of {0, 1}
        Whether each case is fraud.
    flags : array-like of {0, 1}
        Whether the operating point flags each case; the same length as ``y_true``.
    value_per_catch : float
        Dollars a caught fraud is worth; not negative.
    cost_per_alert : float
        Dollars each alert costs to review; not negative.
    cost_per_false_alarm : float
        Further dollars each false alarm costs; not negative.
    months : float, default 1.0
        The months the rows cover, to give money a month; finite and above zero.
    name : str, default ""
        A label for the operating point.

    Returns
    -------
    OperatingPointMoney
        The counts and prices.

    Examples
    --------
    >>> op = price_operating_point([1, 1, 0, 0], [1, 0, 1, 0], value_per_catch=100, cost_per_alert=10,
    ...                            cost_per_false_alarm=5)
    >>> op.precision, op.recall, op.monthly_money      # 100 - 2 x 10 - 1 x 5
    (0.5, 0.5, 75.0)
    """
    y = as_binary(y_true, "y_true").astype(bool)
    f = as_binary(flags, "flags").astype(bool)
    if len(y) != len(f):
        raise ValueError(f"y_true and flags have different lengths: {len(y)} and {len(f)}")
    for arg, v in (
        ("value_per_catch", value_per_catch),
        ("cost_per_alert", cost_per_alert),
        ("cost_per_false_alarm", cost_per_false_alarm),
    ):
        check_non_negative(v, arg)
    if not (isinstance(months, (int, float)) and math.isfinite(months) and months > 0):
        raise ValueError(f"months must be a finite number > 0, got {months!r}")
    return OperatingPointMoney(
        name,
        int(f.sum()),
        int((f & y).sum()),
        int(y.sum()),
        float(value_per_catch),
        float(cost_per_alert),
        float(cost_per_false_alarm),
        float(months),
    )


def _paired_flags(y_true, flags, baseline_flags, n_boot, confidence, dtype):
    """Check the inputs of a paired bootstrap of ``flags`` over ``baseline_flags``: the three arrays as ``dtype``,
    and ``n_boot`` as an int."""
    y = as_binary(y_true, "y_true").astype(dtype)
    f = as_binary(flags, "flags").astype(dtype)
    b = as_binary(baseline_flags, "baseline_flags").astype(dtype)
    if not (len(y) == len(f) == len(b)) or len(y) == 0:
        raise ValueError("y_true, flags and baseline_flags must be non-empty and of the same length")
    check_probability(confidence, "confidence")
    n_boot = int(n_boot)
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot}")
    return y, f, b, n_boot


def money_change_interval(
    y_true,
    flags,
    baseline_flags,
    *,
    value_per_catch: float,
    cost_per_alert: float,
    cost_per_false_alarm: float,
    months: float = 1.0,
    n_boot: int = 2000,
    confidence: float = 0.95,
    seed: int = 0,
) -> tuple[float, float, float]:
    """The monthly money change of ``flags`` over ``baseline_flags`` on the same rows, with a paired bootstrap interval.

    Each row contributes ``(flag - baseline) x (value if fraud, else -false-alarm cost) - review cost``;
    the rows are resampled together, so both operating points see the same cases. The percentile interval is
    widened, if need be, to hold the estimate.

    Parameters
    ----------
    y_true : array-like of {0, 1}
        Whether each row is fraud.
    flags : array-like of {0, 1}
        The new operating point's flags; the same length as ``y_true``.
    baseline_flags : array-like of {0, 1}
        The baseline's flags on the same rows.
    value_per_catch : float
        Dollars a caught fraud is worth.
    cost_per_alert : float
        Dollars each alert costs to review.
    cost_per_false_alarm : float
        Further dollars each false alarm costs.
    months : float, default 1.0
        The months the rows cover; above zero.
    n_boot : int, default 2000
        Bootstrap replicates; at least 1.
    confidence : float, default 0.95
        The interval's confidence, in [0, 1].
    seed : int, default 0
        Seed of the resampling.

    Returns
    -------
    tuple of float
        ``(estimate, low, high)`` in dollars a month.

    Examples
    --------
    >>> y = [1, 1, 1, 0, 0, 0, 0, 0] * 5
    >>> new, old = [1, 1, 0, 1, 0, 0, 0, 0] * 5, [1, 0, 0, 1, 1, 0, 0, 0] * 5
    >>> est, lo, hi = money_change_interval(y, new, old, value_per_catch=100, cost_per_alert=10,
    ...                                     cost_per_false_alarm=5, n_boot=500)
    >>> est, round(lo), round(hi)   # as many alerts: 5 more catches (+500), 5 fewer false alarms (+25)
    (525.0, 202, 953)
    """
    y, f, b, n_boot = _paired_flags(y_true, flags, baseline_flags, n_boot, confidence, float)
    if not months > 0:
        raise ValueError(f"months must be > 0, got {months!r}")
    per_row = (f - b) * (y * value_per_catch - (1 - y) * cost_per_false_alarm - cost_per_alert) / months
    rng = np.random.default_rng(seed)
    m = len(y)
    reps = np.empty(n_boot)
    for start in range(0, n_boot, 200):
        stop = min(start + 200, n_boot)
        reps[start:stop] = per_row[rng.integers(0, m, (stop - start, m))].sum(axis=1)
    lo, hi = np.quantile(reps, [(1 - confidence) / 2, (1 + confidence) / 2])
    return float(per_row.sum()), float(min(lo, per_row.sum())), float(max(hi, per_row.sum()))


def f1_change_interval(
    y_true, flags, baseline_flags, *, n_boot: int = 2000, confidence: float = 0.95, seed: int = 0
) -> tuple[float, float, float]:
    """The F1 change of ``flags`` over ``baseline_flags`` on the same rows, with a paired bootstrap interval.

    The rows are resampled together, so both operating points see the same cases in each replicate. The
    percentile interval is widened, if need be, to hold the estimate.

    Parameters
    ----------
    y_true : array-like of {0, 1}
        Whether each row is a positive.
    flags : array-like of {0, 1}
        The new operating point's flags; the same length as ``y_true``.
    baseline_flags : array-like of {0, 1}
        The baseline's flags on the same rows.
    n_boot : int, default 2000
        Bootstrap replicates; at least 1.
    confidence : float, default 0.95
        The interval's confidence, in [0, 1].
    seed : int, default 0
        Seed of the resampling.

    Returns
    -------
    tuple of float
        ``(estimate, low, high)`` in F1 units (multiply by 100 for points).

    Examples
    --------
    >>> y = [1, 1, 1, 0, 0, 0, 0, 0] * 5
    >>> new, old = [1, 1, 0, 1, 0, 0, 0, 0] * 5, [1, 0, 0, 1, 1, 0, 0, 0] * 5
    >>> [round(x, 3) for x in f1_change_interval(y, new, old, n_boot=500)]   # F1 0.667 against 0.333
    [0.333, 0.157, 0.541]
    """
    y, f, b, n_boot = _paired_flags(y_true, flags, baseline_flags, n_boot, confidence, bool)

    def f1(tp, n_flag, n_pos):  # 2TP / (flags + positives), elementwise
        den = n_flag + n_pos
        return np.divide(2.0 * tp, den, out=np.zeros_like(den, dtype=float), where=den > 0)

    est = float(
        f1(np.array((f & y).sum()), np.array(f.sum()), np.array(y.sum()))
        - f1(np.array((b & y).sum()), np.array(b.sum()), np.array(y.sum()))
    )
    rng = np.random.default_rng(seed)
    m = len(y)
    reps = np.empty(n_boot)
    for start in range(0, n_boot, 200):
        stop = min(start + 200, n_boot)
        idx = rng.integers(0, m, (stop - start, m))
        yy, ff, bb = y[idx], f[idx], b[idx]
        pos = yy.sum(axis=1)
        reps[start:stop] = f1((ff & yy).sum(axis=1), ff.sum(axis=1), pos) - f1(
            (bb & yy).sum(axis=1), bb.sum(axis=1), pos
        )
    lo, hi = np.quantile(reps, [(1 - confidence) / 2, (1 + confidence) / 2])
    return est, float(min(lo, est)), float(max(hi, est))


def f1_twin(y_true, y_score, threshold: float) -> tuple[float, float, float]:
    """The threshold on the other side of the F1 peak whose F1 is closest to the F1 at ``threshold``.

    Two thresholds with the same F1 trade precision for recall in opposite
    directions. Flags are ``score >= threshold``; the candidates are the distinct scores.

    Parameters
    ----------
    y_true : array-like of {0, 1}
        The labels; must hold a positive.
    y_score : array-like of float
        The scores; the same length as ``y_true``.
    threshold : float
        The threshold to find a twin for. A threshold with no score on the other side of the peak is refused.

    Returns
    -------
    tuple of float
        ``(twin_threshold, f1_at_threshold, f1_at_twin)``.

    Examples
    --------
    >>> f1_twin([1, 1, 0, 1, 0, 0], [0.9, 0.8, 0.7, 0.6, 0.5, 0.1], 0.9)   # F1 0.5 at 0.9; 0.67 nearest below the peak
    (0.1, 0.5, 0.6666666666666666)
    """
    y = as_binary(y_true, "y_true").astype(bool)
    s = as_1d(y_score, "y_score").astype(float)
    if len(y) != len(s):
        raise ValueError(f"y_true and y_score have different lengths: {len(y)} and {len(s)}")
    if not y.any():
        raise ValueError("y_true holds no positives: F1 is undefined")
    cuts = np.unique(s)

    def f1_at(t):
        f = s >= t
        tp = (f & y).sum()
        return 2 * tp / (f.sum() + y.sum())

    f1s = np.array([f1_at(t) for t in cuts])
    ref = f1_at(float(threshold))
    peak = cuts[int(np.argmax(f1s))]
    other = cuts > peak if threshold <= peak else cuts < peak
    if not other.any():
        raise ValueError(f"threshold={threshold} leaves no thresholds on the other side of the F1 peak ({peak:.3g})")
    i = int(np.argmin(np.abs(f1s[other] - ref)))
    return float(cuts[other][i]), float(ref), float(f1s[other][i])
