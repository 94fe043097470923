"""Milestones stated as probabilities: every bootstrap replicate's learning curve read at each data volume.

:func:`milestone_probabilities` fits every replicate and reads off each milestone's probability
("P(precision >= 70% at the Q3 data volume) = 0.7") as a :class:`Roadmap` with its checkpoints and backup
plan; :func:`probability_at_least` is the share of outcomes that reach a target.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..._checks import as_1d, check_probability
from .learning_curve import LearningCurveData, _check_curve_points, _fit_power_law_many


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
    predictions: np.ndarray = field(repr=False)  # (n_fits, n_milestones)
    asymptotes: np.ndarray = field(repr=False)

    @property
    def probabilities(self) -> dict:
        return {m: probability_at_least(self.predictions[:, i], self.target) for i, m in enumerate(self.volumes)}

    @property
    def stall_probability(self) -> float:
        """Chance the curve levels off below the target whatever the volume."""
        return float((self.asymptotes < self.target).mean())

    def to_frame(self) -> pd.DataFrame:
        p = self.predictions
        return pd.DataFrame(
            {
                "data_volume": list(self.volumes.values()),
                "p10": np.quantile(p, 0.1, axis=0),
                "median": np.median(p, axis=0),
                "p90": np.quantile(p, 0.9, axis=0),
                f"P({self.metric} >= {self.target:.0%})": list(self.probabilities.values()),
            },
            index=pd.Index(list(self.volumes), name="milestone"),
        )

    def probability_interval(self, milestone: str, *, confidence: float = 0.95) -> tuple[float, float]:
        """Wilson interval of a milestone's probability, counted over a finite number of fits."""
        from ...metrics import wilson_interval

        if milestone not in self.volumes:
            raise ValueError(f"milestone must be one of {list(self.volumes)}, got {milestone!r}")
        k = int((self.predictions[:, list(self.volumes).index(milestone)] >= self.target).sum())
        return wilson_interval(k, len(self.predictions), confidence=confidence)

    def statement(self, milestone: str) -> str:
        if milestone not in self.volumes:
            raise ValueError(f"milestone must be one of {list(self.volumes)}, got {milestone!r}")
        return (
            f"P({self.metric} >= {self.target:.0%} by the {milestone} data volume "
            f"({self.volumes[milestone]:,.0f} labelled rows)) = {self.probabilities[milestone]:.2f}"
        )

    def checkpoints(
        self,
        *,
        baseline_score: float,
        trial_milestone: str,
        go_probability: float = 0.7,
        baseline_label: str | None = None,
        fallback: str = "the rule",
    ) -> pd.DataFrame:
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
        return pd.DataFrame(
            [
                {
                    "checkpoint": "data ready",
                    "condition": f"{self.volumes[trial_milestone]:,.0f} labelled rows",
                    "evidence now": "label pipeline volume per month",
                    "if it fails": "push the date; the curve says by how much",
                },
                {
                    "checkpoint": "baseline",
                    "condition": f"{baseline_label or self.metric + ' of the rule'} measured",
                    "evidence now": f"{baseline_score:.1%}",
                    "if it fails": "no model work before a baseline exists",
                },
                {
                    "checkpoint": "offline benchmark",
                    "condition": f"P(>= {self.target:.0%}) >= {go_probability:.0%}",
                    "evidence now": f"{p:.0%} (95% interval {lo:.0%} to {hi:.0%}, {len(self.predictions)} fits)",
                    "if it fails": "backup plan: " + self.backup_plan(),
                },
                {
                    "checkpoint": "gated trial",
                    "condition": "shadow then 5% of traffic, rollback rule armed",
                    "evidence now": "not started",
                    "if it fails": f"roll back to {fallback}; keep collecting labels",
                },
            ]
        ).set_index("checkpoint")

    def backup_plan(self) -> str:
        if self.stall_probability >= 0.5:
            return (
                f"the curve levels off below {self.target:.0%} in {self.stall_probability:.0%} of fits: "
                "more data of the same kind will not get there; change the features or the scope "
                "(high-value segment only) and keep the rule running"
            )
        return (
            f"the curve stalls below {self.target:.0%} in only {self.stall_probability:.0%} of fits: "
            "if a checkpoint misses, wait one more quarter of labels before changing approach"
        )

    def __repr__(self) -> str:
        probs = ", ".join(f"{m}: {p:.2f}" for m, p in self.probabilities.items())
        return f"Roadmap(P({self.metric} >= {self.target:.0%}) by milestone: {probs})"


def milestone_probabilities(
    data: LearningCurveData | np.ndarray,
    volumes: Mapping[str, float],
    target: float,
    *,
    sizes=None,
    max_score: float = 1.0,
) -> Roadmap:
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
