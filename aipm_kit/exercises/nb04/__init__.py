"""Exercises for notebook 04 (iterate, retrain, retire).

Every expected answer is computed from the objects the notebook passes to the ``bind_*``
functions, so it follows the notebook's parameters and seed. The two decision exercises take a
function the notebook defines (``monitor_gate`` and ``cadence_evidence``) and re-run it on the
learner's choice; exercise 4 turns a paired interval into two prices against a line set before looking (at the
estimate, and for the whole interval); exercise 5 sizes the guardrail.
"""

from __future__ import annotations

from .cadence import bind_cadence
from .guardrail import bind_plan
from .lineage import bind_lineage
from .monitor import bind_monitor
from .p_value import bind_traps
from .retire import bind_retire

#: the verdicts a gate of notebook 04 gives
VERDICTS = ("GO", "NO-GO", "NOT YET")

__all__ = [
    "VERDICTS",
    "bind_monitor",
    "bind_traps",
    "bind_cadence",
    "bind_plan",
    "bind_lineage",
    "bind_retire",
]
