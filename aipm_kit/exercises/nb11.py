"""Exercises for notebook 11 (the evaluation harness). Expected answers come from the notebook's run."""

from __future__ import annotations

from . import choice, numeric

__all__ = ["bind"]


def bind(*, comparison, kappas: dict, gate_rate, n_cases: int, kappa_intervals: dict | None = None):
    """Return ``q1, q2, q3`` for notebook 11.

    Parameters
    ----------
    comparison : :class:`aipm_kit.evals.stats.Comparison` of v2 against v1 (lexical scorers).
    kappas : dict signal name -> Cohen's kappa against the (simulated) reviewer's labels.
    kappa_intervals : dict signal name -> (low, high) 95% bootstrap interval of that kappa, optional.
    gate_rate : the :class:`~aipm_kit.evals.stats.Interval` of the candidate's pass rate the gate uses.
    n_cases : number of cases in the run.
    """
    discordant = comparison.mcnemar_b + comparison.mcnemar_c
    q1 = numeric(
        "q1",
        "McNemar's test looks only at the cases whose verdict **changed** between v1 and v2. "
        "How many cases is that (the discordant pairs)?",
        discordant,
        atol=0.5,
        hints=["A case that passed under both versions, or failed under both, tells you nothing about which "
               "version is better.",
               "Add the cases v2 fixed (v1 failed, v2 passed) to the cases v2 broke (v1 passed, v2 failed): "
               "`comparison.mcnemar_b + comparison.mcnemar_c`, or count the rows of `comparison.flipped`."],
        solution=lambda: (f"{comparison.mcnemar_c} fixed + {comparison.mcnemar_b} broken = {discordant} "
                          "discordant pairs; every other case tied."),
        wrong_answers=[(comparison.mcnemar_c, "That counts only the cases v2 fixed. Add the ones it broke."),
                       (comparison.mcnemar_b, "That counts only the cases v2 broke. Add the ones it fixed."),
                       (comparison.n_pairs, "That is every paired case, including the ties McNemar ignores."),
                       (comparison.ties, "Those are the ties: the cases that did *not* change.")],
    )
    if len(kappas) < 2:
        raise ValueError("kappas needs at least two signals to choose between")
    best = max(kappas, key=kappas.get)
    intervals = kappa_intervals or {}
    band = {k: (f" (95% bootstrap {intervals[k][0]:.2f} to {intervals[k][1]:.2f})" if k in intervals else "")
            for k in kappas}
    options = {k: f"kappa {v:.2f}{band[k]} against the simulated reviewer's labels" for k, v in kappas.items()}
    feedback = {k: (f"`{k}` agrees with the simulated reviewer less well (kappa {kappas[k]:.2f} against "
                    f"{kappas[best]:.2f}). Gate on the signal you validated best.") for k in kappas if k != best}
    overlap = [k for k in kappas if k != best and k in intervals and best in intervals
               and intervals[k][1] >= intervals[best][0]]
    caveat = (f" Its lead over {', '.join(f'`{k}`' for k in overlap)} is not settled: the intervals overlap, "
              "so keep labelling the gated version's answers.") if overlap else ""
    feedback[best] = (f"Right: `{best}` has the highest agreement with the simulated reviewer (kappa "
                      f"{kappas[best]:.2f}), so its pass/fail is the one to use for the release decision.{caveat}")
    q2 = choice(
        "q2",
        "Which signal should decide pass or fail in the release gate?",
        options, best, feedback=feedback,
        hints=["A cheap signal is only as good as its agreement with careful reviewers' judgement.",
               "Cohen's kappa corrects raw agreement for the agreement you would get by chance: pick the highest, "
               "and look at its interval."],
        solution=lambda: f"`{best}`: kappa {kappas[best]:.2f}, the best agreement with the simulated reviewer.",
    )
    q3 = numeric(
        "q3",
        f"The gate's pass-rate line passes only when the **lower bound** of the candidate's 95% Wilson interval "
        f"clears the threshold. Compute that lower bound (as a share, e.g. 0.71) from its passes and scored cases.",
        gate_rate.low,
        atol=0.0015,
        hints=["Use `evals.stats.wilson_interval(passes, scored)` and read `.low`.",
               f"The candidate passed {round(gate_rate.estimate * gate_rate.n)} of {gate_rate.n} scored cases."],
        solution=lambda: (f"wilson_interval({round(gate_rate.estimate * gate_rate.n)}, {gate_rate.n}).low = "
                          f"{gate_rate.low:.4f}"),
        wrong_answers=[(gate_rate.estimate, "That is the point estimate. The gate uses the lower bound of the "
                                            "interval, so a lucky sample cannot ship a weak version."),
                       (gate_rate.high, "That is the upper bound; the gate is deliberately cautious and uses the lower one.")],
    )
    return q1, q2, q3
