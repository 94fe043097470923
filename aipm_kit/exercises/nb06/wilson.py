"""Exercise 1 of notebook 06: the 95% Wilson interval of recall on the sarcastic slice, by hand.

The checker compares the learner's pair with the kit's interval and recognises the two usual slips, the Wald
interval and the 90% Wilson interval.
"""

from __future__ import annotations

import math

from .. import _as_number, custom
from .._answers import pair


def bind_case(*, slice_table):
    """Exercise 1 (by hand): the 95% Wilson interval of recall on the sarcastic slice.

    ``slice_table`` comes from :func:`aipm_kit.interview.metrics_by_slice` with a ``caught``
    column (complaints caught per slice).

    The answer is the pair ``(low, high)``, in either order; each end counts within 0.002 of the kit's
    :func:`~aipm_kit.metrics.wilson_interval`. The Wald interval and the 90% Wilson interval get their own feedback.

    Parameters
    ----------
    slice_table : pandas.DataFrame
        One row a slice, with a ``"sarcastic"`` row holding ``positives`` (the complaints in the slice) and
        ``caught`` (those the model caught).

    Returns
    -------
    Exercise
        A by-hand exercise, ``"1 · A Wilson interval by hand"``.

    Examples
    --------
    The model caught 14 of the 40 sarcastic complaints; the 95% Wilson interval is 0.221 to 0.505.

    >>> import pandas as pd
    >>> q = bind_case(slice_table=pd.DataFrame({"positives": [40], "caught": [14]}, index=["sarcastic"]))
    >>> q.check((0.221, 0.505)).correct
    True
    >>> q.check((0.202, 0.498))                      # p +/- 1.96 sqrt(p(1-p)/n)
    [1 · A Wilson interval by hand] Not yet: That is the Wald interval, p ± 1.96·sqrt(p(1−p)/n): centred on p and
    too narrow on small samples. Wilson's centre is (p + z²/2n)/(1 + z²/n), its half-width
    z·sqrt(p(1−p)/n + z²/4n²)/(1 + z²/n).
    >>> q.check(0.3)
    [1 · A Wilson interval by hand] Not yet: That answer could not be checked: answer with a pair (low, high)
    """
    from ...metrics import wilson_interval

    k = int(slice_table.loc["sarcastic", "caught"])
    n = int(slice_table.loc["sarcastic", "positives"])
    p = k / n
    kit = wilson_interval(k, n)
    wald = (p - 1.96 * math.sqrt(p * (1 - p) / n), p + 1.96 * math.sqrt(p * (1 - p) / n))
    ninety = wilson_interval(k, n, confidence=0.90)

    def checker(answer):
        low, high = sorted(_as_number(x) for x in pair(answer, "(low, high)"))
        close = lambda a, b: abs(a[0] - b[0]) <= 0.002 and abs(a[1] - b[1]) <= 0.002  # noqa: E731
        if close((low, high), kit):
            return True, (
                f"{low:.3f} to {high:.3f} matches the kit's `wilson_interval({k}, {n})`. It is not "
                f"centred on {p:.3f}: Wilson pulls the centre towards one half, which keeps the interval "
                "inside 0 to 1 and honest on small slices."
            )
        if close((low, high), wald):
            return False, (
                "That is the Wald interval, p ± 1.96·sqrt(p(1−p)/n): centred on p and too narrow on "
                "small samples. Wilson's centre is (p + z²/2n)/(1 + z²/n), its half-width "
                "z·sqrt(p(1−p)/n + z²/4n²)/(1 + z²/n)."
            )
        if close((low, high), ninety):
            return False, "That is the 90% Wilson interval (z = 1.645); the question asks for 95% (z = 1.96)."
        return False, (
            f"{low:.3f} to {high:.3f} is not the 95% Wilson interval for {k} of {n}. Check p = k/n, "
            "z = 1.96 and the z²/n terms, or ask for `hint()`."
        )

    return custom(
        "1 · A Wilson interval by hand",
        f"The model caught {k} of the {n} sarcastic complaints. Compute the 95% Wilson interval of that recall "
        "yourself in a few lines of numpy, then compare it with `wilson_interval(k, n)` from `aipm_kit.metrics`. "
        "Answer with the pair `(low, high)`.",
        checker,
        hints=[
            "p = k / n and z = 1.96. The Wilson interval's centre is (p + z²/(2n)) / (1 + z²/n).",
            "Half-width: z · sqrt(p(1−p)/n + z²/(4n²)) / (1 + z²/n); the interval is centre ± half-width.",
        ],
        solution=lambda: (
            f"p = {k}/{n} = {p:.3f}; centre {(p + 1.96**2 / (2 * n)) / (1 + 1.96**2 / n):.3f}; "
            f"interval {kit[0]:.3f} to {kit[1]:.3f}, the kit's number. The Wald interval, "
            f"{wald[0]:.3f} to {wald[1]:.3f}, is centred on p and narrower than the evidence allows "
            f"on {n} cases."
        ),
        practice="by-hand",
    )
