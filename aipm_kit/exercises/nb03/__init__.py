"""Exercises for notebook 03 (deploy with monitoring and rollback).

Six binds, each called right after the data it needs exists, so every expected
answer is computed from the notebook's own run, at check time:

- ``bind_skew(served_log=..., raw_events=..., features=...)`` returns ``q1`` (by hand: compare every
  logged feature with training's, find the one that differs, the share of requests and its shift);
- ``bind_owner()`` returns ``q2`` (decision: who may switch the model off alone, and who is told
  the same day);
- ``bind_rollout(...)`` returns ``q3`` (decision: other rollout stages, and whether the
  staged plan's exposure stays under the plan's line on its interval);
- ``bind_psi(reference=..., current=...)`` returns ``q4`` (by hand: the PSI of one
  input in a few lines of numpy, compared with :func:`aipm_kit.drift.psi`);
- ``bind_floor(...)`` returns ``q5`` (decision: how many false rollbacks to tolerate, the
  floor that allows, and whether it catches a real drop often enough);
- ``bind_update(facts=...)`` returns ``q6`` (decision, with a rubric: the stakeholder update after
  the rise in missed fraud, its three parts, its numbers matching the replay, no jargon, and the
  number its next experiment is judged on, picked from shown options).
"""

from __future__ import annotations

from ._common import VERDICTS
from .owner import ACTS_ALONE_OK, MUST_BE_TOLD, ROLES, bind_owner
from .psi_by_hand import bind_psi
from .rollback_floor import bind_floor, product_interval
from .rollout import bind_rollout
from .rubric import JARGON, PARTS, numbers_in, rubric_update
from .skew import SERVICE_CLOCK_OFFSET_HOURS, bind_skew, service_features
from .update import JUDGED_ON, JUDGED_ON_RIGHT, bind_update

__all__ = [
    "VERDICTS",
    "SERVICE_CLOCK_OFFSET_HOURS",
    "service_features",
    "bind_skew",
    "ROLES",
    "ACTS_ALONE_OK",
    "MUST_BE_TOLD",
    "bind_owner",
    "bind_rollout",
    "bind_psi",
    "product_interval",
    "bind_floor",
    "JARGON",
    "PARTS",
    "numbers_in",
    "rubric_update",
    "JUDGED_ON",
    "JUDGED_ON_RIGHT",
    "bind_update",
]
