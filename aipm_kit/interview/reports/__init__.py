"""Model reports and their red flags: the reports built from the kit's runs, and the checker.

:data:`RED_FLAGS` names the problems a reviewer looks for; :class:`ModelReport` is a report as a team
might circulate it, with the facts a reviewer can check; :func:`find_red_flags` decides the flags from
those facts (:func:`rollback_fire_chance` judges a rollback rule's false alarms) and
:func:`check_red_flags` compares a learner's list with them; :func:`make_model_reports` builds four
reports from the kit's own simulated runs and reviews, each with planted problems.
"""

from __future__ import annotations

# Every name the single module held that anything uses stays importable from here (``_rule_words`` too).
from .from_runs import _rule_words, make_model_reports
from .red_flags import RED_FLAGS, check_red_flags, find_red_flags
from .report import NOISY_ROLLBACK_CHANCE, ModelReport, rollback_fire_chance

__all__ = [
    "RED_FLAGS",
    "NOISY_ROLLBACK_CHANCE",
    "ModelReport",
    "rollback_fire_chance",
    "find_red_flags",
    "check_red_flags",
    "make_model_reports",
    "_rule_words",
]
