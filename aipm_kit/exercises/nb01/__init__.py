"""Exercises for notebook 01 (should we use AI at all?).

``bind(payments=..., train=..., test=..., history=...)`` returns ``q1`` (choose the fraud target's horizon,
on older months whose chargebacks are all in) and ``q2``; ``bind_retraining(wait_days=..., need=..., months=...)``
returns ``q3`` (the earliest retraining day on which the label line passes, by hand),
``bind_variant(gap=..., gap_interval=...)`` returns ``q4`` (choose the model variant on validation rows),
``bind_hand_rule(test=...)`` returns ``q5`` (a Wilson interval by hand), ``bind_break_even(...)`` returns ``q6`` (the
cut that would pay for the model, by hand) and ``bind_gate(criteria=...)`` returns ``q7`` (take gate 1: call each line
from its intervals, then choose the next step). Every expected answer is
computed from what is passed in, at check time.
"""

from __future__ import annotations

from .break_even import bind_break_even
from .gate import NEXT_STEPS, bind_gate
from .hand_rule import bind_hand_rule
from .horizon import HORIZONS, MAX_MISLABELLED_SHARE, bind
from .retraining import bind_retraining
from .variant import VARIANTS, bind_variant

__all__ = [
    "HORIZONS",
    "MAX_MISLABELLED_SHARE",
    "bind",
    "bind_retraining",
    "VARIANTS",
    "bind_variant",
    "bind_hand_rule",
    "NEXT_STEPS",
    "bind_gate",
    "bind_break_even",
]
