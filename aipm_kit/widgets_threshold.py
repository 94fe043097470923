"""The old path of the threshold explorer, kept so that ``from aipm_kit.widgets_threshold import ...`` works.

The code, and what it draws, is in :mod:`aipm_kit.apps.threshold_explorer`; this module re-exports every name it
had.
"""

from __future__ import annotations

# Every name the module had, the private helper too.
# ruff: noqa: F401
from .apps.threshold_explorer import (
    _note_in_quiet_corner,
    counted_review_hours,
    threshold_explorer,
    threshold_figure,
)

__all__ = ["threshold_figure", "threshold_explorer", "counted_review_hours"]
