"""Model metrics a PM can defend, and their translation into business numbers.

One accuracy number hides almost everything that matters. This package gives
the pieces that replace it:

* :func:`confusion` - the four counts (optionally weighted), with rates;
* :func:`wilson_interval` and :func:`classification_report` - precision,
  recall and F1 with intervals (Wilson, or a seeded bootstrap);
* :func:`threshold_sweep` - every metric at every threshold, in one pass;
* :func:`auc_interval` - ROC AUC with DeLong's interval;
* :func:`recall_by_segment` and :func:`high_risk_segment` - who the model
  misses;
* :func:`business_impact`, :func:`business_sweep` and
  :func:`cost_optimal_threshold` - false alarms per day, review hours per week,
  losses avoided and net value.

The package is split by idea: :mod:`.counts` (confusion matrix, threshold sweep),
:mod:`.metric_intervals` (precision/recall/F1 and AUC with intervals), :mod:`.alerts` (a fixed
alert budget), :mod:`.segments` (who the model misses) and :mod:`.business` (money and hours).

Argument names follow scikit-learn (``y_true``, ``y_pred``, ``y_score``,
``sample_weight``) so the two can be read side by side.
"""

from __future__ import annotations

from ..intervals import wilson_interval  # the kit's one Wilson interval (an Interval that unpacks as low, high)
from .alerts import flag_top
from .business import BusinessImpact, business_impact, business_sweep, cost_optimal_threshold
from .counts import ConfusionMatrix, confusion, threshold_sweep
from .metric_intervals import ClassificationReport, MetricWithInterval, auc_interval, classification_report
from .segments import high_risk_segment, recall_by_segment, reweight_to_production

__all__ = [
    "ConfusionMatrix",
    "confusion",
    "wilson_interval",
    "MetricWithInterval",
    "ClassificationReport",
    "classification_report",
    "threshold_sweep",
    "auc_interval",
    "flag_top",
    "recall_by_segment",
    "high_risk_segment",
    "BusinessImpact",
    "business_impact",
    "business_sweep",
    "cost_optimal_threshold",
    "reweight_to_production",
]
