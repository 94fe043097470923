"""Exercise 5 of notebook 01: the hand rule's recall on the test month and its 90% Wilson interval, by hand.

``bind_hand_rule`` binds the exercise to the test month and names the common wrong intervals (Wald, 95%,
precision's) when a learner gives one.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import pandas as pd

from .. import _as_number, custom
from ._common import _wilson


def _pair(answer) -> tuple[float, float]:
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 2:
        raise TypeError("answer with two numbers, (low, high)")
    low, high = (_as_number(x) for x in answer)
    return low, high


def bind_hand_rule(*, test: pd.DataFrame):
    """Bind exercise 5 of notebook 01: the hand rule's recall on the test month and its 90% Wilson interval, by hand.

    The answer ``(low, high)`` is right when each end is within 0.002 of the 90% Wilson interval of the frauds the
    rule flags (``scenarios.hand_rule``) over all the month's frauds; the Wald interval, the 95% Wilson interval and
    the interval of the rule's precision are named when a learner gives one.

    Parameters
    ----------
    test : pandas.DataFrame
        The test month, with ``is_fraud``, ``amount`` and ``account_age_days``.

    Returns
    -------
    Exercise
        The exercise (``q5``).

    Raises
    ------
    ValueError
        When a column is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> from aipm_kit.metrics import wilson_interval
    >>> test = pd.DataFrame({"is_fraud": [True] * 40 + [False] * 10,  # the rule flags 25 of 40 frauds, and 10 others
    ...                      "amount": [9_000] * 25 + [100] * 15 + [9_000] * 10, "account_age_days": 5})
    >>> q5 = bind_hand_rule(test=test)
    >>> print(q5.check(wilson_interval(25, 40, confidence=0.90)))
    [5 · The hand rule's recall and its interval, by hand] Correct: (0.495, 0.739) is right: recall 25 of 40 ...
    >>> print(q5.check(wilson_interval(25, 35, confidence=0.90)))
    [5 · The hand rule's recall and its interval, by hand] Not yet: (0.577, 0.821) is the interval of the rule's ...
    """
    from ... import scenarios
    from ..._checks import check_columns

    check_columns(test, ["is_fraud", "amount", "account_age_days"], name="test")

    def counts() -> tuple[int, int]:
        flags = scenarios.hand_rule(test).to_numpy()
        fraud = test["is_fraud"].to_numpy().astype(bool)
        return int((flags & fraud).sum()), int(fraud.sum())

    def checker(answer):
        low, high = _pair(answer)
        k, n = counts()
        right = _wilson(k, n, 0.90)
        close = lambda a, b: abs(a[0] - b[0]) <= 0.002 and abs(a[1] - b[1]) <= 0.002  # noqa: E731
        shown = f"({low:.3f}, {high:.3f})"
        if close((low, high), right):
            return True, (
                f"{shown} is right: recall {k} of {n} simulated frauds = {k / n:.3f}, and "
                "`metrics.wilson_interval(k, n, confidence=0.90)` gives the same interval."
            )
        p = k / n
        z = NormalDist().inv_cdf(0.95)
        wald = (p - z * math.sqrt(p * (1 - p) / n), p + z * math.sqrt(p * (1 - p) / n))
        if close((low, high), wald):
            return False, (
                f"{shown} is the normal (Wald) interval, recall plus or minus z times its standard "
                "error. Wilson's centre moves towards a half and its width changes: close here, far off "
                "for few frauds or a recall near 0 or 1. Use the Wilson formula."
            )
        if close((low, high), _wilson(k, n, 0.95)):
            return False, f"{shown} is the 95% Wilson interval; the question asks for 90% (z = 1.645, not 1.96)."
        flagged = int(scenarios.hand_rule(test).sum())
        if flagged and close((low, high), _wilson(k, flagged, 0.90)):
            return False, (
                f"{shown} is the interval of the rule's precision ({k} of its {flagged} alerts). Recall "
                "divides by all the frauds in the month."
            )
        return False, (
            f"{shown} is not the 90% Wilson interval of the recall. Check k (frauds flagged), n (all "
            "frauds) and z, or ask for `hint()`."
        )

    return custom(
        "5 · The hand rule's recall and its interval, by hand",
        "Compute the hand rule's recall on the simulated test month (`scenarios.hand_rule(test)`: the share of "
        "month-3 fraud it flags, counting the fraud the target counts: `test['is_fraud']`, charged back within the "
        "horizon) and its **90% Wilson interval**, in a few lines of numpy, without a kit "
        "function. Answer `(low, high)`, then compare with `metrics.wilson_interval(k, n, confidence=0.90)`.",
        checker,
        hints=[
            "k = frauds the rule flags, n = all frauds, p = k / n, z = 1.645 for 90%. Wilson: centre = "
            "(p + z²/2n) / (1 + z²/n); half-width = z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n).",
            "`flagged = scenarios.hand_rule(test).to_numpy()`, `k = (flagged & test['is_fraud'].to_numpy()).sum()`, "
            "`n = test['is_fraud'].sum()`, then the two lines of the formula.",
        ],
        solution="`k, n` = frauds flagged and all frauds; `p = k / n`; `z = 1.6449`; "
        "`centre = (p + z**2 / (2*n)) / (1 + z**2 / n)`; "
        "`half = z * np.sqrt(p*(1-p)/n + z**2 / (4*n**2)) / (1 + z**2 / n)`; the answer is "
        "`(centre - half, centre + half)`, the same as `metrics.wilson_interval(k, n, confidence=0.90)`.",
        practice="by-hand",
    )
