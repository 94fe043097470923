"""Exercises for notebook 13 (evaluating a tool-using agent).

Each exercise is built where the notebook has its data: ``pass_hat_by_hand`` (pass^k of one task
from its trials), ``fix_first`` (which failure kind to fix first, priced), ``business_k`` (which
measure and k the release gate holds the agent to) and ``ship_call`` (ship the candidate, keep the
incumbent, hand the requests to people, or not yet). Every expected answer is computed from the
notebook's own run at check time.
"""

from __future__ import annotations

from .failure_kinds import fix_first, fix_first_ties
from .pass_k import business_k, k_of, pass_hat_by_hand
from .ship import SHIP_OPTIONS, ship_call

__all__ = ["pass_hat_by_hand", "fix_first", "fix_first_ties", "business_k", "ship_call", "SHIP_OPTIONS", "k_of"]
