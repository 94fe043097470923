"""Money, time and risk from model metrics: the numbers a plan is made of.

A model metric only matters once it is turned into money, time or risk. This
module holds the small calculators a PM needs for that, each with every
assumption as an argument you can change:

* :func:`break_even` and :class:`BusinessCase`: cost against conversions, what
  an accuracy gain is worth, what added latency costs through churn (an explicit,
  editable curve), when the project pays back;
* :func:`sensitivity`: which assumption moves the answer most (a tornado chart);
* :func:`scenario_table`: conservative / expected / optimistic in one table;
* :func:`simulate_weekly_accuracy`: what users live through week by week, so a
  steady 87% model can be compared with an erratic 95% one;
* :class:`Option` and :func:`compare_options`: ship the simple thing, limit to
  high-value users, or build it all, by risk appetite;
* :func:`precision_at_recall`, :func:`fit_learning_curve`,
  :func:`measure_learning_curve` and :func:`milestone_probabilities`: a roadmap
  stated as probabilities ("P(precision >= 70% at the Q3 data volume) = 0.7");
* :func:`fit_rule_set` and :func:`cost_of_explainability`: what a readable rule
  set costs against the model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from .formatting import format_money as _money
from ._checks import as_1d, as_binary, check_non_negative, check_positive_int, check_probability

__all__ = [
    "BreakEven", "break_even", "BusinessCase", "ROIResult", "churn_from_latency",
    "Sensitivity", "sensitivity", "scenario_table", "WeeklyOutcomes", "simulate_weekly_accuracy",
    "Option", "OptionsComparison", "compare_options", "precision_at_recall", "LearningCurve",
    "fit_learning_curve", "LearningCurveData", "measure_learning_curve", "Roadmap",
    "milestone_probabilities", "probability_at_least", "RuleSet", "fit_rule_set",
    "ExplainabilityCost", "cost_of_explainability",
]




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
        return pd.DataFrame({"month": month,
                             "cumulative_value": self.monthly_value * month,
                             "cumulative_cost": self.upfront_cost + self.monthly_cost * month,
                             "cumulative_net": cumulative})

    def plot(self, ax=None):
        from . import plots

        if ax is None:
            _, ax = plots.figure()
        frame = self.to_frame()
        ax.plot(frame["month"], frame["cumulative_net"], color=plots.NEUTRAL, lw=2, label="cumulative net")
        ax.axhline(0, color="black", lw=0.8)
        if self.pays_back:
            ax.axvline(self.months, color=plots.GOOD, ls="--", label=f"break-even: month {self.months:.1f}")
        return ax

    def __repr__(self) -> str:
        when = "never" if math.isinf(self.months) else f"after {self.months:.1f} months"
        return (f"BreakEven(pays back {when}; net at month {self.horizon_months}: "
                f"{_money(self.net_value)}; ROI {self.roi:.0%})")


def break_even(upfront_cost: float, monthly_value: float, monthly_cost: float = 0.0, *,
               horizon_months: int = 24) -> BreakEven:
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


def _amount(value, name: str) -> float:
    """A finite number >= 0 (money, users, months): refuses NaN and infinities by name."""
    value = check_non_negative(value, name)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


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

    case: "BusinessCase"
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
        return (f"ROIResult(accuracy gain worth {_money(self.accuracy_value)}/month, latency costs "
                f"{_money(self.latency_cost)}/month; {self.break_even!r})")


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
        for name in ("monthly_users", "value_per_conversion", "accuracy_gain_points",
                     "conversion_lift_per_point", "added_latency_ms", "lost_user_months",
                     "upfront_cost", "monthly_cost"):
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
        be = break_even(self.upfront_cost, gain - latency_cost, self.monthly_cost,
                        horizon_months=self.horizon_months)
        return ROIResult(self, float(gain), float(churn), float(latency_cost), be)

    def with_(self, **changes) -> "BusinessCase":
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

    def plot(self, ax=None, *, scale: float = 1.0, value_fmt: Mapping[str, str] | None = None):
        """A tornado chart: bars from the base value to the output at each end of the range.

        Each bar end is the output with its assumption at the stated low or high
        value, and is labelled with that input value, so a bar's width can be
        read against the range that produced it. Bars are coloured by what the
        output does (falls or rises), not by which end of the input produced it.
        ``value_fmt`` maps an assumption to the format of its input labels.
        """
        from . import plots

        if ax is None:
            _, ax = plots.figure()
        t = self.table.iloc[::-1]
        y = np.arange(len(t))
        base = self.base_value / scale
        fmts = dict(value_fmt or {})
        span = max(float(np.max(np.abs(t[["output_at_low", "output_at_high"]].to_numpy() / scale - base))), 1e-12)
        labelled = set()
        for i, (name, row) in enumerate(t.iterrows()):
            fmt = fmts.get(name, "{:,.4g}")
            for x, ends in ((row["low"], row["output_at_low"]), (row["high"], row["output_at_high"])):
                out = ends / scale
                kind = "falls" if out < base else "rises"
                colour = plots.BAD if kind == "falls" else plots.GOOD
                label = f"output {kind}" if kind not in labelled else None
                labelled.add(kind)
                ax.barh(i, out - base, left=base, color=colour, label=label)
                right = out >= base
                ax.text(out + (0.02 if right else -0.02) * span, i, fmt.format(x), va="center",
                        ha="left" if right else "right", fontsize=8,
                        bbox=dict(facecolor="white", edgecolor="none", pad=0.4, alpha=0.9))  # over any gridline
        ax.axvline(base, color="black", lw=1)
        ax.set_yticks(y, list(t.index))
        lo = min(base, float((t[["output_at_low", "output_at_high"]] / scale).min().min()))
        hi = max(base, float((t[["output_at_low", "output_at_high"]] / scale).max().max()))
        ax.set_xlim(lo - 0.25 * span, hi + 0.25 * span)  # room for the input labels at the bar ends
        return ax

    def __repr__(self) -> str:
        return (f"Sensitivity({self.output}: base {self.base_value:,.4g}; most sensitive to "
                f"{self.most_sensitive}, swing {self.table['swing'].iloc[0]:,.4g})")


def sensitivity(model: Callable[..., float] | BusinessCase, ranges: Mapping[str, tuple[float, float]], *,
                base: Mapping[str, float] | None = None, output: str = "net_value") -> Sensitivity:
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
        rows.append({"assumption": name, "low": lo, "high": hi, "output_at_low": at_lo,
                     "output_at_high": at_hi, "swing": swing})
    table = pd.DataFrame(rows).set_index("assumption")
    table = table.sort_values("swing", ascending=False, kind="stable")
    return Sensitivity(output=output if isinstance(model, BusinessCase) else "output",
                       base_value=base_value, table=table)


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
        rows[name] = {"value from accuracy ($/month)": res.accuracy_value,
                      "latency churn cost ($/month)": res.latency_cost,
                      "net value created ($/month)": res.monthly_value,
                      "break-even (months)": be.months,
                      f"net at month {be.horizon_months} ($)": be.net_value,
                      "ROI": be.roi}
    return pd.DataFrame(rows).T


# --------------------------------------------------------------------------- quality vs capability


@dataclass(frozen=True)
class WeeklyOutcomes:
    """The accuracy users actually experienced, week by week."""

    name: str
    nominal_accuracy: float
    weekly_accuracy: np.ndarray = field(repr=False)
    decisions_per_week: int

    @property
    def mean(self) -> float:
        return float(self.weekly_accuracy.mean())

    @property
    def worst(self) -> float:
        return float(self.weekly_accuracy.min())

    def quantile(self, q: float) -> float:
        return float(np.quantile(self.weekly_accuracy, check_probability(q, "q")))

    def share_below(self, floor: float) -> float:
        """Share of weeks in which accuracy fell below ``floor``."""
        return float((self.weekly_accuracy < check_probability(floor, "floor")).mean())

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"week": np.arange(1, len(self.weekly_accuracy) + 1),
                             "accuracy": self.weekly_accuracy, "model": self.name})

    def summary(self, floor: float) -> dict:
        return {"model": self.name, "nominal": self.nominal_accuracy, "mean": self.mean,
                "p10": self.quantile(0.1), "worst": self.worst, f"share of weeks below {floor:.0%}": self.share_below(floor)}

    def __repr__(self) -> str:
        return (f"WeeklyOutcomes({self.name}: mean {self.mean:.1%}, 10th percentile "
                f"{self.quantile(0.1):.1%}, worst {self.worst:.1%} over {len(self.weekly_accuracy)} weeks)")


def simulate_weekly_accuracy(accuracy: float, *, weeks: int = 52, decisions_per_week: int = 2_000,
                             week_to_week_sd: float = 0.0, bad_week_rate: float = 0.0,
                             bad_week_accuracy: float | None = None, name: str = "model",
                             seed: int = 0) -> WeeklyOutcomes:
    """Simulate the accuracy users get each week.

    A normal week's true accuracy is ``accuracy`` plus Normal(0,
    ``week_to_week_sd``) noise (clipped to [0, 1]); with probability
    ``bad_week_rate`` a week is a bad one (an upstream change, a holiday mix,
    a broken feature) and runs at ``bad_week_accuracy``. Each week
    ``decisions_per_week`` decisions are each right with the week's accuracy,
    so the observed weekly accuracy is Binomial / n.

    Examples
    --------
    >>> steady = simulate_weekly_accuracy(0.87, weeks=20, seed=1)
    >>> 0.85 < steady.mean < 0.89
    True
    """
    accuracy = check_probability(accuracy, "accuracy")
    weeks = check_positive_int(weeks, "weeks")
    n = check_positive_int(decisions_per_week, "decisions_per_week")
    sd = _amount(week_to_week_sd, "week_to_week_sd")
    bad_week_rate = check_probability(bad_week_rate, "bad_week_rate")
    if bad_week_rate > 0:
        if bad_week_accuracy is None:
            raise ValueError("bad_week_accuracy is required when bad_week_rate > 0")
        bad_week_accuracy = check_probability(bad_week_accuracy, "bad_week_accuracy")
    rng = np.random.default_rng(seed)
    p = np.clip(accuracy + rng.normal(0.0, sd, weeks) if sd > 0 else np.full(weeks, accuracy), 0, 1)
    bad = rng.random(weeks) < bad_week_rate
    if bad.any():
        p = np.where(bad, bad_week_accuracy, p)
    observed = rng.binomial(n, p) / n
    return WeeklyOutcomes(name=name, nominal_accuracy=accuracy, weekly_accuracy=observed,
                          decisions_per_week=n)


# --------------------------------------------------------------------------- options


@dataclass(frozen=True)
class Option:
    """One way to ship: its cost, the value if it works, and the chance it works.

    If it fails, the team learns so at ``months_to_value`` and stops paying the
    running cost then.
    """

    name: str
    upfront_cost: float
    monthly_cost: float
    monthly_value: float
    p_success: float
    months_to_value: float = 0.0

    def __post_init__(self):
        for arg in ("upfront_cost", "monthly_cost", "monthly_value", "months_to_value"):
            _amount(getattr(self, arg), arg)
        check_probability(self.p_success, "p_success")

    def net_if_success(self, horizon_months: int) -> float:
        live = max(horizon_months - self.months_to_value, 0.0)
        return self.monthly_value * live - self.upfront_cost - self.monthly_cost * horizon_months

    def net_if_failure(self, horizon_months: int) -> float:
        return -self.upfront_cost - self.monthly_cost * min(self.months_to_value, horizon_months)

    def expected_net(self, horizon_months: int) -> float:
        return (self.p_success * self.net_if_success(horizon_months)
                + (1 - self.p_success) * self.net_if_failure(horizon_months))


APPETITES = ("low", "medium", "high")
#: The largest chance of losing money a medium-appetite team accepts.
MEDIUM_MAX_P_LOSS = 0.25


@dataclass(frozen=True)
class OptionsComparison:
    horizon_months: int
    table: pd.DataFrame = field(repr=False)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def recommend(self, appetite: str) -> str:
        """The option a team with this risk appetite should pick, on expected value and downside.

        Every appetite first drops the options with a negative expected net
        value (unless all are negative). Then appetite sets how much downside
        is accepted: ``low`` takes the best worst case (``net_if_failure``);
        ``medium`` takes the best expected net among options whose chance of a
        loss is at most :data:`MEDIUM_MAX_P_LOSS`; ``high`` takes the best
        expected net whatever the downside. A bold team accepts more risk for
        more expected value; it never picks an option that is worse on both.
        """
        if appetite not in APPETITES:
            raise ValueError(f"appetite must be one of {APPETITES}, got {appetite!r}")
        t = self.table
        positive = t[t["expected_net"] > 0]
        pool = positive if len(positive) else t
        if appetite == "low":
            return str(pool["net_if_failure"].idxmax())
        if appetite == "medium":
            tolerable = pool[pool["p_loss"] <= MEDIUM_MAX_P_LOSS]
            pool = tolerable if len(tolerable) else pool
        return str(pool["expected_net"].idxmax())

    def __repr__(self) -> str:
        return (f"OptionsComparison({len(self.table)} options over {self.horizon_months} months; "
                f"low appetite -> {self.recommend('low')}, medium -> {self.recommend('medium')}, "
                f"high -> {self.recommend('high')})")


def compare_options(options: Sequence[Option], *, horizon_months: int = 24) -> OptionsComparison:
    """Cost, value and risk of each option over the horizon, side by side.

    Examples
    --------
    >>> cmp = compare_options([Option("rules", 10_000, 0, 3_000, 0.95),
    ...                        Option("model", 100_000, 5_000, 20_000, 0.6, months_to_value=4)])
    >>> cmp.recommend("low"), cmp.recommend("high")
    ('rules', 'model')
    """
    horizon_months = check_positive_int(horizon_months, "horizon_months")
    options = list(options)
    if not options:
        raise ValueError("options must hold at least one Option")
    for o in options:
        if not isinstance(o, Option):
            raise TypeError(f"options must be Option objects, got {type(o).__name__}")
    names = [o.name for o in options]
    if len(set(names)) != len(names):
        raise ValueError(f"option names must be unique, got {names}")
    rows = []
    for o in options:
        rows.append({"option": o.name, "upfront_cost": o.upfront_cost,
                     "total_cost_if_success": o.upfront_cost + o.monthly_cost * horizon_months,
                     "value_if_success": o.monthly_value * max(horizon_months - o.months_to_value, 0),
                     "p_success": o.p_success, "net_if_success": o.net_if_success(horizon_months),
                     "net_if_failure": o.net_if_failure(horizon_months),
                     "expected_net": o.expected_net(horizon_months),
                     "p_loss": (1 - o.p_success) + (o.p_success if o.net_if_success(horizon_months) < 0 else 0)})
    return OptionsComparison(horizon_months, pd.DataFrame(rows).set_index("option"))


# --------------------------------------------------------------------------- learning curves


def precision_at_recall(y_true, y_score, recall: float = 0.5) -> float:
    """The best precision any threshold achieves while keeping recall >= ``recall``.

    Matches scikit-learn's ``precision_recall_curve`` (thresholds at the
    distinct scores). Returns 0.0 when there are no positives to find.

    Examples
    --------
    >>> precision_at_recall([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1], recall=1.0)
    0.6666666666666666
    """
    recall = check_probability(recall, "recall")
    y = as_binary(y_true, "y_true")
    s = as_1d(y_score, "y_score").astype(float)
    if len(y) != len(s):
        raise ValueError(f"y_true and y_score have different lengths: {len(y)} and {len(s)}")
    if len(y) == 0:
        raise ValueError("y_true is empty")
    return float(_precision_at_recall_many(y, s[None, :], recall)[0])


def _precision_at_recall_many(y: np.ndarray, scores: np.ndarray, recall: float) -> np.ndarray:
    """One precision-at-recall per row of ``scores`` (thresholds at the distinct scores)."""
    out = np.empty(scores.shape[0])
    for i, s in enumerate(scores):
        out[i] = _precision_at_recall_weighted(y, s, np.ones((1, len(y))), recall)[0]
    return out


def _precision_at_recall_weighted(y: np.ndarray, s: np.ndarray, weights: np.ndarray, recall: float) -> np.ndarray:
    """Precision at recall for one score vector under many row weightings (bootstrap counts).

    Sorting happens once; each row of ``weights`` (how often each test row
    was drawn) gives one replicate. Returns one value per weighting.
    """
    order = np.argsort(-s, kind="mergesort")
    s_sorted, y_sorted = s[order], y[order].astype(float)
    w = weights[:, order]
    tp = np.cumsum(w * y_sorted, axis=1)
    k = np.cumsum(w, axis=1)
    last = np.r_[np.flatnonzero(np.diff(s_sorted) != 0), len(s_sorted) - 1]
    tp, k = tp[:, last], k[:, last]
    n_pos = tp[:, -1:]
    with np.errstate(invalid="ignore", divide="ignore"):
        prec = np.where(k > 0, tp / np.where(k > 0, k, 1), 0.0)
        rec = np.where(n_pos > 0, tp / np.where(n_pos > 0, n_pos, 1), 0.0)
    ok = rec >= recall - 1e-12
    best = np.where(ok, prec, -1.0).max(axis=1)
    best[(n_pos[:, 0] == 0) | (best < 0)] = 0.0
    return best


@dataclass(frozen=True)
class LearningCurve:
    """``score(n) = asymptote - gap * (n / n0) ** (-rate)``: the inverse power law.

    ``asymptote`` is where the curve levels off with unlimited data of this
    kind; ``rate`` is how fast the gap closes; ``n0`` is the smallest size
    measured (it only scales ``gap``).
    """

    asymptote: float
    gap: float
    rate: float
    n0: float
    sizes: np.ndarray = field(repr=False)
    scores: np.ndarray = field(repr=False)

    def predict(self, n) -> np.ndarray | float:
        n_arr = np.asarray(n, dtype=float)
        if np.any(n_arr <= 0):
            raise ValueError(f"n must be > 0, got {n}")
        out = self.asymptote - self.gap * (n_arr / self.n0) ** (-self.rate)
        return float(out) if out.ndim == 0 else out

    def size_for(self, target: float) -> float:
        """Training size at which the curve reaches ``target`` (inf if it never does)."""
        if target >= self.asymptote:
            return math.inf
        if self.gap <= 0:
            return 0.0
        return float(self.n0 * (self.gap / (self.asymptote - target)) ** (1.0 / self.rate))

    @property
    def r_squared(self) -> float:
        resid = self.scores - self.predict(self.sizes)
        tot = ((self.scores - self.scores.mean()) ** 2).sum()
        return float(1 - (resid ** 2).sum() / tot) if tot > 0 else 1.0

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"training_size": self.sizes, "measured": self.scores,
                             "fitted": self.predict(self.sizes)})

    def __repr__(self) -> str:
        return (f"LearningCurve(levels off at {self.asymptote:.3f}; gap {self.gap:.3f} at n={self.n0:,.0f}, "
                f"closing at rate {self.rate:.2f}; R^2 {self.r_squared:.3f})")


def _power_law(n, a, b, c):
    return a - b * n ** (-c)


_RATE_GRID = np.geomspace(0.02, 3.0, 400)


def _fit_power_law_many(x: np.ndarray, Y: np.ndarray, max_score: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Least-squares fits of ``y = a - b x^-c`` for every row of ``Y`` at once.

    For a fixed rate ``c`` the model is linear in ``a`` and ``b`` and has a
    closed-form solution; a fine grid over ``c`` then picks the best rate per
    row. Constraints: ``b >= 0`` (more data never hurts on average) and
    ``a <= max_score``.
    """
    Y = np.atleast_2d(Y)
    best_sse = np.full(Y.shape[0], np.inf)
    best = np.zeros((3, Y.shape[0]))
    ybar = Y.mean(axis=1)
    for c in _RATE_GRID:
        z = x ** (-c)
        zc = z - z.mean()
        b = -(Y - ybar[:, None]) @ zc / (zc @ zc)
        b = np.maximum(b, 0.0)
        a = ybar + b * z.mean()
        over = a > max_score
        if over.any():
            a = np.where(over, max_score, a)
            b_fix = np.maximum(((max_score - Y) @ z) / (z @ z), 0.0)
            b = np.where(over, b_fix, b)
        sse = ((Y - (a[:, None] - b[:, None] * z[None, :])) ** 2).sum(axis=1)
        better = sse < best_sse
        best_sse = np.where(better, sse, best_sse)
        best[:, better] = np.vstack([a, b, np.full_like(a, c)])[:, better]
    return best[0], best[1], best[2]


def fit_learning_curve(sizes, scores, *, max_score: float = 1.0) -> LearningCurve:
    """Fit the inverse power law ``score = a - b * (n/n0)^(-c)`` to measured points.

    Parameters
    ----------
    sizes : array of int
        Training-set sizes (all > 0, at least three distinct).
    scores : array of float
        The metric measured at each size (higher is better).
    max_score : float
        Upper bound for the asymptote (1.0 for a rate such as precision).

    Examples
    --------
    >>> n = np.array([1_000, 2_000, 4_000, 8_000, 16_000])
    >>> curve = fit_learning_curve(n, 0.9 - 0.3 * (n / 1_000) ** -0.5)
    >>> round(curve.asymptote, 3), round(curve.rate, 3)
    (0.9, 0.5)
    """
    sizes, scores = _check_curve_points(sizes, scores)
    order = np.argsort(sizes)
    sizes, scores = sizes[order], scores[order]
    n0 = sizes[0]
    x = sizes / n0
    top = float(max_score)
    if top < scores.max():
        raise ValueError(f"max_score={top} is below the best measured score {scores.max():.4g}")
    a, b, c = (float(v[0]) for v in _fit_power_law_many(x, scores[None, :], top))
    # polish the grid answer with a bounded least-squares fit
    from scipy.optimize import curve_fit

    try:
        lower = [-np.inf, 0.0, _RATE_GRID[0]]
        upper = [top, np.inf, _RATE_GRID[-1]]
        start = [min(a, top - 1e-9), b, min(max(c, lower[2] * 1.0001), upper[2] * 0.9999)]
        params, _ = curve_fit(_power_law, x, scores, p0=start, bounds=(lower, upper), maxfev=2_000)
        sse_new = ((scores - _power_law(x, *params)) ** 2).sum()
        sse_old = ((scores - _power_law(x, a, b, c)) ** 2).sum()
        if sse_new <= sse_old:
            a, b, c = (float(v) for v in params)
    except (RuntimeError, ValueError):  # keep the grid answer
        pass
    return LearningCurve(a, b, c, float(n0), sizes, scores)


def _check_curve_points(sizes, scores) -> tuple[np.ndarray, np.ndarray]:
    sizes = np.asarray(sizes, dtype=float)
    scores = np.asarray(scores, dtype=float)
    if sizes.ndim != 1 or sizes.size == 0:
        raise ValueError("sizes is empty: a learning curve needs measured (size, score) points")
    if scores.shape[-1:] != sizes.shape:
        raise ValueError(f"scores must hold one score per size: {sizes.size} sizes, "
                         f"scores of shape {scores.shape}")
    if not np.all(np.isfinite(sizes)) or np.any(sizes <= 0):
        raise ValueError("sizes must be finite and > 0")
    if not np.all(np.isfinite(scores)):
        raise ValueError("scores contains NaN or infinite values")
    if np.unique(sizes).size < 3:
        raise ValueError(f"sizes must hold at least 3 distinct training sizes, got {np.unique(sizes).size}")
    return sizes, scores


@dataclass(frozen=True)
class LearningCurveData:
    """A measured learning curve with bootstrap replicates of every point."""

    metric: str
    sizes: np.ndarray
    scores: np.ndarray
    replicates: np.ndarray = field(repr=False)  # (n_boot, n_sizes)
    last_scores: np.ndarray | None = field(default=None, repr=False)  # test scores of the largest model
    last_model: object = field(default=None, repr=False)  # the model trained on the most data

    @property
    def curve(self) -> LearningCurve:
        return fit_learning_curve(self.sizes, self.scores)

    def interval(self, level: float = 0.9) -> pd.DataFrame:
        lo, hi = (1 - level) / 2, 1 - (1 - level) / 2
        return pd.DataFrame({"training_size": self.sizes, self.metric: self.scores,
                             "low": np.quantile(self.replicates, lo, axis=0),
                             "high": np.quantile(self.replicates, hi, axis=0)})

    def to_frame(self) -> pd.DataFrame:
        return self.interval()

    def __repr__(self) -> str:
        pts = ", ".join(f"{int(n):,}: {s:.3f}" for n, s in zip(self.sizes, self.scores))
        return f"LearningCurveData({self.metric}; {pts}; {self.replicates.shape[0]} bootstrap replicates)"


def measure_learning_curve(train: pd.DataFrame, test: pd.DataFrame, sizes: Sequence[int], *,
                           recall: float = 0.5, target: str = "is_fraud", n_boot: int = 200,
                           seed: int = 0, max_iter: int = 100,
                           validation: pd.DataFrame | None = None) -> LearningCurveData:
    """Precision at a fixed recall of the payments fraud model against training size.

    The model is trained on the first ``n`` rows of ``train`` (in time order:
    the data a team would have at that point), scored on ``test``, and the
    test rows are resampled ``n_boot`` times (the same resample for every
    size) to give each point its sampling uncertainty.

    Without ``validation`` the threshold is the best one for ``recall`` on
    ``test`` itself (a property of the score curve, slightly flattering as an
    operating point). With ``validation`` each model's threshold is chosen
    there (the score that keeps ``recall`` of its fraud) and precision is
    measured on ``test`` at that threshold: the operating point a team would
    actually run.
    """
    from .models import fit_fraud_model, fraud_scores

    if len(sizes) == 0:
        raise ValueError("sizes is empty: give the training sizes to measure")
    sizes = np.array(sorted(int(check_positive_int(int(s), "sizes")) for s in sizes))
    if sizes[-1] > len(train):
        raise ValueError(f"sizes go up to {sizes[-1]:,} but train has only {len(train):,} rows")
    recall = check_probability(recall, "recall")
    n_boot = check_positive_int(n_boot, "n_boot")
    import sklearn.ensemble  # noqa: F401  (load the OpenMP runtime before limiting its threads)
    from threadpoolctl import threadpool_limits

    y = test[target].to_numpy().astype(np.int8)
    if validation is not None:
        y_val = validation[target].to_numpy().astype(bool)
        if not y_val.any():
            raise ValueError(f"validation[{target!r}] holds no positives: no threshold can be set for a recall")
    with threadpool_limits(limits=1):  # one thread: faster on a busy laptop, and deterministic
        models = [fit_fraud_model(train.iloc[:n], target=target, seed=seed, max_iter=max_iter) for n in sizes]
        score_rows = [fraud_scores(m, test) for m in models]
        val_rows = None if validation is None else [fraud_scores(m, validation) for m in models]
    rng = np.random.default_rng(seed)
    m = len(y)
    draws = rng.integers(0, m, (n_boot, m))
    counts = np.zeros((n_boot, m))
    np.add.at(counts, (np.repeat(np.arange(n_boot), m), draws.ravel()), 1.0)
    if val_rows is None:
        point = np.array([_precision_at_recall_weighted(y, s, np.ones((1, m)), recall)[0] for s in score_rows])
        reps = np.column_stack([_precision_at_recall_weighted(y, s, counts, recall) for s in score_rows])
        metric = f"precision at {recall:.0%} recall"
    else:
        flags = [s >= np.quantile(v[y_val], 1 - recall) for s, v in zip(score_rows, val_rows)]
        with np.errstate(invalid="ignore", divide="ignore"):
            point = np.array([(f & (y == 1)).sum() / f.sum() if f.any() else 0.0 for f in flags])
            reps = np.column_stack([np.nan_to_num((counts * (f & (y == 1))).sum(axis=1) / (counts * f).sum(axis=1))
                                    for f in flags])
        metric = f"precision at the validation threshold for {recall:.0%} recall"
    return LearningCurveData(metric, sizes, point, reps, score_rows[-1], models[-1])


def probability_at_least(samples, target: float) -> float:
    """Share of simulated outcomes at or above ``target`` (a milestone's probability).

    Examples
    --------
    >>> probability_at_least([0.6, 0.7, 0.8, 0.9], 0.75)
    0.5
    """
    arr = as_1d(np.asarray(samples, dtype=float), "samples")
    if arr.size == 0:
        raise ValueError("samples is empty")
    try:
        target = float(target)
    except (TypeError, ValueError):
        raise TypeError(f"target must be a number, got {target!r}") from None
    if math.isnan(target):
        raise ValueError("target is NaN: no outcome is 'at least NaN'")
    return float((arr >= target).mean())


@dataclass(frozen=True)
class Roadmap:
    """Milestones stated as probabilities, from bootstrapped learning-curve fits."""

    metric: str
    target: float
    volumes: dict
    predictions: np.ndarray = field(repr=False)   # (n_fits, n_milestones)
    asymptotes: np.ndarray = field(repr=False)

    @property
    def probabilities(self) -> dict:
        return {m: probability_at_least(self.predictions[:, i], self.target)
                for i, m in enumerate(self.volumes)}

    @property
    def stall_probability(self) -> float:
        """Chance the curve levels off below the target whatever the volume."""
        return float((self.asymptotes < self.target).mean())

    def to_frame(self) -> pd.DataFrame:
        p = self.predictions
        return pd.DataFrame({"data_volume": list(self.volumes.values()),
                             "p10": np.quantile(p, 0.1, axis=0), "median": np.median(p, axis=0),
                             "p90": np.quantile(p, 0.9, axis=0),
                             f"P({self.metric} >= {self.target:.0%})": list(self.probabilities.values())},
                            index=pd.Index(list(self.volumes), name="milestone"))

    def probability_interval(self, milestone: str, *, confidence: float = 0.95) -> tuple[float, float]:
        """Wilson interval of a milestone's probability, counted over a finite number of fits."""
        from .metrics import wilson_interval

        if milestone not in self.volumes:
            raise ValueError(f"milestone must be one of {list(self.volumes)}, got {milestone!r}")
        k = int((self.predictions[:, list(self.volumes).index(milestone)] >= self.target).sum())
        return wilson_interval(k, len(self.predictions), confidence=confidence)

    def statement(self, milestone: str) -> str:
        if milestone not in self.volumes:
            raise ValueError(f"milestone must be one of {list(self.volumes)}, got {milestone!r}")
        return (f"P({self.metric} >= {self.target:.0%} by the {milestone} data volume "
                f"({self.volumes[milestone]:,.0f} labelled rows)) = {self.probabilities[milestone]:.2f}")

    def checkpoints(self, *, baseline_score: float, trial_milestone: str, go_probability: float = 0.7,
                    baseline_label: str | None = None, fallback: str = "the rule") -> pd.DataFrame:
        """The plan's checkpoints, each with its pass condition and the backup if it fails.

        ``baseline_label`` says what ``baseline_score`` measures (by default
        the roadmap's own metric, which is right only when the rule was
        measured the same way); ``fallback`` names what a failed trial rolls back
        to. The benchmark's evidence carries the 95% Wilson
        interval of the probability over the fits it was counted from.
        """
        check_probability(go_probability, "go_probability")
        p = self.probabilities[trial_milestone]
        lo, hi = self.probability_interval(trial_milestone)
        return pd.DataFrame([
            {"checkpoint": "data ready", "condition": f"{self.volumes[trial_milestone]:,.0f} labelled rows",
             "evidence now": "label pipeline volume per month", "if it fails": "push the date; the curve says by how much"},
            {"checkpoint": "baseline",
             "condition": f"{baseline_label or self.metric + ' of the rule'} measured",
             "evidence now": f"{baseline_score:.1%}", "if it fails": "no model work before a baseline exists"},
            {"checkpoint": "offline benchmark",
             "condition": f"P(>= {self.target:.0%}) >= {go_probability:.0%}",
             "evidence now": f"{p:.0%} (95% interval {lo:.0%} to {hi:.0%}, {len(self.predictions)} fits)",
             "if it fails": "backup plan: " + self.backup_plan()},
            {"checkpoint": "gated trial", "condition": "shadow then 5% of traffic, rollback rule armed",
             "evidence now": "not started", "if it fails": f"roll back to {fallback}; keep collecting labels"},
        ]).set_index("checkpoint")

    def backup_plan(self) -> str:
        if self.stall_probability >= 0.5:
            return (f"the curve levels off below {self.target:.0%} in {self.stall_probability:.0%} of fits: "
                    "more data of the same kind will not get there; change the features or the scope "
                    "(high-value segment only) and keep the rule running")
        return (f"the curve stalls below {self.target:.0%} in only {self.stall_probability:.0%} of fits: "
                "if a checkpoint misses, wait one more quarter of labels before changing approach")

    def __repr__(self) -> str:
        probs = ", ".join(f"{m}: {p:.2f}" for m, p in self.probabilities.items())
        return f"Roadmap(P({self.metric} >= {self.target:.0%}) by milestone: {probs})"


def milestone_probabilities(data: LearningCurveData | np.ndarray, volumes: Mapping[str, float], target: float, *,
                            sizes=None, max_score: float = 1.0) -> Roadmap:
    """Fit a learning curve to each bootstrap replicate and read off each milestone's probability.

    ``data`` is a :class:`LearningCurveData` (or an ``(n_boot, n_sizes)``
    array of replicate scores together with ``sizes``). ``volumes`` maps each
    milestone (say ``"Q2"``, ``"Q3"``) to the labelled data volume expected by
    then.
    """
    if isinstance(data, LearningCurveData):
        reps, sizes, metric = data.replicates, data.sizes, data.metric
    else:
        reps, metric = np.asarray(data, dtype=float), "score"
        if sizes is None:
            raise ValueError("sizes is required when data is an array of replicates")
        sizes = np.asarray(sizes, dtype=float)
    if reps.ndim != 2 or reps.shape[0] == 0:
        raise ValueError("data holds no bootstrap replicates")
    if not volumes:
        raise ValueError("volumes must map at least one milestone to a data volume")
    for m, v in volumes.items():
        if not (isinstance(v, (int, float, np.integer, np.floating)) and v > 0):
            raise ValueError(f"volumes[{m!r}] must be a positive data volume, got {v!r}")
    target = check_probability(target, "target") if max_score <= 1 else float(target)
    sizes, reps = _check_curve_points(sizes, reps)
    order = np.argsort(sizes)
    sizes, reps = sizes[order], reps[:, order]
    if float(max_score) < reps.max():
        raise ValueError(f"max_score={max_score} is below the best replicate score {reps.max():.4g}")
    n0 = sizes[0]
    a, b, c = _fit_power_law_many(sizes / n0, reps, float(max_score))
    vols = np.array(list(volumes.values()), dtype=float)
    preds = a[:, None] - b[:, None] * (vols[None, :] / n0) ** (-c[:, None])
    asym = a
    return Roadmap(metric, target, dict(volumes), preds, asym)


# --------------------------------------------------------------------------- pushing back


@dataclass(frozen=True)
class RuleSet:
    """A shallow decision tree read as if-then rules, with leaves ranked by fraud rate."""

    tree: object = field(repr=False)
    features: tuple
    rules_text: str

    def leaf_rates(self, frame: pd.DataFrame) -> np.ndarray:
        """Each row's leaf fraud rate (the rule set's "score")."""
        return self.tree.predict_proba(_rule_matrix(frame, self.features))[:, 1]

    def flags(self, frame: pd.DataFrame, *, max_alert_rate: float) -> np.ndarray:
        """Flag the riskiest leaves, as many as fit under ``max_alert_rate`` (at least one leaf)."""
        max_alert_rate = check_probability(max_alert_rate, "max_alert_rate")
        rates = self.leaf_rates(frame)
        values = np.unique(rates)[::-1]
        chosen = values[:1]
        for k in range(2, len(values) + 1):
            if (rates >= values[k - 1]).mean() <= max_alert_rate:
                chosen = values[:k]
            else:
                break
        return rates >= chosen.min()

    def __repr__(self) -> str:
        return f"RuleSet(features {list(self.features)}):\n{self.rules_text}"


def _rule_matrix(frame: pd.DataFrame, features) -> pd.DataFrame:
    X = pd.DataFrame(index=frame.index)
    for f in features:
        col = frame[f]
        if isinstance(col.dtype, pd.CategoricalDtype) or col.dtype == object:
            for level in (col.cat.categories if isinstance(col.dtype, pd.CategoricalDtype) else sorted(col.unique())):
                X[f"{f}={level}"] = (col == level).astype(np.int8)
        else:
            X[f] = col.astype(float)
    return X


def _describe_rules(tree, names, X, y) -> str:
    """One line per leaf: the conditions on the path, then the leaf's fraud rate in training."""
    t = tree.tree_
    leaves = tree.apply(X)
    lines = []

    def walk(node, conds):
        if t.children_left[node] == -1:
            mask = leaves == node
            rate = y[mask].mean() if mask.any() else 0.0
            lines.append((rate, f"IF {' AND '.join(conds) or 'always'} THEN fraud rate {rate:.1%} "
                                f"({int(mask.sum()):,} rows)"))
            return
        name, thr = names[t.feature[node]], t.threshold[node]
        if "=" in name:  # a one-hot column: <= 0.5 means "is not"
            left, right = f"{name.replace('=', ' is not ')}", f"{name.replace('=', ' is ')}"
        else:
            left, right = f"{name} <= {thr:,.4g}", f"{name} > {thr:,.4g}"
        walk(t.children_left[node], conds + [left])
        walk(t.children_right[node], conds + [right])

    walk(0, [])
    return "\n".join(text for _, text in sorted(lines, key=lambda r: -r[0]))


def fit_rule_set(train: pd.DataFrame, *, features: Sequence[str] = ("amount", "account_age_days", "hour",
                                                                        "merchant_category", "channel"),
                 target: str = "is_fraud", max_depth: int = 2, seed: int = 0) -> RuleSet:
    """A depth-``max_depth`` decision tree: rules a reviewer can read in one breath."""
    from sklearn.tree import DecisionTreeClassifier

    from ._checks import check_columns

    features = tuple(features)
    check_columns(train, list(features) + [target], name="train")
    max_depth = check_positive_int(max_depth, "max_depth")
    X = _rule_matrix(train, features)
    y = train[target].astype(int).to_numpy()
    if len(np.unique(y)) < 2:
        raise ValueError(f"train[{target!r}] has a single class")
    tree = DecisionTreeClassifier(max_depth=max_depth, min_samples_leaf=50, random_state=seed,
                                  class_weight="balanced").fit(X, y)
    text = _describe_rules(tree, list(X.columns), X, y)
    return RuleSet(tree=tree, features=features, rules_text=text)


@dataclass(frozen=True)
class ExplainabilityCost:
    """Rules against the model at the same alert volume: what readability costs."""

    alerts: int
    fraud_total: int
    rule_caught: int
    model_caught: int
    rule_caught_value: float
    model_caught_value: float
    periods: float

    @property
    def rule_recall(self) -> float:
        return self.rule_caught / self.fraud_total if self.fraud_total else 0.0

    @property
    def model_recall(self) -> float:
        return self.model_caught / self.fraud_total if self.fraud_total else 0.0

    @property
    def extra_fraud_missed(self) -> int:
        return self.model_caught - self.rule_caught

    @property
    def cost_per_period(self) -> float:
        """Fraud value the model would have caught that the rules miss, per period."""
        return (self.model_caught_value - self.rule_caught_value) / self.periods

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"rules": [self.alerts, self.rule_caught, self.rule_recall, self.rule_caught_value],
                             "model": [self.alerts, self.model_caught, self.model_recall, self.model_caught_value]},
                            index=["alerts", "fraud caught", "recall", "fraud value caught ($)"])

    def __repr__(self) -> str:
        return (f"ExplainabilityCost(at {self.alerts:,} alerts: rules recall {self.rule_recall:.1%}, model "
                f"{self.model_recall:.1%}; the rules cost {_money(self.cost_per_period)} per period)")


def cost_of_explainability(y_true, rule_flags, model_score, *, value=None, periods: float = 1.0) -> ExplainabilityCost:
    """Compare a rule set with the model at the rule set's own alert volume.

    The model flags its ``k`` highest-scoring rows, where ``k`` is the number
    of rows the rules flag; ``value`` (for example the transaction amount)
    weighs each caught fraud; ``periods`` turns totals into a rate (say the
    number of months in the test window).

    Examples
    --------
    >>> c = cost_of_explainability([1, 1, 0, 0], [1, 0, 1, 0], [0.9, 0.8, 0.1, 0.2], value=[100, 50, 5, 5])
    >>> c.rule_caught, c.model_caught, c.cost_per_period
    (1, 2, 50.0)
    """
    y = as_binary(y_true, "y_true")
    flags = as_binary(rule_flags, "rule_flags").astype(bool)
    score = as_1d(model_score, "model_score").astype(float)
    v = np.ones(len(y)) if value is None else as_1d(value, "value").astype(float)
    if len({len(y), len(flags), len(score), len(v)}) != 1:
        raise ValueError("y_true, rule_flags, model_score and value must have the same length")
    if np.any(v < 0):
        raise ValueError("value must be >= 0")
    try:
        periods = float(periods)
    except (TypeError, ValueError):
        raise TypeError(f"periods must be a number, got {periods!r}") from None
    if not (periods > 0 and math.isfinite(periods)):
        raise ValueError(f"periods must be a finite number > 0, got {periods}")
    k = int(flags.sum())
    top = np.zeros(len(y), dtype=bool)
    if k:
        top[np.argsort(-score, kind="mergesort")[:k]] = True
    hit_rule = flags & (y == 1)
    hit_model = top & (y == 1)
    return ExplainabilityCost(alerts=k, fraud_total=int(y.sum()), rule_caught=int(hit_rule.sum()),
                              model_caught=int(hit_model.sum()), rule_caught_value=float(v[hit_rule].sum()),
                              model_caught_value=float(v[hit_model].sum()), periods=periods)


# --------------------------------------------------------------------------- gate 1 on a list of proposed uses

#: Columns a table of proposed AI uses needs (one row per use).
USE_COLUMNS = ("labels", "label_delay_days", "labelled_examples", "cases_per_month", "value_per_case_right",
               "pilot_cases", "model_right", "rule_right", "upkeep_per_month")


def mandate_proposals() -> pd.DataFrame:
    """Five AI uses proposed under a "put AI everywhere" mandate, with the facts gate 1 needs.

    The numbers are invented for the exercise (a simulated pilot audit of each
    use: how many cases the model and the best hand rule handled right, and on
    how many only one of them was right: the audit scores both on the same cases).
    """
    rows = {
        "route support tickets": (True, 2, 40_000, 8_000, 4.0, 400, 352, 300, 2_500),
        "flag duplicate invoices": (True, 7, 12_000, 1_500, 30.0, 500, 489, 486, 1_500),
        "predict merchant churn (90 days)": (True, 90, 1_200, 400, 120.0, 300, 231, 210, 3_000),
        "chatbot that answers any question": (False, 0, 0, 20_000, 1.0, 0, 0, 0, 8_000),
        "hold risky payouts to new sellers": (True, 30, 25_000, 3_000, 60.0, 600, 540, 480, 6_000),
    }
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=list(USE_COLUMNS)).rename_axis("proposed use")
    discordant = {  # (model right and rule wrong, rule right and model wrong) on the same pilot cases
        "route support tickets": (68, 16), "flag duplicate invoices": (8, 5), "predict merchant churn (90 days)": (45, 24),
        "chatbot that answers any question": (0, 0), "hold risky payouts to new sellers": (80, 20)}
    frame["model_only_right"] = [discordant[u][0] for u in frame.index]
    frame["rule_only_right"] = [discordant[u][1] for u in frame.index]
    return frame


def screen_ai_uses(uses: pd.DataFrame, *, min_labelled: int = 5_000, max_label_delay_days: float = 45,
                   confidence: float = 0.90) -> pd.DataFrame:
    """Gate 1 on each proposed use: quality data, a pattern beyond rules, value that covers upkeep.

    *Quality data* passes when labels exist, at least ``min_labelled`` are in
    hand and they arrive within ``max_label_delay_days``. *Pattern beyond
    rules* is the model's lift over the rule in the pilot (share of cases
    handled right), decided on its Newcombe ``confidence`` interval: the
    paired one when ``uses`` has ``model_only_right`` and ``rule_only_right``
    (both scored on the same cases), else the independent one. *Value
    covers upkeep* prices that lift (``cases_per_month x value_per_case_right``)
    against ``upkeep_per_month``, decided on the same interval. The call:
    ``build`` when all three pass; ``drop`` when the data fail (nothing to
    learn from or measure; a piloted hand rule is then defensible too); otherwise ``rule`` (keep or write the hand rule;
    pilot more where a check is inconclusive), with ``drop`` defensible too when the lift is real but not worth its
    upkeep, or when its value fails the upkeep line whatever the lift (the table does not price the hand rule's own
    worth, so running it or dropping the use are both defensible). ``defensible`` lists every call
    the evidence supports.
    """
    from .intervals import difference_interval, paired_difference_interval
    from .gates import criterion

    if not isinstance(uses, pd.DataFrame):
        raise TypeError(f"uses must be a DataFrame, got {type(uses).__name__}")
    missing = [c for c in USE_COLUMNS if c not in uses.columns]
    if missing:
        raise ValueError(f"uses is missing column(s) {missing}; it needs {list(USE_COLUMNS)}")
    check_probability(confidence, "confidence")
    out = []
    for name, u in uses.iterrows():
        if int(u.model_right) > int(u.pilot_cases) or int(u.rule_right) > int(u.pilot_cases):
            raise ValueError(f"uses[{name!r}]: model_right and rule_right must be at most pilot_cases")
        data_ok = bool(u.labels) and u.labelled_examples >= min_labelled and u.label_delay_days <= max_label_delay_days
        row = {"quality data": "pass" if data_ok else "fail", "lift over rule": np.nan, "lift low": np.nan,
               "lift high": np.nan, "pattern beyond rules": "not measured", "value ($/month)": np.nan,
               "value low": np.nan, "value high": np.nan, "value covers upkeep": "not measured"}
        if u.pilot_cases > 0:
            n = int(u.pilot_cases)
            lift = (u.model_right - u.rule_right) / n
            paired = "model_only_right" in u.index and "rule_only_right" in u.index and pd.notna(u.model_only_right)
            if paired:
                b, c = int(u.model_only_right), int(u.rule_only_right)
                both = int(u.model_right) - b
                if b - c != int(u.model_right) - int(u.rule_right) or both < 0 or n - both - b - c < 0:
                    raise ValueError(f"uses[{name!r}]: model_only_right and rule_only_right do not fit model_right, "
                                     "rule_right and pilot_cases")
                lo, hi = paired_difference_interval(both, b, c, n - both - b - c, confidence=confidence)
            else:
                lo, hi = difference_interval(int(u.model_right), n, int(u.rule_right), n, confidence=confidence)
            per_point = u.cases_per_month * u.value_per_case_right
            ev = f"{confidence:.0%} Newcombe {'paired ' if paired else ''}interval, pilot of {n}"
            pattern = criterion("lift", lift, ">", 0, interval=(min(lo, lift), max(hi, lift)), evidence=ev).status
            value = criterion("value", lift * per_point, ">=", u.upkeep_per_month,
                              interval=(min(lo, lift) * per_point, max(hi, lift) * per_point), evidence=ev).status
            row.update({"lift over rule": lift, "lift low": lo, "lift high": hi, "pattern beyond rules": pattern,
                        "value ($/month)": lift * per_point, "value low": lo * per_point, "value high": hi * per_point,
                        "value covers upkeep": value})
        if not data_ok:                                 # a hand rule needs no labels: defensible if one was piloted
            call, ok = "drop", ({"drop", "rule"} if u.pilot_cases > 0 and u.rule_right > 0 else {"drop"})
        elif row["pattern beyond rules"] == "pass" and row["value covers upkeep"] == "pass":
            call, ok = "build", {"build"}
        elif row["pattern beyond rules"] == "pass" or row["value covers upkeep"] == "fail":
            # a real pattern not worth its upkeep (yet), or a lift that cannot pay its upkeep even at its interval's
            # high end: no model, and whether the hand rule is worth running is not priced here, so drop is as
            # defensible as the rule
            call, ok = "rule", {"rule", "drop"}
        else:                                           # the rule does as well, or the pilot cannot tell yet
            call, ok = "rule", {"rule"}
        row.update({"call": call, "defensible": tuple(sorted(ok))})
        out.append(pd.Series(row, name=name))
    return pd.DataFrame(out).rename_axis(uses.index.name or "proposed use")
