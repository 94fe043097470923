"""Exercises for notebook 11 (the evaluation harness). Expected answers come from the notebook's run."""

from __future__ import annotations

from . import choice, numeric

__all__ = ["bind"]


def bind(*, comparison, kappas: dict, gate_rate, n_cases: int):
    """Return ``q1, q2, q3`` for notebook 11.

    Parameters
    ----------
    comparison : :class:`aipm_kit.evals.stats.Comparison` of v2 against v1 (lexical scorers).
    kappas : dict signal name -> Cohen's kappa against the human labels.
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
    options = {k: f"kappa {v:.2f} against the human labels" for k, v in kappas.items()}
    feedback = {k: (f"`{k}` agrees with the humans less well (kappa {kappas[k]:.2f} against {kappas[best]:.2f}). "
                    "Gate on the signal you validated best.") for k in kappas if k != best}
    feedback[best] = (f"Right: `{best}` has the highest agreement with the human reviewer (kappa "
                      f"{kappas[best]:.2f}), so its pass/fail is the one to trust for the release decision.")
    q2 = choice(
        "q2",
        "Which signal should decide pass or fail in the release gate?",
        options, best, feedback=feedback,
        hints=["A cheap signal is only as good as its agreement with careful human judgement.",
               "Cohen's kappa corrects raw agreement for the agreement you would get by chance: pick the highest."],
        solution=lambda: f"`{best}`: kappa {kappas[best]:.2f}, the best agreement with the human labels.",
    )
    q3 = numeric(
        "q3",
        f"The gate compares the **lower bound** of the candidate's 95% Wilson interval with the threshold. "
        f"Compute that lower bound (as a share, e.g. 0.71) from its passes and scored cases.",
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
