"""What every scorer returns, and the checks of its two arguments.

:class:`Score` is one scorer's verdict on one response (a value, pass or fail, and a reason);
the private checks refuse a response that is not text, an expected answer that is neither text
nor a list of texts, and a threshold out of range, the same way for every scorer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Score:
    """One scorer's verdict on one response: a number, pass or fail, and why.

    Parameters
    ----------
    value : float
        The score, usually from 0 to 1 (an embedding cosine may go down to -1). Stored as a
        ``float``; NaN is refused with ``ValueError`` (a response that could not be scored is an
        error status of the run, not a score).
    passed : bool
        The verdict against the scorer's threshold; stored as a ``bool``.
    reason : str
        Why, in words a person can read (``"states '30 days'"``).
    details : Mapping, optional
        Extra numbers a scorer wants to keep (ROUGE-L's precision and recall, say); empty by
        default. Two scores that differ only in ``details`` compare equal.

    Examples
    --------
    >>> s = Score(1, True, "states '30 days'")
    >>> s
    Score(1, pass: states '30 days')
    >>> s.to_dict()
    {'value': 1.0, 'passed': True, 'reason': "states '30 days'"}
    >>> Score(float("nan"), False, "no answer")
    Traceback (most recent call last):
    ...
    ValueError: a Score value cannot be NaN: report an error status instead
    """

    value: float
    passed: bool
    reason: str
    details: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self):
        v = float(self.value)
        if math.isnan(v):
            raise ValueError("a Score value cannot be NaN: report an error status instead")
        object.__setattr__(self, "value", v)
        object.__setattr__(self, "passed", bool(self.passed))

    def __repr__(self) -> str:
        return f"Score({self.value:.3g}, {'pass' if self.passed else 'fail'}: {self.reason})"

    def to_dict(self) -> dict:
        return {"value": self.value, "passed": self.passed, "reason": self.reason}


def _check_response(response: Any) -> str:
    if not isinstance(response, str):
        raise TypeError(f"response must be a string, got {type(response).__name__} {response!r:.60}")
    return response


def _expected_list(expected: Any) -> list[str]:
    if isinstance(expected, str):
        return [expected]
    if isinstance(expected, (list, tuple)) and expected and all(isinstance(e, str) for e in expected):
        return list(expected)
    raise TypeError(f"expected must be a string or a non-empty list of strings, got {expected!r:.80}")


def _check_threshold(threshold: Any, low: float = 0.0) -> float:
    import numbers

    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or not low <= threshold <= 1:
        raise ValueError(f"threshold must be a number from {low:g} to 1, got {threshold!r}")
    return float(threshold)
