"""The verdict a learner gives for a criterion decided on an interval, shared by exercises 3 and 5.

A criterion read on an interval is ``pass``, ``fail`` or ``not yet``; the reading of the learner's word, and
the message for one that is none of them, live here once.
"""

from __future__ import annotations

#: the verdicts a learner may give for a gate criterion decided on an interval
VERDICTS = ("pass", "fail", "not yet")


def _verdict(text, allowed=VERDICTS) -> str:
    if not isinstance(text, str) or text.strip().lower() not in allowed:
        raise ValueError(f"the verdict must be one of {list(allowed)}, got {text!r}")
    return text.strip().lower()
