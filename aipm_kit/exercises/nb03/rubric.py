"""The rubric of a stakeholder update: its parts, the numbers it quotes, and the words it should avoid.

:func:`numbers_in` reads the numbers a text quotes (with the precision each is written to) and
:func:`rubric_update` lists what an update is missing; exercise 6 of notebook 03 and notebook 05 grade with them.
"""

from __future__ import annotations

import re

#: words a stakeholder update should not lean on: the audience reads the business, not the model
JARGON = ("PSI", "AUC", "recall", "precision", "drift", "F1", "p-value", "bootstrap", "Wilson", "threshold")
PARTS = ("what happened", "who is affected", "next experiment")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    r"|\b(?:19|20)\d\d\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(k\b|%)?", re.IGNORECASE)
_EXPERIMENT = re.compile(r"\b(experiment|test|trial|shadow|compare|measure|pilot|try|retrain)\w*", re.IGNORECASE)


def numbers_in(text: str) -> list[tuple[float, float, str]]:
    """The numbers a text quotes, as ``(value, rounding half-width, as written)``; dates and years left out.

    ``"$1,234"`` is 1234 (written to the unit, so anything from 1233.5 to 1234.5 matches);
    ``"3.4"`` is 3.4 give or take 0.05; ``"12k"`` is 12,000 give or take 500; ``"45%"`` is 45.

    Parameters
    ----------
    text : str
        The text to read; anything else raises TypeError.

    Returns
    -------
    list of (float, float, str)
        One tuple per number, in the order written: its value, half the unit of its last written digit,
        and the text as written.

    Examples
    --------
    >>> numbers_in("On 1 May 2024: $1,234 and 3.4 a day, 12k, 45%")
    [(1234.0, 0.5, '1,234'), (3.4, 0.05, '3.4'), (12000.0, 500.0, '12k'), (45.0, 0.5, '45%')]
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    text = _DATE.sub(" ", text)
    found = []
    for m in _NUMBER.finditer(text):
        whole, decimals, suffix = m.group(1), m.group(2) or "", (m.group(3) or "").lower()
        value = float(whole.replace(",", "") + ("." + decimals if decimals else ""))
        half = 0.5 * 10 ** -len(decimals)
        if suffix == "k":
            value, half = value * 1_000, half * 1_000
        found.append((value, half, m.group(0).strip()))
    return found


def _matches(value: float, half: float, facts: dict) -> bool:
    for v in facts.values():
        for candidate in (v, 100 * v):  # a share may be quoted as a percentage
            if abs(candidate - value) <= half + 1e-9 * max(1.0, abs(value)):
                return True
    return False


def _nearest(value: float, facts: dict) -> float:
    """How far ``value`` lies from the closest of ``facts`` (a share also read as a percentage)."""
    return min((abs(c - value) for v in facts.values() for c in (v, 100 * v)), default=float("inf"))


def rubric_update(answer, facts: dict, *, jargon=JARGON, min_words: int = 6) -> list[str]:
    """What a stakeholder update is missing (an empty list: it passes).

    ``answer`` maps each of :data:`PARTS` to a few plain sentences. The rubric: every part
    present (at least ``min_words`` words); "what happened" and "who is affected" each quote a
    number; every number quoted matches one of ``facts`` (name -> value) at the precision it is
    written, a share also as a percentage; no word of ``jargon``; the next experiment says what
    will be tried or measured.

    Parameters
    ----------
    answer : dict
        The update: each part of :data:`PARTS` to its text (keys read without case; ``_`` for a space).
        Anything but a dict raises TypeError.
    facts : dict
        The numbers the update may quote, name to value.
    jargon : iterable of str, optional
        Words the update must not use (whole words, any case); default :data:`JARGON`.
    min_words : int, optional
        The fewest words a part may hold; default 6.

    Returns
    -------
    list of str
        One line per shortfall; when a part is missing or too short, only those lines.

    Examples
    --------
    >>> facts = {"before": 19.7, "after": 30.04, "frauds": 930}
    >>> update = {
    ...     "what happened": "Since 1 May more fraud got past us: 19.7 a day in April, 30 a day in May.",
    ...     "who is affected": "The cardholders behind 930 payments we did not stop, and the business.",
    ...     "next experiment": "Train a candidate on the newest chargebacks and compare it in the shadow.",
    ... }
    >>> rubric_update(update, facts)
    []
    >>> for line in rubric_update({**update, "what happened": "Since 1 May drift let 31 more frauds a day past us."},
    ...                           facts):
    ...     print(line)
    '31' in 'what happened' matches no number of the replay (within its rounding): quote the replay's numbers, rounded, not new ones
    'drift' is jargon for this audience: say what it means for the business instead
    """
    if not isinstance(answer, dict):
        raise TypeError(
            "answer with a dict: {'what happened': '...', 'who is affected': '...', 'next experiment': '...'}"
        )
    parts = {str(k).strip().lower().replace("_", " "): v for k, v in answer.items()}
    missing = []
    for part in PARTS:
        text = parts.get(part)
        if not isinstance(text, str) or len(text.split()) < min_words:
            missing.append(f"'{part}' is missing or under {min_words} words")
    if missing:
        return missing
    for part in PARTS[:2]:
        if not numbers_in(parts[part]):
            missing.append(f"'{part}' quotes no number from the replay: say how many, how much, since when")
    for part in PARTS:
        for value, half, written in numbers_in(parts[part]):
            if not _matches(value, half, facts):
                missing.append(
                    f"'{written}' in '{part}' matches no number of the replay (within its rounding): "
                    "quote the replay's numbers, rounded, not new ones"
                )
    every = " ".join(parts[p] for p in PARTS)
    for word in jargon:
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", every, re.IGNORECASE):
            missing.append(f"'{word}' is jargon for this audience: say what it means for the business instead")
    if not _EXPERIMENT.search(parts["next experiment"]):
        missing.append(
            "'next experiment' does not say what will be tried or measured (a test, a comparison, a shadow run ...)"
        )
    return missing
