"""A scorer checked against hand labels before it decides.

:class:`ScorerValidation` holds how a scorer's problem flags agree with hand labels (Cohen's kappa
with a bootstrap interval, precision and recall with Wilson intervals), and :func:`validate_scorer`
computes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ScorerValidation:
    """How a scorer's flags agree with hand labels (``flag`` = the scorer says there is a problem).

    Made by :func:`validate_scorer`. ``to_frame()`` gives one row per measure (kappa, precision,
    recall) with its estimate, interval, ``n`` and how the interval was computed.

    Parameters
    ----------
    scorer : str
        The scorer's name, as shown in the table and the repr.
    n : int
        How many hand-labelled answers it was checked on.
    kappa : Interval
        Cohen's kappa of the flags against the labels, with a percentile-bootstrap interval over
        the answers.
    precision : Interval
        Of the answers the scorer flags, the share the labels flag too (Wilson interval).
    recall : Interval
        Of the answers the labels flag, the share the scorer flags (Wilson interval).
    table : pandas.DataFrame
        The 2x2 counts: hand label (rows) against the scorer (columns), each ``"clean"`` or
        ``"flagged"``. Left out of the repr.

    Examples
    --------
    >>> v = validate_scorer([1, 1, 1, 0, 1, 0, 0, 1, 0, 0], [1, 1, 0, 0, 0, 0, 1, 1, 0, 0], scorer="invented policy")
    >>> v.n, v.precision.n, v.recall.n
    (10, 5, 4)
    >>> print(v.to_frame()[["measure", "estimate", "low", "high", "n"]].round(3).to_string(index=False))
      measure  estimate    low  high  n
        kappa      0.40 -0.200 1.000 10
    precision      0.60  0.231 0.882  5
       recall      0.75  0.301 0.954  4
    """

    scorer: str
    n: int
    kappa: Any  # Interval: Cohen's kappa, percentile bootstrap over the examples
    precision: Any  # Interval (Wilson): of the answers it flags, the share the labels flag
    recall: Any  # Interval (Wilson): of the answers the labels flag, the share it flags
    table: Any = field(repr=False)  # 2x2 counts, labels x scorer

    def to_frame(self):
        import pandas as pd

        rows = []
        for name, iv in (("kappa", self.kappa), ("precision", self.precision), ("recall", self.recall)):
            rows.append(
                {
                    "scorer": self.scorer,
                    "measure": name,
                    "estimate": iv.estimate,
                    "low": iv.low,
                    "high": iv.high,
                    "n": iv.n,
                    "interval": f"{iv.confidence:.0%} {iv.method}",
                }
            )
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        return (
            f"ScorerValidation({self.scorer} on {self.n} hand-labelled answers: kappa {self.kappa.estimate:.2f} "
            f"[{self.kappa.low:.2f}, {self.kappa.high:.2f}], precision {self.precision.estimate:.2f}, "
            f"recall {self.recall.estimate:.2f})"
        )


def validate_scorer(
    flags, labels, *, scorer: str = "scorer", confidence: float = 0.95, n_boot: int = 2000, seed: int = 0
) -> ScorerValidation:
    """Agreement of a scorer's problem flags with hand labels (True = the answer has the problem).

    Kappa gets a percentile-bootstrap interval over the examples
    (:func:`~aipm_kit.evals.judges.kappa_interval`); precision and recall of the flags get
    Wilson intervals (:func:`~aipm_kit.evals.stats.wilson_interval`).

    Parameters
    ----------
    flags : array-like of bool or 0/1
        The scorer's verdict per answer: 1 (True) when it says the answer has the problem.
        Any other value raises ``ValueError``, and so does an empty or all-clean ``flags``
        (precision would be undefined).
    labels : array-like of bool or 0/1
        The hand label per answer, in the same order and of the same length (else
        ``ValueError``): 1 when the answer has the problem. All clean raises ``ValueError``
        (recall would be undefined).
    scorer : str, default "scorer"
        The scorer's name, for the table and the repr.
    confidence : float, default 0.95
        The confidence level of all three intervals.
    n_boot : int, default 2000
        Bootstrap resamples for kappa's interval (at least 100).
    seed : int, default 0
        Seed of the bootstrap, so the same inputs give the same interval.

    Returns
    -------
    ScorerValidation
        Kappa, precision and recall with their intervals, ``n`` and the 2x2 table.

    Examples
    --------
    >>> flags = [1, 1, 1, 0, 1, 0, 0, 1, 0, 0]
    >>> labels = [1, 1, 0, 0, 0, 0, 1, 1, 0, 0]
    >>> validate_scorer(flags, labels, scorer="policy")
    ScorerValidation(policy on 10 hand-labelled answers: kappa 0.40 [-0.20, 1.00], precision 0.60, recall 0.75)
    >>> validate_scorer([0, 0, 0], [0, 1, 1])
    Traceback (most recent call last):
    ...
    ValueError: flags holds no flagged answer: precision is undefined
    """
    import numpy as np
    import pandas as pd

    from ..._checks import as_binary, same_length
    from ..judges import kappa_interval
    from ..stats import wilson_interval

    f = as_binary(flags, "flags").astype(int)
    h = as_binary(labels, "labels").astype(int)
    same_length(flags=f, labels=h)
    if f.size == 0:
        raise ValueError("flags is empty")
    tp = int(((f == 1) & (h == 1)).sum())
    if not f.sum():
        raise ValueError("flags holds no flagged answer: precision is undefined")
    if not h.sum():
        raise ValueError("labels holds no flagged answer: recall is undefined")
    kappa = kappa_interval(f, h, n_boot=n_boot, confidence=confidence, seed=seed)
    precision = wilson_interval(tp, int(f.sum()), confidence=confidence)
    recall = wilson_interval(tp, int(h.sum()), confidence=confidence)
    table = pd.crosstab(
        pd.Series(np.where(h == 1, "flagged", "clean"), name="hand label"),
        pd.Series(np.where(f == 1, "flagged", "clean"), name=scorer),
    )
    return ScorerValidation(scorer, int(f.size), kappa, precision, recall, table)
