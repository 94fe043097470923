"""Exercise 4 of notebook 05: the trial call and the switch call, each taken on where an interval lies.

The options (a trial call paired with a switch call), the answer key read from the net value's intervals, the
optional cheaper option and trial money that widen what is defensible, and the sponsor's note checked by
:func:`~aipm_kit.exercises.nb05.note.rubric_note`.
"""

from __future__ import annotations

from ...story import format_money
from .. import choice
from .note import rubric_note

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

    Parameters
    ----------
    result : aipm_kit.communicate.ModelResult
        The model's result, with ``net_value_ci`` (the 95% interval of its net value a month over the
        baseline), ``min_net_to_switch`` and any ``rivals`` (name, net, low, high) set.
    facts : dict, optional
        Name -> each number the sponsor's note may quote; when given, the answer is
        ``{"calls": key, "note": text}`` and the note must pass :func:`rubric_note`.
    trial_total : tuple of (float, float), optional
        The trial's own net over the baseline, build included, in dollars: (low, high).
    cheaper : tuple, optional
        ``(name, net a month, low, high, build cost)`` of a cheaper option over the baseline; adds option ``g``.
    forgone : tuple of (float, float), optional
        The cheaper option's value, net of its build, that a trial against the baseline forgoes: (low, high).
        Used only with ``cheaper``.
    trial_vs_cheaper : tuple of (float, float), optional
        The model trial's own money with the cheaper option as its control, build included: (low, high).
        Quoted in the feedback only.

    Returns
    -------
    Exercise
        A decision exercise, ``"4 · Make the trial and the switch calls"``, with the options of :data:`CALLS`
        (and ``g`` with ``cheaper``).

    Raises
    ------
    ValueError
        When ``result`` has no ``net_value_ci``.

    Examples
    --------
    The net value over today's rules is $12,000 to $73,000 a month: above zero (start the trial) but across the
    $20,000 switch line (the switch is not yet decided), which is option ``b``.

    >>> from aipm_kit.communicate import ModelResult
    >>> result = ModelResult(model_name="fraud model", baseline_name="today's rules", threshold=0.35,
    ...     precision=0.687, precision_ci=(0.636, 0.733), recall=0.5, recall_ci=(0.45, 0.55),
    ...     alerts_per_week=41, baseline_alerts_per_week=60, baseline_precision=0.17, baseline_recall=0.19,
    ...     segment_name="top", segment_recall=0.68, latency_p95_ms=95, latency_budget_ms=100,
    ...     fraud_value_caught_per_month=300_000, baseline_value_caught_per_month=250_000,
    ...     review_minutes_per_alert=15, review_hourly_cost=40, monthly_run_cost=4_000, upfront_cost=90_000,
    ...     training_rows=24_000, training_period="months 1-4", features=("amount",), top_features=("amount",),
    ...     low_confidence_band=(0.3, 0.5), low_confidence_per_week=19)
    >>> q = bind_calls(result=result.with_(net_value_ci=(12_000, 73_000), min_net_to_switch=20_000))
    >>> q.options["b"]
    'start the gated trial now; the switch to the model is not yet decided'
    >>> sorted(key for key in CALLS if q.check(key).correct)
    ['b']
    >>> q.check("a")
    [4 · Make the trial and the switch calls] Not yet: The switch: the switch lines: over today's rules, against
    the $20,000 switch line: 95% interval $12,000 to $73,000, across the line, so the call on the switch to the
    model is 'the switch to the model is not yet decided'.
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
    from .. import Exercise

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
