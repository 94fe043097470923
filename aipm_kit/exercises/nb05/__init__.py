"""Exercises for notebook 05 (translate and communicate).

Every expected answer is computed from the objects the notebook passes to the
``bind_*`` functions, so changing a parameter changes the answer key with it.
Each ``bind_*`` is called right after the data its exercises need exists:

- :func:`bind_case` (section 1): a latency budget that keeps the payback date (decision);
- :func:`bind_options` (section 3): the option for a stated risk appetite (decision);
- :func:`bind_result` (section 5): the rollback line for a tolerated false-rollback rate (decision);
- :func:`bind_calls` (section 5): the trial call and the switch call, each on its intervals (decision);
- :func:`bind_f1` (section 7): an F1 gain priced from precision and recall, by hand;
- :func:`bind_mandate` (section 8): build, rule or drop for each proposed use (decision).
"""

from __future__ import annotations

from .appetite import bind_options
from .calls import _SWITCH, _TRIAL, CALLS, bind_calls  # noqa: F401
from .f1 import bind_f1
from .latency import bind_case, largest_latency
from .mandate import bind_mandate
from .note import NOTE_JARGON, rubric_note  # noqa: F401
from .rollback import bind_result

__all__ = ["bind_case", "bind_options", "bind_result", "bind_calls", "bind_f1", "bind_mandate", "largest_latency"]
