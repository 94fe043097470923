"""The two computations done by hand: McNemar's exact test (exercise 2) and Cohen's kappa (exercise 3).

Each builds a numeric exercise from the notebook's counts, with the common slips (one tail, the
chi-square approximation, raw agreement, the pooled kappa) named in the feedback.
"""

from __future__ import annotations

from .. import numeric


def mcnemar_by_hand(*, comparison):
    """Exercise 2: the exact McNemar p-value from the discordant pairs, by hand.

    The expected answer is ``min(1, 2 * P(Binomial(b + c, 0.5) <= min(b, c)))``, accepted within 0.0005.
    The one-tailed value and, when there are discordant pairs, the chi-square approximation
    ``(b - c)^2 / (b + c)`` on one degree of freedom get feedback of their own.

    Parameters
    ----------
    comparison : Comparison
        The paired comparison of v2 against v1 (:class:`aipm_kit.evals.stats.Comparison`, or any object with
        the same two counts): ``mcnemar_b`` cases v1 passed and v2 failed (v2 broke), ``mcnemar_c`` cases
        v2 passed and v1 failed (v2 fixed).

    Returns
    -------
    Exercise
        A ``"by-hand"`` numeric exercise whose ``check`` takes the two-sided p-value.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> q = mcnemar_by_hand(comparison=SimpleNamespace(mcnemar_b=2, mcnemar_c=9))
    >>> q.check(0.0654)
    [2 · McNemar's test by hand] Correct: 0.0654 is right.
    >>> q.check(0.0327)
    [2 · McNemar's test by hand] Not yet: That is one tail of the binomial. McNemar's exact test is two-sided:
    double it (capped at 1).
    """
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
    kappa pooled over every version's answers, a named slip. The expected answer is
    ``(p_o - p_e) / (1 - p_e)``, accepted within 0.005; the raw agreement ``p_o`` gets feedback of its own.

    Parameters
    ----------
    both_pass : int
        Answers both the judge and the reviewer pass; whole and at least 0, like the other three counts.
    judge_only : int
        Answers the judge alone passes.
    reviewer_only : int
        Answers the reviewer alone passes.
    both_fail : int
        Answers both fail.
    kit_kappa : float, optional
        The kit's kappa on the same labels, quoted in the solution.
    pooled_kappa : float, optional
        The kappa pooled over every version's answers; an answer near it (when it differs from this
        version's by more than 0.005) is told why it is the wrong table.
    version : str, default "v2"
        The version whose answers were labelled, for the prompt.

    Returns
    -------
    Exercise
        A ``"by-hand"`` numeric exercise whose ``check`` takes kappa.

    Raises
    ------
    ValueError
        When a count is negative or not whole, when all four are zero, or when both raters give one verdict
        only (kappa undefined).

    Examples
    --------
    >>> q = kappa_by_hand(both_pass=40, judge_only=5, reviewer_only=10, both_fail=45)
    >>> q.check(0.7)
    [3 · Cohen's kappa by hand, on v2's answers] Correct: 0.700 is right.
    >>> q.check(0.85)
    [3 · Cohen's kappa by hand, on v2's answers] Not yet: That is the share of answers on which the two agree. ...
    >>> kappa_by_hand(both_pass=1, judge_only=-1, reviewer_only=0, both_fail=3)
    Traceback (most recent call last):
    ...
    ValueError: the four counts must be whole numbers >= 0, got (1, -1, 0, 3)
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
