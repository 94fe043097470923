"""Money, time and risk from model metrics: the numbers a plan is made of.

A model metric only matters once it is turned into money, time or risk. This
module holds the small calculators a PM needs for that, each with every
assumption as an argument you can change:

* :func:`break_even` and :class:`BusinessCase`: cost against conversions, what
  an accuracy gain is worth, what added latency costs through churn (an explicit,
  editable curve), when the project pays back;
* :func:`sensitivity`: which assumption moves the answer most (a tornado chart);
* :func:`scenario_table`: conservative / expected / optimistic in one table;
* :func:`simulate_weekly_accuracy`: what users live through week by week, so a
  steady 87% model can be compared with an erratic 95% one;
* :class:`Option` and :func:`compare_options`: ship the simple thing, limit to
  high-value users, or build it all, by risk appetite;
* :func:`precision_at_recall`, :func:`fit_learning_curve`,
  :func:`measure_learning_curve` and :func:`milestone_probabilities`: a roadmap
  stated as probabilities ("P(precision >= 70% at the Q3 data volume) = 0.7");
* :func:`fit_rule_set` and :func:`cost_of_explainability`: what a readable rule
  set costs against the model.

The calculators live in sub-modules, one idea each, and are all importable from
here: :mod:`~aipm_kit.planning.business_case` (break-even, the business case,
sensitivity, scenarios), :mod:`~aipm_kit.planning.weekly_accuracy`,
:mod:`~aipm_kit.planning.options`, :mod:`~aipm_kit.planning.precision` (the
precision-at-recall metric), :mod:`~aipm_kit.planning.roadmap` (learning curves
and milestone probabilities), :mod:`~aipm_kit.planning.explainability` (rule set
against model) and :mod:`~aipm_kit.planning.screening` (gate 1 on proposed uses).
"""

from __future__ import annotations

from .business_case import (
    DEFAULT_LATENCY_CHURN,
    BreakEven,
    BusinessCase,
    ROIResult,
    Sensitivity,
    break_even,
    churn_from_latency,
    scenario_table,
    sensitivity,
)
from .explainability import ExplainabilityCost, RuleSet, cost_of_explainability, fit_rule_set
from .options import APPETITES, MEDIUM_MAX_P_LOSS, Option, OptionsComparison, compare_options
from .precision import _precision_at_recall_weighted, precision_at_recall
from .roadmap import (
    LearningCurve,
    LearningCurveData,
    Roadmap,
    fit_learning_curve,
    measure_learning_curve,
    milestone_probabilities,
    probability_at_least,
)
from .screening import USE_COLUMNS, mandate_proposals, screen_ai_uses
from .weekly_accuracy import WeeklyOutcomes, simulate_weekly_accuracy

__all__ = [
    "BreakEven",
    "break_even",
    "BusinessCase",
    "ROIResult",
    "churn_from_latency",
    "Sensitivity",
    "sensitivity",
    "scenario_table",
    "WeeklyOutcomes",
    "simulate_weekly_accuracy",
    "Option",
    "OptionsComparison",
    "compare_options",
    "precision_at_recall",
    "LearningCurve",
    "fit_learning_curve",
    "LearningCurveData",
    "measure_learning_curve",
    "Roadmap",
    "milestone_probabilities",
    "probability_at_least",
    "RuleSet",
    "fit_rule_set",
    "ExplainabilityCost",
    "cost_of_explainability",
]
