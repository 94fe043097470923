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
    """
    if not isinstance(month, str) or not month.strip():
        raise TypeError(f"month must be a non-empty string, got {month!r}")
    ref = np.asarray(reference, dtype=float)
    cur = np.asarray(current, dtype=float)
    if ref.ndim != 1 or cur.ndim != 1 or len(ref) < 10 or len(cur) < 10:
        raise ValueError("reference and current must be 1-D samples of at least 10 values")
    if np.isnan(ref).any() or np.isnan(cur).any():
        raise ValueError("reference and current must hold no missing values")
    kit = drift.psi(ref, cur).value
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
        "current_amounts).value` and with the bands `drift.PSI_MODERATE` and `drift.PSI_MAJOR`.",
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
