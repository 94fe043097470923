"""Model reports and their red flags: the reports built from the kit's runs, and the checker.

:data:`RED_FLAGS` names the problems a reviewer looks for; :class:`ModelReport` is a report as a team
might circulate it, with the facts a reviewer can check; :func:`find_red_flags` decides the flags from
those facts (:func:`rollback_fire_chance` judges a rollback rule's false alarms) and
:func:`check_red_flags` compares a learner's list with them; :func:`make_model_reports` builds four
reports from the kit's own simulated runs and reviews, each with planted problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._checks import check_probability
from ._answers import _flag_set
from .sentiment import sentiment_predictions

RED_FLAGS = {
    "single_metric": "the report gives one headline number (usually accuracy) and nothing else",
    "mismatched_validation": (
        "the validation data does not look like production (another period or base "
        "rate), or nobody measured production to know"
    ),
    "no_rollback": "no rollback threshold: nobody has said what number would make them switch it off",
    "collapsed_segment": (
        "a segment's recall has collapsed beside the rest (under half the overall recall, its "
        "95% interval below the rest's)"
    ),
    "noisy_rollback": (
        "the rollback rule reads precision from so few alerts that a healthy model (at the low end of "
        "its reported precision's 95% interval) trips it by chance"
    ),
    "no_baseline": (
        "no trivial baseline beside the result (no-fraud-for-everyone, the majority class, the hand "
        "rule it replaces), so nobody can tell what the model adds"
    ),
}
#: A rollback rule is noisy when a model at its reported precision would trip it in a month more often than this.
NOISY_ROLLBACK_CHANCE = 0.05


def rollback_fire_chance(
    line: float, alerts_per_check: float, checks_in_a_row: int, precision: float, checks_per_month: int
) -> float:
    """About how likely a precision rollback rule fires within a month.

    The rule fires when the precision of ``alerts_per_check`` alerts (rounded,
    at least one) is below ``line`` in ``checks_in_a_row`` consecutive checks,
    out of ``checks_per_month`` checks, for a model whose true precision is
    ``precision``. One check falls below the line with the binomial chance;
    the month offers ``checks_per_month - checks_in_a_row + 1`` runs of
    consecutive checks, treated as independent (an approximation). At the
    model's reported precision this is the false-alarm chance; at a lower
    precision, the chance the rule catches the fall.

    >>> round(rollback_fire_chance(0.5, 10, 1, 0.5, 1), 3)   # 4 or fewer right out of 10
    0.377
    """
    from ..communicate import share_below

    in_a_row, per_month = int(checks_in_a_row), int(checks_per_month)
    if in_a_row < 1:
        raise ValueError(f"checks_in_a_row must be at least 1, got {checks_in_a_row}")
    fire = share_below(line, max(int(round(alerts_per_check)), 1), precision) ** in_a_row
    return 1 - (1 - fire) ** max(per_month - in_a_row + 1, 1)


@dataclass(frozen=True)
class ModelReport:
    """A model report as a team might circulate it, with the facts a reviewer can check.

    ``segments`` maps a segment name to ``(recall, n_positives)``;
    ``validation_base_rate`` and ``production_base_rate`` are the positive
    rates in the validation data and in production. ``rollback_check`` is
    ``(line, alerts_per_check, checks_in_a_row, precision, checks_per_month)``:
    the rule fires when precision over ``alerts_per_check`` alerts is below
    ``line`` in ``checks_in_a_row`` consecutive checks, for a model whose
    precision is ``precision``, checked ``checks_per_month`` times a month.
    ``baseline`` is the trivial baseline the report sets beside its result
    (None: none given); ``production_rate_measured=False`` marks a production
    positive rate that is assumed, not measured. ``alerts`` is the number of
    alerts the reported precision was measured on (None: not given), so its
    interval can be computed. ``planted`` lists the red
    flags the report was built to contain (the answer key). ``scores`` holds
    the model's score for each case the results were read on, in the order of
    that data (None: not given), so the model can be read at another alert volume.
    """

    title: str
    model: str
    metrics: dict
    validation_data: str
    production_data: str
    validation_base_rate: float
    production_base_rate: float
    rollback_rule: str | None
    segments: dict = field(default_factory=dict)
    overall_recall: float | None = None
    planted: frozenset = field(default_factory=frozenset)
    rollback_check: tuple | None = None
    baseline: str | None = None
    production_rate_measured: bool = True
    alerts: int | None = None
    scores: np.ndarray | None = field(default=None, repr=False, compare=False)

    @property
    def rollback_false_alarm(self) -> float | None:
        """About how likely the rollback rule fires within a month on a model still at its reported precision.

        "Still at its reported precision" means at :attr:`rollback_healthy_precision`, the low end of
        the reported precision's 95% Wilson interval when ``alerts`` is given. One check falls below the
        line with the binomial chance of precision on that many alerts; ``checks_in_a_row`` of them in a row, at each of
        the month's checks, treated as independent (an approximation).
        """
        if self.rollback_check is None:
            return None
        line, per_check, in_a_row, _, per_month = self.rollback_check
        return rollback_fire_chance(line, per_check, in_a_row, self.rollback_healthy_precision, per_month)

    @property
    def rollback_healthy_precision(self) -> float | None:
        """The precision a healthy model is taken to have when a rollback rule is judged for false alarms.

        The reported precision is itself an estimate: when ``alerts`` (how many alerts it was measured
        on) is given, a rule must stay quiet at the low end of its 95% Wilson interval; otherwise the
        reported precision is all there is. The one definition used by the red-flag check, the notebook
        and its exercise.
        """
        if self.rollback_check is None:
            return None
        reported = float(self.rollback_check[3])
        if not self.alerts:
            return reported
        from ..metrics import wilson_interval

        n = int(self.alerts)
        return float(wilson_interval(int(round(reported * n)), n)[0])

    def render(self) -> str:
        """The report as Markdown, the way a reviewer would receive it."""
        metrics = ", ".join(f"{k} {v:.1%}" for k, v in self.metrics.items())
        lines = [
            f"#### {self.title}",
            f"- **Model:** {self.model}",
            f"- **Results:** {metrics}",
            f"- **Validated on:** {self.validation_data} (positive rate {self.validation_base_rate:.1%})",
            f"- **Will serve:** {self.production_data} (positive rate "
            + ("" if self.production_rate_measured else "assumed ")
            + f"{self.production_base_rate:.1%}"
            + ("" if self.production_rate_measured else ", not measured")
            + ")",
            f"- **Baseline:** {self.baseline or 'none given'}",
            f"- **Rollback:** {self.rollback_rule or 'not specified'}"
            + (
                f" (about {self.rollback_check[1]:,.{0 if self.rollback_check[1] >= 10 else 1}f} alerts per check)"
                if self.rollback_check
                else ""
            ),
        ]
        if self.segments:
            from ..metrics import wilson_interval

            parts = []
            for k, (r, n) in self.segments.items():
                lo, hi = wilson_interval(int(round(r * n)), n)
                parts.append(f"{k}: recall {r:.0%} ({int(round(r * n))} of {n}; 95% Wilson {lo:.1%} to {hi:.1%})")
            segs = "; ".join(parts)
            lines.append(f"- **By segment:** {segs}")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        from ..story import escape_dollars

        return escape_dollars(self.render())

    def __repr__(self) -> str:
        return self.render()


def find_red_flags(
    report: ModelReport,
    *,
    collapse_ratio: float = 0.5,
    base_rate_tolerance: float = 0.25,
    min_segment_positives: int = 10,
    noisy_rollback_chance: float | None = None,
) -> frozenset:
    """The red flags a careful reviewer would raise, decided from the report's own facts.

    * ``single_metric``: fewer than two metrics reported;
    * ``mismatched_validation``: the validation and production positive rates
      differ by more than ``base_rate_tolerance`` (relative), or the production
      rate is assumed, not measured (nothing shows validation looks like production);
    * ``no_rollback``: no rollback rule;
    * ``collapsed_segment``: a segment (with at least ``min_segment_positives``
      positives) whose recall is below ``collapse_ratio`` x the overall recall,
      and whose 95% Wilson interval lies wholly below that of the other
      segments pooled, so the gap is not the noise of a small slice (the
      segments are taken to split the report's positives);
    * ``noisy_rollback``: a rollback rule that a healthy model (at
      :attr:`ModelReport.rollback_healthy_precision`) would trip by chance within a month with probability above
      ``noisy_rollback_chance`` (binomial noise of precision on few alerts;
      default :data:`NOISY_ROLLBACK_CHANCE`);
    * ``no_baseline``: no trivial baseline beside the result.
    """
    if not isinstance(report, ModelReport):
        raise TypeError(f"report must be a ModelReport, got {type(report).__name__}")
    collapse_ratio = check_probability(collapse_ratio, "collapse_ratio")
    noisy_rollback_chance = check_probability(
        NOISY_ROLLBACK_CHANCE if noisy_rollback_chance is None else noisy_rollback_chance, "noisy_rollback_chance"
    )
    flags = set()
    if not report.baseline:
        flags.add("no_baseline")
    if len(report.metrics) < 2:
        flags.add("single_metric")
    base = report.validation_base_rate
    if (
        base <= 0
        or abs(report.production_base_rate - base) / base > base_rate_tolerance
        or not report.production_rate_measured
    ):
        flags.add("mismatched_validation")
    if not report.rollback_rule:
        flags.add("no_rollback")
    elif report.rollback_false_alarm is not None and report.rollback_false_alarm > noisy_rollback_chance:
        flags.add("noisy_rollback")
    overall = report.overall_recall
    if overall is not None:
        from ..metrics import wilson_interval

        caught = {k: (int(round(r * n)), int(n)) for k, (r, n) in report.segments.items()}
        for name, (recall, n) in report.segments.items():
            if n < min_segment_positives or recall >= collapse_ratio * overall:
                continue
            k_rest = sum(c for other, (c, _) in caught.items() if other != name)
            n_rest = sum(m for other, (_, m) in caught.items() if other != name)
            if n_rest == 0 or wilson_interval(*caught[name])[1] < wilson_interval(k_rest, n_rest)[0]:
                flags.add("collapsed_segment")
    return frozenset(flags)


def check_red_flags(report: ModelReport, answer, **flag_options) -> tuple[bool, str]:
    """Compare a learner's red flags with the report's; explain every miss and every false alarm.

    ``flag_options`` go to :func:`find_red_flags` (e.g. ``noisy_rollback_chance``).
    """
    expected = set(find_red_flags(report, **flag_options))
    got = _flag_set(answer, RED_FLAGS, "red flag")
    missed, extra = sorted(expected - got), sorted(got - expected)
    if not missed and not extra:
        found = ", ".join(sorted(expected)) or "none (this report is sound)"
        return True, f"All red flags found: {found}."
    parts = []
    if missed:
        parts.append("missed: " + "; ".join(f"`{m}` ({RED_FLAGS[m]})" for m in missed))
    if extra:
        parts.append("not a problem in this report: " + ", ".join(f"`{e}`" for e in extra))
    return False, ". ".join(parts).capitalize() + "."


def _rule_words(frame: pd.DataFrame) -> str:
    """The kit's hand rule (:func:`aipm_kit.scenarios.hand_rule`) on the same payments, in words."""
    from ..scenarios import hand_rule

    y = frame["is_fraud"].to_numpy().astype(bool)
    flag = hand_rule(frame).to_numpy()
    tp = int((flag & y).sum())
    precision = f"{tp / flag.sum():.1%} precision" if flag.sum() else "no alerts"
    return (
        f"transfers over $5,000 from accounts under 30 days old: {precision}, {tp / max(y.sum(), 1):.1%} "
        f"recall, {flag.mean():.2%} of payments flagged"
    )


def make_model_reports(
    *,
    seed: int = 0,
    n_transactions: int = 30_000,
    reviews: pd.DataFrame | None = None,
    sentiment: pd.DataFrame | None = None,
) -> list[ModelReport]:
    """Four model reports built from the kit's own simulated runs and kit-written reviews, each with planted problems.

    1. *Fraud v2, the launch email*: accuracy only, no baseline, validated on
       a random split of the months before a concept drift, no rollback rule.
    2. *Fraud v2, the honest re-run*: several metrics on the drifted months,
       a rollback rule, and the segment the new fraud ring lives in, whose
       recall collapsed.
    3. *Review sentiment*: accuracy, precision and recall, and the sarcasm
       slice, whose recall collapsed; no rollback rule.
    4. *Fraud v1*: a calmer stream, validated on later months like production,
       several metrics, segments in line, but a rollback rule read from a
       couple of days' alerts: a model still at its reported precision would
       trip it by chance.
    """
    import sklearn.ensemble  # noqa: F401  (load the OpenMP runtime before limiting its threads)

    from ..models import fit_fraud_model, fraud_scores
    from ..planning import precision_at_recall
    from ..runtime import single_thread
    from ..scenarios import make_payments

    df = make_payments(n_transactions, seed=seed, drift_month=4, drift_kind="concept", incident=False)
    before = df[df["month"] <= 3]
    after = df[df["month"] >= 4]
    rng = np.random.default_rng(seed)
    is_val = rng.random(len(before)) < 0.25
    train, val = before[~is_val], before[is_val]
    with single_thread():
        model = fit_fraud_model(train, seed=seed, max_iter=60)
        s_val, s_after = fraud_scores(model, val), fraud_scores(model, after)
    # Threshold: the 99th percentile of validation scores (about 1% of traffic flagged).
    thr = float(np.quantile(s_val, 0.99))

    def summary(frame, s):
        y = frame["is_fraud"].to_numpy()
        flag = s >= thr
        tp = (flag & y).sum()
        return {
            "accuracy": float((flag == y).mean()),
            "precision": float(tp / max(flag.sum(), 1)),
            "recall": float(tp / max(y.sum(), 1)),
            "precision at 50% recall": precision_at_recall(y, s, 0.5),
        }

    m_val, m_after = summary(val, s_val), summary(after, s_after)
    ring = (
        after["merchant_category"].isin(["electronics", "gaming"])
        & (after["channel"] == "app")
        & after["amount"].between(100, 900)
    ).to_numpy()
    y_after = after["is_fraud"].to_numpy()
    flag_after = s_after >= thr

    def seg_recall(mask):
        pos = (mask & y_after).sum()
        return (float((mask & y_after & flag_after).sum() / pos) if pos else 0.0, int(pos))

    rate_before, rate_after = float(before["is_fraud"].mean()), float(after["is_fraud"].mean())
    # B's rule pools four weeks of alerts
    from ..communicate import _line

    weeks_after = max((after["timestamp"].max() - after["timestamp"].min()).days / 7, 1.0)
    per_week_b = flag_after.sum() / weeks_after
    from ..metrics import wilson_interval

    alerts_b = int(flag_after.sum())
    healthy_b = float(wilson_interval(int(round(m_after["precision"] * alerts_b)), alerts_b)[0])
    # the line sits where a healthy model, at the low end of its precision's 95% interval, falls only 1% of checks
    line_b, _ = _line(max(int(round(4 * per_week_b)), 1), healthy_b, 0.01)
    reports = [
        ModelReport(
            title="Report A: fraud model v2, launch email (simulated payments)",
            model="gradient boosting on months 1-3 of a simulated payments stream",
            metrics={"accuracy": m_val["accuracy"]},
            validation_data="a random 25% of months 1-3",
            production_data="live traffic from month 4 on",
            # before launch nobody has measured production: the email can only assume months 1-3's rate
            validation_base_rate=float(val["is_fraud"].mean()),
            production_base_rate=rate_before,
            production_rate_measured=False,
            rollback_rule=None,
            planted=frozenset({"single_metric", "mismatched_validation", "no_rollback", "no_baseline"}),
        ),
        ModelReport(
            title="Report B: fraud model v2, re-run on live months (simulated payments)",
            model="the same model as Report A (gradient boosting on months 1-3 of the simulated stream)",
            metrics={k: m_after[k] for k in ("precision", "recall", "precision at 50% recall")},
            validation_data="months 4-6 (after launch)",
            production_data="live traffic from month 4 on",
            validation_base_rate=rate_after,
            production_base_rate=rate_after,
            rollback_rule=f"roll back to the rule if precision over the last four weeks < {line_b:.1%}",
            rollback_check=(
                line_b,
                4 * per_week_b,
                1,
                m_after["precision"],
                1,
            ),  # four weeks pooled, checked once a month
            segments={"app electronics and gaming, $100-900": seg_recall(ring), "everything else": seg_recall(~ring)},
            overall_recall=m_after["recall"],
            planted=frozenset({"collapsed_segment"}),
            alerts=alerts_b,
            scores=np.asarray(s_after, dtype=float),
            baseline=(
                f"the hand rule it would roll back to ({_rule_words(after)}); alerting on a random "
                f"{flag_after.mean():.1%} of payments (the model's alert rate) would catch about "
                f"{flag_after.mean():.1%} of fraud at {rate_after:.1%} precision"
            ),
        ),
    ]
    if reviews is not None:
        if sentiment is None:
            sentiment = sentiment_predictions(reviews, seed=seed)
        y = sentiment["is_negative"].to_numpy()
        p = sentiment["pred_negative"].to_numpy()
        sarc = sentiment["sarcastic"].to_numpy()
        tp = (y & p).sum()

        def rec(mask):
            return float((y & p & mask).sum() / (y & mask).sum()), int((y & mask).sum())

        reports.append(
            ModelReport(
                title="Report C: review sentiment model (kit-written reviews)",
                model="TF-IDF + logistic regression",
                metrics={
                    "accuracy": float((y == p).mean()),
                    "precision": float(tp / p.sum()),
                    "recall": float(tp / y.sum()),
                },
                validation_data=(
                    "5-fold cross-validation on the labelled reviews (the same template sentences sit in "
                    "training and validation folds)"
                ),
                production_data="new reviews, same shop and products",
                validation_base_rate=float(y.mean()),
                production_base_rate=float(y.mean()),
                production_rate_measured=False,
                rollback_rule=None,
                baseline=(
                    f"calling every review a complaint (the majority class) scores {max(y.mean(), 1 - y.mean()):.1%} "
                    "accuracy"
                ),
                segments={"plain reviews": rec(~sarc), "sarcastic reviews": rec(sarc)},
                overall_recall=float(tp / y.sum()),
                planted=frozenset({"collapsed_segment", "no_rollback", "mismatched_validation"}),
            )
        )
    # Report D: a stream with no drift; trained on months 1-3, validated on months 4-6 like production.
    calm = make_payments(n_transactions, seed=seed + 1, drift_month=None, incident=False)
    early, month3 = calm[calm["month"] <= 3], calm[calm["month"] >= 4]
    with single_thread():
        m1 = fit_fraud_model(early, seed=seed, max_iter=60)
        s3 = fraud_scores(m1, month3)
    y3 = month3["is_fraud"].to_numpy()
    f3 = s3 >= float(np.quantile(s3, 0.98))
    tp3 = (f3 & y3).sum()
    rec3 = float(tp3 / y3.sum())
    seg = month3["segment"].astype(str).to_numpy()
    segments = {}
    for g in ("consumer", "small_business", "new_market"):
        m = seg == g
        pos = int((m & y3).sum())
        segments[g] = (float((m & y3 & f3).sum() / pos) if pos else 0.0, pos)
    reports.append(
        ModelReport(
            title="Report D: fraud model v1 (simulated payments)",
            model=(
                "gradient boosting on months 1-3 of a second, calmer simulated stream (another run, with no drift and "
                "its own fraud rate), alerting on its top 2% of scores"
            ),
            metrics={
                "precision": float(tp3 / f3.sum()),
                "recall": rec3,
                "precision at 50% recall": precision_at_recall(y3, s3, 0.5),
            },
            validation_data="months 4-6, held out in time",
            production_data="live traffic like months 4-6",
            validation_base_rate=float(y3.mean()),
            production_base_rate=float(y3.mean()),
            rollback_rule=f"roll back if precision < {0.8 * tp3 / f3.sum():.1%} for two consecutive days",
            rollback_check=(
                0.8 * tp3 / f3.sum(),
                f3.sum() / max((month3["timestamp"].max() - month3["timestamp"].min()).days, 1),
                2,
                float(tp3 / f3.sum()),
                30,
            ),
            segments=segments,
            overall_recall=rec3,
            planted=frozenset({"noisy_rollback"}),
            alerts=int(f3.sum()),
            baseline=(
                f"the hand rule it replaced ({_rule_words(month3)}); alerting on a random {f3.mean():.1%} of "
                f"payments would catch about {f3.mean():.1%} of fraud at {y3.mean():.1%} precision"
            ),
        )
    )
    return reports
