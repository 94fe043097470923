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
    """How a scorer's flags agree with hand labels (``flag`` = the scorer says there is a problem)."""

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
