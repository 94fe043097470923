"""Run a model in production without flying blind: shadow runs, dashboards, rules, rollout, logs.

The pieces, in the order a launch uses them:

* :func:`shadow_comparison`: incumbent and candidate decide on the same live
  traffic; their precision and recall are recomputed as chargeback labels
  arrive, so you can see how far an early read is from the final one.
* :func:`monitoring_metrics`: the numbers a dashboard shows per hour or day
  (volume, latency p50/p95, error rate, alert precision, an input drift
  score, a business KPI); :func:`dashboard_figure` draws them and
  :func:`dashboard_widget` makes them interactive.
* :class:`Rule` and :func:`replay_rules`: alert and rollback rules as data,
  replayed on a logged stream to see when each would have fired;
  :func:`fallback_effect` prices a fallback switched on at that moment and
  :func:`rule_outcomes` prices every firing of every rule.
* :class:`FallbackRouter` and :func:`rollback_drill`: a serving switch and a
  drill that proves the fallback path really answers every request.
* :func:`simulate_rollout`: how many users a bad model reaches under a staged
  rollout (5% -> 25% -> 50% -> 100%) versus a big-bang launch.
* :func:`retraining_cadence`: how often to retrain, from a measured decay curve.
* :func:`feature_skew`: training-serving skew, the features a service logged
  against the same features recomputed from the raw events.
* :data:`PREDICTION_LOG_SCHEMA`, :func:`prediction_log`,
  :func:`write_prediction_log` and :func:`reproduce_prediction`: a log from
  which any past prediction can be recomputed exactly.

Modules, one idea each (every name above is importable from :mod:`aipm_kit.monitoring` itself):

* :mod:`~aipm_kit.monitoring.shadow`: the shadow run (:func:`shadow_comparison`);
* :mod:`~aipm_kit.monitoring.metrics`: the dashboard's numbers (:func:`monitoring_metrics`);
* :mod:`~aipm_kit.monitoring.dashboard`: the figure and the interactive view (:func:`dashboard_figure`,
  :func:`dashboard_widget`, :data:`METRIC_LABELS`); it draws, so it sits in the presentation layer
  and is loaded only when one of its names is first used;
* :mod:`~aipm_kit.monitoring.rules`: alert and rollback rules and their replay;
* :mod:`~aipm_kit.monitoring.fallback`: pricing the fallback, the router and the rollback drill;
* :mod:`~aipm_kit.monitoring.rollout`: staged rollout against big bang;
* :mod:`~aipm_kit.monitoring.retraining`: the retraining cadence;
* :mod:`~aipm_kit.monitoring.logs`: the prediction log, reproduction and training-serving skew.
"""

from __future__ import annotations

from .._lazy import lazy_exports
from .fallback import DrillResult, FallbackEffect, FallbackRouter, fallback_effect, rollback_drill, rule_outcomes
from .logs import (
    PREDICTION_LOG_SCHEMA,
    Reproduction,
    check_prediction_log,
    feature_skew,
    prediction_log,
    read_prediction_log,
    reproduce_prediction,
    write_prediction_log,
)
from .metrics import monitoring_metrics
from .retraining import retraining_cadence
from .rollout import RolloutResult, simulate_rollout
from .rules import ACTIONS, ReplayResult, Rule, replay_rules, rules_from_records, rules_table
from .shadow import shadow_comparison

# The dashboard draws (presentation layer): a domain package may not import it, so its names are bound late.
_EXPORTS = {"METRIC_LABELS": "dashboard", "dashboard_figure": "dashboard", "dashboard_widget": "dashboard"}
_MODULES = ["dashboard"]

__getattr__, _lazy_dir = lazy_exports(__name__, globals(), _EXPORTS, _MODULES)


def __dir__():
    return sorted(set(globals()) | set(_lazy_dir()))
