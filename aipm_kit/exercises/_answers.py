"""Reading a learner's typed answer: a pair of values, or one finite number.

The checkers of several notebooks take answers such as ``(low, high)`` or a rate; the parsing, and the
message a learner sees when the answer has the wrong shape, live here once.
"""

from __future__ import annotations

import math


def pair(answer, what: str):
    """The two parts of an answer that should be a pair.

    Parameters
    ----------
    answer : sequence
        What the learner typed: a tuple, list or other sized sequence of length 2 (not text).
    what : str
        What the pair holds, for the message, e.g. ``"(low, high)"``.

    Returns
    -------
    tuple
        ``(answer[0], answer[1])``, unconverted.

    Raises
    ------
    TypeError
        When ``answer`` is text, has no length, or does not hold exactly two parts.

    Examples
    --------
    >>> pair([0.2, 0.4], "(low, high)")
    (0.2, 0.4)
    >>> pair(0.3, "(low, high)")
    Traceback (most recent call last):
    ...
    TypeError: answer with a pair (low, high)
    """
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 2:
        raise TypeError(f"answer with a pair {what}")
    return answer[0], answer[1]


def number(value, name: str) -> float:
    """One answer as a finite float, refusing True/False, text and infinities.

    Parameters
    ----------
    value : int, float or numpy number
        What the learner typed.
    name : str
        The answer's name, for the message.

    Returns
    -------
    float
        ``float(value)``.

    Raises
    ------
    TypeError
        When ``value`` is a bool or cannot be read as a number.
    ValueError
        When it is infinite or NaN.

    Examples
    --------
    >>> number(3, "hours")
    3.0
    >>> number(True, "hours")
    Traceback (most recent call last):
    ...
    TypeError: hours must be a number, got a True/False value
    """
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, got a True/False value")
    try:
        value = float(value)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number")
    return value
