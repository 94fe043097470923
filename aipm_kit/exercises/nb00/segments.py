"""Exercise 6 of notebook 00: a usage segment, found without labels, judged for a retention offer.

``bind_learning`` binds the decision: choose a k-means segment on the training customers' churn rates and
say on its held-out 90% Wilson interval whether it clears the retention team's line; ``segment_verdict``
is that reading of one segment's counts.
"""

from __future__ import annotations

from ...metrics import wilson_interval
from .. import custom
from .._answers import number as _rate
from .._answers import pair as _pair
from ._common import _verdict

#: the verdicts a learner may give for a segment against the retention team's funding line
SEGMENT_VERDICTS = ("qualifies", "does not qualify", "not yet")


def segment_verdict(churners: int, customers: int, line: float, confidence: float = 0.90):
    """A segment's churn rate against ``line``, decided on its Wilson interval.

    Parameters
    ----------
    churners : int
        Churners in the segment.
    customers : int
        Customers in the segment, at least 1.
    line : float
        The churn rate the segment must clear, a share of 1.
    confidence : float, default 0.90
        The Wilson interval's confidence.

    Returns
    -------
    tuple
        ``(rate, low, high, verdict)``: the churn rate, its Wilson interval, and ``"qualifies"`` when ``low >= line``,
        ``"does not qualify"`` when ``high < line``, else ``"not yet"``.

    Examples
    --------
    >>> rate, low, high, verdict = segment_verdict(40, 100, 0.25)
    >>> round(rate, 2), round(low, 3), round(high, 3), verdict
    (0.4, 0.323, 0.482, 'qualifies')
    >>> segment_verdict(30, 100, 0.25)[3]
    'not yet'
    """
    low, high = wilson_interval(churners, customers, confidence=confidence)
    word = "qualifies" if low >= line else "does not qualify" if high < line else "not yet"
    return churners / customers, low, high, word


def bind_learning(*, segments_at, n_segments: int, line: float):
    """Bind exercise 6 of notebook 00: a usage segment, found without labels, judged for a retention offer.

    The learner fixes a number of segments ``k`` (2 to 12, not ``n_segments``), chooses the segment with the highest
    churn rate among the training customers and answers ``(k, segment, verdict)``, the verdict one of
    ``SEGMENT_VERDICTS`` read off the segment's held-out 90% Wilson interval against ``line``
    (:func:`segment_verdict`). A segment other than the training-top one is refused, so the held-out interval is
    never used to pick.

    Parameters
    ----------
    segments_at : callable
        ``segments_at(k)`` gives ``(training, held_out)``, each ``{segment number: (churners, customers)}``, for the
        ``k`` segments k-means finds without the churn column. It is called once at bind time with ``n_segments``,
        so a malformed result fails there.
    n_segments : int
        The notebook's own number of segments, a whole number of at least 2.
    line : float
        The churn rate a segment must clear on its whole 90% Wilson interval for a segment-wide retention offer,
        strictly between 0 and 1.

    Returns
    -------
    tuple of Exercise
        ``(q6,)``.

    Raises
    ------
    TypeError
        When ``segments_at`` is not callable.
    ValueError
        When ``n_segments`` is not a whole number of at least 2, ``line`` is not strictly between 0 and 1, or
        ``segments_at`` gives counts that are not ``0 <= churners <= customers`` with ``customers >= 1``.

    Examples
    --------
    >>> def segments_at(k):  # made up: segment 0 churns most, on the training and the held-out customers
    ...     train = {s: (20 if s == 0 else 10, 100) for s in range(k)}
    ...     held = {s: (20 if s == 0 else 5, 50) for s in range(k)}
    ...     return train, held
    >>> (q6,) = bind_learning(segments_at=segments_at, n_segments=3, line=0.25)
    >>> print(q6.check((4, 0, "qualifies")))
    [6 · Could a segment carry the retention offer?] Correct: Right: with 4 segments, segment 0 churns at 20.0% ...
    >>> print(q6.check((4, 1, "qualifies")))
    [6 · Could a segment carry the retention offer?] Not yet: Choose on the training customers: ...
    """
    if not callable(segments_at):
        raise TypeError("segments_at must be a function of the number of segments")
    if isinstance(n_segments, bool) or not isinstance(n_segments, int) or n_segments < 2:
        raise ValueError(f"n_segments must be a whole number >= 2, got {n_segments!r}")
    line = _rate(line, "line")
    if not 0 < line < 1:
        raise ValueError(f"line must be a churn rate strictly between 0 and 1, got {line}")

    def clean(k, mapping):
        counts = {}
        for key, value in dict(mapping).items():
            churners, customers = (int(v) for v in _pair(value, "(churners, customers) for each segment"))
            if customers < 1 or not 0 <= churners <= customers:
                raise ValueError(
                    f"segments_at({k}) gave segment {key!r} {value!r}: expected 0 <= churners <= "
                    "customers and customers >= 1"
                )
            counts[int(key)] = (churners, customers)
        return counts

    def counts_at(k):
        result = segments_at(k)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise ValueError(f"segments_at({k}) must give (training counts, held-out counts)")
        return clean(k, result[0]), clean(k, result[1])

    def whole(value, what):
        if isinstance(value, bool):
            raise TypeError(f"{what} must be a whole number")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise TypeError(f"{what} must be a whole number, got {value!r}") from None
        if not number.is_integer():
            raise ValueError(f"{what} must be a whole number, got {value!r}")
        return int(number)

    def top_on_training(train):
        return max(train, key=lambda seg: train[seg][0] / train[seg][1])

    def evidence(k, segment, train, held):
        churners, customers = held[segment]
        rate, low, high, word = segment_verdict(churners, customers, line)
        t_churners, t_customers = train[segment]
        text = (
            f"with {k} segments, segment {segment} churns at {t_churners / t_customers:.1%} among the training "
            f"customers; on the held-out customers, {churners} of {customers} churned: {rate:.1%} (90% Wilson "
            f"interval {low:.1%} to {high:.1%}) against the line of {line:.1%}"
        )
        return text, word, customers - churners, customers

    def segment_checker(answer):
        if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 3:
            raise TypeError(
                "answer with (k, segment, verdict): the number of segments, a segment's number, and the verdict"
            )
        k = whole(answer[0], "k, the number of segments")
        if not 2 <= k <= 12:
            return False, "Try between 2 and 12 segments: fewer is no segmentation, more leaves tiny segments."
        if k == n_segments:
            return False, (
                f"k = {k} is the notebook's own segmentation, already judged above: fix another k "
                "before you look, and judge it once."
            )
        train, held = counts_at(k)
        segment = whole(answer[1], "the segment")
        if segment not in held:
            raise ValueError(f"with {k} segments the segment must be one of {sorted(held)}, got {segment}")
        claim = _verdict(answer[2], SEGMENT_VERDICTS)
        top = top_on_training(train)
        if segment != top:
            return False, (
                f"Choose on the training customers: with {k} segments, segment {top} has the highest "
                f"training churn rate ({train[top][0]}/{train[top][1]} = {train[top][0] / train[top][1]:.1%}), "
                f"not segment {segment}. Picking by the held-out rates would make the held-out interval "
                "flatter the segment you pick."
            )
        text, word, stayers, customers = evidence(k, segment, train, held)
        if claim == word:
            settle = (
                " More held-out customers of the segment could settle it; how many depends on the smallest "
                "distance from the line worth detecting, chosen before the test."
                if word == "not yet"
                else ""
            )
            tried = (
                " If you ran several k before answering, the one you kept flatters its verdict: confirm it on "
                "fresh customers before funding the offer."
            )
            return True, (
                f"Right: {text}, so the verdict is **{word}**.{settle}{tried} Either way, a segment is a rate for "
                f"a group, not a prediction about a customer: an offer to the whole segment also goes to "
                f"its {stayers} of {customers} customers who stayed. Which customers will cancel is a "
                "question for the supervised model, and that needs labels."
            )
        why = {
            "qualifies": "the whole interval must sit at or above the line",
            "does not qualify": "the whole interval must sit below the line",
            "not yet": "the interval must straddle the line",
        }[claim]
        return False, f"Not on this evidence: {text}. To say '{claim}', {why}; here it is '{word}'."

    def segment_solution():
        k = n_segments + 1
        train, held = counts_at(k)
        top = top_on_training(train)
        text, word, *_ = evidence(k, top, train, held)
        return (
            f"Fix k first, say k = {k}, and run `segments_at({k})` once. Take the segment with the highest "
            "churn rate among the training customers, then set its held-out 90% Wilson interval against the "
            f"line once: {text}: **{word}**. Any (k, segment, verdict) other than the notebook's own k, with "
            "the training-top segment and the verdict its held-out interval gives, is a right answer; a k kept "
            "because its held-out verdict looked good needs fresh customers to confirm it."
        )

    counts_at(n_segments)  # check what segments_at gives now, not at the learner's first try
    q4 = custom(
        "6 · Could a segment carry the retention offer?",
        f"The retention team will send an offer to a whole segment only if the segment's churn rate is at least "
        f"**{line:.1%}** on its whole 90% interval (`OFFER_LIFT` times the training churn rate, set before "
        f"looking). The notebook judged k = {n_segments} above. Fix another number of segments k (2 to 12) "
        "**before** you look, run `train_k, held_k, _ = segments_at(k)` once (new names, so the notebook's own `train` "
        "stays as it is), choose the segment on the **training** "
        "counts, compute its held-out churn rate and 90% Wilson interval, and answer `(k, segment, verdict)` where "
        "the verdict is " + ", ".join(f'`"{v}"`' for v in SEGMENT_VERDICTS) + ".",
        segment_checker,
        hints=[
            "`train_k, held_k, _ = segments_at(k)` gives two dicts {segment: (churners, customers)}; pick the segment "
            "with the highest `churners / customers` in `train_k`; then `metrics.wilson_interval(*held_k[s], "
            "confidence=0.90)`.",
            "'qualifies' needs the whole interval at or above the line, 'does not qualify' the whole interval "
            "below it; otherwise 'not yet'.",
        ],
        solution=segment_solution,
        practice="decision",
    )

    return (q4,)
