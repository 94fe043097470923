"""The wording the audiences' texts share: percentages, money to the thousand, months, the simulated-data note.

Small text helpers, one number or one result in, a fragment of a sentence out, so every text words a number the
same way. They read a :class:`~aipm_kit.communicate.result.ModelResult`'s fields but never import it (the result
module uses ``_pct`` for its own repr, so this module stays below it).
"""

from __future__ import annotations

import math

from ..formatting import format_money as _money


def _pct(x: float) -> str:
    return f"{x:.1%}"


def _money_k(x: float) -> str:
    """Dollars to the nearest thousand for a reader who decides on them: ``$43k``, ``-$5k`` (small sums whole)."""
    if abs(x) < 1_000:
        return _money(x)
    return f"{'-' if x < 0 else ''}${abs(x) / 1_000:,.0f}k"


def _months(x: float) -> str:
    return "never" if math.isinf(x) else f"{x:.1f} months"


def _sim(r: ModelResult) -> str:  # noqa: F821 (ModelResult lives in .result, which imports this module)
    """The heading's note that the numbers come from simulated data (empty for real data)."""
    return " (simulated data)" if r.simulated else ""


def _band_split(r: ModelResult) -> str:  # noqa: F821 (as above)
    """How the uncertain band's reviews split into held alerts and payments reviewed after they go through."""
    if r.band_reviews_per_week <= 0:
        return ""
    return (
        f": those at or above the threshold ({r.low_confidence_per_week - r.band_reviews_per_week:,.0f} a week) "
        f"are alerts and held; the {r.band_reviews_per_week:,.0f} a week below it are not held: they go through "
        "and are reviewed after payment"
    )
