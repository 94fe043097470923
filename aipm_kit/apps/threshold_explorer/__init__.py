"""The threshold explorer: the model view and the business view of one threshold, side by side.

:func:`threshold_figure` draws the static version (it renders anywhere,
including on GitHub and in the course site); :func:`threshold_explorer` wraps
it in ipywidgets sliders for a live kernel: move the threshold or the unit
costs and watch precision and recall on the left, false alarms, review hours
and net value on the right. Without a kernel the explorer shows the figure of
its starting point (see :mod:`aipm_kit.liveview`).
"""

from __future__ import annotations

# Every name the module had, the private helper too.
# ruff: noqa: F401
from .figure import threshold_figure
from .hours import counted_review_hours
from .notes import _note_in_quiet_corner
from .sliders import threshold_explorer

__all__ = ["threshold_figure", "threshold_explorer", "counted_review_hours"]
