"""A guardrail assumption: what added latency does to conversion.

:func:`conversion_after_latency` applies an explicit, editable rule (a share of conversion lost per
100 ms) so a latency guardrail can be stated in conversions.
"""

from __future__ import annotations

import numpy as np

from .._checks import check_probability


# --------------------------------------------------------------------------- latency assumption
def conversion_after_latency(base_conversion: float, added_latency_ms, *, loss_per_100ms: float = 0.01) -> np.ndarray:
    """Conversion rate once checkout gets ``added_latency_ms`` slower (an explicit, editable assumption).

    Each extra 100 ms multiplies conversion by ``1 - loss_per_100ms`` (the
    default, 1% per 100 ms, is a commonly quoted rule of thumb, not a law:
    measure your own). Negative ``added_latency_ms`` (a faster checkout)
    raises conversion by the same rule.

    Parameters
    ----------
    base_conversion : float
        Today's conversion rate, a share in [0, 1].
    added_latency_ms : float or array-like of float
        Milliseconds added (negative: removed); NaN or infinite values are refused.
    loss_per_100ms : float, default 0.01
        Share of conversion lost per extra 100 ms, in [0, 1].

    Returns
    -------
    numpy.ndarray
        The conversion rate after each latency change, clipped to [0, 1] (0-d for a single number).

    Examples
    --------
    >>> round(float(conversion_after_latency(0.9, 150)), 4)
    0.8865
    >>> conversion_after_latency(0.9, [0, 100, -100]).round(4)
    array([0.9   , 0.891 , 0.9091])
    """
    base = check_probability(base_conversion, "base_conversion")
    loss = check_probability(loss_per_100ms, "loss_per_100ms")
    added = np.asarray(added_latency_ms, dtype=float)
    if np.isnan(added).any():
        raise ValueError("added_latency_ms contains NaN")
    if np.isinf(added).any():
        raise ValueError("added_latency_ms contains an infinite value; give the latency in milliseconds")
    return np.clip(base * (1 - loss) ** (added / 100.0), 0.0, 1.0)
