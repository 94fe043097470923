"""The result every audience's text reads: :class:`ModelResult`, one model at one operating point.

Its fields are what was measured (precision, recall, alerts, latency, money, with their intervals) and what the
texts must state (the rollback, trial and switch settings); its properties derive the numbers every text shares
(false flags, review hours, net value, payback, the largest group gap), so no text recomputes them its own way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import pandas as pd

from ..._checks import check_non_negative, check_probability
from ...intervals import difference_interval
from .._common import _pct
from ..rollback import ROLLBACK_FALSE_ALARM

WEEKS_PER_MONTH = 52 / 12


@dataclass(frozen=True)
class ModelResult:
    """Everything the audiences need about one model at one operating point.

    Rates are shares in [0, 1]; counts are per week; money is in dollars per
    month unless the name says otherwise. ``baseline_*`` fields describe what
    runs today (a rule, or the incumbent model). Usually built by :func:`summarise_fraud_result`. The
    constructor refuses (``ValueError``) a rate or chance outside [0, 1], an interval whose low end is above its
    high end, a negative count, cost or time, and a ``live_share`` outside (0, 1]. The derived numbers are
    properties (``false_flags_per_week``, ``false_flag_reduction``, ``reviews_per_week``,
    ``review_hours_saved_per_week``, ``extra_fraud_caught_per_month``, ``monthly_net_value``,
    ``break_even_months``, ``largest_group_gap``, ``group_gap_interval``), so no text recomputes them its own way;
    :meth:`with_` copies the result with fields changed, :meth:`with_rival` adds another baseline's comparison
    and :meth:`to_frame` gives the main numbers as a table.

    Parameters
    ----------
    model_name : str
        The model's name, as the texts call it.
    baseline_name : str
        What runs today, as the texts name it (for instance "the current rule").
    threshold : float
        The model flags scores at or above this.
    precision, recall : float
        The model's precision and recall at the threshold.
    precision_ci, recall_ci : tuple of float
        Their 95% intervals, (low, high).
    alerts_per_week : float
        The model's alerts (held payments) a week.
    baseline_alerts_per_week, baseline_precision, baseline_recall : float
        The same for what runs today, on the same rows.
    segment_name : str
        The high-risk segment whose recall the spec promises.
    segment_recall : float
        The model's recall in that segment.
    latency_p95_ms, latency_budget_ms : float
        The 95th percentile of scoring latency and its budget, in milliseconds.
    fraud_value_caught_per_month, baseline_value_caught_per_month : float
        Dollars of fraud caught a month by the model and by what runs today.
    review_minutes_per_alert : float
        Minutes a reviewer spends on one alert.
    review_hourly_cost : float
        Dollars an hour of review costs.
    monthly_run_cost : float
        Dollars a month to run the model.
    upfront_cost : float
        Dollars to build it.
    training_rows : int
        Transactions the model learned from.
    training_period : str
        The period they span, in words.
    features : tuple of str
        The model's inputs.
    top_features : tuple of str
        The inputs it leans on most, for the legal text.
    low_confidence_band : tuple of float
        The (low, high) scores counted as uncertain, sent to manual review.
    low_confidence_per_week : float
        Payments a week with a score in that band.
    group_recall : dict, default {}
        Group -> the model's recall in it.
    group_counts : dict, default {}
        Group -> (fraud caught, fraud in the group), for the gap's interval.
    group_hold_counts : dict, default {}
        Group -> (legitimate payments held, legitimate payments in the group): the wrongful holds, the
        customer's harm.
    net_value_ci : tuple of float or None, default None
        Interval of ``monthly_net_value`` over resamples of the test rows (None when not computed); finite, low
        <= high.
    net_value_confidence : float, default 0.95
        Its confidence.
    test_rows : int, default 0
        How many test transactions were resampled.
    simulated : bool, default False
        True when the result comes from simulated data: every text then says so in its heading.
    group_column : str, default ""
        The column the groups of ``group_recall`` come from ("" when none).
    latency_p95_ci : tuple of float or None, default None
        Interval of ``latency_p95_ms`` over resamples of the test rows (None when not computed).
    rivals : tuple, default ()
        Other options on the table, as (name, the model's net value per month against it, low, high): the same
        model measured against another baseline (see :meth:`with_rival`).
    band_reviews_per_week : float, default 0.0
        Payments a week in the uncertain band but below the threshold: not held, they go through and a reviewer
        checks them after payment. They cost review time (counted in the review hours and the net value) but
        catch nothing in the net value (a fraud found after payment is taken as not recovered).
    rollback_false_alarm : float, default ROLLBACK_FALSE_ALARM
        The chance that a healthy week trips the rollback line (see :func:`rollback_rule`).
    rollback_pooled_false_alarm : float or None, default None
        The chance that a healthy run of ``ROLLBACK_WEEKS`` weeks trips the pooled line (None:
        ``rollback_false_alarm``).
    collapse_precision : float or None, default None
        A collapse the rollback rule must catch: the true precision falling to this (None: half today's
        precision).
    min_net_to_switch : float, default 0.0
        The smallest net value a month worth the switch, set before the test (0: any gain). The switch is
        decided on the net value's interval against this line, and against zero over every rival (see
        :func:`switch_call`).
    live_share : float, default 1.0
        Share of traffic the model decides during the live trial (sizes the trial, see :func:`trial_months`).
    rollback_at_precision : float or None, default None
        The precision the rollback lines treat as healthy (None: the bottom of today's 95% interval).
    rollback_at_words : str, default "the bottom of today's 95% interval"
        How the texts name that precision (for instance "break-even, where the model stops paying").
    rollback_at_interval : tuple of float or None, default None
        An interval of ``rollback_at_precision`` (None: treated as known). When set, the spec states it and the
        false-rollback rates at its low end, where a model that still pays can sit.
    gap_precaution : bool or None, default True
        Whether an unsettled segment gap (its interval across the 10-point trigger) starts the review as a
        precaution (True, the old wording) or only collects more cases, the review waiting for the interval to
        clear the trigger (False); None offers legal the two as a choice.
    settle_months : tuple, default ()
        What settles each open switch line, as (line, smallest effect worth acting on, months of data needed):
        when set, the executive summary states these instead of the live-share trial length.
    assumed_inputs : bool, default False
        True: the latency budget and the review minutes are assumptions, and the spec and support texts say so.
    trial_cost : tuple, default ()
        The trial's own net over the baseline, build included, as (estimate, low, high) (empty: not given). When
        set, payback in the executive summary and the finance note is counted from the end of the trial: the
        months of full-traffic net value that repay what the trial lost (none when it ends above zero).
    cheaper_option : tuple, default ()
        A cheaper option that needs no model, as (name, its net value a month over the baseline, interval low,
        interval high, its build cost) (empty: not given). When set, the executive summary states it beside the
        model's own build cost, so the two builds can be weighed.
    cheaper_first : tuple, default ()
        The cheaper option first (empty: not given), as (value forgone by trialling against the baseline instead
        of after shipping the cheaper option: estimate, low, high; the same trial with the cheaper option as its
        control, build included: estimate, low, high; the trial's months). When set with ``cheaper_option``, and
        the cheaper option pays on its whole interval while the model is not shown to beat it, the executive
        summary recommends shipping the cheaper option now and prices any model trial against it, and the
        finance note reads the cases off :func:`cheaper_first_scenarios`.
    alerts_vary : bool, default False
        True: the weekly count of alerts varies (a Poisson count around ``alerts_per_week``), and the spec states
        the rollback lines' false-rollback rates with that variation (:meth:`RollbackRule.varying`).
    segment_recall_ci, false_flag_reduction_ci, extra_fraud_ci : tuple of float or None, default None
        Intervals the caller computed (None: not given, and the texts give the point alone): of
        ``segment_recall`` (the engineering spec states it), of ``false_flag_reduction``, and of
        ``extra_fraud_caught_per_month`` (the executive summary states them), each as (low, high) at
        ``net_value_confidence``.
    review_value_ci : tuple of float or None, default None
        The interval of the review-time difference in dollars a month (net value + running cost - extra fraud
        caught), at ``net_value_confidence``; None: the executive summary gives the point alone.

    Examples
    --------
    >>> from aipm_kit.communicate import ModelResult
    >>> r = ModelResult.example()
    >>> r
    ModelResult(fraud model: precision 90.0%, recall 60.0%, 200 alerts/week, p95 84 ms; 92% fewer false flags
    than the rules)
    >>> r.review_hours_saved_per_week, r.monthly_net_value, r.break_even_months   # 300 fewer alerts x 12 minutes
    (60.0, 48000.0, 2.5)
    >>> r.with_(precision=1.2)
    Traceback (most recent call last):
    ...
    ValueError: precision must be in [0, 1], got 1.2
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
    group_hold_counts: dict = field(default_factory=dict)
    net_value_ci: tuple | None = None
    net_value_confidence: float = 0.95
    test_rows: int = 0
    simulated: bool = False
    group_column: str = ""
    latency_p95_ci: tuple | None = None
    rivals: tuple = ()
    band_reviews_per_week: float = 0.0
    rollback_false_alarm: float = ROLLBACK_FALSE_ALARM
    rollback_pooled_false_alarm: float | None = None
    collapse_precision: float | None = None
    min_net_to_switch: float = 0.0
    live_share: float = 1.0
    rollback_at_precision: float | None = None
    rollback_at_words: str = "the bottom of today's 95% interval"
    rollback_at_interval: tuple | None = None
    gap_precaution: bool | None = True
    settle_months: tuple = ()
    assumed_inputs: bool = False
    trial_cost: tuple = ()
    cheaper_option: tuple = ()
    cheaper_first: tuple = ()
    alerts_vary: bool = False
    segment_recall_ci: tuple | None = None
    false_flag_reduction_ci: tuple | None = None
    extra_fraud_ci: tuple | None = None
    review_value_ci: tuple | None = None

    @classmethod
    def example(cls, **changes) -> ModelResult:
        """A made-up fraud model's result, for trying the kit's texts for each audience.

        Every number is invented, not measured: a model at threshold 0.4 with precision 0.90 (0.85 to 0.94)
        and recall 0.60 (0.52 to 0.67) against rules at 0.50 and 0.35, 200 alerts a week against 500, and its
        money, latency and training facts. The examples of :mod:`aipm_kit.communicate` start from it.

        Parameters
        ----------
        **changes
            Fields to set differently, as :meth:`with_` takes them.

        Returns
        -------
        ModelResult
            The example result, with ``changes`` applied.

        Examples
        --------
        >>> r = ModelResult.example()
        >>> r.model_name, r.precision, r.alerts_per_week
        ('fraud model', 0.9, 200)
        >>> ModelResult.example(threshold=0.5).threshold
        0.5
        """
        result = cls(
            model_name="fraud model",
            baseline_name="the rules",
            threshold=0.4,
            precision=0.9,
            precision_ci=(0.85, 0.94),
            recall=0.6,
            recall_ci=(0.52, 0.67),
            alerts_per_week=200,
            baseline_alerts_per_week=500,
            baseline_precision=0.5,
            baseline_recall=0.35,
            segment_name="top-quartile amounts",
            segment_recall=0.72,
            latency_p95_ms=84,
            latency_budget_ms=100,
            fraud_value_caught_per_month=90_000,
            baseline_value_caught_per_month=50_000,
            review_minutes_per_alert=12,
            review_hourly_cost=50,
            monthly_run_cost=5_000,
            upfront_cost=120_000,
            training_rows=48_000,
            training_period="January to April",
            features=("amount", "hour"),
            top_features=("amount",),
            low_confidence_band=(0.3, 0.4),
            low_confidence_per_week=35,
        )
        return result.with_(**changes) if changes else result

    def __post_init__(self):
        for name in ("threshold", "precision", "recall", "baseline_precision", "baseline_recall", "segment_recall"):
            check_probability(getattr(self, name), name)
        for name in ("precision_ci", "recall_ci", "low_confidence_band"):
            lo, hi = getattr(self, name)
            check_probability(lo, f"{name}[0]")
            check_probability(hi, f"{name}[1]")
            if lo > hi:
                raise ValueError(f"{name} must be (low, high) with low <= high, got {(lo, hi)}")
        for name in (
            "alerts_per_week",
            "baseline_alerts_per_week",
            "latency_p95_ms",
            "latency_budget_ms",
            "fraud_value_caught_per_month",
            "baseline_value_caught_per_month",
            "review_minutes_per_alert",
            "review_hourly_cost",
            "monthly_run_cost",
            "upfront_cost",
            "training_rows",
            "low_confidence_per_week",
            "band_reviews_per_week",
        ):
            check_non_negative(getattr(self, name), name)
        for group, value in self.group_recall.items():
            check_probability(value, f"group_recall[{group!r}]")
        object.__setattr__(self, "features", tuple(self.features))
        object.__setattr__(self, "top_features", tuple(self.top_features))
        object.__setattr__(self, "group_recall", dict(self.group_recall))
        object.__setattr__(self, "group_counts", {g: (int(k), int(n)) for g, (k, n) in self.group_counts.items()})
        object.__setattr__(
            self, "group_hold_counts", {g: (int(k), int(n)) for g, (k, n) in self.group_hold_counts.items()}
        )
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
        from ...planning import break_even

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

    def with_(self, **changes) -> ModelResult:
        return replace(self, **changes)

    def with_rival(self, other: ModelResult) -> ModelResult:
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
            "precision": self.precision,
            "recall": self.recall,
            "alerts per week": self.alerts_per_week,
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
        return (
            f"ModelResult({self.model_name}: precision {_pct(self.precision)}, recall {_pct(self.recall)}, "
            f"{self.alerts_per_week:,.0f} alerts/week, p95 {self.latency_p95_ms:.0f} ms; "
            f"{self.false_flag_reduction:.0%} fewer false flags than {self.baseline_name})"
        )
