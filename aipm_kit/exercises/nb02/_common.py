"""Reading a learner's pair answer the way notebook 02's exercises 1, 4 and 6 ask for it.

Unlike ``exercises._answers.pair`` it accepts only a tuple or list of two and raises ``ValueError``,
the message naming what the pair holds.
"""

from __future__ import annotations


def _pair(answer, what):
    if isinstance(answer, dict) or not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise ValueError(f"answer with a pair: {what}")
    return answer
