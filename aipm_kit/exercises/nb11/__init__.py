"""Exercises for notebook 11 (the evaluation harness).

Each exercise is built where the notebook has its data (``non_inferiority_margin`` before any
comparison is on screen, ``mcnemar_by_hand``, ``kappa_by_hand``, ``release_bar``); every expected
answer is computed from the notebook's run at check time.
"""

from __future__ import annotations

from .by_hand import kappa_by_hand, mcnemar_by_hand
from .judge import judge_lean, judge_lean_gap, kappa_labels_needed, lean_corrected_mover, lean_line_cases
from .pricing import breakeven_pass_rate, margin_cost, non_inferiority_margin, release_bar, widest_margin
from .prompts import ship_prompt

__all__ = [
    "mcnemar_by_hand",
    "kappa_by_hand",
    "release_bar",
    "non_inferiority_margin",
    "ship_prompt",
    "widest_margin",
    "margin_cost",
    "breakeven_pass_rate",
    "judge_lean",
    "judge_lean_gap",
    "lean_corrected_mover",
    "lean_line_cases",
    "kappa_labels_needed",
]
