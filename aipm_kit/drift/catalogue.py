"""The five drift statistics by name: what each measures, its aliases and how its threshold is read.

:data:`STATISTICS` describes each statistic (:class:`StatisticInfo`); :func:`statistic_name`
turns an alias into the canonical name and :func:`check_threshold` validates an alert threshold.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .bands import PSI_MAJOR


@dataclass(frozen=True)
class StatisticInfo:
    """What a statistic measures and how its threshold is read."""

    name: str
    label: str
    on: str  # "value" (drifted if value >= threshold) or "p_value" (p < threshold)
    default_threshold: float
    threshold_range: tuple[float, float]  # the range a sensible threshold lies in
    numeric: bool
    categorical: bool
    unit: str


#: The five statistics, by canonical name.
STATISTICS: dict[str, StatisticInfo] = {
    "psi": StatisticInfo("psi", "PSI", "value", PSI_MAJOR, (0.0, math.inf), True, True, "population stability index"),
    "ks": StatisticInfo(
        "ks", "KS", "p_value", 0.05, (0.0, 1.0), True, False, "KS statistic D (largest gap between the two CDFs)"
    ),
    "chi_square": StatisticInfo(
        "chi_square", "Chi-square", "p_value", 0.05, (0.0, 1.0), True, True, "chi-square statistic"
    ),
    "jensen_shannon": StatisticInfo(
        "jensen_shannon", "Jensen-Shannon", "value", 0.1, (0.0, 1.0), True, True, "Jensen-Shannon distance"
    ),
    "wasserstein": StatisticInfo(
        "wasserstein",
        "Wasserstein",
        "value",
        0.1,
        (0.0, math.inf),
        True,
        False,
        "Wasserstein distance (reference std units)",
    ),
}

_ALIASES = {
    "psi": "psi",
    "population_stability_index": "psi",
    "ks": "ks",
    "ks_test": "ks",
    "kolmogorov_smirnov": "ks",
    "chi_square": "chi_square",
    "chi2": "chi_square",
    "chisquare": "chi_square",
    "chi-square": "chi_square",
    "jensen_shannon": "jensen_shannon",
    "js": "jensen_shannon",
    "jensenshannon": "jensen_shannon",
    "jensen-shannon": "jensen_shannon",
    "wasserstein": "wasserstein",
    "emd": "wasserstein",
    "earth_movers": "wasserstein",
}


def statistic_name(stat: str) -> str:
    """The canonical name of ``stat`` (accepts aliases such as ``"js"`` or ``"chi2"``)."""
    if not isinstance(stat, str) or stat.lower() not in _ALIASES:
        raise ValueError(f"stat must be one of {sorted(STATISTICS)}, got {stat!r}")
    return _ALIASES[stat.lower()]


def check_threshold(stat: str, threshold, *, on: str | None = None, scale: str | None = "reference_std") -> float:
    """Validate an alert threshold for ``stat``; returns it as a float.

    p-value thresholds must lie in (0, 1); Jensen-Shannon distances (base 2) in
    (0, 1]; PSI and standardised Wasserstein thresholds must be positive.

    Examples
    --------
    >>> check_threshold("psi", 0.25)
    0.25
    """
    name = statistic_name(stat)
    info = STATISTICS[name]
    try:
        value = float(threshold)
    except (TypeError, ValueError):
        raise TypeError(f"threshold for {info.label} must be a number, got {threshold!r}") from None
    on = on or info.on
    if math.isnan(value):
        raise ValueError(f"threshold for {info.label} must be a number, got NaN")
    if on == "p_value":
        if not 0 < value < 1:
            raise ValueError(f"threshold for {info.label} is a p-value cut-off and must be in (0, 1), got {value}")
    elif name == "jensen_shannon":
        if not 0 < value <= 1:
            raise ValueError(f"threshold for {info.label} must be in (0, 1] (a base-2 JS distance), got {value}")
    elif name == "ks" and on == "value":
        if not 0 < value <= 1:
            raise ValueError(f"threshold for KS on its statistic D must be in (0, 1], got {value}")
    elif not (value > 0 and math.isfinite(value)):
        raise ValueError(f"threshold for {info.label} must be a positive finite number, got {value}")
    return value
