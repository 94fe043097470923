"""Interview and job practice: the sarcasm case, model reports with red flags, team maturity.

* :func:`load_reviews`, :func:`sentiment_predictions` and :func:`metrics_by_slice`:
  the case of a sentiment model with high accuracy that misses sarcasm;
* :class:`ModelReport`, :func:`make_model_reports`, :func:`find_red_flags` and
  :func:`check_red_flags`: model reports built from the kit's own runs, some with
  planted problems, and an automatic checker for a learner's list of red flags;
* :data:`MATURITY_STATEMENTS` and :func:`score_team_maturity`: a self-assessment
  of how an AI team works, which scores itself;
* :data:`ROLE_POSTINGS`, :func:`check_role_flags` and :func:`score_roles`: fictional
  job postings and team interviews, their green and red flags and a stated rubric;
  :func:`check_publishable`: a checklist for publishing one of the kit's analyses.
"""

from __future__ import annotations

# Every name the single module held that anything uses, public (``__all__``) or not (``sarcasm_options``,
# ``NOISY_ROLLBACK_CHANCE``, ``MATURITY_LEVELS``, ``_rule_words`` ...), stays importable from here.
from .careers import (
    CAREER_FLAGS,
    POSITIONING,
    QUESTIONS_TO_ASK,
    ROLE_POSTINGS,
    RolePosting,
    check_role_flags,
    score_roles,
)
from .maturity import (
    FULL_POINTS_PRODUCTION_SHARE,
    MATURITY_LEVELS,
    MATURITY_STATEMENTS,
    MaturityScore,
    MaturityStatement,
    production_share_points,
    score_team_maturity,
)
from .publishing import check_publishable
from .reports import (
    NOISY_ROLLBACK_CHANCE,
    RED_FLAGS,
    ModelReport,
    _rule_words,
    check_red_flags,
    find_red_flags,
    make_model_reports,
    rollback_fire_chance,
)
from .sentiment import REVIEWS_FILE, load_reviews, sarcasm_options, sentiment_predictions
from .slices import metrics_by_slice

__all__ = [
    "load_reviews",
    "sentiment_predictions",
    "metrics_by_slice",
    "RED_FLAGS",
    "ModelReport",
    "find_red_flags",
    "check_red_flags",
    "make_model_reports",
    "rollback_fire_chance",
    "MaturityStatement",
    "MATURITY_STATEMENTS",
    "MaturityScore",
    "score_team_maturity",
    "POSITIONING",
    "CAREER_FLAGS",
    "QUESTIONS_TO_ASK",
    "RolePosting",
    "ROLE_POSTINGS",
    "check_role_flags",
    "score_roles",
    "check_publishable",
]
