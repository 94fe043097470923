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

    Parameters
    ----------
    samples : array-like of float
        The simulated outcomes (at least one).
    target : float
        The milestone's threshold (not NaN).

    Returns
    -------
    float
        The share of ``samples`` >= ``target``, in [0, 1].

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
    """Milestones stated as probabilities, from bootstrapped learning-curve fits.

    Built by :func:`milestone_probabilities`. ``probabilities`` maps each milestone to the share of fits
    at or above the target, ``stall_probability`` is the share of fits that level off below it,
    ``statement(milestone)`` says one in a sentence, ``probability_interval(milestone)`` gives its Wilson
    interval, and ``checkpoints(...)`` and ``backup_plan()`` turn them into a plan.

    Parameters
    ----------
    metric : str
        What the scores measure.
    target : float
        The score each milestone must reach.
    volumes : dict
        ``milestone -> labelled data volume`` expected by then, in order.
    predictions : numpy.ndarray
        Shape ``(n_fits, n_milestones)``: each fit's score at each milestone's volume.
    asymptotes : numpy.ndarray
        Each fit's asymptote.

    Examples
    --------
    >>> import numpy as np
    >>> sizes = np.array([1_000, 2_000, 4_000, 8_000])
    >>> rng = np.random.default_rng(0)
    >>> replicates = 0.9 - 0.3 * (sizes / 1_000) ** -0.5 + rng.normal(0, 0.02, (200, 4))
    >>> roadmap = milestone_probabilities(replicates, {"Q2": 16_000, "Q3": 32_000}, 0.8, sizes=sizes)
    >>> roadmap
    Roadmap(P(score >= 80%) by milestone: Q2: 0.78, Q3: 0.86)
    >>> roadmap.statement("Q3")
    'P(score >= 80% by the Q3 data volume (32,000 labelled rows)) = 0.86'
    >>> round(roadmap.stall_probability, 3)
    0.11
    """

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

    Parameters
    ----------
    data : LearningCurveData or numpy.ndarray
        The measured curve, or an ``(n_boot, n_sizes)`` array of replicate scores.
    volumes : mapping
        ``milestone -> data volume`` (each > 0), at least one.
    target : float
        The score a milestone must reach (a probability when ``max_score <= 1``).
    sizes : array-like of float, optional
        The training sizes of the array's columns; required with an array, ignored with
        :class:`LearningCurveData`.
    max_score : float, default 1.0
        Upper bound for every fit's asymptote; not below the best replicate score.

    Returns
    -------
    Roadmap
        Every replicate's fitted score at each milestone volume, and its asymptote.

    Raises
    ------
    ValueError
        No replicates, no or non-positive volumes, a missing ``sizes``, bad curve points or a
        ``max_score`` below the best replicate.

    Examples
    --------
    >>> import numpy as np
    >>> sizes = np.array([1_000, 2_000, 4_000, 8_000])
    >>> rng = np.random.default_rng(0)
    >>> replicates = 0.9 - 0.3 * (sizes / 1_000) ** -0.5 + rng.normal(0, 0.02, (200, 4))
    >>> roadmap = milestone_probabilities(replicates, {"Q2": 16_000, "Q3": 32_000}, 0.8, sizes=sizes)
    >>> roadmap.to_frame().round(3)
               data_volume    p10  median    p90  P(score >= 80%)
    milestone
    Q2               16000  0.786   0.825  0.854            0.775
    Q3               32000  0.794   0.847  0.885            0.860
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
