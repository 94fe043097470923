"""Measuring a scored test set into a :class:`ModelResult`, with a paired bootstrap of its monthly net value.

:func:`summarise_fraud_result` measures the model and what runs today on the same rows and gives the weekly and
monthly numbers with their intervals; :func:`net_value_replicates` recomputes the monthly net value on resamples of
the rows, the model and the baseline drawn together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..._checks import as_1d, as_binary, check_probability
from ...metrics import wilson_interval  # one Wilson interval for the whole kit
from .model_result import WEEKS_PER_MONTH, ModelResult


def summarise_fraud_result(
    test: pd.DataFrame,
    scores,
    *,
    threshold: float,
    baseline_flags,
    weeks: float,
    latency_ms,
    segment_mask,
    segment_name: str,
    model_name: str = "fraud model",
    baseline_name: str = "the current rule",
    target: str = "is_fraud",
    value_column: str = "amount",
    latency_budget_ms: float = 100.0,
    review_minutes_per_alert: float = 6.0,
    review_hourly_cost: float = 40.0,
    monthly_run_cost: float = 4_000.0,
    upfront_cost: float = 90_000.0,
    training_rows: int = 0,
    training_period: str = "",
    features=(),
    top_features=(),
    low_confidence_band=(0.3, 0.5),
    group_column: str | None = "segment",
    n_boot: int = 0,
    confidence: float = 0.95,
    seed: int = 0,
    simulated: bool = False,
    band_reviewed: bool = False,
) -> ModelResult:
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
        reps = net_value_replicates(
            y,
            flag,
            base,
            value,
            weeks=weeks,
            review_minutes_per_alert=review_minutes_per_alert,
            review_hourly_cost=review_hourly_cost,
            monthly_run_cost=monthly_run_cost,
            n_boot=n_boot,
            seed=seed,
            extra_reviews=band_extra,
        )
        net_ci = tuple(float(q) for q in np.quantile(reps, [(1 - confidence) / 2, (1 + confidence) / 2]))
        rng = np.random.default_rng(seed + 1)
        p95s = [np.percentile(lat[rng.integers(0, len(lat), len(lat))], 95) for _ in range(int(n_boot))]
        lat_ci = tuple(float(q) for q in np.quantile(p95s, [(1 - confidence) / 2, (1 + confidence) / 2]))
    return ModelResult(
        model_name=model_name,
        baseline_name=baseline_name,
        threshold=threshold,
        precision=tp / n_flag,
        precision_ci=wilson_interval(tp, n_flag),
        recall=tp / n_pos,
        recall_ci=wilson_interval(tp, n_pos),
        alerts_per_week=n_flag / weeks,
        baseline_alerts_per_week=base.sum() / weeks,
        baseline_precision=float((base & y).sum() / base.sum()) if base.sum() else 0.0,
        baseline_recall=float((base & y).sum() / n_pos),
        segment_name=segment_name,
        segment_recall=float((flag & seg & y).sum() / seg_pos) if seg_pos else 0.0,
        latency_p95_ms=float(np.percentile(lat, 95)),
        latency_budget_ms=latency_budget_ms,
        fraud_value_caught_per_month=float(value[flag & y].sum() / months),
        baseline_value_caught_per_month=float(value[base & y].sum() / months),
        review_minutes_per_alert=review_minutes_per_alert,
        review_hourly_cost=review_hourly_cost,
        monthly_run_cost=monthly_run_cost,
        upfront_cost=upfront_cost,
        training_rows=int(training_rows),
        training_period=training_period,
        features=tuple(features),
        top_features=tuple(top_features),
        low_confidence_band=(lo_band, hi_band),
        low_confidence_per_week=float(((s >= lo_band) & (s < hi_band)).sum() / weeks),
        group_recall=groups,
        group_counts=counts,
        group_hold_counts=holds if groups else {},
        net_value_ci=net_ci,
        net_value_confidence=confidence,
        test_rows=len(y),
        simulated=bool(simulated),
        group_column=str(group_column) if groups else "",
        latency_p95_ci=lat_ci,
        band_reviews_per_week=float(band_extra.sum() / weeks),
    )


def net_value_replicates(
    y,
    flags,
    baseline_flags,
    value,
    *,
    weeks: float,
    review_minutes_per_alert: float,
    review_hourly_cost: float,
    monthly_run_cost: float,
    n_boot: int = 2000,
    seed: int = 0,
    extra_reviews=None,
) -> np.ndarray:
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
    hours = (
        (base.astype(float) - (flag | extra))
        / weeks
        * review_minutes_per_alert
        / 60
        * WEEKS_PER_MONTH
        * review_hourly_cost
    )
    per_row = gain + hours
    rng = np.random.default_rng(seed)
    out = np.empty(n_boot)
    m = len(y)
    for start in range(0, n_boot, 200):
        stop = min(start + 200, n_boot)
        out[start:stop] = per_row[rng.integers(0, m, (stop - start, m))].sum(axis=1)
    return out - monthly_run_cost
