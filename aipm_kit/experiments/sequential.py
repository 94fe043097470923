"""The peeking trap and its remedy: looking at a running test many times.

:func:`peeking_simulation` measures the false positives of A/A tests under three stopping policies;
:func:`sequential_boundaries` gives the Pocock or O'Brien-Fleming boundaries that keep the overall
error at alpha.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._checks import check_positive_int, check_probability
from ._common import _check_alpha


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

    Parameters
    ----------
    n_looks : int
        Looks at the data, equally spaced (>= 1; one look is the fixed-horizon test).
    alpha : float, default 0.05
        The overall two-sided error, in (0, 1).
    kind : {"obrien_fleming", "pocock"}, default "obrien_fleming"
        The boundary's shape.

    Returns
    -------
    numpy.ndarray
        The z boundary at each look: stop and declare a difference when ``|z|`` exceeds it.

    Examples
    --------
    >>> np.round(sequential_boundaries(5, kind="pocock"), 2)
    array([2.41, 2.41, 2.41, 2.41, 2.41])
    >>> np.round(sequential_boundaries(3), 3)
    array([3.471, 2.454, 2.004])
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

    c = optimize.brentq(crossing, stats.norm.isf(alpha / 2) * 0.5, stats.norm.isf(alpha / (2 * k)) * 1.5, xtol=1e-6)
    return c * shape


@dataclass(frozen=True)
class PeekingResult:
    """False-positive rates of an A/A test under three stopping policies.

    Built by :func:`peeking_simulation`.

    Parameters
    ----------
    n_looks : int
        Looks per simulated test.
    n_per_arm : int
        Visitors per arm at the last look.
    alpha : float
        The nominal significance level.
    n_simulations : int
        Simulated A/A tests.
    false_positive_peeking : float
        Share of tests declared significant at some look when stopping at the first ``p < alpha``.
    false_positive_fixed : float
        Share significant at the single final look.
    false_positive_sequential : float
        Share crossing the sequential boundary at some look.
    remedy : str
        The boundary used: ``"obrien_fleming"`` or ``"pocock"``.
    by_looks : pandas.DataFrame
        ``looks`` -> ``false_positive_rate`` when stopping at the first significant look among the first
        ``looks``.

    Examples
    --------
    >>> r = peeking_simulation(5_000, n_looks=10, n_simulations=2_000, seed=1)
    >>> r
    PeekingResult(2,000 A/A tests, 10 looks: stop-at-first-significant 18.8%, fixed horizon 4.3%, obrien_fleming 4.6%; nominal 5%)
    >>> r.to_frame().round(3)
                                     policy  false_positive_rate
    0      peek and stop at first p < alpha                0.188
    1   fixed horizon (one look at the end)                0.043
    2  sequential boundary (obrien_fleming)                0.046
    """

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
        return (
            f"PeekingResult({self.n_simulations:,} A/A tests, {self.n_looks} looks: "
            f"stop-at-first-significant {self.false_positive_peeking:.1%}, fixed horizon "
            f"{self.false_positive_fixed:.1%}, {self.remedy} {self.false_positive_sequential:.1%}; "
            f"nominal {self.alpha:.0%})"
        )

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "policy": [
                    "peek and stop at first p < alpha",
                    "fixed horizon (one look at the end)",
                    f"sequential boundary ({self.remedy})",
                ],
                "false_positive_rate": [
                    self.false_positive_peeking,
                    self.false_positive_fixed,
                    self.false_positive_sequential,
                ],
            }
        )


def peeking_simulation(
    n_per_arm: int,
    *,
    n_looks: int = 10,
    rate: float = 0.1,
    alpha: float = 0.05,
    n_simulations: int = 2_000,
    remedy: str = "obrien_fleming",
    seed: int = 0,
) -> PeekingResult:
    """Simulate A/A tests (no real difference) checked ``n_looks`` times as data arrive.

    Each simulated test splits ``n_per_arm`` visitors per arm into equal
    batches; after each batch the pooled two-proportion z statistic is
    computed. "Peeking" declares a winner at the first look with two-sided
    ``p < alpha``; "fixed horizon" looks once at the end; the sequential
    remedy compares each look with :func:`sequential_boundaries`. Fully
    vectorised: the whole simulation is a few numpy array operations.

    Parameters
    ----------
    n_per_arm : int
        Visitors per arm by the last look; at least ``n_looks``.
    n_looks : int, default 10
        Looks per test.
    rate : float, default 0.1
        The conversion rate of both arms, in (0, 1).
    alpha : float, default 0.05
        Significance level in (0, 1).
    n_simulations : int, default 2000
        A/A tests simulated.
    remedy : {"obrien_fleming", "pocock"}, default "obrien_fleming"
        The sequential boundary compared with peeking.
    seed : int, default 0
        Seed of the simulation.

    Returns
    -------
    PeekingResult
        The three false-positive rates and the rate by number of looks.

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
    return PeekingResult(
        n_looks=k,
        n_per_arm=n,
        alpha=alpha,
        n_simulations=sims,
        false_positive_peeking=float(by_looks[-1]),
        false_positive_fixed=float(hit[:, -1].mean()),
        false_positive_sequential=float(seq),
        remedy=remedy,
        by_looks=frame,
    )
