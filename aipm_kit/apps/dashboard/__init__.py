"""The drift dashboard: inputs drifting over time beside the model they feed, recomputed in milliseconds.

:class:`DriftDashboard` holds the dashboard's state (its windows, statistic, threshold and features),
recomputes a :class:`~aipm_kit.apps.dashboard_view.DashboardView` from counts prepared once, judges
PSI on its 95% interval, and gives the ranked table, the HTML export and the live widget. Bad input
sets :attr:`DriftDashboard.message` instead of raising. Its figures come from
:class:`~aipm_kit.apps.dashboard_figures._DashboardFigures`, its live controls from
:mod:`aipm_kit.apps.dashboard_widget`.
"""

from __future__ import annotations

# Every name the module had.
# ruff: noqa: F401
from .state import DEFAULT_REFERENCE, DriftDashboard

__all__ = ["DriftDashboard", "DEFAULT_REFERENCE"]
