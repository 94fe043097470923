"""Planning an A/B test: the visitors it needs and the chance it detects a change.

:func:`sample_size_per_arm` and :func:`power_of_test`, with the normal approximations statsmodels uses.
"""

from __future__ import annotations

import math

import numpy as np

from .._checks import check_positive_int, check_probability
from ._common import _check_alpha, _check_alternative, _norm


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


def sample_size_per_arm(
    baseline_rate: float,
    min_detectable_effect: float,
    *,
    alpha: float = 0.05,
    power: float = 0.8,
    alternative: str = "two-sided",
    ratio: float = 1.0,
) -> int:
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

    Parameters
    ----------
    baseline_rate : float
        The incumbent's conversion rate, in (0, 1).
    min_detectable_effect : float
        The smallest absolute change in rate worth detecting (0.01 is one percentage point), non-zero; the
        candidate's rate ``baseline_rate + min_detectable_effect`` must stay in (0, 1).
    alpha : float, default 0.05
        Significance level in (0, 1).
    power : float, default 0.8
        Chance of detecting the effect when it is real; must exceed ``alpha``.
    alternative : {"two-sided", "larger", "smaller"}, default "two-sided"
        The test's direction.
    ratio : float, default 1.0
        Incumbent visitors per candidate visitor (> 0).

    Returns
    -------
    int
        Visitors in the candidate arm (at least 1).

    Examples
    --------
    >>> sample_size_per_arm(0.10, 0.01)
    14751
    >>> sample_size_per_arm(0.10, 0.01, alternative="larger"), sample_size_per_arm(0.10, 0.01, ratio=2)
    (11620, 11001)
    """
    p_a = check_probability(baseline_rate, "baseline_rate", inclusive=False)
    if isinstance(min_detectable_effect, (str, bytes, bool, np.bool_)):
        raise TypeError(f"min_detectable_effect must be a number, got {min_detectable_effect!r}")
    try:
        mde = float(min_detectable_effect)
    except (TypeError, ValueError, OverflowError):
        raise TypeError(f"min_detectable_effect must be a number, got {min_detectable_effect!r}") from None
    if mde == 0 or not math.isfinite(mde):
        raise ValueError(
            f"min_detectable_effect must be a finite, non-zero absolute change in rate, e.g. 0.01; got {mde}"
        )
    p_b = p_a + mde
    if not 0 < p_b < 1:
        raise ValueError(f"baseline_rate + min_detectable_effect = {p_b} must be in (0, 1)")
    alpha = _check_alpha(alpha)
    power = check_probability(power, "power", inclusive=False)
    alternative = _check_alternative(alternative)
    if power <= alpha:
        raise ValueError(
            f"power must exceed alpha: with no visitors at all a test already 'detects' an "
            f"effect with probability alpha={alpha:g}, so power={power:g} asks for nothing "
            "(0.8 is the usual choice)"
        )
    if alternative == "larger" and mde < 0 or alternative == "smaller" and mde > 0:
        want = "positive" if alternative == "larger" else "negative"
        raise ValueError(
            f"alternative={alternative!r} tests for a {'rise' if want == 'positive' else 'fall'} "
            f"but min_detectable_effect={mde:g} is {'negative' if mde < 0 else 'positive'}: "
            f"a one-sided test can only detect an effect of {want} sign; flip the "
            "alternative or use 'two-sided'"
        )
    ratio = _check_ratio(ratio)
    norm = _norm()
    a = alpha / 2 if alternative == "two-sided" else alpha
    std_null, std_alt = _std_two_props(p_a, p_b, ratio)
    numerator = norm.isf(a) * std_null - norm.isf(power) * std_alt
    if numerator <= 0:
        raise ValueError(
            f"power={power:g} is so close to alpha={alpha:g} that the normal approximation "
            "reaches it with no visitors; ask for a higher power"
        )
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


def power_of_test(
    baseline_rate: float, candidate_rate: float, n_per_arm: int, *, alpha: float = 0.05, alternative: str = "two-sided"
) -> float:
    """Chance that a test with ``n_per_arm`` visitors per arm detects the change (normal approximation).

    Matches statsmodels' ``power_proportions_2indep`` (both tails counted for
    a two-sided test). For ``"larger"`` the candidate rate is expected above
    the baseline.

    Parameters
    ----------
    baseline_rate, candidate_rate : float
        The two conversion rates, in (0, 1) and different.
    n_per_arm : int
        Visitors in each arm (>= 1).
    alpha : float, default 0.05
        Significance level in (0, 1).
    alternative : {"two-sided", "larger", "smaller"}, default "two-sided"
        The test's direction.

    Returns
    -------
    float
        The power, a probability.

    Examples
    --------
    >>> round(power_of_test(0.10, 0.11, 14_751), 2)
    0.8
    >>> round(power_of_test(0.10, 0.11, 5_000), 3)
    0.371
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
