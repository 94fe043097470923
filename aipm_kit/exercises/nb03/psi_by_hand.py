"""Exercise 4: the PSI of one numeric input computed by hand, against :func:`aipm_kit.drift.psi`.

The decile bins of the reference, each sample's share per bin, and the index, with the usual slips
(one side of the sum, shares in percent, bins cut on the current sample) recognised and explained.
"""

from __future__ import annotations

import numpy as np

from ... import drift
from .. import numeric


def _psi(ref_shares: np.ndarray, cur_shares: np.ndarray) -> float:
    return float(np.sum((cur_shares - ref_shares) * np.log(cur_shares / ref_shares)))


def _shares(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    return np.bincount(np.searchsorted(edges, values), minlength=len(edges) + 1) / len(values)


def bind_psi(*, reference, current, month="one live month"):
    """Exercise 4: the PSI of one numeric input by hand, against :func:`aipm_kit.drift.psi`.

    ``reference`` and ``current`` are the two samples of the input (numbers, no missing values);
    ``month`` names the current sample's month in the prompt (e.g. ``"May"``).

    Parameters
    ----------
    reference : array-like of float
        The reference sample: one-dimensional, at least 10 values, no missing value.
    current : array-like of float
        The current sample, with the same requirements.
    month : str, optional
        The current sample's month, as the prompt names it (non-empty); default ``"one live month"``.

    Returns
    -------
    Exercise
        ``q4``, a by-hand numeric exercise: right within 1e-4 of :func:`aipm_kit.drift.psi`, with feedback for
        one side of the sum, shares in percent, and bins cut at the current sample's deciles.

    Raises
    ------
    ValueError
        When a sample is too short, holds a missing value, or leaves a decile bin empty.

    Examples
    --------
    >>> import numpy as np
    >>> reference = np.arange(1, 101, dtype=float)  # deciles 10, 20, ..., 90: 10% per bin
    >>> current = np.repeat([5.0, 15.0, 25.0, 35.0, 45.0, 55.0, 65.0, 75.0, 85.0, 95.0],
    ...                     [20, 5, 10, 10, 10, 10, 10, 10, 10, 5])
    >>> q4 = bind_psi(reference=reference, current=current, month="May")
    >>> q4.check(0.2 * np.log(2))  # (0.2 - 0.1) ln 2 + 2 (0.05 - 0.1) ln 0.5
    [4 · The PSI of the amount, by hand] Correct: 0.13863 is right.
    >>> q4.check(100 * 0.2 * np.log(2)).message
    'That is the PSI of shares given in percent (0 to 100); use shares between 0 and 1, as the bands 0.1 and 0.2 assume.'
    """
    if not isinstance(month, str) or not month.strip():
        raise TypeError(f"month must be a non-empty string, got {month!r}")
    ref = np.asarray(reference, dtype=float)
    cur = np.asarray(current, dtype=float)
    if ref.ndim != 1 or cur.ndim != 1 or len(ref) < 10 or len(cur) < 10:
        raise ValueError("reference and current must be 1-D samples of at least 10 values")
    if np.isnan(ref).any() or np.isnan(cur).any():
        raise ValueError("reference and current must hold no missing values")
    kit = drift.psi(ref, cur).statistic
    deciles = np.quantile(ref, np.arange(1, 10) / 10, method="inverted_cdf")
    r, c = _shares(ref, deciles), _shares(cur, deciles)
    if (r == 0).any() or (c == 0).any():
        raise ValueError("a decile bin is empty: give samples with more distinct values")
    on_current = np.quantile(cur, np.arange(1, 10) / 10, method="inverted_cdf")
    r_cur, c_cur = _shares(ref, on_current), _shares(cur, on_current)
    one_sided = float(np.sum(c * np.log(c / r)))
    slips = [
        (
            one_sided,
            "That is only the sum of current × ln(current / reference), one side of the index. PSI "
            "weighs the *difference* of shares: (current − reference) × ln(current / reference).",
        ),
        (
            100 * kit,
            "That is the PSI of shares given in percent (0 to 100); use shares between 0 and 1, "
            f"as the bands {drift.PSI_MODERATE:g} and {drift.PSI_MAJOR:g} assume.",
        ),
    ]
    if (r_cur > 0).all() and (c_cur > 0).all():  # bins cut on the current sample (each bin must hold some of both)
        slips.insert(
            0,
            (
                _psi(r_cur, c_cur),
                "Close, but those bins are cut at the deciles of the *current* sample. PSI measures the "
                "current month against the reference, so the bins are the reference's deciles (each holds "
                "10% of it).",
            ),
        )

    return numeric(
        "4 · The PSI of the amount, by hand",
        f"The dashboard's PSI panel compares the amount of each day with `reference_amounts` ({len(ref):,} "
        f"simulated payments of months 1-2). Compute the PSI of `current_amounts` (the {len(cur):,} simulated "
        f"payments of {month}, "
        "a whole month, where each day of the panel holds only one day's payments) against `reference_amounts` in a few lines of numpy: cut ten bins at the deciles of the "
        "**reference**, take each sample's share per bin, and sum (current share − reference share) × "
        "ln(current share / reference share). Compare your number with `drift.psi(reference_amounts, "
        "current_amounts).statistic` and with the bands `drift.PSI_MODERATE` and `drift.PSI_MAJOR`.",
        kit,
        atol=1e-4,
        fmt="{:.5f}",
        hints=[
            "`edges = np.quantile(reference_amounts, np.arange(1, 10) / 10)` gives the nine inner cut points; "
            "`np.searchsorted(edges, values)` gives each value's bin (0 to 9).",
            "`np.bincount(bins, minlength=10) / len(values)` gives the shares; then "
            "`np.sum((cur - ref) * np.log(cur / ref))`.",
        ],
        solution=lambda: (
            '`edges = np.quantile(reference_amounts, np.arange(1, 10) / 10, method="inverted_cdf")`; '
            "`ref = np.bincount(np.searchsorted(edges, reference_amounts), minlength=10) / len(reference_amounts)`; "
            "the same for `cur`; `psi = np.sum((cur - ref) * np.log(cur / ref))` = "
            f"{_psi(r, c):.5f}, which is `drift.psi`'s {kit:.5f} (the kit cuts at the same inverted-CDF "
            "deciles; numpy's default interpolated deciles move the answer in the fifth decimal at most here). "
            f"That is far below {drift.PSI_MODERATE:g}: the amount's distribution is stable, whatever else changed."
        ),
        wrong_answers=slips,
        practice="by-hand",
    )
