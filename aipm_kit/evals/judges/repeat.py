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
    """``k`` verdicts per answer: majority, pass share and whether the votes disagreed.

    Built by :func:`judge_repeatedly`. ``flaky_share`` is the share of answers whose votes
    were mixed; ``majority`` maps ``(version, case_id)`` to the majority verdict;
    ``first_vote()`` gives each answer's first verdict as a boolean array (what one call of
    the judge would have said); ``to_frame()`` a copy of the table.

    Parameters
    ----------
    judge : str
        The judge's name.
    k : int
        Votes per answer.
    frame : pandas.DataFrame
        One row per answer: ``version, case_id, votes, pass_share, majority, flaky, reason``.

    Examples
    --------
    >>> import pandas as pd
    >>> v = JudgeVotes("j", 3, pd.DataFrame({"version": ["", ""], "case_id": ["a", "b"],
    ...     "votes": [(True, True, True), (True, False, False)], "pass_share": [1.0, 1 / 3],
    ...     "majority": [True, False], "flaky": [False, True], "reason": ["ok", "ok"]}))
    >>> v
    JudgeVotes(j: 2 answers x 3 votes; 50.0% of answers got mixed votes)
    >>> v.majority, v.first_vote().tolist()
    ({('', 'a'): True, ('', 'b'): False}, [True, True])
    """

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
    (errors) are refused with ``TypeError``: judge only scored answers. Call number
    ``attempt`` (0 to ``k - 1``) is passed to the judge, so a seeded judge varies
    between calls and repeats itself across runs.

    Parameters
    ----------
    judge : callable
        ``judge(question=, response=, reference=, expected=, rubric=, attempt=)`` returning a
        :class:`Verdict`, such as :class:`RubricJudge` or :class:`ChatJudge`.
    items : iterable of dict
        The answers to judge (at least one).
    k : int, default 5
        Calls per answer, a positive whole number.
    rubric : str, default DEFAULT_RUBRIC
        The rubric given to the judge.

    Returns
    -------
    JudgeVotes
        The votes per answer, their majority and which answers got mixed votes; the reason
        kept is the first call's.

    Examples
    --------
    >>> from aipm_kit.evals.judges import RubricJudge
    >>> kb = [{"text": "Standard shipping is free on orders over $50."}]
    >>> items = [{"case_id": "c1", "question": "Is shipping free?", "expected": ["$50"],
    ...           "response": "Standard shipping is free on orders over $50."},
    ...          {"case_id": "c2", "question": "Is shipping free?", "expected": ["$50"],
    ...           "response": "Sorry, I cannot help with that."}]
    >>> votes = judge_repeatedly(RubricJudge(kb, noise=0.3, seed=2), items, k=5)
    >>> votes.to_frame()[["case_id", "votes", "majority", "flaky"]]
      case_id                               votes  majority  flaky
    0      c1     (True, True, True, True, False)      True   True
    1      c2  (False, False, False, True, False)     False   True
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

    The returned scorer has ``needs_case = True`` (it needs the question and the reference):
    :func:`~aipm_kit.evals.runner.run_eval` calls it as ``scorer(response, case)``.

    Parameters
    ----------
    judge : callable
        A judge, as for :func:`judge_repeatedly`.
    k : int, default 3
        Calls per answer, a positive whole number.
    rubric : str, default DEFAULT_RUBRIC
        The rubric given to the judge.

    Returns
    -------
    callable
        ``scorer(response, case) -> Score`` named ``"judge(NAME, k=K)"``; the score's reason
        counts the PASS votes, says whether they split, and gives the first verdict's reason.

    Examples
    --------
    >>> from aipm_kit.evals.cases import Case
    >>> from aipm_kit.evals.judges import RubricJudge
    >>> scorer = as_scorer(RubricJudge([{"text": "Standard shipping is free on orders over $50."}], noise=0.0))
    >>> scorer.__name__
    'judge(rubric-judge, k=3)'
    >>> scorer("Standard shipping is free on orders over $50.", Case("c1", "Is shipping free?", ("$50",)))
    Score(1, pass: 3/3 PASS votes: meets the rubric)
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
