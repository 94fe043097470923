"""Exercises for notebook 11 (the evaluation harness).

Each exercise is built where the notebook has its data (``mcnemar_by_hand``, ``gating_signal``,
``release_bar``, ``non_inferiority_margin``); every expected answer is computed from the
notebook's run at check time.
"""

from __future__ import annotations

from typing import Callable

from . import _as_number, choice, custom, numeric

__all__ = ["mcnemar_by_hand", "gating_signal", "release_bar", "non_inferiority_margin", "ship_prompt"]

VERDICTS = ("GO", "NO-GO", "NOT YET")


def _line_and_verdict(answer, what: str) -> tuple[float, str]:
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise TypeError(f"answer with a pair: ({what}, verdict), e.g. (0.75, \"NOT YET\")")
    line, verdict = _as_number(answer[0]), str(answer[1]).strip().upper()
    if verdict not in VERDICTS:
        raise ValueError(f"the verdict must be one of {list(VERDICTS)}, got {answer[1]!r}")
    return line, verdict


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
        "1 · McNemar's test by hand",
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


def gating_signal(*, kappas: dict, kappa_intervals: dict | None = None):
    """Exercise 2: which signal should decide pass or fail (the best-validated one)."""
    if len(kappas) < 2:
        raise ValueError("kappas needs at least two signals to choose between")
    best = max(kappas, key=kappas.get)
    intervals = kappa_intervals or {}
    overlap = [k for k in kappas if k != best and k in intervals and best in intervals
               and intervals[k][1] >= intervals[best][0]]
    caveat = (f" Its lead over {', '.join(f'`{k}`' for k in overlap)} is not settled: the intervals overlap, "
              "so keep labelling the gated version's answers.") if overlap else ""
    feedback = {k: (f"`{k}` agrees with the simulated reviewer less well (kappa {kappas[k]:.2f} against "
                    f"{kappas[best]:.2f}). Gate on the signal you validated best.") for k in kappas if k != best}
    feedback[best] = (f"Right: `{best}` has the highest agreement with the simulated reviewer (kappa "
                      f"{kappas[best]:.2f}), so its pass/fail is the one to use for the release decision.{caveat}")
    return choice(
        "2 · The signal that decides pass or fail",
        "Which signal should decide pass or fail in the release gate? Base the answer on the agreement table "
        "above.",
        {k: (f"kappa {v:.2f}" + (f" (95% bootstrap {intervals[k][0]:.2f} to {intervals[k][1]:.2f})"
                                 if k in intervals else "") + " against the simulated reviewer's labels")
         for k, v in kappas.items()}, best, feedback=feedback,
        hints=["A cheap signal is only as good as its agreement with careful reviewers' judgement.",
               "Cohen's kappa corrects raw agreement for chance agreement: pick the highest, and look at its "
               "interval."],
        solution=lambda: f"`{best}`: kappa {kappas[best]:.2f}, the best agreement with the simulated reviewer.",
    )


def release_bar(*, gate_at: Callable[..., str], value_right: float, cost_wrong: float):
    """Exercise 3: a release bar at or above the break-even pass rate, and the verdict it gives.

    Against a human answering every question for ``value_right``, the bot's answers cost nothing
    when right and ``cost_wrong`` (escalation included) when wrong: it pays when
    ``(1 - p) * cost_wrong < value_right``, i.e. ``p > 1 - value_right / cost_wrong``.
    """
    if cost_wrong <= value_right:
        raise ValueError("cost_wrong must exceed value_right, or every bot pays")
    breakeven = 1 - value_right / cost_wrong

    def check(answer):
        bar, verdict = _line_and_verdict(answer, "bar")
        if not 0 < bar < 1:
            raise ValueError("the bar is a pass rate, a share between 0 and 1")
        if bar < breakeven - 0.005:
            return False, (f"A bar of {bar:.2f} lets through a bot that loses money: against a human at "
                           f"${value_right:,.2f} a question, a bot whose wrong answers cost ${cost_wrong:,.0f} pays only "
                           f"above 1 - {value_right:,.2f} / {cost_wrong:,.0f} = {breakeven:.3f}.")
        actual = gate_at(threshold=bar)
        if verdict != actual:
            return False, (f"At a bar of {bar:.2f} the gate says {actual}, not {verdict}: take it again with "
                           f"`gate_at(threshold={bar:.2f})`.")
        return True, (f"A bar of {bar:.2f} is at or above the break-even {breakeven:.3f}, and the gate there says "
                      f"{actual}. A bar above break-even is a margin of safety you can defend; say how much, and "
                      "why.")

    return custom(
        "3 · Set the release bar from what a wrong answer costs",
        f"Without the bot, a human agent answers every question for ${value_right:,.2f}. Legal has priced a wrong "
        f"bot answer at ${cost_wrong:,.0f}, the escalation to that agent included (plus a wrong refund promise and "
        "the customer's goodwill); a right answer costs next to nothing. Find the pass rate above which the bot is "
        "worth running, choose your release bar, take the gate again with `gate_at(threshold=...)` and answer "
        "`(bar, verdict)`.",
        check, practice="decision",
        hints=["Per question the bot costs (1 - p) x cost_wrong; the human costs value_right. Set them equal and "
               "solve for p.",
               "Break-even p = 1 - value_right / cost_wrong. Then `gate_at(threshold=p)`."],
        solution=lambda: (f"Break-even {breakeven:.3f}; at that bar the gate says {gate_at(threshold=round(breakeven, 2))}. "
                          "The gate passes the pass-rate line only when the whole 95% interval clears the bar, "
                          "so a bar near the top of the interval is NOT YET, not GO."),
    )


def non_inferiority_margin(*, gate_at: Callable[..., str], max_margin: float = 0.05):
    """Exercise 4: a non-inferiority margin chosen before looking, and the verdict it gives."""

    def check(answer):
        margin, verdict = _line_and_verdict(answer, "margin")
        if margin <= 0:
            return False, ("A margin of zero asks v2 to prove it is at least as good as v1 to the last case: no "
                           "finite test can show that. Choose the drop you would tolerate, as a share (0.02 = "
                           "2 points).")
        if margin > max_margin:
            return False, (f"A margin of {margin * 100:.0f} points would let a clearly worse bot ship as 'no "
                           f"worse'. Keep it at or below {max_margin * 100:.0f} points and say what a point of pass "
                           "rate is worth.")
        actual = gate_at(margin=margin)
        if verdict != actual:
            return False, f"At a margin of {margin:.3f} the gate says {actual}, not {verdict}."
        return True, (f"A margin of {margin * 100:.1f} points gives {actual}. The margin is a business choice made "
                      "before the test: write down why, and do not move it after seeing the interval.")

    return custom(
        "4 · Choose the non-inferiority margin",
        "Non-inferiority asks whether v2 is worse than v1 by no more than a margin. In a real release the margin "
        "is written down before any comparison is on screen; here, say what you would have written: decide how "
        "many points of pass rate you would tolerate losing (a share: 0.02 = 2 points) from what a point costs "
        "(section 10's assumptions), take the gate again with `gate_at(margin=...)`, and answer "
        "`(margin, verdict)`.",
        check, practice="decision",
        hints=["The overall line passes when the lower end of the paired interval of v2 - v1 is above -margin.",
               "A wider margin is easier to pass and costs more if the drop is real: price one point of pass rate "
               "with the cost assumptions of section 10."],
        solution=lambda: (f"For example a margin of 0.02 gives {gate_at(margin=0.02)} and 0.05 gives "
                          f"{gate_at(margin=0.05)}; what matters is that the margin was fixed before the result."),
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
        "B": "ship prompt B: its citation gain is decisive and its scorer is validated",
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
