"""Exercises for notebook 12, the drift detection dashboard.

Each exercise is built where the notebook has its data (``wilson_by_hand``, ``harmless_drift``,
``paging_rule``, ``warning_threshold``); ``bind(...)`` builds all four at once. Every expected
answer is computed from the notebook's own tables and functions at check time.
"""

from __future__ import annotations

import math
from typing import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _as_number, choice, custom, numeric


def _pair(answer) -> tuple[float, float]:
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise TypeError("answer with a pair: (auc_drop, score_psi), e.g. (0.03, 0.1); use math.inf for "
                        "'never on this signal'")
    return tuple(float(a) if isinstance(a, float) and math.isinf(a) else _as_number(a) for a in answer)


def bind(*, psi_table: pd.DataFrame, importance: Mapping[str, float], model_features: Sequence[str],
         worst_recall: tuple[int, int], worst_month: str, backtest: Callable[..., pd.DataFrame],
         q1_flights: pd.DataFrame, cost_missed: float, cost_false: float, threshold: float,
         cost_page: float):
    """Build the four exercises at once (the notebook builds each where its section needs it).

    Parameters
    ----------
    psi_table : feature x month PSI against the reference quarter.
    importance : permutation importance (AUC drop) of each model feature.
    model_features : the features the model reads.
    worst_recall : ``(warned, late)`` counts of the month with the lowest recall; ``worst_month`` its name.
    backtest : ``backtest(auc_drop, score_psi)`` -> the replay table, its ``attrs`` holding ``bill``,
        ``pages``, ``caught``, ``false_pages`` and ``missed``.
    q1_flights : the training quarter's landed flights with ``late`` and ``score``.
    cost_missed, cost_false : dollars per late flight not warned and per on-time flight warned.
    threshold : the warning threshold the notebook uses.
    cost_page : dollars per page.
    """
    return (wilson_by_hand(worst_recall=worst_recall, worst_month=worst_month),
            harmless_drift(psi_table=psi_table, importance=importance, model_features=model_features),
            paging_rule(backtest=backtest, cost_page=cost_page),
            warning_threshold(q1_flights=q1_flights, cost_missed=cost_missed, cost_false=cost_false,
                              threshold=threshold))


def wilson_by_hand(*, worst_recall: tuple[int, int], worst_month: str):
    """Exercise 1: the lower end of a Wilson interval, computed by hand."""
    from ..metrics import wilson_interval

    k, n = worst_recall
    p = k / n
    wald_low = p - 1.96 * math.sqrt(p * (1 - p) / n)
    q1 = numeric(
        "1 · The worst month's recall, with its interval by hand",
        f"In {worst_month} the app warned about {k:,} of {n:,} late flights. Compute the lower end of "
        "the 95% Wilson interval for that recall yourself, in a few lines of Python (z = 1.96), and "
        "compare it with `metrics.wilson_interval`. Answer with the lower end, as a fraction.",
        lambda: wilson_interval(k, n)[0],
        atol=5e-4, practice="by-hand",
        wrong_answers=[
            (lambda: wald_low, "That is the textbook (Wald) interval, p ± 1.96·√(p(1-p)/n). Wilson's "
                               "centre moves towards 1/2 by z²/2n and its width has an extra z²/4n² term."),
            (lambda: p, "That is the recall itself, not the lower end of its interval."),
        ],
        hints=["Wilson: centre = (p + z²/2n) / (1 + z²/n); half-width = z·√(p(1-p)/n + z²/4n²) / (1 + z²/n).",
               f"`p = {k} / {n}; z = 1.96; d = 1 + z**2 / {n}`, then "
               f"`(p + z**2 / (2 * {n})) / d - z * math.sqrt(p * (1 - p) / {n} + z**2 / (4 * {n}**2)) / d`"],
        solution=lambda: (f"p = {p:.4f}; the Wilson interval is {wilson_interval(k, n)[0]:.4f} to "
                          f"{wilson_interval(k, n)[1]:.4f}, the same as `metrics.wilson_interval({k}, {n})`. "
                          f"With {n:,} late flights the Wald interval ({wald_low:.4f} at the low end) is "
                          "almost the same; the two part for small samples and rates near 0 or 1."),
    )

    return q1


def harmless_drift(*, psi_table: pd.DataFrame, importance: Mapping[str, float], model_features: Sequence[str]):
    """Exercise 2: the feature that drifts most without being able to hurt the model."""
    unused = [f for f in psi_table.index if f not in set(model_features)]
    monitored = list(psi_table.index)
    worst_unused = max(unused, key=lambda f: psi_table.loc[f].max()) if unused else monitored[0]
    feedback = {}
    for f in monitored:
        if f in importance:
            feedback[f] = (f"`{f}` feeds the model (its permutation importance is {importance[f]:.3f} "
                           f"AUC): its drift can change the predictions, so it is drift that may hurt.")
        elif f != worst_unused:
            feedback[f] = (f"`{f}` is not a model input, so its drift cannot hurt the model, but it is not "
                           f"the one that drifted most (peak PSI {psi_table.loc[f].max():.3f}).")
    feedback[worst_unused] = (f"Right: `{worst_unused}` drifted most of the features the model never "
                              f"reads (peak PSI {psi_table.loc[worst_unused].max():.3f}). An alert on it "
                              "would page someone for nothing the model can feel.")
    q2 = choice(
        "2 · Drift that cannot hurt the model",
        "Which monitored feature shows the most drift that cannot hurt the model? Answer with its name.",
        {f: ("model input" if f in set(model_features) else "monitored only") for f in monitored},
        worst_unused,
        feedback=feedback,
        hints=["Drift can only hurt the model through the features it reads: start with the ones it "
               "does not read.",
               "Among the features that are not model inputs, pick the one with the largest PSI in "
               "`psi_table`."],
        solution=lambda: (f"`{worst_unused}`: peak PSI {psi_table.loc[worst_unused].max():.3f}, and the "
                          "model never reads it."),
    )

    return q2


def paging_rule(*, backtest: Callable[..., pd.DataFrame], cost_page: float):
    """Exercise 3: a paging rule whose replayed bill is at most one page above the cheapest on a grid."""
    drops = [0.0, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, math.inf]
    psis = [0.025, 0.05, 0.075, 0.1, 0.15, 0.2, math.inf]

    def cheapest():
        bills = {(d, s): backtest(auc_drop=d, score_psi=s).attrs["bill"] for d in drops for s in psis}
        best = min(bills, key=bills.get)
        return best, bills[best]

    def check_rule(answer):
        drop, psi = _pair(answer)
        if drop < 0 or psi < 0:
            raise ValueError("both lines must be zero or more (math.inf: never page on that signal)")
        r = backtest(auc_drop=drop, score_psi=psi).attrs
        (bd, bs), best = cheapest()
        said = (f"Replayed, ({drop:g}, {psi:g}) pages {r['pages']} time(s): {r['caught']} caught, "
                f"{r['false_pages']} false, {r['missed']} missed; the year's bill is ${r['bill']:,.0f}.")
        if r["bill"] <= best + cost_page + 1e-9:
            return True, (f"{said} That is within one page (${cost_page:,.0f}) of the cheapest rule on the grid "
                          f"tried (({bd:g}, {bs:g}) at ${best:,.0f}): a defensible rule at these costs. Say in "
                          "your write-up which costs it depends on, and that it was tuned on the year it is "
                          "judged on.")
        return False, (f"{said} The cheapest rule on a grid of lines costs ${best:,.0f} (({bd:g}, {bs:g})). "
                       "Look at which months your rule misses or pages for nothing, and move the line "
                       "that caused it.")

    q3 = custom(
        "3 · Choose the paging rule",
        "Replay rules with `backtest(auc_drop=..., score_psi=...)` and choose the one you would ship at "
        "the costs in the parameters cell. Answer with the pair `(auc_drop, score_psi)`; `math.inf` "
        "turns a signal off. Any rule whose year's bill is at most one page above the cheapest on a "
        "grid of lines counts as defensible (one extra page is cheap insurance).",
        check_rule, practice="decision",
        hints=["Start from the default and look at the replay table: which months are 'missed' and which "
               "are 'false page'?",
               "Try turning one signal off (`math.inf`) and moving the other: "
               "`backtest(auc_drop=0.01, score_psi=math.inf).attrs`."],
        solution=lambda: (lambda best: f"The cheapest rule on the grid is ({best[0][0]:g}, {best[0][1]:g}), "
                                       f"with a bill of ${best[1]:,.0f}; rules within one page of it are "
                                       "as defensible. The answer moves with COST_PAGE and the error costs: "
                                       "change them and replay.")(cheapest()),
    )

    return q3


def warning_threshold(*, q1_flights: pd.DataFrame, cost_missed: float, cost_false: float, threshold: float):
    """Exercise 4: a warning threshold within 2% of the cheapest on the training quarter."""
    late = q1_flights["late"].to_numpy().astype(bool)
    score = q1_flights["score"].to_numpy(dtype=float)
    grid = np.round(np.arange(0.05, 0.951, 0.05), 2)

    def cost_at(t: float) -> float:
        warn = score >= t
        return float((cost_missed * (late & ~warn).sum() + cost_false * (~late & warn).sum()) / len(late))

    def check_threshold(answer):
        t = _as_number(answer)
        if not 0 < t < 1:
            raise ValueError("a threshold is a probability between 0 and 1")
        costs = {float(g): cost_at(g) for g in grid}
        best_t = min(costs, key=costs.get)
        mine = cost_at(t)
        if mine <= costs[best_t] * 1.02 + 1e-12:
            return True, (f"At {t:g} the training quarter's errors cost ${mine:.3f} per flight, within 2% of "
                          f"the lowest on the grid (${costs[best_t]:.3f} at {best_t:g}).")
        direction = "more late flights go unwarned" if t > best_t else "more on-time flights are warned"
        return False, (f"At {t:g} the errors cost ${mine:.3f} per flight against ${costs[best_t]:.3f} at "
                       f"{best_t:g}: {direction}. Choose on the training quarter, where the model was built.")

    q4 = custom(
        "4 · Set the warning threshold from the costs",
        f"The app warns when P(late) >= {threshold:g}. Using the training quarter's flights "
        "(`q1_flights`, with `late` and `score`) and the two error costs, find the threshold that "
        "makes the app's errors cheapest per flight, then answer with the one you would use. Any "
        "threshold within 2% of the cheapest is accepted.",
        check_threshold, practice="decision",
        hints=["For a threshold t: warned = score >= t; cost = COST_MISSED_WARNING x (late and not "
               "warned) + COST_FALSE_WARNING x (on time and warned), divided by the flights.",
               "Try `t` from 0.05 to 0.95 in steps of 0.05 and keep the cheapest. For a calibrated "
               f"model the cheapest line is near cost_false / (cost_false + cost_missed) = "
               f"{cost_false / (cost_false + cost_missed):.2f}."],
        solution=lambda: (lambda costs: f"The cheapest threshold on the grid is {min(costs, key=costs.get):g} "
                                        f"(${min(costs.values()):.3f} per flight, against "
                                        f"${cost_at(threshold):.3f} at {threshold:g}). The costs decide it: "
                                        "for a calibrated model the cheapest line sits near "
                                        f"{cost_false / (cost_false + cost_missed):.2f}, the false warning's "
                                        "share of the two prices.")({float(g): cost_at(g) for g in grid}),
    )
    return q4
