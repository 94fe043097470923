"""Exercises for notebook 11 (the evaluation harness).

Each exercise is built where the notebook has its data (``non_inferiority_margin`` before any
comparison is on screen, ``mcnemar_by_hand``, ``gating_signal``, ``release_bar``); every expected
answer is computed from the notebook's run at check time.
"""

from __future__ import annotations

from . import _as_number, choice, custom, numeric

__all__ = ["mcnemar_by_hand", "gating_signal", "release_bar", "non_inferiority_margin", "ship_prompt"]

def mcnemar_by_hand(*, comparison):
    """Exercise 1: the exact McNemar p-value from the discordant pairs, by hand."""
    from scipy.stats import binom

    b, c = comparison.mcnemar_b, comparison.mcnemar_c
    n = b + c
    one_sided = float(binom.cdf(min(b, c), n, 0.5))
    chi2_p = None
    if n:
        from scipy.stats import chi2
        chi2_p = float(chi2.sf((b - c) ** 2 / n, 1))
    wrong = [(one_sided, "That is one tail of the binomial. McNemar's exact test is two-sided: double it "
                         "(capped at 1).")]
    if chi2_p is not None:
        wrong.append((chi2_p, "That is the chi-square approximation, (b - c)^2 / (b + c) on one degree of "
                              "freedom. The exact test uses the binomial itself."))
    return numeric(
        "2 · McNemar's test by hand",
        f"Of the cases whose verdict changed between v1 and v2, v2 broke {b} and fixed {c}. Under 'no "
        "difference', each changed case is a fair coin. Compute the exact two-sided McNemar p-value yourself "
        "from these two counts (scipy.stats.binom is allowed; stats.mcnemar_exact is not), then compare it with "
        "`lex_cmp.p_value`.",
        lambda: min(1.0, 2 * one_sided),
        atol=5e-4, practice="by-hand", wrong_answers=wrong,
        hints=["Only the changed cases count: n = b + c. Under no difference, the smaller count follows "
               "Binomial(n, 0.5).",
               f"`min(1, 2 * scipy.stats.binom.cdf(min({b}, {c}), {n}, 0.5))`"],
        solution=lambda: (f"n = {b} + {c} = {n}; p = min(1, 2 x P(Binomial({n}, 0.5) <= {min(b, c)})) = "
                          f"{min(1.0, 2 * one_sided):.4f}, the kit's exact McNemar p. It is the chance of a split "
                          "at least this lopsided if the versions were equally good, not the chance that they are."),
    )


def gating_signal(*, kappas: dict, kappa_intervals: dict | None = None, differences: dict | None = None,
                  line: float | None = None, version: str = "v2"):
    """Exercise 3: which signal should score the gate, judged on the gated version's answers.

    ``kappas`` and ``kappa_intervals`` are each signal's kappa (and 95% interval) against the simulated
    reviewer on ``version``'s labelled answers; ``differences`` maps each other signal to the paired
    interval ``(estimate, low, high)`` of the best signal's kappa minus its kappa, on the same answers;
    ``line`` is the kappa the gate asks of the signal that decides.
    """
    if len(kappas) < 2:
        raise ValueError("kappas needs at least two signals to choose between")
    best = max(kappas, key=kappas.get)
    intervals = kappa_intervals or {}
    diffs = differences or {}
    unsettled = [k for k, (_, low, _high) in diffs.items() if low <= 0]
    lead = "; ".join(f"over `{k}` {est:+.2f} (95% paired bootstrap {low:+.2f} to {high:+.2f})"
                     for k, (est, low, high) in diffs.items())
    lead_text = (f" Its lead, paired on the same answers: {lead}." if lead else "") + (
        f" The lead over {', '.join(f'`{k}`' for k in unsettled)} is not settled: "
        + ("that interval reaches 0." if len(unsettled) == 1 else "those intervals reach 0.")
        if unsettled else "")
    validated = ""
    if line is not None and best in intervals:
        low = intervals[best][0]
        validated = (f" Its own interval starts at {low:.2f}, above the line of {line:.2f}: it may decide."
                     if low >= line else
                     f" But its own interval reaches down to {low:.2f}, below the line of {line:.2f}: it is the best "
                     "signal and still not validated, so the gate holds every line it scores at 'not yet' until "
                     f"more of {version}'s answers are labelled.")
    feedback = {k: (f"`{k}` agrees with the simulated reviewer less well on {version}'s answers (kappa "
                    f"{kappas[k]:.2f} against {kappas[best]:.2f}). Choose on the version being gated, and on the "
                    "paired difference, not on the pooled table.") for k in kappas if k != best}
    feedback[best] = (f"Right: on {version}'s answers `{best}` agrees best with the simulated reviewer (kappa "
                      f"{kappas[best]:.2f}).{lead_text}{validated}")
    return choice(
        "3 · The signal that decides pass or fail",
        f"Which signal should score the release gate's lines? Judge it on {version}'s labelled answers, the "
        "version being gated (the kappas below), and on the paired difference of kappas, since all signals were "
        "checked on the same answers.",
        {k: (f"kappa {v:.2f}" + (f" (95% bootstrap {intervals[k][0]:.2f} to {intervals[k][1]:.2f})"
                                 if k in intervals else "") + f" against the simulated reviewer on {version}'s answers")
         for k, v in kappas.items()}, best, feedback=feedback,
        hints=["A cheap signal is only as good as its agreement with careful reviewers' judgement on the answers it "
               "will score.",
               "Pick the highest kappa on the gated version, then read the paired difference: does its interval "
               "exclude 0? And does the winner's own interval clear the line?"],
        solution=lambda: f"`{best}`: kappa {kappas[best]:.2f} on {version}'s answers.{lead_text}{validated}",
    )


def release_bar(*, value_right: float, cost_wrong: float, current_cost_wrong: float | None = None,
                max_bar: float = 0.95):
    """Exercise 4: a release bar at or above the break-even pass rate at a new price of a wrong answer.

    Against a human answering every question for ``value_right``, the bot's answers cost nothing
    when right and ``cost_wrong`` (escalation included) when wrong: it pays when
    ``(1 - p) * cost_wrong < value_right``, i.e. ``p > 1 - value_right / cost_wrong``. ``cost_wrong``
    is a what-if against the notebook's own assumption ``current_cost_wrong``; the notebook takes the
    gate again at the learner's bar (and at this price) in its gate section.
    """
    if cost_wrong <= value_right:
        raise ValueError("cost_wrong must exceed value_right, or every bot pays")
    breakeven = 1 - value_right / cost_wrong

    def check(answer):
        bar = _as_number(answer)
        if not 0 < bar < 1:
            return False, f"{bar:g} is not a pass rate: give the bar as a share between 0 and 1 (0.80 = 80%)."
        if bar < breakeven - 0.005:
            return False, (f"A bar of {bar:.2f} lets through a bot that loses money: against a human at "
                           f"${value_right:,.2f} a question, a bot whose wrong answers cost ${cost_wrong:,.0f} pays only "
                           f"above 1 - {value_right:,.2f} / {cost_wrong:,.0f} = {breakeven:.3f}.")
        if bar > max_bar:
            return False, (f"A bar of {bar:.2f} asks for near perfection: no bot clears it on a few hundred cases, "
                           f"so it blocks every release. The money says {breakeven:.3f}; add a margin of safety you "
                           "can defend, not a wall.")
        return True, (f"A bar of {bar:.2f} is at or above the break-even {breakeven:.3f} at ${cost_wrong:,.0f} a wrong "
                      f"answer ({bar - breakeven:+.3f} of safety: say why that much). The gate section takes the gate "
                      "again at your bar: the whole 95% interval of v2's pass rate must clear it.")

    return custom(
        "4 · Set the release bar from what a wrong answer costs",
        f"Without the bot, a human agent answers every question for ${value_right:,.2f}. "
        + (f"Your parameters price a wrong bot answer at ${current_cost_wrong:,.0f}, and `THRESHOLD` is that "
           "price's break-even. " if current_cost_wrong is not None else "")
        + f"Legal now prices a wrong answer at ${cost_wrong:,.0f}, the escalation to that agent included (plus a "
        "wrong refund promise and the customer's goodwill); a right answer costs next to nothing. Find the pass rate "
        "above which the bot is worth running at the new price and answer with your release bar (a share, 0.80 = "
        "80%). Section 11 takes the whole gate again at your bar and at the new price.",
        check, practice="decision",
        hints=["Per question the bot costs (1 - p) x cost_wrong; the human costs value_right. Set them equal and "
               "solve for p.",
               f"Break-even p = 1 - {value_right:g} / {cost_wrong:g}; round it up, or add a margin of safety."],
        solution=lambda: (f"Break-even {breakeven:.3f}, so a bar of {round(breakeven + 0.005, 2):.2f} or a little "
                          "above. The gate passes the pass-rate line only when the whole 95% interval clears the "
                          "bar, so a bar near the top of the interval gives NOT YET, not GO."),
    )


def non_inferiority_margin(*, questions_per_month: float, cost_wrong: float, max_margin: float = 0.05):
    """Exercise 1: a non-inferiority margin chosen from what a drop costs, before any comparison is shown.

    A drop of ``m`` (a share) in pass rate means ``m * questions_per_month`` more wrong answers a month,
    each costing ``cost_wrong``: the margin is the monthly loss the business accepts as "no worse".
    """
    if questions_per_month <= 0 or cost_wrong <= 0:
        raise ValueError("questions_per_month and cost_wrong must be positive")

    def monthly(m):
        return m * questions_per_month * cost_wrong

    def check(answer):
        margin = _as_number(answer)
        if margin >= 1:
            return False, (f"{margin:g} reads as points: give the margin as a share of questions (0.02 = 2 points).")
        if margin <= 0:
            return False, ("A margin of zero asks v2 to prove it is at least as good as v1 to the last case: no "
                           "finite test can show that. Choose the drop you would tolerate, as a share (0.02 = "
                           "2 points).")
        if margin > max_margin:
            return False, (f"A margin of {margin * 100:.0f} points would let a clearly worse bot ship as 'no "
                           f"worse': about ${monthly(margin):,.0f} a month in wrong answers at your assumptions. "
                           f"Keep it at or below {max_margin * 100:.0f} points.")
        return True, (f"A margin of {margin * 100:.1f} points accepts up to about {margin * questions_per_month:,.0f} "
                      f"more wrong answers a month, about ${monthly(margin):,.0f} at ${cost_wrong:,.0f} each. It is "
                      "written down now, before any comparison is on screen; section 11 takes the gate at it with "
                      "`gate_at(margin=q1_answer)`. Do not move it after seeing the interval.")

    return custom(
        "1 · Choose the non-inferiority margin",
        "Before you compare v1 and v2: non-inferiority asks whether v2 is worse than v1 by no more than a margin, "
        "and the margin is written down before any comparison is on screen. At your parameters, "
        f"{questions_per_month:,.0f} questions a month and ${cost_wrong:,.0f} per wrong answer, decide how many "
        "points of pass rate you would tolerate losing and answer with the margin as a share (0.02 = 2 points).",
        check, practice="decision",
        hints=["One point of pass rate is 1% of the month's questions answered wrongly: price it.",
               f"One point costs about 0.01 x {questions_per_month:,.0f} x ${cost_wrong:,.0f} = "
               f"${monthly(0.01):,.0f} a month. How much of that is noise you would accept for v2's gains?"],
        solution=lambda: (f"For example 0.02: 2 points is about ${monthly(0.02):,.0f} a month, the size of a "
                          "monthly gain v2 would have to bring to be worth the switch; what matters is that it was "
                          "fixed before the result."),
    )


def ship_prompt(*, invented, citations, scorer_kappa: tuple[float, float]):
    """Exercise 5: ship prompt A or B, from two paired comparisons and the scorers' validation.

    ``invented`` and ``citations`` are :class:`~aipm_kit.evals.stats.Comparison` objects of B against
    A (pass = no unsupported claim; pass = the cited article supports the key claim);
    ``scorer_kappa`` is the 95% interval of the invented-policy scorer's kappa with the hand labels.
    """
    from . import Exercise

    inv, cit = invented.difference, citations.difference
    b_worse = inv.high < 0  # B decisively more often states a claim the knowledge base lacks
    accepted = {"A", "wait"} if b_worse else ({"B", "wait"} if cit.low > 0 else {"A", "wait"})
    inv_text = (f"{inv.estimate * 100:+.1f} points on answers free of unsupported claims "
                f"(95% interval {inv.low * 100:+.1f} to {inv.high * 100:+.1f})")
    cit_text = (f"{cit.estimate * 100:+.1f} points on supported citations "
                f"(95% interval {cit.low * 100:+.1f} to {cit.high * 100:+.1f})")
    options = {
        "A": "keep prompt A in production; rework B (keep its citation instruction, drop the reassurance) and "
             "compare again",
        "B": "ship prompt B: its citation gain is decisive and the citation scorer agrees well with the hand labels",
        "wait": "ship nothing new yet: hand-label more answers to validate the invented-policy scorer, then "
                "compare again (A stays in production meanwhile)",
    }
    feedback = {
        "A": (f"Defensible: B against A is {inv_text}, so B invents policies more often, and a refund window "
              "the store does not have is a promise a customer can hold it to. The scorer flags mostly real "
              "problems but misses many, so the true gap may be larger, not smaller. B's citation gain "
              f"({cit_text}) is worth keeping: rework B and test the new version on the same cases."),
        "wait": (f"Defensible: the invented-policy scorer's kappa with the hand labels runs from "
                 f"{scorer_kappa[0]:.2f} to {scorer_kappa[1]:.2f} (95%), too weak to carry a release alone, "
                 "so label more answers first. A stays in production, which is the cautious outcome anyway."),
        "B": (f"Not with this evidence: B against A is {inv_text}. Better citations do not make up for "
              "invented policies: a customer promised a refund window the store lacks can hold it to it, and "
              "the scorer misses many such claims, so B's real rate is likely higher than measured."
              if b_worse else
              f"Defensible: B is not decisively worse on invented policies ({inv_text}) and decisively better on "
              f"citations ({cit_text})."),
    }

    def check(answer):
        key = str(answer).strip().strip("'\"")
        if key not in options:
            raise ValueError(f"answer with one of {list(options)}")
        return key in accepted, feedback[key]

    return Exercise(
        "5 · Ship prompt A or prompt B",
        "Prompt B cites better and prompt A invents fewer policies. From the two paired comparisons and the "
        "scorers' validation on the hand labels above, which prompt goes to production, and what happens next?",
        checker=check, options=options, practice="decision",
        hints=["Read the validation first: a scorer whose kappa interval is wide and low can still be trusted "
               "when it flags (precision), not when it stays silent (recall).",
               "Which mistake costs the store more: an answer citing the wrong article, or an answer promising a "
               "refund window the store does not have?"],
        solution=lambda: (f"B against A: {inv_text}; {cit_text}. Keep A (or wait for more labels): invented "
                          "policies are the costlier failure and the scorer under-counts them."
                          if b_worse else f"B against A: {inv_text}; {cit_text}."),
    )
