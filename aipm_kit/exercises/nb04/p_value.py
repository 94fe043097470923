"""Exercise 3: a tiny p-value on a huge sample; KS's D by hand and the call on retraining."""

from __future__ import annotations

import numpy as np

from .. import custom


def bind_traps(
    *,
    first,
    second,
    ks,
    psi,
    pair: str = "June against July",
    names: tuple = ("june", "july"),
    ks_name: str = "ks_jj",
    psi_ci=None,
    psi_ci_name: str = "psi_jj_ci",
):
    """Exercise 3: a tiny p-value on a huge sample. The learner computes KS's D (the size the p-value leaves out)
    by hand, compares it with the kit, and says whether to retrain.

    Parameters
    ----------
    first, second : Series
        The two months' values (missing values are dropped, as the kit's tests drop them).
    ks, psi : DriftResult
        ``drift.ks_test(first, second)`` and ``drift.psi(first, second)`` (the kit's numbers).
    pair : str
        The two months compared (for the prompt).
    names : (str, str)
        What the notebook calls the two Series (used in the prompt, hints and solution).
    ks_name : str
        What the notebook calls the kit's KS result (used in the prompt and feedback).
    psi_ci : (low, high), optional
        A 95% interval for the PSI (for flights, resampling whole days). Given, the call is read on it: the gap
        is stable only when the whole interval lies below the moderate band's line; an interval reaching the line
        is "not yet" either way (both calls are accepted, with what would settle it). Without it the point is
        read against the line (older callers).
    psi_ci_name : str
        What the notebook calls that interval (for the prompt).

    Returns
    -------
    Exercise
        ``q3``, a by-hand exercise answered with ``(D, retrain)``: D within 0.0005 of the kit's, and the call
        the PSI supports (no retraining when the gap is stable), with feedback for D in points and for D
        computed with the missing values still counted.

    Raises
    ------
    ValueError
        When ``psi_ci`` does not contain the PSI.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from aipm_kit import drift
    >>> rng = np.random.default_rng(0)
    >>> june, july = pd.Series(rng.normal(10, 5, 5_000)), pd.Series(rng.normal(10.4, 5, 5_000))
    >>> ks, psi = drift.ks_test(june, july), drift.psi(june, july)
    >>> q3 = bind_traps(first=june, second=july, ks=ks, psi=psi, ks_name="ks")
    >>> q3.check((round(ks.statistic, 4), False))
    [3 · Act on a tiny p-value?] Correct: Right: D = 0.0598: at no delay do the two months' cumulative shares
    differ by more than 6.0 points, and the PSI is 0.0138 (stable by the kit's bands). The p-value is tiny
    because the samples are huge; a gap this small is no reason to retrain. Monitor a sized distance against a
    stated line, not a p-value.
    >>> q3.check((round(ks.statistic, 4), True))
    [3 · Act on a tiny p-value?] Not yet: Your D is right, but not the call. ... gives p = 3.3e-08; it says the
    gap is unlikely to be chance, not that it is big enough to act on.
    """
    from ...drift import PSI_MODERATE, psi_band

    d = float(ks.statistic)
    if psi_ci is not None:
        ci_low, ci_high = (float(v) for v in psi_ci)
        if not ci_low <= float(psi.statistic) <= ci_high:
            raise ValueError(f"psi_ci must contain the PSI {psi.statistic!r}, got {psi_ci!r}")
        stable, past = ci_high < PSI_MODERATE, ci_low >= PSI_MODERATE
        band_text = f"95% over days {ci_low:.4f} to {ci_high:.4f}: " + (
            f"stable on its whole interval, below the moderate band's line {PSI_MODERATE:g}"
            if stable
            else f"past the stable band on its whole interval (line {PSI_MODERATE:g})"
            if past
            else f"the interval reaches the moderate band's line {PSI_MODERATE:g}, so no band call is made"
        )
    else:
        stable = psi.statistic < PSI_MODERATE
        past = not stable
        band_text = f"{psi_band(psi.statistic)} by the kit's bands"
    x, y = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    n_x, n_y = len(x), len(y)  # with the missing values still counted: a common slip
    x, y = np.sort(x[~np.isnan(x)]), np.sort(y[~np.isnan(y)])
    grid = np.union1d(x, y)
    with_missing = float(
        np.abs(np.searchsorted(x, grid, side="right") / n_x - np.searchsorted(y, grid, side="right") / n_y).max()
    )
    size_text = (
        f"D = {d:.4f}: at no delay do the two months' cumulative shares differ by more than "
        f"{100 * d:.1f} points, and the PSI is {psi.statistic:.4f} ({band_text})"
    )

    def parse_call(value):
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        text = str(value).strip().lower()
        return {"yes": True, "retrain": True, "true": True, "no": False, "false": False}.get(text)

    def check(answer):
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            return False, "Answer with a pair: `(D, retrain)`, for example `(0.05, False)`."
        try:
            value = float(answer[0])
        except (TypeError, ValueError):
            return False, "D is a number: the largest gap between the two cumulative shares, as a share."
        call = parse_call(answer[1])
        if call is None:
            return False, "The second part is `True` (treat it as drift and retrain) or `False` (do not)."
        if abs(value - d) > 0.0005:
            if abs(value - 100 * d) <= 0.05:
                return False, f"That is D in points; answer it as a share, {value / 100:.4f}."
            if abs(value - with_missing) <= 0.0005:
                return False, (
                    "That counts the cancelled flights (no delay) in each month's total; drop them "
                    "first (`.dropna()`), as the kit's test does."
                )
            return False, (
                f"Not the kit's D ({ks_name}.statistic). For every delay x, take the share of each month's "
                "flights delayed by at most x; D is the largest absolute difference of the two shares."
            )
        if stable and call:
            return False, (
                f"Your D is right, but not the call. {size_text}. For a fixed, non-zero gap the p-value "
                "shrinks as the sample size grows, so with tens of thousands of rows a gap this small "
                f"gives p = {ks.pvalue:.2g}; it says the gap is unlikely to be chance, not that it is "
                "big enough to act on."
            )
        if stable:
            return True, (
                f"Right: {size_text}. The p-value is tiny because the samples are huge; a gap this "
                "small is no reason to retrain. Monitor a sized distance against a stated line, not a "
                "p-value."
            )
        if past:
            return True, (
                f"Defensible: {size_text}, so the gap is not tiny. Whether to retrain turns on its size "
                "against the line the team set, not on the p-value."
            )
        return True, (
            f"Accepted, as a call that is not yet settled: {size_text}. Neither 'stable' nor 'drift' is "
            "shown; more days in each month would narrow the interval. Whatever you do, decide on the "
            "PSI against its line, not on the p-value."
        )

    return custom(
        "3 · Act on a tiny p-value?",
        f"A dashboard that alerts when KS's p-value is below 0.05 fires on {pair} departure delays: p = "
        f"{ks.pvalue:.2g} on {ks.n_reference:,} and {ks.n_current:,} flights. The p-value does not say how big the "
        "gap is; KS's D does. For every delay x, take the share of each month's flights delayed by at most x "
        "minutes; D is the largest absolute difference between the two months' shares. Compute D yourself in a "
        f"few lines of numpy from `{names[0]}` and `{names[1]}` (cancelled flights have no delay: drop them), compare "
        f"it with the kit's `{ks_name}.statistic`, then answer `(D, retrain)`: D as a share, and `True` if you would "
        "tell the team to treat this as drift and retrain, `False` if not"
        + (
            f". To size the gap against the kit's bands, `{psi_ci_name}` holds the 95% interval over days (whole days "
            "resampled, as in section 2) of the two months' PSI."
            if psi_ci is not None
            else "."
        ),
        check,
        hints=[
            f"`x = np.sort({names[0]}.dropna())`, the same for `{names[1]}`; `grid = np.union1d(x, y)`; "
            "`np.searchsorted(x, grid, side='right') / len(x)` is the share of the first month at or below each "
            "delay.",
            "D is `np.abs(share_x - share_y).max()`. A gap of a few points of cumulative share: is that a change "
            "worth a retraining, whatever the p-value?",
        ],
        solution=(
            f"`x, y = np.sort({names[0]}.dropna()), np.sort({names[1]}.dropna())`, `grid = np.union1d(x, y)`, "
            "`np.abs(np.searchsorted(x, grid, side='right') / len(x) - np.searchsorted(y, grid, "
            f"side='right') / len(y)).max()` = {d:.4f}, the kit's D. {size_text}. "
            + (
                "Do not retrain: `(D, False)`. The p-value is small because the samples are huge."
                if stable
                else "Past the stable band: either call is defensible, judged on the size against the team's "
                "line, not on the p-value."
                if past
                else "Not yet either way: the PSI's interval reaches the line, so either call is accepted; "
                "more days would settle it."
            )
        ),
        practice="by-hand",
    )
