"""Break-even: months until the upfront cost is paid back, and the net value and ROI at the horizon.

:func:`break_even` checks the amounts and returns a :class:`BreakEven`, which holds numbers only (its figure
is :func:`aipm_kit.plots.break_even`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..._checks import check_positive_int
from ...formatting import format_money as _money
from .._common import _amount

# --------------------------------------------------------------------------- break-even


@dataclass(frozen=True)
class BreakEven:
    """When cumulative net value pays back the upfront cost.

    ``months`` is ``math.inf`` when the monthly net value is zero or negative
    (the project never pays back), never NaN. Built by :func:`break_even`, which checks the inputs;
    its figure is :func:`aipm_kit.plots.break_even`.

    Parameters
    ----------
    upfront_cost : float
        One-off cost to build, in dollars (>= 0).
    monthly_value : float
        Value created each month, in dollars (may be negative).
    monthly_cost : float
        Cost to run it each month, in dollars (>= 0).
    horizon_months : int
        The planning horizon (months) at which ``net_value`` and ``roi`` are read.

    Examples
    --------
    >>> be = BreakEven(upfront_cost=120_000.0, monthly_value=25_000.0, monthly_cost=5_000.0, horizon_months=12)
    >>> be
    BreakEven(pays back after 6.0 months; net at month 12: $120,000; ROI 67%)
    >>> be.monthly_net, be.pays_back, round(be.roi, 3)
    (20000.0, True, 0.667)
    >>> be.to_frame().head(3)
       month  cumulative_value  cumulative_cost  cumulative_net
    0      0               0.0         120000.0       -120000.0
    1      1           25000.0         125000.0       -100000.0
    2      2           50000.0         130000.0        -80000.0
    """

    upfront_cost: float
    monthly_value: float
    monthly_cost: float
    horizon_months: int

    @property
    def monthly_net(self) -> float:
        return self.monthly_value - self.monthly_cost

    @property
    def months(self) -> float:
        if self.monthly_net <= 0:
            return math.inf if self.upfront_cost > 0 else 0.0
        return self.upfront_cost / self.monthly_net

    @property
    def pays_back(self) -> bool:
        return self.months <= self.horizon_months

    @property
    def net_value(self) -> float:
        """Cumulative net value at the end of the horizon (negative: a loss)."""
        return self.monthly_net * self.horizon_months - self.upfront_cost

    @property
    def roi(self) -> float:
        """Net value over total cost at the horizon (0.5 means 50% return)."""
        cost = self.upfront_cost + self.monthly_cost * self.horizon_months
        if cost == 0:
            return math.inf if self.net_value > 0 else 0.0
        return self.net_value / cost

    def to_frame(self) -> pd.DataFrame:
        """Month by month: value, cost and the cumulative net position."""
        month = np.arange(0, self.horizon_months + 1)
        cumulative = self.monthly_net * month - self.upfront_cost
        return pd.DataFrame(
            {
                "month": month,
                "cumulative_value": self.monthly_value * month,
                "cumulative_cost": self.upfront_cost + self.monthly_cost * month,
                "cumulative_net": cumulative,
            }
        )

    def __repr__(self) -> str:
        when = "never" if math.isinf(self.months) else f"after {self.months:.1f} months"
        return (
            f"BreakEven(pays back {when}; net at month {self.horizon_months}: "
            f"{_money(self.net_value)}; ROI {self.roi:.0%})"
        )


def break_even(
    upfront_cost: float, monthly_value: float, monthly_cost: float = 0.0, *, horizon_months: int = 24
) -> BreakEven:
    """Months until the upfront cost is paid back by the monthly net value.

    Parameters
    ----------
    upfront_cost : float
        One-off cost to build (>= 0).
    monthly_value : float
        Value the feature creates each month (may be negative: a feature can
        destroy value).
    monthly_cost : float
        Cost to run it each month (>= 0).
    horizon_months : int
        The planning horizon for net value and ROI, in months (a positive whole number; default 24).

    Returns
    -------
    BreakEven
        The inputs as floats, with ``months`` to pay back (``math.inf`` if never), ``pays_back`` within the
        horizon, ``net_value`` and ``roi`` at the horizon.

    Raises
    ------
    ValueError
        A negative or non-finite cost, a non-finite ``monthly_value``, or a horizon below 1.
    TypeError
        A value that is not a number.

    Examples
    --------
    >>> be = break_even(120_000, monthly_value=25_000, monthly_cost=5_000)
    >>> be.months
    6.0
    >>> break_even(10_000, 1_000, 2_000)          # runs at a loss: never pays back
    BreakEven(pays back never; net at month 24: -$34,000; ROI -59%)
    >>> break_even(-1, 5)
    Traceback (most recent call last):
    ...
    ValueError: upfront_cost must be >= 0, got -1.0
    """
    upfront_cost = _amount(upfront_cost, "upfront_cost")
    monthly_cost = _amount(monthly_cost, "monthly_cost")
    try:
        monthly_value = float(monthly_value)
    except (TypeError, ValueError):
        raise TypeError(f"monthly_value must be a number, got {monthly_value!r}") from None
    if not math.isfinite(monthly_value):
        raise ValueError(f"monthly_value must be finite, got {monthly_value}")
    horizon_months = check_positive_int(horizon_months, "horizon_months")
    return BreakEven(upfront_cost, monthly_value, monthly_cost, horizon_months)
