"""The drift figures' colour scale: :class:`DriftScale` and :func:`drift_scale`.

One scale colours a statistic the same way in every drift figure (the matplotlib heatmap, the HTML
table of the live dashboard): for distances, bands anchored to the alert threshold, warm at and past
it; for tests, the effect size on an even blue scale, the p-value rule being the cell outline.
"""

from __future__ import annotations

from bisect import bisect_right as _bisect_right
from dataclasses import dataclass as _dataclass

from ..palette import ACCENT, BAD, BLACK, NEUTRAL, WHITE
from .base import _mix

_MISSING = "#F2F2F2"  # a drift-table cell with no value


def _nice_ceiling(x: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least ``x``."""
    import math

    if not (x > 0 and math.isfinite(x)):
        return 1.0
    power = 10.0 ** math.floor(math.log10(x))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if step * power >= x * (1 - 1e-12):
            return step * power
    return 10.0 * power  # pragma: no cover - the loop always returns


_EFFECT_SIZE = {
    "ks": "effect size D, the largest gap between the CDFs (0-1)",
    "chi_square": "effect size, Cramér's V (0-1)",
}


@_dataclass(frozen=True)
class DriftScale:
    """How the drift figures colour one statistic.

    For distances (PSI, Jensen-Shannon, Wasserstein) the bands are anchored
    to the alert threshold ``t``: below ``t/2``, ``t/2`` to ``t`` (blues),
    ``t`` to ``2t``, ``2t`` to ``4t`` and ``4t`` or more (orange to dark red),
    so every colour at or past the alert line is warm. For PSI at the usual
    0.1 alert line this puts band edges at 0.1 and 0.2, the conventional
    moderate and major shifts. Tests (KS, chi-square) alert on a p-value, which
    says nothing about size: their cells show the effect size on an even blue
    scale and the p-value rule is the cell outline. Built by :func:`drift_scale`.

    ``band(value)`` is the index of the band holding a value (values past either end go to the first
    or last band; None for NaN), ``colour(value)`` its colour (light grey for a missing value),
    ``text_colour(value)`` black or white for text on that colour, ``band_labels()`` the legend text
    and ``cmap_norm()`` a matplotlib colormap and norm drawing exactly these bands.

    Parameters
    ----------
    statistic : str
        The statistic's canonical name (e.g. ``"psi"``).
    label : str
        What the colour measures, with its unit.
    edges : tuple of float
        Band limits, increasing.
    colours : tuple of str
        Hex colours, one per band; one more than the bounded bands when ``open_top``.
    threshold : float or None
        The alert threshold.
    rule : str
        The alert rule in words, e.g. ``">= 0.1"`` or ``"p < 0.05"``.
    open_top : bool
        True when the last colour covers every value from the last edge up.
    anchored : bool
        True when the bands are multiples of the alert threshold.

    Examples
    --------
    >>> from aipm_kit.palette import BAD, BLACK, WHITE
    >>> s = DriftScale("psi", "PSI", (0.0, 0.1, 0.2), (WHITE, BLACK, BAD), 0.1, ">= 0.1", True, True)
    >>> s.band(0.05), s.band(0.15), s.band(3.0), s.colour(3.0) == BAD
    (0, 1, 2, True)
    >>> s.band_labels(), s.text_colour(0.15) == WHITE
    (['0-0.1', '0.1-0.2', '0.2 or more'], True)
    """

    statistic: str
    label: str  # what the colour measures, with its unit
    edges: tuple[float, ...]  # band limits, increasing
    colours: tuple[str, ...]  # one per band; one more than the bounded bands when open_top
    threshold: float | None
    rule: str  # the alert rule, e.g. ">= 0.1" or "p < 0.05"
    open_top: bool
    anchored: bool  # True when the bands are multiples of the alert threshold

    def band(self, value: float) -> int | None:
        """Index of the band holding ``value`` (None for NaN)."""
        if value is None or value != value:
            return None
        i = _bisect_right(self.edges, float(value)) - 1
        return max(0, min(i, len(self.colours) - 1))

    def colour(self, value: float) -> str:
        i = self.band(value)
        return _MISSING if i is None else self.colours[i]

    def text_colour(self, value: float) -> str:
        colour = self.colour(value)
        r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
        return WHITE if 0.299 * r + 0.587 * g + 0.114 * b < 0.55 else BLACK

    def band_labels(self) -> list[str]:
        labels = [f"{self.edges[i]:.3g}-{self.edges[i + 1]:.3g}" for i in range(len(self.edges) - 1)]
        if self.open_top:
            labels.append(f"{self.edges[-1]:.3g} or more")
        return labels

    def cmap_norm(self):
        """A matplotlib colormap and norm drawing exactly these bands."""
        from matplotlib.colors import BoundaryNorm, ListedColormap

        bounded = len(self.edges) - 1
        cmap = ListedColormap(list(self.colours[:bounded]))
        if self.open_top:
            cmap = cmap.with_extremes(over=self.colours[-1])
        return cmap, BoundaryNorm(list(self.edges), bounded)


def drift_scale(
    stat: str, threshold: float | None = None, *, measure: str = "value", top: float | None = None
) -> DriftScale:
    """The colour scale for ``stat`` at alert ``threshold`` (default: the statistic's own).

    ``measure`` is what the cells hold (``value``, ``effect_size`` or
    ``p_value``, as in :meth:`aipm_kit.drift.PeriodHistograms.drift_table`);
    ``top`` is the largest value shown, which sets the effect-size scale of
    the tests.

    Parameters
    ----------
    stat : str
        A drift statistic known to :mod:`aipm_kit.drift` (``"psi"``, ``"ks"``...; aliases accepted).
    threshold : float, optional
        The alert threshold, checked by the drift module; by default the statistic's own.
    measure : {"value", "effect_size", "p_value"}, default "value"
        What the cells hold: ``"p_value"`` gives two bands split at the threshold; otherwise a distance
        gets threshold-anchored bands and a test four even bands of its effect size.
    top : float, optional
        The largest value shown (tests only): the effect-size scale runs to the next 1, 2, 2.5 or 5 times
        a power of ten at or above it (1.0 by default).

    Returns
    -------
    DriftScale
        The band edges, colours, label and alert rule.

    Examples
    --------
    >>> s = drift_scale("psi", 0.1)
    >>> s.edges, s.rule
    ((0.0, 0.05, 0.1, 0.2, 0.4), '>= 0.1')
    >>> s.colour(0.15) == ACCENT, s.colour(0.5) == s.colour(9.0)
    (True, True)
    >>> ks = drift_scale("ks", top=0.3)
    >>> ks.edges, ks.rule, ks.anchored
    ((0.0, 0.125, 0.25, 0.375, 0.5), 'p < 0.05', False)
    """
    from ..drift import STATISTICS, check_threshold, statistic_name

    name = statistic_name(stat)
    info = STATISTICS[name]
    t = check_threshold(name, info.default_threshold if threshold is None else threshold)
    rule = f"p < {t:g}" if info.on == "p_value" else f">= {t:g}"
    if measure == "p_value":
        return DriftScale(
            name, f"{info.label}: p-value", (0.0, t, 1.0), (BAD, _mix(NEUTRAL, WHITE, 0.85)), t, rule, False, True
        )
    if info.on == "value":
        edges = (0.0, t / 2, t, 2 * t, 4 * t)
        colours = (_mix(NEUTRAL, WHITE, 0.88), _mix(NEUTRAL, WHITE, 0.55), ACCENT, BAD, _mix(BAD, BLACK, 0.5))
        return DriftScale(name, f"{info.label}: {info.unit}", edges, colours, t, rule, True, True)
    top = _nice_ceiling(top if top is not None else 1.0)
    edges = tuple(top * k / 4 for k in range(5))
    colours = tuple(_mix(NEUTRAL, WHITE, s) for s in (0.9, 0.65, 0.35, 0.0))
    return DriftScale(name, f"{info.label}: {_EFFECT_SIZE.get(name, info.unit)}", edges, colours, t, rule, False, False)
