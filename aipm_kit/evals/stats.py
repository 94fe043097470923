"""Honest statistics for evaluation runs.

* :func:`wilson_interval`: a pass rate with a Wilson score interval (sound at
  small n and near 0% or 100%, unlike the textbook "p ± 1.96·se").
* :func:`bootstrap_interval`: a seeded percentile bootstrap for continuous scores.
* :func:`cluster_paired_bootstrap_interval`: the paired difference when cases come in
  groups (paraphrases of one question, questions on one help article): resamples whole
  groups, so cases that move together are not counted as independent evidence.
* :func:`compare_runs`: two versions on the **same** cases: exact McNemar test on
  the discordant pairs, a paired bootstrap interval for the difference (or, for
  pass/fail, Newcombe's paired score interval: ``interval="newcombe"``, a formula
  with no resampling noise), a win/tie/loss table and the flipped cases listed first.
* :func:`pass_rates_by_tag` and :func:`compare_by_tag`: per-slice results with a
  minimum-n warning and Holm's correction for testing many slices at once.
* :func:`detectable_difference`: the smallest paired difference a two-sided check on n
  cases would detect with a given power (say it before claiming "no regression").
* :func:`noninferiority_pass_chance`: the chance that a version exactly as good as its
  baseline passes a one-sided non-inferiority check (paired Newcombe interval) on n cases.

Errors (status ``"error"``) are never scored: they are left out of rates and
pairs, and counted.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any

import numpy as np

from .._checks import as_1d, check_positive_int, check_probability
from ..intervals import Interval, wilson_interval  # the kit's one interval type and one Wilson interval

__all__ = [
    "Interval",
    "wilson_interval",
    "bootstrap_interval",
    "paired_bootstrap_interval",
    "paired_difference_interval",
    "cluster_paired_bootstrap_interval",
    "mcnemar_exact",
    "holm_adjust",
    "Comparison",
    "compare_runs",
    "SliceTable",
    "pass_rates_by_tag",
    "compare_by_tag",
    "difference_sentence",
    "detectable_difference",
    "noninferiority_pass_chance",
]


def _z(confidence: float) -> float:
    confidence = check_probability(confidence, "confidence", inclusive=False)
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def _boot_means(values: np.ndarray, n_boot: int, rng: np.random.Generator, chunk: int = 256) -> np.ndarray:
    """Means of ``n_boot`` resamples (with replacement) of ``values``.

    When the values take few distinct levels (pass/fail, rounded scores), a
    resample is fully described by how many times each level is drawn, which is
    multinomial: drawing those counts gives exactly the same bootstrap
    distribution as drawing indices, at a fraction of the cost.
    """
    n = values.size
    levels, counts = np.unique(values, return_counts=True)
    if levels.size <= n // 8:
        draws = rng.multinomial(n, counts / n, size=n_boot)
        return draws @ levels / n
    out = np.empty(n_boot)
    step = max(1, min(chunk, (4_000_000 // max(n, 1)) or 1))
    for start in range(0, n_boot, step):
        stop = min(n_boot, start + step)
        idx = rng.integers(0, n, size=(stop - start, n), dtype=np.int32 if n < 2**31 else np.int64)
        out[start:stop] = values[idx].mean(axis=1)
    return out


def bootstrap_interval(
    values,
    *,
    statistic: Callable[[np.ndarray], float] | None = None,
    n_boot: int = 2000,
    confidence: float = 0.95,
    seed: int = 0,
) -> Interval:
    """Seeded percentile-bootstrap interval for the mean (or any ``statistic``) of ``values``.

    Examples
    --------
    >>> iv = bootstrap_interval([0.2, 0.4, 0.6, 0.8], seed=1)
    >>> iv.low < 0.5 < iv.high
    True
    """
    arr = as_1d(values, "values").astype(float)
    if arr.size == 0:
        raise ValueError("values is empty")
    n_boot = check_positive_int(n_boot, "n_boot", minimum=100)
    check_probability(confidence, "confidence", inclusive=False)
    rng = np.random.default_rng(seed)
    if statistic is None:
        est = float(arr.mean())
        boots = _boot_means(arr, n_boot, rng)
    else:
        est = float(statistic(arr))
        boots = np.array([statistic(arr[rng.integers(0, arr.size, arr.size)]) for _ in range(n_boot)])
    alpha = 1 - confidence
    low, high = np.quantile(boots, [alpha / 2, 1 - alpha / 2])
    return Interval(est, float(low), float(high), confidence, "percentile bootstrap", int(arr.size))


def paired_bootstrap_interval(a, b, *, n_boot: int = 2000, confidence: float = 0.95, seed: int = 0) -> Interval:
    """Bootstrap interval of ``mean(b) - mean(a)`` resampling the pairs (the same cases) together."""
    a = as_1d(a, "a").astype(float)
    b = as_1d(b, "b").astype(float)
    if a.size != b.size:
        raise ValueError(f"a and b must be paired (same length), got {a.size} and {b.size}")
    iv = bootstrap_interval(b - a, n_boot=n_boot, confidence=confidence, seed=seed)
    return Interval(iv.estimate, iv.low, iv.high, confidence, "paired bootstrap", iv.n)


def cluster_paired_bootstrap_interval(
    a, b, groups, *, n_boot: int = 2000, confidence: float = 0.95, seed: int = 0
) -> Interval:
    """Bootstrap interval of ``mean(b) - mean(a)`` on the same cases, resampling whole **groups** of cases.

    Cases in one group (paraphrases of one question, questions answered from one help
    article) tend to pass or fail together, so they are not independent evidence: a
    case-level interval is then too narrow. This draws as many groups as there are, with
    replacement, keeps every case of each drawn group, and takes the difference of
    means over the cases drawn (a ratio: groups of different sizes weigh by their size).
    With one case a group it is the ordinary paired bootstrap. ``n`` of the result is the
    number of cases; the number of groups is in ``method``. Few groups (under about 20)
    make any percentile interval rough.

    Examples
    --------
    >>> iv = cluster_paired_bootstrap_interval([0, 0, 1, 1], [1, 1, 1, 1], ["x", "x", "y", "y"], seed=1)
    >>> iv.estimate, iv.low, iv.high
    (0.5, 0.0, 1.0)
    """
    a = as_1d(a, "a").astype(float)
    b = as_1d(b, "b").astype(float)
    if a.size != b.size:
        raise ValueError(f"a and b must be paired (same length), got {a.size} and {b.size}")
    groups = np.asarray(list(groups), dtype=object)
    if groups.size != a.size:
        raise ValueError(f"groups must give one group per case, got {groups.size} for {a.size} cases")
    check_positive_int(n_boot, "n_boot")
    alpha = 1 - check_probability(confidence, "confidence", inclusive=False)
    _, code = np.unique(groups.astype(str), return_inverse=True)
    sums = np.bincount(code, weights=b - a)
    sizes = np.bincount(code).astype(float)
    k = sums.size
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, k, size=(n_boot, k))
    counts = np.zeros((n_boot, k))
    np.add.at(counts, (np.repeat(np.arange(n_boot), k), draws.ravel()), 1.0)
    boot = (counts @ sums) / (counts @ sizes)
    low, high = np.quantile(boot, [alpha / 2, 1 - alpha / 2])
    return Interval(
        float(sums.sum() / sizes.sum()),
        float(low),
        float(high),
        confidence,
        f"cluster bootstrap over {k} groups",
        int(a.size),
    )


PAIRED_INTERVALS = ("bootstrap", "newcombe")


def paired_difference_interval(
    a, b, *, interval: str = "bootstrap", n_boot: int = 2000, confidence: float = 0.95, seed: int = 0
) -> Interval:
    """Interval of ``mean(b) - mean(a)`` on the same cases.

    ``interval="bootstrap"``: the paired percentile bootstrap (any scores).
    ``interval="newcombe"``: Newcombe's hybrid score interval for paired
    proportions (:func:`aipm_kit.experiments.paired_proportion_difference`),
    for pass/fail (0/1) values only: a formula, so it does not move with
    ``seed`` or ``n_boot``.
    """
    if interval not in PAIRED_INTERVALS:
        raise ValueError(f"interval must be one of {PAIRED_INTERVALS}, got {interval!r}")
    if interval == "bootstrap":
        return paired_bootstrap_interval(a, b, n_boot=n_boot, confidence=confidence, seed=seed)
    from ..experiments import paired_proportion_difference

    a = as_1d(a, "a").astype(float)
    b = as_1d(b, "b").astype(float)
    if a.size != b.size:
        raise ValueError(f"a and b must be paired (same length), got {a.size} and {b.size}")
    if not (np.isin(a, (0, 1)).all() and np.isin(b, (0, 1)).all()):
        raise ValueError("interval='newcombe' needs pass/fail (0/1) values; use 'bootstrap' for continuous scores")
    r = paired_proportion_difference(b.astype(bool), a.astype(bool), confidence=confidence)
    return Interval(r.difference, r.low, r.high, confidence, "Newcombe paired score", r.n)


def mcnemar_exact(b: int, c: int) -> float:
    """Two-sided exact McNemar p-value from the discordant counts ``b`` and ``c``.

    Under "no difference" each discordant pair is a fair coin: the p-value is
    ``min(1, 2 * P(X <= min(b, c)))`` with ``X ~ Binomial(b + c, 1/2)``, as
    ``statsmodels.stats.contingency_tables.mcnemar(table, exact=True)``. The
    tail comes from ``scipy.stats.binom.cdf`` (the regularised incomplete beta
    function), so it takes microseconds at any number of pairs.

    Examples
    --------
    >>> round(mcnemar_exact(2, 10), 4)
    0.0386
    """
    from scipy import stats as _stats

    b = check_positive_int(b, "b", minimum=0)
    c = check_positive_int(c, "c", minimum=0)
    n = b + c
    if n == 0:
        return 1.0
    tail = float(_stats.binom.cdf(min(b, c), n, 0.5))
    return float(min(1.0, 2 * tail))


def holm_adjust(pvalues) -> np.ndarray:
    """Holm step-down adjusted p-values (controls the family-wise error rate).

    Examples
    --------
    >>> holm_adjust([0.01, 0.04, 0.03]).round(2).tolist()
    [0.03, 0.06, 0.06]
    """
    p = as_1d(pvalues, "pvalues").astype(float)
    if ((p < 0) | (p > 1)).any():
        raise ValueError("pvalues must lie in [0, 1]")
    m = p.size
    order = np.argsort(p, kind="mergesort")
    adj_sorted = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    out = np.empty(m)
    out[order] = adj_sorted
    return out


def difference_sentence(diff: Interval, *, unit: str = "points") -> str:
    """One plain sentence: ``"+3.1 points, 95% CI [-0.5, 6.7]: not decisive"``."""
    scale = 100 if unit == "points" else 1
    est, lo, hi = diff.estimate * scale, diff.low * scale, diff.high * scale
    if diff.low > 0:
        verdict = "a decisive improvement"
    elif diff.high < 0:
        verdict = "a decisive regression"
    else:
        verdict = "not decisive"
    fmt = "{:+.1f}" if unit == "points" else "{:+.3f}"
    inner = "{:.1f}" if unit == "points" else "{:.3f}"
    return f"{fmt.format(est)} {unit}, {diff.confidence:.0%} CI [{inner.format(lo)}, {inner.format(hi)}]: {verdict}"


def detectable_difference(n: int, discordant_share: float, *, alpha: float = 0.05, power: float = 0.8) -> float:
    """Smallest true difference in pass rate that a paired check on ``n`` cases detects with ``power``.

    Each case contributes ``d = candidate - baseline`` in {-1, 0, +1}; with no
    true difference the variance of ``d`` is the share of discordant pairs
    (cases that flipped either way). A two-sided test at ``alpha`` of the mean
    of ``d`` then detects a true difference of

        (z[1 - alpha/2] + z[power]) * sqrt(discordant_share / n)

    with probability ``power`` (the normal approximation; statsmodels'
    ``NormalIndPower(ratio=0)`` gives the same effect size in units of the
    standard deviation). A smaller drop can pass such a check unseen.

    Examples
    --------
    >>> round(detectable_difference(37, 0.18), 3)
    0.195
    """
    n = check_positive_int(n, "n")
    share = check_probability(discordant_share, "discordant_share")
    check_probability(alpha, "alpha", inclusive=False)
    check_probability(power, "power", inclusive=False)
    z = NormalDist().inv_cdf
    return float((z(1 - alpha / 2) + z(power)) * math.sqrt(share / n))


def _newcombe_low(both, only_a, only_b, neither, z: float) -> np.ndarray:
    """Vectorised lower end of Newcombe's hybrid paired interval of ``rate(a) - rate(b)`` from 2x2 counts."""
    both, only_a, only_b, neither = (np.asarray(x, dtype=float) for x in (both, only_a, only_b, neither))
    n = both + only_a + only_b + neither

    def wilson(k):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return p, centre - half, centre + half

    p1, l1, _ = wilson(both + only_a)
    p2, _, u2 = wilson(both + only_b)
    margins = (both + only_a) * (only_b + neither) * (both + only_b) * (only_a + neither)
    cross = both * neither - only_a * only_b
    cross = np.where(cross > n / 2, cross - n / 2, np.where(cross >= 0, 0.0, cross))
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = np.where(margins == 0, 0.0, cross / np.sqrt(np.where(margins == 0, 1.0, margins)))
    spread = (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2
    return np.maximum((only_a - only_b) / n - np.sqrt(np.maximum(spread, 0.0)), -1.0)


def noninferiority_pass_chance(
    n: int, discordant_share: float, margin: float, *, pass_rate: float = 0.75, confidence: float = 0.95
) -> float:
    """Chance that a candidate **exactly as good as its baseline** passes a paired non-inferiority check.

    The check is the release gate's: the lower end of the ``confidence``
    Newcombe paired interval of ``candidate - baseline`` must lie at or above
    ``-margin``. With no true difference, each case is a 2x2 cell drawn from a
    multinomial: flipped either way with probability ``discordant_share / 2``
    each, passing under both with ``pass_rate - discordant_share / 2`` and
    failing under both with the rest. The chance is exact: a sum over every
    table of ``n`` cases (tables beyond 8 standard deviations of a cell's mean, with a
    negligible chance, are skipped). This is the power of a one-sided non-inferiority check
    at a true difference of 0; a low value means that even an equal version
    usually shows "not yet".

    Examples
    --------
    >>> round(noninferiority_pass_chance(40, 0.2, 0.10), 2)  # an equal topic of 40 cases, 10-point margin
    0.28
    >>> noninferiority_pass_chance(400, 0.2, 0.10) > 0.99
    True
    """
    from scipy.special import gammaln

    n = check_positive_int(n, "n")
    share = check_probability(discordant_share, "discordant_share")
    check_probability(pass_rate, "pass_rate")
    check_probability(confidence, "confidence", inclusive=False)
    if isinstance(margin, (bool, np.bool_)) or not isinstance(margin, (int, float, np.integer, np.floating)):
        raise TypeError(f"margin must be a number, got {margin!r}")
    if not 0 <= margin < 1:
        raise ValueError(f"margin must be a share in [0, 1), got {margin!r}")
    p_flip = share / 2
    p_both, p_neither = pass_rate - p_flip, 1 - pass_rate - p_flip
    if p_both < -1e-12 or p_neither < -1e-12:
        raise ValueError(
            f"discordant_share={share:g} is impossible with pass_rate={pass_rate:g}: half of it must fit "
            "both inside the pass rate and inside the fail rate"
        )
    probs = np.clip([p_both, p_flip, p_flip, p_neither], 0.0, 1.0)

    def counts_of(p):  # every count with non-negligible probability (beyond 8 standard deviations: < 1e-15)
        sd = math.sqrt(n * p * (1 - p))
        return np.arange(max(0, math.floor(n * p - 8 * sd - 1)), min(n, math.ceil(n * p + 8 * sd + 1)) + 1)

    both, only_a, only_b = (
        g.ravel() for g in np.meshgrid(counts_of(probs[0]), counts_of(probs[1]), counts_of(probs[2]), indexing="ij")
    )
    keep = both + only_a + only_b <= n
    both, only_a, only_b = both[keep], only_a[keep], only_b[keep]
    neither = n - both - only_a - only_b
    counts = np.stack([both, only_a, only_b, neither])
    with np.errstate(divide="ignore"):
        logp = np.where(probs > 0, np.log(np.where(probs > 0, probs, 1.0)), -np.inf)
    terms = np.where(counts > 0, counts * logp[:, None], 0.0)
    log_pmf = gammaln(n + 1) - gammaln(counts + 1).sum(axis=0) + terms.sum(axis=0)
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    passes = _newcombe_low(both, only_a, only_b, neither, z) >= -margin - 1e-12
    return float(min(1.0, np.exp(log_pmf[passes]).sum()))


# --------------------------------------------------------------------------- paired comparison


def _values(run, metric: str) -> dict[str, float]:
    out = {}
    for r in run.results:
        if r.status != "ok":
            continue
        if metric == "passed":
            out[r.case_id] = float(bool(r.passed))
        else:
            if metric not in r.scores:
                raise ValueError(f"metric {metric!r} is not a scorer of run {run.model!r}; it has {list(run.scorers)}")
            out[r.case_id] = r.scores[metric].value
    return out


@dataclass(frozen=True)
class Comparison:
    """Candidate against baseline on the same cases."""

    baseline: str
    candidate: str
    metric: str
    n_pairs: int
    n_excluded: int
    baseline_mean: float
    candidate_mean: float
    difference: Interval
    wins: int
    ties: int
    losses: int
    mcnemar_b: int  # baseline passed, candidate failed
    mcnemar_c: int  # baseline failed, candidate passed
    p_value: float
    cases: Any = field(repr=False, compare=False)  # DataFrame, flipped cases first

    @property
    def sentence(self) -> str:
        return difference_sentence(self.difference, unit="points" if self.metric == "passed" else "")

    @property
    def flipped(self):
        return self.cases[self.cases["change"] != "tie"]

    def table(self):
        """Win / tie / loss counts and the 2x2 pass/fail table McNemar uses."""
        import pandas as pd

        both = int(((self.cases.baseline_passed) & (self.cases.candidate_passed)).sum())
        neither = int(((~self.cases.baseline_passed) & (~self.cases.candidate_passed)).sum())
        return pd.DataFrame(
            {"candidate passed": [both, self.mcnemar_c], "candidate failed": [self.mcnemar_b, neither]},
            index=pd.Index([f"{self.baseline} passed", f"{self.baseline} failed"], name=""),
        )

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "baseline": self.baseline,
                    "candidate": self.candidate,
                    "metric": self.metric,
                    "pairs": self.n_pairs,
                    "excluded (errors)": self.n_excluded,
                    "baseline_mean": self.baseline_mean,
                    "candidate_mean": self.candidate_mean,
                    "difference": self.difference.estimate,
                    "ci_low": self.difference.low,
                    "ci_high": self.difference.high,
                    "wins": self.wins,
                    "ties": self.ties,
                    "losses": self.losses,
                    "mcnemar_p": self.p_value,
                }
            ]
        )

    def to_dict(self) -> dict:
        return {
            "baseline": self.baseline,
            "candidate": self.candidate,
            "metric": self.metric,
            "n_pairs": self.n_pairs,
            "n_excluded": self.n_excluded,
            "baseline_mean": self.baseline_mean,
            "candidate_mean": self.candidate_mean,
            "difference": self.difference.to_dict(),
            "wins": self.wins,
            "ties": self.ties,
            "losses": self.losses,
            "mcnemar_b": self.mcnemar_b,
            "mcnemar_c": self.mcnemar_c,
            "p_value": self.p_value,
            "sentence": self.sentence,
            "flipped": self.flipped[["case_id", "change"]].to_dict(orient="records"),
        }

    def __repr__(self) -> str:
        return (
            f"Comparison({self.candidate} vs {self.baseline} on {self.n_pairs} paired cases: {self.sentence}; "
            f"wins {self.wins}, ties {self.ties}, losses {self.losses}; exact McNemar p={self.p_value:.3g})"
        )


def compare_runs(
    baseline,
    candidate,
    *,
    metric: str = "passed",
    n_boot: int = 2000,
    confidence: float = 0.95,
    seed: int = 0,
    interval: str = "bootstrap",
) -> Comparison:
    """Paired comparison of two runs on the cases both scored.

    The difference is ``candidate - baseline`` (of the pass rate, or of a
    scorer's mean value when ``metric`` names a scorer). McNemar always uses
    pass/fail. ``interval`` is ``"bootstrap"`` (paired bootstrap, any metric) or
    ``"newcombe"`` (pass/fail only; see :func:`paired_difference_interval`).

    Examples
    --------
    >>> from aipm_kit.evals import cases, adapters, scorers, runner
    >>> cs = cases.make_cases([{"id": str(i), "input": str(i), "expected": "yes"} for i in range(20)])
    >>> a = runner.run_eval(cs, adapters.from_function(lambda q: "yes" if int(q) % 2 else "no", name="a"), [scorers.includes])
    >>> b = runner.run_eval(cs, adapters.from_function(lambda q: "yes" if int(q) % 3 else "no", name="b"), [scorers.includes])
    >>> c = compare_runs(a, b)
    >>> (c.wins, c.losses)
    (6, 3)
    """
    import pandas as pd

    va, vb = _values(baseline, metric), _values(candidate, metric)
    pa, pb = _values(baseline, "passed"), _values(candidate, "passed")
    all_ids = [r.case_id for r in baseline.results]
    other = {r.case_id for r in candidate.results}
    ids = [i for i in all_ids if i in va and i in vb]
    excluded = len([i for i in all_ids if i in other]) - len(ids)
    if not ids:
        raise ValueError(f"runs {baseline.model!r} and {candidate.model!r} share no scored cases")
    a = np.array([va[i] for i in ids])
    b = np.array([vb[i] for i in ids])
    pass_a = np.array([pa[i] for i in ids]).astype(bool)
    pass_b = np.array([pb[i] for i in ids]).astype(bool)
    diff = paired_difference_interval(a, b, interval=interval, n_boot=n_boot, confidence=confidence, seed=seed)
    wins = int((b > a).sum())
    losses = int((b < a).sum())
    ties = len(ids) - wins - losses
    mb = int((pass_a & ~pass_b).sum())
    mc = int((~pass_a & pass_b).sum())
    change = np.where(b > a, "win", np.where(b < a, "loss", "tie"))
    by_a, by_b = baseline.by_id(), candidate.by_id()
    frame = pd.DataFrame(
        {
            "case_id": ids,
            "change": change,
            "baseline_passed": pass_a,
            "candidate_passed": pass_b,
            "baseline_value": a,
            "candidate_value": b,
            "tags": [", ".join(by_a[i].tags) for i in ids],
            "baseline_response": [by_a[i].response for i in ids],
            "candidate_response": [by_b[i].response for i in ids],
        }
    )
    rank = frame["change"].map({"loss": 0, "win": 1, "tie": 2})
    frame = frame.assign(_rank=rank).sort_values(["_rank", "case_id"], kind="mergesort").drop(columns="_rank")
    frame = frame.reset_index(drop=True)
    return Comparison(
        baseline.model,
        candidate.model,
        metric,
        len(ids),
        excluded,
        float(a.mean()),
        float(b.mean()),
        diff,
        wins,
        ties,
        losses,
        mb,
        mc,
        mcnemar_exact(mb, mc),
        frame,
    )


# --------------------------------------------------------------------------- slices


@dataclass(frozen=True)
class SliceTable:
    """Per-tag results; ``warning`` flags slices smaller than ``min_n``."""

    title: str
    frame: Any = field(repr=False)
    min_n: int = 30
    alpha: float = 0.05

    def to_frame(self):
        return self.frame.copy()

    @property
    def warnings(self) -> list[str]:
        return [w for w in self.frame["warning"] if w]

    def __repr__(self) -> str:
        return f"SliceTable({self.title}: {len(self.frame)} slices, {len(self.warnings)} with too few cases)\n{self.frame.to_string(index=False)}"

    def _repr_html_(self) -> str:
        from ..formatting import isolate_dollars_html

        return isolate_dollars_html(
            f"<b>{self.title}</b>" + self.frame.to_html(index=False, float_format=lambda v: f"{v:.3g}")
        )


def _warning(n: int, min_n: int) -> str:
    return f"only {n} cases (< {min_n}): too few to judge this slice alone" if n < min_n else ""


def pass_rates_by_tag(run, *, min_n: int = 30, confidence: float = 0.95) -> SliceTable:
    """Pass rate per tag with a Wilson interval; slices under ``min_n`` cases get a warning.

    The tags are the (overlapping) groups of the kit's one by-group engine,
    :func:`aipm_kit.groups.group_metrics`; errors are counted, never scored.

    Parameters
    ----------
    run : EvalRun
        A run whose results carry tags.
    min_n : int
        Slices with fewer scored cases get a warning.
    confidence : float
        Coverage of the Wilson intervals.

    Returns
    -------
    SliceTable
        One row per tag: ``tag, n, errors, passed, pass_rate, ci_low, ci_high, warning``.

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> run = R(model="m", results=[R(status="ok", passed=p, tags=("a",)) for p in (1, 1, 0)])
    >>> pass_rates_by_tag(run, min_n=2).to_frame()[["tag", "n", "passed", "pass_rate"]].round(3)
      tag  n  passed  pass_rate
    0   a  3       2      0.667
    """
    import pandas as pd

    from ..groups import group_metrics, rate

    scored = [r for r in run.results if r.status == "ok"]
    passed = np.array([bool(r.passed) for r in scored], dtype=bool)
    tags = sorted({t for r in run.results for t in r.tags})
    m = group_metrics(
        passed,
        passed,
        {tag: [i for i, r in enumerate(scored) if tag in r.tags] for tag in tags},
        metrics={"pass_rate": rate(lambda t, p: t)},
        confidence=confidence,
        min_n=min_n,
    )
    rows = []
    for tag in tags:
        n, errors = int(m.sizes[tag]), sum(1 for r in run.results if tag in r.tags and r.status != "ok")
        if not n:
            rows.append(
                {
                    "tag": tag,
                    "n": 0,
                    "errors": errors,
                    "passed": 0,
                    "pass_rate": float("nan"),
                    "ci_low": float("nan"),
                    "ci_high": float("nan"),
                    "warning": "no scored cases",
                }
            )
            continue
        k = int(m.successes.loc[tag, "pass_rate"])
        rows.append(
            {
                "tag": tag,
                "n": n,
                "errors": errors,
                "passed": k,
                "pass_rate": k / n,
                "ci_low": float(m.low.loc[tag, "pass_rate"]),
                "ci_high": float(m.high.loc[tag, "pass_rate"]),
                "warning": _warning(n, min_n) if m.small[tag] else "",
            }
        )
    return SliceTable(f"{run.model}: pass rate by tag", pd.DataFrame(rows), min_n)


def compare_by_tag(
    baseline,
    candidate,
    *,
    min_n: int = 30,
    alpha: float = 0.05,
    n_boot: int = 2000,
    confidence: float = 0.95,
    seed: int = 0,
    interval: str = "bootstrap",
) -> SliceTable:
    """Paired comparison per tag: difference of pass rates with a paired interval (``interval``:
    ``"bootstrap"`` or ``"newcombe"``), exact McNemar p-value and Holm-adjusted p-value across the
    tags (``significant`` uses the adjusted one)."""
    import pandas as pd

    from ..groups import group_metrics, rate

    pa, pb = _values(baseline, "passed"), _values(candidate, "passed")
    tags_of = {r.case_id: r.tags for r in baseline.results}
    tags = sorted({t for ts in tags_of.values() for t in ts})
    common = [i for i in tags_of if i in pa and i in pb]
    a_all = np.array([pa[i] for i in common], dtype=float)
    b_all = np.array([pb[i] for i in common], dtype=float)
    m = group_metrics(
        a_all,
        b_all,
        {tag: [k for k, i in enumerate(common) if tag in tags_of[i]] for tag in tags},
        metrics={"baseline": rate(lambda a, b: a == 1), "candidate": rate(lambda a, b: b == 1)},
        min_n=min_n,
    )
    rows = []
    for j, tag in enumerate(tags):
        idx = [k for k, i in enumerate(common) if tag in tags_of[i]]
        if not idx:
            continue
        a, b = a_all[idx], b_all[idx]  # the paired interval and McNemar stay here: the engine is by group only
        diff = paired_difference_interval(a, b, interval=interval, n_boot=n_boot, confidence=confidence, seed=seed + j)
        mb = int(((a == 1) & (b == 0)).sum())
        mc = int(((a == 0) & (b == 1)).sum())
        n = int(m.sizes[tag])
        rows.append(
            {
                "tag": tag,
                "n": n,
                "baseline": m.by_group.loc[tag, "baseline"],
                "candidate": m.by_group.loc[tag, "candidate"],
                "difference": diff.estimate,
                "ci_low": diff.low,
                "ci_high": diff.high,
                "losses": mb,
                "wins": mc,
                "p_value": mcnemar_exact(mb, mc),
                "warning": _warning(n, min_n) if m.small[tag] else "",
            }
        )
    frame = pd.DataFrame(rows)
    if len(frame):
        frame.insert(frame.columns.get_loc("p_value") + 1, "p_holm", holm_adjust(frame["p_value"].to_numpy()))
        frame.insert(frame.columns.get_loc("p_holm") + 1, "significant", frame["p_holm"] < alpha)
    return SliceTable(f"{candidate.model} vs {baseline.model} by tag", frame, min_n, alpha)
