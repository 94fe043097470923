"""Exercise 5: the visitors per arm a non-inferiority guardrail needs, by hand."""

from __future__ import annotations

from .. import numeric


def _points(x: float) -> str:
    """``x`` percentage points, in words: '1 point', '0.5 points'."""
    return f"{x:g} point" + ("" if x == 1 else "s")


def bind_plan(*, rate_a: float, margin: float, true_fall: float, alpha: float, power: float, n_per_arm: int):
    """Exercise 5: by hand, the visitors per arm a non-inferiority guardrail needs, and whether the test has them.

    The guardrail asks the test to show that conversion falls by less than ``margin`` (a share): one-sided at
    ``alpha``. If the candidate truly lowers conversion by ``true_fall`` (a share, below ``margin``), the
    visitors per arm for ``power`` are (z_(1 - alpha) + z_power)^2 (p_a (1 - p_a) + p_b (1 - p_b)) /
    (margin - true_fall)^2, with p_b = p_a - true_fall.

    Parameters
    ----------
    rate_a : float
        The incumbent's conversion rate, p_a (a share).
    margin : float
        The non-inferiority margin: the fall in conversion the test must show it stays under (a share).
    true_fall : float
        The fall the team sizes for (a share); at least 0 and below ``margin``, or ValueError.
    alpha : float
        The one-sided significance level.
    power : float
        The power wanted, e.g. 0.8.
    n_per_arm : int
        The visitors per arm the test actually had (the solution says whether that is enough).

    Returns
    -------
    Exercise
        ``q5``, a by-hand numeric exercise: right within 3% of the formula above, with feedback for the
        two-sided z, the plan for no fall at all, the distance from zero to the margin, and both arms together.

    Examples
    --------
    >>> q5 = bind_plan(rate_a=0.85, margin=0.01, true_fall=0.005, alpha=0.05, power=0.8, n_per_arm=26_070)
    >>> hand = (1.644854 + 0.841621) ** 2 * (0.85 * 0.15 + 0.845 * 0.155) / 0.005**2
    >>> q5.check(hand)
    [5 · Size the guardrail, by hand] Correct: 63,921 is right.
    >>> q5.check(2 * hand).message
    'That is both arms together; the question asks per arm.'
    """
    from scipy import stats

    if not 0 <= true_fall < margin:
        raise ValueError(f"true_fall must be at least 0 and below margin, got {true_fall!r} and {margin!r}")
    p_b = rate_a - true_fall
    var = rate_a * (1 - rate_a) + p_b * (1 - p_b)
    z_one = stats.norm.isf(alpha) + stats.norm.ppf(power)
    z_two = stats.norm.isf(alpha / 2) + stats.norm.ppf(power)
    needed = z_one**2 * var / (margin - true_fall) ** 2
    no_move = z_one**2 * 2 * rate_a * (1 - rate_a) / margin**2
    enough = n_per_arm >= needed
    points, fall = 100 * margin, 100 * true_fall
    return numeric(
        "5 · Size the guardrail, by hand",
        f"The guardrail is a non-inferiority check: the test must show conversion falls by less than {_points(points)}"
        f", one-sided at alpha = {alpha} (the 90% two-sided interval clearing the line). Suppose the "
        "engineers cut the candidate's latency and the team tests the faster version. Its latency cost is not "
        "measured, so before that test the team chooses the fall to size the guardrail for: "
        f"{_points(fall)} of conversion (from the incumbent's {rate_a:.2%}; `GUARDRAIL_PLANNED_FALL_POINTS` in "
        f"the parameters). By hand, in a line or two of numpy: how many visitors per arm give {power:.0%} power to "
        f"show the fall is under {_points(points)}? A by-hand answer within 3% is right.",
        float(needed),
        rtol=0.03,
        atol=0.5,
        hints=[
            "The distance to show is the margin minus the assumed true fall, not the margin.",
            "Non-inferiority is one-sided: `stats.norm.isf(alpha)`, plus `stats.norm.ppf(power)`; the variance "
            "is p_a(1 - p_a) + p_b(1 - p_b).",
        ],
        solution=(
            f"(z_(1-{alpha}) + z_{power})^2 x (p_a(1-p_a) + p_b(1-p_b)) / ({margin:g} - {true_fall:g})^2 = "
            f"{needed:,.0f} per arm. The test run above had {n_per_arm:,} per arm (sized for the primary metric): "
            + (
                "enough for this guardrail too."
                if enough
                else f"not enough for this guardrail; the next test runs to {needed:,.0f} per arm."
            )
            + " The closer the true fall sits to the margin, the faster the sample grows."
        ),
        wrong_answers=[
            (
                float(z_two**2 * var / (margin - true_fall) ** 2),
                "That uses the two-sided z; a non-inferiority check is one-sided (one line to clear).",
            ),
            (
                float(no_move),
                f"That is the plan if conversion did not move at all; the team assumes it "
                f"falls by {_points(fall)}, which leaves less room to the line.",
            ),
            (
                float(z_one**2 * var / margin**2),
                "That measures the distance from zero to the margin; the fall already eats part of it.",
            ),
            (float(2 * needed), "That is both arms together; the question asks per arm."),
        ],
        practice="by-hand",
        fmt="{:,.0f}",
    )
