"""Labelling effort: the plan as usually written, and the hours the work really takes.

:func:`labelling_effort` adds the ramp-up, calibration rounds, adjudication, re-labelling and
quality review to the naive plan and returns a :class:`LabellingEstimate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .._checks import check_positive_int, check_probability
from ._common import _amount


@dataclass(frozen=True)
class LabellingEstimate:
    """The labelling plan as usually written, and what it really takes."""

    planned_hours: float
    realistic_hours: float
    breakdown: pd.DataFrame = field(repr=False)

    @property
    def ratio(self) -> float:
        return self.realistic_hours / self.planned_hours

    def to_frame(self) -> pd.DataFrame:
        return self.breakdown.copy()

    def __repr__(self) -> str:
        return (
            f"LabellingEstimate: planned {self.planned_hours:,.1f} h, realistic "
            f"{self.realistic_hours:,.1f} h ({self.ratio:.1f}x the plan)"
        )


def labelling_effort(
    n_items: int,
    *,
    seconds_per_item: float = 20.0,
    n_annotators: int = 3,
    disagreement_rate: float = 0.3,
    adjudication_minutes: float = 3.0,
    guideline_rounds: int = 2,
    calibration_items: int = 50,
    meeting_hours: float = 1.0,
    ramp_up_items: int = 100,
    ramp_up_slowdown: float = 2.0,
    relabel_share: float = 0.15,
    qa_share: float = 0.1,
) -> LabellingEstimate:
    """Estimate labelling hours: the naive plan versus the work that really happens.

    The plan is ``n_items x n_annotators x seconds_per_item``. The work adds:
    a slower start while annotators learn the guideline (the first
    ``ramp_up_items`` take ``ramp_up_slowdown`` times as long); calibration
    rounds (every annotator labels ``calibration_items`` items, then the team
    meets for ``meeting_hours``); adjudication of the ``disagreement_rate``
    of items an expert settles; re-labelling the ``relabel_share`` of items
    touched by guideline changes; and quality review of ``qa_share`` of the
    labels.

    Examples
    --------
    >>> est = labelling_effort(300)
    >>> round(est.planned_hours, 2)
    5.0
    >>> 2 < est.ratio < 6
    True
    """
    n = check_positive_int(n_items, "n_items")
    sec = _amount(seconds_per_item, "seconds_per_item")
    if sec == 0:
        raise ValueError("seconds_per_item must be > 0")
    k = check_positive_int(n_annotators, "n_annotators")
    dis = check_probability(disagreement_rate, "disagreement_rate")
    adj = _amount(adjudication_minutes, "adjudication_minutes")
    rounds = check_positive_int(guideline_rounds, "guideline_rounds", minimum=0)
    cal = check_positive_int(calibration_items, "calibration_items", minimum=0)
    meet = _amount(meeting_hours, "meeting_hours")
    ramp = min(check_positive_int(ramp_up_items, "ramp_up_items", minimum=0), n)
    slow = _amount(ramp_up_slowdown, "ramp_up_slowdown")
    if slow < 1:
        raise ValueError(f"ramp_up_slowdown must be >= 1 (a learner is not faster), got {slow}")
    relabel = check_probability(relabel_share, "relabel_share")
    qa = check_probability(qa_share, "qa_share")

    labelling = n * k * sec / 3600
    parts = {
        "labelling, as planned": labelling,
        "slower start while learning the guideline": ramp * k * sec * (slow - 1) / 3600,
        "calibration rounds (labelling + meetings)": rounds * (cal * k * sec / 3600 + meet * (k + 1)),
        "adjudicating disagreements": n * dis * adj / 60,
        "re-labelling after guideline changes": relabel * labelling,
        "quality review": qa * labelling * 1.5,
    }
    breakdown = pd.DataFrame({"hours": pd.Series(parts)})
    breakdown["share"] = breakdown["hours"] / breakdown["hours"].sum()
    breakdown.index.name = "activity"
    return LabellingEstimate(
        planned_hours=labelling, realistic_hours=float(breakdown["hours"].sum()), breakdown=breakdown
    )
