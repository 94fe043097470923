"""The course's apps: the drift dashboard, its Voilà launcher, and the threshold explorer.

Each app is usable without ipywidgets (static figures, HTML, numbers) and, in a live kernel or Voilà,
as ipywidgets controls; bad input never reaches the user as a traceback. Modules, bottom up:

* :mod:`~aipm_kit.apps.dashboard_view`: the drift dashboard's choices (window sizes, statistics, the
  live views' order) and :class:`DashboardView`, what it shows for one choice of controls;
* :mod:`~aipm_kit.apps.dashboard_figures`: the dashboard's figures, PNG cache and HTML export;
* :mod:`~aipm_kit.apps.dashboard_widget`: its live ipywidgets controls;
* :mod:`~aipm_kit.apps.dashboard`: :class:`DriftDashboard`, its state, recomputation and tables;
* :mod:`~aipm_kit.apps.flights`: the dashboard on the 2013 NYC flights (notebook 12 and the app);
* :mod:`~aipm_kit.apps.voila`: the ``aipm dashboard`` command, which serves the app with Voilà;
* :mod:`~aipm_kit.apps.threshold_explorer`: one threshold's model view and business view (notebook 02).

The model's quality per period, which the dashboard draws, is a metric: :mod:`aipm_kit.periods`.
:mod:`aipm_kit.widgets` and :mod:`aipm_kit.widgets_threshold` still re-export every name they had.
``aipm_kit.apps.threshold_explorer`` is the module; the function is
``aipm_kit.apps.threshold_explorer.threshold_explorer`` (or ``aipm_kit.widgets_threshold.threshold_explorer``).
Names and modules load on first use, so importing one app does not import the others.
"""

from __future__ import annotations

from .._lazy import lazy_exports

_EXPORTS = {
    "GRANULARITIES": "dashboard_view",
    "PSI_RESAMPLES": "dashboard_view",
    "VIEWS": "dashboard_view",
    "DashboardView": "dashboard_view",
    "DriftDashboard": "dashboard",
    "DEFAULT_REFERENCE": "dashboard",
    "FLIGHT_FEATURES": "flights",
    "FLIGHT_MONITORED": "flights",
    "FLIGHT_UNITS": "flights",
    "ScoredFlights": "flights",
    "scored_flights": "flights",
    "flights_dashboard": "flights",
    "register_cli": "voila",
    "dashboard_notebook": "voila",
    "template_root": "voila",
    "check_address": "voila",
    "dashboard_url": "voila",
    "voila_command": "voila",
    "voila_env": "voila",
    "launch_dashboard": "voila",
    "threshold_figure": "threshold_explorer",
    "counted_review_hours": "threshold_explorer",
}
_MODULES = [
    "dashboard_view",
    "dashboard_figures",
    "dashboard_widget",
    "dashboard",
    "flights",
    "voila",
    "threshold_explorer",
]

__getattr__, __dir__ = lazy_exports(__name__, globals(), _EXPORTS, _MODULES)
