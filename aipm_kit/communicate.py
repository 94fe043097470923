"""One result, told to every audience that has to act on it.

An engineer needs the operating point and the latency budget; an executive
needs the change in money and hours; legal and compliance need to know what
data was used, what the model learned and how it behaves when unsure; finance
needs the range of outcomes; support needs to know what customers will see.
All of them must hear the *same* numbers.

So there is one result object, :class:`ModelResult` (built from a scored test
set by :func:`summarise_fraud_result`), and every text is generated from it:
:func:`engineering_spec`, :func:`executive_summary`, :func:`legal_explanation`,
:func:`finance_note`, :func:`support_note`, all at once with :func:`brief`.
:func:`outcome_scenarios` gives the conservative / expected / optimistic range
from the result's own confidence intervals. Change the result and every text
changes with it; nobody retypes a number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .formatting import format_money as _money
from ._checks import as_1d, as_binary, check_non_negative, check_probability
from .intervals import difference_interval, paired_difference_interval  # noqa: F401  (part of communicate's API)
from .metrics import wilson_interval  # one Wilson interval for the whole kit

__all__ = ["ModelResult", "wilson_interval", "summarise_fraud_result", "outcome_scenarios", "net_value_scenarios",
           "engineering_spec", "executive_summary", "legal_explanation", "finance_note", "support_note",
           "Briefing", "brief", "AUDIENCES", "gap_settle", "RollbackRule", "rollback_rule", "share_below", "break_even_precision",
           "difference_interval", "paired_difference_interval", "ROLLBACK_FALSE_ALARM", "ROLLBACK_WEEKS", "net_value_replicates",
           "FlagCountLines", "flag_count_lines", "OperatingPointMoney", "price_operating_point",
           "money_change_interval", "f1_twin", "f1_change_interval", "rollback_budget", "trial_months",
           "switch_call"]

AUDIENCES = ("engineering", "executive", "legal", "finance", "support")
WEEKS_PER_MONTH = 52 / 12


def _pct(x: float) -> str:
    return f"{x:.1%}"


#: Chance that a healthy week (or run of weeks) trips the rollback line: about once in 100.
ROLLBACK_FALSE_ALARM = 0.01
#: The slower, more sensitive rollback rule pools this many weeks of alerts.
ROLLBACK_WEEKS = 4
#: The segment recall gap (a share: 0.10 is 10 points) above which a segment's data and threshold are reviewed.
GAP_REVIEW_TRIGGER = 0.10


def _binom_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p), summed exactly."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    if p <= 0.0 or p >= 1.0:
        return 1.0 if p <= 0.0 else 0.0
    lp, lq, top = math.log(p), math.log1p(-p), math.lgamma(n + 1)
    return min(1.0, math.fsum(math.exp(top - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp + (n - i) * lq)
                              for i in range(k + 1)))


def _poisson_cdf(k: int, mu: float) -> float:
    """P(X <= k) for X ~ Poisson(mu), summed exactly in log space."""
    if k < 0:
        return 0.0
    if mu <= 0:
        return 1.0
    lm = math.log(mu)
    return min(1.0, math.fsum(math.exp(i * lm - mu - math.lgamma(i + 1)) for i in range(int(k) + 1)))


@dataclass(frozen=True)
class FlagCountLines:
    """Escalation lines for a week's count of flags: a healthy week lands outside them with chance ``chance``.

    The count of flags in a week scatters like a Poisson count around the
    expected ``mean``; ``low`` and ``high`` are the fewest and the most flags a
    healthy week shows except by chance ``false_alarm`` (split evenly between
    the two sides). ``chance`` is the exact chance of landing outside.
    """

    mean: float
    false_alarm: float
    low: int
    high: int
    chance: float

    def chance_outside(self, low: float, high: float) -> float:
        """Chance a healthy week's count falls below ``low`` or above ``high`` (any pair of lines)."""
        return _poisson_cdf(math.ceil(low) - 1, self.mean) + 1 - _poisson_cdf(math.floor(high), self.mean)


def flag_count_lines(mean: float, *, false_alarm: float = ROLLBACK_FALSE_ALARM) -> FlagCountLines:
    """Weekly flag-count lines set like the rollback line: from the count's own noise, not a round fraction.

    >>> lines = flag_count_lines(39.0)
    >>> (lines.low, lines.high)
    (24, 56)
    """
    check_probability(false_alarm, "false_alarm")
    if not mean > 0:
        raise ValueError(f"mean must be > 0 flags a week, got {mean}")
    tail = false_alarm / 2
    low = 0                                   # the largest low with P(X < low) <= tail
    while _poisson_cdf(low, mean) <= tail:
        low += 1
    high = math.ceil(mean)                    # the smallest high with P(X > high) <= tail
    while 1 - _poisson_cdf(high, mean) > tail:
        high += 1
    chance = _poisson_cdf(low - 1, mean) + 1 - _poisson_cdf(high, mean)
    return FlagCountLines(float(mean), false_alarm, low, high, chance)


def share_below(line: float, n: int, p: float) -> float:
    """Chance that the precision of ``n`` alerts, each right with chance ``p``, comes out below ``line``.

    >>> round(share_below(0.5, 10, 0.5), 3)   # 4 or fewer right out of 10
    0.377
    """
    n = int(n)
    if n < 1:
        raise ValueError(f"n must be at least 1 alert, got {n}")
    check_probability(p, "p")
    return _binom_cdf(math.ceil(line * n - 1e-9) - 1, n, p)


@dataclass(frozen=True)
class RollbackRule:
    """Precision lines a healthy model crosses only by chance ``false_alarm`` of the time.

    ``weekly_line`` applies to one week of ``alerts`` alerts, ``pooled_line`` to
    ``weeks`` weeks pooled; both are set so that a model whose true precision is
    ``at_precision`` falls below them with chance at most ``false_alarm``.
    """

    at_precision: float
    alerts: int
    false_alarm: float
    weeks: int
    weekly_line: float
    weekly_chance: float
    pooled_line: float
    pooled_chance: float

    @property
    def false_rollbacks_per_year(self) -> float:
        """Expected false rollbacks a year of a model at ``at_precision``: the weekly line is checked every week,
        the pooled line once every ``weeks`` weeks on the last ``weeks`` weeks. Expected counts add, so this is
        exact for a rule that keeps running; it is slightly pessimistic because after a rollback the later checks
        of that year do not happen."""
        return 52 * self.weekly_chance + 52 / self.weeks * self.pooled_chance

    def varying(self, precision: float | None = None) -> tuple[float, float, float]:
        """With the weekly count of alerts varying as a Poisson count around ``alerts`` (a week's count is not fixed):
        the chance one week crosses the weekly line, that a ``weeks``-week run crosses the pooled line, and the false
        rollbacks a year they give, at a true ``precision`` (default ``at_precision``). A week with no alerts has no
        precision and crosses nothing."""
        p = self.at_precision if precision is None else precision
        check_probability(p, "precision")

        def mixed(line: float, mean: float) -> float:
            top = int(mean + 12 * math.sqrt(mean) + 12)
            return sum(math.exp(n * math.log(mean) - mean - math.lgamma(n + 1)) * share_below(line, n, p)
                       for n in range(1, top + 1))

        week, run = mixed(self.weekly_line, self.alerts), mixed(self.pooled_line, self.alerts * self.weeks)
        return week, run, 52 * week + 52 / self.weeks * run

    def detection(self, precision: float) -> tuple[float, float, float]:
        """At a true ``precision``: the chance one week trips the weekly line, that the weekly line trips at
        least once in ``weeks`` weeks (independent weeks), and that a ``weeks``-week run trips the pooled line."""
        check_probability(precision, "precision")
        week = share_below(self.weekly_line, self.alerts, precision)
        return week, 1 - (1 - week) ** self.weeks, share_below(self.pooled_line, self.alerts * self.weeks, precision)


def _line(n: int, p: float, false_alarm: float) -> tuple[float, float]:
    k = 0                              # the largest k with P(X < k) <= false_alarm; the line is k / n
    while k < n and _binom_cdf(k, n, p) <= false_alarm:
        k += 1
    return k / n, _binom_cdf(k - 1, n, p)


def rollback_budget(per_year: float, *, weeks: int = ROLLBACK_WEEKS, weekly_share: float = 0.5) -> tuple[float, float]:
    """Split a yearly budget of false rollbacks between the weekly line and the pooled line.

    The weekly line is checked 52 times a year and the pooled line ``52 / weeks`` times, so giving the
    weekly line ``weekly_share`` of the budget allows a weekly chance of ``weekly_share * per_year / 52``
    and a pooled chance of ``(1 - weekly_share) * per_year / (52 / weeks)``; together they expect at most
    ``per_year`` false rollbacks a year.

    >>> [round(x, 4) for x in rollback_budget(1.0)]
    [0.0096, 0.0385]
    """
    check_non_negative(per_year, "per_year")
    check_probability(weekly_share, "weekly_share")
    weeks = int(weeks)
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks}")
    weekly, pooled = weekly_share * per_year / 52, (1 - weekly_share) * per_year / (52 / weeks)
    if weekly > 1 or pooled > 1:
        raise ValueError(f"per_year={per_year} is more false rollbacks than there are checks in a year")
    return weekly, pooled


def rollback_rule(result: "ModelResult", *, false_alarm: float | None = None,
                  weeks: int = ROLLBACK_WEEKS) -> RollbackRule:
    """Rollback lines from the weekly noise of precision, not from today's confidence interval.

    A week holds only ``result.alerts_per_week`` alerts, so its precision
    scatters widely around the true rate. The lines are set at the bottom of
    today's 95% interval for precision (a pessimistic true rate): even then a
    healthy week falls below ``weekly_line`` with chance at most
    ``false_alarm``, and ``weeks`` pooled weeks fall below ``pooled_line``
    with the same chance. The pooled rule catches smaller, lasting drops.
    ``false_alarm`` defaults to the result's ``rollback_false_alarm``; the pooled line uses the result's
    ``rollback_pooled_false_alarm`` when it is set and ``false_alarm`` is not given.
    """
    pooled_false_alarm = (result.rollback_pooled_false_alarm if false_alarm is None
                          and result.rollback_pooled_false_alarm is not None else None)
    false_alarm = result.rollback_false_alarm if false_alarm is None else false_alarm
    check_probability(false_alarm, "false_alarm")
    pooled_false_alarm = false_alarm if pooled_false_alarm is None else pooled_false_alarm
    weeks = int(weeks)
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks}")
    n = max(int(round(result.alerts_per_week)), 1)
    p = result.precision_ci[0] if result.rollback_at_precision is None else result.rollback_at_precision
    weekly, weekly_chance = _line(n, p, false_alarm)
    pooled, pooled_chance = _line(n * weeks, p, pooled_false_alarm)
    return RollbackRule(p, n, false_alarm, weeks, weekly, weekly_chance, pooled, pooled_chance)


@dataclass(frozen=True)
class ModelResult:
    """Everything the audiences need about one model at one operating point.

    Rates are shares in [0, 1]; counts are per week; money is in dollars per
    month unless the name says otherwise. ``baseline_*`` fields describe what
    runs today (a rule, or the incumbent model).
    """

    model_name: str
    baseline_name: str
    threshold: float
    precision: float
    precision_ci: tuple
    recall: float
    recall_ci: tuple
    alerts_per_week: float
    baseline_alerts_per_week: float
    baseline_precision: float
    baseline_recall: float
    segment_name: str
    segment_recall: float
    latency_p95_ms: float
    latency_budget_ms: float
    fraud_value_caught_per_month: float
    baseline_value_caught_per_month: float
    review_minutes_per_alert: float
    review_hourly_cost: float
    monthly_run_cost: float
    upfront_cost: float
    training_rows: int
    training_period: str
    features: tuple
    top_features: tuple
    low_confidence_band: tuple
    low_confidence_per_week: float
    group_recall: dict = field(default_factory=dict)
    group_counts: dict = field(default_factory=dict)  # group -> (fraud caught, fraud in the group)
    #: group -> (legitimate payments held, legitimate payments in the group): the wrongful holds, the customer's harm.
    group_hold_counts: dict = field(default_factory=dict)
    #: Interval of ``monthly_net_value`` over resamples of the test rows (None when not computed),
    #: its confidence, and how many test transactions were resampled.
    net_value_ci: tuple | None = None
    net_value_confidence: float = 0.95
    test_rows: int = 0
    #: True when the result comes from simulated data: every text then says so in its heading.
    simulated: bool = False
    #: The column the groups of ``group_recall`` come from ("" when none).
    group_column: str = ""
    #: Interval of ``latency_p95_ms`` over resamples of the test rows (None when not computed).
    latency_p95_ci: tuple | None = None
    #: Other options on the table, as (name, the model's net value per month against it, low, high):
    #: the same model measured against another baseline (see :meth:`with_rival`).
    rivals: tuple = ()
    #: Payments a week in the uncertain band but below the threshold: not held, they go through and a
    #: reviewer checks them after payment. They cost review time (counted in the review hours and the net
    #: value) but catch nothing in the net value (a fraud found after payment is taken as not recovered).
    band_reviews_per_week: float = 0.0
    #: The chance that a healthy week trips the rollback line (see :func:`rollback_rule`).
    rollback_false_alarm: float = ROLLBACK_FALSE_ALARM
    #: The chance that a healthy run of ``ROLLBACK_WEEKS`` weeks trips the pooled line (None: rollback_false_alarm).
    rollback_pooled_false_alarm: float | None = None
    #: A collapse the rollback rule must catch: the true precision falling to this (None: half today's precision).
    collapse_precision: float | None = None
    #: The smallest net value a month worth the switch, set before the test (0: any gain). The switch is decided
    #: on the net value's interval against this line, and against zero over every rival (see :func:`switch_call`).
    min_net_to_switch: float = 0.0
    #: Share of traffic the model decides during the live trial (sizes the trial, see :func:`trial_months`).
    live_share: float = 1.0
    #: The precision the rollback lines treat as healthy (None: the bottom of today's 95% interval), and how the
    #: texts name it (for instance "break-even, where the model stops paying").
    rollback_at_precision: float | None = None
    rollback_at_words: str = "the bottom of today's 95% interval"
    #: An interval of ``rollback_at_precision`` (None: treated as known). When set, the spec states it and the
    #: false-rollback rates at its low end, where a model that still pays can sit.
    rollback_at_interval: tuple | None = None
    #: Whether an unsettled segment gap (its interval across the 10-point trigger) starts the review as a precaution
    #: (True, the old wording) or only collects more cases, the review waiting for the interval to clear the trigger;
    #: None offers legal the two as a choice.
    gap_precaution: bool | None = True
    #: What settles each open switch line, as (line, smallest effect worth acting on, months of data needed):
    #: when set, the executive summary states these instead of the live-share trial length.
    settle_months: tuple = ()
    #: True: the latency budget and the review minutes are assumptions, and the spec and support texts say so.
    assumed_inputs: bool = False
    #: The trial's own net over the baseline, build included, as (estimate, low, high) (empty: not given). When set,
    #: payback in the executive summary and the finance note is counted from the end of the trial: the months of
    #: full-traffic net value that repay what the trial lost (none when it ends above zero).
    trial_cost: tuple = ()
    #: A cheaper option that needs no model, as (name, its net value a month over the baseline, interval low,
    #: interval high, its build cost) (empty: not given). When set, the executive summary states it beside the
    #: model's own build cost, so the two builds can be weighed.
    cheaper_option: tuple = ()
    #: The cheaper option first (empty: not given), as (value forgone by trialling against the baseline instead of
    #: after shipping the cheaper option: estimate, low, high; the same trial with the cheaper option as its control,
    #: build included: estimate, low, high; the trial's months). When set with ``cheaper_option``, and the cheaper
    #: option pays on its whole interval while the model is not shown to beat it, the executive summary recommends
    #: shipping the cheaper option now and prices any model trial against it, and the finance note reads the cases
    #: off :func:`cheaper_first_scenarios`.
    cheaper_first: tuple = ()
    #: True: the weekly count of alerts varies (a Poisson count around ``alerts_per_week``), and the spec states the
    #: rollback lines' false-rollback rates with that variation (:meth:`RollbackRule.varying`).
    alerts_vary: bool = False
    #: Intervals the caller computed (None: not given, and the texts give the point alone): of ``segment_recall``
    #: (the engineering spec states it), of ``false_flag_reduction``, and of ``extra_fraud_caught_per_month`` (the
    #: executive summary states it), each as (low, high) at ``net_value_confidence``.
    segment_recall_ci: tuple | None = None
    false_flag_reduction_ci: tuple | None = None
    extra_fraud_ci: tuple | None = None
    #: The interval of the review-time difference in dollars a month (net value + running cost - extra fraud
    #: caught), at ``net_value_confidence``; None: the executive summary gives the point alone.
    review_value_ci: tuple | None = None

    def __post_init__(self):
        for name in ("threshold", "precision", "recall", "baseline_precision", "baseline_recall", "segment_recall"):
            check_probability(getattr(self, name), name)
        for name in ("precision_ci", "recall_ci", "low_confidence_band"):
            lo, hi = getattr(self, name)
            check_probability(lo, f"{name}[0]")
            check_probability(hi, f"{name}[1]")
            if lo > hi:
                raise ValueError(f"{name} must be (low, high) with low <= high, got {(lo, hi)}")
        for name in ("alerts_per_week", "baseline_alerts_per_week", "latency_p95_ms", "latency_budget_ms",
                     "fraud_value_caught_per_month", "baseline_value_caught_per_month",
                     "review_minutes_per_alert", "review_hourly_cost", "monthly_run_cost", "upfront_cost",
                     "training_rows", "low_confidence_per_week", "band_reviews_per_week"):
            check_non_negative(getattr(self, name), name)
        for group, value in self.group_recall.items():
            check_probability(value, f"group_recall[{group!r}]")
        object.__setattr__(self, "features", tuple(self.features))
        object.__setattr__(self, "top_features", tuple(self.top_features))
        object.__setattr__(self, "group_recall", dict(self.group_recall))
        object.__setattr__(self, "group_counts", {g: (int(k), int(n)) for g, (k, n) in self.group_counts.items()})
        object.__setattr__(self, "group_hold_counts",
                           {g: (int(k), int(n)) for g, (k, n) in self.group_hold_counts.items()})
        if self.net_value_ci is not None:
            lo, hi = (float(v) for v in self.net_value_ci)
            if not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi:
                raise ValueError(f"net_value_ci must be a finite (low, high) with low <= high, got {self.net_value_ci}")
            object.__setattr__(self, "net_value_ci", (lo, hi))
        check_probability(self.net_value_confidence, "net_value_confidence")
        check_probability(self.rollback_false_alarm, "rollback_false_alarm")
        for name in ("rollback_pooled_false_alarm", "collapse_precision"):
            if getattr(self, name) is not None:
                check_probability(getattr(self, name), name)
        for name in ("segment_recall_ci", "false_flag_reduction_ci", "extra_fraud_ci", "review_value_ci"):
            if getattr(self, name) is not None:
                lo, hi = (float(v) for v in getattr(self, name))
                if not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi:
                    raise ValueError(f"{name} must be a finite (low, high) with low <= high, got {getattr(self, name)}")
                object.__setattr__(self, name, (lo, hi))
        check_non_negative(self.min_net_to_switch, "min_net_to_switch")
        if not 0 < self.live_share <= 1:
            raise ValueError(f"live_share must be in (0, 1], got {self.live_share}")
        if self.rollback_at_precision is not None:
            check_probability(self.rollback_at_precision, "rollback_at_precision")

    # ---- derived numbers (every text reads these, never recomputes them its own way)
    @property
    def false_flags_per_week(self) -> float:
        return self.alerts_per_week * (1 - self.precision)

    @property
    def baseline_false_flags_per_week(self) -> float:
        return self.baseline_alerts_per_week * (1 - self.baseline_precision)

    @property
    def false_flag_reduction(self) -> float:
        """Relative drop in false flags against the baseline (0.23 means 23% fewer)."""
        base = self.baseline_false_flags_per_week
        return 1 - self.false_flags_per_week / base if base > 0 else 0.0

    @property
    def reviews_per_week(self) -> float:
        """Payments a reviewer checks each week: the alerts (held) plus the band's payments below the threshold."""
        return self.alerts_per_week + self.band_reviews_per_week

    @property
    def review_hours_saved_per_week(self) -> float:
        """Review hours against the baseline, whose every alert is reviewed (negative: more review time)."""
        return (self.baseline_alerts_per_week - self.reviews_per_week) * self.review_minutes_per_alert / 60

    @property
    def extra_fraud_caught_per_month(self) -> float:
        return self.fraud_value_caught_per_month - self.baseline_value_caught_per_month

    @property
    def monthly_net_value(self) -> float:
        hours = self.review_hours_saved_per_week * WEEKS_PER_MONTH * self.review_hourly_cost
        return self.extra_fraud_caught_per_month + hours - self.monthly_run_cost

    @property
    def break_even_months(self) -> float:
        from .planning import break_even

        net = self.monthly_net_value
        return break_even(self.upfront_cost, net + self.monthly_run_cost, self.monthly_run_cost).months

    @property
    def largest_group_gap(self) -> tuple[str, str, float]:
        """(lowest group, highest group, recall gap) across ``group_recall``."""
        if len(self.group_recall) < 2:
            return ("", "", 0.0)
        lo = min(self.group_recall, key=self.group_recall.get)
        hi = max(self.group_recall, key=self.group_recall.get)
        return lo, hi, self.group_recall[hi] - self.group_recall[lo]

    @property
    def group_gap_interval(self) -> tuple[float, float] | None:
        """95% interval of the largest group gap (Newcombe), or None without the groups' counts."""
        lo, hi, _ = self.largest_group_gap
        if not lo or lo not in self.group_counts or hi not in self.group_counts:
            return None
        return difference_interval(*self.group_counts[hi], *self.group_counts[lo])

    def with_(self, **changes) -> "ModelResult":
        return replace(self, **changes)

    def with_rival(self, other: "ModelResult") -> "ModelResult":
        """This result, also weighed against ``other.baseline_name``: ``other`` is the same model, same rows,
        measured against that baseline with a net value interval (``n_boot > 0``). The executive summary
        then gives the call against each baseline, so no option on the table is left out of it."""
        if not isinstance(other, ModelResult):
            raise TypeError(f"other must be a ModelResult, got {type(other).__name__}")
        if other.net_value_ci is None:
            raise ValueError("other has no net_value_ci: build it with n_boot > 0")
        if other.test_rows != self.test_rows or other.threshold != self.threshold:
            raise ValueError("other must be the same model at the same threshold on the same test rows")
        rival = (other.baseline_name, float(other.monthly_net_value), *map(float, other.net_value_ci))
        return replace(self, rivals=self.rivals + (rival,))

    def to_frame(self) -> pd.DataFrame:
        rows = {
            "precision": self.precision, "recall": self.recall, "alerts per week": self.alerts_per_week,
            "reviews per week (alerts and uncertain band)": self.reviews_per_week,
            "false flags per week": self.false_flags_per_week,
            f"recall on {self.segment_name}": self.segment_recall,
            "p95 latency (ms)": self.latency_p95_ms,
            "false-flag reduction vs baseline": self.false_flag_reduction,
            "review hours saved per week": self.review_hours_saved_per_week,
            "extra fraud caught ($/month)": self.extra_fraud_caught_per_month,
            "net value ($/month)": self.monthly_net_value,
        }
        return pd.DataFrame({"value": pd.Series(rows, dtype=float)})

    def __repr__(self) -> str:
        return (f"ModelResult({self.model_name}: precision {_pct(self.precision)}, recall {_pct(self.recall)}, "
                f"{self.alerts_per_week:,.0f} alerts/week, p95 {self.latency_p95_ms:.0f} ms; "
                f"{self.false_flag_reduction:.0%} fewer false flags than {self.baseline_name})")


def summarise_fraud_result(test: pd.DataFrame, scores, *, threshold: float, baseline_flags,
                           weeks: float, latency_ms, segment_mask, segment_name: str,
                           model_name: str = "fraud model", baseline_name: str = "the current rule",
                           target: str = "is_fraud", value_column: str = "amount",
                           latency_budget_ms: float = 100.0, review_minutes_per_alert: float = 6.0,
                           review_hourly_cost: float = 40.0, monthly_run_cost: float = 4_000.0,
                           upfront_cost: float = 90_000.0, training_rows: int = 0,
                           training_period: str = "", features=(), top_features=(),
                           low_confidence_band=(0.3, 0.5), group_column: str | None = "segment",
                           n_boot: int = 0, confidence: float = 0.95, seed: int = 0,
                           simulated: bool = False, band_reviewed: bool = False) -> ModelResult:
    """Build a :class:`ModelResult` from a scored test set.

    ``scores`` are the model's fraud probabilities on ``test``; the model
    flags ``scores >= threshold``. ``baseline_flags`` are what runs today on
    the same rows. ``weeks`` is the test window's length, which turns counts
    into weekly rates. ``segment_mask`` selects the high-risk segment whose
    recall the spec promises (for example top-quartile amounts). With
    ``n_boot > 0`` the monthly net value gets its ``confidence`` percentile
    bootstrap interval (see :func:`net_value_replicates`). ``simulated``
    marks a result measured on simulated data; every text then says so.
    With ``band_reviewed`` the uncertain band's payments below the threshold are
    reviewed after they go through (not held): their review time is counted in
    the review hours and the net value (``band_reviews_per_week``).
    """
    y = as_binary(test[target].to_numpy(), f"test[{target!r}]").astype(bool)
    s = as_1d(scores, "scores").astype(float)
    base = as_binary(np.asarray(baseline_flags), "baseline_flags").astype(bool)
    seg = as_binary(np.asarray(segment_mask), "segment_mask").astype(bool)
    lat = as_1d(latency_ms, "latency_ms").astype(float)
    if not (len(y) == len(s) == len(base) == len(seg)):
        raise ValueError("test, scores, baseline_flags and segment_mask must have the same length")
    threshold = check_probability(threshold, "threshold")
    if not weeks > 0:
        raise ValueError(f"weeks must be > 0, got {weeks}")
    if y.sum() == 0:
        raise ValueError(f"test[{target!r}] holds no positives; recall is undefined")
    flag = s >= threshold
    tp, n_flag, n_pos = int((flag & y).sum()), int(flag.sum()), int(y.sum())
    if n_flag == 0:
        raise ValueError(f"threshold={threshold} flags nothing; lower it")
    value = test[value_column].to_numpy(dtype=float)
    months = weeks / WEEKS_PER_MONTH
    lo_band, hi_band = (check_probability(v, "low_confidence_band") for v in low_confidence_band)
    band_extra = (s >= lo_band) & (s < hi_band) & ~flag if band_reviewed else np.zeros(len(s), dtype=bool)
    groups, counts, holds = {}, {}, {}
    if group_column is not None and group_column in test.columns:
        for g, idx in test.groupby(group_column, observed=True).indices.items():
            if (~y[idx]).sum() > 0:
                holds[str(g)] = (int((flag[idx] & ~y[idx]).sum()), int((~y[idx]).sum()))
            if y[idx].sum() > 0:
                groups[str(g)] = float((flag[idx] & y[idx]).sum() / y[idx].sum())
                counts[str(g)] = (int((flag[idx] & y[idx]).sum()), int(y[idx].sum()))
    seg_pos = (seg & y).sum()
    net_ci = lat_ci = None
    if n_boot:
        check_probability(confidence, "confidence")
        reps = net_value_replicates(y, flag, base, value, weeks=weeks, review_minutes_per_alert=review_minutes_per_alert,
                                    review_hourly_cost=review_hourly_cost, monthly_run_cost=monthly_run_cost,
                                    n_boot=n_boot, seed=seed, extra_reviews=band_extra)
        net_ci = tuple(float(q) for q in np.quantile(reps, [(1 - confidence) / 2, (1 + confidence) / 2]))
        rng = np.random.default_rng(seed + 1)
        p95s = [np.percentile(lat[rng.integers(0, len(lat), len(lat))], 95) for _ in range(int(n_boot))]
        lat_ci = tuple(float(q) for q in np.quantile(p95s, [(1 - confidence) / 2, (1 + confidence) / 2]))
    return ModelResult(
        model_name=model_name, baseline_name=baseline_name, threshold=threshold,
        precision=tp / n_flag, precision_ci=wilson_interval(tp, n_flag),
        recall=tp / n_pos, recall_ci=wilson_interval(tp, n_pos),
        alerts_per_week=n_flag / weeks, baseline_alerts_per_week=base.sum() / weeks,
        baseline_precision=float((base & y).sum() / base.sum()) if base.sum() else 0.0,
        baseline_recall=float((base & y).sum() / n_pos),
        segment_name=segment_name,
        segment_recall=float((flag & seg & y).sum() / seg_pos) if seg_pos else 0.0,
        latency_p95_ms=float(np.percentile(lat, 95)), latency_budget_ms=latency_budget_ms,
        fraud_value_caught_per_month=float(value[flag & y].sum() / months),
        baseline_value_caught_per_month=float(value[base & y].sum() / months),
        review_minutes_per_alert=review_minutes_per_alert, review_hourly_cost=review_hourly_cost,
        monthly_run_cost=monthly_run_cost, upfront_cost=upfront_cost, training_rows=int(training_rows),
        training_period=training_period, features=tuple(features), top_features=tuple(top_features),
        low_confidence_band=(lo_band, hi_band),
        low_confidence_per_week=float(((s >= lo_band) & (s < hi_band)).sum() / weeks),
        group_recall=groups, group_counts=counts, group_hold_counts=holds if groups else {},
        net_value_ci=net_ci, net_value_confidence=confidence, test_rows=len(y), simulated=bool(simulated),
        group_column=str(group_column) if groups else "", latency_p95_ci=lat_ci,
        band_reviews_per_week=float(band_extra.sum() / weeks),
    )


def net_value_replicates(y, flags, baseline_flags, value, *, weeks: float, review_minutes_per_alert: float,
                         review_hourly_cost: float, monthly_run_cost: float, n_boot: int = 2000,
                         seed: int = 0, extra_reviews=None) -> np.ndarray:
    """``ModelResult.monthly_net_value`` recomputed on ``n_boot`` resamples of the test rows.

    Each replicate draws the rows with replacement (the same rows for the model
    and the baseline, so the comparison stays paired) and recomputes the extra
    fraud value caught per month plus the review time saved, minus the running
    cost, exactly as :class:`ModelResult` does on the full set. ``extra_reviews``
    marks rows reviewed without being flagged (the uncertain band below the
    threshold): they cost review time and catch nothing.
    """
    y = np.asarray(y, dtype=bool)
    flag = np.asarray(flags, dtype=bool)
    base = np.asarray(baseline_flags, dtype=bool)
    v = np.asarray(value, dtype=float)
    if not (len(y) == len(flag) == len(base) == len(v)) or len(y) == 0:
        raise ValueError("y, flags, baseline_flags and value must be non-empty and of the same length")
    extra = np.zeros(len(y), dtype=bool) if extra_reviews is None else np.asarray(extra_reviews, dtype=bool)
    if len(extra) != len(y):
        raise ValueError("extra_reviews must have the same length as y")
    n_boot = int(n_boot)
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot}")
    months = weeks / WEEKS_PER_MONTH
    # per row: the fraud value the model adds over the baseline (per month), and the review time it saves
    gain = v * y * (flag.astype(float) - base) / months
    hours = (base.astype(float) - (flag | extra)) / weeks * review_minutes_per_alert / 60 * WEEKS_PER_MONTH * review_hourly_cost
    per_row = gain + hours
    rng = np.random.default_rng(seed)
    out = np.empty(n_boot)
    m = len(y)
    for start in range(0, n_boot, 200):
        stop = min(start + 200, n_boot)
        out[start:stop] = per_row[rng.integers(0, m, (stop - start, m))].sum(axis=1)
    return out - monthly_run_cost


def outcome_scenarios(result: ModelResult) -> pd.DataFrame:
    """Conservative / expected / optimistic outcomes from the result's own intervals.

    Conservative takes the low end of the recall interval, optimistic the
    high end. The alert volume is held fixed, so precision is not free: the
    frauds among the same alerts scale with recall, and precision follows as
    ``precision * r / recall``; it moves the false flags, recall the fraud caught.
    """
    if not isinstance(result, ModelResult):
        raise TypeError(f"result must be a ModelResult, got {type(result).__name__}")
    rows = {}
    for name, r in (("conservative", result.recall_ci[0]), ("expected", result.recall),
                    ("optimistic", result.recall_ci[1])):
        p = min(1.0, result.precision * r / result.recall) if result.recall > 0 else result.precision
        scaled = result.with_(precision=p, recall=r,
                              fraud_value_caught_per_month=result.fraud_value_caught_per_month
                              * (r / result.recall if result.recall > 0 else 0.0))
        rows[name] = {"precision": p, "recall": r, "false flags per week": scaled.false_flags_per_week,
                      "extra fraud caught ($/month)": scaled.extra_fraud_caught_per_month,
                      "net value ($/month)": scaled.monthly_net_value,
                      "break-even (months)": scaled.break_even_months}
    return pd.DataFrame(rows).T


def _money_k(x: float) -> str:
    """Dollars to the nearest thousand for a reader who decides on them: ``$43k``, ``-$5k`` (small sums whole)."""
    if abs(x) < 1_000:
        return _money(x)
    return f"{'-' if x < 0 else ''}${abs(x) / 1_000:,.0f}k"


def _months(x: float) -> str:
    return "never" if math.isinf(x) else f"{x:.1f} months"


def _sim(r: ModelResult) -> str:
    """The heading's note that the numbers come from simulated data (empty for real data)."""
    return " (simulated data)" if r.simulated else ""


def engineering_spec(result: ModelResult) -> str:
    """The operating point, its intervals and the budgets, for the engineers who build and run it."""
    r = result
    lat_lo, lat_hi = r.latency_p95_ci or (r.latency_p95_ms, r.latency_p95_ms)
    within = ("within" if lat_hi <= r.latency_budget_ms else "OVER" if lat_lo > r.latency_budget_ms
              else "too close to call against")
    lat_band = ("" if r.latency_p95_ci is None else
                f" ({r.net_value_confidence:.0%} bootstrap {lat_lo:.0f} to {lat_hi:.0f} ms)")
    return (
        f"**Engineering spec: {r.model_name}{_sim(r)}.** Operate at threshold {r.threshold:.3f}: precision "
        f"{_pct(r.precision)} (95% CI {_pct(r.precision_ci[0])} to {_pct(r.precision_ci[1])}), recall "
        f"{_pct(r.recall)} (95% CI {_pct(r.recall_ci[0])} to {_pct(r.recall_ci[1])}), recall on "
        f"{r.segment_name} {_pct(r.segment_recall)}"
        + ("" if r.segment_recall_ci is None else
           f" (95% CI {_pct(r.segment_recall_ci[0])} to {_pct(r.segment_recall_ci[1])})")
        + f". Volume: {r.alerts_per_week:,.0f} alerts a week. "
        f"Latency: p95 {r.latency_p95_ms:.0f} ms{lat_band}, {within} the {'assumed ' if r.assumed_inputs else ''}{r.latency_budget_ms:.0f} ms budget. "
        f"Scores in the uncertain band around the threshold, {r.low_confidence_band[0]:.3f} to "
        f"{r.low_confidence_band[1]:.3f} "
        f"({r.low_confidence_per_week:,.0f} a week) go to manual review{_band_split(r)}. Trained on "
        f"{r.training_rows:,} transactions ({r.training_period}); features: {', '.join(r.features)}. "
        + _rollback_sentence(r)
    )


def _band_split(r: ModelResult) -> str:
    """How the uncertain band's reviews split into held alerts and payments reviewed after they go through."""
    if r.band_reviews_per_week <= 0:
        return ""
    return (f": those at or above the threshold ({r.low_confidence_per_week - r.band_reviews_per_week:,.0f} a week) "
            f"are alerts and held; the {r.band_reviews_per_week:,.0f} a week below it are not held: they go through "
            "and are reviewed after payment")


def break_even_precision(result: "ModelResult") -> float:
    """The precision at which the monthly net value is zero, at the same alert volume.

    At a fixed number of alerts the fraud value caught scales with precision,
    so the net value ``caught * p / precision - baseline + review - run`` is
    zero at ``p = precision * (baseline - review + run) / caught``.
    """
    r = result
    review = r.review_hours_saved_per_week * WEEKS_PER_MONTH * r.review_hourly_cost
    return r.precision * (r.baseline_value_caught_per_month - review + r.monthly_run_cost) / r.fraud_value_caught_per_month


def _slide_detection(r: ModelResult, rule: RollbackRule) -> tuple[float, float]:
    """The break-even precision (clipped to 0-1) and how often the pooled rollback line fires there."""
    caught = r.fraud_value_caught_per_month
    p_be = min(max(break_even_precision(r), 0.0), 1.0) if caught > 0 else 1.0
    return p_be, share_below(rule.pooled_line, rule.alerts * rule.weeks, p_be)


def collapse_at(result: ModelResult) -> float:
    """The collapse the rollback rule is tested against: ``collapse_precision``, or half today's precision."""
    r = result
    return r.precision / 2 if r.collapse_precision is None else r.collapse_precision


_collapse = collapse_at


def _rollback_sentence(r: ModelResult) -> str:
    rule = rollback_rule(r)
    p_be, pooled_hit = _slide_detection(r, rule)
    collapse = _collapse(r)
    c_week, c_weeks, c_pooled = rule.detection(collapse)
    margin = 100 * (rule.at_precision - p_be)
    anchored = r.rollback_at_precision is not None and abs(rule.at_precision - p_be) < 1e-9
    detect = {
        True: (f"At the break-even precision, {_pct(p_be)}, the pooled line fires in {pooled_hit:.0%} of "
               f"{rule.weeks}-week runs, so it also catches a slide to where the model stops paying."),
        False: (f"Caveat: the lines treat a model at {_pct(rule.at_precision)} as healthy, and break-even is "
                f"{_pct(p_be)}, {margin:.1f} points below it, so at break-even the pooled line fires in only "
                f"{pooled_hit:.0%} of {rule.weeks}-week runs: the rule cannot tell a model that has stopped paying "
                "from a healthy one (and the bottom of today's own interval is that close to break-even). It catches "
                "a collapse, not a slide; the live trial's net value is the check for that."),
    }[pooled_hit >= 0.5]
    if anchored:
        detect = ("The lines are anchored at break-even: a model that still pays crosses them only by chance, as "
                  "above. A slide to just below break-even is not caught quickly by a few dozen alerts a week; the "
                  "monthly net value, once labels are in, is the check for that.")
    below = r.rollback_at_precision is not None and rule.at_precision < p_be - 1e-9
    reviewers = ("Weekly precision comes from the reviewers' outcomes on the payments they held (known within days), "
                 "since fraud labels arrive about a month late; this assumes their verdicts agree with the confirmed "
                 "labels the lines were set on, which the shadow phase checks.")
    if below:   # anchored under the break-even estimate: every model that may still pay is covered; say it short
        if r.alerts_vary:
            v_week, v_run, v_year = rule.varying()
            chances = (f"{v_week:.1%} of weeks and {v_run:.1%} of {rule.weeks}-week runs with the weekly count of "
                       f"alerts varying around {rule.alerts} (a Poisson count), about {v_year:.1f} false rollbacks a "
                       "year")
        else:
            chances = (f"{rule.weekly_chance:.1%} of weeks and {rule.pooled_chance:.1%} of {rule.weeks}-week runs, "
                       f"about {rule.false_rollbacks_per_year:.1f} false rollbacks a year")
        return (
            f"Alert and roll back to {r.baseline_name} if one week's precision falls below {_pct(rule.weekly_line)}, "
            f"or {rule.weeks} weeks pooled (checked every {rule.weeks} weeks) fall below {_pct(rule.pooled_line)}. "
            f"The lines are set for a model at {_pct(rule.at_precision)} ({r.rollback_at_words}): a model at or above "
            f"it crosses them by chance in at most {chances}. A collapse to "
            f"{_pct(collapse)} trips the weekly line in {c_week:.0%} of weeks ({c_weeks:.0%} within {rule.weeks} weeks) "
            f"and the pooled line in {c_pooled:.0%} of {rule.weeks}-week runs. A slide below break-even "
            f"({_pct(p_be)}) is not caught by these lines: the monthly net value, once labels are in, is the check "
            f"for that. {reviewers}")
    return (
        f"Alert and roll back to {r.baseline_name} if one week's precision falls below {_pct(rule.weekly_line)}, "
        f"or {rule.weeks} weeks pooled (checked every {rule.weeks} weeks) fall below {_pct(rule.pooled_line)}. "
        f"With about {rule.alerts} alerts a week, a model still at {_pct(rule.at_precision)} precision "
        f"({r.rollback_at_words}) crosses these lines by chance in {rule.weekly_chance:.1%} of weeks and "
        f"{rule.pooled_chance:.1%} of {rule.weeks}-week runs: together about {rule.false_rollbacks_per_year:.1f} "
        f"false rollbacks a year. A collapse to {_pct(collapse)} precision trips the weekly line in {c_week:.0%} of "
        f"weeks ({c_weeks:.0%} within {rule.weeks} weeks) and the pooled line in {c_pooled:.0%} of "
        f"{rule.weeks}-week runs.{_uncertain_anchor(r, rule)} A line at the bottom of today's 95% interval "
        f"({_pct(r.precision_ci[0])}) would fire whenever {_fires_at(r.precision_ci[0], rule.alerts)} or fewer of a "
        f"week's {rule.alerts} alerts are right: in {share_below(r.precision_ci[0], rule.alerts, r.precision):.0%} of "
        f"weeks even with the precision measured today ({_pct(r.precision)}). {reviewers} {detect}"
    )


def _fires_at(line: float, n: int) -> int:
    """The most right alerts out of ``n`` at which a week is strictly below ``line`` (as :func:`share_below`)."""
    return math.ceil(line * n - 1e-9) - 1


def _uncertain_anchor(r: ModelResult, rule: RollbackRule) -> str:
    """When the healthy precision is itself estimated: its interval, and the false rollbacks at its low end."""
    if r.rollback_at_interval is None:
        return ""
    lo, hi = r.rollback_at_interval
    week, _, pooled = rule.detection(min(max(lo, 0.0), 1.0))
    per_year = 52 * week + (52 // rule.weeks) * pooled
    return (f" The {_pct(rule.at_precision)} the lines treat as healthy is itself an estimate (95% interval "
            f"{_pct(lo)} to {_pct(hi)}), so the false-rollback rates above hold at "
            f"the estimate only: a model that still pays at {_pct(lo)} would cross the lines by chance in "
            f"{week:.1%} of weeks and {pooled:.1%} of {rule.weeks}-week runs, about {per_year:.1f} false rollbacks a "
            "year.")


def trial_months(result: ModelResult, *, power: float = 0.8) -> tuple[float, float]:
    """Months of live trial to confirm ``result.min_net_to_switch`` a month: (on ``live_share`` of traffic, on all).

    A month of full traffic is taken to measure the net value with the spread of the test month's
    interval (``net_value_ci`` read as a normal interval at ``net_value_confidence``); a share ``s`` of
    traffic measures it ``1/sqrt(s)`` less precisely. The trial is sized so that, with chance ``power``,
    its interval clears the line it is judged against when the truth is ``min_net_to_switch`` above it.
    """
    from statistics import NormalDist

    check_probability(power, "power")
    if result.net_value_ci is None:
        raise ValueError("result has no net_value_ci: build it with n_boot > 0")
    if not result.min_net_to_switch > 0:
        raise ValueError(f"min_net_to_switch must be > 0 to size a trial, got {result.min_net_to_switch}")
    z = NormalDist().inv_cdf(0.5 + result.net_value_confidence / 2)
    sd_month = (result.net_value_ci[1] - result.net_value_ci[0]) / (2 * z)
    full = ((z + NormalDist().inv_cdf(power)) * sd_month / result.min_net_to_switch) ** 2
    return full / result.live_share, full


def trial_month_net(result: ModelResult) -> tuple[float, float, float]:
    """A live trial month's net value over the baseline: (estimate, low, high), on ``net_value_ci``.

    During the trial the model decides ``live_share`` of traffic, so it earns that share of its value over
    the baseline (the net value plus the running cost), but it scores every payment, so it pays the full
    ``monthly_run_cost``: ``live_share x (net + run) - run``. Linear in the net value, so the interval's
    ends map to the trial month's.
    """
    if result.net_value_ci is None:
        raise ValueError("result has no net_value_ci: build it with n_boot > 0")
    run, share = result.monthly_run_cost, result.live_share
    return tuple(float(share * (v + run) - run) for v in (result.monthly_net_value, *result.net_value_ci))


def months_to_settle(interval, min_effect: float, *, confidence: float = 0.95, power: float = 0.8) -> float:
    """Months of data like the measured month for an interval to clear zero, with chance ``power``, when the true
    difference is ``min_effect`` (the smallest effect worth acting on, chosen before the test).

    ``interval`` is one month's ``confidence`` interval of the difference (read as a normal interval); its
    standard error shrinks as 1/sqrt(months), so the months are ``((z + z_power) * se / min_effect) ** 2``.

    >>> round(months_to_settle((-19.6, 19.6), 10.0), 2)   # se 10, effect 10: (1.96 + 0.84)^2
    7.85
    """
    from statistics import NormalDist

    check_probability(confidence, "confidence")
    check_probability(power, "power")
    lo, hi = (float(v) for v in interval)
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi:
        raise ValueError(f"interval must be a finite (low, high) with low <= high, got {interval}")
    if not min_effect > 0:
        raise ValueError(f"min_effect must be > 0, got {min_effect}")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    se = (hi - lo) / (2 * z)
    return float(((z + NormalDist().inv_cdf(power)) * se / min_effect) ** 2)


def switch_call(result: ModelResult) -> tuple[str, str, list]:
    """The trial call and the switch call, each decided on an interval (pass / fail / inconclusive).

    The **trial** (the model on a share of traffic, the rollback rule armed) needs the net value over the
    baseline above zero. The **switch** needs it above ``min_net_to_switch`` (the smallest net value worth the
    switch, set in advance) and, over every rival option on the table, above zero. Returns the trial status,
    the switch status (fail if any criterion fails, pass if all pass, otherwise inconclusive) and the
    switch criteria as (name, status) pairs.
    """
    from .gates import criterion

    r = result
    if r.net_value_ci is not None:
        low, high = r.net_value_ci
    else:
        sc = outcome_scenarios(r)["net value ($/month)"]
        low, high = float(sc["conservative"]), float(sc["optimistic"])
    iv = (min(low, r.monthly_net_value), max(high, r.monthly_net_value))
    trial = criterion("net value per month", r.monthly_net_value, ">", 0.0, interval=iv, evidence="interval").status
    parts = [(f"over {r.baseline_name}, against the {_money_k(r.min_net_to_switch)} line",
              criterion("net value per month", r.monthly_net_value, ">", r.min_net_to_switch, interval=iv,
                        evidence="interval").status)]
    parts += [(f"over {name}, against zero", criterion(f"net value over {name}", net, ">", 0.0,
                                                       interval=(min(lo, net), max(hi, net)), evidence="bootstrap").status)
              for name, net, lo, hi in r.rivals]
    statuses = [st for _, st in parts]
    switch = "fail" if "fail" in statuses else "pass" if all(st == "pass" for st in statuses) else "inconclusive"
    return trial, switch, parts


def executive_summary(result: ModelResult) -> str:
    """Money only: the monthly net value with its interval, and the calls made on intervals.

    The decision is made in dollars a month, so the summary speaks in that one
    unit: the net value, its interval (the bootstrap interval in
    ``net_value_ci`` when the result has one, otherwise the conservative to
    optimistic range of :func:`outcome_scenarios`), the two dollar parts it is
    made of, and two calls (see :func:`switch_call`): whether to start a gated
    trial (its interval above zero) and whether to switch (above
    ``min_net_to_switch``, and above zero over every rival on the table).
    """
    from .gates import criterion

    r = result
    sim = "simulated " if r.simulated else ""
    if r.net_value_ci is not None:
        low, high = r.net_value_ci
        rows = f"the {r.test_rows:,} test transactions" if r.test_rows else "the test transactions"
        band = f"{r.net_value_confidence:.0%} interval {_money_k(low)} to {_money_k(high)}, from {rows}"
    else:
        sc = outcome_scenarios(r)["net value ($/month)"]
        low, high = float(sc["conservative"]), float(sc["optimistic"])
        band = (f"between {_money_k(low)} and {_money_k(high)} across the conservative and optimistic cases, the ends "
                "of the 95% intervals for the share of fraud caught")
    trial, switch, parts = switch_call(r)
    slide_caught = _slide_detection(r, rollback_rule(r))[1] >= 0.5
    watch = {True: "", False: (" The rollback rule catches a collapse, not a slow slide to where the model stops "
                               "paying, so the live net value is what confirms or ends the switch.")}[
        slide_caught]
    if r.settle_months:
        length = (" Settling it, with an 80% chance when the truth is the stated amount past each line (amounts set in "
                  "advance): "
                  + "; ".join(f"{_money_k(effect)} a month {name} takes about {months:.0f} months of data"
                              for name, effect, months in r.settle_months) + ".")
    elif r.min_net_to_switch > 0 and r.net_value_ci is not None:
        live, full = trial_months(r)
        length = (f" To confirm {_money_k(r.min_net_to_switch)} a month above the line each call is judged against "
                  f"with an 80% chance, the trial needs about {live:.1f} months on {r.live_share:.0%} of traffic "
                  f"({full:.1f} on all of it).")
    else:
        length = ""
    open_parts = [name for name, st in parts if st != "pass"]
    trial_cost = ""
    if r.net_value_ci is not None:
        t_est, t_lo, t_hi = trial_month_net(r)
        build = f"the {_money(r.upfront_cost)} build is spent before it starts, " if r.upfront_cost > 0 else ""
        trial_cost = (f"What the trial costs: {build}every month pays the full {_money(r.monthly_run_cost)} running "
                      f"cost (the model scores every payment), and a live month on {r.live_share:.0%} of traffic nets about {_money_k(t_est)} over "
                      f"{r.baseline_name} ({r.net_value_confidence:.0%} interval {_money_k(t_lo)} to "
                      f"{_money_k(t_hi)})"
                      + ("" if not r.trial_cost else
                         f"; over the whole trial, build included, it ends between {_money_k(r.trial_cost[1])} and "
                         f"{_money_k(r.trial_cost[2])} (estimate {_money_k(r.trial_cost[0])})") + ". ")
    line_words = {True: (f" The smallest net value worth the switch, set in advance, is {_money_k(r.min_net_to_switch)} "
                         "a month."), False: ""}[r.min_net_to_switch > 0]
    calls = {
        ("pass", "pass"): (f"Recommendation: go. Switch from {r.baseline_name} through a gated trial now (shadow, then a "
                           "small share of traffic with the rollback rule armed). Every interval clears its line, on "
                           f"one {sim}test month; month-to-month variation is not included.{watch}"),
        ("pass", "inconclusive"): (
            "Recommendation: start a gated trial now; the switch itself is not yet. What is decided today is the "
            f"trial: the model runs in shadow, then on a small share of traffic with the rollback rule armed. "
            f"{trial_cost}The switch is not decided: its interval does not clear every line "
            f"({'; '.join(open_parts)}).{length}{watch}"),
        ("pass", "fail"): (
            "Recommendation: no switch. The model beats "
            f"{r.baseline_name}, but it fails a line the switch must clear ({'; '.join(n for n, st in parts if st == 'fail')})."),
        ("fail", "fail"): "Recommendation: no. Even the high end of the interval loses money.",
        ("inconclusive", "inconclusive"): (
            "Recommendation: not yet. The interval runs from a loss to a gain, so the measured "
            "evidence does not yet show that it pays; a longer or larger test would narrow it."),
        ("inconclusive", "fail"): (
            "Recommendation: not yet for a trial, and no switch: the interval runs from a loss to a gain, and it "
            f"fails a line the switch must clear ({'; '.join(n for n, st in parts if st == 'fail')})."),
    }
    from .planning import break_even

    rival_words = {
        "pass": "the model beats that option too",
        "fail": "that option is the better buy, so against it the call is no",
        "inconclusive": ("the interval runs from a loss to a gain, so the evidence does not show the model beats "
                         "that option: against it the call is not yet"),
    }
    rivals = "".join(
        f" Against {name}, the other option on the table, the model is worth {_money_k(net)} a month net of the "
        f"same running cost ({r.net_value_confidence:.0%} interval {_money_k(lo)} to {_money_k(hi)}, same "
        f"{sim}transactions): "
        + rival_words[criterion(f"net value over {name}", net, ">", 0.0, interval=(min(lo, net), max(hi, net)),
                                evidence="bootstrap").status] + "."
        for name, net, lo, hi in r.rivals)
    at_low = break_even(r.upfront_cost, low + r.monthly_run_cost, r.monthly_run_cost).months
    times = f"{_months(r.break_even_months)} at the estimate and in {_months(at_low)} at the low end of the interval"
    payback = {True: f"It pays back its assumed {_money(r.upfront_cost)} build cost in {times}.",
               False: (f"Payback is counted from a switch to all traffic, which is not decided: from then, it would pay "
                       f"back its assumed {_money(r.upfront_cost)} build cost in {times}.")}[switch == "pass"]
    if r.trial_cost:
        payback = _trial_payback_words(r)
    if r.cheaper_option:
        c_name, c_net, c_lo, c_hi, c_build = r.cheaper_option
        rivals += (f" On its own, {c_name} is worth {_money_k(c_net)} a month over {r.baseline_name} "
                   f"({r.net_value_confidence:.0%} interval {_money_k(c_lo)} to {_money_k(c_hi)}, same {sim}"
                   f"transactions) for an assumed {_money(c_build)} build, against the model's {_money(r.upfront_cost)} "
                   f"build and its assumed {_money(r.monthly_run_cost)} a month running cost.")
        edge = next(((lo_, hi_) for name, _, lo_, hi_ in r.rivals if name == c_name), None)
        if c_lo > 0 and (edge is None or not edge[0] > 0):
            rivals += (f" So trialling {c_name} now instead of a model trial is a defensible call too: it pays on its "
                       "whole interval, and the model is not shown to beat it.")
    if _cheaper_leads(r):
        c_name, _, c_lo, c_hi, c_build = r.cheaper_option
        f_est, f_lo, f_hi, t_est, t_lo, t_hi, t_months = r.cheaper_first
        rivals = rivals.split(" So trialling ")[0].lstrip()   # the recommendation below says it
        payback = ""   # counted for the cheaper option in the recommendation; the model's is finance's, per case
        settle = ("" if not r.settle_months else
                  " Settling the switch, with an 80% chance when the truth is the stated amount past each line (amounts "
                  "set in advance): " + "; ".join(f"{_money_k(effect)} a month {name} takes about {months:.0f} months "
                                                  "of data" for name, effect, months in r.settle_months) + ".")
        repaid = c_build / c_lo
        line = _money_k(r.min_net_to_switch)
        # the cheaper option is held to the model's switch line over the baseline: a trial when its interval is
        # above zero, a switch only when it is wholly above the line
        c_call = (f"Recommendation: switch to {c_name} now. Its whole interval clears the {line} switch line over "
                  f"{r.baseline_name}, the line the model is held to, it repays its {_money(c_build)} build within "
                  f"{repaid:.1f} months even at the low end, and the model is not shown to beat it."
                  if c_lo > r.min_net_to_switch else
                  f"Recommendation: start a trial of {c_name} now. It pays on its whole interval, repays its "
                  f"{_money(c_build)} build within {repaid:.1f} months even at the low end, and the model is not shown "
                  f"to beat it; but its interval, {_money_k(c_lo)} to {_money_k(c_hi)}, "
                  + ("straddles" if c_hi >= r.min_net_to_switch else "lies wholly below")
                  + f" the {line} switch line over {r.baseline_name}, the line the model is held to, so the switch to "
                  + ("it is not yet decided." if c_hi >= r.min_net_to_switch else "it is no on this evidence."))
        calls = {(trial, switch): (
            f"{c_call} The switch to the "
            f"model is not decided: its intervals do not clear every line ({'; '.join(open_parts)}). A model trial, if "
            f"run, uses {c_name} as its control: over its {t_months:.0f} months, build included, it ends between "
            f"{_money_k(t_lo)} and {_money_k(t_hi)} against {c_name} (estimate {_money_k(t_est)}), money spent to learn "
            f"whether the model beats it. Run against {r.baseline_name} instead, the same trial would forgo "
            f"{_money_k(f_lo)} to {_money_k(f_hi)} ({r.net_value_confidence:.0%} interval) of {c_name}'s value, net of "
            f"its build.{settle}{watch}")}
    band_note = ("" if r.band_reviews_per_week <= 0 else
                 f" (counting {r.band_reviews_per_week:,.0f} uncertain payments a week reviewed after payment)")
    # the net value's parts, so the sum reads right: fraud stopped + the review-time difference - running cost
    review_month = r.monthly_net_value + r.monthly_run_cost - r.extra_fraud_caught_per_month
    review_parts = ([] if r.review_value_ci is None else
                    [f"{r.net_value_confidence:.0%} interval {_money(r.review_value_ci[0])} to "
                     f"{_money(r.review_value_ci[1])}"
                     + (": its sign is not shown" if r.review_value_ci[0] <= 0 <= r.review_value_ci[1] else "")])
    review_parts += [band_note[2:-1]] if band_note else []
    review_words = (f"plus the review-time difference, {_money(review_month)} a month"   # no sign claimed
                    + (f" ({'; '.join(review_parts)})" if review_parts else ""))
    fraud_band = ("" if r.extra_fraud_ci is None else
                  f" ({r.net_value_confidence:.0%} interval {_money_k(r.extra_fraud_ci[0])} to "
                  f"{_money_k(r.extra_fraud_ci[1])})")
    return (
        f"**Executive summary{_sim(r)}.** Replacing {r.baseline_name} with the {r.model_name} is worth about "
        f"{_money_k(r.monthly_net_value)} a month net of its assumed {_money(r.monthly_run_cost)} monthly running cost "
        f"({band}). That is about {_money_k(r.extra_fraud_caught_per_month)} a month more fraud stopped than under "
        f"{r.baseline_name}{fraud_band}, {review_words}, less the running cost. "
        f"{payback}{rivals}{line_words} {calls[(trial, switch)]}"
    )


def legal_explanation(result: ModelResult) -> str:
    """Data, learned patterns, what a flag does, behaviour when unsure, and bias monitoring, in plain words.

    The bias sentence decides on the largest gap's interval against two lines,
    0 (no gap) and the 10-point review trigger, and says that the largest of
    several pairwise gaps, picked after seeing the data, has an optimistic
    (too narrow) interval.
    """
    r = result
    lo, hi, gap = r.largest_group_gap
    groups = "; ".join(f"{g} {_pct(v)}" for g, v in sorted(r.group_recall.items()))
    gi = r.group_gap_interval
    k = len(r.group_recall)
    pairs = k * (k - 1) // 2
    if gi is None:
        gap_ci = ")."
    else:
        counts = "; ".join(f"{g} {k_} of {n}" for g, (k_, n) in sorted(r.group_counts.items()))
        trig = GAP_REVIEW_TRIGGER
        lines = [name for name, x in (("0 (no gap)", 0.0), (f"the {100 * trig:g}-point review trigger", trig))
                 if gi[0] < x < gi[1]]
        if gi[0] > trig:
            decision = (f"the whole interval is above the {100 * trig:g}-point trigger, so the segment's data and "
                        "threshold are reviewed now")
        elif gi[1] <= trig:
            decision = (f"the whole interval is below the {100 * trig:g}-point trigger, so no review is triggered; "
                        "monitoring continues")
        elif r.gap_precaution is None:
            decision = ("not yet settled. Legal's choice until it is: start the review now as a precaution, or "
                        f"wait while more fraud cases in {lo} are collected")
        elif r.gap_precaution:
            decision = ("not yet settled, so the review the trigger calls for starts now as a precaution, and more "
                        f"fraud cases in {lo} are collected to settle it")
        else:
            decision = (f"not yet settled, so no review is triggered yet; more fraud cases in {lo} are collected "
                        "until the interval lies on one side of the trigger")
        if gi[0] < trig < gi[1]:
            months, cases = gap_settle(r)
            decision += (f". Settling it takes about {months:.0f} months of labelled data like the test month (about "
                         f"{cases:,.0f} fraud cases in {lo}): enough to tell, with an 80% chance, a true gap "
                         f"{100 * trig:g} points either side of the trigger from the trigger itself")
        contains = (f" The interval contains {' and '.join(lines)}: the data cannot yet say "
                    + {2: "whether there is a gap at all, nor whether it is above the trigger",
                       1: "on which side of that line the gap lies", 0: ""}[len(lines)] + "." if lines else "")
        band = f"{gi[0] * 100:.1f} to {gi[1] * 100:.1f} points"
        picked = (f"It is the largest of the {pairs} pairwise gaps, picked after seeing the data, so its 95% interval, "
                  f"{band}, is optimistic (too narrow)." if pairs > 1 else f"Its 95% interval is {band}.")
        gap_ci = f"; fraud caught of fraud seen: {counts}). {picked}{contains} Decision: {decision}."
    bias = (f"Recall by customer segment: {groups}; the largest gap is {gap * 100:.1f} points "
            f"({lo} against {hi}{gap_ci} It is reviewed monthly, and a gap above {100 * GAP_REVIEW_TRIGGER:g} points "
            "triggers a review of the segment's data and threshold." if groups else
            "No segment breakdown is available yet; one is required before launch.")
    learned = ", ".join(r.top_features) if r.top_features else ", ".join(r.features)
    proxy = (f" The {r.group_column} used below for bias monitoring is itself an input."
             if r.group_column and r.group_column in r.features else "")
    legit = (1 - r.precision_ci[1], 1 - r.precision_ci[0])
    held = (f" The hold is itself an automated action that affects the customer, so a person reviews every hold: "
            f"{_pct(1 - r.precision)} of holds turn out to be legitimate customers (95% Wilson {_pct(legit[0])} to "
            f"{_pct(legit[1])}).")
    if r.group_hold_counts:   # the customer's harm, by segment: legitimate payments held; it leads the monitoring
        rates = "; ".join(f"{g} {_pct(k_ / n)} ({_pct(wilson_interval(k_, n)[0])} to {_pct(wilson_interval(k_, n)[1])}, "
                          f"{k_:,} of {n:,})" for g, (k_, n) in sorted(r.group_hold_counts.items()))
        held, bias = "", (f"Share of legitimate payments held, the wrongful holds, by segment (95% Wilson): {rates}; "
                          "no review trigger is set on them yet. " + bias.replace("Recall by customer segment", "Fraud caught "
                                                                     "(recall) by segment", 1))
    return (
        f"**Legal and compliance{_sim(r)}.** *Data:* the model learned from {r.training_rows:,} "
        f"{'simulated ' if r.simulated else ''}past transactions "
        f"({r.training_period}) and uses only these fields: {', '.join(r.features)}. No name, address or other "
        f"protected attribute is an input; whether an input stands in for one (a proxy) has not been tested "
        f"yet.{proxy} *What it learned:* patterns in {learned} that went with "
        f"confirmed fraud. *What it decides:* a flagged payment is put on hold until a person reviews it; the "
        f"model never declines a payment or closes an account on its own.{held} *When it is unsure:* scores in the uncertain band around the threshold, "
        f"{r.low_confidence_band[0]:.3f} to {r.low_confidence_band[1]:.3f} ({r.low_confidence_per_week:,.0f} a week) go to manual review"
        f"{_band_split(r)}. *Bias monitoring:* {bias}"
    )


def gap_settle(result: ModelResult, *, power: float = 0.8) -> tuple[float, float]:
    """Months of labelled data like the test month, and fraud cases in the lower-recall group, for the largest
    segment gap's interval to clear the review trigger with chance ``power`` when the true gap lies
    ``GAP_REVIEW_TRIGGER`` away from it (no gap at all, or twice the trigger): see :func:`months_to_settle`.
    """
    gi = result.group_gap_interval
    if gi is None:
        raise ValueError("the result has no segment gap interval (group_counts needed)")
    months = months_to_settle(gi, GAP_REVIEW_TRIGGER, power=power)
    lo = result.largest_group_gap[0]
    return months, months * result.group_counts[lo][1]


def _after_trial(result: ModelResult) -> list:
    """Months of full-traffic net value that repay what the trial lost, at the low end, estimate and high end."""
    est, lo, hi = (float(v) for v in result.trial_cost)
    out = []
    for lost, net in ((lo, result.net_value_ci[0]), (est, result.monthly_net_value), (hi, result.net_value_ci[1])):
        out.append(0.0 if lost >= 0 else (-lost / net if net > 0 else math.inf))
    return out


def _trial_payback_words(r: ModelResult) -> str:
    """Payback counted from the end of the trial, the build and the trial's own loss included."""
    low, est, high = _after_trial(r)
    return (f"Counted from the end of the trial (its assumed {_money(r.upfront_cost)} build and its own months "
            f"included), a switch to all traffic pays back what the trial lost in {_months(est)} at the estimate and "
            f"in {_months(low)} at the low end of the interval.")


def net_value_scenarios(result: ModelResult) -> pd.DataFrame:
    """Low, expected and high net value a month, read off the result's own net-value interval, with payback months.

    The low and high cases are the ends of ``net_value_ci`` (the paired bootstrap the calls are taken on), so
    finance's downside is the executive summary's. Payback is ``upfront_cost / net`` (never when net <= 0).
    """
    if not isinstance(result, ModelResult):
        raise TypeError(f"result must be a ModelResult, got {type(result).__name__}")
    if result.net_value_ci is None:
        raise ValueError("the result has no net_value_ci (summarise with n_boot > 0)")
    c = result.net_value_confidence
    rows = {}
    for name, net in ((f"low end of the {c:.0%} interval", result.net_value_ci[0]),
                      ("estimate", result.monthly_net_value), (f"high end of the {c:.0%} interval", result.net_value_ci[1])):
        rows[name] = {"net value ($/month)": float(net),
                      "payback (months)": result.upfront_cost / net if net > 0 else math.inf}
    frame = pd.DataFrame(rows).T
    if result.trial_cost:   # counted from the end of the trial: what the trial lost, build included
        frame["trial's own net, build included ($)"] = [float(result.trial_cost[i]) for i in (1, 0, 2)]
        frame["payback after the trial (months)"] = _after_trial(result)
        frame = frame.drop(columns="payback (months)")
    return frame


def _cheaper_leads(r: ModelResult) -> bool:
    """True when the cheaper option pays on its whole interval and the model is not shown to beat it."""
    if not (r.cheaper_option and r.cheaper_first):
        return False
    c_name, _, c_lo, _, _ = r.cheaper_option
    edge = next(((lo, hi) for name, _, lo, hi in r.rivals if name == c_name), None)
    return c_lo > 0 and (edge is None or not edge[0] > 0)


def cheaper_first_scenarios(result: ModelResult) -> pd.DataFrame:
    """Low, estimate and high cases when the cheaper option ships first, each read off its own 95% interval.

    Columns: the cheaper option's net value a month over the baseline and the months it takes to repay its build;
    the model's net value a month over the cheaper option (the rival of that name); a model trial with the cheaper
    option as its control, build included (``cheaper_first``); and the months of full-traffic net value over the
    cheaper option that would repay that trial after a switch. A case at or below zero over the cheaper option is
    below the switch line, so there is no switch and no payback: the trial's cost is sunk (NaN in the last column).
    """
    r = result
    if not (r.cheaper_option and r.cheaper_first):
        raise ValueError("the result has no cheaper_option and cheaper_first")
    c_name, c_net, c_lo, c_hi, c_build = r.cheaper_option
    edge = next(((net, lo, hi) for name, net, lo, hi in r.rivals if name == c_name), None)
    if edge is None:
        raise ValueError(f"the result has no rival named {c_name!r}")
    c = r.net_value_confidence
    trial = r.cheaper_first[3:6]
    rows = {}
    for i, name in ((1, f"low end of the {c:.0%} interval"), (0, "estimate"), (2, f"high end of the {c:.0%} interval")):
        cheap = (c_net, c_lo, c_hi)[i]
        model = (edge[0], edge[1], edge[2])[i]
        lost = float(trial[i])
        rows[name] = {
            f"{c_name} over {r.baseline_name} ($/month)": float(cheap),
            "months to repay its build": c_build / cheap if cheap > 0 else math.inf,
            f"model over {c_name} ($/month)": float(model),
            f"model trial against {c_name}, build included ($)": lost,
            "months to repay the trial after a switch": (math.nan if model <= 0 else 0.0 if lost >= 0 else -lost / model),
        }
    return pd.DataFrame(rows).T


def finance_note(result: ModelResult) -> str:
    """The range of outcomes: conservative, expected and optimistic."""
    r = result
    if _cheaper_leads(r):   # the cheaper option ships first: its cases, and the model's over it
        c_name, c_build = r.cheaper_option[0], r.cheaper_option[4]
        sc = cheaper_first_scenarios(r)
        cols = list(sc.columns)
        cheap = "; ".join(f"{name} {_money(row[cols[0]])} a month (its build repaid in {_months(row[cols[1]])})"
                          for name, row in sc.iterrows())
        model = "; ".join(
            f"{name} {_money(row[cols[2]])} a month, a trial of {_money(row[cols[3]])} "
            + ("(no switch at this case: below zero over it, so the trial's cost is sunk)" if math.isnan(row[cols[4]])
               else f"(repaid {_months(row[cols[4]])} after a switch)")
            for name, row in sc.iterrows())
        return (f"**Finance{_sim(r)}.** Assumed costs: {c_name} build {_money(c_build)} (running cost taken as zero); "
                f"model build {_money(r.upfront_cost)}, running {_money(r.monthly_run_cost)} a month; review time "
                f"{_money(r.review_hourly_cost)} an hour. {c_name[0].upper() + c_name[1:]} over {r.baseline_name}, on "
                f"all traffic: {cheap}. The model over {c_name}, and a {int(r.cheaper_first[6])}-month model trial "
                f"with {c_name} as its control, build included: {model}. These are the ends of the intervals the "
                "executive summary decides on.")
    if r.net_value_ci is not None:   # the spread the calls rest on: the paired interval's ends
        nv = net_value_scenarios(r)
        pay = "payback after the trial (months)" if r.trial_cost else "payback (months)"
        parts = [f"{name} {_money(row['net value ($/month)'])} (payback "
                 + ("none needed: the trial ends above zero" if row[pay] == 0 else _months(row[pay])) + ")"
                 for name, row in nv.iterrows()]
        counted = ("payback counted from the end of the trial, what it lost (build included) to repay" if r.trial_cost
                   else "payback counted from a switch")
        return (f"**Finance{_sim(r)}.** Assumed costs: build {_money(r.upfront_cost)}, running "
                f"{_money(r.monthly_run_cost)} a month, review time {_money(r.review_hourly_cost)} an hour. Net value a "
                f"month over {r.baseline_name}, on all traffic, {counted}: {'; '.join(parts)}. "
                "These are the ends of the interval the executive summary decides on.")
    sc = outcome_scenarios(r)
    parts = [f"{name} {_money(sc.loc[name, 'net value ($/month)'])} a month (break-even "
             f"{_months(sc.loc[name, 'break-even (months)'])})" for name in sc.index]
    return (
        f"**Finance{_sim(r)}.** Build cost {_money(r.upfront_cost)}; running cost {_money(r.monthly_run_cost)} a month. "
        f"Net monthly value by scenario, on all traffic (break-even counted from a switch): {'; '.join(parts)}. The conservative case takes the bottom of the "
        f"95% interval for recall ({_pct(r.recall_ci[0])}); with the alert volume held fixed, precision follows "
        f"({_pct(sc.loc['conservative', 'precision'])}). "
        f"Review time is costed at {_money(r.review_hourly_cost)} an hour; build and running costs are assumptions. "
        + _conservative_sentence(r, sc)
    )


def _conservative_sentence(r: ModelResult, sc: pd.DataFrame) -> str:
    if r.net_value_ci is None:
        return ""
    cons, low = float(sc.loc["conservative", "net value ($/month)"]), r.net_value_ci[0]
    if cons >= low:
        return (f"The conservative case sits above the {r.net_value_confidence:.0%} bootstrap low end of the net value "
                f"({_money(low)} a month): decide on that interval.")
    where = "below"
    return (f"The conservative case sits {where} the {r.net_value_confidence:.0%} bootstrap low end of the net "
            f"value ({_money(low)} a month) mainly because it moves the model's recall alone while the catch of "
            f"{r.baseline_name} stays fixed: the edge over them is a small difference of two large fraud values, and most of "
            "their catches are the same frauds, which the bootstrap keeps paired. In these cases the alert volume "
            "is held fixed, so fewer frauds caught also means more legitimate customers among the alerts. A "
            "stress case, not a forecast.")


def support_note(result: ModelResult) -> str:
    """What customers and the review team will see, week to week, and when to escalate.

    The escalation lines come from :func:`flag_count_lines`: a healthy week's
    count of flags lands outside them only by chance, about as rarely as a
    healthy week trips the rollback line.
    """
    r = result
    lines = flag_count_lines(max(r.alerts_per_week, 1e-9))
    queue = (f"{r.low_confidence_per_week:,.0f} a week are borderline and go to the manual queue, at {'an assumed' if r.assumed_inputs else 'about'} "
             f"{r.review_minutes_per_alert:.0f} minutes each." if r.band_reviews_per_week <= 0 else
             f"The review queue holds the flagged payments plus {r.band_reviews_per_week:,.0f} borderline payments a "
             f"week that are not held but reviewed after they go through: {r.alerts_per_week:,.1f} + "
             f"{r.band_reviews_per_week:,.1f} = {r.reviews_per_week:,.1f} reviews a week before rounding "
             f"(under {r.baseline_name}, {r.baseline_alerts_per_week:,.0f}), at {'an assumed' if r.assumed_inputs else 'about'} "
             f"{r.review_minutes_per_alert:.0f} minutes each.")
    return (
        f"**Support{_sim(r)}.** Expect about {r.alerts_per_week:,.0f} flagged payments a week under the model "
        f"({r.baseline_name} flag {r.baseline_alerts_per_week:,.0f}). Each flagged payment is put on hold until a "
        f"reviewer checks it; the model never declines one on its own. About {r.false_flags_per_week:,.0f} a week "
        f"will be genuine customers, so tell a flagged customer the payment is on hold for a check, never that they "
        f"are suspected of fraud. {queue} Escalate to the fraud team if a week "
        f"shows fewer than {lines.low} or more than {lines.high} flags: a week at the model's expected rate lands outside "
        f"these lines by chance in {lines.chance:.1%} of weeks."
    )


@dataclass(frozen=True)
class Briefing:
    """Every audience's text, generated from one :class:`ModelResult`."""

    result: ModelResult = field(repr=False)
    texts: dict

    def __getitem__(self, audience: str) -> str:
        if audience not in self.texts:
            raise KeyError(f"audience must be one of {list(self.texts)}, got {audience!r}")
        return self.texts[audience]

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"text": pd.Series(self.texts)})

    def _repr_markdown_(self) -> str:
        from .story import escape_dollars

        return escape_dollars("\n\n".join(self.texts.values()))

    def __repr__(self) -> str:
        return "\n\n".join(self.texts.values())

    def to_markdown(self, *, bullets: bool = False) -> str:
        """The texts as Markdown (dollars escaped); ``bullets=True`` puts each sentence after the heading on its
        own bullet, so a reader can scan a long text."""
        import re

        from .story import escape_dollars

        if not bullets:
            return self._repr_markdown_()
        parts = []
        for text in self.texts.values():
            head, _, body = text.partition(".** ")
            sentences = re.split(r"(?<=[.)])\s+(?=[A-Z*])", body)
            parts.append(head + ".**\n" + "\n".join(f"- {x}" for x in sentences if x))
        return escape_dollars("\n\n".join(parts))


def brief(result: ModelResult) -> Briefing:
    """All five texts (engineering, executive, legal, finance, support) from the same result."""
    if not isinstance(result, ModelResult):
        raise TypeError(f"result must be a ModelResult, got {type(result).__name__}")
    makers = {"engineering": engineering_spec, "executive": executive_summary, "legal": legal_explanation,
              "finance": finance_note, "support": support_note}
    return Briefing(result, {k: f(result) for k, f in makers.items()})


# --------------------------------------------------------------------------- an F1 change in money


@dataclass(frozen=True)
class OperatingPointMoney:
    """One operating point in counts and in dollars: F1 split into precision and recall, each priced.

    Every caught fraud is worth ``value_per_catch``; every alert costs
    ``cost_per_alert`` (the review); every false alarm costs a further
    ``cost_per_false_alarm`` (a legitimate customer held). ``months`` turns the
    counts into a monthly rate.
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
        return (self.caught * self.value_per_catch - self.alerts * self.cost_per_alert
                - self.false_alarms * self.cost_per_false_alarm) / self.months

    def row(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "F1": self.f1, "alerts": self.alerts,
                "fraud caught": self.caught, "false alarms": self.false_alarms,
                "money ($/month)": self.monthly_money}


def price_operating_point(y_true, flags, *, value_per_catch: float, cost_per_alert: float,
                          cost_per_false_alarm: float, months: float = 1.0, name: str = "") -> OperatingPointMoney:
    """Count an operating point's alerts, catches and false alarms, and price them.

    >>> op = price_operating_point([1, 1, 0, 0], [1, 0, 1, 0], value_per_catch=100, cost_per_alert=10,
    ...                            cost_per_false_alarm=5)
    >>> op.precision, op.recall, op.monthly_money      # 100 - 2 x 10 - 1 x 5
    (0.5, 0.5, 75.0)
    """
    y = as_binary(y_true, "y_true").astype(bool)
    f = as_binary(flags, "flags").astype(bool)
    if len(y) != len(f):
        raise ValueError(f"y_true and flags have different lengths: {len(y)} and {len(f)}")
    for arg, v in (("value_per_catch", value_per_catch), ("cost_per_alert", cost_per_alert),
                   ("cost_per_false_alarm", cost_per_false_alarm)):
        check_non_negative(v, arg)
    if not (isinstance(months, (int, float)) and math.isfinite(months) and months > 0):
        raise ValueError(f"months must be a finite number > 0, got {months!r}")
    return OperatingPointMoney(name, int(f.sum()), int((f & y).sum()), int(y.sum()), float(value_per_catch),
                               float(cost_per_alert), float(cost_per_false_alarm), float(months))


def money_change_interval(y_true, flags, baseline_flags, *, value_per_catch: float, cost_per_alert: float,
                          cost_per_false_alarm: float, months: float = 1.0, n_boot: int = 2000,
                          confidence: float = 0.95, seed: int = 0) -> tuple[float, float, float]:
    """The monthly money change of ``flags`` over ``baseline_flags`` on the same rows, with a paired bootstrap interval.

    Each row contributes ``(flag - baseline) x (value if fraud, else -false-alarm cost) - review cost``;
    the rows are resampled together, so both operating points see the same cases.
    Returns ``(estimate, low, high)``.
    """
    y = as_binary(y_true, "y_true").astype(float)
    f = as_binary(flags, "flags").astype(float)
    b = as_binary(baseline_flags, "baseline_flags").astype(float)
    if not (len(y) == len(f) == len(b)) or len(y) == 0:
        raise ValueError("y_true, flags and baseline_flags must be non-empty and of the same length")
    check_probability(confidence, "confidence")
    n_boot = int(n_boot)
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot}")
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


def f1_change_interval(y_true, flags, baseline_flags, *, n_boot: int = 2000, confidence: float = 0.95,
                       seed: int = 0) -> tuple[float, float, float]:
    """The F1 change of ``flags`` over ``baseline_flags`` on the same rows, with a paired bootstrap interval.

    The rows are resampled together, so both operating points see the same cases in each replicate.
    Returns ``(estimate, low, high)`` in F1 units (multiply by 100 for points).
    """
    y = as_binary(y_true, "y_true").astype(bool)
    f = as_binary(flags, "flags").astype(bool)
    b = as_binary(baseline_flags, "baseline_flags").astype(bool)
    if not (len(y) == len(f) == len(b)) or len(y) == 0:
        raise ValueError("y_true, flags and baseline_flags must be non-empty and of the same length")
    check_probability(confidence, "confidence")
    n_boot = int(n_boot)
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot}")

    def f1(tp, n_flag, n_pos):   # 2TP / (flags + positives), elementwise
        den = n_flag + n_pos
        return np.divide(2.0 * tp, den, out=np.zeros_like(den, dtype=float), where=den > 0)

    est = float(f1(np.array((f & y).sum()), np.array(f.sum()), np.array(y.sum()))
                - f1(np.array((b & y).sum()), np.array(b.sum()), np.array(y.sum())))
    rng = np.random.default_rng(seed)
    m = len(y)
    reps = np.empty(n_boot)
    for start in range(0, n_boot, 200):
        stop = min(start + 200, n_boot)
        idx = rng.integers(0, m, (stop - start, m))
        yy, ff, bb = y[idx], f[idx], b[idx]
        pos = yy.sum(axis=1)
        reps[start:stop] = f1((ff & yy).sum(axis=1), ff.sum(axis=1), pos) - f1((bb & yy).sum(axis=1), bb.sum(axis=1), pos)
    lo, hi = np.quantile(reps, [(1 - confidence) / 2, (1 + confidence) / 2])
    return est, float(min(lo, est)), float(max(hi, est))


def f1_twin(y_true, y_score, threshold: float) -> tuple[float, float, float]:
    """The threshold on the other side of the F1 peak whose F1 is closest to the F1 at ``threshold``.

    Two thresholds with the same F1 trade precision for recall in opposite
    directions. Returns ``(twin_threshold, f1_at_threshold, f1_at_twin)``;
    flags are ``score >= threshold``.

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
