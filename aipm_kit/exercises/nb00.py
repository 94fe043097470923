"""Exercises for notebook 00 (orientation).

Each bind is called right after the data it needs exists, so every
expected answer is computed from the notebook's own run, at check time:

- ``bind_accuracy(right=..., change_at=..., max_false_alarm_rise=...)`` returns ``q1`` (by hand: the
  90% Wilson interval of the accuracy) and ``q2`` (decision: a churn threshold, what it does to
  the churners caught and to the stayers flagged by mistake against the current threshold, each read off its
  90% paired interval, and the call: adopt it, keep the current one, or not yet, by a rule fixed before looking);
- ``bind_drift(alert_value=..., alert_rate=...)`` returns ``q3`` (decision: a higher alert
  rate after the drift, priced: the simulated fraud dollars the extra alerts stop against the
  extra review cost, decided on the net's 90% interval);
- ``bind_labels(payments=..., mature_after_days=...)`` returns ``q5`` (by hand: the days until 90% of the
  simulated chargebacks have arrived, set beside the fraud team's cut and the simulator's mean delay; it
  practises section 2's label delay, so it sits at its end);
- ``bind_learning(segments_at=..., n_segments=..., line=...)`` returns ``q6`` (decision: choose a usage
  segment, found without labels, on the training customers' churn rates, and say on its held-out 90% Wilson
  interval whether it could carry a segment-wide retention offer);
- ``bind_jobs(...)`` returns ``q4`` (decision: the clause about the churn model a PM lets into a
  client's contract: expectation management; it practises section 1, so it sits at its end).
"""

from __future__ import annotations

import math

import numpy as np

from ..metrics import wilson_interval
from . import choice, custom
from ._answers import number as _rate
from ._answers import pair as _pair

#: the verdicts on the churners caught at a new churn threshold against the current one (recall, on its interval)
RECALL_WORDS = ("catches more", "catches fewer", "not yet")
#: the verdicts on the stayers flagged by mistake at a new churn threshold against the current one (on its interval)
FALSE_ALARM_WORDS = ("more false alarms", "fewer false alarms", "not yet")
#: the calls on a new churn threshold: adopt it, keep the current one, or not yet (the evidence does not settle the rule)
CALLS = ("adopt", "keep", "not yet")


def pts(value: float) -> str:
    """A signed change in points to one decimal, never "-0.0"."""
    text = f"{value:+.1f}"
    return "0.0" if text in ("-0.0", "+0.0") else text


def word_on_interval(low: float, high: float, words) -> str:
    """words[0] when the whole interval is above zero, words[1] when below, else words[2]."""
    return words[0] if low > 0 else words[1] if high < 0 else words[2]


#: the verdicts a learner may give on a higher alert rate after the drift: the net value a month, on its interval
VALUE_VERDICTS = ("worth it", "not worth it", "not yet")


def _money(value: float) -> str:
    """Signed dollars, the check escapes them for Markdown: +$1,234 or -$56."""
    return f"{'-' if value < 0 else '+'}${abs(value):,.0f}"


def _verdict(text, allowed) -> str:
    if not isinstance(text, str) or text.strip().lower() not in allowed:
        raise ValueError(f"the verdict must be one of {list(allowed)}, got {text!r}")
    return text.strip().lower()


def bind_accuracy(*, right, change_at, current: float, max_false_alarm_rise: float = 5.0):
    """Exercises 1 and 2 of notebook 00.

    ``right``: one True/False per held-out customer (the model was right);
    ``change_at(threshold)``: a dict comparing that churn threshold with the current one on the same
    test customers: ``"current"`` (the current threshold), ``"caught"`` (churners flagged at the
    threshold, at the current one, and all churners), ``"flagged stayers"`` (stayers flagged at the threshold,
    at the current one, and all stayers), ``"recall change"`` and ``"false-alarm change"`` (the share of churners
    and the share of stayers flagged, each ``(points, low, high)`` with its 90% Newcombe paired interval),
    ``"customers"`` (held-out customers); no verdicts: the learner reads them off the intervals;
    ``current``: the churn threshold in use; ``max_false_alarm_rise``: the points by which the team accepts the
    share of stayers flagged to rise (at the high end of the interval) for a threshold that catches more churners.
    """
    from .._checks import as_1d

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


def bind_drift(
    *, alert_value, alert_rate: float, period: str = "the months after the drift", before: str = "the months before it"
):
    """Exercise 3 of notebook 00.

    ``alert_value(rate)``: a dict comparing alert rate ``rate`` with ``alert_rate`` over the months after the
    drift, per month: ``"extra caught"`` (frauds), ``"extra alerts"``, ``"extra hours"`` (review hours), ``"stopped"`` (extra fraud
    dollars stopped, ``(mean, low, high)`` with its 90% bootstrap interval), ``"review cost"`` (dollars),
    ``"net"`` (``(mean, low, high)``, dollars), ``"recall change"`` (``(points, low, high)`` against recall
    before) and ``"cost per hour"`` (the assumed analyst cost); no verdict: the checker reads it off the net's
    interval, as the learner must. ``period``: the months replayed, as the prompt names them; ``before``: the
    months the recall change is measured against.
    """
    if not callable(alert_value):
        raise TypeError("alert_value must be a function of the alert rate")
    alert_rate = _rate(alert_rate, "alert_rate")
    if not isinstance(period, str) or not period:
        raise TypeError("period must name the months replayed, e.g. 'months 4-6'")
    if not isinstance(before, str) or not before:
        raise TypeError("before must name the months compared with, e.g. 'month 3'")

    def evidence_at(rate):
        v = alert_value(rate)
        (net, net_low, net_high), (stop, stop_low, stop_high) = v["net"], v["stopped"]
        text = (
            f"at a {rate:.1%} alert rate instead of {alert_rate:.1%}, over {period} the team catches about "
            f"{v['extra caught']:+,.0f} frauds a month, stopping {_money(stop)} more simulated fraud "
            f"(90% bootstrap interval {_money(stop_low)} to {_money(stop_high)}), for {v['extra hours']:+,.0f} "
            f"review hours costing {_money(v['review cost'])} at an assumed ${v['cost per hour']:,.0f} an "
            f"hour: net {_money(net)} a month ({_money(net_low)} to {_money(net_high)})"
        )
        return text, {**v, "verdict": word_on_interval(net_low, net_high, VALUE_VERDICTS)}

    def checker(answer):
        rate, claim = _pair(answer, "(alert_rate, verdict)")
        rate = _rate(rate, "the alert rate")
        if not 0 < rate < 1:
            return False, "An alert rate is a share of the transactions, strictly between 0 and 1 (0.05 is 5%)."
        if abs(rate - alert_rate) < 1e-12:
            return False, f"{rate:.1%} is today's rate: pick another one to compare with it."
        claim = _verdict(claim, VALUE_VERDICTS)
        text, v = evidence_at(rate)
        change, low, high = v["recall change"]
        recall = (
            f"Recall in {period} at {rate:.1%} is then {pts(change)} points against recall in {before} at "
            f"today's {alert_rate:.1%} (90% interval {pts(low)} to {pts(high)}): another alert rate moves "
            "along the same ranking, and more alerts do not teach the model the frauds it ranks low."
        )
        if claim == v["verdict"]:
            settle = (
                " More months of chargebacks could settle it, as many as the smallest net worth paying for, chosen "
                "before the test, calls for."
                if claim == "not yet"
                else ""
            )
            return True, (
                f"Right: {text}, so **{claim}**.{settle} If you priced several rates and kept the best, "
                f"its net flatters it a little. {recall} The value of a caught fraud is its "
                "amount, on the assumption that catching it stops the loss; notebook 01 prices this "
                "properly."
            )
        why = {
            "worth it": "the whole interval of the net must sit above zero",
            "not worth it": "the whole interval of the net must sit below zero",
            "not yet": "the interval of the net must straddle zero",
        }[claim]
        return False, f"Not on this evidence: {text}. To say '{claim}', {why}; here it is '{v['verdict']}'."

    def solution():
        lines, per_alert = [], []
        for times in (2, 4, 8):
            text, v = evidence_at(times * alert_rate)
            lines.append(f"{text}: {v['verdict']}")
            per_alert.append(v["extra caught"] / v["extra alerts"] if v["extra alerts"] else 0.0)
        falling = all(b < a for a, b in zip(per_alert, per_alert[1:]))
        trend = (
            "each extra alert goes to a transaction the model ranks lower, so the frauds caught per extra alert "
            "fall as the rate rises (" + ", ".join(f"{x:.2f}" for x in per_alert) + "): the net grows more "
            "slowly, and a higher cost per hour would stop it sooner."
            if falling
            else "the frauds caught per extra alert (" + ", ".join(f"{x:.2f}" for x in per_alert) + ") do not fall "
            "steadily here."
        )
        return (
            "Re-run `alert_value(rate)` for a few rates: "
            + "; ".join(lines)
            + ". Per extra alert, "
            + trend
            + " Any rate with the verdict its net interval gives is a right answer; the net rests on assumed "
            "review minutes and hourly cost, and on treating a caught fraud's amount as stopped."
        )

    q3 = custom(
        "3 · Buy more reviews after the recall drop?",
        f"In {period} of the simulated payments the review team could check more than {alert_rate:.1%} of "
        "transactions: more frauds caught, but more analyst hours. Pick an alert rate, run `alert_value(rate)` "
        "(the extra fraud dollars stopped, the extra review cost at the assumed minutes per alert and cost per "
        f"hour in the parameters, and the net a month over {period}, with its 90% interval), and answer "
        "`(rate, verdict)` where the verdict is "
        + ", ".join(f'`"{v}"`' for v in VALUE_VERDICTS)
        + ": is that rate worth paying for, against today's? The decision is for the months ahead. "
        f"{period[0].upper() + period[1:]}, priced in hindsight once the chargebacks are in, stand in for them: "
        "the verdict carries forward only if the fraud mix and amounts stay as they were.",
        checker,
        hints=[
            f"`alert_value({2 * alert_rate:g})` returns the extra frauds caught, the dollars stopped, the review "
            "cost and the net as (mean, low, high) with its 90% interval.",
            "'worth it' needs the whole net interval above zero, 'not worth it' the whole interval below zero; "
            "otherwise 'not yet'. Rates are shares: 0.05 is 5% of the transactions.",
        ],
        solution=solution,
        practice="decision",
    )
    return (q3,)


#: the verdicts a learner may give for a segment against the retention team's funding line
SEGMENT_VERDICTS = ("qualifies", "does not qualify", "not yet")


def segment_verdict(churners: int, customers: int, line: float, confidence: float = 0.90):
    """A segment's churn rate against ``line``, decided on its Wilson interval: (rate, low, high, verdict)."""
    low, high = wilson_interval(churners, customers, confidence=confidence)
    word = "qualifies" if low >= line else "does not qualify" if high < line else "not yet"
    return churners / customers, low, high, word


def chargeback_delays(payments):
    """Days from each payment to its chargeback's arrival, for the payments that have one."""
    from .._checks import check_columns

    check_columns(payments, ["timestamp", "label_available_at"], name="payments")
    delays = (payments["label_available_at"] - payments["timestamp"]).dt.total_seconds() / 86_400
    return delays.dropna().to_numpy(dtype=float)


def bind_labels(*, payments, mature_after_days: float, mean_delay_days: float):
    """Exercise 5 of notebook 00: by hand, the days until 90% of the simulated chargebacks have arrived.

    ``payments``: the simulated payments, with ``timestamp`` and ``label_available_at`` (when the chargeback
    arrives, empty without one); ``mature_after_days``: the age from which the fraud team trains on a transaction;
    ``mean_delay_days``: the mean chargeback delay the simulator was set to, the kit's number the learner's
    percentile is set beside.
    """
    delays = chargeback_delays(payments)
    if len(delays) < 10:
        raise ValueError(f"payments must hold at least 10 chargebacks (label_available_at filled), got {len(delays)}")
    mature_after_days = _rate(mature_after_days, "mature_after_days")
    if mature_after_days < 0:
        raise ValueError(f"mature_after_days must be days >= 0, got {mature_after_days}")
    mean_delay_days = _rate(mean_delay_days, "mean_delay_days")
    if mean_delay_days <= 0:
        raise ValueError(f"mean_delay_days must be days > 0, got {mean_delay_days}")
    wait_90 = float(np.percentile(delays, 90))

    def share_in(days):
        return float((delays <= days).mean())

    def checker(answer):
        days = _rate(answer, "the days")
        if abs(days - wait_90) > 1:
            named = ""
            if abs(days - float(np.mean(delays))) <= 1:
                named = "That is the mean delay. "
            elif abs(days - float(np.percentile(delays, 50))) <= 1:
                named = "That is the median delay. "
            elif abs(days - float(np.percentile(delays, 95))) <= 1:
                named = "That is when 95% are in; the question asks for 90%. "
            return False, (
                f"{named}By {days:g} days after the payment, {share_in(days):.0%} of the chargebacks have "
                "arrived, not 90%: take the 90th percentile of the delays."
            )
        return True, (
            f"Right. 90% of the chargebacks have arrived {wait_90:.0f} days after the payment, against the "
            f"simulator's mean delay of {mean_delay_days:g} days (these chargebacks average "
            f"{np.mean(delays):.0f}); {mature_after_days:g} days after the payment (the fraud team's cut) "
            f"only {share_in(mature_after_days):.0%} have. A mean says little about when the labels are "
            "in: a team that waits the mean still trains on many frauds labelled as legitimate."
        )

    return (
        custom(
            "5 · How long until the labels are in?",
            f"The fraud team above trained only on transactions at least `MATURE_AFTER_DAYS` = {mature_after_days:g} "
            f"days old, and the simulator's chargebacks arrive `LABEL_DELAY_DAYS` = {mean_delay_days:g} days after the "
            "payment on average. From the simulated `payments` (columns `timestamp`, the payment, and "
            "`label_available_at`, when its chargeback arrived, empty when there is none), compute how many days after "
            "a payment 90% of the chargebacks have arrived, and set it beside those two numbers. Answer with the days.",
            checker,
            hints=[
                "Subtract the two columns, turn the difference into days, drop the payments without a chargeback.",
                "`delays = (payments['label_available_at'] - payments['timestamp']).dt.total_seconds() / 86_400`, then "
                "`np.percentile(delays.dropna(), 90)`.",
            ],
            solution=lambda: (
                "`delays = (payments['label_available_at'] - payments['timestamp']).dt.total_seconds() "
                "/ 86_400`, then `np.percentile(delays.dropna(), 90)` gives "
                f"{wait_90:.1f} days (the mean is {np.mean(delays):.1f})."
            ),
            practice="by-hand",
        ),
    )


def bind_learning(*, segments_at, n_segments: int, line: float):
    """Exercise 6 of notebook 00: a usage segment, found without labels, chosen on the training customers and
    judged on the held-out ones.

    ``segments_at(k)``: ``(training, held_out)``, each ``{segment number: (churners, customers)}``, for the
    ``k`` segments k-means finds without the churn column (the segment to fund is chosen on the training
    counts, the verdict taken on the held-out ones); ``n_segments``: the notebook's own number of
    segments; ``line``: the churn rate a segment must clear, on its whole 90% Wilson interval, for a
    segment-wide retention offer.
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


def bind_jobs(*, accuracy: float, interval, baseline: float, gap_interval, weak_cohort: str, weak_recall: float):
    """Exercise 4 of notebook 00: what a sales lead may write into a client's contract about the churn model.

    ``accuracy`` and ``interval``: the churn model's held-out accuracy and its 90% interval (fractions of 1);
    ``baseline``: the accuracy of "nobody churns"; ``gap_interval``: the 90% paired interval of the model minus
    the baseline, in points; ``weak_cohort`` and ``weak_recall``: the cohort whose churners the model flags least,
    and that share.
    """
    accuracy, baseline, weak_recall = (
        _rate(v, n) for v, n in ((accuracy, "accuracy"), (baseline, "baseline"), (weak_recall, "weak_recall"))
    )
    for value, name in ((accuracy, "accuracy"), (baseline, "baseline"), (weak_recall, "weak_recall")):
        if not 0 <= value <= 1:
            raise ValueError(f"{name} must be a share between 0 and 1, got {value}")
    low, high = (_rate(v, "interval") for v in _pair(interval, "interval (low, high)"))
    gap_low, gap_high = (_rate(v, "gap_interval") for v in _pair(gap_interval, "gap_interval (low, high)"))
    if not isinstance(weak_cohort, str) or not weak_cohort:
        raise TypeError("weak_cohort must be the name of a cohort")
    options = {
        "a": f'"The churn model is {accuracy:.0%} accurate, as measured on the held-out customers of our own tests."',
        "b": f'"The churn model is {low:.0%} to {high:.0%} accurate (90% interval), measured on held-out customers in our tests."',
        "c": "\"No figure yet: we measure the model on your customers, beside 'nobody churns', by churners caught.\"",
        "d": (
            f'"Our tests measured up to {high:.0%} accuracy (the top of the 90% interval), so we guarantee '
            f'{high:.0%} to you."'
        ),
        "e": '"None: this model stays out of the contract until it beats doing nothing on your churners."',
    }
    inside = low <= baseline <= high
    one_split = (
        f"the gap over predicting that nobody churns is {gap_low:+.1f} to {gap_high:+.1f} points (90% "
        "interval), measured on one split of the customers only"
    )
    q6 = choice(
        "4 · What goes into the contract?",
        "A sales lead wants to put the churn model into a client's contract. You own what it promises (the PM job "
        "is expectation management). Which clause do you let through? Answer one letter; two clauses can be defended and `check()` "
        "accepts either.",
        options,
        correct={"c", "e"},
        hints=[
            "A promise the client can check must survive a new sample of customers and a comparison with doing "
            "nothing.",
            "How far above doing nothing is the model, on its 90% interval, and on how many splits?",
        ],
        solution=(
            f"Clause c or clause e: {one_split}, so no accuracy figure is shown to hold for the client's "
            f"customers. Clause b is a range, but of accuracy, where doing nothing scores {baseline:.1%}"
            + (" (inside the range). " if inside else ". ")
            + "Either promise "
            "only a measurement on the client's own customers, beside the trivial baseline and by the "
            "yardstick that matters (churners caught), or keep the model out until it beats doing "
            "nothing."
        ),
        feedback={
            "a": (
                f"A single number: a new sample of customers moves it ({low:.0%} to {high:.0%} at 90%), and "
                f"predicting that nobody churns already scores {baseline:.0%}. The client will read "
                f"{accuracy:.0%} as a specification."
            ),
            "b": (
                "A range with its confidence, but of accuracy, the wrong number for a rare outcome: the trivial "
                f"baseline, predicting that nobody churns, scores {baseline:.1%}"
                + (
                    ", inside that range, so the clause promises what doing nothing delivers"
                    if inside
                    else ", and the clause does not say so"
                )
                + f"; and {one_split}, of a public, old and partly synthetic table, not the client's customers."
            ),
            "c": (
                f"Defensible: {one_split}, so the clause promises no figure, only a measurement on the client's "
                "customers beside the trivial baseline, by churners caught. That is expectation management."
            ),
            "e": (
                f"Defensible: {one_split}, and on that split the model flags only {weak_recall:.0%} of the churners "
                f"with {weak_cohort} (a cohort picked after looking). Keeping it out of the contract promises nothing the evidence cannot carry."
            ),
            "d": (
                f"{high:.0%} is the optimistic end of a 90% interval from one split, on accuracy alone, where "
                f"predicting that nobody churns already scores {baseline:.0%}: guaranteeing it is overpromising "
                "twice."
            ),
        },
        practice="reading",
    )
    return (q6,)
