"""Exercises for notebook 06 (interview practice).

Expected answers are computed from what the notebook passes to the ``bind_*``
functions, at check time; the decision exercises re-run the notebook's own
functions (``held_out_options``, ``route_gate``) or the kit's
(:func:`~aipm_kit.interview.rollback_fire_chance`,
:func:`~aipm_kit.interview.score_team_maturity`) on the learner's answer, so
every answer the evidence supports is accepted.
"""

from __future__ import annotations

from .break_even import bind_options
from .career import BACKGROUND_STAGE, bind_career
from .discussion import SHIP_CALLS, bind_discussion
from .gate import STATUS_WORDS, VERDICTS, _margins, _misses_to_not_yet, bind_gate  # noqa: F401
from .maturity import bind_maturity
from .recommend import bind_recommend
from .reports import bind_reports
from .wilson import bind_case

__all__ = [
    "BACKGROUND_STAGE",
    "SHIP_CALLS",
    "STATUS_WORDS",
    "VERDICTS",
    "bind_career",
    "bind_case",
    "bind_discussion",
    "bind_gate",
    "bind_maturity",
    "bind_options",
    "bind_recommend",
    "bind_reports",
]
