"""Exercises for notebook 11 (the evaluation harness).

Each exercise is built where the notebook has its data (``non_inferiority_margin`` before any
comparison is on screen, ``mcnemar_by_hand``, ``kappa_by_hand``, ``release_bar``); every expected
answer is computed from the notebook's run at check time.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from . import _as_number, choice, custom, numeric

__all__ = [
    "mcnemar_by_hand",
    "kappa_by_hand",
    "release_bar",
    "non_inferiority_margin",
    "ship_prompt",
    "widest_margin",
    "margin_cost",
    "breakeven_pass_rate",
    "judge_lean",
    "judge_lean_gap",
    "lean_corrected_mover",
    "lean_line_cases",
    "kappa_labels_needed",
]


def margin_cost(margin: float, *, questions_per_month: float, cost_wrong: float) -> float:
    """Dollars a month that a drop of ``margin`` (a share of questions) in pass rate costs, each lost answer wrong."""
    return margin * questions_per_month * cost_wrong


def widest_margin(*, questions_per_month: float, cost_wrong: float, tolerated_loss: float) -> float:
    """The widest non-inferiority margin (a share) whose monthly cost stays within ``tolerated_loss``.

    Exercise 1's widest defensible answer; the notebook uses it as the default margin without showing the
    pricing, which is the exercise.
    """
    if questions_per_month <= 0 or cost_wrong <= 0 or tolerated_loss <= 0:
        raise ValueError("questions_per_month, cost_wrong and tolerated_loss must be positive")
    return tolerated_loss / (questions_per_month * cost_wrong)


def breakeven_pass_rate(*, value_right: float, cost_wrong: float) -> float:
    """The pass rate above which a bot costs less than a human answering every question for ``value_right``.

    A right answer costs next to nothing and every failed one ``cost_wrong``: the bot pays when
    ``(1 - p) * cost_wrong < value_right``. Exercise 4's computation, at whatever price is passed.
    """
    if cost_wrong <= value_right:
        raise ValueError("cost_wrong must exceed value_right, or every bot pays")
    return 1 - value_right / cost_wrong


def judge_lean(judge_pass, reviewer_pass, *, margin: float, confidence: float = 0.95) -> dict:
    """The judge's net lean on one version's labelled answers, against a margin on either side.

    The lean is the judge's pass rate minus the reviewer's on the same answers: (answers the judge alone passes
    minus answers the reviewer alone passes) over all of them, a share. Its interval is Newcombe's paired score
    interval (the one the notebook uses for v2 - v1). The line asks the lean to stay within ``margin`` either way:
    ``"pass"`` when the whole interval lies within [-margin, +margin], ``"fail"`` when the whole interval lies
    beyond one side, ``"inconclusive"`` otherwise. Returns the counts, the estimate, the interval and the status.
    """
    from ..experiments import paired_proportion_difference

    if margin <= 0:
        raise ValueError("margin must be positive")
    r = paired_proportion_difference(judge_pass, reviewer_pass, confidence=confidence)
    if -margin <= r.low and r.high <= margin:
        status = "pass"
    elif r.low > margin or r.high < -margin:
        status = "fail"
    else:
        status = "inconclusive"
    return {
        "judge_only": r.only_a,
        "reviewer_only": r.only_b,
        "n": r.n,
        "estimate": r.difference,
        "low": r.low,
        "high": r.high,
        "status": status,
    }


def judge_lean_gap(lean_a: dict, lean_b: dict, *, margin: float) -> dict:
    """The difference of two versions' leans (``lean_a`` minus ``lean_b``, each from ``judge_lean``) against a margin.

    The difference is what the judge's lean adds to a judge-scored a - b. The two leans come from different
    labelled answers, so they are independent; the interval combines their own intervals by Newcombe's
    square-and-add (MOVER) method: low = d - sqrt((a - a_low)^2 + (b_high - b)^2) and
    high = d + sqrt((a_high - a)^2 + (b - b_low)^2), d = a - b. ``"pass"`` when the whole interval lies within
    [-margin, +margin], ``"fail"`` when it lies wholly beyond one side, ``"inconclusive"`` otherwise.
    """
    if margin <= 0:
        raise ValueError("margin must be positive")
    a, b = lean_a["estimate"], lean_b["estimate"]
    d = a - b
    low = d - math.sqrt((a - lean_a["low"]) ** 2 + (lean_b["high"] - b) ** 2)
    high = d + math.sqrt((lean_a["high"] - a) ** 2 + (b - lean_b["low"]) ** 2)
    if -margin <= low and high <= margin:
        status = "pass"
    elif low > margin or high < -margin:
        status = "fail"
    else:
        status = "inconclusive"
    return {"estimate": d, "low": low, "high": high, "status": status}


def lean_corrected_mover(judged: tuple, gap: dict) -> dict:
    """A judge-scored difference with the judge's lean taken off, its 95% ends by square-and-add (MOVER).

    ``judged`` is (estimate, low, high) of a judge-scored a - b; ``gap`` the difference of the leans (estimate, low,
    high). The corrected difference is judged - gap; treating the two as independent, Newcombe's square-and-add
    gives low = d - sqrt((j - j_low)^2 + (g_high - g)^2) and high = d + sqrt((j_high - j)^2 + (g - g_low)^2).
    """
    j, jl, jh = judged
    g = gap["estimate"]
    d = j - g
    return {
        "estimate": d,
        "low": d - math.sqrt((j - jl) ** 2 + (gap["high"] - g) ** 2),
        "high": d + math.sqrt((jh - j) ** 2 + (g - gap["low"]) ** 2),
    }


def lean_line_cases(
    *,
    margin: float,
    flip_rate: float,
    disagree: float,
    labels: int | None = None,
    power: float = 0.8,
    confidence: float = 0.95,
) -> int | None:
    """Paired cases the lean-corrected v2 - v1 line needs, planned from the minimum effect fixed in advance.

    The plan: v2 exactly as good as v1 and a judge with no lean. The judged v2 - v1 on n paired cases, a share
    ``flip_rate`` of pairs flipping, has variance flip_rate / n; the difference of the two versions' leans, each
    measured on ``labels`` labelled answers on which the judge and the reviewer disagree on a share ``disagree``
    (both versions' shares added), has variance disagree / labels. The corrected line's low end clears ``-margin``
    with chance ``power`` when the combined standard error is at most margin / (z + z_power) (normal approximation).
    Returns n rounded up; ``labels=None`` labels every case's answers (labels = n). None when ``labels`` labels
    alone use up the whole standard error: no number of cases is then enough.
    """
    from statistics import NormalDist

    if margin <= 0 or not 0 < flip_rate <= 1 or not 0 <= disagree <= 1 or not 0 < power < 1 or not 0 < confidence < 1:
        raise ValueError("margin must be positive; flip_rate, disagree, power and confidence shares")
    if labels is not None and labels <= 0:
        raise ValueError("labels must be positive")
    nd = NormalDist()
    budget = (margin / (nd.inv_cdf(1 - (1 - confidence) / 2) + nd.inv_cdf(power))) ** 2  # combined variance allowed
    if labels is None:
        return int(math.ceil((flip_rate + disagree) / budget - 1e-9))
    room = budget - disagree / labels
    if room <= 0:
        return None
    return int(math.ceil(flip_rate / room - 1e-9))


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
    wrong = [
        (one_sided, "That is one tail of the binomial. McNemar's exact test is two-sided: double it (capped at 1).")
    ]
    if chi2_p is not None:
        wrong.append(
            (
                chi2_p,
                "That is the chi-square approximation, (b - c)^2 / (b + c) on one degree of "
                "freedom. The exact test uses the binomial itself.",
            )
        )
    return numeric(
        "2 · McNemar's test by hand",
        f"Of the cases whose verdict changed between v1 and v2, v2 broke {b} and fixed {c}. Under 'no "
        "difference', each changed case is a fair coin. Compute the exact two-sided McNemar p-value yourself "
        "from these two counts (scipy.stats.binom is allowed; stats.mcnemar_exact is not), then compare it with "
        "`lex_cmp.p_value`.",
        lambda: min(1.0, 2 * one_sided),
        atol=5e-4,
        practice="by-hand",
        wrong_answers=wrong,
        hints=[
            "Only the changed cases count: n = b + c. Under no difference, the smaller count follows Binomial(n, 0.5).",
            f"`min(1, 2 * scipy.stats.binom.cdf(min({b}, {c}), {n}, 0.5))`",
        ],
        solution=lambda: (
            f"n = {b} + {c} = {n}; p = min(1, 2 x P(Binomial({n}, 0.5) <= {min(b, c)})) = "
            f"{min(1.0, 2 * one_sided):.4f}, the kit's exact McNemar p. It is the chance of a split "
            "at least this lopsided if the versions were equally good, not the chance that they are."
        ),
    )


def kappa_by_hand(
    *,
    both_pass: int,
    judge_only: int,
    reviewer_only: int,
    both_fail: int,
    kit_kappa: float | None = None,
    pooled_kappa: float | None = None,
    version: str = "v2",
):
    """Exercise 3: Cohen's kappa of the judge with the simulated reviewer on one version's answers, by hand.

    The four counts are the 2x2 table of the judge's majority verdict against the simulated reviewer's label
    on ``version``'s labelled answers: both pass, the judge alone passes, the reviewer alone passes, both fail.
    ``kit_kappa`` (optional) is the kit's value, named in the solution; ``pooled_kappa`` (optional) is the
    kappa pooled over every version's answers, a named slip.
    """
    counts = (both_pass, judge_only, reviewer_only, both_fail)
    if any(int(c) != c or c < 0 for c in counts):
        raise ValueError(f"the four counts must be whole numbers >= 0, got {counts}")
    n = sum(counts)
    if n == 0:
        raise ValueError("the four counts are all zero: there is nothing to agree on")
    observed = (both_pass + both_fail) / n
    judge_rate, reviewer_rate = (both_pass + judge_only) / n, (both_pass + reviewer_only) / n
    chance = judge_rate * reviewer_rate + (1 - judge_rate) * (1 - reviewer_rate)
    if chance >= 1:
        raise ValueError("both raters give one verdict only: kappa is undefined")
    kappa = (observed - chance) / (1 - chance)
    wrong = [
        (
            observed,
            "That is the share of answers on which the two agree. Kappa takes off the agreement "
            "two raters with these pass rates would reach by chance: (p_o - p_e) / (1 - p_e).",
        )
    ]
    if pooled_kappa is not None and abs(pooled_kappa - kappa) > 5e-3:
        wrong.append(
            (
                pooled_kappa,
                f"That is the kappa pooled over every version's answers. The gate asks how "
                f"the judge does on {version}'s answers, the version being gated.",
            )
        )
    kit = f", the kit's {kit_kappa:.2f}" if kit_kappa is not None else ""
    return numeric(
        f"3 · Cohen's kappa by hand, on {version}'s answers",
        f"On {version}'s {n} labelled answers (simulated), the judge's majority verdict and the first "
        f"simulated reviewer's label (before the second review) both say pass on {both_pass}, both say fail on {both_fail}; the judge alone says pass "
        f"on {judge_only} and the reviewer alone on {reviewer_only}. Compute Cohen's kappa yourself from these four "
        "counts (no kit or scikit-learn function); the kit's value on these labels follows the exercise.",
        lambda: kappa,
        atol=5e-3,
        practice="by-hand",
        fmt="{:.3f}",
        wrong_answers=wrong,
        hints=[
            "Observed agreement p_o: the share of answers on which both say the same. Chance agreement p_e: "
            "(judge's pass share x reviewer's pass share) + (judge's fail share x reviewer's fail share).",
            f"p_o = ({both_pass} + {both_fail}) / {n}; p_e = {judge_rate:.3f} x {reviewer_rate:.3f} + "
            f"{1 - judge_rate:.3f} x {1 - reviewer_rate:.3f}; kappa = (p_o - p_e) / (1 - p_e).",
        ],
        solution=lambda: (
            f"p_o = {observed:.3f}, p_e = {chance:.3f}, kappa = ({observed:.3f} - {chance:.3f}) / "
            f"(1 - {chance:.3f}) = {kappa:.3f}{kit}. It is one estimate from {n} answers: whether "
            "the judge may decide rests on its 95% interval, not on this point."
        ),
    )


def release_bar(
    *, value_right: float, cost_wrong: float, current_cost_wrong: float | None = None, max_bar: float = 0.95
):
    """Exercise 4: a release bar at or above the break-even pass rate at a new price of a wrong answer.

    Against a human answering every question for ``value_right``, the bot's answers cost nothing
    when right and ``cost_wrong`` (escalation included) when wrong: it pays when
    ``(1 - p) * cost_wrong < value_right``, i.e. ``p > 1 - value_right / cost_wrong``. ``cost_wrong``
    is a what-if against the notebook's own assumption ``current_cost_wrong``; the notebook takes the
    gate again at the learner's bar (and at this price) in its gate section.
    """
    breakeven = breakeven_pass_rate(value_right=value_right, cost_wrong=cost_wrong)

    def check(answer):
        bar = _as_number(answer)
        if not 0 < bar < 1:
            return False, f"{bar:g} is not a pass rate: give the bar as a share between 0 and 1 (0.80 = 80%)."
        if bar < breakeven - 0.005:
            return False, (
                f"A bar of {bar:.2f} lets through a bot that loses money: against a human at "
                f"${value_right:,.2f} a question, a bot whose wrong answers cost ${cost_wrong:,.0f} pays only "
                f"above 1 - {value_right:,.2f} / {cost_wrong:,.0f} = {breakeven:.3f}."
            )
        if bar > max_bar:
            return False, (
                f"A bar of {bar:.2f} asks for near perfection: no bot clears it on a few hundred cases, "
                f"so it blocks every release. The money says {breakeven:.3f}; add a margin of safety you "
                "can defend, not a wall."
            )
        return True, (
            f"A bar of {bar:.2f} is at or above the break-even {breakeven:.3f} at ${cost_wrong:,.0f} a wrong "
            "answer, so a bot that clears it pays for itself at the what-if price. Section 11 shows the "
            "pass-rate line at your bar: the whole 95% interval of v2's pass rate must clear it."
        )

    return custom(
        "4 · Set the release bar from what a wrong answer costs",
        f"Without the bot, a human agent answers every question for ${value_right:,.2f}. "
        + (
            f"Your parameters price a wrong bot answer at ${current_cost_wrong:,.0f}, and unless you set it the "
            "release bar `THRESHOLD` is priced from that. "
            if current_cost_wrong is not None
            else ""
        )
        + f"What if legal priced a wrong answer at ${cost_wrong:,.0f} instead, the escalation to that agent included "
        "(plus a wrong refund promise and the customer's goodwill)? This is a what-if: the parameters keep their "
        "price. A right answer costs next to nothing; count every failed answer as a wrong one (padded answers that "
        "state the key fact cost less, so this errs on the safe side). Find the pass rate above which the bot is worth running "
        "at the what-if price and answer with your release bar (a share, 0.80 = 80%). Section 11 takes the gate "
        "again at your bar.",
        check,
        practice="decision",
        hints=[
            "Per question the bot costs (1 - p) x cost_wrong; the human costs value_right. Set them equal and "
            "solve for p.",
            f"Break-even p = 1 - {value_right:g} / {cost_wrong:g}; round it up, or add a margin of safety.",
        ],
        solution=lambda: (
            f"Break-even {breakeven:.3f}, so a bar of {round(breakeven + 0.005, 2):.2f} or a little "
            "above. The gate passes the pass-rate line only when the whole 95% interval clears the "
            "bar, so a bar near the top of the interval gives NOT YET, not GO."
        ),
    )


def non_inferiority_margin(
    *,
    questions_per_month: float,
    cost_wrong: float,
    tolerated_loss: float,
    plan_flip_rate: float = 0.20,
    n_cases: int | None = None,
):
    """Exercise 1: a non-inferiority margin from the monthly loss the business tolerates, before any comparison.

    A drop of ``m`` (a share) in pass rate means ``m * questions_per_month`` more wrong answers a month,
    each costing ``cost_wrong``. The business will not act on a monthly loss up to ``tolerated_loss``, so
    any margin in ``(0, tolerated_loss / (questions_per_month * cost_wrong)]`` is defensible: a tighter one
    is stricter but needs more paired cases (about ``(1.96 + 0.84)^2 * plan_flip_rate / m^2`` for a version
    exactly as good as its baseline to pass 80% of the time, a normal approximation). A margin whose case count
    exceeds 1,000 times ``n_cases`` (the set's size) is accepted with a warning that names the count: a test that
    size is out of reach, so it amounts to never releasing. The prompt gives the
    inputs, not the price of a point: the learner prices it and weighs protection against sample size.
    """
    widest = widest_margin(
        questions_per_month=questions_per_month, cost_wrong=cost_wrong, tolerated_loss=tolerated_loss
    )

    def monthly(m):
        return margin_cost(m, questions_per_month=questions_per_month, cost_wrong=cost_wrong)

    def cases(m):  # rounded up to hundreds: a plan, not a precise count
        return 100 * math.ceil((1.959964 + 0.841621) ** 2 * plan_flip_rate / m**2 / 100)

    infeasible = 1000  # a test needing more than this many times the set's questions is taken as one never run

    def check(answer):
        margin = _as_number(answer)
        if margin >= 1:
            return False, (
                f"{margin:g} reads as points: give the margin as a share of questions (0.10 would be 10 points)."
            )
        if margin <= 0:
            return False, (
                "A margin of zero asks v2 to prove it is at least as good as v1 to the last case: no "
                "finite test can show that. Choose the drop you would tolerate, as a share of questions."
            )
        if margin > widest + 5e-4:
            return False, (
                f"A margin of {margin * 100:.1f} points lets through a drop worth about "
                f"${monthly(margin):,.0f} a month, more than the ${tolerated_loss:,.0f} the business "
                f"tolerates: at ${cost_wrong:,.0f} a wrong answer and {questions_per_month:,.0f} questions "
                f"a month, each point costs ${monthly(0.01):,.0f}."
            )
        if n_cases and cases(margin) > infeasible * n_cases:
            return True, (
                f"Defensible in money, but check what it costs in cases: at {margin * 100:.2g} points a v2 "
                f"exactly as good as v1 needs about {cases(margin):,.0f} paired cases to pass 80% of the "
                f"time if {plan_flip_rate:.0%} of them flip, more than {infeasible:,} times the "
                f"{n_cases:,} questions in this set (the widest margin, {widest * 100:.1f} points, needs "
                f"{cases(widest):,.0f}). A test that size is out of reach, so in practice this margin keeps "
                "v2 at 'not yet' for good: accepted, but a margin this tight is a decision never to "
                "release, not a stricter test. Do not move the margin after seeing the interval."
            )
        if margin < widest - 5e-4:
            where = (
                f" It is tighter than the tolerance requires: defensible if you would rather protect more "
                f"than ${monthly(margin):,.0f} a month of the ${tolerated_loss:,.0f}, paid for in cases."
            )
        else:
            where = " It is the widest margin the tolerance allows."
        return True, (
            f"Defensible. A margin of {margin * 100:.1f} points accepts up to about "
            f"{margin * questions_per_month:,.0f} more wrong answers a month, about ${monthly(margin):,.0f}, "
            f"within the ${tolerated_loss:,.0f} tolerated.{where} Any margin above zero up to "
            f"{widest * 100:.1f} points ({tolerated_loss:,.0f} / ({questions_per_month:,.0f} x "
            f"{cost_wrong:,.0f}) = {widest:.3f}) is accepted here. The price of a margin is sample size: "
            f"for a v2 exactly as good as v1 to pass it 80% of the time takes about {cases(margin):,.0f} "
            f"paired cases if {plan_flip_rate:.0%} of them flip"
            + (f" (the widest margin needs {cases(widest):,.0f})" if cases(margin) != cases(widest) else "")
            + ", so on a set of a few hundred a v2 no better than v1 rarely passes. "
            "Do not move the margin after seeing the interval."
        )

    size = f" The evaluation set holds {n_cases:,} questions." if n_cases else ""
    return custom(
        "1 · Choose the non-inferiority margin",
        "Before you compare v1 and v2: non-inferiority asks whether v2 is worse than v1 by no more than a margin, "
        "and the margin is written down before any comparison is on screen. Your parameters: "
        f"{questions_per_month:,.0f} questions a month and ${cost_wrong:,.0f} per wrong answer (count every "
        f"answer lost as a wrong one, the cautious reading). Assume the head of support treats a loss of up to "
        f"${tolerated_loss:,.0f} a month (`LOSS_TOLERATED`, an assumption in the parameters) as too small to act on; v2 is not cheaper to run, so a "
        "larger drop buys nothing. Two things pull against each other: a wider margin lets a costlier drop "
        "through, and a tighter one needs many more paired cases before an equally good v2 can pass (the number "
        f"grows with 1 / margin squared).{size} Choose the margin the release gate will hold v2 to, as a share "
        "of questions (not in points), and be ready to say why not wider and why not tighter.",
        check,
        practice="decision",
        hints=[
            "One point of pass rate is 1% of the month's questions answered wrongly: price it, then see how many "
            "points the tolerated loss buys. That is the widest margin you can defend.",
            "Below that, every margin is defensible; the cost of going tighter is cases: about "
            f"(1.96 + 0.84)^2 x {plan_flip_rate:g} / margin^2 for an equal v2 to pass 80% of the time.",
        ],
        solution=lambda: (
            f"Any margin above zero up to {widest:.3f}: {tolerated_loss:,.0f} / "
            f"({questions_per_month:,.0f} x {cost_wrong:,.0f}) = {widest:.3f}, i.e. "
            f"{widest * 100:.1f} points, is the widest; a tighter one protects more money and needs "
            f"more cases (about {cases(widest):,.0f} at the widest, {cases(widest / 2):,.0f} at half of "
            "it). What matters is that it was fixed before the result."
        ),
    )


def ship_prompt(
    *,
    invented,
    citations,
    invented_kappa: tuple,
    citation_kappa: tuple,
    line: float,
    labels_from_prompts_answers: bool,
    invented_margin: float = 0.02,
    intervals: dict | None = None,
    interval_name: str = "95% Newcombe paired interval",
    invented_precision: tuple | None = None,
    invented_recall: tuple | None = None,
    invented_kappa_estimate: float | None = None,
):
    """Exercise 5: keep prompt A, replace it with B, or wait, from two paired comparisons and the scorers' validation.

    ``invented`` and ``citations`` are :class:`~aipm_kit.evals.stats.Comparison` objects of B against
    A (pass = no invented policy; pass = the cited article supports the key claim).
    ``invented_kappa`` and ``citation_kappa`` are each scorer's 95% kappa interval ``(low, high)`` against
    hand labels; ``labels_from_prompts_answers`` says whether those labels were of A's and B's own answers.
    A scorer is validated only when its labels were of the prompts' own answers and its whole interval
    clears ``line`` (the scorer-validation rule: an unvalidated scorer decides nothing).
    ``invented_margin`` (a share) is the largest rise in answers with an invented policy tolerated.
    ``intervals`` optionally replaces each comparison's own interval with the one the notebook's gate uses
    (``{"invented": (low, high), "citations": (low, high)}``, shares), named by ``interval_name``; the
    decision and the feedback then read that interval.
    ``invented_precision`` and ``invented_recall`` (optional ``(estimate, low, high)`` shares, from the same hand
    labels) let the feedback weigh what the invented-policy scorer's flags are worth; ``invented_kappa_estimate``
    (optional) is printed with ``invented_kappa``'s interval.

    Accepted: with the invented-policy scorer not validated, waiting; and keeping A while retiring B too when B's
    whole interval is beyond the margin as measured (the burden of proof is on B, and A is kept either way).
    Once it is validated: A when B is worse beyond the margin, B when B is within it and better on validated
    citations, otherwise A or waiting.
    """

    invented_validated = labels_from_prompts_answers and invented_kappa[0] >= line
    citation_validated = labels_from_prompts_answers and citation_kappa[0] >= line
    inv, cit = invented.difference, citations.difference
    if intervals:
        from types import SimpleNamespace

        inv, cit = (
            SimpleNamespace(estimate=d.estimate, low=intervals[k][0], high=intervals[k][1]) if k in intervals else d
            for k, d in (("invented", inv), ("citations", cit))
        )
    b_worse = inv.high < -invented_margin  # B's rise in invented policies is beyond the margin, whole interval
    b_fine = inv.low >= -invented_margin and cit.low > 0
    if not invented_validated:
        accepted = {"wait", "A"} if b_worse else {"wait"}
    elif b_worse:
        accepted = {"A"}
    elif b_fine and citation_validated:
        accepted = {"B"}
    else:
        accepted = {"A", "wait"}
    inv_text = (
        f"{inv.estimate * 100:+.1f} points on answers free of invented policy "
        f"({interval_name} {inv.low * 100:+.1f} to {inv.high * 100:+.1f})"
    )
    cit_text = (
        f"{cit.estimate * 100:+.1f} points on supported citations "
        f"({interval_name} {cit.low * 100:+.1f} to {cit.high * 100:+.1f})"
    )
    where = (
        "on the prompts' own answers"
        if labels_from_prompts_answers
        else "only on examples written for the kit, not on A's or B's answers"
    )
    status = (
        f"the invented-policy scorer is {'validated' if invented_validated else 'not validated'} and the "
        f"citation scorer {'validated' if citation_validated else 'not validated'} (labels {where})"
    )
    options = {
        "A": "keep A and retire B now: B invents more policies; write a new prompt",
        "B": "replace A with B now: B's cited articles support its answers more often",
        "wait": "keep A for now; label both prompts' answers, validate the scorers, decide then",
    }

    def share(t):
        return f"{t[0]:.0%} (95% interval {t[1]:.0%} to {t[2]:.0%})"

    counts = (
        f" (B lost {invented.losses} cases and won {invented.wins})"
        if getattr(invented, "losses", None) is not None and getattr(invented, "wins", None) is not None
        else ""
    )

    def kappa_reading():
        low, high = invented_kappa
        est = (
            f"{invented_kappa_estimate:.2f} (95% interval {low:.2f} to {high:.2f})"
            if invented_kappa_estimate is not None
            else f"95% interval {low:.2f} to {high:.2f}"
        )
        chance = (
            ", an interval that includes chance agreement (0)"
            if low <= 0
            else f": the interval excludes 0, so agreement is better than chance, barely (low end {low:.2f})"
            if low < 0.2
            else ""
        )
        return f" Its agreement with the labels is kappa {est}{chance}."

    if invented_precision:
        mostly = invented_precision[1] > 0.5  # the interval's low end, not the estimate, says "most flags right"
        flags = (
            f" On the labelled examples the invented-policy scorer has precision {share(invented_precision)}: "
            + (
                "its whole interval is above half."
                if mostly
                else f"its low end is {invented_precision[1]:.0%}, so the interval does not show most of its flags "
                "right."
            )
            + kappa_reading()
            + (
                f" If that holds on these answers, most of B's extra flags{counts} are real inventions."
                if mostly
                else f" B's extra flags{counts} may be real inventions or false alarms; only labels of A's and "
                "B's own answers say which."
            )
        )
    else:
        flags = ""
    flags += (
        f" It also found only {share(invented_recall)} of the labelled inventions, so it probably "
        "undercounts them in both prompts, and the gap between A and B could be larger or smaller than it shows."
        if invented_recall
        else ""
    )
    feedback = {
        "A": (
            f"Defensible: B against A is {inv_text}, beyond the {invented_margin * 100:.0f}-point margin, on a "
            "validated scorer: retire B."
            if "A" in accepted and invented_validated
            else f"Defensible on the burden of proof: B has to show it invents no more than A, and as measured it "
            f"shows the opposite ({inv_text}), while A is kept either way.{flags} The price of retiring B now: "
            f"{status}, so you give up B's citation gain ({cit_text}) on a scorer that may not decide yet; a "
            "labelled sample of both prompts' answers (waiting) would say whether B deserves a rework."
            if "A" in accepted
            else f"Keeping A is right for now, but retiring B is not supported: {status}, and even as measured B "
            f"against A reads {inv_text}, which does not show B worse by more than the "
            f"{invented_margin * 100:.0f}-point margin."
        ),
        "wait": (
            f"Defensible: {status}. The comparisons ({inv_text}; {cit_text}) are leads, not verdicts, and A is "
            f"kept meanwhile.{flags} Labelling a random sample of A's and B's answers settles whether the "
            "scorers may decide; no size was planned for this experiment, so plan one for the margin line "
            "before those answers are compared again."
            if "wait" in accepted
            else f"The evidence is in ({status}): {inv_text}. Waiting only delays a decision it already supports."
        ),
        "B": (
            f"Not with this evidence: {status}, and B against A reads {inv_text}. Better citations do not make up "
            "for invented refund promises, which a customer can hold the store to."
            if "B" not in accepted
            else f"Defensible: both scorers are validated, B is within the margin on invented policies ({inv_text}) "
            f"and better on citations ({cit_text})."
        ),
    }

    n_text = f"{invented.n_pairs} " if getattr(invented, "n_pairs", None) else ""
    return choice(
        "5 · Keep prompt A, replace it with B, or wait",
        f"Prompts A and B answered the same {n_text}questions (simulated "
        "answers); A is the team's current draft and B "
        "would replace it. From the two paired comparisons in the table above and the scorers' checks against hand "
        "labels, what do you do with prompt B? Be ready to say what your choice gives up.",
        options,
        accepted,
        feedback=feedback,
        practice="decision",
        hints=[
            "Section 6 set a rule for the judge before it could decide: which answers was it checked on? Ask "
            "the same of these two scorers.",
            "Were the scorers checked on A's and B's answers, or on examples written for the kit? And who carries "
            "the burden of proof, A or B?",
        ],
        solution=lambda: " | ".join(f"{k}: {feedback[k]}" for k in sorted(accepted)),
    )


def kappa_labels_needed(
    *,
    target: float,
    line: float,
    base_rate: float,
    power: float = 0.8,
    confidence: float = 0.95,
    sims: int = 300,
    n_boot: int = 400,
    step: int = 10,
    max_n: int = 2_000,
    seed: int = 0,
) -> int | None:
    """Labels a judge whose true kappa is ``target`` needs for its kappa interval to clear ``line`` with chance
    ``power``: the label plan, fixed before labelling, not scaled from an observed spread.

    The plan's judge and reviewer both say "pass" on a share ``base_rate`` of answers and disagree symmetrically,
    as often as kappa ``target`` allows: chance agreement p_e = b^2 + (1-b)^2, observed agreement
    p_o = p_e + target (1 - p_e), so each kind of disagreement has share (1 - p_o) / 2. For n = step, 2 step, ...
    it draws ``sims`` label sets of n answers from that table and, on each, the same percentile bootstrap over the
    answers the gate uses (``n_boot`` resamples; resamples with kappa undefined dropped); a set clears when its
    lower percentile is at or above ``line``. Returns the smallest n whose share of sets clearing is at least
    ``power``, or None if none up to ``max_n`` does.
    """
    if not -1 < line < target < 1 or not 0 < base_rate < 1 or not 0 < power < 1 or not 0 < confidence < 1:
        raise ValueError("need line < target < 1 and base_rate, power, confidence strictly between 0 and 1")
    p_e = base_rate**2 + (1 - base_rate) ** 2
    off = (1 - (p_e + target * (1 - p_e))) / 2
    cells = np.array(
        [base_rate - off, off, off, 1 - base_rate - off]
    )  # both pass, judge only, reviewer only, both fail
    if (cells < 0).any():
        raise ValueError("no symmetric table has this kappa at this base rate")
    rng = np.random.default_rng(seed)
    alpha = (1 - confidence) / 2

    def kappas(counts):
        n = counts.sum(axis=-1)
        a, b, c, d = np.moveaxis(counts / n[..., None], -1, 0)
        pe = (a + b) * (a + c) + (c + d) * (b + d)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(pe < 1, (a + d - pe) / (1 - pe), np.nan)

    for n in range(step, max_n + 1, step):
        sets = rng.multinomial(n, cells, size=sims)  # sims simulated label sets
        boot = rng.multinomial(n, sets / n, size=(n_boot, sims))  # resampling answers = multinomial
        with warnings.catch_warnings():  # a set whose every resample is undefined has no low end: it does not clear
            warnings.simplefilter("ignore", RuntimeWarning)
            low = np.nanquantile(kappas(boot), alpha, axis=0)
        if np.mean(np.nan_to_num(low, nan=-1.0) >= line) >= power:
            return n
    return None
