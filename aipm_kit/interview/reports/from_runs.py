"""The four model reports built from the kit's own simulated runs and reviews, each with planted problems.

:func:`make_model_reports` trains the kit's fraud model on simulated payments (and reads the sentiment model on
the kit-written reviews) and writes the reports a team might circulate, with the red flags each was built to
contain; :func:`_rule_words` states the hand rule's results on the same payments, the baseline the reports cite.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..sentiment import sentiment_predictions
from .report import ModelReport


def _rule_words(frame: pd.DataFrame) -> str:
    """The kit's hand rule (:func:`aipm_kit.scenarios.hand_rule`) on the same payments, in words."""
    from ...scenarios import hand_rule

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
    3. *Review sentiment* (only with ``reviews``): accuracy, precision and recall, and the sarcasm
       slice, whose recall collapsed; no rollback rule.
    4. *Fraud v1*: a calmer stream, validated on later months like production,
       several metrics, segments in line, but a rollback rule read from a
       couple of days' alerts: a model still at its reported precision would
       trip it by chance.

    The fraud models are the kit's gradient boosting, trained single-threaded, so the reports are the same on
    every run with the same arguments.

    Parameters
    ----------
    seed : int, default 0
        Seed of the simulated payments, the validation split and the models.
    n_transactions : int, default 30000
        Payments in each simulated stream.
    reviews : pandas.DataFrame or None, default None
        The kit's reviews (:func:`load_reviews`) for the sentiment report (None: no sentiment report, three
        reports).
    sentiment : pandas.DataFrame or None, default None
        Out-of-fold predictions on ``reviews`` (None: computed with :func:`sentiment_predictions`).

    Returns
    -------
    list of ModelReport
        The reports, in the order above, each with its planted red flags in ``planted``.

    Examples
    --------
    >>> reports = make_model_reports()   # doctest: +SKIP
    >>> [sorted(r.planted) for r in reports]   # doctest: +SKIP
    [['mismatched_validation', 'no_baseline', 'no_rollback', 'single_metric'], ['collapsed_segment'],
     ['noisy_rollback']]
    """
    import sklearn.ensemble  # noqa: F401  (load the OpenMP runtime before limiting its threads)

    from ...models import fit_fraud_model, fraud_scores
    from ...planning import precision_at_recall
    from ...runtime import single_thread
    from ...scenarios import make_payments

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
    from ...communicate import _line

    weeks_after = max((after["timestamp"].max() - after["timestamp"].min()).days / 7, 1.0)
    per_week_b = flag_after.sum() / weeks_after
    from ...metrics import wilson_interval

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
