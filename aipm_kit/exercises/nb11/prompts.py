"""Exercise 5: keep prompt A, replace it with B, or wait, from two paired comparisons and the scorers' checks.

The decision turns on whether each scorer was validated on the prompts' own answers; the feedback
reads the comparisons' intervals, and, when given, the scorer's precision, recall and kappa.
"""

from __future__ import annotations

from .. import choice


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

    Parameters
    ----------
    invented : Comparison
        B against A on answers free of invented policy: its ``difference`` has ``estimate``, ``low`` and
        ``high`` (shares); ``losses``, ``wins`` and ``n_pairs``, when present, are quoted in the feedback and prompt.
    citations : Comparison
        B against A on supported citations, read through its ``difference`` the same way.
    invented_kappa : tuple of float
        The invented-policy scorer's 95% kappa interval ``(low, high)`` against hand labels.
    citation_kappa : tuple of float
        The citation scorer's 95% kappa interval ``(low, high)``.
    line : float
        The kappa a scorer's whole interval must clear to be validated.
    labels_from_prompts_answers : bool
        Whether the hand labels were of A's and B's own answers (if not, no scorer is validated).
    invented_margin : float, default 0.02
        The largest rise in answers with an invented policy tolerated, a share.
    intervals : dict, optional
        ``{"invented": (low, high), "citations": (low, high)}``, shares: intervals that replace the comparisons'
        own (either key may be left out).
    interval_name : str, default "95% Newcombe paired interval"
        How the feedback names the interval read.
    invented_precision : tuple of float, optional
        The invented-policy scorer's precision on the hand labels, ``(estimate, low, high)``.
    invented_recall : tuple of float, optional
        Its recall, ``(estimate, low, high)``.
    invented_kappa_estimate : float, optional
        Its kappa's point estimate, printed with ``invented_kappa``.

    Returns
    -------
    Exercise
        A ``"decision"`` choice among ``"A"``, ``"B"`` and ``"wait"``.

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> invented = NS(difference=NS(estimate=-0.04, low=-0.08, high=-0.01), losses=12, wins=4, n_pairs=200)
    >>> citations = NS(difference=NS(estimate=0.06, low=0.02, high=0.10))
    >>> q = ship_prompt(invented=invented, citations=citations, invented_kappa=(0.3, 0.7),
    ...                 citation_kappa=(0.5, 0.8), line=0.4, labels_from_prompts_answers=False)
    >>> [q.check(k).correct for k in ("A", "B", "wait")]
    [False, False, True]
    >>> q.check("wait")
    [5 · Keep prompt A, replace it with B, or wait] Correct: Defensible: the invented-policy scorer is not
    validated and the citation scorer not validated (labels only on examples written for the kit, not on A's
    or B's answers). ...
    >>> worse = NS(difference=NS(estimate=-0.06, low=-0.09, high=-0.03))
    >>> q = ship_prompt(invented=worse, citations=citations, invented_kappa=(0.5, 0.8),
    ...                 citation_kappa=(0.5, 0.8), line=0.4, labels_from_prompts_answers=True)
    >>> [q.check(k).correct for k in ("A", "B", "wait")]
    [True, False, False]
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
