"""Exercise 1: the worst month's recall, with the lower end of its Wilson interval computed by hand."""

from __future__ import annotations

import math

from .. import numeric


def wilson_by_hand(*, worst_recall: tuple[int, int], worst_month: str):
    """Exercise 1: the lower end of a Wilson interval, computed by hand.

    The expected answer is the low end of :func:`aipm_kit.metrics.wilson_interval` for ``k`` of ``n``,
    accepted within 0.0005; the Wald interval's low end and the recall itself get feedback of their own.

    Parameters
    ----------
    worst_recall : tuple of int
        ``(warned, late)``: the late flights the app warned about in the month with the lowest recall, and
        all the late flights that month (``late`` must be positive).
    worst_month : str
        That month's name, for the prompt (e.g. ``"2013-11"``).

    Returns
    -------
    Exercise
        A ``"by-hand"`` numeric exercise whose ``check`` takes the interval's lower end, a fraction.

    Examples
    --------
    >>> q = wilson_by_hand(worst_recall=(30, 80), worst_month="2013-11")
    >>> q.check(0.2769)
    [1 · The worst month's recall, with its interval by hand] Correct: 0.2769 is right.
    >>> q.check(0.2689)
    [1 · The worst month's recall, with its interval by hand] Not yet: That is the textbook (Wald) interval, ...
    """
    from ...metrics import wilson_interval

    k, n = worst_recall
    p = k / n
    wald_low = p - 1.96 * math.sqrt(p * (1 - p) / n)
    q1 = numeric(
        "1 · The worst month's recall, with its interval by hand",
        f"In {worst_month} the app warned about {k:,} of {n:,} late flights. Compute the lower end of "
        "the 95% Wilson interval for that recall yourself, in a few lines of Python (z = 1.96), and "
        "compare it with `metrics.wilson_interval`. Answer with the lower end, as a fraction.",
        lambda: wilson_interval(k, n)[0],
        atol=5e-4,
        practice="by-hand",
        wrong_answers=[
            (
                lambda: wald_low,
                "That is the textbook (Wald) interval, p ± 1.96·√(p(1-p)/n). Wilson's "
                "centre moves towards 1/2 by z²/2n and its width has an extra z²/4n² term.",
            ),
            (lambda: p, "That is the recall itself, not the lower end of its interval."),
        ],
        hints=[
            "Wilson: centre = (p + z²/2n) / (1 + z²/n); half-width = z·√(p(1-p)/n + z²/4n²) / (1 + z²/n).",
            f"`p = {k} / {n}; z = 1.96; d = 1 + z**2 / {n}`, then "
            f"`(p + z**2 / (2 * {n})) / d - z * math.sqrt(p * (1 - p) / {n} + z**2 / (4 * {n}**2)) / d`",
        ],
        solution=lambda: (
            f"p = {p:.4f}; the Wilson interval is {wilson_interval(k, n)[0]:.4f} to "
            f"{wilson_interval(k, n)[1]:.4f}, the same as `metrics.wilson_interval({k}, {n})`. "
            f"With {n:,} late flights the Wald interval ({wald_low:.4f} at the low end) is "
            "almost the same; the two part for small samples and rates near 0 or 1."
        ),
    )

    return q1
