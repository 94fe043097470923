"""Exercises for notebook 00 (orientation).

Each bind is called right after the data it needs exists, so every
expected answer is computed from the notebook's own run, at check time:

- ``bind_accuracy(right=..., change_at=..., max_false_alarm_rise=...)`` returns ``q1`` (by hand: the
  90% Wilson interval of the accuracy) and ``q2`` (decision: a churn threshold, what it does to
  the churners caught and to the stayers flagged by mistake against the current threshold, each read off its
  90% paired interval, and the call: adopt it, keep the current one, or not yet, by a rule fixed before looking);
- ``bind_drift(alert_value=..., alert_rate=...)`` returns ``q3`` (decision: a higher alert
  rate after the drift, priced: the simulated fraud dollars the extra alerts stop against the
  extra review cost, decided on the net's 90% interval);
- ``bind_labels(payments=..., mature_after_days=...)`` returns ``q5`` (by hand: the days until 90% of the
  simulated chargebacks have arrived, set beside the fraud team's cut and the simulator's mean delay; it
  practises section 2's label delay, so it sits at its end);
- ``bind_learning(segments_at=..., n_segments=..., line=...)`` returns ``q6`` (decision: choose a usage
  segment, found without labels, on the training customers' churn rates, and say on its held-out 90% Wilson
  interval whether it could carry a segment-wide retention offer);
- ``bind_jobs(...)`` returns ``q4`` (decision: the clause about the churn model a PM lets into a
  client's contract: expectation management; it practises section 1, so it sits at its end).
"""

from __future__ import annotations

from ._common import pts, word_on_interval
from .accuracy import CALLS, FALSE_ALARM_WORDS, RECALL_WORDS, bind_accuracy
from .contract import bind_jobs
from .drift import VALUE_VERDICTS, bind_drift
from .label_delay import bind_labels, chargeback_delays
from .segments import SEGMENT_VERDICTS, bind_learning, segment_verdict

__all__ = [
    "RECALL_WORDS",
    "FALSE_ALARM_WORDS",
    "CALLS",
    "pts",
    "word_on_interval",
    "VALUE_VERDICTS",
    "bind_accuracy",
    "bind_drift",
    "SEGMENT_VERDICTS",
    "segment_verdict",
    "chargeback_delays",
    "bind_labels",
    "bind_learning",
    "bind_jobs",
]
