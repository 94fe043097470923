"""Reading a verdict off an interval, and showing a change in points, for notebook 00's exercises.

Exercises 2 and 3 word a change by where its whole interval lies against zero and print changes in points;
exercises 2, 3 and 6 check that a learner's verdict is one of the words offered.
"""

from __future__ import annotations


def pts(value: float) -> str:
    """A signed change in points to one decimal, never "-0.0".

    Parameters
    ----------
    value : float
        The change, in percentage points.

    Returns
    -------
    str
        ``value`` with its sign and one decimal, or ``"0.0"`` (no sign) when it rounds to zero from either side.

    Examples
    --------
    >>> pts(1.26), pts(-4.2), pts(-0.04)
    ('+1.3', '-4.2', '0.0')
    """
    text = f"{value:+.1f}"
    return "0.0" if text in ("-0.0", "+0.0") else text


def word_on_interval(low: float, high: float, words) -> str:
    """The word for a change read off its interval against zero.

    Parameters
    ----------
    low, high : float
        The ends of the change's interval.
    words : sequence of str
        Three words: for an interval wholly above zero, wholly below zero, and one that reaches zero (e.g.
        ``RECALL_WORDS``).

    Returns
    -------
    str
        ``words[0]`` when ``low > 0``, ``words[1]`` when ``high < 0``, else ``words[2]``.

    Examples
    --------
    >>> words = ("catches more", "catches fewer", "not yet")
    >>> word_on_interval(0.1, 2.0, words), word_on_interval(-2.0, -0.1, words), word_on_interval(-0.1, 2.0, words)
    ('catches more', 'catches fewer', 'not yet')
    """
    return words[0] if low > 0 else words[1] if high < 0 else words[2]


def _verdict(text, allowed) -> str:
    if not isinstance(text, str) or text.strip().lower() not in allowed:
        raise ValueError(f"the verdict must be one of {list(allowed)}, got {text!r}")
    return text.strip().lower()
