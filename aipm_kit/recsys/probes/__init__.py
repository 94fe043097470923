"""Behavioural probes: learn what a recommender does by poking it, not by reading it.

- :func:`synthetic_users`: seeded made-up users with an obvious taste (a
  horror-only fan, a one-rating newcomer, a blockbuster lover), and
  :func:`probe_users` to see what each recommender gives them.
- :func:`one_rating_perturbation`: add one 5-star rating to real users and
  count how often their list changes (stability, and a mechanism's tell).
- :func:`feedback_loop`: users accept their top recommendations for several
  rounds and the model is refitted on what they "watched": do histories
  converge, does popularity concentrate?
- :func:`black_boxes`: wrap fitted models as anonymous, shuffled boxes for the
  reverse-engineering exercise.
"""

from __future__ import annotations

# The code lives in sub-modules, one idea each; every name is re-exported here, so
# ``from aipm_kit.recsys.probes import probe_users`` works as before:
#   boxes         BlackBox and black_boxes (the lowest: the probes unwrap a BlackBox)
#   synthetic     PROFILES, synthetic_users, probe_users and ProbeResult
#   perturbation  one_rating_perturbation and PerturbationResult
#   feedback      feedback_loop, position_choice and FeedbackLoopResult
from .boxes import BlackBox, black_boxes
from .feedback import FeedbackLoopResult, feedback_loop, position_choice
from .perturbation import PerturbationResult, one_rating_perturbation
from .synthetic import PROFILES, ProbeResult, probe_users, synthetic_users

__all__ = [
    "PROFILES",
    "synthetic_users",
    "ProbeResult",
    "probe_users",
    "PerturbationResult",
    "one_rating_perturbation",
    "FeedbackLoopResult",
    "position_choice",
    "feedback_loop",
    "BlackBox",
    "black_boxes",
]
