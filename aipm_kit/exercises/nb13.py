"""Exercises for notebook 13 (evaluating a tool-using agent).

Each exercise is built where the notebook has its data: ``pass_hat_by_hand`` (pass^k of one task
from its trials), ``fix_first`` (which failure kind to fix first, priced), ``business_k`` (which
measure and k the release gate holds the agent to) and ``ship_call`` (ship the candidate, keep the
incumbent, hand the requests to people, or not yet). Every expected answer is computed from the
notebook's own run at check time.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from . import _as_number, choice, numeric

__all__ = ["pass_hat_by_hand", "fix_first", "fix_first_ties", "business_k", "ship_call", "SHIP_OPTIONS", "k_of"]


def pass_hat_by_hand(*, task_id: str, n: int, c: int, k: int, kit_value: float | None = None):
    """Exercise 1: pass^k of one task from its ``n`` trials and ``c`` successes, C(c, k) / C(n, k)."""
    if not (isinstance(n, int) and isinstance(c, int) and isinstance(k, int)) or not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"need whole numbers with 0 <= c <= n and 1 <= k <= n, got n={n}, c={c}, k={k}")
    right = math.comb(c, k) / math.comb(n, k)
    wrong = []
    if c < n:
        wrong.append(
            (
                (c / n) ** k,
                f"That is ({c}/{n})^{k}, the task's success rate to the power {k}: it treats the "
                f"{n} trials as if they could be drawn again and again. The unbiased estimate asks "
                f"how many of the ways to pick {k} of the {n} trials pick only successes: "
                f"C({c}, {k}) / C({n}, {k}).",
            )
        )
        wrong.append(
            (
                1 - math.comb(n - c, k) / math.comb(n, k),
                f"That is pass@{k}, the chance that at least one of {k} trials succeeds. pass^{k} asks that "
                f"all {k} succeed.",
            )
        )
        wrong.append((c / n, f"That is pass^1, the task's success rate ({c} of {n}). pass^{k} asks for {k} in a row."))
    wrong = [(w, text) for w, text in wrong if abs(w - right) > 5e-4]
    kit = "" if kit_value is None else f" The kit's `pass_hat_k` gives {kit_value:.4f}."
    return numeric(
        "1 · pass^k of one task, by hand",
        f"Task {task_id} succeeded in {c} of its {n} trials (simulated, agent v1). Compute its pass^{k}, the chance "
        f"that {k} trials of this task all succeed, with `math.comb` (not `pass_hat_k`), then compare it with the "
        f"kit's `scoring.pass_hat_k(n={n}, c={c}, k={k})`.",
        right,
        atol=5e-4,
        practice="by-hand",
        wrong_answers=wrong,
        hints=[
            f"Pick {k} of the {n} trials at random, without putting any back. In how many of the C({n}, {k}) "
            f"ways are all {k} picked trials successes?",
            f"`math.comb({c}, {k}) / math.comb({n}, {k})`",
        ],
        solution=lambda: (
            f"C({c}, {k}) / C({n}, {k}) = {math.comb(c, k)} / {math.comb(n, k)} = {right:.4f}.{kit} "
            f"A task that succeeds {c / n:.0%} of the time gets {k} in a row right only {right:.0%} of "
            "the time: consistency falls much faster than the success rate."
        ),
    )


def _fix_bands(kinds, counts, n_trials, cost, shares, per, paired=None):
    from ..evals.stats import wilson_interval

    if set(kinds) != set(counts) or set(kinds) != set(cost) or (shares is not None and set(shares) != set(kinds)):
        raise ValueError("kinds, counts, cost and shares must name the same failure kinds")
    if n_trials <= 0 or any(counts[k] < 0 or counts[k] > n_trials for k in kinds):
        raise ValueError("counts must lie between 0 and n_trials")
    band = {}
    for k in kinds:
        if shares is None:
            iv = wilson_interval(int(counts[k]), int(n_trials))
            triple = (iv.estimate, iv.low, iv.high)
        else:
            triple = tuple(float(x) for x in shares[k])
            if not 0 <= triple[1] <= triple[0] <= triple[2] <= 1:
                raise ValueError(f"shares[{k!r}] must be (estimate, low, high) with low <= estimate <= high in [0, 1]")
        band[k] = tuple(x * cost[k] * per for x in triple)
    top = max(kinds, key=lambda k: band[k][0])
    if paired is None:
        accepted = {k for k in kinds if band[k][2] >= band[top][1] and counts[k] > 0} or {top}
    else:  # a tie: the paired difference's 95% interval (top's cost minus the kind's) reaches zero, or, since a
        # paired bootstrap comes out narrow near zero, the kind's own interval reaches top's lower end
        # a kind never seen has no paired interval worth reading (its side of every resample is 0): it needs none
        missing = [k for k in kinds if k != top and counts[k] > 0 and (top, k) not in paired]
        if missing:
            raise ValueError(f"paired must give (low, high) for ({top!r}, kind) for every other kind seen: {missing}")
        accepted = {top} | {
            k
            for k in kinds
            if k != top and counts[k] > 0 and (float(paired[(top, k)][0]) <= 0 or band[k][2] >= band[top][1])
        }
    return band, top, accepted


def fix_first_ties(
    *,
    kinds: Mapping[str, str],
    counts: Mapping[str, int],
    n_trials: int,
    cost: Mapping[str, float],
    shares: Mapping[str, tuple[float, float, float]] | None = None,
    per: int = 1000,
    paired: Mapping[tuple[str, str], tuple[float, float]] | None = None,
):
    """The kind with the highest expected cost and every kind the intervals cannot tell apart from it.

    Returns ``(top, others)``: ``others`` is the sorted list of kinds (seen at least once) that the answers
    exercise 2 accepts besides ``top``: those whose cost interval reaches ``top``'s lower end and, with ``paired``,
    also those whose paired difference interval (top minus the kind) reaches zero. Same arguments as
    ``fix_first``.
    """
    _, top, accepted = _fix_bands(kinds, counts, n_trials, cost, shares, per, paired)
    return top, sorted(accepted - {top})


def fix_first(
    *,
    kinds: Mapping[str, str],
    counts: Mapping[str, int],
    n_trials: int,
    cost: Mapping[str, float],
    shares: Mapping[str, tuple[float, float, float]] | None = None,
    per: int = 1000,
    version: str = "v2",
    paired: Mapping[tuple[str, str], tuple[float, float]] | None = None,
    paired_name: str = "pairs_v2",
):
    """Exercise 2: which kind of failure to fix first, by its expected cost per ``per`` requests.

    ``kinds`` maps a key to its description, ``counts`` the trials of that kind (out of ``n_trials``),
    ``cost`` the assumed dollars one such failure costs. ``shares`` gives each kind's share of trials
    with its 95% interval (estimate, low, high), say over tasks when a task's trials are not
    independent; without it the interval is Wilson's over the trials. Each kind's expected cost per
    ``per`` requests is its share times its cost. Defensible: the kind with the highest expected cost,
    and any kind whose interval reaches the top kind's lower end (the numbers cannot tell them apart). The
    kinds share trials, so when ``paired`` is given (``(a, b) -> (low, high)``, the 95% interval of kind a's
    cost minus kind b's per ``per`` requests, resampling the same tasks) a kind is also not told apart from the
    top one when the paired interval of their difference reaches zero. A paired bootstrap comes out narrow near
    zero, so it never separates two kinds whose own intervals overlap.
    """
    band, top, accepted = _fix_bands(kinds, counts, n_trials, cost, shares, per, paired)
    how = "95% Wilson" if shares is None else "95%"

    def text(k):
        est, low, high = band[k]
        return (
            f"{counts[k]} of {n_trials} trials, at an assumed ${cost[k]:,.0f} each: about ${est:,.0f} per "
            f"{per:,} requests ({how} ${low:,.0f} to ${high:,.0f})"
        )

    def apart(k):
        if counts[k] == 0:
            return (
                f"no trial showed `{k}`, so there is nothing observed to fix; its 95% upper end "
                f"(${band[k][2]:,.0f}) is only what these tasks cannot rule out. A paired difference against a "
                "kind with no trials cannot vary on that side (it restates the other kind's own interval), so it "
                "tells nothing apart and is not used here"
            )
        overlap = f"its 95% upper end (${band[k][2]:,.0f}) stays below `{top}`'s lower end (${band[top][1]:,.0f})"
        if paired is None:
            return overlap
        low, high = (float(x) for x in paired[(top, k)])
        return (
            f"{overlap}, and the paired 95% interval of the difference (`{top}` minus `{k}`, same tasks) is "
            f"${low:,.0f} to ${high:,.0f}, wholly above zero"
        )

    how_tie = (
        "The numbers cannot tell it apart from"
        if paired is None
        else "The intervals (the kinds' own overlap, or the paired difference reaches zero) cannot tell it apart from"
    )
    feedback = {}
    for k in kinds:
        if k in accepted:
            tie = (
                ""
                if len(accepted) == 1
                else f" {how_tie} {', '.join(f'`{o}`' for o in sorted(accepted - {k}))}, "
                + ("so either is" if len(accepted) == 2 else "so any of them is")
                + " a defensible first target."
            )
            head = "costs the most" if k == top else f"is not told apart from `{top}`, the costliest"
            feedback[k] = f"Defensible: `{k}` {head}, {text(k)}.{tie}"
        else:
            feedback[k] = f"Not first: `{k}` is {text(k)}; `{top}` is {text(top)}, and {apart(k)}. " + (
                "Frequent is not the same as costly: price each kind before you rank it."
                if counts[k] > counts[top]
                else ""
                if counts[k] == 0
                else "It is neither the most frequent nor the most costly kind."
            )
    return choice(
        "2 · What to fix first",
        f"The team can work on one kind of {version}'s failures this sprint. The table above gives each kind's share "
        f"of {version}'s {n_trials} simulated trials, with its interval, and what one such failure costs (your "
        f"assumptions, parameters cell). Price each kind per {per:,} requests, as if live requests came in the task "
        "set's mix, weigh the intervals, and say which kind you ask the team to fix first."
        + (
            ""
            if paired is None
            else f" The kinds share the same trials, so `{paired_name}[(a, b)]` gives the 95% interval of kind a's cost "
            f"minus kind b's, per {per:,} requests, from a paired bootstrap over the same tasks (for the kinds seen at "
            "least once). Near zero a bootstrap comes out narrower than the data allow (the reason the table widens "
            "the kinds' own intervals), so two kinds are told apart only when the paired interval excludes zero and "
            "their own intervals do not overlap."
        )
        + (
            ""
            if all(counts[k] > 0 for k in kinds)
            else f" A kind that no trial showed (0 of {n_trials}: "
            + ", ".join(f"`{k}`" for k in kinds if counts[k] == 0)
            + ") is left out of the ranking: with nothing observed there is nothing to look at or fix, whatever its "
            "upper end."
        ),
        kinds,
        accepted,
        feedback=feedback,
        practice="decision",
        hints=[
            "Rank by expected cost (how often x what one costs), not by how often alone.",
            (
                "Two kinds whose cost intervals overlap are not told apart: either is defensible."
                if paired is None
                else "Two kinds are told apart only when their cost intervals do not overlap and the paired "
                "interval of their difference excludes zero."
            ),
        ],
        solution=lambda: ", ".join(f"`{k}`" for k in sorted(accepted)) + ": " + feedback[sorted(accepted)[0]],
    )


def business_k(
    *,
    days_between: int,
    trials: int,
    horizon_days: int = 91,
    person_cost: float | None = None,
    wrong_cost: float | None = None,
):
    """Exercise 3: which measure, at which k, the gate holds the agent to when a customer's request recurs.

    A customer brings the same request about every ``days_between`` days and is lost after one bad answer;
    the business judges its support over ``horizon_days`` (a quarter). The customer meets the agent about
    K = round(horizon_days / days_between) times, so the chance that all of them go right is pass^K.
    pass^k for a larger k (at most ``trials``) is stricter, so defensible; pass^1, pass^(K-1) and pass@K are
    not what the customer lives through. The prompt gives the business facts, never K itself.
    """
    days_between, trials, horizon_days = int(days_between), int(trials), int(horizon_days)
    if days_between <= 0 or horizon_days <= 0:
        raise ValueError("days_between and horizon_days must be positive")
    K = round(horizon_days / days_between)
    if not 2 <= K <= trials:
        raise ValueError(
            f"{horizon_days} / {days_between} days gives k = {K}, which must lie between 2 and trials ({trials})"
        )
    visits = horizon_days / days_between
    options = {"pass^1": "the chance that one request is handled right (the success rate)"}
    if K - 1 >= 2:
        options[f"pass^{K - 1}"] = f"the chance that all {K - 1} tries at the same request succeed"
    options[f"pass^{K}"] = f"the chance that all {K} tries at the same request succeed"
    options[f"pass@{K}"] = f"the chance that at least one of {K} tries at the same request succeeds"
    if trials > K:
        options[f"pass^{trials}"] = f"the chance that all {trials} tries succeed (the most these trials measure)"
    accepted = {f"pass^{K}"} | ({f"pass^{trials}"} if trials > K else set())
    feedback = {
        "pass^1": (
            f"Not enough: pass^1 is the share of single requests done right. A request every {days_between} "
            f"days is about {visits:.1f} requests in {horizon_days} days, so the customer meets the agent "
            f"{K} times, and one bad answer loses them; a task that succeeds 90% of the time gets {K} in a "
            f"row right only {0.9**K:.0%} of the time."
        ),
        f"pass@{K}": (
            f"Wrong direction: pass@{K} rewards an agent that gets it right once in {K} tries. It fits a "
            "user who can retry and check the result (say, code that must pass its tests); a support "
            "customer does not retry a wrongful refund, and every one of their requests can go wrong."
        ),
        f"pass^{K}": (
            f"Right: {horizon_days} / {days_between} days is about {visits:.1f}, so the customer meets the "
            f"agent {K} times a quarter and must be served right every time; the gate asks for pass^{K}, "
            f"the chance that {K} trials of the same task all succeed."
        ),
    }
    if K - 1 >= 2:
        feedback[f"pass^{K - 1}"] = (
            f"One short: {horizon_days} / {days_between} days is about {visits:.1f} requests, so the customer meets "
            f"the agent {K} times a quarter, and the {K}th bad answer loses them just as the first would."
        )
    if trials > K:
        feedback[f"pass^{trials}"] = (
            f"Defensible but stricter: pass^{trials} covers customers who come back {trials} times, more than the "
            f"{K} a request every {days_between} days gives. It is lower and, resting on fewer ways to pick the "
            "trials, has a wider interval; the gate keeps the same bar at the k you pick, so it is harder to clear."
        )
    return choice(
        "3 · Which k does the business need?",
        f"Suppose (assumptions made for this scenario, `DAYS_BETWEEN_REQUESTS`; there is no ticket history here) "
        f"that a customer who writes in comes back with the same request about every {days_between} days, and that "
        f"the store judges its support over a quarter ({horizon_days} days). One wrong answer is enough for that "
        "customer to stop trusting the agent and phone instead: every later request then takes a person's time"
        + ("" if person_cost is None else f" (about ${person_cost:,.2f} each)")
        + ", and a wrong refund or change "
        "also costs its clean-up" + ("" if wrong_cost is None else f" (about ${wrong_cost:,.0f})") + ". "
        "Which measure should the release gate hold the agent to? "
        f"(This run has {trials} trials per task.)",
        options,
        accepted,
        feedback=feedback,
        practice="decision",
        hints=[
            "Does the customer need one success among several tries, or every try to succeed?",
            "How many times does the customer meet the agent in a quarter?",
        ],
        solution=lambda: f"pass^{K}: " + feedback[f"pass^{K}"],
    )


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
    """Exercise 4: ship the candidate, replace the incumbent as the lesser harm, keep it, hand requests to
    people, or not yet.

    The call follows the gate's intervals: GO ships; NOT YET waits for what settles the open lines. On NO-GO
    the incumbent is held to the same breach line (its estimate, 95% low, 95% high): keep it when its whole
    interval is within ``max_breach_rate``; when it is not, no option is shown to clear the lines (people's
    breach rate is not measured here), so not yet is the call that waits for what would settle it, with what
    runs meanwhile left to the rule's owner; handing requests to people (the rule-at-stake ones once routing
    and people are measured, or every one) is defensible on a stated assumption, and so is replacing the incumbent with the candidate as the lesser harm when the paired comparisons (candidate
    minus incumbent, each (estimate, 95% low, 95% high) on the same tasks) show the candidate breaks rules
    less (``paired_breach`` wholly below zero), is not shown worse in pass^k (``paired_pass`` reaches zero
    or above) and is not shown dearer (``paired_cost``, dollars, reaches zero or below). ``sign_test``
    (tasks where the candidate breaks fewer rules, tasks where it breaks more, the exact two-sided p-value) can
    show the direction instead of ``paired_breach``'s interval: fewer on more tasks with p below 0.05.

    Replacing the incumbent with a candidate that fails the gate breaks a rule that the candidate ships only once
    it passes, so the ``interim`` feedback says the rule's owner must amend it, and names what is still open: the
    lower end of ``paired_pass`` (how much worse returning customers could be) and ``leads`` (say, an intent
    where the candidate looks worse). ``people_cost`` says in words what handing every request to people costs.
    """
    from ..gates import STATUSES

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


def k_of(answer) -> int:
    """The k of a ``"pass^4"`` answer (for the notebook's gate at the learner's k)."""
    text = str(answer).strip().strip("'\"")
    if "^" not in text:
        raise ValueError(f"not a pass^k answer: {answer!r}")
    return int(_as_number(text.split("^", 1)[1]))
