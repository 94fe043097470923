"""A judge asked k times: the votes per answer and their flakiness, and the judge as a runner scorer (share of
PASS votes, majority decides)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..scorers import Score
from .rubric import DEFAULT_RUBRIC, Verdict


@dataclass(frozen=True)
class JudgeVotes:
    """``k`` verdicts per answer: majority, pass share and whether the votes disagreed."""

    judge: str
    k: int
    frame: Any = field(repr=False)  # case_id, version, votes, pass_share, majority, flaky, reason

    @property
    def flaky_share(self) -> float:
        return float(self.frame["flaky"].mean())

    @property
    def majority(self) -> dict:
        return dict(zip(zip(self.frame["version"], self.frame["case_id"]), self.frame["majority"]))

    def to_frame(self):
        return self.frame.copy()

    def first_vote(self) -> np.ndarray:
        return np.array([v[0] for v in self.frame["votes"]], dtype=bool)

    def __repr__(self) -> str:
        return (
            f"JudgeVotes({self.judge}: {len(self.frame)} answers x {self.k} votes; "
            f"{self.flaky_share:.1%} of answers got mixed votes)"
        )


def judge_repeatedly(
    judge: Callable[..., Verdict], items: Iterable[Mapping[str, Any]], *, k: int = 5, rubric: str = DEFAULT_RUBRIC
) -> JudgeVotes:
    """Ask ``judge`` ``k`` times about each item.

    ``items`` are dicts with ``case_id``, ``question``, ``response``, ``reference``,
    optional ``expected`` and ``version``. Items whose response is not a string
    (errors) are refused with ``TypeError``: judge only scored answers.
    """
    import pandas as pd

    from ..._checks import check_positive_int

    k = check_positive_int(k, "k")
    rows = []
    for item in items:
        votes, reasons = [], []
        for attempt in range(k):
            v = judge(
                question=item["question"],
                response=item["response"],
                reference=item.get("reference", ""),
                expected=item.get("expected", ()),
                rubric=rubric,
                attempt=attempt,
            )
            votes.append(bool(v.passed))
            reasons.append(v.reason)
        share = sum(votes) / k
        rows.append(
            {
                "version": item.get("version", ""),
                "case_id": item["case_id"],
                "votes": tuple(votes),
                "pass_share": share,
                "majority": share > 0.5,
                "flaky": 0 < share < 1,
                "reason": reasons[0],
            }
        )
    if not rows:
        raise ValueError("items is empty")
    return JudgeVotes(getattr(judge, "name", type(judge).__name__), k, pd.DataFrame(rows))


def as_scorer(judge: Callable[..., Verdict], *, k: int = 3, rubric: str = DEFAULT_RUBRIC) -> Callable:
    """The judge as a runner scorer: asked ``k`` times, value = share of PASS votes, passed = majority.

    The returned scorer has ``needs_case = True`` (it needs the question and the reference).
    """
    from ..._checks import check_positive_int

    k = check_positive_int(k, "k")

    def judge_scorer(response, case) -> Score:
        votes, first = [], ""
        for attempt in range(k):
            v = judge(
                question=case.input,
                response=response,
                reference=case.reference,
                expected=case.expected,
                rubric=rubric,
                attempt=attempt,
            )
            votes.append(bool(v.passed))
            first = first or v.reason
        share = sum(votes) / k
        mixed = " (votes split)" if 0 < share < 1 else ""
        return Score(share, share > 0.5, f"{sum(votes)}/{k} PASS votes{mixed}: {first}")

    judge_scorer.needs_case = True  # type: ignore[attr-defined]
    judge_scorer.__name__ = f"judge({getattr(judge, 'name', 'judge')}, k={k})"
    return judge_scorer
