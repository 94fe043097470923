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

    Parameters
    ----------
    judge_pass : sequence of bool or 0/1
        The judge's verdict on each labelled answer, True for pass.
    reviewer_pass : sequence of bool or 0/1
        The reviewer's label on the same answers, in the same order.
    margin : float
        How far the lean may go either way, a share (0.05 is five points); positive.
    confidence : float, default 0.95
        The interval's confidence level.

    Returns
    -------
    dict
        ``judge_only`` and ``reviewer_only`` (the discordant counts), ``n``, ``estimate`` (the lean, a share),
        ``low`` and ``high`` (its interval) and ``status`` (``"pass"``, ``"fail"`` or ``"inconclusive"``).

    Raises
    ------
    ValueError
        When ``margin`` is not positive, or (from
        :func:`aipm_kit.experiments.paired_proportion_difference`) when the verdicts are not one right/wrong
        outcome per answer.

    Examples
    --------
    >>> judge = [1] * 46 + [0] * 54
    >>> reviewer = [1] * 40 + [0] * 6 + [1] * 2 + [0] * 52
    >>> lean = judge_lean(judge, reviewer, margin=0.1)
    >>> lean["judge_only"], lean["reviewer_only"], lean["n"], lean["status"]
    (6, 2, 100, 'pass')
    >>> round(lean["estimate"], 3), round(lean["low"], 3), round(lean["high"], 3)
    (0.04, -0.018, 0.097)
    >>> judge_lean(judge, reviewer, margin=0.05)["status"]
    'inconclusive'
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

    Parameters
    ----------
    lean_a : dict
        Version a's lean, with ``estimate``, ``low`` and ``high`` (shares), as :func:`judge_lean` returns it.
    lean_b : dict
        Version b's lean, the same way.
    margin : float
        How far the difference may go either way, a share; positive.

    Returns
    -------
    dict
        ``estimate``, ``low``, ``high`` (shares) and ``status`` (``"pass"``, ``"fail"`` or ``"inconclusive"``).

    Raises
    ------
    ValueError
        When ``margin`` is not positive.

    Examples
    --------
    >>> a = {"estimate": 0.04, "low": -0.01, "high": 0.09}
    >>> b = {"estimate": 0.01, "low": -0.03, "high": 0.05}
    >>> gap = judge_lean_gap(a, b, margin=0.1)
    >>> round(gap["estimate"], 3), round(gap["low"], 3), round(gap["high"], 3), gap["status"]
    (0.03, -0.034, 0.094, 'pass')
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

    Parameters
    ----------
    judged : tuple of float
        ``(estimate, low, high)`` of the judge-scored difference a - b, shares.
    gap : dict
        The difference of the two versions' leans, with ``estimate``, ``low`` and ``high`` (shares), as
        :func:`judge_lean_gap` returns it.

    Returns
    -------
    dict
        ``estimate``, ``low`` and ``high`` of the corrected difference, shares.

    Examples
    --------
    >>> gap = {"estimate": 0.03, "low": -0.034, "high": 0.094}
    >>> d = lean_corrected_mover((0.05, 0.01, 0.09), gap)
    >>> {k: round(v, 3) for k, v in d.items()}
    {'estimate': 0.02, 'low': -0.055, 'high': 0.095}
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

    Parameters
    ----------
    margin : float
        The non-inferiority margin, a share; positive.
    flip_rate : float
        The share of paired cases whose verdict flips between v1 and v2, in (0, 1].
    disagree : float
        The share of labelled answers on which the judge and the reviewer disagree, both versions' shares
        added, in [0, 1].
    labels : int, optional
        Labelled answers per version; positive. None labels every case's answers.
    power : float, default 0.8
        The chance that an equal v2 clears the line, strictly between 0 and 1.
    confidence : float, default 0.95
        The two-sided confidence level of the line's interval, strictly between 0 and 1.

    Returns
    -------
    int or None
        The paired cases needed, or None when ``labels`` is too few for any number of cases.

    Raises
    ------
    ValueError
        When a share or ``margin`` is out of range, or ``labels`` is not positive.

    Examples
    --------
    >>> lean_line_cases(margin=0.05, flip_rate=0.2, disagree=0.1)
    942
    >>> lean_line_cases(margin=0.05, flip_rate=0.2, disagree=0.1, labels=400)
    2919
    >>> lean_line_cases(margin=0.05, flip_rate=0.2, disagree=0.1, labels=50) is None
    True
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
    """Labels a judge whose true kappa is ``target`` needs for its kappa interval to clear ``line`` with chance ``power``.

    The label plan, fixed before labelling, not scaled from an observed spread.
    The plan's judge and reviewer both say "pass" on a share ``base_rate`` of answers and disagree symmetrically,
    as often as kappa ``target`` allows: chance agreement p_e = b^2 + (1-b)^2, observed agreement
    p_o = p_e + target (1 - p_e), so each kind of disagreement has share (1 - p_o) / 2. For n = step, 2 step, ...
    it draws ``sims`` label sets of n answers from that table and, on each, the same percentile bootstrap over the
    answers the gate uses (``n_boot`` resamples; resamples with kappa undefined dropped); a set clears when its
    lower percentile is at or above ``line``. Returns the smallest n whose share of sets clearing is at least
    ``power``, or None if none up to ``max_n`` does.

    Parameters
    ----------
    target : float
        The judge's true kappa in the plan; above ``line`` and below 1.
    line : float
        The kappa the interval's low end must reach; above -1.
    base_rate : float
        The share of answers both raters pass, strictly between 0 and 1.
    power : float, default 0.8
        The share of simulated label sets that must clear, strictly between 0 and 1.
    confidence : float, default 0.95
        The bootstrap interval's two-sided level: the low end is its ``(1 - confidence) / 2`` percentile.
    sims : int, default 300
        Simulated label sets per n.
    n_boot : int, default 400
        Bootstrap resamples per label set.
    step : int, default 10
        The label counts tried go up in this step.
    max_n : int, default 2000
        The largest label count tried.
    seed : int, default 0
        Seed of the random draws: the same arguments give the same answer.

    Returns
    -------
    int or None
        The smallest label count that clears with chance ``power``, or None.

    Raises
    ------
    ValueError
        When the arguments are out of range, or no symmetric table has kappa ``target`` at ``base_rate``.

    Examples
    --------
    >>> kappa_labels_needed(target=0.8, line=0.6, base_rate=0.5, sims=50, n_boot=50, step=20)
    100
    >>> kappa_labels_needed(target=0.5, line=0.6, base_rate=0.5)
    Traceback (most recent call last):
    ...
    ValueError: need line < target < 1 and base_rate, power, confidence strictly between 0 and 1
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
