"""The four-fifths (80%) rule, read on the outcome that is good for the person.

:func:`four_fifths_rule` compares each group's rate of the favourable outcome with the best-treated
group's and returns a :class:`FourFifthsResult`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import as_binary, check_probability
from ._common import _groups

# ----------------------------------------------------------------------------- four-fifths rule


@dataclass(frozen=True)
class FourFifthsResult:
    """The four-fifths (80%) rule on the favourable outcome.

    Built by :func:`four_fifths_rule`. ``passes`` is ``impact_ratio >= threshold``; ``to_frame()`` gives each
    group's favourable rate, its ratio to the highest and whether it falls below the threshold.

    Parameters
    ----------
    favourable : int
        The value of ``y_pred`` that is good for the person (0 or 1).
    rates : pandas.Series
        The favourable-outcome rate of each group, indexed by group.
    impact_ratio : float
        The lowest rate over the highest.
    reference_group : object
        The group with the highest favourable rate.
    lowest_group : object
        The group with the lowest.
    threshold : float
        The ratio the rule asks for (0.8).

    Examples
    --------
    >>> import pandas as pd
    >>> rates = pd.Series({"a": 0.75, "b": 0.5}, name="favourable_rate")
    >>> result = FourFifthsResult(0, rates, 0.5 / 0.75, "a", "b", 0.8)
    >>> result.passes
    False
    >>> result
    Four-fifths rule FAILS: b receive the favourable outcome (y_pred == 0) at 50.0%, 0.67x the rate of a (75.0%); the rule asks for >= 0.80
    """

    favourable: int
    rates: pd.Series  # favourable-outcome rate by group
    impact_ratio: float
    reference_group: object  # the group with the highest favourable rate
    lowest_group: object
    threshold: float

    @property
    def passes(self) -> bool:
        return self.impact_ratio >= self.threshold

    def to_frame(self) -> pd.DataFrame:
        top = self.rates.max()
        return pd.DataFrame(
            {
                "favourable_rate": self.rates,
                "ratio_to_highest": self.rates / top,
                "below_four_fifths": self.rates / top < self.threshold,
            }
        )

    def __repr__(self) -> str:
        verdict = "passes" if self.passes else "FAILS"
        return (
            f"Four-fifths rule {verdict}: {self.lowest_group} receive the favourable outcome "
            f"(y_pred == {self.favourable}) at {self.rates[self.lowest_group]:.1%}, "
            f"{self.impact_ratio:.2f}x the rate of {self.reference_group} "
            f"({self.rates[self.reference_group]:.1%}); the rule asks for >= {self.threshold:.2f}"
        )


def four_fifths_rule(y_pred, *, sensitive_features, favourable, threshold: float = 0.8) -> FourFifthsResult:
    """Compare each group's rate of the favourable outcome with the best-treated group's.

    Parameters
    ----------
    y_pred : array-like of 0/1 or bool
        The decision.
    sensitive_features : array-like
        Group of each row.
    favourable : {0, 1, False, True}
        Which value of ``y_pred`` is the good outcome for the applicant. For a
        model that predicts denial (1 = deny) this is ``0``: the rule compares
        approval rates, and using denial rates instead gives a different,
        wrong number.
    threshold : float
        0.8 for the four-fifths rule (strictly between 0 and 1).

    Returns
    -------
    FourFifthsResult
        Each group's favourable rate, the impact ratio (lowest over highest), the groups at both ends and
        the verdict.

    Raises
    ------
    ValueError
        ``favourable`` other than 0 or 1, a threshold outside (0, 1), or no group ever receiving the
        favourable outcome.

    Examples
    --------
    >>> r = four_fifths_rule([0, 0, 0, 1, 0, 1, 1, 0], sensitive_features=list("aaaabbbb"), favourable=0)
    >>> round(r.impact_ratio, 3), r.passes
    (0.667, False)
    >>> r.to_frame()
           favourable_rate  ratio_to_highest  below_four_fifths
    group
    a                 0.75          1.000000              False
    b                 0.50          0.666667               True
    >>> four_fifths_rule([0, 1], sensitive_features=["a", "b"], favourable="yes")
    Traceback (most recent call last):
    ...
    ValueError: favourable must be 0 or 1 (the value of y_pred that is good for the person), got 'yes'
    """
    if isinstance(favourable, (bool, np.bool_)):
        favourable = int(favourable)
    if not isinstance(favourable, (int, np.integer)) or favourable not in (0, 1):
        raise ValueError(
            f"favourable must be 0 or 1 (the value of y_pred that is good for the person), got {favourable!r}"
        )
    threshold = check_probability(threshold, "threshold", inclusive=False)
    p = as_binary(y_pred, "y_pred")
    good = (p == favourable).astype(np.int8)
    codes, names, name = _groups(sensitive_features, len(p))
    rates = np.bincount(codes, weights=good, minlength=len(names)) / np.bincount(codes, minlength=len(names))
    if rates.max() == 0:
        raise ValueError(f"no group ever receives the favourable outcome (y_pred == {favourable})")
    series = pd.Series(rates, index=pd.Index(names, name=name), name="favourable_rate")
    return FourFifthsResult(
        favourable=int(favourable),
        rates=series,
        impact_ratio=float(rates.min() / rates.max()),
        reference_group=names[int(np.argmax(rates))],
        lowest_group=names[int(np.argmin(rates))],
        threshold=threshold,
    )
