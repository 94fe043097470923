"""Seeded synthetic businesses whose ground truth is known.

Public data never tells you which fraud went uncaught, when a label will
arrive, or the exact day the world changed. A simulation does, so the lessons
that need that truth use :func:`make_payments`.

The payments stream
-------------------
One row per card or transfer transaction over ``months`` months. Fraud follows
a non-linear pattern (new accounts moving large sums, night-time purchases of
resellable digital goods, card testing with tiny amounts, app transfers from
young accounts), so the hand rule "flag transfers over $5,000 from accounts
younger than 30 days" (:func:`hand_rule`) catches a real but partial share and
a learned model can do better.

Columns
    ``transaction_id``, ``timestamp`` (UTC), ``month`` (1-based month of the
    horizon), ``amount`` (USD), ``account_age_days``, ``merchant_category``,
    ``channel``, ``hour``, ``segment``; truth: ``is_fraud``; what the business
    sees: ``caught`` (the fraud ever charged back), ``label_available_at``
    (when that chargeback arrives; NaT for everything else) and
    ``label_observed`` (the final label once every chargeback is in);
    serving: ``latency_ms`` and ``model_error``.

The planted events (drift and the serving incident) are described by
``frame.attrs["scenario"]``, a :class:`ScenarioTruth`.

Modules, one idea each (every name is importable from :mod:`aipm_kit.scenarios` itself):

- :mod:`~aipm_kit.scenarios.payments`: the generator (:func:`make_payments`), its
  categories and knobs, and :class:`ScenarioTruth`;
- :mod:`~aipm_kit.scenarios.views`: the stream as the business meets it: labels known
  at a date (:func:`labels_as_of`), features with a serving bug
  (:func:`serving_features`), the split by month (:func:`split_by_time`);
- :mod:`~aipm_kit.scenarios.alerts`: fraud alerts: the hand rule, scoring alerts
  against the truth (:func:`alert_outcome`) and tuning the rule within an alert
  budget (:func:`tune_hand_rule`).
"""

from __future__ import annotations

from .alerts import AlertOutcome, RuleChoice, alert_outcome, hand_rule, tune_hand_rule
from .payments import (
    CATEGORICAL_FEATURES,
    CATEGORIES,
    CATEGORY_MIX,
    CHANNEL_MIX,
    CHANNELS,
    DRIFT_KINDS,
    FEATURES,
    MAX_DRIFT_STRENGTH,
    MAX_LABEL_DELAY_DAYS,
    MAX_SEASONALITY,
    MAX_TRANSACTIONS,
    SEASON_CATEGORY_TILT,
    SEGMENT_MIX,
    SEGMENTS,
    ScenarioTruth,
    make_payments,
)
from .views import labels_as_of, serving_features, split_by_time
