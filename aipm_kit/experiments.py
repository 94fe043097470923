"""A/B tests a PM can defend: the test, its interval, its power, and the peeking trap.

Every function works on counts (conversions out of visitors), the way an
experiment dashboard reports them. Arm ``a`` is the incumbent (control) and
arm ``b`` the candidate; differences are always ``b - a``.

The normal approximations follow statsmodels (``proportions_ztest``,
``confint_proportions_2indep(method="wald")``,
``samplesize_proportions_2indep_onetail``, ``power_proportions_2indep``), and
the tests check them against it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._checks import check_positive_int, check_probability

ALTERNATIVES = ("two-sided", "larger", "smaller")


def _check_alpha(alpha, name="alpha") -> float:
    return check_probability(alpha, name, inclusive=False)


def _check_alternative(alternative: str) -> str:
    if alternative not in ALTERNATIVES:
        raise ValueError(f"alternative must be one of {ALTERNATIVES}, got {alternative!r}")
    return alternative


def _check_counts(successes, n, arm: str) -> tuple[int, int]:
    for value, name in ((successes, f"conversions_{arm}"), (n, f"n_{arm}")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise TypeError(f"{name} must be an integer count, got {value!r}")
        if value < 0:
            raise ValueError(f"{name} must be >= 0, got {value}")
    if n == 0:
        raise ValueError(f"n_{arm} must be > 0: arm {arm} has no visitors")
    if successes > n:
        raise ValueError(f"conversions_{arm}={successes} exceeds n_{arm}={n}")
    return int(successes), int(n)


def _norm():
    from scipy import stats

    return stats.norm


# --------------------------------------------------------------------------- the test
@dataclass(frozen=True)
class TwoProportionResult:
    """The outcome of :func:`two_proportion_test` (difference = candidate - incumbent)."""

    rate_a: float
    rate_b: float
    n_a: int
    n_b: int
    difference: float
    relative_lift: float
    z: float
    p_value: float
    ci_low: float
    ci_high: float
    alpha: float
    alternative: str

    @property
    def significant(self) -> bool:
        return self.p_value < self.alpha

    def __repr__(self) -> str:
        return (f"TwoProportionResult(a={self.rate_a:.4%} of {self.n_a:,}, b={self.rate_b:.4%} of "
                f"{self.n_b:,}, diff={self.difference:+.4%} [{self.ci_low:+.4%}, {self.ci_high:+.4%}], "
                f"z={self.z:.3f}, p={self.p_value:.4g}, {'significant' if self.significant else 'not significant'}"
                f" at alpha={self.alpha})")

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"value": pd.Series({
            "rate_a": self.rate_a, "rate_b": self.rate_b, "n_a": self.n_a, "n_b": self.n_b,
            "difference": self.difference, "relative_lift": self.relative_lift, "z": self.z,
            "p_value": self.p_value, "ci_low": self.ci_low, "ci_high": self.ci_high,
            "alpha": self.alpha, "significant": self.significant}, dtype=object)})


def two_proportion_test(conversions_a: int, n_a: int, conversions_b: int, n_b: int, *,
                        alpha: float = 0.05, alternative: str = "two-sided") -> TwoProportionResult:
    """Two-proportion z-test with a Wald interval for the difference ``b - a``.

    The z statistic uses the pooled rate under the null (as
    ``statsmodels.stats.proportion.proportions_ztest``); the interval uses
    the unpooled standard error (``confint_proportions_2indep(method="wald")``),
    at confidence ``1 - alpha`` (two-sided) whatever ``alternative`` is.

    Parameters
    ----------
    conversions_a, n_a : int
        Conversions and visitors of the incumbent (control).
    conversions_b, n_b : int
        Conversions and visitors of the candidate.
    alpha : float
        Significance level in (0, 1).
    alternative : {"two-sided", "larger", "smaller"}
        ``"larger"`` tests whether the candidate's rate is higher.

    Examples
    --------
    >>> r = two_proportion_test(100, 1000, 130, 1000)
    >>> round(r.difference, 3), r.significant
    (0.03, True)
    """
    ca, na = _check_counts(conversions_a, n_a, "a")
    cb, nb = _check_counts(conversions_b, n_b, "b")
    alpha = _check_alpha(alpha)
    alternative = _check_alternative(alternative)
    norm = _norm()
    pa, pb = ca / na, cb / nb
    pooled = (ca + cb) / (na + nb)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
    if se0 == 0:
        raise ValueError("both arms have a conversion rate of exactly 0 or 1: the test is undefined; "
                         "collect more data")
    z = (pb - pa) / se0
    if alternative == "two-sided":
        p = 2 * norm.sf(abs(z))
    elif alternative == "larger":
        p = norm.sf(z)
    else:
        p = norm.cdf(z)
    se1 = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    crit = norm.isf(alpha / 2)
    diff = pb - pa
    lift = diff / pa if pa > 0 else float("inf")
    return TwoProportionResult(rate_a=pa, rate_b=pb, n_a=na, n_b=nb, difference=diff, relative_lift=lift,
                               z=float(z), p_value=float(p), ci_low=diff - crit * se1,
                               ci_high=diff + crit * se1, alpha=alpha, alternative=alternative)


# --------------------------------------------------------------------------- power and size
def _std_two_props(p_a: float, p_b: float, ratio: float) -> tuple[float, float]:
    """Standard deviations (per sqrt(n_a)) of the difference under the null and the alternative."""
    pooled = (p_b + p_a * ratio) / (1 + ratio)
    std_null = math.sqrt(pooled * (1 - pooled) * (1 + 1 / ratio))
    std_alt = math.sqrt(p_b * (1 - p_b) + p_a * (1 - p_a) / ratio)
    return std_null, std_alt


def _check_rates(baseline_rate, candidate_rate):
    p_a = check_probability(baseline_rate, "baseline_rate", inclusive=False)
    p_b = check_probability(candidate_rate, "candidate_rate", inclusive=False)
    if p_a == p_b:
        raise ValueError("candidate_rate equals baseline_rate: there is no effect to detect")
    return p_a, p_b


def sample_size_per_arm(baseline_rate: float, min_detectable_effect: float, *, alpha: float = 0.05,
                        power: float = 0.8, alternative: str = "two-sided", ratio: float = 1.0) -> int:
    """Visitors needed in the candidate arm to detect an absolute change of ``min_detectable_effect``.

    Same normal approximation as statsmodels'
    ``samplesize_proportions_2indep_onetail(diff, prop2=baseline_rate, ...)``
    (pooled variance under the null, unpooled under the alternative, the far
    tail of a two-sided test ignored), rounded up. The incumbent arm needs
    ``ratio`` times as many.

    ``power`` must exceed ``alpha`` (a test with no data "detects" anything
    with probability alpha, so a lower power asks for nothing), and a
    one-sided ``alternative`` must agree with the sign of the effect
    (``"larger"`` for a rise, ``"smaller"`` for a fall): both raise
    ``ValueError``, as statsmodels' ``NormalIndPower.solve_power`` finds no
    solution for them.

    Examples
    --------
    >>> sample_size_per_arm(0.10, 0.01)
    14751
    """
    p_a = check_probability(baseline_rate, "baseline_rate", inclusive=False)
    if isinstance(min_detectable_effect, (str, bytes, bool, np.bool_)):
        raise TypeError(f"min_detectable_effect must be a number, got {min_detectable_effect!r}")
    try:
        mde = float(min_detectable_effect)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"min_detectable_effect must be a number, got {min_detectable_effect!r}") from None
    if mde == 0 or not math.isfinite(mde):
        raise ValueError("min_detectable_effect must be a finite, non-zero absolute change in rate, e.g. "
                         f"0.01; got {mde}")
    p_b = p_a + mde
    if not 0 < p_b < 1:
        raise ValueError(f"baseline_rate + min_detectable_effect = {p_b} must be in (0, 1)")
    alpha = _check_alpha(alpha)
    power = check_probability(power, "power", inclusive=False)
    alternative = _check_alternative(alternative)
    if power <= alpha:
        raise ValueError(f"power must exceed alpha: with no visitors at all a test already 'detects' an "
                         f"effect with probability alpha={alpha:g}, so power={power:g} asks for nothing "
                         "(0.8 is the usual choice)")
    if alternative == "larger" and mde < 0 or alternative == "smaller" and mde > 0:
        want = "positive" if alternative == "larger" else "negative"
        raise ValueError(f"alternative={alternative!r} tests for a {'rise' if want == 'positive' else 'fall'} "
                         f"but min_detectable_effect={mde:g} is {'negative' if mde < 0 else 'positive'}: "
                         f"a one-sided test can only detect an effect of {want} sign; flip the "
                         "alternative or use 'two-sided'")
    ratio = _check_ratio(ratio)
    norm = _norm()
    a = alpha / 2 if alternative == "two-sided" else alpha
    std_null, std_alt = _std_two_props(p_a, p_b, ratio)
    numerator = norm.isf(a) * std_null - norm.isf(power) * std_alt
    if numerator <= 0:
        raise ValueError(f"power={power:g} is so close to alpha={alpha:g} that the normal approximation "
                         "reaches it with no visitors; ask for a higher power")
    n = (numerator / abs(mde)) ** 2
    return max(int(math.ceil(n - 1e-9)), 1)


def _check_ratio(ratio) -> float:
    if isinstance(ratio, (str, bytes, bool, np.bool_)):
        raise TypeError(f"ratio must be a number, got {ratio!r}")
    try:
        value = float(ratio)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"ratio must be a number, got {ratio!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"ratio must be a finite number > 0, got {ratio}")
    return value


def power_of_test(baseline_rate: float, candidate_rate: float, n_per_arm: int, *, alpha: float = 0.05,
                  alternative: str = "two-sided") -> float:
    """Chance that a test with ``n_per_arm`` visitors per arm detects the change (normal approximation).

    Matches statsmodels' ``power_proportions_2indep`` (both tails counted for
    a two-sided test). For ``"larger"`` the candidate rate is expected above
    the baseline.

    Examples
    --------
    >>> round(power_of_test(0.10, 0.11, 14_751), 2)
    0.8
    """
    p_a, p_b = _check_rates(baseline_rate, candidate_rate)
    n = check_positive_int(n_per_arm, "n_per_arm")
    alpha = _check_alpha(alpha)
    alternative = _check_alternative(alternative)
    norm = _norm()
    std_null, std_alt = _std_two_props(p_a, p_b, 1.0)
    d = (p_b - p_a) * math.sqrt(n)
    if alternative == "two-sided":
        crit = norm.isf(alpha / 2)
        return float(norm.sf((crit * std_null - d) / std_alt) + norm.cdf((-crit * std_null - d) / std_alt))
    crit = norm.isf(alpha)
    if alternative == "larger":
        return float(norm.sf((crit * std_null - d) / std_alt))
    return float(norm.cdf((-crit * std_null - d) / std_alt))


# --------------------------------------------------------------------------- peeking
def _crossing_probability(bounds: np.ndarray, grid: int = 201) -> float:
    """P(|Z_k| > bounds[k] for some look k) under no effect, by numerical integration.

    The cumulative sum ``S_k = Z_k * sqrt(k)`` is a Gaussian random walk with
    unit steps; its density on the "keep going" region is pushed forward one
    look at a time (Armitage, McPherson and Rowe's recursion) on a Simpson
    grid, so the answer is deterministic.
    """
    def pdf(x):
        return np.exp(-0.5 * x * x) / np.sqrt(2 * np.pi)

    def simpson(m):
        w = np.ones(m)
        w[1:-1:2], w[2:-1:2] = 4, 2
        return w / 3

    w = simpson(grid)
    edge = bounds[0]
    s = np.linspace(-edge, edge, grid)
    dens = pdf(s) * w * (s[1] - s[0])  # probability mass carried by each grid point
    for k in range(1, len(bounds)):
        edge = bounds[k] * np.sqrt(k + 1)
        nxt = np.linspace(-edge, edge, grid)
        dens = pdf(nxt[:, None] - s[None, :]) @ dens * w * (nxt[1] - nxt[0])
        s = nxt
    return float(1 - dens.sum())


def sequential_boundaries(n_looks: int, *, alpha: float = 0.05, kind: str = "obrien_fleming") -> np.ndarray:
    """Two-sided z boundaries for ``n_looks`` equally spaced looks that keep the overall error at ``alpha``.

    ``kind="pocock"`` uses the same boundary at every look; ``"obrien_fleming"``
    uses ``c * sqrt(n_looks / k)`` at look ``k`` (very strict early, close to
    the fixed-horizon value at the end). The constant ``c`` is solved so that
    a test with no real effect crosses any boundary with probability
    ``alpha``, integrating the exact joint normal law of the look-by-look z
    statistics (correlation ``sqrt(j / k)`` between looks ``j <= k``)
    numerically, so the result is deterministic.

    Examples
    --------
    >>> np.round(sequential_boundaries(5, kind="pocock"), 2)
    array([2.41, 2.41, 2.41, 2.41, 2.41])
    """
    from scipy import optimize, stats

    k = check_positive_int(n_looks, "n_looks")
    alpha = _check_alpha(alpha)
    if kind not in ("pocock", "obrien_fleming"):
        raise ValueError(f"kind must be 'pocock' or 'obrien_fleming', got {kind!r}")
    looks = np.arange(1, k + 1)
    shape = np.ones(k) if kind == "pocock" else np.sqrt(k / looks)
    if k == 1:
        return np.array([stats.norm.isf(alpha / 2)])

    def crossing(c):
        return _crossing_probability(c * shape) - alpha

    c = optimize.brentq(crossing, stats.norm.isf(alpha / 2) * 0.5, stats.norm.isf(alpha / (2 * k)) * 1.5,
                        xtol=1e-6)
    return c * shape


@dataclass(frozen=True)
class PeekingResult:
    """False-positive rates of an A/A test under three stopping policies."""

    n_looks: int
    n_per_arm: int
    alpha: float
    n_simulations: int
    false_positive_peeking: float
    false_positive_fixed: float
    false_positive_sequential: float
    remedy: str
    by_looks: pd.DataFrame  # looks -> false-positive rate when stopping at the first significant look

    def __repr__(self) -> str:
        return (f"PeekingResult({self.n_simulations:,} A/A tests, {self.n_looks} looks: "
                f"stop-at-first-significant {self.false_positive_peeking:.1%}, fixed horizon "
                f"{self.false_positive_fixed:.1%}, {self.remedy} {self.false_positive_sequential:.1%}; "
                f"nominal {self.alpha:.0%})")

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({
            "policy": ["peek and stop at first p < alpha", "fixed horizon (one look at the end)",
                       f"sequential boundary ({self.remedy})"],
            "false_positive_rate": [self.false_positive_peeking, self.false_positive_fixed,
                                    self.false_positive_sequential],
        })


def peeking_simulation(n_per_arm: int, *, n_looks: int = 10, rate: float = 0.1, alpha: float = 0.05,
                       n_simulations: int = 2_000, remedy: str = "obrien_fleming",
                       seed: int = 0) -> PeekingResult:
    """Simulate A/A tests (no real difference) checked ``n_looks`` times as data arrive.

    Each simulated test splits ``n_per_arm`` visitors per arm into equal
    batches; after each batch the pooled two-proportion z statistic is
    computed. "Peeking" declares a winner at the first look with two-sided
    ``p < alpha``; "fixed horizon" looks once at the end; the sequential
    remedy compares each look with :func:`sequential_boundaries`. Fully
    vectorised: the whole simulation is a few numpy array operations.

    Examples
    --------
    >>> r = peeking_simulation(5_000, n_looks=10, n_simulations=2_000, seed=1)
    >>> r.false_positive_peeking > r.false_positive_fixed
    True
    """
    from scipy import stats

    n = check_positive_int(n_per_arm, "n_per_arm")
    k = check_positive_int(n_looks, "n_looks")
    sims = check_positive_int(n_simulations, "n_simulations")
    rate = check_probability(rate, "rate", inclusive=False)
    alpha = _check_alpha(alpha)
    if remedy not in ("pocock", "obrien_fleming"):
        raise ValueError(f"remedy must be 'pocock' or 'obrien_fleming', got {remedy!r}")
    if n < k:
        raise ValueError(f"n_per_arm={n} must be at least n_looks={k} (one visitor per batch)")
    rng = np.random.default_rng(seed)
    batch = n // k
    sizes = np.full(k, batch)
    sizes[-1] += n - batch * k
    conv_a = rng.binomial(sizes, rate, size=(sims, k)).cumsum(axis=1)
    conv_b = rng.binomial(sizes, rate, size=(sims, k)).cumsum(axis=1)
    seen = sizes.cumsum()
    pooled = (conv_a + conv_b) / (2 * seen)
    se = np.sqrt(pooled * (1 - pooled) * (2 / seen))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, (conv_b - conv_a) / seen / se, 0.0)
    crit = stats.norm.isf(alpha / 2)
    hit = np.abs(z) > crit
    by_looks = np.logical_or.accumulate(hit, axis=1).mean(axis=0)
    bounds = sequential_boundaries(k, alpha=alpha, kind=remedy)
    seq = (np.abs(z) > bounds).any(axis=1).mean()
    frame = pd.DataFrame({"looks": np.arange(1, k + 1), "false_positive_rate": by_looks})
    return PeekingResult(n_looks=k, n_per_arm=n, alpha=alpha, n_simulations=sims,
                         false_positive_peeking=float(by_looks[-1]), false_positive_fixed=float(hit[:, -1].mean()),
                         false_positive_sequential=float(seq), remedy=remedy, by_looks=frame)


# --------------------------------------------------------------------------- latency assumption
def conversion_after_latency(base_conversion: float, added_latency_ms, *, loss_per_100ms: float = 0.01) -> np.ndarray:
    """Conversion rate once checkout gets ``added_latency_ms`` slower (an explicit, editable assumption).

    Each extra 100 ms multiplies conversion by ``1 - loss_per_100ms`` (the
    default, 1% per 100 ms, is a commonly quoted rule of thumb, not a law:
    measure your own). Negative ``added_latency_ms`` (a faster checkout)
    raises conversion by the same rule.

    Examples
    --------
    >>> round(float(conversion_after_latency(0.9, 150)), 4)
    0.8865
    """
    base = check_probability(base_conversion, "base_conversion")
    loss = check_probability(loss_per_100ms, "loss_per_100ms")
    added = np.asarray(added_latency_ms, dtype=float)
    if np.isnan(added).any():
        raise ValueError("added_latency_ms contains NaN")
    if np.isinf(added).any():
        raise ValueError("added_latency_ms contains an infinite value; give the latency in milliseconds")
    return np.clip(base * (1 - loss) ** (added / 100.0), 0.0, 1.0)


# --------------------------------------------------------------------------- paired proportions
PAIRED_METHODS = {"newcombe": "Newcombe hybrid score (paired)", "wald": "Wald (paired)"}


@dataclass(frozen=True)
class PairedDifference:
    """The outcome of :func:`paired_proportion_difference` (difference = a - b, on the same cases).

    ``only_a`` counts the cases ``a`` got right and ``b`` wrong, ``only_b`` the
    reverse (the discordant pairs); ``both`` and ``neither`` the concordant ones.
    """

    difference: float
    low: float
    high: float
    confidence: float
    method: str
    n: int
    only_a: int
    only_b: int
    both: int
    neither: int

    @property
    def rate_a(self) -> float:
        return (self.both + self.only_a) / self.n

    @property
    def rate_b(self) -> float:
        return (self.both + self.only_b) / self.n

    @property
    def interval(self) -> tuple[float, float]:
        return (self.low, self.high)

    @property
    def method_name(self) -> str:
        """The interval's name for evidence text, e.g. ``"90% Newcombe hybrid score (paired)"``."""
        return f"{self.confidence:.0%} {PAIRED_METHODS[self.method]}"

    def __repr__(self) -> str:
        return (f"{self.difference * 100:+.1f} points [{self.low * 100:+.1f}, {self.high * 100:+.1f}] "
                f"({self.method_name}, n={self.n}; only a right {self.only_a}, only b right {self.only_b})")

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"difference": self.difference, "ci_low": self.low, "ci_high": self.high,
                              "confidence": self.confidence, "method": self.method, "n": self.n,
                              "only_a": self.only_a, "only_b": self.only_b, "both": self.both,
                              "neither": self.neither}])


def _as_outcomes(values, name: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one right/wrong outcome per case), got shape {arr.shape}")
    if arr.dtype != bool:
        if arr.dtype.kind not in "iuf" or not np.isin(arr, (0, 1)).all():
            raise ValueError(f"{name} must hold right/wrong outcomes (True/False or 1/0)")
        arr = arr.astype(bool)
    return arr


def paired_proportion_difference(a_correct, b_correct, *, confidence: float = 0.95,
                                 method: str = "newcombe") -> PairedDifference:
    """Difference of two proportions measured on the **same** cases, ``rate(a) - rate(b)``, with an analytic interval.

    ``a_correct`` and ``b_correct`` hold one right/wrong outcome per case, in
    the same case order. Only the discordant pairs move the difference: with
    ``only_a`` cases right for ``a`` alone and ``only_b`` right for ``b`` alone
    out of ``n``, the difference is ``(only_a - only_b) / n``. The interval has
    no resampling noise (unlike a paired bootstrap, it does not move with a seed):

    * ``"newcombe"`` (default): Newcombe's hybrid score interval for paired data
      (Newcombe 1998, Statistics in Medicine 17:2635, method 10): each rate's
      Wilson interval, combined "square and add" with the estimated correlation
      ``phi`` of the two rates (its numerator ``AD - BC`` shrunk by ``n/2``
      towards zero when positive, as Newcombe specifies). Sound at small ``n``
      and near 0% or 100%.
    * ``"wald"``: ``(b - c)/n ± z·sqrt(b + c - (b - c)²/n)/n`` with ``b = only_a``,
      ``c = only_b`` (the textbook interval; too narrow with few discordant pairs).

    Examples
    --------
    >>> a = [True] * 36 + [False] * 22 + [True] * 900
    >>> b = [False] * 36 + [True] * 22 + [True] * 900
    >>> r = paired_proportion_difference(a, b, confidence=0.90)
    >>> (r.only_a, r.only_b, round(r.difference, 4))
    (36, 22, 0.0146)
    >>> r.low > 0
    True
    """
    if method not in PAIRED_METHODS:
        raise ValueError(f"method must be one of {tuple(PAIRED_METHODS)}, got {method!r}")
    confidence = check_probability(confidence, "confidence", inclusive=False)
    a = _as_outcomes(a_correct, "a_correct")
    b = _as_outcomes(b_correct, "b_correct")
    if a.size != b.size:
        raise ValueError(f"a_correct and b_correct must be paired (same cases), got {a.size} and {b.size}")
    n = int(a.size)
    if n == 0:
        raise ValueError("a_correct is empty: a difference of zero cases has no interval")
    both = int((a & b).sum())
    only_a = int((a & ~b).sum())
    only_b = int((~a & b).sum())
    neither = n - both - only_a - only_b
    d = (only_a - only_b) / n
    z = float(_norm().ppf(1 - (1 - confidence) / 2))
    if method == "wald":
        half = z * math.sqrt(max(only_a + only_b - (only_a - only_b) ** 2 / n, 0.0)) / n
        low, high = d - half, d + half
    else:
        from .metrics import wilson_interval

        k1, k2 = both + only_a, both + only_b
        p1, p2 = k1 / n, k2 / n
        l1, u1 = wilson_interval(k1, n, confidence=confidence)
        l2, u2 = wilson_interval(k2, n, confidence=confidence)
        margins = (both + only_a) * (only_b + neither) * (both + only_b) * (only_a + neither)
        if margins == 0:
            phi = 0.0
        else:
            cross = both * neither - only_a * only_b
            cross = cross - n / 2 if cross > n / 2 else (0.0 if cross >= 0 else cross)
            phi = cross / math.sqrt(margins)
        low = d - math.sqrt(max((p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2, 0.0))
        high = d + math.sqrt(max((p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2, 0.0))
    return PairedDifference(float(d), float(max(low, -1.0)), float(min(high, 1.0)), confidence, method, n,
                            only_a, only_b, both, neither)
