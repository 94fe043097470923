"""Reliability over repeated trials: unbiased pass@k and pass^k, with bootstrap intervals over tasks.

:func:`pass_at_k` and :func:`pass_hat_k` are the estimators for one task; :func:`reliability`
averages them over the tasks of a run with percentile-bootstrap intervals (tasks are the unit
resampled), and :func:`compare_agents` pairs two runs task by task.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from ..._checks import check_positive_int
from .trials import AgentRun


def _check_nck(n: int, c: int, k: int) -> None:
    n = check_positive_int(n, "n")
    c = check_positive_int(c, "c", minimum=0)
    k = check_positive_int(k, "k")
    if c > n:
        raise ValueError(f"c (successes, {c}) cannot exceed n (trials, {n})")
    if k > n:
        raise ValueError(f"k ({k}) cannot exceed n ({n}): run at least k trials per task")


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k from ``n`` trials with ``c`` successes: 1 - C(n-c, k) / C(n, k)."""
    _check_nck(n, c, k)
    return 1.0 - math.comb(n - c, k) / math.comb(n, k)


def pass_hat_k(n: int, c: int, k: int) -> float:
    """Unbiased pass^k from ``n`` trials with ``c`` successes: C(c, k) / C(n, k)."""
    _check_nck(n, c, k)
    return math.comb(c, k) / math.comb(n, k)


def _per_task(run: AgentRun, k: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    ids = list(run.successes())
    counts = run.successes()
    n = run.n_trials
    at = np.array([pass_at_k(n, counts[t], k) for t in ids])
    hat = np.array([pass_hat_k(n, counts[t], k) for t in ids])
    return ids, at, hat


def _boot(values: np.ndarray, *, n_boot: int, seed: int, confidence: float) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, values.size, size=(n_boot, values.size))
    means = values[idx].mean(axis=1)
    a = (1 - confidence) / 2
    return float(np.quantile(means, a)), float(np.quantile(means, 1 - a))


def reliability(
    run: AgentRun, ks: Iterable[int] | None = None, *, n_boot: int = 2000, seed: int = 0, confidence: float = 0.95
):
    """pass@k and pass^k for each ``k`` (default 1 to ``n_trials``), with bootstrap intervals over tasks.

    The column ``naive p^k`` is the pooled success rate to the power ``k``: what pass^k would be if
    every task succeeded equally often. The gap between it and pass^k is how much the tasks differ.
    """
    import pandas as pd

    ks = list(ks) if ks is not None else list(range(1, run.n_trials + 1))
    pooled = float(np.mean([t.success for t in run.trials]))
    rows = []
    for k in ks:
        _, at, hat = _per_task(run, k)
        a_low, a_high = _boot(at, n_boot=n_boot, seed=seed, confidence=confidence)
        h_low, h_high = _boot(hat, n_boot=n_boot, seed=seed, confidence=confidence)
        rows.append(
            {
                "k": k,
                "pass@k": at.mean(),
                "pass@k low": a_low,
                "pass@k high": a_high,
                "pass^k": hat.mean(),
                "pass^k low": h_low,
                "pass^k high": h_high,
                "naive p^k": pooled**k,
            }
        )
    return pd.DataFrame(rows).set_index("k")


def compare_agents(
    incumbent: AgentRun, candidate: AgentRun, *, k: int = 1, n_boot: int = 2000, seed: int = 0, confidence: float = 0.95
) -> dict:
    """Candidate minus incumbent in pass^k, paired task by task, with a bootstrap interval over tasks."""
    ids_a, _, hat_a = _per_task(incumbent, k)
    ids_b, _, hat_b = _per_task(candidate, k)
    if ids_a != ids_b:
        raise ValueError("incumbent and candidate must be run on the same tasks, in the same order")
    diff = hat_b - hat_a
    low, high = _boot(diff, n_boot=n_boot, seed=seed, confidence=confidence)
    return {
        "k": k,
        "difference": float(diff.mean()),
        "low": low,
        "high": high,
        "tasks": len(ids_a),
        "confidence": confidence,
    }
