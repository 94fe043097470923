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
    into weekly rates (and ``weeks / (52 / 12)`` months into monthly money). ``segment_mask`` selects the
    high-risk segment whose recall the spec promises (for example top-quartile amounts). Precision and recall get
    Wilson intervals; with ``n_boot > 0`` the monthly net value gets its ``confidence`` percentile
    bootstrap interval (see :func:`net_value_replicates`) and the p95 latency one too.

    Parameters
    ----------
    test : pandas.DataFrame
        The test rows, with the ``target`` and ``value_column`` columns (and ``group_column`` for the groups).
    scores : array-like of float
        The model's score for each row.
    threshold : float
        The model flags scores at or above it, in [0, 1]; one that flags nothing is refused.
    baseline_flags : array-like of {0, 1}
        What runs today, on the same rows.
    weeks : float
        The test window's length in weeks; above zero.
    latency_ms : array-like of float
        Scoring latencies in milliseconds (any number of them), for the p95.
    segment_mask : array-like of {0, 1}
        The rows of the high-risk segment.
    segment_name : str
        The segment's name in the texts.
    model_name : str, default "fraud model"
        The model's name in the texts.
    baseline_name : str, default "the current rule"
        What runs today, in the texts.
    target : str, default "is_fraud"
        The label column; it must hold a positive.
    value_column : str, default "amount"
        The column of dollars a caught fraud saves.
    latency_budget_ms : float, default 100.0
        The latency budget, in milliseconds.
    review_minutes_per_alert : float, default 6.0
        Minutes a reviewer spends on one alert.
    review_hourly_cost : float, default 40.0
        Dollars an hour of review costs.
    monthly_run_cost : float, default 4000.0
        Dollars a month to run the model.
    upfront_cost : float, default 90000.0
        Dollars to build it.
    training_rows : int, default 0
        Transactions the model learned from.
    training_period : str, default ""
        The period they span, in words.
    features : tuple of str, default ()
        The model's inputs.
    top_features : tuple of str, default ()
        The inputs it leans on most.
    low_confidence_band : tuple of float, default (0.3, 0.5)
        The (low, high) scores counted as uncertain, each in [0, 1].
    group_column : str or None, default "segment"
        The column whose groups get their own recall (and wrongful holds); None, or a column ``test`` lacks,
        gives none.
    n_boot : int, default 0
        Bootstrap replicates for the net value's and the latency's intervals; 0 computes none.
    confidence : float, default 0.95
        Those intervals' confidence, in [0, 1].
    seed : int, default 0
        Seed of the resampling.
    simulated : bool, default False
        Marks a result measured on simulated data; every text then says so.
    band_reviewed : bool, default False
        The uncertain band's payments below the threshold are reviewed after they go through (not held): their
        review time is counted in the review hours and the net value (``band_reviews_per_week``).

    Returns
    -------
    ModelResult
        The result every audience's text is generated from.

    Raises
    ------
    ValueError
        When the arrays' lengths differ, ``weeks`` is not above zero, the target holds no positive or the
        threshold flags nothing.

    Examples
    --------
    >>> import pandas as pd
    >>> test = pd.DataFrame({"is_fraud": [1, 1, 0, 0, 0, 1, 0, 0], "amount": [900, 400, 50, 70, 20, 300, 60, 40],
    ...                      "segment": ["a", "b", "a", "b", "a", "b", "a", "b"]})
    >>> scores = [0.9, 0.6, 0.45, 0.1, 0.2, 0.3, 0.05, 0.7]
    >>> r = summarise_fraud_result(test, scores, threshold=0.5, baseline_flags=[1, 0, 1, 0, 0, 0, 0, 0], weeks=1,
    ...                            latency_ms=[40, 50, 60, 70], segment_mask=test["amount"] > 100,
    ...                            segment_name="over $100")
    >>> r.precision, round(r.recall, 3), r.alerts_per_week, round(r.segment_recall, 3)
    (0.6666666666666666, 0.667, 3.0, 0.667)
    >>> r.group_recall
    {'a': 1.0, 'b': 0.5}
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
    cost, exactly as :class:`ModelResult` does on the full set.

    Parameters
    ----------
    y : array-like of bool
        Whether each row is fraud.
    flags : array-like of bool
        The model's flags; the same length as ``y``.
    baseline_flags : array-like of bool
        What runs today, on the same rows.
    value : array-like of float
        Dollars each row's fraud is worth if caught.
    weeks : float
        The rows' window in weeks.
    review_minutes_per_alert : float
        Minutes a reviewer spends on one alert.
    review_hourly_cost : float
        Dollars an hour of review costs.
    monthly_run_cost : float
        Dollars a month to run the model.
    n_boot : int, default 2000
        Replicates; at least 1.
    seed : int, default 0
        Seed of the resampling.
    extra_reviews : array-like of bool or None, default None
        Rows reviewed without being flagged (the uncertain band below the threshold): they cost review time and
        catch nothing. None: no such rows.

    Returns
    -------
    numpy.ndarray
        ``n_boot`` replicates of the monthly net value, in dollars.

    Examples
    --------
    Over one month, the model catches a $400 fraud the baseline misses, reviews one more payment (an hour at
    $40) and costs $100 to run: $260 on the full set.

    >>> import numpy as np
    >>> reps = net_value_replicates([1, 1, 0, 0], [1, 1, 1, 0], [1, 0, 0, 1], [900, 400, 50, 70], weeks=52 / 12,
    ...                             review_minutes_per_alert=60, review_hourly_cost=40, monthly_run_cost=100,
    ...                             n_boot=1000)
    >>> reps.shape, [float(round(q)) for q in np.quantile(reps, [0.025, 0.975])]
    ((1000,), [-180.0, 980.0])
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
