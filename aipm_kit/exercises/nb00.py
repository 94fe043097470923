"""Exercises for notebook 00 (orientation).

Three binds, each called right after the data it needs exists, so every
expected answer is computed from the notebook's own run, at check time:

- ``bind_accuracy(right=..., change_at=...)`` returns ``q1`` (by hand: the 90% Wilson
  interval of the accuracy) and ``q2`` (decision: a churn threshold, and what it does to
  the churners caught and to accuracy against the current threshold, each on its 90%
  paired interval);
- ``bind_drift(recall_change=..., alert_rate=..., review_hours=...)`` returns ``q3``
  (decision: an alert rate after the drift, whether recall is back to its level before
  the drift, and what the reviews cost in hours);
- ``bind_learning(segments_at=..., n_segments=..., line=..., label_delay_days=...)`` returns
  ``q4`` (decision: try other numbers of usage segments, found without labels, and say whether a
  segment could carry a segment-wide retention offer, on the 90% Wilson interval of its churn rate) and ``q5`` (decision: supervised, unsupervised or a
  rule for five product questions, and how long the labels each needs take to arrive);
- ``bind_jobs(accuracy=...)`` returns ``q6`` (reading: the PM job behind a promise).
"""

from __future__ import annotations

import math

from ..metrics import wilson_interval
from . import choice, custom

JOBS = {
    "expectation management": "what clients and colleagues are told the product will do",
    "data strategy": "where the training data come from, and how they are labelled and kept",
    "performance governance": "watching the live model and stepping in when it slips",
    "ethics and compliance": "fairness across groups, explanations, regulation",
    "technical-to-business translation": "turning model metrics into money, hours and users",
    "experiment design": "telling a real improvement from chance",
}

#: the verdicts a learner may give for a churn threshold against the current one: churners caught, and accuracy
THRESHOLD_VERDICTS = ("catches more, costs accuracy", "catches more, no clear cost", "no clear gain")
#: the verdicts a learner may give for recall after the drift against recall before it
RECALL_VERDICTS = ("recovered", "still lower", "cannot tell")


def _pair(answer, what: str):
    if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 2:
        raise TypeError(f"answer with a pair {what}")
    return answer[0], answer[1]


def _rate(value, name: str) -> float:
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, got a True/False value")
    try:
        value = float(value)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number")
    return value


def _verdict(text, allowed) -> str:
    if not isinstance(text, str) or text.strip().lower() not in allowed:
        raise ValueError(f"the verdict must be one of {list(allowed)}, got {text!r}")
    return text.strip().lower()


def bind_accuracy(*, right, change_at):
    """Exercises 1 and 2 of notebook 00.

    ``right``: one True/False per held-out customer (the model was right);
    ``change_at(threshold)``: a dict comparing that churn threshold with the current one on the same
    test customers: ``"current"`` (the current threshold), ``"caught"`` (churners flagged at the
    threshold, at the current one, and all churners), ``"recall change"`` and ``"accuracy change"``
    (each ``(points, low, high)`` with its 90% Newcombe paired interval) and ``"verdict"`` (one of
    :data:`THRESHOLD_VERDICTS`).
    """
    from .._checks import as_1d

    right = as_1d(right, "right").astype(bool)
    if len(right) < 2:
        raise ValueError(f"right must hold at least 2 customers, got {len(right)}")
    if not callable(change_at):
        raise TypeError("change_at must be a function of the threshold")
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
            return True, (f"Right: {lo:.2%} to {hi:.2%}, which is what `metrics.wilson_interval({k}, {n}, "
                          "confidence=0.90)` gives. Set it beside the 90% bootstrap interval above: a formula and "
                          "a resampling, two routes to a band around the same number.")
        if near((low, high), wilson(0.95)):
            return False, "That is the 95% Wilson interval (z = 1.96). The question asks for 90%: z = 1.645."
        if near((low, high), wald()):
            return False, ("That is the textbook normal (Wald) interval, p ± z·√(p(1−p)/n). Close here, but "
                           "Wilson's centre moves towards 50% by z²/2n and its half-width has an extra "
                           "z²/4n² term; use the Wilson formula.")
        if low > high:
            return False, "The low end must come first."
        return False, (f"Not yet: the 90% Wilson interval is centred near {(lo + hi) / 2:.3f}. Check z (1.645 "
                       f"for 90%), n = {n} and p = {k}/{n}, or ask for `hint()`.")

    q1 = custom(
        "1 · A Wilson interval by hand",
        f"The model was right for `right.sum()` = {k} of `len(right)` = {n} held-out customers. Compute its "
        "**90% Wilson interval** in a few lines of numpy, as `(low, high)` fractions of 1, and compare it "
        "with the 90% bootstrap interval above. With p = k/n and z = 1.645 (90%): centre = (p + z²/2n) / "
        "(1 + z²/n), half-width = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n); the interval is centre ± half-width.",
        wilson_checker,
        hints=[
            "p = k / n and z = 1.645 for a 90% interval (`statistics.NormalDist().inv_cdf(0.95)`).",
            "centre = (p + z²/(2n)) / (1 + z²/n); half = z·√(p(1−p)/n + z²/(4n²)) / (1 + z²/n); "
            "the interval is centre ± half.",
        ],
        solution=lambda: (f"With p = {k}/{n}, z = 1.645: centre = (p + z²/2n)/(1 + z²/n), half = "
                          "z·√(p(1−p)/n + z²/4n²)/(1 + z²/n), so the interval is "
                          f"{wilson()[0]:.2%} to {wilson()[1]:.2%}, the same as "
                          f"`metrics.wilson_interval({k}, {n}, confidence=0.90)`."),
        practice="by-hand",
    )

    def evidence_at(threshold):
        r = change_at(threshold)
        now_caught, at_caught, churners = r["caught"][1], r["caught"][0], r["caught"][2]
        (dr, rl, rh), (da, al, ah) = r["recall change"], r["accuracy change"]
        text = (f"at {threshold:g} the model flags {at_caught} of {churners} churners against {now_caught} at "
                f"{r['current']:g}: recall {dr:+.1f} points (90% Newcombe paired interval {rl:+.1f} to {rh:+.1f}); "
                f"accuracy {da:+.1f} points ({al:+.1f} to {ah:+.1f})")
        return text, r["verdict"]

    def threshold_checker(answer):
        threshold, claim = _pair(answer, "(threshold, verdict)")
        threshold = _rate(threshold, "the threshold")
        if not 0 < threshold < 1:
            return False, "A churn threshold is a probability strictly between 0 and 1."
        claim = _verdict(claim, THRESHOLD_VERDICTS)
        evidence, verdict = evidence_at(threshold)
        if claim == verdict:
            return True, (f"Right: {evidence}, so **{verdict}**. The threshold was tried on the same test customers "
                          "it is judged on, so its numbers flatter it a little; a team would confirm it on fresh "
                          "customers, and would price a caught churner against a wrongly flagged stayer "
                          "(notebook 01) rather than stop at accuracy.")
        why = {"catches more, costs accuracy": "the recall interval must sit above zero and the accuracy interval "
                                               "below zero",
               "catches more, no clear cost": "the recall interval must sit above zero and the accuracy interval "
                                              "must not sit wholly below zero",
               "no clear gain": "the recall interval must reach zero or below"}[claim]
        return False, f"Not on this evidence: {evidence}. To say '{claim}', {why}; here it is '{verdict}'."

    def threshold_solution():
        lines = []
        for t in (0.2, 0.3, 0.4, 0.6):
            evidence, verdict = evidence_at(t)
            lines.append(f"{evidence}: {verdict}")
        return ("Re-run `threshold_change(t)` for a few thresholds: " + "; ".join(lines) + ". A lower threshold "
                "flags more customers: it catches more churners and wrongly flags more stayers, and past some "
                "point the extra false alarms outweigh the extra catches in accuracy. Any threshold whose verdict "
                "matches its evidence is a right answer. The thresholds were tried on the test customers, so the "
                "chosen one looks a little better than it will on new customers.")

    q2 = custom(
        "2 · Move the churn threshold",
        "The model calls a customer a churner when its churn probability is at least `CHURN_THRESHOLD`. A "
        "colleague wants 0.3 'to catch more churners'. Pick a threshold between 0 and 1, run "
        "`threshold_change(threshold)` (it compares your threshold with the current one on the same test "
        "customers), and answer `(threshold, verdict)` where the verdict is one of "
        + ", ".join(f'`"{v}"`' for v in THRESHOLD_VERDICTS) + ": does it catch more churners (recall, on its "
        "90% paired interval), and at what cost in accuracy (on its interval)?",
        threshold_checker,
        hints=[
            "`threshold_change(0.3)` returns the churners caught, the recall and accuracy changes in points with "
            "their 90% intervals, and the verdict.",
            "'catches more' needs the whole recall interval above zero; 'costs accuracy' needs the whole "
            "accuracy interval below zero.",
        ],
        solution=threshold_solution,
        practice="decision",
    )
    return q1, q2


def bind_drift(*, recall_change, alert_rate: float, review_hours):
    """Exercise 3 of notebook 00.

    ``recall_change(rate)``: ``(change, low, high, verdict)`` in points, the pooled recall of the months
    after the drift at alert rate ``rate`` minus the recall before the drift at ``alert_rate``, with its 90%
    bootstrap interval and the verdict (one of :data:`RECALL_VERDICTS`); ``review_hours(rate)``: the
    review team's hours a month at that alert rate (an assumed time per review times the alerts).
    """
    if not callable(recall_change):
        raise TypeError("recall_change must be a function of the alert rate")
    if not callable(review_hours):
        raise TypeError("review_hours must be a function of the alert rate")
    alert_rate = _rate(alert_rate, "alert_rate")

    def hours(rate):
        return (f"the reviews take about {review_hours(rate):,.0f} hours a month, against "
                f"{review_hours(alert_rate):,.0f} at {alert_rate:.1%}")

    def checker(answer):
        rate, claim = _pair(answer, "(alert_rate, verdict)")
        rate = _rate(rate, "the alert rate")
        if not 0 < rate < 1:
            return False, "An alert rate is a share of the transactions, strictly between 0 and 1 (0.05 is 5%)."
        claim = _verdict(claim, RECALL_VERDICTS)
        change, low, high, verdict = recall_change(rate)
        evidence = (f"at a {rate:.1%} alert rate, recall after the drift minus recall before it (at "
                    f"{alert_rate:.1%}) is {change:+.1f} points (90% interval {low:+.1f} to {high:+.1f})")
        if claim == verdict:
            said = {"recovered": "recall has **recovered**", "still lower": "recall is **still lower**",
                    "cannot tell": "the two **cannot be told apart** yet"}[verdict]
            return True, (f"Right: {evidence}, so {said}; {hours(rate)}. Whether those hours are worth the "
                          "fraud they stop is the business case notebook 01 prices.")
        why = {"recovered": "the whole interval must sit above zero",
               "still lower": "the whole interval must sit below zero",
               "cannot tell": "the interval must straddle zero"}[claim]
        return False, f"Not on this evidence: {evidence}. To say '{claim}', {why}; here it is '{verdict}'."

    def solution():
        lines, first_recovered = [], None
        for times in (1, 2, 4, 6, 8, 10, 12):
            change, low, high, verdict = recall_change(times * alert_rate)
            lines.append(f"{times * alert_rate:.1%}: {change:+.1f} points ({low:+.1f} to {high:+.1f}), {verdict}, "
                         f"{review_hours(times * alert_rate):,.0f} review hours a month")
            if verdict == "recovered" and first_recovered is None:
                first_recovered = times
        found = (f"Recall is back above its level before the drift, on the whole interval, only at "
                 f"{first_recovered} times the usual alert rate, for about {review_hours(first_recovered * alert_rate):,.0f} "
                 f"review hours a month instead of {review_hours(alert_rate):,.0f}." if first_recovered else
                 "Even 12 times the usual alert rate does not bring recall back above its level before the drift, "
                 "on the whole interval.")
        return ("Re-run `recall_change(rate)` for a few rates: " + "; ".join(lines) + ". " + found + " More "
                "alerts buy back recall at the price of more reviews; the rate where the verdict flips is what "
                "the drift would cost the review team, every month until the model is retrained on the new "
                "pattern. Any rate with the verdict its evidence gives is a right answer.")

    q3 = custom(
        "3 · Buy back the lost recall",
        f"After the drift in the simulated payments, the review team could check more than {alert_rate:.1%} of "
        "transactions, which also "
        "lifts the ceiling that the alert budget puts on recall. Pick an alert rate, run `recall_change(rate)` "
        "and `review_hours(rate)`, and answer `(rate, verdict)` where the verdict is "
        "`\"recovered\"`, `\"still lower\"` or `\"cannot tell\"`: recall in the months after the drift at "
        "your rate, against recall before the drift at the usual rate, on its 90% interval. Then weigh the "
        "review hours it takes.",
        checker,
        hints=[
            f"`recall_change({2 * alert_rate:g})` returns the change in points, the ends of its 90% interval "
            "and the verdict.",
            "'recovered' needs the whole interval above zero, 'still lower' the whole interval below "
            "zero; otherwise 'cannot tell'. Rates are shares: 0.05 is 5% of the transactions.",
        ],
        solution=solution,
        practice="decision",
    )
    return (q3,)


#: the verdicts a learner may give for a segment against the retention team's funding line
SEGMENT_VERDICTS = ("qualifies", "does not qualify", "cannot tell")
#: the kinds of approach a product question may need
KINDS = ("supervised", "unsupervised", "rule")


def segment_verdict(churners: int, customers: int, line: float, confidence: float = 0.90):
    """A segment's churn rate against ``line``, decided on its Wilson interval: (rate, low, high, verdict)."""
    low, high = wilson_interval(churners, customers, confidence=confidence)
    word = "qualifies" if low >= line else "does not qualify" if high < line else "cannot tell"
    return churners / customers, low, high, word


def _questions(label_delay_days: float, horizon_days: int):
    """The five product questions of exercise 5: text, the kinds accepted, the shortest label wait accepted
    (None when no labels are needed) and why."""
    return {
        "a": (f"Which customers will cancel in the next {horizon_days} days, so the retention team can call them?",
              {"supervised"}, horizon_days,
              f"it learns from customers labelled churned or stayed, and a label exists only once the "
              f"{horizon_days}-day horizon has passed"),
        "b": ("Which groups of customers use the service in similar ways, for a marketing brief?",
              {"unsupervised", "rule"}, None,
              "nothing is predicted, so no label is needed: k-means finds the groups (a hand-made split such as "
              "'international plan or not' is a defensible rule)"),
        "c": ("Which of today's card payments will come back as a chargeback?",
              {"supervised"}, label_delay_days,
              f"it learns from confirmed frauds, and a chargeback arrives {label_delay_days:g} days after the "
              "payment on average in this notebook's simulation; a 'no chargeback' is known only later still"),
        "d": ("Send every payment over $5,000 to a second approval.",
              {"rule"}, None, "the specification is already written: nothing to learn, nothing to label"),
        "e": ("Which of this week's payments look unlike anything seen before, while the fraud team has no label "
              "for a new pattern yet?",
              {"unsupervised"}, None,
              "unusual-looking payments can be found without labels (anomaly detection); a model trained on "
              "past labels cannot know a pattern nobody has labelled"),
    }


def bind_learning(*, segments_at, n_segments: int, line: float, label_delay_days: float, horizon_days: int = 30):
    """Exercises 4 and 5 of notebook 00.

    ``segments_at(k)``: ``{segment number: (churners, customers)}`` among the held-out customers, for the
    ``k`` segments k-means finds without the churn column; ``n_segments``: the notebook's own number of
    segments; ``line``: the churn rate a segment must clear, on its whole 90% Wilson interval, for a
    segment-wide retention offer; ``label_delay_days``: the mean chargeback delay of the simulated
    payments; ``horizon_days``: the churn question's horizon.
    """
    if not callable(segments_at):
        raise TypeError("segments_at must be a function of the number of segments")
    if isinstance(n_segments, bool) or not isinstance(n_segments, int) or n_segments < 2:
        raise ValueError(f"n_segments must be a whole number >= 2, got {n_segments!r}")
    line = _rate(line, "line")
    if not 0 < line < 1:
        raise ValueError(f"line must be a churn rate strictly between 0 and 1, got {line}")
    label_delay_days = _rate(label_delay_days, "label_delay_days")
    if label_delay_days <= 0:
        raise ValueError(f"label_delay_days must be positive, got {label_delay_days}")
    if isinstance(horizon_days, bool) or not isinstance(horizon_days, int) or horizon_days < 1:
        raise ValueError(f"horizon_days must be a whole number of days >= 1, got {horizon_days!r}")

    def counts_at(k):
        counts = {}
        for key, value in dict(segments_at(k)).items():
            churners, customers = (int(v) for v in _pair(value, "(churners, customers) for each segment"))
            if customers < 1 or not 0 <= churners <= customers:
                raise ValueError(f"segments_at({k}) gave segment {key!r} {value!r}: expected 0 <= churners <= "
                                 "customers and customers >= 1")
            counts[int(key)] = (churners, customers)
        return counts

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

    def evidence(k, segment, counts):
        churners, customers = counts[segment]
        rate, low, high, word = segment_verdict(churners, customers, line)
        text = (f"with {k} segments, segment {segment} holds {customers} held-out customers, {churners} of whom "
                f"churned: {rate:.1%} (90% Wilson interval {low:.1%} to {high:.1%}) against the line of {line:.1%}")
        return text, word, customers - churners, customers

    def segment_checker(answer):
        if isinstance(answer, (str, bytes)) or not hasattr(answer, "__len__") or len(answer) != 3:
            raise TypeError("answer with (k, segment, verdict): the number of segments, a segment's number, "
                            "and the verdict")
        k = whole(answer[0], "k, the number of segments")
        if not 2 <= k <= 12:
            return False, "Try between 2 and 12 segments: fewer is no segmentation, more leaves tiny segments."
        counts = counts_at(k)
        segment = whole(answer[1], "the segment")
        if segment not in counts:
            raise ValueError(f"with {k} segments the segment must be one of {sorted(counts)}, got {segment}")
        claim = _verdict(answer[2], SEGMENT_VERDICTS)
        text, word, stayers, customers = evidence(k, segment, counts)
        if claim == word:
            tried = ("" if k == n_segments else " You looked at several segmentations and kept a segment that "
                     "looked good: that choice flatters its rate, so a team would confirm it on fresh customers "
                     "before funding the offer.")
            return True, (f"Right: {text}, so it **{word}**.{tried} Either way, a segment is a rate for a group, "
                          f"not a prediction about a customer: an offer to the whole segment also goes to its "
                          f"{stayers} of {customers} customers who stayed. Which customers will cancel is a "
                          "question for the supervised model, and that needs labels.")
        why = {"qualifies": "the whole interval must sit at or above the line",
               "does not qualify": "the whole interval must sit below the line",
               "cannot tell": "the interval must straddle the line"}[claim]
        return False, f"Not on this evidence: {text}. To say '{claim}', {why}; here it {word}."

    def segment_solution():
        lines, first = [], None
        for k in range(2, 9):
            counts = counts_at(k)
            top = max(counts, key=lambda s: counts[s][0] / counts[s][1])
            text, word, *_ = evidence(k, top, counts)
            lines.append(f"{text}: {word}")
            if word == "qualifies" and first is None:
                first = k
        found = (f"The first segmentation with a segment that clears the line on its whole interval has {first} "
                 "segments; it was found by trying several, so confirm it on fresh customers." if first else
                 "No segmentation from 2 to 8 segments gives a segment that clears the line on its whole interval.")
        return ("For each number of segments, take the segment with the highest churn rate and set its 90% Wilson "
                "interval against the line: " + "; ".join(lines) + ". " + found + " Any (k, segment, verdict) "
                "whose verdict matches its interval is a right answer.")

    counts_now = counts_at(n_segments)
    n_clear = sum(evidence(n_segments, s, counts_now)[1] == "qualifies" for s in counts_now)
    now_clear = "none of them" if n_clear == 0 else "one of them" if n_clear == 1 else f"{n_clear} of them"
    q4 = custom(
        "4 · Could a segment carry the retention offer?",
        f"The retention team will send an offer to a whole segment only if the segment's churn rate is at least "
        f"**{line:.1%}** on its whole 90% interval (`OFFER_LIFT` times the training churn rate, set before "
        f"looking). With {n_segments} segments, {now_clear} clear{'s' if n_clear == 1 else ''} it on the whole "
        "interval. Try other numbers of segments "
        "with `segments_at(k)` (k from 2 to 8), compute the churn rate and 90% Wilson interval of the segment "
        "you would fund, and answer `(k, segment, verdict)` where the verdict is "
        + ", ".join(f'`"{v}"`' for v in SEGMENT_VERDICTS) + ".",
        segment_checker,
        hints=[
            "`counts, _ = segments_at(5)` gives {segment: (churners, customers)}; "
            "`metrics.wilson_interval(churners, customers, confidence=0.90)` gives the interval.",
            "'qualifies' needs the whole interval at or above the line, 'does not qualify' the whole interval "
            "below it; otherwise 'cannot tell'.",
        ],
        solution=segment_solution,
        practice="decision",
    )

    questions = _questions(label_delay_days, horizon_days)

    def kinds_checker(answer):
        if not isinstance(answer, dict):
            raise TypeError("answer with a dict {letter: (kind, days until the labels arrive)}, one entry for "
                            "each of 'a' to 'e'")
        answer = {str(k).strip().lower(): v for k, v in answer.items()}
        missing = sorted(set(questions) - set(answer))
        if missing:
            return False, f"Answer every question: {missing} {'is' if len(missing) == 1 else 'are'} missing."
        wrong = []
        for letter, (_, kinds, wait, why) in questions.items():
            kind, days = _pair(answer[letter], f"(kind, days) for question {letter!r}")
            kind = _verdict(kind, KINDS)
            if kind not in kinds:
                wrong.append(f"({letter}) is not '{kind}': {why}")
                continue
            if wait is None:
                if days not in (None, 0):
                    wrong.append(f"({letter}) needs no labels, so the wait is 0 (or None): {why}")
            else:
                days = _rate(days, f"the days for question {letter!r}")
                if days < wait:
                    wrong.append(f"({letter}) cannot have its labels in {days:g} days: {why}")
        if wrong:
            return False, "Not yet. " + "; ".join(wrong) + "."
        return True, ("Right. Only the supervised questions (a and c) need labels, and each waits for its "
                      f"labels: at least {horizon_days} days for the churn question and {label_delay_days:g} days "
                      "on average for the chargebacks (more for a 'no chargeback'). That wait is the feedback "
                      "loop of the path to live predictions, and notebook 01 asks whether it is short enough. The "
                      "unsupervised questions (b, e) answer at once, but no label ever tells them they were wrong; "
                      "the rule (d) needs none: its specification is its test.")

    def kinds_solution():
        return "; ".join(f"({k}) {sorted(kinds)[0] if len(kinds) == 1 else ' or '.join(sorted(kinds))}, "
                         f"{'no labels (0)' if wait is None else f'labels after at least {wait:g} days'}: {why}"
                         for k, (_, kinds, wait, why) in questions.items()) + "."

    q5 = custom(
        "5 · Which kind of learning, and how long for the labels?",
        "For each product question, say which approach it needs, `\"supervised\"` (learn from labelled "
        "outcomes), `\"unsupervised\"` (find structure without labels) or `\"rule\"` (a written specification), "
        "and roughly how many days you must wait before the labels for today's predictions (the outcomes they "
        "predict) are in and can be trained on (0 when no label is needed). Answer a dict "
        "`{\"a\": (kind, days), ...}`.\n\n"
        + "\n".join(f"- ({k}) {text}" for k, (text, *_rest) in questions.items()),
        kinds_checker,
        hints=[
            "Is there an outcome to predict that someone must record first? Then it learns from labels: "
            "supervised.",
            "A label exists only once the outcome has happened: the horizon of the question, or the chargeback "
            "delay of the simulated payments (`LABEL_DELAY_DAYS`).",
        ],
        solution=kinds_solution,
        practice="decision",
    )
    return q4, q5


def bind_jobs(*, accuracy: float):
    """Exercise 6 of notebook 00. ``accuracy``: the churn model's accuracy on the held-out customers."""
    accuracy = _rate(accuracy, "accuracy")
    if not 0 <= accuracy <= 1:
        raise ValueError(f"accuracy must be a share between 0 and 1, got {accuracy}")
    q4 = choice(
        "6 · The PM job behind a promise",
        f"A sales lead wants to write into a client's contract 'the churn model is {accuracy:.0%} accurate', the "
        "number from section 1. Which PM job is this about?",
        JOBS,
        correct="expectation management",
        hints=[
            "The problem is not the model; it is the promise being made about it.",
            "Which job decides what the client is told, and in what form (a single number, or a range beside "
            "a baseline)?",
        ],
        solution="Expectation management: say how often the model is right, for whom, and with what "
                 "confidence (the interval, the trivial baseline and the weak cohorts from section 1), "
                 "before the client finds out.",
        feedback={
            "technical-to-business translation": "Close: translation turns metrics into business terms. But the "
                                                 "risk here is overpromising: a single number with no range or "
                                                 "cohorts. Which job guards against that?",
            "experiment design": "Experiment design tells real improvements from noise. Nobody is comparing two "
                                 "versions here; the issue is what is being promised.",
            "performance governance": "Governance watches the live model. This is about what is promised "
                                      "before anyone watches anything.",
            "expectation management": "Right: replace the single number with a range, the trivial baseline "
                                      "beside it and the cohorts where it is weaker.",
        },
    )
    return (q4,)

