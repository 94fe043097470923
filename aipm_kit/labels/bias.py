"""What is measured is not the truth: wrong labels and self-selected answers bias a measurement.

:func:`precision_under_label_noise` shows what flipped evaluation labels do to a model's measured
precision and recall; :func:`simulate_survey` (a :class:`SurveyResult`) shows a satisfaction survey
answered mostly by the unhappy, whose interval narrows around the wrong value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import as_binary, check_positive_int, check_probability, same_length
from ._common import _amount

# ----------------------------------------------------------------------------- label noise


def precision_under_label_noise(
    y_true, y_pred, *, noise_rates=(0.0, 0.02, 0.05, 0.1, 0.2), seed: int = 0, n_repeats: int = 20
) -> pd.DataFrame:
    """What wrong evaluation labels do to a model's *measured* precision and recall.

    Each label in ``y_true`` is flipped with probability ``noise_rate``
    (labellers' mistakes go both ways), the model's unchanged decisions are
    scored against the noisy labels, and that is repeated ``n_repeats``
    times with a seeded generator. With rare positives, even a small noise
    rate turns many true negatives into "positives" the model did not flag,
    and some flagged frauds into "false alarms": the model looks worse (or
    better) than it is, not because it changed.

    Parameters
    ----------
    y_true : array-like of 0/1 or bool
        The true labels; both classes must be present.
    y_pred : array-like of 0/1 or bool
        The model's decisions (same length); at least one flagged.
    noise_rates : float or sequence of float, default (0.0, 0.02, 0.05, 0.1, 0.2)
        Chances that a label is flipped, each in [0, 1].
    seed : int, default 0
        Seed of the flips.
    n_repeats : int, default 20
        Noisy relabellings averaged per rate (>= 1).

    Returns
    -------
    pandas.DataFrame
        One row per noise rate: ``noise_rate, true_precision,
        measured_precision, expected_precision`` (the closed form
        ``P(1 - e) + (1 - P) e``), ``true_recall, measured_recall``.

    Raises
    ------
    ValueError
        ``y_true`` with a single class, ``y_pred`` flagging nothing, inputs of different lengths, or a rate
        outside [0, 1].

    Examples
    --------
    >>> import numpy as np
    >>> y_true = np.r_[np.ones(50, int), np.zeros(950, int)]           # 5% positives
    >>> y_pred = np.r_[np.ones(40, int), np.zeros(10, int), np.ones(10, int), np.zeros(940, int)]
    >>> table = precision_under_label_noise(y_true, y_pred, noise_rates=(0.0, 0.02, 0.05))
    >>> table[["noise_rate", "measured_precision", "expected_precision", "measured_recall"]].round(3)
       noise_rate  measured_precision  expected_precision  measured_recall
    0        0.00               0.800               0.800            0.800
    1        0.02               0.784               0.788            0.578
    2        0.05               0.761               0.770            0.407
    """
    t = as_binary(y_true, "y_true")
    p = as_binary(y_pred, "y_pred")
    same_length(y_true=t, y_pred=p)
    if t.min() == t.max():
        raise ValueError(f"y_true holds a single class (all {int(t[0])}); precision and recall need both")
    if p.sum() == 0:
        raise ValueError("y_pred flags nothing, so precision is undefined")
    n_repeats = check_positive_int(n_repeats, "n_repeats")
    rates = [check_probability(r, "noise_rates") for r in np.atleast_1d(noise_rates)]
    rng = np.random.default_rng(seed)
    flagged = p == 1
    true_prec = float(t[flagged].mean())
    true_rec = float(p[t == 1].mean())
    rows = []
    for e in rates:
        precs, recs = [], []
        for _ in range(n_repeats):
            noisy = np.where(rng.random(len(t)) < e, 1 - t, t)
            precs.append(noisy[flagged].mean())
            recs.append(p[noisy == 1].mean() if noisy.any() else 0.0)
        rows.append(
            {
                "noise_rate": e,
                "true_precision": true_prec,
                "measured_precision": float(np.mean(precs)),
                "expected_precision": true_prec * (1 - e) + (1 - true_prec) * e,
                "true_recall": true_rec,
                "measured_recall": float(np.mean(recs)),
            }
        )
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- survey bias


@dataclass(frozen=True)
class SurveyResult:
    """A satisfaction survey answered mostly by the unhappy: the truth and what the survey says.

    Built by :func:`simulate_survey`. ``bias`` is the measured share minus the true one and
    ``interval_covers_truth`` says whether the survey's interval holds the truth; ``to_frame()`` lists
    every number.

    Parameters
    ----------
    n_customers : int
        Customers surveyed.
    n_responses : int
        Customers who answered.
    true_satisfaction : float
        Share of all customers who are satisfied.
    measured_satisfaction : float
        Share of those who answered who say they are satisfied.
    low : float
        Lower end of the measured share's 95% Wilson interval (it describes noise, not bias).
    high : float
        Upper end of that interval.
    response_rate_satisfied : float
        Chance that a satisfied customer answers.
    response_rate_unsatisfied : float
        Chance that an unsatisfied customer answers.

    Examples
    --------
    >>> survey = SurveyResult(1_000, 100, 0.85, 0.6, 0.5, 0.69, 0.05, 0.3)
    >>> survey
    SurveyResult: 85.0% of 1,000 customers are satisfied; the 100 who answered say 60.0% [50.0%, 69.0%]
    >>> round(survey.bias, 2), survey.interval_covers_truth
    (-0.25, False)
    """

    n_customers: int
    n_responses: int
    true_satisfaction: float
    measured_satisfaction: float
    low: float  # Wilson interval of the measured share: it describes noise, not bias
    high: float
    response_rate_satisfied: float
    response_rate_unsatisfied: float

    @property
    def bias(self) -> float:
        return self.measured_satisfaction - self.true_satisfaction

    @property
    def interval_covers_truth(self) -> bool:
        return self.low <= self.true_satisfaction <= self.high

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "value": pd.Series(
                    {
                        "customers": self.n_customers,
                        "responses": self.n_responses,
                        "true satisfaction": self.true_satisfaction,
                        "survey says": self.measured_satisfaction,
                        "survey interval low": self.low,
                        "survey interval high": self.high,
                        "response rate (satisfied)": self.response_rate_satisfied,
                        "response rate (unsatisfied)": self.response_rate_unsatisfied,
                    },
                    dtype=float,
                )
            }
        )

    def __repr__(self) -> str:
        return (
            f"SurveyResult: {self.true_satisfaction:.1%} of {self.n_customers:,} customers are satisfied; "
            f"the {self.n_responses:,} who answered say {self.measured_satisfaction:.1%} "
            f"[{self.low:.1%}, {self.high:.1%}]"
        )


def simulate_survey(
    n_customers: int = 100_000,
    *,
    satisfied_share: float = 0.85,
    response_rate: float = 0.02,
    unhappy_response_multiplier: float = 6.0,
    seed: int = 0,
) -> SurveyResult:
    """Simulate a satisfaction survey that unhappy customers are more likely to answer.

    ``response_rate`` of customers answer overall, and an unsatisfied customer
    is ``unhappy_response_multiplier`` times as likely to answer as a
    satisfied one. The survey's interval only reflects sampling noise, so
    more responses narrow it around the wrong value.

    Parameters
    ----------
    n_customers : int, default 100_000
        Customers surveyed (at least 10).
    satisfied_share : float, default 0.85
        Chance that a customer is satisfied, strictly between 0 and 1.
    response_rate : float, default 0.02
        The overall share of customers who answer, strictly between 0 and 1.
    unhappy_response_multiplier : float, default 6.0
        How many times as likely an unsatisfied customer is to answer (> 0; 1: no bias).
    seed : int, default 0
        Seed of the simulation.

    Returns
    -------
    SurveyResult
        The true and measured satisfaction, the measured share's Wilson interval and both response rates.

    Raises
    ------
    ValueError
        A share outside its range, a multiplier <= 0, a response rate that would exceed 1 for the
        unsatisfied, or nobody answering.

    Examples
    --------
    >>> r = simulate_survey(50_000, seed=1)
    >>> r.measured_satisfaction < r.true_satisfaction
    True
    >>> r
    SurveyResult: 84.9% of 50,000 customers are satisfied; the 968 who answered say 51.0% [47.9%, 54.2%]
    """
    n = check_positive_int(n_customers, "n_customers", minimum=10)
    s = check_probability(satisfied_share, "satisfied_share", inclusive=False)
    rr = check_probability(response_rate, "response_rate", inclusive=False)
    m = _amount(unhappy_response_multiplier, "unhappy_response_multiplier")
    if m <= 0:
        raise ValueError("unhappy_response_multiplier must be > 0")
    r_happy = rr / (s + (1 - s) * m)
    r_unhappy = m * r_happy
    if r_unhappy > 1:
        raise ValueError(
            f"with response_rate={rr} and multiplier {m}, unsatisfied customers would answer "
            f"with probability {r_unhappy:.2f} > 1; lower one of them"
        )
    from ..metrics import wilson_interval

    rng = np.random.default_rng(seed)
    satisfied = rng.random(n) < s
    answered = rng.random(n) < np.where(satisfied, r_happy, r_unhappy)
    k = int(answered.sum())
    if k == 0:
        raise ValueError("nobody answered the survey; raise n_customers or response_rate")
    yes = int((satisfied & answered).sum())
    lo, hi = wilson_interval(yes, k)
    return SurveyResult(
        n_customers=n,
        n_responses=k,
        true_satisfaction=float(satisfied.mean()),
        measured_satisfaction=yes / k,
        low=lo,
        high=hi,
        response_rate_satisfied=r_happy,
        response_rate_unsatisfied=r_unhappy,
    )
