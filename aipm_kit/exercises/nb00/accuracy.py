"""Exercises 1 and 2 of notebook 00: the accuracy's Wilson interval by hand, and a move of the churn threshold.

``bind_accuracy`` binds both to the notebook's held-out customers: the by-hand 90% Wilson interval of the
churn model's accuracy, and the decision on a new churn threshold, read off its 90% paired intervals of the
churners caught and the stayers flagged against a rule fixed before looking.
"""

from __future__ import annotations

import math

from ...metrics import wilson_interval
from .. import custom
from .._answers import number as _rate
from .._answers import pair as _pair
from ._common import _verdict, pts, word_on_interval

#: the verdicts on the churners caught at a new churn threshold against the current one (recall, on its interval)
RECALL_WORDS = ("catches more", "catches fewer", "not yet")


#: the verdicts on the stayers flagged by mistake at a new churn threshold against the current one (on its interval)
FALSE_ALARM_WORDS = ("more false alarms", "fewer false alarms", "not yet")


#: the calls on a new churn threshold: adopt it, keep the current one, or not yet (the evidence does not settle the rule)
CALLS = ("adopt", "keep", "not yet")


def bind_accuracy(*, right, change_at, current: float, max_false_alarm_rise: float = 5.0):
    """Bind exercises 1 and 2 of notebook 00: the accuracy's Wilson interval by hand, and a new churn threshold.

    Exercise 1 accepts the 90% Wilson interval of the accuracy as ``(low, high)`` fractions of 1 (each end within
    0.0003), and names the 95% Wilson and the 90% Wald intervals when a learner gives one. Exercise 2 takes
    ``(threshold, recall verdict, false-alarm verdict, call)``: each verdict is read off its interval against zero
    (``RECALL_WORDS``, ``FALSE_ALARM_WORDS``), and the call (``CALLS``) follows the team's rule: adopt when the whole
    recall interval is above zero and the false-alarm interval's high end is at most ``max_false_alarm_rise``; keep
    when recall catches fewer or the whole false-alarm interval is above that line; otherwise not yet. For a
    threshold above ``current``, which can never catch more churners, "keep" is accepted beside "not yet".

    Parameters
    ----------
    right : array-like of bool
        One True/False per held-out customer: whether the model was right. At least 2 customers.
    change_at : callable
        ``change_at(threshold)`` gives a dict comparing that churn threshold with the current one on the same test
        customers: ``"current"`` (the current threshold), ``"caught"`` (churners flagged at the threshold, at the
        current one, and all churners), ``"flagged stayers"`` (stayers flagged at the threshold, at the current one,
        and all stayers), ``"recall change"`` and ``"false-alarm change"`` (the share of churners and the share of
        stayers flagged, each ``(points, low, high)`` with its 90% Newcombe paired interval) and ``"customers"``
        (held-out customers). No verdicts: the learner reads them off the intervals.
    current : float
        The churn threshold in use, strictly between 0 and 1.
    max_false_alarm_rise : float, default 5.0
        The points by which the team accepts the share of stayers flagged to rise (at the high end of the
        interval) for a threshold that catches more churners; at least 0.

    Returns
    -------
    tuple of Exercise
        ``(q1, q2)``: the Wilson interval by hand and the threshold decision.

    Raises
    ------
    ValueError
        When ``right`` holds fewer than 2 customers, ``current`` is not strictly between 0 and 1, or
        ``max_false_alarm_rise`` is negative.
    TypeError
        When ``change_at`` is not callable.

    Examples
    --------
    >>> from aipm_kit.metrics import wilson_interval
    >>> right = [True] * 86 + [False] * 14
    >>> def change_at(threshold):  # made-up counts of a lower threshold against the current 0.5
    ...     return {"current": 0.5, "customers": 100, "caught": (9, 5, 14), "flagged stayers": (8, 3, 86),
    ...             "recall change": (28.6, 4.1, 49.0), "false-alarm change": (5.8, 1.2, 10.9)}
    >>> q1, q2 = bind_accuracy(right=right, change_at=change_at, current=0.5, max_false_alarm_rise=5.0)
    >>> print(q1.check(wilson_interval(86, 100, confidence=0.90)))
    [1 · A Wilson interval by hand] Correct: Right: ...
    >>> print(q2.check((0.3, "catches more", "more false alarms", "not yet")))
    [2 · Move the churn threshold] Correct: Right: at 0.3 the model flags 9 of 14 churners against 5 at 0.5: ...
    >>> q2.check((0.3, "catches more", "more false alarms", "adopt")).correct
    False
    >>> bind_accuracy(right=[True], change_at=change_at, current=0.5)
    Traceback (most recent call last):
    ...
    ValueError: right must hold at least 2 customers, got 1
    """
    from ..._checks import as_1d

    right = as_1d(right, "right").astype(bool)
    if len(right) < 2:
        raise ValueError(f"right must hold at least 2 customers, got {len(right)}")
    if not callable(change_at):
        raise TypeError("change_at must be a function of the threshold")
    current = _rate(current, "current")
    if not 0 < current < 1:
        raise ValueError(f"current must be the churn threshold in use, strictly between 0 and 1, got {current}")
    max_false_alarm_rise = _rate(max_false_alarm_rise, "max_false_alarm_rise")
    if max_false_alarm_rise < 0:
        raise ValueError(f"max_false_alarm_rise must be points of stayers flagged >= 0, got {max_false_alarm_rise}")
    line = max_false_alarm_rise
    k, n = int(right.sum()), len(right)

    def wilson(confidence=0.90):
        return wilson_interval(k, n, confidence=confidence)

    def wald(z=1.6448536269514722):
        p = k / n
        half = z * math.sqrt(p * (1 - p) / n)
        return p - half, p + half

    def near(pair, target, tol=3e-4):
        return all(abs(a - b) <= tol for a, b in zip(pair, target))

    def wilson_checker(answer):
        low, high = (_rate(v, "each end") for v in _pair(answer, "(low, high), as fractions of 1"))
        if max(low, high) > 1:
            return False, "Give the ends as fractions of 1 (0.85, not 85)."
        lo, hi = wilson()
        if near((low, high), (lo, hi)):
            return True, (
                f"Right: {lo:.2%} to {hi:.2%}, which is what `metrics.wilson_interval({k}, {n}, "
                "confidence=0.90)` gives. Set it beside the 90% bootstrap interval above: a formula and "
                "a resampling, two routes to a band around the same number."
            )
        if near((low, high), wilson(0.95)):
            return False, "That is the 95% Wilson interval (z = 1.96). The question asks for 90%: z = 1.645."
        if near((low, high), wald()):
            return False, (
                "That is the textbook normal (Wald) interval, p ± z·√(p(1−p)/n). Close here, but "
                "Wilson's centre moves towards 50% by z²/(2n) and its half-width has an extra "
                "z²/(4n²) term; use the Wilson formula."
            )
        if low > high:
            return False, "The low end must come first."
        return False, (
            f"Not yet: the 90% Wilson interval is centred near {(lo + hi) / 2:.3f}. Check z (1.645 "
            f"for 90%), n = {n} and p = {k}/{n}, or ask for `hint()`."
        )

    q1 = custom(
        "1 · A Wilson interval by hand",
        f"The model was right for `right.sum()` = {k} of `len(right)` = {n} held-out customers. Compute its "
        "**90% Wilson interval** in a few lines of numpy, as `(low, high)` fractions of 1, and compare it "
        "with the 90% bootstrap interval above. With p = k/n and z = 1.645 (90%): centre = (p + z²/(2n)) / "
        "(1 + z²/n), half-width = z·√(p(1−p)/n + z²/(4n²)) / (1 + z²/n); the interval is centre ± half-width. "
        "Mind the brackets in Python: z²/(2n) is `z**2 / (2 * n)`, not `z**2 / 2 * n`.",
        wilson_checker,
        hints=[
            "p = k / n and z = 1.645 for a 90% interval (`statistics.NormalDist().inv_cdf(0.95)`).",
            "centre = (p + z²/(2n)) / (1 + z²/n); half = z·√(p(1−p)/n + z²/(4n²)) / (1 + z²/n); "
            "the interval is centre ± half.",
        ],
        solution=lambda: (
            f"With p = {k}/{n}, z = 1.645: centre = (p + z²/(2n))/(1 + z²/n), half = "
            "z·√(p(1−p)/n + z²/(4n²))/(1 + z²/n), so the interval is "
            f"{wilson()[0]:.2%} to {wilson()[1]:.2%}, the same as "
            f"`metrics.wilson_interval({k}, {n}, confidence=0.90)`."
        ),
        practice="by-hand",
    )

    def call_on(recall_word, alarm_low, alarm_high):
        """The team's rule on the intervals: adopt when it passes on both, keep when it clearly fails on one,
        otherwise not yet (an interval straddles a line of the rule)."""
        if recall_word == "catches fewer" or alarm_low > line:
            return "keep"
        if recall_word == "catches more" and alarm_high <= line:
            return "adopt"
        return "not yet"

    def evidence_at(threshold):
        r = change_at(threshold)
        now_caught, at_caught, churners = r["caught"][1], r["caught"][0], r["caught"][2]
        now_alarms, at_alarms, stayers = r["flagged stayers"][1], r["flagged stayers"][0], r["flagged stayers"][2]
        (dr, rl, rh), (df, fl, fh) = r["recall change"], r["false-alarm change"]
        text = (
            f"at {threshold:g} the model flags {at_caught} of {churners} churners against {now_caught} at "
            f"{r['current']:g}: recall {pts(dr)} points (90% Newcombe paired interval {pts(rl)} to {pts(rh)}); "
            f"and {at_alarms:,} of {stayers:,} stayers against {now_alarms:,}: stayers flagged {pts(df)} points "
            f"({pts(fl)} to {pts(fh)})"
        )
        recall_word = word_on_interval(rl, rh, RECALL_WORDS)
        alarm_word = word_on_interval(fl, fh, FALSE_ALARM_WORDS)
        call = call_on(recall_word, fl, fh)
        return text, recall_word, alarm_word, call, r

    def threshold_checker(answer):
        if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 4:
            raise TypeError("answer with (threshold, recall verdict, false-alarm verdict, call)")
        threshold = _rate(answer[0], "the threshold")
        if not 0 < threshold < 1:
            return False, "A churn threshold is a probability strictly between 0 and 1."
        if threshold == current:
            return False, f"{threshold:g} is the current threshold: pick another one to compare with it."
        said_recall, said_alarm = _verdict(answer[1], RECALL_WORDS), _verdict(answer[2], FALSE_ALARM_WORDS)
        said_call = _verdict(answer[3], CALLS)
        evidence, recall_word, alarm_word, call, r = evidence_at(threshold)
        wrong = []
        if said_recall != recall_word:
            wrong.append(
                {
                    "catches more": "'catches more' needs the whole recall interval above zero",
                    "catches fewer": "'catches fewer' needs the whole recall interval below zero",
                    "not yet": "'not yet' is for a recall interval that straddles zero",
                }[said_recall]
            )
        if said_alarm != alarm_word:
            wrong.append(
                {
                    "more false alarms": "'more false alarms' needs the whole false-alarm interval above zero",
                    "fewer false alarms": "'fewer false alarms' needs the whole false-alarm interval below zero",
                    "not yet": "'not yet' is for a false-alarm interval that straddles zero",
                }[said_alarm]
            )
        if wrong:
            return False, (
                f"Not on this evidence: {evidence}. " + "; ".join(wrong) + f"; here it is "
                f"'{recall_word}' and '{alarm_word}'."
            )
        # a higher threshold flags only customers the current one already flags, so it can never catch more
        # churners (on these customers or on new ones): it can never pass the rule, and 'keep' is as right as the
        # intervals' 'not yet'
        higher = threshold > current
        allowed = {call, "keep"} if higher and call == "not yet" else {call}
        if said_call not in allowed:
            rule = (
                f"adopt when the whole recall interval is above zero and the whole false-alarm interval is at or "
                f"below +{line:g} points; keep when recall catches fewer or the whole false-alarm interval is "
                f"above +{line:g}; otherwise (an interval straddles one of those lines) not yet"
            )
            return False, (
                f"The verdicts are right, but not the call. The rule: {rule}. Here the call is "
                + " or ".join(f"'{c}'" for c in sorted(allowed))
                + "."
            )
        if len(allowed) > 1:
            settle = (
                f" A threshold above {current:g} flags only customers the current one already flags, so it can "
                "never catch more churners, on these customers or on new ones: more customers cannot make it "
                "pass the rule. 'Keep' says so; 'not yet' is what the intervals alone say. Both are accepted."
            )
        elif call == "not yet":
            settle = (
                " 'Not yet' means the current threshold stays while the team tests it on fresh customers, as "
                "many as the smallest change worth detecting calls for, chosen before the test (notebook 04 "
                "sizes such tests)."
            )
        else:
            settle = ""
        return True, (
            f"Right: {evidence}, so recall: **{recall_word}**; false alarms: **{alarm_word}**; the call: "
            f"**{said_call}**.{settle} The threshold "
            "was tried on the same test customers it is judged on, so its numbers flatter it a little; a "
            "team would confirm it on fresh customers, and would price a caught churner against a wrongly "
            "flagged stayer (notebook 01) rather than stop at counts."
        )

    def threshold_solution():
        lines = []
        for t in (0.2, 0.3, 0.4, 0.6):
            evidence, recall_word, alarm_word, call, _ = evidence_at(t)
            lines.append(f"{evidence}: {recall_word}, {alarm_word}, {call}")
        return (
            "Re-run `threshold_change(t)` for a few thresholds: " + "; ".join(lines) + ". A lower threshold "
            "flags more customers: it catches more churners and wrongly flags more stayers, and the lower it "
            "goes, the more stayers it flags. A higher one flags only "
            "customers the current one already flags, so it can never catch more churners: it can never pass "
            "the rule, and 'keep' is right for it even when its recall interval straddles zero ('not yet', "
            "what the intervals alone say, is accepted too). "
            "The rule reads the false-alarm interval's high end (no more than "
            f"+{line:g} points) and answers 'not yet' when the interval straddles that line. Any threshold "
            "whose verdicts "
            "and call match its evidence is a right answer. The thresholds were tried on the test customers, "
            "so the chosen one looks a little better than it will on new customers."
        )

    q2 = custom(
        "2 · Move the churn threshold",
        f"The model calls a customer a churner when its churn probability is at least `CHURN_THRESHOLD` "
        f"(now {current:g}). A colleague wants 0.3 'to catch more churners'. The team's rule, set before looking "
        "(`MAX_FALSE_ALARM_RISE`): adopt a new threshold only if it catches more churners on the whole 90% "
        "interval and the share of stayers it flags by mistake (false alarms) rises by no more than "
        f"{line:g} points on its whole 90% interval. "
        "The call is 'keep' when the threshold clearly fails that rule (it catches fewer churners, or the whole "
        f"false-alarm interval lies above +{line:g} points), and 'not yet' when an interval straddles one "
        "of the rule's lines and the evidence leaves the rule unsettled. Pick a threshold "
        "(0.3, or another), run `threshold_change(threshold)` (the changes against the current one on the same "
        "test customers, with their 90% paired intervals), and answer `(threshold, recall verdict, false-alarm "
        "verdict, call)`: recall is one of "
        + ", ".join(f'`"{v}"`' for v in RECALL_WORDS)
        + ", false alarms one of "
        + ", ".join(f'`"{v}"`' for v in FALSE_ALARM_WORDS)
        + " (each verdict against zero: 'not yet' when the "
        f"interval straddles zero; the {line:g}-point line belongs to the call only), and "
        "the call one of " + ", ".join(f'`"{v}"`' for v in CALLS) + ".",
        threshold_checker,
        hints=[
            "`threshold_change(0.3)` returns the churners and stayers flagged and the changes in recall and in the "
            "share of stayers flagged, in points, each as (change, low, high) with its 90% interval.",
            "'catches more' needs the whole recall interval above zero, 'catches fewer' the whole interval below; "
            "'more false alarms' needs the whole false-alarm interval above zero; an interval across zero is "
            "'not yet'.",
        ],
        solution=threshold_solution,
        practice="decision",
    )
    return q1, q2
