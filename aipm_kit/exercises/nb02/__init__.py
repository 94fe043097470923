"""Exercises for notebook 02 (data, labels and success metrics).

Each is bound right after the data it needs exists; every expected answer is computed from the
notebook's own data at check time::

    q1 = nb02.bind_label_wait(waits={30: (0.73, 0.66, 0.79), ...})                # section 1
    q2 = nb02.bind_agreement(messages=messages)                                   # section 2
    q3 = nb02.bind_memo(y_test=y_ev, sample_weight=w_ev, reweighted=(0.49, 0.2, 1.0),
                        production=(0.75, 0.64, 0.86))                          # section 3
    q4 = nb02.bind_threshold(evidence=threshold_evidence, capacity_hours=120.0)   # section 4
    q5, q6 = nb02.bind_fairness(hmda_pred=deny_pred, hmda_group=hmda["race"],
                                four_fifths_at=four_fifths_at)                       # section 5
    q7 = nb02.bind_gate(criteria={"hours": ("review hours", 2.4, None, "<=", 4.8, "{:.1f}"), ...})  # section 6
    q8 = nb02.bind_audit_plan(unlabelled=1_600, fraud_rate=0.02, caught=67, target=0.2,
                              hours_of=audit_hours_of, hours_free=21.0,
                              part="top-quartile amounts")                                # section 6

``evidence(threshold)`` returns a mapping with ``"review hours a week (estimated)"``,
``"net value a day"``, ``"low"`` and ``"high"`` (the net value's 95% interval);
``hours_of(size)`` gives the review hours a week an audit of ``size`` a month takes.

:func:`choose_threshold` is the kit's threshold rule, kept here so the notebook can use it before Exercise 4
without showing it.
"""

from __future__ import annotations

from .agreement import bind_agreement
from .audit_plan import bind_audit_plan
from .four_fifths import bind_fairness
from .gate import GATE_STEPS, bind_gate
from .label_wait import bind_label_wait
from .memo import bind_memo
from .threshold import EDGE_KEYS, bind_threshold, choose_threshold

__all__ = [
    "bind_label_wait",
    "bind_agreement",
    "bind_memo",
    "EDGE_KEYS",
    "bind_threshold",
    "bind_fairness",
    "bind_audit_plan",
    "GATE_STEPS",
    "bind_gate",
    "choose_threshold",
]
