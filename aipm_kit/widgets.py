"""The drift dashboard: inputs drifting over time beside the model they feed.

:class:`DriftDashboard` holds everything the dashboard shows and recomputes
it from counts prepared once (:class:`aipm_kit.drift.PeriodHistograms` per
month and per week, and the model's performance per period), so a change of
window, statistic or threshold costs milliseconds, not a pass over the rows.
It works without ipywidgets (:meth:`DriftDashboard.update`,
:meth:`DriftDashboard.figures`, :meth:`DriftDashboard.to_html`), which is what
the notebook's static figures and the tests use; :meth:`DriftDashboard.widget`
wraps it in ipywidgets controls for a live kernel or Voilà. The live views
redraw only what a change touches, and draw fast: the heatmap is a coloured
HTML table, the two figures keep their artists and change them in place.

:func:`flights_dashboard` builds it on the 2013 NYC flights scored by the
kit's logistic regression trained on the first quarter (notebook 12 and the
app share :func:`scored_flights`). ``aipm dashboard`` serves the app notebook
``notebooks/apps/drift_dashboard.ipynb`` with Voilà (see :func:`register_cli`).

Bad input never reaches the user as a traceback: an empty window, a feature
with no values in a window, or a threshold outside the statistic's range sets
:attr:`DriftDashboard.message` and the widget shows it in place of the stale
view.

The code lives in :mod:`aipm_kit.apps` (the dashboard in ``apps.dashboard_view``,
``apps.dashboard_figures``, ``apps.dashboard_widget`` and ``apps.dashboard``; the flights in
``apps.flights``; the command in ``apps.voila``) and :func:`performance_by_period` in
:mod:`aipm_kit.periods`. This module re-exports every name it had, so
``from aipm_kit.widgets import flights_dashboard`` and ``aipm dashboard`` (registered from here)
work as before.
"""

from __future__ import annotations

# Every name the module had: the public ones (__all__) and the private ones code may have reached here.
# ruff: noqa: F401
from .apps.dashboard import DriftDashboard
from .apps.dashboard_view import (
    _MEASURE,
    _STAT_OPTIONS,
    GRANULARITIES,
    PSI_RESAMPLES,
    VIEWS,
    DashboardView,
)
from .apps.dashboard_widget import _DashboardWidget
from .apps.flights import (
    FLIGHT_FEATURES,
    FLIGHT_MONITORED,
    FLIGHT_UNITS,
    ScoredFlights,
    flights_dashboard,
    scored_flights,
)
from .apps.voila import (
    _PAGE_EXTENSIONS,
    _TEMPLATE,
    _port_free,
    check_address,
    dashboard_notebook,
    dashboard_url,
    launch_dashboard,
    register_cli,
    template_root,
    voila_command,
    voila_env,
)
from .periods import performance_by_period

__all__ = [
    "GRANULARITIES",
    "VIEWS",
    "DashboardView",
    "DriftDashboard",
    "performance_by_period",
    "FLIGHT_FEATURES",
    "FLIGHT_MONITORED",
    "FLIGHT_UNITS",
    "ScoredFlights",
    "scored_flights",
    "flights_dashboard",
    "register_cli",
    "dashboard_notebook",
    "launch_dashboard",
    "voila_command",
    "voila_env",
    "check_address",
]
