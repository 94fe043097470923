"""Exercise 9 of notebook 06: at most two changes that lift a team's maturity score to "established".

Every set of at most two statements whose change reaches the cut (and fits the weeks budget, when one is given)
is accepted, re-scored with :func:`~aipm_kit.interview.score_team_maturity`.
"""

from __future__ import annotations

from itertools import combinations

from .. import custom


def bind_maturity(
    *,
    answers,
    experiments_started: int,
    experiments_shipped: int,
    target: float | None = None,
    weeks=None,
    budget_weeks: float | None = None,
):
    """Exercise 9 (decision): change at most two statements so the team reaches "established".

    ``answers`` is the team's self-assessment (statement key -> bool). The answer lists the keys
    whose truth the team would change; any set of at most two that lifts the score to ``target``
    (the "established" cut) is accepted. With ``weeks`` (statement key -> the team's estimate of the
    weeks a change takes) and ``budget_weeks``, the changes must also fit the budget: a trade-off
    between a change's weight and its cost.

    A change that makes things worse (stopping a green habit the team has, starting a red flag) is refused with
    the score it would give.

    Parameters
    ----------
    answers : mapping of str to bool
        The team's self-assessment: each statement key of
        :data:`~aipm_kit.interview.MATURITY_STATEMENTS` -> whether it holds.
    experiments_started : int
        Experiments the team started, passed to :func:`~aipm_kit.interview.score_team_maturity`.
    experiments_shipped : int
        Experiments it shipped to production, passed likewise.
    target : float, optional
        The score to reach; by default the "established" cut of :data:`~aipm_kit.interview.MATURITY_LEVELS`.
    weeks : mapping of str to float, optional
        Statement key -> the weeks the team estimates a change takes; give it with ``budget_weeks``.
    budget_weeks : float, optional
        The weeks the team has for the changes.

    Returns
    -------
    Exercise
        A decision exercise, ``'9 · Two changes to reach "established"'``; the answer is a list of statement
        keys (or one key).

    Raises
    ------
    ValueError
        When only one of ``weeks`` and ``budget_weeks`` is given.

    Examples
    --------
    The team scores 56.7; 70 is "established":

    >>> answers = {"baseline_first": True, "time_split": False, "slice_metrics": False, "rollback_rule": True,
    ...            "prediction_logs": True, "business_metric": True, "retire_models": False,
    ...            "accuracy_only": True, "no_owner": False, "label_surprise": True, "demo_driven": False,
    ...            "no_monitoring": False}
    >>> weeks = {"time_split": 3, "slice_metrics": 2, "retire_models": 1, "accuracy_only": 1, "label_surprise": 4}
    >>> q = bind_maturity(answers=answers, experiments_started=24, experiments_shipped=3, weeks=weeks,
    ...                   budget_weeks=4)
    >>> q.check(["accuracy_only", "time_split"])
    [9 · Two changes to reach "established"] Correct: With ['accuracy_only', 'time_split'] changed the team
    scores 73.3 (established), in 4 of the 4 weeks. It clears the line with a margin.
    >>> q.check(["time_split", "slice_metrics"])
    [9 · Two changes to reach "established"] Not yet: Those changes take 5 weeks by the team's estimate; it has 4.
    (They would score 70.0.) Weigh each change's weight against its weeks.
    """
    from ...interview import MATURITY_LEVELS, MATURITY_STATEMENTS, score_team_maturity

    answers = dict(answers)
    if target is None:
        target = dict((name, cut) for cut, name in MATURITY_LEVELS)["established"]
    kinds = {s.key: s.kind for s in MATURITY_STATEMENTS}
    weeks = dict(weeks or {})
    if (budget_weeks is None) != (not weeks):
        raise ValueError("give weeks and budget_weeks together, or neither")

    def cost(keys):
        missing = [k for k in keys if k not in weeks]
        if missing:
            raise ValueError(f"weeks has no estimate for {missing}")
        return float(sum(weeks[k] for k in keys))

    def score(changed):
        flipped = {**answers, **{k: not answers[k] for k in changed}}
        return score_team_maturity(
            flipped, experiments_started=experiments_started, experiments_shipped=experiments_shipped
        )

    def checker(answer):
        keys = [answer] if isinstance(answer, str) else list(answer)
        keys = [str(k).strip() for k in keys]
        unknown = sorted(set(keys) - set(answers))
        if unknown:
            raise ValueError(f"unknown statement(s) {unknown}; use keys from {list(answers)}")
        if len(set(keys)) > 2:
            return False, f"That changes {len(set(keys))} statements; the team has room for two this year."
        worse = [k for k in keys if (kinds[k] == "green") == answers[k]]
        result = score(set(keys))
        if worse:
            why = {"green": "a green habit the team already has", "red": "a red flag the team does not have"}
            return False, (
                f"Changing {worse} makes things worse: "
                + ", ".join(f"`{k}` is {why[kinds[k]]}" for k in worse)
                + f". The score would be {result.score:.1f}."
            )
        if budget_weeks is not None and cost(keys) > budget_weeks:
            return False, (
                f"Those changes take {cost(keys):g} weeks by the team's estimate; it has {budget_weeks:g}. "
                f"(They would score {result.score:.1f}.) Weigh each change's weight against its weeks."
            )
        if result.score >= target:
            spent = f", in {cost(keys):g} of the {budget_weeks:g} weeks" if budget_weeks is not None else ""
            return True, (
                f"With {keys} changed the team scores {result.score:.1f} ({result.level}){spent}. "
                + (
                    "Right on the line: one statement judged differently and it falls back; a pair with a "
                    "margin is safer."
                    if result.score < target + 1
                    else "It clears the line with a margin."
                )
            )
        return False, (
            f"With {keys} changed the team scores {result.score:.1f} ({result.level}), short of "
            f"{target:.0f}. Weights differ: look for the heaviest missing green habits and red flags."
        )

    def solution():
        fixable = [k for k in answers if (kinds[k] == "green") != answers[k]]
        pairs = [
            p
            for p in combinations(fixable, 2)
            if score(set(p)).score >= target and (budget_weeks is None or cost(p) <= budget_weeks)
        ]
        singles = [k for k in fixable if score({k}).score >= target]
        listing = "; ".join(
            f"{list(p)} ({score(set(p)).score:.1f}" + (f", {cost(p):g} weeks)" if budget_weeks is not None else ")")
            for p in pairs
        )
        within = f" within {budget_weeks:g} weeks" if budget_weeks is not None else ""
        return (
            f"Only a missing green habit (start it) or a red flag that holds (stop it) can help. Changes that "
            f"reach {target:.0f}{within}: " + (f"one alone: {singles}; " if singles else "") + f"pairs: {listing}. "
            "The heavy statements (weight 1.5) matter most; which pair to pick is the team's call."
        )

    return custom(
        '9 · Two changes to reach "established"',
        f"The example team has room to change two habits this year. Which two statements would you change (start a "
        f"missing green habit, stop a red flag) so that it reaches 'established' (a score of {target:.0f} or more)? "
        + (
            f"The team's estimate of the weeks each change takes is in `CHANGE_WEEKS`, and it has {budget_weeks:g} weeks: "
            "the heaviest changes are not always the cheapest. "
            if budget_weeks is not None
            else ""
        )
        + "Re-score with `interview.score_team_maturity` and answer with the list of the statement keys you changed.",
        checker,
        hints=[
            "Copy `TEAM_ANSWERS`, flip two keys, and pass it to `interview.score_team_maturity` with the two "
            "experiment counts.",
            "Weights are in the statements table: the 1.5 ones move the score most.",
        ],
        solution=solution,
        practice="decision",
    )
