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
    """Unbiased pass@k from ``n`` trials with ``c`` successes: 1 - C(n-c, k) / C(n, k).

    The chance that at least one of ``k`` fresh trials succeeds (a user who retries ``k`` times gets through).

    Parameters
    ----------
    n : int
        Trials of the task (>= 1).
    c : int
        Successes among them (0 to ``n``).
    k : int
        Fresh trials asked about (1 to ``n``).

    Returns
    -------
    float
        Between 0 and 1.

    Raises
    ------
    ValueError
        When ``c > n`` or ``k > n`` (run at least ``k`` trials per task), or a count is not a whole number in
        range.

    Examples
    --------
    >>> pass_at_k(n=8, c=6, k=1), round(pass_at_k(n=8, c=6, k=3), 3)
    (0.75, 1.0)
    >>> pass_at_k(n=4, c=2, k=5)
    Traceback (most recent call last):
    ...
    ValueError: k (5) cannot exceed n (4): run at least k trials per task
    """
    _check_nck(n, c, k)
    return 1.0 - math.comb(n - c, k) / math.comb(n, k)


def pass_hat_k(n: int, c: int, k: int) -> float:
    """Unbiased pass^k from ``n`` trials with ``c`` successes: C(c, k) / C(n, k).

    The chance that all of ``k`` fresh trials succeed (the agent is right every time a customer comes back).

    Parameters
    ----------
    n : int
        Trials of the task (>= 1).
    c : int
        Successes among them (0 to ``n``).
    k : int
        Fresh trials asked about (1 to ``n``).

    Returns
    -------
    float
        Between 0 and 1; it falls as ``k`` grows unless every trial succeeded.

    Raises
    ------
    ValueError
        When ``c > n`` or ``k > n`` (run at least ``k`` trials per task), or a count is not a whole number in
        range.

    Examples
    --------
    >>> round(pass_hat_k(n=8, c=6, k=1), 3), round(pass_hat_k(n=8, c=6, k=3), 3)
    (0.75, 0.357)
    """
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

    Parameters
    ----------
    run : AgentRun
        The trials, ``n_trials`` per task.
    ks : iterable of int, optional
        The ``k`` values (each 1 to ``n_trials``); default every one from 1 to ``n_trials``.
    n_boot : int, default 2000
        Bootstrap resamples of the tasks.
    seed : int, default 0
        Seeds the resampling.
    confidence : float, default 0.95
        The intervals' confidence level (percentile bootstrap).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``k``: ``pass@k``, ``pass@k low``, ``pass@k high``, ``pass^k``, ``pass^k low``,
        ``pass^k high`` (the means over tasks and their intervals) and ``naive p^k``.

    Examples
    --------
    >>> from aipm_kit.agents.scripted import ScriptedAgent
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> from aipm_kit.agents.scoring import run_agent
    >>> world, tasks = load_store_tasks()
    >>> run = run_agent(ScriptedAgent("v1"), tasks[:10], world, trials=4)
    >>> reliability(run, [1, 4], n_boot=500)[["pass^k", "pass^k low", "pass^k high", "naive p^k"]].round(3)
       pass^k  pass^k low  pass^k high  naive p^k
    k
    1     0.9       0.825        0.975      0.900
    4     0.6       0.300        0.900      0.656
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
    """Candidate minus incumbent in pass^k, paired task by task, with a bootstrap interval over tasks.

    Parameters
    ----------
    incumbent, candidate : AgentRun
        Runs on the same tasks, in the same order (refused with a ValueError otherwise).
    k : int, default 1
        The ``k`` of pass^k (1 to each run's ``n_trials``).
    n_boot : int, default 2000
        Bootstrap resamples of the tasks (one resample serves both runs: the pairing is kept).
    seed : int, default 0
        Seeds the resampling.
    confidence : float, default 0.95
        The interval's confidence level (percentile bootstrap).

    Returns
    -------
    dict
        ``k``, ``difference`` (candidate minus incumbent, as a share), ``low``, ``high``, ``tasks`` and
        ``confidence``.

    Examples
    --------
    >>> from aipm_kit.agents.scripted import ScriptedAgent
    >>> from aipm_kit.agents.tasks import load_store_tasks
    >>> from aipm_kit.agents.scoring import run_agent
    >>> world, tasks = load_store_tasks()
    >>> v1, v2 = (run_agent(ScriptedAgent(v), tasks[:10], world, trials=4) for v in ("v1", "v2"))
    >>> d = compare_agents(v1, v2, k=2)
    >>> round(d["difference"], 3), round(d["low"], 3), round(d["high"], 3), d["tasks"]
    (0.067, -0.167, 0.3, 10)
    """
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
