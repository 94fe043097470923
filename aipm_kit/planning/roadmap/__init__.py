"""A roadmap stated as probabilities, from learning curves.

:func:`fit_learning_curve` fits the inverse power law to measured (size, score) points;
:func:`measure_learning_curve` measures the fraud model's precision at a recall against training size with
bootstrap replicates; :func:`milestone_probabilities` fits every replicate and reads off each milestone's
probability ("P(precision >= 70% at the Q3 data volume) = 0.7") as a :class:`Roadmap` with its
checkpoints and backup plan.

Modules, one idea each (every name is importable from here): :mod:`~aipm_kit.planning.roadmap.learning_curve`
(fitting and measuring learning curves) and :mod:`~aipm_kit.planning.roadmap.milestones` (milestone
probabilities and the plan built on them).
"""

from __future__ import annotations

from .learning_curve import LearningCurve, LearningCurveData, fit_learning_curve, measure_learning_curve
from .milestones import Roadmap, milestone_probabilities, probability_at_least

__all__ = [
    "LearningCurve",
    "LearningCurveData",
    "fit_learning_curve",
    "measure_learning_curve",
    "Roadmap",
    "milestone_probabilities",
    "probability_at_least",
]
