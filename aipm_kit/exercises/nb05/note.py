"""The rubric for a note to the sponsor, used by exercise 4 of notebook 05.

A note passes when it is long enough, says the data are simulated, names the trial and the switch, quotes both
ends of the interval the call rests on, quotes no number the evidence does not hold, and uses no jargon.
"""

from __future__ import annotations

import re

from ...story import format_money

#: Words a sponsor's note does without: each names a method, not what it means for the business.
NOTE_JARGON = ("precision", "recall", "threshold", "bootstrap", "F1", "p-value", "Wilson", "CI")


def rubric_note(note, facts: dict, *, low: float, high: float, jargon=NOTE_JARGON, min_words: int = 25) -> list[str]:
    """What a note to the sponsor is missing (an empty list: it passes).

    The rubric: at least ``min_words`` words; it says the data are simulated; it names the trial and the switch;
    it quotes both ends of the net value's interval (``low``, ``high``, within the rounding they are written to,
    ``$12k`` for 11,515); every number it quotes matches one of ``facts`` (name -> value, compared by size, a
    share also as a percentage); no word of ``jargon``.

    Parameters
    ----------
    note : str
        The learner's note; anything that is not text counts as missing.
    facts : dict
        Name -> each number the note may quote (the interval's confidence, 95, among them).
    low : float
        The low end of the interval the call rests on, in dollars a month.
    high : float
        The high end of that interval.
    jargon : iterable of str, default NOTE_JARGON
        Words a sponsor's note does without, matched as whole words, ignoring case.
    min_words : int, default 25
        The fewest words a note may have.

    Returns
    -------
    list of str
        What the note still needs, one item per problem, in the rubric's order; empty when it passes.
        A note that is missing or too short gets that one item only.

    Examples
    --------
    >>> facts = {"low": 11_515, "high": 73_368, "confidence": 95}
    >>> note = ("On one simulated month the model is worth $12k to $73k a month over today's rules (95% "
    ...         "interval); the trial starts now and the switch waits for more months of evidence from that trial.")
    >>> rubric_note(note, facts, low=11_515, high=73_368)
    []
    >>> rubric_note(note.replace("$73k", "$90k"), facts, low=11_515, high=73_368)
    ['quote the high end of the 95% interval the call rests on ($73,368 a month)',
     "'90k' matches no number above (within its rounding): quote the evidence, rounded, not new numbers"]
    >>> rubric_note("Too short.", facts, low=11_515, high=73_368)
    ['the note is missing or under 25 words']
    """
    from ..nb03 import numbers_in

    if not isinstance(note, str) or len(note.split()) < min_words:
        return [f"the note is missing or under {min_words} words"]
    missing = []
    quoted = numbers_in(note)

    def matches(value, half, pool):
        return any(abs(c - value) <= half + 1e-9 * max(1.0, value) for v in pool for c in (abs(v), 100 * abs(v)))

    if not re.search(r"\bsimulat", note, re.IGNORECASE):
        missing.append("say the numbers come from simulated data")
    for word, pattern in (("trial", r"\btrial"), ("switch", r"\bswitch")):
        if not re.search(pattern, note, re.IGNORECASE):
            missing.append(f"say what happens to the {word}")
    for name, end in (("low", low), ("high", high)):
        if not any(matches(v, h, [end]) for v, h, _ in quoted):
            missing.append(f"quote the {name} end of the 95% interval the call rests on ({format_money(end)} a month)")
    for value, half, written in quoted:
        if not matches(value, half, list(facts.values())):
            missing.append(
                f"'{written}' matches no number above (within its rounding): quote the evidence, "
                "rounded, not new numbers"
            )
    for word in jargon:
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", note, re.IGNORECASE):
            missing.append(f"'{word}' is jargon for a sponsor: say what it means in dollars instead")
    return missing
