"""The business case: every assumption of an ROI case, and what it is worth.

:class:`BusinessCase` weighs conversions gained from accuracy against users lost to added latency, through
an explicit, editable :func:`churn_from_latency` curve, and evaluates to a :class:`ROIResult` with its
break-even; :func:`scenario_table` sets named sets of assumptions side by side.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from ..._checks import check_positive_int, check_probability
from ...formatting import format_money as _money
from .._common import _amount
from .payback import BreakEven, break_even

# --------------------------------------------------------------------------- the business case


def churn_from_latency(latency_ms, curve: Sequence[tuple[float, float]]) -> np.ndarray | float:
    """Extra monthly churn caused by ``latency_ms`` of added latency, read off an assumed curve.

    ``curve`` is a list of ``(milliseconds, extra churn share)`` points; values
    between points are interpolated linearly, and beyond the last point the
    curve stays flat. It is an assumption, and the point is to write it down
    where everyone can see and change it.

    Parameters
    ----------
    latency_ms : float or array-like of float
        Added latency in milliseconds (each >= 0 and finite).
    curve : sequence of (float, float)
        At least two ``(milliseconds, extra churn share)`` points, milliseconds strictly increasing and each
        churn share in [0, 1]; :data:`DEFAULT_LATENCY_CHURN` is the kit's default assumption.

    Returns
    -------
    float or numpy.ndarray
        The extra monthly churn share: a float for a single latency, an array of the same shape otherwise.

    Raises
    ------
    ValueError
        A malformed curve or a negative or non-finite latency.

    Examples
    --------
    >>> churn_from_latency(150, [(0, 0.0), (100, 0.0), (200, 0.01)])
    0.005
    >>> churn_from_latency([50, 150, 500], [(0, 0.0), (100, 0.0), (200, 0.01)])  # flat past the last point
    array([0.   , 0.005, 0.01 ])
    """
    pts = np.asarray(curve, dtype=float)
    if pts.ndim != 2 or pts.shape[1] != 2 or len(pts) < 2:
        raise ValueError("curve must be a list of at least two (milliseconds, churn) points")
    if np.any(np.diff(pts[:, 0]) <= 0):
        raise ValueError("curve milliseconds must be strictly increasing")
    if np.any(pts[:, 1] < 0) or np.any(pts[:, 1] > 1):
        raise ValueError("curve churn values must be probabilities in [0, 1]")
    lat = np.asarray(latency_ms, dtype=float)
    if np.any(~np.isfinite(lat)) or np.any(lat < 0):
        raise ValueError(f"latency_ms must be >= 0, got {latency_ms}")
    out = np.interp(lat, pts[:, 0], pts[:, 1])
    return float(out) if out.ndim == 0 else out


#: Default latency-to-churn assumption: nothing under 100 ms, then rising.
DEFAULT_LATENCY_CHURN = ((0.0, 0.0), (100.0, 0.0), (200.0, 0.004), (400.0, 0.02), (1000.0, 0.06))


@dataclass(frozen=True)
class ROIResult:
    """What a :class:`BusinessCase` is worth, broken into its parts (all per month unless noted).

    Built by :meth:`BusinessCase.evaluate`; ``monthly_value`` is the accuracy value less the latency cost,
    and ``to_frame()`` lists every part with the break-even and ROI.

    Parameters
    ----------
    case : BusinessCase
        The assumptions evaluated.
    accuracy_value : float
        Dollars a month the accuracy gain is worth in extra conversions.
    extra_churn : float
        Extra monthly churn share caused by the added latency (read off the case's curve).
    latency_cost : float
        Dollars a month the churned users' lost conversions cost.
    break_even : BreakEven
        The payback of the upfront cost by the net monthly value, less the running cost.

    Examples
    --------
    >>> case = BusinessCase(monthly_users=100_000, conversion_rate=0.05, value_per_conversion=20,
    ...                     accuracy_gain_points=2, conversion_lift_per_point=0.01,
    ...                     added_latency_ms=0, upfront_cost=12_000, monthly_cost=0)
    >>> result = case.evaluate()
    >>> result
    ROIResult(accuracy gain worth $2,000/month, latency costs $0/month; BreakEven(pays back after 6.0 months; net at month 36: $60,000; ROI 500%))
    >>> result.to_frame().loc[["net value created (per month)", "break-even (months)"]]
                                    value
    net value created (per month)  2000.0
    break-even (months)               6.0
    """

    case: BusinessCase
    accuracy_value: float
    extra_churn: float
    latency_cost: float
    break_even: BreakEven

    @property
    def monthly_value(self) -> float:
        return self.accuracy_value - self.latency_cost

    def to_frame(self) -> pd.DataFrame:
        be = self.break_even
        rows = {
            "value of the accuracy gain (per month)": self.accuracy_value,
            "extra monthly churn from latency": self.extra_churn,
            "cost of latency churn (per month)": self.latency_cost,
            "net value created (per month)": self.monthly_value,
            "running cost (per month)": be.monthly_cost,
            "upfront cost": be.upfront_cost,
            "break-even (months)": be.months,
            f"net value at month {be.horizon_months}": be.net_value,
            "ROI at horizon": be.roi,
        }
        return pd.DataFrame({"value": pd.Series(rows, dtype=float)})

    def __repr__(self) -> str:
        return (
            f"ROIResult(accuracy gain worth {_money(self.accuracy_value)}/month, latency costs "
            f"{_money(self.latency_cost)}/month; {self.break_even!r})"
        )


@dataclass(frozen=True)
class BusinessCase:
    """Every assumption of an ROI case, each one editable.

    The feature improves a model's accuracy by ``accuracy_gain_points``; each
    point lifts conversions by ``conversion_lift_per_point`` (relative). It also
    adds ``added_latency_ms`` to each request, and the ``latency_churn`` curve
    says how many extra users leave each month because of it; each lost user
    takes ``lost_user_months`` months of conversions with them. Every field has a default (the
    course's worked case); all amounts are checked when the case is built.

    Parameters
    ----------
    monthly_users : float, default 500_000
        Active users a month (>= 0).
    conversion_rate : float, default 0.03
        Share of users who convert each month (a probability).
    value_per_conversion : float, default 40.0
        Dollars one conversion is worth (>= 0).
    accuracy_gain_points : float, default 2.0
        The model's accuracy gain, in percentage points (>= 0).
    conversion_lift_per_point : float, default 0.015
        Relative lift in conversions per point of accuracy (0.015: 1.5% more conversions a point).
    added_latency_ms : float, default 150.0
        Latency the feature adds to each request, in milliseconds (>= 0).
    latency_churn : sequence of (float, float), default DEFAULT_LATENCY_CHURN
        The ``(milliseconds, extra churn share)`` curve read by :func:`churn_from_latency`; stored as a tuple
        of float pairs.
    lost_user_months : float, default 6.0
        Months of conversions each churned user takes with them (>= 0).
    upfront_cost : float, default 90_000.0
        One-off cost to build, in dollars (>= 0).
    monthly_cost : float, default 4_000.0
        Cost to run it each month, in dollars (>= 0).
    horizon_months : int, default 36
        The planning horizon for net value and ROI (a positive whole number).

    Raises
    ------
    ValueError
        A negative amount, a conversion rate outside [0, 1], a horizon below 1 or a malformed curve.

    Examples
    --------
    >>> case = BusinessCase(monthly_users=100_000, conversion_rate=0.05, value_per_conversion=20,
    ...                     accuracy_gain_points=2, conversion_lift_per_point=0.01,
    ...                     added_latency_ms=0, upfront_cost=12_000, monthly_cost=0)
    >>> round(case.evaluate().accuracy_value)   # 100k x 5% x $20 x 2% = $2,000 a month
    2000
    >>> case.with_(accuracy_gain_points=1).evaluate().break_even.months
    12.0
    >>> case.with_(price=3)
    Traceback (most recent call last):
    ...
    ValueError: unknown assumption(s) ['price']; BusinessCase has [...]
    """

    monthly_users: float = 500_000
    conversion_rate: float = 0.03
    value_per_conversion: float = 40.0
    accuracy_gain_points: float = 2.0
    conversion_lift_per_point: float = 0.015
    added_latency_ms: float = 150.0
    latency_churn: tuple = DEFAULT_LATENCY_CHURN
    lost_user_months: float = 6.0
    upfront_cost: float = 90_000.0
    monthly_cost: float = 4_000.0
    horizon_months: int = 36

    def __post_init__(self):
        for name in (
            "monthly_users",
            "value_per_conversion",
            "accuracy_gain_points",
            "conversion_lift_per_point",
            "added_latency_ms",
            "lost_user_months",
            "upfront_cost",
            "monthly_cost",
        ):
            _amount(getattr(self, name), name)
        check_probability(self.conversion_rate, "conversion_rate")
        check_positive_int(self.horizon_months, "horizon_months")
        churn_from_latency(self.added_latency_ms, self.latency_churn)  # validates the curve
        object.__setattr__(self, "latency_churn", tuple(tuple(map(float, p)) for p in self.latency_churn))

    @property
    def conversion_value_per_month(self) -> float:
        """Revenue from conversions today, before the feature."""
        return self.monthly_users * self.conversion_rate * self.value_per_conversion

    def evaluate(self) -> ROIResult:
        base = self.conversion_value_per_month
        gain = base * self.conversion_lift_per_point * self.accuracy_gain_points
        churn = churn_from_latency(self.added_latency_ms, self.latency_churn)
        per_user_month = self.conversion_rate * self.value_per_conversion
        latency_cost = self.monthly_users * churn * per_user_month * self.lost_user_months
        be = break_even(self.upfront_cost, gain - latency_cost, self.monthly_cost, horizon_months=self.horizon_months)
        return ROIResult(self, float(gain), float(churn), float(latency_cost), be)

    def with_(self, **changes) -> BusinessCase:
        """A copy with some assumptions changed (names are checked)."""
        names = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - names)
        if unknown:
            raise ValueError(f"unknown assumption(s) {unknown}; BusinessCase has {sorted(names)}")
        return replace(self, **changes)

    def to_frame(self) -> pd.DataFrame:
        rows = {f.name: getattr(self, f.name) for f in fields(self)}
        rows["latency_churn"] = "; ".join(f"{ms:g} ms -> {c:.2%}" for ms, c in self.latency_churn)
        return pd.DataFrame({"assumption": pd.Series(rows, dtype=object)})


_OUTPUTS = {
    "net_value": lambda r: r.break_even.net_value,
    "monthly_value": lambda r: r.monthly_value,
    "break_even_months": lambda r: r.break_even.months,
    "roi": lambda r: r.break_even.roi,
}


def scenario_table(case: BusinessCase, scenarios: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
    """Conservative / expected / optimistic (or any named set) side by side.

    Each scenario is a dict of assumption changes applied to ``case``.

    Parameters
    ----------
    case : BusinessCase
        The base assumptions.
    scenarios : mapping
        ``scenario name -> {assumption: value}``, at least one; an empty dict is the base case itself.
        Unknown assumption names are refused (``ValueError``).

    Returns
    -------
    pandas.DataFrame
        One row per scenario, in the order given, with the value from accuracy, the latency churn cost and
        the net value created (dollars a month), the break-even (months), the net at the horizon (dollars)
        and the ROI (1.0 means 100%).

    Examples
    --------
    >>> case = BusinessCase(monthly_users=100_000, conversion_rate=0.05, value_per_conversion=20,
    ...                     accuracy_gain_points=2, conversion_lift_per_point=0.01,
    ...                     added_latency_ms=0, upfront_cost=12_000, monthly_cost=0)
    >>> table = scenario_table(case, {"conservative": {"accuracy_gain_points": 1}, "expected": {}})
    >>> table[["net value created ($/month)", "break-even (months)", "ROI"]]
                  net value created ($/month)  break-even (months)  ROI
    conservative                       1000.0                 12.0  2.0
    expected                           2000.0                  6.0  5.0
    """
    if not isinstance(case, BusinessCase):
        raise TypeError(f"case must be a BusinessCase, got {type(case).__name__}")
    if not scenarios:
        raise ValueError("scenarios must hold at least one named set of assumptions")
    rows = {}
    for name, changes in scenarios.items():
        res = case.with_(**dict(changes)).evaluate()
        be = res.break_even
        rows[name] = {
            "value from accuracy ($/month)": res.accuracy_value,
            "latency churn cost ($/month)": res.latency_cost,
            "net value created ($/month)": res.monthly_value,
            "break-even (months)": be.months,
            f"net at month {be.horizon_months} ($)": be.net_value,
            "ROI": be.roi,
        }
    return pd.DataFrame(rows).T
