"""Exercises for notebook 05 (translate and communicate).

Every expected answer is computed from the objects the notebook passes to the
``bind_*`` functions, so changing a parameter changes the answer key with it.
Each ``bind_*`` is called right after the data its exercises need exists:

- :func:`bind_case` (section 1): a latency budget that keeps the payback date (decision);
- :func:`bind_options` (section 3): the option for a stated risk appetite (decision);
- :func:`bind_result` (section 5): the rollback line for a tolerated false-rollback rate (decision);
- :func:`bind_calls` (section 5): the trial call and the switch call, each on its intervals (decision);
- :func:`bind_f1` (section 7): an F1 gain priced from precision and recall, by hand;
- :func:`bind_mandate` (section 8): build, rule or drop for each proposed use (decision).
"""

from __future__ import annotations

import math
import re

from ..communicate import rollback_rule, share_below
from ..story import format_money
from . import choice, custom

__all__ = ["bind_case", "bind_options", "bind_result", "bind_calls", "bind_f1", "bind_mandate", "largest_latency"]


def _signed_money(x: float) -> str:
    """+$1,234 or -$1,234: the sign before the dollar, as everywhere else in the notebook."""
    return ("+" if x >= 0 else "") + format_money(x)


def _payback(case, latency_ms: float) -> float:
    return case.with_(added_latency_ms=float(latency_ms)).evaluate().break_even.months


def largest_latency(case, payback_months: float, *, step: float = 0.1, limit: float = 1_000.0) -> float:
    """The largest added latency (ms, to ``step``) at which ``case`` still pays back within ``payback_months``.

    Payback only gets later as latency grows (the churn curve never falls), so a
    bisection finds the edge. Returns 0.0 when even no added latency misses it.
    """
    if _payback(case, 0.0) > payback_months:
        return 0.0
    if _payback(case, limit) <= payback_months:
        return limit
    lo, hi = 0.0, limit
    while hi - lo > step:
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if _payback(case, mid) <= payback_months else (lo, mid)
    return lo


def bind_case(*, case, payback_months: float = 12.0, tolerance_ms: float = 10.0, latency_range=None):
    """Exercise 1: the largest added latency at which the case pays back within ``payback_months``.

    ``latency_range`` is engineering's (low, high) range for the added latency;
    the feedback says whether the edge lies inside it (the date is then not yet
    settled: measure the latency first) or outside.
    """
    edge = largest_latency(case, payback_months)
    if latency_range is None:
        where = ""
    else:
        lo_ms, hi_ms = (float(v) for v in latency_range)
        if lo_ms < edge < hi_ms:
            where = (
                f" The assumed range for the added latency, {lo_ms:,.0f} to {hi_ms:,.0f} ms, straddles that "
                "edge, so the payback date is not yet settled: measure the latency before promising the date."
            )
        elif edge >= hi_ms:
            where = f" Even the top of the assumed range, {hi_ms:,.0f} ms, keeps the date."
        else:
            where = f" Even the bottom of the assumed range, {lo_ms:,.0f} ms, misses the date."

    def checker(answer):
        try:
            x = float(answer)
        except (TypeError, ValueError):
            return False, f"Answer with a number of milliseconds, got {answer!r}."
        if not math.isfinite(x) or x < 0:
            return False, "A latency budget is a number of milliseconds, 0 or more."
        months = _payback(case, x)
        if edge == 0.0:
            return (
                x == 0.0,
                "Right: even with no added latency the case misses the date, so no latency fits."
                if x == 0.0
                else f"Even at 0 ms the case pays back in {_payback(case, 0):.1f} months, "
                f"later than {payback_months:g}: no latency budget keeps the date; answer 0.",
            )
        if months > payback_months:
            return False, (
                f"At {x:,.0f} ms the case pays back in {months:.1f} months, later than "
                f"{payback_months:g}: the churn it adds eats the value. Try less."
            )
        if x < edge - tolerance_ms:
            return False, (
                f"At {x:,.0f} ms it pays back in {months:.1f} months, inside the date, but you can give "
                f"engineering more room: the payback stays within {payback_months:g} months up to "
                "a higher latency. Search upward."
            )
        today = {True: "below", False: "at or above"}[edge < case.added_latency_ms]
        return True, (
            f"Right: at {x:,.0f} ms it pays back in {months:.1f} months; the edge is about {edge:,.0f} ms, "
            f"{today} the {case.added_latency_ms:,.0f} ms assumed today.{where}"
        )

    q1 = custom(
        "1 · A latency budget that keeps the payback date",
        f"The sponsor wants the project to pay back within **{payback_months:g} months**. Engineering asks how "
        "much latency the new model may add. With every other assumption as set, what is the **largest added "
        f"latency (ms)** at which the case still pays back in time? Re-run the case at different latencies "
        f"(`case.with_(added_latency_ms=...).evaluate().break_even.months`); answer to within {tolerance_ms:g} ms.",
        checker,
        hints=[
            "Payback only gets later as latency grows: try a few values and close in on the edge.",
            "Below 100 ms the assumed curve adds no churn; the edge lies between 100 ms and today's latency "
            "if today's latency misses the date.",
            "A loop over `range(100, 200)` printing the break-even month finds it.",
        ],
        solution=lambda: (
            f"```python\nfor ms in range(100, 201, 5):\n    print(ms, case.with_(added_latency_ms=ms)"
            f".evaluate().break_even.months)\n```\nThe payback crosses {payback_months:g} months at "
            f"about {edge:,.0f} ms (`nb05.largest_latency(case, {payback_months:g})`). The model adds "
            f"{case.added_latency_ms:,.0f} ms today, so it pays back in {_payback(case, case.added_latency_ms):.1f} "
            "months: make it faster, or move the date. A steeper churn curve moves the edge down."
        ),
        practice="by-hand",
    )
    return q1


def bind_options(*, options, max_p_loss: float, worst_case: float, floors: bool = False):
    """Exercise 2: the option for a stated appetite (a chance of a loss and a worst case it accepts).

    With ``floors=True`` the table's chances of a loss are floors (they count failure only), so they can rule an
    option out but never show one within the limit: 'none' is then accepted beside the option the table does not
    rule out.
    """
    table = options.to_frame()
    fits = table[
        (table["p_loss"] <= max_p_loss + 1e-12) & (table["net_if_failure"] >= worst_case) & (table["expected_net"] > 0)
    ]
    pick = str(fits["expected_net"].idxmax()) if len(fits) else "none"
    listing = {
        name: (
            f"expected net {format_money(row.expected_net)}, net if it fails "
            f"{format_money(row.net_if_failure)}, chance of a loss {'at least ' if floors else ''}"
            f"{row.p_loss:.0%}"
        )
        for name, row in table.iterrows()
    }
    listing["none"] = "no option fits this appetite"

    def why(name: str) -> str:
        if name == "none":
            return (
                f"`{pick}` fits both limits as far as this table can show (chance of a loss at least "
                f"{table.loc[pick, 'p_loss']:.0%}, net if it fails {format_money(table.loc[pick, 'net_if_failure'])}), "
                "so there is an option to take."
            )
        row = table.loc[name]
        broken = []
        if row.p_loss > max_p_loss + 1e-12:
            broken.append(f"its chance of a loss, {row.p_loss:.0%}, is above the {max_p_loss:.0%} the sponsor accepts")
        if row.net_if_failure < worst_case:
            broken.append(
                f"its net if it fails, {format_money(row.net_if_failure)}, is below the "
                f"{format_money(worst_case)} the sponsor accepts"
            )
        if row.expected_net <= 0:
            broken.append("it loses money on average")
        if broken:
            return f"`{name}` does not fit: " + " and ".join(broken) + "."
        return (
            f"`{name}` fits both limits as far as this table can show, but `{pick}` also fits and has the higher expected net "
            f"({format_money(table.loc[pick, 'expected_net'])} against {format_money(row.expected_net)}): "
            "within the appetite, take the most expected value."
        )

    def right() -> str:
        if pick == "none":
            return "Right: every option breaks a limit (or loses money on average); keep what runs today."
        row = table.loc[pick]
        return (
            f"Right: `{pick}` fits both limits as far as this table can show (chance of a loss at least "
            f"{row.p_loss:.0%}: it counts failure only, so it cannot certify the option as safe; net if it fails "
            f"{format_money(row.net_if_failure)}) and has the best expected net among those that do, "
            f"{format_money(row.expected_net)}."
        )

    feedback = {name: why(name) for name in listing if name != pick}
    feedback[pick] = right()
    accepted = {pick}
    if floors and pick != "none":
        accepted.add("none")
        floor = table.loc[pick, "p_loss"]
        feedback["none"] = (
            f"Defensible: the chance of a loss is a floor, so `{pick}`'s {floor:.0%} does not show it "
            f"within the {max_p_loss:.0%} limit, and no option is shown to fit; keep what runs today "
            f"until its chance of a loss is measured. `{pick}` is defensible too: it is the one option "
            "the table does not rule out."
        )
        feedback[pick] = right().replace("Right: ", "Defensible: ", 1) + (
            " 'none' is defensible too: a floor below the limit does not show the option within it."
        )
    q2 = choice(
        "2 · Pick the option for a stated risk appetite",
        f"The sponsor accepts at most a **{max_p_loss:.0%} chance of losing money** and a **net if it fails no "
        f"worse than {format_money(worst_case)}** over the horizon. Which option do you take? Drop the options that "
        "break either limit (or lose money on average), take the best expected value among the rest, and "
        "defend it on both numbers. The chance of a loss counts failure only (a floor, see above), so an option "
        "within the limit may still break it: say so when you defend the pick"
        + (", or answer `none` if you hold that a floor cannot show an option within the limit" if floors else "")
        + ". Then change `MY_MAX_P_LOSS` and "
        "`MY_WORST_CASE` and see when the pick flips.",
        listing,
        accepted,
        hints=[
            "`options.to_frame()` has `p_loss`, `net_if_failure` and `expected_net` for every option.",
            "Filter on `p_loss <= MY_MAX_P_LOSS` and `net_if_failure >= MY_WORST_CASE`, then take the "
            "largest `expected_net`.",
        ],
        solution=lambda: (
            "```python\nt = options.to_frame()\nfits = t[(t.p_loss <= MY_MAX_P_LOSS) & "
            "(t.net_if_failure >= MY_WORST_CASE) & (t.expected_net > 0)]\n"
            "fits.expected_net.idxmax()\n```\n"
            + right().replace("Right: ", "")
            + " A tighter chance of a loss (say 10%) leaves only the cheapest, surest option; "
            "a looser one lets the option with the most expected value in."
        ),
        feedback=feedback,
        practice="decision",
    )
    return q2


def bind_result(*, result, tolerated: float, tolerance_words: str | None = None):
    """Exercise 3: the rollback line for a tolerated false-rollback rate."""
    rule = rollback_rule(result, false_alarm=tolerated)
    n, p = rule.alerts, rule.at_precision

    def chance(line: float) -> float:
        return share_below(line, n, p)

    def rollback_checker(answer):
        x = float(answer)
        if not 0 <= x <= 1:
            return False, "Answer with a precision between 0 and 1 (0.45 for 45%)."
        c, higher = chance(x), chance(min(x + 1 / n, 1.0))
        if c > tolerated:
            return False, (
                f"A week at {p:.1%} precision falls below {x:.1%} by chance in {c:.1%} of weeks, about "
                f"{52 * c:.1f} false rollbacks a year: more than the {tolerated:.1%} a week operations "
                "tolerates. Lower the line."
            )
        if higher <= tolerated:
            return False, (
                f"Safe ({c:.1%} of healthy weeks), but one more correct alert in the line, "
                f"{min(x + 1 / n, 1.0):.1%}, is still within the tolerated {tolerated:.1%} and catches a "
                "real drop a week sooner. Raise the line."
            )
        return True, (
            f"Right: {x:.1%} is crossed by a healthy week in {c:.1%} of weeks (about {52 * c:.1f} false "
            f"rollbacks a year); one alert higher would be crossed in {higher:.1%}. "
            f"`rollback_rule(result, false_alarm={tolerated:.4f}).weekly_line` = {rule.weekly_line:.1%}."
        )

    q3 = custom(
        "3 · Set the rollback line for a tolerated false-rollback rate",
        (tolerance_words or "Operations will tolerate about **one false rollback a year** from the weekly rule")
        + f": a healthy week may cross the line with chance at most **{tolerated:.2%}**. Taking a week as exactly {n} alerts (simulated month 6's rate; the text after the exercise lets the count vary) "
        f"and a model still at {p:.1%} precision ({result.rollback_at_words}), what is the **highest one-week precision "
        "line** you can set? A week rolls back when its precision is strictly below the line. Start from the "
        f"binomial tail: a week of {n} alerts at precision p has fewer than k right with chance "
        f"`scipy.stats.binom.cdf(k - 1, {n}, p)`, and that is the chance it falls below a line at k / {n}. Answer as "
        "a share (0.45 for 45%).",
        rollback_checker,
        hints=[
            f"`communicate.share_below(line, {n}, {p:.3f})` is the chance a healthy week falls below `line`.",
            "Lines only matter in steps of one alert (k / alerts): try k = 15, 16, 17, ... and keep the highest "
            "whose chance stays within the tolerance.",
            "`communicate.rollback_rule(result, false_alarm=...)` does the same search.",
        ],
        solution=lambda: (
            f"```python\nfor k in range({n} + 1):\n    print(k / {n}, communicate.share_below(k / {n}, "
            f"{n}, {p:.4f}))\n```\nThe highest line within {tolerated:.1%} is {rule.weekly_line:.1%} "
            f"(a healthy week crosses it in {rule.weekly_chance:.1%} of weeks). The spec below uses this "
            f"line; tolerate fewer false rollbacks and the line falls, more and it rises, "
            "catching real drops sooner."
        ),
        practice="by-hand",
    )

    return q3


#: Exercise 4's options: (the trial call, the switch call)
CALLS = {
    "a": ("start the gated trial now", "switch now"),
    "b": ("start the gated trial now", "the switch is not yet decided"),
    "c": ("start the gated trial now", "no switch"),
    "d": ("not yet: another month in shadow", "the switch is not yet decided"),
    "e": ("not yet: another month in shadow", "no switch"),
    "f": ("keep today's baseline", "no switch"),  # 'today's baseline' becomes the result's baseline name
}
_TRIAL = {
    "pass": "start the gated trial now",
    "inconclusive": "not yet: another month in shadow",
    "fail": "keep today's baseline",
}
_SWITCH = {"pass": "switch now", "inconclusive": "the switch is not yet decided", "fail": "no switch"}


#: The switch calls as the options show them: the switch is always the switch to the model
_SWITCH_WORDS = {
    "switch now": "switch to the model now",
    "the switch is not yet decided": "the switch to the model is not yet decided",
    "no switch": "no switch to the model",
}


def _where(lo: float, hi: float, line: float) -> str:
    return "wholly above" if lo > line else "wholly below" if hi < line else "across"


#: Words a sponsor's note does without: each names a method, not what it means for the business.
NOTE_JARGON = ("precision", "recall", "threshold", "bootstrap", "F1", "p-value", "Wilson", "CI")


def rubric_note(note, facts: dict, *, low: float, high: float, jargon=NOTE_JARGON, min_words: int = 25) -> list[str]:
    """What a note to the sponsor is missing (an empty list: it passes).

    The rubric: at least ``min_words`` words; it says the data are simulated; it names the trial and the switch;
    it quotes both ends of the net value's interval (``low``, ``high``, within the rounding they are written to,
    ``$12k`` for 11,515); every number it quotes matches one of ``facts`` (name -> value, compared by size, a
    share also as a percentage); no word of ``jargon``.
    """
    from .nb03 import numbers_in

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


def bind_calls(
    *, result, facts: dict | None = None, trial_total=None, cheaper=None, forgone=None, trial_vs_cheaper=None
):
    """Exercise 4: the trial call and the switch call, each taken on where an interval lies.

    The trial starts when the net value over the baseline is above zero on its whole interval, keeps the
    baseline when the whole interval is below zero, and waits otherwise. The switch is go when that interval is
    wholly above ``result.min_net_to_switch`` and the interval over every rival wholly above zero; no when any
    lies wholly below its line; not yet otherwise. The key is computed here from the intervals, independently of
    :func:`aipm_kit.communicate.switch_call`.

    With ``facts`` (name -> each number the note may quote), the answer is a dict: ``"calls"``, one key of
    :data:`CALLS`, and ``"note"``, the learner's note to the sponsor, checked by :func:`rubric_note`.

    With ``trial_total`` (the whole trial's own net over the baseline, build included, as a (low, high) interval):
    when the full-traffic interval says start but the trial's own money is not above zero on its whole interval,
    waiting in shadow is defensible too, so the call with the trial 'not yet' and the same switch call is
    accepted as well.

    With ``cheaper`` (name, its net value a month over the baseline, interval low, interval high, its build cost),
    a seventh option is offered: ship that cheaper option now, a model trial staying the sponsor's option later
    with it as the control. It is accepted when the
    cheaper option's interval over the baseline is wholly above zero and the model's interval over it is not.

    With ``forgone`` (the cheaper option's value, net of its build, that a trial against the baseline leaves
    unearned, as a (low, high) interval) and ``trial_vs_cheaper`` (the same trial with the cheaper option as its
    control, build included, (low, high)): when ``forgone`` is above zero on its whole interval, shipping the cheaper
    option is the call the evidence leads to, and starting the trial against the baseline stays accepted, its
    feedback saying what it forgoes.
    """
    r = result
    if r.net_value_ci is None:
        raise ValueError("result has no net_value_ci: the calls are taken on the net value's interval")
    lo, hi = r.net_value_ci
    wait = None
    lead = None  # the call shown as the solution: the interval logic's pick, or the cheaper option when it leads
    trial = {"wholly above": "pass", "wholly below": "fail", "across": "inconclusive"}[_where(lo, hi, 0.0)]
    lines = [
        (
            f"over {r.baseline_name}, against the {format_money(r.min_net_to_switch)} switch line",
            r.monthly_net_value,
            lo,
            hi,
            r.min_net_to_switch,
        )
    ]
    lines += [(f"over {name}, against zero", net, rlo, rhi, 0.0) for name, net, rlo, rhi in r.rivals]
    where = [_where(a, b, line) for _, _, a, b, line in lines]
    switch = (
        "fail" if "wholly below" in where else "pass" if all(w == "wholly above" for w in where) else "inconclusive"
    )
    calls = dict(CALLS)
    if cheaper is not None:  # the cheaper option is held to the same lines: a trial above zero, a switch above the line
        later = f"a model trial stays the sponsor's option later, with {cheaper[0]} as its control"
        calls["g"] = (
            (f"switch to {cheaper[0]} now; {later}", "no switch to the model for now")
            if cheaper[2] > r.min_net_to_switch
            else (f"start a trial of {cheaper[0]} now; {later}", "the switch is not yet decided")
        )
    options = {k: f"{_trial_words(t, r)}; {_SWITCH_WORDS.get(sw, sw)}" for k, (t, sw) in calls.items()}
    if cheaper is not None and cheaper[2] <= r.min_net_to_switch:
        options["g"] = (
            f"start a trial of {cheaper[0]} now; {later}; neither switch (to "
            f"{cheaper[0]} or to the model) is decided yet"
        )
    pick = next(k for k, (t, sw) in CALLS.items() if (t, sw) == (_TRIAL[trial], _SWITCH[switch]))
    evidence = "; ".join(
        f"{name}: 95% interval {format_money(a)} to {format_money(b)}, {w} the line"
        for (name, _, a, b, _), w in zip(lines, where)
    )
    trial_why = (
        f"the net value over {r.baseline_name} is {format_money(lo)} to {format_money(hi)} (95%), "
        f"{_where(lo, hi, 0.0)} zero, so the trial call is '{_trial_words(_TRIAL[trial], r)}'"
    )
    switch_why = (
        f"the switch lines: {evidence}, so the call on the switch to the model is '{_SWITCH_WORDS[_SWITCH[switch]]}'"
    )

    def why(key: str) -> str:
        t, sw = calls[key]
        wrong = []
        if t != _TRIAL[trial]:
            wrong.append(f"The trial: {trial_why}.")
        if sw != _SWITCH[switch]:
            wrong.append(f"The switch: {switch_why}.")
        return " ".join(wrong)

    feedback = {k: why(k) for k in calls if k != pick}
    feedback[pick] = (
        f"Right: {trial_why}; {switch_why}. One simulated test month: the trial is where more months "
        "of evidence come from."
    )
    accepted = {pick}
    if trial_total is not None and trial == "pass" and not float(trial_total[0]) > 0:
        wait = next((k for k, (t, sw) in CALLS.items() if (t, sw) == (_TRIAL["inconclusive"], _SWITCH[switch])), None)
        if wait is not None:
            accepted.add(wait)
            t_lo, t_hi = (float(v) for v in trial_total)
            feedback[wait] = (
                f"Defensible: the trial's own money, build included, is {format_money(t_lo)} to "
                f"{format_money(t_hi)} (95%), not above zero on its whole interval, so waiting (and weighing the "
                f"readable rule set) is a call the evidence supports; so is starting it, since {trial_why}. "
                f"{switch_why[0].upper() + switch_why[1:]}."
            )
            feedback[pick] = feedback[pick].replace("Right: ", "Defensible: ", 1) + (
                f" Waiting is defensible too: the trial's own money is {format_money(t_lo)} to {format_money(t_hi)} "
                "(95%), build included, so a sponsor who approves it approves that money at stake."
            )
    if cheaper is not None:
        c_name, c_net, c_lo, c_hi, c_build = cheaper
        edge = next(((a, b) for name, _, a, b in r.rivals if name == c_name), None)
        c_why = (
            f"{c_name} is worth {format_money(c_lo)} to {format_money(c_hi)} a month over {r.baseline_name} "
            f"(95%), {_where(c_lo, c_hi, 0.0)} zero, for a {format_money(c_build)} build against the model's "
            f"{format_money(r.upfront_cost)}"
            + (
                ""
                if edge is None
                else f"; the model's net value over it is {format_money(edge[0])} to "
                f"{format_money(edge[1])} (95%), {_where(edge[0], edge[1], 0.0)} zero"
            )
        )
        if c_lo > 0 and (edge is None or not edge[0] > 0):
            accepted.add("g")
            feedback["g"] = (
                f"Defensible: {c_why}, so the model is not shown to be worth its larger build, and "
                f"a trial of {c_name} now pays on its whole interval. Starting the model trial is "
                f"defensible too, since {trial_why}."
            )
            feedback[pick] = feedback[pick].replace("Right: ", "Defensible: ", 1) + (
                f" Trialling {c_name} instead is defensible too: {c_why}."
            )
            if forgone is not None and float(forgone[0]) > 0:  # the evidence leads to the cheaper option first
                f_lo, f_hi = (float(v) for v in forgone)
                control = (
                    ""
                    if trial_vs_cheaper is None
                    else f"; a model trial, if run, uses it as its control and ends between "
                    f"{format_money(trial_vs_cheaper[0])} and {format_money(trial_vs_cheaper[1])} (95%), build "
                    "included"
                )
                c_line = "wholly above" if c_lo > r.min_net_to_switch else "across"
                feedback["g"] = (
                    f"Right: {c_why}: it pays on its whole interval and the model is not shown to beat "
                    f"it{control}. Held to the same {format_money(r.min_net_to_switch)} switch line over "
                    f"{r.baseline_name} as the model, its interval is {c_line} the line. "
                    f"{switch_why[0].upper() + switch_why[1:]}."
                )
                feedback[pick] = (
                    f"Defensible, at a price: {trial_why}, but run against {r.baseline_name} the trial "
                    f"forgoes {format_money(f_lo)} to {format_money(f_hi)} (95%) of {c_name}'s value, "
                    f"net of its build, against trialling {c_name} first and the model "
                    f"against it. {switch_why[0].upper() + switch_why[1:]}."
                )
                if wait is not None and wait in accepted:
                    feedback[wait] += f" Trialling {c_name} first beats waiting on today's rules: {c_why}."
                lead = "g"
        else:
            feedback["g"] = (
                f"Not on this evidence: {c_why}. Trialling it first needs its interval "
                "wholly above zero and the model not shown to beat it."
            )
    money = format_money
    evidence = [f"- the model over {r.baseline_name}: **{money(r.monthly_net_value)}** ({money(lo)} to {money(hi)})"]
    if trial_total is not None:
        evidence.append(
            f"- a model trial against {r.baseline_name}, build included: {money(trial_total[0])} to "
            f"{money(trial_total[1])}"
            + (
                ""
                if forgone is None or cheaper is None
                else f"; it forgoes {money(forgone[0])} to {money(forgone[1])} of the rule set's value"
            )
        )
    if cheaper is not None:
        evidence.append(
            f"- {cheaper[0]} over {r.baseline_name}: **{money(cheaper[1])}** ({money(cheaper[2])} to "
            f"{money(cheaper[3])}); build {money(cheaper[4])}, the model's {money(r.upfront_cost)}"
        )
    evidence += [
        f"- the model over {name}: **{money(net)}** ({money(rlo)} to {money(rhi)})" for name, net, rlo, rhi in r.rivals
    ]
    rival_lines = "".join(f", and for the model also its interval over {name} above zero" for name, *_ in r.rivals)
    prompt = (
        "Decide on the 95% intervals. Simulated month 6, net value a month (95% bootstrap):\n\n"
        + "\n".join(evidence)
        + "\n\nA trial needs the option's interval above zero; a switch, **the option's own "
        f"interval over {r.baseline_name}** above the **{money(r.min_net_to_switch)}** line{rival_lines}. "
        "Your two calls?"
    )
    hints = [
        "Three outcomes for each call: the whole interval clears the line (go), the whole interval misses "
        "it (no), or it straddles the line (not yet).",
        "The switch is go only when every line is cleared, and no as soon as any one is missed.",
    ]
    if facts is None:
        return choice(
            "4 · Make the trial and the switch calls",
            prompt,
            options,
            accepted,
            hints=hints,
            solution=lambda: f"`{pick}`: " + feedback[pick].replace("Right: ", "").replace("Defensible: ", ""),
            feedback=feedback,
            practice="decision",
        )
    from . import Exercise

    facts = {str(k): float(v) for k, v in facts.items()}
    facts.setdefault("confidence (95%)", 95.0)

    def checker(answer):
        if not isinstance(answer, dict) or "calls" not in answer:
            return False, (
                "Answer with a dict: {'calls': one of " + str(list(calls)) + ", 'note': 'your note to the sponsor'}."
            )
        key = str(answer["calls"]).strip().strip("'\"")
        if key not in calls:
            return False, f"'calls' must be one of {list(calls)}."
        if key not in accepted:
            return False, feedback[key]
        # trialling the cheaper option rests on its own interval over the baseline: the note quotes that one
        n_lo, n_hi = (cheaper[2], cheaper[3]) if key == "g" else (lo, hi)
        missing = rubric_note(answer.get("note"), facts, low=n_lo, high=n_hi)
        if missing:
            return False, "The calls are defensible; the note is not ready yet: " + "; ".join(missing) + "."
        return True, (
            feedback[key] + " And the note gives the sponsor the calls, the interval they rest on and "
            "no jargon: compare it with the generated executive summary below."
        )

    words = ", ".join(f"{k} {v:,.0f}" for k, v in facts.items() if k != "confidence (95%)")
    return Exercise(
        "4 · Make the trial and the switch calls",
        prompt + " Then write the sponsor a **note** (25+ words): the calls, both ends of their interval, what would "
        "settle the switch, that the data are simulated; plain words; only numbers above, rounded ($12k for "
        "11,515). Answer `{'calls': 'x', 'note': '...'}`.",
        checker=checker,
        options=options,
        practice="decision",
        hints=hints + [f"The numbers a note may quote: {words} (and 95 for the interval's confidence)."],
        solution=lambda: (
            f"`{lead or pick}`: "
            + feedback[lead or pick].replace("Right: ", "").replace("Defensible: ", "")
            + " A note that passes: "
            f"'{_example_note(r, facts, lead or pick, cheaper)}'"
        ),
    )


def _example_note(r, facts: dict, pick: str, cheaper=None) -> str:
    """A note that passes the rubric, for the solution: the calls in words, the interval, simulated."""
    if pick == "g" and cheaper is not None:
        c_name, c_net, c_lo, c_hi, _ = cheaper
        step = (
            "switch to it now"
            if c_lo > r.min_net_to_switch
            else f"start a trial of it now; the switch to it waits until more months show it above the "
            f"{format_money(r.min_net_to_switch)} switch line"
        )
        return (
            f"On one simulated month, {c_name} is worth about {format_money(c_net)} a month over "
            f"{r.baseline_name}, somewhere between {format_money(c_lo)} and {format_money(c_hi)} (95% interval): "
            f"{step}. A model trial, if run, uses it as its control."
        )
    lo, hi = r.net_value_ci
    trial, switch = CALLS[pick]
    return (
        f"On one simulated month the model is worth about {format_money(r.monthly_net_value)} a month over "
        f"{r.baseline_name}, somewhere between {format_money(lo)} and {format_money(hi)} (95% interval). Our "
        f"calls: {_trial_words(trial, r)}, and {switch}; more months of the trial will settle the switch."
    )


def _trial_words(t: str, r) -> str:
    """The trial call in the result's words: 'keep today's baseline' names the baseline."""
    return t.replace("today's baseline", r.baseline_name)


def bind_f1(*, incumbent, candidates, intervals, baseline_word: str = "the incumbent"):
    """Exercise 5: price two candidates with the same F1 gain, by hand, from precision and recall.

    ``incumbent`` and each of ``candidates`` (name -> point) are
    :class:`~aipm_kit.communicate.OperatingPointMoney` on the same month;
    ``intervals`` maps each candidate to its (estimate, low, high) money change.
    The answer is a dict name -> dollars a month against the incumbent.
    """
    inc = incumbent
    names = list(candidates)
    truth = {n: c.monthly_money - inc.monthly_money for n, c in candidates.items()}

    def by_hand(op):
        caught = op.recall * op.fraud_total
        alerts = caught / op.precision if op.precision else 0.0
        return (
            caught * op.value_per_catch - alerts * op.cost_per_alert - (alerts - caught) * op.cost_per_false_alarm
        ) / op.months

    def from_pr(op, p, r):
        caught = r * op.fraud_total
        alerts = caught / p if p else 0.0
        return (
            caught * op.value_per_catch - alerts * op.cost_per_alert - (alerts - caught) * op.cost_per_false_alarm
        ) / op.months

    def rounding_spread(op):
        """How far an answer worked from precision and recall rounded to 0.1% (as the table shows them) can land."""
        corners = [from_pr(op, op.precision + dp, op.recall + dr) for dp in (-5e-4, 5e-4) for dr in (-5e-4, 5e-4)]
        return max(abs(c - op.monthly_money) for c in corners)

    spread = {n: rounding_spread(candidates[n]) + rounding_spread(inc) for n in names}

    def checker(answer):
        if not isinstance(answer, dict) or set(answer) != set(names):
            return (
                False,
                f"Answer with a dict of both candidates' dollars a month: {{{', '.join(repr(n) for n in names)}: ...}}.",
            )
        notes, ok = [], True
        for n in names:
            x = float(answer[n])
            tol = max(0.03 * abs(truth[n]), 300.0, 1.2 * spread[n])
            if abs(x - truth[n]) <= tol:
                continue
            ok = False
            c = candidates[n]
            if abs(x - (-truth[n])) <= tol:
                notes.append(f"`{n}`: the sign is flipped; take the candidate minus {baseline_word}.")
            elif abs(x - (c.f1 - inc.f1) * 100) < 1:
                notes.append(f"`{n}`: that is the F1 gain in points, not dollars: F1 has no price.")
            elif abs(x - ((c.caught - inc.caught) * c.value_per_catch) / c.months) <= tol:
                notes.append(f"`{n}`: you priced the fraud caught but not the alerts and false alarms it changes.")
            else:
                notes.append(
                    f"`{n}`: {x:,.0f} is off. From recall: caught = recall x {c.fraud_total} fraud; from "
                    "precision: alerts = caught / precision; false alarms = alerts - caught. Price each, "
                    f"then subtract {baseline_word}'s total."
                )
        if not ok:
            return False, " ".join(notes)
        status = {
            n: (
                "makes money"
                if intervals[n][1] > 0
                else "loses money"
                if intervals[n][2] < 0
                else "is not yet shown to make or lose money"
            )
            for n in names
        }
        return True, (
            "Right, at the flat price: "
            + "; ".join(
                f"`{n}` {_signed_money(truth[n])} a month (F1 {100 * (candidates[n].f1 - inc.f1):+.1f} points; 95% paired bootstrap "
                f"{format_money(intervals[n][1])} to {format_money(intervals[n][2])}: it {status[n]} at this price)"
                for n in names
            )
            + ". F1 weighs a missed fraud and a false alarm alike; a price does not. The flat price is a "
            "hand model: the section prices the same change at each fraud's own amount next."
        )

    return custom(
        "5 · Price an F1 gain",
        f"Both candidates raise F1 over {baseline_word} by about the same amount on the validation month. On the "
        f"simulated test month the fraud to find was {inc.fraud_total}. Using only each operating point's **precision "
        f"and recall** on month 6 (the table above; rounded values are fine, the check allows for the rounding) and the stated prices (a caught fraud worth \\${inc.value_per_catch:,.0f}, "
        f"\\${inc.cost_per_alert:,.0f} of review per alert, \\${inc.cost_per_false_alarm:,.0f} more per false alarm), "
        f"compute each candidate's **money change against {baseline_word}, in dollars a month** (the test window "
        f"is {inc.months:.2f} months long: divide its totals by that). Answer a dict: `{{{', '.join(repr(n) + ': ...' for n in names)}}}`.",
        checker,
        hints=[
            "Recall gives the frauds caught (recall x fraud to find); precision then gives the alerts "
            "(caught / precision); false alarms are alerts minus caught.",
            "Money = caught x value - alerts x review cost - false alarms x false-alarm cost, divided by the "
            f"months. Do it for {baseline_word} and each candidate, then subtract.",
            "`ops[name].monthly_money` for each operating point checks your arithmetic.",
        ],
        solution=lambda: (
            "\n".join(
                f"- `{n}`: {_signed_money(truth[n])} a month (by hand from P and R: "
                f"{_signed_money(by_hand(candidates[n]) - by_hand(inc))})"
                for n in names
            )
            + "\n\nAt the flat price a caught fraud is worth far more than a review and a held customer, so the "
            "candidate with more recall carries more money at that price, whatever F1 says; the section then checks "
            "whether that survives pricing each fraud at its own amount."
        ),
        practice="by-hand",
    )


def bind_mandate(*, screen, min_labelled=None, max_label_delay_days=None):
    """Exercise 6: build, rule or drop for each proposed use, from the gate-1 table ``screen``.

    Accepts any call in the row's ``defensible`` set and explains the wrong ones. ``min_labelled`` and
    ``max_label_delay_days``, when given, are stated in the prompt (the notebook shows the facts, not the verdicts).
    """
    lines = (
        ""
        if min_labelled is None or max_label_delay_days is None
        else f" Gate 1's lines: quality data needs labels, at least {min_labelled:,} labelled examples in hand and a "
        f"label delay of at most {max_label_delay_days} days; a pattern beyond rules needs the lift's 90% "
        "interval above zero; the value covers upkeep when the value's 90% interval is above the upkeep."
    )
    calls = ("build", "rule", "drop")
    ok = {name: set(row.defensible) for name, row in screen.iterrows()}

    def why(name, row, got):
        if row["quality data"] == "fail":
            return (
                f"`{name}`: the data fail gate 1 (labels missing, too few or too slow), so a model cannot be "
                f"trained or monitored: {' or '.join(sorted(ok[name]))}, not {got}."
            )
        if row["pattern beyond rules"] != "pass":
            return (
                f"`{name}`: the pilot does not show the model beating the rule (lift interval "
                f"{row['lift low']:+.1%} to {row['lift high']:+.1%} reaches zero): "
                f"{' or '.join(sorted(ok[name]))}, not {got}."
            )
        if row["value covers upkeep"] != "pass":
            return (
                f"`{name}`: the lift is real but worth \\${row['value ($/month)']:,.0f} a month (interval "
                f"\\${row['value low']:,.0f} to \\${row['value high']:,.0f}), not surely above its upkeep: "
                f"{' or '.join(sorted(ok[name]))}, not {got}."
            )
        return (
            f"`{name}`: all three checks pass (data, lift interval above zero, value above upkeep on its whole "
            f"interval): build, not {got}."
        )

    def checker(answer):
        if not isinstance(answer, dict) or set(answer) != set(ok):
            return False, f"Answer with a dict giving each of the {len(ok)} uses one of {list(calls)}."
        bad = [n for n, c in answer.items() if str(c).strip().lower() not in calls]
        if bad:
            return False, f"Each call must be one of {list(calls)}; check {bad}."
        wrong = [
            why(n, screen.loc[n], str(c).strip().lower())
            for n, c in answer.items()
            if str(c).strip().lower() not in ok[n]
        ]
        if wrong:
            return False, " ".join(wrong)
        builds = [n for n, c in answer.items() if str(c).strip().lower() == "build"]
        return True, (
            f"Defensible: build {', '.join(builds) or 'nothing'}; every call follows from the gate-1 "
            "checks. Your reply to the mandate is that list, with the numbers behind each line."
        )

    return custom(
        "6 · Reply to the mandate: build, rule or drop",
        f"For each of the {len(ok)} proposed uses, decide **build** (a model passes gate 1), **rule** (solve it "
        "with a hand rule, or keep the rule while a pilot settles it) or **drop**, from the facts and intervals "
        f"above.{lines} Answer a dict: `{{use: 'build' | 'rule' | 'drop'}}`. Every call the checks support is accepted.",
        checker,
        hints=[
            "Quality data first: without labels in hand and in time, there is nothing to learn from.",
            "Then the lift over the rule: its interval must lie above zero. Then the value of that lift, on its "
            "interval, against the upkeep.",
            "A use whose data fail cannot be built, whatever its pilot says; a lift whose interval reaches zero "
            "is not yet a pattern beyond rules.",
        ],
        solution=lambda: "\n".join(
            f"- `{n}`: {row.call} (also defensible: {', '.join(row.defensible)})" for n, row in screen.iterrows()
        ),
        practice="decision",
    )
