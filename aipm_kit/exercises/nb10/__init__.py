"""Exercises for notebook 10, the recommendation analyzer.

Each exercise is bound next to the section it practises, with the notebook's
own objects; every expected answer is computed from them at check time:

- :func:`aplt_by_hand` (by hand): the long-tail share of the incumbent's lists;
- :func:`ship_model` (decision): keep the incumbent, switch, or "not yet", on
  relative intervals against a margin (not "its interval reaches 0");
- :func:`name_boxes` (reading): the mechanism inside each black box;
- :func:`tail_slots_for_budget` (decision): how many long-tail slots reach an
  exposure goal without being shown to break an accuracy budget, on the sweep's intervals,
  or "not yet" when no count passes both lines on its interval;
- :func:`exposure_by_hand` (by hand): position-discounted long-tail exposure;
- :func:`read_online_result` (decision): ship, stop or not yet on an online
  test's two lines, each on its whole interval.
"""

from __future__ import annotations

from .boxes import SIGNATURES, box_mechanisms, name_boxes
from .long_tail import aplt_by_hand, exposure_by_hand
from .online import online_scenario, read_online_result
from .ship import ship_model
from .tail_slots import tail_slots_for_budget

__all__ = [
    "SIGNATURES",
    "aplt_by_hand",
    "box_mechanisms",
    "exposure_by_hand",
    "name_boxes",
    "online_scenario",
    "read_online_result",
    "ship_model",
    "tail_slots_for_budget",
]
