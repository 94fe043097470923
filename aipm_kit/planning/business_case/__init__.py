"""Break-even and the business case: what a model gain is worth in money, and which assumption moves it.

Holds :func:`break_even` (months until the upfront cost is paid back), :class:`BusinessCase` (conversions
gained from accuracy against users lost to added latency, through an explicit, editable
:func:`churn_from_latency` curve), :func:`sensitivity` (one assumption at a time: the tornado chart) and
:func:`scenario_table` (conservative / expected / optimistic side by side). The results hold numbers only:
their figures are drawn by :func:`aipm_kit.plots.break_even` and :func:`aipm_kit.plots.tornado`.

Modules, one idea each (every name is importable from here): :mod:`~aipm_kit.planning.business_case.payback`
(break-even), :mod:`~aipm_kit.planning.business_case.case` (the assumptions, the latency churn curve, the ROI
and the scenario table) and :mod:`~aipm_kit.planning.business_case.sensitivity_analysis` (one assumption at
a time).
"""

from __future__ import annotations

from .case import DEFAULT_LATENCY_CHURN, BusinessCase, ROIResult, churn_from_latency, scenario_table
from .payback import BreakEven, break_even
from .sensitivity_analysis import Sensitivity, sensitivity

__all__ = [
    "BreakEven",
    "break_even",
    "DEFAULT_LATENCY_CHURN",
    "BusinessCase",
    "ROIResult",
    "churn_from_latency",
    "scenario_table",
    "Sensitivity",
    "sensitivity",
]
