"""Exercises 5 and 6 of notebook 02: the four-fifths ratio by hand, and the call at another denial rate.

``bind_fairness`` binds both to the lending model's denials and the applicants' groups: the approval
ratio computed by hand, then the verdict against the 0.80 line read off its 95% interval at one of the
risk team's proposed denial rates.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import _as_number, custom, numeric, thought
from ._common import _pair


def bind_fairness(*, hmda_pred, hmda_group, four_fifths_at=None, proposals=(0.10, 0.20)):
    """Bind exercises 5 and 6 of notebook 02: the four-fifths ratio by hand, and the call at another denial rate.

    Exercise 5 (by hand, within 0.0005): each group's approval rate (the favourable outcome), the lowest over the
    highest, as ``fairness.four_fifths_rule`` computes it; a ratio of denial rates and the inverted ratio are named.
    Exercise 6 (decision) accepts either of the risk team's ``proposals`` (denial rates set before anyone looked at
    fairness) with the verdict the interval gives at it against the 0.80 line: ``"passes"`` when the whole interval is
    at or above it, ``"fails"`` when it is wholly below, ``"cannot tell"`` otherwise. Without ``four_fifths_at``,
    Exercise 6 is a discussion question on the risks the metrics do not show.

    Parameters
    ----------
    hmda_pred : array-like of int
        The lending model's predictions, 1 = deny.
    hmda_group : array-like
        Each applicant's group, the same length.
    four_fifths_at : callable, optional
        ``four_fifths_at(denial_rate)`` gives a mapping with ``"ratio"``, ``"low"`` and ``"high"`` (its 95%
        interval) and no verdict: the learner takes the call. Called with the rate rounded to 3 decimals, cached.
    proposals : tuple of float, default (0.10, 0.20)
        The denial rates the risk team proposes; any other rate is refused.

    Returns
    -------
    tuple of Exercise
        ``(q5, q6)``: the ratio by hand, and the call at a proposed rate (or the discussion).

    Examples
    --------
    >>> import numpy as np
    >>> deny = np.array([1, 0, 0, 0, 1, 1, 0, 0, 0, 0])
    >>> group = np.array(["x"] * 4 + ["y"] * 6)  # x approves 3 of 4, y 4 of 6
    >>> def four_fifths_at(rate):  # made up: the ratio falls with the denial rate, interval +/- 0.05
    ...     return {"ratio": 1 - rate, "low": 0.95 - rate, "high": 1.05 - rate}
    >>> q5, q6 = bind_fairness(hmda_pred=deny, hmda_group=group, four_fifths_at=four_fifths_at)
    >>> print(q5.check((4 / 6) / (3 / 4)))
    [5 · The four-fifths ratio by hand] Correct: 0.8889 is right.
    >>> print(q6.check((0.1, "passes")))
    [6 · Move the denial threshold and take the four-fifths call again] Correct: Consistent with the evidence. ...
    >>> print(q6.check((0.05, "passes")))
    [6 · Move the denial threshold and take the four-fifths call again] Not yet: Take one of the risk team's ...
    """
    from ... import fairness

    deny = np.asarray(hmda_pred).astype(int)
    group = np.asarray(hmda_group)
    names = np.unique(group)
    approval = np.array([(deny[group == g] == 0).mean() for g in names])
    denial = 1 - approval
    q4 = numeric(
        "5 · The four-fifths ratio by hand",
        "The lending model predicts *denial* (`deny_pred`, 1 = deny). In a few lines of pandas, compute each "
        "group's approval rate (the favourable outcome), then the lowest rate divided by the highest. The check "
        "compares your number with the kit's.",
        lambda: fairness.four_fifths_rule(deny, sensitive_features=group, favourable=0).impact_ratio,
        atol=5e-4,
        practice="by-hand",
        hints=[
            "`approved = pd.Series(deny_pred == 0).groupby(race.to_numpy()).mean()` gives each group's approval rate.",
            "`approved.min() / approved.max()`",
        ],
        solution="`approved = pd.Series(deny_pred == 0).groupby(race.to_numpy()).mean()`, then "
        "`approved.min() / approved.max()`: the same number as the kit's `impact_ratio`. Denial "
        "rates give a different number that the rule does not define.",
        wrong_answers=[
            (
                lambda: float(denial.min() / denial.max()),
                "That ratio compares *denial* rates. The rule compares the favourable outcome, approval.",
            ),
            (
                lambda: float(approval.max() / approval.min()),
                "Upside down: divide the lowest approval rate by the highest, so the ratio is at most 1.",
            ),
        ],
    )
    verdicts = ("passes", "fails", "cannot tell")

    @lru_cache(maxsize=32)
    def at(rate):
        return dict(four_fifths_at(rate))

    def checker(answer):
        rate, verdict = _pair(answer, '(share of applicants denied, verdict), e.g. (0.1, "passes")')
        rate = _as_number(rate)
        if not any(abs(rate - p) < 1e-9 for p in proposals):
            return False, (
                f"Take one of the risk team's proposals ({offered}), not {rate:g}: the rate is a risk "
                "decision made before the fairness check, not a dial to turn until the rule passes."
            )
        verdict = str(verdict).strip().lower()
        if verdict not in verdicts:
            return False, f"A verdict is one of {', '.join(verdicts)}."
        e = at(round(rate, 3))
        truth = "passes" if e["low"] >= 0.8 else "fails" if e["high"] < 0.8 else "cannot tell"
        said = (
            f"Denying {rate:.0%} of applicants, the approval ratio is {e['ratio']:.2f} (95% interval "
            f"{e['low']:.2f} to {e['high']:.2f}) against the 0.80 line: the model {truth} the rule."
        )
        if verdict != truth:
            why = {
                "passes": "a pass needs the whole interval at or above 0.80",
                "fails": "a failure needs the whole interval below 0.80",
                "cannot tell": "'cannot tell' is for an interval that straddles 0.80",
            }[verdict]
            return False, f"You said the model {verdict} the rule. {said} {why.capitalize()}."
        return True, (
            f"Consistent with the evidence. {said} Denying fewer applicants raises every group's approval "
            "rate, which tends to push the ratio towards 1; it does not change who the model ranks as "
            "riskiest."
        )

    offered = " or ".join(f"{p:.0%}" for p in proposals)
    q5 = (
        custom(
            "6 · Move the denial threshold and take the four-fifths call again",
            "The model denies as many applicants as the lenders did. The risk team proposes denying "
            f"{offered} of applicants instead, set from the lender's appetite for risk before anyone looked at "
            "fairness (denying fewer approves riskier loans; denying more turns away more good customers). Take one "
            "proposal, look once with `four_fifths_at(rate)` (the approval ratio and its 95% bootstrap interval), and "
            "decide from the interval whether the model passes, fails, or the data cannot tell. Answer with a "
            'pair: `(rate, verdict)`, the verdict one of "passes", "fails", "cannot tell".',
            checker,
            practice="decision",
            hints=[
                f"`four_fifths_at({proposals[0]})` returns the ratio and its interval at that denial rate.",
                "Read the interval, not the point: the rule is passed only if the whole interval is at or above 0.80.",
            ],
            solution="Either proposal with the verdict its interval gives. Trying rates until the rule passes would be "
            "shopping for compliance: the rate is a risk decision, and each extra look is another chance of a "
            "lucky interval. Moving the threshold changes the ratio, not the ranking: a model that "
            "denies one group's applicants more often at every threshold still carries whatever its features "
            "(proxies) and its labels (past decisions) put into it, which is why the risk list follows.",
        )
        if four_fifths_at is not None
        else thought(
            "6 · A risk the metrics do not show",
            "The lending model does not use `race` as a feature. Name one way it can still treat the groups "
            "differently, and one check you would add to the risk list.",
            hints=[
                "Look at which features drive decisions, and ask whether they differ by group.",
                "Think about proxies, and about labels that record past decisions rather than true outcomes.",
            ],
            solution="Leaving out `race` does not remove it: features correlated with it carry it in, and the labels "
            "are past lenders' decisions. Add: compare feature distributions by group, report selection and "
            "error rates by group with intervals at every retrain, and human review of denials near the "
            "threshold.",
        )
    )
    return q4, q5
