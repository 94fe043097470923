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
    """The labelling plan as usually written, and what it really takes.

    Built by :func:`labelling_effort`. ``ratio`` is the realistic hours over the planned ones;
    ``to_frame()`` returns the breakdown.

    Parameters
    ----------
    planned_hours : float
        The naive plan: items x annotators x seconds per item, in hours.
    realistic_hours : float
        The hours the work really takes.
    breakdown : pandas.DataFrame
        Hours (and share of the total) by activity.

    Examples
    --------
    >>> import pandas as pd
    >>> estimate = LabellingEstimate(5.0, 20.0, pd.DataFrame({"hours": [5.0, 15.0]}, index=["plan", "the rest"]))
    >>> estimate
    LabellingEstimate: planned 5.0 h, realistic 20.0 h (4.0x the plan)
    >>> estimate.ratio
    4.0
    """

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

    Parameters
    ----------
    n_items : int
        Items to label (>= 1).
    seconds_per_item : float, default 20.0
        Seconds one annotator takes per item once up to speed (> 0).
    n_annotators : int, default 3
        Annotators who label every item (>= 1).
    disagreement_rate : float, default 0.3
        Share of items an expert adjudicates, in [0, 1].
    adjudication_minutes : float, default 3.0
        Minutes the expert takes per adjudicated item (>= 0).
    guideline_rounds : int, default 2
        Calibration rounds before the real work (>= 0).
    calibration_items : int, default 50
        Items every annotator labels in each calibration round (>= 0).
    meeting_hours : float, default 1.0
        Length of each round's meeting, attended by the annotators and the expert (>= 0).
    ramp_up_items : int, default 100
        Items labelled slowly while learning the guideline (>= 0; at most ``n_items`` count).
    ramp_up_slowdown : float, default 2.0
        How many times as long those items take (>= 1).
    relabel_share : float, default 0.15
        Share of the labelling redone after guideline changes, in [0, 1].
    qa_share : float, default 0.1
        Share of the labels reviewed for quality (each review taking 1.5 times the labelling), in [0, 1].

    Returns
    -------
    LabellingEstimate
        The planned hours, the realistic hours and their breakdown by activity.

    Raises
    ------
    ValueError
        A count or amount out of its range (each named).

    Examples
    --------
    >>> est = labelling_effort(300)
    >>> round(est.planned_hours, 2)
    5.0
    >>> 2 < est.ratio < 6
    True
    >>> est.to_frame().round(2)
                                               hours  share
    activity
    labelling, as planned                       5.00   0.22
    slower start while learning the guideline   1.67   0.07
    calibration rounds (labelling + meetings)   9.67   0.43
    adjudicating disagreements                  4.50   0.20
    re-labelling after guideline changes        0.75   0.03
    quality review                              0.75   0.03
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
