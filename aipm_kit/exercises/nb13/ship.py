"""Exercise 4: ship the candidate agent, keep the incumbent, hand requests to people, or not yet.

The options, the money and points formatting the feedback uses, and the decision exercise that reads
the release gate, the incumbent's own breach rate and the paired comparisons.
"""

from __future__ import annotations

from .. import choice

SHIP_OPTIONS = {
    "ship": "ship v2 as cleared: replace v1 with v2 and call the release done",
    "interim": "replace v1 with v2 now as the lesser harm, though v2 does not clear every line of the gate, and "
    "keep working on the lines it misses",
    "keep": "keep v1 as it is and send v2 back to the team",
    "human": "hand the requests that put a policy rule at stake to people, once a router and people's error rate are "
    "measured; v1 keeps answering the other requests (status questions)",
    "all_people": "hand every request to people until a version clears the lines",
    "not_yet": "not yet: measure what is open first (more tasks, people's error and breach rates) and say what "
    "would settle it; what runs meanwhile is the rule owner's call",
}


def _money(x):
    x = float(x)
    return f"-${-x:,.0f}" if x < 0 else f"${x:,.0f}"


def _points(d):
    return f"{100 * d[0]:+.1f} points (95% {100 * d[1]:+.1f} to {100 * d[2]:+.1f})"


def ship_call(
    *,
    gate,
    incumbent_breach: tuple[float, float, float],
    max_breach_rate: float,
    paired_breach: tuple[float, float, float] | None = None,
    paired_pass: tuple[float, float, float] | None = None,
    paired_cost: tuple[float, float, float] | None = None,
    k: int | None = None,
    candidate: str = "v2",
    incumbent: str = "v1",
    leads: str | None = None,
    people_cost: str | None = None,
    sign_test: tuple[int, int, float] | None = None,
):
    """Exercise 4: ship the candidate, replace the incumbent as the lesser harm, keep it, hand requests to people, or not yet.

    The call follows the gate's intervals: GO ships; NOT YET waits for what settles the open lines. On NO-GO
    the incumbent is held to the same breach line (its estimate, 95% low, 95% high): keep it when its whole
    interval is within ``max_breach_rate``; when it is not, no option is shown to clear the lines (people's
    breach rate is not measured here), so not yet is the call that waits for what would settle it, with what
    runs meanwhile left to the rule's owner; handing requests to people (the rule-at-stake ones once routing
    and people are measured, or every one) is defensible on a stated assumption, and so is replacing the
    incumbent with the candidate as the lesser harm when the paired comparisons (candidate
    minus incumbent, each (estimate, 95% low, 95% high) on the same tasks) show the candidate breaks rules
    less (``paired_breach`` wholly below zero), is not shown worse in pass^k (``paired_pass`` reaches zero
    or above) and is not shown dearer (``paired_cost``, dollars, reaches zero or below). ``sign_test``
    (tasks where the candidate breaks fewer rules, tasks where it breaks more, the exact two-sided p-value) can
    show the direction instead of ``paired_breach``'s interval: fewer on more tasks with p below 0.05.

    Replacing the incumbent with a candidate that fails the gate breaks a rule that the candidate ships only once
    it passes, so the ``interim`` feedback says the rule's owner must amend it, and names what is still open: the
    lower end of ``paired_pass`` (how much worse returning customers could be) and ``leads`` (say, an intent
    where the candidate looks worse). ``people_cost`` says in words what handing every request to people costs.

    Parameters
    ----------
    gate : Gate
        The candidate's release gate (:class:`aipm_kit.gates.Gate`): its ``verdict`` and ``criteria``.
    incumbent_breach : tuple of float
        The incumbent's share of trials breaking a rule, ``(estimate, low, high)``.
    max_breach_rate : float
        The breach line, a share.
    paired_breach : tuple of float, optional
        Candidate minus incumbent in the share of trials breaking a rule, ``(estimate, low, high)``.
    paired_pass : tuple of float, optional
        Candidate minus incumbent in pass^k, ``(estimate, low, high)``.
    paired_cost : tuple of float, optional
        Candidate minus incumbent in dollars per 1,000 requests, ``(estimate, low, high)``.
    k : int, optional
        The k of pass^k, for the feedback (``"k"`` when not given).
    candidate : str, default "v2"
        The candidate's name.
    incumbent : str, default "v1"
        The incumbent's name.
    leads : str, optional
        What else is still open, named in the ``interim`` feedback.
    people_cost : str, optional
        What handing every request to people costs, in words.
    sign_test : tuple, optional
        ``(fewer, more, p)``: tasks where the candidate breaks fewer rules, tasks where it breaks more, and the
        exact two-sided p-value.

    Returns
    -------
    Exercise
        A ``"decision"`` choice among the keys of :data:`SHIP_OPTIONS`.

    Examples
    --------
    >>> from aipm_kit.gates import Gate, criterion
    >>> gate = Gate("Release gate: v2", [
    ...     criterion("pass^4", 0.70, ">=", 0.6, interval=(0.65, 0.75), evidence="80 tasks"),
    ...     criterion("Trials that break a policy", 0.03, "<=", 0.01, interval=(0.02, 0.045), evidence="640 trials"),
    ... ])
    >>> gate.verdict
    'NO-GO'
    >>> q = ship_call(gate=gate, incumbent_breach=(0.02, 0.012, 0.03), max_breach_rate=0.01)
    >>> sorted(k for k in q.options if q.check(k).correct)
    ['all_people', 'human', 'not_yet']
    >>> q.check("keep")
    [4 · Ship v2, keep v1, or not yet?] Not yet: Not safe: v1 breaks a rule in 2.0% of its trials (95% 1.2% to
    3.0%) against the 1.0% line, wholly above it. Keeping v1 keeps breaking the policy on customers every day.
    """
    from ...gates import STATUSES

    verdict = gate.verdict
    est, low, high = (float(x) for x in incumbent_breach)
    fewer = paired_breach is not None and float(paired_breach[2]) < 0
    if sign_test is not None:
        fewer = fewer or (sign_test[0] > sign_test[1] and float(sign_test[2]) < 0.05)
    lesser = (
        fewer
        and paired_pass is not None
        and float(paired_pass[2]) >= 0
        and (paired_cost is None or float(paired_cost[1]) <= 0)
    )
    if verdict == "GO":
        accepted = {"ship"}
    elif verdict == "NOT YET":
        accepted = {"not_yet"}
    elif high <= max_breach_rate:
        accepted = {"keep"}
    else:
        accepted = {"not_yet", "human", "all_people"} | ({"keep"} if low <= max_breach_rate else set())
        accepted |= {"interim"} if lesser else set()

    def line(c):
        band = f" (95% {c.interval})" if c.interval else ""
        return f"{c.name}: {c.value}{band}, needs {c.condition}: {STATUSES[c.status]}"

    failed = [c for c in gate.criteria if c.status == "fail"]
    open_ = [c for c in gate.criteria if c.status == "inconclusive"]
    inc = (
        f"{incumbent} breaks a rule in {est:.1%} of its trials (95% {low:.1%} to {high:.1%}) against the "
        f"{max_breach_rate:.1%} line"
    )
    why_fail = "; ".join(line(c) for c in failed)
    why_open = "; ".join(line(c) for c in open_)
    k_name = "k" if k is None else k
    open_pass = (
        ""
        if paired_pass is None
        else f"the pass^{k_name} difference is not settled: its 95% interval reaches {100 * float(paired_pass[1]):+.1f} "
        f"points, so customers who come back could be up to {-100 * float(paired_pass[1]):.1f} points worse "
        f"off with {candidate}"
        if float(paired_pass[1]) < 0
        else f"the pass^{k_name} difference is not shown to be worse"
    )
    paired_words = ""
    if paired_breach is not None and paired_pass is not None:
        paired_words = (
            f"paired on the same tasks, {candidate} - {incumbent} is {_points(paired_breach)} in trials "
            f"breaking a rule and {_points(paired_pass)} in pass^{'k' if k is None else k}"
            + (
                ""
                if paired_cost is None
                else f", and {_money(paired_cost[0])} per 1,000 requests (95% {_money(paired_cost[1])} to "
                f"{_money(paired_cost[2])})"
            )
            + (
                ""
                if sign_test is None
                else f"; on the tasks where their breaches differ, {candidate} breaks fewer rules on "
                f"{sign_test[0]} and more on {sign_test[1]} (exact sign test, two-sided p "
                + ("< 0.001)" if sign_test[2] < 0.001 else f"= {sign_test[2]:.3f})")
            )
        )
    feedback = {
        "ship": (
            "Right: every line of the gate clears with its whole interval."
            if "ship" in accepted
            else f"Not as cleared: the gate says {verdict}. "
            + (f"Failed: {why_fail}. " if failed else "")
            + (f"Open: {why_open}. " if open_ else "")
            + (f"Beating {incumbent} on a line does not clear the line." if failed else "")
        ),
        "not_yet": (
            (
                f"Right: no line fails, and these are open: {why_open}. More tasks settle them; say how many "
                "before you run them."
            )
            if verdict == "NOT YET"
            else (
                f"Right: no option is shown to clear the lines. {candidate} fails the gate ({why_fail}); {inc}; "
                "people's breach rate is not measured here"
                + (f", and they cost {people_cost}" if people_cost else "")
                + ". "
                + (
                    f"Meanwhile the evidence ranks {candidate} ahead of {incumbent} ({paired_words}): put "
                    f"replacing {incumbent} with {candidate}, as the lesser harm, to the rule's owner in writing, "
                    "with the open lines named and neither agent called cleared. "
                    if lesser
                    else "What runs meanwhile is the rule owner's call; put the measured ranking to them without "
                    "calling either agent cleared" + (f": {paired_words}. " if paired_words else ". ")
                )
                + "Say what settles it: an audit of people's cases, and the number of tasks each line needs."
            )
            if "not_yet" in accepted
            else (
                f"Waiting does not help: a line fails with its whole interval ({why_fail}); more trials "
                "narrow an interval around the same estimate, they do not move it across the line."
                if failed
                else "Every line clears: there is nothing left to wait for."
            )
        ),
        "interim": (
            (
                f"Defensible only as a change of the rule, not under it: {paired_words}. But the gate says {verdict} ({why_fail}), and the rule is that "
                f"{candidate} ships only once it passes the gate; replacing {incumbent} with it needs the rule's "
                f"owner to amend that rule, in writing, before it ships. Say what stays open: {open_pass}"
                + (f"; {leads}" if leads else "")
                + ". The failed line stays failed while it runs."
            )
            if "interim" in accepted
            else (
                f"Not shown to be the lesser harm: {paired_words or 'the paired comparison is not given'}. "
                f"Replacing {incumbent} needs {candidate} to break rules less (on the paired interval or the "
                "sign test over tasks) without "
                "being shown worse in pass^k or dearer."
                if verdict == "NO-GO"
                else f"The gate says {verdict}: no lesser harm to weigh."
            )
        ),
        "keep": (
            (
                f"Defensible: the gate says {verdict} for {candidate} ({why_fail}), and {inc}"
                + (
                    ", so the incumbent meets the line the candidate misses."
                    if high <= max_breach_rate
                    else ": it straddles the line, so keeping it while it is measured further is defensible."
                )
            )
            if "keep" in accepted
            else (
                f"Not safe: {inc}, wholly above it"
                + (f"; {paired_words}" if paired_words and "interim" in accepted else "")
                + f". Keeping {incumbent} keeps breaking the policy on customers every day."
                if verdict == "NO-GO"
                else f"The gate says {verdict}: keeping {incumbent} is not what it asks."
            )
        ),
        "human": (
            (
                f"Defensible as the next step: {inc}, so neither agent should act alone where a rule is at "
                "stake. But the split needs a router that does not exist yet and people's error rate measured; "
                f"until then something else runs, and what runs meanwhile is the rule owner's call."
            )
            if "human" in accepted
            else (
                f"Too cautious here: {inc}, within it. Handing requests to people costs money the evidence "
                "does not ask you to spend."
                if verdict == "NO-GO"
                else f"The gate says {verdict}: handing requests over is not what it asks."
            )
        ),
        "all_people": (
            (
                f"Defensible, as a bet on what is not measured: {inc}, and {candidate} fails the gate "
                f"({why_fail}), but people's own error and breach rates are not measured here, so people are "
                "not shown to clear the line either. "
                + (f"It costs {people_cost}; " if people_cost else "Say what it costs and ")
                + "say what would end it (an audit of people's cases, an agent that clears the gate)."
            )
            if "all_people" in accepted
            else (
                f"Too cautious here: {inc}, within it."
                if verdict == "NO-GO"
                else f"The gate says {verdict}: handing everything over is not what it asks."
            )
        ),
    }
    return choice(
        "4 · Ship v2, keep v1, or not yet?",
        f"From the release gate above (simulated tasks), {incumbent}'s own breach rate and the paired comparisons "
        "beside it, what do you do? Say to yourself what would settle it, then check.",
        SHIP_OPTIONS,
        accepted,
        feedback=feedback,
        practice="decision",
        hints=[
            "A line that fails with its whole interval makes the gate NO-GO; more trials will not move it.",
            f"Before keeping {incumbent}, hold it to the same breach line as {candidate}, and compare the two "
            "on the same tasks.",
        ],
        solution=lambda: ", ".join(f"`{k}`" for k in sorted(accepted)) + ": " + feedback[sorted(accepted)[0]],
    )
