"""One look for every figure in the kit.

The palette is Okabe-Ito (colour-blind safe). :func:`finish` enforces the
kit's figure rules: a title that states the finding, labelled axes with
units, and a one-line takeaway under the plot.

Modules, one idea each (every name is importable from :mod:`aipm_kit.plots` itself):

* :mod:`~aipm_kit.plots.base`: the style, :func:`figure` and :func:`finish`;
* :mod:`~aipm_kit.plots.scale`: the drift figures' colour scale (:class:`DriftScale`, :func:`drift_scale`);
* :mod:`~aipm_kit.plots.period_axis`: tick text for an axis of calendar periods;
* :mod:`~aipm_kit.plots.heatmap`: the feature x period drift heatmap, as a figure
  (:func:`drift_heatmap`) and as an HTML table (:func:`drift_heatmap_html`);
* :mod:`~aipm_kit.plots.report_heatmap`: the column x statistic heatmap of a drift report
  (:func:`drift_report_heatmap`);
* :mod:`~aipm_kit.plots.panel`: a figure kept between updates, the base of the live panels;
* :mod:`~aipm_kit.plots.distribution`: reference and current distributions overlaid
  (:class:`DistributionPanel`, :func:`distribution_overlay`);
* :mod:`~aipm_kit.plots.performance`: a model metric per period (:class:`PerformancePanel`,
  :func:`performance_over_time`);
* :mod:`~aipm_kit.plots.business_case`: the business case's figures, each taking a planning result
  (:func:`break_even`, the cumulative net position; :func:`tornado`, the sensitivity chart).
"""

from __future__ import annotations

# the colours live in aipm_kit.palette; plots.PALETTE, plots.GOOD, plots.BAD ... are re-exported from there
from ..palette import ACCENT, BAD, BLACK, GOOD, MUTED, NEUTRAL, PALETTE, WHITE
from .base import _mix, figure, finish, use_style

# the business case's figures (notebook 05; see aipm_kit.planning): each takes the result planning returned
from .business_case import break_even, tornado

# --------------------------------------------------------------------------------------------------
# drift figures (notebook 12 and the drift dashboard; see aipm_kit.drift and aipm_kit.widgets)
#
# The distribution and performance figures are small classes that keep their artists and change
# their data in place, so the live dashboard redraws one figure in tens of milliseconds; the plain
# functions (distribution_overlay, performance_over_time) draw one fresh copy with the same class.
# The heatmap is drawn twice over one colour scale: a matplotlib figure for the notebook and the
# exports, a coloured HTML table for the live dashboard.
from .distribution import DistributionPanel, distribution_overlay
from .heatmap import drift_heatmap, drift_heatmap_html
from .performance import PerformancePanel, performance_over_time
from .report_heatmap import drift_report_heatmap
from .scale import DriftScale, drift_scale
