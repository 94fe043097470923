"""Reading a verdict off an interval, and showing a change in points, for notebook 00's exercises.

Exercises 2 and 3 word a change by where its whole interval lies against zero and print changes in points;
exercises 2, 3 and 6 check that a learner's verdict is one of the words offered.
"""

from __future__ import annotations


def pts(value: float) -> str:
    """A signed change in points to one decimal, never "-0.0"."""
    text = f"{value:+.1f}"
    return "0.0" if text in ("-0.0", "+0.0") else text


def word_on_interval(low: float, high: float, words) -> str:
    """words[0] when the whole interval is above zero, words[1] when below, else words[2]."""
    return words[0] if low > 0 else words[1] if high < 0 else words[2]


def _verdict(text, allowed) -> str:
    if not isinstance(text, str) or text.strip().lower() not in allowed:
        raise ValueError(f"the verdict must be one of {list(allowed)}, got {text!r}")
    return text.strip().lower()
