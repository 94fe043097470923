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
    """What a statistic measures and how its threshold is read.

    Parameters
    ----------
    name : str
        The canonical name, the key in :data:`STATISTICS`.
    label : str
        The name shown in tables and figures (``"PSI"``, ``"KS"``, ...).
    on : str
        What the threshold is applied to by default: ``"value"`` (drifted when the statistic is at or over
        the threshold) or ``"p_value"`` (drifted when the p-value is under it).
    default_threshold : float
        The alert threshold used when none is given.
    threshold_range : tuple of float
        The range a sensible threshold lies in.
    numeric, categorical : bool
        Whether the statistic works on numbers and on categories.
    unit : str
        What the statistic's number is, in words.

    Examples
    --------
    >>> from aipm_kit.drift import STATISTICS
    >>> info = STATISTICS["ks"]
    >>> info.label, info.on, info.default_threshold, info.categorical
    ('KS', 'p_value', 0.05, False)
    """

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
    """The canonical name of ``stat`` (accepts aliases such as ``"js"`` or ``"chi2"``).

    Parameters
    ----------
    stat : str
        A statistic's name or alias, in any case (``"PSI"``, ``"ks_test"``, ``"js"``, ``"emd"``, ...).
        Anything else is refused with ``ValueError`` naming the five statistics.

    Returns
    -------
    str
        The key of :data:`STATISTICS`.

    Examples
    --------
    >>> statistic_name("JS"), statistic_name("chi2"), statistic_name("emd")
    ('jensen_shannon', 'chi_square', 'wasserstein')
    """
    if not isinstance(stat, str) or stat.lower() not in _ALIASES:
        raise ValueError(f"stat must be one of {sorted(STATISTICS)}, got {stat!r}")
    return _ALIASES[stat.lower()]


def check_threshold(stat: str, threshold, *, on: str | None = None, scale: str | None = "reference_std") -> float:
    """Validate an alert threshold for ``stat``; returns it as a float.

    p-value thresholds must lie in (0, 1); Jensen-Shannon distances (base 2) in
    (0, 1]; KS on its statistic D in (0, 1]; PSI and Wasserstein thresholds must be positive and finite.

    Parameters
    ----------
    stat : str
        The statistic's name or alias (see :func:`statistic_name`).
    threshold : float
        The threshold to check. Not a number: ``TypeError``; NaN or out of range: ``ValueError``.
    on : str, optional
        ``"value"`` or ``"p_value"``: what the threshold applies to; by default the statistic's own rule
        (:attr:`StatisticInfo.on`).
    scale : str or None, default "reference_std"
        Wasserstein's scale; accepted for a uniform call and not used by the check.

    Returns
    -------
    float
        ``threshold`` as a float.

    Examples
    --------
    >>> check_threshold("psi", 0.25)
    0.25
    >>> check_threshold("ks", 0.1, on="value")
    0.1
    >>> check_threshold("ks", 5)
    Traceback (most recent call last):
    ...
    ValueError: threshold for KS is a p-value cut-off and must be in (0, 1), got 5.0
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
