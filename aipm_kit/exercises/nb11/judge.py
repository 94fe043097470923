"""The judge's lean and the labels it needs: how far an LLM judge leans from the reviewer, and how big a plan is.

The lean of one version's labelled answers, the gap between two versions' leans, a judge-scored
difference with that gap taken off, and the numbers of cases and labels those lines need, planned
before the data are in.
"""

from __future__ import annotations

import math
import warnings

import numpy as np


def judge_lean(judge_pass, reviewer_pass, *, margin: float, confidence: float = 0.95) -> dict:
    """The judge's net lean on one version's labelled answers, against a margin on either side.

    The lean is the judge's pass rate minus the reviewer's on the same answers: (answers the judge alone passes
    minus answers the reviewer alone passes) over all of them, a share. Its interval is Newcombe's paired score
    interval (the one the notebook uses for v2 - v1). The line asks the lean to stay within ``margin`` either way:
    ``"pass"`` when the whole interval lies within [-margin, +margin], ``"fail"`` when the whole interval lies
    beyond one side, ``"inconclusive"`` otherwise. Returns the counts, the estimate, the interval and the status.
    """
    from ...experiments import paired_proportion_difference

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
