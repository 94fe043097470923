"""Break-even and the business case: what a model gain is worth in money, and which assumption moves it.

Holds :func:`break_even` (months until the upfront cost is paid back), :class:`BusinessCase` (conversions
gained from accuracy against users lost to added latency, through an explicit, editable
:func:`churn_from_latency` curve), :func:`sensitivity` (one assumption at a time: the tornado chart) and
:func:`scenario_table` (conservative / expected / optimistic side by side). The results hold numbers only:
their figures are drawn by :func:`aipm_kit.plots.break_even` and :func:`aipm_kit.plots.tornado`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace

import numpy as np
import pandas as pd

from .._checks import check_positive_int, check_probability
from ..formatting import format_money as _money
from ._common import _amount

# --------------------------------------------------------------------------- break-even


@dataclass(frozen=True)
class BreakEven:
    """When cumulative net value pays back the upfront cost.

    ``months`` is ``math.inf`` when the monthly net value is zero or negative
    (the project never pays back), never NaN.
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
        The planning horizon for net value and ROI.

    Examples
    --------
    >>> be = break_even(120_000, monthly_value=25_000, monthly_cost=5_000)
    >>> be.months
    6.0
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


# --------------------------------------------------------------------------- the business case


def churn_from_latency(latency_ms, curve: Sequence[tuple[float, float]]) -> np.ndarray | float:
    """Extra monthly churn caused by ``latency_ms`` of added latency, read off an assumed curve.

    ``curve`` is a list of ``(milliseconds, extra churn share)`` points; values
    between points are interpolated linearly, and beyond the last point the
    curve stays flat. It is an assumption, and the point is to write it down
    where everyone can see and change it.

    Examples
    --------
    >>> churn_from_latency(150, [(0, 0.0), (100, 0.0), (200, 0.01)])
    0.005
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
    """What a :class:`BusinessCase` is worth, broken into its parts (all per month unless noted)."""

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
    takes ``lost_user_months`` months of conversions with them.

    Examples
    --------
    >>> case = BusinessCase(monthly_users=100_000, conversion_rate=0.05, value_per_conversion=20,
    ...                     accuracy_gain_points=2, conversion_lift_per_point=0.01,
    ...                     added_latency_ms=0, upfront_cost=12_000, monthly_cost=0)
    >>> round(case.evaluate().accuracy_value)   # 100k x 5% x $20 x 2% = $2,000 a month
    2000
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


# --------------------------------------------------------------------------- sensitivity


@dataclass(frozen=True)
class Sensitivity:
    """One-at-a-time sensitivity: the output at each assumption's low and high value.

    Rows are sorted by ``swing`` (largest first): the top of the tornado is the
    assumption worth checking before anyone commits money.
    """

    output: str
    base_value: float
    table: pd.DataFrame = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    @property
    def most_sensitive(self) -> str:
        return str(self.table.index[0])

    def __repr__(self) -> str:
        return (
            f"Sensitivity({self.output}: base {self.base_value:,.4g}; most sensitive to "
            f"{self.most_sensitive}, swing {self.table['swing'].iloc[0]:,.4g})"
        )


def sensitivity(
    model: Callable[..., float] | BusinessCase,
    ranges: Mapping[str, tuple[float, float]],
    *,
    base: Mapping[str, float] | None = None,
    output: str = "net_value",
) -> Sensitivity:
    """Move one assumption at a time to its low and high value and record the output.

    Parameters
    ----------
    model : BusinessCase or callable
        A :class:`BusinessCase` (its ``output`` is read from ``evaluate()``), or
        any function of keyword arguments returning a number, with ``base``
        giving the base keyword values.
    ranges : mapping
        ``name -> (low, high)`` for each assumption to vary.
    output : {"net_value", "monthly_value", "break_even_months", "roi"}
        With a BusinessCase, which result to track.

    Examples
    --------
    >>> s = sensitivity(lambda a, b: 3 * a + b, {"a": (0, 1), "b": (0, 1)}, base={"a": 0.5, "b": 0.5})
    >>> s.most_sensitive, float(s.to_frame().loc["a", "swing"])
    ('a', 3.0)
    """
    if not ranges:
        raise ValueError("ranges must name at least one assumption with its (low, high) values")
    if isinstance(model, BusinessCase):
        if output not in _OUTPUTS:
            raise ValueError(f"output must be one of {list(_OUTPUTS)}, got {output!r}")
        read = _OUTPUTS[output]

        def run(**changes):
            return float(read(model.with_(**changes).evaluate()))

        base_value = run()
    elif callable(model):
        if base is None:
            raise ValueError("base must give the base keyword values when model is a function")
        base = dict(base)
        missing = sorted(set(ranges) - set(base))
        if missing:
            raise ValueError(f"ranges name {missing}, which base does not define")

        def run(**changes):
            return float(model(**{**base, **changes}))

        base_value = run()
    else:
        raise TypeError(f"model must be a BusinessCase or a function, got {type(model).__name__}")

    rows = []
    for name, bounds in ranges.items():
        if len(bounds) != 2:
            raise ValueError(f"ranges[{name!r}] must be a (low, high) pair, got {bounds!r}")
        try:
            lo, hi = (float(b) for b in bounds)
        except (TypeError, ValueError):
            raise TypeError(f"ranges[{name!r}] must hold two numbers, got {bounds!r}") from None
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise ValueError(f"ranges[{name!r}] must hold two finite numbers, got {bounds!r}")
        if lo > hi:
            raise ValueError(f"ranges[{name!r}]: low {lo} is above high {hi}")
        at_lo, at_hi = run(**{name: lo}), run(**{name: hi})
        swing = abs(at_hi - at_lo)
        rows.append(
            {"assumption": name, "low": lo, "high": hi, "output_at_low": at_lo, "output_at_high": at_hi, "swing": swing}
        )
    table = pd.DataFrame(rows).set_index("assumption")
    table = table.sort_values("swing", ascending=False, kind="stable")
    return Sensitivity(
        output=output if isinstance(model, BusinessCase) else "output", base_value=base_value, table=table
    )


def scenario_table(case: BusinessCase, scenarios: Mapping[str, Mapping[str, float]]) -> pd.DataFrame:
    """Conservative / expected / optimistic (or any named set) side by side.

    Each scenario is a dict of assumption changes applied to ``case``.
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
