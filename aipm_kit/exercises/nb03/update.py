"""Exercise 6: the stakeholder update after the rise in missed fraud, and the number its next experiment is judged on.

The answer is graded by the rubric of :mod:`.rubric`, plus two checks of its own: the surprise is sized beyond
the earlier rate, and a replayed number is told as what would have happened.
"""

from __future__ import annotations

import re

from .._answers import number as _number
from .rubric import JARGON, PARTS, _matches, _nearest, numbers_in, rubric_update

#: Exercise 6's decision: the number the next experiment is judged on (``JUDGED_ON_RIGHT`` is the defensible one)
JUDGED_ON = {
    "a": "frauds nobody held, charged back per day, on the same payments: new candidate against today's model "
    "at the same number of holds, on the 95% interval of the gap",
    "b": "the PSI of the payment amount on the newest payments against months 1-2, on its 95% interval: back "
    "under the moderate band within two weeks of the change",
    "c": "the share of the new candidate's alerts confirmed as fraud, against today's model at the same "
    "number of alerts, on the 95% interval of the gap, after one shadow day",
    "d": "the new candidate's accuracy against today's model on a held-out slice of the payments of months 1-2, "
    "on the 95% interval of the gap, before the shadow run",
}
JUDGED_ON_RIGHT = "a"
_JUDGED_ON_WHY = {
    "b": "The amount's index never moved during the rise (the dashboard's PSI panel): a number that did not see the "
    "problem cannot say it is fixed.",
    "c": "A first-day read grades the candidate's own alerts only through chargebacks, which take weeks: section 1 "
    "showed how far such a read sits from the matured one.",
    "d": "Months 1-2 came before the rise: a model can score well there and still miss the new fraud.",
}


#: words that mark a number as replayed (what a step that was never taken would have given), not as what happened
_REPLAYED_WORDS = re.compile(
    r"\b(would|replay\w*|hypothetic\w*|had (?:it|we|they|the switch|the backup)\b)", re.IGNORECASE
)


def bind_update(*, facts, jargon=JARGON, excess_keys=(), replayed_keys=()):
    """Exercise 6: the stakeholder update after the rise in missed fraud, and the number its next experiment is
    judged on.

    ``facts`` maps a name to each number of the incident's replay the update may quote
    (counts, dollars, rates per day and their interval ends). The answer is a dict with the
    three parts of :data:`PARTS` and ``"judged on"``, one key of :data:`JUDGED_ON` (the
    decision). Every update that has the three parts, quotes the replay's numbers within
    rounding and avoids the jargon passes the rubric; the decision must be the defensible key.

    ``excess_keys`` names the facts that size the surprise itself (what went wrong beyond the earlier
    rate, and its interval ends). When given, "who is affected" must quote one of them: a total that
    includes what the earlier rate would have missed anyway does not size the surprise.

    ``replayed_keys`` names the facts that are a replay of a step nobody took (the switch to the backup
    rule, replayed as planned), not what happened. A sentence that quotes one of them (a number closer to a
    replayed fact than to any other; a tie goes to what happened) must mark it as replayed ("would have", "the replay ...", "had the switch ..."): an
    update does not state a replayed outcome as if it happened.

    Parameters
    ----------
    facts : dict
        Name to number: every number of the replay the update may quote (non-empty, each a finite number).
    jargon : iterable of str, optional
        The words the update must avoid; default :data:`JARGON`.
    excess_keys : iterable of str, optional
        The facts that size the surprise; each must be a key of ``facts``, or KeyError. Default: none.
    replayed_keys : iterable of str, optional
        The facts that come from a replay of a step nobody took; each must be a key of ``facts``, or KeyError.
        Default: none.

    Returns
    -------
    Exercise
        ``q6``, answered with a dict of the three parts and ``"judged on"``; the options shown are
        :data:`JUDGED_ON`.

    Examples
    --------
    >>> q6 = bind_update(facts={"before": 19.7, "after": 30.04, "frauds": 930})
    >>> update = {
    ...     "what happened": "Since 1 May more fraud got past us: 19.7 a day in April, 30 a day in May.",
    ...     "who is affected": "The cardholders behind 930 payments we did not stop, and the business.",
    ...     "next experiment": "Train a candidate on the newest chargebacks and compare it in the shadow.",
    ... }
    >>> q6.check({**update, "judged on": "a"})
    [6 · Tell the surprise: the stakeholder update] Correct: A good update: three parts, 3 numbers all from the
    table, no jargon, and the next experiment judged on the number the business saw move, at equal holds, on
    its interval.
    >>> q6.check({**update, "judged on": "d"}).message
    "'judged on' 'd' is not the defensible choice: Months 1-2 came before the rise: a model can score well there
    and still miss the new fraud."
    """
    from .. import Exercise

    if not isinstance(facts, dict) or not facts:
        raise TypeError("facts must be a non-empty dict of name -> number")
    facts = {str(k): _number(v, f"facts[{k!r}]") for k, v in facts.items()}
    excess_keys = tuple(str(k) for k in excess_keys)
    unknown = [k for k in excess_keys if k not in facts]
    if unknown:
        raise KeyError(f"excess_keys {unknown} are not among the facts")
    excess = {k: facts[k] for k in excess_keys}
    replayed_keys = tuple(str(k) for k in replayed_keys)
    unknown = [k for k in replayed_keys if k not in facts]
    if unknown:
        raise KeyError(f"replayed_keys {unknown} are not among the facts")
    replayed = {k: facts[k] for k in replayed_keys}
    happened = {k: v for k, v in facts.items() if k not in replayed}

    def unmarked_replays(answer):
        """Replay-only numbers quoted in a part that never says they are replayed."""
        out = []
        for part, text in answer.items():
            if part not in PARTS or not isinstance(text, str):
                continue
            for sentence in re.split(r"(?<=[.;!?])\s+", text):  # each replayed number is marked in its sentence
                if not _REPLAYED_WORDS.search(sentence):
                    out += [
                        f"'{written}' in '{part}'"
                        for value, half, written in numbers_in(sentence)
                        if _matches(value, half, replayed) and _nearest(value, replayed) < _nearest(value, happened)
                    ]
        return out

    def checker(answer):
        if not isinstance(answer, dict):
            raise TypeError(
                "answer with a dict: {'what happened': '...', 'who is affected': '...', "
                "'next experiment': '...', 'judged on': 'a'}"
            )
        key = str(answer.get("judged on", "")).strip().strip("'\"").lower()
        if key not in JUDGED_ON:
            return False, f"Add 'judged on': one of {list(JUDGED_ON)}, the number the next experiment is judged on."
        if key != JUDGED_ON_RIGHT:
            return False, f"'judged on' {key!r} is not the defensible choice: {_JUDGED_ON_WHY[key]}"
        missing = rubric_update(answer, facts, jargon=jargon)
        affected = {str(k).strip().lower().replace("_", " "): v for k, v in answer.items()}.get("who is affected")
        if (
            excess
            and not missing
            and not any(
                _matches(value, half, excess)
                for value, half, _ in numbers_in(affected if isinstance(affected, str) else "")
            )
        ):
            missing.append(
                "'who is affected' does not size the surprise: a total since the change includes the "
                "frauds the earlier rate would have missed anyway; quote how many (or how many dollars) "
                "went through beyond the earlier rate"
            )
        if replayed and not missing:
            parts = {str(k).strip().lower().replace("_", " "): v for k, v in answer.items()}
            unmarked = unmarked_replays(parts)
            if unmarked:
                missing.append(
                    ", ".join(unmarked) + " comes from the replay of the switch as planned, yet is told as "
                    "if it happened: say what happened (the logged numbers), and mark a replayed one as "
                    "what the switch would have given"
                )
        if missing:
            return False, "The choice of number is right; not yet a good update: " + "; ".join(missing) + "."
        quoted = sum(len(numbers_in(answer[p])) for p in PARTS if isinstance(answer.get(p), str))
        return True, (
            f"A good update: three parts, {quoted} numbers all from the table, no jargon, and the next "
            "experiment judged on the number the business saw move, at equal holds, on its interval."
        )

    return Exercise(
        "6 · Tell the surprise: the stakeholder update",
        "Write the update the head of fraud operations sends to the business after the rise in missed fraud: a "
        "dict with three parts, `'what happened'`, `'who is affected'` and `'next experiment'`, a few plain "
        "sentences each, quoting the numbers of the table above (`ring_facts` and `incident_facts`; rounded is fine). "
        "Then decide, in a fourth key `'judged on'`, which number the next experiment is judged on: one of the "
        "options below. The update is checked by a rubric: each part present, a number in the first two, every "
        "number matching the table"
        + (", 'who is affected' sizing the surprise beyond the earlier rate" if excess else "")
        + (
            ", a replayed number (one that assumes the switch was thrown) marked as what the switch would have "
            "given, not told as what happened"
            if replayed
            else ""
        )
        + ", and none of these words: "
        + ", ".join(jargon)
        + ".",
        checker=checker,
        hints=[
            "Start 'what happened' with the change the business can see: frauds nobody held, per day, before "
            "and after, and since when.",
            "'Judged on': which number moved when the problem came, and is read the same way for both models?",
        ],
        solution=lambda: (
            "One good update (any with the three parts, the replay's numbers and plain words passes): "
            "what happened: more fraud got past our checks; who is affected: the cardholders whose "
            "payments were fraud and the business, which pays the chargebacks, sized by how many "
            "more frauds (and dollars) got through than the earlier rate would give, with their "
            "range; next experiment: train a "
            "candidate on the newest chargebacks, run it in the shadow beside today's model for a "
            "period sized in advance from the smallest gain worth acting on, and once that period's "
            "chargebacks have come in, compare the frauds it would have "
            "held with today's model's on the same payments. Judged on: "
            f"{JUDGED_ON_RIGHT}, the number that moved, compared at equal holds on its interval."
        ),
        options=JUDGED_ON,
        practice="reading",
    )
